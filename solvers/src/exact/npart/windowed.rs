//! All subsets with a sum in a window, by the Schroeppel-Shamir method (Schroeppel and Shamir
//! 1981, SIAM J. Comput.; used for number partitioning by Korf 2011 and by Schreiber, Korf and
//! Moffitt 2018, J. ACM): the numbers are split into four quarters; the sums of the first two
//! quarters are streamed in increasing order and those of the last two in decreasing order,
//! each through a heap over one quarter, in O(2^(n/2) log) time and O(2^(n/4)) memory; the
//! pairs whose total falls in the window are emitted. Masks are over at most 64 numbers.

use std::collections::VecDeque;

/// All subset sums of `items` (weights with their bit), sorted by sum.
fn quarter(items: &[(u64, u64)]) -> Vec<(u64, u64)> {
    let mut v: Vec<(u64, u64)> = vec![(0, 0)];
    for &(x, bit) in items {
        // merge v with v + x, both sorted
        let shifted: Vec<(u64, u64)> = v.iter().map(|&(s, m)| (s + x, m | bit)).collect();
        let mut out = Vec::with_capacity(v.len() * 2);
        let (mut i, mut j) = (0, 0);
        while i < v.len() && j < shifted.len() {
            if v[i].0 <= shifted[j].0 {
                out.push(v[i]);
                i += 1;
            } else {
                out.push(shifted[j]);
                j += 1;
            }
        }
        out.extend_from_slice(&v[i..]);
        out.extend_from_slice(&shifted[j..]);
        v = out;
    }
    v
}

/// Subsets (sum, mask) grouped by their first number.
pub(super) type Groups = Vec<Vec<(u64, u64)>>;

/// The sums a[i] + b[j] in increasing (or, with `desc`, decreasing) order, produced in
/// chunks: every pair below a moving threshold is gathered (one pointer per element of `a`)
/// and sorted; the threshold step adapts to keep chunks near [`CHUNK`] pairs.
struct PairStream {
    // keys: sums, or (max - sum) when descending; both lists ascending by key
    a: Vec<(u64, u64)>,
    b: Vec<(u64, u64)>,
    ptr: Vec<u32>,
    bound: u64,
    width: u64,
    chunk: Vec<(u64, u32, u32)>,
    pos: usize,
    flip: Option<u64>,
}

const CHUNK: usize = 1 << 15;

impl PairStream {
    fn new(a: Vec<(u64, u64)>, b: Vec<(u64, u64)>, desc: bool) -> Self {
        let (a, b, flip) = if desc {
            let ma = a.last().unwrap().0;
            let mb = b.last().unwrap().0;
            let f = |v: Vec<(u64, u64)>, mx: u64| -> Vec<(u64, u64)> {
                v.iter().rev().map(|&(s, m)| (mx - s, m)).collect()
            };
            (f(a, ma), f(b, mb), Some(ma + mb))
        } else {
            (a, b, None)
        };
        let lo = a[0].0 + b[0].0;
        let hi = a.last().unwrap().0 + b.last().unwrap().0;
        let pairs = (a.len() * b.len()) as u64;
        let width = ((hi - lo) / (pairs / CHUNK as u64).max(1)).max(1);
        let ptr = vec![0u32; a.len()];
        PairStream {
            a,
            b,
            ptr,
            bound: lo,
            width,
            chunk: Vec::with_capacity(2 * CHUNK),
            pos: 0,
            flip,
        }
    }

    /// Skips every pair whose sum is below `lo` (ascending) or above `hi` (descending).
    fn skip(&mut self, lo: u64, hi: u64) {
        let key0 = match self.flip {
            Some(f) => f.saturating_sub(hi),
            None => lo,
        };
        if key0 <= self.bound {
            return;
        }
        for i in 0..self.a.len() {
            let ai = self.a[i].0;
            self.ptr[i] = self.b.partition_point(|&(bj, _)| ai + bj < key0) as u32;
        }
        self.bound = key0;
    }

    fn refill(&mut self) -> bool {
        loop {
            let limit = self.bound.saturating_add(self.width);
            self.chunk.clear();
            let b0 = self.b[0].0;
            let mut any_left = false;
            for i in 0..self.a.len() {
                let ai = self.a[i].0;
                if ai + b0 >= limit {
                    any_left = true;
                    break;
                }
                let mut j = self.ptr[i] as usize;
                while j < self.b.len() && ai + self.b[j].0 < limit {
                    self.chunk.push((ai + self.b[j].0, i as u32, j as u32));
                    j += 1;
                }
                self.ptr[i] = j as u32;
                if j < self.b.len() {
                    any_left = true;
                }
            }
            self.bound = limit;
            if self.chunk.len() < CHUNK / 2 {
                self.width = self.width.saturating_mul(2);
            } else if self.chunk.len() > 2 * CHUNK {
                self.width = (self.width / 2).max(1);
            }
            if !self.chunk.is_empty() {
                self.chunk.sort_unstable_by_key(|e| e.0);
                self.pos = 0;
                return true;
            }
            if !any_left || limit == u64::MAX {
                return false;
            }
        }
    }

    fn next(&mut self) -> Option<(u64, u64)> {
        if self.pos >= self.chunk.len() && !self.refill() {
            return None;
        }
        let (key, i, j) = self.chunk[self.pos];
        self.pos += 1;
        let mask = self.a[i as usize].1 | self.b[j as usize].1;
        let sum = match self.flip {
            Some(f) => f - key,
            None => key,
        };
        Some((sum, mask))
    }
}

/// Every non-empty subset of `w` (at most 64 numbers) with sum in `[lo, hi]`, grouped by its
/// first (lowest-index) number; each group sorted by decreasing sum. `None` when more than
/// `cap` subsets qualify. `tick` is called every 2^16 steps (stream items and pairs tried);
/// returning `false` aborts (also `None`).
#[cfg(test)]
pub(super) fn window_subsets(
    w: &[u64],
    lo: u64,
    hi: u64,
    cap: usize,
    tick: &mut dyn FnMut(u64) -> bool,
) -> Option<Vec<Vec<(u64, u64)>>> {
    adaptive_subsets(w, 0, &|_| (lo, hi), cap, tick).map(|(_, g)| g)
}

/// As [`window_subsets`] for the window `window_of(d)`, windows narrowing as `d` falls: when
/// more than `cap` subsets qualify, `d` is divided by 8 (the subsets kept so far are filtered)
/// and the single pass goes on; `None` when even `d = 0` overflows, or `tick` aborts.
/// Returns the final `d` with the groups.
pub(super) fn adaptive_subsets(
    w: &[u64],
    mut d: u64,
    window_of: &dyn Fn(u64) -> (u64, u64),
    cap: usize,
    tick: &mut dyn FnMut(u64) -> bool,
) -> Option<(u64, Groups)> {
    let n = w.len();
    assert!(n <= 64);
    let mut groups: Vec<Vec<(u64, u64)>> = vec![Vec::new(); n];
    let (mut lo, mut hi) = window_of(d);
    if lo > hi || n == 0 {
        return Some((d, groups));
    }
    // Four contiguous quarters of the numbers.
    let mut parts: [Vec<(u64, u64)>; 4] = Default::default();
    let sizes = [
        n.div_ceil(4),
        n / 4 + usize::from(n % 4 > 1),
        n / 4 + usize::from(n % 4 > 2),
        n / 4,
    ];
    let mut idx = 0;
    for (p, &s) in sizes.iter().enumerate() {
        for _ in 0..s {
            parts[p].push((w[idx], 1u64 << idx));
            idx += 1;
        }
    }
    let [p0, p1, p2, p3] = parts;
    let mut up = PairStream::new(quarter(&p0), quarter(&p3), false);
    let mut down = PairStream::new(quarter(&p1), quarter(&p2), true);
    let mut buf: VecDeque<(u64, u64)> = VecDeque::new();
    // sums of the first half below lo - max(second half) pair with nothing; likewise those
    // of the second half above hi
    let cd_max = p1.iter().chain(p2.iter()).map(|&(x, _)| x).sum::<u64>();
    up.skip(lo.saturating_sub(cd_max), u64::MAX);
    down.skip(0, hi);
    let mut pending = down.next();
    // pulled from `down` but below the window after a narrowing: re-pulled, largest on top
    let mut held: Vec<(u64, u64)> = Vec::new();
    let mut count = 0usize;
    // one step per stream item and per pair tried; `tick` every 2^16 of them (false: abort)
    let mut left = 0x10000u32;
    let mut step = || {
        left -= 1;
        if left == 0 {
            left = 0x10000;
            return tick(0x10000);
        }
        true
    };
    while let Some((ab, ma)) = up.next() {
        if !step() {
            return None;
        }
        if ab > hi {
            break;
        }
        let upper = hi - ab;
        let lower = lo.saturating_sub(ab);
        loop {
            let from_held = !held.is_empty();
            let Some((cd, mc)) = (if from_held { held.last().copied() } else { pending }) else {
                break;
            };
            if cd > upper || cd >= lower {
                if cd <= upper {
                    buf.push_back((cd, mc));
                }
                if from_held {
                    held.pop();
                } else {
                    pending = down.next();
                    if !step() {
                        return None;
                    }
                }
                continue;
            }
            break;
        }
        while let Some(&(cd, _)) = buf.front() {
            if cd > upper {
                buf.pop_front();
            } else {
                break;
            }
        }
        let mut narrowed = false;
        for &(cd, mc) in buf.iter() {
            // with a wide window the buffer is long: the limits are checked within it
            if !step() {
                return None;
            }
            let mask = ma | mc;
            let sum = ab + cd;
            if mask == 0 || sum < lo || sum > hi {
                continue;
            }
            count += 1;
            groups[mask.trailing_zeros() as usize].push((sum, mask));
            if count > cap {
                narrowed = true;
                // narrow the window and keep going
                if d == 0 {
                    return None;
                }
                d /= 8;
                (lo, hi) = window_of(d);
                count = 0;
                for g in groups.iter_mut() {
                    g.retain(|&(s, _)| s >= lo && s <= hi);
                    count += g.len();
                }
                if lo > hi {
                    return Some((d, vec![Vec::new(); n]));
                }
            }
        }
        if narrowed {
            // keep the buffer inside the new window: the part below it goes back to be
            // pulled again when the window slides down to it
            let lower = lo.saturating_sub(ab);
            while let Some(&(cd, mc)) = buf.back() {
                if cd < lower {
                    held.push((cd, mc));
                    buf.pop_back();
                } else {
                    break;
                }
            }
        }
        if ab > hi {
            break;
        }
    }
    for g in groups.iter_mut() {
        g.sort_unstable_by(|x, y| y.0.cmp(&x.0).then(x.1.cmp(&y.1)));
    }
    Some((d, groups))
}
