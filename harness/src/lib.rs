//! # fairshard-harness
//!
//! The domain core of fairshard, after Gao et al., *Scalable Blockchain Based Smart Contract
//! Execution* (ICPADS 2017): contracts with workload and rate ([`Task`]), instances, partitions
//! into m subsets, the paper's fairness measures gamma1 (1a) and gamma2 (1b) ([`Fairness`]),
//! the [`Partitioner`] trait every solver implements, the one clock that measures every run
//! ([`measure()`]), the flat [`RunRecord`] that experiments write, and seed derivation.
//!
//! Dependencies point inward: solvers, datasets and experiments depend on this crate; it
//! depends on none of them and on no solver backend.

pub mod fairness;
pub mod measure;
pub mod model;
pub mod partition;
pub mod protocol;
pub mod record;
pub mod seed;
pub mod solver;
pub mod spec;

/// The optimisation level this crate was compiled at (cargo's `OPT_LEVEL`): the protocol
/// round and the clock of every solver run are timed in this code.
pub const OPT_LEVEL: &str = env!("FAIRSHARD_HARNESS_OPT_LEVEL");

pub use fairness::{Degenerate, Fairness, Gamma, Ratio, Spread, makespan_excess};
pub use measure::{CAP_TOLERANCE, Measured, measure, measure_nested};
pub use model::{Instance, InstanceError, Task};
pub use partition::{Loads, Partition, PartitionError};
pub use record::{RunMeta, RunRecord};
pub use seed::derive_seed;
pub use solver::{
    Deferred, Effective, Partitioner, Prepared, Proof, SolveContext, SolveError, SolveOutcome, SolverInfo, Stats,
    Status, WarmStart,
};
pub use spec::{Caps, MAX_TIME_LIMIT, RunSpec, SpecError, Target, time_limit_from_secs};
