//! Exact backends against brute-force enumeration, against each other and against heuristics.

mod common;

use common::{all_partitions, best, exact_ids, small};
use fairshard_harness::{Caps, Gamma, Instance, RunSpec, Status, Target, measure};
use fairshard_solvers::milp::formulation::Vars;
use fairshard_solvers::{entries, get, hybrid, milp};
use std::time::Duration;

fn instances() -> Vec<(Instance, usize)> {
    vec![
        (small(7, 60, 9, 1), 2),
        (small(8, 60, 9, 2), 3),
        (small(9, 40, 5, 3), 3),
        (small(10, 100, 20, 4), 3),
    ]
}

fn spec(m: usize, target: Target, g1: Option<f64>, g2: Option<f64>) -> RunSpec {
    RunSpec::new(m, target).with_caps(g1, g2)
}

#[test]
fn registry_lists_every_backend_with_its_feature() {
    for (id, feature) in [
        ("ilp/highs", "highs"),
        ("ilp/highs-paper", "highs"),
        ("ilp/highs-direct", "highs-direct"),
        ("ilp/cbc", "cbc"),
        ("ilp/microlp", "microlp"),
        ("ilp/scip", "scip"),
        ("mip/highs", "highs"),
        ("mip/highs-paper", "highs"),
        ("mip/highs-direct", "highs-direct"),
        ("mip/cbc", "cbc"),
        ("mip/microlp", "microlp"),
        ("mip/scip", "scip"),
    ] {
        let e = entries().iter().find(|e| e.id == id).expect(id);
        assert_eq!(e.feature, Some(feature));
    }
    assert!(
        !exact_ids().is_empty(),
        "the tests need at least one ILP backend compiled in"
    );
}

/// The pure backends (`mip/...`) reach the brute-force optima with proofs of their own: every
/// `optimal` is proved by the MIP (`proved_by` = `mip`, at least one solve), never by the
/// exact searches the hybrid ids run first.
#[test]
fn pure_backends_prove_their_optima_by_their_own_solves() {
    let pure: Vec<&str> = entries()
        .iter()
        .filter(|e| e.id.starts_with("mip/") && e.available() && e.id != "mip/microlp")
        .map(|e| e.id)
        .collect();
    assert!(!pure.is_empty(), "the tests need at least one ILP backend compiled in");
    for (inst, m) in instances() {
        let all = all_partitions(&inst, m);
        let cap = Caps {
            gamma1: Some(1.5),
            gamma2: None,
        };
        let cases = [
            (
                spec(m, Target::Workload, None, None),
                best(&all, Caps::NONE, |f| f.gamma1()),
            ),
            (
                spec(m, Target::Profit, Some(1.5), None),
                best(&all, cap, |f| f.gamma2()),
            ),
        ];
        for id in &pure {
            let solver = get(id).unwrap();
            for (spec, want) in &cases {
                let run = measure(solver.as_ref(), &inst, spec);
                let what = format!("{id} {} {}", inst.name(), spec.target);
                let want = want.expect("the brute force finds a partition");
                assert_eq!(run.outcome.status, Status::Optimal, "{what}: {run:?}");
                assert_eq!(run.outcome.proof, fairshard_harness::Proof::Mip, "{what}");
                assert!(run.outcome.stats.solves >= 1, "{what}");
                let f = run.fairness.unwrap();
                let got = if spec.target == Target::Workload {
                    f.gamma1()
                } else {
                    f.gamma2()
                };
                assert_eq!(got, want, "{what}");
            }
        }
    }
}

#[test]
fn min_gamma2_under_a_gamma1_cap_matches_brute_force() {
    for (inst, m) in instances() {
        let all = all_partitions(&inst, m);
        let min_g1 = best(&all, Caps::NONE, |f| f.gamma1()).unwrap();
        // The tightest cap is the exact optimum itself: a tie the floating-point model must keep.
        for cap in [min_g1.value(), 1.1, 1.5] {
            let caps = Caps {
                gamma1: Some(cap),
                gamma2: None,
            };
            let want = best(&all, caps, |f| f.gamma2());
            // Warm, `heur/complete`'s value-class search often proves the optimum before any
            // MIP; cold, the backend's own feasibility queries (or, when asked, Dinkelbach
            // iterations) must.
            let modes = [(true, true), (false, true), (false, false)];
            for (id, (warm, bracket)) in exact_ids().into_iter().flat_map(|id| modes.map(|mode| (id, mode))) {
                let solver = hybrid::solver(id)
                    .unwrap()
                    .with_heuristic_start(warm)
                    .with_bracketing(bracket);
                let run = measure(&solver, &inst, &spec(m, Target::Profit, Some(cap), None));
                let id = format!("{id} warm={warm} bracket={bracket}");
                match want {
                    Some(g) => {
                        assert_eq!(
                            run.outcome.status,
                            Status::Optimal,
                            "{id} {} cap {cap}: {run:?}",
                            inst.name()
                        );
                        assert_eq!(run.fairness.unwrap().gamma2(), g, "{id} {} cap {cap}", inst.name());
                        assert!(run.outcome.bound.unwrap() <= g.excess() + 1e-12);
                    }
                    None => assert_eq!(run.outcome.status, Status::Infeasible, "{id} {}", inst.name()),
                }
            }
        }
    }
}

#[test]
fn min_gamma1_and_balanced_match_brute_force() {
    for (inst, m) in instances() {
        let all = all_partitions(&inst, m);
        let g1 = best(&all, Caps::NONE, |f| f.gamma1()).unwrap();
        let bal = all
            .iter()
            .map(|(_, f)| f.gamma1().excess().max(f.gamma2().excess()))
            .fold(f64::INFINITY, f64::min);
        let g1_under_g2 = best(
            &all,
            Caps {
                gamma1: None,
                gamma2: Some(1.3),
            },
            |f| f.gamma1(),
        );
        for (id, warm) in exact_ids().into_iter().flat_map(|id| [(id, true), (id, false)]) {
            let solver = hybrid::solver(id).unwrap().with_heuristic_start(warm);
            let solver: &dyn fairshard_harness::Partitioner = &solver;
            let id = format!("{id} warm={warm}");
            let run = measure(solver, &inst, &spec(m, Target::Workload, None, None));
            assert_eq!(run.outcome.status, Status::Optimal, "{id}: {run:?}");
            assert_eq!(run.fairness.unwrap().gamma1(), g1, "{id} {}", inst.name());
            let run = measure(solver, &inst, &spec(m, Target::Balanced, None, None));
            assert_eq!(run.outcome.status, Status::Optimal, "{id}: {run:?}");
            assert!((run.objective.unwrap() - bal).abs() < 1e-12, "{id} {}", inst.name());
            let run = measure(solver, &inst, &spec(m, Target::Workload, None, Some(1.3)));
            match g1_under_g2 {
                Some(g) => assert_eq!(run.fairness.unwrap().gamma1(), g, "{id} {}", inst.name()),
                None => assert_eq!(run.outcome.status, Status::Infeasible),
            }
        }
    }
}

#[test]
fn feasibility_answers_match_brute_force_with_and_without_a_warm_start() {
    for (inst, m) in instances() {
        let all = all_partitions(&inst, m);
        for (g1, g2) in [(1.05, 1.2), (1.2, 1.05), (1.5, 1.5), (1.01, 1.01)] {
            let caps = Caps {
                gamma1: Some(g1),
                gamma2: Some(g2),
            };
            let exists = best(&all, caps, |f| f.gamma1()).is_some();
            for id in exact_ids() {
                for warm in [true, false] {
                    let solver = hybrid::solver(id).unwrap().with_heuristic_start(warm);
                    let run = measure(&solver, &inst, &spec(m, Target::Feasibility, Some(g1), Some(g2)));
                    let want = if exists { Status::Feasible } else { Status::Infeasible };
                    assert_eq!(
                        run.outcome.status,
                        want,
                        "{id} warm={warm} {} ({g1}, {g2})",
                        inst.name()
                    );
                }
            }
        }
    }
}

#[test]
fn infeasible_caps_are_a_status_not_an_error() {
    // Workloads 5, 3, 1 into 2 subsets: the best split is 5 | 3+1, gamma1 = 1.25.
    let inst = Instance::new(
        "three",
        vec![
            fairshard_harness::Task::new(5, 1),
            fairshard_harness::Task::new(3, 1),
            fairshard_harness::Task::new(1, 1),
        ],
    )
    .unwrap();
    for id in exact_ids() {
        for target in [Target::Feasibility, Target::Profit, Target::Balanced] {
            let run = measure(
                get(id).unwrap().as_ref(),
                &inst,
                &spec(2, target, Some(1.2), Some(10.0)),
            );
            assert_eq!(run.outcome.status, Status::Infeasible, "{id} {target}: {run:?}");
            assert!(run.error.is_none());
        }
        let run = measure(get(id).unwrap().as_ref(), &inst, &spec(2, Target::Workload, None, None));
        assert_eq!(run.fairness.unwrap().gamma1().value(), 1.25);
    }
}

#[test]
fn heuristics_never_beat_a_proven_optimum() {
    let heuristics: Vec<_> = entries().iter().filter(|e| e.id.starts_with("heur/")).collect();
    for (inst, m) in instances() {
        for target in [Target::Workload, Target::Profit, Target::Balanced] {
            let opt = measure(
                get(exact_ids()[0]).unwrap().as_ref(),
                &inst,
                &spec(m, target, None, None),
            );
            assert_eq!(opt.outcome.status, Status::Optimal);
            for h in &heuristics {
                let run = measure(get(h.id).unwrap().as_ref(), &inst, &spec(m, target, None, None));
                if let Some(obj) = run.objective {
                    assert!(
                        obj >= opt.objective.unwrap(),
                        "{} beat the optimum on {}",
                        h.id,
                        inst.name()
                    );
                }
            }
        }
    }
}

#[test]
fn the_lp_bound_never_exceeds_the_optimum_and_sees_a_dominant_task() {
    for (inst, m) in instances() {
        for target in [Target::Workload, Target::Profit, Target::Balanced] {
            let s = spec(m, target, None, None);
            let Some(lb) = milp::lp_bound(&inst, &s) else { continue };
            let opt = measure(get(exact_ids()[0]).unwrap().as_ref(), &inst, &s);
            assert!(lb <= opt.objective.unwrap() + 1e-9, "{target} {}: {lb}", inst.name());
        }
    }
    // One task of 10 and four of 1 into 2 subsets: the 10 is alone at best, gamma1 = 10/4.
    let tasks = [10, 1, 1, 1, 1].map(|w| fairshard_harness::Task::new(w, 1)).to_vec();
    let inst = Instance::new("dominant", tasks).unwrap();
    let lb = milp::lp_bound(&inst, &spec(2, Target::Workload, None, None)).unwrap();
    assert!((lb - 1.5).abs() < 1e-7, "{lb}");
    assert_eq!(
        milp::lp_bound(&inst, &spec(2, Target::Feasibility, Some(2.0), None)),
        None
    );
}

/// The lump bound (some tasks binary, the rest fractional) never exceeds the optimum under
/// caps, never falls below the LP bound by more than rounding, and is the optimum itself when
/// every task is binary.
#[test]
fn the_lump_bound_lies_between_the_lp_bound_and_the_optimum() {
    let mut checked = 0;
    for (inst, m) in instances() {
        let all = all_partitions(&inst, m);
        for cap in [1.05, 1.3, 2.0] {
            let caps = Caps {
                gamma1: Some(cap),
                gamma2: None,
            };
            let s = spec(m, Target::Profit, caps.gamma1, None);
            let want = best(&all, caps, |f| f.gamma2()).map(|g| g.excess());
            let Some(lp) = milp::lp_bound(&inst, &s) else { continue };
            let mut last = lp;
            for keep in [1, 2 * m, inst.len()] {
                let lump = milp::lump_bound(&inst, &s, keep).unwrap();
                let at = format!("{} cap {cap} keep {keep}", inst.name());
                assert!(lump >= lp - 1e-7, "{at}: {lump} < LP {lp}");
                assert!(
                    lump >= last - 1e-7,
                    "{at}: {lump} below the bound with fewer binaries {last}"
                );
                last = lump;
                match want {
                    Some(w) => assert!(lump <= w + 1e-9, "{at}: {lump} > optimum {w}"),
                    None => assert!(lump == f64::INFINITY || keep < inst.len(), "{at}: {lump}"),
                }
            }
            if let Some(w) = want {
                assert!((last - w).abs() < 1e-6, "all binary: {last} vs optimum {w}");
            }
            checked += 1;
        }
    }
    assert!(checked > 0 || exact_ids().is_empty(), "no bound was computed");
}

/// The hardest point of the log-normal front (gamma1 <= 1.001): the lump bound lifts the
/// certified bound from the LP's 0.1938 to 0.2499, and target balancing finds a partition
/// within 1e-4 of it, so the run ends `gap-limit` after a few solves, not at its time limit.
#[test]
fn lump_bound_and_balancing_close_the_log_normal_fronts_tightest_point() {
    let Some(e) = entries().iter().find(|e| e.id == "ilp/highs" && e.available()) else {
        return;
    };
    let inst = fairshard_datasets::open("lognormal:n=100,seed=1").unwrap();
    let mut s = spec(5, Target::Profit, Some(1.001), None);
    s.abs_gap = Some(1e-4);
    s.threads = Some(1);
    s.time_limit = Some(Duration::from_secs(60));
    let run = measure((e.make.unwrap())().as_ref(), &inst, &s);
    let (obj, bound) = (run.objective.unwrap(), run.outcome.bound.unwrap());
    assert_eq!(run.outcome.status, Status::GapLimit, "{run:?}");
    assert!(obj - bound <= 1e-4 && bound >= 0.2498, "{obj} {bound}");
    assert!(run.outcome.stats.solves <= 10, "{run:?}");
}

#[test]
fn microlp_agrees_with_brute_force_on_tiny_instances() {
    let Some(e) = entries().iter().find(|e| e.id == "ilp/microlp" && e.available()) else {
        return;
    };
    let inst = small(6, 30, 5, 7);
    let all = all_partitions(&inst, 2);
    let want = best(
        &all,
        Caps {
            gamma1: Some(1.2),
            gamma2: None,
        },
        |f| f.gamma2(),
    )
    .unwrap();
    let run = measure(
        get(e.id).unwrap().as_ref(),
        &inst,
        &spec(2, Target::Profit, Some(1.2), None),
    );
    assert_eq!(run.outcome.status, Status::Optimal, "{run:?}");
    assert_eq!(run.fairness.unwrap().gamma2(), want);
}

#[test]
fn a_time_limited_run_returns_its_incumbent_and_a_valid_bound() {
    let inst = fairshard_datasets::open("lognormal:n=60,seed=3").unwrap();
    for id in exact_ids() {
        let mut s = spec(6, Target::Profit, Some(1.01), None);
        s.time_limit = Some(Duration::from_millis(300));
        let run = measure(get(id).unwrap().as_ref(), &inst, &s);
        assert!(run.error.is_none(), "{id}: {:?}", run.error);
        if let (Status::TimeLimit, Some(obj)) = (run.outcome.status, run.objective) {
            assert!(run.outcome.bound.unwrap() <= obj);
        }
        assert!(
            run.solve < Duration::from_secs(3),
            "{id} overran its limit: {:?}",
            run.solve
        );
        assert!(run.outcome.effective.time_limit_s.is_some());
        // The record keeps the run's limit as the backend applies it (CBC: whole seconds), not
        // what remained for the last backend call.
        let cold = hybrid::solver(id).unwrap().with_heuristic_start(false);
        let mut s = spec(3, Target::Profit, Some(1.2), None);
        s.time_limit = Some(Duration::from_millis(2500));
        let run = measure(&cold, &small(8, 60, 9, 2), &s);
        assert!(run.outcome.stats.solves >= 1, "{id}: {run:?}");
        let want = if id == "ilp/cbc" { 3.0 } else { 2.5 };
        assert_eq!(run.outcome.effective.time_limit_s, Some(want), "{id}");
    }
}

#[test]
fn highs_threads_can_change_between_solves_on_one_thread() {
    let inst = small(8, 60, 9, 5);
    for id in ["ilp/highs", "ilp/highs-direct"] {
        let Some(solver) = hybrid::solver(id) else { continue };
        for threads in [1, 2, 1] {
            let mut s = spec(2, Target::Workload, None, None);
            s.threads = Some(threads);
            let run = measure(&solver, &inst, &s);
            assert_eq!(run.outcome.status, Status::Optimal, "{id} threads={threads}: {run:?}");
            assert_eq!(run.outcome.effective.threads, Some(threads));
        }
    }
}

#[test]
fn gamma_values_are_compared_exactly() {
    // Sanity of the test helper: brute force finds the perfect split of 2+2 | 3+1.
    let tasks = [2, 2, 3, 1].map(|w| fairshard_harness::Task::new(w, 1)).to_vec();
    let inst = Instance::new("four", tasks).unwrap();
    let g = best(&all_partitions(&inst, 2), Caps::NONE, |f| f.gamma1()).unwrap();
    assert_eq!(g, Gamma::Finite(fairshard_harness::Ratio::new(1, 1).unwrap()));
}

/// Small instances with many identical contracts (few distinct workloads and rates, as in
/// real data), where the aggregated model differs from the per-task one.
fn duplicated() -> Vec<(Instance, usize)> {
    vec![
        (small(9, 3, 2, 21), 3),
        (small(10, 4, 2, 22), 3),
        (small(8, 2, 3, 23), 2),
    ]
}

#[test]
fn aggregated_and_per_task_models_match_brute_force() {
    for (inst, m) in duplicated() {
        let all = all_partitions(&inst, m);
        let min_g1 = best(&all, Caps::NONE, |f| f.gamma1()).unwrap();
        let bal = all
            .iter()
            .map(|(_, f)| f.gamma1().excess().max(f.gamma2().excess()))
            .fold(f64::INFINITY, f64::min);
        for id in exact_ids() {
            for vars in [Vars::PerTask, Vars::Aggregated] {
                // Cold: the model itself proves each optimum (warm, the value-class search of
                // `heur/complete` would, on these duplicated instances).
                let solver = hybrid::solver(id).unwrap().with_vars(vars).with_heuristic_start(false);
                let name = format!("{id} {vars:?} {}", inst.name());
                for cap in [min_g1.value(), 1.2] {
                    let caps = Caps {
                        gamma1: Some(cap),
                        gamma2: None,
                    };
                    let want = best(&all, caps, |f| f.gamma2()).unwrap();
                    let run = measure(&solver, &inst, &spec(m, Target::Profit, Some(cap), None));
                    assert_eq!(run.outcome.status, Status::Optimal, "{name} cap {cap}: {run:?}");
                    assert_eq!(run.fairness.unwrap().gamma2(), want, "{name} cap {cap}");
                }
                let run = measure(&solver, &inst, &spec(m, Target::Workload, None, None));
                assert_eq!(run.outcome.status, Status::Optimal, "{name}: {run:?}");
                assert_eq!(run.fairness.unwrap().gamma1(), min_g1, "{name}");
                let run = measure(&solver, &inst, &spec(m, Target::Balanced, None, None));
                assert_eq!(run.outcome.status, Status::Optimal, "{name}: {run:?}");
                assert!((run.objective.unwrap() - bal).abs() < 1e-12, "{name}");
                for (g1, g2) in [(1.05, 1.2), (1.3, 1.05)] {
                    let caps = Caps {
                        gamma1: Some(g1),
                        gamma2: Some(g2),
                    };
                    let exists = best(&all, caps, |f| f.gamma1()).is_some();
                    let run = measure(&solver, &inst, &spec(m, Target::Feasibility, Some(g1), Some(g2)));
                    let want = if exists { Status::Feasible } else { Status::Infeasible };
                    assert_eq!(run.outcome.status, want, "{name} ({g1}, {g2})");
                }
            }
        }
    }
}

/// The exact ids compared on real data: every exact backend compiled in except microlp,
/// which does not prove this optimum in reasonable time even on the aggregated model.
fn agreeing_ids() -> Vec<&'static str> {
    exact_ids().into_iter().filter(|&id| id != "ilp/highs-paper").collect()
}

#[test]
fn all_exact_backends_agree_on_the_real_data() {
    // The first 15 real transactions, normalised (m = 5): repeated (gas, price) pairs, so the
    // aggregated model; small enough for every backend to prove its optimum in seconds.
    let inst = fairshard_datasets::open("dao100[:15]@norm").unwrap();
    let s = spec(5, Target::Profit, Some(1.2), None);
    // Each backend proves the optimum itself, from the same heuristic start (with the
    // driver's own start, `heur/complete`'s value-class search would prove it first).
    let start = measure(get("heur/bi-lpt").unwrap().as_ref(), &inst, &s)
        .outcome
        .partition;
    let mut found: Vec<(&str, Gamma)> = Vec::new();
    for id in agreeing_ids() {
        let solver = hybrid::solver(id)
            .unwrap()
            .with_start(start.clone())
            .with_heuristic_start(false);
        let run = measure(&solver, &inst, &s);
        assert!(run.outcome.stats.solves > 0, "{id}: {run:?}");
        assert_eq!(run.outcome.status, Status::Optimal, "{id}: {run:?}");
        let g2 = run.fairness.unwrap().gamma2();
        assert!(run.outcome.bound.unwrap() <= g2.excess() + 1e-12, "{id}");
        found.push((id, g2));
    }
    // Equal to within the optimality tolerance (distinct optima closer than that are ties).
    for w in found.windows(2) {
        let (a, b) = (w[0].1.value(), w[1].1.value());
        assert!((a - b).abs() <= 2.0 * hybrid::OPT_TOL, "{found:?}");
    }
}

/// On all 100 real transactions, normalised, `heur/complete`'s value-class search proves the
/// optimum under a gamma1 cap (m = 5); every exact backend, cold (its own MIP, from that
/// optimum as its start, a short time limit), must agree: nothing better than the optimum,
/// and a bound never above it.
#[test]
fn every_exact_backend_agrees_with_the_proven_optimum_on_the_real_data() {
    let inst = fairshard_datasets::open("dao100@norm").unwrap();
    for cap in [1.001, 1.2] {
        let s = spec(5, Target::Profit, Some(cap), None);
        let opt = measure(get("heur/complete").unwrap().as_ref(), &inst, &s);
        assert_eq!(opt.outcome.status, Status::Optimal, "cap {cap}: {opt:?}");
        let g2 = opt.fairness.unwrap().gamma2();
        let mut limited = s.clone();
        limited.time_limit = Some(Duration::from_secs(2));
        for id in agreeing_ids() {
            let solver = hybrid::solver(id)
                .unwrap()
                .with_start(opt.outcome.partition.clone())
                .with_heuristic_start(false);
            let run = measure(&solver, &inst, &limited);
            assert!(run.error.is_none(), "{id} cap {cap}: {run:?}");
            assert!(run.outcome.stats.solves > 0, "{id} cap {cap}: its own MIP ran");
            let got = run.fairness.unwrap().gamma2();
            assert_eq!(got, g2, "{id} cap {cap}: a backend beat (or lost) the proven optimum");
            assert!(run.outcome.bound.unwrap() <= g2.excess() + 1e-12, "{id} cap {cap}");
        }
    }
}

/// An absolute gap lets a capped run stop as soon as its partition is within it of the
/// certified bound (`gap-limit`, never a false `optimal`); without it the same run proves the
/// optimum.
#[test]
fn an_absolute_gap_stops_a_capped_run_early_and_says_so() {
    for (inst, m) in instances() {
        let all = all_partitions(&inst, m);
        let caps = Caps {
            gamma1: Some(1.5),
            gamma2: None,
        };
        let Some(want) = best(&all, caps, |f| f.gamma2()) else {
            continue;
        };
        for id in exact_ids() {
            let solver = hybrid::solver(id).unwrap().with_heuristic_start(false);
            let mut loose = spec(m, Target::Profit, caps.gamma1, None);
            loose.abs_gap = Some(10.0);
            let run = measure(&solver, &inst, &loose);
            let (obj, bound) = (run.objective.unwrap(), run.outcome.bound.unwrap());
            assert!(obj - bound <= 10.0 && bound <= want.excess() + 1e-12, "{id}: {run:?}");
            // One query (the caps alone) answers it.
            assert_eq!(run.outcome.stats.solves, 1, "{id}: {run:?}");
            let status = run.outcome.status;
            if obj > want.excess() + 1e-9 {
                assert_eq!(status, Status::GapLimit, "{id}: {run:?}");
            } else {
                assert!(matches!(status, Status::GapLimit | Status::Optimal), "{id}: {run:?}");
            }
            let exact = measure(&solver, &inst, &spec(m, Target::Profit, caps.gamma1, None));
            assert_eq!(exact.outcome.status, Status::Optimal, "{id}");
            assert_eq!(exact.fairness.unwrap().gamma2(), want, "{id}");
        }
    }
}

/// SCIP alone (`mip/scip`: no exact search or extra bound before its own solves) proves the
/// brute-force optima of the workload target and of the profit target under a gamma1 cap,
/// answers feasibility queries, and proves an unreachable cap infeasible by its own solve;
/// where HiGHS is compiled in, `mip/highs` finds the same optima.
#[cfg(feature = "scip")]
#[test]
fn scip_alone_matches_brute_force_and_proves_infeasible_caps() {
    let scip = get("mip/scip").unwrap();
    let highs = get("mip/highs").ok();
    for (inst, m) in instances().into_iter().take(2) {
        let all = all_partitions(&inst, m);
        let cap = Caps {
            gamma1: Some(1.2),
            gamma2: None,
        };
        let cases = [
            (
                spec(m, Target::Workload, None, None),
                best(&all, Caps::NONE, |f| f.gamma1()),
            ),
            (
                spec(m, Target::Profit, Some(1.2), None),
                best(&all, cap, |f| f.gamma2()),
            ),
        ];
        for (s, want) in &cases {
            let what = format!("mip/scip {} {}", inst.name(), s.target);
            let run = measure(scip.as_ref(), &inst, s);
            let Some(want) = want else {
                assert_eq!(run.outcome.status, Status::Infeasible, "{what}: {run:?}");
                continue;
            };
            assert_eq!(run.outcome.status, Status::Optimal, "{what}: {run:?}");
            assert_eq!(run.outcome.proof, fairshard_harness::Proof::Mip, "{what}");
            let f = run.fairness.unwrap();
            let got = if s.target == Target::Workload {
                f.gamma1()
            } else {
                f.gamma2()
            };
            assert_eq!(got, *want, "{what}");
            if let Some(highs) = &highs {
                let other = measure(highs.as_ref(), &inst, s);
                assert_eq!(other.objective, run.objective, "{what}: HiGHS {other:?}");
            }
        }
        for (g1, g2) in [(1.05, 1.2), (1.5, 1.5)] {
            let caps = Caps {
                gamma1: Some(g1),
                gamma2: Some(g2),
            };
            let want = if best(&all, caps, |f| f.gamma1()).is_some() {
                Status::Feasible
            } else {
                Status::Infeasible
            };
            let run = measure(scip.as_ref(), &inst, &spec(m, Target::Feasibility, Some(g1), Some(g2)));
            assert_eq!(run.outcome.status, want, "mip/scip {} ({g1}, {g2})", inst.name());
        }
    }
    // Workloads 5, 3, 1 into 2 subsets: gamma1 >= 1.25, so the cap 1.2 is unreachable.
    let inst = Instance::new("three", [5, 3, 1].map(|w| fairshard_harness::Task::new(w, 1)).to_vec()).unwrap();
    for target in [Target::Feasibility, Target::Profit] {
        let run = measure(scip.as_ref(), &inst, &spec(2, target, Some(1.2), None));
        assert_eq!(run.outcome.status, Status::Infeasible, "{target}: {run:?}");
        assert!(
            run.error.is_none() && run.outcome.stats.solves >= 1,
            "{target}: {run:?}"
        );
    }
}

/// The makespan target (the largest subset workload, one linear MIP): every exact id, with
/// and without the heuristic start, and each MIP backend alone, reach the brute-force optimum
/// and prove it; under a gamma2 cap too, or prove the cap infeasible.
#[test]
fn makespan_matches_brute_force_with_and_without_a_cap() {
    let pure: Vec<&str> = entries()
        .iter()
        .filter(|e| e.id.starts_with("mip/") && e.id != "mip/microlp" && e.available())
        .map(|e| e.id)
        .collect();
    for (inst, m) in instances() {
        let all = all_partitions(&inst, m);
        let value = |caps: Caps| {
            all.iter()
                .filter(|(_, f)| caps.met_by(f, fairshard_harness::CAP_TOLERANCE))
                .filter_map(|(_, f)| Target::Makespan.objective(f))
                .fold(None, |a: Option<f64>, v| Some(a.map_or(v, |a| a.min(v))))
        };
        let capped = Caps {
            gamma1: None,
            gamma2: Some(1.3),
        };
        let ids = exact_ids()
            .into_iter()
            .flat_map(|id| [(id, true), (id, false)])
            .chain(pure.iter().map(|&id| (id, true)));
        for (id, warm) in ids {
            let solver: Box<dyn fairshard_harness::Partitioner> = if id.starts_with("mip/") {
                get(id).unwrap()
            } else {
                Box::new(hybrid::solver(id).unwrap().with_heuristic_start(warm))
            };
            let name = format!("{id} warm={warm} {}", inst.name());
            for caps in [Caps::NONE, capped] {
                let run = measure(
                    solver.as_ref(),
                    &inst,
                    &spec(m, Target::Makespan, caps.gamma1, caps.gamma2),
                );
                match value(caps) {
                    Some(v) => {
                        assert_eq!(run.outcome.status, Status::Optimal, "{name} {caps:?}: {run:?}");
                        assert!(
                            (run.objective.unwrap() - v).abs() <= 1e-12 * v.abs().max(1.0),
                            "{name} {caps:?}"
                        );
                        assert!(
                            run.outcome.bound.unwrap() <= v + 1e-12,
                            "{name}: the bound is certified"
                        );
                    }
                    None => assert_eq!(run.outcome.status, Status::Infeasible, "{name} {caps:?}"),
                }
            }
        }
    }
}

/// The hybrid makespan ids report at least the combinatorial bound (a task above the mean
/// subset load: the largest workload bounds the makespan) even when the MIP stops at its
/// limit with the LP's weak bound, and that bound never exceeds the partition's value; the
/// pure ids report the backend's bound alone.
#[test]
fn hybrid_makespan_bound_includes_the_combinatorial_bound() {
    let inst = fairshard_datasets::open("giant:n=200,seed=1,subsets=10,load=1.5").unwrap();
    let m = 10;
    let w: Vec<u128> = inst.tasks().iter().map(|t| u128::from(t.workload)).collect();
    let total: u128 = w.iter().sum();
    let comb = fairshard_harness::makespan_excess(fairshard_solvers::bounds::makespan_lo(&w, total, m), total, m);
    assert!(comb > 0.4, "the giant task is 1.5 times the mean load: {comb}");
    let solver = hybrid::solver("ilp/highs").unwrap().with_heuristic_start(false);
    let run = measure(
        &solver,
        &inst,
        &spec(m, Target::Makespan, None, None).with_time_limit(Some(Duration::from_millis(200))),
    );
    let bound = run.outcome.bound.expect("a bound");
    let value = run.objective.expect("a partition");
    assert!(bound >= comb - 1e-12, "{bound} < {comb}: {run:?}");
    assert!(bound <= value + 1e-12, "{bound} > {value}");
}
