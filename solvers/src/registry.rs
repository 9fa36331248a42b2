//! Solvers by id. Every method fairshard knows is listed here, compiled in or not, so that a
//! missing backend answers with the feature that would bring it.

use crate::{heuristics, ilp};
use fairshard_harness::Partitioner;
use std::sync::OnceLock;
use thiserror::Error;

/// Makes a fresh solver.
pub type Maker = fn() -> Box<dyn Partitioner>;

/// One registry entry.
#[derive(Clone, Copy)]
pub struct Entry {
    /// Stable id, e.g. `heur/lpt`.
    pub id: &'static str,
    /// One line for `fairshard solvers`.
    pub summary: &'static str,
    /// The cargo feature (of the `fairshard` package) that compiles it in, if it needs one.
    pub feature: Option<&'static str>,
    /// `None` when compiled out.
    pub make: Option<Maker>,
}

impl Entry {
    /// Is the solver compiled into this binary?
    pub fn available(&self) -> bool {
        self.make.is_some()
    }
}

impl std::fmt::Debug for Entry {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Entry")
            .field("id", &self.id)
            .field("feature", &self.feature)
            .field("available", &self.available())
            .finish()
    }
}

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
    /// Known, but its backend is not compiled in.
    #[error("solver `{id}` is not compiled into this binary: rebuild with `--features {feature}`")]
    NotCompiled {
        /// The id asked for.
        id: String,
        /// The feature that enables it.
        feature: &'static str,
    },
}

/// Every solver fairshard knows, in listing order: each family lists its own entries.
pub fn entries() -> &'static [Entry] {
    static ENTRIES: OnceLock<Vec<Entry>> = OnceLock::new();
    ENTRIES.get_or_init(|| heuristics::entries().iter().copied().chain(ilp::entries()).collect())
}

/// The solver with id `id`.
pub fn get(id: &str) -> Result<Box<dyn Partitioner>, RegistryError> {
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
