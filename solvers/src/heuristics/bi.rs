//! `heur/bi-lpt`: balances workload and profit together.
//!
//! Construction: LPT on the normalised combined key w_j/W + p_j/P (each task's share of the
//! total workload plus its share of the total profit), into the subset with the smallest
//! combined load. Improvement: [`State::descend`] move/swap local search on the target's
//! lexicographic score, honouring gamma caps (a partition within the caps always wins).
//! Deterministic: no randomness at all.

use super::local::State;
use fairshard_harness::{
    Deferred, Instance, Partitioner, Prepared, RunSpec, SolveContext, SolveError, SolverInfo,
    Stats, Status, Target,
};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// Evaluations the local search may spend per run (each is O(m)).
const MAX_EVALS: u64 = 20_000_000;

/// The bi-objective LPT + local search heuristic.
#[derive(Clone, Copy, Debug, Default)]
pub struct BiLpt;

/// f64 with a total order, for the heap.
#[derive(Clone, Copy, PartialEq, PartialOrd)]
struct Load(f64);
impl Eq for Load {}
impl Ord for Load {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// LPT on the normalised combined key.
pub fn combined_lpt(instance: &Instance, m: usize) -> Vec<u32> {
    let w_total = instance.total_workload() as f64;
    let p_total = instance.total_profit() as f64;
    let share = |x: u128, total: f64| if total > 0.0 { x as f64 / total } else { 0.0 };
    let key: Vec<f64> = instance
        .tasks()
        .iter()
        .map(|t| share(u128::from(t.workload), w_total) + share(t.profit(), p_total))
        .collect();
    let mut order: Vec<usize> = (0..key.len()).collect();
    order.sort_by(|&a, &b| key[b].total_cmp(&key[a]).then(a.cmp(&b)));
    let mut heap: BinaryHeap<Reverse<(Load, u32)>> = (0..m as u32).map(|i| Reverse((Load(0.0), i))).collect();
    let mut assignment = vec![0u32; key.len()];
    for j in order {
        let Reverse((Load(load), i)) = heap.pop().expect("m >= 1");
        assignment[j] = i;
        heap.push(Reverse((Load(load + key[j]), i)));
    }
    assignment
}

impl Partitioner for BiLpt {
    fn id(&self) -> &str {
        "heur/bi-lpt"
    }

    fn info(&self) -> SolverInfo {
        SolverInfo {
            summary: "LPT on normalised workload+profit, then move/swap local search".into(),
            exact: false,
            targets: Target::ALL.to_vec(),
            caps: true,
            time_limit: true,
        }
    }

    fn prepare<'a>(&'a self, instance: &'a Instance, spec: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError> {
        Ok(Box::new(Deferred(move |ctx: &SolveContext| {
            let start = combined_lpt(instance, spec.m);
            let mut state = State::new(instance, spec.target, spec.caps, spec.m, start);
            let steps = state.descend(ctx, MAX_EVALS);
            let status = if ctx.expired() {
                Status::TimeLimit
            } else {
                Status::Unknown
            };
            let mut out = super::outcome(instance, spec, state.assignment, status);
            out.raw_status = format!("local optimum after {steps} improving steps");
            if status == Status::TimeLimit {
                out.raw_status = format!("deadline after {steps} improving steps");
            }
            out.stats = Stats {
                iterations: steps,
                ..Stats::default()
            };
            Ok(out)
        })))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::{Partition, Task, measure};
    use proptest::prelude::*;

    fn random_instance(w: &[u64], r: &[u64]) -> Instance {
        Instance::new("p", w.iter().zip(r).map(|(&w, &r)| Task::new(w, r)).collect()).unwrap()
    }

    proptest! {
        #[test]
        fn local_search_never_worsens_its_start(
            w in prop::collection::vec(1u64..100_000, 4..40),
            r in prop::collection::vec(1u64..50, 40),
            m in 2usize..5,
        ) {
            prop_assume!(m <= w.len());
            let inst = random_instance(&w, &r[..w.len()]);
            let spec = RunSpec::new(m, Target::Balanced);
            let run = measure(&BiLpt, &inst, &spec);
            let p = run.outcome.partition.clone().unwrap();
            p.check(&inst).unwrap();
            let start = Partition::from_assignment(m, combined_lpt(&inst, m)).fairness(&inst);
            let f = run.fairness.unwrap();
            let score = |f: &fairshard_harness::Fairness| f.gamma1().excess().max(f.gamma2().excess());
            prop_assert!(score(&f) <= score(&start));
        }
    }

    #[test]
    fn caps_are_honoured_when_reachable() {
        // Identical tasks: any even split meets gamma1 = gamma2 = 1.
        let inst = random_instance(&[5; 12], &[7; 12]);
        let spec = RunSpec::new(3, Target::Profit).with_caps(Some(1.0), None);
        let run = measure(&BiLpt, &inst, &spec);
        assert_eq!(run.outcome.status, Status::Feasible);
        assert_eq!(run.fairness.unwrap().gamma1().value(), 1.0);
    }
}
