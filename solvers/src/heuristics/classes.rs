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
//!    falls back).
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
//!
//! The cap is met within the harness's relative [`CAP_TOLERANCE`], as `measure` checks it.
//! Floating point only widens the prunings on the capped quantity (by [`SLACK`]); every
//! decision on a partition is exact.
//!
//! Memory: each half's vectors (at most [`MAX_HALF`]), the window's vectors (at most
//! [`MAX_VECTORS`], each packed into at most `classes` words), the memo, and O(m x classes)
//! for the search stack; never O(n x m).

use super::complete::Ending;
use fairshard_harness::{CAP_TOLERANCE, Ratio};
use rustc_hash::FxHashSet;
use std::ops::Range;

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
/// Nodes between two looks at the clock.
const CLOCK_EVERY: u64 = 4_096;

/// A cap on the other quantity's gamma: its value per task and the cap.
#[derive(Clone, Copy, Debug)]
pub struct OtherCap<'a> {
    /// The other quantity of each task (task order).
    pub key: &'a [u128],
    /// The cap on its max/min (>= 1), met within [`CAP_TOLERANCE`].
    pub cap: f64,
}

/// The value classes: distinct (key, other) pairs (key largest first), their counts, and
/// each class's task indices (in task order).
struct Classes {
    values: Vec<u128>,
    others: Vec<u128>,
    counts: Vec<u32>,
    tasks: Vec<Vec<u32>>,
    /// Mixed-radix place values: a remainder r is the number sum r_k stride_k, below
    /// `states`.
    strides: Vec<u128>,
    states: u128,
}

impl Classes {
    fn of(key: &[u128], other: Option<&[u128]>) -> Option<Classes> {
        let other_of = |j: usize| other.map_or(0, |o| o[j]);
        let mut order: Vec<(std::cmp::Reverse<(u128, u128)>, u32)> = (0..key.len())
            .map(|j| (std::cmp::Reverse((key[j], other_of(j))), j as u32))
            .collect();
        order.sort_unstable();
        let mut c = Classes {
            values: Vec::new(),
            others: Vec::new(),
            counts: Vec::new(),
            tasks: Vec::new(),
            strides: Vec::new(),
            states: 1,
        };
        for (std::cmp::Reverse((v, o)), j) in order {
            if c.values.last() != Some(&v) || c.others.last() != Some(&o) {
                if c.values.len() == MAX_CLASSES {
                    return None;
                }
                c.values.push(v);
                c.others.push(o);
                c.counts.push(0);
                c.tasks.push(Vec::new());
            }
            *c.counts.last_mut().expect("pushed") += 1;
            c.tasks.last_mut().expect("pushed").push(j);
        }
        for &k in &c.counts {
            c.strides.push(c.states);
            c.states = c.states.checked_mul(u128::from(k) + 1)?;
        }
        Some(c)
    }

    fn len(&self) -> usize {
        self.values.len()
    }

    /// The mixed-radix number of count vector `r` (for `v <= r` componentwise,
    /// `code(r - v) = code(r) - code(v)`: no borrows).
    fn code(&self, r: &[u32]) -> u128 {
        r.iter().zip(&self.strides).map(|(&a, &s)| u128::from(a) * s).sum()
    }

    /// The count vector numbered `code`.
    fn decode(&self, code: u128) -> Vec<u32> {
        (0..self.len())
            .map(|k| ((code / self.strides[k]) % (u128::from(self.counts[k]) + 1)) as u32)
            .collect()
    }

    fn load(&self, v: &[u32]) -> u128 {
        v.iter().zip(&self.values).map(|(&a, &x)| u128::from(a) * x).sum()
    }

    fn other_load(&self, v: &[u32]) -> u128 {
        v.iter().zip(&self.others).map(|(&a, &x)| u128::from(a) * x).sum()
    }

    /// The classes `0..split` and `split..` with the most even products of `count + 1` (the
    /// numbers of vectors of each half before pruning).
    fn halves(&self) -> usize {
        let sqrt = (self.states as f64).sqrt();
        let mut prod = 1.0f64;
        let mut best = (f64::INFINITY, 0);
        for k in 0..=self.len() {
            let skew = (prod.ln() - sqrt.ln()).abs();
            if skew < best.0 {
                best = (skew, k);
            }
            if k < self.len() {
                prod *= f64::from(self.counts[k]) + 1.0;
            }
        }
        best.1
    }
}

/// Count vectors packed into 64-bit words: class k is lane `k % per_word` of word
/// `k / per_word`, `bits` wide (the bits of the largest count, plus a guard bit, zero in
/// every packed vector). With the guard bits set in r, subtracting v borrows within no lane
/// but its guard, which survives iff the lane's count in r is at least v's: `v <= r` is one
/// subtraction and one mask per word, and `r - v` (when `v <= r`) one subtraction.
struct Packing {
    bits: u32,
    per_word: usize,
    words: usize,
    /// The guard bit of every lane of a word.
    guard: u64,
}

impl Packing {
    fn of(counts: &[u32]) -> Packing {
        let max = counts.iter().copied().max().unwrap_or(0);
        let bits = u32::BITS - max.leading_zeros() + 1; // <= 33
        let per_word = (u64::BITS / bits) as usize;
        let guard = (0..per_word as u32).fold(0, |g, j| g | 1 << (j * bits + bits - 1));
        Packing {
            bits,
            per_word,
            words: counts.len().div_ceil(per_word).max(1),
            guard,
        }
    }

    /// Appends the words of `v` to `out`.
    fn pack(&self, v: &[u32], out: &mut Vec<u64>) {
        let at = out.len();
        out.resize(at + self.words, 0);
        for (lanes, word) in v.chunks(self.per_word).zip(&mut out[at..]) {
            *word = lanes.iter().rev().fold(0, |w, &a| (w << self.bits) | u64::from(a));
        }
    }

    /// Is `v <= r` componentwise?
    fn fits(&self, r: &[u64], v: &[u64]) -> bool {
        let g = self.guard;
        r.iter().zip(v).fold(0, |lost, (&a, &b)| lost | (!((a | g) - b) & g)) == 0
    }

    /// The first class present in `r`.
    fn first(&self, r: &[u64]) -> Option<usize> {
        let w = r.iter().position(|&x| x != 0)?;
        Some(w * self.per_word + (r[w].trailing_zeros() / self.bits) as usize)
    }
}

/// The window vectors whose first non-zero count is one class's, sorted by (load,
/// other-load, vector).
#[derive(Clone, Default)]
struct Group {
    loads: Vec<u128>,
    others: Vec<u128>,
    /// Mixed-radix numbers of the vectors ([`Classes::code`]).
    codes: Vec<u128>,
    /// Vector i packed ([`Packing`]) at `packed[i*words..(i+1)*words]`.
    packed: Vec<u64>,
}

/// The window of step 1: count vectors (not all zero) with loads in `[lo, hi]` and
/// other-loads in `[olo, ohi]`: every load (sorted), and the vectors grouped by their first
/// class (a level of the search scans one group, stored contiguously).
struct Window {
    loads: Vec<u128>,
    olo: u128,
    ohi: u128,
    groups: Vec<Group>,
}

/// One half's vectors: (load, other-load, mixed-radix number, index), and the packed
/// vectors by index.
type Half = (Vec<(u128, u128, u128, u32)>, Vec<u64>);

/// Limits of the window enumeration.
struct Enumeration<'a> {
    c: &'a Classes,
    p: &'a Packing,
    /// The count vector being extended, packed.
    packed: Vec<u64>,
    hi: u128,
    ohi: u128,
    /// The search's node count (this enumeration's steps are counted from `start`).
    nodes: &'a mut u64,
    start: u64,
    stop: &'a dyn Fn(u64) -> bool,
}

impl Enumeration<'_> {
    /// Counts a step; false when the step budget is spent or `stop` says so.
    fn step(&mut self) -> bool {
        *self.nodes += 1;
        !((*self.nodes % CLOCK_EVERY == 0 && (self.stop)(*self.nodes)) || *self.nodes - self.start > MAX_WINDOW_NODES)
    }

    /// Every count vector over `classes` (others zero) with load <= hi and other-load <= ohi,
    /// as (load, other-load, mixed-radix number, index) and the vectors packed, vector
    /// `index` at `[index*words..(index+1)*words]`; `None` beyond [`MAX_HALF`] or the budget.
    fn half(&mut self, classes: Range<usize>) -> Option<Half> {
        let mut out = (Vec::new(), Vec::new());
        self.packed = vec![0; self.p.words];
        self.extend(classes.start, classes.end, (0, 0, 0), &mut out)
            .then_some(out)
    }

    fn extend(&mut self, i: usize, end: usize, at: (u128, u128, u128), out: &mut Half) -> bool {
        if i == end {
            if out.0.len() == MAX_HALF {
                return false;
            }
            out.0.push((at.0, at.1, at.2, out.0.len() as u32));
            out.1.extend_from_slice(&self.packed);
            return true;
        }
        let c = self.c;
        let (word, shift) = (i / self.p.per_word, (i % self.p.per_word) as u32 * self.p.bits);
        for a in 0..=c.counts[i] {
            let a128 = u128::from(a);
            let (l, o) = (at.0 + a128 * c.values[i], at.1 + a128 * c.others[i]);
            if l > self.hi || o > self.ohi {
                break;
            }
            if !self.step() || !self.extend(i + 1, end, (l, o, at.2 + a128 * c.strides[i]), out) {
                return false;
            }
            self.packed[word] += 1 << shift; // a + 1 in class i's lane
        }
        self.packed[word] &= !(((1 << self.p.bits) - 1) << shift);
        true
    }
}

/// The window of step 1 by meeting in the middle; `None` beyond the limits of the module
/// doc, or when `stop` says so.
fn window(
    c: &Classes,
    p: &Packing,
    (lo, hi): (u128, u128),
    (olo, ohi): (u128, u128),
    nodes: &mut u64,
    stop: &dyn Fn(u64) -> bool,
) -> Option<Window> {
    let split = c.halves();
    let start = *nodes;
    let mut e = Enumeration {
        c,
        p,
        packed: Vec::new(),
        hi,
        ohi,
        nodes,
        start,
        stop,
    };
    let (left, left_packed) = e.half(0..split)?;
    let (mut right, right_packed) = e.half(split..c.len())?;
    right.sort_unstable_by_key(|r| r.0); // the window is sorted below: ties need no order
    let right_loads: Vec<u128> = right.iter().map(|r| r.0).collect();
    // (load, other-load, number, left index, right index)
    let mut found: Vec<(u128, u128, u128, u32, u32)> = Vec::new();
    for &(l1, o1, c1, i1) in &left {
        let from = right_loads.partition_point(|&l2| l2 + l1 < lo);
        for &(l2, o2, c2, i2) in &right[from..] {
            let (l, o, code) = (l1 + l2, o1 + o2, c1 + c2);
            if l > hi {
                break;
            }
            if !e.step() {
                return None;
            }
            if o < olo || o > ohi || code == 0 {
                continue;
            }
            if found.len() == MAX_VECTORS {
                return None;
            }
            found.push((l, o, code, i1, i2));
        }
    }
    found.sort_unstable();
    let words = p.words;
    let mut w = Window {
        loads: Vec::with_capacity(found.len()),
        olo,
        ohi,
        groups: vec![Group::default(); c.len()],
    };
    let mut v = vec![0; words];
    for (l, o, code, i1, i2) in found {
        // The halves' lanes are disjoint: the sum is the vector.
        let (i1, i2) = (i1 as usize * words, i2 as usize * words);
        for (k, x) in v.iter_mut().enumerate() {
            *x = left_packed[i1 + k] + right_packed[i2 + k];
        }
        w.loads.push(l);
        let g = &mut w.groups[p.first(&v).expect("code > 0")];
        g.loads.push(l);
        g.others.push(o);
        g.codes.push(code);
        g.packed.extend_from_slice(&v);
    }
    Some(w)
}

/// What one feasibility search found.
enum Search {
    /// m vectors summing to the counts, as (load, other-load, mixed-radix number).
    Found(Vec<(u128, u128, u128)>),
    /// No such vectors.
    None,
    /// Stopped by the deadline or the node budget.
    Stopped,
}

/// The cap on the other quantity, in the search's terms.
#[derive(Clone, Copy)]
struct Cap {
    /// The cap, relaxed by [`CAP_TOLERANCE`].
    c: f64,
    /// Window of every subset's other-load.
    olo: u128,
    ohi: u128,
}

impl Cap {
    /// Does max/min of other-loads stay within the cap?
    fn holds(&self, min: u128, max: u128) -> bool {
        Ratio::new(max, min).is_some_and(|r| r.at_most(self.c))
    }

    /// Can `k >= 1` more subsets, each with an other-load in the window and between
    /// `max / c` and `min * c`, share the other-total `rest`? (Widened by [`SLACK`].)
    fn fits(&self, min: u128, max: u128, rest: u128, k: usize) -> bool {
        let k = k as f64;
        let low = (max as f64 / self.c).max(self.olo as f64);
        let high = (min as f64 * self.c).min(self.ohi as f64);
        let rest = rest as f64;
        rest >= k * low * (1.0 - SLACK) && rest <= k * high * (1.0 + SLACK)
    }
}

/// One level of the depth-first search: the remainder before the level's subset (its
/// mixed-radix number; the packed remainder is on the search's stack), its totals, the
/// other-loads' min and max of the subsets chosen before it, and the level's candidates:
/// positions `next..end` in the window's group of class `first`, the remainder's first
/// class.
struct Level {
    code: u128,
    total: u128,
    other: u128,
    omin: u128,
    omax: u128,
    first: usize,
    next: usize,
    end: usize,
}

/// The depth-first feasibility search of step 3, loads in `[lo, hi]`.
struct Feasibility<'a> {
    c: &'a Classes,
    p: &'a Packing,
    w: &'a Window,
    m: usize,
    cap: Option<Cap>,
    memo: Memo,
}

/// The failed states of the searches for loads in `[lo, hi]` ([`Feasibility::failed`]):
/// without a cap, the remainder's number and the subsets left (one `u128`); under a cap, also
/// the other-loads' min and max. A state that fails for `[lo, hi]` fails for any narrower
/// range, and without the cap it fails with it: the memo is kept while `lo` stays and `hi`
/// does not grow, and the capped search consults both sets.
#[derive(Default)]
struct Memo {
    range: (u128, u128),
    plain: FxHashSet<u128>,
    capped: FxHashSet<(u128, u128, u128)>,
}

impl Feasibility<'_> {
    /// The memo key of the remainder numbered `code` with `left <= m` subsets to fill.
    /// Distinct for distinct pairs: `states * (m + 1)` fits, checked by the caller.
    fn key(&self, code: u128, left: usize) -> u128 {
        code * (self.m as u128 + 1) + left as u128
    }

    /// Is the state known to fail: the remainder numbered `code` with `left` subsets to fill
    /// after subsets whose other-loads span `[omin, omax]` (which matters only under a cap)?
    fn failed(&self, code: u128, left: usize, omin: u128, omax: u128) -> bool {
        let key = self.key(code, left);
        match self.cap {
            None => self.memo.plain.contains(&key),
            Some(_) => self.memo.plain.contains(&key) || self.memo.capped.contains(&(key, omin, omax)),
        }
    }

    /// Remembers that the state of [`Self::failed`] fails (the memo is cleared when it holds
    /// [`MEMO_LIMIT`] states).
    fn remember(&mut self, code: u128, left: usize, omin: u128, omax: u128) {
        let key = self.key(code, left);
        let memo = &mut self.memo;
        if memo.plain.len() + memo.capped.len() >= MEMO_LIMIT {
            memo.plain.clear();
            memo.capped.clear();
        }
        match self.cap {
            None => memo.plain.insert(key),
            Some(_) => memo.capped.insert((key, omin, omax)),
        };
    }

    /// The level for the packed remainder `rem` (numbered `code`, totals `total` and
    /// `other`) with `left >= 2` subsets to fill after subsets whose other-loads span
    /// `[omin, omax]`. Its candidates: the vectors holding the remainder's first class (the
    /// others do not fit or hold an earlier class), with loads that leave a total the
    /// `left - 1` other subsets can share within `[lo, hi]`.
    fn level(
        &self,
        (lo, hi): (u128, u128),
        rem: &[u64],
        code: u128,
        (total, other): (u128, u128),
        (omin, omax): (u128, u128),
        left: usize,
    ) -> Level {
        let mut level = Level {
            code,
            total,
            other,
            omin,
            omax,
            first: 0,
            next: 0,
            end: 0,
        };
        let rest = (left - 1) as u128;
        let from = lo.max(total.saturating_sub(rest.saturating_mul(hi)));
        let to = hi.min(total.saturating_sub(rest.saturating_mul(lo)));
        if let Some(first) = self.p.first(rem)
            && from <= to
            && total >= rest.saturating_mul(lo)
        {
            let loads = &self.w.groups[first].loads;
            level.first = first;
            level.next = loads.partition_point(|&l| l < from);
            level.end = loads.partition_point(|&l| l <= to);
        }
        level
    }

    /// Step 3 for loads in `[lo, hi]`. Under a cap, the search without it comes first: a
    /// relaxation whose memo needs no other-loads (so it remembers far more), and whose "no"
    /// is final; only when it finds a partition that breaks the cap does the capped search run.
    fn solve(&mut self, lo: u128, hi: u128, nodes: &mut u64, stop: &dyn Fn(u64) -> bool) -> Search {
        if self.memo.range.0 != lo || self.memo.range.1 < hi {
            self.memo.plain.clear();
            self.memo.capped.clear();
        }
        self.memo.range = (lo, hi);
        let Some(cap) = self.cap.take() else {
            return self.run(lo, hi, nodes, stop);
        };
        let relaxed = self.run(lo, hi, nodes, stop);
        self.cap = Some(cap);
        match relaxed {
            Search::Found(subsets) => {
                let others = subsets.iter().map(|s| s.1);
                let (min, max) = (others.clone().min(), others.max());
                match (min, max) {
                    (Some(min), Some(max)) if cap.holds(min, max) => Search::Found(subsets),
                    _ => self.run(lo, hi, nodes, stop),
                }
            }
            ended => ended,
        }
    }

    fn run(&mut self, lo: u128, hi: u128, nodes: &mut u64, stop: &dyn Fn(u64) -> bool) -> Search {
        let (m, words) = (self.m, self.p.words);
        let counts = &self.c.counts;
        // The packed remainders of the levels, level d at `rems[d*words..(d+1)*words]`.
        let mut rems = Vec::with_capacity(m * words);
        self.p.pack(counts, &mut rems);
        let totals = (self.c.load(counts), self.c.other_load(counts));
        let mut levels = vec![self.level((lo, hi), &rems, self.c.code(counts), totals, (u128::MAX, 0), m)];
        let mut chosen = Vec::with_capacity(m);
        loop {
            let depth = levels.len() - 1; // subsets already chosen
            let left = m - depth;
            let mut picked = None;
            {
                let level = &levels[depth];
                let r = &rems[depth * words..];
                let group = &self.w.groups[level.first];
                let mut i = level.next;
                while i < level.end {
                    let at = i;
                    i += 1;
                    *nodes += 1;
                    if *nodes % CLOCK_EVERY == 0 && stop(*nodes) {
                        return Search::Stopped;
                    }
                    if !self.p.fits(r, &group.packed[at * words..(at + 1) * words]) {
                        continue;
                    }
                    let o = group.others[at];
                    let (omin, omax) = (level.omin.min(o), level.omax.max(o));
                    let after_total = level.total - group.loads[at];
                    let after_other = level.other - o;
                    if let Some(cap) = &self.cap
                        && (!cap.holds(omin, omax) || !cap.fits(omin, omax, after_other, left - 1))
                    {
                        continue;
                    }
                    let after = level.code - group.codes[at];
                    if left == 2 {
                        // The remainder is the last subset: non-empty, in the window (which
                        // holds every vector with a load in [lo, hi] and an other-load in
                        // [olo, ohi]).
                        if after == 0
                            || !(lo..=hi).contains(&after_total)
                            || !(self.w.olo..=self.w.ohi).contains(&after_other)
                            || self
                                .cap
                                .is_some_and(|cap| !cap.holds(omin.min(after_other), omax.max(after_other)))
                        {
                            continue;
                        }
                        chosen.push((group.loads[at], o, group.codes[at]));
                        chosen.push((after_total, after_other, after));
                        return Search::Found(chosen);
                    }
                    if self.failed(after, left - 1, omin, omax) {
                        continue;
                    }
                    picked = Some((level.first, at, after, after_total, after_other, omin, omax));
                    break;
                }
                levels[depth].next = i;
            }
            match picked {
                Some((first, at, code, total, other, omin, omax)) => {
                    let group = &self.w.groups[first];
                    chosen.push((group.loads[at], group.others[at], group.codes[at]));
                    for k in 0..words {
                        rems.push(rems[depth * words + k] - group.packed[at * words + k]);
                    }
                    let level = self.level(
                        (lo, hi),
                        &rems[(depth + 1) * words..],
                        code,
                        (total, other),
                        (omin, omax),
                        left - 1,
                    );
                    levels.push(level);
                }
                None => {
                    // This level failed: remember its state, backtrack.
                    if depth == 0 {
                        return Search::None;
                    }
                    let level = levels.pop().expect("depth >= 1");
                    rems.truncate(depth * words);
                    self.remember(level.code, left, level.omin, level.omax);
                    chosen.pop();
                }
            }
        }
    }
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
    let sums = |k: &[u128]| super::subset_sums(k, m, assignment);
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
    'window: loop {
        // The window max_lo*VA/VB < L < min_hi*VB/VA (every partition has max >= max_lo and
        // min <= min_hi), in exact integers.
        let win_lo = max_lo.checked_mul(va)? / vb + 1;
        let win_hi = min_hi.checked_mul(vb)?.checked_sub(1)? / va;
        let Some(w) = window(&classes, &packing, (win_lo, win_hi), other_win, &mut nodes, stop) else {
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
