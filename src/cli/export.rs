//! `fairshard export`: write any instance as CSV, every instance of a benchmark suite with
//! an index, or the partition ILP as MPS or LP with a map of its columns, so other tools can
//! run on exactly the same data and models.

use super::common::{InstanceArgs, load_instance};
use anyhow::{Context, bail};
use fairshard_experiments::bench::{csv_text, export_suite, find};
use fairshard_harness::{Caps, Target};
use fairshard_solvers::milp::export::{self, ExportSpec, ModelKind};
use std::io::Write;
use std::path::PathBuf;

/// Which model `--model` writes.
#[derive(Clone, Copy, Debug, clap::ValueEnum)]
pub enum ModelArg {
    /// The paper's ILP(gamma1, gamma2) as printed: binaries x_s{i}_c{j}, (2b)-(2e) with the
    /// m(m-1) ratio rows per cap, no symmetry breaking (needs --gamma1 and --gamma2).
    Paper,
    /// The compact model fairshard solves: the same binaries, Max/Min columns per quantity.
    Compact,
    /// The compact model on integer counts n_s{i}_k{k} per class of identical contracts.
    Counts,
}

const AFTER_HELP: &str = "\
Examples:
  fairshard export -d dao100 -o dao100.csv
  fairshard export --suite hard -o hard/
  fairshard export -d 'dao100[:20]@norm' -m 4 --model paper --gamma1 1.1 --gamma2 1.2 --out ilp.mps
  highs --model_file ilp.mps --solution_file ilp.sol
  fairshard check -d 'dao100[:20]@norm' --assignment ilp.sol     # reads ilp.map.json

A model is written with its map, STEM.map.json beside it (ilp.mps -> ilp.map.json): n, m,
the column name patterns (subsets 0-based, contracts the instance's 0-based indices = CSV data
rows; with --model counts, the contracts of each class) and the model's size. `fairshard check
--assignment SOLUTION [--map STEM.map.json]` maps a solution back by the column names.";

/// Write an instance (embedded, generated, sliced or scaled) as a CSV of gas_used,gas_price_wei;
/// with --suite every instance of a benchmark suite and its index; with --model the partition
/// ILP for m subsets as an MPS or LP file (by the extension of --out) and its map.
///
/// A target other than feasibility is one Dinkelbach step: minimise Max - t * Min of the
/// target's scaled loads (balanced: the larger over both quantities), t from --dinkelbach-t
/// (default 1: the spread Max - Min). Its optimum is negative iff some partition has the
/// target's gamma below t.
#[derive(Debug, clap::Args)]
#[command(mut_arg("dataset", |a| a.required_unless_present_any(["csv", "suite"])), after_help = AFTER_HELP)]
pub struct Args {
    #[command(flatten)]
    instance: InstanceArgs,
    /// Write every instance of this benchmark suite (NAME or NAME@VERSION, see `fairshard
    /// suites`) into the folder --out: one CSV per dataset and index.csv (file, spec, n, m,
    /// target, caps, SHA-256, suite version).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["dataset", "csv", "scale"])]
    suite: Option<String>,
    /// Write the partition ILP instead of the data: paper, compact or counts.
    #[arg(long, value_name = "MODEL", requires = "m", conflicts_with = "suite")]
    model: Option<ModelArg>,
    /// Number of subsets m (with --model).
    #[arg(short = 'm', long, value_name = "M", requires = "model")]
    m: Option<usize>,
    /// The model's objective: feasibility (none: the paper's ILP(gamma1, gamma2)), workload,
    /// profit or balanced (one Dinkelbach step), or makespan (minimise max_work, the largest
    /// scaled subset workload). Default: feasibility when both caps are given, else balanced.
    #[arg(long, value_name = "TARGET", requires = "model")]
    target: Option<Target>,
    /// Cap on gamma1 (max/min subset workload), >= 1.
    #[arg(long, value_name = "G1", requires = "model")]
    gamma1: Option<f64>,
    /// Cap on gamma2 (max/min subset profit), >= 1.
    #[arg(long, value_name = "G2", requires = "model")]
    gamma2: Option<f64>,
    /// The t of the Dinkelbach objective Max - t * Min (a ratio target only; default 1).
    #[arg(long, value_name = "T", requires = "model")]
    dinkelbach_t: Option<f64>,
    /// Output file (`-` for standard output); with --suite, the output folder; with --model,
    /// FILE.mps or FILE.lp (the extension picks the format).
    #[arg(long, short = 'o', value_name = "PATH")]
    out: PathBuf,
}

/// Writes the model `args` describe and its map.
fn run_model(args: &Args, kind: ModelArg, m: usize) -> anyhow::Result<()> {
    if args.out.as_os_str() == "-" {
        bail!("--model writes a file: give --out FILE.mps or FILE.lp, not `-`");
    }
    export::check_extension(&args.out)?;
    let inst = load_instance(&args.instance)?;
    let target = args
        .target
        .unwrap_or(if args.gamma1.is_some() && args.gamma2.is_some() {
            Target::Feasibility
        } else {
            Target::Balanced
        });
    let spec = ExportSpec {
        kind: match kind {
            ModelArg::Paper => ModelKind::Paper,
            ModelArg::Compact => ModelKind::Compact,
            ModelArg::Counts => ModelKind::Counts,
        },
        m,
        target,
        caps: Caps {
            gamma1: args.gamma1,
            gamma2: args.gamma2,
        },
        t: args.dinkelbach_t,
    };
    let label = args.instance.dataset.clone().unwrap_or_else(|| inst.name().to_owned());
    let ex = export::build(&inst, &label, &spec)?;
    export::write(&ex.model, &args.out)?;
    let map_path = export::map_path(&args.out);
    export::write_map(&ex.map, &map_path)?;
    let s = ex.map.size;
    eprintln!(
        "wrote {} ({} model of {} for m = {}, target {}: {} rows, {} columns, {} nonzeros) and its map {}",
        args.out.display(),
        kind_name(kind),
        label,
        m,
        target,
        s.rows,
        s.cols,
        s.nonzeros,
        map_path.display()
    );
    Ok(())
}

fn kind_name(kind: ModelArg) -> &'static str {
    match kind {
        ModelArg::Paper => "the paper's",
        ModelArg::Compact => "the compact",
        ModelArg::Counts => "the count",
    }
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if let (Some(kind), Some(m)) = (args.model, args.m) {
        return run_model(&args, kind, m);
    }
    if let Some(name) = &args.suite {
        if args.out.as_os_str() == "-" {
            bail!("--suite writes a folder: give --out DIR, not `-`");
        }
        let suite = find(name)?;
        let s = export_suite(&suite, &args.out)
            .with_context(|| format!("cannot export suite {} to {}", suite.id(), args.out.display()))?;
        eprintln!(
            "wrote {} instances of {} ({} data files) and {}",
            s.instances,
            suite.id(),
            s.files,
            s.index.display()
        );
        return Ok(());
    }
    let inst = load_instance(&args.instance)?;
    let text = csv_text(&inst);
    if args.out.as_os_str() == "-" {
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        std::fs::write(&args.out, text).with_context(|| format!("cannot write {}", args.out.display()))?;
        eprintln!(
            "wrote {} ({} contracts of {})",
            args.out.display(),
            inst.len(),
            inst.name()
        );
    }
    Ok(())
}
