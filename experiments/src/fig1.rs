//! Fig. 1: the data itself. The paper plots workload against rate of its 100 transactions,
//! normalised; we write the same for `dao100` (raw and normalised), marking the first 20
//! contracts, which are the n = 20 instance of Fig. 2b. The rows are
//! [`fairshard_results::Fig1Row`], the schema the report reads.

use crate::config::Config;
use crate::experiment::{About, RowsExperiment};
use crate::run::RunError;
use fairshard_results::{Fig1Row, files};

/// The dataset of Fig. 1.
pub const DATASET: &str = "dao100";
/// How many of its contracts form the n = 20 instance.
pub const SUBSET: usize = 20;

/// Fig. 1 (see the module docs).
pub struct Fig1;

impl RowsExperiment for Fig1 {
    const ABOUT: About = About::new(
        files::FIG1,
        "Fig. 1: workload vs rate of the 100 contracts (normalised), first 20 marked",
    );
    type Row = Fig1Row;
    fn rows(&self, _: &Config) -> Result<Vec<Fig1Row>, RunError> {
        let open = |spec: &str| fairshard_datasets::open(spec).expect("the embedded data opens");
        let raw = open(DATASET);
        let norm = open(&format!("{DATASET}@norm"));
        Ok(raw
            .tasks()
            .iter()
            .zip(norm.tasks())
            .enumerate()
            .map(|(index, (r, n))| Fig1Row {
                index,
                gas_used: r.workload,
                gas_price_wei: r.rate,
                workload_norm: n.workload,
                rate_norm: n.rate,
                in_first20: index < SUBSET,
            })
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::experiment::Experiment;

    /// The file as it was first published: the same header and the same first row.
    #[test]
    fn fig1_csv_keeps_its_columns_and_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let written = Fig1.write_data(&Config::new(true, 1), dir.path()).unwrap();
        assert_eq!(written, ["fig1.csv"]);
        let path = dir.path().join("fig1.csv");
        let text = std::fs::read_to_string(&path).unwrap();
        assert_eq!(
            text.lines().next(),
            Some("index,gas_used,gas_price_wei,workload_norm,rate_norm,in_first20")
        );
        let rows: Vec<Fig1Row> = fairshard_results::read_rows(&path).unwrap();
        assert_eq!(rows.len(), 100);
        assert_eq!(rows.iter().filter(|r| r.in_first20).count(), SUBSET);
        assert!(rows.iter().enumerate().all(|(j, r)| r.index == j));
    }
}
