//! The protocol round's figures: speedup and efficiency vs m, capture probability vs
//! committee size (Theorem 3), committee sizes of RandomAssign's variants (Theorem 2) and
//! long-term fairness (Theorem 4), each with the paper's claim beside ours in its caption.

use crate::chart::{Axis, Chart, Legend, Mark, REFERENCE, Series};
use crate::data::{Capture, Committees, Share, distinct};
use crate::figures::Figure;
use fairshard_harness::protocol::RoundRecord;

/// The paper's claims, paraphrased (Gao et al., ICPADS 2017).
pub mod paper {
    /// Sec. V-VI: sharding the execution.
    pub const SPEEDUP: &str = "the speedup over serial execution is linear in m";
    /// Theorem 3.
    pub const CAPTURE: &str = "an attacker with a fraction lambda of the hash power holds at most (1 + eps) lambda of \
                               any committee with high probability";
    /// Theorem 2.
    pub const COMMITTEES: &str = "RandomAssign splits the l pseudonyms into m committees of equal size";
    /// Theorem 4.
    pub const FAIRNESS: &str = "in the long term each user's share of the rewards equals its share of the hash power";
}

/// Per dataset: (m, mean of `value` over the rounds) by increasing m.
fn mean_by_m(rows: &[RoundRecord], dataset: &str, value: fn(&RoundRecord) -> f64) -> Vec<(f64, f64)> {
    let mut ms = distinct(rows, |r| r.m);
    ms.sort_unstable();
    ms.into_iter()
        .filter_map(|m| {
            let v: Vec<f64> = rows
                .iter()
                .filter(|r| r.dataset == dataset && r.m == m)
                .map(value)
                .collect();
            (!v.is_empty()).then(|| (m as f64, v.iter().sum::<f64>() / v.len() as f64))
        })
        .collect()
}

fn at(points: &[(f64, f64)], x: f64) -> Option<f64> {
    points.iter().find(|p| p.0 == x).map(|p| p.1)
}

/// Speedup and efficiency vs m (two figures) of the first solver's rows; when the rows hold
/// more than one solver, also speedup vs m per solver on the largest data set and partition
/// time against speedup per (solver, data set, m).
pub fn speedup(rows: &[RoundRecord]) -> Vec<Figure> {
    let Some(first) = rows.first() else {
        return Vec::new();
    };
    let main: Vec<RoundRecord> = rows.iter().filter(|r| r.solver == first.solver).cloned().collect();
    let mut figs = speedup_of(&main);
    figs.push(security_of(&main));
    if distinct(rows, |r| r.solver.clone()).len() > 1 {
        figs.extend(per_solver(rows));
    }
    figs
}

/// Per m, over every data set and round of `rows` (one solver's): the mean number of
/// committees per round captured (the attacker at or above the threshold) and forged (their
/// majority signed a forged result), with the mean seats per committee, beside the speedup.
fn security_of(rows: &[RoundRecord]) -> Figure {
    let mut ms = distinct(rows, |r| r.m);
    ms.sort_unstable();
    let mean = |m: usize, value: fn(&RoundRecord) -> f64| {
        let v: Vec<f64> = rows.iter().filter(|r| r.m == m).map(value).collect();
        v.iter().sum::<f64>() / v.len().max(1) as f64
    };
    let line = |name: &str, value: fn(&RoundRecord) -> f64, color: usize| Series {
        name: name.into(),
        points: ms.iter().map(|&m| (m as f64, mean(m, value))).collect(),
        mark: Mark::Line,
        color,
    };
    let captured = line("captured committees per round", |r| r.captured as f64, 0);
    let forged = line("forged committees per round", |r| r.committees_forged as f64, 1);
    let empty = line("empty committees per round", |r| r.committees_empty as f64, 2);
    let max_m = ms.last().copied().unwrap_or(1);
    let r0 = &rows[0];
    let rounds = rows.iter().filter(|r| r.m == max_m).count();
    let total = |value: fn(&RoundRecord) -> usize| rows.iter().map(value).sum::<usize>();
    let caption = format!(
        "The same rounds as the speedup figure ({}'s; {rounds} rounds at each m over every data set): with l = {}          pool seats, m committees hold about l / m seats each ({:.1} at m = {max_m}), and an attacker with lambda =          {} of the hash power captures a committee when it holds at least {} of its seats. Per m, the mean          number of committees per round captured, forged (a majority signed a forged result, which the next          block does not record) and empty. Over all {} rounds: {} committees captured, {} forged, {} empty. More          committees buy speed with smaller committees, which an attacker captures more often (Theorem 3's bound          is for large committees). Data: speedup.csv (columns captured, committees_forged, committees_empty).",
        r0.solver,
        r0.l,
        r0.l as f64 / max_m as f64,
        r0.lambda,
        r0.threshold,
        rows.len(),
        total(|r| r.captured),
        total(|r| r.committees_forged),
        total(|r| r.committees_empty),
    );
    Figure {
        chart: Chart {
            name: "speedup_security".into(),
            title: "Protocol round: captured and forged committees vs m, beside the speedup".into(),
            x: Axis {
                range: Some((0.0, max_m as f64 + 1.0)),
                ..Axis::linear("m (committees = subsets)")
            },
            y: Axis::linear("committees per round (mean)"),
            series: vec![captured, forged, empty],
            legend: Legend::UpperLeft,
        },
        caption,
    }
}

/// The time model and crypto sentence shared by the per-solver captions.
fn crypto_note(rows: &[RoundRecord]) -> String {
    format!(
        "Time model: round = measured Partition (the solver's build + solve time) + measured RandomAssign + the \
         slowest committee's gas at {:.0e} gas/s + consensus ({:.2} s); serial = all gas at the same rate. The \
         round time leaves out the committees' signing, BLS aggregation and certificate verification, measured \
         at {:.3} s per round on average (column crypto_s).",
        fairshard_harness::protocol::TimeModel::default().gas_per_second,
        rows[0].consensus_s,
        rows.iter().map(|r| r.crypto_s).sum::<f64>() / rows.len() as f64,
    )
}

/// Speedup vs m per solver on the largest data set, and partition time (log x) against
/// speedup, one point per (solver, data set, m): the mean over its rounds.
fn per_solver(rows: &[RoundRecord]) -> Vec<Figure> {
    let solvers = distinct(rows, |r| r.solver.clone());
    let datasets = distinct(rows, |r| (r.dataset.clone(), r.n));
    let (big, n) = datasets.iter().max_by_key(|d| d.1).cloned().expect("rows");
    let max_m = rows.iter().map(|r| r.m).max().unwrap_or(1) as f64;
    let mut lines = Vec::new();
    let mut points = Vec::new();
    let mut ours = Vec::new();
    let mut absent = Vec::new();
    for (i, solver) in solvers.iter().enumerate() {
        let mine: Vec<RoundRecord> = rows.iter().filter(|r| &r.solver == solver).cloned().collect();
        let s = mean_by_m(&mine, &big, |r| r.speedup);
        if let Some(sp) = at(&s, max_m) {
            ours.push(format!("{solver}: {sp:.2}"));
        }
        if s.is_empty() {
            absent.push(solver.clone());
        } else {
            lines.push(Series {
                name: solver.clone(),
                points: s,
                mark: Mark::Line,
                color: i,
            });
        }
        let mut pts = Vec::new();
        for (dataset, _) in &datasets {
            let t = mean_by_m(&mine, dataset, |r| r.partition_s);
            let sp = mean_by_m(&mine, dataset, |r| r.speedup);
            pts.extend(t.iter().zip(&sp).map(|(t, s)| (t.1.max(1e-6), s.1)));
        }
        points.push(Series {
            name: solver.clone(),
            points: pts,
            mark: Mark::Points,
            color: i,
        });
    }
    let note = crypto_note(rows);
    let names = solvers.join(", ");
    vec![
        Figure {
            chart: Chart {
                name: "speedup_solvers".into(),
                title: format!("Protocol round: speedup vs m per solver ({big}, n = {n})"),
                x: Axis {
                    range: Some((0.0, max_m + 1.0)),
                    ..Axis::linear("m (committees = subsets)")
                },
                y: Axis::linear("speedup (serial time / round time)"),
                series: lines,
                legend: Legend::UpperLeft,
            },
            caption: format!(
                "Speedup = serial time / round time vs m on {big} (n = {n}), one line per solver ({names}), each \
                 partitioning inside the round, so its measured Partition time counts in the round. {note} Ours \
                 at m = {max_m}: {}.{} Data: speedup.csv (columns solver, speedup, partition_s).",
                ours.join("; "),
                if absent.is_empty() {
                    String::new()
                } else {
                    format!(" Not run on this data set: {}.", absent.join(", "))
                },
            ),
        },
        Figure {
            chart: Chart {
                name: "partition_speedup".into(),
                title: "Protocol round: partition time against speedup per solver".into(),
                x: Axis::log("Partition time per round (s, log)"),
                y: Axis::linear("speedup (serial time / round time)"),
                series: points,
                legend: Legend::UpperRight,
            },
            caption: format!(
                "One point per (solver, data set, m): the mean measured Partition time of its rounds (x, log; \
                 drawn at 1e-6 s at least) against their mean speedup (y), coloured by solver ({names}). A \
                 slower solver pays its Partition time in every round. {note} Data: speedup.csv."
            ),
        },
    ]
}

fn speedup_of(rows: &[RoundRecord]) -> Vec<Figure> {
    let datasets = distinct(rows, |r| (r.dataset.clone(), r.n));
    let max_m = rows.iter().map(|r| r.m).max().unwrap_or(1) as f64;
    let rounds = rows
        .iter()
        .filter(|r| r.dataset == datasets[0].0 && r.m == rows[0].m)
        .count();
    let mut speed = Vec::new();
    let mut eff = Vec::new();
    let (mut ours, mut ours_eff) = (Vec::new(), Vec::new());
    for (i, (dataset, n)) in datasets.iter().enumerate() {
        let s = mean_by_m(rows, dataset, |r| r.speedup);
        let e = mean_by_m(rows, dataset, |r| r.efficiency);
        let serial = rows.iter().find(|r| &r.dataset == dataset).map_or(0.0, |r| r.serial_s);
        if let (Some(sp), Some(ef)) = (at(&s, max_m), at(&e, max_m)) {
            ours.push(format!("{dataset} (n = {n}, serial {serial:.3} s): speedup {sp:.2}"));
            let first = at(&e, 1.0).map_or(String::new(), |e1| format!(" (at m = 1: {e1:.3})"));
            ours_eff.push(format!("{dataset} (n = {n}): efficiency {ef:.3}{first}"));
        }
        let name = format!("{dataset} (n = {n})");
        speed.push(Series {
            name: name.clone(),
            points: s,
            mark: Mark::Line,
            color: i,
        });
        eff.push(Series {
            name,
            points: e,
            mark: Mark::Line,
            color: i,
        });
    }
    speed.push(Series {
        name: "ideal: speedup = m (paper: linear in m)".into(),
        points: vec![(1.0, 1.0), (max_m, max_m)],
        mark: Mark::Dashed,
        color: REFERENCE,
    });
    eff.push(Series {
        name: "ideal: efficiency = 1".into(),
        points: vec![(1.0, 1.0), (max_m, 1.0)],
        mark: Mark::Dashed,
        color: REFERENCE,
    });
    let r0 = &rows[0];
    let setup = format!(
        "Each point: the mean over {rounds} protocol rounds (Algorithm 1 end to end: Partition by {} on the \
         instance, RandomAssign ({}) of l = {} pool seats, execution with BLS certificates, the next block), \
         lambda = {}. Time model: round = measured Partition + measured RandomAssign + the slowest committee's \
         gas at {:.0e} gas/s (the harness's default time model) + consensus ({:.2} s); serial = all gas at the \
         same rate. The round time leaves out the committees' signing, BLS aggregation and certificate \
         verification, which are measured ({:.3} s per round on average, {:.3} s at most; column crypto_s) but \
         stand in for the fixed consensus time of the model.",
        r0.solver,
        r0.assign,
        r0.l,
        r0.lambda,
        fairshard_harness::protocol::TimeModel::default().gas_per_second,
        r0.consensus_s,
        rows.iter().map(|r| r.crypto_s).sum::<f64>() / rows.len() as f64,
        rows.iter().map(|r| r.crypto_s).fold(0.0, f64::max),
    );
    // Where the fixed consensus time caps the speedup below m: serial / consensus < m.
    let capped: Vec<String> = datasets
        .iter()
        .filter_map(|(d, _)| rows.iter().find(|r| &r.dataset == d))
        .filter(|r| r.consensus_s > 0.0 && r.serial_s / r.consensus_s < max_m)
        .map(|r| {
            format!(
                "on {} the serial block takes {:.3} s, so the fixed consensus time ({:.2} s) dominates and the \
                 speedup cannot exceed serial / consensus = {:.2}",
                r.dataset,
                r.serial_s,
                r.consensus_s,
                r.serial_s / r.consensus_s
            )
        })
        .collect();
    let capped = if capped.is_empty() {
        String::new()
    } else {
        format!("; {}", capped.join("; "))
    };
    let speed_caption = format!(
        "Speedup = serial time / round time for each m, one line per data set; dashed: the ideal speedup m. \
         {setup} Paper (claim, paraphrased): {}. Ours at m = {max_m}: {}. The speedup stays near m while a \
         block's serial execution dwarfs the fixed consensus time{capped}. Data: speedup.csv (column speedup).",
        paper::SPEEDUP,
        ours.join("; "),
    );
    let eff_caption = format!(
        "Efficiency = speedup / m: the fraction of the ideal m-fold speedup a round reaches, one line per data \
         set; dashed: efficiency 1, what the paper's linear speedup would give at every m. The same rounds as \
         the speedup figure: {setup} Ours at m = {max_m}: {}. Efficiency falls as m grows where the fixed \
         costs of a round (consensus, Partition, RandomAssign) do not shrink with m while each committee's share \
         of the gas does{capped}. Data: speedup.csv (column efficiency).",
        ours_eff.join("; "),
    );
    vec![
        Figure {
            chart: Chart {
                name: "speedup".into(),
                title: "Protocol round: speedup vs m against serial execution".into(),
                x: Axis {
                    range: Some((0.0, max_m + 1.0)),
                    ..Axis::linear("m (committees = subsets)")
                },
                y: Axis {
                    range: Some((0.0, max_m + 1.0)),
                    ..Axis::linear("speedup (serial time / round time)")
                },
                series: speed,
                legend: Legend::UpperLeft,
            },
            caption: speed_caption,
        },
        Figure {
            chart: Chart {
                name: "efficiency".into(),
                title: "Protocol round: efficiency (speedup / m) vs m".into(),
                x: Axis {
                    range: Some((0.0, max_m + 1.0)),
                    ..Axis::linear("m (committees = subsets)")
                },
                y: Axis {
                    range: Some((0.0, 1.3)),
                    ..Axis::linear("efficiency (speedup / m)")
                },
                series: eff,
                legend: Legend::LowerLeft,
            },
            caption: eff_caption,
        },
    ]
}

/// Capture probability vs committee size: exact tail, Chernoff bound, Monte Carlo (log y).
pub fn capture(rows: &[Capture]) -> Option<Figure> {
    if rows.is_empty() {
        return None;
    }
    // Zero estimates and interval ends cannot be drawn on a log axis: they are drawn at the
    // floor, the bottom of the axis (the decade below the smallest positive value).
    let min_pos = rows
        .iter()
        .flat_map(|r| [r.binomial, r.chernoff, r.mc, r.mc_hi])
        .filter(|v| *v > 0.0)
        .fold(f64::INFINITY, f64::min);
    let floor = 10f64.powf((min_pos / 3.0).log10().floor());
    let cases = distinct(rows, |r| {
        (r.lambda.to_bits(), r.attacker_pseudonyms, r.threshold.clone())
    });
    // The exact tail and the bound depend on lambda and the threshold only: drawn once per
    // (lambda, threshold); the Monte Carlo once per case.
    let mut series = Vec::new();
    let mut drawn: Vec<(u64, String)> = Vec::new();
    let mut notes = Vec::new();
    for (i, (bits, pseudonyms, threshold)) in cases.iter().enumerate() {
        let lambda = f64::from_bits(*bits);
        let case: Vec<&Capture> = rows
            .iter()
            .filter(|r| {
                r.lambda.to_bits() == *bits && r.attacker_pseudonyms == *pseudonyms && &r.threshold == threshold
            })
            .collect();
        let c0 = case[0];
        let tag = format!("lambda {lambda}");
        if !drawn.contains(&(*bits, threshold.clone())) {
            drawn.push((*bits, threshold.clone()));
            series.push(Series {
                name: format!("{tag}: exact tail"),
                points: case.iter().map(|r| (r.size as f64, r.binomial.max(floor))).collect(),
                mark: Mark::Line,
                color: i,
            });
            series.push(Series {
                name: format!("{tag}: Theorem 3 bound"),
                points: case.iter().map(|r| (r.size as f64, r.chernoff.max(floor))).collect(),
                mark: Mark::Dashed,
                color: i,
            });
        }
        series.push(Series {
            name: format!("{tag}: simulated, {pseudonyms} pseudonyms"),
            points: case
                .iter()
                .filter(|r| r.mc > 0.0)
                .map(|r| (r.size as f64, r.mc))
                .collect(),
            mark: Mark::Crosses,
            color: i,
        });
        series.push(Series {
            name: String::new(),
            points: case
                .iter()
                .flat_map(|r| [(r.size as f64, r.mc_lo.max(floor)), (r.size as f64, r.mc_hi.max(floor))])
                .collect(),
            mark: Mark::Intervals,
            color: i,
        });
        let last = case[case.len() - 1];
        notes.push(format!(
            "lambda = {lambda} (eps = {:.2}), attacker with {pseudonyms} pseudonyms, s = {}: exact {:.2e}, Chernoff \
             {:.2e}, Monte Carlo {}/{} committees ({:.2e}, 95% interval [{:.2e}, {:.2e}])",
            c0.eps,
            last.size,
            last.binomial,
            last.chernoff,
            last.captured,
            last.committees,
            last.mc,
            last.mc_lo,
            last.mc_hi
        ));
    }
    let r0 = &rows[0];
    let eps = distinct(rows, |r| format!("{:.2}", r.eps)).join(", ");
    Some(Figure {
        chart: Chart {
            name: "capture".into(),
            title: format!("Theorem 3: P(attacker holds >= (1 + eps) lambda of a committee), eps = {eps}"),
            x: Axis::log("committee size s = l / m (seats)"),
            y: Axis {
                range: Some((floor, 3.0)),
                ..Axis::log("P(a committee is captured)")
            },
            series,
            legend: Legend::LowerLeft,
        },
        caption: format!(
            "Paper (Theorem 3, paraphrased): {}. Ours: m = {} committees of s seats from l = m s pool seats; honest users: {} with \
             one pseudonym each; the attacker captures a committee when it holds at least (1 + eps) lambda of its \
             seats ({}). Lines: the exact tail P(X >= (1 + eps) lambda s) for X ~ Binomial(s, lambda) \
             (seats independently the attacker's; the hypergeometric tail of a pool holding exactly round(lambda l) \
             attacker seats is in capture.csv); dashed: Theorem 3's Chernoff bound; crosses: Monte Carlo through the \
             real pipeline (a fresh chain per round, the extractor, AES, permutation), {} rounds per point, with \
             95% Wilson intervals (bars; a bar reaching the bottom axis: no capture seen). {}. Where our model \
             differs: U holds one copy per block mined and copies of one pseudonym share a committee, so an \
             attacker mining under few pseudonyms moves in clusters and its capture probability stays high at every \
             size, far above Theorem 3's bound, which assumes independent seats. Data: capture.csv.",
            paper::CAPTURE,
            r0.m,
            r0.honest_users,
            distinct(rows, |r| format!("lambda {}: >= {}", r.lambda, r.threshold)).join(", "),
            r0.trials,
            notes.join("; ")
        ),
    })
}

/// Committee sizes (relative to l / m) of both variants vs m.
pub fn committees(rows: &[Committees]) -> Option<Figure> {
    if rows.is_empty() {
        return None;
    }
    let rel = |r: &Committees, v: usize| v as f64 / r.expected;
    let mut series = Vec::new();
    for variant in &distinct(rows, |r| r.variant.clone()) {
        let vr: Vec<&Committees> = rows.iter().filter(|r| &r.variant == variant).collect();
        let color = if variant == "slots" { 1 } else { 0 };
        let pick = |f: fn(&Committees) -> usize| vr.iter().map(|r| (r.m as f64, rel(r, f(r)))).collect::<Vec<_>>();
        // A pair of lines drawn alike, named once in the legend.
        let mut pair = |name: String, lo: fn(&Committees) -> usize, hi: fn(&Committees) -> usize, mark: Mark| {
            for (name, f) in [(name, lo), (String::new(), hi)] {
                series.push(Series {
                    name,
                    points: pick(f),
                    mark,
                    color,
                });
            }
        };
        if variant == "permutation" {
            pair(
                "permutation (Theorem 2): min and max".into(),
                |r| r.min,
                |r| r.max,
                Mark::Line,
            );
        } else {
            pair(
                format!("{variant}: min and max over all rounds"),
                |r| r.min,
                |r| r.max,
                Mark::Line,
            );
            pair(
                format!("{variant}: 5% and 95% quantiles"),
                |r| r.q05,
                |r| r.q95,
                Mark::Dashed,
            );
        }
    }
    let r0 = &rows[0];
    let max_m = rows.iter().map(|r| r.m).max().unwrap_or(1);
    let worst = rows.iter().find(|r| r.variant == "slots" && r.m == max_m);
    let perm = rows.iter().filter(|r| r.variant == "permutation");
    let perm_spread = perm.map(|r| r.max - r.min).max().unwrap_or(0);
    let slots_note = worst.map_or(String::new(), |w| {
        format!(
            "Ours: at m = {max_m} (l / m = {:.1}) slots gave committees of {} to {} seats (5-95%: {}-{}), {} of {} \
             committees empty; ",
            w.expected,
            w.min,
            w.max,
            w.q05,
            w.q95,
            w.empty,
            w.rounds * w.m
        )
    });
    Some(Figure {
        chart: Chart {
            name: "committees".into(),
            title: "Committee sizes of RandomAssign: slots vs permutation".into(),
            x: Axis::linear("m (committees)"),
            y: Axis {
                range: Some((0.0, rows.iter().map(|r| rel(r, r.max)).fold(1.0, f64::max) * 1.35)),
                ..Axis::linear("committee size / (l / m)")
            },
            series,
            legend: Legend::UpperLeft,
        },
        caption: format!(
            "Paper (Theorem 2, paraphrased): {}; its RandomAssign maps each pseudonym's AES ciphertext c to committee floor(c m / \
             2^128) ('slots': balls into bins). Each of {} rounds of the real pipeline (one new block per round, the \
             randomness extracted from the last l = {} blocks) assigns the same pool with both variants. {}\
             permutation (rank the ciphertexts, cut into m equal parts) always gave sizes floor(l/m) or ceil(l/m) \
             (largest spread within an m: {perm_spread} seat). Sizes are divided by l / m. Data: committees.csv.",
            paper::COMMITTEES,
            r0.rounds,
            r0.l,
            slots_note
        ),
    })
}

/// Long-term shares vs hash power, and how fast they converge (two figures).
pub fn fairness(rows: &[Share]) -> Vec<Figure> {
    let Some(last) = rows.iter().map(|r| r.rounds).max() else {
        return Vec::new();
    };
    let fin: Vec<&Share> = rows.iter().filter(|r| r.rounds == last).collect();
    let top = fin
        .iter()
        .flat_map(|r| [r.hash_power, r.profit_share, r.workload_share])
        .fold(0.0, f64::max)
        * 1.1;
    let pts = |f: fn(&Share) -> f64| fin.iter().map(|r| (r.hash_power, f(r))).collect::<Vec<_>>();
    let attacker = fin.iter().find(|r| r.attacker);
    let dev = |at: usize, f: fn(&Share) -> f64| {
        rows.iter()
            .filter(|r| r.rounds == at)
            .map(|r| (f(r) - r.hash_power).abs())
            .fold(0.0, f64::max)
    };
    let mut counts = distinct(rows, |r| r.rounds);
    counts.sort_unstable();
    let conv = |f: fn(&Share) -> f64| counts.iter().map(|&n| (n as f64, dev(n, f))).collect::<Vec<_>>();
    let profit = conv(|r| r.profit_share);
    let first = profit.first().copied().unwrap_or((1.0, 1.0));
    // Consecutive pools share all but one block: after n rounds the shares rest on l + n - 1
    // blocks, so the deviations fall as (l + n)^(-1/2); the guide meets the last point.
    let l = rows[0].l as f64;
    let end = profit.last().copied().unwrap_or((1.0, 1.0));
    let guide: Vec<(f64, f64)> = counts
        .iter()
        .map(|&n| (n as f64, end.1 * ((l + end.0) / (l + n as f64)).sqrt()))
        .collect();
    let users = fin.len();
    let att = attacker.map_or(String::new(), |a| {
        format!(
            " The attacker (hash power {:.3}) ended with {:.3} of the seats, {:.3} of the workload and {:.3} of the \
             profit.",
            a.hash_power, a.seat_share, a.workload_share, a.profit_share
        )
    });
    let summary = format!(
        "Paper (Theorem 4, paraphrased): {}. Ours: {users} users (the last is an attacker; honest hash power uneven), one \
         partition of the contracts, fresh committees every block (permutation), committees paid when a strict \
         majority agrees, profit split evenly per seat. After {last} rounds the largest |share - hash power| over \
         users is {:.4} (profit), {:.4} (workload), {:.4} (seats); after {} rounds it was {:.4} (profit).{att} The \
         three shares nearly coincide because the partition is fair (gamma1 and gamma2 near 1): every paid seat \
         carries about the same workload and profit, whichever committee it sits in. Data: fairness.csv.",
        paper::FAIRNESS,
        dev(last, |r| r.profit_share),
        dev(last, |r| r.workload_share),
        dev(last, |r| r.seat_share),
        first.0,
        first.1,
    );
    vec![
        Figure {
            chart: Chart {
                name: "fairness".into(),
                title: format!("Theorem 4: long-term shares vs hash power ({last} rounds)"),
                x: Axis {
                    range: Some((0.0, top)),
                    ..Axis::linear("share of the hash power")
                },
                y: Axis {
                    range: Some((0.0, top)),
                    ..Axis::linear("share after the rounds")
                },
                series: vec![
                    Series {
                        name: "workload executed".into(),
                        points: pts(|r| r.workload_share),
                        mark: Mark::Crosses,
                        color: 1,
                    },
                    Series {
                        name: "profit (rewards)".into(),
                        points: pts(|r| r.profit_share),
                        mark: Mark::Points,
                        color: 0,
                    },
                    Series {
                        name: "Theorem 4: share = hash power".into(),
                        points: vec![(0.0, 0.0), (top, top)],
                        mark: Mark::Dashed,
                        color: REFERENCE,
                    },
                ],
                legend: Legend::UpperLeft,
            },
            caption: summary.clone(),
        },
        Figure {
            chart: Chart {
                name: "fairness_convergence".into(),
                title: "Theorem 4: largest |share - hash power| over users vs rounds".into(),
                x: Axis::log("rounds"),
                y: Axis::log("max over users of |share - hash power|"),
                series: vec![
                    Series {
                        name: "profit".into(),
                        points: profit.clone(),
                        mark: Mark::Line,
                        color: 0,
                    },
                    Series {
                        name: "workload".into(),
                        points: conv(|r| r.workload_share),
                        mark: Mark::Line,
                        color: 1,
                    },
                    Series {
                        name: "seats".into(),
                        points: conv(|r| r.seat_share),
                        mark: Mark::Line,
                        color: 2,
                    },
                    Series {
                        name: format!("guide: proportional to (l + rounds)^(-1/2), l = {l}"),
                        points: guide,
                        mark: Mark::Dashed,
                        color: REFERENCE,
                    },
                ],
                legend: Legend::LowerLeft,
            },
            caption: format!(
                "{summary} Consecutive pools share all but one block, so after n rounds the shares rest on l + n - 1 \
                 blocks: the dashed guide, proportional to (l + n)^(-1/2) through the last profit point, is the rate \
                 of a share estimated from that many independent draws."
            ),
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::protocol::{
        Population, PopulationConfig, Protocol, RoundConfig, RoundRobin, Threshold, Variant,
    };
    use fairshard_harness::{Instance, RunSpec, Target, Task};

    fn round_rows() -> Vec<RoundRecord> {
        let inst = Instance::new("t", (1..=24).map(|w| Task::new(1_000_000 * w, 3)).collect()).unwrap();
        let pop = Population::new(&PopulationConfig::new(10, 0.2, 2), 1).unwrap();
        let mut out = Vec::new();
        for m in [1, 2, 4] {
            let mut proto = Protocol::new(pop.clone(), RoundConfig::new(m, 16, Variant::Permutation), 2).unwrap();
            for _ in 0..2 {
                let rep = proto
                    .run_round(&inst, &RoundRobin, &RunSpec::new(m, Target::Workload))
                    .unwrap();
                out.push(RoundRecord::new(
                    &rep,
                    &inst,
                    0.2,
                    "t",
                    "protocol/round-robin",
                    0,
                    Threshold::HALF,
                ));
            }
        }
        out
    }

    /// Rows of two solvers: the speedup and efficiency figures draw the first solver alone;
    /// two more figures compare the solvers (speedup vs m; partition time against speedup).
    #[test]
    fn a_second_solver_adds_the_per_solver_figures() {
        let mut rows = round_rows();
        let one = speedup(&rows);
        let mut slow = round_rows();
        for r in &mut slow {
            r.solver = "heur/slow".into();
            r.partition_s += 1.0;
            r.round_s += 1.0;
            r.speedup = r.serial_s / r.round_s;
            r.efficiency = r.speedup / r.m as f64;
        }
        rows.extend(slow);
        let figs = speedup(&rows);
        assert_eq!(figs.len(), 5);
        assert_eq!(
            figs[0].chart.series[0].points, one[0].chart.series[0].points,
            "the first solver's rows alone"
        );
        let names: Vec<&str> = figs.iter().map(|f| f.chart.name.as_str()).collect();
        assert_eq!(
            &names[2..],
            ["speedup_security", "speedup_solvers", "partition_speedup"]
        );
        assert_eq!(figs[3].chart.series.len(), 2, "one line per solver");
        let pts = &figs[4].chart.series;
        assert_eq!(
            (pts.len(), pts[1].points.len()),
            (2, 3),
            "one point per (solver, data set, m)"
        );
        assert!(
            pts[1].points.iter().all(|p| p.0 >= 1.0),
            "the slow solver's partition time"
        );
        for f in &figs[3..] {
            assert!(
                f.caption.contains("heur/slow") && f.caption.contains("crypto_s"),
                "{}",
                f.caption
            );
        }
    }

    #[test]
    fn speedup_is_drawn_against_the_ideal_line_and_quoted_at_the_largest_m() {
        let rows = round_rows();
        let figs = speedup(&rows);
        assert_eq!(
            figs.len(),
            3,
            "speedup, efficiency, and the committees captured and forged"
        );
        let s = &figs[0].chart.series;
        assert_eq!(s[0].points.len(), 3, "one mean point per m");
        let mean4 = rows.iter().filter(|r| r.m == 4).map(|r| r.speedup).sum::<f64>() / 2.0;
        assert_eq!(s[0].points[2], (4.0, mean4));
        let ideal = s.iter().find(|s| s.name.starts_with("ideal")).unwrap();
        assert_eq!(ideal.points, vec![(1.0, 1.0), (4.0, 4.0)]);
        assert!(figs[0].caption.contains(paper::SPEEDUP));
        assert!(figs[0].caption.contains(&format!("speedup {mean4:.2}")));
        assert!(speedup(&[]).is_empty());
    }

    /// A solver without rounds on the largest data set has no line there, and the caption
    /// says so.
    #[test]
    fn a_solver_absent_from_the_largest_data_set_is_named_not_drawn() {
        let mut rows = round_rows();
        let mut other = round_rows();
        for r in &mut other {
            r.solver = "ilp/small-only".into();
            r.dataset = "small".into();
            r.n = 10;
        }
        rows.extend(other);
        let figs = speedup(&rows);
        let solvers = figs.iter().find(|f| f.chart.name == "speedup_solvers").unwrap();
        assert_eq!(solvers.chart.series.len(), 1);
        assert!(
            solvers.caption.contains("Not run on this data set: ilp/small-only."),
            "{}",
            solvers.caption
        );
    }

    /// Beside the speedup: per m, the mean captured, forged and empty committees per round
    /// of the same rows, with the totals in the caption.
    #[test]
    fn captured_and_forged_committees_are_drawn_per_m_beside_the_speedup() {
        let mut rows = round_rows();
        for (i, r) in rows.iter_mut().enumerate() {
            r.captured = i % 2;
            r.committees_forged = usize::from(r.m == 4);
        }
        let fig = &speedup(&rows)[2];
        assert_eq!(fig.chart.name, "speedup_security");
        let captured = &fig.chart.series[0].points;
        assert_eq!(
            captured,
            &vec![(1.0, 0.5), (2.0, 0.5), (4.0, 0.5)],
            "the mean of 0 and 1 at each m"
        );
        assert_eq!(fig.chart.series[1].points[2], (4.0, 1.0));
        assert!(
            fig.caption.contains("3 committees captured, 2 forged"),
            "{}",
            fig.caption
        );
    }

    /// The speedup and efficiency figures shared one caption: each now describes its own
    /// figure, the efficiency one quoting the efficiencies and not the speedups.
    #[test]
    fn speedup_and_efficiency_have_their_own_captions() {
        let rows = round_rows();
        let figs = speedup(&rows);
        let (s, e) = (&figs[0].caption, &figs[1].caption);
        assert_ne!(s, e);
        assert!(s.starts_with("Speedup = serial time / round time"), "{s}");
        assert!(e.starts_with("Efficiency = speedup / m"), "{e}");
        let eff4 = rows.iter().filter(|r| r.m == 4).map(|r| r.efficiency).sum::<f64>() / 2.0;
        assert!(e.contains(&format!("efficiency {eff4:.3}")), "{e}");
        assert!(!s.contains("efficiency"), "{s}");
        assert!(
            !e.contains("speedup 1.") && !e.contains("speedup 2.") && !e.contains("speedup 3."),
            "{e}"
        );
    }

    fn capture_row(size: usize, pseudonyms: usize, captured: u64) -> Capture {
        let committees = 1000;
        let (lo, hi) = fairshard_harness::protocol::security::wilson(captured, committees, 1.96);
        Capture {
            lambda: 0.25,
            eps: 1.0,
            threshold: "1/2".into(),
            attacker_pseudonyms: pseudonyms,
            honest_users: 100,
            m: 10,
            l: 10 * size,
            size,
            min_count: size.div_ceil(2),
            hypergeometric: 0.0,
            binomial: fairshard_harness::protocol::security::binomial_tail(size, 0.25, size.div_ceil(2)),
            chernoff: fairshard_harness::protocol::security::chernoff_bound(size, 0.25, size.div_ceil(2)),
            trials: 100,
            committees,
            captured,
            mc: captured as f64 / committees as f64,
            mc_lo: lo,
            mc_hi: hi,
            mean_share: 0.25,
        }
    }

    #[test]
    fn capture_draws_zero_estimates_as_bars_to_the_floor_on_a_log_axis() {
        let rows = vec![
            capture_row(10, 4000, 80),
            capture_row(80, 4000, 0),
            capture_row(10, 5, 200),
            capture_row(80, 5, 190),
        ];
        let f = capture(&rows).unwrap();
        assert!(f.chart.y.log && f.chart.x.log);
        let (floor, _) = f.chart.y.range.unwrap();
        assert!(floor > 0.0 && floor <= rows[1].binomial);
        // Exact and bound once for lambda 0.25 at 1/2, a Monte Carlo for each pseudonym count.
        let names: Vec<&str> = f.chart.series.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(names.iter().filter(|n| n.contains("exact")).count(), 1);
        assert_eq!(names.iter().filter(|n| n.contains("simulated")).count(), 2);
        let mc = f
            .chart
            .series
            .iter()
            .find(|s| s.name.contains("4000 pseudonyms"))
            .unwrap();
        assert_eq!(mc.points, vec![(10.0, 0.08)], "a zero estimate is not drawn");
        let bars = &f.chart.series[3];
        assert_eq!((bars.mark, bars.points.len()), (Mark::Intervals, 4));
        assert_eq!(bars.points[2].1, floor, "the zero interval's low end sits on the floor");
        assert!(f.caption.contains(paper::CAPTURE) && f.caption.contains("copies of one pseudonym"));
    }

    #[test]
    fn committee_sizes_are_relative_to_an_equal_split() {
        let row = |variant: &str, m: usize, min: usize, max: usize| Committees {
            variant: variant.into(),
            m,
            l: 320,
            rounds: 10,
            expected: 320.0 / m as f64,
            min,
            q05: min,
            median: 320 / m,
            q95: max,
            max,
            mean_round_min: min as f64,
            mean_round_max: max as f64,
            empty: usize::from(min == 0),
        };
        let rows = vec![
            row("slots", 2, 140, 180),
            row("slots", 32, 0, 22),
            row("permutation", 2, 160, 160),
            row("permutation", 32, 10, 10),
        ];
        let f = committees(&rows).unwrap();
        let slots_max = &f.chart.series[1];
        assert_eq!(slots_max.points, vec![(2.0, 180.0 / 160.0), (32.0, 2.2)]);
        assert!(
            f.chart
                .series
                .iter()
                .filter(|s| s.name.contains("permutation"))
                .all(|s| s.points.iter().all(|p| p.1 == 1.0))
        );
        assert!(f.caption.contains("1 of 320 committees empty"), "{}", f.caption);
    }

    #[test]
    fn fairness_plots_the_last_shares_against_the_diagonal_and_the_convergence() {
        let share = |rounds: usize, user: usize, h: f64, p: f64| Share {
            rounds,
            l: 100,
            user,
            attacker: user == 1,
            hash_power: h,
            seat_share: p,
            workload_share: p,
            profit_share: p,
        };
        let rows = vec![
            share(10, 0, 0.8, 0.6),
            share(10, 1, 0.2, 0.4),
            share(1000, 0, 0.8, 0.79),
            share(1000, 1, 0.2, 0.21),
        ];
        let figs = fairness(&rows);
        assert_eq!(figs.len(), 2);
        assert_eq!(figs[0].chart.series[1].points, vec![(0.8, 0.79), (0.2, 0.21)]);
        let conv = &figs[1].chart.series[0].points;
        assert!((conv[0].1 - 0.2).abs() < 1e-12 && (conv[1].1 - 0.01).abs() < 1e-12);
        assert!(figs[0].caption.contains(paper::FAIRNESS));
        assert!(fairness(&[]).is_empty());
    }
}
