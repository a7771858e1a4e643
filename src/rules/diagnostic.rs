//! What a rule reports: a diagnostic naming its code, the entities involved and the fixes.

use serde::Serialize;

use crate::edit::Edit;
use crate::model::Id;

/// How bad a finding is, as the catalogue defines it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Severity {
    /// The program does not allow or support it.
    Error,
    /// A missing prerequisite, a likely mistake, or a threshold that moved over time.
    Warning,
    /// Allowed, but worth knowing.
    Info,
}

impl Severity {
    /// The lower-case word used in text output.
    pub fn label(self) -> &'static str {
        match self {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "info",
        }
    }
}

/// A change that resolves a diagnostic, offered as one click.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Fix {
    /// What the fix does, in words ("Create a customer tenant and move the subscription").
    pub title: String,
    /// The edit applying it (often a [`Edit::Batch`]).
    pub edit: Edit,
}

/// One finding about one fact, naming the entities it concerns.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Diagnostic {
    /// The rule's code, such as `CSP304`.
    pub code: &'static str,
    /// Usually the rule's severity; an info when the rule could not judge unknown facts.
    pub severity: Severity,
    /// What is wrong with these very entities, in plain words.
    pub message: String,
    /// The entities involved, most specific first (the UI selects and highlights them).
    pub entities: Vec<Id>,
    /// Ways out, where one is obvious.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fixes: Vec<Fix>,
}
