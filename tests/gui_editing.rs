//! Editing in the app as a person would: add a reseller, connect it, watch the rules, undo.

use csp_studio::app::StudioApp;
use csp_studio::ui::theme;
use egui::{Key, Modifiers};
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: StudioApp) -> Harness<'static, StudioApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app)
}

/// The sample with the German provider's name edited (so the workspace has unsaved changes).
fn sample_with_renamed_provider(typed: &str) -> Harness<'static, StudioApp> {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    harness
        .get_by_label("Nordwind Distribution GmbH  ·  DE")
        .click();
    harness.run();
    harness.get_by_label("Name").click();
    harness.get_by_label("Name").type_text(typed);
    harness.run();
    harness
}

fn codes(harness: &Harness<'_, StudioApp>) -> Vec<&'static str> {
    harness
        .state()
        .document
        .diagnostics
        .iter()
        .map(|d| d.code)
        .collect()
}

#[test]
fn a_new_reseller_partnered_across_markets_raises_csp502_and_undo_clears_it() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    assert!(!codes(&harness).contains(&"CSP502"));

    harness.get_by_label("Add ▼").click();
    harness.run();
    harness.get_by_label("Indirect reseller").click();
    harness.run();
    let selected = harness
        .state()
        .primary()
        .cloned()
        .expect("the new reseller's location is selected");
    assert!(
        harness
            .state()
            .document
            .workspace
            .locations
            .iter()
            .any(|l| l.id == selected)
    );
    harness.get_by_label("▼ Indirect resellers (5)");

    // Put it in Germany.
    harness.get_by_label("Country").click();
    harness.run();
    harness.get_by_label("Filter").click();
    harness.run();
    harness.get_by_label("Filter").type_text("Germany");
    harness.run();
    harness.get_by_label("DE · Germany (Europe market)").click();
    harness.run();
    let location = harness
        .state()
        .document
        .workspace
        .locations
        .iter()
        .find(|l| l.id == selected)
        .cloned()
        .expect("location");
    assert_eq!(
        location.country.map(|c| c.to_string()).as_deref(),
        Some("DE")
    );

    // Partner it with the Japanese provider.
    harness.get_by_label("Provider").click();
    harness.run();
    harness
        .get_by_label("ダイワ ディストリビューション株式会社 Tokyo · JP (dist-jp-tokyo)")
        .click();
    harness.run();
    harness.get_by_label("Add relationship").click();
    harness.run();
    assert!(codes(&harness).contains(&"CSP502"), "{:?}", codes(&harness));
    harness.get_by_label("CSP502");

    // Undo the partnership: CSP502 goes away.
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(
        !codes(&harness).contains(&"CSP502"),
        "{:?}",
        codes(&harness)
    );
    assert!(harness.query_by_label("CSP502").is_none());

    // Redo brings it back.
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::Z);
    harness.run();
    assert!(codes(&harness).contains(&"CSP502"));
}

#[test]
fn typing_a_name_is_one_undo_step_and_marks_the_document_dirty() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    harness
        .get_by_label("Nordwind Distribution GmbH  ·  DE")
        .click();
    harness.run();
    assert!(!harness.state().document.history.is_dirty());
    harness.get_by_label("Name").click();
    harness.run();
    harness.key_press(Key::End);
    harness.get_by_label("Name").type_text(" AG");
    harness.run();
    let name = |h: &Harness<'_, StudioApp>| {
        h.state()
            .document
            .workspace
            .organizations
            .iter()
            .find(|o| o.id.as_str() == "dist-eu")
            .map(|o| o.name.clone())
    };
    assert_eq!(
        name(&harness).as_deref(),
        Some("Nordwind Distribution GmbH AG")
    );
    assert!(harness.state().document.history.is_dirty());
    harness.get_by_label("Edit").click();
    harness.run();
    harness.get_by_label_contains("Undo").click();
    harness.run();
    assert_eq!(
        name(&harness).as_deref(),
        Some("Nordwind Distribution GmbH")
    );
    assert!(!harness.state().document.history.is_dirty());
}

#[test]
fn delete_removes_the_selection_with_its_dependants_and_undo_restores_it() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    let before = harness.state().document.workspace.clone();
    harness.get_by_label("Rhône Cloud SARL  ·  FR").click();
    harness.run();
    harness.key_press(Key::Delete);
    harness.run();
    let ws = &harness.state().document.workspace;
    assert!(ws.organizations.iter().all(|o| o.id.as_str() != "res-lyon"));
    assert!(ws.locations.iter().all(|l| l.id.as_str() != "res-lyon-hq"));
    assert!(
        ws.relationships
            .iter()
            .all(|r| r.from.as_str() != "res-lyon-hq" && r.to.as_str() != "res-lyon-hq")
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(harness.state().document.workspace, before);
}

#[test]
fn replacing_a_changed_workspace_asks_first_and_cancel_keeps_it() {
    let mut harness = sample_with_renamed_provider("X");
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label("Unsaved changes");
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.state().document.history.is_dirty());
    assert!(harness.state().document.workspace.organizations.len() > 1);
    harness.key_press_modifiers(Modifiers::COMMAND, Key::N);
    harness.run();
    harness.get_by_label("Don't Save").click();
    harness.run();
    assert_eq!(
        harness.state().document.workspace.organizations.len(),
        1,
        "a new workspace holds only Microsoft"
    );
}

#[test]
fn save_as_through_the_path_field_writes_the_canonical_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let target = dir.path().join("mine.ron");
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND | Modifiers::SHIFT, Key::S);
    harness.run();
    harness.get_by_label("Save workspace as");
    let field = harness.get_by_label("Path");
    field.click();
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::A);
    harness
        .get_by_label("Path")
        .type_text(&target.display().to_string());
    harness.run();
    harness.get_by_label("Save").click();
    harness.run();
    let written = std::fs::read_to_string(&target).expect("file written");
    assert_eq!(
        written,
        csp_studio::io::to_canonical_string(&harness.state().document.workspace)
            .expect("canonical")
    );
    assert_eq!(
        harness.state().document.path.as_deref(),
        Some(target.as_path())
    );
    assert_eq!(
        harness
            .state()
            .settings
            .recent
            .first()
            .map(|p| p.ends_with("mine.ron")),
        Some(true)
    );
}

#[test]
fn opening_a_malformed_file_shows_line_and_column_and_keeps_the_changed_workspace() {
    let dir = tempfile::tempdir().expect("temp dir");
    let bad = dir.path().join("bad.ron");
    std::fs::write(&bad, "(\n    format: 1,\n    as_of: \"2024-01-01\",\n    organizations: [(id: \"a\", name: 5)],\n)\n").expect("write");
    let mut harness = sample_with_renamed_provider("!");
    let before = harness.state().document.workspace.clone();

    harness.key_press_modifiers(Modifiers::COMMAND, Key::O);
    harness.run();
    harness.get_by_label("Open workspace");
    harness.get_by_label("Path").click();
    harness.run();
    harness
        .get_by_label("Path")
        .type_text(&bad.display().to_string());
    harness.run();
    harness.get_by_label("Open").click();
    harness.run();
    // The workspace has unsaved changes, so opening asks first; the user goes on without saving.
    harness.get_by_label("Don't Save").click();
    harness.step();
    // Files load in the background; wait for this one as a person would watch the spinner.
    harness
        .state_mut()
        .finish_loading(std::time::Duration::from_secs(30));
    harness.run();

    let error = harness
        .state()
        .error
        .clone()
        .expect("the load error is shown");
    assert!(error.contains("bad.ron:4:"), "{error}");
    assert!(error.contains("expected"), "{error}");
    harness.get_by_label(&error);
    assert_eq!(
        harness.state().document.workspace,
        before,
        "the open workspace stays as it was"
    );
    assert!(
        harness.state().document.history.is_dirty(),
        "its changes are still unsaved"
    );
}

#[test]
fn the_theme_switches_from_the_view_menu() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    assert_eq!(harness.ctx.theme(), egui::Theme::Dark);
    harness.get_by_label("View").click();
    harness.run();
    harness.get_by_label("Dark Theme").click();
    harness.run();
    assert_eq!(
        harness.state().settings.theme,
        csp_studio::app::Theme::Light
    );
    harness.run();
    assert_eq!(harness.ctx.theme(), egui::Theme::Light);
}

fn open_scenario(name: &str) -> Harness<'static, StudioApp> {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("assets/scenarios")
        .join(name);
    let mut harness = harness(StudioApp::new(Some(path), Default::default()));
    harness.run();
    assert!(
        harness.state().error.is_none(),
        "{:?}",
        harness.state().error
    );
    harness
}

#[test]
fn a_quick_fix_in_problems_resolves_csp302_as_one_undoable_step() {
    let mut harness = open_scenario("s4-forbidden-csp-tenant.ron");
    assert!(codes(&harness).contains(&"CSP302"));
    let fix = harness
        .state()
        .document
        .diagnostics
        .iter()
        .find(|d| d.code == "CSP302")
        .and_then(|d| d.fixes.first())
        .map(|f| f.title.clone())
        .expect("CSP302 offers a fix");
    // CSP301 and CSP302 both offer this way out; take the first row's menu.
    harness
        .get_all_by_label("Fixes (1)")
        .next()
        .expect("a fixes menu")
        .click();
    harness.run();
    harness.get_by_label(&format!("Fix: {fix}")).click();
    harness.run();
    assert!(
        !codes(&harness).contains(&"CSP302"),
        "{:?}",
        codes(&harness)
    );
    assert!(
        !codes(&harness).contains(&"CSP301"),
        "the subscription left the CSP tenant: {:?}",
        codes(&harness)
    );
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Z);
    harness.run();
    assert!(codes(&harness).contains(&"CSP302"));
}

#[test]
fn clicking_a_problem_selects_its_entities_and_the_inspector_shows_it() {
    let mut harness = open_scenario("s6-forbidden.ron");
    let diagnostic = harness
        .state()
        .document
        .diagnostics
        .iter()
        .find(|d| d.code == "CSP304")
        .cloned()
        .expect("CSP304");
    harness.get_by_label(&diagnostic.message).click();
    harness.run();
    assert_eq!(harness.state().selection, diagnostic.entities);
    // The inspector lists the selected entity's own problems, with the three ways out as buttons.
    assert!(harness.query_all_by_label_contains("Fix: ").count() >= 3);
}

#[test]
fn ctrl_f_focuses_search_and_f2_focuses_the_name_of_the_selection() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::F);
    harness.run();
    assert!(harness.get_by_label("Search").is_focused());
    harness.key_press(Key::Escape);
    harness.run();
    harness
        .get_by_label("Nordwind Distribution GmbH  ·  DE")
        .click();
    harness.run();
    harness.key_press(Key::F2);
    harness.run();
    harness.run();
    assert!(harness.get_by_label("Name").is_focused());
    // While typing, Delete edits the text and does not delete the organization.
    harness.key_press(Key::Delete);
    harness.run();
    assert!(
        harness
            .state()
            .document
            .workspace
            .organizations
            .iter()
            .any(|o| o.id.as_str() == "dist-eu")
    );
}

#[test]
fn quitting_with_unsaved_changes_asks_first() {
    let mut harness = sample_with_renamed_provider("!");
    harness.key_press(Key::Escape);
    harness.run();
    harness.key_press_modifiers(Modifiers::COMMAND, Key::Q);
    harness.run();
    harness.get_by_label("Unsaved changes");
    assert_eq!(
        harness.state().confirm,
        Some(csp_studio::app::Command::Quit)
    );
    harness.get_by_label("Cancel").click();
    harness.run();
    assert!(harness.state().confirm.is_none());
    assert!(harness.state().document.history.is_dirty());
}
