//! The eframe shell: owns the document, lays out the panels, and runs the commands they return
//! once at the end of each frame.

mod autosave;
mod commands;
mod dialogs;
mod document;
mod import;
mod loading;
mod review;
mod safety;
mod settings;
mod time;
mod trainer;

use std::path::PathBuf;

use egui::{Context, Ui, ViewportCommand};

pub use commands::{Command, MenuCommand};
pub use dialogs::{ConfirmOutcome, FileDialog, FileOutcome, FilePurpose};
pub use document::{Document, ProblemCount, SAMPLE};
pub use import::{ImportDialog, ImportOutcome, ImportState};
pub use loading::LoadPurpose;
pub use safety::default_recovery_dir;
pub use settings::{Settings, Theme};
pub use trainer::TrainerCommand;

use crate::edit::ops;
use crate::i18n::{self, Language, t};
use crate::model::{Entity, Id, Organization, OrganizationKind, Workspace};
use crate::ui::{
    diagram::Diagram, explorer::Explorer, inspector::Inspector, problems::Problems, theme,
};

/// The application state behind the window.
pub struct StudioApp {
    /// The open document.
    pub document: Document,
    /// The selected entities; the first is the one the inspector shows.
    pub selection: Vec<Id>,
    /// A load or save error, shown until dismissed; the open workspace stays as it was.
    pub error: Option<String>,
    /// Remembered preferences.
    pub settings: Settings,
    /// The file dialog, while open.
    pub file_dialog: Option<FileDialog>,
    /// A command waiting for the answer to "save changes first?".
    pub confirm: Option<Command>,
    /// The import dialog, while open.
    pub import: Option<ImportDialog>,
    /// True once the user agreed to close the window.
    quit_confirmed: bool,
    /// A command to run after the pending Save As succeeds.
    after_save: Option<Command>,
    /// Commands collected during the frame.
    queue: Vec<Command>,
    explorer: Explorer,
    inspector: Inspector,
    problems: Problems,
    diagram: Diagram,
    timeline: crate::ui::timeline::Timeline,
    radar: crate::ui::radar::Radar,
    show_radar: bool,
    applied_theme: Option<Theme>,
    shown_title: String,
    /// The comparison with another file, while its window is open.
    pub compare: Option<crate::ui::compare::CompareView>,
    /// Gallery, walkthrough and presentation view.
    pub trainer: trainer::Trainer,
    safety: safety::Safety,
}

impl StudioApp {
    /// Opens `file`, or the bundled sample; a file that cannot be read leaves the sample open
    /// with the error shown.
    pub fn new(file: Option<PathBuf>, settings: Settings) -> Self {
        i18n::set_language(settings.language.unwrap_or_default());
        let mut app = Self {
            document: sample_or_empty(),
            selection: Vec::new(),
            error: None,
            settings,
            file_dialog: None,
            confirm: None,
            import: None,
            quit_confirmed: false,
            after_save: None,
            queue: Vec::new(),
            explorer: Explorer::default(),
            inspector: Inspector::default(),
            problems: Problems::default(),
            diagram: Diagram::default(),
            timeline: Default::default(),
            radar: Default::default(),
            show_radar: true,
            applied_theme: None,
            shown_title: String::new(),
            compare: None,
            trainer: trainer::Trainer::default(),
            safety: safety::Safety::default(),
        };
        if let Some(path) = file {
            app.run_command(&Context::default(), Command::OpenPath(path));
            app.finish_loading(std::time::Duration::MAX);
        }
        app
    }

    /// Queues a command, as a menu entry or panel would.
    pub fn push(&mut self, command: Command) {
        self.queue.push(command);
    }

    /// The diagram's view state.
    pub fn diagram(&self) -> &Diagram {
        &self.diagram
    }

    /// The entity the inspector shows.
    pub fn primary(&self) -> Option<&Id> {
        self.selection.first()
    }

    /// Draws the whole window and runs the frame's commands; used by eframe and headless tests alike.
    pub fn show(&mut self, ui: &mut Ui) {
        let ctx = ui.ctx().clone();
        self.apply_theme(&ctx);
        self.safety_frame(&ctx);
        self.handle_close_request(&ctx);
        self.read_shortcuts(&ctx);
        let dropped = import::dropped_paths(&ctx);
        if !dropped.is_empty() && self.import.is_none() {
            self.queue.push(Command::ImportPaths(dropped));
        }
        self.trainer_frame(&ctx);
        if self.trainer.presenting {
            self.presentation(ui);
            self.end_frame(&ctx);
            return;
        }
        self.menu_bar(ui);
        self.status_bar(ui);
        let review = self.document.is_review();
        let problems = egui::Panel::bottom("problems")
            .default_size(theme::PROBLEMS_HEIGHT)
            .resizable(true)
            .show(ui, |ui| {
                self.radar_panel(ui);
                self.problems.ui(ui, &self.document.diagnostics, review)
            })
            .inner;
        self.queue.extend(problems);
        let explorer = egui::Panel::left("explorer")
            .default_size(theme::EXPLORER_WIDTH)
            .resizable(true)
            .show(ui, |ui| {
                self.explorer
                    .ui(ui, &self.document, &self.selection, review)
            })
            .inner;
        self.queue.extend(explorer);
        self.inspector.read_only = review;
        let inspector = egui::Panel::right("inspector")
            .default_size(theme::INSPECTOR_WIDTH)
            .resizable(true)
            .show(ui, |ui| {
                self.inspector
                    .ui(ui, &self.document, self.selection.first())
            })
            .inner;
        self.queue.extend(inspector);
        egui::CentralPanel::default().show(ui, |ui| self.centre(ui));
        self.end_frame(&ctx);
    }

    fn end_frame(&mut self, ctx: &Context) {
        self.compare_window(ctx);
        self.dialogs(ctx);
        self.safety_dialogs(ctx);
        self.trainer_dialogs(ctx);
        for command in std::mem::take(&mut self.queue) {
            self.run_command(ctx, command);
        }
        self.update_title(ctx);
    }

    fn apply_theme(&mut self, ctx: &Context) {
        if self.applied_theme != Some(self.settings.theme) {
            ctx.set_theme(match self.settings.theme {
                Theme::Dark => egui::Theme::Dark,
                Theme::Light => egui::Theme::Light,
            });
            self.applied_theme = Some(self.settings.theme);
        }
    }

    fn update_title(&mut self, ctx: &Context) {
        let title = format!(
            "{}{} — CSP Network Studio",
            self.document.title(),
            self.review_title()
        );
        if title != self.shown_title {
            ctx.send_viewport_cmd(ViewportCommand::Title(title.clone()));
            self.shown_title = title;
        }
    }

    fn handle_close_request(&mut self, ctx: &Context) {
        if ctx.input(|i| i.viewport().close_requested())
            && self.document.history.is_dirty()
            && !self.quit_confirmed
        {
            ctx.send_viewport_cmd(ViewportCommand::CancelClose);
            self.confirm = Some(Command::Quit);
        }
    }

    fn read_shortcuts(&mut self, ctx: &Context) {
        if self.file_dialog.is_some()
            || self.confirm.is_some()
            || self.import.is_some()
            || self.safety_modal_open()
        {
            return;
        }
        // Never act on keys that belong to an input method composing text (Japanese input).
        if ctx.input(|i| i.events.iter().any(|e| matches!(e, egui::Event::Ime(_)))) {
            return;
        }
        let typing = ctx.text_edit_focused();
        for command in Command::with_shortcuts() {
            let Some(MenuCommand {
                shortcut: Some(shortcut),
                while_typing,
                ..
            }) = command.menu()
            else {
                continue;
            };
            if typing && !while_typing {
                continue;
            }
            if ctx.input_mut(|i| i.consume_shortcut(&shortcut)) {
                self.queue.push(command);
            }
        }
        if !typing && ctx.input_mut(|i| i.consume_shortcut(&commands::REDO_ALTERNATIVE)) {
            self.queue.push(Command::Redo);
        }
    }

    fn menu_item(&mut self, ui: &mut Ui, command: Command, enabled: bool) {
        let Some(menu) = command.menu() else { return };
        let mut button = egui::Button::new(menu.label.as_str());
        if let Some(shortcut) = menu.shortcut {
            button = button.shortcut_text(ui.ctx().format_shortcut(&shortcut));
        }
        if ui.add_enabled(enabled, button).clicked() {
            self.queue.push(command);
            ui.close();
        }
    }

    fn menu_bar(&mut self, ui: &mut Ui) {
        egui::Panel::top("menu").show(ui, |ui| {
            egui::MenuBar::new().ui(ui, |ui| {
                ui.menu_button(t!("menu.file"), |ui| {
                    self.menu_item(ui, Command::NewWorkspace, true);
                    self.trainer_file_menu(ui);
                    self.menu_item(ui, Command::Open, true);
                    self.review_open_items(ui);
                    ui.menu_button(t!("menu.open_recent"), |ui| {
                        if self.settings.recent.is_empty() {
                            ui.label(t!("menu.no_recent"));
                        }
                        for path in self.settings.recent.clone() {
                            if ui.button(path.display().to_string()).clicked() {
                                self.queue.push(Command::OpenPath(path));
                                ui.close();
                            }
                        }
                    });
                    if ui.button(crate::i18n::t!("import.menu")).clicked() {
                        self.queue.push(Command::Import);
                        ui.close();
                    }
                    ui.separator();
                    let editable = !self.document.is_review();
                    self.menu_item(ui, Command::Save, editable);
                    self.menu_item(ui, Command::SaveAs, editable);
                    let can_revert = editable
                        && self.document.path.is_some()
                        && self.document.history.is_dirty();
                    self.menu_item(ui, Command::Revert, can_revert);
                    ui.separator();
                    self.menu_item(ui, Command::ExportSvg, true);
                    self.menu_item(ui, Command::ExportPng, true);
                    self.review_export_items(ui);
                    ui.separator();
                    self.menu_item(ui, Command::Quit, true);
                });
                ui.menu_button(t!("menu.edit"), |ui| {
                    let editable = !self.document.is_review();
                    let can_undo = editable && self.document.history.can_undo();
                    let can_redo = editable && self.document.history.can_redo();
                    self.menu_item(ui, Command::Undo, can_undo);
                    self.menu_item(ui, Command::Redo, can_redo);
                    ui.separator();
                    let can_change = editable && !self.selection.is_empty();
                    self.menu_item(ui, Command::Rename, can_change);
                    self.menu_item(ui, Command::DeleteSelection, can_change);
                    ui.separator();
                    self.menu_item(ui, Command::FocusSearch, true);
                });
                ui.menu_button(t!("menu.view"), |ui| {
                    self.menu_item(ui, Command::FitAll, true);
                    self.diagram.view_menu(ui);
                    let mut dark = self.settings.theme == Theme::Dark;
                    if ui.checkbox(&mut dark, t!("menu.dark_theme")).clicked() {
                        self.queue.push(Command::ToggleTheme);
                        ui.close();
                    }
                    self.time_menu(ui);
                    self.trainer_view_menu(ui);
                    ui.menu_button(t!("language.menu"), |ui| {
                        let current = i18n::language();
                        for language in Language::ALL {
                            if ui
                                .radio(current == language, language.native_name())
                                .clicked()
                            {
                                self.queue.push(Command::SetLanguage(language));
                                ui.close();
                            }
                        }
                    });
                });
                self.trainer_help_menu(ui);
            });
        });
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let (errors, warnings, infos) = crate::rules::counts(&self.document.diagnostics);
                self.review_badge(ui);
                ui.label(self.document.title());
                if self.document.history.is_dirty() {
                    ui.label(t!("app.unsaved"));
                }
                self.autosave_status(ui);
                ui.separator();
                let dark = ui.visuals().dark_mode;
                use crate::rules::Severity;
                ui.colored_label(
                    theme::severity_color(Severity::Error, dark),
                    t!("app.errors", count = errors),
                );
                ui.colored_label(
                    theme::severity_color(Severity::Warning, dark),
                    t!("app.warnings", count = warnings),
                );
                ui.colored_label(
                    theme::severity_color(Severity::Info, dark),
                    t!("app.infos", count = infos),
                );
                ui.separator();
                self.as_of_picker(ui);
            });
        });
    }

    fn centre(&mut self, ui: &mut Ui) {
        if let Some(error) = self.error.clone() {
            egui::Frame::group(ui.style()).show(ui, |ui| {
                ui.horizontal_wrapped(|ui| {
                    ui.colored_label(
                        theme::severity_color(
                            crate::rules::Severity::Error,
                            ui.visuals().dark_mode,
                        ),
                        error,
                    );
                    if ui.button(t!("app.dismiss")).clicked() {
                        self.error = None;
                    }
                });
            });
        }
        self.walk_panel(ui);
        self.timeline_strip(ui);
        let review = self.document.is_review();
        let commands = self.diagram.ui(ui, &self.document, &self.selection, review);
        self.queue.extend(commands);
    }

    fn dialogs(&mut self, ctx: &Context) {
        if let Some(dialog) = &mut self.file_dialog
            && let Some(outcome) = dialog.show(ctx)
        {
            let purpose = dialog.purpose;
            self.file_dialog = None;
            match (outcome, purpose) {
                (FileOutcome::Chosen(path), FilePurpose::Open) => {
                    self.queue.push(Command::OpenPath(path))
                }
                (FileOutcome::Chosen(path), FilePurpose::SaveAs) => {
                    self.queue.push(Command::SaveTo(path))
                }
                (FileOutcome::Chosen(path), FilePurpose::ExportSvg) => {
                    self.queue.push(Command::ExportSvgTo(path))
                }
                (FileOutcome::Chosen(path), FilePurpose::ExportPng) => {
                    self.queue.push(Command::ExportPngTo(path))
                }
                (FileOutcome::Chosen(path), FilePurpose::OpenForReview) => {
                    self.queue.push(Command::OpenForReviewPath(path))
                }
                (FileOutcome::Chosen(path), FilePurpose::ExportReport) => {
                    self.queue.push(Command::ExportReportTo(path))
                }
                (FileOutcome::Chosen(path), FilePurpose::CompareWith) => {
                    self.queue.push(Command::CompareWithPath(path))
                }
                (FileOutcome::Cancelled, _) => self.after_save = None,
            }
        }
        if let Some(dialog) = &mut self.import
            && let Some(outcome) = dialog.show(ctx, &self.document.workspace)
        {
            self.import = None;
            if let ImportOutcome::Apply(edit) = outcome {
                self.queue.push(Command::Apply {
                    edit: *edit,
                    merge_key: None,
                    select: None,
                });
            }
        }
        if let Some(pending) = self.confirm.clone()
            && let Some(answer) = dialogs::confirm_discard(ctx, &self.document.title())
        {
            self.confirm = None;
            match answer {
                ConfirmOutcome::Save => {
                    self.after_save = Some(pending);
                    self.queue.push(Command::Save);
                }
                ConfirmOutcome::Discard => self.run_confirmed(ctx, pending),
                ConfirmOutcome::Cancel => {}
            }
        }
    }

    /// Runs one command now; in review, a command that would change the workspace is refused here.
    pub fn run_command(&mut self, ctx: &Context, command: Command) {
        if self.document.is_review() && command.changes_workspace() {
            return;
        }
        if command.discards_workspace() && self.document.history.is_dirty() {
            self.confirm = Some(command);
            return;
        }
        self.run_confirmed(ctx, command);
    }

    fn run_confirmed(&mut self, ctx: &Context, command: Command) {
        match command {
            Command::NewWorkspace => self.replace_document(Document::new(
                new_workspace(self.document.workspace.as_of),
                None,
            )),
            Command::Open => {
                let start = self
                    .document
                    .path
                    .as_ref()
                    .map(|p| p.display().to_string())
                    .unwrap_or_default();
                self.file_dialog = Some(FileDialog::new(FilePurpose::Open, start));
            }
            Command::OpenPath(path) => self.start_loading(ctx, path, LoadPurpose::Open),
            Command::Save => match self.document.path.clone() {
                Some(path) => self.run_confirmed(ctx, Command::SaveTo(path)),
                None => self.run_confirmed(ctx, Command::SaveAs),
            },
            Command::SaveAs => {
                let start = self
                    .document
                    .path
                    .as_ref()
                    .map_or_else(|| "workspace.ron".to_owned(), |p| p.display().to_string());
                self.file_dialog = Some(FileDialog::new(FilePurpose::SaveAs, start));
            }
            Command::SaveTo(path) => self.save_to(ctx, path, false),
            Command::Revert => {
                if let Some(path) = self.document.path.clone() {
                    self.start_loading(ctx, path, LoadPurpose::Revert);
                }
            }
            Command::Undo => self.report(|doc| doc.undo().map(|_| ())),
            Command::Redo => self.report(|doc| doc.redo().map(|_| ())),
            Command::DeleteSelection if !self.selection.is_empty() => {
                let edit = ops::remove_with_dependants(&self.document.workspace, &self.selection);
                self.report(|doc| doc.apply(edit, None));
                self.selection.clear();
            }
            Command::DeleteSelection => {}
            Command::ExportSvg => {
                let start = self.document.path.as_ref().map_or_else(
                    || "network.svg".to_owned(),
                    |p| p.with_extension("svg").display().to_string(),
                );
                self.file_dialog = Some(FileDialog::new(FilePurpose::ExportSvg, start));
            }
            Command::ExportSvgTo(path) => {
                let svg = crate::layout::svg::to_svg(
                    &self.document.workspace,
                    self.diagram.layout(),
                    &self.diagram.error_nodes(),
                );
                if let Err(error) = crate::io::write_atomically(&path, svg.as_bytes()) {
                    self.error = Some(error.to_string());
                }
            }
            Command::ExportPng => {
                let start = self.document.path.as_ref().map_or_else(
                    || "network.png".to_owned(),
                    |p| p.with_extension("png").display().to_string(),
                );
                self.file_dialog = Some(FileDialog::new(FilePurpose::ExportPng, start));
            }
            Command::ExportPngTo(path) => {
                let svg = crate::layout::svg::to_svg(
                    &self.document.workspace,
                    self.diagram.layout(),
                    &self.diagram.error_nodes(),
                );
                let written = crate::layout::png::svg_to_png(&svg)
                    .map_err(|e| format!("{}: {e}", path.display()))
                    .and_then(|png| {
                        crate::io::write_atomically(&path, &png).map_err(|e| e.to_string())
                    });
                if let Err(error) = written {
                    self.error = Some(error);
                }
            }
            Command::Import => self.import = Some(ImportDialog::choose()),
            Command::ImportPaths(paths) => {
                self.import = Some(ImportDialog::start(paths, &self.document.workspace, ctx));
            }
            Command::FitAll => self.diagram.fit_all(),
            Command::Rename => self.inspector.focus_name = true,
            Command::FocusSearch => self.explorer.focus_search = true,
            Command::Apply {
                edit,
                merge_key,
                select,
            } => {
                self.report(|doc| doc.apply(edit, merge_key.as_deref()));
                if let Some(id) = select {
                    self.selection = vec![id];
                }
            }
            Command::Select(ids) => self.selection = ids,
            Command::ToggleTheme => {
                self.settings.theme = match self.settings.theme {
                    Theme::Dark => Theme::Light,
                    Theme::Light => Theme::Dark,
                };
            }
            Command::SetLanguage(language) => {
                i18n::set_language(language);
                self.settings.language = Some(language);
            }
            Command::Quit => {
                self.quit_confirmed = true;
                self.exit_cleanly();
                ctx.send_viewport_cmd(ViewportCommand::Close);
            }
            Command::OpenForReview
            | Command::OpenForReviewPath(_)
            | Command::ToggleReview
            | Command::ExportReport
            | Command::ExportReportTo(_)
            | Command::CompareWith
            | Command::CompareWithPath(_) => self.run_review_command(command),
            Command::Trainer(command) => self.run_trainer(ctx, command),
        }
    }

    fn report(
        &mut self,
        action: impl FnOnce(&mut Document) -> Result<(), crate::model::ModelError>,
    ) {
        if let Err(error) = action(&mut self.document) {
            self.error = Some(t!("app.change_failed", error = error).into_owned());
        }
    }

    fn replace_document(&mut self, mut document: Document) {
        self.forget_recovery();
        // Views cache by generation: a document loaded in the background must not look like a
        // state of the one it replaces.
        document.generation += self.document.generation + 1;
        document.view_generation += self.document.view_generation + 1;
        self.document = document;
        self.trainer.forget_document();
        self.selection.clear();
        self.error = None;
        self.compare = None;
    }
}

impl eframe::App for StudioApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }

    fn save(&mut self, storage: &mut dyn eframe::Storage) {
        eframe::set_value(storage, Settings::STORAGE_KEY, &self.settings);
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.exit_cleanly();
    }
}

fn sample_or_empty() -> Document {
    Document::sample()
        .unwrap_or_else(|_| Document::new(new_workspace(chrono::NaiveDate::MIN), None))
}

/// A new workspace: just Microsoft, evaluated at `as_of`.
fn new_workspace(as_of: chrono::NaiveDate) -> Workspace {
    let mut ws = Workspace::new(as_of);
    if let Ok(id) = Id::new("microsoft") {
        let microsoft = Organization {
            id,
            name: "Microsoft".into(),
            kind: OrganizationKind::Microsoft,
            country: crate::model::Country::parse("US"),
            registration_id: crate::model::Fact::Unknown,
            mca_accepted: crate::model::Fact::Unknown,
            mca_attested_by: None,
            sources: Vec::new(),
        };
        let _ = ws.insert(Entity::Organization(microsoft));
    }
    ws
}

/// Opens the window; returns when it closes.
pub fn run(file: Option<PathBuf>) -> eframe::Result {
    run_opened(file, false, None)
}

/// Opens the window on `file`, for review (nothing can be edited) when `review` is set, and
/// compared with the older workspace `compare` when one is given.
pub fn run_opened(file: Option<PathBuf>, review: bool, compare: Option<PathBuf>) -> eframe::Result {
    let options = eframe::NativeOptions {
        viewport: egui::ViewportBuilder::default()
            .with_inner_size([1400.0, 900.0])
            .with_title("CSP Network Studio"),
        ..Default::default()
    };
    eframe::run_native(
        "CSP Network Studio",
        options,
        Box::new(|cc| {
            theme::install_fonts(&cc.egui_ctx);
            let mut settings: Settings = cc
                .storage
                .and_then(|s| eframe::get_value(s, Settings::STORAGE_KEY))
                .unwrap_or_default();
            // Only the real window follows the machine's locale; tests build the app in English.
            settings.language.get_or_insert_with(Language::from_system);
            let mut app = StudioApp::new(None, settings);
            if let Some(dir) = default_recovery_dir() {
                app =
                    app.with_recovery(crate::io::recovery::RecoveryStore::new(dir), autosave::IDLE);
            }
            app.trainer.gallery.open = file.is_none();
            if let Some(path) = file {
                let open = if review {
                    Command::OpenForReviewPath(path)
                } else {
                    Command::OpenPath(path)
                };
                app.run_command(&cc.egui_ctx, open);
            }
            if let Some(older) = compare {
                app.run_command(&cc.egui_ctx, Command::CompareWithPath(older));
            }
            Ok(Box::new(app))
        }),
    )
}
