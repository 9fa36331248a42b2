//! Per-task keys and what every method computes from them: the quantity a one-dimensional
//! method balances, tasks in decreasing order, subset sums, and the exact-enough conversion
//! of 128-bit sums to `f64` used in the inner loops.

use fairshard_harness::{Instance, Target};

/// The single quantity a one-dimensional method balances for `target`: profit when the target
/// is profit, workload otherwise (makespan is the workload's largest subset; balanced and
/// feasibility fall back to the workload, the quantity that sets the round's execution time).
pub fn single_key(instance: &Instance, target: Target) -> Vec<u128> {
    let tasks = instance.tasks();
    match target {
        Target::Profit => tasks.iter().map(|t| t.profit()).collect(),
        Target::Workload | Target::Makespan | Target::Balanced | Target::Feasibility => {
            tasks.iter().map(|t| u128::from(t.workload)).collect()
        }
    }
}

/// Task indices sorted by `key`, largest first; ties keep task order (deterministic). Sorts
/// contiguous (key, index) pairs: no indirect loads in the comparisons.
pub fn largest_first(key: &[u128]) -> Vec<usize> {
    let mut pairs: Vec<(std::cmp::Reverse<u128>, u32)> = key
        .iter()
        .enumerate()
        .map(|(j, &k)| (std::cmp::Reverse(k), j as u32))
        .collect();
    pairs.sort_unstable();
    pairs.into_iter().map(|(_, j)| j as usize).collect()
}

/// The subset sums of `key` under `assignment` into `m` subsets (each entry below m).
pub fn subset_sums(key: &[u128], m: usize, assignment: &[u32]) -> Vec<u128> {
    let mut sums = vec![0u128; m];
    for (j, &s) in assignment.iter().enumerate() {
        sums[s as usize] += key[j];
    }
    sums
}

/// `x as f64`, through the hardware conversion when x fits 64 bits (the 128-bit one is a
/// software routine, and this is the inner loop); the same value either way.
#[inline]
pub fn float(x: u128) -> f64 {
    match u64::try_from(x) {
        Ok(x) => x as f64,
        Err(_) => float_wide(x),
    }
}

/// The software 128-bit conversion, kept out of line: inlined, the compiler computes it
/// speculatively on every call (it deems the conversion cheap) and only then picks the
/// hardware result, so the fast path would save nothing.
#[cold]
#[inline(never)]
fn float_wide(x: u128) -> f64 {
    x as f64
}
