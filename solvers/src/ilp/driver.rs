//! [`IlpSolver`]: any [`Backend`] with a [`Formulation`] as a [`Partitioner`].
//!
//! - Feasibility (the paper's ILP(gamma1, gamma2), (2a)-(2e)): one solve with the caps.
//! - Workload, profit, balanced: the ratio gamma = Max/Min is minimised exactly by Dinkelbach
//!   iterations: at ratio t, minimise `F(t) = Max - t * Min` (for balanced, the larger of the
//!   two quantities' terms); a solution with `F < 0` has a smaller ratio and becomes the next t;
//!   `F(t) >= 0` proves t optimal. A lower bound `LB` on `F(t)` certifies
//!   a lower bound on every partition's gamma ([`ratio_bound`]): the bound reported when
//!   stopped early.
//!
//! - Under caps (a front's point), the ratio is instead bracketed by feasibility queries:
//!   "is there a partition within the caps whose ratio is at most q?" ([`Run::bracket`]).
//!   The first q is just below the incumbent (minus the requested gap), so a "no" proves it;
//!   when that query runs out of its time (half the remaining), q is halfway between the
//!   bound and the lowest unanswered query, where a "no" comes sooner and raises the bound.
//!   Each "yes" is a better incumbent. On `lognormal:n=100,seed=1`, m = 5, gamma1 <= 1.1673
//!   the query "gamma2 <= 1.13427" is proven infeasible in 0.3 s, where Dinkelbach's bound
//!   stayed 1e-4 lower after 10 s: the cap is a constraint the MIP propagates at every node,
//!   an objective cut-off is not. Dinkelbach remains for the single ratios without caps.
//!
//! - Before either, while the start is further than the tolerance from the bound
//!   ([`Run::strengthen`]): the lump bound (Dinkelbach on [`formulation::lump_relaxation`],
//!   the 2m largest items integer and the rest fractional: on that instance at gamma1 <= 1.001
//!   it certifies 1.24987, where the LP gives 1.19378 and queries gained nothing in 10 s), then
//!   target balancing ([`super::balance`]) for a partition within the tolerance of it. The
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

use super::backend::{Backend, MipRequest, MipResult, MipStatus};
use super::balance::{Limits, Targets, balance};
use super::formulation::{self, Base, Formulation, Quantity, Scaled, Vars};
use super::model::Model;
use crate::heuristics::bi::BiLpt;
use crate::heuristics::complete::Complete;
use fairshard_harness::{
    CAP_TOLERANCE, Caps, Deferred, Effective, Instance, Partition, Partitioner, Prepared, RunSpec, SolveContext,
    SolveError, SolveOutcome, SolverInfo, Stats, Status, Target,
};
use std::time::Duration;

/// Relative tightening of the caps for the second model, when a solution of the first breaks
/// the exact check.
pub const TIGHTEN: f64 = 1e-7;

/// Most time `heur/complete` may take in the start without a time limit (with one: half the
/// remaining time).
pub const COMPLETE_BUDGET: Duration = Duration::from_secs(30);

/// Seeds of `heur/bi-lpt` tried for the start (about 0.12 s each at n = 100, m = 5).
pub const HEURISTIC_SEEDS: u64 = 4;

/// Absolute precision on gamma at which an optimum counts as proven.
pub const OPT_TOL: f64 = 1e-8;

/// Relative MIP gap for Dinkelbach's improving iterations (a final, proving iteration has an
/// incumbent near 0, where only the absolute gap can stop it).
const ITER_REL_GAP: f64 = 1e-4;

/// Items kept integer by the lump bound, per subset ([`formulation::lump_relaxation`]): 10
/// at m = 5, where forty bound no better on `lognormal:n=100,seed=1`'s front.
pub const LUMP_ITEMS_PER_SUBSET: usize = 2;

/// Share of the remaining time the lump bound may take.
const LUMP_SHARE: f64 = 0.25;

/// Target balancing ([`super::balance`]): most rounds per run ...
const BALANCE_ROUNDS: usize = 3_000;
/// ... rounds in a row without a change after which it kicks ...
const BALANCE_STALE: usize = 50;
/// ... at most this many times (then it stops) ...
const BALANCE_KICKS: usize = 60;
/// ... moving this many random tasks each time ...
const BALANCE_KICK: usize = 5;
/// ... and its share of the remaining time (once for the relaxation's solve, once more for
/// the re-splits).
const BALANCE_SHARE: f64 = 0.25;
/// Slack the targets keep inside each cap: this much below it on gamma (at most a tenth of
/// the cap's excess over 1), so that loads near the targets meet the cap.
pub const BALANCE_SLACK: f64 = 1e-4;
/// Deviations of a minimised quantity weigh 1 / max(tolerance, this) per mean load.
const BALANCE_MIN_TOL: f64 = 1e-5;

/// Most Dinkelbach iterations on a relaxation.
const RELAXED_ITERATIONS: usize = 30;

/// Dinkelbach iterations on a relaxation of the ratio problem built on `base`: from `t0`,
/// minimise `F(t)` over `relax(model)`; the proven lower bound on it certifies
/// [`ratio_bound`]; the minimiser's own ratio (its loads may be fractional) is the next t.
/// Stops when that ratio is within `enough` of the bound, stops falling, after
/// [`RELAXED_ITERATIONS`], or when `solve` returns `None` (out of time) or a failure; the
/// bounds proven before stand. The bound on gamma: `Some(inf)` when the first solve proves
/// the relaxation infeasible (so is every partition), `None` when no solve proved anything.
pub(crate) fn relaxed_bound(
    data: &Scaled,
    base: &Base,
    objective: &[Quantity],
    t0: f64,
    enough: f64,
    relax: impl Fn(Model) -> Model,
    mut solve: impl FnMut(&Model) -> Option<MipResult>,
) -> Option<f64> {
    let mut t = t0;
    let mut bound: Option<f64> = None;
    let mut solved = false;
    for _ in 0..RELAXED_ITERATIONS {
        let model = relax(formulation::with_ratio_objective(base, objective, t));
        let Some(res) = solve(&model) else { break };
        match res.status {
            // The relaxation's region does not depend on t: infeasible after a solution is
            // the backend's artefact, not a proof.
            MipStatus::Infeasible if !solved => return Some(f64::INFINITY),
            MipStatus::Infeasible | MipStatus::Failed => break,
            _ => {}
        }
        solved |= res.x.is_some();
        if let Some(lb) = res.bound {
            let b = ratio_bound(t, lb, data.m);
            bound = Some(bound.map_or(b, |old: f64| old.max(b)));
        }
        let Some(x) = res.x.filter(|_| res.status != MipStatus::TimeLimit) else {
            break;
        };
        let loads = data.solution_loads(&x);
        let next = objective
            .iter()
            .map(|&q| {
                let load = &loads[q as usize];
                let max = load.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                let min = load.iter().copied().fold(f64::INFINITY, f64::min);
                max / min.max(f64::MIN_POSITIVE)
            })
            .fold(1.0, f64::max);
        if bound.is_some_and(|b| next - b <= enough) || (t > 1.0 && next >= t) {
            break;
        }
        t = next;
    }
    bound
}

/// The lower bound on every partition's ratio that `F(t) >= lb` certifies: in scaled units
/// `m / (1 + (m - 1) gamma) <= Min <= 1`, so `gamma >= t + lb` when `lb >= 0` and
/// `gamma >= min(t, t + lb (1 + (m - 1) t) / m)` when `lb < 0`.
pub fn ratio_bound(t: f64, lb: f64, m: usize) -> f64 {
    let m = m as f64;
    if lb >= 0.0 {
        t + lb
    } else {
        t + lb * (1.0 + (m - 1.0) * t) / m
    }
}

/// An exact partitioner: one backend, one formulation, an optional warm start.
#[derive(Clone)]
pub struct IlpSolver {
    id: &'static str,
    backend: &'static dyn Backend,
    formulation: Formulation,
    start: Option<Partition>,
    heuristic_start: bool,
    bracket: bool,
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
        }
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

/// The quantities whose ratio `target` minimises.
pub fn objective_of(target: Target) -> &'static [Quantity] {
    match target {
        Target::Workload => &[Quantity::Workload],
        Target::Profit => &[Quantity::Profit],
        Target::Balanced => &[Quantity::Workload, Quantity::Profit],
        Target::Feasibility => &[],
    }
}

/// Caps per quantity, multiplied by `factor`.
pub fn scaled_caps(caps: &Caps, factor: f64) -> [Option<f64>; 2] {
    [caps.gamma1.map(|g| g * factor), caps.gamma2.map(|g| g * factor)]
}

impl Partitioner for IlpSolver {
    fn id(&self) -> &str {
        self.id
    }

    fn info(&self) -> SolverInfo {
        SolverInfo {
            summary: format!("{} on the {:?} formulation", self.backend.name(), self.formulation),
            exact: true,
            targets: Target::ALL.to_vec(),
            caps: true,
            time_limit: true,
        }
    }

    fn prepare<'a>(&'a self, instance: &'a Instance, spec: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError> {
        let data = Scaled::new(instance, spec.m, self.formulation.vars);
        let objective = objective_of(spec.target);
        for &q in objective {
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
        };
        Ok(Box::new(Deferred(move |ctx: &SolveContext| run.solve(base, ctx))))
    }
}

/// One run's state.
struct Run<'a> {
    solver: &'a IlpSolver,
    instance: &'a Instance,
    spec: &'a RunSpec,
    data: Scaled,
    objective: &'static [Quantity],
    stats: Stats,
    effective: Effective,
    last_raw: String,
}

/// The answer to a feasibility query of [`Run::bracket`].
enum Query {
    /// A partition within the caps and the query's ratio (checked exactly), and the bound
    /// on every partition's ratio that the MIP proved, if any.
    Yes(Partition, Option<f64>),
    /// None exists (the backend proved it).
    No,
    /// Time limit, or the backend's solution broke the exact check; the proven bound, if any.
    Unanswered(Option<f64>),
    /// The backend failed.
    Failed(MipResult),
}

/// Where a ratio minimisation stopped.
enum Stop {
    Converged,
    TimeLimit,
    Stalled,
}

impl Run<'_> {
    fn meets_caps(&self, p: &Partition) -> bool {
        p.check(self.instance).is_ok()
            && p.m() == self.spec.m
            && self.spec.caps.met_by(&p.fairness(self.instance), CAP_TOLERANCE)
    }

    /// gamma of the target for `p` (1 + the target's objective).
    fn ratio(&self, p: &Partition) -> f64 {
        1.0 + self
            .spec
            .target
            .objective(&p.fairness(self.instance))
            .unwrap_or(f64::INFINITY)
    }

    fn tightened(&self) -> Base {
        formulation::build(
            &self.data,
            scaled_caps(&self.spec.caps, 1.0 - TIGHTEN),
            self.objective,
            self.solver.formulation,
        )
    }

    /// The start partition: the best of the caller's and the heuristics' that meet the caps,
    /// and whether `heur/complete` proved it optimal.
    fn start(&self, ctx: &SolveContext) -> (Option<Partition>, bool) {
        let given = self.solver.start.clone().filter(|p| self.meets_caps(p));
        if !self.solver.heuristic_start || (given.is_some() && self.spec.target == Target::Feasibility) {
            return (given, false);
        }
        // For one quantity, `heur/complete` under the run's caps, from the caller's partition:
        // with few distinct values its exact value-class search proves the optimum far
        // sooner than a MIP can (`dao100`), and nothing else is needed; otherwise its
        // partition (`heur/bi-lpt`'s with the run's seed, or better) is often at the cheap
        // bound, which proves it optimal without a MIP.
        let mut found = None;
        let mut proven = None;
        if matches!(self.spec.target, Target::Workload | Target::Profit) {
            let mut spec = self.spec.clone();
            spec.time_limit = Some(ctx.remaining().map_or(COMPLETE_BUDGET, |r| r.div_f64(2.0)));
            let sub = SolveContext::new(std::time::Instant::now(), &spec);
            let out = Complete::starting_from(given.clone())
                .prepare(self.instance, &spec)
                .ok()
                .and_then(|p| p.solve(&sub).ok());
            if let Some(out) = out
                && let Some(p) = out.partition.filter(|p| self.meets_caps(p))
            {
                let optimal = out.status == Status::Optimal;
                proven = Some((self.ratio(&p), optimal));
                found = Some(p);
                if optimal {
                    return self.best([given, found, None], proven);
                }
            }
        }
        // `heur/bi-lpt` from several seeds (its annealing phase lands within about 1e-3 of its
        // best on a log-normal front's points, differently for each seed): the best is kept.
        // `heur/complete` ran the first seed already; a feasibility question needs one.
        let first = u64::from(found.is_some());
        let seeds = if self.spec.target == Target::Feasibility {
            1
        } else {
            HEURISTIC_SEEDS
        };
        let lpt = (first..seeds)
            .filter_map(|i| {
                let mut spec = self.spec.clone();
                spec.seed = self.spec.seed.wrapping_add(i);
                let out = BiLpt::default().prepare(self.instance, &spec).ok()?.solve(ctx).ok()?;
                out.partition.filter(|p| self.meets_caps(p))
            })
            .min_by(|a, b| self.ratio(a).total_cmp(&self.ratio(b)));
        self.best([given, lpt, found], proven)
    }

    /// The best of `candidates` (smallest ratio), proven when `proven` is a proven optimum
    /// with that ratio.
    fn best(&self, candidates: [Option<Partition>; 3], proven: Option<(f64, bool)>) -> (Option<Partition>, bool) {
        let best = candidates
            .into_iter()
            .flatten()
            .min_by(|a, b| self.ratio(a).total_cmp(&self.ratio(b)));
        let is_proven = match (&best, proven) {
            (Some(p), Some((r, true))) => self.ratio(p) >= r,
            _ => false,
        };
        (best, is_proven)
    }

    /// A context from now with `share` of `ctx`'s remaining time (no limit without one).
    fn share(&self, ctx: &SolveContext, share: f64) -> SolveContext {
        let mut spec = self.spec.clone();
        spec.time_limit = ctx.remaining().map(|r| r.mul_f64(share));
        SolveContext::new(std::time::Instant::now(), &spec)
    }

    fn mip(&mut self, model: &Model, start: Option<&[f64]>, abs_gap: f64, ctx: &SolveContext) -> MipResult {
        self.mip_gaps(model, start, (abs_gap, ITER_REL_GAP), ctx)
    }

    /// One backend call with absolute and relative gaps `(abs, rel)`.
    fn mip_gaps(&mut self, model: &Model, start: Option<&[f64]>, gaps: (f64, f64), ctx: &SolveContext) -> MipResult {
        let req = MipRequest {
            model,
            start,
            time_limit: ctx.remaining().map(|d| d.as_secs_f64()),
            threads: self.spec.threads,
            abs_gap: gaps.0,
            rel_gap: gaps.1,
            log: self.spec.solver_log,
        };
        let res = self.solver.backend.solve(&req);
        self.stats.solves += 1;
        self.stats.nodes += res.nodes;
        self.effective = Effective {
            mip_gap: Some(self.spec.mip_gap.unwrap_or(0.0)),
            // The run's limit as the backend applies it (each call gets what remains of it).
            time_limit_s: self.effective.time_limit_s,
            ..res.effective
        };
        self.last_raw = format!("{}: {}", self.solver.backend.name(), res.raw);
        res
    }

    fn outcome(&self, partition: Option<Partition>, status: Status, note: &str) -> SolveOutcome {
        let mut out = SolveOutcome::new(partition, status);
        out.raw_status = if self.last_raw.is_empty() {
            note.to_owned()
        } else {
            format!("{}; {note}", self.last_raw)
        };
        out.stats = self.stats;
        out.effective = self.effective;
        out
    }

    fn solve(self, base: Base, ctx: &SolveContext) -> Result<SolveOutcome, SolveError> {
        let (start, proven) = self.start(ctx);
        if self.spec.target == Target::Feasibility {
            self.feasibility(base, start, ctx)
        } else if self.spec.caps != Caps::NONE && self.solver.bracket {
            self.bracket(start, proven, ctx)
        } else {
            self.dinkelbach(base, start, proven, ctx)
        }
    }

    /// The incumbent (and its ratio) from `start`, whether `heur/complete` proved it optimal,
    /// and the bound on the ratio before any MIP: an incumbent meeting it needs no proving
    /// solve.
    fn opening(&self, start: Option<Partition>, proven: bool) -> (Option<(Partition, f64)>, bool, f64) {
        let incumbent = start.map(|p| {
            let r = self.ratio(&p);
            (p, r)
        });
        let by_search = proven && incumbent.is_some();
        let bound = self.first_bound(incumbent.as_ref().map(|(_, r)| *r), by_search);
        (incumbent, by_search, bound)
    }

    /// The gap at which a ratio minimisation at ratio r may stop: the larger of the relative
    /// MIP gap on r - 1, the absolute gap, and [`OPT_TOL`].
    fn tolerance(&self) -> impl Fn(f64) -> f64 + use<> {
        let (rel, abs) = (self.spec.mip_gap.unwrap_or(0.0), self.spec.abs_gap.unwrap_or(0.0));
        move |r: f64| (rel * (r - 1.0)).max(abs).max(OPT_TOL)
    }

    /// The lower bound on the target's ratio that holds before any MIP: the cheap bound, the
    /// anchor bound of the caps, and a proof by `heur/complete` of the start (`by_search`).
    fn first_bound(&self, incumbent: Option<f64>, by_search: bool) -> f64 {
        let mut bound = crate::bounds::objective_bound(self.instance, self.spec.m, self.spec.target)
            .filter(|b| b.is_finite())
            .map_or(1.0, |b| 1.0 + b);
        if let Some(b) = crate::bounds::anchor_bound(self.instance, self.spec).filter(|b| b.is_finite()) {
            bound = bound.max(1.0 + b);
        }
        if let Some(r) = incumbent.filter(|_| by_search) {
            bound = bound.max(r);
        }
        bound
    }

    /// The lump bound: [`relaxed_bound`] on [`formulation::lump_relaxation`] with
    /// [`LUMP_ITEMS_PER_SUBSET`] integer items per subset, from the incumbent's ratio `t`, within
    /// [`LUMP_SHARE`] of the remaining time. `None` when the relaxation would be the model
    /// itself, or nothing was proven in time.
    fn lump_bound(&mut self, t: f64, enough: f64, ctx: &SolveContext) -> Option<f64> {
        let keep = LUMP_ITEMS_PER_SUBSET * self.spec.m;
        if keep >= self.data.items.len() {
            return None;
        }
        let sub = self.share(ctx, LUMP_SHARE);
        let base = formulation::build(
            &self.data,
            scaled_caps(&self.spec.caps, 1.0 + CAP_TOLERANCE),
            self.objective,
            self.solver.formulation,
        );
        let data = self.data.clone();
        let objective = self.objective;
        relaxed_bound(
            &data,
            &base,
            objective,
            t,
            enough,
            |model| formulation::lump_relaxation(&data, model, keep),
            |model| (!sub.expired()).then(|| self.mip_gaps(model, None, (0.0, 0.0), &sub)),
        )
        .filter(|b| b.is_finite())
    }

    /// The opening incumbent and bound, strengthened when the gap exceeds the tolerance: the
    /// bound by the lump bound, then the incumbent by target balancing.
    fn strengthen(
        &mut self,
        mut incumbent: Option<(Partition, f64)>,
        mut bound: f64,
        ctx: &SolveContext,
    ) -> (Option<(Partition, f64)>, f64) {
        let tol = self.tolerance();
        let Some(r) = incumbent.as_ref().map(|(_, r)| *r) else {
            return (incumbent, bound);
        };
        if !r.is_finite() || r - bound <= tol(r) || ctx.expired() {
            return (incumbent, bound);
        }
        let solves = self.stats.solves;
        if let Some(b) = self.lump_bound(r, 0.1 * tol(r), ctx) {
            bound = bound.max(b.min(r));
        }
        if r - bound > tol(r)
            && !ctx.expired()
            && let Some((p, found)) = self.balanced(bound + tol(bound), ctx)
            && found < r
        {
            incumbent = Some((p, found));
        }
        if self.stats.solves > solves {
            // The relaxations' own statuses say nothing about the run.
            self.last_raw = format!(
                "{}: lump bound and target balancing, {} relaxed solves",
                self.solver.backend.name(),
                self.stats.solves - solves
            );
        }
        (incumbent, bound)
    }

    /// Target balancing ([`super::balance`]) for a partition with ratio at most `goal`: the
    /// lump relaxation of Dinkelbach's `F(goal)`, with every cap lowered by its slack
    /// ([`BALANCE_SLACK`]), gives each subset's target loads and places the large tasks; the
    /// small ones are then re-split pair by pair towards the targets. The best partition met
    /// within the caps, if any (it stops at the first with ratio <= `goal`); the solve and the
    /// re-splits each get [`BALANCE_SHARE`] of the remaining time.
    fn balanced(&mut self, goal: f64, ctx: &SolveContext) -> Option<(Partition, f64)> {
        let (m, keep) = (self.spec.m, LUMP_ITEMS_PER_SUBSET * self.spec.m);
        if keep >= self.data.items.len() {
            return None;
        }
        let sub = self.share(ctx, BALANCE_SHARE);
        let slack = |g: f64| (0.1 * (g - 1.0)).min(BALANCE_SLACK);
        let given = [self.spec.caps.gamma1, self.spec.caps.gamma2];
        let caps = given.map(|c| c.map(|g| g - slack(g)));
        let base = formulation::build(&self.data, caps, self.objective, self.solver.formulation);
        let model = formulation::lump_relaxation(
            &self.data,
            formulation::with_ratio_objective(&base, self.objective, goal),
            keep,
        );
        let res = self.mip_gaps(&model, None, (0.0, ITER_REL_GAP), &sub);
        let x = res.x.filter(|_| res.status != MipStatus::Failed)?;
        // The re-splits get their own share of what is left.
        let sub = self.share(ctx, BALANCE_SHARE);
        let data = &self.data;
        let loads = data.solution_loads(&x);
        let tol = self.tolerance()(goal).max(BALANCE_MIN_TOL);
        let weights = [Quantity::Workload, Quantity::Profit].map(|q| {
            if self.objective.contains(&q) {
                1.0 / tol
            } else {
                given[q as usize].map_or(0.0, |g| 1.0 / slack(g).max(BALANCE_MIN_TOL))
            }
        });
        let targets = Targets { loads, weights };
        let mut fixed = vec![false; data.n];
        for &k in formulation::lump_order(data).iter().take(keep) {
            for &j in &data.items.members[k] {
                fixed[j] = true;
            }
        }
        let mut assignment = formulation::decode(data, &x).assignment().to_vec();
        let mut best: Option<(Partition, f64)> = None;
        let mut consider = |a: &[u32]| -> bool {
            let p = Partition::from_assignment(m, a.to_vec());
            if !self.meets_caps(&p) {
                return false;
            }
            let r = self.ratio(&p);
            if best.as_ref().is_none_or(|(_, b)| r < *b) {
                best = Some((p, r));
            }
            r <= goal
        };
        if !consider(&assignment) {
            let limits = Limits {
                rounds: BALANCE_ROUNDS,
                stale: BALANCE_STALE,
                kicks: BALANCE_KICKS,
                kick: BALANCE_KICK,
                seed: self.spec.seed,
            };
            balance(data, &mut assignment, &fixed, &targets, limits, &sub, consider);
        }
        best
    }

    /// Ratio minimisation under caps by feasibility queries (module docs): "is there a
    /// partition within the caps whose ratio is at most q?", first just below the incumbent
    /// (a "no" proves it), then, when that query runs out of its time, halfway between the
    /// bound and the lowest unanswered query (a "no" raises the bound). A "yes" is a better
    /// incumbent. Each query may take half the remaining time.
    fn bracket(
        mut self,
        start: Option<Partition>,
        proven: bool,
        ctx: &SolveContext,
    ) -> Result<SolveOutcome, SolveError> {
        let (incumbent, by_search, bound) = self.opening(start, proven);
        let (mut incumbent, mut bound) = self.strengthen(incumbent, bound, ctx);
        let tol = self.tolerance();
        // The lowest query left unanswered (time limit, or a solution that broke the exact
        // check): queries at or above it are not asked again until the incumbent falls below.
        let mut open = f64::INFINITY;
        let stop = loop {
            let t = incumbent.as_ref().map_or(f64::INFINITY, |(_, r)| *r);
            if t - bound <= tol(t) {
                break Stop::Converged;
            }
            if ctx.expired() {
                break Stop::TimeLimit;
            }
            // Without an incumbent the first query is the caps alone.
            let prove = t - tol(t);
            let q = if incumbent.is_none() {
                None
            } else if prove < open {
                Some(prove)
            } else if open - bound > tol(t) {
                Some(bound + 0.5 * (open - bound))
            } else {
                break Stop::Stalled;
            };
            let res = self.query(q, tol(q.unwrap_or(1.0)), ctx);
            if let Query::Yes(_, Some(b)) | Query::Unanswered(Some(b)) = &res {
                bound = bound.max(*b);
            }
            match res {
                Query::Failed(res) => return Err(self.failed(&res)),
                Query::No => match q {
                    Some(q) => bound = bound.max(q),
                    None => return Ok(self.outcome(None, Status::Infeasible, "no partition within the caps")),
                },
                Query::Yes(p, _) => {
                    let r = self.ratio(&p);
                    if r < t {
                        incumbent = Some((p, r));
                        open = f64::INFINITY;
                    } else {
                        open = open.min(q.unwrap_or(f64::INFINITY));
                    }
                }
                Query::Unanswered(_) => match q {
                    Some(q) => open = open.min(q),
                    None => break Stop::TimeLimit,
                },
            }
        };
        self.finish(incumbent, bound, stop, by_search)
    }

    /// One feasibility query: the run's caps and, when `q` is given, the target's ratio at
    /// most q (both relaxed by the harness's tolerance, so "no" covers every partition the
    /// harness would accept), with half the remaining time. With q, the model minimises
    /// Dinkelbach's `F(q)` in that region, to absolute gap `abs_tol` on the ratio.
    fn query(&mut self, q: Option<f64>, abs_tol: f64, ctx: &SolveContext) -> Query {
        let mut caps = self.spec.caps;
        if let Some(q) = q {
            let min = |c: Option<f64>| Some(c.map_or(q, |c| c.min(q)));
            match self.spec.target {
                Target::Workload => caps.gamma1 = min(caps.gamma1),
                Target::Profit => caps.gamma2 = min(caps.gamma2),
                Target::Balanced => {
                    caps.gamma1 = min(caps.gamma1);
                    caps.gamma2 = min(caps.gamma2);
                }
                Target::Feasibility => {}
            }
        }
        let sub = self.share(ctx, 0.5);
        // The caps relaxed by the harness's tolerance; once more tightened by `TIGHTEN` when a
        // solution slips past the exact check (that model's "no" and bound prove nothing).
        for tight in [false, true] {
            let factor = if tight { 1.0 - TIGHTEN } else { 1.0 + CAP_TOLERANCE };
            let objective = if q.is_some() { self.objective } else { &[] };
            let base = formulation::build(
                &self.data,
                scaled_caps(&caps, factor),
                objective,
                self.solver.formulation,
            );
            // With q, Dinkelbach's objective at q inside the region: a "yes" is the region's
            // best partition (or the best found in time), and the MIP's bound on F(q) bounds
            // the region's ratios; every partition outside it has ratio > q.
            let res = match q {
                None => self.mip(&base.model, None, 0.0, &sub),
                Some(q) => {
                    let m = self.spec.m as f64;
                    let per_gamma = m / (1.0 + (m - 1.0) * q);
                    let model = formulation::with_ratio_objective(&base, self.objective, q);
                    self.mip(&model, None, 0.1 * abs_tol * per_gamma, &sub)
                }
            };
            let bound = match (q, &res.bound) {
                (Some(q), Some(lb)) if !tight => Some(q.min(ratio_bound(q, *lb, self.spec.m))),
                _ => None,
            };
            match res.status {
                MipStatus::Failed => return Query::Failed(res),
                MipStatus::Infeasible if tight => return Query::Unanswered(None),
                MipStatus::Infeasible => return Query::No,
                _ => {}
            }
            match res.x.as_ref().map(|x| formulation::decode(&self.data, x)) {
                Some(p) if self.meets_caps(&p) => return Query::Yes(p, bound),
                Some(_) if !tight && !sub.expired() => {}
                _ => return Query::Unanswered(bound),
            }
        }
        Query::Unanswered(None)
    }

    /// The outcome of a ratio minimisation that ended with `incumbent` and `bound` (on gamma).
    fn finish(
        &self,
        incumbent: Option<(Partition, f64)>,
        bound: f64,
        stop: Stop,
        by_search: bool,
    ) -> Result<SolveOutcome, SolveError> {
        let bound_excess = (bound - 1.0).max(0.0);
        let (partition, r) = match incumbent {
            Some((p, r)) => (Some(p), r),
            None => (None, f64::INFINITY),
        };
        let (status, note) = match stop {
            Stop::Converged if by_search && self.stats.solves == 0 => (
                Status::Optimal,
                "optimal: proven by heur/complete's value-class search, no MIP needed",
            ),
            Stop::Converged if r - bound <= OPT_TOL => (Status::Optimal, "converged: optimal"),
            Stop::Converged => (Status::GapLimit, "converged within the requested gap"),
            Stop::TimeLimit => (Status::TimeLimit, "time limit: best partition and bound so far"),
            Stop::Stalled if partition.is_none() => (Status::Unknown, "no partition within the caps found"),
            Stop::Stalled => (Status::Feasible, "stalled before proving optimality"),
        };
        let mut out = self.outcome(partition, status, note);
        out.bound = Some(if r.is_finite() {
            bound_excess.min(r - 1.0)
        } else {
            bound_excess
        });
        Ok(out)
    }

    fn failed(&self, res: &MipResult) -> SolveError {
        SolveError::Backend {
            solver: self.solver.id.to_owned(),
            message: res.raw.clone(),
        }
    }

    /// The paper's feasibility ILP(gamma1, gamma2).
    fn feasibility(
        mut self,
        base: Base,
        start: Option<Partition>,
        ctx: &SolveContext,
    ) -> Result<SolveOutcome, SolveError> {
        if let Some(p) = start {
            return Ok(self.outcome(Some(p), Status::Feasible, "the warm start meets the caps"));
        }
        let mut tight = false;
        let mut base = base;
        loop {
            let res = self.mip(&base.model, None, 0.0, ctx);
            match res.status {
                MipStatus::Failed => return Err(self.failed(&res)),
                MipStatus::Infeasible if tight => {
                    return Ok(self.outcome(
                        None,
                        Status::Unknown,
                        "only partitions within relative 1e-7 of the caps: not decided",
                    ));
                }
                MipStatus::Infeasible => {
                    return Ok(self.outcome(None, Status::Infeasible, "no partition within the caps"));
                }
                _ => {}
            }
            let found = res.x.as_ref().map(|x| formulation::decode(&self.data, x));
            match found {
                Some(p) if self.meets_caps(&p) => {
                    return Ok(self.outcome(Some(p), Status::Feasible, "within the caps"));
                }
                Some(_) if !tight && !ctx.expired() => {
                    tight = true;
                    base = self.tightened();
                }
                _ if res.status == MipStatus::TimeLimit || ctx.expired() => {
                    return Ok(self.outcome(None, Status::TimeLimit, "no partition within the caps found in time"));
                }
                _ => {
                    return Ok(self.outcome(None, Status::Unknown, "the backend's solutions break the exact caps"));
                }
            }
        }
    }

    /// Dinkelbach iterations on the target's ratio (see the module docs).
    fn dinkelbach(
        mut self,
        base: Base,
        start: Option<Partition>,
        proven: bool,
        ctx: &SolveContext,
    ) -> Result<SolveOutcome, SolveError> {
        let m = self.spec.m as f64;
        let mut base = base;
        let mut tight = false;
        let (incumbent, by_search, bound) = self.opening(start, proven);
        let (mut incumbent, mut bound) = self.strengthen(incumbent, bound, ctx);
        let tol = self.tolerance();
        let stop = loop {
            let t = incumbent.as_ref().map_or(1.0, |(_, r)| *r);
            if incumbent.is_some() && t - bound <= tol(t) {
                break Stop::Converged;
            }
            if ctx.expired() {
                break Stop::TimeLimit;
            }
            // F-units per gamma-unit near t: Min >= m / (1 + (m - 1) t).
            let per_gamma = m / (1.0 + (m - 1.0) * t);
            let model = formulation::with_ratio_objective(&base, self.objective, t);
            let warm = incumbent
                .as_ref()
                .map(|(p, _)| formulation::encode(&self.data, &base, &model, p, Some(t)));
            let res = self.mip(&model, warm.as_deref(), 0.1 * tol(t) * per_gamma, ctx);
            match res.status {
                MipStatus::Failed => return Err(self.failed(&res)),
                MipStatus::Infeasible if incumbent.is_none() && !tight => {
                    return Ok(self.outcome(None, Status::Infeasible, "no partition within the caps"));
                }
                MipStatus::Infeasible => break Stop::Stalled,
                _ => {}
            }
            if !tight && let Some(lb) = res.bound {
                bound = bound.max(ratio_bound(t, lb, self.spec.m));
            }
            let mut improved = false;
            if let Some(x) = &res.x {
                let p = formulation::decode(&self.data, x);
                if self.meets_caps(&p) {
                    let r = self.ratio(&p);
                    if incumbent.as_ref().is_none_or(|(_, best)| r < *best) {
                        incumbent = Some((p, r));
                        improved = true;
                    }
                } else if !tight {
                    tight = true;
                    base = self.tightened();
                    continue;
                }
            }
            if res.status == MipStatus::TimeLimit {
                break Stop::TimeLimit;
            }
            if !improved {
                let t = incumbent.as_ref().map_or(f64::INFINITY, |(_, r)| *r);
                if t - bound <= tol(t) {
                    break Stop::Converged;
                }
                break Stop::Stalled;
            }
        };
        self.finish(incumbent, bound, stop, by_search)
    }
}
