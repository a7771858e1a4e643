//! The interface language switched at run time from the View menu. The language is process-wide,
//! so this binary holds the one test that changes it; every other GUI test reads English.

use csp_studio::app::{Settings, StudioApp};
use csp_studio::i18n::Language;
use csp_studio::ui::theme;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn harness(app: StudioApp) -> Harness<'static, StudioApp> {
    Harness::builder()
        .with_size([1400.0, 900.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app)
}

fn choose_language(harness: &mut Harness<'static, StudioApp>, view: &str, menu: &str, name: &str) {
    harness.get_by_label(view).click();
    harness.run();
    harness.get_by_label(menu).click();
    harness.run();
    harness.get_by_label(name).click();
    harness.run();
    harness.run();
}

#[test]
fn the_view_menu_switches_every_panel_to_japanese_and_back() {
    let mut harness = harness(StudioApp::new(None, Settings::default()));
    harness.run();
    harness.get_by_label("File");
    assert_eq!(harness.state().settings.language, None);

    choose_language(&mut harness, "View", "Language", "日本語");
    assert_eq!(
        harness.state().settings.language,
        Some(Language::Japanese),
        "the choice is remembered in the settings"
    );
    // Menu bar.
    harness.get_by_label("ファイル");
    harness.get_by_label("編集");
    harness.get_by_label("表示");
    // Explorer, with the glossary's terms.
    harness.get_by_label("エクスプローラー");
    harness.get_by_label("▼ 間接プロバイダー (2)");
    harness.get_by_label("▼ 直接請求パートナー (1)");
    harness.get_by_label("▼ 間接リセラー (4)");
    // Inspector.
    harness.get_by_label(
        "エクスプローラーでエンティティを、または問題を選択すると、ここで表示・編集できます。",
    );
    // Problems panel.
    harness.get_by_label("問題");
    harness.get_by_label("並べ替え");
    assert!(
        harness.query_by_label("File").is_none() && harness.query_by_label("Problems").is_none(),
        "no English label is left on the main panels"
    );
    // The inspector's field labels follow too.
    harness.get_by_label("桜システムズ株式会社  ·  JP").click();
    harness.run();
    harness.get_by_label("名前");
    harness.get_by_label("国 (事業所)");

    choose_language(&mut harness, "表示", "言語", "English");
    assert_eq!(harness.state().settings.language, Some(Language::English));
    harness.get_by_label("File");
    harness.get_by_label("Explorer");
    harness.get_by_label("▼ Indirect providers (2)");
    harness.get_by_label("Problems");
    harness.get_by_label("Name");
    assert!(harness.query_by_label("ファイル").is_none());
}
