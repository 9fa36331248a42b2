//! Complete anytime search for multiway number partitioning with many distinct values.
//!
//! Given n non-negative integers and m subsets, two objectives are minimised:
//!
//! - [`Objective::Makespan`]: the largest subset sum;
//! - [`Objective::Ratio`]: the largest subset sum over the smallest (every subset non-empty),
//!   compared exactly by cross-multiplication.
//!
//! # Method
//!
//! 1. **Starts.** Greedy (LPT), multiway Karmarkar-Karp (Karmarkar and Karp 1982; Korf 2009,
//!    IJCAI), an optional caller's start, each improved by a move/swap descent ([`heur`]).
//! 2. **Bounds.** Every partition's largest sum is at least `ceil(T/m)`, the largest number,
//!    and, for `j >= 1`, the sum of the numbers of rank `jm - j ..= jm` (0-based, decreasing):
//!    of the `jm + 1` largest, some subset holds `j + 1`. Every partition's smallest sum is at
//!    most `floor((T - S_j) / (m - j))` for `j = 0..m`, `S_j` the sum of the `j` largest (the
//!    `j` largest numbers lie in at most `j` subsets). The ratio is therefore at least
//!    `c_lb / l_ub`.
//! 3. **Exact search** ([`search`]): bin completion with windows (Korf 2003; Schreiber and Korf
//!    2013, IJCAI; Schreiber, Korf and Moffitt 2018, J. ACM, "Optimal Multi-Way Number
//!    Partitioning"): each level places one subset holding the largest remaining number, with
//!    a sum in the window implied by the goal, the sums already placed and the remaining sum;
//!    nodes proven hopeless are cached. With at most 64 numbers the candidate subsets come from
//!    one precomputed list of every subset whose sum lies in the global window, found by the
//!    Schroeppel-Shamir method ([`windowed`]) and grouped by largest number (the cached iterative
//!    weakening of Schreiber and Korf 2014); beyond 64 (up to 128) from a lazy depth-first
//!    enumeration at each node. For the ratio, numbers above `l_ub` stand alone (see
//!    [`search`]), so the global window is that of the other numbers split into the other
//!    subsets: one large number would otherwise stretch it to nearly every subset. When even
//!    the narrowest window still open holds more than [`LIST_CAP`] subsets (dense numbers, many
//!    per subset), the lazy enumeration takes over at any size.
//! 4. **Iterative weakening** (Korf 2009; Schreiber and Korf 2014): the goal is written as
//!    "value < theta" with `theta = c_lb + d` (makespan) or `theta = (c_lb + d) / l_ub` (ratio)
//!    for `d = 1, 4, 16, ...`, capped by the incumbent. A search that ends with nothing found
//!    proves `value >= theta`: a certified bound, and the next, weaker, theta follows; a search
//!    that finds partitions keeps tightening theta to each one's value (branch and bound) and,
//!    on ending, has proven its last partition optimal (nothing below the previous theta
//!    exists, nothing below the last value remains in its tree). The list is built once for the
//!    widest theta it can hold (within [`LIST_CAP`] subsets) and rebuilt wider only when every
//!    theta it covers has failed. The lazy enumeration runs branch and bound from the
//!    incumbent instead, with restarts (growing node caps, seeded candidate orders).
//!
//! Correctness of the ratio windows: a partition has max/min < g iff every pair of its sums
//! satisfies `s < g t`. The search adds sums one by one and requires each new sum to lie
//! strictly within ratio g of the smallest and largest placed (and, for the last two bins, of
//! each other), so its leaves are exactly the partitions with ratio < g in the subtree, and
//! no such partition is cut: every cut removes sums that violate a pairwise condition, the
//! certified bounds (`max >= c_lb`, `min <= l_ub`, hence every sum in `(c_lb/g, g l_ub)`), or
//! the remaining sum (k sums in `[lo, hi]` total between `k lo` and `k hi`).
//!
//! Where proofs stop (the ratio objective): when the bound's `l_ub` comes from `j >= 1` (the
//! `j` largest numbers exceed every partition's smallest sum), `c_lb / l_ub` is met only by a
//! partition that leaves those `j` alone and splits the other `n'` numbers perfectly into `k =
//! m - j` subsets, each sum `floor(R / k)` or one more (`r = R mod k` of them). With subset
//! sums approximately Gaussian, the expected number of such splits is about `k^n' / k! * C(k,
//! r) * k^(k/2) * (2 pi n' E[x^2])^(-(k-1)/2)` (`E[x^2]` the second moment of the `n'`
//! numbers). Where it is large the search finds one and stops at the bound; where it is below 1
//! (on `lognormal:n=100,seed=1` at m = 30: 89 numbers into 19 subsets, about 2^-5.8) the
//! optimum almost surely lies below the bound, and a proof must refute every perfect split.
//! There that refutation alone is a tree of about 10^7 nodes (the search run to its end with
//! the goal "every sum at least `l_ub`": none exists; a Knuth estimate, 4,000 random probes,
//! gives 2^24.4 nodes without the cache), several minutes at this search's speed, and the value
//! below the bound must then be found and the next one refuted in turn: the run ends at its
//! limit with the bound and the incumbent, the gap in units of the smallest sum being the
//! incumbent's distance below `l_ub`. Between the two (counts of 2^10 to 2^45, m = 25 on the
//! same data) perfect splits exist but are rare among near-perfect ones, and the lazy search
//! does not always find them within seconds. The estimate is optimistic on such heavy-tailed
//! numbers: on 30 to 50 of that residual's numbers with one number alone (6 to 10 subsets,
//! proven optimal by this search), the optimum's smallest sum lay where the same count, for
//! "every sum at least that plus one", was 2^-0.3 to 2^8.5, not below 1.
//!
//! With more than 128 positive numbers only the starts run (`proven` only when a start meets
//! the bound). Zero weights are set aside: they go to subset 0 and change no sum; for the
//! ratio with fewer positive numbers than subsets some subset sums to zero whatever the
//! assignment, and the ratio is infinite (bound `den = 0`).

mod heur;
mod search;
#[cfg(test)]
mod tests;
mod windowed;

use self::search::{Goal, Search};
use std::time::Instant;

/// The quantity minimised.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Objective {
    /// The largest subset sum.
    Makespan,
    /// The largest subset sum over the smallest.
    Ratio,
}

/// When to stop: a wall-clock deadline and/or a budget of search nodes.
#[derive(Clone, Debug, Default)]
pub struct Limits {
    pub deadline: Option<Instant>,
    pub node_budget: Option<u64>,
}

/// A certified lower bound on the objective.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Bound {
    /// Makespan: an integer.
    Value(u64),
    /// Ratio: `num / den` (`den = 0`: infinite).
    Ratio { num: u64, den: u64 },
}

/// The result of [`solve`].
#[derive(Clone, Debug)]
pub struct Outcome {
    /// Subset index per input number, in input order.
    pub assignment: Vec<usize>,
    /// The search finished: the assignment is optimal.
    pub proven: bool,
    /// Certified lower bound on the objective.
    pub lower_bound: Bound,
    /// Search nodes visited.
    pub nodes: u64,
}

/// Largest number of subsets the precomputed list may hold.
pub const LIST_CAP: usize = 6_000_000;

/// Largest subset sum and smallest of an assignment of `w`.
fn extremes(w: &[u64], m: usize, a: &[usize]) -> (u64, u64) {
    let l = heur::loads(w, m, a);
    (*l.iter().max().unwrap(), *l.iter().min().unwrap())
}

/// `a` better than `b` for the objective (values as (max, min)).
fn better(obj: Objective, a: (u64, u64), b: (u64, u64)) -> bool {
    match obj {
        Objective::Makespan => a.0 < b.0,
        Objective::Ratio => u128::from(a.0) * u128::from(b.1) < u128::from(b.0) * u128::from(a.1),
    }
}

/// Solves one instance; see the module documentation.
pub fn solve(weights: &[u64], m: usize, objective: Objective, start: Option<&[usize]>, limits: &Limits) -> Outcome {
    let n = weights.len();
    assert!(m >= 1, "at least one subset");
    let infinite = Bound::Ratio { num: 1, den: 0 };
    // Positive numbers, sorted by decreasing weight (ties by input position).
    let mut order: Vec<usize> = (0..n).filter(|&i| weights[i] > 0).collect();
    order.sort_by(|&a, &b| weights[b].cmp(&weights[a]).then(a.cmp(&b)));
    let p = order.len();
    let total: u128 = weights.iter().map(|&x| u128::from(x)).sum();
    let assemble = |sorted_bins: &[usize]| -> Vec<usize> {
        let mut a = vec![0usize; n];
        for (k, &i) in order.iter().enumerate() {
            a[i] = sorted_bins[k];
        }
        a
    };
    // Trivial cases.
    if m == 1 || p == 0 || p <= m || total > u128::from(u64::MAX) {
        if total > u128::from(u64::MAX) {
            // Sums beyond u64: round-robin on the sorted numbers, nothing proven.
            let a: Vec<usize> = (0..p).map(|k| k % m).collect();
            let bound = match objective {
                Objective::Makespan => Bound::Value(weights.iter().copied().max().unwrap_or(0)),
                Objective::Ratio => Bound::Ratio { num: 1, den: 1 },
            };
            return Outcome {
                assignment: assemble(&a),
                proven: false,
                lower_bound: bound,
                nodes: 0,
            };
        }
        // Every positive number alone (or all in one subset when m = 1).
        let a: Vec<usize> = (0..p).map(|k| if m == 1 { 0 } else { k }).collect();
        let mut assignment = assemble(&a);
        match objective {
            Objective::Makespan => {
                let v = if m == 1 {
                    total as u64
                } else {
                    order.first().map_or(0, |&i| weights[i])
                };
                return Outcome {
                    assignment,
                    proven: true,
                    lower_bound: Bound::Value(v),
                    nodes: 0,
                };
            }
            Objective::Ratio => {
                // Fill empty subsets with zeros where possible (every subset non-empty).
                if m > 1 {
                    let mut next = p.min(m);
                    for i in 0..n {
                        if weights[i] == 0 && next < m {
                            assignment[i] = next;
                            next += 1;
                        }
                    }
                }
                let bound = if m == 1 {
                    Bound::Ratio { num: 1, den: 1 }
                } else if p < m || total == 0 {
                    infinite
                } else {
                    let (mx, mn) = extremes(weights, m, &assignment);
                    Bound::Ratio { num: mx, den: mn }
                };
                return Outcome {
                    assignment,
                    proven: true,
                    lower_bound: bound,
                    nodes: 0,
                };
            }
        }
    }
    let w: Vec<u64> = order.iter().map(|&i| weights[i]).collect();
    let t: u64 = total as u64;
    // Bounds.
    let mut c_lb = t.div_ceil(m as u64).max(w[0]);
    let mut j = 1;
    while j * m < p {
        c_lb = c_lb.max(w[j * m - j..=j * m].iter().sum());
        j += 1;
    }
    let mut l_ub = u64::MAX;
    let mut s_j = 0u64;
    for (j, &x) in w.iter().enumerate().take(m) {
        l_ub = l_ub.min((t - s_j) / (m - j) as u64);
        s_j += x;
    }
    // Starts.
    let ratio = objective == Objective::Ratio;
    let mut cands: Vec<Vec<usize>> = vec![heur::kk(&w, m), heur::lpt(&w, m)];
    if let Some(s) = start
        && s.len() == n
        && s.iter().all(|&b| b < m)
    {
        cands.push(order.iter().map(|&i| s[i]).collect());
    }
    let mut inc: Vec<usize> = Vec::new();
    let mut inc_v = (u64::MAX, 0u64);
    for mut a in cands {
        heur::descend(&w, m, &mut a, ratio, 10_000);
        let v = extremes(&w, m, &a);
        if inc.is_empty() || better(objective, v, inc_v) {
            inc = a;
            inc_v = v;
        }
    }
    let at_bound = |v: (u64, u64)| match objective {
        Objective::Makespan => v.0 <= c_lb,
        Objective::Ratio => u128::from(v.0) * u128::from(l_ub) <= u128::from(c_lb) * u128::from(v.1),
    };
    let mut lb = match objective {
        Objective::Makespan => Bound::Value(c_lb),
        Objective::Ratio => Bound::Ratio { num: c_lb, den: l_ub },
    };
    if at_bound(inc_v) {
        return Outcome {
            assignment: assemble(&inc),
            proven: true,
            lower_bound: value_bound(objective, inc_v),
            nodes: 0,
        };
    }
    if p > 128 {
        return Outcome {
            assignment: assemble(&inc),
            proven: false,
            lower_bound: lb,
            nodes: 0,
        };
    }
    // Exact search.
    let goal = if ratio { Goal::Ratio } else { Goal::Makespan };
    let stop_at = if ratio { (c_lb, l_ub) } else { (c_lb, 1) };
    let mut s = Search::new(&w, goal, c_lb, l_ub, stop_at, limits.node_budget, limits.deadline);
    // theta(d) as (num, den): makespan (c_lb + d, 1), ratio (c_lb + d, l_ub); capped by the incumbent.
    let theta = |d: u64, inc_v: (u64, u64)| -> (u64, u64) {
        let cand = if ratio {
            (c_lb.saturating_add(d), l_ub)
        } else {
            (c_lb.saturating_add(d), 1)
        };
        let inc_t = if ratio { inc_v } else { (inc_v.0, 1) };
        if u128::from(cand.0) * u128::from(inc_t.1) >= u128::from(inc_t.0) * u128::from(cand.1) {
            inc_t
        } else {
            cand
        }
    };
    let is_inc = |th: (u64, u64), inc_v: (u64, u64)| {
        if ratio { th == inc_v } else { th.0 == inc_v.0 }
    };
    let set_goal = |s: &mut Search, th: (u64, u64)| {
        if ratio {
            s.num = th.0;
            s.den = th.1;
        } else {
            s.hi = th.0 - 1;
        }
    };
    let mut proven = false;
    let mut found: Option<Vec<u128>> = None;
    // Ratio: the numbers above l_ub, alone in their subsets (search module docs).
    let alone = if ratio {
        w.iter().take(m - 1).take_while(|&&x| x > l_ub).count()
    } else {
        0
    };
    let alone_sum: u64 = w[..alone].iter().sum();
    let mut lazy = p > 64;
    if !lazy {
        // d of the incumbent: theta(d) >= incumbent value.
        let d_inc = if ratio {
            let need = (u128::from(inc_v.0) * u128::from(l_ub)).div_ceil(u128::from(inc_v.1));
            (need.saturating_sub(u128::from(c_lb))).min(u128::from(u64::MAX / 2)) as u64
        } else {
            inc_v.0 - c_lb
        }
        .max(1);
        let mut d_list = d_inc;
        let mut d_lo = 0u64; // every theta(d) with d <= d_lo refuted
        let mut d = 1u64;
        'outer: loop {
            // Build the list for theta(d_list).
            let window_of = |d: u64| -> (u64, u64) {
                let th = theta(d, inc_v);
                let (num, den) = (u128::from(th.0), u128::from(th.1));
                let (lo_p, hi_p) = if ratio {
                    (u128::from(c_lb) * den / num + 1, (num * u128::from(l_ub) - 1) / den)
                } else {
                    (0, num - 1)
                };
                // numbers above l_ub stand alone (the search places them so): the listed
                // subsets split the rest into the other subsets
                let (k1, tt) = ((m - alone - 1) as u128, u128::from(t - alone_sum));
                let lo = lo_p.max(tt.saturating_sub(k1 * hi_p));
                let hi = hi_p.min(tt.saturating_sub(k1 * lo_p));
                if k1 * lo_p > tt || lo > hi {
                    (1, 0)
                } else {
                    (lo as u64, hi.min(u128::from(u64::MAX)) as u64)
                }
            };
            let mut tick = |_: u64| !s.out_of_time();
            let lists = match windowed::adaptive_subsets(&w, d_list, &window_of, LIST_CAP, &mut tick) {
                Some((d_got, l)) if d_got > d_lo => {
                    d_list = d_got;
                    Some(l)
                }
                _ => {
                    if s.out_of_time() {
                        s.stopped = true;
                    }
                    None
                }
            };
            let Some(lists) = lists else {
                // Too many subsets even in the narrowest window still open (dense numbers,
                // many per subset): the lazy enumeration takes over.
                lazy = !s.stopped;
                break 'outer;
            };
            s.set_lists(Some(lists));
            loop {
                let d_now = d.min(d_list).max(d_lo + 1);
                let th = theta(d_now, inc_v);
                set_goal(&mut s, th);
                s.run(m);
                if s.stopped {
                    break 'outer;
                }
                if let Some(b) = s.best.take() {
                    found = Some(b);
                    proven = true;
                    break 'outer;
                }
                // nothing below th: certified
                lb = match objective {
                    Objective::Makespan => Bound::Value(th.0),
                    Objective::Ratio => Bound::Ratio { num: th.0, den: th.1 },
                };
                if is_inc(th, inc_v) {
                    proven = true;
                    break 'outer;
                }
                d_lo = d_now;
                if d_now >= d_list {
                    d_list = d_inc.min(d_list.saturating_mul(8));
                    d = d.saturating_mul(4);
                    s.set_lists(None);
                    continue 'outer;
                }
                d = d.saturating_mul(4);
            }
        }
    }
    if lazy {
        s.set_lists(None);
        // Lazy enumeration: branch and bound from the incumbent.
        // Restarts (Gomes, Selman and Kautz 1998, AAAI) with doubling node caps and
        // seeded candidate orders, then unlimited; each run is complete if it ends
        // unstopped, and the cache carries over (its claims do not depend on the order).
        set_goal(&mut s, if ratio { inc_v } else { (inc_v.0, 1) });
        let mut cap = 20_000u64;
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for round in 0..40 {
            s.stopped = false;
            s.shuffle = if round == 0 { 0 } else { seed };
            seed = seed
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407)
                | 1;
            s.cap_nodes = if round == 39 { u64::MAX } else { s.nodes + cap };
            s.run(m);
            if let Some(b) = s.best.take() {
                found = Some(b);
            }
            if !s.stopped || s.limits_hit() {
                break;
            }
            cap = cap.saturating_mul(3) / 2;
        }
        if !s.stopped {
            proven = true;
            if found.is_none() {
                lb = value_bound(objective, inc_v);
            }
        }
    }
    let _ = s.finished_at_bound();
    if let Some(bins) = found {
        let mut a = vec![0usize; p];
        for (b, &mask) in bins.iter().enumerate() {
            for (i, slot) in a.iter_mut().enumerate() {
                if mask >> i & 1 == 1 {
                    *slot = b;
                }
            }
        }
        let v = extremes(&w, m, &a);
        if better(objective, v, inc_v) {
            inc = a;
            inc_v = v;
        }
    }
    if proven || at_bound(inc_v) {
        proven = true;
        lb = value_bound(objective, inc_v);
    }
    Outcome {
        assignment: assemble(&inc),
        proven,
        lower_bound: lb,
        nodes: s.nodes,
    }
}

fn value_bound(objective: Objective, v: (u64, u64)) -> Bound {
    match objective {
        Objective::Makespan => Bound::Value(v.0),
        Objective::Ratio => Bound::Ratio { num: v.0, den: v.1 },
    }
}
