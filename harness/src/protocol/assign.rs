//! Step 4 of Algorithm 1, RandomAssign: pseudonyms of U to m sub-committees.
//!
//! Each entry of U is encrypted: its compressed public key is zero-padded to a multiple of
//! 128 bits ([`pad_key`]; a 48-byte BLS key is already 3 blocks) and encrypted with AES-128 in
//! CBC mode under the round's key and IV ([`crate::protocol::randomness`]). The ciphertext is
//! read as an integer: its *last* 128-bit block, big-endian ([`encrypt_key`]). In CBC the last
//! block depends on every plaintext block, so distinct keys give unrelated values (the first
//! block would depend on the first 16 key bytes only). Then:
//!
//! - [`Variant::Slots`], the paper's literal scheme: the space [0, 2^128) is cut into m equal
//!   slots and entry i goes to slot `floor(c_i * m / 2^128)`. Committee sizes are then
//!   balls-into-bins (multinomial), and a committee may be empty.
//! - [`Variant::Permutation`], Theorem 2: entries are sorted by ciphertext (ties, i.e. copies
//!   of one pseudonym, by position in U), which is a pseudo-random permutation, and the sorted
//!   list is cut into m equal parts: position p goes to `floor(p * m / l)`, sizes differ by at
//!   most one.
//!
//! Copies of one pseudonym (it mined several of the last l blocks) have the same ciphertext:
//! in `slots` they always share a committee; in `permutation` they are adjacent and share one
//! unless a cut falls between them. Seats therefore move in clusters, which fattens the tail of
//! the attacker's share beyond Theorem 3's independent-seat model whenever users mine several
//! of the last l blocks under one pseudonym (the Monte Carlo of [`crate::protocol::security`]
//! measures it; with one block per pseudonym it matches the binomial limit). Everything is
//! computed from public data, so
//! [`verify`] recomputes an assignment and accepts or rejects it.

use super::ProtocolError;
use super::chain::{Block, PK_LEN};
use super::randomness::{Beacon, CipherKey};
use aes::Aes128;
use cbc::cipher::{BlockModeEncrypt, InnerIvInit, KeyInit};
use std::fmt;
use std::str::FromStr;
use thiserror::Error;

/// Which RandomAssign.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Variant {
    /// The paper's literal scheme: m equal slots of the ciphertext space (balls into bins).
    Slots,
    /// Theorem 2: sort by ciphertext, cut into m equal parts.
    Permutation,
}

impl Variant {
    /// Both variants.
    pub const ALL: [Variant; 2] = [Variant::Slots, Variant::Permutation];

    /// Stable name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Variant::Slots => "slots",
            Variant::Permutation => "permutation",
        }
    }
}

impl fmt::Display for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl FromStr for Variant {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Variant::ALL
            .into_iter()
            .find(|v| v.as_str() == s)
            .ok_or_else(|| format!("unknown assignment `{s}`: expected slots or permutation"))
    }
}

/// `bytes` zero-padded to a multiple of 16 bytes (at least one block).
pub fn pad_key(bytes: &[u8]) -> Vec<u8> {
    let len = bytes.len().div_ceil(16).max(1) * 16;
    let mut out = bytes.to_vec();
    out.resize(len, 0);
    out
}

/// A reusable AES-CBC encryptor for one round's key.
pub struct KeyCipher {
    aes: Aes128,
    iv: [u8; 16],
}

impl KeyCipher {
    /// The encryptor of `key`.
    pub fn new(key: &CipherKey) -> Self {
        Self {
            aes: Aes128::new(&key.key.into()),
            iv: key.iv,
        }
    }

    /// AES-CBC of the zero-padded `bytes`; the last ciphertext block as a big-endian integer.
    ///
    /// The padded plaintext is fed to one CBC encryptor a few blocks at a time from a stack
    /// buffer (the encryptor carries the chaining value), so no allocation per key.
    pub fn encrypt(&self, bytes: &[u8]) -> u128 {
        const CHUNK: usize = 4;
        let blocks = bytes.len().div_ceil(16).max(1);
        let mut enc = cbc::Encryptor::<Aes128>::inner_iv_init(self.aes.clone(), &self.iv.into());
        let mut buf = [aes::Block::default(); CHUNK];
        let mut last = [0u8; 16];
        for first in (0..blocks).step_by(CHUNK) {
            let k = (blocks - first).min(CHUNK);
            for (b, block) in buf[..k].iter_mut().enumerate() {
                let start = (first + b) * 16;
                let src = &bytes[start.min(bytes.len())..(start + 16).min(bytes.len())];
                let mut padded = [0u8; 16];
                padded[..src.len()].copy_from_slice(src);
                *block = padded.into();
            }
            enc.encrypt_blocks(&mut buf[..k]);
            last = buf[k - 1].into();
        }
        u128::from_be_bytes(last)
    }
}

/// AES-CBC of the zero-padded `bytes` under `key`, read as an integer (see [`KeyCipher::encrypt`]).
pub fn encrypt_key(key: &CipherKey, bytes: &[u8]) -> u128 {
    KeyCipher::new(key).encrypt(bytes)
}

/// The slot of ciphertext `c` among `m` equal slots of [0, 2^128): `floor(c * m / 2^128)`, exact.
pub fn slot_of(c: u128, m: usize) -> usize {
    let m = m as u128; // m < 2^64
    let (hi, lo) = (c >> 64, c & u128::from(u64::MAX));
    // c * m = hi * m * 2^64 + lo * m; both terms and their carry fit u128 (hi, lo, m < 2^64).
    ((hi * m + ((lo * m) >> 64)) >> 64) as usize
}

/// Theorem 2's cut without a full sort: the committee `floor(rank * m / l)` of each entry,
/// where rank is its position in the order by (ciphertext, position).
///
/// Entries are counted into 8m buckets of the ciphertext space (`slot_of`, monotone in the
/// ciphertext), which gives every bucket its range of ranks. A bucket whose ranks all fall in
/// one committee needs no order inside; only the at most m - 1 buckets that straddle a cut
/// are sorted. The result is exactly that of sorting everything, in linear expected time.
fn cut_by_rank(ciphertext: &[u128], m: usize) -> Vec<u32> {
    let l = ciphertext.len();
    let buckets = (8 * m).min(l).max(1);
    let bucket: Vec<u32> = ciphertext.iter().map(|&c| slot_of(c, buckets) as u32).collect();
    let mut first = vec![0usize; buckets + 1];
    for &b in &bucket {
        first[b as usize + 1] += 1;
    }
    for b in 0..buckets {
        first[b + 1] += first[b];
    }
    let part = |rank: usize| (rank * m / l) as u32;
    // A bucket's committee when all its ranks share one; u32::MAX when it straddles a cut.
    let whole: Vec<u32> = (0..buckets)
        .map(|b| {
            let (lo, hi) = (first[b], first[b + 1]);
            if hi == lo || part(lo) == part(hi - 1) {
                part(lo)
            } else {
                u32::MAX
            }
        })
        .collect();
    let mut committee: Vec<u32> = bucket.iter().map(|&b| whole[b as usize]).collect();
    let mut straddling: Vec<Vec<u32>> = vec![Vec::new(); buckets];
    for (i, &b) in bucket.iter().enumerate() {
        if whole[b as usize] == u32::MAX {
            straddling[b as usize].push(i as u32);
        }
    }
    for (b, members) in straddling.iter_mut().enumerate() {
        members.sort_unstable_by_key(|&i| (ciphertext[i as usize], i));
        for (k, &i) in members.iter().enumerate() {
            committee[i as usize] = part(first[b] + k);
        }
    }
    committee
}

/// The committee of each entry of U.
///
/// Invariant: `committee.len() == ciphertext.len() == l`, every committee index in `0..m`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Assignment {
    /// Variant used.
    pub variant: Variant,
    /// Number of committees.
    pub m: usize,
    /// Committee of each pool position.
    pub committee: Vec<u32>,
    /// Ciphertext integer of each pool position.
    pub ciphertext: Vec<u128>,
}

impl Assignment {
    /// The pool positions in each committee, in pool order.
    pub fn members(&self) -> Vec<Vec<usize>> {
        let mut out = vec![Vec::new(); self.m];
        for (i, &c) in self.committee.iter().enumerate() {
            out[c as usize].push(i);
        }
        out
    }

    /// Seats (pool entries) per committee.
    pub fn sizes(&self) -> Vec<usize> {
        let mut out = vec![0; self.m];
        for &c in &self.committee {
            out[c as usize] += 1;
        }
        out
    }
}

/// Checks `1 <= m <= l` and that every pool entry names a known key.
fn check_inputs(m: usize, pool: &[u32], keys: &[[u8; PK_LEN]]) -> Result<(), ProtocolError> {
    if m == 0 {
        return Err(ProtocolError::ZeroCommittees);
    }
    if pool.len() < m {
        return Err(ProtocolError::PoolTooSmall { l: pool.len(), m });
    }
    if let Some(position) = pool.iter().position(|&p| p as usize >= keys.len()) {
        return Err(ProtocolError::UnknownPseudonym {
            position,
            pseudonym: pool[position],
            known: keys.len(),
        });
    }
    Ok(())
}

/// RandomAssign: the committee of each entry of `pool` (pseudonym ids into `keys`) under `key`.
///
/// Each distinct pseudonym is encrypted once. Errors: m = 0, l < m, unknown pseudonym.
pub fn assign(
    variant: Variant,
    m: usize,
    key: &CipherKey,
    pool: &[u32],
    keys: &[[u8; PK_LEN]],
) -> Result<Assignment, ProtocolError> {
    check_inputs(m, pool, keys)?;
    let cipher = KeyCipher::new(key);
    // First pool position of each pseudonym, so that copies reuse its ciphertext.
    let mut first = vec![u32::MAX; keys.len()];
    let mut ciphertext = Vec::with_capacity(pool.len());
    for (i, &p) in pool.iter().enumerate() {
        let seen = &mut first[p as usize];
        let c = if *seen == u32::MAX {
            *seen = i as u32;
            cipher.encrypt(&keys[p as usize])
        } else {
            ciphertext[*seen as usize]
        };
        ciphertext.push(c);
    }
    let committee = match variant {
        Variant::Slots => ciphertext.iter().map(|&c| slot_of(c, m) as u32).collect(),
        Variant::Permutation => cut_by_rank(&ciphertext, m),
    };
    Ok(Assignment {
        variant,
        m,
        committee,
        ciphertext,
    })
}

/// Why the verifier rejects an assignment.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum Rejection {
    /// The public data itself is unusable.
    #[error("the public data is invalid: {0}")]
    Inputs(String),
    /// Wrong number of entries or committees, or another variant than the round's.
    #[error(
        "the assignment has {got_l} entries in {got_m} committees ({got_variant}); the public data gives {l} in {m} ({variant})"
    )]
    Shape {
        /// Claimed entries.
        got_l: usize,
        /// Claimed committees.
        got_m: usize,
        /// Entries in U.
        l: usize,
        /// Committees.
        m: usize,
        /// Claimed variant.
        got_variant: Variant,
        /// The round's variant.
        variant: Variant,
    },
    /// An entry sits in another committee than the recomputation puts it in.
    #[error("pool entry {position} is claimed in committee {claimed}, but belongs to committee {expected}")]
    Committee {
        /// Pool position.
        position: usize,
        /// Claimed committee.
        claimed: u32,
        /// Recomputed committee.
        expected: u32,
    },
    /// A claimed ciphertext differs from the recomputed one.
    #[error("pool entry {position} has a ciphertext that the round key does not produce")]
    Ciphertext {
        /// Pool position.
        position: usize,
    },
}

/// The verifier: recomputes R from `beacon_blocks`, the key, and the assignment of `pool` into
/// the round's `m` committees by the round's `variant` (public parameters, never taken from
/// the claim: a claimant free to pick them could pick whichever draw suits it), and accepts
/// `claimed` only if it is exactly that assignment.
pub fn verify(
    claimed: &Assignment,
    variant: Variant,
    m: usize,
    beacon_blocks: &[Block],
    pool: &[u32],
    keys: &[[u8; PK_LEN]],
) -> Result<(), Rejection> {
    if claimed.committee.len() != pool.len()
        || claimed.ciphertext.len() != pool.len()
        || claimed.m != m
        || claimed.variant != variant
    {
        return Err(Rejection::Shape {
            got_l: claimed.committee.len(),
            got_m: claimed.m,
            l: pool.len(),
            m,
            got_variant: claimed.variant,
            variant,
        });
    }
    let key = Beacon::extract(beacon_blocks).cipher_key();
    let expected = assign(variant, m, &key, pool, keys).map_err(|e| Rejection::Inputs(e.to_string()))?;
    if let Some(position) = (0..pool.len()).find(|&i| claimed.ciphertext[i] != expected.ciphertext[i]) {
        return Err(Rejection::Ciphertext { position });
    }
    if let Some(position) = (0..pool.len()).find(|&i| claimed.committee[i] != expected.committee[i]) {
        return Err(Rejection::Committee {
            position,
            claimed: claimed.committee[position],
            expected: expected.committee[position],
        });
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::randomness::hex;
    use crate::protocol::randomness::tests::{fixed_blocks, unhex};

    #[test]
    fn padding_and_slots() {
        assert_eq!(pad_key(&[1; 48]).len(), 48);
        assert_eq!(pad_key(&[1; 33]).len(), 48);
        assert_eq!(pad_key(&[]).len(), 16);
        assert_eq!(&pad_key(&[7; 17])[17..], &[0u8; 15]);
        assert_eq!(slot_of(0, 7), 0);
        assert_eq!(slot_of(u128::MAX, 7), 6);
        assert_eq!(slot_of(1u128 << 127, 2), 1);
        assert_eq!(slot_of((1u128 << 127) - 1, 2), 0);
        // Boundary of slot 1 of 3: ceil(2^128 / 3).
        let b = u128::MAX / 3 + 1;
        assert_eq!((slot_of(b - 1, 3), slot_of(b, 3)), (0, 1));
        assert_eq!(slot_of(u128::MAX, usize::MAX >> 1), (usize::MAX >> 1) - 1);
    }

    #[test]
    fn encryption_vector_matches_fips_197_and_is_pinned() {
        // FIPS-197 Appendix C.1 (AES-128): with a zero IV, one-block CBC is plain AES.
        let key = CipherKey {
            key: unhex("000102030405060708090a0b0c0d0e0f").try_into().unwrap(),
            iv: [0; 16],
        };
        let c = encrypt_key(&key, &unhex("00112233445566778899aabbccddeeff"));
        assert_eq!(format!("{c:032x}"), "69c4e0d86a7b0430d8cdb78070b4c55a");
        // CBC chaining: a second block is encrypted after XOR with the first ciphertext.
        let two = encrypt_key(&key, &[unhex("00112233445566778899aabbccddeeff"), vec![0; 16]].concat());
        let chained = encrypt_key(&key, &c.to_be_bytes());
        assert_eq!(two, chained);
        // Longer than the stack buffer: the last block of 5 = one block under IV = the 4th.
        let text: Vec<u8> = (0..80u8).collect();
        let c4 = encrypt_key(&key, &text[..64]);
        let tail = CipherKey {
            key: key.key,
            iv: c4.to_be_bytes(),
        };
        assert_eq!(encrypt_key(&key, &text), encrypt_key(&tail, &text[64..]));
        // Zero padding: a short key equals the same key followed by explicit zeros.
        assert_eq!(encrypt_key(&key, &text[..20]), encrypt_key(&key, &pad_key(&text[..20])));
        // The slot mapping on the round key of the fixed blocks: pinned.
        let round_key = Beacon::extract(&fixed_blocks()).cipher_key();
        let keys: Vec<[u8; PK_LEN]> = (0..4u8).map(|i| [i; PK_LEN]).collect();
        let a = assign(Variant::Slots, 3, &round_key, &[0, 1, 2, 3, 1], &keys).unwrap();
        let first = format!("{:032x}", a.ciphertext[0]);
        assert_eq!(first, PINNED_CIPHERTEXT_0, "{}", hex(&a.ciphertext[0].to_be_bytes()));
        assert_eq!(a.committee, PINNED_SLOTS);
        // Independent check of the slot mapping in floating point (no value near a boundary).
        for (&c, &s) in a.ciphertext.iter().zip(&a.committee) {
            assert_eq!((c as f64 / 2f64.powi(128) * 3.0).floor() as u32, s);
        }
        assert_eq!(a.committee[1], a.committee[4], "copies share a slot");
        let p = assign(Variant::Permutation, 3, &round_key, &[0, 1, 2, 3, 1], &keys).unwrap();
        assert_eq!(p.committee, PINNED_PERMUTATION);
    }

    const PINNED_CIPHERTEXT_0: &str = "ec31c7446eb6195222ab100b132a30c6";
    const PINNED_SLOTS: [u32; 5] = [2, 1, 1, 1, 1];
    const PINNED_PERMUTATION: [u32; 5] = [2, 0, 1, 1, 0];

    fn random_keys(n: usize) -> Vec<[u8; PK_LEN]> {
        (0..n)
            .map(|i| {
                let h = crate::protocol::randomness::hmac_sha256(b"k", &[&(i as u64).to_be_bytes()]);
                let mut k = [0u8; PK_LEN];
                k[..32].copy_from_slice(&h);
                k[32..].copy_from_slice(&h[..16]);
                k
            })
            .collect()
    }

    #[test]
    fn permutation_cuts_equal_parts_and_slots_cover_all() {
        let keys = random_keys(1000);
        let pool: Vec<u32> = (0..1000).collect();
        let key = Beacon::extract(&fixed_blocks()).cipher_key();
        let p = assign(Variant::Permutation, 7, &key, &pool, &keys).unwrap();
        let s = p.sizes();
        assert!(s.iter().all(|&x| x == 142 || x == 143), "{s:?}");
        // Sorted order is respected: every ciphertext of committee c is below those of c+1.
        let members = p.members();
        for w in members.windows(2) {
            let hi = w[0].iter().map(|&i| p.ciphertext[i]).max().unwrap();
            let lo = w[1].iter().map(|&i| p.ciphertext[i]).min().unwrap();
            assert!(hi < lo);
        }
        // The bucketed cut agrees with a full sort, with copies (equal values) and with values
        // crowded into one bucket.
        let ct: Vec<u128> = (0..500u128)
            .map(|i| i.wrapping_mul(0x9E37_79B9_7F4A_7C15_F39C_C060_5CED_C835))
            .chain([5, 5, 5, 7 << 40 | 3, 7 << 40 | 1, 7 << 40 | 2])
            .chain((0..40).map(|i| u128::MAX - i % 9))
            .collect();
        let mut order: Vec<usize> = (0..ct.len()).collect();
        order.sort_by_key(|&i| (ct[i], i));
        for m in [1, 2, 3, 7, 50, 300, ct.len()] {
            let mut want = vec![0u32; ct.len()];
            for (rank, &i) in order.iter().enumerate() {
                want[i] = (rank * m / ct.len()) as u32;
            }
            assert_eq!(cut_by_rank(&ct, m), want, "m = {m}");
        }
        let sl = assign(Variant::Slots, 7, &key, &pool, &keys).unwrap();
        assert_eq!(sl.sizes().iter().sum::<usize>(), 1000);
        assert_ne!(sl.sizes(), p.sizes(), "slots are balls into bins");
    }

    #[test]
    fn bad_inputs_are_errors() {
        let keys = random_keys(3);
        let key = CipherKey {
            key: [0; 16],
            iv: [0; 16],
        };
        assert_eq!(
            assign(Variant::Slots, 0, &key, &[0, 1], &keys).unwrap_err(),
            ProtocolError::ZeroCommittees
        );
        assert_eq!(
            assign(Variant::Permutation, 3, &key, &[0, 1], &keys).unwrap_err(),
            ProtocolError::PoolTooSmall { l: 2, m: 3 }
        );
        assert!(matches!(
            assign(Variant::Slots, 1, &key, &[0, 5], &keys),
            Err(ProtocolError::UnknownPseudonym { position: 1, .. })
        ));
    }

    #[test]
    fn verifier_accepts_honest_and_rejects_altered_assignments() {
        let keys = random_keys(50);
        let pool: Vec<u32> = (0..200).map(|i| (i * 7 % 50) as u32).collect();
        let blocks = fixed_blocks();
        let key = Beacon::extract(&blocks).cipher_key();
        for variant in Variant::ALL {
            let honest = assign(variant, 5, &key, &pool, &keys).unwrap();
            assert_eq!(verify(&honest, variant, 5, &blocks, &pool, &keys), Ok(()));
            // Move one entry to another committee.
            let mut moved = honest.clone();
            moved.committee[17] = (moved.committee[17] + 1) % 5;
            assert!(matches!(
                verify(&moved, variant, 5, &blocks, &pool, &keys),
                Err(Rejection::Committee { position: 17, .. })
            ));
            // Swap two entries of different committees (sizes unchanged).
            let mut swapped = honest.clone();
            let j = (1..200)
                .find(|&j| swapped.committee[j] != swapped.committee[0])
                .unwrap();
            swapped.committee.swap(0, j);
            assert!(verify(&swapped, variant, 5, &blocks, &pool, &keys).is_err());
            // Assignment computed under other randomness (a withheld or altered block).
            let mut other_blocks = blocks.clone();
            other_blocks[0].timestamp_ms += 1;
            let forged = assign(variant, 5, &Beacon::extract(&other_blocks).cipher_key(), &pool, &keys).unwrap();
            assert!(matches!(
                verify(&forged, variant, 5, &blocks, &pool, &keys),
                Err(Rejection::Ciphertext { position: 0 })
            ));
            // Truncated.
            let mut short = honest.clone();
            short.committee.pop();
            assert!(matches!(
                verify(&short, variant, 5, &blocks, &pool, &keys),
                Err(Rejection::Shape { .. })
            ));
        }
    }

    /// Regression: the verifier took m and the variant from the claim, so an assignment of the
    /// round's pool into another number of committees, or by the other variant, passed.
    #[test]
    fn verifier_rejects_another_m_or_variant_than_the_rounds() {
        let keys = random_keys(50);
        let pool: Vec<u32> = (0..200).map(|i| (i * 7 % 50) as u32).collect();
        let blocks = fixed_blocks();
        let key = Beacon::extract(&blocks).cipher_key();
        for variant in Variant::ALL {
            let other_m = assign(variant, 4, &key, &pool, &keys).unwrap();
            assert!(matches!(
                verify(&other_m, variant, 5, &blocks, &pool, &keys),
                Err(Rejection::Shape { got_m: 4, m: 5, .. })
            ));
            let other = Variant::ALL.into_iter().find(|&v| v != variant).unwrap();
            let other_variant = assign(other, 5, &key, &pool, &keys).unwrap();
            assert!(matches!(
                verify(&other_variant, variant, 5, &blocks, &pool, &keys),
                Err(Rejection::Shape { .. })
            ));
        }
    }
}
