//! Tests of the multi-partner rules (CSP6xx).

use crate::model::{
    AdminKind, Fact, OfferKind, PartnerOfRecordChange, Purpose, Relationship, RelationshipKind,
    Role, TenantKind, Workspace,
};
use crate::rules::test_support::*;
use crate::rules::{Diagnostic, Severity, check};

fn found(ws: &Workspace, code: &str) -> Vec<Diagnostic> {
    check(ws).into_iter().filter(|d| d.code == code).collect()
}

fn apply(ws: &mut Workspace, diagnostic: &Diagnostic, fix: usize) {
    diagnostic.fixes[fix]
        .edit
        .clone()
        .apply(ws)
        .expect("the fix applies");
}

fn admin(id_: &str, access: AdminKind, from: &str, to: &str, start: &str) -> Relationship {
    rel(
        id_,
        RelationshipKind::Admin {
            access,
            roles: vec!["Helpdesk Administrator".into()],
            auto_extend: false,
        },
        from,
        to,
        start,
    )
}

fn index_of(ws: &Workspace, rel_id: &str) -> usize {
    ws.relationships
        .iter()
        .position(|r| r.id == id(rel_id))
        .expect("relationship")
}

#[test]
fn the_base_network_has_only_the_multi_partner_info() {
    let ws = base();
    let d: Vec<_> = check(&ws)
        .into_iter()
        .filter(|d| d.code.starts_with("CSP6"))
        .collect();
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].code, "CSP601");
    assert_eq!(d[0].severity, Severity::Info);
    assert_eq!(
        d[0].entities,
        vec![id("cust-t"), id("dbp-loc"), id("res-loc")]
    );
    assert!(
        d[0].message
            .starts_with("2 partners, 'Direct Co' and 'Reseller Co', sell to tenant 'cust-t' of 'Customer Co' (multi-partner): supported"),
        "{}",
        d[0].message
    );
}

#[test]
fn one_partner_is_no_multi_partner() {
    let mut ws = base();
    ws.subscriptions.remove(0);
    assert!(found(&ws, "CSP601").is_empty());
    // An ended subscription does not count.
    let mut ws = base();
    ws.subscriptions[0].end = Some(date("2021-04-01"));
    assert!(found(&ws, "CSP601").is_empty());
}

#[test]
fn two_partners_administering_is_multichannel() {
    let mut ws = base();
    ws.relationships.push(admin(
        "g-res",
        AdminKind::Gdap,
        "res-loc",
        "cust-t",
        "2024-01-01",
    ));
    assert!(found(&ws, "CSP602").is_empty());
    ws.relationships.push(admin(
        "g-dbp",
        AdminKind::Gdap,
        "dbp-loc",
        "cust-t",
        "2024-02-01",
    ));
    let d = found(&ws, "CSP602");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Info);
    assert_eq!(
        d[0].entities,
        vec![id("cust-t"), id("dbp-loc"), id("res-loc")]
    );
}

#[test]
fn a_provider_without_its_own_reseller_relationship_is_csp603() {
    let mut ws = base();
    ws.relationships.retain(|r| r.id != id("rr-prov"));
    let d = found(&ws, "CSP603");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![id("s-indirect"), id("prov-loc"), id("cust-t")]
    );
    assert!(
        d[0].message.contains("reseller-led sale"),
        "{}",
        d[0].message
    );
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP603").is_empty());
}

#[test]
fn a_reseller_relationship_starting_after_the_order_is_csp603() {
    let mut ws = base();
    let at = index_of(&ws, "rr-res");
    ws.relationships[at].start = Some(date("2020-05-01"));
    let d = found(&ws, "CSP603");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![id("s-indirect"), id("res-loc"), id("cust-t")]
    );
    assert!(d[0].message.contains("'rr-res' runs from 2020-05-01"));
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP603").is_empty());
    assert_eq!(ws.relationships[at].start, Some(date("2020-04-01")));
}

#[test]
fn a_relationship_ending_the_day_of_the_order_is_not_in_force() {
    let mut ws = base();
    let at = index_of(&ws, "rr-dbp");
    ws.relationships[at].end = Some(date("2020-04-01"));
    let d = found(&ws, "CSP603");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities[..2], [id("s-direct"), id("dbp-loc")]);
}

#[test]
fn the_shared_services_route_needs_no_reseller_relationship() {
    let mut ws = base();
    ws.tenants
        .push(tenant("dbp-ss", "dbp", TenantKind::SharedServices, "US"));
    let mut s = sub("s-ss", "dbp-ss", "dbp-loc", "", "2021-01-01");
    s.offer_kind = OfferKind::SharedServicesAzure;
    s.purpose = Purpose::OwnUse;
    ws.subscriptions.push(s);
    assert!(found(&ws, "CSP603").is_empty());
}

#[test]
fn a_dap_without_a_reseller_relationship_is_csp603() {
    let mut ws = base();
    ws.organizations.push(org("sup", "Support Co", "US"));
    ws.locations.push(location(
        "sup-loc",
        "sup",
        "US",
        "sup-t",
        "1000009",
        &[Role::IndirectReseller],
    ));
    ws.relationships.push(admin(
        "dap-sup",
        AdminKind::Dap,
        "sup-loc",
        "cust-t",
        "2021-01-01",
    ));
    let d = found(&ws, "CSP603");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![id("dap-sup"), id("sup-loc"), id("cust-t")]
    );
    // A GDAP stands on its own.
    let at = index_of(&ws, "dap-sup");
    ws.relationships[at] = admin(
        "dap-sup",
        AdminKind::Gdap,
        "sup-loc",
        "cust-t",
        "2021-01-01",
    );
    ws.relationships[at].end = Some(date("2023-01-01"));
    assert!(found(&ws, "CSP603").is_empty());
}

#[test]
fn a_dap_granted_from_2023_10_09_is_csp604() {
    let mut ws = base();
    ws.relationships.push(admin(
        "dap",
        AdminKind::Dap,
        "res-loc",
        "cust-t",
        "2023-10-08",
    ));
    assert!(found(&ws, "CSP604").is_empty());
    let at = index_of(&ws, "dap");
    ws.relationships[at].start = Some(date("2023-10-09"));
    let d = found(&ws, "CSP604");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("dap"), id("res-loc"), id("cust-t")]);
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP604").is_empty());
    assert_eq!(ws.relationships[at].end, Some(date("2025-10-09")));
}

#[test]
fn a_gdap_of_at_most_two_years_passes_and_a_longer_one_is_csp604() {
    let mut ws = base();
    let mut g = admin("g", AdminKind::Gdap, "res-loc", "cust-t", "2024-01-01");
    g.end = Some(date("2026-01-01"));
    ws.relationships.push(g);
    assert!(found(&ws, "CSP604").is_empty());
    let at = index_of(&ws, "g");
    ws.relationships[at].end = Some(date("2026-01-02"));
    let d = found(&ws, "CSP604");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("g"), id("res-loc"), id("cust-t")]);
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP604").is_empty());
}

#[test]
fn a_gdap_used_after_its_end_is_csp604_unless_it_could_auto_extend() {
    let mut ws = base();
    ws.relationships.push(admin(
        "g",
        AdminKind::Gdap,
        "res-loc",
        "cust-t",
        "2021-01-01",
    ));
    let d = found(&ws, "CSP604");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].message.contains("used after its end"),
        "{}",
        d[0].message
    );
    // Auto-extension did not exist when its two years ended (2023-01-01).
    let at = index_of(&ws, "g");
    ws.relationships[at].kind = RelationshipKind::Admin {
        access: AdminKind::Gdap,
        roles: Vec::new(),
        auto_extend: true,
    };
    let d = found(&ws, "CSP604");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(d[0].message.contains("2023-10-30"), "{}", d[0].message);
    // Two years ending after 2023-10-30 may auto-extend.
    ws.relationships[at].start = Some(date("2022-01-01"));
    assert!(found(&ws, "CSP604").is_empty());
}

fn with_change(offer_kind: OfferKind, end: Option<&str>, change: &str) -> Workspace {
    let mut ws = base();
    ws.organizations.push(org("res2", "Other Reseller", "US"));
    ws.locations.push(location(
        "res2-loc",
        "res2",
        "US",
        "res2-t",
        "1000005",
        &[Role::IndirectReseller],
    ));
    ws.tenants
        .push(tenant("res2-t", "res2", TenantKind::CspPartner, "US"));
    ws.relationships.push(rel(
        "rr-res2",
        RelationshipKind::Reseller,
        "res2-loc",
        "cust-t",
        "2020-03-01",
    ));
    let s = &mut ws.subscriptions[1];
    s.offer_kind = offer_kind;
    s.end = end.map(date);
    s.partner_of_record_changes.push(PartnerOfRecordChange {
        date: date(change),
        billed_by: id("prov-loc"),
        reseller_of_record: Fact::Stated(id("res2-loc")),
    });
    ws
}

#[test]
fn a_licence_changing_partner_mid_term_is_csp605() {
    let mut ws = with_change(OfferKind::LicenceBased, Some("2021-04-01"), "2020-10-01");
    let d = found(&ws, "CSP605");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![
            id("s-indirect"),
            id("res2-loc"),
            id("prov-loc"),
            id("res-loc")
        ]
    );
    assert!(
        d[0].message
            .contains("from 'Reseller Co' (reseller of record")
    );
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP605").is_empty());
}

#[test]
fn a_change_at_the_terms_end_or_of_an_azure_plan_passes() {
    let ws = with_change(OfferKind::LicenceBased, Some("2021-04-01"), "2021-04-01");
    assert!(found(&ws, "CSP605").is_empty());
    let ws = with_change(OfferKind::AzurePlan, Some("2021-04-01"), "2020-10-01");
    assert!(found(&ws, "CSP605").is_empty());
}

#[test]
fn a_change_with_no_term_end_is_not_judged() {
    let ws = with_change(OfferKind::LicenceBased, None, "2020-10-01");
    let d = found(&ws, "CSP605");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Info);
    assert_eq!(d[0].entities, vec![id("s-indirect")]);
}

#[test]
fn every_multi_partner_rule_has_a_three_part_explanation() {
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
