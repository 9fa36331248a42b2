//! `fairshard reproduce`: every experiment, then the report, into one results folder.

use anyhow::Context;
use fairshard_experiments::{Config, Shard, all, run_all, write_parquet};
use std::path::PathBuf;
use std::time::Instant;

/// Run every experiment (the paper's figures and the solver comparison) and draw the report:
/// CSV and Parquet rows, PNG and PDF figures, report.pdf and manifest.json under --out.
/// Restarting the same command skips the runs already recorded.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Smaller sweeps (under two minutes on two cores).
    #[arg(long)]
    quick: bool,
    /// Results folder.
    #[arg(long, short = 'o', default_value = "results", value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Master seed: each run's seed is derived from it and the run's coordinates.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Run only the K-th of N disjoint slices of every sweep (join them with `fairshard merge`).
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
    /// Time limit per run, in seconds (default: 5, quick: 1).
    #[arg(long, value_name = "SECONDS")]
    time_limit: Option<f64>,
    /// Solver ids of the paper's figures, comma-separated (default: ilp/highs if compiled in, and heur/bi-lpt).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    front_solvers: Option<Vec<String>>,
    /// The benchmark suite (default: smoke with --quick, else quick; `fairshard suites` lists
    /// them, e.g. synthetic for a cluster).
    #[arg(long, value_name = "NAME")]
    bench_suite: Option<String>,
    /// Solver ids of the benchmark, comma-separated (default: the comparison's but
    /// mip/highs-paper, mip/highs-direct and mip/microlp).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    bench_solvers: Option<Vec<String>>,
    /// Solver ids of the comparison, comma-separated (default: every compiled-in solver but the
    /// hybrid exact ids other than ilp/highs: each MIP backend alone as mip/..., the hybrid method once).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    compare_solvers: Option<Vec<String>>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let mut config = Config::new(args.quick, args.seed);
    if let Some(limit) = super::common::time_limit(args.time_limit)? {
        config.time_limit = Some(limit);
    }
    if let Some(ids) = args.front_solvers {
        config.front_solvers = ids;
    }
    if let Some(ids) = args.compare_solvers {
        config.compare_solvers = ids;
    }
    if let Some(plan) = config.bench.as_mut() {
        if let Some(suite) = args.bench_suite {
            plan.suite = fairshard_experiments::bench::find(&suite)?.id();
        }
        if let Some(ids) = args.bench_solvers {
            plan.solvers = ids;
        }
    }
    let shard = args.shard.unwrap_or(Shard::ALL);
    let command: Vec<String> = std::env::args().collect();
    let experiments = all();
    let summaries = run_all(&experiments, &config, shard, &args.out, command)?;
    for s in &summaries {
        if s.in_shard > 0 {
            eprintln!(
                "{:<8} {:>4} runs: {} new, {} already recorded",
                s.experiment, s.in_shard, s.ran, s.skipped
            );
        }
        if !s.data.is_empty() {
            eprintln!("{:<8} wrote {}", s.experiment, s.data.join(", "));
        }
    }
    write_parquet(&experiments, &args.out)?;
    let written = fairshard_reports::report(&args.out)
        .with_context(|| format!("drawing the report in {}", args.out.display()))?;
    eprintln!(
        "wrote {} ({} pages) and {} figure files in {:.1} s",
        args.out.join(fairshard_reports::REPORT).display(),
        written.pages,
        written.files.len() - 1,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}
