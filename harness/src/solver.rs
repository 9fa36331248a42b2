//! The `Partitioner` trait every method implements, and what a solve returns.
//!
//! A run has two phases, timed separately by the harness ([`crate::measure`]), never by the
//! solver: [`Partitioner::prepare`] builds the model (an ILP, sorted arrays, ...), and
//! [`Prepared::solve`] solves it. A solver that honours a time limit reads the deadline from
//! the [`SolveContext`] the harness hands it. Infeasible, time-limit and gap-limit outcomes are
//! a [`Status`], not an error; [`SolveError`] is for what went wrong. Capabilities beyond
//! solving are opt-in traits a solver offers through [`Partitioner`]'s methods
//! ([`WarmStart`]), as good_lp's `WithInitialSolution`.

use crate::model::Instance;
use crate::partition::Partition;
use crate::spec::{RunSpec, Target};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::time::{Duration, Instant};
use thiserror::Error;

/// How a solve ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Status {
    /// The partition is proven optimal for the target (and meets the caps).
    Optimal,
    /// The partition meets the caps; optimality is not proven.
    Feasible,
    /// Proven: no partition meets the caps.
    Infeasible,
    /// No partition meeting the caps was found, and none was proven impossible (heuristics).
    Unknown,
    /// Stopped by the time limit; the partition, if any, is the incumbent, not proven.
    TimeLimit,
    /// Stopped at the requested relative gap; the partition is within it of optimal.
    GapLimit,
    /// The backend failed, or returned something the harness rejected.
    Error,
}

impl Status {
    /// Stable name, as in records.
    pub fn as_str(&self) -> &'static str {
        match self {
            Status::Optimal => "optimal",
            Status::Feasible => "feasible",
            Status::Infeasible => "infeasible",
            Status::Unknown => "unknown",
            Status::TimeLimit => "time-limit",
            Status::GapLimit => "gap-limit",
            Status::Error => "error",
        }
    }

    /// Is the outcome proven (optimality or infeasibility)?
    pub fn is_proven(&self) -> bool {
        matches!(self, Status::Optimal | Status::Infeasible)
    }
}

/// Which method proved a run's status (`optimal` or `infeasible`): the row's `proved_by`.
/// A solver that runs several methods (a MIP backend behind a combinatorial start) says which
/// one settled the run, so that a figure can name the proof's author.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Proof {
    /// Nothing was proven (every status but `optimal` and `infeasible`).
    #[default]
    None,
    /// The MIP backend's own search (its branch and bound closed the gap, or it proved the
    /// model infeasible).
    Mip,
    /// The exact search over count vectors of value classes (`heur/complete`,
    /// [`SolverInfo`]'s few-distinct-values case).
    ValueClasses,
    /// The branch and bound over tasks (`heur/complete` on many distinct values).
    TaskSearch,
    /// The subset-sum search with iterative weakening (`heur/complete` on many distinct
    /// values, up to 128 tasks).
    SubsetSearch,
    /// The incumbent meets a certified lower bound: nothing else was needed.
    Bound,
    /// A relaxation's proven answer settles the run: the optimum without a cap meets the cap
    /// (so it is the capped optimum), or the other quantity's proven minimum breaks its cap
    /// (so no partition meets it).
    Relaxation,
    /// Proven, by a solver that does not say how (an external solver, say).
    Unstated,
}

impl Proof {
    /// Stable name, as in records.
    pub fn as_str(&self) -> &'static str {
        match self {
            Proof::None => "none",
            Proof::Mip => "mip",
            Proof::ValueClasses => "value-classes",
            Proof::TaskSearch => "task-search",
            Proof::SubsetSearch => "subset-search",
            Proof::Bound => "bound",
            Proof::Relaxation => "relaxation",
            Proof::Unstated => "unstated",
        }
    }

    /// Words for a caption: "the MIP backend", "the value-class search", ...
    pub fn describe(&self) -> &'static str {
        match self {
            Proof::None => "nothing proven",
            Proof::Mip => "the MIP backend",
            Proof::ValueClasses => "the value-class search",
            Proof::TaskSearch => "the task-level branch and bound",
            Proof::SubsetSearch => "the subset-sum search (iterative weakening)",
            Proof::Bound => "the certified lower bound",
            Proof::Relaxation => "a proven relaxation (the optimum without the cap, or the capped quantity's minimum)",
            Proof::Unstated => "the solver (method not stated)",
        }
    }
}

impl fmt::Display for Proof {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl fmt::Display for Status {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Counters a solver may report (zero when it has none).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Stats {
    /// LP/ILP solves (or search restarts).
    pub solves: u64,
    /// Branch-and-bound or search nodes.
    pub nodes: u64,
    /// Iterations (simplex, local-search steps).
    pub iterations: u64,
}

/// The limits a backend actually applied, which may differ from those asked for
/// (CBC rounds time limits up to whole seconds; a heuristic ignores threads).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Effective {
    /// Time limit in seconds as applied.
    pub time_limit_s: Option<f64>,
    /// Threads as applied.
    pub threads: Option<u32>,
    /// Relative MIP gap as applied.
    pub mip_gap: Option<f64>,
}

/// What a solve returns.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct SolveOutcome {
    /// The partition found (the incumbent when stopped early); `None` if none.
    pub partition: Option<Partition>,
    /// How the solve ended.
    pub status: Status,
    /// The backend's own status text, kept verbatim.
    pub raw_status: String,
    /// A certified lower bound on the target's objective (gamma - 1 of the target, see
    /// [`Target::objective`]), where the method has one.
    pub bound: Option<f64>,
    /// Counters.
    pub stats: Stats,
    /// Limits as applied.
    pub effective: Effective,
    /// Which method proved the status, when it is `optimal` or `infeasible` (the harness
    /// records [`Proof::None`] otherwise, and [`Proof::Unstated`] when a proven status came
    /// without one).
    pub proof: Proof,
}

impl SolveOutcome {
    /// An outcome with `partition` and `status`, raw status equal to the status name.
    pub fn new(partition: Option<Partition>, status: Status) -> Self {
        Self {
            partition,
            status,
            raw_status: status.as_str().to_owned(),
            bound: None,
            stats: Stats::default(),
            effective: Effective::default(),
            proof: Proof::None,
        }
    }

    /// This outcome, proven by `proof`.
    pub fn proven_by(mut self, proof: Proof) -> Self {
        self.proof = proof;
        self
    }
}

/// What went wrong in a backend. Recorded as [`Status::Error`] with this message.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum SolveError {
    /// The solver cannot do what the spec asks (a target or cap it does not support).
    #[error("{solver} does not support {what}")]
    Unsupported {
        /// Solver id.
        solver: String,
        /// What is unsupported.
        what: String,
    },
    /// The backend reported a failure.
    #[error("{solver}: {message}")]
    Backend {
        /// Solver id.
        solver: String,
        /// The backend's message.
        message: String,
    },
}

/// What a solver can do, for `fairshard solvers`, sweeps and the reports.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SolverInfo {
    /// One line: the method and where it comes from.
    pub summary: String,
    /// Can it prove optimality / infeasibility?
    pub exact: bool,
    /// Targets it accepts.
    pub targets: Vec<Target>,
    /// Does it honour gamma caps?
    pub caps: bool,
    /// Does it honour a time limit (anytime behaviour)?
    pub time_limit: bool,
}

/// Passed by the harness to [`Prepared::solve`]: the clock's deadline and the run's knobs.
///
/// A solver that runs another inside its own solve (a nested run) hands it a context derived
/// from its own, through [`crate::measure_nested`]: [`SolveContext::share`] gives it a share
/// of the remaining time on the same clock, [`SolveContext::without_bound`] says that its
/// bound will be discarded.
#[derive(Clone, Debug)]
pub struct SolveContext {
    deadline: Option<Instant>,
    /// Does the caller use the outcome's bound?
    bound: bool,
    /// Seed for the solver's randomness.
    pub seed: u64,
    /// Threads requested.
    pub threads: Option<u32>,
    /// Let the backend print its log.
    pub log: bool,
}

impl SolveContext {
    /// A context whose deadline is `limit` after `start`.
    pub fn new(start: Instant, spec: &RunSpec) -> Self {
        Self {
            deadline: spec.time_limit.map(|l| start + l),
            bound: true,
            seed: spec.seed,
            threads: spec.threads,
            log: spec.solver_log,
        }
    }

    /// Has the deadline passed?
    pub fn expired(&self) -> bool {
        self.deadline.is_some_and(|d| Instant::now() >= d)
    }

    /// Time left before the deadline (`None`: no limit).
    pub fn remaining(&self) -> Option<Duration> {
        self.deadline.map(|d| d.saturating_duration_since(Instant::now()))
    }

    /// The deadline, if any.
    pub fn deadline(&self) -> Option<Instant> {
        self.deadline
    }

    /// A context for a nested run: from now, `fraction` (in `[0, 1]`) of this context's
    /// remaining time, on the same clock (no deadline when this one has none); the other
    /// knobs are this context's.
    pub fn share(&self, fraction: f64) -> SolveContext {
        let now = Instant::now();
        SolveContext {
            deadline: self.remaining().map(|r| now + r.mul_f64(fraction)),
            ..self.clone()
        }
    }

    /// This context, with a deadline `limit` from now when it has none: a nested run that
    /// must end even when its caller has no time limit.
    pub fn or_limit(mut self, limit: Duration) -> SolveContext {
        if self.deadline.is_none() {
            self.deadline = Some(Instant::now() + limit);
        }
        self
    }

    /// This context, for a caller that discards the outcome's bound: the solver may skip
    /// computing it (and report none).
    pub fn without_bound(mut self) -> SolveContext {
        self.bound = false;
        self
    }

    /// Does the caller use the outcome's certified bound? (Yes, unless
    /// [`SolveContext::without_bound`] said otherwise.) A solver whose bound costs time may
    /// skip it when not; its partition and status must not depend on it.
    pub fn wants_bound(&self) -> bool {
        self.bound
    }
}

/// A model built for one instance and spec, ready to solve once.
pub trait Prepared {
    /// Solves the model. Must return within a little of the context's deadline when the
    /// solver claims to honour time limits.
    fn solve(self: Box<Self>, ctx: &SolveContext) -> Result<SolveOutcome, SolveError>;
}

/// A partition method. Object-safe: the registry hands out `Box<dyn Partitioner>`.
pub trait Partitioner: Send + Sync {
    /// Registry id, e.g. `heur/lpt` or `ilp/highs`.
    fn id(&self) -> &str;

    /// What the solver can do.
    fn info(&self) -> SolverInfo;

    /// The versions of the code that runs: fairshard's, and a backend's where one is linked
    /// (e.g. `fairshard 0.1.0, HiGHS 1.11.0`), as the manifest records them.
    fn version(&self) -> String {
        format!("fairshard {}", env!("CARGO_PKG_VERSION"))
    }

    /// Builds the model for `instance` under `spec` (validated by the harness before the call).
    fn prepare<'a>(&'a self, instance: &'a Instance, spec: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError>;

    /// The opt-in capability to start from a given partition, if the solver has it (default:
    /// none). Callers ask for it instead of knowing solver types or ids.
    fn warm_start(&self) -> Option<&dyn WarmStart> {
        None
    }
}

/// An opt-in capability of a [`Partitioner`] (as good_lp's `WithInitialSolution`): it can
/// start from a given partition, e.g. a front's previous point, which meets every larger cap.
pub trait WarmStart {
    /// The same solver, also starting from `start`. The solver uses `start` only where it is
    /// a valid partition into the run's m subsets (an exact solver: only where it also meets
    /// the run's caps), so any partition may be given.
    fn with_start(&self, start: Partition) -> Box<dyn Partitioner>;

    /// Does the solver improve a start that breaks the run's caps (a local search that
    /// repairs it), so that starting a front's point from the next point's partition, which
    /// breaks its cap by little, can help? Default: no.
    fn refines(&self) -> bool {
        false
    }
}

/// A [`Prepared`] for methods with no separate build phase: the closure runs at solve time.
pub struct Deferred<F>(pub F);

impl<F> Prepared for Deferred<F>
where
    F: FnOnce(&SolveContext) -> Result<SolveOutcome, SolveError>,
{
    fn solve(self: Box<Self>, ctx: &SolveContext) -> Result<SolveOutcome, SolveError> {
        (self.0)(ctx)
    }
}
