//! End-to-end tests of `fairshard front` and of `solve` with the ILP backends.

use std::process::{Command, Output};

fn fairshard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fairshard"))
        .args(args)
        .output()
        .expect("the binary runs")
}

fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

#[cfg(feature = "highs")]
#[test]
fn front_prints_and_writes_a_monotone_proven_front() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("front.csv");
    let o = fairshard(&[
        "front",
        "-d",
        "dao100[:12]@norm",
        "-m",
        "3",
        "--points",
        "3",
        "--from",
        "1.05",
        "-o",
        out.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let stdout = text(&o.stdout);
    assert!(stdout.contains("gamma2 monotone"), "{stdout}");
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    let header: Vec<_> = lines.next().unwrap().split(',').collect();
    for col in ["gamma1", "gamma2", "status", "solves", "time_s"] {
        assert!(header.contains(&col), "{col} missing from {header:?}");
    }
    let rows: Vec<_> = lines.collect();
    assert_eq!(rows.len(), 3);
    assert!(rows.iter().all(|r| r.contains(",optimal,")), "{csv}");
}

#[cfg(feature = "highs")]
#[test]
fn solve_runs_the_feasibility_ilp_and_reports_infeasible_caps() {
    let o = fairshard(&[
        "solve",
        "-d",
        "dao100[:8]",
        "-m",
        "4",
        "--solver",
        "ilp/highs",
        "--gamma1",
        "1.0",
        "--gamma2",
        "1.0",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    assert!(text(&o.stdout).contains("status    infeasible"), "{}", text(&o.stdout));
}

#[cfg(feature = "highs")]
#[test]
fn the_exact_front_stops_each_point_within_the_tolerance() {
    // Points whose best partitions lie within 1e-4 of the cheap bound but not on it (a MIP
    // would spend its time limit on each).
    let o = fairshard(&[
        "front",
        "-d",
        "lognormal:n=100,seed=1",
        "-m",
        "5",
        "--from",
        "1.28",
        "--to",
        "1.39",
        "--points",
        "2",
        "--tolerance",
        "1e-4",
        "--time-limit",
        "60",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let stdout = text(&o.stdout);
    let points: Vec<&str> = stdout.lines().filter(|l| l.trim_start().starts_with("1.")).collect();
    assert_eq!(points.len(), 2, "{stdout}");
    for p in points {
        assert!(p.contains(" gap-limit "), "{stdout}");
    }
}

#[test]
fn front_rejects_bad_input_clearly() {
    let o = fairshard(&["front", "-d", "dao100[:5]", "-m", "9"]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("m = 9"), "{}", text(&o.stderr));
    let o = fairshard(&["front", "-d", "dao100[:5]", "-m", "2", "--from", "0.5"]);
    assert!(text(&o.stderr).contains("--from"), "{}", text(&o.stderr));
    let o = fairshard(&["front", "-d", "dao100[:5]", "-m", "2", "--solver", "ilp/nope"]);
    assert!(text(&o.stderr).contains("unknown solver"), "{}", text(&o.stderr));
    let o = fairshard(&["front", "-d", "dao100[:5]", "-m", "2", "--tolerance=0"]);
    assert!(!o.status.success());
    assert!(text(&o.stderr).contains("--tolerance"), "{}", text(&o.stderr));
}
