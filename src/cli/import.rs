//! `csp-studio import`: Partner Center exports into a workspace file, or reconciled into one.
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::io::Write;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;

use crate::import::{self, ChangeKind, Progress};
use crate::model::Workspace;

/// What `import` was asked.
pub struct ImportArgs<'a> {
    /// The export files.
    pub files: &'a [PathBuf],
    /// Where to write the workspace.
    pub out: &'a Path,
    /// The workspace to reconcile with.
    pub into: Option<&'a Path>,
    /// The as-of date of the workspace written.
    pub as_of: Option<NaiveDate>,
    /// Where to write the Markdown report.
    pub report: Option<&'a Path>,
}

/// Runs the import; exit 0 when every row was understood, 1 when rows were skipped (the
/// workspace is written all the same), 2 when an input cannot be read or recognised (nothing
/// is written).
pub fn run(args: &ImportArgs<'_>, out: &mut impl Write) -> u8 {
    let existing = match args.into {
        Some(path) => match crate::io::load_file(path) {
            Ok(ws) => Some(ws),
            Err(error) => {
                eprintln!("{error}");
                return super::EXIT_UNREADABLE;
            }
        },
        None => None,
    };
    let as_of = args
        .as_of
        .or_else(|| existing.as_ref().map(|ws| ws.as_of))
        .unwrap_or_else(|| chrono::Local::now().date_naive());
    let mut imported = match import::import_files(args.files, as_of, &Progress::default()) {
        Ok(imported) => imported,
        Err(error) => {
            eprintln!("{error}");
            return super::EXIT_UNREADABLE;
        }
    };
    for skipped in &imported.skipped {
        eprintln!("{skipped}");
    }
    let listed = imported.skipped.len() as u64;
    if imported.skipped_count > listed {
        eprintln!(
            "… and {} more rows skipped",
            imported.skipped_count - listed
        );
    }
    let (workspace, reconciliation) = match existing {
        Some(mut ws) => {
            let rec = import::reconcile(&ws, &imported.workspace);
            if let Err(error) = rec.apply_all(&mut ws) {
                eprintln!("cannot apply the changes: {error}");
                return super::EXIT_UNREADABLE;
            }
            if let Some(date) = args.as_of {
                ws.as_of = date;
            }
            (ws, Some(rec))
        }
        None => (Workspace::new(as_of), None),
    };
    let report = import::to_markdown(&imported, reconciliation.as_ref());
    // Without --into the imported network is the workspace: moved, not copied.
    let workspace = if reconciliation.is_none() {
        std::mem::replace(&mut imported.workspace, workspace)
    } else {
        workspace
    };
    if let Err(error) = crate::io::save_file(&workspace, args.out) {
        eprintln!("{error}");
        return super::EXIT_UNREADABLE;
    }
    if let Some(path) = args.report
        && let Err(error) = crate::io::write_atomically(path, report.as_bytes())
    {
        eprintln!("{error}");
        return super::EXIT_UNREADABLE;
    }
    let _ = summary(
        &imported,
        reconciliation.as_ref(),
        args.out,
        workspace.entity_count(),
        out,
    );
    let status = if imported.skipped_count > 0 { 1 } else { 0 };
    // The process ends right after: freeing hundreds of thousands of entities one by one
    // would only add to the wait.
    std::mem::forget(workspace);
    std::mem::forget(imported);
    status
}

fn summary(
    imported: &import::Imported,
    rec: Option<&import::Reconciliation>,
    path: &Path,
    entities: usize,
    out: &mut impl Write,
) -> std::io::Result<()> {
    for file in &imported.files {
        writeln!(
            out,
            "{}: {} ({}), {} rows, {} skipped",
            file.path.display(),
            file.kind.label(),
            file.format,
            file.rows,
            file.skipped
        )?;
    }
    for hole in &imported.holes {
        writeln!(out, "hole: {} {}", hole.count, hole.what())?;
    }
    if let Some(rec) = rec {
        writeln!(
            out,
            "reconciled: {} new, {} changed, {} no longer exported (kept)",
            rec.count(ChangeKind::Added),
            rec.count(ChangeKind::Changed),
            rec.count(ChangeKind::Missing)
        )?;
    }
    writeln!(out, "{}: {} entities", path.display(), entities)
}
