//! Fig. 1: the data itself. The paper plots workload against rate of its 100 transactions,
//! normalised; we write the same for `dao100` (raw and normalised), marking the first 20
//! contracts, which are the n = 20 instance of Fig. 2b.

use crate::config::Config;
use crate::experiment::Experiment;
use crate::point::Point;
use crate::run::RunError;
use crate::store::write_text;
use std::path::Path;

/// The dataset of Fig. 1.
pub const DATASET: &str = "dao100";
/// How many of its contracts form the n = 20 instance.
pub const SUBSET: usize = 20;
/// File the data is written to.
pub const FILE: &str = "fig1.csv";

/// Fig. 1 (see the module docs).
pub struct Fig1;

impl Experiment for Fig1 {
    fn id(&self) -> &'static str {
        "fig1"
    }
    fn title(&self) -> &'static str {
        "Fig. 1: workload vs rate of the 100 contracts (normalised), first 20 marked"
    }
    fn points(&self, _: &Config) -> Vec<Point> {
        Vec::new()
    }
    fn write_data(&self, _: &Config, dir: &Path) -> Result<Vec<String>, RunError> {
        let open = |spec: &str| fairshard_datasets::open(spec).expect("the embedded data opens");
        let raw = open(DATASET);
        let norm = open(&format!("{DATASET}@norm"));
        let mut text = String::from("index,gas_used,gas_price_wei,workload_norm,rate_norm,in_first20\n");
        for (j, (r, n)) in raw.tasks().iter().zip(norm.tasks()).enumerate() {
            text.push_str(&format!(
                "{j},{},{},{},{},{}\n",
                r.workload,
                r.rate,
                n.workload,
                n.rate,
                j < SUBSET
            ));
        }
        write_text(&dir.join(FILE), &text)?;
        Ok(vec![FILE.to_owned()])
    }
}
