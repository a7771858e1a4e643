//! Tests of the tenant rules (CSP3xx).

use crate::model::{
    EnrolmentStatus, Fact, OfferKind, Purpose, RelationshipKind, Role, TenantKind, Workspace,
};
use crate::rules::test_support::*;
use crate::rules::{Diagnostic, Severity, check};

fn found(ws: &Workspace, code: &str) -> Vec<Diagnostic> {
    check(ws).into_iter().filter(|d| d.code == code).collect()
}

fn mine(ws: &Workspace) -> Vec<Diagnostic> {
    check(ws)
        .into_iter()
        .filter(|d| d.code.starts_with("CSP3") && d.severity != Severity::Info)
        .collect()
}

fn apply(ws: &mut Workspace, diagnostic: &Diagnostic, fix: usize) {
    diagnostic.fixes[fix]
        .edit
        .clone()
        .apply(ws)
        .expect("the fix applies");
}

/// `base()` with Reseller Co buying Microsoft 365 for its own use from Direct Co into `tenant_`.
fn own_use_into(tenant_: &str) -> Workspace {
    let mut ws = base();
    let mut s = sub("s-own", tenant_, "dbp-loc", "", "2021-01-01");
    s.purpose = Purpose::OwnUse;
    ws.subscriptions.push(s);
    ws.relationships.push(rel(
        "rr-dbp-res",
        RelationshipKind::Reseller,
        "dbp-loc",
        tenant_,
        "2020-12-01",
    ));
    ws
}

/// `base()` with Direct Co holding a shared services tenant `dbp-ss` and one shared-services
/// Azure subscription `s-ss` into `tenant_`.
fn shared_services_into(tenant_: &str) -> Workspace {
    let mut ws = base();
    ws.tenants
        .push(tenant("dbp-ss", "dbp", TenantKind::SharedServices, "US"));
    let mut s = sub("s-ss", tenant_, "dbp-loc", "", "2021-01-01");
    s.offer = "Azure - Internal/Shared Services".into();
    s.offer_kind = OfferKind::SharedServicesAzure;
    s.purpose = Purpose::OwnUse;
    ws.subscriptions.push(s);
    ws
}

#[test]
fn the_base_network_passes_every_tenant_rule() {
    assert_eq!(mine(&base()), Vec::<Diagnostic>::new());
}

#[test]
fn own_use_in_a_customer_tenant_the_partner_owns_passes() {
    let mut ws = own_use_into("res-own");
    ws.tenants
        .push(tenant("res-own", "res", TenantKind::Customer, "US"));
    assert_eq!(mine(&ws), Vec::<Diagnostic>::new());
}

#[test]
fn own_use_in_the_csp_tenant_is_csp301_and_csp302_and_the_fix_moves_it() {
    let mut ws = own_use_into("res-t");
    let d301 = found(&ws, "CSP301");
    assert_eq!(d301.len(), 1, "{d301:#?}");
    assert_eq!(d301[0].entities, vec![id("s-own"), id("res-t")]);
    let d302 = found(&ws, "CSP302");
    assert_eq!(d302.len(), 1, "{d302:#?}");
    assert_eq!(d302[0].entities, vec![id("s-own"), id("res-t"), id("res")]);
    assert!(
        d302[0].message.contains("'Reseller Co' bought"),
        "{}",
        d302[0].message
    );
    assert!(d302[0].fixes[0].title.contains("'res-own-use'"));
    apply(&mut ws, &d302[0], 0);
    let created = ws
        .tenants
        .iter()
        .find(|t| t.id == id("res-own-use"))
        .expect("new tenant");
    assert_eq!(created.kind, TenantKind::Customer);
    assert_eq!(created.owner, Some(id("res")));
    assert_eq!(created.country, Some(country("US")));
    assert!(found(&ws, "CSP301").is_empty());
    assert!(found(&ws, "CSP302").is_empty());
}

#[test]
fn the_own_use_tenant_gets_a_fresh_id_when_the_natural_one_is_taken() {
    let mut ws = own_use_into("res-t");
    ws.organizations.push(org("res-own-use", "Squatter", "US"));
    let d302 = found(&ws, "CSP302");
    assert!(
        d302[0].fixes[0].title.contains("'res-own-use-2'"),
        "{}",
        d302[0].fixes[0].title
    );
    apply(&mut ws, &d302[0], 0);
    assert!(found(&ws, "CSP302").is_empty());
}

#[test]
fn a_resale_subscription_in_a_csp_tenant_is_csp301_only() {
    let mut ws = base();
    ws.subscriptions[0].tenant = id("prov-t");
    assert_eq!(found(&ws, "CSP301").len(), 1);
    assert!(found(&ws, "CSP302").is_empty());
}

#[test]
fn own_use_in_a_non_partners_tenant_is_csp302() {
    let ws = own_use_into("cust-t");
    let d = found(&ws, "CSP302");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("s-own"), id("cust-t"), id("cust")]);
    assert!(found(&ws, "CSP301").is_empty());
}

#[test]
fn own_use_bought_straight_from_a_provider_is_a_csp303_warning() {
    let mut ws = own_use_into("res-own");
    ws.tenants
        .push(tenant("res-own", "res", TenantKind::Customer, "US"));
    let own = ws.subscriptions.len() - 1;
    ws.subscriptions[own].billed_by = id("prov-loc");
    let d = found(&ws, "CSP303");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Warning);
    assert_eq!(
        d[0].entities,
        vec![id("s-own"), id("prov-loc"), id("res-own")]
    );
    // Through an indirect reseller it passes (the fix names the provider's reseller, but the
    // buyer itself is the only one here, so no fix is offered).
    assert!(d[0].fixes.is_empty());
    ws.subscriptions[own].reseller_of_record = Fact::Stated(id("res-loc"));
    assert!(found(&ws, "CSP303").is_empty());
    // Unknown reseller: counted, not judged.
    ws.subscriptions[own].reseller_of_record = Fact::Unknown;
    let d = found(&ws, "CSP303");
    assert_eq!(d.len(), 1);
    assert_eq!(d[0].severity, Severity::Info);
    assert_eq!(d[0].entities, vec![id("s-own")]);
}

#[test]
fn the_shared_services_route_is_a_csp303_info_and_passes_csp307() {
    let ws = shared_services_into("dbp-ss");
    let d = found(&ws, "CSP303");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].severity, Severity::Info);
    assert_eq!(d[0].entities, vec![id("s-ss"), id("dbp-ss")]);
    assert!(found(&ws, "CSP307").is_empty());
    assert!(found(&ws, "CSP302").is_empty());
}

#[test]
fn the_shared_services_offer_elsewhere_is_csp307_with_a_move_fix() {
    let mut ws = shared_services_into("cust-t");
    let d = found(&ws, "CSP307");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("s-ss"), id("cust-t"), id("dbp-loc")]);
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP307").is_empty());
    // Another partner's shared services tenant is not its own either.
    let mut ws = shared_services_into("prov-ss");
    ws.tenants
        .push(tenant("prov-ss", "prov", TenantKind::SharedServices, "US"));
    let d = found(&ws, "CSP307");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert!(
        d[0].message.contains("not of 'Direct Co'"),
        "{}",
        d[0].message
    );
}

#[test]
fn a_licence_in_a_shared_services_tenant_is_csp307() {
    let mut ws = shared_services_into("dbp-ss");
    ws.subscriptions[0].tenant = id("dbp-ss");
    let d = found(&ws, "CSP307");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("s-direct"), id("dbp-ss")]);
    assert!(d[0].message.contains("licence-based"), "{}", d[0].message);
}

#[test]
fn a_restricted_direct_bill_partner_buys_no_new_shared_services_offer() {
    let mut ws = shared_services_into("dbp-ss");
    let enrolment = &mut ws.locations[0].enrolments[0];
    assert_eq!(enrolment.role, Role::DirectBill);
    enrolment.status = EnrolmentStatus::Restricted;
    enrolment.status_date = Some(date("2020-12-31"));
    let d = found(&ws, "CSP307");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("s-ss"), id("dbp-loc")]);
    // Bought before the restriction: allowed.
    ws.locations[0].enrolments[0].status_date = Some(date("2021-01-02"));
    assert!(found(&ws, "CSP307").is_empty());
}

#[test]
fn a_provider_selling_into_its_resellers_csp_tenant_is_csp304_with_three_fixes() {
    let mut ws = base();
    ws.relationships.push(rel(
        "rr-prov-res",
        RelationshipKind::Reseller,
        "prov-loc",
        "res-t",
        "2021-01-01",
    ));
    let d = found(&ws, "CSP304");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![
            id("rr-prov-res"),
            id("res-loc"),
            id("prov-loc"),
            id("res-t"),
            id("partnership")
        ]
    );
    assert_eq!(d[0].fixes.len(), 3);
    assert!(d[0].fixes[2].title.contains("another indirect provider"));

    // Option 1: a separate customer tenant takes over the reseller relationship.
    let mut one = ws.clone();
    apply(&mut one, &d[0], 0);
    assert!(found(&one, "CSP304").is_empty());
    let moved = one
        .relationships
        .iter()
        .find(|r| r.id == id("rr-prov-res"))
        .expect("kept");
    assert_eq!(moved.to, id("res-own-use"));
    assert_eq!(mine(&one), Vec::<Diagnostic>::new());

    // Options 2 and 3 end the partnership on the as-of date.
    for option in [1, 2] {
        let mut ended = ws.clone();
        apply(&mut ended, &d[0], option);
        let partnership = ended
            .relationships
            .iter()
            .find(|r| r.id == id("partnership"))
            .expect("kept");
        assert_eq!(partnership.end, Some(ended.as_of));
        assert!(found(&ended, "CSP304").is_empty());
    }
}

#[test]
fn csp304_option_one_moves_subscriptions_out_of_the_csp_tenant() {
    let mut ws = base();
    ws.relationships.push(rel(
        "rr-prov-res",
        RelationshipKind::Reseller,
        "prov-loc",
        "res-t",
        "2021-01-01",
    ));
    let mut s = sub("s-res-own", "res-t", "prov-loc", "res-loc", "2021-02-01");
    s.purpose = Purpose::OwnUse;
    ws.subscriptions.push(s);
    assert_eq!(found(&ws, "CSP301").len(), 1);
    assert_eq!(found(&ws, "CSP302").len(), 1);
    let d = found(&ws, "CSP304");
    assert!(d[0].fixes[0].title.contains("the subscription"));
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP301").is_empty());
    assert!(found(&ws, "CSP302").is_empty());
    assert!(found(&ws, "CSP304").is_empty());
}

#[test]
fn csp304_needs_the_partnership_in_force() {
    let mut ws = base();
    ws.relationships.push(rel(
        "rr-prov-res",
        RelationshipKind::Reseller,
        "prov-loc",
        "res-t",
        "2021-01-01",
    ));
    ws.relationships[2].end = Some(date("2022-01-01"));
    assert!(found(&ws, "CSP304").is_empty());
    // A different provider selling into the reseller's CSP tenant is not scenario 6.
    let mut ws = base();
    ws.relationships.push(rel(
        "rr-dbp-res",
        RelationshipKind::Reseller,
        "dbp-loc",
        "res-t",
        "2021-01-01",
    ));
    assert!(found(&ws, "CSP304").is_empty());
}

#[test]
fn a_tenant_without_owner_is_a_csp305_warning_with_a_fix() {
    let mut ws = base();
    ws.tenants[2].owner = None; // res-t, used by res-loc
    let d = found(&ws, "CSP305");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("res-t")]);
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP305").is_empty());
}

#[test]
fn a_transacting_location_without_csp_tenant_is_csp305() {
    let mut ws = base();
    ws.locations[2].csp_tenant = None;
    ws.tenants.retain(|t| t.id != id("res-t"));
    let d = found(&ws, "CSP305");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("res-loc")]);
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP305").is_empty());
    assert_eq!(ws.locations[2].csp_tenant, Some(id("res-loc-csp")));
}

#[test]
fn a_csp_tenant_owned_by_a_non_partner_is_csp305() {
    let mut ws = base();
    ws.tenants[2].owner = Some(id("cust"));
    let d = found(&ws, "CSP305");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("res-t"), id("cust")]);
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP305").is_empty());
}

#[test]
fn two_locations_on_one_csp_tenant_is_csp306_and_the_fix_splits_them() {
    let mut ws = base();
    let mut second = location(
        "res-loc-2",
        "res",
        "US",
        "res-t",
        "1000004",
        &[Role::IndirectReseller],
    );
    second.name = "West".into();
    ws.locations.push(second);
    let d = found(&ws, "CSP306");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(
        d[0].entities,
        vec![id("res-t"), id("res-loc"), id("res-loc-2")]
    );
    assert!(
        d[0].message.contains("Partner ID 1000004"),
        "{}",
        d[0].message
    );
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP306").is_empty());
}

#[test]
fn a_customer_tenant_used_as_csp_tenant_is_csp306() {
    let mut ws = base();
    ws.tenants[2].kind = TenantKind::Customer;
    let d = found(&ws, "CSP306");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("res-loc"), id("res-t")]);
}

#[test]
fn an_unused_csp_tenant_of_a_partner_is_csp306() {
    let mut ws = base();
    ws.tenants
        .push(tenant("res-t-old", "res", TenantKind::CspPartner, "US"));
    let d = found(&ws, "CSP306");
    assert_eq!(d.len(), 1, "{d:#?}");
    assert_eq!(d[0].entities, vec![id("res-t-old"), id("res")]);
    apply(&mut ws, &d[0], 0);
    assert!(found(&ws, "CSP306").is_empty());
}

#[test]
fn every_tenant_rule_has_a_three_part_explanation() {
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
