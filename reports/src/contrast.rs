//! Why our Fig. 2-3 values differ from the paper's, said with data: what each dataset of the
//! figures is made of (`data.csv`) beside its min gamma2 and min gamma1 at the largest m of
//! Fig. 3, and which dataset comes nearest the paper's stated values there.

use crate::data::{distinct, feasible};
use crate::text::Block;
use fairshard_harness::{RunRecord, Status};
use fairshard_results::DatasetRow;

/// The paper's stated values at m = 30: gamma2 near 20 (Fig. 3a), gamma1 near 25 (Fig. 3b).
const PAPER_AT_30: (f64, f64) = (20.0, 25.0);

/// The best feasible `value` of `dataset` at `m` over every solver, and whether a run proved
/// it optimal.
fn best_at(rows: &[RunRecord], dataset: &str, m: usize, value: fn(&RunRecord) -> Option<f64>) -> Option<(f64, bool)> {
    rows.iter()
        .filter(|r| r.dataset == dataset && r.m == m && feasible(r))
        .filter_map(|r| Some((value(r)?, r.status == Status::Optimal)))
        .min_by(|a, b| a.0.total_cmp(&b.0).then(b.1.cmp(&a.1)))
}

/// The section (empty when `data.csv` or Fig. 3's rows are absent).
pub fn blocks(datasets: &[DatasetRow], fig3a: &[RunRecord], fig3b: &[RunRecord]) -> Vec<Block> {
    let m = fig3a.iter().chain(fig3b).map(|r| r.m).max();
    let Some(m) = m.filter(|_| !datasets.is_empty()) else {
        return Vec::new();
    };
    let in_fig3 = distinct(&fig3a.iter().chain(fig3b).collect::<Vec<_>>(), |r| r.dataset.clone());
    let shown = |v: Option<(f64, bool)>| match v {
        Some((g, proven)) => format!("{g:.4}{}", if proven { "" } else { " (not proven)" }),
        None => "-".into(),
    };
    let mut lines: Vec<Vec<String>> = Vec::new();
    let mut nearest: Option<(f64, &str, f64, f64)> = None;
    for d in datasets.iter().filter(|d| in_fig3.contains(&d.dataset)) {
        let g2 = best_at(fig3a, &d.dataset, m, |r| r.gamma2);
        let g1 = best_at(fig3b, &d.dataset, m, |r| r.gamma1);
        lines.push(vec![
            d.dataset.clone(),
            d.n.to_string(),
            d.distinct_workloads.to_string(),
            d.distinct_rates.to_string(),
            d.distinct_pairs.to_string(),
            format!("{:.1}", d.workload_spread),
            format!("{:.1}", d.rate_spread),
            format!("{:.1}", d.profit_spread),
            shown(g2),
            shown(g1),
        ]);
        if m == 30
            && let (Some((a, _)), Some((b, _))) = (g2, g1)
        {
            // Distance to the paper's pair in decades.
            let far = (a / PAPER_AT_30.0).log10().abs() + (b / PAPER_AT_30.1).log10().abs();
            if nearest.is_none_or(|n| far < n.0) {
                nearest = Some((far, d.dataset.as_str(), a, b));
            }
        }
    }
    let verdict = match nearest {
        Some((_, d, a, b)) => format!(
            "Nearest to the paper's values at m = 30 (gamma2 near {}, gamma1 near {}): {d}, with min gamma2 = {a:.3} \
             and min gamma1 = {b:.3}.",
            PAPER_AT_30.0, PAPER_AT_30.1
        ),
        None => format!("The largest m run here is {m}; the paper states values at m = 30."),
    };
    vec![
        Block::Heading("Why our Fig. 2-3 values differ from the paper's: the data".into()),
        Block::Para(format!(
            "With only a few distinct contracts of nearly equal gas, as in the DAO purchases (dao100), many \
             partitions balance almost exactly and min gamma stays near 1 as m grows (the table gives its value). \
             Heterogeneous data, transfers of 21,000 gas beside contract calls of 10^5 gas and more, cannot be \
             split that evenly once each subset holds only a few contracts. Figs. 2a and 3 therefore also run the \
             exact solvers on two such datasets, normalised as the paper normalises: blocks-feb2016@norm, every \
             transaction of 41 mainnet blocks of 13 Feb. 2016 (65 transfers, 15 contract calls and creations), and \
             mixed:n=100,seed=1@norm, a seeded generator of 81% transfers and log-normal contract calls fitted to \
             those blocks. The table gives what each dataset is made of (from data.csv) beside its min gamma2 (Fig. \
             3a) and min gamma1 (Fig. 3b) at m = {m}, best over the solvers. {verdict}"
        )),
        Block::Gap,
        Block::table(
            &[
                "dataset",
                "n",
                "distinct gas",
                "distinct prices",
                "distinct pairs",
                "gas max/min",
                "price max/min",
                "profit max/min",
                &format!("min gamma2, m = {m}"),
                &format!("min gamma1, m = {m}"),
            ],
            lines,
        ),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn dataset(name: &str, spread: f64) -> DatasetRow {
        DatasetRow {
            dataset: name.into(),
            used_by: "fig3a;fig3b".into(),
            n: 100,
            distinct_workloads: 6,
            distinct_rates: 5,
            distinct_pairs: 18,
            distinct_profits: 18,
            workload_spread: spread,
            rate_spread: 5.0,
            profit_spread: spread * 5.0,
        }
    }

    fn run(dataset: &str, m: usize, g1: f64, g2: f64) -> RunRecord {
        let mut r = crate::data::tests::row(g1 - 1.0, g2 - 1.0, Status::Optimal);
        r.dataset = dataset.into();
        r.m = m;
        r
    }

    #[test]
    fn the_nearest_dataset_to_the_paper_is_named_from_the_rows() {
        let data = [dataset("even", 1.6), dataset("mixed", 40.0)];
        let fig3a = [run("even", 30, 1.1, 1.05), run("mixed", 30, 9.0, 9.6)];
        let fig3b = [run("even", 30, 1.12, 1.5), run("mixed", 30, 8.3, 9.9)];
        let text = format!("{:?}", blocks(&data, &fig3a, &fig3b));
        assert!(
            text.contains("mixed, with min gamma2 = 9.600 and min gamma1 = 8.300"),
            "{text}"
        );
        assert!(blocks(&[], &fig3a, &fig3b).is_empty());
    }
}
