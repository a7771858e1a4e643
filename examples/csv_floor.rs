//! The floor under any CSV importer: the `csv` crate alone reading every field of a file, with
//! no mapping. Compare with `csp-studio import` on the same file:
//!
//! `cargo run --release --example csv_floor -- InvoiceReconciliation.csv`
#![allow(clippy::print_stdout, clippy::print_stderr)]

use std::process::ExitCode;
use std::time::Instant;

fn main() -> ExitCode {
    let Some(path) = std::env::args_os().nth(1) else {
        eprintln!("usage: csv_floor FILE.csv");
        return ExitCode::from(2);
    };
    let started = Instant::now();
    let mut reader = match csv::ReaderBuilder::new()
        .buffer_capacity(256 * 1024)
        .from_path(&path)
    {
        Ok(reader) => reader,
        Err(error) => {
            eprintln!("{error}");
            return ExitCode::from(2);
        }
    };
    let mut record = csv::ByteRecord::new();
    let (mut rows, mut fields) = (0u64, 0u64);
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                rows += 1;
                fields += record.len() as u64;
            }
            Ok(false) => break,
            Err(error) => {
                eprintln!("{error}");
                return ExitCode::from(1);
            }
        }
    }
    println!(
        "{rows} rows, {fields} fields in {:.3} s",
        started.elapsed().as_secs_f64()
    );
    ExitCode::SUCCESS
}
