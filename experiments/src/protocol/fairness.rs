//! Long-term fairness (Theorem 4): over many rounds, each user's share of the paid seats, of
//! the executed workload and of the distributed profit tends to its share of the hash power.
//! One partition of `dao100` (m = 5, by the best heuristic), committees drawn by RandomAssign
//! from the last l blocks, one new block per round ([`Session::long_term`]: no signatures, the
//! committees are paid when a strict majority agrees). Rows at increasing round counts.

use super::{Progress, failed};
use crate::config::{BEST_HEURISTIC, Config};
use crate::experiment::{About, RowsExperiment};
use crate::run::RunError;
pub use fairshard_harness::protocol::rows::FairnessRow;
use fairshard_harness::protocol::{PopulationConfig, RoundConfig, SeedPath, Session, Variant};
use fairshard_harness::{RunSpec, Target};

/// The long-term fairness experiment.
pub struct Fairness;

impl RowsExperiment for Fairness {
    const ABOUT: About = About::new("fairness", TITLE);
    type Row = FairnessRow;
    fn rows(&self, config: &Config) -> Result<Vec<FairnessRow>, RunError> {
        rows(config, &checkpoints(config.quick))
    }
}

/// What the experiment reproduces.
pub const TITLE: &str = "Theorem 4: long-term shares of seats, workload and profit vs hash power";

/// The contracts.
pub const DATASET: &str = "dao100";
/// Committees m.
pub const M: usize = 5;
/// Pool size l.
pub const POOL: usize = 100;
/// 20 honest users with 2 pseudonyms each and hash-power weights uniform in [1, 4), and an
/// attacker with 0.2 of the hash power and 10 pseudonyms.
pub const POPULATION: PopulationConfig = PopulationConfig::new(20, 0.2, 10).with_spread(3.0).with_pseudonyms(2);

/// Round counts at which the shares are recorded: 10 to 10,000 (quick: to 1,000).
pub fn checkpoints(quick: bool) -> Vec<usize> {
    let all = [10, 30, 100, 300, 1000, 3000, 10_000];
    all.into_iter().filter(|&c| !quick || c <= 1000).collect()
}

/// One row per user at each checkpoint (increasing), from one run of `max(checkpoints)` rounds
/// ([`Session::long_term`], seeds under `fairness`: the Partition step at `fairness/solver`,
/// the chain at `fairness/chain`).
pub fn rows(config: &Config, checkpoints: &[usize]) -> Result<Vec<FairnessRow>, RunError> {
    let id = Fairness::ABOUT.id;
    let err = failed(id);
    let seeds = SeedPath::new(config.master_seed, id);
    let inst = fairshard_datasets::open(DATASET).map_err(|source| RunError::Dataset {
        spec: DATASET.into(),
        source,
    })?;
    let solver = fairshard_solvers::get(BEST_HEURISTIC)?;
    let session = Session::new(
        &POPULATION,
        RoundConfig::new(M, POOL, Variant::Permutation),
        solver.as_ref(),
        RunSpec::new(M, Target::Balanced)
            .with_seed(seeds.at("solver").seed())
            .with_time_limit(config.time_limit),
        seeds.clone(),
    )
    .map_err(&err)?;
    let mut run = session.long_term(&inst, &seeds.at("chain")).map_err(&err)?;
    let mut out = Vec::new();
    let bar = Progress::new(checkpoints.iter().copied().max().unwrap_or(0) as u64, id);
    for &at in checkpoints {
        run.run_to(at).map_err(&err)?;
        bar.set_position(run.rounds() as u64);
        out.extend(run.shares());
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shares_sum_to_one_and_approach_hash_power() {
        let config = Config::new(true, 4);
        let rows = rows(&config, &[20, 400]).unwrap();
        let users = POPULATION.honest_users + 1;
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
            assert!(r.last().unwrap().attacker && (r.last().unwrap().hash_power - POPULATION.lambda).abs() < 1e-12);
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
