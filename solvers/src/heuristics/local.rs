//! Move/swap local search on (gamma1, gamma2), shared by the bi-objective heuristics; built to
//! scale to n = 10^6 tasks and m = 10^3 subsets.
//!
//! The search keeps per-subset workload and profit sums and each subset's tasks sorted by
//! workload and, in a second list, by profit, each entry carrying the task's workload and
//! profit (so that the searches and evaluations below read contiguous memory). A step looks
//! at pairs of subsets (heaviest and lightest workload, heaviest and lightest profit, the two
//! mixed pairs, then for each quantity the second heaviest with the lightest and the heaviest
//! with the second lightest, which rebalance the rest when one subset is stuck, e.g. a
//! dominant task alone); for a pair (a, b) it wants to move about half the difference of
//! both sums from a to b, and examines
//!
//! - moves of one task whose workload is near half the workload difference, and
//! - swaps of x in a with the tasks y of b whose workload is nearest `w_x - half the workload
//!   difference` or whose profit is nearest `p_x - half the profit difference` (a window of
//!   [`WINDOW`] on each side, found by binary search, for at most [`MAX_GIVERS`] tasks x spread
//!   evenly over a), or every swap when the two subsets are small ([`EXHAUSTIVE`]).
//!
//! Every candidate is scored in O(1): the three largest and smallest sums of the other
//! subsets are known. The best candidate is taken when it strictly lowers the target's
//! lexicographic [`Score`], or keeps it and strictly lowers the potential
//! `sum_i ((m w_i - W)/W)^2 + ((m p_i - P)/P)^2` (spreading the sums of the subsets that are
//! not yet extreme). The pair (score, potential) falls at every step, so the search ends: at a
//! local optimum, at the evaluation budget, or at the deadline. Memory is O(n + m).

use crate::util::{SplitMix, float};
use fairshard_harness::{CAP_TOLERANCE, Caps, Instance, SolveContext, Target};
use std::cmp::Ordering;

/// Tasks examined on each side of the binary-search position.
pub const WINDOW: usize = 2;
/// Tasks of the giving subset tried for swaps, at most, outside exhaustive search.
pub const MAX_GIVERS: usize = 96;
/// Pairs of subsets whose sizes multiply to at most this are searched exhaustively.
pub const EXHAUSTIVE: usize = 16_384;
/// Most evaluations of two-task steps between one pair of subsets (per direction); larger
/// pairs never try them.
pub const DEEP: usize = 100_000;

/// Lexicographic score of a partition under a target and caps; lower is better.
///
/// `(cap violation, primary, secondary)` with each term a gamma - 1 (or a sum of them):
/// a partition within the caps always beats one outside them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score(pub [f64; 3]);

impl Score {
    /// The score of gamma1 - 1 = `e1` and gamma2 - 1 = `e2` under `target` and `caps`.
    pub fn of(target: Target, caps: Caps, e1: f64, e2: f64) -> Score {
        // A cap is met within the harness's relative `CAP_TOLERANCE`, as `measure` checks it:
        // gamma exactly at the cap (e.g. 6/5 under 1.2) must not count as a violation through
        // the rounding of gamma - 1.
        let over = |cap: Option<f64>, e: f64| cap.map_or(0.0, |c| (e - (c - 1.0) - c * CAP_TOLERANCE).max(0.0));
        let violation = over(caps.gamma1, e1) + over(caps.gamma2, e2);
        Score(match target {
            // Makespan: the workload's spread stands in for its largest subset.
            Target::Workload | Target::Makespan => [violation, e1, e2],
            Target::Profit => [violation, e2, e1],
            Target::Balanced | Target::Feasibility => [violation, e1.max(e2), e1 + e2],
        })
    }

    fn cmp(&self, other: &Score) -> Ordering {
        self.0
            .iter()
            .zip(&other.0)
            .map(|(a, b)| a.total_cmp(b))
            .find(|o| o.is_ne())
            .unwrap_or(Ordering::Equal)
    }

    /// Strictly better than `other`.
    pub fn better_than(&self, other: &Score) -> bool {
        self.cmp(other) == Ordering::Less
    }
}

/// gamma - 1 of a max and min sum (infinite when the minimum is 0, as in the harness).
fn excess(max: u128, min: u128) -> f64 {
    if min == 0 {
        f64::INFINITY
    } else {
        float(max - min) / float(min)
    }
}

/// No subset (an unused slot of [`Extremes`]).
const NONE: usize = usize::MAX;

/// The three largest and three smallest sums of one quantity, with their subsets, to find
/// the extremes of all subsets but two in O(1).
#[derive(Clone, Copy, Debug)]
struct Extremes {
    hi: [(u128, usize); 3],
    lo: [(u128, usize); 3],
}

impl Extremes {
    fn of(v: &[u128]) -> Self {
        let mut e = Extremes {
            hi: [(0, NONE); 3],
            lo: [(0, NONE); 3],
        };
        for (i, &x) in v.iter().enumerate() {
            // Strict comparisons: on ties the lowest subset index comes first.
            if let Some(p) = e.hi.iter().position(|&(y, k)| k == NONE || x > y) {
                e.hi.copy_within(p..2, p + 1);
                e.hi[p] = (x, i);
            }
            if let Some(p) = e.lo.iter().position(|&(y, k)| k == NONE || x < y) {
                e.lo.copy_within(p..2, p + 1);
                e.lo[p] = (x, i);
            }
        }
        e
    }

    fn argmax(&self) -> usize {
        self.hi[0].1
    }

    fn argmin(&self) -> usize {
        self.lo[0].1
    }

    /// (max, min) of all subsets.
    fn range(&self) -> (u128, u128) {
        (self.hi[0].0, self.lo[0].0)
    }

    /// (max, min) of the subsets other than a and b; (0, `u128::MAX`) when there are none.
    fn without(&self, a: usize, b: usize) -> (u128, u128) {
        let other = |list: &[(u128, usize); 3]| list.iter().find(|e| e.1 != a && e.1 != b && e.1 != NONE).map(|e| e.0);
        (other(&self.hi).unwrap_or(0), other(&self.lo).unwrap_or(u128::MAX))
    }
}

/// (max, min) of all subsets once subsets a and b take the sums `xa` and `xb`, from
/// `others` = [`Extremes::without`]`(a, b)`.
fn with((max, min): (u128, u128), xa: u128, xb: u128) -> (u128, u128) {
    (max.max(xa).max(xb), min.min(xa).min(xb))
}

/// Per-subset sums and members, kept up to date by the search.
#[derive(Clone, Debug)]
pub struct State<'a> {
    instance: &'a Instance,
    target: Target,
    caps: Caps,
    /// Subset of each task.
    pub assignment: Vec<u32>,
    /// Each subset's tasks, sorted by (workload, task).
    members: Vec<Vec<Member>>,
    /// The same tasks, sorted by (profit, task).
    by_profit: Vec<Vec<Member>>,
    workload: Vec<u128>,
    profit: Vec<u128>,
    mean_w: f64,
    mean_p: f64,
    /// Whether [`State::descend`] tries two-task steps at a local optimum of single ones.
    deep: bool,
}

/// A task as the search handles it, with both its quantities: the member lists carry them, so
/// sorts, binary searches and candidate evaluations read contiguous memory and never wait on
/// the load of a task from the instance.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Member {
    task: u32,
    w: u64,
    p: u128,
}

impl Member {
    fn by_workload(&self) -> (u64, u32) {
        (self.w, self.task)
    }

    fn by_profit(&self) -> (u128, u32) {
        (self.p, self.task)
    }
}

/// A candidate step: task `x` of a goes to b, and task `y` of b (if any) to a.
#[derive(Clone, Copy, Debug)]
struct Step {
    /// Tasks of a that go to b, and of b that go to a.
    x: [Option<u32>; 2],
    y: [Option<u32>; 2],
    score: Score,
    potential: f64,
}

/// The tasks (at most two) one side of a step hands over, with their summed quantities.
#[derive(Clone, Copy, Debug)]
struct Group {
    tasks: [Option<u32>; 2],
    w: u128,
    p: u128,
}

impl Group {
    const NONE: Group = Group {
        tasks: [None, None],
        w: 0,
        p: 0,
    };

    fn one(t: Member) -> Self {
        Group {
            tasks: [Some(t.task), None],
            w: u128::from(t.w),
            p: t.p,
        }
    }

    fn two(t: Member, u: Member) -> Self {
        Group {
            tasks: [Some(t.task), Some(u.task)],
            w: u128::from(t.w) + u128::from(u.w),
            p: t.p + u.p,
        }
    }
}

impl<'a> State<'a> {
    /// The state of `assignment` (one subset index per task, each below `m`).
    pub fn new(instance: &'a Instance, target: Target, caps: Caps, m: usize, assignment: Vec<u32>) -> Self {
        let mut sizes = vec![0usize; m];
        for &s in &assignment {
            sizes[s as usize] += 1;
        }
        let mut members: Vec<Vec<Member>> = sizes.iter().map(|&k| Vec::with_capacity(k)).collect();
        let mut workload = vec![0u128; m];
        let mut profit = vec![0u128; m];
        for (j, (&s, t)) in assignment.iter().zip(instance.tasks()).enumerate() {
            let s = s as usize;
            members[s].push(Member {
                task: j as u32,
                w: t.workload,
                p: t.profit(),
            });
            workload[s] += u128::from(t.workload);
            profit[s] += t.profit();
        }
        let mut by_profit = members.clone();
        for list in &mut members {
            list.sort_unstable_by_key(Member::by_workload);
        }
        for list in &mut by_profit {
            list.sort_unstable_by_key(Member::by_profit);
        }
        Self {
            instance,
            target,
            caps,
            assignment,
            members,
            by_profit,
            workload,
            profit,
            mean_w: instance.total_workload() as f64 / m as f64,
            mean_p: instance.total_profit() as f64 / m as f64,
            deep: false,
        }
    }

    /// The current score.
    pub fn score(&self) -> Score {
        self.score_of(Extremes::of(&self.workload).range(), Extremes::of(&self.profit).range())
    }

    /// Lets [`State::descend`] try steps of two tasks against one or none (on small subsets)
    /// at a local optimum of single moves and swaps: slower, and stronger.
    pub fn with_deep_steps(mut self) -> Self {
        self.deep = true;
        self
    }

    /// The score of a partition whose workload and profit sums span `w` and `p` (max, min).
    fn score_of(&self, (w_max, w_min): (u128, u128), (p_max, p_min): (u128, u128)) -> Score {
        Score::of(self.target, self.caps, excess(w_max, w_min), excess(p_max, p_min))
    }

    /// The potential of subsets with sums (w, p): squared relative deviations from the mean.
    fn potential(&self, w: u128, p: u128) -> f64 {
        let dw = (float(w) - self.mean_w) / self.mean_w.max(1.0);
        let dp = (float(p) - self.mean_p) / self.mean_p.max(1.0);
        dw * dw + dp * dp
    }

    /// Evaluates moving the group `x` (of a) to b and `y` (of b) to a; `others` holds the
    /// (max, min) workload and profit of the other subsets.
    fn consider(
        &self,
        (a, b): (usize, usize),
        x: Group,
        y: Group,
        others: &[(u128, u128); 2],
        best: &mut Option<Step>,
        evals: &mut u64,
    ) {
        *evals += 1;
        let (dw_x, dp_x) = (x.w, x.p);
        let (dw_y, dp_y) = (y.w, y.p);
        let wa = self.workload[a] - dw_x + dw_y;
        let wb = self.workload[b] + dw_x - dw_y;
        let pa = self.profit[a] - dp_x + dp_y;
        let pb = self.profit[b] + dp_x - dp_y;
        let score = self.score_of(with(others[0], wa, wb), with(others[1], pa, pb));
        // The potential (four divisions) only matters when the score does not lose to the best
        // so far, which most candidates do.
        let order = best.as_ref().map_or(Ordering::Less, |s| score.cmp(&s.score));
        if order.is_gt() {
            return;
        }
        let potential = self.potential(wa, pa) + self.potential(wb, pb);
        if order.is_lt() || best.as_ref().is_some_and(|s| potential < s.potential) {
            *best = Some(Step {
                x: x.tasks,
                y: y.tasks,
                score,
                potential,
            });
        }
    }

    /// Position in `list` (sorted by workload) of the first task with workload >= `w`.
    fn locate(list: &[Member], w: i128) -> usize {
        list.partition_point(|t| i128::from(t.w) < w)
    }

    /// The best step between subsets a (giving) and b (receiving).
    fn best_step(&self, a: usize, b: usize, ew: &Extremes, ep: &Extremes, evals: &mut u64) -> Option<Step> {
        let others = &[ew.without(a, b), ep.without(a, b)];
        let half = (self.workload[a] as i128 - self.workload[b] as i128) / 2;
        let (la, lb) = (&self.members[a], &self.members[b]);
        let mut best = None;
        let window = |len: usize, at: usize| at.saturating_sub(WINDOW)..(at + WINDOW).min(len);
        // Moves, either way.
        for &x in &la[window(la.len(), Self::locate(la, half))] {
            self.consider((a, b), Group::one(x), Group::NONE, others, &mut best, evals);
        }
        for &y in &lb[window(lb.len(), Self::locate(lb, -half))] {
            self.consider((a, b), Group::NONE, Group::one(y), others, &mut best, evals);
        }
        // Swaps.
        if la.len() * lb.len() <= EXHAUSTIVE {
            for &x in la {
                for &y in lb {
                    self.consider((a, b), Group::one(x), Group::one(y), others, &mut best, evals);
                }
            }
        } else {
            // Near the wanted workload change, and near the wanted profit change.
            // In floating point: profits may use all 128 bits, and this only picks candidates.
            let half_p = (float(self.profit[a]) - float(self.profit[b])) / 2.0;
            let by_p = &self.by_profit[b];
            // On large subsets, every stride-th task of a (by workload) is tried.
            for &x in la.iter().step_by(la.len().div_ceil(MAX_GIVERS)) {
                let at = Self::locate(lb, i128::from(x.w) - half);
                for &y in &lb[window(lb.len(), at)] {
                    self.consider((a, b), Group::one(x), Group::one(y), others, &mut best, evals);
                }
                let want = float(x.p) - half_p;
                let at = by_p.partition_point(|y| float(y.p) < want);
                for &y in &by_p[window(by_p.len(), at)] {
                    self.consider((a, b), Group::one(x), Group::one(y), others, &mut best, evals);
                }
            }
        }
        best
    }

    /// The best step handing two tasks of a to b, with one task of b back or none, and the
    /// mirror (one task of a, or none, against two of b): the fallback of [`State::descend`]
    /// at a local optimum of single moves and swaps, on small subsets only ([`DEEP`]
    /// evaluations at most per direction).
    fn best_deep_step(&self, a: usize, b: usize, ew: &Extremes, ep: &Extremes, evals: &mut u64) -> Option<Step> {
        let others = &[ew.without(a, b), ep.without(a, b)];
        let (la, lb) = (&self.members[a], &self.members[b]);
        let cost = |l: &[Member], other: &[Member]| l.len() * l.len() / 2 * (other.len() + 1);
        if cost(la, lb) > DEEP || cost(lb, la) > DEEP {
            return None;
        }
        let mut best = None;
        for (i, &x1) in la.iter().enumerate() {
            for &x2 in &la[i + 1..] {
                let x = Group::two(x1, x2);
                self.consider((a, b), x, Group::NONE, others, &mut best, evals);
                for &y in lb {
                    self.consider((a, b), x, Group::one(y), others, &mut best, evals);
                }
            }
        }
        for (i, &y1) in lb.iter().enumerate() {
            for &y2 in &lb[i + 1..] {
                let y = Group::two(y1, y2);
                self.consider((a, b), Group::NONE, y, others, &mut best, evals);
                for &x in la {
                    self.consider((a, b), Group::one(x), y, others, &mut best, evals);
                }
            }
        }
        best
    }

    /// Moves task `j` from subset `from` to `to`, keeping both member lists sorted.
    fn transfer(&mut self, j: u32, from: usize, to: usize) {
        let t = self.instance.tasks()[j as usize];
        let member = Member {
            task: j,
            w: t.workload,
            p: t.profit(),
        };
        relist(&mut self.members, from, to, member, Member::by_workload);
        relist(&mut self.by_profit, from, to, member, Member::by_profit);
        self.workload[from] -= u128::from(t.workload);
        self.profit[from] -= t.profit();
        self.workload[to] += u128::from(t.workload);
        self.profit[to] += t.profit();
        self.assignment[j as usize] = to as u32;
    }

    /// A random perturbation: `moves` times, a task drawn by `rng` moves to another drawn
    /// subset (never emptying its own).
    pub fn kick(&mut self, rng: &mut SplitMix, moves: usize) {
        let (n, m) = (self.assignment.len() as u64, self.members.len() as u64);
        if m < 2 {
            return;
        }
        for _ in 0..moves {
            let j = (rng.next_u64() % n) as u32;
            let from = self.assignment[j as usize] as usize;
            let to = ((from as u64 + 1 + rng.next_u64() % (m - 1)) % m) as usize;
            if self.members[from].len() > 1 {
                self.transfer(j, from, to);
            }
        }
    }

    /// Local search to a local optimum, `max_evals` candidate evaluations or the deadline.
    /// Returns the number of improving steps taken and of candidates evaluated.
    pub fn descend(&mut self, ctx: &SolveContext, max_evals: u64) -> (u64, u64) {
        let mut evals = 0u64;
        let mut steps = 0;
        'step: while evals < max_evals && !ctx.expired() {
            let (ew, ep) = (Extremes::of(&self.workload), Extremes::of(&self.profit));
            let current = self.score_of(ew.range(), ep.range());
            // The extremes, then the runners-up against the opposite extreme: when one subset
            // cannot give or take (a dominant task alone), the others still rebalance.
            let pairs = [
                (ew.argmax(), ew.argmin()),
                (ep.argmax(), ep.argmin()),
                (ew.argmax(), ep.argmin()),
                (ep.argmax(), ew.argmin()),
                (ep.hi[1].1, ep.argmin()),
                (ep.argmax(), ep.lo[1].1),
                (ew.hi[1].1, ew.argmin()),
                (ew.argmax(), ew.lo[1].1),
            ];
            // Single moves and swaps first; two-task steps only at their local optimum.
            for deep in [false, true] {
                if deep && !self.deep {
                    break;
                }
                for (k, &(a, b)) in pairs.iter().enumerate() {
                    if a == b || a == NONE || b == NONE || pairs[..k].contains(&(a, b)) {
                        continue;
                    }
                    let step = if deep {
                        self.best_deep_step(a, b, &ew, &ep, &mut evals)
                    } else {
                        self.best_step(a, b, &ew, &ep, &mut evals)
                    };
                    let Some(step) = step else {
                        continue;
                    };
                    let before = self.potential(self.workload[a], self.profit[a])
                        + self.potential(self.workload[b], self.profit[b]);
                    let improves = step.score.better_than(&current)
                        || (step.score.cmp(&current).is_eq() && step.potential < before * (1.0 - 1e-12));
                    if improves {
                        for x in step.x.into_iter().flatten() {
                            self.transfer(x, a, b);
                        }
                        for y in step.y.into_iter().flatten() {
                            self.transfer(y, b, a);
                        }
                        steps += 1;
                        continue 'step;
                    }
                }
            }
            break;
        }
        (steps, evals)
    }
}

/// Moves `t` from `lists[from]` to `lists[to]`, both sorted by `key`.
fn relist<K: Ord>(lists: &mut [Vec<Member>], from: usize, to: usize, t: Member, key: impl Fn(&Member) -> K) {
    let pos = lists[from].partition_point(|e| key(e) < key(&t));
    debug_assert_eq!(lists[from][pos], t);
    lists[from].remove(pos);
    let pos = lists[to].partition_point(|e| key(e) < key(&t));
    lists[to].insert(pos, t);
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::{Partition, RunSpec, Task};
    use proptest::prelude::*;
    use std::time::Instant;

    #[test]
    fn extremes_exclude_the_pair() {
        let e = Extremes::of(&[5, 9, 1, 7]);
        assert_eq!((e.argmax(), e.argmin()), (1, 2));
        // Without subsets 1 and 2, the others are 5 and 7.
        assert_eq!(e.without(1, 2), (7, 5));
        assert_eq!(with(e.without(1, 2), 6, 6), (7, 5));
        assert_eq!(with(e.without(1, 2), 10, 0), (10, 0));
        let e = Extremes::of(&[3, 4]);
        assert_eq!(with(e.without(0, 1), 2, 5), (5, 2));
    }

    proptest! {
        /// The tracked sums and score match a fresh evaluation, and the score never worsens.
        #[test]
        fn descent_keeps_its_books_and_never_worsens(
            tasks in prop::collection::vec((1u64..100_000, 1u64..50), 4..80),
            m in 2usize..6,
            target in prop::sample::select(Target::ALL.to_vec()),
        ) {
            prop_assume!(m <= tasks.len());
            let inst = Instance::new("l", tasks.iter().map(|&(w, r)| Task::new(w, r)).collect()).unwrap();
            let start: Vec<u32> = (0..inst.len()).map(|j| (j % m) as u32).collect();
            let mut state = State::new(&inst, target, Caps::NONE, m, start);
            let before = state.score();
            let ctx = SolveContext::new(Instant::now(), &RunSpec::new(m, target));
            state.descend(&ctx, 1_000_000);
            let after = state.score();
            prop_assert!(!before.better_than(&after));
            let f = Partition::from_assignment(m, state.assignment.clone()).fairness(&inst);
            let fresh = Score::of(target, Caps::NONE, f.gamma1().excess(), f.gamma2().excess());
            prop_assert_eq!(fresh, after);
        }
    }
}
