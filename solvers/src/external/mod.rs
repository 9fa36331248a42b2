//! External solvers: any program, in any language, as a solver `ext/NAME`.
//!
//! A solver is a command declared in a solvers file ([`config`]: TOML, one table per solver).
//! Registered ([`register`]), its id works wherever a registry id does (`solve`, `front`,
//! `round`, the comparison, the benchmark), through the same [`Partitioner`] trait and the
//! same clock as every built-in solver.
//!
//! # The protocol (`fairshard-external/1`)
//!
//! For each run the harness starts the command as a child process, in its own process group,
//! and writes one JSON object to its standard input, then closes it:
//!
//! ```json
//! {"protocol": "fairshard-external/1", "instance": "dao100", "n": 3, "m": 2,
//!  "workloads": [21000, 90000, 47000], "rates": [20000000000, 21000000000, 50000000000],
//!  "target": "workload", "gamma1_cap": null, "gamma2_cap": 1.1,
//!  "time_limit": 10.0, "seed": 42, "threads": null, "instance_csv": null}
//! ```
//!
//! Contract j is entry j of `workloads` (gas) and `rates` (gas price); its profit is their
//! product. `target` is what to minimise: `workload` (gamma1 = max/min subset workload),
//! `profit` (gamma2), `balanced`, or `feasibility` (any partition within the caps); a cap
//! that is not `null` must hold. `time_limit` is in seconds (`null`: none). `instance_csv`
//! is the path of the same instance as a CSV (`gas_used,gas_price_wei`) when the command
//! names `{instance}`.
//!
//! The solver answers on standard output with one JSON object (alone, or as the last
//! non-empty line after any log lines):
//!
//! ```json
//! {"assignment": [0, 1, 0], "status": "feasible", "bound": 0.0, "nodes": 12}
//! ```
//!
//! `assignment` gives each contract's subset, in `0..m` (a bare JSON array is read as the
//! assignment). The rest is optional: `status` is one of `optimal`, `feasible` (the default),
//! `infeasible` (no assignment then), `unknown` or `time-limit`; `bound` is a certified lower
//! bound on the target's objective in fairshard's units (gamma - 1, the `objective` column of
//! `fairshard solve --json`); `nodes` a search-node count; `message` a status text kept in
//! the record.
//!
//! # What the harness records
//!
//! - The time is the child's wall time, from before it is started to after it has exited (the
//!   one clock of [`fairshard_harness::measure`]): interpreter start-up and reading the
//!   input count, as for any solver that must build its model.
//! - At the time limit plus the solver's `grace` (default 2 s) the whole process group is
//!   killed: the run is `time-limit`, with no partition. The harness never waits longer.
//! - A non-zero exit, a signal, an answer that is not JSON, or an assignment that is not a
//!   partition into m subsets is `error`, with the last line of the solver's standard error.
//! - Every partition is re-checked by the harness exactly like any other solver's (subset
//!   count, caps, the bound against the partition's own objective); a claimed `optimal` is
//!   proven by the solver (`proved_by` = `unstated`), and the benchmark checks it against
//!   every other solver's partitions.

pub mod config;
pub mod process;

pub use config::{ConfigError, Definition, PREFIX, load, venv};

use fairshard_harness::{
    Deferred, Effective, Instance, Partition, Partitioner, Prepared, Proof, RunSpec, SolveContext, SolveError,
    SolveOutcome, SolverInfo, Stats, Status,
};
use serde::{Deserialize, Serialize};
use std::sync::{Arc, RwLock};
use std::time::Duration;

/// The protocol's name and version, sent with every request.
pub const PROTOCOL: &str = "fairshard-external/1";

static REGISTERED: RwLock<Vec<Arc<Definition>>> = RwLock::new(Vec::new());

/// Makes `defs` available by id; a definition with an id already registered replaces it.
pub fn register(defs: impl IntoIterator<Item = Definition>) {
    let mut all = REGISTERED.write().unwrap_or_else(|e| e.into_inner());
    for d in defs {
        all.retain(|e| e.id != d.id);
        all.push(Arc::new(d));
    }
    all.sort_by(|a, b| a.id.cmp(&b.id));
}

/// Every registered external solver, by id.
pub fn registered() -> Vec<Arc<Definition>> {
    REGISTERED.read().unwrap_or_else(|e| e.into_inner()).clone()
}

/// The registered external solver `id`.
pub fn solver(id: &str) -> Option<ExternalSolver> {
    registered()
        .into_iter()
        .find(|d| d.id == id)
        .map(|def| ExternalSolver { def })
}

/// An external command as a [`Partitioner`].
#[derive(Clone, Debug)]
pub struct ExternalSolver {
    def: Arc<Definition>,
}

impl ExternalSolver {
    /// The solver of `def`, registered or not.
    pub fn new(def: Definition) -> Self {
        Self { def: Arc::new(def) }
    }
}

#[derive(Serialize)]
struct Request<'a> {
    protocol: &'static str,
    instance: &'a str,
    n: usize,
    m: usize,
    workloads: Vec<u64>,
    rates: Vec<u64>,
    target: &'static str,
    gamma1_cap: Option<f64>,
    gamma2_cap: Option<f64>,
    time_limit: Option<f64>,
    seed: u64,
    threads: Option<u32>,
    instance_csv: Option<String>,
}

#[derive(Deserialize)]
#[serde(untagged)]
enum Reply {
    Full(Answer),
    Bare(Vec<i64>),
}

#[derive(Deserialize, Default, Debug)]
struct Answer {
    #[serde(default)]
    assignment: Option<Vec<i64>>,
    #[serde(default)]
    status: Option<String>,
    #[serde(default)]
    bound: Option<f64>,
    #[serde(default)]
    nodes: Option<u64>,
    #[serde(default)]
    message: Option<String>,
}

impl Partitioner for ExternalSolver {
    fn id(&self) -> &str {
        &self.def.id
    }

    fn info(&self) -> SolverInfo {
        SolverInfo {
            summary: self.def.summary.clone(),
            exact: self.def.exact,
            targets: self.def.targets.clone(),
            caps: self.def.caps,
            time_limit: self.def.time_limit,
        }
    }

    fn version(&self) -> String {
        let command = self.def.command.join(" ");
        match &self.def.version {
            Some(v) => format!("{v} (external: {command})"),
            None => format!("external: {command}"),
        }
    }

    fn prepare<'a>(&'a self, instance: &'a Instance, spec: &'a RunSpec) -> Result<Box<dyn Prepared + 'a>, SolveError> {
        if !self.def.targets.contains(&spec.target) {
            return Err(SolveError::Unsupported {
                solver: self.def.id.clone(),
                what: format!(
                    "the {} target (it declares {} in {})",
                    spec.target,
                    self.def
                        .targets
                        .iter()
                        .map(|t| t.as_str())
                        .collect::<Vec<_>>()
                        .join(", "),
                    self.def.file.display()
                ),
            });
        }
        Ok(Box::new(Deferred(move |ctx: &SolveContext| {
            self.run(instance, spec, ctx)
        })))
    }
}

impl ExternalSolver {
    fn fail(&self, message: String) -> SolveError {
        SolveError::Backend {
            solver: self.def.id.clone(),
            message,
        }
    }

    /// One run: the child started, answered (or killed), its answer read.
    fn run(&self, instance: &Instance, spec: &RunSpec, ctx: &SolveContext) -> Result<SolveOutcome, SolveError> {
        let csv = if self.def.wants_csv() {
            Some(TempCsv::write(instance).map_err(|e| self.fail(format!("cannot write the instance CSV: {e}")))?)
        } else {
            None
        };
        let time_limit = spec.time_limit.map(|t| t.as_secs_f64());
        let fill = |arg: &str| {
            arg.replace("{m}", &spec.m.to_string())
                .replace("{target}", spec.target.as_str())
                .replace("{seed}", &ctx.seed.to_string())
                .replace("{time_limit}", &time_limit.map_or("inf".to_owned(), |t| t.to_string()))
                .replace(
                    "{instance}",
                    &csv.as_ref()
                        .map(|c| c.path.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                )
        };
        let command: Vec<String> = self.def.command.iter().map(|a| fill(a)).collect();
        let tasks = instance.tasks();
        let request = Request {
            protocol: PROTOCOL,
            instance: instance.name(),
            n: tasks.len(),
            m: spec.m,
            workloads: tasks.iter().map(|t| t.workload).collect(),
            rates: tasks.iter().map(|t| t.rate).collect(),
            target: spec.target.as_str(),
            gamma1_cap: spec.caps.gamma1,
            gamma2_cap: spec.caps.gamma2,
            time_limit,
            seed: ctx.seed,
            threads: ctx.threads,
            instance_csv: csv.as_ref().map(|c| c.path.to_string_lossy().into_owned()),
        };
        let input = serde_json::to_vec(&request).expect("a request serialises");
        let grace = Duration::from_secs_f64(self.def.grace_s);
        let kill_at = ctx.deadline().map(|d| d + grace);
        let finished = process::run(&command, input, kill_at)
            .map_err(|e| self.fail(format!("cannot start `{}`: {e}", command[0])))?;
        drop(csv);
        let effective = Effective {
            time_limit_s: time_limit,
            threads: ctx.threads,
            mip_gap: None,
        };
        let stderr = || {
            finished.last_stderr_line().map_or_else(
                || " (its standard error is empty)".to_owned(),
                |l| format!("; last line of its standard error: {l}"),
            )
        };
        let Some(status) = finished.status else {
            let mut out = SolveOutcome::new(None, Status::TimeLimit);
            out.raw_status = format!(
                "killed at the time limit + {} s grace (process wall time)",
                self.def.grace_s
            );
            out.effective = effective;
            return Ok(out);
        };
        if !status.success() {
            let how = match status.code() {
                Some(c) => format!("exited with code {c}"),
                None => "was killed by a signal".to_owned(),
            };
            return Err(self.fail(format!("{how}{}", stderr())));
        }
        let answer = parse_answer(&finished.stdout).map_err(|e| self.fail(format!("{e}{}", stderr())))?;
        let status = match answer.status.as_deref() {
            None => Status::Feasible,
            Some(s) => [
                Status::Optimal,
                Status::Feasible,
                Status::Infeasible,
                Status::Unknown,
                Status::TimeLimit,
            ]
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| {
                self.fail(format!(
                    "answered status `{s}`; expected optimal, feasible, infeasible, unknown or time-limit{}",
                    stderr()
                ))
            })?,
        };
        let partition = match answer.assignment {
            None if matches!(status, Status::Infeasible | Status::Unknown | Status::TimeLimit) => None,
            None => return Err(self.fail(format!("answered status `{status}` without an assignment{}", stderr()))),
            Some(a) => Some(assignment(&a, instance.len(), spec.m).map_err(|e| self.fail(format!("{e}{}", stderr())))?),
        };
        let mut out = SolveOutcome::new(partition, status);
        if let Some(msg) = answer.message {
            out.raw_status = msg;
        }
        out.bound = answer.bound.filter(|b| b.is_finite());
        out.stats = Stats {
            nodes: answer.nodes.unwrap_or(0),
            ..Stats::default()
        };
        out.effective = effective;
        if status.is_proven() {
            out.proof = Proof::Unstated;
        }
        Ok(out)
    }
}

/// The answer in `stdout`: the whole of it as JSON, else its last non-empty line.
fn parse_answer(stdout: &[u8]) -> Result<Answer, String> {
    let text = String::from_utf8_lossy(stdout);
    let whole = text.trim();
    if whole.is_empty() {
        return Err("printed nothing on standard output (expected a JSON answer)".to_owned());
    }
    let last = whole.lines().map(str::trim).rfind(|l| !l.is_empty()).unwrap_or("");
    let reply = serde_json::from_str::<Reply>(whole).or_else(|_| serde_json::from_str::<Reply>(last));
    match reply {
        Ok(Reply::Full(a)) => Ok(a),
        Ok(Reply::Bare(assignment)) => Ok(Answer {
            assignment: Some(assignment),
            ..Answer::default()
        }),
        Err(e) => {
            let shown: String = last.chars().take(80).collect();
            Err(format!(
                "printed no JSON answer on standard output: last line `{shown}`{}: {e}",
                if last.chars().count() > 80 { "..." } else { "" }
            ))
        }
    }
}

/// `a` as a partition of `n` contracts into `m` subsets, or what is wrong with it.
fn assignment(a: &[i64], n: usize, m: usize) -> Result<Partition, String> {
    if a.len() != n {
        return Err(format!(
            "answered an assignment of {} entries for {n} contracts",
            a.len()
        ));
    }
    if let Some((j, &s)) = a.iter().enumerate().find(|&(_, &s)| s < 0 || s >= m as i64) {
        return Err(format!("assigned contract {j} to subset {s}, outside 0..{m}"));
    }
    Ok(Partition::from_assignment(m, a.iter().map(|&s| s as u32).collect()))
}

/// The instance as a CSV file for a command that names `{instance}`, removed when dropped.
struct TempCsv {
    path: std::path::PathBuf,
}

impl TempCsv {
    fn write(instance: &Instance) -> std::io::Result<Self> {
        use std::io::Write;
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
        let k = NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        let path = std::env::temp_dir().join(format!("fairshard-ext-{}-{k}.csv", std::process::id()));
        let mut f = std::io::BufWriter::new(std::fs::File::create(&path)?);
        writeln!(f, "gas_used,gas_price_wei")?;
        for t in instance.tasks() {
            writeln!(f, "{},{}", t.workload, t.rate)?;
        }
        f.flush()?;
        Ok(Self { path })
    }
}

impl Drop for TempCsv {
    fn drop(&mut self) {
        let _ = std::fs::remove_file(&self.path);
    }
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;
    use fairshard_harness::{Target, Task, measure};
    use std::path::Path;

    const FAKES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../tests/fixtures/fake_solvers.toml");

    fn fake(name: &str) -> ExternalSolver {
        let defs = load(Path::new(FAKES)).unwrap();
        ExternalSolver::new(defs.into_iter().find(|d| d.id == format!("ext/fake-{name}")).unwrap())
    }

    fn instance() -> Instance {
        Instance::new("t", (1..=9).map(|j| Task::new(1000 + 37 * j, 10 + j)).collect()).unwrap()
    }

    /// The five answers a harness must tell apart, each recorded as what it is; the sleeper is
    /// killed at its limit plus grace, so the harness is never left waiting.
    #[test]
    fn five_answers_five_distinct_records() {
        let inst = instance();
        let mut spec = RunSpec::new(3, Target::Workload);
        spec.time_limit = Some(Duration::from_millis(300));
        let run = |name: &str| measure(&fake(name), &inst, &spec);

        let ok = run("ok");
        assert_eq!(ok.outcome.status, Status::Feasible, "{:?}", ok.error);
        assert_eq!(ok.outcome.partition.as_ref().unwrap().assignment()[..4], [0, 1, 2, 0]);
        assert_eq!(ok.outcome.stats.nodes, 7);
        assert_eq!(ok.outcome.raw_status, "round robin");

        let invalid = run("invalid");
        assert_eq!(invalid.outcome.status, Status::Error);
        assert!(
            invalid.error.as_ref().unwrap().contains("8 entries for 9 contracts"),
            "{:?}",
            invalid.error
        );

        let garbage = run("garbage");
        assert_eq!(garbage.outcome.status, Status::Error);
        assert!(
            garbage.error.as_ref().unwrap().contains("no JSON answer"),
            "{:?}",
            garbage.error
        );

        let crash = run("crash");
        assert_eq!(crash.outcome.status, Status::Error);
        let msg = crash.error.unwrap();
        assert!(
            msg.contains("exited with code 1") && msg.contains("crashed on purpose"),
            "{msg}"
        );

        let started = std::time::Instant::now();
        let sleep = run("sleep");
        assert_eq!(sleep.outcome.status, Status::TimeLimit);
        assert!(sleep.outcome.partition.is_none());
        assert!(sleep.error.is_none());
        // 0.3 s limit + 0.5 s grace; the sleeper itself would take 60 s.
        assert!(started.elapsed() < Duration::from_secs(10), "{:?}", started.elapsed());
        assert!(
            sleep.outcome.raw_status.contains("killed"),
            "{}",
            sleep.outcome.raw_status
        );
    }

    #[test]
    fn claims_logs_and_csv_are_read() {
        let inst = instance();
        let spec = RunSpec::new(3, Target::Workload);
        let opt = measure(&fake("optimal"), &inst, &spec);
        assert_eq!(opt.outcome.status, Status::Optimal);
        assert_eq!(opt.outcome.proof, Proof::Unstated);
        assert_eq!(opt.outcome.bound, Some(0.0));
        // Log lines before the answer, one of them broken JSON.
        assert_eq!(measure(&fake("logs"), &inst, &spec).outcome.status, Status::Feasible);
        // The instance as a CSV file (the fake checks it against the JSON's workloads).
        assert_eq!(measure(&fake("csv"), &inst, &spec).outcome.status, Status::Feasible);
        // A target it does not declare is refused before it starts.
        let profit = measure(&fake("crash"), &inst, &RunSpec::new(3, Target::Balanced));
        assert!(profit.error.unwrap().contains("does not support the balanced target"));
    }

    #[test]
    fn answers_are_parsed_strictly() {
        assert_eq!(parse_answer(b"[0, 1]").unwrap().assignment, Some(vec![0, 1]));
        assert_eq!(
            parse_answer(b"log\n{\"assignment\": [1]}\n").unwrap().assignment,
            Some(vec![1])
        );
        assert!(parse_answer(b"  \n").unwrap_err().contains("printed nothing"));
        assert!(
            assignment(&[0, 3], 2, 3)
                .unwrap_err()
                .contains("subset 3, outside 0..3")
        );
        assert!(assignment(&[0, -1], 2, 3).is_err());
        assert_eq!(assignment(&[0, 2], 2, 3).unwrap().assignment(), [0, 2]);
    }
}
