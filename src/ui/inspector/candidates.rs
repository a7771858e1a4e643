//! The lists pickers offer, built once per workspace change rather than every frame.

use std::collections::HashMap;

use crate::model::{Id, OrganizationKind, Role, TenantKind, Workspace};

/// Picker candidates: ids with display text, grouped by what a reference may name.
#[derive(Default)]
pub struct Candidates {
    generation: Option<(u64, u64)>,
    language: crate::i18n::Language,
    /// Every organization.
    pub organizations: Vec<(Id, String)>,
    /// Every partner location.
    pub locations: Vec<(Id, String)>,
    /// Locations that can bill (indirect provider or direct bill enrolment).
    pub billing_locations: Vec<(Id, String)>,
    /// Locations with an indirect-provider enrolment.
    pub provider_locations: Vec<(Id, String)>,
    /// Locations with an indirect-reseller enrolment.
    pub reseller_locations: Vec<(Id, String)>,
    /// Every tenant.
    pub tenants: Vec<(Id, String)>,
    /// CSP partner tenants.
    pub csp_tenants: Vec<(Id, String)>,
    /// Customer tenants.
    pub customer_tenants: Vec<(Id, String)>,
    /// The Microsoft organization(s).
    pub microsoft: Vec<Id>,
}

impl Candidates {
    /// Rebuilds the lists when the workspace or the language changed since the last call.
    pub fn refresh(&mut self, ws: &Workspace, generation: (u64, u64)) {
        let language = crate::i18n::language();
        if self.generation == Some(generation) && self.language == language {
            return;
        }
        *self = Self::build(ws);
        self.generation = Some(generation);
        self.language = language;
    }

    fn build(ws: &Workspace) -> Self {
        let org_names: HashMap<&str, &str> = ws
            .organizations
            .iter()
            .map(|o| (o.id.as_str(), o.name.as_str()))
            .collect();
        let mut out = Self {
            organizations: ws
                .organizations
                .iter()
                .map(|o| (o.id.clone(), format!("{} ({})", o.name, o.id)))
                .collect(),
            microsoft: ws
                .organizations
                .iter()
                .filter(|o| o.kind == OrganizationKind::Microsoft)
                .map(|o| o.id.clone())
                .collect(),
            ..Self::default()
        };
        for location in &ws.locations {
            let org = org_names
                .get(location.organization.as_str())
                .copied()
                .unwrap_or(location.organization.as_str());
            let name = if location.name.is_empty() {
                org.to_owned()
            } else {
                format!("{org} {}", location.name)
            };
            let country = location.country.map(|c| c.to_string()).unwrap_or_default();
            let entry = (
                location.id.clone(),
                format!("{name} · {country} ({})", location.id),
            );
            if location.enrolment(Role::IndirectProvider).is_some() {
                out.provider_locations.push(entry.clone());
            }
            if location.enrolment(Role::IndirectProvider).is_some()
                || location.enrolment(Role::DirectBill).is_some()
            {
                out.billing_locations.push(entry.clone());
            }
            if location.enrolment(Role::IndirectReseller).is_some() {
                out.reseller_locations.push(entry.clone());
            }
            out.locations.push(entry);
        }
        for tenant in &ws.tenants {
            let owner = tenant
                .owner
                .as_ref()
                .and_then(|o| org_names.get(o.as_str()).copied())
                .map_or_else(|| crate::i18n::t!("field.no_owner"), Into::into);
            let name = if tenant.name.is_empty() {
                tenant.id.as_str()
            } else {
                tenant.name.as_str()
            };
            let entry = (tenant.id.clone(), format!("{name} · {owner}"));
            match tenant.kind {
                TenantKind::CspPartner => out.csp_tenants.push(entry.clone()),
                TenantKind::Customer => out.customer_tenants.push(entry.clone()),
                TenantKind::SharedServices => {}
            }
            out.tenants.push(entry);
        }
        out
    }
}
