//! The article's sample scenarios (`assets/scenarios/`) checked against the rule catalogue.
//!
//! Every file in the folder has a row in [`EXPECTED`]: whether the setup is legal or forbidden,
//! the exact multiset of its errors and warnings, the exact multiset of its infos, and for a
//! forbidden file the entities its key diagnostic must name. The rows follow `rules.md` (what
//! *should* fire), not whatever the rules happen to print today. A file without a row, or a row
//! without a file, fails the test, so no scenario is added without its expectations.
//!
//! Choices the catalogue leaves open, written down once here:
//! - CSP109 (info) is expected once per selling chain (a direct bill partner, or a reseller with
//!   its provider) serving customers through resale subscriptions whose chain CSP105 accepts,
//!   except subscriptions CSP401, CSP402 or CSP501 report as errors (scenarios 5 and 7: a chain
//!   shown serving a customer end to end beside a self-dealing or region error confuses the
//!   picture). A partner buying for its own use (scenario 4) is not resale: no CSP109. Every
//!   file has at most one subscription per tenant and chain, so "one per chain" and "one per
//!   subscription" agree.
//! - CSP501 is reported once per partner of the chain outside the customer's market (scenario 7:
//!   the reseller of record and its billing provider are both in Japan, the tenant in Germany).
//! - Scenario 6 is judged on relationships alone: its files hold no subscription, so CSP304 stands
//!   alone (a subscription into the CSP tenant would add CSP301 and CSP302, as scenario 4 shows).

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use csp_studio::edit::Edit;
use csp_studio::model::Workspace;
use csp_studio::rules::{self, Diagnostic, Severity};

/// What the article says about the setup a file draws.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Verdict {
    /// Supported: no error, and no warning either.
    Legal,
    /// Not supported: exactly the errors the scenario is about.
    Forbidden,
}

/// A diagnostic that makes a forbidden file's point, and what it must name.
struct Key {
    /// The rule code; at least one diagnostic with this code must match.
    code: &'static str,
    /// Each group lists alternative entity ids; the diagnostic's entities hold one of each group.
    names: &'static [&'static [&'static str]],
    /// Each group lists alternatives found either among the entities or in the message text.
    says: &'static [&'static [&'static str]],
}

/// One scenario file and what checking it must give.
struct Expected {
    file: &'static str,
    verdict: Verdict,
    /// Errors and warnings, as a multiset of (code, severity).
    problems: &'static [(&'static str, Severity)],
    /// Infos, as a multiset of codes.
    infos: &'static [&'static str],
    /// Key diagnostics of a forbidden file.
    keys: &'static [Key],
}

use Severity::Error;
use Verdict::{Forbidden, Legal};

const EXPECTED: &[Expected] = &[
    Expected {
        file: "s1-direct-bill.ron",
        verdict: Legal,
        problems: &[],
        infos: &["CSP109"],
        keys: &[],
    },
    Expected {
        file: "s1-indirect.ron",
        verdict: Legal,
        problems: &[],
        infos: &["CSP109"],
        keys: &[],
    },
    Expected {
        file: "s2-multi-partner.ron",
        verdict: Legal,
        problems: &[],
        infos: &["CSP109", "CSP109", "CSP601"],
        keys: &[],
    },
    Expected {
        file: "s3-multichannel.ron",
        verdict: Legal,
        problems: &[],
        infos: &["CSP109", "CSP602"],
        keys: &[],
    },
    Expected {
        file: "s4-own-use-from-direct-bill.ron",
        verdict: Legal,
        problems: &[],
        infos: &[],
        keys: &[],
    },
    Expected {
        file: "s4-own-use-from-reseller.ron",
        verdict: Legal,
        problems: &[],
        infos: &[],
        keys: &[],
    },
    Expected {
        file: "s4-forbidden-csp-tenant.ron",
        verdict: Forbidden,
        problems: &[("CSP301", Error), ("CSP302", Error)],
        infos: &[],
        keys: &[
            Key {
                code: "CSP301",
                names: &[&["dist-daiwa-csp"]],
                says: &[],
            },
            Key {
                code: "CSP302",
                names: &[&["sub-daiwa-own-m365"]],
                says: &[],
            },
        ],
    },
    Expected {
        file: "s5-forbidden-self.ron",
        verdict: Forbidden,
        problems: &[("CSP401", Error)],
        infos: &[],
        keys: &[Key {
            code: "CSP401",
            names: &[
                &["sub-tcs-self-m365", "direct-tcs-internal"],
                &["direct-tcs", "direct-tcs-tokyo"],
            ],
            says: &[],
        }],
    },
    Expected {
        file: "s5-forbidden-affiliate.ron",
        verdict: Forbidden,
        problems: &[("CSP402", Error)],
        infos: &[],
        keys: &[Key {
            code: "CSP402",
            names: &[
                &["aoba-bussan", "aoba-bussan-t", "sub-bussan-m365"],
                &["aoba-cloud", "aoba-cloud-sendai"],
            ],
            // The ownership path runs through the common parent.
            says: &[&["青葉ホールディングス", "aoba-hd"]],
        }],
    },
    Expected {
        file: "s5-legal-minority-stake.ron",
        verdict: Legal,
        problems: &[],
        infos: &["CSP109"],
        keys: &[],
    },
    Expected {
        file: "s6-forbidden.ron",
        verdict: Forbidden,
        problems: &[("CSP304", Error)],
        infos: &[],
        keys: &[Key {
            code: "CSP304",
            names: &[
                &["res-sakura-tokyo", "res-sakura-csp"],
                &["dist-daiwa-tokyo"],
            ],
            says: &[],
        }],
    },
    Expected {
        file: "s6-option1-separate-tenant.ron",
        verdict: Legal,
        problems: &[],
        infos: &[],
        keys: &[],
    },
    Expected {
        file: "s6-option2-other-provider.ron",
        verdict: Legal,
        problems: &[],
        infos: &[],
        keys: &[],
    },
    Expected {
        file: "s6-option3-resell-elsewhere.ron",
        verdict: Legal,
        problems: &[],
        infos: &[],
        keys: &[],
    },
    Expected {
        file: "s7-forbidden-other-region.ron",
        verdict: Forbidden,
        problems: &[("CSP501", Error), ("CSP501", Error)],
        infos: &[],
        keys: &[
            Key {
                code: "CSP501",
                names: &[&["res-sakura-tokyo"], &["fuji-eu-t", "sub-fuji-eu-m365"]],
                says: &[],
            },
            Key {
                code: "CSP501",
                names: &[&["dist-daiwa-tokyo"], &["fuji-eu-t", "sub-fuji-eu-m365"]],
                says: &[],
            },
        ],
    },
    Expected {
        file: "s8-forbidden-other-region.ron",
        verdict: Forbidden,
        problems: &[("CSP502", Error)],
        infos: &[],
        keys: &[Key {
            code: "CSP502",
            names: &[
                &["dist-thames-london", "p-thames-lakeside"],
                &["res-lakeside-chicago", "p-thames-lakeside"],
            ],
            says: &[],
        }],
    },
    Expected {
        file: "s8-legal-same-region.ron",
        verdict: Legal,
        problems: &[],
        infos: &["CSP109"],
        keys: &[],
    },
];

fn scenarios_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios")
}

fn load(file: &str) -> Workspace {
    let path = scenarios_dir().join(file);
    csp_studio::io::load_file(&path).unwrap_or_else(|e| panic!("{file}: {e}"))
}

/// Counts of (code, severity) among `diagnostics` for which `keep` holds.
fn multiset(
    diagnostics: &[Diagnostic],
    keep: impl Fn(Severity) -> bool,
) -> BTreeMap<(String, Severity), usize> {
    let mut counts = BTreeMap::new();
    for d in diagnostics.iter().filter(|d| keep(d.severity)) {
        *counts.entry((d.code.to_owned(), d.severity)).or_insert(0) += 1;
    }
    counts
}

fn expected_problems(row: &Expected) -> BTreeMap<(String, Severity), usize> {
    let mut counts = BTreeMap::new();
    for (code, severity) in row.problems {
        *counts.entry(((*code).to_owned(), *severity)).or_insert(0) += 1;
    }
    counts
}

fn expected_infos(row: &Expected) -> BTreeMap<(String, Severity), usize> {
    let mut counts = BTreeMap::new();
    for code in row.infos {
        *counts
            .entry(((*code).to_owned(), Severity::Info))
            .or_insert(0) += 1;
    }
    counts
}

fn is_problem(severity: Severity) -> bool {
    severity != Severity::Info
}

fn is_info(severity: Severity) -> bool {
    severity == Severity::Info
}

fn describe(diagnostics: &[Diagnostic]) -> String {
    if diagnostics.is_empty() {
        return "    (none)\n".to_owned();
    }
    diagnostics
        .iter()
        .map(|d| {
            let ids: Vec<&str> = d.entities.iter().map(|id| id.as_str()).collect();
            format!(
                "    {}[{}] {} ({})\n",
                d.severity.label(),
                d.code,
                d.message,
                ids.join(", ")
            )
        })
        .collect()
}

#[test]
fn every_scenario_file_has_a_row_and_every_row_a_file() {
    let on_disk: BTreeSet<String> = std::fs::read_dir(scenarios_dir())
        .expect("assets/scenarios is readable")
        .map(|entry| entry.expect("directory entry").file_name())
        .map(|name| name.to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".ron"))
        .collect();
    let in_table: BTreeSet<String> = EXPECTED.iter().map(|row| row.file.to_owned()).collect();
    assert_eq!(
        in_table.len(),
        EXPECTED.len(),
        "a file appears twice in EXPECTED"
    );
    let missing_rows: Vec<&String> = on_disk.difference(&in_table).collect();
    let missing_files: Vec<&String> = in_table.difference(&on_disk).collect();
    assert!(
        missing_rows.is_empty() && missing_files.is_empty(),
        "scenario files without expectations: {missing_rows:?}; expectations without a file: {missing_files:?}"
    );
}

#[test]
fn the_table_itself_is_consistent() {
    for row in EXPECTED {
        match row.verdict {
            Legal => assert!(
                row.problems.is_empty() && row.keys.is_empty(),
                "{}: a legal scenario expects no error, no warning and no key diagnostic",
                row.file
            ),
            Forbidden => {
                assert!(
                    row.problems.iter().any(|(_, s)| *s == Error),
                    "{}: a forbidden scenario expects at least one error",
                    row.file
                );
                assert!(
                    !row.keys.is_empty(),
                    "{}: a forbidden scenario names its key diagnostic",
                    row.file
                );
                for key in row.keys {
                    assert!(
                        row.problems.iter().any(|(code, _)| *code == key.code),
                        "{}: key {} is not among the expected problems",
                        row.file,
                        key.code
                    );
                }
            }
        }
    }
}

#[test]
fn scenarios_give_exactly_the_expected_diagnostics() {
    let mut failures = String::new();
    for row in EXPECTED {
        let ws = load(row.file);
        let diagnostics = rules::check(&ws);
        let problems = multiset(&diagnostics, is_problem);
        let infos = multiset(&diagnostics, is_info);
        let want_problems = expected_problems(row);
        let want_infos = expected_infos(row);
        if problems != want_problems || infos != want_infos {
            failures.push_str(&format!(
                "{}:\n  expected errors/warnings {:?}, got {:?}\n  expected infos {:?}, got {:?}\n  diagnostics:\n{}",
                row.file,
                want_problems,
                problems,
                want_infos,
                infos,
                describe(&diagnostics)
            ));
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn legal_scenarios_have_no_error() {
    let mut failures = String::new();
    for row in EXPECTED.iter().filter(|row| row.verdict == Legal) {
        let diagnostics = rules::check(&load(row.file));
        let errors: Vec<Diagnostic> = diagnostics
            .into_iter()
            .filter(|d| d.severity == Error)
            .collect();
        if !errors.is_empty() {
            failures.push_str(&format!("{}:\n{}", row.file, describe(&errors)));
        }
    }
    assert!(
        failures.is_empty(),
        "legal scenarios with errors:\n{failures}"
    );
}

fn names(d: &Diagnostic, id: &str) -> bool {
    d.entities.iter().any(|e| e.as_str() == id)
}

fn key_matches(key: &Key, d: &Diagnostic) -> bool {
    d.code == key.code
        && key
            .names
            .iter()
            .all(|group| group.iter().any(|id| names(d, id)))
        && key.says.iter().all(|group| {
            group
                .iter()
                .any(|text| names(d, text) || d.message.contains(text))
        })
}

#[test]
fn forbidden_scenarios_name_the_intended_entities() {
    let mut failures = String::new();
    for row in EXPECTED.iter().filter(|row| row.verdict == Forbidden) {
        let diagnostics = rules::check(&load(row.file));
        for key in row.keys {
            if !diagnostics.iter().any(|d| key_matches(key, d)) {
                failures.push_str(&format!(
                    "{}: no {} naming one of each of {:?} (and saying one of each of {:?}); got:\n{}",
                    row.file,
                    key.code,
                    key.names,
                    key.says,
                    describe(&diagnostics)
                ));
            }
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn scenario_6_offers_the_three_ways_out_and_each_clears_csp304() {
    let ws = load("s6-forbidden.ron");
    let before = rules::check(&ws);
    let csp304: Vec<&Diagnostic> = before.iter().filter(|d| d.code == "CSP304").collect();
    assert_eq!(csp304.len(), 1, "one CSP304:\n{}", describe(&before));
    let fixes = &csp304[0].fixes;
    let titles: Vec<&str> = fixes.iter().map(|f| f.title.as_str()).collect();
    assert_eq!(
        fixes.len(),
        3,
        "the article's three options, got {titles:?}"
    );
    let errors_before: BTreeSet<&str> = before
        .iter()
        .filter(|d| d.severity == Error && d.code != "CSP304")
        .map(|d| d.code)
        .collect();
    let mut outcomes: Vec<Workspace> = Vec::new();
    for fix in fixes {
        let mut fixed = ws.clone();
        Edit::apply(fix.edit.clone(), &mut fixed)
            .unwrap_or_else(|e| panic!("fix {:?} does not apply: {e}", fix.title));
        let after = rules::check(&fixed);
        assert!(
            after.iter().all(|d| d.code != "CSP304"),
            "fix {:?} leaves CSP304:\n{}",
            fix.title,
            describe(&after)
        );
        let new_errors: Vec<&Diagnostic> = after
            .iter()
            .filter(|d| d.severity == Error && !errors_before.contains(d.code))
            .collect();
        assert!(
            new_errors.is_empty(),
            "fix {:?} trades CSP304 for other errors:\n{}",
            fix.title,
            describe(&after)
        );
        outcomes.push(fixed);
    }
    // Three ways out, three different networks: option 2 buys from a different direct bill
    // partner, so it ends the customer relationship that option 3 keeps.
    for (i, a) in outcomes.iter().enumerate() {
        for (j, b) in outcomes.iter().enumerate().skip(i + 1) {
            assert!(
                a != b,
                "fixes {:?} and {:?} lead to the same workspace",
                titles[i],
                titles[j]
            );
        }
    }
}

#[test]
fn every_narrative_names_the_codes_its_file_shows() {
    let mut failures = String::new();
    for row in EXPECTED {
        let ws = load(row.file);
        let Some(narrative) = &ws.narrative else {
            failures.push_str(&format!("{}: no narrative\n", row.file));
            continue;
        };
        if narrative.title.is_empty() || narrative.text.is_empty() {
            failures.push_str(&format!("{}: empty title or text\n", row.file));
        }
        let codes = row
            .problems
            .iter()
            .map(|(code, _)| *code)
            .chain(row.infos.iter().copied());
        for code in codes {
            if !narrative.text.contains(code) {
                failures.push_str(&format!("{}: the narrative never names {code}\n", row.file));
            }
        }
    }
    assert!(failures.is_empty(), "\n{failures}");
}

#[test]
fn scenario_files_are_canonical() {
    for row in EXPECTED {
        let path = scenarios_dir().join(row.file);
        let text = std::fs::read_to_string(&path).expect("readable");
        let canonical = csp_studio::io::to_canonical_string(&load(row.file)).expect("writable");
        assert!(
            text == canonical,
            "{}: not canonical; run `cargo run -- format assets/scenarios/*.ron`",
            row.file
        );
    }
}
