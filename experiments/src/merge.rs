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

/// The configuration the manifest at `path` describes (threads are not recorded and do not
/// change keys). A time limit outside what a run accepts (an edited manifest) is an error
/// naming the file, never a panic.
pub fn config_of(m: &Manifest, path: &Path) -> Result<Config, FileError> {
    let mut c = Config::new(m.quick, m.master_seed);
    c.time_limit = m
        .time_limit_s
        .map(fairshard_harness::time_limit_from_secs)
        .transpose()
        .map_err(|e| FileError::invalid(path, format!("time_limit_s: {e}")))?;
    c.front_solvers = m.front_solvers.clone();
    c.compare_solvers = m.compare_solvers.clone();
    c.bench = m.bench_suite.clone().map(|suite| crate::config::BenchPlan {
        suite,
        solvers: m.bench_solvers.clone(),
    });
    Ok(c)
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
    let config = config_of(&first, &Folder(&inputs[0]).manifest())?;
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
        e.summarise(&config, out)?;
    }
    let mut merged = first;
    merged.sessions = manifests.iter().flat_map(|m| m.sessions.clone()).collect();
    merged.merged_from = inputs.iter().map(|d| d.display().to_string()).collect();
    merged.experiments = experiments.iter().map(|e| e.id().to_owned()).collect();
    merged.save(out)?;
    Ok(counts)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `merge` of a folder whose manifest was edited to a time limit of 1e30 s panicked
    /// (`Duration::from_secs_f64` overflow); it is an error naming the manifest and the field.
    #[test]
    fn merge_of_an_edited_manifest_with_an_overflowing_time_limit_is_an_error() {
        let dir = tempfile::tempdir().unwrap();
        let shard = dir.path().join("shard");
        std::fs::create_dir_all(&shard).unwrap();
        Manifest::new(1, true, Some(1e30)).save(&shard).unwrap();
        let err = merge(&[], std::slice::from_ref(&shard), &dir.path().join("out")).unwrap_err();
        let text = fairshard_results::error::chain(&err);
        assert!(
            text.contains(&Folder(&shard).manifest().display().to_string()),
            "{text}"
        );
        assert!(text.contains("time_limit_s"), "{text}");
        let fine = Manifest::new(1, true, Some(5.0));
        let config = config_of(&fine, Path::new("m.json")).unwrap();
        assert_eq!(config.time_limit, Some(std::time::Duration::from_secs(5)));
    }
}
