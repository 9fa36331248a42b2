//! Exact fronts with few solves.
//!
//! - [`grid`]: for each gamma1 cap (ascending), one run minimising gamma2 under the cap
//!   (`Target::Profit`; an ILP solver runs Dinkelbach and proves the optimum or reports its
//!   bound), warm-started from the previous cap's partition, which meets every larger cap: so
//!   gamma2 never increases along the grid, even for runs stopped by a time limit. A solver
//!   that refines its starts ([`Runner::refines`], `heur/bi-lpt`) then makes a second pass
//!   downwards, each cap from the next cap's partition, and the better partition of each point
//!   is kept (still monotone). Then every point takes the largest certified bound at or above
//!   its cap (the optimum never rises with the cap), which can prove it optimal or bring it
//!   within the run's absolute gap.
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
    share_bounds(&mut points, runner.base.abs_gap.unwrap_or(0.0));
    Front {
        method: "exact",
        points,
    }
}

/// The least gamma2 under a gamma1 cap never rises as the cap grows, so a certified bound at
/// one cap holds at every smaller cap: each point (caps ascending) takes the largest bound at
/// or above its cap. A point whose partition then meets its bound is optimal (bound <= the
/// larger cap's optimum <= this cap's optimum <= its gamma2), or within `abs_gap` of it
/// `gap-limit`.
fn share_bounds(points: &mut [Point], abs_gap: f64) {
    for k in (0..points.len().saturating_sub(1)).rev() {
        let Some(b) = points[k + 1].bound else {
            continue;
        };
        let pt = &mut points[k];
        if matches!(pt.status, Status::Infeasible | Status::Error) || pt.bound.is_some_and(|a| a >= b) {
            continue;
        }
        pt.bound = Some(b);
        let Some(excess) = pt.fairness.map(|f| f.gamma2().excess()) else {
            continue;
        };
        if pt.status == Status::Optimal {
            continue;
        }
        if excess <= b {
            pt.status = Status::Optimal;
            pt.note = "optimal: meets the bound proven at a larger gamma1 cap".into();
        } else if excess - b <= abs_gap && pt.status != Status::GapLimit {
            pt.status = Status::GapLimit;
            pt.note = "within the tolerance of the bound proven at a larger gamma1 cap".into();
        }
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

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::{Instance, Partition, Task};

    /// A point at `cap` whose partition of `inst` is `a`, with `status` and `bound`.
    fn point(inst: &Instance, cap: f64, a: Vec<u32>, status: Status, bound: Option<f64>) -> Point {
        let p = Partition::from_assignment(2, a);
        let mut pt = Point::empty(Some(cap));
        pt.fairness = Some(p.fairness(inst));
        pt.partition = Some(p);
        pt.status = status;
        pt.bound = bound;
        pt
    }

    #[test]
    fn a_larger_caps_bound_holds_and_proves_the_smaller_caps() {
        // Profits 8, 6, 5, 3 (unit workloads): {8, 3} | {6, 5} has gamma2 = 11/11 = 1,
        // {8, 5} | {6, 3} has 13/9.
        let inst = Instance::new("s", [8u64, 6, 5, 3].iter().map(|&r| Task::new(1, r)).collect()).unwrap();
        let (even, uneven) = (vec![0, 1, 1, 0], vec![0, 1, 0, 1]);
        let e = 13.0 / 9.0 - 1.0;
        // The larger cap proved gamma2 - 1 >= e: the smaller cap's equal partition is optimal.
        let mut pts = vec![
            point(&inst, 1.0, uneven.clone(), Status::TimeLimit, Some(0.0)),
            point(&inst, 1.5, uneven.clone(), Status::Optimal, Some(e)),
        ];
        share_bounds(&mut pts, 0.0);
        assert_eq!((pts[0].status, pts[0].bound), (Status::Optimal, Some(e)));
        // A bound below the partition: raised, not proven; within the tolerance: gap-limit.
        let lower = e - 0.01;
        for (tol, want) in [(0.001, Status::TimeLimit), (0.02, Status::GapLimit)] {
            let mut pts = vec![
                point(&inst, 1.0, uneven.clone(), Status::TimeLimit, Some(0.0)),
                point(&inst, 1.5, even.clone(), Status::Optimal, Some(lower)),
            ];
            share_bounds(&mut pts, tol);
            assert_eq!((pts[0].status, pts[0].bound), (want, Some(lower)), "tolerance {tol}");
        }
        // Never lowered, and an infeasible point keeps its status.
        let mut pts = vec![
            point(&inst, 1.0, uneven.clone(), Status::TimeLimit, Some(0.3)),
            point(&inst, 1.2, uneven.clone(), Status::Infeasible, None),
            point(&inst, 1.5, uneven, Status::Optimal, Some(0.1)),
        ];
        pts[1].bound = Some(0.2);
        share_bounds(&mut pts, 0.0);
        assert_eq!(pts[0].bound, Some(0.3));
        assert_eq!((pts[1].status, pts[1].bound), (Status::Infeasible, Some(0.2)));
    }
}
