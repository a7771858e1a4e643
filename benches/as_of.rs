//! Moving the as-of date on a generated network of about 100k entities: the cached path the app
//! takes on every move (`AsOfCache::check_on`) against a full `rules::check`, and the due list
//! the radar rebuilds.
//!
//! `cargo bench --bench as_of`

#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::rules::{self, AsOfCache};

fn dates(from: NaiveDate) -> Vec<NaiveDate> {
    (0..32)
        .filter_map(|i| from.checked_sub_days(Days::new(i * 45)))
        .collect()
}

fn as_of(c: &mut Criterion) {
    let ws = generate(&GenerateOptions::about_entities(100_000, 7));
    let dates = dates(ws.as_of);
    let mut group = c.benchmark_group("as_of/100k");
    group.sample_size(20);
    group.measurement_time(Duration::from_secs(10));

    let mut cache = AsOfCache::new(&ws);
    let mut next = dates.iter().cycle();
    group.bench_function("move (cached context)", |b| {
        b.iter(|| {
            let date = *next.next().unwrap_or(&ws.as_of);
            black_box(cache.check_on(date))
        })
    });

    let mut moved = ws.clone();
    let mut next = dates.iter().cycle();
    group.bench_function("full check", |b| {
        b.iter(|| {
            moved.as_of = *next.next().unwrap_or(&ws.as_of);
            black_box(rules::check(&moved))
        })
    });

    let index = csp_studio::due::DueIndex::new(&ws);
    let mut next = dates.iter().cycle();
    group.bench_function("due within 90 days (indexed)", |b| {
        b.iter(|| {
            let date = *next.next().unwrap_or(&ws.as_of);
            black_box(index.due(&ws, date, 90))
        })
    });
    group.bench_function("due index build", |b| {
        b.iter(|| black_box(csp_studio::due::DueIndex::new(&ws)))
    });
    group.finish();
}

/// Each pass of the rules alone on the 100k network: where a move's time goes, and which passes
/// are worth narrowing to the entities that carry dates.
fn passes(c: &mut Criterion) {
    let ws = generate(&GenerateOptions::about_entities(100_000, 7));
    let cx = rules::Context::new(&ws);
    let mut group = c.benchmark_group("as_of/100k pass");
    group.sample_size(10);
    group.warm_up_time(Duration::from_millis(300));
    group.measurement_time(Duration::from_secs(1));
    for pass in rules::families().iter().flat_map(|f| f.passes.iter()) {
        group.bench_function(format!("{} ({:?})", pass.name, pass.date_use), |b| {
            b.iter(|| {
                let mut sink = rules::Sink::default();
                (pass.check)(&cx, &mut sink);
                black_box(sink)
            })
        });
    }
    group.finish();
}

criterion_group!(benches, as_of, passes);
criterion_main!(benches);
