//! Speedup and efficiency vs m (the paper claims a speedup linear in m): whole protocol
//! rounds ([`Protocol::run_round`]: Partition by a fast solver from the registry, RandomAssign,
//! execution, BLS certificates, the next block), timed by the harness's [`TimeModel`] against
//! serial execution, on real data (`dao100`, all of `dao-may2016`) and a synthetic instance.
//! One row per round: [`RoundRecord`], as `fairshard round --out` writes.

use super::{coord, write_rows};
use crate::config::Config;
use crate::experiment::Experiment;
use crate::point::Point;
use crate::run::{Instances, RunError, progress_bar};
use fairshard_harness::protocol::{
    Population, PopulationConfig, Protocol, RoundConfig, RoundRecord, Threshold, Variant,
};
use fairshard_harness::{RunSpec, Target, derive_seed};
use std::path::Path;

/// File of the rows.
pub const FILE: &str = "speedup.csv";
/// The Partition step's solver: largest first, O(n log n).
pub const SOLVER: &str = "heur/lpt";
/// Its target: the round's execution phase lasts as long as the heaviest subset's workload.
pub const TARGET: Target = Target::Workload;
/// Pool size l (at least 10 seats per committee at m = 32).
pub const POOL: usize = 320;
/// The attacker's hash power (`fairshard round`'s default; the speedup does not depend on it).
pub const LAMBDA: f64 = 0.25;
/// Honest users (one pseudonym each, hash-power weights uniform in [1, 2)).
pub const HONEST_USERS: usize = 200;
/// The attacker's pseudonyms.
pub const ATTACKER_PSEUDONYMS: usize = 50;

/// Datasets: the 100 real contracts, the 22,608 of May 2016, and (full mode) a synthetic 2,000.
pub fn datasets(quick: bool) -> Vec<&'static str> {
    if quick {
        vec!["dao100", "dao-may2016"]
    } else {
        vec!["dao100", "dao-may2016", "lognormal:n=2000,seed=1"]
    }
}

/// m = 1..=32 (quick: powers of two).
pub fn ms(quick: bool) -> Vec<usize> {
    if quick {
        vec![1, 2, 4, 8, 16, 32]
    } else {
        (1..=32).collect()
    }
}

/// Rounds per (dataset, m): 3 (quick: 2).
pub fn rounds(quick: bool) -> u64 {
    if quick { 2 } else { 3 }
}

/// The speedup experiment.
pub struct Speedup;

impl Experiment for Speedup {
    fn id(&self) -> &'static str {
        "speedup"
    }
    fn title(&self) -> &'static str {
        "Protocol round: speedup and efficiency vs m against serial execution"
    }
    fn points(&self, _: &Config) -> Vec<Point> {
        Vec::new()
    }
    fn write_data(&self, config: &Config, dir: &Path) -> Result<Vec<String>, RunError> {
        let q = config.quick;
        let rows = rows(config.master_seed, &datasets(q), &ms(q), rounds(q))?;
        Ok(vec![write_rows(dir, FILE, &rows)?])
    }
}

/// The rounds of every (dataset, m): a fresh chain per (dataset, m), the same population.
/// Each row's `seed` is the Partition step's seed of that round.
pub fn rows(master: u64, datasets: &[&str], ms: &[usize], rounds: u64) -> Result<Vec<RoundRecord>, RunError> {
    let err = |source| RunError::Protocol {
        experiment: "speedup".into(),
        source,
    };
    let solver = fairshard_solvers::get(SOLVER)?;
    let population = Population::new(
        &PopulationConfig {
            honest_spread: 1.0,
            ..PopulationConfig::new(HONEST_USERS, LAMBDA, ATTACKER_PSEUDONYMS)
        },
        derive_seed(master, &["speedup", "population"]),
    )
    .map_err(err)?;
    let mut instances = Instances::default();
    let bar = progress_bar((datasets.len() * ms.len()) as u64 * rounds, "speedup");
    let mut out = Vec::new();
    for &dataset in datasets {
        let inst = instances.get(dataset)?.clone();
        for &m in ms.iter().filter(|&&m| m <= inst.len()) {
            let chain_seed = derive_seed(master, &["speedup", "chain", dataset, &coord(m)]);
            let mut proto = Protocol::new(
                population.clone(),
                RoundConfig::new(m, POOL, Variant::Permutation),
                chain_seed,
            )
            .map_err(err)?;
            for r in 0..rounds {
                bar.set_message(format!("{dataset} m={m}"));
                let seed = derive_seed(master, &["speedup", "solver", dataset, &coord(m), &coord(r)]);
                let spec = RunSpec::new(m, TARGET).with_seed(seed);
                let report = proto.run_round(&inst, solver.as_ref(), &spec).map_err(err)?;
                out.push(RoundRecord::new(
                    &report,
                    &inst,
                    LAMBDA,
                    dataset,
                    solver.id(),
                    seed,
                    Threshold::HALF,
                ));
                bar.inc(1);
            }
        }
    }
    bar.finish_and_clear();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::measure;

    #[test]
    fn rounds_time_the_solvers_partition_against_serial_execution() {
        let rows = rows(5, &["dao100[:40]"], &[1, 4], 2).unwrap();
        assert_eq!(rows.len(), 4);
        let inst = fairshard_datasets::open("dao100[:40]").unwrap();
        let solver = fairshard_solvers::get(SOLVER).unwrap();
        for r in &rows {
            assert!(r.assignment_verified);
            assert_eq!((r.n, r.l, r.solver.as_str()), (40, POOL, SOLVER));
            // The modelled parts, recomputed from the solver's partition.
            let run = measure(solver.as_ref(), &inst, &RunSpec::new(r.m, TARGET).with_seed(r.seed));
            let loads = run.outcome.partition.unwrap().loads(&inst);
            let gps = fairshard_harness::protocol::TimeModel::default().gas_per_second;
            assert_eq!(r.execution_s, *loads.workload.iter().max().unwrap() as f64 / gps);
            assert_eq!(r.serial_s, inst.total_workload() as f64 / gps);
            assert!(r.round_s >= r.execution_s + r.consensus_s);
            assert!((r.efficiency - r.speedup / r.m as f64).abs() < 1e-12);
        }
        // m = 1 cannot beat serial execution: the round adds consensus.
        assert!(rows.iter().filter(|r| r.m == 1).all(|r| r.speedup < 1.0));
        // Same seed, same rounds (timings aside).
        let again = rows_again();
        let key = |r: &RoundRecord| (r.m, r.round, r.seed, r.beacon.clone(), r.execution_s, r.block_miner);
        assert_eq!(
            again.iter().map(key).collect::<Vec<_>>(),
            rows.iter().map(key).collect::<Vec<_>>()
        );
    }

    fn rows_again() -> Vec<RoundRecord> {
        rows(5, &["dao100[:40]"], &[1, 4], 2).unwrap()
    }
}
