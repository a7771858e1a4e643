//! Tenants (CSP3xx): what may be provisioned into which tenant, who owns tenants, and scenario 6.
//!
//! Also home of the edits this family's quick fixes make.

mod ownership;
mod provisioning;
#[cfg(test)]
mod tests;

use rustc_hash::FxHashMap;

use super::{Context, DateUse, Family, Pass, Sink};
use crate::edit::Edit;
use crate::model::{Country, Entity, Id, Subscription, Tenant, TenantKind};

pub use ownership::{CSP304, CSP305, CSP306};
pub use provisioning::{CSP301, CSP302, CSP303, CSP307};

/// The family's rules and its check.
pub const FAMILY: Family = Family {
    name: "Tenants (CSP3xx)",
    rules: &[
        &CSP301, &CSP302, &CSP303, &CSP304, &CSP305, &CSP306, &CSP307,
    ],
    check,
    passes: &[
        Pass {
            name: "tenancy provisioning",
            check: provisioning_pass,
            date_use: DateUse::Day,
        },
        Pass {
            name: "tenancy ownership",
            check: ownership::check,
            date_use: DateUse::Day,
        },
    ],
};

fn check(cx: &Context<'_>, out: &mut Sink) {
    super::run_passes(FAMILY.passes, cx, out);
}

fn provisioning_pass(cx: &Context<'_>, out: &mut Sink) {
    let mut own = OwnTenants::default();
    provisioning::check(cx, &mut own, out);
}

/// A new tenant, as a fix inserts it.
pub(super) fn new_tenant(
    id: Id,
    name: String,
    owner: &Id,
    kind: TenantKind,
    country: Option<Country>,
) -> Tenant {
    Tenant {
        id,
        name,
        owner: Some(owner.clone()),
        kind,
        country,
        directory_id: None,
        sources: Vec::new(),
    }
}

/// The edit inserting `entity` at the end of its list.
pub(super) fn insert(entity: Entity) -> Edit {
    Edit::Insert { entity, at: None }
}

/// The edit moving `sub` into the tenant `to`.
pub(super) fn move_subscription(sub: &Subscription, to: &Id) -> Edit {
    let mut moved = sub.clone();
    moved.tenant = to.clone();
    Edit::Replace(Entity::Subscription(moved))
}

/// Each organization's first customer tenant and first shared services tenant, built on first use
/// (only fixes need it).
#[derive(Default)]
pub(super) struct OwnTenants<'a> {
    by_owner: Option<FxHashMap<&'a str, Owned<'a>>>,
}

/// An organization's first customer tenant and first shared services tenant.
type Owned<'a> = (Option<&'a Tenant>, Option<&'a Tenant>);

impl<'a> OwnTenants<'a> {
    fn map(&mut self, cx: &Context<'a>) -> &FxHashMap<&'a str, Owned<'a>> {
        self.by_owner.get_or_insert_with(|| {
            let mut map: FxHashMap<&'a str, Owned<'a>> = FxHashMap::default();
            for tenant in &cx.ws.tenants {
                let Some(owner) = &tenant.owner else { continue };
                let entry = map.entry(owner.as_str()).or_default();
                match tenant.kind {
                    TenantKind::Customer if entry.0.is_none() => entry.0 = Some(tenant),
                    TenantKind::SharedServices if entry.1.is_none() => entry.1 = Some(tenant),
                    _ => {}
                }
            }
            map
        })
    }

    /// The first customer-kind tenant `owner` owns.
    pub(super) fn customer(&mut self, cx: &Context<'a>, owner: &str) -> Option<&'a Tenant> {
        self.map(cx).get(owner).and_then(|e| e.0)
    }

    /// The first shared services tenant `owner` owns.
    pub(super) fn shared(&mut self, cx: &Context<'a>, owner: &str) -> Option<&'a Tenant> {
        self.map(cx).get(owner).and_then(|e| e.1)
    }
}
