//! Moving the as-of date without resolving the workspace again.
//!
//! A full check first resolves every reference of the workspace into the [`Context`] (about half
//! the time of a check on a large network), then runs the families. Moving the date changes no
//! reference, so [`AsOfCache`] keeps the resolved context of a copy of the workspace and only
//! runs the families again at the new date. The result is the full check's, diagnostic for
//! diagnostic (a property test compares them on random workspaces and dates).

use chrono::NaiveDate;
use self_cell::self_cell;

use super::{Context, Diagnostic, check_context};
use crate::model::Workspace;

self_cell!(
    /// A workspace and the context resolved from it.
    struct Resolved {
        owner: Workspace,
        #[covariant]
        dependent: Context,
    }
);

/// The resolved references of one workspace, for checking it at any date.
///
/// Valid while the workspace differs from the one it was built from at most in its as-of date
/// and diagram positions; build a new one after any other edit.
pub struct AsOfCache {
    resolved: Resolved,
}

impl AsOfCache {
    /// Resolves a copy of `ws` once.
    pub fn new(ws: &Workspace) -> Self {
        Self {
            resolved: Resolved::new(ws.clone(), |ws| Context::new(ws)),
        }
    }

    /// The diagnostics [`super::check`] gives for the workspace moved to `date`.
    pub fn check_on(&mut self, date: NaiveDate) -> Vec<Diagnostic> {
        self.resolved.with_dependent_mut(|_, cx| {
            cx.as_of = date;
            check_context(cx)
        })
    }
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
            for offset in dates {
                let date = day(offset);
                prop_assert_eq!(cache.check_on(date), full_check_on(&ws, date));
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
