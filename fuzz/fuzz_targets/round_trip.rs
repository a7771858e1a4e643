//! Whatever loads can be checked and saved, and the saved text loads back to the same workspace
//! (in the file's id order) and saves to the same bytes.
#![no_main]

use std::path::Path;

use csp_studio::io::{load_str, to_canonical_string};
use csp_studio::model::Workspace;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let Ok(workspace) = load_str(text, Path::new("fuzz.ron")) else {
        return;
    };
    let _ = csp_studio::rules::check(&workspace);
    let saved = to_canonical_string(&workspace).expect("a loaded workspace saves");
    let again = load_str(&saved, Path::new("saved.ron"))
        .unwrap_or_else(|e| panic!("saved text does not load: {e}\n{saved}"));
    let resaved = to_canonical_string(&again).expect("saves again");
    assert_eq!(saved, resaved, "saving is not stable");
    // Equal as values; a NaN position never equals itself, so those are compared by id.
    let (again_nan, again) = without_nan_positions(again);
    let (expected_nan, expected) = without_nan_positions(in_file_order(workspace));
    assert_eq!(again_nan, expected_nan, "NaN positions differ\n{saved}");
    assert!(
        again == expected,
        "the saved text loads to another workspace\n{saved}"
    );
});

/// The file keeps lists in id order; a loaded workspace keeps the order they were written in.
fn in_file_order(mut ws: Workspace) -> Workspace {
    ws.organizations.sort_by(|a, b| a.id.cmp(&b.id));
    ws.ownerships.sort_by(|a, b| a.id.cmp(&b.id));
    ws.locations.sort_by(|a, b| a.id.cmp(&b.id));
    ws.tenants.sort_by(|a, b| a.id.cmp(&b.id));
    ws.relationships.sort_by(|a, b| a.id.cmp(&b.id));
    ws.subscriptions.sort_by(|a, b| a.id.cmp(&b.id));
    ws
}

/// Takes out the positions holding a NaN, returning their ids.
fn without_nan_positions(mut ws: Workspace) -> (Vec<String>, Workspace) {
    let nan = |p: &csp_studio::model::Position| p.x.is_nan() || p.y.is_nan();
    let ids = ws
        .positions
        .iter()
        .filter(|(_, p)| nan(p))
        .map(|(id, _)| id.to_string())
        .collect();
    ws.positions.retain(|_, p| !nan(p));
    (ids, ws)
}
