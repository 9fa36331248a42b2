//! One flat row per run: what the experiments append and the reports read.
//!
//! Columns are stable (renaming one breaks result folders): see [`RunRecord`]. Infinite
//! gammas are written as `inf` in CSV (`null` in JSON, with `degenerate` saying why).

use crate::fairness::{Degenerate, Gamma};
use crate::measure::Measured;
use crate::model::Instance;
use crate::solver::{Proof, Status};
use crate::spec::RunSpec;
use serde::{Deserialize, Serialize};

/// Where a run sits in a sweep: the coordinates its seed is derived from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RunMeta {
    /// Experiment id (e.g. `fig2a`, `solve`).
    pub experiment: String,
    /// Dataset or generator spec the instance came from.
    pub dataset: String,
    /// Repetition index within the sweep cell.
    pub repetition: u32,
}

/// The record of one run.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunRecord {
    /// Experiment id.
    pub experiment: String,
    /// Dataset or generator spec.
    pub dataset: String,
    /// Instance name (dataset plus any slicing).
    pub instance: String,
    /// Number of tasks.
    pub n: usize,
    /// Number of subsets.
    pub m: usize,
    /// Registry id of the solver.
    pub solver: String,
    /// Target minimised.
    pub target: String,
    /// gamma1 cap, if any.
    pub gamma1_cap: Option<f64>,
    /// gamma2 cap, if any.
    pub gamma2_cap: Option<f64>,
    /// Seed given to the solver.
    pub seed: u64,
    /// Repetition index.
    pub repetition: u32,
    /// Requested time limit (s).
    pub time_limit_s: Option<f64>,
    /// Time limit as the backend applied it (s).
    pub time_limit_eff_s: Option<f64>,
    /// Requested threads.
    pub threads: Option<u32>,
    /// Threads as applied.
    pub threads_eff: Option<u32>,
    /// Relative MIP gap as applied.
    pub mip_gap_eff: Option<f64>,
    /// Outcome.
    pub status: Status,
    /// Backend status, verbatim.
    pub raw_status: String,
    /// Which method proved an `optimal` or `infeasible` status (`none` otherwise): see
    /// [`Proof`]. Absent from rows written before it existed (read as `none`).
    #[serde(default)]
    pub proved_by: Proof,
    /// gamma1 = max/min subset workload (inf when degenerate).
    pub gamma1: Option<f64>,
    /// gamma2 = max/min subset profit.
    pub gamma2: Option<f64>,
    /// gamma1 - 1, precise near 1.
    pub gamma1_excess: Option<f64>,
    /// gamma2 - 1.
    pub gamma2_excess: Option<f64>,
    /// Max - min subset workload.
    pub workload_diff: Option<f64>,
    /// Max - min subset profit.
    pub profit_diff: Option<f64>,
    /// Why a gamma is infinite: `empty-subset` or `zero-minimum`; empty otherwise.
    pub degenerate: String,
    /// Objective of the target (gamma - 1), for the returned partition.
    pub objective: Option<f64>,
    /// Certified lower bound on the objective.
    pub bound: Option<f64>,
    /// (objective - bound) / objective.
    pub gap: Option<f64>,
    /// Model build time (s).
    pub build_s: f64,
    /// Solve time (s).
    pub solve_s: f64,
    /// Backend solves.
    pub solves: u64,
    /// Backend nodes.
    pub nodes: u64,
    /// Error message when status is `error`.
    pub error: String,
}

fn degenerate_name(g: Gamma) -> Option<&'static str> {
    g.degenerate().map(|d| match d {
        Degenerate::EmptySubset => "empty-subset",
        Degenerate::ZeroMinimum => "zero-minimum",
    })
}

impl RunRecord {
    /// The row for a measured run.
    pub fn new(meta: &RunMeta, solver: &str, instance: &Instance, spec: &RunSpec, run: &Measured) -> Self {
        let f = run.fairness.as_ref();
        let degenerate = f
            .map(|f| {
                let names: Vec<_> = [f.gamma1(), f.gamma2()]
                    .into_iter()
                    .filter_map(degenerate_name)
                    .collect();
                names.first().copied().unwrap_or("")
            })
            .unwrap_or("");
        let eff = run.outcome.effective;
        RunRecord {
            experiment: meta.experiment.clone(),
            dataset: meta.dataset.clone(),
            instance: instance.name().to_owned(),
            n: instance.len(),
            m: spec.m,
            solver: solver.to_owned(),
            target: spec.target.as_str().to_owned(),
            gamma1_cap: spec.caps.gamma1,
            gamma2_cap: spec.caps.gamma2,
            seed: spec.seed,
            repetition: meta.repetition,
            time_limit_s: spec.time_limit.map(|d| d.as_secs_f64()),
            time_limit_eff_s: eff.time_limit_s,
            threads: spec.threads,
            threads_eff: eff.threads,
            mip_gap_eff: eff.mip_gap,
            status: run.outcome.status,
            raw_status: run.outcome.raw_status.clone(),
            proved_by: run.outcome.proof,
            gamma1: f.map(|f| f.gamma1().value()),
            gamma2: f.map(|f| f.gamma2().value()),
            gamma1_excess: f.map(|f| f.gamma1().excess()),
            gamma2_excess: f.map(|f| f.gamma2().excess()),
            workload_diff: f.map(|f| f.workload.diff as f64),
            profit_diff: f.map(|f| f.profit.diff as f64),
            degenerate: degenerate.to_owned(),
            objective: run.objective,
            bound: run.outcome.bound,
            gap: run.gap(),
            build_s: run.build.as_secs_f64(),
            solve_s: run.solve.as_secs_f64(),
            solves: run.outcome.stats.solves,
            nodes: run.outcome.stats.nodes,
            error: run.error.clone().unwrap_or_default(),
        }
    }
}
