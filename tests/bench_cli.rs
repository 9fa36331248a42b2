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
    for id in ["smoke@1", "quick@1", "real@1", "synthetic@1", "hard@1"] {
        assert!(out.lines().any(|l| l.starts_with(id)), "{id} missing:\n{out}");
    }
    // The 48-bit uniform class, ten seeds, n/m in [3, 10], at every target.
    assert!(
        out.lines().any(|l| l.trim_start().starts_with("uniform")
            && l.contains("3 <= n/m <= 10")
            && l.contains("1..=10")
            && l.contains("workload,profit,balanced,profit[g1<=1.1]")),
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
