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
    // The file keeps lists in id order; the loaded workspace keeps the order they were written in.
    let mut expected = workspace;
    expected.organizations.sort_by(|a, b| a.id.cmp(&b.id));
    expected.ownerships.sort_by(|a, b| a.id.cmp(&b.id));
    expected.locations.sort_by(|a, b| a.id.cmp(&b.id));
    expected.tenants.sort_by(|a, b| a.id.cmp(&b.id));
    expected.relationships.sort_by(|a, b| a.id.cmp(&b.id));
    expected.subscriptions.sort_by(|a, b| a.id.cmp(&b.id));
    // Compared as debug text, where a NaN position equals itself.
    assert_eq!(
        format!("{again:?}"),
        format!("{expected:?}"),
        "the saved text loads to another workspace\n{saved}"
    );
    let resaved = csp_studio::io::to_canonical_string(&again).expect("saves again");
    assert_eq!(saved, resaved, "saving is not stable");
});
