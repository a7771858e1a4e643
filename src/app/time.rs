//! The as-of date in the app: the picker in the status bar, the timeline strip under the diagram
//! and the radar panel. A move of the date is applied at once, so the diagram and the problems
//! drawn after it in the same frame already show the new date.

use chrono::NaiveDate;
use egui::Ui;

use super::{Command, StudioApp};
use crate::edit::Edit;
use crate::i18n::t;
use crate::ui::theme;

impl StudioApp {
    /// Moves the as-of date as one undoable edit (moves sharing `merge_key` undo together).
    pub fn move_as_of(&mut self, ctx: &egui::Context, date: NaiveDate, merge_key: Option<String>) {
        if date == self.document.workspace.as_of {
            return;
        }
        self.run_command(
            ctx,
            Command::Apply {
                edit: Edit::SetAsOf(date),
                merge_key,
                select: None,
            },
        );
    }

    /// The as-of picker, for the status bar.
    pub(super) fn as_of_picker(&mut self, ui: &mut Ui) {
        if let Some(date) = crate::ui::as_of::picker(ui, self.document.workspace.as_of) {
            self.move_as_of(&ui.ctx().clone(), date, None);
        }
    }

    /// The timeline strip at the bottom of the diagram's area.
    pub(super) fn timeline_strip(&mut self, ui: &mut Ui) {
        egui::Panel::bottom("timeline")
            .resizable(false)
            .show(ui, |ui| {
                if let Some(request) = self.timeline.ui(ui, &self.document) {
                    let ctx = ui.ctx().clone();
                    self.move_as_of(&ctx, request.date, request.merge_key);
                    // Draw the frame again so the panels drawn before the strip show the new date too.
                    ctx.request_discard("the as-of date moved");
                }
            });
    }

    /// The radar panel, when shown.
    pub(super) fn radar_panel(&mut self, ui: &mut Ui) {
        if !self.show_radar {
            return;
        }
        let commands = egui::Panel::right("radar")
            .default_size(theme::RADAR_WIDTH)
            .resizable(true)
            .show(ui, |ui| self.radar.ui(ui, &self.document, &self.selection))
            .inner;
        self.queue.extend(commands);
    }

    /// The View menu's entries for time.
    pub(super) fn time_menu(&mut self, ui: &mut Ui) {
        ui.separator();
        ui.checkbox(&mut self.show_radar, t!("time.menu.radar"));
        let as_of = self.document.workspace.as_of;
        let marks = crate::timeline::Marks::of(&self.document.workspace);
        let entries = [
            (
                t!("time.menu.previous_change"),
                "[",
                marks.step(as_of, false),
            ),
            (t!("time.menu.next_change"), "]", marks.step(as_of, true)),
            (t!("time.menu.day_back"), ",", as_of.pred_opt()),
            (t!("time.menu.day_forward"), ".", as_of.succ_opt()),
        ];
        for (label, key, date) in entries {
            let button = egui::Button::new(label).shortcut_text(key);
            if ui.add_enabled(date.is_some(), button).clicked()
                && let Some(date) = date
            {
                self.move_as_of(&ui.ctx().clone(), date, None);
                ui.close();
            }
        }
        if ui.button(t!("time.menu.today")).clicked() {
            self.move_as_of(&ui.ctx().clone(), chrono::Local::now().date_naive(), None);
            ui.close();
        }
    }
}
