//! Pareto fronts of the bi-objective (gamma1, gamma2), built from single runs of any solver.
//!
//! - [`paper`]: the paper's method: for each gamma1 on a grid, binary search on gamma2 with the
//!   feasibility ILP(gamma1, gamma2) to a stated absolute tolerance.
//! - [`exact`]: far fewer solves: for each gamma1 cap, minimise gamma2 directly (one run of an
//!   exact solver, which proves its optimum or reports its bound), warm-started from the
//!   previous cap's partition; the epsilon-constraint sweep that enumerates every
//!   non-dominated point; and the single-objective endpoints.
//!
//! Every run goes through the harness's [`measure`], so each point's time is the measured
//! build + solve time, its partition is re-checked, and a failing run is a status, never an
//! abort. A point records the harness calls and backend solves it took.

pub mod exact;
pub mod paper;

use crate::hybrid;
use crate::milp::formulation::Vars;
use crate::registry::{self, RegistryError};
use fairshard_harness::{Caps, Fairness, Instance, Measured, Partition, Partitioner, RunSpec, Status, Target, measure};
use std::time::Duration;

/// One point of a front.
#[derive(Clone, Debug)]
pub struct Point {
    /// The gamma1 cap of a grid point (`None` for sweep points and endpoints).
    pub gamma1_cap: Option<f64>,
    /// The partition, when one was found.
    pub partition: Option<Partition>,
    /// Its fairness.
    pub fairness: Option<Fairness>,
    /// `optimal`: proven; `gap-limit`: certified within the stated tolerance (paper's
    /// method); `infeasible`: no partition meets the cap; `time-limit`/`feasible`: not proven.
    pub status: Status,
    /// A certified lower bound on gamma2 - 1 under the cap, where the method has one.
    pub bound: Option<f64>,
    /// Backend (ILP) solves.
    pub solves: u64,
    /// Runs through the harness.
    pub calls: u64,
    /// Measured build + solve time of all its runs.
    pub time: Duration,
    /// How it ended, in words (the last backend status).
    pub note: String,
}

impl Point {
    fn empty(gamma1_cap: Option<f64>) -> Self {
        Point {
            gamma1_cap,
            partition: None,
            fairness: None,
            status: Status::Unknown,
            bound: None,
            solves: 0,
            calls: 0,
            time: Duration::ZERO,
            note: String::new(),
        }
    }

    /// Accounts for one measured run.
    pub(crate) fn add(&mut self, run: &Measured) {
        self.calls += 1;
        self.solves += run.outcome.stats.solves;
        self.time += run.build + run.solve;
        self.note = match &run.error {
            Some(e) => e.clone(),
            None => run.outcome.raw_status.clone(),
        };
    }

    /// gamma1 of the point's partition.
    pub fn gamma1(&self) -> Option<f64> {
        self.fairness.map(|f| f.gamma1().value())
    }

    /// gamma2 of the point's partition.
    pub fn gamma2(&self) -> Option<f64> {
        self.fairness.map(|f| f.gamma2().value())
    }
}

/// A front: its method and points, in the order computed.
#[derive(Clone, Debug)]
pub struct Front {
    /// `paper`, `exact`, `sweep` or `endpoints`.
    pub method: &'static str,
    /// The points.
    pub points: Vec<Point>,
}

impl Front {
    /// Backend solves over all points.
    pub fn solves(&self) -> u64 {
        self.points.iter().map(|p| p.solves).sum()
    }

    /// Measured time over all points.
    pub fn time(&self) -> Duration {
        self.points.iter().map(|p| p.time).sum()
    }

    /// Points whose status is proven (optimal or infeasible).
    pub fn proven(&self) -> usize {
        self.points.iter().filter(|p| p.status.is_proven()).count()
    }

    /// Is gamma2 non-increasing along points ordered by their gamma1 cap (or gamma1)? The exact
    /// answer to "min gamma2 s.t. gamma1 <= cap" is, so a non-monotone front is not exact.
    pub fn is_monotone(&self) -> bool {
        let pts: Vec<_> = self
            .points
            .iter()
            .filter_map(|p| p.fairness.map(|f| f.gamma2()))
            .collect();
        pts.windows(2).all(|w| w[1] <= w[0])
    }
}

/// Runs one solver on one instance for the front methods: the run's limits come from `base`
/// (time limit per call, threads, gap, seed, log); target and caps from each call. A solver
/// with the [`WarmStart`](fairshard_harness::WarmStart) capability starts each run from the
/// partition it is given (so its grid fronts are monotone); any other solver runs without it.
pub struct Runner<'a> {
    instance: &'a Instance,
    base: RunSpec,
    id: String,
    solver: Box<dyn Partitioner>,
    vars: Option<Vars>,
    heuristic_start: bool,
}

impl<'a> Runner<'a> {
    /// A runner for solver `id` on `instance` with `m` subsets and limits from `base`.
    pub fn new(id: &str, instance: &'a Instance, base: RunSpec) -> Result<Self, RegistryError> {
        Ok(Runner {
            instance,
            base,
            id: id.to_owned(),
            solver: registry::get(id)?,
            vars: None,
            heuristic_start: true,
        })
    }

    /// Whether ILP runs may start from the heuristics (the paper's method runs pure ILPs; no
    /// effect on other solvers).
    pub fn with_heuristic_start(mut self, on: bool) -> Self {
        self.heuristic_start = on;
        self.configured()
    }

    /// ILP runs on the variables `vars` (no effect on other solvers).
    pub fn with_vars(mut self, vars: Vars) -> Self {
        self.vars = Some(vars);
        self.configured()
    }

    /// The solver rebuilt with the ILP options, when `id` is an ILP solver.
    fn configured(mut self) -> Self {
        if let Some(ilp) = hybrid::solver(&self.id) {
            let ilp = ilp.with_heuristic_start(self.heuristic_start);
            self.solver = Box::new(match self.vars {
                Some(vars) => ilp.with_vars(vars),
                None => ilp,
            });
        }
        self
    }

    /// Does the solver repair a start that breaks the caps ([`WarmStart::refines`](fairshard_harness::WarmStart::refines)),
    /// so that a second pass over a grid from the neighbouring points' partitions can help?
    pub fn refines(&self) -> bool {
        self.solver.warm_start().is_some_and(|w| w.refines())
    }

    /// The instance.
    pub fn instance(&self) -> &Instance {
        self.instance
    }

    /// One run with `target` and caps, from `start` where the solver can use it.
    pub fn run(&self, target: Target, gamma1: Option<f64>, gamma2: Option<f64>, start: Option<&Partition>) -> Measured {
        let mut spec = self.base.clone();
        spec.target = target;
        spec.caps = Caps { gamma1, gamma2 };
        match (start, self.solver.warm_start()) {
            (Some(start), Some(warm)) => measure(warm.with_start(start.clone()).as_ref(), self.instance, &spec),
            _ => measure(self.solver.as_ref(), self.instance, &spec),
        }
    }
}

/// `k` caps evenly spaced from `lo` to `hi` (both included; `k = 1` gives `lo`).
pub fn grid(lo: f64, hi: f64, k: usize) -> Vec<f64> {
    match k {
        0 => vec![],
        1 => vec![lo],
        _ => (0..k).map(|i| lo + (hi - lo) * i as f64 / (k - 1) as f64).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::Task;

    /// Fronts pick a solver's behaviour by capability, not by id: the warm-startable solvers
    /// offer [`WarmStart`](fairshard_harness::WarmStart), and only the local search refines.
    #[test]
    fn warm_starts_and_refinement_are_capabilities() {
        let inst = Instance::new("c", (1..=6).map(|j| Task::new(j * 10, j)).collect()).unwrap();
        for e in registry::entries().iter().filter(|e| e.available()) {
            let solver = (e.make.expect("available"))();
            let warm =
                matches!(e.id, "heur/bi-lpt" | "heur/complete") || e.id.starts_with("ilp/") || e.id.starts_with("mip/");
            assert_eq!(solver.warm_start().is_some(), warm, "{}", e.id);
            let runner = Runner::new(e.id, &inst, RunSpec::new(2, Target::Profit)).unwrap();
            assert_eq!(runner.refines(), e.id == "heur/bi-lpt", "{}", e.id);
        }
    }
}
