//! The one clock: every run of every solver goes through [`measure`].
//!
//! It validates the spec, times the build and solve phases separately with the same clock for
//! every backend, turns a backend panic into an `error` status, and re-checks whatever the
//! solver returned against the instance (assignment, caps, bound) before anything is
//! reported. Data generation and I/O happen outside it and are never on the clock. A solver
//! that runs another inside its own solve goes through [`measure_nested`]: the same checks,
//! on the caller's clock.

use crate::fairness::Fairness;
use crate::model::Instance;
use crate::solver::{Partitioner, Proof, SolveContext, SolveError, SolveOutcome, Status};
use crate::spec::RunSpec;
use std::panic::{AssertUnwindSafe, catch_unwind};
use std::time::{Duration, Instant};

/// Relative slack allowed on caps for backends that compute in floating point: a partition
/// whose gamma exceeds a cap by more than this is rejected.
pub const CAP_TOLERANCE: f64 = 1e-9;

/// A run as measured and vetted by the harness.
#[derive(Clone, Debug, PartialEq)]
pub struct Measured {
    /// The solver's outcome after the harness's checks (status may have become `Error`).
    pub outcome: SolveOutcome,
    /// Fairness of the returned partition, when there is one.
    pub fairness: Option<Fairness>,
    /// The target's objective (gamma - 1) for that partition.
    pub objective: Option<f64>,
    /// Time spent in [`Partitioner::prepare`].
    pub build: Duration,
    /// Time spent in [`crate::Prepared::solve`].
    pub solve: Duration,
    /// Why the run is an error, when it is.
    pub error: Option<String>,
}

impl Measured {
    /// Relative gap between the objective and the bound: (objective - bound) / objective,
    /// 0 when both are 0; `None` without a bound or objective.
    pub fn gap(&self) -> Option<f64> {
        let (obj, bound) = (self.objective?, self.outcome.bound?);
        if !obj.is_finite() {
            return None;
        }
        Some(if obj <= 0.0 {
            0.0
        } else {
            ((obj - bound) / obj).max(0.0)
        })
    }
}

fn panic_message(p: Box<dyn std::any::Any + Send>) -> String {
    if let Some(s) = p.downcast_ref::<&str>() {
        (*s).to_owned()
    } else if let Some(s) = p.downcast_ref::<String>() {
        s.clone()
    } else {
        "non-string panic payload".to_owned()
    }
}

fn failed(error: String, build: Duration, solve: Duration) -> Measured {
    let mut outcome = SolveOutcome::new(None, Status::Error);
    outcome.raw_status = error.clone();
    Measured {
        outcome,
        fairness: None,
        objective: None,
        build,
        solve,
        error: Some(error),
    }
}

/// Runs `solver` on `instance` under `spec`, timing build and solve separately, and vets the
/// result. Never panics because of the solver; every failure is an `error` status.
pub fn measure(solver: &dyn Partitioner, instance: &Instance, spec: &RunSpec) -> Measured {
    run(solver, instance, spec, |solve_start| {
        SolveContext::new(solve_start, spec)
    })
}

/// A nested run: `solver` on `instance` under `spec` inside another solver's solve, on the
/// caller's clock. Its deadline (and whether its bound is wanted) is `ctx`'s, a context the
/// caller derived from its own ([`SolveContext::share`], [`SolveContext::or_limit`],
/// [`SolveContext::without_bound`]); `spec.time_limit` is ignored, the other knobs are
/// `spec`'s. The deadline runs from when `ctx` was made, so the build counts against it.
/// Everything else is [`measure`]'s: the spec is validated, a panic becomes an `error`
/// status, and the outcome is vetted the same way (partition shape, caps, bound against
/// objective), so a caller never uses a partition the harness would have rejected.
pub fn measure_nested(ctx: &SolveContext, solver: &dyn Partitioner, instance: &Instance, spec: &RunSpec) -> Measured {
    run(solver, instance, spec, |_| {
        let mut nested = ctx.clone();
        nested.seed = spec.seed;
        nested.threads = spec.threads;
        nested.log = spec.solver_log;
        nested
    })
}

/// [`measure`] with the solve's context made by `context` from the instant the solve starts.
fn run(
    solver: &dyn Partitioner,
    instance: &Instance,
    spec: &RunSpec,
    context: impl FnOnce(Instant) -> SolveContext,
) -> Measured {
    if let Err(e) = spec.validate(instance) {
        return failed(format!("invalid run: {e}"), Duration::ZERO, Duration::ZERO);
    }
    let t0 = Instant::now();
    let prepared = catch_unwind(AssertUnwindSafe(|| solver.prepare(instance, spec)));
    let build = t0.elapsed();
    let prepared = match prepared {
        Ok(Ok(p)) => p,
        Ok(Err(e)) => return failed(e.to_string(), build, Duration::ZERO),
        Err(p) => {
            return failed(
                format!("{} panicked while building: {}", solver.id(), panic_message(p)),
                build,
                Duration::ZERO,
            );
        }
    };
    let t1 = Instant::now();
    let ctx = context(t1);
    let result = catch_unwind(AssertUnwindSafe(|| prepared.solve(&ctx)));
    let solve = t1.elapsed();
    match result {
        Ok(Ok(outcome)) => vet(solver.id(), outcome, instance, spec, build, solve),
        Ok(Err(e @ (SolveError::Backend { .. } | SolveError::Unsupported { .. }))) => {
            failed(e.to_string(), build, solve)
        }
        Err(p) => failed(
            format!("{} panicked while solving: {}", solver.id(), panic_message(p)),
            build,
            solve,
        ),
    }
}

/// Re-checks a solver's outcome against the instance and spec.
fn vet(
    id: &str,
    mut outcome: SolveOutcome,
    instance: &Instance,
    spec: &RunSpec,
    build: Duration,
    solve: Duration,
) -> Measured {
    let reject = |why: String, outcome: &SolveOutcome| {
        let mut m = failed(
            format!("{id}: {why} (backend status: {})", outcome.raw_status),
            build,
            solve,
        );
        m.outcome.stats = outcome.stats;
        m.outcome.effective = outcome.effective;
        m
    };
    let fairness = match &outcome.partition {
        None => None,
        Some(p) => {
            if let Err(e) = p.check(instance) {
                return reject(format!("returned an invalid partition: {e}"), &outcome);
            }
            if p.m() != spec.m {
                return reject(
                    format!("returned {} subsets, {} were asked for", p.m(), spec.m),
                    &outcome,
                );
            }
            Some(p.fairness(instance))
        }
    };
    let meets_caps = fairness.as_ref().map(|f| spec.caps.met_by(f, CAP_TOLERANCE));
    match (outcome.status, meets_caps) {
        (Status::Optimal | Status::Feasible | Status::GapLimit, None) => {
            return reject(format!("reported {} without a partition", outcome.status), &outcome);
        }
        (Status::Optimal | Status::Feasible | Status::GapLimit, Some(false)) => {
            return reject(
                format!("reported {} but its partition violates the caps", outcome.status),
                &outcome,
            );
        }
        (Status::Infeasible, Some(true)) => {
            return reject(
                "reported infeasible but returned a partition within the caps".into(),
                &outcome,
            );
        }
        // A heuristic that did meet the caps found a feasible partition, whatever it says.
        (Status::Unknown, Some(true)) => outcome.status = Status::Feasible,
        _ => {}
    }
    let objective = fairness.as_ref().and_then(|f| spec.target.objective(f));
    if let (Some(obj), Some(bound)) = (objective, outcome.bound)
        && bound > obj + 1e-9 * (1.0 + obj)
        && meets_caps == Some(true)
    {
        return reject(
            format!("reported a lower bound {bound:e} above its own objective {obj:e}"),
            &outcome,
        );
    }
    if outcome.status == Status::Optimal && outcome.bound.is_none() {
        outcome.bound = objective;
    }
    // The proof's author is recorded only for a proven status.
    outcome.proof = match (outcome.status.is_proven(), outcome.proof) {
        (false, _) => Proof::None,
        (true, Proof::None) => Proof::Unstated,
        (true, p) => p,
    };
    Measured {
        outcome,
        fairness,
        objective,
        build,
        solve,
        error: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;
    use crate::partition::Partition;
    use crate::solver::{Deferred, Prepared, SolverInfo};
    use crate::spec::Target;

    /// A solver that returns a fixed outcome, or panics: to test the harness's vetting.
    struct Fixed(Option<SolveOutcome>);

    impl Partitioner for Fixed {
        fn id(&self) -> &str {
            "test/fixed"
        }
        fn info(&self) -> SolverInfo {
            SolverInfo {
                summary: "returns a fixed outcome".into(),
                exact: false,
                targets: Target::ALL.to_vec(),
                caps: true,
                time_limit: false,
            }
        }
        fn prepare<'a>(&'a self, _: &'a Instance, _: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError> {
            Ok(Box::new(Deferred(move |_: &SolveContext| match &self.0 {
                Some(o) => Ok(o.clone()),
                None => panic!("backend exploded"),
            })))
        }
    }

    fn inst() -> Instance {
        Instance::new(
            "t",
            vec![Task::new(3, 1), Task::new(3, 1), Task::new(2, 1), Task::new(1, 1)],
        )
        .unwrap()
    }

    #[test]
    fn a_panicking_backend_becomes_an_error_status() {
        let m = measure(&Fixed(None), &inst(), &RunSpec::new(2, Target::Workload));
        assert_eq!(m.outcome.status, Status::Error);
        assert!(m.error.unwrap().contains("backend exploded"));
    }

    #[test]
    fn garbage_partitions_are_rejected() {
        let bad = SolveOutcome::new(Some(Partition::from_assignment(2, vec![0, 1, 5, 0])), Status::Feasible);
        let m = measure(&Fixed(Some(bad)), &inst(), &RunSpec::new(2, Target::Workload));
        assert_eq!(m.outcome.status, Status::Error);
        assert!(m.error.unwrap().contains("invalid partition"));
    }

    #[test]
    fn claimed_feasibility_is_checked_against_caps() {
        // workloads {3,3} vs {2,1}: gamma1 = 2
        let p = Partition::from_assignment(2, vec![0, 0, 1, 1]);
        let claim = SolveOutcome::new(Some(p.clone()), Status::Feasible);
        let spec = RunSpec::new(2, Target::Feasibility).with_caps(Some(1.5), None);
        let m = measure(&Fixed(Some(claim)), &inst(), &spec);
        assert_eq!(m.outcome.status, Status::Error);
        let honest = SolveOutcome::new(Some(p), Status::Unknown);
        let m = measure(
            &Fixed(Some(honest)),
            &inst(),
            &RunSpec::new(2, Target::Feasibility).with_caps(Some(2.0), None),
        );
        assert_eq!(
            m.outcome.status,
            Status::Feasible,
            "a partition within the caps is feasible"
        );
    }

    #[test]
    fn a_bound_above_the_objective_is_rejected_and_optimal_gets_its_bound() {
        let p = Partition::from_assignment(2, vec![0, 1, 0, 1]); // 5 vs 4: gamma1 - 1 = 0.25
        let mut o = SolveOutcome::new(Some(p.clone()), Status::Feasible);
        o.bound = Some(0.5);
        let m = measure(&Fixed(Some(o)), &inst(), &RunSpec::new(2, Target::Workload));
        assert_eq!(m.outcome.status, Status::Error);
        let m = measure(
            &Fixed(Some(SolveOutcome::new(Some(p), Status::Optimal))),
            &inst(),
            &RunSpec::new(2, Target::Workload),
        );
        assert_eq!(m.outcome.bound, Some(0.25));
        assert_eq!(m.gap(), Some(0.0));
    }

    #[test]
    fn invalid_specs_never_reach_the_solver() {
        let m = measure(&Fixed(None), &inst(), &RunSpec::new(9, Target::Workload));
        assert_eq!(m.outcome.status, Status::Error);
        assert!(m.error.unwrap().contains("m = 9"));
    }

    /// A solver that reports what its context says: the deadline and whether a bound is wanted.
    struct Probe(std::sync::Mutex<Option<(Option<Instant>, bool)>>);

    impl Partitioner for Probe {
        fn id(&self) -> &str {
            "test/probe"
        }
        fn info(&self) -> SolverInfo {
            Fixed(None).info()
        }
        fn prepare<'a>(&'a self, _: &'a Instance, _: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError> {
            Ok(Box::new(Deferred(move |ctx: &SolveContext| {
                *self.0.lock().unwrap() = Some((ctx.deadline(), ctx.wants_bound()));
                let p = Partition::from_assignment(2, vec![0, 1, 0, 1]);
                Ok(SolveOutcome::new(Some(p), Status::Unknown))
            })))
        }
    }

    #[test]
    fn a_nested_run_is_vetted_like_any_other() {
        let spec = RunSpec::new(2, Target::Workload);
        let ctx = SolveContext::new(Instant::now(), &spec);
        let bad = SolveOutcome::new(Some(Partition::from_assignment(2, vec![0, 1, 5, 0])), Status::Feasible);
        let m = measure_nested(&ctx, &Fixed(Some(bad)), &inst(), &spec);
        assert!(m.error.unwrap().contains("invalid partition"));
        let m = measure_nested(&ctx, &Fixed(None), &inst(), &spec);
        assert!(m.error.unwrap().contains("backend exploded"));
        let m = measure_nested(&ctx, &Fixed(None), &inst(), &RunSpec::new(9, Target::Workload));
        assert!(m.error.unwrap().contains("m = 9"));
    }

    #[test]
    fn a_nested_run_gets_the_callers_deadline_and_bound_wish() {
        let mut spec = RunSpec::new(2, Target::Workload);
        spec.time_limit = Some(Duration::from_secs(1000));
        let parent = SolveContext::new(Instant::now(), &spec);
        let share = parent.share(0.5);
        let (d, half) = (parent.deadline().unwrap(), share.deadline().unwrap());
        assert!(
            half < d && half > Instant::now() + Duration::from_secs(400),
            "half the remaining time"
        );
        let probe = Probe(Default::default());
        let nested = share.clone().without_bound();
        let m = measure_nested(&nested, &probe, &inst(), &spec);
        assert_eq!(m.outcome.status, Status::Feasible, "vetted: the harness's statuses");
        assert_eq!(*probe.0.lock().unwrap(), Some((Some(half), false)));
        // Without a deadline a share has none, unless the caller sets a limit of its own.
        let free = SolveContext::new(Instant::now(), &RunSpec::new(2, Target::Workload));
        assert_eq!(free.share(0.5).deadline(), None);
        assert!(free.share(0.5).wants_bound());
        assert!(free.or_limit(Duration::from_secs(30)).deadline().is_some());
        assert_eq!(parent.clone().or_limit(Duration::from_secs(1)).deadline(), Some(d));
    }
}
