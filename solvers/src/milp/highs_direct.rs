//! `ilp/highs-direct`: HiGHS through the highs crate, without good_lp. The model is passed
//! column-wise (no expression maps, no row-to-column conversion), and HiGHS options good_lp
//! does not expose are set here: a larger primal-heuristic effort, which finds improving
//! Dinkelbach solutions sooner.

use super::backend::{Backend, MipRequest, MipResult};
use super::highs_common::{self, Opt};

/// HiGHS's share of MIP effort spent in primal heuristics (its default is 0.05).
pub const HEURISTIC_EFFORT: f64 = 0.3;

/// HiGHS through the highs crate.
pub struct DirectHighs;

impl Backend for DirectHighs {
    fn version(&self) -> String {
        super::highs_common::version()
    }

    fn name(&self) -> &'static str {
        "HiGHS (direct)"
    }

    fn threads(&self, requested: Option<u32>) -> u32 {
        requested.unwrap_or_else(highs_common::default_threads)
    }

    fn solve(&self, req: &MipRequest<'_>) -> MipResult {
        let model = req.model;
        let mut pb = highs::ColProblem::default();
        let rows: Vec<highs::Row> = model.rows.iter().map(|r| pb.add_row(r.lower..=r.upper)).collect();
        let mut by_col: Vec<Vec<(highs::Row, f64)>> = vec![Vec::new(); model.cols.len()];
        for (r, row) in model.rows.iter().enumerate() {
            for &(c, a) in &row.coefs {
                by_col[c].push((rows[r], a));
            }
        }
        for (c, col) in model.cols.iter().enumerate() {
            pb.add_column_with_integrality(col.cost, col.lower..=col.upper, by_col[c].iter().copied(), col.integer);
        }
        match pb.try_optimise(highs::Sense::Minimise) {
            Ok(hm) => highs_common::solve(hm, req, &[("mip_heuristic_effort", Opt::Float(HEURISTIC_EFFORT))]),
            Err(e) => MipResult::failed(format!("HiGHS rejected the model: {e:?}")),
        }
    }
}
