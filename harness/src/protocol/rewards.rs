//! Rewards (the end of Algorithm 1's Execute) and long-term fairness (Theorem 4).
//!
//! A committee whose certificate is recorded receives its subset's profit, split evenly among
//! its seats (a pseudonym with k copies in U gets k shares; the integer remainder of the
//! division is left undistributed and counted). Every seat executes the committee's whole
//! subset, so each seat is charged the subset's workload. A [`Ledger`] accumulates both per
//! user over rounds; Theorem 4 says each user's long-term share of workload and of profit
//! tends to its share of hash power, which [`Ledger::shares`] reports side by side.
//! [`LongTerm`] plays rounds without the cryptography to watch the shares converge.

use super::ProtocolError;
use super::assign::{Variant, assign};
use super::chain::{Chain, Population};
use super::execute::Verdict;
use super::randomness::Beacon;
use super::rows::FairnessRow;
use crate::partition::Loads;

/// `profit` split evenly over `seats`: (share per seat, undistributed remainder).
pub fn split_evenly(profit: u128, seats: usize) -> (u128, u128) {
    if seats == 0 {
        return (0, profit);
    }
    (profit / seats as u128, profit % seats as u128)
}

/// Per-user totals over rounds.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Ledger {
    /// Workload executed by each user's seats.
    pub workload: Vec<u128>,
    /// Profit paid to each user's seats.
    pub profit: Vec<u128>,
    /// Seats held by each user in paid committees.
    pub seats: Vec<u64>,
    /// Profit left by integer division or unpaid committees (tie, empty).
    pub undistributed: u128,
}

impl Ledger {
    /// An empty ledger for `users` users.
    pub fn new(users: usize) -> Self {
        Self {
            workload: vec![0; users],
            profit: vec![0; users],
            seats: vec![0; users],
            undistributed: 0,
        }
    }

    /// Pays a committee: each seat (pseudonym per seat) is charged `workload` and credited an
    /// even share of `profit`. Returns the share per seat.
    pub fn credit(&mut self, population: &Population, seats: &[u32], workload: u128, profit: u128) -> u128 {
        let (share, rest) = split_evenly(profit, seats.len());
        self.undistributed += rest;
        for &p in seats {
            let u = population.pseudonyms()[p as usize].user as usize;
            self.workload[u] += workload;
            self.profit[u] += share;
            self.seats[u] += 1;
        }
        share
    }

    /// Records an unpaid committee's profit.
    pub fn unpaid(&mut self, profit: u128) {
        self.undistributed += profit;
    }

    /// Each user's shares of seats, workload and profit beside its hash power, as rows for
    /// a ledger of `rounds` rounds with pool size `l`.
    pub fn shares(&self, population: &Population, rounds: usize, l: usize) -> Vec<FairnessRow> {
        let frac = |x: u128, total: u128| if total == 0 { 0.0 } else { x as f64 / total as f64 };
        let (w, p) = (self.workload.iter().sum(), self.profit.iter().sum());
        let s: u64 = self.seats.iter().sum();
        population
            .users()
            .iter()
            .enumerate()
            .map(|(u, user)| FairnessRow {
                rounds,
                l,
                user: u,
                attacker: user.attacker,
                hash_power: user.hash_power,
                seat_share: frac(u128::from(self.seats[u]), u128::from(s)),
                workload_share: frac(self.workload[u], w),
                profit_share: frac(self.profit[u], p),
            })
            .collect()
    }
}

/// Theorem 4 without the cryptography: committees drawn by RandomAssign from the last `l`
/// blocks (one new block per round) execute the subsets of a fixed partition (`loads`, one
/// entry per committee) and are paid when a strict majority agrees (honest or not: the chain
/// cannot tell). The ledger accumulates over [`LongTerm::run_to`] calls, so shares can be
/// read at increasing round counts of one run.
pub struct LongTerm<'p> {
    population: &'p Population,
    chain: Chain,
    variant: Variant,
    l: usize,
    loads: Loads,
    ledger: Ledger,
    rounds: usize,
}

impl<'p> LongTerm<'p> {
    /// No rounds yet, on a chain seeded from `chain_seed` with blocks every `block_interval_s`
    /// on average, mined up to `l` blocks.
    pub fn new(
        population: &'p Population,
        chain_seed: u64,
        block_interval_s: f64,
        variant: Variant,
        l: usize,
        loads: Loads,
    ) -> Result<Self, ProtocolError> {
        let mut chain = Chain::new(chain_seed, block_interval_s)?;
        chain.mine_many(population, l);
        Ok(Self {
            population,
            chain,
            variant,
            l,
            loads,
            ledger: Ledger::new(population.users().len()),
            rounds: 0,
        })
    }

    /// Plays rounds until `rounds` have been played in all (none when already there).
    pub fn run_to(&mut self, rounds: usize) -> Result<&Ledger, ProtocolError> {
        let (population, l) = (self.population, self.l);
        let keys = population.public_keys();
        while self.rounds < rounds {
            let pool = self.chain.pool(l)?;
            let key = Beacon::extract(self.chain.tail(l)?).cipher_key();
            let a = assign(self.variant, self.loads.workload.len(), &key, &pool, keys)?;
            for (c, members) in a.members().iter().enumerate() {
                let seats: Vec<u32> = members.iter().map(|&i| pool[i]).collect();
                let bad = seats.iter().filter(|&&p| population.is_attacker(p)).count();
                let (workload, profit) = (self.loads.workload[c], self.loads.profit[c]);
                match Verdict::decide(seats.len() - bad, bad) {
                    Verdict::True | Verdict::Forged => {
                        self.ledger.credit(population, &seats, workload, profit);
                    }
                    Verdict::Tie | Verdict::Empty => self.ledger.unpaid(profit),
                }
            }
            self.chain.mine(population, [0; 32]);
            self.rounds += 1;
        }
        Ok(&self.ledger)
    }

    /// The totals so far.
    pub fn ledger(&self) -> &Ledger {
        &self.ledger
    }

    /// Rounds played so far.
    pub fn rounds(&self) -> usize {
        self.rounds
    }

    /// Each user's shares so far.
    pub fn shares(&self) -> Vec<FairnessRow> {
        self.ledger.shares(self.population, self.rounds, self.l)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::chain::PopulationConfig;

    #[test]
    fn even_split_keeps_every_wei() {
        assert_eq!(split_evenly(10, 3), (3, 1));
        assert_eq!(split_evenly(10, 0), (0, 10));
        assert_eq!(split_evenly(u128::MAX, 1), (u128::MAX, 0));
    }

    #[test]
    fn long_term_shares_follow_hash_power() {
        let cfg = PopulationConfig {
            honest_spread: 2.0,
            ..PopulationConfig::new(5, 0.2, 2)
        };
        let pop = Population::new(&cfg, 11).unwrap();
        let loads = Loads {
            workload: vec![100; 4],
            profit: vec![1000; 4],
            count: vec![1; 4],
        };
        let mut run = LongTerm::new(&pop, 11, 15.0, Variant::Permutation, 40, loads).unwrap();
        let ledger = run.run_to(400).unwrap().clone();
        let total_profit: u128 = ledger.profit.iter().sum::<u128>() + ledger.undistributed;
        assert_eq!(total_profit, 400 * 4000, "every wei is paid or counted");
        for s in ledger.shares(&pop, 400, 40) {
            // 400 rounds of overlapping windows of 40 blocks: about 440 independent blocks,
            // so a share's sd is at most about 0.025; allow 4 sd.
            assert!(
                (s.workload_share - s.hash_power).abs() < 0.1,
                "user {} (hash power {:.3}) executed {:.3} of the workload",
                s.user,
                s.hash_power,
                s.workload_share
            );
            assert!((s.profit_share - s.hash_power).abs() < 0.1);
        }
    }
}
