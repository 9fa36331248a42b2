//! The one protocol loop: rounds of Algorithm 1, a sweep of them over m, and long-term
//! fairness, as `fairshard round` and the protocol experiments both run them.
//!
//! A [`Session`] fixes everything a run needs besides the contracts: the population (built
//! here, from the session's seeds), the round's shape ([`RoundConfig`]; m is set per run), the
//! Partition step (a [`Partitioner`] and a [`RunSpec`] template) and a [`SeedPath`], the root
//! under which every seed of the run is derived from the master seed:
//!
//! - the population: `root/population`;
//! - the chain of a run of rounds at coordinates `c` (e.g. dataset and m in a sweep, none for
//!   a single run): `root/chain/c`;
//! - round r's Partition step: `root/solver/c/r`, which is also the `seed` column of its
//!   [`RoundRecord`] (see there);
//! - a long-term run's chain: a path the caller names.
//!
//! [`Session::rounds`] returns [`Rounds`], an iterator of [`RoundRecord`]s that runs each
//! round when asked for it (so a caller can print or write each as it finishes) and stops
//! after the first error; [`Session::sweep`] does the same for each m of a list.

use super::ProtocolError;
use super::chain::{Population, PopulationConfig};
use super::rewards::LongTerm;
use super::round::{Protocol, RoundConfig, RoundRecord, partition_step};
use crate::model::Instance;
use crate::seed::derive_seed;
use crate::solver::Partitioner;
use crate::spec::RunSpec;
use std::fmt::Display;

/// A seed's coordinates under a master seed: its seed is `derive_seed(master, parts)`.
/// Invariant: two runs share a seed only when they share every coordinate.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SeedPath {
    master: u64,
    parts: Vec<String>,
}

impl SeedPath {
    /// The root `[root]` under `master`.
    pub fn new(master: u64, root: &str) -> Self {
        Self {
            master,
            parts: vec![root.to_owned()],
        }
    }

    /// This path with one more coordinate (in its `Display` form: shortest round-trip for
    /// floats, decimal for integers).
    pub fn at(&self, part: impl Display) -> Self {
        let mut parts = self.parts.clone();
        parts.push(part.to_string());
        Self {
            master: self.master,
            parts,
        }
    }

    /// This path with each of `parts` appended in order.
    pub fn at_all(&self, parts: &[String]) -> Self {
        parts.iter().fold(self.clone(), |p, c| p.at(c))
    }

    /// The master seed.
    pub fn master(&self) -> u64 {
        self.master
    }

    /// The seed at this path.
    pub fn seed(&self) -> u64 {
        let parts: Vec<&str> = self.parts.iter().map(String::as_str).collect();
        derive_seed(self.master, &parts)
    }
}

/// The fixed parts of a protocol run: population, round shape, Partition step and seeds.
pub struct Session<'a> {
    population: Population,
    config: RoundConfig,
    partitioner: &'a dyn Partitioner,
    spec: RunSpec,
    seeds: SeedPath,
}

impl<'a> Session<'a> {
    /// A session whose population is built from `population` with the seed `seeds/population`.
    /// `config` gives l, the variant, the threshold and the time model (its m is the default
    /// of [`Session::long_term`]); `spec` is the Partition step's template: target, caps, time
    /// limit and threads (each run sets m, each round its seed).
    pub fn new(
        population: &PopulationConfig,
        config: RoundConfig,
        partitioner: &'a dyn Partitioner,
        spec: RunSpec,
        seeds: SeedPath,
    ) -> Result<Self, ProtocolError> {
        let population = Population::new(population, seeds.at("population").seed())?;
        Ok(Self {
            population,
            config,
            partitioner,
            spec,
            seeds,
        })
    }

    /// The population.
    pub fn population(&self) -> &Population {
        &self.population
    }

    /// The round configuration.
    pub fn config(&self) -> &RoundConfig {
        &self.config
    }

    /// The root of the session's seeds.
    pub fn seeds(&self) -> &SeedPath {
        &self.seeds
    }

    /// `rounds` rounds with m committees on `instance` (labelled `dataset` in the rows), on a
    /// fresh chain seeded at `chain/coords`, each round's Partition step seeded at
    /// `solver/coords/r`. Fails up front on a bad configuration (m = 0, l < m, a bad time
    /// model); each round's failure is the iterator's last item.
    pub fn rounds<'s>(
        &'s self,
        instance: &'s Instance,
        dataset: &str,
        m: usize,
        coords: &[String],
        rounds: u64,
    ) -> Result<Rounds<'s>, ProtocolError> {
        let config = RoundConfig { m, ..self.config };
        let chain = self.seeds.at("chain").at_all(coords).seed();
        Ok(Rounds {
            protocol: Protocol::new(self.population.clone(), config, chain)?,
            session: self,
            instance,
            dataset: dataset.to_owned(),
            spec: RunSpec { m, ..self.spec.clone() },
            solver_seeds: self.seeds.at("solver").at_all(coords),
            left: rounds,
        })
    }

    /// [`Session::rounds`] for each m of `ms` that fits the instance (m <= n), in order, each
    /// on its own chain, at the coordinates `coords(m)`.
    pub fn sweep<'s>(
        &'s self,
        instance: &'s Instance,
        dataset: &'s str,
        ms: &'s [usize],
        rounds: u64,
        coords: impl Fn(usize) -> Vec<String> + 's,
    ) -> impl Iterator<Item = Result<Rounds<'s>, ProtocolError>> + 's {
        ms.iter()
            .copied()
            .filter(|&m| m <= instance.len())
            .map(move |m| self.rounds(instance, dataset, m, &coords(m), rounds))
    }

    /// Long-term fairness (Theorem 4) on `instance`: one Partition step under the session's
    /// spec as given (its seed, m = the config's m), then committees from a chain seeded at
    /// `chain`, advanced by [`LongTerm::run_to`].
    pub fn long_term(&self, instance: &Instance, chain: &SeedPath) -> Result<LongTerm<'_>, ProtocolError> {
        let spec = RunSpec {
            m: self.config.m,
            ..self.spec.clone()
        };
        let measured = partition_step(self.partitioner, instance, &spec)?;
        let loads = measured
            .outcome
            .partition
            .as_ref()
            .expect("partition_step returns a partition")
            .loads(instance);
        LongTerm::new(
            &self.population,
            chain.seed(),
            self.config.time.block_interval_s,
            self.config.variant,
            self.config.l,
            loads,
        )
    }
}

/// Rounds of one run, each run when the iterator is asked for the next one.
pub struct Rounds<'s> {
    protocol: Protocol,
    session: &'s Session<'s>,
    instance: &'s Instance,
    dataset: String,
    spec: RunSpec,
    solver_seeds: SeedPath,
    left: u64,
}

impl Rounds<'_> {
    /// The protocol state so far (chain, ledger).
    pub fn protocol(&self) -> &Protocol {
        &self.protocol
    }

    /// Committees m of this run.
    pub fn m(&self) -> usize {
        self.spec.m
    }
}

impl Iterator for Rounds<'_> {
    type Item = Result<RoundRecord, ProtocolError>;

    fn next(&mut self) -> Option<Self::Item> {
        if self.left == 0 {
            return None;
        }
        self.left -= 1;
        let round = self.protocol.rounds_run();
        self.spec.seed = self.solver_seeds.at(round).seed();
        let s = self.session;
        let report = match self.protocol.run_round(self.instance, s.partitioner, &self.spec) {
            Ok(r) => r,
            Err(e) => {
                self.left = 0;
                return Some(Err(e));
            }
        };
        Some(Ok(RoundRecord::new(
            &report,
            self.instance,
            s.population.lambda(),
            &self.dataset,
            s.partitioner.id(),
            self.spec.seed,
            s.config.threshold,
        )))
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        (0, usize::try_from(self.left).ok())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;
    use crate::protocol::assign::Variant;
    use crate::protocol::round::RoundRobin;
    use crate::spec::Target;

    fn instance() -> Instance {
        Instance::new(
            "t",
            (1..=30u64)
                .map(|w| Task::new(21_000 + w * 997 % 5000, 20 + w % 7))
                .collect(),
        )
        .unwrap()
    }

    fn session(seed: u64) -> Session<'static> {
        Session::new(
            &PopulationConfig::new(10, 0.2, 3),
            RoundConfig::new(3, 24, Variant::Permutation),
            &RoundRobin,
            RunSpec::new(3, Target::Workload),
            SeedPath::new(seed, "test"),
        )
        .unwrap()
    }

    #[test]
    fn seed_paths_derive_from_the_master_and_every_coordinate() {
        let p = SeedPath::new(7, "round");
        assert_eq!(p.at("solver").at(3).seed(), derive_seed(7, &["round", "solver", "3"]));
        assert_eq!(p.at_all(&["a".into(), "b".into()]), p.at("a").at("b"));
        assert_ne!(p.at("a").seed(), p.at("b").seed());
        assert_ne!(p.seed(), SeedPath::new(8, "round").seed());
        assert_eq!(p.master(), 7);
    }

    #[test]
    fn each_rows_seed_is_its_rounds_solver_seed_and_runs_repeat() {
        let inst = instance();
        let s = session(4);
        let coords = vec!["t".to_owned(), "3".to_owned()];
        let rows: Vec<RoundRecord> = s
            .rounds(&inst, "t", 3, &coords, 3)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        assert_eq!(rows.len(), 3);
        for (r, row) in rows.iter().enumerate() {
            assert_eq!(row.round, r as u64);
            assert_eq!(
                row.seed,
                SeedPath::new(4, "test").at("solver").at("t").at(3).at(r).seed()
            );
        }
        let again: Vec<RoundRecord> = session(4)
            .rounds(&inst, "t", 3, &coords, 3)
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let key = |r: &RoundRecord| (r.seed, r.beacon.clone(), r.block_miner, r.committees_forged);
        assert_eq!(
            rows.iter().map(key).collect::<Vec<_>>(),
            again.iter().map(key).collect::<Vec<_>>()
        );
    }

    #[test]
    fn a_sweep_skips_m_beyond_n_and_stops_at_the_first_failure() {
        let inst = instance();
        let s = session(1);
        let ms = [1, 4, 31];
        let runs: Vec<usize> = s
            .sweep(&inst, "t", &ms, 1, |m| vec![m.to_string()])
            .map(|r| r.unwrap().m())
            .collect();
        assert_eq!(runs, [1, 4]);
        // l = 24 cannot fill 25 committees: refused before any round.
        assert!(matches!(
            s.rounds(&inst, "t", 25, &[], 1),
            Err(ProtocolError::PoolTooSmall { l: 24, m: 25 })
        ));
        // With n < m the first round's Partition step fails and the iterator ends there.
        let small = Instance::new("s", (1..=2u64).map(|w| Task::new(w, w)).collect()).unwrap();
        let mut it = s.rounds(&small, "s", 3, &[], 5).unwrap();
        assert!(matches!(it.next(), Some(Err(ProtocolError::Partition(_)))));
        assert!(it.next().is_none());
    }

    #[test]
    fn long_term_continues_where_it_stopped() {
        let inst = instance();
        let s = session(2);
        let chain = s.seeds().at("long-term");
        let mut once = s.long_term(&inst, &chain).unwrap();
        once.run_to(60).unwrap();
        let mut twice = s.long_term(&inst, &chain).unwrap();
        twice.run_to(25).unwrap();
        twice.run_to(60).unwrap();
        assert_eq!(once.ledger(), twice.ledger());
        assert_eq!(once.shares(), twice.shares());
        assert!(once.shares().iter().all(|r| r.rounds == 60 && r.l == 24));
    }
}
