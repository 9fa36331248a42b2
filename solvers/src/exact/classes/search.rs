//! Steps 3 and 4 of the class search: the depth-first feasibility search over the window's
//! vectors, with the memo of failed states and the configuration LP ([`super::lp`]) at the
//! root and at the nodes.

use super::lp::Lp;
use super::vectors::{Classes, Packing};
use super::window::Window;
use super::{
    CLOCK_EVERY, LP_EXPLORE, LP_FREE, LP_LEFT, LP_PAYBACK, LP_TRIALS, MEMO_LIMIT, SLACK, TRIAL_DIVISOR, TRIAL_NODES,
};
use fairshard_harness::Ratio;
use rustc_hash::FxHashSet;

/// What one feasibility search found.
pub(super) enum Search {
    /// m vectors summing to the counts, as (load, other-load, mixed-radix number).
    Found(Vec<(u128, u128, u128)>),
    /// No such vectors.
    None,
    /// Stopped by the deadline or the node budget.
    Stopped,
}

/// The cap on the other quantity, in the search's terms.
#[derive(Clone, Copy)]
pub(super) struct Cap {
    /// The cap, relaxed by [`fairshard_harness::CAP_TOLERANCE`].
    pub(super) c: f64,
    /// Window of every subset's other-load.
    pub(super) olo: u128,
    pub(super) ohi: u128,
}

impl Cap {
    /// Does max/min of other-loads stay within the cap?
    #[inline]
    pub(super) fn holds(&self, min: u128, max: u128) -> bool {
        Ratio::new(max, min).is_some_and(|r| r.at_most(self.c))
    }

    /// Can `k >= 1` more subsets, each with an other-load in the window and between
    /// `max / c` and `min * c`, share the other-total `rest`? (Widened by [`SLACK`].)
    #[inline]
    pub(super) fn fits(&self, min: u128, max: u128, rest: u128, k: usize) -> bool {
        let k = k as f64;
        let low = (max as f64 / self.c).max(self.olo as f64);
        let high = (min as f64 * self.c).min(self.ohi as f64);
        let rest = rest as f64;
        rest >= k * low * (1.0 - SLACK) && rest <= k * high * (1.0 + SLACK)
    }
}

/// One level of the depth-first search: the remainder before the level's subset (its
/// mixed-radix number; the packed remainder is on the search's stack), its totals, the
/// other-loads' min and max of the subsets chosen before it, and the level's candidates:
/// positions `next..end` in the window's group of class `first`, the remainder's first
/// class.
pub(super) struct Level {
    pub(super) code: u128,
    pub(super) total: u128,
    pub(super) other: u128,
    pub(super) omin: u128,
    pub(super) omax: u128,
    pub(super) first: usize,
    pub(super) next: usize,
    pub(super) end: usize,
    /// The node count when the level was entered.
    pub(super) entry: u64,
}

/// The depth-first feasibility search of step 3, loads in `[lo, hi]`.
pub(super) struct Feasibility<'a> {
    pub(super) c: &'a Classes,
    pub(super) p: &'a Packing,
    pub(super) w: &'a Window,
    pub(super) m: usize,
    pub(super) cap: Option<Cap>,
    pub(super) memo: Memo,
    /// The configuration LP of the window ([`Lp`]), where the window is small enough.
    pub(super) lp: Option<Lp>,
    pub(super) lp_budget: LpBudget,
    pub(super) node_lp: NodeLp,
    pub(super) trial: Trial,
}

/// How long the search alone may try a window before the LPs are used
/// ([`Feasibility::solve`]): the mean work of the windows searched with the LPs so far over
/// [`TRIAL_DIVISOR`], at least [`TRIAL_NODES`].
#[derive(Default)]
pub(super) struct Trial {
    windows: u64,
    work: u64,
}

impl Trial {
    /// The search alone's allowance for the next window.
    pub(super) fn nodes(&self) -> u64 {
        (self.work.checked_div(self.windows).unwrap_or(0) / TRIAL_DIVISOR).max(TRIAL_NODES)
    }

    /// A window searched with the LPs took `work`.
    fn record(&mut self, work: u64) {
        self.windows += 1;
        self.work = self.work.saturating_add(work);
    }
}

/// The work of the root LPs ([`Feasibility::root_lp_refutes`]): all of it, and that of the
/// LPs that refuted.
#[derive(Default)]
pub(super) struct LpBudget {
    pub(super) spent: u64,
    pub(super) useful: u64,
}

/// When to ask the configuration LP at the search's nodes, by the number k of subsets left in
/// the state it is asked about: always for the first [`LP_TRIALS`] questions (and while fewer
/// failed states with k left were searched), then while the expected saving (the share of
/// refutations times the mean nodes a failed state's search took) is at least the mean work
/// of one LP, and otherwise at one opportunity in [`LP_EXPLORE`] while the LPs' work with k
/// left is at most the nodes searched over [`LP_EXPLORE`] (so the estimates follow the search
/// at a bounded cost). The nodes below a failed state include the LPs asked there: their cost
/// counts.
#[derive(Default)]
pub(super) struct NodeLp {
    /// Per k: LPs asked, LPs that refuted, their work, failed states searched, their nodes,
    /// opportunities skipped.
    calls: Vec<u64>,
    refuted: Vec<u64>,
    work: Vec<u64>,
    fails: Vec<u64>,
    fail_nodes: Vec<u64>,
    skipped: Vec<u64>,
}

impl NodeLp {
    fn grow(&mut self, k: usize) {
        if self.calls.len() <= k {
            for v in [
                &mut self.calls,
                &mut self.refuted,
                &mut self.work,
                &mut self.fails,
                &mut self.fail_nodes,
                &mut self.skipped,
            ] {
                v.resize(k + 1, 0);
            }
        }
    }

    /// Ask the LP about a state with `k` subsets left, `nodes` searched so far?
    fn ask(&mut self, k: usize, nodes: u64) -> bool {
        self.grow(k);
        if self.calls[k] < LP_TRIALS || self.fails[k] < LP_TRIALS {
            return true;
        }
        let saving = self.refuted[k] as f64 / self.calls[k] as f64 * (self.fail_nodes[k] as f64 / self.fails[k] as f64);
        if saving >= self.work[k] as f64 / self.calls[k] as f64 {
            return true;
        }
        self.skipped[k] += 1;
        self.skipped[k] % LP_EXPLORE == 0 && self.work[k].saturating_mul(LP_EXPLORE) <= nodes
    }

    /// An LP asked about a state with `k` subsets left took `work` and `refuted` it or not.
    fn asked(&mut self, k: usize, work: u64, refuted: bool) {
        self.grow(k);
        self.calls[k] += 1;
        self.work[k] += work;
        self.refuted[k] += u64::from(refuted);
    }

    /// A state with `k` subsets left failed after `nodes` nodes.
    fn failed(&mut self, k: usize, nodes: u64) {
        self.grow(k);
        self.fails[k] += 1;
        self.fail_nodes[k] += nodes;
    }
}

/// The failed states of the searches for loads in `[lo, hi]` ([`Feasibility::failed`]):
/// without a cap, the remainder's number and the subsets left (one `u128`); under a cap, also
/// the other-loads' min and max. A state that fails for `[lo, hi]` fails for any narrower
/// range, and without the cap it fails with it: the memo is kept while `lo` stays and `hi`
/// does not grow, and the capped search consults both sets.
#[derive(Default)]
pub(super) struct Memo {
    pub(super) range: (u128, u128),
    pub(super) plain: FxHashSet<u128>,
    pub(super) capped: FxHashSet<(u128, u128, u128)>,
}

impl Feasibility<'_> {
    /// The memo key of the remainder numbered `code` with `left <= m` subsets to fill.
    /// Distinct for distinct pairs: `states * (m + 1)` fits, checked by the caller.
    #[inline]
    pub(super) fn key(&self, code: u128, left: usize) -> u128 {
        code * (self.m as u128 + 1) + left as u128
    }

    /// Is the state known to fail: the remainder numbered `code` with `left` subsets to fill
    /// after subsets whose other-loads span `[omin, omax]` (which matters only under a cap)?
    pub(super) fn failed(&self, code: u128, left: usize, omin: u128, omax: u128) -> bool {
        let key = self.key(code, left);
        match self.cap {
            None => self.memo.plain.contains(&key),
            Some(_) => self.memo.plain.contains(&key) || self.memo.capped.contains(&(key, omin, omax)),
        }
    }

    /// Remembers that the state of [`Self::failed`] fails (the memo is cleared when it holds
    /// [`MEMO_LIMIT`] states).
    pub(super) fn remember(&mut self, code: u128, left: usize, omin: u128, omax: u128) {
        let key = self.key(code, left);
        let memo = &mut self.memo;
        if memo.plain.len() + memo.capped.len() >= MEMO_LIMIT {
            memo.plain.clear();
            memo.capped.clear();
        }
        match self.cap {
            None => memo.plain.insert(key),
            Some(_) => memo.capped.insert((key, omin, omax)),
        };
    }

    /// Does the configuration LP refute m subsets with loads in `[lo, hi]` for the whole
    /// instance? Asked only while the root LPs' work (counted in `nodes` too) stays within
    /// [`LP_FREE`] plus the other nodes searched plus [`LP_PAYBACK`] times the work of the root
    /// LPs that refuted (each saves a whole search): where the LP rarely decides (many tasks
    /// per subset) it costs at most about as much as the search.
    pub(super) fn root_lp_refutes(&mut self, (lo, hi): (u128, u128), nodes: &mut u64) -> bool {
        let Some(lp) = self.lp.as_mut() else {
            return false;
        };
        let b = &mut self.lp_budget;
        let others = nodes.saturating_sub(b.spent);
        if b.spent
            > LP_FREE
                .saturating_add(others)
                .saturating_add(b.useful.saturating_mul(LP_PAYBACK))
        {
            return false;
        }
        let mut packed = Vec::with_capacity(self.p.words);
        self.p.pack(&self.c.counts, &mut packed);
        let before = *nodes;
        let refuted = lp.refutes(self.p, self.w, (lo, hi), (&self.c.counts, &packed), self.m, nodes);
        let work = *nodes - before;
        b.spent += work;
        if refuted {
            b.useful += work;
        }
        refuted
    }

    /// Remembers that the remainder numbered `code` with `left` subsets to fill fails even
    /// without the cap.
    pub(super) fn remember_plain(&mut self, code: u128, left: usize) {
        let key = self.key(code, left);
        let memo = &mut self.memo;
        if memo.plain.len() + memo.capped.len() >= MEMO_LIMIT {
            memo.plain.clear();
            memo.capped.clear();
        }
        memo.plain.insert(key);
    }

    /// The level for the packed remainder `rem` (numbered `code`, totals `total` and
    /// `other`) with `left >= 2` subsets to fill after subsets whose other-loads span
    /// `[omin, omax]`. Its candidates: the vectors holding the remainder's first class (the
    /// others do not fit or hold an earlier class), with loads that leave a total the
    /// `left - 1` other subsets can share within `[lo, hi]`.
    pub(super) fn level(
        &self,
        (lo, hi): (u128, u128),
        rem: &[u64],
        code: u128,
        (total, other): (u128, u128),
        (omin, omax): (u128, u128),
        left: usize,
    ) -> Level {
        let mut level = Level {
            code,
            total,
            other,
            omin,
            omax,
            first: 0,
            next: 0,
            end: 0,
            entry: 0,
        };
        let rest = (left - 1) as u128;
        let from = lo.max(total.saturating_sub(rest.saturating_mul(hi)));
        let to = hi.min(total.saturating_sub(rest.saturating_mul(lo)));
        if let Some(first) = self.p.first(rem)
            && from <= to
            && total >= rest.saturating_mul(lo)
        {
            let loads = &self.w.groups[first].loads;
            level.first = first;
            level.next = loads.partition_point(|&l| l < from);
            level.end = loads.partition_point(|&l| l <= to);
        }
        level
    }

    /// Step 3 for loads in `[lo, hi]`. Under a cap, the search without it comes first: a
    /// relaxation whose memo needs no other-loads (so it remembers far more), and whose "no"
    /// is final; only when it finds a partition that breaks the cap does the capped search run.
    ///
    /// Where the LP applies, the window is first tried against the LP's kept certificates (a
    /// scan of the columns each), then by the search alone for at most [`Trial::nodes`] (a
    /// share of what a window with the LPs has cost so far), and only then with the LPs, the
    /// failed states of the first attempt kept. Where windows are cheap to search, the LPs
    /// rarely run: on the raw `dao100`, profit under gamma1 <= 1.01 at m = 5, 0.6 s instead
    /// of 31 s (the LPs had taken 90% of the time, the search alone needs 0.4 s); where
    /// windows need the LPs (the normalised data's profit at m = 20..30), each costs the
    /// trial's share more (measured in the module docs).
    pub(super) fn solve(&mut self, lo: u128, hi: u128, nodes: &mut u64, stop: &dyn Fn(u64) -> bool) -> Search {
        if self.lp.is_some() {
            // The kept certificates first: a scan of the columns each.
            let mut packed = Vec::with_capacity(self.p.words);
            self.p.pack(&self.c.counts, &mut packed);
            let refuted = self.lp.as_mut().is_some_and(|lp| {
                lp.refutes_by_kept(self.p, self.w, (lo, hi), (&self.c.counts, &packed), self.m, nodes)
            });
            if refuted {
                return Search::None;
            }
            let lp = self.lp.take();
            let limit = nodes.saturating_add(self.trial.nodes());
            let alone = self.search(lo, hi, nodes, &|n| n >= limit || stop(n));
            self.lp = lp;
            match alone {
                Search::Stopped if !stop(*nodes) => {}
                decided => return decided,
            }
            let before = *nodes;
            let with_lp = self.with_lps(lo, hi, nodes, stop);
            self.trial.record(*nodes - before);
            return with_lp;
        }
        self.search(lo, hi, nodes, stop)
    }

    /// [`Self::solve`] with the LPs: the root LP, then the search (with node LPs).
    fn with_lps(&mut self, lo: u128, hi: u128, nodes: &mut u64, stop: &dyn Fn(u64) -> bool) -> Search {
        // The configuration LP first: its "no" is final (and holds under the cap: the window
        // holds only vectors within the cap's other-load window).
        let refuted = self.root_lp_refutes((lo, hi), nodes);
        if stop(*nodes) {
            return Search::Stopped;
        }
        if refuted {
            return Search::None;
        }
        self.search(lo, hi, nodes, stop)
    }

    /// The search for loads in `[lo, hi]` (with the node LPs when `self.lp` is set): without
    /// a cap, or under one after the search without it (see [`Self::solve`]).
    fn search(&mut self, lo: u128, hi: u128, nodes: &mut u64, stop: &dyn Fn(u64) -> bool) -> Search {
        if self.memo.range.0 != lo || self.memo.range.1 < hi {
            self.memo.plain.clear();
            self.memo.capped.clear();
        }
        self.memo.range = (lo, hi);
        let Some(cap) = self.cap.take() else {
            return self.run(lo, hi, nodes, stop);
        };
        let relaxed = self.run(lo, hi, nodes, stop);
        self.cap = Some(cap);
        match relaxed {
            Search::Found(subsets) => {
                let others = subsets.iter().map(|s| s.1);
                let (min, max) = (others.clone().min(), others.max());
                match (min, max) {
                    (Some(min), Some(max)) if cap.holds(min, max) => Search::Found(subsets),
                    _ => self.run(lo, hi, nodes, stop),
                }
            }
            ended => ended,
        }
    }

    pub(super) fn run(&mut self, lo: u128, hi: u128, nodes: &mut u64, stop: &dyn Fn(u64) -> bool) -> Search {
        let (m, words) = (self.m, self.p.words);
        let counts = &self.c.counts;
        // The packed remainders of the levels, level d at `rems[d*words..(d+1)*words]`.
        let mut rems = Vec::with_capacity(m * words);
        self.p.pack(counts, &mut rems);
        let totals = (self.c.load(counts), self.c.other_load(counts));
        let mut levels = vec![self.level((lo, hi), &rems, self.c.code(counts), totals, (u128::MAX, 0), m)];
        let mut chosen = Vec::with_capacity(m);
        loop {
            let depth = levels.len() - 1; // subsets already chosen
            let left = m - depth;
            let mut picked = None;
            {
                let level = &levels[depth];
                let r = &rems[depth * words..];
                let group = &self.w.groups[level.first];
                let mut i = level.next;
                while i < level.end {
                    let at = i;
                    i += 1;
                    *nodes += 1;
                    if *nodes % CLOCK_EVERY == 0 && stop(*nodes) {
                        return Search::Stopped;
                    }
                    if !self.p.fits(r, &group.packed[at * words..(at + 1) * words]) {
                        continue;
                    }
                    let o = group.others[at];
                    let (omin, omax) = (level.omin.min(o), level.omax.max(o));
                    let after_total = level.total - group.loads[at];
                    let after_other = level.other - o;
                    if let Some(cap) = &self.cap
                        && (!cap.holds(omin, omax) || !cap.fits(omin, omax, after_other, left - 1))
                    {
                        continue;
                    }
                    let after = level.code - group.codes[at];
                    if left == 2 {
                        // The remainder is the last subset: non-empty, in the window (which
                        // holds every vector with a load in [lo, hi] and an other-load in
                        // [olo, ohi]).
                        if after == 0
                            || !(lo..=hi).contains(&after_total)
                            || !(self.w.olo..=self.w.ohi).contains(&after_other)
                            || self
                                .cap
                                .is_some_and(|cap| !cap.holds(omin.min(after_other), omax.max(after_other)))
                        {
                            continue;
                        }
                        chosen.push((group.loads[at], o, group.codes[at]));
                        chosen.push((after_total, after_other, after));
                        return Search::Found(chosen);
                    }
                    if self.failed(after, left - 1, omin, omax) {
                        continue;
                    }
                    if left > LP_LEFT && self.lp.is_some() && self.node_lp.ask(left - 1, *nodes) {
                        // The remainder's configuration LP; its "no" holds without the cap too.
                        let packed: Vec<u64> = (0..words).map(|k| r[k] - group.packed[at * words + k]).collect();
                        let before = *nodes;
                        let refuted = self.lp.as_mut().is_some_and(|lp| {
                            lp.refutes(
                                self.p,
                                self.w,
                                (lo, hi),
                                (&self.c.decode(after), &packed),
                                left - 1,
                                nodes,
                            )
                        });
                        self.node_lp.asked(left - 1, *nodes - before, refuted);
                        if stop(*nodes) {
                            return Search::Stopped;
                        }
                        if refuted {
                            self.remember_plain(after, left - 1);
                            continue;
                        }
                    }
                    picked = Some((level.first, at, after, after_total, after_other, omin, omax));
                    break;
                }
                levels[depth].next = i;
            }
            match picked {
                Some((first, at, code, total, other, omin, omax)) => {
                    let group = &self.w.groups[first];
                    chosen.push((group.loads[at], group.others[at], group.codes[at]));
                    for k in 0..words {
                        rems.push(rems[depth * words + k] - group.packed[at * words + k]);
                    }
                    let mut level = self.level(
                        (lo, hi),
                        &rems[(depth + 1) * words..],
                        code,
                        (total, other),
                        (omin, omax),
                        left - 1,
                    );
                    level.entry = *nodes;
                    levels.push(level);
                }
                None => {
                    // This level failed: remember its state, backtrack.
                    if depth == 0 {
                        return Search::None;
                    }
                    let level = levels.pop().expect("depth >= 1");
                    rems.truncate(depth * words);
                    self.remember(level.code, left, level.omin, level.omax);
                    self.node_lp.failed(left, *nodes - level.entry);
                    chosen.pop();
                }
            }
        }
    }
}
