//! Writes a suite as files other tools can run: one CSV per distinct dataset (the canonical
//! [`csv_text`], so `sha256sum` of the file is the instance's content hash) and `index.csv`,
//! one [`IndexRow`] per instance (file, spec, n, m, target, caps, hash, suite id), in the
//! suite's expansion order. Instances that share data (one spec at several targets) share
//! one data file.

use super::suites::{Suite, SuiteError, content_hash, csv_text, open_spec};
use fairshard_results::{FileError, read_rows, write_rows};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use thiserror::Error;

/// The name of the index file in an export folder.
pub const INDEX_FILE: &str = "index.csv";

/// One line of `index.csv`: everything needed to run one instance of the suite.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct IndexRow {
    /// The suite's versioned id, e.g. `hard@2`.
    pub suite: String,
    /// The instance's id within the suite ([`super::BenchInstance::id`]).
    pub id: String,
    /// The class name.
    pub class: String,
    /// The data file, relative to the index.
    pub file: String,
    /// The dataset spec it was generated from ([`fairshard_datasets::open`]).
    pub spec: String,
    /// The generator seed (empty for fixed data).
    pub seed: Option<u64>,
    /// Number of tasks.
    pub n: usize,
    /// Number of subsets.
    pub m: usize,
    /// What to minimise: workload, profit or balanced.
    pub target: String,
    /// Cap on gamma1 (empty: none).
    pub gamma1_cap: Option<f64>,
    /// Cap on gamma2 (empty: none).
    pub gamma2_cap: Option<f64>,
    /// SHA-256 of the data file ([`super::content_hash`]).
    pub sha256: String,
}

impl IndexRow {
    /// The index line of instance `i`, whose data is `file` with content hash `sha256`.
    pub fn of(i: &super::BenchInstance, file: String, sha256: String) -> IndexRow {
        IndexRow {
            suite: i.suite.clone(),
            id: i.id(),
            class: i.class.to_owned(),
            file,
            spec: i.spec.clone(),
            seed: i.seed,
            n: i.n,
            m: i.m,
            target: i.target.target.as_str().to_owned(),
            gamma1_cap: i.target.caps.gamma1,
            gamma2_cap: i.target.caps.gamma2,
            sha256,
        }
    }
}

/// What an export wrote.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ExportSummary {
    /// Instances in the index.
    pub instances: usize,
    /// Data files written.
    pub files: usize,
    /// The index file.
    pub index: PathBuf,
}

/// Why an export failed.
#[derive(Debug, Error)]
pub enum ExportError {
    /// An instance did not open.
    #[error(transparent)]
    Suite(#[from] SuiteError),
    /// Writing a data file or the index, or reading the index, failed (naming the file).
    #[error(transparent)]
    File(#[from] FileError),
    /// Two specs map to the same file name (a naming bug, never silently overwritten).
    #[error("specs `{a}` and `{b}` would both be written to {file}")]
    Collision {
        /// The file name.
        file: String,
        /// One spec.
        a: String,
        /// The other.
        b: String,
    },
}

/// The data file name of a spec: the spec with `:` `,` `[` `]` as `_`, `=` as `-`, `@` as `.`,
/// `/` as `%`, then `.csv` (e.g. `uniform_n-40_seed-3_bits-48.csv`, `dao100_20_.norm.csv`).
pub fn file_name(spec: &str) -> String {
    let s: String = spec
        .chars()
        .map(|c| match c {
            ':' | ',' | '[' | ']' => '_',
            '=' => '-',
            '@' => '.',
            '/' | '\\' => '%',
            c => c,
        })
        .collect();
    format!("{s}.csv")
}

/// Writes every instance of `suite` into `dir` (created if missing): the data files and
/// [`INDEX_FILE`]. Existing files of the same names are overwritten.
pub fn export_suite(suite: &Suite, dir: &Path) -> Result<ExportSummary, ExportError> {
    std::fs::create_dir_all(dir).map_err(|e| FileError::io(dir, e))?;
    // spec -> (file, hash); file -> spec, to refuse collisions.
    let mut written: BTreeMap<String, (String, String)> = BTreeMap::new();
    let mut owners: BTreeMap<String, String> = BTreeMap::new();
    for spec in suite.specs() {
        let file = file_name(&spec);
        if let Some(other) = owners.insert(file.clone(), spec.clone()) {
            return Err(ExportError::Collision {
                file,
                a: other,
                b: spec,
            });
        }
        let inst = open_spec(&spec)?;
        let text = csv_text(&inst);
        let path = dir.join(&file);
        std::fs::write(&path, &text).map_err(|e| FileError::io(&path, e))?;
        written.insert(spec, (file, content_hash(&inst)));
    }
    let index = dir.join(INDEX_FILE);
    let instances = suite.instances();
    let mut rows = Vec::with_capacity(instances.len());
    for i in &instances {
        let (file, sha256) = &written[&i.spec];
        rows.push(IndexRow::of(i, file.clone(), sha256.clone()));
    }
    write_rows(&index, &rows)?;
    Ok(ExportSummary {
        instances: instances.len(),
        files: written.len(),
        index,
    })
}

/// Reads an export's index back.
pub fn read_index(dir: &Path) -> Result<Vec<IndexRow>, ExportError> {
    Ok(read_rows(&dir.join(INDEX_FILE))?)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::suites::{find, suites};
    use fairshard_datasets::{CsvOptions, load_path};
    use std::collections::BTreeSet;

    /// The export reads back through the datasets' CSV loader as the same tasks, every file's
    /// SHA-256 is the index's, and the index lists the suite's instances in order.
    #[test]
    fn export_writes_loadable_csvs_and_the_index() {
        let suite = find("smoke").unwrap();
        let dir = tempfile::tempdir().unwrap();
        let summary = export_suite(&suite, dir.path()).unwrap();
        let instances = suite.instances();
        assert_eq!(summary.instances, instances.len());
        assert_eq!(summary.files, suite.specs().len());
        let index = read_index(dir.path()).unwrap();
        assert_eq!(index.len(), instances.len());
        for (row, inst) in index.iter().zip(&instances) {
            assert_eq!(row.suite, "smoke@1");
            assert_eq!(row.id, inst.id());
            assert_eq!((row.spec.as_str(), row.n, row.m), (inst.spec.as_str(), inst.n, inst.m));
            assert_eq!(row.target, inst.target.target.as_str());
            assert_eq!(
                (row.gamma1_cap, row.gamma2_cap),
                (inst.target.caps.gamma1, inst.target.caps.gamma2)
            );
            assert_eq!(row.seed, inst.seed);
            let path = dir.path().join(&row.file);
            let loaded = load_path(&path, &CsvOptions::default()).unwrap();
            let original = inst.open().unwrap();
            assert_eq!(loaded.tasks(), original.tasks(), "{}", row.file);
            assert_eq!(row.sha256, content_hash(&original));
            let bytes = std::fs::read(&path).unwrap();
            assert_eq!(row.sha256, content_hash(&loaded));
            assert_eq!(String::from_utf8(bytes).unwrap(), csv_text(&original));
        }
        // The capped target's cap survives the index.
        assert!(index.iter().any(|r| r.gamma1_cap == Some(1.1) && r.target == "profit"));
        // Exporting again overwrites with the same bytes.
        let before = std::fs::read(dir.path().join(INDEX_FILE)).unwrap();
        export_suite(&suite, dir.path()).unwrap();
        assert_eq!(std::fs::read(dir.path().join(INDEX_FILE)).unwrap(), before);
    }

    #[test]
    fn data_file_names_are_unique_and_stay_in_the_folder() {
        assert_eq!(
            file_name("uniform:n=40,seed=3,bits=48"),
            "uniform_n-40_seed-3_bits-48.csv"
        );
        assert_eq!(file_name("dao-may2016[:20]"), "dao-may2016__20_.csv");
        assert_eq!(file_name("dao100@norm"), "dao100.norm.csv");
        for s in suites() {
            let specs = s.specs();
            let files: BTreeSet<String> = specs.iter().map(|s| file_name(s)).collect();
            assert_eq!(files.len(), specs.len(), "{}", s.id());
            assert!(files.iter().all(|f| !f.contains('/') && !f.contains(':')));
        }
    }
}
