//! The heuristic bi-objective front (`heur/bi-lpt`) against the exact ILP front on the same
//! grid: the heuristic never beats a proven optimum, its certified bound never exceeds one,
//! and how far it is from the optimum is printed (`--nocapture`).
#![cfg(feature = "highs")]

mod common;

use common::small;
use fairshard_harness::{RunSpec, Status, Target};
use fairshard_solvers::pareto::{Runner, exact, grid};
use std::time::Duration;

#[test]
fn the_heuristic_front_never_beats_the_proven_ilp_front() {
    let caps = grid(1.001, 1.5, 10);
    let mut proven = 0;
    for (inst, m) in [(small(14, 1_000, 20, 21), 3), (small(12, 1_000, 20, 22), 4)] {
        let mut base = RunSpec::new(m, Target::Profit);
        base.time_limit = Some(Duration::from_secs(20));
        let ilp = exact::grid(&Runner::new("ilp/highs", &inst, base.clone()).unwrap(), &caps);
        let heur = exact::grid(&Runner::new("heur/bi-lpt", &inst, base).unwrap(), &caps);
        eprintln!(
            "{} m={m}: cap, heuristic gamma2-1, ILP gamma2-1 (status), heuristic bound",
            inst.name()
        );
        for ((h, e), &cap) in heur.points.iter().zip(&ilp.points).zip(&caps) {
            let h_meets = h.fairness.is_some_and(|f| f.gamma1().within(cap));
            let h_g2 = h.fairness.filter(|_| h_meets).map(|f| f.gamma2().excess());
            let e_g2 = e.fairness.map(|f| f.gamma2().excess());
            eprintln!(
                "  {cap:.4}  {:>12}  {:>12} ({})  {:>10}",
                h_g2.map_or("-".into(), |g| format!("{g:.4e}")),
                e_g2.map_or("-".into(), |g| format!("{g:.4e}")),
                e.status.as_str(),
                h.bound.map_or("-".into(), |b| format!("{b:.3e}")),
            );
            match e.status {
                Status::Optimal => {
                    proven += 1;
                    let opt = e_g2.expect("an optimal point has a partition");
                    if let Some(g) = h_g2 {
                        assert!(g >= opt, "cap {cap}: heuristic {g} below the proven optimum {opt}");
                    }
                    if let Some(b) = h.bound {
                        assert!(
                            b <= opt + 1e-9 * (1.0 + opt),
                            "cap {cap}: bound {b} above the optimum {opt}"
                        );
                    }
                }
                Status::Infeasible => {
                    assert!(
                        !h_meets,
                        "cap {cap}: the heuristic meets a cap the ILP proved infeasible"
                    );
                    assert_ne!(h.status, Status::Feasible, "cap {cap}");
                }
                _ => {}
            }
        }
    }
    assert!(
        proven >= 10,
        "only {proven} of 20 points proven: the comparison says little"
    );
}
