//! The figures, built from result rows: each a [`Chart`] with its caption. The paper's
//! stated values appear as grey reference marks, labelled as the paper's.

use crate::chart::{Axis, Chart, Legend, Mark, REFERENCE, Series};
use crate::data::{Contract, distinct, feasible, front_rows};
use fairshard_harness::RunRecord;

use fairshard_harness::Status;

/// A chart with its caption, for the report.
#[derive(Clone, Debug)]
pub struct Figure {
    /// The chart.
    pub chart: Chart,
    /// What it shows and how it was made.
    pub caption: String,
}

impl Figure {
    /// A figure of status-marked series: the legend's key to the markers is added, exact
    /// zeros go to their marked row ([`Chart::mark_zeros`]) and the caption says so.
    fn marked(mut chart: Chart, mut caption: String) -> Self {
        let key = status_key(&chart.series);
        chart.series.extend(key);
        if chart.mark_zeros() {
            caption.push_str(
                " A log axis cannot show gamma - 1 = 0 (subsets exactly equal): such points are drawn on the row \
                 whose tick reads 0, one decade below the smallest positive value, not at their height.",
            );
        }
        Figure { chart, caption }
    }
}

/// The paper's stated values, quoted (Gao et al., ICPADS 2017, Sec. VI).
pub mod paper {
    /// Fig. 2a.
    pub const FIG2A: &str = "gamma1 near 1 once gamma2 is about 1.4 (m = 5, n = 100)";
    /// Fig. 3a.
    pub const FIG3A: &str = "gamma2 about 2 up to m = 15, near 20 at m = 30 (gamma1 <= 100)";
    /// Fig. 3b.
    pub const FIG3B: &str = "gamma1 slightly above 1 up to m = 8, near 25 at m = 30 (gamma2 <= 100)";
}

/// Fig. 1: normalised workload vs rate, the first 20 contracts marked.
pub fn fig1(contracts: &[Contract]) -> Option<Figure> {
    if contracts.is_empty() {
        return None;
    }
    let pts = |first: bool| {
        contracts
            .iter()
            .filter(|c| c.in_first20 == first)
            .map(|c| (c.workload_norm as f64, c.rate_norm as f64))
            .collect()
    };
    let chart = Chart {
        name: "fig1".into(),
        title: "Fig. 1: the 100 contracts, normalised (dao100@norm)".into(),
        x: Axis {
            range: Some((0.0, 1020.0)),
            ..Axis::linear("workload (gas), normalised: largest = 1000")
        },
        y: Axis {
            range: Some((0.0, 1020.0)),
            ..Axis::linear("rate (gas price), normalised: largest = 1000")
        },
        series: vec![
            Series {
                name: "contracts 21-100".into(),
                points: pts(false),
                mark: Mark::Points,
                color: 0,
            },
            Series {
                name: "first 20: the n = 20 instance (Fig. 2b)".into(),
                points: pts(true),
                mark: Mark::Crosses,
                color: 1,
            },
        ],
        legend: Legend::UpperLeft,
    };
    let mut distinct: Vec<(u64, u64)> = contracts.iter().map(|c| (c.workload_norm, c.rate_norm)).collect();
    distinct.sort_unstable();
    distinct.dedup();
    Some(Figure {
        chart,
        caption: format!(
            "The first 100 DAO-purchase transactions of 2016-05-28 (dao100): gas used and gas price, each scaled \
             linearly so that the largest is 1000 (x -> round(1000 x / max)), as the paper normalises. Crosses: the \
             first 20, the n = 20 instance of Fig. 2b. {} contracts, only {} distinct (workload, rate) pairs: \
             purchases of one contract cost similar gas, so marks overlap.",
            contracts.len(),
            distinct.len()
        ),
    })
}

/// One drawn point and what is known of it: proven optimal or not, and the certified lower
/// bound on its y value (the run's target) when not.
struct Shown {
    x: f64,
    y: f64,
    proven: bool,
    bound: Option<f64>,
}

impl Shown {
    /// The row's point at (x, y), with the row's status and bound.
    fn of(r: &RunRecord, x: f64, y: f64) -> Self {
        Shown {
            x,
            y,
            proven: r.status == Status::Optimal,
            bound: r.bound.filter(|b| b.is_finite() && *b < y),
        }
    }
}

/// A solver's points as series of one colour: a line through all of them (named `label`),
/// filled markers on the proven ones, open markers on the others with a bar down to their
/// certified bound. The line joins points of either status; the markers say which is which.
fn status_series(label: String, color: usize, pts: &[Shown]) -> Vec<Series> {
    let xy = |f: &dyn Fn(&Shown) -> bool| pts.iter().filter(|p| f(p)).map(|p| (p.x, p.y)).collect::<Vec<_>>();
    let bars: Vec<(f64, f64)> = pts
        .iter()
        .filter(|p| !p.proven)
        .filter_map(|p| Some([(p.x, p.bound?), (p.x, p.y)]))
        .flatten()
        .collect();
    let series = |name: String, points: Vec<(f64, f64)>, mark: Mark| Series {
        name,
        points,
        mark,
        color,
    };
    vec![
        series(label, xy(&|_| true), Mark::Path),
        series(String::new(), bars, Mark::Intervals),
        series(String::new(), xy(&|p| p.proven), Mark::Points),
        series(String::new(), xy(&|p| !p.proven), Mark::Open),
    ]
}

/// The legend's key to the markers (grey, no points): filled proven, open not proven.
fn status_key(series: &[Series]) -> Vec<Series> {
    let any = |mark: Mark| series.iter().any(|s| s.mark == mark && !s.points.is_empty());
    let mut out = Vec::new();
    if any(Mark::Points) {
        out.push(reference(
            "filled: proven optimal (the caption names the prover)",
            Vec::new(),
            Mark::Points,
        ));
    }
    if any(Mark::Open) {
        out.push(reference(
            "open: not proven; bar: down to its certified bound",
            Vec::new(),
            Mark::Open,
        ));
    }
    out
}

fn front_series(rows: &[&RunRecord], label: impl Fn(&RunRecord) -> String) -> Vec<Series> {
    let mut out = Vec::new();
    let keys = distinct(rows, |r| (r.dataset.clone(), r.solver.clone()));
    for (i, (dataset, solver)) in keys.iter().enumerate() {
        let cell: Vec<&RunRecord> = rows
            .iter()
            .copied()
            .filter(|r| &r.dataset == dataset && &r.solver == solver)
            .collect();
        let pts: Vec<Shown> = front_rows(cell.iter().copied())
            .into_iter()
            .filter_map(|r| Some(Shown::of(r, r.gamma1_excess?, r.gamma2_excess?)))
            .collect();
        if let Some(r) = cell.first() {
            let name = format!("{} ({} points)", label(r), pts.len());
            out.extend(status_series(name, i, &pts));
        }
    }
    out
}

/// A horizontal reference line at y over the x extent of `series`.
fn hline(series: &[Series], y: f64, name: &str) -> Series {
    let xs = series.iter().flat_map(|s| s.points.iter().map(|p| p.0));
    let lo = xs.clone().fold(f64::INFINITY, f64::min);
    let hi = xs.fold(f64::NEG_INFINITY, f64::max);
    let (lo, hi) = if lo.is_finite() { (lo, hi) } else { (1e-4, 1.0) };
    reference(name, vec![(lo, y), (hi, y)], Mark::Dashed)
}

fn grid_note(rows: &[&RunRecord]) -> String {
    let caps = distinct(rows, |r| r.gamma1_cap.map(|c| format!("{:.4}", c - 1.0)));
    let caps: Vec<String> = caps.into_iter().flatten().collect();
    format!(
        "Each point: minimise gamma2 subject to gamma1 <= 1 + e, e in {{{}}}; the line joins the non-dominated \
         points. {} Filled markers are proven optimal; open markers are not, with a bar down to the certified lower \
         bound on gamma2 - 1.",
        caps.join(", "),
        status_note(rows.iter().copied()),
    )
}

/// Fig. 2a: the fronts of m = 5, n = 100, per dataset (normalised, raw) and solver.
pub fn fig2a(rows: &[RunRecord]) -> Option<Figure> {
    let rows: Vec<&RunRecord> = rows.iter().collect();
    if rows.is_empty() {
        return None;
    }
    let mut series = front_series(&rows, |r| format!("{}, {}", r.solver, r.dataset));
    series.push(hline(&series, 0.4, "paper: gamma1 near 1 once gamma2 ~ 1.4"));
    Some(Figure::marked(
        Chart {
            name: "fig2a".into(),
            title: "Fig. 2a: Pareto fronts (gamma1, gamma2), m = 5".into(),
            x: Axis::log("gamma1 - 1 (workload max/min - 1)"),
            y: Axis::log("gamma2 - 1 (profit max/min - 1)"),
            series,
            legend: Legend::LowerLeft,
        },
        format!(
            "{} Paper (stated): {}; the dashed grey line marks gamma2 = 1.4.",
            grid_note(&rows),
            paper::FIG2A
        ),
    ))
}

/// Fig. 2b: the fronts of n = 100 (Fig. 2a's normalised rows) and n = 20.
pub fn fig2b(fig2a_rows: &[RunRecord], rows: &[RunRecord]) -> Option<Figure> {
    let rows: Vec<&RunRecord> = fig2a_rows
        .iter()
        .filter(|r| r.dataset == "dao100@norm")
        .chain(rows)
        .collect();
    if rows.is_empty() {
        return None;
    }
    let series = front_series(&rows, |r| format!("n = {}, {}", r.n, r.solver));
    Some(Figure::marked(
        Chart {
            name: "fig2b".into(),
            title: "Fig. 2b: Pareto fronts for n = 100 and n = 20, m = 5 (normalised)".into(),
            x: Axis::log("gamma1 - 1"),
            y: Axis::log("gamma2 - 1"),
            series,
            legend: Legend::LowerLeft,
        },
        format!(
            "n = 100: dao100@norm (Fig. 2a's rows); n = 20: dao100[:20]@norm, the first 20 contracts. {} No stated \
             value of the paper is quoted for Fig. 2b.",
            grid_note(&rows)
        ),
    ))
}

/// Per (dataset, solver): at each m, the best feasible row's `excess` (over repetitions),
/// with its status and bound, as status-marked series.
fn by_m(rows: &[RunRecord], excess: fn(&RunRecord) -> Option<f64>) -> Vec<Series> {
    distinct(rows, |r| (r.dataset.clone(), r.solver.clone()))
        .into_iter()
        .enumerate()
        .flat_map(|(i, (dataset, solver))| {
            let cell: Vec<&RunRecord> = rows
                .iter()
                .filter(|r| r.solver == solver && r.dataset == dataset)
                .collect();
            let mut best: Vec<(&RunRecord, f64)> = Vec::new();
            for r in cell.iter().copied().filter(|r| feasible(r)) {
                let Some(e) = excess(r) else { continue };
                match best.iter_mut().find(|b| b.0.m == r.m) {
                    Some(b) if e < b.1 || (e == b.1 && r.status == Status::Optimal) => *b = (r, e),
                    Some(_) => {}
                    None => best.push((r, e)),
                }
            }
            best.sort_by_key(|b| b.0.m);
            let pts: Vec<Shown> = best.iter().map(|(r, e)| Shown::of(r, r.m as f64, *e)).collect();
            status_series(format!("{solver}, {dataset}"), i, &pts)
        })
        .collect()
}

/// Per solver: how many runs ended how, and who proved the proven ones ("ilp/highs: 29 runs,
/// 25 optimal (20 by the value-class search, 5 by a proven relaxation), 4 time-limit").
fn status_note<'a>(rows: impl IntoIterator<Item = &'a RunRecord>) -> String {
    let rows: Vec<&RunRecord> = rows.into_iter().collect();
    let mut parts = Vec::new();
    for (dataset, solver) in distinct(&rows, |r| (r.dataset.clone(), r.solver.clone())) {
        let cell: Vec<&RunRecord> = rows
            .iter()
            .copied()
            .filter(|r| r.solver == solver && r.dataset == dataset)
            .collect();
        let mut counts = Vec::new();
        for status in distinct(&cell, |r| r.status) {
            let of: Vec<&RunRecord> = cell.iter().copied().filter(|r| r.status == status).collect();
            let mut text = format!("{} {status}", of.len());
            if status.is_proven() {
                let by: Vec<String> = distinct(&of, |r| r.proved_by)
                    .into_iter()
                    .map(|p| format!("{} by {}", of.iter().filter(|r| r.proved_by == p).count(), p.describe()))
                    .collect();
                text.push_str(&format!(" ({})", by.join(", ")));
            }
            counts.push(text);
        }
        parts.push(format!(
            "{solver} on {dataset}: {} runs, {}",
            cell.len(),
            counts.join(", ")
        ));
    }
    format!("{}.", parts.join("; "))
}

/// A Fig. 3 panel: the best `measure` (gamma1 or gamma2) per m, with the paper's values as
/// grey references.
struct Panel {
    name: &'static str,
    /// "gamma1" or "gamma2": what is minimised; the other one is capped.
    measure: &'static str,
    other: &'static str,
    excess: fn(&RunRecord) -> Option<f64>,
    references: Vec<Series>,
    paper: &'static str,
    reference_note: &'static str,
}

fn panel(rows: &[RunRecord], p: Panel) -> Option<Figure> {
    if rows.is_empty() {
        return None;
    }
    let mut series = by_m(rows, p.excess);
    series.extend(p.references);
    let (measure, other) = (p.measure, p.other);
    let datasets = distinct(rows, |r| r.dataset.clone()).join(", ");
    Some(Figure::marked(
        Chart {
            name: p.name.into(),
            title: format!(
                "Fig. {}: min {measure} vs m, {other} <= 100 (normalised data)",
                &p.name[3..]
            ),
            x: Axis::linear("m (subsets)"),
            y: Axis::log(&format!("min {measure} - 1")),
            series,
            legend: Legend::UpperLeft,
        },
        format!(
            "Minimise {measure} subject to {other} <= 100 on {datasets} for each m. {} Filled markers are proven \
             optimal; open markers are not, with a bar down to the certified lower bound. Paper (stated): {}. Grey: {}.",
            status_note(rows),
            p.paper,
            p.reference_note
        ),
    ))
}

fn reference(name: &str, points: Vec<(f64, f64)>, mark: Mark) -> Series {
    Series {
        name: name.to_owned(),
        points,
        mark,
        color: REFERENCE,
    }
}

/// Fig. 3a: min gamma2 with gamma1 <= 100, m = 2..30.
pub fn fig3a(rows: &[RunRecord]) -> Option<Figure> {
    panel(
        rows,
        Panel {
            name: "fig3a",
            measure: "gamma2",
            other: "gamma1",
            excess: |r| r.gamma2_excess,
            references: vec![
                reference(
                    "paper: gamma2 ~ 2 up to m = 15",
                    vec![(2.0, 1.0), (15.0, 1.0)],
                    Mark::Dashed,
                ),
                reference("paper: gamma2 ~ 20 at m = 30", vec![(30.0, 19.0)], Mark::Crosses),
            ],
            paper: paper::FIG3A,
            reference_note: "the paper's values (gamma2 - 1 = 1 and 19)",
        },
    )
}

/// Fig. 3b: min gamma1 with gamma2 <= 100, m = 2..30.
pub fn fig3b(rows: &[RunRecord]) -> Option<Figure> {
    panel(
        rows,
        Panel {
            name: "fig3b",
            measure: "gamma1",
            other: "gamma2",
            excess: |r| r.gamma1_excess,
            references: vec![reference(
                "paper: gamma1 ~ 25 at m = 30",
                vec![(30.0, 24.0)],
                Mark::Crosses,
            )],
            paper: paper::FIG3B,
            reference_note: "the paper's value at m = 30 (gamma1 - 1 = 24); 'slightly above 1' gives no number to draw",
        },
    )
}

/// A solver's family in the scaling figures: one line each.
pub fn family(solver: &str) -> &'static str {
    match solver {
        "heur/complete" => "exact search (heur/complete)",
        "heur/bi-lpt" => "bi-criteria LPT + annealing (heur/bi-lpt)",
        "heur/kk" => "differencing (heur/kk)",
        s if s.starts_with("ilp/") => "hybrid exact (ilp/*)",
        s if s.starts_with("mip/") => "MIP backends alone (mip/*)",
        s if s.starts_with("ext/") => "external solvers (ext/*)",
        _ => "greedy (heur/greedy, lpt, multifit)",
    }
}

/// The comparison's scaling on the synthetic instances (target workload, m = 5): time and
/// gamma1 - 1 against n, one line per solver family (the family's best member at each n);
/// which solver is best on which class, and how sure that is, is the benchmark's (its
/// performance profiles, per class).
pub fn compare(rows: &[RunRecord]) -> Vec<Figure> {
    let synth: Vec<&RunRecord> = rows
        .iter()
        .filter(|r| r.dataset.starts_with("lognormal") && r.m == 5 && r.target == "workload")
        .collect();
    if synth.is_empty() {
        return Vec::new();
    }
    let mut families: Vec<&'static str> = Vec::new();
    for r in &synth {
        let f = family(&r.solver);
        if !families.contains(&f) {
            families.push(f);
        }
    }
    let members = |f: &str| -> String {
        let mut ids: Vec<&str> = synth
            .iter()
            .filter(|r| family(&r.solver) == f)
            .map(|r| r.solver.as_str())
            .collect();
        ids.sort();
        ids.dedup();
        ids.join(", ")
    };
    let series = |value: &dyn Fn(&RunRecord) -> Option<f64>| -> Vec<Series> {
        families
            .iter()
            .enumerate()
            .map(|(i, f)| {
                let mut ns: Vec<usize> = synth.iter().filter(|r| family(&r.solver) == *f).map(|r| r.n).collect();
                ns.sort_unstable();
                ns.dedup();
                Series {
                    name: (*f).to_owned(),
                    points: ns
                        .into_iter()
                        .filter_map(|n| {
                            synth
                                .iter()
                                .filter(|r| family(&r.solver) == *f && r.n == n)
                                .filter_map(|r| value(r))
                                .min_by(f64::total_cmp)
                                .map(|v| (n as f64, v))
                        })
                        .collect(),
                    mark: Mark::Line,
                    color: i,
                }
            })
            .collect()
    };
    let listing: Vec<String> = families.iter().map(|f| format!("{f}: {}", members(f))).collect();
    let note = format!(
        "lognormal:n=N,seed=1 (gas ~ LogNormal(10.8, 1.5), real May-2016 prices), m = 5, target workload; one line \
         per solver family, its best member at each n (families: {}). Exact solvers run up to n = 1,000. Which solver \
         is best on which class of instances, with many seeds per class, is the benchmark's (its performance \
         profiles); every run is in the comparison table.",
        listing.join("; ")
    );
    vec![
        Figure {
            chart: Chart {
                name: "compare_time".into(),
                title: "Scaling: time vs n per solver family (synthetic, m = 5, workload)".into(),
                x: Axis::log("n (contracts)"),
                y: Axis::log("build + solve time (s), family's fastest"),
                series: series(&|r| Some(r.build_s + r.solve_s)),
                legend: Legend::UpperLeft,
            },
            caption: format!(
                "Wall-clock time measured by the harness (model build + solve), the fastest member of each family \
                 whatever its result; a run stopped by the time limit shows the limit. {note}"
            ),
        },
        Figure {
            chart: Chart {
                name: "compare_gamma".into(),
                title: "Scaling: gamma1 - 1 vs n per solver family (synthetic, m = 5, workload)".into(),
                x: Axis::log("n (contracts)"),
                y: Axis::log("gamma1 - 1, family's best"),
                series: series(&|r| r.gamma1_excess.filter(|e| e.is_finite() && *e > 0.0)),
                legend: Legend::LowerLeft,
            },
            caption: format!(
                "Workload balance reached, the best member of each family (gamma1 = 1 exactly is not drawn on the log axis). {note}"
            ),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::Proof;

    fn row(m: usize, status: Status, g2: f64, bound: Option<f64>) -> RunRecord {
        let mut r = crate::data::tests::row(0.5, g2, status);
        r.m = m;
        r.solver = "ilp/highs".into();
        r.target = "profit".into();
        r.gamma1_cap = Some(100.0);
        r.bound = bound;
        r.proved_by = if status == Status::Optimal {
            Proof::ValueClasses
        } else {
            Proof::None
        };
        r
    }

    fn marks(f: &Figure, mark: Mark) -> Vec<(f64, f64)> {
        f.chart
            .series
            .iter()
            .filter(|s| s.mark == mark && s.color != REFERENCE)
            .flat_map(|s| s.points.clone())
            .collect()
    }

    /// The scaling figures draw one line per solver family (its best member at each n), not
    /// one per solver and target: eleven solvers, two targets, six lines.
    #[test]
    fn scaling_draws_one_line_per_family() {
        let ids = [
            "heur/greedy",
            "heur/lpt",
            "heur/multifit",
            "heur/kk",
            "heur/bi-lpt",
            "heur/complete",
            "ilp/highs",
            "mip/highs",
            "mip/cbc",
            "mip/highs-paper",
            "mip/microlp",
        ];
        let mut rows = Vec::new();
        for (i, id) in ids.iter().enumerate() {
            for (n, target) in [(20, "workload"), (100, "workload"), (100, "balanced")] {
                let mut r = crate::data::tests::row(1e-3 * (i + 1) as f64, 1e-3, Status::Feasible);
                (r.solver, r.target, r.m, r.n) = ((*id).into(), target.into(), 5, n);
                r.dataset = format!("lognormal:n={n},seed=1");
                rows.push(r);
            }
        }
        let figs = compare(&rows);
        assert_eq!(figs.len(), 2);
        for f in &figs {
            let names: Vec<&str> = f.chart.series.iter().map(|s| s.name.as_str()).collect();
            assert_eq!(names.len(), 6, "{names:?}");
            let mut colours: Vec<usize> = f.chart.series.iter().map(|s| s.color).collect();
            colours.dedup();
            assert_eq!(colours.len(), 6);
        }
        // The greedy family's line is its best member's: heur/greedy's 1e-3.
        let greedy = figs[1]
            .chart
            .series
            .iter()
            .find(|s| s.name.starts_with("greedy"))
            .unwrap();
        assert_eq!(greedy.points, vec![(20.0, 1e-3), (100.0, 1e-3)]);
        assert!(
            figs[1]
                .caption
                .contains("mip/cbc, mip/highs, mip/highs-paper, mip/microlp")
        );
    }

    #[test]
    fn time_limited_points_are_open_with_their_bound_and_proven_ones_filled() {
        let rows = vec![
            row(2, Status::Optimal, 1e-6, Some(1e-6)),
            row(3, Status::TimeLimit, 1e-2, Some(1e-5)),
            row(4, Status::Optimal, 2e-6, Some(2e-6)),
        ];
        let f = fig3a(&rows).unwrap();
        assert_eq!(marks(&f, Mark::Points), vec![(2.0, 1e-6), (4.0, 2e-6)]);
        assert_eq!(marks(&f, Mark::Open), vec![(3.0, 1e-2)]);
        assert_eq!(marks(&f, Mark::Intervals), vec![(3.0, 1e-5), (3.0, 1e-2)]);
        // One line through all three.
        let line: Vec<&Series> = f.chart.series.iter().filter(|s| s.mark == Mark::Path).collect();
        assert_eq!(line.len(), 1);
        assert_eq!(line[0].points.len(), 3);
        // The key to the markers, and the counts with the proof's author in the caption.
        let names: Vec<&str> = f.chart.series.iter().map(|s| s.name.as_str()).collect();
        assert!(
            names.contains(&"filled: proven optimal (the caption names the prover)"),
            "{names:?}"
        );
        assert!(names.iter().any(|n| n.starts_with("open: not proven")), "{names:?}");
        assert!(
            f.caption
                .contains("ilp/highs on d: 3 runs, 2 optimal (2 by the value-class search), 1 time-limit"),
            "{}",
            f.caption
        );
        // The PDF and PNG draw it.
        assert!(crate::chart::svg(&f.chart).is_ok());
    }

    #[test]
    fn exact_zeros_go_to_a_marked_row_below_the_data() {
        let rows = vec![
            row(2, Status::Optimal, 3e-5, None),
            row(3, Status::Optimal, 0.0, None),
            row(4, Status::Optimal, 2e-3, None),
        ];
        let f = fig3a(&rows).unwrap();
        assert_eq!(f.chart.y.zero, Some(1e-6));
        assert_eq!(marks(&f, Mark::Points), vec![(2.0, 3e-5), (3.0, 1e-6), (4.0, 2e-3)]);
        assert!(f.caption.contains("tick reads 0"), "{}", f.caption);
        assert!(f.chart.series.iter().any(|s| s.name.starts_with("= 0")));
        // Without zeros nothing moves and nothing is said.
        let f = fig3a(&rows[..1]).unwrap();
        assert_eq!(f.chart.y.zero, None);
        assert!(!f.caption.contains("tick reads 0"));
    }
}
