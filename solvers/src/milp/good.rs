//! Translation of a [`Model`] into good_lp, shared by the good_lp backends (HiGHS, CBC,
//! microlp): one variable per column, one or two good_lp constraints per ranged row.

use super::model::Model;
use good_lp::{Expression, ProblemVariables, Solver, SolverModel, Variable, constraint, variable};

/// Builds `model` for `solver`; returns the solver's model and the variable of each column.
pub fn build<S: Solver>(model: &Model, solver: S) -> (S::Model, Vec<Variable>) {
    let mut vars = ProblemVariables::new();
    let cols: Vec<Variable> = model
        .cols
        .iter()
        .map(|c| {
            let def = variable().min(c.lower).max(c.upper);
            vars.add(if c.integer { def.integer() } else { def })
        })
        .collect();
    let mut objective = Expression::with_capacity(cols.len());
    for (v, c) in cols.iter().zip(&model.cols) {
        if c.cost != 0.0 {
            objective.add_mul(c.cost, *v);
        }
    }
    let mut problem = vars.minimise(objective).using(solver);
    for row in &model.rows {
        let mut expr = Expression::with_capacity(row.coefs.len());
        for &(c, a) in &row.coefs {
            expr.add_mul(a, cols[c]);
        }
        if row.lower == row.upper {
            problem.add_constraint(constraint::eq(expr, row.lower));
            continue;
        }
        if row.lower.is_finite() {
            problem.add_constraint(constraint::geq(expr.clone(), row.lower));
        }
        if row.upper.is_finite() {
            problem.add_constraint(constraint::leq(expr, row.upper));
        }
    }
    (problem, cols)
}
