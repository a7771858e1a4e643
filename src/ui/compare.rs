//! The comparison window: what changed between another file (the older one) and the open
//! workspace, kept up to date while the workspace is edited; a click selects what a line names.

use std::path::{Path, PathBuf};

use egui::{RichText, Ui};

use crate::app::{Command, Document};
use crate::diff::{self, ChangeKind, Changes, Finding};
use crate::i18n::t;
use crate::io::IoError;
use crate::model::{Id, Workspace};
use crate::rules::{self, Diagnostic};

use super::theme;

/// The other file, its findings, and the differences with the open document.
pub struct CompareView {
    path: PathBuf,
    other: Workspace,
    other_findings: Vec<Diagnostic>,
    changes: Changes,
    built_for: Option<(u64, u64)>,
}

impl CompareView {
    /// Reads the file to compare with; the differences follow on the first frame.
    pub fn open(path: &Path) -> Result<Self, IoError> {
        let other = crate::io::load_file(path)?;
        let other_findings = rules::check(&other);
        Ok(Self {
            path: path.to_path_buf(),
            other,
            other_findings,
            changes: Changes::default(),
            built_for: None,
        })
    }

    /// The file compared with.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The differences from the other file to the open document, as of the last frame drawn.
    pub fn changes(&self) -> &Changes {
        &self.changes
    }

    /// Recomputes the differences when the document changed since the last time.
    pub fn refresh(&mut self, doc: &Document) {
        let key = (doc.generation, doc.view_generation);
        if self.built_for != Some(key) {
            self.changes = diff::compare_checked(
                &self.other,
                &self.other_findings,
                &doc.workspace,
                &doc.diagnostics,
            );
            self.built_for = Some(key);
        }
    }

    /// Draws the window; returns the user's commands and whether the window stays open.
    pub fn window(
        &mut self,
        ctx: &egui::Context,
        doc: &Document,
        selection: &[Id],
    ) -> (Vec<Command>, bool) {
        self.refresh(doc);
        let mut open = true;
        let mut commands = Vec::new();
        egui::Window::new(t!("review.compare.title"))
            .id(egui::Id::unique("compare-window"))
            .open(&mut open)
            .default_width(theme::INSPECTOR_WIDTH * 1.3)
            .pivot(egui::Align2::RIGHT_TOP)
            .default_pos(
                ctx.content_rect().right_top()
                    + egui::vec2(
                        -theme::INSPECTOR_WIDTH - theme::FIT_MARGIN,
                        theme::FIT_MARGIN * 2.0,
                    ),
            )
            .show(ctx, |ui| self.ui(ui, doc, selection, &mut commands));
        (commands, open)
    }

    fn ui(&self, ui: &mut Ui, doc: &Document, selection: &[Id], commands: &mut Vec<Command>) {
        let other = self.path.file_name().map_or_else(
            || self.path.display().to_string(),
            |n| n.to_string_lossy().into_owned(),
        );
        ui.label(t!("review.compare.from_to", old = other, new = doc.title()));
        let changes = &self.changes;
        if changes.is_empty() {
            ui.strong(t!("review.compare.none"));
            return;
        }
        let (added, removed, changed) = changes.counts();
        ui.strong(t!(
            "review.compare.summary",
            added = added,
            removed = removed,
            changed = changed,
            appeared = changes.appeared.len(),
            went_away = changes.went_away.len()
        ));
        ui.separator();
        egui::ScrollArea::vertical()
            .max_height(theme::COMPARE_LIST_HEIGHT)
            .auto_shrink([false, true])
            .show(ui, |ui| {
                if let Some((a, b)) = changes.as_of {
                    ui.label(t!("review.compare.as_of", old = a, new = b));
                }
                for field in &changes.workspace {
                    ui.label(format!("{}: {} → {}", field.field, field.old, field.new));
                }
                self.entity_sections(ui, doc, selection, commands);
                if !changes.moved.is_empty() {
                    ui.label(t!("review.compare.moved", count = changes.moved.len()));
                }
                findings(
                    ui,
                    doc,
                    &t!("review.compare.appeared"),
                    '+',
                    &changes.appeared,
                    commands,
                );
                findings(
                    ui,
                    doc,
                    &t!("review.compare.went_away"),
                    '−',
                    &changes.went_away,
                    commands,
                );
            });
    }

    fn entity_sections(
        &self,
        ui: &mut Ui,
        doc: &Document,
        selection: &[Id],
        commands: &mut Vec<Command>,
    ) {
        for (kind, sign, title) in [
            (ChangeKind::Added, '+', t!("review.compare.added")),
            (ChangeKind::Removed, '−', t!("review.compare.removed")),
            (ChangeKind::Changed, '~', t!("review.compare.changed")),
        ] {
            let list: Vec<_> = self
                .changes
                .entities
                .iter()
                .filter(|e| e.change == kind)
                .collect();
            if list.is_empty() {
                continue;
            }
            ui.add_space(theme::INDENT / 2.0);
            ui.strong(format!("{title} ({})", list.len()));
            for entity in list {
                let text = format!(
                    "{sign} {} {} [{}]",
                    entity.kind.label(),
                    entity.name,
                    entity.id
                );
                match present(doc, &entity.id) {
                    Some(id) => {
                        let selected = selection.first() == Some(&id);
                        if ui.selectable_label(selected, text).clicked() {
                            commands.push(Command::Select(vec![id]));
                        }
                    }
                    None => {
                        ui.label(RichText::new(text).weak())
                            .on_hover_text(t!("review.compare.only_other"));
                    }
                }
                for field in &entity.fields {
                    ui.horizontal_wrapped(|ui| {
                        ui.add_space(theme::INDENT * 2.0);
                        ui.label(
                            RichText::new(format!(
                                "{}: {} → {}",
                                field.field, field.old, field.new
                            ))
                            .weak(),
                        );
                    });
                }
            }
        }
    }
}

fn findings(
    ui: &mut Ui,
    doc: &Document,
    title: &str,
    sign: char,
    list: &[Finding],
    commands: &mut Vec<Command>,
) {
    if list.is_empty() {
        return;
    }
    ui.add_space(theme::INDENT / 2.0);
    ui.strong(format!("{title} ({})", list.len()));
    let dark = ui.visuals().dark_mode;
    for finding in list {
        let ids: Vec<Id> = finding
            .entities
            .iter()
            .filter_map(|id| present(doc, id))
            .collect();
        let text = RichText::new(format!(
            "{sign} {}[{}] {}",
            finding.severity.label(),
            finding.code,
            finding.message
        ))
        .color(theme::severity_color(finding.severity, dark));
        if ids.is_empty() {
            ui.label(text);
        } else if ui.selectable_label(false, text).clicked() {
            commands.push(Command::Select(ids));
        }
    }
}

/// The id, when the open workspace has an entity with it.
fn present(doc: &Document, id: &str) -> Option<Id> {
    doc.workspace
        .find(id)
        .and_then(|at| doc.workspace.entity(at))
        .map(|entity| entity.id().clone())
}
