//! Partitions of an instance's tasks into m subsets, stored as one subset index per task.
//!
//! The representation makes "each task in exactly one subset" (constraint (2b)) structural:
//! `assignment[j]` is the subset of task `j`. Memory is O(n), never O(n*m). Anything a solver
//! returns is re-checked with [`Partition::check`] before it is reported.

use crate::fairness::{Fairness, Spread};
use crate::model::Instance;
use serde::{Deserialize, Serialize};
use thiserror::Error;

/// Why a solver's partition is rejected.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum PartitionError {
    /// The assignment does not have one entry per task.
    #[error("the partition assigns {got} tasks but the instance has n = {n}")]
    WrongLength {
        /// Tasks in the instance.
        n: usize,
        /// Entries in the assignment.
        got: usize,
    },
    /// A task is assigned to a subset outside `0..m`.
    #[error("task {task} is assigned to subset {subset}, outside 0..{m}")]
    OutOfRange {
        /// Task index.
        task: usize,
        /// Its subset.
        subset: u32,
        /// Number of subsets.
        m: usize,
    },
    /// A task is listed in two subsets.
    #[error("task {task} is placed in more than one subset")]
    Duplicated {
        /// Task index.
        task: usize,
    },
    /// A task is listed in no subset.
    #[error("task {task} is placed in no subset")]
    Unassigned {
        /// Task index.
        task: usize,
    },
}

/// An assignment of each task to one of `m` subsets.
///
/// Invariant once [`checked`](Partition::check) against an instance: one entry per task, each in `0..m`.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Partition {
    m: usize,
    assignment: Vec<u32>,
}

impl Partition {
    /// A partition into `m` subsets from each task's subset index (unchecked: see [`check`](Self::check)).
    pub fn from_assignment(m: usize, assignment: Vec<u32>) -> Self {
        Self { m, assignment }
    }

    /// A partition from explicit subsets (lists of task indices). Tasks listed in no subset
    /// or twice are rejected.
    pub fn from_subsets(n: usize, subsets: &[Vec<usize>]) -> Result<Self, PartitionError> {
        let mut assignment = vec![u32::MAX; n];
        let mut seen = 0usize;
        for (i, s) in subsets.iter().enumerate() {
            for &j in s {
                if j >= n {
                    return Err(PartitionError::WrongLength { n, got: j + 1 });
                }
                if assignment[j] != u32::MAX {
                    return Err(PartitionError::Duplicated { task: j });
                }
                assignment[j] = i as u32;
                seen += 1;
            }
        }
        if seen != n {
            let task = assignment.iter().position(|&a| a == u32::MAX).unwrap_or(0);
            return Err(PartitionError::Unassigned { task });
        }
        Ok(Self {
            m: subsets.len(),
            assignment,
        })
    }

    /// Number of subsets m.
    pub fn m(&self) -> usize {
        self.m
    }

    /// Subset of each task.
    pub fn assignment(&self) -> &[u32] {
        &self.assignment
    }

    /// Checks the partition against an instance: one entry per task, each in `0..m`.
    pub fn check(&self, instance: &Instance) -> Result<(), PartitionError> {
        if self.assignment.len() != instance.len() {
            return Err(PartitionError::WrongLength {
                n: instance.len(),
                got: self.assignment.len(),
            });
        }
        match self.assignment.iter().position(|&s| s as usize >= self.m) {
            Some(task) => Err(PartitionError::OutOfRange {
                task,
                subset: self.assignment[task],
                m: self.m,
            }),
            None => Ok(()),
        }
    }

    /// The tasks of each subset, in task order.
    pub fn subsets(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.m];
        for (j, &s) in self.assignment.iter().enumerate() {
            out[s as usize].push(j);
        }
        out
    }

    /// Per-subset sums of workload and profit, and task counts. Requires a checked partition.
    pub fn loads(&self, instance: &Instance) -> Loads {
        let mut loads = Loads {
            workload: vec![0; self.m],
            profit: vec![0; self.m],
            count: vec![0; self.m],
        };
        for (t, &s) in instance.tasks().iter().zip(&self.assignment) {
            let s = s as usize;
            // Cannot overflow: each sum is at most the instance total, which fits u128.
            loads.workload[s] += u128::from(t.workload);
            loads.profit[s] += t.profit();
            loads.count[s] += 1;
        }
        loads
    }

    /// gamma1, gamma2 and the max-min differences. Requires a checked partition.
    pub fn fairness(&self, instance: &Instance) -> Fairness {
        self.loads(instance).fairness()
    }
}

/// Per-subset totals of a partition.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Loads {
    /// Workload of each subset.
    pub workload: Vec<u128>,
    /// Profit of each subset.
    pub profit: Vec<u128>,
    /// Number of tasks in each subset.
    pub count: Vec<usize>,
}

impl Loads {
    /// Fairness of these loads.
    pub fn fairness(&self) -> Fairness {
        Fairness {
            workload: Spread::of(&self.workload, &self.count),
            profit: Spread::of(&self.profit, &self.count),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::fairness::Degenerate;
    use crate::model::Task;

    fn inst() -> Instance {
        Instance::new(
            "t",
            vec![Task::new(4, 1), Task::new(3, 2), Task::new(2, 3), Task::new(1, 4)],
        )
        .unwrap()
    }

    #[test]
    fn fairness_of_a_known_partition() {
        let p = Partition::from_subsets(4, &[vec![0, 3], vec![1, 2]]).unwrap();
        p.check(&inst()).unwrap();
        let f = p.fairness(&inst());
        // workloads 5 and 5, profits 8 and 12
        assert_eq!(f.gamma1().value(), 1.0);
        assert_eq!(f.gamma2().value(), 1.5);
        assert_eq!(f.profit.diff, 4);
    }

    #[test]
    fn empty_subset_is_infinite_not_a_panic() {
        let p = Partition::from_assignment(3, vec![0, 0, 1, 1]);
        p.check(&inst()).unwrap();
        assert_eq!(p.fairness(&inst()).gamma1().degenerate(), Some(Degenerate::EmptySubset));
    }

    #[test]
    fn check_rejects_garbage() {
        assert!(matches!(
            Partition::from_assignment(2, vec![0, 1, 2, 0]).check(&inst()),
            Err(PartitionError::OutOfRange { task: 2, .. })
        ));
        assert!(matches!(
            Partition::from_assignment(2, vec![0, 1]).check(&inst()),
            Err(PartitionError::WrongLength { n: 4, got: 2 })
        ));
        assert_eq!(
            Partition::from_subsets(4, &[vec![0, 1], vec![1, 2, 3]]),
            Err(PartitionError::Duplicated { task: 1 })
        );
        assert_eq!(
            Partition::from_subsets(4, &[vec![0], vec![1, 2]]),
            Err(PartitionError::Unassigned { task: 3 })
        );
    }
}
