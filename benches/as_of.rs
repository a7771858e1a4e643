//! Moving the as-of date on a generated network of about 100k entities: the cached path the app
//! takes on every move (`AsOfCache::check_on_reusing`, alone and inside the document's edit)
//! against a full `rules::check`, the due list the radar rebuilds, and a whole frame after a move.
//!
//! `cargo bench --bench as_of`

#![allow(missing_docs)]

use std::hint::black_box;
use std::time::Duration;

use chrono::{Days, NaiveDate};
use criterion::{Criterion, criterion_group, criterion_main};
use csp_studio::app::{Command, Document, StudioApp};
use csp_studio::edit::Edit;
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::rules::{self, AsOfCache};
use csp_studio::ui::theme;
use egui_kittest::Harness;

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

    // As the document does: the last list goes back in, for its memory to be reused.
    let mut cache = AsOfCache::new(&ws);
    let mut next = dates.iter().cycle();
    let mut last = Vec::new();
    group.bench_function("move (cached context)", |b| {
        b.iter(|| {
            let date = *next.next().unwrap_or(&ws.as_of);
            last = cache.check_on_reusing(date, std::mem::take(&mut last));
            black_box(last.len())
        })
    });
    drop(last);

    // What the app does on a move before it draws: the edit through the history, the cached
    // check, and the per-entity counts the explorer and the diagram show.
    let mut doc = Document::new(ws.clone(), None);
    let mut next = dates.iter().cycle();
    group.bench_function("move (document)", |b| {
        b.iter(|| {
            let date = *next.next().unwrap_or(&ws.as_of);
            let moved = doc.apply(Edit::SetAsOf(date), Some("timeline-drag"));
            black_box((moved.is_ok(), doc.diagnostics.len()))
        })
    });
    drop(doc);

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

/// A whole frame of the window (diagram, problems, timeline, radar) after a move, against a frame
/// with no move: what a user dragging the timeline waits for.
fn frames(c: &mut Criterion) {
    let ws = generate(&GenerateOptions::about_entities(100_000, 7));
    let dates = dates(ws.as_of);
    let mut app = StudioApp::new(None, Default::default());
    app.document = Document::new(ws.clone(), None);
    let mut harness = Harness::builder()
        .with_size([1600.0, 1000.0])
        .with_context_setup(theme::install_fonts)
        .build_ui_state(|ui, app: &mut StudioApp| app.show(ui), app);
    harness.run_steps(3);
    let mut group = c.benchmark_group("as_of/100k app");
    group.sample_size(10);
    group.measurement_time(Duration::from_secs(10));
    group.bench_function("frame, no move", |b| b.iter(|| harness.step()));
    let mut next = dates.iter().cycle();
    group.bench_function("frame after a move", |b| {
        b.iter(|| {
            let date = *next.next().unwrap_or(&ws.as_of);
            harness.state_mut().push(Command::Apply {
                edit: Edit::SetAsOf(date),
                merge_key: Some("timeline-drag".into()),
                select: None,
            });
            harness.step()
        })
    });
    group.finish();
}

criterion_group!(benches, as_of, passes, frames);
criterion_main!(benches);
