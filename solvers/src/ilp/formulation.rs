//! The partition ILP, built once for every backend.
//!
//! Binary `x_ij` = task j in subset i (column `i * n + j`). Every formulation has
//! - (2b) each task in exactly one subset: `sum_i x_ij = 1`;
//! - every subset non-empty: `sum_j x_ij >= 1` (implied by (2c) for positive data; it keeps the
//!   ratio denominators positive when a quantity is only in the objective).
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
    /// The task with the largest workload is in subset 0.
    FixLargest,
    /// With tasks ranked by workload (largest first), the task of rank r is in a subset
    /// `<= r`: subsets labelled in order of their largest task. Implies `FixLargest`.
    Triangular,
}

/// A formulation: how caps are written, and which symmetry breaking.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Formulation {
    /// Cap rows.
    pub kind: Kind,
    /// Symmetry breaking.
    pub symmetry: Symmetry,
}

/// The two balanced quantities.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Quantity {
    /// Workload (gamma1).
    Workload = 0,
    /// Profit (gamma2).
    Profit = 1,
}

/// The instance's workloads and profits, scaled so the mean subset load is 1.
#[derive(Clone, Debug)]
pub struct Scaled {
    /// n.
    pub n: usize,
    /// m.
    pub m: usize,
    /// Scaled values per quantity (index = `Quantity as usize`).
    pub values: [Vec<f64>; 2],
    /// Smallest positive scaled value per quantity (`None`: all zero). A subset with a
    /// positive load holds at least this much.
    pub min_positive: [Option<f64>; 2],
    /// Tasks with a positive value, per quantity: below m, every partition has an infinite
    /// gamma for that quantity.
    pub positive: [usize; 2],
    /// Task indices by workload, largest first (ties by index): the order symmetry uses.
    pub rank: Vec<usize>,
}

impl Scaled {
    /// Scales `instance` for `m` subsets.
    pub fn new(instance: &Instance, m: usize) -> Self {
        let tasks = instance.tasks();
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
        let mut rank: Vec<usize> = (0..tasks.len()).collect();
        rank.sort_by(|&a, &b| tasks[b].workload.cmp(&tasks[a].workload).then(a.cmp(&b)));
        Scaled {
            n: tasks.len(),
            m,
            min_positive: [min_pos(&w), min_pos(&p)],
            positive: [positive(&w), positive(&p)],
            values: [w, p],
            rank,
        }
    }

    /// Column of `x_ij`.
    pub fn x(&self, i: usize, j: usize) -> usize {
        i * self.n + j
    }

    /// Can some partition have a finite gamma for `q` (at least m tasks with a positive value)?
    pub fn finite_possible(&self, q: Quantity) -> bool {
        self.positive[q as usize] >= self.m
    }
}

/// A built model and where its spread variables are.
#[derive(Clone, Debug)]
pub struct Base {
    /// The model (zero objective).
    pub model: Model,
    /// `(Max, Min)` columns per quantity, when the model has them.
    pub spread: [Option<(usize, usize)>; 2],
}

/// Builds the model for `data` with caps `caps[q]` on each quantity's gamma (already adjusted
/// for floating point by the caller) and spread columns for each quantity in `objective`.
pub fn build(data: &Scaled, caps: [Option<f64>; 2], objective: &[Quantity], f: Formulation) -> Base {
    let (n, m) = (data.n, data.m);
    let mut model = Model::default();
    for _ in 0..m {
        for _ in 0..n {
            model.add_col(0.0, 1.0, 0.0, true);
        }
    }
    match f.symmetry {
        Symmetry::None => {}
        Symmetry::FixLargest => {
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
    }
    // (2b): each task in exactly one subset.
    for j in 0..n {
        model.add_row(1.0, 1.0, (0..m).map(|i| (data.x(i, j), 1.0)).collect());
    }
    // Every subset non-empty.
    for i in 0..m {
        model.add_row(1.0, f64::INFINITY, (0..n).map(|j| (data.x(i, j), 1.0)).collect());
    }
    let load = |q: usize, i: usize| -> Vec<(usize, f64)> {
        (0..n)
            .filter(|&j| data.values[q][j] != 0.0)
            .map(|j| (data.x(i, j), data.values[q][j]))
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
        let min_col = model.add_col(min_lower, 1.0, 0.0, false);
        for i in 0..m {
            let mut row = load(qi, i);
            row.push((max_col, -1.0));
            model.add_row(f64::NEG_INFINITY, 0.0, row);
            let mut row = load(qi, i);
            row.push((min_col, -1.0));
            model.add_row(0.0, f64::INFINITY, row);
        }
        if f.kind == Kind::Compact
            && let Some(g) = cap
        {
            model.add_row(f64::NEG_INFINITY, 0.0, vec![(max_col, 1.0), (min_col, -g)]);
        }
        spread[qi] = Some((max_col, min_col));
    }
    Base { model, spread }
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
            for &q in objective {
                let (max_col, min_col) = spread(q);
                model.add_row(0.0, f64::INFINITY, vec![(z, 1.0), (max_col, -1.0), (min_col, t)]);
            }
        }
    }
    model
}

/// The partition a solution vector encodes: each task in the subset with the largest `x_ij`
/// (so a solution within integrality tolerance rounds to what the backend meant).
pub fn decode(data: &Scaled, x: &[f64]) -> Partition {
    let assignment = (0..data.n)
        .map(|j| {
            (0..data.m)
                .max_by(|&a, &b| x[data.x(a, j)].total_cmp(&x[data.x(b, j)]).then(b.cmp(&a)))
                .unwrap_or(0) as u32
        })
        .collect();
    Partition::from_assignment(data.m, assignment)
}

/// A solution vector for `partition` in a model built by [`build`] (spread columns at their
/// tightest values; any extra column, like Dinkelbach's `z`, at its best value for `t`):
/// the warm start handed to backends.
pub fn encode(data: &Scaled, base: &Base, model: &Model, partition: &Partition, t: Option<f64>) -> Vec<f64> {
    let mut x = vec![0.0; model.cols.len()];
    let mut loads = [vec![0.0; data.m], vec![0.0; data.m]];
    for (j, &i) in partition.assignment().iter().enumerate() {
        let i = i as usize;
        x[data.x(i, j)] = 1.0;
        for (load, values) in loads.iter_mut().zip(&data.values) {
            load[i] += values[j];
        }
    }
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
