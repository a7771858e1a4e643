//! Whose tenant is whose: CSP304 (scenario 6), CSP305 and CSP306.

use super::{insert, move_subscription, new_tenant};
use crate::edit::Edit;
use crate::model::{
    Entity, EntityKind, EntityRef, Id, Location, Relationship, RelationshipKind, Tenant, TenantKind,
};
use crate::rules::registry::declare_rule;
use crate::rules::text::and_list;
use crate::rules::{Context, Fix, Sink};

declare_rule! {
    /// ## What it checks
    /// An indirect reseller is not, in one tenant, both the reseller of an indirect provider and
    /// that provider's end customer. It fires when a provider location holds a reseller
    /// relationship (in force on the workspace's as-of date) with the CSP partner tenant of a
    /// reseller location it is partnered with (the partnership in force on that date too). A
    /// subscription provisioned into that tenant is reported by CSP301 and CSP302 as usual.
    ///
    /// Reading: both relationships are judged on the workspace's as-of date; a partnership that
    /// has ended, or a reseller relationship that has ended, no longer counts.
    ///
    /// The diagnostic offers the three ways out, each as a quick fix:
    /// 1. a separate customer tenant owned by the reseller's organization for its own purchases,
    ///    taking over the provider's reseller relationship and any subscriptions in the CSP tenant;
    /// 2. end the partnership with this provider and this provider's reseller relationship with
    ///    the CSP tenant (as of the workspace date), partner with another provider, and buy for its
    ///    own use from a different direct bill partner;
    /// 3. keep the customer relationship with this provider and end the partnership, reselling
    ///    through another provider (a partnership with that other provider is still needed).
    ///
    /// Ending a partnership: the provider removes it in Partner Center (earlier, through
    /// Microsoft support).
    ///
    /// ## Why
    /// Scenario 6 (the English article; the Japanese translation reverses it): when a reseller
    /// already has an indirect provider–reseller relationship, that relationship prevents it from
    /// also becoming the same provider's end customer in the same tenant. The article lists
    /// exactly these three options.
    ///
    /// ## Example
    /// Passes: 'Provider Co' partners with 'Reseller Co' and holds a reseller relationship with
    /// `reseller-own-use`, a separate customer tenant Reseller Co owns.
    /// Fails: 'Provider Co' holds the reseller relationship with `reseller-csp`, the CSP tenant of
    /// its own reseller 'Reseller Co'.
    pub CSP304, "CSP304", Error, "A reseller is not its provider's end customer in the same tenant"
}

declare_rule! {
    /// ## What it checks
    /// Three gaps in who owns what: a tenant with no owner recorded; a location that transacts
    /// but has no CSP partner tenant; a CSP partner tenant owned by an organization that is not a
    /// partner (it has no partner location).
    ///
    /// Reading: a location transacts when it holds an active enrolment or is one end of a supply,
    /// partnership or reseller relationship.
    ///
    /// ## Why
    /// Every tenant is owned by one organization (a customer's market and the self-dealing rules
    /// follow the owner), and a location transacts from its CSP tenant (scenario 4 calls it "the
    /// tenant used for CSP"). Without these, other rules cannot judge the network.
    ///
    /// ## Example
    /// Passes: `reseller-csp` is owned by 'Reseller Co', whose location transacts from it.
    /// Fails: `reseller-csp` has no owner, or the reseller's location has no CSP tenant.
    pub CSP305, "CSP305", Warning, "A tenant has no owner, or a transacting location has no CSP tenant"
}

declare_rule! {
    /// ## What it checks
    /// One CSP partner tenant belongs to exactly one location (one Partner ID), and a location's
    /// CSP tenant is a CSP partner tenant. Reported: two or more locations naming the same CSP
    /// tenant; a location whose CSP tenant is a customer or shared services tenant; a CSP partner
    /// tenant of a partner organization that no location uses.
    ///
    /// Reading: a location with no CSP tenant at all is CSP305's warning, and a CSP tenant whose
    /// owner is no partner is CSP305's too.
    ///
    /// ## Why
    /// Partner Center keeps a one-to-one relationship between a CSP tenant and a location's
    /// Partner ID; billing, reseller relationships and the MPA all hang on that pair.
    ///
    /// ## Example
    /// Passes: 'Fabrikam Tokyo' uses `fabrikam-jp-csp` and 'Fabrikam Munich' uses
    /// `fabrikam-de-csp`.
    /// Fails: both locations name `fabrikam-jp-csp` as their CSP tenant.
    pub CSP306, "CSP306", Error, "One CSP tenant belongs to exactly one location"
}

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    csp304(cx, out);
    csp305(cx, out);
    csp306(cx, out);
}

fn csp304(cx: &Context<'_>, out: &mut Sink) {
    let as_of = cx.as_of;
    let ws = cx.ws;
    // Reseller relationships into some location's CSP tenant are rare: look from each CSP tenant
    // in use at the reseller relationships into it.
    for t in 0..ws.tenants.len() {
        let mut users = cx.csp_tenant_users(t).peekable();
        if users.peek().is_none() {
            continue;
        }
        let users: Vec<usize> = users.collect();
        let into = cx.rels_to(EntityRef {
            kind: EntityKind::Tenant,
            index: t,
        });
        for r in into {
            let rel = &ws.relationships[r];
            if rel.kind != RelationshipKind::Reseller || !rel.in_force_on(as_of) {
                continue;
            }
            for &user in &users {
                let reseller = &ws.locations[user];
                if reseller.id == rel.from {
                    continue;
                }
                // The first partnership in force from this provider to that reseller.
                let partnership = cx
                    .rels_to(EntityRef {
                        kind: EntityKind::Location,
                        index: user,
                    })
                    .map(|p| &ws.relationships[p])
                    .find(|p| {
                        p.kind == RelationshipKind::Partnership
                            && p.from == rel.from
                            && p.in_force_on(as_of)
                    });
                if let Some(partnership) = partnership {
                    report_csp304(cx, rel, reseller, partnership, out);
                }
            }
        }
    }
}

fn report_csp304(
    cx: &Context<'_>,
    rel: &Relationship,
    reseller: &Location,
    partnership: &Relationship,
    out: &mut Sink,
) {
    let as_of = cx.as_of;
    let provider_name = cx.name(rel.from.as_str());
    let reseller_name = cx.name(reseller.id.as_str());
    let tenant_name = cx.name(rel.to.as_str());
    let mut fixes = Vec::new();

    // 1. A separate customer tenant for the reseller's own purchases.
    let org = &reseller.organization;
    if let Some(new_id) = cx.fresh_id(&format!("{org}-own-use"), &[]) {
        let country = cx
            .tenant(rel.to.as_str())
            .and_then(|t| t.country)
            .or(reseller.country);
        let org_name = cx.name(org.as_str());
        let tenant = new_tenant(
            new_id.clone(),
            format!("{org_name} (own use)"),
            org,
            TenantKind::Customer,
            country,
        );
        let mut moved_rel = rel.clone();
        moved_rel.to = new_id.clone();
        let mut edits = vec![
            insert(Entity::Tenant(tenant)),
            Edit::Replace(Entity::Relationship(moved_rel)),
        ];
        edits.extend(
            cx.subscriptions_in(rel.to.as_str())
                .map(|sub| move_subscription(sub, &new_id)),
        );
        let moved = edits.len() - 2;
        let subs = match moved {
            0 => String::new(),
            1 => " and the subscription in the CSP tenant".to_owned(),
            n => format!(" and the {n} subscriptions in the CSP tenant"),
        };
        fixes.push(Fix {
            title: format!(
                "Option 1: create customer tenant '{new_id}' owned by '{org_name}' for its own purchases, and move the reseller relationship of '{provider_name}'{subs} to it"
            ),
            edit: Edit::Batch(edits),
        });
    }

    // 2: end the partnership and the customer relationship (it buys elsewhere);
    // 3: end the partnership only (it stays this provider's customer).
    let mut ended = partnership.clone();
    ended.end = Some(as_of);
    let mut rel_ended = rel.clone();
    rel_ended.end = Some(as_of);
    fixes.push(Fix {
        title: format!(
            "Option 2: on {as_of}, end the partnership between '{provider_name}' and '{reseller_name}', and the reseller relationship of '{provider_name}' with '{tenant_name}'; '{reseller_name}' then partners with another indirect provider and buys for its own use from a different direct bill partner"
        ),
        edit: Edit::Batch(vec![
            Edit::Replace(Entity::Relationship(ended.clone())),
            Edit::Replace(Entity::Relationship(rel_ended)),
        ]),
    });
    fixes.push(Fix {
        title: format!(
            "Option 3: keep '{reseller_name}' as a customer of '{provider_name}' and end their partnership on {as_of}; to keep reselling, '{reseller_name}' needs a partnership with another indirect provider"
        ),
        edit: Edit::Replace(Entity::Relationship(ended)),
    });

    let diagnostic = out.report(
        &CSP304,
        format!(
            "Indirect provider {} holds a reseller relationship with '{tenant_name}', the CSP tenant of its own indirect reseller {}: in one tenant a reseller cannot be both this provider's reseller and its end customer",
            cx.describe(rel.from.as_str(), as_of),
            cx.describe(reseller.id.as_str(), as_of)
        ),
        vec![
            rel.id.clone(),
            reseller.id.clone(),
            rel.from.clone(),
            rel.to.clone(),
            partnership.id.clone(),
        ],
    );
    diagnostic.fixes = fixes;
}

/// A location transacts when it holds an active enrolment or is one end of a supply,
/// partnership or reseller relationship.
fn transacts(cx: &Context<'_>, at: usize, location: &Location) -> bool {
    let here = EntityRef {
        kind: EntityKind::Location,
        index: at,
    };
    let selling = |r: usize| !matches!(cx.ws.relationships[r].kind, RelationshipKind::Admin { .. });
    location.enrolments.iter().any(|e| e.is_active())
        || cx.rels_from(here).any(selling)
        || cx.rels_to(here).any(selling)
}

/// The one organization whose locations use the tenant at `t` as CSP tenant, if exactly one does.
fn sole_user_org<'a>(cx: &Context<'a>, t: usize) -> Option<&'a Id> {
    let mut users = cx
        .csp_tenant_users(t)
        .map(|l| &cx.ws.locations[l].organization);
    let first = users.next()?;
    users.all(|org| org == first).then_some(first)
}

fn set_owner_fix(cx: &Context<'_>, tenant: &Tenant, owner: &Id) -> Fix {
    let mut owned = tenant.clone();
    owned.owner = Some(owner.clone());
    Fix {
        title: format!(
            "Make '{}', whose location uses it, the owner of '{}'",
            cx.name(owner.as_str()),
            cx.name(tenant.id.as_str())
        ),
        edit: Edit::Replace(Entity::Tenant(owned)),
    }
}

/// A fix giving `location` a CSP tenant of its own; `also_taken` holds ids the same fix creates.
fn own_csp_tenant_edit(
    cx: &Context<'_>,
    location: &Location,
    also_taken: &[Id],
) -> Option<(Id, Vec<Edit>)> {
    let new_id = cx.fresh_id(&format!("{}-csp", location.id), also_taken)?;
    let tenant = new_tenant(
        new_id.clone(),
        format!("{} (CSP)", cx.name(location.id.as_str())),
        &location.organization,
        TenantKind::CspPartner,
        location.country,
    );
    let mut moved = location.clone();
    moved.csp_tenant = Some(new_id.clone());
    Some((
        new_id,
        vec![
            insert(Entity::Tenant(tenant)),
            Edit::Replace(Entity::Location(moved)),
        ],
    ))
}

fn csp305(cx: &Context<'_>, out: &mut Sink) {
    for (t, tenant) in cx.ws.tenants.iter().enumerate() {
        match &tenant.owner {
            None => {
                let fix = sole_user_org(cx, t).map(|org| set_owner_fix(cx, tenant, org));
                let diagnostic = out.report(
                    &CSP305,
                    format!(
                        "Tenant '{}' ({}) has no owner recorded; every tenant belongs to one organization",
                        cx.name(tenant.id.as_str()),
                        tenant.kind.label()
                    ),
                    vec![tenant.id.clone()],
                );
                diagnostic.fixes.extend(fix);
            }
            Some(owner) if tenant.kind == TenantKind::CspPartner => {
                let Some(o) = cx.tenant_owner(t) else {
                    continue; // CSP901
                };
                let org = &cx.ws.organizations[o];
                if org.kind != crate::model::OrganizationKind::Microsoft
                    && cx.org_locations(o).next().is_some()
                {
                    continue;
                }
                let fix = sole_user_org(cx, t)
                    .filter(|user| *user != owner)
                    .map(|user| set_owner_fix(cx, tenant, user));
                let diagnostic = out.report(
                    &CSP305,
                    format!(
                        "CSP partner tenant '{}' is owned by '{}', which has no partner location; a CSP tenant belongs to the partner transacting from it",
                        cx.name(tenant.id.as_str()),
                        org.name
                    ),
                    vec![tenant.id.clone(), owner.clone()],
                );
                diagnostic.fixes.extend(fix);
            }
            Some(_) => {}
        }
    }
    for (at, location) in cx.ws.locations.iter().enumerate() {
        if location.csp_tenant.is_some() || !transacts(cx, at, location) {
            continue;
        }
        let fix = own_csp_tenant_edit(cx, location, &[]).map(|(new_id, edits)| Fix {
            title: format!(
                "Create CSP partner tenant '{new_id}' for '{}'",
                cx.name(location.id.as_str())
            ),
            edit: Edit::Batch(edits),
        });
        let diagnostic = out.report(
            &CSP305,
            format!(
                "Location {} transacts but has no CSP partner tenant recorded; a location transacts from its own CSP tenant",
                cx.describe(location.id.as_str(), cx.as_of)
            ),
            vec![location.id.clone()],
        );
        diagnostic.fixes.extend(fix);
    }
}

fn csp306(cx: &Context<'_>, out: &mut Sink) {
    // Each CSP tenant named by a location, once: shared by several, or not a CSP partner tenant.
    // (A CSP tenant that names no tenant is CSP901's.)
    for (t, tenant) in cx.ws.tenants.iter().enumerate() {
        let users: Vec<&Location> = cx
            .csp_tenant_users(t)
            .map(|l| &cx.ws.locations[l])
            .collect();
        if users.is_empty() {
            continue;
        }
        if tenant.kind == TenantKind::CspPartner {
            if users.len() > 1 {
                shared_csp_tenant(cx, tenant, &users, out);
            }
            continue;
        }
        for location in &users {
            let fix = own_csp_tenant_edit(cx, location, &[]).map(|(new_id, edits)| Fix {
                title: format!(
                    "Create CSP partner tenant '{new_id}' for '{}' and use it instead",
                    cx.name(location.id.as_str())
                ),
                edit: Edit::Batch(edits),
            });
            let diagnostic = out.report(
                &CSP306,
                format!(
                    "Location '{}' names '{}' as its CSP tenant, but that is a {}, not a CSP partner tenant",
                    cx.name(location.id.as_str()),
                    cx.name(tenant.id.as_str()),
                    tenant.kind.label()
                ),
                vec![location.id.clone(), tenant.id.clone()],
            );
            diagnostic.fixes.extend(fix);
        }
    }
    // CSP partner tenants no location uses.
    for (t, tenant) in cx.ws.tenants.iter().enumerate() {
        if tenant.kind == TenantKind::CspPartner && cx.csp_tenant_users(t).next().is_none() {
            unused_csp_tenant(cx, tenant, out);
        }
    }
}

fn shared_csp_tenant(cx: &Context<'_>, tenant: &Tenant, users: &[&Location], out: &mut Sink) {
    let names: Vec<String> = users
        .iter()
        .map(|l| match &l.partner_id {
            Some(pid) => format!("'{}' (Partner ID {pid})", cx.name(l.id.as_str())),
            None => format!("'{}'", cx.name(l.id.as_str())),
        })
        .collect();
    let mut edits = Vec::new();
    let mut created: Vec<Id> = Vec::new();
    for location in users.iter().skip(1) {
        if let Some((new_id, more)) = own_csp_tenant_edit(cx, location, &created) {
            created.push(new_id);
            edits.extend(more);
        }
    }
    let mut entities = vec![tenant.id.clone()];
    entities.extend(users.iter().map(|l| l.id.clone()));
    let diagnostic = out.report(
        &CSP306,
        format!(
            "CSP partner tenant '{}' is used by {} locations: {}; each location (Partner ID) has its own CSP tenant",
            cx.name(tenant.id.as_str()),
            users.len(),
            and_list(&names)
        ),
        entities,
    );
    if !edits.is_empty() {
        diagnostic.fixes.push(Fix {
            title: format!(
                "Give every location but '{}' a CSP partner tenant of its own",
                cx.name(users[0].id.as_str())
            ),
            edit: Edit::Batch(edits),
        });
    }
}

fn unused_csp_tenant(cx: &Context<'_>, tenant: &Tenant, out: &mut Sink) {
    // Only a partner's CSP tenant: no owner, or a non-partner owner, is CSP305's.
    let Some(owner) = &tenant.owner else { return };
    let mut owner_locations = cx.locations_of(owner.as_str()).peekable();
    if owner_locations.peek().is_none() || cx.is_microsoft(owner.as_str()) {
        return;
    }
    let mut fixes = Vec::new();
    if let Some(location) = owner_locations.find(|l| l.csp_tenant.is_none()) {
        let mut linked = location.clone();
        linked.csp_tenant = Some(tenant.id.clone());
        fixes.push(Fix {
            title: format!(
                "Make '{}' the CSP tenant of '{}'",
                cx.name(tenant.id.as_str()),
                cx.name(location.id.as_str())
            ),
            edit: Edit::Replace(Entity::Location(linked)),
        });
    }
    if cx.subscriptions_in(tenant.id.as_str()).next().is_none()
        && cx.relationships_to(tenant.id.as_str()).next().is_none()
    {
        fixes.push(Fix {
            title: format!(
                "Remove the unused CSP partner tenant '{}'",
                cx.name(tenant.id.as_str())
            ),
            edit: Edit::Remove(tenant.id.clone()),
        });
    }
    let diagnostic = out.report(
        &CSP306,
        format!(
            "CSP partner tenant '{}' of '{}' belongs to no location; a CSP tenant belongs to exactly one location",
            cx.name(tenant.id.as_str()),
            cx.name(owner.as_str())
        ),
        vec![tenant.id.clone(), owner.clone()],
    );
    diagnostic.fixes = fixes;
}
