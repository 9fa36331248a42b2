//! Move/swap local search on (gamma1, gamma2), shared by the bi-objective heuristics.
//!
//! The search keeps per-subset workload and profit sums and repeatedly tries, between the
//! heaviest and the lightest subsets of either quantity, moving one task or swapping two,
//! accepting only a step that strictly lowers the [`Score`]. It stops at a local optimum, at
//! the step limit, or at the deadline.

use fairshard_harness::{Caps, Instance, SolveContext, Target};
use std::cmp::Ordering;

/// Lexicographic score of a partition under a target and caps; lower is better.
///
/// `(cap violation, primary, secondary)` with each term a gamma - 1 (or a sum of them):
/// a partition within the caps always beats one outside them.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Score(pub [f64; 3]);

impl Score {
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

/// Per-subset sums, kept up to date by the search.
#[derive(Clone, Debug)]
pub struct State<'a> {
    instance: &'a Instance,
    target: Target,
    caps: Caps,
    /// Subset of each task.
    pub assignment: Vec<u32>,
    members: Vec<Vec<usize>>,
    workload: Vec<u128>,
    profit: Vec<u128>,
}

fn excess(max: u128, min: u128) -> f64 {
    if min == 0 {
        f64::INFINITY
    } else {
        (max - min) as f64 / min as f64
    }
}

fn extremes(v: &[u128]) -> (usize, usize) {
    let mut hi = 0;
    let mut lo = 0;
    for (i, &x) in v.iter().enumerate() {
        if x > v[hi] {
            hi = i;
        }
        if x < v[lo] {
            lo = i;
        }
    }
    (hi, lo)
}

impl<'a> State<'a> {
    /// The state of `assignment` (one subset index per task, each below `m`).
    pub fn new(instance: &'a Instance, target: Target, caps: Caps, m: usize, assignment: Vec<u32>) -> Self {
        let mut members = vec![Vec::new(); m];
        let mut workload = vec![0u128; m];
        let mut profit = vec![0u128; m];
        for (j, (&s, t)) in assignment.iter().zip(instance.tasks()).enumerate() {
            members[s as usize].push(j);
            workload[s as usize] += u128::from(t.workload);
            profit[s as usize] += t.profit();
        }
        Self {
            instance,
            target,
            caps,
            assignment,
            members,
            workload,
            profit,
        }
    }

    /// The current score.
    pub fn score(&self) -> Score {
        let empty = self.members.iter().any(Vec::is_empty);
        let (h1, l1) = extremes(&self.workload);
        let (h2, l2) = extremes(&self.profit);
        let (e1, e2) = if empty {
            (f64::INFINITY, f64::INFINITY)
        } else {
            (
                excess(self.workload[h1], self.workload[l1]),
                excess(self.profit[h2], self.profit[l2]),
            )
        };
        let over = |cap: Option<f64>, e: f64| cap.map_or(0.0, |c| (e - (c - 1.0)).max(0.0));
        let violation = over(self.caps.gamma1, e1) + over(self.caps.gamma2, e2);
        Score(match self.target {
            Target::Workload => [violation, e1, e2],
            Target::Profit => [violation, e2, e1],
            Target::Balanced | Target::Feasibility => [violation, e1.max(e2), e1 + e2],
        })
    }

    fn shift(&mut self, j: usize, from: usize, to: usize) {
        let t = self.instance.tasks()[j];
        self.workload[from] -= u128::from(t.workload);
        self.profit[from] -= t.profit();
        self.workload[to] += u128::from(t.workload);
        self.profit[to] += t.profit();
        self.assignment[j] = to as u32;
    }

    fn commit_move(&mut self, pos: usize, from: usize, to: usize) {
        let j = self.members[from].swap_remove(pos);
        self.members[to].push(j);
    }

    /// Tries every move and swap between subsets `a` and `b`; applies the first that strictly
    /// improves `current` and returns the new score.
    fn improve_pair(
        &mut self,
        a: usize,
        b: usize,
        current: Score,
        ctx: &SolveContext,
        budget: &mut u64,
    ) -> Option<Score> {
        if a == b {
            return None;
        }
        for (from, to) in [(a, b), (b, a)] {
            for pos in 0..self.members[from].len() {
                let j = self.members[from][pos];
                self.shift(j, from, to);
                let s = self.score();
                if s.better_than(&current) {
                    self.commit_move(pos, from, to);
                    return Some(s);
                }
                self.shift(j, to, from);
            }
        }
        for pa in 0..self.members[a].len() {
            if *budget == 0 || ctx.expired() {
                return None;
            }
            *budget = budget.saturating_sub(self.members[b].len() as u64);
            let ja = self.members[a][pa];
            self.shift(ja, a, b);
            for pb in 0..self.members[b].len() {
                let jb = self.members[b][pb];
                self.shift(jb, b, a);
                let s = self.score();
                if s.better_than(&current) {
                    self.members[a][pa] = jb;
                    self.members[b][pb] = ja;
                    return Some(s);
                }
                self.shift(jb, a, b);
            }
            self.shift(ja, b, a);
        }
        None
    }

    /// Local search to a local optimum, `max_evals` evaluations or the deadline. Returns the
    /// number of improving steps taken.
    pub fn descend(&mut self, ctx: &SolveContext, max_evals: u64) -> u64 {
        let mut budget = max_evals;
        let mut steps = 0;
        let mut current = self.score();
        while budget > 0 && !ctx.expired() {
            let (h1, l1) = extremes(&self.workload);
            let (h2, l2) = extremes(&self.profit);
            let pairs = [(h1, l1), (h2, l2), (h1, l2), (h2, l1)];
            let mut improved = None;
            for (a, b) in pairs {
                if let Some(s) = self.improve_pair(a, b, current, ctx, &mut budget) {
                    improved = Some(s);
                    break;
                }
            }
            match improved {
                Some(s) => {
                    current = s;
                    steps += 1;
                }
                None => break,
            }
        }
        steps
    }
}
