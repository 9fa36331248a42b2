//! `ilp/microlp`: the pure-Rust microlp through good_lp. Single-threaded, honours time
//! limits, no absolute gap (so Dinkelbach's proving step asks for a zero relative gap); far
//! slower at proving optimality than HiGHS or CBC: for tiny instances and as a dependency-free
//! reference.

use super::backend::{Backend, MipRequest, MipResult, MipStatus};
use super::good;
use good_lp::{ResolutionError, Solution, SolverModel, WithInitialSolution, WithTimeLimit, solvers::SolutionStatus};

/// microlp through good_lp.
pub struct GoodLpMicrolp;

impl Backend for GoodLpMicrolp {
    fn name(&self) -> &'static str {
        "microlp (good_lp)"
    }

    fn version(&self) -> String {
        // microlp does not report its version; Cargo.lock pins it.
        "microlp (the version Cargo.lock pins)".to_owned()
    }

    fn threads(&self, _requested: Option<u32>) -> u32 {
        1
    }

    fn solve(&self, req: &MipRequest<'_>) -> MipResult {
        let (mut problem, vars) = good::build(req.model, good_lp::solvers::microlp::microlp);
        if let Some(t) = req.time_limit {
            problem = problem.with_time_limit(t.max(0.0));
        }
        if let Some(start) = req.start {
            problem = problem.with_initial_solution(vars.iter().copied().zip(start.iter().copied()));
        }
        let done = |status, raw: String, x, bound| MipResult::single_thread(status, raw, x, bound, req.time_limit);
        match problem.solve() {
            Err(ResolutionError::Infeasible) => done(MipStatus::Infeasible, "infeasible".into(), None, None),
            Err(ResolutionError::Other(msg)) if msg.starts_with("Time limit") => {
                done(MipStatus::TimeLimit, msg.into(), None, None)
            }
            Err(e) => done(MipStatus::Failed, format!("microlp failed: {e}"), None, None),
            Ok(sol) => {
                let x: Vec<f64> = vars.iter().map(|&v| sol.value(v)).collect();
                let objective = req.model.objective(&x);
                match sol.status() {
                    SolutionStatus::Optimal => done(MipStatus::Optimal, "optimal".into(), Some(x), Some(objective)),
                    SolutionStatus::GapLimit => done(MipStatus::GapLimit, "stopped on gap".into(), Some(x), None),
                    SolutionStatus::TimeLimit => done(MipStatus::TimeLimit, "stopped on time".into(), Some(x), None),
                }
            }
        }
    }
}
