//! Who owns billing and support for customers served end to end: CSP109.

use super::common::FastMap;
use crate::model::Id;
use crate::rules::registry::declare_rule;
use crate::rules::{Context, Sink};

declare_rule! {
    /// ## What it checks
    /// For customers served end to end, who owns billing and customer support: the direct bill
    /// partner, or the indirect reseller together with its indirect provider.
    ///
    /// Reading: one info per selling chain (a direct bill partner, or a reseller with its provider)
    /// listing the customer tenants it serves through resale subscriptions with a supported chain,
    /// rather than one per customer, so that a distributor-size network gets one line per partner.
    /// Subscriptions with a broken chain are left to the errors that explain them.
    ///
    /// ## Why
    /// Scenario 1: a partner who wants to sell to a customer, own the end-to-end relationship, and
    /// be responsible for billing and customer support, does so in one of two chains. §Types: a
    /// direct bill partner bills and supports its customers itself; an indirect reseller may bill
    /// and support them, and its indirect provider may do so on the reseller's behalf.
    ///
    /// ## Example
    /// Shown: 'Fabrikam KK' with its provider 'Contoso Distribution' serves 'Northwind': Contoso buys
    /// from Microsoft and bills Fabrikam; Fabrikam owns the customer relationship.
    /// Not shown: a subscription whose chain CSP104 or CSP105 reports.
    pub CSP109, "CSP109", Info, "Who owns billing and support for customers served end to end"
}

/// CSP109: customer tenants by the chain serving them (billing location, reseller of record).
#[derive(Default)]
pub(super) struct Served<'a> {
    /// The tenants of each chain, in subscription order (a tenant with several subscriptions more
    /// than once).
    tenants: FastMap<(usize, Option<usize>), Vec<&'a Id>>,
}

impl<'a> Served<'a> {
    pub(super) fn add(&mut self, billing: usize, reseller: Option<usize>, tenant: &'a Id) {
        self.tenants
            .entry((billing, reseller))
            .or_default()
            .push(tenant);
    }

    pub(super) fn report(self, cx: &Context<'_>, out: &mut Sink) {
        let as_of = cx.ws.as_of;
        let ws = cx.ws;
        // A provider bills for many resellers: describe it once.
        let mut described: FastMap<usize, String> = FastMap::default();
        let mut seen: FastMap<&str, ()> = FastMap::default();
        for ((billing_at, reseller), mut tenants) in self.tenants {
            // Each tenant once, in the order of its first subscription.
            seen.clear();
            tenants.retain(|t| seen.insert(t.as_str(), ()).is_none());
            let Some(billing) = ws.locations.get(billing_at).filter(|_| !tenants.is_empty()) else {
                continue;
            };
            let provider = described
                .entry(billing_at)
                .or_insert_with(|| cx.describe(billing.id.as_str(), as_of));
            let names: Vec<String> = tenants
                .iter()
                .take(3)
                .map(|t| tenant_label(cx, t.as_str()))
                .collect();
            let count = tenants.len();
            let listed = if count > names.len() {
                format!("{}, and {} more", names.join(", "), count - names.len())
            } else {
                names.join(", ")
            };
            let noun = if count == 1 {
                "customer tenant"
            } else {
                "customer tenants"
            };
            let mut entities = Vec::with_capacity(count + 2);
            let message = match reseller.and_then(|r| ws.locations.get(r)) {
                None => {
                    entities.push(billing.id.clone());
                    format!(
                        "Direct bill partner {provider} serves {count} {noun} end to end, {listed}: \
                         it buys from Microsoft and owns billing and customer support itself",
                    )
                }
                Some(reseller) => {
                    entities.push(reseller.id.clone());
                    entities.push(billing.id.clone());
                    format!(
                        "Indirect reseller {} serves {count} {noun} end to end, {listed}, with its \
                         indirect provider {provider}: the provider buys from Microsoft and bills \
                         the reseller; the reseller owns the customer relationship, billing and \
                         support, which the provider may also provide on its behalf",
                        cx.describe(reseller.id.as_str(), as_of),
                    )
                }
            };
            entities.extend(tenants.into_iter().cloned());
            out.report(&CSP109, message, entities);
        }
    }
}

/// "'Customer Co' (tenant 'cust-t')", or the tenant alone when it has no known owner.
fn tenant_label(cx: &Context<'_>, tenant_id: &str) -> String {
    let Some(tenant) = cx.tenant(tenant_id) else {
        return format!("tenant '{tenant_id}'");
    };
    let name = if tenant.name.is_empty() {
        tenant_id
    } else {
        tenant.name.as_str()
    };
    match tenant
        .owner
        .as_ref()
        .and_then(|o| cx.organization(o.as_str()))
    {
        Some(owner) => format!("'{}' (tenant '{name}')", owner.name),
        None => format!("tenant '{name}'"),
    }
}
