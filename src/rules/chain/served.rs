//! Who owns billing and support for customers served end to end: CSP109.

use rustc_hash::FxHashMap;

use crate::model::{EntityKind, Id, RegionList};
use crate::rules::context::thousands;
use crate::rules::registry::declare_rule;
use crate::rules::text::and_list;
use crate::rules::{Context, Diagnostic, Severity, Sink};

declare_rule! {
    /// ## What it checks
    /// For customers served end to end, who owns billing and customer support: the direct bill
    /// partner, or the indirect reseller together with its indirect provider.
    ///
    /// Reading: one info per selling chain (a direct bill partner, or a reseller with its provider)
    /// listing the customer tenants it serves through resale subscriptions with a supported chain,
    /// rather than one per customer, so that a distributor-size network gets one line per partner.
    /// Subscriptions with a broken chain are left to the errors that explain them, and so are
    /// subscriptions CSP401, CSP402 or CSP501 report as errors: a partner selling to itself, to
    /// an affiliate or outside its market does not serve that customer in a way the program
    /// supports, and "serves end to end" beside such an error would contradict it.
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
    /// Not shown: a subscription whose chain CSP104 or CSP105 reports, or that CSP401 reports
    /// because 'Fabrikam KK' sells it into its own tenant.
    pub CSP109, "CSP109", Info, "Who owns billing and support for customers served end to end"
}

/// A selling chain: the billing location and the reseller of record (location indices).
type Chain = (usize, Option<usize>);

/// The chains serving customers end to end, each with its subscriptions in order.
type Served = Vec<(Chain, Vec<usize>)>;

/// CSP109, reported once every family has run: customer tenants by the chain serving them
/// (billing location, reseller of record), from the subscriptions the chain rules found served
/// end to end ([`Sink::served`]).
pub(in crate::rules) fn report(cx: &Context<'_>, out: &mut Sink) {
    let served = served_chains(cx, out);
    for finding in describe_chains(cx, &served) {
        out.add(finding);
    }
}

/// What CSP109 found at the last date a moving context was checked at: on most moves the same
/// chains serve the same tenants, and only the region list in force could change the text.
#[derive(Default)]
pub(in crate::rules) struct Memo {
    /// The chains with their subscriptions, and the region list in force.
    input: Option<(Served, RegionList)>,
    /// The findings reported for them.
    findings: Vec<Diagnostic>,
}

/// [`report`] for a moving context: the findings of the last date when nothing they say has
/// changed, taken from `earlier` (the last list returned, its CSP109 findings) when they are
/// still the same, else copied from the memo.
pub(in crate::rules) fn report_remembering(
    cx: &Context<'_>,
    out: &mut Sink,
    memo: &mut Memo,
    earlier: Vec<Diagnostic>,
) {
    let input = (served_chains(cx, out), RegionList::in_force_on(cx.as_of));
    if memo.input.as_ref() != Some(&input) {
        memo.findings = describe_chains(cx, &input.0);
        // In the order of a check's list, where `earlier` comes from.
        memo.findings.sort_by(crate::rules::order);
        memo.input = Some(input);
    }
    let findings = if earlier == memo.findings {
        earlier
    } else {
        memo.findings.clone()
    };
    for finding in findings {
        out.add(finding);
    }
}

/// The chains serving customers end to end, in the order first met, each with its subscriptions
/// in order; subscriptions CSP401, CSP402 or CSP501 report are left out.
fn served_chains(cx: &Context<'_>, out: &mut Sink) -> Served {
    let mut chains: FxHashMap<Chain, usize> = FxHashMap::default();
    let mut served: Served = Vec::new();
    let dealt = dealing_errors(cx, out);
    for (sub, billing, reseller) in out.take_served() {
        if dealt.get(sub).copied().unwrap_or(false) {
            continue;
        }
        let slot = *chains.entry((billing, reseller)).or_insert_with(|| {
            served.push(((billing, reseller), Vec::new()));
            served.len() - 1
        });
        served[slot].1.push(sub);
    }
    served
}

/// One CSP109 finding per chain: the tenants it serves, each once.
fn describe_chains(cx: &Context<'_>, served: &[(Chain, Vec<usize>)]) -> Vec<Diagnostic> {
    let ws = cx.ws;
    let mut findings = Vec::with_capacity(served.len());
    let as_of = cx.as_of;
    // A provider bills for many resellers: describe it once.
    let mut described: FxHashMap<usize, String> = FxHashMap::default();
    // Per tenant, the last chain that listed it.
    let mut listed_by = vec![usize::MAX; ws.tenants.len()];
    let mut tenants: Vec<(Option<usize>, &Id)> = Vec::new();
    for (chain, &((billing_at, reseller), ref subs)) in served.iter().enumerate() {
        // Each tenant once, in the order of its first subscription.
        tenants.clear();
        for &sub in subs {
            let id = &ws.subscriptions[sub].tenant;
            match cx.sub_tenant(sub) {
                Some(t) if listed_by[t] == chain => {}
                Some(t) => {
                    listed_by[t] = chain;
                    tenants.push((Some(t), id));
                }
                None if tenants.iter().any(|(_, seen)| *seen == id) => {}
                None => tenants.push((None, id)),
            }
        }
        let Some(billing) = ws.locations.get(billing_at).filter(|_| !tenants.is_empty()) else {
            continue;
        };
        let provider = described
            .entry(billing_at)
            .or_insert_with(|| cx.describe(billing.id.as_str(), as_of));
        let names: Vec<String> = tenants
            .iter()
            .take(3)
            .map(|&(t, id)| tenant_label(cx, t, id))
            .collect();
        let count = tenants.len();
        let served = match count {
            1 => format!("{} end to end", names.join("")),
            2 | 3 => format!("{count} customer tenants end to end, {}", and_list(&names)),
            _ => format!(
                "{} customer tenants end to end, among them {}",
                thousands(count as u64),
                and_list(&names)
            ),
        };
        let mut entities = Vec::with_capacity(count + 2);
        let message = match reseller.and_then(|r| ws.locations.get(r)) {
            None => {
                entities.push(billing.id.clone());
                format!(
                    "Direct bill partner {provider} serves {served}: it buys from Microsoft and \
                     owns billing and customer support itself",
                )
            }
            Some(reseller) => {
                entities.push(reseller.id.clone());
                entities.push(billing.id.clone());
                format!(
                    "Indirect reseller {}, with its indirect provider {provider}, serves {served}: \
                     the provider buys from Microsoft and bills the reseller; the reseller owns the \
                     customer relationship, billing and support, which the provider may also \
                     provide on its behalf",
                    cx.describe(reseller.id.as_str(), as_of),
                )
            }
        };
        entities.extend(tenants.iter().map(|(_, id)| (*id).clone()));
        findings.push(Diagnostic {
            code: CSP109.code,
            severity: CSP109.severity,
            message,
            entities,
            fixes: Vec::new(),
        });
    }
    findings
}

/// Per subscription: whether CSP401, CSP402 or CSP501 reports it as an error (each names the
/// subscription first). A chain that serves a customer it may not serve (itself, an affiliate, a
/// customer outside its market) is not shown as serving it end to end.
fn dealing_errors(cx: &Context<'_>, out: &Sink) -> Vec<bool> {
    let mut dealt = vec![false; cx.ws.subscriptions.len()];
    for d in out.diagnostics() {
        if matches!(d.code, "CSP401" | "CSP402" | "CSP501")
            && d.severity == Severity::Error
            && let Some(at) = d.entities.first().and_then(|id| cx.lookup(id.as_str()))
            && at.kind == EntityKind::Subscription
            && let Some(slot) = dealt.get_mut(at.index)
        {
            *slot = true;
        }
    }
    dealt
}

/// "'Customer Co' (tenant 'cust-t')", or the tenant alone when it has no known owner.
fn tenant_label(cx: &Context<'_>, tenant: Option<usize>, id: &Id) -> String {
    let Some(t) = tenant else {
        return format!("tenant '{id}'");
    };
    let tenant = &cx.ws.tenants[t];
    let name = if tenant.name.is_empty() {
        id.as_str()
    } else {
        tenant.name.as_str()
    };
    match cx.tenant_owner(t) {
        Some(owner) => format!("'{}' (tenant '{name}')", cx.ws.organizations[owner].name),
        None => format!("tenant '{name}'"),
    }
}
