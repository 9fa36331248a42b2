//! Capture probability vs committee size (Theorem 3: an attacker with a fraction lambda of the
//! hash power holds at most (1 + eps) lambda of any committee, with high probability).
//!
//! For each case (lambda, threshold (1 + eps) lambda, the attacker's pseudonyms) and each
//! committee size s, with m committees drawn from l = m * s seats: the exact tail of one
//! committee (Binomial(s, lambda): seats independently the attacker's, the large-pool limit;
//! and Hypergeometric(l, round(lambda l), s): U holding exactly its share), Theorem 3's
//! Chernoff bound, and a Monte Carlo estimate through the real pipeline (a fresh chain per
//! trial, the extractor, AES, `permutation`) with its 95% Wilson interval.
//!
//! Our model differs from the theorem's: U holds one copy per block mined, and copies of one
//! pseudonym share a committee. With many pseudonyms per user copies are rare and the Monte
//! Carlo follows the binomial tail; with few (the `few` case), the attacker's seats move in
//! clusters and the tail is fatter than Theorem 3's bound.

use super::{Progress, failed};
use crate::config::Config;
use crate::experiment::{About, RowsExperiment};
use crate::run::RunError;
pub use fairshard_harness::protocol::rows::CaptureRow;
use fairshard_harness::protocol::security::{Draws, capture_estimate};
use fairshard_harness::protocol::{Population, PopulationConfig, SeedPath, Threshold, Variant};

/// The capture experiment.
pub struct Capture;

impl RowsExperiment for Capture {
    const ABOUT: About = About::new("capture", TITLE);
    type Row = CaptureRow;
    fn rows(&self, config: &Config) -> Result<Vec<CaptureRow>, RunError> {
        rows(
            config.master_seed,
            &cases(),
            &sizes(config.quick),
            trials(config.quick),
            HONEST_USERS,
        )
    }
}

/// What the experiment reproduces.
pub const TITLE: &str = "Theorem 3: capture probability vs committee size (exact, Chernoff, Monte Carlo)";

/// Committees per round.
pub const M: usize = 10;
/// Honest users, one pseudonym each.
pub const HONEST_USERS: usize = 4000;
/// The attacker's pseudonyms when it has many (as many as the honest users).
pub const MANY: usize = 4000;
/// The attacker's pseudonyms when it has few.
pub const FEW: usize = 5;

/// One case: the attacker's power, the capture threshold (1 + eps) lambda as a fraction, and
/// its pseudonyms.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Case {
    /// Hash power lambda.
    pub lambda: f64,
    /// Capture threshold a/b = (1 + eps) lambda.
    pub threshold: (u32, u32),
    /// The attacker's pseudonyms.
    pub attacker_pseudonyms: usize,
}

/// lambda = 0.1 and 0.25 with eps = 1 (the attacker holds twice its share; for 0.25 that is
/// a majority), both with many pseudonyms, and lambda = 0.25 with few.
pub fn cases() -> Vec<Case> {
    let case = |lambda, threshold, attacker_pseudonyms| Case {
        lambda,
        threshold,
        attacker_pseudonyms,
    };
    vec![
        case(0.1, (1, 5), MANY),
        case(0.25, (1, 2), MANY),
        case(0.25, (1, 2), FEW),
    ]
}

/// Committee sizes s = l / m: 5 to 160 (quick: to 80).
pub fn sizes(quick: bool) -> Vec<usize> {
    let all = [5, 10, 20, 40, 80, 160];
    all.into_iter().filter(|&s| !quick || s <= 80).collect()
}

/// Monte Carlo rounds per point, each with m committees: 1000 (quick: 100).
pub fn trials(quick: bool) -> u64 {
    if quick { 100 } else { 1000 }
}

/// The rows of every case and size: per case a population (seed
/// `capture/population/LAMBDA/PSEUDONYMS`), per size [`capture_estimate`] of `permutation`
/// (seed `capture/mc/LAMBDA/PSEUDONYMS/SIZE`).
pub fn rows(
    master: u64,
    cases: &[Case],
    sizes: &[usize],
    trials: u64,
    honest_users: usize,
) -> Result<Vec<CaptureRow>, RunError> {
    let id = Capture::ABOUT.id;
    let err = failed(id);
    let seeds = SeedPath::new(master, id);
    let bar = Progress::new((cases.len() * sizes.len()) as u64, id);
    let mut out = Vec::new();
    for case in cases {
        let at = |part: &str| seeds.at(part).at(case.lambda).at(case.attacker_pseudonyms);
        let population = Population::new(
            &PopulationConfig::new(honest_users, case.lambda, case.attacker_pseudonyms),
            at("population").seed(),
        )
        .map_err(&err)?;
        let threshold = Threshold::new(case.threshold.0, case.threshold.1).map_err(&err)?;
        for &size in sizes {
            bar.set_message(format!("lambda {} s={size}", case.lambda));
            let draws = Draws {
                l: M * size,
                m: M,
                variant: Variant::Permutation,
                threshold,
                trials,
            };
            let (exact, mc) = capture_estimate(&population, draws, at("mc").at(size).seed()).map_err(&err)?;
            let (rate, (lo, hi)) = mc.committee_rate();
            out.push(CaptureRow {
                lambda: case.lambda,
                eps: threshold.value() / case.lambda - 1.0,
                threshold: threshold.to_string(),
                attacker_pseudonyms: case.attacker_pseudonyms,
                honest_users,
                m: M,
                l: draws.l,
                size,
                min_count: exact.min_count,
                hypergeometric: exact.committee,
                binomial: exact.binomial,
                chernoff: exact.chernoff,
                trials,
                committees: mc.committees,
                captured: mc.captured,
                mc: rate,
                mc_lo: lo,
                mc_hi: hi,
                mean_share: mc.mean_share(),
            });
            bar.inc(1);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::protocol::security::{binomial_tail, chernoff_bound, hypergeometric_tail};

    #[test]
    fn rows_hold_the_exact_tails_the_bound_and_an_estimate() {
        let cs = cases();
        let rows = rows(3, &cs[1..], &[4, 16], 40, 300).unwrap();
        assert_eq!(rows.len(), 4);
        for r in &rows {
            assert_eq!(r.l, M * r.size);
            assert_eq!(r.min_count, r.size.div_ceil(2));
            assert!((r.eps - 1.0).abs() < 1e-12);
            assert_eq!(r.binomial, binomial_tail(r.size, 0.25, r.min_count));
            let k = (0.25 * r.l as f64).round() as usize;
            assert_eq!(r.hypergeometric, hypergeometric_tail(r.l, k, r.size, r.min_count));
            assert_eq!(r.chernoff, chernoff_bound(r.size, 0.25, r.min_count));
            assert!(r.chernoff >= r.binomial && r.chernoff >= r.hypergeometric);
            assert_eq!(r.committees, 40 * M as u64);
            assert!(r.mc_lo <= r.mc && r.mc <= r.mc_hi);
            assert!((r.mean_share - 0.25).abs() < 0.1, "{r:?}");
        }
        // Larger committees are captured less often.
        assert!(rows[1].binomial < rows[0].binomial);
        // Seeded: the same rows again.
        assert_eq!(rows, super::rows(3, &cs[1..], &[4, 16], 40, 300).unwrap());
    }
}
