//! What a proposed change is about and what it changes, as values rather than sentences: the
//! app words them in the interface language, the command line and the report in English
//! (the `Display` impls, which are the report's wording).

use std::fmt;

use chrono::NaiveDate;

use crate::model::{Country, RelationshipKind, Role, TenantKind};

/// A proposed change: the entity it concerns and, for a changed one, its facts that differ.
#[derive(Debug, Clone, PartialEq)]
pub struct Description {
    /// The entity, by name.
    pub subject: Subject,
    /// What differs; empty for an entity added or no longer exported.
    pub fields: Vec<FieldChange>,
}

/// An entity named as a reader recognises it.
#[derive(Debug, Clone, PartialEq)]
pub enum Subject {
    /// An organization and its name.
    Organization {
        /// Its name.
        name: String,
    },
    /// A partner location, by its organization's name and its Partner ID.
    Location {
        /// The organization's name.
        organization: String,
        /// Its Partner ID, when known.
        partner_id: Option<String>,
    },
    /// A tenant, by its kind and its name (the primary domain).
    Tenant {
        /// What it is for.
        kind: TenantKind,
        /// Its name.
        name: String,
    },
    /// A relationship, by its kind and the names of its two ends.
    Relationship {
        /// What it is.
        kind: RelationshipKind,
        /// The selling or administering side.
        from: String,
        /// The other side.
        to: String,
    },
    /// A subscription, by its offer, its tenant and Microsoft's id for it.
    Subscription {
        /// The offer; empty when the exports do not name it.
        offer: String,
        /// The tenant's name.
        tenant: String,
        /// Microsoft's subscription id, else the workspace id.
        id: String,
    },
    /// An ownership, by the names of owner and owned.
    Ownership {
        /// The owner.
        owner: String,
        /// The owned organization.
        owned: String,
    },
}

/// Who a subscription's reseller of record is.
#[derive(Debug, Clone, PartialEq)]
pub enum Party {
    /// A named location.
    Named(String),
    /// None: the billing partner sold directly.
    Direct,
    /// The exports do not say.
    Unknown,
}

/// One fact of a matched entity that the exports give differently.
#[derive(Debug, Clone, PartialEq)]
pub enum FieldChange {
    /// An organization's name.
    Name {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// A location's Partner ID.
    PartnerId {
        /// Before.
        from: Option<String>,
        /// After.
        to: Option<String>,
    },
    /// A location's or tenant's country.
    Country {
        /// Before.
        from: Option<Country>,
        /// After.
        to: Option<Country>,
    },
    /// A location that now transacts in another CSP role.
    Transacts(Role),
    /// A customer tenant's domain.
    Domain {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
    /// Microsoft's id for a relationship, newly known.
    MicrosoftId(String),
    /// A relationship's or subscription's end date.
    End {
        /// Before.
        from: Option<NaiveDate>,
        /// After.
        to: Option<NaiveDate>,
    },
    /// A relationship's start, inferred from the exports.
    StartInferred(Option<NaiveDate>),
    /// A subscription's start, newly known.
    Start(Option<NaiveDate>),
    /// A subscription's reseller of record.
    ResellerOfRecord {
        /// Before.
        from: Party,
        /// After.
        to: Party,
    },
    /// The partner a subscription is billed by.
    BilledBy {
        /// Before.
        from: String,
        /// After.
        to: String,
    },
}

fn or_none<T: fmt::Display>(value: &Option<T>) -> String {
    value
        .as_ref()
        .map_or_else(|| "none".to_owned(), ToString::to_string)
}

fn capital(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

impl fmt::Display for Subject {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Subject::Organization { name } => write!(f, "Organization {name}"),
            Subject::Location {
                organization,
                partner_id,
            } => write!(
                f,
                "Location {organization} (Partner ID {})",
                or_none(partner_id)
            ),
            Subject::Tenant { kind, name } => write!(f, "{} {name}", capital(kind.label())),
            Subject::Relationship { kind, from, to } => {
                write!(f, "{} {from} → {to}", capital(kind.label()))
            }
            Subject::Subscription { offer, tenant, id } => {
                let offer = if offer.is_empty() {
                    "(offer not named)"
                } else {
                    offer
                };
                write!(f, "Subscription {offer} of {tenant} ({id})")
            }
            Subject::Ownership { owner, owned } => write!(f, "Ownership {owner} → {owned}"),
        }
    }
}

impl fmt::Display for Party {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Party::Named(name) => f.write_str(name),
            Party::Direct => f.write_str("none (sold directly)"),
            Party::Unknown => f.write_str("unknown"),
        }
    }
}

impl fmt::Display for FieldChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FieldChange::Name { from, to } => write!(f, "name {from} → {to}"),
            FieldChange::PartnerId { from, to } => {
                write!(f, "Partner ID {} → {}", or_none(from), or_none(to))
            }
            FieldChange::Country { from, to } => {
                write!(f, "country {} → {}", or_none(from), or_none(to))
            }
            FieldChange::Transacts(role) => write!(f, "now transacts as {}", role.label()),
            FieldChange::Domain { from, to } => write!(f, "domain {from} → {to}"),
            FieldChange::MicrosoftId(id) => write!(f, "Microsoft id {id}"),
            FieldChange::End { from, to } => write!(f, "end {} → {}", or_none(from), or_none(to)),
            FieldChange::StartInferred(start) => {
                write!(f, "start {} (inferred from the exports)", or_none(start))
            }
            FieldChange::Start(start) => write!(f, "start {}", or_none(start)),
            FieldChange::ResellerOfRecord { from, to } => {
                write!(f, "reseller of record {from} → {to}")
            }
            FieldChange::BilledBy { from, to } => write!(f, "billed by {from} → {to}"),
        }
    }
}

/// "Customer tenant contoso.onmicrosoft.com: country JP → US; domain … → …".
impl fmt::Display for Description {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.subject)?;
        for (i, field) in self.fields.iter().enumerate() {
            f.write_str(if i == 0 { ": " } else { "; " })?;
            write!(f, "{field}")?;
        }
        Ok(())
    }
}

impl FieldChange {
    /// One change of every kind, for tests that every kind is worded (in English here, in
    /// each interface language in the app).
    #[cfg(test)]
    pub(crate) fn examples() -> Vec<FieldChange> {
        let day = NaiveDate::from_ymd_opt(2024, 8, 1);
        let jp = Country::parse("JP");
        let us = Country::parse("US");
        vec![
            FieldChange::Name {
                from: "Blue Harbor IT".into(),
                to: "Blue Harbor IT Services".into(),
            },
            FieldChange::PartnerId {
                from: None,
                to: Some("5100004".into()),
            },
            FieldChange::Country { from: jp, to: us },
            FieldChange::Transacts(Role::IndirectReseller),
            FieldChange::Domain {
                from: "fuji.onmicrosoft.com".into(),
                to: "fujishoji.onmicrosoft.com".into(),
            },
            FieldChange::MicrosoftId("5e5e0002".into()),
            FieldChange::End {
                from: None,
                to: day,
            },
            FieldChange::StartInferred(day),
            FieldChange::Start(day),
            FieldChange::ResellerOfRecord {
                from: Party::Named("Northwind Cloud Partners".into()),
                to: Party::Direct,
            },
            FieldChange::BilledBy {
                from: "Contoso Distribution".into(),
                to: "Fabrikam".into(),
            },
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails to compile when a kind is added without an example, so none goes unworded.
    fn covered(change: &FieldChange) -> usize {
        match change {
            FieldChange::Name { .. } => 0,
            FieldChange::PartnerId { .. } => 1,
            FieldChange::Country { .. } => 2,
            FieldChange::Transacts(_) => 3,
            FieldChange::Domain { .. } => 4,
            FieldChange::MicrosoftId(_) => 5,
            FieldChange::End { .. } => 6,
            FieldChange::StartInferred(_) => 7,
            FieldChange::Start(_) => 8,
            FieldChange::ResellerOfRecord { .. } => 9,
            FieldChange::BilledBy { .. } => 10,
        }
    }

    #[test]
    fn every_field_change_has_its_own_english_wording() {
        let examples = FieldChange::examples();
        let mut kinds: Vec<usize> = examples.iter().map(covered).collect();
        kinds.dedup();
        assert_eq!(kinds, (0..=10).collect::<Vec<_>>(), "one example per kind");
        let texts: Vec<String> = examples.iter().map(ToString::to_string).collect();
        for text in &texts {
            assert!(text.chars().any(char::is_alphabetic), "{text:?}");
        }
        let mut distinct = texts.clone();
        distinct.sort();
        distinct.dedup();
        assert_eq!(distinct.len(), texts.len(), "{texts:?}");
    }

    #[test]
    fn descriptions_read_as_the_report_has_always_worded_them() {
        let changed = Description {
            subject: Subject::Tenant {
                kind: TenantKind::Customer,
                name: "contosopharma.onmicrosoft.com".into(),
            },
            fields: vec![
                FieldChange::Country {
                    from: Country::parse("JP"),
                    to: Country::parse("US"),
                },
                FieldChange::End {
                    from: None,
                    to: NaiveDate::from_ymd_opt(2025, 1, 31),
                },
            ],
        };
        assert_eq!(
            changed.to_string(),
            "Customer tenant contosopharma.onmicrosoft.com: country JP → US; end none → 2025-01-31"
        );
        let added = Description {
            subject: Subject::Subscription {
                offer: String::new(),
                tenant: "Fuji".into(),
                id: "5e5e0002".into(),
            },
            fields: Vec::new(),
        };
        assert_eq!(
            added.to_string(),
            "Subscription (offer not named) of Fuji (5e5e0002)"
        );
        assert_eq!(
            Party::Direct.to_string(),
            "none (sold directly)",
            "a direct sale reads as it did"
        );
    }
}
