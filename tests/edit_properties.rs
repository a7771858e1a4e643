//! Property tests of editing and files: any sequence of edits undone restores the exact
//! workspace, redone restores the exact end state, and every workspace on the way saves and loads
//! back equal (and saves again to the same bytes).
//!
//! Workspaces start from generated networks (legal or with planted violations); the edits are the
//! ones the app makes (adding organizations with what they need, removing with dependants,
//! renaming, moving nodes, the as-of date, the narrative), drawn at random, with random merge
//! keys so that merged steps are covered too.

use std::path::Path;

use chrono::Days;
use csp_studio::edit::{Edit, History, ops};
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::io::{load_str, to_canonical_string};
use csp_studio::model::{Entity, Narrative, Position, Step, Workspace};
use proptest::prelude::*;

#[derive(Debug, Clone)]
enum Action {
    AddOrganization { what: usize, name: String },
    Remove(usize),
    Rename { which: usize, name: String },
    SetAsOf(u64),
    Move { which: usize, x: f32, y: f32 },
    Unplace(usize),
    Narrative(Option<(String, Vec<String>)>),
}

fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        "[A-Za-z0-9 .,&()-]{0,24}",
        "\\PC{0,16}",
        Just("株式会社テスト \"quoted\" \\ back".to_owned()),
    ]
}

fn coordinate() -> impl Strategy<Value = f32> {
    prop_oneof![-1.0e6f32..1.0e6, Just(0.1), Just(-0.0), Just(f32::MAX)]
}

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..4usize, name()).prop_map(|(what, name)| Action::AddOrganization { what, name }),
        any::<usize>().prop_map(Action::Remove),
        (any::<usize>(), name()).prop_map(|(which, name)| Action::Rename { which, name }),
        (0..20_000u64).prop_map(Action::SetAsOf),
        (any::<usize>(), coordinate(), coordinate()).prop_map(|(which, x, y)| Action::Move {
            which,
            x,
            y
        }),
        any::<usize>().prop_map(Action::Unplace),
        proptest::option::of((name(), proptest::collection::vec(name(), 0..3)))
            .prop_map(Action::Narrative),
    ]
}

fn network() -> impl Strategy<Value = Workspace> {
    (0..40usize, 0..200usize, any::<u64>(), any::<bool>()).prop_map(
        |(resellers, customers, seed, violations)| {
            generate(&GenerateOptions {
                resellers,
                customers,
                seed,
                violations,
            })
        },
    )
}

fn nth_id(ws: &Workspace, n: usize) -> Option<csp_studio::model::Id> {
    let count = ws.entity_count();
    (count > 0).then(|| ws.entity_ids().nth(n % count).map(|(id, _)| id.clone()))?
}

/// The edit the app would make for `action` on `ws`; `None` when it does not apply.
fn edit_for(ws: &Workspace, action: &Action) -> Option<Edit> {
    Some(match action {
        Action::AddOrganization { what, name } => {
            let kind = ops::NewOrganization::ALL[*what % ops::NewOrganization::ALL.len()];
            ops::add_organization(ws, kind, name, None).0
        }
        Action::Remove(n) => ops::remove_with_dependants(ws, &[nth_id(ws, *n)?]),
        Action::Rename { which, name } => {
            let count = ws.organizations.len();
            let mut org = ws.organizations.get(which % count.max(1))?.clone();
            org.name = name.clone();
            Edit::Replace(Entity::Organization(org))
        }
        Action::SetAsOf(days) => Edit::SetAsOf(
            chrono::NaiveDate::from_ymd_opt(2000, 1, 1)?.checked_add_days(Days::new(*days))?,
        ),
        Action::Move { which, x, y } => Edit::SetPosition {
            id: nth_id(ws, *which)?,
            position: Some(Position { x: *x, y: *y }),
        },
        Action::Unplace(n) => Edit::SetPosition {
            id: nth_id(ws, *n)?,
            position: None,
        },
        Action::Narrative(narrative) => {
            Edit::SetNarrative(narrative.as_ref().map(|(title, steps)| {
                Narrative {
                    title: title.clone(),
                    text: String::new(),
                    steps: steps
                        .iter()
                        .map(|text| Step {
                            text: text.clone(),
                            changes: Vec::new(),
                        })
                        .collect(),
                }
            }))
        }
    })
}

/// The workspace as a file holds it: the file keeps every list in id order (the order in
/// memory is how entities happened to be added, which the format deliberately does not keep).
fn in_file_order(ws: &Workspace) -> Workspace {
    let mut ws = ws.clone();
    ws.organizations.sort_by(|a, b| a.id.cmp(&b.id));
    ws.ownerships.sort_by(|a, b| a.id.cmp(&b.id));
    ws.locations.sort_by(|a, b| a.id.cmp(&b.id));
    ws.tenants.sort_by(|a, b| a.id.cmp(&b.id));
    ws.relationships.sort_by(|a, b| a.id.cmp(&b.id));
    ws.subscriptions.sort_by(|a, b| a.id.cmp(&b.id));
    ws
}

fn assert_round_trip(ws: &Workspace) -> Result<(), TestCaseError> {
    let text = to_canonical_string(ws).map_err(|e| TestCaseError::fail(e.to_string()))?;
    let back = load_str(&text, Path::new("saved.ron"))
        .map_err(|e| TestCaseError::fail(format!("saved text does not load: {e}")))?;
    prop_assert!(back == in_file_order(ws), "loads back different");
    let again = to_canonical_string(&back).map_err(|e| TestCaseError::fail(e.to_string()))?;
    prop_assert_eq!(again, text, "saving is not stable");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn undo_restores_the_start_and_redo_the_end_exactly(
        start in network(),
        actions in proptest::collection::vec((action(), proptest::option::of(0..3u8)), 1..24),
    ) {
        let mut ws = start.clone();
        let mut history = History::new();
        for (action, merge) in &actions {
            let Some(edit) = edit_for(&ws, action) else { continue };
            let key = merge.map(|k| format!("field-{k}"));
            let before = ws.clone();
            if history.apply(&mut ws, edit, key.as_deref()).is_err() {
                prop_assert!(ws == before, "a refused edit changed the workspace");
            }
        }
        let end = ws.clone();
        while history.undo(&mut ws).map_err(|e| TestCaseError::fail(e.to_string()))? {}
        prop_assert!(ws == start, "undoing everything does not restore the start");
        prop_assert!(!history.is_dirty(), "back at the saved state");
        while history.redo(&mut ws).map_err(|e| TestCaseError::fail(e.to_string()))? {}
        prop_assert!(ws == end, "redoing everything does not restore the end");
    }

    #[test]
    fn every_edited_workspace_saves_and_loads_back_equal(
        start in network(),
        actions in proptest::collection::vec(action(), 0..12),
    ) {
        let mut ws = start;
        assert_round_trip(&ws)?;
        for action in &actions {
            if let Some(edit) = edit_for(&ws, action) {
                let _ = edit.apply(&mut ws);
            }
        }
        assert_round_trip(&ws)?;
    }
}
