//! The narrative beside the diagram: the scenario's title and text, where the walkthrough
//! stands, the current step's words, and (when editing) recording a new step.

use egui::{RichText, Ui};

use crate::i18n::t;
use crate::model::Narrative;

/// What the user asked the walkthrough to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WalkAction {
    /// Apply the next step.
    Next,
    /// Take the current step back.
    Previous,
    /// Go back to the start.
    Restart,
    /// Make the edits since the last step a new step with this text.
    Record(String),
}

/// Where the walkthrough stands, as the panel shows it.
pub struct WalkView<'a> {
    /// The workspace's narrative, if any.
    pub narrative: Option<&'a Narrative>,
    /// Steps applied (0 = the start).
    pub position: usize,
    /// Changes made since the last step, offered for recording (`None` hides recording).
    pub unrecorded: Option<usize>,
}

/// The panel's own state: the text of the step being recorded.
#[derive(Default)]
pub struct WalkPanel {
    /// What the trainer typed for the next recorded step.
    pub record_text: String,
}

impl WalkPanel {
    /// Draws the narrative and controls; `large` is the presentation view's type size.
    pub fn ui(&mut self, ui: &mut Ui, view: &WalkView<'_>, large: bool) -> Option<WalkAction> {
        let mut action = None;
        let count = view.narrative.map_or(0, |n| n.steps.len());
        if let Some(narrative) = view.narrative {
            if large {
                ui.heading(&narrative.title);
                ui.add_space(8.0);
                if view.position == 0 || count == 0 {
                    ui.label(&narrative.text);
                }
            } else {
                egui::CollapsingHeader::new(RichText::new(&narrative.title).strong())
                    .id_salt("narrative")
                    .default_open(false)
                    .show(ui, |ui| ui.label(&narrative.text));
            }
        }
        if count > 0 {
            ui.horizontal_wrapped(|ui| {
                if ui
                    .add_enabled(
                        view.position > 0,
                        egui::Button::new(t!("trainer.walk.restart")),
                    )
                    .clicked()
                {
                    action = Some(WalkAction::Restart);
                }
                if ui
                    .add_enabled(
                        view.position > 0,
                        egui::Button::new(t!("trainer.walk.previous")),
                    )
                    .on_hover_text(t!("trainer.walk.previous_hint"))
                    .clicked()
                {
                    action = Some(WalkAction::Previous);
                }
                let place = if view.position == 0 {
                    t!("trainer.walk.at_start", count = count)
                } else {
                    t!("trainer.walk.step_of", step = view.position, count = count)
                };
                ui.label(RichText::new(place).strong());
                if ui
                    .add_enabled(
                        view.position < count,
                        egui::Button::new(t!("trainer.walk.next")),
                    )
                    .on_hover_text(t!("trainer.walk.next_hint"))
                    .clicked()
                {
                    action = Some(WalkAction::Next);
                }
            });
            if let Some(step) = view
                .position
                .checked_sub(1)
                .and_then(|n| view.narrative?.steps.get(n))
            {
                let text = if step.text.is_empty() {
                    t!("trainer.walk.no_text").into_owned()
                } else {
                    step.text.clone()
                };
                ui.label(RichText::new(text).strong());
            }
        }
        if let Some(unrecorded) = view.unrecorded {
            action = action.or(self.record_ui(ui, unrecorded, view.position == count));
        }
        action
    }

    fn record_ui(&mut self, ui: &mut Ui, unrecorded: usize, at_end: bool) -> Option<WalkAction> {
        let mut action = None;
        ui.horizontal(|ui| {
            let label = ui.label(t!("trainer.walk.record_text"));
            ui.add(
                egui::TextEdit::singleline(&mut self.record_text)
                    .desired_width(crate::ui::theme::FIELD_WIDTH * 2.0),
            )
            .labelled_by(label.id);
            if ui
                .add_enabled(
                    unrecorded > 0 && at_end,
                    egui::Button::new(t!("trainer.walk.record")),
                )
                .on_hover_text(t!("trainer.walk.record_hint"))
                .clicked()
            {
                action = Some(WalkAction::Record(std::mem::take(&mut self.record_text)));
            }
            ui.label(RichText::new(t!("trainer.walk.unrecorded", count = unrecorded)).small());
        });
        action
    }
}
