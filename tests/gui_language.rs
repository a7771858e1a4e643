//! The interface language switched at run time from the View menu. The language is process-wide,
//! so this binary holds the tests that change it, one at a time; every other GUI test reads
//! English.

use std::path::PathBuf;
use std::sync::{Mutex, MutexGuard};
use std::time::Duration;

use csp_studio::app::{Command, Settings, StudioApp};
use csp_studio::i18n::Language;
use csp_studio::ui::theme;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

/// Held by each test while it runs: the language is one for the whole process.
static LANGUAGE: Mutex<()> = Mutex::new(());

fn one_at_a_time() -> MutexGuard<'static, ()> {
    LANGUAGE
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner())
}

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
    let _language = one_at_a_time();
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

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/import")
        .join(name)
}

/// Steps frames until a widget whose label contains `label` (the first of several) shows and
/// stops moving (the import runs on its own thread, groups open with an animation), for at
/// most ten seconds.
fn wait_for(harness: &mut Harness<'_, StudioApp>, label: &str) {
    let mut last = None;
    for _ in 0..1000 {
        harness.step();
        let rect = harness
            .query_all_by_label_contains(label)
            .next()
            .map(|n| n.rect());
        if rect.is_some() && rect == last {
            return;
        }
        last = rect;
        std::thread::sleep(Duration::from_millis(10));
    }
    panic!("{label:?} never appeared");
}

#[test]
fn the_import_dialog_words_files_holes_and_changes_in_japanese() {
    let _language = one_at_a_time();
    let settings = Settings {
        language: Some(Language::Japanese),
        ..Settings::default()
    };
    let mut harness = harness(StudioApp::new(None, settings));
    harness.run();
    harness.state_mut().push(Command::ImportPaths(vec![
        fixture("legacy-shiftjis-semicolon.csv"),
        fixture("invoice-utf8-bom-comma.csv"),
        fixture("malformed.csv"),
    ]));
    wait_for(&mut harness, "件の変更を適用");
    // Each file with what it was recognised as and how it was written.
    harness.get_by_label("従来のライセンスベース照合ファイル");
    harness.get_by_label("Shift_JIS, セミコロン区切り");
    // A proposed addition.
    harness.get_by_label("組織 山田建設株式会社");
    // A proposed change of a matched location: what differs, in Japanese too.
    harness.get_by_label(
        "ロケーション ダイワ ディストリビューション株式会社（PartnerID 4100001）：新たに直接請求パートナーとして取引",
    );
    // The holes, opened.
    harness
        .get_by_label_contains("エクスポートからわからないこと")
        .click();
    wait_for(&mut harness, "MPA の署名日がないロケーション");
    harness.get_by_label_contains("PartnerID しかわからない間接リセラー 3 件");
    // The rows skipped, opened.
    harness.get_by_label_contains("スキップした行").click();
    wait_for(&mut harness, "malformed.csv:");
    harness.get_by_label_contains("が空です");
    for english in [
        "Organization 山田建設株式会社",
        "now transacts as",
        "(no export gives it)",
        "known only by Partner ID",
        "comma-separated",
        "is empty",
    ] {
        assert!(
            harness.query_by_label_contains(english).is_none(),
            "{english:?} is still shown in English"
        );
    }
    csp_studio::i18n::set_language(Language::English);
}

#[test]
fn what_falls_due_is_worded_in_japanese_with_the_names_kept() {
    let _one = one_at_a_time();
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/sample.ron");
    let ws = csp_studio::io::load_file(&path).expect("sample");
    let items = csp_studio::due::due(&ws, ws.as_of, 100_000);
    assert!(!items.is_empty(), "the sample has something that falls due");
    csp_studio::i18n::set_language(Language::Japanese);
    let japanese: Vec<String> = items.iter().map(csp_studio::ui::radar::sentence).collect();
    csp_studio::i18n::set_language(Language::English);
    for (item, sentence) in items.iter().zip(&japanese) {
        assert_ne!(sentence, &item.text, "{sentence}");
        assert!(
            sentence.contains("終了") || sentence.contains("延長") || sentence.contains("記念日"),
            "{sentence}"
        );
        // The names stay as they are written in the workspace.
        if let Some(offer) = Some(item.words.offer.as_str()).filter(|o| !o.is_empty()) {
            assert!(sentence.contains(offer), "{sentence}");
        }
        assert_eq!(csp_studio::ui::radar::sentence(item), item.text);
    }
}
