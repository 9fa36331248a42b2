//! Fig. 2a: the Pareto front of (gamma1, gamma2) for m = 5, n = 100.
//!
//! A front point is the exact method's inner step: minimise gamma2 (`Target::Profit`) subject
//! to gamma1 <= g, for g on a grid; the report keeps the non-dominated points of each
//! (dataset, solver). Run on the normalised data (as the paper) and the raw data, and, with
//! the exact front solvers, on the heterogeneous data of [`crate::fig3::CONTRAST`].

use crate::config::Config;
use crate::experiment::{Experiment, Grid};
use crate::point::Point;
use fairshard_harness::{Caps, Target};

/// m of Fig. 2.
pub const M: usize = 5;

/// The gamma1 caps of a front: 1 + e for e on a log-spaced grid from 1e-4 to 3 (full) or a
/// coarser one (quick).
pub fn gamma1_grid(quick: bool) -> Vec<Caps> {
    let excess: &[f64] = if quick {
        &[1e-3, 1e-2, 0.05, 0.2, 1.0]
    } else {
        &[
            1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.02, 0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 1.0, 1.5, 2.0, 3.0,
        ]
    };
    excess
        .iter()
        .map(|e| Caps {
            gamma1: Some(1.0 + e),
            gamma2: None,
        })
        .collect()
}

/// The front sweep of `experiment` over `datasets` (spec, n).
pub fn front(experiment: &str, datasets: &[(&str, usize)], config: &Config) -> Vec<Point> {
    Grid {
        experiment,
        datasets: datasets.iter().map(|(d, n)| ((*d).to_owned(), *n)).collect(),
        ms: vec![M],
        solvers: config.front_solvers.clone(),
        target: Target::Profit,
        caps: gamma1_grid(config.quick),
        repetitions: 1,
    }
    .points()
}

/// Fig. 2a (see the module docs).
pub struct Fig2a;

impl Experiment for Fig2a {
    fn id(&self) -> &'static str {
        "fig2a"
    }
    fn title(&self) -> &'static str {
        "Fig. 2a: Pareto front (gamma1, gamma2), m = 5, n = 100 (normalised and raw)"
    }
    fn points(&self, config: &Config) -> Vec<Point> {
        let mut points = front(self.id(), &[("dao100@norm", 100), ("dao100", 100)], config);
        let exact = Config {
            front_solvers: config.exact_front_solvers(),
            ..config.clone()
        };
        points.extend(front(self.id(), &crate::fig3::CONTRAST, &exact));
        points
    }
}
