//! Helpers the chain (CSP1xx) and agreement (CSP2xx) families share: roles on record, dates the
//! catalogue fixes, the shared-services route, and short texts for messages.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use chrono::{Months, NaiveDate};

use crate::model::{
    EnrolmentStatus, EntityKind, EntityRef, Id, Location, MAX_ID_LEN, OfferKind, Relationship,
    RelationshipKind, Role, Subscription, TenantKind,
};
use crate::rules::Context;

/// A calendar date the catalogue fixes; every one used here exists.
pub(in crate::rules) const fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    match NaiveDate::from_ymd_opt(year, month, day) {
        Some(date) => date,
        None => NaiveDate::MIN,
    }
}

/// 2020-02-01: from this day partners sign the MPA before they transact and customers accept the
/// MCA before they buy (§MPA).
pub(in crate::rules) const AGREEMENTS_DATE: NaiveDate = ymd(2020, 2, 1);

/// `date` plus `months` calendar months (clamped to the month's last day), if representable.
pub(in crate::rules) fn months_after(date: NaiveDate, months: u32) -> Option<NaiveDate> {
    date.checked_add_months(Months::new(months))
}

/// The location has an enrolment in `role` on record that was not rejected (whatever its status).
pub(in crate::rules) fn has_role(location: &Location, role: Role) -> bool {
    location
        .enrolments
        .iter()
        .any(|e| e.role == role && e.status != EnrolmentStatus::Rejected)
}

/// The location holds `role` today: an enrolment in it that is active or restricted.
pub(in crate::rules) fn holds_role_now(location: &Location, role: Role) -> bool {
    location.enrolments.iter().any(|e| {
        e.role == role
            && matches!(
                e.status,
                EnrolmentStatus::Active | EnrolmentStatus::Restricted
            )
    })
}

/// The location buys from Microsoft: it has a direct-bill or indirect-provider enrolment on record.
pub(in crate::rules) fn buys_from_microsoft(location: &Location) -> bool {
    has_role(location, Role::DirectBill) || has_role(location, Role::IndirectProvider)
}

/// The location an entity reference points at, when it is one.
pub(in crate::rules) fn located<'a>(cx: &Context<'a>, at: EntityRef) -> Option<&'a Location> {
    if at.kind == EntityKind::Location {
        cx.ws.locations.get(at.index)
    } else {
        None
    }
}

/// The shared-services route (rules.md): the shared-services Azure offer, billed by a direct-bill
/// or indirect-provider location into a shared services tenant its own organization owns.
pub(in crate::rules) fn is_shared_services_route(cx: &Context<'_>, sub: &Subscription) -> bool {
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

/// What a location is, by the roles on its record: "indirect provider", "direct bill partner and
/// indirect reseller", or "location" when it has none.
pub(in crate::rules) fn role_noun(location: &Location) -> String {
    let roles: Vec<&str> = Role::ALL
        .iter()
        .filter(|&&role| has_role(location, role))
        .map(|role| role.label())
        .collect();
    if roles.is_empty() {
        "location".to_owned()
    } else {
        roles.join(" and ")
    }
}

/// A location in messages: "indirect reseller 'Reseller Co' (US, United States market)".
pub(in crate::rules) fn location_text(
    cx: &Context<'_>,
    location: &Location,
    on: NaiveDate,
) -> String {
    format!(
        "{} {}",
        role_noun(location),
        cx.describe(location.id.as_str(), on)
    )
}

/// Any entity in messages: a location with its roles and market, anything else by kind and name.
pub(in crate::rules) fn entity_text(cx: &Context<'_>, id: &str, on: NaiveDate) -> String {
    if let Some(location) = cx.location(id) {
        return location_text(cx, location, on);
    }
    match cx.lookup(id) {
        Some(at) if at.kind == EntityKind::Tenant => match cx.tenant(id) {
            Some(t) => format!("{} {}", t.kind.label(), cx.describe(id, on)),
            None => format!("tenant '{id}'"),
        },
        Some(at) => format!("{} '{}'", at.kind.label(), cx.name(id)),
        None => format!("'{id}'"),
    }
}

/// "Subscription 's1' (Microsoft 365 E3)", to start a sentence.
pub(in crate::rules) fn subscription_text(sub: &Subscription) -> String {
    if sub.offer.is_empty() {
        format!("Subscription '{}'", sub.id)
    } else {
        format!("Subscription '{}' ({})", sub.id, sub.offer)
    }
}

/// "Subscription 's1' (Microsoft 365 E3, from 2020-04-01)", to start a sentence.
pub(in crate::rules) fn subscription_from(sub: &Subscription, start: NaiveDate) -> String {
    if sub.offer.is_empty() {
        format!("Subscription '{}' (from {start})", sub.id)
    } else {
        format!("Subscription '{}' ({}, from {start})", sub.id, sub.offer)
    }
}

/// "'a', 'b' and 'c'", or "'a', 'b', 'c' and 4 more" past `max` items.
pub(in crate::rules) fn name_list(names: &[String], max: usize) -> String {
    let shown: Vec<String> = names.iter().take(max).map(|n| format!("'{n}'")).collect();
    let rest = names.len().saturating_sub(max);
    match (shown.split_last(), rest) {
        (None, _) => String::new(),
        (Some((last, [])), 0) => last.clone(),
        (Some((last, init)), 0) => format!("{} and {last}", init.join(", ")),
        (Some(_), rest) => format!("{} and {rest} more", shown.join(", ")),
    }
}

/// An id not yet used in the workspace: `base`, else `base-2`, `base-3`, ... (for fixes that add
/// an entity).
pub(in crate::rules) fn fresh_id(cx: &Context<'_>, base: &str) -> Option<Id> {
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
    (1..=1000u32).find_map(|n| {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        if cx.lookup(&candidate).is_none() {
            Id::new(candidate).ok()
        } else {
            None
        }
    })
}

/// A tenant in messages: "'Contoso Ltd' (tenant 'contoso-t', JP, Japan market)" by its owner's
/// name, with the tenant's own country and market (a customer's market is its tenant's country).
pub(in crate::rules) fn tenant_text(cx: &Context<'_>, tenant_id: &str, on: NaiveDate) -> String {
    let tenant = cx.tenant(tenant_id);
    let place = tenant
        .and_then(|t| t.country)
        .map(|country| match cx.region_on(country, on) {
            Some(region) => format!("{country}, {region} market"),
            None => format!(
                "{country}, in no market of the {}",
                crate::model::RegionList::in_force_on(on).label()
            ),
        });
    let name = cx.name(tenant_id);
    let owner = tenant
        .and_then(|t| t.owner.as_ref())
        .filter(|owner| cx.lookup(owner.as_str()).is_some());
    match (owner, place) {
        (Some(owner), Some(place)) => {
            format!("'{}' (tenant '{name}', {place})", cx.name(owner.as_str()))
        }
        (Some(owner), None) => format!("'{}' (tenant '{name}')", cx.name(owner.as_str())),
        (None, Some(place)) => format!("tenant '{name}' ({place})"),
        (None, None) => format!("tenant '{name}'"),
    }
}

/// The text with its first letter in upper case, to start a sentence with a generated phrase.
pub(in crate::rules) fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A fast, non-cryptographic hasher (rustc's "Fx" hash with a final mix) for the small per-check
/// maps below: their keys are ids of one workspace, hashed millions of times per check.
#[derive(Default, Clone, Copy)]
pub(in crate::rules) struct FxHasher {
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

    fn write_u8(&mut self, n: u8) {
        self.add(u64::from(n));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    fn write_usize(&mut self, n: usize) {
        self.add(n as u64);
    }

    fn finish(&self) -> u64 {
        // The multiply leaves the low bits (which pick the bucket) depending on the first bytes
        // only, and ids share prefixes; a final mix (murmur3's) spreads every byte to every bit.
        let mut h = self.hash;
        h ^= h >> 33;
        h = h.wrapping_mul(0xff51_afd7_ed55_8ccd);
        h ^= h >> 33;
        h = h.wrapping_mul(0xc4ce_b9fe_1a85_ec53);
        h ^ (h >> 33)
    }
}

/// A map with the fast hasher.
pub(in crate::rules) type FastMap<K, V> = HashMap<K, V, BuildHasherDefault<FxHasher>>;

/// Locations by id, and the partnerships reaching each, built once per check: the chain and
/// agreement rules look up a location for every subscription and relationship, and the context's
/// index over every entity is far larger than this one.
pub(in crate::rules) struct Locations<'a> {
    by_id: FastMap<&'a str, usize>,
    /// Per location, the partnerships whose reseller side it is, with the provider side's index.
    partnerships_to: Vec<Vec<(Option<usize>, &'a Relationship)>>,
    list: &'a [Location],
}

impl<'a> Locations<'a> {
    pub(in crate::rules) fn new(cx: &Context<'a>) -> Self {
        let list = cx.ws.locations.as_slice();
        let mut by_id: FastMap<&'a str, usize> = FastMap::default();
        by_id.reserve(list.len());
        for (at, location) in list.iter().enumerate() {
            // The first of two locations sharing an id wins, as in the context (CSP902 reports it).
            by_id.entry(location.id.as_str()).or_insert(at);
        }
        let mut index = Self {
            by_id,
            partnerships_to: vec![Vec::new(); list.len()],
            list,
        };
        for rel in &cx.ws.relationships {
            if matches!(rel.kind, RelationshipKind::Partnership)
                && let Some((at, _)) = index.get(rel.to.as_str())
            {
                let from = index.get(rel.from.as_str()).map(|(from, _)| from);
                index.partnerships_to[at].push((from, rel));
            }
        }
        index
    }

    /// The location with `id` and its index in the workspace's list.
    pub(in crate::rules) fn get(&self, id: &str) -> Option<(usize, &'a Location)> {
        let at = *self.by_id.get(id)?;
        self.list.get(at).map(|location| (at, location))
    }

    /// Partnerships whose reseller side is the location at index `at`, each with the index of its
    /// provider side when that is a location.
    pub(in crate::rules) fn partnerships_to(
        &self,
        at: usize,
    ) -> &[(Option<usize>, &'a Relationship)] {
        self.partnerships_to.get(at).map_or(&[], Vec::as_slice)
    }
}
