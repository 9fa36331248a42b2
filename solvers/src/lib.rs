//! # fairshard-solvers
//!
//! Every [`Partitioner`](fairshard_harness::Partitioner) of fairshard, found by id through the
//! [`registry`]: heuristics and exact searches (always compiled) and ILP backends (each behind
//! a cargo feature; asking for one that is compiled out is a clear "rebuild with --features
//! ..." error).
//!
//! The modules form layers, each importing only from the layers before it in this list
//! (`tests/architecture.rs` enforces it):
//!
//! [`util`] -> [`entry`] -> [`milp`] -> [`bounds`] -> [`heuristics`] -> [`exact`] ->
//! [`hybrid`] -> [`external`] -> [`registry`] -> [`pareto`].
//!
//! Invariant: nothing outside this crate names a backend type; experiments and the CLI use ids.

pub mod util;

pub mod entry;

pub mod milp;

pub mod bounds;

pub mod heuristics;

pub mod exact;

pub mod hybrid;

pub mod external;

pub mod registry;

pub mod pareto;

pub use registry::{Entry, RegistryError, entries, get};

/// How this crate was built, as timings depend on it: the cargo profile (`debug` is the dev
/// profile, whose `fairshard-solvers` is optimised at the level shown), the optimisation level
/// of the solvers, and the compiler.
pub const BUILD: &str = concat!(
    "cargo profile ",
    env!("FAIRSHARD_PROFILE"),
    ", fairshard-solvers at opt-level ",
    env!("FAIRSHARD_SOLVERS_OPT_LEVEL"),
    ", ",
    env!("FAIRSHARD_RUSTC")
);
