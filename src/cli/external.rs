//! The solvers files: which are read, and the external solvers they declare registered before
//! any command runs (so an `ext/` id works wherever an id does).
//!
//! Read, in this order, all that exist: every `--solvers-file FILE`; else
//! `$FAIRSHARD_SOLVERS_FILE`; else the results folder's `solvers.toml` (for the commands that
//! write one) and the user's `~/.config/fairshard/solvers.toml` (`$XDG_CONFIG_HOME` honoured).
//! An id declared twice is an error naming both files.

use anyhow::bail;
use fairshard_results::files::SOLVERS_FILE;
use fairshard_solvers::external::{self, Definition};
use std::path::{Path, PathBuf};

/// The user's solvers file: `$XDG_CONFIG_HOME/fairshard/solvers.toml`, default
/// `~/.config/fairshard/solvers.toml`.
pub fn user_file() -> Option<PathBuf> {
    let base = std::env::var_os("XDG_CONFIG_HOME")
        .filter(|v| !v.is_empty())
        .map(PathBuf::from)
        .or_else(|| std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".config")))?;
    Some(base.join("fairshard").join(SOLVERS_FILE))
}

/// The files to read: `explicit` (must exist), else the environment's, else the defaults that
/// exist (`results`: the command's results folder, if it has one).
pub fn files(explicit: &[PathBuf], results: Option<&Path>) -> anyhow::Result<Vec<PathBuf>> {
    if !explicit.is_empty() {
        return Ok(explicit.to_vec());
    }
    if let Some(f) = std::env::var_os("FAIRSHARD_SOLVERS_FILE").filter(|v| !v.is_empty()) {
        return Ok(vec![PathBuf::from(f)]);
    }
    Ok(results
        .map(|r| r.join(SOLVERS_FILE))
        .into_iter()
        .chain(user_file())
        .filter(|p| p.is_file())
        .collect())
}

/// Reads `files` and registers what they declare; returns the definitions.
pub fn register(files: &[PathBuf]) -> anyhow::Result<Vec<Definition>> {
    let mut all: Vec<Definition> = Vec::new();
    for f in files {
        for d in external::load(f)? {
            if let Some(prev) = all.iter().find(|p| p.id == d.id) {
                bail!(
                    "external solver `{}` is declared twice: in {} and in {}",
                    d.id,
                    prev.file.display(),
                    f.display()
                );
            }
            all.push(d);
        }
    }
    external::register(all.clone());
    Ok(all)
}
