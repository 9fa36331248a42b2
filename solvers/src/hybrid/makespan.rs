//! The makespan target: one MIP minimising the largest subset workload, `Max` with
//! `L_i <= Max` for every subset (linear, no Dinkelbach), under the run's caps when it has
//! any, warm-started from the start partition.
//!
//! Workloads are scaled by the mean subset workload `T/m`, so `Max - 1` is the target's value
//! (the largest subset workload over `T/m`, minus 1). The backend's dual bound, less a relative
//! 1e-9 for the scaling's rounding and at least 0 (no subset is below the mean), is the
//! certified bound, never above the value of the partition returned; the hybrid ids (not the
//! pure `mip/...` ones) take the larger of it and the combinatorial bound
//! ([`crate::bounds::makespan_lo`]: ceil(T/m), the largest workload, the sums of ranks
//! `jm - j..=jm`), which proves a partition meeting it optimal whatever the MIP's status
//! (the caps only remove partitions, so the bound stays valid under them). The model keeps
//! every subset non-empty, which never raises the optimum when at least m contracts have a
//! positive workload (move the lightest of a subset with two into the empty one); with fewer
//! the solver refuses the instance.

use super::run::Run;
use crate::milp::backend::MipStatus;
use crate::milp::formulation::{self, Base};
use fairshard_harness::{Partition, Proof, SolveContext, SolveError, SolveOutcome, Status, makespan_excess};

/// Relative margin taken off the backend's bound for the scaled coefficients' rounding.
const BOUND_MARGIN: f64 = 1e-9;

impl Run<'_> {
    /// The largest subset workload, minimised by one MIP (see the module docs).
    pub(super) fn makespan(
        mut self,
        base: Base,
        start: Option<Partition>,
        proven: bool,
        ctx: &SolveContext,
    ) -> Result<SolveOutcome, SolveError> {
        let value = |run: &Self, p: &Partition| run.ratio(p) - 1.0;
        if proven && let Some(p) = start {
            let v = value(&self, &p);
            let mut out = self.outcome(
                Some(p),
                Status::Optimal,
                "optimal: proven by heur/complete before any MIP (see proved_by)",
            );
            out.proof = self.start_proof;
            out.bound = Some(v);
            return Ok(out);
        }
        let model = formulation::with_makespan_objective(&base);
        let warm = start
            .as_ref()
            .map(|p| formulation::encode(&self.data, &base, &model, p, None));
        let gaps = (self.spec.abs_gap.unwrap_or(0.0), self.spec.mip_gap.unwrap_or(0.0));
        let res = self.mip_gaps(&model, warm.as_deref(), gaps, ctx);
        if res.status == MipStatus::Failed {
            return Err(self.failed(&res));
        }
        if res.status == MipStatus::Infeasible && start.is_none() {
            return Ok(self
                .outcome(None, Status::Infeasible, "no partition within the caps")
                .proven_by(Proof::Mip));
        }
        // The better of the backend's partition (within the caps, checked exactly) and the start.
        let found = res
            .x
            .as_ref()
            .map(|x| formulation::decode(&self.data, x))
            .filter(|p| self.meets_caps(p));
        let best = match (found, start) {
            (Some(a), Some(b)) => Some(if value(&self, &a) <= value(&self, &b) { a } else { b }),
            (a, b) => a.or(b),
        };
        let Some(best) = best else {
            let status = if res.status == MipStatus::TimeLimit || ctx.expired() {
                Status::TimeLimit
            } else {
                Status::Unknown
            };
            return Ok(self.outcome(None, status, "no partition within the caps found"));
        };
        let v = value(&self, &best);
        // The largest subset is never below the mean: the value is never negative.
        let mip_bound = res.bound.map(|b| ((b - 1.0) - BOUND_MARGIN * b.abs()).max(0.0));
        // The hybrid ids add the combinatorial bound (ceil(T/m), the largest workload, the
        // sums of ranks jm - j..=jm: `bounds::makespan_lo`), in the objective's own formula;
        // the pure ids report the backend's alone.
        let comb_bound = (!self.solver.pure).then(|| {
            let w: Vec<u128> = self.instance.tasks().iter().map(|t| u128::from(t.workload)).collect();
            let total: u128 = w.iter().sum();
            makespan_excess(crate::bounds::makespan_lo(&w, total, self.spec.m), total, self.spec.m).max(0.0)
        });
        let bound = match (mip_bound, comb_bound) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
        .map(|b| b.min(v));
        let tolerance = self.tolerance()(1.0 + v);
        let closed = bound.is_some_and(|b| v - b <= tolerance);
        let at_comb = comb_bound.is_some_and(|b| v - b.min(v) <= tolerance);
        let (status, note) = match res.status {
            _ if at_comb => (Status::Optimal, "optimal: the partition meets the combinatorial bound"),
            MipStatus::Optimal if closed => (Status::Optimal, "optimal: the MIP's bound meets the partition"),
            MipStatus::Optimal | MipStatus::GapLimit => (Status::GapLimit, "stopped within the requested gap"),
            MipStatus::TimeLimit => (Status::TimeLimit, "time limit: best partition and bound so far"),
            // Infeasible with a start within the caps: the MIP's tolerances disagree with the
            // exact check, which the start passes.
            _ => (
                Status::Feasible,
                "the MIP found no partition within its tolerances: the start, within the exact caps, kept",
            ),
        };
        let mut out = self.outcome(Some(best), status, note);
        if status == Status::Optimal {
            out.proof = if at_comb { Proof::Bound } else { Proof::Mip };
        }
        out.bound = bound;
        Ok(out)
    }
}
