//! A review report: what a reviewer hands on after opening a workspace. Everything the rules found,
//! why each rule exists, which entities each finding names, the diagram and the workspace's own
//! story, gathered once here and written as HTML ([`html`]) or Markdown ([`markdown`]).

pub mod html;
pub mod markdown;
mod names;

pub use names::Names;

use std::collections::{BTreeMap, HashSet};

use chrono::NaiveDate;

use crate::model::{EntityKind, Narrative, Workspace};
use crate::rules::{self, Diagnostic, RuleInfo, Severity};

/// Everything a report shows, independent of the output format.
#[derive(Debug, Clone)]
pub struct Report {
    /// What the workspace is called in the report (usually its file name).
    pub source: String,
    /// The date the rules judged the workspace at.
    pub as_of: NaiveDate,
    /// The workspace's own title, explanation and steps.
    pub narrative: Option<Narrative>,
    /// How many entities of each kind the workspace holds, in file order.
    pub entity_counts: Vec<(EntityKind, usize)>,
    /// Findings by severity: (errors, warnings, infos).
    pub totals: (usize, usize, usize),
    /// Findings grouped by rule, the worst rule first.
    pub rules: Vec<RuleFindings>,
    /// The diagram as a standalone SVG document, as the app draws it.
    pub svg: String,
}

/// The findings of one rule, with the rule's explanation written once for all of them.
#[derive(Debug, Clone)]
pub struct RuleFindings {
    /// The rule's code.
    pub code: &'static str,
    /// The rule as the registry describes it (`None` only for a code the registry lacks).
    pub rule: Option<&'static RuleInfo>,
    /// Counts by severity: a rule that could not judge unknown facts reports infos.
    pub counts: (usize, usize, usize),
    /// Every finding, in the order the rules report them.
    pub findings: Vec<Finding>,
}

/// One diagnostic, with the entities it names resolved to names.
#[derive(Debug, Clone)]
pub struct Finding {
    /// How bad it is.
    pub severity: Severity,
    /// What is wrong, in plain words.
    pub message: String,
    /// The entities it names, most specific first.
    pub entities: Vec<NamedEntity>,
}

/// An entity as a reader finds it: by name in the app, by id in the file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedEntity {
    /// The id in the file.
    pub id: String,
    /// The name the app shows.
    pub name: String,
    /// What kind of entity it is (`None` when the id names nothing in the workspace).
    pub kind: Option<EntityKind>,
}

impl RuleFindings {
    /// The rule's title, or a placeholder for a code the registry lacks.
    pub fn title(&self) -> &str {
        self.rule.map_or("(rule not in the catalogue)", |r| r.title)
    }

    /// The worst severity among the findings.
    pub fn worst(&self) -> Severity {
        self.findings
            .iter()
            .map(|f| f.severity)
            .min()
            .unwrap_or(Severity::Info)
    }
}

impl Report {
    /// Checks `ws` and gathers its report; `source` names the workspace in the title.
    pub fn new(ws: &Workspace, source: &str) -> Self {
        let diagnostics = rules::check(ws);
        Self::from_diagnostics(ws, source, &diagnostics)
    }

    /// Gathers the report from diagnostics already computed (the app keeps them up to date).
    pub fn from_diagnostics(ws: &Workspace, source: &str, diagnostics: &[Diagnostic]) -> Self {
        let mut names = Names::new(ws);
        let mut by_code: BTreeMap<&'static str, RuleFindings> = BTreeMap::new();
        for d in diagnostics {
            let group = by_code.entry(d.code).or_insert_with(|| RuleFindings {
                code: d.code,
                rule: rules::find_rule(d.code),
                counts: (0, 0, 0),
                findings: Vec::new(),
            });
            match d.severity {
                Severity::Error => group.counts.0 += 1,
                Severity::Warning => group.counts.1 += 1,
                Severity::Info => group.counts.2 += 1,
            }
            group.findings.push(Finding {
                severity: d.severity,
                message: d.message.clone(),
                entities: d.entities.iter().map(|id| names.resolve(id)).collect(),
            });
        }
        let mut grouped: Vec<RuleFindings> = by_code.into_values().collect();
        grouped.sort_by_key(|g| (g.worst(), g.code));
        Self {
            source: source.to_owned(),
            as_of: ws.as_of,
            narrative: ws.narrative.clone(),
            entity_counts: entity_counts(ws),
            totals: rules::counts(diagnostics),
            rules: grouped,
            svg: diagram_svg(ws, diagnostics),
        }
    }

    /// Every finding, in report order.
    pub fn findings(&self) -> impl Iterator<Item = (&RuleFindings, &Finding)> {
        self.rules
            .iter()
            .flat_map(|group| group.findings.iter().map(move |f| (group, f)))
    }
}

/// The diagram as the app and `export --svg` draw it, with the boxes that have errors outlined.
pub fn diagram_svg(ws: &Workspace, diagnostics: &[Diagnostic]) -> String {
    let layout = crate::layout::layout(ws);
    let errors: HashSet<usize> = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .flat_map(|d| {
            d.entities
                .iter()
                .filter_map(|id| layout.node_for_entity(id))
        })
        .collect();
    crate::layout::svg::to_svg(ws, &layout, &errors)
}

fn entity_counts(ws: &Workspace) -> Vec<(EntityKind, usize)> {
    EntityKind::ALL
        .iter()
        .map(|&kind| {
            let n = match kind {
                EntityKind::Organization => ws.organizations.len(),
                EntityKind::Ownership => ws.ownerships.len(),
                EntityKind::Location => ws.locations.len(),
                EntityKind::Tenant => ws.tenants.len(),
                EntityKind::Relationship => ws.relationships.len(),
                EntityKind::Subscription => ws.subscriptions.len(),
            };
            (kind, n)
        })
        .collect()
}

/// Test helpers shared by the format modules: the scenario files and a hostile name.
#[cfg(test)]
pub(crate) mod test_support {
    use std::path::PathBuf;

    use crate::model::Workspace;

    /// Every scenario workspace with its file name.
    pub fn scenarios() -> Vec<(String, Workspace)> {
        let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("assets/scenarios");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).collect())
            .unwrap_or_default();
        files.retain(|p| p.extension().is_some_and(|e| e == "ron"));
        files.sort();
        assert!(files.len() >= 8, "scenario files not found in {dir:?}");
        files
            .into_iter()
            .map(|path| {
                let name = path
                    .file_name()
                    .map(|n| n.to_string_lossy().into_owned())
                    .unwrap_or_default();
                match crate::io::load_file(&path) {
                    Ok(ws) => (name, ws),
                    Err(error) => panic!("{error}"),
                }
            })
            .collect()
    }

    /// The text every hostile-name test plants.
    pub const HOSTILE: &str = "<script>alert(\"x\")</script> & Sons *bold* | pipe";

    /// Scenario 6 (an error naming an organization) with that organization renamed to [`HOSTILE`].
    pub fn hostile() -> Workspace {
        let mut ws = scenarios()
            .into_iter()
            .find(|(name, _)| name == "s6-forbidden.ron")
            .map(|(_, ws)| ws)
            .unwrap_or_else(|| panic!("s6-forbidden.ron missing"));
        for org in &mut ws.organizations {
            if org.id.as_str() == "dist-daiwa" {
                org.name = HOSTILE.to_owned();
            }
        }
        if let Some(narrative) = &mut ws.narrative {
            narrative.title = format!("{} {HOSTILE}", narrative.title);
        }
        ws
    }
}

#[cfg(test)]
mod tests {
    use super::test_support::scenarios;
    use super::*;
    use crate::model::Id;

    #[test]
    fn counts_and_findings_match_the_rules_on_every_scenario() {
        for (name, ws) in scenarios() {
            let diagnostics = rules::check(&ws);
            let report = Report::new(&ws, &name);
            assert_eq!(report.totals, rules::counts(&diagnostics), "{name}");
            assert_eq!(report.findings().count(), diagnostics.len(), "{name}");
            let summed = report.rules.iter().fold((0, 0, 0), |acc, g| {
                (acc.0 + g.counts.0, acc.1 + g.counts.1, acc.2 + g.counts.2)
            });
            assert_eq!(summed, report.totals, "{name}");
            for d in &diagnostics {
                let group = report.rules.iter().find(|g| g.code == d.code);
                let group = group.unwrap_or_else(|| panic!("{name}: {} missing", d.code));
                assert!(
                    group.rule.is_some(),
                    "{name}: {} not in the registry",
                    d.code
                );
                assert!(
                    group.findings.iter().any(|f| f.message == d.message
                        && f.entities
                            .iter()
                            .map(|e| e.id.as_str())
                            .eq(d.entities.iter().map(Id::as_str))),
                    "{name}: {} lost",
                    d.message
                );
            }
        }
    }

    #[test]
    fn names_found_through_the_index_match_the_display_names() {
        for (name, ws) in scenarios() {
            let mut names = Names::new(&ws);
            for (id, _) in ws.entity_ids() {
                assert_eq!(
                    names.resolve(id).name,
                    ws.display_name(id.as_str()),
                    "{name}: {id}"
                );
            }
        }
    }

    #[test]
    fn errors_come_before_warnings_and_infos() {
        for (name, ws) in scenarios() {
            let report = Report::new(&ws, &name);
            let worst: Vec<Severity> = report.rules.iter().map(RuleFindings::worst).collect();
            assert!(worst.windows(2).all(|w| w[0] <= w[1]), "{name}: {worst:?}");
        }
    }

    #[test]
    fn entities_are_named_as_the_app_names_them() {
        let ws = test_support::hostile();
        let report = Report::new(&ws, "s6");
        let named: Vec<&NamedEntity> = report.findings().flat_map(|(_, f)| &f.entities).collect();
        let location = named
            .iter()
            .find(|e| e.id == "dist-daiwa-tokyo")
            .unwrap_or_else(|| panic!("the provider location is not named: {named:?}"));
        assert_eq!(location.kind, Some(EntityKind::Location));
        assert_eq!(location.name, ws.display_name("dist-daiwa-tokyo"));
        assert!(location.name.contains(test_support::HOSTILE));
    }
}
