//! `fairshard`: fair partition of smart contracts into sharded sub-committees.
//!
//! A thin binary: clap parsing and printing. Every capability lives in the workspace crates.
//! Errors print one line (`error: ...` with its causes) and exit 1; usage errors exit 2.

mod cli;

use std::process::ExitCode;

fn main() -> ExitCode {
    die_quietly_on_closed_pipe();
    let args = cli::parse();
    match cli::run(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

/// `fairshard solvers | head`: a closed pipe ends the process quietly, as with other Unix
/// tools, instead of a panic in `println!` (Rust ignores SIGPIPE by default).
#[cfg(unix)]
fn die_quietly_on_closed_pipe() {
    // SAFETY: first thing in `main`, before any thread starts; SIG_DFL is a valid disposition.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

#[cfg(not(unix))]
fn die_quietly_on_closed_pipe() {}
