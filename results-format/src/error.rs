//! [`FileError`]: what went wrong with one file of a results folder, naming the file.
//!
//! The cause is reported once: a variant that wraps another error displays only the path and
//! returns the cause from [`std::error::Error::source`], so a chain printed with anyhow's
//! `{:#}` reads `PATH: CAUSE`, never `PATH: CAUSE: CAUSE`.

use std::path::{Path, PathBuf};
use thiserror::Error;

/// A problem with a result file (a CSV of rows, the manifest, a figure, the report), naming
/// the file. Every variant carries the path ([`FileError::path`]).
#[derive(Debug, Error)]
pub enum FileError {
    /// Reading, writing, creating or renaming failed.
    #[error("{}", path.display())]
    Io {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: std::io::Error,
    },
    /// A row could not be read or written as its row type.
    #[error("{}", path.display())]
    Csv {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: csv::Error,
    },
    /// A JSON file (the manifest) does not parse as its type.
    #[error("{}", path.display())]
    Json {
        /// The file.
        path: PathBuf,
        /// What went wrong.
        #[source]
        source: serde_json::Error,
    },
    /// The file does not hold what it should (another configuration's results, a missing
    /// manifest, a converter's complaint).
    #[error("{}: {message}", path.display())]
    Invalid {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

impl FileError {
    /// An I/O error on `path`.
    pub fn io(path: &Path, source: std::io::Error) -> Self {
        FileError::Io {
            path: path.to_owned(),
            source,
        }
    }

    /// A CSV error on `path`.
    pub fn csv(path: &Path, source: csv::Error) -> Self {
        FileError::Csv {
            path: path.to_owned(),
            source,
        }
    }

    /// A JSON error on `path`.
    pub fn json(path: &Path, source: serde_json::Error) -> Self {
        FileError::Json {
            path: path.to_owned(),
            source,
        }
    }

    /// `path` does not hold what it should, for the reason `message`.
    pub fn invalid(path: &Path, message: impl Into<String>) -> Self {
        FileError::Invalid {
            path: path.to_owned(),
            message: message.into(),
        }
    }

    /// The file concerned.
    pub fn path(&self) -> &Path {
        match self {
            FileError::Io { path, .. }
            | FileError::Csv { path, .. }
            | FileError::Json { path, .. }
            | FileError::Invalid { path, .. } => path,
        }
    }
}

/// An error and every cause in its chain, joined by ": " as the binary prints them (anyhow's
/// `{:#}`): what a user reads, so tests can check that each cause appears once.
pub fn chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(c) = cur {
        out = format!("{out}: {c}");
        cur = c.source();
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::error::Error as _;

    #[test]
    fn a_missing_file_names_its_path_and_its_cause_once() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("manifest.json");
        let e = FileError::io(&path, std::fs::read(&path).unwrap_err());
        let text = chain(&e);
        assert!(text.starts_with(&path.display().to_string()), "{text}");
        assert_eq!(e.path(), path);
        let os = std::fs::read(&path).unwrap_err().to_string();
        assert_eq!(text.matches(&os).count(), 1, "{text}");
        // A CSV reader's I/O error is the same single cause.
        let e = FileError::csv(&path, csv::Reader::from_path(&path).unwrap_err());
        assert_eq!(chain(&e).matches(&os).count(), 1, "{}", chain(&e));
        assert!(e.source().is_some());
    }

    #[test]
    fn an_invalid_file_says_why_after_its_path() {
        let e = FileError::invalid(Path::new("d/manifest.json"), "missing: not a fairshard results folder");
        assert_eq!(chain(&e), "d/manifest.json: missing: not a fairshard results folder");
    }
}
