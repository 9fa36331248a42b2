//! The solver benchmark's building blocks: named, versioned instance suites ([`suites`]),
//! their export as CSV files with an index so other tools run exactly the same data
//! ([`export`]), and the statistics that compare solvers over a suite ([`stats`]: shifted
//! geometric means, performance profiles, the virtual best solver, wins/ties/losses).
//!
//! [`sweep`] runs a suite as an experiment (`fairshard bench`): rows in `bench.csv`, then the
//! statistics tables, the profiles and the cross-solver checks computed from them.
//!
//! Suites and statistics are independent of how runs are executed and stored: a suite is a
//! deterministic list of instances (spec, m, target, caps) with content hashes, and the
//! statistics are pure functions of per-instance measures.

pub mod cells;
pub mod export;
pub mod published;
pub mod stats;
pub mod suites;
pub mod sweep;

pub use export::{ExportError, ExportSummary, IndexRow, export_suite};
pub use suites::{BenchInstance, BenchTarget, Class, Suite, SuiteError, content_hash, csv_text, find, suites};
pub use sweep::{Bench, Summary, summarise_rows};
