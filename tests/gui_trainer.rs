//! Trainers in the app: the scenario gallery, walking a scenario's steps, recording a step,
//! and the presentation view, driven headless as a person would.

use std::collections::BTreeMap;

use csp_studio::app::{Command, StudioApp, TrainerCommand};
use csp_studio::edit::Edit;
use csp_studio::model::{Entity, Id, Organization, OrganizationKind};
use csp_studio::rules::Severity;
use csp_studio::ui::theme;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: StudioApp) -> Harness<'static, StudioApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_max_steps(64)
        .with_context_setup(theme::install_fonts)
        .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app)
}

/// Errors and warnings by code.
fn problems(harness: &Harness<'_, StudioApp>) -> BTreeMap<&'static str, usize> {
    let mut counts = BTreeMap::new();
    for d in &harness.state().document.diagnostics {
        if d.severity != Severity::Info {
            *counts.entry(d.code).or_insert(0) += 1;
        }
    }
    counts
}

fn opened(key: &'static str) -> Harness<'static, StudioApp> {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    harness
        .state_mut()
        .push(Command::Trainer(TrainerCommand::OpenScenario(key)));
    harness.run();
    harness
}

#[test]
fn the_gallery_opens_a_scenario_as_an_untitled_copy() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    harness.get_by_label("Help").click();
    harness.run();
    harness.get_by_label("Scenario Gallery").click();
    harness.run();
    assert!(harness.state().trainer.gallery.open);
    harness.get_by_label("Scenario gallery");
    for n in 1..=8 {
        harness.get_by_label(&format!("Scenario {n}"));
    }
    harness.get_by_label("Breaks CSP304");
    harness
        .get_by_label("A reseller is a customer of its own provider in its CSP tenant")
        .click();
    harness.run();
    let state = harness.state();
    assert!(!state.trainer.gallery.open, "the gallery closes");
    assert_eq!(
        state.document.path, None,
        "the bundled file is never the target"
    );
    assert_eq!(state.document.title(), "untitled (from s6-forbidden)");
    assert!(!state.document.history.is_dirty());
    let title = state
        .document
        .workspace
        .narrative
        .as_ref()
        .map(|n| n.title.clone());
    assert!(title.is_some_and(|t| t.starts_with("Scenario 6 (forbidden)")));
    assert_eq!(problems(&harness), BTreeMap::from([("CSP304", 1)]));
}

#[test]
fn opening_a_scenario_over_unsaved_changes_asks_first() {
    let mut harness = opened("s1-indirect");
    harness.get_by_label("Next ▶").click();
    harness.run();
    assert!(harness.state().document.history.is_dirty());
    harness
        .state_mut()
        .push(Command::Trainer(TrainerCommand::OpenScenario(
            "s6-forbidden",
        )));
    harness.run();
    assert!(harness.state().confirm.is_some(), "asks before discarding");
    harness.run();
    harness.get_by_label("Cancel").click();
    harness.run();
    let title = harness
        .state()
        .document
        .workspace
        .narrative
        .as_ref()
        .map(|n| n.title.clone());
    assert!(
        title.is_some_and(|t| t.starts_with("Scenario 1")),
        "nothing replaced"
    );
}

#[test]
fn walking_scenario_1_forward_and_back_shows_the_region_error_come_and_go() {
    let mut harness = opened("s1-indirect");
    harness.get_by_label("Start (3 steps)");
    assert_eq!(problems(&harness), BTreeMap::new());
    harness.get_by_label("Next ▶").click();
    harness.run();
    harness.get_by_label("Step 1 of 3");
    assert_eq!(problems(&harness), BTreeMap::new());
    assert!(
        harness
            .state()
            .diagram()
            .highlight
            .contains(&Id::new("minato-eu-t").expect("id")),
        "the diagram outlines what the step added"
    );
    harness.key_press(Key::PageDown);
    harness.run();
    harness.get_by_label("Step 2 of 3");
    assert_eq!(problems(&harness), BTreeMap::from([("CSP501", 2)]));
    harness.get_by_label("Next ▶").click();
    harness.run();
    assert_eq!(problems(&harness), BTreeMap::new());
    harness.get_by_label("◀ Previous").click();
    harness.run();
    harness.get_by_label("Step 2 of 3");
    assert_eq!(problems(&harness), BTreeMap::from([("CSP501", 2)]));
    harness.key_press(Key::PageUp);
    harness.run();
    assert_eq!(problems(&harness), BTreeMap::new());
    harness.get_by_label("◀◀ Start").click();
    harness.run();
    harness.get_by_label("Start (3 steps)");
    assert_eq!(harness.state().document.workspace.organizations.len(), 4);
    // Each move was one undoable edit: undo the restart, and the picture is at step 1 again.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document.workspace.organizations.len(), 5);
}

#[test]
fn a_recorded_step_is_saved_in_the_workspace_and_the_file_starts_before_it() {
    let mut harness = opened("s6-forbidden");
    for _ in 0..2 {
        harness.get_by_label("Next ▶").click();
        harness.run();
    }
    let newcomer = Organization {
        id: Id::new("cust-kobe").expect("id"),
        name: "神戸精工株式会社".into(),
        kind: OrganizationKind::Company,
        country: csp_studio::model::Country::parse("JP"),
        registration_id: csp_studio::model::Fact::Unknown,
        mca_accepted: csp_studio::model::Fact::Unknown,
        mca_attested_by: None,
        sources: Vec::new(),
    };
    harness.state_mut().push(Command::Apply {
        edit: Edit::Insert {
            entity: Entity::Organization(newcomer),
            at: None,
        },
        merge_key: None,
        select: None,
    });
    harness.run();
    harness.run();
    assert!(
        harness.query_by_label("Record step").is_none(),
        "recording controls stay hidden until asked for"
    );
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Record Walkthrough Steps").click();
    harness.run();
    harness.get_by_label("Changes since the last step: 1");
    harness.get_by_label("Step text").click();
    harness
        .get_by_label("Step text")
        .type_text("A new customer in Kobe");
    harness.run();
    harness.get_by_label("Record step").click();
    harness.run();
    harness.get_by_label("Step 3 of 3");
    harness.get_by_label("A new customer in Kobe");
    let steps = &harness
        .state()
        .document
        .workspace
        .narrative
        .as_ref()
        .expect("narrative")
        .steps;
    assert_eq!(steps.len(), 3);
    assert_eq!(steps[2].changes.len(), 1);

    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("walk.ron");
    harness.state_mut().push(Command::SaveTo(path.clone()));
    harness.run();
    harness.run();
    assert!(!harness.state().document.history.is_dirty());
    let saved = csp_studio::io::load_file(&path).expect("saved file loads");
    let saved_steps = &saved.narrative.as_ref().expect("narrative").steps;
    assert_eq!(saved_steps.len(), 3);
    assert_eq!(saved_steps[2].text, "A new customer in Kobe");
    assert!(
        !saved
            .organizations
            .iter()
            .any(|o| o.id.as_str() == "cust-kobe"),
        "the file holds the scenario at its start"
    );
    assert_eq!(
        csp_studio::rules::check(&saved)
            .iter()
            .filter(|d| d.code == "CSP304")
            .count(),
        1
    );
    assert!(
        harness
            .state()
            .document
            .workspace
            .organizations
            .iter()
            .any(|o| o.id.as_str() == "cust-kobe"),
        "the screen stays at the last step"
    );
}

#[test]
fn presentation_hides_the_side_panels_walks_with_arrows_and_escape_restores_them() {
    let mut harness = opened("s1-indirect");
    harness.get_by_label("Search");
    harness.key_press(Key::F5);
    harness.run();
    assert!(harness.state().trainer.presenting);
    assert!(
        harness.query_by_label("Search").is_none(),
        "explorer hidden"
    );
    assert!(harness.query_by_label("File").is_none(), "menu bar hidden");
    harness.get_by_label(
        "Scenario 1, relationship 2: Microsoft → indirect provider → indirect reseller → customer",
    );
    harness.key_press(Key::ArrowRight);
    harness.run();
    harness.key_press(Key::Space);
    harness.run();
    harness.get_by_label("Step 2 of 3");
    assert_eq!(problems(&harness), BTreeMap::from([("CSP501", 2)]));
    assert_eq!(
        harness.get_all_by_label("CSP501").count(),
        2,
        "the narrative lists the errors the class should see"
    );
    harness.key_press(Key::ArrowLeft);
    harness.run();
    harness.get_by_label("Step 1 of 3");
    harness.key_press(Key::Escape);
    harness.run();
    assert!(!harness.state().trainer.presenting);
    harness.get_by_label("Search");
    harness.get_by_label("File");
}

#[test]
fn presentation_is_in_the_view_menu() {
    let mut harness = opened("s6-forbidden");
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label_contains("Presentation").click();
    harness.run();
    assert!(harness.state().trainer.presenting);
    harness.get_by_label("Leave presentation").click();
    harness.run();
    assert!(!harness.state().trainer.presenting);
}
