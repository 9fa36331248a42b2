//! One run of [`IlpSolver`]: its state, the backend calls, the exact re-check of every
//! solution, and the dispatch to the concerns in the sibling modules (feasibility,
//! bracketing, Dinkelbach).

use super::IlpSolver;
use super::tuning::{ITER_REL_GAP, OPT_TOL, TIGHTEN};
use crate::milp::backend::{MipRequest, MipResult};
use crate::milp::formulation::{self, Base, Quantity, Scaled};
use crate::milp::model::Model;
use crate::milp::scaled_caps;
use fairshard_harness::{
    CAP_TOLERANCE, Caps, Effective, Instance, Partition, Proof, RunSpec, SolveContext, SolveError, SolveOutcome, Stats,
    Status, Target,
};

/// One run's state.
pub(super) struct Run<'a> {
    pub(super) solver: &'a IlpSolver,
    pub(super) instance: &'a Instance,
    pub(super) spec: &'a RunSpec,
    pub(super) data: Scaled,
    pub(super) objective: &'static [Quantity],
    pub(super) stats: Stats,
    pub(super) effective: Effective,
    pub(super) last_raw: String,
    /// How `heur/complete` proved the start optimal, when it did.
    pub(super) start_proof: Proof,
}

/// Where a ratio minimisation stopped.
pub(super) enum Stop {
    Converged,
    TimeLimit,
    Stalled,
}

impl Run<'_> {
    pub(super) fn meets_caps(&self, p: &Partition) -> bool {
        p.check(self.instance).is_ok()
            && p.m() == self.spec.m
            && self.spec.caps.met_by(&p.fairness(self.instance), CAP_TOLERANCE)
    }

    /// gamma of the target for `p` (1 + the target's objective).
    pub(super) fn ratio(&self, p: &Partition) -> f64 {
        1.0 + self
            .spec
            .target
            .objective(&p.fairness(self.instance))
            .unwrap_or(f64::INFINITY)
    }

    pub(super) fn tightened(&self) -> Base {
        formulation::build(
            &self.data,
            scaled_caps(&self.spec.caps, 1.0 - TIGHTEN),
            self.objective,
            self.solver.formulation,
        )
    }

    pub(super) fn mip(&mut self, model: &Model, start: Option<&[f64]>, abs_gap: f64, ctx: &SolveContext) -> MipResult {
        self.mip_gaps(model, start, (abs_gap, ITER_REL_GAP), ctx)
    }

    /// One backend call with absolute and relative gaps `(abs, rel)`.
    pub(super) fn mip_gaps(
        &mut self,
        model: &Model,
        start: Option<&[f64]>,
        gaps: (f64, f64),
        ctx: &SolveContext,
    ) -> MipResult {
        let req = MipRequest {
            model,
            start,
            time_limit: ctx.remaining().map(|d| d.as_secs_f64()),
            threads: self.spec.threads,
            abs_gap: gaps.0,
            rel_gap: gaps.1,
            log: self.spec.solver_log,
        };
        let res = self.solver.backend.solve(&req);
        self.stats.solves += 1;
        self.stats.nodes += res.nodes;
        self.effective = Effective {
            mip_gap: Some(self.spec.mip_gap.unwrap_or(0.0)),
            // The run's limit as the backend applies it (each call gets what remains of it).
            time_limit_s: self.effective.time_limit_s,
            ..res.effective
        };
        self.last_raw = format!("{}: {}", self.solver.backend.name(), res.raw);
        res
    }

    pub(super) fn outcome(&self, partition: Option<Partition>, status: Status, note: &str) -> SolveOutcome {
        let mut out = SolveOutcome::new(partition, status);
        out.raw_status = if self.last_raw.is_empty() {
            note.to_owned()
        } else {
            format!("{}; {note}", self.last_raw)
        };
        out.stats = self.stats;
        out.effective = self.effective;
        out
    }

    pub(super) fn solve(mut self, base: Base, ctx: &SolveContext) -> Result<SolveOutcome, SolveError> {
        let begin = self.start(ctx);
        if let Some(proof) = begin.infeasible {
            return Ok(self
                .outcome(
                    None,
                    Status::Infeasible,
                    "infeasible: proven by heur/complete before any MIP (the capped quantity's minimum breaks its cap)",
                )
                .proven_by(proof));
        }
        let (start, proven) = (begin.partition, begin.proven.is_some());
        self.start_proof = begin.proven.unwrap_or(Proof::None);
        if self.spec.target == Target::Feasibility {
            self.feasibility(base, start, ctx)
        } else if self.spec.target == Target::Makespan {
            self.makespan(base, start, proven, ctx)
        } else if self.spec.caps != Caps::NONE && self.solver.bracket {
            self.bracket(start, proven, ctx)
        } else {
            self.dinkelbach(base, start, proven, ctx)
        }
    }

    /// The gap at which a ratio minimisation at ratio r may stop: the larger of the relative
    /// MIP gap on r - 1, the absolute gap, and [`OPT_TOL`].
    pub(super) fn tolerance(&self) -> impl Fn(f64) -> f64 + use<> {
        let (rel, abs) = (self.spec.mip_gap.unwrap_or(0.0), self.spec.abs_gap.unwrap_or(0.0));
        move |r: f64| (rel * (r - 1.0)).max(abs).max(OPT_TOL)
    }

    /// The outcome of a ratio minimisation that ended with `incumbent` and `bound` (on gamma).
    pub(super) fn finish(
        &self,
        incumbent: Option<(Partition, f64)>,
        bound: f64,
        stop: Stop,
        by_search: bool,
    ) -> Result<SolveOutcome, SolveError> {
        let bound_excess = (bound - 1.0).max(0.0);
        let (partition, r) = match incumbent {
            Some((p, r)) => (Some(p), r),
            None => (None, f64::INFINITY),
        };
        let (status, note) = match stop {
            Stop::Converged if by_search => (
                Status::Optimal,
                "optimal: proven by heur/complete before any MIP (see proved_by)",
            ),
            Stop::Converged if r - bound <= OPT_TOL && self.stats.solves == 0 => (
                Status::Optimal,
                "optimal: the start meets the certified bound, no MIP needed",
            ),
            Stop::Converged if r - bound <= OPT_TOL => (Status::Optimal, "converged: optimal"),
            Stop::Converged => (Status::GapLimit, "converged within the requested gap"),
            Stop::TimeLimit => (Status::TimeLimit, "time limit: best partition and bound so far"),
            Stop::Stalled if partition.is_none() => (Status::Unknown, "no partition within the caps found"),
            Stop::Stalled => (Status::Feasible, "stalled before proving optimality"),
        };
        let mut out = self.outcome(partition, status, note);
        out.proof = match (status, by_search, self.stats.solves) {
            (Status::Optimal, true, _) => self.start_proof,
            (Status::Optimal, false, 0) => Proof::Bound,
            (Status::Optimal, false, _) => Proof::Mip,
            _ => Proof::None,
        };
        out.bound = Some(if r.is_finite() {
            bound_excess.min(r - 1.0)
        } else {
            bound_excess
        });
        Ok(out)
    }

    pub(super) fn failed(&self, res: &MipResult) -> SolveError {
        SolveError::Backend {
            solver: self.solver.id.to_owned(),
            message: res.raw.clone(),
        }
    }
}
