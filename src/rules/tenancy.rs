//! Tenants (CSP3xx): what may be provisioned into which tenant, who owns tenants, and scenario 6.
//!
//! Also home of helpers the CSP4xx to CSP6xx families share: the shared-services route, fresh ids
//! for quick fixes, and short labels for messages.

mod ownership;
mod provisioning;
#[cfg(test)]
mod tests;

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use super::{Context, Family, Sink};
use crate::edit::Edit;
use crate::model::{
    Country, Entity, Id, Location, MAX_ID_LEN, OfferKind, Role, Subscription, Tenant, TenantKind,
};

pub use ownership::{CSP304, CSP305, CSP306};
pub use provisioning::{CSP301, CSP302, CSP303, CSP307};

/// The family's rules and its check.
pub const FAMILY: Family = Family {
    name: "Tenants (CSP3xx)",
    rules: &[
        &CSP301, &CSP302, &CSP303, &CSP304, &CSP305, &CSP306, &CSP307,
    ],
    check,
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    let mut own = OwnTenants::default();
    let csp = CspTenantIndex::new(cx);
    let lookup = Lookup::new(cx);
    provisioning::check(cx, &lookup, &csp, &mut own, out);
    ownership::check(cx, &csp, out);
}

/// The shared-services route (rules.md): the shared-services Azure offer, billed by a location
/// holding a direct-bill or indirect-provider enrolment, into a shared services tenant its own
/// organization owns. CSP302, CSP401 and CSP603 do not apply to it; CSP303 (info) and CSP307 do.
pub(super) fn is_shared_services_route(cx: &Context<'_>, sub: &Subscription) -> bool {
    if sub.offer_kind != OfferKind::SharedServicesAzure {
        return false;
    }
    let Some(billing) = cx.location(sub.billed_by.as_str()) else {
        return false;
    };
    buys_from_microsoft(billing)
        && cx.tenant(sub.tenant.as_str()).is_some_and(|t| {
            t.kind == TenantKind::SharedServices && t.owner.as_ref() == Some(&billing.organization)
        })
}

/// True when the location holds a direct-bill or indirect-provider enrolment (in any status).
pub(super) fn buys_from_microsoft(location: &Location) -> bool {
    location.enrolment(Role::DirectBill).is_some()
        || location.enrolment(Role::IndirectProvider).is_some()
}

/// "Direct bill partner", "Indirect provider" or "Billing location" for the billing side of a
/// sale, "Reseller" for the reseller of record, to start a message.
pub(super) fn role_label(location: &Location, billing: bool) -> &'static str {
    if !billing {
        "Reseller"
    } else if location.enrolment(Role::DirectBill).is_some() {
        "Direct bill partner"
    } else if location.enrolment(Role::IndirectProvider).is_some() {
        "Indirect provider"
    } else {
        "Billing location"
    }
}

/// "subscription 'Microsoft 365 E3' (s1)".
pub(super) fn sub_label(sub: &Subscription) -> String {
    if sub.offer.is_empty() {
        format!("subscription '{}'", sub.id)
    } else {
        format!("subscription '{}' ({})", sub.offer, sub.id)
    }
}

/// "'Customer Co' (tenant 'cust-t', US, United States market)": a tenant by its owner's name with
/// the tenant's own country and market (a customer's market is its tenant's country).
pub(super) fn tenant_desc(cx: &Context<'_>, tenant: &Tenant, date: chrono::NaiveDate) -> String {
    let place = tenant
        .country
        .map(|country| match cx.region_on(country, date) {
            Some(region) => format!("{country}, {region} market"),
            None => format!(
                "{country}, in no market of the {}",
                crate::model::RegionList::in_force_on(date).label()
            ),
        });
    let name = cx.name(tenant.id.as_str());
    match (tenant.owner.as_ref(), place) {
        (Some(owner), Some(place)) => {
            format!("'{}' (tenant '{name}', {place})", cx.name(owner.as_str()))
        }
        (Some(owner), None) => format!("'{}' (tenant '{name}')", cx.name(owner.as_str())),
        (None, Some(place)) => format!("tenant '{name}' ({place})"),
        (None, None) => format!("tenant '{name}'"),
    }
}

/// The text with its first letter in upper case, for labels that start a sentence.
pub(super) fn capitalize(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// An id not used in the workspace nor in `also_taken`: `base`, else `base-2`, `base-3`, ...
pub(super) fn fresh_id(cx: &Context<'_>, base: &str, also_taken: &[Id]) -> Option<Id> {
    let base: String = base
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .take(MAX_ID_LEN - 8)
        .collect();
    let base = if base.is_empty() {
        "tenant".to_owned()
    } else {
        base
    };
    (1..=100_000u32).find_map(|n| {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        let free =
            cx.lookup(&candidate).is_none() && !also_taken.iter().any(|t| t.as_str() == candidate);
        if free { Id::new(candidate).ok() } else { None }
    })
}

/// A new tenant, as a fix inserts it.
pub(super) fn new_tenant(
    id: Id,
    name: String,
    owner: &Id,
    kind: TenantKind,
    country: Option<Country>,
) -> Tenant {
    Tenant {
        id,
        name,
        owner: Some(owner.clone()),
        kind,
        country,
        directory_id: None,
    }
}

/// The edit inserting `entity` at the end of its list.
pub(super) fn insert(entity: Entity) -> Edit {
    Edit::Insert { entity, at: None }
}

/// The edit moving `sub` into the tenant `to`.
pub(super) fn move_subscription(sub: &Subscription, to: &Id) -> Edit {
    let mut moved = sub.clone();
    moved.tenant = to.clone();
    Edit::Replace(Entity::Subscription(moved))
}

/// A map with a fast non-cryptographic hash (FxHash), for the rules' own per-check indexes.
pub(super) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// The Fx hash (as in rustc): a multiply and rotate per word; fine for ids in a local workspace.
#[derive(Default, Clone, Copy)]
pub(super) struct FxHasher {
    hash: u64,
}

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word));
        }
    }

    fn write_u8(&mut self, byte: u8) {
        self.add(u64::from(byte));
    }

    fn write_usize(&mut self, value: usize) {
        self.add(value as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

/// Tenants and locations by id in maps of their own, built once per family check: the rules
/// resolve a subscription's tenant and partners for every subscription, and these small maps
/// with a fast hash cost a fraction of a lookup in the workspace-wide index. Where an id is
/// duplicated the first entity wins, as in the index (CSP902 reports the duplicate).
pub(super) struct Lookup<'a> {
    tenants: FastMap<&'a str, &'a Tenant>,
    locations: FastMap<&'a str, &'a Location>,
}

impl<'a> Lookup<'a> {
    pub(super) fn new(cx: &Context<'a>) -> Self {
        let mut tenants: FastMap<&'a str, &'a Tenant> = FastMap::default();
        tenants.reserve(cx.ws.tenants.len());
        for tenant in &cx.ws.tenants {
            tenants.entry(tenant.id.as_str()).or_insert(tenant);
        }
        let mut locations: FastMap<&'a str, &'a Location> = FastMap::default();
        locations.reserve(cx.ws.locations.len());
        for location in &cx.ws.locations {
            locations.entry(location.id.as_str()).or_insert(location);
        }
        Self { tenants, locations }
    }

    /// The tenant with `id`.
    pub(super) fn tenant(&self, id: &str) -> Option<&'a Tenant> {
        self.tenants.get(id).copied()
    }

    /// The location with `id`.
    pub(super) fn location(&self, id: &str) -> Option<&'a Location> {
        self.locations.get(id).copied()
    }
}

/// Locations by the CSP tenant they name, built once per check without one list per tenant.
pub(super) struct CspTenantIndex<'a> {
    first: FastMap<&'a str, usize>,
    next: Vec<usize>,
    locations: &'a [Location],
}

impl<'a> CspTenantIndex<'a> {
    const END: usize = usize::MAX;

    pub(super) fn new(cx: &Context<'a>) -> Self {
        let locations = cx.ws.locations.as_slice();
        let mut first: FastMap<&'a str, usize> = FastMap::default();
        let mut next = vec![Self::END; locations.len()];
        // Walk backwards so each chain comes out in list order.
        for (i, location) in locations.iter().enumerate().rev() {
            if let Some(tenant) = &location.csp_tenant
                && let Some(previous) = first.insert(tenant.as_str(), i)
            {
                next[i] = previous;
            }
        }
        Self {
            first,
            next,
            locations,
        }
    }

    /// True when `location` (at `index` in the list) is the first naming its CSP tenant, so a
    /// pass over locations meets each CSP tenant once.
    pub(super) fn is_first_user(&self, index: usize, location: &Location) -> bool {
        location
            .csp_tenant
            .as_ref()
            .is_some_and(|t| self.first.get(t.as_str()) == Some(&index))
    }

    /// True when some location names `tenant_id` as its CSP tenant.
    pub(super) fn is_used(&self, tenant_id: &str) -> bool {
        self.first.contains_key(tenant_id)
    }

    /// The locations naming `tenant_id` as their CSP tenant, in list order.
    pub(super) fn locations(&self, tenant_id: &str) -> impl Iterator<Item = &'a Location> + '_ {
        let mut at = self.first.get(tenant_id).copied().unwrap_or(Self::END);
        std::iter::from_fn(move || {
            let location = self.locations.get(at)?;
            at = self.next.get(at).copied().unwrap_or(Self::END);
            Some(location)
        })
    }
}

/// Each organization's first customer tenant and first shared services tenant, built on first use
/// (only fixes need it).
#[derive(Default)]
pub(super) struct OwnTenants<'a> {
    by_owner: Option<HashMap<&'a str, Owned<'a>>>,
}

/// An organization's first customer tenant and first shared services tenant.
type Owned<'a> = (Option<&'a Tenant>, Option<&'a Tenant>);

impl<'a> OwnTenants<'a> {
    fn map(&mut self, cx: &Context<'a>) -> &HashMap<&'a str, Owned<'a>> {
        self.by_owner.get_or_insert_with(|| {
            let mut map: HashMap<&'a str, Owned<'a>> = HashMap::new();
            for tenant in &cx.ws.tenants {
                let Some(owner) = &tenant.owner else { continue };
                let entry = map.entry(owner.as_str()).or_default();
                match tenant.kind {
                    TenantKind::Customer if entry.0.is_none() => entry.0 = Some(tenant),
                    TenantKind::SharedServices if entry.1.is_none() => entry.1 = Some(tenant),
                    _ => {}
                }
            }
            map
        })
    }

    /// The first customer-kind tenant `owner` owns.
    pub(super) fn customer(&mut self, cx: &Context<'a>, owner: &str) -> Option<&'a Tenant> {
        self.map(cx).get(owner).and_then(|e| e.0)
    }

    /// The first shared services tenant `owner` owns.
    pub(super) fn shared(&mut self, cx: &Context<'a>, owner: &str) -> Option<&'a Tenant> {
        self.map(cx).get(owner).and_then(|e| e.1)
    }
}
