//! The problems panel: every diagnostic, filterable by severity and code, sortable, with its
//! rule's explanation on demand and its quick fixes as buttons. Clicking one selects its entities.

use egui::{RichText, Ui};

use crate::app::Command;
use crate::i18n::t;
use crate::rules::{self, Diagnostic, Severity};

use super::{names, theme};

/// How the list is ordered.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SortBy {
    /// Errors first, then by code.
    #[default]
    Severity,
    /// By rule code.
    Code,
    /// By message text.
    Message,
}

/// The panel's view state.
#[derive(Debug)]
pub struct Problems {
    /// Show errors.
    pub errors: bool,
    /// Show warnings.
    pub warnings: bool,
    /// Show infos.
    pub infos: bool,
    /// Only codes containing this text.
    pub code_filter: String,
    /// Order of the list.
    pub sort: SortBy,
    /// The rule whose explanation is open.
    pub explained: Option<&'static str>,
}

impl Default for Problems {
    fn default() -> Self {
        Self {
            errors: true,
            warnings: true,
            infos: true,
            code_filter: String::new(),
            sort: SortBy::default(),
            explained: None,
        }
    }
}

impl Problems {
    /// Draws the panel; `read_only` hides the quick fixes.
    pub fn ui(&mut self, ui: &mut Ui, diagnostics: &[Diagnostic], read_only: bool) -> Vec<Command> {
        let mut commands = Vec::new();
        let (errors, warnings, infos) = rules::counts(diagnostics);
        ui.horizontal(|ui| {
            ui.heading(t!("problems.heading"));
            ui.checkbox(&mut self.errors, t!("problems.errors", count = errors));
            ui.checkbox(
                &mut self.warnings,
                t!("problems.warnings", count = warnings),
            );
            ui.checkbox(&mut self.infos, t!("problems.infos", count = infos));
            let label = ui.label(t!("problems.code"));
            ui.add(
                egui::TextEdit::singleline(&mut self.code_filter)
                    .hint_text("CSP5")
                    .desired_width(theme::DATE_WIDTH),
            )
            .labelled_by(label.id);
            crate::ui::widgets::choice(
                ui,
                &t!("problems.sort_by"),
                &mut self.sort,
                &[
                    (SortBy::Severity, t!("problems.sort_severity")),
                    (SortBy::Code, t!("problems.sort_code")),
                    (SortBy::Message, t!("problems.sort_message")),
                ],
            );
        });
        if let Some(code) = self.explained {
            self.explanation(ui, code);
        }
        let filter = self.code_filter.trim().to_uppercase();
        let mut shown: Vec<&Diagnostic> = diagnostics
            .iter()
            .filter(|d| match d.severity {
                Severity::Error => self.errors,
                Severity::Warning => self.warnings,
                Severity::Info => self.infos,
            })
            .filter(|d| filter.is_empty() || d.code.contains(&filter))
            .collect();
        match self.sort {
            SortBy::Severity => shown.sort_by_key(|d| (d.severity, d.code)),
            SortBy::Code => shown.sort_by_key(|d| d.code),
            SortBy::Message => shown.sort_by(|a, b| a.message.cmp(&b.message)),
        }
        if shown.is_empty() {
            ui.label(if diagnostics.is_empty() {
                t!("problems.none")
            } else {
                t!("problems.none_match")
            });
        }
        let dark = ui.visuals().dark_mode;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, theme::ROW_HEIGHT, shown.len(), |ui, range| {
                for d in &shown[range] {
                    ui.horizontal(|ui| {
                        ui.label(
                            RichText::new(names::severity(d.severity))
                                .color(theme::severity_color(d.severity, dark))
                                .strong(),
                        );
                        if ui
                            .small_button(d.code)
                            .on_hover_text(t!("problems.explain"))
                            .clicked()
                        {
                            self.explained = if self.explained == Some(d.code) {
                                None
                            } else {
                                Some(d.code)
                            };
                        }
                        if !read_only && !d.fixes.is_empty() {
                            ui.menu_button(t!("problems.fixes", count = d.fixes.len()), |ui| {
                                for fix in &d.fixes {
                                    if ui.button(t!("problems.fix", title = fix.title)).clicked() {
                                        commands.push(Command::Apply {
                                            edit: fix.edit.clone(),
                                            merge_key: None,
                                            select: None,
                                        });
                                        ui.close();
                                    }
                                }
                            });
                        }
                        let message = ui
                            .add(
                                egui::Label::new(d.message.as_str())
                                    .truncate()
                                    .sense(egui::Sense::click()),
                            )
                            .on_hover_cursor(egui::CursorIcon::PointingHand);
                        if message.clicked() && !d.entities.is_empty() {
                            commands.push(Command::Select(d.entities.clone()));
                        }
                    });
                }
            });
        commands
    }

    fn explanation(&mut self, ui: &mut Ui, code: &'static str) {
        let Some(rule) = rules::find_rule(code) else {
            return;
        };
        egui::Frame::group(ui.style()).show(ui, |ui| {
            ui.horizontal(|ui| {
                ui.strong(format!("{} · {}", rule.code, names::rule_title(rule)));
                if ui.small_button(t!("problems.close")).clicked() {
                    self.explained = None;
                }
            });
            egui::ScrollArea::vertical()
                .id_salt("explanation")
                .max_height(theme::EXPLANATION_HEIGHT)
                .show(ui, |ui| {
                    ui.label(names::rule_explanation(rule));
                });
        });
    }
}
