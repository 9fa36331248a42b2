//! Branch and bound over tasks in decreasing order (sequential number partitioning, after
//! Korf 2009 and Schreiber-Korf 2018), minimising gamma = max/min of one quantity: each task
//! goes to a subset, tried in increasing load order, skipping subsets whose load equals one
//! already tried (they lead to the same subtrees) and, for a task equal to the previous one,
//! subsets ordered before the previous one's (the swap of two equal tasks); a node is cut when
//! `max(current max, ceil(T/m)) / min(current min + rest, floor(T/m))` cannot beat the
//! incumbent. Iterative, O(n + m) memory.

use super::Ending;
use crate::util::{largest_first, subset_sums};
use fairshard_harness::Ratio;

/// Nodes between two looks at the clock.
const CLOCK_EVERY: u64 = 4_096;

/// gamma of `loads` (`None`: infinite, a zero minimum).
pub(super) fn gamma(loads: &[u128]) -> Option<Ratio> {
    let max = loads.iter().copied().max()?;
    let min = loads.iter().copied().min()?;
    Ratio::new(max, min)
}

/// Is `a` strictly better (smaller) than `b`? `None` is infinite.
pub(super) fn better(a: Option<Ratio>, b: Option<Ratio>) -> bool {
    match (a, b) {
        (Some(x), Some(y)) => x < y,
        (Some(_), None) => true,
        (None, _) => false,
    }
}

/// Phase 3: depth-first branch and bound minimising max/min, from the incumbent
/// `assignment` (improved in place). `root` is a certified lower bound on gamma.
/// Iterative, O(n + m) memory. Returns how it ended and the nodes searched.
pub fn branch_and_bound(
    key: &[u128],
    m: usize,
    assignment: &mut [u32],
    root: Option<Ratio>,
    stop: &dyn Fn(u64) -> bool,
) -> (Ending, u64) {
    let n = key.len();
    let mut best = gamma(&subset_sums(key, m, assignment));
    let done = |best: Option<Ratio>| root.is_some_and(|r| best.is_some_and(|b| b <= r));
    if done(best) {
        return (Ending::Finished, 0);
    }
    let order = largest_first(key);
    let xs: Vec<u128> = order.iter().map(|&j| key[j]).collect();
    let mut rest = vec![0u128; n + 1]; // rest[i] = sum of xs[i..]
    for i in (0..n).rev() {
        rest[i] = rest[i + 1] + xs[i];
    }
    let total = rest[0];
    let (ceil, floor) = (total.div_ceil(m as u128), total / m as u128);
    let mut loads = vec![0u128; m];
    let mut counts = vec![0usize; m];
    let mut choice = vec![0u32; n];
    let mut last: Vec<Option<u128>> = vec![None; n + 1];
    let mut nodes = 0u64;
    let mut i = 0usize;
    loop {
        if i == n {
            let g = gamma(&loads);
            if better(g, best) {
                best = g;
                for (level, &j) in order.iter().enumerate() {
                    assignment[j] = choice[level];
                }
                if done(best) {
                    return (Ending::Finished, nodes);
                }
            }
        } else {
            nodes += 1;
            if nodes % CLOCK_EVERY == 0 && stop(nodes) {
                return (Ending::Stopped, nodes);
            }
            let x = xs[i];
            let cur_max = loads.iter().copied().max().unwrap_or(0);
            let empties = counts.iter().filter(|&&c| c == 0).count();
            // The next subset: smallest load strictly above the last one tried (equal loads
            // are symmetric), lowest index first.
            // A task equal to the previous one never goes to a subset that came before the
            // previous one's in that level's order (load before it, index): swapping two equal
            // tasks gives the same partition, which the earlier subset's subtree holds.
            let after = (i > 0 && xs[i] == xs[i - 1]).then(|| {
                let prev = choice[i - 1] as usize;
                (loads[prev] - xs[i - 1], prev)
            });
            let allowed = |t: usize| {
                after.is_none_or(|(load, prev)| {
                    let old = if t == prev { loads[t] - xs[i - 1] } else { loads[t] };
                    (old, t) >= (load, prev)
                })
            };
            let mut found = None;
            let mut above = last[i];
            while let Some(s) = (0..m)
                .filter(|&s| above.is_none_or(|l| loads[s] > l) && allowed(s))
                .min_by_key(|&s| (loads[s], s))
            {
                above = Some(loads[s]);
                let new_max = cur_max.max(loads[s] + x).max(ceil);
                // Loads only grow with s: once even the weakest bound fails, all later fail.
                if best.is_some_and(|b| Ratio::new(new_max, floor).is_none_or(|r| r >= b)) {
                    break;
                }
                let new_empties = empties - usize::from(counts[s] == 0);
                if new_empties > n - i - 1 {
                    continue; // some subset would stay empty
                }
                let new_min = (0..m)
                    .map(|t| if t == s { loads[t] + x } else { loads[t] })
                    .min()
                    .unwrap_or(0);
                let lb = Ratio::new(new_max, (new_min + rest[i + 1]).min(floor));
                if best.is_some_and(|b| lb.is_none_or(|r| r >= b)) {
                    continue;
                }
                found = Some(s);
                break;
            }
            last[i] = above;
            if let Some(s) = found {
                loads[s] += x;
                counts[s] += 1;
                choice[i] = s as u32;
                i += 1;
                last[i] = None;
                continue;
            }
        }
        // Backtrack.
        if i == 0 {
            return (Ending::Finished, nodes);
        }
        i -= 1;
        let s = choice[i] as usize;
        loads[s] -= xs[i];
        counts[s] -= 1;
    }
}
