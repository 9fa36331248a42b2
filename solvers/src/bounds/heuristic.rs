//! The bound every heuristic reports ([`heuristic_bound`]): the cheap bound of [`super`],
//! tightened by the anchor bound and the LP relaxation's.
//!
//! The LP relaxation ([`lp_objective_bound`], through [`crate::milp::lp_bound`]) is trivial
//! for a single ratio without caps: fractional assignments balance one quantity perfectly up
//! to what the largest tasks force, which the cheap bound already counts (measured on
//! log-normal, `dao100`, `giant`, `uniform` and random instances with m = 2, 3, 5: never above
//! the cheap bound, often 0). It helps where two things must hold at once: the `balanced`
//! target (both ratios; e.g. `lognormal:n=30,seed=3`, m = 5: 0.032 against the cheap 1.6e-6)
//! and a cap on the other quantity (gamma2 with gamma1 <= 1.01). So it is solved only there,
//! only when n * m <= [`LP_MAX_CELLS`] (the relaxation has n * m columns; the large runs
//! never pay for it), and lowered by a relative [`LP_MARGIN`] on gamma against the LP
//! solver's floating-point tolerances.

use super::{anchor_bound, objective_bound, tighten};
use fairshard_harness::{CAP_TOLERANCE, Caps, Instance, Partition, RunSpec, Target};

/// The LP relaxation bound is computed only when n * m is at most this (n = 100, m = 5 is
/// 500; a few milliseconds per LP solve).
pub const LP_MAX_CELLS: usize = 2_000;

/// Relative safety margin on gamma taken off the LP relaxation's bound: the LP is solved in
/// floating point with feasibility tolerances near 1e-7 on loads scaled to 1.
pub const LP_MARGIN: f64 = 1e-5;

/// The LP relaxation's certified bound on `spec.target`'s objective over the partitions that
/// meet `spec.caps`, where it can beat the cheap bound (the `balanced` target, or a cap set)
/// and n * m <= [`LP_MAX_CELLS`]; `None` otherwise, when no LP backend is compiled in, or
/// when the LP fails or claims infeasibility (never taken as a proof here).
pub fn lp_objective_bound(instance: &Instance, spec: &RunSpec) -> Option<f64> {
    let capped = spec.caps.gamma1.is_some() || spec.caps.gamma2.is_some();
    if instance.len().saturating_mul(spec.m) > LP_MAX_CELLS
        || !(capped || spec.target == Target::Balanced)
        || spec.target == Target::Makespan
    {
        return None;
    }
    let lp = crate::milp::lp_bound(instance, spec)?;
    if !lp.is_finite() || lp <= 0.0 {
        return None;
    }
    // gamma >= (1 + lp) (1 - margin), as gamma - 1.
    Some((lp - LP_MARGIN * (1.0 + lp)).max(0.0))
}

/// The certified bound every heuristic reports for `partition` of `instance` under `spec`:
/// the cheap bound, tightened by the LP relaxation's ([`lp_objective_bound`]) and, when the
/// partition meets the caps, by [`anchor_bound`]. The LP with caps bounds only the partitions
/// that meet them, so when `partition` does not, the caps are dropped from the LP (the bound
/// then holds for every partition, this one included).
pub fn heuristic_bound(instance: &Instance, spec: &RunSpec, partition: &Partition) -> Option<f64> {
    let cheap = objective_bound(instance, spec.m, spec.target);
    let fairness = partition.fairness(instance);
    let cheap = if cheap.is_some() && spec.caps.met_by(&fairness, CAP_TOLERANCE) {
        tighten(cheap, anchor_bound(instance, spec))
    } else {
        cheap
    };
    if cheap.is_none() || instance.len().saturating_mul(spec.m) > LP_MAX_CELLS {
        return cheap;
    }
    let lp = if spec.caps.met_by(&fairness, 0.0) {
        lp_objective_bound(instance, spec)
    } else {
        let mut uncapped = spec.clone();
        uncapped.caps = Caps::NONE;
        lp_objective_bound(instance, &uncapped)
    };
    tighten(cheap, lp)
}
