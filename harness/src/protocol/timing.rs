//! The time model of a round, against serial execution (the paper's speedup claim).
//!
//! Stated once, here, and configurable ([`TimeModel`]):
//!
//! - execution: a node executes gas at `gas_per_second`; committee c needs
//!   `W_c / gas_per_second` for its subset's workload W_c, and committees run in parallel, so
//!   the execution phase lasts `max_c W_c / gas_per_second` (the slowest committee);
//! - consensus: `consensus_rounds` message rounds (collect the members' signatures, broadcast
//!   the aggregate) of `message_latency_s` each;
//! - partitioning and assignment: measured wall time of the Partition step (build + solve, by
//!   [`crate::measure()`]) and of RandomAssign;
//! - the block interval is the same with and without sharding, so it is reported but left out
//!   of both sides.
//!
//! Round time = partition + assign + execution + consensus. Serial baseline: every node
//! executes all n contracts, `sum_j w_j / gas_per_second`. Speedup = serial / round,
//! efficiency = speedup / m.

use super::{ProtocolError, check_nonneg};

/// The parameters of the time model.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct TimeModel {
    /// Gas a node executes per second.
    pub gas_per_second: f64,
    /// One-way message latency between committee members (s).
    pub message_latency_s: f64,
    /// Message rounds of a committee's consensus.
    pub consensus_rounds: u32,
    /// Mean block interval (s): the chain's simulated timestamps; not part of the round time.
    pub block_interval_s: f64,
}

impl Default for TimeModel {
    /// 20 Mgas/s per node, 100 ms latency, 2 message rounds, 15 s blocks (Ethereum 2016).
    fn default() -> Self {
        Self {
            gas_per_second: 2.0e7,
            message_latency_s: 0.1,
            consensus_rounds: 2,
            block_interval_s: 15.0,
        }
    }
}

/// The time of one round under a [`TimeModel`], with its shares.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct RoundTiming {
    /// Partition step, measured (s).
    pub partition_s: f64,
    /// RandomAssign, measured (s).
    pub assign_s: f64,
    /// Execution phase: the slowest committee (s).
    pub execution_s: f64,
    /// Consensus (s).
    pub consensus_s: f64,
    /// partition + assign + execution + consensus (s).
    pub round_s: f64,
    /// Every node executes all n contracts (s).
    pub serial_s: f64,
    /// serial / round.
    pub speedup: f64,
    /// speedup / m.
    pub efficiency: f64,
}

impl RoundTiming {
    /// Share of the round spent partitioning.
    pub fn share_partition(&self) -> f64 {
        self.partition_s / self.round_s
    }
    /// Share of the round spent in consensus.
    pub fn share_consensus(&self) -> f64 {
        self.consensus_s / self.round_s
    }
    /// Share of the round spent executing.
    pub fn share_execution(&self) -> f64 {
        self.execution_s / self.round_s
    }
}

impl TimeModel {
    /// Checks every parameter (speed and interval > 0, latency >= 0).
    pub fn validate(&self) -> Result<(), ProtocolError> {
        check_nonneg("gas_per_second", self.gas_per_second, true)?;
        check_nonneg("message_latency_s", self.message_latency_s, false)?;
        check_nonneg("block_interval_s", self.block_interval_s, true)?;
        Ok(())
    }

    /// Seconds to execute `gas` on one node.
    pub fn execution_s(&self, gas: u128) -> f64 {
        gas as f64 / self.gas_per_second
    }

    /// Seconds of a committee's consensus.
    pub fn consensus_s(&self) -> f64 {
        f64::from(self.consensus_rounds) * self.message_latency_s
    }

    /// The round's timing from measured partition and assignment times and each committee's
    /// workload (one entry per committee, m = its length).
    pub fn round(&self, partition_s: f64, assign_s: f64, committee_workloads: &[u128]) -> RoundTiming {
        let total: u128 = committee_workloads.iter().sum();
        let execution_s = self.execution_s(committee_workloads.iter().copied().max().unwrap_or(0));
        let consensus_s = self.consensus_s();
        let round_s = partition_s + assign_s + execution_s + consensus_s;
        let serial_s = self.execution_s(total);
        let speedup = if round_s > 0.0 {
            serial_s / round_s
        } else {
            f64::INFINITY
        };
        RoundTiming {
            partition_s,
            assign_s,
            execution_s,
            consensus_s,
            round_s,
            serial_s,
            speedup,
            efficiency: speedup / committee_workloads.len().max(1) as f64,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_balanced_round_is_m_times_faster_without_overheads() {
        let free = TimeModel {
            gas_per_second: 1e6,
            message_latency_s: 0.0,
            consensus_rounds: 2,
            block_interval_s: 15.0,
        };
        let t = free.round(0.0, 0.0, &[2_000_000; 8]);
        assert_eq!((t.serial_s, t.execution_s), (16.0, 2.0));
        assert_eq!((t.speedup, t.efficiency), (8.0, 1.0));
        // The slowest committee bounds the round; overheads add up.
        let slow = TimeModel {
            message_latency_s: 0.25,
            ..free
        };
        let t = slow.round(0.5, 0.0, &[1_000_000, 3_000_000]);
        assert_eq!(t.round_s, 0.5 + 3.0 + 0.5);
        assert_eq!(t.speedup, 1.0);
        assert!((t.share_partition() + t.share_consensus() + t.share_execution() - 1.0).abs() < 1e-12);
        assert!(
            TimeModel {
                gas_per_second: 0.0,
                ..free
            }
            .validate()
            .is_err()
        );
        assert!(
            TimeModel {
                message_latency_s: f64::NAN,
                ..free
            }
            .validate()
            .is_err()
        );
    }
}
