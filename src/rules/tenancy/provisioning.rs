//! What may be provisioned into which tenant: CSP301, CSP302, CSP303 and CSP307.

use super::{OwnTenants, insert, move_subscription, new_tenant};
use crate::edit::Edit;
use crate::model::{
    Country, EnrolmentStatus, Entity, Fact, Id, OfferKind, Purpose, RelationshipKind, Role,
    Subscription, Tenant, TenantKind,
};
use crate::rules::registry::declare_rule;
use crate::rules::text::{capitalized, sub_label, tenant_text};
use crate::rules::{Context, Fix, Severity, Sink};

declare_rule! {
    /// ## What it checks
    /// No subscription is provisioned into a CSP partner tenant, the tenant a partner location
    /// transacts from in Partner Center.
    ///
    /// ## Why
    /// Scenario 4: services a partner buys "cannot be provisioned into the partner's existing CSP
    /// tenant"; they go into a tenant designated as customer type, for internal use only. The CSP
    /// tenant is where the partner does business, not where services run.
    ///
    /// ## Example
    /// Passes: 'Reseller Co' buys Microsoft 365 for its staff into its own customer tenant
    /// `reseller-own-use`.
    /// Fails: the same subscription is provisioned into `reseller-csp`, Reseller Co's CSP partner
    /// tenant.
    pub CSP301, "CSP301", Error, "Nothing is provisioned into a CSP partner tenant"
}

declare_rule! {
    /// ## What it checks
    /// A subscription a partner buys for its own use goes into a customer-kind tenant that the
    /// partner's organization owns: not into a CSP partner tenant, and not into a tenant of an
    /// organization that is no partner at all. The shared-services route (the shared-services
    /// Azure offer, billed by a direct bill partner or indirect provider into its own shared
    /// services tenant) is the exception; CSP307 judges it.
    ///
    /// Reading: the model records no buyer beside the tenant, so the buying partner is the owner
    /// of the tenant the subscription went into (for a CSP partner tenant without an owner, the
    /// organization of the location using it). An own-use subscription in a customer tenant whose
    /// owner has no partner location is in "someone else's tenant". Other offers in a shared
    /// services tenant are CSP307's, not this rule's.
    ///
    /// ## Why
    /// Scenario 4: a partner buying for its own use must use a tenant different from the one it
    /// uses for CSP, designated as customer type and used internally only. The quick fix creates
    /// such a tenant for the partner, in the country of the CSP tenant, and moves the subscription.
    ///
    /// ## Example
    /// Passes: 'Reseller Co' buys Microsoft 365 for its own use into `reseller-own-use`, a customer
    /// tenant Reseller Co owns.
    /// Fails: 'Reseller Co' buys it for its own use into `reseller-csp`, its CSP partner tenant.
    pub CSP302, "CSP302", Error, "A partner's own-use purchase goes into a customer tenant it owns"
}

declare_rule! {
    /// ## What it checks
    /// A partner buying for its own use buys from an indirect reseller (through that reseller's
    /// indirect provider) or from a direct bill partner: a warning when an own-use subscription is
    /// billed by an indirect provider with no reseller of record. The shared-services Azure offer
    /// in the partner's own shared services tenant gets an info instead: that is Microsoft's
    /// route for a partner's own Azure use, under its MPA.
    ///
    /// Reading: "buys through a direct bill partner" is a subscription billed by a location holding
    /// a direct-bill enrolment; "through an indirect reseller" is one naming a reseller of record.
    /// When the reseller of record of a provider-billed own-use subscription was never recorded,
    /// the subscription is counted as not judged.
    ///
    /// ## Why
    /// Scenario 4 names the two sources a partner buys from "as a customer": an indirect reseller
    /// or a direct bill partner. An indirect provider sells through resellers, not to end customers.
    ///
    /// ## Example
    /// Passes: 'Reseller Co' buys Microsoft 365 for its own use from 'Direct Co', a direct bill
    /// partner.
    /// Fails (warning): it buys the subscription from 'Provider Co', an indirect provider, with no
    /// reseller of record.
    pub CSP303, "CSP303", Warning, "A partner buys for its own use from an indirect reseller or a direct bill partner"
}

declare_rule! {
    /// ## What it checks
    /// The shared-services Azure offer ("Azure - Internal/Shared Services") goes only into a shared
    /// services tenant owned by the organization of the location that bills it; a shared services
    /// tenant holds nothing but that offer (in particular no licence-based subscription); and a
    /// location whose direct-bill enrolment is restricted buys no new shared-services subscription
    /// (one starting on or after the restriction's status date).
    ///
    /// Reading: the catalogue names licence-based subscriptions; since the shared services tenant
    /// takes "the shared-services Azure offer only", every other offer in it is reported. A
    /// restricted direct-bill location that also holds an active indirect-provider enrolment may
    /// still buy the offer. Without a restriction date or a tenant owner the subscription is
    /// counted as not judged.
    ///
    /// ## Why
    /// Azure Partner Shared Services is Microsoft's route for a partner's own Azure use: the
    /// partner buys it under its MPA into its own shared services tenant. A restricted direct
    /// bill partner may not add new purchases.
    ///
    /// ## Example
    /// Passes: 'Direct Co' buys the shared-services Azure offer into `direct-shared`, its own
    /// shared services tenant.
    /// Fails: it provisions the offer into its customer's tenant, or buys Microsoft 365 into
    /// `direct-shared`.
    pub CSP307, "CSP307", Error, "The shared-services Azure offer goes only into the partner's own shared services tenant"
}

pub(super) fn check<'a>(cx: &Context<'a>, own: &mut OwnTenants<'a>, out: &mut Sink) {
    for (s, sub) in cx.ws.subscriptions.iter().enumerate() {
        let Some(t) = cx.sub_tenant(s) else {
            continue; // CSP901 reports the dangling reference
        };
        let tenant = &cx.ws.tenants[t];
        let route = cx.is_shared_services_route(s);
        if tenant.kind == TenantKind::CspPartner {
            csp301(cx, sub, t, own, out);
        }
        if sub.purpose == Purpose::OwnUse && !route {
            csp302(cx, sub, t, own, out);
        }
        if route {
            shared_services_info(cx, sub, tenant, out);
        } else if sub.purpose == Purpose::OwnUse {
            csp303(cx, s, sub, tenant, out);
        }
        csp307(cx, s, sub, tenant, own, out);
    }
}

/// The organization whose CSP tenant the tenant at `t` is: its owner, else the organization of
/// the first location using it.
fn csp_tenant_partner<'a>(cx: &Context<'a>, t: usize) -> Option<&'a Id> {
    let tenant = &cx.ws.tenants[t];
    tenant.owner.as_ref().or_else(|| {
        cx.csp_tenant_users(t)
            .next()
            .map(|l| &cx.ws.locations[l].organization)
    })
}

/// Fixes moving `sub` into a customer tenant of `partner`: a new one (first), or an existing one.
fn own_use_fixes<'a>(
    cx: &Context<'a>,
    sub: &Subscription,
    partner: &Id,
    country: Option<Country>,
    own: &mut OwnTenants<'a>,
) -> Vec<Fix> {
    let mut fixes = Vec::new();
    let partner_name = cx.name(partner.as_str());
    if let Some(new_id) = cx.fresh_id(&format!("{partner}-own-use"), &[]) {
        let tenant = new_tenant(
            new_id.clone(),
            format!("{partner_name} (own use)"),
            partner,
            TenantKind::Customer,
            country,
        );
        fixes.push(Fix {
            title: format!(
                "Create customer tenant '{new_id}' owned by '{partner_name}' for its own use and move the subscription into it"
            ),
            edit: Edit::Batch(vec![
                insert(Entity::Tenant(tenant)),
                move_subscription(sub, &new_id),
            ]),
        });
    }
    if let Some(existing) = own
        .customer(cx, partner.as_str())
        .filter(|t| t.id != sub.tenant)
    {
        fixes.push(Fix {
            title: format!(
                "Move the subscription into '{}', the customer tenant '{partner_name}' already owns",
                cx.name(existing.id.as_str())
            ),
            edit: move_subscription(sub, &existing.id),
        });
    }
    fixes
}

fn csp301<'a>(
    cx: &Context<'a>,
    sub: &Subscription,
    t: usize,
    own: &mut OwnTenants<'a>,
    out: &mut Sink,
) {
    let tenant = &cx.ws.tenants[t];
    let whose = match csp_tenant_partner(cx, t) {
        Some(org) => format!(" of '{}'", cx.name(org.as_str())),
        None => String::new(),
    };
    let fixes = match (sub.purpose, csp_tenant_partner(cx, t)) {
        (Purpose::OwnUse, Some(partner)) => own_use_fixes(cx, sub, partner, tenant.country, own),
        _ => Vec::new(),
    };
    let diagnostic = out.report(
        &CSP301,
        format!(
            "{} is provisioned into {}, the CSP partner tenant{whose}; a CSP partner tenant is for transacting, nothing is provisioned into it",
            capitalized(&sub_label(sub)),
            cx.describe(tenant.id.as_str(), cx.as_of)
        ),
        vec![sub.id.clone(), tenant.id.clone()],
    );
    diagnostic.fixes = fixes;
}

fn csp302<'a>(
    cx: &Context<'a>,
    sub: &Subscription,
    t: usize,
    own: &mut OwnTenants<'a>,
    out: &mut Sink,
) {
    let tenant = &cx.ws.tenants[t];
    match tenant.kind {
        TenantKind::CspPartner => {
            let Some(partner) = csp_tenant_partner(cx, t) else {
                out.not_judged(&CSP302, &tenant.id, "no owner recorded");
                return;
            };
            let country = tenant.country.or_else(|| {
                cx.locations_of(partner.as_str())
                    .find_map(|location| location.country)
            });
            let fixes = own_use_fixes(cx, sub, partner, country, own);
            let diagnostic = out.report(
                &CSP302,
                format!(
                    "'{}' bought {} for its own use into {}, its CSP partner tenant; a partner's own-use purchases go into a customer-kind tenant it owns",
                    cx.name(partner.as_str()),
                    sub_label(sub),
                    cx.describe(tenant.id.as_str(), cx.as_of)
                ),
                vec![sub.id.clone(), tenant.id.clone(), partner.clone()],
            );
            diagnostic.fixes = fixes;
        }
        TenantKind::Customer => {
            let Some(owner) = &tenant.owner else {
                out.not_judged(&CSP302, &tenant.id, "no owner recorded");
                return;
            };
            match cx.tenant_owner(t) {
                None => return, // a dangling owner, CSP901's
                Some(o) if cx.org_locations(o).next().is_some() => return, // a partner's own
                Some(_) => {}
            }
            out.report(
                &CSP302,
                format!(
                    "{}, bought for a partner's own use, is provisioned into {}, and '{}' is not a partner: a partner's own-use purchase goes into a customer tenant the partner itself owns, not someone else's",
                    capitalized(&sub_label(sub)),
                    tenant_text(cx, tenant.id.as_str(), cx.as_of),
                    cx.name(owner.as_str())
                ),
                vec![sub.id.clone(), tenant.id.clone(), owner.clone()],
            );
        }
        TenantKind::SharedServices => {} // CSP307 reports what does not belong there
    }
}

fn shared_services_info(cx: &Context<'_>, sub: &Subscription, tenant: &Tenant, out: &mut Sink) {
    let owner = tenant.owner.as_ref().map_or_else(
        || "The partner".to_owned(),
        |o| format!("'{}'", cx.name(o.as_str())),
    );
    let diagnostic = out.report(
        &CSP303,
        format!(
            "{owner} buys {} for its own use through the shared-services route: billed by '{}' into '{}', its own shared services tenant, under its MPA",
            sub_label(sub),
            cx.name(sub.billed_by.as_str()),
            cx.name(tenant.id.as_str())
        ),
        vec![sub.id.clone(), tenant.id.clone()],
    );
    diagnostic.severity = Severity::Info;
}

fn csp303(cx: &Context<'_>, s: usize, sub: &Subscription, tenant: &Tenant, out: &mut Sink) {
    let Some(billing) = cx.sub_billing(s).map(|b| &cx.ws.locations[b]) else {
        return;
    };
    if billing.enrolment(Role::DirectBill).is_some()
        || billing.enrolment(Role::IndirectProvider).is_none()
    {
        return; // bought from a direct bill partner, or a chain CSP1xx judges
    }
    match &sub.reseller_of_record {
        Fact::Stated(_) => return,
        Fact::Unknown => {
            out.not_judged(&CSP303, &sub.id, "no reseller of record recorded");
            return;
        }
        Fact::Absent => {}
    }
    let buyer = tenant.owner.as_ref().map_or_else(
        || "A partner".to_owned(),
        |o| format!("'{}'", cx.name(o.as_str())),
    );
    // Offer the first reseller partnered with this provider (not the buyer itself) as the source.
    let reseller = cx
        .relationships_from(billing.id.as_str())
        .filter(|r| r.kind == RelationshipKind::Partnership && r.in_force_on(cx.as_of))
        .filter_map(|r| cx.location(r.to.as_str()))
        .find(|l| tenant.owner.as_ref() != Some(&l.organization));
    let diagnostic = out.report(
        &CSP303,
        format!(
            "{buyer} bought {} for its own use straight from indirect provider {}, with no indirect reseller: a partner buying for its own use buys from an indirect reseller or a direct bill partner",
            sub_label(sub),
            cx.describe(billing.id.as_str(), cx.as_of)
        ),
        vec![sub.id.clone(), billing.id.clone(), tenant.id.clone()],
    );
    if let Some(reseller) = reseller {
        let mut bought = sub.clone();
        bought.reseller_of_record = Fact::Stated(reseller.id.clone());
        diagnostic.fixes.push(Fix {
            title: format!(
                "Buy through '{}', an indirect reseller of '{}' (name it reseller of record)",
                cx.name(reseller.id.as_str()),
                cx.name(billing.id.as_str())
            ),
            edit: Edit::Replace(Entity::Subscription(bought)),
        });
    }
}

fn csp307<'a>(
    cx: &Context<'a>,
    s: usize,
    sub: &Subscription,
    tenant: &'a Tenant,
    own: &mut OwnTenants<'a>,
    out: &mut Sink,
) {
    if sub.offer_kind == OfferKind::SharedServicesAzure {
        shared_offer_placement(cx, s, sub, tenant, own, out);
        restricted_direct_bill(cx, s, sub, out);
    } else if tenant.kind == TenantKind::SharedServices {
        other_offer_in_shared_tenant(cx, sub, tenant, own, out);
    }
}

fn shared_offer_placement<'a>(
    cx: &Context<'a>,
    s: usize,
    sub: &Subscription,
    tenant: &'a Tenant,
    own: &mut OwnTenants<'a>,
    out: &mut Sink,
) {
    let Some(billing) = cx.sub_billing(s).map(|b| &cx.ws.locations[b]) else {
        return;
    };
    let partner = &billing.organization;
    let partner_name = cx.name(partner.as_str());
    let problem = if tenant.kind != TenantKind::SharedServices {
        format!(
            "into {}, a {}",
            tenant_text(cx, tenant.id.as_str(), cx.as_of),
            tenant.kind.label()
        )
    } else {
        match &tenant.owner {
            None => {
                out.not_judged(&CSP307, &tenant.id, "no owner recorded");
                return;
            }
            Some(owner) if owner == partner => return,
            Some(owner) => format!(
                "into '{}', the shared services tenant of '{}', not of '{partner_name}'",
                cx.name(tenant.id.as_str()),
                cx.name(owner.as_str())
            ),
        }
    };
    let mut fixes = Vec::new();
    match own
        .shared(cx, partner.as_str())
        .filter(|t| t.id != tenant.id)
    {
        Some(existing) => fixes.push(Fix {
            title: format!(
                "Move the subscription into '{}', the shared services tenant of '{partner_name}'",
                cx.name(existing.id.as_str())
            ),
            edit: move_subscription(sub, &existing.id),
        }),
        None => {
            if let Some(new_id) = cx.fresh_id(&format!("{partner}-shared-services"), &[]) {
                let new = new_tenant(
                    new_id.clone(),
                    format!("{partner_name} (shared services)"),
                    partner,
                    TenantKind::SharedServices,
                    billing.country,
                );
                fixes.push(Fix {
                    title: format!(
                        "Create shared services tenant '{new_id}' owned by '{partner_name}' and move the subscription into it"
                    ),
                    edit: Edit::Batch(vec![
                        insert(Entity::Tenant(new)),
                        move_subscription(sub, &new_id),
                    ]),
                });
            }
        }
    }
    let diagnostic = out.report(
        &CSP307,
        format!(
            "Shared-services Azure {} billed by '{}' is provisioned {problem}; the offer goes only into the buying partner's own shared services tenant",
            sub_label(sub),
            cx.name(billing.id.as_str())
        ),
        vec![sub.id.clone(), tenant.id.clone(), billing.id.clone()],
    );
    diagnostic.fixes = fixes;
}

fn restricted_direct_bill(cx: &Context<'_>, s: usize, sub: &Subscription, out: &mut Sink) {
    let Some(billing) = cx.sub_billing(s).map(|b| &cx.ws.locations[b]) else {
        return;
    };
    let Some(enrolment) = billing
        .enrolment(Role::DirectBill)
        .filter(|e| e.status == EnrolmentStatus::Restricted)
    else {
        return;
    };
    if billing.is_active(Role::IndirectProvider) {
        return;
    }
    let Some(restricted) = enrolment.status_date else {
        out.not_judged(
            &CSP307,
            &billing.id,
            "no restriction date recorded for the direct-bill enrolment",
        );
        return;
    };
    let Some(start) = sub.start else {
        out.not_judged(&CSP307, &sub.id, "no start date recorded");
        return;
    };
    if start < restricted {
        return;
    }
    out.report(
        &CSP307,
        format!(
            "'{}' bought shared-services Azure {} on {start}, after its direct-bill enrolment was restricted on {restricted}; a restricted direct bill partner buys no new one",
            cx.name(billing.id.as_str()),
            sub_label(sub)
        ),
        vec![sub.id.clone(), billing.id.clone()],
    );
}

fn other_offer_in_shared_tenant<'a>(
    cx: &Context<'a>,
    sub: &Subscription,
    tenant: &'a Tenant,
    own: &mut OwnTenants<'a>,
    out: &mut Sink,
) {
    let kind = match sub.offer_kind {
        OfferKind::LicenceBased => "a licence-based offer",
        OfferKind::AzurePlan => "an Azure plan",
        OfferKind::Software => "a software offer",
        OfferKind::ThirdParty => "a third-party offer",
        OfferKind::SharedServicesAzure => return,
    };
    let fixes = match &tenant.owner {
        Some(owner) => own_use_fixes(cx, sub, owner, tenant.country, own),
        None => Vec::new(),
    };
    let diagnostic = out.report(
        &CSP307,
        format!(
            "{}, {kind}, is provisioned into {}, a shared services tenant; a shared services tenant takes only the shared-services Azure offer",
            capitalized(&sub_label(sub)),
            tenant_text(cx, tenant.id.as_str(), cx.as_of)
        ),
        vec![sub.id.clone(), tenant.id.clone()],
    );
    diagnostic.fixes = fixes;
}
