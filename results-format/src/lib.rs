//! # fairshard-results
//!
//! The one home of a results folder's layout, shared by the crate that writes it
//! (`fairshard-experiments`) and the crate that reads it (`fairshard-reports`):
//!
//! - [`files`]: every file name in a results folder ([`files::Folder`] builds their paths);
//! - [`rows`]: reading and writing CSV rows (the harness's [`fairshard_harness::RunRecord`],
//!   the protocol rows, and [`Fig1Row`] and [`DatasetRow`], whose schemas are defined here once);
//! - [`bench`]: the benchmark's index, statistics, profiles and checks (row types);
//! - [`manifest`]: the typed `manifest.json` ([`Manifest`]);
//! - [`FileError`]: the one error of a result file, naming its path.
//!
//! Invariants: a file name is spelt only in [`files`]; a row schema is one serde type used by
//! both sides; reading a file written by an older build of the same schema succeeds (new
//! manifest fields carry `#[serde(default)]`). This crate runs no solver and draws nothing.

pub mod bench;
pub mod error;
pub mod files;
pub mod manifest;
pub mod rows;

pub use error::FileError;
pub use files::Folder;
pub use manifest::{Machine, Manifest, Session, SolverEntry};
pub use rows::{
    DatasetRow, Fig1Row, read_records, read_rows, read_rows_if_present, write_records, write_rows, write_text,
};
