//! What a run asks of a solver: m, the target, gamma caps and the limits it must honour.

use crate::fairness::Fairness;
use crate::model::{Instance, InstanceError};
use serde::{Deserialize, Serialize};
use std::fmt;
use std::str::FromStr;
use std::time::Duration;
use thiserror::Error;

/// What a solver minimises.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Target {
    /// Minimise gamma1 (workload balance); Fig. 3b with gamma2 capped.
    Workload,
    /// Minimise gamma2 (profit balance); Fig. 3a with gamma1 capped, the Pareto front's inner step.
    Profit,
    /// Minimise the largest subset workload (the makespan of multiway number partitioning),
    /// its objective the excess over the ideal: max workload / (total workload / m) - 1.
    Makespan,
    /// Minimise both: the larger of gamma1 - 1 and gamma2 - 1, ties broken by their sum.
    Balanced,
    /// Any partition within the caps: the paper's feasibility ILP(gamma1, gamma2), (2a)-(2e).
    Feasibility,
}

impl Target {
    /// Every target, for `--help` and sweeps.
    pub const ALL: [Target; 5] = [
        Target::Workload,
        Target::Profit,
        Target::Makespan,
        Target::Balanced,
        Target::Feasibility,
    ];

    /// Stable name, as used on the command line and in records.
    pub fn as_str(&self) -> &'static str {
        match self {
            Target::Workload => "workload",
            Target::Profit => "profit",
            Target::Makespan => "makespan",
            Target::Balanced => "balanced",
            Target::Feasibility => "feasibility",
        }
    }

    /// The value this target minimises, as an excess over the ideal 1, for a partition with
    /// fairness `f`: gamma - 1 for workload and profit (the larger of the two for balanced),
    /// and for makespan the largest subset workload over the ideal `total / m`, minus 1 (a
    /// dimensionless excess like the others, 0 for a perfect split); `None` for feasibility,
    /// which has no objective.
    pub fn objective(&self, f: &Fairness) -> Option<f64> {
        match self {
            Target::Workload => Some(f.gamma1().excess()),
            Target::Profit => Some(f.gamma2().excess()),
            Target::Makespan => Some(f.workload.makespan_excess()),
            Target::Balanced => Some(f.gamma1().excess().max(f.gamma2().excess())),
            Target::Feasibility => None,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Target {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Target::ALL.into_iter().find(|t| t.as_str() == s).ok_or_else(|| {
            format!("unknown target `{s}`: expected workload, profit, makespan, balanced or feasibility")
        })
    }
}

/// Upper limits on gamma1 and gamma2 that a partition must meet (constraints (2c), (2d)).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Caps {
    /// gamma1 <= this, when set.
    pub gamma1: Option<f64>,
    /// gamma2 <= this, when set.
    pub gamma2: Option<f64>,
}

impl Caps {
    /// No caps.
    pub const NONE: Caps = Caps {
        gamma1: None,
        gamma2: None,
    };

    /// Does fairness `f` meet the caps? Exact comparison (see [`crate::Ratio::at_most`]),
    /// with relative slack `rel_tol` for backends that work in floating point.
    pub fn met_by(&self, f: &Fairness, rel_tol: f64) -> bool {
        let ok = |cap: Option<f64>, g: crate::Gamma| cap.is_none_or(|c| g.within(c * (1.0 + rel_tol)));
        ok(self.gamma1, f.gamma1()) && ok(self.gamma2, f.gamma2())
    }
}

/// Why a run spec is rejected before any solver sees it.
#[derive(Debug, Error, Clone, PartialEq)]
pub enum SpecError {
    /// m does not fit the instance.
    #[error(transparent)]
    Instance(#[from] InstanceError),
    /// A gamma cap is NaN or below 1 (gamma = max/min is at least 1 by definition).
    #[error("{which} cap must be a number >= 1 (got {value})")]
    BadCap {
        /// "gamma1" or "gamma2".
        which: &'static str,
        /// The value given.
        value: f64,
    },
    /// The feasibility target needs at least one cap.
    #[error("the feasibility target needs --gamma1 and/or --gamma2")]
    FeasibilityWithoutCaps,
    /// Relative MIP gap outside [0, 1).
    #[error("the relative MIP gap must be in [0, 1) (got {0})")]
    BadGap(f64),
    /// Absolute gap negative, infinite or NaN.
    #[error("the absolute gap must be a finite number >= 0 (got {0})")]
    BadAbsGap(f64),
    /// Zero threads.
    #[error("threads must be at least 1")]
    ZeroThreads,
    /// A time limit of zero, or above [`MAX_TIME_LIMIT`] (which no clock arithmetic needs to
    /// saturate for), or not a number.
    #[error(
        "the time limit must be a number of seconds in (0, {max}] (one year), got {0:?}",
        max = MAX_TIME_LIMIT.as_secs()
    )]
    BadTimeLimit(f64),
}

/// The longest time limit a run accepts: one year. Deadlines are `start + limit` on the
/// monotonic clock, which overflows (a panic) for limits near `Duration::MAX`; a year is far
/// beyond any solve and far below any overflow.
pub const MAX_TIME_LIMIT: Duration = Duration::from_secs(365 * 24 * 60 * 60);

/// The time limit of `secs` seconds, as a user gives it (command line, configuration): the one
/// place a number of seconds becomes a [`Duration`]. Errs unless `0 < secs <= MAX_TIME_LIMIT`
/// (NaN and infinities included), instead of the panic of `Duration::from_secs_f64`.
pub fn time_limit_from_secs(secs: f64) -> Result<Duration, SpecError> {
    if secs > 0.0 && secs <= MAX_TIME_LIMIT.as_secs_f64() {
        Ok(Duration::from_secs_f64(secs))
    } else {
        Err(SpecError::BadTimeLimit(secs))
    }
}

/// Everything a run asks of a solver besides the instance.
///
/// Invariant after [`validate`](Self::validate): `1 <= m <= n`, caps are >= 1 and not NaN,
/// the gap is in [0, 1), threads >= 1, a time limit is in (0, [`MAX_TIME_LIMIT`]].
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct RunSpec {
    /// Number of subsets m.
    pub m: usize,
    /// What to minimise.
    pub target: Target,
    /// Gamma caps that the partition must meet.
    pub caps: Caps,
    /// Wall-clock limit for the solve phase (the harness owns the clock).
    pub time_limit: Option<Duration>,
    /// Threads the backend may use (`None`: backend default).
    pub threads: Option<u32>,
    /// Relative MIP gap at which an exact backend may stop.
    pub mip_gap: Option<f64>,
    /// Absolute gap on the target's gamma at which an exact method may stop: a partition
    /// within this of the certified bound is reported `gap-limit` (the paper's binary search
    /// stops at such a tolerance too).
    #[serde(default)]
    pub abs_gap: Option<f64>,
    /// Seed for any randomness in the solver.
    pub seed: u64,
    /// Let the backend print its own log.
    pub solver_log: bool,
}

impl RunSpec {
    /// A spec with target `target` into `m` subsets, no caps, no limits, seed 0.
    pub fn new(m: usize, target: Target) -> Self {
        Self {
            m,
            target,
            caps: Caps::NONE,
            time_limit: None,
            threads: None,
            mip_gap: None,
            abs_gap: None,
            seed: 0,
            solver_log: false,
        }
    }

    /// Builder: set caps.
    pub fn with_caps(mut self, gamma1: Option<f64>, gamma2: Option<f64>) -> Self {
        self.caps = Caps { gamma1, gamma2 };
        self
    }

    /// Builder: set the time limit.
    pub fn with_time_limit(mut self, limit: Option<Duration>) -> Self {
        self.time_limit = limit;
        self
    }

    /// Builder: set the seed.
    pub fn with_seed(mut self, seed: u64) -> Self {
        self.seed = seed;
        self
    }

    /// Checks the spec against an instance.
    pub fn validate(&self, instance: &Instance) -> Result<(), SpecError> {
        instance.check_subsets(self.m)?;
        for (which, cap) in [("gamma1", self.caps.gamma1), ("gamma2", self.caps.gamma2)] {
            if let Some(value) = cap
                && (value.is_nan() || value < 1.0)
            {
                return Err(SpecError::BadCap { which, value });
            }
        }
        if self.target == Target::Feasibility && self.caps == Caps::NONE {
            return Err(SpecError::FeasibilityWithoutCaps);
        }
        if let Some(g) = self.mip_gap
            && !(0.0..1.0).contains(&g)
        {
            return Err(SpecError::BadGap(g));
        }
        if let Some(g) = self.abs_gap
            && !(g.is_finite() && g >= 0.0)
        {
            return Err(SpecError::BadAbsGap(g));
        }
        if self.threads == Some(0) {
            return Err(SpecError::ZeroThreads);
        }
        if let Some(limit) = self.time_limit
            && (limit.is_zero() || limit > MAX_TIME_LIMIT)
        {
            return Err(SpecError::BadTimeLimit(limit.as_secs_f64()));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;

    #[test]
    fn validation_catches_bad_specs() {
        let inst = Instance::new("i", vec![Task::new(1, 1); 3]).unwrap();
        let ok = RunSpec::new(2, Target::Workload);
        assert!(ok.validate(&inst).is_ok());
        assert!(matches!(
            RunSpec::new(4, Target::Workload).validate(&inst),
            Err(SpecError::Instance(_))
        ));
        let bad = ok.clone().with_caps(Some(0.5), None);
        assert!(matches!(
            bad.validate(&inst),
            Err(SpecError::BadCap { which: "gamma1", .. })
        ));
        let nan = ok.clone().with_caps(None, Some(f64::NAN));
        assert!(matches!(
            nan.validate(&inst),
            Err(SpecError::BadCap { which: "gamma2", .. })
        ));
        assert_eq!(
            RunSpec::new(2, Target::Feasibility).validate(&inst),
            Err(SpecError::FeasibilityWithoutCaps)
        );
        for (gap, valid) in [
            (0.0, true),
            (1e-4, true),
            (-1e-9, false),
            (f64::INFINITY, false),
            (f64::NAN, false),
        ] {
            let spec = RunSpec {
                abs_gap: Some(gap),
                ..ok.clone()
            };
            assert_eq!(spec.validate(&inst).is_ok(), valid, "absolute gap {gap}");
        }
    }

    /// `--time-limit 1e30` panicked in `Duration::from_secs_f64` (overflow): every number of
    /// seconds outside (0, one year] is a range error, and so is such a `Duration` in a spec.
    #[test]
    fn time_limit_overflow_is_a_range_error() {
        for secs in [1e30, f64::INFINITY, f64::NAN, 0.0, -1.0, -0.0, f64::MAX, 3.2e7] {
            let e = time_limit_from_secs(secs).unwrap_err();
            assert!(matches!(e, SpecError::BadTimeLimit(_)), "{secs}");
            assert!(e.to_string().contains("(0, 31536000]"), "{e}");
        }
        for secs in [1e-9, 0.5, 60.0, MAX_TIME_LIMIT.as_secs_f64()] {
            assert_eq!(time_limit_from_secs(secs).unwrap(), Duration::from_secs_f64(secs));
        }
        let inst = Instance::new("i", vec![Task::new(1, 1); 3]).unwrap();
        for (limit, valid) in [
            (Duration::MAX, false),
            (MAX_TIME_LIMIT + Duration::from_nanos(1), false),
            (Duration::ZERO, false),
            (MAX_TIME_LIMIT, true),
            (Duration::from_millis(1), true),
        ] {
            let spec = RunSpec::new(2, Target::Workload).with_time_limit(Some(limit));
            assert_eq!(spec.validate(&inst).is_ok(), valid, "{limit:?}");
        }
    }

    #[test]
    fn target_names_round_trip() {
        for t in Target::ALL {
            assert_eq!(t.as_str().parse::<Target>().unwrap(), t);
        }
        assert!("fast".parse::<Target>().is_err());
    }
}
