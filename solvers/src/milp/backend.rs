//! What every ILP backend implements: solve one [`Model`] under limits, and say how it ended.
//! The exact driver ([`crate::hybrid`]) owns everything above one solve (Dinkelbach iterations,
//! warm starts, cap checks); a backend only translates the model and its status.

use super::model::Model;
use fairshard_harness::Effective;

/// One solve's request.
#[derive(Clone, Debug)]
pub struct MipRequest<'a> {
    /// The model (minimisation).
    pub model: &'a Model,
    /// A feasible solution to start from, one value per column.
    pub start: Option<&'a [f64]>,
    /// Seconds the backend may spend.
    pub time_limit: Option<f64>,
    /// Threads it may use.
    pub threads: Option<u32>,
    /// Stop when the incumbent is within this absolute distance of the bound.
    pub abs_gap: f64,
    /// Stop when (incumbent - bound) / |incumbent| is at most this.
    pub rel_gap: f64,
    /// Print the backend's own log.
    pub log: bool,
}

/// How one solve ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MipStatus {
    /// Proven optimal within the requested gaps.
    Optimal,
    /// Proven infeasible.
    Infeasible,
    /// Stopped by the time limit (the solution, if any, is an incumbent).
    TimeLimit,
    /// Stopped at the relative gap.
    GapLimit,
    /// The backend failed (see the raw status).
    Failed,
}

/// One solve's answer.
#[derive(Clone, Debug)]
pub struct MipResult {
    /// How it ended.
    pub status: MipStatus,
    /// The backend's own status text.
    pub raw: String,
    /// Column values of the best solution found, if any.
    pub x: Option<Vec<f64>>,
    /// A proven lower bound on the objective, where the backend gives one.
    pub bound: Option<f64>,
    /// Branch-and-bound nodes, where the backend reports them.
    pub nodes: u64,
    /// Limits as applied.
    pub effective: Effective,
}

impl MipResult {
    /// A result from a single-threaded backend without node counts, applying `time_limit_s`.
    pub fn single_thread(
        status: MipStatus,
        raw: String,
        x: Option<Vec<f64>>,
        bound: Option<f64>,
        time_limit_s: Option<f64>,
    ) -> Self {
        MipResult {
            status,
            raw,
            x,
            bound,
            nodes: 0,
            effective: Effective {
                time_limit_s,
                threads: Some(1),
                mip_gap: None,
            },
        }
    }

    /// A failure with `message`.
    pub fn failed(message: impl Into<String>) -> Self {
        MipResult {
            status: MipStatus::Failed,
            raw: message.into(),
            x: None,
            bound: None,
            nodes: 0,
            effective: Effective::default(),
        }
    }
}

/// An ILP backend.
pub trait Backend: Send + Sync {
    /// Short name for status texts, e.g. `HiGHS (good_lp)`.
    fn name(&self) -> &'static str;
    /// The linked solver library's own version, e.g. `HiGHS 1.11.0`.
    fn version(&self) -> String;
    /// Solves `req.model`. Never panics on a bad model: failures are [`MipStatus::Failed`].
    fn solve(&self, req: &MipRequest<'_>) -> MipResult;
    /// Threads a solve uses when `requested` are asked for.
    fn threads(&self, requested: Option<u32>) -> u32;
    /// The time limit a solve applies when `seconds` are asked for.
    fn time_limit(&self, seconds: f64) -> f64 {
        seconds
    }
}
