//! The timeline strip under the diagram: every day where something changes, the network's own
//! (ticks above the line) and the program's (labelled flags), with a handle at the as-of date.
//! Dragging the handle or stepping with keys moves the as-of date; a drag is one undo step.

use chrono::{Datelike, Days, NaiveDate};
use egui::{Align2, Color32, FontId, Key, Pos2, Rect, Sense, Stroke, Ui, pos2, vec2};

use crate::app::Document;
use crate::i18n::t;
use crate::timeline::{Marks, PROGRAM_DATES, ProgramDate};

use super::theme;

/// Days left blank before the first mark and after the last.
const MARGIN_DAYS: u64 = 60;
/// How near (in points) the pointer must be to a mark to explain it.
const HOVER_REACH: f32 = 5.0;

/// A request to move the as-of date.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MoveAsOf {
    /// The new date.
    pub date: NaiveDate,
    /// The undo merge key: every move of one drag shares it, so the drag undoes as one step.
    pub merge_key: Option<String>,
}

/// The strip's view state and the marks it caches per content generation of the document.
#[derive(Default)]
pub struct Timeline {
    marks: Marks,
    generation: Option<u64>,
    /// Counts drags, so each drag gets its own merge key.
    drags: u64,
}

impl Timeline {
    /// Draws the strip; returns a move of the as-of date when the user asked for one.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document) -> Option<MoveAsOf> {
        // Moving the date changes no mark: collect them again only when the content changed.
        if self.generation != Some(doc.content_generation) {
            self.marks = Marks::of(&doc.workspace);
            self.generation = Some(doc.content_generation);
        }
        let as_of = doc.workspace.as_of;
        let mut request = self.keys(ui, as_of);
        let (rect, response) = ui.allocate_exact_size(
            vec2(ui.available_width(), theme::TIMELINE_HEIGHT),
            Sense::click_and_drag(),
        );
        response.widget_info(|| {
            egui::WidgetInfo::labeled(
                egui::Role::Slider,
                true,
                t!("time.timeline.label", date = as_of.to_string()),
            )
        });
        let scale = Scale::new(&self.marks, as_of, rect);
        self.paint(ui, &scale, as_of);
        if response.drag_started() {
            self.drags += 1;
        }
        if (response.dragged() || response.clicked())
            && let Some(pointer) = response.interact_pointer_pos()
        {
            let date = scale.snap(pointer.x, &self.marks);
            if date != as_of {
                request = Some(MoveAsOf {
                    date,
                    merge_key: Some(format!("timeline-drag-{}", self.drags)),
                });
            }
        }
        if let Some(hover) = response.hover_pos() {
            hover_text(&response, &scale, &self.marks, hover);
        }
        request
    }

    /// `[` and `]` step to the previous and next marked day, `,` and `.` by one day; never while
    /// typing, so they stay characters in a text field.
    fn keys(&self, ui: &Ui, as_of: NaiveDate) -> Option<MoveAsOf> {
        if ui.ctx().text_edit_focused() {
            return None;
        }
        let pressed = |key| ui.input_mut(|i| i.consume_key(egui::Modifiers::NONE, key));
        let date = if pressed(Key::CloseBracket) {
            self.marks.step(as_of, true)
        } else if pressed(Key::OpenBracket) {
            self.marks.step(as_of, false)
        } else if pressed(Key::Period) {
            as_of.succ_opt()
        } else if pressed(Key::Comma) {
            as_of.pred_opt()
        } else {
            None
        };
        date.map(|date| MoveAsOf {
            date,
            merge_key: None,
        })
    }

    fn paint(&self, ui: &Ui, scale: &Scale, as_of: NaiveDate) {
        let painter = ui.painter_at(scale.rect);
        let visuals = ui.visuals();
        let dark = visuals.dark_mode;
        painter.rect_filled(
            scale.rect,
            0.0,
            if dark {
                theme::DIAGRAM_BG_DARK
            } else {
                theme::DIAGRAM_BG_LIGHT
            },
        );
        let axis = scale.axis_y();
        let text = visuals.text_color();
        let weak = visuals.weak_text_color();
        painter.hline(scale.rect.x_range(), axis, Stroke::new(1.0, weak));
        for year in scale.first.year()..=scale.last.year() + 1 {
            let Some(jan) = NaiveDate::from_ymd_opt(year, 1, 1) else {
                continue;
            };
            if jan < scale.first || jan > scale.last {
                continue;
            }
            let x = scale.x(jan);
            painter.vline(x, axis..=axis + 4.0, Stroke::new(1.0, weak));
            painter.text(
                pos2(x + 2.0, axis + 4.0),
                Align2::LEFT_TOP,
                year.to_string(),
                FontId::proportional(theme::TIMELINE_FONT_SIZE),
                weak,
            );
        }
        let tick = theme::TIMELINE_TICK;
        for (date, changes) in &self.marks.network {
            let x = scale.x(*date);
            let height = tick * (1.0 + ((changes.starts + changes.ends) as f32).log10());
            let colour = if changes.ends > changes.starts {
                theme::TIMELINE_END
            } else {
                theme::TIMELINE_START
            };
            painter.vline(x, axis - height..=axis, Stroke::new(1.5, colour));
        }
        for program in PROGRAM_DATES {
            let x = scale.x(program.date);
            let top = scale.rect.top() + 2.0;
            painter.vline(x, top..=axis, Stroke::new(1.0, theme::TIMELINE_PROGRAM));
            painter.rect_filled(
                Rect::from_min_size(pos2(x, top), vec2(6.0, 5.0)),
                0.0,
                theme::TIMELINE_PROGRAM,
            );
        }
        let x = scale.x(as_of);
        painter.vline(x, scale.rect.y_range(), Stroke::new(2.0, theme::SELECTION));
        painter.circle_filled(pos2(x, axis), theme::HANDLE_RADIUS, theme::SELECTION);
        let anchor = if x > scale.rect.center().x {
            Align2::RIGHT_TOP
        } else {
            Align2::LEFT_TOP
        };
        let offset = if anchor == Align2::RIGHT_TOP {
            -8.0
        } else {
            8.0
        };
        painter.text(
            pos2(x + offset, scale.rect.top() + 2.0),
            anchor,
            as_of.to_string(),
            FontId::proportional(theme::TIMELINE_FONT_SIZE),
            text,
        );
    }
}

/// Maps days to x positions across the strip.
struct Scale {
    rect: Rect,
    first: NaiveDate,
    last: NaiveDate,
}

impl Scale {
    fn new(marks: &Marks, as_of: NaiveDate, rect: Rect) -> Self {
        let (first, last) = marks.span().unwrap_or((as_of, as_of));
        let first = first.min(as_of);
        let last = last.max(as_of);
        let inner = rect.shrink2(vec2(theme::HANDLE_RADIUS * 2.0, 0.0));
        Self {
            rect: inner,
            first: first
                .checked_sub_days(Days::new(MARGIN_DAYS))
                .unwrap_or(first),
            last: last
                .checked_add_days(Days::new(MARGIN_DAYS))
                .unwrap_or(last),
        }
    }

    fn days(&self) -> f32 {
        (self.last - self.first).num_days().max(1) as f32
    }

    fn axis_y(&self) -> f32 {
        self.rect.bottom() - theme::TIMELINE_FONT_SIZE - 6.0
    }

    fn x(&self, date: NaiveDate) -> f32 {
        let days = (date - self.first).num_days() as f32;
        self.rect.left() + self.rect.width() * days / self.days()
    }

    fn date_at(&self, x: f32) -> NaiveDate {
        let share = ((x - self.rect.left()) / self.rect.width().max(1.0)).clamp(0.0, 1.0);
        let days = (share * self.days()).round() as u64;
        self.first
            .checked_add_days(Days::new(days))
            .unwrap_or(self.last)
    }

    /// The day under `x`, snapped to a mark within reach, so a trainer lands on 2020-02-01.
    fn snap(&self, x: f32, marks: &Marks) -> NaiveDate {
        nearest_mark(self, marks, x).map_or_else(|| self.date_at(x), |(date, _)| date)
    }
}

/// The marked day nearest to `x` within reach, with the program date falling on it.
fn nearest_mark(
    scale: &Scale,
    marks: &Marks,
    x: f32,
) -> Option<(NaiveDate, Option<&'static ProgramDate>)> {
    let program = PROGRAM_DATES
        .iter()
        .map(|p| (p.date, Some(p)))
        .min_by(|a, b| distance(scale, a.0, x).total_cmp(&distance(scale, b.0, x)))
        .filter(|(d, _)| distance(scale, *d, x) <= HOVER_REACH);
    if program.is_some() {
        return program;
    }
    let at = scale.date_at(x);
    let i = marks.network.partition_point(|(d, _)| *d < at);
    [i.checked_sub(1), Some(i)]
        .into_iter()
        .flatten()
        .filter_map(|i| marks.network.get(i))
        .map(|(d, _)| (*d, None))
        .filter(|(d, _)| distance(scale, *d, x) <= HOVER_REACH)
        .min_by(|a, b| distance(scale, a.0, x).total_cmp(&distance(scale, b.0, x)))
}

fn distance(scale: &Scale, date: NaiveDate, x: f32) -> f32 {
    (scale.x(date) - x).abs()
}

fn hover_text(response: &egui::Response, scale: &Scale, marks: &Marks, pointer: Pos2) {
    let Some((date, program)) = nearest_mark(scale, marks, pointer.x) else {
        response.clone().on_hover_text(t!(
            "time.timeline.hint",
            date = scale.date_at(pointer.x).to_string()
        ));
        return;
    };
    response.clone().on_hover_ui(|ui| {
        ui.label(egui::RichText::new(date.to_string()).strong());
        if let Some(program) = program {
            ui.label(
                egui::RichText::new(t!(format!("time.program.{}.title", program.key))).strong(),
            );
            ui.label(t!(format!("time.program.{}.text", program.key)));
            ui.label(
                egui::RichText::new(program.codes.join(", "))
                    .color(Color32::GRAY)
                    .small(),
            );
        }
        if let Some(changes) = marks.network_on(date) {
            ui.label(t!(
                "time.timeline.network",
                starts = changes.starts,
                ends = changes.ends
            ));
        }
    });
}
