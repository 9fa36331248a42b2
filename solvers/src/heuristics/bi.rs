//! `heur/bi-lpt`: balances workload and profit together.
//!
//! Construction: [`vector_lpt`], tasks by decreasing normalised combined key w_j/W + p_j/P,
//! each into the subset where it least raises the sum of squared relative loads (a
//! vector-aware LPT; the plain [`combined_lpt`] is kept for comparison); under a gamma cap,
//! also a partition balancing the capped quantity alone (Karmarkar-Karp and two-way
//! repartitions), the better local optimum kept. Improvement:
//! [`State::descend`], move/swap local search between the heaviest and lightest subsets on the
//! target's lexicographic score, honouring gamma caps (a partition within the caps always
//! wins); on instances up to [`KICK_MAX_N`] tasks, then iterated local search (random kicks
//! of a few moves from the best partition, descents, the better kept) for a fixed evaluation
//! budget. Deterministic for a seed: the kicks draw from SplitMix64 seeded with the run's
//! seed, and every budget is counted in evaluations, not time (the deadline only stops early).
//!
//! There (up to [`KICK_MAX_N`] tasks), a start that breaks a cap is first brought within it
//! in [`CAP_STAGES`] stages of geometrically tightened caps (each repair small, so the target
//! suffers less), and the best start's descent and the kicks' use deep steps (two tasks
//! against one or none). A given start ([`BiLpt::start`], a front's previous point) joins the
//! constructions: the result never scores worse than it, so grid fronts are monotone. Up to
//! [`ANNEAL_MAX_N`] tasks and [`anneal::MAX_M`] subsets the best partition is then annealed
//! ([`ANNEAL`]) and polished by a deep descent; the polished result replaces it only when its
//! exact score is better.

use super::anneal::{self, Schedule};
use super::local::State;
use super::pair::improve_pairs;
use crate::util::{SplitMix, Tournament, float, single_key};
use fairshard_harness::{
    Caps, Deferred, Instance, Partition, Partitioner, Prepared, RunSpec, SolveContext, SolveError, SolverInfo, Stats,
    Status, Target, WarmStart,
};
use std::cmp::Reverse;
use std::collections::BinaryHeap;

/// The registry id.
pub const ID: &str = "heur/bi-lpt";
/// Candidate evaluations (each O(1)) the first descent may spend.
const MAX_EVALS: u64 = 10_000_000;
/// Instances up to this size are then improved by iterated local search ...
pub const KICK_MAX_N: usize = 20_000;
/// ... spending at most this many more evaluations ...
pub const KICK_EVALS: u64 = 700_000;
/// ... with kicks of this many random moves.
const KICK_MOVES: usize = 3;
/// Instances up to this size end with simulated annealing ([`super::anneal`]) ...
pub const ANNEAL_MAX_N: usize = 2_000;
/// ... for this schedule (rounds of candidates), then a final descent.
pub const ANNEAL: Schedule = Schedule {
    rounds: 3,
    evals_per_round: 400_000,
};
/// Stages in which a start that breaks a cap is brought within it (on instances up to
/// [`KICK_MAX_N`] tasks).
const CAP_STAGES: usize = 8;

/// The bi-objective vector LPT + local search heuristic.
#[derive(Clone, Debug)]
pub struct BiLpt {
    /// Evaluations the iterated local search may spend after the first descent.
    pub kick_evals: u64,
    /// The annealing phase's schedule on instances up to [`ANNEAL_MAX_N`] tasks and
    /// [`anneal::MAX_M`] subsets (no rounds: none).
    pub anneal: Schedule,
    /// A partition to start from besides the constructions, e.g. a front's previous point,
    /// which meets every larger cap: the local search only accepts improvements, so the result
    /// scores no worse than it. Ignored unless it is a valid partition into the run's m subsets.
    pub start: Option<Partition>,
}

impl Default for BiLpt {
    fn default() -> Self {
        Self {
            kick_evals: KICK_EVALS,
            anneal: ANNEAL,
            start: None,
        }
    }
}

impl BiLpt {
    /// The default heuristic, also starting from `start` (see [`BiLpt::start`]).
    pub fn starting_from(start: Option<Partition>) -> Self {
        Self {
            start,
            ..Self::default()
        }
    }
}

/// f64 with a total order, for the heap.
#[derive(Clone, Copy, PartialEq)]
struct Load(f64);
impl Eq for Load {}
impl PartialOrd for Load {
    fn partial_cmp(&self, other: &Self) -> Option<std::cmp::Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Load {
    fn cmp(&self, other: &Self) -> std::cmp::Ordering {
        self.0.total_cmp(&other.0)
    }
}

/// Each task's share of the total workload plus its share of the total profit, and the
/// per-subset targets (averages) W/m and P/m.
fn shares(instance: &Instance, m: usize) -> (Vec<f64>, f64, f64) {
    let w_total = instance.total_workload() as f64;
    let p_total = instance.total_profit() as f64;
    let share = |x: u128, total: f64| if total > 0.0 { float(x) / total } else { 0.0 };
    let key = instance
        .tasks()
        .iter()
        .map(|t| share(u128::from(t.workload), w_total) + share(t.profit(), p_total))
        .collect();
    (key, (w_total / m as f64).max(1.0), (p_total / m as f64).max(1.0))
}

/// Task indices by decreasing combined share, ties by task index. Sorted as integers
/// `!share bits << 32 | index`: shares are never negative, and the bits of non-negative
/// doubles order as the values do, so one integer comparison decides (no indirect loads,
/// no float comparisons).
fn by_share(key: &[f64]) -> Vec<usize> {
    let mut packed: Vec<u128> = key
        .iter()
        .enumerate()
        .map(|(j, &k)| u128::from(!k.to_bits()) << 32 | j as u128)
        .collect();
    packed.sort_unstable();
    packed.into_iter().map(|x| x as u32 as usize).collect()
}

/// LPT on the normalised combined key w_j/W + p_j/P.
pub fn combined_lpt(instance: &Instance, m: usize) -> Vec<u32> {
    let (key, _, _) = shares(instance, m);
    let mut heap: BinaryHeap<Reverse<(Load, u32)>> = (0..m as u32).map(|i| Reverse((Load(0.0), i))).collect();
    let mut assignment = vec![0u32; key.len()];
    for j in by_share(&key) {
        let Reverse((Load(load), i)) = heap.pop().expect("m >= 1");
        assignment[j] = i;
        heap.push(Reverse((Load(load + key[j]), i)));
    }
    assignment
}

/// Directions (weights of relative workload, relative profit) along which the least loaded
/// subset is tracked: the candidates of [`vector_lpt`].
const DIRECTIONS: [(f64, f64); 3] = [(1.0, 0.0), (1.0, 1.0), (0.0, 1.0)];

/// Vector-aware LPT: tasks by decreasing combined share; each goes to the subset where it
/// least increases the potential `sum_i (w_i/(W/m))^2 + (p_i/(P/m))^2`, i.e. the least
/// `(w_i, p_i) . (w_j, p_j)` after normalising, among the least loaded subsets along three
/// directions ([`DIRECTIONS`]; the minimiser lies on the lower convex hull of the subsets'
/// loads, which these directions sample). Ties: smaller sum, then lower index. One
/// tournament tree per direction holds its least loaded subset (ties: lower index); the
/// subset that gains a task replays its matches in each tree only up to the first whose
/// winner is unchanged (at n = 10^6, m = 10^3, about 1.4 of the 3 root paths per task).
/// O(n log n + n log m) time and O(n + m) memory.
pub fn vector_lpt(instance: &Instance, m: usize) -> Vec<u32> {
    let (key, w_avg, p_avg) = shares(instance, m);
    let order = by_share(&key);
    drop(key);
    // The tasks' (workload, profit) in that order, gathered in one pass: the loop below then
    // reads them sequentially instead of waiting on a cache miss per task.
    let tasks = instance.tasks();
    let loads: Vec<(f64, f64)> = order
        .iter()
        .map(|&j| (tasks[j].workload as f64, float(tasks[j].profit())))
        .collect();
    // Each subset's workload and profit, and both relative to the average, w_i/(W/m) and
    // p_i/(P/m) (computed once per change, not once per use).
    let (mut w, mut p) = (vec![0f64; m], vec![0f64; m]);
    let (mut rw, mut rp) = (vec![0f64; m], vec![0f64; m]);
    // A tree node is a subset's load along the direction and its index, packed as
    // `load bits << 32 | index`: loads are never negative, and the bits of non-negative
    // doubles order as the values do, so the least node is the least load, ties to the lower
    // index, and each match is one branch-free integer comparison.
    let node = |load: f64, i: usize| u128::from(load.to_bits()) << 32 | i as u128;
    let start: Vec<u128> = (0..m).map(|i| node(0.0, i)).collect();
    let mut trees: [_; DIRECTIONS.len()] = std::array::from_fn(|_| Tournament::new(&start, u128::MAX, u128::min));
    let mut assignment = vec![0u32; order.len()];
    for (&j, &(wj, pj)) in order.iter().zip(&loads) {
        let mut best: Option<(f64, f64, u32)> = None;
        for tree in &trees {
            let i = tree.winner() as u32; // the node's low 32 bits
            // The growth of sum_i (w_i/(W/m))^2 + (p_i/(P/m))^2 when task j joins subset i.
            let (a, b) = (rw[i as usize], rp[i as usize]);
            let cand = (a * wj / w_avg + b * pj / p_avg, a + b, i);
            if best.is_none_or(|bst| cand < bst) {
                best = Some(cand);
            }
        }
        let i = best.expect("m >= 1").2 as usize;
        assignment[j] = i as u32;
        w[i] += wj;
        p[i] += pj;
        (rw[i], rp[i]) = (w[i] / w_avg, p[i] / p_avg);
        for (tree, (a, b)) in trees.iter_mut().zip(DIRECTIONS) {
            tree.set(i, node(a * rw[i] + b * rp[i], i));
        }
    }
    assignment
}

/// The starting partitions: the vector LPT, and for each capped quantity a partition that
/// balances that quantity alone (Karmarkar-Karp, then two-way repartitions), so that a cap
/// within reach of the one-dimensional methods is met from the start.
fn starts(instance: &Instance, spec: &RunSpec, ctx: &SolveContext) -> Vec<Vec<u32>> {
    let mut out = vec![vector_lpt(instance, spec.m)];
    let capped = spec.caps.gamma1.is_some() || spec.caps.gamma2.is_some();
    for (cap, target) in [(spec.caps.gamma1, Target::Workload), (spec.caps.gamma2, Target::Profit)] {
        // KK on each capped quantity, and on the target's own under a cap on the other (a
        // front's point): its near-perfect split of the target often meets a loose cap.
        if cap.is_some() || (capped && spec.target == target) {
            let key = single_key(instance, target);
            let mut a = super::kk::karmarkar_karp(&key, spec.m);
            improve_pairs(&key, spec.m, &mut a, &|| ctx.expired());
            out.push(a);
        }
    }
    out
}

/// A start that breaks a cap is brought within it in [`CAP_STAGES`] stages: descents on the
/// target under caps tightened geometrically from the start's own gammas to the run's caps.
/// Each repair is then small and spoils the target less than one repair all at once (the
/// descent takes the largest cut in violation, whatever it costs the target). Returns the
/// partition, steps and evaluations; a start within the caps is returned as it is.
fn within_caps_by_stages(
    instance: &Instance,
    spec: &RunSpec,
    ctx: &SolveContext,
    start: Vec<u32>,
) -> (Vec<u32>, u64, u64) {
    let p = Partition::from_assignment(spec.m, start);
    let f = p.fairness(instance);
    let mut a = p.assignment().to_vec();
    // The stage-k cap: c * (g / c)^(1 - k/K) when the start's gamma g breaks the cap c.
    let stage = |cap: Option<f64>, g: f64, k: usize| {
        cap.map(|c| {
            if g.is_finite() && g > c {
                c * (g / c).powf(1.0 - k as f64 / CAP_STAGES as f64)
            } else {
                c
            }
        })
    };
    let (g1, g2) = (f.gamma1().value(), f.gamma2().value());
    if stage(spec.caps.gamma1, g1, 0) == spec.caps.gamma1 && stage(spec.caps.gamma2, g2, 0) == spec.caps.gamma2 {
        return (a, 0, 0); // within the caps (or infinitely far from them)
    }
    let (mut steps, mut evals) = (0, 0);
    for k in 1..CAP_STAGES {
        let caps = Caps {
            gamma1: stage(spec.caps.gamma1, g1, k),
            gamma2: stage(spec.caps.gamma2, g2, k),
        };
        let mut trial = State::new(instance, spec.target, caps, spec.m, a);
        let (s, e) = trial.descend(ctx, MAX_EVALS);
        (steps, evals) = (steps + s, evals + e);
        a = trial.assignment;
    }
    (a, steps, evals)
}

/// A start joins the constructions; the local search only accepts improvements, so the result
/// scores no worse than it, and it repairs a start that breaks the caps.
impl WarmStart for BiLpt {
    fn with_start(&self, start: Partition) -> Box<dyn Partitioner> {
        Box::new(BiLpt {
            start: Some(start),
            ..self.clone()
        })
    }

    fn refines(&self) -> bool {
        true
    }
}

impl Partitioner for BiLpt {
    fn id(&self) -> &str {
        ID
    }

    fn warm_start(&self) -> Option<&dyn WarmStart> {
        Some(self)
    }

    fn info(&self) -> SolverInfo {
        SolverInfo {
            summary: "vector-aware LPT (and KK on capped quantities), then move/swap local search".into(),
            exact: false,
            targets: Target::ALL.to_vec(),
            caps: true,
            time_limit: true,
        }
    }

    fn prepare<'a>(&'a self, instance: &'a Instance, spec: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError> {
        Ok(Box::new(Deferred(move |ctx: &SolveContext| {
            let (mut state, mut steps, mut evals, mut budget_hit) = (None::<State>, 0, 0, false);
            let given = self
                .start
                .as_ref()
                .filter(|p| p.m() == spec.m && p.check(instance).is_ok())
                .map(|p| p.assignment().to_vec());
            for start in starts(instance, spec, ctx).into_iter().chain(given) {
                let start = if instance.len() <= KICK_MAX_N {
                    let (a, s, e) = within_caps_by_stages(instance, spec, ctx, start);
                    (steps, evals) = (steps + s, evals + e);
                    a
                } else {
                    start
                };
                let mut trial = State::new(instance, spec.target, spec.caps, spec.m, start);
                let (s, e) = trial.descend(ctx, MAX_EVALS);
                (steps, evals) = (steps + s, evals + e);
                budget_hit |= e >= MAX_EVALS;
                if state
                    .as_ref()
                    .is_none_or(|best| trial.score().better_than(&best.score()))
                {
                    state = Some(trial);
                }
            }
            let mut state = state.expect("at least one start");
            if instance.len() <= KICK_MAX_N && !ctx.expired() {
                // From here on, descents also try two-task steps (only small subsets can).
                state = state.with_deep_steps();
                let (s, e) = state.descend(ctx, MAX_EVALS);
                (steps, evals) = (steps + s, evals + e);
            }
            // Iterated local search on small instances: kick the best, descend, keep a better.
            let mut rng = SplitMix::new(spec.seed);
            let mut best_score = state.score();
            let mut spent = 0;
            while instance.len() <= KICK_MAX_N && spent < self.kick_evals && !ctx.expired() {
                let mut trial = state.clone();
                trial.kick(&mut rng, KICK_MOVES);
                let (s, e) = trial.descend(ctx, self.kick_evals - spent);
                spent += e.max(1);
                let score = trial.score();
                if score.better_than(&best_score) {
                    best_score = score;
                    state = trial;
                    steps += s;
                }
            }
            evals += spent;
            // Annealing on small instances: it may climb out of the descents' local optimum.
            if instance.len() <= ANNEAL_MAX_N && spec.m <= anneal::MAX_M && !ctx.expired() {
                let (found, spent) = anneal::anneal(instance, spec, &state.assignment, &mut rng, self.anneal, ctx);
                evals += spent;
                if let Some(a) = found {
                    let mut trial = State::new(instance, spec.target, spec.caps, spec.m, a).with_deep_steps();
                    let (s, e) = trial.descend(ctx, MAX_EVALS);
                    evals += e;
                    if trial.score().better_than(&state.score()) {
                        state = trial;
                        steps += s + 1;
                    }
                }
            }
            let status = if ctx.expired() {
                Status::TimeLimit
            } else {
                Status::Unknown
            };
            let mut out = super::outcome(instance, spec, ctx, state.assignment, status);
            let why = match (status, budget_hit) {
                (Status::TimeLimit, _) => "deadline",
                (_, true) => "evaluation budget",
                _ => "local optimum",
            };
            out.raw_status = format!("{why} after {steps} improving steps ({evals} evaluations)");
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

    /// Where the LP relaxation helps (the balanced target), `heur/bi-lpt` reports its bound
    /// (well above the cheap one there).
    #[cfg(feature = "highs")]
    #[test]
    fn reports_the_lp_bound_where_it_helps() {
        let inst = fairshard_datasets::open("lognormal:n=30,seed=3").unwrap();
        let spec = RunSpec::new(5, Target::Balanced);
        let lp = crate::bounds::lp_objective_bound(&inst, &spec).unwrap();
        let run = measure(&BiLpt::default(), &inst, &spec);
        assert!(run.error.is_none(), "{:?}", run.error);
        assert_eq!(run.outcome.bound, Some(lp));
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
            let run = measure(&BiLpt { kick_evals: 20_000, anneal: Schedule { rounds: 1, evals_per_round: 20_000 }, start: None }, &inst, &spec);
            let p = run.outcome.partition.clone().unwrap();
            p.check(&inst).unwrap();
            let start = Partition::from_assignment(m, vector_lpt(&inst, m)).fairness(&inst);
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
        let run = measure(
            &BiLpt {
                kick_evals: 20_000,
                ..BiLpt::default()
            },
            &inst,
            &spec,
        );
        assert_eq!(run.outcome.status, Status::Feasible);
        assert_eq!(run.fairness.unwrap().gamma1().value(), 1.0);
    }
}
