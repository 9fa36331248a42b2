//! Exact fronts with few solves.
//!
//! - [`grid`]: for each gamma1 cap (ascending), one run minimising gamma2 under the cap
//!   (`Target::Profit`; an ILP solver runs Dinkelbach and proves the optimum or reports its
//!   bound), warm-started from the previous cap's partition, which meets every larger cap: so
//!   gamma2 never increases along the grid, even for runs stopped by a time limit. A local
//!   search (`heur/bi-lpt`) then makes a second pass downwards, each cap from the next cap's
//!   partition, and the better partition of each point is kept (still monotone).
//! - [`sweep`]: the epsilon-constraint method, enumerating every non-dominated point: the
//!   lexicographic minimum (gamma1, then gamma2), then repeatedly the smallest gamma1 with
//!   gamma2 strictly below the last point's, and the smallest gamma2 at that gamma1. Each point
//!   costs two runs and is `optimal` only if both are.
//! - [`endpoints`]: min gamma2 with gamma1 free (Fig. 3a's gamma1 = 100) and min gamma1 with
//!   gamma2 free (Fig. 3b).

use super::{Front, Point, Runner};
use fairshard_harness::{Measured, Status, Target};

/// "Strictly below" in the sweep: the next point's gamma2 cap is the last gamma2 times
/// (1 - STRICT). Points whose gamma2 differ by less than this relative amount are merged.
pub const STRICT: f64 = 1e-7;

fn point_of(gamma1_cap: Option<f64>, runs: &[&Measured]) -> Point {
    let mut pt = Point::empty(gamma1_cap);
    for r in runs {
        pt.add(r);
    }
    let last = runs.last().expect("a point has a run");
    pt.partition = last.outcome.partition.clone();
    pt.fairness = last.fairness;
    pt.status = if runs.iter().all(|r| r.outcome.status == Status::Optimal) {
        Status::Optimal
    } else if runs.iter().any(|r| r.outcome.status == Status::Infeasible) {
        Status::Infeasible
    } else if let Some(r) = runs.iter().find(|r| r.outcome.status != Status::Optimal) {
        r.outcome.status
    } else {
        Status::Unknown
    };
    pt.bound = last.outcome.bound;
    pt
}

/// One run per cap in `caps` (sorted ascending), each starting from the previous partition.
pub fn grid(runner: &Runner<'_>, caps: &[f64]) -> Front {
    let mut caps = caps.to_vec();
    caps.sort_by(f64::total_cmp);
    let mut points: Vec<Point> = Vec::with_capacity(caps.len());
    for &g1 in &caps {
        let start = points.iter().rev().find_map(|p| p.partition.as_ref());
        let run = runner.run(Target::Profit, Some(g1), None, start);
        points.push(point_of(Some(g1), &[&run]));
    }
    if runner.refines() {
        // A local search's second pass, downwards: each cap from the next cap's partition
        // (which breaks it by little), the better partition kept; then upwards, a point takes
        // the one before it when that is better (it meets the larger cap), so the front
        // stays monotone.
        for k in (0..points.len().saturating_sub(1)).rev() {
            let Some(next) = points[k + 1].partition.clone() else {
                continue;
            };
            let run = runner.run(Target::Profit, Some(caps[k]), None, Some(&next));
            points[k].add(&run);
            let within = matches!(run.outcome.status, Status::Feasible | Status::Optimal);
            let g2 = |f: &Option<fairshard_harness::Fairness>| f.map(|f| f.gamma2());
            if within && g2(&run.fairness).is_some_and(|g| g2(&points[k].fairness).is_none_or(|old| g < old)) {
                points[k].partition = run.outcome.partition.clone();
                points[k].fairness = run.fairness;
                points[k].status = run.outcome.status;
            }
        }
        for k in 1..points.len() {
            let (before, after) = points.split_at_mut(k);
            let (prev, pt) = (&before[k - 1], &mut after[0]);
            let g2 = |p: &Point| p.fairness.map(|f| f.gamma2());
            if g2(prev).is_some_and(|g| g2(pt).is_none_or(|old| g < old)) {
                pt.partition = prev.partition.clone();
                pt.fairness = prev.fairness;
                pt.status = prev.status;
            }
        }
    }
    Front {
        method: "exact",
        points,
    }
}

/// Every non-dominated (gamma1, gamma2) point, by increasing gamma1, at most `max_points`.
pub fn sweep(runner: &Runner<'_>, max_points: usize) -> Front {
    let mut points: Vec<Point> = Vec::new();
    let mut g2_cap: Option<f64> = None;
    while points.len() < max_points {
        let a = runner.run(Target::Workload, None, g2_cap, None);
        let Some(g1) = a.fairness.map(|f| f.gamma1().value()) else {
            // Proven infeasible: no partition has a smaller gamma2, the front is complete.
            if a.outcome.status != Status::Infeasible {
                points.push(point_of(None, &[&a]));
            }
            break;
        };
        // a's partition meets both caps of the second run: its warm start.
        let b = runner.run(Target::Profit, Some(g1), g2_cap, a.outcome.partition.as_ref());
        let pt = point_of(None, &[&a, &b]);
        let g2 = pt.fairness.map(|f| f.gamma2().value());
        points.push(pt);
        match g2 {
            Some(g2) if g2 * (1.0 - STRICT) >= 1.0 => g2_cap = Some(g2 * (1.0 - STRICT)),
            _ => break,
        }
    }
    Front {
        method: "sweep",
        points,
    }
}

/// The two single-objective endpoints: min gamma1 (gamma2 free), then min gamma2 (gamma1 free).
pub fn endpoints(runner: &Runner<'_>) -> Front {
    let a = runner.run(Target::Workload, None, None, None);
    let b = runner.run(Target::Profit, None, None, None);
    Front {
        method: "endpoints",
        points: vec![point_of(None, &[&a]), point_of(None, &[&b])],
    }
}
