//! Scale benchmarks: `rules::check`, the RON workspace format and serde_json as a reference, on
//! generated networks of about 1k, 100k and 1M entities.
//!
//! `cargo bench --bench check` runs everything; `CSP_BENCH_SIZES=1k,100k` leaves out the 1M
//! network (generating it and its files takes about a gigabyte and some seconds), and the usual
//! criterion filter selects benchmarks (`cargo bench --bench check -- check/`).

#![allow(clippy::print_stderr, missing_docs)]

use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, measurement::WallTime,
};
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::model::{
    Location, Organization, Ownership, Relationship, Subscription, Tenant, Workspace,
};
use csp_studio::{io, rules};
use serde::{Deserialize, Serialize};

/// The workspace's entity lists for serde_json (the `Workspace` struct itself is not serde).
#[derive(Serialize)]
struct PartsRef<'a> {
    as_of: NaiveDate,
    organizations: &'a [Organization],
    ownerships: &'a [Ownership],
    locations: &'a [Location],
    tenants: &'a [Tenant],
    relationships: &'a [Relationship],
    subscriptions: &'a [Subscription],
}

impl<'a> PartsRef<'a> {
    fn new(ws: &'a Workspace) -> Self {
        Self {
            as_of: ws.as_of,
            organizations: &ws.organizations,
            ownerships: &ws.ownerships,
            locations: &ws.locations,
            tenants: &ws.tenants,
            relationships: &ws.relationships,
            subscriptions: &ws.subscriptions,
        }
    }
}

/// The same lists, owned, as parsed back.
#[derive(Deserialize)]
#[allow(dead_code)]
struct Parts {
    as_of: NaiveDate,
    organizations: Vec<Organization>,
    ownerships: Vec<Ownership>,
    locations: Vec<Location>,
    tenants: Vec<Tenant>,
    relationships: Vec<Relationship>,
    subscriptions: Vec<Subscription>,
}

/// One generated network with its two text forms, built once outside every timed loop.
struct Case {
    label: &'static str,
    ws: Workspace,
    ron: String,
    json: String,
}

const SIZES: [(&str, usize); 3] = [("1k", 1_000), ("100k", 100_000), ("1M", 1_000_000)];

fn cases() -> Vec<Case> {
    let wanted = std::env::var("CSP_BENCH_SIZES").unwrap_or_else(|_| "1k,100k,1M".into());
    let wanted: Vec<&str> = wanted.split(',').map(str::trim).collect();
    let mut cases = Vec::new();
    for (label, entities) in SIZES {
        if !wanted.iter().any(|w| w.eq_ignore_ascii_case(label)) {
            continue;
        }
        let options = GenerateOptions::about_entities(entities, 42);
        let started = Instant::now();
        let ws = generate(&options);
        let generated = started.elapsed();
        let ron = io::to_canonical_string(&ws).expect("the generated workspace serializes to RON");
        let json = serde_json::to_string(&PartsRef::new(&ws)).expect("serializes to JSON");
        let diagnostics = rules::check(&ws);
        let (errors, warnings, infos) = rules::counts(&diagnostics);
        eprintln!(
            "{label}: {} resellers, {} customers -> {} entities (generated in {generated:.2?}); \
             RON {:.1} MB, JSON {:.1} MB; check: {errors} errors, {warnings} warnings, {infos} infos",
            options.resellers,
            options.customers,
            ws.entity_count(),
            ron.len() as f64 / 1e6,
            json.len() as f64 / 1e6,
        );
        cases.push(Case {
            label,
            ws,
            ron,
            json,
        });
    }
    cases
}

/// Small, flat samples sized from one timed run, so the 1M cases finish in reasonable time.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, mut once: impl FnMut()) {
    let started = Instant::now();
    once();
    let single = started.elapsed();
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(single.max(Duration::from_millis(500)));
    group.measurement_time((single * 12).max(Duration::from_secs(2)));
}

fn bench_check(c: &mut Criterion, cases: &[Case]) {
    let mut group = c.benchmark_group("check");
    for case in cases {
        configure(&mut group, || {
            black_box(rules::check(black_box(&case.ws)));
        });
        group.throughput(Throughput::Elements(case.ws.entity_count() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(case.label),
            &case.ws,
            |b, ws| {
                b.iter(|| rules::check(black_box(ws)));
            },
        );
    }
    group.finish();
}

/// Building the lookups every check starts with, alone: the part of `check` no rule family owns.
fn bench_context(c: &mut Criterion, cases: &[Case]) {
    let mut group = c.benchmark_group("check_context");
    for case in cases {
        configure(&mut group, || {
            black_box(rules::Context::new(black_box(&case.ws)));
        });
        group.throughput(Throughput::Elements(case.ws.entity_count() as u64));
        group.bench_with_input(
            BenchmarkId::from_parameter(case.label),
            &case.ws,
            |b, ws| {
                b.iter(|| rules::Context::new(black_box(ws)));
            },
        );
    }
    group.finish();
}

fn bench_save(c: &mut Criterion, cases: &[Case]) {
    let mut group = c.benchmark_group("save");
    for case in cases {
        group.throughput(Throughput::Bytes(case.ron.len() as u64));
        configure(&mut group, || {
            black_box(io::to_canonical_string(black_box(&case.ws)).ok());
        });
        group.bench_with_input(BenchmarkId::new("ron", case.label), &case.ws, |b, ws| {
            b.iter(|| io::to_canonical_string(black_box(ws)).expect("serializes"));
        });
        group.throughput(Throughput::Bytes(case.json.len() as u64));
        configure(&mut group, || {
            black_box(serde_json::to_string(&PartsRef::new(black_box(&case.ws))).ok());
        });
        group.bench_with_input(
            BenchmarkId::new("serde_json", case.label),
            &case.ws,
            |b, ws| {
                b.iter(|| {
                    serde_json::to_string(&PartsRef::new(black_box(ws))).expect("serializes")
                });
            },
        );
    }
    group.finish();
}

fn bench_load(c: &mut Criterion, cases: &[Case]) {
    let path = Path::new("generated.ron");
    let mut group = c.benchmark_group("load");
    for case in cases {
        group.throughput(Throughput::Bytes(case.ron.len() as u64));
        configure(&mut group, || {
            black_box(io::load_str(black_box(&case.ron), path).ok());
        });
        group.bench_with_input(BenchmarkId::new("ron", case.label), &case.ron, |b, text| {
            b.iter(|| io::load_str(black_box(text), path).expect("loads"));
        });
        group.throughput(Throughput::Bytes(case.json.len() as u64));
        configure(&mut group, || {
            black_box(serde_json::from_str::<Parts>(black_box(&case.json)).ok());
        });
        group.bench_with_input(
            BenchmarkId::new("serde_json", case.label),
            &case.json,
            |b, text| {
                b.iter(|| serde_json::from_str::<Parts>(black_box(text)).expect("parses"));
            },
        );
    }
    group.finish();
}

fn main() {
    let mut criterion = Criterion::default().configure_from_args();
    let cases = cases();
    bench_check(&mut criterion, &cases);
    bench_context(&mut criterion, &cases);
    bench_save(&mut criterion, &cases);
    bench_load(&mut criterion, &cases);
    criterion.final_summary();
}
