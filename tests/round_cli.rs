//! End-to-end tests of `fairshard round`: the protocol round as a researcher runs it.

mod common;

use common::fairshard;

/// A small round: 4 committees of the real DAO data from 80 blocks, 3 rounds.
const SMALL: &str = "round --dataset dao100 -m 4 -l 80 --lambda 0.2 --assign slots --solver heur/lpt \
                     --rounds 3 --seed 5 --users 30 --attacker-pseudonyms 5";

fn small() -> Vec<&'static str> {
    SMALL.split_whitespace().collect()
}

#[test]
fn round_prints_outcomes_and_writes_one_csv_row_per_round() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rounds.csv");
    let sec = dir.path().join("security.csv");
    let o = fairshard(
        &[
            small(),
            vec![
                "--out",
                out.to_str().unwrap(),
                "--security",
                "20",
                "--security-out",
                sec.to_str().unwrap(),
                "--long-term",
                "50",
            ],
        ]
        .concat(),
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(stdout.contains("summary   3 rounds"), "{stdout}");
    assert!(stdout.contains("assignments verified 3/3"), "{stdout}");
    assert!(stdout.contains("last revealer"), "{stdout}");
    assert!(stdout.contains("long-term 50 rounds"), "{stdout}");
    // One security row per threshold and variant, each exact value with its Monte Carlo.
    let security = std::fs::read_to_string(&sec).unwrap();
    assert_eq!(security.lines().count(), 1 + 3 * 2);
    assert!(security.starts_with("l,m,lambda,threshold,assign,"));
    let csv = std::fs::read_to_string(&out).unwrap();
    let mut lines = csv.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    for col in [
        "round",
        "m",
        "l",
        "lambda",
        "assign",
        "solver",
        "speedup",
        "efficiency",
        "committees_forged",
    ] {
        assert!(header.contains(&col), "missing column {col}");
    }
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    assert_eq!(rows.len(), 3);
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    for (r, row) in rows.iter().enumerate() {
        assert_eq!(row[col("round")], r.to_string());
        assert_eq!(row[col("assign")], "slots");
        assert_eq!(row[col("assignment_verified")], "true");
        let committees: usize = [
            "committees_true",
            "committees_forged",
            "committees_tie",
            "committees_empty",
        ]
        .iter()
        .map(|c| row[col(c)].parse::<usize>().unwrap())
        .sum();
        assert_eq!(committees, 4);
    }
    // The same seed gives the same rounds (timings aside).
    let again = fairshard(&small());
    let strip = |s: &str| -> Vec<String> {
        s.lines()
            .take_while(|l| !l.starts_with("summary"))
            .filter(|l| l.trim_start().starts_with(char::is_numeric))
            .map(|l| l.split_whitespace().take(9).collect::<Vec<_>>().join(" "))
            .collect()
    };
    assert_eq!(strip(&stdout), strip(&String::from_utf8_lossy(&again.stdout)));
}

#[test]
fn round_rejects_bad_parameters() {
    let o = fairshard(&["round", "-d", "dao100", "-m", "4", "-l", "80", "--lambda", "1.5"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("lambda"));
    let o = fairshard(&["round", "-d", "dao100", "-m", "10", "-l", "5"]);
    assert!(!o.status.success());
    assert!(String::from_utf8_lossy(&o.stderr).contains("l = 5"));
    let o = fairshard(&["round", "-d", "dao100", "-m", "4", "--assign", "shuffle"]);
    assert_eq!(o.status.code(), Some(2));
}

#[test]
fn sweep_over_m_reports_growing_speedup() {
    let o = fairshard(&[
        "round",
        "-d",
        "lognormal:n=400,seed=1",
        "-m",
        "1",
        "--sweep-m",
        "1,4,16",
        "-l",
        "64",
        "--rounds",
        "1",
        "--solver",
        "heur/lpt",
        "--latency",
        "0.001",
    ]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let stdout = String::from_utf8_lossy(&o.stdout);
    let speedups: Vec<f64> = stdout
        .lines()
        .skip_while(|l| !l.trim_start().starts_with("m "))
        .skip(1)
        .map(|l| l.split_whitespace().nth(4).unwrap().parse().unwrap())
        .collect();
    assert_eq!(speedups.len(), 3, "{stdout}");
    assert!(speedups[0] < speedups[1] && speedups[1] < speedups[2], "{speedups:?}");
    assert!(speedups[0] <= 1.0, "one committee cannot beat serial execution");
}

/// `fairshard round -d dao100 -m 5 -l 100000000000` used to mine a chain of 10^11 blocks
/// without end; a pool that cannot be held is refused before any work, naming the flag, the
/// value, what it needs, the limit and the largest l that fits.
#[test]
fn round_with_a_pool_of_1e11_blocks_is_refused_up_front_instead_of_running_without_end() {
    let o = fairshard(&["round", "-d", "dao100", "-m", "5", "-l", "100000000000"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    for part in ["-l 100000000000", "memory", "over the limit of 8.0 GiB", "at most"] {
        assert!(err.contains(part), "missing `{part}` in: {err}");
    }
    assert!(
        o.stdout.is_empty(),
        "nothing runs: {}",
        String::from_utf8_lossy(&o.stdout)
    );
}

/// Rounds, security trials, long-term rounds and sweeps out of reach in memory or time are
/// refused up front too, each under its own flag.
#[test]
fn round_refuses_rounds_trials_long_term_and_sweeps_out_of_reach() {
    for (extra, flag, resource) in [
        ("-l 1000 --rounds 1000000000000", "--rounds 1000000000000", "memory"),
        ("-l 1000 --security 1000000000000", "--security 1000000000000", "time"),
        ("-l 1000 --long-term 100000000000", "--long-term 100000000000", "memory"),
        ("-l 1000000 --long-term 100000000", "--long-term 100000000", "time"),
        ("-l 1000 --rounds 2000000 --sweep-m 5,6,7,8,9,10", "--sweep-m", "time"),
        ("--users 1000000000", "--users x --pseudonyms", "memory"),
    ] {
        let args = format!("round -d dao100 -m 5 {extra}");
        let o = fairshard(&args.split_whitespace().collect::<Vec<_>>());
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{extra:?}: {err}");
        assert!(err.contains(flag) && err.contains(resource), "{extra:?}: {err}");
        assert!(err.contains("at most"), "{err}");
    }
}

/// `--lambda -0.1` and `--latency -1` must get the range error every other bad value gets
/// (naming the flag), once the argument parser lets a negative value through.
#[test]
fn round_negative_lambda_and_latency_get_the_range_error() {
    for (arg, flag) in [("--lambda=-0.1", "--lambda"), ("--latency=-1", "--latency")] {
        let o = fairshard(&["round", "-d", "dao100", "-m", "4", "-l", "80", arg]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(1), "{arg}: {err}");
        assert!(err.contains(flag) && err.contains("(got -"), "{arg}: {err}");
    }
}

/// `fairshard round --out` and the speedup experiment write one meaning in `seed`: the seed of
/// the round's Partition step, derived from the master seed and the round's coordinates
/// (`round/solver/ROUND` here); it used to hold the master seed in `--out` only.
#[test]
fn round_out_seed_column_holds_each_rounds_solver_seed_not_the_master_seed() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("rounds.csv");
    let o = fairshard(&[small(), vec!["--out", out.to_str().unwrap()]].concat());
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    let rows: Vec<fairshard_harness::protocol::RoundRecord> = csv::Reader::from_path(&out)
        .unwrap()
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap();
    assert_eq!(rows.len(), 3);
    for r in &rows {
        let want = fairshard_harness::derive_seed(5, &["round", "solver", &r.round.to_string()]);
        assert_eq!(r.seed, want, "round {}", r.round);
    }
}
