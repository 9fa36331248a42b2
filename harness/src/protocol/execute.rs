//! Step 5 of Algorithm 1, Execute: committees run their subsets, sign, vote and certify.
//!
//! Committee c executes the contracts of subset c of the partition. Executing is simulated by
//! a digest that every honest member computes identically ([`result_digest`]: SHA-256 over
//! the round, the committee and each contract's index, gas and gas price). Honest members sign
//! the true digest; the attacker's members sign a forged one ([`forged_digest`]). Each distinct
//! pseudonym of the committee signs once with its BLS key (blst `min_pk`, the IETF
//! ciphersuite [`DST`]) and votes with as many seats as it has copies in U. The committee's
//! result is the digest held by a strict majority of seats ([`Verdict`]; an exact half is a
//! tie, a committee with no seats is empty: both are recorded outcomes, the subset is then not
//! executed this round). The majority's signatures are aggregated into one multi-signature,
//! a [`Certificate`], which any node checks against the committee's public keys
//! ([`Certificate::verify`]) before the next block records it.

use super::ProtocolError;
use super::chain::Population;
use crate::model::Instance;
use blst::BLST_ERROR;
use blst::min_pk::{AggregateSignature, PublicKey, Signature};
use sha2::{Digest, Sha256};
use thiserror::Error;

/// The BLS ciphersuite (proof-of-possession scheme; keys are assumed registered with a proof).
pub const DST: &[u8] = b"BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_";

/// The true result of committee `committee` executing `tasks` of `instance` in round `round`.
pub fn result_digest(round: u64, committee: usize, instance: &Instance, tasks: &[usize]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"fairshard result");
    h.update(round.to_be_bytes());
    h.update((committee as u64).to_be_bytes());
    for &j in tasks {
        let t = instance.tasks()[j];
        h.update((j as u64).to_be_bytes());
        h.update(t.workload.to_be_bytes());
        h.update(t.rate.to_be_bytes());
    }
    h.finalize().into()
}

/// The forged result the attacker's members sign instead of `truth`.
pub fn forged_digest(truth: &[u8; 32]) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(b"fairshard forged");
    h.update(truth);
    h.finalize().into()
}

/// The message a member signs: round, committee and result digest.
pub fn message(round: u64, committee: usize, digest: &[u8; 32]) -> Vec<u8> {
    let mut m = Vec::with_capacity(16 + 8 + 8 + 32);
    m.extend_from_slice(b"fairshard commit");
    m.extend_from_slice(&round.to_be_bytes());
    m.extend_from_slice(&(committee as u64).to_be_bytes());
    m.extend_from_slice(digest);
    m
}

/// How a committee's vote ended.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Verdict {
    /// A strict majority of seats signed the true result.
    True,
    /// A strict majority of seats signed the forged result: the committee is captured.
    Forged,
    /// Exactly half the seats each way: no majority.
    Tie,
    /// The committee has no seats (possible with `slots`).
    Empty,
}

impl Verdict {
    /// Stable name.
    pub fn as_str(&self) -> &'static str {
        match self {
            Verdict::True => "true",
            Verdict::Forged => "forged",
            Verdict::Tie => "tie",
            Verdict::Empty => "empty",
        }
    }

    /// Decides from seat counts: strict majority, else tie (or empty with no seats).
    pub fn decide(honest_seats: usize, attacker_seats: usize) -> Verdict {
        let seats = honest_seats + attacker_seats;
        if seats == 0 {
            Verdict::Empty
        } else if 2 * honest_seats > seats {
            Verdict::True
        } else if 2 * attacker_seats > seats {
            Verdict::Forged
        } else {
            Verdict::Tie
        }
    }
}

/// A committee's certified result: what the next block records.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Certificate {
    /// Round.
    pub round: u64,
    /// Committee index (= subset index of the partition).
    pub committee: usize,
    /// The majority's result digest.
    pub digest: [u8; 32],
    /// Distinct pseudonyms whose signatures are aggregated, ascending.
    pub signers: Vec<u32>,
    /// The aggregate signature, compressed.
    pub aggregate: [u8; 96],
}

/// Why a certificate is refused.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum CertificateError {
    /// Signers are not distinct and ascending.
    #[error("signers are not distinct and ascending")]
    Signers,
    /// A signer holds no seat in the committee.
    #[error("pseudonym {0} signed but holds no seat in the committee")]
    Outsider(u32),
    /// The signers hold no strict majority of the seats.
    #[error("the signers hold {held} of {seats} seats: no strict majority")]
    NoMajority {
        /// Seats held by the signers.
        held: usize,
        /// Seats in the committee.
        seats: usize,
    },
    /// The aggregate does not verify.
    #[error("the aggregate signature does not verify: {0}")]
    Signature(String),
}

impl Certificate {
    /// Checks the certificate against the committee's seats (pseudonym per seat) and the
    /// public keys (by pseudonym id): distinct signers, all seated, holding a strict majority
    /// of seats, and an aggregate that verifies on the signed message.
    pub fn verify(&self, seats: &[u32], public: &[PublicKey]) -> Result<(), CertificateError> {
        if self.signers.windows(2).any(|w| w[0] >= w[1]) {
            return Err(CertificateError::Signers);
        }
        let mut sorted = seats.to_vec();
        sorted.sort_unstable();
        let mut held = 0;
        for &s in &self.signers {
            let n = sorted.partition_point(|&p| p <= s) - sorted.partition_point(|&p| p < s);
            if n == 0 || s as usize >= public.len() {
                return Err(CertificateError::Outsider(s));
            }
            held += n;
        }
        if 2 * held <= seats.len() {
            return Err(CertificateError::NoMajority {
                held,
                seats: seats.len(),
            });
        }
        let sig = Signature::from_bytes(&self.aggregate).map_err(|e| CertificateError::Signature(format!("{e:?}")))?;
        let pks: Vec<&PublicKey> = self.signers.iter().map(|&s| &public[s as usize]).collect();
        let msg = message(self.round, self.committee, &self.digest);
        match sig.fast_aggregate_verify(true, &msg, DST, &pks) {
            BLST_ERROR::BLST_SUCCESS => Ok(()),
            e => Err(CertificateError::Signature(format!("{e:?}"))),
        }
    }

    /// SHA-256 of a list of certificates: what a block records.
    pub fn digest_all(certs: &[Certificate]) -> [u8; 32] {
        let mut h = Sha256::new();
        for c in certs {
            h.update(c.round.to_be_bytes());
            h.update((c.committee as u64).to_be_bytes());
            h.update(c.digest);
            for s in &c.signers {
                h.update(s.to_be_bytes());
            }
            h.update(c.aggregate);
        }
        h.finalize().into()
    }
}

/// What one committee did in a round.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommitteeOutcome {
    /// Committee index.
    pub committee: usize,
    /// Seats (entries of U).
    pub seats: usize,
    /// Seats held by the attacker's pseudonyms.
    pub attacker_seats: usize,
    /// Distinct pseudonyms (each signed once).
    pub members: usize,
    /// The vote's outcome.
    pub verdict: Verdict,
    /// The majority's certificate (none on a tie or an empty committee).
    pub certificate: Option<Certificate>,
    /// Did the certificate verify against the committee's keys?
    pub certificate_ok: bool,
}

/// Committee `committee` of round `round`: its seats (pseudonym per seat) execute `tasks`,
/// sign, vote and certify.
pub fn run_committee(
    round: u64,
    committee: usize,
    seats: &[u32],
    population: &Population,
    public: &[PublicKey],
    instance: &Instance,
    tasks: &[usize],
) -> Result<CommitteeOutcome, ProtocolError> {
    let truth = result_digest(round, committee, instance, tasks);
    let forged = forged_digest(&truth);
    let mut members: Vec<u32> = seats.to_vec();
    members.sort_unstable();
    members.dedup();
    let attacker_seats = seats.iter().filter(|&&p| population.is_attacker(p)).count();
    let verdict = Verdict::decide(seats.len() - attacker_seats, attacker_seats);
    let msg_true = message(round, committee, &truth);
    let msg_forged = message(round, committee, &forged);
    // Every member signs its own vote; only the majority's signatures are aggregated.
    let mut majority = Vec::new();
    for &p in &members {
        let attacker = population.is_attacker(p);
        let msg = if attacker { &msg_forged } else { &msg_true };
        let sig = population.pseudonyms()[p as usize].secret.sign(msg, DST, &[]);
        let with_majority = match verdict {
            Verdict::True => !attacker,
            Verdict::Forged => attacker,
            Verdict::Tie | Verdict::Empty => false,
        };
        if with_majority {
            majority.push((p, sig));
        }
    }
    let certificate = if majority.is_empty() {
        None
    } else {
        let sigs: Vec<&Signature> = majority.iter().map(|(_, s)| s).collect();
        let agg = AggregateSignature::aggregate(&sigs, false)
            .map_err(|e| ProtocolError::Bls(format!("aggregation: {e:?}")))?;
        Some(Certificate {
            round,
            committee,
            digest: if verdict == Verdict::True { truth } else { forged },
            signers: majority.iter().map(|(p, _)| *p).collect(),
            aggregate: agg.to_signature().compress(),
        })
    };
    let certificate_ok = certificate.as_ref().is_some_and(|c| c.verify(seats, public).is_ok());
    Ok(CommitteeOutcome {
        committee,
        seats: seats.len(),
        attacker_seats,
        members: members.len(),
        verdict,
        certificate,
        certificate_ok,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::Task;
    use crate::protocol::chain::PopulationConfig;

    fn setup() -> (Population, Vec<PublicKey>, Instance) {
        let pop = Population::new(&PopulationConfig::new(8, 0.3, 4), 3).unwrap();
        let public = pop.pseudonyms().iter().map(|p| p.public).collect();
        let inst = Instance::new("t", (1..=10).map(|w| Task::new(w * 1000, 3)).collect()).unwrap();
        (pop, public, inst)
    }

    #[test]
    fn verdicts() {
        assert_eq!(Verdict::decide(3, 2), Verdict::True);
        assert_eq!(Verdict::decide(2, 3), Verdict::Forged);
        assert_eq!(Verdict::decide(2, 2), Verdict::Tie);
        assert_eq!(Verdict::decide(0, 0), Verdict::Empty);
        assert_eq!(Verdict::decide(0, 1), Verdict::Forged);
    }

    #[test]
    fn honest_majority_always_yields_the_true_result_and_a_verifying_aggregate() {
        let (pop, public, inst) = setup();
        let attackers: Vec<u32> = (8..12).collect();
        // Every split of 5 seats with at most 2 attacker seats, honest pseudonyms repeated.
        for a in 0..=2usize {
            for round in 0..3u64 {
                let mut seats: Vec<u32> = (0..5 - a).map(|i| ((i + round as usize) % 8) as u32).collect();
                seats.extend(&attackers[..a]);
                let tasks = [0, 3, 7];
                let out = run_committee(round, 1, &seats, &pop, &public, &inst, &tasks).unwrap();
                assert_eq!(out.verdict, Verdict::True);
                assert_eq!(out.attacker_seats, a);
                let cert = out.certificate.unwrap();
                assert_eq!(cert.digest, result_digest(round, 1, &inst, &tasks));
                assert!(out.certificate_ok);
                assert_eq!(cert.verify(&seats, &public), Ok(()));
            }
        }
    }

    #[test]
    fn captured_ties_and_tampering() {
        let (pop, public, inst) = setup();
        let seats = [0, 8, 9, 10, 1];
        let out = run_committee(0, 0, &seats, &pop, &public, &inst, &[1, 2]).unwrap();
        assert_eq!(out.verdict, Verdict::Forged);
        let cert = out.certificate.clone().unwrap();
        assert_eq!(cert.digest, forged_digest(&result_digest(0, 0, &inst, &[1, 2])));
        assert!(out.certificate_ok, "a captured committee certifies its forgery");
        let tie = run_committee(0, 0, &[0, 8], &pop, &public, &inst, &[1]).unwrap();
        assert_eq!((tie.verdict, tie.certificate), (Verdict::Tie, None));
        // Tampering: another digest, a dropped signer, an outsider, a wrong round.
        let honest = run_committee(4, 2, &[0, 1, 2, 8], &pop, &public, &inst, &[5]).unwrap();
        let good = honest.certificate.unwrap();
        let seats = [0, 1, 2, 8];
        let mut c = good.clone();
        c.digest[0] ^= 1;
        assert!(matches!(c.verify(&seats, &public), Err(CertificateError::Signature(_))));
        let mut c = good.clone();
        c.round = 5;
        assert!(matches!(c.verify(&seats, &public), Err(CertificateError::Signature(_))));
        let mut c = good.clone();
        c.signers.pop();
        assert!(matches!(
            c.verify(&seats, &public),
            Err(CertificateError::NoMajority { held: 2, seats: 4 })
        ));
        let mut c = good.clone();
        c.signers[2] = 3;
        assert_eq!(c.verify(&seats, &public), Err(CertificateError::Outsider(3)));
        let mut c = good;
        c.signers.swap(0, 1);
        assert_eq!(c.verify(&seats, &public), Err(CertificateError::Signers));
    }
}
