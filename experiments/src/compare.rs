//! The solver comparison: every chosen solver (by default every compiled-in one) on the same
//! instances, real and synthetic, with a time limit per run. Exact methods are run only up to
//! [`EXACT_MAX_N`] contracts, since their model alone has n * m binaries.

use crate::config::Config;
use crate::experiment::{Experiment, Grid};
use crate::point::Point;
use fairshard_harness::{Caps, Target};

/// Largest n an exact solver is given in the comparison.
pub const EXACT_MAX_N: usize = 1000;

/// The instances: real data, then `lognormal` from n = 20 to 100,000 (quick: to 1,000).
pub fn datasets(quick: bool) -> Vec<(String, usize)> {
    let sizes: &[usize] = if quick {
        &[20, 100, 1000]
    } else {
        &[20, 100, 1000, 10_000, 100_000]
    };
    let mut d = vec![("dao100".to_owned(), 100), ("dao100@norm".to_owned(), 100)];
    d.extend(sizes.iter().map(|&n| (format!("lognormal:n={n},seed=1"), n)));
    d
}

/// The comparison (see the module docs).
pub struct Compare;

impl Experiment for Compare {
    fn id(&self) -> &'static str {
        "compare"
    }
    fn title(&self) -> &'static str {
        "Solver comparison: real and synthetic instances, m = 5 and 20, time limit per run"
    }
    fn points(&self, config: &Config) -> Vec<Point> {
        let mut points = Vec::new();
        for target in [Target::Workload, Target::Balanced] {
            for (dataset, n) in datasets(config.quick) {
                let solvers = config
                    .compare_solvers
                    .iter()
                    .filter(|id| n <= EXACT_MAX_N || !fairshard_solvers::get(id).is_ok_and(|s| s.info().exact))
                    .cloned()
                    .collect();
                points.extend(
                    Grid {
                        experiment: self.id(),
                        datasets: vec![(dataset, n)],
                        ms: vec![5, 20],
                        solvers,
                        target,
                        caps: vec![Caps::NONE],
                        repetitions: 1,
                    }
                    .points(),
                );
            }
        }
        points
    }
}
