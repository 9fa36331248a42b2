//! Fairness of a partition: the paper's gamma1 (workload, (1a)) and gamma2 (profit, (1b)).
//!
//! gamma = max subset sum / min subset sum. Ratios are kept exact ([`Ratio`] of two `u128`)
//! and compared exactly (256-bit cross products), so "a heuristic never beats a proven
//! optimum" can be checked without floating-point slack. Degenerate cases are values, not
//! panics: an empty subset or a zero minimum makes gamma infinite, and says which
//! ([`Degenerate`]).

use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::fmt;

/// An exact ratio `num / den` with `den > 0`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Ratio {
    /// Numerator (the largest subset sum).
    pub num: u128,
    /// Denominator (the smallest subset sum), never zero.
    pub den: u128,
}

/// Full 256-bit product of two `u128`, as (high, low) words.
fn mul_wide(a: u128, b: u128) -> (u128, u128) {
    const MASK: u128 = u64::MAX as u128;
    let (a1, a0) = (a >> 64, a & MASK);
    let (b1, b0) = (b >> 64, b & MASK);
    let p00 = a0 * b0;
    let p01 = a0 * b1;
    let p10 = a1 * b0;
    let p11 = a1 * b1;
    let mid = (p00 >> 64) + (p01 & MASK) + (p10 & MASK);
    let lo = (p00 & MASK) | (mid << 64);
    let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
    (hi, lo)
}

impl Ratio {
    /// `num / den`; `None` when `den == 0`.
    pub fn new(num: u128, den: u128) -> Option<Self> {
        (den != 0).then_some(Self { num, den })
    }

    /// The ratio as `f64`.
    pub fn value(&self) -> f64 {
        self.num as f64 / self.den as f64
    }

    /// `ratio - 1`, computed as `(num - den) / den` so that values near 1 keep their precision
    /// (gamma - 1 = 1e-9 is representable where gamma = 1 + 1e-9 would round).
    pub fn excess(&self) -> f64 {
        if self.num >= self.den {
            (self.num - self.den) as f64 / self.den as f64
        } else {
            -((self.den - self.num) as f64 / self.den as f64)
        }
    }

    /// Is `self <= x` for a real bound `x`? Exact: `x` (a cap given as `f64`) is compared by
    /// its exact binary value `mant * 2^exp`, once, here, for every caller.
    pub fn at_most(&self, x: f64) -> bool {
        if x.is_nan() || x < 0.0 {
            return false;
        }
        if x.is_infinite() {
            return true;
        }
        let (mant, exp) = decompose(x);
        let right = mul_wide(mant as u128, self.den);
        let left = (0u128, self.num);
        if exp >= 0 {
            // num <= mant * den * 2^exp; a right side beyond 256 bits exceeds any num.
            shl256(right, exp as u32).is_none_or(|r| left <= r)
        } else {
            // num * 2^-exp <= mant * den; a left side beyond 256 bits exceeds the right (< 2^181).
            shl256(left, (-exp) as u32).is_some_and(|l| l <= right)
        }
    }
}

/// `(hi, lo) << s` in 256 bits, `None` if a set bit would be shifted out.
fn shl256((hi, lo): (u128, u128), s: u32) -> Option<(u128, u128)> {
    if (hi, lo) == (0, 0) {
        return Some((0, 0));
    }
    let bits = if hi != 0 {
        256 - hi.leading_zeros()
    } else {
        128 - lo.leading_zeros()
    };
    if bits + s > 256 {
        return None;
    }
    Some(match s {
        0 => (hi, lo),
        1..=127 => ((hi << s) | (lo >> (128 - s)), lo << s),
        _ => (lo << (s - 128), 0),
    })
}

/// Decomposes a finite non-negative double into (mantissa, exponent), x = mantissa * 2^exponent.
fn decompose(x: f64) -> (u64, i32) {
    let bits = x.to_bits();
    let exponent = ((bits >> 52) & 0x7ff) as i32;
    let fraction = bits & 0xf_ffff_ffff_ffff;
    if exponent == 0 {
        (fraction, -1074) // subnormal
    } else {
        (fraction | 1 << 52, exponent - 1075)
    }
}

impl Ord for Ratio {
    fn cmp(&self, other: &Self) -> Ordering {
        // a/b vs c/d  <=>  a*d vs c*b, exact in 256 bits.
        mul_wide(self.num, other.den).cmp(&mul_wide(other.num, self.den))
    }
}

impl PartialOrd for Ratio {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

/// Why a gamma is infinite.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum Degenerate {
    /// Some subset received no task.
    EmptySubset,
    /// Every subset has a task, but the smallest sum is zero (zero workloads or rates).
    ZeroMinimum,
}

/// A fairness ratio max/min: finite and exact, or infinite with its reason.
///
/// Ordered: every finite gamma is below every infinite one; the two infinite kinds are equal.
#[derive(Clone, Copy, Debug, Serialize, Deserialize)]
pub enum Gamma {
    /// max/min with min > 0.
    Finite(Ratio),
    /// min = 0.
    Infinite(Degenerate),
}

impl Gamma {
    /// gamma as `f64` (`f64::INFINITY` when degenerate).
    pub fn value(&self) -> f64 {
        match self {
            Gamma::Finite(r) => r.value(),
            Gamma::Infinite(_) => f64::INFINITY,
        }
    }

    /// gamma - 1, precise near 1 (`f64::INFINITY` when degenerate).
    pub fn excess(&self) -> f64 {
        match self {
            Gamma::Finite(r) => r.excess(),
            Gamma::Infinite(_) => f64::INFINITY,
        }
    }

    /// Is gamma within the cap `x` (gamma <= x)? Infinite gammas meet only an infinite cap.
    pub fn within(&self, cap: f64) -> bool {
        match self {
            Gamma::Finite(r) => r.at_most(cap),
            Gamma::Infinite(_) => cap == f64::INFINITY,
        }
    }

    /// The reason when infinite.
    pub fn degenerate(&self) -> Option<Degenerate> {
        match self {
            Gamma::Finite(_) => None,
            Gamma::Infinite(d) => Some(*d),
        }
    }
}

impl PartialEq for Gamma {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Gamma {}
impl Ord for Gamma {
    fn cmp(&self, other: &Self) -> Ordering {
        match (self, other) {
            (Gamma::Finite(a), Gamma::Finite(b)) => a.cmp(b),
            (Gamma::Finite(_), Gamma::Infinite(_)) => Ordering::Less,
            (Gamma::Infinite(_), Gamma::Finite(_)) => Ordering::Greater,
            (Gamma::Infinite(_), Gamma::Infinite(_)) => Ordering::Equal,
        }
    }
}
impl PartialOrd for Gamma {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl fmt::Display for Gamma {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Gamma::Finite(r) => write!(f, "{:.9} (gamma-1 = {:.3e})", r.value(), r.excess()),
            Gamma::Infinite(Degenerate::EmptySubset) => write!(f, "inf (a subset is empty)"),
            Gamma::Infinite(Degenerate::ZeroMinimum) => write!(f, "inf (the smallest subset sum is 0)"),
        }
    }
}

/// `max / (total / m) - 1`: a largest subset sum `max` over the ideal share of `total` among
/// `m` subsets, as an excess (0 when `total` is 0). Computed as `(m max - total) / total`,
/// exact in integers up to the conversions and the one division, which are monotone in
/// `max`: a bound computed here on a certified lower bound of `max` never exceeds a
/// partition's value computed here.
pub fn makespan_excess(max: u128, total: u128, m: usize) -> f64 {
    if total == 0 {
        return 0.0;
    }
    match max.checked_mul(m as u128) {
        Some(num) if num >= total => (num - total) as f64 / total as f64,
        Some(num) => -((total - num) as f64 / total as f64),
        None => max as f64 * m as f64 / total as f64 - 1.0,
    }
}

/// The spread of one quantity (workload or profit) over the subsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Spread {
    /// Largest subset sum.
    pub max: u128,
    /// Smallest subset sum.
    pub min: u128,
    /// max - min.
    pub diff: u128,
    /// max / min.
    pub gamma: Gamma,
    /// Sum over the subsets (the instance's total of this quantity).
    #[serde(default)]
    pub total: u128,
    /// Number of subsets (m).
    #[serde(default)]
    pub subsets: usize,
}

impl Spread {
    /// The spread of `sums` (one per subset); `counts[i]` is how many tasks subset `i` holds,
    /// used to tell an empty subset from a zero sum. Both slices are non-empty and equally long.
    pub fn of(sums: &[u128], counts: &[usize]) -> Spread {
        debug_assert_eq!(sums.len(), counts.len());
        let max = sums.iter().copied().max().unwrap_or(0);
        let min = sums.iter().copied().min().unwrap_or(0);
        let gamma = if counts.contains(&0) {
            Gamma::Infinite(Degenerate::EmptySubset)
        } else if min == 0 {
            Gamma::Infinite(Degenerate::ZeroMinimum)
        } else {
            Gamma::Finite(Ratio { num: max, den: min })
        };
        Spread {
            max,
            min,
            diff: max - min,
            gamma,
            total: sums.iter().sum(),
            subsets: sums.len(),
        }
    }

    /// The largest sum's excess over the ideal `total / m`: `max / (total / m) - 1`, in
    /// `[0, m - 1]` (0 when the total is 0). Computed as `(m max - total) / total`, exact in
    /// integers up to the one division.
    pub fn makespan_excess(&self) -> f64 {
        makespan_excess(self.max, self.total, self.subsets)
    }
}

/// Both fairness measures of a partition: gamma1 over workload (1a), gamma2 over profit (1b).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fairness {
    /// Workload spread; `workload.gamma` is gamma1.
    pub workload: Spread,
    /// Profit spread; `profit.gamma` is gamma2.
    pub profit: Spread,
}

impl Fairness {
    /// gamma1 = max/min subset workload.
    pub fn gamma1(&self) -> Gamma {
        self.workload.gamma
    }
    /// gamma2 = max/min subset profit.
    pub fn gamma2(&self) -> Gamma {
        self.profit.gamma
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn degenerate_cases_are_infinite_with_reason() {
        let s = Spread::of(&[5, 0], &[1, 0]);
        assert_eq!(s.gamma.degenerate(), Some(Degenerate::EmptySubset));
        let s = Spread::of(&[5, 0], &[1, 1]);
        assert_eq!(s.gamma.degenerate(), Some(Degenerate::ZeroMinimum));
        assert_eq!(s.gamma.value(), f64::INFINITY);
        assert!(!s.gamma.within(1e300));
        assert!(s.gamma.within(f64::INFINITY));
        assert_eq!(Spread::of(&[6, 4], &[2, 1]).makespan_excess(), 0.2);
        assert_eq!(Spread::of(&[0, 0], &[1, 1]).makespan_excess(), 0.0);
        let s = Spread::of(&[6, 4], &[2, 1]);
        assert_eq!(s.gamma.value(), 1.5);
        assert_eq!(s.diff, 2);
    }

    #[test]
    fn excess_keeps_precision_near_one() {
        let r = Ratio::new(1_000_000_000_001, 1_000_000_000_000).unwrap();
        assert!((r.excess() - 1e-12).abs() < 1e-24);
    }

    #[test]
    fn at_most_is_exact_at_the_boundary() {
        let r = Ratio::new(3, 2).unwrap();
        assert!(r.at_most(1.5));
        assert!(!r.at_most(1.4999999999999998));
        assert!(r.at_most(1e300));
        assert!(!r.at_most(f64::NAN));
        // Caps are compared by their exact binary value: the double nearest 1.1 lies above
        // 11/10, the double nearest 1.7 lies below 17/10.
        assert!(Ratio::new(11, 10).unwrap().at_most(1.1));
        assert!(!Ratio::new(17, 10).unwrap().at_most(1.7));
        let huge = Ratio::new(u128::MAX, 1).unwrap();
        assert!(huge.at_most(f64::MAX));
        assert!(!huge.at_most(3.0e38));
    }

    proptest! {
        #[test]
        fn ratio_order_matches_exact_rational_order(a in 1u64.., b in 1u64.., c in 1u64.., d in 1u64..) {
            let (a, b, c, d) = (a as u128, b as u128, c as u128, d as u128);
            let x = Ratio::new(a, b).unwrap();
            let y = Ratio::new(c, d).unwrap();
            // a/b vs c/d with 64-bit inputs: a*d and c*b fit u128.
            prop_assert_eq!(x.cmp(&y), (a * d).cmp(&(c * b)));
        }

        #[test]
        fn wide_product_matches_split_product(a in any::<u128>(), b in any::<u64>()) {
            let (hi, lo) = mul_wide(a, b as u128);
            // a * b = (a_hi*2^64 + a_lo) * b
            let a_lo = a & (u64::MAX as u128);
            let a_hi = a >> 64;
            let p_lo = a_lo * b as u128;
            let p_hi = a_hi * b as u128;
            let (lo2, carry) = p_lo.overflowing_add(p_hi << 64);
            let hi2 = (p_hi >> 64) + carry as u128;
            prop_assert_eq!((hi, lo), (hi2, lo2));
        }

        #[test]
        fn at_most_agrees_with_floats_away_from_ties(num in 1u64..1_000_000, den in 1u64..1_000_000, x in 0.5f64..3.0) {
            let r = Ratio::new(num as u128, den as u128).unwrap();
            let v = num as f64 / den as f64;
            if (v - x).abs() > 1e-9 {
                prop_assert_eq!(r.at_most(x), v <= x);
            }
        }
    }
}
