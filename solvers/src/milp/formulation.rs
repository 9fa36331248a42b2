//! The partition ILP, built once for every backend.
//!
//! Variables are per item: an item is one task ([`Vars::PerTask`], the paper's binaries
//! `x_ij`) or one class of identical tasks ([`Vars::Aggregated`]: tasks with equal workload
//! and profit, c_k of them, and a general integer `y_ik` in `[0, c_k]` = how many of them
//! subset i holds). Aggregation removes the symmetry between identical tasks: real
//! transaction data repeats the same (gas, gas price) pairs many times. Column of item k in
//! subset i: `i * items + k`. Every formulation has
//! - (2b) each task in exactly one subset: `sum_i y_ik = c_k` (`sum_i x_ij = 1`);
//! - every subset non-empty: `sum_k y_ik >= 1` (implied by (2c) for positive data; it keeps
//!   the ratio denominators positive when a quantity is only in the objective).
//!
//! Caps gamma1 <= g1 (workload) and gamma2 <= g2 (profit) are expressed either
//! - [`Kind::Paper`]: the m(m-1) pairwise ratio rows of (2c) and (2d),
//!   `L_i - g * L_k <= 0` for every ordered pair i != k, exactly as printed; or
//! - [`Kind::Compact`]: continuous `Max`, `Min` per quantity with `L_i <= Max`, `L_i >= Min`
//!   and `Max - g * Min <= 0`: O(m + n) rows.
//!
//! A quantity in the objective always gets its `Max`/`Min` columns (Dinkelbach minimises
//! `Max - t * Min`, see [`with_ratio_objective`]).
//!
//! Coefficients are scaled: each quantity is divided by its mean subset load (total / m), so
//! loads are near 1 whatever the units (wei profits are ~1e16). Ratios are scale-free.
//!
//! Names (only in a model built by [`build_named`], for export; solves build none). Subsets
//! are 0-based, as in a [`Partition`] and `fairshard check`; tasks are the instance's 0-based
//! indices (the CSV's data rows, in order); classes are 0-based indices into
//! [`Items::members`] (classes ordered by workload, then profit, largest first).
//! - columns: `x_s{i}_c{j}` (task j in subset i, binary), `n_s{i}_k{k}` (how many tasks of
//!   class k subset i holds), `max_work`, `min_work`, `max_profit`, `min_profit` (the spread
//!   columns `Max`, `Min` per quantity), `z` (the Dinkelbach bound over two ratios);
//! - rows: `assign_c{j}` / `assign_k{k}` (2b), `nonempty_s{i}`, `ratio1_s{i}_s{k}` and
//!   `ratio2_s{i}_s{k}` (2c) and (2d), `max_work_s{i}` (`L_i <= Max`), `min_work_s{i}`
//!   (likewise for profit), `cap1`, `cap2` (`Max - g * Min <= 0`), `order_s{i}` (symmetry:
//!   subset i's key at least subset i+1's), `z_work`, `z_profit`.
//!
//! A solution decodes to a [`Partition`] deterministically: the tasks of a class, in index
//! order, fill subset 0's count first, then subset 1's, and so on.

use super::model::Model;
use fairshard_harness::{Instance, Partition};

/// How the caps are written.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    /// The paper's m^2 pairwise ratio constraints (2c), (2d).
    Paper,
    /// Max/min load variables: O(m + n) constraints.
    Compact,
}

/// Optional symmetry breaking (subsets are interchangeable).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Symmetry {
    /// None: the model as printed.
    None,
    /// The task with the largest workload is in subset 0 (per-task variables only; an
    /// aggregated model uses [`Symmetry::Ordered`] instead).
    FixLargest,
    /// With tasks ranked by workload (largest first), the task of rank r is in a subset
    /// `<= r`: subsets labelled in order of their largest task. Implies `FixLargest`. Per-task
    /// variables only; an aggregated model uses [`Symmetry::Ordered`] instead.
    Triangular,
    /// Subsets ordered by the key `W_i + P_i` (scaled workload plus scaled profit),
    /// non-increasing: every partition has such a labelling, so the rows cut no partition.
    /// A fixed linear key (rather than workload alone) keeps breaking ties when a tight
    /// gamma1 cap makes every workload nearly equal.
    Ordered,
}

/// Which variables: one binary per (subset, task), or one integer per (subset, class of
/// identical tasks).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Vars {
    /// The paper's binaries `x_ij`, always.
    PerTask,
    /// Integers `y_ik` per class of identical (workload, profit) tasks, always (with no
    /// duplicates, every class is one task and the model equals the per-task one).
    Aggregated,
    /// Aggregated when some tasks are identical (fewer classes than tasks), else per task.
    Auto,
}

/// A formulation: how caps are written, which symmetry breaking, which variables.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Formulation {
    /// Cap rows.
    pub kind: Kind,
    /// Symmetry breaking.
    pub symmetry: Symmetry,
    /// Variables.
    pub vars: Vars,
}

impl Formulation {
    /// The symmetry breaking actually built on `data`: the task-based kinds become
    /// [`Symmetry::Ordered`] on an aggregated model.
    pub fn symmetry_on(&self, data: &Scaled) -> Symmetry {
        match self.symmetry {
            Symmetry::FixLargest | Symmetry::Triangular if data.items.aggregated => Symmetry::Ordered,
            s => s,
        }
    }
}

/// The two balanced quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// Workload (gamma1).
    Workload = 0,
    /// Profit (gamma2).
    Profit = 1,
}

/// The model's items: single tasks, or classes of identical tasks.
#[derive(Clone, Debug)]
pub struct Items {
    /// Classes of identical tasks (else one item per task, in task order).
    pub aggregated: bool,
    /// Scaled value of one task of the item, per quantity.
    pub values: [Vec<f64>; 2],
    /// The item's tasks, ascending (`count = members.len()`).
    pub members: Vec<Vec<usize>>,
}

impl Items {
    /// Number of items.
    pub fn len(&self) -> usize {
        self.members.len()
    }

    /// No items (never for a valid instance).
    pub fn is_empty(&self) -> bool {
        self.members.is_empty()
    }

    /// Tasks in item `k`.
    pub fn count(&self, k: usize) -> usize {
        self.members[k].len()
    }
}

/// The instance's workloads and profits, scaled so the mean subset load is 1, and the items
/// the model is built on.
#[derive(Clone, Debug)]
pub struct Scaled {
    /// n.
    pub n: usize,
    /// m.
    pub m: usize,
    /// Scaled values per quantity (index = `Quantity as usize`), per task.
    pub values: [Vec<f64>; 2],
    /// Smallest positive scaled value per quantity (`None`: all zero). A subset with a
    /// positive load holds at least this much.
    pub min_positive: [Option<f64>; 2],
    /// Tasks with a positive value, per quantity: below m, every partition has an infinite
    /// gamma for that quantity.
    pub positive: [usize; 2],
    /// Task indices by workload, largest first (ties by index): the order symmetry uses.
    pub rank: Vec<usize>,
    /// The model's items.
    pub items: Items,
}

impl Scaled {
    /// Scales `instance` for `m` subsets, with items as `vars` says.
    pub fn new(instance: &Instance, m: usize, vars: Vars) -> Self {
        let tasks = instance.tasks();
        let n = tasks.len();
        let scale = |v: Vec<u128>, total: u128| -> Vec<f64> {
            let mean = total as f64 / m as f64;
            v.into_iter()
                .map(|x| if mean > 0.0 { x as f64 / mean } else { 0.0 })
                .collect()
        };
        let w = scale(
            tasks.iter().map(|t| u128::from(t.workload)).collect(),
            instance.total_workload(),
        );
        let p = scale(tasks.iter().map(|t| t.profit()).collect(), instance.total_profit());
        let min_pos = |v: &[f64]| v.iter().copied().filter(|&x| x > 0.0).min_by(f64::total_cmp);
        let positive = |v: &[f64]| v.iter().filter(|&&x| x > 0.0).count();
        let mut rank: Vec<usize> = (0..n).collect();
        rank.sort_by(|&a, &b| tasks[b].workload.cmp(&tasks[a].workload).then(a.cmp(&b)));
        // Classes: equal (workload, profit), exactly; by workload then profit, largest first.
        let key = |j: usize| (tasks[j].workload, tasks[j].profit());
        let mut order: Vec<usize> = (0..n).collect();
        order.sort_by(|&a, &b| key(b).cmp(&key(a)).then(a.cmp(&b)));
        let mut classes: Vec<Vec<usize>> = Vec::new();
        for &j in &order {
            match classes.last_mut() {
                Some(c) if key(c[0]) == key(j) => c.push(j),
                _ => classes.push(vec![j]),
            }
        }
        let aggregated = match vars {
            Vars::PerTask => false,
            Vars::Aggregated => true,
            Vars::Auto => classes.len() < n,
        };
        let members = if aggregated {
            classes
        } else {
            (0..n).map(|j| vec![j]).collect()
        };
        let items = Items {
            aggregated,
            values: [
                members.iter().map(|c| w[c[0]]).collect(),
                members.iter().map(|c| p[c[0]]).collect(),
            ],
            members,
        };
        Scaled {
            n,
            m,
            min_positive: [min_pos(&w), min_pos(&p)],
            positive: [positive(&w), positive(&p)],
            values: [w, p],
            rank,
            items,
        }
    }

    /// Column of item `k` in subset `i` (`x_ik` or `y_ik`).
    pub fn x(&self, i: usize, k: usize) -> usize {
        i * self.items.len() + k
    }

    /// Can some partition have a finite gamma for `q` (at least m tasks with a positive value)?
    pub fn finite_possible(&self, q: Quantity) -> bool {
        self.positive[q as usize] >= self.m
    }

    /// Scaled loads of `partition`'s subsets, per quantity.
    pub fn loads(&self, partition: &Partition) -> [Vec<f64>; 2] {
        let mut loads = [vec![0.0; self.m], vec![0.0; self.m]];
        for (j, &i) in partition.assignment().iter().enumerate() {
            for (load, values) in loads.iter_mut().zip(&self.values) {
                load[i as usize] += values[j];
            }
        }
        loads
    }

    /// Scaled loads of the subsets in a solution vector `x` of a model built on these items,
    /// per quantity (fractional where `x` is).
    pub fn solution_loads(&self, x: &[f64]) -> [Vec<f64>; 2] {
        [0, 1].map(|q| {
            (0..self.m)
                .map(|i| {
                    (0..self.items.len())
                        .map(|k| self.items.values[q][k] * x[self.x(i, k)])
                        .sum()
                })
                .collect()
        })
    }

    /// The symmetry key of [`Symmetry::Ordered`] for item `k`.
    fn order_key(&self, k: usize) -> f64 {
        self.items.values[0][k] + self.items.values[1][k]
    }
}

/// A built model and where its spread variables are.
#[derive(Clone, Debug)]
pub struct Base {
    /// The model (zero objective).
    pub model: Model,
    /// `(Max, Min)` columns per quantity, when the model has them.
    pub spread: [Option<(usize, usize)>; 2],
    /// The symmetry breaking built in (what [`encode`] relabels a warm start for).
    pub symmetry: Symmetry,
}

/// Builds the model for `data` with caps `caps[q]` on each quantity's gamma (already adjusted
/// for floating point by the caller) and spread columns for each quantity in `objective`.
pub fn build(data: &Scaled, caps: [Option<f64>; 2], objective: &[Quantity], f: Formulation) -> Base {
    build_with(data, caps, objective, f, Model::default())
}

/// [`build`], with every column and row named (for export; see the module docs for the names).
pub fn build_named(data: &Scaled, caps: [Option<f64>; 2], objective: &[Quantity], f: Formulation) -> Base {
    build_with(data, caps, objective, f, Model::named())
}

/// Short name of a quantity in column and row names.
fn short(q: Quantity) -> &'static str {
    match q {
        Quantity::Workload => "work",
        Quantity::Profit => "profit",
    }
}

fn build_with(data: &Scaled, caps: [Option<f64>; 2], objective: &[Quantity], f: Formulation, mut model: Model) -> Base {
    let (m, items) = (data.m, &data.items);
    let k_len = items.len();
    for i in 0..m {
        for k in 0..k_len {
            let c = model.add_col(0.0, items.count(k) as f64, 0.0, true);
            model.name_col(c, || item_name(data, i, k));
        }
    }
    let symmetry = f.symmetry_on(data);
    match symmetry {
        Symmetry::None => {}
        Symmetry::FixLargest => {
            // Per-task items: item j is task j.
            let j = data.rank[0];
            for i in 1..m {
                model.cols[data.x(i, j)].upper = 0.0;
            }
        }
        Symmetry::Triangular => {
            for (r, &j) in data.rank.iter().enumerate() {
                for i in (r + 1)..m {
                    model.cols[data.x(i, j)].upper = 0.0;
                }
            }
        }
        Symmetry::Ordered => {
            for i in 0..m.saturating_sub(1) {
                let mut row = Vec::with_capacity(2 * k_len);
                for k in 0..k_len {
                    let key = data.order_key(k);
                    if key != 0.0 {
                        row.push((data.x(i, k), key));
                        row.push((data.x(i + 1, k), -key));
                    }
                }
                model.add_row(0.0, f64::INFINITY, row);
                model.name_row(|| format!("order_s{i}"));
            }
        }
    }
    // (2b): each task in exactly one subset.
    for k in 0..k_len {
        let c = items.count(k) as f64;
        model.add_row(c, c, (0..m).map(|i| (data.x(i, k), 1.0)).collect());
        model.name_row(|| match items.aggregated {
            true => format!("assign_k{k}"),
            false => format!("assign_c{}", items.members[k][0]),
        });
    }
    // Every subset non-empty.
    for i in 0..m {
        model.add_row(1.0, f64::INFINITY, (0..k_len).map(|k| (data.x(i, k), 1.0)).collect());
        model.name_row(|| format!("nonempty_s{i}"));
    }
    let load = |q: usize, i: usize| -> Vec<(usize, f64)> {
        (0..k_len)
            .filter(|&k| items.values[q][k] != 0.0)
            .map(|k| (data.x(i, k), items.values[q][k]))
            .collect()
    };
    let mut spread = [None, None];
    for q in [Quantity::Workload, Quantity::Profit] {
        let qi = q as usize;
        let cap = caps[qi];
        let in_objective = objective.contains(&q);
        if f.kind == Kind::Paper
            && let Some(g) = cap
        {
            // (2c) / (2d): L_i <= g * L_k for every ordered pair.
            for i in 0..m {
                for k in 0..m {
                    if i != k {
                        let mut row = load(qi, i);
                        row.extend(load(qi, k).into_iter().map(|(c, v)| (c, -g * v)));
                        model.add_row(f64::NEG_INFINITY, 0.0, row);
                        model.name_row(|| format!("ratio{}_s{i}_s{k}", qi + 1));
                    }
                }
            }
        }
        let needs_spread = in_objective || (f.kind == Kind::Compact && cap.is_some());
        if !needs_spread {
            continue;
        }
        // Min <= mean load (1) <= Max <= m; a subset with a finite ratio has a positive load.
        let min_lower = data.min_positive[qi].unwrap_or(0.0).min(1.0);
        let max_col = model.add_col(1.0, m as f64, 0.0, false);
        model.name_col(max_col, || format!("max_{}", short(q)));
        let min_col = model.add_col(min_lower, 1.0, 0.0, false);
        model.name_col(min_col, || format!("min_{}", short(q)));
        for i in 0..m {
            let mut row = load(qi, i);
            row.push((max_col, -1.0));
            model.add_row(f64::NEG_INFINITY, 0.0, row);
            model.name_row(|| format!("max_{}_s{i}", short(q)));
            let mut row = load(qi, i);
            row.push((min_col, -1.0));
            model.add_row(0.0, f64::INFINITY, row);
            model.name_row(|| format!("min_{}_s{i}", short(q)));
        }
        if f.kind == Kind::Compact
            && let Some(g) = cap
        {
            model.add_row(f64::NEG_INFINITY, 0.0, vec![(max_col, 1.0), (min_col, -g)]);
            model.name_row(|| format!("cap{}", qi + 1));
        }
        spread[qi] = Some((max_col, min_col));
    }
    Base {
        model,
        spread,
        symmetry,
    }
}

/// Name of item `k`'s column in subset `i`: `x_s{i}_c{j}` (task j) or `n_s{i}_k{k}` (class k).
pub fn item_name(data: &Scaled, i: usize, k: usize) -> String {
    if data.items.aggregated {
        format!("n_s{i}_k{k}")
    } else {
        format!("x_s{i}_c{}", data.items.members[k][0])
    }
}

/// The Dinkelbach subproblem at ratio `t`: minimise `Max_q - t * Min_q` for one quantity, or
/// `max_q (Max_q - t * Min_q)` for two (a free column `z` above each). Its optimum is
/// negative iff some partition has every ratio below `t`.
pub fn with_ratio_objective(base: &Base, objective: &[Quantity], t: f64) -> Model {
    let mut model = base.model.clone();
    let spread = |q: Quantity| base.spread[q as usize].expect("objective quantities have spread columns");
    match objective {
        [q] => {
            let (max_col, min_col) = spread(*q);
            model.cols[max_col].cost = 1.0;
            model.cols[min_col].cost = -t;
        }
        _ => {
            let z = model.add_col(f64::NEG_INFINITY, f64::INFINITY, 1.0, false);
            model.name_col(z, || "z".to_owned());
            for &q in objective {
                let (max_col, min_col) = spread(q);
                model.add_row(0.0, f64::INFINITY, vec![(z, 1.0), (max_col, -1.0), (min_col, t)]);
                model.name_row(|| format!("z_{}", short(q)));
            }
        }
    }
    model
}

/// The makespan model: `base` (built with the workload's spread columns) minimising the
/// workload's `Max`, the largest scaled subset workload (`Max - 1` is the makespan target's
/// value).
pub fn with_makespan_objective(base: &Base) -> Model {
    let (max_col, _) =
        base.spread[Quantity::Workload as usize].expect("the makespan model has the workload's Max column");
    let mut model = base.model.clone();
    model.cols[max_col].cost = 1.0;
    model
}

/// The lump relaxation of `model` (built by [`build`] on `data`): only the `keep` items
/// whose single task is largest (the larger of its scaled workload and profit; ties by index)
/// stay integer, every other item's columns become continuous. Every partition is still a
/// solution, so an optimum of the relaxation bounds the model's; and since the large tasks
/// are what makes a fair split lumpy, the bound is close: on `lognormal:n=100,seed=1`, m = 5,
/// gamma1 <= 1.001, ten integer items bound gamma2 by 1.24987, forty give the same, and the
/// best partition known has 1.25004 (the LP relaxation: 1.19378).
pub fn lump_relaxation(data: &Scaled, mut model: Model, keep: usize) -> Model {
    for &k in lump_order(data).iter().skip(keep) {
        for i in 0..data.m {
            model.cols[data.x(i, k)].integer = false;
        }
    }
    model
}

/// Items by the size of their single task, largest first: the first `keep` are the lump
/// relaxation's integer items.
pub fn lump_order(data: &Scaled) -> Vec<usize> {
    let size = |k: usize| data.items.values[0][k].max(data.items.values[1][k]);
    let mut order: Vec<usize> = (0..data.items.len()).collect();
    order.sort_by(|&a, &b| size(b).total_cmp(&size(a)).then(a.cmp(&b)));
    order
}

/// How many of `c` identical tasks each subset gets from the values `y` (one per subset):
/// clamped to `[0, c]`, rounded down, the remainder to the largest fractional parts (ties:
/// lower subset), any excess taken from the largest counts. Always sums to `c`; an integral
/// `y` (within tolerance) that sums to `c` gives its own rounding.
fn round_counts(y: &[f64], c: usize) -> Vec<usize> {
    let cf = c as f64;
    let clamped: Vec<f64> = y
        .iter()
        .map(|&v| if v.is_nan() { 0.0 } else { v.clamp(0.0, cf) })
        .collect();
    let mut counts: Vec<usize> = clamped.iter().map(|&v| (v + 1e-6).floor() as usize).collect();
    let mut total: usize = counts.iter().sum();
    while total > c {
        let i = (0..counts.len())
            .max_by_key(|&i| (counts[i], std::cmp::Reverse(i)))
            .unwrap_or(0);
        counts[i] -= 1;
        total -= 1;
    }
    if total < c {
        let mut by_frac: Vec<usize> = (0..counts.len()).collect();
        let frac = |i: usize| clamped[i] - counts[i] as f64;
        by_frac.sort_by(|&a, &b| frac(b).total_cmp(&frac(a)).then(a.cmp(&b)));
        for &i in by_frac.iter().cycle().take(c - total) {
            counts[i] += 1;
        }
    }
    counts
}

/// The partition a solution vector encodes: each item's tasks, in index order, fill the
/// subsets' rounded counts in subset order (per-task items: the subset with the largest
/// `x_ij`, so a solution within integrality tolerance rounds to what the backend meant).
pub fn decode(data: &Scaled, x: &[f64]) -> Partition {
    let mut assignment = vec![0u32; data.n];
    for (k, members) in data.items.members.iter().enumerate() {
        let y: Vec<f64> = (0..data.m).map(|i| x[data.x(i, k)]).collect();
        let mut tasks = members.iter();
        for (i, c) in round_counts(&y, members.len()).into_iter().enumerate() {
            for &j in tasks.by_ref().take(c) {
                assignment[j] = i as u32;
            }
        }
    }
    Partition::from_assignment(data.m, assignment)
}

/// `partition` with its subsets relabelled to meet `symmetry`'s rows (the same partition).
pub fn canonical(data: &Scaled, symmetry: Symmetry, partition: &Partition) -> Partition {
    let m = data.m;
    let a = partition.assignment();
    // new_label[old] = new.
    let mut new_label: Vec<u32> = (0..m as u32).collect();
    match symmetry {
        Symmetry::None => return partition.clone(),
        Symmetry::FixLargest => {
            let s = a[data.rank[0]];
            new_label.swap(0, s as usize);
        }
        Symmetry::Triangular => {
            let mut seen = vec![false; m];
            let mut next = 0u32;
            for &j in &data.rank {
                let s = a[j] as usize;
                if !seen[s] {
                    seen[s] = true;
                    new_label[s] = next;
                    next += 1;
                }
            }
            // Empty subsets (no valid partition has one) keep the last labels.
            for (s, seen) in seen.iter().enumerate() {
                if !seen {
                    new_label[s] = next;
                    next += 1;
                }
            }
        }
        Symmetry::Ordered => {
            let mut key = vec![0.0f64; m];
            for (k, members) in data.items.members.iter().enumerate() {
                for &j in members {
                    key[a[j] as usize] += data.order_key(k);
                }
            }
            let mut order: Vec<usize> = (0..m).collect();
            order.sort_by(|&x, &y| key[y].total_cmp(&key[x]).then(x.cmp(&y)));
            for (new, &old) in order.iter().enumerate() {
                new_label[old] = new as u32;
            }
        }
    }
    Partition::from_assignment(m, a.iter().map(|&s| new_label[s as usize]).collect())
}

/// A solution vector for `partition` in a model built by [`build`] (subsets relabelled for
/// the model's symmetry breaking; spread columns at their tightest values; any extra column,
/// like Dinkelbach's `z`, at its best value for `t`): the warm start handed to backends.
pub fn encode(data: &Scaled, base: &Base, model: &Model, partition: &Partition, t: Option<f64>) -> Vec<f64> {
    let partition = canonical(data, base.symmetry, partition);
    let mut x = vec![0.0; model.cols.len()];
    let mut item_of = vec![0usize; data.n];
    for (k, members) in data.items.members.iter().enumerate() {
        for &j in members {
            item_of[j] = k;
        }
    }
    for (j, &i) in partition.assignment().iter().enumerate() {
        x[data.x(i as usize, item_of[j])] += 1.0;
    }
    let loads = data.loads(&partition);
    let mut z = f64::NEG_INFINITY;
    for (spread, load) in base.spread.iter().zip(&loads) {
        if let Some((max_col, min_col)) = *spread {
            let max = load.iter().copied().fold(f64::NEG_INFINITY, f64::max);
            let min = load.iter().copied().fold(f64::INFINITY, f64::min);
            x[max_col] = max;
            x[min_col] = min;
            if let Some(t) = t {
                z = z.max(max - t * min);
            }
        }
    }
    if model.cols.len() > base.model.cols.len() {
        x[base.model.cols.len()] = z;
    }
    x
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::Task;

    fn instance() -> Instance {
        // Classes: (5, 2) x3, (5, 1) x2, (3, 2) x1, (1, 1) x2.
        let t = [(5, 2), (3, 2), (5, 1), (5, 2), (1, 1), (5, 2), (5, 1), (1, 1)];
        Instance::new("dups", t.iter().map(|&(w, r)| Task::new(w, r)).collect()).unwrap()
    }

    fn f(vars: Vars, symmetry: Symmetry) -> Formulation {
        Formulation {
            kind: Kind::Compact,
            symmetry,
            vars,
        }
    }

    #[test]
    fn identical_tasks_form_classes_only_when_asked_or_useful() {
        let inst = instance();
        let agg = Scaled::new(&inst, 3, Vars::Auto);
        assert!(agg.items.aggregated);
        assert_eq!(agg.items.members, vec![vec![0, 3, 5], vec![2, 6], vec![1], vec![4, 7]]);
        let per = Scaled::new(&inst, 3, Vars::PerTask);
        assert!(!per.items.aggregated);
        assert_eq!(per.items.len(), 8);
        // No duplicates: Auto keeps one item per task.
        let distinct = Instance::new("d", vec![Task::new(1, 1), Task::new(2, 1), Task::new(2, 2)]).unwrap();
        assert!(!Scaled::new(&distinct, 2, Vars::Auto).items.aggregated);
        assert!(Scaled::new(&distinct, 2, Vars::Aggregated).items.aggregated);
        // The aggregated model has integer columns bounded by the class sizes.
        let base = build(
            &agg,
            [Some(1.5), None],
            &[Quantity::Profit],
            f(Vars::Auto, Symmetry::Triangular),
        );
        assert_eq!(base.symmetry, Symmetry::Ordered);
        let uppers: Vec<f64> = (0..4).map(|k| base.model.cols[agg.x(1, k)].upper).collect();
        assert_eq!(uppers, vec![3.0, 2.0, 1.0, 2.0]);
        assert!(base.model.cols[..12].iter().all(|c| c.integer && c.lower == 0.0));
    }

    #[test]
    fn encode_then_decode_gives_the_same_partition_and_a_solution_of_the_model() {
        let inst = instance();
        let p = Partition::from_assignment(3, vec![2, 0, 1, 1, 2, 0, 0, 1]);
        let fair = p.fairness(&inst);
        for vars in [Vars::PerTask, Vars::Aggregated] {
            for sym in [
                Symmetry::None,
                Symmetry::FixLargest,
                Symmetry::Triangular,
                Symmetry::Ordered,
            ] {
                let data = Scaled::new(&inst, 3, vars);
                let base = build(&data, [Some(10.0), Some(10.0)], &[Quantity::Profit], f(vars, sym));
                let model = with_ratio_objective(&base, &[Quantity::Profit], 1.5);
                let x = encode(&data, &base, &model, &p, Some(1.5));
                assert!(model.is_solution(&x, 1e-9), "{vars:?} {sym:?}");
                let q = decode(&data, &x);
                assert_eq!(q.fairness(&inst), fair, "{vars:?} {sym:?}");
                // The same subsets up to labels (and, aggregated, up to identical tasks).
                assert_eq!(shape(&data, &p), shape(&data, &q), "{vars:?} {sym:?}");
            }
        }
    }

    /// Each subset's item counts, sorted: a partition up to labels and identical tasks.
    fn shape(data: &Scaled, p: &Partition) -> Vec<Vec<usize>> {
        let mut counts = vec![vec![0; data.items.len()]; data.m];
        for (k, members) in data.items.members.iter().enumerate() {
            for &j in members {
                counts[p.assignment()[j] as usize][k] += 1;
            }
        }
        counts.sort();
        counts
    }

    #[test]
    fn counts_round_to_the_class_size_whatever_the_solver_returns() {
        assert_eq!(round_counts(&[2.0, 0.0, 1.0], 3), vec![2, 0, 1]);
        assert_eq!(round_counts(&[1.999_999_9, 1e-9, 1.000_000_1], 3), vec![2, 0, 1]);
        assert_eq!(round_counts(&[0.4, 0.6], 1), vec![0, 1]);
        assert_eq!(round_counts(&[0.5, 0.5], 1), vec![1, 0]);
        assert_eq!(round_counts(&[3.0, 3.0], 3), vec![1, 2]);
        assert_eq!(round_counts(&[-1.0, f64::NAN, 0.0], 2), vec![1, 1, 0]);
    }
}
