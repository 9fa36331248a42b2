//! Statistics that compare solvers over a set of instances: pure functions of per-instance
//! measures, no I/O.
//!
//! A *measure* is what is compared on one instance, lower being better: a solve time, or
//! the target's gamma - 1. `None` is a failure: no result that counts (for time: not solved
//! to proven optimality within the limit; for quality: no partition meeting the caps).
//! Tables of measures are instance-major: `measures[p][s]` is solver s on instance p, and
//! every row has one entry per solver.
//!
//! - [`shifted_geomean`]: `exp(mean(ln(x + shift))) - shift`. The shift damps the weight of
//!   tiny values (Mittelmann's MILP benchmarks use 10 s for time); state it beside every
//!   number. [`shifted_geomean_time`] counts a failure at the time limit, and a time above
//!   the limit at the limit too (an overrun is flagged elsewhere, never rewarded).
//! - [`ratio`]: one solver's measure over the best on that instance, with a floor: both are
//!   raised to at least `floor` first, so values below it count as equal. With floor 0, a
//!   best of 0 gives 1 for a 0 and infinity for anything above 0 (a perfect partition found by
//!   another solver is infinitely better than an imperfect one); [`QUALITY_FLOOR`] is the
//!   floor for gamma - 1. A failure's ratio is infinite.
//! - [`Profile`]: Dolan and More's performance profile, rho_s(tau) = the share of instances
//!   on which solver s has ratio <= tau. rho_s(1) is the share of instances it is (one of)
//!   the best on; the limit for large tau the share it succeeds on. An instance where every
//!   solver fails counts in the denominator and for no solver.
//! - [`virtual_best`]: per instance, the best measure of any solver (the virtual best
//!   solver), `None` where every solver fails.
//! - [`wins_ties_losses`]: solver a against b, instance by instance: a tie when both fail or
//!   both succeed within a [`Tolerance`]; otherwise the lower measure (or the only success)
//!   wins. [`pairwise`] gives the table for every pair.
//! - [`solved_count`]: runs whose status is proven: `optimal`, or `infeasible` (a proof that
//!   no partition meets the caps).

use fairshard_harness::Status;

/// Values of gamma - 1 below this count as equal to it in quality ratios: f64's machine
/// epsilon, the resolution of gamma itself near 1, so that two partitions whose gammas print
/// the same are not told apart by a ratio of their (exact) excesses. The 48-bit `uniform`
/// class's smallest non-zero gamma1 - 1 (a difference of one unit between subsets of ~2^50)
/// is ~1e-15, a few epsilons: its ratio to a perfect partition stays finite.
pub const QUALITY_FLOOR: f64 = f64::EPSILON;

/// The shift Mittelmann's benchmarks use for solve times, in seconds.
pub const TIME_SHIFT_S: f64 = 10.0;

/// `exp(mean(ln(x + shift))) - shift`: the shifted geometric mean. `None` when `values` is
/// empty, or a value or the shift is NaN or negative. An infinite value gives infinity.
pub fn shifted_geomean(values: &[f64], shift: f64) -> Option<f64> {
    if values.is_empty() || shift.is_nan() || shift < 0.0 || values.iter().any(|v| v.is_nan() || *v < 0.0) {
        return None;
    }
    let mean_log = values.iter().map(|v| (v + shift).ln()).sum::<f64>() / values.len() as f64;
    Some(mean_log.exp() - shift)
}

/// The shifted geometric mean of solve times, each failure (`None`) counted at `limit` and
/// each time capped at `limit`. `None` as for [`shifted_geomean`], or when `limit` is NaN,
/// negative or infinite.
pub fn shifted_geomean_time(times: &[Option<f64>], limit: f64, shift: f64) -> Option<f64> {
    if !limit.is_finite() || limit < 0.0 {
        return None;
    }
    let capped: Vec<f64> = times.iter().map(|t| t.map_or(limit, |t| t.min(limit))).collect();
    shifted_geomean(&capped, shift)
}

/// `value / best`, both first raised to at least `floor` (>= 0); 1 when both are then 0,
/// infinity when only `best` is. `value` >= `best` is expected (best is the minimum over
/// solvers), so the ratio is >= 1.
pub fn ratio(value: f64, best: f64, floor: f64) -> f64 {
    let (v, b) = (value.max(floor), best.max(floor));
    match (v == 0.0, b == 0.0) {
        (true, true) => 1.0,
        (false, true) => f64::INFINITY,
        _ => v / b,
    }
}

/// The best measure per instance of any solver; `None` where every solver fails.
pub fn virtual_best(measures: &[Vec<Option<f64>>]) -> Vec<Option<f64>> {
    measures
        .iter()
        .map(|row| row.iter().flatten().copied().min_by(f64::total_cmp))
        .collect()
}

/// Per instance and solver, the ratio of the solver's measure to the instance's best
/// ([`ratio`] with `floor`; infinite for a failure or when every solver fails).
pub fn ratios(measures: &[Vec<Option<f64>>], floor: f64) -> Vec<Vec<f64>> {
    measures
        .iter()
        .zip(virtual_best(measures))
        .map(|(row, best)| {
            row.iter()
                .map(|v| match (v, best) {
                    (Some(v), Some(b)) => ratio(*v, b, floor),
                    _ => f64::INFINITY,
                })
                .collect()
        })
        .collect()
}

/// A performance profile (Dolan and More 2002) over a table of measures.
#[derive(Clone, Debug, PartialEq)]
pub struct Profile {
    /// Per solver, its ratios on every instance, sorted increasing (infinite last).
    sorted: Vec<Vec<f64>>,
    /// Number of instances (the denominator of rho).
    instances: usize,
}

impl Profile {
    /// The profile of `measures` (instance-major, one entry per solver in every row) with the
    /// ratio floor `floor`. Panics when rows differ in length (a malformed table).
    pub fn new(measures: &[Vec<Option<f64>>], floor: f64) -> Profile {
        let solvers = measures.first().map_or(0, Vec::len);
        assert!(
            measures.iter().all(|r| r.len() == solvers),
            "every row of a measure table has one entry per solver"
        );
        let r = ratios(measures, floor);
        let sorted = (0..solvers)
            .map(|s| {
                let mut col: Vec<f64> = r.iter().map(|row| row[s]).collect();
                col.sort_by(f64::total_cmp);
                col
            })
            .collect();
        Profile {
            sorted,
            instances: measures.len(),
        }
    }

    /// Number of solvers.
    pub fn solvers(&self) -> usize {
        self.sorted.len()
    }

    /// rho_s(tau): the share of instances on which solver `s` has ratio <= `tau` (0 with no
    /// instances).
    pub fn rho(&self, s: usize, tau: f64) -> f64 {
        if self.instances == 0 {
            return 0.0;
        }
        // Infinite ratios (failures) sort last and never count, whatever tau.
        let within = self.sorted[s].partition_point(|&r| r.is_finite() && r <= tau);
        within as f64 / self.instances as f64
    }

    /// The profile of solver `s` as a step function: each distinct finite ratio tau with
    /// rho_s(tau), increasing (what a plot draws).
    pub fn steps(&self, s: usize) -> Vec<(f64, f64)> {
        let mut out: Vec<(f64, f64)> = Vec::new();
        for &r in self.sorted[s].iter().filter(|r| r.is_finite()) {
            match out.last_mut() {
                Some(last) if last.0 == r => last.1 = self.rho(s, r),
                _ => out.push((r, self.rho(s, r))),
            }
        }
        out
    }
}

/// When two measures count as equal: `|a - b| <= max(abs, rel * max(|a|, |b|))`.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Tolerance {
    /// Absolute tolerance.
    pub abs: f64,
    /// Relative tolerance.
    pub rel: f64,
}

impl Tolerance {
    /// Do `a` and `b` tie?
    pub fn ties(&self, a: f64, b: f64) -> bool {
        (a - b).abs() <= self.abs.max(self.rel * a.abs().max(b.abs())) || a == b
    }
}

/// Instances won, tied and lost by one solver against another.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct WinTieLoss {
    /// The first solver is better.
    pub wins: usize,
    /// Equal within the tolerance, or both failed.
    pub ties: usize,
    /// The second solver is better.
    pub losses: usize,
}

/// Solver `a` against solver `b`, instance by instance (the slices are aligned by instance;
/// panics when their lengths differ).
pub fn wins_ties_losses(a: &[Option<f64>], b: &[Option<f64>], tol: Tolerance) -> WinTieLoss {
    assert_eq!(a.len(), b.len(), "measures of two solvers on the same instances");
    let mut r = WinTieLoss::default();
    for (x, y) in a.iter().zip(b) {
        match (x, y) {
            (None, None) => r.ties += 1,
            (Some(_), None) => r.wins += 1,
            (None, Some(_)) => r.losses += 1,
            (Some(x), Some(y)) if tol.ties(*x, *y) => r.ties += 1,
            (Some(x), Some(y)) if x < y => r.wins += 1,
            _ => r.losses += 1,
        }
    }
    r
}

/// [`wins_ties_losses`] for every ordered pair of solvers: `table[a][b]` is a against b.
pub fn pairwise(measures: &[Vec<Option<f64>>], tol: Tolerance) -> Vec<Vec<WinTieLoss>> {
    let solvers = measures.first().map_or(0, Vec::len);
    let column = |s: usize| -> Vec<Option<f64>> { measures.iter().map(|row| row[s]).collect() };
    let cols: Vec<_> = (0..solvers).map(column).collect();
    (0..solvers)
        .map(|a| {
            (0..solvers)
                .map(|b| wins_ties_losses(&cols[a], &cols[b], tol))
                .collect()
        })
        .collect()
}

/// Is the status a proof: `optimal`, or `infeasible` (no partition meets the caps)?
pub fn proven(status: Status) -> bool {
    matches!(status, Status::Optimal | Status::Infeasible)
}

/// The number of runs solved to proven optimality (or proven infeasible).
pub fn solved_count(statuses: &[Status]) -> usize {
    statuses.iter().filter(|s| proven(**s)).count()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(a: f64, b: f64) -> bool {
        (a - b).abs() <= 1e-12 * b.abs().max(1.0)
    }

    #[test]
    fn shifted_geomean_matches_hand_computed_values() {
        // sqrt(1 * 4) = 2.
        assert!(close(shifted_geomean(&[1.0, 4.0], 0.0).unwrap(), 2.0));
        // (1 * 10 * 100)^(1/3) = 10.
        assert!(close(shifted_geomean(&[1.0, 10.0, 100.0], 0.0).unwrap(), 10.0));
        // Shift 1: sqrt((0 + 1) * (8 + 1)) - 1 = 2.
        assert!(close(shifted_geomean(&[0.0, 8.0], 1.0).unwrap(), 2.0));
        // Shift 10: ((1 + 10)(10 + 10)(100 + 10))^(1/3) - 10 = 24200^(1/3) - 10.
        assert!(close(
            shifted_geomean(&[1.0, 10.0, 100.0], 10.0).unwrap(),
            24_200f64.cbrt() - 10.0
        ));
        // One value is itself, whatever the shift.
        assert!(close(shifted_geomean(&[3.0], 10.0).unwrap(), 3.0));
        // A zero without shift pulls the mean to zero; an infinity pushes it to infinity.
        assert_eq!(shifted_geomean(&[0.0, 5.0], 0.0), Some(0.0));
        assert_eq!(shifted_geomean(&[1.0, f64::INFINITY], 1.0), Some(f64::INFINITY));
        assert_eq!(shifted_geomean(&[], 1.0), None);
        assert_eq!(shifted_geomean(&[-1.0], 1.0), None);
        assert_eq!(shifted_geomean(&[f64::NAN], 1.0), None);
        assert_eq!(shifted_geomean(&[1.0], -1.0), None);
    }

    #[test]
    fn failures_and_overruns_count_at_the_time_limit() {
        // A failure at limit 8: sqrt(2 * 8) = 4.
        assert!(close(shifted_geomean_time(&[Some(2.0), None], 8.0, 0.0).unwrap(), 4.0));
        // An overrun (20 s under an 8 s limit) counts as 8, the same as the failure.
        assert!(close(
            shifted_geomean_time(&[Some(2.0), Some(20.0)], 8.0, 0.0).unwrap(),
            4.0
        ));
        // Shift 10, both failed at limit 5: 5.
        assert!(close(shifted_geomean_time(&[None, None], 5.0, 10.0).unwrap(), 5.0));
        // Shift 10: sqrt((1 + 10)(5 + 10)) - 10 = sqrt(165) - 10.
        assert!(close(
            shifted_geomean_time(&[Some(1.0), None], 5.0, 10.0).unwrap(),
            165f64.sqrt() - 10.0
        ));
        assert_eq!(shifted_geomean_time(&[Some(1.0)], f64::INFINITY, 1.0), None);
    }

    #[test]
    fn ratio_defines_zero_and_the_floor() {
        assert_eq!(ratio(3.0, 1.5, 0.0), 2.0);
        assert_eq!(ratio(0.0, 0.0, 0.0), 1.0);
        assert_eq!(ratio(2.0, 0.0, 0.0), f64::INFINITY);
        // Below the floor both are the floor.
        assert_eq!(ratio(1e-20, 0.0, 1e-16), 1.0);
        assert!(close(ratio(1e-15, 0.0, 1e-16), 10.0));
        assert!(close(ratio(1e-15, 0.0, QUALITY_FLOOR), 1e-15 / f64::EPSILON));
        // The floor never changes a ratio of values above it.
        assert_eq!(ratio(0.5, 0.25, 1e-9), 2.0);
    }

    /// Two solvers A, B on four instances:
    /// p1 A=1 B=2; p2 A=4 B=2; p3 A fails, B=3; p4 both fail.
    fn table() -> Vec<Vec<Option<f64>>> {
        vec![
            vec![Some(1.0), Some(2.0)],
            vec![Some(4.0), Some(2.0)],
            vec![None, Some(3.0)],
            vec![None, None],
        ]
    }

    #[test]
    fn virtual_best_takes_the_best_of_each_instance() {
        assert_eq!(virtual_best(&table()), vec![Some(1.0), Some(2.0), Some(3.0), None]);
        assert_eq!(virtual_best(&[]), Vec::<Option<f64>>::new());
    }

    #[test]
    fn performance_profile_matches_hand_computed_shares() {
        // Ratios: p1 A=1 B=2; p2 A=2 B=1; p3 A=inf B=1; p4 both inf.
        let r = ratios(&table(), 0.0);
        assert_eq!(r[0], vec![1.0, 2.0]);
        assert_eq!(r[1], vec![2.0, 1.0]);
        assert_eq!(r[2], vec![f64::INFINITY, 1.0]);
        assert_eq!(r[3], vec![f64::INFINITY, f64::INFINITY]);
        let p = Profile::new(&table(), 0.0);
        assert_eq!(p.solvers(), 2);
        let (a, b) = (0, 1);
        assert_eq!(p.rho(a, 1.0), 0.25);
        assert_eq!(p.rho(a, 1.5), 0.25);
        assert_eq!(p.rho(a, 2.0), 0.5);
        assert_eq!(p.rho(a, 1e9), 0.5);
        assert_eq!(p.rho(b, 0.99), 0.0);
        assert_eq!(p.rho(b, 1.0), 0.5);
        assert_eq!(p.rho(b, 2.0), 0.75);
        // The instance every solver fails never counts.
        assert_eq!(p.rho(b, f64::INFINITY), 0.75);
        assert_eq!(p.steps(a), vec![(1.0, 0.25), (2.0, 0.5)]);
        assert_eq!(p.steps(b), vec![(1.0, 0.5), (2.0, 0.75)]);
    }

    #[test]
    fn performance_profile_ties_and_zero_best() {
        // Tie: both are best (ratio 1). A perfect partition (0) against 1e-3.
        let t = vec![vec![Some(5.0), Some(5.0)], vec![Some(0.0), Some(1e-3)]];
        let p = Profile::new(&t, 0.0);
        assert_eq!(p.rho(0, 1.0), 1.0);
        assert_eq!(p.rho(1, 1.0), 0.5);
        assert_eq!(p.rho(1, 1e300), 0.5);
        // With a floor of 1e-6 the second instance's B is 1e-3 / 1e-6 = 1000 times the best.
        let p = Profile::new(&t, 1e-6);
        assert_eq!(p.rho(1, 999.0), 0.5);
        assert_eq!(p.rho(1, 1000.0 * (1.0 + 1e-12)), 1.0);
        assert_eq!(Profile::new(&[], 0.0).rho(0, 1.0), 0.0);
    }

    #[test]
    #[should_panic(expected = "one entry per solver")]
    fn profile_refuses_ragged_tables() {
        Profile::new(&[vec![Some(1.0)], vec![Some(1.0), Some(2.0)]], 0.0);
    }

    #[test]
    fn wins_ties_losses_count_failures_and_tolerance() {
        let tol = Tolerance { abs: 1e-9, rel: 0.0 };
        let a = [Some(1.0), Some(2.0), None, None, Some(5.0), Some(1.0)];
        let b = [Some(2.0), Some(1.0), Some(3.0), None, Some(5.0 + 1e-12), None];
        let r = wins_ties_losses(&a, &b, tol);
        assert_eq!(
            r,
            WinTieLoss {
                wins: 2,
                ties: 2,
                losses: 2
            }
        );
        assert_eq!(
            wins_ties_losses(&b, &a, tol),
            WinTieLoss {
                wins: 2,
                ties: 2,
                losses: 2
            }
        );
        // Relative tolerance 1%: 100 vs 100.5 ties, 100 vs 102 does not.
        let rel = Tolerance { abs: 0.0, rel: 0.01 };
        assert_eq!(wins_ties_losses(&[Some(100.0)], &[Some(100.5)], rel).ties, 1);
        assert_eq!(wins_ties_losses(&[Some(100.0)], &[Some(102.0)], rel).wins, 1);
        // Two infinities (e.g. infinite ratios) tie.
        assert_eq!(
            wins_ties_losses(&[Some(f64::INFINITY)], &[Some(f64::INFINITY)], rel).ties,
            1
        );
    }

    #[test]
    fn pairwise_is_antisymmetric_and_ties_on_the_diagonal() {
        let tol = Tolerance { abs: 0.0, rel: 0.0 };
        let t = pairwise(&table(), tol);
        // A vs B: p1 win, p2 loss, p3 loss, p4 tie.
        assert_eq!(
            t[0][1],
            WinTieLoss {
                wins: 1,
                ties: 1,
                losses: 2
            }
        );
        assert_eq!(
            t[1][0],
            WinTieLoss {
                wins: 2,
                ties: 1,
                losses: 1
            }
        );
        assert_eq!(t[0][0].ties, 4);
    }

    #[test]
    fn solved_counts_only_proofs() {
        use Status::*;
        let s = [
            Optimal, Feasible, Infeasible, TimeLimit, GapLimit, Unknown, Error, Optimal,
        ];
        assert_eq!(solved_count(&s), 3);
        assert_eq!(solved_count(&[]), 0);
    }
}
