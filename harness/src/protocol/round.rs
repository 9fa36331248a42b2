//! Algorithm 1, one round after another: Partition, RandomAssign, Execute, record, pay.
//!
//! A [`Protocol`] holds the population, the chain and the ledger. Each call of
//! [`Protocol::run_round`] (i) partitions the n contracts into m subsets with the given
//! [`Partitioner`] through [`measure`]; (ii) extracts the round's randomness from the last
//! blocks and assigns U (the last l miners) to m committees, and checks the assignment with
//! the verifier, as any node would; (iii) lets committee c execute subset c, sign, vote and
//! certify; (iv) verifies each certificate, records the verified ones in the next block, which
//! is mined (its miner is the next entry of U, its nonce and timestamp feed the next round's
//! randomness); (v) pays each certified committee; (vi) applies the time model.

use super::ProtocolError;
use super::assign::{Assignment, Rejection, Variant, assign, verify};
use super::chain::{Block, Chain, Population};
use super::execute::{Certificate, CommitteeOutcome, Verdict, run_committee};
use super::randomness::Beacon;
use super::rewards::Ledger;
use super::security::Threshold;
use super::timing::{RoundTiming, TimeModel};
use crate::measure::{Measured, measure};
use crate::model::Instance;
use crate::solver::Partitioner;
use crate::spec::RunSpec;
use std::time::Instant;

/// The parameters of the rounds.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct RoundConfig {
    /// Committees (= subsets) m.
    pub m: usize,
    /// Pool size l: the miners of the last l blocks.
    pub l: usize,
    /// RandomAssign variant.
    pub variant: Variant,
    /// Capture threshold reported per committee (the vote itself is a strict majority).
    pub threshold: Threshold,
    /// Blocks whose nonces and timestamps feed the extractor (the last ones; 0 = l).
    pub beacon_blocks: usize,
    /// The time model.
    pub time: TimeModel,
}

impl RoundConfig {
    /// m committees from the last l blocks, `variant`, threshold 1/2, default time model.
    pub fn new(m: usize, l: usize, variant: Variant) -> Self {
        Self {
            m,
            l,
            variant,
            threshold: Threshold::HALF,
            beacon_blocks: 0,
            time: TimeModel::default(),
        }
    }

    /// Checks 1 <= m <= l and the time model.
    pub fn validate(&self) -> Result<(), ProtocolError> {
        if self.m == 0 {
            return Err(ProtocolError::ZeroCommittees);
        }
        if self.l < self.m {
            return Err(ProtocolError::PoolTooSmall { l: self.l, m: self.m });
        }
        self.time.validate()
    }

    fn beacon_len(&self) -> usize {
        if self.beacon_blocks == 0 {
            self.l
        } else {
            self.beacon_blocks
        }
    }
}

/// Everything one round produced.
#[derive(Clone, Debug)]
pub struct RoundReport {
    /// Round index (0-based).
    pub round: u64,
    /// The round's random number.
    pub beacon: Beacon,
    /// U, pseudonym per seat.
    pub pool: Vec<u32>,
    /// The committee of each seat.
    pub assignment: Assignment,
    /// The verifier's judgement of the assignment.
    pub verified: Result<(), Rejection>,
    /// The Partition step as measured by the harness.
    pub partition: Measured,
    /// Each committee's outcome.
    pub committees: Vec<CommitteeOutcome>,
    /// Workload of each committee's subset.
    pub workloads: Vec<u128>,
    /// Profit paid per seat in each committee (0 if unpaid).
    pub share_per_seat: Vec<u128>,
    /// The block that records the verified certificates.
    pub block: Block,
    /// Wall time of signing, aggregating and verifying (s), measured.
    pub crypto_s: f64,
    /// The time model applied.
    pub timing: RoundTiming,
}

/// The Partition step: `partitioner` on `instance` under `spec`, measured by the harness's one
/// clock ([`measure`]). A solver error, or no partition, is [`ProtocolError::Partition`];
/// invariant: an `Ok` holds a partition (re-checked by `measure`).
pub fn partition_step(
    partitioner: &dyn Partitioner,
    instance: &Instance,
    spec: &RunSpec,
) -> Result<Measured, ProtocolError> {
    let measured = measure(partitioner, instance, spec);
    if let Some(e) = &measured.error {
        return Err(ProtocolError::Partition(e.clone()));
    }
    if measured.outcome.partition.is_none() {
        return Err(ProtocolError::Partition(format!(
            "{} returned no partition",
            partitioner.id()
        )));
    }
    Ok(measured)
}

/// The population, the chain and the ledger, across rounds.
pub struct Protocol {
    population: Population,
    chain: Chain,
    ledger: Ledger,
    config: RoundConfig,
    round: u64,
}

impl Protocol {
    /// A protocol over `population`, whose chain is seeded from `seed` and mined up to the
    /// first l blocks (so that U exists).
    pub fn new(population: Population, config: RoundConfig, seed: u64) -> Result<Self, ProtocolError> {
        config.validate()?;
        let mut chain = Chain::new(seed, config.time.block_interval_s)?;
        chain.mine_many(&population, config.l.max(config.beacon_len()));
        let ledger = Ledger::new(population.users().len());
        Ok(Self {
            population,
            chain,
            ledger,
            config,
            round: 0,
        })
    }

    /// The population.
    pub fn population(&self) -> &Population {
        &self.population
    }

    /// The chain.
    pub fn chain(&self) -> &Chain {
        &self.chain
    }

    /// The ledger so far.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// The configuration.
    pub fn config(&self) -> &RoundConfig {
        &self.config
    }

    /// Rounds run so far (the index of the next round).
    pub fn rounds_run(&self) -> u64 {
        self.round
    }

    /// Runs one round of Algorithm 1 on `instance`, partitioned by `partitioner` under `spec`
    /// (whose m must be the config's m). A failed Partition step is an error: nothing is
    /// executed, assigned or mined.
    pub fn run_round(
        &mut self,
        instance: &Instance,
        partitioner: &dyn Partitioner,
        spec: &RunSpec,
    ) -> Result<RoundReport, ProtocolError> {
        let cfg = self.config;
        if spec.m != cfg.m {
            return Err(ProtocolError::PartitionShape { got: spec.m, m: cfg.m });
        }
        let partition = partition_step(partitioner, instance, spec)?;
        let subsets = partition
            .outcome
            .partition
            .as_ref()
            .expect("partition_step returns a partition")
            .subsets();
        // Randomness and RandomAssign.
        let t = Instant::now();
        let pool = self.chain.pool(cfg.l)?;
        let beacon_blocks = self.chain.tail(cfg.beacon_len())?;
        let beacon = Beacon::extract(beacon_blocks);
        let assignment = assign(
            cfg.variant,
            cfg.m,
            &beacon.cipher_key(),
            &pool,
            self.population.public_keys(),
        )?;
        let assign_s = t.elapsed().as_secs_f64();
        let verified = verify(
            &assignment,
            cfg.variant,
            cfg.m,
            beacon_blocks,
            &pool,
            self.population.public_keys(),
        );
        // Execute, sign, vote, certify.
        let t = Instant::now();
        let loads = partition
            .outcome
            .partition
            .as_ref()
            .map(|p| p.loads(instance))
            .expect("checked above");
        let mut committees = Vec::with_capacity(cfg.m);
        let mut certificates = Vec::new();
        let mut share_per_seat = vec![0u128; cfg.m];
        for (c, members) in assignment.members().iter().enumerate() {
            let seats: Vec<u32> = members.iter().map(|&i| pool[i]).collect();
            let out = run_committee(
                self.round,
                c,
                &seats,
                &self.population,
                self.population.bls_keys(),
                instance,
                &subsets[c],
            )?;
            match (&out.certificate, out.certificate_ok) {
                (Some(cert), true) => {
                    certificates.push(cert.clone());
                    share_per_seat[c] =
                        self.ledger
                            .credit(&self.population, &seats, loads.workload[c], loads.profit[c]);
                }
                _ => self.ledger.unpaid(loads.profit[c]),
            }
            committees.push(out);
        }
        let crypto_s = t.elapsed().as_secs_f64();
        // The next block records the verified certificates.
        let block = self
            .chain
            .mine(&self.population, Certificate::digest_all(&certificates));
        let partition_s = (partition.build + partition.solve).as_secs_f64();
        let timing = cfg.time.round(partition_s, assign_s, &loads.workload);
        let report = RoundReport {
            round: self.round,
            beacon,
            pool,
            assignment,
            verified,
            partition,
            committees,
            workloads: loads.workload,
            share_per_seat,
            block,
            crypto_s,
            timing,
        };
        self.round += 1;
        Ok(report)
    }
}

/// One flat row per round: what `fairshard round --out` writes and the reports read.
/// Columns are stable; renaming one breaks result folders.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoundRecord {
    /// Round index.
    pub round: u64,
    /// Dataset spec.
    pub dataset: String,
    /// Contracts n.
    pub n: usize,
    /// Committees m.
    pub m: usize,
    /// Pool size l.
    pub l: usize,
    /// Attacker hash power.
    pub lambda: f64,
    /// RandomAssign variant.
    pub assign: String,
    /// Partitioner id.
    pub solver: String,
    /// The seed of this round's Partition step (`RunSpec::seed`): derived from the master seed
    /// and the round's coordinates ([`SeedPath`](super::session::SeedPath) `ROOT/solver/COORDS/ROUND`), so a
    /// row's solver run can be repeated from the row alone. The master seed is not a column:
    /// it is in the results folder's manifest (experiments) or printed by `fairshard round`.
    pub seed: u64,
    /// Partition status.
    pub status: String,
    /// The round's random number R (hex): with the chain, enough to re-check the assignment.
    pub beacon: String,
    /// gamma1 of the partition.
    pub gamma1: Option<f64>,
    /// gamma2 of the partition.
    pub gamma2: Option<f64>,
    /// Did the verifier accept the assignment?
    pub assignment_verified: bool,
    /// Smallest committee (seats).
    pub min_committee: usize,
    /// Largest committee (seats).
    pub max_committee: usize,
    /// Largest attacker share of any non-empty committee.
    pub max_attacker_share: f64,
    /// Capture threshold.
    pub threshold: String,
    /// Committees at or above the threshold.
    pub captured: usize,
    /// Committees whose majority signed the true result.
    pub committees_true: usize,
    /// Committees whose majority signed a forged result.
    pub committees_forged: usize,
    /// Committees with no majority.
    pub committees_tie: usize,
    /// Committees without seats.
    pub committees_empty: usize,
    /// Certificates that verified and were recorded.
    pub certificates_verified: usize,
    /// Miner (pseudonym) of the recording block.
    pub block_miner: u32,
    /// Height of the recording block.
    pub block_height: u64,
    /// Partition time, measured (s).
    pub partition_s: f64,
    /// RandomAssign time, measured (s).
    pub assign_s: f64,
    /// Signing, aggregation and verification, measured (s).
    pub crypto_s: f64,
    /// Execution phase, modelled (s).
    pub execution_s: f64,
    /// Consensus, modelled (s).
    pub consensus_s: f64,
    /// Round time (s).
    pub round_s: f64,
    /// Serial execution time (s).
    pub serial_s: f64,
    /// serial / round.
    pub speedup: f64,
    /// speedup / m.
    pub efficiency: f64,
    /// Share of the round spent partitioning.
    pub share_partition: f64,
    /// Share spent in consensus.
    pub share_consensus: f64,
    /// Share spent executing.
    pub share_execution: f64,
}

impl RoundRecord {
    /// The row of `report`, for a round on `instance` with `lambda`, `dataset` as given and
    /// `seed` the round's Partition-step seed (see [`RoundRecord::seed`]).
    pub fn new(
        report: &RoundReport,
        instance: &Instance,
        lambda: f64,
        dataset: &str,
        solver: &str,
        seed: u64,
        threshold: Threshold,
    ) -> Self {
        let count = |v: Verdict| report.committees.iter().filter(|c| c.verdict == v).count();
        let sizes = report.assignment.sizes();
        let f = report.partition.fairness.as_ref();
        let t = &report.timing;
        RoundRecord {
            round: report.round,
            dataset: dataset.to_owned(),
            n: instance.len(),
            m: report.assignment.m,
            l: report.pool.len(),
            lambda,
            assign: report.assignment.variant.as_str().to_owned(),
            solver: solver.to_owned(),
            seed,
            status: report.partition.outcome.status.as_str().to_owned(),
            beacon: report.beacon.hex(),
            gamma1: f.map(|f| f.gamma1().value()),
            gamma2: f.map(|f| f.gamma2().value()),
            assignment_verified: report.verified.is_ok(),
            min_committee: sizes.iter().copied().min().unwrap_or(0),
            max_committee: sizes.iter().copied().max().unwrap_or(0),
            max_attacker_share: report
                .committees
                .iter()
                .filter(|c| c.seats > 0)
                .map(|c| c.attacker_seats as f64 / c.seats as f64)
                .fold(0.0, f64::max),
            threshold: threshold.to_string(),
            captured: report
                .committees
                .iter()
                .filter(|c| threshold.captured(c.attacker_seats, c.seats))
                .count(),
            committees_true: count(Verdict::True),
            committees_forged: count(Verdict::Forged),
            committees_tie: count(Verdict::Tie),
            committees_empty: count(Verdict::Empty),
            certificates_verified: report.committees.iter().filter(|c| c.certificate_ok).count(),
            block_miner: report.block.miner,
            block_height: report.block.height,
            partition_s: t.partition_s,
            assign_s: t.assign_s,
            crypto_s: report.crypto_s,
            execution_s: t.execution_s,
            consensus_s: t.consensus_s,
            round_s: t.round_s,
            serial_s: t.serial_s,
            speedup: t.speedup,
            efficiency: t.efficiency,
            share_partition: t.share_partition(),
            share_consensus: t.share_consensus(),
            share_execution: t.share_execution(),
        }
    }
}

/// Task j into subset j mod m: a reference partitioner for the protocol's own tests and
/// benchmarks (the harness cannot depend on the solvers crate). Reports `unknown`.
#[derive(Clone, Copy, Debug, Default)]
pub struct RoundRobin;

impl Partitioner for RoundRobin {
    fn id(&self) -> &str {
        "protocol/round-robin"
    }

    fn info(&self) -> crate::SolverInfo {
        crate::SolverInfo {
            summary: "task j into subset j mod m (protocol tests and benchmarks)".into(),
            exact: false,
            targets: crate::Target::ALL.to_vec(),
            caps: false,
            time_limit: false,
        }
    }

    fn prepare<'a>(
        &'a self,
        instance: &'a Instance,
        spec: &'a RunSpec,
    ) -> Result<Box<dyn crate::Prepared + 'a>, crate::SolveError> {
        Ok(Box::new(crate::Deferred(move |_: &crate::SolveContext| {
            let assignment = (0..instance.len()).map(|j| (j % spec.m) as u32).collect();
            Ok(crate::SolveOutcome::new(
                Some(crate::Partition::from_assignment(spec.m, assignment)),
                crate::Status::Unknown,
            ))
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;
    use crate::protocol::chain::PopulationConfig;
    use crate::spec::Target;

    fn instance(n: u64) -> Instance {
        Instance::new(
            "t",
            (1..=n)
                .map(|w| Task::new(21_000 + w * 997 % 5000, 20 + w % 7))
                .collect(),
        )
        .unwrap()
    }

    #[test]
    fn rounds_execute_certify_record_and_pay() {
        let pop = Population::new(&PopulationConfig::new(12, 0.2, 3), 1).unwrap();
        let inst = instance(40);
        for variant in Variant::ALL {
            let mut proto = Protocol::new(pop.clone(), RoundConfig::new(4, 48, variant), 9).unwrap();
            let spec = RunSpec::new(4, Target::Balanced);
            let mut blocks = proto.chain().blocks().len();
            for r in 0..3 {
                let rep = proto.run_round(&inst, &RoundRobin, &spec).unwrap();
                assert_eq!(rep.round, r);
                assert_eq!(rep.verified, Ok(()));
                assert_eq!(rep.committees.len(), 4);
                assert_eq!(rep.committees.iter().map(|c| c.seats).sum::<usize>(), 48);
                blocks += 1;
                assert_eq!(proto.chain().blocks().len(), blocks, "one block records each round");
                let certs: Vec<_> = rep
                    .committees
                    .iter()
                    .filter(|c| c.certificate_ok)
                    .map(|c| c.certificate.clone().unwrap())
                    .collect();
                assert_eq!(rep.block.record, Certificate::digest_all(&certs));
                for c in &rep.committees {
                    // The vote follows the seats, and every majority certifies.
                    assert_eq!(c.verdict, Verdict::decide(c.seats - c.attacker_seats, c.attacker_seats));
                    assert_eq!(c.certificate_ok, matches!(c.verdict, Verdict::True | Verdict::Forged));
                }
                let rec = RoundRecord::new(&rep, &inst, 0.2, "t", "protocol/round-robin", 9, Threshold::HALF);
                assert_eq!(
                    rec.committees_true + rec.committees_forged + rec.committees_tie + rec.committees_empty,
                    4
                );
                assert!(rec.speedup > 0.0 && rec.round_s >= rec.execution_s);
            }
            // Every profit is paid or counted.
            let paid: u128 = proto.ledger().profit.iter().sum::<u128>() + proto.ledger().undistributed;
            assert_eq!(paid, 3 * inst.total_profit());
        }
    }

    #[test]
    fn bad_configurations_are_errors() {
        let pop = Population::new(&PopulationConfig::new(3, 0.0, 0), 1).unwrap();
        assert_eq!(
            Protocol::new(pop.clone(), RoundConfig::new(5, 4, Variant::Slots), 0).err(),
            Some(ProtocolError::PoolTooSmall { l: 4, m: 5 })
        );
        assert_eq!(
            Protocol::new(pop.clone(), RoundConfig::new(0, 4, Variant::Slots), 0).err(),
            Some(ProtocolError::ZeroCommittees)
        );
        let mut proto = Protocol::new(pop, RoundConfig::new(2, 4, Variant::Slots), 0).unwrap();
        let inst = instance(3);
        assert!(matches!(
            proto.run_round(&inst, &RoundRobin, &RunSpec::new(3, Target::Workload)),
            Err(ProtocolError::PartitionShape { got: 3, m: 2 })
        ));
        // m > n: the Partition step fails and nothing is mined.
        let mut proto = Protocol::new(
            Population::new(&PopulationConfig::new(3, 0.0, 0), 1).unwrap(),
            RoundConfig::new(4, 8, Variant::Slots),
            0,
        )
        .unwrap();
        let before = proto.chain().blocks().len();
        assert!(matches!(
            proto.run_round(&inst, &RoundRobin, &RunSpec::new(4, Target::Workload)),
            Err(ProtocolError::Partition(_))
        ));
        assert_eq!(proto.chain().blocks().len(), before);
    }
}
