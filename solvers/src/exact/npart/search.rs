//! The branch-and-bound core: bin completion over subsets in a window.
//!
//! A node is (numbers used, bins left k, remaining sum, smallest and largest sum placed so
//! far). The next subset always holds the largest remaining number (symmetry), and its sum
//! lies in the node's window, derived from the goal:
//!
//! - makespan: every sum `<= hi`, so the next sum is in `[rem - (k-1) hi, hi]`;
//! - ratio: every pair of sums `s, t` satisfies `s * den < num * t` (max/min < num/den); with
//!   `c_lb` a certified lower bound on any partition's largest sum and `l_ub` an upper bound
//!   on its smallest, every sum lies in `(max(c_lb, pmax)/g, g min(l_ub, pmin))`, and with
//!   the remaining sum the next one in `[rem - (k-1) hi', rem - (k-1) lo']`; with two bins
//!   left the pair itself must satisfy the ratio. Requiring each new sum to be within ratio
//!   g of every placed one makes every leaf a partition with ratio < g (the pairwise
//!   condition over all pairs is exactly max < g min).
//!
//! Every partition found tightens the goal (makespan `hi = max - 1`, ratio `g = max/min`) and
//! the search goes on: a depth-first search whose pruning is exact for the goal in force when
//! a node is visited ends having found every partition better than its final goal (that goal
//! is then optimal, or, with nothing found, no partition beats the initial goal).
//!
//! Candidates come either from a precomputed list of all subsets in the global window,
//! grouped by their largest number (cached iterative weakening, Schreiber and Korf 2014,
//! IJCAI/AAAI), or, for more than 64 numbers, from a lazy depth-first enumeration (largest
//! numbers first) of the remaining numbers.
//!
//! Makespan only: a subset is dominated (bin-completion dominance, Korf 2003, IJCAI; Schreiber
//! and Korf 2013, IJCAI) when a remaining number still fits, or when one of its numbers can be
//! exchanged for a larger remaining one within `hi`: the exchanged partition is no worse, and
//! the dominating subset (larger sum, same largest number) is searched at the same node.
//!
//! Ratio only: a number larger than `l_ub` (the certified bound every partition's smallest
//! sum is at most) is alone in its subset. Of any partition with ratio < g one exists with
//! each such number alone: while some subset holds such a number `x` and others `R`, move
//! `R` to a smallest subset `M` (not that one, whose sum exceeds `l_ub`, nor one holding
//! another such number, for the same reason): `x` alone keeps at least the smallest sum,
//! `M` grows to at most `x + R`, the old sum, so the largest sum does not grow nor the
//! smallest fall, and one fewer such number shares its subset.
//!
//! Nodes proven to have no improving completion are cached (Schreiber and Korf 2014): key =
//! (remaining set, k), value = the window and ratio under which that was proven; a later
//! query with a window inside it and a ratio no larger is infeasible too.

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::time::Instant;

/// Multiplicative hash for the node cache (keys are already well mixed bitsets).
#[derive(Default)]
pub(super) struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u64(u64::from(b));
        }
    }
    fn write_u64(&mut self, i: u64) {
        self.0 = (self.0.rotate_left(5) ^ i).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
    fn write_u128(&mut self, i: u128) {
        self.write_u64(i as u64);
        self.write_u64((i >> 64) as u64);
    }
    fn write_u32(&mut self, i: u32) {
        self.write_u64(u64::from(i));
    }
    fn write_usize(&mut self, i: usize) {
        self.write_u64(i as u64);
    }
    fn finish(&self) -> u64 {
        self.0
    }
}

/// Entries of the node cache before it is cleared.
const MEMO_CAP: usize = 4_000_000;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub(super) enum Goal {
    Makespan,
    Ratio,
}

/// What [`Gen::next`] returns.
enum Next {
    /// A subset: its sum (with the base) and its mask.
    Found(u64, u128),
    /// Every subset in the window has been returned.
    End,
    /// The step allowance ran out: call again to go on.
    Paused,
}

/// Steps of the lazy enumeration between two checks of the limits.
const GEN_SLICE: u64 = 1 << 14;

/// Lazy depth-first enumeration of the subsets of `items` (sorted by decreasing weight) whose
/// sum plus `base` lies in a window given at each call (the window may only shrink).
struct Gen {
    items: Vec<usize>,
    suf: Vec<u64>,
    stack: Vec<usize>,
    sum: u64,
    mask: u128,
    next: usize,
    started: bool,
}

impl Gen {
    fn new(w: &[u64], items: Vec<usize>) -> Self {
        let mut suf = vec![0u64; items.len() + 1];
        for p in (0..items.len()).rev() {
            suf[p] = suf[p + 1] + w[items[p]];
        }
        Gen {
            items,
            suf,
            stack: Vec::new(),
            sum: 0,
            mask: 0,
            next: 0,
            started: false,
        }
    }

    /// The next subset in the window `[lo, hi]`, or [`Next::Paused`] after `max_steps` steps
    /// (the enumeration resumes where it paused at the next call).
    fn next(&mut self, w: &[u64], base: u64, lo: u64, hi: u64, steps: &mut u64, max_steps: u64) -> Next {
        if !self.started {
            self.started = true;
            if base >= lo && base <= hi {
                return Next::Found(base, 0);
            }
        }
        let stop_at = steps.saturating_add(max_steps);
        loop {
            if *steps >= stop_at {
                return Next::Paused;
            }
            *steps += 1;
            let s = base + self.sum;
            let mut p = self.next;
            let len = self.items.len();
            if s <= hi {
                let room = hi - s;
                // first position whose weight fits (weights decrease along items)
                if p < len && w[self.items[p]] > room {
                    let (mut a, mut b) = (p, len);
                    while a < b {
                        let mid = (a + b) / 2;
                        if w[self.items[mid]] > room {
                            a = mid + 1;
                        } else {
                            b = mid;
                        }
                    }
                    p = a;
                }
                if p < len && s + self.suf[p] >= lo {
                    let i = self.items[p];
                    self.stack.push(p);
                    self.sum += w[i];
                    self.mask |= 1u128 << i;
                    self.next = p + 1;
                    let s2 = base + self.sum;
                    if s2 >= lo {
                        return Next::Found(s2, self.mask);
                    }
                    continue;
                }
            }
            let Some(q) = self.stack.pop() else {
                return Next::End;
            };
            let i = self.items[q];
            self.sum -= w[i];
            self.mask &= !(1u128 << i);
            self.next = q + 1;
        }
    }
}

pub(super) struct Search<'a> {
    w: &'a [u64],
    n: usize,
    goal: Goal,
    /// Makespan: every sum at most `hi`.
    pub hi: u64,
    /// Ratio: max/min < num/den.
    pub num: u64,
    pub den: u64,
    c_lb: u64,
    l_ub: u64,
    /// A partition reaching this value is optimal (certified bound): (value, 1) or (num, den).
    stop_at: (u64, u64),
    lists: Option<Vec<Vec<(u64, u64)>>>,
    first_eq: Vec<usize>,
    memo: HashMap<(u128, u32), [u64; 4], BuildHasherDefault<FxHasher>>,
    path: Vec<(u64, u128)>,
    /// The best partition found (subset masks over the sorted numbers).
    pub best: Option<Vec<u128>>,
    pub nodes: u64,
    work: u64,
    budget: Option<u64>,
    deadline: Option<Instant>,
    pub stopped: bool,
    done: bool,
    all: u128,
    /// Node count at which the current run stops (restarts).
    pub cap_nodes: u64,
    /// Non-zero: candidates of the lazy enumeration are tried in a permuted order (seeded).
    pub shuffle: u64,
}

impl<'a> Search<'a> {
    #[allow(clippy::too_many_arguments)]
    pub(super) fn new(
        w: &'a [u64],
        goal: Goal,
        c_lb: u64,
        l_ub: u64,
        stop_at: (u64, u64),
        budget: Option<u64>,
        deadline: Option<Instant>,
    ) -> Self {
        let n = w.len();
        assert!(n <= 128);
        let mut first_eq = vec![0usize; n];
        for i in 1..n {
            first_eq[i] = if w[i] == w[i - 1] { first_eq[i - 1] } else { i };
        }
        let all = if n == 128 { u128::MAX } else { (1u128 << n) - 1 };
        Search {
            w,
            n,
            goal,
            hi: u64::MAX,
            num: 1,
            den: 0,
            c_lb,
            l_ub,
            stop_at,
            lists: None,
            first_eq,
            memo: HashMap::default(),
            path: Vec::new(),
            best: None,
            nodes: 0,
            work: 0,
            budget,
            deadline,
            stopped: false,
            done: false,
            all,
            cap_nodes: u64::MAX,
            shuffle: 0,
        }
    }

    pub(super) fn set_lists(&mut self, lists: Option<Vec<Vec<(u64, u64)>>>) {
        self.lists = lists;
    }

    pub(super) fn out_of_time(&self) -> bool {
        if self.nodes >= self.cap_nodes {
            return true;
        }
        self.limits_hit()
    }

    /// Counts the enumeration's steps as nodes (one per 65,536) and checks the limits.
    fn tick(&mut self) -> bool {
        self.nodes += self.work >> 16;
        self.work &= 0xffff;
        self.out_of_time()
    }

    /// The caller's limits (not the restart cap) are exhausted.
    pub(super) fn limits_hit(&self) -> bool {
        if let Some(b) = self.budget
            && self.nodes + self.work / 16 >= b
        {
            return true;
        }
        if let Some(d) = self.deadline
            && Instant::now() >= d
        {
            return true;
        }
        false
    }

    /// Bounds on every sum from the goal and the sums placed so far.
    pub(super) fn bin_range(&self, pmin: u64, pmax: u64) -> (u64, u64) {
        match self.goal {
            Goal::Makespan => (0, self.hi),
            Goal::Ratio => {
                let (num, den) = (u128::from(self.num), u128::from(self.den));
                let top = u128::from(self.c_lb.max(pmax));
                let lo = top * den / num + 1;
                let bottom = u128::from(self.l_ub.min(pmin));
                let hi = if bottom == 0 { 0 } else { (num * bottom - 1) / den };
                (lo.min(u128::from(u64::MAX)) as u64, hi.min(u128::from(u64::MAX)) as u64)
            }
        }
    }

    /// The window of the next sum, with `k >= 2` bins left.
    pub(super) fn window(&self, rem: u64, k: usize, lo_p: u64, hi_p: u64) -> Option<(u64, u64)> {
        if lo_p > hi_p {
            return None;
        }
        let r = u128::from(rem);
        let k1 = (k - 1) as u128;
        let mut lo = u128::from(lo_p).max(r.saturating_sub(k1 * u128::from(hi_p)));
        let need = k1 * u128::from(lo_p);
        if need > r {
            return None;
        }
        let mut hi = u128::from(hi_p).min(r - need);
        if self.goal == Goal::Ratio && k == 2 {
            let (num, den) = (u128::from(self.num), u128::from(self.den));
            lo = lo.max(r * den / (num + den) + 1);
            if r == 0 {
                return None;
            }
            hi = hi.min((num * r - 1) / (num + den));
        }
        if lo > hi { None } else { Some((lo as u64, hi as u64)) }
    }

    fn covers(e: &[u64; 4], lo: u64, hi: u64, num: u64, den: u64) -> bool {
        e[0] <= lo && hi <= e[1] && u128::from(num) * u128::from(e[3]) <= u128::from(e[2]) * u128::from(den)
    }

    fn dominated(&self, used: u128, mask: u128, s: u64) -> bool {
        let free = self.all & !used & !mask;
        if free == 0 {
            return false;
        }
        let smallest = 127 - free.leading_zeros() as usize;
        if s + self.w[smallest] <= self.hi {
            return true;
        }
        let mut bits = mask;
        while bits != 0 {
            let y = bits.trailing_zeros() as usize;
            bits &= bits - 1;
            let f = self.first_eq[y];
            let bigger = free & ((1u128 << f) - 1);
            if bigger != 0 {
                let z = 127 - bigger.leading_zeros() as usize;
                if s - self.w[y] + self.w[z] <= self.hi {
                    return true;
                }
            }
        }
        false
    }

    /// The sums placed so far still satisfy the goal (it may have tightened since).
    fn path_ok(&self, pmin: u64, pmax: u64) -> bool {
        if pmin > pmax {
            return true;
        }
        match self.goal {
            Goal::Makespan => pmax <= self.hi,
            Goal::Ratio => u128::from(pmax) * u128::from(self.den) < u128::from(self.num) * u128::from(pmin),
        }
    }

    fn record(&mut self, used: u128, rem: u64) {
        let mut bins: Vec<u128> = self.path.iter().map(|&(_, m)| m).collect();
        bins.push(self.all & !used);
        let mut mx = rem;
        let mut mn = rem;
        for &(s, _) in &self.path {
            mx = mx.max(s);
            mn = mn.min(s);
        }
        match self.goal {
            Goal::Makespan => {
                debug_assert!(mx <= self.hi);
                self.hi = mx - 1;
                if mx <= self.stop_at.0 {
                    self.done = true;
                }
            }
            Goal::Ratio => {
                debug_assert!(u128::from(mx) * u128::from(self.den) < u128::from(self.num) * u128::from(mn));
                self.num = mx;
                self.den = mn;
                if u128::from(mx) * u128::from(self.stop_at.1) <= u128::from(self.stop_at.0) * u128::from(mn) {
                    self.done = true;
                }
            }
        }
        self.best = Some(bins);
    }

    /// Runs the search from the root with `k` bins; returns true when it ended early
    /// (stopped by the limits, or a partition met `stop_at`).
    pub(super) fn run(&mut self, k: usize) -> bool {
        self.done = false;
        let total: u64 = self.w.iter().sum();
        self.path.clear();
        self.rec(0, k, total, u64::MAX, 0)
    }

    pub(super) fn finished_at_bound(&self) -> bool {
        self.done
    }

    fn rec(&mut self, used: u128, k: usize, rem: u64, pmin: u64, pmax: u64) -> bool {
        self.nodes += 1;
        if self.nodes & 255 == 0 && self.out_of_time() {
            self.stopped = true;
            return true;
        }
        if !self.path_ok(pmin, pmax) {
            return false;
        }
        let (lo_p, hi_p) = self.bin_range(pmin, pmax);
        if lo_p > hi_p {
            return false;
        }
        if k == 1 {
            if rem >= lo_p && rem <= hi_p && used != self.all {
                self.record(used, rem);
            }
            return self.done;
        }
        if used == self.all {
            return false;
        }
        if self.window(rem, k, lo_p, hi_p).is_none() {
            return false;
        }
        let key = (used, k as u32);
        if let Some(e) = self.memo.get(&key)
            && Self::covers(e, lo_p, hi_p, self.num, self.den)
        {
            return false;
        }
        let x = (!used).trailing_zeros() as usize;
        let (lo_w, hi_w) = self.window(rem, k, lo_p, hi_p).unwrap();
        if self.goal == Goal::Ratio && self.w[x] > self.l_ub {
            // A number above every partition's smallest sum is alone (module docs).
            let s = self.w[x];
            if s >= lo_w && s <= hi_w {
                let mask = 1u128 << x;
                self.path.push((s, mask));
                let stop = self.rec(used | mask, k - 1, rem - s, pmin.min(s), pmax.max(s));
                self.path.pop();
                if stop {
                    return true;
                }
            }
        } else if let Some(lists) = &self.lists {
            let group = &lists[x];
            // sorted by decreasing sum
            let start = group.partition_point(|&(s, _)| s > hi_w);
            let end = group.partition_point(|&(s, _)| s >= lo_w);
            let mut cands: Vec<(u64, u128)> = Vec::new();
            for &(s, mask) in &group[start..end.max(start)] {
                let mask = u128::from(mask);
                if mask & used == 0 {
                    cands.push((s, mask));
                }
            }
            self.work += (end.saturating_sub(start)) as u64;
            if self.work > (1 << 16) && self.tick() {
                // long groups: the limits are checked by the entries scanned, not only by nodes
                self.stopped = true;
                return true;
            }
            if self.goal == Goal::Ratio {
                let kk = k as u128;
                let r = u128::from(rem);
                cands.sort_by_key(|&(s, _)| (u128::from(s) * kk).abs_diff(r));
            }
            for (s, mask) in cands {
                let (a, b) = self.bin_range(pmin, pmax);
                match self.window(rem, k, a, b) {
                    None => break,
                    Some((a, b)) => {
                        if s < a || s > b {
                            continue;
                        }
                    }
                }
                if self.goal == Goal::Makespan && self.dominated(used, mask, s) {
                    continue;
                }
                self.path.push((s, mask));
                let stop = self.rec(used | mask, k - 1, rem - s, pmin.min(s), pmax.max(s));
                self.path.pop();
                if stop {
                    return true;
                }
                if !self.path_ok(pmin, pmax) {
                    // the goal tightened below a sum on the path: this node is moot (its
                    // remaining candidates were not searched, so nothing is cached)
                    return false;
                }
            }
        } else {
            // Rings of sums around rem/k, widening fourfold: candidates nearest the mean
            // first (a sum far from it leaves the remaining bins little slack).
            let items: Vec<usize> = (x + 1..self.n).filter(|&i| used >> i & 1 == 0).collect();
            let base = self.w[x];
            let xbit = 1u128 << x;
            let (a0, b0) = self.window(rem, k, lo_p, hi_p).unwrap();
            let c = (rem / k as u64).clamp(a0, b0);
            let mut delta = ((b0 - a0) / 256).max(1);
            let mut prev: Option<(u64, u64)> = None;
            'rings: loop {
                let ring = (c.saturating_sub(delta), c.saturating_add(delta));
                let mut enumer = Gen::new(self.w, items.clone());
                let mut pool: Vec<(u64, u128)> = Vec::new();
                loop {
                    if self.shuffle != 0 && pool.is_empty() {
                        // draw a batch and permute it
                        let (a, b) = self.bin_range(pmin, pmax);
                        let Some((a, b)) = self.window(rem, k, a, b) else {
                            break 'rings;
                        };
                        let (ra, rb) = (a.max(ring.0), b.min(ring.1));
                        while ra <= rb && pool.len() < 8 {
                            let mut steps = 0u64;
                            let next = enumer.next(self.w, base, ra, rb, &mut steps, GEN_SLICE);
                            self.work += steps;
                            match next {
                                Next::Found(s, m) => pool.push((s, m)),
                                Next::End => break,
                                Next::Paused => {
                                    if self.tick() {
                                        self.stopped = true;
                                        return true;
                                    }
                                }
                            }
                        }
                        for i in (1..pool.len()).rev() {
                            self.shuffle ^= self.shuffle << 13;
                            self.shuffle ^= self.shuffle >> 7;
                            self.shuffle ^= self.shuffle << 17;
                            pool.swap(i, (self.shuffle % (i as u64 + 1)) as usize);
                        }
                    }
                    let (a, b) = self.bin_range(pmin, pmax);
                    let Some((a, b)) = self.window(rem, k, a, b) else {
                        break 'rings;
                    };
                    let (ra, rb) = (a.max(ring.0), b.min(ring.1));
                    let next = if self.shuffle != 0 {
                        pool.pop()
                            .map(|(s, m)| if s >= ra && s <= rb { (s, m) } else { (u64::MAX, 0) })
                    } else if ra > rb {
                        None
                    } else {
                        let mut steps = 0u64;
                        let next = enumer.next(self.w, base, ra, rb, &mut steps, GEN_SLICE);
                        self.work += steps;
                        match next {
                            Next::Found(s, m) => Some((s, m)),
                            Next::End => None,
                            Next::Paused => {
                                // a long stretch without a subset in the window: the limits
                                // are checked before the enumeration goes on
                                if self.tick() {
                                    self.stopped = true;
                                    return true;
                                }
                                continue;
                            }
                        }
                    };
                    if self.work > (1 << 16) && self.tick() {
                        self.stopped = true;
                        return true;
                    }
                    let Some((s, mask)) = next else { break };
                    if s == u64::MAX {
                        continue; // a pooled candidate fell out of the window
                    }
                    if let Some((pa, pb)) = prev
                        && s >= pa
                        && s <= pb
                    {
                        continue;
                    }
                    let mask = mask | xbit;
                    if self.goal == Goal::Makespan && self.dominated(used, mask, s) {
                        continue;
                    }
                    self.path.push((s, mask));
                    let stop = self.rec(used | mask, k - 1, rem - s, pmin.min(s), pmax.max(s));
                    self.path.pop();
                    if stop {
                        return true;
                    }
                    if !self.path_ok(pmin, pmax) {
                        // the goal tightened below a sum on the path: this node is moot (its
                        // remaining candidates were not searched, so nothing is cached)
                        return false;
                    }
                }
                let (a, b) = self.bin_range(pmin, pmax);
                let Some((a, b)) = self.window(rem, k, a, b) else { break };
                if ring.0 <= a && ring.1 >= b {
                    break;
                }
                prev = Some(ring);
                delta = delta.saturating_mul(4);
            }
        }
        let (a, b) = self.bin_range(pmin, pmax);
        if self.memo.len() >= MEMO_CAP {
            self.memo.clear();
        }
        self.memo.insert(key, [a, b, self.num, self.den]);
        false
    }
}
