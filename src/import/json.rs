//! JSON exports: the relationships API's reseller list, the customers API's list and Microsoft
//! Graph's GDAP relationships. These are small next to reconciliation files (one item per
//! partner or customer), so each is parsed whole.

use std::io::BufRead;
use std::path::Path;

use serde_json::Value;
use serde_json::value::RawValue;

use super::{FileKind, ImportError, Sink, customers, gdap, resellers};

/// Which JSON export the file's beginning shows. Graph's and the Partner Center APIs' field
/// names are distinctive enough to tell them apart before reading the whole file.
pub fn recognise(path: &Path, head: &str) -> Result<FileKind, ImportError> {
    let has = |key: &str| head.contains(&format!("\"{key}\""));
    if has("accessDetails") || (has("customer") && has("duration") && has("value")) {
        Ok(FileKind::GdapRelationships)
    } else if has("companyProfile") {
        Ok(FileKind::CustomerList)
    } else if has("relationshipType") || (has("mpnId") && has("items")) {
        Ok(FileKind::ResellerList)
    } else {
        Err(ImportError::Unrecognised {
            path: path.to_path_buf(),
            found:
                "JSON without the fields of a reseller list, customer list or GDAP relationships"
                    .to_owned(),
        })
    }
}

/// The object around the list of items: `items` (Partner Center) or `value` (Graph). The items
/// stay unparsed so each one's place in the file is known: provenance names its line.
#[derive(serde::Deserialize)]
struct Wrapper<'a> {
    #[serde(borrow, default)]
    items: Option<Vec<&'a RawValue>>,
    #[serde(borrow, default)]
    value: Option<Vec<&'a RawValue>>,
}

/// The items of a wrapped list or a bare array; `None` when there is no list.
fn items(text: &str) -> Result<Option<Vec<&RawValue>>, serde_json::Error> {
    if text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .starts_with('[')
    {
        return serde_json::from_str::<Vec<&RawValue>>(text).map(Some);
    }
    let wrapper: Wrapper<'_> = serde_json::from_str(text)?;
    Ok(wrapper.items.or(wrapper.value))
}

/// A string field, trimmed; numbers are taken as their digits (`"mpnId": 4847383`).
pub fn text<'a>(item: &'a Value, path: &[&str]) -> Option<String> {
    let mut at: &'a Value = item;
    for key in path {
        at = at.get(key)?;
    }
    match at {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_owned()),
        Value::Number(n) => Some(n.to_string()),
        _ => None,
    }
}

/// Reads the whole file and hands each item to its kind's reader; returns the items read.
pub fn read<R: BufRead>(
    path: &Path,
    mut reader: R,
    kind: FileKind,
    sink: &mut Sink<'_>,
) -> Result<u64, ImportError> {
    let mut text = String::new();
    reader
        .read_to_string(&mut text)
        .map_err(|source| ImportError::Read {
            path: path.to_path_buf(),
            source,
        })?;
    let json_error = |e: serde_json::Error| ImportError::Json {
        path: path.to_path_buf(),
        line: e.line(),
        column: e.column(),
        message: e.to_string(),
    };
    let Some(list) = items(&text).map_err(json_error)? else {
        return Err(ImportError::Unrecognised {
            path: path.to_path_buf(),
            found: "JSON with no `items` or `value` list".to_owned(),
        });
    };
    sink.check_cancel()?;
    let mut lines = LineCounter::default();
    for (n, raw) in list.iter().enumerate() {
        sink.line = lines.line_at(&text, raw.get());
        let result = serde_json::from_str::<Value>(raw.get())
            .map_err(|e| e.to_string())
            .and_then(|item| match kind {
                FileKind::ResellerList => resellers::item(&item, sink),
                FileKind::CustomerList => customers::item(&item, sink),
                _ => gdap::item(&item, sink),
            });
        if let Err(message) = result {
            sink.skip(sink.line, format!("item {}: {message}", n + 1));
        }
    }
    Ok(list.len() as u64)
}

/// Lines counted forward through a text, for slices met in order.
#[derive(Default)]
struct LineCounter {
    offset: usize,
    line: u64,
}

impl LineCounter {
    /// The 1-based line where `part`, a slice of `text` after any met before, starts.
    fn line_at(&mut self, text: &str, part: &str) -> u64 {
        let start = (part.as_ptr() as usize)
            .saturating_sub(text.as_ptr() as usize)
            .min(text.len());
        if start >= self.offset {
            let newlines = text.as_bytes()[self.offset..start]
                .iter()
                .filter(|&&b| b == b'\n')
                .count();
            self.line += newlines as u64;
            self.offset = start;
        }
        self.line + 1
    }
}
