//! Property tests of `rules::check`: on any workspace, however broken, it never panics and gives
//! the same diagnostics in the same order every time (and on a clone).
//!
//! Workspaces come from two sources: entirely random ones built from a small pool of ids (so
//! references often hit, sometimes miss, sometimes name an entity of the wrong kind, and ids
//! collide), and generated legal or deliberately broken networks with random damage on top
//! (entities removed or duplicated, Microsoft demoted, dates reversed, the as-of date moved).

use chrono::NaiveDate;
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::model::{
    AdminKind, Capabilities, Country, Enrolment, EnrolmentStatus, Fact, Field, Fields, Id,
    Inference, Location, OfferKind, Organization, OrganizationKind, Ownership,
    PartnerOfRecordChange, Purpose, RegionRow, RegionTable, Relationship, RelationshipKind, Role,
    Source, Subscription, Tenant, TenantKind, Workspace,
};
use csp_studio::rules;
use proptest::prelude::*;
use proptest::sample::select;

/// Ids by the kind they usually stand for; every list is also drawn from as "any id".
const ORGS: &[&str] = &["ms", "o1", "o2", "o3", "富士"];
const LOCATIONS: &[&str] = &["l1", "l2", "l3", "l4"];
const TENANTS: &[&str] = &["t1", "t2", "t3", "t4"];
const OTHERS: &[&str] = &["r1", "r2", "r3", "s1", "s2", "w1", "missing", "x-y"];

fn all_ids() -> Vec<&'static str> {
    [ORGS, LOCATIONS, TENANTS, OTHERS].concat()
}

fn to_id(text: &str) -> Id {
    Id::new(text).expect("pool ids are valid")
}

/// Mostly an id from `usual`, sometimes any id of the pool (a miss or a wrong kind).
fn id_from(usual: &'static [&'static str]) -> impl Strategy<Value = Id> {
    prop_oneof![
        4 => select(usual).prop_map(to_id),
        1 => select(all_ids()).prop_map(to_id),
    ]
}

fn date() -> impl Strategy<Value = NaiveDate> {
    let day = |y, m, d| NaiveDate::from_ymd_opt(y, m, d).expect("valid date");
    let boundaries = vec![
        day(2019, 1, 1),
        day(2020, 1, 31),
        day(2020, 2, 1),
        day(2020, 10, 27),
        day(2021, 4, 15),
        day(2023, 8, 16),
        day(2023, 8, 17),
        day(2023, 10, 9),
        day(2023, 10, 30),
        day(2024, 4, 1),
        day(2025, 10, 1),
        day(1, 1, 1),
        day(9999, 12, 31),
        NaiveDate::MIN,
        NaiveDate::MAX,
    ];
    let base = day(2015, 1, 1);
    prop_oneof![
        2 => select(boundaries),
        3 => (0u64..5_000).prop_map(move |d| base
            .checked_add_days(chrono::Days::new(d))
            .expect("in range")),
    ]
}

fn fact<T: std::fmt::Debug + Clone + 'static>(
    value: impl Strategy<Value = T> + 'static,
) -> impl Strategy<Value = Fact<T>> {
    prop_oneof![
        Just(Fact::Unknown),
        Just(Fact::Absent),
        value.prop_map(Fact::Stated),
    ]
}

fn country() -> impl Strategy<Value = Option<Country>> {
    // Known and unknown to the table, moved between lists (GU), removed (RU) and added (CN).
    const CODES: &[&str] = &[
        "JP", "US", "DE", "FR", "GB", "BR", "AU", "GU", "RU", "CN", "XX", "ZZ",
    ];
    proptest::option::weighted(0.85, select(CODES).prop_map(Country::parse))
        .prop_map(Option::flatten)
}

fn text() -> impl Strategy<Value = String> {
    prop_oneof![
        select(vec!["", "Microsoft", "富士商事株式会社", "Contoso", " "]).prop_map(String::from),
        "\\PC{0,12}",
    ]
}

fn partner_id() -> impl Strategy<Value = Option<String>> {
    proptest::option::of(prop_oneof![
        select(vec![
            "", "1234567", "1234567", "12A4567", "0000001", " 42", "١٢٣"
        ])
        .prop_map(String::from),
        "[0-9A-Z]{0,9}",
    ])
}

fn organization() -> impl Strategy<Value = Organization> {
    (
        id_from(ORGS),
        text(),
        prop_oneof![
            1 => Just(OrganizationKind::Microsoft),
            4 => Just(OrganizationKind::Company)
        ],
        country(),
        fact(text()),
        fact(date()),
        proptest::option::of(id_from(LOCATIONS)),
    )
        .prop_map(
            |(id, name, kind, country, registration_id, mca_accepted, mca_attested_by)| {
                Organization {
                    id,
                    name,
                    kind,
                    country,
                    registration_id,
                    mca_accepted,
                    mca_attested_by,
                    sources: Vec::new(),
                }
            },
        )
}

fn ownership() -> impl Strategy<Value = Ownership> {
    (
        id_from(OTHERS),
        id_from(ORGS),
        id_from(ORGS),
        proptest::option::of(prop_oneof![
            select(vec![0.0, 30.0, 50.0, 50.000_001, 60.0, 100.0, -5.0, 250.0]),
            proptest::num::f64::ANY,
        ]),
        any::<bool>(),
    )
        .prop_map(
            |(id, owner, owned, equity_percent, directs_management)| Ownership {
                id,
                owner,
                owned,
                equity_percent,
                directs_management,
            },
        )
}

fn role() -> impl Strategy<Value = Role> {
    select(Role::ALL.to_vec())
}

fn enrolment() -> impl Strategy<Value = Enrolment> {
    let statuses = vec![
        EnrolmentStatus::Active,
        EnrolmentStatus::Qualified,
        EnrolmentStatus::Pending,
        EnrolmentStatus::Rejected,
        EnrolmentStatus::Restricted,
        EnrolmentStatus::Deauthorized,
    ];
    (
        role(),
        proptest::option::of(date()),
        prop_oneof![3 => Just(EnrolmentStatus::Active), 2 => select(statuses)],
        proptest::option::of(date()),
    )
        .prop_map(|(role, enrolled, status, status_date)| Enrolment {
            role,
            enrolled,
            status,
            status_date,
        })
}

fn capabilities() -> impl Strategy<Value = Capabilities> {
    (
        fact(any::<bool>()),
        fact(any::<bool>()),
        fact(any::<bool>()),
        fact(any::<bool>()),
    )
        .prop_map(
            |(api_integration, billing, support_plan, managed_service)| Capabilities {
                api_integration,
                billing,
                support_plan,
                managed_service,
            },
        )
}

fn location() -> impl Strategy<Value = Location> {
    (
        id_from(LOCATIONS),
        id_from(ORGS),
        text(),
        partner_id(),
        country(),
        proptest::option::of(id_from(TENANTS)),
        fact(date()),
        prop::collection::vec(enrolment(), 0..3),
        fact(date()),
        capabilities(),
        proptest::option::of(prop_oneof![
            select(vec![0u64, 999, 1_000, 300_000, 1_000_000]),
            any::<u64>()
        ]),
    )
        .prop_map(
            |(
                id,
                organization,
                name,
                partner_id,
                country,
                csp_tenant,
                onboarded,
                enrolments,
                mpa_signed,
                capabilities,
                revenue_ttm_usd,
            )| Location {
                id,
                organization,
                name,
                partner_id,
                country,
                csp_tenant,
                onboarded,
                enrolments,
                mpa_signed,
                capabilities,
                revenue_ttm_usd,
                sources: Vec::new(),
            },
        )
}

fn tenant() -> impl Strategy<Value = Tenant> {
    (
        id_from(TENANTS),
        text(),
        proptest::option::of(id_from(ORGS)),
        select(vec![
            TenantKind::CspPartner,
            TenantKind::Customer,
            TenantKind::SharedServices,
        ]),
        country(),
        proptest::option::of(text()),
    )
        .prop_map(|(id, name, owner, kind, country, directory_id)| Tenant {
            id,
            name,
            owner,
            kind,
            country,
            directory_id,
            sources: Vec::new(),
        })
}

fn relationship_kind() -> impl Strategy<Value = RelationshipKind> {
    prop_oneof![
        Just(RelationshipKind::Supply),
        Just(RelationshipKind::Partnership),
        Just(RelationshipKind::Reseller),
        (
            select(vec![AdminKind::Dap, AdminKind::Gdap]),
            prop::collection::vec(text(), 0..3),
            any::<bool>(),
        )
            .prop_map(|(access, roles, auto_extend)| RelationshipKind::Admin {
                access,
                roles,
                auto_extend,
            }),
    ]
}

/// Both ends usually a partner location; the source sometimes Microsoft, the target sometimes a
/// tenant: supply and partnership loops come easily from four locations.
fn relationship() -> impl Strategy<Value = Relationship> {
    const FROM: &[&str] = &["ms", "l1", "l2", "l3", "l4"];
    const TO: &[&str] = &["l1", "l2", "l3", "l4", "t1", "t2", "t3", "t4"];
    (
        id_from(OTHERS),
        relationship_kind(),
        id_from(FROM),
        id_from(TO),
        proptest::option::of(date()),
        proptest::option::of(date()),
        proptest::option::of(date()),
    )
        .prop_map(|(id, kind, from, to, start, requested, end)| Relationship {
            id,
            kind,
            from,
            to,
            start,
            requested,
            end,
            microsoft_id: None,
            sources: Vec::new(),
        })
}

fn partner_of_record_change() -> impl Strategy<Value = PartnerOfRecordChange> {
    (date(), id_from(LOCATIONS), fact(id_from(LOCATIONS))).prop_map(
        |(date, billed_by, reseller_of_record)| PartnerOfRecordChange {
            date,
            billed_by,
            reseller_of_record,
        },
    )
}

fn subscription() -> impl Strategy<Value = Subscription> {
    (
        id_from(OTHERS),
        text(),
        select(vec![
            OfferKind::LicenceBased,
            OfferKind::AzurePlan,
            OfferKind::Software,
            OfferKind::ThirdParty,
            OfferKind::SharedServicesAzure,
        ]),
        id_from(TENANTS),
        id_from(LOCATIONS),
        fact(id_from(LOCATIONS)),
        select(vec![Purpose::Resale, Purpose::OwnUse]),
        proptest::option::of(date()),
        proptest::option::of(date()),
        prop::collection::vec(partner_of_record_change(), 0..3),
        proptest::option::of(text()),
        prop::collection::vec(source(), 0..3),
    )
        .prop_map(
            |(
                id,
                offer,
                offer_kind,
                tenant,
                billed_by,
                reseller_of_record,
                purpose,
                start,
                end,
                partner_of_record_changes,
                microsoft_id,
                sources,
            )| Subscription {
                id,
                offer,
                offer_kind,
                tenant,
                billed_by,
                reseller_of_record,
                purpose,
                start,
                end,
                partner_of_record_changes,
                microsoft_id,
                sources,
            },
        )
}

/// Where an imported fact came from: any file name, line, fields and inference.
fn source() -> impl Strategy<Value = Source> {
    (
        text(),
        any::<u64>(),
        prop::collection::vec(select(Field::ALL.to_vec()), 1..4),
        proptest::option::of(select(vec![
            Inference::BilledLine,
            Inference::EarliestSubscriptionStart,
            Inference::EarliestCharge,
            Inference::RoleFromLines,
            Inference::ExportingPartner,
            Inference::Implied,
        ])),
    )
        .prop_map(|(file, line, fields, inferred)| Source {
            file: file.into(),
            line,
            fields: Fields::of(&fields),
            inferred,
        })
}

/// A workspace's own region table: none (the bundled one), empty, or a few odd rows (a country
/// in two regions, in no list, in one list only).
fn regions() -> impl Strategy<Value = Option<RegionTable>> {
    let row = (
        select(vec!["JP", "US", "DE", "GU", "XX"]),
        select(vec!["Japan", "United States", "Europe", ""]),
        any::<bool>(),
        any::<bool>(),
    )
        .prop_map(|(code, region, in_2021, in_2023)| RegionRow {
            country: Country::parse(code).expect("two letters"),
            country_name: code.into(),
            country_name_ja: String::new(),
            region: region.into(),
            region_ja: String::new(),
            currency: "USD".into(),
            in_2021,
            in_2023,
        });
    prop_oneof![
        6 => Just(None),
        1 => prop::collection::vec(row, 0..5).prop_map(|rows| Some(RegionTable::new(rows))),
    ]
}

fn random_workspace() -> impl Strategy<Value = Workspace> {
    (
        date(),
        prop::collection::vec(organization(), 0..7),
        prop::collection::vec(ownership(), 0..4),
        prop::collection::vec(location(), 0..6),
        prop::collection::vec(tenant(), 0..6),
        prop::collection::vec(relationship(), 0..10),
        prop::collection::vec(subscription(), 0..7),
        regions(),
    )
        .prop_map(
            |(
                as_of,
                organizations,
                ownerships,
                locations,
                tenants,
                relationships,
                subscriptions,
                regions,
            )| {
                let mut ws = Workspace::new(as_of);
                ws.organizations = organizations;
                ws.ownerships = ownerships;
                ws.locations = locations;
                ws.tenants = tenants;
                ws.relationships = relationships;
                ws.subscriptions = subscriptions;
                ws.regions = regions;
                ws
            },
        )
}

/// Damage done to a generated network; indices wrap around the lists.
#[derive(Debug, Clone)]
enum Damage {
    RemoveOrganization(usize),
    RemoveLocation(usize),
    RemoveTenant(usize),
    DuplicateLocation(usize),
    DuplicateSubscription(usize),
    DemoteMicrosoft,
    SecondMicrosoft(usize),
    ReverseRelationshipDates(usize),
    ReverseSubscriptionDates(usize),
    ForgetDates(usize),
    ReversePartnership(usize),
    MoveAsOf(NaiveDate),
}

fn damage() -> impl Strategy<Value = Damage> {
    let i = any::<usize>;
    prop_oneof![
        i().prop_map(Damage::RemoveOrganization),
        i().prop_map(Damage::RemoveLocation),
        i().prop_map(Damage::RemoveTenant),
        i().prop_map(Damage::DuplicateLocation),
        i().prop_map(Damage::DuplicateSubscription),
        Just(Damage::DemoteMicrosoft),
        i().prop_map(Damage::SecondMicrosoft),
        i().prop_map(Damage::ReverseRelationshipDates),
        i().prop_map(Damage::ReverseSubscriptionDates),
        i().prop_map(Damage::ForgetDates),
        i().prop_map(Damage::ReversePartnership),
        date().prop_map(Damage::MoveAsOf),
    ]
}

fn remove_at<T>(list: &mut Vec<T>, i: usize) {
    if !list.is_empty() {
        let at = i % list.len();
        list.remove(at);
    }
}

fn duplicate_at<T: Clone>(list: &mut Vec<T>, i: usize) {
    if !list.is_empty() {
        let copy = list[i % list.len()].clone();
        list.push(copy);
    }
}

fn apply(ws: &mut Workspace, damage: &Damage) {
    match *damage {
        Damage::RemoveOrganization(i) => remove_at(&mut ws.organizations, i),
        Damage::RemoveLocation(i) => remove_at(&mut ws.locations, i),
        Damage::RemoveTenant(i) => remove_at(&mut ws.tenants, i),
        Damage::DuplicateLocation(i) => duplicate_at(&mut ws.locations, i),
        Damage::DuplicateSubscription(i) => duplicate_at(&mut ws.subscriptions, i),
        Damage::DemoteMicrosoft => {
            for org in &mut ws.organizations {
                org.kind = OrganizationKind::Company;
            }
        }
        Damage::SecondMicrosoft(i) => {
            let len = ws.organizations.len();
            if let Some(org) = ws.organizations.get_mut(i % len.max(1)) {
                org.kind = OrganizationKind::Microsoft;
            }
        }
        Damage::ReverseRelationshipDates(i) => {
            let len = ws.relationships.len();
            if let Some(rel) = ws.relationships.get_mut(i % len.max(1)) {
                let start = rel.start;
                rel.start = rel.end.or(Some(NaiveDate::MAX));
                rel.end = start;
                std::mem::swap(&mut rel.requested, &mut rel.end);
            }
        }
        Damage::ReverseSubscriptionDates(i) => {
            let len = ws.subscriptions.len();
            if let Some(sub) = ws.subscriptions.get_mut(i % len.max(1)) {
                std::mem::swap(&mut sub.start, &mut sub.end);
            }
        }
        Damage::ForgetDates(i) => {
            let len = ws.locations.len();
            if let Some(location) = ws.locations.get_mut(i % len.max(1)) {
                location.onboarded = Fact::Unknown;
                location.mpa_signed = Fact::Unknown;
                for enrolment in &mut location.enrolments {
                    enrolment.enrolled = None;
                }
            }
        }
        Damage::ReversePartnership(i) => {
            let len = ws.relationships.len();
            if let Some(rel) = ws.relationships.get_mut(i % len.max(1)) {
                std::mem::swap(&mut rel.from, &mut rel.to);
            }
        }
        Damage::MoveAsOf(date) => ws.as_of = date,
    }
}

fn damaged_network() -> impl Strategy<Value = Workspace> {
    (
        0usize..6,
        0usize..30,
        any::<u64>(),
        any::<bool>(),
        prop::collection::vec(damage(), 0..6),
    )
        .prop_map(|(resellers, customers, seed, violations, damage)| {
            let mut ws = generate(&GenerateOptions {
                resellers,
                customers,
                seed,
                violations,
            });
            for d in &damage {
                apply(&mut ws, d);
            }
            ws
        })
}

/// Diagnostics compared through their debug text: an equity of NaN in a fix is not equal to
/// itself, yet must print the same every time.
fn render(ws: &Workspace) -> String {
    format!("{:#?}", rules::check(ws))
}

fn assert_stable(ws: &Workspace) -> Result<(), TestCaseError> {
    let first = render(ws);
    let again = render(ws);
    prop_assert_eq!(&first, &again, "two checks of one workspace differ");
    let clone = render(&ws.clone());
    prop_assert_eq!(&first, &clone, "a clone checks differently");
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn check_is_total_and_deterministic_on_random_workspaces(ws in random_workspace()) {
        assert_stable(&ws)?;
    }

    #[test]
    fn check_is_total_and_deterministic_on_damaged_networks(ws in damaged_network()) {
        assert_stable(&ws)?;
    }
}

/// A supply or partnership cycle among the relationships (the strategies are meant to make some).
fn has_cycle(ws: &Workspace) -> bool {
    let edges: Vec<(&str, &str)> = ws
        .relationships
        .iter()
        .filter(|r| {
            matches!(
                r.kind,
                RelationshipKind::Supply | RelationshipKind::Partnership
            )
        })
        .map(|r| (r.from.as_str(), r.to.as_str()))
        .collect();
    // Few edges: follow every path of up to `edges.len()` steps from each edge's source.
    edges.iter().any(|&(start, _)| {
        let mut frontier = vec![start];
        for _ in 0..edges.len() {
            frontier = edges
                .iter()
                .filter(|(from, _)| frontier.contains(from))
                .map(|&(_, to)| to)
                .collect();
            if frontier.contains(&start) {
                return true;
            }
        }
        false
    })
}

/// The random workspaces really are broken in the ways the module promises, and sometimes whole.
#[test]
fn random_workspaces_cover_the_breakage_they_promise() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, TestRng, TestRunner};
    use std::collections::BTreeSet;

    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(proptest::test_runner::RngAlgorithm::ChaCha),
    );
    let strategy = random_workspace();
    let mut codes = BTreeSet::new();
    let (mut cycles, mut microsoft_missing) = (0, 0);
    let (mut references, mut hits) = (0usize, 0usize);
    for _ in 0..300 {
        let ws = strategy.new_tree(&mut runner).expect("a value").current();
        let diagnostics = rules::check(&ws);
        let index = ws.index();
        let targets = ws
            .relationships
            .iter()
            .flat_map(|r| [&r.from, &r.to])
            .chain(
                ws.subscriptions
                    .iter()
                    .flat_map(|s| [&s.tenant, &s.billed_by]),
            )
            .chain(ws.locations.iter().map(|l| &l.organization));
        for target in targets {
            references += 1;
            hits += usize::from(index.contains_key(target.as_str()));
        }
        if !ws
            .organizations
            .iter()
            .any(|o| o.kind == OrganizationKind::Microsoft)
        {
            microsoft_missing += 1;
        }
        cycles += usize::from(has_cycle(&ws));
        codes.extend(diagnostics.into_iter().map(|d| d.code));
    }
    for code in ["CSP901", "CSP902", "CSP903", "CSP904"] {
        assert!(codes.contains(code), "{code} never seen: {codes:?}");
    }
    assert!(cycles > 10, "{cycles} workspaces with a cycle");
    // References mostly hit (so the rules past integrity get real chains to follow), not always.
    let hit_rate = hits as f64 / references.max(1) as f64;
    assert!((0.3..0.95).contains(&hit_rate), "hit rate {hit_rate}");
    assert!(
        microsoft_missing > 10,
        "{microsoft_missing} without Microsoft"
    );
}
