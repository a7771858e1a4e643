//! Small builders for rule tests: a legal base network and one-line constructors.

use chrono::NaiveDate;

use crate::rules::{Diagnostic, Severity, check};

use crate::model::{
    Capabilities, Country, Enrolment, EnrolmentStatus, Fact, Id, Location, Organization,
    OrganizationKind, Purpose, Relationship, RelationshipKind, Role, Subscription, Tenant,
    TenantKind, Workspace,
};

pub fn id(text: &str) -> Id {
    Id::new(text).expect("test id")
}

pub fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
}

pub fn country(code: &str) -> Country {
    Country::parse(code).expect("test country")
}

pub fn org(id_: &str, name: &str, country_: &str) -> Organization {
    Organization {
        id: id(id_),
        name: name.into(),
        kind: OrganizationKind::Company,
        country: Some(country(country_)),
        registration_id: Fact::Unknown,
        mca_accepted: Fact::Unknown,
        mca_attested_by: None,
        sources: Vec::new(),
    }
}

/// A location with active enrolments in `roles`, onboarded, enrolled and MPA-signed on 2019-01-01.
pub fn location(
    id_: &str,
    org_id: &str,
    country_: &str,
    tenant: &str,
    partner_id: &str,
    roles: &[Role],
) -> Location {
    Location {
        id: id(id_),
        organization: id(org_id),
        name: String::new(),
        partner_id: Some(partner_id.into()),
        country: Some(country(country_)),
        csp_tenant: Some(id(tenant)),
        onboarded: Fact::Stated(date("2019-01-01")),
        enrolments: roles
            .iter()
            .map(|&role| Enrolment {
                role,
                enrolled: Some(date("2019-01-01")),
                status: EnrolmentStatus::Active,
                status_date: None,
            })
            .collect(),
        mpa_signed: Fact::Stated(date("2019-01-01")),
        capabilities: Capabilities {
            api_integration: Fact::Stated(true),
            billing: Fact::Stated(true),
            support_plan: Fact::Stated(true),
            managed_service: Fact::Stated(true),
        },
        revenue_ttm_usd: None,
        sources: Vec::new(),
    }
}

pub fn tenant(id_: &str, owner: &str, kind: TenantKind, country_: &str) -> Tenant {
    Tenant {
        id: id(id_),
        name: String::new(),
        owner: Some(id(owner)),
        kind,
        country: Some(country(country_)),
        directory_id: None,
        sources: Vec::new(),
    }
}

pub fn rel(id_: &str, kind: RelationshipKind, from: &str, to: &str, start: &str) -> Relationship {
    Relationship {
        id: id(id_),
        kind,
        from: id(from),
        to: id(to),
        start: Some(date(start)),
        requested: None,
        end: None,
        microsoft_id: None,
        sources: Vec::new(),
    }
}

/// A licence-based resale subscription; `reseller` empty means stated absent.
pub fn sub(id_: &str, tenant_: &str, billed_by: &str, reseller: &str, start: &str) -> Subscription {
    Subscription {
        id: id(id_),
        offer: "Microsoft 365 E3".into(),
        offer_kind: crate::model::OfferKind::LicenceBased,
        tenant: id(tenant_),
        billed_by: id(billed_by),
        reseller_of_record: if reseller.is_empty() {
            Fact::Absent
        } else {
            Fact::Stated(id(reseller))
        },
        purpose: Purpose::Resale,
        start: Some(date(start)),
        end: None,
        partner_of_record_changes: Vec::new(),
        microsoft_id: None,
        sources: Vec::new(),
    }
}

/// A legal network as of 2024-06-01 (scenario 1, both chains):
/// Microsoft supplies `dbp-loc` (direct bill, US) and `prov-loc` (indirect provider, US);
/// `prov-loc` partners with `res-loc` (indirect reseller, US); customer `cust` (US) has tenant
/// `cust-t`, which granted reseller relationships to all three; `s-direct` is billed by the direct
/// bill partner, `s-indirect` by the provider with `res-loc` as reseller of record.
/// The customer accepted the MCA on 2019-06-01.
pub fn base() -> Workspace {
    let mut ws = Workspace::new(date("2024-06-01"));
    let mut microsoft = org("msft", "Microsoft", "US");
    microsoft.kind = OrganizationKind::Microsoft;
    ws.organizations.push(microsoft);
    ws.organizations.push(org("dbp", "Direct Co", "US"));
    ws.organizations.push(org("prov", "Provider Co", "US"));
    ws.organizations.push(org("res", "Reseller Co", "US"));
    let mut customer = org("cust", "Customer Co", "US");
    customer.mca_accepted = Fact::Stated(date("2019-06-01"));
    ws.organizations.push(customer);
    ws.locations.push(location(
        "dbp-loc",
        "dbp",
        "US",
        "dbp-t",
        "1000001",
        &[Role::DirectBill],
    ));
    ws.locations.push(location(
        "prov-loc",
        "prov",
        "US",
        "prov-t",
        "1000002",
        &[Role::IndirectProvider],
    ));
    ws.locations.push(location(
        "res-loc",
        "res",
        "US",
        "res-t",
        "1000003",
        &[Role::IndirectReseller],
    ));
    ws.tenants
        .push(tenant("dbp-t", "dbp", TenantKind::CspPartner, "US"));
    ws.tenants
        .push(tenant("prov-t", "prov", TenantKind::CspPartner, "US"));
    ws.tenants
        .push(tenant("res-t", "res", TenantKind::CspPartner, "US"));
    ws.tenants
        .push(tenant("cust-t", "cust", TenantKind::Customer, "US"));
    ws.relationships.push(rel(
        "supply-dbp",
        RelationshipKind::Supply,
        "msft",
        "dbp-loc",
        "2019-02-01",
    ));
    ws.relationships.push(rel(
        "supply-prov",
        RelationshipKind::Supply,
        "msft",
        "prov-loc",
        "2019-02-01",
    ));
    ws.relationships.push(rel(
        "partnership",
        RelationshipKind::Partnership,
        "prov-loc",
        "res-loc",
        "2019-03-01",
    ));
    ws.relationships.push(rel(
        "rr-dbp",
        RelationshipKind::Reseller,
        "dbp-loc",
        "cust-t",
        "2020-03-01",
    ));
    ws.relationships.push(rel(
        "rr-prov",
        RelationshipKind::Reseller,
        "prov-loc",
        "cust-t",
        "2020-03-01",
    ));
    ws.relationships.push(rel(
        "rr-res",
        RelationshipKind::Reseller,
        "res-loc",
        "cust-t",
        "2020-03-01",
    ));
    ws.subscriptions
        .push(sub("s-direct", "cust-t", "dbp-loc", "", "2020-04-01"));
    ws.subscriptions.push(sub(
        "s-indirect",
        "cust-t",
        "prov-loc",
        "res-loc",
        "2020-04-01",
    ));
    ws
}

#[test]
fn the_base_network_is_legal() {
    let errors: Vec<_> = crate::rules::check(&base())
        .into_iter()
        .filter(|d| d.severity != crate::rules::Severity::Info)
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

/// The errors and warnings (not infos) of `code`.
pub fn found(ws: &Workspace, code: &str) -> Vec<Diagnostic> {
    check(ws)
        .into_iter()
        .filter(|d| d.code == code && d.severity != Severity::Info)
        .collect()
}

/// The infos of `code`.
pub fn infos(ws: &Workspace, code: &str) -> Vec<Diagnostic> {
    check(ws)
        .into_iter()
        .filter(|d| d.code == code && d.severity == Severity::Info)
        .collect()
}

pub fn ids(list: &[&str]) -> Vec<Id> {
    list.iter().map(|s| id(s)).collect()
}

pub fn location_mut<'a>(ws: &'a mut Workspace, id_: &str) -> &'a mut crate::model::Location {
    ws.locations
        .iter_mut()
        .find(|l| l.id.as_str() == id_)
        .expect("location in test workspace")
}

pub fn sub_mut<'a>(ws: &'a mut Workspace, id_: &str) -> &'a mut crate::model::Subscription {
    ws.subscriptions
        .iter_mut()
        .find(|s| s.id.as_str() == id_)
        .expect("subscription in test workspace")
}

pub fn rel_mut<'a>(ws: &'a mut Workspace, id_: &str) -> &'a mut crate::model::Relationship {
    ws.relationships
        .iter_mut()
        .find(|r| r.id.as_str() == id_)
        .expect("relationship in test workspace")
}

pub fn org_mut<'a>(ws: &'a mut Workspace, id_: &str) -> &'a mut crate::model::Organization {
    ws.organizations
        .iter_mut()
        .find(|o| o.id.as_str() == id_)
        .expect("organization in test workspace")
}
