//! A later import against a workspace the user already keeps: entities matched by Microsoft's
//! ids first (tenant ids, then Partner IDs, then subscription ids), never by display name
//! alone; what the exports add, what differs, and what they no longer show, each by name.
//! Nothing is removed: a later export that is silent about an entity proves nothing.

use rustc_hash::{FxHashMap, FxHashSet};
use std::mem::discriminant;

mod description;

pub use description::{Description, FieldChange, Party, Subject};

use crate::edit::Edit;
use crate::model::{
    Entity, Field, Id, Location, Organization, OrganizationKind, Relationship, Subscription,
    Tenant, TenantKind, Workspace, take_over,
};

/// Which group a change belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ChangeKind {
    /// In the exports, not in the workspace.
    Added,
    /// In both, with facts that differ.
    Changed,
    /// In the workspace, no longer in exports that cover its kind.
    Missing,
}

/// One proposed change, described by name.
#[derive(Debug, Clone, PartialEq)]
pub struct Change {
    /// Its group.
    pub kind: ChangeKind,
    /// What it concerns and changes ("Customer tenant fuji.onmicrosoft.com: country JP → US").
    pub description: Description,
    /// The edit that adds or updates; none for what is no longer exported.
    pub edit: Option<Edit>,
    /// For what is no longer exported: the entity the user may choose to remove.
    pub target: Option<Id>,
}

/// Every proposed change.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Reconciliation {
    /// Added first, then changed, then no longer exported.
    pub changes: Vec<Change>,
}

impl Reconciliation {
    /// How many changes of `kind`.
    pub fn count(&self, kind: ChangeKind) -> usize {
        self.changes.iter().filter(|c| c.kind == kind).count()
    }

    /// What is proposed by default: every addition and change; no removal, because an export
    /// that is silent about an entity proves nothing.
    pub fn default_selection(&self) -> Vec<bool> {
        self.changes
            .iter()
            .map(|c| c.kind != ChangeKind::Missing)
            .collect()
    }

    /// One undoable edit making the selected changes (`selected[i]` for `changes[i]`) to
    /// `workspace`; entities no longer exported that the user ticked are removed with what
    /// depends on them.
    pub fn edit(&self, selected: &[bool], workspace: &Workspace) -> Edit {
        let chosen = |i: usize| selected.get(i).copied().unwrap_or(false);
        let mut edits: Vec<Edit> = self
            .changes
            .iter()
            .enumerate()
            .filter(|&(i, _)| chosen(i))
            .filter_map(|(_, c)| c.edit.clone())
            .collect();
        let removed: Vec<Id> = self
            .changes
            .iter()
            .enumerate()
            .filter(|&(i, _)| chosen(i))
            .filter_map(|(_, c)| c.target.clone())
            .collect();
        if !removed.is_empty() {
            edits.push(crate::edit::ops::remove_with_dependants(
                workspace, &removed,
            ));
        }
        Edit::Batch(edits)
    }

    /// Applies every change at once, for the command line. Entities are pushed, not looked
    /// up one by one: ids were made free when the changes were proposed.
    pub fn apply_all(&self, workspace: &mut Workspace) -> Result<(), crate::model::ModelError> {
        let mut replaced = Vec::new();
        for change in &self.changes {
            match &change.edit {
                Some(Edit::Insert { entity, .. }) => push(workspace, entity.clone()),
                Some(Edit::Replace(entity)) => replaced.push(entity.clone()),
                _ => {}
            }
        }
        if !replaced.is_empty() {
            Edit::Batch(replaced.into_iter().map(Edit::Replace).collect()).apply(workspace)?;
        }
        Ok(())
    }
}

fn push(ws: &mut Workspace, entity: Entity) {
    match entity {
        Entity::Organization(e) => ws.organizations.push(e),
        Entity::Ownership(e) => ws.ownerships.push(e),
        Entity::Location(e) => ws.locations.push(e),
        Entity::Tenant(e) => ws.tenants.push(e),
        Entity::Relationship(e) => ws.relationships.push(e),
        Entity::Subscription(e) => ws.subscriptions.push(e),
    }
}

/// Display names by id, built once: the workspace's own lookup scans every entity per name,
/// which a reconciliation of tens of thousands of changes cannot afford.
#[derive(Default)]
struct Names(FxHashMap<String, String>);

impl Names {
    /// Adds the names of `ws`, under the ids `rename` gives; names already there are kept.
    fn add(&mut self, ws: &Workspace, rename: impl Fn(&Id) -> Id) {
        let orgs: FxHashMap<&str, &str> = ws
            .organizations
            .iter()
            .map(|o| (o.id.as_str(), o.name.as_str()))
            .collect();
        let mut put = |id: &Id, name: String| {
            self.0.entry(rename(id).to_string()).or_insert(name);
        };
        for o in &ws.organizations {
            put(&o.id, o.name.clone());
        }
        for l in &ws.locations {
            let org = orgs
                .get(l.organization.as_str())
                .copied()
                .unwrap_or(l.organization.as_str());
            let name = if l.name.is_empty() {
                org.to_owned()
            } else {
                format!("{org} ({})", l.name)
            };
            put(&l.id, name);
        }
        for t in &ws.tenants {
            if !t.name.is_empty() {
                put(&t.id, t.name.clone());
            }
        }
    }

    fn get(&self, id: &Id) -> String {
        self.0
            .get(id.as_str())
            .cloned()
            .unwrap_or_else(|| id.to_string())
    }
}

/// Imported ids to the existing ids they were matched with.
struct Matches<'a> {
    map: FxHashMap<&'a str, Id>,
}

impl Matches<'_> {
    fn get(&self, id: &Id) -> Id {
        self.map
            .get(id.as_str())
            .cloned()
            .unwrap_or_else(|| id.clone())
    }

    fn has(&self, id: &Id) -> bool {
        self.map.contains_key(id.as_str())
    }
}

/// Matches `imported` against `existing` and proposes the changes.
pub fn reconcile(existing: &Workspace, imported: &Workspace) -> Reconciliation {
    let mut map: FxHashMap<&str, Id> = FxHashMap::default();
    // Tenants by Microsoft's tenant id.
    let by_directory: FxHashMap<String, &Tenant> = existing
        .tenants
        .iter()
        .filter_map(|t| t.directory_id.as_ref().map(|d| (d.to_ascii_lowercase(), t)))
        .collect();
    for t in &imported.tenants {
        if let Some(found) = t
            .directory_id
            .as_ref()
            .and_then(|d| by_directory.get(&d.to_ascii_lowercase()))
        {
            map.insert(t.id.as_str(), found.id.clone());
        }
    }
    // Locations by Partner ID, then by their CSP tenant.
    let by_partner_id: FxHashMap<&str, &Location> = existing
        .locations
        .iter()
        .filter_map(|l| l.partner_id.as_deref().map(|p| (p, l)))
        .collect();
    let by_csp_tenant: FxHashMap<&str, &Location> = existing
        .locations
        .iter()
        .filter_map(|l| l.csp_tenant.as_ref().map(|t| (t.as_str(), l)))
        .collect();
    for l in &imported.locations {
        let found = l
            .partner_id
            .as_deref()
            .and_then(|p| by_partner_id.get(p))
            .or_else(|| {
                let tenant = map.get(l.csp_tenant.as_ref()?.as_str())?;
                by_csp_tenant.get(tenant.as_str())
            });
        if let Some(found) = found {
            map.insert(l.id.as_str(), found.id.clone());
        }
    }
    // Organizations through what they hold; Microsoft is Microsoft.
    let existing_tenants: FxHashMap<&str, &Tenant> = existing
        .tenants
        .iter()
        .map(|t| (t.id.as_str(), t))
        .collect();
    let existing_locations: FxHashMap<&str, &Location> = existing
        .locations
        .iter()
        .map(|l| (l.id.as_str(), l))
        .collect();
    let microsoft = existing
        .organizations
        .iter()
        .find(|o| o.kind == OrganizationKind::Microsoft);
    let mut held: FxHashMap<&str, Vec<&str>> = FxHashMap::default();
    for l in &imported.locations {
        held.entry(l.organization.as_str())
            .or_default()
            .push(l.id.as_str());
    }
    for t in &imported.tenants {
        if let Some(owner) = &t.owner {
            held.entry(owner.as_str()).or_default().push(t.id.as_str());
        }
    }
    for o in &imported.organizations {
        let found = if o.kind == OrganizationKind::Microsoft {
            microsoft.map(|m| m.id.clone())
        } else {
            held.get(o.id.as_str())
                .into_iter()
                .flatten()
                .find_map(|held| {
                    let matched = map.get(held)?.as_str();
                    existing_locations
                        .get(matched)
                        .map(|l| l.organization.clone())
                        .or_else(|| existing_tenants.get(matched)?.owner.clone())
                })
        };
        if let Some(found) = found {
            map.insert(o.id.as_str(), found);
        }
    }
    // Subscriptions and GDAP relationships by Microsoft's id.
    let existing_ids: FxHashSet<&str> = existing.entity_ids().map(|(id, _)| id.as_str()).collect();
    let by_microsoft_id: FxHashMap<String, &Id> = existing
        .subscriptions
        .iter()
        .filter_map(|s| Some((s.microsoft_id.as_deref()?.to_ascii_lowercase(), &s.id)))
        .chain(
            existing
                .relationships
                .iter()
                .filter_map(|r| Some((r.microsoft_id.as_deref()?.to_ascii_lowercase(), &r.id))),
        )
        .collect();
    let imported_with_microsoft_id = imported
        .subscriptions
        .iter()
        .map(|s| (&s.id, &s.microsoft_id))
        .chain(
            imported
                .relationships
                .iter()
                .map(|r| (&r.id, &r.microsoft_id)),
        );
    for (id, microsoft_id) in imported_with_microsoft_id {
        if let Some(found) = microsoft_id
            .as_deref()
            .and_then(|m| by_microsoft_id.get(&m.to_ascii_lowercase()))
        {
            map.insert(id.as_str(), (*found).clone());
        }
    }
    // Relationships by kind and matched ends.
    let mut rel_by_ends: FxHashMap<(String, String, String), Vec<&Relationship>> =
        FxHashMap::default();
    for r in &existing.relationships {
        rel_by_ends
            .entry((kind_key(r), r.from.to_string(), r.to.to_string()))
            .or_default()
            .push(r);
    }
    for r in &imported.relationships {
        if map.contains_key(r.id.as_str()) {
            continue;
        }
        let key = (
            kind_key(r),
            map_id(&map, &r.from).to_string(),
            map_id(&map, &r.to).to_string(),
        );
        if let Some(list) = rel_by_ends.get_mut(&key)
            && let Some(found) = list.pop()
        {
            map.insert(r.id.as_str(), found.id.clone());
        }
    }

    let matches = Matches { map };
    let mut rec = Reconciliation::default();
    let mut taken: FxHashSet<String> = existing_ids.iter().map(|s| (*s).to_owned()).collect();
    let mut fresh: FxHashMap<&str, Id> = FxHashMap::default();
    // Ids of added entities that collide with existing ones get a suffix.
    for (id, _) in imported.entity_ids() {
        if matches.has(id) {
            continue;
        }
        let mut candidate = id.to_string();
        let mut n = 2;
        while taken.contains(&candidate) {
            candidate = format!("{id}-{n}");
            n += 1;
        }
        taken.insert(candidate.clone());
        if let Ok(new_id) = Id::new(candidate) {
            fresh.insert(id.as_str(), new_id);
        }
    }
    let to_existing = |id: &Id| -> Id {
        matches
            .map
            .get(id.as_str())
            .or_else(|| fresh.get(id.as_str()))
            .cloned()
            .unwrap_or_else(|| id.clone())
    };
    let mut names = Names::default();
    names.add(existing, Id::clone);
    names.add(imported, to_existing);

    let index = existing.index();
    let mut changed = Vec::new();
    let mut added = Vec::new();
    for entity in entities(imported) {
        let id = entity.id().clone();
        let remapped = remap(entity, &to_existing);
        if matches.has(&id) {
            let Some(old) = index
                .get(matches.get(&id).as_str())
                .and_then(|&at| existing.entity(at))
            else {
                continue;
            };
            if let Some((merged, what)) = merge(&old, &remapped, &names) {
                changed.push(Change {
                    kind: ChangeKind::Changed,
                    description: Description {
                        subject: describe(&names, &old),
                        fields: what,
                    },
                    edit: Some(Edit::Replace(merged)),
                    target: None,
                });
            }
        } else {
            added.push(Change {
                kind: ChangeKind::Added,
                description: Description {
                    subject: describe(&names, &remapped),
                    fields: Vec::new(),
                },
                edit: Some(Edit::Insert {
                    entity: remapped,
                    at: None,
                }),
                target: None,
            });
        }
    }
    rec.changes.extend(added);
    rec.changes.extend(changed);
    rec.changes
        .extend(missing(existing, imported, &matches, &names));
    rec
}

fn map_id(map: &FxHashMap<&str, Id>, id: &Id) -> Id {
    map.get(id.as_str()).cloned().unwrap_or_else(|| id.clone())
}

fn kind_key(r: &Relationship) -> String {
    format!("{:?}", discriminant(&r.kind))
}

fn entities(ws: &Workspace) -> impl Iterator<Item = Entity> + '_ {
    ws.organizations
        .iter()
        .cloned()
        .map(Entity::Organization)
        .chain(ws.locations.iter().cloned().map(Entity::Location))
        .chain(ws.tenants.iter().cloned().map(Entity::Tenant))
        .chain(ws.relationships.iter().cloned().map(Entity::Relationship))
        .chain(ws.subscriptions.iter().cloned().map(Entity::Subscription))
}

/// The entity with every id (its own and its references) turned into the workspace's.
fn remap(entity: Entity, to: &impl Fn(&Id) -> Id) -> Entity {
    match entity {
        Entity::Organization(o) => Entity::Organization(Organization {
            id: to(&o.id),
            mca_attested_by: o.mca_attested_by.as_ref().map(to),
            ..o
        }),
        Entity::Location(l) => Entity::Location(Location {
            id: to(&l.id),
            organization: to(&l.organization),
            csp_tenant: l.csp_tenant.as_ref().map(to),
            ..l
        }),
        Entity::Tenant(t) => Entity::Tenant(Tenant {
            id: to(&t.id),
            owner: t.owner.as_ref().map(to),
            ..t
        }),
        Entity::Relationship(r) => Entity::Relationship(Relationship {
            id: to(&r.id),
            from: to(&r.from),
            to: to(&r.to),
            ..r
        }),
        Entity::Subscription(s) => Entity::Subscription(Subscription {
            id: to(&s.id),
            tenant: to(&s.tenant),
            billed_by: to(&s.billed_by),
            reseller_of_record: match s.reseller_of_record {
                crate::model::Fact::Stated(ref r) => crate::model::Fact::Stated(to(r)),
                other => other,
            },
            ..s
        }),
        other => other,
    }
}

/// Placeholder names the importer gives when the exports name nobody; they never overwrite.
fn is_placeholder(name: &str) -> bool {
    name.starts_with("Partner ID ") || name.contains("(not named by the exports)")
}

/// The existing entity with the import's stated facts laid over it, and what changed; `None`
/// when nothing did. Facts the import does not know never erase what the user recorded.
fn merge(old: &Entity, new: &Entity, names: &Names) -> Option<(Entity, Vec<FieldChange>)> {
    let mut what = Vec::new();
    let mut taken: Vec<Field> = Vec::new();
    let name = |id: &Id| names.get(id);
    let merged = match (old, new) {
        (Entity::Organization(o), Entity::Organization(n)) => {
            let mut m = o.clone();
            if n.name != o.name && !is_placeholder(&n.name) && o.kind == n.kind {
                what.push(FieldChange::Name {
                    from: o.name.clone(),
                    to: n.name.clone(),
                });
                m.name = n.name.clone();
                taken.push(Field::Name);
            }
            m.sources = take_over(&o.sources, &n.sources, &taken);
            Entity::Organization(m)
        }
        (Entity::Location(o), Entity::Location(n)) => {
            let mut m = o.clone();
            if n.partner_id.is_some() && n.partner_id != o.partner_id {
                what.push(FieldChange::PartnerId {
                    from: o.partner_id.clone(),
                    to: n.partner_id.clone(),
                });
                m.partner_id = n.partner_id.clone();
                taken.push(Field::PartnerId);
            }
            if n.country.is_some() && n.country != o.country {
                what.push(FieldChange::Country {
                    from: o.country,
                    to: n.country,
                });
                m.country = n.country;
                taken.push(Field::Country);
            }
            for e in &n.enrolments {
                if o.enrolment(e.role).is_none() {
                    what.push(FieldChange::Transacts(e.role));
                    m.enrolments.push(e.clone());
                    taken.push(Field::Roles);
                }
            }
            m.sources = take_over(&o.sources, &n.sources, &taken);
            Entity::Location(m)
        }
        (Entity::Tenant(o), Entity::Tenant(n)) => {
            let mut m = o.clone();
            if n.country.is_some() && n.country != o.country {
                what.push(FieldChange::Country {
                    from: o.country,
                    to: n.country,
                });
                m.country = n.country;
                taken.push(Field::Country);
            }
            if !n.name.is_empty() && n.name != o.name && o.kind == TenantKind::Customer {
                what.push(FieldChange::Domain {
                    from: o.name.clone(),
                    to: n.name.clone(),
                });
                m.name = n.name.clone();
                taken.push(Field::Name);
            }
            m.sources = take_over(&o.sources, &n.sources, &taken);
            Entity::Tenant(m)
        }
        (Entity::Relationship(o), Entity::Relationship(n)) => {
            let mut m = o.clone();
            if o.microsoft_id.is_none() && n.microsoft_id.is_some() {
                what.push(FieldChange::MicrosoftId(
                    n.microsoft_id.clone().unwrap_or_default(),
                ));
                m.microsoft_id = n.microsoft_id.clone();
                taken.push(Field::MicrosoftId);
            }
            if o.start.is_none() && n.start.is_some() {
                m.start = n.start;
                taken.push(Field::Start);
            }
            if n.end.is_some() && n.end != o.end {
                what.push(FieldChange::End {
                    from: o.end,
                    to: n.end,
                });
                m.end = n.end;
                taken.push(Field::End);
            }
            if m.start != o.start && what.is_empty() {
                what.push(FieldChange::StartInferred(m.start));
            }
            m.sources = take_over(&o.sources, &n.sources, &taken);
            Entity::Relationship(m)
        }
        (Entity::Subscription(o), Entity::Subscription(n)) => {
            let mut m = o.clone();
            if !n.reseller_of_record.is_unknown() && n.reseller_of_record != o.reseller_of_record {
                let show = |f: &crate::model::Fact<Id>| match f {
                    crate::model::Fact::Stated(id) => Party::Named(name(id)),
                    crate::model::Fact::Absent => Party::Direct,
                    crate::model::Fact::Unknown => Party::Unknown,
                };
                what.push(FieldChange::ResellerOfRecord {
                    from: show(&o.reseller_of_record),
                    to: show(&n.reseller_of_record),
                });
                m.reseller_of_record = n.reseller_of_record.clone();
                taken.push(Field::ResellerOfRecord);
            }
            if n.billed_by != o.billed_by {
                what.push(FieldChange::BilledBy {
                    from: name(&o.billed_by),
                    to: name(&n.billed_by),
                });
                m.billed_by = n.billed_by.clone();
                taken.push(Field::BilledBy);
            }
            if n.end.is_some() && n.end != o.end {
                what.push(FieldChange::End {
                    from: o.end,
                    to: n.end,
                });
                m.end = n.end;
                taken.push(Field::End);
            }
            if o.start.is_none() && n.start.is_some() {
                what.push(FieldChange::Start(n.start));
                m.start = n.start;
                taken.push(Field::Start);
            }
            m.sources = take_over(&o.sources, &n.sources, &taken);
            Entity::Subscription(m)
        }
        _ => return None,
    };
    (!what.is_empty() && merged != *old).then_some((merged, what))
}

/// The entity by name: "Customer tenant fuji.onmicrosoft.com", "Subscription Microsoft 365 E3 of ...".
fn describe(names: &Names, entity: &Entity) -> Subject {
    let name = |id: &Id| names.get(id);
    match entity {
        Entity::Organization(o) => Subject::Organization {
            name: o.name.clone(),
        },
        Entity::Location(l) => Subject::Location {
            organization: name(&l.organization),
            partner_id: l.partner_id.clone(),
        },
        Entity::Tenant(t) => Subject::Tenant {
            kind: t.kind,
            name: name(&t.id),
        },
        Entity::Relationship(r) => Subject::Relationship {
            kind: r.kind.clone(),
            from: name(&r.from),
            to: name(&r.to),
        },
        Entity::Subscription(s) => Subject::Subscription {
            offer: s.offer.clone(),
            tenant: name(&s.tenant),
            id: s.microsoft_id.clone().unwrap_or_else(|| s.id.to_string()),
        },
        Entity::Ownership(o) => Subject::Ownership {
            owner: name(&o.owner),
            owned: name(&o.owned),
        },
    }
}

/// What the workspace has and the exports no longer show, for the kinds the exports cover.
fn missing(
    existing: &Workspace,
    imported: &Workspace,
    matches: &Matches<'_>,
    names: &Names,
) -> Vec<Change> {
    let matched: FxHashSet<&Id> = matches.map.values().collect();
    let covers_customers = imported
        .tenants
        .iter()
        .any(|t| t.kind == TenantKind::Customer);
    let covers_partners = imported.locations.iter().any(|l| l.partner_id.is_some());
    let covers_subscriptions = !imported.subscriptions.is_empty();
    let mut out = Vec::new();
    let mut note = |entity: Entity| {
        out.push(Change {
            kind: ChangeKind::Missing,
            description: Description {
                subject: describe(names, &entity),
                fields: Vec::new(),
            },
            edit: None,
            target: Some(entity.id().clone()),
        });
    };
    if covers_customers {
        for t in &existing.tenants {
            if t.kind == TenantKind::Customer
                && t.directory_id.is_some()
                && !matched.contains(&t.id)
            {
                note(Entity::Tenant(t.clone()));
            }
        }
    }
    if covers_partners {
        for l in &existing.locations {
            if l.partner_id.is_some() && !matched.contains(&l.id) {
                note(Entity::Location(l.clone()));
            }
        }
    }
    if covers_subscriptions {
        for s in &existing.subscriptions {
            if !matched.contains(&s.id) {
                note(Entity::Subscription(s.clone()));
            }
        }
    }
    out
}
