//! Native partition heuristics: no ILP, deterministic, O(n log n) constructions.
//!
//! Every heuristic reports the certified bound of [`crate::bounds::heuristic_bound`] on its
//! target's objective (cheap, or the LP relaxation's where it helps), so every record carries
//! a bound and a gap.

pub mod anneal;
pub mod bi;
pub mod classes;
pub mod complete;
pub mod kk;
pub mod list;
pub mod local;
pub mod multifit;
pub mod pair;
pub mod tree;

use crate::bounds;
use crate::registry::Entry;
use fairshard_harness::{
    Deferred, Instance, Partition, Partitioner, Prepared, RunSpec, SolveContext, SolveError, SolveOutcome, SolverInfo,
    Status, Target,
};

/// The heuristics' registry entries.
pub fn entries() -> &'static [Entry] {
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
        Entry {
            id: complete::ID,
            summary: "complete anytime: KK, exact two-way repartitions (CKK), then branch and bound; proves optimality",
            feature: None,
            make: Some(|| Box::new(complete::Complete::default())),
        },
        Entry {
            id: "heur/bi-lpt",
            summary: "bi-objective: vector-aware LPT, then move/swap local search on (gamma1, gamma2); scales to 10^6",
            feature: None,
            make: Some(|| Box::new(bi::BiLpt::default())),
        },
    ]
}

/// The single quantity a one-dimensional method balances for `target`: profit when the target
/// is profit, workload otherwise (balanced and feasibility fall back to the workload, the
/// quantity that sets the round's execution time).
pub fn single_key(instance: &Instance, target: Target) -> Vec<u128> {
    let tasks = instance.tasks();
    match target {
        Target::Profit => tasks.iter().map(|t| t.profit()).collect(),
        Target::Workload | Target::Balanced | Target::Feasibility => {
            tasks.iter().map(|t| u128::from(t.workload)).collect()
        }
    }
}

/// Task indices sorted by `key`, largest first; ties keep task order (deterministic). Sorts
/// contiguous (key, index) pairs: no indirect loads in the comparisons.
pub fn largest_first(key: &[u128]) -> Vec<usize> {
    let mut pairs: Vec<(std::cmp::Reverse<u128>, u32)> = key
        .iter()
        .enumerate()
        .map(|(j, &k)| (std::cmp::Reverse(k), j as u32))
        .collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, j)| j as usize).collect()
}

/// The subset sums of `key` under `assignment` into `m` subsets (each entry below m).
pub(crate) fn subset_sums(key: &[u128], m: usize, assignment: &[u32]) -> Vec<u128> {
    let mut sums = vec![0u128; m];
    for (j, &s) in assignment.iter().enumerate() {
        sums[s as usize] += key[j];
    }
    sums
}

/// The outcome of a heuristic: its partition and status, with the certified bound of
/// [`bounds::heuristic_bound`] on the target's objective (the cheap bound, tightened by the
/// LP relaxation where a backend is compiled in and it helps).
pub fn outcome(instance: &Instance, spec: &RunSpec, assignment: Vec<u32>, status: Status) -> SolveOutcome {
    let partition = Partition::from_assignment(spec.m, assignment);
    let bound = bounds::heuristic_bound(instance, spec, &partition);
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
            targets: vec![Target::Workload, Target::Profit],
            caps: false,
            time_limit: false,
        }
    }

    fn prepare<'a>(&'a self, instance: &'a Instance, spec: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError> {
        Ok(Box::new(Deferred(move |_: &SolveContext| {
            let key = single_key(instance, spec.target);
            let assignment = (self.method)(&key, spec.m);
            Ok(outcome(instance, spec, assignment, Status::Unknown))
        })))
    }
}

/// Test support shared by the one-dimensional methods.
#[cfg(test)]
pub(crate) mod check {
    /// The subset sums of assignment `a` of `key` into m subsets, after checking that it has
    /// one entry per task, each below m, no empty subset, and keeps the total.
    pub fn loads(key: &[u128], m: usize, a: &[u32]) -> Result<Vec<u128>, String> {
        if a.len() != key.len() {
            return Err(format!("{} entries for {} tasks", a.len(), key.len()));
        }
        let mut loads = vec![0u128; m];
        let mut counts = vec![0usize; m];
        for (j, &s) in a.iter().enumerate() {
            let s = s as usize;
            if s >= m {
                return Err(format!("task {j} in subset {s} of {m}"));
            }
            loads[s] += key[j];
            counts[s] += 1;
        }
        if let Some(i) = counts.iter().position(|&c| c == 0) {
            return Err(format!("subset {i} is empty"));
        }
        if loads.iter().sum::<u128>() != key.iter().sum::<u128>() {
            return Err("the total changed".into());
        }
        Ok(loads)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::{Task, measure};
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Every heuristic assigns each task once, reports the certified bound, and no method
        /// reports an objective below it (the harness would turn that into an error).
        #[test]
        fn every_heuristic_has_a_bound_never_beaten(
            tasks in prop::collection::vec((1u64..1_000_000, 1u64..100), 2..60),
            m in 1usize..6,
            target in prop::sample::select(vec![Target::Workload, Target::Profit, Target::Balanced]),
            cap in prop::option::of(1.0f64..1.3),
        ) {
            prop_assume!(m <= tasks.len());
            let inst = Instance::new("h", tasks.iter().map(|&(w, r)| Task::new(w, r)).collect()).unwrap();
            // A cap on the other quantity (or on gamma1 for the balanced target) brings in the
            // LP relaxation's bound where a backend is compiled in.
            let mut spec = match target {
                Target::Workload => RunSpec::new(m, target).with_caps(None, cap),
                _ => RunSpec::new(m, target).with_caps(cap, None),
            };
            spec.time_limit = Some(std::time::Duration::from_millis(20));
            for e in entries() {
                let solver: Box<dyn Partitioner> = if e.id == "heur/bi-lpt" {
                    Box::new(bi::BiLpt {
                        kick_evals: 10_000,
                        ..bi::BiLpt::default()
                    })
                } else {
                    (e.make.unwrap())()
                };
                let run = measure(solver.as_ref(), &inst, &spec);
                prop_assert!(run.error.is_none(), "{}: {:?}", e.id, run.error);
                let p = run.outcome.partition.as_ref().unwrap();
                prop_assert_eq!(p.assignment().len(), inst.len());
                let (obj, bound) = (run.objective.unwrap(), run.outcome.bound.unwrap());
                prop_assert!(bound <= obj * (1.0 + 1e-12), "{}: bound {} > objective {}", e.id, bound, obj);
            }
        }
    }

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
