//! The as-of date in the user's hands: a date field with day steps, a month calendar and a
//! "Today" button, the one place the app reads the machine's clock (and only when pressed).

use chrono::{Datelike, Days, Months, NaiveDate};
use egui::{RichText, Ui};

use crate::i18n::t;

use super::theme;

/// The text being typed, kept until it parses, and the month the calendar shows.
#[derive(Clone, Default)]
struct PickerState {
    text: String,
    shown: Option<NaiveDate>,
    month: Option<NaiveDate>,
}

/// Draws the picker for `as_of`; returns the date the user chose, if any.
pub fn picker(ui: &mut Ui, as_of: NaiveDate) -> Option<NaiveDate> {
    let id = ui.scope_id().with("as-of-picker");
    let mut state: PickerState = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    if state.shown != Some(as_of) {
        state.text = as_of.to_string();
        state.shown = Some(as_of);
    }
    let mut chosen = None;
    ui.horizontal(|ui| {
        let label = ui.label(t!("time.as_of.label"));
        if ui
            .small_button("◀")
            .on_hover_text(t!("time.as_of.day_back"))
            .clicked()
        {
            chosen = as_of.pred_opt();
        }
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut state.text)
                    .hint_text("YYYY-MM-DD")
                    .desired_width(theme::DATE_WIDTH),
            )
            .labelled_by(label.id);
        // A date is taken once it is whole (ten characters), or when the field is left: while
        // "2024-04-3" is being typed on the way to "2024-04-30" it already reads as a date.
        let whole = state.text.trim().len() == 10;
        match NaiveDate::parse_from_str(state.text.trim(), "%Y-%m-%d") {
            Ok(date) if (response.changed() && whole || response.lost_focus()) && date != as_of => {
                chosen = Some(date)
            }
            Ok(_) => {}
            Err(_) => {
                ui.label(
                    RichText::new(t!("time.as_of.invalid")).color(theme::severity_color(
                        crate::rules::Severity::Error,
                        ui.visuals().dark_mode,
                    )),
                );
            }
        }
        if ui
            .small_button("▶")
            .on_hover_text(t!("time.as_of.day_forward"))
            .clicked()
        {
            chosen = as_of.succ_opt();
        }
        let calendar = ui
            .small_button(t!("time.as_of.calendar"))
            .on_hover_text(t!("time.as_of.calendar_hint"));
        egui::Popup::menu(&calendar)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show(|ui| {
                if let Some(date) = month_grid(ui, &mut state, as_of) {
                    chosen = Some(date);
                    ui.close();
                }
            });
        if ui
            .small_button(t!("time.as_of.today"))
            .on_hover_text(t!("time.as_of.today_hint"))
            .clicked()
        {
            chosen = Some(chrono::Local::now().date_naive());
        }
    });
    ui.data_mut(|d| d.insert_temp(id, state));
    chosen.filter(|date| *date != as_of)
}

/// A month of days to click, with the previous and next month a click away.
fn month_grid(ui: &mut Ui, state: &mut PickerState, as_of: NaiveDate) -> Option<NaiveDate> {
    let first = state
        .month
        .unwrap_or_else(|| as_of.with_day(1).unwrap_or(as_of));
    let mut chosen = None;
    ui.horizontal(|ui| {
        if ui.small_button("◀").clicked() {
            state.month = first.checked_sub_months(Months::new(1));
        }
        ui.label(RichText::new(format!("{}-{:02}", first.year(), first.month())).strong());
        if ui.small_button("▶").clicked() {
            state.month = first.checked_add_months(Months::new(1));
        }
    });
    let lead = first.weekday().num_days_from_monday();
    egui::Grid::new("as-of-month").show(ui, |ui| {
        for name in ["Mo", "Tu", "We", "Th", "Fr", "Sa", "Su"] {
            ui.label(RichText::new(t!(format!("time.weekday.{name}"))).small());
        }
        ui.end_row();
        for _ in 0..lead {
            ui.label("");
        }
        let mut column = lead;
        let mut day = Some(first);
        while let Some(date) = day.filter(|d| d.month() == first.month()) {
            let text = RichText::new(date.day().to_string());
            if ui.selectable_label(date == as_of, text).clicked() {
                chosen = Some(date);
            }
            column += 1;
            if column == 7 {
                ui.end_row();
                column = 0;
            }
            day = date.checked_add_days(Days::new(1));
        }
    });
    chosen
}
