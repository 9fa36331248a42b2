//! The paper's feasibility ILP(gamma1, gamma2), (2a)-(2e): one solve with the caps, once more
//! with tightened caps when a solution slips past the exact check.

use super::run::Run;
use crate::milp::backend::MipStatus;
use crate::milp::formulation::{self, Base};
use fairshard_harness::{Partition, Proof, SolveContext, SolveError, SolveOutcome, Status};

impl Run<'_> {
    /// The paper's feasibility ILP(gamma1, gamma2).
    pub(super) fn feasibility(
        mut self,
        base: Base,
        start: Option<Partition>,
        ctx: &SolveContext,
    ) -> Result<SolveOutcome, SolveError> {
        if let Some(p) = start {
            return Ok(self.outcome(Some(p), Status::Feasible, "the warm start meets the caps"));
        }
        let mut tight = false;
        let mut base = base;
        loop {
            let res = self.mip(&base.model, None, 0.0, ctx);
            match res.status {
                MipStatus::Failed => return Err(self.failed(&res)),
                MipStatus::Infeasible if tight => {
                    return Ok(self.outcome(
                        None,
                        Status::Unknown,
                        "only partitions within relative 1e-7 of the caps: not decided",
                    ));
                }
                MipStatus::Infeasible => {
                    return Ok(self
                        .outcome(None, Status::Infeasible, "no partition within the caps")
                        .proven_by(Proof::Mip));
                }
                _ => {}
            }
            let found = res.x.as_ref().map(|x| formulation::decode(&self.data, x));
            match found {
                Some(p) if self.meets_caps(&p) => {
                    return Ok(self.outcome(Some(p), Status::Feasible, "within the caps"));
                }
                Some(_) if !tight && !ctx.expired() => {
                    tight = true;
                    base = self.tightened();
                }
                _ if res.status == MipStatus::TimeLimit || ctx.expired() => {
                    return Ok(self.outcome(None, Status::TimeLimit, "no partition within the caps found in time"));
                }
                _ => {
                    return Ok(self.outcome(None, Status::Unknown, "the backend's solutions break the exact caps"));
                }
            }
        }
    }
}
