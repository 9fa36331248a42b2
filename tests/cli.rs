//! End-to-end tests of the `fairshard` binary: what a researcher types, what they see.

mod common;

use common::{fairshard, stderr, stdout};
use std::process::{Command, Output};

#[test]
fn datasets_lists_the_embedded_data_with_sizes() {
    let o = fairshard(&["datasets"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let out = stdout(&o);
    for (name, n) in [("dao100", "100"), ("dao-may2016", "22608"), ("blocks-feb2016", "80")] {
        let line = out
            .lines()
            .find(|l| l.starts_with(name))
            .unwrap_or_else(|| panic!("{name} missing:\n{out}"));
        assert!(line.split_whitespace().nth(1) == Some(n), "{line}");
    }
    let o = fairshard(&["datasets", "--provenance"]);
    assert!(stdout(&o).contains("bokkypoobah/TheDAOData"));
}

/// The JSON record's gammas are re-derived here from the printed subset sums.
#[test]
fn solve_prints_a_partition_whose_gammas_match_its_subsets() {
    let o = fairshard(&["solve", "--dataset", "dao100", "-m", "5", "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    let subsets = v["subsets"].as_array().unwrap();
    assert_eq!(subsets.len(), 5);
    let sums = |key: &str| -> Vec<u128> {
        subsets
            .iter()
            .map(|s| s[key].as_str().unwrap().parse().unwrap())
            .collect()
    };
    let ratio = |v: Vec<u128>| *v.iter().max().unwrap() as f64 / *v.iter().min().unwrap() as f64;
    let rec = &v["record"];
    assert_eq!(rec["status"], "feasible");
    assert_eq!(rec["n"], 100);
    assert!((rec["gamma1"].as_f64().unwrap() - ratio(sums("workload"))).abs() < 1e-12);
    assert!((rec["gamma2"].as_f64().unwrap() - ratio(sums("profit"))).abs() < 1e-12);
    let tasks: u64 = subsets.iter().map(|s| s["tasks"].as_u64().unwrap()).sum();
    assert_eq!(tasks, 100);
    assert_eq!(v["assignment"].as_array().unwrap().len(), 100);
}

#[test]
fn solve_reads_a_user_csv_with_custom_columns() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.csv");
    std::fs::write(&path, "w;r\n10;1\n10;1\n20;1\n").unwrap();
    let p = path.to_str().unwrap();
    let o = fairshard(&[
        "solve",
        "--csv",
        p,
        "--workload-column",
        "w",
        "--rate-column",
        "r",
        "--delimiter",
        ";",
        "-m",
        "2",
        "--solver",
        "heur/lpt",
        "--target",
        "workload",
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(stdout(&o).contains("gamma1    1.000000000"), "{}", stdout(&o));
}

#[test]
fn bad_input_is_one_clear_line_and_a_failing_exit() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("bad.csv");
    std::fs::write(&path, "gas_used,gas_price_wei\n21000,1\n-3,1\n").unwrap();
    let cases: Vec<(Vec<&str>, &str)> = vec![
        (
            vec!["solve", "--csv", path.to_str().unwrap(), "-m", "1"],
            "bad.csv:3:1: field `gas_used`: expected a positive whole number, found negative `-3`",
        ),
        (
            vec!["solve", "-d", "dao100", "-m", "101"],
            "m = 101 subsets is more than the n = 100 tasks",
        ),
        (vec!["solve", "-d", "dao100", "-m", "0"], "m must be at least 1"),
        (
            vec!["solve", "-d", "dao100", "-m", "5", "--solver", "heur/none"],
            "unknown solver `heur/none`; known solvers: heur/greedy",
        ),
        (
            vec!["solve", "-d", "dao100", "-m", "5", "--gamma1", "0.5"],
            "gamma1 cap must be a number >= 1",
        ),
        (vec!["solve", "-d", "nothing", "-m", "5"], "unknown dataset `nothing`"),
        (
            vec!["solve", "-d", "dao100", "-m", "5", "--time-limit=-1"],
            "--time-limit must be a positive number",
        ),
    ];
    for (args, want) in cases {
        let o = fairshard(&args);
        assert_eq!(o.status.code(), Some(1), "{args:?}");
        let err = stderr(&o);
        assert!(
            err.starts_with("error: ") && err.contains(want),
            "{args:?}\n got: {err}\nwant: {want}"
        );
        assert_eq!(err.trim_end().lines().count(), 1, "one line: {err}");
    }
}

#[test]
fn help_is_there_for_every_subcommand() {
    for sub in ["datasets", "solvers", "solve"] {
        let o = fairshard(&[sub, "--help"]);
        assert!(o.status.success());
        assert!(stdout(&o).contains("Usage: fairshard"), "{sub}");
    }
    let o = fairshard(&["solve"]);
    assert_eq!(o.status.code(), Some(2), "usage errors exit 2");
}

#[test]
fn export_round_trips_through_the_csv_loader() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("inst.csv");
    let p = path.to_str().unwrap();
    let o = fairshard(&["export", "-d", "lognormal:n=50,seed=3", "-o", p]);
    assert!(o.status.success(), "{}", stderr(&o));
    let a = fairshard(&["solve", "--csv", p, "-m", "4", "--json"]);
    let b = fairshard(&["solve", "-d", "lognormal:n=50,seed=3", "-m", "4", "--json"]);
    let rec = |o: &Output| {
        let v: serde_json::Value = serde_json::from_str(&stdout(o)).unwrap();
        (
            v["record"]["gamma1"].clone(),
            v["record"]["gamma2"].clone(),
            v["assignment"].clone(),
        )
    };
    assert_eq!(rec(&a), rec(&b));
}

/// `fairshard solvers | head -1`: a reader that goes away ends the process quietly (SIGPIPE),
/// never with a panic about a broken pipe.
#[cfg(unix)]
#[test]
fn a_closed_pipe_ends_the_output_quietly() {
    use std::os::unix::process::ExitStatusExt;
    use std::process::Stdio;
    let mut child = Command::new(env!("CARGO_BIN_EXE_fairshard"))
        .arg("solvers")
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("the binary runs");
    drop(child.stdout.take());
    let o = child.wait_with_output().unwrap();
    let err = stderr(&o);
    assert!(!err.contains("panicked"), "{err}");
    assert!(
        o.status.success() || o.status.signal() == Some(13),
        "exit {:?}: {err}",
        o.status
    );
}

/// Asserts a failing exit `code` with one `error: ...` line containing each of `want`.
fn assert_error(args: &[&str], code: i32, want: &[&str]) {
    let o = fairshard(args);
    let err = stderr(&o);
    assert_eq!(o.status.code(), Some(code), "{args:?}: {err}");
    assert!(err.starts_with("error: "), "{args:?}: {err}");
    for w in want {
        assert!(err.contains(w), "{args:?}\n got: {err}\nwant: {w}");
    }
    assert!(!err.contains("unexpected argument"), "{args:?}: {err}");
}

/// `solve --time-limit 1e30` panicked (Duration overflow); every subcommand's time limit is
/// refused outside (0, one year] with the flag and the range.
#[test]
fn time_limit_overflow_is_a_range_error() {
    let range = "--time-limit must be a positive number of seconds, at most 31536000 (one year)";
    for limit in ["1e30", "inf", "NaN", "0", "31536001"] {
        for cmd in [
            vec!["solve", "-d", "dao100", "-m", "5"],
            vec!["front", "-d", "dao100", "-m", "5", "-s", "heur/bi-lpt"],
            vec!["round", "-d", "dao100", "-m", "5"],
            vec!["reproduce", "--quick", "--out", "/nonexistent/never-written"],
        ] {
            let args = [cmd, vec!["--time-limit", limit]].concat();
            assert_error(&args, 1, &[range]);
            assert!(!stderr(&fairshard(&args)).contains("panicked"));
        }
    }
    assert_error(
        &["solve", "-d", "dao100", "-m", "5", "--time-limit", "1e30"],
        1,
        &["got 1e30"],
    );
}

/// `solve -d lognormal:n=100000000000,seed=1 -m 2` aborted on allocation: an instance too
/// large for memory is refused up front with the spec, the field and what it needs, for
/// every command that opens a spec, sliced or scaled.
#[test]
fn an_instance_too_large_for_memory_is_a_clear_error() {
    for spec in [
        "lognormal:n=100000000000,seed=1",
        "heavy:n=100000000000,seed=1[:10]",
        "uniform:n=100000000000@norm",
    ] {
        let want = format!("`{spec}`: n = 100000000000 tasks need about 6.4 TB");
        for cmd in [
            vec!["solve", "-m", "2"],
            vec!["export", "-o", "-"],
            vec!["front", "-m", "2"],
        ] {
            let args = [cmd, vec!["-d", spec]].concat();
            assert_error(&args, 1, &[&want, "of memory available", "tasks fit"]);
        }
    }
}

/// Negative values (`--lambda -0.1`, `--latency -1`, `--gamma1 -2`, ...) got clap's
/// "unexpected argument" instead of the range error every other bad value gets.
#[test]
fn negative_values_reach_the_range_checks() {
    let solve = ["solve", "-d", "dao100", "-m", "5"];
    for (flag, value, want) in [
        (
            "--time-limit",
            "-1",
            "--time-limit must be a positive number of seconds",
        ),
        ("--gamma1", "-2", "gamma1 cap must be a number >= 1 (got -2)"),
        ("--mip-gap", "-0.1", "the relative MIP gap must be in [0, 1) (got -0.1)"),
    ] {
        assert_error(&[&solve[..], &[flag, value]].concat(), 1, &[want]);
    }
    // Whole-number options: clap's own value error, naming the flag, exit 2.
    for (flag, value) in [("--seed", "-1"), ("--threads", "-2")] {
        assert_error(
            &[&solve[..], &[flag, value]].concat(),
            2,
            &[&format!("invalid value '{value}' for '{flag}")],
        );
    }
    let round = ["round", "-d", "dao100", "-m", "5", "--rounds", "1"];
    assert_error(
        &[&round[..], &["--lambda", "-0.1"]].concat(),
        1,
        &["lambda must be in [0, 1) (got -0.1)"],
    );
    assert_error(&[&round[..], &["--latency", "-1"]].concat(), 1, &["latency", "got -1"]);
    // A missing value is still a usage error, not a value.
    let o = fairshard(&["solve", "-d", "dao100", "-m", "5", "--time-limit", "--json"]);
    assert_eq!(o.status.code(), Some(2), "{}", stderr(&o));
}

/// `check` verifies an assignment made anywhere: `solve --json`'s output passes, with its
/// gammas; broken caps, empty subsets, a wrong count and malformed files fail with status 1,
/// naming the file and the line or entry.
#[test]
fn check_verifies_assignments_and_names_bad_entries() {
    let dir = tempfile::tempdir().unwrap();
    let solved = dir.path().join("s.json");
    let o = fairshard(&["solve", "-d", "dao100[:20]", "-m", "4", "--json"]);
    assert!(o.status.success());
    std::fs::write(&solved, &o.stdout).unwrap();
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    let gamma1 = v["record"]["gamma1"].as_f64().unwrap();
    let path = solved.to_str().unwrap();
    let o = fairshard(&["check", "--assignment", path, "-d", "dao100[:20]", "-m", "4", "--json"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let c: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(c["gamma1"].as_f64().unwrap(), gamma1);
    assert_eq!(c["caps_hold"], true);
    // A cap below its gamma1 breaks.
    let cap = format!("{}", 1.0 + (gamma1 - 1.0) / 2.0);
    let o = fairshard(&[
        "check",
        "--assignment",
        path,
        "-d",
        "dao100[:20]",
        "-m",
        "4",
        "--gamma1",
        &cap,
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("breaks the caps"));
    // One index per line: all in subset 0 of 2 leaves subset 1 empty.
    let lines = dir.path().join("a.txt");
    std::fs::write(&lines, "# all in one\n0\n0\n\n0\n").unwrap();
    let l = lines.to_str().unwrap();
    let o = fairshard(&["check", "--assignment", l, "-d", "dao100[:3]", "-m", "2"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&o.stderr).contains("subsets are empty"));
    // Too few indices, an index beyond m, and text that is no index: file and line named.
    for (text, want) in [
        ("0\n1\n", "2 subset indices for the 3 contracts"),
        ("0\n1\n7\n", "a.txt:3: subset index 7 is not below m = 2"),
        ("0\nx\n1\n", "a.txt:2: `x` is not a subset index"),
        ("[0, 1, -1]", "assignment[2] = -1"),
        ("{\"assignment\": [0,\n 1", "a.txt:2:"),
    ] {
        std::fs::write(&lines, text).unwrap();
        let o = fairshard(&["check", "--assignment", l, "-d", "dao100[:3]", "-m", "2"]);
        assert_eq!(o.status.code(), Some(1), "{text}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert!(err.contains(want), "{text}: {err}");
    }
}
