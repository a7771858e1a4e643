//! Import benchmarks: a generated network's new-commerce reconciliation file of 10k and 100k
//! charge lines, read by the importer (recognition, decoding, streaming, dedup, building the
//! workspace) and by the `csv` crate alone as the floor any CSV importer stands on.
//!
//! `cargo bench --bench import`. The million-row figure in the README comes from the release
//! binary on a file written by `csp-studio generate --exports DIR --recon-rows 1000000`.

#![allow(missing_docs)]

use std::hint::black_box;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use criterion::{BenchmarkId, Criterion, Throughput};
use csp_studio::generate::{GenerateOptions, generate};
use csp_studio::import::{self, Progress};

/// Writes the exports of a network with enough subscriptions for `rows` charge lines.
fn recon_file(dir: &Path, rows: u64) -> PathBuf {
    let customers = (rows / 6).max(100) as usize;
    let ws = generate(&GenerateOptions {
        resellers: customers / 20,
        customers,
        seed: 7,
        violations: false,
    });
    let sub_dir = dir.join(rows.to_string());
    import::write_exports(&ws, &sub_dir, Some(rows)).expect("exports written");
    sub_dir.join("InvoiceReconciliation.csv")
}

/// Every field of every row, as the `csv` crate reads them, with no mapping.
fn csv_only(path: &Path) -> usize {
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .from_path(path)
        .expect("open");
    let mut record = csv::ByteRecord::new();
    let mut fields = 0;
    while reader.read_byte_record(&mut record).expect("read") {
        fields += record.len();
    }
    fields
}

fn benches(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    let as_of = NaiveDate::from_ymd_opt(2025, 1, 1).unwrap_or_default();
    let mut group = c.benchmark_group("import");
    group.sample_size(10);
    for rows in [10_000u64, 100_000] {
        let file = recon_file(dir.path(), rows);
        let bytes = std::fs::metadata(&file).map(|m| m.len()).unwrap_or(0);
        group.throughput(Throughput::Bytes(bytes));
        group.bench_with_input(BenchmarkId::new("new_commerce", rows), &file, |b, file| {
            b.iter(|| {
                let imported =
                    import::import_files(std::slice::from_ref(file), as_of, &Progress::default())
                        .expect("import");
                black_box(imported.workspace.entity_count())
            });
        });
        // What Apply in the app does: the whole import as one undoable edit into an empty
        // workspace, then undone.
        let imported =
            import::import_files(std::slice::from_ref(&file), as_of, &Progress::default())
                .expect("import");
        let empty = csp_studio::model::Workspace::new(as_of);
        group.bench_function(BenchmarkId::new("apply_and_undo", rows), |b| {
            b.iter(|| {
                let rec = import::reconcile(&empty, &imported.workspace);
                let edit = rec.edit(&rec.default_selection(), &empty);
                let mut ws = empty.clone();
                let undo = edit.apply(&mut ws).expect("apply");
                let count = ws.entity_count();
                undo.apply(&mut ws).expect("undo");
                black_box(count)
            });
        });
        group.bench_with_input(
            BenchmarkId::new("csv_crate_alone", rows),
            &file,
            |b, file| {
                b.iter(|| black_box(csv_only(file)));
            },
        );
    }
    group.finish();
}

criterion::criterion_group!(import_benches, benches);
criterion::criterion_main!(import_benches);
