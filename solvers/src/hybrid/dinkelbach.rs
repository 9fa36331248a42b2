//! Ratio minimisation by Dinkelbach iterations (single ratios without caps, or with
//! bracketing turned off): see the module docs of [`super`].

use super::run::{Run, Stop};
use crate::milp::backend::MipStatus;
use crate::milp::formulation::{self, Base};
use crate::milp::ratio_bound;
use fairshard_harness::{Partition, Proof, SolveContext, SolveError, SolveOutcome, Status};

impl Run<'_> {
    /// Dinkelbach iterations on the target's ratio (see the module docs).
    pub(super) fn dinkelbach(
        mut self,
        base: Base,
        start: Option<Partition>,
        proven: bool,
        ctx: &SolveContext,
    ) -> Result<SolveOutcome, SolveError> {
        let m = self.spec.m as f64;
        let mut base = base;
        let mut tight = false;
        let (incumbent, by_search, bound) = self.opening(start, proven);
        let (mut incumbent, mut bound) = self.strengthen(incumbent, bound, ctx);
        let tol = self.tolerance();
        let stop = loop {
            let t = incumbent.as_ref().map_or(1.0, |(_, r)| *r);
            if incumbent.is_some() && t - bound <= tol(t) {
                break Stop::Converged;
            }
            if ctx.expired() {
                break Stop::TimeLimit;
            }
            // F-units per gamma-unit near t: Min >= m / (1 + (m - 1) t).
            let per_gamma = m / (1.0 + (m - 1.0) * t);
            let model = formulation::with_ratio_objective(&base, self.objective, t);
            let warm = incumbent
                .as_ref()
                .map(|(p, _)| formulation::encode(&self.data, &base, &model, p, Some(t)));
            let res = self.mip(&model, warm.as_deref(), 0.1 * tol(t) * per_gamma, ctx);
            match res.status {
                MipStatus::Failed => return Err(self.failed(&res)),
                MipStatus::Infeasible if incumbent.is_none() && !tight => {
                    return Ok(self
                        .outcome(None, Status::Infeasible, "no partition within the caps")
                        .proven_by(Proof::Mip));
                }
                MipStatus::Infeasible => break Stop::Stalled,
                _ => {}
            }
            if !tight && let Some(lb) = res.bound {
                bound = bound.max(ratio_bound(t, lb, self.spec.m));
            }
            let mut improved = false;
            if let Some(x) = &res.x {
                let p = formulation::decode(&self.data, x);
                if self.meets_caps(&p) {
                    let r = self.ratio(&p);
                    if incumbent.as_ref().is_none_or(|(_, best)| r < *best) {
                        incumbent = Some((p, r));
                        improved = true;
                    }
                } else if !tight {
                    tight = true;
                    base = self.tightened();
                    continue;
                }
            }
            if res.status == MipStatus::TimeLimit {
                break Stop::TimeLimit;
            }
            if !improved {
                let t = incumbent.as_ref().map_or(f64::INFINITY, |(_, r)| *r);
                if t - bound <= tol(t) {
                    break Stop::Converged;
                }
                break Stop::Stalled;
            }
        };
        self.finish(incumbent, bound, stop, by_search)
    }
}
