//! Long-term fairness (Theorem 4): over many rounds, each user's share of the paid seats, of
//! the executed workload and of the distributed profit tends to its share of the hash power.
//! One partition of `dao100` (m = 5, by the best heuristic), committees drawn by RandomAssign
//! from the last l blocks, one new block per round ([`long_term`]: no signatures, the
//! committees are paid when a strict majority agrees). Rows at increasing round counts.

use super::write_rows;
use crate::config::{BEST_HEURISTIC, Config};
use crate::experiment::Experiment;
use crate::point::Point;
use crate::run::{RunError, progress_bar};
use fairshard_harness::protocol::rewards::long_term;
pub use fairshard_harness::protocol::rows::FairnessRow;
use fairshard_harness::protocol::{Chain, Ledger, Population, PopulationConfig, Variant};
use fairshard_harness::{RunSpec, Target, derive_seed, measure};
use std::path::Path;

/// File of the rows.
pub const FILE: &str = "fairness.csv";
/// The contracts.
pub const DATASET: &str = "dao100";
/// Committees m.
pub const M: usize = 5;
/// Pool size l.
pub const POOL: usize = 100;
/// Honest users, with hash-power weights uniform in [1, 4).
pub const HONEST_USERS: usize = 20;
/// Spread of the honest weights.
pub const SPREAD: f64 = 3.0;
/// Pseudonyms per honest user.
pub const PSEUDONYMS: usize = 2;
/// The attacker's hash power.
pub const LAMBDA: f64 = 0.2;
/// The attacker's pseudonyms.
pub const ATTACKER_PSEUDONYMS: usize = 10;

/// Round counts at which the shares are recorded: 10 to 10,000 (quick: to 1,000).
pub fn checkpoints(quick: bool) -> Vec<usize> {
    if quick {
        vec![10, 30, 100, 300, 1000]
    } else {
        vec![10, 30, 100, 300, 1000, 3000, 10_000]
    }
}

/// The long-term fairness experiment.
pub struct Fairness;

impl Experiment for Fairness {
    fn id(&self) -> &'static str {
        "fairness"
    }
    fn title(&self) -> &'static str {
        "Theorem 4: long-term shares of seats, workload and profit vs hash power"
    }
    fn points(&self, _: &Config) -> Vec<Point> {
        Vec::new()
    }
    fn write_data(&self, config: &Config, dir: &Path) -> Result<Vec<String>, RunError> {
        let rows = rows(config, &checkpoints(config.quick))?;
        Ok(vec![write_rows(dir, FILE, &rows)?])
    }
}

/// Adds `b`'s totals to `a`'s.
fn add(a: &mut Ledger, b: &Ledger) {
    for (x, y) in a.workload.iter_mut().zip(&b.workload) {
        *x += y;
    }
    for (x, y) in a.profit.iter_mut().zip(&b.profit) {
        *x += y;
    }
    for (x, y) in a.seats.iter_mut().zip(&b.seats) {
        *x += y;
    }
    a.undistributed += b.undistributed;
}

/// One row per user at each checkpoint (increasing), from one run of `max(checkpoints)` rounds.
pub fn rows(config: &Config, checkpoints: &[usize]) -> Result<Vec<FairnessRow>, RunError> {
    let master = config.master_seed;
    let err = |source| RunError::Protocol {
        experiment: "fairness".into(),
        source,
    };
    let population = Population::new(
        &PopulationConfig {
            pseudonyms_per_user: PSEUDONYMS,
            honest_spread: SPREAD,
            ..PopulationConfig::new(HONEST_USERS, LAMBDA, ATTACKER_PSEUDONYMS)
        },
        derive_seed(master, &["fairness", "population"]),
    )
    .map_err(err)?;
    let inst = fairshard_datasets::open(DATASET).map_err(|source| RunError::Dataset {
        spec: DATASET.into(),
        source,
    })?;
    let solver = fairshard_solvers::get(BEST_HEURISTIC)?;
    let spec = RunSpec::new(M, Target::Balanced)
        .with_seed(derive_seed(master, &["fairness", "solver"]))
        .with_time_limit(config.time_limit);
    let run = measure(solver.as_ref(), &inst, &spec);
    let loads = match &run.outcome.partition {
        Some(p) if run.error.is_none() => p.loads(&inst),
        _ => {
            return Err(err(fairshard_harness::protocol::ProtocolError::Partition(
                run.error
                    .unwrap_or_else(|| format!("{BEST_HEURISTIC} returned no partition")),
            )));
        }
    };
    let mut chain = Chain::new(derive_seed(master, &["fairness", "chain"]), 15.0).map_err(err)?;
    let mut total = Ledger::new(population.users().len());
    let mut done = 0;
    let mut out = Vec::new();
    let bar = progress_bar(checkpoints.iter().copied().max().unwrap_or(0) as u64, "fairness");
    for &at in checkpoints {
        let more = at.saturating_sub(done);
        let ledger = long_term(&population, &mut chain, Variant::Permutation, POOL, &loads, more).map_err(err)?;
        add(&mut total, &ledger);
        done += more;
        bar.set_position(done as u64);
        for s in total.shares(&population) {
            out.push(FairnessRow {
                rounds: done,
                l: POOL,
                user: s.user,
                attacker: s.attacker,
                hash_power: s.hash_power,
                seat_share: s.seat_share,
                workload_share: s.workload_share,
                profit_share: s.profit_share,
            });
        }
    }
    bar.finish_and_clear();
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_sum_to_one_and_approach_hash_power() {
        let config = Config::new(true, 4);
        let rows = rows(&config, &[20, 400]).unwrap();
        let users = HONEST_USERS + 1;
        assert_eq!(rows.len(), 2 * users);
        for at in [20, 400] {
            let r: Vec<&FairnessRow> = rows.iter().filter(|r| r.rounds == at).collect();
            assert_eq!(r.len(), users);
            for f in [
                |r: &FairnessRow| r.hash_power,
                |r: &FairnessRow| r.seat_share,
                |r: &FairnessRow| r.workload_share,
                |r: &FairnessRow| r.profit_share,
            ] {
                assert!((r.iter().map(|x| f(x)).sum::<f64>() - 1.0).abs() < 1e-9);
            }
            assert!(r.last().unwrap().attacker && (r.last().unwrap().hash_power - LAMBDA).abs() < 1e-12);
        }
        let worst = |at: usize| {
            rows.iter()
                .filter(|r| r.rounds == at)
                .map(|r| (r.profit_share - r.hash_power).abs())
                .fold(0.0, f64::max)
        };
        assert!(worst(400) < worst(20), "{} vs {}", worst(400), worst(20));
        assert!(worst(400) < 0.1);
        assert_eq!(rows, super::rows(&config, &[20, 400]).unwrap());
    }
}
