//! # fairshard-solvers
//!
//! Every [`Partitioner`](fairshard_harness::Partitioner) of fairshard, found by id through the
//! [`registry`]: heuristics (always compiled) and ILP backends (each behind a cargo feature;
//! asking for one that is compiled out is a clear "rebuild with --features ..." error).
//!
//! Invariant: nothing outside this crate names a backend type; experiments and the CLI use ids.

pub mod bounds;
pub mod heuristics;
pub mod ilp;
pub mod pareto;
pub mod registry;

pub use registry::{Entry, RegistryError, entries, get};
