//! The benchmark as an experiment: every instance of a suite (`fairshard bench --suite NAME`)
//! with every chosen solver that accepts its target, one [`RunRecord`] row per run in
//! `bench.csv` (appended as runs finish, resumed, sharded and merged like every sweep), the
//! instance index with content hashes, and, after each session and merge, the statistics
//! computed from the rows present ([`summarise_rows`]):
//!
//! - `bench_stats.csv`, per class (and `all`) and solver: runs, proven, with a partition,
//!   time-limited, overran, errors; the shifted geometric mean of the time to a proof (shift
//!   [`TIME_SHIFT_S`], every unproven or missing run at the time limit); the geometric mean of
//!   the ratio of the solver's gamma - 1 to the best any solver found (floor
//!   [`QUALITY_FLOOR`], a run without a partition at [`QUALITY_FAIL`]; instances where no
//!   solver found a partition are left out); the mean relative gap to the solver's own
//!   certified bound; instances where it is best; its contradicted rows. The solver
//!   `virtual-best` takes the best of all solvers on each instance.
//! - `bench_pairs.csv`: wins, ties and losses of each solver against each other on the value
//!   reached.
//! - `bench_profiles.csv`: Dolan-More performance profiles of time and quality, per class.
//! - `bench_cells.csv`: per cell (class, n, m, target) and solver, proven counts and the
//!   arithmetic mean and largest time, beside published times ([`super::cells`]).
//! - `bench_checks.csv`: every row another solver's row contradicts (a certified bound above a
//!   partition found, an `optimal` beaten, an `infeasible` with a partition found) and every
//!   run that overran its time limit by more than [`OVERRUN_GRACE`].

use super::export::IndexRow;
use super::stats::{Profile, Tolerance, pairwise, proven, shifted_geomean, shifted_geomean_time};
use super::suites::{BenchInstance, find};
use crate::config::Config;
use crate::experiment::Experiment;
use crate::point::{Point, key};
use crate::run::RunError;
use fairshard_harness::{Caps, RunRecord, Status};
use fairshard_results::bench::{
    BenchCellRow, BenchCheckRow, BenchPairRow, BenchProfileRow, BenchStatRow, QUALITY_FAIL, QUALITY_FLOOR,
};
use fairshard_results::{Folder, files, read_rows_if_present, write_rows};
use std::collections::HashMap;
use std::path::Path;

/// Shift of the time mean (s): the benchmark's limits are seconds, not Mittelmann's hours, so
/// his 10 s would flatten every difference; 1 s keeps a factor between 0.01 s and 1 s visible.
pub const TIME_SHIFT_S: f64 = 1.0;
/// A run overran its limit when its time exceeds the limit by more than this share of it plus
/// one second.
pub const OVERRUN_GRACE: f64 = 0.1;
/// Ties on the value reached: relative and absolute tolerance.
pub const TIE: Tolerance = Tolerance { abs: 1e-12, rel: 1e-9 };
/// Floor of a time ratio (s): times below it count as it.
pub const TIME_FLOOR_S: f64 = 1e-3;
/// The solver name of the virtual best row.
pub const VIRTUAL_BEST: &str = "virtual-best";

/// The benchmark experiment (see the module docs).
pub struct Bench;

/// The key of an instance (a point's key without the solver).
fn instance_key(spec: &str, m: usize, target: &str, caps: (Option<f64>, Option<f64>)) -> String {
    key(files::BENCH, spec, m, "", target, caps, 0)
}

fn of_instance(i: &BenchInstance) -> String {
    instance_key(
        &i.spec,
        i.m,
        i.target.target.as_str(),
        (i.target.caps.gamma1, i.target.caps.gamma2),
    )
}

fn of_row(r: &RunRecord) -> String {
    instance_key(&r.dataset, r.m, &r.target, (r.gamma1_cap, r.gamma2_cap))
}

/// Does `solver` accept the instance's target (and its caps, if any)?
fn accepts(solver: &str, i: &BenchInstance) -> bool {
    fairshard_solvers::get(solver).is_ok_and(|s| {
        let info = s.info();
        info.targets.contains(&i.target.target) && (i.target.caps == Caps::NONE || info.caps)
    })
}

impl Experiment for Bench {
    fn id(&self) -> &'static str {
        files::BENCH
    }
    fn title(&self) -> &'static str {
        "Solver benchmark over a named instance suite"
    }
    fn points(&self, config: &Config) -> Vec<Point> {
        let Some(plan) = &config.bench else {
            return Vec::new();
        };
        let Ok(suite) = find(&plan.suite) else {
            return Vec::new(); // `run_all` refuses an unknown suite before any run
        };
        let mut out = Vec::new();
        for i in suite.instances() {
            for solver in plan.solvers.iter().filter(|s| accepts(s, &i)) {
                out.push(Point {
                    experiment: files::BENCH.to_owned(),
                    dataset: i.spec.clone(),
                    m: i.m,
                    solver: solver.clone(),
                    target: i.target.target,
                    caps: i.target.caps,
                    repetition: 0,
                });
            }
        }
        out
    }
    fn write_data(&self, config: &Config, dir: &Path) -> Result<Vec<String>, RunError> {
        let Some(plan) = &config.bench else {
            return Ok(Vec::new());
        };
        let suite = find(&plan.suite).map_err(|e| RunError::Suite(Box::new(e)))?;
        let hashes = suite.hashes().map_err(|e| RunError::Suite(Box::new(e)))?;
        // The lines of `fairshard export --suite`'s index.csv (`file`: the data file it writes).
        let rows: Vec<IndexRow> = suite
            .instances()
            .iter()
            .map(|i| IndexRow::of(i, super::export::file_name(&i.spec), hashes[&i.spec].clone()))
            .collect();
        write_rows(&Folder(dir).csv(files::BENCH_INSTANCES), &rows)?;
        Ok(vec![files::csv_name(files::BENCH_INSTANCES)])
    }
    fn summarise(&self, config: &Config, dir: &Path) -> Result<Vec<String>, RunError> {
        let Some(plan) = &config.bench else {
            return Ok(Vec::new());
        };
        let suite = find(&plan.suite).map_err(|e| RunError::Suite(Box::new(e)))?;
        let rows: Vec<RunRecord> = read_rows_if_present(&Folder(dir).csv(files::BENCH))?;
        let limit = config.time_limit.map(|d| d.as_secs_f64());
        let s = summarise_rows(&suite.instances(), &plan.solvers, &rows, limit);
        let folder = Folder(dir);
        write_rows(&folder.csv(files::BENCH_STATS), &s.stats)?;
        write_rows(&folder.csv(files::BENCH_PAIRS), &s.pairs)?;
        write_rows(&folder.csv(files::BENCH_PROFILES), &s.profiles)?;
        write_rows(&folder.csv(files::BENCH_CHECKS), &s.checks)?;
        write_rows(&folder.csv(files::BENCH_CELLS), &s.cells)?;
        Ok([
            files::BENCH_STATS,
            files::BENCH_PAIRS,
            files::BENCH_PROFILES,
            files::BENCH_CHECKS,
            files::BENCH_CELLS,
        ]
        .map(files::csv_name)
        .to_vec())
    }
}

/// The benchmark's tables (see the module docs).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Summary {
    /// Per class and solver.
    pub stats: Vec<BenchStatRow>,
    /// Per class and ordered pair of solvers.
    pub pairs: Vec<BenchPairRow>,
    /// Per class, measure and solver: the profile's steps.
    pub profiles: Vec<BenchProfileRow>,
    /// Contradicted and overrunning rows.
    pub checks: Vec<BenchCheckRow>,
    /// Per cell (class, n, m, target) and solver, with published times ([`super::cells`]).
    pub cells: Vec<BenchCellRow>,
}

/// A run's value: gamma - 1 of its target, when it has a partition within the caps.
fn value(r: &RunRecord) -> Option<f64> {
    if matches!(r.status, Status::Error | Status::Infeasible) {
        return None;
    }
    r.objective.filter(|v| v.is_finite())
}

/// A run's time (build + solve, s).
fn time(r: &RunRecord) -> f64 {
    r.build_s + r.solve_s
}

/// Did the run overrun `limit` (by more than [`OVERRUN_GRACE`] of it plus one second)?
fn overran(r: &RunRecord, limit: Option<f64>) -> bool {
    limit.is_some_and(|l| time(r) > l * (1.0 + OVERRUN_GRACE) + 1.0)
}

/// The checks of one instance's rows against each other (see the module docs).
fn check(id: &str, rows: &[&RunRecord], limit: Option<f64>) -> Vec<BenchCheckRow> {
    let best = rows
        .iter()
        .filter_map(|r| value(r).map(|v| (v, r.solver.clone())))
        .min_by(|a, b| a.0.total_cmp(&b.0));
    let mut out = Vec::new();
    for r in rows {
        let mut flag = |issue: String, best: f64, best_solver: &str| {
            out.push(BenchCheckRow {
                instance: id.to_owned(),
                solver: r.solver.clone(),
                status: r.status.as_str().to_owned(),
                objective: r.objective,
                bound: r.bound,
                best,
                best_solver: best_solver.to_owned(),
                issue,
            });
        };
        if let Some((b, who)) = &best {
            let above = |x: f64| x > b + TIE.abs.max(TIE.rel * b.abs());
            if let Some(bound) = r.bound.filter(|&x| above(x)) {
                flag(
                    format!("certified bound {bound:e} above the partition {who} found ({b:e})"),
                    *b,
                    who,
                );
            }
            if r.status == Status::Optimal
                && let Some(v) = value(r).filter(|&v| above(v))
            {
                flag(format!("optimal claimed at {v:e}; {who} found {b:e}"), *b, who);
            }
            if r.status == Status::Infeasible {
                flag(format!("infeasible claimed; {who} found a partition ({b:e})"), *b, who);
            }
        }
        if overran(r, limit) {
            let (b, who) = best.clone().unwrap_or((f64::NAN, String::new()));
            flag(
                format!(
                    "overran its time limit: {:.2} s of {:.2} s",
                    time(r),
                    limit.unwrap_or(f64::NAN)
                ),
                b,
                &who,
            );
        }
    }
    out
}

/// The statistics of `rows` over the suite's `instances` for `solvers` (in that order), with
/// time limit `limit` (s) per run (see the module docs). Rows of other instances or solvers
/// are ignored; a missing run counts as a failure.
pub fn summarise_rows(
    instances: &[BenchInstance],
    solvers: &[String],
    rows: &[RunRecord],
    limit: Option<f64>,
) -> Summary {
    let mut by_instance: HashMap<String, HashMap<&str, &RunRecord>> = HashMap::new();
    for r in rows {
        by_instance.entry(of_row(r)).or_default().insert(r.solver.as_str(), r);
    }
    let mut summary = Summary::default();
    // Checks, instance by instance in suite order.
    for i in instances {
        if let Some(runs) = by_instance.get(&of_instance(i)) {
            let mut runs: Vec<&RunRecord> = runs.values().copied().collect();
            runs.sort_by(|a, b| a.solver.cmp(&b.solver));
            summary.checks.extend(check(&i.id(), &runs, limit));
        }
    }
    let contradicted: HashMap<(String, String), usize> = summary
        .checks
        .iter()
        .filter(|c| !c.issue.starts_with("overran"))
        .fold(HashMap::new(), |mut acc, c| {
            *acc.entry((c.instance.clone(), c.solver.clone())).or_default() += 1;
            acc
        });
    // Classes in suite order, then the whole suite.
    let mut classes: Vec<String> = Vec::new();
    for i in instances {
        if !classes.iter().any(|c| c == i.class) {
            classes.push(i.class.to_owned());
        }
    }
    classes.push("all".to_owned());
    let limit_or_worst = limit.unwrap_or_else(|| rows.iter().map(time).fold(0.0, f64::max));
    let runs_of = |i: &BenchInstance, s: &str| by_instance.get(&of_instance(i)).and_then(|m| m.get(s).copied());
    summary.cells = super::cells::cells(instances, solvers, &runs_of, &time, limit_or_worst);
    for class in &classes {
        let members: Vec<&BenchInstance> = instances
            .iter()
            .filter(|i| class == "all" || i.class == class)
            .collect();
        let runs: Vec<Vec<Option<&RunRecord>>> = members
            .iter()
            .map(|i| {
                let of = by_instance.get(&of_instance(i));
                solvers
                    .iter()
                    .map(|s| of.and_then(|m| m.get(s.as_str()).copied()))
                    .collect()
            })
            .collect();
        let active: Vec<usize> = (0..solvers.len())
            .filter(|&s| runs.iter().any(|row| row[s].is_some()))
            .collect();
        if active.is_empty() {
            continue;
        }
        let times: Vec<Vec<Option<f64>>> = runs
            .iter()
            .map(|row| {
                active
                    .iter()
                    .map(|&s| row[s].filter(|r| proven(r.status)).map(time))
                    .collect()
            })
            .collect();
        let values: Vec<Vec<Option<f64>>> = runs
            .iter()
            .map(|row| active.iter().map(|&s| row[s].and_then(value)).collect())
            .collect();
        // Quality over the instances where some solver found a partition.
        let solvable: Vec<Vec<Option<f64>>> = values
            .iter()
            .filter(|row| row.iter().any(Option::is_some))
            .cloned()
            .collect();
        let bests: Vec<f64> = solvable
            .iter()
            .map(|row| row.iter().flatten().copied().fold(f64::INFINITY, f64::min))
            .collect();
        let quality = |v: Option<f64>, best: f64| -> f64 {
            v.map_or(QUALITY_FAIL, |v| {
                super::stats::ratio(v, best, QUALITY_FLOOR).min(QUALITY_FAIL)
            })
        };
        let gap = |r: Option<&RunRecord>| -> f64 {
            match r {
                Some(r) if proven(r.status) => 0.0,
                Some(r) => match (value(r), r.bound) {
                    (Some(v), Some(b)) if v > 0.0 => ((v - b) / v).clamp(0.0, 1.0),
                    (Some(_), Some(_)) => 0.0,
                    _ => 1.0,
                },
                None => 1.0,
            }
        };
        let class_instances = members.len();
        for (k, &s) in active.iter().enumerate() {
            let col: Vec<Option<&RunRecord>> = runs.iter().map(|row| row[s]).collect();
            let present: Vec<&RunRecord> = col.iter().flatten().copied().collect();
            let q: Vec<f64> = solvable
                .iter()
                .zip(&bests)
                .map(|(row, &b)| quality(row[k], b))
                .collect();
            let gaps: Vec<f64> = col.iter().map(|r| gap(*r)).collect();
            summary.stats.push(BenchStatRow {
                class: class.clone(),
                solver: solvers[s].clone(),
                instances: class_instances,
                runs: present.len(),
                proven: present.iter().filter(|r| proven(r.status)).count(),
                with_partition: present.iter().filter(|r| value(r).is_some()).count(),
                time_limited: present.iter().filter(|r| r.status == Status::TimeLimit).count(),
                overran: present.iter().filter(|r| overran(r, limit)).count(),
                errors: present.iter().filter(|r| r.status == Status::Error).count(),
                time_limit_s: limit,
                time_shift_s: TIME_SHIFT_S,
                sgm_time_s: shifted_geomean_time(
                    &times.iter().map(|row| row[k]).collect::<Vec<_>>(),
                    limit_or_worst,
                    TIME_SHIFT_S,
                ),
                sgm_quality: shifted_geomean(&q, 0.0),
                mean_gap: (!gaps.is_empty()).then(|| gaps.iter().sum::<f64>() / gaps.len() as f64),
                best: solvable
                    .iter()
                    .zip(&bests)
                    .filter(|(row, b)| row[k].is_some_and(|v| TIE.ties(v, **b)))
                    .count(),
                contradictions: members
                    .iter()
                    .map(|i| contradicted.get(&(i.id(), solvers[s].clone())).copied().unwrap_or(0))
                    .sum(),
            });
        }
        // The virtual best solver: the best of all on each instance.
        let vb_times: Vec<Option<f64>> = times
            .iter()
            .map(|row| row.iter().flatten().copied().min_by(f64::total_cmp))
            .collect();
        let vb_gaps: Vec<f64> = runs
            .iter()
            .map(|row| active.iter().map(|&s| gap(row[s])).fold(1.0, f64::min))
            .collect();
        summary.stats.push(BenchStatRow {
            class: class.clone(),
            solver: VIRTUAL_BEST.to_owned(),
            instances: class_instances,
            runs: runs.iter().filter(|row| row.iter().any(Option::is_some)).count(),
            proven: vb_times.iter().flatten().count(),
            with_partition: solvable.len(),
            time_limited: 0,
            overran: 0,
            errors: 0,
            time_limit_s: limit,
            time_shift_s: TIME_SHIFT_S,
            sgm_time_s: shifted_geomean_time(&vb_times, limit_or_worst, TIME_SHIFT_S),
            sgm_quality: (!solvable.is_empty()).then_some(1.0),
            mean_gap: (!vb_gaps.is_empty()).then(|| vb_gaps.iter().sum::<f64>() / vb_gaps.len() as f64),
            best: solvable.len(),
            contradictions: 0,
        });
        // Pairs on the value reached.
        let table = pairwise(&values, TIE);
        for (a, row) in table.iter().enumerate() {
            for (b, wtl) in row.iter().enumerate().filter(|(b, _)| *b != a) {
                summary.pairs.push(BenchPairRow {
                    class: class.clone(),
                    solver: solvers[active[a]].clone(),
                    other: solvers[active[b]].clone(),
                    wins: wtl.wins,
                    ties: wtl.ties,
                    losses: wtl.losses,
                });
            }
        }
        // Profiles of time and quality.
        for (measure, table, floor) in [("time", &times, TIME_FLOOR_S), ("quality", &solvable, QUALITY_FLOOR)] {
            if table.is_empty() {
                continue;
            }
            let profile = Profile::new(table, floor);
            for (k, &s) in active.iter().enumerate() {
                for (tau, rho) in profile.steps(k) {
                    summary.profiles.push(BenchProfileRow {
                        class: class.clone(),
                        measure: measure.to_owned(),
                        solver: solvers[s].clone(),
                        tau,
                        rho,
                    });
                }
            }
        }
    }
    summary
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bench::find;
    use crate::run::{Instances, run_point};

    /// One real row of `heur/lpt` on the smoke suite's first instance, renamed `solver`, with
    /// the status, value, bound and time given.
    fn row(solver: &str, status: Status, objective: Option<f64>, bound: Option<f64>, time: f64) -> RunRecord {
        let suite = find("smoke").unwrap();
        let i = &suite.instances()[0];
        let point = Point {
            experiment: files::BENCH.into(),
            dataset: i.spec.clone(),
            m: i.m,
            solver: "heur/lpt".into(),
            target: i.target.target,
            caps: i.target.caps,
            repetition: 0,
        };
        let mut r = run_point(&point, &Config::new(true, 1), &mut Instances::default()).unwrap();
        r.solver = solver.into();
        r.status = status;
        r.objective = objective;
        r.bound = bound;
        (r.build_s, r.solve_s) = (0.0, time);
        r
    }

    /// The cross-solver checks flag a bound above a partition found, an `optimal` beaten, an
    /// `infeasible` with a partition found and an overrun; the statistics count proofs, take
    /// failures at the limit and the virtual best's best of all.
    #[test]
    fn contradictions_and_overruns_are_flagged_and_counted() {
        let suite = find("smoke").unwrap();
        let instances = &suite.instances()[..1];
        let solvers: Vec<String> = ["a", "b", "c", "d"].map(String::from).to_vec();
        let rows = vec![
            row("a", Status::Optimal, Some(0.5), Some(0.5), 0.5),
            row("b", Status::Feasible, Some(0.2), Some(0.1), 2.0),
            row("c", Status::Infeasible, None, None, 0.1),
            row("d", Status::TimeLimit, Some(0.3), Some(0.05), 10.0),
        ];
        let s = summarise_rows(instances, &solvers, &rows, Some(2.0));
        let issues: Vec<(&str, &str)> = s.checks.iter().map(|c| (c.solver.as_str(), c.issue.as_str())).collect();
        assert_eq!(issues.len(), 4, "{issues:?}");
        assert!(
            issues[0].0 == "a"
                && issues[0]
                    .1
                    .starts_with("certified bound 5e-1 above the partition b found")
        );
        assert!(issues[1].0 == "a" && issues[1].1.starts_with("optimal claimed"));
        assert!(issues[2].0 == "c" && issues[2].1.starts_with("infeasible claimed"));
        assert!(issues[3].0 == "d" && issues[3].1.starts_with("overran its time limit: 10.00 s of 2.00 s"));
        let stat = |solver: &str| {
            s.stats
                .iter()
                .find(|r| r.class == "dao100" && r.solver == solver)
                .unwrap()
        };
        assert_eq!((stat("a").proven, stat("a").contradictions), (1, 2));
        assert_eq!((stat("c").proven, stat("c").contradictions), (1, 1));
        assert_eq!((stat("d").overran, stat("d").contradictions), (1, 0));
        // b is best on the value. The statistics take proofs as recorded (the checks flag the
        // contradicted ones): a and c proved, b and d count at the limit.
        assert_eq!(stat("b").best, 1);
        assert!((stat("b").sgm_time_s.unwrap() - 2.0).abs() < 1e-12);
        assert!((stat("a").sgm_quality.unwrap() - 2.5).abs() < 1e-12);
        assert!((stat("c").sgm_quality.unwrap() / QUALITY_FAIL - 1.0).abs() < 1e-12);
        let vb = stat(VIRTUAL_BEST);
        assert_eq!((vb.proven, vb.best), (1, 1));
        assert!(
            (vb.sgm_time_s.unwrap() - 0.1).abs() < 1e-12,
            "the fastest proof: c's 0.1 s"
        );
        // Pairs: b beats everyone on the value; profiles exist for both measures.
        let wins = |a: &str, b: &str| {
            s.pairs
                .iter()
                .find(|p| p.class == "all" && p.solver == a && p.other == b)
                .unwrap()
                .wins
        };
        assert_eq!(
            (wins("b", "a"), wins("b", "c"), wins("b", "d"), wins("a", "b")),
            (1, 1, 1, 0)
        );
        assert!(
            s.profiles
                .iter()
                .any(|p| p.measure == "time" && p.solver == "c" && p.tau == 1.0 && p.rho == 1.0)
        );
        assert!(
            s.profiles
                .iter()
                .any(|p| p.measure == "quality" && p.solver == "b" && p.tau == 1.0)
        );
    }

    /// The per-cell table: proven counts, the mean with every unproven or missing run at the
    /// limit, the largest time, and the published times of a 48-bit makespan cell after it.
    #[test]
    fn cells_count_proofs_take_failures_at_the_limit_and_carry_published_times() {
        let suite = find("literature").unwrap();
        let all = suite.instances();
        let cell: Vec<BenchInstance> = all
            .iter()
            .filter(|i| (i.n, i.m, i.target) == (40, 3, crate::bench::BenchTarget::MAKESPAN))
            .cloned()
            .collect();
        assert_eq!(cell.len(), 10);
        let proven_row = row("a", Status::Optimal, Some(0.1), Some(0.1), 0.5);
        let stopped_row = row("a", Status::TimeLimit, Some(0.2), Some(0.1), 10.0);
        let runs_of = |i: &BenchInstance, _: &str| match i.seed {
            Some(s) if s <= 7 => Some(&proven_row),
            Some(8 | 9) => Some(&stopped_row),
            _ => None,
        };
        let seeds: Vec<u64> = cell.iter().filter_map(|i| i.seed).collect();
        assert_eq!(seeds, (1..=10).collect::<Vec<u64>>(), "the class's seeds are 1..=10");
        let rows = super::super::cells::cells(&cell, &["a".to_owned()], &runs_of, &time, 10.0);
        let measured = &rows[0];
        assert_eq!((measured.n, measured.m, measured.target.as_str()), (40, 3, "makespan"));
        assert_eq!((measured.instances, measured.runs, measured.proven), (10, 9, Some(7)));
        assert!(
            (measured.mean_time_s.unwrap() - 3.35).abs() < 1e-12,
            "(7 x 0.5 + 3 x 10) / 10"
        );
        assert_eq!(measured.max_time_s, Some(10.0));
        let published: Vec<&str> = rows[1..].iter().map(|r| r.origin.as_str()).collect();
        assert_eq!(published, ["published"; 3]);
        assert!(
            rows[1..]
                .iter()
                .all(|r| r.source.contains("ethanschreiber/number_partitioning"))
        );
    }

    /// The bench points: every instance with every solver that accepts its target and caps.
    #[test]
    fn points_skip_solvers_that_do_not_accept_the_target() {
        let mut config = Config::new(true, 1);
        config.bench = Some(crate::config::BenchPlan {
            suite: "smoke".into(),
            solvers: vec!["heur/lpt".into(), "heur/complete".into()],
        });
        let points = Bench.points(&config);
        let count = |s: &str| points.iter().filter(|p| p.solver == s).count();
        assert_eq!((count("heur/lpt"), count("heur/complete")), (3, 5));
        config.bench = None;
        assert!(Bench.points(&config).is_empty());
    }
}
