//! The solver comparison: every chosen solver (by default every compiled-in one) on the same
//! instances, real and synthetic, with a time limit per run. Exact methods are run only up to
//! [`exact_max_n`] contracts, since their model alone has n * m binaries and each run may take
//! the whole time limit.

use crate::config::Config;
use crate::experiment::{Experiment, Grid};
use crate::point::Point;
use fairshard_harness::{Caps, Target};

/// Largest n an exact solver is given in the comparison: 1000, quick: 20 (so that `--quick`
/// stays under two minutes with every ILP backend compiled in).
pub fn exact_max_n(quick: bool) -> usize {
    if quick { 20 } else { 1000 }
}

/// Values of m: 5 and 20 (quick: 5).
pub fn ms(quick: bool) -> Vec<usize> {
    if quick { vec![5] } else { vec![5, 20] }
}

/// Targets: workload (gamma1) and balanced (both); quick: workload.
pub fn targets(quick: bool) -> Vec<Target> {
    if quick {
        vec![Target::Workload]
    } else {
        vec![Target::Workload, Target::Balanced]
    }
}

/// The instances: real data (raw; and normalised in full mode), then `lognormal` from n = 20
/// to 1,000,000 (quick: to 1,000).
pub fn datasets(quick: bool) -> Vec<(String, usize)> {
    let sizes: &[usize] = if quick {
        &[20, 100, 1000]
    } else {
        &[20, 100, 1000, 10_000, 100_000, 1_000_000]
    };
    let mut d = vec![("dao100".to_owned(), 100)];
    if !quick {
        d.push(("dao100@norm".to_owned(), 100));
    }
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
        "Solver comparison: real and synthetic instances, time limit per run"
    }
    fn points(&self, config: &Config) -> Vec<Point> {
        let mut points = Vec::new();
        let max_exact = exact_max_n(config.quick);
        for target in targets(config.quick) {
            for (dataset, n) in datasets(config.quick) {
                let solvers = config
                    .compare_solvers
                    .iter()
                    .filter(|id| n <= max_exact || !fairshard_solvers::get(id).is_ok_and(|s| s.info().exact))
                    .cloned()
                    .collect();
                points.extend(
                    Grid {
                        experiment: self.id(),
                        datasets: vec![(dataset, n)],
                        ms: ms(config.quick),
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
