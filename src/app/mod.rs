//! The eframe shell: owns the document, lays out the panels, runs what they ask for.

mod document;

use std::path::PathBuf;

use egui::Ui;

pub use document::{Document, SAMPLE};

use crate::model::Id;
use crate::ui::{explorer::Explorer, problems, theme};

/// The application state behind the window.
pub struct StudioApp {
    /// The open document.
    pub document: Document,
    /// The selected entity, shared by every panel.
    pub selected: Option<Id>,
    /// A load or save error to show until dismissed; the open workspace stays as it was.
    pub error: Option<String>,
    explorer: Explorer,
}

impl StudioApp {
    /// Opens `file`, or the bundled sample; a file that cannot be read leaves the sample open
    /// with the error shown.
    pub fn new(file: Option<PathBuf>) -> Self {
        let sample =
            || Document::sample().unwrap_or_else(|_| Document::new(empty_workspace(), None));
        let (document, error) = match file {
            None => (sample(), None),
            Some(path) => match Document::open(&path) {
                Ok(document) => (document, None),
                Err(error) => (sample(), Some(error.to_string())),
            },
        };
        Self {
            document,
            selected: None,
            error,
            explorer: Explorer::default(),
        }
    }

    /// Draws the whole window; used by eframe and by headless tests alike.
    pub fn show(&mut self, ui: &mut Ui) {
        self.status_bar(ui);
        self.problems(ui);
        egui::Panel::left("explorer")
            .default_size(theme::EXPLORER_WIDTH)
            .resizable(true)
            .show(ui, |ui| {
                ui.heading("Explorer");
                if let Some(id) =
                    self.explorer
                        .ui(ui, &self.document.workspace, self.selected.as_ref())
                {
                    self.selected = Some(id);
                }
            });
        egui::CentralPanel::default().show(ui, |ui| self.centre(ui));
    }

    fn status_bar(&mut self, ui: &mut Ui) {
        egui::Panel::bottom("status").show(ui, |ui| {
            ui.horizontal(|ui| {
                let (errors, warnings, infos) = crate::rules::counts(&self.document.diagnostics);
                ui.label(self.document.title());
                ui.separator();
                ui.label(format!(
                    "{errors} errors, {warnings} warnings, {infos} infos"
                ));
                ui.separator();
                ui.label(format!("as of {}", self.document.workspace.as_of));
            });
        });
    }

    fn problems(&mut self, ui: &mut Ui) {
        egui::Panel::bottom("problems")
            .default_size(theme::PROBLEMS_HEIGHT)
            .resizable(true)
            .show(ui, |ui| {
                ui.heading("Problems");
                if let Some(id) = problems::ui(ui, &self.document.diagnostics) {
                    self.selected = Some(id);
                }
            });
    }

    fn centre(&mut self, ui: &mut Ui) {
        if let Some(error) = self.error.clone() {
            ui.horizontal(|ui| {
                ui.colored_label(
                    theme::severity_color(crate::rules::Severity::Error, ui.visuals().dark_mode),
                    error,
                );
                if ui.button("Dismiss").clicked() {
                    self.error = None;
                }
            });
            ui.separator();
        }
        let ws = &self.document.workspace;
        if let Some(narrative) = &ws.narrative {
            ui.heading(&narrative.title);
            ui.label(&narrative.text);
            ui.separator();
        }
        match &self.selected {
            Some(id) => {
                ui.strong(ws.display_name(id.as_str()));
                ui.label(format!("id: {id}"));
            }
            None => {
                ui.label(format!(
                    "{} organizations, {} locations, {} tenants, {} relationships, {} subscriptions",
                    ws.organizations.len(),
                    ws.locations.len(),
                    ws.tenants.len(),
                    ws.relationships.len(),
                    ws.subscriptions.len()
                ));
            }
        }
    }
}

impl eframe::App for StudioApp {
    fn ui(&mut self, ui: &mut Ui, _frame: &mut eframe::Frame) {
        self.show(ui);
    }
}

fn empty_workspace() -> crate::model::Workspace {
    crate::model::Workspace::new(chrono::NaiveDate::from_ymd_opt(2026, 1, 1).unwrap_or_default())
}

/// Opens the window; returns when it closes.
pub fn run(file: Option<PathBuf>) -> eframe::Result {
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
            Ok(Box::new(StudioApp::new(file)))
        }),
    )
}
