//! Tests of the region rules (CSP5xx), including the boundaries rules.md asks for.

use crate::model::{Fact, Role, TenantKind, Workspace};
use crate::rules::test_support::*;
use crate::rules::{Diagnostic, Severity, check};

fn found(ws: &Workspace, code: &str) -> Vec<Diagnostic> {
    check(ws).into_iter().filter(|d| d.code == code).collect()
}

fn mine(ws: &Workspace) -> Vec<Diagnostic> {
    check(ws)
        .into_iter()
        .filter(|d| d.code.starts_with("CSP5"))
        .collect()
}

/// `base()` plus an Australian direct bill partner and a customer whose tenant is in Guam; the
/// subscription `s-guam` starts on `start` and ends on `end` (if any).
fn guam(start: &str, end: Option<&str>, as_of: &str) -> Workspace {
    let mut ws = base();
    ws.as_of = date(as_of);
    ws.organizations
        .push(org("aus", "Southern Cross Cloud Pty", "AU"));
    ws.locations.push(location(
        "aus-loc",
        "aus",
        "AU",
        "aus-t",
        "2000001",
        &[Role::DirectBill],
    ));
    ws.tenants
        .push(tenant("aus-t", "aus", TenantKind::CspPartner, "AU"));
    ws.organizations.push(org("guam", "Island Traders", "GU"));
    ws.tenants
        .push(tenant("guam-t", "guam", TenantKind::Customer, "GU"));
    let mut s = sub("s-guam", "guam-t", "aus-loc", "", start);
    s.end = end.map(date);
    ws.subscriptions.push(s);
    ws
}

#[test]
fn the_base_network_passes_every_region_rule() {
    assert_eq!(mine(&base()), Vec::<Diagnostic>::new());
}

#[test]
fn a_customer_with_offices_in_brazil_and_a_us_tenant_is_in_the_us_market() {
    let mut ws = base();
    ws.organizations[4].country = Some(country("BR"));
    ws.organizations[4].registration_id = Fact::Stated("12.345.678/0001-90".into());
    assert_eq!(mine(&ws), Vec::<Diagnostic>::new());
    // A Brazilian direct bill partner may not sell to it.
    ws.organizations[1].country = Some(country("BR"));
    ws.organizations[1].registration_id = Fact::Stated("98.765.432/0001-10".into());
    ws.locations[0].country = Some(country("BR"));
    let d = found(&ws, "CSP501");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![id("s-direct"), id("dbp-loc"), id("cust-t")]
    );
    assert_eq!(
        d[0].message,
        "Direct bill partner 'Direct Co' (BR, Brazil market) sells subscription 's-direct' \
         (Microsoft 365 E3) to 'Customer Co' (tenant 'cust-t', US), but a partner sells only to \
         customers in its own market: the tenant is in another market (United States) under the \
         2021 region list in force on 2020-04-01"
    );
}

#[test]
fn guam_sold_by_an_australian_partner_is_legal_under_the_2021_list() {
    let ws = guam("2021-01-01", Some("2022-01-01"), "2024-06-01");
    assert!(found(&ws, "CSP501").is_empty());
    // A term ending on the switch date does not run under the 2023 list.
    let ws = guam("2022-08-17", Some("2023-08-17"), "2024-06-01");
    assert!(found(&ws, "CSP501").is_empty());
}

#[test]
fn guam_sold_by_an_australian_partner_is_illegal_under_the_2023_list() {
    let ws = guam("2023-09-01", None, "2024-06-01");
    let d = found(&ws, "CSP501");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![id("s-guam"), id("aus-loc"), id("guam-t")]
    );
    assert!(
        d[0].message
            .contains("2023 region list in force on 2023-09-01")
    );
}

#[test]
fn a_term_spanning_the_switch_must_be_legal_under_both_lists() {
    let ws = guam("2023-01-01", Some("2024-01-01"), "2024-06-01");
    let d = found(&ws, "CSP501");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].message
            .contains("the 2023 region list, in force from 2023-08-17 during the term"),
        "{}",
        d[0].message
    );
    assert!(
        d[0].message
            .ends_with("; on 2023-01-01, under the 2021 region list, the sale was legal"),
        "{}",
        d[0].message
    );
    // With no end recorded the term runs to the as-of date.
    let ws = guam("2023-01-01", None, "2024-06-01");
    assert_eq!(found(&ws, "CSP501").len(), 1);
    let ws = guam("2023-01-01", None, "2023-08-16");
    assert!(found(&ws, "CSP501").is_empty());
}

#[test]
fn a_partner_with_two_locations_in_two_markets_sells_from_the_right_one() {
    let mut ws = base();
    ws.organizations.push(org("fab", "Fabrikam", "JP"));
    let mut tokyo = location(
        "fab-jp",
        "fab",
        "JP",
        "fab-jp-t",
        "3000001",
        &[Role::DirectBill],
    );
    tokyo.name = "Tokyo".into();
    ws.locations.push(tokyo);
    ws.locations.push(location(
        "fab-de",
        "fab",
        "DE",
        "fab-de-t",
        "3000002",
        &[Role::DirectBill],
    ));
    ws.tenants
        .push(tenant("fab-jp-t", "fab", TenantKind::CspPartner, "JP"));
    ws.tenants
        .push(tenant("fab-de-t", "fab", TenantKind::CspPartner, "DE"));
    ws.organizations.push(org("tail", "Tailspin GmbH", "DE"));
    ws.tenants
        .push(tenant("tail-t", "tail", TenantKind::Customer, "DE"));
    ws.subscriptions
        .push(sub("s-de", "tail-t", "fab-de", "", "2022-01-01"));
    assert!(found(&ws, "CSP501").is_empty());
    ws.subscriptions
        .push(sub("s-jp", "tail-t", "fab-jp", "", "2022-01-01"));
    let d = found(&ws, "CSP501");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("s-jp"), id("fab-jp"), id("tail-t")]);
    assert!(
        d[0].message.starts_with(
            "Direct bill partner 'Fabrikam (Tokyo)' (JP, Japan market) sells subscription 's-jp' (Microsoft 365 E3) to 'Tailspin GmbH' (tenant 'tail-t', DE)"
        ),
        "{}",
        d[0].message
    );
}

#[test]
fn a_reseller_of_record_in_another_market_is_reported_by_name() {
    let mut ws = base();
    ws.locations[2].country = Some(country("CA"));
    let d = found(&ws, "CSP501");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![id("s-indirect"), id("res-loc"), id("cust-t")]
    );
    assert!(
        d[0].message
            .starts_with("Reseller of record 'Reseller Co' (CA, Canada market)")
    );
}

#[test]
fn a_partner_of_record_change_is_judged_from_its_date() {
    let mut ws = base();
    ws.organizations.push(org("can", "Maple Cloud", "CA"));
    ws.locations.push(location(
        "can-loc",
        "can",
        "CA",
        "can-t",
        "4000001",
        &[Role::DirectBill],
    ));
    ws.subscriptions[0].offer_kind = crate::model::OfferKind::AzurePlan;
    ws.subscriptions[0]
        .partner_of_record_changes
        .push(crate::model::PartnerOfRecordChange {
            date: date("2022-01-01"),
            billed_by: id("can-loc"),
            reseller_of_record: Fact::Absent,
        });
    let d = found(&ws, "CSP501");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![id("s-direct"), id("can-loc"), id("cust-t")]
    );
}

#[test]
fn a_tenant_without_country_is_counted_not_judged() {
    let mut ws = base();
    ws.tenants[3].country = None;
    let d = found(&ws, "CSP501");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Info);
    assert_eq!(d[0].entities, vec![id("cust-t")]);
    assert_eq!(
        d[0].message,
        "CSP501: 1 tenant has no country recorded; not judged"
    );
    let d = found(&ws, "CSP503");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Info);
}

#[test]
fn entities_of_several_kinds_missing_one_fact_are_counted_by_kind() {
    let mut ws = base();
    ws.tenants[3].country = None;
    ws.locations[0].country = None;
    ws.locations[1].country = None;
    let d = found(&ws, "CSP503");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].message,
        "CSP503: 2 locations and 1 tenant have no country recorded; not judged"
    );
    assert_eq!(
        d[0].entities,
        vec![id("cust-t"), id("dbp-loc"), id("prov-loc")]
    );
}

/// `base()` with the reseller in `reseller_country` partnering with a provider in `provider_country`.
fn partnership(provider_country: &str, reseller_country: &str) -> Workspace {
    let mut ws = base();
    ws.locations[1].country = Some(country(provider_country));
    ws.locations[2].country = Some(country(reseller_country));
    ws
}

#[test]
fn a_french_reseller_may_partner_with_a_german_provider() {
    assert!(found(&partnership("DE", "FR"), "CSP502").is_empty());
}

#[test]
fn a_us_reseller_may_not_partner_with_a_uk_provider() {
    let d = found(&partnership("GB", "US"), "CSP502");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![id("partnership"), id("res-loc"), id("prov-loc")]
    );
    assert!(
        d[0].message.starts_with(
            "Indirect provider 'Provider Co' (GB, Europe market) partners with indirect reseller 'Reseller Co' (US, United States market)"
        ),
        "{}",
        d[0].message
    );
}

#[test]
fn a_partnership_across_the_guam_move_is_judged_under_both_lists() {
    let mut ws = partnership("AU", "GU");
    ws.relationships[2].end = Some(date("2023-08-17"));
    assert!(found(&ws, "CSP502").is_empty());
    ws.relationships[2].end = None;
    assert_eq!(found(&ws, "CSP502").len(), 1);
}

#[test]
fn countries_removed_unknown_or_not_yet_listed_are_csp503() {
    let mut ws = base();
    ws.locations[2].country = Some(country("RU"));
    let d = found(&ws, "CSP503");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("res-loc")]);
    assert!(d[0].message.contains("RU (Russia)"), "{}", d[0].message);
    assert!(d[0].message.contains("removed"), "{}", d[0].message);

    let mut ws = base();
    ws.tenants[3].country = Some(country("ZZ"));
    let d = found(&ws, "CSP503");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].message.contains("in no region list"),
        "{}",
        d[0].message
    );

    let mut ws = base();
    ws.as_of = date("2022-06-01");
    ws.tenants[3].country = Some(country("CN"));
    let d = found(&ws, "CSP503");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].message.contains("does not have yet"),
        "{}",
        d[0].message
    );
}

#[test]
fn a_country_outside_an_earlier_list_the_term_needed_is_csp501() {
    // China joined in the 2023 list: a Chinese tenant bought in 2022, judged in 2024.
    let mut ws = base();
    ws.tenants[3].country = Some(country("CN"));
    ws.locations[0].country = Some(country("CN"));
    let d = found(&ws, "CSP501");
    assert!(
        d.iter().any(
            |d| d.entities == vec![id("s-direct"), id("dbp-loc"), id("cust-t")]
                && d.message
                    .contains("the tenant's country CN is in no market of the 2021 region list")
        ),
        "{d:#?}"
    );
}

#[test]
fn a_registration_id_is_required_in_listed_countries() {
    let mut ws = base();
    ws.organizations[3].country = Some(country("PL"));
    ws.organizations[3].registration_id = Fact::Absent;
    let d = found(&ws, "CSP504");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("res")]);
    assert!(d[0].message.contains("(PL, Poland)"), "{}", d[0].message);
    ws.organizations[3].registration_id = Fact::Stated("PL5260001246".into());
    assert!(found(&ws, "CSP504").is_empty());
    ws.organizations[3].registration_id = Fact::Unknown;
    let d = found(&ws, "CSP504");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Info);
    // Germany does not require one.
    ws.organizations[3].country = Some(country("DE"));
    ws.organizations[3].registration_id = Fact::Absent;
    assert!(found(&ws, "CSP504").is_empty());
}

#[test]
fn every_region_rule_has_a_three_part_explanation() {
    for rule in super::FAMILY.rules {
        for part in ["## What it checks", "## Why", "## Example"] {
            assert!(
                rule.explanation.contains(part),
                "{} lacks {part}",
                rule.code
            );
        }
    }
}
