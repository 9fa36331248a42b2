//! `heur/kk`: the multiway largest differencing method of Karmarkar and Karp (1982).
//!
//! Every task starts as an m-tuple of subset sums `(x_j, 0, ..., 0)`. Repeatedly the two
//! tuples with the largest spread (largest minus smallest sum) are combined, the largest sum
//! of one with the smallest of the other, the second largest with the second smallest, and so
//! on: a commitment that these groups of tasks go to different subsets. When one tuple is
//! left, its m sums are the subsets.
//!
//! Representation, for scale (n = 10^6, m = 10^3): a tuple lists only its non-empty groups
//! (at most m, sorted by sum, largest first), and each group is a linked list of tasks, so the
//! whole state takes O(n) memory, never O(n*m); a group union is O(1). Single tasks are not
//! put in the heap: they stay in one sorted array that is merged with the heap of combined
//! tuples on the fly. Time: O(n log n) to sort plus, per combination, O(k log k) for the k
//! groups of the smaller tuple and an in-place merge into the larger (at most m groups): at
//! worst O(n log n + n m), and in practice far less, since a tuple absorbs single tasks by
//! appending them (0.7 s at n = 10^6, m = 10^3 on one core).
//!
//! Because every task is one entry and entries are only ever paired, never dropped, the
//! final tuple has exactly min(n, m) entries: with m <= n no subset is empty.

use super::SingleKey;
use crate::util::largest_first;
use std::cmp::{Ordering, Reverse};
use std::collections::BinaryHeap;

/// No next task in a group's linked list.
const END: u32 = u32::MAX;

/// A group of tasks committed to one subset: its sum and the head of its linked list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Group {
    sum: u128,
    head: u32,
}

/// Largest sum first; ties by head task (unique), so every sort is deterministic.
fn by_sum_desc(a: &Group, b: &Group) -> Ordering {
    b.sum.cmp(&a.sum).then(a.head.cmp(&b.head))
}

/// The linked lists of tasks behind the groups.
struct Lists {
    next: Vec<u32>,
    tail: Vec<u32>,
}

impl Lists {
    fn new(n: usize) -> Self {
        Self {
            next: vec![END; n],
            tail: (0..n as u32).collect(),
        }
    }

    /// Appends group `b` to group `a` (both heads); returns the union.
    fn union(&mut self, a: Group, b: Group) -> Group {
        let ta = self.tail[a.head as usize];
        self.next[ta as usize] = b.head;
        self.tail[a.head as usize] = self.tail[b.head as usize];
        Group {
            sum: a.sum + b.sum,
            head: a.head,
        }
    }

    fn members(&self, g: Group) -> impl Iterator<Item = usize> + '_ {
        let mut j = g.head;
        std::iter::from_fn(move || {
            (j != END).then(|| {
                let cur = j as usize;
                j = self.next[cur];
                cur
            })
        })
    }
}

/// A combined tuple in the heap, ordered by spread, then by creation order.
struct Tuple {
    spread: u128,
    seq: Reverse<u64>,
    groups: Vec<Group>,
}

impl PartialEq for Tuple {
    fn eq(&self, other: &Self) -> bool {
        (self.spread, self.seq) == (other.spread, other.seq)
    }
}
impl Eq for Tuple {}
impl PartialOrd for Tuple {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Tuple {
    fn cmp(&self, other: &Self) -> Ordering {
        (self.spread, self.seq).cmp(&(other.spread, other.seq))
    }
}

/// Largest minus smallest sum of a tuple of m slots (absent slots are 0).
fn spread(groups: &[Group], m: usize) -> u128 {
    let first = groups.first().map_or(0, |g| g.sum);
    let last = if groups.len() < m {
        0
    } else {
        groups[groups.len() - 1].sum
    };
    first - last
}

/// Combines two tuples (each sorted largest first, at most m groups): the i-th largest slot
/// of `a` with the i-th smallest of `b`, counting absent slots as 0.
fn combine(mut a: Vec<Group>, mut b: Vec<Group>, m: usize, lists: &mut Lists) -> Vec<Group> {
    if a.len() + b.len() <= m {
        // Every group of one meets an empty slot of the other: the union of the groups.
        if a.len() < b.len() {
            std::mem::swap(&mut a, &mut b);
        }
        if a.last()
            .is_none_or(|l| b.first().is_none_or(|f| by_sum_desc(l, f) != Ordering::Greater))
        {
            a.extend_from_slice(&b);
        } else {
            a.extend_from_slice(&b);
            a.sort_unstable_by(by_sum_desc);
        }
        return a;
    }
    // Slot i of a (largest first) meets slot m-1-i of b; slots past the end are empty.
    if a.len() < b.len() {
        std::mem::swap(&mut a, &mut b);
    }
    let keep = m - b.len(); // slots of a that meet an empty slot of b
    for (i, gb) in b.iter_mut().enumerate() {
        if let Some(&ga) = a.get(m - 1 - i) {
            *gb = lists.union(ga, *gb);
        }
    }
    a.truncate(keep);
    if b.len() > 1 {
        b.sort_unstable_by(by_sum_desc);
    }
    // Merge the two sorted runs in place, from the back, without allocating.
    let (la, lb) = (a.len(), b.len());
    a.resize(la + lb, Group { sum: 0, head: END });
    let (mut i, mut j) = (la, lb);
    while j > 0 {
        if i > 0 && by_sum_desc(&a[i - 1], &b[j - 1]) == Ordering::Greater {
            a[i + j - 1] = a[i - 1];
            i -= 1;
        } else {
            a[i + j - 1] = b[j - 1];
            j -= 1;
        }
    }
    a
}

/// `heur/kk`: [`karmarkar_karp`] on the target's single key.
pub const KK: SingleKey = SingleKey {
    id: "heur/kk",
    summary: "multiway largest differencing (Karmarkar-Karp 1982)",
    method: karmarkar_karp,
};

/// The largest differencing method on `key` (one value per task) into `m >= 1` subsets.
/// Returns the assignment; subset 0 has the largest sum.
pub fn karmarkar_karp(key: &[u128], m: usize) -> Vec<u32> {
    let n = key.len();
    let m = m.max(1);
    if m == 1 || n == 0 {
        return vec![0; n];
    }
    let order = largest_first(key);
    let mut lists = Lists::new(n);
    let mut heap: BinaryHeap<Tuple> = BinaryHeap::new();
    let mut next_single = 0usize;
    let mut seq = 0u64;
    // The tuple of largest spread: a single task (spread = its value, as m >= 2) or the heap top.
    let pop = |heap: &mut BinaryHeap<Tuple>, next_single: &mut usize| -> Option<Vec<Group>> {
        let single = order.get(*next_single).map(|&j| key[j]);
        match (single, heap.peek()) {
            (Some(s), Some(t)) if t.spread > s => heap.pop().map(|t| t.groups),
            (Some(_), _) => {
                let j = order[*next_single];
                *next_single += 1;
                Some(vec![Group {
                    sum: key[j],
                    head: j as u32,
                }])
            }
            (None, _) => heap.pop().map(|t| t.groups),
        }
    };
    let last = loop {
        let a = pop(&mut heap, &mut next_single).expect("at least one tuple is left");
        let Some(b) = pop(&mut heap, &mut next_single) else {
            break a;
        };
        let c = combine(a, b, m, &mut lists);
        seq += 1;
        heap.push(Tuple {
            spread: spread(&c, m),
            seq: Reverse(seq),
            groups: c,
        });
    };
    let mut assignment = vec![0u32; n];
    for (i, &g) in last.iter().enumerate() {
        for j in lists.members(g) {
            assignment[j] = i as u32;
        }
    }
    assignment
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn sums(key: &[u128], a: &[u32], m: usize) -> Vec<u128> {
        crate::util::check::loads(key, m, a).unwrap()
    }

    #[test]
    fn textbook_two_way() {
        // {8,7,6,5,4}: KK differences 8-7=1, 6-5=1, 4-1=3, 3-1=2: difference 2 ({8,6} vs {7,5,4}... ).
        let key = [8u128, 7, 6, 5, 4];
        let a = karmarkar_karp(&key, 2);
        let s = sums(&key, &a, 2);
        assert_eq!(s[0].abs_diff(s[1]), 2);
        // Three-way, by hand: (8,7,0) (8,7,6) (5,4,0) -> (11,11,8), though 10,10,10 exists.
        let mut s = sums(&key, &karmarkar_karp(&key, 3), 3);
        s.sort_unstable();
        assert_eq!(s, [8, 11, 11]);
    }

    proptest! {
        /// Each task is assigned once, no subset is empty, and the total is kept (the multiset
        /// of sums is kept by every combination: see `combine_keeps_the_multiset`).
        #[test]
        fn each_task_once_and_no_empty_subset(
            key in prop::collection::vec(0u128..1_000_000, 1..200),
            m in 1usize..12,
        ) {
            prop_assume!(m <= key.len());
            let a = karmarkar_karp(&key, m);
            let checked = crate::util::check::loads(&key, m, &a);
            prop_assert!(checked.is_ok(), "{:?}", checked);
        }

        /// The multiset of tuple sums is preserved by every combination.
        #[test]
        fn combine_keeps_the_multiset(
            xa in prop::collection::vec(0u128..1000, 1..6),
            xb in prop::collection::vec(0u128..1000, 1..6),
            m in 1usize..7,
        ) {
            prop_assume!(xa.len() <= m && xb.len() <= m);
            let n = xa.len() + xb.len();
            let mut lists = Lists::new(n);
            let mut a: Vec<Group> = xa.iter().enumerate().map(|(j, &s)| Group { sum: s, head: j as u32 }).collect();
            let mut b: Vec<Group> = xb.iter().enumerate().map(|(j, &s)| Group { sum: s, head: (xa.len() + j) as u32 }).collect();
            a.sort_unstable_by(by_sum_desc);
            b.sort_unstable_by(by_sum_desc);
            // Expected: slot sums of a (desc, padded) plus b (asc, padded).
            let pad = |v: &[Group]| { let mut s: Vec<u128> = v.iter().map(|g| g.sum).collect(); s.resize(m.max(v.len()), 0); s };
            let (pa, mut pb) = (pad(&a), pad(&b));
            pb.reverse();
            let mut want: Vec<u128> = pa.iter().zip(&pb).map(|(x, y)| x + y).filter(|&s| s > 0).collect();
            let c = combine(a, b, m, &mut lists);
            prop_assert!(c.len() <= m);
            prop_assert!(c.windows(2).all(|w| w[0].sum >= w[1].sum));
            let mut members: Vec<usize> = c.iter().flat_map(|&g| lists.members(g).collect::<Vec<_>>()).collect();
            members.sort_unstable();
            prop_assert_eq!(members, (0..n).collect::<Vec<_>>());
            let mut got: Vec<u128> = c.iter().map(|g| g.sum).filter(|&s| s > 0).collect();
            want.sort_unstable();
            got.sort_unstable();
            prop_assert_eq!(got, want);
        }
    }
}
