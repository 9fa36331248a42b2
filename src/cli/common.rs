//! Options shared by subcommands: where the instance comes from, and the run's knobs.

use anyhow::{Context, bail};
use fairshard_datasets::{CsvOptions, Scaling, load_path, open};
use fairshard_harness::{Instance, MAX_TIME_LIMIT, RunSpec, Target, time_limit_from_secs};
use std::path::PathBuf;
use std::time::Duration;

/// Which instance to work on.
#[derive(Debug, Clone, clap::Args)]
pub struct InstanceArgs {
    /// Dataset spec: an embedded name (dao100, dao-may2016, blocks-feb2016), a generator
    /// (e.g. lognormal:n=1000,seed=7), optionally sliced `[:K]` and scaled `@norm`.
    /// See `fairshard datasets`.
    #[arg(
        long,
        short = 'd',
        value_name = "SPEC",
        conflicts_with = "csv",
        required_unless_present = "csv"
    )]
    pub dataset: Option<String>,
    /// A CSV file with one contract per row (see --workload-column, --rate-column).
    #[arg(long, value_name = "FILE")]
    pub csv: Option<PathBuf>,
    /// CSV header of the workload (gas used) column.
    #[arg(long, default_value = "gas_used", requires = "csv")]
    pub workload_column: String,
    /// CSV header of the rate (gas price) column.
    #[arg(long, default_value = "gas_price_wei", requires = "csv")]
    pub rate_column: String,
    /// CSV field delimiter (one byte).
    #[arg(long, default_value = ",", requires = "csv")]
    pub delimiter: char,
    /// Scaling of workloads and rates: raw, norm (integers 1..=1000, the paper's normalised
    /// data) or range:N.
    #[arg(long, default_value = "raw", value_name = "SCALING")]
    pub scale: Scaling,
}

impl InstanceArgs {
    /// Loads the instance (I/O and generation happen here, off the clock).
    pub fn load(&self) -> anyhow::Result<Instance> {
        let inst = match (&self.dataset, &self.csv) {
            (Some(spec), _) => open(spec)?,
            (None, Some(path)) => {
                if !self.delimiter.is_ascii() {
                    bail!("--delimiter must be a single ASCII character, got `{}`", self.delimiter);
                }
                let opts = CsvOptions {
                    workload_column: self.workload_column.clone(),
                    rate_column: self.rate_column.clone(),
                    delimiter: self.delimiter as u8,
                };
                load_path(path, &opts)?
            }
            (None, None) => bail!("give --dataset SPEC or --csv FILE"),
        };
        Ok(self.scale.apply(&inst))
    }
}

/// What to ask of the solver.
#[derive(Debug, Clone, clap::Args)]
pub struct RunArgs {
    /// Number of subsets (sub-committees) m.
    #[arg(short = 'm', long, value_name = "M")]
    pub m: usize,
    /// What to minimise: workload (gamma1), profit (gamma2), makespan (the largest subset
    /// workload, reported as its excess over total/m), balanced (both gammas) or feasibility
    /// (any partition within --gamma1/--gamma2: the paper's ILP). Default: feasibility when
    /// both caps are given, else balanced.
    #[arg(long, value_name = "TARGET")]
    pub target: Option<Target>,
    /// Cap on gamma1 (max/min subset workload), >= 1.
    #[arg(long, value_name = "G1")]
    pub gamma1: Option<f64>,
    /// Cap on gamma2 (max/min subset profit), >= 1.
    #[arg(long, value_name = "G2")]
    pub gamma2: Option<f64>,
    /// Seed for any randomness in the solver.
    #[arg(long, default_value_t = 0)]
    pub seed: u64,
    /// Time limit for the solve, in seconds.
    #[arg(long, value_name = "SECONDS")]
    pub time_limit: Option<f64>,
    /// Threads the backend may use.
    #[arg(long)]
    pub threads: Option<u32>,
    /// Relative MIP gap at which an exact backend may stop.
    #[arg(long)]
    pub mip_gap: Option<f64>,
    /// Let the backend print its own log.
    #[arg(long)]
    pub solver_log: bool,
}

impl RunArgs {
    /// The run spec these options describe.
    pub fn spec(&self) -> anyhow::Result<RunSpec> {
        let target = self
            .target
            .unwrap_or(if self.gamma1.is_some() && self.gamma2.is_some() {
                Target::Feasibility
            } else {
                Target::Balanced
            });
        let time_limit = time_limit(self.time_limit)?;
        let mut spec = RunSpec::new(self.m, target)
            .with_caps(self.gamma1, self.gamma2)
            .with_seed(self.seed);
        spec.time_limit = time_limit;
        spec.threads = self.threads;
        spec.mip_gap = self.mip_gap;
        spec.solver_log = self.solver_log;
        Ok(spec)
    }
}

/// The `--time-limit SECONDS` of every subcommand as a duration: the one place the CLI turns
/// a user's number into a [`Duration`], with the range error of
/// [`time_limit_from_secs`] (positive, at most [`MAX_TIME_LIMIT`]) in the flag's words.
pub fn time_limit(secs: Option<f64>) -> anyhow::Result<Option<Duration>> {
    secs.map(|t| {
        time_limit_from_secs(t).map_err(|_| {
            anyhow::anyhow!(
                "--time-limit must be a positive number of seconds, at most {} (one year), got {t:?}",
                MAX_TIME_LIMIT.as_secs()
            )
        })
    })
    .transpose()
}

/// One line naming an instance and its size.
/// Each subset's task count, workload and profit, as `solve --json` and `check --json` print them.
pub fn subsets_json(l: &fairshard_harness::Loads) -> Vec<serde_json::Value> {
    (0..l.count.len())
        .map(|i| {
            serde_json::json!({
                "subset": i,
                "tasks": l.count[i],
                "workload": l.workload[i].to_string(),
                "profit": l.profit[i].to_string(),
            })
        })
        .collect()
}

/// Each subset's task count, workload and profit as a table, with a blank line after it.
pub fn print_subsets(l: &fairshard_harness::Loads) {
    println!(
        "\n{:>6} {:>7} {:>22} {:>34}",
        "subset", "tasks", "workload (gas)", "profit (wei)"
    );
    for i in 0..l.count.len() {
        println!("{:>6} {:>7} {:>22} {:>34}", i, l.count[i], l.workload[i], l.profit[i]);
    }
    println!();
}

pub fn describe(inst: &Instance) -> String {
    format!("{} (n = {})", inst.name(), inst.len())
}

/// Loads, with the instance named in any error.
pub fn load_instance(args: &InstanceArgs) -> anyhow::Result<Instance> {
    args.load().context("cannot load the instance")
}

/// One solver on one instance: the options `solve` and `round` share.
#[derive(Debug, Clone, clap::Args)]
pub struct ProblemArgs {
    #[command(flatten)]
    pub instance: InstanceArgs,
    #[command(flatten)]
    pub run: RunArgs,
    /// Solver id (see `fairshard solvers`); in `round`, the Partition step's.
    #[arg(long, short = 's', default_value = "heur/bi-lpt")]
    pub solver: String,
}

/// A loaded problem: the solver by id, the instance, the run's spec (not yet validated
/// against the instance) and the dataset label the records carry.
pub struct Problem {
    pub solver: Box<dyn fairshard_harness::Partitioner>,
    pub instance: Instance,
    pub spec: RunSpec,
    pub dataset: String,
}

impl ProblemArgs {
    /// Resolves the solver id, loads the instance (off any clock) and builds the spec.
    pub fn load(&self) -> anyhow::Result<Problem> {
        let solver = fairshard_solvers::get(&self.solver)?;
        let instance = load_instance(&self.instance)?;
        let spec = self.run.spec()?;
        let dataset = self
            .instance
            .dataset
            .clone()
            .unwrap_or_else(|| instance.name().to_owned());
        Ok(Problem {
            solver,
            instance,
            spec,
            dataset,
        })
    }
}
