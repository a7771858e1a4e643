//! The CSP program's rules: pure functions of a workspace, one file per family, run on every edit.
//!
//! The catalogue is `rules.md` of the domain notes; each rule keeps its code forever.

mod context;
mod diagnostic;
mod registry;
mod text;

mod agreement;
mod chain;
mod integrity;
mod multi_partner;
mod region;
mod self_dealing;
mod tenancy;
#[cfg(test)]
pub(crate) mod test_support;

pub use context::{Context, Sink};
pub use diagnostic::{Diagnostic, Fix, Severity};
pub use registry::{RuleInfo, all as all_rules, explanation_text, find as find_rule};

use crate::model::Workspace;

/// A family of rules: its rules and the one pass that checks them all.
pub struct Family {
    /// Name shown in listings ("Chain and roles").
    pub name: &'static str,
    /// The rules it reports under.
    pub rules: &'static [&'static RuleInfo],
    /// Checks the workspace, writing to the sink.
    pub check: fn(&Context<'_>, &mut Sink),
}

/// Every family, in catalogue order.
pub fn families() -> &'static [Family] {
    &[
        chain::FAMILY,
        agreement::FAMILY,
        tenancy::FAMILY,
        self_dealing::FAMILY,
        region::FAMILY,
        multi_partner::FAMILY,
        integrity::FAMILY,
    ]
}

/// Checks the workspace against every rule; the same input always gives the same list in the same order.
///
/// The context resolves every reference once; each family then runs in catalogue order, and CSP109
/// (who serves which customers end to end) comes last, from the chains the chain family found.
pub fn check(ws: &Workspace) -> Vec<Diagnostic> {
    let cx = Context::new(ws);
    let mut sink = Sink::default();
    for family in families() {
        (family.check)(&cx, &mut sink);
    }
    chain::report_served(&cx, &mut sink);
    let mut diagnostics = one_fact_one_diagnostic(sink.finish(&cx));
    diagnostics
        .sort_by(|a, b| (a.code, &a.entities, &a.message).cmp(&(b.code, &b.entities, &b.message)));
    diagnostics
}

/// Counts by severity: (errors, warnings, infos).
pub fn counts(diagnostics: &[Diagnostic]) -> (usize, usize, usize) {
    diagnostics
        .iter()
        .fold((0, 0, 0), |(e, w, i), d| match d.severity {
            Severity::Error => (e + 1, w, i),
            Severity::Warning => (e, w + 1, i),
            Severity::Info => (e, w, i + 1),
        })
}

/// Drops CSP107 findings about a relationship that CSP102, CSP103 or CSP204 already reports
/// ("One fact, one diagnostic"): those rules name the relationship as their first entity.
fn one_fact_one_diagnostic(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    let specific: std::collections::HashSet<crate::model::Id> = diagnostics
        .iter()
        .filter(|d| {
            matches!(d.code, "CSP102" | "CSP103" | "CSP204") && d.severity != Severity::Info
        })
        .filter_map(|d| d.entities.first().cloned())
        .collect();
    if !specific.is_empty() {
        diagnostics.retain(|d| {
            d.code != "CSP107"
                || d.severity == Severity::Info
                || d.entities.first().is_none_or(|id| !specific.contains(id))
        });
    }
    diagnostics
}
