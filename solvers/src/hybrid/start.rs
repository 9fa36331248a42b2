//! The warm start of a run: the best of the caller's partition and the heuristics' that meet
//! the caps, and whether `heur/complete`'s exact search proved it optimal (or proved that no
//! partition meets the caps), and by which of its methods.

use super::run::Run;
use super::tuning::{COMPLETE_BUDGET, COMPLETE_SHARE, COMPLETE_SHARE_CLASSES, HEURISTIC_SEEDS};
use crate::exact::classes::MAX_CLASSES;
use crate::exact::complete::Complete;
use crate::heuristics::bi::BiLpt;
use fairshard_harness::{Partition, Proof, SolveContext, Status, Target, measure_nested};

/// What the start found.
pub(super) struct Start {
    /// The best partition within the caps, if any.
    pub(super) partition: Option<Partition>,
    /// `heur/complete` proved it optimal, by this method.
    pub(super) proven: Option<Proof>,
    /// `heur/complete` proved that no partition meets the caps, by this method.
    pub(super) infeasible: Option<Proof>,
}

impl Run<'_> {
    /// The start partition: the best of the caller's and the heuristics' that meet the caps,
    /// and what `heur/complete` proved of it.
    pub(super) fn start(&self, ctx: &SolveContext) -> Start {
        let given = self.solver.start.clone().filter(|p| self.meets_caps(p));
        if !self.solver.heuristic_start || (given.is_some() && self.spec.target == Target::Feasibility) {
            return Start {
                partition: given,
                proven: None,
                infeasible: None,
            };
        }
        // For one quantity, `heur/complete` under the run's caps, from the caller's partition:
        // with few distinct values its exact value-class search proves the optimum far
        // sooner than a MIP can (`dao100`), and nothing else is needed; otherwise its
        // partition (`heur/bi-lpt`'s with the run's seed, or better) is often at the cheap
        // bound, which proves it optimal without a MIP.
        let mut found = None;
        let mut proven = None;
        if matches!(self.spec.target, Target::Workload | Target::Profit | Target::Makespan) && !self.solver.pure {
            // Its share of the remaining time (without a limit, at most `COMPLETE_BUDGET`);
            // its bound is not used.
            let share = if few_classes(self.instance) {
                COMPLETE_SHARE_CLASSES
            } else {
                COMPLETE_SHARE
            };
            let sub = ctx.share(share).or_limit(COMPLETE_BUDGET).without_bound();
            let out = measure_nested(&sub, &Complete::starting_from(given.clone()), self.instance, self.spec).outcome;
            if out.status == Status::Infeasible {
                return Start {
                    partition: None,
                    proven: None,
                    infeasible: Some(out.proof),
                };
            }
            if let Some(p) = out.partition.filter(|p| self.meets_caps(p)) {
                let optimal = (out.status == Status::Optimal).then_some(out.proof);
                proven = Some((self.ratio(&p), optimal));
                found = Some(p);
                if optimal.is_some() {
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
        let nested = ctx.clone().without_bound();
        let lpt = (first..seeds)
            .filter_map(|i| {
                let mut spec = self.spec.clone();
                spec.seed = self.spec.seed.wrapping_add(i);
                let out = measure_nested(&nested, &BiLpt::default(), self.instance, &spec).outcome;
                out.partition.filter(|p| self.meets_caps(p))
            })
            .min_by(|a, b| self.ratio(a).total_cmp(&self.ratio(b)));
        self.best([given, lpt, found], proven)
    }

    /// The best of `candidates` (smallest ratio), proven when `proven` is a proven optimum
    /// (with the method that proved it) with that ratio.
    pub(super) fn best(&self, candidates: [Option<Partition>; 3], proven: Option<(f64, Option<Proof>)>) -> Start {
        let best = candidates
            .into_iter()
            .flatten()
            .min_by(|a, b| self.ratio(a).total_cmp(&self.ratio(b)));
        let proven = match (&best, proven) {
            (Some(p), Some((r, Some(proof)))) if self.ratio(p) >= r => Some(proof),
            _ => None,
        };
        Start {
            partition: best,
            proven,
            infeasible: None,
        }
    }
}

/// At most [`MAX_CLASSES`] distinct (workload, rate) pairs: `heur/complete`'s value-class search
/// applies.
fn few_classes(instance: &fairshard_harness::Instance) -> bool {
    let mut seen = rustc_hash::FxHashSet::default();
    instance.tasks().iter().all(|t| {
        seen.insert((t.workload, t.rate));
        seen.len() <= MAX_CLASSES
    })
}
