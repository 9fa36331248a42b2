//! Step 1 of Algorithm 1: a simulated proof-of-work chain and the pool U of recent miners.
//!
//! Users hold hash power: honest users share `1 - lambda`, one attacker holds `lambda`. Each
//! user owns one or more pseudonyms, each a real BLS12-381 key pair (blst, `min_pk`: 48-byte
//! public keys in G1, 96-byte signatures in G2). A block's miner is a user drawn in proportion
//! to hash power (PoW is a lottery won with probability equal to the hash-power share), who
//! mines under one of its pseudonyms chosen uniformly. Each block carries a nonce (the PoW
//! solution, uniform 64 bits) and a timestamp (exponential inter-arrival times with mean the
//! block interval, in milliseconds). U, the committee pool of a round, is the list of the
//! miners of the last l blocks with one copy per block mined (the paper's rule), oldest first.

use super::{ProtocolError, check_nonneg};
use crate::seed::derive_seed;
use blst::min_pk::{PublicKey, SecretKey};
use rand::{RngExt, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// Bytes of a compressed BLS public key (G1, `min_pk`).
pub const PK_LEN: usize = 48;

/// One pseudonym: a BLS key pair owned by one user.
#[derive(Clone, Debug)]
pub struct Pseudonym {
    /// Owner (index into [`Population::users`]).
    pub user: u32,
    /// Secret key (only its owner signs with it).
    pub secret: SecretKey,
    /// Public key.
    pub public: PublicKey,
    /// Compressed public key: what RandomAssign encrypts and what anyone can read on chain.
    pub public_bytes: [u8; PK_LEN],
}

/// A user: a share of the hash power and the pseudonyms it mines under.
#[derive(Clone, Debug, PartialEq)]
pub struct User {
    /// Fraction of the total hash power (all users sum to 1).
    pub hash_power: f64,
    /// Is this the attacker?
    pub attacker: bool,
    /// Indices into [`Population::pseudonyms`].
    pub pseudonyms: Vec<u32>,
}

/// How to build a [`Population`].
#[derive(Clone, Debug, PartialEq)]
pub struct PopulationConfig {
    /// Number of honest users (>= 1).
    pub honest_users: usize,
    /// Pseudonyms per honest user (>= 1).
    pub pseudonyms_per_user: usize,
    /// Pseudonyms of the attacker (>= 1 when `lambda > 0`; a Sybil attacker has many).
    pub attacker_pseudonyms: usize,
    /// The attacker's fraction of the hash power, in [0, 1).
    pub lambda: f64,
    /// Spread of honest hash power: honest user i gets weight `1 + spread * u_i` with u_i
    /// uniform in [0, 1) (0 = all honest users equal), normalised to `1 - lambda`.
    pub honest_spread: f64,
}

impl PopulationConfig {
    /// `honest_users` honest users with one pseudonym each, equal hash power, and an attacker
    /// with `lambda` of the hash power and `attacker_pseudonyms` pseudonyms.
    pub const fn new(honest_users: usize, lambda: f64, attacker_pseudonyms: usize) -> Self {
        Self {
            honest_users,
            pseudonyms_per_user: 1,
            attacker_pseudonyms,
            lambda,
            honest_spread: 0.0,
        }
    }

    /// This population with honest weights `1 + spread * u` (see [`Self::honest_spread`]).
    pub const fn with_spread(self, honest_spread: f64) -> Self {
        Self { honest_spread, ..self }
    }

    /// This population with `k` pseudonyms per honest user.
    pub const fn with_pseudonyms(self, k: usize) -> Self {
        Self {
            pseudonyms_per_user: k,
            ..self
        }
    }
}

/// Everyone who can mine: users, their hash power and their pseudonyms.
///
/// Invariants: at least one honest user; hash powers are non-negative and sum to 1; the
/// attacker, when present, is the last user; every pseudonym belongs to exactly one user.
#[derive(Clone, Debug)]
pub struct Population {
    users: Vec<User>,
    pseudonyms: Vec<Pseudonym>,
    /// Cumulative hash power, for drawing miners (last entry infinite).
    cumulative: Vec<f64>,
    lambda: f64,
    /// Compressed public keys by pseudonym id.
    public_bytes: Vec<[u8; PK_LEN]>,
    /// Public keys by pseudonym id.
    public: Vec<PublicKey>,
}

/// Domain-separation tag of key generation (IETF BLS KeyGen `key_info`).
const KEYGEN_INFO: &[u8] = b"fairshard pseudonym";

impl Population {
    /// Builds the population with keys derived from `seed` (via [`derive_seed`]).
    pub fn new(cfg: &PopulationConfig, seed: u64) -> Result<Self, ProtocolError> {
        if !(0.0..1.0).contains(&cfg.lambda) {
            return Err(ProtocolError::BadLambda(cfg.lambda));
        }
        if cfg.honest_users == 0 || cfg.pseudonyms_per_user == 0 {
            return Err(ProtocolError::NoHonestUsers);
        }
        if cfg.lambda > 0.0 && cfg.attacker_pseudonyms == 0 {
            return Err(ProtocolError::AttackerWithoutPseudonym(cfg.lambda));
        }
        check_nonneg("honest_spread", cfg.honest_spread, false)?;
        let mut rng = ChaCha8Rng::seed_from_u64(derive_seed(seed, &["population"]));
        let weights: Vec<f64> = (0..cfg.honest_users)
            .map(|_| 1.0 + cfg.honest_spread * rng.random::<f64>())
            .collect();
        let total: f64 = weights.iter().sum();
        let mut users: Vec<User> = weights
            .iter()
            .map(|w| User {
                hash_power: (1.0 - cfg.lambda) * w / total,
                attacker: false,
                pseudonyms: Vec::new(),
            })
            .collect();
        if cfg.attacker_pseudonyms > 0 {
            users.push(User {
                hash_power: cfg.lambda,
                attacker: true,
                pseudonyms: Vec::new(),
            });
        }
        let mut pseudonyms = Vec::new();
        for (u, user) in users.iter_mut().enumerate() {
            let count = if user.attacker {
                cfg.attacker_pseudonyms
            } else {
                cfg.pseudonyms_per_user
            };
            for _ in 0..count {
                let mut ikm = [0u8; 32];
                rng.fill(&mut ikm[..]);
                let secret = SecretKey::key_gen(&ikm, KEYGEN_INFO)
                    .map_err(|e| ProtocolError::Bls(format!("key generation: {e:?}")))?;
                let public = secret.sk_to_pk();
                user.pseudonyms.push(pseudonyms.len() as u32);
                pseudonyms.push(Pseudonym {
                    user: u as u32,
                    public_bytes: public.compress(),
                    secret,
                    public,
                });
            }
        }
        let mut acc = 0.0;
        let mut cumulative: Vec<f64> = users
            .iter()
            .map(|u| {
                acc += u.hash_power;
                acc
            })
            .collect();
        // Rounding must not leave a gap above the last user with hash power (a zero-power
        // attacker after it must never be drawn).
        if let Some(last) = users.iter().rposition(|u| u.hash_power > 0.0) {
            cumulative[last..].fill(f64::INFINITY);
        }
        Ok(Self {
            users,
            public_bytes: pseudonyms.iter().map(|p| p.public_bytes).collect(),
            public: pseudonyms.iter().map(|p| p.public).collect(),
            pseudonyms,
            cumulative,
            lambda: cfg.lambda,
        })
    }

    /// The users; the attacker, if any, is last.
    pub fn users(&self) -> &[User] {
        &self.users
    }

    /// Every pseudonym, indexed by pseudonym id.
    pub fn pseudonyms(&self) -> &[Pseudonym] {
        &self.pseudonyms
    }

    /// The compressed public keys, indexed by pseudonym id (the public data RandomAssign uses).
    pub fn public_keys(&self) -> &[[u8; PK_LEN]] {
        &self.public_bytes
    }

    /// The BLS public keys, indexed by pseudonym id (what certificates are verified against).
    pub fn bls_keys(&self) -> &[PublicKey] {
        &self.public
    }

    /// Is pseudonym `p` the attacker's?
    pub fn is_attacker(&self, p: u32) -> bool {
        self.users[self.pseudonyms[p as usize].user as usize].attacker
    }

    /// The attacker's hash power lambda.
    pub fn lambda(&self) -> f64 {
        self.lambda
    }

    /// Draws a miner in proportion to hash power, then one of its pseudonyms uniformly.
    pub fn draw_miner(&self, rng: &mut ChaCha8Rng) -> u32 {
        let x: f64 = rng.random();
        let u = self.cumulative.partition_point(|&c| c <= x);
        let ps = &self.users[u].pseudonyms;
        ps[rng.random_range(0..ps.len())]
    }
}

/// One block: who mined it, its PoW nonce and timestamp, and the digest of what it records.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Block {
    /// Height (0 = first simulated block).
    pub height: u64,
    /// Pseudonym of the miner.
    pub miner: u32,
    /// The PoW nonce.
    pub nonce: u64,
    /// Timestamp in milliseconds.
    pub timestamp_ms: u64,
    /// Digest of the round certificates this block records (zero when none).
    pub record: [u8; 32],
}

/// A simulated chain: blocks and the seeded lottery that mines them.
#[derive(Clone, Debug)]
pub struct Chain {
    blocks: Vec<Block>,
    rng: ChaCha8Rng,
    block_interval_ms: f64,
}

impl Chain {
    /// An empty chain whose lottery is seeded from `seed`; mean block interval in seconds.
    pub fn new(seed: u64, block_interval_s: f64) -> Result<Self, ProtocolError> {
        check_nonneg("block_interval_s", block_interval_s, true)?;
        Ok(Self {
            blocks: Vec::new(),
            rng: ChaCha8Rng::seed_from_u64(derive_seed(seed, &["chain"])),
            block_interval_ms: block_interval_s * 1000.0,
        })
    }

    /// Mines one block recording `record`, and returns it.
    pub fn mine(&mut self, population: &Population, record: [u8; 32]) -> Block {
        let miner = population.draw_miner(&mut self.rng);
        let nonce: u64 = self.rng.random();
        // Exponential inter-arrival: -ln(1-U) * mean, at least 1 ms so timestamps increase.
        let u: f64 = self.rng.random();
        let gap = (-(1.0 - u).ln() * self.block_interval_ms).max(1.0) as u64;
        let (height, prev) = self.blocks.last().map_or((0, 0), |b| (b.height + 1, b.timestamp_ms));
        let block = Block {
            height,
            miner,
            nonce,
            timestamp_ms: prev + gap,
            record,
        };
        self.blocks.push(block);
        block
    }

    /// Drops the last block: its miner withholds it (the last-revealer attack); the lottery
    /// goes on, so the next block is mined afresh.
    pub fn withhold(&mut self) -> Option<Block> {
        self.blocks.pop()
    }

    /// Mines `count` blocks with no record.
    pub fn mine_many(&mut self, population: &Population, count: usize) {
        for _ in 0..count {
            self.mine(population, [0; 32]);
        }
    }

    /// All blocks, oldest first.
    pub fn blocks(&self) -> &[Block] {
        &self.blocks
    }

    /// The last `k` blocks, oldest first.
    pub fn tail(&self, k: usize) -> Result<&[Block], ProtocolError> {
        let have = self.blocks.len();
        if k > have {
            return Err(ProtocolError::ChainTooShort { have, need: k });
        }
        Ok(&self.blocks[have - k..])
    }

    /// U: the miners of the last `l` blocks, one copy per block, oldest first.
    pub fn pool(&self, l: usize) -> Result<Vec<u32>, ProtocolError> {
        Ok(self.tail(l)?.iter().map(|b| b.miner).collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_populations_are_errors() {
        assert_eq!(
            Population::new(&PopulationConfig::new(3, 1.0, 1), 0).unwrap_err(),
            ProtocolError::BadLambda(1.0)
        );
        assert!(Population::new(&PopulationConfig::new(3, -0.1, 1), 0).is_err());
        assert!(Population::new(&PopulationConfig::new(3, f64::NAN, 1), 0).is_err());
        assert_eq!(
            Population::new(&PopulationConfig::new(0, 0.2, 1), 0).unwrap_err(),
            ProtocolError::NoHonestUsers
        );
        assert_eq!(
            Population::new(&PopulationConfig::new(2, 0.2, 0), 0).unwrap_err(),
            ProtocolError::AttackerWithoutPseudonym(0.2)
        );
        assert!(Chain::new(0, 0.0).is_err());
    }

    #[test]
    fn miners_follow_hash_power_and_the_pool_has_one_copy_per_block() {
        let pop = Population::new(&PopulationConfig::new(6, 0.25, 3), 7).unwrap();
        assert_eq!(pop.users().len(), 7);
        assert_eq!(pop.pseudonyms().len(), 9);
        let total: f64 = pop.users().iter().map(|u| u.hash_power).sum();
        assert!((total - 1.0).abs() < 1e-12);
        let mut chain = Chain::new(7, 15.0).unwrap();
        chain.mine_many(&pop, 4000);
        let attacker = chain.blocks().iter().filter(|b| pop.is_attacker(b.miner)).count();
        // Binomial(4000, 1/4): sd 27; 6 sd either side.
        assert!((1000 - 165..=1000 + 165).contains(&attacker), "{attacker}");
        let pool = chain.pool(100).unwrap();
        assert_eq!(pool.len(), 100);
        assert_eq!(pool[99], chain.blocks()[3999].miner);
        assert!(chain.blocks().windows(2).all(|w| w[1].timestamp_ms > w[0].timestamp_ms));
        assert_eq!(
            chain.pool(4001).unwrap_err(),
            ProtocolError::ChainTooShort { have: 4000, need: 4001 }
        );
        // A zero-power attacker never mines.
        let honest_only = Population::new(&PopulationConfig::new(2, 0.0, 2), 7).unwrap();
        let mut c = Chain::new(1, 15.0).unwrap();
        c.mine_many(&honest_only, 500);
        assert!(c.blocks().iter().all(|b| !honest_only.is_attacker(b.miner)));
        // Same seeds, same chain.
        let mut again = Chain::new(7, 15.0).unwrap();
        again.mine_many(&pop, 4000);
        assert_eq!(again.blocks(), chain.blocks());
    }
}
