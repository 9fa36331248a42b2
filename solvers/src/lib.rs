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

/// How the timed code was built, as timings depend on it: the cargo profile (`debug` is the
/// dev profile, which optimises the timed crates and libraries: see `[profile.dev.package]` in
/// the workspace's Cargo.toml), the optimisation levels of this crate (the solvers) and of
/// `fairshard-harness` (the clock and the protocol round), and the compiler.
pub fn build() -> String {
    format!(
        "cargo profile {}, fairshard-solvers at opt-level {}, fairshard-harness at opt-level {}, {}",
        env!("FAIRSHARD_PROFILE"),
        env!("FAIRSHARD_SOLVERS_OPT_LEVEL"),
        fairshard_harness::OPT_LEVEL,
        env!("FAIRSHARD_RUSTC")
    )
}
