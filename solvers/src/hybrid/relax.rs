//! The bound before any query: the cheap and anchor bounds, a proof by `heur/complete`, and
//! the lump bound; then [`Run::strengthen`], which raises the bound by the lump relaxation
//! and looks for a partition within the tolerance of it by target balancing.

use super::run::Run;
use super::tuning::{LUMP_ITEMS_PER_SUBSET, LUMP_SHARE};
use crate::milp::formulation;
use crate::milp::relax::relaxed_bound;
use crate::milp::scaled_caps;
use fairshard_harness::{CAP_TOLERANCE, Partition, SolveContext};

impl Run<'_> {
    /// The incumbent (and its ratio) from `start`, whether `heur/complete` proved it optimal,
    /// and the bound on the ratio before any MIP: an incumbent meeting it needs no proving
    /// solve.
    pub(super) fn opening(&self, start: Option<Partition>, proven: bool) -> (Option<(Partition, f64)>, bool, f64) {
        let incumbent = start.map(|p| {
            let r = self.ratio(&p);
            (p, r)
        });
        let by_search = proven && incumbent.is_some();
        let bound = self.first_bound(incumbent.as_ref().map(|(_, r)| *r), by_search);
        (incumbent, by_search, bound)
    }

    /// The lower bound on the target's ratio that holds before any MIP: the cheap bound, the
    /// anchor bound of the caps, and a proof by `heur/complete` of the start (`by_search`).
    /// A pure backend (no combinatorial bounds) starts from the trivial bound 1.
    pub(super) fn first_bound(&self, incumbent: Option<f64>, by_search: bool) -> f64 {
        if self.solver.pure {
            return 1.0;
        }
        let mut bound = crate::bounds::objective_bound(self.instance, self.spec.m, self.spec.target)
            .filter(|b| b.is_finite())
            .map_or(1.0, |b| 1.0 + b);
        if let Some(b) = crate::bounds::anchor_bound(self.instance, self.spec).filter(|b| b.is_finite()) {
            bound = bound.max(1.0 + b);
        }
        if let Some(r) = incumbent.filter(|_| by_search) {
            bound = bound.max(r);
        }
        bound
    }

    /// The lump bound: [`relaxed_bound`] on [`formulation::lump_relaxation`] with
    /// [`LUMP_ITEMS_PER_SUBSET`] integer items per subset, from the incumbent's ratio `t`, within
    /// [`LUMP_SHARE`] of the remaining time. `None` when the relaxation would be the model
    /// itself, or nothing was proven in time.
    pub(super) fn lump_bound(&mut self, t: f64, enough: f64, ctx: &SolveContext) -> Option<f64> {
        let keep = LUMP_ITEMS_PER_SUBSET * self.spec.m;
        if keep >= self.data.items.len() {
            return None;
        }
        let sub = ctx.share(LUMP_SHARE);
        let base = formulation::build(
            &self.data,
            scaled_caps(&self.spec.caps, 1.0 + CAP_TOLERANCE),
            self.objective,
            self.solver.formulation,
        );
        let data = self.data.clone();
        let objective = self.objective;
        relaxed_bound(
            &data,
            &base,
            objective,
            t,
            enough,
            |model| formulation::lump_relaxation(&data, model, keep),
            |model| (!sub.expired()).then(|| self.mip_gaps(model, None, (0.0, 0.0), &sub)),
        )
        .filter(|b| b.is_finite())
    }

    /// The opening incumbent and bound, strengthened when the gap exceeds the tolerance: the
    /// bound by the lump bound, then the incumbent by target balancing (neither for a pure
    /// backend).
    pub(super) fn strengthen(
        &mut self,
        mut incumbent: Option<(Partition, f64)>,
        mut bound: f64,
        ctx: &SolveContext,
    ) -> (Option<(Partition, f64)>, f64) {
        let tol = self.tolerance();
        let Some(r) = incumbent.as_ref().map(|(_, r)| *r) else {
            return (incumbent, bound);
        };
        if self.solver.pure || !r.is_finite() || r - bound <= tol(r) || ctx.expired() {
            return (incumbent, bound);
        }
        let solves = self.stats.solves;
        if let Some(b) = self.lump_bound(r, 0.1 * tol(r), ctx) {
            bound = bound.max(b.min(r));
        }
        if r - bound > tol(r)
            && !ctx.expired()
            && let Some((p, found)) = self.balanced(bound + tol(bound), ctx)
            && found < r
        {
            incumbent = Some((p, found));
        }
        if self.stats.solves > solves {
            // The relaxations' own statuses say nothing about the run.
            self.last_raw = format!(
                "{}: lump bound and target balancing, {} relaxed solves",
                self.solver.backend.name(),
                self.stats.solves - solves
            );
        }
        (incumbent, bound)
    }
}
