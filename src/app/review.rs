//! Review in the shell: opening a file read only, the marker that says so, the report export and
//! the comparison with another file. The refusal itself sits where commands run and in
//! [`Document::apply`](super::Document::apply).

use std::path::{Path, PathBuf};

use egui::{Context, RichText, Ui};

use super::{Command, Document, FileDialog, FilePurpose, StudioApp};
use crate::i18n::t;
use crate::report::{self, Report};
use crate::ui::{compare::CompareView, theme};

impl StudioApp {
    /// "Open for Review…" and the review switch, below "Open…".
    pub(super) fn review_open_items(&mut self, ui: &mut Ui) {
        if ui.button(t!("review.menu.open")).clicked() {
            self.queue.push(Command::OpenForReview);
            ui.close();
        }
        let mut review = self.document.is_review();
        let can_switch = review || !self.document.history.is_dirty();
        let response = ui
            .add_enabled(
                can_switch,
                egui::Checkbox::new(&mut review, t!("review.menu.toggle")),
            )
            .on_disabled_hover_text(t!("review.menu.toggle_dirty"));
        if response.clicked() {
            self.queue.push(Command::ToggleReview);
            ui.close();
        }
    }

    /// "Export Report…" and "Compare With…", beside the diagram exports.
    pub(super) fn review_export_items(&mut self, ui: &mut Ui) {
        if ui.button(t!("review.menu.report")).clicked() {
            self.queue.push(Command::ExportReport);
            ui.close();
        }
        if ui.button(t!("review.menu.compare")).clicked() {
            self.queue.push(Command::CompareWith);
            ui.close();
        }
    }

    /// The marker at the start of the status bar while in review.
    pub(super) fn review_badge(&self, ui: &mut Ui) {
        if !self.document.is_review() {
            return;
        }
        let dark = ui.visuals().dark_mode;
        egui::Frame::new()
            .fill(theme::review_fill(dark))
            .inner_margin(egui::Margin::symmetric(6, 1))
            .corner_radius(3.0)
            .show(ui, |ui| {
                ui.label(
                    RichText::new(t!("review.badge"))
                        .strong()
                        .color(theme::review_text(dark)),
                )
                .on_hover_text(t!("review.badge_hint"));
            });
        ui.separator();
    }

    /// What the window title adds in review.
    pub(super) fn review_title(&self) -> String {
        if self.document.is_review() {
            format!(" [{}]", t!("review.title_marker"))
        } else {
            String::new()
        }
    }

    pub(super) fn run_review_command(&mut self, command: Command) {
        match command {
            Command::OpenForReview => {
                self.file_dialog = Some(FileDialog::new(FilePurpose::OpenForReview, self.start()));
            }
            Command::OpenForReviewPath(path) => match Document::open_for_review(&path) {
                Ok(document) => {
                    self.settings.remember(&path);
                    self.replace_document(document);
                }
                Err(error) => self.error = Some(error.to_string()),
            },
            Command::ToggleReview => {
                let on = !self.document.is_review();
                self.document.set_review(on);
            }
            Command::ExportReport => {
                let start = self.document.path.as_ref().map_or_else(
                    || "report.html".to_owned(),
                    |p| report_name(p).display().to_string(),
                );
                self.file_dialog = Some(FileDialog::new(FilePurpose::ExportReport, start));
            }
            Command::ExportReportTo(path) => {
                if let Err(error) = self.write_report(&path) {
                    self.error = Some(error);
                }
            }
            Command::CompareWith => {
                self.file_dialog = Some(FileDialog::new(FilePurpose::CompareWith, self.start()));
            }
            Command::CompareWithPath(path) => match CompareView::open(&path) {
                Ok(view) => self.compare = Some(view),
                Err(error) => self.error = Some(error.to_string()),
            },
            _ => {}
        }
    }

    fn start(&self) -> String {
        self.document
            .path
            .as_ref()
            .map(|p| p.display().to_string())
            .unwrap_or_default()
    }

    /// Writes the report of the open document: Markdown (with the diagram beside it) for `.md`,
    /// one HTML file otherwise.
    fn write_report(&self, path: &Path) -> Result<(), String> {
        let doc = &self.document;
        let source = doc.title().trim_end_matches(" •").to_owned();
        let report = Report::from_diagnostics(&doc.workspace, &source, &doc.diagnostics);
        let write = |path: &Path, bytes: &[u8]| {
            crate::io::write_atomically(path, bytes).map_err(|e| e.to_string())
        };
        if path
            .extension()
            .is_some_and(|e| e.eq_ignore_ascii_case("md"))
        {
            let diagram = report::markdown::diagram_path(path);
            write(&diagram, report.svg.as_bytes())?;
            let link = diagram
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            write(
                path,
                report::markdown::render(&report, Some(&link)).as_bytes(),
            )
        } else {
            write(path, report::html::render(&report).as_bytes())
        }
    }

    /// The comparison window, while open; clicking a difference selects what it names.
    pub(super) fn compare_window(&mut self, ctx: &Context) {
        let Some(view) = &mut self.compare else {
            return;
        };
        let (commands, keep) = view.window(ctx, &self.document, &self.selection);
        self.queue.extend(commands);
        if !keep {
            self.compare = None;
        }
    }
}

/// `network.ron` → `network-report.html`.
fn report_name(workspace: &Path) -> PathBuf {
    let stem = workspace
        .file_stem()
        .map_or_else(|| "report".to_owned(), |s| s.to_string_lossy().into_owned());
    workspace.with_file_name(format!("{stem}-report.html"))
}
