//! The CSP program's rules: pure functions of a workspace, one file per family, run on every edit.
//!
//! The catalogue is `rules.md` of the domain notes; each rule keeps its code forever.

mod context;
mod diagnostic;
mod incremental;
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
pub use incremental::AsOfCache;
pub use registry::{RuleInfo, all as all_rules, explanation_text, find as find_rule};

use chrono::{Datelike, NaiveDate};
use rustc_hash::FxHashSet;

use crate::model::{Id, RegionList, Workspace};

/// A family of rules: its rules and the passes that check them.
pub struct Family {
    /// Name shown in listings ("Chain and roles").
    pub name: &'static str,
    /// The rules it reports under.
    pub rules: &'static [&'static RuleInfo],
    /// Checks the workspace, writing to the sink: its passes in order.
    pub check: fn(&Context<'_>, &mut Sink),
    /// The passes, in the order they report; each says how it reads the date, so a moved as-of
    /// date re-runs only the passes it can change (see [`AsOfCache`]).
    pub passes: &'static [Pass],
}

/// One pass over the workspace, part of a family.
pub struct Pass {
    /// Name for tests and profiles ("chain roles").
    pub name: &'static str,
    /// Checks the workspace, writing to the sink.
    pub check: fn(&Context<'_>, &mut Sink),
    /// What of the as-of date its findings depend on.
    pub date_use: DateUse,
}

/// How a pass's findings depend on the date the rules evaluate at.
///
/// A property test checks each pass on random workspaces at pairs of dates its class says are
/// alike; a pass put in too lax a class fails it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DateUse {
    /// The findings are the same on every date.
    None,
    /// The findings change only with the region list in force (2021 or 2023 list): the date only
    /// picks the market a message names.
    RegionList,
    /// The findings may change from one day to the next.
    Day,
}

impl DateUse {
    /// A key that is equal for two dates when the pass gives the same findings on both.
    pub(crate) fn key(self, date: NaiveDate) -> i32 {
        match self {
            DateUse::None => 0,
            DateUse::RegionList => match RegionList::in_force_on(date) {
                RegionList::Y2021 => 2021,
                RegionList::Y2023 => 2023,
            },
            DateUse::Day => date.num_days_from_ce(),
        }
    }
}

/// Runs `passes` in order: a family's check.
fn run_passes(passes: &[Pass], cx: &Context<'_>, out: &mut Sink) {
    for pass in passes {
        (pass.check)(cx, out);
    }
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
    check_context(&Context::new(ws))
}

/// Checks with references already resolved, at the context's as-of date.
fn check_context(cx: &Context<'_>) -> Vec<Diagnostic> {
    let mut sink = Sink::default();
    for family in families() {
        (family.check)(cx, &mut sink);
    }
    conclude(cx, sink)
}

/// What follows the passes: CSP109 from the chains found, one fact one diagnostic, the order.
fn conclude(cx: &Context<'_>, mut sink: Sink) -> Vec<Diagnostic> {
    chain::report_served(cx, &mut sink);
    sorted(cx, sink)
}

/// The end of [`conclude`], after CSP109: one fact one diagnostic, the order.
fn sorted(cx: &Context<'_>, mut sink: Sink) -> Vec<Diagnostic> {
    let in_order = sink.take_in_order();
    let mut diagnostics = one_fact_one_diagnostic(sink.finish(cx));
    diagnostics.sort_by(order);
    merge(diagnostics, in_order)
}

/// The order of a check's diagnostics: by code, then entities, then message.
fn order(a: &Diagnostic, b: &Diagnostic) -> std::cmp::Ordering {
    (a.code, &a.entities, &a.message).cmp(&(b.code, &b.entities, &b.message))
}

/// Merges two lists sorted by [`order`] into one; on a tie `first`'s diagnostic comes first, as
/// a stable sort of `first` followed by `second` would put it.
fn merge(first: Vec<Diagnostic>, second: Vec<Diagnostic>) -> Vec<Diagnostic> {
    if second.is_empty() {
        return first;
    }
    let mut merged = Vec::with_capacity(first.len() + second.len());
    let mut second = second.into_iter().peekable();
    for d in first {
        while let Some(next) = second.next_if(|s| order(s, &d).is_lt()) {
            merged.push(next);
        }
        merged.push(d);
    }
    merged.extend(second);
    merged
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

/// "One fact, one diagnostic": where a more specific rule reports a fact, the general one is
/// dropped. Both name the fact's entity first.
///
/// - CSP107 about a relationship that CSP102, CSP103 or CSP204 reports (rules.md);
/// - CSP110 about a subscription that CSP303 reports: a partner's own-use purchase billed by an
///   indirect provider with no reseller of record is CSP303's warning (scenario 4 names where a
///   partner buys for its own use), not also CSP110's lost reseller credit.
///
/// The other pairs of the catalogue are settled in the rules themselves (CSP104 and CSP105,
/// CSP105 and CSP110, CSP201/207 and CSP202), and CSP109 leaves out what CSP401, CSP402 and
/// CSP501 report (see [`chain::report_served`]).
fn one_fact_one_diagnostic(mut diagnostics: Vec<Diagnostic>) -> Vec<Diagnostic> {
    /// The first entities of the findings (not infos) of `codes`.
    fn named_by<'d>(diagnostics: &'d [Diagnostic], codes: &[&str]) -> FxHashSet<&'d Id> {
        diagnostics
            .iter()
            .filter(|d| codes.contains(&d.code) && d.severity != Severity::Info)
            .filter_map(|d| d.entities.first())
            .collect()
    }
    let general = |d: &Diagnostic, code: &str| d.code == code && d.severity != Severity::Info;
    let drop: Vec<bool> = {
        let relationships = named_by(&diagnostics, &["CSP102", "CSP103", "CSP204"]);
        let own_use = named_by(&diagnostics, &["CSP303"]);
        diagnostics
            .iter()
            .map(|d| {
                let first = d.entities.first();
                (general(d, "CSP107") && first.is_some_and(|id| relationships.contains(id)))
                    || (general(d, "CSP110") && first.is_some_and(|id| own_use.contains(id)))
            })
            .collect()
    };
    let mut drop = drop.into_iter();
    diagnostics.retain(|_| !drop.next().unwrap_or(false));
    diagnostics
}
