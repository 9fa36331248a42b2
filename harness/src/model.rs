//! Contracts (tasks) and instances: the input of the Partition step.
//!
//! A task is one smart contract call with workload `w_j` (gas used) and rate `r_j` (gas price);
//! its profit is `r_j * w_j` (paper, Section III). All quantities are integers and all
//! arithmetic is exact: a task's profit fits `u128` because both factors are `u64`, and an
//! [`Instance`] checks on construction that its *totals* fit `u128`, so every subset sum of
//! any partition of it does too.

use serde::{Deserialize, Serialize};
use thiserror::Error;

/// One contract to execute: workload `w_j` (gas) and rate `r_j` (gas price, wei per gas).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Task {
    /// Workload `w_j`: gas used by the contract call.
    pub workload: u64,
    /// Rate `r_j`: what the issuer pays per unit of workload (gas price).
    pub rate: u64,
}

impl Task {
    /// A task with workload `w` and rate `r`.
    pub const fn new(workload: u64, rate: u64) -> Self {
        Self { workload, rate }
    }

    /// Profit `r_j * w_j`, exact.
    pub const fn profit(&self) -> u128 {
        self.workload as u128 * self.rate as u128
    }
}

/// Why an instance or an instance/`m` pair is rejected.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum InstanceError {
    /// n = 0.
    #[error("instance `{name}` has no tasks (n = 0)")]
    Empty {
        /// Instance name.
        name: String,
    },
    /// The sum of workloads or of profits does not fit in 128 bits.
    #[error("instance `{name}`: the total {what} overflows 128 bits")]
    Overflow {
        /// Instance name.
        name: String,
        /// "workload" or "profit".
        what: &'static str,
    },
    /// m = 0.
    #[error("m must be at least 1 (got m = 0)")]
    ZeroSubsets,
    /// m > n: some subset would have to stay empty.
    #[error("m = {m} subsets is more than the n = {n} tasks of `{name}`: every subset needs a task")]
    TooManySubsets {
        /// Instance name.
        name: String,
        /// Requested subsets.
        m: usize,
        /// Tasks available.
        n: usize,
    },
}

/// A non-empty list of tasks with a name; its totals are known to fit `u128`.
///
/// Invariants: `tasks` is non-empty; `total_workload` and `total_profit` are the exact sums and
/// fit `u128`. Task `j` is identified by its index in `tasks` everywhere (partitions, records).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Instance {
    name: String,
    tasks: Vec<Task>,
    total_workload: u128,
    total_profit: u128,
}

impl Instance {
    /// Builds an instance, rejecting n = 0 and totals that overflow `u128`.
    pub fn new(name: impl Into<String>, tasks: Vec<Task>) -> Result<Self, InstanceError> {
        let name = name.into();
        if tasks.is_empty() {
            return Err(InstanceError::Empty { name });
        }
        let mut total_workload: u128 = 0;
        let mut total_profit: u128 = 0;
        for t in &tasks {
            total_workload += u128::from(t.workload); // cannot overflow: n * 2^64 < 2^128 for n < 2^64
            total_profit = total_profit
                .checked_add(t.profit())
                .ok_or_else(|| InstanceError::Overflow {
                    name: name.clone(),
                    what: "profit",
                })?;
        }
        Ok(Self {
            name,
            tasks,
            total_workload,
            total_profit,
        })
    }

    /// The instance's name (dataset name, generator spec or file).
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The tasks, indexed by task id.
    pub fn tasks(&self) -> &[Task] {
        &self.tasks
    }

    /// n, the number of tasks (at least 1).
    pub fn len(&self) -> usize {
        self.tasks.len()
    }

    /// Always false: an instance has at least one task. Present for API symmetry.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// Sum of all workloads.
    pub fn total_workload(&self) -> u128 {
        self.total_workload
    }

    /// Sum of all profits.
    pub fn total_profit(&self) -> u128 {
        self.total_profit
    }

    /// The first `k` tasks as a new instance named `name[:k]` (the paper's n = 20 subset of
    /// its 100 transactions is the first 20). `k` is clamped to `1..=n`.
    pub fn head(&self, k: usize) -> Instance {
        let k = k.clamp(1, self.len());
        Instance::new(format!("{}[:{k}]", self.name), self.tasks[..k].to_vec())
            .expect("a prefix of a valid instance is valid")
    }

    /// The same tasks under another name.
    pub fn renamed(mut self, name: impl Into<String>) -> Instance {
        self.name = name.into();
        self
    }

    /// Checks that the instance can be split into `m` non-empty subsets (1 <= m <= n).
    pub fn check_subsets(&self, m: usize) -> Result<(), InstanceError> {
        if m == 0 {
            return Err(InstanceError::ZeroSubsets);
        }
        if m > self.len() {
            return Err(InstanceError::TooManySubsets {
                name: self.name.clone(),
                m,
                n: self.len(),
            });
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rejects_empty_and_bad_m() {
        assert!(matches!(Instance::new("e", vec![]), Err(InstanceError::Empty { .. })));
        let inst = Instance::new("i", vec![Task::new(1, 1), Task::new(2, 3)]).unwrap();
        assert_eq!(inst.check_subsets(0), Err(InstanceError::ZeroSubsets));
        assert!(matches!(
            inst.check_subsets(3),
            Err(InstanceError::TooManySubsets { m: 3, n: 2, .. })
        ));
        assert!(inst.check_subsets(2).is_ok());
        assert_eq!(inst.total_workload(), 3);
        assert_eq!(inst.total_profit(), 7);
    }

    #[test]
    fn profit_is_exact_at_the_extremes() {
        let t = Task::new(u64::MAX, u64::MAX);
        assert_eq!(t.profit(), (u64::MAX as u128) * (u64::MAX as u128));
        // Two such profits overflow u128: the instance must refuse rather than wrap.
        assert!(matches!(
            Instance::new("big", vec![t, t]),
            Err(InstanceError::Overflow { what: "profit", .. })
        ));
    }

    #[test]
    fn head_takes_a_prefix() {
        let inst = Instance::new("d", (1..=5).map(|w| Task::new(w, 1)).collect()).unwrap();
        let h = inst.head(2);
        assert_eq!(h.len(), 2);
        assert_eq!(h.name(), "d[:2]");
        assert_eq!(h.total_workload(), 3);
        assert_eq!(inst.head(99).len(), 5);
    }
}
