//! Facts the rules use, kept in three states: stated, stated absent, or unknown.

use serde::{Deserialize, Serialize};

/// A fact about an entity that may be stated, stated absent, or unknown.
///
/// The rules catalogue ("Known, absent and unknown facts") keeps these apart: a trainer states
/// that a reseller *never signed* the MPA to build a forbidden scenario, while a network imported
/// from Partner Center simply does not know the signature date. Rules judge stated facts only and
/// count the unknown ones. In a file a missing field means [`Fact::Unknown`]; `Absent` must be
/// written out, so nobody states an absence by accident.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
pub enum Fact<T> {
    /// Nobody recorded it (the default for a missing field).
    #[default]
    Unknown,
    /// Recorded as not existing ("never signed", "no reseller of record").
    Absent,
    /// Recorded with a value.
    Stated(T),
}

impl<T> Fact<T> {
    /// True when nothing was recorded; canonical files leave such fields out.
    pub fn is_unknown(&self) -> bool {
        matches!(self, Fact::Unknown)
    }

    /// The stated value, if any.
    pub fn stated(&self) -> Option<&T> {
        match self {
            Fact::Stated(value) => Some(value),
            _ => None,
        }
    }

    /// Borrows the value inside, keeping the state.
    pub fn as_ref(&self) -> Fact<&T> {
        match self {
            Fact::Unknown => Fact::Unknown,
            Fact::Absent => Fact::Absent,
            Fact::Stated(value) => Fact::Stated(value),
        }
    }
}
