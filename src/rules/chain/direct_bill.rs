//! What a direct bill location must bring: CSP106 (capabilities), CSP112 (one tenant per role),
//! CSP113 (eligibility thresholds).

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::common::{holds_role_now, ymd};
use crate::model::{EnrolmentStatus, Fact, Id, Location, Role};
use crate::rules::context::thousands;
use crate::rules::registry::declare_rule;
use crate::rules::text::{and_list, name_list};
use crate::rules::{Context, Sink};

declare_rule! {
    /// ## What it checks
    /// A location with an active or restricted direct-bill enrolment has each capability a direct
    /// bill partner must provide itself recorded as present: API integration with Microsoft,
    /// billing its customers, customer support with a support plan, and a managed service.
    ///
    /// A capability recorded as missing ("no") is reported; one not recorded at all is counted as
    /// not judged.
    ///
    /// ## Why
    /// §Types: a direct bill partner must meet programmatic requirements, "including the ability to
    /// integrate with Microsoft using APIs", and must provide "billing, support and managed services
    /// to customers on an ongoing basis". Partners without them usually belong in the indirect model.
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK' (direct bill) records API integration, billing, a support plan and a
    /// managed service.
    /// Fails: 'Fabrikam KK' records no support plan: a direct bill partner supports its customers
    /// itself.
    pub CSP106, "CSP106", Warning, "A direct bill location lacks a required capability"
}

declare_rule! {
    /// ## What it checks
    /// One CSP tenant does not hold both an active indirect-reseller enrolment and an active
    /// direct-bill enrolment. This is judged per tenant: on one location, or on several locations
    /// naming the same CSP tenant. A direct-bill enrolment that is restricted is the exception.
    ///
    /// ## Why
    /// §Types: indirect resellers have no billing relationship with Microsoft while direct bill
    /// partners do; Partner Center keeps the two on separate tenants (each with its own location
    /// and Partner ID). While Microsoft restricts a direct-bill enrolment, the partner may resell
    /// through a provider from the same tenant.
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK' resells from tenant 'fabrikam-ir' and bills directly from a second
    /// location with tenant 'fabrikam-db'.
    /// Fails: location 'Fabrikam KK' with tenant 'fabrikam' holds both enrolments, both active.
    pub CSP112, "CSP112", Error, "One CSP tenant holds both an indirect-reseller and a direct-bill enrolment"
}

declare_rule! {
    /// ## What it checks
    /// A direct-bill enrolment meets the eligibility thresholds in force on its enrolment date:
    /// - enrolled on or after 2021-04-15: the organization had been an indirect reseller for at
    ///   least 12 months (its earliest indirect-reseller enrolment, at any of its locations, that
    ///   was once active);
    /// - enrolled on or after 2020-10-27: trailing-12-month CSP revenue of at least USD 300,000;
    ///   on or after 2025-10-01: at least USD 1,000,000.
    ///
    /// Reading: revenue is the location's recorded trailing-12-month revenue, as the catalogue fixes.
    /// Rejected enrolments are not judged; unrecorded dates or revenue are counted as not judged.
    ///
    /// ## Why
    /// §Types: direct bill partners must meet specific programmatic requirements; Microsoft raised
    /// them over time (the reseller history from 2021-04-15, the revenue thresholds from 2020-10-27
    /// and 2025-10-01). These are warnings keyed to dates, never errors on older networks.
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK' enrolled as a direct bill partner on 2022-06-01 after reselling since
    /// 2020-01-01, with USD 450,000 trailing revenue.
    /// Fails: 'Fabrikam KK' enrolled on 2026-01-15 with USD 400,000 trailing revenue, under the
    /// USD 1,000,000 in force from 2025-10-01.
    pub CSP113, "CSP113", Warning, "A direct-bill enrolment misses an eligibility threshold"
}

const CSP106_UNKNOWN: &str = "no record of some direct-bill capabilities";
const CSP113_NO_ENROLMENT_DATE: &str = "no direct-bill enrolment date recorded";
const CSP113_NO_HISTORY: &str =
    "no enrolment date recorded for an indirect-reseller enrolment in the organization";
const CSP113_NO_REVENUE: &str = "no trailing-12-month revenue recorded";

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    for (at, location) in cx.ws.locations.iter().enumerate() {
        capabilities(cx, location, out);
        eligibility(cx, at, location, out);
    }
    one_tenant_two_roles(cx, out);
}

/// CSP106: a direct bill location without a required capability.
fn capabilities(cx: &Context<'_>, location: &Location, out: &mut Sink) {
    if !holds_role_now(location, Role::DirectBill) {
        return;
    }
    let caps = &location.capabilities;
    let required = [
        (&caps.api_integration, "API integration with Microsoft"),
        (&caps.billing, "billing of its customers"),
        (&caps.support_plan, "customer support with a support plan"),
        (&caps.managed_service, "a managed service"),
    ];
    let missing: Vec<&str> = required
        .iter()
        .filter(|(fact, _)| matches!(fact, Fact::Absent | Fact::Stated(false)))
        .map(|(_, what)| *what)
        .collect();
    if required.iter().any(|(fact, _)| fact.is_unknown()) {
        out.not_judged(&CSP106, &location.id, CSP106_UNKNOWN);
    }
    if missing.is_empty() {
        return;
    }
    let message = format!(
        "Direct bill partner {} is recorded without {}; a direct bill partner integrates with \
         Microsoft and provides billing, support and managed services itself",
        cx.describe(location.id.as_str(), cx.as_of),
        and_list(&missing),
    );
    out.report(&CSP106, message, vec![location.id.clone()]);
}

/// CSP112: one CSP tenant with both an active indirect-reseller and an active direct-bill enrolment.
fn one_tenant_two_roles(cx: &Context<'_>, out: &mut Sink) {
    #[derive(Default)]
    struct Holders<'a> {
        reseller: Vec<&'a Location>,
        direct: Vec<&'a Location>,
    }
    // Keyed by the CSP tenant's id as written, so that locations naming one missing tenant also
    // share it; few locations hold these enrolments.
    let mut by_tenant: FxHashMap<&str, Holders<'_>> = FxHashMap::default();
    for location in &cx.ws.locations {
        let reseller = location.is_active(Role::IndirectReseller);
        let direct = location.is_active(Role::DirectBill);
        if !reseller && !direct {
            continue;
        }
        // A location without a CSP tenant stands for a tenant of its own.
        let key = location
            .csp_tenant
            .as_ref()
            .map_or(location.id.as_str(), Id::as_str);
        let holders = by_tenant.entry(key).or_default();
        if reseller {
            holders.reseller.push(location);
        }
        if direct {
            holders.direct.push(location);
        }
    }
    let as_of = cx.as_of;
    for (key, holders) in by_tenant {
        if holders.reseller.is_empty() || holders.direct.is_empty() {
            continue;
        }
        let mut locations: Vec<&Location> = holders.reseller.clone();
        for l in &holders.direct {
            if !locations.iter().any(|m| m.id == l.id) {
                locations.push(l);
            }
        }
        let message = match locations.as_slice() {
            [only] => format!(
                "Location {} holds both an active indirect-reseller and an active direct-bill \
                 enrolment on one CSP tenant '{}'; the two roles need two tenants (two locations), \
                 unless the direct-bill enrolment is restricted",
                cx.describe(only.id.as_str(), as_of),
                cx.name(key),
            ),
            _ => {
                let names = |ls: &[&Location]| {
                    ls.iter()
                        .map(|l| cx.name(l.id.as_str()))
                        .collect::<Vec<_>>()
                };
                format!(
                    "CSP tenant '{}' holds an active indirect-reseller enrolment (through {}) and \
                     an active direct-bill enrolment (through {}); the two roles need two tenants, \
                     unless the direct-bill enrolment is restricted",
                    cx.name(key),
                    name_list(&names(&holders.reseller), 3),
                    name_list(&names(&holders.direct), 3),
                )
            }
        };
        let mut entities = Vec::with_capacity(locations.len() + 1);
        if let Some(tenant) = locations[0].csp_tenant.as_ref() {
            entities.push(tenant.clone());
        }
        entities.extend(locations.iter().map(|l| l.id.clone()));
        out.report(&CSP112, message, entities);
    }
}

/// CSP113: direct-bill eligibility at the enrolment date.
fn eligibility(cx: &Context<'_>, at: usize, location: &Location, out: &mut Sink) {
    for e in &location.enrolments {
        if e.role != Role::DirectBill || e.status == EnrolmentStatus::Rejected {
            continue;
        }
        let Some(enrolled) = e.enrolled else {
            out.not_judged(&CSP113, &location.id, CSP113_NO_ENROLMENT_DATE);
            continue;
        };
        let who = format!("Location {}", cx.describe(location.id.as_str(), enrolled));
        if enrolled >= ymd(2021, 4, 15) {
            match reseller_history(cx, at, enrolled) {
                History::Enough => {}
                History::Unknown => out.not_judged(&CSP113, &location.id, CSP113_NO_HISTORY),
                History::Since(first) => {
                    let message = format!(
                        "{who} enrolled as a direct bill partner on {enrolled}, but its \
                         organization had been an indirect reseller only since {first}; from \
                         2021-04-15 at least 12 months as an indirect reseller are required"
                    );
                    out.report(&CSP113, message, vec![location.id.clone()]);
                }
                History::Never => {
                    let message = format!(
                        "{who} enrolled as a direct bill partner on {enrolled}, but its \
                         organization has no indirect-reseller history before that date; from \
                         2021-04-15 at least 12 months as an indirect reseller are required"
                    );
                    out.report(&CSP113, message, vec![location.id.clone()]);
                }
            }
        }
        let threshold = if enrolled >= ymd(2025, 10, 1) {
            Some((1_000_000u64, "2025-10-01"))
        } else if enrolled >= ymd(2020, 10, 27) {
            Some((300_000, "2020-10-27"))
        } else {
            None
        };
        let Some((threshold, from)) = threshold else {
            continue;
        };
        match location.revenue_ttm_usd {
            None => out.not_judged(&CSP113, &location.id, CSP113_NO_REVENUE),
            Some(revenue) if revenue < threshold => {
                let message = format!(
                    "{who} enrolled as a direct bill partner on {enrolled} with trailing-12-month \
                     CSP revenue of USD {}, under the USD {} required for enrolments from {from}",
                    thousands(revenue),
                    thousands(threshold),
                );
                out.report(&CSP113, message, vec![location.id.clone()]);
            }
            Some(_) => {}
        }
    }
}

enum History {
    Enough,
    Unknown,
    Since(NaiveDate),
    Never,
}

/// The organization's indirect-reseller history before `enrolled`: enrolments at any of its
/// locations that were once active (active, restricted or since deauthorized).
fn reseller_history(cx: &Context<'_>, at: usize, enrolled: NaiveDate) -> History {
    let Some(needed) = enrolled.checked_sub_months(chrono::Months::new(12)) else {
        return History::Unknown;
    };
    let mut earliest: Option<NaiveDate> = None;
    let mut unknown = false;
    // The organization's locations include this one.
    let group = cx.location_group(at).unwrap_or(usize::MAX);
    for l in cx.locations_in_group(group).map(|i| &cx.ws.locations[i]) {
        for e in &l.enrolments {
            let once_active = matches!(
                e.status,
                EnrolmentStatus::Active
                    | EnrolmentStatus::Restricted
                    | EnrolmentStatus::Deauthorized
            );
            if e.role != Role::IndirectReseller || !once_active {
                continue;
            }
            match e.enrolled {
                Some(d) if d <= enrolled => {
                    earliest = Some(earliest.map_or(d, |m| m.min(d)));
                }
                Some(_) => {}
                None => unknown = true,
            }
        }
    }
    match earliest {
        Some(first) if first <= needed => History::Enough,
        _ if unknown => History::Unknown,
        Some(first) => History::Since(first),
        None => History::Never,
    }
}
