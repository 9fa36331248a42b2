//! `ilp/highs`: HiGHS through good_lp. The model is built with good_lp's API; the solve runs
//! on the HiGHS model good_lp produces, so that the dual bound and node count (which good_lp's
//! `solve` drops) reach the record.

use super::backend::{Backend, MipRequest, MipResult};
use super::{good, highs_common};

/// HiGHS through good_lp.
pub struct GoodLpHighs;

impl Backend for GoodLpHighs {
    fn version(&self) -> String {
        super::highs_common::version()
    }

    fn name(&self) -> &'static str {
        "HiGHS (good_lp)"
    }

    fn threads(&self, requested: Option<u32>) -> u32 {
        requested.unwrap_or_else(highs_common::default_threads)
    }

    fn solve(&self, req: &MipRequest<'_>) -> MipResult {
        let (problem, _) = good::build(req.model, good_lp::solvers::highs::highs);
        match problem.try_into_inner() {
            Ok(model) => highs_common::solve(model, req, &[]),
            Err(e) => MipResult::failed(format!("good_lp could not build the HiGHS model: {e}")),
        }
    }
}
