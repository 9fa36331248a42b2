//! Simulated annealing on (gamma1, gamma2), the last phase of `heur/bi-lpt` on small
//! instances.
//!
//! The descents of [`super::local`] look only at the extreme subsets and accept only
//! improvements of the lexicographic score, so under a tight cap they stop where every repair
//! of one quantity spoils the other. On a log-normal instance with a dominant task (n = 100,
//! m = 5, gamma1 <= 1.11) the last partitions they reach sit several per cent above what a
//! walk that may climb finds. Annealing walks instead: random moves of one task and swaps of
//! two, scored by the smooth cost
//!
//! `PENALTY * sum over caps of max(0, ln gamma - ln cap) + primary + SECONDARY * (ln gamma1 + ln gamma2)`
//!
//! where primary is the target's ln gamma (the larger of the two for `balanced` and
//! `feasibility`), and accepted with the Metropolis rule at a temperature that falls
//! geometrically from [`T_START`] to [`T_END`] over the budget. Each candidate costs O(m)
//! (the sums of the two subsets it changes, the extremes rescanned), so the phase is for small
//! m ([`MAX_M`]). Rounds restart from the best partition found so far. Deterministic for a
//! seed; the deadline only stops early. The caller polishes the result with the exact
//! lexicographic descent and keeps it only if it scores better.

use crate::util::{SplitMix, float};
use fairshard_harness::{Caps, Instance, RunSpec, SolveContext, Target};

/// Largest m for which the phase runs (each candidate costs O(m)).
pub const MAX_M: usize = 64;
/// Weight of a cap's violation (in ln gamma) against the target's ln gamma.
const PENALTY: f64 = 10.0;
/// Weight of ln gamma1 + ln gamma2, which breaks the target's plateaus (moves between subsets
/// that are not extreme still change it).
const SECONDARY: f64 = 1e-3;
/// Temperature (in ln gamma) at the start of each round ...
const T_START: f64 = 0.03;
/// ... and at its end.
const T_END: f64 = 1e-6;
/// Candidates between two looks at the deadline.
const CHECK_EVERY: u64 = 4096;

/// The annealing schedule: rounds of `evals_per_round` candidates each.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Schedule {
    pub rounds: u32,
    pub evals_per_round: u64,
}

/// What the walk minimises, over the sums of the subsets relative to their means.
struct Cost {
    target: Target,
    /// ln of each cap (infinite when absent).
    ln_cap1: f64,
    ln_cap2: f64,
}

impl Cost {
    fn new(target: Target, caps: Caps) -> Self {
        let ln = |c: Option<f64>| c.map_or(f64::INFINITY, f64::ln);
        Self {
            target,
            ln_cap1: ln(caps.gamma1),
            ln_cap2: ln(caps.gamma2),
        }
    }

    /// The cost of a partition whose sums span (max, min) workload `w` and profit `p`.
    fn of(&self, (w_max, w_min): (f64, f64), (p_max, p_min): (f64, f64)) -> f64 {
        if w_min <= 0.0 || p_min <= 0.0 {
            return f64::INFINITY;
        }
        let (e1, e2) = ((w_max / w_min).ln(), (p_max / p_min).ln());
        let over = (e1 - self.ln_cap1).max(0.0) + (e2 - self.ln_cap2).max(0.0);
        let primary = match self.target {
            Target::Workload | Target::Makespan => e1,
            Target::Profit => e2,
            Target::Balanced | Target::Feasibility => e1.max(e2),
        };
        PENALTY * over + primary + SECONDARY * (e1 + e2)
    }
}

/// (max, min) of `v` with entries a and b replaced by `xa` and `xb`.
fn span(v: &[f64], a: usize, xa: f64, b: usize, xb: f64) -> (f64, f64) {
    let (mut max, mut min) = (xa.max(xb), xa.min(xb));
    for (i, &x) in v.iter().enumerate() {
        if i != a && i != b {
            max = max.max(x);
            min = min.min(x);
        }
    }
    (max, min)
}

/// Anneals from `start` (one subset index below m per task); returns the best partition the
/// walk met, or `None` when it met none better than `start` (by the cost above), and the
/// candidates it evaluated.
pub fn anneal(
    instance: &Instance,
    spec: &RunSpec,
    start: &[u32],
    rng: &mut SplitMix,
    schedule: Schedule,
    ctx: &SolveContext,
) -> (Option<Vec<u32>>, u64) {
    let (n, m) = (start.len(), spec.m);
    if m < 2 || n < 2 || schedule.evals_per_round == 0 {
        return (None, 0);
    }
    // Sums relative to their means, so both quantities are on one scale.
    let (w_total, p_total) = (float(instance.total_workload()), float(instance.total_profit()));
    if w_total <= 0.0 || p_total <= 0.0 {
        return (None, 0);
    }
    let tasks: Vec<(f64, f64)> = instance
        .tasks()
        .iter()
        .map(|t| {
            (
                t.workload as f64 * m as f64 / w_total,
                float(t.profit()) * m as f64 / p_total,
            )
        })
        .collect();
    let cost = Cost::new(spec.target, spec.caps);
    let mut best = start.to_vec();
    let mut best_cost = None;
    let decay = (T_END / T_START).powf(1.0 / schedule.evals_per_round as f64);
    let uniform = |rng: &mut SplitMix| (rng.next_u64() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
    let mut improved = false;
    let mut spent = 0u64;
    'rounds: for _ in 0..schedule.rounds {
        let mut a = best.clone();
        let (mut w, mut p) = (vec![0f64; m], vec![0f64; m]);
        for (&s, &(tw, tp)) in a.iter().zip(&tasks) {
            w[s as usize] += tw;
            p[s as usize] += tp;
        }
        let whole = |w: &[f64]| {
            w.iter()
                .fold((f64::MIN, f64::MAX), |(hi, lo), &x| (hi.max(x), lo.min(x)))
        };
        let mut current = cost.of(whole(&w), whole(&p));
        best_cost.get_or_insert(current);
        let mut temperature = T_START;
        for k in 0..schedule.evals_per_round {
            if k % CHECK_EVERY == 0 && ctx.expired() {
                break 'rounds;
            }
            spent += 1;
            temperature *= decay;
            let j = (rng.next_u64() % n as u64) as usize;
            let from = a[j] as usize;
            // Half the candidates move task j to another subset, half swap it with a task
            // of another subset.
            let swap = rng.next_u64() & 1 == 1;
            let (to, other, dw, dp) = if swap {
                let k = (rng.next_u64() % n as u64) as usize;
                let to = a[k] as usize;
                if to == from {
                    continue;
                }
                (to, Some(k), tasks[j].0 - tasks[k].0, tasks[j].1 - tasks[k].1)
            } else {
                let to = (from + 1 + (rng.next_u64() % (m as u64 - 1)) as usize) % m;
                (to, None, tasks[j].0, tasks[j].1)
            };
            let (wf, wt, pf, pt) = (w[from] - dw, w[to] + dw, p[from] - dp, p[to] + dp);
            let next = cost.of(span(&w, from, wf, to, wt), span(&p, from, pf, to, pt));
            let delta = next - current;
            if !(delta <= 0.0 || uniform(rng) < (-delta / temperature).exp()) {
                continue;
            }
            (w[from], w[to], p[from], p[to]) = (wf, wt, pf, pt);
            a[j] = to as u32;
            if let Some(k) = other {
                a[k] = from as u32;
            }
            current = next;
            if best_cost.is_some_and(|b| current < b) {
                best_cost = Some(current);
                best.copy_from_slice(&a);
                improved = true;
            }
        }
    }
    (improved.then_some(best), spent)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::{Partition, Task};

    fn instance(tasks: &[(u64, u64)]) -> Instance {
        Instance::new("t", tasks.iter().map(|&(w, r)| Task::new(w, r)).collect()).unwrap()
    }

    #[test]
    fn annealing_finds_the_perfect_split_from_a_bad_one() {
        // Tasks (w, r); the start puts the two heaviest together.
        let inst = instance(&[(4, 3), (3, 5), (1, 3), (2, 4)]);
        let start = [0, 0, 1, 1];
        let mut rng = SplitMix::new(1);
        let schedule = Schedule {
            rounds: 2,
            evals_per_round: 20_000,
        };
        let spec = RunSpec::new(2, Target::Balanced);
        let ctx = SolveContext::new(std::time::Instant::now(), &spec);
        let (got, spent) = anneal(&inst, &spec, &start, &mut rng, schedule, &ctx);
        assert_eq!(spent, 40_000);
        let got = got.unwrap();
        let f = Partition::from_assignment(2, got).fairness(&inst);
        // The best split by max(gamma1, gamma2), by brute force over the 16 assignments.
        let brute = (0u32..16)
            .map(|mask| {
                let a: Vec<u32> = (0..4).map(|j| mask >> j & 1).collect();
                Partition::from_assignment(2, a).fairness(&inst)
            })
            .filter(|f| f.gamma1().value().is_finite() && f.gamma2().value().is_finite())
            .map(|f| f.gamma1().value().max(f.gamma2().value()))
            .fold(f64::INFINITY, f64::min);
        assert_eq!(f.gamma1().value().max(f.gamma2().value()), brute);
    }

    #[test]
    fn no_improvement_gives_none_and_the_cost_respects_caps() {
        // Two identical tasks into two subsets: the start is already perfect.
        let inst = instance(&[(5, 2), (5, 2)]);
        let mut rng = SplitMix::new(3);
        let schedule = Schedule {
            rounds: 1,
            evals_per_round: 1_000,
        };
        let spec = RunSpec::new(2, Target::Profit);
        let ctx = SolveContext::new(std::time::Instant::now(), &spec);
        assert_eq!(anneal(&inst, &spec, &[0, 1], &mut rng, schedule, &ctx).0, None);
        // A cap's violation outweighs the target: ln 2 over a cap of 1 costs 10 ln 2 + ...
        let cost = Cost::new(
            Target::Profit,
            Caps {
                gamma1: Some(1.0),
                gamma2: None,
            },
        );
        assert!(cost.of((2.0, 1.0), (1.0, 1.0)) > cost.of((1.0, 1.0), (2.0, 1.0)));
        assert_eq!(cost.of((1.0, 0.0), (1.0, 1.0)), f64::INFINITY);
    }
}
