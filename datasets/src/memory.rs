//! How many tasks fit in memory: an instance too large for the machine is refused before
//! anything is allocated, with what it would need, instead of an abort on allocation.
//!
//! The estimate is per task and deliberately simple: [`BYTES_PER_TASK`] covers the instance
//! (16 bytes a task), the copies that slicing and scaling make of it, and the per-task state of
//! a solve (assignment, order, loads). It is compared with the memory the kernel says is
//! available now (`MemAvailable` in `/proc/meminfo`); where that cannot be read, with
//! [`FALLBACK_BYTES`]. An exact ILP needs far more than this per task; the check only stops
//! what cannot even be loaded.

use std::fmt;

/// Bytes one task costs a run: the instance (16), a sliced or scaled copy (16) and a solve's
/// per-task state (32).
pub const BYTES_PER_TASK: u64 = 64;

/// The memory assumed available where `/proc/meminfo` cannot be read (not Linux): 16 GiB.
pub const FALLBACK_BYTES: u64 = 16 << 30;

/// The memory a run may use, and where that figure comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Budget {
    /// Bytes available.
    pub bytes: u64,
    /// Where `bytes` was read, for the error message.
    pub source: &'static str,
}

impl Budget {
    /// The memory available on this machine now: `MemAvailable` of `/proc/meminfo`, else
    /// [`FALLBACK_BYTES`].
    pub fn available() -> Budget {
        std::fs::read_to_string("/proc/meminfo")
            .ok()
            .and_then(|text| mem_available(&text))
            .map_or(
                Budget {
                    bytes: FALLBACK_BYTES,
                    source: "the default assumed where /proc/meminfo cannot be read",
                },
                |bytes| Budget {
                    bytes,
                    source: "MemAvailable in /proc/meminfo",
                },
            )
    }

    /// The most tasks that fit.
    pub fn max_tasks(&self) -> u64 {
        self.bytes / BYTES_PER_TASK
    }

    /// What `tasks` tasks would need against what there is: `tasks need about X (...), more
    /// than the Y of memory available (source); at most Z tasks fit`.
    pub fn shortfall(&self, tasks: u64) -> String {
        let needed = u128::from(tasks) * u128::from(BYTES_PER_TASK);
        format!(
            "tasks need about {} ({BYTES_PER_TASK} bytes per task for the instance and a solve), \
             more than the {} of memory available ({}); at most {} tasks fit",
            bytes(needed),
            bytes(u128::from(self.bytes)),
            self.source,
            self.max_tasks()
        )
    }

    /// Errs when `tasks` tasks, asked for by field `field` of spec `spec`, do not fit.
    pub fn check(&self, spec: &str, field: &str, tasks: u64) -> Result<(), TooLarge> {
        if tasks <= self.max_tasks() {
            return Ok(());
        }
        Err(TooLarge {
            spec: spec.to_owned(),
            field: field.to_owned(),
            tasks,
            budget: *self,
        })
    }
}

/// `MemAvailable` of `/proc/meminfo` text, in bytes.
fn mem_available(meminfo: &str) -> Option<u64> {
    let line = meminfo.lines().find_map(|l| l.strip_prefix("MemAvailable:"))?;
    let mut words = line.split_whitespace();
    let value: u64 = words.next()?.parse().ok()?;
    match words.next() {
        Some("kB") => value.checked_mul(1024),
        None => Some(value),
        Some(_) => None,
    }
}

/// An instance that does not fit in memory: what asked for it and what it would need.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TooLarge {
    /// The spec (or file) that asks for the tasks.
    pub spec: String,
    /// The field of the spec that sets their number (`n`, `rows`).
    pub field: String,
    /// How many tasks it asks for (for a file: the row at which it stopped fitting).
    pub tasks: u64,
    /// The memory there is.
    pub budget: Budget,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`{}`: {} = {} {}",
            self.spec,
            self.field,
            self.tasks,
            self.budget.shortfall(self.tasks)
        )
    }
}

impl std::error::Error for TooLarge {}

/// `n` bytes in the largest decimal unit that keeps a number >= 1, one decimal: `6.4 TB`.
pub fn bytes(n: u128) -> String {
    const UNITS: [&str; 7] = ["B", "kB", "MB", "GB", "TB", "PB", "EB"];
    let mut value = n as f64;
    let mut unit = 0;
    while value >= 1000.0 && unit + 1 < UNITS.len() {
        value /= 1000.0;
        unit += 1;
    }
    if unit == 0 {
        format!("{n} B")
    } else {
        format!("{value:.1} {}", UNITS[unit])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_mem_available_in_bytes() {
        let text = "MemTotal:       16318412 kB\nMemFree:          623392 kB\nMemAvailable:   12000000 kB\n";
        assert_eq!(mem_available(text), Some(12_000_000 * 1024));
        assert_eq!(mem_available("MemTotal: 1 kB\n"), None);
        assert_eq!(mem_available("MemAvailable: lots\n"), None);
        let b = Budget::available();
        assert!(b.bytes > 0, "{b:?}");
    }

    #[test]
    fn too_many_tasks_say_what_they_need() {
        let budget = Budget {
            bytes: 64_000,
            source: "test",
        };
        assert_eq!(budget.max_tasks(), 1000);
        assert!(budget.check("s", "n", 1000).is_ok());
        let e = budget.check("lognormal:n=1001", "n", 1001).unwrap_err().to_string();
        assert_eq!(
            e,
            "`lognormal:n=1001`: n = 1001 tasks need about 64.1 kB (64 bytes per task for the instance \
             and a solve), more than the 64.0 kB of memory available (test); at most 1000 tasks fit"
        );
        assert_eq!(bytes(999), "999 B");
        assert_eq!(bytes(6_400_000_000_000), "6.4 TB");
        assert_eq!(bytes(u128::from(u64::MAX) * 64), "1180.6 EB");
    }
}
