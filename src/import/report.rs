//! The import report in Markdown: what each file was recognised as, the counts, the rows
//! skipped, the holes by name, and for a reconciliation what it adds, changes and no longer sees.

use std::fmt::Write;

use super::{Imported, Reconciliation};
use crate::model::Workspace;

/// Names listed per hole or change group before "and N more".
const LISTED: usize = 200;

fn count_line(out: &mut String, workspace: &Workspace) {
    let _ = writeln!(
        out,
        "{} organizations, {} locations, {} tenants, {} relationships, {} subscriptions.\n",
        workspace.organizations.len(),
        workspace.locations.len(),
        workspace.tenants.len(),
        workspace.relationships.len(),
        workspace.subscriptions.len()
    );
}

fn names(out: &mut String, names: &[String], total: usize) {
    for name in names.iter().take(LISTED) {
        let _ = writeln!(out, "  - {name}");
    }
    if !names.is_empty() && total > LISTED.min(names.len()) {
        let _ = writeln!(out, "  - … and {} more", total - LISTED.min(names.len()));
    }
}

/// The report; `reconciliation` is there when the import went into an existing workspace.
pub fn to_markdown(imported: &Imported, reconciliation: Option<&Reconciliation>) -> String {
    let mut out = String::from("# Partner Center import\n\n## Files\n\n");
    out.push_str("| File | Recognised as | Format | Rows | Skipped |\n|---|---|---|---:|---:|\n");
    for file in &imported.files {
        let _ = writeln!(
            out,
            "| {} | {} | {} | {} | {} |",
            file.path.display(),
            file.kind.label(),
            file.format,
            file.rows,
            file.skipped
        );
    }
    out.push_str("\n## Imported\n\n");
    count_line(&mut out, &imported.workspace);
    if imported.skipped_count > 0 {
        let _ = writeln!(out, "## Rows skipped ({})\n", imported.skipped_count);
        for skipped in &imported.skipped {
            let _ = writeln!(out, "- {skipped}");
        }
        let listed = imported.skipped.len() as u64;
        if imported.skipped_count > listed {
            let _ = writeln!(out, "- … and {} more", imported.skipped_count - listed);
        }
        out.push('\n');
    }
    out.push_str("## Holes: what the exports do not say\n\n");
    if imported.holes.is_empty() {
        out.push_str("None.\n");
    }
    for hole in &imported.holes {
        let _ = writeln!(out, "- {} {}", hole.count, hole.what());
        names(&mut out, &hole.names, hole.count);
    }
    if let Some(rec) = reconciliation {
        out.push_str("\n## Reconciliation with the workspace\n\n");
        for (title, kind) in [
            ("New in the exports", super::ChangeKind::Added),
            ("Changed", super::ChangeKind::Changed),
            (
                "No longer exported (kept: remove them yourself if they are gone)",
                super::ChangeKind::Missing,
            ),
        ] {
            let list: Vec<String> = rec
                .changes
                .iter()
                .filter(|c| c.kind == kind)
                .map(|c| c.description.to_string())
                .collect();
            let _ = writeln!(out, "### {title} ({})\n", list.len());
            names(&mut out, &list, list.len());
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::super::HoleKind;

    #[test]
    fn every_hole_kind_has_its_own_english_text_and_key() {
        let texts: Vec<&str> = HoleKind::ALL.iter().map(|k| k.english()).collect();
        let keys: Vec<&str> = HoleKind::ALL.iter().map(|k| k.key()).collect();
        for (text, key) in texts.iter().zip(&keys) {
            assert!(text.len() > 20 && text.is_ascii(), "{text:?}");
            assert!(key.starts_with("import.hole."), "{key}");
        }
        for list in [&texts, &keys] {
            let mut distinct = list.to_vec();
            distinct.sort_unstable();
            distinct.dedup();
            assert_eq!(distinct.len(), list.len(), "{list:?}");
        }
    }
}
