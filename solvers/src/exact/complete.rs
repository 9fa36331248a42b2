//! `heur/complete`: a complete anytime method for one quantity, minimising gamma = max/min
//! (the paper's (1a) for workload, (1b) for profit).
//!
//! Three phases, each improving the incumbent:
//!
//! 1. multiway Karmarkar-Karp ([`crate::heuristics::kk`]);
//! 2. two-way repartitions: the tasks of the heaviest and the lightest subset (then of other
//!    pairs) are split again as evenly as possible by complete Karmarkar-Karp
//!    ([`crate::heuristics::pair`], Korf 1998), as in the recursive decomposition of Korf (2009) and
//!    Schreiber and Korf (2013); every accepted repartition strictly narrows its pair, so the
//!    sum of squared loads falls and the phase ends; then the move/swap descent of
//!    [`crate::heuristics::local`] on the target's gamma (which escapes the plateaus two-way splits meet
//!    on instances with few distinct values), and the repartitions again if it moved;
//! 3. an exact search: with many distinct values and at most [`NPART_MAX`] tasks, or
//!    [`NPART_LAZY_MAX`] into at least [`NPART_LAZY_MIN_SUBSETS`] subsets (sums within
//!    `u64`), the subset-sum search of [`super::npart`] (bin completion with windows and
//!    iterative weakening, started from the incumbent; its refuted goals are certified bounds,
//!    reported when it stops); otherwise branch and bound over tasks in decreasing order
//!    ([`super::bnb`]).
//!
//! With few distinct values (at most [`super::classes::MAX_CLASSES`], and a narrow enough
//! window of subset loads) phase 3 is instead the exact search over value classes of
//! [`super::classes`], which works on count vectors and proves optima the task-level search
//! cannot reach (the real `dao100`: 6 distinct gas values).
//!
//! Under a cap on the other quantity (profit under a gamma1 cap: a front's point) the classes
//! are distinct (workload, profit) pairs; the start is the better within the cap of
//! `heur/bi-lpt`'s (also from [`Complete::start`], a front's previous point) and the capped
//! quantity's own optimum improved by `heur/bi-lpt` (when that optimum breaks the cap,
//! `infeasible` is proven). Without few classes the capped run returns `heur/bi-lpt`'s
//! partition, unproven.
//!
//! Whenever the incumbent meets the certified bound of [`crate::bounds`] the search is over.
//! Finishing the search (by the bound or by exhausting the tree) proves the incumbent optimal:
//! status `optimal`. The deadline stops it with the incumbent (`time-limit`); without a
//! deadline a node budget does (`unknown`). The workload and profit targets are exact, and
//! the makespan target (the largest subset workload) where the subset-sum search applies
//! (after the repartitions, without the descent or the value classes, which minimise a
//! ratio); for the others the method balances workload and proves nothing.

use super::Ending;
use super::bnb::{better, branch_and_bound, gamma};
use super::classes::{OtherCap, class_search};
use super::npart;
use crate::bounds::SpreadBound;
use crate::heuristics::bi::BiLpt;
use crate::heuristics::kk::karmarkar_karp;
use crate::heuristics::local::State;
use crate::heuristics::outcome;
use crate::heuristics::pair::improve_pairs;
use crate::util::{single_key, subset_sums};
use fairshard_harness::{
    CAP_TOLERANCE, Caps, Deferred, Instance, Partition, Partitioner, Prepared, Proof, RunSpec, SolveContext,
    SolveError, SolverInfo, Stats, Status, Target, WarmStart, makespan_excess, measure_nested,
};

/// Registry id.
pub const ID: &str = "heur/complete";

/// Branch-and-bound nodes allowed when the run has no deadline.
pub const NODE_BUDGET: u64 = 20_000_000;
/// Nodes of the value-class search allowed when the run has no deadline (its nodes are far
/// cheaper: tens of seconds; the real data's capped optima need up to a few hundred million).
pub const CLASS_NODE_BUDGET: u64 = 1 << 31;
/// Nodes of the subset-sum search ([`super::npart`]) allowed when the run has no deadline.
pub const NPART_NODE_BUDGET: u64 = 20_000_000;
/// Most positive tasks the subset-sum search takes with its precomputed candidate lists.
pub const NPART_MAX: usize = 64;
/// Beyond [`NPART_MAX`] and up to this many positive tasks the subset-sum search enumerates
/// candidates lazily, into at least [`NPART_LAZY_MIN_SUBSETS`] subsets. Into two (one subset
/// sum over all the tasks: `dao100@norm`'s profit) the branch and bound over tasks proves far
/// sooner.
pub const NPART_LAZY_MAX: usize = 128;
/// See [`NPART_LAZY_MAX`]. With 100 log-normal tasks into 5 to 25 subsets (tens of tasks per
/// subset) the lazy search proves in milliseconds what the branch and bound over tasks does
/// not reach in seconds.
pub const NPART_LAZY_MIN_SUBSETS: usize = 3;
/// Candidate evaluations of the move/swap descent between phases 2 and 3.
const DESCENT_EVALS: u64 = 5_000_000;
/// Under a cap: the share of the run's remaining time given to the relaxation (the target's
/// optimum without the cap). Without a deadline it has the node budgets of a search of its
/// own ([`NODE_BUDGET`], [`CLASS_NODE_BUDGET`]): a sixteenth of them stopped the relaxation of
/// `dao100@norm`'s profit at m = 2, which the branch and bound proves in 1.9 million nodes
/// (0.4 s).
const RELAX_SHARE: f64 = 0.25;

/// The complete anytime method.
#[derive(Clone, Debug, Default)]
pub struct Complete {
    /// Under a cap on the other quantity: a partition to start from besides `heur/bi-lpt`'s
    /// (e.g. a front's previous point, which meets every larger cap). Ignored otherwise.
    pub start: Option<Partition>,
}

impl Complete {
    /// The method starting from `start` (see [`Complete::start`]).
    pub fn starting_from(start: Option<Partition>) -> Self {
        Self { start }
    }
}

/// Under a cap on the other quantity, a start joins `heur/bi-lpt`'s (see [`Complete::start`]);
/// otherwise it is ignored.
impl WarmStart for Complete {
    fn with_start(&self, start: Partition) -> Box<dyn Partitioner> {
        Box::new(Complete::starting_from(Some(start)))
    }
}

impl Partitioner for Complete {
    fn id(&self) -> &str {
        ID
    }

    fn warm_start(&self) -> Option<&dyn WarmStart> {
        Some(self)
    }

    fn info(&self) -> SolverInfo {
        SolverInfo {
            summary: "KK, two-way CKK repartitions, then branch and bound on max/min; anytime, proves optimality"
                .into(),
            exact: true,
            targets: vec![Target::Workload, Target::Profit, Target::Makespan],
            caps: true,
            time_limit: true,
        }
    }

    fn prepare<'a>(&'a self, instance: &'a Instance, spec: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError> {
        Ok(Box::new(Deferred(move |ctx: &SolveContext| {
            let m = spec.m;
            let key = single_key(instance, spec.target);
            let spread = SpreadBound::of(key.clone(), key.iter().sum(), m);
            // Without a deadline, node budgets end the searches (deterministically).
            let budgets = ctx.deadline().is_none();
            let stop_tasks = |nodes: u64| (budgets && nodes >= NODE_BUDGET) || ctx.expired();
            let stop_classes = |nodes: u64| (budgets && nodes >= CLASS_NODE_BUDGET) || ctx.expired();
            let search = match other_cap(instance, spec) {
                Some((other, cap)) => {
                    let other = OtherCap { key: &other, cap };
                    capped(
                        instance,
                        spec,
                        ctx,
                        self.start.clone(),
                        (&key, &spread),
                        other,
                        &stop_classes,
                    )
                }
                None => uncapped(instance, spec, ctx, (&key, &spread), (&stop_tasks, &stop_classes)),
            };
            let Search {
                assignment,
                ending,
                infeasible,
                steps,
                nodes,
                how,
                proof,
                bound,
            } = search;
            let exact = matches!(spec.target, Target::Workload | Target::Profit | Target::Makespan);
            let mut out = outcome(instance, spec, ctx, assignment, Status::Unknown);
            let partition = out.partition.as_ref().expect("set by outcome");
            let fairness = partition.fairness(instance);
            let meets = spec.caps.met_by(&fairness, CAP_TOLERANCE);
            out.status = match ending {
                _ if infeasible => {
                    out.partition = None;
                    Status::Infeasible
                }
                Ending::Finished if meets => Status::Optimal,
                // The optimum of the target's own gamma breaks that gamma's cap: none can meet it.
                Ending::Finished
                    if (spec.target == Target::Workload
                        && spec.caps.gamma1.is_some_and(|c| !fairness.gamma1().within(c)))
                        || (spec.target == Target::Profit
                            && spec.caps.gamma2.is_some_and(|c| !fairness.gamma2().within(c))) =>
                {
                    out.partition = None;
                    Status::Infeasible
                }
                _ if ctx.expired() => Status::TimeLimit,
                _ => Status::Unknown,
            };
            out.raw_status = match (ending, exact) {
                (Ending::Finished, _) => format!("search{how} finished after {steps} repartitions and {nodes} nodes"),
                (Ending::Stopped, true) => format!("stopped{how} after {steps} repartitions and {nodes} nodes"),
                (Ending::Stopped, false) => format!("{steps} repartitions; not exact for this target"),
            };
            if out.status == Status::Optimal {
                out.bound = None; // the harness sets it to the proven objective
            } else if ctx.wants_bound()
                && let Some(b) = bound
            {
                out.bound = Some(out.bound.map_or(b, |cheap| cheap.max(b)));
            }
            out.proof = proof;
            out.stats = Stats {
                solves: steps,
                nodes,
                iterations: 0,
            };
            out.effective.time_limit_s = spec.time_limit.map(|d| d.as_secs_f64());
            Ok(out)
        })))
    }
}

/// What a search left: the incumbent, how the search ended, repartitions and nodes, and a
/// note on the method (empty for the task-level search).
struct Search {
    assignment: Vec<u32>,
    ending: Ending,
    /// Proven: no partition meets the caps.
    infeasible: bool,
    steps: u64,
    nodes: u64,
    how: &'static str,
    /// What proves the outcome when the search finished (or `infeasible` is set).
    proof: Proof,
    /// A certified lower bound on the objective (gamma - 1) from the search, if it has one
    /// better than the cheap bounds'.
    bound: Option<f64>,
}

/// What proved a finished search: the certified bound when it searched no node, else the
/// search itself.
fn searched(nodes: u64, by: Proof) -> Proof {
    if nodes == 0 { Proof::Bound } else { by }
}

/// For the workload (profit) target under a cap on gamma2 (gamma1): the other quantity per
/// task and its cap. An infinite cap is no cap.
fn other_cap(instance: &Instance, spec: &RunSpec) -> Option<(Vec<u128>, f64)> {
    let (other, cap) = match spec.target {
        Target::Workload => (Target::Profit, spec.caps.gamma2?),
        Target::Profit => (Target::Workload, spec.caps.gamma1?),
        _ => return None,
    };
    cap.is_finite().then(|| (single_key(instance, other), cap))
}

/// Without a cap on the other quantity: phases 1 to 3 of the module doc.
fn uncapped(
    instance: &Instance,
    spec: &RunSpec,
    ctx: &SolveContext,
    (key, spread): (&[u128], &SpreadBound),
    (stop_tasks, stop_classes): (&dyn Fn(u64) -> bool, &dyn Fn(u64) -> bool),
) -> Search {
    let m = spec.m;
    let mut assignment = karmarkar_karp(key, m);
    let mut steps = improve_pairs(key, m, &mut assignment, &|| ctx.expired());
    let makespan = spec.target == Target::Makespan;
    let exact = matches!(spec.target, Target::Workload | Target::Profit);
    let root = spread.gamma();
    let at_bound = |a: &[u32]| root.is_some_and(|r| gamma(&subset_sums(key, m, a)).is_some_and(|g| g <= r));
    if makespan {
        // The largest subset workload: the subset-sum search where it applies (from the
        // repartitions' incumbent), else the heuristics' partition, unproven.
        let found = if ctx.expired() {
            None
        } else {
            subset_search(key, m, &mut assignment, ctx, npart::Objective::Makespan)
        };
        let ((ending, nodes), bound, how) = match found {
            Some((e, b)) => (e, b, " (subset sums, makespan)"),
            None => {
                // Beyond the search's reach the repartitions' partition is still proven
                // optimal when its largest subset meets the certified bound.
                let largest = subset_sums(key, m, &assignment).into_iter().max().unwrap_or(0);
                if largest <= crate::bounds::makespan_lo(key, key.iter().sum(), m) {
                    (
                        (Ending::Finished, 0),
                        None,
                        " (makespan: repartitions, at the certified bound)",
                    )
                } else {
                    ((Ending::Stopped, 0), None, " (makespan: repartitions only)")
                }
            }
        };
        return Search {
            assignment,
            ending,
            infeasible: false,
            steps,
            nodes,
            how,
            proof: searched(nodes, Proof::SubsetSearch),
            bound,
        };
    }
    if exact && !ctx.expired() && !at_bound(&assignment) {
        // Move/swap descent on the target's gamma: it escapes the plateaus of the
        // two-way splits on instances with few distinct values.
        let mut state = State::new(instance, spec.target, Caps::NONE, m, assignment);
        let (moved, _) = state.descend(ctx, DESCENT_EVALS);
        assignment = state.assignment;
        if moved > 0 {
            steps += moved + improve_pairs(key, m, &mut assignment, &|| ctx.expired());
        }
    }
    let mut how = "";
    let mut by = Proof::TaskSearch;
    let mut bound = None;
    let (ending, nodes) = if exact && !ctx.expired() {
        // Few distinct values: the exact search over count vectors; otherwise (or when
        // its window is too wide) the subset-sum search, or beyond its reach the branch and
        // bound over tasks.
        match class_search(
            key,
            None,
            m,
            &mut assignment,
            spread.max_lo,
            spread.min_hi,
            stop_classes,
        ) {
            Some(found) => {
                how = " (value classes)";
                by = Proof::ValueClasses;
                found
            }
            None => match subset_search(key, m, &mut assignment, ctx, npart::Objective::Ratio) {
                Some((found, b)) => {
                    how = " (subset sums)";
                    by = Proof::SubsetSearch;
                    bound = b;
                    found
                }
                None => branch_and_bound(key, m, &mut assignment, root, stop_tasks),
            },
        }
    } else {
        (Ending::Stopped, 0)
    };
    Search {
        assignment,
        ending,
        infeasible: false,
        steps,
        nodes,
        how,
        proof: searched(nodes, by),
        bound,
    }
}

/// The subset-sum search of [`super::npart`] on `key` from the incumbent `assignment`
/// (replaced when it finds better), on the run's deadline (without one, within
/// [`NPART_NODE_BUDGET`] nodes). `None` when it does not apply: more than [`NPART_MAX`]
/// positive tasks (and, lazily, more than [`NPART_LAZY_MAX`] or fewer than
/// [`NPART_LAZY_MIN_SUBSETS`] subsets), a total beyond `u64`, or (for the ratio) fewer positive tasks than
/// subsets. Else how it ended, its nodes, and its certified bound on the objective in
/// fairshard's units (gamma - 1 for the ratio, see [`npart_bound`]).
fn subset_search(
    key: &[u128],
    m: usize,
    assignment: &mut [u32],
    ctx: &SolveContext,
    objective: npart::Objective,
) -> Option<((Ending, u64), Option<f64>)> {
    let total: u128 = key.iter().sum();
    let positive = key.iter().filter(|&&x| x > 0).count();
    let lazy = positive <= NPART_LAZY_MAX && m >= NPART_LAZY_MIN_SUBSETS;
    if total > u128::from(u64::MAX)
        || (positive > NPART_MAX && !lazy)
        || (objective == npart::Objective::Ratio && positive < m)
    {
        return None;
    }
    let weights: Vec<u64> = key.iter().map(|&x| x as u64).collect();
    let start: Vec<usize> = assignment.iter().map(|&b| b as usize).collect();
    let limits = npart::Limits {
        deadline: ctx.deadline(),
        node_budget: ctx.deadline().is_none().then_some(NPART_NODE_BUDGET),
    };
    let out = npart::solve(&weights, m, objective, Some(&start), &limits);
    let value = |a: &[u32]| {
        let l = subset_sums(key, m, a);
        match objective {
            npart::Objective::Ratio => (
                l.iter().copied().max().unwrap_or(0),
                l.iter().copied().min().unwrap_or(0),
            ),
            npart::Objective::Makespan => (l.iter().copied().max().unwrap_or(0), 1),
        }
    };
    let found: Vec<u32> = out.assignment.iter().map(|&b| b as u32).collect();
    let (new, old) = (value(&found), value(assignment));
    // Never worse than the start: (max, min) compared as ratios (min 0: infinite).
    let not_worse = match (new.1, old.1) {
        (0, _) => old.1 == 0,
        (_, 0) => true,
        _ => new.0 * old.1 <= old.0 * new.1,
    };
    if not_worse || out.proven {
        assignment.copy_from_slice(&found);
    }
    let ending = if out.proven { Ending::Finished } else { Ending::Stopped };
    Some(((ending, out.nodes), npart_bound(out.lower_bound, total as u64, m)))
}

/// npart's certified bound in fairshard's units, never above the true value (so it stays
/// certified): the ratio `num / den` as gamma - 1 rounded down; the makespan `v` as
/// `v / (T / m) - 1` (the excess of the largest subset over the ideal `T / m`, see
/// `Target::objective`). `None` when infinite.
pub(crate) fn npart_bound(bound: npart::Bound, total: u64, m: usize) -> Option<f64> {
    match bound {
        npart::Bound::Ratio { den: 0, .. } => None,
        npart::Bound::Ratio { num, den } => Some(excess_down(u128::from(num), u128::from(den))),
        // The objective's own formula, monotone in the largest sum: never above any
        // partition's value.
        npart::Bound::Value(v) => Some(makespan_excess(u128::from(v), u128::from(total), m)),
    }
}

/// `num / den - 1` as `f64`, never above the exact value: the quotient's three roundings
/// (each operand and the division, each within half an ulp) are covered by a relative
/// margin of four machine epsilons.
pub(crate) fn excess_down(num: u128, den: u128) -> f64 {
    if num <= den {
        // Zero or below (gamma never is, the makespan excess can be): keep it exact in sign.
        let below = (den - num) as f64 / den as f64;
        return -(below * (1.0 + 4.0 * f64::EPSILON));
    }
    let q = (num - den) as f64 / den as f64;
    q * (1.0 - 4.0 * f64::EPSILON)
}

/// Under a cap on the other quantity: `heur/bi-lpt`'s partition (which meets the caps where
/// it can; from `given` too, see [`Complete::start`]), then the value-class search under the cap. Without few enough classes nothing is
/// proven (the task-level search ignores the other quantity).
fn capped(
    instance: &Instance,
    spec: &RunSpec,
    ctx: &SolveContext,
    given: Option<Partition>,
    (key, spread): (&[u128], &SpreadBound),
    other: OtherCap,
    stop: &dyn Fn(u64) -> bool,
) -> Search {
    let m = spec.m;
    let meets =
        |a: &[u32]| gamma(&subset_sums(other.key, m, a)).is_some_and(|g| g.at_most(other.cap * (1.0 + CAP_TOLERANCE)));
    if let Some(found) = relaxed(instance, spec, ctx, (key, spread), &meets) {
        return found;
    }
    // Nested runs of `heur/bi-lpt` on this run's clock, vetted by the harness; their bounds
    // are not used.
    let nested = ctx.clone().without_bound();
    let start = measure_nested(&nested, &BiLpt::starting_from(given), instance, spec)
        .outcome
        .partition;
    let mut assignment = match start {
        Some(p) if p.check(instance).is_ok() && p.m() == m => p.assignment().to_vec(),
        _ => karmarkar_karp(key, m),
    };
    let ratio = |a: &[u32]| gamma(&subset_sums(key, m, a));
    let mut nodes = 0;
    if !ctx.expired() {
        // A second start: the other quantity's own optimum (value classes), which meets the
        // cap whenever any partition does (else it proves that none does), improved on the
        // target by the local search (which keeps the cap). It matters when the first start
        // breaks the cap, or meets it far from the target's optimum (a window too wide).
        let mut alt = karmarkar_karp(other.key, m);
        let sb = SpreadBound::of(other.key.to_vec(), other.key.iter().sum(), m);
        if let Some((ending, n)) = class_search(other.key, None, m, &mut alt, sb.max_lo, sb.min_hi, stop) {
            nodes += n;
            if meets(&alt) {
                let from = BiLpt::starting_from(Some(Partition::from_assignment(m, alt.clone())));
                let alt = measure_nested(&nested, &from, instance, spec)
                    .outcome
                    .partition
                    .map(|p| p.assignment().to_vec())
                    .filter(|a| meets(a))
                    .unwrap_or(alt);
                if !meets(&assignment) || better(ratio(&alt), ratio(&assignment)) {
                    assignment = alt;
                }
            } else if ending == Ending::Finished {
                return Search {
                    assignment,
                    ending,
                    infeasible: true,
                    steps: 0,
                    nodes,
                    how: " (value classes: the capped quantity's optimum breaks its cap)",
                    proof: Proof::Relaxation,
                    bound: None,
                };
            }
        }
    }
    let found = if ctx.expired() {
        None
    } else {
        class_search(key, Some(other), m, &mut assignment, spread.max_lo, spread.min_hi, stop)
    };
    let (ending, how, proof) = match found {
        Some((ending, n)) => {
            nodes += n;
            (ending, " (value classes, capped)", searched(n, Proof::ValueClasses))
        }
        None => (
            Ending::Stopped,
            " (capped: heur/bi-lpt's partition; value classes do not apply)",
            Proof::None,
        ),
    };
    Search {
        assignment,
        ending,
        infeasible: false,
        steps: 0,
        nodes,
        how,
        proof,
        bound: None,
    }
}

/// Under a cap on the other quantity: the target's optimum without the cap, a relaxation
/// (the cap only removes partitions). When that search finishes and its optimum meets the
/// cap, it is the capped optimum: the returned search says so. It gets [`RELAX_SHARE`] of the
/// remaining time (without a deadline, the node budgets of a search of its own).
/// It runs only when Karmarkar-Karp's partition of the target already meets the cap (a cap
/// loose enough that the target's optimum may meet it too, as Fig. 3's gamma <= 100); under a
/// tight cap (a front's point) the time goes to the capped search instead. The gate only
/// chooses which search runs: nothing is proven from it.
fn relaxed(
    instance: &Instance,
    spec: &RunSpec,
    ctx: &SolveContext,
    (key, spread): (&[u128], &SpreadBound),
    meets: &dyn Fn(&[u32]) -> bool,
) -> Option<Search> {
    if !meets(&karmarkar_karp(key, spec.m)) {
        return None;
    }
    let sub = ctx.share(RELAX_SHARE);
    let budgets = sub.deadline().is_none();
    let stop_tasks = |nodes: u64| (budgets && nodes >= NODE_BUDGET) || sub.expired();
    let stop_classes = |nodes: u64| (budgets && nodes >= CLASS_NODE_BUDGET) || sub.expired();
    let search = uncapped(instance, spec, &sub, (key, spread), (&stop_tasks, &stop_classes));
    // The target's own optimum breaking the target's own cap proves that none meets it.
    let own = match spec.target {
        Target::Workload => spec.caps.gamma1,
        _ => spec.caps.gamma2,
    };
    let breaks_own = own.is_some_and(|c| {
        gamma(&subset_sums(key, spec.m, &search.assignment)).is_none_or(|g| !g.at_most(c * (1.0 + CAP_TOLERANCE)))
    });
    (search.ending == Ending::Finished && (meets(&search.assignment) || breaks_own)).then_some(Search {
        how: " (the optimum without the cap meets it)",
        proof: Proof::Relaxation,
        ..search
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::{Ratio, Task, measure};
    use proptest::prelude::*;

    /// The optimal gamma by exhaustive enumeration (subsets opened in order, so each partition
    /// is visited once up to renaming).
    fn brute_force(key: &[u128], m: usize) -> Option<Ratio> {
        fn go(j: usize, key: &[u128], loads: &mut Vec<u128>, used: usize, best: &mut Option<Ratio>) {
            if j == key.len() {
                if used == loads.len() {
                    let g = gamma(loads);
                    if better(g, *best) {
                        *best = g;
                    }
                }
                return;
            }
            for i in 0..(used + 1).min(loads.len()) {
                loads[i] += key[j];
                go(j + 1, key, loads, used.max(i + 1), best);
                loads[i] -= key[j];
            }
        }
        let mut best = None;
        go(0, key, &mut vec![0; m], 0, &mut best);
        best
    }

    fn instance(w: &[u64]) -> Instance {
        Instance::new("c", w.iter().map(|&w| Task::new(w, 1)).collect()).unwrap()
    }

    /// The 48-bit uniform instances of the literature are proven through the subset-sum
    /// search (or its bound alone; at n = 30 the value classes may apply first), at both of
    /// its objectives.
    #[test]
    fn proves_uniform_48_bit_instances_by_subset_sums() {
        let inst = fairshard_datasets::open("uniform:n=30,seed=1,bits=48").unwrap();
        for target in [Target::Workload, Target::Makespan] {
            let run = measure(&Complete::default(), &inst, &RunSpec::new(5, target));
            assert_eq!(
                run.outcome.status,
                Status::Optimal,
                "{target}: {}",
                run.outcome.raw_status
            );
            assert!(
                matches!(
                    run.outcome.proof,
                    Proof::SubsetSearch | Proof::Bound | Proof::ValueClasses
                ),
                "{target}: {:?}",
                run.outcome.proof
            );
        }
    }

    /// A bound from the subset-sum search is never above the value it bounds.
    #[test]
    fn npart_bounds_round_down() {
        let b = npart_bound(npart::Bound::Ratio { num: 10, den: 7 }, 0, 2).unwrap();
        assert!(b <= 3.0 / 7.0 && b > 3.0 / 7.0 - 1e-15);
        assert_eq!(npart_bound(npart::Bound::Ratio { num: 1, den: 0 }, 0, 2), None);
        assert_eq!(npart_bound(npart::Bound::Value(6), 10, 2), Some(0.2));
    }

    #[test]
    fn finds_the_perfect_split_kk_misses() {
        // {8,7,6,5,4} into 2: KK gives 16/14; the optimum is {8,7} / {6,5,4}.
        let inst = instance(&[8, 7, 6, 5, 4]);
        let spec = RunSpec::new(2, Target::Workload);
        assert_eq!(
            measure(&crate::heuristics::kk::KK, &inst, &spec).objective,
            Some(2.0 / 14.0)
        );
        let run = measure(&Complete::default(), &inst, &spec);
        assert_eq!(run.outcome.status, Status::Optimal);
        assert_eq!(run.objective, Some(0.0));
        // Into 3, KK's (11,11,8) is optimal: two of the four largest share a subset (max >= 11).
        let run = measure(&Complete::default(), &inst, &RunSpec::new(3, Target::Workload));
        assert_eq!(run.outcome.status, Status::Optimal);
        assert_eq!(run.objective, Some(3.0 / 8.0));
    }

    #[test]
    fn an_impossible_cap_on_the_target_is_proven_infeasible() {
        // {5,5,5} into 2: the best is 10/5, gamma1 = 2.
        let inst = instance(&[5, 5, 5]);
        let spec = RunSpec::new(2, Target::Workload).with_caps(Some(1.5), None);
        assert_eq!(
            measure(&Complete::default(), &inst, &spec).outcome.status,
            Status::Infeasible
        );
        let spec = RunSpec::new(2, Target::Workload).with_caps(Some(2.0), None);
        assert_eq!(
            measure(&Complete::default(), &inst, &spec).outcome.status,
            Status::Optimal
        );
    }

    #[test]
    fn proves_log_normal_instances_optimal_at_the_trivial_bound() {
        // Near-perfect splits exist with many tasks per subset: the repartitions reach
        // max - min = 1 (the total is not divisible by m), which the bound certifies.
        for (n, m) in [(100, 5), (1_000, 10)] {
            let inst = fairshard_datasets::open(&format!("lognormal:n={n},seed=1")).unwrap();
            let run = measure(&Complete::default(), &inst, &RunSpec::new(m, Target::Workload));
            assert_eq!(run.outcome.status, Status::Optimal, "n={n}: {}", run.outcome.raw_status);
            assert_eq!(run.fairness.unwrap().workload.diff, 1, "n={n}");
        }
    }

    /// 100 log-normal tasks into 10 or 12 subsets (8 to 10 per subset): the lazy subset-sum
    /// search proves both objectives, where the branch and bound over tasks did not within
    /// its budget; beyond the search's reach (1,000 tasks) the makespan is proven when the
    /// repartitions meet the certified bound.
    #[test]
    fn proves_log_normal_instances_with_several_tasks_per_subset() {
        let inst = fairshard_datasets::open("lognormal:n=100,seed=1").unwrap();
        for m in [10, 12] {
            for target in [Target::Workload, Target::Makespan] {
                let run = measure(&Complete::default(), &inst, &RunSpec::new(m, target));
                assert_eq!(
                    run.outcome.status,
                    Status::Optimal,
                    "m={m} {target}: {}",
                    run.outcome.raw_status
                );
            }
        }
        let big = fairshard_datasets::open("lognormal:n=1000,seed=1").unwrap();
        let run = measure(&Complete::default(), &big, &RunSpec::new(20, Target::Makespan));
        assert_eq!(run.outcome.status, Status::Optimal, "{}", run.outcome.raw_status);
        assert_eq!(run.outcome.proof, Proof::Bound);
        let key: Vec<u128> = big.tasks().iter().map(|t| u128::from(t.workload)).collect();
        let largest = run.fairness.unwrap().workload.max;
        assert_eq!(largest, crate::bounds::makespan_lo(&key, key.iter().sum(), 20));
    }

    /// The real `dao100` (6 distinct gas values) and its normalised copy: the value-class
    /// search proves the workload optimum into 5 subsets, which the task-level search cannot.
    #[test]
    fn proves_dao100_optimal_by_value_classes() {
        for name in ["dao100", "dao100@norm"] {
            let inst = fairshard_datasets::open(name).unwrap();
            let run = measure(&Complete::default(), &inst, &RunSpec::new(5, Target::Workload));
            assert_eq!(
                run.outcome.status,
                Status::Optimal,
                "{name}: {}",
                run.outcome.raw_status
            );
            assert!(
                run.outcome.raw_status.contains("value classes"),
                "{}",
                run.outcome.raw_status
            );
            // The proven optimum is not below the certified cheap bound, and a second search
            // from a poor start (round robin, no incumbent help) reaches the same gamma.
            let key = single_key(&inst, Target::Workload);
            let sb = SpreadBound::of(key.clone(), key.iter().sum(), 5);
            let mut a: Vec<u32> = (0..key.len()).map(|j| (j % 5) as u32).collect();
            let (ending, _) = class_search(&key, None, 5, &mut a, sb.max_lo, sb.min_hi, &|_| false).unwrap();
            assert_eq!(ending, Ending::Finished);
            let mut loads = vec![0u128; 5];
            for (j, &s) in a.iter().enumerate() {
                loads[s as usize] += key[j];
            }
            let got = run.fairness.unwrap().gamma1();
            assert_eq!(fairshard_harness::Gamma::Finite(gamma(&loads).unwrap()), got, "{name}");
        }
    }

    /// The normalised real data's profit (18 distinct values) into many subsets, about three
    /// tasks each: the optima lie far above the cheap bound (about 2e-6), so only the
    /// configuration LP's refutations prove them. The optima were confirmed independently, by
    /// a MIP over the same count vectors for every candidate minimum (an exhaustive scan).
    #[test]
    fn proves_dao100_profit_optimal_for_many_subsets() {
        let inst = fairshard_datasets::open("dao100@norm").unwrap();
        for (m, max, min) in [(20, 933_208, 922_870), (25, 752_068, 728_070), (30, 633_800, 599_340)] {
            let run = measure(&Complete::default(), &inst, &RunSpec::new(m, Target::Profit));
            assert_eq!(run.outcome.status, Status::Optimal, "m={m}: {}", run.outcome.raw_status);
            assert_eq!(run.outcome.proof, Proof::ValueClasses, "m={m}");
            let g = run.fairness.unwrap().gamma2();
            let want = fairshard_harness::Gamma::Finite(Ratio::new(max, min).unwrap());
            assert_eq!(g.cmp(&want), std::cmp::Ordering::Equal, "m={m}: {g:?}");
        }
    }

    /// The optimal gamma over the partitions of a multiset, by enumerating count vectors (the
    /// next subset holds the remainder's first class): a check independent of the windows.
    fn count_brute_force(key: &[u128], m: usize) -> Option<Ratio> {
        let mut values: Vec<u128> = key.to_vec();
        values.sort_unstable_by(|a, b| b.cmp(a));
        values.dedup();
        let counts: Vec<u32> = values
            .iter()
            .map(|v| key.iter().filter(|&k| k == v).count() as u32)
            .collect();
        fn go(values: &[u128], r: &mut [u32], left: usize, loads: &mut Vec<u128>, best: &mut Option<Ratio>) {
            if left == 1 {
                if r.iter().any(|&a| a > 0) {
                    loads.push(r.iter().zip(values).map(|(&a, &v)| u128::from(a) * v).sum());
                    let g = gamma(loads);
                    if better(g, *best) {
                        *best = g;
                    }
                    loads.pop();
                }
                return;
            }
            let Some(first) = r.iter().position(|&a| a > 0) else {
                return;
            };
            let mut v = vec![0u32; r.len()];
            v[first] = 1;
            'vectors: loop {
                let l = v.iter().zip(values).map(|(&a, &x)| u128::from(a) * x).sum();
                r.iter_mut().zip(&v).for_each(|(x, &a)| *x -= a);
                loads.push(l);
                go(values, r, left - 1, loads, best);
                loads.pop();
                r.iter_mut().zip(&v).for_each(|(x, &a)| *x += a);
                let mut i = first;
                loop {
                    if i == r.len() {
                        break 'vectors;
                    }
                    if v[i] < r[i] {
                        v[i] += 1;
                        break;
                    }
                    v[i] = u32::from(i == first);
                    i += 1;
                }
            }
        }
        let mut best = None;
        go(&values, &mut counts.clone(), m, &mut Vec::new(), &mut best);
        best
    }

    /// A stop request ends the value-class search with a valid partition and `Stopped`.
    #[test]
    fn class_search_stops_when_asked() {
        let inst = fairshard_datasets::open("dao100").unwrap();
        let key = single_key(&inst, Target::Workload);
        let sb = SpreadBound::of(key.clone(), key.iter().sum(), 5);
        let mut a: Vec<u32> = (0..key.len()).map(|j| (j % 5) as u32).collect();
        let (ending, nodes) = class_search(&key, None, 5, &mut a, sb.max_lo, sb.min_hi, &|_| true).unwrap();
        assert_eq!(ending, Ending::Stopped);
        assert!(nodes > 0);
        crate::util::check::loads(&key, 5, &a).unwrap();
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        /// The value-class search alone, from a poor incumbent (round robin), finishes and
        /// finds the brute-force optimum on instances with many duplicates (n <= 12).
        #[test]
        fn class_search_equals_brute_force(
            w in prop::collection::vec(prop::sample::select(vec![1u64, 2, 3, 7, 10, 30]), 2..=12),
            m in 2usize..=4,
        ) {
            prop_assume!(m <= w.len());
            let key: Vec<u128> = w.iter().map(|&x| u128::from(x)).collect();
            let sb = SpreadBound::of(key.clone(), key.iter().sum(), m);
            let mut a: Vec<u32> = (0..key.len()).map(|j| (j % m) as u32).collect();
            let (ending, _) = class_search(&key, None, m, &mut a, sb.max_lo, sb.min_hi, &|_| false).unwrap();
            prop_assert_eq!(ending, Ending::Finished);
            let loads = crate::util::check::loads(&key, m, &a).map_err(TestCaseError::fail)?;
            let want = brute_force(&key, m);
            prop_assert!(!better(want, gamma(&loads)) && !better(gamma(&loads), want), "{:?} vs {:?}", want, gamma(&loads));
        }

        /// Up to 6 subsets of up to 14 tasks with few distinct values (where the
        /// configuration LP refutes windows, at the root and at the search's nodes): the
        /// value-class search from a poor incumbent finds the optimum of an enumeration over
        /// count vectors.
        #[test]
        fn class_search_equals_count_vector_brute_force(
            w in prop::collection::vec(prop::sample::select(vec![2u64, 3, 5, 7, 11, 12, 20]), 2..=14),
            m in 2usize..=6,
        ) {
            prop_assume!(m <= w.len());
            let key: Vec<u128> = w.iter().map(|&x| u128::from(x)).collect();
            let sb = SpreadBound::of(key.clone(), key.iter().sum(), m);
            let mut a: Vec<u32> = (0..key.len()).map(|j| (j % m) as u32).collect();
            let (ending, _) = class_search(&key, None, m, &mut a, sb.max_lo, sb.min_hi, &|_| false).unwrap();
            prop_assert_eq!(ending, Ending::Finished);
            let loads = crate::util::check::loads(&key, m, &a).map_err(TestCaseError::fail)?;
            let want = count_brute_force(&key, m);
            prop_assert!(!better(want, gamma(&loads)) && !better(gamma(&loads), want), "{:?} vs {:?}", want, gamma(&loads));
        }

        /// With many equal tasks (the symmetry rule for equal tasks is at work), the proven
        /// optimum still equals brute force.
        #[test]
        fn optimum_with_equal_tasks_equals_brute_force(
            w in prop::collection::vec(prop::sample::select(vec![1u64, 2, 3, 5, 8, 13]), 1..=12),
            m in 1usize..=4,
        ) {
            prop_assume!(m <= w.len());
            let inst = instance(&w);
            let run = measure(&Complete::default(), &inst, &RunSpec::new(m, Target::Workload));
            prop_assert_eq!(run.outcome.status, Status::Optimal);
            let key = single_key(&inst, Target::Workload);
            let got = run.fairness.unwrap().gamma1();
            let want = brute_force(&key, m);
            match (want, got) {
                (Some(b), fairshard_harness::Gamma::Finite(g)) => prop_assert_eq!(b.cmp(&g), std::cmp::Ordering::Equal),
                (b, g) => prop_assert!(b.is_none() && g.degenerate().is_some(), "{:?} vs {:?}", b, g),
            }
            // The branch and bound alone, from a poor incumbent and with no root bound to
            // stop early, searches the whole tree and must find the optimum too.
            let mut a: Vec<u32> = (0..key.len()).map(|j| (j % m) as u32).collect();
            let (ending, _) = branch_and_bound(&key, m, &mut a, None, &|_| false);
            prop_assert_eq!(ending, Ending::Finished);
            let mut loads = vec![0u128; m];
            for (j, &s) in a.iter().enumerate() {
                loads[s as usize] += key[j];
            }
            prop_assert!(!better(want, gamma(&loads)) && !better(gamma(&loads), want));
        }

        /// The makespan target through the harness: the proven optimum's largest subset
        /// workload equals brute force's, and the objective is its excess over T / m.
        #[test]
        fn makespan_optimum_equals_brute_force(
            w in prop::collection::vec(0u64..1_000, 1..=12),
            m in 1usize..=5,
        ) {
            prop_assume!(m <= w.len());
            let inst = instance(&w);
            let run = measure(&Complete::default(), &inst, &RunSpec::new(m, Target::Makespan));
            prop_assert!(run.error.is_none(), "{:?}", run.error);
            prop_assert_eq!(run.outcome.status, Status::Optimal, "{}", run.outcome.raw_status);
            let f = run.fairness.unwrap();
            // Brute force: every assignment (m^n <= 5^12).
            let n = w.len();
            let mut best = u128::MAX;
            let mut a = vec![0usize; n];
            loop {
                let mut loads = vec![0u128; m];
                for (j, &s) in a.iter().enumerate() {
                    loads[s] += u128::from(w[j]);
                }
                best = best.min(*loads.iter().max().unwrap());
                let mut i = 0;
                while i < n && a[i] + 1 == m {
                    a[i] = 0;
                    i += 1;
                }
                if i == n {
                    break;
                }
                a[i] += 1;
            }
            prop_assert_eq!(f.workload.max, best);
            let total: u128 = w.iter().map(|&x| u128::from(x)).sum();
            prop_assert_eq!(run.objective, Some(makespan_excess(best, total, m)));
        }

        /// The proven optimum equals brute force, for n <= 12.
        #[test]
        fn optimum_equals_brute_force(
            w in prop::collection::vec(0u64..200, 1..=12),
            m in 1usize..=4,
            profit in any::<bool>(),
        ) {
            prop_assume!(m <= w.len());
            let inst = Instance::new("c", w.iter().enumerate().map(|(j, &w)| Task::new(w, 1 + (j as u64 % 3))).collect()).unwrap();
            let target = if profit { Target::Profit } else { Target::Workload };
            let run = measure(&Complete::default(), &inst, &RunSpec::new(m, target));
            prop_assert_eq!(run.outcome.status, Status::Optimal, "{}", run.outcome.raw_status);
            let key = single_key(&inst, target);
            let f = run.fairness.unwrap();
            let got = if profit { f.gamma2() } else { f.gamma1() };
            let want = brute_force(&key, m);
            match (want, got) {
                (Some(w), fairshard_harness::Gamma::Finite(g)) => prop_assert_eq!(w.cmp(&g), std::cmp::Ordering::Equal),
                (None, g) => prop_assert!(g.degenerate().is_some()),
                (Some(w), g) => prop_assert!(false, "brute force {:?}, got {:?}", w, g),
            }
        }
    }
}
