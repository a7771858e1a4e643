//! The differences as text lines for the terminal and for review notes.

use std::fmt::Write;

use super::{ChangeKind, Changes, Finding};

/// Writes `changes` between the files named `old` and `new`.
pub fn render(changes: &Changes, old: &str, new: &str) -> String {
    let mut out = format!("--- {old}\n+++ {new}\n");
    if changes.is_empty() {
        out.push_str("No differences.\n");
        return out;
    }
    if let Some((a, b)) = changes.as_of {
        let _ = writeln!(out, "as of: {a} → {b}");
    }
    for field in &changes.workspace {
        let _ = writeln!(out, "{}: {} → {}", field.field, field.old, field.new);
    }
    for (kind, sign, title) in [
        (ChangeKind::Added, '+', "Added"),
        (ChangeKind::Removed, '-', "Removed"),
        (ChangeKind::Changed, '~', "Changed"),
    ] {
        let list: Vec<_> = changes
            .entities
            .iter()
            .filter(|e| e.change == kind)
            .collect();
        if list.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{title} ({})", list.len());
        for entity in list {
            let _ = writeln!(
                out,
                "  {sign} {} {} [{}]",
                entity.kind.label(),
                entity.name,
                entity.id
            );
            for field in &entity.fields {
                let _ = writeln!(out, "      {}: {} → {}", field.field, field.old, field.new);
            }
        }
    }
    if !changes.moved.is_empty() {
        let _ = writeln!(
            out,
            "\nDiagram: {} box{} moved ({})",
            changes.moved.len(),
            if changes.moved.len() == 1 { "" } else { "es" },
            changes.moved.join(", ")
        );
    }
    findings(&mut out, "Findings that appeared", '+', &changes.appeared);
    findings(&mut out, "Findings that went away", '-', &changes.went_away);
    let _ = writeln!(out, "\n{}", summary(changes));
    out
}

/// One line: "2 added, 1 removed, 0 changed; 1 finding appeared, 2 went away".
pub fn summary(changes: &Changes) -> String {
    let (added, removed, changed) = changes.counts();
    format!(
        "{added} added, {removed} removed, {changed} changed; {} finding{} appeared, {} went away",
        changes.appeared.len(),
        if changes.appeared.len() == 1 { "" } else { "s" },
        changes.went_away.len()
    )
}

fn findings(out: &mut String, title: &str, sign: char, list: &[Finding]) {
    if list.is_empty() {
        return;
    }
    let _ = writeln!(out, "\n{title} ({})", list.len());
    for f in list {
        let ids = if f.entities.is_empty() {
            String::new()
        } else {
            format!(" ({})", f.entities.join(", "))
        };
        let _ = writeln!(
            out,
            "  {sign} {}[{}] {}{ids}",
            f.severity.label(),
            f.code,
            f.message
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn scenario(name: &str) -> crate::model::Workspace {
        let path = std::path::PathBuf::from(env!("CARGO_MANIFEST_DIR"))
            .join("assets/scenarios")
            .join(name);
        crate::io::load_file(&path).unwrap_or_else(|e| panic!("{e}"))
    }

    #[test]
    fn equal_workspaces_say_so() {
        let ws = scenario("s1-indirect.ron");
        let text = render(&super::super::compare(&ws, &ws), "a.ron", "b.ron");
        assert_eq!(text, "--- a.ron\n+++ b.ron\nNo differences.\n");
    }

    #[test]
    fn every_change_and_finding_has_its_line() {
        let changes = super::super::compare(
            &scenario("s6-forbidden.ron"),
            &scenario("s6-option1-separate-tenant.ron"),
        );
        let text = render(&changes, "a", "b");
        for entity in &changes.entities {
            assert!(text.contains(&format!("[{}]", entity.id)), "{text}");
            for field in &entity.fields {
                assert!(text.contains(&format!("{}: {} → {}", field.field, field.old, field.new)));
            }
        }
        for finding in changes.went_away.iter().chain(&changes.appeared) {
            assert!(text.contains(&format!("[{}] {}", finding.code, finding.message)));
        }
        assert!(text.trim_end().ends_with(&summary(&changes)));
    }
}
