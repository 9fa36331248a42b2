//! The protocol round's experiments (Algorithm 1, Theorems 2-4), run through the harness's
//! protocol API ([`fairshard_harness::protocol`]) and the solver registry.
//!
//! Unlike the solver sweeps, these produce their own rows (one CSV each, `ID.csv`, with a
//! Parquet copy at the end) as [`crate::experiment::RowsExperiment`]s: they have no
//! [`crate::Point`]s, so they are never sharded, and every session (each shard, a resumed run,
//! `fairshard merge`) recomputes them. That is cheap (seconds in quick mode, under two minutes
//! in full mode) and, since every draw is seeded by [`fairshard_harness::derive_seed`] from
//! the master seed, gives the same rows each time, except the measured partition and
//! assignment times of [`speedup`] (and so its round time, speedup and efficiency), which
//! are measured again by each session.
//!
//! Each is its sweep only: rounds, sweeps over m, the security Monte Carlo and long-term
//! fairness are [`fairshard_harness::protocol::Session`] and
//! [`fairshard_harness::protocol::security`], the code `fairshard round` runs too.
//!
//! - [`speedup`]: speedup and efficiency of whole rounds against serial execution, vs m;
//! - [`capture`]: P(an attacker with lambda of the hash power holds >= (1 + eps) lambda of a
//!   committee) vs committee size: exact tails, Theorem 3's Chernoff bound, Monte Carlo;
//! - [`committees`]: committee sizes of RandomAssign's `slots` vs `permutation` variants;
//! - [`fairness`]: long-term shares of seats, workload and profit vs hash power (Theorem 4).

pub mod capture;
pub mod committees;
pub mod fairness;
pub mod speedup;

use crate::run::{RunError, progress_bar};
use fairshard_harness::protocol::ProtocolError;

/// Wraps a refusal of the protocol API as experiment `id`'s error.
pub(crate) fn failed(id: &'static str) -> impl Fn(ProtocolError) -> RunError {
    move |source| RunError::Protocol {
        experiment: id.into(),
        source,
    }
}

/// A sweep's progress bar ([`progress_bar`]), cleared when dropped: at the end of the sweep,
/// or when it stops at an error.
pub(crate) struct Progress(indicatif::ProgressBar);

impl Progress {
    /// A bar of `len` steps labelled `label`.
    pub(crate) fn new(len: u64, label: &str) -> Self {
        Self(progress_bar(len, label))
    }
}

impl std::ops::Deref for Progress {
    type Target = indicatif::ProgressBar;
    fn deref(&self) -> &indicatif::ProgressBar {
        &self.0
    }
}

impl Drop for Progress {
    fn drop(&mut self) {
        self.0.finish_and_clear();
    }
}
