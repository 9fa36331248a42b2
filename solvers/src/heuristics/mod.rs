//! Native partition heuristics: no ILP, deterministic, O(n log n) constructions and local
//! searches. They use the layers below (keys, bounds, the LP bound through [`crate::bounds`])
//! and never an exact method.
//!
//! Every heuristic keeps O(n + m) memory (a partition is one subset index per task; never an
//! n x m matrix) and reports the certified bound of [`crate::bounds::heuristic_bound`] on its
//! target's objective (cheap, or the LP relaxation's where it helps), so every record carries
//! a bound and a gap.

pub mod anneal;
pub mod bi;
pub mod kk;
pub mod list;
pub mod local;
pub mod multifit;
pub mod pair;

use crate::bounds;
use crate::entry::Entry;
use crate::util::single_key;
use fairshard_harness::{
    Deferred, Instance, Partition, Partitioner, Prepared, RunSpec, SolveContext, SolveError, SolveOutcome, SolverInfo,
    Status, Target,
};

/// The one-dimensional heuristics' registry entries.
pub fn one_dimensional() -> &'static [Entry] {
    &[
        Entry {
            id: "heur/greedy",
            summary: "list scheduling: tasks in arrival order, each into the currently lightest subset (Graham)",
            feature: None,
            make: Some(|| Box::new(list::GREEDY)),
        },
        Entry {
            id: "heur/lpt",
            summary: "LPT: largest task first, each into the currently lightest subset (Graham's 4/3 - 1/(3m))",
            feature: None,
            make: Some(|| Box::new(list::LPT)),
        },
        Entry {
            id: "heur/kk",
            summary: "multiway Karmarkar-Karp largest differencing (1982), O(n) memory, never O(n*m)",
            feature: None,
            make: Some(|| Box::new(kk::KK)),
        },
        Entry {
            id: "heur/multifit",
            summary: "multifit: binary search on the capacity with first-fit decreasing (Coffman-Garey-Johnson 1978)",
            feature: None,
            make: Some(|| Box::new(multifit::MULTIFIT)),
        },
    ]
}

/// The bi-objective heuristic's registry entry.
pub fn bi_objective() -> &'static [Entry] {
    &[Entry {
        id: bi::ID,
        summary: "bi-objective: vector-aware LPT, then move/swap local search on (gamma1, gamma2); scales to 10^6",
        feature: None,
        make: Some(|| Box::new(bi::BiLpt::default())),
    }]
}

/// The outcome of a heuristic: its partition and status, with the certified bound of
/// [`bounds::heuristic_bound`] on the target's objective (the cheap bound, tightened by the
/// LP relaxation where a backend is compiled in and it helps); no bound when `ctx` says the
/// caller discards it (a nested run), which saves the LP solves.
pub fn outcome(
    instance: &Instance,
    spec: &RunSpec,
    ctx: &SolveContext,
    assignment: Vec<u32>,
    status: Status,
) -> SolveOutcome {
    let partition = Partition::from_assignment(spec.m, assignment);
    let bound = if ctx.wants_bound() {
        bounds::heuristic_bound(instance, spec, &partition)
    } else {
        None
    };
    let mut out = SolveOutcome::new(Some(partition), status);
    out.bound = bound;
    out
}

/// A one-dimensional method: balances the target's [`single_key`], ignores caps, proves
/// nothing (status `unknown`, which the harness turns into `feasible` when the caps are met).
#[derive(Clone, Copy, Debug)]
pub struct SingleKey {
    /// Registry id.
    pub id: &'static str,
    /// One line for `fairshard solvers`.
    pub summary: &'static str,
    /// The method: one value per task and m -> one subset index per task, each below m.
    pub method: fn(&[u128], usize) -> Vec<u32>,
}

impl Partitioner for SingleKey {
    fn id(&self) -> &str {
        self.id
    }

    fn info(&self) -> SolverInfo {
        SolverInfo {
            summary: self.summary.into(),
            exact: false,
            targets: vec![Target::Workload, Target::Profit, Target::Makespan],
            caps: false,
            time_limit: false,
        }
    }

    fn prepare<'a>(&'a self, instance: &'a Instance, spec: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError> {
        Ok(Box::new(Deferred(move |ctx: &SolveContext| {
            let key = single_key(instance, spec.target);
            let assignment = (self.method)(&key, spec.m);
            Ok(outcome(instance, spec, ctx, assignment, Status::Unknown))
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::{Task, measure};

    #[test]
    fn bi_lpt_is_deterministic_for_a_seed() {
        let inst = Instance::new(
            "d",
            (0..300u64).map(|j| Task::new(1000 + j * j % 977, 1 + j % 7)).collect(),
        )
        .unwrap();
        let spec = RunSpec::new(4, Target::Balanced).with_seed(9);
        let solver = bi::BiLpt {
            kick_evals: 50_000,
            ..bi::BiLpt::default()
        };
        let a = measure(&solver, &inst, &spec).outcome.partition;
        let b = measure(&solver, &inst, &spec).outcome.partition;
        assert_eq!(a, b);
    }
}
