//! Shared by the exact-solver tests: small seeded instances and brute-force enumeration.
#![allow(dead_code)]

use fairshard_harness::{CAP_TOLERANCE, Caps, Fairness, Gamma, Instance, Partition, Task, derive_seed};

/// A small instance: n tasks, workloads in 1..=wmax, rates in 1..=rmax, from `seed`.
pub fn small(n: usize, wmax: u64, rmax: u64, seed: u64) -> Instance {
    let mut s = derive_seed(seed, &["ilp-test", &n.to_string()]);
    let mut next = |k: u64| {
        // SplitMix64 step.
        s = s.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = s;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        1 + (z ^ (z >> 31)) % k
    };
    let tasks = (0..n).map(|_| Task::new(next(wmax), next(rmax))).collect();
    Instance::new(format!("small-{n}-{seed}"), tasks).unwrap()
}

/// Every partition of `inst` into m non-empty subsets (subsets unlabelled: each appears once),
/// with its fairness.
pub fn all_partitions(inst: &Instance, m: usize) -> Vec<(Partition, Fairness)> {
    let n = inst.len();
    let mut out = Vec::new();
    let mut a = vec![0u32; n];
    fn rec(j: usize, used: u32, m: u32, a: &mut Vec<u32>, inst: &Instance, out: &mut Vec<(Partition, Fairness)>) {
        let n = a.len();
        if (m - used) as usize > n - j {
            return;
        }
        if j == n {
            let p = Partition::from_assignment(m as usize, a.clone());
            let f = p.fairness(inst);
            out.push((p, f));
            return;
        }
        for i in 0..=used.min(m - 1) {
            a[j] = i;
            rec(j + 1, used.max(i + 1), m, a, inst, out);
        }
    }
    rec(0, 0, m as u32, &mut a, inst, &mut out);
    out
}

/// The smallest gamma picked by `key` among partitions meeting `caps` (as the harness checks them).
pub fn best(all: &[(Partition, Fairness)], caps: Caps, key: impl Fn(&Fairness) -> Gamma) -> Option<Gamma> {
    all.iter()
        .filter(|(_, f)| caps.met_by(f, CAP_TOLERANCE))
        .map(|(_, f)| key(f))
        .min()
}

/// The exact Pareto front of (gamma1, gamma2): non-dominated value pairs, by increasing gamma1.
pub fn front(all: &[(Partition, Fairness)]) -> Vec<(Gamma, Gamma)> {
    let mut pts: Vec<(Gamma, Gamma)> = all.iter().map(|(_, f)| (f.gamma1(), f.gamma2())).collect();
    pts.sort();
    let mut out: Vec<(Gamma, Gamma)> = Vec::new();
    for (g1, g2) in pts {
        if out.last().is_none_or(|&(_, best2)| g2 < best2) {
            out.push((g1, g2));
        }
    }
    out
}

/// Every exact backend compiled in, except microlp (too slow beyond tiny instances).
pub fn exact_ids() -> Vec<&'static str> {
    fairshard_solvers::entries()
        .iter()
        .filter(|e| e.id.starts_with("ilp/") && e.available() && e.id != "ilp/microlp")
        .map(|e| e.id)
        .collect()
}
