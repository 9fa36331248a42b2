//! The protocol round of Algorithm 1 (Gao et al., ICPADS 2017), one module per step.
//!
//! A round takes the n contracts waiting for a block and the l pseudonyms that mined the last l
//! proof-of-work blocks, and:
//!
//! 1. [`chain`]: the simulated PoW chain. Each block's miner is drawn in proportion to hash
//!    power among users (honest users and one attacker holding a fraction lambda); users own
//!    one or more pseudonyms, each a real BLS public key. U = the miners of the last l blocks,
//!    one copy per block mined.
//! 2. [`randomness`]: the round's random number, extracted with HMAC-SHA256 from the last
//!    blocks' nonces and timestamps, and the AES key and IV derived from it with HMAC.
//! 3. Partition: any [`crate::Partitioner`], run through [`crate::measure()`] (the harness never
//!    depends on a solver crate; the caller passes the partitioner).
//! 4. [`assign`] (RandomAssign): AES-CBC of each zero-padded public key, mapped to one of m
//!    committees, in the paper's literal `slots` variant or Theorem 2's `permutation` variant;
//!    a verifier recomputes an assignment from public data.
//! 5. [`execute`] (Execute): each committee runs its subset, members BLS-sign the result
//!    digest, the majority decides, its signatures are aggregated into one multi-signature
//!    that the next block records after verification.
//! 6. [`rewards`]: each committee's profit split evenly among its seats; per-user ledgers for
//!    long-term fairness (Theorem 4).
//!
//! [`timing`] is the documented time model (speedup against serial execution), [`security`]
//! the analysis of Theorem 3 (exact tails, Chernoff bound, Monte Carlo with Wilson intervals)
//! and of the last-revealer attack, and [`round`] drives one whole round and produces its
//! [`RoundRecord`]. [`session`] is the one loop over rounds (a run, a sweep over m, long-term
//! fairness) that `fairshard round` and the protocol experiments share, with the seeds'
//! derivation; [`limits`] refuses up front a run that cannot fit in memory or time.

pub mod assign;
pub mod chain;
pub mod execute;
pub mod limits;
pub mod randomness;
pub mod rewards;
pub mod round;
pub mod rows;
pub mod security;
pub mod session;
pub mod timing;

pub use assign::{Assignment, Variant};
pub use chain::{Block, Chain, Population, PopulationConfig};
pub use execute::{Certificate, CommitteeOutcome, Verdict};
pub use randomness::{Beacon, CipherKey};
pub use rewards::{Ledger, LongTerm};
pub use round::{Protocol, RoundConfig, RoundRecord, RoundReport, RoundRobin, partition_step};
pub use rows::{CaptureRow, CommitteeRow, FairnessRow};
pub use security::Threshold;
pub use session::{Rounds, SeedPath, Session};
pub use timing::{RoundTiming, TimeModel};

use thiserror::Error;

/// Why a protocol step refuses its input. Every bad parameter is one of these, never a panic.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum ProtocolError {
    /// lambda must be in [0, 1).
    #[error("the attacker's hash power lambda must be in [0, 1) (got {0})")]
    BadLambda(f64),
    /// A population needs at least one honest user with at least one pseudonym.
    #[error("a population needs at least one honest user and one pseudonym per user")]
    NoHonestUsers,
    /// An attacker with hash power needs at least one pseudonym to mine with.
    #[error("an attacker with hash power lambda = {0} needs at least one pseudonym")]
    AttackerWithoutPseudonym(f64),
    /// A parameter that must be finite and non-negative (or positive) is not.
    #[error("{what} must be {expect} (got {value})")]
    BadParameter {
        /// The parameter.
        what: &'static str,
        /// What it must be.
        expect: &'static str,
        /// The value given.
        value: f64,
    },
    /// m = 0.
    #[error("m must be at least 1 committee")]
    ZeroCommittees,
    /// Fewer pool entries than committees: some committee would be empty by construction.
    #[error("l = {l} pseudonyms cannot fill m = {m} committees (need l >= m)")]
    PoolTooSmall {
        /// Pool size.
        l: usize,
        /// Committees.
        m: usize,
    },
    /// The chain is shorter than the window asked for.
    #[error("the chain has {have} blocks, {need} are needed")]
    ChainTooShort {
        /// Blocks on the chain.
        have: usize,
        /// Blocks needed.
        need: usize,
    },
    /// A pool entry names a pseudonym that does not exist.
    #[error("pool entry {position} names pseudonym {pseudonym}, but only {known} exist")]
    UnknownPseudonym {
        /// Position in the pool.
        position: usize,
        /// The pseudonym index.
        pseudonym: u32,
        /// Pseudonyms known.
        known: usize,
    },
    /// A failure threshold that is not a fraction in (0, 1].
    #[error("a failure threshold must be a fraction a/b with 0 < a <= b (got {0})")]
    BadThreshold(String),
    /// The Partition step failed (solver error or invalid partition).
    #[error("the Partition step failed: {0}")]
    Partition(String),
    /// The partition has a different number of subsets than committees.
    #[error("the partition has {got} subsets for {m} committees")]
    PartitionShape {
        /// Subsets in the partition.
        got: usize,
        /// Committees.
        m: usize,
    },
    /// A BLS operation failed (key generation, aggregation).
    #[error("BLS {0}")]
    Bls(String),
}

/// Checks `value` is finite and `>= 0` (or `> 0` when `positive`).
pub(crate) fn check_nonneg(what: &'static str, value: f64, positive: bool) -> Result<f64, ProtocolError> {
    let ok = value.is_finite() && if positive { value > 0.0 } else { value >= 0.0 };
    if ok {
        Ok(value)
    } else {
        Err(ProtocolError::BadParameter {
            what,
            expect: if positive { "finite and > 0" } else { "finite and >= 0" },
            value,
        })
    }
}
