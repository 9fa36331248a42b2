//! Certified cheap lower bounds on the best achievable gamma - 1, for every method.
//!
//! For one quantity (workload w_j, or profit r_j * w_j) with sorted values x_1 >= x_2 >= ...,
//! total T and m subsets, every partition has
//!
//! - largest subset sum `max >= max_lo = max(ceil(T/m), x_1, x_m + x_{m+1})` (the average; the
//!   largest task; two of the m + 1 largest tasks share a subset, by pigeonhole), and
//! - smallest subset sum `min <= min_hi = min_k floor((T - (x_1 + ... + x_k)) / (m - k))` for
//!   k = 0..m-1 (the k largest tasks lie in at most k subsets whose sums are at least theirs;
//!   the other m - k or more subsets share what is left), and `min <= floor((T - max_lo) /
//!   (m - 1))` (the largest subset holds at least `max_lo`).
//!
//! Every subset sum is a multiple of the values' greatest common divisor g, so the above is
//! computed on the values divided by g and multiplied back (rounding to multiples of g).
//!
//! So gamma = max/min >= max_lo/min_hi, and max - min >= max_lo - min_hi, which is at least 1
//! when m does not divide T (ceil(T/m) - floor(T/m)). The bound is exact when it is met: a
//! partition whose sums all lie in {floor(T/m), ceil(T/m)} is optimal for gamma (the paper's
//! (1a) and (1b)) and for max - min alike. When `min_hi = 0` every partition has a zero (or
//! empty) subset and gamma is infinite.
//!
//! For the makespan target (the largest subset workload) the bound is `max >= makespan_lo`,
//! the largest of `ceil(T/m)`, `x_1` and, for every `j >= 1` with `jm < n`, the sum
//! `x_{jm-j+1} + ... + x_{jm+1}` (of the `jm + 1` largest tasks some subset holds `j + 1`, and
//! at least the `j + 1` smallest of them); [`makespan_lo`].
//!
//! [`Bounds::objective`] turns the two spreads into a bound on a [`Target`]'s objective, the
//! number every heuristic reports in `SolveOutcome::bound`. A stronger bound from another
//! source (the LP relaxation of the paper's ILP (2a)-(2e), where an LP backend is compiled
//! in, [`heuristic`]; the caps' anchors, [`anchor`]) combines with it through [`tighten`]:
//! both are certified, so their maximum is too.

pub mod anchor;
pub mod heuristic;

pub use anchor::{ANCHOR_MARGIN, ANCHORS, anchor_bound};
pub use heuristic::{LP_MARGIN, LP_MAX_CELLS, heuristic_bound, lp_objective_bound};

use fairshard_harness::{Instance, Ratio, Target, makespan_excess};

/// Certified limits on one quantity's largest and smallest subset sums.
///
/// Invariant: for every partition into m subsets, max >= `max_lo` and min <= `min_hi`, and
/// `max_lo >= min_hi`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SpreadBound {
    /// A lower bound on the largest subset sum.
    pub max_lo: u128,
    /// An upper bound on the smallest subset sum.
    pub min_hi: u128,
}

impl SpreadBound {
    /// The bound for `values` (one per task) split into `m >= 1` subsets; `total` is their sum.
    /// O(n) time (selection of the m + 1 largest values), O(n) extra memory.
    pub fn of(mut values: Vec<u128>, total: u128, m: usize) -> SpreadBound {
        let m = m.max(1);
        let n = values.len();
        if n == 0 {
            return SpreadBound { max_lo: 0, min_hi: 0 };
        }
        // Every subset sum is a multiple of the values' gcd g: bound in units of g (the scan
        // stops once g = 1, as it soon does on measured data).
        let mut g = 0u128;
        for &v in &values {
            g = gcd(g, v);
            if g == 1 {
                break;
            }
        }
        if g > 1 {
            values.iter_mut().for_each(|v| *v /= g);
            let b = SpreadBound::of(values, total / g, m);
            return SpreadBound {
                max_lo: b.max_lo * g,
                min_hi: b.min_hi * g,
            };
        }
        // The k = min(m + 1, n) largest values, in decreasing order, at the front.
        let k = (m + 1).min(n);
        if k < n {
            values.select_nth_unstable_by(k - 1, |a, b| b.cmp(a));
        }
        let top = &mut values[..k];
        top.sort_unstable_by(|a, b| b.cmp(a));
        let mut max_lo = total.div_ceil(m as u128).max(top[0]);
        if n > m {
            max_lo = max_lo.max(top[m - 1] + top[m]);
        }
        let mut min_hi = total / m as u128;
        let mut taken = 0u128;
        for (i, &x) in top.iter().enumerate().take(m.min(n)).take(m - 1) {
            taken += x;
            min_hi = min_hi.min((total - taken) / (m - i - 1) as u128);
        }
        if m >= 2 {
            // The largest subset holds at least max_lo; the other m - 1 share the rest.
            min_hi = min_hi.min((total - max_lo.min(total)) / (m - 1) as u128);
        }
        SpreadBound {
            max_lo,
            min_hi: min_hi.min(max_lo),
        }
    }

    /// The bound on max - min.
    pub fn diff(&self) -> u128 {
        self.max_lo - self.min_hi
    }

    /// The bound on gamma, exact; `None` when gamma is infinite for every partition.
    pub fn gamma(&self) -> Option<Ratio> {
        Ratio::new(self.max_lo, self.min_hi)
    }

    /// The bound on gamma - 1 (`f64::INFINITY` when gamma is infinite for every partition),
    /// computed like [`Ratio::excess`] so that a partition meeting the bound reports the same
    /// number. It never exceeds any partition's reported `f64` either, even where the
    /// conversions round (sums beyond 2^53): every partition has max - min >= `max_lo -
    /// min_hi` and min <= `min_hi` as integers, and the conversions to `f64` and the division
    /// are each monotone, so (max - min) / min rounds to at least this value.
    pub fn excess(&self) -> f64 {
        self.gamma().map_or(f64::INFINITY, |r| r.excess())
    }
}

/// A certified lower bound on the largest subset sum of `values` (total `total`) split into
/// `m >= 1` subsets: see the module docs. O(n log n).
pub fn makespan_lo(values: &[u128], total: u128, m: usize) -> u128 {
    let m = m.max(1);
    let mut x = values.to_vec();
    x.sort_unstable_by(|a, b| b.cmp(a));
    let mut lo = total.div_ceil(m as u128).max(x.first().copied().unwrap_or(0));
    let mut j = 1;
    while j * m < x.len() {
        lo = lo.max(x[j * m - j..=j * m].iter().sum());
        j += 1;
    }
    lo
}

/// Greatest common divisor (`gcd(0, x) = x`).
fn gcd(mut a: u128, mut b: u128) -> u128 {
    while b != 0 {
        (a, b) = (b, a % b);
    }
    a
}

/// The cheap bounds of an instance split into m subsets, for both quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Workload (gamma1, (1a)).
    pub workload: SpreadBound,
    /// Profit (gamma2, (1b)).
    pub profit: SpreadBound,
    /// A lower bound on the largest subset workload ([`makespan_lo`]).
    pub makespan_lo: u128,
    /// The total workload.
    pub workload_total: u128,
    /// The number of subsets.
    pub m: usize,
}

impl Bounds {
    /// Both bounds, in O(n).
    pub fn of(instance: &Instance, m: usize) -> Bounds {
        let tasks = instance.tasks();
        let workloads: Vec<u128> = tasks.iter().map(|t| u128::from(t.workload)).collect();
        Bounds {
            makespan_lo: makespan_lo(&workloads, instance.total_workload(), m),
            workload: SpreadBound::of(workloads, instance.total_workload(), m),
            profit: SpreadBound::of(tasks.iter().map(|t| t.profit()).collect(), instance.total_profit(), m),
            workload_total: instance.total_workload(),
            m: m.max(1),
        }
    }

    /// A certified lower bound on `target`'s objective ([`Target::objective`], gamma - 1);
    /// `None` for feasibility, which has no objective. Caps only shrink the feasible set, so
    /// the bound holds under any caps.
    pub fn objective(&self, target: Target) -> Option<f64> {
        match target {
            Target::Workload => Some(self.workload.excess()),
            Target::Profit => Some(self.profit.excess()),
            Target::Makespan => Some(makespan_excess(self.makespan_lo, self.workload_total, self.m)),
            Target::Balanced => Some(self.workload.excess().max(self.profit.excess())),
            Target::Feasibility => None,
        }
    }
}

/// The cheap bound on `target`'s objective for `instance` into `m` subsets.
pub fn objective_bound(instance: &Instance, m: usize, target: Target) -> Option<f64> {
    if target == Target::Feasibility {
        return None;
    }
    Bounds::of(instance, m).objective(target)
}

/// Combines two certified lower bounds on the same objective (e.g. this module's with an LP
/// relaxation's): the larger is certified too.
pub fn tighten(a: Option<f64>, b: Option<f64>) -> Option<f64> {
    match (a, b) {
        (Some(x), Some(y)) => Some(x.max(y)),
        (x, None) => x,
        (None, y) => y,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::{CAP_TOLERANCE, Partition, RunSpec, Task};
    use proptest::prelude::*;

    fn bound(values: &[u128], m: usize) -> SpreadBound {
        SpreadBound::of(values.to_vec(), values.iter().sum(), m)
    }

    #[test]
    fn known_values() {
        // T = 10, m = 3: ceil 4, floor 3; largest 5 forces max >= 5, and the other two subsets
        // share 5: min <= 2.
        let b = bound(&[5, 2, 2, 1], 3);
        assert_eq!((b.max_lo, b.min_hi), (5, 2));
        // Pigeonhole: three 4s in two subsets: max >= 8.
        let b = bound(&[4, 4, 4], 2);
        assert_eq!((b.max_lo, b.min_hi), (8, 4));
        // Divisible total, no large task: the trivial bound 0.
        let b = bound(&[3, 3, 2, 2, 1, 1], 2);
        assert_eq!((b.diff(), b.excess()), (0, 0.0));
        // Not divisible: max - min >= 1.
        assert_eq!(bound(&[3, 3, 2, 2, 1, 1, 1], 2).diff(), 1);
        // n = m: each subset holds one task; the bound is the exact ratio.
        let b = bound(&[9, 3, 6], 3);
        assert_eq!((b.max_lo, b.min_hi), (9, 3));
        // m = 1: gamma = 1.
        assert_eq!(bound(&[7, 1], 1).excess(), 0.0);
        // A zero that must be alone: gamma is infinite for every partition.
        assert_eq!(bound(&[5, 0], 2).excess(), f64::INFINITY);
    }

    #[test]
    fn objective_bound_per_target() {
        let inst = Instance::new(
            "b",
            vec![Task::new(5, 1), Task::new(2, 3), Task::new(2, 1), Task::new(1, 1)],
        )
        .unwrap();
        let b = Bounds::of(&inst, 2);
        assert_eq!(b.objective(Target::Feasibility), None);
        let (w, p) = (b.workload.excess(), b.profit.excess());
        assert_eq!(b.objective(Target::Balanced), Some(w.max(p)));
        assert_eq!(tighten(Some(0.1), Some(0.3)), Some(0.3));
        assert_eq!(tighten(None, Some(0.3)), Some(0.3));
    }

    /// Every partition of a tiny instance, as assignments.
    fn all_partitions(n: usize, m: usize) -> impl Iterator<Item = Vec<u32>> {
        (0..(m as u64).pow(n as u32)).map(move |mut code| {
            (0..n)
                .map(|_| {
                    let s = (code % m as u64) as u32;
                    code /= m as u64;
                    s
                })
                .collect()
        })
    }

    /// The partitions of n tasks into exactly m non-empty subsets, each once up to renaming
    /// (subsets opened in order).
    #[cfg(any(
        feature = "highs",
        feature = "highs-direct",
        feature = "cbc",
        feature = "microlp",
        feature = "scip"
    ))]
    fn canonical_partitions(n: usize, m: usize, f: &mut dyn FnMut(&[u32])) {
        fn go(a: &mut Vec<u32>, n: usize, m: usize, used: u32, f: &mut dyn FnMut(&[u32])) {
            if a.len() == n {
                if used as usize == m {
                    f(a);
                }
                return;
            }
            if (m - used as usize) > n - a.len() {
                return;
            }
            for s in 0..(used + 1).min(m as u32) {
                a.push(s);
                go(a, n, m, used.max(s + 1), f);
                a.pop();
            }
        }
        go(&mut Vec::with_capacity(n), n, m, 0, f);
    }

    /// Where the LP relaxation helps (the balanced target), its bound is well above the cheap
    /// one (`heur/bi-lpt` reports it: see its tests).
    #[cfg(feature = "highs")]
    #[test]
    fn the_lp_bound_tightens_the_balanced_target() {
        let inst = fairshard_datasets::open("lognormal:n=30,seed=3").unwrap();
        let spec = RunSpec::new(5, Target::Balanced);
        let cheap = objective_bound(&inst, 5, Target::Balanced).unwrap();
        let lp = lp_objective_bound(&inst, &spec).unwrap();
        assert!(cheap < 1e-4 && lp > 0.01, "cheap {cheap}, lp {lp}");
        // Single ratios without caps: never solved (it would not help).
        assert_eq!(lp_objective_bound(&inst, &RunSpec::new(5, Target::Workload)), None);
        // Above the size limit: never solved.
        let big = fairshard_datasets::open("lognormal:n=1000,seed=1").unwrap();
        assert_eq!(lp_objective_bound(&big, &RunSpec::new(5, Target::Balanced)), None);
    }

    proptest! {
        /// The anchor bound never exceeds the optimum over the partitions that meet the caps
        /// (brute force over every assignment, n <= 8), for each target and cap.
        #[test]
        fn the_anchor_bound_never_exceeds_the_optimum(
            tasks in prop::collection::vec((1u64..1_000, 1u64..50), 3..=8),
            m in 2usize..=3,
            target in prop::sample::select(vec![Target::Workload, Target::Profit, Target::Balanced]),
            cap1 in prop::option::of(1.0f64..1.6),
            cap2 in prop::option::of(1.0f64..1.6),
        ) {
            prop_assume!(m <= tasks.len());
            let inst = Instance::new("a", tasks.iter().map(|&(w, r)| Task::new(w, r)).collect()).unwrap();
            let spec = RunSpec::new(m, target).with_caps(cap1, cap2);
            let best = all_partitions(inst.len(), m)
                .map(|a| Partition::from_assignment(m, a).fairness(&inst))
                .filter(|f| spec.caps.met_by(f, CAP_TOLERANCE))
                .filter_map(|f| target.objective(&f))
                .fold(f64::INFINITY, f64::min);
            if let Some(b) = anchor_bound(&inst, &spec) {
                prop_assert!(b <= best * (1.0 + 1e-12) || (b.is_infinite() && best.is_infinite()),
                    "anchor bound {} above the optimum {}", b, best);
            }
        }
    }

    #[test]
    fn the_anchor_bound_counts_the_fill_a_tight_cap_forces() {
        // Workloads 6, 3, 3 at rates 4, 1, 1 (profits 24, 3, 3), m = 2, gamma1 <= 1: each
        // subset holds workload 6, so the anchor (6, 24) is alone, and gamma2 = 24 / 6 = 4.
        let inst = Instance::new("f", vec![Task::new(6, 4), Task::new(3, 1), Task::new(3, 1)]).unwrap();
        let spec = RunSpec::new(2, Target::Profit).with_caps(Some(1.0), None);
        let b = anchor_bound(&inst, &spec).unwrap();
        assert!((b - 3.0).abs() < 1e-6, "{b}");
        // The anchor (2, 24) needs workload 4 more, at rate 1 at the least: its subset's profit
        // is at least 28 of 34, so gamma2 >= 28 / 6.
        let inst = Instance::new("g", vec![Task::new(2, 12), Task::new(5, 1), Task::new(5, 1)]).unwrap();
        let b = anchor_bound(&inst, &spec).unwrap();
        assert!((b - (28.0 / 6.0 - 1.0)).abs() < 1e-6, "{b}");
        // Without a cap on the other quantity: none.
        assert_eq!(anchor_bound(&inst, &RunSpec::new(2, Target::Profit)), None);
        // On the log-normal instance of the benchmarks, gamma1 <= 1.001 forces gamma2 >= 1.1938
        // (the cheap bound is 1.1168).
        let ln = fairshard_datasets::open("lognormal:n=100,seed=1").unwrap();
        let spec = RunSpec::new(5, Target::Profit).with_caps(Some(1.001), None);
        let b = anchor_bound(&ln, &spec).unwrap();
        assert!((b - 0.19378).abs() < 1e-4, "{b}");
        assert!(objective_bound(&ln, 5, Target::Profit).unwrap() < 0.1169);
    }

    #[cfg(any(
        feature = "highs",
        feature = "highs-direct",
        feature = "cbc",
        feature = "microlp",
        feature = "scip"
    ))]
    proptest! {
        #![proptest_config(ProptestConfig::with_cases(24))]
        /// The reported bound (cheap tightened by the LP relaxation) never exceeds the proven
        /// optimum over the partitions that meet the caps (brute force, n <= 12), for every
        /// target, with and without a cap on the other quantity.
        #[test]
        fn the_lp_tightened_bound_never_exceeds_the_optimum(
            tasks in prop::collection::vec((1u64..1_000, 1u64..50), 3..=12),
            m in 2usize..=3,
            target in prop::sample::select(vec![Target::Workload, Target::Profit, Target::Balanced]),
            cap in prop::option::of(1.0f64..1.6),
        ) {
            prop_assume!(m <= tasks.len());
            let inst = Instance::new("p", tasks.iter().map(|&(w, r)| Task::new(w, r)).collect()).unwrap();
            let caps = match target {
                Target::Workload => fairshard_harness::Caps { gamma1: None, gamma2: cap },
                _ => fairshard_harness::Caps { gamma1: cap, gamma2: None },
            };
            let spec = RunSpec::new(m, target).with_caps(caps.gamma1, caps.gamma2);
            let mut best = f64::INFINITY;
            let mut any = None;
            canonical_partitions(inst.len(), m, &mut |a| {
                let p = Partition::from_assignment(m, a.to_vec());
                let f = p.fairness(&inst);
                if caps.met_by(&f, 0.0) {
                    let obj = target.objective(&f).unwrap();
                    if obj < best {
                        best = obj;
                        any = Some(p);
                    }
                }
            });
            if let Some(p) = any {
                let b = heuristic_bound(&inst, &spec, &p).unwrap();
                prop_assert!(b <= best * (1.0 + 1e-12), "bound {} above the optimum {}", b, best);
                if let Some(lp) = lp_objective_bound(&inst, &spec) {
                    prop_assert!(lp <= best * (1.0 + 1e-12), "LP bound {} above the optimum {}", lp, best);
                }
            }
        }
    }

    proptest! {
        /// Sums far beyond 2^53, where the conversions to `f64` round: the reported bound
        /// still never exceeds a partition's reported objective.
        #[test]
        fn the_f64_bound_holds_beyond_2_pow_53(
            tasks in prop::collection::vec((1u64 << 55..u64::MAX >> 2, 1u64..1 << 20), 2..7),
            m in 2usize..4,
        ) {
            prop_assume!(m <= tasks.len());
            let inst = Instance::new("p", tasks.iter().map(|&(w, r)| Task::new(w, r)).collect()).unwrap();
            let b = Bounds::of(&inst, m);
            for a in all_partitions(inst.len(), m) {
                let f = Partition::from_assignment(m, a).fairness(&inst);
                for target in [Target::Workload, Target::Profit, Target::Balanced] {
                    prop_assert!(b.objective(target).unwrap() <= target.objective(&f).unwrap());
                }
            }
        }

        #[test]
        fn no_partition_beats_the_bound(
            tasks in prop::collection::vec((0u64..60, 0u64..5), 1..8),
            m in 1usize..4,
        ) {
            prop_assume!(m <= tasks.len());
            let inst = Instance::new("p", tasks.iter().map(|&(w, r)| Task::new(w, r)).collect()).unwrap();
            let b = Bounds::of(&inst, m);
            for a in all_partitions(inst.len(), m) {
                let f = Partition::from_assignment(m, a).fairness(&inst);
                for (spread, sb) in [(f.workload, b.workload), (f.profit, b.profit)] {
                    prop_assert!(spread.max >= sb.max_lo && spread.min <= sb.min_hi);
                    prop_assert!(spread.diff >= sb.diff());
                    if let (Some(g), fairshard_harness::Gamma::Finite(r)) = (sb.gamma(), spread.gamma) {
                        prop_assert!(g <= r);
                    }
                }
                // The reported numbers too, in f64, for every target.
                for target in [Target::Workload, Target::Profit, Target::Balanced] {
                    prop_assert!(b.objective(target).unwrap() <= target.objective(&f).unwrap());
                }
            }
        }
    }
}
