//! Committee sizes of RandomAssign's two variants (Theorem 2): `slots`, the paper's literal
//! scheme (each ciphertext falls into one of m equal slots of the ciphertext space: balls into
//! bins, so sizes spread and committees can be empty), against `permutation` (rank the
//! ciphertexts, cut into m equal parts: sizes floor(l/m) or ceil(l/m)). Over many rounds of
//! the real pipeline (one new block per round, the randomness extracted from the last l),
//! for each m: the distribution of committee sizes.

use super::{Progress, failed};
use crate::config::Config;
use crate::experiment::{About, RowsExperiment};
use crate::run::RunError;
use fairshard_harness::protocol::assign::assign;
pub use fairshard_harness::protocol::rows::CommitteeRow;
use fairshard_harness::protocol::{Beacon, Chain, Population, PopulationConfig, SeedPath, Variant};

/// The committee-size experiment.
pub struct Committees;

impl RowsExperiment for Committees {
    const ABOUT: About = About::new("committees", TITLE);
    type Row = CommitteeRow;
    fn rows(&self, config: &Config) -> Result<Vec<CommitteeRow>, RunError> {
        let (ms, rounds) = sweep(config.quick);
        rows(config.master_seed, &ms, rounds, POOL, USERS)
    }
}

/// What the experiment reproduces.
pub const TITLE: &str = "Theorem 2: committee sizes of RandomAssign, slots vs permutation, vs m";

/// Pool size l (as in the speedup experiment).
pub const POOL: usize = 320;
/// Honest users (one pseudonym each; no attacker: sizes do not depend on it).
pub const USERS: usize = 2000;

/// The sweep: m = 1..32 on a rough geometric grid (quick: powers of two from 2), over 1000
/// rounds (quick: 100).
pub fn sweep(quick: bool) -> (Vec<usize>, usize) {
    if quick {
        (vec![2, 4, 8, 16, 32], 100)
    } else {
        (vec![1, 2, 3, 4, 6, 8, 12, 16, 24, 32], 1000)
    }
}

/// The q-quantile (nearest rank below) of sorted `v`.
fn quantile(v: &[usize], q: f64) -> usize {
    v[((v.len() - 1) as f64 * q).floor() as usize]
}

/// One row per (variant, m), variants in [`Variant::ALL`] order.
pub fn rows(master: u64, ms: &[usize], rounds: usize, l: usize, users: usize) -> Result<Vec<CommitteeRow>, RunError> {
    let id = Committees::ABOUT.id;
    let err = failed(id);
    let seeds = SeedPath::new(master, id);
    let population = Population::new(
        &PopulationConfig::new(users, 0.0, 0),
        seeds.at("population").at(users).seed(),
    )
    .map_err(&err)?;
    let mut chain = Chain::new(seeds.at("chain").seed(), 15.0).map_err(&err)?;
    chain.mine_many(&population, l);
    // sizes[variant][m index]: every committee's size; extremes[..]: (round min, round max) sums.
    let mut sizes = vec![vec![Vec::with_capacity(rounds); ms.len()]; 2];
    let mut extremes = vec![vec![(0usize, 0usize); ms.len()]; 2];
    let bar = Progress::new(rounds as u64, id);
    for _ in 0..rounds {
        let pool = chain.pool(l).map_err(&err)?;
        let key = Beacon::extract(chain.tail(l).map_err(&err)?).cipher_key();
        for (v, variant) in Variant::ALL.into_iter().enumerate() {
            for (i, &m) in ms.iter().enumerate() {
                let s = assign(variant, m, &key, &pool, population.public_keys())
                    .map_err(&err)?
                    .sizes();
                extremes[v][i].0 += s.iter().min().copied().unwrap_or(0);
                extremes[v][i].1 += s.iter().max().copied().unwrap_or(0);
                sizes[v][i].extend(s);
            }
        }
        chain.mine(&population, [0; 32]);
        bar.inc(1);
    }
    let mut out = Vec::new();
    for (v, variant) in Variant::ALL.into_iter().enumerate() {
        for (i, &m) in ms.iter().enumerate() {
            let s = &mut sizes[v][i];
            s.sort_unstable();
            out.push(CommitteeRow {
                variant: variant.as_str().to_owned(),
                m,
                l,
                rounds,
                expected: l as f64 / m as f64,
                min: s[0],
                q05: quantile(s, 0.05),
                median: quantile(s, 0.5),
                q95: quantile(s, 0.95),
                max: s[s.len() - 1],
                mean_round_min: extremes[v][i].0 as f64 / rounds as f64,
                mean_round_max: extremes[v][i].1 as f64 / rounds as f64,
                empty: s.iter().filter(|&&x| x == 0).count(),
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn permutation_splits_equally_and_slots_spread() {
        let rows = rows(2, &[1, 4, 16], 30, 64, 500).unwrap();
        assert_eq!(rows.len(), 6);
        for r in &rows {
            assert!(r.min <= r.q05 && r.q05 <= r.median && r.median <= r.q95 && r.q95 <= r.max);
            if r.m == 1 {
                assert_eq!((r.min, r.max), (64, 64), "{r:?}");
            }
            if r.variant == "permutation" {
                // Theorem 2: sizes floor(l/m) or ceil(l/m).
                assert_eq!((r.min, r.max, r.empty), (64 / r.m, 64_usize.div_ceil(r.m), 0), "{r:?}");
            }
        }
        let slots16 = rows.iter().find(|r| r.variant == "slots" && r.m == 16).unwrap();
        assert!(slots16.max - slots16.min >= 4, "balls into bins spread: {slots16:?}");
        assert_eq!(rows, super::rows(2, &[1, 4, 16], 30, 64, 500).unwrap());
    }
}
