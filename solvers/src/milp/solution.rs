//! A MILP solver's solution of an exported model, mapped back to an assignment of contracts
//! to subsets by the column names alone (see [`super::formulation`] for the names and
//! [`ModelMap`], the sidecar written beside every exported model).
//!
//! Solution files read ([`values`] tells them apart by their first line):
//! - HiGHS (`highs --solution_file`, `Highs_writeSolution`, the raw style): `Model status`,
//!   then under `# Primal solution values` a `# Columns N` block of `name value` lines
//!   (sparse and partial blocks too: `name value index`);
//! - SCIP (`write solution`): `solution status: ...`, `objective value: ...`, then
//!   `name value (obj:c)`;
//! - CBC (`solu FILE`): `Optimal - objective value ...`, then `index name value cost`
//!   (a leading `**` marks an infeasible value and is skipped);
//! - Gurobi (`.sol`) and any other: `# comment` lines, then `name value`.
//!
//! Solvers often list only the non-zero values: a column missing from the file is 0. Binaries
//! (`x_s{i}_c{j}`) are 1 above 0.5 and must be within [`INTEGRALITY_TOL`] of 0 or 1; counts
//! (`n_s{i}_k{k}`) must be integral to that tolerance, and class k's counts must sum to its
//! size: its contracts, in the map's order, fill subset 0's count first, then subset 1's, and
//! so on. Every error names the file, and the line where there is one.

use serde::{Deserialize, Serialize};
use std::collections::{BTreeMap, HashMap};

/// How far from an integer a binary or count may be (solvers' usual integrality tolerance).
pub const INTEGRALITY_TOL: f64 = 1e-5;

/// The `format` field of every map: bumped when a field changes meaning.
pub const MAP_FORMAT: &str = "fairshard-model-map/1";

/// Which variables place contracts in subsets.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Variables {
    /// `x_s{i}_c{j}`: 1 iff contract j is in subset i.
    Binaries,
    /// `n_s{i}_k{k}`: how many contracts of class k subset i holds.
    Counts,
}

/// Divisors of the model's coefficients: a contract's coefficient is its workload (profit)
/// divided by this, the mean subset load (total / m).
#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
pub struct Scale {
    /// Mean subset workload.
    pub workload: f64,
    /// Mean subset profit.
    pub profit: f64,
}

/// The sidecar of an exported model (`STEM.map.json`): what its columns mean, enough to map
/// a solution back to contracts and subsets without rebuilding the model.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ModelMap {
    /// [`MAP_FORMAT`].
    pub format: String,
    /// The instance's name (its spec or CSV).
    pub instance: String,
    /// Contracts n: contract j is the instance's 0-based index j (the CSV's data row j).
    pub n: usize,
    /// Subsets m, 0-based (`s0` .. `s{m-1}`), as `fairshard check` numbers them.
    pub m: usize,
    /// Total workload of the instance (a check that a solution meets its instance).
    pub total_workload: String,
    /// Total profit of the instance.
    pub total_profit: String,
    /// `paper`, `compact` or `counts`.
    pub model: String,
    /// `feasibility`, `workload`, `profit` or `balanced`.
    pub target: String,
    /// Cap on gamma1 asked for.
    pub gamma1: Option<f64>,
    /// Cap on gamma2 asked for.
    pub gamma2: Option<f64>,
    /// Caps as written in the rows: asked for times (1 + 1e-9), the tolerance every cap
    /// check allows.
    pub caps_written: [Option<f64>; 2],
    /// The Dinkelbach t of the objective `Max - t * Min` (none for feasibility).
    pub dinkelbach_t: Option<f64>,
    /// Which variables place contracts: binaries or class counts.
    pub variables: Variables,
    /// The coefficients' divisors.
    pub scale: Scale,
    /// Column name patterns and what they mean.
    pub columns: BTreeMap<String, String>,
    /// Row name patterns and what they mean.
    pub rows: BTreeMap<String, String>,
    /// The model's other columns (spread, `z`), each named exactly.
    pub other_columns: Vec<String>,
    /// With counts, the contracts of class k (ascending), for `n_s{i}_k{k}`; else empty.
    pub classes: Vec<Vec<usize>>,
    /// Size of the model written.
    pub size: Size,
}

/// Rows, columns and non-zeros of a model.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Size {
    /// Rows.
    pub rows: usize,
    /// Columns.
    pub cols: usize,
    /// Non-zero coefficients.
    pub nonzeros: usize,
}

/// One value from a solution file.
#[derive(Clone, Debug, PartialEq)]
pub struct Value {
    /// Column name.
    pub name: String,
    /// Value.
    pub value: f64,
    /// 1-based line.
    pub line: usize,
}

/// The values of a solution file and which solver's format it is in.
#[derive(Clone, Debug, PartialEq)]
pub struct Values {
    /// `HiGHS`, `SCIP`, `CBC` or `name value`.
    pub format: &'static str,
    /// Column values, in file order.
    pub values: Vec<Value>,
}

/// Does `text` look like a solution file (rather than one subset index per line)?
pub fn looks_like_solution(text: &str) -> bool {
    text.lines()
        .map(str::trim)
        .find(|l| !l.is_empty() && !l.starts_with('#'))
        .is_some_and(|l| l.parse::<u64>().is_err())
        || text.trim_start().starts_with("# Solution")
}

fn number(file: &str, line: usize, s: &str) -> Result<f64, String> {
    match s.parse::<f64>() {
        Ok(v) if v.is_finite() => Ok(v),
        _ => Err(format!("{file}:{line}: `{s}` is not a finite number")),
    }
}

/// Reads the column values of a solution file (`file` names it in errors).
pub fn values(file: &str, text: &str) -> Result<Values, String> {
    let lines: Vec<(usize, &str)> = text.lines().enumerate().map(|(k, l)| (k + 1, l.trim())).collect();
    let first = lines.iter().find(|(_, l)| !l.is_empty()).map_or("", |(_, l)| *l);
    if first.starts_with("Model status:") {
        return Err(format!(
            "{file}: HiGHS's pretty solution style cannot be read back: write the raw style (write_solution_style = 0, the default)"
        ));
    }
    if first == "Model status" {
        return highs(file, &lines).map(|values| Values {
            format: "HiGHS",
            values,
        });
    }
    let lower = first.to_ascii_lowercase();
    let (format, skip_index) = if lower.starts_with("solution status:") || lower.starts_with("objective value:") {
        ("SCIP", false)
    } else if lower.contains("objective value") && !first.starts_with('#') {
        let l = lower.trim_start();
        if l.starts_with("infeasible") || l.starts_with("integer infeasible") || l.starts_with("unbounded") {
            return Err(format!("{file}:1: CBC found no solution: `{first}`"));
        }
        ("CBC", true)
    } else {
        ("name value", false)
    };
    let mut values = Vec::new();
    for &(line, l) in &lines {
        let ll = l.to_ascii_lowercase();
        if l.is_empty() || l.starts_with('#') {
            continue;
        }
        if format == "SCIP" && (ll.starts_with("solution status:") || ll.starts_with("objective value:")) {
            continue;
        }
        if format == "SCIP" && ll.starts_with("no solution") {
            return Err(format!("{file}:{line}: SCIP found no solution: `{l}`"));
        }
        if format == "CBC" && line == lines.iter().find(|(_, l)| !l.is_empty()).map_or(0, |(k, _)| *k) {
            continue;
        }
        let mut tokens: Vec<&str> = l.split_whitespace().collect();
        if skip_index {
            if tokens.first() == Some(&"**") {
                tokens.remove(0);
            }
            if tokens.len() < 3 || tokens[0].parse::<u64>().is_err() {
                return Err(format!(
                    "{file}:{line}: `{l}` is not a CBC solution line (index name value reduced-cost)"
                ));
            }
            tokens.remove(0);
        }
        let ok = match format {
            "SCIP" => tokens.len() == 2 || (tokens.len() >= 3 && tokens[2].starts_with("(obj:")),
            "CBC" => tokens.len() == 2 || tokens.len() == 3,
            _ => tokens.len() == 2,
        };
        if !ok {
            return Err(format!(
                "{file}:{line}: `{l}` is not a `name value` line ({format} format)"
            ));
        }
        values.push(Value {
            name: tokens[0].to_owned(),
            value: number(file, line, tokens[1])?,
            line,
        });
    }
    Ok(Values { format, values })
}

/// The `# Columns` block of a HiGHS raw solution file.
fn highs(file: &str, lines: &[(usize, &str)]) -> Result<Vec<Value>, String> {
    let status = lines
        .iter()
        .skip_while(|(_, l)| *l != "Model status")
        .nth(1)
        .map_or("", |(_, l)| *l);
    let Some(at) = lines.iter().position(|(_, l)| *l == "# Primal solution values") else {
        return Err(format!(
            "{file}: a HiGHS solution file without `# Primal solution values`"
        ));
    };
    let mut rest = lines[at + 1..].iter();
    if let Some(&(line, l)) = rest.next()
        && l == "None"
    {
        return Err(format!(
            "{file}:{line}: HiGHS found no solution (model status: {status})"
        ));
    }
    let Some(&(line, header)) = rest.by_ref().find(|(_, l)| l.starts_with("# Columns")) else {
        return Err(format!("{file}: a HiGHS solution file without a `# Columns` block"));
    };
    let count: i64 = header
        .split_whitespace()
        .nth(2)
        .and_then(|c| c.parse().ok())
        .ok_or_else(|| format!("{file}:{line}: `{header}`: expected `# Columns N`"))?;
    let mut values = Vec::new();
    for &(line, l) in rest.take(count.unsigned_abs() as usize) {
        let tokens: Vec<&str> = l.split_whitespace().collect();
        if l.starts_with('#') || !(tokens.len() == 2 || tokens.len() == 3) {
            return Err(format!(
                "{file}:{line}: `{l}` is not a `name value` line: the `# Columns {count}` block ends early"
            ));
        }
        values.push(Value {
            name: tokens[0].to_owned(),
            value: number(file, line, tokens[1])?,
            line,
        });
    }
    Ok(values)
}

/// `prefix{a}{mid}{b}` as two indices.
fn indices(name: &str, prefix: &str, mid: &str) -> Option<(usize, usize)> {
    let (a, b) = name.strip_prefix(prefix)?.split_once(mid)?;
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|c| c.is_ascii_digit());
    (digits(a) && digits(b)).then(|| Some((a.parse().ok()?, b.parse().ok()?)))?
}

/// The assignment (one 0-based subset per contract) a solution file encodes for the model
/// `map` describes; `file` names it in errors.
pub fn assignment(file: &str, text: &str, map: &ModelMap) -> Result<Vec<u32>, String> {
    if map.format != MAP_FORMAT {
        return Err(format!(
            "the model map is in format `{}`, this fairshard reads `{MAP_FORMAT}`",
            map.format
        ));
    }
    let vals = values(file, text)?;
    if vals.values.is_empty() {
        return Err(format!("{file}: no variable values found ({} format)", vals.format));
    }
    let (m, n) = (map.m, map.n);
    let (prefix, mid, what, size) = match map.variables {
        Variables::Binaries => ("x_s", "_c", "contract", n),
        Variables::Counts => ("n_s", "_k", "class", map.classes.len()),
    };
    let pattern = format!("{prefix}{{subset}}{mid}{{{what}}}");
    let mut seen: HashMap<&str, usize> = HashMap::new();
    // value[item][subset] = (integer value, line), for non-zero values.
    let mut placed: Vec<Vec<(usize, u64, usize)>> = vec![Vec::new(); size];
    for v in &vals.values {
        let at = format!("{file}:{}", v.line);
        if let Some(first) = seen.insert(&v.name, v.line) {
            return Err(format!("{at}: `{}` is given twice (first on line {first})", v.name));
        }
        let Some((i, k)) = indices(&v.name, prefix, mid) else {
            if map.other_columns.contains(&v.name) {
                continue;
            }
            return Err(format!(
                "{at}: `{}` is not a column of this {} model (its columns: {pattern}, {})",
                v.name,
                map.model,
                map.other_columns.join(", ")
            ));
        };
        if i >= m {
            return Err(format!("{at}: `{}`: subset {i} is not below m = {m}", v.name));
        }
        if k >= size {
            return Err(format!("{at}: `{}`: {what} {k} is not below {size}", v.name));
        }
        let r = v.value.round();
        if (v.value - r).abs() > INTEGRALITY_TOL {
            return Err(format!(
                "{at}: `{}` = {}: not integral (a {} must be a whole number)",
                v.name,
                v.value,
                if map.variables == Variables::Binaries {
                    "binary"
                } else {
                    "count"
                }
            ));
        }
        let upper = match map.variables {
            Variables::Binaries => 1.0,
            Variables::Counts => map.classes[k].len() as f64,
        };
        if r < 0.0 || r > upper {
            return Err(format!(
                "{at}: `{}` = {}: outside its bounds [0, {upper}]",
                v.name, v.value
            ));
        }
        if r > 0.0 {
            placed[k].push((i, r as u64, v.line));
        }
    }
    let mut out = vec![0u32; n];
    let mut assigned = vec![false; n];
    for (k, subsets) in placed.iter_mut().enumerate() {
        subsets.sort_unstable();
        match map.variables {
            Variables::Binaries => match subsets.as_slice() {
                [] => {
                    return Err(format!(
                        "{file}: contract {k} is in no subset: no x_s{{subset}}_c{k} is 1 (a column missing from the file is 0)"
                    ));
                }
                [(i, _, _)] => {
                    out[k] = *i as u32;
                    assigned[k] = true;
                }
                [(a, _, la), (b, _, lb), ..] => {
                    return Err(format!(
                        "{file}:{}: contract {k} is assigned twice: to subset {a} (line {la}) and to subset {b} (line {lb})",
                        la.max(lb)
                    ));
                }
            },
            Variables::Counts => {
                let members = &map.classes[k];
                let total: u64 = subsets.iter().map(|s| s.1).sum();
                if total != members.len() as u64 {
                    let lines: Vec<String> = subsets.iter().map(|s| s.2.to_string()).collect();
                    return Err(format!(
                        "{file}{}: class {k} has {} contracts ({members:?}) but its counts n_s{{subset}}_k{k} sum to {total}{}",
                        subsets.last().map_or(String::new(), |s| format!(":{}", s.2)),
                        members.len(),
                        if lines.is_empty() {
                            " (no count of it in the file)".to_owned()
                        } else {
                            format!(" (lines {})", lines.join(", "))
                        }
                    ));
                }
                let mut tasks = members.iter();
                for &(i, c, _) in subsets.iter() {
                    for &j in tasks.by_ref().take(c as usize) {
                        if j >= n || assigned[j] {
                            return Err(format!(
                                "the model map lists contract {j} in more than one class or beyond n = {n}"
                            ));
                        }
                        out[j] = i as u32;
                        assigned[j] = true;
                    }
                }
            }
        }
    }
    if let Some(j) = assigned.iter().position(|a| !a) {
        return Err(format!("the model map's classes leave contract {j} out"));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(variables: Variables, classes: Vec<Vec<usize>>) -> ModelMap {
        ModelMap {
            format: MAP_FORMAT.into(),
            instance: "t".into(),
            n: 3,
            m: 2,
            total_workload: "0".into(),
            total_profit: "0".into(),
            model: "compact".into(),
            target: "feasibility".into(),
            gamma1: None,
            gamma2: None,
            caps_written: [None, None],
            dinkelbach_t: None,
            variables,
            scale: Scale {
                workload: 1.0,
                profit: 1.0,
            },
            columns: BTreeMap::new(),
            rows: BTreeMap::new(),
            other_columns: vec!["max_work".into()],
            classes,
            size: Size {
                rows: 0,
                cols: 0,
                nonzeros: 0,
            },
        }
    }

    #[test]
    fn export_solution_formats_give_the_same_values() {
        let highs = "Model status\nOptimal\n\n# Primal solution values\nFeasible\nObjective 0\n# Columns 2\nx_s0_c0 1\nmax_work 1.5\n# Rows 1\nr0 1\n\n# Dual solution values\nNone\n";
        let gurobi = "# Solution for model ilp\n# Objective value = 0\nx_s0_c0 1\nmax_work 1.5\n";
        let scip = "solution status: optimal solution found\nobjective value: 0\nx_s0_c0 1 \t(obj:0)\nmax_work 1.5 \t(obj:0)\n";
        let cbc = "Optimal - objective value 0.00000000\n      0 x_s0_c0 1 0\n      7 max_work 1.5 0\n";
        for (text, format) in [(highs, "HiGHS"), (gurobi, "name value"), (scip, "SCIP"), (cbc, "CBC")] {
            let v = values("f", text).unwrap();
            assert_eq!(v.format, format);
            let pairs: Vec<(&str, f64)> = v.values.iter().map(|v| (v.name.as_str(), v.value)).collect();
            assert_eq!(pairs, vec![("x_s0_c0", 1.0), ("max_work", 1.5)], "{format}");
        }
        let none = "Model status\nInfeasible\n\n# Primal solution values\nNone\n";
        assert!(
            values("f", none)
                .unwrap_err()
                .contains("f:5: HiGHS found no solution (model status: Infeasible)")
        );
    }

    #[test]
    fn export_maps_binaries_and_counts_back_with_file_line_errors() {
        let b = map(Variables::Binaries, vec![]);
        assert_eq!(
            assignment("f", "x_s1_c0 1\nx_s0_c1 1\nx_s1_c2 0.9999999\n", &b).unwrap(),
            vec![1, 0, 1]
        );
        let e = assignment("f", "x_s1_c0 1\nx_s0_c0 1\nx_s0_c1 1\nx_s1_c2 1\n", &b).unwrap_err();
        assert!(e.starts_with("f:2: contract 0 is assigned twice"), "{e}");
        let e = assignment("f", "x_s1_c0 1\nx_s1_c2 1\n", &b).unwrap_err();
        assert!(e.contains("contract 1 is in no subset"), "{e}");
        let e = assignment("f", "x_s1_c0 1\nx_s2_c1 1\n", &b).unwrap_err();
        assert!(e.starts_with("f:2: `x_s2_c1`: subset 2 is not below m = 2"), "{e}");
        let e = assignment("f", "x_s1_c0 1\ny 1\n", &b).unwrap_err();
        assert!(e.starts_with("f:2: `y` is not a column"), "{e}");
        let e = assignment("f", "x_s1_c0 0.5\n", &b).unwrap_err();
        assert!(e.starts_with("f:1: `x_s1_c0` = 0.5: not integral"), "{e}");
        let c = map(Variables::Counts, vec![vec![0, 2], vec![1]]);
        assert_eq!(
            assignment("f", "n_s0_k0 1\nn_s1_k0 1\nn_s1_k1 1\n", &c).unwrap(),
            vec![0, 1, 1]
        );
        let e = assignment("f", "n_s0_k0 1.5\n", &c).unwrap_err();
        assert!(e.starts_with("f:1: `n_s0_k0` = 1.5: not integral"), "{e}");
        let e = assignment("f", "n_s0_k0 2\nn_s1_k0 1\nn_s1_k1 1\n", &c).unwrap_err();
        assert!(e.contains("class 0 has 2 contracts ([0, 2]) but its counts"), "{e}");
    }
}
