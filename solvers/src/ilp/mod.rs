//! Exact methods: the paper's ILP and faster formulations, on four backends.
//!
//! - [`formulation`]: the one model every backend solves (the paper's m^2 ratio constraints
//!   (2b)-(2e), or the compact O(m + n) one; optional symmetry breaking), on the
//!   backend-neutral [`model::Model`].
//! - [`driver`]: [`IlpSolver`], a [`Partitioner`] for any backend: feasibility, and exact
//!   ratio minimisation (lump bound and target balancing first, then feasibility queries under
//!   caps or Dinkelbach iterations), with exact re-checks of every cap.
//! - [`balance`]: target balancing, pairs of subsets re-split towards given loads.
//! - One file per backend, each behind its cargo feature: `highs.rs` (HiGHS through good_lp,
//!   feature `highs`), `cbc.rs` (CBC through good_lp, `cbc`), `microlp.rs` (microlp through
//!   good_lp, `microlp`), `highs_direct.rs` (the highs crate itself, `highs-direct`).
//! - [`lp_bound`]: the LP relaxation's lower bound, for heuristics that want a certificate;
//!   [`lump_bound`]: the lump relaxation's (the largest tasks binary).
//!
//! Every id is listed in the registry whether compiled in or not.

#![cfg_attr(
    not(any(feature = "highs", feature = "highs-direct", feature = "cbc", feature = "microlp")),
    allow(dead_code)
)]

pub mod backend;
pub mod balance;
pub mod driver;
pub mod formulation;
pub mod model;

#[cfg(feature = "cbc")]
mod cbc;
#[cfg(any(feature = "highs", feature = "cbc", feature = "microlp"))]
mod good;
#[cfg(feature = "highs")]
mod highs;
#[cfg(any(feature = "highs", feature = "highs-direct"))]
mod highs_common;
#[cfg(feature = "highs-direct")]
mod highs_direct;
#[cfg(feature = "microlp")]
mod microlp;

pub use driver::IlpSolver;
use formulation::{Formulation, Kind, Scaled, Symmetry, Vars};

use crate::registry::Entry;
use backend::{Backend, MipRequest, MipStatus};
use fairshard_harness::{Instance, Partitioner, RunSpec};
use model::Model;

/// The default formulation: compact; identical tasks aggregated into integer class counts
/// when the instance has any (subsets then ordered by load), else per-task binaries with
/// subsets labelled by their largest task.
pub const COMPACT: Formulation = Formulation {
    kind: Kind::Compact,
    symmetry: Symmetry::Triangular,
    vars: Vars::Auto,
};

/// The paper's formulation as printed: per-task binaries, m^2 ratio rows, no symmetry
/// breaking.
pub const PAPER: Formulation = Formulation {
    kind: Kind::Paper,
    symmetry: Symmetry::None,
    vars: Vars::PerTask,
};

/// One ILP solver id: its backend feature and how to make it.
struct Spec {
    id: &'static str,
    summary: &'static str,
    feature: &'static str,
    make: Option<fn() -> IlpSolver>,
}

macro_rules! backend {
    ($feature:literal, $id:literal, $backend:expr, $formulation:expr) => {{
        #[cfg(feature = $feature)]
        let make: Option<fn() -> IlpSolver> = Some(|| IlpSolver::new($id, &$backend, $formulation));
        #[cfg(not(feature = $feature))]
        let make: Option<fn() -> IlpSolver> = None;
        make
    }};
}

fn specs() -> [Spec; 5] {
    [
        Spec {
            id: "ilp/highs",
            summary: "HiGHS via good_lp: compact max/min model, symmetry breaking, Dinkelbach for ratios (exact)",
            feature: "highs",
            make: backend!("highs", "ilp/highs", highs::GoodLpHighs, COMPACT),
        },
        Spec {
            id: "ilp/highs-paper",
            summary: "HiGHS via good_lp on the paper's ILP as printed: m^2 ratio rows (2c)-(2d), no symmetry breaking",
            feature: "highs",
            make: backend!("highs", "ilp/highs-paper", highs::GoodLpHighs, PAPER),
        },
        Spec {
            id: "ilp/highs-direct",
            summary: "HiGHS via the highs crate: column-wise model, more primal-heuristic effort; compact model (exact)",
            feature: "highs-direct",
            make: backend!("highs-direct", "ilp/highs-direct", highs_direct::DirectHighs, COMPACT),
        },
        Spec {
            id: "ilp/cbc",
            summary: "COIN-OR CBC via good_lp: compact model, one thread, whole-second time limits (exact)",
            feature: "cbc",
            make: backend!("cbc", "ilp/cbc", cbc::GoodLpCbc, COMPACT),
        },
        Spec {
            id: "ilp/microlp",
            summary: "microlp via good_lp (pure Rust): compact model; slow to prove, tiny instances only (exact)",
            feature: "microlp",
            make: backend!("microlp", "ilp/microlp", microlp::GoodLpMicrolp, COMPACT),
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
    let makers = [boxed!(0), boxed!(1), boxed!(2), boxed!(3), boxed!(4)];
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

/// The LP backend [`lp_bound`] uses: the first compiled in of HiGHS, CBC, microlp.
fn lp_backend() -> Option<&'static dyn Backend> {
    #[cfg(feature = "highs")]
    return Some(&highs::GoodLpHighs);
    #[cfg(all(not(feature = "highs"), feature = "highs-direct"))]
    return Some(&highs_direct::DirectHighs);
    #[cfg(all(not(any(feature = "highs", feature = "highs-direct")), feature = "cbc"))]
    return Some(&cbc::GoodLpCbc);
    #[cfg(all(
        not(any(feature = "highs", feature = "highs-direct", feature = "cbc")),
        feature = "microlp"
    ))]
    return Some(&microlp::GoodLpMicrolp);
    #[allow(unreachable_code)]
    None
}

/// A lower bound on `spec.target`'s objective (gamma - 1) from the LP relaxation of the
/// compact model on per-task binaries (with `spec`'s caps and symmetry breaking, both valid for every partition):
/// Dinkelbach iterations on the relaxation, each LP optimum `F(t)` certifying
/// `gamma >= t + min(0, F) (1 + (m-1) t) / m` as in [`driver`]. `None` for the feasibility
/// target, when no LP backend is compiled in, or when no LP proved anything; `Some(inf)` when
/// the relaxation is infeasible (so is every partition).
///
/// Weak where no single task dominates (fractional assignments balance everything), useful
/// when some task is larger than a fair share. O(iterations) LP solves, at most 30.
pub fn lp_bound(instance: &Instance, spec: &RunSpec) -> Option<f64> {
    relaxation_bound(instance, spec, 0)
}

/// A lower bound on `spec.target`'s objective (gamma - 1) from the lump relaxation
/// ([`formulation::lump_relaxation`]): the `keep` largest tasks stay binary, the others are
/// fractional; otherwise as [`lp_bound`] (which is `keep = 0`), each relaxation solved to
/// optimality without a time limit. With `keep >= n` it is the exact optimum once Dinkelbach
/// converges (at most 30 iterations). The ILP solvers compute their own (on their formulation,
/// from their start's ratio, under their time limit) before any query, see [`driver`].
pub fn lump_bound(instance: &Instance, spec: &RunSpec, keep: usize) -> Option<f64> {
    relaxation_bound(instance, spec, keep)
}

fn relaxation_bound(instance: &Instance, spec: &RunSpec, keep: usize) -> Option<f64> {
    let backend = lp_backend()?;
    spec.validate(instance).ok()?;
    let objective = driver::objective_of(spec.target);
    if objective.is_empty() {
        return None;
    }
    // Per-task binaries: the triangular symmetry breaking fixes the largest task in subset 0,
    // which is what lets the relaxation see a dominant task (an aggregated relaxation splits it).
    let f = Formulation {
        vars: Vars::PerTask,
        ..COMPACT
    };
    let data = Scaled::new(instance, spec.m, f.vars);
    if objective.iter().any(|&q| !data.finite_possible(q)) {
        return Some(f64::INFINITY);
    }
    let caps = driver::scaled_caps(&spec.caps, 1.0 + fairshard_harness::CAP_TOLERANCE);
    let base = formulation::build(&data, caps, objective, f);
    let relax = |model: Model| match keep {
        0 => model.relaxed(),
        k => formulation::lump_relaxation(&data, model, k),
    };
    let bound = driver::relaxed_bound(&data, &base, objective, 1.0, 1e-9, relax, |model| {
        let res = backend.solve(&MipRequest {
            model,
            start: None,
            time_limit: None,
            threads: Some(1),
            abs_gap: 0.0,
            rel_gap: 0.0,
            log: false,
        });
        // Only solves that ended proven: their bound is their value.
        (res.status != MipStatus::TimeLimit).then_some(res)
    })?;
    Some(bound.max(1.0) - 1.0)
}
