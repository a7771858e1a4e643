//! Time in the app, driven as a person would: the timeline moves the as-of date (keys and drag)
//! and the problems panel follows; a drag undoes as one step; the radar lists and selects.

use std::path::PathBuf;

use chrono::NaiveDate;
use csp_studio::app::{Command, StudioApp};
use csp_studio::ui::theme;
use egui::Key;
use egui_kittest::Harness;
use egui_kittest::kittest::Queryable;

fn fixture() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests")
        .join("fixtures")
        .join("time-due.ron")
}

fn harness() -> Harness<'static, StudioApp> {
    let app = StudioApp::new(Some(fixture()), Default::default());
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app);
    harness.run();
    harness
}

fn day(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

fn as_of(harness: &Harness<'_, StudioApp>) -> NaiveDate {
    harness.state().document.workspace.as_of
}

#[test]
fn stepping_to_the_next_change_brings_csp210_into_the_problems_panel() {
    let mut harness = harness();
    assert_eq!(as_of(&harness), day("2024-03-31"));
    assert!(
        harness.query_by_label("CSP210").is_none(),
        "fine on 2024-03-31"
    );
    harness.key_press(Key::CloseBracket);
    harness.run();
    assert_eq!(
        as_of(&harness),
        day("2024-04-01"),
        "the reseller minimum's day"
    );
    harness.get_by_label("CSP210");
    harness.key_press(Key::Comma);
    harness.run();
    assert_eq!(as_of(&harness), day("2024-03-31"));
    assert!(harness.query_by_label("CSP210").is_none());
    harness.key_press(Key::Period);
    harness.run();
    assert_eq!(as_of(&harness), day("2024-04-01"));
    harness.get_by_label("CSP210");
}

#[test]
fn time_keys_do_nothing_while_typing() {
    let mut harness = harness();
    harness.get_by_label("Search").click();
    harness.run();
    harness.key_press(Key::CloseBracket);
    harness.run();
    assert_eq!(as_of(&harness), day("2024-03-31"));
}

#[test]
fn dragging_the_timeline_moves_the_date_and_undoes_as_one_step() {
    let mut harness = harness();
    let rect = harness.get_by_label("Timeline, as of 2024-03-31").rect();
    let y = rect.center().y;
    let start = egui::pos2(rect.left() + rect.width() * 0.5, y);
    harness.hover_at(start);
    harness.run();
    harness.drag_at(start);
    harness.run();
    for step in 1..=8 {
        harness.hover_at(egui::pos2(start.x + step as f32 * 40.0, y));
        harness.run();
    }
    let end = egui::pos2(rect.right() - 2.0, y);
    harness.hover_at(end);
    harness.run();
    harness.drop_at(end);
    harness.run();
    let moved = as_of(&harness);
    assert!(
        moved > day("2025-06-01"),
        "dragged to the right end: {moved}"
    );
    assert!(harness.query_all_by_label("CSP210").count() > 0);
    harness.key_press_modifiers(egui::Modifiers::COMMAND, Key::Z);
    harness.run();
    assert_eq!(
        as_of(&harness),
        day("2024-03-31"),
        "one undo step for the drag"
    );
    assert!(harness.query_by_label("CSP210").is_none());
}

#[test]
fn the_picker_sets_a_typed_date_as_an_undoable_edit() {
    let mut harness = harness();
    // One picker in the diagram's toolbar, one in the status bar; both move the same date.
    assert_eq!(harness.query_all_by_label("As of").count(), 2);
    for (which, date) in [(0, "2024-04-01"), (1, "2024-05-02")] {
        harness
            .query_all_by_label("As of")
            .nth(which)
            .expect("picker")
            .click();
        harness.run();
        harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::A]);
        harness.run();
        harness
            .query_all_by_label("As of")
            .nth(which)
            .expect("picker")
            .type_text(date);
        harness.run();
        assert_eq!(as_of(&harness), day(date), "picker {which}");
        harness.get_by_label("CSP210");
        assert!(harness.state().document.history.is_dirty());
        // The other picker shows the new date.
        let shown: Vec<String> = harness
            .query_all_by_label("As of")
            .map(|n| format!("{:?}", n.value()))
            .collect();
        assert!(shown.iter().all(|v| v.contains(date)), "{shown:?}");
    }
    harness.state_mut().push(Command::Undo);
    harness.run();
    assert_eq!(
        as_of(&harness),
        day("2024-04-01"),
        "each picker's change is one step"
    );
}

#[test]
fn typing_a_date_key_by_key_takes_it_only_when_it_is_whole() {
    let mut harness = harness();
    harness
        .query_all_by_label("As of")
        .next()
        .expect("picker")
        .click();
    harness.run();
    harness.key_combination_modifiers(egui::Modifiers::COMMAND, &[Key::A]);
    harness.run();
    // "2024-04-3" reads as a date on the way to "2024-04-30": it must not be taken then.
    for c in "2024-04-30".chars() {
        harness
            .query_all_by_label("As of")
            .next()
            .expect("picker")
            .type_text(&c.to_string());
        harness.run();
    }
    assert_eq!(as_of(&harness), day("2024-04-30"));
    harness.state_mut().push(Command::Undo);
    harness.run();
    assert_eq!(
        as_of(&harness),
        day("2024-03-31"),
        "one step for the typed date, no stop at 2024-04-03"
    );
}

#[test]
fn the_radar_lists_what_falls_due_and_selects_on_click() {
    let mut harness = harness();
    harness.get_by_label("What falls due");
    harness.get_by_label("Fabrikam Reseller (3)");
    harness.get_by_label("Contoso Distribution (3)");
    harness.get_by_label("30 days").click();
    harness.run();
    harness.get_by_label("2 items after 2024-03-31");
    harness
        .get_by_label_contains("2024-04-01  Subscription ends")
        .click();
    harness.run();
    let selected: Vec<&str> = harness
        .state()
        .selection
        .iter()
        .map(|id| id.as_str())
        .collect();
    assert_eq!(
        selected,
        ["sub-m365-b", "northwind-t", "contoso-us", "fabrikam-us"]
    );
}

/// The warnings counted for the entity `id` (the explorer's and the diagram's badges).
fn warnings_of(harness: &Harness<'_, StudioApp>, id: &str) -> Option<usize> {
    harness
        .state()
        .document
        .problem_counts
        .iter()
        .find(|(entity, _)| entity.as_str() == id)
        .map(|(_, count)| count.warnings)
}

#[test]
fn the_problem_counts_follow_the_date_both_ways() {
    let mut harness = harness();
    assert_eq!(
        warnings_of(&harness, "fabrikam-csp"),
        None,
        "fine on 2024-03-31"
    );
    harness.key_press(Key::CloseBracket);
    harness.run();
    assert_eq!(as_of(&harness), day("2024-04-01"));
    assert_eq!(warnings_of(&harness, "fabrikam-csp"), Some(1), "CSP210");
    harness.key_press(Key::Comma);
    harness.run();
    assert_eq!(
        warnings_of(&harness, "fabrikam-csp"),
        None,
        "an entity with no problem left has no count"
    );
}
