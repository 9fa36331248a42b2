//! Fig. 3: the best fairness in one measure as m grows, with the other capped at 100.
//! Fig. 3a minimises gamma2 with gamma1 <= 100; Fig. 3b minimises gamma1 with gamma2 <= 100;
//! both for m = 2..30 on the 100 normalised contracts.

use crate::config::Config;
use crate::experiment::{Experiment, Grid};
use crate::point::Point;
use fairshard_harness::{Caps, Target};

/// The cap on the other measure.
pub const CAP: f64 = 100.0;
/// The dataset.
pub const DATASET: &str = "dao100@norm";

/// m = 2..30 (full) or a sample of it (quick).
pub fn ms(quick: bool) -> Vec<usize> {
    if quick {
        vec![2, 5, 8, 15, 30]
    } else {
        (2..=30).collect()
    }
}

fn sweep(experiment: &str, target: Target, caps: Caps, config: &Config) -> Vec<Point> {
    Grid {
        experiment,
        datasets: vec![(DATASET.to_owned(), 100)],
        ms: ms(config.quick),
        solvers: config.front_solvers.clone(),
        target,
        caps: vec![caps],
        repetitions: 1,
    }
    .points()
}

/// Fig. 3a: min gamma2 with gamma1 <= 100.
pub struct Fig3a;

impl Experiment for Fig3a {
    fn id(&self) -> &'static str {
        "fig3a"
    }
    fn title(&self) -> &'static str {
        "Fig. 3a: min gamma2 vs m = 2..30 with gamma1 <= 100 (n = 100, normalised)"
    }
    fn points(&self, config: &Config) -> Vec<Point> {
        let caps = Caps {
            gamma1: Some(CAP),
            gamma2: None,
        };
        sweep(self.id(), Target::Profit, caps, config)
    }
}

/// Fig. 3b: min gamma1 with gamma2 <= 100.
pub struct Fig3b;

impl Experiment for Fig3b {
    fn id(&self) -> &'static str {
        "fig3b"
    }
    fn title(&self) -> &'static str {
        "Fig. 3b: min gamma1 vs m = 2..30 with gamma2 <= 100 (n = 100, normalised)"
    }
    fn points(&self, config: &Config) -> Vec<Point> {
        let caps = Caps {
            gamma1: None,
            gamma2: Some(CAP),
        };
        sweep(self.id(), Target::Workload, caps, config)
    }
}
