//! End-to-end tests of external solvers: declared in a solvers file, run by `solve` and by
//! `bench` beside built-in solvers, each answer recorded as what it is; and the shipped
//! adapter of a real peer (prtpy, from the project's Python environment).

mod common;

use common::{fairshard, stderr, stdout};
use std::collections::BTreeMap;
use std::path::Path;
use std::time::{Duration, Instant};

const FAKES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/fake_solvers.toml");
const PEERS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/python/solvers.toml");

#[test]
fn solve_records_each_external_answer_and_never_waits_past_the_grace() {
    let solve = |name: &str| {
        let id = format!("ext/fake-{name}");
        let args = [
            "--solvers-file",
            FAKES,
            "solve",
            "-d",
            "dao100",
            "-m",
            "5",
            "--solver",
            &id,
        ];
        fairshard(&[&args[..], &["--target", "workload", "--time-limit", "0.5", "--json"]].concat())
    };
    let ok = solve("ok");
    assert!(ok.status.success(), "{}", stderr(&ok));
    let v: serde_json::Value = serde_json::from_str(&stdout(&ok)).unwrap();
    assert_eq!(v["record"]["status"], "feasible", "{v}");
    for (name, what) in [
        ("invalid", "99 entries for 100 contracts"),
        ("garbage", "no JSON answer"),
        ("crash", "crashed on purpose"),
    ] {
        let o = solve(name);
        assert_eq!(o.status.code(), Some(1), "{name}: {}", stdout(&o));
        assert!(stderr(&o).contains(what), "{name}: {}", stderr(&o));
    }
    let started = Instant::now();
    let o = solve("sleep");
    assert!(started.elapsed() < Duration::from_secs(15), "{:?}", started.elapsed());
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert_eq!(v["record"]["status"], "time-limit", "{v}");

    // An undeclared ext/ id says how to declare one; a broken solvers file names its line.
    let o = fairshard(&["solve", "-d", "dao100", "-m", "5", "--solver", "ext/none"]);
    assert!(stderr(&o).contains("--solvers-file"), "{}", stderr(&o));
    let dir = tempfile::tempdir().unwrap();
    let bad = dir.path().join("s.toml");
    std::fs::write(&bad, "[solvers.x]\ncommand = [\"python3\"]\ntargets = [\"speed\"]\n").unwrap();
    let o = fairshard(&["--solvers-file", bad.to_str().unwrap(), "solvers"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("s.toml:1: `ext/x`: unknown target `speed`"),
        "{}",
        stderr(&o)
    );
}

fn rows(dir: &Path) -> BTreeMap<(String, String), Vec<String>> {
    let mut r = csv::Reader::from_path(dir.join("bench.csv")).unwrap();
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let mut out: BTreeMap<(String, String), Vec<String>> = BTreeMap::new();
    for row in r.records().map(Result::unwrap) {
        let key = (
            row[col("solver")].to_owned(),
            row[col("dataset")].to_owned() + &row[col("target")],
        );
        out.entry(key).or_default().push(row[col("status")].to_owned());
    }
    out
}

/// The benchmark runs external solvers beside built-in ones on the same instances: rows for
/// each (errors and time limits counted as failures), statistics, and the manifest naming the
/// command; a results folder's own solvers.toml is found without the flag.
#[test]
fn bench_runs_external_solvers_beside_built_in_ones() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    let args = [
        "--solvers-file",
        FAKES,
        "bench",
        "--suite",
        "smoke",
        "--solvers",
        "heur/lpt,ext/fake-ok,ext/fake-crash,ext/fake-sleep",
        "--time-limit",
        "0.3",
        "--out",
        out.to_str().unwrap(),
    ];
    let started = Instant::now();
    let o = fairshard(&args);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(started.elapsed() < Duration::from_secs(120), "{:?}", started.elapsed());
    let rows = rows(&out);
    let statuses = |solver: &str| -> Vec<String> {
        rows.iter()
            .filter(|((s, _), _)| s == solver)
            .flat_map(|(_, v)| v.clone())
            .collect()
    };
    // The smoke suite's uncapped workload instances (3) and, for the fake that declares the
    // balanced target, its balanced ones (2); none declares caps.
    assert_eq!(statuses("ext/fake-ok"), vec!["feasible"; 5]);
    assert_eq!(statuses("ext/fake-crash"), vec!["error"; 3]);
    let sleep = statuses("ext/fake-sleep");
    assert!(
        !sleep.is_empty() && sleep.iter().all(|s| s == "time-limit"),
        "{sleep:?}"
    );
    assert_eq!(statuses("heur/lpt").len(), 3);
    let stats = std::fs::read_to_string(out.join("bench_stats.csv")).unwrap();
    assert!(
        stats.contains("ext/fake-ok") && stats.contains("ext/fake-sleep"),
        "{stats}"
    );
    let manifest = std::fs::read_to_string(out.join("manifest.json")).unwrap();
    assert!(manifest.contains("fake_solver.py"), "the manifest names the command");

    // The folder's own solvers.toml: the same command without the flag resumes (nothing to run).
    std::fs::copy(FAKES, out.join("solvers.toml")).unwrap();
    std::fs::copy(
        Path::new(FAKES).with_file_name("fake_solver.py"),
        out.join("fake_solver.py"),
    )
    .unwrap();
    let o = fairshard(&args[2..]);
    assert!(o.status.success(), "{}", stderr(&o));
}

/// A real peer through the shipped adapter: prtpy's Karmarkar-Karp, from the project's Python
/// environment (`bash scripts/setup-python.sh`, which `scripts/test.sh` runs).
#[test]
fn the_prtpy_adapter_partitions_through_the_protocol() {
    let o = fairshard(&[
        "--solvers-file",
        PEERS,
        "solve",
        "-d",
        "dao100",
        "-m",
        "5",
        "--solver",
        "ext/prtpy-kk",
        "--target",
        "workload",
        "--json",
    ]);
    assert!(
        o.status.success(),
        "{} (is the Python environment there? run `bash scripts/setup-python.sh`)",
        stderr(&o)
    );
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rec = &v["record"];
    assert_eq!(rec["status"], "feasible", "{v}");
    // Karmarkar-Karp on the real data: close to even, not exact.
    let g1 = rec["gamma1"].as_f64().unwrap();
    assert!((1.0..1.1).contains(&g1), "{v}");
}
