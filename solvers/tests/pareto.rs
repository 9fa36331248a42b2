//! Front methods against the brute-force front.

mod common;

use common::{all_partitions, best, exact_ids, front, small};
use fairshard_harness::{Caps, RunSpec, Status, Target};
use fairshard_solvers::pareto::{Runner, exact, grid, paper};

#[test]
fn the_sweep_enumerates_the_brute_force_front() {
    for (inst, m) in [(small(8, 60, 9, 11), 2), (small(9, 30, 7, 12), 3)] {
        let want = front(&all_partitions(&inst, m));
        for id in exact_ids() {
            let runner = Runner::new(id, &inst, RunSpec::new(m, Target::Profit)).unwrap();
            let got = exact::sweep(&runner, 100);
            let pairs: Vec<_> = got
                .points
                .iter()
                .map(|p| {
                    let f = p.fairness.unwrap_or_else(|| panic!("{id}: {:?} {}", p.status, p.note));
                    (f.gamma1(), f.gamma2())
                })
                .collect();
            assert_eq!(pairs, want, "{id} on {}", inst.name());
            assert!(got.points.iter().all(|p| p.status == Status::Optimal), "{id}");
            assert!(got.solves() > 0);
        }
    }
}

#[test]
fn exact_grid_points_are_optimal_and_paper_points_within_tolerance() {
    let inst = small(9, 50, 9, 13);
    let m = 3;
    let all = all_partitions(&inst, m);
    let caps = grid(1.01, 1.5, 5);
    let tol = 1e-3;
    for id in exact_ids() {
        let runner = Runner::new(id, &inst, RunSpec::new(m, Target::Profit)).unwrap();
        let ex = exact::grid(&runner, &caps);
        assert!(ex.is_monotone());
        let pure = Runner::new(id, &inst, RunSpec::new(m, Target::Profit))
            .unwrap()
            .with_heuristic_start(false);
        let pp = paper::front(&pure, &caps, tol);
        for ((e, p), &cap) in ex.points.iter().zip(&pp.points).zip(&caps) {
            let caps = Caps {
                gamma1: Some(cap),
                gamma2: None,
            };
            match best(&all, caps, |f| f.gamma2()) {
                None => {
                    assert_eq!(e.status, Status::Infeasible, "{id} cap {cap}");
                    assert_eq!(p.status, Status::Infeasible, "{id} cap {cap}");
                }
                Some(g2) => {
                    assert_eq!(e.status, Status::Optimal, "{id} cap {cap}");
                    assert_eq!(e.fairness.unwrap().gamma2(), g2, "{id} cap {cap}");
                    assert_eq!(p.status, Status::GapLimit, "{id} cap {cap}");
                    let found = p.gamma2().unwrap();
                    assert!(found >= g2.value() && found - g2.value() <= tol, "{id} cap {cap}");
                    assert!(p.bound.unwrap() <= g2.excess());
                    assert!(p.calls > e.calls);
                }
            }
        }
    }
}

#[test]
fn endpoints_are_the_single_objective_optima() {
    let inst = small(8, 40, 9, 14);
    let all = all_partitions(&inst, 2);
    for id in exact_ids() {
        let runner = Runner::new(id, &inst, RunSpec::new(2, Target::Profit)).unwrap();
        let e = exact::endpoints(&runner);
        assert_eq!(
            e.points[0].fairness.unwrap().gamma1(),
            best(&all, Caps::NONE, |f| f.gamma1()).unwrap()
        );
        assert_eq!(
            e.points[1].fairness.unwrap().gamma2(),
            best(&all, Caps::NONE, |f| f.gamma2()).unwrap()
        );
    }
}

#[test]
fn a_heuristic_runner_gives_a_front_without_proofs() {
    let inst = small(8, 40, 9, 15);
    let runner = Runner::new("heur/bi-lpt", &inst, RunSpec::new(2, Target::Profit)).unwrap();
    let f = exact::grid(&runner, &grid(1.05, 1.5, 3));
    assert_eq!(f.points.len(), 3);
    assert!(f.points.iter().all(|p| p.status != Status::Optimal));
    assert!(Runner::new("ilp/nope", &inst, RunSpec::new(2, Target::Profit)).is_err());
}
