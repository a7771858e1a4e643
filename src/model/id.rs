//! Entity ids: the short readable strings users write in files and see in diagnostics.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// Longest id accepted; ids are meant to be typed by hand, not to carry data.
pub const MAX_ID_LEN: usize = 64;

/// The id of any entity in a workspace (organizations, locations, tenants, relationships, ...).
///
/// All entity kinds share one namespace, so a reference never needs to say which kind it names
/// and a diagnostic can name any entity the same way.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(transparent)]
pub struct Id(String);

/// Why a string is not an acceptable id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum IdError {
    /// Ids must name something.
    #[error("an id must not be empty")]
    Empty,
    /// Ids are short by design.
    #[error("an id must be at most {MAX_ID_LEN} characters, this one has {0}")]
    TooLong(usize),
    /// Whitespace and control characters make ids ambiguous when typed or printed.
    #[error("an id must not contain spaces or control characters: {0:?}")]
    BadChar(String),
}

impl Id {
    /// Checks `text` against the id rules and wraps it.
    pub fn new(text: impl Into<String>) -> Result<Self, IdError> {
        let text = text.into();
        if text.is_empty() {
            return Err(IdError::Empty);
        }
        let len = text.chars().count();
        if len > MAX_ID_LEN {
            return Err(IdError::TooLong(len));
        }
        if text.chars().any(|c| c.is_whitespace() || c.is_control()) {
            return Err(IdError::BadChar(text));
        }
        Ok(Self(text))
    }

    /// The id as written in files.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Id::new(text).map_err(serde::de::Error::custom)
    }
}

impl fmt::Display for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for Id {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.0)
    }
}

impl std::borrow::Borrow<str> for Id {
    fn borrow(&self) -> &str {
        &self.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_readable_ids_including_japanese() {
        assert_eq!(
            Id::new("contoso-jp").map(|i| i.to_string()).as_deref(),
            Ok("contoso-jp")
        );
        assert!(Id::new("富士商事").is_ok());
    }

    #[test]
    fn refuses_empty_long_and_spaced_ids() {
        assert_eq!(Id::new(""), Err(IdError::Empty));
        assert_eq!(Id::new("a".repeat(65)), Err(IdError::TooLong(65)));
        assert!(matches!(Id::new("a b"), Err(IdError::BadChar(_))));
        assert!(matches!(Id::new("a\u{7}"), Err(IdError::BadChar(_))));
    }
}
