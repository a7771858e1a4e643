//! For trainers: the scenario gallery, walking a scenario's steps (Next/Previous, each one
//! undoable edit), recording steps from edits, and the presentation view.

use std::path::Path;

use egui::{Context, Key, Modifiers, Ui, ViewportCommand};

use super::{Command, Document, StudioApp};
use crate::edit::Edit;
use crate::edit::walkthrough::{Target, WalkError, Walkthrough};
use crate::i18n::t;
use crate::io::IoError;
use crate::model::{ModelError, Workspace};
use crate::scenarios;
use crate::ui::gallery::Gallery;
use crate::ui::theme;
use crate::ui::walk_panel::{WalkAction, WalkPanel, WalkView};

/// What trainers ask for, from menus, keys, the gallery and the walkthrough controls.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TrainerCommand {
    /// Show the scenario gallery.
    ShowGallery,
    /// Open a copy of the bundled scenario with this key as a new untitled workspace.
    OpenScenario(&'static str),
    /// Apply the next walkthrough step.
    NextStep,
    /// Take the current step back.
    PreviousStep,
    /// Go back to the walkthrough's start.
    RestartWalk,
    /// Make the edits since the last step a new step with this text.
    RecordStep(String),
    /// Enter or leave the presentation view.
    TogglePresentation,
}

/// The trainer's state beside the document.
#[derive(Default)]
pub struct Trainer {
    /// Where the walkthrough stands; started when first needed, dropped with the document.
    walk: Option<Walkthrough>,
    /// True while the presentation view is shown.
    pub presenting: bool,
    /// True while the controls for recording steps are shown (View menu).
    pub recording: bool,
    /// The scenario gallery window.
    pub gallery: Gallery,
    panel: WalkPanel,
    /// Changes since the last step, for the document generation they were counted at.
    unrecorded: Option<(u64, usize)>,
}

impl Trainer {
    /// Forgets the walkthrough of a document that is being replaced.
    pub fn forget_document(&mut self) {
        self.walk = None;
        self.unrecorded = None;
    }

    /// How many steps the walkthrough has applied.
    pub fn position(&self) -> usize {
        self.walk.as_ref().map_or(0, Walkthrough::position)
    }
}

impl Target for Document {
    fn workspace(&self) -> &Workspace {
        &self.workspace
    }

    fn apply(&mut self, edit: Edit) -> Result<(), ModelError> {
        Document::apply(self, edit, None)
    }
}

impl StudioApp {
    /// Per-frame bookkeeping and keys; runs before the panels so arrows never reach the diagram
    /// while presenting.
    pub(super) fn trainer_frame(&mut self, ctx: &Context) {
        let ws = &self.document.workspace;
        let walk = self
            .trainer
            .walk
            .get_or_insert_with(|| Walkthrough::start(ws));
        walk.sync(ws);
        self.diagram.highlight = walk.highlighted(ws).into_iter().collect();
        // Comparing with the last step's state walks every entity: only while recording, and
        // once per change, so editing a large network costs nothing extra.
        if self.trainer.recording
            && self.trainer.unrecorded.map(|(g, _)| g) != Some(self.document.generation)
        {
            let count = walk.unrecorded(ws).len();
            self.trainer.unrecorded = Some((self.document.generation, count));
        }
        if self.file_dialog.is_none() && self.confirm.is_none() && !ctx.text_edit_focused() {
            self.trainer_keys(ctx);
        }
    }

    fn trainer_keys(&mut self, ctx: &Context) {
        let pressed = |keys: &[Key]| {
            ctx.input_mut(|i| keys.iter().any(|k| i.consume_key(Modifiers::NONE, *k)))
        };
        let presenting = self.trainer.presenting;
        // Page keys scroll lists elsewhere; they walk only a workspace that has steps.
        let has_steps = !crate::edit::walkthrough::steps(&self.document.workspace).is_empty();
        let command = if pressed(&[Key::F5]) || (presenting && pressed(&[Key::Escape])) {
            Some(TrainerCommand::TogglePresentation)
        } else if self.trainer.presenting {
            if pressed(&[Key::ArrowRight, Key::ArrowDown, Key::Space, Key::PageDown]) {
                Some(TrainerCommand::NextStep)
            } else if pressed(&[Key::ArrowLeft, Key::ArrowUp, Key::PageUp, Key::Backspace]) {
                Some(TrainerCommand::PreviousStep)
            } else {
                None
            }
        } else if has_steps && pressed(&[Key::PageDown]) {
            Some(TrainerCommand::NextStep)
        } else if has_steps && pressed(&[Key::PageUp]) {
            Some(TrainerCommand::PreviousStep)
        } else {
            None
        };
        if let Some(command) = command {
            self.queue.push(Command::Trainer(command));
        }
    }

    /// Runs one trainer command.
    pub(super) fn run_trainer(&mut self, ctx: &Context, command: TrainerCommand) {
        // What a step, a scenario or the view change is drawn at once, not at the next input.
        ctx.request_repaint();
        match command {
            TrainerCommand::ShowGallery => self.trainer.gallery.open = true,
            TrainerCommand::OpenScenario(key) => self.open_scenario(key),
            TrainerCommand::NextStep => self.walk_with(|walk, doc| walk.next(doc).map(|_| ())),
            TrainerCommand::PreviousStep => {
                self.walk_with(|walk, doc| walk.previous(doc).map(|_| ()));
            }
            TrainerCommand::RestartWalk => {
                self.walk_with(|walk, doc| walk.restart(doc).map(|_| ()));
            }
            TrainerCommand::RecordStep(text) => {
                let title = t!("trainer.walk.default_title").into_owned();
                self.walk_with(|walk, doc| walk.record(doc, &text, &title));
            }
            TrainerCommand::TogglePresentation => {
                self.trainer.presenting = !self.trainer.presenting;
                ctx.send_viewport_cmd(ViewportCommand::Fullscreen(self.trainer.presenting));
                self.diagram.fit_all();
            }
        }
    }

    fn walk_with(
        &mut self,
        action: impl FnOnce(&mut Walkthrough, &mut Document) -> Result<(), WalkError>,
    ) {
        let ws = &self.document.workspace;
        let walk = self
            .trainer
            .walk
            .get_or_insert_with(|| Walkthrough::start(ws));
        if let Err(error) = action(walk, &mut self.document) {
            self.error = Some(t!("trainer.walk.error", error = error.to_string()).into_owned());
        }
    }

    fn open_scenario(&mut self, key: &str) {
        let Some(scenario) = scenarios::ALL.iter().find(|s| s.key == key) else {
            return;
        };
        match scenario.load() {
            Ok(ws) => {
                let mut document = Document::new(ws, None);
                document.untitled_name = Some(t!("trainer.untitled", name = key).into_owned());
                self.replace_document(document);
                self.diagram.fit_all();
            }
            Err(error) => self.error = Some(error.to_string()),
        }
    }

    /// Saves the scenario as it starts, so the file's steps replay from the state they were
    /// written for; the workspace on screen stays at the current step.
    pub(super) fn save_document(&mut self, path: &Path) -> Result<(), IoError> {
        let Some(walk) = self.trainer.walk.as_ref().filter(|w| w.position() > 0) else {
            return self.document.save_as(path);
        };
        let start = walk.start_state(&self.document.workspace);
        let shown = std::mem::replace(&mut self.document.workspace, start);
        let saved = self.document.save_as(path);
        self.document.workspace = shown;
        saved
    }

    /// The narrative and walkthrough controls above the diagram.
    pub(super) fn walk_panel(&mut self, ui: &mut Ui) {
        let view = WalkView {
            narrative: self.document.workspace.narrative.as_ref(),
            position: self.trainer.position(),
            unrecorded: self
                .trainer
                .unrecorded
                .filter(|_| self.trainer.recording)
                .map(|(_, n)| n),
        };
        if let Some(action) = self.trainer.panel.ui(ui, &view, false) {
            self.queue.push(Command::Trainer(walk_command(action)));
        }
    }

    /// The presentation view: the narrative in large type beside the diagram, nothing else.
    pub(super) fn presentation(&mut self, ui: &mut Ui) {
        let view = WalkView {
            narrative: self.document.workspace.narrative.as_ref(),
            position: self.trainer.position(),
            unrecorded: None,
        };
        let panel = &mut self.trainer.panel;
        let diagnostics = &self.document.diagnostics;
        let action = egui::Panel::right("presentation-narrative")
            .default_size(theme::PRESENTATION_NARRATIVE_WIDTH)
            .resizable(true)
            .show(ui, |ui| {
                let leave = ui.horizontal(|ui| {
                    let leave = ui.button(t!("trainer.present.leave")).clicked();
                    ui.label(egui::RichText::new(t!("trainer.present.keys")).weak());
                    leave
                });
                if leave.inner {
                    return Some(None);
                }
                enlarge_text(ui);
                egui::ScrollArea::vertical()
                    .show(ui, |ui| {
                        let action = panel.ui(ui, &view, true);
                        ui.add_space(12.0);
                        problems_list(ui, diagnostics);
                        action.map(Some)
                    })
                    .inner
            })
            .inner;
        match action {
            Some(Some(action)) => self.queue.push(Command::Trainer(walk_command(action))),
            Some(None) => self
                .queue
                .push(Command::Trainer(TrainerCommand::TogglePresentation)),
            None => {}
        }
        egui::CentralPanel::default().show(ui, |ui| {
            let commands = self.diagram.ui(ui, &self.document, &self.selection, true);
            self.queue.extend(commands);
        });
    }

    /// The gallery window, when open.
    pub(super) fn trainer_dialogs(&mut self, ctx: &Context) {
        if let Some(scenario) = self.trainer.gallery.show(ctx) {
            self.queue
                .push(Command::Trainer(TrainerCommand::OpenScenario(scenario.key)));
        }
    }

    /// File menu entries.
    pub(super) fn trainer_file_menu(&mut self, ui: &mut Ui) {
        if ui.button(t!("trainer.menu.new_from_scenario")).clicked() {
            self.queue
                .push(Command::Trainer(TrainerCommand::ShowGallery));
            ui.close();
        }
    }

    /// View menu entries.
    pub(super) fn trainer_view_menu(&mut self, ui: &mut Ui) {
        ui.separator();
        let ctx = ui.ctx().clone();
        let entry = |label: String, key: Key| {
            egui::Button::new(label).shortcut_text(
                ctx.format_shortcut(&egui::KeyboardShortcut::new(Modifiers::NONE, key)),
            )
        };
        if ui
            .checkbox(&mut self.trainer.recording, t!("trainer.menu.record_steps"))
            .clicked()
        {
            ui.close();
        }
        let position = self.trainer.position();
        let count = crate::edit::walkthrough::steps(&self.document.workspace).len();
        let items = [
            (
                entry(t!("trainer.menu.presentation").into_owned(), Key::F5),
                true,
                TrainerCommand::TogglePresentation,
            ),
            (
                entry(t!("trainer.menu.next_step").into_owned(), Key::PageDown),
                position < count,
                TrainerCommand::NextStep,
            ),
            (
                entry(t!("trainer.menu.previous_step").into_owned(), Key::PageUp),
                position > 0,
                TrainerCommand::PreviousStep,
            ),
        ];
        for (button, enabled, command) in items {
            if ui.add_enabled(enabled, button).clicked() {
                self.queue.push(Command::Trainer(command));
                ui.close();
            }
        }
    }

    /// The Help menu.
    pub(super) fn trainer_help_menu(&mut self, ui: &mut Ui) {
        ui.menu_button(t!("trainer.menu.help"), |ui| {
            if ui.button(t!("trainer.menu.gallery")).clicked() {
                self.queue
                    .push(Command::Trainer(TrainerCommand::ShowGallery));
                ui.close();
            }
        });
    }
}

fn walk_command(action: WalkAction) -> TrainerCommand {
    match action {
        WalkAction::Next => TrainerCommand::NextStep,
        WalkAction::Previous => TrainerCommand::PreviousStep,
        WalkAction::Restart => TrainerCommand::RestartWalk,
        WalkAction::Record(text) => TrainerCommand::RecordStep(text),
    }
}

/// The errors and warnings of the picture shown, so a class sees what the rules say.
fn problems_list(ui: &mut Ui, diagnostics: &[crate::rules::Diagnostic]) {
    let dark = ui.visuals().dark_mode;
    for d in diagnostics
        .iter()
        .filter(|d| d.severity != crate::rules::Severity::Info)
    {
        ui.horizontal_wrapped(|ui| {
            ui.colored_label(
                theme::severity_color(d.severity, dark),
                egui::RichText::new(d.code).strong(),
            );
            ui.label(&d.message);
        });
    }
}

fn enlarge_text(ui: &mut Ui) {
    for font in ui.style_mut().text_styles.values_mut() {
        font.size *= theme::PRESENTATION_TEXT_SCALE;
    }
}
