//! `fairshard`: fair partition of smart contracts into sharded sub-committees.
//!
//! A thin binary: clap parsing and printing. Every capability lives in the workspace crates.
//! Errors print one line (`error: ...` with its causes) and exit 1; usage errors exit 2.

mod cli;

use clap::Parser;
use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::Cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}
