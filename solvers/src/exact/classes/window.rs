//! Step 1 of the class search: the window of count vectors whose loads can belong to a
//! better partition, enumerated by meeting in the middle.

use super::vectors::{Classes, Packing};
use super::{CLOCK_EVERY, MAX_HALF, MAX_VECTORS, MAX_WINDOW_NODES};
use std::ops::Range;

/// The window vectors whose first non-zero count is one class's, sorted by (load,
/// other-load, vector).
#[derive(Clone, Default)]
pub(super) struct Group {
    pub(super) loads: Vec<u128>,
    pub(super) others: Vec<u128>,
    /// Mixed-radix numbers of the vectors ([`Classes::code`]).
    pub(super) codes: Vec<u128>,
    /// Vector i packed ([`Packing`]) at `packed[i*words..(i+1)*words]`.
    pub(super) packed: Vec<u64>,
}

/// The window of step 1: count vectors (not all zero) with loads in `[lo, hi]` and
/// other-loads in `[olo, ohi]`: every load (sorted), and the vectors grouped by their first
/// class (a level of the search scans one group, stored contiguously).
pub(super) struct Window {
    pub(super) loads: Vec<u128>,
    pub(super) olo: u128,
    pub(super) ohi: u128,
    pub(super) groups: Vec<Group>,
}

/// One half's vectors: (load, other-load, mixed-radix number, index), and the packed
/// vectors by index.
pub(super) type Half = (Vec<(u128, u128, u128, u32)>, Vec<u64>);

/// Limits of the window enumeration.
pub(super) struct Enumeration<'a> {
    pub(super) c: &'a Classes,
    pub(super) p: &'a Packing,
    /// The count vector being extended, packed.
    pub(super) packed: Vec<u64>,
    pub(super) hi: u128,
    pub(super) ohi: u128,
    /// The search's node count (this enumeration's steps are counted from `start`).
    pub(super) nodes: &'a mut u64,
    pub(super) start: u64,
    pub(super) stop: &'a dyn Fn(u64) -> bool,
}

impl Enumeration<'_> {
    /// Counts a step; false when the step budget is spent or `stop` says so.
    #[inline]
    pub(super) fn step(&mut self) -> bool {
        *self.nodes += 1;
        !((*self.nodes % CLOCK_EVERY == 0 && (self.stop)(*self.nodes)) || *self.nodes - self.start > MAX_WINDOW_NODES)
    }

    /// Every count vector over `classes` (others zero) with load <= hi and other-load <= ohi,
    /// as (load, other-load, mixed-radix number, index) and the vectors packed, vector
    /// `index` at `[index*words..(index+1)*words]`; `None` beyond [`MAX_HALF`] or the budget.
    pub(super) fn half(&mut self, classes: Range<usize>) -> Option<Half> {
        let mut out = (Vec::new(), Vec::new());
        self.packed = vec![0; self.p.words];
        self.extend(classes.start, classes.end, (0, 0, 0), &mut out)
            .then_some(out)
    }

    pub(super) fn extend(&mut self, i: usize, end: usize, at: (u128, u128, u128), out: &mut Half) -> bool {
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

/// The two halves of the meet in the middle: every vector over the first classes and over
/// the others with load at most `hi` and other-load at most `ohi` (the right half sorted by
/// load). Windows whose loads end at most at `hi` are joined from them ([`join`]), so the
/// narrower windows the search may try next reuse them.
pub(super) struct Halves {
    pub(super) hi: u128,
    left: Half,
    right: Half,
    right_loads: Vec<u128>,
}

/// The halves for windows ending at most at `hi`; `None` beyond the limits of the module
/// doc, or when `stop` says so.
pub(super) fn halves(
    c: &Classes,
    p: &Packing,
    hi: u128,
    ohi: u128,
    nodes: &mut u64,
    stop: &dyn Fn(u64) -> bool,
) -> Option<Halves> {
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
    let left = e.half(0..split)?;
    let mut right = e.half(split..c.len())?;
    right.0.sort_unstable_by_key(|r| r.0); // the window is sorted below: ties need no order
    let right_loads = right.0.iter().map(|r| r.0).collect();
    Some(Halves {
        hi,
        left,
        right,
        right_loads,
    })
}

/// The window of step 1 by meeting in the middle; `None` beyond the limits of the module
/// doc, or when `stop` says so.
#[cfg(test)]
pub(super) fn window(
    c: &Classes,
    p: &Packing,
    (lo, hi): (u128, u128),
    (olo, ohi): (u128, u128),
    nodes: &mut u64,
    stop: &dyn Fn(u64) -> bool,
) -> Option<Window> {
    let h = halves(c, p, hi, ohi, nodes, stop)?;
    join(c, p, &h, (lo, hi), (olo, ohi), nodes, stop)
}

/// The window of step 1 from the halves `h` (with `hi <= h.hi`, and the other-load limit
/// `ohi` they were enumerated for); `None` beyond the limits of the module doc, or when
/// `stop` says so.
pub(super) fn join(
    c: &Classes,
    p: &Packing,
    h: &Halves,
    (lo, hi): (u128, u128),
    (olo, ohi): (u128, u128),
    nodes: &mut u64,
    stop: &dyn Fn(u64) -> bool,
) -> Option<Window> {
    debug_assert!(hi <= h.hi);
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
    let ((left, left_packed), (right, right_packed), right_loads) = (&h.left, &h.right, &h.right_loads);
    // (load, other-load, number, left index, right index)
    let mut found: Vec<(u128, u128, u128, u32, u32)> = Vec::new();
    for &(l1, o1, c1, i1) in left {
        if l1 > hi {
            continue;
        }
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
