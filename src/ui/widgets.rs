//! House widgets: labelled text and date fields, the country picker, searchable reference pickers.
//!
//! Every input gets a label the accessibility tree (and the headless tests) can find it by.

use chrono::NaiveDate;
use egui::{Response, RichText, Ui};

use crate::i18n::{Language, language, t};
use crate::model::{Country, Fact, Id, RegionList, RegionTable};

use super::theme;

/// A labelled one-line text field.
pub fn text_field(ui: &mut Ui, label: &str, value: &mut String) -> Response {
    ui.horizontal(|ui| {
        let label = ui.add_sized(
            [theme::LABEL_WIDTH, theme::ROW_HEIGHT],
            egui::Label::new(label),
        );
        ui.add(egui::TextEdit::singleline(value).desired_width(theme::FIELD_WIDTH))
            .labelled_by(label.id)
    })
    .inner
}

/// The text being typed into a date field, kept until it parses.
#[derive(Clone, Default)]
struct DateBuffer {
    text: String,
    shown_value: Option<NaiveDate>,
}

/// A labelled date field (`YYYY-MM-DD`); an empty field means no date. Returns true when the
/// value changed. Text that does not parse stays in the field, marked, and changes nothing.
pub fn date_field(ui: &mut Ui, label: &str, value: &mut Option<NaiveDate>) -> bool {
    let id = ui.scope_id().with(("date", label));
    let mut buffer: DateBuffer = ui.data(|d| d.get_temp(id)).unwrap_or_default();
    if buffer.shown_value != *value || (buffer.text.is_empty() && value.is_some()) {
        buffer = DateBuffer {
            text: value.map(|d| d.to_string()).unwrap_or_default(),
            shown_value: *value,
        };
    }
    let mut changed = false;
    ui.horizontal(|ui| {
        let label_response = ui.add_sized(
            [theme::LABEL_WIDTH, theme::ROW_HEIGHT],
            egui::Label::new(label),
        );
        let response = ui
            .add(
                egui::TextEdit::singleline(&mut buffer.text)
                    .hint_text("YYYY-MM-DD")
                    .desired_width(theme::DATE_WIDTH),
            )
            .labelled_by(label_response.id);
        let trimmed = buffer.text.trim();
        let parsed = if trimmed.is_empty() {
            Ok(None)
        } else {
            NaiveDate::parse_from_str(trimmed, "%Y-%m-%d").map(Some)
        };
        match parsed {
            Ok(date) => {
                if response.changed() && date != *value {
                    *value = date;
                    buffer.shown_value = date;
                    changed = true;
                }
            }
            Err(_) => {
                ui.label(
                    RichText::new(t!("widget.expected_date")).color(theme::severity_color(
                        crate::rules::Severity::Error,
                        ui.visuals().dark_mode,
                    )),
                );
            }
        }
    });
    ui.data_mut(|d| d.insert_temp(id, buffer));
    changed
}

/// A date fact: unknown, stated absent ("never"), or a date (starting at `default` when first
/// chosen). Returns true when it changed.
pub fn fact_date_field(
    ui: &mut Ui,
    label: &str,
    absent_text: &str,
    default: NaiveDate,
    value: &mut Fact<NaiveDate>,
) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let label_response = ui.add_sized(
            [theme::LABEL_WIDTH, theme::ROW_HEIGHT],
            egui::Label::new(label),
        );
        let current = match value {
            Fact::Unknown => t!("widget.unknown"),
            Fact::Absent => absent_text.into(),
            Fact::Stated(_) => t!("widget.on"),
        };
        let combo = egui::ComboBox::from_id_salt(("fact", label))
            .selected_text(current)
            .show_ui(ui, |ui| {
                let fallback = value.stated().copied().unwrap_or(default);
                let options = [
                    (
                        t!("widget.unknown"),
                        Fact::Unknown,
                        matches!(value, Fact::Unknown),
                    ),
                    (
                        absent_text.into(),
                        Fact::Absent,
                        matches!(value, Fact::Absent),
                    ),
                    (
                        t!("widget.on_a_date"),
                        Fact::Stated(fallback),
                        matches!(value, Fact::Stated(_)),
                    ),
                ];
                for (text, next, is) in options {
                    if ui.selectable_label(is, text).clicked() && !is {
                        *value = next;
                        changed = true;
                    }
                }
            });
        combo.response.labelled_by(label_response.id);
    });
    if let Fact::Stated(date) = value {
        let mut date_value = Some(*date);
        if date_field(ui, &t!("widget.date_of", label = label), &mut date_value) {
            *value = date_value.map_or(Fact::Unknown, Fact::Stated);
            changed = true;
        }
    }
    changed
}

/// A yes/no fact that may be unknown. Returns true when it changed.
pub fn fact_bool_field(ui: &mut Ui, label: &str, value: &mut Fact<bool>) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let label_response = ui.add_sized(
            [theme::LABEL_WIDTH, theme::ROW_HEIGHT],
            egui::Label::new(label),
        );
        let text = match value {
            Fact::Unknown => t!("widget.unknown"),
            Fact::Absent | Fact::Stated(false) => t!("widget.no"),
            Fact::Stated(true) => t!("widget.yes"),
        };
        let combo = egui::ComboBox::from_id_salt(("bool", label))
            .selected_text(text)
            .show_ui(ui, |ui| {
                for (text, next) in [
                    (t!("widget.unknown"), Fact::Unknown),
                    (t!("widget.yes"), Fact::Stated(true)),
                    (t!("widget.no"), Fact::Stated(false)),
                ] {
                    if ui.selectable_label(*value == next, text).clicked() && *value != next {
                        *value = next;
                        changed = true;
                    }
                }
            });
        combo.response.labelled_by(label_response.id);
    });
    changed
}

/// A choice among a few values, shown as a drop-down. Returns true when it changed.
pub fn choice<T: PartialEq + Clone, S: AsRef<str>>(
    ui: &mut Ui,
    label: &str,
    value: &mut T,
    options: &[(T, S)],
) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let label_response = ui.add_sized(
            [theme::LABEL_WIDTH, theme::ROW_HEIGHT],
            egui::Label::new(label),
        );
        let current = options
            .iter()
            .find(|(v, _)| v == value)
            .map_or("?", |(_, text)| text.as_ref());
        let combo = egui::ComboBox::from_id_salt(("choice", label))
            .selected_text(current)
            .show_ui(ui, |ui| {
                for (option, text) in options {
                    if ui
                        .selectable_label(option == value, text.as_ref())
                        .clicked()
                        && option != value
                    {
                        *value = option.clone();
                        changed = true;
                    }
                }
            });
        combo.response.labelled_by(label_response.id);
    });
    changed
}

/// A searchable drop-down over many candidates (ids with display text); only visible rows are
/// laid out, so it stays quick with 100,000 candidates. `None` is offered as `none_text` when given.
pub fn picker(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<Id>,
    candidates: &[(Id, String)],
    none_text: Option<&str>,
) -> bool {
    let mut changed = false;
    ui.horizontal(|ui| {
        let label_response = ui.add_sized(
            [theme::LABEL_WIDTH, theme::ROW_HEIGHT],
            egui::Label::new(label),
        );
        let current = match value {
            Some(id) => candidates.iter().find(|(c, _)| c == id).map_or_else(
                || t!("widget.missing", id = id).into_owned(),
                |(_, text)| text.clone(),
            ),
            None => none_text.map_or_else(|| t!("widget.none").into_owned(), str::to_owned),
        };
        let filter_id = ui.scope_id().with(("picker-filter", label));
        let combo = egui::ComboBox::from_id_salt(("picker", label))
            .selected_text(current)
            .width(theme::FIELD_WIDTH)
            .height(theme::PICKER_HEIGHT)
            .close_behavior(egui::PopupCloseBehavior::CloseOnClickOutside)
            .show_ui(ui, |ui| {
                let mut filter: String = ui.data(|d| d.get_temp(filter_id)).unwrap_or_default();
                let filter_label = ui.label(t!("widget.filter"));
                ui.add(egui::TextEdit::singleline(&mut filter).hint_text(t!("widget.filter_hint")))
                    .labelled_by(filter_label.id);
                let needle = filter.to_lowercase();
                if let Some(none_text) = none_text
                    && ui.selectable_label(value.is_none(), none_text).clicked()
                    && value.is_some()
                {
                    *value = None;
                    changed = true;
                    ui.close();
                }
                let shown: Vec<&(Id, String)> = candidates
                    .iter()
                    .filter(|(id, text)| {
                        needle.is_empty()
                            || text.to_lowercase().contains(&needle)
                            || id.as_str().contains(&needle)
                    })
                    .collect();
                egui::ScrollArea::vertical()
                    .max_height(theme::PICKER_HEIGHT)
                    .show_rows(ui, theme::ROW_HEIGHT, shown.len(), |ui, rows| {
                        for (id, text) in &shown[rows] {
                            let is = value.as_ref() == Some(id);
                            if ui.selectable_label(is, text).clicked() && !is {
                                *value = Some(id.clone());
                                changed = true;
                            }
                        }
                    });
                ui.data_mut(|d| d.insert_temp(filter_id, filter));
            });
        combo.response.labelled_by(label_response.id);
    });
    changed
}

/// Country picker over the region table: "JP · Japan (Japan market)".
pub fn country_picker(
    ui: &mut Ui,
    label: &str,
    value: &mut Option<Country>,
    table: &RegionTable,
    on: NaiveDate,
) -> bool {
    let japanese = language() == Language::Japanese;
    let mut seen = std::collections::BTreeMap::new();
    for row in table.rows() {
        seen.entry(row.country).or_insert_with(|| {
            let in_force = table.row(row.country, RegionList::in_force_on(on));
            let market = in_force.map_or_else(
                || t!("widget.no_market").into_owned(),
                |r| {
                    let region = if japanese && !r.region_ja.is_empty() {
                        &r.region_ja
                    } else {
                        &r.region
                    };
                    t!("widget.market", region = region).into_owned()
                },
            );
            let name = if japanese && !row.country_name_ja.is_empty() {
                &row.country_name_ja
            } else {
                &row.country_name
            };
            format!("{} · {name} ({market})", row.country)
        });
    }
    let candidates: Vec<(Id, String)> = seen
        .into_iter()
        .filter_map(|(country, text)| Id::new(country.as_str()).ok().map(|id| (id, text)))
        .collect();
    let mut as_id = value.and_then(|c| Id::new(c.as_str()).ok());
    if picker(
        ui,
        label,
        &mut as_id,
        &candidates,
        Some(&t!("widget.unknown")),
    ) {
        *value = as_id.and_then(|id| Country::parse(id.as_str()));
        return true;
    }
    false
}
