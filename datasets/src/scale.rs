//! The paper's "normalised" integer data, as an explicit option.
//!
//! The paper plots and solves normalised workloads and rates (Fig. 1). fairshard keeps raw
//! integers by default and offers a linear integer scaling: each quantity x is mapped to
//! `max(1, round(x * max / x_max))`, so the largest becomes `max` and none becomes 0. Workload
//! and rate are scaled separately; profits are recomputed from the scaled values.

use fairshard_harness::{Instance, Task};
use std::fmt;
use std::str::FromStr;

/// How to present the data to the solvers.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum Scaling {
    /// Gas and wei as recorded.
    #[default]
    Raw,
    /// Each of workload and rate scaled linearly to integers in `1..=max`.
    Range {
        /// The largest scaled value.
        max: u64,
    },
}

/// The default range of `norm`.
pub const NORM_MAX: u64 = 1000;

impl Scaling {
    /// Applies the scaling; the instance name gains `@norm` or `@range:N`.
    pub fn apply(&self, instance: &Instance) -> Instance {
        let Scaling::Range { max } = *self else {
            return instance.clone();
        };
        let w_max = instance.tasks().iter().map(|t| t.workload).max().unwrap_or(1).max(1);
        let r_max = instance.tasks().iter().map(|t| t.rate).max().unwrap_or(1).max(1);
        let scale = |x: u64, x_max: u64| -> u64 {
            // round(x * max / x_max) in exact integer arithmetic
            let v = (u128::from(x) * u128::from(max) * 2 + u128::from(x_max)) / (2 * u128::from(x_max));
            (v as u64).max(1)
        };
        let tasks = instance
            .tasks()
            .iter()
            .map(|t| Task::new(scale(t.workload, w_max), scale(t.rate, r_max)))
            .collect();
        Instance::new(format!("{}@{self}", instance.name()), tasks).expect("scaled values are small")
    }
}

impl fmt::Display for Scaling {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Scaling::Raw => write!(f, "raw"),
            Scaling::Range { max } if *max == NORM_MAX => write!(f, "norm"),
            Scaling::Range { max } => write!(f, "range:{max}"),
        }
    }
}

impl FromStr for Scaling {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "raw" => Ok(Scaling::Raw),
            "norm" | "normalised" | "normalized" => Ok(Scaling::Range { max: NORM_MAX }),
            _ => match s.strip_prefix("range:").map(str::parse::<u64>) {
                Some(Ok(max)) if max >= 1 => Ok(Scaling::Range { max }),
                _ => Err(format!(
                    "unknown scaling `{s}`: expected raw, norm (= range:{NORM_MAX}) or range:N with N >= 1"
                )),
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn range_scaling_maps_the_maximum_to_max_and_never_to_zero() {
        let inst = Instance::new("d", vec![Task::new(1, 10), Task::new(500, 20), Task::new(1000, 40)]).unwrap();
        let s = Scaling::Range { max: 100 }.apply(&inst);
        assert_eq!(s.name(), "d@range:100");
        let w: Vec<_> = s.tasks().iter().map(|t| t.workload).collect();
        let r: Vec<_> = s.tasks().iter().map(|t| t.rate).collect();
        assert_eq!(w, vec![1, 50, 100]);
        assert_eq!(r, vec![25, 50, 100]);
        assert_eq!(Scaling::Raw.apply(&inst), inst);
    }

    #[test]
    fn parses_and_prints() {
        for s in ["raw", "norm", "range:77"] {
            assert_eq!(s.parse::<Scaling>().unwrap().to_string(), s);
        }
        assert!("range:0".parse::<Scaling>().is_err());
        assert!("log".parse::<Scaling>().is_err());
    }
}
