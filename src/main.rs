//! Argument dispatch: a subcommand runs headless; otherwise the app opens.
// The one message main prints: why the window could not open (no display, no OpenGL).
#![allow(clippy::print_stderr)]

use std::process::ExitCode;

use clap::Parser;
use csp_studio::cli::{self, Cli};

/// mimalloc instead of the system allocator: importing and checking large networks make and
/// free millions of small strings, where it is markedly faster than glibc's.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => cli::run(command),
        None => match csp_studio::app::run_opened(cli.file, cli.review, cli.compare) {
            Ok(()) => ExitCode::SUCCESS,
            Err(error) => {
                eprintln!("csp-studio: cannot open the window: {error}");
                ExitCode::FAILURE
            }
        },
    }
}
