//! What the exports say, gathered while the files stream past and turned into a workspace at
//! the end: partners keyed by Partner ID and tenant, customers by tenant, subscriptions by
//! Microsoft's id. Ids are made from names only when everything is known, so they are the same
//! whatever order the facts arrived in within one run.

use chrono::NaiveDate;
use rustc_hash::FxHashMap;

use crate::model::{
    AdminKind, Country, Enrolment, EnrolmentStatus, Fact, Field, Id, IdError, Inference, Location,
    OfferKind, Organization, OrganizationKind, Purpose, Relationship, RelationshipKind, Role,
    Source, Subscription, Tenant, TenantKind, Workspace,
};

/// Where a fact was read: a file (its index among the files read) and a line. Kept small,
/// since every partner, customer and subscription carries a few while millions of rows pass.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub struct At {
    /// Index in [`Network::files`].
    pub file: u32,
    /// 1-based line.
    pub line: u64,
}

/// A partner as the exports know it: by Partner ID, tenant, or both.
#[derive(Debug, Default, Clone)]
pub struct Partner {
    /// The first line that named it.
    pub seen: At,
    /// Where its tenant, Partner ID, name and country were read.
    pub tenant_at: At,
    /// See `tenant_at`.
    pub mpn_at: At,
    /// See `tenant_at`.
    pub name_at: At,
    /// See `tenant_at`.
    pub country_at: At,
    /// The first line that showed it billing (as a provider or directly).
    pub bills_at: Option<At>,
    /// The first line that showed it as a reseller of record.
    pub resells_at: Option<At>,
    /// Its line on the reseller list.
    pub listed_at: Option<At>,
    /// Its CSP tenant (lower case).
    pub tenant: Option<String>,
    /// Its Partner ID (the location's).
    pub mpn: Option<String>,
    /// Its name, when an export gives one.
    pub name: Option<String>,
    /// Its country, from the reseller list.
    pub country: Option<Country>,
    /// Bills resellers' customers.
    pub provider: bool,
    /// Sells through a provider.
    pub reseller: bool,
    /// Bills customers directly.
    pub direct: bool,
    /// On the exporting provider's reseller list.
    pub listed: bool,
    /// Made up for the exporter of lists that no billed line names.
    pub stand_in: bool,
}

/// A customer: its tenant and what the exports say of it.
#[derive(Debug, Default, Clone)]
pub struct Customer {
    /// The first line that named it.
    pub seen: At,
    /// Where its name, domain, country and associated reseller were read.
    pub name_at: At,
    /// See `name_at`.
    pub domain_at: At,
    /// See `name_at`.
    pub country_at: At,
    /// See `name_at`.
    pub associated_at: At,
    /// Tenant id (lower case).
    pub tenant: String,
    /// Company name.
    pub name: Option<String>,
    /// Primary domain.
    pub domain: Option<String>,
    /// The tenant's country.
    pub country: Option<Country>,
    /// The reseller the customers API associates (a tenant id or Partner ID).
    pub associated: Option<String>,
    /// Seen on a billed line.
    pub billed: bool,
}

/// What is known of a subscription's reseller of record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reseller {
    /// Blank on an unbilled usage line: says nothing.
    Unknown,
    /// Blank, `0` or `-1` on a billed line: sold directly.
    Direct,
    /// A partner index.
    Of(u32),
}

/// A subscription gathered from its charge lines.
#[derive(Debug, Clone)]
pub struct Sub {
    /// Its first charge line: the id, customer, offer and stated dates.
    pub seen: At,
    /// The line that gave the current billing partner and reseller of record.
    pub reseller_at: At,
    /// The earliest charge line, where an inferred start comes from.
    pub first_charge_at: At,
    /// Microsoft's subscription id.
    pub ms_id: String,
    /// Offer name.
    pub offer: Option<String>,
    /// From the daily rated usage file: an Azure plan.
    pub azure: bool,
    /// Customer index.
    pub customer: u32,
    /// Billing partner index.
    pub biller: u32,
    /// Reseller of record.
    pub reseller: Reseller,
    /// Stated start.
    pub start: Option<NaiveDate>,
    /// Stated end.
    pub end: Option<NaiveDate>,
    /// The earliest charge start, the start's stand-in when none is stated.
    pub first_charge: Option<NaiveDate>,
    /// The latest charge start seen, to keep the latest reseller of record.
    pub last_charge: Option<NaiveDate>,
}

/// A GDAP relationship from Microsoft Graph.
#[derive(Debug, Clone)]
pub struct Gdap {
    /// Its item in the file.
    pub at: At,
    /// Graph's id.
    pub ms_id: String,
    /// Its display name.
    pub name: String,
    /// Customer index.
    pub customer: u32,
    /// Activated (or created).
    pub start: Option<NaiveDate>,
    /// Ends.
    pub end: Option<NaiveDate>,
    /// Role definition ids.
    pub roles: Vec<String>,
    /// Auto-extends.
    pub auto_extend: bool,
}

/// Everything gathered so far.
#[derive(Default)]
pub struct Network {
    /// Partners.
    pub partners: Vec<Partner>,
    by_mpn: FxHashMap<String, u32>,
    by_partner_tenant: FxHashMap<String, u32>,
    /// Customers.
    pub customers: Vec<Customer>,
    by_customer_tenant: FxHashMap<String, u32>,
    /// Subscriptions.
    pub subs: Vec<Sub>,
    /// Subscriptions by Microsoft's id read as a 128-bit number (ids are GUIDs): no string is
    /// hashed or compared per charge line.
    by_sub_guid: FxHashMap<u128, u32>,
    /// Subscriptions whose id is not a GUID.
    by_sub: FxHashMap<Box<str>, u32>,
    /// GDAP relationships.
    pub gdaps: Vec<Gdap>,
    /// Whether a reseller list or GDAP file was read (they speak for the exporting partner).
    pub needs_exporter: bool,
    /// The names of the files read (no folder), indexed by [`At::file`].
    pub files: Vec<std::sync::Arc<str>>,
}

/// Hex digit values by byte; `0xff` for anything that is not a hex digit.
const HEX: [u8; 256] = {
    let mut table = [0xff; 256];
    let mut b = 0;
    while b < 256 {
        table[b] = match b as u8 {
            c @ b'0'..=b'9' => c - b'0',
            c @ b'a'..=b'f' => c - b'a' + 10,
            c @ b'A'..=b'F' => c - b'A' + 10,
            _ => 0xff,
        };
        b += 1;
    }
    table
};

/// A GUID (`8-4-4-4-12` hex digits, any case) as a number; `None` for anything else. Read once
/// per charge line, so it looks digits up in a table and checks them all at the end.
pub fn guid(text: &str) -> Option<u128> {
    let bytes = text.as_bytes();
    if bytes.len() != 36
        || bytes[8] != b'-'
        || bytes[13] != b'-'
        || bytes[18] != b'-'
        || bytes[23] != b'-'
    {
        return None;
    }
    let mut value = 0u128;
    let mut invalid = 0u8;
    for (at, &b) in bytes.iter().enumerate() {
        if matches!(at, 8 | 13 | 18 | 23) {
            continue;
        }
        let digit = HEX[usize::from(b)];
        invalid |= digit;
        value = (value << 4) | u128::from(digit & 0x0f);
    }
    (invalid & 0xf0 == 0).then_some(value)
}

/// A reseller id that names nobody: blank, `0` or `-1`.
pub fn no_reseller(text: &str) -> bool {
    matches!(text.trim(), "" | "0" | "-1")
}

/// The workspace built, with what the report says about it.
pub struct Built {
    /// The workspace.
    pub workspace: Workspace,
    /// Holes, each with the names it concerns.
    pub holes: Vec<super::Hole>,
}

impl Network {
    /// The partner with this Partner ID and/or tenant, added when new; fills in the other key.
    pub fn partner(&mut self, tenant: Option<&str>, mpn: Option<&str>, at: At) -> u32 {
        let tenant = tenant.map(str::trim).filter(|t| !t.is_empty());
        let mpn = mpn.map(str::trim).filter(|m| !no_reseller(m));
        let found = mpn.and_then(|m| self.by_mpn.get(m).copied()).or_else(|| {
            tenant.and_then(|t| self.by_partner_tenant.get(&t.to_ascii_lowercase()).copied())
        });
        let index = found.unwrap_or_else(|| {
            self.partners.push(Partner {
                seen: at,
                ..Partner::default()
            });
            (self.partners.len() - 1) as u32
        });
        let partner = &mut self.partners[index as usize];
        if let Some(m) = mpn
            && partner.mpn.is_none()
        {
            partner.mpn = Some(m.to_owned());
            partner.mpn_at = at;
            self.by_mpn.insert(m.to_owned(), index);
        }
        if let Some(t) = tenant
            && partner.tenant.is_none()
        {
            let t = t.to_ascii_lowercase();
            partner.tenant = Some(t.clone());
            partner.tenant_at = at;
            self.by_partner_tenant.insert(t, index);
        }
        index
    }

    /// The partner named by a tenant id or Partner ID, when known.
    pub fn partner_by_any(&self, key: &str) -> Option<u32> {
        self.by_mpn
            .get(key)
            .or_else(|| self.by_partner_tenant.get(&key.to_ascii_lowercase()))
            .copied()
    }

    /// The customer with this tenant, added when new.
    pub fn customer(&mut self, tenant: &str, at: At) -> u32 {
        let tenant = tenant.trim().to_ascii_lowercase();
        if let Some(&index) = self.by_customer_tenant.get(&tenant) {
            return index;
        }
        let index = self.customers.len() as u32;
        self.customers.push(Customer {
            seen: at,
            tenant: tenant.clone(),
            ..Customer::default()
        });
        self.by_customer_tenant.insert(tenant, index);
        index
    }

    /// The subscription with Microsoft's id `ms_id`, when already seen.
    pub fn sub_index(&self, ms_id: &str) -> Option<u32> {
        match guid(ms_id) {
            Some(key) => self.by_sub_guid.get(&key).copied(),
            None => self.by_sub.get(ms_id).copied(),
        }
    }

    /// Adds a subscription seen for the first time.
    pub fn add_sub(&mut self, sub: Sub) -> u32 {
        let index = self.subs.len() as u32;
        match guid(&sub.ms_id) {
            Some(key) => {
                self.by_sub_guid.insert(key, index);
            }
            None => {
                self.by_sub
                    .insert(sub.ms_id.clone().into_boxed_str(), index);
            }
        }
        self.subs.push(sub);
        index
    }

    /// The workspace, evaluated at `as_of`.
    pub fn build(self, as_of: NaiveDate) -> Result<Built, IdError> {
        Builder::new(self, as_of)?.build()
    }
}

/// Readable unique ids: the base, then `-2`, `-3`, ... for the next ones with the same base.
///
/// Ids taken are remembered by a 64-bit hash, not by their text: an import makes half a
/// million of them and keeping a second copy of each costs time and memory. Two different ids
/// with one hash (about one chance in 10^8 for a million ids) only make the later one take the
/// next suffix; the result is still unique and the same on every run.
#[derive(Default)]
struct Ids {
    taken: rustc_hash::FxHashSet<u64>,
    /// The next suffix to try per base, so a name shared by thousands of customers costs one
    /// probe per id, not one per earlier namesake.
    next: FxHashMap<u64, u32>,
}

fn hash_of(text: &str) -> u64 {
    use std::hash::BuildHasher;
    rustc_hash::FxBuildHasher.hash_one(text)
}

impl Ids {
    /// `base` made into an id, with `-2`, `-3`, ... when taken.
    fn take(&mut self, base: &str) -> Result<Id, IdError> {
        let base = if base.is_empty() { "imported" } else { base };
        let mut candidate = base.to_owned();
        let mut hash = hash_of(&candidate);
        if self.taken.contains(&hash) {
            let n = self.next.entry(hash_of(base)).or_insert(2);
            loop {
                candidate = format!("{base}-{n}");
                hash = hash_of(&candidate);
                *n += 1;
                if !self.taken.contains(&hash) {
                    break;
                }
            }
        }
        self.taken.insert(hash);
        Id::new(candidate)
    }
}

/// Lower-case ASCII letters and digits joined by hyphens; empty for names in other scripts.
pub fn slug(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c.to_ascii_lowercase());
        } else if !out.is_empty() && !out.ends_with('-') {
            out.push('-');
        }
        if out.len() >= 40 {
            break;
        }
    }
    out.trim_end_matches('-').to_owned()
}

/// The first label of a domain: `fujishoji` for `fujishoji.onmicrosoft.com`.
fn domain_slug(domain: &str) -> String {
    slug(domain.split('.').next().unwrap_or_default())
}

/// What the exports show of one relationship: where it was stated, listed or billed, and its
/// earliest start with the line that gave it.
#[derive(Default)]
struct Shown {
    /// Stated outright (a customer's associated reseller).
    stated: Option<At>,
    /// On a list that speaks for the exporting partner.
    listed: Option<At>,
    /// The first billed line showing it.
    billed: Option<At>,
    /// The earliest subscription start, and where.
    start: Option<(NaiveDate, At)>,
}

impl Shown {
    fn billed(&mut self, at: At, start: Option<(NaiveDate, At)>) {
        if self.billed.is_none_or(|b| at < b) {
            self.billed = Some(at);
        }
        if let Some(start) = start
            && self.start.is_none_or(|s| start < s)
        {
            self.start = Some(start);
        }
    }
}

/// The provider → reseller and seller → customer pairs the exports show, in pair order, with
/// where each was shown and its earliest start.
#[derive(Default)]
struct Gathered {
    partnerships: Vec<((u32, u32), Shown)>,
    resellers: Vec<((u32, u32), Shown)>,
}

/// Works out [`Gathered`] from what was read; reads only, so it runs beside the builder.
fn gather(net: &Network, exporter: Option<u32>) -> Gathered {
    // Hashed while gathering, sorted once at the end: ids follow the pairs' order, so the
    // same input gives the same ids.
    let mut partnerships: FxHashMap<(u32, u32), Shown> = FxHashMap::default();
    let mut resellers: FxHashMap<(u32, u32), Shown> = FxHashMap::default();
    for sub in &net.subs {
        let start = sub
            .start
            .map(|d| (d, sub.seen))
            .or(sub.first_charge.map(|d| (d, sub.first_charge_at)));
        resellers
            .entry((sub.biller, sub.customer))
            .or_default()
            .billed(sub.seen, start);
        if let Reseller::Of(r) = sub.reseller {
            partnerships
                .entry((sub.biller, r))
                .or_default()
                .billed(sub.seen, start);
            resellers
                .entry((r, sub.customer))
                .or_default()
                .billed(sub.seen, start);
        }
    }
    if let Some(exporter) = exporter {
        for (p, partner) in net.partners.iter().enumerate() {
            if let Some(at) = partner.listed_at
                && p as u32 != exporter
            {
                partnerships.entry((exporter, p as u32)).or_default().listed = Some(at);
            }
        }
        for (c, customer) in net.customers.iter().enumerate() {
            if let Some(r) = customer
                .associated
                .as_deref()
                .and_then(|a| net.partner_by_any(a))
            {
                let at = customer.associated_at;
                resellers.entry((r, c as u32)).or_default().stated = Some(at);
                resellers.entry((exporter, c as u32)).or_default().listed = Some(at);
            }
        }
    }
    let mut partnerships: Vec<_> = partnerships.into_iter().collect();
    partnerships.sort_unstable_by_key(|(pair, _)| *pair);
    let mut resellers: Vec<_> = resellers.into_iter().collect();
    resellers.sort_unstable_by_key(|(pair, _)| *pair);
    Gathered {
        partnerships,
        resellers,
    }
}

/// At most `max` bytes of an ASCII slug, without a trailing hyphen.
fn short(slug: &str, max: usize) -> &str {
    slug.get(..max.min(slug.len()))
        .unwrap_or(slug)
        .trim_end_matches('-')
}

struct Builder {
    net: Network,
    /// The files' names, for sources, kept apart from `net` so partners and customers can be
    /// made while another thread reads `net`.
    files: Vec<std::sync::Arc<str>>,
    ids: Ids,
    ws: Workspace,
    microsoft: Id,
    /// Per partner: organization, location, CSP tenant.
    partner_ids: Vec<(Id, Id, Id)>,
    /// Per customer: organization, tenant.
    customer_ids: Vec<(Id, Id)>,
    /// Several billing partners: the lists and GDAP file cannot be attributed to one.
    unattributed: bool,
}

impl Builder {
    fn new(net: Network, as_of: NaiveDate) -> Result<Self, IdError> {
        let mut ids = Ids::default();
        let microsoft = ids.take("microsoft")?;
        Ok(Self {
            files: net.files.clone(),
            net,
            ids,
            ws: Workspace::new(as_of),
            microsoft,
            partner_ids: Vec::new(),
            customer_ids: Vec::new(),
            unattributed: false,
        })
    }

    /// A source stating `fields` at `at`.
    fn stated(&self, at: At, fields: &[Field]) -> Source {
        Source {
            file: self
                .files
                .get(at.file as usize)
                .cloned()
                .unwrap_or_else(|| "".into()),
            line: at.line,
            fields: crate::model::Fields::of(fields),
            inferred: None,
        }
    }

    /// A source `fields` were inferred from.
    fn inferred(&self, at: At, fields: &[Field], how: Inference) -> Source {
        Source {
            inferred: Some(how),
            ..self.stated(at, fields)
        }
    }

    /// The partner that exported the reseller lists, customer JSON and GDAP file: the one
    /// billing partner of the reconciliation files, a stand-in when there is none, and nobody
    /// when there are several (the exports do not say which one exported them).
    fn exporter(&mut self) -> Option<u32> {
        if !self.net.needs_exporter {
            return None;
        }
        let billing: Vec<u32> = (0..self.net.partners.len() as u32)
            .filter(|&p| {
                let partner = &self.net.partners[p as usize];
                partner.provider || partner.direct
            })
            .collect();
        match billing.as_slice() {
            [only] => Some(*only),
            [] => {
                // The first line that speaks for the unnamed exporter implies it.
                let net = &self.net;
                let first = net
                    .partners
                    .iter()
                    .filter_map(|p| p.listed_at)
                    .chain(
                        net.customers
                            .iter()
                            .filter(|c| c.associated.is_some())
                            .map(|c| c.associated_at),
                    )
                    .chain(net.gdaps.iter().map(|g| g.at))
                    .min()
                    .unwrap_or_default();
                self.net.partners.push(Partner {
                    seen: first,
                    name: Some("Exporting partner (not named by the exports)".to_owned()),
                    provider: true,
                    stand_in: true,
                    ..Partner::default()
                });
                Some((self.net.partners.len() - 1) as u32)
            }
            _ => {
                self.unattributed = true;
                None
            }
        }
    }

    fn build(mut self) -> Result<Built, IdError> {
        let exporter = self.exporter();
        if let Some(exporter) = exporter {
            let listed: Vec<usize> = (0..self.net.partners.len())
                .filter(|&p| self.net.partners[p].listed)
                .collect();
            for p in listed {
                self.net.partners[p].reseller = true;
            }
            self.net.partners[exporter as usize].provider |=
                !self.net.partners.iter().all(|p| !p.listed);
        }
        self.ws.organizations.push(Organization {
            id: self.microsoft.clone(),
            name: "Microsoft".to_owned(),
            kind: OrganizationKind::Microsoft,
            country: None,
            registration_id: Fact::Unknown,
            mca_accepted: Fact::Unknown,
            mca_attested_by: None,
            sources: Vec::new(),
        });
        // Which relationships the exports show is worked out on a second core while the
        // partners and customers are made on this one.
        let net = std::mem::take(&mut self.net);
        let made = std::thread::scope(|scope| {
            let gathering = scope.spawn(|| gather(&net, exporter));
            let made = self.partners(&net).and_then(|()| self.customers(&net));
            match gathering.join() {
                Ok(gathered) => made.map(|()| gathered),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        });
        self.net = net;
        let inferred = self.relationships(made?)?;
        self.subscriptions()?;
        self.gdaps(exporter)?;
        let holes = self.holes(inferred);
        Ok(Built {
            workspace: self.ws,
            holes,
        })
    }

    fn partners(&mut self, net: &Network) -> Result<(), IdError> {
        let count = net.partners.len();
        self.ws.organizations.reserve(count + net.customers.len());
        self.ws.locations.reserve(count);
        self.ws.tenants.reserve(count + net.customers.len());
        for partner in &net.partners {
            let base = match (&partner.name, &partner.mpn) {
                (Some(name), _) if !slug(name).is_empty() => slug(name),
                (_, Some(mpn)) => format!("partner-{}", slug(mpn)),
                _ => "partner".to_owned(),
            };
            let org = self.ids.take(&base)?;
            let location = self.ids.take(&format!("{org}-l"))?;
            let tenant = self.ids.take(&format!("{org}-t"))?;
            let name = partner.name.clone().unwrap_or_else(|| match &partner.mpn {
                Some(mpn) => format!("Partner ID {mpn}"),
                None => "Partner (not named by the exports)".to_owned(),
            });
            let seen = if partner.stand_in {
                self.inferred(partner.seen, &[Field::Entity], Inference::ExportingPartner)
            } else {
                self.stated(partner.seen, &[Field::Entity])
            };
            let mut sources = vec![seen.clone()];
            if partner.name.is_some() && !partner.stand_in {
                sources.push(self.stated(partner.name_at, &[Field::Name]));
            }
            self.ws.organizations.push(Organization {
                id: org.clone(),
                name,
                kind: OrganizationKind::Company,
                country: partner.country,
                registration_id: Fact::Unknown,
                mca_accepted: Fact::Unknown,
                mca_attested_by: None,
                sources,
            });
            let mut enrolments = Vec::new();
            for (flag, role) in [
                (partner.provider, Role::IndirectProvider),
                (partner.direct, Role::DirectBill),
                (partner.reseller, Role::IndirectReseller),
            ] {
                if flag {
                    enrolments.push(Enrolment {
                        role,
                        enrolled: None,
                        status: EnrolmentStatus::Active,
                        status_date: None,
                    });
                }
            }
            let mut sources = vec![seen];
            if partner.stand_in {
                sources.push(self.inferred(
                    partner.seen,
                    &[Field::Roles],
                    Inference::ExportingPartner,
                ));
            }
            if partner.mpn.is_some() {
                sources.push(self.stated(partner.mpn_at, &[Field::PartnerId]));
            }
            if partner.country.is_some() {
                sources.push(self.stated(partner.country_at, &[Field::Country]));
            }
            if let Some(at) = partner.listed_at {
                sources.push(self.stated(at, &[Field::Roles]));
            } else if let Some(at) = partner.resells_at {
                sources.push(self.inferred(at, &[Field::Roles], Inference::RoleFromLines));
            }
            if let Some(at) = partner.bills_at {
                sources.push(self.inferred(at, &[Field::Roles], Inference::RoleFromLines));
            }
            self.ws.locations.push(Location {
                id: location.clone(),
                organization: org.clone(),
                name: String::new(),
                partner_id: partner.mpn.clone(),
                country: partner.country,
                csp_tenant: Some(tenant.clone()),
                onboarded: Fact::Unknown,
                enrolments,
                mpa_signed: Fact::Unknown,
                capabilities: Default::default(),
                revenue_ttm_usd: None,
                sources,
            });
            let mut sources = vec![match partner.tenant {
                Some(_) => self.stated(partner.tenant_at, &[Field::Entity, Field::DirectoryId]),
                None => self.inferred(partner.seen, &[Field::Entity], Inference::Implied),
            }];
            if partner.country.is_some() {
                sources.push(self.stated(partner.country_at, &[Field::Country]));
            }
            self.ws.tenants.push(Tenant {
                id: tenant.clone(),
                name: String::new(),
                owner: Some(org.clone()),
                kind: TenantKind::CspPartner,
                country: partner.country,
                directory_id: partner.tenant.clone(),
                sources,
            });
            if partner.provider || partner.direct {
                let id = self.ids.take(&format!("{org}-s"))?;
                let source = match partner.bills_at {
                    Some(at) => self.inferred(at, &[Field::Entity], Inference::BilledLine),
                    None => self.inferred(partner.seen, &[Field::Entity], Inference::Implied),
                };
                self.ws.relationships.push(Relationship {
                    id,
                    kind: RelationshipKind::Supply,
                    from: self.microsoft.clone(),
                    to: location.clone(),
                    start: None,
                    requested: None,
                    end: None,
                    microsoft_id: None,
                    sources: vec![source],
                });
            }
            self.partner_ids.push((org, location, tenant));
        }
        Ok(())
    }

    fn customers(&mut self, net: &Network) -> Result<(), IdError> {
        for customer in &net.customers {
            let base = match (&customer.name, &customer.domain) {
                (Some(name), _) if !slug(name).is_empty() => slug(name),
                (_, Some(domain)) if !domain_slug(domain).is_empty() => domain_slug(domain),
                _ => format!("customer-{}", slug(customer.tenant.get(..8).unwrap_or("x"))),
            };
            let name = customer
                .name
                .clone()
                .or_else(|| customer.domain.clone())
                .unwrap_or_else(|| customer.tenant.clone());
            let domain = customer.domain.clone().unwrap_or_default();
            let (country, tenant_guid) = (customer.country, customer.tenant.clone());
            let mut org_sources = vec![self.stated(customer.seen, &[Field::Entity])];
            let mut tenant_sources =
                vec![self.stated(customer.seen, &[Field::Entity, Field::DirectoryId])];
            if customer.name.is_some() {
                org_sources.push(self.stated(customer.name_at, &[Field::Name]));
            } else if customer.domain.is_some() {
                org_sources.push(self.stated(customer.domain_at, &[Field::Name]));
            }
            if customer.domain.is_some() {
                tenant_sources.push(self.stated(customer.domain_at, &[Field::Name]));
            }
            if country.is_some() {
                tenant_sources.push(self.stated(customer.country_at, &[Field::Country]));
            }
            let org = self.ids.take(&base)?;
            let tenant = self.ids.take(&format!("{org}-t"))?;
            self.ws.organizations.push(Organization {
                id: org.clone(),
                name,
                kind: OrganizationKind::Company,
                country: None,
                registration_id: Fact::Unknown,
                mca_accepted: Fact::Unknown,
                mca_attested_by: None,
                sources: org_sources,
            });
            self.ws.tenants.push(Tenant {
                id: tenant.clone(),
                name: domain,
                owner: Some(org.clone()),
                kind: TenantKind::Customer,
                country,
                directory_id: Some(tenant_guid),
                sources: tenant_sources,
            });
            self.customer_ids.push((org, tenant));
        }
        Ok(())
    }

    fn location(&self, partner: u32) -> Id {
        self.partner_ids[partner as usize].1.clone()
    }

    /// Partnerships and reseller relationships, started (inferred) at the earliest subscription
    /// that shows them; returns how many starts were inferred.
    fn relationships(&mut self, gathered: Gathered) -> Result<usize, IdError> {
        let Gathered {
            partnerships,
            resellers,
        } = gathered;
        self.ws
            .relationships
            .reserve(partnerships.len() + resellers.len() + self.net.partners.len());
        let mut inferred = 0;
        for ((provider, reseller), shown) in partnerships {
            let from = self.location(provider);
            let to = self.location(reseller);
            let id = self
                .ids
                .take(&format!("{}-p", self.partner_ids[reseller as usize].0))?;
            inferred += usize::from(shown.start.is_some());
            let sources = self.shown_sources(&shown);
            self.ws.relationships.push(Relationship {
                id,
                kind: RelationshipKind::Partnership,
                from,
                to,
                start: shown.start.map(|(d, _)| d),
                requested: None,
                end: None,
                microsoft_id: None,
                sources,
            });
        }
        for ((partner, customer), shown) in resellers {
            let from = self.location(partner);
            let (org, to) = self.customer_ids[customer as usize].clone();
            let id = self.ids.take(&format!("{org}-r"))?;
            inferred += usize::from(shown.start.is_some());
            let sources = self.shown_sources(&shown);
            self.ws.relationships.push(Relationship {
                id,
                kind: RelationshipKind::Reseller,
                from,
                to,
                start: shown.start.map(|(d, _)| d),
                requested: None,
                end: None,
                microsoft_id: None,
                sources,
            });
        }
        Ok(inferred)
    }

    /// Where a relationship the exports show came from.
    fn shown_sources(&self, shown: &Shown) -> Vec<Source> {
        let mut sources = Vec::new();
        if let Some(at) = shown.stated {
            sources.push(self.stated(at, &[Field::Entity]));
        }
        if let Some(at) = shown.listed {
            sources.push(self.inferred(at, &[Field::Entity], Inference::ExportingPartner));
        }
        if let Some(at) = shown.billed {
            sources.push(self.inferred(at, &[Field::Entity], Inference::BilledLine));
        }
        if let Some((_, at)) = shown.start {
            sources.push(self.inferred(at, &[Field::Start], Inference::EarliestSubscriptionStart));
        }
        sources
    }

    fn subscriptions(&mut self) -> Result<(), IdError> {
        self.ws.subscriptions.reserve(self.net.subs.len());
        for s in 0..self.net.subs.len() {
            // Moved, not copied: half a million strings. The holes still name the
            // subscriptions whose reseller of record is unknown by Microsoft's id.
            let sub = &mut self.net.subs[s];
            let ms_id = if sub.reseller == Reseller::Unknown {
                sub.ms_id.clone()
            } else {
                std::mem::take(&mut sub.ms_id)
            };
            let offer_name = sub.offer.take().unwrap_or_default();
            let sub = &self.net.subs[s];
            let (customer_org, customer_tenant) = self.customer_ids[sub.customer as usize].clone();
            let offer = slug(&offer_name);
            let base = format!(
                "{}-{}",
                short(customer_org.as_str(), 30),
                if offer.is_empty() {
                    "sub"
                } else {
                    short(&offer, 24)
                }
            );
            let reseller_of_record = match sub.reseller {
                Reseller::Unknown => Fact::Unknown,
                Reseller::Direct => Fact::Absent,
                Reseller::Of(r) => Fact::Stated(self.location(r)),
            };
            let offer_kind = if sub.azure {
                OfferKind::AzurePlan
            } else {
                OfferKind::LicenceBased
            };
            let mut first = vec![Field::Entity, Field::MicrosoftId, Field::Offer];
            first.extend(sub.start.map(|_| Field::Start));
            first.extend(sub.end.map(|_| Field::End));
            let mut billing = vec![Field::BilledBy];
            if sub.reseller != Reseller::Unknown {
                billing.push(Field::ResellerOfRecord);
            }
            let mut sources = if sub.reseller_at == sub.seen {
                first.extend(billing);
                vec![self.stated(sub.seen, &first)]
            } else {
                vec![
                    self.stated(sub.seen, &first),
                    self.stated(sub.reseller_at, &billing),
                ]
            };
            if sub.start.is_none() && sub.first_charge.is_some() {
                sources.push(self.inferred(
                    sub.first_charge_at,
                    &[Field::Start],
                    Inference::EarliestCharge,
                ));
            }
            let subscription = Subscription {
                id: self.ids.take(&base)?,
                offer: offer_name,
                offer_kind,
                tenant: customer_tenant,
                billed_by: self.location(sub.biller),
                reseller_of_record,
                purpose: Purpose::Resale,
                start: sub.start.or(sub.first_charge),
                end: sub.end,
                partner_of_record_changes: Vec::new(),
                microsoft_id: Some(ms_id),
                sources,
            };
            self.ws.subscriptions.push(subscription);
        }
        Ok(())
    }

    fn gdaps(&mut self, exporter: Option<u32>) -> Result<(), IdError> {
        let Some(exporter) = exporter else {
            return Ok(());
        };
        for g in 0..self.net.gdaps.len() {
            let gdap = self.net.gdaps[g].clone();
            let (org, tenant) = self.customer_ids[gdap.customer as usize].clone();
            let base = match slug(&gdap.name) {
                s if s.is_empty() => {
                    format!("gdap-{}", slug(gdap.ms_id.get(..8).unwrap_or(org.as_str())))
                }
                s => format!("gdap-{s}"),
            };
            let id = self.ids.take(&base)?;
            let mut stated = vec![Field::Entity, Field::MicrosoftId, Field::Access];
            stated.extend(gdap.start.map(|_| Field::Start));
            stated.extend(gdap.end.map(|_| Field::End));
            let sources = vec![
                self.stated(gdap.at, &stated),
                self.inferred(gdap.at, &[Field::Entity], Inference::ExportingPartner),
            ];
            self.ws.relationships.push(Relationship {
                id,
                kind: RelationshipKind::Admin {
                    access: AdminKind::Gdap,
                    roles: gdap.roles,
                    auto_extend: gdap.auto_extend,
                },
                from: self.location(exporter),
                to: tenant,
                start: gdap.start,
                requested: None,
                end: gdap.end,
                microsoft_id: Some(gdap.ms_id),
                sources,
            });
        }
        Ok(())
    }

    fn holes(&self, inferred: usize) -> Vec<super::Hole> {
        let mut holes = Vec::new();
        let unbilled: Vec<String> = self
            .net
            .customers
            .iter()
            .zip(&self.customer_ids)
            .filter(|(c, _)| !c.billed && c.associated.is_none())
            .map(|(c, _)| {
                c.name
                    .clone()
                    .or_else(|| c.domain.clone())
                    .unwrap_or_else(|| c.tenant.clone())
            })
            .collect();
        holes.push(super::Hole::new(
            super::HoleKind::UnbilledCustomers,
            unbilled,
        ));
        let unnamed: Vec<String> = self
            .net
            .partners
            .iter()
            .filter(|p| p.reseller && p.name.is_none())
            .filter_map(|p| p.mpn.clone())
            .map(|mpn| format!("Partner ID {mpn}"))
            .collect();
        holes.push(super::Hole::new(super::HoleKind::UnnamedResellers, unnamed));
        let unknown_reseller: Vec<String> = self
            .net
            .subs
            .iter()
            .filter(|s| s.reseller == Reseller::Unknown)
            .map(|s| s.ms_id.clone())
            .collect();
        holes.push(super::Hole::new(
            super::HoleKind::UnknownResellerOfRecord,
            unknown_reseller,
        ));
        let locations = self.ws.locations.len();
        let partnerships = self
            .ws
            .relationships
            .iter()
            .filter(|r| r.kind == RelationshipKind::Partnership)
            .count();
        holes.push(super::Hole::counted(super::HoleKind::NoMpaDate, locations));
        holes.push(super::Hole::counted(
            super::HoleKind::NoOnboardingDate,
            locations,
        ));
        holes.push(super::Hole::counted(
            super::HoleKind::NoInvitationDate,
            partnerships,
        ));
        holes.push(super::Hole::counted(
            super::HoleKind::InferredStarts,
            inferred,
        ));
        if self.unattributed {
            holes.push(super::Hole::counted(
                super::HoleKind::UnattributedGdap,
                self.net.gdaps.len(),
            ));
        }
        holes.retain(|h| h.count > 0);
        holes
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn guids_are_read_in_any_case_and_other_ids_are_not() {
        let lower = guid("5e5e0001-0000-4000-8000-00000000a001");
        assert!(lower.is_some());
        assert_eq!(guid("5E5E0001-0000-4000-8000-00000000A001"), lower);
        assert_eq!(guid("5e5e0001-0000-4000-8000-00000000a00"), None);
        assert_eq!(guid("5e5e0001x0000-4000-8000-00000000a001"), None);
        assert_eq!(guid("5e5e0001-0000-4000-8000-00000000a00g"), None);
    }

    #[test]
    fn a_name_shared_by_many_gets_numbered_ids() {
        let mut ids = Ids::default();
        let taken: Vec<String> = (0..4)
            .map(|_| {
                ids.take("contoso")
                    .map(|id| id.to_string())
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(taken, ["contoso", "contoso-2", "contoso-3", "contoso-4"]);
        // A base that is itself a numbered id of another is skipped over.
        assert_eq!(
            ids.take("contoso-5")
                .map(|id| id.to_string())
                .ok()
                .as_deref(),
            Some("contoso-5")
        );
        assert_eq!(
            ids.take("contoso").map(|id| id.to_string()).ok().as_deref(),
            Some("contoso-6")
        );
    }
}
