//! Argument dispatch: a subcommand runs headless; otherwise the app opens.

use std::process::ExitCode;

use clap::Parser;
use csp_studio::cli::{self, Cli};

fn main() -> ExitCode {
    let cli = Cli::parse();
    match cli.command {
        Some(command) => cli::run(command),
        None => csp_studio::app::run(cli.file),
    }
}
