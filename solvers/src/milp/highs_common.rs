//! What both HiGHS backends share: options, the per-thread scheduler, status mapping.
//!
//! HiGHS keeps one task scheduler per calling thread, sized by the `threads` option of the
//! first solve on that thread; a later solve asking for another count fails ("scheduler has
//! already been initialized"). We remember each thread's count and reset its scheduler
//! (`Highs_resetThreadScheduler`, legal between solves on the owning thread) before a change,
//! so every solve runs with exactly the threads it asked for, and records them.

use super::backend::{MipRequest, MipResult, MipStatus};
use fairshard_harness::Effective;
use highs::{HighsModelStatus, HighsSolutionStatus};
use std::cell::Cell;

thread_local! {
    /// Threads of this thread's HiGHS scheduler, once one exists.
    static SCHEDULER: Cell<Option<u32>> = const { Cell::new(None) };
}

/// Feasibility tolerances (primal and MIP): tight, so that solutions pass the exact cap check.
pub const FEASIBILITY_TOL: f64 = 1e-9;

/// The linked HiGHS library's version, e.g. `HiGHS 1.11.0`.
pub fn version() -> String {
    // SAFETY: Highs_version returns a pointer to a static, NUL-terminated string.
    let v = unsafe { std::ffi::CStr::from_ptr(highs_sys::Highs_version()) };
    format!("HiGHS {}", v.to_string_lossy())
}

/// Threads when the run does not say: every core.
pub fn default_threads() -> u32 {
    std::thread::available_parallelism().map_or(1, |n| n.get() as u32)
}

fn use_threads(threads: u32) {
    SCHEDULER.with(|s| {
        if s.get().is_some_and(|cur| cur != threads) {
            // SAFETY: called on the thread that owns the scheduler, between solves.
            unsafe { highs_sys::Highs_resetThreadScheduler(0) };
        }
        s.set(Some(threads));
    });
}

/// An option value.
#[derive(Clone, Copy, Debug)]
pub enum Opt {
    /// Boolean.
    Bool(bool),
    /// Integer.
    Int(i32),
    /// Float.
    Float(f64),
}

/// The options every HiGHS solve of `req` sets, before any backend's extras.
///
/// Under a time limit, the RINS and RENS heuristics are off: each runs a sub-MIP whose
/// presolve does not check the time limit, and one was seen running far past it (hanging a
/// front on `lognormal:n=100,seed=1`). The main search checks the limit, so with them off a
/// solve ends near its deadline with its incumbent.
pub fn options(req: &MipRequest<'_>, threads: u32) -> Vec<(&'static str, Opt)> {
    let mut options: Vec<(&str, Opt)> = vec![
        ("output_flag", Opt::Bool(req.log)),
        ("log_to_console", Opt::Bool(req.log)),
        ("threads", Opt::Int(threads as i32)),
        ("mip_rel_gap", Opt::Float(req.rel_gap)),
        ("mip_abs_gap", Opt::Float(req.abs_gap)),
        ("mip_feasibility_tolerance", Opt::Float(FEASIBILITY_TOL)),
        ("primal_feasibility_tolerance", Opt::Float(FEASIBILITY_TOL)),
    ];
    if let Some(t) = req.time_limit {
        options.push(("time_limit", Opt::Float(t.max(0.0))));
        options.push(("mip_heuristic_run_rins", Opt::Bool(false)));
        options.push(("mip_heuristic_run_rens", Opt::Bool(false)));
    }
    options
}

/// Sets `options` on `model`; the name of the first one HiGHS rejects is the error.
pub fn set_options(model: &mut highs::Model, options: &[(&str, Opt)]) -> Result<(), String> {
    for &(k, v) in options {
        let ok = match v {
            Opt::Bool(b) => model.try_set_option(k, b),
            Opt::Int(i) => model.try_set_option(k, i),
            Opt::Float(f) => model.try_set_option(k, f),
        };
        if ok.is_err() {
            return Err(k.to_owned());
        }
    }
    Ok(())
}

/// Solves a HiGHS model under `req`, with `extra` options after the common ones.
pub fn solve(mut model: highs::Model, req: &MipRequest<'_>, extra: &[(&str, Opt)]) -> MipResult {
    let threads = req.threads.unwrap_or_else(default_threads);
    use_threads(threads);
    let mut options = options(req, threads);
    options.extend_from_slice(extra);
    if let Err(k) = set_options(&mut model, &options) {
        return MipResult::failed(format!("HiGHS rejected option {k}"));
    }
    if let Some(start) = req.start
        && let Err(e) = model.try_set_solution(Some(start), None, None, None)
    {
        return MipResult::failed(format!("HiGHS rejected the start solution: {e:?}"));
    }
    let solved = match model.try_solve() {
        Ok(s) => s,
        Err(e) => return MipResult::failed(format!("HiGHS error while solving: {e:?}")),
    };
    let raw_status = solved.status();
    let status = match raw_status {
        HighsModelStatus::Optimal => MipStatus::Optimal,
        HighsModelStatus::Infeasible | HighsModelStatus::UnboundedOrInfeasible => MipStatus::Infeasible,
        HighsModelStatus::ReachedTimeLimit
        | HighsModelStatus::ReachedIterationLimit
        | HighsModelStatus::ReachedSolutionLimit
        | HighsModelStatus::ReachedInterrupt
        | HighsModelStatus::ReachedMemoryLimit => MipStatus::TimeLimit,
        _ => MipStatus::Failed,
    };
    let x = (solved.primal_solution_status() == HighsSolutionStatus::Feasible)
        .then(|| solved.get_solution().columns().to_vec());
    let is_mip = req.model.cols.iter().any(|c| c.integer);
    let bound = if is_mip {
        solved
            .double_info_value(c"mip_dual_bound")
            .ok()
            .filter(|b| b.is_finite())
    } else if status == MipStatus::Optimal {
        Some(solved.objective_value())
    } else {
        None
    };
    let mut nodes: i64 = 0;
    if is_mip {
        // SAFETY: a valid model pointer, a NUL-terminated name, a valid out pointer.
        unsafe {
            highs_sys::Highs_getInt64InfoValue(solved.as_ptr(), c"mip_node_count".as_ptr(), &mut nodes);
        }
    }
    MipResult {
        status,
        raw: format!("{raw_status:?}"),
        x,
        bound,
        nodes: nodes.max(0) as u64,
        effective: Effective {
            time_limit_s: req.time_limit,
            threads: Some(threads),
            mip_gap: None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::milp::model::Model as Milp;

    fn request(model: &Milp, time_limit: Option<f64>) -> MipRequest<'_> {
        MipRequest {
            model,
            start: None,
            time_limit,
            threads: Some(1),
            abs_gap: 0.0,
            rel_gap: 0.0,
            log: false,
        }
    }

    /// The value HiGHS holds for a boolean option after [`set_options`].
    fn bool_option(options: &[(&str, Opt)], name: &std::ffi::CStr) -> bool {
        let mut pb = highs::RowProblem::default();
        pb.add_integer_column(1.0, 0..=1);
        let mut model = pb.optimise(highs::Sense::Minimise);
        set_options(&mut model, options).expect("HiGHS accepts every option");
        let mut v: highs_sys::HighsInt = -1;
        // SAFETY: a valid model pointer, a NUL-terminated name, a valid out pointer.
        let status = unsafe { highs_sys::Highs_getBoolOptionValue(model.as_ptr(), name.as_ptr(), &mut v) };
        assert_eq!(status, 0, "{name:?}");
        v != 0
    }

    #[test]
    fn a_time_limit_turns_off_the_sub_mip_heuristics_that_overran_it() {
        let model = Milp::default();
        let limited = options(&request(&model, Some(5.0)), 1);
        assert!(!bool_option(&limited, c"mip_heuristic_run_rins"));
        assert!(!bool_option(&limited, c"mip_heuristic_run_rens"));
        // Without a limit HiGHS keeps its defaults (both on), so the check above can fail.
        let free = options(&request(&model, None), 1);
        assert!(bool_option(&free, c"mip_heuristic_run_rins"));
        assert!(bool_option(&free, c"mip_heuristic_run_rens"));
    }
}
