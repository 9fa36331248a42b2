//! Target balancing: rounds a fractional solution of the lump relaxation to a partition whose
//! subset loads are within a hair of the relaxation's, by exact re-splits of pairs of subsets.
//!
//! The lump relaxation ([`super::formulation::lump_relaxation`]) places the large tasks and
//! spreads the small ones fractionally; its loads `T_i` (workload and profit per subset) meet
//! the caps with the relaxation's ratio, which is within about 1e-4 of the optimum on the
//! log-normal front. A partition whose loads are that close to `T` is as good. Rounding the
//! small tasks one by one fails (the last ones cannot hit two windows of width 1e-4 at once),
//! and so do descents on the ratio (only the extreme subsets count, so they stall about 5e-4
//! above). Targets give every subset a reason to move, and pairs give the precision:
//!
//! each round picks two subsets a and b at random and up to `2 * HALF` of their movable tasks
//! (not the relaxation's large, integer ones); every split of those between a and b is a sum of
//! one split of each half (meet in the middle: `2 * 2^HALF` partial sums, the second half
//! sorted by the heavier-weighted quantity, and for each sum of the first half the
//! `2 * NEIGHBOURS` of the second nearest in that quantity are scored, not every split). The
//! split with the least weighted squared deviation of a's and b's loads from their targets is
//! kept if it beats the current one. When `stale` rounds in a row change nothing (a local minimum of the re-splits), a kick
//! moves a few random movable tasks to random subsets and the descent goes on from there. With
//! `HALF = 14` a split has `2^28` choices: enough to hit both targets of a pair to
//! about 1e-5 of a mean load. O(2^HALF (HALF + NEIGHBOURS) + n) per round, and O(n) for the
//! caller's `done` after each change.
//!
//! Deterministic for a seed; the deadline and the caller's `done` only stop early.

use super::formulation::Scaled;
use crate::util::SplitMix;
use fairshard_harness::SolveContext;

/// Tasks per half of a re-split.
pub const HALF: usize = 14;

/// Neighbours on each side scored per partial sum of the first half.
const NEIGHBOURS: usize = 24;

/// Per-subset targets and the weight of each quantity's deviation from them.
#[derive(Clone, Debug)]
pub struct Targets {
    /// Target scaled load per quantity (index as [`Scaled::values`]), per subset.
    pub loads: [Vec<f64>; 2],
    /// Weight of a deviation of one mean load, per quantity (0: ignored).
    pub weights: [f64; 2],
}

impl Targets {
    /// The weighted squared deviation of subset `i` with loads `(w, p)`.
    fn cost(&self, i: usize, w: f64, p: f64) -> f64 {
        let dw = (w - self.loads[0][i]) * self.weights[0];
        let dp = (p - self.loads[1][i]) * self.weights[1];
        dw * dw + dp * dp
    }
}

/// When a balancing run kicks and stops, and its random stream.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Limits {
    /// Most rounds in all.
    pub rounds: usize,
    /// Rounds in a row without a change after which it kicks (or stops, when out of kicks).
    pub stale: usize,
    /// Most kicks.
    pub kicks: usize,
    /// Movable tasks a kick moves to random subsets.
    pub kick: usize,
    /// Seed of the pair, task and kick choices.
    pub seed: u64,
}

/// How a balancing run ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Ended {
    /// Rounds run.
    pub rounds: usize,
    /// Rounds that changed the assignment.
    pub moves: usize,
    /// Kicks made.
    pub kicks: usize,
    /// `done` returned true.
    pub done: bool,
}

/// Balances `assignment` (task -> subset, in `0..data.m`) towards `targets`, moving no task
/// marked `fixed`, within `limits` and the context's deadline. After every change
/// `done(assignment)` is asked whether to stop.
pub fn balance(
    data: &Scaled,
    assignment: &mut [u32],
    fixed: &[bool],
    targets: &Targets,
    limits: Limits,
    ctx: &SolveContext,
    mut done: impl FnMut(&[u32]) -> bool,
) -> Ended {
    let m = data.m;
    let rng = &mut SplitMix::new(limits.seed);
    let [w, p] = &data.values;
    let mut loads = [vec![0.0; m], vec![0.0; m]];
    for (j, &i) in assignment.iter().enumerate() {
        loads[0][i as usize] += w[j];
        loads[1][i as usize] += p[j];
    }
    // Sort the second half by the quantity that weighs more.
    let key = usize::from(targets.weights[1] > targets.weights[0]);
    let mut ended = Ended {
        rounds: 0,
        moves: 0,
        kicks: 0,
        done: false,
    };
    let movable: Vec<usize> = (0..assignment.len()).filter(|&j| !fixed[j]).collect();
    let mut quiet = 0;
    let mut pool = Vec::new();
    while ended.rounds < limits.rounds && m >= 2 && !ctx.expired() {
        if quiet >= limits.stale {
            // A local minimum of the re-splits: kick, or stop.
            if ended.kicks >= limits.kicks || movable.is_empty() {
                break;
            }
            ended.kicks += 1;
            quiet = 0;
            for _ in 0..limits.kick {
                let j = movable[(rng.next_u64() % movable.len() as u64) as usize];
                let (from, to) = (assignment[j] as usize, (rng.next_u64() % m as u64) as usize);
                loads[0][from] -= w[j];
                loads[1][from] -= p[j];
                loads[0][to] += w[j];
                loads[1][to] += p[j];
                assignment[j] = to as u32;
            }
        }
        ended.rounds += 1;
        quiet += 1;
        let a = (rng.next_u64() % m as u64) as usize;
        let b = (a + 1 + (rng.next_u64() % (m as u64 - 1)) as usize) % m;
        pool.clear();
        pool.extend(
            (0..assignment.len())
                .filter(|&j| !fixed[j] && (assignment[j] as usize == a || assignment[j] as usize == b)),
        );
        if pool.len() < 2 {
            continue;
        }
        let take = pool.len().min(2 * HALF);
        for k in 0..take {
            let r = k + (rng.next_u64() % (pool.len() - k) as u64) as usize;
            pool.swap(k, r);
        }
        pool.truncate(take);
        // Loads of a without the pool's tasks, and the pair's total.
        let (mut rest_w, mut rest_p) = (loads[0][a], loads[1][a]);
        for &j in &pool {
            if assignment[j] as usize == a {
                rest_w -= w[j];
                rest_p -= p[j];
            }
        }
        let (pair_w, pair_p) = (loads[0][a] + loads[0][b], loads[1][a] + loads[1][b]);
        let score = |aw: f64, ap: f64| targets.cost(a, aw, ap) + targets.cost(b, pair_w - aw, pair_p - ap);
        // The current split, summed the way candidates are (so a tie is not a gain), less a
        // relative hair: only real improvements count.
        let (mut in_w, mut in_p) = (rest_w, rest_p);
        for &j in &pool {
            if assignment[j] as usize == a {
                in_w += w[j];
                in_p += p[j];
            }
        }
        let current = score(in_w, in_p);
        let current = current - 1e-12 * (1.0 + current);
        let (first, second) = pool.split_at(take / 2);
        let sums = |half: &[usize]| -> Vec<[f64; 2]> {
            let mut s = vec![[0.0; 2]; 1 << half.len()];
            for mask in 1..s.len() {
                let bit = mask.trailing_zeros() as usize;
                let prev = s[mask & (mask - 1)];
                s[mask] = [prev[0] + w[half[bit]], prev[1] + p[half[bit]]];
            }
            s
        };
        let s1 = sums(first);
        let mut s2: Vec<(usize, [f64; 2])> = sums(second).into_iter().enumerate().collect();
        s2.sort_by(|x, y| x.1[key].total_cmp(&y.1[key]));
        let want = [targets.loads[0][a] - rest_w, targets.loads[1][a] - rest_p];
        let mut best = (current, None);
        for (m1, x) in s1.iter().enumerate() {
            let pos = s2.partition_point(|e| e.1[key] < want[key] - x[key]);
            for &(m2, y) in &s2[pos.saturating_sub(NEIGHBOURS)..(pos + NEIGHBOURS).min(s2.len())] {
                let c = score(rest_w + x[0] + y[0], rest_p + x[1] + y[1]);
                if c < best.0 {
                    best = (c, Some((m1, m2)));
                }
            }
        }
        let Some((m1, m2)) = best.1 else { continue };
        let mut changed = false;
        for (half, mask) in [(first, m1), (second, m2)] {
            for (bit, &j) in half.iter().enumerate() {
                let to = if mask >> bit & 1 == 1 { a } else { b };
                let from = assignment[j] as usize;
                if from != to {
                    loads[0][from] -= w[j];
                    loads[1][from] -= p[j];
                    loads[0][to] += w[j];
                    loads[1][to] += p[j];
                    assignment[j] = to as u32;
                    changed = true;
                }
            }
        }
        if !changed {
            continue;
        }
        ended.moves += 1;
        quiet = 0;
        if done(assignment) {
            ended.done = true;
            break;
        }
    }
    ended
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::milp::formulation::Vars;
    use fairshard_harness::{Instance, RunSpec, Target, Task};
    use std::time::Instant;

    fn limits(rounds: usize, stale: usize) -> Limits {
        Limits {
            rounds,
            stale,
            kicks: 0,
            kick: 0,
            seed: 1,
        }
    }

    fn ctx() -> SolveContext {
        SolveContext::new(Instant::now(), &RunSpec::new(2, Target::Profit))
    }

    #[test]
    fn a_reachable_target_is_hit_exactly_and_fixed_tasks_stay() {
        // Two subsets; targets = the loads of a known split of the movable tasks.
        let tasks: Vec<Task> = (1..=20u64).map(|k| Task::new(10 * k + k * k, 3 + k % 5)).collect();
        let inst = Instance::new("t", tasks).unwrap();
        let data = Scaled::new(&inst, 2, Vars::PerTask);
        let goal: Vec<u32> = (0..20).map(|j| u32::from(j % 3 == 0)).collect();
        let mut loads = [vec![0.0; 2], vec![0.0; 2]];
        for (j, &i) in goal.iter().enumerate() {
            loads[0][i as usize] += data.values[0][j];
            loads[1][i as usize] += data.values[1][j];
        }
        let targets = Targets {
            loads,
            weights: [1.0, 1.0],
        };
        let mut fixed = vec![false; 20];
        fixed[0] = true; // in subset 1 in the goal and at the start
        let mut a: Vec<u32> = (0..20).map(|j| u32::from(j == 0)).collect();
        let ended = balance(&data, &mut a, &fixed, &targets, limits(50, 10), &ctx(), |_| false);
        assert!(ended.moves >= 1);
        assert_eq!(a[0], 1, "a fixed task moved");
        let mut got = [vec![0.0; 2], vec![0.0; 2]];
        for (j, &i) in a.iter().enumerate() {
            got[0][i as usize] += data.values[0][j];
            got[1][i as usize] += data.values[1][j];
        }
        for q in 0..2 {
            for i in 0..2 {
                assert!(
                    (got[q][i] - targets.loads[q][i]).abs() < 1e-9,
                    "{got:?} vs {:?}",
                    targets.loads
                );
            }
        }
    }

    #[test]
    fn done_stops_at_once_and_nothing_moves_when_all_is_fixed() {
        let tasks: Vec<Task> = (1..=12u64).map(|k| Task::new(k * 7, 1 + k % 3)).collect();
        let inst = Instance::new("t", tasks).unwrap();
        let data = Scaled::new(&inst, 3, Vars::PerTask);
        let targets = Targets {
            loads: [vec![1.0; 3], vec![1.0; 3]],
            weights: [1.0, 1.0],
        };
        let start: Vec<u32> = vec![0; 12];
        let mut a = start.clone();
        let ended = balance(&data, &mut a, &[false; 12], &targets, limits(100, 100), &ctx(), |_| {
            true
        });
        assert_eq!((ended.moves, ended.done), (1, true));
        // Everything fixed: nothing to re-split and nothing to kick.
        let mut b = start.clone();
        let kicking = Limits {
            kicks: 3,
            kick: 2,
            ..limits(100, 5)
        };
        let ended = balance(&data, &mut b, &[true; 12], &targets, kicking, &ctx(), |_| false);
        assert_eq!((ended.moves, ended.rounds, ended.kicks), (0, 5, 0));
        assert_eq!(b, start);
        // Kicks are counted and bounded; the run stops after the last one goes stale.
        let mut c = start.clone();
        let ended = balance(&data, &mut c, &[false; 12], &targets, kicking, &ctx(), |_| false);
        assert_eq!(ended.kicks, 3);
        assert!(ended.rounds <= 100 && ended.moves >= 1, "{ended:?}");
    }
}
