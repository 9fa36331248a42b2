//! End-to-end tests of the benchmark's suite commands: `fairshard suites` and
//! `fairshard export --suite`.

mod common;

use common::{fairshard, stderr, stdout};
use std::process::Output;

#[test]
fn suites_lists_every_suite_with_its_classes() {
    let o = fairshard(&["suites"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for id in ["smoke@1", "quick@1", "real@2", "synthetic@2", "hard@2"] {
        assert!(out.lines().any(|l| l.starts_with(id)), "{id} missing:\n{out}");
    }
    // The 48-bit uniform class, ten seeds, n/m in [3, 10], at every target.
    assert!(
        out.lines().any(|l| l.trim_start().starts_with("uniform")
            && l.contains("3 <= n/m <= 10")
            && l.contains("1..=10")
            && l.contains("workload,profit,makespan,balanced,profit[g1<=1.1]")),
        "no 48-bit uniform class with ten seeds and every target:\n{out}"
    );

    let o = fairshard(&["suites", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let smoke = v.as_array().unwrap().iter().find(|s| s["suite"] == "smoke@1").unwrap();
    let classes = smoke["classes"].as_array().unwrap();
    let total: u64 = classes.iter().map(|c| c["instances"].as_u64().unwrap()).sum();
    assert_eq!(smoke["instances"].as_u64(), Some(total));
    assert_eq!(smoke["version"], 1);
}

#[test]
fn suites_lists_one_suites_instances_with_hashes() {
    let o = fairshard(&["suites", "--suite", "smoke", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let rows = v.as_array().unwrap();
    assert!(!rows.is_empty());
    for r in rows {
        assert_eq!(r["suite"], "smoke@1");
        let h = r["sha256"].as_str().unwrap();
        assert!(h.len() == 64 && h.bytes().all(|b| b.is_ascii_hexdigit()), "{h}");
    }
    let o = fairshard(&["suites", "--suite", "smoke@1"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    assert!(out.starts_with("smoke@1 ("), "{out}");
    assert!(out.contains("uniform:n=12,seed=2,bits=48"), "{out}");

    let o = fairshard(&["suites", "--suite", "nope"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("unknown suite `nope`"), "{}", stderr(&o));
}

/// What `export --suite` writes is what `suites --suite` lists: the same instances, and data
/// files whose SHA-256 is the listed hash and which `solve --csv` reads.
#[test]
fn export_suite_writes_every_instance_and_an_index() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("smoke");
    let o = fairshard(&["export", "--suite", "smoke", "--out", out.to_str().unwrap()]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stderr(&o).contains("instances of smoke@1"), "{}", stderr(&o));

    let listed: serde_json::Value =
        serde_json::from_str(&stdout(&fairshard(&["suites", "--suite", "smoke", "--json"]))).unwrap();
    let listed = listed.as_array().unwrap();
    let mut index = csv::Reader::from_path(out.join("index.csv")).unwrap();
    let header = index.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let rows: Vec<csv::StringRecord> = index.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), listed.len());
    for (row, want) in rows.iter().zip(listed) {
        assert_eq!(&row[col("id")], want["id"].as_str().unwrap());
        assert_eq!(&row[col("sha256")], want["sha256"].as_str().unwrap());
        assert_eq!(&row[col("m")], want["m"].to_string());
        assert!(out.join(&row[col("file")]).is_file());
    }
    // A data file runs as the instance it stands for.
    let row = &rows[0];
    let file = out.join(&row[col("file")]);
    let from_file = fairshard(&["solve", "--csv", file.to_str().unwrap(), "-m", &row[col("m")], "--json"]);
    let from_spec = fairshard(&["solve", "-d", &row[col("spec")], "-m", &row[col("m")], "--json"]);
    let gamma = |o: &Output| -> serde_json::Value {
        let v: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
        v["record"]["gamma1"].clone()
    };
    assert!(from_file.status.success(), "{}", stderr(&from_file));
    assert_eq!(gamma(&from_file), gamma(&from_spec));

    // The single-instance export is unchanged: CSV on standard output.
    let o = fairshard(&["export", "-d", "dao100[:2]", "--out", "-"]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert_eq!(stdout(&o).lines().next(), Some("gas_used,gas_price_wei"));
    assert_eq!(stdout(&o).lines().count(), 3);
}

#[test]
fn export_suite_refuses_what_it_cannot_do() {
    // --suite writes a folder, never standard output.
    let o = fairshard(&["export", "--suite", "smoke", "--out", "-"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--out DIR"), "{}", stderr(&o));
    // A suite and a dataset at once is a usage error.
    let o = fairshard(&["export", "--suite", "smoke", "-d", "dao100", "--out", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    // Neither is one too.
    let o = fairshard(&["export", "--out", "x"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
    let o = fairshard(&["export", "--suite", "smoke@9", "--out", "x"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("version 1"), "{}", stderr(&o));
}

/// The rows of a benchmark folder by key, without the measured times (which differ from run
/// to run); a row stopped by its time limit keeps only its coordinates, since where it
/// stopped depends on the machine's load.
fn bench_rows(dir: &std::path::Path) -> std::collections::BTreeMap<String, Vec<String>> {
    let mut r = csv::Reader::from_path(dir.join("bench.csv")).unwrap();
    let header = r.headers().unwrap().clone();
    let col = |name: &str| header.iter().position(|h| h == name).unwrap();
    let coords = ["dataset", "m", "solver", "target", "gamma1_cap", "gamma2_cap", "seed"];
    let results = ["status", "gamma1", "gamma2", "objective", "bound", "proved_by"];
    r.records()
        .map(Result::unwrap)
        .map(|row| {
            let key: Vec<&str> = coords.iter().map(|c| &row[col(c)]).collect();
            let limited = &row[col("status")] == "time-limit";
            let values: Vec<String> = if limited {
                Vec::new()
            } else {
                results.iter().map(|c| row[col(c)].to_owned()).collect()
            };
            (key.join("|"), values)
        })
        .collect()
}

/// `fairshard bench` on the smoke suite: every instance with every solver that accepts its
/// target, the statistics with the virtual best, the checks and the report; the same command
/// again runs nothing; four shards run concurrently by GNU parallel through the Slurm script's
/// task mode (as an array task would), merged by its merge mode, give the unsharded rows.
#[test]
fn bench_resumes_and_four_concurrent_shards_merge_to_the_unsharded_rows() {
    let dir = tempfile::tempdir().unwrap();
    let whole = dir.path().join("whole");
    let solvers = "heur/lpt,heur/kk,heur/greedy,heur/complete";
    let args = |out: &std::path::Path| -> Vec<String> {
        [
            "bench",
            "--suite",
            "smoke",
            "--solvers",
            solvers,
            "--time-limit",
            "2",
            "--out",
        ]
        .iter()
        .map(|s| (*s).to_owned())
        .chain([out.display().to_string()])
        .collect()
    };
    let run = |out: &std::path::Path| {
        let a = args(out);
        fairshard(&a.iter().map(String::as_str).collect::<Vec<_>>())
    };
    let o = run(&whole);
    assert!(o.status.success(), "{}", stderr(&o));
    // lpt, kk, greedy: the three workload instances (they accept neither caps nor the
    // balanced target); complete: the workload and capped-profit ones (5 of 7).
    assert!(
        stderr(&o).contains("14 runs: 14 new, 0 already recorded"),
        "{}",
        stderr(&o)
    );
    assert!(
        stdout(&o).lines().any(|l| l.starts_with("virtual-best")),
        "{}",
        stdout(&o)
    );
    for f in [
        "bench.csv",
        "bench_instances.csv",
        "bench_stats.csv",
        "bench_pairs.csv",
        "bench_profiles.csv",
        "bench_checks.csv",
        "report.pdf",
        "figures/bench_profile_time_all.png",
        "figures/bench_profile_quality_uniform.pdf",
    ] {
        assert!(whole.join(f).is_file(), "{f} missing");
    }
    let o = run(&whole);
    assert!(
        stderr(&o).contains("14 runs: 0 new, 14 already recorded"),
        "{}",
        stderr(&o)
    );

    // Four shards at once, as four array tasks, then the merge job.
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/scripts/slurm-bench.sh");
    let shards = dir.path().join("cluster");
    let o = std::process::Command::new("parallel")
        .args(["--will-cite", "-j", "4", "--halt", "now,fail=1"])
        .arg(format!(
            "SLURM_ARRAY_TASK_ID={{}} SLURM_ARRAY_TASK_COUNT=4 bash {script} task --solvers {solvers} --time-limit 2"
        ))
        .args([":::", "1", "2", "3", "4"])
        .env("SUITE", "smoke")
        .env("OUT", &shards)
        .env("FAIRSHARD", env!("CARGO_BIN_EXE_fairshard"))
        .env("CI", "1")
        .output()
        .expect("GNU parallel runs (scripts/setup.sh installs it)");
    assert!(o.status.success(), "{}{}", stdout(&o), stderr(&o));
    let o = std::process::Command::new("bash")
        .args([script, "merge"])
        .env("SUITE", "smoke")
        .env("OUT", &shards)
        .env("FAIRSHARD", env!("CARGO_BIN_EXE_fairshard"))
        .output()
        .unwrap();
    assert!(o.status.success(), "{}", stderr(&o));
    let merged = shards.join("merged");
    let (a, b) = (bench_rows(&whole), bench_rows(&merged));
    assert_eq!(a.len(), 14);
    assert_eq!(a.keys().collect::<Vec<_>>(), b.keys().collect::<Vec<_>>());
    for (k, v) in &a {
        if !v.is_empty() && !b[k].is_empty() {
            assert_eq!(v, &b[k], "{k}");
        }
    }
    assert!(merged.join("bench_stats.csv").is_file());
    assert!(merged.join("report.pdf").is_file());
}

/// A folder of another suite is refused, naming both; an unknown suite names the known ones.
#[test]
fn bench_refuses_another_suites_folder_and_unknown_suites() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("b");
    let o = fairshard(&[
        "bench",
        "--suite",
        "smoke",
        "--solvers",
        "heur/lpt",
        "--time-limit",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let o = fairshard(&[
        "bench",
        "--suite",
        "quick",
        "--solvers",
        "heur/lpt",
        "--time-limit",
        "1",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(
        stderr(&o).contains("suite smoke@1") && stderr(&o).contains("suite quick@1"),
        "{}",
        stderr(&o)
    );
    let o = fairshard(&["bench", "--suite", "nope", "--out", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("smoke@1"), "{}", stderr(&o));
    let o = fairshard(&[
        "bench",
        "--suite",
        "smoke",
        "--solvers",
        "heur/nope",
        "--out",
        out.to_str().unwrap(),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("heur/nope"), "{}", stderr(&o));
}
