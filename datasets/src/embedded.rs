//! The real Ethereum mainnet data of 2016, embedded in the binary (see `data/PROVENANCE.txt`).
//!
//! Stable names: `dao100` (the 100 DAO-purchase transactions of 2016-05-28, standing in for the
//! paper's first 100 transactions of 31 May 2016), `dao-may2016` (all 22,608 DAO-purchase
//! transactions of 15-28 May 2016) and `blocks-feb2016` (all 80 transactions of blocks
//! 1,000,000-1,000,030 and 1,000,040-1,000,050, 13 Feb 2016: mostly 21,000-gas transfers).

use crate::csvload::{CsvOptions, LoadError, load_str};
use fairshard_harness::Instance;
use std::sync::OnceLock;

/// One embedded dataset.
#[derive(Clone, Copy, Debug)]
pub struct Embedded {
    /// Stable name.
    pub name: &'static str,
    /// File under `datasets/data/`.
    pub file: &'static str,
    /// What it is.
    pub description: &'static str,
    /// The CSV text.
    pub csv: &'static str,
}

impl Embedded {
    /// Its number of transactions (data rows of the CSV), counted without parsing them.
    pub fn rows(&self) -> usize {
        self.csv.lines().skip(1).filter(|l| !l.trim().is_empty()).count()
    }
}

/// Every embedded dataset.
pub const EMBEDDED: &[Embedded] = &[
    Embedded {
        name: "dao100",
        file: "ethtx_2016-05-28_first100_thedao_creation_txs.csv",
        description: "the first 100 DAO-purchase transactions of 2016-05-28 (blocks 1,596,978-1,597,106); \
                      stands in for the paper's 100 transactions of May 2016",
        csv: include_str!("../data/ethtx_2016-05-28_first100_thedao_creation_txs.csv"),
    },
    Embedded {
        name: "dao-may2016",
        file: "ethtx_2016-05-15_to_28_thedao_creation_txs.csv",
        description: "all 22,608 DAO-purchase transactions of 15-28 May 2016 (blocks 1,520,861-1,599,205)",
        csv: include_str!("../data/ethtx_2016-05-15_to_28_thedao_creation_txs.csv"),
    },
    Embedded {
        name: "blocks-feb2016",
        file: "ethtx_2016-02-13_blocks_1000000-1000050_full.csv",
        description: "every transaction of blocks 1,000,000-1,000,030 and 1,000,040-1,000,050 \
                      (13 Feb 2016): 65 transfers, 15 contract calls and creations",
        csv: include_str!("../data/ethtx_2016-02-13_blocks_1000000-1000050_full.csv"),
    },
];

/// The provenance and licence text shipped with the data.
pub const PROVENANCE: &str = include_str!("../data/PROVENANCE.txt");

/// Loads an embedded dataset by name (`None` if there is no such name).
pub fn load(name: &str) -> Option<Result<Instance, LoadError>> {
    let e = EMBEDDED.iter().find(|e| e.name == name)?;
    Some(load_str(e.name, e.csv, &CsvOptions::default()))
}

/// The gas prices of every transaction in `dao-may2016`, sorted: the empirical 2016 rate
/// distribution the generators draw from. Parsed once per process.
pub fn real_rates() -> &'static [u64] {
    static RATES: OnceLock<Vec<u64>> = OnceLock::new();
    RATES.get_or_init(|| {
        let inst = load("dao-may2016")
            .expect("embedded")
            .expect("the embedded data is valid (checked by tests)");
        let mut r: Vec<u64> = inst.tasks().iter().map(|t| t.rate).collect();
        r.sort_unstable();
        r
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_embedded_dataset_loads_with_the_documented_size() {
        let sizes = [("dao100", 100), ("dao-may2016", 22_608), ("blocks-feb2016", 80)];
        for (name, n) in sizes {
            let inst = load(name).unwrap().unwrap();
            assert_eq!(inst.len(), n, "{name}");
            assert_eq!(EMBEDDED.iter().find(|e| e.name == name).unwrap().rows(), n, "{name}");
        }
        assert!(load("nope").is_none());
    }

    #[test]
    fn dao100_is_the_first_100_rows_of_may_2016_on_the_28th() {
        // PROVENANCE: the 100-row file is a subset of the 22,608-row file.
        let small = load("dao100").unwrap().unwrap();
        let big = load("dao-may2016").unwrap().unwrap();
        let start = big.tasks().windows(100).position(|w| w == small.tasks());
        assert!(start.is_some());
        // gas_used of the DAO file lies in 48,065..=124,499 (PROVENANCE).
        assert!(big.tasks().iter().all(|t| (48_065..=124_499).contains(&t.workload)));
    }
}
