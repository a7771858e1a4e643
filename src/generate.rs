//! Synthetic CSP networks for scale tests, benchmarks and demos.
//!
//! [`generate`] builds a realistic network from a few numbers: Microsoft; indirect providers and
//! direct bill partners in several markets of the bundled region table; indirect resellers each
//! partnered with a provider of their own market; customers each buying from a reseller (billed by
//! its provider) or from a direct bill partner. Dates follow the program's history (onboarding,
//! enrolment and MPA before 2020; MCA acceptance before any subscription starts), so a network
//! generated without violations passes every rule. With [`GenerateOptions::violations`], about 1 %
//! of resellers and customers carry one deliberate fault each, spread over several rules.
//!
//! The same options always give the same workspace: all randomness comes from one seeded
//! [`fastrand::Rng`], and nothing reads the clock.

use chrono::{Days, Months, NaiveDate};
use fastrand::Rng;

use crate::model::{
    AdminKind, Capabilities, Country, Enrolment, EnrolmentStatus, Fact, Id, IdError, Location,
    Narrative, OfferKind, Organization, OrganizationKind, Ownership, Purpose, RegionTable,
    Relationship, RelationshipKind, Role, Subscription, Tenant, TenantKind, Workspace,
};

/// What [`generate`] builds.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GenerateOptions {
    /// Indirect reseller organizations, one location and one CSP tenant each.
    pub resellers: usize,
    /// Customer organizations, one customer tenant each.
    pub customers: usize,
    /// The seed: the same options always give the same workspace.
    pub seed: u64,
    /// Plants deliberate violations in about 1 % of the resellers and customers.
    pub violations: bool,
}

impl Default for GenerateOptions {
    fn default() -> Self {
        Self {
            resellers: 50,
            customers: 1_000,
            seed: 1,
            violations: false,
        }
    }
}

impl GenerateOptions {
    /// Options for a network of about `entities` entities ([`Workspace::entity_count`]), with one
    /// reseller per 20 customers (the proportion of a large distributor: 50,000 resellers and
    /// 1,000,000 customers).
    pub fn about_entities(entities: usize, seed: u64) -> Self {
        // Measured: about 5.6 entities per customer and 4.1 per reseller, plus a few dozen for
        // Microsoft, providers and direct bill partners.
        let customers = entities.saturating_sub(40).saturating_mul(20) / 117;
        Self {
            resellers: customers / 20,
            customers,
            seed,
            violations: false,
        }
    }
}

/// The as-of date of every generated workspace.
pub fn as_of() -> NaiveDate {
    ymd(2026, 1, 1)
}

/// Builds a synthetic network; see the module documentation. Any numbers are accepted, zeros too.
pub fn generate(options: &GenerateOptions) -> Workspace {
    // Every id is built from a fixed pattern and a number, so `Id::new` cannot refuse one; the
    // fallback only keeps this function free of panics.
    Builder::new(options)
        .build()
        .unwrap_or_else(|_| Workspace::new(as_of()))
}

// ---------------------------------------------------------------------------------------------
// Static data: markets, countries, names.

/// A country the generator places partners and customers in.
struct CountrySpec {
    code: &'static str,
    weight: u32,
    /// Legal forms for Latin-script company names.
    forms: &'static [&'static str],
    cities: &'static [&'static str],
    /// CSP504: the program requires a registration ID here.
    registration_required: bool,
}

/// A market (region) of the region table.
struct MarketSpec {
    region: &'static str,
    /// Short code used in provider and direct bill partner ids.
    short: &'static str,
    weight: u32,
    /// Names are mostly Japanese here.
    japanese: bool,
    countries: &'static [CountrySpec],
}

const fn country(
    code: &'static str,
    weight: u32,
    forms: &'static [&'static str],
    cities: &'static [&'static str],
    registration_required: bool,
) -> CountrySpec {
    CountrySpec {
        code,
        weight,
        forms,
        cities,
        registration_required,
    }
}

/// Markets in the order they are taken: a small network uses the first three.
const MARKETS: &[MarketSpec] = &[
    MarketSpec {
        region: "Japan",
        short: "jp",
        weight: 16,
        japanese: true,
        countries: &[country(
            "JP",
            1,
            &["KK", "G.K."],
            &[
                "Tokyo", "Osaka", "Nagoya", "Fukuoka", "Sapporo", "Sendai", "Yokohama",
            ],
            false,
        )],
    },
    MarketSpec {
        region: "Europe",
        short: "eu",
        weight: 30,
        japanese: false,
        countries: &[
            country(
                "DE",
                7,
                &["GmbH", "AG", "GmbH & Co. KG"],
                &["Berlin", "München", "Hamburg", "Köln", "Frankfurt"],
                false,
            ),
            country(
                "FR",
                5,
                &["SAS", "SARL", "SA"],
                &["Paris", "Lyon", "Marseille", "Toulouse", "Lille"],
                false,
            ),
            country(
                "GB",
                5,
                &["Ltd", "plc"],
                &["London", "Manchester", "Leeds", "Bristol"],
                false,
            ),
            country(
                "IT",
                4,
                &["S.r.l.", "S.p.A."],
                &["Milano", "Roma", "Torino", "Bologna"],
                false,
            ),
            country(
                "ES",
                3,
                &["S.L.", "S.A."],
                &["Madrid", "Barcelona", "Valencia", "Sevilla"],
                false,
            ),
            country(
                "NL",
                3,
                &["B.V."],
                &["Amsterdam", "Rotterdam", "Utrecht"],
                false,
            ),
            country(
                "PL",
                2,
                &["Sp. z o.o.", "S.A."],
                &["Warszawa", "Kraków", "Wrocław"],
                true,
            ),
            country("SE", 2, &["AB"], &["Stockholm", "Göteborg", "Malmö"], false),
            country("AT", 1, &["GmbH"], &["Wien", "Graz", "Linz"], false),
            country(
                "BE",
                1,
                &["SA", "BV"],
                &["Bruxelles", "Antwerpen", "Gent"],
                false,
            ),
            country("IE", 1, &["Ltd"], &["Dublin", "Cork"], false),
            country(
                "CH",
                1,
                &["AG", "SA"],
                &["Zürich", "Genève", "Basel"],
                false,
            ),
        ],
    },
    MarketSpec {
        region: "United States",
        short: "us",
        weight: 30,
        japanese: false,
        countries: &[country(
            "US",
            1,
            &["Inc.", "LLC", "Corp."],
            &[
                "Seattle", "New York", "Chicago", "Austin", "Atlanta", "Denver",
            ],
            false,
        )],
    },
    MarketSpec {
        region: "Brazil",
        short: "br",
        weight: 6,
        japanese: false,
        countries: &[country(
            "BR",
            1,
            &["Ltda.", "S.A."],
            &["São Paulo", "Rio de Janeiro", "Belo Horizonte", "Curitiba"],
            true,
        )],
    },
    MarketSpec {
        region: "Australia",
        short: "au",
        weight: 5,
        japanese: false,
        countries: &[country(
            "AU",
            1,
            &["Pty Ltd"],
            &["Sydney", "Melbourne", "Brisbane", "Perth"],
            false,
        )],
    },
    MarketSpec {
        region: "Canada",
        short: "ca",
        weight: 5,
        japanese: false,
        countries: &[country(
            "CA",
            1,
            &["Inc.", "Ltd"],
            &["Toronto", "Vancouver", "Montréal", "Calgary"],
            false,
        )],
    },
    MarketSpec {
        region: "India",
        short: "in",
        weight: 5,
        japanese: false,
        countries: &[country(
            "IN",
            1,
            &["Pvt Ltd", "Ltd"],
            &["Bengaluru", "Mumbai", "Pune", "Hyderabad"],
            true,
        )],
    },
    MarketSpec {
        region: "Korea, Republic of",
        short: "kr",
        weight: 3,
        japanese: false,
        countries: &[country(
            "KR",
            1,
            &["Co., Ltd."],
            &["Seoul", "Busan", "Incheon"],
            false,
        )],
    },
];

/// (display, ASCII slug) pairs.
type Word = (&'static str, &'static str);

const LATIN_PREFIXES: &[Word] = &[
    ("Alpen", "alpen"),
    ("Nordwind", "nordwind"),
    ("Rhône", "rhone"),
    ("Atlas", "atlas"),
    ("Blue Harbor", "blueharbor"),
    ("Silverline", "silverline"),
    ("Contoso", "contoso"),
    ("Fabrikam", "fabrikam"),
    ("Northwind", "northwind"),
    ("Tailspin", "tailspin"),
    ("Lumière", "lumiere"),
    ("Vento", "vento"),
    ("Solaris", "solaris"),
    ("Granite", "granite"),
    ("Maple", "maple"),
    ("Aurora", "aurora"),
    ("Kestrel", "kestrel"),
    ("Ibis", "ibis"),
    ("Costa", "costa"),
    ("Helios", "helios"),
    ("Orion", "orion"),
    ("Cedar", "cedar"),
    ("Riverside", "riverside"),
    ("Zephyr", "zephyr"),
    ("Mosel", "mosel"),
    ("Tejo", "tejo"),
    ("Danubia", "danubia"),
    ("Ipê", "ipe"),
    ("Sakura", "sakura"),
    ("Fjord", "fjord"),
];

const LATIN_PARTNER_CORES: &[Word] = &[
    ("IT Partner", "itpartner"),
    ("Systems", "systems"),
    ("Cloud", "cloud"),
    ("Solutions", "solutions"),
    ("Consulting", "consulting"),
    ("Networks", "networks"),
    ("Digital", "digital"),
    ("Datentechnik", "datentechnik"),
    ("Informatique", "informatique"),
    ("Tech", "tech"),
];

const LATIN_CUSTOMER_CORES: &[Word] = &[
    ("Maschinenbau", "maschinenbau"),
    ("Logistics", "logistics"),
    ("Foods", "foods"),
    ("Pharma", "pharma"),
    ("Textiles", "textiles"),
    ("Bakery", "bakery"),
    ("Motors", "motors"),
    ("Dental", "dental"),
    ("Architects", "architects"),
    ("Hotels", "hotels"),
    ("Energy", "energy"),
    ("Retail", "retail"),
    ("Insurance", "insurance"),
    ("Construction", "construction"),
    ("Atelier", "atelier"),
    ("Vineyards", "vineyards"),
    ("Clinic", "clinic"),
    ("Publishing", "publishing"),
];

const JAPANESE_PREFIXES: &[Word] = &[
    ("桜", "sakura"),
    ("富士", "fuji"),
    ("大和", "yamato"),
    ("青葉", "aoba"),
    ("みなと", "minato"),
    ("なにわ", "naniwa"),
    ("北斗", "hokuto"),
    ("朝日", "asahi"),
    ("若葉", "wakaba"),
    ("東海", "tokai"),
    ("瀬戸内", "setouchi"),
    ("京都", "kyoto"),
    ("ひかり", "hikari"),
    ("日本橋", "nihonbashi"),
    ("信濃", "shinano"),
    ("三河", "mikawa"),
    ("千代田", "chiyoda"),
    ("あおぞら", "aozora"),
];

const JAPANESE_PARTNER_CORES: &[Word] = &[
    ("システムズ", "systems"),
    ("ITソリューションズ", "itsol"),
    ("情報システム", "joho"),
    ("クラウド", "cloud"),
    ("テクノロジー", "tech"),
    ("ネットワーク", "net"),
];

const JAPANESE_CUSTOMER_CORES: &[Word] = &[
    ("精機工業", "seiki"),
    ("物流", "logi"),
    ("和菓子本舗", "wagashi"),
    ("商事", "shoji"),
    ("電機", "denki"),
    ("製作所", "seisakusho"),
    ("建設", "kensetsu"),
    ("食品", "foods"),
    ("薬品", "yakuhin"),
    ("不動産", "fudosan"),
    ("運輸", "unyu"),
    ("印刷", "insatsu"),
];

const LICENCE_OFFERS: &[&str] = &[
    "Microsoft 365 E3",
    "Microsoft 365 E5",
    "Microsoft 365 Business Premium",
    "Microsoft 365 Business Standard",
    "Microsoft 365 Business Basic",
    "Office 365 E1",
    "Dynamics 365 Sales Enterprise",
    "Microsoft Teams Essentials",
    "Exchange Online (Plan 1)",
    "Microsoft Defender for Endpoint P2",
];

const GDAP_ROLES: &[&str] = &[
    "Helpdesk Administrator",
    "User Administrator",
    "License Administrator",
    "Global Reader",
    "Service Support Administrator",
];

/// What kind of name to build.
#[derive(Clone, Copy)]
enum NameKind {
    Provider,
    DirectBill,
    Reseller,
    Customer,
}

// ---------------------------------------------------------------------------------------------
// Deliberate violations.

/// A fault planted in a reseller.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ResellerFault {
    /// The reseller never signed the MPA, yet transacts after 2020-02-01 (CSP201, CSP202).
    NoMpa,
    /// Its provider holds a reseller relationship with the reseller's CSP tenant (CSP304).
    ProviderSellsToCspTenant,
    /// The Partner ID carries a letter (CSP904).
    PartnerIdLetter,
}

const RESELLER_FAULTS: [ResellerFault; 3] = [
    ResellerFault::NoMpa,
    ResellerFault::ProviderSellsToCspTenant,
    ResellerFault::PartnerIdLetter,
];

/// A fault planted in a customer.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum CustomerFault {
    /// The customer tenant stands in another market than its sellers (CSP501).
    CrossRegion,
    /// The first subscription goes into the seller's CSP tenant (CSP301).
    IntoCspTenant,
    /// The selling partner's organization controls the customer (CSP402).
    AffiliateSale,
    /// The tenant's owner names an organization that does not exist (CSP901).
    Dangling,
}

const CUSTOMER_FAULTS: [CustomerFault; 4] = [
    CustomerFault::CrossRegion,
    CustomerFault::IntoCspTenant,
    CustomerFault::AffiliateSale,
    CustomerFault::Dangling,
];

/// Which of `n` entities carry a fault, and which one: about 1 %, evenly spaced, kinds in turn,
/// and at least one of each kind once there are ten entities per kind.
fn plan_faults<T: Copy>(n: usize, enabled: bool, kinds: &[T]) -> Vec<Option<T>> {
    let mut plan = vec![None; n];
    if !enabled || n == 0 || kinds.is_empty() {
        return plan;
    }
    let count = n.div_ceil(100).max(kinds.len().min(n / 10)).min(n);
    for i in 0..count {
        // Centred in its share of the list: index (2i + 1) n / 2count < n.
        let at = (2 * i + 1).saturating_mul(n) / (2 * count);
        if let (Some(slot), Some(kind)) = (plan.get_mut(at), kinds.get(i % kinds.len())) {
            *slot = Some(*kind);
        }
    }
    plan
}

// ---------------------------------------------------------------------------------------------
// The builder.

/// A partner location the builder sells through: provider or direct bill partner.
struct Seller {
    org: Id,
    location: Id,
    tenant: Id,
    country: Country,
}

struct Market {
    spec: &'static MarketSpec,
    countries: Vec<(Country, &'static CountrySpec)>,
    weights: Vec<u32>,
    providers: Vec<Seller>,
    direct: Vec<Seller>,
}

struct Reseller {
    seller: Seller,
    market: usize,
    /// Its partnerships: index into its market's providers and the day it was authorized.
    providers: Vec<(usize, NaiveDate)>,
    enrolled: NaiveDate,
}

/// Who sells to a customer.
enum Channel {
    /// Reseller index, provider index (in the reseller's market) and since when they partner.
    Indirect {
        reseller: usize,
        provider: usize,
        since: NaiveDate,
    },
    /// Direct bill partner index in a market.
    Direct { market: usize, partner: usize },
}

struct Builder<'o> {
    options: &'o GenerateOptions,
    rng: Rng,
    ws: Workspace,
    microsoft: Option<Id>,
    markets: Vec<Market>,
    resellers: Vec<Reseller>,
}

fn ymd(year: i32, month: u32, day: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(year, month, day).unwrap_or(NaiveDate::MIN)
}

fn add_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_add_days(Days::new(days)).unwrap_or(date)
}

fn sub_days(date: NaiveDate, days: u64) -> NaiveDate {
    date.checked_sub_days(Days::new(days)).unwrap_or(date)
}

fn add_months(date: NaiveDate, months: u32) -> NaiveDate {
    date.checked_add_months(Months::new(months)).unwrap_or(date)
}

fn id(text: String) -> Result<Id, IdError> {
    Id::new(text)
}

/// Index drawn with the given weights; 0 when all weights are zero or the list is empty.
fn weighted(rng: &mut Rng, weights: &[u32]) -> usize {
    let total: u64 = weights.iter().map(|&w| u64::from(w)).sum();
    if total == 0 {
        return 0;
    }
    let mut x = rng.u64(..total);
    for (i, &w) in weights.iter().enumerate() {
        if x < u64::from(w) {
            return i;
        }
        x -= u64::from(w);
    }
    0
}

/// A uniformly drawn element, if any.
fn pick<'a, T>(rng: &mut Rng, list: &'a [T]) -> Option<&'a T> {
    if list.is_empty() {
        None
    } else {
        list.get(rng.usize(..list.len()))
    }
}

/// A word from a list that is never empty (the constants above), or a stand-in.
fn word(rng: &mut Rng, list: &[Word]) -> Word {
    pick(rng, list).copied().unwrap_or(("Contoso", "contoso"))
}

/// A day in `from..=to` (or `from` when the range is empty).
fn between(rng: &mut Rng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = u64::try_from((to - from).num_days()).unwrap_or(0);
    add_days(from, rng.u64(..=span))
}

/// True with probability `percent` / 100.
fn chance(rng: &mut Rng, percent: u32) -> bool {
    rng.u32(..100) < percent
}

/// A random Microsoft Entra tenant id (version-4 GUID form).
fn guid(rng: &mut Rng) -> String {
    format!(
        "{:08x}-{:04x}-4{:03x}-{:04x}-{:012x}",
        rng.u32(..),
        rng.u16(..),
        rng.u16(..0x1000),
        0x8000 | rng.u16(..0x4000),
        rng.u64(..1 << 48)
    )
}

/// A trailing-12-month revenue between 10^lo and 10^hi dollars, rounded to hundreds.
fn revenue(rng: &mut Rng, lo: f64, hi: f64) -> u64 {
    let dollars = 10f64.powf(lo + rng.f64() * (hi - lo));
    (dollars as u64 / 100) * 100
}

fn registration_id(rng: &mut Rng, country: &str) -> String {
    match country {
        "BR" => format!(
            "{:02}.{:03}.{:03}/0001-{:02}",
            rng.u32(10..100),
            rng.u32(..1000),
            rng.u32(..1000),
            rng.u32(..100)
        ),
        "IN" => format!(
            "U{:05}KA{}PTC{:06}",
            rng.u32(10_000..100_000),
            rng.u32(1995..2019),
            rng.u32(..1_000_000)
        ),
        "JP" => format!("{:013}", rng.u64(1_000_000_000_000..10_000_000_000_000)),
        "DE" | "AT" => format!("HRB {}", rng.u32(10_000..300_000)),
        "GB" | "IE" => format!("{:08}", rng.u32(..100_000_000)),
        _ => format!("{:010}", rng.u64(..10_000_000_000)),
    }
}

impl<'o> Builder<'o> {
    fn new(options: &'o GenerateOptions) -> Self {
        Self {
            options,
            rng: Rng::with_seed(options.seed),
            ws: Workspace::new(as_of()),
            microsoft: None,
            markets: Vec::new(),
            resellers: Vec::new(),
        }
    }

    fn build(mut self) -> Result<Workspace, IdError> {
        let options = self.options;
        self.ws.narrative = Some(Narrative {
            title: format!(
                "Generated network: {} resellers, {} customers (seed {})",
                options.resellers, options.customers, options.seed
            ),
            text: if options.violations {
                "A synthetic network for scale tests. About 1 % of the resellers and customers \
                 carry a deliberate violation (cross-region sale, missing MPA, subscription into \
                 a CSP tenant, provider selling to its reseller's CSP tenant, sale to an \
                 affiliate, malformed Partner ID, dangling reference)."
                    .into()
            } else {
                "A synthetic network for scale tests; it breaks no rule.".into()
            },
            steps: Vec::new(),
        });
        self.microsoft()?;
        self.markets(options.resellers)?;
        let reseller_faults = plan_faults(options.resellers, options.violations, &RESELLER_FAULTS);
        for (index, fault) in reseller_faults.into_iter().enumerate() {
            self.reseller(index, fault)?;
        }
        let customer_faults = plan_faults(options.customers, options.violations, &CUSTOMER_FAULTS);
        for (index, fault) in customer_faults.into_iter().enumerate() {
            self.customer(index, fault)?;
        }
        Ok(self.ws)
    }

    fn microsoft(&mut self) -> Result<(), IdError> {
        let microsoft = id("microsoft".into())?;
        self.ws.organizations.push(Organization {
            id: microsoft.clone(),
            name: "Microsoft".into(),
            kind: OrganizationKind::Microsoft,
            country: Country::parse("US"),
            registration_id: Fact::Unknown,
            mca_accepted: Fact::Unknown,
            mca_attested_by: None,
            sources: Vec::new(),
        });
        self.microsoft = Some(microsoft);
        Ok(())
    }

    /// The markets in use, each with its providers and direct bill partners.
    fn markets(&mut self, resellers: usize) -> Result<(), IdError> {
        let table = RegionTable::bundled();
        let wanted = (3 + resellers / 100).min(MARKETS.len());
        let total_weight: usize = MARKETS.iter().take(wanted).map(|m| m.weight as usize).sum();
        for spec in MARKETS.iter().take(wanted) {
            // Only countries in this market in both lists, so no sale changes market over time.
            let countries: Vec<(Country, &'static CountrySpec)> = spec
                .countries
                .iter()
                .filter_map(|c| Country::parse(c.code).map(|code| (code, c)))
                .filter(|(code, _)| {
                    table.region_on(*code, ymd(2021, 1, 1)) == Some(spec.region)
                        && table.region_on(*code, ymd(2024, 1, 1)) == Some(spec.region)
                })
                .collect();
            if countries.is_empty() {
                continue;
            }
            let weights = countries.iter().map(|(_, c)| c.weight).collect();
            let expected_resellers = resellers * spec.weight as usize / total_weight.max(1);
            let market = self.markets.len();
            self.markets.push(Market {
                spec,
                countries,
                weights,
                providers: Vec::new(),
                direct: Vec::new(),
            });
            for n in 0..expected_resellers.div_ceil(500).max(2) {
                let seller = self.partner(market, NameKind::Provider, n + 1)?;
                if let Some(m) = self.markets.get_mut(market) {
                    m.providers.push(seller);
                }
            }
            for n in 0..(expected_resellers / 1000).max(1) {
                let seller = self.partner(market, NameKind::DirectBill, n + 1)?;
                if let Some(m) = self.markets.get_mut(market) {
                    m.direct.push(seller);
                }
            }
        }
        Ok(())
    }

    fn country_in(&mut self, market: usize) -> Option<(Country, &'static CountrySpec)> {
        let m = self.markets.get(market)?;
        let at = weighted(&mut self.rng, &m.weights);
        m.countries.get(at).copied()
    }

    /// A company name and the slug its tenant's domain is built from.
    fn name(&mut self, kind: NameKind, japanese: bool, spec: &CountrySpec) -> (String, String) {
        let rng = &mut self.rng;
        if japanese {
            let (prefix, slug) = word(rng, JAPANESE_PREFIXES);
            let (core, core_slug) = match kind {
                NameKind::Provider => ("ディストリビューション", "dist"),
                NameKind::DirectBill => ("クラウドサービス", "cloudsvc"),
                NameKind::Reseller => word(rng, JAPANESE_PARTNER_CORES),
                NameKind::Customer => word(rng, JAPANESE_CUSTOMER_CORES),
            };
            let name = match rng.u32(..10) {
                0..=5 => format!("{prefix}{core}株式会社"),
                6..=8 => format!("株式会社{prefix}{core}"),
                _ => format!("{prefix}{core}合同会社"),
            };
            (name, format!("{slug}{core_slug}"))
        } else {
            let (prefix, slug) = word(rng, LATIN_PREFIXES);
            let (core, core_slug) = match kind {
                NameKind::Provider => ("Distribution", "dist"),
                NameKind::DirectBill => ("Cloud Services", "cloudsvc"),
                NameKind::Reseller => word(rng, LATIN_PARTNER_CORES),
                NameKind::Customer => word(rng, LATIN_CUSTOMER_CORES),
            };
            let form = pick(rng, spec.forms).copied().unwrap_or("Ltd");
            (
                format!("{prefix} {core} {form}"),
                format!("{slug}{core_slug}"),
            )
        }
    }

    fn organization(
        &mut self,
        org_id: Id,
        name: String,
        country: Country,
        spec: &CountrySpec,
    ) -> Organization {
        let registration_id = if spec.registration_required || chance(&mut self.rng, 25) {
            Fact::Stated(registration_id(&mut self.rng, country.as_str()))
        } else {
            Fact::Unknown
        };
        Organization {
            id: org_id,
            name,
            kind: OrganizationKind::Company,
            country: Some(country),
            registration_id,
            mca_accepted: Fact::Unknown,
            mca_attested_by: None,
            sources: Vec::new(),
        }
    }

    fn tenant(
        &mut self,
        tenant_id: Id,
        owner: Id,
        kind: TenantKind,
        country: Country,
        domain: String,
    ) -> Tenant {
        Tenant {
            id: tenant_id,
            name: format!("{domain}.onmicrosoft.com"),
            owner: Some(owner),
            kind,
            country: Some(country),
            directory_id: Some(guid(&mut self.rng)),
            sources: Vec::new(),
        }
    }

    /// An indirect provider or direct bill partner of `market`: organization, location, CSP
    /// tenant and Microsoft's supply, onboarded and enrolled by mid-2015, MPA signed in 2019.
    fn partner(&mut self, market: usize, kind: NameKind, n: usize) -> Result<Seller, IdError> {
        let Some(spec) = self.markets.get(market).map(|m| m.spec) else {
            return Err(IdError::Empty);
        };
        let Some((country, country_spec)) = self.country_in(market) else {
            return Err(IdError::Empty);
        };
        let (prefix, role, pid_base, lo, hi) = match kind {
            NameKind::DirectBill => ("db", Role::DirectBill, 4_300_000, 6.3, 7.7),
            _ => ("ip", Role::IndirectProvider, 4_100_000, 7.5, 9.0),
        };
        let base = format!("{prefix}-{}-{n:02}", spec.short);
        let org_id = id(base.clone())?;
        let location_id = id(format!("{base}-l"))?;
        let tenant_id = id(format!("{base}-t"))?;
        let japanese = spec.japanese && chance(&mut self.rng, 90);
        let (name, slug) = self.name(kind, japanese, country_spec);
        let org = self.organization(org_id.clone(), name, country, country_spec);
        self.ws.organizations.push(org);
        // Before any reseller onboards (2016 on), so every partnership finds its provider enrolled.
        let onboarded = between(&mut self.rng, ymd(2014, 7, 1), ymd(2015, 6, 30));
        let enrolled = add_days(onboarded, self.rng.u64(..=30));
        let mpa = between(&mut self.rng, ymd(2019, 4, 1), ymd(2019, 11, 30));
        let city = pick(&mut self.rng, country_spec.cities)
            .copied()
            .unwrap_or_default();
        let partner_number = pid_base + self.ws.locations.len();
        let capabilities = if role == Role::DirectBill {
            Capabilities {
                api_integration: Fact::Stated(true),
                billing: Fact::Stated(true),
                support_plan: Fact::Stated(true),
                managed_service: Fact::Stated(true),
            }
        } else {
            Capabilities::default()
        };
        let revenue = revenue(&mut self.rng, lo, hi);
        self.ws.locations.push(Location {
            id: location_id.clone(),
            organization: org_id.clone(),
            name: city.to_owned(),
            partner_id: Some(partner_number.to_string()),
            country: Some(country),
            csp_tenant: Some(tenant_id.clone()),
            onboarded: Fact::Stated(onboarded),
            enrolments: vec![Enrolment {
                role,
                enrolled: Some(enrolled),
                status: EnrolmentStatus::Active,
                status_date: None,
            }],
            mpa_signed: Fact::Stated(mpa),
            capabilities,
            revenue_ttm_usd: Some(revenue),
            sources: Vec::new(),
        });
        let tenant = self.tenant(
            tenant_id.clone(),
            org_id.clone(),
            TenantKind::CspPartner,
            country,
            slug,
        );
        self.ws.tenants.push(tenant);
        if let Some(microsoft) = self.microsoft.clone() {
            self.ws.relationships.push(Relationship {
                id: id(format!("{base}-s"))?,
                kind: RelationshipKind::Supply,
                from: microsoft,
                to: location_id.clone(),
                start: Some(enrolled),
                requested: None,
                end: None,
                microsoft_id: None,
                sources: Vec::new(),
            });
        }
        Ok(Seller {
            org: org_id,
            location: location_id,
            tenant: tenant_id,
            country,
        })
    }

    /// Reseller `index`: organization, location, CSP tenant, one partnership (a tenth have a
    /// second provider), and its fault if any.
    fn reseller(&mut self, index: usize, fault: Option<ResellerFault>) -> Result<(), IdError> {
        let market_weights: Vec<u32> = self.markets.iter().map(|m| m.spec.weight).collect();
        let market = weighted(&mut self.rng, &market_weights);
        let Some((country, country_spec)) = self.country_in(market) else {
            return Ok(());
        };
        let (japanese, provider_count) = match self.markets.get(market) {
            Some(m) => (m.spec.japanese, m.providers.len()),
            None => return Ok(()),
        };
        if provider_count == 0 {
            return Ok(());
        }
        let base = format!("r{index:05}");
        let org_id = id(base.clone())?;
        let location_id = id(format!("{base}-l"))?;
        let tenant_id = id(format!("{base}-t"))?;
        let japanese = japanese && chance(&mut self.rng, 90);
        let (name, slug) = self.name(NameKind::Reseller, japanese, country_spec);
        let org = self.organization(org_id.clone(), name, country, country_spec);
        self.ws.organizations.push(org);

        let onboarded = between(&mut self.rng, ymd(2016, 1, 1), ymd(2019, 6, 30));
        let enrolled = add_days(onboarded, self.rng.u64(..=20));
        let mpa = between(
            &mut self.rng,
            enrolled.max(ymd(2019, 4, 1)),
            ymd(2019, 12, 31),
        );
        let city = pick(&mut self.rng, country_spec.cities)
            .copied()
            .unwrap_or_default();
        let mut partner_id = (5_000_000 + index).to_string();
        if fault == Some(ResellerFault::PartnerIdLetter) && partner_id.is_char_boundary(6) {
            // A typo: the fifth digit became a letter ("50012A7").
            partner_id.replace_range(5..6, "A");
        }
        let revenue = revenue(&mut self.rng, 3.7, 6.5);
        self.ws.locations.push(Location {
            id: location_id.clone(),
            organization: org_id.clone(),
            name: city.to_owned(),
            partner_id: Some(partner_id),
            country: Some(country),
            csp_tenant: Some(tenant_id.clone()),
            onboarded: Fact::Stated(onboarded),
            enrolments: vec![Enrolment {
                role: Role::IndirectReseller,
                enrolled: Some(enrolled),
                status: EnrolmentStatus::Active,
                status_date: None,
            }],
            mpa_signed: if fault == Some(ResellerFault::NoMpa) {
                Fact::Absent
            } else {
                Fact::Stated(mpa)
            },
            capabilities: Capabilities::default(),
            revenue_ttm_usd: Some(revenue),
            sources: Vec::new(),
        });
        let slug = format!("{slug}{index}");
        let tenant = self.tenant(
            tenant_id.clone(),
            org_id.clone(),
            TenantKind::CspPartner,
            country,
            slug,
        );
        self.ws.tenants.push(tenant);

        // The first partnership: requested after enrolling, authorized within two weeks (2019 or earlier).
        let first = self.rng.usize(..provider_count);
        let mut providers = Vec::with_capacity(2);
        let requested = add_days(enrolled, self.rng.u64(..=10));
        let start = add_days(requested, self.rng.u64(..=14));
        self.partnership(
            market,
            first,
            &location_id,
            format!("{base}-p"),
            requested,
            start,
        )?;
        providers.push((first, start));
        // A tenth also partner with a second provider, later.
        if provider_count > 1 && chance(&mut self.rng, 10) {
            let second = (first + 1 + self.rng.usize(..provider_count - 1)) % provider_count;
            let start = between(&mut self.rng, ymd(2020, 3, 1), ymd(2023, 12, 31));
            let requested = sub_days(start, self.rng.u64(..=14));
            self.partnership(
                market,
                second,
                &location_id,
                format!("{base}-p2"),
                requested,
                start,
            )?;
            providers.push((second, start));
        }
        if fault == Some(ResellerFault::ProviderSellsToCspTenant)
            && let Some(provider) = self.provider_location(market, first)
        {
            self.ws.relationships.push(Relationship {
                id: id(format!("{base}-x"))?,
                kind: RelationshipKind::Reseller,
                from: provider,
                to: tenant_id.clone(),
                start: Some(ymd(2021, 3, 1)),
                requested: None,
                end: None,
                microsoft_id: None,
                sources: Vec::new(),
            });
        }
        self.resellers.push(Reseller {
            seller: Seller {
                org: org_id,
                location: location_id,
                tenant: tenant_id,
                country,
            },
            market,
            providers,
            enrolled,
        });
        Ok(())
    }

    fn provider_location(&self, market: usize, provider: usize) -> Option<Id> {
        self.markets
            .get(market)?
            .providers
            .get(provider)
            .map(|p| p.location.clone())
    }

    fn partnership(
        &mut self,
        market: usize,
        provider: usize,
        reseller: &Id,
        rel_id: String,
        requested: NaiveDate,
        start: NaiveDate,
    ) -> Result<(), IdError> {
        if let Some(from) = self.provider_location(market, provider) {
            self.ws.relationships.push(Relationship {
                id: id(rel_id)?,
                kind: RelationshipKind::Partnership,
                from,
                to: reseller.clone(),
                start: Some(start),
                requested: Some(requested),
                end: None,
                microsoft_id: None,
                sources: Vec::new(),
            });
        }
        Ok(())
    }

    /// Customer `index`: organization, customer tenant, the reseller relationships it granted,
    /// 1-3 subscriptions, sometimes a GDAP relationship, an ownership edge or a second partner.
    fn customer(&mut self, index: usize, fault: Option<CustomerFault>) -> Result<(), IdError> {
        // Nine in ten buy through a reseller, the rest from a direct bill partner.
        let channel = if !self.resellers.is_empty() && chance(&mut self.rng, 90) {
            let reseller = self.rng.usize(..self.resellers.len());
            let (provider, since) = self
                .resellers
                .get(reseller)
                .and_then(|r| pick(&mut self.rng, &r.providers).copied())
                .unwrap_or((0, ymd(2020, 2, 1)));
            Channel::Indirect {
                reseller,
                provider,
                since,
            }
        } else {
            let market = if let Some(r) = pick(&mut self.rng, &self.resellers) {
                r.market
            } else {
                let weights: Vec<u32> = self.markets.iter().map(|m| m.spec.weight).collect();
                weighted(&mut self.rng, &weights)
            };
            let partners = self.markets.get(market).map_or(0, |m| m.direct.len());
            if partners == 0 {
                return Ok(());
            }
            Channel::Direct {
                market,
                partner: self.rng.usize(..partners),
            }
        };
        // The selling locations: (reseller, billing location) and their market.
        let (market, reseller, biller, since) = match channel {
            Channel::Indirect {
                reseller,
                provider,
                since,
            } => {
                let Some(r) = self.resellers.get(reseller) else {
                    return Ok(());
                };
                let Some(p) = self
                    .markets
                    .get(r.market)
                    .and_then(|m| m.providers.get(provider))
                else {
                    return Ok(());
                };
                (r.market, Some(reseller), p, since)
            }
            Channel::Direct { market, partner } => {
                let Some(d) = self.markets.get(market).and_then(|m| m.direct.get(partner)) else {
                    return Ok(());
                };
                (market, None, d, NaiveDate::MIN)
            }
        };
        let biller_location = biller.location.clone();
        let biller_org = biller.org.clone();
        let biller_tenant = biller.tenant.clone();
        let seller_country = match reseller.and_then(|r| self.resellers.get(r)) {
            Some(r) => r.seller.country,
            None => biller.country,
        };
        let reseller_info = reseller.and_then(|r| self.resellers.get(r)).map(|r| {
            (
                r.seller.location.clone(),
                r.seller.org.clone(),
                r.seller.tenant.clone(),
                r.enrolled,
            )
        });
        let Some(market_spec) = self.markets.get(market).map(|m| m.spec) else {
            return Ok(());
        };

        // Where the tenant stands: mostly the seller's own country, else anywhere in the market.
        let drawn = self.country_in(market);
        let tenant_country = if chance(&mut self.rng, 85) {
            seller_country
        } else {
            drawn.map_or(seller_country, |(c, _)| c)
        };
        let Some(tenant_spec) = self.spec_of(tenant_country) else {
            return Ok(());
        };
        // A few have their offices in another market (the market follows the tenant).
        let (org_country, org_spec) = if chance(&mut self.rng, 3) {
            let markets = self.markets.len().max(2);
            let other = (market + 1 + self.rng.usize(..markets - 1)) % markets;
            match self.country_in(other) {
                Some(found) => found,
                None => (tenant_country, tenant_spec),
            }
        } else {
            (tenant_country, tenant_spec)
        };

        let base = format!("c{index:07}");
        let org_id = id(base.clone())?;
        let tenant_id = id(format!("{base}-t"))?;
        let japanese = market_spec.japanese && chance(&mut self.rng, 85);
        let (name, slug) = self.name(NameKind::Customer, japanese, org_spec);
        let mut org = self.organization(org_id.clone(), name, org_country, org_spec);
        // Not before the partnership it buys through is in force (a second one may be recent).
        let mca = between(
            &mut self.rng,
            ymd(2020, 2, 1).max(since),
            sub_days(as_of(), 45),
        );
        org.mca_accepted = Fact::Stated(mca);
        org.mca_attested_by = Some(biller_location.clone());
        self.ws.organizations.push(org);

        let mut tenant = self.tenant(
            tenant_id.clone(),
            org_id.clone(),
            TenantKind::Customer,
            tenant_country,
            format!("{slug}{index}"),
        );
        match fault {
            Some(CustomerFault::CrossRegion) => {
                // Set to a country of the next market in use: the sellers cannot sell there.
                let other = (market + 1) % self.markets.len().max(1);
                if let Some((c, _)) = self.markets.get(other).and_then(|m| m.countries.first()) {
                    tenant.country = Some(*c);
                }
            }
            Some(CustomerFault::Dangling) => tenant.owner = Some(id(format!("{base}x"))?),
            _ => {}
        }
        self.ws.tenants.push(tenant);

        // The relationships the customer granted, on the day it accepted the MCA.
        let grant = |ws: &mut Workspace, rel_id: String, from: Id| -> Result<(), IdError> {
            ws.relationships.push(Relationship {
                id: id(rel_id)?,
                kind: RelationshipKind::Reseller,
                from,
                to: tenant_id.clone(),
                start: Some(mca),
                requested: None,
                end: None,
                microsoft_id: None,
                sources: Vec::new(),
            });
            Ok(())
        };
        match &reseller_info {
            Some((reseller_location, ..)) => {
                grant(
                    &mut self.ws,
                    format!("{base}-rr"),
                    reseller_location.clone(),
                )?;
                grant(&mut self.ws, format!("{base}-rp"), biller_location.clone())?;
            }
            None => grant(&mut self.ws, format!("{base}-rd"), biller_location.clone())?,
        }

        // Subscriptions: the first within a month of the MCA, later ones any time up to the as-of date.
        let count = match self.rng.u32(..100) {
            0..=54 => 1,
            55..=84 => 2,
            _ => 3,
        };
        let last_start = sub_days(as_of(), 1);
        let mut azure = false;
        for n in 1..=count {
            let start = if n == 1 {
                add_days(mca, self.rng.u64(..=30)).min(last_start)
            } else {
                between(&mut self.rng, mca, last_start)
            };
            let is_azure = n > 1 && !azure && chance(&mut self.rng, 40);
            azure |= is_azure;
            let into = if n == 1 && fault == Some(CustomerFault::IntoCspTenant) {
                // Into the seller's CSP tenant instead of the customer's.
                reseller_info
                    .as_ref()
                    .map_or(biller_tenant.clone(), |(.., t, _)| t.clone())
            } else {
                tenant_id.clone()
            };
            let reseller_of_record = match &reseller_info {
                Some((location, ..)) => Fact::Stated(location.clone()),
                None => Fact::Absent,
            };
            let subscription = self.subscription(
                format!("{base}-s{n}"),
                into,
                biller_location.clone(),
                reseller_of_record,
                start,
                is_azure,
            )?;
            self.ws.subscriptions.push(subscription);
        }

        if let Some((reseller_location, reseller_org, _, enrolled)) = &reseller_info {
            // A few resellers manage their customer through GDAP (at most two years, in force today).
            if chance(&mut self.rng, 5) {
                let from = mca.max(*enrolled).max(sub_days(as_of(), 700));
                let start = between(&mut self.rng, from, last_start);
                let first = self.rng.usize(..GDAP_ROLES.len());
                let mut roles = vec![
                    GDAP_ROLES
                        .get(first)
                        .copied()
                        .unwrap_or_default()
                        .to_owned(),
                ];
                if chance(&mut self.rng, 50) {
                    let second = (first + 1) % GDAP_ROLES.len();
                    roles.push(
                        GDAP_ROLES
                            .get(second)
                            .copied()
                            .unwrap_or_default()
                            .to_owned(),
                    );
                }
                self.ws.relationships.push(Relationship {
                    id: id(format!("{base}-g"))?,
                    kind: RelationshipKind::Admin {
                        access: AdminKind::Gdap,
                        roles,
                        auto_extend: false,
                    },
                    from: reseller_location.clone(),
                    to: tenant_id.clone(),
                    start: Some(start),
                    requested: None,
                    end: Some(add_months(start, 24)),
                    microsoft_id: None,
                    sources: Vec::new(),
                });
            }
            // A few also buy Azure from a direct bill partner of the market (multi-partner).
            if chance(&mut self.rng, 3) {
                let direct = self
                    .markets
                    .get(market)
                    .and_then(|m| pick(&mut self.rng, &m.direct))
                    .map(|d| d.location.clone());
                if let Some(direct) = direct {
                    grant(&mut self.ws, format!("{base}-rd"), direct.clone())?;
                    let start = between(&mut self.rng, mca, last_start);
                    let subscription = self.subscription(
                        format!("{base}-s{}", count + 1),
                        tenant_id.clone(),
                        direct,
                        Fact::Absent,
                        start,
                        true,
                    )?;
                    self.ws.subscriptions.push(subscription);
                }
            }
            if fault == Some(CustomerFault::AffiliateSale) {
                self.ws.ownerships.push(Ownership {
                    id: id(format!("{base}-a"))?,
                    owner: reseller_org.clone(),
                    owned: org_id.clone(),
                    equity_percent: Some(75.0),
                    directs_management: false,
                });
            }
        } else if fault == Some(CustomerFault::AffiliateSale) {
            self.ws.ownerships.push(Ownership {
                id: id(format!("{base}-a"))?,
                owner: biller_org.clone(),
                owned: org_id.clone(),
                equity_percent: Some(75.0),
                directs_management: false,
            });
        }

        // Groups among customers: a parent (or a minority shareholder) among the previous 200.
        if index > 0 && chance(&mut self.rng, 2) {
            let parent = index - 1 - self.rng.usize(..index.min(200));
            let (equity, directs_management) = match self.rng.u32(..10) {
                0..=4 => (100.0, false),
                5..=6 => (60.0, false),
                7 => (40.0, true),
                _ => (30.0, false),
            };
            self.ws.ownerships.push(Ownership {
                id: id(format!("{base}-o"))?,
                owner: id(format!("c{parent:07}"))?,
                owned: org_id,
                equity_percent: Some(equity),
                directs_management,
            });
        }
        Ok(())
    }

    fn spec_of(&self, country: Country) -> Option<&'static CountrySpec> {
        self.markets
            .iter()
            .flat_map(|m| m.countries.iter())
            .find(|(c, _)| *c == country)
            .map(|(_, spec)| *spec)
    }

    fn subscription(
        &mut self,
        sub_id: String,
        tenant: Id,
        billed_by: Id,
        reseller_of_record: Fact<Id>,
        start: NaiveDate,
        azure: bool,
    ) -> Result<Subscription, IdError> {
        let (offer, offer_kind, end) = if azure {
            ("Azure plan".to_owned(), OfferKind::AzurePlan, None)
        } else {
            let offer = pick(&mut self.rng, LICENCE_OFFERS)
                .copied()
                .unwrap_or("Microsoft 365 E3")
                .to_owned();
            let term = if chance(&mut self.rng, 70) { 12 } else { 36 };
            // Renewed term after term; a tenth were cancelled at the end of their first term.
            let mut end = add_months(start, term);
            if !chance(&mut self.rng, 10) {
                let mut terms = 1;
                while end <= as_of() && terms < 20 {
                    end = add_months(end, term);
                    terms += 1;
                }
            }
            (offer, OfferKind::LicenceBased, Some(sub_days(end, 1)))
        };
        Ok(Subscription {
            id: id(sub_id)?,
            offer,
            offer_kind,
            tenant,
            billed_by,
            reseller_of_record,
            purpose: Purpose::Resale,
            start: Some(start),
            end,
            partner_of_record_changes: Vec::new(),
            microsoft_id: None,
            sources: Vec::new(),
        })
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::path::Path;

    use super::*;
    use crate::rules::{self, Severity};

    fn options(resellers: usize, customers: usize, seed: u64, violations: bool) -> GenerateOptions {
        GenerateOptions {
            resellers,
            customers,
            seed,
            violations,
        }
    }

    fn codes(ws: &Workspace, severity: Severity) -> Vec<String> {
        rules::check(ws)
            .into_iter()
            .filter(|d| d.severity == severity)
            .map(|d| format!("{} {} {:?}", d.code, d.message, d.entities))
            .collect()
    }

    #[test]
    fn the_same_options_give_the_same_workspace() {
        let a = generate(&options(40, 600, 7, true));
        let b = generate(&options(40, 600, 7, true));
        assert_eq!(a, b);
        let c = generate(&options(40, 600, 8, true));
        assert_ne!(a, c);
    }

    #[test]
    fn violations_change_only_a_few_entities() {
        let clean = generate(&options(400, 4_000, 3, false));
        let broken = generate(&options(400, 4_000, 3, true));
        let ids = |ws: &Workspace| -> HashSet<String> {
            ws.entity_ids().map(|(id, _)| id.to_string()).collect()
        };
        // Same base network: the faults add a few entities and change a few others.
        let added = ids(&broken).difference(&ids(&clean)).count();
        assert!(added > 0 && added < broken.entity_count() / 100, "{added}");
        let changed = clean
            .locations
            .iter()
            .zip(&broken.locations)
            .filter(|(a, b)| a != b)
            .count()
            + clean
                .tenants
                .iter()
                .zip(&broken.tenants)
                .filter(|(a, b)| a != b)
                .count()
            + clean
                .subscriptions
                .iter()
                .zip(&broken.subscriptions)
                .filter(|(a, b)| a != b)
                .count();
        let faults = 400 / 100 + 4_000 / 100;
        assert!(changed <= faults, "{changed} changed, {faults} faults");
        assert!(
            changed + added >= faults / 2,
            "{changed} changed, {added} added"
        );
    }

    #[test]
    fn counts_scale_with_the_options() {
        let small = generate(&options(50, 1_000, 1, false));
        let large = generate(&options(500, 10_000, 1, false));
        for ws in [&small, &large] {
            let customers = ws
                .tenants
                .iter()
                .filter(|t| t.kind == TenantKind::Customer)
                .count();
            let resellers = ws
                .locations
                .iter()
                .filter(|l| l.is_active(Role::IndirectReseller))
                .count();
            let providers = ws
                .locations
                .iter()
                .filter(|l| l.is_active(Role::IndirectProvider))
                .count();
            let direct = ws
                .locations
                .iter()
                .filter(|l| l.is_active(Role::DirectBill))
                .count();
            assert_eq!(
                customers + resellers + providers + direct + 1,
                ws.organizations.len()
            );
            assert!(providers >= 2 && direct >= 1);
            let per_customer = (ws.entity_count() - 4 * resellers) as f64 / customers as f64;
            assert!((4.5..7.0).contains(&per_customer), "{per_customer}");
            assert!(ws.subscriptions.len() >= customers);
        }
        assert_eq!(
            small
                .organizations
                .iter()
                .filter(|o| o.id.as_str().starts_with('c'))
                .count(),
            1_000
        );
        assert_eq!(
            large
                .organizations
                .iter()
                .filter(|o| o.id.as_str().starts_with('c'))
                .count(),
            10_000
        );
        let ratio = large.entity_count() as f64 / small.entity_count() as f64;
        assert!((9.0..11.0).contains(&ratio), "{ratio}");
    }

    #[test]
    fn about_entities_lands_near_the_request() {
        for target in [1_000, 100_000] {
            let ws = generate(&GenerateOptions::about_entities(target, 1));
            let got = ws.entity_count() as f64;
            assert!(
                (got / target as f64 - 1.0).abs() < 0.1,
                "{target} requested, {got} generated"
            );
        }
    }

    #[test]
    fn zeros_work() {
        for (r, c) in [(0, 0), (0, 50), (50, 0), (1, 1), (3, 2)] {
            for violations in [false, true] {
                let ws = generate(&options(r, c, 5, violations));
                assert_eq!(
                    ws.organizations
                        .iter()
                        .filter(|o| o.kind == OrganizationKind::Microsoft)
                        .count(),
                    1
                );
                if !violations {
                    assert_eq!(codes(&ws, Severity::Error), Vec::<String>::new());
                }
            }
        }
    }

    #[test]
    fn ids_are_unique_and_readable() {
        let ws = generate(&options(120, 2_000, 11, true));
        let mut seen = HashSet::new();
        for (id, _) in ws.entity_ids() {
            assert!(seen.insert(id.as_str()), "{id} twice");
            assert!(id.as_str().len() <= 16, "{id}");
            assert!(id.as_str().is_ascii(), "{id}");
        }
        assert!(ws.organizations.iter().any(|o| o.id.as_str() == "r00012"));
        assert!(ws.tenants.iter().any(|t| t.id.as_str() == "c0000012-t"));
        // Both scripts appear.
        assert!(ws.organizations.iter().any(|o| o.name.contains("株式会社")));
        assert!(ws.organizations.iter().any(|o| o.name.is_ascii()));
    }

    #[test]
    fn without_violations_no_integrity_error() {
        let ws = generate(&options(300, 6_000, 2, false));
        let integrity: Vec<_> = rules::check(&ws)
            .into_iter()
            .filter(|d| d.code.starts_with("CSP9") && d.severity != Severity::Info)
            .collect();
        assert!(integrity.is_empty(), "{integrity:#?}");
    }

    #[test]
    fn without_violations_no_error_and_no_warning() {
        for seed in [1, 2, 3] {
            let ws = generate(&options(300, 6_000, seed, false));
            assert_eq!(codes(&ws, Severity::Error), Vec::<String>::new());
            assert_eq!(codes(&ws, Severity::Warning), Vec::<String>::new());
        }
    }

    #[test]
    fn violations_are_planted_in_about_one_percent() {
        let ws = generate(&options(1_000, 20_000, 4, true));
        let resellers = ws
            .locations
            .iter()
            .filter(|l| l.is_active(Role::IndirectReseller))
            .collect::<Vec<_>>();
        let no_mpa = resellers
            .iter()
            .filter(|l| l.mpa_signed == Fact::Absent)
            .count();
        let letters = resellers
            .iter()
            .filter(|l| {
                l.partner_id
                    .as_deref()
                    .is_some_and(|p| !p.bytes().all(|b| b.is_ascii_digit()))
            })
            .count();
        let csp_tenants: HashSet<&str> = ws
            .tenants
            .iter()
            .filter(|t| t.kind == TenantKind::CspPartner)
            .map(|t| t.id.as_str())
            .collect();
        let into_csp = ws
            .subscriptions
            .iter()
            .filter(|s| csp_tenants.contains(s.tenant.as_str()))
            .count();
        let provider_to_csp = ws
            .relationships
            .iter()
            .filter(|r| r.kind == RelationshipKind::Reseller && csp_tenants.contains(r.to.as_str()))
            .count();
        let affiliate = ws
            .ownerships
            .iter()
            .filter(|o| o.id.as_str().ends_with("-a"))
            .count();
        // 1,000 resellers: 10 faults over 3 kinds; 20,000 customers: 200 faults over 4 kinds.
        assert_eq!(no_mpa + letters + provider_to_csp, 10);
        assert!(no_mpa >= 3 && letters >= 3 && provider_to_csp >= 3);
        assert_eq!(into_csp, 50);
        assert_eq!(affiliate, 50);
    }

    #[test]
    fn violations_show_integrity_codes() {
        let ws = generate(&options(300, 3_000, 6, true));
        let found: HashSet<&str> = rules::check(&ws).into_iter().map(|d| d.code).collect();
        for code in ["CSP901", "CSP904"] {
            assert!(found.contains(code), "{code} missing from {found:?}");
        }
    }

    #[test]
    fn violations_show_every_planted_code() {
        let ws = generate(&options(300, 3_000, 6, true));
        let found: HashSet<&str> = rules::check(&ws).into_iter().map(|d| d.code).collect();
        for code in ["CSP901", "CSP904", "CSP501", "CSP301", "CSP304", "CSP402"] {
            assert!(found.contains(code), "{code} missing from {found:?}");
        }
        assert!(
            found.contains("CSP201") || found.contains("CSP202"),
            "no MPA finding in {found:?}"
        );
    }

    #[test]
    fn round_trips_through_the_file_format() {
        let ws = generate(&options(30, 300, 9, true));
        let text = crate::io::to_canonical_string(&ws).expect("serializes");
        let back = crate::io::load_str(&text, Path::new("generated.ron")).expect("loads");
        assert_eq!(back.entity_count(), ws.entity_count());
        assert_eq!(
            crate::io::to_canonical_string(&back).expect("serializes"),
            text
        );
    }

    #[test]
    fn markets_match_the_bundled_region_table() {
        let table = RegionTable::bundled();
        for market in MARKETS {
            for c in market.countries {
                let code = Country::parse(c.code).expect("code");
                for on in [ymd(2021, 1, 1), ymd(2024, 1, 1)] {
                    assert_eq!(table.region_on(code, on), Some(market.region), "{}", c.code);
                }
            }
        }
    }
}
