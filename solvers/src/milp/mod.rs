//! The MILP layer: a backend-neutral model, the one formulation every backend solves, one
//! file per backend, and the relaxations with the bounds they certify. It knows no heuristic
//! and no solver id: the exact driver above it ([`crate::hybrid`]) makes solvers of it.
//!
//! - [`model`]: bounded integer, binary and continuous columns, rows, an objective.
//! - [`formulation`]: the paper's m^2 ratio constraints (2b)-(2e), or the compact O(m + n)
//!   model; per-task binaries or integer counts per class of identical contracts; symmetry
//!   breaking; Dinkelbach objectives; warm starts relabelled to meet the symmetry rows.
//! - [`backend`]: the [`Backend`] trait, one MIP solve with its limits; one file per backend,
//!   each behind its cargo feature: `highs.rs` (HiGHS through good_lp, feature `highs`),
//!   `cbc.rs` (CBC through good_lp, `cbc`), `microlp.rs` (microlp through good_lp,
//!   `microlp`), sharing `good.rs`; `highs_direct.rs` (the highs crate itself,
//!   `highs-direct`); `highs_common.rs`, what both HiGHS bindings share; `scip.rs` (SCIP's C
//!   API, loaded at run time from the libscip `build.rs` found, `scip`).
//! - [`relax`]: Dinkelbach on relaxations; [`lp_bound`] (LP relaxation) and [`lump_bound`]
//!   (the largest items integer), for heuristics that want a certificate.
//! - [`balance`]: target balancing, pairs of subsets re-split towards given loads.
//! - [`export`]: the named model as an MPS or LP file for other solvers (written through
//!   HiGHS), with a sidecar map; [`solution`]: a solver's solution file mapped back to an
//!   assignment by the column names.
//!
//! Invariants: no backend type leaves this module (callers hold `&dyn Backend`); every bound
//! comes from a model that every partition the harness accepts satisfies.

#![cfg_attr(
    not(any(
        feature = "highs",
        feature = "highs-direct",
        feature = "cbc",
        feature = "microlp",
        feature = "scip"
    )),
    allow(dead_code)
)]

pub mod backend;
pub mod balance;
pub mod export;
pub mod formulation;
pub mod model;
pub mod relax;
pub mod solution;

#[cfg(feature = "cbc")]
pub(crate) mod cbc;
#[cfg(any(feature = "highs", feature = "cbc", feature = "microlp"))]
mod good;
#[cfg(feature = "highs")]
pub(crate) mod highs;
#[cfg(any(feature = "highs", feature = "highs-direct"))]
mod highs_common;
#[cfg(feature = "highs-direct")]
pub(crate) mod highs_direct;
#[cfg(feature = "microlp")]
pub(crate) mod microlp;
#[cfg(feature = "scip")]
pub(crate) mod scip;

pub use relax::{lp_bound, lump_bound, objective_of, ratio_bound, scaled_caps, spread_of};

use backend::Backend;
use formulation::{Formulation, Kind, Symmetry, Vars};

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

/// The LP backend [`lp_bound`] uses: the first compiled in of HiGHS, CBC, microlp, SCIP.
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
    #[cfg(all(
        not(any(feature = "highs", feature = "highs-direct", feature = "cbc", feature = "microlp")),
        feature = "scip"
    ))]
    return Some(&scip::ScipBackend);
    #[allow(unreachable_code)]
    None
}
