//! A partner location's own standing: CSP208 (Partner ID country and tenant country), CSP210
//! (a reseller's revenue threshold).

use crate::model::{EnrolmentStatus, Location, Role};
use crate::rules::chain::common::{months_after, ymd};
use crate::rules::context::thousands;
use crate::rules::registry::declare_rule;
use crate::rules::{Context, Sink};

declare_rule! {
    /// ## What it checks
    /// A location's Partner ID country (the location's country) is the same country as its CSP
    /// tenant's: the same country, not just the same region. Where either country is not
    /// recorded, the location is counted as not judged.
    ///
    /// ## Why
    /// §Types and scenarios 7 and 8: a partner transacts in the region of its location, and
    /// Partner Center keeps a one-to-one relationship between a location's Partner ID and its CSP
    /// tenant. A tenant set to another country records the partner's business in the wrong
    /// country, and across a region border in the wrong market.
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK' (JP) transacts from the CSP tenant 'fabrikam.onmicrosoft.com' set to
    /// JP.
    /// Fails: 'Fabrikam France' (FR) transacts from a CSP tenant set to DE: both are in Europe, but
    /// the countries differ.
    pub CSP208, "CSP208", Error, "A location's country differs from its CSP tenant's country"
}

declare_rule! {
    /// ## What it checks
    /// From 2024-04-01, an indirect reseller past its first 12 months (its active indirect-reseller
    /// enrolment is at least a year old on the as-of date) has at least USD 1,000 trailing-12-month
    /// CSP revenue.
    ///
    /// Reading: judged on the as-of date with the location's recorded trailing-12-month revenue
    /// (the catalogue fixes this); the location stands for its CSP tenant. Where the revenue or the
    /// enrolment date is not recorded, the location is counted as not judged.
    ///
    /// ## Why
    /// §Types and the reseller pages it links: from 2024-04-01 Microsoft deauthorizes an indirect
    /// reseller tenant that is past its first 12 months with under USD 1,000 trailing revenue at
    /// its anniversary month; it cannot re-enrol for a year. A warning: the threshold moved over
    /// time and is checked by Microsoft, not by the program's structure.
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK', enrolled in 2019, recorded USD 25,000 trailing revenue.
    /// Fails: 'Fabrikam KK', enrolled in 2019, recorded USD 400 trailing revenue in a workspace as of
    /// 2024-06-01.
    pub CSP210, "CSP210", Warning, "An indirect reseller is under the USD 1,000 revenue threshold"
}

const CSP208_NO_COUNTRY: &str = "no country recorded";
const CSP208_NO_TENANT_COUNTRY: &str = "no country recorded for the CSP tenant";
const CSP210_NO_ENROLMENT_DATE: &str = "no indirect-reseller enrolment date recorded";
const CSP210_NO_REVENUE: &str = "no trailing-12-month revenue recorded";

/// The smallest trailing-12-month revenue a reseller keeps its enrolment with, from 2024-04-01.
const RESELLER_MINIMUM_USD: u64 = 1_000;

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    let threshold_applies = cx.as_of >= ymd(2024, 4, 1);
    for (at, location) in cx.ws.locations.iter().enumerate() {
        tenant_country(cx, at, location, out);
        if threshold_applies {
            reseller_revenue(cx, location, out);
        }
    }
}

/// CSP208.
fn tenant_country(cx: &Context<'_>, at: usize, location: &Location, out: &mut Sink) {
    let Some(tenant) = cx.location_csp_tenant(at).map(|t| &cx.ws.tenants[t]) else {
        return;
    };
    let (Some(own), Some(theirs)) = (location.country, tenant.country) else {
        let what = if location.country.is_none() {
            CSP208_NO_COUNTRY
        } else {
            CSP208_NO_TENANT_COUNTRY
        };
        out.not_judged(&CSP208, &location.id, what);
        return;
    };
    if own == theirs {
        return;
    }
    let named = |country: crate::model::Country| match cx.regions.country_name(country) {
        Some(name) => format!("{country} ({name})"),
        None => country.to_string(),
    };
    let message = format!(
        "Location {} has its Partner ID in {}, but its CSP tenant '{}' is set to {}; a location \
         and its CSP tenant are in the same country, not just the same region",
        cx.describe(location.id.as_str(), cx.as_of),
        named(own),
        cx.name(tenant.id.as_str()),
        named(theirs),
    );
    out.report(
        &CSP208,
        message,
        vec![location.id.clone(), tenant.id.clone()],
    );
}

/// CSP210.
fn reseller_revenue(cx: &Context<'_>, location: &Location, out: &mut Sink) {
    let as_of = cx.as_of;
    let Some(enrolment) = location
        .enrolments
        .iter()
        .find(|e| e.role == Role::IndirectReseller && e.status == EnrolmentStatus::Active)
    else {
        return;
    };
    let Some(enrolled) = enrolment.enrolled else {
        out.not_judged(&CSP210, &location.id, CSP210_NO_ENROLMENT_DATE);
        return;
    };
    if months_after(enrolled, 12).is_none_or(|anniversary| anniversary > as_of) {
        return;
    }
    let Some(revenue) = location.revenue_ttm_usd else {
        out.not_judged(&CSP210, &location.id, CSP210_NO_REVENUE);
        return;
    };
    if revenue >= RESELLER_MINIMUM_USD {
        return;
    }
    let message = format!(
        "Indirect reseller {}, enrolled on {enrolled}, has trailing-12-month CSP revenue of USD \
         {}, under USD 1,000: from 2024-04-01 a reseller tenant past its first 12 months under \
         that threshold at its anniversary month is deauthorized and cannot re-enrol for a year",
        cx.describe(location.id.as_str(), as_of),
        thousands(revenue),
    );
    let mut entities = vec![location.id.clone()];
    entities.extend(location.csp_tenant.iter().cloned());
    out.report(&CSP210, message, entities);
}
