//! What a reproduction run is asked to do: quick or full, seed, limits, solver ids.

use fairshard_solvers::{entries, get};
use std::time::Duration;

/// The front and min-gamma sweeps' exact solver, when compiled in.
pub const PREFERRED_EXACT: &str = "ilp/highs";
/// The best heuristic: always run on the fronts, and the fallback when no ILP is compiled in.
pub const BEST_HEURISTIC: &str = "heur/bi-lpt";

/// The knobs of a reproduction, shared by every experiment.
#[derive(Clone, Debug, PartialEq)]
pub struct Config {
    /// Smaller sweeps (`--quick`): under two minutes on two cores.
    pub quick: bool,
    /// Master seed: every run's seed is derived from it and the run's coordinates.
    pub master_seed: u64,
    /// Wall-clock limit per run (solve phase).
    pub time_limit: Option<Duration>,
    /// Threads per run (`None`: backend default).
    pub threads: Option<u32>,
    /// Solvers of the paper's figures (fronts, min gamma vs m).
    pub front_solvers: Vec<String>,
    /// Solvers of the comparison.
    pub compare_solvers: Vec<String>,
    /// The benchmark to run, if any (`fairshard bench`).
    pub bench: Option<BenchPlan>,
}

/// What `fairshard bench` runs: a suite (`NAME` or `NAME@VERSION`) and solver ids.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchPlan {
    /// The suite.
    pub suite: String,
    /// The solvers, each run on every instance whose target it accepts.
    pub solvers: Vec<String>,
}

/// The suite `fairshard reproduce` benchmarks: `smoke` in quick mode, `quick` (every class at
/// n = 20 with ten seeds, and the real data at m = 5) in full; `--bench-suite` takes any.
pub fn default_bench_suite(quick: bool) -> &'static str {
    if quick { "smoke" } else { "quick" }
}

/// The solvers of `reproduce`'s benchmark: [`default_bench_solvers`] without the MIP
/// backends the comparison already shows alone on the same kind of instances
/// (`mip/highs-paper`, `mip/highs-direct`, `mip/microlp`), so that the full run stays within
/// half an hour (measured: the `quick` suite with every solver took 785 s, of which those
/// three 378 s).
pub fn reproduce_bench_solvers() -> Vec<String> {
    default_bench_solvers()
        .into_iter()
        .filter(|id| !matches!(id.as_str(), "mip/highs-paper" | "mip/highs-direct" | "mip/microlp"))
        .collect()
}

/// The benchmark's default solvers: every heuristic and exact method that proves or bounds,
/// one per family where several share a method (`ilp/highs` for the hybrid method, every
/// compiled-in `mip/...` for the MIP backends alone), as [`default_compare_solvers`].
pub fn default_bench_solvers() -> Vec<String> {
    default_compare_solvers()
}

impl Config {
    /// The defaults for `quick`: the front solvers are [`PREFERRED_EXACT`] when compiled in
    /// and [`BEST_HEURISTIC`]; the comparison runs [`default_compare_solvers`]. Time limit:
    /// 5 s per run, 1 s in quick mode, so that with every ILP backend compiled in the ~210
    /// exact runs of the full mode stay under 30 minutes even if each takes its limit.
    pub fn new(quick: bool, master_seed: u64) -> Self {
        Config {
            quick,
            master_seed,
            time_limit: Some(Duration::from_secs(if quick { 1 } else { 5 })),
            threads: Some(1),
            front_solvers: default_front_solvers(),
            compare_solvers: default_compare_solvers(),
            bench: Some(BenchPlan {
                suite: default_bench_suite(quick).to_owned(),
                solvers: reproduce_bench_solvers(),
            }),
        }
    }

    /// The front solvers that prove optima (a registry entry's `exact`), or all of them
    /// when none does: the solvers of the contrast datasets of Figs. 2a and 3.
    pub fn exact_front_solvers(&self) -> Vec<String> {
        let exact: Vec<String> = self
            .front_solvers
            .iter()
            .filter(|id| get(id).is_ok_and(|s| s.info().exact))
            .cloned()
            .collect();
        if exact.is_empty() {
            self.front_solvers.clone()
        } else {
            exact
        }
    }

    /// Checks that every solver id is known and compiled in.
    pub fn check(&self) -> Result<(), fairshard_solvers::RegistryError> {
        let bench = self.bench.iter().flat_map(|b| &b.solvers);
        for id in self.front_solvers.iter().chain(&self.compare_solvers).chain(bench) {
            get(id)?;
        }
        Ok(())
    }
}

/// Every solver compiled into this binary, in registry order.
pub fn available_solvers() -> Vec<String> {
    entries()
        .iter()
        .filter(|e| e.available())
        .map(|e| e.id.to_owned())
        .collect()
}

/// The comparison's default: every compiled-in solver except the hybrid exact ids other than
/// [`PREFERRED_EXACT`]. Each MIP backend is compared alone (its `mip/...` id: its own proofs
/// and bounds), and the hybrid method once, on HiGHS; the other hybrids (`ilp/cbc`, ...) are
/// mostly the same exact searches with another backend behind them, and stay one
/// `--compare-solvers` away.
pub fn default_compare_solvers() -> Vec<String> {
    available_solvers()
        .into_iter()
        .filter(|id| !id.starts_with("ilp/") || id == PREFERRED_EXACT)
        .collect()
}

/// [`PREFERRED_EXACT`] if compiled in, and [`BEST_HEURISTIC`].
pub fn default_front_solvers() -> Vec<String> {
    let mut ids = Vec::new();
    if get(PREFERRED_EXACT).is_ok() {
        ids.push(PREFERRED_EXACT.to_owned());
    }
    ids.push(BEST_HEURISTIC.to_owned());
    ids
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_use_what_is_compiled_in() {
        let c = Config::new(true, 1);
        assert!(c.front_solvers.contains(&BEST_HEURISTIC.to_owned()));
        assert_eq!(
            c.front_solvers.contains(&PREFERRED_EXACT.to_owned()),
            get(PREFERRED_EXACT).is_ok()
        );
        assert!(c.compare_solvers.iter().all(|id| get(id).is_ok()));
        // Every compiled-in MIP backend is compared alone; of the hybrids only ilp/highs.
        for e in entries().iter().filter(|e| e.available()) {
            let hybrid = e.id.starts_with("ilp/") && e.id != PREFERRED_EXACT;
            assert_eq!(c.compare_solvers.iter().any(|id| id == e.id), !hybrid, "{}", e.id);
        }
        assert!(c.check().is_ok());
        let mut bad = c;
        bad.compare_solvers.push("heur/nope".into());
        assert!(bad.check().unwrap_err().to_string().contains("heur/nope"));
    }
}
