//! Times `import_files` alone, then the canonical text of the workspace it gives (the bulk of
//! saving it); `NO_TEXT=1` leaves the second part out.
//!
//! `cargo run --release --example import_time -- FILE...`
#![allow(clippy::print_stdout, clippy::print_stderr, missing_docs)]
use std::path::PathBuf;
use std::time::Instant;
/// The same allocator as the app.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() {
    let files: Vec<PathBuf> = std::env::args_os().skip(1).map(PathBuf::from).collect();
    let as_of = chrono::NaiveDate::from_ymd_opt(2026, 11, 1).unwrap_or_default();
    let started = Instant::now();
    match csp_studio::import::import_files(&files, as_of, &csp_studio::import::Progress::default())
    {
        Ok(imported) => {
            let read = started.elapsed().as_secs_f64();
            let saved = Instant::now();
            let text = if std::env::var_os("NO_TEXT").is_some() {
                Ok(0)
            } else {
                csp_studio::io::to_canonical_string(&imported.workspace).map(|t| t.len())
            };
            println!(
                "import {read:.3} s ({} entities), canonical text {:.3} s ({:?} bytes)",
                imported.workspace.entity_count(),
                saved.elapsed().as_secs_f64(),
                text.ok()
            );
        }
        Err(error) => eprintln!("{error}"),
    }
}
