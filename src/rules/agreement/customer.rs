//! The customer's side of the agreements: CSP206 (MCA accepted in time), CSP209 (who attested it).

use crate::edit::Edit;
use crate::model::{Entity, Fact, Id, Organization, RelationshipKind, Role};
use crate::rules::chain::common::{AGREEMENTS_DATE, has_role, location_text};
use crate::rules::registry::declare_rule;
use crate::rules::text::{capitalized, sub_label, tenant_text};
use crate::rules::{Context, Fix, Sink};

declare_rule! {
    /// ## What it checks
    /// A subscription starting on or after 2020-02-01 does not start before its customer (the
    /// organization owning the tenant it is provisioned into) accepted the Microsoft Customer
    /// Agreement (MCA). A customer recorded as never having accepted it fails; one with no
    /// acceptance date recorded is counted as not judged.
    ///
    /// The shared-services route is exempt: the shared-services Azure offer billed by a
    /// direct-bill or indirect-provider location into its own organization's shared services
    /// tenant is the partner's own use under its MPA.
    ///
    /// ## Why
    /// §MPA and the customer-agreement pages it links: with the move to the MPA on 2020-02-01,
    /// customers buying new CSP subscriptions accept the MCA first, and the partner confirms it.
    ///
    /// ## Example
    /// Passes: 'Northwind' accepted the MCA on 2020-01-20; its subscription starts on 2020-02-01.
    /// Fails: 'Northwind' accepted the MCA on 2020-03-01; its subscription started on 2020-02-15.
    pub CSP206, "CSP206", Error, "A subscription starts before its customer accepted the MCA"
}

declare_rule! {
    /// ## What it checks
    /// The customer's acceptance of the Microsoft Customer Agreement was not attested by an
    /// indirect reseller: a location whose only buying role is indirect reseller (no direct-bill or
    /// indirect-provider enrolment).
    ///
    /// Where the reseller has exactly one indirect provider in force on the as-of date, the fix
    /// records that provider as the attester.
    ///
    /// ## Why
    /// §MPA and the customer-agreement pages it links: a partner that bills the customer attests
    /// the customer's acceptance; indirect resellers cannot attest in Partner Center, their
    /// indirect provider does it for them.
    ///
    /// ## Example
    /// Passes: 'Contoso Distribution' attests Northwind's acceptance for its reseller 'Fabrikam KK'.
    /// Fails: 'Fabrikam KK', an indirect reseller, is recorded as the attester.
    pub CSP209, "CSP209", Warning, "An indirect reseller attested a customer's MCA acceptance"
}

const NO_ACCEPTANCE: &str = "no MCA acceptance date recorded";
const NO_START: &str = "no start date recorded";

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    mca_in_time(cx, out);
    for (o, org) in cx.ws.organizations.iter().enumerate() {
        if let Some(attester) = cx.mca_attester(o) {
            attestation(cx, org, attester, out);
        }
    }
}

/// CSP206.
fn mca_in_time(cx: &Context<'_>, out: &mut Sink) {
    let from = AGREEMENTS_DATE;
    for (s, sub) in cx.ws.subscriptions.iter().enumerate() {
        if sub.start.is_some_and(|start| start < from) {
            continue;
        }
        let Some(customer) = cx
            .sub_tenant(s)
            .and_then(|t| cx.tenant_owner(t))
            .map(|o| &cx.ws.organizations[o])
        else {
            continue;
        };
        if cx.is_shared_services_route(s) {
            continue;
        }
        let why = match (sub.start, &customer.mca_accepted) {
            (_, Fact::Unknown) => {
                out.not_judged(&CSP206, &customer.id, NO_ACCEPTANCE);
                continue;
            }
            (Some(start), Fact::Stated(accepted)) if *accepted > start => {
                format!("'{}' accepted the MCA only on {accepted}", customer.name)
            }
            (Some(_), Fact::Stated(_)) => continue,
            (Some(_), Fact::Absent) => format!("'{}' never accepted the MCA", customer.name),
            (None, Fact::Stated(accepted)) if *accepted <= from => continue,
            (None, _) => {
                out.not_judged(&CSP206, &sub.id, NO_START);
                continue;
            }
        };
        let on = sub.start.unwrap_or(cx.as_of);
        let message = format!(
            "{} for {} starts on {on}, but {why}; from 2020-02-01 a customer accepts the Microsoft \
             Customer Agreement before a new subscription starts",
            capitalized(&sub_label(sub)),
            tenant_text(cx, sub.tenant.as_str(), on),
        );
        out.report(
            &CSP206,
            message,
            vec![sub.id.clone(), customer.id.clone(), sub.tenant.clone()],
        );
    }
}

/// CSP209.
fn attestation(cx: &Context<'_>, org: &Organization, attester: usize, out: &mut Sink) {
    let location = &cx.ws.locations[attester];
    let reseller_only = has_role(location, Role::IndirectReseller)
        && !has_role(location, Role::DirectBill)
        && !has_role(location, Role::IndirectProvider);
    if !reseller_only {
        return;
    }
    let as_of = cx.as_of;
    let message = format!(
        "The MCA acceptance of '{}' is attested by {}; indirect resellers cannot attest a \
         customer's acceptance, their indirect provider does",
        org.name,
        location_text(cx, location, as_of),
    );
    let diagnostic = out.report(&CSP209, message, vec![org.id.clone(), location.id.clone()]);
    let mut providers: Vec<&Id> = cx
        .relationships_to(location.id.as_str())
        .filter(|r| matches!(r.kind, RelationshipKind::Partnership) && r.in_force_on(as_of))
        .map(|r| &r.from)
        .filter(|from| cx.location(from.as_str()).is_some())
        .collect();
    providers.sort();
    providers.dedup();
    if let [provider] = providers.as_slice() {
        let mut fixed = org.clone();
        fixed.mca_attested_by = Some((*provider).clone());
        diagnostic.fixes.push(Fix {
            title: format!(
                "Record the reseller's provider '{}' as the attester",
                cx.name(provider.as_str())
            ),
            edit: Edit::Replace(Entity::Organization(fixed)),
        });
    }
}
