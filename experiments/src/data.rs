//! What each dataset of Figs. 2-3 is made of (`data.csv`, [`DatasetRow`] rows): n, distinct
//! workloads, rates, pairs and profits, and their spreads. The report reads it to say, with
//! data, why the curves of one dataset sit where they do (few distinct values allow
//! near-perfect splits; spread-out values do not).

use crate::config::Config;
use crate::experiment::{About, Experiment, RowsExperiment};
use crate::run::RunError;
use fairshard_results::{DatasetRow, files};

/// The data file (see the module docs).
pub struct Data;

/// The experiments whose datasets are described.
fn described() -> [&'static dyn Experiment; 4] {
    [
        &crate::fig2a::Fig2a,
        &crate::fig2b::Fig2b,
        &crate::fig3::Fig3a,
        &crate::fig3::Fig3b,
    ]
}

/// max/min of `values` (all positive in the embedded data and the generators).
fn spread(values: impl Iterator<Item = u128>) -> f64 {
    let (lo, hi) = values.fold((u128::MAX, 0), |(lo, hi), v| (lo.min(v), hi.max(v)));
    if lo == 0 { f64::INFINITY } else { hi as f64 / lo as f64 }
}

fn distinct<T: Ord>(mut values: Vec<T>) -> usize {
    values.sort_unstable();
    values.dedup();
    values.len()
}

impl RowsExperiment for Data {
    const ABOUT: About = About::new(
        files::DATA,
        "The datasets of Figs. 2-3: sizes, distinct values, spreads",
    );
    type Row = DatasetRow;
    fn rows(&self, config: &Config) -> Result<Vec<DatasetRow>, RunError> {
        let mut uses: Vec<(String, Vec<&'static str>)> = Vec::new();
        for e in described() {
            for p in e.points(config) {
                match uses.iter_mut().find(|u| u.0 == p.dataset) {
                    Some(u) if u.1.contains(&e.id()) => {}
                    Some(u) => u.1.push(e.id()),
                    None => uses.push((p.dataset, vec![e.id()])),
                }
            }
        }
        uses.into_iter()
            .map(|(dataset, by)| {
                let inst = fairshard_datasets::open(&dataset).map_err(|source| RunError::Dataset {
                    spec: dataset.clone(),
                    source,
                })?;
                let tasks = inst.tasks();
                let w = || tasks.iter().map(|t| u128::from(t.workload));
                let r = || tasks.iter().map(|t| u128::from(t.rate));
                let p = || tasks.iter().map(|t| u128::from(t.workload) * u128::from(t.rate));
                Ok(DatasetRow {
                    dataset,
                    used_by: by.join(";"),
                    n: tasks.len(),
                    distinct_workloads: distinct(w().collect()),
                    distinct_rates: distinct(r().collect()),
                    distinct_pairs: distinct(tasks.iter().map(|t| (t.workload, t.rate)).collect()),
                    distinct_profits: distinct(p().collect()),
                    workload_spread: spread(w()),
                    rate_spread: spread(r()),
                    profit_spread: spread(p()),
                })
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_dataset_of_the_figures_is_described_from_its_data() {
        let rows = Data.rows(&Config::new(true, 1)).unwrap();
        let row = |d: &str| {
            rows.iter()
                .find(|r| r.dataset == d)
                .unwrap_or_else(|| panic!("{d}: {rows:?}"))
        };
        let dao = row("dao100@norm");
        assert_eq!((dao.n, dao.distinct_workloads), (100, 6));
        assert_eq!(dao.distinct_profits, 18);
        assert!(dao.used_by.contains("fig3a") && dao.used_by.contains("fig2a"));
        assert_eq!(row("dao100[:20]@norm").used_by, "fig2b");
        for (d, n) in crate::fig3::CONTRAST {
            assert_eq!(row(d).n, n);
            // The heterogeneous data spreads far wider than the DAO purchases.
            assert!(row(d).workload_spread > 5.0 * dao.workload_spread, "{:?}", row(d));
        }
    }
}
