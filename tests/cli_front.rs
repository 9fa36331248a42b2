//! End-to-end tests of `fairshard front` and of `solve` with the ILP backends.

mod common;

use common::{fairshard, text};

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

/// Asserts exit 1 with one `error: ...` line containing `want`.
fn assert_error(args: &[&str], want: &str) {
    let o = fairshard(args);
    let err = text(&o.stderr);
    assert_eq!(o.status.code(), Some(1), "{args:?}: {err}");
    assert!(
        err.starts_with("error: ") && err.contains(want),
        "{args:?}\n got: {err}\nwant: {want}"
    );
    assert!(text(&o.stdout).is_empty(), "{args:?} traced something");
}

/// `--tolerance -1` got clap's "unexpected argument" instead of the range error.
#[test]
fn front_negative_tolerance_is_a_range_error() {
    for flag in [&["--tolerance", "-1"][..], &["--tolerance=-1"]] {
        let args = [&["front", "-d", "dao100", "-m", "5", "-s", "heur/bi-lpt"][..], flag].concat();
        assert_error(&args, "--tolerance must be a positive number (got -1)");
    }
}

/// `--from 2 --to 1.5` and `--points 0` exited 0 without a word: a grid that traces nothing,
/// or runs backwards, is refused.
#[test]
fn front_empty_or_reversed_grid_is_refused() {
    let front = ["front", "-d", "dao100", "-m", "5", "-s", "heur/bi-lpt"];
    for (flags, want) in [
        (
            &["--from", "2", "--to", "1.5"][..],
            "--from (2) must be below --to (1.5)",
        ),
        (
            &["--from", "1.2", "--to", "1.2"],
            "--from (1.2) must be below --to (1.2)",
        ),
        (
            &["--points", "0"],
            "--points must be a number of gamma1 caps in 1..=100000 (got 0)",
        ),
        (
            &["--points", "100000000000"],
            "--points must be a number of gamma1 caps in 1..=100000",
        ),
        (
            &["--method", "sweep", "--max-points", "0"],
            "--max-points must be at least 1",
        ),
        (&["--to", "inf"], "--to must be a gamma1 cap >= 1 (got inf)"),
        (&["--from", "-1"], "--from must be a gamma1 cap >= 1 (got -1)"),
        (
            &["--time-limit", "1e30"],
            "--time-limit must be a positive number of seconds",
        ),
    ] {
        assert_error(&[&front[..], flags].concat(), want);
    }
    // One point needs no range.
    let o = fairshard(&[&front[..], &["--from", "1.2", "--to", "1.2", "--points", "1"]].concat());
    assert!(o.status.success(), "{}", text(&o.stderr));
}

/// `front -o FILE` wrote `1.31457303581061e0` where every other CSV writes `1.31457303581061`:
/// each number of the front's CSV, and of the round's, is written as the csv writer writes
/// that number (shortest round-trip decimal), never with an `e0`-style exponent.
#[test]
fn front_csv_numbers_have_the_format_of_every_other_csv() {
    let dir = tempfile::tempdir().unwrap();
    let front = dir.path().join("front.csv");
    let rounds = dir.path().join("rounds.csv");
    let o = fairshard(&[
        "front",
        "-d",
        "dao100",
        "-m",
        "5",
        "-s",
        "heur/bi-lpt",
        "--points",
        "3",
        "--time-limit",
        "30",
        "-o",
        front.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let o = fairshard(&[
        "round",
        "-d",
        "dao100",
        "-m",
        "4",
        "-l",
        "40",
        "--rounds",
        "1",
        "--users",
        "20",
        "--attacker-pseudonyms",
        "2",
        "--out",
        rounds.to_str().unwrap(),
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let canonical = |x: f64| {
        let mut w = csv::Writer::from_writer(vec![]);
        w.serialize(x).unwrap();
        String::from_utf8(w.into_inner().unwrap())
            .unwrap()
            .trim_end()
            .to_owned()
    };
    for path in [&front, &rounds] {
        let csv = std::fs::read_to_string(path).unwrap();
        let mut rdr = csv::Reader::from_reader(csv.as_bytes());
        let header = rdr.headers().unwrap().clone();
        let mut numbers = 0;
        for row in rdr.records() {
            for (name, field) in header.iter().zip(row.unwrap().iter()) {
                let Ok(x) = field.parse::<f64>() else { continue };
                if field.parse::<i128>().is_ok() {
                    continue; // whole numbers (n, m, counts, seeds) are integers
                }
                numbers += 1;
                assert_eq!(field, canonical(x), "{}: column {name}", path.display());
                assert!(!field.ends_with("e0"), "{}: column {name}: {field}", path.display());
            }
        }
        assert!(numbers > 0, "no real numbers in {csv}");
    }
    let front = std::fs::read_to_string(&front).unwrap();
    assert!(
        front.starts_with("method,instance,n,m,solver,gamma1_cap,gamma1,gamma2,"),
        "{front}"
    );
}
