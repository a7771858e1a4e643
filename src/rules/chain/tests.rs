//! Tests of the chain and roles family (CSP1xx), on variations of the legal base network.

use crate::model::{
    Enrolment, EnrolmentStatus, Fact, Id, OfferKind, Purpose, RelationshipKind, Role, TenantKind,
    Workspace,
};
use crate::rules::test_support::*;
use crate::rules::{Diagnostic, Severity, check};

/// Every error and warning of this family, as (code, entities).
fn family(ws: &Workspace) -> Vec<(&'static str, Vec<Id>)> {
    check(ws)
        .into_iter()
        .filter(|d| d.code.starts_with("CSP1") && d.severity != Severity::Info)
        .map(|d| (d.code, d.entities))
        .collect()
}

/// A second indirect reseller `res2-loc` (US) of organization `res2`, with its CSP tenant.
fn with_second_reseller(ws: &mut Workspace) {
    ws.organizations.push(org("res2", "Second Reseller", "US"));
    ws.locations.push(location(
        "res2-loc",
        "res2",
        "US",
        "res2-t",
        "1000004",
        &[Role::IndirectReseller],
    ));
    ws.tenants
        .push(tenant("res2-t", "res2", TenantKind::CspPartner, "US"));
}

#[test]
fn the_base_network_has_no_chain_findings_and_two_served_chains() {
    let ws = base();
    assert_eq!(family(&ws), vec![]);
    let mut served: Vec<Vec<Id>> = infos(&ws, "CSP109")
        .into_iter()
        .map(|d| d.entities)
        .collect();
    served.sort();
    assert_eq!(
        served,
        vec![
            ids(&["dbp-loc", "cust-t"]),
            ids(&["res-loc", "prov-loc", "cust-t"])
        ]
    );
}

#[test]
fn csp109_leaves_out_what_csp401_csp402_and_csp501_report() {
    let served = |ws: &Workspace| -> Vec<Vec<Id>> {
        let mut served: Vec<Vec<Id>> = infos(ws, "CSP109")
            .into_iter()
            .map(|d| d.entities)
            .collect();
        served.sort();
        served
    };
    // The provider's own tenant: its sale there is CSP401's, the direct bill partner's stands.
    let mut ws = base();
    ws.tenants[3].owner = Some(id("prov"));
    assert_eq!(served(&ws), vec![ids(&["dbp-loc", "cust-t"])]);
    // A customer outside the market: CSP501 for both sales, nobody serves it end to end.
    let mut ws = base();
    ws.tenants[3].country = Some(country("JP"));
    assert!(!found(&ws, "CSP501").is_empty());
    assert_eq!(served(&ws), Vec::<Vec<Id>>::new());
}

#[test]
fn csp101_a_supply_from_a_provider_is_reported_with_a_fix() {
    let mut ws = base();
    ws.relationships.push(rel(
        "supply-x",
        RelationshipKind::Supply,
        "prov-loc",
        "dbp-loc",
        "2019-02-01",
    ));
    let found = found(&ws, "CSP101");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].entities, ids(&["supply-x", "prov-loc", "dbp-loc"]));
    assert!(
        found[0].message.contains("Provider Co"),
        "{}",
        found[0].message
    );
    let fix = found[0].fixes.first().expect("a fix");
    fix.edit.clone().apply(&mut ws).expect("fix applies");
    assert_eq!(family(&ws), vec![]);
}

#[test]
fn csp102_microsoft_supplies_a_reseller_or_a_tenant() {
    let mut ws = base();
    ws.relationships.push(rel(
        "supply-res",
        RelationshipKind::Supply,
        "msft",
        "res-loc",
        "2019-02-01",
    ));
    ws.relationships.push(rel(
        "supply-cust",
        RelationshipKind::Supply,
        "msft",
        "cust-t",
        "2019-02-01",
    ));
    let mut found: Vec<Vec<Id>> = found(&ws, "CSP102")
        .into_iter()
        .map(|d| d.entities)
        .collect();
    found.sort();
    assert_eq!(
        found,
        vec![
            ids(&["supply-cust", "cust-t", "msft"]),
            ids(&["supply-res", "res-loc", "msft"])
        ]
    );
    // The supply is CSP102's fact; CSP107 does not repeat it.
    assert_eq!(self::found(&ws, "CSP107"), vec![]);
}

#[test]
fn csp102_judges_a_supply_in_force_by_todays_status_and_an_ended_one_by_the_record() {
    let mut ws = base();
    let enrolment = &mut location_mut(&mut ws, "dbp-loc").enrolments[0];
    enrolment.status = EnrolmentStatus::Deauthorized;
    enrolment.status_date = Some(date("2023-01-01"));
    let found = found(&ws, "CSP102");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(found[0].entities, ids(&["supply-dbp", "dbp-loc", "msft"]));
    rel_mut(&mut ws, "supply-dbp").end = Some(date("2023-01-01"));
    assert_eq!(self::found(&ws, "CSP102"), vec![]);
}

#[test]
fn csp103_provider_deauthorized_while_the_partnership_runs() {
    let mut ws = base();
    let enrolment = &mut location_mut(&mut ws, "prov-loc").enrolments[0];
    enrolment.status = EnrolmentStatus::Deauthorized;
    enrolment.status_date = Some(date("2022-05-01"));
    let found = found(&ws, "CSP103");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].entities,
        ids(&["partnership", "prov-loc", "res-loc"])
    );
    assert!(
        found[0].message.contains("2022-05-01"),
        "{}",
        found[0].message
    );
    // Ended the day the provider was deauthorized: passes.
    rel_mut(&mut ws, "partnership").end = Some(date("2022-05-01"));
    assert_eq!(self::found(&ws, "CSP103"), vec![]);
}

#[test]
fn csp103_provider_enrolled_after_authorizing_or_not_a_provider_at_all() {
    let mut ws = base();
    location_mut(&mut ws, "prov-loc").enrolments[0].enrolled = Some(date("2019-04-01"));
    assert_eq!(
        family(&ws),
        vec![("CSP103", ids(&["partnership", "prov-loc", "res-loc"]))]
    );
    let mut ws = base();
    ws.relationships.push(rel(
        "partnership-dbp",
        RelationshipKind::Partnership,
        "dbp-loc",
        "res-loc",
        "2019-03-01",
    ));
    assert_eq!(
        found(&ws, "CSP103")
            .into_iter()
            .map(|d| d.entities)
            .collect::<Vec<_>>(),
        vec![ids(&["partnership-dbp", "dbp-loc", "res-loc"])]
    );
}

#[test]
fn csp103_an_unknown_enrolment_date_is_one_info() {
    let mut ws = base();
    location_mut(&mut ws, "prov-loc").enrolments[0].enrolled = None;
    assert_eq!(found(&ws, "CSP103"), vec![]);
    let info = infos(&ws, "CSP103");
    assert_eq!(info.len(), 1);
    // The missing date is the provider's, so the provider is counted, not the partnership.
    assert_eq!(info[0].entities, ids(&["prov-loc"]));
    assert_eq!(
        info[0].message,
        "CSP103: 1 location has no indirect-provider enrolment date recorded; not judged"
    );
    // A missing authorization date is the partnership's own, and a fact of another kind.
    location_mut(&mut ws, "prov-loc").enrolments[0].enrolled = Some(date("2019-01-01"));
    rel_mut(&mut ws, "partnership").start = None;
    let info = infos(&ws, "CSP103");
    assert_eq!(info.len(), 1, "{info:#?}");
    assert_eq!(info[0].entities, ids(&["partnership"]));
    assert_eq!(
        info[0].message,
        "CSP103: 1 relationship has no authorization date recorded; not judged"
    );
}

#[test]
fn csp104_a_partnership_ending_the_day_the_subscription_starts_is_not_in_force() {
    let mut ws = base();
    rel_mut(&mut ws, "partnership").end = Some(date("2020-04-01"));
    assert_eq!(
        family(&ws),
        vec![(
            "CSP104",
            ids(&["s-indirect", "res-loc", "prov-loc", "partnership"])
        )]
    );
    let found = found(&ws, "CSP104");
    assert!(
        found[0]
            .message
            .contains("'partnership' ended on 2020-04-01"),
        "{}",
        found[0].message
    );
    // A broken chain is not described as served end to end.
    let served: Vec<Vec<Id>> = infos(&ws, "CSP109")
        .into_iter()
        .map(|d| d.entities)
        .collect();
    assert_eq!(served, vec![ids(&["dbp-loc", "cust-t"])]);
    // Ending the next day, it was in force on the start date.
    rel_mut(&mut ws, "partnership").end = Some(date("2020-04-02"));
    assert_eq!(family(&ws), vec![]);
}

#[test]
fn csp104_no_partnership_at_all_offers_to_add_one() {
    let mut ws = base();
    ws.relationships.retain(|r| r.id.as_str() != "partnership");
    let found = found(&ws, "CSP104");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].entities,
        ids(&["s-indirect", "res-loc", "prov-loc"])
    );
    let fix = found[0].fixes.first().expect("a fix");
    fix.edit.clone().apply(&mut ws).expect("fix applies");
    assert_eq!(self::found(&ws, "CSP104"), vec![]);
}

#[test]
fn csp105_a_reseller_reaching_the_provider_through_another_reseller_is_csp105_only() {
    let mut ws = base();
    with_second_reseller(&mut ws);
    ws.relationships.push(rel(
        "partnership-2",
        RelationshipKind::Partnership,
        "res-loc",
        "res2-loc",
        "2019-03-01",
    ));
    ws.subscriptions.push(sub(
        "s-long",
        "cust-t",
        "prov-loc",
        "res2-loc",
        "2020-04-01",
    ));
    let found = found(&ws, "CSP105");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].entities,
        ids(&["s-long", "prov-loc", "res2-loc", "res-loc", "cust-t"])
    );
    assert!(
        found[0]
            .message
            .contains("'Provider Co' → 'Reseller Co' → 'Second Reseller'"),
        "{}",
        found[0].message
    );
    assert_eq!(self::found(&ws, "CSP104"), vec![]);
}

#[test]
fn csp105_a_direct_bill_subscription_naming_a_reseller() {
    let mut ws = base();
    sub_mut(&mut ws, "s-direct").reseller_of_record = Fact::Stated(id("res-loc"));
    assert_eq!(
        family(&ws),
        vec![("CSP105", ids(&["s-direct", "dbp-loc", "res-loc", "cust-t"]))]
    );
}

#[test]
fn csp105_a_billing_location_microsoft_does_not_supply_on_the_start_date() {
    let mut ws = base();
    ws.relationships.retain(|r| r.id.as_str() != "supply-dbp");
    assert_eq!(
        family(&ws),
        vec![("CSP105", ids(&["s-direct", "dbp-loc", "cust-t"]))]
    );
    let mut ws = base();
    rel_mut(&mut ws, "supply-dbp").start = Some(date("2020-05-01"));
    let found = found(&ws, "CSP105");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("not in force on 2020-04-01"),
        "{}",
        found[0].message
    );
}

#[test]
fn csp106_a_direct_bill_partner_without_a_support_plan() {
    let mut ws = base();
    location_mut(&mut ws, "dbp-loc").capabilities.support_plan = Fact::Stated(false);
    assert_eq!(family(&ws), vec![("CSP106", ids(&["dbp-loc"]))]);
    let mut ws = base();
    location_mut(&mut ws, "dbp-loc")
        .capabilities
        .managed_service = Fact::Unknown;
    assert_eq!(family(&ws), vec![]);
    assert_eq!(infos(&ws, "CSP106").len(), 1);
}

#[test]
fn csp107_a_location_without_a_role_is_reported_once() {
    let mut ws = base();
    location_mut(&mut ws, "res-loc").enrolments.clear();
    let found = found(&ws, "CSP107");
    assert_eq!(
        found.into_iter().map(|d| d.entities).collect::<Vec<_>>(),
        vec![ids(&["res-loc"])]
    );
}

#[test]
fn csp107_a_pending_location_holding_an_admin_relationship() {
    let mut ws = base();
    with_second_reseller(&mut ws);
    location_mut(&mut ws, "res2-loc").enrolments[0].status = EnrolmentStatus::Pending;
    ws.relationships.push(rel(
        "gdap-res2",
        RelationshipKind::Admin {
            access: crate::model::AdminKind::Gdap,
            roles: Vec::new(),
            auto_extend: false,
        },
        "res2-loc",
        "cust-t",
        "2023-01-01",
    ));
    assert_eq!(
        found(&ws, "CSP107")
            .into_iter()
            .map(|d| d.entities)
            .collect::<Vec<_>>(),
        vec![ids(&["gdap-res2", "res2-loc", "cust-t"])]
    );
    // Ended before the as-of date: not judged.
    rel_mut(&mut ws, "gdap-res2").end = Some(date("2024-01-01"));
    assert_eq!(found(&ws, "CSP107"), vec![]);
}

#[test]
fn csp108_a_partnership_loop_is_one_error() {
    let mut ws = base();
    ws.relationships.push(rel(
        "partnership-back",
        RelationshipKind::Partnership,
        "res-loc",
        "prov-loc",
        "2019-04-01",
    ));
    let found = found(&ws, "CSP108");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert_eq!(
        found[0].entities,
        ids(&["partnership", "partnership-back", "prov-loc", "res-loc"])
    );
    // Ended before the as-of date: the two swapped sides over time, no loop.
    rel_mut(&mut ws, "partnership-back").end = Some(date("2020-01-01"));
    assert_eq!(self::found(&ws, "CSP108"), vec![]);
}

#[test]
fn csp108_a_ring_of_three_thousand_resellers_is_one_loop_and_tracing_stays_bounded() {
    let mut ws = base();
    // Each subscription's upward search meets the ring; it stops after a bounded number of
    // locations instead of walking the ring (or looping) for every subscription.
    let n = 3_000;
    for i in 0..n {
        let o = format!("ring-org-{i}");
        ws.organizations.push(org(&o, &format!("Ring {i}"), "US"));
        ws.locations.push(location(
            &format!("ring-{i}"),
            &o,
            "US",
            &format!("ring-t-{i}"),
            &format!("{}", 2_000_000 + i),
            &[Role::IndirectReseller, Role::IndirectProvider],
        ));
        ws.relationships.push(rel(
            &format!("ring-p-{i}"),
            RelationshipKind::Partnership,
            &format!("ring-{i}"),
            &format!("ring-{}", (i + 1) % n),
            "2019-03-01",
        ));
        // Each reseller in the ring named by a provider it is not partnered with.
        ws.subscriptions.push(sub(
            &format!("ring-s-{i}"),
            "cust-t",
            "prov-loc",
            &format!("ring-{i}"),
            "2020-04-01",
        ));
    }
    let diagnostics = check(&ws);
    let loops: Vec<&Diagnostic> = diagnostics.iter().filter(|d| d.code == "CSP108").collect();
    assert_eq!(loops.len(), 1);
    assert_eq!(loops[0].entities.len(), 2 * n);
    let missing = diagnostics.iter().filter(|d| d.code == "CSP104").count();
    assert_eq!(missing, n);
}

#[test]
fn csp110_a_provider_billed_subscription_without_a_reseller_is_csp110_not_csp105() {
    let mut ws = base();
    sub_mut(&mut ws, "s-indirect").reseller_of_record = Fact::Absent;
    assert_eq!(
        family(&ws),
        vec![("CSP110", ids(&["s-indirect", "prov-loc", "cust-t"]))]
    );
    sub_mut(&mut ws, "s-indirect").reseller_of_record = Fact::Unknown;
    assert_eq!(family(&ws), vec![]);
    let info = infos(&ws, "CSP110");
    assert_eq!(info.len(), 1);
    assert_eq!(info[0].entities, ids(&["s-indirect"]));
}

#[test]
fn csp110_does_not_apply_to_the_shared_services_route() {
    let mut ws = base();
    ws.tenants
        .push(tenant("prov-ss", "prov", TenantKind::SharedServices, "US"));
    let mut own = sub("s-ss", "prov-ss", "prov-loc", "", "2021-01-01");
    own.offer_kind = OfferKind::SharedServicesAzure;
    own.purpose = Purpose::OwnUse;
    ws.subscriptions.push(own);
    assert_eq!(found(&ws, "CSP110"), vec![]);
    // The same offer resold into a customer's tenant is not the route.
    let s_ss = sub_mut(&mut ws, "s-ss");
    s_ss.tenant = id("cust-t");
    s_ss.purpose = Purpose::Resale;
    assert_eq!(
        found(&ws, "CSP110")
            .into_iter()
            .map(|d| d.entities)
            .collect::<Vec<_>>(),
        vec![ids(&["s-ss", "prov-loc", "cust-t"])]
    );
}

#[test]
fn csp110_leaves_an_own_use_purchase_from_a_provider_to_csp303() {
    let mut ws = base();
    ws.tenants
        .push(tenant("res-own", "res", TenantKind::Customer, "US"));
    let mut own = sub("s-own", "res-own", "prov-loc", "", "2021-01-01");
    own.purpose = Purpose::OwnUse;
    ws.subscriptions.push(own);
    // One fact, one diagnostic: CSP303 says where a partner buys for its own use.
    assert_eq!(found(&ws, "CSP110"), vec![]);
    assert_eq!(
        found(&ws, "CSP303")
            .into_iter()
            .map(|d| d.entities)
            .collect::<Vec<_>>(),
        vec![ids(&["s-own", "prov-loc", "res-own"])]
    );
    // Not recorded at all: CSP303 counts it, CSP110 does not count it again.
    sub_mut(&mut ws, "s-own").reseller_of_record = Fact::Unknown;
    assert_eq!(infos(&ws, "CSP110"), vec![]);
    assert_eq!(infos(&ws, "CSP303").len(), 1);
}

#[test]
fn csp111_the_billing_provider_as_its_own_reseller() {
    let mut ws = base();
    sub_mut(&mut ws, "s-indirect").reseller_of_record = Fact::Stated(id("prov-loc"));
    assert_eq!(
        family(&ws),
        vec![("CSP111", ids(&["s-indirect", "prov-loc"]))]
    );
    // A direct bill partner naming itself gets a fix: no reseller of record.
    let mut ws = base();
    sub_mut(&mut ws, "s-direct").reseller_of_record = Fact::Stated(id("dbp-loc"));
    let found = found(&ws, "CSP111");
    assert_eq!(found.len(), 1);
    found[0].fixes[0]
        .edit
        .clone()
        .apply(&mut ws)
        .expect("fix applies");
    assert_eq!(family(&ws), vec![]);
}

#[test]
fn csp112_one_tenant_with_active_reseller_and_direct_bill_enrolments() {
    let mut ws = base();
    location_mut(&mut ws, "res-loc").enrolments.push(Enrolment {
        role: Role::DirectBill,
        enrolled: Some(date("2019-01-01")),
        status: EnrolmentStatus::Active,
        status_date: None,
    });
    assert_eq!(found(&ws, "CSP112")[0].entities, ids(&["res-t", "res-loc"]));
    location_mut(&mut ws, "res-loc").enrolments[1].status = EnrolmentStatus::Restricted;
    assert_eq!(found(&ws, "CSP112"), vec![]);
}

#[test]
fn csp112_two_locations_sharing_one_tenant() {
    let mut ws = base();
    location_mut(&mut ws, "dbp-loc").csp_tenant = Some(id("res-t"));
    let found = found(&ws, "CSP112");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].entities, ids(&["res-t", "res-loc", "dbp-loc"]));
}

#[test]
fn csp113_revenue_under_the_threshold_of_the_enrolment_date() {
    let mut ws = base();
    {
        let dbp = location_mut(&mut ws, "dbp-loc");
        dbp.enrolments[0].enrolled = Some(date("2021-01-01"));
        dbp.revenue_ttm_usd = Some(250_000);
    }
    assert_eq!(found(&ws, "CSP113")[0].entities, ids(&["dbp-loc"]));
    location_mut(&mut ws, "dbp-loc").revenue_ttm_usd = Some(300_000);
    assert_eq!(found(&ws, "CSP113"), vec![]);
    location_mut(&mut ws, "dbp-loc").revenue_ttm_usd = None;
    assert_eq!(infos(&ws, "CSP113").len(), 1);
}

#[test]
fn csp113_twelve_months_as_a_reseller_before_a_direct_bill_enrolment() {
    let mut ws = base();
    ws.locations.push(location(
        "dbp-ir",
        "dbp",
        "US",
        "dbp-ir-t",
        "1000009",
        &[Role::IndirectReseller],
    ));
    ws.tenants
        .push(tenant("dbp-ir-t", "dbp", TenantKind::CspPartner, "US"));
    location_mut(&mut ws, "dbp-ir").enrolments[0].enrolled = Some(date("2021-09-01"));
    {
        let dbp = location_mut(&mut ws, "dbp-loc");
        dbp.enrolments[0].enrolled = Some(date("2022-06-01"));
        dbp.revenue_ttm_usd = Some(500_000);
    }
    let found = found(&ws, "CSP113");
    assert_eq!(found.len(), 1, "{found:#?}");
    assert!(
        found[0].message.contains("since 2021-09-01"),
        "{}",
        found[0].message
    );
    location_mut(&mut ws, "dbp-ir").enrolments[0].enrolled = Some(date("2021-06-01"));
    assert_eq!(self::found(&ws, "CSP113"), vec![]);
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
            let shown = rule.code == "CSP109" && matches!(part, "Passes:" | "Fails:");
            assert!(
                shown || rule.explanation.contains(part),
                "{} lacks {part}",
                rule.code
            );
        }
    }
}
