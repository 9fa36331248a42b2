//! Target balancing inside a run: the lump relaxation of Dinkelbach's `F(goal)` gives every
//! subset's target loads, and [`crate::milp::balance`] re-splits pairs of subsets towards
//! them.

use super::run::Run;
use super::tuning::{
    BALANCE_KICK, BALANCE_KICKS, BALANCE_MIN_TOL, BALANCE_ROUNDS, BALANCE_SHARE, BALANCE_SLACK, BALANCE_STALE,
    ITER_REL_GAP, LUMP_ITEMS_PER_SUBSET,
};
use crate::milp::backend::MipStatus;
use crate::milp::balance::{Limits, Targets, balance};
use crate::milp::formulation::{self, Quantity};
use fairshard_harness::{Partition, SolveContext};

impl Run<'_> {
    /// Target balancing ([`super::balance`]) for a partition with ratio at most `goal`: the
    /// lump relaxation of Dinkelbach's `F(goal)`, with every cap lowered by its slack
    /// ([`BALANCE_SLACK`]), gives each subset's target loads and places the large tasks; the
    /// small ones are then re-split pair by pair towards the targets. The best partition met
    /// within the caps, if any (it stops at the first with ratio <= `goal`); the solve and the
    /// re-splits each get [`BALANCE_SHARE`] of the remaining time.
    pub(super) fn balanced(&mut self, goal: f64, ctx: &SolveContext) -> Option<(Partition, f64)> {
        let (m, keep) = (self.spec.m, LUMP_ITEMS_PER_SUBSET * self.spec.m);
        if keep >= self.data.items.len() {
            return None;
        }
        let sub = ctx.share(BALANCE_SHARE);
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
        let sub = ctx.share(BALANCE_SHARE);
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
}
