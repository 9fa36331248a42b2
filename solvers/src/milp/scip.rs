//! `ilp/scip`: SCIP through its C API (feature `scip`).
//!
//! **How it is linked.** SCIP has no Debian package; the library used is a system SCIP
//! (`$SCIPOPTDIR/lib/libscip.so`) when `SCIPOPTDIR` is set, else the `libscip` shipped in
//! PySCIPOpt's wheel in the project's Python environment (`scripts/setup-python.sh`, pinned
//! to SCIP 10). `build.rs` finds it (the build fails, saying how to get one, when there is
//! none) and records its absolute path; this module opens that file with `dlopen` on first
//! use and resolves the few functions it calls. No link flag or rpath is needed (a library
//! crate's rpath would not reach the binaries and tests of the crates above it), a binary
//! built with the feature starts without the library, and a missing or unloadable library is
//! a failed solve naming the path, never a crash. The wheel ships no C headers: the
//! declarations below are written by hand for the SCIP 10 C API (`SCIP_RETCODE`, `SCIP_Bool`
//! and `SCIP_STATUS` are C ints; `SCIP_Real` is `double`, `SCIP_Longint` `long long`), and
//! the version is checked before the first solve.
//!
//! **What a solve sets.** Default plugins; the model's columns (bounds, objective,
//! integrality) and ranged linear rows, infinite sides mapped to SCIP's infinity; the start
//! solution, if any, handed to SCIP as a solution before the search (`SCIPaddSolFree`: SCIP
//! checks it and keeps it if feasible); `limits/time` (wall clock, `timing/clocktype` 2),
//! `limits/gap` (relative; SCIP divides by the smaller of |primal| and |dual|, so it stops no
//! earlier than the requested gap relative to the incumbent) and `limits/absgap`;
//! `numerics/feastol` at [`FEASIBILITY_TOL`], as the HiGHS backends; `display/verblevel` 0
//! and a quiet message handler unless the request asks for the log; `misc/catchctrlc` off,
//! so Ctrl-C stops the process as with the other backends. SCIP's search is sequential: one
//! thread. The quiet handler does not reach SoPlex, SCIP's LP solver: when SCIP re-solves an
//! unstable LP at a thousandth of the feasibility tolerance, SoPlex prints one line on stderr
//! ("Cannot set feasibility tolerance to small value 1e-12 without GMP - using 1e-10"). The result is SCIP's status (optimal, infeasible, time or gap limit; any other is
//! a failure with SCIP's status name), its best solution, its dual bound
//! (`SCIPgetDualbound`) and node count. Every SCIP object is freed on every path
//! (`SCIPfree` in a guard's `Drop`), and every return code is checked.

use super::backend::{Backend, MipRequest, MipResult, MipStatus};
use fairshard_harness::Effective;
use std::ffi::{CStr, CString, c_char, c_int, c_longlong, c_uint, c_void};
use std::sync::OnceLock;

/// The library `build.rs` found.
const LIBSCIP: &str = env!("FAIRSHARD_LIBSCIP");

/// The SCIP major version whose C API the declarations below follow.
pub const SCIP_MAJOR: c_int = 10;

/// Feasibility tolerance (`numerics/feastol`, also SCIP's integrality tolerance): tight, so
/// that solutions pass the exact cap check (the HiGHS backends' value).
pub const FEASIBILITY_TOL: f64 = 1e-9;

type Scip = c_void;
type Var = c_void;
type Cons = c_void;
type Sol = c_void;
type Retcode = c_int;
type Bool = c_uint;

/// `SCIP_OKAY`.
const OKAY: Retcode = 1;
/// `SCIP_VARTYPE_INTEGER`, `SCIP_VARTYPE_CONTINUOUS`.
const VARTYPE_INTEGER: c_uint = 1;
const VARTYPE_CONTINUOUS: c_uint = 3;

/// Declares the functions used, as fields of [`Api`], and their loader.
macro_rules! api {
    ($($field:ident = $sym:literal: fn($($arg:ty),*) -> $ret:ty;)*) => {
        /// The SCIP functions this backend calls, resolved from the loaded library.
        struct Api {
            $($field: unsafe extern "C" fn($($arg),*) -> $ret,)*
        }

        impl Api {
            /// Resolves every function in `lib` (a `dlopen` handle).
            ///
            /// # Safety
            /// `lib` is a live handle of a SCIP 10 library: each symbol has the type declared.
            unsafe fn resolve(lib: *mut c_void) -> Result<Api, String> {
                Ok(Api {
                    $($field: {
                        // SAFETY: a live handle and a NUL-terminated name.
                        let p = unsafe { libc::dlsym(lib, $sym.as_ptr()) };
                        if p.is_null() {
                            return Err(format!("{LIBSCIP} has no function {}", $sym.to_string_lossy()));
                        }
                        // SAFETY: the symbol is this function of the SCIP 10 C API.
                        unsafe {
                            std::mem::transmute::<*mut c_void, unsafe extern "C" fn($($arg),*) -> $ret>(p)
                        }
                    },)*
                })
            }
        }
    };
}

api! {
    major_version = c"SCIPmajorVersion": fn() -> c_int;
    minor_version = c"SCIPminorVersion": fn() -> c_int;
    tech_version = c"SCIPtechVersion": fn() -> c_int;
    create = c"SCIPcreate": fn(*mut *mut Scip) -> Retcode;
    free = c"SCIPfree": fn(*mut *mut Scip) -> Retcode;
    include_default_plugins = c"SCIPincludeDefaultPlugins": fn(*mut Scip) -> Retcode;
    set_messagehdlr_quiet = c"SCIPsetMessagehdlrQuiet": fn(*mut Scip, Bool) -> ();
    create_prob_basic = c"SCIPcreateProbBasic": fn(*mut Scip, *const c_char) -> Retcode;
    infinity = c"SCIPinfinity": fn(*mut Scip) -> f64;
    set_real_param = c"SCIPsetRealParam": fn(*mut Scip, *const c_char, f64) -> Retcode;
    set_int_param = c"SCIPsetIntParam": fn(*mut Scip, *const c_char, c_int) -> Retcode;
    set_bool_param = c"SCIPsetBoolParam": fn(*mut Scip, *const c_char, Bool) -> Retcode;
    create_var_basic = c"SCIPcreateVarBasic":
        fn(*mut Scip, *mut *mut Var, *const c_char, f64, f64, f64, c_uint) -> Retcode;
    add_var = c"SCIPaddVar": fn(*mut Scip, *mut Var) -> Retcode;
    release_var = c"SCIPreleaseVar": fn(*mut Scip, *mut *mut Var) -> Retcode;
    create_cons_basic_linear = c"SCIPcreateConsBasicLinear":
        fn(*mut Scip, *mut *mut Cons, *const c_char, c_int, *mut *mut Var, *mut f64, f64, f64) -> Retcode;
    add_cons = c"SCIPaddCons": fn(*mut Scip, *mut Cons) -> Retcode;
    release_cons = c"SCIPreleaseCons": fn(*mut Scip, *mut *mut Cons) -> Retcode;
    create_sol = c"SCIPcreateSol": fn(*mut Scip, *mut *mut Sol, *mut c_void) -> Retcode;
    set_sol_vals = c"SCIPsetSolVals": fn(*mut Scip, *mut Sol, c_int, *mut *mut Var, *mut f64) -> Retcode;
    add_sol_free = c"SCIPaddSolFree": fn(*mut Scip, *mut *mut Sol, *mut Bool) -> Retcode;
    solve = c"SCIPsolve": fn(*mut Scip) -> Retcode;
    get_status = c"SCIPgetStatus": fn(*mut Scip) -> c_uint;
    get_n_sols = c"SCIPgetNSols": fn(*mut Scip) -> c_int;
    get_best_sol = c"SCIPgetBestSol": fn(*mut Scip) -> *mut Sol;
    get_sol_val = c"SCIPgetSolVal": fn(*mut Scip, *mut Sol, *mut Var) -> f64;
    get_dual_bound = c"SCIPgetDualbound": fn(*mut Scip) -> f64;
    get_n_nodes = c"SCIPgetNNodes": fn(*mut Scip) -> c_longlong;
}

/// The loaded library's functions, or why it could not be loaded (once per process).
fn api() -> Result<&'static Api, &'static str> {
    static API: OnceLock<Result<Api, String>> = OnceLock::new();
    API.get_or_init(load).as_ref().map_err(String::as_str)
}

fn load() -> Result<Api, String> {
    let path = CString::new(LIBSCIP).map_err(|_| format!("bad libscip path {LIBSCIP:?}"))?;
    // SAFETY: a NUL-terminated path; the handle is kept for the life of the process.
    let lib = unsafe { libc::dlopen(path.as_ptr(), libc::RTLD_NOW | libc::RTLD_LOCAL) };
    if lib.is_null() {
        // SAFETY: dlerror returns NULL or a NUL-terminated message of the last failure.
        let why = unsafe {
            let e = libc::dlerror();
            if e.is_null() {
                "unknown error".to_owned()
            } else {
                CStr::from_ptr(e).to_string_lossy().into_owned()
            }
        };
        return Err(format!(
            "cannot load libscip ({why}): run `bash scripts/setup-python.sh` or set SCIPOPTDIR, then rebuild"
        ));
    }
    // SAFETY: a live handle of the library found by build.rs; the version is checked next,
    // before any other function is called.
    let api = unsafe { Api::resolve(lib)? };
    // SAFETY: takes no argument, returns an int.
    let major = unsafe { (api.major_version)() };
    if major != SCIP_MAJOR {
        return Err(format!(
            "{LIBSCIP} is SCIP {major}, this backend follows the SCIP {SCIP_MAJOR} C API"
        ));
    }
    Ok(api)
}

/// The name of a `SCIP_STATUS` (SCIP 10's `type_stat.h`).
fn status_name(status: c_uint) -> String {
    let name = match status {
        0 => "unknown",
        1 => "optimal",
        2 => "infeasible",
        3 => "unbounded",
        4 => "infeasible or unbounded",
        10 => "user interrupt",
        11 => "terminate",
        20 => "node limit",
        21 => "total node limit",
        22 => "stall node limit",
        23 => "time limit",
        24 => "memory limit",
        25 => "gap limit",
        26 => "primal limit",
        27 => "dual limit",
        28 => "solution limit",
        29 => "best solution limit",
        30 => "restart limit",
        _ => return format!("status {status}"),
    };
    name.to_owned()
}

/// The name of a `SCIP_RETCODE` (SCIP 10's `type_retcode.h`).
fn retcode_name(rc: Retcode) -> String {
    let name = match rc {
        0 => "SCIP_ERROR",
        -1 => "SCIP_NOMEMORY",
        -6 => "SCIP_LPERROR",
        -8 => "SCIP_INVALIDCALL",
        -9 => "SCIP_INVALIDDATA",
        -12 => "SCIP_PARAMETERUNKNOWN",
        -13 => "SCIP_PARAMETERWRONGTYPE",
        -14 => "SCIP_PARAMETERWRONGVAL",
        _ => return format!("SCIP return code {rc}"),
    };
    name.to_owned()
}

/// `Ok` for `SCIP_OKAY`, else an error naming the call and the code.
fn check(rc: Retcode, what: impl FnOnce() -> String) -> Result<(), String> {
    if rc == OKAY {
        Ok(())
    } else {
        Err(format!("SCIP failed in {}: {}", what(), retcode_name(rc)))
    }
}

/// One SCIP instance with the variables it holds; freed (variables released, then
/// `SCIPfree`) when dropped, on every path.
struct Instance {
    api: &'static Api,
    scip: *mut Scip,
    vars: Vec<*mut Var>,
}

impl Instance {
    fn new(api: &'static Api) -> Result<Self, String> {
        let mut scip = std::ptr::null_mut();
        // SAFETY: a valid out pointer.
        check(unsafe { (api.create)(&mut scip) }, || "SCIPcreate".into())?;
        let this = Instance {
            api,
            scip,
            vars: Vec::new(),
        };
        // SAFETY: a live SCIP in stage INIT.
        check(unsafe { (api.include_default_plugins)(this.scip) }, || {
            "SCIPincludeDefaultPlugins".into()
        })?;
        Ok(this)
    }

    fn real(&self, name: &CStr, value: f64) -> Result<(), String> {
        // SAFETY: a live SCIP, a NUL-terminated parameter name.
        check(
            unsafe { (self.api.set_real_param)(self.scip, name.as_ptr(), value) },
            || format!("setting {} = {value}", name.to_string_lossy()),
        )
    }

    fn int(&self, name: &CStr, value: c_int) -> Result<(), String> {
        // SAFETY: as in `real`.
        check(
            unsafe { (self.api.set_int_param)(self.scip, name.as_ptr(), value) },
            || format!("setting {} = {value}", name.to_string_lossy()),
        )
    }

    fn bool(&self, name: &CStr, value: bool) -> Result<(), String> {
        // SAFETY: as in `real`.
        check(
            unsafe { (self.api.set_bool_param)(self.scip, name.as_ptr(), value.into()) },
            || format!("setting {} = {value}", name.to_string_lossy()),
        )
    }

    /// Sets the request's parameters.
    fn configure(&self, req: &MipRequest<'_>) -> Result<(), String> {
        // SAFETY: a live SCIP.
        unsafe { (self.api.set_messagehdlr_quiet)(self.scip, (!req.log).into()) };
        self.int(c"display/verblevel", if req.log { 4 } else { 0 })?;
        self.bool(c"misc/catchctrlc", false)?;
        self.int(c"timing/clocktype", 2)?;
        if let Some(t) = req.time_limit {
            self.real(c"limits/time", t.clamp(0.0, 1e20))?;
        }
        self.real(c"limits/gap", req.rel_gap.max(0.0))?;
        self.real(c"limits/absgap", req.abs_gap.max(0.0))?;
        self.real(c"numerics/feastol", FEASIBILITY_TOL)
    }

    /// Builds `model` (minimisation).
    fn build(&mut self, model: &super::model::Model) -> Result<(), String> {
        let api = self.api;
        // SAFETY: a live SCIP with its plugins; a NUL-terminated name.
        check(
            unsafe { (api.create_prob_basic)(self.scip, c"fairshard".as_ptr()) },
            || "SCIPcreateProbBasic".into(),
        )?;
        // SAFETY: a live SCIP.
        let inf = unsafe { (api.infinity)(self.scip) };
        let side = |v: f64| v.clamp(-inf, inf);
        self.vars.reserve(model.cols.len());
        for (j, col) in model.cols.iter().enumerate() {
            if col.lower.is_nan() || col.upper.is_nan() || !col.cost.is_finite() {
                return Err(format!("column {j} has a NaN bound or a non-finite cost"));
            }
            let name = CString::new(format!("x{j}")).expect("no NUL");
            let kind = if col.integer {
                VARTYPE_INTEGER
            } else {
                VARTYPE_CONTINUOUS
            };
            let mut var = std::ptr::null_mut();
            // SAFETY: a live SCIP in stage PROBLEM, a valid out pointer and name.
            check(
                unsafe {
                    (api.create_var_basic)(
                        self.scip,
                        &mut var,
                        name.as_ptr(),
                        side(col.lower),
                        side(col.upper),
                        col.cost,
                        kind,
                    )
                },
                || format!("creating column {j}"),
            )?;
            // Held (and released by `Drop`) from here on, added to the problem or not.
            self.vars.push(var);
            // SAFETY: a live SCIP and a variable it created.
            check(unsafe { (api.add_var)(self.scip, var) }, || {
                format!("adding column {j}")
            })?;
        }
        let mut vars = Vec::new();
        let mut vals = Vec::new();
        for (i, row) in model.rows.iter().enumerate() {
            if row.lower.is_nan() || row.upper.is_nan() {
                return Err(format!("row {i} has a NaN side"));
            }
            vars.clear();
            vals.clear();
            for &(c, a) in &row.coefs {
                let Some(&v) = self.vars.get(c) else {
                    return Err(format!("row {i} names column {c} of {}", self.vars.len()));
                };
                if !a.is_finite() {
                    return Err(format!("row {i} has a non-finite coefficient"));
                }
                vars.push(v);
                vals.push(a);
            }
            let n = c_int::try_from(vars.len()).map_err(|_| format!("row {i} is too long for SCIP"))?;
            let name = CString::new(format!("r{i}")).expect("no NUL");
            let mut cons = std::ptr::null_mut();
            // SAFETY: a live SCIP; `n` variables of this SCIP and as many values (SCIP copies
            // both); a valid out pointer and name.
            check(
                unsafe {
                    (api.create_cons_basic_linear)(
                        self.scip,
                        &mut cons,
                        name.as_ptr(),
                        n,
                        vars.as_mut_ptr(),
                        vals.as_mut_ptr(),
                        side(row.lower),
                        side(row.upper),
                    )
                },
                || format!("creating row {i}"),
            )?;
            // SAFETY: a live SCIP and a constraint it created.
            let added = check(unsafe { (api.add_cons)(self.scip, cons) }, || format!("adding row {i}"));
            // SAFETY: our reference to the constraint, released once (the problem keeps its own).
            let released = check(unsafe { (api.release_cons)(self.scip, &mut cons) }, || {
                format!("releasing row {i}")
            });
            added.and(released)?;
        }
        Ok(())
    }

    /// Hands `start` (one value per column) to SCIP as a solution.
    fn add_start(&self, start: &[f64]) -> Result<(), String> {
        if start.len() != self.vars.len() {
            return Err(format!(
                "the start has {} values for {} columns",
                start.len(),
                self.vars.len()
            ));
        }
        let api = self.api;
        let n = c_int::try_from(start.len()).map_err(|_| "too many columns for SCIP".to_owned())?;
        let mut sol = std::ptr::null_mut();
        // SAFETY: a live SCIP in stage PROBLEM, a valid out pointer, no heuristic.
        check(
            unsafe { (api.create_sol)(self.scip, &mut sol, std::ptr::null_mut()) },
            || "SCIPcreateSol".into(),
        )?;
        let mut vars = self.vars.clone();
        let mut vals = start.to_vec();
        // SAFETY: a solution of this SCIP; `n` of its variables and as many values.
        let set = check(
            unsafe { (api.set_sol_vals)(self.scip, sol, n, vars.as_mut_ptr(), vals.as_mut_ptr()) },
            || "SCIPsetSolVals".into(),
        );
        let mut stored: Bool = 0;
        // SAFETY: frees `sol` in every case (stored or not).
        let added = check(unsafe { (api.add_sol_free)(self.scip, &mut sol, &mut stored) }, || {
            "SCIPaddSolFree".into()
        });
        set.and(added)
    }

    /// Solves and reads the answer.
    fn solve(&self, req: &MipRequest<'_>) -> Result<MipResult, String> {
        let api = self.api;
        // SAFETY: a live SCIP with a problem.
        check(unsafe { (api.solve)(self.scip) }, || "SCIPsolve".into())?;
        // SAFETY (this block): a live SCIP after a successful SCIPsolve (stage TRANSFORMED
        // or later), where each of these queries is allowed; the variables are its own.
        let (raw_status, x, dual, nodes) = unsafe {
            let raw_status = (api.get_status)(self.scip);
            let best = if (api.get_n_sols)(self.scip) > 0 {
                (api.get_best_sol)(self.scip)
            } else {
                std::ptr::null_mut()
            };
            let x = (!best.is_null()).then(|| {
                self.vars
                    .iter()
                    .map(|&v| (api.get_sol_val)(self.scip, best, v))
                    .collect::<Vec<_>>()
            });
            (
                raw_status,
                x,
                (api.get_dual_bound)(self.scip),
                (api.get_n_nodes)(self.scip),
            )
        };
        let status = match raw_status {
            1 => MipStatus::Optimal,
            2 | 4 => MipStatus::Infeasible,
            23 => MipStatus::TimeLimit,
            25 => MipStatus::GapLimit,
            _ => MipStatus::Failed,
        };
        // SAFETY: a live SCIP.
        let inf = unsafe { (api.infinity)(self.scip) };
        let bound = (status != MipStatus::Infeasible && dual.is_finite() && dual.abs() < inf).then_some(dual);
        Ok(MipResult {
            status,
            raw: status_name(raw_status),
            x: x.filter(|_| status != MipStatus::Infeasible),
            bound,
            nodes: nodes.max(0) as u64,
            effective: Effective {
                time_limit_s: req.time_limit,
                threads: Some(1),
                mip_gap: None,
            },
        })
    }
}

impl Drop for Instance {
    fn drop(&mut self) {
        for v in &mut self.vars {
            // SAFETY: our reference to a variable of this live SCIP, released once. A failure
            // cannot be reported from here; SCIPfree frees what remains.
            unsafe { (self.api.release_var)(self.scip, v) };
        }
        // SAFETY: a live SCIP, freed once; the pointer is not used afterwards.
        unsafe { (self.api.free)(&mut self.scip) };
    }
}

/// SCIP through its C API.
pub struct ScipBackend;

/// The loaded library's version, e.g. `SCIP 10.0.2`, or why it cannot be loaded.
pub fn version() -> String {
    match api() {
        // SAFETY: these take no argument and return ints.
        Ok(api) => unsafe {
            format!(
                "SCIP {}.{}.{}",
                (api.major_version)(),
                (api.minor_version)(),
                (api.tech_version)()
            )
        },
        Err(e) => format!("SCIP (not loaded: {e})"),
    }
}

impl Backend for ScipBackend {
    fn name(&self) -> &'static str {
        "SCIP"
    }

    fn version(&self) -> String {
        version()
    }

    fn threads(&self, _requested: Option<u32>) -> u32 {
        1
    }

    fn solve(&self, req: &MipRequest<'_>) -> MipResult {
        let run = || -> Result<MipResult, String> {
            let api = api()?;
            let mut scip = Instance::new(api)?;
            scip.configure(req)?;
            scip.build(req.model)?;
            if let Some(start) = req.start {
                scip.add_start(start)?;
            }
            scip.solve(req)
        };
        run().unwrap_or_else(MipResult::failed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::milp::model::Model;

    fn request(model: &Model) -> MipRequest<'_> {
        MipRequest {
            model,
            start: None,
            time_limit: Some(10.0),
            threads: None,
            abs_gap: 0.0,
            rel_gap: 0.0,
            log: false,
        }
    }

    #[test]
    fn the_library_loads_and_is_scip_10() {
        let v = ScipBackend.version();
        assert!(v.starts_with("SCIP 10."), "{v}");
    }

    /// max x + 2y (as min -x - 2y) with x + y <= 3.5, 0 <= y <= 2.5 integer, x >= 0 integer:
    /// y = 2, x = 1, objective -5; a ranged row and an infinite side.
    #[test]
    fn solves_a_small_milp_and_proves_it() {
        let mut m = Model::default();
        let x = m.add_col(0.0, f64::INFINITY, -1.0, true);
        let y = m.add_col(0.0, 2.5, -2.0, true);
        m.add_row(f64::NEG_INFINITY, 3.5, vec![(x, 1.0), (y, 1.0)]);
        m.add_row(0.5, 10.0, vec![(x, 1.0)]);
        let res = ScipBackend.solve(&request(&m));
        assert_eq!(res.status, MipStatus::Optimal, "{res:?}");
        let sol = res.x.clone().unwrap();
        assert!((sol[x] - 1.0).abs() < 1e-9 && (sol[y] - 2.0).abs() < 1e-9, "{sol:?}");
        assert!((res.bound.unwrap() + 5.0).abs() < 1e-6, "{res:?}");
        assert_eq!(res.effective.threads, Some(1));
    }

    #[test]
    fn an_infeasible_model_is_infeasible_with_a_start_too() {
        let mut m = Model::default();
        let x = m.add_col(0.0, 1.0, 1.0, true);
        let y = m.add_col(0.0, 1.0, 1.0, true);
        m.add_row(3.0, f64::INFINITY, vec![(x, 1.0), (y, 1.0)]);
        let res = ScipBackend.solve(&request(&m));
        assert_eq!(res.status, MipStatus::Infeasible, "{res:?}");
        assert!(res.x.is_none() && res.bound.is_none());
        let start = [1.0, 1.0];
        let res = ScipBackend.solve(&MipRequest {
            start: Some(&start),
            ..request(&m)
        });
        assert_eq!(res.status, MipStatus::Infeasible, "{res:?}");
    }

    #[test]
    fn a_bad_model_is_a_failure_not_a_panic() {
        let mut m = Model::default();
        m.add_col(0.0, 1.0, f64::NAN, false);
        let res = ScipBackend.solve(&request(&m));
        assert_eq!(res.status, MipStatus::Failed);
        let mut m = Model::default();
        m.add_col(0.0, 1.0, 1.0, false);
        m.rows.push(crate::milp::model::Row {
            lower: 0.0,
            upper: 1.0,
            coefs: vec![(7, 1.0)],
        });
        let res = ScipBackend.solve(&request(&m));
        assert_eq!(res.status, MipStatus::Failed);
        assert!(res.raw.contains("column 7"), "{}", res.raw);
        let start = [0.5, 0.5];
        let mut m = Model::default();
        m.add_col(0.0, 1.0, 1.0, false);
        let res = ScipBackend.solve(&MipRequest {
            start: Some(&start),
            ..request(&m)
        });
        assert_eq!(res.status, MipStatus::Failed);
    }

    /// The start is kept (it is the optimum here: no other solution ties it) and a time limit
    /// of zero stops at once with it.
    #[test]
    fn a_start_is_the_incumbent_when_time_is_up() {
        let mut m = Model::default();
        let cols: Vec<usize> = (0..30)
            .map(|j| m.add_col(0.0, 1.0, -((j % 7) as f64 + 1.0), true))
            .collect();
        m.add_row(
            f64::NEG_INFINITY,
            10.0,
            cols.iter().map(|&c| (c, (c % 5) as f64 + 1.0)).collect(),
        );
        let start = vec![0.0; 30];
        let res = ScipBackend.solve(&MipRequest {
            start: Some(&start),
            time_limit: Some(0.0),
            ..request(&m)
        });
        assert!(
            matches!(res.status, MipStatus::TimeLimit | MipStatus::Optimal),
            "{res:?}"
        );
        let x = res.x.expect("the start at least");
        assert!(m.is_solution(&x, 1e-9));
        assert!(m.objective(&x) <= 0.0);
    }
}
