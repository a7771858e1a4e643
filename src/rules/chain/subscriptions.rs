//! Each subscription's chain up to Microsoft: CSP104, CSP105, CSP110, CSP111 (and the chains
//! CSP109 describes).

use std::collections::VecDeque;

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use super::common::{has_role, location_text};
use crate::edit::Edit;
use crate::model::{
    Entity, EntityKind, EntityRef, Fact, Id, Location, Purpose, Relationship, RelationshipKind,
    Role, Subscription,
};
use crate::rules::registry::declare_rule;
use crate::rules::text::{capitalized, name_list, sub_label, sub_label_from, tenant_text};
use crate::rules::{Context, Fix, Sink};

declare_rule! {
    /// ## What it checks
    /// A subscription that names an indirect reseller of record: the billing provider and that
    /// reseller have a partnership in force on the subscription's start date, that is authorized on
    /// or before that day and not ended on or before it.
    ///
    /// When the reseller reaches the billing provider only through other resellers, CSP105 reports
    /// that longer chain instead. Reading: CSP105 judges resale subscriptions only, so for a
    /// partner's own-use purchase through a reseller, a longer chain is reported here. A subscription
    /// without a recorded start date is counted as not judged.
    ///
    /// ## Why
    /// §Types: an indirect reseller relies on an indirect provider to take part in CSP, and scenario
    /// 1 (relationship 2) chains Microsoft → indirect provider → indirect reseller → customer. A
    /// provider can name as reseller of record only a reseller it is partnered with.
    ///
    /// ## Example
    /// Passes: 'Contoso Distribution' authorized 'Fabrikam KK' on 2019-03-01; a subscription from
    /// 2020-04-01 names 'Fabrikam KK' as reseller of record.
    /// Fails: their partnership ended on 2020-04-01 and the subscription starts on 2020-04-01: a
    /// partnership is not in force on the day it ends.
    pub CSP104, "CSP104", Error, "A reseller of record has no partnership in force with the billing provider"
}

declare_rule! {
    /// ## What it checks
    /// Every resale subscription traces to Microsoft through a supported chain:
    /// - Microsoft → direct bill partner → customer tenant, with no reseller of record; or
    /// - Microsoft → indirect provider → indirect reseller → customer tenant.
    ///
    /// The chain is traced up from the billing location to Microsoft (a supply from Microsoft in
    /// force on the subscription's start date) and from the reseller of record through
    /// partnerships to the billing location. Reported: a billing location Microsoft does not supply
    /// (or buying from another partner), a billing location that is neither a direct bill partner
    /// nor an indirect provider, a direct-bill subscription that names a reseller of record, and a
    /// reseller reaching the billing provider only through other resellers. One diagnostic per
    /// subscription lists every break found. A provider-billed subscription whose reseller of record
    /// is stated absent is CSP110's warning, not this.
    ///
    /// ## Why
    /// Scenario 1 names exactly these two transactional chains. A longer chain (a reseller selling
    /// through another reseller) has no billing relationship the program supports, and a chain
    /// that does not reach Microsoft has no one buying the service from Microsoft.
    ///
    /// ## Example
    /// Passes: Microsoft supplies 'Contoso Distribution', which partners with 'Fabrikam KK', the
    /// reseller of record on a subscription for 'Northwind'.
    /// Fails: 'Fabrikam KK' buys through another reseller, 'Tailspin', which is partnered with
    /// 'Contoso Distribution': Contoso → Tailspin → Fabrikam is one step too long.
    pub CSP105, "CSP105", Error, "A resale subscription does not trace to Microsoft through a supported chain"
}

declare_rule! {
    /// ## What it checks
    /// A subscription billed by an indirect provider (one without a direct-bill enrolment) whose
    /// reseller of record is stated absent.
    ///
    /// The shared-services route is exempt: the shared-services Azure offer billed into the
    /// provider's own shared services tenant. A partner's own-use purchase is CSP303's: when
    /// CSP303 warns that a partner bought for its own use straight from an indirect provider,
    /// that is the one diagnostic of the fact ("One fact, one diagnostic"), and CSP110 is not
    /// repeated. A reseller of record that is not recorded at all is counted as not judged (for
    /// an own-use purchase, by CSP303).
    ///
    /// ## Why
    /// Scenario 1 lists Microsoft → indirect provider → indirect reseller → customer; a provider
    /// selling straight to a customer is possible but not a chain the article lists, and no
    /// reseller gets the credit (partner of record) for the sale.
    ///
    /// ## Example
    /// Passes: 'Contoso Distribution' bills a subscription naming 'Fabrikam KK' as reseller of
    /// record.
    /// Fails: 'Contoso Distribution' bills a subscription for 'Northwind' with no reseller of record.
    pub CSP110, "CSP110", Warning, "A provider-billed subscription names no reseller of record"
}

declare_rule! {
    /// ## What it checks
    /// The reseller of record on a subscription is not the very location that bills it.
    ///
    /// ## Why
    /// §Types and scenario 1: the reseller of record is the indirect reseller that sells to the
    /// customer through its provider; a billing provider naming itself breaks the chain. A direct
    /// bill partner that sells itself names no reseller of record at all.
    ///
    /// ## Example
    /// Passes: 'Contoso Distribution' bills a subscription with 'Fabrikam KK' as reseller of record.
    /// Fails: 'Contoso Distribution' bills a subscription and names 'Contoso Distribution' as its
    /// reseller of record.
    pub CSP111, "CSP111", Error, "The reseller of record is the billing location itself"
}

const NO_START: &str = "no start date recorded";
const NO_RESELLER: &str = "no reseller of record recorded";

/// How far the upward search for a longer reseller chain goes before it gives up (and CSP104,
/// not CSP105, reports the missing partnership); real chains are two or three steps.
const SEARCH_LIMIT: usize = 256;

const SUPPORTED: &str = "the supported chains are Microsoft → direct bill partner → customer and \
                         Microsoft → indirect provider → indirect reseller → customer";

pub(super) fn check(cx: &Context<'_>, out: &mut Sink) {
    let chains = Chains::new(cx);
    for (at, sub) in cx.ws.subscriptions.iter().enumerate() {
        chains.subscription(at, sub, out);
    }
}

/// What tracing needs beyond the context, built once per check: Microsoft's supplies and the
/// roles that buy from Microsoft, by location.
struct Chains<'c, 'a> {
    cx: &'c Context<'a>,
    /// Per location: the supplies from Microsoft to it.
    supplies: Vec<Vec<&'a Relationship>>,
    /// Per location: (has a direct-bill enrolment, has an indirect-provider enrolment).
    buys: Vec<(bool, bool)>,
}

/// One subscription's chain, as far as it is known.
struct Trace<'a> {
    /// CSP105 breaks, in words.
    breaks: Vec<String>,
    /// Entities the breaks name beyond the subscription and its billing location.
    named: Vec<Id>,
    /// A fact CSP105 needs is unknown.
    unknown: Option<&'static str>,
    /// Still a supported chain (for CSP109).
    supported: bool,
    /// The reseller of record's location index, when it is one.
    reseller_at: Option<usize>,
    billing_at: usize,
    billing: &'a Location,
}

/// How a reseller of record is joined to the billing provider on a date.
enum Link<'a> {
    /// A partnership between them is in force.
    InForce,
    /// Only through other resellers: the location indices from the billing provider down to the
    /// reseller.
    Longer(Vec<usize>),
    /// Not at all; the partnerships between them that were not in force.
    Missing(Vec<&'a Relationship>),
}

impl<'c, 'a> Chains<'c, 'a> {
    fn new(cx: &'c Context<'a>) -> Self {
        let mut supplies = vec![Vec::new(); cx.ws.locations.len()];
        for (r, rel) in cx.ws.relationships.iter().enumerate() {
            if matches!(rel.kind, RelationshipKind::Supply)
                && cx.rel_from_microsoft(r)
                && let Some(at) = cx.rel_to_location(r)
            {
                supplies[at].push(rel);
            }
        }
        let buys = cx
            .ws
            .locations
            .iter()
            .map(|l| {
                (
                    has_role(l, Role::DirectBill),
                    has_role(l, Role::IndirectProvider),
                )
            })
            .collect();
        Self { cx, supplies, buys }
    }

    /// Partnerships whose reseller side is the location at `at`, each with the index of its
    /// provider side when that is a location.
    fn partnerships_to(
        &self,
        at: usize,
    ) -> impl Iterator<Item = (Option<usize>, &'a Relationship)> {
        let cx = self.cx;
        let ws = cx.ws;
        cx.rels_to(EntityRef {
            kind: EntityKind::Location,
            index: at,
        })
        .filter(move |&r| matches!(ws.relationships[r].kind, RelationshipKind::Partnership))
        .map(move |r| (cx.rel_from_location(r), &ws.relationships[r]))
    }

    fn subscription(&self, at: usize, sub: &'a Subscription, out: &mut Sink) {
        let cx = self.cx;
        let Some(billing_at) = cx.sub_billing(at) else {
            return;
        };
        let billing = &cx.ws.locations[billing_at];
        let (direct, provider) = self.buys.get(billing_at).copied().unwrap_or_default();
        let resale = sub.purpose == Purpose::Resale;
        if let Fact::Stated(reseller) = &sub.reseller_of_record
            && *reseller == sub.billed_by
        {
            self_reseller(cx, sub, billing, direct, out);
            return;
        }
        let mut trace = Trace {
            breaks: Vec::new(),
            named: Vec::new(),
            unknown: None,
            supported: resale,
            reseller_at: None,
            billing_at,
            billing,
        };
        if resale {
            self.supply_breaks(sub, &mut trace);
            if !direct && !provider {
                trace.breaks.push(format!(
                    "the billing location, {}, is neither a direct bill partner nor an indirect \
                     provider",
                    location_text(cx, billing, start_or_as_of(cx, sub))
                ));
            }
        }
        match &sub.reseller_of_record {
            Fact::Stated(reseller) => {
                self.named_reseller(at, sub, reseller, (direct, provider), &mut trace, out);
            }
            Fact::Absent => {
                if !direct {
                    trace.supported = false;
                }
                if provider && !direct && !cx.is_shared_services_route(at) {
                    no_reseller(cx, sub, billing, out);
                }
            }
            Fact::Unknown => {
                trace.supported = false;
                match (provider, direct) {
                    // CSP303 counts an own-use purchase; the route is exempt.
                    (true, false) if resale && !cx.is_shared_services_route(at) => {
                        out.not_judged(&CSP110, &sub.id, NO_RESELLER);
                    }
                    (true, true) => out.not_judged(&CSP104, &sub.id, NO_RESELLER),
                    (false, true) if resale => {
                        trace.unknown.get_or_insert(NO_RESELLER);
                    }
                    _ => {}
                }
            }
        }
        if !trace.breaks.is_empty() {
            let on = start_or_as_of(cx, sub);
            let message = format!(
                "{} for {} does not trace to Microsoft through a supported chain: {}; {SUPPORTED}",
                capitalized(&sub_label(sub)),
                tenant_text(cx, sub.tenant.as_str(), on),
                trace.breaks.join("; "),
            );
            let mut entities = vec![sub.id.clone(), sub.billed_by.clone()];
            entities.append(&mut trace.named);
            entities.push(sub.tenant.clone());
            out.report(&CSP105, message, entities);
        } else if let Some(what) = trace.unknown {
            out.not_judged(&CSP105, &sub.id, what);
        } else if trace.supported {
            out.served(at, billing_at, trace.reseller_at);
        }
    }

    /// CSP105: the billing location is not supplied by Microsoft on the subscription's start date.
    fn supply_breaks(&self, sub: &Subscription, trace: &mut Trace<'_>) {
        let cx = self.cx;
        let from_microsoft = self
            .supplies
            .get(trace.billing_at)
            .map_or(&[][..], Vec::as_slice);
        let billing = trace.billing;
        let on = start_or_as_of(cx, sub);
        if from_microsoft.is_empty() {
            let others: Vec<&Relationship> = cx
                .relationships_to(billing.id.as_str())
                .filter(|r| matches!(r.kind, RelationshipKind::Supply))
                .collect();
            let instead = if others.is_empty() {
                String::new()
            } else {
                let names: Vec<String> = others.iter().map(|r| cx.name(r.from.as_str())).collect();
                trace.named.extend(others.iter().map(|r| r.from.clone()));
                format!(", which buys from {} instead", name_list(&names, 3))
            };
            trace.breaks.push(format!(
                "Microsoft does not supply the billing location, {}{instead}",
                location_text(cx, billing, on)
            ));
            return;
        }
        let Some(start) = sub.start else {
            trace.unknown.get_or_insert(NO_START);
            return;
        };
        if from_microsoft.iter().any(|r| r.in_force_on(start)) {
            return;
        }
        let periods: Vec<String> = from_microsoft.iter().map(|r| period(r)).collect();
        trace.breaks.push(format!(
            "Microsoft's supply to the billing location, {}, was not in force on {start} ({})",
            location_text(cx, billing, on),
            periods.join(", ")
        ));
    }

    /// The reseller of record's side of the chain: CSP104, or a CSP105 break.
    fn named_reseller(
        &self,
        at: usize,
        sub: &'a Subscription,
        reseller_id: &'a Id,
        (direct, provider): (bool, bool),
        trace: &mut Trace<'a>,
        out: &mut Sink,
    ) {
        let cx = self.cx;
        let Some(reseller_at) = cx.sub_reseller(at) else {
            // CSP901 reports a reseller of record that is no location.
            trace.supported = false;
            return;
        };
        let reseller = &cx.ws.locations[reseller_at];
        trace.reseller_at = Some(reseller_at);
        let resale = sub.purpose == Purpose::Resale;
        let on = start_or_as_of(cx, sub);
        if resale && !provider {
            trace.named.push(reseller_id.clone());
            if direct {
                trace.breaks.push(format!(
                    "its billing location, {}, sells to its customers itself, yet the \
                     subscription names {} as reseller of record",
                    location_text(cx, trace.billing, on),
                    location_text(cx, reseller, on),
                ));
            }
            return;
        }
        let Some(start) = sub.start else {
            trace.supported = false;
            out.not_judged(&CSP104, &sub.id, NO_START);
            return;
        };
        match self.link(trace.billing_at, reseller_at, start) {
            Link::InForce => {}
            Link::Longer(path) if resale => {
                trace.breaks.push(format!(
                    "its reseller of record, {}, reaches the billing provider only through other \
                     resellers ({})",
                    location_text(cx, reseller, on),
                    self.path_text(&path),
                ));
                trace.named.push(reseller_id.clone());
                let between = path.len().saturating_sub(1);
                let list = &cx.ws.locations;
                trace.named.extend(
                    path.iter()
                        .take(between)
                        .skip(1)
                        .filter_map(|&at| list.get(at))
                        .map(|l| l.id.clone()),
                );
            }
            link => {
                trace.supported = false;
                let path = match &link {
                    Link::Longer(path) => Some(self.path_text(path)),
                    _ => None,
                };
                missing_partnership(cx, sub, trace.billing, reseller, start, link, path, out);
            }
        }
    }

    /// "'Contoso' → 'Tailspin' → 'Fabrikam'".
    fn path_text(&self, path: &[usize]) -> String {
        let names: Vec<String> = path
            .iter()
            .filter_map(|&at| self.cx.ws.locations.get(at))
            .map(|l| format!("'{}'", self.cx.name(l.id.as_str())))
            .collect();
        names.join(" → ")
    }

    fn link(&self, billing_at: usize, reseller_at: usize, on: NaiveDate) -> Link<'a> {
        let mut between = Vec::new();
        for (from, rel) in self.partnerships_to(reseller_at) {
            if from == Some(billing_at) {
                if rel.in_force_on(on) {
                    return Link::InForce;
                }
                between.push(rel);
            }
        }
        match self.longer_path(billing_at, reseller_at, on) {
            Some(path) => Link::Longer(path),
            None => Link::Missing(between),
        }
    }

    /// The path billing → ... → reseller through partnerships in force on `on`, searched upwards
    /// from the reseller (its providers are few); visited locations are never revisited, so loops
    /// end the search.
    fn longer_path(
        &self,
        billing_at: usize,
        reseller_at: usize,
        on: NaiveDate,
    ) -> Option<Vec<usize>> {
        // Each visited location with the location below it (towards the reseller).
        let mut below: FxHashMap<usize, usize> = FxHashMap::default();
        below.insert(reseller_at, reseller_at);
        let mut queue = VecDeque::from([reseller_at]);
        while let Some(node) = queue.pop_front() {
            for (from, rel) in self.partnerships_to(node) {
                let Some(up) = from.filter(|_| rel.in_force_on(on)) else {
                    continue;
                };
                if below.contains_key(&up) {
                    continue;
                }
                below.insert(up, node);
                if up == billing_at {
                    let mut path = vec![up];
                    let mut at = node;
                    while path.len() <= below.len() {
                        path.push(at);
                        if at == reseller_at {
                            return Some(path);
                        }
                        at = below.get(&at).copied()?;
                    }
                    return None;
                }
                if below.len() >= SEARCH_LIMIT {
                    return None;
                }
                queue.push_back(up);
            }
        }
        None
    }
}

fn start_or_as_of(cx: &Context<'_>, sub: &Subscription) -> NaiveDate {
    sub.start.unwrap_or(cx.as_of)
}

/// "'supply-1' from 2019-02-01, ended 2020-01-01".
fn period(rel: &Relationship) -> String {
    match (rel.start, rel.end) {
        (Some(start), Some(end)) => format!("'{}' from {start}, ended {end}", rel.id),
        (Some(start), None) => format!("'{}' from {start}", rel.id),
        (None, Some(end)) => format!("'{}' ended {end}", rel.id),
        (None, None) => format!("'{}'", rel.id),
    }
}

/// CSP104: no partnership in force between the billing provider and the reseller of record.
#[allow(clippy::too_many_arguments)]
fn missing_partnership(
    cx: &Context<'_>,
    sub: &Subscription,
    billing: &Location,
    reseller: &Location,
    start: NaiveDate,
    link: Link<'_>,
    path: Option<String>,
    out: &mut Sink,
) {
    let head = format!(
        "{} names {} as reseller of record, but",
        capitalized(&sub_label_from(sub, start)),
        location_text(cx, reseller, start),
    );
    let provider = cx.describe(billing.id.as_str(), start);
    let mut entities = vec![sub.id.clone(), reseller.id.clone(), billing.id.clone()];
    let message = match &link {
        Link::Missing(between) if between.is_empty() => {
            format!("{head} that reseller has no partnership with the billing provider {provider}")
        }
        Link::Missing(between) => {
            entities.extend(between.iter().map(|r| r.id.clone()));
            let why: Vec<String> = between
                .iter()
                .map(|r| match (r.start, r.end) {
                    (_, Some(end)) if end <= start => format!("'{}' ended on {end}", r.id),
                    (Some(from), _) if from > start => {
                        format!("'{}' was authorized only on {from}", r.id)
                    }
                    _ => period(r),
                })
                .collect();
            format!(
                "{head} its partnership with the billing provider {provider} was not in force on \
                 that day ({})",
                why.join(", ")
            )
        }
        Link::Longer(_) => format!(
            "{head} it has no partnership in force with the billing provider {provider}; it \
             reaches it only through other resellers ({})",
            path.unwrap_or_default()
        ),
        Link::InForce => return,
    };
    let diagnostic = out.report(&CSP104, message, entities);
    if let Link::Missing(between) = link
        && between.is_empty()
        && let Some(id) = cx.fresh_id(&format!("partnership-{}-{}", billing.id, reseller.id), &[])
    {
        let partnership = Relationship {
            id,
            kind: RelationshipKind::Partnership,
            from: billing.id.clone(),
            to: reseller.id.clone(),
            start: Some(start),
            requested: None,
            end: None,
            microsoft_id: None,
            sources: Vec::new(),
        };
        diagnostic.fixes.push(Fix {
            title: format!(
                "Add a partnership from '{}' to '{}' authorized on {start}",
                cx.name(billing.id.as_str()),
                cx.name(reseller.id.as_str())
            ),
            edit: Edit::Insert {
                entity: Entity::Relationship(partnership),
                at: None,
            },
        });
    }
}

/// CSP110: a provider-billed subscription with no reseller of record.
fn no_reseller(cx: &Context<'_>, sub: &Subscription, billing: &Location, out: &mut Sink) {
    let on = start_or_as_of(cx, sub);
    let message = format!(
        "{} for {} is billed by {} and names no reseller of record: possible, but not a chain the \
         program lists (Microsoft → indirect provider → indirect reseller → customer), and no \
         reseller is credited with the sale",
        capitalized(&sub_label(sub)),
        tenant_text(cx, sub.tenant.as_str(), on),
        location_text(cx, billing, on),
    );
    out.report(
        &CSP110,
        message,
        vec![sub.id.clone(), billing.id.clone(), sub.tenant.clone()],
    );
}

/// CSP111: the billing location names itself as reseller of record.
fn self_reseller(
    cx: &Context<'_>,
    sub: &Subscription,
    billing: &Location,
    direct: bool,
    out: &mut Sink,
) {
    let on = start_or_as_of(cx, sub);
    let message = format!(
        "{} is billed by {}, which also stands as its reseller of record; the reseller of record \
         is an indirect reseller selling through the billing provider, never the billing location \
         itself",
        capitalized(&sub_label(sub)),
        location_text(cx, billing, on),
    );
    let diagnostic = out.report(&CSP111, message, vec![sub.id.clone(), billing.id.clone()]);
    if direct {
        let mut fixed = sub.clone();
        fixed.reseller_of_record = Fact::Absent;
        diagnostic.fixes.push(Fix {
            title: format!(
                "Record no reseller of record: a direct-bill sale by '{}'",
                cx.name(billing.id.as_str())
            ),
            edit: Edit::Replace(Entity::Subscription(fixed)),
        });
    }
}
