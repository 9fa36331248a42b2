//! Models written as files for other MILP solvers: the model fairshard itself solves, with
//! every column and row named (see [`super::formulation`]), as MPS or LP, and a sidecar
//! [`ModelMap`] (`STEM.map.json`) that maps any solution back to contracts and subsets
//! ([`super::solution`]).
//!
//! Three models ([`ModelKind`]):
//! - `paper`: the paper's ILP(gamma1, gamma2) as printed: binaries `x_s{i}_c{j}`, (2b) each
//!   contract once, the m(m-1) ratio rows of (2c) and (2d) per cap, no symmetry breaking;
//! - `compact`: the same binaries, `Max`/`Min` columns per capped quantity (O(m + n) rows),
//!   subsets labelled by their largest contract (a symmetry breaking every partition meets
//!   after relabelling);
//! - `counts`: the compact model on integer counts `n_s{i}_k{k}` per class of identical
//!   contracts (equal workload and profit), subsets ordered by a load key.
//!
//! With the makespan target the objective is `max_work`, the largest scaled subset workload
//! (a linear model: minimise it, every subset's workload at most it). With a ratio target the
//! objective is one Dinkelbach step at a given t:
//! minimise `Max - t * Min` of the target's quantity (balanced: `z >= Max_q - t * Min_q` for
//! both, minimise `z`). Its optimum is negative iff some partition has the target's ratio
//! below t; at t = 1 it is the spread `Max - Min`. Coefficients are the contracts' workloads
//! and profits divided by the mean subset load ([`ModelMap::scale`]); caps are written times
//! (1 + 1e-9), the tolerance every cap check allows, so the file is the very model fairshard
//! solves.
//!
//! Writing goes through HiGHS (`Highs_passMip`, names, `Highs_writeModel`, which picks MPS or
//! LP by the file's extension). Built without HiGHS, [`write`] answers "rebuild with
//! `--features highs`"; building the model and its map needs no backend.

use super::formulation::{self, Formulation, Scaled, Symmetry, Vars};
use super::model::Model;
use super::solution::{MAP_FORMAT, ModelMap, Scale, Size, Variables};
use super::{COMPACT, PAPER, scaled_caps, spread_of};
use fairshard_harness::{CAP_TOLERANCE, Caps, Instance, RunSpec, Target};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// Which model to export.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ModelKind {
    /// The paper's ILP as printed (both caps required).
    Paper,
    /// The compact model on per-contract binaries.
    Compact,
    /// The compact model on class counts.
    Counts,
}

impl ModelKind {
    /// Name on the command line and in the map.
    pub fn as_str(&self) -> &'static str {
        match self {
            ModelKind::Paper => "paper",
            ModelKind::Compact => "compact",
            ModelKind::Counts => "counts",
        }
    }

    /// The formulation built.
    pub fn formulation(&self) -> Formulation {
        match self {
            ModelKind::Paper => PAPER,
            ModelKind::Compact => Formulation {
                vars: Vars::PerTask,
                ..COMPACT
            },
            ModelKind::Counts => Formulation {
                vars: Vars::Aggregated,
                ..COMPACT
            },
        }
    }
}

/// What to export.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ExportSpec {
    /// The model.
    pub kind: ModelKind,
    /// Subsets.
    pub m: usize,
    /// Objective (feasibility: none).
    pub target: Target,
    /// Caps.
    pub caps: Caps,
    /// Dinkelbach t of the objective (default 1; none for feasibility).
    pub t: Option<f64>,
}

/// Why a model cannot be exported.
#[derive(Debug, thiserror::Error)]
pub enum ExportError {
    /// A bad combination of options.
    #[error("{0}")]
    Spec(String),
    /// An extension HiGHS does not write.
    #[error("{0}: the model format is chosen by the extension: give a file ending in .mps or .lp")]
    Extension(String),
    /// No HiGHS compiled in.
    #[error("writing a model needs HiGHS: rebuild with `--features highs`")]
    NotCompiled,
    /// HiGHS refused.
    #[error("{0}")]
    Highs(String),
    /// The map could not be written.
    #[error("cannot write {path}: {source}")]
    Io {
        /// The file.
        path: String,
        /// Why.
        source: std::io::Error,
    },
}

/// A model ready to write, and its map.
#[derive(Clone, Debug)]
pub struct Exported {
    /// The named model.
    pub model: Model,
    /// Its sidecar.
    pub map: ModelMap,
}

/// Builds the model `spec` describes for `instance` (named `label` in the map).
pub fn build(instance: &Instance, label: &str, spec: &ExportSpec) -> Result<Exported, ExportError> {
    let bad = |s: String| Err(ExportError::Spec(s));
    RunSpec::new(spec.m, spec.target)
        .with_caps(spec.caps.gamma1, spec.caps.gamma2)
        .validate(instance)
        .map_err(|e| ExportError::Spec(e.to_string()))?;
    if spec.kind == ModelKind::Paper && (spec.caps.gamma1.is_none() || spec.caps.gamma2.is_none()) {
        return bad("the paper's model is ILP(gamma1, gamma2): give both --gamma1 and --gamma2".into());
    }
    let makespan = spec.target == Target::Makespan;
    let objective = spread_of(spec.target);
    let t = match (objective.is_empty() || makespan, spec.t) {
        (true, Some(_)) => {
            return bad(format!(
                "--dinkelbach-t sets the objective of a ratio target: --target {} has none",
                spec.target
            ));
        }
        (true, None) => None,
        (false, t) => Some(t.unwrap_or(1.0)),
    };
    if let Some(t) = t
        && !(t.is_finite() && t > 0.0)
    {
        return bad(format!("--dinkelbach-t must be a positive number, got {t}"));
    }
    let f = spec.kind.formulation();
    let data = Scaled::new(instance, spec.m, f.vars);
    let caps = scaled_caps(&spec.caps, 1.0 + CAP_TOLERANCE);
    let base = formulation::build_named(&data, caps, objective, f);
    let model = match t {
        None if makespan => formulation::with_makespan_objective(&base),
        None => base.model.clone(),
        Some(t) => formulation::with_ratio_objective(&base, objective, t),
    };
    let map = map(instance, label, spec, &data, &model, caps, t, base.symmetry);
    Ok(Exported { model, map })
}

#[allow(clippy::too_many_arguments)]
fn map(
    instance: &Instance,
    label: &str,
    spec: &ExportSpec,
    data: &Scaled,
    model: &Model,
    caps: [Option<f64>; 2],
    t: Option<f64>,
    symmetry: Symmetry,
) -> ModelMap {
    let m = spec.m as f64;
    let names = model.names.as_ref().expect("built named");
    let counts = data.items.aggregated;
    let mut columns = BTreeMap::new();
    if counts {
        columns.insert(
            "n_s{subset}_k{class}".into(),
            "integer in [0, size of class]: how many contracts of the class the subset holds; the class's contracts (`classes`, ascending) fill subset 0's count first, then subset 1's, and so on".into(),
        );
    } else {
        columns.insert(
            "x_s{subset}_c{contract}".into(),
            "binary: 1 iff the contract (the instance's 0-based index, the CSV's data row) is in the subset".into(),
        );
    }
    let aux = [
        ("max_work", "largest scaled subset workload"),
        ("min_work", "smallest scaled subset workload"),
        ("max_profit", "largest scaled subset profit"),
        ("min_profit", "smallest scaled subset profit"),
        ("z", "the larger of Max - t * Min over both quantities (the objective)"),
    ];
    let mut other_columns = Vec::new();
    for (name, what) in aux {
        if names.cols.iter().any(|c| c == name) {
            columns.insert(name.into(), what.into());
            other_columns.push(name.to_owned());
        }
    }
    let mut rows = BTreeMap::new();
    let mut row = |pattern: &str, prefix: &str, what: &str| {
        if names.rows.iter().any(|r| r.starts_with(prefix)) {
            rows.insert(pattern.to_owned(), what.to_owned());
        }
    };
    row(
        "assign_c{contract}",
        "assign_c",
        "(2b): the contract is in exactly one subset",
    );
    row(
        "assign_k{class}",
        "assign_k",
        "(2b): the class's counts sum to its size",
    );
    row("nonempty_s{subset}", "nonempty_s", "the subset holds a contract");
    row(
        "ratio1_s{i}_s{k}",
        "ratio1_",
        "(2c): workload of subset i <= gamma1 * workload of subset k",
    );
    row(
        "ratio2_s{i}_s{k}",
        "ratio2_",
        "(2d): profit of subset i <= gamma2 * profit of subset k",
    );
    row("max_work_s{subset}", "max_work_s", "workload of the subset <= max_work");
    row("min_work_s{subset}", "min_work_s", "workload of the subset >= min_work");
    row(
        "max_profit_s{subset}",
        "max_profit_s",
        "profit of the subset <= max_profit",
    );
    row(
        "min_profit_s{subset}",
        "min_profit_s",
        "profit of the subset >= min_profit",
    );
    row("cap1", "cap1", "max_work <= gamma1 * min_work");
    row("cap2", "cap2", "max_profit <= gamma2 * min_profit");
    row(
        "order_s{subset}",
        "order_s",
        "symmetry: the subset's key (scaled workload + profit) >= the next subset's",
    );
    row("z_work", "z_work", "z >= max_work - t * min_work");
    row("z_profit", "z_profit", "z >= max_profit - t * min_profit");
    if symmetry == Symmetry::Triangular {
        rows.insert(
            "(bounds)".into(),
            "symmetry: with contracts ranked by workload (largest first), the contract of rank r is in a subset <= r (upper bounds 0)".into(),
        );
    }
    ModelMap {
        format: MAP_FORMAT.into(),
        instance: label.to_owned(),
        n: instance.len(),
        m: spec.m,
        total_workload: instance.total_workload().to_string(),
        total_profit: instance.total_profit().to_string(),
        model: spec.kind.as_str().into(),
        target: spec.target.as_str().into(),
        gamma1: spec.caps.gamma1,
        gamma2: spec.caps.gamma2,
        caps_written: caps,
        dinkelbach_t: t,
        variables: if counts { Variables::Counts } else { Variables::Binaries },
        scale: Scale {
            workload: instance.total_workload() as f64 / m,
            profit: instance.total_profit() as f64 / m,
        },
        columns,
        rows,
        other_columns,
        classes: if counts { data.items.members.clone() } else { Vec::new() },
        size: Size {
            rows: model.rows.len(),
            cols: model.cols.len(),
            nonzeros: model.nonzeros(),
        },
    }
}

/// Where the map of the model at `path` goes: `STEM.map.json` beside it (`ilp.mps` ->
/// `ilp.map.json`); also where `fairshard check` looks for the map of `STEM.sol`.
pub fn map_path(path: &Path) -> PathBuf {
    path.with_extension("map.json")
}

/// Writes `map` as JSON to `path`.
pub fn write_map(map: &ModelMap, path: &Path) -> Result<(), ExportError> {
    let text = serde_json::to_string_pretty(map).expect("a map serialises");
    std::fs::write(path, text + "\n").map_err(|source| ExportError::Io {
        path: path.display().to_string(),
        source,
    })
}

/// The extension `path` must have: `.mps` or `.lp` (any case).
pub fn check_extension(path: &Path) -> Result<(), ExportError> {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("mps" | "lp") => Ok(()),
        _ => Err(ExportError::Extension(path.display().to_string())),
    }
}

/// Writes `model` (with its names, when it has them) to `path` as MPS or LP, by the extension.
pub fn write(model: &Model, path: &Path) -> Result<(), ExportError> {
    check_extension(path)?;
    write_highs(model, path)
}

#[cfg(not(any(feature = "highs", feature = "highs-direct")))]
fn write_highs(_model: &Model, _path: &Path) -> Result<(), ExportError> {
    Err(ExportError::NotCompiled)
}

#[cfg(any(feature = "highs", feature = "highs-direct"))]
fn write_highs(model: &Model, path: &Path) -> Result<(), ExportError> {
    use highs_sys::HighsInt;
    use std::ffi::CString;
    let err = |s: String| ExportError::Highs(s);
    let file = CString::new(path.as_os_str().as_encoded_bytes())
        .map_err(|_| err(format!("{}: a file name with a NUL byte", path.display())))?;
    let int = |v: usize| HighsInt::try_from(v).map_err(|_| err(format!("the model is too large for HiGHS ({v})")));
    let (mut start, mut index, mut value) = (Vec::with_capacity(model.rows.len()), Vec::new(), Vec::new());
    for r in &model.rows {
        start.push(int(index.len())?);
        for &(c, a) in &r.coefs {
            index.push(int(c)?);
            value.push(a);
        }
    }
    let col = |f: fn(&super::model::Col) -> f64| model.cols.iter().map(f).collect::<Vec<f64>>();
    let (cost, lower, upper) = (col(|c| c.cost), col(|c| c.lower), col(|c| c.upper));
    let (row_lower, row_upper): (Vec<f64>, Vec<f64>) = model.rows.iter().map(|r| (r.lower, r.upper)).unzip();
    let integrality: Vec<HighsInt> = model.cols.iter().map(|c| HighsInt::from(c.integer)).collect();
    let mut names = Vec::new();
    if let Some(n) = &model.names {
        for (i, s) in n.cols.iter().enumerate() {
            names.push((
                true,
                int(i)?,
                CString::new(s.as_str()).map_err(|_| err(format!("bad name {s:?}")))?,
            ));
        }
        for (i, s) in n.rows.iter().enumerate() {
            names.push((
                false,
                int(i)?,
                CString::new(s.as_str()).map_err(|_| err(format!("bad name {s:?}")))?,
            ));
        }
    }
    // SAFETY: one HiGHS object, created and destroyed here; every array has the length the
    // call is told (rowwise: `start` one entry per row), every string is NUL-terminated and
    // outlives the call.
    unsafe {
        let h = highs_sys::Highs_create();
        let status = (|| {
            highs_sys::Highs_setBoolOptionValue(h, c"output_flag".as_ptr(), 0);
            let s = highs_sys::Highs_passMip(
                h,
                int(model.cols.len())?,
                int(model.rows.len())?,
                int(index.len())?,
                highs_sys::MATRIX_FORMAT_ROW_WISE,
                highs_sys::OBJECTIVE_SENSE_MINIMIZE,
                0.0,
                cost.as_ptr(),
                lower.as_ptr(),
                upper.as_ptr(),
                row_lower.as_ptr(),
                row_upper.as_ptr(),
                start.as_ptr(),
                index.as_ptr(),
                value.as_ptr(),
                integrality.as_ptr(),
            );
            if s == highs_sys::STATUS_ERROR {
                return Err(err("HiGHS rejected the model".into()));
            }
            for (is_col, i, name) in &names {
                let s = if *is_col {
                    highs_sys::Highs_passColName(h, *i, name.as_ptr())
                } else {
                    highs_sys::Highs_passRowName(h, *i, name.as_ptr())
                };
                if s == highs_sys::STATUS_ERROR {
                    return Err(err(format!("HiGHS rejected the name {name:?}")));
                }
            }
            if highs_sys::Highs_writeModel(h, file.as_ptr()) == highs_sys::STATUS_ERROR {
                return Err(err(format!("HiGHS could not write {}", path.display())));
            }
            Ok(())
        })();
        highs_sys::Highs_destroy(h);
        status
    }
}

#[cfg(all(test, feature = "highs"))]
mod tests {
    use super::*;
    use crate::milp::backend::{Backend, MipRequest, MipStatus};
    use crate::milp::highs::GoodLpHighs;
    use crate::milp::solution;
    use fairshard_harness::{Partition, Task};
    use std::ffi::CString;

    /// The optimum of `model` solved in process, as every ILP id solves it.
    fn in_process(model: &Model) -> (MipStatus, Option<f64>) {
        let res = GoodLpHighs.solve(&MipRequest {
            model,
            start: None,
            time_limit: None,
            threads: Some(1),
            abs_gap: 0.0,
            rel_gap: 0.0,
            log: false,
        });
        (res.status, res.x.map(|x| model.objective(&x)))
    }

    /// `path` read back by HiGHS and solved; its solution file written beside it. The status
    /// (optimal or infeasible), the objective and the solution file's path.
    fn solve_file(path: &Path) -> (MipStatus, f64, PathBuf) {
        let file = CString::new(path.to_str().unwrap()).unwrap();
        let sol = path.with_extension("sol");
        let sol_c = CString::new(sol.to_str().unwrap()).unwrap();
        // SAFETY: one HiGHS object, created and destroyed here; NUL-terminated strings.
        unsafe {
            let h = highs_sys::Highs_create();
            highs_sys::Highs_setBoolOptionValue(h, c"output_flag".as_ptr(), 0);
            highs_sys::Highs_setIntOptionValue(h, c"threads".as_ptr(), 1);
            highs_sys::Highs_setDoubleOptionValue(h, c"mip_rel_gap".as_ptr(), 0.0);
            highs_sys::Highs_setDoubleOptionValue(h, c"mip_abs_gap".as_ptr(), 0.0);
            // The tolerances of every in-process solve.
            for o in [c"mip_feasibility_tolerance", c"primal_feasibility_tolerance"] {
                highs_sys::Highs_setDoubleOptionValue(h, o.as_ptr(), crate::milp::highs_common::FEASIBILITY_TOL);
            }
            assert_ne!(highs_sys::Highs_readModel(h, file.as_ptr()), highs_sys::STATUS_ERROR);
            assert_ne!(highs_sys::Highs_run(h), highs_sys::STATUS_ERROR);
            let status = match highs_sys::Highs_getModelStatus(h) {
                highs_sys::MODEL_STATUS_OPTIMAL => MipStatus::Optimal,
                highs_sys::MODEL_STATUS_INFEASIBLE => MipStatus::Infeasible,
                s => panic!("model status {s}"),
            };
            let objective = highs_sys::Highs_getObjectiveValue(h);
            assert_ne!(
                highs_sys::Highs_writeSolution(h, sol_c.as_ptr()),
                highs_sys::STATUS_ERROR
            );
            highs_sys::Highs_destroy(h);
            (status, objective, sol)
        }
    }

    fn dir(test: &str) -> PathBuf {
        let d = std::env::temp_dir().join(format!("fairshard-export-{test}-{}", std::process::id()));
        std::fs::create_dir_all(&d).unwrap();
        d
    }

    /// Exports `spec` for `inst` as MPS and LP, solves each file in HiGHS and maps its
    /// solution back by the names: a valid partition within the caps, with the in-process
    /// optimum (or infeasible both ways). Returns whether it was feasible.
    fn round_trip(inst: &Instance, spec: ExportSpec, test: &str) -> bool {
        let ex = build(inst, inst.name(), &spec).unwrap();
        // Names change nothing else.
        let f = spec.kind.formulation();
        let data = Scaled::new(inst, spec.m, f.vars);
        let mut unnamed = ex.model.clone();
        unnamed.names = None;
        let objective = spread_of(spec.target);
        let base = formulation::build(&data, scaled_caps(&spec.caps, 1.0 + CAP_TOLERANCE), objective, f);
        let plain = match ex.map.dinkelbach_t {
            None if spec.target == Target::Makespan => formulation::with_makespan_objective(&base),
            None => base.model.clone(),
            Some(t) => formulation::with_ratio_objective(&base, objective, t),
        };
        assert_eq!(unnamed, plain);
        let (status, optimum) = in_process(&plain);
        let d = dir(test);
        let mut feasible = None;
        for ext in ["mps", "lp"] {
            let path = d.join(format!("model.{ext}"));
            write(&ex.model, &path).unwrap();
            let (file_status, file_objective, sol) = solve_file(&path);
            assert_eq!(file_status, status, "{ext}");
            feasible = Some(status == MipStatus::Optimal);
            if status != MipStatus::Optimal {
                let e = solution::assignment("s", &std::fs::read_to_string(&sol).unwrap(), &ex.map).unwrap_err();
                assert!(e.contains("HiGHS found no solution"), "{e}");
                continue;
            }
            let optimum = optimum.unwrap();
            assert!(
                (file_objective - optimum).abs() <= 1e-7,
                "{ext}: {file_objective} vs {optimum}"
            );
            let text = std::fs::read_to_string(&sol).unwrap();
            let a = solution::assignment(sol.to_str().unwrap(), &text, &ex.map).unwrap();
            let p = Partition::from_assignment(spec.m, a);
            p.check(inst).unwrap();
            let fair = p.fairness(inst);
            assert!(spec.caps.met_by(&fair, CAP_TOLERANCE), "{ext}: {fair:?}");
            // The partition's own objective, from its loads: the optimum.
            if spec.target == Target::Makespan {
                let max = data.loads(&p)[0].iter().copied().fold(f64::NEG_INFINITY, f64::max);
                assert!((max - optimum).abs() <= 1e-6, "{ext}: {max} vs {optimum}");
            }
            if let Some(t) = ex.map.dinkelbach_t {
                let loads = data.loads(&p);
                let value = objective
                    .iter()
                    .map(|&q| {
                        let l = &loads[q as usize];
                        let max = l.iter().copied().fold(f64::NEG_INFINITY, f64::max);
                        let min = l.iter().copied().fold(f64::INFINITY, f64::min);
                        max - t * min
                    })
                    .fold(f64::NEG_INFINITY, f64::max);
                assert!((value - optimum).abs() <= 1e-6, "{ext}: {value} vs {optimum}");
            }
        }
        std::fs::remove_dir_all(&d).ok();
        feasible.unwrap()
    }

    fn dao20() -> Instance {
        fairshard_datasets::open("dao100[:20]@norm").unwrap()
    }

    fn caps(g1: f64, g2: f64) -> Caps {
        Caps {
            gamma1: Some(g1),
            gamma2: Some(g2),
        }
    }

    #[test]
    fn export_paper_model_round_trips_feasible_and_infeasible() {
        let inst = dao20();
        let spec = |c| ExportSpec {
            kind: ModelKind::Paper,
            m: 4,
            target: Target::Feasibility,
            caps: c,
            t: None,
        };
        assert!(round_trip(&inst, spec(caps(1.15, 1.25)), "paper-feasible"));
        // No partition of dao100[:20]@norm into 4 has gamma1 <= 1.1 and gamma2 <= 1.2.
        assert!(!round_trip(&inst, spec(caps(1.1, 1.2)), "paper-infeasible"));
    }

    #[test]
    fn export_compact_model_round_trips_a_dinkelbach_step() {
        let inst = fairshard_datasets::open("dao100[:12]@norm").unwrap();
        let spec = ExportSpec {
            kind: ModelKind::Compact,
            m: 3,
            target: Target::Profit,
            caps: Caps {
                gamma1: Some(1.2),
                gamma2: None,
            },
            t: Some(1.1),
        };
        assert!(round_trip(&inst, spec, "compact"));
        let balanced = ExportSpec {
            target: Target::Balanced,
            caps: Caps::NONE,
            t: None,
            ..spec
        };
        assert!(round_trip(&inst, balanced, "balanced"));
    }

    /// The makespan model: its optimum, solved from the file, is the smallest largest subset
    /// workload over every assignment.
    #[test]
    fn export_makespan_model_round_trips_to_the_brute_force_optimum() {
        let inst = fairshard_datasets::open("uniform:n=10,seed=4,bits=20").unwrap();
        let spec = ExportSpec {
            kind: ModelKind::Compact,
            m: 3,
            target: Target::Makespan,
            caps: Caps::NONE,
            t: None,
        };
        assert!(round_trip(&inst, spec, "makespan"));
        let ex = build(&inst, "u", &spec).unwrap();
        let (status, optimum) = in_process(&ex.model);
        assert_eq!(status, MipStatus::Optimal);
        // Every assignment of the 10 contracts to 3 subsets (3^10), each subset non-empty.
        let w: Vec<u64> = inst.tasks().iter().map(|t| t.workload).collect();
        let mut best = u64::MAX;
        for code in 0..3usize.pow(10) {
            let (mut loads, mut count, mut c) = ([0u64; 3], [0usize; 3], code);
            for &x in &w {
                loads[c % 3] += x;
                count[c % 3] += 1;
                c /= 3;
            }
            if count.iter().all(|&k| k > 0) {
                best = best.min(*loads.iter().max().unwrap());
            }
        }
        let mean = w.iter().sum::<u64>() as f64 / 3.0;
        let scaled = best as f64 / mean;
        assert!((scaled - optimum.unwrap()).abs() <= 1e-7, "{scaled} vs {optimum:?}");
        let with_t = ExportSpec { t: Some(1.0), ..spec };
        assert!(build(&inst, "u", &with_t).is_err(), "the makespan has no Dinkelbach t");
    }

    #[test]
    fn export_count_model_round_trips_on_identical_contracts() {
        // Classes: (5, 2) x3, (5, 1) x2, (3, 2) x1, (1, 1) x2, (4, 3) x2.
        let t = [
            (5, 2),
            (3, 2),
            (5, 1),
            (5, 2),
            (1, 1),
            (5, 2),
            (5, 1),
            (1, 1),
            (4, 3),
            (4, 3),
        ];
        let inst = Instance::new("dups", t.iter().map(|&(w, r)| Task::new(w, r)).collect()).unwrap();
        let spec = ExportSpec {
            kind: ModelKind::Counts,
            m: 3,
            target: Target::Workload,
            caps: Caps {
                gamma1: None,
                gamma2: Some(1.5),
            },
            t: None,
        };
        let ex = build(&inst, "dups", &spec).unwrap();
        assert_eq!(ex.map.classes.len(), 5);
        assert!(ex.model.names.as_ref().unwrap().cols.iter().any(|c| c == "n_s2_k4"));
        assert!(round_trip(&inst, spec, "counts"));
    }

    #[test]
    fn export_refuses_bad_combinations() {
        let inst = dao20();
        let spec = ExportSpec {
            kind: ModelKind::Paper,
            m: 4,
            target: Target::Feasibility,
            caps: Caps {
                gamma1: Some(1.1),
                gamma2: None,
            },
            t: None,
        };
        let e = build(&inst, "d", &spec).unwrap_err().to_string();
        assert!(e.contains("give both --gamma1 and --gamma2"), "{e}");
        let e = build(
            &inst,
            "d",
            &ExportSpec {
                caps: caps(1.1, 1.2),
                t: Some(1.5),
                ..spec
            },
        )
        .unwrap_err()
        .to_string();
        assert!(e.contains("--dinkelbach-t"), "{e}");
        let e = write(&Model::default(), Path::new("x.txt")).unwrap_err().to_string();
        assert!(e.contains(".mps or .lp"), "{e}");
    }

    #[test]
    fn export_names_every_column_and_row_of_the_papers_model() {
        let ex = build(
            &dao20(),
            "d",
            &ExportSpec {
                kind: ModelKind::Paper,
                m: 4,
                target: Target::Feasibility,
                caps: caps(1.1, 1.2),
                t: None,
            },
        )
        .unwrap();
        let names = ex.model.names.unwrap();
        // 80 binaries; 20 (2b) rows, 4 non-empty rows, 2 x 12 ratio rows.
        assert_eq!((names.cols.len(), names.rows.len()), (80, 48));
        assert_eq!(names.cols[0], "x_s0_c0");
        assert_eq!(names.cols[79], "x_s3_c19");
        assert_eq!(names.rows[0], "assign_c0");
        assert_eq!(names.rows[20], "nonempty_s0");
        assert_eq!(names.rows[24], "ratio1_s0_s1");
        assert_eq!(names.rows[47], "ratio2_s3_s2");
        let unique: std::collections::HashSet<&String> = names.cols.iter().chain(&names.rows).collect();
        assert_eq!(unique.len(), 128);
    }
}
