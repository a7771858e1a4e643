//! The import dialog's views: the file chooser, the progress bar, and the review of what each
//! file was recognised as and the proposed changes, grouped, with check boxes.

use egui::{RichText, Ui};

use crate::i18n::{language, t};
use crate::import::{ChangeKind, Imported, Reconciliation};
use crate::ui::theme;

mod texts;

/// What the user asked in the dialog.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Request {
    /// Read the typed paths.
    Start,
    /// Open the desktop's file dialog.
    Browse,
    /// Stop or close without changing anything.
    Cancel,
    /// Make the ticked changes.
    Apply,
}

/// Rows of a change list drawn at once; longer lists scroll (only visible rows are drawn).
const ROW_HEIGHT: f32 = 20.0;

/// Where to choose files: a path field (one per line, focused when `focus` is set) and, where there is one, the desktop's
/// dialog.
pub fn choosing(
    ui: &mut Ui,
    paths: &mut String,
    focus: &mut bool,
    can_browse: bool,
    browsing: bool,
) -> Option<Request> {
    let mut request = None;
    ui.label(t!("import.intro"));
    let label = ui.label(t!("import.paths"));
    let field = ui
        .add(
            egui::TextEdit::multiline(paths)
                .desired_rows(4)
                .desired_width(560.0)
                .hint_text("InvoiceReconciliation.csv"),
        )
        .labelled_by(label.id);
    if std::mem::take(focus) {
        field.request_focus();
    }
    ui.horizontal(|ui| {
        if can_browse
            && ui
                .add_enabled(!browsing, egui::Button::new(t!("import.browse")))
                .clicked()
        {
            request = Some(Request::Browse);
        }
        if browsing {
            ui.label(t!("import.waiting"));
        }
        if ui
            .add_enabled(
                !paths.trim().is_empty(),
                egui::Button::new(t!("import.start")),
            )
            .clicked()
        {
            request = Some(Request::Start);
        }
        if ui.button(t!("import.cancel")).clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Escape))
        {
            request = Some(Request::Cancel);
        }
    });
    request
}

/// The progress bar while files are read, then while they are compared with the open
/// workspace (seconds for a distributor's million lines, with no bytes left to count).
pub fn running(ui: &mut Ui, fraction: f32, reconciling: bool, files: usize) -> Option<Request> {
    if reconciling {
        ui.label(t!("import.comparing"));
        ui.add(
            egui::ProgressBar::new(1.0)
                .animate(true)
                .desired_width(560.0),
        );
    } else {
        ui.label(t!("import.reading", files = files));
        ui.add(
            egui::ProgressBar::new(fraction)
                .show_percentage()
                .desired_width(560.0),
        );
    }
    ui.ctx()
        .request_repaint_after(std::time::Duration::from_millis(100));
    ui.button(t!("import.cancel"))
        .clicked()
        .then_some(Request::Cancel)
}

/// Why an import stopped, in the interface language.
pub fn error_text(error: &crate::import::ImportError) -> String {
    texts::error(error, language().code())
}

/// Why an import stopped when its thread gave no answer.
pub fn stopped_text() -> String {
    t!("import.error.stopped").into_owned()
}

/// An import that failed: the message, and Close.
pub fn failed(ui: &mut Ui, message: &str) -> Option<Request> {
    ui.label(t!("import.failed"));
    ui.colored_label(
        theme::severity_color(crate::rules::Severity::Error, ui.visuals().dark_mode),
        message,
    );
    ui.button(t!("import.close"))
        .clicked()
        .then_some(Request::Cancel)
}

fn files(ui: &mut Ui, imported: &Imported) {
    egui::Grid::new("import-files")
        .striped(true)
        .num_columns(5)
        .show(ui, |ui| {
            for key in [
                "import.col.file",
                "import.col.kind",
                "import.col.format",
                "import.col.rows",
                "import.col.skipped",
            ] {
                ui.label(RichText::new(t!(key)).strong());
            }
            ui.end_row();
            for file in &imported.files {
                let name = file.path.file_name().map_or_else(
                    || file.path.display().to_string(),
                    |n| n.to_string_lossy().into_owned(),
                );
                ui.label(name)
                    .on_hover_text(file.path.display().to_string());
                ui.label(t!(file.kind.key()));
                ui.label(texts::format(&file.format, language().code()));
                ui.label(file.rows.to_string());
                ui.label(file.skipped.to_string());
                ui.end_row();
            }
        });
}

/// One group of changes with a tick-all box and a scrolling list of ticks.
fn group(
    ui: &mut Ui,
    reconciliation: &Reconciliation,
    selected: &mut [bool],
    kind: ChangeKind,
    title: String,
    note: Option<String>,
) {
    let locale = language().code();
    let members: Vec<usize> = reconciliation
        .changes
        .iter()
        .enumerate()
        .filter(|(_, c)| c.kind == kind)
        .map(|(i, _)| i)
        .collect();
    egui::CollapsingHeader::new(title)
        .id_salt(("import-group", kind as u8))
        .default_open(!members.is_empty() && kind != ChangeKind::Missing)
        .show(ui, |ui| {
            if let Some(note) = note {
                ui.label(RichText::new(note).italics());
            }
            if members.is_empty() {
                return;
            }
            let mut all = members
                .iter()
                .all(|&i| selected.get(i).copied().unwrap_or(false));
            if ui.checkbox(&mut all, t!("import.select_all")).changed() {
                for &i in &members {
                    if let Some(s) = selected.get_mut(i) {
                        *s = all;
                    }
                }
            }
            egui::ScrollArea::vertical()
                .id_salt(("import-list", kind as u8))
                .max_height(180.0)
                .auto_shrink([false, true])
                .show_rows(ui, ROW_HEIGHT, members.len(), |ui, rows| {
                    // Rows keep one height, as the list lays them out; a long one is cut short
                    // and reads whole on hover.
                    ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                    for &i in &members[rows] {
                        let (Some(change), Some(tick)) =
                            (reconciliation.changes.get(i), selected.get_mut(i))
                        else {
                            continue;
                        };
                        let text = texts::description(&change.description, locale);
                        ui.checkbox(tick, text.as_str()).on_hover_text(text);
                    }
                });
        });
}

/// What was read, the holes, and the proposed changes with check boxes (scrolls as a whole).
pub fn review(
    ui: &mut Ui,
    imported: &Imported,
    reconciliation: &Reconciliation,
    selected: &mut [bool],
) {
    ui.label(RichText::new(t!("import.files")).strong());
    files(ui, imported);
    if imported.skipped_count > 0 {
        egui::CollapsingHeader::new(t!("import.skipped", count = imported.skipped_count))
            .id_salt("import-skipped")
            .show(ui, |ui| {
                egui::ScrollArea::vertical()
                    .id_salt("import-skipped-list")
                    .max_height(120.0)
                    .show_rows(ui, ROW_HEIGHT, imported.skipped.len(), |ui, rows| {
                        ui.style_mut().wrap_mode = Some(egui::TextWrapMode::Truncate);
                        for skipped in &imported.skipped[rows] {
                            let text = texts::skipped(skipped, language().code());
                            ui.label(text.as_str()).on_hover_text(text);
                        }
                    });
            });
    }
    egui::CollapsingHeader::new(t!("import.holes", count = imported.holes.len()))
        .id_salt("import-holes")
        .show(ui, |ui| {
            for hole in &imported.holes {
                ui.label(texts::hole(hole, language().code()));
            }
        });
    ui.separator();
    if reconciliation.changes.is_empty() {
        ui.label(t!("import.nothing"));
    }
    group(
        ui,
        reconciliation,
        selected,
        ChangeKind::Added,
        t!(
            "import.group.added",
            count = reconciliation.count(ChangeKind::Added)
        )
        .into_owned(),
        None,
    );
    group(
        ui,
        reconciliation,
        selected,
        ChangeKind::Changed,
        t!(
            "import.group.changed",
            count = reconciliation.count(ChangeKind::Changed)
        )
        .into_owned(),
        None,
    );
    group(
        ui,
        reconciliation,
        selected,
        ChangeKind::Missing,
        t!(
            "import.group.missing",
            count = reconciliation.count(ChangeKind::Missing)
        )
        .into_owned(),
        Some(t!("import.missing_note").into_owned()),
    );
}

/// Apply and Cancel, below the review, always in view.
pub fn review_buttons(ui: &mut Ui, selected: &[bool]) -> Option<Request> {
    let mut request = None;
    let ticked = selected.iter().filter(|&&s| s).count();
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                ticked > 0,
                egui::Button::new(t!("import.apply", count = ticked)),
            )
            .clicked()
        {
            request = Some(Request::Apply);
        }
        if ui.button(t!("import.cancel")).clicked()
            || ui.input(|i| i.key_pressed(egui::Key::Escape))
        {
            request = Some(Request::Cancel);
        }
    });
    request
}
