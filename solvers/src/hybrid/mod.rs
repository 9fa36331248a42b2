//! The hybrid exact layer: [`IlpSolver`], any [`Backend`] with a [`Formulation`] as a
//! [`Partitioner`], warm-started by the heuristics and the exact searches below it, and the
//! ILP solvers' registry entries.
//!
//! One concern per file: [`start`] (warm start), [`relax`] (bounds before any query, lump
//! bound, strengthening), [`balance`] (target balancing), [`bracket`] (feasibility queries),
//! [`dinkelbach`], [`feasibility`], [`run`] (one run's state and backend calls), and every
//! tuning constant in [`tuning`].
//!
//! - Feasibility (the paper's ILP(gamma1, gamma2), (2a)-(2e)): one solve with the caps.
//! - Workload, profit, balanced: the ratio gamma = Max/Min is minimised exactly by Dinkelbach
//!   iterations: at ratio t, minimise `F(t) = Max - t * Min` (for balanced, the larger of the
//!   two quantities' terms); a solution with `F < 0` has a smaller ratio and becomes the next t;
//!   `F(t) >= 0` proves t optimal. A lower bound `LB` on `F(t)` certifies
//!   a lower bound on every partition's gamma ([`crate::milp::ratio_bound`]): the bound reported when
//!   stopped early.
//!
//! - Under caps (a front's point), the ratio is instead bracketed by feasibility queries:
//!   "is there a partition within the caps whose ratio is at most q?" ([`bracket`]).
//!   The first q is just below the incumbent (minus the requested gap), so a "no" proves it;
//!   when that query runs out of its time (half the remaining), q is halfway between the
//!   bound and the lowest unanswered query, where a "no" comes sooner and raises the bound.
//!   Each "yes" is a better incumbent. On `lognormal:n=100,seed=1`, m = 5, gamma1 <= 1.1673
//!   the query "gamma2 <= 1.13427" is proven infeasible in 0.3 s, where Dinkelbach's bound
//!   stayed 1e-4 lower after 10 s: the cap is a constraint the MIP propagates at every node,
//!   an objective cut-off is not. Dinkelbach remains for the single ratios without caps.
//!
//! - Before either, while the start is further than the tolerance from the bound
//!   ([`relax`]): the lump bound (Dinkelbach on [`formulation::lump_relaxation`],
//!   the 2m largest items integer and the rest fractional: on that instance at gamma1 <= 1.001
//!   it certifies 1.24987, where the LP gives 1.19378 and queries gained nothing in 10 s), then
//!   target balancing ([`balance`]) for a partition within the tolerance of it. The
//!   10-point log-normal front at tolerance 1e-4 ends with every point `gap-limit` or
//!   `optimal` in about 9 s (50 s with queries alone, time-limited at five points).
//!
//! Floating point never decides feasibility: every solution is rounded to a partition and
//! checked exactly against the caps (with the harness's [`CAP_TOLERANCE`]). The model's caps
//! are relaxed by that tolerance, so "infeasible" is a claim about every partition the harness
//! would accept; if a solution slips past the exact check, the model is rebuilt with caps
//! tightened by [`TIGHTEN`] (bounds found before stay valid; none after).
//!
//! Warm start: the best of the caller's partition, `heur/bi-lpt`'s and (for one quantity)
//! `heur/complete`'s under the run's caps (at most half the remaining time), among those that
//! meet the caps. Dinkelbach's bound starts at the cheap certified bound of [`crate::bounds`],
//! so a start that meets it is proven optimal without a MIP; so is one that `heur/complete`'s
//! exhaustive value-class search proved optimal (instances with few distinct contracts, like
//! the real `dao100`), and the record says which proof it has.
//!
//! **Pure backends** ([`IlpSolver::pure`], the `mip/...` ids): the same formulation and the
//! same Dinkelbach or query loop, warm-started by `heur/bi-lpt` as any MIP solver may be, but
//! without the combinatorial help above: no `heur/complete` in the start, no cheap, anchor or
//! lump bound, no target balancing. Every bound and every proof then comes from the backend's
//! own solves (`proved_by` = `mip`), so a comparison of `mip/...` ids measures the MIP solvers,
//! and one of `ilp/...` against `mip/...` measures what the hybrid method adds.

mod balance;
mod bracket;
mod dinkelbach;
mod feasibility;
mod makespan;
mod relax;
mod run;
mod start;
pub mod tuning;

pub use tuning::{
    BALANCE_SLACK, COMPLETE_BUDGET, COMPLETE_SHARE, COMPLETE_SHARE_CLASSES, HEURISTIC_SEEDS, LUMP_ITEMS_PER_SUBSET,
    OPT_TOL, TIGHTEN,
};

use crate::entry::Entry;
use crate::milp::backend::Backend;
use crate::milp::formulation::{self, Formulation, Quantity, Scaled, Vars};
use crate::milp::{scaled_caps, spread_of};
use fairshard_harness::{
    CAP_TOLERANCE, Deferred, Effective, Instance, Partition, Partitioner, Prepared, Proof, RunSpec, SolveContext,
    SolveError, SolverInfo, Stats, Target, WarmStart,
};
use run::Run;

/// An exact partitioner: one backend, one formulation, an optional warm start.
#[derive(Clone)]
pub struct IlpSolver {
    id: &'static str,
    backend: &'static dyn Backend,
    formulation: Formulation,
    start: Option<Partition>,
    heuristic_start: bool,
    bracket: bool,
    pure: bool,
}

impl IlpSolver {
    /// A solver with registry id `id`.
    pub fn new(id: &'static str, backend: &'static dyn Backend, formulation: Formulation) -> Self {
        Self {
            id,
            backend,
            formulation,
            start: None,
            heuristic_start: true,
            bracket: true,
            pure: false,
        }
    }

    /// The backend alone (module docs, "pure backends"): no combinatorial search, bound or
    /// balancing around it; only its own solves bound and prove.
    pub fn pure(mut self) -> Self {
        self.pure = true;
        self
    }

    /// Whether this is a pure backend (see [`IlpSolver::pure`]).
    pub fn is_pure(&self) -> bool {
        self.pure
    }

    /// Whether a ratio under caps is minimised by feasibility queries (default) or, as
    /// without caps, by Dinkelbach iterations (see the module docs).
    pub fn with_bracketing(mut self, on: bool) -> Self {
        self.bracket = on;
        self
    }

    /// Starts from `start` when it meets the caps (e.g. the previous point of a front).
    pub fn with_start(mut self, start: Option<Partition>) -> Self {
        self.start = start;
        self
    }

    /// Whether to run `heur/bi-lpt` for a start when none is given (default: yes).
    pub fn with_heuristic_start(mut self, on: bool) -> Self {
        self.heuristic_start = on;
        self
    }

    /// The formulation.
    pub fn formulation(&self) -> Formulation {
        self.formulation
    }

    /// The same solver with the variables `vars` (e.g. [`Vars::PerTask`] to force the
    /// paper's binaries where aggregation would apply).
    pub fn with_vars(mut self, vars: Vars) -> Self {
        self.formulation.vars = vars;
        self
    }
}

/// A start is used when it meets the caps (it then bounds the optimum from above from the
/// first solve on).
impl WarmStart for IlpSolver {
    fn with_start(&self, start: Partition) -> Box<dyn Partitioner> {
        Box::new(self.clone().with_start(Some(start)))
    }
}

impl Partitioner for IlpSolver {
    fn id(&self) -> &str {
        self.id
    }

    fn version(&self) -> String {
        format!("fairshard {}, {}", env!("CARGO_PKG_VERSION"), self.backend.version())
    }

    fn warm_start(&self) -> Option<&dyn WarmStart> {
        Some(self)
    }

    fn info(&self) -> SolverInfo {
        SolverInfo {
            summary: format!(
                "{} on the {:?} formulation{}",
                self.backend.name(),
                self.formulation,
                if self.pure { ", backend alone" } else { "" }
            ),
            exact: true,
            targets: Target::ALL.to_vec(),
            caps: true,
            time_limit: true,
        }
    }

    fn prepare<'a>(&'a self, instance: &'a Instance, spec: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError> {
        let data = Scaled::new(instance, spec.m, self.formulation.vars);
        // The makespan's model has the workload's Max column (its objective, see `makespan`).
        let objective = spread_of(spec.target);
        for &q in objective {
            if !data.finite_possible(q) && spec.target == Target::Makespan {
                return Err(SolveError::Unsupported {
                    solver: self.id.to_owned(),
                    what: format!(
                        "target makespan here: fewer than m = {} contracts have a positive workload, and the \
                         model keeps every subset's workload positive (the optimum is the largest workload, \
                         each contract alone: heur/complete proves it)",
                        spec.m
                    ),
                });
            }
            if !data.finite_possible(q) {
                return Err(SolveError::Unsupported {
                    solver: self.id.to_owned(),
                    what: format!(
                        "target {} here: fewer than m = {} contracts have a positive {}, so every \
                         partition's gamma is infinite",
                        spec.target,
                        spec.m,
                        if q == Quantity::Workload { "workload" } else { "profit" }
                    ),
                });
            }
        }
        let base = formulation::build(
            &data,
            scaled_caps(&spec.caps, 1.0 + CAP_TOLERANCE),
            objective,
            self.formulation,
        );
        let run = Run {
            solver: self,
            instance,
            spec,
            data,
            objective,
            stats: Stats::default(),
            effective: Effective {
                time_limit_s: spec.time_limit.map(|d| self.backend.time_limit(d.as_secs_f64())),
                threads: Some(self.backend.threads(spec.threads)),
                mip_gap: Some(spec.mip_gap.unwrap_or(0.0)),
            },
            last_raw: String::new(),
            start_proof: Proof::None,
        };
        Ok(Box::new(Deferred(move |ctx: &SolveContext| run.solve(base, ctx))))
    }
}

/// One ILP solver id: its backend feature and how to make it.
struct Spec {
    id: &'static str,
    summary: &'static str,
    feature: &'static str,
    make: Option<fn() -> IlpSolver>,
}

macro_rules! backend {
    ($feature:literal, $id:literal, $backend:expr, $formulation:expr, $pure:literal) => {{
        #[cfg(feature = $feature)]
        let make: Option<fn() -> IlpSolver> = Some(|| {
            let s = IlpSolver::new($id, &$backend, $formulation);
            if $pure { s.pure() } else { s }
        });
        #[cfg(not(feature = $feature))]
        let make: Option<fn() -> IlpSolver> = None;
        make
    }};
}

/// The hybrid ids (`ilp/...`) first, then the same backends alone (`mip/...`).
fn specs() -> [Spec; 12] {
    [
        Spec {
            id: "ilp/highs",
            summary: "HiGHS via good_lp: compact max/min model, symmetry breaking, Dinkelbach for ratios, with the exact searches (exact)",
            feature: "highs",
            make: backend!(
                "highs",
                "ilp/highs",
                crate::milp::highs::GoodLpHighs,
                crate::milp::COMPACT,
                false
            ),
        },
        Spec {
            id: "ilp/highs-paper",
            summary: "HiGHS via good_lp on the paper's ILP as printed: m^2 ratio rows (2c)-(2d), no symmetry breaking",
            feature: "highs",
            make: backend!(
                "highs",
                "ilp/highs-paper",
                crate::milp::highs::GoodLpHighs,
                crate::milp::PAPER,
                false
            ),
        },
        Spec {
            id: "ilp/highs-direct",
            summary: "HiGHS via the highs crate: column-wise model, more primal-heuristic effort; compact model (exact)",
            feature: "highs-direct",
            make: backend!(
                "highs-direct",
                "ilp/highs-direct",
                crate::milp::highs_direct::DirectHighs,
                crate::milp::COMPACT,
                false
            ),
        },
        Spec {
            id: "ilp/cbc",
            summary: "COIN-OR CBC via good_lp: compact model, one thread, whole-second time limits (exact)",
            feature: "cbc",
            make: backend!(
                "cbc",
                "ilp/cbc",
                crate::milp::cbc::GoodLpCbc,
                crate::milp::COMPACT,
                false
            ),
        },
        Spec {
            id: "ilp/microlp",
            summary: "microlp via good_lp (pure Rust): compact model; slow to prove, tiny instances only (exact)",
            feature: "microlp",
            make: backend!(
                "microlp",
                "ilp/microlp",
                crate::milp::microlp::GoodLpMicrolp,
                crate::milp::COMPACT,
                false
            ),
        },
        Spec {
            id: "ilp/scip",
            summary: "SCIP via its C API (libscip loaded at run time): compact model, one thread (exact)",
            feature: "scip",
            make: backend!(
                "scip",
                "ilp/scip",
                crate::milp::scip::ScipBackend,
                crate::milp::COMPACT,
                false
            ),
        },
        Spec {
            id: "mip/highs",
            summary: "HiGHS alone on the compact model: Dinkelbach or queries, a heur/bi-lpt warm start, no exact search or extra bounds (exact)",
            feature: "highs",
            make: backend!(
                "highs",
                "mip/highs",
                crate::milp::highs::GoodLpHighs,
                crate::milp::COMPACT,
                true
            ),
        },
        Spec {
            id: "mip/highs-paper",
            summary: "HiGHS alone on the paper's ILP as printed, a heur/bi-lpt warm start (exact)",
            feature: "highs",
            make: backend!(
                "highs",
                "mip/highs-paper",
                crate::milp::highs::GoodLpHighs,
                crate::milp::PAPER,
                true
            ),
        },
        Spec {
            id: "mip/highs-direct",
            summary: "HiGHS via the highs crate alone on the compact model, a heur/bi-lpt warm start (exact)",
            feature: "highs-direct",
            make: backend!(
                "highs-direct",
                "mip/highs-direct",
                crate::milp::highs_direct::DirectHighs,
                crate::milp::COMPACT,
                true
            ),
        },
        Spec {
            id: "mip/cbc",
            summary: "COIN-OR CBC alone on the compact model, a heur/bi-lpt warm start (exact)",
            feature: "cbc",
            make: backend!(
                "cbc",
                "mip/cbc",
                crate::milp::cbc::GoodLpCbc,
                crate::milp::COMPACT,
                true
            ),
        },
        Spec {
            id: "mip/microlp",
            summary: "microlp alone on the compact model, a heur/bi-lpt warm start; tiny instances only (exact)",
            feature: "microlp",
            make: backend!(
                "microlp",
                "mip/microlp",
                crate::milp::microlp::GoodLpMicrolp,
                crate::milp::COMPACT,
                true
            ),
        },
        Spec {
            id: "mip/scip",
            summary: "SCIP alone on the compact model, a heur/bi-lpt warm start (exact)",
            feature: "scip",
            make: backend!(
                "scip",
                "mip/scip",
                crate::milp::scip::ScipBackend,
                crate::milp::COMPACT,
                true
            ),
        },
    ]
}

/// The ILP solvers' registry entries (compiled in or not).
pub fn entries() -> Vec<Entry> {
    macro_rules! boxed {
        ($i:literal) => {
            specs()[$i]
                .make
                .map(|_| (|| Box::new(specs()[$i].make.expect("compiled in")()) as Box<dyn Partitioner>) as fn() -> _)
        };
    }
    let makers = [
        boxed!(0),
        boxed!(1),
        boxed!(2),
        boxed!(3),
        boxed!(4),
        boxed!(5),
        boxed!(6),
        boxed!(7),
        boxed!(8),
        boxed!(9),
        boxed!(10),
        boxed!(11),
    ];
    specs()
        .into_iter()
        .zip(makers)
        .map(|(s, make)| Entry {
            id: s.id,
            summary: s.summary,
            feature: Some(s.feature),
            make,
        })
        .collect()
}

/// The ILP solver with registry id `id`, as its concrete type (for warm starts); `None` when
/// the id is not an ILP id or its backend is compiled out.
pub fn solver(id: &str) -> Option<IlpSolver> {
    specs().into_iter().find(|s| s.id == id)?.make.map(|make| make())
}
