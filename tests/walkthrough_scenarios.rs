//! Scenario walkthroughs: each step of a bundled scenario gives the diagnostics its text promises,
//! going forward and coming back, and steps survive a save and a reload.

use std::collections::BTreeMap;
use std::path::Path;

use csp_studio::edit::walkthrough::{self, Walkthrough};
use csp_studio::model::{Change, Workspace};
use csp_studio::rules::{self, Severity};

fn load(file: &str) -> Workspace {
    let path = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios")
        .join(file);
    csp_studio::io::load_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Errors and warnings by code.
fn problems(ws: &Workspace) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for d in rules::check(ws) {
        if d.severity != Severity::Info {
            *counts.entry(d.code.to_owned()).or_insert(0) += 1;
        }
    }
    counts
}

fn expect(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(c, n)| ((*c).to_owned(), *n)).collect()
}

/// Walks `file` to its end and back, checking the problems at every position (0 = the start).
fn walk(file: &str, at_each: &[&[(&str, usize)]]) {
    let mut ws = load(file);
    assert_eq!(
        walkthrough::steps(&ws).len() + 1,
        at_each.len(),
        "{file}: one expectation per position"
    );
    let mut walk = Walkthrough::start(&ws);
    assert_eq!(problems(&ws), expect(at_each[0]), "{file} at its start");
    for (n, want) in at_each.iter().enumerate().skip(1) {
        assert!(
            walk.next(&mut ws).expect("step applies"),
            "{file}: step {n}"
        );
        assert_eq!(problems(&ws), expect(want), "{file} after step {n}");
    }
    assert!(!walk.next(&mut ws).expect("at the end"));
    for n in (0..at_each.len() - 1).rev() {
        assert!(walk.previous(&mut ws).expect("back"), "{file}: back to {n}");
        assert_eq!(problems(&ws), expect(at_each[n]), "{file} back at {n}");
    }
    assert_eq!(ws, load(file), "{file}: back at the start exactly");
}

#[test]
fn scenario_1_walks_into_a_region_error_and_out_again() {
    walk("s1-indirect.ron", &[&[], &[], &[("CSP501", 2)], &[]]);
}

#[test]
fn scenario_6_walks_from_the_forbidden_setup_to_option_1() {
    walk(
        "s6-forbidden.ron",
        &[&[("CSP304", 1)], &[("CSP304", 1)], &[]],
    );
}

#[test]
fn the_last_step_of_scenario_6_arrives_at_the_option_1_file() {
    let mut ws = load("s6-forbidden.ron");
    let mut walk = Walkthrough::start(&ws);
    while walk.next(&mut ws).expect("step") {}
    let option1 = load("s6-option1-separate-tenant.ron");
    let mut entity_changes = walkthrough::changes_between(&ws, &option1);
    entity_changes.retain(|c| !matches!(c, Change::SetAsOf(_)));
    assert_eq!(entity_changes, Vec::new());
}

#[test]
fn every_step_of_every_scenario_applies_to_the_state_before_it() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios");
    for entry in std::fs::read_dir(dir).expect("scenarios") {
        let name = entry
            .expect("entry")
            .file_name()
            .to_string_lossy()
            .into_owned();
        let mut ws = load(&name);
        for (n, step) in walkthrough::steps(&ws.clone()).iter().enumerate() {
            // Strictly, as written: an insert's id is free, a replaced or removed one exists.
            for change in &step.changes {
                let edit = match change {
                    Change::Insert(entity) => csp_studio::edit::Edit::Insert {
                        entity: entity.clone(),
                        at: None,
                    },
                    Change::Replace(entity) => csp_studio::edit::Edit::Replace(entity.clone()),
                    Change::Remove(id) => csp_studio::edit::Edit::Remove(id.clone()),
                    Change::SetAsOf(date) => csp_studio::edit::Edit::SetAsOf(*date),
                };
                edit.apply(&mut ws)
                    .unwrap_or_else(|e| panic!("{name} step {}: {e}", n + 1));
            }
        }
    }
}

#[test]
fn steps_with_changes_survive_a_save_and_a_reload() {
    let ws = load("s1-indirect.ron");
    let text = csp_studio::io::to_canonical_string(&ws).expect("save");
    let again = csp_studio::io::load_str(&text, Path::new("again.ron")).expect("reload");
    assert_eq!(again, ws);
    assert_eq!(walkthrough::steps(&again).len(), 3);
    assert_eq!(walkthrough::steps(&again)[1].changes.len(), 3);
}

#[test]
fn a_step_written_without_changes_still_loads() {
    let text = "(format: 1, as_of: \"2025-01-01\", narrative: (title: \"Old\", steps: [(text: \"Words only\")]))";
    let ws = csp_studio::io::load_str(text, Path::new("old.ron")).expect("loads");
    let steps = walkthrough::steps(&ws);
    assert_eq!(steps.len(), 1);
    assert!(steps[0].changes.is_empty());
}

#[test]
fn a_misspelt_change_is_reported_with_its_line_and_column() {
    let text = "(format: 1, as_of: \"2025-01-01\",\nnarrative: (title: \"T\", steps: [(text: \"x\", changes: [Delete(\"a\")])]))";
    let error = csp_studio::io::load_str(text, Path::new("bad.ron"))
        .expect_err("Delete is not a change")
        .to_string();
    assert!(error.starts_with("bad.ron:2:"), "{error}");
    assert!(error.contains("Delete"), "{error}");
}
