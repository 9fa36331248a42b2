//! Starting partitions: greedy (LPT), multiway Karmarkar-Karp (Karmarkar and Karp 1982; the
//! m-way differencing of Korf 2009), and a move/swap descent between the heaviest and the
//! lightest subset. All work on the sorted positive weights and return one subset index per
//! sorted position.

use std::collections::BinaryHeap;

/// Longest processing time first: each number, largest first, to the lightest subset.
pub(super) fn lpt(w: &[u64], m: usize) -> Vec<usize> {
    let mut loads = vec![0u64; m];
    let mut a = vec![0usize; w.len()];
    for (i, &x) in w.iter().enumerate() {
        let b = (0..m).min_by_key(|&b| (loads[b], b)).unwrap_or(0);
        loads[b] += x;
        a[i] = b;
    }
    a
}

/// Multiway Karmarkar-Karp: every number starts as an m-tuple (x, 0, ..., 0); the two tuples
/// with the largest spread are combined, the heaviest subset of one with the lightest of the
/// other, until one tuple remains.
pub(super) fn kk(w: &[u64], m: usize) -> Vec<usize> {
    struct Tuple {
        spread: u64,
        id: usize,
        // (load, members) sorted by load descending
        parts: Vec<(u64, Vec<usize>)>,
    }
    impl PartialEq for Tuple {
        fn eq(&self, o: &Self) -> bool {
            self.spread == o.spread && self.id == o.id
        }
    }
    impl Eq for Tuple {}
    impl PartialOrd for Tuple {
        fn partial_cmp(&self, o: &Self) -> Option<std::cmp::Ordering> {
            Some(self.cmp(o))
        }
    }
    impl Ord for Tuple {
        fn cmp(&self, o: &Self) -> std::cmp::Ordering {
            (self.spread, std::cmp::Reverse(self.id)).cmp(&(o.spread, std::cmp::Reverse(o.id)))
        }
    }
    let mut heap = BinaryHeap::new();
    for (i, &x) in w.iter().enumerate() {
        let mut parts = vec![(x, vec![i])];
        parts.extend((1..m).map(|_| (0u64, Vec::new())));
        heap.push(Tuple {
            spread: x,
            id: i,
            parts,
        });
    }
    let mut next_id = w.len();
    while heap.len() > 1 {
        let a = heap.pop().unwrap();
        let b = heap.pop().unwrap();
        let mut parts: Vec<(u64, Vec<usize>)> = Vec::with_capacity(m);
        let mut bp = b.parts;
        bp.reverse(); // ascending
        for ((la, mut ma), (lb, mb)) in a.parts.into_iter().zip(bp) {
            ma.extend(mb);
            parts.push((la + lb, ma));
        }
        parts.sort_by_key(|x| std::cmp::Reverse(x.0));
        let spread = parts[0].0 - parts[m - 1].0;
        heap.push(Tuple {
            spread,
            id: next_id,
            parts,
        });
        next_id += 1;
    }
    let mut a = vec![0usize; w.len()];
    if let Some(t) = heap.pop() {
        for (b, (_, members)) in t.parts.into_iter().enumerate() {
            for i in members {
                a[i] = b;
            }
        }
    }
    a
}

/// Subset sums of an assignment.
pub(super) fn loads(w: &[u64], m: usize, a: &[usize]) -> Vec<u64> {
    let mut l = vec![0u64; m];
    for (i, &b) in a.iter().enumerate() {
        l[b] += w[i];
    }
    l
}

/// Descent on (max, then -min): single moves and swaps between the heaviest subset and any
/// other, and between the lightest subset and any other, accepted when the pair's larger sum
/// falls below the old maximum (for `ratio`, also the smaller rises above the old minimum
/// without raising the maximum). Stops at a local optimum or after `max_rounds` moves.
pub(super) fn descend(w: &[u64], m: usize, a: &mut [usize], ratio: bool, max_rounds: usize) {
    let n = w.len();
    let mut l = loads(w, m, a);
    for _ in 0..max_rounds {
        let hi = (0..m).max_by_key(|&b| (l[b], std::cmp::Reverse(b))).unwrap();
        let lo = (0..m).min_by_key(|&b| (l[b], b)).unwrap();
        if l[hi] == l[lo] {
            return;
        }
        let (vmax, vmin) = (l[hi], l[lo]);
        // A change of a pair (p, q) with new sums (np, nq) is accepted when it strictly
        // improves the pair's spread and keeps both inside the old [min, max] window with
        // the extreme pair narrowed.
        let mut improved = false;
        'outer: for &(p, focus_hi) in &[(hi, true), (lo, false)] {
            for q in 0..m {
                if q == p {
                    continue;
                }
                let (sp, sq) = (l[p], l[q]);
                let ok = |np: u64, nq: u64| -> bool {
                    let old = sp.abs_diff(sq);
                    let new = np.abs_diff(nq);
                    if new >= old {
                        return false;
                    }
                    if focus_hi {
                        np.max(nq) < vmax && (!ratio || np.min(nq) >= vmin)
                    } else {
                        np.min(nq) > vmin && np.max(nq) <= vmax
                    }
                };
                for i in 0..n {
                    if a[i] != p && a[i] != q {
                        continue;
                    }
                    let from = a[i];
                    let to = if from == p { q } else { p };
                    let (np, nq) = if from == p {
                        (sp - w[i], sq + w[i])
                    } else {
                        (sp + w[i], sq - w[i])
                    };
                    if ok(np, nq) {
                        a[i] = to;
                        l[p] = np;
                        l[q] = nq;
                        improved = true;
                        break 'outer;
                    }
                    if from != p {
                        continue;
                    }
                    for j in 0..n {
                        if a[j] != q || w[j] == w[i] {
                            continue;
                        }
                        let np = sp - w[i] + w[j];
                        let nq = sq + w[i] - w[j];
                        if ok(np, nq) {
                            a[i] = q;
                            a[j] = p;
                            l[p] = np;
                            l[q] = nq;
                            improved = true;
                            break 'outer;
                        }
                    }
                }
            }
        }
        if !improved {
            return;
        }
    }
}
