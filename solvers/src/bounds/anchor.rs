//! The anchor bound: under a cap on the other quantity, [`anchor_bound`] adds what the cap
//! forces on the subset of a large task (an anchor): with gamma1 <= c, every subset's workload is at least
//! W / (1 + (m - 1) c) (the others hold at most c times the smallest), so the anchor's
//! subset must be filled up to that workload, at the least with the tasks of lowest profit
//! per unit of workload (a fractional covering knapsack, a lower bound on any integral fill).
//! Its profit S then gives gamma2 >= S (m - 1) / (P - S) (the other subsets share P - S, the
//! smallest at most its mean). On `lognormal:n=100,seed=1`, m = 5, gamma1 <= 1.001 this is
//! 1.1938 against the cheap 1.1168 (and the LP relaxation's 1.1846 after a 5 s MIP).

use super::tighten;
use fairshard_harness::{CAP_TOLERANCE, Instance, RunSpec, Target};

/// Largest tasks (by the target's quantity) tried as anchors by [`anchor_bound`].
pub const ANCHORS: usize = 32;

/// Relative safety margin on gamma taken off [`anchor_bound`] (computed in floating point).
pub const ANCHOR_MARGIN: f64 = 1e-9;

/// gamma - 1 >= this for the quantity `x` over every partition into m subsets whose other
/// quantity `y` has gamma <= `cap` (see the module docs): the anchor's subset holds `x_j`
/// plus the cheapest fractional cover of the `y` it lacks.
fn anchored_excess(x: &[f64], y: &[f64], m: usize, cap: f64) -> f64 {
    let (x_total, y_total) = (x.iter().sum::<f64>(), y.iter().sum::<f64>());
    if m < 2 || x_total <= 0.0 || y_total <= 0.0 {
        return 0.0;
    }
    let y_min = y_total / (1.0 + (m as f64 - 1.0) * cap);
    // Tasks by increasing x per unit of y (those without y cannot fill), the ratios computed
    // once (n = 10^6 sorts in tens of milliseconds).
    let mut cheap: Vec<(f64, usize)> = (0..x.len()).filter(|&k| y[k] > 0.0).map(|k| (x[k] / y[k], k)).collect();
    cheap.sort_unstable_by(|a, b| a.0.total_cmp(&b.0).then(a.1.cmp(&b.1)));
    let cheap: Vec<usize> = cheap.into_iter().map(|(_, k)| k).collect();
    // The ANCHORS largest x, selected in linear time.
    let mut anchors: Vec<usize> = (0..x.len()).collect();
    let by_x = |a: &usize, b: &usize| x[*b].total_cmp(&x[*a]).then(a.cmp(b));
    if anchors.len() > ANCHORS {
        anchors.select_nth_unstable_by(ANCHORS - 1, by_x);
        anchors.truncate(ANCHORS);
    }
    let mut best = 0f64;
    for j in anchors {
        let mut need = y_min - y[j];
        let mut held = x[j];
        for &k in cheap.iter().filter(|&&k| k != j) {
            if need <= 0.0 {
                break;
            }
            let part = y[k].min(need);
            held += x[k] * (part / y[k]);
            need -= part;
        }
        let rest = x_total - held;
        let excess = if rest <= 0.0 {
            f64::INFINITY
        } else {
            held * (m as f64 - 1.0) / rest - 1.0
        };
        best = best.max(excess);
    }
    best
}

/// A certified bound on `spec.target`'s objective over the partitions that meet `spec.caps`
/// (within the harness's `CAP_TOLERANCE`), from the caps' anchors (module docs); `None`
/// without a cap on the other quantity, or for `feasibility`.
pub fn anchor_bound(instance: &Instance, spec: &RunSpec) -> Option<f64> {
    let (w, p): (Vec<f64>, Vec<f64>) = instance
        .tasks()
        .iter()
        .map(|t| (t.workload as f64, t.profit() as f64))
        .unzip();
    let m = spec.m;
    let loose = |cap: f64| cap * (1.0 + CAP_TOLERANCE);
    let profit = spec.caps.gamma1.map(|c| anchored_excess(&p, &w, m, loose(c)));
    let workload = spec.caps.gamma2.map(|c| anchored_excess(&w, &p, m, loose(c)));
    let excess = match spec.target {
        Target::Profit => profit,
        Target::Workload => workload,
        Target::Balanced => tighten(profit, workload),
        Target::Makespan | Target::Feasibility => None,
    }?;
    Some(if excess.is_finite() {
        ((1.0 + excess) * (1.0 - ANCHOR_MARGIN) - 1.0).max(0.0)
    } else {
        excess
    })
}
