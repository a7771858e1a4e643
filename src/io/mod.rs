//! Workspace files: RON with a format version, canonical output, atomic saves and precise errors.

mod atomic;
mod backup;
mod error;
mod format;
pub mod recovery;

use std::collections::HashMap;
use std::fs;
use std::io::Read;
use std::path::Path;

pub use atomic::write_atomically;
pub use backup::{DiskStamp, backup_path, changed_on_disk, save_with_backup};
pub use error::IoError;
pub use format::{CURRENT_FORMAT, RECURSION_LIMIT};

use crate::model::Workspace;
use format::{CanonicalV1, FileV1, Header};

/// The largest workspace file read: 1 GiB. The largest network we design for (50,000 resellers
/// and 1,000,000 customers, 5.8 million entities, from `csp-studio generate`) saves to 882 MB in
/// the canonical one-entity-per-line form; a 512 MiB bound would refuse it, so the bound sits
/// above it with about 20 % to spare and still refuses anything absurd before reading it.
pub const MAX_FILE_BYTES: u64 = 1024 * 1024 * 1024;

/// Reads and parses a workspace file; every failure names the file and, where it can, line and column.
pub fn load_file(path: &Path) -> Result<Workspace, IoError> {
    load_str(&read_text(path)?, path)
}

/// Reads a workspace file's text with the same guards as loading: regular files only (never
/// waits on a pipe), at most [`MAX_FILE_BYTES`], UTF-8 with the position of the first bad byte.
pub fn read_text(path: &Path) -> Result<String, IoError> {
    let bytes = read_bounded(path)?;
    decode_utf8(path, bytes)
}

/// Parses workspace text; `path` is only used in messages.
pub fn load_str(text: &str, path: &Path) -> Result<Workspace, IoError> {
    // A byte-order mark is invisible in editors; treat it as the whitespace it looks like.
    let text = text
        .strip_prefix('\u{feff}')
        .map_or_else(|| text.to_owned(), |rest| format!(" {rest}"));
    let text = text.as_str();
    let at = |line, column, message: String| IoError::At {
        path: path.to_path_buf(),
        line,
        column,
        message,
    };
    match format::read_header(text) {
        Header::UnclosedComment { line, column } => {
            return Err(at(
                line,
                column,
                "this `/*` comment is never closed with `*/`".into(),
            ));
        }
        Header::Missing {
            line,
            column,
            found,
        } => {
            let found = if found.is_empty() {
                "the end of the file".to_owned()
            } else {
                format!("`{found}`")
            };
            return Err(at(
                line,
                column,
                format!(
                    "expected a workspace starting with `(format: {CURRENT_FORMAT},`, found {found}"
                ),
            ));
        }
        Header::Version {
            version,
            line,
            column,
        } if version > u64::from(CURRENT_FORMAT) => {
            return Err(IoError::NewerFormat {
                path: path.to_path_buf(),
                line,
                column,
                found: version,
                supported: CURRENT_FORMAT,
            });
        }
        Header::Version {
            version: 0,
            line,
            column,
        } => {
            return Err(at(
                line,
                column,
                "format 0 does not exist; the first format is 1".into(),
            ));
        }
        Header::Version { .. } => {}
    }
    let file: FileV1 = format::ron_options().from_str(text).map_err(|e| {
        let (line, column) = error_position(text, &e);
        at(line, column, describe_ron_error(&e.code))
    })?;
    let workspace = Workspace::from(file);
    check_unique_ids(&workspace, text, path)?;
    Ok(workspace)
}

/// The canonical text of a workspace: same workspace, same bytes.
pub fn to_canonical_string(workspace: &Workspace) -> Result<String, ron::Error> {
    let mut text = format::ron_options()
        .to_string_pretty(&CanonicalV1::new(workspace), format::pretty_config())?;
    text.push('\n');
    Ok(text)
}

/// Saves canonically and atomically; on failure the file on disk is unchanged.
pub fn save_file(workspace: &Workspace, path: &Path) -> Result<(), IoError> {
    let text = to_canonical_string(workspace).map_err(|e| IoError::Serialize {
        path: path.to_path_buf(),
        message: e.to_string(),
    })?;
    write_atomically(path, text.as_bytes())
}

fn read_bounded(path: &Path) -> Result<Vec<u8>, IoError> {
    let os = |action| {
        move |source| IoError::Os {
            path: path.to_path_buf(),
            action,
            source,
        }
    };
    let meta = fs::metadata(path).map_err(os("cannot read"))?;
    let kind = meta.file_type();
    if !kind.is_file() {
        let kind = if kind.is_dir() {
            "a folder"
        } else {
            special_kind(&kind)
        };
        return Err(IoError::NotAFile {
            path: path.to_path_buf(),
            kind,
        });
    }
    if meta.len() > MAX_FILE_BYTES {
        return Err(IoError::TooLarge {
            path: path.to_path_buf(),
            size: meta.len(),
            limit: MAX_FILE_BYTES,
        });
    }
    let file = fs::File::open(path).map_err(os("cannot open"))?;
    let mut bytes = Vec::with_capacity(usize::try_from(meta.len()).unwrap_or(0));
    // The file may grow after the size check; never read past the bound.
    file.take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut bytes)
        .map_err(os("cannot read"))?;
    if bytes.len() as u64 > MAX_FILE_BYTES {
        return Err(IoError::TooLarge {
            path: path.to_path_buf(),
            size: bytes.len() as u64,
            limit: MAX_FILE_BYTES,
        });
    }
    Ok(bytes)
}

#[cfg(unix)]
fn special_kind(kind: &fs::FileType) -> &'static str {
    use std::os::unix::fs::FileTypeExt;
    if kind.is_fifo() {
        "a named pipe"
    } else if kind.is_socket() {
        "a socket"
    } else if kind.is_block_device() || kind.is_char_device() {
        "a device"
    } else {
        "not a regular file"
    }
}

#[cfg(not(unix))]
fn special_kind(_kind: &fs::FileType) -> &'static str {
    "not a regular file"
}

fn decode_utf8(path: &Path, bytes: Vec<u8>) -> Result<String, IoError> {
    String::from_utf8(bytes).map_err(|e| {
        let valid = e.utf8_error().valid_up_to();
        let bytes = e.as_bytes();
        // The prefix up to `valid` is UTF-8 by definition.
        let prefix = std::str::from_utf8(&bytes[..valid]).unwrap_or_default();
        let (line, column) = format::line_column(prefix, prefix.len());
        IoError::At {
            path: path.to_path_buf(),
            line,
            column,
            message: format!(
                "the file is not valid UTF-8 text (byte 0x{:02X}); save it as UTF-8",
                bytes[valid]
            ),
        }
    })
}

/// Where an error points: at the value that is wrong (not the space before it), at the minus
/// sign of a negative number, at the `/*` of a comment that never closes.
fn error_position(text: &str, error: &ron::error::SpannedError) -> (usize, usize) {
    let (line, column) = format::skip_whitespace(text, error.span.start.line, error.span.start.col);
    let offset = format::byte_offset(text, line, column);
    match &error.code {
        ron::Error::IntegerOutOfBounds if offset > 0 && text[..offset].ends_with('-') => {
            (line, column - 1)
        }
        ron::Error::UnclosedBlockComment => text[..offset]
            .rfind("/*")
            .map_or((line, column), |at| format::line_column(text, at)),
        _ => (line, column),
    }
}

/// What a Rust type is called in the file, for messages.
fn thing(outer: Option<&str>) -> &'static str {
    match outer {
        Some("FileV1") => "the workspace",
        Some("Organization") => "an organization",
        Some("OrganizationKind") => "organization kind",
        Some("Ownership") => "an ownership",
        Some("Location") => "a location",
        Some("Enrolment") => "an enrolment",
        Some("EnrolmentStatus") => "enrolment status",
        Some("Role") => "role",
        Some("Capabilities") => "capabilities",
        Some("Tenant") => "a tenant",
        Some("TenantKind") => "tenant kind",
        Some("Relationship") => "a relationship",
        Some("RelationshipKind") => "relationship kind",
        Some("AdminKind") => "admin access kind",
        Some("Subscription") => "a subscription",
        Some("OfferKind") => "offer kind",
        Some("Purpose") => "purpose",
        Some("PartnerOfRecordChange") => "a partner-of-record change",
        Some("Narrative") => "the narrative",
        Some("Step") => "a narrative step",
        Some("Change") => "a step change (Insert, Replace, Remove or SetAsOf)",
        Some("RegionRow") => "a region table row",
        Some("Position") => "a position",
        Some("Fact") => "a fact (Stated(..), Absent or Unknown)",
        _ => "this value",
    }
}

/// Words ron's errors the way a person editing the file needs them.
fn describe_ron_error(code: &ron::Error) -> String {
    use ron::Error as E;
    match code {
        E::ExceededRecursionLimit => {
            format!(
                "brackets are nested deeper than {RECURSION_LIMIT} levels; a workspace never needs that"
            )
        }
        E::NoSuchStructField {
            expected,
            found,
            outer,
        } => {
            format!(
                "unknown field `{found}` in {}; expected one of: {}",
                thing(outer.as_deref()),
                expected.join(", ")
            )
        }
        E::MissingStructField { field, outer } => {
            format!(
                "missing required field `{field}` in {}",
                thing(outer.as_deref())
            )
        }
        E::NoSuchEnumVariant {
            expected,
            found,
            outer,
        } => {
            format!(
                "unknown {} `{found}`; expected one of: {}",
                match thing(outer.as_deref()) {
                    "this value" => "variant",
                    other => other,
                },
                expected.join(", ")
            )
        }
        E::DuplicateStructField { field, outer } => {
            format!(
                "the field `{field}` appears twice in {}",
                thing(outer.as_deref())
            )
        }
        E::Message(message) if message.starts_with("input contains invalid characters") => {
            "expected a date written as \"YYYY-MM-DD\"".into()
        }
        E::Message(message)
            if message.starts_with("input is out of range")
                || message.starts_with("premature end of input")
                || message.starts_with("no possible date") =>
        {
            format!("expected a real date written as \"YYYY-MM-DD\" ({message})")
        }
        E::ExpectedString => "expected text in double quotes, such as \"Contoso\"".into(),
        E::ExpectedStringEnd => "this text has no closing double quote".into(),
        E::ExpectedComma => "expected a comma between two fields or list items".into(),
        E::ExpectedStructLikeEnd | E::ExpectedOptionEnd => "expected a closing `)`".into(),
        E::ExpectedArrayEnd => "expected a closing `]` (or a comma before the next item)".into(),
        E::ExpectedMapColon => "expected a colon after the name".into(),
        E::ExpectedIdentifier => "expected a field name or a variant name".into(),
        E::Eof => {
            "the file ends before the workspace's closing `)`: a bracket or quote is not closed"
                .into()
        }
        E::TrailingCharacters => "unexpected text after the workspace's closing `)`".into(),
        E::ExpectedInteger | E::IntegerOutOfBounds => "expected a whole number, 0 or more".into(),
        E::ExpectedFloat => "expected a number".into(),
        E::ExpectedBoolean => "expected true or false".into(),
        E::UnexpectedChar(c) => format!("unexpected character {c:?}"),
        other => lower_first(&other.to_string()),
    }
}

fn lower_first(text: &str) -> String {
    let mut chars = text.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_lowercase().chain(chars).collect()
    })
}

fn check_unique_ids(workspace: &Workspace, text: &str, path: &Path) -> Result<(), IoError> {
    let mut seen: HashMap<&str, usize> = HashMap::with_capacity(workspace.entity_count());
    for (id, _) in workspace.entity_ids() {
        let count = seen.entry(id.as_str()).or_insert(0);
        *count += 1;
        if *count == 2 {
            let (line, column) = locate_id(text, id.as_str(), 2).unwrap_or((1, 1));
            let first = locate_id(text, id.as_str(), 1)
                .map_or_else(String::new, |(l, _)| format!(" (first used on line {l})"));
            return Err(IoError::At {
                path: path.to_path_buf(),
                line,
                column,
                message: format!(
                    "the id \"{id}\" is used twice{first}; ids must be unique across the workspace"
                ),
            });
        }
    }
    Ok(())
}

/// Line and column of the `nth` (1-based) `id: "..."` field holding `id`.
fn locate_id(text: &str, id: &str, nth: usize) -> Option<(usize, usize)> {
    let quoted = format!("\"{id}\"");
    let mut found = 0;
    for (at, _) in text.match_indices(&quoted) {
        let line_start = text[..at].rfind('\n').map_or(0, |i| i + 1);
        if text[line_start..at].contains("//") {
            continue;
        }
        let before = text[..at].trim_end();
        let Some(before) = before.strip_suffix(':') else {
            continue;
        };
        let before = before.trim_end();
        let Some(head) = before.strip_suffix("id") else {
            continue;
        };
        if head
            .chars()
            .next_back()
            .is_some_and(|c| c.is_alphanumeric() || c == '_')
        {
            continue;
        }
        found += 1;
        if found == nth {
            return Some(format::line_column(text, at));
        }
    }
    None
}
