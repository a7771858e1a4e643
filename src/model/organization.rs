//! Organizations (Microsoft, partners, customers) and the ownership edges between them.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Country, Fact, Id, Source};

/// Whether an organization is the vendor or a company in its network.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum OrganizationKind {
    /// The vendor: exactly one per workspace (CSP903).
    Microsoft,
    /// A partner, a customer, or both over time; its roles live on its locations.
    #[default]
    Company,
}

/// A company with a name in any script; partners hold [`super::Location`]s, customers hold tenants.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Organization {
    /// Unique id in the workspace.
    pub id: Id,
    /// Display name, any script (`富士商事株式会社` is normal).
    pub name: String,
    /// Vendor or company.
    #[serde(default, skip_serializing_if = "is_default")]
    pub kind: OrganizationKind,
    /// Where the organization is registered (its offices); a customer's market follows its tenant instead.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// Company registration ID, required by some countries (CSP504).
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub registration_id: Fact<String>,
    /// When the organization, as a customer, accepted the Microsoft Customer Agreement (CSP206).
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub mca_accepted: Fact<NaiveDate>,
    /// The partner location that attested the MCA acceptance (CSP209).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mca_attested_by: Option<Id>,
    /// Where the facts came from, for imported entities (export file, line, stated or inferred).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

/// An ownership edge: `owner` holds equity in, or the right to direct, `owned` (CSP402 affiliates).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Ownership {
    /// Unique id in the workspace.
    pub id: Id,
    /// The organization that holds the stake.
    pub owner: Id,
    /// The organization held.
    pub owned: Id,
    /// Share of equity in percent (0 to 100), when known.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub equity_percent: Option<f64>,
    /// The right to direct the owned organization's management, whatever the equity.
    #[serde(default, skip_serializing_if = "is_default")]
    pub directs_management: bool,
}

impl Ownership {
    /// Control as the MPA defines it: more than 50 % of the equity, or the right to direct management.
    pub fn is_control(&self) -> bool {
        self.directs_management || self.equity_percent.is_some_and(|p| p > 50.0)
    }
}

pub(crate) fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}
