//! The benchmark's result files besides its runs (`bench.csv`, [`fairshard_harness::RunRecord`]
//! rows) and its instance index (`bench_instances.csv`, the rows of `fairshard export`'s
//! index): the statistics per class and solver, the pairwise comparison, the performance
//! profiles and the cross-solver checks. Written by `fairshard-experiments`
//! from the runs, read by the report; each schema is defined here once.

use serde::{Deserialize, Serialize};

/// The statistics of one solver on one class (`bench_stats.csv`); the solver
/// `virtual-best` is the best of all solvers on each instance.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchStatRow {
    /// The class, or `all` for the whole suite.
    pub class: String,
    /// Registry id, or `virtual-best`.
    pub solver: String,
    /// Instances of the class.
    pub instances: usize,
    /// Instances run (the others are not in this folder yet, or the solver does not accept
    /// the target).
    pub runs: usize,
    /// Runs proven optimal or infeasible.
    pub proven: usize,
    /// Runs with a partition within the caps.
    pub with_partition: usize,
    /// Runs ended by the time limit.
    pub time_limited: usize,
    /// Runs that overran their time limit by more than the stated grace.
    pub overran: usize,
    /// Runs with an error.
    pub errors: usize,
    /// Time limit per run (s).
    pub time_limit_s: Option<f64>,
    /// Shift of the time mean (s).
    pub time_shift_s: f64,
    /// Shifted geometric mean of the time to a proof (build + solve), each unproven run
    /// counted at the time limit.
    pub sgm_time_s: Option<f64>,
    /// Shifted geometric mean (shift 1) of the ratio of the solver's gamma - 1 to the best any
    /// solver found (floor [`QUALITY_FLOOR`] on both), a run without a partition counted at
    /// [`QUALITY_FAIL`].
    pub sgm_quality: Option<f64>,
    /// Arithmetic mean of the relative gap to the solver's own certified bound,
    /// `(value - bound) / value` (0 when proven, 1 without a partition or bound).
    pub mean_gap: Option<f64>,
    /// Instances where its value is the best found (within the tie tolerance).
    pub best: usize,
    /// Its rows that contradict another solver's (see `bench_checks.csv`).
    pub contradictions: usize,
}

/// Ratio floor of the quality measure: gammas closer to 1 than this count as this.
pub const QUALITY_FLOOR: f64 = 1e-9;
/// The quality ratio of a run without a partition.
pub const QUALITY_FAIL: f64 = 1e6;

/// One solver against another on one class (`bench_pairs.csv`), instance by instance on the
/// value reached (gamma - 1 of the target), ties within a relative 1e-9 and an absolute 1e-12.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchPairRow {
    /// The class, or `all`.
    pub class: String,
    /// The solver.
    pub solver: String,
    /// The other solver.
    pub other: String,
    /// Instances where the solver is better.
    pub wins: usize,
    /// Equal, or both without a partition.
    pub ties: usize,
    /// Instances where the other is better.
    pub losses: usize,
}

/// One step of a performance profile (`bench_profiles.csv`): on `class`, `solver` is within a
/// factor `tau` of the best on a share `rho` of the instances.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchProfileRow {
    /// The class, or `all`.
    pub class: String,
    /// `time` (time to a proof) or `quality` (gamma - 1 reached).
    pub measure: String,
    /// Registry id.
    pub solver: String,
    /// The ratio to the best.
    pub tau: f64,
    /// The share of instances within `tau` of the best.
    pub rho: f64,
}

/// A row contradicted by another solver's (`bench_checks.csv`): a certified bound above a
/// partition found, an `optimal` beaten, or an `infeasible` for which a partition exists.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchCheckRow {
    /// The instance's id.
    pub instance: String,
    /// The contradicted solver.
    pub solver: String,
    /// Its status.
    pub status: String,
    /// Its value (gamma - 1 of the target), if any.
    pub objective: Option<f64>,
    /// Its certified bound, if any.
    pub bound: Option<f64>,
    /// The best value any solver found.
    pub best: f64,
    /// Who found it.
    pub best_solver: String,
    /// What is contradicted.
    pub issue: String,
}

/// [`BenchCellRow::origin`] of a row measured in the results folder.
pub const ORIGIN_MEASURED: &str = "measured";
/// [`BenchCellRow::origin`] of a published row.
pub const ORIGIN_PUBLISHED: &str = "published";

/// One solver on one cell of a class (`bench_cells.csv`): the instances of one (n, m, target)
/// over the class's seeds, as the number-partitioning literature tabulates them; or, with
/// `origin` = `published`, a mean time another method's authors reported for the same cell
/// (their code and hardware, not run here).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct BenchCellRow {
    /// The class.
    pub class: String,
    /// Number of tasks.
    pub n: usize,
    /// Number of subsets.
    pub m: usize,
    /// The target's label (target and caps).
    pub target: String,
    /// Registry id, or the published method's name.
    pub solver: String,
    /// `measured` (runs in this folder) or `published` (see `source`).
    pub origin: String,
    /// Instances of the cell (published: the authors' instances, of the same class but not
    /// the same numbers).
    pub instances: usize,
    /// Runs present (published: the instances they report).
    pub runs: usize,
    /// Runs proven optimal (published: empty when not reported).
    pub proven: Option<usize>,
    /// Arithmetic mean time (build + solve, s) over the cell's instances, each unproven or
    /// missing run counted at the time limit (a lower bound on the true mean when some are).
    pub mean_time_s: Option<f64>,
    /// The largest time (s), unproven runs at the limit.
    pub max_time_s: Option<f64>,
    /// Where a published row's numbers come from; for a measured row, empty.
    pub source: String,
}
