//! The problems panel: every diagnostic, worst first; clicking one selects its first entity.

use egui::{RichText, Ui};

use crate::model::Id;
use crate::rules::Diagnostic;

use super::theme;

/// Draws the list; returns the entity to select when the user clicks a problem.
pub fn ui(ui: &mut Ui, diagnostics: &[Diagnostic]) -> Option<Id> {
    let dark = ui.visuals().dark_mode;
    let mut clicked = None;
    let mut order: Vec<&Diagnostic> = diagnostics.iter().collect();
    order.sort_by_key(|d| d.severity);
    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            if order.is_empty() {
                ui.label("No problems: the network follows every rule checked.");
            }
            for d in order {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(d.severity.label())
                            .color(theme::severity_color(d.severity, dark))
                            .strong(),
                    );
                    ui.monospace(d.code);
                    if ui.link(&d.message).clicked() {
                        clicked = d.entities.first().cloned();
                    }
                });
            }
        });
    clicked
}
