//! The workspace as plain data: what a channel manager models and a file stores. No UI here.

mod country;
mod fact;
mod id;
mod location;
mod narrative;
mod organization;
mod provenance;
mod region;
mod relationship;
mod subscription;
mod tenant;

use std::collections::{BTreeMap, HashMap};

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

pub use country::Country;
pub use fact::Fact;
pub use id::{Id, IdError, MAX_ID_LEN};
pub use location::{Capabilities, Enrolment, EnrolmentStatus, Location, Role};
pub use narrative::{Change, Narrative, Step};
pub use organization::{Organization, OrganizationKind, Ownership};
pub use provenance::{Field, Fields, Inference, Source, forget, sources_of, take_over};
pub use region::{RegionList, RegionRow, RegionTable, RegionTableError};
pub use relationship::{AdminKind, Relationship, RelationshipKind};
pub use subscription::{OfferKind, PartnerOfRecordChange, Purpose, Subscription};
pub use tenant::{Tenant, TenantKind};

/// Where a node sits in the diagram, in diagram units.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
pub struct Position {
    /// Horizontal, growing to the right.
    pub x: f32,
    /// Vertical, growing downwards.
    pub y: f32,
}

/// A partner network at a date: everything the rules judge and the diagram draws.
#[derive(Debug, Clone, PartialEq)]
pub struct Workspace {
    /// The date date-sensitive rules are evaluated at; nothing reads the machine's clock.
    pub as_of: NaiveDate,
    /// What the workspace shows, for trainers.
    pub narrative: Option<Narrative>,
    /// Microsoft, partners and customers.
    pub organizations: Vec<Organization>,
    /// Ownership edges between organizations.
    pub ownerships: Vec<Ownership>,
    /// Partner locations.
    pub locations: Vec<Location>,
    /// Tenants.
    pub tenants: Vec<Tenant>,
    /// Supply, partnership, reseller and admin relationships.
    pub relationships: Vec<Relationship>,
    /// Subscriptions.
    pub subscriptions: Vec<Subscription>,
    /// The workspace's own region table; `None` uses the bundled one.
    pub regions: Option<RegionTable>,
    /// Diagram positions by entity id; entities without one are laid out automatically.
    pub positions: BTreeMap<Id, Position>,
}

/// Which list an entity lives in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
pub enum EntityKind {
    /// [`Organization`].
    Organization,
    /// [`Ownership`].
    Ownership,
    /// [`Location`].
    Location,
    /// [`Tenant`].
    Tenant,
    /// [`Relationship`].
    Relationship,
    /// [`Subscription`].
    Subscription,
}

impl EntityKind {
    /// Every kind, in file order.
    pub const ALL: [EntityKind; 6] = [
        EntityKind::Organization,
        EntityKind::Ownership,
        EntityKind::Location,
        EntityKind::Tenant,
        EntityKind::Relationship,
        EntityKind::Subscription,
    ];

    /// Name shown to users.
    pub fn label(self) -> &'static str {
        match self {
            EntityKind::Organization => "organization",
            EntityKind::Ownership => "ownership",
            EntityKind::Location => "location",
            EntityKind::Tenant => "tenant",
            EntityKind::Relationship => "relationship",
            EntityKind::Subscription => "subscription",
        }
    }
}

/// Any one entity, owned: what an edit adds, replaces or gives back on removal.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub enum Entity {
    /// An organization.
    Organization(Organization),
    /// An ownership edge.
    Ownership(Ownership),
    /// A partner location.
    Location(Location),
    /// A tenant.
    Tenant(Tenant),
    /// A relationship.
    Relationship(Relationship),
    /// A subscription.
    Subscription(Subscription),
}

impl Entity {
    /// The entity's id.
    pub fn id(&self) -> &Id {
        match self {
            Entity::Organization(e) => &e.id,
            Entity::Ownership(e) => &e.id,
            Entity::Location(e) => &e.id,
            Entity::Tenant(e) => &e.id,
            Entity::Relationship(e) => &e.id,
            Entity::Subscription(e) => &e.id,
        }
    }

    /// Where its facts came from (empty for what was entered by hand or an ownership).
    pub fn sources(&self) -> &[Source] {
        match self {
            Entity::Organization(e) => &e.sources,
            Entity::Ownership(_) => &[],
            Entity::Location(e) => &e.sources,
            Entity::Tenant(e) => &e.sources,
            Entity::Relationship(e) => &e.sources,
            Entity::Subscription(e) => &e.sources,
        }
    }

    /// This entity after a user's edit from `before`: the sources of the facts the user changed
    /// are dropped, so the inspector never shows an export line behind a value nobody exported.
    pub fn edited_from(mut self, before: &Entity) -> Entity {
        let changed = provenance::changed_fields(before, &self);
        let sources = match &mut self {
            Entity::Organization(e) => &mut e.sources,
            Entity::Ownership(_) => return self,
            Entity::Location(e) => &mut e.sources,
            Entity::Tenant(e) => &mut e.sources,
            Entity::Relationship(e) => &mut e.sources,
            Entity::Subscription(e) => &mut e.sources,
        };
        forget(sources, &changed);
        self
    }

    /// The list it belongs in.
    pub fn kind(&self) -> EntityKind {
        match self {
            Entity::Organization(_) => EntityKind::Organization,
            Entity::Ownership(_) => EntityKind::Ownership,
            Entity::Location(_) => EntityKind::Location,
            Entity::Tenant(_) => EntityKind::Tenant,
            Entity::Relationship(_) => EntityKind::Relationship,
            Entity::Subscription(_) => EntityKind::Subscription,
        }
    }
}

/// Where an entity sits: its kind and its index in that list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EntityRef {
    /// The list.
    pub kind: EntityKind,
    /// The index in the list.
    pub index: usize,
}

/// Why the model refused a change.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ModelError {
    /// Ids are unique across the whole workspace.
    #[error("the id {0:?} is already used by another entity")]
    DuplicateId(Id),
    /// The change names an entity that is not there.
    #[error("no entity has the id {0:?}")]
    NoSuchEntity(String),
    /// The workspace is open for review, where nothing may change.
    #[error("the workspace is open for review and cannot be changed")]
    ReadOnly,
}

impl Workspace {
    /// An empty workspace evaluated at `as_of`.
    pub fn new(as_of: NaiveDate) -> Self {
        Self {
            as_of,
            narrative: None,
            organizations: Vec::new(),
            ownerships: Vec::new(),
            locations: Vec::new(),
            tenants: Vec::new(),
            relationships: Vec::new(),
            subscriptions: Vec::new(),
            regions: None,
            positions: BTreeMap::new(),
        }
    }

    /// The region table the rules use: the workspace's own, or the bundled one.
    pub fn region_table(&self) -> &RegionTable {
        self.regions
            .as_ref()
            .unwrap_or_else(|| RegionTable::bundled())
    }

    /// Number of entities of every kind.
    pub fn entity_count(&self) -> usize {
        self.organizations.len()
            + self.ownerships.len()
            + self.locations.len()
            + self.tenants.len()
            + self.relationships.len()
            + self.subscriptions.len()
    }

    /// Every entity id with where it sits, in list order (duplicates included).
    pub fn entity_ids(&self) -> impl Iterator<Item = (&Id, EntityRef)> {
        fn refs<T>(
            list: &[T],
            kind: EntityKind,
            id: fn(&T) -> &Id,
        ) -> impl Iterator<Item = (&Id, EntityRef)> {
            list.iter()
                .enumerate()
                .map(move |(index, e)| (id(e), EntityRef { kind, index }))
        }
        refs(&self.organizations, EntityKind::Organization, |e| &e.id)
            .chain(refs(&self.ownerships, EntityKind::Ownership, |e| &e.id))
            .chain(refs(&self.locations, EntityKind::Location, |e| &e.id))
            .chain(refs(&self.tenants, EntityKind::Tenant, |e| &e.id))
            .chain(refs(&self.relationships, EntityKind::Relationship, |e| {
                &e.id
            }))
            .chain(refs(&self.subscriptions, EntityKind::Subscription, |e| {
                &e.id
            }))
    }

    /// A map from id to entity; where an id is duplicated, the first one wins.
    pub fn index(&self) -> HashMap<&str, EntityRef> {
        let mut map = HashMap::with_capacity(self.entity_count());
        for (id, at) in self.entity_ids() {
            map.entry(id.as_str()).or_insert(at);
        }
        map
    }

    /// Finds an entity by id with a linear scan; use [`Workspace::index`] for many lookups.
    pub fn find(&self, id: &str) -> Option<EntityRef> {
        self.entity_ids()
            .find(|(candidate, _)| candidate.as_str() == id)
            .map(|(_, at)| at)
    }

    /// A copy of the entity at `at`.
    pub fn entity(&self, at: EntityRef) -> Option<Entity> {
        let i = at.index;
        Some(match at.kind {
            EntityKind::Organization => Entity::Organization(self.organizations.get(i)?.clone()),
            EntityKind::Ownership => Entity::Ownership(self.ownerships.get(i)?.clone()),
            EntityKind::Location => Entity::Location(self.locations.get(i)?.clone()),
            EntityKind::Tenant => Entity::Tenant(self.tenants.get(i)?.clone()),
            EntityKind::Relationship => Entity::Relationship(self.relationships.get(i)?.clone()),
            EntityKind::Subscription => Entity::Subscription(self.subscriptions.get(i)?.clone()),
        })
    }

    /// Adds an entity, refusing an id already in use.
    pub fn insert(&mut self, entity: Entity) -> Result<(), ModelError> {
        if self.find(entity.id().as_str()).is_some() {
            return Err(ModelError::DuplicateId(entity.id().clone()));
        }
        match entity {
            Entity::Organization(e) => self.organizations.push(e),
            Entity::Ownership(e) => self.ownerships.push(e),
            Entity::Location(e) => self.locations.push(e),
            Entity::Tenant(e) => self.tenants.push(e),
            Entity::Relationship(e) => self.relationships.push(e),
            Entity::Subscription(e) => self.subscriptions.push(e),
        }
        Ok(())
    }

    /// Replaces the entity with the same id (its kind may not change), returning the old one.
    pub fn replace(&mut self, entity: Entity) -> Result<Entity, ModelError> {
        let at = self
            .find(entity.id().as_str())
            .ok_or_else(|| ModelError::NoSuchEntity(entity.id().to_string()))?;
        let old = self.remove(entity.id().as_str())?;
        self.insert_at(at, entity);
        Ok(old)
    }

    /// Removes the entity with `id`, returning it.
    pub fn remove(&mut self, id: &str) -> Result<Entity, ModelError> {
        let at = self
            .find(id)
            .ok_or_else(|| ModelError::NoSuchEntity(id.to_owned()))?;
        let i = at.index;
        Ok(match at.kind {
            EntityKind::Organization => Entity::Organization(self.organizations.remove(i)),
            EntityKind::Ownership => Entity::Ownership(self.ownerships.remove(i)),
            EntityKind::Location => Entity::Location(self.locations.remove(i)),
            EntityKind::Tenant => Entity::Tenant(self.tenants.remove(i)),
            EntityKind::Relationship => Entity::Relationship(self.relationships.remove(i)),
            EntityKind::Subscription => Entity::Subscription(self.subscriptions.remove(i)),
        })
    }

    /// How many entities of `kind` there are.
    pub fn len_of(&self, kind: EntityKind) -> usize {
        match kind {
            EntityKind::Organization => self.organizations.len(),
            EntityKind::Ownership => self.ownerships.len(),
            EntityKind::Location => self.locations.len(),
            EntityKind::Tenant => self.tenants.len(),
            EntityKind::Relationship => self.relationships.len(),
            EntityKind::Subscription => self.subscriptions.len(),
        }
    }

    /// Removes the entity at `at` without searching for it; `None` when there is none.
    pub fn remove_at(&mut self, at: EntityRef) -> Option<Entity> {
        fn take<T>(list: &mut Vec<T>, index: usize) -> Option<T> {
            (index < list.len()).then(|| list.remove(index))
        }
        let i = at.index;
        Some(match at.kind {
            EntityKind::Organization => Entity::Organization(take(&mut self.organizations, i)?),
            EntityKind::Ownership => Entity::Ownership(take(&mut self.ownerships, i)?),
            EntityKind::Location => Entity::Location(take(&mut self.locations, i)?),
            EntityKind::Tenant => Entity::Tenant(take(&mut self.tenants, i)?),
            EntityKind::Relationship => Entity::Relationship(take(&mut self.relationships, i)?),
            EntityKind::Subscription => Entity::Subscription(take(&mut self.subscriptions, i)?),
        })
    }

    /// Puts `entity` at `at` in place of the one there, returning that one; `None` (and no
    /// change) when `at` is empty or of another kind.
    pub fn swap_at(&mut self, at: EntityRef, entity: Entity) -> Option<Entity> {
        fn swap<T>(list: &mut [T], index: usize, value: T) -> Option<T> {
            list.get_mut(index)
                .map(|slot| std::mem::replace(slot, value))
        }
        let i = at.index;
        Some(match (at.kind, entity) {
            (EntityKind::Organization, Entity::Organization(e)) => {
                Entity::Organization(swap(&mut self.organizations, i, e)?)
            }
            (EntityKind::Ownership, Entity::Ownership(e)) => {
                Entity::Ownership(swap(&mut self.ownerships, i, e)?)
            }
            (EntityKind::Location, Entity::Location(e)) => {
                Entity::Location(swap(&mut self.locations, i, e)?)
            }
            (EntityKind::Tenant, Entity::Tenant(e)) => {
                Entity::Tenant(swap(&mut self.tenants, i, e)?)
            }
            (EntityKind::Relationship, Entity::Relationship(e)) => {
                Entity::Relationship(swap(&mut self.relationships, i, e)?)
            }
            (EntityKind::Subscription, Entity::Subscription(e)) => {
                Entity::Subscription(swap(&mut self.subscriptions, i, e)?)
            }
            _ => return None,
        })
    }

    /// Puts an entity back at a list position (the inverse of a removal keeps list order).
    pub fn insert_at(&mut self, at: EntityRef, entity: Entity) {
        fn put<T>(list: &mut Vec<T>, index: usize, value: T) {
            let index = index.min(list.len());
            list.insert(index, value);
        }
        match entity {
            Entity::Organization(e) => put(&mut self.organizations, at.index, e),
            Entity::Ownership(e) => put(&mut self.ownerships, at.index, e),
            Entity::Location(e) => put(&mut self.locations, at.index, e),
            Entity::Tenant(e) => put(&mut self.tenants, at.index, e),
            Entity::Relationship(e) => put(&mut self.relationships, at.index, e),
            Entity::Subscription(e) => put(&mut self.subscriptions, at.index, e),
        }
    }

    /// A display name for any entity id: the organization's name for organizations, "Org (Location)"
    /// for locations, the tenant's name or id, and the id itself otherwise.
    pub fn display_name(&self, id: &str) -> String {
        match self.find(id) {
            Some(EntityRef {
                kind: EntityKind::Organization,
                index,
            }) => self.organizations[index].name.clone(),
            Some(EntityRef {
                kind: EntityKind::Location,
                index,
            }) => {
                let location = &self.locations[index];
                let org = self
                    .organizations
                    .iter()
                    .find(|o| o.id == location.organization)
                    .map_or(location.organization.as_str(), |o| o.name.as_str());
                if location.name.is_empty() {
                    org.to_owned()
                } else {
                    format!("{org} ({})", location.name)
                }
            }
            Some(EntityRef {
                kind: EntityKind::Tenant,
                index,
            }) if !self.tenants[index].name.is_empty() => self.tenants[index].name.clone(),
            _ => id.to_owned(),
        }
    }
}
