//! Workspace files on disk, as the app opens and saves them: `io::load_file` (bounded read, UTF-8
//! check, parse, id check) and `io::save_with_backup` (canonical text, backup of the previous
//! version, temporary file, fsync, rename), at about 1k, 100k and 1M entities; and the same data
//! read and written through serde_json as the reference for what a text format can do in Rust.
//!
//! `cargo bench --bench files`; `CSP_BENCH_SIZES=1k,100k` leaves out the 1M network. Before the
//! measurements it prints, per size, the RON/JSON time ratio of one timed run of each.

#![allow(clippy::print_stderr, missing_docs)]

use std::fs;
use std::hint::black_box;
use std::path::Path;
use std::time::{Duration, Instant};

use chrono::NaiveDate;
use criterion::{
    BenchmarkGroup, BenchmarkId, Criterion, SamplingMode, Throughput, measurement::WallTime,
};
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::io;
use csp_studio::model::{
    Location, Organization, Ownership, Relationship, Subscription, Tenant, Workspace,
};
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

fn parts(ws: &Workspace) -> PartsRef<'_> {
    PartsRef {
        as_of: ws.as_of,
        organizations: &ws.organizations,
        ownerships: &ws.ownerships,
        locations: &ws.locations,
        tenants: &ws.tenants,
        relationships: &ws.relationships,
        subscriptions: &ws.subscriptions,
    }
}

fn save_json(ws: &Workspace, path: &Path) {
    let text = serde_json::to_vec(&parts(ws)).expect("serializes");
    io::write_atomically(path, &text).expect("writes");
}

fn load_json(path: &Path) -> Parts {
    serde_json::from_slice(&fs::read(path).expect("reads")).expect("parses")
}

const SIZES: [(&str, usize); 3] = [("1k", 1_000), ("100k", 100_000), ("1M", 1_000_000)];

/// Small, flat samples sized from one timed run, so the 1M cases finish in reasonable time.
fn configure(group: &mut BenchmarkGroup<'_, WallTime>, single: Duration) {
    group.sampling_mode(SamplingMode::Flat);
    group.sample_size(10);
    group.warm_up_time(single.max(Duration::from_millis(300)));
    group.measurement_time((single * 12).max(Duration::from_secs(2)));
}

fn time(f: impl FnOnce()) -> Duration {
    let started = Instant::now();
    f();
    started.elapsed()
}

fn main() {
    let wanted = std::env::var("CSP_BENCH_SIZES").unwrap_or_else(|_| "1k,100k,1M".into());
    let dir = tempfile::tempdir().expect("temp dir");
    let mut criterion = Criterion::default().configure_from_args();
    for (label, entities) in SIZES {
        if !wanted
            .split(',')
            .any(|w| w.trim().eq_ignore_ascii_case(label))
        {
            continue;
        }
        let ws = generate(&GenerateOptions::about_entities(entities, 42));
        let ron = dir.path().join(format!("{label}.ron"));
        let json = dir.path().join(format!("{label}.json"));
        let save_ron = time(|| {
            io::save_with_backup(&ws, &ron).expect("saves");
        });
        let save_js = time(|| save_json(&ws, &json));
        let load_ron = time(|| {
            black_box(io::load_file(&ron).expect("loads"));
        });
        let load_js = time(|| {
            black_box(load_json(&json));
        });
        let size = |p: &Path| fs::metadata(p).map_or(0, |m| m.len());
        eprintln!(
            "{label}: {} entities; RON {:.1} MB, JSON {:.1} MB; one run: load RON {load_ron:.2?} \
             vs JSON {load_js:.2?} (x{:.1}), save RON with backup {save_ron:.2?} vs JSON \
             {save_js:.2?} (x{:.1})",
            ws.entity_count(),
            size(&ron) as f64 / 1e6,
            size(&json) as f64 / 1e6,
            load_ron.as_secs_f64() / load_js.as_secs_f64(),
            save_ron.as_secs_f64() / save_js.as_secs_f64(),
        );

        let mut group = criterion.benchmark_group("file_load");
        group.throughput(Throughput::Elements(ws.entity_count() as u64));
        configure(&mut group, load_ron);
        group.bench_with_input(BenchmarkId::new("ron", label), &ron, |b, path| {
            b.iter(|| io::load_file(black_box(path)).expect("loads"));
        });
        configure(&mut group, load_js);
        group.bench_with_input(BenchmarkId::new("serde_json", label), &json, |b, path| {
            b.iter(|| load_json(black_box(path)));
        });
        group.finish();

        let mut group = criterion.benchmark_group("file_save");
        group.throughput(Throughput::Elements(ws.entity_count() as u64));
        configure(&mut group, save_ron);
        group.bench_with_input(BenchmarkId::new("ron_with_backup", label), &ws, |b, ws| {
            b.iter(|| io::save_with_backup(black_box(ws), &ron).expect("saves"));
        });
        configure(&mut group, save_js);
        group.bench_with_input(BenchmarkId::new("serde_json", label), &ws, |b, ws| {
            b.iter(|| save_json(black_box(ws), &json));
        });
        group.finish();
    }
    criterion.final_summary();
}
