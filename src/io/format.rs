//! The workspace file format, version 1: field order, canonical pretty-printing, the version header.

use std::collections::BTreeMap;

use chrono::NaiveDate;
use ron::extensions::Extensions;
use ron::ser::PrettyConfig;
use serde::{Deserialize, Serialize};

use crate::model::{
    Id, Location, Narrative, Organization, Ownership, Position, RegionTable, Relationship,
    Subscription, Tenant, Workspace,
};

/// The newest format this build writes and reads.
pub const CURRENT_FORMAT: u32 = 1;

/// How deep brackets may nest; real workspaces need about 6 levels.
pub const RECURSION_LIMIT: usize = 64;

/// The parser and writer options every workspace file uses: `Some(..)` may be left out by hand.
pub fn ron_options() -> ron::Options {
    ron::Options::default()
        .with_default_extension(Extensions::IMPLICIT_SOME)
        .with_recursion_limit(RECURSION_LIMIT)
}

/// Canonical layout: the top level and each list broken into lines, one entity per line, so a
/// change to one entity is a change to one line in `git diff`, on every platform ("\n" newlines).
pub fn pretty_config() -> PrettyConfig {
    PrettyConfig::new()
        .depth_limit(2)
        .indentor("    ")
        .new_line("\n")
        .separator(" ")
}

/// Format 1 as read from a file: every list optional, unknown fields refused.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct FileV1 {
    /// Always 1 here (checked before parsing).
    pub format: u32,
    pub as_of: NaiveDate,
    #[serde(default)]
    pub narrative: Option<Narrative>,
    #[serde(default)]
    pub organizations: Vec<Organization>,
    #[serde(default)]
    pub ownerships: Vec<Ownership>,
    #[serde(default)]
    pub locations: Vec<Location>,
    #[serde(default)]
    pub tenants: Vec<Tenant>,
    #[serde(default)]
    pub relationships: Vec<Relationship>,
    #[serde(default)]
    pub subscriptions: Vec<Subscription>,
    #[serde(default)]
    pub regions: Option<RegionTable>,
    #[serde(default)]
    pub positions: BTreeMap<Id, Position>,
}

impl From<FileV1> for Workspace {
    fn from(file: FileV1) -> Self {
        Workspace {
            as_of: file.as_of,
            narrative: file.narrative,
            organizations: file.organizations,
            ownerships: file.ownerships,
            locations: file.locations,
            tenants: file.tenants,
            relationships: file.relationships,
            subscriptions: file.subscriptions,
            regions: file.regions,
            positions: file.positions,
        }
    }
}

/// Format 1 as written: borrowed, every list sorted by id, empty parts left out.
#[derive(Serialize)]
pub struct CanonicalV1<'a> {
    format: u32,
    as_of: NaiveDate,
    #[serde(skip_serializing_if = "Option::is_none")]
    narrative: Option<&'a Narrative>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    organizations: Vec<&'a Organization>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    ownerships: Vec<&'a Ownership>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    locations: Vec<&'a Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tenants: Vec<&'a Tenant>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    relationships: Vec<&'a Relationship>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    subscriptions: Vec<&'a Subscription>,
    #[serde(skip_serializing_if = "Option::is_none")]
    regions: Option<&'a RegionTable>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    positions: &'a BTreeMap<Id, Position>,
}

fn sorted<T>(list: &[T], id: fn(&T) -> &Id) -> Vec<&T> {
    let mut refs: Vec<&T> = list.iter().collect();
    refs.sort_by(|a, b| id(a).cmp(id(b)));
    refs
}

impl<'a> CanonicalV1<'a> {
    /// The canonical view of `ws`.
    pub fn new(ws: &'a Workspace) -> Self {
        Self {
            format: CURRENT_FORMAT,
            as_of: ws.as_of,
            narrative: ws.narrative.as_ref(),
            organizations: sorted(&ws.organizations, |e| &e.id),
            ownerships: sorted(&ws.ownerships, |e| &e.id),
            locations: sorted(&ws.locations, |e| &e.id),
            tenants: sorted(&ws.tenants, |e| &e.id),
            relationships: sorted(&ws.relationships, |e| &e.id),
            subscriptions: sorted(&ws.subscriptions, |e| &e.id),
            regions: ws.regions.as_ref(),
            positions: &ws.positions,
        }
    }
}

/// Where the format version stands and what it says, found without parsing the rest.
#[derive(Debug, PartialEq, Eq)]
pub enum Header {
    /// `format: N` at line and column.
    Version {
        version: u64,
        line: usize,
        column: usize,
    },
    /// The file does not start with `(format: N`; the place and what was found there.
    Missing {
        line: usize,
        column: usize,
        found: String,
    },
    /// A `/*` comment before the header is never closed.
    UnclosedComment { line: usize, column: usize },
}

/// Reads the `format: N` that opens every workspace file, skipping whitespace, comments and
/// `#![enable(..)]` attributes, so a file from a newer version is refused before its new fields
/// confuse the parser.
pub fn read_header(text: &str) -> Header {
    let mut scan = Scanner {
        text,
        at: 0,
        unclosed_comment: None,
    };
    scan.skip_trivia();
    while scan.rest().starts_with("#!") {
        match scan.rest().find(']') {
            Some(end) => scan.advance(end + 1),
            None => break,
        }
        scan.skip_trivia();
    }
    if !scan.eat("(") {
        return scan.missing();
    }
    scan.skip_trivia();
    if !scan.eat("format") {
        return scan.missing();
    }
    scan.skip_trivia();
    if !scan.eat(":") {
        return scan.missing();
    }
    scan.skip_trivia();
    let (line, column) = line_column(text, scan.at);
    let digits: String = scan
        .rest()
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    match digits.parse::<u64>() {
        Ok(version) => Header::Version {
            version,
            line,
            column,
        },
        Err(_) => scan.missing(),
    }
}

struct Scanner<'a> {
    text: &'a str,
    at: usize,
    unclosed_comment: Option<usize>,
}

/// Length of the (possibly nested) block comment at the start of `text`, or `None` if unclosed.
fn block_comment_len(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let mut i = 0;
    let bytes = text.as_bytes();
    while i + 1 < bytes.len() {
        match (bytes[i], bytes[i + 1]) {
            (b'/', b'*') => {
                depth += 1;
                i += 2;
            }
            (b'*', b'/') => {
                depth -= 1;
                i += 2;
                if depth == 0 {
                    return Some(i);
                }
            }
            _ => i += 1,
        }
    }
    None
}

impl<'a> Scanner<'a> {
    fn rest(&self) -> &'a str {
        &self.text[self.at..]
    }

    fn advance(&mut self, bytes: usize) {
        self.at = (self.at + bytes).min(self.text.len());
    }

    fn eat(&mut self, token: &str) -> bool {
        if self.rest().starts_with(token) {
            self.advance(token.len());
            true
        } else {
            false
        }
    }

    fn skip_trivia(&mut self) {
        loop {
            let trimmed = self.rest().trim_start();
            self.at = self.text.len() - trimmed.len();
            if trimmed.starts_with("//") {
                let end = trimmed.find('\n').unwrap_or(trimmed.len());
                self.advance(end);
            } else if trimmed.starts_with("/*") {
                match block_comment_len(trimmed) {
                    Some(len) => self.advance(len),
                    None => {
                        self.unclosed_comment = Some(self.at);
                        self.at = self.text.len();
                        return;
                    }
                }
            } else {
                return;
            }
        }
    }

    fn missing(&self) -> Header {
        if let Some(at) = self.unclosed_comment {
            let (line, column) = line_column(self.text, at);
            return Header::UnclosedComment { line, column };
        }
        let (line, column) = line_column(self.text, self.at);
        let found: String = self
            .rest()
            .chars()
            .take(20)
            .take_while(|c| *c != '\n')
            .collect();
        Header::Missing {
            line,
            column,
            found,
        }
    }
}

/// Moves a 1-based (line, column) forward over whitespace, so an error points at the value
/// that is wrong rather than at the space before it.
pub fn skip_whitespace(text: &str, line: usize, column: usize) -> (usize, usize) {
    let at = byte_offset(text, line, column);
    let skipped = text[at..].len() - text[at..].trim_start().len();
    if skipped == 0 || at + skipped >= text.len() {
        return (line, column);
    }
    line_column(text, at + skipped)
}

/// Byte offset of a 1-based (line, column); the end of the text when past it.
pub fn byte_offset(text: &str, line: usize, column: usize) -> usize {
    let line_start: usize = text
        .split_inclusive('\n')
        .take(line.saturating_sub(1))
        .map(str::len)
        .sum();
    let rest = text.get(line_start..).unwrap_or_default();
    line_start
        + rest
            .char_indices()
            .nth(column.saturating_sub(1))
            .map_or(rest.len(), |(i, _)| i)
}

/// 1-based line and column (in characters) of byte offset `at`.
pub fn line_column(text: &str, at: usize) -> (usize, usize) {
    let before = &text[..at.min(text.len())];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    (line, before[line_start..].chars().count() + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn header_is_found_after_comments_and_attributes() {
        let text = "// a trainer's note\n#![enable(implicit_some)]\n/* x */ (\n  format: 3,\n)";
        assert_eq!(
            read_header(text),
            Header::Version {
                version: 3,
                line: 4,
                column: 11
            }
        );
    }

    #[test]
    fn a_missing_header_says_where_and_what_was_found() {
        assert_eq!(
            read_header("(\n    as_of: \"2024-01-01\",\n)"),
            Header::Missing {
                line: 2,
                column: 5,
                found: "as_of: \"2024-01-01\",".into()
            }
        );
    }
}
