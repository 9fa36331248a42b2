//! Every tuning constant of the exact ILP driver, in one place: time shares, budgets,
//! tolerances and the target balancing's limits. None changes what is proven (every bound is
//! certified and every partition re-checked); they change how fast the proofs come.

use std::time::Duration;

/// Relative tightening of the caps for the second model, when a solution of the first breaks
/// the exact check.
pub const TIGHTEN: f64 = 1e-7;

/// Most time `heur/complete` may take in the start without a time limit (with one: its
/// share of the remaining time, [`COMPLETE_SHARE`]).
pub const COMPLETE_BUDGET: Duration = Duration::from_secs(30);

/// Share of the remaining time `heur/complete` takes in the start (with a time limit) ...
pub const COMPLETE_SHARE: f64 = 0.5;
/// ... and on instances with few distinct contracts (at most
/// [`crate::exact::classes::MAX_CLASSES`] distinct (workload, rate) pairs), where its value-class
/// search is the method that proves and the MIP rarely does: on the raw `dao100` at m = 5 the
/// search proves min gamma2 under gamma1 <= 1.001 and <= 1.05 in 2.8 s each, which half of
/// Fig. 2a's 5 s did not allow, and the MIP proved neither in the other half.
pub const COMPLETE_SHARE_CLASSES: f64 = 0.9;

/// Seeds of `heur/bi-lpt` tried for the start (about 0.12 s each at n = 100, m = 5).
pub const HEURISTIC_SEEDS: u64 = 4;

/// Absolute precision on gamma at which an optimum counts as proven.
pub const OPT_TOL: f64 = 1e-8;

/// Relative MIP gap for Dinkelbach's improving iterations (a final, proving iteration has an
/// incumbent near 0, where only the absolute gap can stop it).
pub(super) const ITER_REL_GAP: f64 = 1e-4;

/// Items kept integer by the lump bound, per subset ([`formulation::lump_relaxation`]): 10
/// at m = 5, where forty bound no better on `lognormal:n=100,seed=1`'s front.
pub const LUMP_ITEMS_PER_SUBSET: usize = 2;

/// Share of the remaining time the lump bound may take.
pub(super) const LUMP_SHARE: f64 = 0.25;

/// Target balancing ([`super::balance`], [`crate::milp::balance`]): most rounds per run ...
pub(super) const BALANCE_ROUNDS: usize = 3_000;
/// ... rounds in a row without a change after which it kicks ...
pub(super) const BALANCE_STALE: usize = 50;
/// ... at most this many times (then it stops) ...
pub(super) const BALANCE_KICKS: usize = 60;
/// ... moving this many random tasks each time ...
pub(super) const BALANCE_KICK: usize = 5;
/// ... and its share of the remaining time (once for the relaxation's solve, once more for
/// the re-splits).
pub(super) const BALANCE_SHARE: f64 = 0.25;
/// Slack the targets keep inside each cap: this much below it on gamma (at most a tenth of
/// the cap's excess over 1), so that loads near the targets meet the cap.
pub const BALANCE_SLACK: f64 = 1e-4;
/// Deviations of a minimised quantity weigh 1 / max(tolerance, this) per mean load.
pub(super) const BALANCE_MIN_TOL: f64 = 1e-5;
