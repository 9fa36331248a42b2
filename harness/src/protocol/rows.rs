//! The rows of the protocol experiments' files (`capture.csv`, `committees.csv`,
//! `fairness.csv`): one schema, written by `fairshard-experiments` and read by
//! `fairshard-reports`, like [`crate::RunRecord`] and [`super::RoundRecord`].

/// One row of `capture.csv`: one attack case at one committee size.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CaptureRow {
    /// The attacker's hash power.
    pub lambda: f64,
    /// eps of the threshold (1 + eps) lambda.
    pub eps: f64,
    /// The capture threshold a/b.
    pub threshold: String,
    /// The attacker's pseudonyms.
    pub attacker_pseudonyms: usize,
    /// Honest users (one pseudonym each).
    pub honest_users: usize,
    /// Committees m.
    pub m: usize,
    /// Pool size l = m * size.
    pub l: usize,
    /// Seats per committee.
    pub size: usize,
    /// Fewest attacker seats that capture a committee: ceil(size * a / b).
    pub min_count: usize,
    /// Exact: Hypergeometric(l, round(lambda l), size) >= min_count.
    pub hypergeometric: f64,
    /// Exact: Binomial(size, lambda) >= min_count.
    pub binomial: f64,
    /// Theorem 3's Chernoff bound.
    pub chernoff: f64,
    /// Monte Carlo rounds.
    pub trials: u64,
    /// Committees seen (trials * m).
    pub committees: u64,
    /// Of those, captured.
    pub captured: u64,
    /// captured / committees.
    pub mc: f64,
    /// 95% Wilson interval, low end.
    pub mc_lo: f64,
    /// High end.
    pub mc_hi: f64,
    /// Mean attacker share of a committee.
    pub mean_share: f64,
}

/// One row of `committees.csv`: the sizes of every committee of every round, for one variant and m.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct CommitteeRow {
    /// `slots` or `permutation`.
    pub variant: String,
    /// Committees m.
    pub m: usize,
    /// Pool size l.
    pub l: usize,
    /// Rounds.
    pub rounds: usize,
    /// l / m: the size of an equal split.
    pub expected: f64,
    /// Smallest committee over all rounds.
    pub min: usize,
    /// 5% quantile of the sizes.
    pub q05: usize,
    /// Median.
    pub median: usize,
    /// 95% quantile.
    pub q95: usize,
    /// Largest committee over all rounds.
    pub max: usize,
    /// Mean over rounds of the round's smallest committee.
    pub mean_round_min: f64,
    /// Mean over rounds of the round's largest committee.
    pub mean_round_max: f64,
    /// Empty committees over all rounds.
    pub empty: usize,
}

/// One user's long-term shares beside its hash power after a number of rounds (Theorem 4):
/// a row of `fairness.csv`, and what [`super::Ledger::shares`] reports.
#[derive(Clone, Debug, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct FairnessRow {
    /// Rounds so far.
    pub rounds: usize,
    /// Pool size l.
    pub l: usize,
    /// User index.
    pub user: usize,
    /// The attacker?
    pub attacker: bool,
    /// Its share of the hash power.
    pub hash_power: f64,
    /// Its share of the paid seats.
    pub seat_share: f64,
    /// Its share of the executed workload.
    pub workload_share: f64,
    /// Its share of the distributed profit.
    pub profit_share: f64,
}
