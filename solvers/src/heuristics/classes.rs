//! Exact search over value classes, for instances with few distinct values (the real
//! `dao100`: 100 contracts, 6 distinct gas values).
//!
//! Tasks with equal values are interchangeable, so a subset is a *count vector* (how many
//! tasks of each class it holds) and a partition is a multiset of m non-zero count vectors
//! summing to the class counts. The search works on these vectors, never on tasks:
//!
//! 1. *Window.* With incumbent gamma* = B/A and the certified limits `max_lo` (every
//!    partition's max is at least it) and `min_hi` (every min is at most it) of
//!    [`crate::bounds::SpreadBound`], every strictly better partition has all its subset loads
//!    L in `max_lo*A/B < L < min_hi*B/A` (its max is below gamma* times its min). The count vectors with a load in
//!    the window are enumerated once and sorted by load; if there are more than
//!    [`MAX_VECTORS`] (or enumerating them takes more than [`MAX_WINDOW_NODES`] steps), the
//!    method declines (the caller falls back to the task-level search).
//! 2. *Scan of the minimum.* For each candidate minimum `lo` (the distinct window loads at
//!    most the certified `min_hi`, in decreasing order) a depth-first search asks: do m
//!    vectors with loads in `[lo, hi]` sum to the counts, where `hi` is the largest load with
//!    `hi / lo < gamma*`? Each answer improves gamma* and the question is asked again with a
//!    smaller `hi` until the answer is no. The scan stops once `max_lo / lo >= gamma*` (no
//!    partition with a smaller minimum can be better). A better partition with minimum L is
//!    found at the latest when `lo = L`, so a finished scan proves the incumbent optimal.
//! 3. *Feasibility search.* The next subset always holds a task of the first class still
//!    present (every partition has such a subset, so nothing is lost and orderings of the
//!    same multiset are mostly skipped); the remaining total must stay within `[k lo, k hi]`
//!    for the k subsets left, which limits each level to a contiguous slice of the sorted
//!    vectors; the last subset is the remainder itself. Failed (remainder, k) states are
//!    remembered, each as one mixed-radix number (a set bounded by [`MEMO_LIMIT`] entries,
//!    cleared when full; the method declines when the numbers would not fit 128 bits).
//!
//! Memory: the window's vectors (at most [`MAX_VECTORS`] x classes counts), the memo, and
//! O(m x classes) for the search stack; never O(n x m).

use super::complete::Ending;
use fairshard_harness::Ratio;
use std::collections::HashSet;

/// At most this many distinct values.
pub const MAX_CLASSES: usize = 32;
/// At most this many count vectors in the window.
pub const MAX_VECTORS: usize = 1 << 20;
/// At most this many nodes to enumerate the window.
pub const MAX_WINDOW_NODES: u64 = 1 << 24;
/// Failed states remembered before the memo is cleared.
pub const MEMO_LIMIT: usize = 1 << 20;
/// Nodes between two looks at the clock.
const CLOCK_EVERY: u64 = 4_096;

/// The value classes of `key`: distinct values (largest first), their counts, and each
/// class's task indices (in task order).
struct Classes {
    values: Vec<u128>,
    counts: Vec<u32>,
    tasks: Vec<Vec<u32>>,
    /// Mixed-radix place values: a remainder r is the number sum r_k stride_k, below
    /// `states`.
    strides: Vec<u128>,
    states: u128,
}

impl Classes {
    fn of(key: &[u128]) -> Option<Classes> {
        let order = super::largest_first(key);
        let mut c = Classes {
            values: Vec::new(),
            counts: Vec::new(),
            tasks: Vec::new(),
            strides: Vec::new(),
            states: 1,
        };
        for j in order {
            if c.values.last() != Some(&key[j]) {
                if c.values.len() == MAX_CLASSES {
                    return None;
                }
                c.values.push(key[j]);
                c.counts.push(0);
                c.tasks.push(Vec::new());
            }
            *c.counts.last_mut().expect("pushed") += 1;
            c.tasks.last_mut().expect("pushed").push(j as u32);
        }
        for &k in &c.counts {
            c.strides.push(c.states);
            c.states = c.states.checked_mul(u128::from(k) + 1)?;
        }
        Some(c)
    }

    /// The memo key of remainder `r` with `left <= m` subsets to fill (distinct for distinct
    /// pairs; fits since `states * (m + 1)` does, checked by the caller).
    fn key(&self, r: &[u32], left: usize, m: usize) -> u128 {
        let idx: u128 = r.iter().zip(&self.strides).map(|(&a, &s)| u128::from(a) * s).sum();
        idx * (m as u128 + 1) + left as u128
    }

    fn load(&self, v: &[u32]) -> u128 {
        v.iter().zip(&self.values).map(|(&a, &x)| u128::from(a) * x).sum()
    }
}

/// The count vectors (not all zero) with loads in `[lo, hi]`, sorted by load: `(loads,
/// vectors)` with vector i at `vectors[i*K..(i+1)*K]`; `None` beyond [`MAX_VECTORS`] vectors or
/// [`MAX_WINDOW_NODES`] nodes, or when `stop` says so.
fn window(
    c: &Classes,
    lo: u128,
    hi: u128,
    nodes: &mut u64,
    stop: &dyn Fn(u64) -> bool,
) -> Option<(Vec<u128>, Vec<u32>)> {
    let k = c.values.len();
    // most[i] = the load of every task of classes i.., the most a suffix can add.
    let mut most = vec![0u128; k + 1];
    for i in (0..k).rev() {
        most[i] = most[i + 1] + u128::from(c.counts[i]) * c.values[i];
    }
    let mut found: Vec<(u128, Vec<u32>)> = Vec::new();
    let mut v = vec![0u32; k];
    #[allow(clippy::too_many_arguments)]
    fn go(
        c: &Classes,
        most: &[u128],
        i: usize,
        load: u128,
        lo: u128,
        hi: u128,
        v: &mut Vec<u32>,
        found: &mut Vec<(u128, Vec<u32>)>,
        nodes: &mut u64,
        stop: &dyn Fn(u64) -> bool,
    ) -> bool {
        *nodes += 1;
        if (*nodes % CLOCK_EVERY == 0 && stop(*nodes)) || *nodes > MAX_WINDOW_NODES {
            return false;
        }
        if i == c.values.len() {
            if load >= lo && v.iter().any(|&a| a > 0) {
                if found.len() == MAX_VECTORS {
                    return false;
                }
                found.push((load, v.clone()));
            }
            return true;
        }
        for a in 0..=c.counts[i] {
            let l = load + u128::from(a) * c.values[i];
            if l > hi {
                break;
            }
            if l + most[i + 1] < lo {
                continue;
            }
            v[i] = a;
            if !go(c, most, i + 1, l, lo, hi, v, found, nodes, stop) {
                return false;
            }
        }
        v[i] = 0;
        true
    }
    if !go(c, &most, 0, 0, lo, hi, &mut v, &mut found, nodes, stop) {
        return None;
    }
    found.sort_unstable();
    let loads = found.iter().map(|(l, _)| *l).collect();
    let vectors = found.into_iter().flat_map(|(_, v)| v).collect();
    Some((loads, vectors))
}

/// What one feasibility search found.
enum Search {
    /// m vectors (indices into the window) summing to the counts.
    Found(Vec<usize>),
    /// No such vectors.
    None,
    /// Stopped by the deadline or the node budget.
    Stopped,
}

/// The depth-first feasibility search of step 3, loads in `[lo, hi]`.
struct Feasibility<'a> {
    c: &'a Classes,
    loads: &'a [u128],
    vectors: &'a [u32],
    m: usize,
    memo: HashSet<u128>,
}

impl Feasibility<'_> {
    fn vector(&self, i: usize) -> &[u32] {
        let k = self.c.values.len();
        &self.vectors[i * k..(i + 1) * k]
    }

    /// Index of the first vector with load >= x.
    fn first_at_least(&self, x: u128) -> usize {
        self.loads.partition_point(|&l| l < x)
    }

    fn run(&mut self, lo: u128, hi: u128, nodes: &mut u64, stop: &dyn Fn(u64) -> bool) -> Search {
        let m = self.m;
        self.memo.clear();
        // Per level: the remainder before the level's subset, the next candidate index, the
        // end of the level's slice, the chosen vector.
        let mut rem: Vec<Vec<u32>> = vec![self.c.counts.clone()];
        let mut rem_total: Vec<u128> = vec![self.c.load(&self.c.counts)];
        let mut next: Vec<usize> = Vec::with_capacity(m);
        let mut end: Vec<usize> = Vec::with_capacity(m);
        let mut chosen: Vec<usize> = Vec::with_capacity(m);
        // Opens the level for `rem.last()` with `left` subsets to fill (left >= 2).
        let open = |this: &Self, total: u128, left: usize| -> (usize, usize) {
            let rest = (left - 1) as u128;
            let from = lo.max(total.saturating_sub(rest.saturating_mul(hi)));
            let to = hi.min(total.saturating_sub(rest.saturating_mul(lo)));
            if from > to || total < rest.saturating_mul(lo) {
                return (0, 0);
            }
            (this.first_at_least(from), this.first_at_least(to + 1))
        };
        let (a, b) = open(self, rem_total[0], m);
        next.push(a);
        end.push(b);
        loop {
            let depth = next.len() - 1; // subsets already chosen
            let left = m - depth;
            let r = rem[depth].clone();
            let first = r.iter().position(|&x| x > 0);
            let mut picked = None;
            while next[depth] < end[depth] {
                let i = next[depth];
                next[depth] += 1;
                *nodes += 1;
                if *nodes % CLOCK_EVERY == 0 && stop(*nodes) {
                    return Search::Stopped;
                }
                let v = self.vector(i);
                if first.is_some_and(|f| v[f] == 0) || v.iter().zip(&r).any(|(a, b)| a > b) {
                    continue;
                }
                let after: Vec<u32> = r.iter().zip(v).map(|(a, b)| a - b).collect();
                let total = rem_total[depth] - self.loads[i];
                if left == 2 {
                    // The remainder is the last subset: non-empty with a load in [lo, hi].
                    if after.iter().any(|&x| x > 0) && (lo..=hi).contains(&total) {
                        chosen.push(i);
                        let last = (self.first_at_least(total)..self.loads.len())
                            .take_while(|&t| self.loads[t] == total)
                            .find(|&t| self.vector(t) == after.as_slice());
                        match last {
                            Some(t) => {
                                chosen.push(t);
                                return Search::Found(chosen);
                            }
                            None => {
                                chosen.pop();
                            }
                        }
                    }
                    continue;
                }
                if self.memo.contains(&self.c.key(&after, left - 1, m)) {
                    continue;
                }
                picked = Some((i, after, total));
                break;
            }
            match picked {
                Some((i, after, total)) => {
                    chosen.push(i);
                    let (a, b) = open(self, total, left - 1);
                    rem.push(after);
                    rem_total.push(total);
                    next.push(a);
                    end.push(b);
                }
                None => {
                    // This level failed: remember its state, backtrack.
                    if depth == 0 {
                        return Search::None;
                    }
                    let key = self.c.key(&rem.pop().expect("depth >= 1"), left, m);
                    if self.memo.len() >= MEMO_LIMIT {
                        self.memo.clear();
                    }
                    self.memo.insert(key);
                    rem_total.pop();
                    next.pop();
                    end.pop();
                    chosen.pop();
                }
            }
        }
    }
}

/// The exact class search of the module doc on `key` into `m` subsets, from the incumbent
/// `assignment` (improved in place); `max_lo`/`min_hi` are the certified limits of
/// [`crate::bounds::SpreadBound`]. `None` when the method does not apply (too many classes,
/// an infinite or unrepresentable incumbent, too many vectors in the window): the caller
/// falls back to the task-level search. Otherwise how it ended and the nodes searched.
pub fn class_search(
    key: &[u128],
    m: usize,
    assignment: &mut [u32],
    max_lo: u128,
    min_hi: u128,
    stop: &dyn Fn(u64) -> bool,
) -> Option<(Ending, u64)> {
    if m == 1 {
        return Some((Ending::Finished, 0)); // the only partition
    }
    let classes = Classes::of(key)?;
    classes.states.checked_mul(m as u128 + 1)?;
    let mut loads = vec![0u128; m];
    for (j, &s) in assignment.iter().enumerate() {
        loads[s as usize] += key[j];
    }
    let (mut b, mut a) = (*loads.iter().max()?, *loads.iter().min()?);
    if a == 0 {
        return None; // infinite incumbent: no finite window
    }
    let max_lo = max_lo.max(loads.iter().sum::<u128>().div_ceil(m as u128));
    // gamma* already at the certified bound: nothing to search.
    let at_bound = |b: u128, a: u128| Ratio::new(b, a) <= Ratio::new(max_lo, min_hi) && min_hi > 0;
    if at_bound(b, a) {
        return Some((Ending::Finished, 0));
    }
    // The window max_lo*A/B < L < min_hi*B/A (every partition has max >= max_lo and min <=
    // min_hi), in exact integers.
    let win_lo = max_lo.checked_mul(a)? / b + 1;
    let win_hi = min_hi.checked_mul(b)?.checked_sub(1)? / a;
    let mut nodes = 0u64;
    let Some((wl, wv)) = window(&classes, win_lo, win_hi, &mut nodes, stop) else {
        return if stop(nodes) {
            Some((Ending::Stopped, nodes))
        } else {
            None
        };
    };
    let mut search = Feasibility {
        c: &classes,
        loads: &wl,
        vectors: &wv,
        m,
        memo: HashSet::new(),
    };
    // Candidate minima: distinct window loads <= min_hi, decreasing.
    let mut lo_at = wl.partition_point(|&l| l <= min_hi);
    while lo_at > 0 {
        let lo = wl[lo_at - 1];
        lo_at = wl[..lo_at].partition_point(|&l| l < lo);
        loop {
            // No partition with minimum <= lo beats max_lo / lo >= gamma*.
            if max_lo.checked_mul(a)? >= b.checked_mul(lo)? {
                return Some((Ending::Finished, nodes));
            }
            // hi: the largest load with hi / lo < B / A, i.e. hi * A < lo * B.
            let hi = (lo.checked_mul(b)? - 1) / a;
            match search.run(lo, hi, &mut nodes, stop) {
                Search::Stopped => return Some((Ending::Stopped, nodes)),
                Search::None => break,
                Search::Found(subsets) => {
                    let mut next = classes.tasks.iter().map(|t| t.iter()).collect::<Vec<_>>();
                    for (s, &i) in subsets.iter().enumerate() {
                        for (cls, &cnt) in search.vector(i).iter().enumerate() {
                            for _ in 0..cnt {
                                let j = next[cls].next().expect("counts sum to the class sizes");
                                assignment[*j as usize] = s as u32;
                            }
                        }
                    }
                    let found: Vec<u128> = subsets.iter().map(|&i| wl[i]).collect();
                    (b, a) = (*found.iter().max()?, *found.iter().min()?);
                    if at_bound(b, a) {
                        return Some((Ending::Finished, nodes));
                    }
                }
            }
        }
    }
    Some((Ending::Finished, nodes))
}
