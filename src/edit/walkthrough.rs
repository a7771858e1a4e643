//! Walking a scenario's steps forward and back, and recording new steps from a trainer's edits.
//!
//! Every move is one [`Edit`] handed to a [`Target`] (the open document applies it through its
//! history, so a step is undone like any other change). The walkthrough keeps the state before
//! each step it applied: going back returns to exactly that state, even when the trainer changed
//! something on the way, and a workspace can be saved as the scenario at its start.

use std::collections::HashMap;

use crate::model::{Change, Entity, EntityRef, Id, ModelError, Narrative, Step, Workspace};

use super::Edit;

/// Where a walkthrough's edits go: a document with its history, or a bare workspace in tests.
pub trait Target {
    /// The workspace as it is now.
    fn workspace(&self) -> &Workspace;
    /// Applies one edit (one undoable step for a document).
    fn apply(&mut self, edit: Edit) -> Result<(), ModelError>;
}

impl Target for Workspace {
    fn workspace(&self) -> &Workspace {
        self
    }

    fn apply(&mut self, edit: Edit) -> Result<(), ModelError> {
        edit.apply(self).map(|_| ())
    }
}

/// Why a walkthrough could not move or record.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum WalkError {
    /// The workspace refused the step's changes.
    #[error("step {step} could not be applied: {source}")]
    Step {
        /// The step, counted from 1.
        step: usize,
        /// What the workspace refused.
        source: ModelError,
    },
    /// Going back was refused.
    #[error("the previous state could not be restored: {0}")]
    Back(ModelError),
    /// Recording found no change since the last step.
    #[error("nothing changed since the last step")]
    NothingToRecord,
    /// Recording appends; later steps were written for the state before them.
    #[error("go to the last step before recording a new one")]
    NotAtEnd,
}

/// The steps of the workspace's narrative (none without one).
pub fn steps(ws: &Workspace) -> &[Step] {
    ws.narrative.as_ref().map_or(&[], |n| n.steps.as_slice())
}

/// The edit that makes `change` on `ws` as it is now: an insert of an id already there replaces
/// it, a replace of a missing one inserts it, a removal of a missing one does nothing. A class
/// goes on when a trainer's own edits or an undo moved the picture away from the script.
pub fn edit_against(ws: &Workspace, change: &Change) -> Edit {
    match change {
        Change::Insert(entity) | Change::Replace(entity) => match ws.find(entity.id().as_str()) {
            Some(at) if at.kind == entity.kind() => Edit::Replace(entity.clone()),
            Some(_) => Edit::Batch(vec![
                Edit::Remove(entity.id().clone()),
                Edit::Insert {
                    entity: entity.clone(),
                    at: None,
                },
            ]),
            None => Edit::Insert {
                entity: entity.clone(),
                at: None,
            },
        },
        Change::Remove(id) => match ws.find(id.as_str()) {
            Some(_) => Edit::Remove(id.clone()),
            None => Edit::Batch(Vec::new()),
        },
        Change::SetAsOf(date) => Edit::SetAsOf(*date),
    }
}

/// One edit making all of `changes` in order, each judged against the state the earlier ones left.
pub fn edit_for(ws: &Workspace, changes: &[Change]) -> Result<Edit, ModelError> {
    let mut scratch = None::<Workspace>;
    let mut edits = Vec::with_capacity(changes.len());
    for (n, change) in changes.iter().enumerate() {
        let current = scratch.as_ref().unwrap_or(ws);
        let edit = edit_against(current, change);
        // Only a later change can see an earlier one; copy the workspace once, when needed.
        if n + 1 < changes.len() {
            let work = scratch.get_or_insert_with(|| ws.clone());
            edit.clone().apply(work)?;
        }
        edits.push(edit);
    }
    Ok(Edit::Batch(edits))
}

fn entities(ws: &Workspace) -> Vec<Entity> {
    ws.entity_ids()
        .filter_map(|(_, at)| ws.entity(at))
        .collect()
}

/// The changes that turn `from` into `to`: entities by id, and the as-of date. Diagram positions
/// and the narrative are not part of a step. Removals come first, so an id may change its kind.
pub fn changes_between(from: &Workspace, to: &Workspace) -> Vec<Change> {
    let old = entities(from);
    let new = entities(to);
    let new_by_id: HashMap<&Id, &Entity> = new.iter().map(|e| (e.id(), e)).collect();
    let old_by_id: HashMap<&Id, &Entity> = old.iter().map(|e| (e.id(), e)).collect();
    let mut changes = Vec::new();
    for entity in &old {
        match new_by_id.get(entity.id()) {
            Some(now) if now.kind() == entity.kind() => {}
            _ => changes.push(Change::Remove(entity.id().clone())),
        }
    }
    for entity in &new {
        match old_by_id.get(entity.id()) {
            Some(was) if was.kind() == entity.kind() => {
                if *was != entity {
                    changes.push(Change::Replace(entity.clone()));
                }
            }
            _ => changes.push(Change::Insert(entity.clone())),
        }
    }
    if from.as_of != to.as_of {
        changes.push(Change::SetAsOf(to.as_of));
    }
    changes
}

/// One edit that turns `from` into `to` exactly, list order included: what going back applies.
pub fn restore_edit(from: &Workspace, to: &Workspace) -> Edit {
    let mut edits = Vec::new();
    let mut inserts = Vec::new();
    for change in changes_between(from, to) {
        match change {
            Change::Insert(entity) => inserts.push(entity),
            Change::Replace(entity) => edits.push(Edit::Replace(entity)),
            Change::Remove(id) => edits.push(Edit::Remove(id)),
            Change::SetAsOf(date) => edits.push(Edit::SetAsOf(date)),
        }
    }
    // Inserting in ascending target order puts each entity back at its old index.
    let mut placed: Vec<(EntityRef, Entity)> = inserts
        .into_iter()
        .filter_map(|entity| to.find(entity.id().as_str()).map(|at| (at, entity)))
        .collect();
    placed.sort_by_key(|(at, _)| (at.kind, at.index));
    edits.extend(placed.into_iter().map(|(at, entity)| Edit::Insert {
        entity,
        at: Some(at.index),
    }));
    Edit::Batch(edits)
}

/// Where a walkthrough stands, and the states it can go back to.
#[derive(Debug, Clone)]
pub struct Walkthrough {
    /// The workspace before each applied step; its length is the number of steps applied.
    before: Vec<Workspace>,
    /// The workspace right after the last move: edits since then are what "record" takes.
    reached: Workspace,
}

impl Walkthrough {
    /// A walkthrough at its start, before the first step.
    pub fn start(ws: &Workspace) -> Self {
        Self {
            before: Vec::new(),
            reached: ws.clone(),
        }
    }

    /// How many steps are applied: 0 at the start, the step count at the end.
    pub fn position(&self) -> usize {
        self.before.len()
    }

    /// The step shown now (the last one applied).
    pub fn current<'a>(&self, ws: &'a Workspace) -> Option<&'a Step> {
        self.position()
            .checked_sub(1)
            .and_then(|n| steps(ws).get(n))
    }

    /// True when another step follows.
    pub fn can_go_next(&self, ws: &Workspace) -> bool {
        self.position() < steps(ws).len()
    }

    /// True when a step can be taken back.
    pub fn can_go_back(&self) -> bool {
        !self.before.is_empty()
    }

    /// Follows the workspace when steps went away under the walkthrough (an undone recording):
    /// the position never passes the last step.
    pub fn sync(&mut self, ws: &Workspace) {
        while self.position() > steps(ws).len() {
            if let Some(state) = self.before.pop() {
                self.reached = state;
            }
        }
    }

    /// Applies the next step; false at the end.
    pub fn next(&mut self, target: &mut impl Target) -> Result<bool, WalkError> {
        let ws = target.workspace();
        let Some(step) = steps(ws).get(self.position()) else {
            return Ok(false);
        };
        let number = self.position() + 1;
        let error = |source| WalkError::Step {
            step: number,
            source,
        };
        let edit = edit_for(ws, &step.changes).map_err(error)?;
        let before = ws.clone();
        target.apply(edit).map_err(error)?;
        self.before.push(before);
        self.reached = target.workspace().clone();
        Ok(true)
    }

    /// Returns to the state before the current step; false at the start.
    pub fn previous(&mut self, target: &mut impl Target) -> Result<bool, WalkError> {
        let Some(state) = self.before.last() else {
            return Ok(false);
        };
        let edit = restore_edit(target.workspace(), state);
        target.apply(edit).map_err(WalkError::Back)?;
        self.before.pop();
        self.reached = target.workspace().clone();
        Ok(true)
    }

    /// Returns to the start in one edit; false when already there.
    pub fn restart(&mut self, target: &mut impl Target) -> Result<bool, WalkError> {
        if self.before.len() > 1 {
            self.before.truncate(1);
        }
        self.previous(target)
    }

    /// The changes made since the last step: what "record" would take.
    pub fn unrecorded(&self, ws: &Workspace) -> Vec<Change> {
        changes_between(&self.reached, ws)
    }

    /// Makes the edits since the last step a new last step with `text`. The narrative change is
    /// one undoable edit; a workspace without a narrative gets one titled `title`.
    pub fn record(
        &mut self,
        target: &mut impl Target,
        text: &str,
        title: &str,
    ) -> Result<(), WalkError> {
        let ws = target.workspace();
        if self.can_go_next(ws) {
            return Err(WalkError::NotAtEnd);
        }
        let changes = self.unrecorded(ws);
        if changes.is_empty() {
            return Err(WalkError::NothingToRecord);
        }
        let mut narrative = ws.narrative.clone().unwrap_or_else(|| Narrative {
            title: title.to_owned(),
            ..Narrative::default()
        });
        narrative.steps.push(Step {
            text: text.to_owned(),
            changes,
        });
        target
            .apply(Edit::SetNarrative(Some(narrative)))
            .map_err(|source| WalkError::Step {
                step: self.position() + 1,
                source,
            })?;
        let before = std::mem::replace(&mut self.reached, target.workspace().clone());
        self.before.push(before);
        Ok(())
    }

    /// The workspace as the scenario starts (what a file stores): the state before the first
    /// step, with the current narrative and diagram positions, and with whatever changed since
    /// the last step left as it is.
    pub fn start_state(&self, ws: &Workspace) -> Workspace {
        let mut start = ws.clone();
        if let Some(first) = self.before.first() {
            for change in changes_between(&self.reached, first) {
                // Each edit is judged against the state it applies to, so it cannot fail.
                let _ = edit_against(&start, &change).apply(&mut start);
            }
        }
        start
    }

    /// The entities the current step touched, for the diagram to highlight.
    pub fn highlighted(&self, ws: &Workspace) -> Vec<Id> {
        self.current(ws)
            .map(|step| {
                step.changes
                    .iter()
                    .filter_map(Change::entity_id)
                    .cloned()
                    .collect()
            })
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;
    use crate::model::{Narrative, Organization};
    use crate::rules::test_support::{date, id, org};

    fn organization(ws: &Workspace, key: &str) -> Option<Organization> {
        ws.organizations
            .iter()
            .find(|o| o.id.as_str() == key)
            .cloned()
    }

    fn scenario() -> Workspace {
        let mut ws = Workspace::new(date("2024-06-01"));
        for (key, name) in [("a", "Alpha"), ("b", "Beta"), ("c", "Gamma")] {
            ws.insert(Entity::Organization(org(key, name, "JP")))
                .expect("insert");
        }
        let mut renamed = org("a", "Alpha Holdings", "JP");
        renamed.country = None;
        ws.narrative = Some(Narrative {
            title: "Two steps".into(),
            text: String::new(),
            steps: vec![
                Step {
                    text: "Delta joins".into(),
                    changes: vec![Change::Insert(Entity::Organization(org(
                        "d", "Delta", "DE",
                    )))],
                },
                Step {
                    text: "Alpha renames, Beta leaves, a year passes".into(),
                    changes: vec![
                        Change::Replace(Entity::Organization(renamed)),
                        Change::Remove(id("b")),
                        Change::SetAsOf(date("2025-06-01")),
                    ],
                },
            ],
        });
        ws
    }

    #[test]
    fn next_applies_each_step_and_previous_restores_the_state_before_it() {
        let start = scenario();
        let mut ws = start.clone();
        let mut walk = Walkthrough::start(&ws);
        assert!(walk.next(&mut ws).expect("step 1"));
        let after_one = ws.clone();
        assert!(organization(&ws, "d").is_some());
        assert_eq!(walk.highlighted(&ws), vec![id("d")]);
        assert!(walk.next(&mut ws).expect("step 2"));
        assert_eq!(walk.position(), 2);
        assert!(organization(&ws, "b").is_none());
        assert_eq!(
            organization(&ws, "a").map(|o| o.name),
            Some("Alpha Holdings".into())
        );
        assert_eq!(ws.as_of, date("2025-06-01"));
        assert!(!walk.next(&mut ws).expect("at the end"));
        assert!(walk.previous(&mut ws).expect("back to 1"));
        assert_eq!(ws, after_one);
        assert!(walk.previous(&mut ws).expect("back to 0"));
        assert_eq!(ws.entity_count(), start.entity_count());
        assert_eq!(changes_between(&ws, &start), Vec::new());
        assert!(!walk.previous(&mut ws).expect("at the start"));
    }

    #[test]
    fn restart_goes_back_to_the_start_in_one_edit() {
        let start = scenario();
        let mut ws = start.clone();
        let mut walk = Walkthrough::start(&ws);
        walk.next(&mut ws).expect("1");
        walk.next(&mut ws).expect("2");
        assert!(walk.restart(&mut ws).expect("restart"));
        assert_eq!(walk.position(), 0);
        assert_eq!(changes_between(&ws, &start), Vec::new());
        assert_eq!(ws.as_of, start.as_of);
    }

    #[test]
    fn a_step_whose_entity_is_already_there_replaces_it_instead_of_failing() {
        let mut ws = scenario();
        let mut walk = Walkthrough::start(&ws);
        ws.insert(Entity::Organization(org("d", "Delta (drawn early)", "DE")))
            .expect("insert");
        assert!(walk.next(&mut ws).expect("step 1 still applies"));
        assert_eq!(organization(&ws, "d").map(|o| o.name), Some("Delta".into()));
    }

    #[test]
    fn recording_makes_the_edits_since_the_last_step_a_new_step() {
        let mut ws = scenario();
        let mut walk = Walkthrough::start(&ws);
        walk.next(&mut ws).expect("1");
        walk.next(&mut ws).expect("2");
        let at_end = ws.clone();
        ws.insert(Entity::Organization(org("e", "Epsilon", "FR")))
            .expect("insert");
        Edit::Remove(id("c")).apply(&mut ws).expect("remove");
        walk.record(&mut ws, "Epsilon replaces Gamma", "unused")
            .expect("record");
        let recorded = &steps(&ws)[2];
        assert_eq!(recorded.text, "Epsilon replaces Gamma");
        assert_eq!(
            recorded.changes,
            vec![
                Change::Remove(id("c")),
                Change::Insert(Entity::Organization(org("e", "Epsilon", "FR"))),
            ]
        );
        assert_eq!(walk.position(), 3);
        assert_eq!(walk.highlighted(&ws), vec![id("c"), id("e")]);
        assert!(walk.previous(&mut ws).expect("back"));
        assert_eq!(changes_between(&ws, &at_end), Vec::new());
        assert!(walk.next(&mut ws).expect("replay the recorded step"));
        assert!(organization(&ws, "e").is_some() && organization(&ws, "c").is_none());
    }

    #[test]
    fn recording_refuses_nothing_and_the_middle_of_a_walk() {
        let mut ws = scenario();
        let mut walk = Walkthrough::start(&ws);
        assert_eq!(
            walk.record(&mut ws, "too early", "t"),
            Err(WalkError::NotAtEnd)
        );
        walk.next(&mut ws).expect("1");
        walk.next(&mut ws).expect("2");
        assert_eq!(
            walk.record(&mut ws, "nothing", "t"),
            Err(WalkError::NothingToRecord)
        );
    }

    #[test]
    fn a_workspace_without_a_narrative_gets_one_when_a_step_is_recorded() {
        let mut ws = Workspace::new(date("2024-01-01"));
        let mut walk = Walkthrough::start(&ws);
        ws.insert(Entity::Organization(org("a", "Alpha", "JP")))
            .expect("insert");
        walk.record(&mut ws, "Alpha appears", "My walkthrough")
            .expect("record");
        let narrative = ws.narrative.clone().expect("narrative");
        assert_eq!(narrative.title, "My walkthrough");
        assert_eq!(narrative.steps.len(), 1);
        let start = walk.start_state(&ws);
        assert_eq!(start.entity_count(), 0, "the file starts before the step");
        assert_eq!(start.narrative, Some(narrative));
    }

    #[test]
    fn the_start_state_keeps_edits_made_after_the_last_step() {
        let start = scenario();
        let mut ws = start.clone();
        let mut walk = Walkthrough::start(&ws);
        walk.next(&mut ws).expect("1");
        ws.insert(Entity::Organization(org("z", "Zeta", "JP")))
            .expect("an unrecorded edit");
        let saved = walk.start_state(&ws);
        assert!(organization(&saved, "d").is_none(), "step 1 is taken back");
        assert!(organization(&saved, "z").is_some(), "the new edit is kept");
        assert_eq!(saved.as_of, start.as_of);
    }

    #[test]
    fn undoing_a_recording_brings_the_walk_back_within_the_steps() {
        let mut ws = scenario();
        let mut walk = Walkthrough::start(&ws);
        walk.next(&mut ws).expect("1");
        walk.next(&mut ws).expect("2");
        ws.insert(Entity::Organization(org("e", "Epsilon", "FR")))
            .expect("insert");
        let narrative = ws.narrative.clone();
        walk.record(&mut ws, "Epsilon", "t").expect("record");
        ws.narrative = narrative;
        walk.sync(&ws);
        assert_eq!(walk.position(), 2);
        assert_eq!(
            walk.unrecorded(&ws).len(),
            1,
            "the edit can be recorded again"
        );
    }

    #[test]
    fn changes_between_two_workspaces_turn_one_into_the_other() {
        let from = scenario();
        let mut to = from.clone();
        Edit::Remove(id("a")).apply(&mut to).expect("remove");
        to.insert(Entity::Organization(org("x", "Xi", "US")))
            .expect("insert");
        to.organizations[0].name = "Beta Renamed".into();
        to.as_of = NaiveDate::from_ymd_opt(2030, 1, 1).expect("date");
        let changes = changes_between(&from, &to);
        assert_eq!(changes.len(), 4);
        let mut ws = from.clone();
        edit_for(&ws, &changes)
            .expect("edit")
            .apply(&mut ws)
            .expect("apply");
        assert_eq!(changes_between(&ws, &to), Vec::new());
    }
}
