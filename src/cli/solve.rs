//! `fairshard solve`: one instance, one solver, one run through the harness's clock.

use super::common::{ProblemArgs, describe, print_subsets, subsets_json};
use fairshard_harness::{RunMeta, RunRecord, measure};

/// Partition one instance with one solver; print the subsets, gamma1, gamma2, status and time.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    problem: ProblemArgs,
    /// Print the run record and the subsets as JSON.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let problem = args.problem.load()?;
    let (solver, inst, spec, dataset) = (problem.solver, problem.instance, problem.spec, problem.dataset);
    spec.validate(&inst)?;
    let measured = measure(solver.as_ref(), &inst, &spec);
    let meta = RunMeta {
        experiment: "solve".into(),
        dataset,
        repetition: 0,
    };
    let record = RunRecord::new(&meta, solver.id(), &inst, &spec, &measured);
    let loads = measured.outcome.partition.as_ref().map(|p| p.loads(&inst));
    if args.json {
        let subsets = loads.as_ref().map(subsets_json);
        let assignment = measured.outcome.partition.as_ref().map(|p| p.assignment().to_vec());
        let out = serde_json::json!({ "record": record, "subsets": subsets, "assignment": assignment });
        println!("{}", serde_json::to_string_pretty(&out)?);
    } else {
        println!("instance  {}", describe(&inst));
        println!(
            "solver    {}  (m = {}, target {}, seed {})",
            solver.id(),
            spec.m,
            spec.target,
            spec.seed
        );
        if let Some(l) = &loads {
            print_subsets(l);
        }
        if let Some(f) = &measured.fairness {
            println!("gamma1    {}   (max - min workload = {})", f.gamma1(), f.workload.diff);
            println!("gamma2    {}   (max - min profit = {})", f.gamma2(), f.profit.diff);
        }
        println!("status    {}   (backend: {})", record.status, record.raw_status);
        if record.status.is_proven() {
            println!("proved by {} ({})", record.proved_by, record.proved_by.describe());
        }
        if let Some(b) = record.bound {
            println!(
                "bound     objective >= {b:.3e}   gap {}",
                record.gap.map_or("-".into(), |g| format!("{g:.3e}"))
            );
        }
        println!("time      build {:.6} s, solve {:.6} s", record.build_s, record.solve_s);
    }
    if let Some(e) = &measured.error {
        anyhow::bail!("the run failed: {e}");
    }
    Ok(())
}
