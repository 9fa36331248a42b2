//! One run of a sweep: its coordinates, the key that identifies its row, its seed, and the
//! shard it belongs to.

use fairshard_harness::{Caps, RunRecord, Target, derive_seed};
use std::fmt;
use std::str::FromStr;

/// The coordinates of one run: what the row's key and the run's seed are derived from.
#[derive(Clone, Debug, PartialEq)]
pub struct Point {
    /// Experiment id (`fig2a`, `compare`, ...), also the name of its result file.
    pub experiment: String,
    /// Dataset spec (see `fairshard_datasets::open`).
    pub dataset: String,
    /// Number of subsets.
    pub m: usize,
    /// Registry id of the solver.
    pub solver: String,
    /// What the solver minimises.
    pub target: Target,
    /// gamma caps.
    pub caps: Caps,
    /// Repetition index within the cell.
    pub repetition: u32,
}

/// The key of a row: experiment, dataset, m, solver, target, caps and repetition, joined by
/// `|`. A cap is written with Rust's shortest round-trip form of the f64, or `-` when unset,
/// so that a key read back from a CSV equals the key of the point that wrote it.
pub fn key(
    experiment: &str,
    dataset: &str,
    m: usize,
    solver: &str,
    target: &str,
    caps: (Option<f64>, Option<f64>),
    repetition: u32,
) -> String {
    let cap = |c: Option<f64>| c.map_or_else(|| "-".to_owned(), |c| c.to_string());
    format!(
        "{experiment}|{dataset}|m={m}|{solver}|{target}|g1={}|g2={}|r{repetition}",
        cap(caps.0),
        cap(caps.1)
    )
}

/// The key of a row already written.
pub fn record_key(r: &RunRecord) -> String {
    key(
        &r.experiment,
        &r.dataset,
        r.m,
        &r.solver,
        &r.target,
        (r.gamma1_cap, r.gamma2_cap),
        r.repetition,
    )
}

impl Point {
    /// The key of this point's row (see [`key`]).
    pub fn key(&self) -> String {
        key(
            &self.experiment,
            &self.dataset,
            self.m,
            &self.solver,
            self.target.as_str(),
            (self.caps.gamma1, self.caps.gamma2),
            self.repetition,
        )
    }

    /// The seed of this run under `master`: derived from the key, the same on every machine.
    pub fn seed(&self, master: u64) -> u64 {
        derive_seed(master, &[&self.key()])
    }
}

/// The K-th of N disjoint slices of every sweep (`--shard K/N`, 1 <= K <= N).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    /// Which slice, 1-based.
    pub k: u32,
    /// How many slices.
    pub n: u32,
}

impl Shard {
    /// The whole sweep.
    pub const ALL: Shard = Shard { k: 1, n: 1 };

    /// Does the row with `key` belong to this slice? A stable hash of the key (the same on
    /// every machine), so that the N slices are disjoint and cover the sweep.
    pub fn contains(&self, key: &str) -> bool {
        derive_seed(0, &["shard", key]) % u64::from(self.n) == u64::from(self.k - 1)
    }
}

impl fmt::Display for Shard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}/{}", self.k, self.n)
    }
}

impl FromStr for Shard {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let bad = || format!("`{s}` is not a shard: expected K/N with 1 <= K <= N, e.g. 2/8");
        let (k, n) = s.split_once('/').ok_or_else(bad)?;
        let (k, n): (u32, u32) = (
            k.trim().parse().map_err(|_| bad())?,
            n.trim().parse().map_err(|_| bad())?,
        );
        if k == 0 || k > n {
            return Err(bad());
        }
        Ok(Shard { k, n })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn point(m: usize) -> Point {
        Point {
            experiment: "fig2a".into(),
            dataset: "dao100@norm".into(),
            m,
            solver: "heur/bi-lpt".into(),
            target: Target::Profit,
            caps: Caps {
                gamma1: Some(1.0001),
                gamma2: None,
            },
            repetition: 0,
        }
    }

    #[test]
    fn keys_name_every_coordinate() {
        assert_eq!(
            point(5).key(),
            "fig2a|dao100@norm|m=5|heur/bi-lpt|profit|g1=1.0001|g2=-|r0"
        );
        assert_ne!(point(5).seed(1), point(6).seed(1));
        assert_ne!(point(5).seed(1), point(5).seed(2));
    }

    #[test]
    fn shards_partition_the_keys() {
        let keys: Vec<String> = (1..200).map(|m| point(m).key()).collect();
        for n in [1, 2, 3, 7] {
            let shards: Vec<Shard> = (1..=n).map(|k| Shard { k, n }).collect();
            for key in &keys {
                assert_eq!(
                    shards.iter().filter(|s| s.contains(key)).count(),
                    1,
                    "{key} in {n} shards"
                );
            }
            if n > 1 {
                assert!(
                    shards.iter().all(|s| keys.iter().any(|k| s.contains(k))),
                    "an empty shard of {n}"
                );
            }
        }
    }

    #[test]
    fn shard_syntax() {
        assert_eq!("2/8".parse::<Shard>(), Ok(Shard { k: 2, n: 8 }));
        for bad in ["0/2", "3/2", "2", "a/b", "1/0"] {
            assert!(bad.parse::<Shard>().is_err(), "{bad}");
        }
    }
}
