//! `ilp/cbc`: COIN-OR CBC through good_lp (Debian's libCbc).
//!
//! CBC takes whole seconds (`sec`, rounded up here and recorded as such), runs on one thread
//! (good_lp's `singlethread-cbc` lock: CBC solves never overlap in one process), is silenced
//! with log level 0, and gives its best bound (`best_possible_value`).

use super::backend::{Backend, MipRequest, MipResult, MipStatus};
use super::good;
use good_lp::{ResolutionError, Solution, SolverModel, WithInitialSolution, solvers::SolutionStatus};

/// CBC through good_lp.
pub struct GoodLpCbc;

/// The factor CBC's objective is multiplied by for an absolute gap `abs_gap`: the gap scaled
/// to 1e-6, the factor within [1, 1e6]; 1 without a gap.
pub fn objective_scale(abs_gap: f64) -> f64 {
    if abs_gap > 0.0 && abs_gap.is_finite() {
        (1e-6 / abs_gap).clamp(1.0, 1e6)
    } else {
        1.0
    }
}

/// CBC's time limit for `seconds`: whole seconds, at least 1.
pub fn whole_seconds(seconds: f64) -> f64 {
    seconds.ceil().max(1.0)
}

impl Backend for GoodLpCbc {
    fn name(&self) -> &'static str {
        "CBC (good_lp)"
    }

    fn version(&self) -> String {
        format!("CBC {}", coin_cbc::raw::Model::version())
    }

    fn threads(&self, _requested: Option<u32>) -> u32 {
        1
    }

    fn time_limit(&self, seconds: f64) -> f64 {
        whole_seconds(seconds)
    }

    fn solve(&self, req: &MipRequest<'_>) -> MipResult {
        // CBC compares objective values with absolute tolerances near 1e-7 (its LP's dual
        // tolerance): on Dinkelbach's F(t) = Max - t Min, with loads scaled to a mean of 1,
        // whole improvements near gamma = 1 are that small, and CBC declared
        // `lognormal:n=1000,seed=1` at m = 20 optimal at gamma1 - 1 = 3.85e-7 (root LP
        // -3.8e-7, "cuts changed objective to -inf", then "optimal") where 1.28e-7 exists.
        // The objective is scaled so that the requested absolute gap becomes 1e-6; values
        // and bounds are read back unscaled.
        let k = objective_scale(req.abs_gap);
        let scaled;
        let model = if k == 1.0 {
            req.model
        } else {
            let mut m = req.model.clone();
            m.cols.iter_mut().for_each(|c| c.cost *= k);
            scaled = m;
            &scaled
        };
        let (mut problem, vars) = good::build(model, good_lp::solvers::coin_cbc::coin_cbc);
        problem.set_log_level(if req.log { 1 } else { 0 });
        let time_limit = req.time_limit.map(whole_seconds);
        if let Some(t) = time_limit {
            problem.set_parameter("sec", &format!("{t}"));
        }
        problem.set_parameter("allowableGap", &format!("{:e}", req.abs_gap * k));
        // A new incumbent must beat the last by the cutoff increment (1e-5 by default): the
        // requested gap instead.
        problem.set_parameter("increment", &format!("{:e}", (req.abs_gap * k).max(1e-12)));
        // CBC's ratioGap is relative to the root LP's objective, not to the incumbent: a
        // Dinkelbach step would stop far from its optimum. Only the absolute gap is passed.
        // Tight tolerances, so solutions pass the exact cap check (as for HiGHS).
        problem.set_parameter("primalTolerance", "1e-9");
        problem.set_parameter("integerTolerance", "1e-9");
        if !req.log {
            // The LP solver (Clp) inside CBC has its own log level.
            problem.set_parameter("slogLevel", "0");
        }
        if let Some(start) = req.start {
            problem = problem.with_initial_solution(vars.iter().copied().zip(start.iter().copied()));
        }
        let done = |status, raw: String, x, bound| MipResult::single_thread(status, raw, x, bound, time_limit);
        match problem.solve() {
            Err(ResolutionError::Infeasible) => done(MipStatus::Infeasible, "infeasible".into(), None, None),
            Err(e) => done(MipStatus::Failed, format!("CBC failed: {e}"), None, None),
            Ok(sol) => {
                let (status, raw) = match sol.status() {
                    SolutionStatus::Optimal => (MipStatus::Optimal, "optimal"),
                    SolutionStatus::GapLimit => (MipStatus::GapLimit, "stopped on gap"),
                    SolutionStatus::TimeLimit => (MipStatus::TimeLimit, "stopped on time"),
                };
                let x: Vec<f64> = vars.iter().map(|&v| sol.value(v)).collect();
                // When the start solution is the cutoff and nothing beats it, CBC may finish
                // "optimal" with values that are no solution (the LP relaxation's, or zeros):
                // the start is then the optimum.
                let integral = req.model.is_solution(&x, 1e-6);
                let x = match (integral, req.start) {
                    (true, _) => Some(x),
                    (false, Some(start)) if status == MipStatus::Optimal => Some(start.to_vec()),
                    (false, None) if status == MipStatus::Optimal => {
                        // A finished search without a solution or cutoff: there is none
                        // (CBC's preprocessing proved it, without the "proven infeasible" flag).
                        return done(MipStatus::Infeasible, "finished without a solution".into(), None, None);
                    }
                    (false, _) => None,
                };
                let best_possible =
                    Some(sol.model().best_possible_value() / k).filter(|b| b.is_finite() && b.abs() < 1e50);
                // A finished search proves its incumbent within the absolute gap (CBC's
                // best_possible_value is then often the root's).
                let bound = match (&x, status) {
                    (Some(x), MipStatus::Optimal) => {
                        let proven = req.model.objective(x) - req.abs_gap;
                        Some(best_possible.map_or(proven, |b| b.max(proven)))
                    }
                    _ => best_possible,
                };
                done(status, raw.into(), x, bound)
            }
        }
    }
}
