//! `csp-studio due`: what ends or lapses after the as-of date, and `--as-of` for every command
//! that takes one.

use std::io::Write;
use std::path::Path;

use chrono::NaiveDate;
use serde::Serialize;

use super::{EXIT_UNREADABLE, OutputFormat};
use crate::due::{DueItem, due};

/// Parses `--as-of`: a calendar date written YYYY-MM-DD.
pub fn parse_date(text: &str) -> Result<NaiveDate, String> {
    NaiveDate::parse_from_str(text.trim(), "%Y-%m-%d").map_err(|error| {
        format!("{text:?} is not a date written YYYY-MM-DD (such as 2024-03-31): {error}")
    })
}

#[derive(Serialize)]
struct JsonDue<'a> {
    date: NaiveDate,
    kind: &'static str,
    text: &'a str,
    entities: Vec<&'a str>,
}

/// Lists what falls due in one workspace; exit 0, or 2 when the file cannot be read.
pub fn run(
    file: &Path,
    within: u32,
    as_of: Option<NaiveDate>,
    format: OutputFormat,
    out: &mut impl Write,
) -> u8 {
    let workspace = match crate::io::load_file(file) {
        Ok(workspace) => workspace,
        Err(error) => {
            eprintln!("{error}");
            return EXIT_UNREADABLE;
        }
    };
    let items = due(&workspace, as_of.unwrap_or(workspace.as_of), within);
    let written = match format {
        OutputFormat::Text => write_text(&items, out),
        OutputFormat::Json => write_json(&items, out),
    };
    if written.is_err() { EXIT_UNREADABLE } else { 0 }
}

fn write_text(items: &[DueItem], out: &mut impl Write) -> std::io::Result<()> {
    for item in items {
        let ids: Vec<&str> = item.entities.iter().map(|id| id.as_str()).collect();
        writeln!(
            out,
            "{} {}: {} ({})",
            item.date,
            item.kind.key(),
            item.text,
            ids.join(", ")
        )?;
    }
    Ok(())
}

fn write_json(items: &[DueItem], out: &mut impl Write) -> std::io::Result<()> {
    let list: Vec<JsonDue<'_>> = items
        .iter()
        .map(|item| JsonDue {
            date: item.date,
            kind: item.kind.key(),
            text: &item.text,
            entities: item.entities.iter().map(|id| id.as_str()).collect(),
        })
        .collect();
    serde_json::to_writer_pretty(&mut *out, &list)?;
    writeln!(out)
}
