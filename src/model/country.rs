//! Country codes (ISO 3166-1 alpha-2), the key into the region table.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize};

/// An ISO 3166-1 alpha-2 country code such as `JP` or `DE`.
///
/// Partner Center's exports carry countries as these codes, so the model does too; the region
/// table maps them to markets and names.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "String")]
pub struct Country([u8; 2]);

impl Country {
    /// Accepts two ASCII letters, in either case.
    pub fn parse(text: &str) -> Option<Self> {
        match text.as_bytes() {
            [a, b] if a.is_ascii_alphabetic() && b.is_ascii_alphabetic() => {
                Some(Self([a.to_ascii_uppercase(), b.to_ascii_uppercase()]))
            }
            _ => None,
        }
    }

    /// The code, upper case.
    pub fn as_str(&self) -> &str {
        // Both bytes are ASCII letters by construction.
        std::str::from_utf8(&self.0).unwrap_or("??")
    }
}

impl From<Country> for String {
    fn from(country: Country) -> Self {
        country.as_str().to_owned()
    }
}

impl<'de> Deserialize<'de> for Country {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Country::parse(&text).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "expected a two-letter ISO 3166 country code such as \"JP\", found {text:?}"
            ))
        })
    }
}

impl fmt::Display for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Debug for Country {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:?}", self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_codes_in_any_case_and_refuses_others() {
        assert_eq!(
            Country::parse("jp").map(|c| c.to_string()).as_deref(),
            Some("JP")
        );
        assert!(Country::parse("JPN").is_none());
        assert!(Country::parse("J1").is_none());
        assert!(Country::parse("日本").is_none());
    }
}
