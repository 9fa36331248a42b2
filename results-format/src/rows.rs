//! Rows of a results folder's CSV files: reading and writing any serde row type, the
//! harness's [`RunRecord`] rows, and [`Fig1Row`], the schema of Fig. 1's data file.
//!
//! Whole files are written through a temporary file beside the target, renamed into place,
//! so that a killed session never leaves half a file. (Appending a sweep's rows one by one is
//! the runner's job, in `fairshard-experiments`.)

use crate::error::FileError;
use fairshard_harness::RunRecord;
use serde::de::DeserializeOwned;
use serde::{Deserialize, Serialize};
use std::io::Write;
use std::path::{Path, PathBuf};

/// One contract of Fig. 1's data file (`fig1.csv`): the dataset raw and normalised, the
/// first 20 marked (the n = 20 instance of Fig. 2b). Column names are the field names.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fig1Row {
    /// Index in the dataset.
    pub index: usize,
    /// Gas used.
    pub gas_used: u64,
    /// Gas price (wei).
    pub gas_price_wei: u64,
    /// Normalised workload (1..=1000).
    pub workload_norm: u64,
    /// Normalised rate (1..=1000).
    pub rate_norm: u64,
    /// One of the first 20 (the n = 20 instance)?
    pub in_first20: bool,
}

/// One dataset of Figs. 2-3 (`data.csv`): what it is made of, so that a reader can see why
/// its fronts and min-gamma curves look as they do. Spreads are max/min over the tasks.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct DatasetRow {
    /// Dataset spec, as in the run rows.
    pub dataset: String,
    /// Which experiments use it, `;`-separated (`fig2a;fig3a;fig3b`).
    pub used_by: String,
    /// Number of contracts.
    pub n: usize,
    /// Distinct workloads (gas).
    pub distinct_workloads: usize,
    /// Distinct rates (gas prices).
    pub distinct_rates: usize,
    /// Distinct (workload, rate) pairs: the value classes of a capped search.
    pub distinct_pairs: usize,
    /// Distinct profits (workload x rate).
    pub distinct_profits: usize,
    /// Largest over smallest workload.
    pub workload_spread: f64,
    /// Largest over smallest rate.
    pub rate_spread: f64,
    /// Largest over smallest profit.
    pub profit_spread: f64,
}

/// Every row of the CSV at `path` as `T`, in file order.
pub fn read_rows<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, FileError> {
    let mut reader = csv::Reader::from_path(path).map_err(|e| FileError::csv(path, e))?;
    reader
        .deserialize()
        .collect::<Result<Vec<T>, _>>()
        .map_err(|e| FileError::csv(path, e))
}

/// Every row of the CSV at `path` as `T`, or none when the file is absent (an experiment
/// that was not run).
pub fn read_rows_if_present<T: DeserializeOwned>(path: &Path) -> Result<Vec<T>, FileError> {
    if !path.exists() {
        return Ok(Vec::new());
    }
    read_rows(path)
}

/// Writes `rows` as the CSV at `path` (header first; an empty file for no rows), replacing
/// it whole.
pub fn write_rows<T: Serialize>(path: &Path, rows: &[T]) -> Result<(), FileError> {
    let tmp = temporary(path);
    {
        let mut w = csv::Writer::from_path(&tmp).map_err(|e| FileError::csv(&tmp, e))?;
        for r in rows {
            w.serialize(r).map_err(|e| FileError::csv(&tmp, e))?;
        }
        w.flush().map_err(|e| FileError::io(&tmp, e))?;
    }
    std::fs::rename(&tmp, path).map_err(|e| FileError::io(path, e))
}

/// Every [`RunRecord`] of a solver sweep's file, in file order.
pub fn read_records(path: &Path) -> Result<Vec<RunRecord>, FileError> {
    read_rows(path)
}

/// Writes `records` as a solver sweep's file at `path`, replacing it whole.
pub fn write_records(path: &Path, records: &[RunRecord]) -> Result<(), FileError> {
    write_rows(path, records)
}

/// Writes `text` as the file at `path`, replacing it whole.
pub fn write_text(path: &Path, text: &str) -> Result<(), FileError> {
    let tmp = temporary(path);
    std::fs::File::create(&tmp)
        .and_then(|mut f| f.write_all(text.as_bytes()))
        .map_err(|e| FileError::io(&tmp, e))?;
    std::fs::rename(&tmp, path).map_err(|e| FileError::io(path, e))
}

/// `.NAME.tmp` beside `path`: on the same file system, so the rename is atomic.
fn temporary(path: &Path) -> PathBuf {
    let name = path
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    path.with_file_name(format!(".{name}.tmp"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn row(index: usize) -> Fig1Row {
        Fig1Row {
            index,
            gas_used: 21_000 + index as u64,
            gas_price_wei: 20_000_000_000,
            workload_norm: 1,
            rate_norm: 1000,
            in_first20: index < 20,
        }
    }

    #[test]
    fn fig1_rows_round_trip_with_the_published_columns() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fig1.csv");
        let rows: Vec<Fig1Row> = (0..25).map(row).collect();
        write_rows(&path, &rows).unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        let mut lines = text.lines();
        assert_eq!(
            lines.next(),
            Some("index,gas_used,gas_price_wei,workload_norm,rate_norm,in_first20")
        );
        assert_eq!(lines.next(), Some("0,21000,20000000000,1,1000,true"));
        assert_eq!(read_rows::<Fig1Row>(&path).unwrap(), rows);
        assert!(!dir.path().join(".fig1.csv.tmp").exists());
    }

    #[test]
    fn an_absent_file_is_no_rows_only_when_asked() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fig2a.csv");
        assert!(read_rows_if_present::<RunRecord>(&path).unwrap().is_empty());
        let err = read_records(&path).unwrap_err();
        assert_eq!(err.path(), path);
    }

    #[test]
    fn a_row_that_does_not_parse_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("fig1.csv");
        write_text(&path, "index,gas_used\nx,1\n").unwrap();
        let err = read_rows::<Fig1Row>(&path).unwrap_err();
        assert!(matches!(err, FileError::Csv { .. }));
        assert_eq!(err.path(), path);
    }
}
