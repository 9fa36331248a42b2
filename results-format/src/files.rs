//! Every file name of a results folder, and [`Folder`], which builds their paths.
//!
//! A results folder holds, per experiment `ID`, `ID.csv` (its rows: [`fairshard_harness::RunRecord`]
//! for a solver sweep, the experiment's own row type otherwise) and `ID.parquet` (its typed
//! copy); `manifest.json`; `figures/` (each figure as PNG and PDF); and `report.pdf`.

use std::path::{Path, PathBuf};

/// The manifest: what made the folder ([`crate::Manifest`]).
pub const MANIFEST: &str = "manifest.json";
/// The combined report.
pub const REPORT: &str = "report.pdf";
/// External solvers declared for the runs of this folder (read when present, never written:
/// see `fairshard solvers --help`).
pub const SOLVERS_FILE: &str = "solvers.toml";
/// The folder of the figures.
pub const FIGURES: &str = "figures";
/// Extension of an experiment's rows.
pub const CSV: &str = "csv";
/// Extension of an experiment's rows' typed copy.
pub const PARQUET: &str = "parquet";

/// Fig. 1's data: the dataset itself ([`crate::Fig1Row`] rows).
pub const FIG1: &str = "fig1";
/// The solver sweeps, whose files hold [`fairshard_harness::RunRecord`] rows, in the order
/// they are run.
pub const RUN_EXPERIMENTS: [&str; 6] = [FIG2A, FIG2B, FIG3A, FIG3B, COMPARE, BENCH];
/// Fig. 2a: fronts on the 100 contracts.
pub const FIG2A: &str = "fig2a";
/// Fig. 2b: fronts on the first 20 contracts.
pub const FIG2B: &str = "fig2b";
/// Fig. 3a: best gamma2 vs m, gamma1 capped.
pub const FIG3A: &str = "fig3a";
/// Fig. 3b: best gamma1 vs m, gamma2 capped.
pub const FIG3B: &str = "fig3b";
/// The solver comparison.
pub const COMPARE: &str = "compare";
/// The experiments that write their own rows (no solver sweep), in the order they are run.
pub const DATA_EXPERIMENTS: [&str; 6] = [FIG1, DATA, SPEEDUP, CAPTURE, COMMITTEES, FAIRNESS];
/// What each dataset of Figs. 2-3 is made of: sizes, distinct values, spreads
/// ([`crate::DatasetRow`] rows).
pub const DATA: &str = "data";
/// The protocol round's speedup ([`fairshard_harness::protocol::RoundRecord`] rows).
pub const SPEEDUP: &str = "speedup";
/// Committee capture (`CaptureRow`).
pub const CAPTURE: &str = "capture";
/// Committee sizes (`CommitteeRow`).
pub const COMMITTEES: &str = "committees";
/// Long-term fairness (`FairnessRow`).
pub const FAIRNESS: &str = "fairness";

/// The benchmark's runs (`fairshard bench`): [`fairshard_harness::RunRecord`] rows.
pub const BENCH: &str = "bench";
/// The benchmark's instances (the rows of `fairshard export --suite`'s `index.csv`).
pub const BENCH_INSTANCES: &str = "bench_instances";
/// Its statistics per class and solver ([`crate::bench::BenchStatRow`]).
pub const BENCH_STATS: &str = "bench_stats";
/// Its pairwise wins, ties and losses ([`crate::bench::BenchPairRow`]).
pub const BENCH_PAIRS: &str = "bench_pairs";
/// Its performance profiles ([`crate::bench::BenchProfileRow`]).
pub const BENCH_PROFILES: &str = "bench_profiles";
/// Its rows contradicted by another solver's ([`crate::bench::BenchCheckRow`]).
pub const BENCH_CHECKS: &str = "bench_checks";
/// Its per-cell proven counts and mean times, beside published ones ([`crate::bench::BenchCellRow`]).
pub const BENCH_CELLS: &str = "bench_cells";

/// The file name of experiment `id`'s rows: `ID.csv`.
pub fn csv_name(id: &str) -> String {
    format!("{id}.{CSV}")
}

/// The file name of the typed copy of experiment `id`'s rows: `ID.parquet`.
pub fn parquet_name(id: &str) -> String {
    format!("{id}.{PARQUET}")
}

/// A results folder: the paths of the files in it. Holds no open file; any path may be absent.
#[derive(Clone, Copy, Debug)]
pub struct Folder<'a>(pub &'a Path);

impl<'a> Folder<'a> {
    /// The folder itself.
    pub fn path(&self) -> &'a Path {
        self.0
    }
    /// `manifest.json`.
    pub fn manifest(&self) -> PathBuf {
        self.0.join(MANIFEST)
    }
    /// `ID.csv`: experiment `id`'s rows.
    pub fn csv(&self, id: &str) -> PathBuf {
        self.0.join(csv_name(id))
    }
    /// `ID.parquet`: the typed copy of experiment `id`'s rows.
    pub fn parquet(&self, id: &str) -> PathBuf {
        self.0.join(parquet_name(id))
    }
    /// `figures/`.
    pub fn figures(&self) -> PathBuf {
        self.0.join(FIGURES)
    }
    /// `report.pdf`.
    pub fn report(&self) -> PathBuf {
        self.0.join(REPORT)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_the_names_under_the_folder() {
        let f = Folder(Path::new("r"));
        assert_eq!(f.csv(FIG2A), Path::new("r/fig2a.csv"));
        assert_eq!(f.parquet(COMPARE), Path::new("r/compare.parquet"));
        assert_eq!(f.csv(FIG1), Path::new("r/fig1.csv"));
        assert_eq!(f.manifest(), Path::new("r/manifest.json"));
        assert_eq!(f.figures(), Path::new("r/figures"));
        assert_eq!(f.report(), Path::new("r/report.pdf"));
    }
}
