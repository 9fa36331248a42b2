//! Named, versioned instance suites: what the benchmark runs, reproducible from specs alone.
//!
//! A [`Suite`] is a list of [`Class`]es. A class is a dataset spec pattern (the grammar of
//! [`fairshard_datasets::open`], with `{n}`, `{m}` and `{seed}` placeholders), the n and m
//! values it is run at (a cell (n, m) is kept only when m <= n and `min_per_subset * m <= n
//! <= max_per_subset * m`), its seeds and its targets ([`BenchTarget`]: workload, profit,
//! makespan, balanced, and profit under a gamma1 cap, a point of the Pareto front). A suite expands
//! deterministically, in the order class, n, m, seed, target, into [`BenchInstance`]s: spec,
//! n, m, target and caps.
//!
//! Each instance's data has a content hash, [`content_hash`]: the SHA-256 (lower-case hex) of
//! its canonical CSV text [`csv_text`] (`gas_used,gas_price_wei` header, one `workload,rate`
//! line per task in task order, `\n` line ends). It depends only on the tasks' workloads and
//! rates, never on the platform, and is the hash of the file `fairshard export` writes, so
//! `sha256sum FILE.csv` checks it. A suite's [`Suite::fingerprint`] hashes every instance's id
//! and content hash; tests pin both, so a changed generator or class shows up.
//!
//! Versioning: a suite is named `NAME@VERSION` (e.g. `hard@2`). Any change to what a suite
//! expands to (a class, a value, a generator's stream) must bump its version; results record
//! the versioned id, so rows of different versions are never compared as the same instance.
//!
//! The suites (see [`suites`]): `smoke` (a handful of tiny instances for tests; fewer seeds
//! by design), `quick` (every class at n = 20, ten seeds), `real` (the three embedded data
//! sets: prefixes of `dao-may2016` at n = 20 to 1,000, all of `blocks-feb2016`, `dao100` raw
//! and normalised), `synthetic` (`lognormal`, `mixed`, `heavy`, `adversarial`, `giant` at
//! n = 20 to 10,000 and the 48-bit `uniform` class at 3 <= n/m <= 10, ten seeds per cell),
//! `hard` (the 48-bit `uniform` class at n = 15 to 60 and `giant` at small n) and
//! `literature` (the 48-bit `uniform` class at n = 40 and 50, m = 3 to 10, ten seeds, at the
//! makespan and workload targets: the cells of Schreiber, Korf and Moffitt 2018, J. ACM). Slices of
//! `dao-may2016` are prefixes (`SPEC[:K]`): the spec grammar has no offsets, so windows
//! other than the first K transactions cannot be named yet.

use fairshard_datasets::{DatasetError, open};
use fairshard_harness::{Caps, Instance, Target};
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::fmt;
use thiserror::Error;

/// A target to run an instance at: what is minimised and under which caps.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct BenchTarget {
    /// What is minimised.
    pub target: Target,
    /// Caps the partition must meet.
    pub caps: Caps,
}

impl BenchTarget {
    /// Minimise gamma1.
    pub const WORKLOAD: BenchTarget = BenchTarget {
        target: Target::Workload,
        caps: Caps::NONE,
    };
    /// Minimise gamma2.
    pub const PROFIT: BenchTarget = BenchTarget {
        target: Target::Profit,
        caps: Caps::NONE,
    };
    /// Minimise the largest subset workload (multiway number partitioning's makespan).
    pub const MAKESPAN: BenchTarget = BenchTarget {
        target: Target::Makespan,
        caps: Caps::NONE,
    };
    /// Minimise the larger of gamma1 - 1 and gamma2 - 1.
    pub const BALANCED: BenchTarget = BenchTarget {
        target: Target::Balanced,
        caps: Caps::NONE,
    };

    /// Minimise gamma2 with gamma1 <= `gamma1`: one point of the (gamma1, gamma2) front.
    pub const fn profit_capped(gamma1: f64) -> BenchTarget {
        BenchTarget {
            target: Target::Profit,
            caps: Caps {
                gamma1: Some(gamma1),
                gamma2: None,
            },
        }
    }

    /// Stable label: the target's name, then any caps, e.g. `profit[g1<=1.1]`. Has no comma,
    /// so it stays one CSV field.
    pub fn label(&self) -> String {
        let mut s = self.target.as_str().to_owned();
        let caps: Vec<String> = [("g1", self.caps.gamma1), ("g2", self.caps.gamma2)]
            .into_iter()
            .filter_map(|(k, c)| c.map(|c| format!("{k}<={c}")))
            .collect();
        if !caps.is_empty() {
            s.push_str(&format!("[{}]", caps.join(";")));
        }
        s
    }
}

impl fmt::Display for BenchTarget {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.label())
    }
}

/// A class of instances: one spec pattern at several n, m and seeds, with its targets.
#[derive(Clone, Debug, PartialEq)]
pub struct Class {
    /// Stable name within the suite (a panel of the benchmark's figures).
    pub name: &'static str,
    /// Dataset spec with placeholders `{n}`, `{m}` and `{seed}` (the last exactly when
    /// `seeds` is not empty), e.g. `uniform:n={n},seed={seed},bits=48`. A pattern without
    /// `{n}` names data of a fixed size, which must be the one value of `ns`.
    pub pattern: &'static str,
    /// Values of n, increasing.
    pub ns: Vec<usize>,
    /// Values of m, increasing.
    pub ms: Vec<usize>,
    /// A cell (n, m) is kept only when `min_per_subset * m <= n`.
    pub min_per_subset: usize,
    /// ... and `n <= max_per_subset * m` (`usize::MAX`: no upper limit).
    pub max_per_subset: usize,
    /// Seeds of a generated class (empty for fixed data).
    pub seeds: Vec<u64>,
    /// Targets every instance is run at.
    pub targets: Vec<BenchTarget>,
}

impl Class {
    /// Is the cell (n, m) part of the class?
    pub fn admits(&self, n: usize, m: usize) -> bool {
        m >= 1 && m <= n && self.min_per_subset.saturating_mul(m) <= n && n <= self.max_per_subset.saturating_mul(m)
    }

    /// The cells (n, m) of the class, in expansion order.
    pub fn cells(&self) -> Vec<(usize, usize)> {
        let mut cells = Vec::new();
        for &n in &self.ns {
            for &m in &self.ms {
                if self.admits(n, m) {
                    cells.push((n, m));
                }
            }
        }
        cells
    }

    /// The spec of the instance at (n, m, seed).
    pub fn spec(&self, n: usize, m: usize, seed: Option<u64>) -> String {
        let mut s = self
            .pattern
            .replace("{n}", &n.to_string())
            .replace("{m}", &m.to_string());
        if let Some(seed) = seed {
            s = s.replace("{seed}", &seed.to_string());
        }
        s
    }

    /// Instances per target: cells x seeds.
    pub fn instance_count(&self) -> usize {
        self.cells().len() * self.seeds.len().max(1) * self.targets.len()
    }

    /// The n/m constraint as text (`any`, `n/m >= 2`, `3 <= n/m <= 10`).
    pub fn per_subset_text(&self) -> String {
        match (self.min_per_subset, self.max_per_subset) {
            (0 | 1, usize::MAX) => "any".to_owned(),
            (lo, usize::MAX) => format!("n/m >= {lo}"),
            (lo, hi) => format!("{lo} <= n/m <= {hi}"),
        }
    }

    /// The seeds as text: `1..=10` when consecutive, else a list, `-` for fixed data.
    pub fn seeds_text(&self) -> String {
        match self.seeds.as_slice() {
            [] => "-".to_owned(),
            [a] => a.to_string(),
            s if s.windows(2).all(|w| w[1] == w[0] + 1) => format!("{}..={}", s[0], s[s.len() - 1]),
            s => s.iter().map(u64::to_string).collect::<Vec<_>>().join(","),
        }
    }
}

/// One instance of a suite: the data (by spec), m, and what to minimise under which caps.
#[derive(Clone, Debug, PartialEq)]
pub struct BenchInstance {
    /// The suite's versioned id, e.g. `hard@2`.
    pub suite: String,
    /// The class name.
    pub class: &'static str,
    /// Dataset spec ([`fairshard_datasets::open`]).
    pub spec: String,
    /// Number of tasks.
    pub n: usize,
    /// Number of subsets.
    pub m: usize,
    /// The generator seed (None for fixed data).
    pub seed: Option<u64>,
    /// Target and caps.
    pub target: BenchTarget,
}

impl BenchInstance {
    /// Unique within the suite: `CLASS/SPEC/m=M/TARGET`.
    pub fn id(&self) -> String {
        format!("{}/{}/m={}/{}", self.class, self.spec, self.m, self.target.label())
    }

    /// Opens the instance's data (generation or parsing happens here).
    pub fn open(&self) -> Result<Instance, SuiteError> {
        open_spec(&self.spec)
    }
}

/// Opens a dataset spec, naming it in the error.
pub fn open_spec(spec: &str) -> Result<Instance, SuiteError> {
    open(spec).map_err(|source| SuiteError::Dataset {
        spec: spec.to_owned(),
        source,
    })
}

/// A named, versioned list of classes.
#[derive(Clone, Debug, PartialEq)]
pub struct Suite {
    /// Stable name, e.g. `hard`.
    pub name: &'static str,
    /// Version: bumped whenever what the suite expands to changes.
    pub version: u32,
    /// One line on what the suite is for.
    pub summary: &'static str,
    /// Its classes, in expansion order.
    pub classes: Vec<Class>,
}

impl Suite {
    /// The versioned id, `NAME@VERSION`.
    pub fn id(&self) -> String {
        format!("{}@{}", self.name, self.version)
    }

    /// Every instance, deterministically in the order class, n, m, seed, target.
    pub fn instances(&self) -> Vec<BenchInstance> {
        let mut out = Vec::new();
        for class in &self.classes {
            let seeds: Vec<Option<u64>> = if class.seeds.is_empty() {
                vec![None]
            } else {
                class.seeds.iter().copied().map(Some).collect()
            };
            for (n, m) in class.cells() {
                for &seed in &seeds {
                    let spec = class.spec(n, m, seed);
                    for &target in &class.targets {
                        out.push(BenchInstance {
                            suite: self.id(),
                            class: class.name,
                            spec: spec.clone(),
                            n,
                            m,
                            seed,
                            target,
                        });
                    }
                }
            }
        }
        out
    }

    /// The distinct dataset specs of the suite, in first-appearance order.
    pub fn specs(&self) -> Vec<String> {
        let mut seen = std::collections::BTreeSet::new();
        self.instances()
            .into_iter()
            .filter(|i| seen.insert(i.spec.clone()))
            .map(|i| i.spec)
            .collect()
    }

    /// The content hash ([`content_hash`]) of every distinct spec, each opened once.
    pub fn hashes(&self) -> Result<BTreeMap<String, String>, SuiteError> {
        self.specs()
            .into_iter()
            .map(|spec| {
                let h = content_hash(&open_spec(&spec)?);
                Ok((spec, h))
            })
            .collect()
    }

    /// SHA-256 (hex) over every instance's `id,hash` line in expansion order: one value that
    /// changes whenever anything the suite expands to changes.
    pub fn fingerprint(&self) -> Result<String, SuiteError> {
        Ok(self.fingerprint_of(&self.hashes()?))
    }

    /// [`Suite::fingerprint`] from the content hashes already computed by [`Suite::hashes`].
    pub fn fingerprint_of(&self, hashes: &BTreeMap<String, String>) -> String {
        let mut h = Sha256::new();
        for i in self.instances() {
            h.update(format!("{},{}\n", i.id(), hashes[&i.spec]).as_bytes());
        }
        hex(&h.finalize())
    }
}

/// Why a suite cannot be found or expanded.
#[derive(Debug, Error)]
pub enum SuiteError {
    /// No suite of that name.
    #[error("unknown suite `{name}`: expected one of {known}")]
    Unknown {
        /// What was asked for.
        name: String,
        /// The suites' versioned ids.
        known: String,
    },
    /// The suite exists at another version.
    #[error("suite `{name}` is at version {current} (`{name}@{current}`); version `{asked}` is not known")]
    Version {
        /// The suite name.
        name: String,
        /// The version asked for.
        asked: String,
        /// The version this build defines.
        current: u32,
    },
    /// An instance's spec does not open.
    #[error("suite instance `{spec}`")]
    Dataset {
        /// The spec.
        spec: String,
        /// Why.
        source: DatasetError,
    },
}

/// The canonical CSV text of an instance: the `gas_used,gas_price_wei` header, then one
/// `workload,rate` line per task in task order, each ending in `\n`. What `fairshard export`
/// writes, and what [`fairshard_datasets::load_str`] reads back.
pub fn csv_text(inst: &Instance) -> String {
    let mut text = String::with_capacity(inst.len() * 24 + 24);
    text.push_str("gas_used,gas_price_wei\n");
    for t in inst.tasks() {
        text.push_str(&format!("{},{}\n", t.workload, t.rate));
    }
    text
}

/// The instance's content hash: SHA-256 of [`csv_text`], 64 lower-case hex digits. Depends
/// only on the workloads and rates in task order (not the name), on every platform.
pub fn content_hash(inst: &Instance) -> String {
    hex(&Sha256::digest(csv_text(inst).as_bytes()))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Finds a suite by `NAME` or `NAME@VERSION`.
pub fn find(name: &str) -> Result<Suite, SuiteError> {
    let (base, version) = match name.split_once('@') {
        Some((b, v)) => (b, Some(v)),
        None => (name, None),
    };
    let all = suites();
    let Some(suite) = all.into_iter().find(|s| s.name == base) else {
        return Err(SuiteError::Unknown {
            name: name.to_owned(),
            known: suites().iter().map(Suite::id).collect::<Vec<_>>().join(", "),
        });
    };
    match version {
        Some(v) if v.parse::<u32>().ok() != Some(suite.version) => Err(SuiteError::Version {
            name: base.to_owned(),
            asked: v.to_owned(),
            current: suite.version,
        }),
        _ => Ok(suite),
    }
}

/// Ten seeds per synthetic cell.
fn ten_seeds() -> Vec<u64> {
    (1..=10).collect()
}

/// Every target of the benchmark: workload, profit, makespan, balanced, and profit under
/// gamma1 <= `cap`.
fn all_targets(cap: f64) -> Vec<BenchTarget> {
    vec![
        BenchTarget::WORKLOAD,
        BenchTarget::PROFIT,
        BenchTarget::MAKESPAN,
        BenchTarget::BALANCED,
        BenchTarget::profit_capped(cap),
    ]
}

/// A generated class with ten seeds at (ns x ms), n/m >= `min_per_subset`.
fn generated(
    name: &'static str,
    pattern: &'static str,
    ns: &[usize],
    ms: &[usize],
    targets: Vec<BenchTarget>,
) -> Class {
    Class {
        name,
        pattern,
        ns: ns.to_vec(),
        ms: ms.to_vec(),
        min_per_subset: 2,
        max_per_subset: usize::MAX,
        seeds: ten_seeds(),
        targets,
    }
}

/// Fixed (embedded) data of size n, at the given m.
fn fixed(name: &'static str, pattern: &'static str, n: usize, ms: &[usize], targets: Vec<BenchTarget>) -> Class {
    Class {
        name,
        pattern,
        ns: vec![n],
        ms: ms.to_vec(),
        min_per_subset: 2,
        max_per_subset: usize::MAX,
        seeds: Vec::new(),
        targets,
    }
}

/// The 48-bit `uniform` class, the number-partitioning community's standard hard class, at
/// 3 <= n/m <= 10.
fn uniform48(ns: &[usize], ms: &[usize], targets: Vec<BenchTarget>) -> Class {
    Class {
        min_per_subset: 3,
        max_per_subset: 10,
        ..generated("uniform", "uniform:n={n},seed={seed},bits=48", ns, ms, targets)
    }
}

/// The gamma1 cap of the capped-profit target (a front point with 10% workload slack).
pub const FRONT_CAP: f64 = 1.1;

/// Every suite this build knows, in listing order.
pub fn suites() -> Vec<Suite> {
    let synthetic_ns = [20, 100, 1000, 10_000];
    let ms = [5, 20];
    vec![
        Suite {
            name: "smoke",
            version: 1,
            summary: "a handful of tiny instances for tests (two seeds, not a benchmark)",
            classes: vec![
                fixed("dao100", "dao100[:{n}]", 20, &[4], vec![BenchTarget::WORKLOAD]),
                Class {
                    seeds: vec![1, 2],
                    ..uniform48(
                        &[12],
                        &[3],
                        vec![BenchTarget::WORKLOAD, BenchTarget::profit_capped(FRONT_CAP)],
                    )
                },
                Class {
                    seeds: vec![1, 2],
                    ..generated(
                        "lognormal",
                        "lognormal:n={n},seed={seed}",
                        &[20],
                        &[4],
                        vec![BenchTarget::BALANCED],
                    )
                },
            ],
        },
        Suite {
            name: "quick",
            version: 1,
            summary: "every class at n = 20 (ten seeds) and the real data at m = 5: minutes on a laptop",
            classes: vec![
                fixed(
                    "dao100",
                    "dao100",
                    100,
                    &[5],
                    vec![BenchTarget::WORKLOAD, BenchTarget::BALANCED],
                ),
                fixed(
                    "dao100@norm",
                    "dao100@norm",
                    100,
                    &[5],
                    vec![BenchTarget::WORKLOAD, BenchTarget::BALANCED],
                ),
                fixed(
                    "blocks-feb2016",
                    "blocks-feb2016",
                    80,
                    &[5],
                    vec![BenchTarget::WORKLOAD, BenchTarget::BALANCED],
                ),
                fixed(
                    "dao-may2016",
                    "dao-may2016[:{n}]",
                    20,
                    &[5],
                    vec![BenchTarget::WORKLOAD, BenchTarget::BALANCED],
                ),
                generated(
                    "lognormal",
                    "lognormal:n={n},seed={seed}",
                    &[20],
                    &[5],
                    vec![BenchTarget::WORKLOAD],
                ),
                generated(
                    "mixed",
                    "mixed:n={n},seed={seed}",
                    &[20],
                    &[5],
                    vec![BenchTarget::WORKLOAD],
                ),
                generated(
                    "heavy",
                    "heavy:n={n},seed={seed}",
                    &[20],
                    &[5],
                    vec![BenchTarget::WORKLOAD],
                ),
                generated(
                    "adversarial",
                    "adversarial:n={n},seed={seed}",
                    &[20],
                    &[5],
                    vec![BenchTarget::WORKLOAD],
                ),
                generated(
                    "giant",
                    "giant:n={n},seed={seed},subsets={m},load=1.5",
                    &[20],
                    &[5],
                    vec![BenchTarget::WORKLOAD],
                ),
                uniform48(&[20], &[5], vec![BenchTarget::WORKLOAD]),
            ],
        },
        Suite {
            name: "real",
            version: 2,
            summary: "the embedded 2016 data: dao-may2016 prefixes (n = 20..1,000), blocks-feb2016, dao100 raw and @norm",
            classes: vec![
                Class {
                    ns: vec![20, 50, 100, 200, 1000],
                    ..fixed("dao-may2016", "dao-may2016[:{n}]", 0, &ms, all_targets(FRONT_CAP))
                },
                fixed("blocks-feb2016", "blocks-feb2016", 80, &ms, all_targets(FRONT_CAP)),
                fixed("dao100", "dao100", 100, &ms, all_targets(FRONT_CAP)),
                fixed("dao100@norm", "dao100@norm", 100, &ms, all_targets(FRONT_CAP)),
            ],
        },
        Suite {
            name: "synthetic",
            version: 2,
            summary: "every generator at n = 20..10,000 (uniform 48-bit at 3 <= n/m <= 10), ten seeds per cell",
            classes: vec![
                generated(
                    "lognormal",
                    "lognormal:n={n},seed={seed}",
                    &synthetic_ns,
                    &ms,
                    all_targets(FRONT_CAP),
                ),
                generated(
                    "mixed",
                    "mixed:n={n},seed={seed}",
                    &synthetic_ns,
                    &ms,
                    all_targets(FRONT_CAP),
                ),
                generated(
                    "heavy",
                    "heavy:n={n},seed={seed}",
                    &synthetic_ns,
                    &ms,
                    all_targets(FRONT_CAP),
                ),
                generated(
                    "adversarial",
                    "adversarial:n={n},seed={seed}",
                    &synthetic_ns,
                    &ms,
                    all_targets(FRONT_CAP),
                ),
                generated(
                    "giant",
                    "giant:n={n},seed={seed},subsets={m},load=1.5",
                    &synthetic_ns,
                    &ms,
                    all_targets(FRONT_CAP),
                ),
                uniform48(&[15, 20, 30, 40, 50], &[3, 5, 10], all_targets(FRONT_CAP)),
            ],
        },
        Suite {
            name: "hard",
            version: 2,
            summary: "where methods separate: uniform 48-bit at n = 15..60, 3 <= n/m <= 10; giant at small n",
            classes: vec![
                uniform48(&[15, 20, 25, 30, 40, 50, 60], &[3, 5, 10], all_targets(FRONT_CAP)),
                generated(
                    "giant",
                    "giant:n={n},seed={seed},subsets={m},load=1.5",
                    &[20, 50, 100],
                    &[5, 10],
                    all_targets(FRONT_CAP),
                ),
            ],
        },
        Suite {
            name: "literature",
            version: 1,
            summary: "the multiway number partitioning literature's cells: uniform 48-bit at n = 40, 50, m = 3..10; makespan and workload",
            classes: vec![Class {
                min_per_subset: 3,
                // Not `uniform`: n/m reaches 16 here (the class of that name keeps 3..10).
                ..generated(
                    "uniform-mnp",
                    "uniform:n={n},seed={seed},bits=48",
                    &[40, 50],
                    &[3, 4, 5, 6, 7, 8, 9, 10],
                    vec![BenchTarget::MAKESPAN, BenchTarget::WORKLOAD],
                )
            }],
        },
    ]
}

#[cfg(test)]
mod tests {
    use super::*;
    use fairshard_harness::Task;
    use std::collections::BTreeSet;

    #[test]
    fn content_hash_is_the_sha256_of_the_canonical_csv_and_ignores_the_name() {
        let tasks = vec![Task::new(21_000, 5), Task::new(7, 3)];
        let a = Instance::new("a", tasks.clone()).unwrap();
        let b = Instance::new("another name", tasks).unwrap();
        assert_eq!(csv_text(&a), "gas_used,gas_price_wei\n21000,5\n7,3\n");
        // `printf 'gas_used,gas_price_wei\n21000,5\n7,3\n' | sha256sum`
        let want = "ad591b5c28db4d7ffd6db56cbc2e53990605599409921c4323be627af8c459e6";
        assert_eq!(content_hash(&a), want);
        assert_eq!(content_hash(&b), want);
        let swapped = Instance::new("a", vec![Task::new(7, 3), Task::new(21_000, 5)]).unwrap();
        assert_ne!(content_hash(&swapped), want, "task order is part of the content");
    }

    #[test]
    fn expansion_is_deterministic_and_instances_are_unique() {
        let names: BTreeSet<&str> = suites().iter().map(|s| s.name).collect();
        assert_eq!(names.len(), suites().len());
        for (s, again) in suites().iter().zip(suites()) {
            let list = s.instances();
            assert_eq!(list, again.instances(), "{}", s.id());
            assert!(!list.is_empty());
            let ids: BTreeSet<String> = list.iter().map(BenchInstance::id).collect();
            assert_eq!(ids.len(), list.len(), "{}: duplicate instance ids", s.id());
            let classes: BTreeSet<&str> = s.classes.iter().map(|c| c.name).collect();
            assert_eq!(classes.len(), s.classes.len(), "{}: duplicate class names", s.id());
            let counted: usize = s.classes.iter().map(Class::instance_count).sum();
            assert_eq!(counted, list.len());
            assert!(list.iter().all(|i| i.suite == s.id()));
        }
    }

    #[test]
    fn class_patterns_agree_with_their_seeds_and_sizes() {
        for s in suites() {
            for c in &s.classes {
                let what = format!("{}/{}", s.id(), c.name);
                assert_eq!(c.pattern.contains("{seed}"), !c.seeds.is_empty(), "{what}");
                if !c.pattern.contains("{n}") {
                    assert_eq!(c.ns.len(), 1, "{what}: fixed data has one size");
                }
                assert!(c.ns.windows(2).all(|w| w[0] < w[1]), "{what}");
                assert!(c.ms.windows(2).all(|w| w[0] < w[1]), "{what}");
                assert!(!c.cells().is_empty() && !c.targets.is_empty(), "{what}");
                // Every synthetic cell of a benchmark suite has at least ten seeds.
                if s.name != "smoke" && !c.seeds.is_empty() {
                    assert!(c.seeds.len() >= 10, "{what}");
                }
            }
        }
    }

    /// Every instance opens with the n it claims, and its m fits it; this also checks every
    /// spec against the generators' real parameter names.
    #[test]
    fn every_instance_opens_with_its_n_and_m() {
        for s in suites() {
            let mut sizes = BTreeMap::new();
            for i in s.instances() {
                let n = *sizes
                    .entry(i.spec.clone())
                    .or_insert_with(|| i.open().unwrap_or_else(|e| panic!("{}: {e}", s.id())).len());
                assert_eq!(n, i.n, "{}: {}", s.id(), i.spec);
                assert!(i.m >= 2 && i.m <= n, "{}", i.id());
            }
        }
    }

    #[test]
    fn the_uniform_class_keeps_n_over_m_between_3_and_10() {
        for s in suites() {
            for i in s.instances().iter().filter(|i| i.class == "uniform") {
                assert!(3 * i.m <= i.n && i.n <= 10 * i.m, "{}", i.id());
                assert!(i.spec.contains("bits=48"), "{}", i.id());
            }
        }
        let hard = find("hard").unwrap();
        let cells: BTreeSet<(usize, usize)> = hard.instances().iter().map(|i| (i.n, i.m)).collect();
        assert!(cells.contains(&(40, 5)), "the n = 40, m = 5 cell of the literature");
    }

    #[test]
    fn the_real_suite_covers_the_embedded_sets_and_every_target() {
        let real = find("real").unwrap();
        let specs: BTreeSet<String> = real.specs().into_iter().collect();
        for n in [20, 50, 100, 200, 1000] {
            assert!(specs.contains(&format!("dao-may2016[:{n}]")), "{n}");
        }
        for s in ["blocks-feb2016", "dao100", "dao100@norm"] {
            assert!(specs.contains(s), "{s}");
        }
        let labels: BTreeSet<String> = real.instances().iter().map(|i| i.target.label()).collect();
        let want: BTreeSet<String> = ["workload", "profit", "makespan", "balanced", "profit[g1<=1.1]"]
            .into_iter()
            .map(String::from)
            .collect();
        assert_eq!(labels, want);
        let synthetic = find("synthetic").unwrap();
        let classes: BTreeSet<&str> = synthetic.classes.iter().map(|c| c.name).collect();
        let want: BTreeSet<&str> = ["lognormal", "mixed", "heavy", "adversarial", "giant", "uniform"].into();
        assert_eq!(classes, want);
    }

    #[test]
    fn giant_instances_carry_their_m() {
        for i in find("synthetic")
            .unwrap()
            .instances()
            .iter()
            .filter(|i| i.class == "giant")
        {
            assert!(i.spec.contains(&format!(",subsets={},", i.m)), "{}", i.id());
        }
    }

    #[test]
    fn find_takes_a_name_or_a_versioned_id() {
        assert_eq!(find("hard").unwrap().id(), "hard@2");
        assert_eq!(find("hard@2").unwrap().name, "hard");
        let e = find("hard@1").unwrap_err().to_string();
        assert!(e.contains("version 2") && e.contains("`1`"), "{e}");
        let e = find("easy").unwrap_err().to_string();
        assert!(e.contains("unknown suite `easy`") && e.contains("smoke@1"), "{e}");
    }

    #[test]
    fn target_labels_are_stable_single_fields() {
        assert_eq!(BenchTarget::WORKLOAD.label(), "workload");
        assert_eq!(BenchTarget::profit_capped(1.1).label(), "profit[g1<=1.1]");
        let both = BenchTarget {
            target: Target::Balanced,
            caps: Caps {
                gamma1: Some(1.5),
                gamma2: Some(2.0),
            },
        };
        assert_eq!(both.label(), "balanced[g1<=1.5;g2<=2]");
    }

    /// Pinned content hashes (each checked against `fairshard export -d SPEC --out - | sha256sum`):
    /// a change here means a generator's stream or the embedded data changed, and every suite
    /// that holds the instance needs a new version.
    #[test]
    fn pinned_content_hashes() {
        for (spec, want) in PINNED_HASHES {
            let got = content_hash(&open_spec(spec).unwrap());
            assert_eq!(&got, want, "{spec}");
        }
    }

    const PINNED_HASHES: [(&str, &str); 5] = [
        (
            "dao100",
            "30039e3f7b2e8f038c5bafca1cdece7b94ac24dfda57ff2fc65cae173ad36290",
        ),
        (
            "dao-may2016[:20]",
            "bda7990a76e5168a08605fb6a90da0030f7e62833027f005cdc5e46bfe9609f9",
        ),
        (
            "uniform:n=40,seed=3,bits=48",
            "471651068fd7ebad8620502bc6d0377fb8d7a47da8e43f036773779059cdf8de",
        ),
        (
            "lognormal:n=20,seed=1",
            "292c6f8c62d644229b1fe71e575fc2dd54b2d6f47fab3621b3e46dca85baa0d7",
        ),
        (
            "giant:n=20,seed=1,subsets=5,load=1.5",
            "dda7253e85485ed4139e1c8df6fa3ff7964342ad4c625e35ff8fce6a888eb323",
        ),
    ];

    /// Pinned fingerprints: a change here changes what the suite expands to, so its version
    /// must be bumped (and this pin updated with it).
    #[test]
    fn pinned_suite_fingerprints() {
        for (id, want) in PINNED_FINGERPRINTS {
            let got = find(id).unwrap().fingerprint().unwrap();
            assert_eq!(&got, want, "{id}");
        }
    }

    const PINNED_FINGERPRINTS: [(&str, &str); 6] = [
        (
            "smoke@1",
            "ed7b1747b4cc87851060d8bf65f39fbfa6817b8ed77104c48134b373285c79b7",
        ),
        (
            "quick@1",
            "b09ffa6bb7afa02451223b1ea100915c4f16da57953dabc19d30f23be0df7f2c",
        ),
        (
            "real@2",
            "181604a87e0ba074c72a0921463c162c6fd5190c4202b59a8af81eee08edab32",
        ),
        (
            "synthetic@2",
            "89c136496831c4c64d3f3d308685e9bbcce3299c9807732bea81282421f456cf",
        ),
        (
            "hard@2",
            "e1612bab0a402577460521c7bb046939cde051ee1e2a8ae3db601609dd6299f7",
        ),
        (
            "literature@1",
            "e4ce51899dc2986a5690035a771ec8983382829613f2332fbf8c37c78c1a8b15",
        ),
    ];
}
