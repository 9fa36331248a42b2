//! A solver sweep's result file (`ID.csv`, one [`RunRecord`] row per run), appended row by row
//! and flushed as each run finishes, so that a killed sweep keeps every finished row and can
//! resume. Whole-file reading and writing, file names and the error live in
//! [`fairshard_results`].

use crate::point::record_key;
use fairshard_harness::RunRecord;
use fairshard_results::{FileError, read_records};
use std::collections::HashSet;
use std::fs::{File, OpenOptions};
use std::io::Read;
use std::path::{Path, PathBuf};

/// An experiment's result file, open for appending, with the keys of the rows it holds.
pub struct ResultFile {
    path: PathBuf,
    writer: csv::Writer<File>,
    keys: HashSet<String>,
    rows: usize,
}

impl ResultFile {
    /// Opens (or creates) the result file at `path`. A last line cut short by a kill is
    /// dropped, so that the file holds whole rows only; the keys of the rows it holds are
    /// loaded so the sweep can skip them.
    pub fn open(path: &Path) -> Result<Self, FileError> {
        let mut text = String::new();
        if path.exists() {
            File::open(path)
                .and_then(|mut f| f.read_to_string(&mut text))
                .map_err(|e| FileError::io(path, e))?;
        }
        let whole = text.rfind('\n').map_or(0, |i| i + 1);
        if whole < text.len() {
            // A torn row (or header): keep the whole lines before it.
            let f = OpenOptions::new()
                .write(true)
                .open(path)
                .map_err(|e| FileError::io(path, e))?;
            f.set_len(whole as u64).map_err(|e| FileError::io(path, e))?;
            text.truncate(whole);
        }
        let mut keys = HashSet::new();
        let mut rows = 0;
        if !text.is_empty() {
            for r in read_records(path)? {
                keys.insert(record_key(&r));
                rows += 1;
            }
        }
        let file = OpenOptions::new()
            .create(true)
            .append(true)
            .open(path)
            .map_err(|e| FileError::io(path, e))?;
        let writer = csv::WriterBuilder::new().has_headers(text.is_empty()).from_writer(file);
        Ok(ResultFile {
            path: path.to_owned(),
            writer,
            keys,
            rows,
        })
    }

    /// Does the file hold the row with `key`?
    pub fn contains(&self, key: &str) -> bool {
        self.keys.contains(key)
    }

    /// Rows in the file.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// The file's path.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Appends one row and flushes it to the file.
    pub fn append(&mut self, record: &RunRecord) -> Result<(), FileError> {
        self.writer
            .serialize(record)
            .map_err(|e| FileError::csv(&self.path, e))?;
        self.writer.flush().map_err(|e| FileError::io(&self.path, e))?;
        self.keys.insert(record_key(record));
        self.rows += 1;
        Ok(())
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use fairshard_harness::{Instance, RunMeta, RunSpec, Target, Task, measure};

    /// A real record: `heur/lpt` on a small instance, with caps so the cap columns are filled.
    pub(crate) fn record(repetition: u32) -> RunRecord {
        let inst = Instance::new("t", vec![Task::new(3, 1), Task::new(2, 5), Task::new(2, 2)]).unwrap();
        let spec = RunSpec::new(2, Target::Workload)
            .with_caps(None, Some(100.0))
            .with_seed(u64::MAX - 7);
        let solver = fairshard_solvers::get("heur/lpt").unwrap();
        let run = measure(solver.as_ref(), &inst, &spec);
        let meta = RunMeta {
            experiment: "test".into(),
            dataset: "t".into(),
            repetition,
        };
        RunRecord::new(&meta, solver.id(), &inst, &spec, &run)
    }

    #[test]
    fn rows_round_trip_and_survive_a_torn_last_line() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("test.csv");
        let mut f = ResultFile::open(&path).unwrap();
        f.append(&record(0)).unwrap();
        f.append(&record(1)).unwrap();
        drop(f);
        let back = read_records(&path).unwrap();
        assert_eq!(back.len(), 2);
        let mut want = record(1);
        (want.build_s, want.solve_s) = (back[1].build_s, back[1].solve_s);
        assert_eq!(back[1], want, "a row reads back as written (timings aside)");
        assert_eq!(back[1].gamma2_cap, Some(100.0));
        // Cut the last row in half, as a kill during a write would.
        let text = std::fs::read_to_string(&path).unwrap();
        std::fs::write(&path, &text[..text.len() - 10]).unwrap();
        let mut f = ResultFile::open(&path).unwrap();
        assert_eq!(f.rows(), 1);
        assert!(f.contains(&record_key(&record(0))));
        assert!(!f.contains(&record_key(&record(1))));
        f.append(&record(1)).unwrap();
        drop(f);
        let back = read_records(&path).unwrap();
        assert_eq!(back.len(), 2);
        assert_eq!(back[1].repetition, 1);
    }
}
