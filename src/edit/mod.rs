//! Every change to a workspace is an [`Edit`] value, applied in one place and undoable.

mod batch;
mod history;
pub mod ops;
pub mod walkthrough;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::model::{Entity, EntityRef, Id, ModelError, Narrative, Position, Workspace};

pub use history::History;

/// One change a user (or a quick fix, or an import) makes to a workspace.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Edit {
    /// Adds an entity (at a list position when undoing a removal, else at the end).
    Insert {
        /// The new entity; its id must be free.
        entity: Entity,
        /// List position, to restore order exactly on undo.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        at: Option<usize>,
    },
    /// Replaces the entity with the same id and kind (any field change).
    Replace(Entity),
    /// Removes an entity; references to it are left for CSP901 to report.
    Remove(Id),
    /// Moves the workspace's as-of date.
    SetAsOf(NaiveDate),
    /// Places a diagram node, or returns it to automatic layout.
    SetPosition {
        /// The node's entity.
        id: Id,
        /// The new position; `None` means laid out automatically.
        position: Option<Position>,
    },
    /// Sets or clears the scenario narrative.
    SetNarrative(Option<Narrative>),
    /// Several edits as one step (a quick fix, a drag of many nodes, an import).
    Batch(Vec<Edit>),
}

impl Edit {
    /// True when the edit only moves diagram nodes: the rules need not run again.
    pub fn is_view_only(&self) -> bool {
        match self {
            Edit::SetPosition { .. } => true,
            Edit::Batch(edits) => edits.iter().all(Edit::is_view_only),
            _ => false,
        }
    }

    /// Applies the edit and returns the edit that undoes it; on error the workspace is unchanged.
    pub fn apply(self, workspace: &mut Workspace) -> Result<Edit, ModelError> {
        match self {
            Edit::Insert { entity, at } => {
                let id = entity.id().clone();
                match at {
                    Some(index) => {
                        if workspace.find(id.as_str()).is_some() {
                            return Err(ModelError::DuplicateId(id));
                        }
                        let kind = entity.kind();
                        workspace.insert_at(EntityRef { kind, index }, entity);
                    }
                    None => workspace.insert(entity)?,
                }
                Ok(Edit::Remove(id))
            }
            Edit::Replace(entity) => {
                let at = workspace
                    .find(entity.id().as_str())
                    .ok_or_else(|| ModelError::NoSuchEntity(entity.id().to_string()))?;
                if at.kind != entity.kind() {
                    return Err(ModelError::DuplicateId(entity.id().clone()));
                }
                workspace.replace(entity).map(Edit::Replace)
            }
            Edit::Remove(id) => {
                let at = workspace
                    .find(id.as_str())
                    .ok_or_else(|| ModelError::NoSuchEntity(id.to_string()))?;
                let entity = workspace.remove(id.as_str())?;
                Ok(Edit::Insert {
                    entity,
                    at: Some(at.index),
                })
            }
            Edit::SetAsOf(date) => Ok(Edit::SetAsOf(std::mem::replace(&mut workspace.as_of, date))),
            Edit::SetPosition { id, position } => {
                let old = match position {
                    Some(p) => workspace.positions.insert(id.clone(), p),
                    None => workspace.positions.remove(&id),
                };
                Ok(Edit::SetPosition { id, position: old })
            }
            Edit::SetNarrative(narrative) => Ok(Edit::SetNarrative(std::mem::replace(
                &mut workspace.narrative,
                narrative,
            ))),
            Edit::Batch(edits) if edits.len() >= batch::INDEXED_FROM => {
                batch::apply(edits, workspace)
            }
            Edit::Batch(edits) => apply_each(edits, workspace),
        }
    }
}

/// Applies `edits` one by one, each finding its entity afresh.
pub(crate) fn apply_each(edits: Vec<Edit>, workspace: &mut Workspace) -> Result<Edit, ModelError> {
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match edit.apply(workspace) {
            Ok(inverse) => inverses.push(inverse),
            Err(error) => {
                roll_back(workspace, inverses);
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

fn roll_back(workspace: &mut Workspace, mut inverses: Vec<Edit>) {
    while let Some(inverse) = inverses.pop() {
        // Inverses of edits just applied always apply; an error here would be a bug in `apply`.
        let _ = inverse.apply(workspace);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Organization, OrganizationKind};

    fn org(id: &str) -> Entity {
        Entity::Organization(Organization {
            id: Id::new(id).expect("id"),
            name: format!("Org {id}"),
            kind: OrganizationKind::Company,
            country: None,
            registration_id: crate::model::Fact::Unknown,
            mca_accepted: crate::model::Fact::Unknown,
            mca_attested_by: None,
            sources: Vec::new(),
        })
    }

    fn workspace() -> Workspace {
        let mut ws = Workspace::new(NaiveDate::from_ymd_opt(2024, 1, 1).expect("date"));
        for id in ["a", "b", "c"] {
            ws.insert(org(id)).expect("insert");
        }
        ws
    }

    #[test]
    fn remove_then_undo_restores_list_order() {
        let mut ws = workspace();
        let before = ws.clone();
        let inverse = Edit::Remove(Id::new("b").expect("id"))
            .apply(&mut ws)
            .expect("remove");
        assert_eq!(ws.organizations.len(), 2);
        inverse.apply(&mut ws).expect("undo");
        assert_eq!(ws, before);
    }

    #[test]
    fn a_failing_batch_leaves_the_workspace_unchanged() {
        let mut ws = workspace();
        let before = ws.clone();
        let batch = Edit::Batch(vec![
            Edit::Remove(Id::new("a").expect("id")),
            Edit::Insert {
                entity: org("b"),
                at: None,
            },
        ]);
        assert_eq!(
            batch.apply(&mut ws),
            Err(ModelError::DuplicateId(Id::new("b").expect("id")))
        );
        assert_eq!(ws, before);
    }

    #[test]
    fn replace_returns_the_old_entity() {
        let mut ws = workspace();
        let mut renamed = org("a");
        if let Entity::Organization(o) = &mut renamed {
            o.name = "富士商事".into();
        }
        let inverse = Edit::Replace(renamed).apply(&mut ws).expect("replace");
        assert_eq!(ws.organizations[0].name, "富士商事");
        inverse.apply(&mut ws).expect("undo");
        assert_eq!(ws.organizations[0].name, "Org a");
    }
}
