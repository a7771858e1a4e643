//! What every rule reads: the workspace with every reference resolved once per check, and the
//! sink rules write to.
//!
//! [`Context::new`] hashes each id once, then resolves each reference (a subscription's tenant,
//! billing location and reseller of record; a relationship's two ends; a location's organization
//! and CSP tenant; a tenant's owner; ...) to a dense index. The families then follow indices, not
//! strings: on a network of a million entities the id lookups were most of the cost of a check.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::{Diagnostic, RuleInfo, Severity};
use crate::model::{
    Country, EnrolmentStatus, EntityKind, EntityRef, Id, Location, MAX_ID_LEN, OfferKind,
    Organization, OrganizationKind, RegionList, RegionRow, RegionTable, Relationship, Role,
    Subscription, Tenant, TenantKind, Workspace,
};

/// A resolved reference that names no entity (or an id past the first 2³² − 1 entities).
const NONE: u32 = u32::MAX;

/// A location's references, resolved.
#[derive(Clone, Copy)]
struct LocationLinks {
    /// The organization's group: its index, or past the organizations for an organization id
    /// that names no organization (locations naming the same missing id share a group).
    group: u32,
    /// The CSP tenant's position.
    csp_tenant: u32,
}

/// A subscription's references, resolved (positions).
#[derive(Clone, Copy)]
struct SubscriptionLinks {
    tenant: u32,
    billed_by: u32,
    /// The stated reseller of record; `NONE` when not stated.
    reseller: u32,
}

/// Items grouped by a dense key, each group in list order: `items[start[k]..start[k + 1]]`.
struct Groups {
    start: Vec<u32>,
    items: Vec<u32>,
}

impl Groups {
    /// Groups item `i` under `keys[i]`; keys outside `0..count` (such as `NONE`) are left out.
    fn new(count: usize, keys: &[u32]) -> Self {
        let slot = |key: u32| (key as usize) < count && key != NONE;
        let mut start = vec![0u32; count + 1];
        for &key in keys {
            if slot(key) {
                start[key as usize + 1] += 1;
            }
        }
        for k in 0..count {
            start[k + 1] += start[k];
        }
        let mut fill: Vec<u32> = start[..count].to_vec();
        let mut items = vec![0u32; start[count] as usize];
        for (item, &key) in keys.iter().enumerate() {
            if slot(key) {
                let at = &mut fill[key as usize];
                items[*at as usize] = item as u32;
                *at += 1;
            }
        }
        Self { start, items }
    }

    /// The items of group `key`, in list order (none for a key out of range).
    fn get(&self, key: usize) -> &[u32] {
        match (
            self.start.get(key),
            key.checked_add(1).and_then(|k| self.start.get(k)),
        ) {
            (Some(&from), Some(&to)) => self.items.get(from as usize..to as usize).unwrap_or(&[]),
            _ => &[],
        }
    }
}

/// The region table's rows by country for each list, as flat arrays over the 26 × 26 two-letter
/// codes: a country's market is an index, not a hash, and the rules ask for it per entity.
struct Markets<'a> {
    rows: &'a [RegionRow],
    /// Row index + 1 (0: none) per country slot, for the 2021 and the 2023 list.
    by_slot: [Vec<u32>; 2],
}

impl<'a> Markets<'a> {
    fn new(table: &'a RegionTable) -> Self {
        let rows = table.rows();
        let mut by_slot = [vec![0u32; 26 * 26], vec![0u32; 26 * 26]];
        for (index, row) in rows.iter().enumerate() {
            let (Some(slot), Ok(value)) = (Self::slot(row.country), u32::try_from(index + 1))
            else {
                continue;
            };
            for (list, table) in [RegionList::Y2021, RegionList::Y2023]
                .into_iter()
                .zip(by_slot.iter_mut())
            {
                // A later row for the same country and list wins, as in the region table.
                if row.in_list(list) {
                    table[slot] = value;
                }
            }
        }
        Self { rows, by_slot }
    }

    fn slot(country: Country) -> Option<usize> {
        match country.as_str().as_bytes() {
            [a @ b'A'..=b'Z', b @ b'A'..=b'Z'] => {
                Some(usize::from(a - b'A') * 26 + usize::from(b - b'A'))
            }
            _ => None,
        }
    }

    fn row(&self, country: Country, list: RegionList) -> Option<&'a RegionRow> {
        let table = match list {
            RegionList::Y2021 => &self.by_slot[0],
            RegionList::Y2023 => &self.by_slot[1],
        };
        let value = *table.get(Self::slot(country)?)?;
        self.rows.get((value as usize).checked_sub(1)?)
    }
}

/// The workspace with its references resolved, built in a few linear passes.
pub struct Context<'a> {
    /// The workspace being checked.
    pub ws: &'a Workspace,
    /// The date the rules evaluate at: the workspace's as-of date, unless a cached context is
    /// moved to another date (see [`super::AsOfCache`]). Rules read the date here, never from `ws`.
    pub as_of: NaiveDate,
    /// The region table in use.
    pub regions: &'a RegionTable,
    /// Ids used by more than one entity: (id, kind of the first, kind of the later one).
    pub duplicates: Vec<(&'a Id, EntityKind, EntityKind)>,
    /// Every id, by its entity's position (the first entity wins where an id is duplicated).
    /// Positions number the entities list after list, in [`EntityKind::ALL`] order.
    index: FxHashMap<&'a str, u32>,
    /// The first position of each kind's list, and the entity count last.
    starts: [usize; 7],
    markets: Markets<'a>,
    /// The organization id each missing-organization group stands for.
    missing_orgs: FxHashMap<&'a str, u32>,
    /// Per organization: its MCA attester's position.
    attesters: Vec<u32>,
    /// Per ownership: the owner's and the owned organization's positions.
    ownerships: Vec<(u32, u32)>,
    locations: Vec<LocationLinks>,
    /// Per tenant: its owner's position.
    tenant_owners: Vec<u32>,
    /// Per relationship: the positions of its two ends.
    relationships: Vec<(u32, u32)>,
    subscriptions: Vec<SubscriptionLinks>,
    locations_by_group: Groups,
    /// Locations by the tenant index of their CSP tenant.
    locations_by_csp_tenant: Groups,
    /// Relationships by the position of their `from`, and of their `to`.
    relationships_from: Groups,
    relationships_to: Groups,
    /// Subscriptions by tenant index.
    subscriptions_by_tenant: Groups,
    /// The one Microsoft organization's index, when the workspace has exactly one.
    sole_microsoft: Option<usize>,
    /// Every dated event (date, entity, the start of its CSP205 finding), in the order of their
    /// findings (entity, then text): listed only for a context checked at many dates, so CSP205
    /// formats little and its findings need no sorting.
    pub(super) dated_events: std::sync::OnceLock<Vec<(NaiveDate, Id, String)>>,
    /// The findings of a check at an earlier date, in their order, with that date: the pass of
    /// events after the date may rewrite the date in one of its own instead of building it anew
    /// (see [`Context::offer_earlier`]).
    earlier: std::sync::Mutex<Option<(NaiveDate, Vec<Diagnostic>)>>,
}

impl<'a> Context<'a> {
    /// Resolves every reference of `ws`.
    pub fn new(ws: &'a Workspace) -> Self {
        let lens = [
            ws.organizations.len(),
            ws.ownerships.len(),
            ws.locations.len(),
            ws.tenants.len(),
            ws.relationships.len(),
            ws.subscriptions.len(),
        ];
        let mut starts = [0usize; 7];
        for (k, len) in lens.iter().enumerate() {
            starts[k + 1] = starts[k] + len;
        }
        let mut index: FxHashMap<&'a str, u32> =
            FxHashMap::with_capacity_and_hasher(starts[6], Default::default());
        let mut duplicates = Vec::new();
        for (position, (id, at)) in ws.entity_ids().enumerate() {
            let Ok(position) = u32::try_from(position) else {
                break;
            };
            if position == NONE {
                break;
            }
            match index.entry(id.as_str()) {
                std::collections::hash_map::Entry::Occupied(first) => {
                    let first_kind = kind_at(&starts, *first.get()).unwrap_or(at.kind);
                    duplicates.push((id, first_kind, at.kind));
                }
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert(position);
                }
            }
        }
        let resolve = |id: &Id| index.get(id.as_str()).copied().unwrap_or(NONE);

        let attesters = ws
            .organizations
            .iter()
            .map(|o| o.mca_attested_by.as_ref().map_or(NONE, resolve))
            .collect();
        let ownerships = ws
            .ownerships
            .iter()
            .map(|o| (resolve(&o.owner), resolve(&o.owned)))
            .collect();
        let org_start = starts[0];
        let org_count = ws.organizations.len();
        let mut missing_orgs: FxHashMap<&'a str, u32> = FxHashMap::default();
        let locations: Vec<LocationLinks> = ws
            .locations
            .iter()
            .map(|l| {
                let org = resolve(&l.organization);
                let group = match in_range(org, org_start, org_count) {
                    Some(i) => i as u32,
                    None => {
                        let next = (org_count + missing_orgs.len()) as u32;
                        *missing_orgs.entry(l.organization.as_str()).or_insert(next)
                    }
                };
                LocationLinks {
                    group,
                    csp_tenant: l.csp_tenant.as_ref().map_or(NONE, resolve),
                }
            })
            .collect();
        let tenant_owners = ws
            .tenants
            .iter()
            .map(|t| t.owner.as_ref().map_or(NONE, resolve))
            .collect();
        let relationships: Vec<(u32, u32)> = ws
            .relationships
            .iter()
            .map(|r| (resolve(&r.from), resolve(&r.to)))
            .collect();
        let subscriptions: Vec<SubscriptionLinks> = ws
            .subscriptions
            .iter()
            .map(|s| SubscriptionLinks {
                tenant: resolve(&s.tenant),
                billed_by: resolve(&s.billed_by),
                reseller: s.reseller_of_record.stated().map_or(NONE, resolve),
            })
            .collect();

        let tenant_start = starts[3];
        let tenant_count = ws.tenants.len();
        let as_tenant = |position: u32| {
            in_range(position, tenant_start, tenant_count).map_or(NONE, |i| i as u32)
        };
        let groups: Vec<u32> = locations.iter().map(|l| l.group).collect();
        let locations_by_group = Groups::new(org_count + missing_orgs.len(), &groups);
        let csp_tenants: Vec<u32> = locations.iter().map(|l| as_tenant(l.csp_tenant)).collect();
        let locations_by_csp_tenant = Groups::new(tenant_count, &csp_tenants);
        let (froms, tos): (Vec<u32>, Vec<u32>) = relationships.iter().copied().unzip();
        let relationships_from = Groups::new(starts[6], &froms);
        let relationships_to = Groups::new(starts[6], &tos);
        let sub_tenants: Vec<u32> = subscriptions.iter().map(|s| as_tenant(s.tenant)).collect();
        let subscriptions_by_tenant = Groups::new(tenant_count, &sub_tenants);

        let mut microsofts = ws
            .organizations
            .iter()
            .enumerate()
            .filter(|(_, o)| o.kind == OrganizationKind::Microsoft)
            .map(|(i, _)| i);
        let sole_microsoft = match (microsofts.next(), microsofts.next()) {
            (Some(only), None) => Some(only),
            _ => None,
        };
        let regions = ws.region_table();
        Self {
            ws,
            as_of: ws.as_of,
            regions,
            duplicates,
            index,
            starts,
            markets: Markets::new(regions),
            missing_orgs,
            attesters,
            ownerships,
            locations,
            tenant_owners,
            relationships,
            subscriptions,
            locations_by_group,
            locations_by_csp_tenant,
            relationships_from,
            relationships_to,
            subscriptions_by_tenant,
            sole_microsoft,
            dated_events: std::sync::OnceLock::new(),
            earlier: std::sync::Mutex::new(None),
        }
    }

    /// Offers the findings of the last check of this context (at an earlier date), in their
    /// order, for the pass of events after the date to reuse the memory of its own; it makes
    /// each one it keeps exactly what it would build, and drops the rest.
    pub(super) fn offer_earlier(&mut self, earlier: Option<(NaiveDate, Vec<Diagnostic>)>) {
        let slot = self
            .earlier
            .get_mut()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        *slot = earlier;
    }

    /// What [`Context::offer_earlier`] offered, once.
    pub(super) fn take_earlier(&self) -> Option<(NaiveDate, Vec<Diagnostic>)> {
        self.earlier
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .take()
    }

    // --- Lookups by id ---------------------------------------------------------------------

    /// Where the entity with `id` sits, if it exists.
    pub fn lookup(&self, id: &str) -> Option<EntityRef> {
        self.index.get(id).and_then(|&p| self.at(p))
    }

    /// The entity at a position.
    fn at(&self, position: u32) -> Option<EntityRef> {
        let kind = kind_at(&self.starts, position)?;
        let k = EntityKind::ALL.iter().position(|&x| x == kind)?;
        Some(EntityRef {
            kind,
            index: position as usize - self.starts[k],
        })
    }

    /// The index in its list of the entity at `position`, when it is of `kind`.
    fn of_kind(&self, position: u32, kind: EntityKind) -> Option<usize> {
        let k = EntityKind::ALL.iter().position(|&x| x == kind)?;
        in_range(
            position,
            self.starts[k],
            self.starts[k + 1] - self.starts[k],
        )
    }

    fn get(&self, id: &str, kind: EntityKind) -> Option<usize> {
        self.index
            .get(id)
            .and_then(|&position| self.of_kind(position, kind))
    }

    /// The organization with `id`.
    pub fn organization(&self, id: &str) -> Option<&'a Organization> {
        self.get(id, EntityKind::Organization)
            .map(|i| &self.ws.organizations[i])
    }

    /// The location with `id`.
    pub fn location(&self, id: &str) -> Option<&'a Location> {
        self.location_index(id).map(|i| &self.ws.locations[i])
    }

    /// The index of the location with `id`.
    pub fn location_index(&self, id: &str) -> Option<usize> {
        self.get(id, EntityKind::Location)
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

    /// The one Microsoft organization, when the workspace has exactly one (CSP903 reports
    /// otherwise).
    pub fn sole_microsoft(&self) -> Option<&'a Organization> {
        self.sole_microsoft.map(|i| &self.ws.organizations[i])
    }

    /// The organization a location belongs to.
    pub fn organization_of(&self, location: &Location) -> Option<&'a Organization> {
        self.organization(location.organization.as_str())
    }

    /// Every location of the organization `org_id`, in list order.
    pub fn locations_of(&self, org_id: &str) -> impl Iterator<Item = &'a Location> + '_ {
        let group = match self.get(org_id, EntityKind::Organization) {
            Some(i) => Some(i),
            None => self.missing_orgs.get(org_id).map(|&g| g as usize),
        };
        let list = group.map_or(&[][..], |g| self.locations_by_group.get(g));
        list.iter().map(|&i| &self.ws.locations[i as usize])
    }

    /// Relationships whose `from` is `id`, in list order.
    pub fn relationships_from(&self, id: &str) -> impl Iterator<Item = &'a Relationship> + '_ {
        let list = self
            .index
            .get(id)
            .map_or(&[][..], |&p| self.relationships_from.get(p as usize));
        list.iter().map(|&i| &self.ws.relationships[i as usize])
    }

    /// Relationships whose `to` is `id`, in list order.
    pub fn relationships_to(&self, id: &str) -> impl Iterator<Item = &'a Relationship> + '_ {
        let list = self
            .index
            .get(id)
            .map_or(&[][..], |&p| self.relationships_to.get(p as usize));
        list.iter().map(|&i| &self.ws.relationships[i as usize])
    }

    /// Subscriptions provisioned into the tenant `tenant_id`, in list order.
    pub fn subscriptions_in(&self, tenant_id: &str) -> impl Iterator<Item = &'a Subscription> + '_ {
        let list = self
            .get(tenant_id, EntityKind::Tenant)
            .map_or(&[][..], |t| self.subscriptions_by_tenant.get(t));
        list.iter().map(|&i| &self.ws.subscriptions[i as usize])
    }

    // --- Resolved references, by index -------------------------------------------------------

    /// The organization of the location at `location` (its index), when it exists.
    pub fn location_org(&self, location: usize) -> Option<usize> {
        let group = self.locations.get(location)?.group as usize;
        (group < self.ws.organizations.len()).then_some(group)
    }

    /// A key shared by the locations of one organization: the organization's index, or a number
    /// past the organizations for locations naming the same organization id that does not exist.
    pub fn location_group(&self, location: usize) -> Option<usize> {
        self.locations.get(location).map(|l| l.group as usize)
    }

    /// The locations in the group `group` (see [`Context::location_group`]), in list order.
    pub fn locations_in_group(&self, group: usize) -> impl Iterator<Item = usize> + '_ {
        indices(self.locations_by_group.get(group))
    }

    /// The locations of the organization at index `org`, in list order.
    pub fn org_locations(&self, org: usize) -> impl Iterator<Item = usize> + '_ {
        indices(self.locations_by_group.get(org))
    }

    /// The CSP tenant (its index) of the location at `location`, when it names a tenant.
    pub fn location_csp_tenant(&self, location: usize) -> Option<usize> {
        let position = self.locations.get(location)?.csp_tenant;
        self.of_kind(position, EntityKind::Tenant)
    }

    /// The locations naming the tenant at `tenant` as their CSP tenant, in list order.
    pub fn csp_tenant_users(&self, tenant: usize) -> impl Iterator<Item = usize> + '_ {
        indices(self.locations_by_csp_tenant.get(tenant))
    }

    /// The owner (organization index) of the tenant at `tenant`, when it names an organization.
    pub fn tenant_owner(&self, tenant: usize) -> Option<usize> {
        let position = *self.tenant_owners.get(tenant)?;
        self.of_kind(position, EntityKind::Organization)
    }

    /// The location (index) that attested the MCA of the organization at `org`.
    pub fn mca_attester(&self, org: usize) -> Option<usize> {
        let position = *self.attesters.get(org)?;
        self.of_kind(position, EntityKind::Location)
    }

    /// The organizations (indices) an ownership edge joins: (owner, owned), each when it is one.
    pub fn ownership_ends(&self, ownership: usize) -> (Option<usize>, Option<usize>) {
        match self.ownerships.get(ownership) {
            Some(&(owner, owned)) => (
                self.of_kind(owner, EntityKind::Organization),
                self.of_kind(owned, EntityKind::Organization),
            ),
            None => (None, None),
        }
    }

    /// The entity a relationship's `from` names.
    pub fn rel_from(&self, rel: usize) -> Option<EntityRef> {
        self.relationships
            .get(rel)
            .and_then(|&(from, _)| self.at(from))
    }

    /// The entity a relationship's `to` names.
    pub fn rel_to(&self, rel: usize) -> Option<EntityRef> {
        self.relationships.get(rel).and_then(|&(_, to)| self.at(to))
    }

    /// The relationship's `from` as a location index, when it is one.
    pub fn rel_from_location(&self, rel: usize) -> Option<usize> {
        let &(from, _) = self.relationships.get(rel)?;
        self.of_kind(from, EntityKind::Location)
    }

    /// The relationship's `to` as a location index, when it is one.
    pub fn rel_to_location(&self, rel: usize) -> Option<usize> {
        let &(_, to) = self.relationships.get(rel)?;
        self.of_kind(to, EntityKind::Location)
    }

    /// The relationship's `to` as a tenant index, when it is one.
    pub fn rel_to_tenant(&self, rel: usize) -> Option<usize> {
        let &(_, to) = self.relationships.get(rel)?;
        self.of_kind(to, EntityKind::Tenant)
    }

    /// True when the relationship's `from` is the Microsoft organization (any of them).
    pub fn rel_from_microsoft(&self, rel: usize) -> bool {
        self.relationships
            .get(rel)
            .and_then(|&(from, _)| self.of_kind(from, EntityKind::Organization))
            .is_some_and(|o| self.ws.organizations[o].kind == OrganizationKind::Microsoft)
    }

    /// Relationships (indices) whose `from` is the entity `at`, in list order.
    pub fn rels_from(&self, at: EntityRef) -> impl Iterator<Item = usize> + '_ {
        indices(
            self.position(at)
                .map_or(&[][..], |p| self.relationships_from.get(p)),
        )
    }

    /// Relationships (indices) whose `to` is the entity `at`, in list order.
    pub fn rels_to(&self, at: EntityRef) -> impl Iterator<Item = usize> + '_ {
        indices(
            self.position(at)
                .map_or(&[][..], |p| self.relationships_to.get(p)),
        )
    }

    /// The position of the entity `at`, if it is in range.
    fn position(&self, at: EntityRef) -> Option<usize> {
        let k = EntityKind::ALL.iter().position(|&x| x == at.kind)?;
        (at.index < self.starts[k + 1] - self.starts[k]).then(|| self.starts[k] + at.index)
    }

    /// The tenant (index) a subscription is provisioned into, when it names a tenant.
    pub fn sub_tenant(&self, sub: usize) -> Option<usize> {
        let links = self.subscriptions.get(sub)?;
        self.of_kind(links.tenant, EntityKind::Tenant)
    }

    /// The billing location (index) of a subscription, when it names a location.
    pub fn sub_billing(&self, sub: usize) -> Option<usize> {
        let links = self.subscriptions.get(sub)?;
        self.of_kind(links.billed_by, EntityKind::Location)
    }

    /// The stated reseller of record (location index) of a subscription, when it names a
    /// location.
    pub fn sub_reseller(&self, sub: usize) -> Option<usize> {
        let links = self.subscriptions.get(sub)?;
        self.of_kind(links.reseller, EntityKind::Location)
    }

    /// Subscriptions (indices) provisioned into the tenant at `tenant`, in list order.
    pub fn tenant_subscriptions(&self, tenant: usize) -> impl Iterator<Item = usize> + '_ {
        indices(self.subscriptions_by_tenant.get(tenant))
    }

    /// How each reference of an entity list resolved: the kind found, or `None` when the id names
    /// nothing. For CSP901, which judges every reference; `field` picks the reference.
    pub(super) fn resolved(
        &self,
        reference: Reference,
        index: usize,
    ) -> Option<Option<EntityKind>> {
        let position = match reference {
            Reference::Attester => *self.attesters.get(index)?,
            Reference::Owner => self.ownerships.get(index)?.0,
            Reference::Owned => self.ownerships.get(index)?.1,
            Reference::Organization => {
                let group = self.locations.get(index)?.group as usize;
                if group < self.ws.organizations.len() {
                    return Some(Some(EntityKind::Organization));
                }
                self.index
                    .get(self.ws.locations.get(index)?.organization.as_str())
                    .copied()
                    .unwrap_or(NONE)
            }
            Reference::CspTenant => self.locations.get(index)?.csp_tenant,
            Reference::TenantOwner => *self.tenant_owners.get(index)?,
            Reference::From => self.relationships.get(index)?.0,
            Reference::To => self.relationships.get(index)?.1,
            Reference::SubTenant => self.subscriptions.get(index)?.tenant,
            Reference::BilledBy => self.subscriptions.get(index)?.billed_by,
            Reference::Reseller => self.subscriptions.get(index)?.reseller,
        };
        Some(kind_at(&self.starts, position))
    }

    // --- Markets -----------------------------------------------------------------------------

    /// The region table's row for `country` in `list`.
    pub fn region_row(&self, country: Country, list: RegionList) -> Option<&'a RegionRow> {
        self.markets.row(country, list)
    }

    /// The region (market) of `country` on `date`, per the list then in force.
    pub fn region_on(&self, country: Country, date: NaiveDate) -> Option<&'a str> {
        self.markets
            .row(country, RegionList::in_force_on(date))
            .map(|row| row.region.as_str())
    }

    // --- Shared judgments --------------------------------------------------------------------

    /// The shared-services route (rules.md): the shared-services Azure offer, billed by a location
    /// holding a direct-bill or indirect-provider enrolment (not rejected) into a shared services
    /// tenant its own organization owns. CSP110, CSP206, CSP302, CSP401 and CSP603 do not apply
    /// to it; CSP303 (as an info) and CSP307 do.
    pub fn is_shared_services_route(&self, sub: usize) -> bool {
        let Some(subscription) = self.ws.subscriptions.get(sub) else {
            return false;
        };
        if subscription.offer_kind != OfferKind::SharedServicesAzure {
            return false;
        }
        let (Some(billing), Some(tenant)) = (self.sub_billing(sub), self.sub_tenant(sub)) else {
            return false;
        };
        let billing = &self.ws.locations[billing];
        let tenant = &self.ws.tenants[tenant];
        buys_from_microsoft(billing)
            && tenant.kind == TenantKind::SharedServices
            && tenant.owner.as_ref() == Some(&billing.organization)
    }

    /// An id for an entity a fix adds: what [`crate::edit::ops::fresh_id`] gives (`base`, else
    /// `base-2`, `base-3`, ...), avoiding also the ids in `also_taken` (other entities the same
    /// fix adds).
    pub fn fresh_id(&self, base: &str, also_taken: &[Id]) -> Option<Id> {
        // Each candidate base gives a different id, so `also_taken` can refuse only so many.
        for n in 1..=also_taken.len() + 1 {
            let candidate = if n == 1 {
                self.fresh_in_workspace(base)
            } else {
                self.fresh_in_workspace(&format!("{base}-{n}"))
            };
            if !also_taken.contains(&candidate) {
                return Some(candidate);
            }
        }
        None
    }

    /// [`crate::edit::ops::fresh_id`] on the workspace. That function collects every id of the
    /// workspace on each call; when `base` is itself a valid id it would keep unchanged and no
    /// entity uses it, it returns `base`, which the index tells at once (fixes mostly propose
    /// such a base: a million-entity network with violations has hundreds of fixes).
    fn fresh_in_workspace(&self, base: &str) -> Id {
        if base.chars().count() <= MAX_ID_LEN - 8
            && !self.index.contains_key(base)
            && let Ok(id) = Id::new(base)
        {
            return id;
        }
        crate::edit::ops::fresh_id(self.ws, base)
    }

    // --- Names for messages ------------------------------------------------------------------

    /// A name for messages: an organization's name, "Org (Location)" for a location with a label
    /// (as [`Workspace::display_name`] shows it), a tenant's name, or the id itself.
    pub fn name(&self, id: &str) -> String {
        self.name_at(id, self.lookup(id))
    }

    /// [`Context::name`] of `id`, found at `at`.
    fn name_at(&self, id: &str, at: Option<EntityRef>) -> String {
        match at {
            Some(EntityRef {
                kind: EntityKind::Organization,
                index,
            }) => self.ws.organizations[index].name.clone(),
            Some(EntityRef {
                kind: EntityKind::Location,
                index,
            }) => self.location_name(index),
            Some(EntityRef {
                kind: EntityKind::Tenant,
                index,
            }) if !self.ws.tenants[index].name.is_empty() => self.ws.tenants[index].name.clone(),
            _ => id.to_owned(),
        }
    }

    /// The name of the location at `location`: "Org (Location)", or the organization's name when
    /// the location has no label.
    pub fn location_name(&self, location: usize) -> String {
        let Some(l) = self.ws.locations.get(location) else {
            return String::new();
        };
        let org = self
            .location_org(location)
            .map_or(l.organization.as_str(), |o| {
                self.ws.organizations[o].name.as_str()
            });
        if l.name.is_empty() {
            org.to_owned()
        } else {
            format!("{org} ({})", l.name)
        }
    }

    /// "'Fabrikam KK' (JP, Japan market)": a location or tenant with its country and market on `date`.
    pub fn describe(&self, id: &str, date: NaiveDate) -> String {
        let at = self.lookup(id);
        let country = match at {
            Some(EntityRef {
                kind: EntityKind::Location,
                index,
            }) => self.ws.locations[index].country,
            Some(EntityRef {
                kind: EntityKind::Tenant,
                index,
            }) => self.ws.tenants[index].country,
            _ => None,
        };
        let name = self.name_at(id, at);
        match country {
            Some(country) => format!("'{name}' ({})", self.place(country, date)),
            None => format!("'{name}'"),
        }
    }

    /// "JP, Japan market", or "XX, in no market of the 2023 region list".
    pub fn place(&self, country: Country, date: NaiveDate) -> String {
        match self.region_on(country, date) {
            Some(region) => format!("{country}, {region} market"),
            None => format!(
                "{country}, in no market of the {}",
                RegionList::in_force_on(date).label()
            ),
        }
    }
}

/// A reference field CSP901 judges, as [`Context::resolved`] reads it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Reference {
    /// An organization's MCA attester.
    Attester,
    /// An ownership's owner.
    Owner,
    /// An ownership's owned organization.
    Owned,
    /// A location's organization.
    Organization,
    /// A location's CSP tenant.
    CspTenant,
    /// A tenant's owner.
    TenantOwner,
    /// A relationship's `from`.
    From,
    /// A relationship's `to`.
    To,
    /// A subscription's tenant.
    SubTenant,
    /// A subscription's billing location.
    BilledBy,
    /// A subscription's stated reseller of record.
    Reseller,
}

/// The kind of the entity at `position`.
fn kind_at(starts: &[usize; 7], position: u32) -> Option<EntityKind> {
    let position = position as usize;
    if position >= starts[6] {
        return None;
    }
    let k = starts[1..].iter().position(|&end| position < end)?;
    EntityKind::ALL.get(k).copied()
}

/// `position - start` when it falls in `start..start + len`.
fn in_range(position: u32, start: usize, len: usize) -> Option<usize> {
    (position as usize)
        .checked_sub(start)
        .filter(|&i| i < len && position != NONE)
}

fn indices(list: &[u32]) -> impl Iterator<Item = usize> + '_ {
    list.iter().map(|&i| i as usize)
}

/// The location has an enrolment in `role` on record that was not rejected (whatever its status).
pub(super) fn has_role(location: &Location, role: Role) -> bool {
    location
        .enrolments
        .iter()
        .any(|e| e.role == role && e.status != EnrolmentStatus::Rejected)
}

/// The location buys from Microsoft: it has a direct-bill or indirect-provider enrolment on record.
pub(super) fn buys_from_microsoft(location: &Location) -> bool {
    has_role(location, Role::DirectBill) || has_role(location, Role::IndirectProvider)
}

/// Collects diagnostics, and counts what rules could not judge for want of a fact.
#[derive(Default, Clone)]
pub struct Sink {
    diagnostics: Vec<Diagnostic>,
    /// The entities each rule could not judge, by (rule code, the fact missing).
    not_judged: BTreeMap<(&'static str, &'static str), Vec<Id>>,
    /// Subscriptions served end to end through a supported chain, for CSP109:
    /// (subscription, billing location, reseller of record), indices.
    served: Vec<(usize, usize, Option<usize>)>,
    /// Findings reported already in the final order of their rule (see [`Sink::report_in_order`]).
    in_order: Vec<Diagnostic>,
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

    /// Adds a finding built whole (one kept from an earlier date).
    pub(super) fn add(&mut self, diagnostic: Diagnostic) {
        self.diagnostics.push(diagnostic);
    }

    /// Reports a finding of `rule` that follows every earlier one of this method in the order
    /// [`super::check`] sorts by (code, entities, message), and that no other rule's finding
    /// replaces ("one fact, one diagnostic"): the many findings of one pass then join the others
    /// by a merge instead of a sort.
    pub(super) fn report_in_order(&mut self, diagnostic: Diagnostic) {
        self.in_order.push(diagnostic);
    }

    /// Makes room for `more` findings of [`Sink::report_in_order`].
    pub(super) fn reserve_in_order(&mut self, more: usize) {
        self.in_order.reserve(more);
    }

    /// Adds what `other` collected after what this sink holds, taking it.
    pub(super) fn append(&mut self, mut other: Sink) {
        // Whichever list is empty takes the other's whole: tens of thousands of findings after
        // the as-of date are not copied.
        if self.diagnostics.is_empty() {
            std::mem::swap(&mut self.diagnostics, &mut other.diagnostics);
        }
        if self.in_order.is_empty() {
            std::mem::swap(&mut self.in_order, &mut other.in_order);
        }
        self.diagnostics.append(&mut other.diagnostics);
        for (key, mut entities) in other.not_judged {
            self.not_judged
                .entry(key)
                .or_default()
                .append(&mut entities);
        }
        self.served.append(&mut other.served);
        self.in_order.append(&mut other.in_order);
    }

    /// Records that `rule` could not judge `entity` because a fact is unknown; `what` names the
    /// fact, completing "3 locations have ..." (for example "no MPA signature date recorded").
    ///
    /// The records of one rule and one `what` become a single info diagnostic, so unknown facts
    /// in an imported network do not bury the real errors, and a rule missing several kinds of
    /// fact says each.
    pub fn not_judged(&mut self, rule: &RuleInfo, entity: &Id, what: &'static str) {
        self.not_judged
            .entry((rule.code, what))
            .or_default()
            .push(entity.clone());
    }

    /// Records a subscription served end to end through a supported chain (CSP109).
    pub(super) fn served(&mut self, sub: usize, billing: usize, reseller: Option<usize>) {
        self.served.push((sub, billing, reseller));
    }

    /// Adds what `other` collected after what this sink holds, as if reported here.
    pub(super) fn extend_from(&mut self, other: &Sink) {
        self.diagnostics.extend_from_slice(&other.diagnostics);
        for (key, entities) in &other.not_judged {
            self.not_judged
                .entry(*key)
                .or_default()
                .extend_from_slice(entities);
        }
        self.served.extend_from_slice(&other.served);
        self.in_order.extend_from_slice(&other.in_order);
    }

    /// The diagnostics reported so far.
    pub(super) fn diagnostics(&self) -> &[Diagnostic] {
        &self.diagnostics
    }

    /// The findings reported by [`Sink::report_in_order`], in that order.
    pub(super) fn take_in_order(&mut self) -> Vec<Diagnostic> {
        std::mem::take(&mut self.in_order)
    }

    /// The subscriptions recorded by [`Sink::served`], in the order recorded.
    pub(super) fn take_served(&mut self) -> Vec<(usize, usize, Option<usize>)> {
        std::mem::take(&mut self.served)
    }

    /// The diagnostics, with one info per rule and missing fact for what it could not judge
    /// ("CSP201: 3 locations have no MPA signature date recorded; not judged"); `cx` tells the
    /// kind of each entity counted.
    pub fn finish(mut self, cx: &Context<'_>) -> Vec<Diagnostic> {
        for ((code, what), mut entities) in self.not_judged {
            entities.sort();
            entities.dedup();
            let mut by_kind = [0usize; EntityKind::ALL.len() + 1];
            for id in &entities {
                let k = cx
                    .lookup(id.as_str())
                    .and_then(|at| EntityKind::ALL.iter().position(|&kind| kind == at.kind))
                    .unwrap_or(EntityKind::ALL.len());
                by_kind[k] += 1;
            }
            let counted: Vec<String> = by_kind
                .iter()
                .enumerate()
                .filter(|&(_, &n)| n > 0)
                .map(|(k, &n)| {
                    let noun = EntityKind::ALL.get(k).map_or("entity", |kind| kind.label());
                    match (n, noun) {
                        (1, _) => format!("1 {noun}"),
                        (_, "entity") => format!("{} entities", thousands(n as u64)),
                        _ => format!("{} {noun}s", thousands(n as u64)),
                    }
                })
                .collect();
            let verb = if entities.len() == 1 { "has" } else { "have" };
            self.diagnostics.push(Diagnostic {
                code,
                severity: Severity::Info,
                message: format!(
                    "{code}: {} {verb} {what}; not judged",
                    super::text::and_list(&counted)
                ),
                entities,
                fixes: Vec::new(),
            });
        }
        self.diagnostics
    }
}

/// 1234567 → "1,234,567".
pub(super) fn thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
