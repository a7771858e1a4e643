//! Workspace integrity (CSP9xx): references, ids, Microsoft, Partner IDs.

use rustc_hash::FxHashMap as HashMap;

use super::registry::declare_rule;
use super::text::{article, capitalized};
use super::{Context, DateUse, Family, Pass, Sink};
use crate::model::{EntityKind, Fact, Id, OrganizationKind, RelationshipKind};

/// The family's rules and its check.
pub const FAMILY: Family = Family {
    name: "Workspace integrity (CSP9xx)",
    rules: &[&CSP901, &CSP902, &CSP903, &CSP904],
    check,
    passes: &[Pass {
        name: "integrity",
        check,
        date_use: DateUse::None,
    }],
};

declare_rule! {
    /// ## What it checks
    /// Every reference (a location's organization and CSP tenant, a tenant's owner, the two ends of
    /// a relationship or ownership, a subscription's tenant, billing location and reseller of
    /// record, an MCA attestation) names an entity that exists, and of the right kind.
    ///
    /// ## Why
    /// Every other rule follows these references; a reference to nothing cannot be judged, and a
    /// hand-written file is easy to mistype. The diagnostic names the referring entity.
    ///
    /// ## Example
    /// Passes: subscription `s1` names tenant `contoso-tenant`, which exists.
    /// Fails: subscription `s1` names tenant `contoso-tenat`, which no entity has as its id.
    pub CSP901, "CSP901", Error, "A reference names an entity that does not exist"
}

declare_rule! {
    /// ## What it checks
    /// No two entities share an id, and no two locations share a Partner ID.
    ///
    /// ## Why
    /// Ids are how files, diagnostics and edits name entities; a Partner ID identifies exactly one
    /// partner location in Partner Center (§Types: each location has its own Partner ID).
    ///
    /// ## Example
    /// Passes: locations `fabrikam-tokyo` (Partner ID 1234567) and `fabrikam-osaka` (7654321).
    /// Fails: both locations carry Partner ID 1234567.
    pub CSP902, "CSP902", Error, "Two entities share an id, or two locations share a Partner ID"
}

declare_rule! {
    /// ## What it checks
    /// The workspace has exactly one organization of kind Microsoft.
    ///
    /// ## Why
    /// Microsoft is the vendor every chain starts from (§Types, scenario 1); with none, no chain can
    /// be traced, and two would make every supply ambiguous.
    ///
    /// ## Example
    /// Passes: one organization `microsoft` of kind `Microsoft`.
    /// Fails: a workspace with partners and customers but no Microsoft.
    pub CSP903, "CSP903", Error, "The workspace has no Microsoft, or more than one"
}

declare_rule! {
    /// ## What it checks
    /// A location's Partner ID (formerly MPN ID) consists of digits only.
    ///
    /// ## Why
    /// Partner Center issues numeric Partner IDs; anything else is usually a typo or a tenant id
    /// pasted into the wrong field, and would not match the billing files.
    ///
    /// ## Example
    /// Passes: Partner ID `4512345`.
    /// Fails: Partner ID `45123A5`.
    pub CSP904, "CSP904", Warning, "A Partner ID is not in the expected form (digits only)"
}

fn check(cx: &Context<'_>, out: &mut Sink) {
    dangling_references(cx, out);
    duplicates(cx, out);
    microsoft_count(cx, out);
    partner_id_form(cx, out);
}

/// One reference to check: who refers, through which field (a phrase completing "names 'x'",
/// such as "as its CSP tenant"), to what, expecting which kinds, and the kind it names (`None`:
/// nothing), when the context resolved it already.
struct Reference<'a> {
    from: &'a Id,
    field: &'static str,
    to: &'a Id,
    expected: &'static [EntityKind],
    found: Option<Option<EntityKind>>,
}

/// Calls `visit` with every reference in the workspace, without collecting them (millions at scale).
fn for_each_reference<'a>(cx: &Context<'a>, mut visit: impl FnMut(Reference<'a>)) {
    use super::context::Reference as R;
    use EntityKind::{Location, Organization, Tenant};
    let ws = cx.ws;
    let mut push = |from, field, to, expected, found| {
        visit(Reference {
            from,
            field,
            to,
            expected,
            found,
        })
    };
    for (i, org) in ws.organizations.iter().enumerate() {
        if let Some(by) = &org.mca_attested_by {
            let found = cx.resolved(R::Attester, i);
            let field = "as the partner location that attested its MCA acceptance";
            push(&org.id, field, by, &[Location][..], found);
        }
    }
    for (i, own) in ws.ownerships.iter().enumerate() {
        let (owner, owned) = (cx.resolved(R::Owner, i), cx.resolved(R::Owned, i));
        let field = "as the organization holding the stake";
        push(&own.id, field, &own.owner, &[Organization][..], owner);
        let field = "as the organization it owns";
        push(&own.id, field, &own.owned, &[Organization][..], owned);
    }
    for (i, location) in ws.locations.iter().enumerate() {
        let found = cx.resolved(R::Organization, i);
        let field = "as the organization it belongs to";
        push(
            &location.id,
            field,
            &location.organization,
            &[Organization][..],
            found,
        );
        if let Some(tenant) = &location.csp_tenant {
            let found = cx.resolved(R::CspTenant, i);
            push(
                &location.id,
                "as its CSP tenant",
                tenant,
                &[Tenant][..],
                found,
            );
        }
    }
    for (i, tenant) in ws.tenants.iter().enumerate() {
        if let Some(owner) = &tenant.owner {
            let found = cx.resolved(R::TenantOwner, i);
            let field = "as the organization that owns it";
            push(&tenant.id, field, owner, &[Organization][..], found);
        }
    }
    for (i, rel) in ws.relationships.iter().enumerate() {
        let (from, to) = (cx.resolved(R::From, i), cx.resolved(R::To, i));
        let (from_field, to_field) = ends(&rel.kind);
        push(
            &rel.id,
            from_field,
            &rel.from,
            &[Organization, Location][..],
            from,
        );
        push(&rel.id, to_field, &rel.to, &[Location, Tenant][..], to);
    }
    for (i, sub) in ws.subscriptions.iter().enumerate() {
        let found = cx.resolved(R::SubTenant, i);
        let field = "as the tenant it is provisioned into";
        push(&sub.id, field, &sub.tenant, &[Tenant][..], found);
        let found = cx.resolved(R::BilledBy, i);
        let field = "as the location that bills it";
        push(&sub.id, field, &sub.billed_by, &[Location][..], found);
        if let Fact::Stated(reseller) = &sub.reseller_of_record {
            let found = cx.resolved(R::Reseller, i);
            push(
                &sub.id,
                "as its reseller of record",
                reseller,
                &[Location][..],
                found,
            );
        }
        for change in &sub.partner_of_record_changes {
            let field = "as the location billing it after a partner-of-record change";
            push(&sub.id, field, &change.billed_by, &[Location][..], None);
            if let Fact::Stated(reseller) = &change.reseller_of_record {
                let field = "as its reseller of record after a partner-of-record change";
                push(&sub.id, field, reseller, &[Location][..], None);
            }
        }
    }
}

/// How a relationship of `kind` names its two ends, as phrases completing "names 'x' ...".
fn ends(kind: &RelationshipKind) -> (&'static str, &'static str) {
    match kind {
        RelationshipKind::Supply => ("as the seller", "as the partner location supplied"),
        RelationshipKind::Partnership => ("as the indirect provider", "as the indirect reseller"),
        RelationshipKind::Reseller => (
            "as the partner holding it",
            "as the customer tenant that granted it",
        ),
        RelationshipKind::Admin { .. } => {
            ("as the partner administering", "as the tenant administered")
        }
    }
}

/// "Location 'Contoso (Tokyo)' (contoso-tokyo)", or "Ownership 'o1'" where the name is the id.
fn referrer(cx: &Context<'_>, id: &Id) -> String {
    let kind = match cx.lookup(id.as_str()) {
        Some(at) if at.kind == EntityKind::Relationship => {
            cx.relationship(id.as_str()).map_or_else(
                || "Relationship".to_owned(),
                |r| capitalized(r.kind.label()),
            )
        }
        Some(at) => capitalized(at.kind.label()),
        None => "Entity".to_owned(),
    };
    let name = cx.name(id.as_str());
    if name == id.as_str() {
        format!("{kind} '{id}'")
    } else {
        format!("{kind} '{name}' ({id})")
    }
}

fn dangling_references(cx: &Context<'_>, out: &mut Sink) {
    for_each_reference(cx, |reference| {
        let found = match reference.found {
            Some(found) => found,
            None => cx.lookup(reference.to.as_str()).map(|at| at.kind),
        };
        let message = match found {
            None => format!(
                "{} names '{}' {}, but no entity has that id",
                referrer(cx, reference.from),
                reference.to,
                reference.field
            ),
            Some(kind) if !reference.expected.contains(&kind) => format!(
                "{} names '{}' {}, but that is {} {}, not {}",
                referrer(cx, reference.from),
                reference.to,
                reference.field,
                article(kind.label()),
                kind.label(),
                expected_kinds(reference.expected)
            ),
            Some(_) => return,
        };
        out.report(&CSP901, message, vec![reference.from.clone()]);
    });
}

fn expected_kinds(kinds: &[EntityKind]) -> String {
    let names: Vec<String> = kinds
        .iter()
        .map(|k| format!("{} {}", article(k.label()), k.label()))
        .collect();
    names.join(" or ")
}

fn duplicates(cx: &Context<'_>, out: &mut Sink) {
    for (id, first, later) in &cx.duplicates {
        out.report(
            &CSP902,
            format!(
                "The id '{id}' is used by {} {} and by {} {}",
                article(first.label()),
                first.label(),
                article(later.label()),
                later.label()
            ),
            vec![(*id).clone()],
        );
    }
    let mut by_partner_id: HashMap<&str, &Id> = HashMap::default();
    for location in &cx.ws.locations {
        let Some(partner_id) = location.partner_id.as_deref() else {
            continue;
        };
        if let Some(first) = by_partner_id.insert(partner_id, &location.id) {
            out.report(
                &CSP902,
                format!(
                    "Locations '{}' ({first}) and '{}' ({}) share the Partner ID {partner_id}; each location has a Partner ID of its own",
                    cx.name(first.as_str()),
                    cx.name(location.id.as_str()),
                    location.id
                ),
                vec![first.clone(), location.id.clone()],
            );
        }
    }
}

fn microsoft_count(cx: &Context<'_>, out: &mut Sink) {
    let microsofts: Vec<Id> = cx
        .ws
        .organizations
        .iter()
        .filter(|o| o.kind == OrganizationKind::Microsoft)
        .map(|o| o.id.clone())
        .collect();
    match microsofts.len() {
        1 => {}
        0 => {
            out.report(
                &CSP903,
                "The workspace has no Microsoft organization; every chain starts from Microsoft"
                    .into(),
                Vec::new(),
            );
        }
        n => {
            out.report(
                &CSP903,
                format!("The workspace has {n} Microsoft organizations; it must have exactly one"),
                microsofts,
            );
        }
    }
}

fn partner_id_form(cx: &Context<'_>, out: &mut Sink) {
    for location in &cx.ws.locations {
        let Some(partner_id) = location.partner_id.as_deref() else {
            continue;
        };
        if partner_id.is_empty() || !partner_id.bytes().all(|b| b.is_ascii_digit()) {
            out.report(
                &CSP904,
                format!(
                    "Location '{}' has the Partner ID {partner_id:?}, which is not all digits",
                    cx.name(location.id.as_str())
                ),
                vec![location.id.clone()],
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::check;
    use crate::rules::test_support::*;

    fn codes(ws: &crate::model::Workspace) -> Vec<&'static str> {
        check(ws)
            .into_iter()
            .filter(|d| d.code.starts_with("CSP9"))
            .map(|d| d.code)
            .collect()
    }

    #[test]
    fn a_minimal_workspace_has_no_integrity_findings() {
        assert_eq!(codes(&base()), Vec::<&str>::new());
    }

    #[test]
    fn a_reference_to_nothing_names_the_referring_entity() {
        let mut ws = base();
        ws.locations[0].csp_tenant = Some(id("no-such-tenant"));
        let found: Vec<_> = check(&ws)
            .into_iter()
            .filter(|d| d.code == "CSP901")
            .collect();
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].entities, vec![ws.locations[0].id.clone()]);
        assert!(
            found[0].message.contains("no-such-tenant"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn a_reference_to_the_wrong_kind_is_reported() {
        let mut ws = base();
        ws.locations[0].csp_tenant = Some(ws.organizations[1].id.clone());
        let found: Vec<_> = check(&ws)
            .into_iter()
            .filter(|d| d.code == "CSP901")
            .collect();
        assert_eq!(found.len(), 1);
        assert!(
            found[0].message.contains("not a tenant"),
            "{}",
            found[0].message
        );
    }

    #[test]
    fn shared_partner_ids_and_no_microsoft_and_letters_are_reported() {
        let mut ws = base();
        let mut second = ws.locations[0].clone();
        second.id = id("second");
        second.partner_id = Some("12A".into());
        ws.locations.push(second.clone());
        let mut third = second;
        third.id = id("third");
        ws.locations.push(third);
        ws.organizations
            .retain(|o| o.kind != crate::model::OrganizationKind::Microsoft);
        let found = codes(&ws);
        assert!(found.contains(&"CSP902"), "{found:?}");
        assert!(found.contains(&"CSP903"), "{found:?}");
        assert_eq!(
            found.iter().filter(|c| **c == "CSP904").count(),
            2,
            "{found:?}"
        );
    }
}
