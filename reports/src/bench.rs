//! The benchmark's pages (`fairshard bench`): the statistics per class and solver as tables,
//! the cross-solver checks, and the performance profiles of time and quality as small
//! multiples (one figure per class and measure, at most [`MAX_SERIES`] solvers each).

use crate::chart::{Axis, Chart, Legend, Mark, Series};
use crate::figures::Figure;
use crate::text::Block;
use fairshard_results::bench::{
    BenchCellRow, BenchCheckRow, BenchProfileRow, BenchStatRow, ORIGIN_PUBLISHED, QUALITY_FAIL, QUALITY_FLOOR,
};

/// Most solvers drawn in one profile; the others are named in the caption.
pub const MAX_SERIES: usize = 6;

/// The classes of `stats`, in file order (the suite's), `all` last.
fn classes(stats: &[BenchStatRow]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for s in stats {
        if !out.contains(&s.class) {
            out.push(s.class.clone());
        }
    }
    out
}

/// The solvers of a class to draw: the virtual best aside, the most proven first, then the
/// most often best, then the smaller time mean; at most [`MAX_SERIES`].
fn leaders(stats: &[BenchStatRow], class: &str) -> (Vec<String>, Vec<String>) {
    let mut rows: Vec<&BenchStatRow> = stats
        .iter()
        .filter(|s| s.class == class && s.solver != "virtual-best")
        .collect();
    rows.sort_by(|a, b| {
        (b.proven, b.best)
            .cmp(&(a.proven, a.best))
            .then(
                a.sgm_time_s
                    .unwrap_or(f64::INFINITY)
                    .total_cmp(&b.sgm_time_s.unwrap_or(f64::INFINITY)),
            )
            .then(a.solver.cmp(&b.solver))
    });
    let ids: Vec<String> = rows.iter().map(|s| s.solver.clone()).collect();
    let (shown, rest) = ids.split_at(ids.len().min(MAX_SERIES));
    (shown.to_vec(), rest.to_vec())
}

/// A profile's steps as a staircase from tau = 1 to `end`.
fn staircase(steps: &[(f64, f64)], end: f64) -> Vec<(f64, f64)> {
    let mut pts = vec![(1.0, 0.0)];
    let mut rho = 0.0;
    for &(tau, r) in steps {
        let tau = tau.max(1.0);
        pts.push((tau, rho));
        pts.push((tau, r));
        rho = r;
    }
    pts.push((end.max(1.0), rho));
    pts
}

/// The profile figures: per class, time then quality.
pub fn figures(stats: &[BenchStatRow], profiles: &[BenchProfileRow]) -> Vec<Figure> {
    let mut out = Vec::new();
    let suite_limit = stats.iter().find_map(|s| s.time_limit_s);
    for class in classes(stats) {
        let (shown, rest) = leaders(stats, &class);
        let instances = stats.iter().find(|s| s.class == class).map_or(0, |s| s.instances);
        for measure in ["time", "quality"] {
            let rows: Vec<&BenchProfileRow> = profiles
                .iter()
                .filter(|p| p.class == class && p.measure == measure)
                .collect();
            if rows.is_empty() {
                continue;
            }
            let end = rows.iter().map(|p| p.tau).fold(1.0, f64::max) * 2.0;
            let series: Vec<Series> = shown
                .iter()
                .enumerate()
                .map(|(i, solver)| {
                    let steps: Vec<(f64, f64)> = rows
                        .iter()
                        .filter(|p| &p.solver == solver)
                        .map(|p| (p.tau, p.rho))
                        .collect();
                    Series {
                        name: solver.clone(),
                        points: staircase(&steps, end),
                        mark: Mark::Line,
                        color: i,
                    }
                })
                .collect();
            let slug: String = class
                .chars()
                .map(|c| if c.is_ascii_alphanumeric() { c } else { '_' })
                .collect();
            let (what, x) = match measure {
                "time" => (
                    format!(
                        "time to a proof (build + solve, one thread; a run not proven within its limit of {} never \
                         counts)",
                        suite_limit.map_or("-".to_owned(), |l| format!("{l} s"))
                    ),
                    "tau: time / best time (log)",
                ),
                _ => (
                    format!(
                        "quality: gamma - 1 reached over the best any solver found on the instance (both at least \
                         {QUALITY_FLOOR:e}; instances where no solver found a partition are left out)"
                    ),
                    "tau: (gamma - 1) / best (gamma - 1) (log)",
                ),
            };
            let left_out = if rest.is_empty() {
                String::new()
            } else {
                format!(
                    " Not drawn (fewer proofs or wins): {}; their rows are in the statistics table.",
                    rest.join(", ")
                )
            };
            out.push(Figure {
                chart: Chart {
                    name: format!("bench_profile_{measure}_{slug}"),
                    title: format!("Performance profile, {measure}: class {class} ({instances} instances)"),
                    x: Axis::log(x),
                    y: Axis {
                        range: Some((0.0, 1.0)),
                        ..Axis::linear("share of instances within tau of the best")
                    },
                    series,
                    legend: Legend::LowerRight,
                },
                caption: format!(
                    "Dolan-More performance profile of {what} on class {class}: each solver's curve is the share of \
                     the class's {instances} instances on which it is within a factor tau of the best solver; the \
                     value at tau = 1 is the share it is best on, the height at the right the share it solves at \
                     all.{left_out}"
                ),
            });
        }
    }
    out
}

fn num(v: Option<f64>, digits: usize) -> String {
    v.map_or("-".to_owned(), |v| format!("{v:.digits$}"))
}

/// The statistics tables (one per class) and the checks.
pub fn blocks(suite: Option<&str>, stats: &[BenchStatRow], checks: &[BenchCheckRow]) -> Vec<Block> {
    if stats.is_empty() {
        return Vec::new();
    }
    let limit = stats.iter().find_map(|s| s.time_limit_s);
    let shift = stats.first().map_or(0.0, |s| s.time_shift_s);
    let mut b = vec![
        Block::Heading(format!("Benchmark: suite {}", suite.unwrap_or("?"))),
        Block::Para(format!(
            "Every instance of the suite with every solver that accepts its target, one thread per run, a time limit \
             of {} per run. Per class and solver: runs made; proven (optimal or infeasible with a proof); runs without \
             a partition; sgm time, the shifted geometric mean (shift {shift} s) of the time to a proof, every run \
             not proven (or not made) counted at the limit; quality, the geometric mean of the ratio of the solver's \
             gamma - 1 to the best any solver found (a run without a partition counted at {QUALITY_FAIL:e}); gap, the \
             mean relative gap to the solver's own certified bound (0 when proven, 1 without a bound); best, the \
             instances where it reached the best value found; flagged, its rows contradicted by another solver's \
             (below). virtual-best takes the best of all solvers on each instance. The CSV files bench_stats, \
             bench_pairs (wins, ties, losses of each pair), bench_profiles and bench_checks hold every number.",
            limit.map_or("none".to_owned(), |l| format!("{l} s"))
        )),
    ];
    for class in classes(stats) {
        let rows: Vec<Vec<String>> = stats
            .iter()
            .filter(|s| s.class == class)
            .map(|s| {
                vec![
                    s.solver.clone(),
                    s.runs.to_string(),
                    s.proven.to_string(),
                    (s.runs - s.with_partition.min(s.runs)).to_string(),
                    num(s.sgm_time_s, 3),
                    num(s.sgm_quality, 3),
                    num(s.mean_gap, 4),
                    s.best.to_string(),
                    s.contradictions.to_string(),
                ]
            })
            .collect();
        let instances = stats.iter().find(|s| s.class == class).map_or(0, |s| s.instances);
        b.push(Block::Para(format!("Class {class}: {instances} instances.")));
        b.push(Block::table(
            &[
                "solver",
                "runs",
                "proven",
                "no partition",
                "sgm time (s)",
                "quality",
                "gap",
                "best",
                "flagged",
            ],
            rows,
        ));
    }
    let contradictions: Vec<&BenchCheckRow> = checks.iter().filter(|c| !c.issue.starts_with("overran")).collect();
    let overruns = checks.len() - contradictions.len();
    b.push(Block::Para(if checks.is_empty() {
        "Checks: every certified bound was checked against the best partition any solver found on the same \
         instance and target, every optimal and infeasible claim against every other solver's partitions: no row \
         contradicts another, and no run overran its time limit."
            .to_owned()
    } else {
        format!(
            "Checks: every certified bound was checked against the best partition any solver found on the same \
             instance and target, every optimal and infeasible claim against every other solver's partitions. {} rows \
             are contradicted and {overruns} runs overran their time limit (by more than a tenth of it plus one \
             second); they are listed below (all of them in bench_checks.csv).",
            contradictions.len()
        )
    }));
    if !checks.is_empty() {
        let rows: Vec<Vec<String>> = checks
            .iter()
            .take(40)
            .map(|c| vec![c.instance.clone(), c.solver.clone(), c.status.clone(), c.issue.clone()])
            .collect();
        b.push(Block::table(&["instance", "solver", "status", "issue"], rows));
    }
    b
}

/// Most measured solvers in the per-cell table (the first in the file's order).
pub const MAX_CELL_SOLVERS: usize = 4;

/// The per-cell table (`bench_cells.csv`) of the classes with published times: one row per
/// (n, m, target), per measured solver `proven/instances, mean s`, and the published means.
pub fn cell_blocks(cells: &[BenchCellRow]) -> Vec<Block> {
    let published = |c: &BenchCellRow| c.origin == ORIGIN_PUBLISHED;
    let mut classes: Vec<&str> = Vec::new();
    for c in cells.iter().filter(|c| published(c)) {
        if !classes.contains(&c.class.as_str()) {
            classes.push(&c.class);
        }
    }
    let mut b = Vec::new();
    for class in classes {
        let rows_of: Vec<&BenchCellRow> = cells.iter().filter(|c| c.class == class).collect();
        let mut solvers: Vec<&str> = Vec::new();
        for c in rows_of.iter().filter(|c| !published(c)) {
            if !solvers.contains(&c.solver.as_str()) && solvers.len() < MAX_CELL_SOLVERS {
                solvers.push(&c.solver);
            }
        }
        let mut keys: Vec<(usize, usize, &str)> = Vec::new();
        for c in &rows_of {
            let k = (c.n, c.m, c.target.as_str());
            if !keys.contains(&k) {
                keys.push(k);
            }
        }
        let rows: Vec<Vec<String>> = keys
            .iter()
            .map(|&(n, m, target)| {
                let here: Vec<&&BenchCellRow> = rows_of
                    .iter()
                    .filter(|c| (c.n, c.m, c.target.as_str()) == (n, m, target))
                    .collect();
                let mut row = vec![n.to_string(), m.to_string(), target.to_owned()];
                for s in &solvers {
                    row.push(
                        here.iter()
                            .find(|c| !published(c) && c.solver == *s)
                            .map_or("-".to_owned(), |c| {
                                format!("{}/{}, {}", c.proven.unwrap_or(0), c.instances, num(c.mean_time_s, 3))
                            }),
                    );
                }
                let refs: Vec<String> = here
                    .iter()
                    .filter(|c| published(c))
                    .map(|c| {
                        let short = c.solver.split_whitespace().next().unwrap_or("");
                        format!("{short} {}", num(c.mean_time_s, 3))
                    })
                    .collect();
                row.push(if refs.is_empty() {
                    "-".to_owned()
                } else {
                    refs.join(", ")
                });
                row
            })
            .collect();
        let mut header: Vec<&str> = vec!["n", "m", "target"];
        header.extend(solvers.iter().copied());
        header.push("published mean (s)");
        let source = cells
            .iter()
            .find(|c| c.class == class && published(c))
            .map_or("", |c| c.source.as_str());
        b.push(Block::Para(format!(
            "Class {class} per cell, as the number-partitioning literature reports it: for each solver, the \
             instances proven of the cell's instances and the arithmetic mean time (s) over all of them, an unproven \
             run counted at the time limit; then the mean times published for other exact methods on cells of the \
             same kind (makespan only): {source}. Those are other instances of the same generator, timed on other \
             hardware (CPU seconds): compare orders of magnitude. bench_cells.csv holds every number and the \
             largest times."
        )));
        b.push(Block::table(&header, rows));
    }
    b
}

#[cfg(test)]
mod tests {
    use super::*;

    fn stat(class: &str, solver: &str, proven: usize) -> BenchStatRow {
        BenchStatRow {
            class: class.into(),
            solver: solver.into(),
            instances: 10,
            runs: 10,
            proven,
            with_partition: 10,
            time_limited: 10 - proven,
            overran: 0,
            errors: 0,
            time_limit_s: Some(2.0),
            time_shift_s: 1.0,
            sgm_time_s: Some(1.0),
            sgm_quality: Some(1.0),
            mean_gap: Some(0.0),
            best: proven,
            contradictions: 0,
        }
    }

    /// At most six solvers per panel, the most proven first; the rest named in the caption.
    #[test]
    fn a_panel_draws_at_most_six_solvers_and_names_the_rest() {
        let stats: Vec<BenchStatRow> = (0..8).map(|i| stat("c", &format!("s{i}"), i)).collect();
        let profiles: Vec<BenchProfileRow> = (0..8)
            .map(|i| BenchProfileRow {
                class: "c".into(),
                measure: "time".into(),
                solver: format!("s{i}"),
                tau: 1.0 + i as f64,
                rho: 0.5,
            })
            .collect();
        let figs = figures(&stats, &profiles);
        assert_eq!(figs.len(), 1);
        let names: Vec<&str> = figs[0].chart.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names, ["s7", "s6", "s5", "s4", "s3", "s2"]);
        assert!(figs[0].caption.contains("s1, s0"), "{}", figs[0].caption);
        // Distinct colours.
        let mut colours: Vec<usize> = figs[0].chart.series.iter().map(|s| s.color).collect();
        colours.dedup();
        assert_eq!(colours.len(), 6);
    }

    #[test]
    fn a_staircase_rises_at_each_step() {
        assert_eq!(
            staircase(&[(1.0, 0.5), (3.0, 1.0)], 6.0),
            vec![(1.0, 0.0), (1.0, 0.0), (1.0, 0.5), (3.0, 0.5), (3.0, 1.0), (6.0, 1.0)]
        );
    }

    fn cell(solver: &str, origin: &str, m: usize, proven: Option<usize>, mean: f64) -> BenchCellRow {
        BenchCellRow {
            class: "uniform-mnp".into(),
            n: 40,
            m,
            target: "makespan".into(),
            solver: solver.into(),
            origin: origin.into(),
            instances: if origin == "published" { 100 } else { 10 },
            runs: 10,
            proven,
            mean_time_s: Some(mean),
            max_time_s: None,
            source: if origin == "published" {
                "their files".into()
            } else {
                String::new()
            },
        }
    }

    #[test]
    fn the_cell_table_puts_published_times_beside_the_measured_ones() {
        let cells = vec![
            cell("heur/complete", "measured", 3, Some(10), 0.25),
            cell("heur/kk", "measured", 3, Some(2), 8.0),
            cell("CIW (Schreiber and Korf, AAAI 2014)", "published", 3, None, 0.2121),
            cell("heur/complete", "measured", 4, Some(9), 1.5),
        ];
        let b = cell_blocks(&cells);
        assert_eq!(b.len(), 2, "a caption and a table");
        let Block::Para(caption) = &b[0] else {
            panic!("a caption first")
        };
        assert!(caption.contains("their files") && caption.contains("uniform-mnp"));
        let Block::Table(t) = &b[1] else {
            panic!("then the table")
        };
        assert_eq!(
            t.header,
            ["n", "m", "target", "heur/complete", "heur/kk", "published mean (s)"]
        );
        assert_eq!(
            t.rows[0],
            ["40", "3", "makespan", "10/10, 0.250", "2/10, 8.000", "CIW 0.212"]
        );
        assert_eq!(t.rows[1], ["40", "4", "makespan", "9/10, 1.500", "-", "-"]);
        // A suite without published times has no such table.
        assert!(cell_blocks(&cells[..2]).is_empty());
    }
}
