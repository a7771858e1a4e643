//! In-app dialogs: a file chooser with a path field (and the desktop's native dialog where one
//! exists, run on its own thread so the window never freezes), and the unsaved-changes question.

use std::path::PathBuf;
use std::sync::mpsc::{Receiver, TryRecvError, channel};

use egui::{Key, Ui};

use crate::i18n::t;

/// What the file dialog is for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FilePurpose {
    /// Choose a workspace to open.
    Open,
    /// Choose where to save.
    SaveAs,
    /// Choose where to export the diagram as SVG.
    ExportSvg,
    /// Choose where to export the diagram as PNG.
    ExportPng,
    /// Choose a workspace to open for review.
    OpenForReview,
    /// Choose where to write a review report.
    ExportReport,
    /// Choose a workspace to compare the open one with.
    CompareWith,
}

/// The open file dialog.
pub struct FileDialog {
    /// Open or save.
    pub purpose: FilePurpose,
    /// The path typed or chosen.
    pub path: String,
    native: Option<Receiver<Option<PathBuf>>>,
    focus: bool,
}

/// What the user did in a dialog this frame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FileOutcome {
    /// Use this path.
    Chosen(PathBuf),
    /// Closed without choosing.
    Cancelled,
}

/// True when a desktop file dialog can be shown (a session bus for the desktop portal).
pub fn native_dialog_available() -> bool {
    cfg!(any(target_os = "windows", target_os = "macos"))
        || std::env::var_os("DBUS_SESSION_BUS_ADDRESS").is_some()
}

impl FileDialog {
    /// A dialog starting at `path` (the current file, or empty).
    pub fn new(purpose: FilePurpose, path: String) -> Self {
        Self {
            purpose,
            path,
            native: None,
            focus: true,
        }
    }

    fn browse(&mut self, ctx: &egui::Context) {
        let (sender, receiver) = channel();
        let purpose = self.purpose;
        let start = PathBuf::from(&self.path);
        let ctx = ctx.clone();
        std::thread::spawn(move || {
            let mut dialog = match purpose {
                FilePurpose::ExportSvg => {
                    rfd::FileDialog::new().add_filter(t!("dialog.filter_svg"), &["svg"])
                }
                FilePurpose::ExportPng => {
                    rfd::FileDialog::new().add_filter(t!("dialog.filter_png"), &["png"])
                }
                FilePurpose::ExportReport => rfd::FileDialog::new()
                    .add_filter(t!("dialog.filter_html_report"), &["html", "htm"])
                    .add_filter(t!("dialog.filter_md_report"), &["md"]),
                _ => rfd::FileDialog::new().add_filter(t!("dialog.filter_ron"), &["ron"]),
            };
            if let Some(folder) = start.parent().filter(|f| f.is_dir()) {
                dialog = dialog.set_directory(folder);
            }
            let chosen = match purpose {
                FilePurpose::Open | FilePurpose::OpenForReview | FilePurpose::CompareWith => {
                    dialog.pick_file()
                }
                FilePurpose::SaveAs
                | FilePurpose::ExportSvg
                | FilePurpose::ExportPng
                | FilePurpose::ExportReport => dialog.save_file(),
            };
            let _ = sender.send(chosen);
            ctx.request_repaint();
        });
        self.native = Some(receiver);
    }

    /// Draws the dialog as a modal window.
    pub fn show(&mut self, ctx: &egui::Context) -> Option<FileOutcome> {
        if let Some(receiver) = &self.native {
            match receiver.try_recv() {
                Ok(Some(path)) => return Some(FileOutcome::Chosen(path)),
                Ok(None) | Err(TryRecvError::Disconnected) => self.native = None,
                Err(TryRecvError::Empty) => {}
            }
        }
        let title = match self.purpose {
            FilePurpose::Open => t!("dialog.open_title"),
            FilePurpose::SaveAs => t!("dialog.save_as_title"),
            FilePurpose::ExportSvg => t!("dialog.export_svg_title"),
            FilePurpose::ExportPng => t!("dialog.export_png_title"),
            FilePurpose::OpenForReview => t!("review.dialog.open_title"),
            FilePurpose::ExportReport => t!("review.dialog.report_title"),
            FilePurpose::CompareWith => t!("review.dialog.compare_title"),
        };
        let action = match self.purpose {
            FilePurpose::Open => t!("dialog.open"),
            FilePurpose::SaveAs => t!("dialog.save"),
            FilePurpose::ExportSvg | FilePurpose::ExportPng => t!("dialog.export"),
            FilePurpose::OpenForReview => t!("review.dialog.open_action"),
            FilePurpose::ExportReport => t!("review.dialog.report_action"),
            FilePurpose::CompareWith => t!("review.dialog.compare_action"),
        };
        let mut outcome = None;
        egui::Modal::new(egui::Id::unique("file-dialog")).show(ctx, |ui: &mut Ui| {
            ui.heading(title.as_ref());
            ui.horizontal(|ui| {
                let label = ui.label(t!("dialog.path"));
                let response = ui
                    .add(egui::TextEdit::singleline(&mut self.path).desired_width(480.0))
                    .labelled_by(label.id);
                if self.focus {
                    response.request_focus();
                    self.focus = false;
                }
                if response.lost_focus()
                    && ui.input(|i| i.key_pressed(Key::Enter))
                    && !self.path.trim().is_empty()
                {
                    outcome = Some(FileOutcome::Chosen(PathBuf::from(self.path.trim())));
                }
            });
            ui.horizontal(|ui| {
                let browsing = self.native.is_some();
                if native_dialog_available()
                    && ui
                        .add_enabled(!browsing, egui::Button::new(t!("dialog.browse")))
                        .on_hover_text(t!("dialog.browse_hint"))
                        .clicked()
                {
                    self.browse(ui.ctx());
                }
                if browsing {
                    ui.label(t!("dialog.waiting"));
                }
                if ui
                    .add_enabled(
                        !self.path.trim().is_empty(),
                        egui::Button::new(action.as_ref()),
                    )
                    .clicked()
                {
                    outcome = Some(FileOutcome::Chosen(PathBuf::from(self.path.trim())));
                }
                if ui.button(t!("dialog.cancel")).clicked()
                    || ui.input(|i| i.key_pressed(Key::Escape))
                {
                    outcome = Some(FileOutcome::Cancelled);
                }
            });
        });
        outcome
    }
}

/// The answer to "save changes first?".
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ConfirmOutcome {
    /// Save, then go on.
    Save,
    /// Go on without saving.
    Discard,
    /// Stay.
    Cancel,
}

/// Asks whether to save the changes in `name` before going on.
pub fn confirm_discard(ctx: &egui::Context, name: &str) -> Option<ConfirmOutcome> {
    let mut outcome = None;
    egui::Modal::new(egui::Id::unique("confirm-discard")).show(ctx, |ui| {
        ui.heading(t!("dialog.unsaved_title"));
        ui.label(t!("dialog.unsaved_question", name = name));
        ui.horizontal(|ui| {
            if ui.button(t!("dialog.save")).clicked() {
                outcome = Some(ConfirmOutcome::Save);
            }
            if ui.button(t!("dialog.dont_save")).clicked() {
                outcome = Some(ConfirmOutcome::Discard);
            }
            if ui.button(t!("dialog.cancel")).clicked() || ui.input(|i| i.key_pressed(Key::Escape))
            {
                outcome = Some(ConfirmOutcome::Cancel);
            }
        });
    });
    outcome
}
