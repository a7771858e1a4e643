//! Several partners per customer (CSP6xx): multi-partner, multichannel, relationships and admin rights.

mod timing;

pub use timing::{CSP604, CSP605};

use chrono::NaiveDate;

use super::registry::declare_rule;
use super::tenancy::{
    FastMap, fresh_id, is_shared_services_route, role_label, sub_label, tenant_desc,
};
use super::{Context, Family, Fix, Sink};
use crate::edit::Edit;
use crate::model::{
    AdminKind, Entity, Fact, Id, Relationship, RelationshipKind, Subscription, Tenant, TenantKind,
};

/// The family's rules and its check.
pub const FAMILY: Family = Family {
    name: "Several partners per customer (CSP6xx)",
    rules: &[&CSP601, &CSP602, &CSP603, &CSP604, &CSP605],
    check,
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
    let mut scratch = Scratch::default();
    for tenant in &cx.ws.tenants {
        per_tenant(cx, tenant, &mut scratch, out);
    }
    timing::check(cx, out);
}

/// Buffers reused from tenant to tenant, so the pass allocates only where something is found.
#[derive(Default)]
struct Scratch<'a> {
    subs: Vec<&'a Subscription>,
    rels: Vec<&'a Relationship>,
    grants: Vec<&'a Relationship>,
    partners: Vec<(&'a Id, &'a Id)>,
}

/// The reseller relationships into one tenant, by the partner holding them.
struct Grants<'s, 'a> {
    list: &'s [&'a Relationship],
    by_partner: Option<FastMap<&'a str, Vec<&'a Relationship>>>,
}

impl<'s, 'a> Grants<'s, 'a> {
    fn new(list: &'s [&'a Relationship]) -> Self {
        // A linear scan is cheapest for the few relationships a tenant usually has.
        let by_partner = (list.len() > 16).then(|| {
            let mut map: FastMap<&'a str, Vec<&'a Relationship>> = FastMap::default();
            for rel in list {
                map.entry(rel.from.as_str()).or_default().push(rel);
            }
            map
        });
        Self { list, by_partner }
    }

    /// The reseller relationships `partner` holds with the tenant, in list order.
    fn of<'q>(&'q self, partner: &'q str) -> impl Iterator<Item = &'a Relationship> + 'q {
        let (small, big) = match &self.by_partner {
            None => (
                Some(self.list.iter().filter(move |r| r.from.as_str() == partner)),
                None,
            ),
            Some(map) => (None, map.get(partner).map(|v| v.iter())),
        };
        small
            .into_iter()
            .flatten()
            .chain(big.into_iter().flatten())
            .copied()
    }
}

fn per_tenant<'a>(cx: &Context<'a>, tenant: &'a Tenant, scratch: &mut Scratch<'a>, out: &mut Sink) {
    scratch.subs.clear();
    scratch.subs.extend(cx.subscriptions_in(tenant.id.as_str()));
    scratch.rels.clear();
    scratch.rels.extend(cx.relationships_to(tenant.id.as_str()));
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
            .copied()
            .filter(|r| r.kind == RelationshipKind::Reseller),
    );
    let grants = Grants::new(&scratch.grants);
    for sub in &scratch.subs {
        csp603_orders(cx, tenant, sub, &grants, out);
    }
    for rel in &scratch.rels {
        if matches!(
            rel.kind,
            RelationshipKind::Admin {
                access: AdminKind::Dap,
                ..
            }
        ) {
            csp603_dap(cx, tenant, rel, &grants, out);
        }
    }
}

/// The billing location and reseller of record in force on `date`, after partner-of-record changes.
fn partners_on(sub: &Subscription, date: NaiveDate) -> (&Id, &Fact<Id>) {
    let mut partners = (&sub.billed_by, &sub.reseller_of_record);
    for change in &sub.partner_of_record_changes {
        if change.date <= date {
            partners = (&change.billed_by, &change.reseller_of_record);
        }
    }
    partners
}

/// Names of partner organizations, at most five, for messages.
fn name_list(cx: &Context<'_>, ids: &[&Id]) -> String {
    let mut names: Vec<String> = ids
        .iter()
        .take(5)
        .map(|id| format!("'{}'", cx.name(id.as_str())))
        .collect();
    if ids.len() > 5 {
        names.push(format!("and {} more", ids.len() - 5));
    }
    names.join(", ")
}

fn csp601<'a>(
    cx: &Context<'a>,
    tenant: &Tenant,
    subs: &[&'a Subscription],
    partners: &mut Vec<(&'a Id, &'a Id)>,
    out: &mut Sink,
) {
    let as_of = cx.ws.as_of;
    // The partner of record (reseller, else billing location) of each subscription in force.
    let of_record = subs
        .iter()
        .filter(|sub| sub.start.is_none_or(|s| s <= as_of) && sub.end.is_none_or(|e| e > as_of))
        .map(|sub| match partners_on(sub, as_of) {
            (_, Fact::Stated(reseller)) => reseller,
            (billed_by, _) => billed_by,
        });
    // Most tenants buy from one partner location: no lookup needed for them.
    let mut first: Option<&Id> = None;
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
    partners.extend(
        of_record
            .filter_map(|partner| cx.location(partner.as_str()))
            .map(|location| (&location.organization, &location.id)),
    );
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
            "{} buys from {} partners: {}. Multi-partner is supported; each subscription keeps its own partner of record",
            tenant_desc(cx, tenant, as_of),
            orgs.len(),
            name_list(cx, &orgs)
        ),
        entities,
    );
}

fn csp602<'a>(
    cx: &Context<'a>,
    tenant: &Tenant,
    rels: &[&'a Relationship],
    admins: &mut Vec<(&'a Id, &'a Id)>,
    out: &mut Sink,
) {
    let as_of = cx.ws.as_of;
    let mut in_force = rels
        .iter()
        .filter(|r| matches!(r.kind, RelationshipKind::Admin { .. }) && r.in_force_on(as_of));
    // Fewer than two admin relationships cannot be two partners.
    if in_force.clone().nth(1).is_none() {
        return;
    }
    admins.clear();
    admins.extend(
        in_force
            .by_ref()
            .filter_map(|r| cx.location(r.from.as_str()))
            .map(|l| (&l.organization, &l.id)),
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
            "{} is administered by {} partners: {}. Multichannel support is supported; administering moves no partner of record",
            tenant_desc(cx, tenant, as_of),
            orgs.len(),
            name_list(cx, &orgs)
        ),
        entities,
    );
}

/// A partner that must hold a reseller relationship for a subscription.
struct Orderer<'a> {
    partner: &'a Id,
    billing: bool,
    /// The order date: the start, or a partner-of-record change's date.
    date: Option<NaiveDate>,
    reseller_led: bool,
}

/// The billing location and reseller of record, at the start and after each change.
fn orderers(sub: &Subscription) -> impl Iterator<Item = Orderer<'_>> {
    fn at<'a>(
        billed_by: &'a Id,
        reseller: &'a Fact<Id>,
        date: Option<NaiveDate>,
    ) -> impl Iterator<Item = Orderer<'a>> {
        let reseller_led = matches!(reseller, Fact::Stated(_));
        std::iter::once(Orderer {
            partner: billed_by,
            billing: true,
            date,
            reseller_led,
        })
        .chain(reseller.stated().map(move |partner| Orderer {
            partner,
            billing: false,
            date,
            reseller_led,
        }))
    }
    at(&sub.billed_by, &sub.reseller_of_record, sub.start).chain(
        sub.partner_of_record_changes
            .iter()
            .flat_map(|c| at(&c.billed_by, &c.reseller_of_record, Some(c.date))),
    )
}

fn csp603_orders(
    cx: &Context<'_>,
    tenant: &Tenant,
    sub: &Subscription,
    grants: &Grants<'_, '_>,
    out: &mut Sink,
) {
    if is_shared_services_route(cx, sub) {
        return;
    }
    let mut reported: Vec<&Id> = Vec::new();
    for Orderer {
        partner,
        billing,
        date,
        reseller_led,
    } in orderers(sub)
    {
        if reported.contains(&partner) {
            continue;
        }
        let Some(date) = date else {
            out.not_judged(&CSP603, &sub.id, "no start date recorded");
            continue;
        };
        if grants.of(partner.as_str()).any(|r| r.in_force_on(date)) {
            continue;
        }
        let Some(location) = cx.location(partner.as_str()) else {
            continue; // CSP901
        };
        let existing = grants.of(partner.as_str()).next();
        reported.push(partner);
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
                "{} {} orders {} for {} on {date} without a reseller relationship the customer granted in force that day{detail}{both}",
                role_label(location, billing),
                cx.describe(location.id.as_str(), date),
                sub_label(sub),
                tenant_desc(cx, tenant, date)
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
    let id = fresh_id(cx, &format!("{partner}-rr-{}", tenant.id), &[])?;
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
            }),
            at: None,
        },
    })
}

fn csp603_dap(
    cx: &Context<'_>,
    tenant: &Tenant,
    rel: &Relationship,
    grants: &Grants<'_, '_>,
    out: &mut Sink,
) {
    let Some(location) = cx.location(rel.from.as_str()) else {
        return;
    };
    let Some(start) = rel.start else {
        out.not_judged(&CSP603, &rel.id, "no start date recorded");
        return;
    };
    if grants.of(rel.from.as_str()).any(|r| r.in_force_on(start)) {
        return;
    }
    out.report(
        &CSP603,
        format!(
            "'{}' holds DAP admin rights over {} from {start} without a reseller relationship the customer granted in force that day; DAP only came with a reseller relationship",
            cx.name(location.id.as_str()),
            tenant_desc(cx, tenant, start)
        ),
        vec![rel.id.clone(), location.id.clone(), tenant.id.clone()],
    );
}

#[cfg(test)]
mod tests;
