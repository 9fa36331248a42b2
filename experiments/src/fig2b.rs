//! Fig. 2b: the fronts for n = 100 and n = 20 (m = 5, normalised). The n = 100 front is
//! Fig. 2a's `dao100@norm` rows; this sweep adds the n = 20 front, the first 20 contracts.

use crate::config::Config;
use crate::experiment::Experiment;
use crate::fig2a::front;
use crate::point::Point;

/// Fig. 2b (see the module docs).
pub struct Fig2b;

impl Experiment for Fig2b {
    fn id(&self) -> &'static str {
        "fig2b"
    }
    fn title(&self) -> &'static str {
        "Fig. 2b: Pareto fronts for n = 100 and n = 20, m = 5 (normalised)"
    }
    fn points(&self, config: &Config) -> Vec<Point> {
        front(self.id(), &[("dao100[:20]@norm", 20)], config)
    }
}
