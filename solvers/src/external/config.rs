//! The solvers file: external solvers declared in TOML, one table per solver.
//!
//! ```toml
//! [solvers.prtpy-kk]                       # the solver `ext/prtpy-kk`
//! command = ["{venv}/bin/python", "{here}/fairshard_peers.py", "prtpy-kk"]
//! summary = "prtpy 0.8.3: multiway Karmarkar-Karp"
//! version = "prtpy 0.8.3"                  # recorded in the manifest
//! targets = ["workload", "profit"]         # default: ["workload", "profit"]
//! exact = false                            # can it prove optimality? (default false)
//! caps = false                             # does it honour gamma caps? (default false)
//! time-limit = true                        # does it stop by itself at the limit? (default true)
//! grace = 2.0                              # seconds past the limit before it is killed (default 2)
//! ```
//!
//! In `command`, `{here}` is the folder of the solvers file, `{venv}` fairshard's Python
//! environment (`$FAIRSHARD_VENV`, default `~/.cache/fairshard/venv`), and, per run,
//! `{instance}` the path of a CSV of the instance (`gas_used,gas_price_wei`, written only when
//! asked for), `{m}`, `{target}`, `{seed}` and `{time_limit}` (seconds, `inf` without a limit).
//! Any other `{...}` is an error, reported with the file and line like every other mistake in
//! the file.

use fairshard_harness::Target;
use serde::Deserialize;
use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};

/// The id prefix of every external solver.
pub const PREFIX: &str = "ext/";

/// Per-run placeholders a command may use, besides the load-time `{here}` and `{venv}`.
pub const RUN_PLACEHOLDERS: [&str; 5] = ["instance", "m", "target", "seed", "time_limit"];

/// Seconds past the time limit an external solver gets by default before it is killed.
pub const DEFAULT_GRACE_S: f64 = 2.0;

/// One external solver, as declared.
#[derive(Clone, Debug, PartialEq)]
pub struct Definition {
    /// `ext/NAME`.
    pub id: String,
    /// Program and arguments, `{here}` and `{venv}` already substituted.
    pub command: Vec<String>,
    /// One line for `fairshard solvers`.
    pub summary: String,
    /// What the solver says of its own version.
    pub version: Option<String>,
    /// Targets it accepts.
    pub targets: Vec<Target>,
    /// Can it prove optimality or infeasibility?
    pub exact: bool,
    /// Does it honour gamma caps?
    pub caps: bool,
    /// Does it stop by itself at the time limit?
    pub time_limit: bool,
    /// Seconds past the time limit before the harness kills it.
    pub grace_s: f64,
    /// The file it was declared in.
    pub file: PathBuf,
}

impl Definition {
    /// Does the command read the instance as a CSV file (`{instance}`)?
    pub fn wants_csv(&self) -> bool {
        self.command.iter().any(|a| a.contains("{instance}"))
    }
}

/// A mistake in a solvers file: its path, line and what was expected.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The file.
    pub file: PathBuf,
    /// 1-based line, where known.
    pub line: Option<usize>,
    /// What is wrong and what was expected.
    pub message: String,
}

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(l) => write!(f, "{}:{}: {}", self.file.display(), l, self.message),
            None => write!(f, "{}: {}", self.file.display(), self.message),
        }
    }
}

impl std::error::Error for ConfigError {}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    #[serde(default)]
    solvers: BTreeMap<String, toml::Spanned<Raw>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct Raw {
    command: Vec<String>,
    #[serde(default)]
    summary: Option<String>,
    #[serde(default)]
    version: Option<String>,
    #[serde(default)]
    targets: Option<Vec<String>>,
    #[serde(default)]
    exact: bool,
    #[serde(default)]
    caps: bool,
    #[serde(default = "yes")]
    time_limit: bool,
    #[serde(default)]
    grace: Option<f64>,
}

fn yes() -> bool {
    true
}

/// fairshard's Python environment: `$FAIRSHARD_VENV`, default `~/.cache/fairshard/venv`.
pub fn venv() -> PathBuf {
    if let Some(v) = std::env::var_os("FAIRSHARD_VENV").filter(|v| !v.is_empty()) {
        return PathBuf::from(v);
    }
    let home = std::env::var_os("HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from("."));
    home.join(".cache/fairshard/venv")
}

/// Reads the solvers declared in `path`.
pub fn load(path: &Path) -> Result<Vec<Definition>, ConfigError> {
    let err = |line: Option<usize>, message: String| ConfigError {
        file: path.to_owned(),
        line,
        message,
    };
    let text = std::fs::read_to_string(path).map_err(|e| err(None, format!("cannot read the solvers file: {e}")))?;
    parse(&text, path)
}

/// Parses the text of a solvers file found at `path` (for `{here}` and the errors).
pub fn parse(text: &str, path: &Path) -> Result<Vec<Definition>, ConfigError> {
    let line_of = |offset: usize| text[..offset.min(text.len())].matches('\n').count() + 1;
    let err = |line: Option<usize>, message: String| ConfigError {
        file: path.to_owned(),
        line,
        message,
    };
    let file: File = toml::from_str(text).map_err(|e| {
        let line = e.span().map(|s| line_of(s.start));
        err(line, e.message().trim().to_owned())
    })?;
    let here = path
        .parent()
        .map(|p| if p.as_os_str().is_empty() { Path::new(".") } else { p })
        .unwrap_or(Path::new("."));
    let here = std::fs::canonicalize(here).unwrap_or_else(|_| here.to_owned());
    let venv = venv();
    let mut out = Vec::new();
    for (name, spanned) in file.solvers {
        let line = Some(line_of(spanned.span().start));
        let raw = spanned.into_inner();
        let id = format!("{PREFIX}{name}");
        if name.is_empty() || !name.chars().all(|c| c.is_ascii_alphanumeric() || "-_.".contains(c)) {
            return Err(err(
                line,
                format!("solver name `{name}`: expected letters, digits, `-`, `_` or `.` (it becomes the id `{id}`)"),
            ));
        }
        if raw.command.is_empty() || raw.command[0].trim().is_empty() {
            return Err(err(
                line,
                format!("`{id}`: `command` must name a program: [\"program\", \"arg\", ...]"),
            ));
        }
        let mut command = Vec::with_capacity(raw.command.len());
        for arg in &raw.command {
            for p in placeholders(arg) {
                if p != "here" && p != "venv" && !RUN_PLACEHOLDERS.contains(&p) {
                    return Err(err(
                        line,
                        format!(
                            "`{id}`: unknown placeholder `{{{p}}}` in `command`; expected {{here}}, {{venv}}, {}",
                            RUN_PLACEHOLDERS.map(|p| format!("{{{p}}}")).join(", ")
                        ),
                    ));
                }
            }
            command.push(
                arg.replace("{here}", &here.to_string_lossy())
                    .replace("{venv}", &venv.to_string_lossy()),
            );
        }
        let targets = match raw.targets {
            None => vec![Target::Workload, Target::Profit],
            Some(names) => {
                let mut targets = Vec::new();
                for t in names {
                    let target = t.parse::<Target>().map_err(|_| {
                        err(
                            line,
                            format!(
                                "`{id}`: unknown target `{t}` in `targets`; expected any of {}",
                                Target::ALL.map(|t| t.as_str()).join(", ")
                            ),
                        )
                    })?;
                    targets.push(target);
                }
                if targets.is_empty() {
                    return Err(err(line, format!("`{id}`: `targets` is empty")));
                }
                targets
            }
        };
        let grace_s = raw.grace.unwrap_or(DEFAULT_GRACE_S);
        if !(grace_s.is_finite() && (0.0..=3600.0).contains(&grace_s)) {
            return Err(err(
                line,
                format!("`{id}`: `grace` = {grace_s}: expected seconds in [0, 3600]"),
            ));
        }
        out.push(Definition {
            summary: raw
                .summary
                .unwrap_or_else(|| format!("external command `{}`", raw.command.join(" "))),
            id,
            command,
            version: raw.version,
            targets,
            exact: raw.exact,
            caps: raw.caps,
            time_limit: raw.time_limit,
            grace_s,
            file: path.to_owned(),
        });
    }
    Ok(out)
}

/// The `{name}` placeholders of `arg`, in order.
fn placeholders(arg: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut rest = arg;
    while let Some(open) = rest.find('{') {
        match rest[open + 1..].find('}') {
            Some(close) => {
                out.push(&rest[open + 1..open + 1 + close]);
                rest = &rest[open + close + 2..];
            }
            None => break,
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_declaration_becomes_an_ext_id_with_defaults() {
        let text = "[solvers.kk]\ncommand = [\"python3\", \"{here}/kk.py\", \"{m}\"]\n";
        let defs = parse(text, Path::new("/tmp/solvers.toml")).unwrap();
        assert_eq!(defs.len(), 1);
        let d = &defs[0];
        assert_eq!(d.id, "ext/kk");
        assert_eq!(d.command, ["python3", "/tmp/kk.py", "{m}"]);
        assert_eq!(d.targets, [Target::Workload, Target::Profit]);
        assert!(d.time_limit && !d.exact && !d.caps);
        assert_eq!(d.grace_s, DEFAULT_GRACE_S);
        assert!(!d.wants_csv());
    }

    #[test]
    fn mistakes_name_the_file_and_line() {
        let cases = [
            (
                "[solvers.a]\ncommand = [\"x\"]\n\n[solvers.b]\ncommand = [\"x\", \"{nope}\"]\n",
                4,
                "unknown placeholder `{nope}`",
            ),
            (
                "[solvers.a]\ncommand = [\"x\"]\ntargets = [\"speed\"]\n",
                1,
                "unknown target `speed`",
            ),
            ("[solvers.a]\ncommand = []\n", 1, "must name a program"),
            (
                "[solvers.a]\ncommand = [\"x\"]\ngrace = -1.0\n",
                1,
                "expected seconds in [0, 3600]",
            ),
            (
                "[solvers.a]\ncommand = [\"x\"]\ncolour = 3\n",
                3,
                "unknown field `colour`",
            ),
            ("[solvers.a]\ncommand = \"x\"\n", 2, "invalid type"),
            ("[solvers.a]\ncommand = [\"x\"\n", 2, ""),
        ];
        for (text, line, what) in cases {
            let e = parse(text, Path::new("s.toml")).unwrap_err();
            assert_eq!(e.line, Some(line), "{text:?}: {e}");
            assert!(e.to_string().starts_with(&format!("s.toml:{line}: ")), "{e}");
            assert!(e.message.contains(what), "{text:?}: {e}");
        }
        let e = parse("[solvers.\"a b\"]\ncommand = [\"x\"]\n", Path::new("s.toml")).unwrap_err();
        assert!(e.message.contains("expected letters"), "{e}");
    }
}
