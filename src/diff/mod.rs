//! What changed between two workspaces, in the words a channel manager uses: which partners,
//! tenants, relationships and subscriptions were added, removed or changed (field by field), and
//! which of the rules' findings appeared or went away. Text output lives in [`text`].
//!
//! Where imported facts came from (their `sources`) is not compared: the same network imported
//! from the same files given in another order names other lines for the same facts, and a
//! reviewer asks what changed in the network, not in its paperwork.

pub mod text;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use chrono::NaiveDate;
use serde::Serialize;
use serde_json::Value;

use crate::model::{Entity, EntityKind, EntityRef, Id, Workspace};
use crate::report::Names;
use crate::rules::{self, Diagnostic, Severity};

/// Every difference between an old and a new workspace.
#[derive(Debug, Clone, Default, PartialEq, Serialize)]
pub struct Changes {
    /// The as-of date, when it moved: (old, new).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub as_of: Option<(NaiveDate, NaiveDate)>,
    /// Workspace-wide settings that changed: the narrative and the region table.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub workspace: Vec<FieldChange>,
    /// Entities added, removed or changed, in file order of kind and then by id.
    pub entities: Vec<EntityChange>,
    /// Ids of the entities whose diagram box moved (or was pinned or released).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub moved: Vec<String>,
    /// Findings of the new workspace that the old one did not have.
    pub appeared: Vec<Finding>,
    /// Findings of the old workspace that the new one no longer has.
    pub went_away: Vec<Finding>,
}

/// How one entity differs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum ChangeKind {
    /// Only in the new workspace.
    Added,
    /// Only in the old workspace.
    Removed,
    /// In both, with different fields.
    Changed,
}

/// One entity that differs.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct EntityChange {
    /// Added, removed or changed.
    pub change: ChangeKind,
    /// Its kind.
    pub kind: EntityKind,
    /// Its id, the same in both files.
    pub id: String,
    /// Its name as the app shows it (from the new workspace, or the old one if removed).
    pub name: String,
    /// The fields that differ, for a changed entity.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub fields: Vec<FieldChange>,
}

/// One field that differs, with both values written out.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct FieldChange {
    /// The field's name as in the file.
    pub field: String,
    /// The old value (`not set` when the file left it out).
    pub old: String,
    /// The new value.
    pub new: String,
}

/// A finding that appeared or went away, matched by rule code and the entities it names.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Finding {
    /// The rule's code.
    pub code: &'static str,
    /// Its severity.
    pub severity: Severity,
    /// The message, from the workspace that has the finding.
    pub message: String,
    /// The ids it names.
    pub entities: Vec<String>,
}

/// What a value the file leaves out reads as.
pub const NOT_SET: &str = "not set";

impl Changes {
    /// True when the two workspaces are the same network, drawn the same way.
    pub fn is_empty(&self) -> bool {
        self.as_of.is_none()
            && self.workspace.is_empty()
            && self.entities.is_empty()
            && self.moved.is_empty()
            && self.appeared.is_empty()
            && self.went_away.is_empty()
    }

    /// How many entities were added, removed and changed.
    pub fn counts(&self) -> (usize, usize, usize) {
        self.entities
            .iter()
            .fold((0, 0, 0), |(a, r, c), e| match e.change {
                ChangeKind::Added => (a + 1, r, c),
                ChangeKind::Removed => (a, r + 1, c),
                ChangeKind::Changed => (a, r, c + 1),
            })
    }
}

/// Compares `old` with `new`, checking both against the rules.
pub fn compare(old: &Workspace, new: &Workspace) -> Changes {
    compare_checked(old, &rules::check(old), new, &rules::check(new))
}

/// Compares with diagnostics already at hand (the app keeps the open document's up to date).
pub fn compare_checked(
    old: &Workspace,
    old_findings: &[Diagnostic],
    new: &Workspace,
    new_findings: &[Diagnostic],
) -> Changes {
    let (appeared, went_away) = findings(old_findings, new_findings);
    Changes {
        as_of: (old.as_of != new.as_of).then_some((old.as_of, new.as_of)),
        workspace: workspace_fields(old, new),
        entities: entities(old, new),
        moved: moved(old, new),
        appeared,
        went_away,
    }
}

fn workspace_fields(old: &Workspace, new: &Workspace) -> Vec<FieldChange> {
    let mut fields = Vec::new();
    if old.narrative != new.narrative {
        let title = |ws: &Workspace| {
            ws.narrative
                .as_ref()
                .map_or_else(|| NOT_SET.to_owned(), |n| n.title.clone())
        };
        let (old_title, new_title) = (title(old), title(new));
        let new_title = if old_title == new_title {
            format!("{new_title} (text or steps edited)")
        } else {
            new_title
        };
        fields.push(FieldChange {
            field: "narrative".into(),
            old: old_title,
            new: new_title,
        });
    }
    if old.regions != new.regions {
        let describe = |ws: &Workspace| {
            ws.regions.as_ref().map_or_else(
                || "the bundled table".to_owned(),
                |_| "the workspace's own table".to_owned(),
            )
        };
        fields.push(FieldChange {
            field: "regions".into(),
            old: describe(old),
            new: describe(new),
        });
    }
    fields
}

fn all_entities(ws: &Workspace) -> BTreeMap<(EntityKind, &Id), EntityRef> {
    ws.entity_ids()
        .map(|(id, at)| ((at.kind, id), at))
        .collect()
}

fn entities(old: &Workspace, new: &Workspace) -> Vec<EntityChange> {
    let before = all_entities(old);
    let after = all_entities(new);
    let (mut old_names, mut new_names) = (Names::new(old), Names::new(new));
    let keys: BTreeSet<&(EntityKind, &Id)> = before.keys().chain(after.keys()).collect();
    let mut changes = Vec::new();
    for key @ (kind, id) in keys {
        let a = before.get(key).and_then(|at| old.entity(*at));
        let b = after.get(key).and_then(|at| new.entity(*at));
        let (change, fields) = match (&a, &b) {
            (Some(a), Some(b)) if a == b => continue,
            (Some(a), Some(b)) => match field_changes(a, b) {
                fields if fields.is_empty() => continue,
                fields => (ChangeKind::Changed, fields),
            },
            (None, Some(_)) => (ChangeKind::Added, Vec::new()),
            (Some(_), None) => (ChangeKind::Removed, Vec::new()),
            (None, None) => continue,
        };
        let name = match b.as_ref().or(a.as_ref()) {
            Some(Entity::Relationship(rel)) => {
                let names = if b.is_some() {
                    &mut new_names
                } else {
                    &mut old_names
                };
                format!(
                    "{}: {} → {}",
                    rel.kind.label(),
                    names.resolve(&rel.from).name,
                    names.resolve(&rel.to).name
                )
            }
            _ if b.is_some() => new_names.resolve(id).name,
            _ => old_names.resolve(id).name,
        };
        changes.push(EntityChange {
            change,
            kind: *kind,
            id: id.to_string(),
            name,
            fields,
        });
    }
    changes
}

/// The fields of one entity that differ, compared through its file form so every field counts.
fn field_changes(old: &Entity, new: &Entity) -> Vec<FieldChange> {
    let (Some(a), Some(b)) = (fields_of(old), fields_of(new)) else {
        return vec![FieldChange {
            field: "(entity)".into(),
            old: format!("{old:?}"),
            new: format!("{new:?}"),
        }];
    };
    let names: BTreeSet<&String> = a.keys().chain(b.keys()).collect();
    names
        .into_iter()
        .filter(|name| name.as_str() != "sources")
        .filter(|name| a.get(*name) != b.get(*name))
        .map(|name| FieldChange {
            field: name.clone(),
            old: a.get(name).map_or_else(|| NOT_SET.to_owned(), value_text),
            new: b.get(name).map_or_else(|| NOT_SET.to_owned(), value_text),
        })
        .collect()
}

/// An entity's fields as the file writes them (a field left at its default is absent).
fn fields_of(entity: &Entity) -> Option<serde_json::Map<String, Value>> {
    match serde_json::to_value(entity).ok()? {
        Value::Object(outer) => match outer.into_iter().next()?.1 {
            Value::Object(fields) => Some(fields),
            _ => None,
        },
        _ => None,
    }
}

/// A field's value in short text: `Stated(x)` reads as `x`, lists and records stay compact.
pub fn value_text(value: &Value) -> String {
    match value {
        Value::Null => NOT_SET.to_owned(),
        Value::String(s) => s.clone(),
        Value::Bool(b) => if *b { "yes" } else { "no" }.to_owned(),
        Value::Number(n) => n.to_string(),
        Value::Array(items) => format!(
            "[{}]",
            items.iter().map(value_text).collect::<Vec<_>>().join(", ")
        ),
        Value::Object(map) => match map.iter().next() {
            Some((tag, inner)) if map.len() == 1 && tag == "Stated" => value_text(inner),
            Some((tag, inner)) if map.len() == 1 && tag.starts_with(char::is_uppercase) => {
                format!("{tag}({})", value_text(inner))
            }
            _ => format!(
                "({})",
                map.iter()
                    .map(|(k, v)| format!("{k}: {}", value_text(v)))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        },
    }
}

fn moved(old: &Workspace, new: &Workspace) -> Vec<String> {
    let ids: BTreeSet<&Id> = old.positions.keys().chain(new.positions.keys()).collect();
    ids.into_iter()
        .filter(|id| old.positions.get(*id) != new.positions.get(*id))
        .map(ToString::to_string)
        .collect()
}

/// Findings matched by code and named entities; the same finding twice counts twice.
fn findings(old: &[Diagnostic], new: &[Diagnostic]) -> (Vec<Finding>, Vec<Finding>) {
    type Key<'d> = (&'static str, &'d [Id]);
    fn tally(list: &[Diagnostic]) -> HashMap<Key<'_>, usize> {
        let mut counts = HashMap::new();
        for d in list {
            *counts.entry((d.code, d.entities.as_slice())).or_insert(0) += 1;
        }
        counts
    }
    fn unmatched<'d>(list: &'d [Diagnostic], mut other: HashMap<Key<'d>, usize>) -> Vec<Finding> {
        list.iter()
            .filter(|d| match other.get_mut(&(d.code, d.entities.as_slice())) {
                Some(n) if *n > 0 => {
                    *n -= 1;
                    false
                }
                _ => true,
            })
            .map(|d| Finding {
                code: d.code,
                severity: d.severity,
                message: d.message.clone(),
                entities: d.entities.iter().map(ToString::to_string).collect(),
            })
            .collect()
    }
    (unmatched(new, tally(old)), unmatched(old, tally(new)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{Fact, Position};

    fn scenario(name: &str) -> Workspace {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios")
            .join(name);
        crate::io::load_file(&path).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn a_workspace_equals_itself() {
        let ws = scenario("s6-forbidden.ron");
        let changes = compare(&ws, &ws.clone());
        assert!(changes.is_empty(), "{changes:?}");
    }

    #[test]
    fn added_and_removed_are_mirror_images() {
        let old = scenario("s6-forbidden.ron");
        let new = scenario("s6-option1-separate-tenant.ron");
        let forward = compare(&old, &new);
        let back = compare(&new, &old);
        let (a, r, c) = forward.counts();
        assert_eq!(back.counts(), (r, a, c));
        assert!(a + r + c > 0);
        assert_eq!(forward.appeared.len(), back.went_away.len());
        assert_eq!(forward.went_away.len(), back.appeared.len());
    }

    #[test]
    fn the_fix_of_scenario_6_makes_csp304_go_away() {
        let changes = compare(
            &scenario("s6-forbidden.ron"),
            &scenario("s6-option1-separate-tenant.ron"),
        );
        assert!(
            changes.went_away.iter().any(|f| f.code == "CSP304"),
            "{changes:?}"
        );
        assert!(!changes.appeared.iter().any(|f| f.code == "CSP304"));
    }

    #[test]
    fn a_renamed_organization_changes_one_field_by_name() {
        let old = scenario("s6-forbidden.ron");
        let mut new = old.clone();
        new.organizations[0].name = "Daiwa Distribution".into();
        new.organizations[0].mca_accepted = Fact::Absent;
        let changes = compare(&old, &new);
        assert_eq!(changes.entities.len(), 1, "{changes:?}");
        let change = &changes.entities[0];
        assert_eq!(change.change, ChangeKind::Changed);
        assert_eq!(change.kind, EntityKind::Organization);
        assert_eq!(change.name, "Daiwa Distribution");
        assert_eq!(
            change.fields,
            vec![
                FieldChange {
                    field: "mca_accepted".into(),
                    old: NOT_SET.into(),
                    new: "Absent".into()
                },
                FieldChange {
                    field: "name".into(),
                    old: old.organizations[0].name.clone(),
                    new: "Daiwa Distribution".into()
                },
            ]
        );
    }

    #[test]
    fn removing_a_relationship_names_both_ends_and_its_finding_goes_away() {
        let old = scenario("s6-forbidden.ron");
        let mut new = old.clone();
        new.relationships
            .retain(|r| r.id.as_str() != "rr-sakura-csp-daiwa");
        let changes = compare(&old, &new);
        assert_eq!(changes.counts(), (0, 1, 0));
        let removed = &changes.entities[0];
        assert_eq!(removed.kind, EntityKind::Relationship);
        assert!(
            removed.name.starts_with("reseller relationship: "),
            "{}",
            removed.name
        );
        assert!(removed.name.contains(&old.display_name("res-sakura-csp")));
        assert_eq!(
            changes.went_away.iter().map(|f| f.code).collect::<Vec<_>>(),
            ["CSP304"]
        );
    }

    #[test]
    fn a_new_as_of_date_and_a_moved_box_are_differences() {
        let old = scenario("s1-indirect.ron");
        let mut new = old.clone();
        new.as_of = chrono::NaiveDate::from_ymd_opt(2030, 1, 1).unwrap_or(old.as_of);
        new.positions.insert(
            Id::new("microsoft").unwrap_or_else(|e| panic!("{e}")),
            Position { x: 1.0, y: 2.0 },
        );
        let changes = compare(&old, &new);
        assert_eq!(changes.as_of, Some((old.as_of, new.as_of)));
        assert_eq!(changes.moved, ["microsoft"]);
        assert!(!changes.is_empty());
        assert!(changes.entities.is_empty());
    }

    #[test]
    fn the_same_finding_twice_is_matched_once_each() {
        let old = scenario("s7-forbidden-other-region.ron");
        let findings = rules::check(&old);
        let mut doubled = findings.clone();
        doubled.extend(findings.iter().cloned());
        let changes = compare_checked(&old, &findings, &old, &doubled);
        assert_eq!(changes.appeared.len(), findings.len());
        assert!(changes.went_away.is_empty());
    }

    #[test]
    fn an_edited_narrative_text_is_a_difference_under_its_title() {
        let old = scenario("s6-forbidden.ron");
        let mut new = old.clone();
        if let Some(narrative) = &mut new.narrative {
            narrative.text.push_str(" More.");
        }
        let changes = compare(&old, &new);
        assert_eq!(changes.workspace.len(), 1);
        let field = &changes.workspace[0];
        assert_eq!(field.field, "narrative");
        assert!(field.new.starts_with(&field.old) && field.new.ends_with("(text or steps edited)"));
    }

    #[test]
    fn where_facts_came_from_is_not_a_difference_but_the_facts_are() {
        let old = scenario("s1-indirect.ron");
        let mut new = old.clone();
        new.organizations[0].sources = vec![crate::model::Source::stated(
            "Customers.csv",
            2,
            &[crate::model::Field::Entity],
        )];
        assert!(compare(&old, &new).is_empty());
        new.organizations[0].name.push('!');
        let changes = compare(&old, &new);
        assert_eq!(changes.counts(), (0, 0, 1));
    }

    #[test]
    fn values_read_as_text() {
        let value = serde_json::json!({"Stated": "2024-03-15"});
        assert_eq!(value_text(&value), "2024-03-15");
        let list = serde_json::json!([{"role": "IndirectProvider", "enrolled": "2018-04-01"}]);
        assert_eq!(
            value_text(&list),
            "[(enrolled: 2018-04-01, role: IndirectProvider)]"
        );
    }
}
