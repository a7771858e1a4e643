//! Whatever loads can be checked and saved, and the saved text loads back to the same workspace
//! and saves to the same bytes.
#![no_main]

use std::path::Path;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(workspace) = csp_studio::io::load_str(text, Path::new("fuzz.ron")) else {
        return;
    };
    let _ = csp_studio::rules::check(&workspace);
    let saved = csp_studio::io::to_canonical_string(&workspace).expect("a loaded workspace saves");
    let again = csp_studio::io::load_str(&saved, Path::new("saved.ron"))
        .unwrap_or_else(|e| panic!("saved text does not load: {e}\n{saved}"));
    assert!(again == workspace, "the saved text loads to another workspace\n{saved}");
    let resaved = csp_studio::io::to_canonical_string(&again).expect("saves again");
    assert_eq!(saved, resaved, "saving is not stable");
});
