//! `fairshard report`: redraw the figures and report.pdf of a results folder from its files.

use anyhow::Context;
use std::path::PathBuf;
use std::time::Instant;

/// Redraw the figures (PNG, PDF) and report.pdf of a results folder from its result files
/// alone; no solver is run.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The results folder (as written by `fairshard reproduce` or `fairshard merge`).
    dir: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let written = fairshard_reports::report(&args.dir)
        .with_context(|| format!("drawing the report in {}", args.dir.display()))?;
    for f in &written.files {
        println!("{}", f.display());
    }
    eprintln!(
        "report: {} pages, {} files in {:.1} s",
        written.pages,
        written.files.len(),
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
