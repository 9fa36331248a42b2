//! Native partition heuristics: no ILP, deterministic, O(n log n) constructions.

pub mod bi;
pub mod list;
pub mod local;

use crate::registry::Entry;
use fairshard_harness::{Instance, Target};

/// The heuristics' registry entries.
pub fn entries() -> &'static [Entry] {
    &[
        Entry {
            id: "heur/greedy",
            summary: "list scheduling: tasks in arrival order, each into the currently lightest subset (Graham)",
            feature: None,
            make: Some(|| Box::new(list::ListScheduling::greedy())),
        },
        Entry {
            id: "heur/lpt",
            summary: "LPT: largest task first, each into the currently lightest subset (Graham's 4/3 - 1/(3m))",
            feature: None,
            make: Some(|| Box::new(list::ListScheduling::lpt())),
        },
        Entry {
            id: "heur/bi-lpt",
            summary: "bi-objective: LPT on normalised workload+profit, then move/swap local search on (gamma1, gamma2)",
            feature: None,
            make: Some(|| Box::new(bi::BiLpt)),
        },
    ]
}

/// The single quantity a one-dimensional method balances for `target`: profit when the target
/// is profit, workload otherwise (balanced and feasibility fall back to the workload, the
/// quantity that sets the round's execution time).
pub fn single_key(instance: &Instance, target: Target) -> Vec<u128> {
    let tasks = instance.tasks();
    match target {
        Target::Profit => tasks.iter().map(|t| t.profit()).collect(),
        Target::Workload | Target::Balanced | Target::Feasibility => {
            tasks.iter().map(|t| u128::from(t.workload)).collect()
        }
    }
}

/// Task indices sorted by `key`, largest first; ties keep task order (deterministic).
pub fn largest_first(key: &[u128]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..key.len()).collect();
    order.sort_by(|&a, &b| key[b].cmp(&key[a]).then(a.cmp(&b)));
    order
}
