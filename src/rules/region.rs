//! Regions (CSP5xx): partners sell and partner only within their market, by the region list in force.

use chrono::NaiveDate;

use super::registry::declare_rule;
use super::text::{role_label, sub_label, tenant_in_country};
use super::{Context, DateUse, Family, Pass, Sink};
use crate::model::{Country, Fact, RegionList, RelationshipKind};

/// The family's rules and its check.
pub const FAMILY: Family = Family {
    name: "Regions (CSP5xx)",
    rules: &[&CSP501, &CSP502, &CSP503, &CSP504],
    check,
    passes: &[
        Pass {
            name: "region CSP501",
            check: csp501,
            date_use: DateUse::Day,
        },
        Pass {
            name: "region CSP502",
            check: csp502,
            date_use: DateUse::Day,
        },
        Pass {
            name: "region CSP503",
            check: csp503,
            date_use: DateUse::Day,
        },
        Pass {
            name: "region CSP504",
            check: csp504,
            date_use: DateUse::Day,
        },
    ],
};

declare_rule! {
    /// ## What it checks
    /// Each partner in a subscription's chain (the billing location and the reseller of record,
    /// and whoever takes over in a partner-of-record change) is in the region (market) that
    /// contains the country of the tenant the subscription is provisioned into. The customer's
    /// market is its tenant's country, not the country of its offices. The region list used is the
    /// one in force on the subscription's start date, and the subscription must stay legal for its
    /// whole term: a term that reaches 2023-08-17, when the 2023 list came into force, must be
    /// legal under both lists.
    ///
    /// Reading: the term runs from the start up to the end date (the day the next term or the
    /// cancellation takes effect); with no end recorded it runs to the workspace's as-of date.
    /// A country that the list of the as-of date does not know is CSP503's warning; a country
    /// missing from an earlier list the term needed is reported here. Subscriptions without a
    /// start date, and tenants or locations without a country, are counted as not judged.
    ///
    /// ## Why
    /// Scenario 7: CSP partners can sell only to customers in the same region. The regions and
    /// their countries are Partner Center's "regional markets and currencies" lists (2021 and
    /// 2023); Guam, for example, moved from the Australia market to the United States market.
    ///
    /// ## Example
    /// Passes: a United States direct bill partner sells to a customer with offices in Brazil
    /// whose tenant is in the United States.
    /// Fails: an Australian partner sells to a Guam tenant in a term running past 2023-08-17
    /// (legal under the 2021 list, not the 2023 one).
    pub CSP501, "CSP501", Error, "Partners sell only to tenants in their own market"
}

declare_rule! {
    /// ## What it checks
    /// An indirect provider and an indirect reseller that partner are located in the same region
    /// (market), by the region list in force from the partnership's authorization through its end
    /// (or the as-of date while it lasts).
    ///
    /// Reading: with no authorization date recorded, the list in force on the partnership's last
    /// day (or the as-of date) is used. Locations without a country are counted as not judged.
    ///
    /// ## Why
    /// Scenario 8: partners can establish relationships only with partners in the same region.
    ///
    /// ## Example
    /// Passes: a French reseller partners with a German indirect provider (both Europe).
    /// Fails: a United States reseller partners with a United Kingdom provider.
    pub CSP502, "CSP502", Error, "A provider and its reseller are in the same market"
}

declare_rule! {
    /// ## What it checks
    /// Every country a location, tenant or organization names is in the region list in force on
    /// the workspace's as-of date. Reported: a country unknown to every list, one the 2023 list
    /// removed (Russia, Belarus), and one the list in force does not have yet (China before
    /// 2023-08-17).
    ///
    /// Reading: a location or tenant with no country recorded is an unknown fact; those are
    /// counted in one info ("N entities have no country recorded") rather than warned one by one,
    /// so an imported network is not buried in warnings.
    ///
    /// ## Why
    /// A partner's market follows its country and a customer's follows its tenant's country
    /// (scenario 7); a country outside the list belongs to no CSP market, so no sale there can be
    /// legal.
    ///
    /// ## Example
    /// Passes: a tenant in Japan, in the Japan market of both lists.
    /// Fails: a location in Russia in a workspace dated 2024 (the 2023 list removed Russia).
    pub CSP503, "CSP503", Warning, "A country is missing, unknown to the region list in force, or removed from it"
}

declare_rule! {
    /// ## What it checks
    /// An organization whose country requires a company registration ID (Armenia, Azerbaijan,
    /// Belarus, Brazil, Hungary, India, Iraq, Kazakhstan, Kyrgyzstan, Moldova, Myanmar, Poland,
    /// Russia, Saudi Arabia, South Africa, South Sudan, Tajikistan, Thailand, Türkiye, Ukraine,
    /// United Arab Emirates, Uzbekistan, Venezuela, Vietnam) has one.
    ///
    /// Reading: a registration ID recorded as absent (or blank) is warned; one never recorded, and
    /// an organization with no country, are counted as not judged.
    ///
    /// ## Why
    /// Partner Center asks partners and customers in these countries for their registration ID
    /// number when they enrol or accept an agreement; without it the account cannot be set up.
    ///
    /// ## Example
    /// Passes: a Brazilian reseller with its CNPJ recorded as registration ID.
    /// Fails: a Polish customer whose registration ID is recorded as absent.
    pub CSP504, "CSP504", Warning, "An organization in a country that requires a registration ID has none"
}

/// Countries where Partner Center requires a company registration ID (CSP504).
const REGISTRATION_ID_COUNTRIES: [&str; 24] = [
    "AM", "AZ", "BY", "BR", "HU", "IN", "IQ", "KZ", "KG", "MD", "MM", "PL", "RU", "SA", "ZA", "SS",
    "TJ", "TH", "TR", "UA", "AE", "UZ", "VE", "VN",
];

fn check(cx: &Context<'_>, out: &mut Sink) {
    super::run_passes(FAMILY.passes, cx, out);
}

/// The days a dated thing must be judged on: its first day, and the 2023 switch date when the
/// span from `first` to `last` (inclusive) reaches it.
fn judged_dates(first: NaiveDate, last: NaiveDate) -> ([NaiveDate; 2], usize) {
    let switch = RegionList::switch_date();
    if first < switch && switch <= last {
        ([first, switch], 2)
    } else {
        ([first, first], 1)
    }
}

/// How two countries compare on a date.
enum Markets<'a> {
    Same,
    /// Different markets; the second country's.
    Differ(&'a str),
    /// One of them is in no market of the list in force that day.
    NoMarket,
}

fn markets<'a>(cx: &Context<'a>, a: Country, b: Country, date: NaiveDate) -> Markets<'a> {
    match (cx.region_on(a, date), cx.region_on(b, date)) {
        (Some(ra), Some(rb)) if ra == rb => Markets::Same,
        (Some(_), Some(rb)) => Markets::Differ(rb),
        _ => Markets::NoMarket,
    }
}

/// The list in force on `date`, with when it came into force relative to `start`.
fn list_phrase(date: NaiveDate, start: NaiveDate) -> String {
    let list = RegionList::in_force_on(date);
    if date == start {
        format!("the {} in force on {start}", list.label())
    } else {
        format!("the {}, in force from {date} during the term", list.label())
    }
}

/// One stretch of a subscription with the same partners: first day, last day, and the billing
/// location and reseller of record as location indices (when they name locations).
struct Segment {
    first: NaiveDate,
    last: NaiveDate,
    billed_by: Option<usize>,
    reseller: Option<usize>,
}

/// Fills `segments` with the stretches of the subscription at `s` from `start`.
fn segments(
    cx: &Context<'_>,
    s: usize,
    start: NaiveDate,
    as_of: NaiveDate,
    segments: &mut Vec<Segment>,
) {
    let sub = &cx.ws.subscriptions[s];
    let last = match sub.end {
        Some(end) => end.pred_opt().unwrap_or(end).max(start),
        None => as_of.max(start),
    };
    segments.clear();
    segments.push(Segment {
        first: start,
        last,
        billed_by: cx.sub_billing(s),
        reseller: cx.sub_reseller(s),
    });
    let reseller_of =
        |fact: &Fact<crate::model::Id>| fact.stated().and_then(|r| cx.location_index(r.as_str()));
    for change in &sub.partner_of_record_changes {
        if change.date <= start {
            if let Some(first) = segments.first_mut() {
                first.billed_by = cx.location_index(change.billed_by.as_str());
                first.reseller = reseller_of(&change.reseller_of_record);
            }
            continue;
        }
        if change.date > last {
            break;
        }
        if let Some(previous) = segments.last_mut() {
            previous.last = change.date.pred_opt().unwrap_or(change.date);
        }
        segments.push(Segment {
            first: change.date,
            last,
            billed_by: cx.location_index(change.billed_by.as_str()),
            reseller: reseller_of(&change.reseller_of_record),
        });
    }
}

fn csp501(cx: &Context<'_>, out: &mut Sink) {
    const NO_COUNTRY: &str = "no country recorded";
    let as_of = cx.as_of;
    let as_of_list = RegionList::in_force_on(as_of);
    let mut stretches: Vec<Segment> = Vec::new();
    for (s, sub) in cx.ws.subscriptions.iter().enumerate() {
        let Some(tenant) = cx.sub_tenant(s).map(|t| &cx.ws.tenants[t]) else {
            continue;
        };
        let Some(tenant_country) = tenant.country else {
            out.not_judged(&CSP501, &tenant.id, NO_COUNTRY);
            continue;
        };
        let Some(start) = sub.start else {
            out.not_judged(&CSP501, &sub.id, "no start date recorded");
            continue;
        };
        let mut reported: Vec<usize> = Vec::new();
        segments(cx, s, start, as_of, &mut stretches);
        for segment in &stretches {
            let partners = std::iter::once((segment.billed_by, true))
                .chain(segment.reseller.map(|r| (Some(r), false)));
            for (partner, billing) in partners {
                let Some(partner) = partner.filter(|p| !reported.contains(p)) else {
                    continue;
                };
                let location = &cx.ws.locations[partner];
                let Some(country) = location.country else {
                    out.not_judged(&CSP501, &location.id, NO_COUNTRY);
                    continue;
                };
                let (dates, count) = judged_dates(segment.first, segment.last);
                let verdicts = dates[..count]
                    .iter()
                    .map(|&date| (date, markets(cx, country, tenant_country, date)));
                let mut legal_at_first = false;
                for (date, verdict) in verdicts {
                    // Built only for a finding: this runs for every subscription.
                    let list = || list_phrase(date, segment.first);
                    let problem = match verdict {
                        Markets::Same => {
                            legal_at_first |= date == segment.first;
                            continue;
                        }
                        Markets::NoMarket if RegionList::in_force_on(date) == as_of_list => {
                            continue; // CSP503 warns about the country
                        }
                        Markets::NoMarket => match cx.region_on(tenant_country, date) {
                            None => format!(
                                "the tenant's country {tenant_country} is in no market of {}",
                                list()
                            ),
                            Some(region) => format!(
                                "the partner's country {country} is in no market of {}, and the \
                                 tenant is in the {region} market",
                                list()
                            ),
                        },
                        Markets::Differ(region) => format!(
                            "the tenant is in another market ({region}) under {}",
                            list()
                        ),
                    };
                    let earlier = if legal_at_first {
                        format!(
                            "; on {}, under the {}, the sale was legal",
                            segment.first,
                            RegionList::in_force_on(segment.first).label()
                        )
                    } else {
                        String::new()
                    };
                    reported.push(partner);
                    out.report(
                        &CSP501,
                        format!(
                            "{} {} sells {} to {}, but a partner sells only to customers in its own market: {problem}{earlier}",
                            role_label(location, billing),
                            cx.describe(location.id.as_str(), date),
                            sub_label(sub),
                            tenant_in_country(cx, tenant),
                        ),
                        vec![sub.id.clone(), location.id.clone(), tenant.id.clone()],
                    );
                    break;
                }
            }
        }
    }
}

fn csp502(cx: &Context<'_>, out: &mut Sink) {
    const WHAT: &str = "no country recorded";
    let as_of = cx.as_of;
    let as_of_list = RegionList::in_force_on(as_of);
    for (r, rel) in cx.ws.relationships.iter().enumerate() {
        if rel.kind != RelationshipKind::Partnership {
            continue;
        }
        let (Some(provider), Some(reseller)) = (cx.rel_from_location(r), cx.rel_to_location(r))
        else {
            continue;
        };
        let (provider, reseller) = (&cx.ws.locations[provider], &cx.ws.locations[reseller]);
        let (Some(pc), Some(rc)) = (provider.country, reseller.country) else {
            for location in [provider, reseller] {
                if location.country.is_none() {
                    out.not_judged(&CSP502, &location.id, WHAT);
                }
            }
            continue;
        };
        let last = match rel.end {
            Some(end) => end.pred_opt().unwrap_or(end),
            None => as_of,
        };
        let (dates, count) = match rel.start {
            Some(start) => judged_dates(start, last.max(start)),
            None => ([last, last], 1),
        };
        for &date in &dates[..count] {
            match markets(cx, pc, rc, date) {
                Markets::Same => continue,
                Markets::NoMarket if RegionList::in_force_on(date) == as_of_list => continue,
                Markets::NoMarket | Markets::Differ(_) => {}
            }
            out.report(
                &CSP502,
                format!(
                    "Indirect provider {} partners with indirect reseller {} under the {} in force on {date}; a partnership joins locations of the same market",
                    cx.describe(provider.id.as_str(), date),
                    cx.describe(reseller.id.as_str(), date),
                    RegionList::in_force_on(date).label()
                ),
                vec![rel.id.clone(), reseller.id.clone(), provider.id.clone()],
            );
            break;
        }
    }
}

/// Why a country is not in the list in force on `date`, if it is not.
fn country_problem(cx: &Context<'_>, country: Country, date: NaiveDate) -> Option<String> {
    let list = RegionList::in_force_on(date);
    if cx.region_row(country, list).is_some() {
        return None;
    }
    let other = match list {
        RegionList::Y2021 => RegionList::Y2023,
        RegionList::Y2023 => RegionList::Y2021,
    };
    let name = cx
        .regions
        .country_name(country)
        .map_or_else(|| country.to_string(), |n| format!("{country} ({n})"));
    Some(match cx.region_row(country, other) {
        None => format!("{country}, which is in no region list"),
        Some(row) if other == RegionList::Y2021 => format!(
            "{name}, which the {} in force on {date} removed (the {} had it in the {} market)",
            list.label(),
            other.label(),
            row.region
        ),
        Some(row) => format!(
            "{name}, which the {} in force on {date} does not have yet (the {} adds it to the {} market)",
            list.label(),
            other.label(),
            row.region
        ),
    })
}

fn csp503(cx: &Context<'_>, out: &mut Sink) {
    const WHAT: &str = "no country recorded";
    let as_of = cx.as_of;
    for location in &cx.ws.locations {
        match location.country {
            None => out.not_judged(&CSP503, &location.id, WHAT),
            Some(country) => {
                if let Some(problem) = country_problem(cx, country, as_of) {
                    out.report(
                        &CSP503,
                        format!(
                            "Location '{}' is in {problem}; it belongs to no CSP market",
                            cx.name(location.id.as_str())
                        ),
                        vec![location.id.clone()],
                    );
                }
            }
        }
    }
    for tenant in &cx.ws.tenants {
        match tenant.country {
            None => out.not_judged(&CSP503, &tenant.id, WHAT),
            Some(country) => {
                if let Some(problem) = country_problem(cx, country, as_of) {
                    out.report(
                        &CSP503,
                        format!(
                            "Tenant '{}' ({}) is in {problem}; it belongs to no CSP market",
                            cx.name(tenant.id.as_str()),
                            tenant.kind.label()
                        ),
                        vec![tenant.id.clone()],
                    );
                }
            }
        }
    }
    for org in &cx.ws.organizations {
        if org.kind == crate::model::OrganizationKind::Microsoft {
            continue;
        }
        if let Some(problem) = org.country.and_then(|c| country_problem(cx, c, as_of)) {
            out.report(
                &CSP503,
                format!("Organization '{}' is registered in {problem}", org.name),
                vec![org.id.clone()],
            );
        }
    }
}

fn csp504(cx: &Context<'_>, out: &mut Sink) {
    for org in &cx.ws.organizations {
        if org.kind == crate::model::OrganizationKind::Microsoft {
            continue;
        }
        let Some(country) = org.country else {
            out.not_judged(&CSP504, &org.id, "no country recorded");
            continue;
        };
        if !REGISTRATION_ID_COUNTRIES.contains(&country.as_str()) {
            continue;
        }
        match &org.registration_id {
            Fact::Stated(value) if !value.trim().is_empty() => {}
            Fact::Unknown => out.not_judged(&CSP504, &org.id, "no registration ID recorded"),
            Fact::Stated(_) | Fact::Absent => {
                let country_name = cx.regions.country_name(country).unwrap_or("its country");
                out.report(
                    &CSP504,
                    format!(
                        "Organization '{}' ({country}, {country_name}) has no registration ID; organizations in {country_name} must give their company registration ID",
                        org.name
                    ),
                    vec![org.id.clone()],
                );
            }
        }
    }
}

#[cfg(test)]
mod tests;
