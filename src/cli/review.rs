//! The reviewer's commands: `report` (HTML or Markdown) and `diff` (what changed between two files).

use std::io::Write;
use std::path::Path;

use super::{EXIT_UNREADABLE, OutputFormat};
use crate::report::{self, Report};

/// Writes the report of `file` as HTML and/or Markdown: exit 0 when written (whatever the findings),
/// 2 when the workspace cannot be read or a report cannot be written.
pub fn report(file: &Path, html: Option<&Path>, md: Option<&Path>, out: &mut impl Write) -> u8 {
    let workspace = match crate::io::load_file(file) {
        Ok(workspace) => workspace,
        Err(error) => {
            eprintln!("{error}");
            return EXIT_UNREADABLE;
        }
    };
    let report = Report::new(&workspace, &file_name(file));
    let mut status = 0;
    if let Some(path) = html {
        status = status.max(write(path, report::html::render(&report).as_bytes(), out));
    }
    if let Some(path) = md {
        let diagram = report::markdown::diagram_path(path);
        status = status.max(write(&diagram, report.svg.as_bytes(), out));
        let link = file_name(&diagram);
        let text = report::markdown::render(&report, Some(&link));
        status = status.max(write(path, text.as_bytes(), out));
    }
    status
}

fn write(path: &Path, bytes: &[u8], out: &mut impl Write) -> u8 {
    match crate::io::write_atomically(path, bytes) {
        Ok(()) => {
            let _ = writeln!(out, "{}: written", path.display());
            0
        }
        Err(error) => {
            eprintln!("{error}");
            EXIT_UNREADABLE
        }
    }
}

fn file_name(path: &Path) -> String {
    path.file_name().map_or_else(
        || path.display().to_string(),
        |n| n.to_string_lossy().into_owned(),
    )
}

/// Compares two workspace files: exit 0 when they are the same, 1 when they differ, 2 when either
/// cannot be read.
pub fn diff(old: &Path, new: &Path, format: OutputFormat, out: &mut impl Write) -> u8 {
    let mut loaded = Vec::new();
    for path in [old, new] {
        match crate::io::load_file(path) {
            Ok(workspace) => loaded.push(workspace),
            Err(error) => eprintln!("{error}"),
        }
    }
    let [a, b] = loaded.as_slice() else {
        return EXIT_UNREADABLE;
    };
    let changes = crate::diff::compare(a, b);
    let written = match format {
        OutputFormat::Text => out.write_all(
            crate::diff::text::render(
                &changes,
                &old.display().to_string(),
                &new.display().to_string(),
            )
            .as_bytes(),
        ),
        OutputFormat::Json => serde_json::to_writer_pretty(&mut *out, &changes)
            .map_err(std::io::Error::from)
            .and_then(|()| writeln!(out)),
    };
    if written.is_err() {
        EXIT_UNREADABLE
    } else if changes.is_empty() {
        0
    } else {
        1
    }
}
