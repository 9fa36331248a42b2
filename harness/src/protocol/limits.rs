//! Up-front limits of a protocol run: a run whose memory or time cannot be met is refused
//! before it starts, naming the parameter, its value, the largest value that fits and why.
//!
//! A [`Plan`] lists a run's sizes (pseudonyms, pool size l, rounds, runs of a sweep, long-term
//! rounds, security trials). [`Plan::check`] estimates, phase by phase, the memory each phase
//! holds at once and the time it takes, from per-unit costs that are *lower bounds* (a fifth
//! to a seventh of what this code measures on one core of a 2020s x86-64 at the dev profile's
//! opt-level, RandomAssign's AES already at its hardware speed; see the constants), so that
//! only runs that surely cannot be met are refused:
//!
//! - the population: one BLS key pair per pseudonym (key generation, and the keys held);
//! - one round at pool size l: the chain of l blocks, RandomAssign and its verifier over the
//!   l seats (AES per seat), and one BLS signature per distinct member (at most the number of
//!   pseudonyms);
//! - the rounds of each run (the chain grows by one block and one row per round) and the runs
//!   of a sweep;
//! - long-term fairness: one assignment per round, no signatures;
//! - the security analysis: 7 Monte Carlo passes (3 thresholds x 2 variants, and the
//!   last-revealer simulation) of `trials` fresh chains of l blocks, each assigned.
//!
//! A phase over [`MEMORY_LIMIT`] bytes, or the whole run over [`TIME_LIMIT_S`] seconds, is a
//! [`LimitError`] that blames the parameter the phase scales with (the largest phase, for the
//! total time) and gives the largest value of it that would fit, the others unchanged.

use super::chain::{Block, PK_LEN, Pseudonym};
use std::fmt;

/// Memory a run may hold at once: 8 GiB (more would swap, or abort on allocation, on the
/// machines this targets).
pub const MEMORY_LIMIT: f64 = 8.0 * 1024.0 * 1024.0 * 1024.0;
/// Time a run may take: one day (a longer run is better split into several).
pub const TIME_LIMIT_S: f64 = 86_400.0;

/// Bytes per block of a chain.
const BLOCK_BYTES: f64 = std::mem::size_of::<Block>() as f64;
/// Bytes per pseudonym: the key pair and the compressed and decoded public keys.
const PSEUDONYM_BYTES: f64 = (std::mem::size_of::<Pseudonym>() + PK_LEN + 96) as f64;
/// Bytes per seat of a round: pool entry, committee index, AES ciphertext, rank, seat lists.
const SEAT_BYTES: f64 = 64.0;
/// Bytes per row kept by a run of rounds.
const ROW_BYTES: f64 = 512.0;
/// Seconds to generate one BLS key pair (lower bound; measured 1.4e-4).
const KEYGEN_S: f64 = 2.0e-5;
/// Seconds to mine one simulated block (lower bound; measured 1e-7).
const BLOCK_S: f64 = 2.0e-8;
/// Seconds per seat of RandomAssign and its verifier (lower bound; measured 5e-8 per pass).
const SEAT_S: f64 = 1.0e-8;
/// Seconds per BLS signature of a committee member, with its share of the aggregation and
/// verification (lower bound; measured 4e-4).
const SIGN_S: f64 = 5.0e-5;
/// Monte Carlo passes of the security analysis (3 thresholds x 2 variants, last revealer).
const SECURITY_PASSES: f64 = 7.0;

/// A parameter of a protocol run that a limit can blame.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Knob {
    /// Pseudonyms in all (honest users x pseudonyms each + the attacker's).
    Pseudonyms,
    /// Pool size l.
    Pool,
    /// Rounds per run.
    Rounds,
    /// Runs of a sweep (values of m).
    Sweep,
    /// Long-term fairness rounds.
    LongTerm,
    /// Security Monte Carlo trials.
    Trials,
}

impl Knob {
    /// What it is, in words.
    pub fn describe(self) -> &'static str {
        match self {
            Knob::Pseudonyms => "pseudonyms",
            Knob::Pool => "pool size l",
            Knob::Rounds => "rounds",
            Knob::Sweep => "runs of the sweep",
            Knob::LongTerm => "long-term rounds",
            Knob::Trials => "security trials",
        }
    }
}

/// Memory or time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Resource {
    /// Bytes held at once.
    Memory,
    /// Seconds.
    Time,
}

/// A run refused up front: `knob = value` needs at least `need` of `resource`, over `limit`;
/// `max` is the largest value of it that fits (the other sizes unchanged).
#[derive(Clone, Debug, PartialEq)]
pub struct LimitError {
    /// The parameter blamed.
    pub knob: Knob,
    /// Its value.
    pub value: u64,
    /// The largest value that fits.
    pub max: u64,
    /// What runs out.
    pub resource: Resource,
    /// The estimate (a lower bound): bytes or seconds.
    pub need: f64,
    /// The limit: [`MEMORY_LIMIT`] or [`TIME_LIMIT_S`].
    pub limit: f64,
    /// What needs it.
    pub why: &'static str,
}

impl LimitError {
    /// Why, without the parameter's name and value: what needs how much, the limit, and the
    /// largest value that fits.
    pub fn reason(&self) -> String {
        let (need, limit, resource) = match self.resource {
            Resource::Memory => (bytes(self.need), bytes(self.limit), "memory"),
            Resource::Time => (seconds(self.need), seconds(self.limit), "time"),
        };
        format!(
            "{} needs at least {need} of {resource}, over the limit of {limit}; at most {} fits",
            self.why, self.max
        )
    }
}

impl fmt::Display for LimitError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} = {} is out of reach: {}",
            self.knob.describe(),
            self.value,
            self.reason()
        )
    }
}

impl std::error::Error for LimitError {}

fn bytes(b: f64) -> String {
    const UNITS: [&str; 6] = ["B", "KiB", "MiB", "GiB", "TiB", "PiB"];
    let mut x = b;
    let mut u = 0;
    while x >= 1024.0 && u + 1 < UNITS.len() {
        x /= 1024.0;
        u += 1;
    }
    format!("{x:.1} {}", UNITS[u])
}

fn seconds(s: f64) -> String {
    if s >= 2.0 * 86_400.0 {
        format!("{:.1e} days", s / 86_400.0)
    } else if s >= 7200.0 {
        format!("{:.1} h", s / 3600.0)
    } else {
        format!("{s:.0} s")
    }
}

/// The sizes of a protocol run. A phase the run does not have is 0 (no long-term rounds, no
/// trials); `sweep` is at least 1 when there are rounds.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Plan {
    /// Pseudonyms in all.
    pub pseudonyms: u64,
    /// Pool size l.
    pub l: u64,
    /// Rounds per run.
    pub rounds: u64,
    /// Runs (values of m).
    pub sweep: u64,
    /// Long-term fairness rounds.
    pub long_term: u64,
    /// Security Monte Carlo trials.
    pub trials: u64,
}

/// One phase's cost: the knob it scales with, its value, and lower bounds of memory and time.
struct Phase {
    knob: Knob,
    value: u64,
    why: &'static str,
    bytes: f64,
    seconds: f64,
}

impl Plan {
    fn phases(&self) -> Vec<Phase> {
        let f = |x: u64| x as f64;
        let (p, l) = (f(self.pseudonyms), f(self.l));
        let keys = p * PSEUDONYM_BYTES;
        let round_s = l * (BLOCK_S + SEAT_S) + l.min(p) * SIGN_S;
        let round_bytes = keys + l * (BLOCK_BYTES + SEAT_BYTES);
        vec![
            Phase {
                knob: Knob::Pseudonyms,
                value: self.pseudonyms,
                why: "generating and holding one BLS key pair per pseudonym",
                bytes: keys,
                seconds: p * KEYGEN_S,
            },
            Phase {
                knob: Knob::Pool,
                value: self.l,
                why: "a round's chain of l blocks and assignment of l seats",
                bytes: round_bytes,
                seconds: round_s,
            },
            Phase {
                knob: Knob::Rounds,
                value: self.rounds,
                why: "the rounds of a run (one block and one row each)",
                bytes: round_bytes + f(self.rounds) * (BLOCK_BYTES + ROW_BYTES),
                seconds: f(self.rounds) * round_s,
            },
            Phase {
                knob: Knob::Sweep,
                value: self.sweep,
                why: "every run of the sweep",
                bytes: 0.0,
                seconds: f(self.sweep.saturating_sub(1)) * f(self.rounds) * round_s,
            },
            Phase {
                knob: Knob::LongTerm,
                value: self.long_term,
                why: "long-term fairness (one block and one assignment per round)",
                bytes: keys + (l + f(self.long_term)) * BLOCK_BYTES + l * SEAT_BYTES,
                seconds: f(self.long_term) * (l * SEAT_S + BLOCK_S),
            },
            Phase {
                knob: Knob::Trials,
                value: self.trials,
                why: "the security analysis (7 passes of a fresh chain of l blocks per trial)",
                bytes: 0.0,
                seconds: SECURITY_PASSES * f(self.trials) * l * (BLOCK_S + SEAT_S),
            },
        ]
    }

    /// The first phase (in the order of [`Plan::phases`]) whose memory is over
    /// [`MEMORY_LIMIT`], or with which the time so far passes [`TIME_LIMIT_S`]: (phase,
    /// resource, need).
    fn first_over(&self) -> Option<(Phase, Resource, f64)> {
        let mut so_far = 0.0;
        for p in self.phases() {
            so_far += p.seconds;
            if p.bytes > MEMORY_LIMIT {
                let need = p.bytes;
                return Some((p, Resource::Memory, need));
            }
            if so_far > TIME_LIMIT_S {
                return Some((p, Resource::Time, so_far));
            }
        }
        None
    }

    /// This plan with `knob` set to `value`.
    fn with(&self, knob: Knob, value: u64) -> Plan {
        let mut p = *self;
        *match knob {
            Knob::Pseudonyms => &mut p.pseudonyms,
            Knob::Pool => &mut p.l,
            Knob::Rounds => &mut p.rounds,
            Knob::Sweep => &mut p.sweep,
            Knob::LongTerm => &mut p.long_term,
            Knob::Trials => &mut p.trials,
        } = value;
        p
    }

    /// Refuses the plan when a phase cannot be held in [`MEMORY_LIMIT`] or the run cannot end
    /// within [`TIME_LIMIT_S`]. The phases are checked in order (pseudonyms, l, rounds, sweep,
    /// long term, trials), so the error names the first size out of reach, e.g. l before the
    /// rounds that multiply its cost; its `max` is the largest value of that size with which
    /// the whole plan fits (0 when none does).
    pub fn check(&self) -> Result<(), LimitError> {
        let Some((phase, resource, need)) = self.first_over() else {
            return Ok(());
        };
        // Costs grow with every size, so the values that fit are an interval from 0.
        let fits = |v: u64| self.with(phase.knob, v).first_over().is_none();
        let (mut lo, mut hi) = (0u64, phase.value);
        while hi - lo > 1 {
            let mid = lo + (hi - lo) / 2;
            if fits(mid) { lo = mid } else { hi = mid }
        }
        Err(LimitError {
            knob: phase.knob,
            value: phase.value,
            max: if fits(lo) { lo } else { 0 },
            resource,
            need,
            limit: match resource {
                Resource::Memory => MEMORY_LIMIT,
                Resource::Time => TIME_LIMIT_S,
            },
            why: phase.why,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plan() -> Plan {
        Plan {
            pseudonyms: 250,
            l: 1000,
            rounds: 5,
            sweep: 1,
            long_term: 1000,
            trials: 100,
        }
    }

    #[test]
    fn ordinary_runs_fit() {
        plan().check().unwrap();
        // The protocol experiments' full sweeps.
        Plan {
            pseudonyms: 8000,
            l: 1600,
            trials: 1000,
            ..Plan::default()
        }
        .check()
        .unwrap();
        Plan {
            l: 100_000,
            rounds: 10,
            sweep: 32,
            ..plan()
        }
        .check()
        .unwrap();
    }

    #[test]
    fn a_pool_of_1e11_blocks_is_refused_for_memory_and_the_largest_fitting_pool_passes() {
        let e = Plan {
            l: 100_000_000_000,
            ..plan()
        }
        .check()
        .unwrap_err();
        assert_eq!((e.knob, e.resource), (Knob::Pool, Resource::Memory));
        assert!(e.max < e.value && e.max > 1_000_000, "{e:?}");
        let text = e.to_string();
        assert!(
            text.contains("pool size l = 100000000000") && text.contains("at most"),
            "{text}"
        );
        Plan { l: e.max, ..plan() }.check().unwrap();
    }

    #[test]
    fn each_size_out_of_reach_is_named() {
        let knob = |p: Plan| p.check().unwrap_err().knob;
        assert_eq!(
            knob(Plan {
                pseudonyms: 1 << 40,
                ..plan()
            }),
            Knob::Pseudonyms
        );
        assert_eq!(
            knob(Plan {
                rounds: 1 << 40,
                ..plan()
            }),
            Knob::Rounds
        );
        assert_eq!(
            knob(Plan {
                rounds: 100_000,
                sweep: 1 << 20,
                ..plan()
            }),
            Knob::Sweep
        );
        assert_eq!(
            knob(Plan {
                long_term: 1 << 40,
                ..plan()
            }),
            Knob::LongTerm
        );
        assert_eq!(
            knob(Plan {
                trials: 1 << 40,
                ..plan()
            }),
            Knob::Trials
        );
        // The largest value named fits.
        for p in [
            Plan {
                rounds: 1 << 40,
                ..plan()
            },
            Plan {
                trials: 1 << 40,
                ..plan()
            },
            Plan {
                long_term: 1 << 40,
                ..plan()
            },
        ] {
            let e = p.check().unwrap_err();
            let fixed = match e.knob {
                Knob::Rounds => Plan { rounds: e.max, ..p },
                Knob::Trials => Plan { trials: e.max, ..p },
                _ => Plan { long_term: e.max, ..p },
            };
            fixed.check().unwrap();
        }
    }
}
