//! `fairshard check`: a partition made anywhere (another tool, a paper's supplement, a MILP
//! solver's answer mapped back to subsets) verified exactly like fairshard's own.

use super::common::{InstanceArgs, describe, print_subsets, subsets_json};
use anyhow::{Context, bail};
use fairshard_harness::{Instance, Partition};
use fairshard_solvers::milp::export::map_path;
use fairshard_solvers::milp::solution::{self, ModelMap};
use std::path::{Path, PathBuf};

/// Verify an assignment of contracts to subsets: print each subset's workload and profit,
/// gamma1 and gamma2, whether every contract is assigned exactly once to one of the m
/// subsets, whether every subset is non-empty and whether the caps hold; exit with status 1
/// when any of these fails. A malformed file is an error naming the file, line and entry.
///
/// The assignment may also be a MILP solver's solution of a model written by `fairshard
/// export --model`: HiGHS (raw solution file), Gurobi (.sol), SCIP (write solution), CBC
/// (solu), or any `name value` lines. Its model's map (`--map`, by default STEM.map.json
/// beside the solution STEM.sol) turns the column values back into subsets: binaries
/// x_s{i}_c{j} at 1 (above 0.5, within 1e-5 of 0 or 1), counts n_s{i}_k{k} integral, the
/// class's contracts filling subset 0's count first; a column missing from the file is 0.
#[derive(Debug, clap::Args)]
#[command(after_help = "\
Examples:
  fairshard check -d dao100 -m 5 --assignment mine.txt --gamma1 1.2
  fairshard check -d 'dao100[:20]@norm' --assignment ilp.sol --map ilp.map.json")]
pub struct Args {
    /// The assignment, 0-based subset indices in contract order: JSON (an array, or an
    /// object with an `assignment` array, as `fairshard solve --json` prints), text with
    /// one index per line (blank lines and lines starting with `#` are skipped), or a MILP
    /// solver's solution file of an exported model (see --map).
    #[arg(long, value_name = "FILE")]
    assignment: PathBuf,
    /// The map of the exported model the solution file solves (`fairshard export --model`
    /// writes it). Default, for a file that is not JSON or subset indices: STEM.map.json
    /// beside the solution STEM.EXT.
    #[arg(long, value_name = "FILE.map.json")]
    map: Option<PathBuf>,
    #[command(flatten)]
    instance: InstanceArgs,
    /// Number of subsets m (with a solution file: the model's, by default).
    #[arg(short = 'm', long, value_name = "M")]
    m: Option<usize>,
    /// Cap on gamma1 (max/min subset workload) to check.
    #[arg(long, value_name = "G1")]
    gamma1: Option<f64>,
    /// Cap on gamma2 (max/min subset profit) to check.
    #[arg(long, value_name = "G2")]
    gamma2: Option<f64>,
    /// Print the result as JSON.
    #[arg(long)]
    json: bool,
}

/// Reads the assignment file: JSON or one index per line, each index below `m`.
pub fn read_assignment(path: &Path, m: usize) -> anyhow::Result<Vec<u32>> {
    let text = std::fs::read_to_string(path).with_context(|| format!("reading {}", path.display()))?;
    let file = path.display();
    let index = |v: u64, at: &str| -> anyhow::Result<u32> {
        if (v as usize) < m {
            Ok(v as u32)
        } else {
            bail!("{at}: subset index {v} is not below m = {m}")
        }
    };
    let trimmed = text.trim_start();
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        let value: serde_json::Value = serde_json::from_str(&text)
            .map_err(|e| anyhow::anyhow!("{file}:{}:{}: not valid JSON: {e}", e.line(), e.column()))?;
        let list = match &value {
            serde_json::Value::Array(a) => a,
            serde_json::Value::Object(o) => match o.get("assignment") {
                Some(serde_json::Value::Array(a)) => a,
                _ => bail!("{file}: expected an array of subset indices, or an object with an `assignment` array"),
            },
            _ => unreachable!("starts with [ or {{"),
        };
        list.iter()
            .enumerate()
            .map(|(j, v)| match v.as_u64() {
                Some(v) => index(v, &format!("{file}: assignment[{j}]")),
                None => bail!("{file}: assignment[{j}] = {v}: expected a non-negative integer subset index"),
            })
            .collect()
    } else {
        let mut out = Vec::new();
        for (k, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let at = format!("{file}:{}", k + 1);
            let v: u64 = line.parse().map_err(|_| {
                anyhow::anyhow!(
                    "{file}:{}: `{line}` is not a subset index (expected an integer from 0 to m - 1)",
                    k + 1
                )
            })?;
            out.push(index(v, &at)?);
        }
        Ok(out)
    }
}

/// The map to read the assignment file with: `--map`, or for a solution file the sidecar
/// beside it; `None` for JSON and subset indices.
fn find_map(args: &Args) -> anyhow::Result<Option<(PathBuf, ModelMap)>> {
    let path = match &args.map {
        Some(p) => p.clone(),
        None => {
            let text = std::fs::read_to_string(&args.assignment)
                .with_context(|| format!("reading {}", args.assignment.display()))?;
            let t = text.trim_start();
            if t.starts_with('[') || t.starts_with('{') || !solution::looks_like_solution(&text) {
                return Ok(None);
            }
            let p = map_path(&args.assignment);
            if !p.exists() {
                bail!(
                    "{}: a MILP solver's solution, not JSON or subset indices: give --map FILE.map.json (written beside the model by `fairshard export --model`; looked for {})",
                    args.assignment.display(),
                    p.display()
                );
            }
            p
        }
    };
    let text = std::fs::read_to_string(&path).with_context(|| format!("reading {}", path.display()))?;
    let map: ModelMap = serde_json::from_str(&text)
        .map_err(|e| anyhow::anyhow!("{}:{}:{}: not a model map: {e}", path.display(), e.line(), e.column()))?;
    Ok(Some((path, map)))
}

/// A solution file's assignment, through the model's map (checked against the instance).
fn solution_assignment(args: &Args, inst: &Instance, map_file: &Path, map: &ModelMap) -> anyhow::Result<Vec<u32>> {
    let mf = map_file.display();
    if map.n != inst.len() {
        bail!(
            "{mf}: the model has n = {} contracts, {} has {}",
            map.n,
            inst.name(),
            inst.len()
        );
    }
    if map.total_workload != inst.total_workload().to_string() || map.total_profit != inst.total_profit().to_string() {
        bail!(
            "{mf}: the model was written for another instance ({}: its totals differ from {}'s)",
            map.instance,
            inst.name()
        );
    }
    let text =
        std::fs::read_to_string(&args.assignment).with_context(|| format!("reading {}", args.assignment.display()))?;
    solution::assignment(&args.assignment.display().to_string(), &text, map).map_err(anyhow::Error::msg)
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let inst = args.instance.load()?;
    let found = find_map(&args)?;
    let m = match (&found, args.m) {
        (Some((p, map)), Some(m)) if map.m != m => {
            bail!("-m {m}, but the model of {} has m = {}", p.display(), map.m)
        }
        (Some((_, map)), _) => map.m,
        (None, Some(m)) => m,
        (None, None) => bail!("give -m M, the number of subsets"),
    };
    // m and the caps checked as for any run.
    fairshard_harness::RunSpec::new(m, fairshard_harness::Target::Workload)
        .with_caps(args.gamma1, args.gamma2)
        .validate(&inst)?;
    let assignment = match &found {
        Some((p, map)) => solution_assignment(&args, &inst, p, map)?,
        None => read_assignment(&args.assignment, m)?,
    };
    if assignment.len() != inst.len() {
        bail!(
            "{}: {} subset indices for the {} contracts of {}: every contract needs exactly one",
            args.assignment.display(),
            assignment.len(),
            inst.len(),
            inst.name()
        );
    }
    let p = Partition::from_assignment(m, assignment);
    p.check(&inst)?;
    let loads = p.loads(&inst);
    let f = p.fairness(&inst);
    let empty: Vec<usize> = (0..m).filter(|&i| loads.count[i] == 0).collect();
    let caps = fairshard_harness::Caps {
        gamma1: args.gamma1,
        gamma2: args.gamma2,
    };
    let within = caps.met_by(&f, fairshard_harness::CAP_TOLERANCE);
    if args.json {
        let subsets = subsets_json(&loads);
        let out = serde_json::json!({
            "instance": inst.name(),
            "n": inst.len(),
            "m": m,
            "subsets": subsets,
            "gamma1": f.gamma1().value(),
            "gamma2": f.gamma2().value(),
            "assigned_once": true,
            "empty_subsets": empty,
            "gamma1_cap": args.gamma1,
            "gamma2_cap": args.gamma2,
            "caps_hold": within,
        });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!("instance  {}", describe(&inst));
        println!("file      {}  (m = {})", args.assignment.display(), m);
        if let Some((p, map)) = &found {
            println!("model     {} ({} model, target {})", p.display(), map.model, map.target);
        }
        print_subsets(&loads);
        println!("gamma1    {}   (max - min workload = {})", f.gamma1(), f.workload.diff);
        println!("gamma2    {}   (max - min profit = {})", f.gamma2(), f.profit.diff);
        println!("assigned  every contract exactly once, to a subset below m: yes");
        println!(
            "subsets   {}",
            if empty.is_empty() {
                "none empty".to_owned()
            } else {
                format!("empty: {empty:?} (gamma is then infinite)")
            }
        );
        if caps != fairshard_harness::Caps::NONE {
            println!(
                "caps      gamma1 <= {}, gamma2 <= {}: {}",
                args.gamma1.map_or("-".into(), |c| c.to_string()),
                args.gamma2.map_or("-".into(), |c| c.to_string()),
                if within { "hold" } else { "broken" }
            );
        }
    }
    if !empty.is_empty() {
        bail!("{} of the m = {} subsets are empty", empty.len(), m);
    }
    if !within {
        bail!(
            "the partition breaks the caps (gamma1 {}, gamma2 {})",
            f.gamma1(),
            f.gamma2()
        );
    }
    Ok(())
}
