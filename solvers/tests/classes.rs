//! `heur/complete` under a cap on the other quantity (the capped value-class search) against
//! brute-force enumeration, and the proofs it gives on the real data.

mod common;

use common::{all_partitions, best, small};
use fairshard_harness::{Caps, Instance, Partitioner, Proof, RunSpec, Status, Target, measure};
use fairshard_solvers::exact::complete::Complete;
use fairshard_solvers::get;
use fairshard_solvers::pareto::{Runner, exact};

/// Small instances with few distinct (workload, rate) pairs: the value classes apply.
fn duplicated() -> Vec<(Instance, usize)> {
    vec![
        (small(9, 3, 2, 21), 3),
        (small(10, 4, 2, 22), 3),
        (small(8, 2, 3, 23), 2),
        (small(11, 5, 3, 24), 4),
        (small(10, 6, 4, 25), 2),
    ]
}

#[test]
fn capped_optimum_equals_brute_force_for_both_targets() {
    let complete = get("heur/complete").unwrap();
    for (inst, m) in duplicated() {
        let all = all_partitions(&inst, m);
        let min_g1 = best(&all, Caps::NONE, |f| f.gamma1()).unwrap();
        let min_g2 = best(&all, Caps::NONE, |f| f.gamma2()).unwrap();
        for (target, caps) in [
            (
                Target::Profit,
                [min_g1.value(), 1.1, 1.3, 2.0].map(|c| Caps {
                    gamma1: Some(c),
                    gamma2: None,
                }),
            ),
            (
                Target::Workload,
                [min_g2.value(), 1.1, 1.3, 2.0].map(|c| Caps {
                    gamma1: None,
                    gamma2: Some(c),
                }),
            ),
        ] {
            for caps in caps {
                let name = format!("{} m={m} {target:?} {caps:?}", inst.name());
                let want = match target {
                    Target::Profit => best(&all, caps, |f| f.gamma2()),
                    _ => best(&all, caps, |f| f.gamma1()),
                };
                let spec = RunSpec::new(m, target).with_caps(caps.gamma1, caps.gamma2);
                let run = measure(complete.as_ref(), &inst, &spec);
                let Some(want) = want else {
                    assert_eq!(run.outcome.status, Status::Infeasible, "{name}: {run:?}");
                    continue;
                };
                assert_eq!(run.outcome.status, Status::Optimal, "{name}: {run:?}");
                // Proven by the capped value-class search, or at once by the optimum without
                // the cap when that meets the cap.
                assert!(
                    matches!(
                        run.outcome.proof,
                        Proof::ValueClasses | Proof::Relaxation | Proof::Bound
                    ),
                    "{name}: {run:?}"
                );
                let f = run.fairness.unwrap();
                let got = if target == Target::Profit {
                    f.gamma2()
                } else {
                    f.gamma1()
                };
                assert_eq!(got, want, "{name}");
            }
        }
    }
}

#[test]
fn a_cap_below_the_capped_quantitys_optimum_is_proven_infeasible() {
    let complete = get("heur/complete").unwrap();
    for (inst, m) in duplicated() {
        let all = all_partitions(&inst, m);
        let min_g1 = best(&all, Caps::NONE, |f| f.gamma1()).unwrap();
        if min_g1.value() <= 1.0 {
            continue; // a perfect split: no cap >= 1 is below it
        }
        let cap = 1.0 + min_g1.excess() / 2.0;
        let run = measure(
            complete.as_ref(),
            &inst,
            &RunSpec::new(m, Target::Profit).with_caps(Some(cap), None),
        );
        assert_eq!(run.outcome.status, Status::Infeasible, "{}: {run:?}", inst.name());
        assert!(run.outcome.partition.is_none());
    }
}

/// The normalised real data (18 distinct contracts): the whole 10-point front of the paper's
/// grid (gamma1 from 1.001 to 1.5, m = 5) is proven, by `heur/complete` alone and through the
/// ILP driver, which takes the search's proof instead of a MIP.
#[test]
fn every_point_of_the_normalised_real_front_is_proven() {
    let inst = fairshard_datasets::open("dao100@norm").unwrap();
    let grid = fairshard_solvers::pareto::grid(1.001, 1.5, 10);
    let mut ids = vec!["heur/complete"];
    if get("ilp/highs").is_ok() {
        ids.push("ilp/highs");
    }
    let mut fronts = Vec::new();
    for id in ids {
        let runner = Runner::new(id, &inst, RunSpec::new(5, Target::Profit)).unwrap();
        let front = exact::grid(&runner, &grid);
        for p in &front.points {
            assert_eq!(p.status, Status::Optimal, "{id} at {:?}: {p:?}", p.gamma1_cap);
            if id.starts_with("ilp/") {
                assert_eq!(p.solves, 0, "{id}: proven without a MIP");
            }
        }
        assert!(front.is_monotone());
        fronts.push(
            front
                .points
                .iter()
                .map(|p| p.fairness.unwrap().gamma2())
                .collect::<Vec<_>>(),
        );
    }
    assert!(fronts.windows(2).all(|w| w[0] == w[1]), "{fronts:?}");
    // The optimum at gamma1 <= 1.001 is 25 times the cheap bound (max - min profit 50 against
    // 2, the values' gcd): a proof no bound from totals could give.
    let g = fronts[0][0];
    assert!(g.excess() > 1e-5 && g.excess() < 2e-5, "{g:?}");
}

/// The raw real data: below the workload optimum no partition meets the cap (proven from the
/// workload optimum, the start when nothing else meets the cap); at gamma1 <= 1.001 the
/// profit optimum is proven.
#[test]
fn raw_real_data_caps_are_proven_infeasible_or_optimal() {
    let inst = fairshard_datasets::open("dao100").unwrap();
    let run = measure(
        &Complete::default(),
        &inst,
        &RunSpec::new(5, Target::Profit).with_caps(Some(1.0003), None),
    );
    assert_eq!(run.outcome.status, Status::Infeasible, "{run:?}");
    let spec = RunSpec::new(5, Target::Profit).with_caps(Some(1.001), None);
    let run = measure(&Complete::default(), &inst, &spec);
    assert_eq!(run.outcome.status, Status::Optimal, "{run:?}");
    assert!(run.fairness.unwrap().gamma1().within(1.001));
}

/// The capped search honours the run's deadline: stopped at once, it still returns a valid
/// partition within the cap (its start), marked as not proven.
#[test]
fn a_stopped_capped_search_keeps_a_partition_within_the_cap() {
    let inst = fairshard_datasets::open("dao100@norm").unwrap();
    let mut spec = RunSpec::new(5, Target::Profit).with_caps(Some(1.5), None);
    spec.time_limit = Some(std::time::Duration::from_millis(1));
    let run = measure(&Complete::default(), &inst, &spec);
    assert_eq!(run.outcome.status, Status::TimeLimit, "{run:?}");
    assert!(run.fairness.unwrap().gamma1().within(1.5));
    assert_eq!(Complete::default().id(), "heur/complete");
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig::with_cases(64))]
    /// Random instances with many identical contracts: the capped optimum (or the proof that
    /// no partition meets the cap) equals brute force, for both targets.
    #[test]
    fn capped_search_equals_brute_force_on_random_instances(
        tasks in proptest::collection::vec((proptest::sample::select(vec![1u64, 2, 3, 5]), 1u64..=2), 2..=10),
        m in 2usize..=4,
        cap in proptest::sample::select(vec![1.0, 1.05, 1.2, 1.5, 3.0]),
        profit in proptest::bool::ANY,
    ) {
        proptest::prop_assume!(m <= tasks.len());
        let inst = Instance::new("random", tasks.iter().map(|&(w, r)| fairshard_harness::Task::new(w, r)).collect()).unwrap();
        let all = all_partitions(&inst, m);
        let (target, caps) = if profit {
            (Target::Profit, Caps { gamma1: Some(cap), gamma2: None })
        } else {
            (Target::Workload, Caps { gamma1: None, gamma2: Some(cap) })
        };
        let want = best(&all, caps, |f| if profit { f.gamma2() } else { f.gamma1() });
        let spec = RunSpec::new(m, target).with_caps(caps.gamma1, caps.gamma2);
        let run = measure(&Complete::default(), &inst, &spec);
        match want {
            None => proptest::prop_assert_eq!(run.outcome.status, Status::Infeasible, "{:?}", run),
            Some(want) => {
                proptest::prop_assert_eq!(run.outcome.status, Status::Optimal, "{:?}", run);
                let f = run.fairness.unwrap();
                proptest::prop_assert_eq!(if profit { f.gamma2() } else { f.gamma1() }, want);
            }
        }
    }
}

/// A cap that the optimum without it already meets costs nothing: Fig. 3b's point at m = 10
/// (min gamma1 with gamma2 <= 100 on the normalised real data) is the uncapped workload
/// optimum, gamma1 = 1.002596 (max - min = 20 gas), proven by that relaxation, in
/// `heur/complete` and in the ILP driver without a MIP solve.
#[test]
fn a_cap_the_relaxed_optimum_meets_is_proven_at_once() {
    let inst = fairshard_datasets::open("dao100@norm").unwrap();
    let mut spec = RunSpec::new(10, Target::Workload).with_caps(None, Some(100.0));
    spec.time_limit = Some(std::time::Duration::from_secs(60));
    let mut ids = vec!["heur/complete"];
    if get("ilp/highs").is_ok() {
        ids.push("ilp/highs");
    }
    for id in ids {
        let run = measure(get(id).unwrap().as_ref(), &inst, &spec);
        assert_eq!(run.outcome.status, Status::Optimal, "{id}: {run:?}");
        assert_eq!(run.outcome.proof, Proof::Relaxation, "{id}: {run:?}");
        if id.starts_with("ilp/") {
            assert_eq!(run.outcome.stats.solves, 0, "{id}: no MIP solve");
        }
        let f = run.fairness.unwrap();
        assert_eq!(f.workload.diff, 20, "{id}");
        assert!(f.gamma2().within(100.0));
        assert!((f.gamma1().value() - 1.002596).abs() < 1e-6, "{id}: {}", f.gamma1());
    }
}

/// Fig. 2a's tightest caps (gamma1 <= 1.0001 and 1.0003 at m = 5) lie below the proven
/// minimum of gamma1 (1.000454): both are `infeasible`, proven by that minimum, in
/// `heur/complete` and in the ILP driver before any MIP.
#[test]
fn caps_below_the_proven_minimum_are_infeasible_in_both_paths() {
    let inst = fairshard_datasets::open("dao100@norm").unwrap();
    let mut ids = vec!["heur/complete"];
    if get("ilp/highs").is_ok() {
        ids.push("ilp/highs");
    }
    for id in ids {
        for cap in [1.0001, 1.0003] {
            let mut spec = RunSpec::new(5, Target::Profit).with_caps(Some(cap), None);
            spec.time_limit = Some(std::time::Duration::from_secs(60));
            let run = measure(get(id).unwrap().as_ref(), &inst, &spec);
            assert_eq!(run.outcome.status, Status::Infeasible, "{id} {cap}: {run:?}");
            assert_eq!(run.outcome.proof, Proof::Relaxation, "{id} {cap}: {run:?}");
            if id.starts_with("ilp/") {
                assert_eq!(run.outcome.stats.solves, 0, "{id} {cap}: no MIP solve");
            }
        }
    }
}

/// Fig. 3b's proven values at m <= 6 against an independent exact computation on the same
/// data: the normalised real data has 6 distinct gas values, so every subset is one of ~2
/// million count vectors. For `heur/complete`'s optimum gamma* = B/A (its partition's max and
/// min workload), a plain depth-first search over count vectors (no bound, no LP, its own
/// memo) finds no partition whose loads all lie in a window [L, U] with U/L < B/A, for every
/// possible minimum L; and the partition's gamma2 meets Fig. 3b's cap of 100.
#[test]
fn fig3b_optima_at_small_m_agree_with_a_count_vector_search() {
    use std::collections::{BTreeMap, HashSet};
    let inst = fairshard_datasets::open("dao100@norm").unwrap();
    let mut counts: BTreeMap<u64, u32> = BTreeMap::new();
    for t in inst.tasks() {
        *counts.entry(t.workload).or_default() += 1;
    }
    let (values, c): (Vec<u64>, Vec<u32>) = counts.into_iter().rev().unzip();
    assert_eq!(values.len(), 6);
    let total: u64 = inst.tasks().iter().map(|t| t.workload).sum();
    // Every count vector x <= c with its load.
    let mut all: Vec<(Vec<u32>, u64)> = vec![(Vec::new(), 0)];
    for (&ci, &v) in c.iter().zip(&values) {
        all = all
            .into_iter()
            .flat_map(|(x, l)| {
                (0..=ci).map(move |k| {
                    let mut y = x.clone();
                    y.push(k);
                    (y, l + u64::from(k) * v)
                })
            })
            .collect();
    }
    fn splits(
        rem: &[u32],
        k: usize,
        (lo, hi): (u64, u64),
        vectors: &[(Vec<u32>, u64)],
        values: &[u64],
        failed: &mut HashSet<(Vec<u32>, usize)>,
    ) -> bool {
        let load: u64 = rem.iter().zip(values).map(|(&r, &v)| u64::from(r) * v).sum();
        if k == 1 {
            return (lo..=hi).contains(&load);
        }
        if load < k as u64 * lo || load > k as u64 * hi || failed.contains(&(rem.to_vec(), k)) {
            return false;
        }
        // The subset holding a contract of the first class present: every partition has one.
        let first = rem.iter().position(|&r| r > 0).expect("a non-empty remainder");
        for (x, _) in vectors {
            if x[first] > 0 && x.iter().zip(rem).all(|(a, b)| a <= b) {
                let next: Vec<u32> = rem.iter().zip(x).map(|(a, b)| a - b).collect();
                if splits(&next, k - 1, (lo, hi), vectors, values, failed) {
                    return true;
                }
            }
        }
        failed.insert((rem.to_vec(), k));
        false
    }
    for m in 2..=6 {
        let spec = RunSpec::new(m, Target::Workload).with_caps(None, Some(100.0));
        let run = measure(&Complete::default(), &inst, &spec);
        assert_eq!(run.outcome.status, Status::Optimal, "m = {m}: {run:?}");
        let f = run.fairness.unwrap();
        assert!(f.gamma2().within(100.0), "m = {m}");
        let (b, a) = (f.workload.max as u64, f.workload.min as u64);
        if a == b {
            continue; // gamma1 = 1: nothing is better
        }
        // Loads of a better partition lie within (T / (m B/A), T B/A / m).
        let lo_all = (total * a) / (m as u64 * b);
        let hi_all = (total * b).div_ceil(m as u64 * a);
        let mut vectors: Vec<(Vec<u32>, u64)> = all
            .iter()
            .filter(|(_, l)| (lo_all..=hi_all).contains(l))
            .cloned()
            .collect();
        vectors.sort_by_key(|v| v.1);
        let mut minima: Vec<u64> = vectors.iter().map(|v| v.1).filter(|&l| l * m as u64 <= total).collect();
        minima.dedup();
        for lo in minima {
            // The largest load L' with L' / lo < B / A.
            let Some(hi) = vectors.iter().map(|v| v.1).filter(|&l| l * a < lo * b).max() else {
                continue;
            };
            let window: Vec<(Vec<u32>, u64)> = vectors.iter().filter(|v| (lo..=hi).contains(&v.1)).cloned().collect();
            assert!(
                !splits(&c, m, (lo, hi), &window, &values, &mut HashSet::new()),
                "m = {m}: a partition with loads in [{lo}, {hi}] beats {b}/{a}"
            );
        }
    }
}
