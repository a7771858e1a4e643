//! Dated relationships between Microsoft, partner locations and tenants.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::organization::is_default;
use super::{Id, Source};

/// Delegated admin access kinds (CSP604).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum AdminKind {
    /// Delegated admin privileges: not granted with new reseller relationships from 2023-10-09.
    Dap,
    /// Granular delegated admin privileges: at most two years, auto-extension from 2023-10-30.
    Gdap,
}

/// What a relationship is, which decides what its two ends must be.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum RelationshipKind {
    /// Microsoft → a direct bill or indirect provider location: Microsoft sells to it.
    Supply,
    /// Indirect provider location → indirect reseller location.
    Partnership,
    /// Partner location → customer tenant: the customer granted the partner a reseller relationship.
    Reseller,
    /// Partner location → tenant: delegated administration (multichannel), distinct from selling.
    Admin {
        /// DAP or GDAP.
        access: AdminKind,
        /// The directory roles granted (GDAP).
        #[serde(default, skip_serializing_if = "Vec::is_empty")]
        roles: Vec<String>,
        /// GDAP set to auto-extend at its end (possible from 2023-10-30).
        #[serde(default, skip_serializing_if = "is_default")]
        auto_extend: bool,
    },
}

impl RelationshipKind {
    /// Short name shown to users.
    pub fn label(&self) -> &'static str {
        match self {
            RelationshipKind::Supply => "supply",
            RelationshipKind::Partnership => "partnership",
            RelationshipKind::Reseller => "reseller relationship",
            RelationshipKind::Admin {
                access: AdminKind::Dap,
                ..
            } => "DAP admin relationship",
            RelationshipKind::Admin {
                access: AdminKind::Gdap,
                ..
            } => "GDAP admin relationship",
        }
    }
}

/// A directed, dated relationship.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Relationship {
    /// Unique id in the workspace.
    pub id: Id,
    /// What it is.
    pub kind: RelationshipKind,
    /// The selling or administering side (Microsoft's organization for a supply).
    pub from: Id,
    /// The location or tenant on the other side.
    pub to: Id,
    /// When it started (for a partnership: when the provider authorized it), if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<NaiveDate>,
    /// For a partnership: when the reseller requested it (or was invited), if recorded.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub requested: Option<NaiveDate>,
    /// When it ended or ends; the relationship is not in force on that day.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub end: Option<NaiveDate>,
    /// Microsoft's own id of it (Partner Center's subscription id, Graph's relationship id),
    /// which reconciling later exports matches on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub microsoft_id: Option<String>,
    /// Where the facts came from, for imported entities (export file, line, stated or inferred).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<Source>,
}

impl Relationship {
    /// In force on `date`: started on or before it (or start unknown) and not ended on or before it.
    pub fn in_force_on(&self, date: NaiveDate) -> bool {
        self.start.is_none_or(|start| start <= date) && self.end.is_none_or(|end| end > date)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> NaiveDate {
        NaiveDate::parse_from_str(text, "%Y-%m-%d").expect("test date")
    }

    #[test]
    fn a_relationship_ending_on_a_day_is_not_in_force_that_day() {
        let rel = Relationship {
            id: crate::model::Id::new("p").expect("id"),
            kind: RelationshipKind::Reseller,
            from: crate::model::Id::new("a").expect("id"),
            to: crate::model::Id::new("b").expect("id"),
            start: Some(date("2020-01-01")),
            requested: None,
            end: Some(date("2021-01-01")),
            microsoft_id: None,
            sources: Vec::new(),
        };
        assert!(rel.in_force_on(date("2020-01-01")));
        assert!(rel.in_force_on(date("2020-12-31")));
        assert!(!rel.in_force_on(date("2021-01-01")));
        assert!(!rel.in_force_on(date("2019-12-31")));
    }
}
