//! The radar: what ends or lapses after the as-of date within a window, grouped by partner and
//! sorted by date. Clicking a row selects its entities. Rows are virtualised, so a network of
//! 100,000 entities scrolls as fast as a small one; the list is rebuilt only when the workspace,
//! the date or the window changes.

use std::collections::HashMap;

use chrono::NaiveDate;
use egui::{RichText, Ui};

use crate::app::{Command, Document};
use crate::due::{DueIndex, DueItem, DueKind};
use crate::i18n::t;
use crate::model::Id;

use super::theme;

/// The windows offered as one click; any other number of days can be typed.
const WINDOWS: [u32; 3] = [30, 60, 90];

/// One line of the list.
enum Row {
    /// A partner's heading: its name and how many items follow.
    Partner(String, usize),
    /// An item, by its index in the due list.
    Item(usize),
}

/// The panel's view state.
pub struct Radar {
    /// The window in days after the as-of date.
    pub window: u32,
    /// The dated items of the workspace, with the content generation they were collected at.
    index: Option<(u64, DueIndex)>,
    /// (generation, as-of, window) the list was built for.
    built_for: Option<(u64, NaiveDate, u32)>,
    items: Vec<DueItem>,
    rows: Vec<Row>,
}

impl Default for Radar {
    fn default() -> Self {
        Self {
            window: 90,
            index: None,
            built_for: None,
            items: Vec::new(),
            rows: Vec::new(),
        }
    }
}

impl Radar {
    /// Draws the panel; returns a selection when a row was clicked.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document, selection: &[Id]) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.heading(t!("time.radar.title"));
        ui.horizontal_wrapped(|ui| {
            ui.label(t!("time.radar.window"));
            for days in WINDOWS {
                ui.selectable_value(&mut self.window, days, t!("time.radar.days", days = days));
            }
            let label = ui.label(t!("time.radar.other"));
            ui.add(
                egui::DragValue::new(&mut self.window)
                    .range(1..=3650)
                    .suffix(t!("time.radar.days_suffix")),
            )
            .labelled_by(label.id);
        });
        self.rebuild(doc);
        ui.label(
            RichText::new(t!(
                "time.radar.summary",
                count = self.items.len(),
                date = doc.workspace.as_of.to_string()
            ))
            .weak(),
        );
        ui.separator();
        if self.items.is_empty() {
            ui.label(t!("time.radar.empty"));
            return commands;
        }
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, theme::ROW_HEIGHT, self.rows.len(), |ui, range| {
                for row in &self.rows[range] {
                    match row {
                        Row::Partner(name, count) => {
                            ui.label(RichText::new(format!("{name} ({count})")).strong());
                        }
                        Row::Item(i) => {
                            if let Some(command) = item_row(ui, &self.items[*i], selection) {
                                commands.push(command);
                            }
                        }
                    }
                }
            });
        commands
    }

    fn rebuild(&mut self, doc: &Document) {
        let key = (doc.generation, doc.workspace.as_of, self.window);
        if self.built_for == Some(key) {
            return;
        }
        if self
            .index
            .as_ref()
            .is_none_or(|(generation, _)| *generation != doc.content_generation)
        {
            self.index = Some((doc.content_generation, DueIndex::new(&doc.workspace)));
        }
        self.items = self
            .index
            .as_ref()
            .map(|(_, index)| index.due(&doc.workspace, doc.workspace.as_of, self.window))
            .unwrap_or_default();
        self.rows = grouped(&self.items);
        self.built_for = Some(key);
    }
}

/// Groups in the order of their first item's date (the list is sorted by date), items in date
/// order within each group.
fn grouped(items: &[DueItem]) -> Vec<Row> {
    let mut order: Vec<&str> = Vec::new();
    let mut members: HashMap<&str, Vec<usize>> = HashMap::new();
    for (i, item) in items.iter().enumerate() {
        members
            .entry(item.partner.as_str())
            .or_insert_with(|| {
                order.push(item.partner.as_str());
                Vec::new()
            })
            .push(i);
    }
    let mut rows = Vec::with_capacity(items.len() + order.len());
    for partner in order {
        let list = members.remove(partner).unwrap_or_default();
        rows.push(Row::Partner(partner.to_owned(), list.len()));
        rows.extend(list.into_iter().map(Row::Item));
    }
    rows
}

fn item_row(ui: &mut Ui, item: &DueItem, selection: &[Id]) -> Option<Command> {
    let selected = !item.entities.is_empty() && selection.first() == item.entities.first();
    let sentence = sentence(item);
    let text = format!(
        "{}  {}  {}",
        item.date,
        t!(format!("time.due.{}", item.kind.key())),
        sentence
    );
    let response = ui
        .horizontal(|ui| {
            ui.add_space(theme::INDENT);
            ui.add(egui::Button::selectable(selected, text).truncate())
        })
        .inner;
    let response = response.on_hover_text(&sentence);
    response
        .clicked()
        .then(|| Command::Select(item.entities.clone()))
}

/// The item's sentence in the interface language, from the names the item carries.
pub fn sentence(item: &DueItem) -> String {
    let w = &item.words;
    match item.kind {
        DueKind::GdapAutoExtends => t!(
            "time.due_text.gdap_auto_extends",
            id = w.id,
            from = w.from,
            to = w.to
        ),
        DueKind::GdapEnds => t!(
            "time.due_text.gdap_ends",
            id = w.id,
            from = w.from,
            to = w.to
        ),
        DueKind::DapEnds => t!(
            "time.due_text.dap_ends",
            id = w.id,
            from = w.from,
            to = w.to
        ),
        DueKind::PartnershipEnds => t!("time.due_text.partnership_ends", from = w.from, to = w.to),
        DueKind::ResellerRelationshipEnds => t!(
            "time.due_text.reseller_relationship_ends",
            from = w.from,
            to = w.to
        ),
        DueKind::SupplyEnds => t!("time.due_text.supply_ends", to = w.to),
        DueKind::SubscriptionEnds => {
            let whose = match &w.customer {
                Some(customer) => t!(
                    "time.due_text.whose_customer",
                    customer = customer,
                    tenant = w.tenant
                ),
                None => t!("time.due_text.whose_tenant", tenant = w.tenant),
            };
            let seller = match &w.reseller {
                Some(reseller) => t!(
                    "time.due_text.seller_reseller",
                    reseller = reseller,
                    billing = w.billing
                ),
                None => t!("time.due_text.seller_billing", billing = w.billing),
            };
            t!(
                "time.due_text.subscription_ends",
                offer = w.offer,
                id = w.id,
                whose = whose,
                seller = seller
            )
        }
        DueKind::ResellerRevenueReview => t!(
            "time.due_text.revenue_review",
            reseller = w.to,
            revenue = w.revenue
        ),
    }
    .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// In English the interface words every item as the command line does.
    #[test]
    fn the_english_sentence_is_the_command_lines() {
        let mut checked = std::collections::BTreeSet::new();
        let scenarios = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios");
        let mut files: Vec<_> = std::fs::read_dir(&scenarios)
            .expect("scenarios")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .collect();
        files.push(
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/samples/sample.ron"),
        );
        for path in files {
            let ws = crate::io::load_file(&path).unwrap_or_else(|e| panic!("{e}"));
            for item in crate::due::due(&ws, ws.as_of, 100_000) {
                assert_eq!(sentence(&item), item.text);
                checked.insert(item.kind);
            }
        }
        let mut generated =
            crate::generate::generate(&crate::generate::GenerateOptions::about_entities(3_000, 5));
        // Every kind of item at least once: each relationship ends within the window, one admin
        // relationship is DAP and another auto-extends, one reseller is under the minimum.
        use crate::model::{AdminKind, RelationshipKind, Role};
        let soon = generated.as_of + chrono::Days::new(30);
        let mut admins = 0;
        for rel in &mut generated.relationships {
            rel.end = Some(soon);
            if let RelationshipKind::Admin {
                access,
                auto_extend,
                ..
            } = &mut rel.kind
            {
                *access = if admins == 0 {
                    AdminKind::Dap
                } else {
                    AdminKind::Gdap
                };
                *auto_extend = admins % 2 == 1;
                rel.start = Some(generated.as_of - chrono::Days::new(700));
                admins += 1;
            }
        }
        if let Some(reseller) = generated
            .locations
            .iter_mut()
            .find(|l| l.enrolment(Role::IndirectReseller).is_some())
        {
            reseller.revenue_ttm_usd = Some(500);
            for e in &mut reseller.enrolments {
                e.enrolled = Some(generated.as_of - chrono::Days::new(200));
                e.status = crate::model::EnrolmentStatus::Active;
            }
        }
        for item in crate::due::due(&generated, generated.as_of, 100_000) {
            assert_eq!(sentence(&item), item.text);
            checked.insert(item.kind);
        }
        assert_eq!(checked.len(), 8, "only {checked:?} were seen");
    }
}
