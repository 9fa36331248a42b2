//! What the runner records in `manifest.json` about itself: the solvers it knows, the
//! features compiled in, the git revision, the machine, and each session's command and times.
//! The manifest's type and file live in [`fairshard_results::manifest`].

use fairshard_harness::Partitioner;
use std::process::Command;
use std::time::{SystemTime, UNIX_EPOCH};

pub use fairshard_results::manifest::{Machine, Manifest, Session, SolverEntry};

/// Every registry entry and every registered external solver (its version names its command
/// and the file that declared it), as the manifest records them.
pub fn solver_entries() -> Vec<SolverEntry> {
    fairshard_solvers::entries()
        .iter()
        .map(|e| SolverEntry {
            id: e.id.to_owned(),
            summary: e.summary.to_owned(),
            available: e.available(),
            feature: e.feature.map(str::to_owned),
            version: e.make.map_or_else(
                || format!("fairshard {} (not compiled in)", env!("CARGO_PKG_VERSION")),
                |make| make().version(),
            ),
        })
        .chain(fairshard_solvers::external::registered().iter().map(|d| SolverEntry {
            id: d.id.clone(),
            summary: d.summary.clone(),
            available: true,
            feature: None,
            version: format!(
                "{} (declared in {})",
                fairshard_solvers::external::ExternalSolver::new((**d).clone()).version(),
                d.file.display()
            ),
        }))
        .collect()
}

/// The cargo features compiled in, as seen through the registry: a solver's feature is on
/// exactly when the solver is available.
pub fn enabled_features() -> Vec<String> {
    let mut f: Vec<String> = fairshard_solvers::entries()
        .iter()
        .filter(|e| e.available())
        .filter_map(|e| e.feature.map(str::to_owned))
        .collect();
    f.sort();
    f.dedup();
    f
}

/// The git revision of the checkout this binary was built from (the sources' folder, not the
/// working directory), `-dirty` if it has uncommitted changes; `None` without git or checkout.
pub fn git_revision() -> Option<String> {
    let src = env!("CARGO_MANIFEST_DIR");
    let out = Command::new("git")
        .args(["-C", src, "rev-parse", "HEAD"])
        .output()
        .ok()?;
    if !out.status.success() {
        return None;
    }
    let rev = String::from_utf8_lossy(&out.stdout).trim().to_owned();
    let dirty = Command::new("git")
        .args(["-C", src, "status", "--porcelain", "--untracked-files=no"])
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false);
    Some(if dirty { format!("{rev}-dirty") } else { rev })
}

/// This machine.
pub fn machine() -> Machine {
    let cpu = std::fs::read_to_string("/proc/cpuinfo").ok().and_then(|t| {
        t.lines()
            .find(|l| l.starts_with("model name"))
            .and_then(|l| l.split_once(':'))
            .map(|(_, v)| v.trim().to_owned())
    });
    let pretty = std::fs::read_to_string("/etc/os-release").ok().and_then(|t| {
        t.lines()
            .find_map(|l| l.strip_prefix("PRETTY_NAME="))
            .map(|v| v.trim_matches('"').to_owned())
    });
    Machine {
        cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        os: match pretty {
            Some(p) => format!("{} ({p})", std::env::consts::OS),
            None => std::env::consts::OS.to_owned(),
        },
        cpu,
        arch: std::env::consts::ARCH.to_owned(),
    }
}

/// A new session of `command` on this machine, starting now.
pub fn session(command: Vec<String>, shard: String) -> Session {
    Session {
        command,
        git_revision: git_revision(),
        version: env!("CARGO_PKG_VERSION").to_owned(),
        features: enabled_features(),
        shard,
        machine: machine(),
        started: now_utc(),
        finished: None,
        rows_added: 0,
        build: fairshard_solvers::build(),
    }
}

/// The current time, UTC, as RFC 3339 (`2016-05-28T12:00:00Z`).
pub fn now_utc() -> String {
    let secs = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_secs());
    rfc3339(secs)
}

/// Seconds since the Unix epoch as RFC 3339, UTC (the civil-from-days algorithm of
/// H. Hinnant's date library).
fn rfc3339(secs: u64) -> String {
    let days = (secs / 86_400) as i64;
    let rem = secs % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!(
        "{y:04}-{m:02}-{d:02}T{:02}:{:02}:{:02}Z",
        rem / 3600,
        rem % 3600 / 60,
        rem % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The manifest names what timings depend on: each compiled-in backend's library version
    /// (not fairshard's for every solver), and the build profile, the solvers' optimisation
    /// level and rustc.
    #[test]
    fn versions_and_build_are_recorded() {
        let entries = solver_entries();
        let version = |id: &str| entries.iter().find(|e| e.id == id).map(|e| e.version.clone()).unwrap();
        assert!(version("heur/lpt").starts_with("fairshard "));
        for (id, library) in [
            ("ilp/highs", "HiGHS "),
            ("mip/highs-direct", "HiGHS "),
            ("mip/cbc", "CBC "),
            ("mip/scip", "SCIP "),
        ] {
            if entries.iter().any(|e| e.id == id && e.available) {
                let v = version(id);
                assert!(
                    v.contains(library) && v.chars().any(|c| c.is_ascii_digit()),
                    "{id}: {v}"
                );
            }
        }
        let s = session(vec!["x".into()], "1/1".into());
        // Timings come from optimised code in every profile (the dev profile optimises the
        // timed crates, see the workspace's Cargo.toml).
        assert!(
            s.build.contains("fairshard-solvers at opt-level 3")
                && s.build.contains("fairshard-harness at opt-level 3")
                && s.build.contains("rustc"),
            "{}",
            s.build
        );
    }

    #[test]
    fn timestamps_are_rfc3339_utc() {
        assert_eq!(rfc3339(0), "1970-01-01T00:00:00Z");
        // The first DAO-purchase transaction day of the embedded data.
        assert_eq!(rfc3339(1_464_393_600 + 3661), "2016-05-28T01:01:01Z");
        assert_eq!(rfc3339(951_782_400), "2000-02-29T00:00:00Z");
    }

    #[test]
    fn the_machine_is_described() {
        let m = machine();
        assert!(m.cores >= 1);
        assert!(!m.os.is_empty());
    }
}
