//! `fairshard merge`: join shard folders into one, then draw its report.

use anyhow::Context;
use fairshard_experiments::{Experiment, Manifest, all, merge::merge, write_parquet};
use std::path::PathBuf;

/// Join results folders (e.g. the shards of `reproduce --shard K/N`) into one, rows in sweep
/// order, and draw its report.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The folders to join.
    #[arg(required = true, value_name = "DIR")]
    dirs: Vec<PathBuf>,
    /// The joined folder.
    #[arg(long, short = 'o', value_name = "DIR")]
    pub(crate) out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    // The experiments the first folder's manifest lists (a `fairshard bench` folder holds
    // the benchmark alone); every experiment when it lists none.
    let listed = match args.dirs.first() {
        Some(dir) => Manifest::load(dir)?.map(|m| m.experiments).unwrap_or_default(),
        None => Vec::new(),
    };
    let experiments: Vec<&dyn Experiment> = all()
        .into_iter()
        .filter(|e| listed.is_empty() || listed.iter().any(|id| id == e.id()))
        .collect();
    let counts = merge(&experiments, &args.dirs, &args.out)?;
    for (id, n) in &counts {
        eprintln!("{id:<8} {n:>5} rows");
    }
    write_parquet(&experiments, &args.out)?;
    let written = fairshard_reports::report(&args.out)
        .with_context(|| format!("drawing the report in {}", args.out.display()))?;
    eprintln!("merged into {} ({} report pages)", args.out.display(), written.pages);
    Ok(())
}
