//! A backend-neutral mixed-integer linear model: what the formulation builds and every
//! backend translates. Minimisation; rows are ranged (`lower <= a.x <= upper`, either side
//! may be infinite).
//!
//! Names are optional: a model built for export ([`Model::named`]) carries a name per column
//! and row (see [`super::formulation`] for the scheme); a model built for solving carries none
//! and pays nothing for them.

/// One variable.
#[derive(Clone, Debug, PartialEq)]
pub struct Col {
    /// Lower bound (may be `-inf`).
    pub lower: f64,
    /// Upper bound (may be `+inf`).
    pub upper: f64,
    /// Objective coefficient.
    pub cost: f64,
    /// Integer-constrained?
    pub integer: bool,
}

/// One constraint `lower <= sum coef * x <= upper`.
#[derive(Clone, Debug, PartialEq)]
pub struct Row {
    /// Lower side (may be `-inf`).
    pub lower: f64,
    /// Upper side (may be `+inf`).
    pub upper: f64,
    /// Sparse coefficients (column index, value); each column at most once.
    pub coefs: Vec<(usize, f64)>,
}

/// Column and row names, one per column and row, in order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Names {
    /// Column names.
    pub cols: Vec<String>,
    /// Row names.
    pub rows: Vec<String>,
}

/// A minimisation MILP. Invariants: every row's column indices are `< cols.len()`; with
/// names, there is one per column and one per row.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Model {
    /// Variables.
    pub cols: Vec<Col>,
    /// Constraints.
    pub rows: Vec<Row>,
    /// Names, when the model was built [`Model::named`] (for export only).
    pub names: Option<Names>,
}

impl Model {
    /// An empty model that names its columns and rows: each gets `c{index}` / `r{index}`
    /// until [`Model::name_col`] / [`Model::name_row`] says better.
    pub fn named() -> Model {
        Model {
            names: Some(Names::default()),
            ..Model::default()
        }
    }

    /// Adds a variable and returns its index.
    pub fn add_col(&mut self, lower: f64, upper: f64, cost: f64, integer: bool) -> usize {
        self.cols.push(Col {
            lower,
            upper,
            cost,
            integer,
        });
        let c = self.cols.len() - 1;
        if let Some(names) = &mut self.names {
            names.cols.push(format!("c{c}"));
        }
        c
    }

    /// Adds a constraint `lower <= coefs . x <= upper`.
    pub fn add_row(&mut self, lower: f64, upper: f64, coefs: Vec<(usize, f64)>) {
        debug_assert!(coefs.iter().all(|&(c, _)| c < self.cols.len()));
        self.rows.push(Row { lower, upper, coefs });
        if let Some(names) = &mut self.names {
            names.rows.push(format!("r{}", self.rows.len() - 1));
        }
    }

    /// Names column `c` with `name()`, called only when the model keeps names.
    #[inline]
    pub fn name_col(&mut self, c: usize, name: impl FnOnce() -> String) {
        if let Some(names) = &mut self.names {
            names.cols[c] = name();
        }
    }

    /// Names the last row added with `name()`, called only when the model keeps names.
    #[inline]
    pub fn name_row(&mut self, name: impl FnOnce() -> String) {
        if let Some(names) = &mut self.names
            && let Some(last) = names.rows.last_mut()
        {
            *last = name();
        }
    }

    /// Number of non-zero coefficients.
    pub fn nonzeros(&self) -> usize {
        self.rows.iter().map(|r| r.coefs.len()).sum()
    }

    /// Drops every integrality requirement (the LP relaxation).
    pub fn relaxed(mut self) -> Model {
        for c in &mut self.cols {
            c.integer = false;
        }
        self
    }

    /// Is `x` a solution: integral where required, within bounds and rows, to `tol`?
    pub fn is_solution(&self, x: &[f64], tol: f64) -> bool {
        x.len() == self.cols.len()
            && self
                .cols
                .iter()
                .zip(x)
                .all(|(c, &v)| v >= c.lower - tol && v <= c.upper + tol && (!c.integer || (v - v.round()).abs() <= tol))
            && self.rows.iter().all(|r| {
                let a: f64 = r.coefs.iter().map(|&(c, v)| v * x[c]).sum();
                a >= r.lower - tol && a <= r.upper + tol
            })
    }

    /// Objective value of `x`.
    pub fn objective(&self, x: &[f64]) -> f64 {
        self.cols.iter().zip(x).map(|(c, v)| c.cost * v).sum()
    }
}
