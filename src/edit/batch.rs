//! Large batches applied with one id index instead of a search per edit.
//!
//! An import applied in the app is one batch of hundreds of thousands of insertions, and its
//! undo as many removals; looking each id up by scanning the workspace made that quadratic
//! (hours at 500,000 entities). Here the index is built once and kept up to date while edits
//! add at the end of a list, remove the last entity of one, or replace in place, which is what
//! imports and their undo and redo do. An edit in the middle of a list shifts positions, so the
//! index is dropped and built again only when next needed.

use std::collections::HashMap;

use crate::model::{EntityRef, ModelError, Workspace};

use super::Edit;

/// From this many edits on, a batch builds an index.
pub const INDEXED_FROM: usize = 64;

/// Applies `edits` in order, returning the inverses in the order that undoes them; on error
/// the edits applied so far are undone and the error returned.
pub fn apply(edits: Vec<Edit>, ws: &mut Workspace) -> Result<Edit, ModelError> {
    // A workspace holding one id twice (a file CSP901 reports) has no one place per id: the
    // edits then find their entities one by one, as small batches do.
    let Some(built) = build(ws) else {
        return super::apply_each(edits, ws);
    };
    let mut index = Some(built);
    let mut inverses = Vec::with_capacity(edits.len());
    for edit in edits {
        match apply_one(edit, ws, &mut index) {
            Ok(inverse) => inverses.push(inverse),
            Err(error) => {
                inverses.reverse();
                // Undoing what was just applied cannot fail; the batch path keeps it fast.
                let _ = apply(inverses, ws);
                return Err(error);
            }
        }
    }
    inverses.reverse();
    Ok(Edit::Batch(inverses))
}

/// Where each id is; `None` when an id is used twice.
fn build(ws: &Workspace) -> Option<HashMap<String, EntityRef>> {
    let mut map = HashMap::with_capacity(ws.entity_count());
    for (id, at) in ws.entity_ids() {
        if map.insert(id.to_string(), at).is_some() {
            return None;
        }
    }
    Some(map)
}

/// The index, built again when an edit in the middle of a list dropped it.
fn current<'a>(
    index: &'a mut Option<HashMap<String, EntityRef>>,
    ws: &Workspace,
) -> &'a mut HashMap<String, EntityRef> {
    index.get_or_insert_with(|| build(ws).unwrap_or_default())
}

fn apply_one(
    edit: Edit,
    ws: &mut Workspace,
    index: &mut Option<HashMap<String, EntityRef>>,
) -> Result<Edit, ModelError> {
    match edit {
        Edit::Insert { entity, at } => {
            let map = current(index, ws);
            let id = entity.id().clone();
            if map.contains_key(id.as_str()) {
                return Err(ModelError::DuplicateId(id));
            }
            let kind = entity.kind();
            let len = ws.len_of(kind);
            let position = at.unwrap_or(len).min(len);
            ws.insert_at(
                EntityRef {
                    kind,
                    index: position,
                },
                entity,
            );
            if position == len {
                map.insert(id.to_string(), EntityRef { kind, index: len });
            } else {
                *index = None;
            }
            Ok(Edit::Remove(id))
        }
        Edit::Remove(id) => {
            let map = current(index, ws);
            let at = *map
                .get(id.as_str())
                .ok_or_else(|| ModelError::NoSuchEntity(id.to_string()))?;
            let last = at.index + 1 == ws.len_of(at.kind);
            let entity = ws
                .remove_at(at)
                .ok_or_else(|| ModelError::NoSuchEntity(id.to_string()))?;
            if last {
                map.remove(id.as_str());
            } else {
                *index = None;
            }
            Ok(Edit::Insert {
                entity,
                at: Some(at.index),
            })
        }
        Edit::Replace(entity) => {
            let map = current(index, ws);
            let at = *map
                .get(entity.id().as_str())
                .ok_or_else(|| ModelError::NoSuchEntity(entity.id().to_string()))?;
            if at.kind != entity.kind() {
                return Err(ModelError::DuplicateId(entity.id().clone()));
            }
            ws.swap_at(at, entity)
                .map(Edit::Replace)
                .ok_or_else(|| ModelError::NoSuchEntity(at.index.to_string()))
        }
        other => {
            // As-of, positions and narrative leave ids where they are; a nested batch may not.
            let nested = matches!(other, Edit::Batch(_));
            let inverse = other.apply(ws)?;
            if nested {
                *index = None;
            }
            Ok(inverse)
        }
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::generate::{GenerateOptions, generate};
    use crate::model::{Entity, EntityKind, Id};

    /// What one edit of a batch does, by number, resolved against the workspace as it is.
    #[derive(Debug, Clone)]
    enum Step {
        /// Copies entity `n` under a new id, at the end or at a list position.
        Insert { n: usize, at: Option<usize> },
        /// Removes entity `n`.
        Remove(usize),
        /// Renames entity `n`'s organization or offer.
        Replace(usize),
        /// Inserts an id that exists: the batch must fail and leave nothing changed.
        Duplicate(usize),
    }

    fn step() -> impl Strategy<Value = Step> {
        prop_oneof![
            6 => (any::<usize>(), proptest::option::weighted(0.2, any::<usize>()))
                .prop_map(|(n, at)| Step::Insert { n, at }),
            3 => any::<usize>().prop_map(Step::Remove),
            3 => any::<usize>().prop_map(Step::Replace),
        ]
    }

    fn edits(ws: &Workspace, steps: &[Step]) -> Vec<Edit> {
        // The edits are made against a copy that follows them, so each names what exists then.
        let mut shadow = ws.clone();
        let mut out = Vec::new();
        for (k, step) in steps.iter().enumerate() {
            let ids: Vec<(Id, EntityRef)> = shadow
                .entity_ids()
                .map(|(id, at)| (id.clone(), at))
                .collect();
            if ids.is_empty() {
                break;
            }
            let pick = |n: usize| ids[n % ids.len()].clone();
            let edit = match step {
                Step::Insert { n, at } => {
                    let (_, from) = pick(*n);
                    let Some(entity) = shadow.entity(from) else {
                        continue;
                    };
                    let Ok(id) = Id::new(format!("new-{k}")) else {
                        continue;
                    };
                    Edit::Insert {
                        entity: with_id(entity, id),
                        at: at.map(|a| a % (shadow.len_of(from.kind) + 1)),
                    }
                }
                Step::Remove(n) => Edit::Remove(pick(*n).0),
                Step::Replace(n) => match shadow.entity(pick(*n).1) {
                    Some(entity) => Edit::Replace(changed(entity)),
                    None => continue,
                },
                Step::Duplicate(n) => {
                    let (_, at) = pick(*n);
                    let Some(entity) = shadow.entity(at) else {
                        continue;
                    };
                    Edit::Insert { entity, at: None }
                }
            };
            if edit.clone().apply(&mut shadow).is_ok() {
                out.push(edit);
            } else {
                // Kept on purpose: the batch as a whole must then be refused.
                out.push(edit);
                break;
            }
        }
        out
    }

    /// The entity with one field changed, whatever its kind.
    fn changed(entity: Entity) -> Entity {
        match entity {
            Entity::Organization(mut e) => {
                e.name.push('!');
                Entity::Organization(e)
            }
            Entity::Ownership(mut e) => {
                e.directs_management = !e.directs_management;
                Entity::Ownership(e)
            }
            Entity::Location(mut e) => {
                e.name.push('!');
                Entity::Location(e)
            }
            Entity::Tenant(mut e) => {
                e.name.push('!');
                Entity::Tenant(e)
            }
            Entity::Relationship(mut e) => {
                e.requested = Some(crate::generate::as_of());
                Entity::Relationship(e)
            }
            Entity::Subscription(mut e) => {
                e.offer.push('!');
                Entity::Subscription(e)
            }
        }
    }

    fn with_id(entity: Entity, id: Id) -> Entity {
        match entity {
            Entity::Organization(mut e) => {
                e.id = id;
                Entity::Organization(e)
            }
            Entity::Ownership(mut e) => {
                e.id = id;
                Entity::Ownership(e)
            }
            Entity::Location(mut e) => {
                e.id = id;
                Entity::Location(e)
            }
            Entity::Tenant(mut e) => {
                e.id = id;
                Entity::Tenant(e)
            }
            Entity::Relationship(mut e) => {
                e.id = id;
                Entity::Relationship(e)
            }
            Entity::Subscription(mut e) => {
                e.id = id;
                Entity::Subscription(e)
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

        #[test]
        fn an_indexed_batch_does_what_the_edits_one_by_one_do_and_undoes_exactly(
            seed in 0u64..1000,
            mut steps in proptest::collection::vec(step(), INDEXED_FROM..INDEXED_FROM * 3),
            duplicate in proptest::option::weighted(0.25, (any::<usize>(), any::<usize>())),
        ) {
            if let Some((at, n)) = duplicate {
                let at = at % steps.len();
                steps.insert(at, Step::Duplicate(n));
            }
            let start = generate(&GenerateOptions::about_entities(120, seed));
            let batch = edits(&start, &steps);
            prop_assert!(duplicate.is_some() || batch.len() + 8 >= steps.len(), "most steps make an edit");
            let (mut fast, mut slow) = (start.clone(), start.clone());
            let fast_result = apply(batch.clone(), &mut fast);
            let slow_result = crate::edit::apply_each(batch, &mut slow);
            prop_assert_eq!(fast_result.is_ok(), slow_result.is_ok());
            prop_assert!(fast == slow, "the indexed batch left another workspace");
            match (fast_result, slow_result) {
                (Ok(fast_inverse), Ok(slow_inverse)) => {
                    prop_assert_eq!(&fast_inverse, &slow_inverse);
                    let redo = fast_inverse.apply(&mut fast).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert!(fast == start, "undo restores the start exactly");
                    redo.apply(&mut fast).map_err(|e| TestCaseError::fail(e.to_string()))?;
                    prop_assert!(fast == slow, "redo restores the end exactly");
                }
                _ => prop_assert!(fast == start, "a refused batch changes nothing"),
            }
        }
    }

    #[test]
    fn kinds_cover_every_list() {
        let ws = generate(&GenerateOptions::about_entities(120, 1));
        let total: usize = EntityKind::ALL.iter().map(|k| ws.len_of(*k)).sum();
        assert_eq!(total, ws.entity_count());
    }
}
