//! Moving the as-of date without resolving the workspace again, and without re-running what the
//! date cannot change.
//!
//! A full check first resolves every reference of the workspace into the [`Context`] (about half
//! the time of a check on a large network), then runs the families' passes. Moving the date
//! changes no reference, so [`AsOfCache`] keeps the resolved context of a copy of the workspace.
//! It also keeps the findings of each pass whose [`DateUse`] says the new date cannot change
//! them (a pass that never reads the date, or reads only the region list in force), and runs
//! only the others again. At a past date most findings are CSP205's events after the date,
//! tens of thousands on a large network: they come listed in their final order (merged, not
//! sorted, into the rest), and [`AsOfCache::check_on_reusing`] rewrites the date in last list's
//! findings instead of building them again. CSP109 is described again only when the chains it
//! lists or the region list changed. The result is the full check's, diagnostic for diagnostic
//! (property tests compare them on random workspaces and dates, with any list handed back, and
//! check each pass's class).

use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use self_cell::self_cell;

use super::chain::{self, ServedMemo};
use super::{Context, DateUse, Diagnostic, Pass, Sink, families, sorted};
use crate::model::Workspace;

self_cell!(
    /// A workspace and the context resolved from it.
    struct Resolved {
        owner: Workspace,
        #[covariant]
        dependent: Context,
    }
);

/// The findings of one pass, kept for the dates that share `key` (see [`DateUse::key`]).
struct Kept {
    key: i32,
    findings: Sink,
}

/// The resolved references of one workspace, for checking it at any date.
///
/// Valid while the workspace differs from the one it was built from at most in its as-of date
/// and diagram positions; build a new one after any other edit.
pub struct AsOfCache {
    resolved: Resolved,
    /// Per pass, in catalogue order: its findings on the keys seen so far (at most two: a pass
    /// that reads the region list has one key per list; a pass that reads the day is not kept).
    kept: Vec<Vec<Kept>>,
    /// The date of the last check.
    last: Option<NaiveDate>,
    /// CSP109's findings at the last date.
    served: ServedMemo,
    /// Per pass, how long it took at the last move: the costliest start first.
    cost: Vec<Duration>,
}

impl AsOfCache {
    /// Resolves a copy of `ws` once.
    pub fn new(ws: &Workspace) -> Self {
        let passes = families().iter().map(|f| f.passes.len()).sum();
        Self {
            resolved: Resolved::new(ws.clone(), |ws| {
                let cx = Context::new(ws);
                super::agreement::prepare_moves(&cx);
                cx
            }),
            kept: (0..passes).map(|_| Vec::new()).collect(),
            last: None,
            served: ServedMemo::default(),
            cost: vec![Duration::ZERO; passes],
        }
    }

    /// The diagnostics [`super::check`] gives for the workspace moved to `date`.
    pub fn check_on(&mut self, date: NaiveDate) -> Vec<Diagnostic> {
        self.check_on_reusing(date, Vec::new())
    }

    /// The diagnostics [`super::check`] gives for the workspace moved to `date`, built partly
    /// from the memory of `previous`, the list the last check returned: on a network with many
    /// events after the date, most findings differ from the last date's only in the date they
    /// name. Any list is accepted (what does not match is built anew); the result is the same.
    pub fn check_on_reusing(
        &mut self,
        date: NaiveDate,
        previous: Vec<Diagnostic>,
    ) -> Vec<Diagnostic> {
        let kept = &mut self.kept;
        let served = &mut self.served;
        let cost = &mut self.cost;
        let last = self.last.replace(date);
        // The findings of the last list whose memory can serve again: CSP109's here, CSP205's
        // after the date by the pass that reports them (on its thread, which drops the rest).
        let mut earlier_served = Vec::new();
        let earlier_dates: Vec<Diagnostic> = previous
            .into_iter()
            .filter_map(|d| {
                if d.code == chain::CSP109.code {
                    earlier_served.push(d);
                    None
                } else {
                    Some(d)
                }
            })
            .collect();
        self.resolved.with_dependent_mut(|_, cx| {
            cx.as_of = date;
            cx.offer_earlier(last.map(|last| (last, earlier_dates)));
            let passes: Vec<&Pass> = families().iter().flat_map(|f| f.passes.iter()).collect();
            let mut found = run_day_passes(cx, &passes, cost);
            let mut sink = Sink::default();
            for (at, (pass, kept)) in passes.iter().zip(kept.iter_mut()).enumerate() {
                if pass.date_use == DateUse::Day {
                    if let Some(findings) = found.get_mut(at).and_then(Option::take) {
                        sink.append(findings);
                    }
                    continue;
                }
                let key = pass.date_use.key(date);
                let at = match kept.iter().position(|k| k.key == key) {
                    Some(at) => at,
                    None => {
                        let mut findings = Sink::default();
                        (pass.check)(cx, &mut findings);
                        kept.push(Kept { key, findings });
                        kept.len() - 1
                    }
                };
                sink.extend_from(&kept[at].findings);
            }
            chain::report_served_remembering(cx, &mut sink, served, earlier_served);
            sorted(cx, sink)
        })
    }
}

/// Runs the passes that read the day, on two threads: a move's checking is mostly these passes,
/// and drawing waits for it while the other core is idle. Each thread takes the next pass not
/// yet taken, the costliest (at the last move) first, and each pass writes to its own sink, so
/// the findings are the same as one after the other. Returns the sinks by pass.
fn run_day_passes(cx: &Context<'_>, passes: &[&Pass], cost: &mut [Duration]) -> Vec<Option<Sink>> {
    let mut queue: Vec<usize> = (0..passes.len())
        .filter(|&at| passes[at].date_use == DateUse::Day)
        .collect();
    queue.sort_by_key(|&at| std::cmp::Reverse(cost.get(at).copied().unwrap_or_default()));
    let next = AtomicUsize::new(0);
    let work = || {
        let mut done = Vec::new();
        while let Some(&at) = queue.get(next.fetch_add(1, Ordering::Relaxed)) {
            let started = Instant::now();
            let mut findings = Sink::default();
            (passes[at].check)(cx, &mut findings);
            done.push((at, findings, started.elapsed()));
        }
        done
    };
    let done = std::thread::scope(|scope| {
        let other = scope.spawn(work);
        let mut done = work();
        match other.join() {
            Ok(theirs) => done.extend(theirs),
            Err(panic) => std::panic::resume_unwind(panic),
        }
        done
    });
    let mut found: Vec<Option<Sink>> = (0..passes.len()).map(|_| None).collect();
    for (at, findings, took) in done {
        if let Some(slot) = cost.get_mut(at) {
            *slot = took;
        }
        found[at] = Some(findings);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::generate::{GenerateOptions, generate};
    use proptest::prelude::*;

    fn scenario(name: &str) -> Workspace {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets")
            .join("scenarios")
            .join(name);
        crate::io::load_file(&path).expect("scenario loads")
    }

    fn full_check_on(ws: &Workspace, date: NaiveDate) -> Vec<Diagnostic> {
        let mut moved = ws.clone();
        moved.as_of = date;
        super::super::check(&moved)
    }

    fn day(offset: i64) -> NaiveDate {
        NaiveDate::from_ymd_opt(2019, 1, 1)
            .and_then(|d| d.checked_add_signed(chrono::TimeDelta::days(offset)))
            .expect("date in range")
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]

        #[test]
        fn moving_a_cached_context_equals_a_full_check(
            seed in 0u64..1_000,
            violations in any::<bool>(),
            dates in proptest::collection::vec(0i64..3_650, 1..5),
        ) {
            let ws = generate(&GenerateOptions {
                resellers: 6,
                customers: 40,
                seed,
                violations,
            });
            let mut cache = AsOfCache::new(&ws);
            let mut reusing = AsOfCache::new(&ws);
            let mut last = Vec::new();
            for offset in dates {
                let date = day(offset);
                let full = full_check_on(&ws, date);
                prop_assert_eq!(cache.check_on(date), full.clone());
                last = reusing.check_on_reusing(date, last);
                prop_assert_eq!(&last, &full);
            }
        }

        /// The list handed back need not be the last one: another date's, or one edited, still
        /// gives exactly the full check's result.
        #[test]
        fn reusing_any_list_equals_a_full_check(
            seed in 0u64..1_000,
            a in 0i64..3_650,
            b in 0i64..3_650,
            c in 0i64..3_650,
            edit in 0usize..200,
        ) {
            let ws = generate(&GenerateOptions {
                resellers: 6,
                customers: 40,
                seed,
                violations: true,
            });
            let mut cache = AsOfCache::new(&ws);
            let _ = cache.check_on(day(a));
            let mut other = full_check_on(&ws, day(b));
            let len = other.len();
            if let Some(d) = other.get_mut(edit % len.max(1)) {
                d.message.insert_str(0, "xyz");
                d.entities.reverse();
            }
            if len > 1 {
                other.swap(0, edit % len);
            }
            prop_assert_eq!(cache.check_on_reusing(day(c), other), full_check_on(&ws, day(c)));
        }
    }

    /// What `pass` finds on the workspace at `date`, finished into diagnostics.
    fn pass_on(
        cx: &mut Context<'_>,
        pass: &super::super::Pass,
        date: NaiveDate,
    ) -> Vec<Diagnostic> {
        cx.as_of = date;
        let mut sink = Sink::default();
        (pass.check)(cx, &mut sink);
        sink.finish(cx)
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(32))]

        /// A pass kept across date moves gives the same findings on any two dates its class says
        /// are alike: put a pass that reads the day in a laxer class and this fails.
        #[test]
        fn every_kept_pass_finds_the_same_on_dates_its_class_calls_alike(
            seed in 0u64..1_000,
            violations in any::<bool>(),
            a in 0i64..3_650,
            b in 0i64..3_650,
        ) {
            let ws = generate(&GenerateOptions {
                resellers: 6,
                customers: 40,
                seed,
                violations,
            });
            let mut cx = Context::new(&ws);
            let (a, b) = (day(a), day(b));
            for pass in families().iter().flat_map(|f| f.passes.iter()) {
                if pass.date_use == DateUse::Day || pass.date_use.key(a) != pass.date_use.key(b) {
                    continue;
                }
                let on_a = pass_on(&mut cx, pass, a);
                let on_b = pass_on(&mut cx, pass, b);
                prop_assert_eq!(on_a, on_b, "{} on {} and {}", pass.name, a, b);
            }
        }
    }

    #[test]
    fn every_scenario_agrees_on_each_side_of_every_program_date() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("assets")
            .join("scenarios");
        let mut names: Vec<String> = std::fs::read_dir(&dir)
            .expect("scenarios")
            .filter_map(|e| e.ok())
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .filter(|n| n.ends_with(".ron"))
            .collect();
        names.sort();
        assert!(!names.is_empty());
        for name in names {
            let ws = scenario(&name);
            let mut cache = AsOfCache::new(&ws);
            for program in crate::timeline::PROGRAM_DATES {
                for date in [program.date.pred_opt().expect("day"), program.date] {
                    assert_eq!(
                        cache.check_on(date),
                        full_check_on(&ws, date),
                        "{name} on {date}"
                    );
                }
            }
        }
    }
}
