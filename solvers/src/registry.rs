//! Solvers by id. Every method fairshard knows is listed here, compiled in or not, so that a
//! missing backend answers with the feature that would bring it.

pub use crate::entry::{Entry, Maker};
use crate::{exact, external, heuristics, hybrid};
use fairshard_harness::Partitioner;
use std::sync::OnceLock;
use thiserror::Error;

/// Why a lookup failed.
#[derive(Debug, Error, Clone, PartialEq, Eq)]
pub enum RegistryError {
    /// No such id.
    #[error("unknown solver `{id}`; known solvers: {known}")]
    Unknown {
        /// The id asked for.
        id: String,
        /// Every known id, comma-separated.
        known: String,
    },
    /// An `ext/` id that no solvers file declares.
    #[error(
        "external solver `{id}` is not declared{}: declare it in a solvers file and pass it with \
         `--solvers-file FILE` (see `fairshard solvers --help`)",
        if known.is_empty() { String::new() } else { format!(" (declared: {known})") }
    )]
    UnknownExternal {
        /// The id asked for.
        id: String,
        /// Every registered external id, comma-separated.
        known: String,
    },
    /// Known, but its backend is not compiled in.
    #[error("solver `{id}` is not compiled into this binary: rebuild with `--features {feature}`")]
    NotCompiled {
        /// The id asked for.
        id: String,
        /// The feature that enables it.
        feature: &'static str,
    },
}

/// Every solver fairshard knows, in listing order (the one-dimensional heuristics, the
/// complete method, the bi-objective heuristic, the ILPs): each family lists its own entries.
pub fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| {
        heuristics::one_dimensional()
            .iter()
            .chain(exact::entries())
            .chain(heuristics::bi_objective())
            .copied()
            .chain(hybrid::entries())
            .collect()
    })
}

/// The solver with id `id`: a built-in one, or an external one ([`external::register`]).
pub fn get(id: &str) -> Result<Box<dyn Partitioner>, RegistryError> {
    if id.starts_with(external::PREFIX) {
        return external::solver(id)
            .map(|s| Box::new(s) as Box<dyn Partitioner>)
            .ok_or_else(|| RegistryError::UnknownExternal {
                id: id.to_owned(),
                known: external::registered()
                    .iter()
                    .map(|d| d.id.as_str())
                    .collect::<Vec<_>>()
                    .join(", "),
            });
    }
    lookup(entries(), id)
}

/// `get` over any entry list.
fn lookup(entries: &[Entry], id: &str) -> Result<Box<dyn Partitioner>, RegistryError> {
    let entry = entries
        .iter()
        .find(|e| e.id == id)
        .ok_or_else(|| RegistryError::Unknown {
            id: id.to_owned(),
            known: entries.iter().map(|e| e.id).collect::<Vec<_>>().join(", "),
        })?;
    match (entry.make, entry.feature) {
        (Some(make), _) => Ok(make()),
        (None, feature) => Err(RegistryError::NotCompiled {
            id: id.to_owned(),
            feature: feature.unwrap_or("?"),
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::heuristics::bi::BiLpt;
    use fairshard_harness::{Instance, RunSpec, Target, Task, measure};
    use proptest::prelude::*;

    #[test]
    fn registered_ids_are_found_by_the_registry() {
        let fakes = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/fake_solvers.toml");
        crate::external::register(crate::external::load(std::path::Path::new(fakes)).unwrap());
        assert_eq!(get("ext/fake-ok").unwrap().id(), "ext/fake-ok");
        let err = get("ext/absent").err().unwrap().to_string();
        assert!(err.contains("not declared") && err.contains("ext/fake-ok"), "{err}");
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(48))]
        /// Every heuristic (and `heur/complete`) assigns each task once, reports the certified
        /// bound, and no method reports an objective below it (the harness would turn that
        /// into an error).
        #[test]
        fn every_heuristic_has_a_bound_never_beaten(
            tasks in prop::collection::vec((1u64..1_000_000, 1u64..100), 2..60),
            m in 1usize..6,
            target in prop::sample::select(vec![Target::Workload, Target::Profit, Target::Makespan, Target::Balanced]),
            cap in prop::option::of(1.0f64..1.3),
        ) {
            prop_assume!(m <= tasks.len());
            let inst = Instance::new("h", tasks.iter().map(|&(w, r)| Task::new(w, r)).collect()).unwrap();
            // A cap on the other quantity (or on gamma1 for the balanced target) brings in the
            // LP relaxation's bound where a backend is compiled in.
            let mut spec = match target {
                Target::Workload => RunSpec::new(m, target).with_caps(None, cap),
                _ => RunSpec::new(m, target).with_caps(cap, None),
            };
            spec.time_limit = Some(std::time::Duration::from_millis(20));
            for e in entries().iter().filter(|e| e.feature.is_none()) {
                let solver: Box<dyn Partitioner> = if e.id == "heur/bi-lpt" {
                    Box::new(BiLpt {
                        kick_evals: 10_000,
                        ..BiLpt::default()
                    })
                } else {
                    (e.make.unwrap())()
                };
                let run = measure(solver.as_ref(), &inst, &spec);
                prop_assert!(run.error.is_none(), "{}: {:?}", e.id, run.error);
                let p = run.outcome.partition.as_ref().unwrap();
                prop_assert_eq!(p.assignment().len(), inst.len());
                let (obj, bound) = (run.objective.unwrap(), run.outcome.bound.unwrap());
                prop_assert!(bound <= obj * (1.0 + 1e-12), "{}: bound {} > objective {}", e.id, bound, obj);
            }
        }
    }

    #[test]
    fn ids_are_unique_and_match_their_solvers() {
        let mut ids: Vec<_> = entries().iter().map(|e| e.id).collect();
        ids.sort_unstable();
        ids.dedup();
        assert_eq!(ids.len(), entries().len());
        for e in entries().iter().filter(|e| e.available()) {
            assert_eq!(get(e.id).unwrap().id(), e.id);
        }
    }

    #[test]
    fn a_compiled_out_backend_names_its_feature() {
        let list = [Entry {
            id: "ilp/absent",
            summary: "",
            feature: Some("absent"),
            make: None,
        }];
        let err = lookup(&list, "ilp/absent").err().unwrap();
        assert_eq!(
            err.to_string(),
            "solver `ilp/absent` is not compiled into this binary: rebuild with `--features absent`"
        );
    }

    #[test]
    fn unknown_ids_list_the_known_ones() {
        let err = get("heur/nope").err().unwrap();
        assert!(err.to_string().contains("heur/lpt"), "{err}");
    }
}
