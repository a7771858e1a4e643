//! Helpers the chain (CSP1xx) and agreement (CSP2xx) families share: roles on record, dates the
//! catalogue fixes, and locations described by their roles for messages.

use chrono::{Months, NaiveDate};

use crate::model::{EnrolmentStatus, EntityKind, Location, Role};
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
