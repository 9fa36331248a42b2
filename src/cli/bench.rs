//! `fairshard bench`: every instance of a benchmark suite with every chosen solver, then the
//! statistics, profiles and cross-solver checks, and the report.

use anyhow::Context;
use fairshard_experiments::bench::{Bench, find};
use fairshard_experiments::config::{BenchPlan, default_bench_solvers};
use fairshard_experiments::{Config, Experiment, Shard, run_all, write_parquet};
use fairshard_results::bench::{BenchCheckRow, BenchStatRow};
use fairshard_results::{Folder, files, read_rows_if_present};
use std::path::PathBuf;
use std::time::Instant;

/// Benchmark solvers on a named instance suite (see `fairshard suites`): one row per run in
/// DIR/bench.csv (appended as runs finish; the same command resumes), the instance index
/// with content hashes, per class and solver the proven count, shifted geometric mean of time
/// (unproven runs at the limit), quality relative to the best found, gaps, wins/ties/losses,
/// the virtual best, performance profiles, every certified bound checked against every
/// solver's best partition (bench_checks.csv), and report.pdf.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// The suite: NAME or NAME@VERSION (`fairshard suites` lists them).
    #[arg(long, value_name = "NAME")]
    suite: String,
    /// Solver ids, comma-separated (default: every compiled-in heuristic and exact method,
    /// with `ilp/highs` for the hybrid method and `mip/...` for each MIP backend alone).
    #[arg(long, value_delimiter = ',', value_name = "IDS")]
    solvers: Option<Vec<String>>,
    /// Time limit per run, in seconds.
    #[arg(long, default_value_t = 10.0, value_name = "SECONDS")]
    time_limit: f64,
    /// Results folder.
    #[arg(long, short = 'o', default_value = "bench-results", value_name = "DIR")]
    pub(crate) out: PathBuf,
    /// Master seed: each run's seed is derived from it and the run's coordinates.
    #[arg(long, default_value_t = 1)]
    seed: u64,
    /// Run only the K-th of N disjoint slices (join them with `fairshard merge`).
    #[arg(long, value_name = "K/N")]
    shard: Option<Shard>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let started = Instant::now();
    let suite = find(&args.suite)?;
    let mut config = Config::new(false, args.seed);
    config.time_limit = super::common::time_limit(Some(args.time_limit))?;
    // One thread per run, so that times compare across solvers.
    config.threads = Some(1);
    config.bench = Some(BenchPlan {
        suite: suite.id(),
        solvers: args.solvers.unwrap_or_else(default_bench_solvers),
    });
    let shard = args.shard.unwrap_or(Shard::ALL);
    let experiments: Vec<&dyn Experiment> = vec![&Bench];
    eprintln!(
        "bench {}: {} instances x {} solvers, {} s per run, shard {shard}, into {}",
        suite.id(),
        suite.instances().len(),
        config.bench.as_ref().map_or(0, |b| b.solvers.len()),
        args.time_limit,
        args.out.display()
    );
    let command: Vec<String> = std::env::args().collect();
    let summaries = run_all(&experiments, &config, shard, &args.out, command)?;
    for s in &summaries {
        eprintln!(
            "{:<8} {:>5} runs: {} new, {} already recorded",
            s.experiment, s.in_shard, s.ran, s.skipped
        );
    }
    write_parquet(&experiments, &args.out)?;
    print_summary(&args.out)?;
    let written = fairshard_reports::report(&args.out)
        .with_context(|| format!("drawing the report in {}", args.out.display()))?;
    eprintln!(
        "wrote {} ({} pages) in {:.1} s",
        args.out.join(fairshard_reports::REPORT).display(),
        written.pages,
        started.elapsed().as_secs_f64()
    );
    Ok(())
}

/// The whole suite's statistics and the contradictions, on standard output.
fn print_summary(dir: &std::path::Path) -> anyhow::Result<()> {
    let folder = Folder(dir);
    let stats: Vec<BenchStatRow> = read_rows_if_present(&folder.csv(files::BENCH_STATS))?;
    let checks: Vec<BenchCheckRow> = read_rows_if_present(&folder.csv(files::BENCH_CHECKS))?;
    println!(
        "{:<18} {:>5} {:>7} {:>8} {:>10} {:>9} {:>8} {:>5}",
        "solver (all)", "runs", "proven", "no part.", "sgm time", "quality", "gap", "best"
    );
    for s in stats.iter().filter(|s| s.class == "all") {
        let f = |v: Option<f64>, p: usize| v.map_or("-".to_owned(), |v| format!("{v:.p$}"));
        println!(
            "{:<18} {:>5} {:>7} {:>8} {:>9}s {:>9} {:>8} {:>5}",
            s.solver,
            s.runs,
            s.proven,
            s.runs - s.with_partition.min(s.runs),
            f(s.sgm_time_s, 3),
            f(s.sgm_quality, 3),
            f(s.mean_gap, 4),
            s.best
        );
    }
    if checks.is_empty() {
        println!("checks: no row contradicts another, no run overran its limit");
    } else {
        println!("checks: {} flagged rows (bench_checks.csv):", checks.len());
        for c in checks.iter().take(10) {
            println!("  {} {}: {}", c.instance, c.solver, c.issue);
        }
    }
    Ok(())
}
