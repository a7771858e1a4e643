//! What the layout depends on, as one number: organizations and their kinds, roles, tenants and
//! their owners, relationships and their ends. Names, dates, countries and positions are left
//! out, so renaming a customer or moving a box keeps the laid-out picture (and its cost) as is.

use std::hash::{Hash, Hasher};

use rustc_hash::FxHasher;

use crate::model::Workspace;

/// A fingerprint of the workspace's shape: equal fingerprints give the same automatic layout,
/// up to the order of equally linked names.
pub fn structure_key(ws: &Workspace) -> u64 {
    let mut h = FxHasher::default();
    ws.organizations.len().hash(&mut h);
    for org in &ws.organizations {
        org.id.hash(&mut h);
        org.kind.hash(&mut h);
    }
    ws.locations.len().hash(&mut h);
    for location in &ws.locations {
        location.id.hash(&mut h);
        location.organization.hash(&mut h);
        for enrolment in &location.enrolments {
            enrolment.role.hash(&mut h);
        }
        0xff_u8.hash(&mut h);
    }
    ws.tenants.len().hash(&mut h);
    for tenant in &ws.tenants {
        tenant.id.hash(&mut h);
        tenant.owner.hash(&mut h);
        tenant.kind.hash(&mut h);
    }
    ws.subscriptions.len().hash(&mut h);
    for sub in &ws.subscriptions {
        sub.id.hash(&mut h);
        sub.tenant.hash(&mut h);
    }
    ws.relationships.len().hash(&mut h);
    for rel in &ws.relationships {
        rel.id.hash(&mut h);
        rel.from.hash(&mut h);
        rel.to.hash(&mut h);
        std::mem::discriminant(&rel.kind).hash(&mut h);
    }
    ws.ownerships.len().hash(&mut h);
    for own in &ws.ownerships {
        own.id.hash(&mut h);
        own.owned.hash(&mut h);
    }
    h.finish()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Id, Position, RelationshipKind};
    use crate::rules::test_support::{base, rel};

    #[test]
    fn names_and_positions_keep_the_key_links_change_it() {
        let ws = base();
        let key = structure_key(&ws);
        let mut renamed = ws.clone();
        renamed.organizations[1].name = "Renamed Ltd".into();
        renamed
            .positions
            .insert(Id::new("res").expect("id"), Position { x: 1.0, y: 2.0 });
        assert_eq!(structure_key(&renamed), key);
        let mut linked = ws.clone();
        linked.relationships.push(rel(
            "extra",
            RelationshipKind::Partnership,
            "prov-loc",
            "res-loc",
            "2020-01-01",
        ));
        assert_ne!(structure_key(&linked), key);
        let mut fewer = ws;
        fewer.organizations.pop();
        assert_ne!(structure_key(&fewer), key);
    }
}
