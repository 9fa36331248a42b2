//! The heuristic bi-objective front against the exact ILP front on one instance: per gamma1
//! cap (10 points from 1.001 to 1.5, `Target::Profit`), `heur/bi-lpt`'s gamma2 - 1 (when it
//! meets the cap) and certified bound beside `ilp/highs`'s gamma2 - 1 and proof status, both
//! through the same `pareto::exact::grid` that `fairshard front --method exact` runs.
//!
//! `cargo run -p fairshard-solvers --features highs --example front_vs_ilp -- SPEC M SECONDS`
//! (defaults `lognormal:n=100,seed=1`, 5, 30: the ILP's time limit per point).

use fairshard_harness::{RunSpec, Target};
use fairshard_solvers::pareto::{Runner, exact, grid};
use std::time::Duration;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let spec = args.first().map_or("lognormal:n=100,seed=1", String::as_str);
    let m: usize = args.get(1).map_or(Ok(5), |s| s.parse())?;
    let seconds: f64 = args.get(2).map_or(Ok(30.0), |s| s.parse())?;
    if !(seconds.is_finite() && seconds > 0.0) {
        return Err(format!("the time limit must be a positive number of seconds, got {seconds}").into());
    }
    let inst = fairshard_datasets::open(spec)?;
    let mut base = RunSpec::new(m, Target::Profit);
    base.validate(&inst)?;
    let caps = grid(1.001, 1.5, 10);
    let heur = exact::grid(&Runner::new("heur/bi-lpt", &inst, base.clone())?, &caps);
    base.time_limit = Some(Duration::from_secs_f64(seconds));
    base.threads = Some(1);
    let ilp = exact::grid(&Runner::new("ilp/highs", &inst, base)?, &caps);
    println!("{spec}, m = {m}, target profit, ILP time limit {seconds} s per point, 1 thread");
    println!(
        "{:>7} {:>11} {:>11} {:>10} {:>9} {:>11} {:>11} {:>8}",
        "g1 cap", "heur g2-1", "heur bound", "heur s", "ILP g2-1", "ILP status", "ILP bound", "ILP s"
    );
    let fmt = |v: Option<f64>| v.map_or("-".to_string(), |v| format!("{v:.4e}"));
    for ((h, e), &cap) in heur.points.iter().zip(&ilp.points).zip(&caps) {
        let h_g2 = h
            .fairness
            .filter(|f| f.gamma1().within(cap))
            .map(|f| f.gamma2().excess());
        println!(
            "{cap:>7.4} {:>11} {:>11} {:>10.4} {:>9} {:>11} {:>11} {:>8.2}",
            fmt(h_g2),
            fmt(h.bound),
            h.time.as_secs_f64(),
            fmt(e.fairness.map(|f| f.gamma2().excess())),
            e.status.as_str(),
            fmt(e.bound),
            e.time.as_secs_f64()
        );
    }
    Ok(())
}
