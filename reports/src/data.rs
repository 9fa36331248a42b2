//! Reading a results folder: the run rows of each experiment, Fig. 1's data file and the
//! protocol experiments' rows, through [`fairshard_results`] (file names and row types shared
//! with the writer). An absent file is an experiment that was not run: no rows. The manifest
//! is [`fairshard_results::Manifest::read`]. Nothing here runs a solver.

use fairshard_harness::protocol::RoundRecord;
/// The protocol experiments' rows, by the role they play in the report.
pub use fairshard_harness::protocol::{CaptureRow as Capture, CommitteeRow as Committees, FairnessRow as Share};
use fairshard_harness::{RunRecord, Status};
/// One contract of Fig. 1's data file.
pub use fairshard_results::Fig1Row as Contract;
use fairshard_results::{FileError, Folder, files, read_rows_if_present};
use std::path::Path;

/// The rows of experiment `id`'s solver sweep (`dir/ID.csv`), or none when the file is absent.
pub fn runs(dir: &Path, id: &str) -> Result<Vec<RunRecord>, FileError> {
    read_rows_if_present(&Folder(dir).csv(id))
}

/// Fig. 1's data, or none when absent.
pub fn contracts(dir: &Path) -> Result<Vec<Contract>, FileError> {
    read_rows_if_present(&Folder(dir).csv(files::FIG1))
}

/// What each dataset of Figs. 2-3 is made of (`data.csv`), or none when absent.
pub fn datasets(dir: &Path) -> Result<Vec<fairshard_results::DatasetRow>, FileError> {
    read_rows_if_present(&Folder(dir).csv(files::DATA))
}

/// The protocol round's speedup rows (one [`RoundRecord`] per round), or none when absent.
pub fn rounds(dir: &Path) -> Result<Vec<RoundRecord>, FileError> {
    read_rows_if_present(&Folder(dir).csv(files::SPEEDUP))
}

/// The committee capture rows, or none when absent.
pub fn captures(dir: &Path) -> Result<Vec<Capture>, FileError> {
    read_rows_if_present(&Folder(dir).csv(files::CAPTURE))
}

/// The committee size rows, or none when absent.
pub fn committees(dir: &Path) -> Result<Vec<Committees>, FileError> {
    read_rows_if_present(&Folder(dir).csv(files::COMMITTEES))
}

/// The long-term fairness rows, or none when absent.
pub fn shares(dir: &Path) -> Result<Vec<Share>, FileError> {
    read_rows_if_present(&Folder(dir).csv(files::FAIRNESS))
}

/// Does the row carry a partition within its caps? A run stopped by the time limit counts
/// when its incumbent meets the caps (it is a valid point, only not proven best).
pub fn feasible(r: &RunRecord) -> bool {
    let within = |g: Option<f64>, cap: Option<f64>| match (g, cap) {
        (Some(g), Some(c)) => g <= c * (1.0 + fairshard_harness::CAP_TOLERANCE),
        (Some(g), None) => g.is_finite(),
        (None, _) => false,
    };
    let finite = r.gamma1.is_some_and(f64::is_finite) && r.gamma2.is_some_and(f64::is_finite);
    finite
        && match r.status {
            Status::Optimal | Status::Feasible | Status::GapLimit => true,
            Status::TimeLimit => within(r.gamma1, r.gamma1_cap) && within(r.gamma2, r.gamma2_cap),
            _ => false,
        }
}

/// The Pareto front of the (gamma1, gamma2) points of `rows` that are feasible: the
/// non-dominated points, by increasing gamma1 (excesses: gamma - 1).
pub fn front<'a>(rows: impl IntoIterator<Item = &'a RunRecord>) -> Vec<(f64, f64)> {
    front_rows(rows)
        .into_iter()
        .filter_map(|r| Some((r.gamma1_excess?, r.gamma2_excess?)))
        .collect()
}

/// The rows of [`front`]'s points, by increasing gamma1 (of rows with equal points, a
/// proven one).
pub fn front_rows<'a>(rows: impl IntoIterator<Item = &'a RunRecord>) -> Vec<&'a RunRecord> {
    let mut pts: Vec<(f64, f64, &RunRecord)> = rows
        .into_iter()
        .filter(|r| feasible(r))
        .filter_map(|r| Some((r.gamma1_excess?, r.gamma2_excess?, r)))
        .collect();
    pts.sort_by(|a, b| {
        a.0.total_cmp(&b.0)
            .then(a.1.total_cmp(&b.1))
            .then((b.2.status == Status::Optimal).cmp(&(a.2.status == Status::Optimal)))
    });
    let mut out: Vec<(f64, f64, &RunRecord)> = Vec::new();
    for p in pts {
        if out.last().is_none_or(|q| p.1 < q.1) {
            out.push(p);
        }
    }
    out.into_iter().map(|p| p.2).collect()
}

/// Distinct values of `key` over `rows`, in first-seen order.
pub fn distinct<R, T: PartialEq>(rows: &[R], key: impl Fn(&R) -> T) -> Vec<T> {
    let mut out = Vec::new();
    for r in rows {
        let k = key(r);
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// The benchmark's statistics (`bench_stats.csv`), if any.
pub fn bench_stats(dir: &Path) -> Result<Vec<fairshard_results::bench::BenchStatRow>, FileError> {
    read_rows_if_present(&Folder(dir).csv(files::BENCH_STATS))
}

/// The benchmark's performance profiles (`bench_profiles.csv`), if any.
pub fn bench_profiles(dir: &Path) -> Result<Vec<fairshard_results::bench::BenchProfileRow>, FileError> {
    read_rows_if_present(&Folder(dir).csv(files::BENCH_PROFILES))
}

/// The benchmark's flagged rows (`bench_checks.csv`), if any.
pub fn bench_checks(dir: &Path) -> Result<Vec<fairshard_results::bench::BenchCheckRow>, FileError> {
    read_rows_if_present(&Folder(dir).csv(files::BENCH_CHECKS))
}

/// The benchmark's per-cell table with published times (`bench_cells.csv`), if any.
pub fn bench_cells(dir: &Path) -> Result<Vec<fairshard_results::bench::BenchCellRow>, FileError> {
    read_rows_if_present(&Folder(dir).csv(files::BENCH_CELLS))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    pub(crate) fn row(g1: f64, g2: f64, status: Status) -> RunRecord {
        row_capped(g1, g2, status, "")
    }

    fn row_capped(g1: f64, g2: f64, status: Status, g1cap: &str) -> RunRecord {
        let text = format!(
            "experiment,dataset,instance,n,m,solver,target,gamma1_cap,gamma2_cap,seed,repetition,time_limit_s,time_limit_eff_s,threads,threads_eff,mip_gap_eff,status,raw_status,gamma1,gamma2,gamma1_excess,gamma2_excess,workload_diff,profit_diff,degenerate,objective,bound,gap,build_s,solve_s,solves,nodes,error\n\
             e,d,d,10,5,s,profit,{g1cap},,1,0,,,,,,{status},x,{},{},{g1},{g2},1.0,1.0,,{g2},,,0.0,0.0,0,0,\n",
            1.0 + g1,
            1.0 + g2
        );
        csv::Reader::from_reader(text.as_bytes())
            .deserialize()
            .next()
            .unwrap()
            .unwrap()
    }

    #[test]
    fn the_front_keeps_only_non_dominated_feasible_points() {
        let rows = [
            row(0.1, 0.5, Status::Feasible),
            row(0.2, 0.6, Status::Feasible), // dominated by the first
            row(0.3, 0.2, Status::Optimal),
            row(0.05, 0.01, Status::Error),  // not a partition within the caps
            row(0.3, 0.2, Status::Feasible), // duplicate
        ];
        assert_eq!(front(&rows), vec![(0.1, 0.5), (0.3, 0.2)]);
        // An incumbent stopped by the time limit counts only within its caps.
        assert!(feasible(&row_capped(0.2, 0.1, Status::TimeLimit, "1.25")));
        assert!(!feasible(&row_capped(0.3, 0.1, Status::TimeLimit, "1.25")));
    }
}
