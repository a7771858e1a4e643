//! Self-dealing and affiliates (CSP4xx): a partner sells neither to itself nor to its affiliates.

use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::registry::declare_rule;
use super::text::sub_label;
use super::{Context, DateUse, Family, Pass, Sink};
use crate::model::{Ownership, Role};

/// The family's rules and its check.
pub const FAMILY: Family = Family {
    name: "Self-dealing and affiliates (CSP4xx)",
    rules: &[&CSP401, &CSP402],
    check,
    passes: &[Pass {
        name: "self-dealing",
        check,
        date_use: DateUse::RegionList,
    }],
};

declare_rule! {
    /// ## What it checks
    /// A partner does not sell to itself: the organization owning the tenant a subscription is
    /// provisioned into is neither the organization of the billing location nor that of the
    /// reseller of record (nor of a later partner of record). The shared-services route (the
    /// shared-services Azure offer, billed by a direct bill partner or indirect provider into its
    /// own shared services tenant) is the exception.
    ///
    /// Reading: a subscription whose reseller of record was never recorded, billed by an indirect
    /// provider, is judged on the billing side and counted as not judged for the reseller side.
    ///
    /// ## Why
    /// Scenario 5 (the Japanese translation drops "to themselves"): by contract, CSP partners may
    /// not sell Microsoft or third-party offers to themselves as end customers. A partner buying
    /// for its own use buys from another partner (scenario 4).
    ///
    /// ## Example
    /// Passes: 'Reseller Co' buys Microsoft 365 for its staff from 'Direct Co'.
    /// Fails: 'Provider Co' bills a subscription into a tenant 'Provider Co' owns.
    pub CSP401, "CSP401", Error, "A partner does not sell to itself"
}

declare_rule! {
    /// ## What it checks
    /// A partner does not sell to an affiliate as end customer. Affiliates are organizations that
    /// control, are controlled by, or are under common control with the partner's organization.
    /// Control is more than 50 % of the equity or the right to direct management, followed through
    /// the group: parent, subsidiary, a subsidiary's subsidiary, a sister company under the same
    /// controller, and so on. A stake of 50 % or less without the right to direct management is no
    /// control. The message shows the ownership path.
    ///
    /// Reading: each organization is grouped under its ultimate controller; where two owners both
    /// claim control of one organization, the first recorded controlling stake is followed. An
    /// ownership with no equity share recorded and no management right is counted as not judged.
    ///
    /// ## Why
    /// Scenario 5: by contract, CSP partners may not sell to their affiliates as end customers (the
    /// MPA's "Affiliate": any entity that controls, is controlled by, or is under common control
    /// with a party).
    ///
    /// ## Example
    /// Passes: 'Fabrikam KK' sells to 'Tailspin GmbH', in which Fabrikam's parent holds 30 %.
    /// Fails: 'Fabrikam KK' sells to 'Tailspin GmbH' when 'Contoso Holdings' owns 60 % of each.
    pub CSP402, "CSP402", Error, "A partner does not sell to an affiliate as end customer"
}

const NO_OWNER: &str = "no owner recorded";

/// The billing location, the reseller of record and every later partner of record, each as a
/// location index (when the id names a location) with its part in the sale (a location may come
/// twice; reports are kept to one per organization).
fn sellers<'c>(
    cx: &'c Context<'_>,
    s: usize,
) -> impl Iterator<Item = (Option<usize>, &'static str)> + 'c {
    let sub = &cx.ws.subscriptions[s];
    let first = std::iter::once((cx.sub_billing(s), "billing location")).chain(
        sub.reseller_of_record
            .stated()
            .map(|_| (cx.sub_reseller(s), "reseller of record")),
    );
    let later = sub
        .partner_of_record_changes
        .iter()
        .flat_map(move |change| {
            std::iter::once((
                cx.location_index(change.billed_by.as_str()),
                "billing location from a partner-of-record change",
            ))
            .chain(change.reseller_of_record.stated().map(|r| {
                (
                    cx.location_index(r.as_str()),
                    "reseller of record from a partner-of-record change",
                )
            }))
        });
    first.chain(later)
}

fn check(cx: &Context<'_>, out: &mut Sink) {
    let forest = ControlForest::new(cx, out);
    let ws = cx.ws;
    for (s, sub) in ws.subscriptions.iter().enumerate() {
        let Some(t) = cx.sub_tenant(s) else {
            continue;
        };
        let tenant = &ws.tenants[t];
        if tenant.owner.is_none() {
            out.not_judged(&CSP401, &tenant.id, NO_OWNER);
            out.not_judged(&CSP402, &tenant.id, NO_OWNER);
            continue;
        }
        // A dangling owner is CSP901's.
        let owner = cx.tenant_owner(t);
        let needs_billing = sub.reseller_of_record.is_unknown();
        // Only an organization with a partner location can sell to itself, and only one in a
        // group can sell to an affiliate.
        let may_deal =
            owner.is_some_and(|o| forest.in_group(o) || cx.org_locations(o).next().is_some());
        if !may_deal && !needs_billing {
            continue;
        }
        let billing = cx.sub_billing(s);
        let mut reported: Vec<usize> = Vec::new();
        for (at, role) in sellers(cx, s) {
            let Some(at) = at else {
                continue;
            };
            let location = &ws.locations[at];
            if Some(at) == billing
                && needs_billing
                && location.enrolment(Role::IndirectProvider).is_some()
            {
                out.not_judged(&CSP401, &sub.id, "no reseller of record recorded");
            }
            let (Some(owner), Some(org)) = (owner, cx.location_org(at)) else {
                continue;
            };
            if reported.contains(&org) {
                continue;
            }
            let org_id = &ws.organizations[org].id;
            if org == owner {
                if cx.is_shared_services_route(s) {
                    continue;
                }
                reported.push(org);
                out.report(
                    &CSP401,
                    format!(
                        "'{}' sells to itself: its location {} is the {role} of {}, provisioned into '{}', a {} '{}' owns",
                        cx.name(org_id.as_str()),
                        cx.describe(location.id.as_str(), cx.as_of),
                        sub_label(sub),
                        cx.name(tenant.id.as_str()),
                        tenant.kind.label(),
                        cx.name(org_id.as_str())
                    ),
                    vec![
                        sub.id.clone(),
                        location.id.clone(),
                        tenant.id.clone(),
                        org_id.clone(),
                    ],
                );
                continue;
            }
            let Some(path) = forest.affiliation(org, owner) else {
                continue;
            };
            reported.push(org);
            let owner_id = &ws.organizations[owner].id;
            let mut entities = vec![
                sub.id.clone(),
                location.id.clone(),
                tenant.id.clone(),
                owner_id.clone(),
                org_id.clone(),
            ];
            entities.extend(path.iter().map(|&i| ws.ownerships[i].id.clone()));
            out.report(
                &CSP402,
                format!(
                    "'{}' sells to its affiliate '{}' as end customer: its location {} is the {role} of {} in tenant '{}'. Ownership path: {}",
                    cx.name(org_id.as_str()),
                    cx.name(owner_id.as_str()),
                    cx.describe(location.id.as_str(), cx.as_of),
                    sub_label(sub),
                    cx.name(tenant.id.as_str()),
                    path.iter()
                        .map(|&i| describe_control(cx, &ws.ownerships[i]))
                        .collect::<Vec<_>>()
                        .join("; ")
                ),
                entities,
            );
        }
    }
}

/// "'Contoso Holdings' controls 'Fabrikam KK' (60 % of the equity)".
fn describe_control(cx: &Context<'_>, ownership: &Ownership) -> String {
    let equity = ownership.equity_percent.filter(|p| *p > 50.0);
    let how = match (equity, ownership.directs_management) {
        (Some(p), true) => format!("{p} % of the equity, and directs its management"),
        (Some(p), false) => format!("{p} % of the equity"),
        (None, _) => "directs its management".to_owned(),
    };
    format!(
        "'{}' controls '{}' ({how})",
        cx.name(ownership.owner.as_str()),
        cx.name(ownership.owned.as_str())
    )
}

/// Control edges as a forest over the organizations (by index): each one's first recorded
/// controller, and the ultimate controller (root) of each, computed once in linear time with a
/// guard against cycles. Organizations outside every control edge are their own group.
struct ControlForest {
    /// Per organization: in some control edge.
    touched: Vec<bool>,
    parent: Vec<Option<(usize, usize)>>,
    root: Vec<usize>,
}

impl ControlForest {
    fn new(cx: &Context<'_>, out: &mut Sink) -> Self {
        let count = cx.ws.organizations.len();
        let mut touched = vec![false; count];
        let mut parent: Vec<Option<(usize, usize)>> = vec![None; count];
        for (i, ownership) in cx.ws.ownerships.iter().enumerate() {
            if !ownership.is_control() {
                if ownership.equity_percent.is_none() {
                    out.not_judged(&CSP402, &ownership.id, "no equity share recorded");
                }
                continue;
            }
            let (Some(owner), Some(owned)) = cx.ownership_ends(i) else {
                continue; // CSP901 reports a dangling end
            };
            if owner == owned {
                continue;
            }
            touched[owner] = true;
            touched[owned] = true;
            if let Some(slot) = parent.get_mut(owned)
                && slot.is_none()
            {
                *slot = Some((owner, i));
            }
        }
        let root = roots(&parent);
        Self {
            touched,
            parent,
            root,
        }
    }

    /// The organization at `org` is in some control edge.
    fn in_group(&self, org: usize) -> bool {
        self.touched.get(org).copied().unwrap_or(false)
    }

    fn root_of(&self, node: usize) -> usize {
        self.root.get(node).copied().unwrap_or(node)
    }

    fn parent_of(&self, node: usize) -> Option<(usize, usize)> {
        self.parent.get(node).copied().flatten()
    }

    /// When `a` and `b` are affiliates, the ownerships linking them, from the common controller
    /// down to `a`, then down to `b`.
    fn affiliation(&self, a: usize, b: usize) -> Option<Vec<usize>> {
        if a == b || self.root_of(a) != self.root_of(b) {
            return None;
        }
        // `a` and its controllers, upwards, each once.
        let mut chain: Vec<(usize, Option<usize>)> = Vec::new();
        let mut position: HashMap<usize, usize> = HashMap::default();
        let mut at = a;
        while !position.contains_key(&at) {
            position.insert(at, chain.len());
            let up = self.parent_of(at);
            chain.push((at, up.map(|(_, edge)| edge)));
            match up {
                Some((controller, _)) => at = controller,
                None => break,
            }
        }
        // Climb from `b` until meeting that chain.
        let mut b_side: Vec<usize> = Vec::new();
        let mut seen: HashSet<usize> = HashSet::default();
        let mut at = b;
        let meet = loop {
            if let Some(&i) = position.get(&at) {
                break i;
            }
            if !seen.insert(at) {
                return None;
            }
            let (controller, edge) = self.parent_of(at)?;
            b_side.push(edge);
            at = controller;
        };
        let mut path: Vec<usize> = chain[..meet].iter().filter_map(|(_, e)| *e).collect();
        path.reverse();
        path.extend(b_side.into_iter().rev());
        Some(path)
    }
}

/// The root of every node of a parent forest; a cycle's first node met is its root.
fn roots(parent: &[Option<(usize, usize)>]) -> Vec<usize> {
    const UNSET: usize = usize::MAX;
    let mut root = vec![UNSET; parent.len()];
    let mut stamp = vec![UNSET; parent.len()];
    let mut path = Vec::new();
    for start in 0..parent.len() {
        if root[start] != UNSET {
            continue;
        }
        path.clear();
        let mut at = start;
        let found = loop {
            if root[at] != UNSET {
                break root[at];
            }
            if stamp[at] == start {
                break at; // a cycle: its first node met stands for the group
            }
            stamp[at] = start;
            path.push(at);
            match parent[at] {
                Some((up, _)) => at = up,
                None => break at,
            }
        };
        for &node in &path {
            root[node] = found;
        }
    }
    root
}

#[cfg(test)]
mod tests {
    use crate::model::{Ownership, Workspace};
    use crate::rules::test_support::*;
    use crate::rules::{Diagnostic, check};

    fn found(ws: &Workspace, code: &str) -> Vec<Diagnostic> {
        check(ws).into_iter().filter(|d| d.code == code).collect()
    }

    fn own(id_: &str, owner: &str, owned: &str, equity: Option<f64>, directs: bool) -> Ownership {
        Ownership {
            id: id(id_),
            owner: id(owner),
            owned: id(owned),
            equity_percent: equity,
            directs_management: directs,
        }
    }

    #[test]
    fn the_base_network_has_no_self_dealing() {
        let ws = base();
        assert!(found(&ws, "CSP401").is_empty());
        assert!(found(&ws, "CSP402").is_empty());
    }

    #[test]
    fn a_provider_billing_into_its_own_tenant_sells_to_itself() {
        let mut ws = base();
        ws.tenants[3].owner = Some(id("prov"));
        let d = found(&ws, "CSP401");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].entities,
            vec![id("s-indirect"), id("prov-loc"), id("cust-t"), id("prov")]
        );
        assert!(
            d[0].message.contains("'Provider Co' sells to itself"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn a_reseller_of_record_selling_into_its_own_tenant_sells_to_itself() {
        let mut ws = base();
        ws.tenants[3].owner = Some(id("res"));
        let d = found(&ws, "CSP401");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].entities[0], id("s-indirect"));
        assert_eq!(d[0].entities[1], id("res-loc"));
        assert!(
            d[0].message.contains("reseller of record"),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn the_shared_services_route_is_not_self_dealing() {
        let mut ws = base();
        ws.tenants.push(tenant(
            "dbp-ss",
            "dbp",
            crate::model::TenantKind::SharedServices,
            "US",
        ));
        let mut s = sub("s-ss", "dbp-ss", "dbp-loc", "", "2021-01-01");
        s.offer_kind = crate::model::OfferKind::SharedServicesAzure;
        s.purpose = crate::model::Purpose::OwnUse;
        ws.subscriptions.push(s);
        assert!(found(&ws, "CSP401").is_empty());
        // The same offer into its own customer tenant is not the route.
        ws.tenants.last_mut().expect("tenant").kind = crate::model::TenantKind::Customer;
        let d = found(&ws, "CSP401");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].entities[0], id("s-ss"));
    }

    #[test]
    fn a_sister_company_under_one_parent_is_an_affiliate() {
        let mut ws = base();
        ws.organizations
            .push(org("holding", "Contoso Holdings", "US"));
        ws.ownerships
            .push(own("o-res", "holding", "res", Some(60.0), false));
        ws.ownerships
            .push(own("o-cust", "holding", "cust", None, true));
        let d = found(&ws, "CSP402");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(
            d[0].entities,
            vec![
                id("s-indirect"),
                id("res-loc"),
                id("cust-t"),
                id("cust"),
                id("res"),
                id("o-res"),
                id("o-cust")
            ]
        );
        assert!(
            d[0].message.contains(
                "'Contoso Holdings' controls 'Reseller Co' (60 % of the equity); 'Contoso Holdings' controls 'Customer Co' (directs its management)"
            ),
            "{}",
            d[0].message
        );
    }

    #[test]
    fn an_affiliate_of_an_affiliate_is_an_affiliate() {
        // Holding controls Provider Co, Provider Co controls Sub Co, Sub Co controls the customer:
        // the customer is a subsidiary's subsidiary's subsidiary of the billing provider's parent.
        let mut ws = base();
        ws.organizations
            .push(org("holding", "Contoso Holdings", "US"));
        ws.organizations.push(org("mid", "Sub Co", "US"));
        ws.ownerships
            .push(own("o1", "holding", "prov", Some(51.0), false));
        ws.ownerships
            .push(own("o2", "holding", "mid", Some(100.0), false));
        ws.ownerships
            .push(own("o3", "mid", "cust", Some(75.0), false));
        let d = found(&ws, "CSP402");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].entities[1], id("prov-loc"));
        assert_eq!(&d[0].entities[5..], &[id("o1"), id("o2"), id("o3")]);
    }

    #[test]
    fn a_subsidiary_is_an_affiliate_of_its_parent() {
        let mut ws = base();
        ws.ownerships
            .push(own("o", "dbp", "cust", Some(80.0), false));
        let d = found(&ws, "CSP402");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].entities[..2], [id("s-direct"), id("dbp-loc")]);
        assert_eq!(d[0].entities.last(), Some(&id("o")));
    }

    #[test]
    fn a_thirty_percent_stake_is_no_control() {
        let mut ws = base();
        ws.organizations
            .push(org("holding", "Contoso Holdings", "US"));
        ws.ownerships
            .push(own("o-res", "holding", "res", Some(60.0), false));
        ws.ownerships
            .push(own("o-cust", "holding", "cust", Some(30.0), false));
        assert!(found(&ws, "CSP402").is_empty());
        // Exactly half is no control either.
        ws.ownerships[1].equity_percent = Some(50.0);
        assert!(found(&ws, "CSP402").is_empty());
    }

    #[test]
    fn an_unknown_stake_is_counted_not_judged() {
        let mut ws = base();
        ws.ownerships.push(own("o", "res", "cust", None, false));
        let d = found(&ws, "CSP402");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, crate::rules::Severity::Info);
        assert_eq!(d[0].entities, vec![id("o")]);
    }

    #[test]
    fn a_control_cycle_terminates_and_still_finds_affiliates() {
        let mut ws = base();
        ws.ownerships
            .push(own("o1", "res", "cust", Some(60.0), false));
        ws.ownerships
            .push(own("o2", "cust", "res", Some(60.0), false));
        let d = found(&ws, "CSP402");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].entities[1], id("res-loc"));
    }

    #[test]
    fn a_tenant_without_owner_is_not_judged() {
        let mut ws = base();
        ws.tenants[3].owner = None;
        let d = found(&ws, "CSP401");
        assert_eq!(d.len(), 1, "{d:#?}");
        assert_eq!(d[0].severity, crate::rules::Severity::Info);
        assert_eq!(d[0].entities, vec![id("cust-t")]);
    }
}
