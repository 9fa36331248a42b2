//! `manifest.json`: what made a results folder (configuration, solvers, and one session per
//! invocation: command, revision, features, machine, shard, times, rows added).
//!
//! Written by the runner and `fairshard merge` (`fairshard-experiments`, which also fills in
//! the sessions), read by the report. The JSON field names are the field names below; they are
//! part of the folder's format: a renamed field would no longer read older folders, so fields
//! are only ever added, with `#[serde(default)]`.

use crate::error::FileError;
use crate::files::Folder;
use crate::rows::write_text;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One solver as the binary that wrote the folder knew it.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolverEntry {
    /// Registry id.
    pub id: String,
    /// One line on the method.
    pub summary: String,
    /// Compiled into the binary that wrote the folder?
    pub available: bool,
    /// Cargo feature that brings it in, if any.
    pub feature: Option<String>,
    /// Version of the solvers crate that implements it (backend versions are pinned in
    /// the workspace's Cargo.toml at that revision).
    pub version: String,
}

/// The machine a session ran on.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Machine {
    /// Logical cores available to the process.
    pub cores: usize,
    /// Operating system (and its pretty name from /etc/os-release, where present).
    pub os: String,
    /// CPU model from /proc/cpuinfo, where present.
    pub cpu: Option<String>,
    /// Architecture.
    pub arch: String,
}

/// One invocation that wrote into the folder (a resumed sweep adds a session).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Session {
    /// The command line, as given.
    pub command: Vec<String>,
    /// Git revision of the sources the binary was built from (`git rev-parse HEAD` there),
    /// with `-dirty` when they had uncommitted changes; `None` without a git checkout.
    pub git_revision: Option<String>,
    /// fairshard's version.
    pub version: String,
    /// Cargo features enabled in the binary (those of compiled-in solvers).
    pub features: Vec<String>,
    /// The shard this session ran (`K/N`), or `1/1`.
    pub shard: String,
    /// The machine.
    pub machine: Machine,
    /// Start, UTC, RFC 3339.
    pub started: String,
    /// End, UTC, RFC 3339; `None` while running or if killed.
    pub finished: Option<String>,
    /// Rows this session added.
    pub rows_added: usize,
    /// How the binary was built (cargo profile, the solvers' optimisation level, rustc):
    /// what every measured time depends on.
    #[serde(default, skip_serializing_if = "String::is_empty")]
    pub build: String,
}

/// The manifest of a results folder.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Manifest {
    /// Master seed every run's seed is derived from.
    pub master_seed: u64,
    /// Quick (smaller) sweeps?
    pub quick: bool,
    /// Time limit per run (s).
    pub time_limit_s: Option<f64>,
    /// Solver ids of the front and min-gamma sweeps (Fig. 2, 3).
    pub front_solvers: Vec<String>,
    /// Solver ids of the comparison.
    pub compare_solvers: Vec<String>,
    /// The experiments run, by id.
    pub experiments: Vec<String>,
    /// Every solver the binary knows.
    pub solvers: Vec<SolverEntry>,
    /// Every session that wrote into the folder, oldest first.
    pub sessions: Vec<Session>,
    /// Folders merged into this one (by `fairshard merge`), if any.
    #[serde(default)]
    pub merged_from: Vec<String>,
    /// The benchmark suite run (`fairshard bench`), as `NAME@VERSION`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bench_suite: Option<String>,
    /// The suite's fingerprint (SHA-256 over every instance's id and content hash).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bench_fingerprint: Option<String>,
    /// The benchmark's solver ids.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub bench_solvers: Vec<String>,
}

impl Manifest {
    /// A manifest of the configuration (master seed, mode, time limit per run) that decides
    /// every row of a folder, with nothing else recorded yet.
    pub fn new(master_seed: u64, quick: bool, time_limit_s: Option<f64>) -> Self {
        Manifest {
            master_seed,
            quick,
            time_limit_s,
            front_solvers: Vec::new(),
            compare_solvers: Vec::new(),
            experiments: Vec::new(),
            solvers: Vec::new(),
            sessions: Vec::new(),
            merged_from: Vec::new(),
            bench_suite: None,
            bench_fingerprint: None,
            bench_solvers: Vec::new(),
        }
    }

    /// Reads the manifest of the results folder `dir`; an error naming `manifest.json` when it
    /// is absent (then `dir` is not a results folder).
    pub fn read(dir: &Path) -> Result<Manifest, FileError> {
        let path = Folder(dir).manifest();
        let text = std::fs::read_to_string(&path).map_err(|e| FileError::io(&path, e))?;
        serde_json::from_str(&text).map_err(|e| FileError::json(&path, e))
    }

    /// Reads the manifest of the results folder `dir`, if it has one.
    pub fn load(dir: &Path) -> Result<Option<Manifest>, FileError> {
        if !Folder(dir).manifest().exists() {
            return Ok(None);
        }
        Manifest::read(dir).map(Some)
    }

    /// The manifest as written to the file: pretty-printed JSON.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).expect("a manifest serialises")
    }

    /// Writes the manifest of the results folder `dir`, replacing it whole.
    pub fn save(&self, dir: &Path) -> Result<(), FileError> {
        write_text(&Folder(dir).manifest(), &(self.to_json() + "\n"))
    }

    /// Is the folder of `other` made with the same configuration (master seed, mode, time
    /// limit, benchmark suite), so that their rows are comparable and may be joined?
    pub fn same_config(&self, other: &Manifest) -> bool {
        (self.master_seed, self.quick, self.time_limit_s, &self.bench_suite)
            == (other.master_seed, other.quick, other.time_limit_s, &other.bench_suite)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn manifest() -> Manifest {
        let mut m = Manifest::new(u64::MAX - 3, true, Some(1.0));
        m.front_solvers = vec!["heur/bi-lpt".into()];
        m.compare_solvers = vec!["heur/lpt".into(), "ilp/highs".into()];
        m.experiments = vec!["fig1".into(), "fig2a".into()];
        m.solvers = vec![SolverEntry {
            id: "ilp/highs".into(),
            summary: "exact".into(),
            available: false,
            feature: Some("highs".into()),
            version: "0.1.0".into(),
        }];
        m.sessions = vec![Session {
            command: vec!["fairshard".into(), "reproduce".into(), "--quick".into()],
            git_revision: None,
            version: "0.1.0".into(),
            features: vec!["highs".into()],
            shard: "1/2".into(),
            machine: Machine {
                cores: 2,
                os: "linux".into(),
                cpu: None,
                arch: "x86_64".into(),
            },
            started: "2016-05-28T01:01:01Z".into(),
            finished: None,
            rows_added: 42,
            build: String::new(),
        }];
        m.merged_from = vec!["a".into(), "b".into()];
        m
    }

    #[test]
    fn a_manifest_round_trips_through_its_file() {
        let dir = tempfile::tempdir().unwrap();
        assert_eq!(Manifest::load(dir.path()).unwrap(), None);
        let m = manifest();
        m.save(dir.path()).unwrap();
        assert_eq!(Manifest::read(dir.path()).unwrap(), m);
        assert_eq!(Manifest::load(dir.path()).unwrap(), Some(m.clone()));
        let text = std::fs::read_to_string(dir.path().join("manifest.json")).unwrap();
        assert_eq!(text, m.to_json() + "\n");
        assert!(m.same_config(&Manifest::new(u64::MAX - 3, true, Some(1.0))));
        assert!(!m.same_config(&Manifest::new(u64::MAX - 3, false, Some(1.0))));
    }

    /// The JSON field names are the folder's format: pin them.
    #[test]
    fn the_json_field_names_are_the_published_ones() {
        let v: serde_json::Value = serde_json::from_str(&manifest().to_json()).unwrap();
        let keys = |v: &serde_json::Value| -> Vec<String> { v.as_object().unwrap().keys().cloned().collect() };
        let mut top = keys(&v);
        top.sort();
        assert_eq!(
            top,
            [
                "compare_solvers",
                "experiments",
                "front_solvers",
                "master_seed",
                "merged_from",
                "quick",
                "sessions",
                "solvers",
                "time_limit_s"
            ]
        );
        let mut session = keys(&v["sessions"][0]);
        session.sort();
        assert_eq!(
            session,
            [
                "command",
                "features",
                "finished",
                "git_revision",
                "machine",
                "rows_added",
                "shard",
                "started",
                "version"
            ]
        );
    }

    #[test]
    fn a_manifest_without_merged_from_reads() {
        let mut v: serde_json::Value = serde_json::from_str(&manifest().to_json()).unwrap();
        v.as_object_mut().unwrap().remove("merged_from");
        let m: Manifest = serde_json::from_value(v).unwrap();
        assert!(m.merged_from.is_empty());
    }

    #[test]
    fn a_missing_or_broken_manifest_names_the_file() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        let err = Manifest::read(dir.path()).unwrap_err();
        assert!(matches!(err, FileError::Io { .. }));
        assert_eq!(err.path(), path);
        std::fs::write(&path, "{\"master_seed\": 1}").unwrap();
        let err = Manifest::read(dir.path()).unwrap_err();
        assert!(matches!(err, FileError::Json { .. }));
        assert_eq!(err.path(), path);
    }
}
