//! The optional story a workspace tells: what a trainer's scenario shows.

use serde::{Deserialize, Serialize};

/// A scenario's title, explanation and ordered steps, shown beside the diagram.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
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

/// One step of a walkthrough.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Step {
    /// What happens at this step, in a sentence or two.
    pub text: String,
}
