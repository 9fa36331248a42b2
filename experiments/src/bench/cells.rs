//! The benchmark's per-cell table (`bench_cells.csv`): for each class, (n, m, target) and
//! solver, how many of the cell's instances (its seeds) were proven and the arithmetic mean
//! and largest time, as the number-partitioning literature tabulates its results, with the
//! published times of other methods on the same cells beside them ([`super::published`]).
//!
//! The mean counts every unproven or missing run at the time limit, so a cell with failures
//! shows a lower bound on the true mean and its proven count says so.

use super::published::{self, Reference};
use super::stats::proven;
use super::suites::BenchInstance;
use fairshard_harness::RunRecord;
use fairshard_results::bench::{BenchCellRow, ORIGIN_MEASURED, ORIGIN_PUBLISHED};
use std::collections::HashMap;

/// The cells of `instances` (in suite order) for `solvers`, with `runs_of(instance, solver)`
/// the run recorded, if any; `time` is a run's time and `limit` the time limit (s), or the
/// longest run's time without one. Published rows follow each cell's measured ones.
pub fn cells<'r>(
    instances: &[BenchInstance],
    solvers: &[String],
    runs_of: &dyn Fn(&BenchInstance, &str) -> Option<&'r RunRecord>,
    time: &dyn Fn(&RunRecord) -> f64,
    limit: f64,
) -> Vec<BenchCellRow> {
    // Cells in first-appearance order.
    let mut order: Vec<(&str, usize, usize, String)> = Vec::new();
    let mut members: HashMap<(&str, usize, usize, String), Vec<&BenchInstance>> = HashMap::new();
    for i in instances {
        let k = (i.class, i.n, i.m, i.target.label());
        if !members.contains_key(&k) {
            order.push(k.clone());
        }
        members.entry(k).or_default().push(i);
    }
    let mut out = Vec::new();
    for k in order {
        let cell = &members[&k];
        let (class, n, m, target) = (k.0, k.1, k.2, k.3.clone());
        for s in solvers {
            let runs: Vec<Option<&RunRecord>> = cell.iter().map(|i| runs_of(i, s)).collect();
            if runs.iter().all(Option::is_none) {
                continue;
            }
            let times: Vec<f64> = runs
                .iter()
                .map(|r| r.filter(|r| proven(r.status)).map_or(limit, time))
                .collect();
            out.push(BenchCellRow {
                class: class.to_owned(),
                n,
                m,
                target: target.clone(),
                solver: s.clone(),
                origin: ORIGIN_MEASURED.to_owned(),
                instances: cell.len(),
                runs: runs.iter().flatten().count(),
                proven: Some(runs.iter().flatten().filter(|r| proven(r.status)).count()),
                mean_time_s: Some(times.iter().sum::<f64>() / times.len() as f64),
                max_time_s: times.iter().copied().reduce(f64::max),
                source: String::new(),
            });
        }
        let Some(first) = cell.first() else { continue };
        for r in published::for_cell(&first.spec, n, m, first.target) {
            out.push(published_row(class, &target, r));
        }
    }
    out
}

fn published_row(class: &str, target: &str, r: &Reference) -> BenchCellRow {
    BenchCellRow {
        class: class.to_owned(),
        n: r.n,
        m: r.m,
        target: target.to_owned(),
        solver: r.method.to_owned(),
        origin: ORIGIN_PUBLISHED.to_owned(),
        instances: r.instances,
        runs: r.instances,
        proven: None,
        mean_time_s: Some(r.mean_s),
        max_time_s: None,
        source: r.source.to_owned(),
    }
}
