//! What falls due: what ends or lapses after the as-of date and within a window of days.
//!
//! A channel manager asks "what runs out in the next 90 days?": GDAP relationships reaching their
//! end (and whether they auto-extend), subscriptions, partnerships and reseller relationships
//! ending, and the dates the rules know something lapses by (GDAP's two-year limit, CSP604; a
//! reseller's first-anniversary revenue review, CSP210). Items already ended are not due: the
//! rules report their use after the end. Pure: the radar panel and `csp-studio due` share it.

use std::collections::HashMap;

use chrono::{Days, Months, NaiveDate};
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
}

/// Items due after `as_of` and on or before `as_of + within_days`, sorted by date, then partner,
/// then text.
pub fn due(ws: &Workspace, as_of: NaiveDate, within_days: u32) -> Vec<DueItem> {
    let until = as_of
        .checked_add_days(Days::new(u64::from(within_days)))
        .unwrap_or(NaiveDate::MAX);
    let window = |date: NaiveDate| date > as_of && date <= until;
    let names = Names::new(ws);
    let mut items = Vec::new();
    for rel in &ws.relationships {
        if let Some(item) = relationship_due(&names, rel).filter(|i| window(i.date)) {
            items.push(item);
        }
    }
    for sub in &ws.subscriptions {
        if let Some(end) = sub.end.filter(|d| window(*d)) {
            items.push(subscription_due(&names, sub, end));
        }
    }
    for location in &ws.locations {
        if let Some(item) = revenue_review(&names, location).filter(|i| window(i.date)) {
            items.push(item);
        }
    }
    items.sort_by(|a, b| {
        (a.date, &a.partner, &a.text, a.kind).cmp(&(b.date, &b.partner, &b.text, b.kind))
    });
    items
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
            let two_years = rel
                .start
                .and_then(|s| s.checked_add_months(Months::new(24)));
            let extends = *auto_extend && two_years.is_some_and(|t| t >= AUTO_EXTENSION_FROM);
            let date = match (rel.end, two_years) {
                (Some(end), Some(limit)) if !extends => end.min(limit),
                (Some(end), _) => end,
                (None, Some(limit)) => limit,
                (None, None) => return None,
            };
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
    })
}

fn subscription_due(names: &Names<'_>, sub: &Subscription, end: NaiveDate) -> DueItem {
    let customer = names.tenant_owner(&sub.tenant);
    let tenant = names.name(&sub.tenant);
    let billing = names.name(&sub.billed_by);
    let mut entities = vec![sub.id.clone(), sub.tenant.clone(), sub.billed_by.clone()];
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
    let whose = match customer {
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
    }
}

/// CSP210: a reseller enrolled less than 12 months ago with trailing revenue under USD 1,000 is
/// reviewed at its first anniversary (from 2024-04-01).
fn revenue_review(names: &Names<'_>, location: &Location) -> Option<DueItem> {
    let enrolment = location
        .enrolments
        .iter()
        .find(|e| e.role == Role::IndirectReseller && e.status == EnrolmentStatus::Active)?;
    let anniversary = enrolment.enrolled?.checked_add_months(Months::new(12))?;
    let revenue = location.revenue_ttm_usd?;
    if revenue >= RESELLER_MINIMUM_USD || anniversary < RESELLER_MINIMUM_FROM {
        return None;
    }
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
    })
}

/// Names by id, with one index built for the whole list.
struct Names<'a> {
    ws: &'a Workspace,
    index: HashMap<&'a str, EntityRef>,
}

impl<'a> Names<'a> {
    fn new(ws: &'a Workspace) -> Self {
        Self {
            ws,
            index: ws.index(),
        }
    }

    fn at(&self, id: &Id, kind: EntityKind) -> Option<usize> {
        self.index
            .get(id.as_str())
            .filter(|at| at.kind == kind)
            .map(|at| at.index)
    }

    fn organization_name(&self, id: &Id) -> Option<&'a str> {
        self.at(id, EntityKind::Organization)
            .map(|i| self.ws.organizations[i].name.as_str())
    }

    /// The name a person knows the entity by (as [`Workspace::display_name`], in constant time).
    fn name(&self, id: &Id) -> String {
        if let Some(name) = self.organization_name(id) {
            return name.to_owned();
        }
        if let Some(i) = self.at(id, EntityKind::Location) {
            let location = &self.ws.locations[i];
            let org = self
                .organization_name(&location.organization)
                .unwrap_or(location.organization.as_str());
            return if location.name.is_empty() {
                org.to_owned()
            } else {
                format!("{org} ({})", location.name)
            };
        }
        if let Some(i) = self.at(id, EntityKind::Tenant)
            && !self.ws.tenants[i].name.is_empty()
        {
            return self.ws.tenants[i].name.clone();
        }
        id.to_string()
    }

    /// The partner organization a location belongs to, by name (the location's id otherwise).
    fn partner(&self, location: &Id) -> String {
        self.at(location, EntityKind::Location)
            .and_then(|i| self.organization_name(&self.ws.locations[i].organization))
            .map_or_else(|| self.name(location), str::to_owned)
    }

    /// The name of the organization owning a tenant.
    fn tenant_owner(&self, tenant: &Id) -> Option<&'a str> {
        let i = self.at(tenant, EntityKind::Tenant)?;
        self.organization_name(self.ws.tenants[i].owner.as_ref()?)
    }
}

#[cfg(test)]
mod tests;
