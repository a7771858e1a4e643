//! Undo and redo over [`Edit`]s, with a saved marker so "unsaved changes" is exact.

use crate::model::{ModelError, Workspace};

use super::Edit;

/// One undoable step: the edit as applied and the edit that reverts it.
#[derive(Debug, Clone)]
struct Step {
    redo: Edit,
    undo: Edit,
    /// Steps with the same key in a row merge into one (typing in one field, one drag).
    merge_key: Option<String>,
}

/// The undo/redo stacks of one open document.
#[derive(Debug, Clone, Default)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    /// Length of `done` when the document was last saved; `None` when that state is unreachable.
    saved_at: Option<usize>,
}

impl History {
    /// A history whose current state is the saved one.
    pub fn new() -> Self {
        Self {
            done: Vec::new(),
            undone: Vec::new(),
            saved_at: Some(0),
        }
    }

    /// Applies `edit` as a new step; an edit with the same `merge_key` as the last step joins it.
    pub fn apply(
        &mut self,
        workspace: &mut Workspace,
        edit: Edit,
        merge_key: Option<&str>,
    ) -> Result<(), ModelError> {
        let undo = edit.clone().apply(workspace)?;
        self.undone.clear();
        if self.saved_at.is_some_and(|at| at > self.done.len()) {
            self.saved_at = None;
        }
        let last_is_saved = self.saved_at == Some(self.done.len());
        if let (Some(key), Some(last)) = (merge_key, self.done.last_mut())
            && last.merge_key.as_deref() == Some(key)
            && !last_is_saved
        {
            let earlier_undo = std::mem::replace(&mut last.undo, Edit::Batch(Vec::new()));
            last.undo = Edit::Batch(vec![undo, earlier_undo]);
            let earlier_redo = std::mem::replace(&mut last.redo, Edit::Batch(Vec::new()));
            last.redo = Edit::Batch(vec![earlier_redo, edit]);
            return Ok(());
        }
        self.done.push(Step {
            redo: edit,
            undo,
            merge_key: merge_key.map(str::to_owned),
        });
        Ok(())
    }

    /// Reverts the last step; false when there is nothing to undo.
    pub fn undo(&mut self, workspace: &mut Workspace) -> Result<bool, ModelError> {
        let Some(step) = self.done.pop() else {
            return Ok(false);
        };
        if let Err(error) = step.undo.clone().apply(workspace) {
            self.done.push(step);
            return Err(error);
        }
        self.undone.push(step);
        Ok(true)
    }

    /// Re-applies the last undone step; false when there is nothing to redo.
    pub fn redo(&mut self, workspace: &mut Workspace) -> Result<bool, ModelError> {
        let Some(step) = self.undone.pop() else {
            return Ok(false);
        };
        if let Err(error) = step.redo.clone().apply(workspace) {
            self.undone.push(step);
            return Err(error);
        }
        self.done.push(step);
        Ok(true)
    }

    /// The edits the next undo and the next redo would apply: a view that only needs to follow
    /// the as-of date can tell an undone date move from other edits.
    pub fn next_edits(&self) -> (Option<&Edit>, Option<&Edit>) {
        (
            self.done.last().map(|step| &step.undo),
            self.undone.last().map(|step| &step.redo),
        )
    }

    /// True when an undo is possible.
    pub fn can_undo(&self) -> bool {
        !self.done.is_empty()
    }

    /// True when a redo is possible.
    pub fn can_redo(&self) -> bool {
        !self.undone.is_empty()
    }

    /// Marks the current state as the one on disk.
    pub fn mark_saved(&mut self) {
        self.saved_at = Some(self.done.len());
        if let Some(last) = self.done.last_mut() {
            last.merge_key = None;
        }
    }

    /// Marks the current state as not on disk (a workspace recovered after a crash).
    pub fn mark_unsaved(&mut self) {
        self.saved_at = None;
    }

    /// True when the workspace differs from the saved state.
    pub fn is_dirty(&self) -> bool {
        self.saved_at != Some(self.done.len())
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use super::*;

    fn date(day: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(2024, 1, day).expect("date")
    }

    #[test]
    fn undo_redo_and_dirty_marker_follow_the_saved_state() {
        let mut ws = Workspace::new(date(1));
        let mut history = History::new();
        assert!(!history.is_dirty());
        history
            .apply(&mut ws, Edit::SetAsOf(date(2)), None)
            .expect("apply");
        assert!(history.is_dirty());
        history.mark_saved();
        assert!(!history.is_dirty());
        assert!(history.undo(&mut ws).expect("undo"));
        assert_eq!(ws.as_of, date(1));
        assert!(history.is_dirty());
        assert!(history.redo(&mut ws).expect("redo"));
        assert_eq!(ws.as_of, date(2));
        assert!(!history.is_dirty());
        assert!(!history.redo(&mut ws).expect("nothing to redo"));
    }

    #[test]
    fn edits_with_one_merge_key_undo_as_one_step() {
        let mut ws = Workspace::new(date(1));
        let mut history = History::new();
        for day in 2..=5 {
            history
                .apply(&mut ws, Edit::SetAsOf(date(day)), Some("as-of"))
                .expect("apply");
        }
        assert!(history.undo(&mut ws).expect("undo"));
        assert_eq!(ws.as_of, date(1));
        assert!(!history.can_undo());
        assert!(history.redo(&mut ws).expect("redo"));
        assert_eq!(ws.as_of, date(5));
    }
}
