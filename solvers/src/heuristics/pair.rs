//! Exact two-way partitioning of a few hundred numbers: the complete Karmarkar-Karp algorithm
//! of Korf (1998, "A complete anytime algorithm for number partitioning").
//!
//! Used to repartition the tasks of two subsets so that their sums are as equal as possible
//! ([`improve_pairs`], over the pairs of a whole partition).
//! Depth-first: each node takes the two largest numbers a >= b and branches on putting them in
//! different subsets (replace them by a - b, Karmarkar-Karp's choice, tried first) or in the
//! same subset (a + b). A node whose largest number is at least the sum of the others is a
//! leaf (the best split puts it alone). The search stops at a perfect split (difference = the
//! parity of the total) or at the node limit; it is anytime: the best split found is kept.
//!
//! Memory is O(k) for k numbers: the sorted list is modified in place and undone on return,
//! and the combination tree lives in an arena truncated on backtrack.

/// How a number in the list was made.
#[derive(Clone, Copy, Debug)]
enum Node {
    /// Input number `i`.
    Leaf(usize),
    /// `a - b`: a on this number's side, b on the other.
    Diff(u32, u32),
    /// `a + b`: both on this number's side.
    Sum(u32, u32),
}

/// The result of [`two_way`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TwoWay {
    /// |sum of side true - sum of side false| of the best split found.
    pub diff: u128,
    /// Side of each input number.
    pub side: Vec<bool>,
    /// Nodes searched.
    pub nodes: u64,
    /// Was the search finished (so `diff` is optimal)?
    pub complete: bool,
}

struct Search {
    arena: Vec<Node>,
    nodes: u64,
    limit: u64,
    parity: u128,
    best: u128,
    side: Vec<bool>,
    stopped: bool,
}

impl Search {
    /// Sides of the inputs under the split where `first` (a list index) is on side true, or
    /// every number is (`first = None`, one number left).
    fn record(&mut self, list: &[(u128, u32)], alone: Option<usize>) {
        let mut stack: Vec<(u32, bool)> = list
            .iter()
            .enumerate()
            .map(|(p, &(_, id))| (id, alone.is_none_or(|a| a == p)))
            .collect();
        while let Some((id, s)) = stack.pop() {
            match self.arena[id as usize] {
                Node::Leaf(i) => self.side[i] = s,
                Node::Diff(a, b) => stack.extend([(a, s), (b, !s)]),
                Node::Sum(a, b) => stack.extend([(a, s), (b, s)]),
            }
        }
    }

    /// `list` is sorted ascending (largest last); `sum` is its total.
    fn dfs(&mut self, list: &mut Vec<(u128, u32)>, sum: u128) {
        if self.best <= self.parity || self.stopped {
            return;
        }
        self.nodes += 1;
        if self.nodes > self.limit {
            self.stopped = true;
            return;
        }
        let k = list.len();
        let (a, ia) = list[k - 1];
        // a >= sum - a, written so that nothing overflows (profits may use all 128 bits).
        if k == 1 || a >= sum - a {
            let diff = if k == 1 { a } else { a - (sum - a) };
            if diff < self.best {
                self.best = diff;
                self.record(list, if k == 1 { None } else { Some(k - 1) });
            }
            return;
        }
        let (b, ib) = list[k - 2];
        list.truncate(k - 2);
        for (value, node, rest) in [
            (a - b, Node::Diff(ia, ib), sum - 2 * b),
            (a + b, Node::Sum(ia, ib), sum),
        ] {
            let id = self.arena.len() as u32;
            self.arena.push(node);
            let at = list.partition_point(|&e| e < (value, id));
            list.insert(at, (value, id));
            self.dfs(list, rest);
            list.remove(at);
            self.arena.pop();
        }
        list.extend([(b, ib), (a, ia)]);
    }
}

/// The most equal split of `values` into two sides found within `node_limit` nodes.
pub fn two_way(values: &[u128], node_limit: u64) -> TwoWay {
    let total: u128 = values.iter().sum();
    let mut search = Search {
        arena: (0..values.len()).map(Node::Leaf).collect(),
        nodes: 0,
        limit: node_limit.max(1),
        parity: total % 2,
        best: u128::MAX,
        side: vec![true; values.len()],
        stopped: false,
    };
    if values.is_empty() {
        return TwoWay {
            diff: 0,
            side: vec![],
            nodes: 0,
            complete: true,
        };
    }
    let mut list: Vec<(u128, u32)> = values.iter().enumerate().map(|(i, &v)| (v, i as u32)).collect();
    list.sort_unstable();
    search.dfs(&mut list, total);
    TwoWay {
        diff: search.best,
        side: search.side,
        nodes: search.nodes,
        complete: !search.stopped,
    }
}

/// Nodes of each two-way repartition of [`improve_pairs`].
const PAIR_NODES: u64 = 2_000;

/// Repartitions pairs of subsets of `assignment` (the values `key` into `m` subsets) by
/// [`two_way`] until no pair can be narrowed or `stop()` says so (`heur/complete`'s phase 2,
/// and `heur/bi-lpt`'s starts). Every accepted repartition strictly narrows its pair, so the
/// sum of squared loads falls and the loop ends.
/// Returns the number of accepted repartitions.
pub fn improve_pairs(key: &[u128], m: usize, assignment: &mut [u32], stop: &dyn Fn() -> bool) -> u64 {
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); m];
    let mut loads = vec![0u128; m];
    for (j, &s) in assignment.iter().enumerate() {
        members[s as usize].push(j as u32);
        loads[s as usize] += key[j];
    }
    let mut steps = 0;
    'outer: while !stop() {
        let mut order: Vec<usize> = (0..m).collect();
        order.sort_unstable_by(|&a, &b| loads[b].cmp(&loads[a]).then(a.cmp(&b)));
        if loads[order[0]] - loads[order[m - 1]] <= 1 {
            break;
        }
        // Pairs by decreasing gap: the heaviest with each lighter subset, then each heavier
        // subset with the lightest.
        let lightest = order[m - 1];
        let pairs = order[1..]
            .iter()
            .rev()
            .map(|&b| (order[0], b))
            .chain(order[1..m - 1].iter().map(|&a| (a, lightest)));
        for (a, b) in pairs {
            let gap = loads[a] - loads[b];
            if gap <= 1 {
                continue;
            }
            let tasks: Vec<u32> = members[a].iter().chain(&members[b]).copied().collect();
            let values: Vec<u128> = tasks.iter().map(|&j| key[j as usize]).collect();
            let split = two_way(&values, PAIR_NODES);
            if split.diff < gap {
                members[a].clear();
                members[b].clear();
                loads[a] = 0;
                loads[b] = 0;
                for (&j, &side) in tasks.iter().zip(&split.side) {
                    let s = if side { a } else { b };
                    members[s].push(j);
                    loads[s] += key[j as usize];
                    assignment[j as usize] = s as u32;
                }
                steps += 1;
                continue 'outer;
            }
            if stop() {
                break 'outer;
            }
        }
        break;
    }
    steps
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn brute(values: &[u128]) -> u128 {
        let total: u128 = values.iter().sum();
        (0u32..1 << values.len())
            .map(|mask| {
                let s: u128 = values
                    .iter()
                    .enumerate()
                    .filter(|(i, _)| mask >> i & 1 == 1)
                    .map(|(_, v)| v)
                    .sum();
                (2 * s).abs_diff(total)
            })
            .min()
            .unwrap()
    }

    #[test]
    fn korfs_example() {
        // {8,7,6,5,4}: KK gives 2, CKK finds the perfect {8,7} vs {6,5,4}.
        let r = two_way(&[8, 7, 6, 5, 4], 1000);
        assert_eq!(r.diff, 0);
        assert!(r.complete);
    }

    proptest! {
        #[test]
        fn optimal_and_consistent(values in prop::collection::vec(0u128..10_000, 1..14)) {
            let r = two_way(&values, u64::MAX);
            prop_assert!(r.complete);
            prop_assert_eq!(r.diff, brute(&values));
            let (t, f): (Vec<_>, Vec<_>) = values.iter().zip(&r.side).partition(|(_, s)| **s);
            let st: u128 = t.iter().map(|(v, _)| **v).sum();
            let sf: u128 = f.iter().map(|(v, _)| **v).sum();
            prop_assert_eq!(st.abs_diff(sf), r.diff);
        }
    }
}
