//! Ratio minimisation under caps by feasibility queries ("is there a partition within the
//! caps whose ratio is at most q?"): see the module docs of [`super`].

use super::run::{Run, Stop};
use super::tuning::TIGHTEN;
use crate::milp::backend::{MipResult, MipStatus};
use crate::milp::formulation;
use crate::milp::{ratio_bound, scaled_caps};
use fairshard_harness::{CAP_TOLERANCE, Partition, Proof, SolveContext, SolveError, SolveOutcome, Status, Target};

/// The answer to a feasibility query of [`Run::bracket`].
pub(super) enum Query {
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

impl Run<'_> {
    /// Ratio minimisation under caps by feasibility queries (module docs): "is there a
    /// partition within the caps whose ratio is at most q?", first just below the incumbent
    /// (a "no" proves it), then, when that query runs out of its time, halfway between the
    /// bound and the lowest unanswered query (a "no" raises the bound). A "yes" is a better
    /// incumbent. Each query may take half the remaining time.
    pub(super) fn bracket(
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
                    None => {
                        return Ok(self
                            .outcome(None, Status::Infeasible, "no partition within the caps")
                            .proven_by(Proof::Mip));
                    }
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
    pub(super) fn query(&mut self, q: Option<f64>, abs_tol: f64, ctx: &SolveContext) -> Query {
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
                // Makespan runs one MIP (`makespan`), never these queries.
                Target::Makespan | Target::Feasibility => {}
            }
        }
        let sub = ctx.share(0.5);
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
}
