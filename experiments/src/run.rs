//! The runner: every experiment's sweep through the registry and the harness's clock, one
//! row appended per finished run, skipping rows already present, within one shard.

use crate::config::Config;
use crate::experiment::Experiment;
use crate::manifest::{Manifest, Session, now_utc, solver_entries};
use crate::point::{Point, Shard};
use crate::store::ResultFile;
use fairshard_harness::{Instance, RunMeta, RunRecord, RunSpec, measure};
use fairshard_results::{FileError, Folder};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use std::collections::BTreeMap;
use std::io::IsTerminal;
use std::path::Path;

/// What went wrong in a reproduction (a failed run is a row, never an error). A variant that
/// wraps a cause displays only its context and returns the cause as its source, so that the
/// cause is printed once (anyhow's `{:#}` joins the chain).
#[derive(Debug, thiserror::Error)]
pub enum RunError {
    /// A result file or the manifest (including a folder made with another configuration).
    #[error(transparent)]
    File(#[from] FileError),
    /// A solver id in the config.
    #[error(transparent)]
    Registry(#[from] fairshard_solvers::RegistryError),
    /// A dataset spec of an experiment.
    #[error("dataset `{spec}`")]
    Dataset {
        /// The spec.
        spec: String,
        /// Why it does not open.
        source: fairshard_datasets::DatasetError,
    },
    /// A benchmark suite (unknown, or an instance that does not open).
    #[error(transparent)]
    Suite(Box<crate::bench::SuiteError>),
    /// A protocol experiment's parameters or pipeline.
    #[error("{experiment}")]
    Protocol {
        /// The experiment.
        experiment: String,
        /// What the protocol refused.
        source: fairshard_harness::protocol::ProtocolError,
    },
}

/// What one experiment's sweep did in this session.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SweepSummary {
    /// Experiment id.
    pub experiment: String,
    /// Runs in this shard.
    pub in_shard: usize,
    /// Of those, already in the file (skipped).
    pub skipped: usize,
    /// Runs made now.
    pub ran: usize,
    /// Data files written besides the runs ([`Experiment::write_data`]).
    pub data: Vec<String>,
}

/// A progress bar for `len` runs, hidden when stderr is not a terminal or `CI` is set.
pub fn progress_bar(len: u64, label: &str) -> ProgressBar {
    let quiet = !std::io::stderr().is_terminal() || std::env::var_os("CI").is_some();
    let bar = ProgressBar::with_draw_target(
        Some(len),
        if quiet {
            ProgressDrawTarget::hidden()
        } else {
            ProgressDrawTarget::stderr()
        },
    );
    if let Ok(style) = ProgressStyle::with_template("{prefix:>8} [{bar:30}] {pos}/{len} {elapsed_precise} {msg}") {
        bar.set_style(style.progress_chars("=> "));
    }
    bar.set_prefix(label.to_owned());
    bar
}

/// Instances by spec, opened once per session (off the clock).
#[derive(Default)]
pub struct Instances(BTreeMap<String, Instance>);

impl Instances {
    /// The instance of `spec`.
    pub fn get(&mut self, spec: &str) -> Result<&Instance, RunError> {
        if !self.0.contains_key(spec) {
            let inst = fairshard_datasets::open(spec).map_err(|source| RunError::Dataset {
                spec: spec.to_owned(),
                source,
            })?;
            self.0.insert(spec.to_owned(), inst);
        }
        Ok(&self.0[spec])
    }
}

/// Runs one point through the registry and [`measure`], returning its row.
pub fn run_point(point: &Point, config: &Config, instances: &mut Instances) -> Result<RunRecord, RunError> {
    let solver = fairshard_solvers::get(&point.solver)?;
    let instance = instances.get(&point.dataset)?;
    let mut spec = RunSpec::new(point.m, point.target)
        .with_caps(point.caps.gamma1, point.caps.gamma2)
        .with_seed(point.seed(config.master_seed))
        .with_time_limit(config.time_limit);
    spec.threads = config.threads;
    let run = measure(solver.as_ref(), instance, &spec);
    let meta = RunMeta {
        experiment: point.experiment.clone(),
        dataset: point.dataset.clone(),
        repetition: point.repetition,
    };
    Ok(RunRecord::new(&meta, solver.id(), instance, &spec, &run))
}

/// Runs `experiment`'s sweep within `shard` into `dir/ID.csv`, skipping rows present.
pub fn run_experiment(
    experiment: &dyn Experiment,
    config: &Config,
    shard: Shard,
    dir: &Path,
    instances: &mut Instances,
) -> Result<SweepSummary, RunError> {
    let points: Vec<Point> = experiment
        .points(config)
        .into_iter()
        .filter(|p| shard.contains(&p.key()))
        .collect();
    let mut summary = SweepSummary {
        experiment: experiment.id().to_owned(),
        in_shard: points.len(),
        skipped: 0,
        ran: 0,
        data: Vec::new(),
    };
    if points.is_empty() {
        return Ok(summary);
    }
    let mut file = ResultFile::open(&Folder(dir).csv(experiment.id()))?;
    let bar = progress_bar(points.len() as u64, experiment.id());
    for point in &points {
        if file.contains(&point.key()) {
            summary.skipped += 1;
        } else {
            bar.set_message(format!("{} m={} {}", point.dataset, point.m, point.solver));
            let row = run_point(point, config, instances)?;
            file.append(&row)?;
            summary.ran += 1;
        }
        bar.inc(1);
    }
    bar.finish_and_clear();
    Ok(summary)
}

/// Runs every experiment of `experiments` within `shard` into `dir` (created if needed),
/// keeping the manifest up to date: it is written before the first run (with this session
/// open) and again at the end. A folder made with another master seed, mode or time limit is
/// refused, so that its rows stay comparable.
pub fn run_all(
    experiments: &[&dyn Experiment],
    config: &Config,
    shard: Shard,
    dir: &Path,
    command: Vec<String>,
) -> Result<Vec<SweepSummary>, RunError> {
    config.check()?;
    std::fs::create_dir_all(dir).map_err(|e| FileError::io(dir, e))?;
    let time_limit_s = config.time_limit.map(|d| d.as_secs_f64());
    let mut ours = Manifest::new(config.master_seed, config.quick, time_limit_s);
    if let Some(plan) = &config.bench {
        ours.bench_suite = Some(
            crate::bench::find(&plan.suite)
                .map_err(|e| RunError::Suite(Box::new(e)))?
                .id(),
        );
    }
    let mut manifest = match Manifest::load(dir)? {
        Some(old) => {
            if !old.same_config(&ours) {
                return Err(FileError::invalid(
                    &Folder(dir).manifest(),
                    format!(
                        "these results were made with seed {}, quick {}, time limit {:?} s, suite {}; \
                         this run asks for seed {}, quick {}, time limit {:?} s, suite {}: use another --out",
                        old.master_seed,
                        old.quick,
                        old.time_limit_s,
                        old.bench_suite.as_deref().unwrap_or("none"),
                        config.master_seed,
                        config.quick,
                        time_limit_s,
                        ours.bench_suite.as_deref().unwrap_or("none")
                    ),
                )
                .into());
            }
            old
        }
        None => ours,
    };
    manifest.front_solvers = config.front_solvers.clone();
    manifest.compare_solvers = config.compare_solvers.clone();
    if let Some(plan) = &config.bench {
        let suite = crate::bench::find(&plan.suite).map_err(|e| RunError::Suite(Box::new(e)))?;
        manifest.bench_suite = Some(suite.id());
        manifest.bench_solvers = plan.solvers.clone();
        manifest.bench_fingerprint = Some(suite.fingerprint().map_err(|e| RunError::Suite(Box::new(e)))?);
    }
    manifest.experiments = experiments.iter().map(|e| e.id().to_owned()).collect();
    manifest.solvers = solver_entries();
    manifest
        .sessions
        .push(crate::manifest::session(command, shard.to_string()));
    manifest.save(dir)?;
    let mut instances = Instances::default();
    let mut summaries = Vec::new();
    for e in experiments {
        let data = e.write_data(config, dir)?;
        let mut s = run_experiment(*e, config, shard, dir, &mut instances)?;
        s.data = data;
        s.data.extend(e.summarise(config, dir)?);
        let session: &mut Session = manifest.sessions.last_mut().expect("pushed above");
        session.rows_added += s.ran;
        summaries.push(s);
        manifest.save(dir)?;
    }
    manifest.sessions.last_mut().expect("pushed above").finished = Some(now_utc());
    manifest.save(dir)?;
    Ok(summaries)
}

#[cfg(test)]
mod tests {
    use super::*;

    use fairshard_results::error::chain;

    #[test]
    fn a_bad_dataset_names_the_spec_and_its_cause_once() {
        let err = Instances::default().get("nothing").unwrap_err();
        let cause = fairshard_datasets::open("nothing").unwrap_err().to_string();
        let text = chain(&err);
        assert!(text.starts_with("dataset `nothing`: "), "{text}");
        assert_eq!(text.matches(&cause).count(), 1, "{text}");
    }
}
