//! The [`Experiment`] trait: a declarative sweep (datasets x m x solvers x caps x
//! repetitions) plus any data file the figure needs besides the runs; and
//! [`RowsExperiment`], an experiment that makes its own rows (one file, `ID.csv`), written by
//! one generic writer.

use crate::config::Config;
use crate::point::Point;
use crate::run::RunError;
use fairshard_harness::{Caps, Target};
use fairshard_results::{Folder, files, write_rows};
use std::path::Path;

/// One figure or comparison. New experiments implement this trait and are listed in
/// [`crate::all`]: the runner, the result files, resume, shards, merge and the manifest then
/// come for free. A sweep of solver runs lists [`Point`]s (one [`fairshard_harness::RunRecord`]
/// row each, resumable and sharded); an experiment that makes its own rows (Fig. 1, the
/// protocol round's figures) writes them in [`Experiment::write_data`] instead.
pub trait Experiment: Sync {
    /// Stable id: the name of the result files (`ID.csv`, `ID.parquet`).
    fn id(&self) -> &'static str;
    /// One line: what the experiment reproduces.
    fn title(&self) -> &'static str;
    /// The runs of the sweep, in the order they are run.
    fn points(&self, config: &Config) -> Vec<Point>;
    /// Data the figure needs besides its runs (e.g. the dataset itself for Fig. 1, or the
    /// protocol round's rows), written into `dir`; file names it writes are returned. Never
    /// sharded: every session (each shard, a resumed run, a merge) writes it again, so it must
    /// be cheap and a function of the config (seeded from its master seed).
    fn write_data(&self, _config: &Config, _dir: &Path) -> Result<Vec<String>, RunError> {
        Ok(Vec::new())
    }
    /// Files computed from the sweep's rows once they are in `dir` (e.g. the benchmark's
    /// statistics), written after every session and every merge; file names written are
    /// returned. A function of the rows present, so it is never sharded either.
    fn summarise(&self, _config: &Config, _dir: &Path) -> Result<Vec<String>, RunError> {
        Ok(Vec::new())
    }
}

/// An experiment that makes its own rows instead of solver runs (Fig. 1's data, the protocol
/// round's): it is its sweep, [`RowsExperiment::rows`]; every such type is an [`Experiment`]
/// without points whose [`Experiment::write_data`] writes the rows to `ID.csv`
/// ([`fairshard_results::write_rows`]: header first, through a temporary file renamed into
/// place, so a killed session never leaves half a file).
/// Invariant: the rows are a function of the config (seeded from its master seed), since
/// every session writes them again.
pub trait RowsExperiment: Sync {
    /// Its id and title (see [`Experiment::id`] and [`Experiment::title`]).
    const ABOUT: About;
    /// One row of the file.
    type Row: serde::Serialize;
    /// The rows, in file order.
    fn rows(&self, config: &Config) -> Result<Vec<Self::Row>, RunError>;
}

/// The id and title of a [`RowsExperiment`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct About {
    /// Stable id: the result file is `ID.csv`.
    pub id: &'static str,
    /// One line: what the experiment reproduces.
    pub title: &'static str,
}

impl About {
    /// `id` with `title`.
    pub const fn new(id: &'static str, title: &'static str) -> Self {
        Self { id, title }
    }
}

impl<E: RowsExperiment> Experiment for E {
    fn id(&self) -> &'static str {
        E::ABOUT.id
    }
    fn title(&self) -> &'static str {
        E::ABOUT.title
    }
    fn points(&self, _: &Config) -> Vec<Point> {
        Vec::new()
    }
    fn write_data(&self, config: &Config, dir: &Path) -> Result<Vec<String>, RunError> {
        write_rows(&Folder(dir).csv(E::ABOUT.id), &self.rows(config)?)?;
        Ok(vec![files::csv_name(E::ABOUT.id)])
    }
}

/// The declarative grid most experiments are: the cross product, in this nesting order
/// (datasets, m, solvers, caps, repetitions), of the values given. Solvers that do not
/// accept the target are left out, and so are m values that do not fit an instance.
#[derive(Clone, Debug)]
pub struct Grid<'a> {
    /// Experiment id.
    pub experiment: &'a str,
    /// Dataset specs with their n (to drop m > n).
    pub datasets: Vec<(String, usize)>,
    /// Values of m.
    pub ms: Vec<usize>,
    /// Solver ids.
    pub solvers: Vec<String>,
    /// Target.
    pub target: Target,
    /// Caps, one run per entry.
    pub caps: Vec<Caps>,
    /// Repetitions per cell.
    pub repetitions: u32,
}

impl Grid<'_> {
    /// The runs of the grid.
    pub fn points(&self) -> Vec<Point> {
        let accepts = |id: &str| fairshard_solvers::get(id).is_ok_and(|s| s.info().targets.contains(&self.target));
        let solvers: Vec<&String> = self.solvers.iter().filter(|s| accepts(s)).collect();
        let mut out = Vec::new();
        for (dataset, n) in &self.datasets {
            for &m in self.ms.iter().filter(|&&m| m <= *n) {
                for solver in &solvers {
                    for caps in &self.caps {
                        for repetition in 0..self.repetitions {
                            out.push(Point {
                                experiment: self.experiment.to_owned(),
                                dataset: dataset.clone(),
                                m,
                                solver: (*solver).clone(),
                                target: self.target,
                                caps: *caps,
                                repetition,
                            });
                        }
                    }
                }
            }
        }
        out
    }
}
