//! Compound edits the app offers: new partners with their location and tenant, removals that take
//! dependants along, fresh ids. Built here so every caller (panels, diagram, fixes) agrees.

use std::collections::HashSet;

use crate::model::{
    Capabilities, Country, Enrolment, EnrolmentStatus, Entity, EntityKind, Fact, Id, Location,
    Organization, OrganizationKind, Relationship, RelationshipKind, Role, Tenant, TenantKind,
    Workspace,
};

use super::Edit;

/// An id not yet used in `ws`: `base` itself, or `base-2`, `base-3`, ...
pub fn fresh_id(ws: &Workspace, base: &str) -> Id {
    let taken: HashSet<&str> = ws.entity_ids().map(|(id, _)| id.as_str()).collect();
    fresh_id_among(&taken, base)
}

fn fresh_id_among(taken: &HashSet<&str>, base: &str) -> Id {
    let base: String = base
        .chars()
        .map(|c| {
            if c.is_whitespace() || c.is_control() {
                '-'
            } else {
                c
            }
        })
        .take(crate::model::MAX_ID_LEN - 8)
        .collect();
    let base = if base.is_empty() {
        "entity".to_owned()
    } else {
        base
    };
    // The base is non-empty, short and free of spaces, so every candidate is a valid id.
    let mut n = 1;
    loop {
        let candidate = if n == 1 {
            base.clone()
        } else {
            format!("{base}-{n}")
        };
        if !taken.contains(candidate.as_str())
            && let Ok(id) = Id::new(candidate)
        {
            return id;
        }
        n += 1;
    }
}

/// What a new organization is for, deciding the location, enrolment and tenant created with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum NewOrganization {
    /// An end customer with one customer tenant.
    Customer,
    /// A partner with one location enrolled in this role, and its CSP partner tenant.
    Partner(Role),
}

impl NewOrganization {
    /// Every choice, in menu order.
    pub const ALL: [NewOrganization; 4] = [
        NewOrganization::Partner(Role::IndirectProvider),
        NewOrganization::Partner(Role::DirectBill),
        NewOrganization::Partner(Role::IndirectReseller),
        NewOrganization::Customer,
    ];

    /// Menu label.
    pub fn label(self) -> &'static str {
        match self {
            NewOrganization::Customer => "Customer",
            NewOrganization::Partner(Role::IndirectProvider) => "Indirect provider",
            NewOrganization::Partner(Role::DirectBill) => "Direct bill partner",
            NewOrganization::Partner(Role::IndirectReseller) => "Indirect reseller",
        }
    }
}

/// Adds an organization of the given kind with what it needs (location, tenant), as one step.
/// Returns the edit and the organization's id.
pub fn add_organization(
    ws: &Workspace,
    what: NewOrganization,
    name: &str,
    country: Option<Country>,
) -> (Edit, Id) {
    let mut taken: HashSet<String> = ws
        .entity_ids()
        .map(|(id, _)| id.as_str().to_owned())
        .collect();
    let mut fresh = |base: &str| {
        let refs: HashSet<&str> = taken.iter().map(String::as_str).collect();
        let id = fresh_id_among(&refs, base);
        taken.insert(id.as_str().to_owned());
        id
    };
    let prefix = match what {
        NewOrganization::Customer => "customer",
        NewOrganization::Partner(Role::IndirectProvider) => "provider",
        NewOrganization::Partner(Role::DirectBill) => "direct",
        NewOrganization::Partner(Role::IndirectReseller) => "reseller",
    };
    let org_id = fresh(prefix);
    let organization = Organization {
        id: org_id.clone(),
        name: name.to_owned(),
        kind: OrganizationKind::Company,
        country,
        registration_id: Fact::Unknown,
        mca_accepted: Fact::Unknown,
        mca_attested_by: None,
        sources: Vec::new(),
    };
    let mut edits = vec![Edit::Insert {
        entity: Entity::Organization(organization),
        at: None,
    }];
    match what {
        NewOrganization::Customer => {
            let tenant_id = fresh(&format!("{org_id}-tenant"));
            edits.push(insert(Entity::Tenant(tenant(
                tenant_id,
                &org_id,
                TenantKind::Customer,
                country,
            ))));
        }
        NewOrganization::Partner(role) => {
            let tenant_id = fresh(&format!("{org_id}-csp"));
            let location_id = fresh(&format!("{org_id}-hq"));
            edits.push(insert(Entity::Tenant(tenant(
                tenant_id.clone(),
                &org_id,
                TenantKind::CspPartner,
                country,
            ))));
            edits.push(insert(Entity::Location(Location {
                id: location_id,
                organization: org_id.clone(),
                name: String::new(),
                partner_id: None,
                country,
                csp_tenant: Some(tenant_id),
                onboarded: Fact::Unknown,
                enrolments: vec![Enrolment {
                    role,
                    enrolled: None,
                    status: EnrolmentStatus::Active,
                    status_date: None,
                }],
                mpa_signed: Fact::Unknown,
                capabilities: Capabilities::default(),
                revenue_ttm_usd: None,
                sources: Vec::new(),
            })));
        }
    }
    (Edit::Batch(edits), org_id)
}

fn insert(entity: Entity) -> Edit {
    Edit::Insert { entity, at: None }
}

fn tenant(id: Id, owner: &Id, kind: TenantKind, country: Option<Country>) -> Tenant {
    Tenant {
        id,
        name: String::new(),
        owner: Some(owner.clone()),
        kind,
        country,
        directory_id: None,
        sources: Vec::new(),
    }
}

/// A new relationship between two entities, with a fresh id and the given start.
pub fn add_relationship(
    ws: &Workspace,
    kind: RelationshipKind,
    from: &Id,
    to: &Id,
    start: Option<chrono::NaiveDate>,
) -> (Edit, Id) {
    let id = fresh_id(ws, &format!("{}-{}", kind_prefix(&kind), to));
    let relationship = Relationship {
        id: id.clone(),
        kind,
        from: from.clone(),
        to: to.clone(),
        start,
        requested: None,
        end: None,
        microsoft_id: None,
        sources: Vec::new(),
    };
    (insert(Entity::Relationship(relationship)), id)
}

fn kind_prefix(kind: &RelationshipKind) -> &'static str {
    match kind {
        RelationshipKind::Supply => "supply",
        RelationshipKind::Partnership => "partnership",
        RelationshipKind::Reseller => "rr",
        RelationshipKind::Admin { .. } => "admin",
    }
}

/// The relationship kinds that make sense from `from` to `to`, judged by what the two ends are
/// (Microsoft, a location and its roles, a tenant). Illegal combinations the rules flag (a
/// partnership across markets) are still offered: trainers draw them on purpose.
pub fn relationship_kinds_between(ws: &Workspace, from: &str, to: &str) -> Vec<RelationshipKind> {
    let kind_of = |id: &str| ws.find(id).map(|at| at.kind);
    let is_microsoft = |id: &str| {
        ws.organizations
            .iter()
            .any(|o| o.id.as_str() == id && o.kind == OrganizationKind::Microsoft)
    };
    match (kind_of(from), kind_of(to)) {
        (Some(EntityKind::Organization), Some(EntityKind::Location)) if is_microsoft(from) => {
            vec![RelationshipKind::Supply]
        }
        (Some(EntityKind::Location), Some(EntityKind::Location)) => {
            vec![RelationshipKind::Partnership]
        }
        (Some(EntityKind::Location), Some(EntityKind::Tenant)) => vec![
            RelationshipKind::Reseller,
            RelationshipKind::Admin {
                access: crate::model::AdminKind::Gdap,
                roles: Vec::new(),
                auto_extend: false,
            },
            RelationshipKind::Admin {
                access: crate::model::AdminKind::Dap,
                roles: Vec::new(),
                auto_extend: false,
            },
        ],
        _ => Vec::new(),
    }
}

/// One way to connect two organizations in the diagram: a relationship kind with its two ends.
#[derive(Debug, Clone, PartialEq)]
pub struct Connection {
    /// What the relationship is.
    pub kind: RelationshipKind,
    /// The selling or administering end (Microsoft or a location).
    pub from: Id,
    /// The other end (a location or a tenant).
    pub to: Id,
    /// Menu text, naming both ends.
    pub label: String,
}

/// The relationships that make sense from organization `from_org` to organization `to_org`,
/// resolved to their ends: Microsoft supplies a provider's or direct bill partner's location; a
/// provider partners with a reseller's location; a partner sells to or administers a tenant.
/// Which kinds are legal for the two is left to the rules (trainers draw illegal links on purpose).
pub fn connections_between(ws: &Workspace, from_org: &Id, to_org: &Id) -> Vec<Connection> {
    let is_microsoft = |id: &Id| {
        ws.organizations
            .iter()
            .any(|o| o.id == *id && o.kind == OrganizationKind::Microsoft)
    };
    let locations = |org: &Id| -> Vec<Id> {
        ws.locations
            .iter()
            .filter(|l| l.organization == *org)
            .map(|l| l.id.clone())
            .collect()
    };
    let sources: Vec<Id> = if is_microsoft(from_org) {
        vec![from_org.clone()]
    } else {
        locations(from_org)
    };
    let mut targets: Vec<Id> = locations(to_org);
    let mut tenants: Vec<&Tenant> = ws
        .tenants
        .iter()
        .filter(|t| t.owner.as_ref() == Some(to_org))
        .collect();
    tenants.sort_by_key(|t| (t.kind != TenantKind::Customer, t.id.clone()));
    targets.extend(tenants.iter().map(|t| t.id.clone()));
    let mut out = Vec::new();
    for from in &sources {
        for to in &targets {
            for kind in relationship_kinds_between(ws, from.as_str(), to.as_str()) {
                let label = format!(
                    "{}: {} → {}",
                    kind.label(),
                    ws.display_name(from.as_str()),
                    ws.display_name(to.as_str())
                );
                out.push(Connection {
                    kind,
                    from: from.clone(),
                    to: to.clone(),
                    label,
                });
            }
        }
    }
    out
}

/// Removes entities and what cannot stand without them, as one undoable step: an organization
/// takes its locations, tenants and ownership edges; a location or tenant takes the relationships
/// that touch it and the subscriptions billed by or provisioned into it. Other references (an
/// MCA attestation, a reseller of record) are left for CSP901 to point out.
pub fn remove_with_dependants(ws: &Workspace, ids: &[Id]) -> Edit {
    let mut doomed: HashSet<&str> = ids
        .iter()
        .map(Id::as_str)
        .filter(|id| ws.find(id).is_some())
        .collect();
    for org in ids {
        for location in ws.locations.iter().filter(|l| l.organization == *org) {
            doomed.insert(location.id.as_str());
        }
        for tenant in ws.tenants.iter().filter(|t| t.owner.as_ref() == Some(org)) {
            doomed.insert(tenant.id.as_str());
        }
    }
    for own in &ws.ownerships {
        if doomed.contains(own.owner.as_str()) || doomed.contains(own.owned.as_str()) {
            doomed.insert(own.id.as_str());
        }
    }
    for rel in &ws.relationships {
        if doomed.contains(rel.from.as_str()) || doomed.contains(rel.to.as_str()) {
            doomed.insert(rel.id.as_str());
        }
    }
    for sub in &ws.subscriptions {
        if doomed.contains(sub.tenant.as_str()) || doomed.contains(sub.billed_by.as_str()) {
            doomed.insert(sub.id.as_str());
        }
    }
    // Remove from the back of each list first so recorded list positions stay valid on undo.
    let mut order: Vec<_> = ws
        .entity_ids()
        .filter(|(id, _)| doomed.contains(id.as_str()))
        .collect();
    order.sort_by_key(|(_, at)| std::cmp::Reverse((at.kind, at.index)));
    let mut edits: Vec<Edit> = order
        .into_iter()
        .map(|(id, _)| Edit::Remove(id.clone()))
        .collect();
    for id in ws
        .positions
        .keys()
        .filter(|id| doomed.contains(id.as_str()))
    {
        edits.push(Edit::SetPosition {
            id: id.clone(),
            position: None,
        });
    }
    Edit::Batch(edits)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::test_support::base;

    #[test]
    fn fresh_ids_skip_taken_ones() {
        let ws = base();
        assert_eq!(fresh_id(&ws, "res").as_str(), "res-2");
        assert_eq!(fresh_id(&ws, "brand new").as_str(), "brand-new");
    }

    #[test]
    fn a_new_reseller_comes_with_location_and_csp_tenant_and_undoes_as_one() {
        let mut ws = base();
        let before = ws.clone();
        let (edit, org_id) = add_organization(
            &ws,
            NewOrganization::Partner(Role::IndirectReseller),
            "新リセラー",
            Country::parse("JP"),
        );
        let undo = edit.apply(&mut ws).expect("applies");
        let location = ws
            .locations
            .iter()
            .find(|l| l.organization == org_id)
            .expect("location");
        assert!(location.enrolment(Role::IndirectReseller).is_some());
        let tenant = ws
            .tenants
            .iter()
            .find(|t| Some(&t.id) == location.csp_tenant.as_ref())
            .expect("tenant");
        assert_eq!(tenant.kind, TenantKind::CspPartner);
        undo.apply(&mut ws).expect("undo");
        assert_eq!(ws, before);
    }

    #[test]
    fn removing_an_organization_takes_its_dependants_and_undo_restores_all() {
        let mut ws = base();
        let before = ws.clone();
        let edit = remove_with_dependants(&ws, &[Id::new("res").expect("id")]);
        let undo = edit.apply(&mut ws).expect("applies");
        assert!(ws.locations.iter().all(|l| l.id.as_str() != "res-loc"));
        assert!(
            ws.relationships
                .iter()
                .all(|r| r.id.as_str() != "partnership" && r.id.as_str() != "rr-res")
        );
        assert!(ws.tenants.iter().all(|t| t.id.as_str() != "res-t"));
        assert!(
            ws.subscriptions
                .iter()
                .any(|s| s.id.as_str() == "s-indirect"),
            "reseller of record is only a reference"
        );
        undo.apply(&mut ws).expect("undo");
        assert_eq!(ws, before);
    }

    #[test]
    fn connections_resolve_organizations_to_their_locations_and_tenants() {
        let ws = base();
        let id = |s: &str| Id::new(s).expect("id");
        let supply = connections_between(&ws, &id("msft"), &id("prov"));
        assert_eq!(supply.len(), 1);
        assert_eq!(
            (
                supply[0].kind.clone(),
                supply[0].from.as_str(),
                supply[0].to.as_str()
            ),
            (RelationshipKind::Supply, "msft", "prov-loc")
        );
        let to_customer = connections_between(&ws, &id("res"), &id("cust"));
        assert_eq!(
            to_customer.first().map(|c| (c.kind.clone(), c.to.as_str())),
            Some((RelationshipKind::Reseller, "cust-t"))
        );
        let partnership = connections_between(&ws, &id("prov"), &id("res"));
        assert!(
            partnership
                .iter()
                .any(|c| c.kind == RelationshipKind::Partnership && c.to.as_str() == "res-loc")
        );
        assert!(connections_between(&ws, &id("cust"), &id("msft")).is_empty());
    }

    #[test]
    fn kinds_offered_follow_the_two_ends() {
        let ws = base();
        assert_eq!(
            relationship_kinds_between(&ws, "msft", "prov-loc"),
            vec![RelationshipKind::Supply]
        );
        assert_eq!(
            relationship_kinds_between(&ws, "prov-loc", "res-loc"),
            vec![RelationshipKind::Partnership]
        );
        assert_eq!(
            relationship_kinds_between(&ws, "res-loc", "cust-t").len(),
            3
        );
        assert!(relationship_kinds_between(&ws, "cust-t", "msft").is_empty());
    }
}
