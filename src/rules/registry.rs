//! The rule table: every rule's code, severity, title and explanation, written once.

use super::Severity;

/// What the app and `csp-studio explain` show about one rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct RuleInfo {
    /// The code, stable forever (`CSP304`).
    pub code: &'static str,
    /// The catalogue's severity.
    pub severity: Severity,
    /// One line.
    pub title: &'static str,
    /// The rule's doc comment: *What it checks*, *Why*, *Example*.
    pub explanation: &'static str,
}

/// Declares a rule: its doc comment becomes both the Rust docs and the text users read.
///
/// ```ignore
/// declare_rule! {
///     /// ## What it checks
///     /// ...
///     pub CSP901_DANGLING_REFERENCE, "CSP901", Error, "A reference names an entity that does not exist"
/// }
/// ```
macro_rules! declare_rule {
    ($(#[doc = $doc:literal])+ pub $name:ident, $code:literal, $severity:ident, $title:literal) => {
        $(#[doc = $doc])+
        pub const $name: $crate::rules::RuleInfo = $crate::rules::RuleInfo {
            code: $code,
            severity: $crate::rules::Severity::$severity,
            title: $title,
            explanation: concat!($($doc, "\n"),+),
        };
    };
}
pub(crate) use declare_rule;

/// Every rule of the catalogue, ordered by code.
pub fn all() -> Vec<&'static RuleInfo> {
    let mut rules: Vec<&'static RuleInfo> = super::families()
        .iter()
        .flat_map(|family| family.rules.iter().copied())
        .collect();
    rules.sort_by_key(|rule| rule.code);
    rules
}

/// The rule with `code` (case-insensitive), if the catalogue has it.
pub fn find(code: &str) -> Option<&'static RuleInfo> {
    all()
        .into_iter()
        .find(|rule| rule.code.eq_ignore_ascii_case(code))
}

/// The explanation with the doc comment's leading spaces removed, for display.
pub fn explanation_text(rule: &RuleInfo) -> String {
    rule.explanation
        .lines()
        .map(|line| line.strip_prefix(' ').unwrap_or(line))
        .collect::<Vec<_>>()
        .join("\n")
}
