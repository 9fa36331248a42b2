//! Relaxations of the ratio problem and the lower bounds they certify.
//!
//! Dinkelbach's method on a relaxation ([`relaxed_bound`]): at ratio t, minimise
//! `F(t) = Max - t * Min` (for balanced, the larger of the two quantities' terms) over the
//! relaxed region; a proven lower bound `LB` on `F(t)` certifies a lower bound on every
//! partition's gamma ([`ratio_bound`]), and the minimiser's own ratio is the next t.
//!
//! - [`lp_bound`]: the LP relaxation of the compact model on per-task binaries (every
//!   variable fractional). Weak where no single task dominates, useful when some task is
//!   larger than a fair share; the heuristics' certified bound uses it where it helps.
//! - [`lump_bound`]: the lump relaxation ([`formulation::lump_relaxation`]): the largest
//!   items stay integer, the rest fractional; with every item kept it is the exact optimum.
//!
//! Invariant: every bound comes from a model that every partition the harness accepts
//! satisfies (the caps loosened by the harness's `CAP_TOLERANCE`), solved to proven
//! optimality without a time limit here (the exact driver runs the same iterations under its
//! own clock).

use super::backend::{MipRequest, MipResult, MipStatus};
use super::formulation::{self, Base, Formulation, Quantity, Scaled, Vars};
use super::model::Model;
use super::{COMPACT, lp_backend};
use fairshard_harness::{CAP_TOLERANCE, Caps, Instance, RunSpec, Target};

/// The quantities whose ratio `target` minimises.
pub fn objective_of(target: Target) -> &'static [Quantity] {
    match target {
        Target::Workload => &[Quantity::Workload],
        Target::Profit => &[Quantity::Profit],
        Target::Balanced => &[Quantity::Workload, Quantity::Profit],
        // Makespan is no ratio: its model is linear (see `formulation`).
        Target::Makespan | Target::Feasibility => &[],
    }
}

/// The quantities whose `Max`/`Min` columns the model of `target` needs: the objective's
/// ratios, and for the makespan the workload (its `Max` is the objective, see
/// [`formulation::with_makespan_objective`]).
pub fn spread_of(target: Target) -> &'static [Quantity] {
    match target {
        Target::Makespan => &[Quantity::Workload],
        t => objective_of(t),
    }
}

/// Caps per quantity, multiplied by `factor`.
pub fn scaled_caps(caps: &Caps, factor: f64) -> [Option<f64>; 2] {
    [caps.gamma1.map(|g| g * factor), caps.gamma2.map(|g| g * factor)]
}

/// Most Dinkelbach iterations on a relaxation.
const RELAXED_ITERATIONS: usize = 30;

/// Dinkelbach iterations on a relaxation of the ratio problem built on `base`: from `t0`,
/// minimise `F(t)` over `relax(model)`; the proven lower bound on it certifies
/// [`ratio_bound`]; the minimiser's own ratio (its loads may be fractional) is the next t.
/// Stops when that ratio is within `enough` of the bound, stops falling, after
/// [`RELAXED_ITERATIONS`], or when `solve` returns `None` (out of time) or a failure; the
/// bounds proven before stand. The bound on gamma: `Some(inf)` when the first solve proves
/// the relaxation infeasible (so is every partition), `None` when no solve proved anything.
pub(crate) fn relaxed_bound(
    data: &Scaled,
    base: &Base,
    objective: &[Quantity],
    t0: f64,
    enough: f64,
    relax: impl Fn(Model) -> Model,
    mut solve: impl FnMut(&Model) -> Option<MipResult>,
) -> Option<f64> {
    let mut t = t0;
    let mut bound: Option<f64> = None;
    let mut solved = false;
    for _ in 0..RELAXED_ITERATIONS {
        let model = relax(formulation::with_ratio_objective(base, objective, t));
        let Some(res) = solve(&model) else { break };
        match res.status {
            // The relaxation's region does not depend on t: infeasible after a solution is
            // the backend's artefact, not a proof.
            MipStatus::Infeasible if !solved => return Some(f64::INFINITY),
            MipStatus::Infeasible | MipStatus::Failed => break,
            _ => {}
        }
        solved |= res.x.is_some();
        if let Some(lb) = res.bound {
            let b = ratio_bound(t, lb, data.m);
            bound = Some(bound.map_or(b, |old: f64| old.max(b)));
        }
        let Some(x) = res.x.filter(|_| res.status != MipStatus::TimeLimit) else {
            break;
        };
        let loads = data.solution_loads(&x);
        let next = objective
            .iter()
            .map(|&q| {
                let load = &loads[q as usize];
                let max = load.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let min = load.iter().copied().fold(f64::INFINITY, f64::min);
                max / min.max(f64::MIN_POSITIVE)
            })
            .fold(1.0, f64::max);
        if bound.is_some_and(|b| next - b <= enough) || (t > 1.0 && next >= t) {
            break;
        }
        t = next;
    }
    bound
}

/// The lower bound on every partition's ratio that `F(t) >= lb` certifies: in scaled units
/// `m / (1 + (m - 1) gamma) <= Min <= 1`, so `gamma >= t + lb` when `lb >= 0` and
/// `gamma >= min(t, t + lb (1 + (m - 1) t) / m)` when `lb < 0`.
pub fn ratio_bound(t: f64, lb: f64, m: usize) -> f64 {
    let m = m as f64;
    if lb >= 0.0 {
        t + lb
    } else {
        t + lb * (1.0 + (m - 1.0) * t) / m
    }
}

/// A lower bound on `spec.target`'s objective (gamma - 1) from the LP relaxation of the
/// compact model on per-task binaries (with `spec`'s caps and symmetry breaking, both valid for every partition):
/// Dinkelbach iterations on the relaxation, each LP optimum `F(t)` certifying
/// `gamma >= t + min(0, F) (1 + (m-1) t) / m` as in [`relaxed_bound`]. `None` for the feasibility
/// target, when no LP backend is compiled in, or when no LP proved anything; `Some(inf)` when
/// the relaxation is infeasible (so is every partition).
///
/// Weak where no single task dominates (fractional assignments balance everything), useful
/// when some task is larger than a fair share. O(iterations) LP solves, at most 30.
pub fn lp_bound(instance: &Instance, spec: &RunSpec) -> Option<f64> {
    relaxation_bound(instance, spec, 0)
}

/// A lower bound on `spec.target`'s objective (gamma - 1) from the lump relaxation
/// ([`formulation::lump_relaxation`]): the `keep` largest tasks stay binary, the others are
/// fractional; otherwise as [`lp_bound`] (which is `keep = 0`), each relaxation solved to
/// optimality without a time limit. With `keep >= n` it is the exact optimum once Dinkelbach
/// converges (at most 30 iterations). The ILP solvers compute their own (on their formulation,
/// from their start's ratio, under their time limit) before any query.
pub fn lump_bound(instance: &Instance, spec: &RunSpec, keep: usize) -> Option<f64> {
    relaxation_bound(instance, spec, keep)
}

fn relaxation_bound(instance: &Instance, spec: &RunSpec, keep: usize) -> Option<f64> {
    let backend = lp_backend()?;
    spec.validate(instance).ok()?;
    let objective = objective_of(spec.target);
    if objective.is_empty() {
        return None;
    }
    // Per-task binaries: the triangular symmetry breaking fixes the largest task in subset 0,
    // which is what lets the relaxation see a dominant task (an aggregated relaxation splits it).
    let f = Formulation {
        vars: Vars::PerTask,
        ..COMPACT
    };
    let data = Scaled::new(instance, spec.m, f.vars);
    if objective.iter().any(|&q| !data.finite_possible(q)) {
        return Some(f64::INFINITY);
    }
    let caps = scaled_caps(&spec.caps, 1.0 + CAP_TOLERANCE);
    let base = formulation::build(&data, caps, objective, f);
    let relax = |model: Model| match keep {
        0 => model.relaxed(),
        k => formulation::lump_relaxation(&data, model, k),
    };
    let bound = relaxed_bound(&data, &base, objective, 1.0, 1e-9, relax, |model| {
        let res = backend.solve(&MipRequest {
            model,
            start: None,
            time_limit: None,
            threads: Some(1),
            abs_gap: 0.0,
            rel_gap: 0.0,
            log: false,
        });
        // Only solves that ended proven: their bound is their value.
        (res.status != MipStatus::TimeLimit).then_some(res)
    })?;
    Some(bound.max(1.0) - 1.0)
}
