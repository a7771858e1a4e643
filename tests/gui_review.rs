//! Review in the app: nothing can change the workspace, everything can be looked at and
//! exported, and the comparison with another file lists what changed.

use std::path::PathBuf;

use csp_studio::app::{Command, StudioApp, TrainerCommand};
use csp_studio::edit::Edit;
use csp_studio::model::{Id, ModelError};
use csp_studio::ui::theme;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn scenario(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios")
        .join(name)
}

fn id(text: &str) -> Id {
    Id::new(text).unwrap_or_else(|e| panic!("{e}"))
}

fn reviewing(name: &str) -> StudioApp {
    let mut app = StudioApp::new(None, Default::default());
    app.run_command(
        &egui::Context::default(),
        Command::OpenForReviewPath(scenario(name)),
    );
    assert!(app.document.is_review(), "{:?}", app.error);
    app
}

fn harness(app: StudioApp) -> Harness<'static, StudioApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app)
}

/// One example of every command; the match has no catch-all, so a new command must be added here.
fn every_command(dir: &std::path::Path) -> Vec<Command> {
    let examples = vec![
        Command::NewWorkspace,
        Command::Open,
        Command::OpenPath(dir.join("x.ron")),
        Command::Save,
        Command::SaveAs,
        Command::SaveTo(dir.join("saved.ron")),
        Command::ExportSvg,
        Command::ExportSvgTo(dir.join("d.svg")),
        Command::ExportPng,
        Command::ExportPngTo(dir.join("d.png")),
        Command::FitAll,
        Command::Revert,
        Command::Undo,
        Command::Redo,
        Command::DeleteSelection,
        Command::Rename,
        Command::FocusSearch,
        Command::Apply {
            edit: Edit::Remove(id("res-sakura")),
            merge_key: None,
            select: None,
        },
        Command::Select(vec![id("res-sakura-tokyo")]),
        Command::ToggleTheme,
        Command::Quit,
        Command::OpenForReview,
        Command::OpenForReviewPath(dir.join("x.ron")),
        Command::ToggleReview,
        Command::ExportReport,
        Command::ExportReportTo(dir.join("r.html")),
        Command::CompareWith,
        Command::CompareWithPath(dir.join("x.ron")),
        Command::SetLanguage(csp_studio::i18n::Language::English),
        Command::Trainer(TrainerCommand::ShowGallery),
        Command::Trainer(TrainerCommand::OpenScenario("s6-forbidden")),
        Command::Trainer(TrainerCommand::NextStep),
        Command::Trainer(TrainerCommand::PreviousStep),
        Command::Trainer(TrainerCommand::RestartWalk),
        Command::Trainer(TrainerCommand::RecordStep("a step".to_owned())),
        Command::Trainer(TrainerCommand::TogglePresentation),
        Command::Import,
        Command::ImportPaths(vec![dir.join("x.csv")]),
    ];
    for command in &examples {
        match command {
            Command::NewWorkspace
            | Command::Open
            | Command::OpenPath(_)
            | Command::Save
            | Command::SaveAs
            | Command::SaveTo(_)
            | Command::ExportSvg
            | Command::ExportSvgTo(_)
            | Command::ExportPng
            | Command::ExportPngTo(_)
            | Command::FitAll
            | Command::Revert
            | Command::Undo
            | Command::Redo
            | Command::DeleteSelection
            | Command::Rename
            | Command::FocusSearch
            | Command::Apply { .. }
            | Command::Select(_)
            | Command::ToggleTheme
            | Command::Quit
            | Command::OpenForReview
            | Command::OpenForReviewPath(_)
            | Command::ToggleReview
            | Command::ExportReport
            | Command::ExportReportTo(_)
            | Command::CompareWith
            | Command::CompareWithPath(_)
            | Command::SetLanguage(_)
            | Command::Trainer(_)
            | Command::Import
            | Command::ImportPaths(_) => {}
        }
    }
    examples
}

#[test]
fn review_refuses_every_command_that_would_change_the_workspace() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let ctx = egui::Context::default();
    let mut app = reviewing("s6-forbidden.ron");
    let before = app.document.workspace.clone();
    let changing: Vec<Command> = every_command(dir.path())
        .into_iter()
        .filter(Command::changes_workspace)
        .collect();
    assert!(changing.len() >= 8, "{changing:?}");
    for command in changing {
        app.selection = vec![id("res-sakura-tokyo"), id("p-daiwa-sakura")];
        app.run_command(&ctx, command.clone());
        assert_eq!(
            app.document.workspace, before,
            "{command:?} changed the workspace"
        );
        assert!(
            !app.document.history.can_undo(),
            "{command:?} left a step to undo"
        );
        assert!(!app.document.history.is_dirty(), "{command:?}");
        assert!(app.document.is_review(), "{command:?} left review");
        assert!(app.file_dialog.is_none(), "{command:?} opened a dialog");
    }
    assert!(
        !dir.path().join("saved.ron").exists(),
        "review saved a file"
    );
}

#[test]
fn the_document_itself_refuses_edits_undo_and_redo_in_review() {
    let mut app = reviewing("s6-forbidden.ron");
    let before = app.document.workspace.clone();
    let edit = Edit::Remove(id("p-daiwa-sakura"));
    assert_eq!(app.document.apply(edit, None), Err(ModelError::ReadOnly));
    assert_eq!(app.document.undo(), Err(ModelError::ReadOnly));
    assert_eq!(app.document.redo(), Err(ModelError::ReadOnly));
    assert_eq!(app.document.workspace, before);
}

#[test]
fn review_switches_off_and_on_but_not_over_unsaved_changes() {
    let ctx = egui::Context::default();
    let mut app = reviewing("s6-forbidden.ron");
    app.run_command(&ctx, Command::ToggleReview);
    assert!(!app.document.is_review());
    app.run_command(
        &ctx,
        Command::Apply {
            edit: Edit::Remove(id("p-daiwa-sakura")),
            merge_key: None,
            select: None,
        },
    );
    assert!(app.document.history.is_dirty());
    app.run_command(&ctx, Command::ToggleReview);
    assert!(!app.document.is_review(), "review over unsaved changes");
}

#[test]
fn typing_in_a_field_or_pressing_delete_changes_nothing_in_review() {
    let mut app = reviewing("s6-forbidden.ron");
    app.selection = vec![id("res-sakura")];
    let mut harness = harness(app);
    harness.run();
    let before = harness.state().document.workspace.clone();
    harness.get_by_label("REVIEW · read only");
    assert!(
        harness.query_by_label("Add ▼").is_none(),
        "the Add menu is shown in review"
    );
    assert!(
        harness.query_by_label("Re-layout").is_none(),
        "the diagram offers Re-layout"
    );
    assert!(
        harness
            .query_by_label("Delete (with what depends on it)")
            .is_none(),
        "the inspector offers Delete in review"
    );
    harness.get_by_label("Name").click();
    harness.run();
    harness.get_by_label("Name").type_text("Changed");
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    harness.key_press(Key::Backspace);
    harness.run();
    let app = harness.state();
    assert_eq!(app.document.workspace, before);
    assert!(!app.document.history.can_undo());
    assert_eq!(
        app.selection,
        vec![id("res-sakura")],
        "selection still works"
    );
}

#[test]
fn the_problems_panel_offers_no_fix_in_review() {
    let mut harness = harness(reviewing("s6-forbidden.ron"));
    harness.run();
    assert!(
        harness
            .state()
            .document
            .diagnostics
            .iter()
            .any(|d| !d.fixes.is_empty()),
        "scenario 6 has fixes to hide"
    );
    assert!(harness.query_by_label_contains("Fix:").is_none());
}

#[test]
fn export_report_from_the_menu_writes_one_html_file() {
    let dir = tempfile::tempdir().unwrap_or_else(|e| panic!("{e}"));
    let out = dir.path().join("review.html");
    let mut harness = harness(reviewing("s6-forbidden.ron"));
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Export Report…").click();
    harness.run();
    if let Some(dialog) = harness.state_mut().file_dialog.as_mut() {
        dialog.path = out.display().to_string();
    }
    harness.run();
    harness.get_by_label("Export").click();
    harness.run();
    let html = std::fs::read_to_string(&out).unwrap_or_else(|e| panic!("{e}"));
    assert!(html.starts_with("<!DOCTYPE html>"));
    assert!(html.contains("id=\"CSP304\""));
    assert!(html.contains("<svg"));
    assert!(harness.state().error.is_none());
}

#[test]
fn the_compare_view_lists_an_added_tenant_and_selects_it() {
    let mut app = StudioApp::new(None, Default::default());
    app.run_command(
        &egui::Context::default(),
        Command::OpenPath(scenario("s6-option1-separate-tenant.ron")),
    );
    let mut harness = harness(app);
    harness.run();
    harness.get_by_label("File").click();
    harness.run();
    harness.get_by_label("Compare With…").click();
    harness.run();
    if let Some(dialog) = harness.state_mut().file_dialog.as_mut() {
        dialog.path = scenario("s6-forbidden.ron").display().to_string();
    }
    harness.run();
    harness.get_by_label("Compare").click();
    harness.run();
    harness.run();
    harness.get_by_label("Findings that went away (1)");
    harness
        .get_by_label("+ tenant sakura-corp.onmicrosoft.com [res-sakura-internal]")
        .click();
    harness.run();
    assert_eq!(harness.state().primary(), Some(&id("res-sakura-internal")));
}

#[test]
fn the_same_typing_outside_review_does_edit() {
    let mut app = reviewing("s6-forbidden.ron");
    app.run_command(&egui::Context::default(), Command::ToggleReview);
    app.selection = vec![id("res-sakura")];
    let mut harness = harness(app);
    harness.run();
    harness.get_by_label("Name").click();
    harness.run();
    harness.get_by_label("Name").type_text("Changed");
    harness.run();
    assert!(harness.state().document.history.can_undo());
    assert!(harness.query_by_label("REVIEW · read only").is_none());
    harness.get_by_label("Re-layout");
}
