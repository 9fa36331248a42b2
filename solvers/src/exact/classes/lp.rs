//! The configuration LP of a window: can `k` subsets with loads in `[lo, hi]` share the
//! remainder `r` even fractionally? Its "no" refutes the window for the feasibility search.
//!
//! With the window's vectors v (those with loads in `[lo, hi]` that fit `r`) as columns
//! `(v, 1)`, the LP asks for x >= 0 with `sum x_v (v, 1) = (r, k)`: every partition of `r`
//! into k such subsets is an integral solution. It has none when some y has `y . (v, 1) <= 0`
//! for every column and `y . (r, k) > 0` (Farkas). The phase 1 of a revised simplex (a dense
//! basis inverse of `classes + 1` rows; the columns priced by a scan of the window) finds
//! such a y in floating point; it is shifted by a margin, scaled to integers and checked in
//! exact integer arithmetic against every column, so a refutation never rests on rounding.
//! When the simplex finds the LP feasible, fails to converge or the check fails, nothing is
//! refuted.
//!
//! This is the bound that decides large m: with about three tasks per subset the subsets'
//! loads take few values, and windows far above the cheap bounds of
//! [`crate::bounds::SpreadBound`] are empty as integer programs and, on the real data, already
//! as LPs (measured on `dao100@norm`: every window the scan refuted for m = 10, 12, 25, 30
//! was refuted by this LP, as a MIP over the same columns confirmed).

use super::vectors::{Classes, Packing};
use super::window::Window;

/// Simplex iterations per LP, times the rows.
const ITERATIONS_PER_ROW: usize = 40;
/// Pivots between two reinversions of the basis.
const REINVERT_EVERY: usize = 32;
/// Pricing and ratio-test tolerance.
const EPS: f64 = 1e-9;
/// The LP is used only on windows of at most this many counts (vectors times classes),
/// which it keeps decoded.
pub(super) const MAX_ENTRIES: usize = 1 << 22;
/// Certificates kept for reuse (most recently successful first).
const KEPT: usize = 8;

/// The window's vectors decoded for the LP (group by group, in the groups' order), and the
/// latest certificates, which often refute the next LP too (a scan instead of a simplex).
pub(super) struct Lp {
    classes: usize,
    /// The class counts (the remainder at the root, where every vector fits).
    whole: Vec<u32>,
    /// Per group, its vectors' counts, `classes` per vector.
    dense: Vec<Vec<f32>>,
    certificates: Vec<Vec<i128>>,
}

/// The columns of one LP: the window's vectors with loads in `[lo, hi]` that fit the
/// remainder, as (group, position) slices of the window's groups.
struct Columns<'a> {
    p: &'a Packing,
    w: &'a Window,
    lp: &'a Lp,
    /// Per group, the positions with loads in `[lo, hi]`.
    slices: Vec<(usize, usize)>,
    rem: &'a [u64],
    /// Is the remainder the whole instance (every vector fits)?
    all_fit: bool,
}

impl<'a> Columns<'a> {
    /// Calls `f` with every column's counts while it returns true.
    #[inline]
    fn each(&self, mut f: impl FnMut(&'a [f32]) -> bool) {
        let lp: &'a Lp = self.lp;
        let (words, n) = (self.p.words, lp.classes);
        for (g, &(from, to)) in self.slices.iter().enumerate() {
            let (group, dense) = (&self.w.groups[g], &lp.dense[g]);
            for at in from..to {
                if !self.all_fit && !self.p.fits(self.rem, &group.packed[at * words..(at + 1) * words]) {
                    continue;
                }
                if !f(&dense[at * n..(at + 1) * n]) {
                    return;
                }
            }
        }
    }

    fn count(&self) -> usize {
        self.slices.iter().map(|&(a, b)| b - a).sum()
    }
}

impl Lp {
    /// The window decoded; `None` when it has more than [`MAX_ENTRIES`] counts (or counts
    /// beyond 2^24, where `f32` is inexact).
    pub(super) fn of(c: &Classes, p: &Packing, w: &Window) -> Option<Lp> {
        let n = c.len();
        if w.loads.len().checked_mul(n)? > MAX_ENTRIES || c.counts.iter().any(|&x| x >= 1 << 24) {
            return None;
        }
        let (bits, per) = (p.bits, p.per_word);
        let mask = (1u64 << bits) - 1;
        let dense = w
            .groups
            .iter()
            .map(|g| {
                g.packed
                    .chunks(p.words)
                    .flat_map(|v| (0..n).map(move |k| ((v[k / per] >> ((k % per) as u32 * bits)) & mask) as f32))
                    .collect()
            })
            .collect();
        Some(Lp {
            classes: n,
            whole: c.counts.clone(),
            dense,
            certificates: Vec::new(),
        })
    }

    /// Does the configuration LP prove that no `k >= 1` window vectors with loads in
    /// `[lo, hi]` sum to the remainder `r` (packed: `rem`)? The kept certificates are tried
    /// first. `work` counts the column scans (one unit per column), for the caller's budget.
    pub(super) fn refutes(
        &mut self,
        p: &Packing,
        w: &Window,
        window: (u128, u128),
        remainder: (&[u32], &[u64]),
        k: usize,
        work: &mut u64,
    ) -> bool {
        self.ask(p, w, window, remainder, k, work, true)
    }

    /// [`Lp::refutes`] by the kept certificates alone (a scan of the columns per certificate,
    /// no simplex): the cheap part, asked before anything else.
    pub(super) fn refutes_by_kept(
        &mut self,
        p: &Packing,
        w: &Window,
        window: (u128, u128),
        remainder: (&[u32], &[u64]),
        k: usize,
        work: &mut u64,
    ) -> bool {
        self.ask(p, w, window, remainder, k, work, false)
    }

    #[allow(clippy::too_many_arguments)]
    fn ask(
        &mut self,
        p: &Packing,
        w: &Window,
        (lo, hi): (u128, u128),
        (r, rem): (&[u32], &[u64]),
        k: usize,
        work: &mut u64,
        simplex: bool,
    ) -> bool {
        let slices = w
            .groups
            .iter()
            .map(|g| {
                (
                    g.loads.partition_point(|&l| l < lo),
                    g.loads.partition_point(|&l| l <= hi),
                )
            })
            .collect();
        let certificates = std::mem::take(&mut self.certificates);
        let cols = Columns {
            p,
            w,
            lp: self,
            slices,
            rem,
            all_fit: r == self.whole,
        };
        let (done, certificates) = cols.refutes(certificates, r, k, work, simplex);
        self.certificates = certificates;
        done
    }
}

impl Columns<'_> {
    /// [`Lp::refutes`] on these columns, with the kept certificates (returned, updated).
    fn refutes(
        &self,
        mut certificates: Vec<Vec<i128>>,
        r: &[u32],
        k: usize,
        work: &mut u64,
        simplex: bool,
    ) -> (bool, Vec<Vec<i128>>) {
        if self.count() == 0 {
            return (k > 0, certificates);
        }
        let mut refuted = None;
        for (i, y) in certificates.iter().enumerate() {
            if holds(self, y, r, k, work) {
                refuted = Some(i);
                break;
            }
        }
        if let Some(i) = refuted {
            let y = certificates.remove(i);
            certificates.insert(0, y);
            return (true, certificates);
        }
        if !simplex {
            return (false, certificates);
        }
        let mut b: Vec<f64> = r.iter().map(|&x| f64::from(x)).collect();
        b.push(k as f64);
        let found = phase_one(self, &b, work)
            .and_then(|y| certificate(&y, r, k))
            .filter(|y| holds(self, y, r, k, work));
        let done = found.is_some();
        if let Some(y) = found {
            certificates.insert(0, y);
            certificates.truncate(KEPT);
        }
        (done, certificates)
    }
}

/// Phase 1 of the revised simplex on `sum x_v (v, 1) + s = b`, minimising `sum s`: the duals
/// y at an optimum with `y . b > 0` (the LP is infeasible), else `None`.
fn phase_one(cols: &Columns, b: &[f64], work: &mut u64) -> Option<Vec<f64>> {
    let rows = b.len();
    let classes = rows - 1;
    // Basis: columns (dense), basic costs (1 for the artificials), inverse, values.
    let mut basis: Vec<Vec<f64>> = (0..rows)
        .map(|i| (0..rows).map(|j| f64::from(u8::from(i == j))).collect())
        .collect();
    let mut cost = vec![1.0; rows];
    let mut inv = basis.clone();
    let mut x = b.to_vec();
    let mut entering = vec![0.0; rows];
    let mut y = vec![0.0; rows];
    for iteration in 0..ITERATIONS_PER_ROW * rows {
        if iteration > 0 && iteration % REINVERT_EVERY == 0 {
            inv = invert(&basis)?;
            x = (0..rows).map(|i| dot(&inv[i], b)).collect();
        }
        let objective: f64 = cost.iter().zip(&x).map(|(c, x)| c * x).sum();
        if objective <= EPS {
            return None; // feasible
        }
        // Duals y = c_B B^-1.
        for (j, yj) in y.iter_mut().enumerate() {
            *yj = (0..rows).map(|i| cost[i] * inv[i][j]).sum();
        }
        // Pricing: the column with the largest y . (v, 1) (reduced cost -y . a).
        let yf: Vec<f32> = y[..classes].iter().map(|&v| v as f32).collect();
        let mut best = (EPS, None::<&[f32]>);
        cols.each(|v| {
            let d = y[classes] + f64::from(v.iter().zip(&yf).map(|(a, yk)| a * yk).sum::<f32>());
            if d > best.0 {
                best = (d, Some(v));
            }
            true
        });
        *work += cols.count() as u64;
        let Some(v) = best.1 else {
            return (objective > EPS).then_some(y);
        };
        // The f32 pricing only chooses: the reduced cost is recomputed in f64.
        for (e, &a) in entering.iter_mut().zip(v) {
            *e = f64::from(a);
        }
        entering[classes] = 1.0;
        if dot(&y, &entering) <= EPS {
            return (objective > EPS).then_some(y);
        }
        // Ratio test on u = B^-1 a; ties prefer artificials leaving.
        let u: Vec<f64> = (0..rows).map(|i| dot(&inv[i], &entering)).collect();
        let mut leave = None;
        let mut ratio = f64::INFINITY;
        for i in 0..rows {
            if u[i] > EPS {
                let t = x[i].max(0.0) / u[i];
                if t < ratio - EPS || (t <= ratio + EPS && leave.is_some_and(|l: usize| cost[i] > cost[l])) {
                    ratio = t;
                    leave = Some(i);
                }
            }
        }
        let l = leave?; // unbounded: impossible in phase 1; give up
        let pivot = u[l];
        let row_l: Vec<f64> = inv[l].iter().map(|v| v / pivot).collect();
        let xl = x[l] / pivot;
        for i in 0..rows {
            if i != l && u[i] != 0.0 {
                for j in 0..rows {
                    inv[i][j] -= u[i] * row_l[j];
                }
                x[i] -= u[i] * xl;
            }
        }
        inv[l] = row_l;
        x[l] = xl;
        basis[l].clone_from(&entering);
        cost[l] = 0.0;
    }
    None
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// The inverse of the matrix whose columns are `cols` (Gauss-Jordan, partial pivoting);
/// `None` when (numerically) singular.
fn invert(cols: &[Vec<f64>]) -> Option<Vec<Vec<f64>>> {
    let n = cols.len();
    // a = B (rows i, columns j: cols[j][i]), augmented with I.
    let mut a: Vec<Vec<f64>> = (0..n)
        .map(|i| {
            let mut row: Vec<f64> = (0..n).map(|j| cols[j][i]).collect();
            row.extend((0..n).map(|j| f64::from(u8::from(i == j))));
            row
        })
        .collect();
    for col in 0..n {
        let piv = (col..n).max_by(|&p, &q| a[p][col].abs().total_cmp(&a[q][col].abs()))?;
        if a[piv][col].abs() < 1e-12 {
            return None;
        }
        a.swap(col, piv);
        let d = a[col][col];
        a[col].iter_mut().for_each(|v| *v /= d);
        let pivot_row = a[col].clone();
        for (i, row) in a.iter_mut().enumerate() {
            if i != col && row[col] != 0.0 {
                let f = row[col];
                row.iter_mut().zip(&pivot_row).for_each(|(v, p)| *v -= f * p);
            }
        }
    }
    Some(a.into_iter().map(|row| row[n..].to_vec()).collect())
}

/// The integer certificate from the duals y of an infeasible phase 1: y shifted by the
/// margin `y . b / (2k)` on the subset count (so columns at `y . a = 0` become strictly
/// negative), scaled and rounded to integers (at most 2^50 in absolute value: with counts
/// below 2^32 and at most 33 rows the sums of [`holds`] fit i128).
fn certificate(y: &[f64], r: &[u32], k: usize) -> Option<Vec<i128>> {
    let classes = y.len() - 1;
    let yb = y[..classes]
        .iter()
        .zip(r)
        .map(|(yk, &a)| yk * f64::from(a))
        .sum::<f64>()
        + y[classes] * k as f64;
    if yb <= 0.0 || yb.is_nan() || k == 0 {
        return None;
    }
    let mut y = y.to_vec();
    y[classes] -= yb / (2.0 * k as f64);
    let scale = y.iter().fold(0.0f64, |m, v| m.max(v.abs()));
    if !(scale > 0.0 && scale.is_finite()) {
        return None;
    }
    Some(
        y.iter()
            .map(|v| (v / scale * (1u64 << 50) as f64).round() as i128)
            .collect(),
    )
}

/// The Farkas check in exact arithmetic: `Y . (v, 1) <= 0` for every column v and
/// `Y . (r, k) > 0`, so no x >= 0 has `sum x_v (v, 1) = (r, k)`.
fn holds(cols: &Columns, big: &[i128], r: &[u32], k: usize, work: &mut u64) -> bool {
    let classes = big.len() - 1;
    let rk = r.iter().zip(big).map(|(&a, &yk)| i128::from(a) * yk).sum::<i128>() + k as i128 * big[classes];
    if rk <= 0 {
        return false;
    }
    // Each column's sign in floating point first, exactly only where it is close: the
    // entries of y are at most 2^50 and the counts below 2^24, both exact in f64, so each
    // product is within a relative 2^-53 and the sum of at most 34 terms within 34 * 2^-53
    // of the sum of their magnitudes; 1e-13 of that magnitude is a safe margin.
    let yf: Vec<f64> = big.iter().map(|&v| v as f64).collect();
    let mut ok = true;
    cols.each(|v| {
        let (mut dot, mut size) = (yf[classes], yf[classes].abs());
        for (&a, &yk) in v.iter().zip(&yf) {
            let t = f64::from(a) * yk;
            dot += t;
            size += t.abs();
        }
        let margin = size * 1e-13;
        ok = if dot < -margin {
            true
        } else if dot > margin {
            false
        } else {
            // f32 holds the counts (below 2^24) exactly; through i64, not a float-to-i128
            // conversion.
            v.iter()
                .zip(big)
                .map(|(&a, &yk)| i128::from(a as i64) * yk)
                .sum::<i128>()
                + big[classes]
                <= 0
        };
        ok
    });
    *work += cols.count() as u64;
    ok
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exact::classes::window::window;
    use proptest::prelude::*;

    /// Do `k` non-empty count vectors with loads in `[lo, hi]` sum to `r`? By enumeration: the
    /// first vector holds the remainder's first class (any split has such a part).
    fn splits(values: &[u128], r: &mut Vec<u32>, k: usize, (lo, hi): (u128, u128)) -> bool {
        let load: u128 = r.iter().zip(values).map(|(&a, &v)| u128::from(a) * v).sum();
        if k == 1 {
            return r.iter().any(|&a| a > 0) && (lo..=hi).contains(&load);
        }
        let Some(first) = r.iter().position(|&a| a > 0) else {
            return false;
        };
        // Every vector v <= r with v[first] >= 1.
        let mut v = vec![0u32; r.len()];
        v[first] = 1;
        loop {
            let l: u128 = v.iter().zip(values).map(|(&a, &x)| u128::from(a) * x).sum();
            if (lo..=hi).contains(&l) {
                for (x, &a) in r.iter_mut().zip(&v) {
                    *x -= a;
                }
                let ok = splits(values, r, k - 1, (lo, hi));
                for (x, &a) in r.iter_mut().zip(&v) {
                    *x += a;
                }
                if ok {
                    return true;
                }
            }
            // Next vector (odometer over the classes from `first`).
            let mut i = first;
            loop {
                if i == r.len() {
                    return false;
                }
                if v[i] < r[i] {
                    v[i] += 1;
                    break;
                }
                v[i] = if i == first { 1 } else { 0 };
                i += 1;
            }
        }
    }

    /// Classes, packing and the window of every vector (loads in `[1, total]`).
    fn setup(tasks: &[u128]) -> (Classes, Packing, Window) {
        let c = Classes::of(tasks, None).unwrap();
        let p = Packing::of(&c.counts);
        let total = tasks.iter().sum();
        let w = window(&c, &p, (1, total), (0, u128::MAX), &mut 0, &|_| false).unwrap();
        (c, p, w)
    }

    fn refutes(c: &Classes, p: &Packing, w: &Window, (lo, hi): (u128, u128), r: &[u32], k: usize) -> bool {
        let mut lp = Lp::of(c, p, w).unwrap();
        let mut packed = Vec::new();
        p.pack(r, &mut packed);
        lp.refutes(p, w, (lo, hi), (r, &packed), k, &mut 0)
    }

    #[test]
    fn refutes_what_no_fraction_can_meet() {
        // Three 5s and three 3s into 3 subsets with loads in [7, 9]: the vectors {5, 3} (8)
        // and {3, 3, 3} (9); {5, 3} thrice is a split.
        let (c, p, w) = setup(&[5, 5, 5, 3, 3, 3]);
        assert!(!refutes(&c, &p, &w, (7, 9), &c.counts, 3));
        // Loads in [9, 10]: {3, 3, 3} (9) and {5, 5} (10). Not even fractionally: the counts
        // need 1.5 of {5, 5} and 1 of {3, 3, 3}, 2.5 subsets, not 3.
        assert!(refutes(&c, &p, &w, (9, 10), &c.counts, 3));
        // Into 2 subsets with loads of exactly 12: no vector has that load.
        assert!(refutes(&c, &p, &w, (12, 12), &c.counts, 2));
        // A remainder: {5, 3} with 1 subset in [8, 8]: feasible; in [9, 9]: not.
        assert!(!refutes(&c, &p, &w, (8, 8), &[1, 1], 1));
        assert!(refutes(&c, &p, &w, (9, 9), &[1, 1], 1));
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(128))]
        /// Whatever the LP refutes has no split by enumeration: small instances with many
        /// duplicates, m up to 6, and several questions to one LP (its kept certificates are
        /// tried first): random remainders, subset counts and windows around the mean.
        #[test]
        fn a_refuted_window_has_no_split(
            tasks in prop::collection::vec(prop::sample::select(vec![2u128, 3, 5, 7, 11, 12, 20]), 2..=14),
            m in 2usize..=6,
            questions in prop::collection::vec(
                (prop::collection::vec(0.0f64..=1.0, 8), 0.0f64..=1.0, 0.0f64..0.6, 0.0f64..0.6),
                1..=6,
            ),
        ) {
            prop_assume!(m <= tasks.len());
            let (c, p, w) = setup(&tasks);
            let mut lp = Lp::of(&c, &p, &w).unwrap();
            for (take, k_share, below, above) in questions {
                // The remainder: each class's count scaled by its share (all of it half the
                // time, with all m subsets).
                let full = take[0] < 0.5;
                let r: Vec<u32> = c
                    .counts
                    .iter()
                    .zip(&take[1..])
                    .map(|(&n, &t)| if full { n } else { (f64::from(n) * t).round() as u32 })
                    .collect();
                let load: u128 = r.iter().zip(&c.values).map(|(&a, &v)| u128::from(a) * v).sum();
                if load == 0 {
                    continue;
                }
                let k = if full { m } else { 1 + ((m - 1) as f64 * k_share).round() as usize };
                let mean = load as f64 / k as f64;
                let lo = ((mean * (1.0 - below)).floor() as u128).max(1);
                let hi = (mean * (1.0 + above)).ceil() as u128;
                let mut packed = Vec::new();
                p.pack(&r, &mut packed);
                if lp.refutes(&p, &w, (lo, hi), (&r, &packed), k, &mut 0) {
                    let mut r2 = r.clone();
                    prop_assert!(!splits(&c.values, &mut r2, k, (lo, hi)), "refuted a split: {:?} k={} [{}, {}]", r, k, lo, hi);
                }
            }
        }
    }
}
