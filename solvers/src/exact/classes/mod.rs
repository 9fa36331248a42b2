//! Exact search over value classes, for instances with few distinct values (the real
//! `dao100`: 100 contracts, 6 distinct gas values, 19 distinct (gas, profit) pairs).
//!
//! Tasks with equal values are interchangeable, so a subset is a *count vector* (how many
//! tasks of each class it holds) and a partition is a multiset of m non-zero count vectors
//! summing to the class counts. The search works on these vectors, never on tasks. It
//! minimises gamma = max/min of one quantity (the *key*), optionally under a cap on gamma of
//! the other quantity ([`OtherCap`]: then a class is a distinct (key, other) pair):
//!
//! 1. *Window.* With incumbent gamma* = B/A and the certified limits `max_lo` (every
//!    partition's max is at least it) and `min_hi` (every min is at most it) of
//!    [`crate::bounds::SpreadBound`], every strictly better partition has all its subset loads
//!    L in `max_lo*A/B < L < min_hi*B/A` (its max is below gamma* times its min). Under a cap
//!    c on the other quantity's gamma (total S), every other-load lies in
//!    `[S/(1+(m-1)c), c*S/(c+m-1)]`. The count vectors inside both windows are enumerated
//!    once by meeting in the middle (the classes split in two halves; each half's vectors
//!    sorted, each pair of the window joined by a binary search), grouped by their first
//!    non-zero class and sorted by load within each group; if
//!    there are more than [`MAX_VECTORS`] (or a half has more than [`MAX_HALF`], or the
//!    enumeration takes more than [`MAX_WINDOW_NODES`] steps), the window is built instead
//!    for a narrower virtual ratio (an eighth of the incumbent's gamma - 1, then of that...):
//!    a partition found under it improves the incumbent, whose own window is then tried
//!    again; when none is found, or the ratio cannot narrow, the method declines (the caller
//!    falls back). The halves, enumerated for the first window, serve every narrower one.
//! 2. *Scan of the minimum.* For each candidate minimum `lo` (the distinct window loads at
//!    most the certified `min_hi`, in decreasing order) a depth-first search asks: do m
//!    vectors with loads in `[lo, hi]` (and other-loads within the cap) sum to the counts,
//!    where `hi` is the largest load with `hi / lo < gamma*`? Each answer improves gamma* and
//!    the question is asked again with a smaller `hi` until the answer is no. The scan stops
//!    once `max_lo / lo >= gamma*` (no partition with a smaller minimum can be better). A
//!    better partition with minimum L is found at the latest when `lo = L`, so a finished
//!    scan proves the incumbent optimal (among the partitions within the cap).
//! 3. *Feasibility search.* The next subset always holds a task of the first class still
//!    present (every partition has such a subset, so nothing is lost and orderings of the
//!    same multiset are mostly skipped): a vector that fits the remainder and holds that
//!    class has it as its own first class, so a level scans only that class's group. The
//!    remaining total must stay within `[k lo, k hi]` for the k subsets left, which limits
//!    each level to a contiguous slice of the group; under a cap, the chosen other-loads must
//!    keep max/min within it and the remaining other-total must fit k subsets between
//!    `max/c` and `min*c`; the last subset is the remainder itself (in the window when
//!    non-empty with its load in `[lo, hi]` and its other-load in the window). Count vectors
//!    are packed into 64-bit words with a guard bit per class ([`Packing`]), so "fits the
//!    remainder" and "remainder minus vector" take a few word operations. Under a cap, the
//!    same search without the cap runs first (a relaxation: its "no" is final, and its memo
//!    is far more effective); the capped search runs only when it finds a partition that
//!    breaks the cap. Failed states (remainder, k and, under a cap, the chosen other-loads'
//!    min and max) are remembered, the remainder as one mixed-radix number (a set bounded by
//!    [`MEMO_LIMIT`] entries, cleared when full; the method declines when the numbers would
//!    not fit 128 bits). A state that fails for `[lo, hi]` fails for any narrower range, and
//!    one that fails without the cap fails with it: the failed states are kept while `lo`
//!    stays and `hi` does not grow, and the capped search consults the relaxed one's too.
//! 4. *Configuration LP* ([`lp`]). Before the search of a window, and at its nodes, the LP
//!    relaxation of "k window vectors with loads in `[lo, hi]` sum to the remainder" (one
//!    variable per vector, as in cutting stock) is solved by a small simplex; when it is
//!    infeasible, its Farkas certificate, checked in exact integer arithmetic against every
//!    column, refutes the window or prunes the node (a failed state of the memo, without the
//!    cap). Measured on `dao100@norm` (profit, uncapped): with about three tasks per subset
//!    the optima lie far above the cheap bounds (m = 30: gamma2 - 1 = 5.7e-2 against a bound
//!    of 3e-6), and the search alone could not refute the windows in between (m = 20, 21,
//!    23, 25, 28 ended at 5 s); the LP refuted every window the scan refuted (checked by a
//!    MIP over the same vectors for m = 10, 12, 25, 30), and at the nodes it turns the search
//!    of a feasible window into a few dives. Every m = 2..30 is now proven (the slowest in
//!    about 1.3 s, dev profile, one thread). The LPs' cost is bounded where they rarely
//!    decide (many tasks per subset; the raw `dao100` under a tight cap): the root LPs' by
//!    their work against the search's ([`LP_FREE`], [`LP_PAYBACK`]), the nodes' by estimates
//!    per number of subsets left ([`LP_TRIALS`], [`LP_EXPLORE`]); only windows of at most
//!    [`lp::MAX_ENTRIES`] counts are decoded for it. A window is tried against the kept
//!    certificates, then by the search alone for a share of what a window with the LPs costs
//!    ([`TRIAL_DIVISOR`], [`TRIAL_NODES`]), and only then with the LPs: the LPs had taken 90%
//!    of the raw `dao100`'s capped profit searches, whose windows the search alone decides in
//!    a few thousand nodes. Measured (dev profile, one thread, heur/complete alone), before ->
//!    after: raw `dao100`, m = 5, min gamma2 under gamma1 <= 1.001 / 1.01 / 1.02 / 1.05:
//!    3.4 / 31 / 25 / 2.9 s -> 2.6 / 0.57 / 0.73 / 0.56 s; `dao100@norm`, min gamma2 under
//!    gamma1 <= 100 at m = 20 / 21 / 25 / 28: 0.085 / 0.15 / 0.04 / 0.22 s -> 0.086 / 0.30 /
//!    0.04 / 0.64 s (the cost: the trials of windows that need the LPs).
//!
//! The cap is met within the harness's relative [`CAP_TOLERANCE`], as `measure` checks it.
//! Floating point only widens the prunings on the capped quantity (by [`SLACK`]); every
//! decision on a partition is exact.
//!
//! Memory: each half's vectors (at most [`MAX_HALF`]), the window's vectors (at most
//! [`MAX_VECTORS`], each packed into at most `classes` words, and for the LP at most
//! [`lp::MAX_ENTRIES`] counts as `f32`), the memo, and O(m x classes) for the search stack;
//! never O(n x m).

mod lp;
mod search;
mod vectors;
mod window;

use super::Ending;
use crate::util::subset_sums;
use fairshard_harness::{CAP_TOLERANCE, Ratio};
use lp::Lp;
use search::{Cap, Feasibility, LpBudget, Memo, NodeLp, Search};
use vectors::{Classes, Packing};
use window::join;

/// At most this many distinct values (or (key, other) pairs under a cap).
pub const MAX_CLASSES: usize = 32;
/// At most this many count vectors in the window.
pub const MAX_VECTORS: usize = 1 << 20;
/// At most this many count vectors in each half of the meet in the middle.
pub const MAX_HALF: usize = 1 << 21;
/// At most this many steps to enumerate the window.
pub const MAX_WINDOW_NODES: u64 = 1 << 27;
/// Failed states remembered before the memo is cleared.
pub const MEMO_LIMIT: usize = 1 << 20;
/// Relative widening of the floating-point prunings on the capped quantity.
pub const SLACK: f64 = 1e-9;
/// The feasibility search asks the configuration LP about remainders with at least this many
/// subsets left.
pub const LP_LEFT: usize = 3;
/// The search alone may spend on a window, before the LPs are used, the mean work of a
/// window with the LPs over this divisor ([`search`]'s `Trial`) ...
pub const TRIAL_DIVISOR: u64 = 32;
/// ... and at least this much (a few tens of microseconds).
pub const TRIAL_NODES: u64 = 1 << 11;
/// Work the root LPs may spend before they must pay for themselves (in column scans, counted
/// as nodes).
pub const LP_FREE: u64 = 1 << 22;
/// Each unit of work of a root LP that refuted allows this many more.
pub const LP_PAYBACK: u64 = 4;
/// The search's nodes ask the LP always for this many questions (per number of subsets left).
pub const LP_TRIALS: u64 = 16;
/// Where the LP does not pay at the nodes, it is still asked at one opportunity in this many.
pub const LP_EXPLORE: u64 = 32;
/// Nodes between two looks at the clock.
pub(super) const CLOCK_EVERY: u64 = 4_096;

/// A cap on the other quantity's gamma: its value per task and the cap.
#[derive(Clone, Copy, Debug)]
pub struct OtherCap<'a> {
    /// The other quantity of each task (task order).
    pub key: &'a [u128],
    /// The cap on its max/min (>= 1), met within [`CAP_TOLERANCE`].
    pub cap: f64,
}

/// The exact class search of the module doc on `key` into `m` subsets, from the incumbent
/// `assignment` (improved in place); `max_lo`/`min_hi` are the certified limits of
/// [`crate::bounds::SpreadBound`] on `key`; `other`, a cap on the other quantity, which the
/// incumbent must meet. `None` when the method does not apply (too many classes, an
/// infinite or unrepresentable incumbent, one that breaks the cap, too many vectors in the
/// window): the caller falls back. Otherwise how it ended and the nodes searched.
pub fn class_search(
    key: &[u128],
    other: Option<OtherCap>,
    m: usize,
    assignment: &mut [u32],
    max_lo: u128,
    min_hi: u128,
    stop: &dyn Fn(u64) -> bool,
) -> Option<(Ending, u64)> {
    let cap_c = other.map(|o| o.cap * (1.0 + CAP_TOLERANCE));
    let sums = |k: &[u128]| subset_sums(k, m, assignment);
    let cap = match (other, cap_c) {
        (Some(o), Some(c)) => {
            let loads = sums(o.key);
            let (lo, hi) = (*loads.iter().min()?, *loads.iter().max()?);
            if !Ratio::new(hi, lo).is_some_and(|r| r.at_most(c)) {
                return None; // the incumbent breaks the cap
            }
            // Every other-load of a partition within the cap: S/(1+(m-1)c) <= O <= c S/(c+m-1).
            let s = loads.iter().sum::<u128>() as f64;
            let mf = m as f64;
            Some(Cap {
                c,
                olo: (s / (1.0 + (mf - 1.0) * c) * (1.0 - SLACK)).floor() as u128,
                ohi: (c * s / (c + mf - 1.0) * (1.0 + SLACK)).ceil() as u128,
            })
        }
        _ => None,
    };
    if m == 1 {
        return Some((Ending::Finished, 0)); // the only partition
    }
    let classes = Classes::of(key, other.map(|o| o.key))?;
    classes.states.checked_mul(m as u128 + 1)?;
    let loads = sums(key);
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
    let other_win = cap.map_or((0, u128::MAX), |c| (c.olo, c.ohi));
    let mut nodes = 0u64;
    let packing = Packing::of(&classes.counts);
    // The ratio the window is built for: the incumbent's B/A or, while that window holds too
    // many vectors, a narrower virtual one VB/VA (each time VB/VA - 1 an eighth of the last).
    // A search under a virtual ratio that finds a partition improves the incumbent, and the
    // window is built again for it; one that finds none proves nothing: the method declines.
    let (mut vb, mut va) = (b, a);
    let mut halves: Option<window::Halves> = None;
    'window: loop {
        // The window max_lo*VA/VB < L < min_hi*VB/VA (every partition has max >= max_lo and
        // min <= min_hi), in exact integers.
        let win_lo = max_lo.checked_mul(va)? / vb + 1;
        let win_hi = min_hi.checked_mul(vb)?.checked_sub(1)? / va;
        // The halves of the meet in the middle serve every narrower window too.
        if halves.as_ref().is_none_or(|h| h.hi < win_hi) {
            halves = window::halves(&classes, &packing, win_hi, other_win.1, &mut nodes, stop);
        }
        let w = halves
            .as_ref()
            .and_then(|h| join(&classes, &packing, h, (win_lo, win_hi), other_win, &mut nodes, stop));
        let Some(w) = w else {
            if stop(nodes) {
                return Some((Ending::Stopped, nodes));
            }
            let narrower = va + (vb - va) / 8;
            if narrower <= va || at_bound(narrower, va) {
                return None;
            }
            vb = narrower;
            continue 'window;
        };
        let real = (vb, va) == (b, a);
        let mut search = Feasibility {
            c: &classes,
            p: &packing,
            w: &w,
            m,
            cap,
            memo: Memo::default(),
            lp: Lp::of(&classes, &packing, &w),
            lp_budget: LpBudget::default(),
            node_lp: NodeLp::default(),
            trial: Default::default(),
        };
        // Candidate minima: distinct window loads <= min_hi, decreasing.
        let mut lo_at = w.loads.partition_point(|&l| l <= min_hi);
        while lo_at > 0 {
            let lo = w.loads[lo_at - 1];
            lo_at = w.loads[..lo_at].partition_point(|&l| l < lo);
            loop {
                // No partition with minimum <= lo beats max_lo / lo >= VB/VA.
                if max_lo.checked_mul(va)? >= vb.checked_mul(lo)? {
                    break;
                }
                // hi: the largest load with hi / lo < VB / VA, i.e. hi * VA < lo * VB.
                let hi = (lo.checked_mul(vb)? - 1) / va;
                match search.solve(lo, hi, &mut nodes, stop) {
                    Search::Stopped => return Some((Ending::Stopped, nodes)),
                    Search::None => break,
                    Search::Found(subsets) => {
                        let mut next = classes.tasks.iter().map(|t| t.iter()).collect::<Vec<_>>();
                        for (s, &(_, _, code)) in subsets.iter().enumerate() {
                            for (cls, &cnt) in classes.decode(code).iter().enumerate() {
                                for _ in 0..cnt {
                                    let j = next[cls].next().expect("counts sum to the class sizes");
                                    assignment[*j as usize] = s as u32;
                                }
                            }
                        }
                        let found: Vec<u128> = subsets.iter().map(|s| s.0).collect();
                        (b, a) = (*found.iter().max()?, *found.iter().min()?);
                        if at_bound(b, a) {
                            return Some((Ending::Finished, nodes));
                        }
                        (vb, va) = (b, a);
                        if !real {
                            continue 'window;
                        }
                    }
                }
            }
            if max_lo.checked_mul(va)? >= vb.checked_mul(lo)? {
                break;
            }
        }
        // The scan is over: under the incumbent's own ratio a proof, under a virtual one none.
        return real.then_some((Ending::Finished, nodes));
    }
}
