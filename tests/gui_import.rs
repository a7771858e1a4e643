//! File → Import… driven headless: type the export paths, wait for the background read, review
//! the recognised files and the proposed changes, apply them as one undoable step; Cancel and
//! a refused file leave the workspace untouched.

use std::path::PathBuf;
use std::time::Duration;

use csp_studio::app::{Command, StudioApp};
use csp_studio::ui::theme;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: StudioApp) -> Harness<'static, StudioApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app)
}

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Steps frames until a widget whose label contains `label` shows (the import runs on its own
/// thread), for at most ten seconds.
fn wait_for(harness: &mut Harness<'_, StudioApp>, label: &str) {
    for _ in 0..1000 {
        harness.step();
        if harness.query_by_label_contains(label).is_some() {
            return;
        }
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{label:?} never appeared");
}

/// Steps until the dialog stops moving (groups open with an animation), so clicks land where
/// the widgets are.
fn settle(harness: &mut Harness<'_, StudioApp>, label: &str) {
    let mut last = None;
    for _ in 0..120 {
        harness.step();
        let rect = harness.query_by_label_contains(label).map(|n| n.rect());
        if rect.is_some() && rect == last {
            return;
        }
        last = rect;
    }
}

#[test]
fn importing_through_the_menu_reviews_the_files_and_applies_one_undoable_step() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    let before = harness.state().document.workspace.clone();
    harness.get_by_label("File").click();
    harness.run();
    harness
        .get_by_label("Import Partner Center Exports…")
        .click();
    harness.run();
    let paths = format!(
        "{}\n{}",
        fixture("legacy-shiftjis-semicolon.csv").display(),
        fixture("invoice-utf8-bom-comma.csv").display()
    );
    harness.get_by_label("Files (one path per line)").click();
    harness.run();
    harness
        .get_by_label("Files (one path per line)")
        .type_text(&paths);
    harness.run();
    harness.get_by_label("Import").click();
    wait_for(&mut harness, "Apply ");
    settle(&mut harness, "Apply ");
    // Each file with what it was recognised as and its counts.
    harness.get_by_label("invoice-utf8-bom-comma.csv");
    harness.get_by_label("new-commerce invoice reconciliation");
    harness.get_by_label("legacy licence-based reconciliation");
    harness.get_by_label("Shift_JIS, semicolon-separated");
    // The groups; a customer of the exports is proposed as new.
    harness.get_by_label_contains("New (");
    harness.get_by_label_contains("Changed (");
    harness.get_by_label_contains("No longer exported (");
    harness.get_by_label("Organization 山田建設株式会社");
    // Untick one proposal: it stays out of the workspace.
    harness
        .get_by_label("Organization 山田建設株式会社")
        .click();
    harness.run();
    harness.get_by_label_contains("Apply ").click();
    harness.run();
    assert!(harness.state().import.is_none(), "the dialog closes");
    let after = &harness.state().document.workspace;
    let tenant = |ws: &csp_studio::model::Workspace, guid: &str| {
        ws.tenants
            .iter()
            .any(|t| t.directory_id.as_deref() == Some(guid))
    };
    assert!(tenant(after, "aaaa0001-1111-4222-8333-000000000001"));
    assert!(
        !after
            .organizations
            .iter()
            .any(|o| o.name == "山田建設株式会社")
    );
    assert!(
        after
            .organizations
            .iter()
            .any(|o| o.name == "富士商事株式会社")
    );
    // One step undoes the whole import.
    harness.state_mut().push(Command::Undo);
    harness.run();
    assert_eq!(harness.state().document.workspace, before);
}

#[test]
fn cancel_closes_the_dialog_and_leaves_the_workspace_untouched() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    let before = harness.state().document.workspace.clone();
    harness.state_mut().push(Command::ImportPaths(vec![
        fixture("invoice-utf8-bom-comma.csv"),
        fixture("daily-usage-utf16-tab.csv"),
    ]));
    // Cancel while reading or, if the files were read already, while reviewing.
    for _ in 0..20 {
        harness.step();
        if harness.state().import.is_none() {
            break;
        }
        if let Some(cancel) = harness.query_by_label("Cancel") {
            cancel.click();
        }
    }
    assert!(harness.state().import.is_none());
    assert_eq!(harness.state().document.workspace, before);
    assert!(!harness.state().document.history.can_undo());
}

#[test]
fn a_file_that_is_no_export_is_refused_with_the_accepted_kinds() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    let before = harness.state().document.workspace.clone();
    harness
        .state_mut()
        .push(Command::ImportPaths(vec![fixture("unknown.csv")]));
    wait_for(&mut harness, "The import failed");
    settle(&mut harness, "Close");
    harness.get_by_label_contains("not a Partner Center export");
    harness.get_by_label("Close").click();
    harness.run();
    assert!(harness.state().import.is_none());
    assert_eq!(harness.state().document.workspace, before);
}

#[test]
fn the_progress_says_when_reading_is_done_and_the_comparison_runs() {
    for (reconciling, expected, absent) in [
        (false, "Reading 2 file(s)…", "comparing"),
        (
            true,
            "comparing what they say with the open workspace",
            "Reading",
        ),
    ] {
        let mut harness = Harness::builder()
            .with_size([800.0, 200.0])
            .with_context_setup(theme::install_fonts)
            .build_ui(move |ui| {
                csp_studio::ui::import::running(ui, 0.5, reconciling, 2);
            });
        harness.step();
        harness.get_by_label_contains(expected);
        assert!(harness.query_by_label_contains(absent).is_none());
    }
}
