//! The paper's method: for each gamma1 on a grid, binary search on gamma2 with the feasibility
//! ILP(gamma1, gamma2) until the bracket is narrower than a stated absolute tolerance.
//!
//! The bracket's upper end is the gamma2 of the best partition found (a first call with the
//! gamma1 cap alone gives the start); its lower end is the largest gamma2 cap proven infeasible
//! (1 to begin with). A call that ends without a proof (time limit) is treated as infeasible,
//! as the paper's search would, but does not raise the certified bound: such a point is
//! reported `time-limit`, with the bound it really has. A point within the tolerance with every
//! call proven is `gap-limit` (certified within the tolerance), never `optimal`.

use super::{Front, Point, Runner};
use fairshard_harness::{Partition, Status, Target};

/// The paper's method on `caps` (gamma1 values), with absolute tolerance `tol` on gamma2.
/// ILP runs are pure (no heuristic start), as in the paper.
pub fn front(runner: &Runner<'_>, caps: &[f64], tol: f64) -> Front {
    Front {
        method: "paper",
        points: caps.iter().map(|&g1| point(runner, g1, tol)).collect(),
    }
}

/// One grid point: the smallest gamma2 found feasible with gamma1 <= `g1`, to `tol`.
pub fn point(runner: &Runner<'_>, g1: f64, tol: f64) -> Point {
    let mut pt = Point::empty(Some(g1));
    let first = runner.run(Target::Feasibility, Some(g1), None, None);
    pt.add(&first);
    let (mut best, mut hi): (Partition, f64) = match (&first.outcome.partition, first.fairness) {
        (Some(p), Some(f)) if first.error.is_none() => (p.clone(), f.gamma2().value()),
        _ => {
            pt.status = match first.outcome.status {
                Status::Infeasible => Status::Infeasible,
                s => s,
            };
            return pt;
        }
    };
    let (mut lo, mut proven_lo, mut unproven) = (1.0f64, 1.0f64, false);
    while hi - lo > tol {
        let mid = 0.5 * (lo + hi);
        let run = runner.run(Target::Feasibility, Some(g1), Some(mid), None);
        pt.add(&run);
        match (run.outcome.status, &run.outcome.partition, run.fairness) {
            (Status::Feasible, Some(p), Some(f)) => {
                best = p.clone();
                hi = f.gamma2().value().min(mid);
            }
            (Status::Infeasible, _, _) => {
                lo = mid;
                proven_lo = mid;
            }
            _ => {
                lo = mid;
                unproven = true;
            }
        }
    }
    pt.fairness = Some(best.fairness(runner.instance()));
    pt.partition = Some(best);
    pt.bound = Some(proven_lo - 1.0);
    pt.status = if unproven { Status::TimeLimit } else { Status::GapLimit };
    pt
}
