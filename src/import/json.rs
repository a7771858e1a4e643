//! JSON exports: the relationships API's reseller list, the customers API's list and Microsoft
//! Graph's GDAP relationships. These are small next to reconciliation files (one item per
//! partner or customer), so each is parsed whole.

use std::io::BufRead;
use std::path::Path;

use serde_json::Value;

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

/// The list of items: `items` (Partner Center), `value` (Graph) or a bare array.
fn items(root: Value) -> Option<Vec<Value>> {
    match root {
        Value::Array(items) => Some(items),
        Value::Object(mut map) => match map.remove("items").or_else(|| map.remove("value")) {
            Some(Value::Array(items)) => Some(items),
            _ => None,
        },
        _ => None,
    }
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
    reader: R,
    kind: FileKind,
    sink: &mut Sink<'_>,
) -> Result<u64, ImportError> {
    let root: Value = serde_json::from_reader(reader).map_err(|e| {
        if e.is_io() {
            ImportError::Read {
                path: path.to_path_buf(),
                source: std::io::Error::other(e.to_string()),
            }
        } else {
            ImportError::Json {
                path: path.to_path_buf(),
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            }
        }
    })?;
    let Some(list) = items(root) else {
        return Err(ImportError::Unrecognised {
            path: path.to_path_buf(),
            found: "JSON with no `items` or `value` list".to_owned(),
        });
    };
    sink.check_cancel()?;
    for (n, item) in list.iter().enumerate() {
        let result = match kind {
            FileKind::ResellerList => resellers::item(item, sink),
            FileKind::CustomerList => customers::item(item, sink),
            _ => gdap::item(item, sink),
        };
        if let Err(message) = result {
            sink.skip(0, format!("item {}: {message}", n + 1));
        }
    }
    Ok(list.len() as u64)
}
