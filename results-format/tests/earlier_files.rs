//! Files written by an earlier build (`fairshard reproduce --quick`, before this crate held
//! their types) read back through the types here and are written back byte for byte: the
//! formats did not change.

use fairshard_results::{Fig1Row, Folder, Manifest, files, read_rows, write_rows};
use std::path::{Path, PathBuf};

fn folder() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/data/quick")
}

#[test]
fn an_earlier_manifest_reads_and_writes_back_unchanged() {
    let dir = folder();
    let text = std::fs::read_to_string(Folder(&dir).manifest()).unwrap();
    let m = Manifest::read(&dir).unwrap();
    assert!(m.quick);
    assert_eq!(m.master_seed, 1);
    assert_eq!(m.time_limit_s, Some(1.0));
    assert_eq!(m.sessions.len(), 1);
    assert!(m.sessions[0].finished.is_some());
    assert!(m.experiments.iter().any(|e| e == files::FIG1));
    assert_eq!(m.to_json() + "\n", text);
}

#[test]
fn an_earlier_fig1_csv_reads_and_writes_back_unchanged() {
    let dir = folder();
    let path = Folder(&dir).csv(files::FIG1);
    let rows: Vec<Fig1Row> = read_rows(&path).unwrap();
    assert_eq!(rows.len(), 100);
    let out = tempfile::tempdir().unwrap();
    let again = out.path().join(files::csv_name(files::FIG1));
    write_rows(&again, &rows).unwrap();
    assert_eq!(std::fs::read(&again).unwrap(), std::fs::read(&path).unwrap());
}
