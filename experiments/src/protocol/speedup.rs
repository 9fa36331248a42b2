//! Speedup and efficiency vs m (the paper claims a speedup linear in m): whole protocol
//! rounds ([`fairshard_harness::protocol::Protocol::run_round`]: Partition by each solver of
//! [`SOLVERS`] and, in full mode, of [`EXACT`] at a time limit per round, its measured
//! Partition time counted in the round, RandomAssign, execution, BLS certificates, the next
//! block), timed by the harness's [`fairshard_harness::protocol::TimeModel`] against serial
//! execution, on real data (`dao100`, all of `dao-may2016`) and synthetic instances up to
//! n = 100,000, m up to 100 ([`plans`]).
//! One row per round: [`RoundRecord`], as `fairshard round --out` writes (the same loop).

use super::{Progress, failed};
use crate::config::Config;
use crate::experiment::{About, RowsExperiment};
use crate::run::{Instances, RunError};
use fairshard_harness::protocol::{PopulationConfig, RoundConfig, RoundRecord, SeedPath, Session, Variant};
use fairshard_harness::{RunSpec, Target};
use std::time::Duration;

/// The speedup experiment.
pub struct Speedup;

impl RowsExperiment for Speedup {
    const ABOUT: About = About::new("speedup", TITLE);
    type Row = RoundRecord;
    fn rows(&self, config: &Config) -> Result<Vec<RoundRecord>, RunError> {
        let mut out = Vec::new();
        for plan in plans(config.quick) {
            if !fairshard_solvers::entries()
                .iter()
                .any(|e| e.id == plan.solver && e.available())
            {
                continue; // an exact id whose backend is not compiled in
            }
            out.extend(rows_limited(
                config.master_seed,
                plan.solver,
                &plan.datasets,
                &plan.ms,
                plan.rounds,
                plan.limit,
            )?);
        }
        Ok(out)
    }
}

/// What the experiment reproduces.
pub const TITLE: &str = "Protocol round: speedup and efficiency vs m against serial execution";

/// The main Partition-step solver (largest first, O(n log n)): the first of [`SOLVERS`],
/// the one the speedup and efficiency figures draw.
pub const SOLVER: &str = "heur/lpt";
/// The heuristics the rounds sweep, each partitioning inside the round (its measured
/// Partition time counts in the round time). Full mode; quick mode runs the first two.
pub const SOLVERS: &[&str] = &[SOLVER, "heur/kk", "heur/greedy", "heur/bi-lpt"];
/// The exact methods the full sweep adds, each stopped at [`EXACT_LIMIT`] per round (its
/// partition is then its best within the limit, and the limit is what the round pays).
pub const EXACT: &[&str] = &["heur/complete", "ilp/highs"];
/// The exact methods' time limit per round.
pub const EXACT_LIMIT: Duration = Duration::from_secs(1);
/// The largest instance the MIP's model is built for in the sweep (n x m binaries: at
/// n = 100,000 and m = 100 that is 10^7 columns).
pub const MIP_MAX_N: usize = 2_000;

/// The swept heuristics: all of [`SOLVERS`] in full mode, `heur/lpt` and `heur/kk` in quick
/// mode.
pub fn solvers(quick: bool) -> &'static [&'static str] {
    if quick { &SOLVERS[..2] } else { SOLVERS }
}
/// Its target: the round's execution phase lasts as long as the heaviest subset's workload.
pub const TARGET: Target = Target::Workload;
/// Pool size l (at least 10 seats per committee at m = 32).
pub const POOL: usize = 320;
/// 200 honest users (one pseudonym each, hash-power weights uniform in [1, 2)) and an attacker
/// with 50 pseudonyms and 0.25 of the hash power (`fairshard round`'s default; the speedup
/// does not depend on it).
pub const POPULATION: PopulationConfig = PopulationConfig::new(200, 0.25, 50).with_spread(1.0);

/// The heuristics' sweep: datasets, values of m, and rounds per (dataset, m). Full: the 100
/// real contracts, the 22,608 of May 2016 and a synthetic 2,000; m = 1..=32, 48, 64 and 100;
/// 3 rounds (and [`LARGE`] apart, see [`plans`]). Quick: the real ones, m in powers of two,
/// 2 rounds.
pub fn sweep(quick: bool) -> (Vec<&'static str>, Vec<usize>, u64) {
    if quick {
        (vec!["dao100", "dao-may2016"], vec![1, 2, 4, 8, 16, 32], 2)
    } else {
        (
            vec!["dao100", "dao-may2016", "lognormal:n=2000,seed=1"],
            (1..=32).chain([48, 64, 100]).collect(),
            3,
        )
    }
}

/// The large synthetic instance of the full sweep, at [`COARSE_M`], one round each.
pub const LARGE: &str = "lognormal:n=100000,seed=1";
/// The values of m of the large instance and of the exact methods.
pub const COARSE_M: [usize; 8] = [1, 2, 4, 8, 16, 32, 64, 100];

/// One solver's part of the sweep.
#[derive(Clone, Debug, PartialEq)]
pub struct Plan {
    /// Registry id.
    pub solver: &'static str,
    /// Dataset specs.
    pub datasets: Vec<&'static str>,
    /// Values of m.
    pub ms: Vec<usize>,
    /// Rounds per (dataset, m).
    pub rounds: u64,
    /// Time limit of its Partition step per round.
    pub limit: Option<Duration>,
}

/// Every solver's sweep: the heuristics on [`sweep`], and in full mode on [`LARGE`] at
/// [`COARSE_M`], one round each; in full mode also [`EXACT`], each at [`EXACT_LIMIT`] per
/// round, one round per (dataset, m) at [`COARSE_M`] on every dataset (the MIP on those of
/// at most [`MIP_MAX_N`] contracts).
pub fn plans(quick: bool) -> Vec<Plan> {
    let (datasets, ms, rounds) = sweep(quick);
    let mut out = Vec::new();
    for &solver in solvers(quick) {
        out.push(Plan {
            solver,
            datasets: datasets.clone(),
            ms: ms.clone(),
            rounds,
            limit: None,
        });
        if !quick {
            out.push(Plan {
                solver,
                datasets: vec![LARGE],
                ms: COARSE_M.to_vec(),
                rounds: 1,
                limit: None,
            });
        }
    }
    if !quick {
        let all: Vec<&'static str> = datasets.iter().copied().chain([LARGE]).collect();
        for &solver in EXACT {
            let mip = solver.starts_with("ilp/");
            out.push(Plan {
                solver,
                datasets: all
                    .iter()
                    .copied()
                    .filter(|d| !mip || size_of(d).is_some_and(|n| n <= MIP_MAX_N))
                    .collect(),
                ms: COARSE_M.to_vec(),
                rounds: 1,
                limit: Some(EXACT_LIMIT),
            });
        }
    }
    out
}

/// The number of contracts a dataset spec names, where it says (`n=...`) or is `dao100`.
fn size_of(spec: &str) -> Option<usize> {
    if spec == "dao100" {
        return Some(100);
    }
    spec.split([':', ','])
        .find_map(|f| f.strip_prefix("n="))
        .and_then(|n| n.parse().ok())
}

/// [`rows_limited`] without a time limit.
pub fn rows(
    master: u64,
    solver: &str,
    datasets: &[&str],
    ms: &[usize],
    rounds: u64,
) -> Result<Vec<RoundRecord>, RunError> {
    rows_limited(master, solver, datasets, ms, rounds, None)
}

/// The rounds of every (dataset, m), through one [`Session`] (seeds under `speedup`): the
/// same population, a fresh chain per (dataset, m) at coordinates (dataset, m). Each row's
/// `seed` is its round's Partition-step seed, `speedup/solver/DATASET/M/ROUND` (the same
/// for every solver: the solvers partition the same rounds). Each row names `solver`.
/// `limit`: the Partition step's time limit per round.
pub fn rows_limited(
    master: u64,
    solver: &str,
    datasets: &[&str],
    ms: &[usize],
    rounds: u64,
    limit: Option<Duration>,
) -> Result<Vec<RoundRecord>, RunError> {
    let id = Speedup::ABOUT.id;
    let err = failed(id);
    let solver = fairshard_solvers::get(solver)?;
    let session = Session::new(
        &POPULATION,
        RoundConfig::new(1, POOL, Variant::Permutation),
        solver.as_ref(),
        RunSpec::new(1, TARGET).with_time_limit(limit),
        SeedPath::new(master, id),
    )
    .map_err(&err)?;
    let mut instances = Instances::default();
    let bar = Progress::new((datasets.len() * ms.len()) as u64 * rounds, id);
    let mut out = Vec::new();
    for &dataset in datasets {
        let inst = instances.get(dataset)?.clone();
        for run in session.sweep(&inst, dataset, ms, rounds, |m| vec![dataset.to_owned(), m.to_string()]) {
            let run = run.map_err(&err)?;
            bar.set_message(format!("{dataset} m={}", run.m()));
            let rows: Result<Vec<RoundRecord>, _> = run.inspect(|_| bar.inc(1)).collect();
            out.extend(rows.map_err(&err)?);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::{derive_seed, measure};

    #[test]
    fn rounds_time_the_solvers_partition_against_serial_execution() {
        let rows = rows(5, SOLVER, &["dao100[:40]"], &[1, 4], 2).unwrap();
        assert_eq!(rows.len(), 4);
        for r in &rows {
            let coords = [
                "speedup",
                "solver",
                "dao100[:40]",
                &r.m.to_string(),
                &r.round.to_string(),
            ];
            assert_eq!(
                r.seed,
                derive_seed(5, &coords),
                "the row's seed is its round's solver seed"
            );
        }
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

    /// Each solver partitions the same rounds; its row names it, and its measured Partition
    /// time is part of its round time (the rest of the round is the same model's).
    #[test]
    fn each_solver_pays_its_partition_time_in_the_round() {
        assert!(
            SOLVERS.iter().all(|id| fairshard_solvers::get(id).is_ok()),
            "full mode's solvers exist"
        );
        for &id in solvers(true) {
            let rows = rows(5, id, &["dao100[:40]"], &[4], 1).unwrap();
            assert_eq!(rows.len(), 1);
            let r = &rows[0];
            assert_eq!(r.solver, id);
            assert!(r.partition_s >= 0.0);
            assert!(
                r.round_s >= r.partition_s + r.execution_s + r.consensus_s - 1e-12,
                "{id}: the round includes its partition time"
            );
            assert!((r.speedup - r.serial_s / r.round_s).abs() < 1e-9);
        }
    }

    /// Full mode adds the exact methods at a limit per round, the MIP only where its model
    /// fits; the heuristics reach n = 100,000 and m = 100; quick mode is heuristics only.
    #[test]
    fn full_plans_add_limited_exact_methods_and_reach_large_n_and_m() {
        let full = plans(false);
        let of = |id: &str| full.iter().find(|p| p.solver == id).unwrap();
        for &id in SOLVERS {
            let mine: Vec<&Plan> = full.iter().filter(|p| p.solver == id).collect();
            assert!(mine.iter().all(|p| p.limit.is_none()));
            assert!(mine.iter().any(|p| p.datasets.contains(&LARGE) && p.ms.contains(&100)));
            assert!(
                mine.iter()
                    .any(|p| p.datasets.contains(&"dao-may2016") && p.ms.contains(&100))
            );
        }
        let complete = of("heur/complete");
        assert_eq!(complete.limit, Some(EXACT_LIMIT));
        assert_eq!(complete.datasets.len(), 4);
        assert_eq!(complete.ms, COARSE_M);
        let mip = of("ilp/highs");
        assert_eq!(mip.datasets, ["dao100", "lognormal:n=2000,seed=1"]);
        assert!(
            plans(true)
                .iter()
                .all(|p| p.limit.is_none() && p.solver.starts_with("heur/"))
        );
        assert_eq!(size_of("lognormal:n=100000,seed=1"), Some(100_000));
        assert_eq!(size_of("dao-may2016"), None);
    }

    /// A limited exact method's rounds name it and carry its partition.
    #[test]
    fn an_exact_method_partitions_inside_the_round_at_its_limit() {
        let rows = rows_limited(5, "heur/complete", &["dao100[:40]"], &[4], 1, Some(EXACT_LIMIT)).unwrap();
        assert_eq!(rows.len(), 1);
        assert_eq!(rows[0].solver, "heur/complete");
        assert!(rows[0].assignment_verified);
        assert!(
            matches!(rows[0].status.as_str(), "optimal" | "time-limit" | "feasible"),
            "{}",
            rows[0].status
        );
    }

    /// Under one time model, a solver slower by d seconds has a round longer by d seconds.
    #[test]
    fn a_slower_partition_lengthens_the_round_by_its_time() {
        let model = fairshard_harness::protocol::TimeModel::default();
        let loads = [3_000_000u128, 2_000_000, 1_000_000];
        let (fast, slow) = (model.round(0.001, 0.0005, &loads), model.round(1.5, 0.0005, &loads));
        assert!((slow.round_s - fast.round_s - 1.499).abs() < 1e-9);
        assert_eq!(slow.serial_s, fast.serial_s);
        assert!(slow.speedup < fast.speedup);
    }

    fn rows_again() -> Vec<RoundRecord> {
        rows(5, SOLVER, &["dao100[:40]"], &[1, 4], 2).unwrap()
    }
}
