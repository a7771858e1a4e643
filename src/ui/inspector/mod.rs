//! The inspector: every field of the selected entity, its relationships, and its own problems.

mod candidates;
mod fields;
mod provenance;

use egui::{RichText, Ui};

use crate::app::{Command, Document};
use crate::edit::{Edit, ops};
use crate::i18n::t;
use crate::model::{Entity, EntityKind, Id, RelationshipKind, Role};
use crate::rules::Diagnostic;

use super::{names, theme};
use candidates::Candidates;
use fields::{Changed, Env};

/// The inspector's view state.
#[derive(Default)]
pub struct Inspector {
    candidates: Candidates,
    /// Put the cursor in the name field on the next frame (F2).
    pub focus_name: bool,
    /// Review: fields are shown but cannot be changed, and no button that edits is drawn.
    pub read_only: bool,
    new_relationship: NewRelationship,
}

/// What the "add a relationship" row has chosen so far.
#[derive(Default)]
struct NewRelationship {
    kind: AddKind,
    target: Option<Id>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
enum AddKind {
    #[default]
    PartnerWithProvider,
    ResellerOfThisProvider,
    SellsToTenant,
    AdministersTenant,
    SupplyFromMicrosoft,
}

impl Inspector {
    /// Draws the inspector for the primary selection; returns the commands the user gave.
    pub fn ui(&mut self, ui: &mut Ui, doc: &Document, selected: Option<&Id>) -> Vec<Command> {
        let mut commands = Vec::new();
        let ws = &doc.workspace;
        // Keyed on the content, not every change: moving the as-of date changes no candidate, and
        // rebuilding them took most of a frame at 100,000 entities.
        self.candidates
            .refresh(ws, (doc.instance, doc.content_generation));
        let Some(id) = selected else {
            ui.label(t!("inspector.nothing_selected"));
            return commands;
        };
        let Some(at) = ws.find(id.as_str()) else {
            ui.label(t!("inspector.gone", id = id));
            return commands;
        };
        let Some(entity) = ws.entity(at) else {
            return commands;
        };
        ui.heading(ws.display_name(id.as_str()));
        ui.label(
            RichText::new(t!(
                "inspector.kind_and_id",
                kind = names::entity_kind(at.kind),
                id = id
            ))
            .weak(),
        );
        let read_only = self.read_only;
        own_problems(ui, &doc.diagnostics, id, read_only, &mut commands);
        ui.separator();
        egui::ScrollArea::vertical()
            .auto_shrink([false, false])
            .show(ui, |ui| {
                let env = Env {
                    candidates: &self.candidates,
                    regions: ws.region_table(),
                    as_of: ws.as_of,
                    focus_name: self.focus_name,
                };
                self.focus_name = false;
                let mut edited = entity.clone();
                let changed = ui
                    .add_enabled_ui(!read_only, |ui| edit_fields(ui, &env, &mut edited))
                    .inner;
                if !read_only && changed.any && edited != entity {
                    let merge_key = changed.typed_field.map(|field| format!("{id}:{field}"));
                    commands.push(Command::Apply {
                        edit: Edit::Replace(edited.edited_from(&entity)),
                        merge_key,
                        select: None,
                    });
                }
                provenance::ui(ui, entity.sources());
                ui.separator();
                self.related(ui, doc, id, at.kind, &mut commands);
                ui.separator();
                if !read_only && ui.button(t!("inspector.delete")).clicked() {
                    commands.push(Command::Select(vec![id.clone()]));
                    commands.push(Command::DeleteSelection);
                }
            });
        commands
    }

    fn related(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        id: &Id,
        kind: EntityKind,
        commands: &mut Vec<Command>,
    ) {
        let ws = &doc.workspace;
        match kind {
            EntityKind::Organization => {
                ui.strong(t!("inspector.locations"));
                for location in ws.locations.iter().filter(|l| l.organization == *id) {
                    if ui.link(ws.display_name(location.id.as_str())).clicked() {
                        commands.push(Command::Select(vec![location.id.clone()]));
                    }
                }
                ui.strong(t!("inspector.tenants"));
                for tenant in ws.tenants.iter().filter(|t| t.owner.as_ref() == Some(id)) {
                    if ui
                        .link(format!(
                            "{} ({})",
                            ws.display_name(tenant.id.as_str()),
                            names::tenant_kind(tenant.kind)
                        ))
                        .clicked()
                    {
                        commands.push(Command::Select(vec![tenant.id.clone()]));
                    }
                }
            }
            EntityKind::Location | EntityKind::Tenant => {
                relationships_list(ui, doc, id, self.read_only, commands);
                if kind == EntityKind::Location && !self.read_only {
                    self.add_relationship(ui, doc, id, commands);
                }
                if kind == EntityKind::Tenant {
                    ui.strong(t!("inspector.subscriptions"));
                    for sub in ws.subscriptions.iter().filter(|s| s.tenant == *id) {
                        if ui.link(format!("{} ({})", sub.offer, sub.id)).clicked() {
                            commands.push(Command::Select(vec![sub.id.clone()]));
                        }
                    }
                }
            }
            _ => {}
        }
    }

    fn add_relationship(
        &mut self,
        ui: &mut Ui,
        doc: &Document,
        id: &Id,
        commands: &mut Vec<Command>,
    ) {
        let ws = &doc.workspace;
        ui.strong(t!("inspector.add_relationship"));
        let location = ws.locations.iter().find(|l| l.id == *id);
        let mut options = vec![
            (
                AddKind::PartnerWithProvider,
                t!("inspector.partner_with_provider"),
            ),
            (AddKind::SellsToTenant, t!("inspector.sells_to_tenant")),
            (
                AddKind::AdministersTenant,
                t!("inspector.administers_tenant"),
            ),
        ];
        if location.is_some_and(|l| l.enrolment(Role::IndirectProvider).is_some()) {
            options.insert(
                1,
                (
                    AddKind::ResellerOfThisProvider,
                    t!("inspector.partner_with_reseller"),
                ),
            );
        }
        if location.is_some_and(|l| {
            l.enrolment(Role::IndirectProvider).is_some() || l.enrolment(Role::DirectBill).is_some()
        }) {
            options.push((
                AddKind::SupplyFromMicrosoft,
                t!("inspector.supplied_by_microsoft"),
            ));
        }
        let state = &mut self.new_relationship;
        if !options.iter().any(|(k, _)| *k == state.kind) {
            state.kind = options[0].0;
        }
        if super::widgets::choice(ui, &t!("inspector.relationship"), &mut state.kind, &options) {
            state.target = None;
        }
        let c = &self.candidates;
        let (targets, label) = match state.kind {
            AddKind::PartnerWithProvider => (&c.provider_locations, t!("inspector.provider")),
            AddKind::ResellerOfThisProvider => (&c.reseller_locations, t!("inspector.reseller")),
            AddKind::SellsToTenant => (&c.customer_tenants, t!("inspector.customer_tenant")),
            AddKind::AdministersTenant => (&c.tenants, t!("inspector.tenant")),
            AddKind::SupplyFromMicrosoft => (&Vec::new(), "".into()),
        };
        if state.kind != AddKind::SupplyFromMicrosoft {
            super::widgets::picker(
                ui,
                &label,
                &mut state.target,
                targets,
                Some(&t!("inspector.choose")),
            );
        }
        let ready = state.kind == AddKind::SupplyFromMicrosoft || state.target.is_some();
        if ui
            .add_enabled(
                ready,
                egui::Button::new(t!("inspector.add_relationship_button")),
            )
            .clicked()
        {
            let microsoft = c.microsoft.first().cloned();
            let (kind, from, to) = match (state.kind, state.target.clone()) {
                (AddKind::PartnerWithProvider, Some(provider)) => {
                    (RelationshipKind::Partnership, provider, id.clone())
                }
                (AddKind::ResellerOfThisProvider, Some(reseller)) => {
                    (RelationshipKind::Partnership, id.clone(), reseller)
                }
                (AddKind::SellsToTenant, Some(tenant)) => {
                    (RelationshipKind::Reseller, id.clone(), tenant)
                }
                (AddKind::AdministersTenant, Some(tenant)) => (
                    RelationshipKind::Admin {
                        access: crate::model::AdminKind::Gdap,
                        roles: Vec::new(),
                        auto_extend: false,
                    },
                    id.clone(),
                    tenant,
                ),
                (AddKind::SupplyFromMicrosoft, _) => match microsoft {
                    Some(microsoft) => (RelationshipKind::Supply, microsoft, id.clone()),
                    None => return,
                },
                _ => return,
            };
            let (edit, _) = ops::add_relationship(ws, kind, &from, &to, Some(ws.as_of));
            commands.push(Command::Apply {
                edit,
                merge_key: None,
                select: None,
            });
            state.target = None;
        }
    }
}

fn edit_fields(ui: &mut Ui, env: &Env<'_>, entity: &mut Entity) -> Changed {
    match entity {
        Entity::Organization(e) => fields::organization(ui, env, e),
        Entity::Location(e) => fields::location(ui, env, e),
        Entity::Tenant(e) => fields::tenant(ui, env, e),
        Entity::Relationship(e) => fields::relationship(ui, env, e),
        Entity::Subscription(e) => fields::subscription(ui, env, e),
        Entity::Ownership(e) => fields::ownership(ui, env, e),
    }
}

fn own_problems(
    ui: &mut Ui,
    diagnostics: &[Diagnostic],
    id: &Id,
    read_only: bool,
    commands: &mut Vec<Command>,
) {
    let dark = ui.visuals().dark_mode;
    for d in diagnostics.iter().filter(|d| d.entities.contains(id)) {
        ui.horizontal_wrapped(|ui| {
            let code = ui.label(
                RichText::new(format!("{}[{}]", names::severity(d.severity), d.code))
                    .color(theme::severity_color(d.severity, dark))
                    .strong(),
            );
            if let Some(rule) = crate::rules::find_rule(d.code) {
                code.on_hover_text(names::rule_title(rule));
            }
            ui.label(&d.message);
        });
        for fix in d.fixes.iter().filter(|_| !read_only) {
            if ui.button(t!("problems.fix", title = fix.title)).clicked() {
                commands.push(Command::Apply {
                    edit: fix.edit.clone(),
                    merge_key: None,
                    select: None,
                });
            }
        }
    }
}

fn relationships_list(
    ui: &mut Ui,
    doc: &Document,
    id: &Id,
    read_only: bool,
    commands: &mut Vec<Command>,
) {
    let ws = &doc.workspace;
    ui.strong(t!("inspector.relationships"));
    let mut any = false;
    for rel in ws
        .relationships
        .iter()
        .filter(|r| r.from == *id || r.to == *id)
    {
        any = true;
        let other = if rel.from == *id { &rel.to } else { &rel.from };
        let direction = if rel.from == *id { "→" } else { "←" };
        let dates = match (rel.start, rel.end) {
            (Some(s), Some(e)) => format!("{s} – {e}"),
            (Some(s), None) => t!("inspector.from_date", date = s).into_owned(),
            (None, Some(e)) => t!("inspector.until_date", date = e).into_owned(),
            (None, None) => String::new(),
        };
        ui.horizontal(|ui| {
            if ui
                .link(format!(
                    "{} {direction} {} {dates}",
                    names::relationship_kind(&rel.kind),
                    ws.display_name(other.as_str())
                ))
                .clicked()
            {
                commands.push(Command::Select(vec![rel.id.clone()]));
            }
            if read_only {
                return;
            }
            let open = rel.end.is_none_or(|end| end > ws.as_of);
            if open
                && ui
                    .small_button(t!("inspector.end"))
                    .on_hover_text(t!("inspector.end_hint"))
                    .clicked()
            {
                let mut ended = rel.clone();
                ended.end = Some(ws.as_of);
                commands.push(Command::Apply {
                    edit: Edit::Replace(Entity::Relationship(ended)),
                    merge_key: None,
                    select: None,
                });
            }
            if ui.small_button(t!("inspector.remove")).clicked() {
                commands.push(Command::Apply {
                    edit: Edit::Remove(rel.id.clone()),
                    merge_key: None,
                    select: None,
                });
            }
        });
    }
    if !any {
        ui.label(RichText::new(t!("widget.none")).weak());
    }
}
