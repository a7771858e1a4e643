//! Tenants: the directories (Microsoft Entra ID) services are provisioned into.

use serde::{Deserialize, Serialize};

use super::{Country, Id, Source};

/// What a tenant is for, which decides what may be provisioned into it (CSP3xx).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum TenantKind {
    /// The tenant a partner location transacts from; nothing is provisioned into it (CSP301).
    CspPartner,
    /// Where purchased services are provisioned; a partner's own one is for internal use only.
    Customer,
    /// Microsoft's route for a partner's own Azure use (the shared-services Azure offer only).
    SharedServices,
}

impl TenantKind {
    /// Name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            TenantKind::CspPartner => "CSP partner tenant",
            TenantKind::Customer => "customer tenant",
            TenantKind::SharedServices => "shared services tenant",
        }
    }
}

/// A directory owned by one organization.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Tenant {
    /// Unique id in the workspace.
    pub id: Id,
    /// The primary domain or another label ("contoso.onmicrosoft.com").
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// The owning organization (CSP305 warns when missing).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner: Option<Id>,
    /// What the tenant is for.
    pub kind: TenantKind,
    /// The tenant's country: a customer's market is its tenant's country, not its office's.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub country: Option<Country>,
    /// The Microsoft Entra tenant id (a GUID) when known, as Partner Center's exports carry it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub directory_id: Option<String>,
    /// Where the facts came from, for imported entities (export file, line, stated or inferred).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}
