//! What the fuzz targets in `fuzz/` check, run in every `cargo test`: each input the fuzzers ever
//! found a crash with (kept in `tests/fixtures/fuzz/`) goes through load, check and the save round
//! trip without a panic; and, for machines where fuzzing cannot run, random bytes and randomly
//! damaged valid files go the same way.

use std::fs;
use std::path::{Path, PathBuf};

use csp_studio::io::{load_str, to_canonical_string};
use csp_studio::model::Workspace;
use proptest::prelude::*;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The workspace as the file keeps it: lists in id order.
fn in_file_order(mut ws: Workspace) -> Workspace {
    ws.organizations.sort_by(|a, b| a.id.cmp(&b.id));
    ws.ownerships.sort_by(|a, b| a.id.cmp(&b.id));
    ws.locations.sort_by(|a, b| a.id.cmp(&b.id));
    ws.tenants.sort_by(|a, b| a.id.cmp(&b.id));
    ws.relationships.sort_by(|a, b| a.id.cmp(&b.id));
    ws.subscriptions.sort_by(|a, b| a.id.cmp(&b.id));
    ws
}

/// The round-trip target's body: load; if it loads, check, save, load the saved text back to the
/// same workspace and save it again to the same bytes. Returns why it failed, if it did.
fn round_trip(bytes: &[u8]) -> Result<(), String> {
    let Ok(text) = std::str::from_utf8(bytes) else {
        return Ok(());
    };
    let Ok(workspace) = load_str(text, Path::new("input.ron")) else {
        return Ok(());
    };
    let _ = csp_studio::rules::check(&workspace);
    let saved = to_canonical_string(&workspace).map_err(|e| format!("cannot save: {e}"))?;
    let again = load_str(&saved, Path::new("saved.ron"))
        .map_err(|e| format!("the saved text does not load: {e}"))?;
    let resaved = to_canonical_string(&again).map_err(|e| format!("cannot save again: {e}"))?;
    if resaved != saved {
        return Err("saving again gives other bytes".into());
    }
    // Equal as values; a NaN position never equals itself, so those are compared by id. (Debug
    // text would not do: the region table's index is a hash map, printed in any order.)
    let (again_nan, again) = without_nan_positions(again);
    let (expected_nan, expected) = without_nan_positions(in_file_order(workspace));
    if again_nan != expected_nan || again != expected {
        return Err("the saved text loads to another workspace".into());
    }
    Ok(())
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

fn files_in(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = fs::read_dir(dir)
        .map(|entries| {
            entries
                .map(|e| e.expect("entry").path())
                .filter(|p| p.is_file())
                .collect()
        })
        .unwrap_or_default();
    files.sort();
    files
}

#[test]
fn every_fuzz_finding_loads_checks_and_round_trips_without_a_panic() {
    for path in files_in(&root().join("tests/fixtures/fuzz")) {
        let bytes = fs::read(&path).expect("read");
        let outcome = std::panic::catch_unwind(|| round_trip(&bytes));
        match outcome {
            Ok(Ok(())) => {}
            Ok(Err(why)) => panic!("{}: {why}", path.display()),
            Err(_) => panic!("{}: panicked", path.display()),
        }
    }
}

/// Valid files the damage starts from: the samples, scenarios and good fixtures.
fn seeds() -> Vec<Vec<u8>> {
    let mut files = files_in(&root().join("assets/samples"));
    files.extend(files_in(&root().join("assets/scenarios")));
    files.extend(files_in(&root().join("tests/fixtures/good")));
    files
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "ron"))
        .map(|p| fs::read(p).expect("read"))
        .collect()
}

#[derive(Debug, Clone)]
enum Damage {
    Flip { at: usize, byte: u8 },
    Delete { at: usize, len: usize },
    Duplicate { at: usize, len: usize },
    Truncate { at: usize },
    Insert { at: usize, text: &'static str },
}

fn damage() -> impl Strategy<Value = Damage> {
    let tokens = prop::sample::select(vec![
        "(", ")", "[", "]", "{", "}", ",", ":", "\"", "/*", "*/", "//", "\\", "Some(", "None",
        "-1", "1e999", "NaN", "inf", "r#\"", "#", "\u{feff}", "\u{0}", "ü", "\n",
    ]);
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(at, byte)| Damage::Flip { at, byte }),
        (any::<usize>(), 1..64usize).prop_map(|(at, len)| Damage::Delete { at, len }),
        (any::<usize>(), 1..256usize).prop_map(|(at, len)| Damage::Duplicate { at, len }),
        any::<usize>().prop_map(|at| Damage::Truncate { at }),
        (any::<usize>(), tokens).prop_map(|(at, text)| Damage::Insert { at, text }),
    ]
}

fn apply(bytes: &mut Vec<u8>, damage: &Damage) {
    if bytes.is_empty() {
        return;
    }
    let n = bytes.len();
    match *damage {
        Damage::Flip { at, byte } => bytes[at % n] = byte,
        Damage::Delete { at, len } => {
            let at = at % n;
            bytes.drain(at..(at + len).min(n));
        }
        Damage::Duplicate { at, len } => {
            let at = at % n;
            let copy = bytes[at..(at + len).min(n)].to_vec();
            bytes.splice(at..at, copy);
        }
        Damage::Truncate { at } => bytes.truncate(at % n),
        Damage::Insert { at, text } => {
            bytes.splice(at % n..at % n, text.bytes());
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..512)) {
        prop_assert_eq!(round_trip(&bytes), Ok(()));
    }

    #[test]
    fn damaged_valid_files_never_panic(
        seed in any::<prop::sample::Index>(),
        damages in proptest::collection::vec(damage(), 1..6),
    ) {
        let seeds = seeds();
        let mut bytes = seed.get(&seeds).clone();
        for d in &damages {
            apply(&mut bytes, d);
        }
        prop_assert_eq!(round_trip(&bytes), Ok(()));
    }
}
