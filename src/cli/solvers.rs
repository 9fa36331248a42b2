//! `fairshard solvers`: the registry, and the external solvers declared for this run.

use fairshard_solvers::{entries, external};

/// The protocol of external solvers, in brief (the module docs of
/// `fairshard_solvers::external` have it whole).
const EXTERNAL_HELP: &str = "\
External solvers: any program is a solver `ext/NAME` once a solvers file declares it:

  [solvers.my-kk]
  command = [\"python3\", \"{here}/my_kk.py\"]   # {here}: the file's folder; also {venv},
  summary = \"my Karmarkar-Karp\"               #   {instance} (a CSV path), {m}, {target},
  targets = [\"workload\", \"profit\"]            #   {seed}, {time_limit}
  exact = false        caps = false        grace = 2.0

Pass it with --solvers-file FILE (any command), or put it in the results folder as
solvers.toml, or in ~/.config/fairshard/solvers.toml. For each run the program reads one JSON
object on standard input: {\"protocol\": \"fairshard-external/1\", \"n\", \"m\", \"workloads\",
\"rates\", \"target\", \"gamma1_cap\", \"gamma2_cap\", \"time_limit\", \"seed\", \"threads\",
\"instance_csv\"}, and prints one JSON object: {\"assignment\": [subset of each contract, 0..m),
\"status\": \"feasible\"|\"optimal\"|\"infeasible\"|\"unknown\"|\"time-limit\", \"bound\": lower
bound on gamma - 1, \"nodes\", \"message\"} (all but the assignment optional). Its time is the
child's wall time; at the time limit plus `grace` seconds its process group is killed
(`time-limit`); a crash, garbage or an invalid partition is an `error` with the last line of
its standard error. Shipped examples: scripts/python/solvers.toml (the prtpy and
numberpartitioning methods; `bash scripts/setup-python.sh` installs them).";

/// List the solvers by id: built in (and whether compiled in) and external.
#[derive(Debug, clap::Args)]
#[command(after_long_help = EXTERNAL_HELP)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let ext = external::registered();
    if args.json {
        let rows: Vec<_> = entries()
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.id,
                    "summary": e.summary,
                    "feature": e.feature,
                    "available": e.available(),
                })
            })
            .chain(ext.iter().map(|d| {
                serde_json::json!({
                    "id": d.id,
                    "summary": d.summary,
                    "available": true,
                    "external": {
                        "command": d.command,
                        "file": d.file,
                        "version": d.version,
                        "targets": d.targets,
                        "exact": d.exact,
                        "caps": d.caps,
                        "grace_s": d.grace_s,
                    },
                })
            }))
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    println!("{:<22} {:<10} summary", "id", "built in");
    for e in entries() {
        let built = match (e.available(), e.feature) {
            (true, _) => "yes".to_owned(),
            (false, Some(f)) => format!("no ({f})"),
            (false, None) => "no".to_owned(),
        };
        println!("{:<22} {:<10} {}", e.id, built, e.summary);
    }
    for d in &ext {
        println!("{:<22} {:<10} {}", d.id, "external", d.summary);
    }
    if ext.is_empty() {
        println!("\nNo external solvers declared (`fairshard solvers --help` says how).");
    }
    Ok(())
}
