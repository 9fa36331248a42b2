//! # fairshard-experiments
//!
//! The paper's figures and fairshard's comparisons as declarative sweeps (datasets x m x
//! solvers x caps x repetitions), run through the solver registry by id and the harness's one
//! clock ([`fairshard_harness::measure`]), never a backend type.
//!
//! A results folder holds, per experiment, `ID.csv` (one [`fairshard_harness::RunRecord`] row
//! per run, appended and flushed as each run finishes) and, at the end, `ID.parquet`; the
//! data files some figures need (`fig1.csv`); and `manifest.json` ([`Manifest`]). Its file
//! names, row types, manifest and error are [`fairshard_results`]'s, shared with the report. A row's key
//! is its coordinates ([`point::key`]); its seed is derived from the master seed and that
//! key. Restarting the same command skips the rows present; `--shard K/N` runs the K-th of N
//! disjoint slices (by a stable hash of the key), and [`merge::merge`] joins the slices.
//!
//! One module per figure or comparison: [`fig1`], [`fig2a`], [`fig2b`], [`fig3`] (3a, 3b),
//! [`compare`], and the protocol round's [`protocol::speedup`], [`protocol::capture`],
//! [`protocol::committees`] and [`protocol::fairness`], which write their own rows (see
//! [`protocol`]). A new experiment implements [`Experiment`] and is listed in [`all`].
//!
//! The solver benchmark's named, versioned instance suites, their CSV export and its
//! statistics (shifted geometric means, performance profiles) live in [`bench`].

pub mod bench;
pub mod compare;
pub mod config;
pub mod data;
pub mod experiment;
pub mod fig1;
pub mod fig2a;
pub mod fig2b;
pub mod fig3;
pub mod manifest;
pub mod merge;
pub mod parquet;
pub mod point;
pub mod protocol;
pub mod run;
pub mod store;

pub use config::Config;
pub use experiment::{Experiment, Grid};
pub use fairshard_results::{FileError, read_records};
pub use manifest::Manifest;
pub use point::{Point, Shard};
pub use run::{RunError, SweepSummary, run_all};
pub use store::ResultFile;

use fairshard_results::Folder;
use std::path::{Path, PathBuf};

/// Every experiment, in the order `fairshard reproduce` runs them.
pub fn all() -> Vec<&'static dyn Experiment> {
    vec![
        &fig1::Fig1,
        &data::Data,
        &fig2a::Fig2a,
        &fig2b::Fig2b,
        &fig3::Fig3a,
        &fig3::Fig3b,
        &compare::Compare,
        &bench::Bench,
        &protocol::speedup::Speedup,
        &protocol::capture::Capture,
        &protocol::committees::Committees,
        &protocol::fairness::Fairness,
    ]
}

/// Writes `ID.parquet` beside each `ID.csv` of `experiments` in `dir`; returns the files
/// written.
pub fn write_parquet(experiments: &[&dyn Experiment], dir: &Path) -> Result<Vec<PathBuf>, FileError> {
    let mut written = Vec::new();
    for e in experiments {
        let csv = Folder(dir).csv(e.id());
        if csv.exists() {
            let out = Folder(dir).parquet(e.id());
            parquet::csv_to_parquet(&csv, &out)?;
            written.push(out);
        }
    }
    Ok(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_unique_across_every_sweep() {
        for quick in [true, false] {
            let config = Config::new(quick, 7);
            let mut keys = std::collections::HashSet::new();
            for e in all() {
                for p in e.points(&config) {
                    assert_eq!(p.experiment, e.id());
                    assert!(keys.insert(p.key()), "duplicate {}", p.key());
                }
            }
            assert!(keys.len() > 20);
        }
    }

    /// The report finds each experiment's file by the names in `fairshard_results::files`.
    #[test]
    fn every_experiment_id_is_a_file_name_of_the_results_crate() {
        use fairshard_results::files;
        let config = Config::new(false, 7);
        let (sweeps, data): (Vec<_>, Vec<_>) = all().into_iter().partition(|e| !e.points(&config).is_empty());
        let ids = |es: Vec<&dyn Experiment>| es.iter().map(|e| e.id()).collect::<Vec<_>>();
        assert_eq!(ids(sweeps), files::RUN_EXPERIMENTS);
        assert_eq!(ids(data), files::DATA_EXPERIMENTS);
    }

    #[test]
    fn the_paper_sweeps_have_the_paper_coordinates() {
        let config = Config::new(false, 7);
        let f3a = fig3::Fig3a.points(&config);
        let ms: std::collections::BTreeSet<usize> = f3a.iter().map(|p| p.m).collect();
        assert_eq!(ms, (2..=30).collect());
        assert!(f3a.iter().all(|p| p.caps.gamma1 == Some(100.0)));
        // The paper's data with every front solver, the contrast data with the exact ones.
        let on = |d: &str| f3a.iter().filter(|p| p.dataset == d).count();
        assert_eq!(on("dao100@norm"), 29 * config.front_solvers.len());
        for (d, _) in fig3::CONTRAST {
            assert_eq!(on(d), 29 * config.exact_front_solvers().len(), "{d}");
        }
        let f2a = fig2a::Fig2a.points(&config);
        assert!(
            f2a.iter()
                .all(|p| p.m == 5 && p.target == fairshard_harness::Target::Profit)
        );
        assert!(f2a.iter().any(|p| p.dataset == "dao100"));
    }

    /// A sweep run in two shards and merged has the rows of one run in one piece, in the
    /// same order; a sweep killed mid-way and restarted has them too.
    #[test]
    fn shards_merge_and_resume_to_the_unsharded_rows() {
        // Deterministic solvers only: a time-limited ILP row differs between two runs.
        let mut config = Config::new(true, 3);
        config.front_solvers = vec![config::BEST_HEURISTIC.to_owned()];
        let exps: Vec<&dyn Experiment> = vec![&fig1::Fig1, &fig3::Fig3a, &fig2b::Fig2b];
        let tmp = tempfile::tempdir().unwrap();
        let dir = |s: &str| tmp.path().join(s);
        let cmd = || vec!["test".to_owned()];
        run_all(&exps, &config, Shard::ALL, &dir("whole"), cmd()).unwrap();
        for k in 1..=2 {
            run_all(&exps, &config, Shard { k, n: 2 }, &dir(&format!("s{k}")), cmd()).unwrap();
        }
        merge::merge(&exps, &[dir("s1"), dir("s2")], &dir("merged")).unwrap();
        // Kill simulation: drop the last two rows of a file, then run again.
        std::fs::create_dir_all(dir("resumed")).unwrap();
        run_all(&exps, &config, Shard::ALL, &dir("resumed"), cmd()).unwrap();
        let f = dir("resumed").join("fig3a.csv");
        let text = std::fs::read_to_string(&f).unwrap();
        let keep: Vec<&str> = text.lines().collect();
        std::fs::write(&f, keep[..keep.len() - 2].join("\n") + "\n").unwrap();
        let s = run_all(&exps, &config, Shard::ALL, &dir("resumed"), cmd()).unwrap();
        assert_eq!((s[1].ran, s[1].skipped), (2, s[1].in_shard - 2));
        let strip = |d: &str, id: &str| -> Vec<fairshard_harness::RunRecord> {
            read_records(&dir(d).join(format!("{id}.csv")))
                .unwrap()
                .into_iter()
                .map(|mut r| {
                    (r.build_s, r.solve_s) = (0.0, 0.0);
                    r
                })
                .collect()
        };
        for id in ["fig3a", "fig2b"] {
            let whole = strip("whole", id);
            assert!(!whole.is_empty());
            assert_eq!(strip("merged", id), whole, "{id}: merged shards");
            assert_eq!(strip("resumed", id), whole, "{id}: resumed");
            let (a, b) = (strip("s1", id).len(), strip("s2", id).len());
            assert_eq!(a + b, whole.len());
        }
        let m = Manifest::load(&dir("merged")).unwrap().unwrap();
        assert_eq!(m.sessions.len(), 2);
        assert_eq!(m.merged_from.len(), 2);
        // Another seed into the same folder is refused.
        let other = Config::new(true, 4);
        let err = run_all(&exps, &other, Shard::ALL, &dir("whole"), cmd()).unwrap_err();
        assert!(err.to_string().contains("manifest.json"), "{err}");
    }
}
