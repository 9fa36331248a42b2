//! # fairshard-datasets
//!
//! Where instances come from: the real Ethereum mainnet transactions of 2016 embedded in the
//! binary ([`embedded`], with provenance and licences in `data/`), user CSV files through a
//! validating loader ([`csvload`]), the paper's normalised integer scaling ([`scale`]) and
//! seeded generators fitted to the real data ([`synth`]).
//!
//! One string names any instance, so that records and sweeps can carry it:
//!
//! ```text
//! SPEC    = SOURCE [ "[:" K "]" ] [ "@" SCALING ]
//! SOURCE  = embedded name (dao100, dao-may2016, blocks-feb2016)
//!         | generator spec (lognormal:n=1000,seed=7)
//!         | "csv:" PATH     (columns gas_used, gas_price_wei)
//! SCALING = raw | norm | range:N
//! ```
//!
//! e.g. `dao100[:20]@norm` is the paper's n = 20 instance, normalised.

pub mod csvload;
pub mod embedded;
pub mod memory;
pub mod scale;
pub mod synth;

pub use csvload::{CsvOptions, LoadError, Problem, load_path, load_str};
pub use embedded::{EMBEDDED, Embedded};
pub use memory::{Budget, TooLarge};
pub use scale::Scaling;
pub use synth::Generator;

use fairshard_harness::Instance;
use thiserror::Error;

/// Why a dataset spec could not be opened.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum DatasetError {
    /// Not an embedded name, generator or csv: path.
    #[error(
        "unknown dataset `{spec}`: expected one of {known}, a generator (e.g. lognormal:n=1000,seed=7) or csv:PATH"
    )]
    Unknown {
        /// What was asked for.
        spec: String,
        /// Embedded names and generator kinds.
        known: String,
    },
    /// A bad generator spec, slice or scaling.
    #[error("{0}")]
    Spec(String),
    /// The spec asks for more tasks than fit in memory (checked before generating them).
    #[error(transparent)]
    TooLarge(#[from] TooLarge),
    /// The CSV (embedded or user) failed to load.
    #[error(transparent)]
    Load(#[from] LoadError),
}

/// Opens the instance named by `spec` (grammar in the crate docs).
///
/// A generator whose `n` does not fit in the memory available ([`Budget::available`]) is
/// refused before any task is generated, and so is a CSV file with more rows than fit (at the
/// first row too many); a slice `[:K]` or a scaling only ever shrinks or copies what fits.
pub fn open(spec: &str) -> Result<Instance, DatasetError> {
    let (source, head, scaling) = split(spec)?;
    let mut inst = if let Some(path) = source.strip_prefix("csv:") {
        load_path(std::path::Path::new(path), &CsvOptions::default())?
    } else if let Some(loaded) = embedded::load(source) {
        loaded?
    } else if source.contains(':') || synth::KINDS.iter().any(|k| k.0 == source) {
        let generator = Generator::parse(source).map_err(DatasetError::Spec)?;
        Budget::available().check(spec, "n", generator.n())?;
        generator.generate()
    } else {
        return Err(unknown(spec));
    };
    if let Some(k) = head {
        if k > inst.len() {
            return Err(DatasetError::Spec(format!(
                "`{spec}`: asks for the first {k} tasks of {} with n = {}",
                inst.name(),
                inst.len()
            )));
        }
        inst = inst.head(k);
    }
    Ok(scaling.apply(&inst))
}

/// A spec split into its source, its slice `[:K]` and its scaling (grammar in the crate docs).
fn split(spec: &str) -> Result<(&str, Option<usize>, Scaling), DatasetError> {
    let (rest, scaling) = match spec.rsplit_once('@') {
        Some((r, s)) => (r, s.parse::<Scaling>().map_err(DatasetError::Spec)?),
        None => (spec, Scaling::Raw),
    };
    let (source, head) = match rest.strip_suffix(']').and_then(|r| r.rsplit_once("[:")) {
        Some((src, k)) => {
            let k: usize = k.parse().ok().filter(|&k| k >= 1).ok_or_else(|| {
                DatasetError::Spec(format!("`{spec}`: [:K] needs a whole number K >= 1, found `{k}`"))
            })?;
            (src, Some(k))
        }
        None => (rest, None),
    };
    Ok((source, head, scaling))
}

fn unknown(spec: &str) -> DatasetError {
    let mut known: Vec<&str> = EMBEDDED.iter().map(|e| e.name).collect();
    known.extend(synth::KINDS.iter().map(|k| k.0));
    DatasetError::Unknown {
        spec: spec.to_owned(),
        known: known.join(", "),
    }
}

/// What the instance named by `spec` is, in one sentence built from this crate's own
/// metadata (the embedded data's descriptions, the generators' kinds and parameters, the
/// slice and the scaling), without generating or loading it: its n, where it comes from and
/// what its columns mean, e.g. for `dao100[:20]@norm`: "n = 20: the first 20 tasks of dao100
/// (real Ethereum mainnet data, ...); workload = gas used, rate = gas price, each scaled ...".
pub fn describe(spec: &str) -> Result<String, DatasetError> {
    let (source, head, scaling) = split(spec)?;
    let (n, what, columns) = if let Some(path) = source.strip_prefix("csv:") {
        (
            None,
            format!("the rows of the CSV file {path}"),
            "workload = column gas_used, rate = column gas_price_wei",
        )
    } else if let Some(e) = EMBEDDED.iter().find(|e| e.name == source) {
        (
            Some(e.rows()),
            format!("real Ethereum mainnet data embedded in fairshard: {}", e.description),
            "workload = gas used, rate = gas price (wei), profit = rate x workload (fees)",
        )
    } else if source.contains(':') || synth::KINDS.iter().any(|k| k.0 == source) {
        let g = Generator::parse(source).map_err(DatasetError::Spec)?;
        (
            Some(g.n() as usize),
            format!("synthetic, {}", g.describe()),
            "workload = gas, rate = gas price (wei), profit = rate x workload",
        )
    } else {
        return Err(unknown(spec));
    };
    let mut out = match (head, n) {
        (Some(k), Some(n)) if k > n => {
            return Err(DatasetError::Spec(format!(
                "`{spec}`: asks for the first {k} tasks of {source} with n = {n}"
            )));
        }
        (Some(k), _) => format!("n = {k}: the first {k} tasks of {source} ({what})"),
        (None, Some(n)) => format!("n = {n}: {what}"),
        (None, None) => what,
    };
    out.push_str(&format!("; {columns}"));
    if let Scaling::Range { max } = scaling {
        out.push_str(&format!(
            ", each of workload and rate scaled linearly to integers 1..{max} (the largest becomes {max}), \
             profits recomputed from the scaled values"
        ));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_grammar() {
        assert_eq!(open("dao100").unwrap().len(), 100);
        let i = open("dao100[:20]@norm").unwrap();
        assert_eq!((i.len(), i.name()), (20, "dao100[:20]@norm"));
        assert!(i.tasks().iter().all(|t| (1..=1000).contains(&t.workload)));
        assert_eq!(open("lognormal:n=30,seed=2[:10]").unwrap().len(), 10);
        assert!(matches!(open("dao1000"), Err(DatasetError::Unknown { .. })));
        assert!(open("dao100[:0]").unwrap_err().to_string().contains("K >= 1"));
        assert!(
            open("dao100[:101]")
                .unwrap_err()
                .to_string()
                .contains("first 101 tasks")
        );
        assert!(open("dao100@log").unwrap_err().to_string().contains("unknown scaling"));
        assert!(open("lognormal").unwrap_err().to_string().contains("n=N is required"));
    }

    /// `lognormal:n=100000000000,seed=1` aborted on allocation (1.6 TB of tasks): every
    /// generator's n is checked against the memory available first, also under a slice or a
    /// scaling, and the error names the spec, the field and what it needs.
    #[test]
    fn an_instance_too_large_for_memory_is_a_clear_error() {
        for kind in synth::KINDS.iter().map(|k| k.0) {
            for suffix in ["", "[:10]", "@norm", "[:10]@range:5"] {
                let spec = format!("{kind}:n=100000000000,seed=1{suffix}");
                let e = open(&spec).unwrap_err();
                assert!(matches!(e, DatasetError::TooLarge(_)), "{spec}: {e}");
                let e = e.to_string();
                assert!(
                    e.starts_with(&format!("`{spec}`: n = 100000000000 tasks need about 6.4 TB")),
                    "{e}"
                );
                assert!(e.contains("of memory available"), "{e}");
            }
        }
    }

    /// Every spec the experiments use is described with its n, source and columns, and the
    /// description's n is the opened instance's.
    #[test]
    fn specs_are_described_from_the_crate_metadata() {
        for spec in [
            "dao100",
            "dao100@norm",
            "dao100[:20]@norm",
            "dao-may2016",
            "blocks-feb2016",
            "lognormal:n=1000,seed=1",
            "uniform:n=15,seed=3,bits=20",
        ] {
            let d = describe(spec).unwrap();
            let n = open(spec).unwrap().len();
            assert!(d.starts_with(&format!("n = {n}: ")), "{spec}: {d}");
            assert!(d.contains("workload = gas"), "{spec}: {d}");
        }
        assert!(
            describe("dao-may2016")
                .unwrap()
                .contains("22,608 DAO-purchase transactions")
        );
        let norm = describe("dao100[:20]@norm").unwrap();
        assert!(
            norm.contains("first 20 tasks of dao100") && norm.contains("integers 1..1000"),
            "{norm}"
        );
        let synth = describe("lognormal:n=1000,seed=1").unwrap();
        assert!(synth.contains("LogNormal") && synth.contains("seed 1"), "{synth}");
        assert!(describe("uniform:n=15,seed=3,bits=20").unwrap().contains("bits = 20"));
        assert!(!describe("dao100").unwrap().contains("scaled"));
        assert!(matches!(describe("dao1000"), Err(DatasetError::Unknown { .. })));
        assert!(describe("dao100[:101]").is_err());
    }

    #[test]
    fn csv_files_open_by_path_and_report_their_path() {
        let dir = tempfile::tempdir().unwrap();
        let p = dir.path().join("mine.csv");
        std::fs::write(&p, "gas_used,gas_price_wei\n21000,5\n").unwrap();
        assert_eq!(open(&format!("csv:{}", p.display())).unwrap().len(), 1);
        std::fs::write(&p, "gas_used,gas_price_wei\n21000,five\n").unwrap();
        let e = open(&format!("csv:{}", p.display())).unwrap_err().to_string();
        assert!(e.contains("mine.csv:2:2: field `gas_price_wei`"), "{e}");
    }
}
