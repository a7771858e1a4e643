//! Several partners per customer (CSP6xx): multi-partner, multichannel, relationships and admin rights.

mod timing;

pub use timing::{CSP604, CSP605};

use chrono::NaiveDate;

use super::registry::declare_rule;
use super::text::name_list;
use rustc_hash::FxHashMap as FastMap;

use super::text::{role_label, sub_label, tenant_of, tenant_text};
use super::{Context, DateUse, Family, Fix, Pass, Sink};
use crate::edit::Edit;
use crate::model::{
    AdminKind, Entity, EntityKind, EntityRef, Fact, Id, Relationship, RelationshipKind,
    Subscription, Tenant, TenantKind,
};

/// The family's rules and its check.
pub const FAMILY: Family = Family {
    name: "Several partners per customer (CSP6xx)",
    rules: &[&CSP601, &CSP602, &CSP603, &CSP604, &CSP605],
    check,
    passes: &[
        Pass {
            name: "multi-partner tenants",
            check: tenants,
            date_use: DateUse::Day,
        },
        Pass {
            name: "multi-partner timing",
            check: timing::check,
            date_use: DateUse::Day,
        },
    ],
};

declare_rule! {
    /// ## What it checks
    /// Notes a customer tenant that buys from several partners at once (multi-partner): its
    /// subscriptions in force on the as-of date have partners of record (the reseller of record,
    /// or the billing location when there is none) from two or more partner organizations.
    ///
    /// Reading: partners are counted by organization, so two locations of one partner are one
    /// partner; the partner of record is the one in force on the as-of date, after any
    /// partner-of-record change.
    ///
    /// ## Why
    /// Scenario 2: an end customer can buy different services from different partners according
    /// to its business needs. This is supported; each subscription keeps its own partner of
    /// record, billing and support.
    ///
    /// ## Example
    /// Informs: 'Customer Co' buys Microsoft 365 from 'Direct Co' and Dynamics 365 through
    /// 'Reseller Co'.
    /// Silent: every subscription of 'Customer Co' comes through 'Reseller Co'.
    pub CSP601, "CSP601", Info, "The customer buys from several partners (multi-partner)"
}

declare_rule! {
    /// ## What it checks
    /// Notes a customer tenant that two or more partner organizations administer at once
    /// (multichannel): admin relationships (DAP or GDAP) in force on the as-of date from locations
    /// of different organizations.
    ///
    /// Reading: as for CSP601, two locations of one organization are one partner.
    ///
    /// ## Why
    /// Scenario 3: a customer can let several partners manage and support its subscriptions. This
    /// is supported, and administering is distinct from selling: it moves no partner of record.
    ///
    /// ## Example
    /// Informs: 'Reseller Co' and 'Support Co' both hold GDAP relationships with 'Customer Co'.
    /// Silent: only 'Reseller Co' administers the tenant.
    pub CSP602, "CSP602", Info, "Several partners administer the tenant (multichannel)"
}

declare_rule! {
    /// ## What it checks
    /// A partner orders for a tenant only with a reseller relationship the customer granted and
    /// that is in force on the order date (the subscription's start, or the date of a
    /// partner-of-record change). For a reseller-led sale both sides need one: the reseller of
    /// record, and the indirect provider billing it. A partner administering through DAP needs a
    /// reseller relationship in force when the DAP was granted.
    ///
    /// Reading: an admin relationship is itself the customer's grant to administer; since DAP only
    /// ever came with a reseller relationship, a DAP without one was never granted by the
    /// customer. GDAP stands on its own. The shared-services route (the partner's own Azure use)
    /// needs no reseller relationship. Subscriptions and DAPs with no start date are counted as
    /// not judged; a reseller relationship with no start date recorded counts as in force.
    ///
    /// ## Why
    /// A partner transacts for a customer only after the customer accepts its reseller
    /// relationship invitation; in the indirect model the provider and the reseller each need
    /// their own relationship with the customer (Partner Center: customer relationships).
    ///
    /// ## Example
    /// Passes: 'Provider Co' and 'Reseller Co' each hold a reseller relationship with
    /// `customer-t` from before the subscription's start.
    /// Fails: 'Reseller Co' is reseller of record, but only 'Reseller Co' holds a reseller
    /// relationship with `customer-t`; 'Provider Co' has none.
    pub CSP603, "CSP603", Warning, "A partner orders or administers only with a relationship the customer granted"
}

fn check(cx: &Context<'_>, out: &mut Sink) {
    super::run_passes(FAMILY.passes, cx, out);
}

fn tenants(cx: &Context<'_>, out: &mut Sink) {
    let mut scratch = Scratch::default();
    for t in 0..cx.ws.tenants.len() {
        per_tenant(cx, t, &mut scratch, out);
    }
}

/// Buffers reused from tenant to tenant, so the pass allocates only where something is found.
#[derive(Default)]
struct Scratch<'a> {
    /// Subscriptions into the tenant: (index, subscription).
    subs: Vec<(usize, &'a Subscription)>,
    /// Relationships into the tenant: (index, relationship).
    rels: Vec<(usize, &'a Relationship)>,
    grants: Vec<(Option<usize>, &'a Relationship)>,
    partners: Vec<(&'a Id, &'a Id)>,
}

/// The reseller relationships into one tenant, by the partner location holding them.
struct Grants<'s, 'a> {
    list: &'s [(Option<usize>, &'a Relationship)],
    by_partner: Option<FastMap<usize, Vec<&'a Relationship>>>,
}

impl<'s, 'a> Grants<'s, 'a> {
    fn new(list: &'s [(Option<usize>, &'a Relationship)]) -> Self {
        // A linear scan is cheapest for the few relationships a tenant usually has.
        let by_partner = (list.len() > 16).then(|| {
            let mut map: FastMap<usize, Vec<&'a Relationship>> = FastMap::default();
            for &(from, rel) in list {
                if let Some(from) = from {
                    map.entry(from).or_default().push(rel);
                }
            }
            map
        });
        Self { list, by_partner }
    }

    /// The reseller relationships the location at `partner` holds with the tenant, in list order.
    fn of(&self, partner: usize) -> impl Iterator<Item = &'a Relationship> + '_ {
        let (small, big) = match &self.by_partner {
            None => (
                Some(
                    self.list
                        .iter()
                        .filter(move |(from, _)| *from == Some(partner))
                        .map(|&(_, rel)| rel),
                ),
                None,
            ),
            Some(map) => (None, map.get(&partner).map(|v| v.iter().copied())),
        };
        small.into_iter().flatten().chain(big.into_iter().flatten())
    }
}

fn per_tenant<'a>(cx: &Context<'a>, t: usize, scratch: &mut Scratch<'a>, out: &mut Sink) {
    let ws = cx.ws;
    let tenant = &ws.tenants[t];
    scratch.subs.clear();
    scratch.subs.extend(
        cx.tenant_subscriptions(t)
            .map(|s| (s, &ws.subscriptions[s])),
    );
    scratch.rels.clear();
    scratch.rels.extend(
        cx.rels_to(EntityRef {
            kind: EntityKind::Tenant,
            index: t,
        })
        .map(|r| (r, &ws.relationships[r])),
    );
    if scratch.subs.is_empty() && scratch.rels.is_empty() {
        return;
    }
    if tenant.kind == TenantKind::Customer {
        csp601(cx, tenant, &scratch.subs, &mut scratch.partners, out);
        csp602(cx, tenant, &scratch.rels, &mut scratch.partners, out);
    }
    scratch.grants.clear();
    scratch.grants.extend(
        scratch
            .rels
            .iter()
            .filter(|(_, r)| r.kind == RelationshipKind::Reseller)
            .map(|&(r, rel)| (cx.rel_from_location(r), rel)),
    );
    let grants = Grants::new(&scratch.grants);
    for &(s, sub) in &scratch.subs {
        csp603_orders(cx, tenant, s, sub, &grants, out);
    }
    for &(r, rel) in &scratch.rels {
        if matches!(
            rel.kind,
            RelationshipKind::Admin {
                access: AdminKind::Dap,
                ..
            }
        ) {
            csp603_dap(cx, tenant, r, rel, &grants, out);
        }
    }
}

/// The partner of record (the reseller of record, else the billing location) in force on
/// `date`, after partner-of-record changes, as a location index when it names a location.
fn partner_of_record_on(cx: &Context<'_>, s: usize, date: NaiveDate) -> Option<usize> {
    let sub = &cx.ws.subscriptions[s];
    let mut partner = match sub.reseller_of_record {
        Fact::Stated(_) => cx.sub_reseller(s),
        _ => cx.sub_billing(s),
    };
    for change in &sub.partner_of_record_changes {
        if change.date <= date {
            partner = match &change.reseller_of_record {
                Fact::Stated(reseller) => cx.location_index(reseller.as_str()),
                _ => cx.location_index(change.billed_by.as_str()),
            };
        }
    }
    partner
}

fn csp601<'a>(
    cx: &Context<'a>,
    tenant: &Tenant,
    subs: &[(usize, &'a Subscription)],
    partners: &mut Vec<(&'a Id, &'a Id)>,
    out: &mut Sink,
) {
    let as_of = cx.as_of;
    // The partner of record of each subscription in force.
    let of_record = subs
        .iter()
        .filter(|(_, sub)| {
            sub.start.is_none_or(|s| s <= as_of) && sub.end.is_none_or(|e| e > as_of)
        })
        .filter_map(|&(s, _)| partner_of_record_on(cx, s, as_of));
    // Most tenants buy from one partner location.
    let mut first: Option<usize> = None;
    let mut several = false;
    for partner in of_record.clone() {
        match first {
            None => first = Some(partner),
            Some(f) if f != partner => {
                several = true;
                break;
            }
            Some(_) => {}
        }
    }
    if !several {
        return;
    }
    partners.clear();
    partners.extend(of_record.map(|at| {
        let location = &cx.ws.locations[at];
        (&location.organization, &location.id)
    }));
    partners.sort();
    partners.dedup_by(|a, b| a.0 == b.0);
    if partners.len() < 2 {
        return;
    }
    let orgs: Vec<&Id> = partners.iter().map(|p| p.0).collect();
    let mut entities = vec![tenant.id.clone()];
    entities.extend(partners.iter().map(|p| p.1.clone()));
    out.report(
        &CSP601,
        format!(
            "{} partners, {}, sell to {} (multi-partner): supported; each subscription keeps its own partner of record",
            orgs.len(),
            name_list(&orgs.iter().map(|o| cx.name(o.as_str())).collect::<Vec<_>>(), 5),
            tenant_of(cx, tenant),
        ),
        entities,
    );
}

fn csp602<'a>(
    cx: &Context<'a>,
    tenant: &Tenant,
    rels: &[(usize, &'a Relationship)],
    admins: &mut Vec<(&'a Id, &'a Id)>,
    out: &mut Sink,
) {
    let as_of = cx.as_of;
    let mut in_force = rels
        .iter()
        .filter(|(_, r)| matches!(r.kind, RelationshipKind::Admin { .. }) && r.in_force_on(as_of));
    // Fewer than two admin relationships cannot be two partners.
    if in_force.clone().nth(1).is_none() {
        return;
    }
    admins.clear();
    admins.extend(
        in_force
            .by_ref()
            .filter_map(|&(r, _)| cx.rel_from_location(r))
            .map(|at| {
                let l = &cx.ws.locations[at];
                (&l.organization, &l.id)
            }),
    );
    admins.sort();
    admins.dedup_by(|a, b| a.0 == b.0);
    if admins.len() < 2 {
        return;
    }
    let orgs: Vec<&Id> = admins.iter().map(|p| p.0).collect();
    let mut entities = vec![tenant.id.clone()];
    entities.extend(admins.iter().map(|p| p.1.clone()));
    out.report(
        &CSP602,
        format!(
            "{} partners, {}, administer {} (multichannel): supported; administering moves no partner of record",
            orgs.len(),
            name_list(&orgs.iter().map(|o| cx.name(o.as_str())).collect::<Vec<_>>(), 5),
            tenant_of(cx, tenant),
        ),
        entities,
    );
}

/// A partner that must hold a reseller relationship for a subscription.
struct Orderer<'a> {
    partner: &'a Id,
    /// The partner's location index, when it names a location.
    at: Option<usize>,
    billing: bool,
    date: Option<NaiveDate>,
    reseller_led: bool,
}

/// The billing location and reseller of record, at the start and after each change.
fn orderers<'c, 'a>(cx: &'c Context<'a>, s: usize) -> impl Iterator<Item = Orderer<'a>> + 'c {
    fn at<'a>(
        billed_by: (&'a Id, Option<usize>),
        reseller: (&'a Fact<Id>, Option<usize>),
        date: Option<NaiveDate>,
    ) -> impl Iterator<Item = Orderer<'a>> {
        let reseller_led = matches!(reseller.0, Fact::Stated(_));
        std::iter::once(Orderer {
            partner: billed_by.0,
            at: billed_by.1,
            billing: true,
            date,
            reseller_led,
        })
        .chain(reseller.0.stated().map(move |partner| Orderer {
            partner,
            at: reseller.1,
            billing: false,
            date,
            reseller_led,
        }))
    }
    let sub = &cx.ws.subscriptions[s];
    at(
        (&sub.billed_by, cx.sub_billing(s)),
        (&sub.reseller_of_record, cx.sub_reseller(s)),
        sub.start,
    )
    .chain(sub.partner_of_record_changes.iter().flat_map(move |c| {
        let reseller = c
            .reseller_of_record
            .stated()
            .and_then(|r| cx.location_index(r.as_str()));
        at(
            (&c.billed_by, cx.location_index(c.billed_by.as_str())),
            (&c.reseller_of_record, reseller),
            Some(c.date),
        )
    }))
}

fn csp603_orders(
    cx: &Context<'_>,
    tenant: &Tenant,
    s: usize,
    sub: &Subscription,
    grants: &Grants<'_, '_>,
    out: &mut Sink,
) {
    if cx.is_shared_services_route(s) {
        return;
    }
    let mut reported: Vec<usize> = Vec::new();
    for Orderer {
        partner,
        at,
        billing,
        date,
        reseller_led,
    } in orderers(cx, s)
    {
        let Some(date) = date else {
            out.not_judged(&CSP603, &sub.id, "no start date recorded");
            continue;
        };
        let Some(at) = at.filter(|at| !reported.contains(at)) else {
            continue; // reported already, or CSP901
        };
        if grants.of(at).any(|r| r.in_force_on(date)) {
            continue;
        }
        let location = &cx.ws.locations[at];
        let existing = grants.of(at).next();
        reported.push(at);
        let detail = match existing {
            Some(rel) => format!(
                " (its reseller relationship '{}' runs {})",
                rel.id,
                span(rel.start, rel.end)
            ),
            None => String::new(),
        };
        let both = if billing && reseller_led {
            "; for a reseller-led sale the provider needs its own reseller relationship with the customer too"
        } else {
            ""
        };
        let fix = grant_fix(cx, partner, tenant, date, existing);
        let diagnostic = out.report(
            &CSP603,
            format!(
                "{} {} orders {} for {} on {date}, but the customer had granted it no reseller relationship in force that day{detail}{both}",
                role_label(location, billing),
                cx.describe(location.id.as_str(), date),
                sub_label(sub),
                tenant_text(cx, tenant.id.as_str(), date)
            ),
            vec![sub.id.clone(), location.id.clone(), tenant.id.clone()],
        );
        diagnostic.fixes.extend(fix);
    }
}

/// "from 2020-01-01 to 2021-01-01", "from 2020-01-01", "until 2021-01-01".
fn span(start: Option<NaiveDate>, end: Option<NaiveDate>) -> String {
    match (start, end) {
        (Some(s), Some(e)) => format!("from {s} to {e}"),
        (Some(s), None) => format!("from {s}"),
        (None, Some(e)) => format!("until {e}"),
        (None, None) => "with no dates".to_owned(),
    }
}

/// Makes a reseller relationship from `partner` with `tenant` in force on `date`: an earlier start
/// for one that starts too late, else a new one.
fn grant_fix(
    cx: &Context<'_>,
    partner: &Id,
    tenant: &Tenant,
    date: NaiveDate,
    existing: Option<&Relationship>,
) -> Option<Fix> {
    let partner_name = cx.name(partner.as_str());
    let tenant_name = cx.name(tenant.id.as_str());
    if let Some(rel) =
        existing.filter(|r| r.start.is_some_and(|s| s > date) && r.end.is_none_or(|e| e > date))
    {
        let mut earlier = rel.clone();
        earlier.start = Some(date);
        return Some(Fix {
            title: format!(
                "Start the reseller relationship '{}' of '{partner_name}' with '{tenant_name}' on {date}",
                rel.id
            ),
            edit: Edit::Replace(Entity::Relationship(earlier)),
        });
    }
    let id = cx.fresh_id(&format!("{partner}-rr-{}", tenant.id), &[])?;
    Some(Fix {
        title: format!(
            "Record a reseller relationship of '{partner_name}' with '{tenant_name}' from {date} (the customer accepts the partner's invitation)"
        ),
        edit: Edit::Insert {
            entity: Entity::Relationship(Relationship {
                id,
                kind: RelationshipKind::Reseller,
                from: partner.clone(),
                to: tenant.id.clone(),
                start: Some(date),
                requested: None,
                end: None,
                microsoft_id: None,
                sources: Vec::new(),
            }),
            at: None,
        },
    })
}

fn csp603_dap(
    cx: &Context<'_>,
    tenant: &Tenant,
    r: usize,
    rel: &Relationship,
    grants: &Grants<'_, '_>,
    out: &mut Sink,
) {
    let Some(at) = cx.rel_from_location(r) else {
        return;
    };
    let location = &cx.ws.locations[at];
    let Some(start) = rel.start else {
        out.not_judged(&CSP603, &rel.id, "no start date recorded");
        return;
    };
    if grants.of(at).any(|r| r.in_force_on(start)) {
        return;
    }
    out.report(
        &CSP603,
        format!(
            "'{}' holds DAP admin rights over {} from {start}, but the customer had granted it no reseller relationship in force that day; DAP only came with a reseller relationship",
            cx.name(location.id.as_str()),
            tenant_text(cx, tenant.id.as_str(), start)
        ),
        vec![rel.id.clone(), location.id.clone(), tenant.id.clone()],
    );
}

#[cfg(test)]
mod tests;
