//! What every rule reads: the workspace with its lookups built once per check, and the sink rules write to.

use std::collections::BTreeMap;

use rustc_hash::{FxHashMap as HashMap, FxHashMap};

use chrono::NaiveDate;

use super::{Diagnostic, RuleInfo, Severity};
use crate::model::{
    Country, EntityKind, EntityRef, Id, Location, Organization, OrganizationKind, RegionTable,
    Relationship, Tenant, Workspace,
};

/// The workspace with the indexes rules need, built in one linear pass.
pub struct Context<'a> {
    /// The workspace being checked.
    pub ws: &'a Workspace,
    /// The region table in use.
    pub regions: &'a RegionTable,
    index: HashMap<&'a str, EntityRef>,
    /// Ids used by more than one entity: (id, kind of the first, kind of the later one).
    pub duplicates: Vec<(&'a Id, EntityKind, EntityKind)>,
    locations_by_org: HashMap<&'a str, Vec<usize>>,
    relationships_from: HashMap<&'a str, Vec<usize>>,
    relationships_to: HashMap<&'a str, Vec<usize>>,
    subscriptions_by_tenant: HashMap<&'a str, Vec<usize>>,
}

impl<'a> Context<'a> {
    /// Builds the lookups for `ws`.
    pub fn new(ws: &'a Workspace) -> Self {
        let mut index: FxHashMap<&str, EntityRef> =
            FxHashMap::with_capacity_and_hasher(ws.entity_count(), Default::default());
        let mut duplicates = Vec::new();
        for (id, at) in ws.entity_ids() {
            if let Some(first) = index.get(id.as_str()) {
                duplicates.push((id, first.kind, at.kind));
            } else {
                index.insert(id.as_str(), at);
            }
        }
        let mut locations_by_org: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, location) in ws.locations.iter().enumerate() {
            locations_by_org
                .entry(location.organization.as_str())
                .or_default()
                .push(i);
        }
        let mut relationships_from: HashMap<&str, Vec<usize>> = HashMap::default();
        let mut relationships_to: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, rel) in ws.relationships.iter().enumerate() {
            relationships_from
                .entry(rel.from.as_str())
                .or_default()
                .push(i);
            relationships_to.entry(rel.to.as_str()).or_default().push(i);
        }
        let mut subscriptions_by_tenant: HashMap<&str, Vec<usize>> = HashMap::default();
        for (i, sub) in ws.subscriptions.iter().enumerate() {
            subscriptions_by_tenant
                .entry(sub.tenant.as_str())
                .or_default()
                .push(i);
        }
        Self {
            ws,
            regions: ws.region_table(),
            index,
            duplicates,
            locations_by_org,
            relationships_from,
            relationships_to,
            subscriptions_by_tenant,
        }
    }

    /// Where the entity with `id` sits, if it exists.
    pub fn lookup(&self, id: &str) -> Option<EntityRef> {
        self.index.get(id).copied()
    }

    fn get(&self, id: &str, kind: EntityKind) -> Option<usize> {
        self.lookup(id)
            .filter(|at| at.kind == kind)
            .map(|at| at.index)
    }

    /// The organization with `id`.
    pub fn organization(&self, id: &str) -> Option<&'a Organization> {
        self.get(id, EntityKind::Organization)
            .map(|i| &self.ws.organizations[i])
    }

    /// The location with `id`.
    pub fn location(&self, id: &str) -> Option<&'a Location> {
        self.get(id, EntityKind::Location)
            .map(|i| &self.ws.locations[i])
    }

    /// The tenant with `id`.
    pub fn tenant(&self, id: &str) -> Option<&'a Tenant> {
        self.get(id, EntityKind::Tenant)
            .map(|i| &self.ws.tenants[i])
    }

    /// The relationship with `id`.
    pub fn relationship(&self, id: &str) -> Option<&'a Relationship> {
        self.get(id, EntityKind::Relationship)
            .map(|i| &self.ws.relationships[i])
    }

    /// True when `id` is an organization of kind Microsoft.
    pub fn is_microsoft(&self, id: &str) -> bool {
        self.organization(id)
            .is_some_and(|o| o.kind == OrganizationKind::Microsoft)
    }

    /// The organization a location belongs to.
    pub fn organization_of(&self, location: &Location) -> Option<&'a Organization> {
        self.organization(location.organization.as_str())
    }

    /// Every location of the organization `org_id`, in list order.
    pub fn locations_of(&self, org_id: &str) -> impl Iterator<Item = &'a Location> + '_ {
        self.locations_by_org
            .get(org_id)
            .into_iter()
            .flatten()
            .map(|&i| &self.ws.locations[i])
    }

    /// Relationships whose `from` is `id`, in list order.
    pub fn relationships_from(&self, id: &str) -> impl Iterator<Item = &'a Relationship> + '_ {
        self.relationships_from
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.ws.relationships[i])
    }

    /// Relationships whose `to` is `id`, in list order.
    pub fn relationships_to(&self, id: &str) -> impl Iterator<Item = &'a Relationship> + '_ {
        self.relationships_to
            .get(id)
            .into_iter()
            .flatten()
            .map(|&i| &self.ws.relationships[i])
    }

    /// Subscriptions provisioned into the tenant `id`, in list order.
    pub fn subscriptions_in(
        &self,
        tenant_id: &str,
    ) -> impl Iterator<Item = &'a crate::model::Subscription> + '_ {
        self.subscriptions_by_tenant
            .get(tenant_id)
            .into_iter()
            .flatten()
            .map(|&i| &self.ws.subscriptions[i])
    }

    /// The region (market) of `country` on `date`, per the list then in force.
    pub fn region_on(&self, country: Country, date: NaiveDate) -> Option<&'a str> {
        self.regions.region_on(country, date)
    }

    /// A name for messages: the organization's name, with the location's label if it has one.
    pub fn name(&self, id: &str) -> String {
        if let Some(org) = self.organization(id) {
            return org.name.clone();
        }
        if let Some(location) = self.location(id) {
            let org = self
                .organization_of(location)
                .map_or(location.organization.as_str(), |o| o.name.as_str());
            return if location.name.is_empty() {
                org.to_owned()
            } else {
                format!("{org} {}", location.name)
            };
        }
        if let Some(tenant) = self.tenant(id).filter(|t| !t.name.is_empty()) {
            return tenant.name.clone();
        }
        id.to_owned()
    }

    /// "'Fabrikam KK' (JP, Japan market)": a location or tenant with its country and market on `date`.
    pub fn describe(&self, id: &str, date: NaiveDate) -> String {
        let country = self
            .location(id)
            .and_then(|l| l.country)
            .or_else(|| self.tenant(id).and_then(|t| t.country));
        let name = self.name(id);
        match country {
            Some(country) => match self.region_on(country, date) {
                Some(region) => format!("'{name}' ({country}, {region} market)"),
                None => format!(
                    "'{name}' ({country}, in no market of the {})",
                    crate::model::RegionList::in_force_on(date).label()
                ),
            },
            None => format!("'{name}'"),
        }
    }
}

/// Collects diagnostics, and counts what rules could not judge for want of a fact.
#[derive(Default)]
pub struct Sink {
    diagnostics: Vec<Diagnostic>,
    not_judged: BTreeMap<&'static str, NotJudged>,
}

struct NotJudged {
    what: &'static str,
    entities: Vec<Id>,
}

impl Sink {
    /// Reports a finding of `rule` with its own severity.
    pub fn report(
        &mut self,
        rule: &RuleInfo,
        message: String,
        entities: Vec<Id>,
    ) -> &mut Diagnostic {
        self.diagnostics.push(Diagnostic {
            code: rule.code,
            severity: rule.severity,
            message,
            entities,
            fixes: Vec::new(),
        });
        let last = self.diagnostics.len() - 1;
        &mut self.diagnostics[last]
    }

    /// Records that `rule` could not judge `entity` because a fact is unknown; `what` completes
    /// "N entities have ..." (for example "no MPA signature date recorded").
    ///
    /// All such records of one rule become a single info diagnostic, so unknown facts in an
    /// imported network do not bury the real errors.
    pub fn not_judged(&mut self, rule: &RuleInfo, entity: &Id, what: &'static str) {
        let entry = self
            .not_judged
            .entry(rule.code)
            .or_insert_with(|| NotJudged {
                what,
                entities: Vec::new(),
            });
        entry.entities.push(entity.clone());
    }

    /// The diagnostics, with one info per rule for what it could not judge.
    pub fn finish(mut self) -> Vec<Diagnostic> {
        for (code, mut record) in self.not_judged {
            record.entities.sort();
            record.entities.dedup();
            let count = record.entities.len();
            let noun = if count == 1 {
                "entity has"
            } else {
                "entities have"
            };
            self.diagnostics.push(Diagnostic {
                code,
                severity: Severity::Info,
                message: format!("{code}: {count} {noun} {}; not judged", record.what),
                entities: record.entities,
                fixes: Vec::new(),
            });
        }
        self.diagnostics
    }
}
