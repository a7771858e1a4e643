//! Partner locations: where a partner's Partner ID, CSP tenant, roles and MPA live.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::organization::is_default;
use super::{Country, Fact, Id, Source};

/// A CSP role a location enrols in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Role {
    /// Buys from Microsoft and resells to indirect resellers (also called distributor).
    IndirectProvider,
    /// Sells to customers through an indirect provider; no billing relationship with Microsoft.
    IndirectReseller,
    /// Buys from Microsoft and sells to customers, billing and supporting them itself.
    DirectBill,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 3] = [
        Role::IndirectProvider,
        Role::DirectBill,
        Role::IndirectReseller,
    ];

    /// The name Partner Center uses.
    pub fn label(self) -> &'static str {
        match self {
            Role::IndirectProvider => "indirect provider",
            Role::IndirectReseller => "indirect reseller",
            Role::DirectBill => "direct bill partner",
        }
    }
}

/// Where an enrolment stands in Partner Center.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum EnrolmentStatus {
    /// Enrolled and transacting.
    #[default]
    Active,
    /// Met the requirements, not yet active.
    Qualified,
    /// Submitted, under review.
    Pending,
    /// Refused by Microsoft.
    Rejected,
    /// Limited by Microsoft (a restricted direct-bill enrolment may coexist with a reseller one, CSP112).
    Restricted,
    /// Removed from the program (for example under the reseller revenue threshold, CSP210).
    Deauthorized,
}

/// A location's enrolment in one role.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Enrolment {
    /// The role enrolled in.
    pub role: Role,
    /// When the location enrolled, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enrolled: Option<NaiveDate>,
    /// Current status.
    #[serde(default, skip_serializing_if = "is_default")]
    pub status: EnrolmentStatus,
    /// When the status last changed, if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status_date: Option<NaiveDate>,
}

impl Enrolment {
    /// An enrolment counts for transacting only while active.
    pub fn is_active(&self) -> bool {
        self.status == EnrolmentStatus::Active
    }
}

/// What a direct bill partner must provide itself (CSP106); each may be stated or unknown.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Capabilities {
    /// Integrates with Microsoft through the Partner Center APIs.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub api_integration: Fact<bool>,
    /// Bills its customers itself.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub billing: Fact<bool>,
    /// Supports its customers, with a support plan.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub support_plan: Fact<bool>,
    /// Provides a managed service.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub managed_service: Fact<bool>,
}

/// One location of a partner organization, with its own Partner ID (formerly MPN ID).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Location {
    /// Unique id in the workspace.
    pub id: Id,
    /// The organization this location belongs to.
    pub organization: Id,
    /// A label for the location ("Tokyo"), shown after the organization's name.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The Partner ID, digits (CSP904 warns on anything else); kept as text to keep leading zeros.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub partner_id: Option<String>,
    /// The country of the Partner ID; its region is the location's market.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// The CSP partner tenant this location transacts from.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub csp_tenant: Option<Id>,
    /// When the location onboarded to Partner Center.
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub onboarded: Fact<NaiveDate>,
    /// Enrolments by role; roles live here, not on the organization.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub enrolments: Vec<Enrolment>,
    /// When this location signed the Microsoft Partner Agreement (covers its organization's
    /// locations in the same region).
    #[serde(default, skip_serializing_if = "Fact::is_unknown")]
    pub mpa_signed: Fact<NaiveDate>,
    /// Direct-bill capabilities.
    #[serde(default, skip_serializing_if = "is_default")]
    pub capabilities: Capabilities,
    /// Trailing-12-month CSP revenue in US dollars, when recorded (CSP113, CSP210).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub revenue_ttm_usd: Option<u64>,
    /// Where the facts came from, for imported entities (export file, line, stated or inferred).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

impl Location {
    /// The enrolment in `role`, if any.
    pub fn enrolment(&self, role: Role) -> Option<&Enrolment> {
        self.enrolments.iter().find(|e| e.role == role)
    }

    /// True when the location holds an active enrolment in `role`.
    pub fn is_active(&self, role: Role) -> bool {
        self.enrolment(role).is_some_and(Enrolment::is_active)
    }
}
