//! The protocol round's experiments (Algorithm 1, Theorems 2-4), run through the harness's
//! protocol API ([`fairshard_harness::protocol`]) and the solver registry.
//!
//! Unlike the solver sweeps, these produce their own rows (one CSV each, `ID.csv`, with a
//! Parquet copy at the end) through [`crate::Experiment::write_data`]: they have no
//! [`crate::Point`]s, so they are never sharded, and every session (each shard, a resumed run,
//! `fairshard merge`) recomputes them. That is cheap (seconds in quick mode, under two minutes
//! in full mode) and, since every draw is seeded by [`fairshard_harness::derive_seed`] from
//! the master seed, gives the same rows each time, except the measured partition and
//! assignment times of [`speedup`] (and so its round time, speedup and efficiency), which
//! are measured again by each session.
//!
//! - [`speedup`]: speedup and efficiency of whole rounds against serial execution, vs m;
//! - [`capture`]: P(an attacker with lambda of the hash power holds >= (1 + eps) lambda of a
//!   committee) vs committee size: exact tails, Theorem 3's Chernoff bound, Monte Carlo;
//! - [`committees`]: committee sizes of RandomAssign's `slots` vs `permutation` variants;
//! - [`fairness`]: long-term shares of seats, workload and profit vs hash power (Theorem 4).

pub mod capture;
pub mod committees;
pub mod fairness;
pub mod speedup;

use crate::store::StoreError;
use std::path::Path;

/// Writes `rows` as the CSV `dir/file` (header first), through a temporary file renamed into
/// place, so that a killed session never leaves half a file. Returns the file name.
pub(crate) fn write_rows<T: serde::Serialize>(dir: &Path, file: &str, rows: &[T]) -> Result<String, StoreError> {
    let path = dir.join(file);
    let tmp = dir.join(format!(".{file}.tmp"));
    {
        let mut w = csv::Writer::from_path(&tmp).map_err(|e| StoreError::Csv {
            path: tmp.clone(),
            source: e,
        })?;
        for r in rows {
            w.serialize(r).map_err(|e| StoreError::Csv {
                path: tmp.clone(),
                source: e,
            })?;
        }
        w.flush().map_err(|e| StoreError::io(&tmp, e))?;
    }
    std::fs::rename(&tmp, &path).map_err(|e| StoreError::io(&path, e))?;
    Ok(file.to_owned())
}

/// `x` as a seed coordinate (shortest round-trip form).
pub(crate) fn coord(x: impl std::fmt::Display) -> String {
    x.to_string()
}
