//! Helpers the chain (CSP1xx) and agreement (CSP2xx) families share: roles on record, dates the
//! catalogue fixes, the shared-services route, and short texts for messages.

use chrono::{Months, NaiveDate};

use crate::model::{EnrolmentStatus, EntityKind, Location, Role, Subscription};
use crate::rules::Context;
pub(in crate::rules) use crate::rules::context::has_role;

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
