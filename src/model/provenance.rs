//! Where an imported fact came from: the export file and line, and whether the line states it
//! or the importer inferred it.
//!
//! A reviewer who opens an imported workspace must be able to tell "Partner Center says so"
//! from "the importer guessed": a reseller relationship's start, for one, is never exported and
//! is inferred from the earliest subscription that shows the relationship. Each entity keeps its
//! sources beside its facts, so they travel with it through edits, undo and reconciliation.

use std::sync::Arc;

use serde::{Deserialize, Serialize};

use super::{Entity, RelationshipKind};

/// Which fact of an entity a source speaks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Field {
    /// That the entity exists at all (and what it connects).
    Entity,
    /// An organization's name or a tenant's domain.
    Name,
    /// A country (a tenant's, a location's).
    Country,
    /// A location's Partner ID.
    PartnerId,
    /// A tenant's Microsoft Entra tenant id.
    DirectoryId,
    /// Microsoft's own id of a subscription or an admin relationship.
    MicrosoftId,
    /// A location's roles (enrolments).
    Roles,
    /// A subscription's offer.
    Offer,
    /// A subscription's billing partner.
    BilledBy,
    /// A subscription's reseller of record.
    ResellerOfRecord,
    /// A start date.
    Start,
    /// An end date.
    End,
    /// An admin relationship's roles and auto-extension.
    Access,
}

impl Field {
    /// Every field, in the order the inspector lists them.
    pub const ALL: [Field; 13] = [
        Field::Entity,
        Field::Name,
        Field::Country,
        Field::PartnerId,
        Field::DirectoryId,
        Field::MicrosoftId,
        Field::Roles,
        Field::Offer,
        Field::BilledBy,
        Field::ResellerOfRecord,
        Field::Start,
        Field::End,
        Field::Access,
    ];
}

impl Field {
    fn bit(self) -> u16 {
        1 << (self as u16)
    }
}

/// A set of facts, kept as bits: an import gives every entity a few sources, and a list per
/// source would cost an allocation each. Written to files as a list of names.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Default)]
pub struct Fields(u16);

impl Fields {
    /// The set of `fields`.
    pub fn of(fields: &[Field]) -> Self {
        Self(fields.iter().fold(0, |bits, f| bits | f.bit()))
    }

    /// True when `field` is in the set.
    pub fn contains(self, field: Field) -> bool {
        self.0 & field.bit() != 0
    }

    /// True when the set holds nothing.
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Adds `field`.
    pub fn insert(&mut self, field: Field) {
        self.0 |= field.bit();
    }

    /// The facts in both sets.
    pub fn intersection(self, other: Fields) -> Fields {
        Fields(self.0 & other.0)
    }

    /// The facts of this set not in `other`.
    pub fn without(self, other: Fields) -> Fields {
        Fields(self.0 & !other.0)
    }

    /// The facts, in [`Field::ALL`] order.
    pub fn iter(self) -> impl Iterator<Item = Field> {
        Field::ALL.into_iter().filter(move |f| self.contains(*f))
    }
}

impl std::fmt::Debug for Fields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_list().entries(self.iter()).finish()
    }
}

impl Serialize for Fields {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.iter())
    }
}

impl<'de> Deserialize<'de> for Fields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let list = Vec::<Field>::deserialize(deserializer)?;
        Ok(Fields::of(&list))
    }
}

/// How the importer came to a fact it did not find written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum Inference {
    /// A relationship shown by a billed line that names both its ends (the exports have no
    /// list of relationships).
    BilledLine,
    /// A relationship's start: the earliest start of the subscriptions that show it.
    EarliestSubscriptionStart,
    /// A subscription's start: its earliest charge line, when no subscription start is given.
    EarliestCharge,
    /// A role: what the partner's billed lines show it doing (billing resellers' customers
    /// makes an indirect provider).
    RoleFromLines,
    /// Lists, customer JSON and GDAP exports do not name their exporter; the one billing partner
    /// of the reconciliation files is taken to be it.
    ExportingPartner,
    /// Made because the model needs it and no export names it: every partner location
    /// transacts from a CSP tenant, every billing partner is supplied by Microsoft.
    Implied,
}

/// One export line behind some facts of an entity.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Source {
    /// The export file's name, without its folder; shared by every source from that file.
    pub file: Arc<str>,
    /// The line the row or JSON item starts on (1-based).
    pub line: u64,
    /// The facts that line gives.
    pub fields: Fields,
    /// `None` when the line states the facts; how they were inferred from it otherwise.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub inferred: Option<Inference>,
}

impl Source {
    /// A line that states `fields`.
    pub fn stated(file: &str, line: u64, fields: &[Field]) -> Self {
        Self {
            file: Arc::from(file),
            line,
            fields: Fields::of(fields),
            inferred: None,
        }
    }

    /// A line `fields` were inferred from, and how.
    pub fn inferred(file: &str, line: u64, fields: &[Field], how: Inference) -> Self {
        Self {
            inferred: Some(how),
            ..Self::stated(file, line, fields)
        }
    }
}

/// The sources of one fact among an entity's sources.
pub fn sources_of(sources: &[Source], field: Field) -> impl Iterator<Item = &Source> {
    sources.iter().filter(move |s| s.fields.contains(field))
}

/// Drops what `sources` say of `fields`: the user changed those facts, so no export line backs
/// them any more. Sources left with no field are removed.
pub fn forget(sources: &mut Vec<Source>, fields: &[Field]) {
    let fields = Fields::of(fields);
    for source in sources.iter_mut() {
        source.fields = source.fields.without(fields);
    }
    sources.retain(|s| !s.fields.is_empty());
}

/// `old`'s sources with those of `fields` replaced by `new`'s: what a reconciliation keeps when
/// it takes some facts from a later export and leaves the others as they were.
pub fn take_over(old: &[Source], new: &[Source], fields: &[Field]) -> Vec<Source> {
    let mut merged = old.to_vec();
    forget(&mut merged, fields);
    let fields = Fields::of(fields);
    for source in new {
        let taken = source.fields.intersection(fields);
        if !taken.is_empty() {
            merged.push(Source {
                fields: taken,
                ..source.clone()
            });
        }
    }
    merged
}

/// The facts, as sources name them, that differ between two versions of an entity. Fields no
/// export gives (an MPA date, a registration id) are not listed: no source speaks for them.
pub fn changed_fields(before: &Entity, after: &Entity) -> Vec<Field> {
    let mut changed = Vec::new();
    let mut check = |differs: bool, field: Field| {
        if differs && !changed.contains(&field) {
            changed.push(field);
        }
    };
    match (before, after) {
        (Entity::Organization(a), Entity::Organization(b)) => {
            check(a.name != b.name, Field::Name);
            check(a.country != b.country, Field::Country);
        }
        (Entity::Location(a), Entity::Location(b)) => {
            check(
                a.organization != b.organization || a.csp_tenant != b.csp_tenant,
                Field::Entity,
            );
            check(a.partner_id != b.partner_id, Field::PartnerId);
            check(a.country != b.country, Field::Country);
            check(a.enrolments != b.enrolments, Field::Roles);
        }
        (Entity::Tenant(a), Entity::Tenant(b)) => {
            check(a.owner != b.owner || a.kind != b.kind, Field::Entity);
            check(a.name != b.name, Field::Name);
            check(a.country != b.country, Field::Country);
            check(a.directory_id != b.directory_id, Field::DirectoryId);
        }
        (Entity::Relationship(a), Entity::Relationship(b)) => {
            let same_kind = std::mem::discriminant(&a.kind) == std::mem::discriminant(&b.kind)
                && admin_access(&a.kind) == admin_access(&b.kind);
            check(
                a.from != b.from || a.to != b.to || !same_kind,
                Field::Entity,
            );
            check(a.kind != b.kind, Field::Access);
            check(a.start != b.start, Field::Start);
            check(a.end != b.end, Field::End);
            check(a.microsoft_id != b.microsoft_id, Field::MicrosoftId);
        }
        (Entity::Subscription(a), Entity::Subscription(b)) => {
            check(a.tenant != b.tenant, Field::Entity);
            check(
                a.offer != b.offer || a.offer_kind != b.offer_kind,
                Field::Offer,
            );
            check(a.billed_by != b.billed_by, Field::BilledBy);
            check(
                a.reseller_of_record != b.reseller_of_record,
                Field::ResellerOfRecord,
            );
            check(a.start != b.start, Field::Start);
            check(a.end != b.end, Field::End);
            check(a.microsoft_id != b.microsoft_id, Field::MicrosoftId);
        }
        _ => check(true, Field::Entity),
    }
    changed
}

/// DAP or GDAP, for an admin relationship.
fn admin_access(kind: &RelationshipKind) -> Option<super::AdminKind> {
    match kind {
        RelationshipKind::Admin { access, .. } => Some(*access),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_set_of_facts_is_written_as_a_list_of_names_and_read_back() {
        let fields = Fields::of(&[Field::Start, Field::Entity, Field::Start]);
        assert_eq!(
            fields.iter().collect::<Vec<_>>(),
            [Field::Entity, Field::Start]
        );
        let text = ron::to_string(&fields).expect("ron");
        assert_eq!(text, "[Entity,Start]");
        assert_eq!(ron::from_str::<Fields>(&text).expect("back"), fields);
        assert!(ron::from_str::<Fields>("[Nonsense]").is_err());
        for field in Field::ALL {
            assert!(Fields::of(&[field]).contains(field));
            assert_eq!(Fields::of(&[field]).iter().count(), 1);
        }
    }

    #[test]
    fn forgetting_a_fact_keeps_the_others_and_drops_empty_sources() {
        let mut sources = vec![
            Source::stated("a.csv", 2, &[Field::Entity, Field::Start]),
            Source::inferred("a.csv", 9, &[Field::End], Inference::EarliestCharge),
        ];
        forget(&mut sources, &[Field::Start, Field::End]);
        assert_eq!(sources, vec![Source::stated("a.csv", 2, &[Field::Entity])]);
        assert_eq!(sources_of(&sources, Field::Entity).count(), 1);
        assert_eq!(sources_of(&sources, Field::Start).count(), 0);
    }

    #[test]
    fn a_user_edit_drops_the_sources_of_the_facts_it_changed_only() {
        use crate::model::{Fact, Id, Subscription};
        let id = |s: &str| Id::new(s).expect("id");
        let before = Subscription {
            id: id("s"),
            offer: "Microsoft 365 E3".to_owned(),
            offer_kind: Default::default(),
            tenant: id("t"),
            billed_by: id("p"),
            reseller_of_record: Fact::Stated(id("r")),
            purpose: Default::default(),
            start: None,
            end: None,
            partner_of_record_changes: Vec::new(),
            microsoft_id: Some("5e5e0001".to_owned()),
            sources: vec![
                Source::stated(
                    "a.csv",
                    2,
                    &[Field::Entity, Field::Offer, Field::ResellerOfRecord],
                ),
                Source::inferred("a.csv", 2, &[Field::Start], Inference::EarliestCharge),
            ],
        };
        let mut after = before.clone();
        after.reseller_of_record = Fact::Absent;
        after.purpose = crate::model::Purpose::OwnUse;
        let edited = Entity::Subscription(after).edited_from(&Entity::Subscription(before.clone()));
        assert_eq!(
            edited.sources(),
            &[
                Source::stated("a.csv", 2, &[Field::Entity, Field::Offer]),
                Source::inferred("a.csv", 2, &[Field::Start], Inference::EarliestCharge),
            ]
        );
        // An edit of a fact no export gives leaves every source as it was.
        let mut same = before.clone();
        same.purpose = crate::model::Purpose::OwnUse;
        let kept = Entity::Subscription(same).edited_from(&Entity::Subscription(before.clone()));
        assert_eq!(kept.sources(), before.sources.as_slice());
    }

    #[test]
    fn taking_over_a_fact_replaces_only_its_sources() {
        let old = vec![Source::stated("old.csv", 5, &[Field::Entity, Field::End])];
        let new = vec![Source::stated("new.csv", 7, &[Field::Entity, Field::End])];
        let merged = take_over(&old, &new, &[Field::End]);
        assert_eq!(
            merged,
            vec![
                Source::stated("old.csv", 5, &[Field::Entity]),
                Source::stated("new.csv", 7, &[Field::End]),
            ]
        );
    }
}
