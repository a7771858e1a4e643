//! The app shell driven headless as a person would: find widgets by label, click, type, assert.

use csp_studio::app::StudioApp;
use csp_studio::ui::theme;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: StudioApp) -> Harness<'static, StudioApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app)
}

#[test]
fn the_sample_opens_with_groups_counts_and_japanese_names() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    harness.get_by_label("▼ Indirect providers (2)");
    harness.get_by_label("▼ Direct bill partners (1)");
    harness.get_by_label("▼ Indirect resellers (4)");
    harness.get_by_label("桜システムズ株式会社  ·  JP");
}

#[test]
fn clicking_an_explorer_entry_selects_it() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    harness
        .get_by_label("Nordwind Distribution GmbH  ·  DE")
        .click();
    harness.run();
    assert_eq!(
        harness.state().primary().map(|id| id.as_str()),
        Some("dist-eu")
    );
}

#[test]
fn search_filters_anywhere_in_name_id_and_partner_id() {
    let mut harness = harness(StudioApp::new(None, Default::default()));
    harness.run();
    harness.get_by_label("Search").click();
    harness.run();
    harness.get_by_label("Search").type_text("wind");
    harness.run();
    harness.get_by_label("▼ Indirect providers (1)");
    harness.get_by_label("▼ Indirect resellers (0)");

    let mut harness = self::harness(StudioApp::new(None, Default::default()));
    harness.run();
    harness.get_by_label("Search").click();
    harness.run();
    harness.get_by_label("Search").type_text("5100002");
    harness.run();
    harness.get_by_label("▼ Indirect resellers (1)");
    harness.get_by_label("なにわITソリューションズ  ·  JP");
}

#[test]
fn a_file_that_cannot_be_read_shows_its_position_and_keeps_a_workspace_open() {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("broken.ron");
    std::fs::write(&path, "(\n    format: 1,\n    as_of: \"2024-13-01\",\n)\n").expect("write");
    let mut harness = harness(StudioApp::new(Some(path.clone()), Default::default()));
    harness.run();
    let error = harness.state().error.clone().expect("an error is shown");
    assert!(error.contains("broken.ron:3:13"), "{error}");
    harness.get_by_label(&error);
    assert!(
        !harness.state().document.workspace.organizations.is_empty(),
        "the sample stays open"
    );
    harness.get_by_label("Dismiss").click();
    harness.run();
    assert!(harness.state().error.is_none());
}

#[test]
fn an_organization_row_carries_the_problems_of_its_locations_and_tenants() {
    let path =
        std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios/s6-forbidden.ron");
    let mut harness = harness(StudioApp::new(Some(path), Default::default()));
    harness.run();
    // CSP304 names the reseller's location and CSP tenant and the provider's location: the
    // reseller's row, the provider's row and the CSP tenant's row each show one error, once.
    let csp304 = harness
        .state()
        .document
        .diagnostics
        .iter()
        .filter(|d| d.severity == csp_studio::rules::Severity::Error)
        .count();
    assert_eq!(csp304, 1);
    assert_eq!(harness.query_all_by_label("● 1").count(), 3);
    assert_eq!(
        harness.query_all_by_label("● 2").count(),
        0,
        "one problem is counted once per row"
    );
}
