//! `heur/complete` on named instances: status, gamma - 1 of the target, how the search ended,
//! and the solve time, per m and target.
//!
//! `cargo run -p fairshard-solvers --example complete_runs -- SECONDS SPEC...` (defaults 10 s,
//! `dao100`, `dao100@norm`), m = 2..=10, targets workload and profit.

use fairshard_harness::{RunSpec, Target, measure};
use std::time::Duration;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let seconds: f64 = args.first().map_or(Ok(10.0), |s| s.parse())?;
    if !(seconds.is_finite() && seconds > 0.0) {
        return Err(format!("the time limit must be a positive number of seconds, got {seconds}").into());
    }
    let specs: Vec<&str> = if args.len() > 1 {
        args[1..].iter().map(String::as_str).collect()
    } else {
        vec!["dao100", "dao100@norm"]
    };
    let solver = fairshard_solvers::get("heur/complete")?;
    for spec in specs {
        let inst = fairshard_datasets::open(spec)?;
        for target in [Target::Workload, Target::Profit] {
            for m in 2..=10usize.min(inst.len()) {
                let run_spec = RunSpec::new(m, target).with_time_limit(Some(Duration::from_secs_f64(seconds)));
                let run = measure(solver.as_ref(), &inst, &run_spec);
                println!(
                    "{spec:<12} {:<8} m={m:<3} {:<10} gamma-1={:<11} bound={:<11} solve={:>9.3?}  {}",
                    target.as_str(),
                    run.outcome.status.as_str(),
                    run.objective.map_or("-".into(), |v| format!("{v:.4e}")),
                    run.outcome.bound.map_or("-".into(), |v| format!("{v:.4e}")),
                    run.solve,
                    run.error.as_deref().unwrap_or(&run.outcome.raw_status),
                );
            }
        }
    }
    Ok(())
}
