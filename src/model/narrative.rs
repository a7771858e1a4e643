//! The optional story a workspace tells: what a trainer's scenario shows.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{Entity, Id};

/// A scenario's title, explanation and ordered steps, shown beside the diagram.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Narrative {
    /// Short title ("Scenario 6: a reseller buying for its own use").
    pub title: String,
    /// The question the scenario answers and what the picture shows.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub text: String,
    /// Ordered steps of a walkthrough.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub steps: Vec<Step>,
}

/// One step of a walkthrough: what the trainer says, and what changes in the picture.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What happens at this step, in a sentence or two.
    pub text: String,
    /// The changes the step makes, in order, applied to the state the previous step left.
    /// Optional in files, so a step may be words alone (and files written before steps carried
    /// changes still load).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub changes: Vec<Change>,
}

/// One change a walkthrough step makes. Plain data: the edit module turns it into an edit, so a
/// step is undone like any other change.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Change {
    /// Adds an entity; its id must be free when the step runs.
    Insert(Entity),
    /// Replaces the entity with the same id and kind.
    Replace(Entity),
    /// Removes an entity.
    Remove(Id),
    /// Moves the as-of date (a step that lets time pass).
    SetAsOf(NaiveDate),
}

impl Change {
    /// The entity the change is about, for highlighting it; `None` for a date change.
    pub fn entity_id(&self) -> Option<&Id> {
        match self {
            Change::Insert(entity) | Change::Replace(entity) => Some(entity.id()),
            Change::Remove(id) => Some(id),
            Change::SetAsOf(_) => None,
        }
    }
}
