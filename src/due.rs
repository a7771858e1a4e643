//! What falls due: what ends or lapses after the as-of date and within a window of days.
//!
//! A channel manager asks "what runs out in the next 90 days?": GDAP relationships reaching their
//! end (and whether they auto-extend), subscriptions, partnerships and reseller relationships
//! ending, and the dates the rules know something lapses by (GDAP's two-year limit, CSP604; a
//! reseller's first-anniversary revenue review, CSP210). Items already ended are not due: the
//! rules report their use after the end. Pure: the radar panel and `csp-studio due` share it.

use chrono::{Days, Months, NaiveDate};
use rustc_hash::FxHashMap;
use serde::Serialize;

use crate::model::{
    AdminKind, EnrolmentStatus, EntityKind, EntityRef, Id, Location, Relationship,
    RelationshipKind, Role, Subscription, Workspace,
};

/// GDAP auto-extension exists for two-year ends from this day (CSP604).
const AUTO_EXTENSION_FROM: NaiveDate = match NaiveDate::from_ymd_opt(2023, 10, 30) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// The reseller minimum (CSP210) applies from this day.
const RESELLER_MINIMUM_FROM: NaiveDate = match NaiveDate::from_ymd_opt(2024, 4, 1) {
    Some(date) => date,
    None => NaiveDate::MIN,
};

/// Trailing revenue under which a reseller is deauthorized at its anniversary (CSP210).
const RESELLER_MINIMUM_USD: u64 = 1_000;

/// What falls due.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "kebab-case")]
pub enum DueKind {
    /// A GDAP relationship lapses (its end, or its two years).
    GdapEnds,
    /// A GDAP relationship reaches its end and auto-extends by 180 days.
    GdapAutoExtends,
    /// A DAP relationship ends.
    DapEnds,
    /// A subscription's term ends.
    SubscriptionEnds,
    /// A provider–reseller partnership ends.
    PartnershipEnds,
    /// A customer's reseller relationship with a partner ends.
    ResellerRelationshipEnds,
    /// Microsoft stops supplying a location.
    SupplyEnds,
    /// A reseller reaches its first anniversary with trailing revenue under USD 1,000 (CSP210).
    ResellerRevenueReview,
}

impl DueKind {
    /// The kebab-case name used in JSON and as an interface text key.
    pub fn key(self) -> &'static str {
        match self {
            DueKind::GdapEnds => "gdap-ends",
            DueKind::GdapAutoExtends => "gdap-auto-extends",
            DueKind::DapEnds => "dap-ends",
            DueKind::SubscriptionEnds => "subscription-ends",
            DueKind::PartnershipEnds => "partnership-ends",
            DueKind::ResellerRelationshipEnds => "reseller-relationship-ends",
            DueKind::SupplyEnds => "supply-ends",
            DueKind::ResellerRevenueReview => "reseller-revenue-review",
        }
    }
}

/// The names an item's sentence is made of, so the interface can word it in its own language;
/// [`DueItem::text`] is the English sentence the command line prints.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct DueWords {
    /// The relationship's or subscription's id.
    pub id: String,
    /// The administering, providing or selling side.
    pub from: String,
    /// The tenant administered, the reseller, the customer tenant, the location supplied.
    pub to: String,
    /// A subscription's offer.
    pub offer: String,
    /// A subscription's customer, when its tenant has an owner.
    pub customer: Option<String>,
    /// A subscription's tenant.
    pub tenant: String,
    /// A subscription's reseller of record, when stated.
    pub reseller: Option<String>,
    /// A subscription's billing partner.
    pub billing: String,
    /// A reseller's trailing revenue in US dollars.
    pub revenue: u64,
}

/// One thing that falls due.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct DueItem {
    /// The day it ends or lapses (not in force from that day).
    pub date: NaiveDate,
    /// What it is.
    pub kind: DueKind,
    /// A sentence naming the entities by name.
    pub text: String,
    /// The entities concerned, the item's own first.
    pub entities: Vec<Id>,
    /// The partner organization it is grouped under (by name, for display).
    #[serde(skip)]
    pub partner: String,
    /// The names in `text`, for the interface's own wording.
    #[serde(skip)]
    pub words: DueWords,
}

/// Items due after `as_of` and on or before `as_of + within_days`, sorted by date, then partner,
/// then text.
pub fn due(ws: &Workspace, as_of: NaiveDate, within_days: u32) -> Vec<DueItem> {
    DueIndex::new(ws).due(ws, as_of, within_days)
}

/// Where a dated item comes from.
#[derive(Debug, Clone, Copy)]
enum Source {
    Relationship(usize),
    Subscription(usize),
    Location(usize),
}

/// Every dated item of a workspace, sorted by date, with an id index for naming them: built
/// once per workspace change, then each window (a moved as-of date, another number of days) is a
/// binary search and the text of only the items in it.
pub struct DueIndex {
    entries: Vec<(NaiveDate, Source)>,
    index: FxHashMap<Id, EntityRef>,
}

impl DueIndex {
    /// Collects the dates of `ws` in one pass.
    pub fn new(ws: &Workspace) -> Self {
        let mut entries = Vec::new();
        for (i, rel) in ws.relationships.iter().enumerate() {
            if let Some(date) = relationship_date(rel) {
                entries.push((date, Source::Relationship(i)));
            }
        }
        for (i, sub) in ws.subscriptions.iter().enumerate() {
            if let Some(end) = sub.end {
                entries.push((end, Source::Subscription(i)));
            }
        }
        for (i, location) in ws.locations.iter().enumerate() {
            if let Some(date) = revenue_review_date(location) {
                entries.push((date, Source::Location(i)));
            }
        }
        entries.sort_by_key(|(date, _)| *date);
        let mut index = FxHashMap::with_capacity_and_hasher(ws.entity_count(), Default::default());
        for (id, at) in ws.entity_ids() {
            index.entry(id.clone()).or_insert(at);
        }
        Self { entries, index }
    }

    /// The items due in the window; `ws` is the workspace the index was built from (its as-of
    /// date and diagram positions may have moved since).
    pub fn due(&self, ws: &Workspace, as_of: NaiveDate, within_days: u32) -> Vec<DueItem> {
        let until = as_of
            .checked_add_days(Days::new(u64::from(within_days)))
            .unwrap_or(NaiveDate::MAX);
        let from = self.entries.partition_point(|(date, _)| *date <= as_of);
        let to = self.entries.partition_point(|(date, _)| *date <= until);
        let names = Names {
            ws,
            index: &self.index,
        };
        let mut items: Vec<DueItem> = self
            .entries
            .get(from..to.max(from))
            .unwrap_or(&[])
            .iter()
            .filter_map(|(date, source)| match *source {
                Source::Relationship(i) => relationship_due(&names, ws.relationships.get(i)?),
                Source::Subscription(i) => {
                    Some(subscription_due(&names, ws.subscriptions.get(i)?, *date))
                }
                Source::Location(i) => revenue_review(&names, ws.locations.get(i)?),
            })
            .collect();
        items.sort_by(|a, b| {
            (a.date, &a.partner, &a.text, a.kind).cmp(&(b.date, &b.partner, &b.text, b.kind))
        });
        items
    }
}

/// The day a relationship ends or lapses, if it does.
fn relationship_date(rel: &Relationship) -> Option<NaiveDate> {
    match &rel.kind {
        RelationshipKind::Admin {
            access: AdminKind::Gdap,
            auto_extend,
            ..
        } => gdap_end(rel, *auto_extend).map(|(date, _)| date),
        _ => rel.end,
    }
}

/// A GDAP's end: its stated end, capped at two years unless it auto-extends; and whether it does.
fn gdap_end(rel: &Relationship, auto_extend: bool) -> Option<(NaiveDate, bool)> {
    let two_years = rel
        .start
        .and_then(|s| s.checked_add_months(Months::new(24)));
    let extends = auto_extend && two_years.is_some_and(|t| t >= AUTO_EXTENSION_FROM);
    let date = match (rel.end, two_years) {
        (Some(end), Some(limit)) if !extends => end.min(limit),
        (Some(end), _) => end,
        (None, Some(limit)) => limit,
        (None, None) => return None,
    };
    Some((date, extends))
}

fn relationship_due(names: &Names<'_>, rel: &Relationship) -> Option<DueItem> {
    let from = names.name(&rel.from);
    let to = names.name(&rel.to);
    let partner = names.partner(&rel.from);
    let entities = vec![rel.id.clone(), rel.from.clone(), rel.to.clone()];
    let (date, kind, text) = match &rel.kind {
        RelationshipKind::Admin {
            access: AdminKind::Gdap,
            auto_extend,
            ..
        } => {
            let (date, extends) = gdap_end(rel, *auto_extend)?;
            if extends {
                (
                    date,
                    DueKind::GdapAutoExtends,
                    format!(
                        "GDAP admin relationship '{}' of '{from}' over '{to}' reaches its end and auto-extends by 180 days",
                        rel.id
                    ),
                )
            } else {
                (
                    date,
                    DueKind::GdapEnds,
                    format!(
                        "GDAP admin relationship '{}' of '{from}' over '{to}' ends (no auto-extension)",
                        rel.id
                    ),
                )
            }
        }
        RelationshipKind::Admin {
            access: AdminKind::Dap,
            ..
        } => (
            rel.end?,
            DueKind::DapEnds,
            format!(
                "DAP admin relationship '{}' of '{from}' over '{to}' ends",
                rel.id
            ),
        ),
        RelationshipKind::Partnership => (
            rel.end?,
            DueKind::PartnershipEnds,
            format!("Partnership between provider '{from}' and reseller '{to}' ends"),
        ),
        RelationshipKind::Reseller => (
            rel.end?,
            DueKind::ResellerRelationshipEnds,
            format!("Reseller relationship of '{from}' with customer tenant '{to}' ends"),
        ),
        RelationshipKind::Supply => (
            rel.end?,
            DueKind::SupplyEnds,
            format!("Microsoft's supply to '{to}' ends"),
        ),
    };
    let partner = if rel.kind == RelationshipKind::Supply {
        names.partner(&rel.to)
    } else {
        partner
    };
    Some(DueItem {
        date,
        kind,
        text,
        entities,
        partner,
        words: DueWords {
            id: rel.id.to_string(),
            from,
            to,
            ..DueWords::default()
        },
    })
}

fn subscription_due(names: &Names<'_>, sub: &Subscription, end: NaiveDate) -> DueItem {
    let customer = names.tenant_owner(&sub.tenant);
    let tenant = names.name(&sub.tenant);
    let billing = names.name(&sub.billed_by);
    let mut entities = vec![sub.id.clone(), sub.tenant.clone(), sub.billed_by.clone()];
    let reseller_name = sub.reseller_of_record.stated().map(|r| names.name(r));
    let (partner, seller) = match sub.reseller_of_record.stated() {
        Some(reseller) => {
            entities.push(reseller.clone());
            (
                names.partner(reseller),
                format!(
                    "reseller of record '{}', billed by '{billing}'",
                    names.name(reseller)
                ),
            )
        }
        None => (
            names.partner(&sub.billed_by),
            format!("billed by '{billing}'"),
        ),
    };
    let whose = match &customer {
        Some(customer) => format!("'{customer}' (tenant '{tenant}')"),
        None => format!("tenant '{tenant}'"),
    };
    DueItem {
        date: end,
        kind: DueKind::SubscriptionEnds,
        text: format!(
            "Subscription '{}' ({}) of {whose} ends; {seller}",
            sub.offer, sub.id
        ),
        entities,
        partner,
        words: DueWords {
            id: sub.id.to_string(),
            offer: sub.offer.clone(),
            customer: customer.map(|c| c.to_string()),
            tenant: tenant.to_string(),
            reseller: reseller_name.map(|r| r.to_string()),
            billing: billing.to_string(),
            ..DueWords::default()
        },
    }
}

/// CSP210: a reseller enrolled less than 12 months ago with trailing revenue under USD 1,000 is
/// reviewed at its first anniversary (from 2024-04-01).
fn revenue_review(names: &Names<'_>, location: &Location) -> Option<DueItem> {
    let anniversary = revenue_review_date(location)?;
    let revenue = location.revenue_ttm_usd?;
    let mut entities = vec![location.id.clone()];
    entities.extend(location.csp_tenant.iter().cloned());
    Some(DueItem {
        date: anniversary,
        kind: DueKind::ResellerRevenueReview,
        text: format!(
            "Indirect reseller '{}' reaches its first anniversary with USD {revenue} trailing revenue, under USD 1,000: it would be deauthorized",
            names.name(&location.id)
        ),
        entities,
        partner: names.partner(&location.id),
        words: DueWords {
            to: names.name(&location.id).to_string(),
            revenue,
            ..DueWords::default()
        },
    })
}

/// The first anniversary of a reseller under the minimum, when the minimum applies by then.
fn revenue_review_date(location: &Location) -> Option<NaiveDate> {
    let enrolment = location
        .enrolments
        .iter()
        .find(|e| e.role == Role::IndirectReseller && e.status == EnrolmentStatus::Active)?;
    let anniversary = enrolment.enrolled?.checked_add_months(Months::new(12))?;
    let revenue = location.revenue_ttm_usd?;
    (revenue < RESELLER_MINIMUM_USD && anniversary >= RESELLER_MINIMUM_FROM).then_some(anniversary)
}

/// Names by id, through the index of a [`DueIndex`].
struct Names<'a> {
    ws: &'a Workspace,
    index: &'a FxHashMap<Id, EntityRef>,
}

impl<'a> Names<'a> {
    fn organization(&self, id: &Id) -> Option<&'a crate::model::Organization> {
        let at = self
            .index
            .get(id)
            .filter(|at| at.kind == EntityKind::Organization)?;
        self.ws.organizations.get(at.index)
    }

    fn location(&self, id: &Id) -> Option<&'a Location> {
        let at = self
            .index
            .get(id)
            .filter(|at| at.kind == EntityKind::Location)?;
        self.ws.locations.get(at.index)
    }

    fn tenant(&self, id: &Id) -> Option<&'a crate::model::Tenant> {
        let at = self
            .index
            .get(id)
            .filter(|at| at.kind == EntityKind::Tenant)?;
        self.ws.tenants.get(at.index)
    }

    fn organization_name(&self, id: &Id) -> Option<&'a str> {
        self.organization(id).map(|o| o.name.as_str())
    }

    /// The name a person knows the entity by (as [`Workspace::display_name`], in constant time).
    fn name(&self, id: &Id) -> String {
        if let Some(name) = self.organization_name(id) {
            return name.to_owned();
        }
        if let Some(location) = self.location(id) {
            let org = self
                .organization_name(&location.organization)
                .unwrap_or(location.organization.as_str());
            return if location.name.is_empty() {
                org.to_owned()
            } else {
                format!("{org} ({})", location.name)
            };
        }
        match self.tenant(id) {
            Some(tenant) if !tenant.name.is_empty() => tenant.name.clone(),
            _ => id.to_string(),
        }
    }

    /// The partner organization a location belongs to, by name (the location's id otherwise).
    fn partner(&self, location: &Id) -> String {
        self.location(location)
            .and_then(|l| self.organization_name(&l.organization))
            .map_or_else(|| self.name(location), str::to_owned)
    }

    /// The name of the organization owning a tenant.
    fn tenant_owner(&self, tenant: &Id) -> Option<&'a str> {
        self.organization_name(self.tenant(tenant)?.owner.as_ref()?)
    }
}

#[cfg(test)]
mod tests;
