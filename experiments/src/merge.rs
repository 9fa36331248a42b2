//! `fairshard merge`: joins the folders of shards (or of any runs with the same
//! configuration) into one, rows in sweep order, as if the sweep had run in one piece.

use crate::config::Config;
use crate::experiment::Experiment;
use crate::manifest::Manifest;
use crate::point::record_key;
use crate::run::RunError;
use fairshard_harness::RunRecord;
use fairshard_results::{FileError, Folder, read_rows_if_present, write_records};
use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

/// The configuration a manifest describes (threads are not recorded and do not change keys).
pub fn config_of(m: &Manifest) -> Config {
    let mut c = Config::new(m.quick, m.master_seed);
    c.time_limit = m.time_limit_s.map(std::time::Duration::from_secs_f64);
    c.front_solvers = m.front_solvers.clone();
    c.compare_solvers = m.compare_solvers.clone();
    c
}

/// Merges the results folders `inputs` into `out` (created if needed): for each experiment,
/// the union of the rows by key (the first folder wins a duplicate), in the order of the
/// sweep, then any rows the sweep does not list, by key. The manifests must agree on seed,
/// mode and time limit; the merged manifest keeps every session and names the inputs.
/// Returns the rows per experiment.
pub fn merge(
    experiments: &[&dyn Experiment],
    inputs: &[PathBuf],
    out: &Path,
) -> Result<Vec<(String, usize)>, RunError> {
    let mut manifests = Vec::new();
    for dir in inputs {
        let m = Manifest::load(dir)?
            .ok_or_else(|| FileError::invalid(&Folder(dir).manifest(), "missing: not a fairshard results folder"))?;
        manifests.push(m);
    }
    let Some(first) = manifests.first().cloned() else {
        return Ok(Vec::new());
    };
    for (dir, m) in inputs.iter().zip(&manifests).skip(1) {
        if !m.same_config(&first) {
            return Err(FileError::invalid(
                &Folder(dir).manifest(),
                format!(
                    "seed {}, quick {}, time limit {:?} s differ from {}'s",
                    m.master_seed,
                    m.quick,
                    m.time_limit_s,
                    inputs[0].display()
                ),
            )
            .into());
        }
    }
    std::fs::create_dir_all(out).map_err(|e| FileError::io(out, e))?;
    let config = config_of(&first);
    let mut counts = Vec::new();
    for e in experiments {
        e.write_data(&config, out)?;
        let points = e.points(&config);
        if points.is_empty() {
            // A data-only experiment (Fig. 1, the protocol round's): its files are rewritten
            // above from the configuration, not merged.
            continue;
        }
        let mut rows: BTreeMap<String, RunRecord> = BTreeMap::new();
        for dir in inputs {
            for r in read_rows_if_present::<RunRecord>(&Folder(dir).csv(e.id()))? {
                rows.entry(record_key(&r)).or_insert(r);
            }
        }
        if rows.is_empty() {
            continue;
        }
        let order: HashMap<String, usize> = points.iter().enumerate().map(|(i, p)| (p.key(), i)).collect();
        let mut rows: Vec<(String, RunRecord)> = rows.into_iter().collect();
        rows.sort_by_key(|(k, _)| (order.get(k).copied().unwrap_or(usize::MAX), k.clone()));
        let rows: Vec<RunRecord> = rows.into_iter().map(|(_, r)| r).collect();
        write_records(&Folder(out).csv(e.id()), &rows)?;
        counts.push((e.id().to_owned(), rows.len()));
    }
    let mut merged = first;
    merged.sessions = manifests.iter().flat_map(|m| m.sessions.clone()).collect();
    merged.merged_from = inputs.iter().map(|d| d.display().to_string()).collect();
    merged.experiments = experiments.iter().map(|e| e.id().to_owned()).collect();
    merged.save(out)?;
    Ok(counts)
}
