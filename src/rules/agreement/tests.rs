//! Tests of the agreements and onboarding family (CSP2xx), on variations of the legal base network.

use crate::model::{
    EnrolmentStatus, Fact, Id, OfferKind, Purpose, RelationshipKind, Role, TenantKind, Workspace,
};
use crate::rules::test_support::*;
use crate::rules::{Severity, check};

/// Every error and warning of this family, as (code, entities).
fn family(ws: &Workspace) -> Vec<(&'static str, Vec<Id>)> {
    check(ws)
        .into_iter()
        .filter(|d| d.code.starts_with("CSP2") && d.severity != Severity::Info)
        .map(|d| (d.code, d.entities))
        .collect()
}

#[test]
fn the_base_network_has_no_agreement_findings() {
    assert_eq!(family(&base()), vec![]);
}

#[test]
fn csp201_a_reseller_that_never_signed_transacts_and_csp202_takes_its_subscription() {
    let mut ws = base();
    location_mut(&mut ws, "res-loc").mpa_signed = Fact::Absent;
    // The partnership (2019-03-01) predates 2020-02-01: not a new act, so no CSP203.
    assert_eq!(
        family(&ws),
        vec![
            ("CSP201", ids(&["res-loc", "rr-res"])),
            ("CSP202", ids(&["s-indirect", "res-loc", "prov-loc"])),
        ]
    );
    let found = found(&ws, "CSP201");
    assert!(
        found[0]
            .message
            .contains("but its organization has not signed the Microsoft Partner Agreement"),
        "{}",
        found[0].message
    );
}

#[test]
fn csp201_lists_every_act_of_a_billing_provider_before_its_signature() {
    let mut ws = base();
    location_mut(&mut ws, "prov-loc").mpa_signed = Fact::Stated(date("2020-03-15"));
    // rr-prov (2020-03-01) came before the signature; s-indirect (2020-04-01) after it.
    assert_eq!(family(&ws), vec![("CSP201", ids(&["prov-loc", "rr-prov"]))]);
    let found = found(&ws, "CSP201");
    assert!(
        found[0].message.contains(
            "before its organization signed the Microsoft Partner Agreement on 2020-03-15"
        ),
        "{}",
        found[0].message
    );
}

#[test]
fn csp202_the_2020_02_01_boundary() {
    let mut ws = base();
    location_mut(&mut ws, "res-loc").mpa_signed = Fact::Absent;
    // Only the subscription is a new act of the reseller here.
    rel_mut(&mut ws, "rr-res").start = Some(date("2019-06-01"));
    sub_mut(&mut ws, "s-indirect").start = Some(date("2020-01-31"));
    assert_eq!(family(&ws), vec![]);
    sub_mut(&mut ws, "s-indirect").start = Some(date("2020-02-01"));
    assert_eq!(
        family(&ws),
        vec![("CSP202", ids(&["s-indirect", "res-loc", "prov-loc"]))]
    );
}

#[test]
fn csp203_a_partnership_authorized_before_the_resellers_signature() {
    let mut ws = base();
    rel_mut(&mut ws, "partnership").start = Some(date("2020-03-01"));
    rel_mut(&mut ws, "rr-res").start = Some(date("2020-07-01"));
    sub_mut(&mut ws, "s-indirect").start = Some(date("2020-07-01"));
    location_mut(&mut ws, "res-loc").mpa_signed = Fact::Stated(date("2020-06-01"));
    assert_eq!(
        family(&ws),
        vec![("CSP203", ids(&["partnership", "res-loc", "prov-loc"]))]
    );
    location_mut(&mut ws, "res-loc").mpa_signed = Fact::Stated(date("2020-03-01"));
    assert_eq!(family(&ws), vec![]);
}

/// The reseller's organization gets a second location in Japan, selling to a Japanese customer.
fn with_japanese_location(ws: &mut Workspace) {
    let mut jp = location(
        "res-jp",
        "res",
        "JP",
        "res-jp-t",
        "1000005",
        &[Role::IndirectReseller],
    );
    jp.mpa_signed = Fact::Absent;
    ws.locations.push(jp);
    ws.tenants
        .push(tenant("res-jp-t", "res", TenantKind::CspPartner, "JP"));
    let mut customer = org("cust-jp", "Customer KK", "JP");
    customer.mca_accepted = Fact::Stated(date("2019-06-01"));
    ws.organizations.push(customer);
    ws.tenants
        .push(tenant("cust-jp-t", "cust-jp", TenantKind::Customer, "JP"));
    ws.relationships.push(rel(
        "rr-jp",
        RelationshipKind::Reseller,
        "res-jp",
        "cust-jp-t",
        "2021-01-01",
    ));
}

#[test]
fn csp207_two_locations_in_two_markets_with_an_mpa_in_one_only() {
    let mut ws = base();
    with_japanese_location(&mut ws);
    assert_eq!(family(&ws), vec![("CSP207", ids(&["res-jp", "rr-jp"]))]);
    let found = found(&ws, "CSP207");
    assert!(
        found[0].message.contains("Japan market"),
        "{}",
        found[0].message
    );
    assert!(
        found[0].message.contains("United States market"),
        "{}",
        found[0].message
    );
    // Signing through the Japanese location covers it.
    location_mut(&mut ws, "res-jp").mpa_signed = Fact::Stated(date("2020-12-01"));
    assert_eq!(family(&ws), vec![]);
}

#[test]
fn csp202_not_csp207_for_a_reseller_of_record_signed_only_in_another_market() {
    let mut ws = base();
    with_japanese_location(&mut ws);
    rel_mut(&mut ws, "rr-jp").start = Some(date("2019-06-01"));
    ws.subscriptions
        .push(sub("s-jp", "cust-jp-t", "prov-loc", "res-jp", "2021-02-01"));
    let mine: Vec<_> = family(&ws)
        .into_iter()
        .filter(|(c, _)| c.starts_with("CSP20"))
        .collect();
    assert_eq!(mine, vec![("CSP202", ids(&["s-jp", "res-jp", "prov-loc"]))]);
}

#[test]
fn unknown_signatures_give_one_info_per_rule_with_a_count() {
    let mut ws = base();
    for location in &mut ws.locations {
        location.mpa_signed = Fact::Unknown;
    }
    assert_eq!(family(&ws), vec![]);
    let info = infos(&ws, "CSP201");
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].entities, ids(&["dbp-loc", "prov-loc", "res-loc"]));
    assert_eq!(
        info[0].message,
        "CSP201: 3 locations have no MPA signature date recorded; not judged"
    );
    let info = infos(&ws, "CSP202");
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].entities, ids(&["res-loc"]));
}

#[test]
fn each_kind_of_unknown_fact_gets_its_own_info() {
    let mut ws = base();
    location_mut(&mut ws, "dbp-loc").mpa_signed = Fact::Unknown;
    // An act without a date: the direct bill partner's resale, billed from an unknown date.
    sub_mut(&mut ws, "s-direct").start = None;
    let info = infos(&ws, "CSP201");
    let messages: Vec<&str> = info.iter().map(|d| d.message.as_str()).collect();
    assert_eq!(
        messages,
        vec![
            "CSP201: 1 location has no MPA signature date recorded; not judged",
            "CSP201: 1 subscription has no start date recorded; not judged",
        ],
        "{info:#?}"
    );
    assert_eq!(info[0].entities, ids(&["dbp-loc"]));
    assert_eq!(info[1].entities, ids(&["s-direct"]));
}

#[test]
fn csp204_a_reseller_enrolled_after_the_partnership_was_authorized() {
    let mut ws = base();
    let res = location_mut(&mut ws, "res-loc");
    res.enrolments[0].enrolled = Some(date("2019-06-01"));
    res.mpa_signed = Fact::Stated(date("2019-06-01"));
    assert_eq!(
        family(&ws),
        vec![("CSP204", ids(&["partnership", "res-loc", "prov-loc"]))]
    );
    let found = found(&ws, "CSP204");
    assert!(
        found[0]
            .message
            .contains("enrolled as an indirect reseller only on 2019-06-01"),
        "{}",
        found[0].message
    );
}

#[test]
fn csp204_a_reseller_of_record_that_never_onboarded() {
    let mut ws = base();
    location_mut(&mut ws, "res-loc").onboarded = Fact::Absent;
    let mut found: Vec<Vec<Id>> = found(&ws, "CSP204")
        .into_iter()
        .map(|d| d.entities)
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ids(&["partnership", "res-loc", "prov-loc"]),
            ids(&["s-indirect", "res-loc", "prov-loc"])
        ]
    );
    location_mut(&mut ws, "res-loc").onboarded = Fact::Unknown;
    assert_eq!(self::found(&ws, "CSP204"), vec![]);
    assert_eq!(infos(&ws, "CSP204")[0].entities, ids(&["res-loc"]));
}

#[test]
fn csp204_a_deauthorized_reseller_named_on_a_later_subscription() {
    let mut ws = base();
    let enrolment = &mut location_mut(&mut ws, "res-loc").enrolments[0];
    enrolment.status = EnrolmentStatus::Deauthorized;
    enrolment.status_date = Some(date("2020-03-01"));
    let found = found(&ws, "CSP204");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].entities,
        ids(&["s-indirect", "res-loc", "prov-loc"])
    );
}

#[test]
fn csp205_dates_out_of_order_and_in_the_future() {
    let mut ws = base();
    sub_mut(&mut ws, "s-direct").start = Some(date("2025-01-01"));
    rel_mut(&mut ws, "rr-dbp").end = Some(date("2020-01-01"));
    rel_mut(&mut ws, "partnership").requested = Some(date("2019-04-01"));
    location_mut(&mut ws, "prov-loc").onboarded = Fact::Stated(date("2019-02-01"));
    let mut found: Vec<Vec<Id>> = found(&ws, "CSP205")
        .into_iter()
        .map(|d| d.entities)
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ids(&["partnership"]),
            ids(&["prov-loc"]),
            ids(&["rr-dbp"]),
            ids(&["s-direct"])
        ]
    );
    // An end after the as-of date is normal.
    let mut ws = base();
    sub_mut(&mut ws, "s-direct").end = Some(date("2025-04-01"));
    assert_eq!(family(&ws), vec![]);
}

#[test]
fn csp205_an_mpa_signed_before_the_first_enrolment() {
    let mut ws = base();
    location_mut(&mut ws, "dbp-loc").mpa_signed = Fact::Stated(date("2018-12-01"));
    onboarded_on(&mut ws, "dbp-loc", "2018-11-01");
    assert_eq!(family(&ws), vec![("CSP205", ids(&["dbp-loc"]))]);
}

fn onboarded_on(ws: &mut Workspace, location: &str, on: &str) {
    location_mut(ws, location).onboarded = Fact::Stated(date(on));
}

#[test]
fn csp206_subscriptions_before_the_customers_mca() {
    let mut ws = base();
    org_mut(&mut ws, "cust").mca_accepted = Fact::Stated(date("2020-05-01"));
    let mut found: Vec<Vec<Id>> = found(&ws, "CSP206")
        .into_iter()
        .map(|d| d.entities)
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ids(&["s-direct", "cust", "cust-t"]),
            ids(&["s-indirect", "cust", "cust-t"])
        ]
    );
    // Before 2020-02-01, no MCA was needed.
    for sub in &mut ws.subscriptions {
        sub.start = Some(date("2020-01-31"));
    }
    assert_eq!(self::found(&ws, "CSP206"), vec![]);
    // Never accepted, unknown.
    let mut ws = base();
    org_mut(&mut ws, "cust").mca_accepted = Fact::Absent;
    assert_eq!(self::found(&ws, "CSP206").len(), 2);
    org_mut(&mut ws, "cust").mca_accepted = Fact::Unknown;
    assert_eq!(self::found(&ws, "CSP206"), vec![]);
    assert_eq!(infos(&ws, "CSP206")[0].entities, ids(&["cust"]));
}

#[test]
fn csp206_does_not_apply_to_the_shared_services_route() {
    let mut ws = base();
    ws.tenants
        .push(tenant("prov-ss", "prov", TenantKind::SharedServices, "US"));
    let mut own = sub("s-ss", "prov-ss", "prov-loc", "", "2021-01-01");
    own.offer_kind = OfferKind::SharedServicesAzure;
    own.purpose = Purpose::OwnUse;
    ws.subscriptions.push(own);
    org_mut(&mut ws, "prov").mca_accepted = Fact::Absent;
    assert_eq!(found(&ws, "CSP206"), vec![]);
}

#[test]
fn csp208_a_location_and_its_csp_tenant_in_different_countries() {
    let mut ws = base();
    location_mut(&mut ws, "res-loc").country = Some(country("CA"));
    let found = found(&ws, "CSP208");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entities, ids(&["res-loc", "res-t"]));
    location_mut(&mut ws, "res-loc").country = None;
    assert_eq!(self::found(&ws, "CSP208"), vec![]);
    assert_eq!(infos(&ws, "CSP208")[0].entities, ids(&["res-loc"]));
}

#[test]
fn csp209_a_reseller_attesting_the_mca_with_a_fix_naming_its_provider() {
    let mut ws = base();
    org_mut(&mut ws, "cust").mca_attested_by = Some(id("res-loc"));
    let found = found(&ws, "CSP209");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entities, ids(&["cust", "res-loc"]));
    found[0].fixes[0]
        .edit
        .clone()
        .apply(&mut ws)
        .expect("fix applies");
    assert_eq!(
        ws.organizations
            .iter()
            .find(|o| o.id.as_str() == "cust")
            .and_then(|o| o.mca_attested_by.clone()),
        Some(id("prov-loc"))
    );
    assert_eq!(self::found(&ws, "CSP209"), vec![]);
}

#[test]
fn csp210_a_reseller_under_usd_1000_after_its_first_year() {
    let mut ws = base();
    location_mut(&mut ws, "res-loc").revenue_ttm_usd = Some(400);
    assert_eq!(family(&ws), vec![("CSP210", ids(&["res-loc", "res-t"]))]);
    location_mut(&mut ws, "res-loc").revenue_ttm_usd = Some(1_000);
    assert_eq!(family(&ws), vec![]);
    // Before 2024-04-01 there was no threshold.
    location_mut(&mut ws, "res-loc").revenue_ttm_usd = Some(400);
    ws.as_of = date("2024-03-31");
    assert_eq!(family(&ws), vec![]);
    // Within its first 12 months (enrolled 2023-07-01, as of 2024-06-01).
    ws.as_of = date("2024-06-01");
    location_mut(&mut ws, "res-loc").enrolments[0].enrolled = Some(date("2023-07-01"));
    assert!(found(&ws, "CSP210").is_empty());
}

#[test]
fn every_rule_explains_itself_in_three_parts() {
    for rule in super::FAMILY.rules {
        for part in [
            "## What it checks",
            "## Why",
            "## Example",
            "Passes:",
            "Fails:",
        ] {
            assert!(
                rule.explanation.contains(part),
                "{} lacks {part}",
                rule.code
            );
        }
    }
}
