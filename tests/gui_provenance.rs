//! The inspector shows where an imported entity's facts came from: each export file and line,
//! stated or inferred; a fact the user changes loses its source, and undo brings it back.

use std::path::PathBuf;

use csp_studio::app::{Command, StudioApp};
use csp_studio::import::{self, Progress};
use csp_studio::model::{Entity, Field, Id, sources_of};
use csp_studio::ui::theme;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: StudioApp) -> Harness<'static, StudioApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app)
}

/// The app on a workspace imported from the invoice fixture, saved to a file and opened.
fn imported_app(dir: &tempfile::TempDir) -> Harness<'static, StudioApp> {
    let invoice = PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import/invoice-utf8-bom-comma.csv");
    let as_of = chrono::NaiveDate::from_ymd_opt(2024, 8, 1).unwrap_or_default();
    let imported =
        import::import_files(&[invoice], as_of, &Progress::default()).expect("fixture imports");
    let path = dir.path().join("imported.ron");
    csp_studio::io::save_file(&imported.workspace, &path).expect("saved");
    let mut harness = harness(StudioApp::new(Some(path), Default::default()));
    harness.run();
    for _ in 0..200 {
        if harness.state().document.workspace.subscriptions.len() == 4 {
            break;
        }
        harness.step();
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
    assert_eq!(harness.state().document.workspace.subscriptions.len(), 4);
    harness
}

fn e3_id(harness: &Harness<'_, StudioApp>) -> Id {
    harness
        .state()
        .document
        .workspace
        .subscriptions
        .iter()
        .find(|s| s.microsoft_id.as_deref() == Some("5e5e0001-0000-4000-8000-00000000a001"))
        .map(|s| s.id.clone())
        .expect("the E3 subscription")
}

#[test]
fn the_inspector_names_the_file_and_line_and_what_was_inferred() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = imported_app(&dir);
    let e3 = e3_id(&harness);
    harness.state_mut().push(Command::Select(vec![e3]));
    harness.run_steps(3);
    harness.get_by_label("Where this came from");
    harness.get_by_label_contains("invoice-utf8-bom-comma.csv:2 · stated: the entity and what it connects, Microsoft ID, offer, billed by, reseller of record, start, end");
    // Microsoft's subscription id is an attribute the user sees and can type.
    harness.get_by_label("Microsoft ID");

    // A reseller relationship: nobody exports its start, so it says it was inferred.
    let rel = harness
        .state()
        .document
        .workspace
        .relationships
        .iter()
        .find(|r| r.id.as_str() == "fujishoji-r")
        .map(|r| r.id.clone())
        .expect("relationship");
    harness.state_mut().push(Command::Select(vec![rel]));
    harness.run_steps(3);
    harness.get_by_label_contains(
        "invoice-utf8-bom-comma.csv:2 · inferred from the earliest start of the subscriptions that show it: start",
    );
}

#[test]
fn a_fact_changed_by_hand_loses_its_source_and_undo_brings_it_back() {
    let dir = tempfile::tempdir().expect("temp dir");
    let mut harness = imported_app(&dir);
    let e3 = e3_id(&harness);
    let subscription = |h: &Harness<'_, StudioApp>| {
        h.state()
            .document
            .workspace
            .subscriptions
            .iter()
            .find(|s| s.id == e3)
            .cloned()
            .expect("subscription")
    };
    let before = subscription(&harness);
    assert_eq!(sources_of(&before.sources, Field::MicrosoftId).count(), 1);
    harness.state_mut().push(Command::Select(vec![e3.clone()]));
    harness.run_steps(3);
    harness.get_by_label("Microsoft ID").click();
    harness.run();
    harness.get_by_label("Microsoft ID").type_text("-x");
    harness.run();
    let after = subscription(&harness);
    assert!(
        after
            .microsoft_id
            .as_deref()
            .is_some_and(|m| m.contains("-x")),
        "{:?}",
        after.microsoft_id
    );
    assert_eq!(sources_of(&after.sources, Field::MicrosoftId).count(), 0);
    assert_eq!(
        sources_of(&after.sources, Field::Offer).count(),
        1,
        "other facts keep theirs"
    );
    harness.state_mut().push(Command::Undo);
    harness.run_steps(3);
    assert_eq!(
        Entity::Subscription(subscription(&harness)),
        Entity::Subscription(before)
    );
}
