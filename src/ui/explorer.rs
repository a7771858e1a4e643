//! The explorer: organizations by kind, tenants and subscriptions, with counts, problem badges
//! and a search that matches anywhere in name, id, Partner ID or country.
//!
//! Rows are derived once per workspace change or query change, and only the rows in view are
//! laid out, so the explorer stays quick with 100,000 entities.

use std::collections::{HashMap, HashSet};

use egui::{RichText, Ui};
use rustc_hash::FxHashMap;

use crate::app::{Command, Document, ProblemCount};
use crate::edit::ops::{self, NewOrganization};
use crate::i18n::{Language, t};
use crate::model::{Id, OrganizationKind, Role, Workspace};
use crate::rules::{Diagnostic, Severity};

use super::{names, theme};

/// The explorer's view state.
#[derive(Default)]
pub struct Explorer {
    /// The search text.
    pub query: String,
    /// Put the cursor in the search box on the next frame (Ctrl+F).
    pub focus_search: bool,
    collapsed: HashSet<Group>,
    rows: Vec<Row>,
    /// (document, content generation, query, collapsed groups, language) the rows were built for.
    built_for: Option<(u64, u64, String, usize, Language)>,
    /// (document, generation) the rows' problem counts were taken at: a move of the as-of date
    /// recounts the problems without building the rows again.
    counted_for: Option<(u64, u64)>,
    /// The organization owning each location and tenant, built with the rows.
    owners: FxHashMap<Id, Id>,
}

/// The explorer's groups, in display order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Group {
    Microsoft,
    Providers,
    DirectBill,
    Resellers,
    Customers,
    Tenants,
    Subscriptions,
}

impl Group {
    const ALL: [Group; 7] = [
        Group::Microsoft,
        Group::Providers,
        Group::DirectBill,
        Group::Resellers,
        Group::Customers,
        Group::Tenants,
        Group::Subscriptions,
    ];

    fn title(self) -> std::borrow::Cow<'static, str> {
        match self {
            Group::Microsoft => t!("explorer.microsoft"),
            Group::Providers => t!("explorer.providers"),
            Group::DirectBill => t!("explorer.direct_bill"),
            Group::Resellers => t!("explorer.resellers"),
            Group::Customers => t!("explorer.customers"),
            Group::Tenants => t!("explorer.tenants"),
            Group::Subscriptions => t!("explorer.subscriptions"),
        }
    }
}

enum Row {
    Header {
        group: Group,
        count: usize,
    },
    Item {
        id: Id,
        label: String,
        problems: Option<ProblemCount>,
    },
}

impl Explorer {
    /// Draws the explorer and returns the user's commands.
    pub fn ui(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        selection: &[Id],
        read_only: bool,
    ) -> Vec<Command> {
        let mut commands = Vec::new();
        ui.horizontal(|ui| {
            ui.heading(t!("explorer.heading"));
            if !read_only {
                ui.menu_button(t!("explorer.add"), |ui| {
                    for what in NewOrganization::ALL {
                        if ui.button(names::new_organization(what)).clicked() {
                            let name = t!(
                                "explorer.new_name",
                                kind = names::new_organization(what).to_lowercase()
                            );
                            let (edit, org_id) =
                                ops::add_organization(&doc.workspace, what, &name, None);
                            let select = match what {
                                NewOrganization::Partner(_) => {
                                    location_of(&edit, &org_id).unwrap_or(org_id)
                                }
                                NewOrganization::Customer => org_id,
                            };
                            commands.push(Command::Apply {
                                edit,
                                merge_key: None,
                                select: Some(select),
                            });
                            ui.close();
                        }
                    }
                });
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label(t!("explorer.search"));
            let response = ui.add(
                egui::TextEdit::singleline(&mut self.query)
                    .hint_text(t!("explorer.search_hint"))
                    .desired_width(f32::INFINITY),
            );
            let response = response.labelled_by(label.id);
            if self.focus_search {
                response.request_focus();
                self.focus_search = false;
            }
        });
        ui.separator();
        let key = (
            doc.instance,
            doc.content_generation,
            self.query.clone(),
            self.collapsed.len(),
            crate::i18n::language(),
        );
        if self.built_for.as_ref() != Some(&key) {
            self.rows = rows(&doc.workspace, &self.query.to_lowercase(), &self.collapsed);
            self.owners = owners(&doc.workspace);
            self.built_for = Some(key);
            self.counted_for = None;
        }
        if self.counted_for != Some((doc.instance, doc.generation)) {
            let totals = problems_by_row(&self.owners, &doc.diagnostics);
            for row in &mut self.rows {
                if let Row::Item { id, problems, .. } = row {
                    *problems = totals.get(id).copied();
                }
            }
            self.counted_for = Some((doc.instance, doc.generation));
        }
        let dark = ui.visuals().dark_mode;
        let selected: HashSet<&Id> = selection.iter().collect();
        let mut toggle = None;
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show_rows(ui, theme::ROW_HEIGHT, self.rows.len(), |ui, range| {
                for row in &self.rows[range] {
                    match row {
                        Row::Header { group, count } => {
                            let arrow = if self.collapsed.contains(group) {
                                "▶"
                            } else {
                                "▼"
                            };
                            if ui
                                .selectable_label(
                                    false,
                                    RichText::new(format!("{arrow} {} ({count})", group.title()))
                                        .strong(),
                                )
                                .clicked()
                            {
                                toggle = Some(*group);
                            }
                        }
                        Row::Item {
                            id,
                            label,
                            problems,
                        } => {
                            ui.horizontal(|ui| {
                                ui.add_space(theme::INDENT);
                                let response = ui.selectable_label(selected.contains(id), label);
                                if response.clicked() {
                                    let additive = ui.input(|i| i.modifiers.command);
                                    commands.push(Command::Select(extend_selection(
                                        selection, id, additive,
                                    )));
                                }
                                badge(ui, problems.as_ref(), dark);
                            });
                        }
                    }
                }
            });
        if let Some(group) = toggle
            && !self.collapsed.remove(&group)
        {
            self.collapsed.insert(group);
        }
        commands
    }
}

fn location_of(edit: &crate::edit::Edit, org_id: &Id) -> Option<Id> {
    let crate::edit::Edit::Batch(edits) = edit else {
        return None;
    };
    edits.iter().find_map(|e| match e {
        crate::edit::Edit::Insert {
            entity: crate::model::Entity::Location(l),
            ..
        } if l.organization == *org_id => Some(l.id.clone()),
        _ => None,
    })
}

fn extend_selection(selection: &[Id], id: &Id, additive: bool) -> Vec<Id> {
    if !additive {
        return vec![id.clone()];
    }
    let mut next: Vec<Id> = selection.iter().filter(|s| *s != id).cloned().collect();
    if next.len() == selection.len() {
        next.insert(0, id.clone());
    }
    next
}

fn badge(ui: &mut Ui, count: Option<&ProblemCount>, dark: bool) {
    let Some(count) = count else { return };
    if count.errors > 0 {
        ui.label(
            RichText::new(format!("● {}", count.errors))
                .color(theme::severity_color(crate::rules::Severity::Error, dark)),
        )
        .on_hover_text(t!("app.errors", count = count.errors));
    }
    if count.warnings > 0 {
        ui.label(
            RichText::new(format!("⚠ {}", count.warnings))
                .color(theme::severity_color(crate::rules::Severity::Warning, dark)),
        )
        .on_hover_text(t!("app.warnings", count = count.warnings));
    }
}

/// Problems counted on the row that shows them: an organization's row carries the problems of
/// its locations and tenants too (each problem once), so a reseller whose location breaks a rule
/// is marked where the user looks for it.
///
/// Run on every move of the as-of date, which can bring tens of thousands of warnings: no
/// allocation per problem.
fn problems_by_row<'a>(
    owner: &'a FxHashMap<Id, Id>,
    diagnostics: &'a [Diagnostic],
) -> FxHashMap<&'a Id, ProblemCount> {
    let mut totals: FxHashMap<&Id, ProblemCount> = FxHashMap::default();
    let mut rows: Vec<&Id> = Vec::new();
    for d in diagnostics.iter().filter(|d| d.severity != Severity::Info) {
        rows.clear();
        for id in &d.entities {
            rows.push(id);
            rows.extend(owner.get(id));
        }
        rows.sort_unstable();
        rows.dedup();
        for &row in &rows {
            let total = totals.entry(row).or_default();
            match d.severity {
                Severity::Error => total.errors += 1,
                _ => total.warnings += 1,
            }
        }
    }
    totals
}

/// The organization owning each location and tenant (see [`problems_by_row`]).
fn owners(ws: &Workspace) -> FxHashMap<Id, Id> {
    let mut owner = FxHashMap::default();
    for location in &ws.locations {
        owner.insert(location.id.clone(), location.organization.clone());
    }
    for tenant in &ws.tenants {
        if let Some(org) = &tenant.owner {
            owner.insert(tenant.id.clone(), org.clone());
        }
    }
    owner
}

fn rows(ws: &Workspace, query: &str, collapsed: &HashSet<Group>) -> Vec<Row> {
    let matches = |fields: &[&str]| {
        query.is_empty() || fields.iter().any(|f| f.to_lowercase().contains(query))
    };
    let mut groups: HashMap<Group, Vec<(Id, String)>> = HashMap::new();
    let mut by_org: HashMap<&str, Vec<&crate::model::Location>> = HashMap::new();
    for location in &ws.locations {
        by_org
            .entry(location.organization.as_str())
            .or_default()
            .push(location);
    }
    let org_names: HashMap<&str, &str> = ws
        .organizations
        .iter()
        .map(|o| (o.id.as_str(), o.name.as_str()))
        .collect();
    for org in &ws.organizations {
        let country = org.country.map(|c| c.to_string()).unwrap_or_default();
        let locations = by_org
            .get(org.id.as_str())
            .map(Vec::as_slice)
            .unwrap_or_default();
        let mut fields = vec![org.name.as_str(), org.id.as_str(), country.as_str()];
        fields.extend(locations.iter().filter_map(|l| l.partner_id.as_deref()));
        let location_countries: Vec<String> = locations
            .iter()
            .filter_map(|l| l.country)
            .map(|c| c.to_string())
            .collect();
        fields.extend(location_countries.iter().map(String::as_str));
        if !matches(&fields) {
            continue;
        }
        let label = format!(
            "{}  ·  {}",
            org.name,
            if country.is_empty() { "?" } else { &country }
        );
        let mut placed = false;
        if org.kind == OrganizationKind::Microsoft {
            groups
                .entry(Group::Microsoft)
                .or_default()
                .push((org.id.clone(), label.clone()));
            placed = true;
        }
        for (group, role) in [
            (Group::Providers, Role::IndirectProvider),
            (Group::DirectBill, Role::DirectBill),
            (Group::Resellers, Role::IndirectReseller),
        ] {
            if locations.iter().any(|l| l.enrolment(role).is_some()) {
                groups
                    .entry(group)
                    .or_default()
                    .push((org.id.clone(), label.clone()));
                placed = true;
            }
        }
        if !placed {
            groups
                .entry(Group::Customers)
                .or_default()
                .push((org.id.clone(), label));
        }
    }
    for tenant in &ws.tenants {
        let country = tenant.country.map(|c| c.to_string()).unwrap_or_default();
        let owner = tenant
            .owner
            .as_ref()
            .and_then(|o| org_names.get(o.as_str()))
            .copied()
            .unwrap_or("");
        if matches(&[
            tenant.name.as_str(),
            tenant.id.as_str(),
            country.as_str(),
            owner,
        ]) {
            let name = if tenant.name.is_empty() {
                tenant.id.as_str()
            } else {
                tenant.name.as_str()
            };
            groups.entry(Group::Tenants).or_default().push((
                tenant.id.clone(),
                format!("{name}  ·  {}", names::tenant_kind(tenant.kind)),
            ));
        }
    }
    let tenant_owner: HashMap<&str, &str> = ws
        .tenants
        .iter()
        .filter_map(|t| {
            t.owner
                .as_ref()
                .and_then(|o| org_names.get(o.as_str()))
                .map(|name| (t.id.as_str(), *name))
        })
        .collect();
    for sub in &ws.subscriptions {
        let customer = tenant_owner
            .get(sub.tenant.as_str())
            .copied()
            .unwrap_or(sub.tenant.as_str());
        if matches(&[sub.offer.as_str(), sub.id.as_str(), customer]) {
            groups
                .entry(Group::Subscriptions)
                .or_default()
                .push((sub.id.clone(), format!("{}  ·  {customer}", sub.offer)));
        }
    }
    let mut rows = Vec::new();
    for group in Group::ALL {
        let mut items = groups.remove(&group).unwrap_or_default();
        items.sort_by_cached_key(|(id, label)| (label.to_lowercase(), id.clone()));
        rows.push(Row::Header {
            group,
            count: items.len(),
        });
        if !collapsed.contains(&group) {
            rows.extend(items.into_iter().map(|(id, label)| Row::Item {
                id,
                label,
                problems: None,
            }));
        }
    }
    rows
}
