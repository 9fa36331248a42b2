//! `fairshard front`: the (gamma1, gamma2) Pareto front of one instance with one solver.

use super::common::{InstanceArgs, describe, load_instance, time_limit};
use anyhow::{Context, bail};
use fairshard_harness::{RunSpec, Target};
use fairshard_solvers::milp::formulation::Vars;
use fairshard_solvers::pareto::{Front, Runner, exact, grid, paper};
use std::path::PathBuf;

/// The paper's binary-search tolerance on gamma2 when `--tolerance` is not given.
const PAPER_TOLERANCE: f64 = 1e-4;

/// How to build the front.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum Method {
    /// Per gamma1 cap, minimise gamma2 directly (Dinkelbach), warm-started: proven points.
    Exact,
    /// The paper's: per gamma1 cap, binary search on gamma2 with the feasibility ILP.
    Paper,
    /// Every non-dominated point (epsilon-constraint), no grid.
    Sweep,
    /// Min gamma1 (gamma2 free) and min gamma2 (gamma1 free).
    Endpoints,
}

/// ILP variables.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum IlpVars {
    /// The solver's own choice (aggregated when some contracts are identical, for the
    /// compact ids; per task for `ilp/highs-paper`).
    Default,
    /// One binary per (subset, contract): the paper's variables.
    PerTask,
    /// One integer per (subset, class of identical contracts).
    Aggregated,
}

/// Trace the (gamma1, gamma2) front; print it and write its rows as CSV.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    instance: InstanceArgs,
    /// Number of subsets m.
    #[arg(short = 'm', long)]
    m: usize,
    /// Solver id (an exact `ilp/...` id for proofs; any id works).
    #[arg(long, short = 's', default_value = "ilp/highs")]
    solver: String,
    /// Front method.
    #[arg(long, value_enum, default_value = "exact")]
    method: Method,
    /// Grid points of gamma1 caps (exact, paper).
    #[arg(long, default_value_t = 10)]
    points: usize,
    /// First gamma1 cap of the grid.
    #[arg(long, default_value_t = 1.001)]
    from: f64,
    /// Last gamma1 cap of the grid.
    #[arg(long, default_value_t = 1.5)]
    to: f64,
    /// Absolute tolerance on gamma2. `paper`: its binary search narrows the bracket to it
    /// (default 1e-4). `exact`: a point stops once its partition is within it of the point's
    /// certified bound, status gap-limit (default: prove each point optimal).
    #[arg(long)]
    tolerance: Option<f64>,
    /// Most points the sweep enumerates.
    #[arg(long, default_value_t = 200)]
    max_points: usize,
    /// Time limit per solver call, in seconds.
    #[arg(long, value_name = "SECONDS")]
    time_limit: Option<f64>,
    /// Threads the backend may use.
    #[arg(long)]
    threads: Option<u32>,
    /// Relative MIP gap at which an exact backend may stop.
    #[arg(long)]
    mip_gap: Option<f64>,
    /// Let the backend print its own log.
    #[arg(long)]
    solver_log: bool,
    /// Variables of an `ilp/...` solver's model.
    #[arg(long, value_enum, default_value = "default")]
    ilp_vars: IlpVars,
    /// Write the points as CSV rows to this file.
    #[arg(long, short = 'o', value_name = "FILE")]
    out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    check_grid(&args)?;
    let inst = load_instance(&args.instance)?;
    let mut base = RunSpec::new(args.m, Target::Profit);
    base.time_limit = time_limit(args.time_limit)?;
    base.threads = args.threads;
    base.mip_gap = args.mip_gap;
    if args.method == Method::Exact {
        base.abs_gap = args.tolerance;
    }
    base.solver_log = args.solver_log;
    base.validate(&inst)?;
    let mut runner = Runner::new(&args.solver, &inst, base)?;
    runner = match args.ilp_vars {
        IlpVars::Default => runner,
        IlpVars::PerTask => runner.with_vars(Vars::PerTask),
        IlpVars::Aggregated => runner.with_vars(Vars::Aggregated),
    };
    let caps = grid(args.from, args.to, args.points);
    let front = match args.method {
        Method::Exact => exact::grid(&runner, &caps),
        Method::Paper => paper::front(
            &runner.with_heuristic_start(false),
            &caps,
            args.tolerance.unwrap_or(PAPER_TOLERANCE),
        ),
        Method::Sweep => exact::sweep(&runner, args.max_points),
        Method::Endpoints => exact::endpoints(&runner),
    };
    print(&front, &inst, &args);
    if let Some(path) = &args.out {
        write_csv(path, &front, &inst, &args).with_context(|| format!("cannot write {}", path.display()))?;
        eprintln!("wrote {} ({} rows)", path.display(), front.points.len());
    }
    Ok(())
}

/// The most gamma1 caps a grid may have: each is at least one solver call, and the front keeps
/// a partition per point.
const MAX_GRID_POINTS: usize = 100_000;

/// Rejects a grid, tolerance or sweep size that would trace nothing, or nonsense, before any
/// work: caps are finite and >= 1 (gamma1 = max/min >= 1), `--from <= --to` (strictly below
/// when there are two points or more), `--points` in `1..=MAX_GRID_POINTS`, `--max-points >= 1`,
/// `--tolerance` positive and finite.
fn check_grid(args: &Args) -> anyhow::Result<()> {
    for (name, v) in [("--from", args.from), ("--to", args.to)] {
        if !(v.is_finite() && v >= 1.0) {
            bail!("{name} must be a gamma1 cap >= 1 (got {v})");
        }
    }
    if !(1..=MAX_GRID_POINTS).contains(&args.points) {
        bail!(
            "--points must be a number of gamma1 caps in 1..={MAX_GRID_POINTS} (got {})",
            args.points
        );
    }
    if args.from > args.to || (args.points > 1 && args.from == args.to) {
        bail!(
            "--from ({}) must be below --to ({}): the {} gamma1 caps run from --from up to --to",
            args.from,
            args.to,
            args.points
        );
    }
    if args.max_points == 0 {
        bail!("--max-points must be at least 1 (got 0)");
    }
    if let Some(t) = args.tolerance
        && !(t.is_finite() && t > 0.0)
    {
        bail!("--tolerance must be a positive number (got {t})");
    }
    Ok(())
}

fn opt(v: Option<f64>, prec: usize) -> String {
    v.map_or("-".into(), |v| format!("{v:.prec$}"))
}

fn print(front: &Front, inst: &fairshard_harness::Instance, args: &Args) {
    println!("instance  {}", describe(inst));
    println!("solver    {}  (m = {}, method {})", args.solver, args.m, front.method);
    println!(
        "\n{:>9} {:>14} {:>14} {:>12} {:>11} {:>6} {:>7} {:>10}",
        "g1 cap", "gamma1", "gamma2", "g2-1 bound", "status", "calls", "solves", "time (s)"
    );
    for p in &front.points {
        println!(
            "{:>9} {:>14} {:>14} {:>12} {:>11} {:>6} {:>7} {:>10.3}",
            opt(p.gamma1_cap, 4),
            opt(p.gamma1(), 9),
            opt(p.gamma2(), 9),
            p.bound.map_or("-".into(), |b| format!("{b:.3e}")),
            p.status.as_str(),
            p.calls,
            p.solves,
            p.time.as_secs_f64()
        );
    }
    println!(
        "\ntotal     {} points, {} proven, {} solves, {:.3} s, gamma2 {}",
        front.points.len(),
        front.proven(),
        front.solves(),
        front.time().as_secs_f64(),
        if front.is_monotone() {
            "monotone"
        } else {
            "NOT monotone"
        }
    );
}

/// One row of `fairshard front -o FILE`. Serialised through serde like every other CSV of
/// fairshard (run records, round rows), so numbers have one format everywhere (shortest
/// round-trip decimal, `1.31457303581061`, exponent only for very large or small values);
/// `None` is an empty field.
#[derive(Debug, serde::Serialize)]
struct FrontRow<'a> {
    method: &'a str,
    instance: &'a str,
    n: usize,
    m: usize,
    solver: &'a str,
    gamma1_cap: Option<f64>,
    gamma1: Option<f64>,
    gamma2: Option<f64>,
    gamma1_excess: Option<f64>,
    gamma2_excess: Option<f64>,
    gamma2_excess_bound: Option<f64>,
    status: &'a str,
    calls: u64,
    solves: u64,
    time_s: f64,
    time_limit_s: Option<f64>,
    note: &'a str,
}

fn write_csv(path: &PathBuf, front: &Front, inst: &fairshard_harness::Instance, args: &Args) -> anyhow::Result<()> {
    let mut w = csv::Writer::from_path(path)?;
    for p in &front.points {
        w.serialize(FrontRow {
            method: front.method,
            instance: inst.name(),
            n: inst.len(),
            m: args.m,
            solver: &args.solver,
            gamma1_cap: p.gamma1_cap,
            gamma1: p.gamma1(),
            gamma2: p.gamma2(),
            gamma1_excess: p.fairness.map(|f| f.gamma1().excess()),
            gamma2_excess: p.fairness.map(|f| f.gamma2().excess()),
            gamma2_excess_bound: p.bound,
            status: p.status.as_str(),
            calls: p.calls,
            solves: p.solves,
            time_s: p.time.as_secs_f64(),
            time_limit_s: args.time_limit,
            note: &p.note,
        })?;
    }
    w.flush()?;
    Ok(())
}
