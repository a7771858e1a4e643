//! Names for ids, found fast enough for networks of hundreds of thousands of entities.

use std::collections::HashMap;

use super::NamedEntity;
use crate::model::{EntityKind, EntityRef, Id, Workspace};

/// Resolves ids to the names the app shows, through one index and a cache: a big network's
/// findings name the same partners again and again, and a scan per name would take minutes.
pub struct Names<'w> {
    ws: &'w Workspace,
    index: HashMap<&'w str, EntityRef>,
    cache: HashMap<Id, NamedEntity>,
}

impl<'w> Names<'w> {
    /// Indexes `ws` once.
    pub fn new(ws: &'w Workspace) -> Self {
        Self {
            ws,
            index: ws.index(),
            cache: HashMap::new(),
        }
    }

    /// The entity's name and kind, as [`Workspace::display_name`] gives them.
    pub fn resolve(&mut self, id: &Id) -> NamedEntity {
        if let Some(known) = self.cache.get(id) {
            return known.clone();
        }
        let at = self.index.get(id.as_str()).copied();
        let named = NamedEntity {
            id: id.to_string(),
            name: at.map_or_else(|| id.to_string(), |at| self.name_at(at, id)),
            kind: at.map(|at| at.kind),
        };
        self.cache.insert(id.clone(), named.clone());
        named
    }
}

impl Names<'_> {
    /// What [`Workspace::display_name`] gives, found through the index instead of a scan.
    /// Where `id` sits, if the workspace has it.
    pub fn at(&self, id: &str) -> Option<EntityRef> {
        self.index.get(id).copied()
    }

    fn name_at(&self, at: EntityRef, id: &Id) -> String {
        let ws = self.ws;
        match at.kind {
            EntityKind::Organization => ws.organizations[at.index].name.clone(),
            EntityKind::Location => {
                let location = &ws.locations[at.index];
                let org = self
                    .index
                    .get(location.organization.as_str())
                    .filter(|o| o.kind == EntityKind::Organization)
                    .map_or(location.organization.as_str(), |o| {
                        ws.organizations[o.index].name.as_str()
                    });
                if location.name.is_empty() {
                    org.to_owned()
                } else {
                    format!("{org} ({})", location.name)
                }
            }
            EntityKind::Tenant if !ws.tenants[at.index].name.is_empty() => {
                ws.tenants[at.index].name.clone()
            }
            _ => id.to_string(),
        }
    }
}
