//! The bottom layer: helpers every method shares and that know no method. Per-task keys and
//! subset sums ([`keys`]), the seeded random stream ([`rng`]), the tournament tree ([`tree`]).
//! Imports nothing from the crate.

pub mod keys;
pub mod rng;
pub mod tree;

pub use keys::{float, largest_first, single_key, subset_sums};
pub use rng::SplitMix;
pub use tree::Tournament;

/// Test support shared by the partition methods.
#[cfg(test)]
pub(crate) mod check {
    /// The subset sums of assignment `a` of `key` into m subsets, after checking that it has
    /// one entry per task, each below m, no empty subset, and keeps the total.
    pub fn loads(key: &[u128], m: usize, a: &[u32]) -> Result<Vec<u128>, String> {
        if a.len() != key.len() {
            return Err(format!("{} entries for {} tasks", a.len(), key.len()));
        }
        let mut loads = vec![0u128; m];
        let mut counts = vec![0usize; m];
        for (j, &s) in a.iter().enumerate() {
            let s = s as usize;
            if s >= m {
                return Err(format!("task {j} in subset {s} of {m}"));
            }
            loads[s] += key[j];
            counts[s] += 1;
        }
        if let Some(i) = counts.iter().position(|&c| c == 0) {
            return Err(format!("subset {i} is empty"));
        }
        if loads.iter().sum::<u128>() != key.iter().sum::<u128>() {
            return Err("the total changed".into());
        }
        Ok(loads)
    }
}
