//! Count vectors: the value classes of an instance ([`Classes`]: distinct values, their
//! counts and tasks, mixed-radix numbers of count vectors) and their packing into 64-bit
//! words with a guard bit per class ([`Packing`]).

use super::MAX_CLASSES;

/// The value classes: distinct (key, other) pairs (key largest first), their counts, and
/// each class's task indices (in task order).
pub(super) struct Classes {
    pub(super) values: Vec<u128>,
    pub(super) others: Vec<u128>,
    pub(super) counts: Vec<u32>,
    pub(super) tasks: Vec<Vec<u32>>,
    /// Mixed-radix place values: a remainder r is the number sum r_k stride_k, below
    /// `states`.
    pub(super) strides: Vec<u128>,
    pub(super) states: u128,
}

impl Classes {
    pub(super) fn of(key: &[u128], other: Option<&[u128]>) -> Option<Classes> {
        let other_of = |j: usize| other.map_or(0, |o| o[j]);
        let mut order: Vec<(std::cmp::Reverse<(u128, u128)>, u32)> = (0..key.len())
            .map(|j| (std::cmp::Reverse((key[j], other_of(j))), j as u32))
            .collect();
        order.sort_unstable();
        let mut c = Classes {
            values: Vec::new(),
            others: Vec::new(),
            counts: Vec::new(),
            tasks: Vec::new(),
            strides: Vec::new(),
            states: 1,
        };
        for (std::cmp::Reverse((v, o)), j) in order {
            if c.values.last() != Some(&v) || c.others.last() != Some(&o) {
                if c.values.len() == MAX_CLASSES {
                    return None;
                }
                c.values.push(v);
                c.others.push(o);
                c.counts.push(0);
                c.tasks.push(Vec::new());
            }
            *c.counts.last_mut().expect("pushed") += 1;
            c.tasks.last_mut().expect("pushed").push(j);
        }
        for &k in &c.counts {
            c.strides.push(c.states);
            c.states = c.states.checked_mul(u128::from(k) + 1)?;
        }
        Some(c)
    }

    pub(super) fn len(&self) -> usize {
        self.values.len()
    }

    /// The mixed-radix number of count vector `r` (for `v <= r` componentwise,
    /// `code(r - v) = code(r) - code(v)`: no borrows).
    #[inline]
    pub(super) fn code(&self, r: &[u32]) -> u128 {
        r.iter().zip(&self.strides).map(|(&a, &s)| u128::from(a) * s).sum()
    }

    /// The count vector numbered `code`.
    pub(super) fn decode(&self, code: u128) -> Vec<u32> {
        (0..self.len())
            .map(|k| ((code / self.strides[k]) % (u128::from(self.counts[k]) + 1)) as u32)
            .collect()
    }

    #[inline]
    pub(super) fn load(&self, v: &[u32]) -> u128 {
        v.iter().zip(&self.values).map(|(&a, &x)| u128::from(a) * x).sum()
    }

    #[inline]
    pub(super) fn other_load(&self, v: &[u32]) -> u128 {
        v.iter().zip(&self.others).map(|(&a, &x)| u128::from(a) * x).sum()
    }

    /// The classes `0..split` and `split..` with the most even products of `count + 1` (the
    /// numbers of vectors of each half before pruning).
    pub(super) fn halves(&self) -> usize {
        let sqrt = (self.states as f64).sqrt();
        let mut prod = 1.0f64;
        let mut best = (f64::INFINITY, 0);
        for k in 0..=self.len() {
            let skew = (prod.ln() - sqrt.ln()).abs();
            if skew < best.0 {
                best = (skew, k);
            }
            if k < self.len() {
                prod *= f64::from(self.counts[k]) + 1.0;
            }
        }
        best.1
    }
}

/// Count vectors packed into 64-bit words: class k is lane `k % per_word` of word
/// `k / per_word`, `bits` wide (the bits of the largest count, plus a guard bit, zero in
/// every packed vector). With the guard bits set in r, subtracting v borrows within no lane
/// but its guard, which survives iff the lane's count in r is at least v's: `v <= r` is one
/// subtraction and one mask per word, and `r - v` (when `v <= r`) one subtraction.
pub(super) struct Packing {
    pub(super) bits: u32,
    pub(super) per_word: usize,
    pub(super) words: usize,
    /// The guard bit of every lane of a word.
    pub(super) guard: u64,
}

impl Packing {
    pub(super) fn of(counts: &[u32]) -> Packing {
        let max = counts.iter().copied().max().unwrap_or(0);
        let bits = u32::BITS - max.leading_zeros() + 1; // <= 33
        let per_word = (u64::BITS / bits) as usize;
        let guard = (0..per_word as u32).fold(0, |g, j| g | 1 << (j * bits + bits - 1));
        Packing {
            bits,
            per_word,
            words: counts.len().div_ceil(per_word).max(1),
            guard,
        }
    }

    /// Appends the words of `v` to `out`.
    #[inline]
    pub(super) fn pack(&self, v: &[u32], out: &mut Vec<u64>) {
        let at = out.len();
        out.resize(at + self.words, 0);
        for (lanes, word) in v.chunks(self.per_word).zip(&mut out[at..]) {
            *word = lanes.iter().rev().fold(0, |w, &a| (w << self.bits) | u64::from(a));
        }
    }

    /// Is `v <= r` componentwise?
    #[inline]
    pub(super) fn fits(&self, r: &[u64], v: &[u64]) -> bool {
        let g = self.guard;
        r.iter().zip(v).fold(0, |lost, (&a, &b)| lost | (!((a | g) - b) & g)) == 0
    }

    /// The first class present in `r`.
    #[inline]
    pub(super) fn first(&self, r: &[u64]) -> Option<usize> {
        let w = r.iter().position(|&x| x != 0)?;
        Some(w * self.per_word + (r[w].trailing_zeros() / self.bits) as usize)
    }
}
