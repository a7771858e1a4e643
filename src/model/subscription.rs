//! Subscriptions: an offer provisioned into a tenant, billed by one location.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::organization::is_default;
use super::{Fact, Id, Source};

/// The kind of offer, which decides the rules that apply (CSP303, CSP307, CSP605).
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum OfferKind {
    /// A licence-based (seat) offer with a term; its partner of record stays for the term (CSP605).
    #[default]
    LicenceBased,
    /// Azure plan: consumption, may switch partner.
    AzurePlan,
    /// Perpetual or subscription software.
    Software,
    /// A third-party offer from the marketplace.
    ThirdParty,
    /// "Azure - Internal/Shared Services": a partner's own Azure use, into its shared services tenant.
    SharedServicesAzure,
}

impl OfferKind {
    /// First-party offers are Microsoft's own; third-party ones come from the marketplace.
    pub fn is_first_party(self) -> bool {
        self != OfferKind::ThirdParty
    }
}

/// Why the subscription was bought.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Purpose {
    /// Resold to an end customer.
    #[default]
    Resale,
    /// A partner buying for its own use (scenario 4).
    OwnUse,
}

/// A change of the partner of record on a subscription (CSP605).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PartnerOfRecordChange {
    /// When the change took effect.
    pub date: NaiveDate,
    /// The billing location from that date.
    pub billed_by: Id,
    /// The reseller of record from that date.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub reseller_of_record: Fact<Id>,
}

/// An offer provisioned into one tenant, billed by one location.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Subscription {
    /// Unique id in the workspace.
    pub id: Id,
    /// The offer's name ("Microsoft 365 E3").
    pub offer: String,
    /// What kind of offer.
    #[serde(default, skip_serializing_if = "is_default")]
    pub offer_kind: OfferKind,
    /// The tenant it is provisioned into.
    pub tenant: Id,
    /// The location that buys it from Microsoft (a direct bill partner or an indirect provider).
    pub billed_by: Id,
    /// The indirect reseller of record (its location) when billed by a provider; `Absent` says
    /// there is none, a missing field says nobody knows.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub reseller_of_record: Fact<Id>,
    /// Resale or the partner's own use.
    #[serde(default, skip_serializing_if = "is_default")]
    pub purpose: Purpose,
    /// When it started, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    /// When its term ends or it was cancelled, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// Partner-of-record changes after the start, in date order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partner_of_record_changes: Vec<PartnerOfRecordChange>,
    /// Microsoft's own id of it (Partner Center's subscription id, Graph's relationship id),
    /// which reconciling later exports matches on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub microsoft_id: Option<String>,
    /// Where the facts came from, for imported entities (export file, line, stated or inferred).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}
