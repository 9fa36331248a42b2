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

/// Six contracts, two pairs of identical ones: (10, 1) twice, (5, 2) twice, (20, 1), (15, 1).
const TINY: &str = "gas_used,gas_price_wei\n10,1\n10,1\n20,1\n5,2\n5,2\n15,1\n";

/// Runs `fairshard check` on the tiny instance with `extra` arguments.
fn check_tiny(csv: &str, extra: &[&str]) -> Output {
    let mut args = vec!["check", "--csv", csv];
    args.extend_from_slice(extra);
    fairshard(&args)
}

/// `export --model` writes a named model and its map; `check` maps a MILP solver's solution
/// file of it (HiGHS, Gurobi, SCIP, CBC) back to subsets by the names, without any solver:
/// subsets {0, 2, 3} and {1, 4, 5} (workloads 35 and 30, profits 40 and 35).
#[test]
fn check_reads_milp_solution_files_of_an_exported_model() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("tiny.csv");
    std::fs::write(&csv, TINY).unwrap();
    let csv = csv.to_str().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let model = at("tiny.lp");
    let o = fairshard(&[
        "export", "--csv", csv, "-m", "2", "--model", "paper", "--gamma1", "1.2", "--gamma2", "1.2", "--out", &model,
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    assert!(
        stderr(&o).contains("12 rows, 12 columns, 72 nonzeros"),
        "{}",
        stderr(&o)
    );
    let lp = std::fs::read_to_string(&model).unwrap();
    for name in [
        "x_s0_c0",
        "x_s1_c5",
        "assign_c3",
        "nonempty_s1",
        "ratio1_s0_s1",
        "ratio2_s1_s0",
    ] {
        assert!(lp.contains(name), "{name} missing:\n{lp}");
    }
    let map: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(at("tiny.map.json")).unwrap()).unwrap();
    assert_eq!((map["n"].as_u64(), map["m"].as_u64()), (Some(6), Some(2)));
    assert_eq!(map["variables"], "binaries");

    let ones = [(0, 0), (1, 1), (0, 2), (0, 3), (1, 4), (1, 5)];
    let mut highs =
        String::from("Model status\nOptimal\n\n# Primal solution values\nFeasible\nObjective 0\n# Columns 12\n");
    for i in 0..2 {
        for j in 0..6 {
            highs += &format!("x_s{i}_c{j} {}\n", u8::from(ones.contains(&(i, j))));
        }
    }
    highs += "# Rows 0\n\n# Dual solution values\nNone\n";
    let line = |f: &dyn Fn(usize, usize, usize) -> String| -> String {
        ones.iter().enumerate().map(|(k, &(i, j))| f(k, i, j)).collect()
    };
    let gurobi =
        "# Solution for model tiny\n# Objective value = 0\n".to_owned() + &line(&|_, i, j| format!("x_s{i}_c{j} 1\n"));
    let scip = "solution status: optimal solution found\nobjective value: 0\n".to_owned()
        + &line(&|_, i, j| format!("x_s{i}_c{j}  1 \t(obj:0)\n"));
    let cbc = "Optimal - objective value 0.00000000\n".to_owned()
        + &line(&|k, i, j| format!("{:>7} x_s{i}_c{j} {:>15} {:>23}\n", k, 1, 0));
    // The HiGHS file is STEM.sol: its map, tiny.map.json, is found without --map.
    for (file, text) in [
        ("tiny.sol", highs),
        ("g.sol", gurobi),
        ("scip.sol", scip),
        ("cbc.txt", cbc),
    ] {
        std::fs::write(at(file), text).unwrap();
        let sol = at(file);
        let map_path = at("tiny.map.json");
        let mut args = vec!["--assignment", sol.as_str(), "--json"];
        if file != "tiny.sol" {
            args.extend(["--map", map_path.as_str()]);
        }
        let o = check_tiny(csv, &args);
        assert!(o.status.success(), "{file}: {}", stderr(&o));
        let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
        assert_eq!(v["m"], 2);
        assert!((v["gamma1"].as_f64().unwrap() - 35.0 / 30.0).abs() < 1e-12, "{file}");
        assert!((v["gamma2"].as_f64().unwrap() - 40.0 / 35.0).abs() < 1e-12, "{file}");
    }
    // Caps are checked as for any assignment; -m must be the model's.
    let g = at("g.sol");
    let m = at("tiny.map.json");
    let o = check_tiny(csv, &["--assignment", &g, "--map", &m, "--gamma1", "1.1"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("breaks the caps"), "{}", stderr(&o));
    let o = check_tiny(csv, &["--assignment", &g, "--map", &m, "-m", "3"]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("m = 2"), "{}", stderr(&o));

    // Bad files: the file and line of the fault.
    for (text, expected) in [
        (
            "x_s0_c0 1\nx_s1_c0 1\nx_s1_c1 1\nx_s0_c2 1\nx_s0_c3 1\nx_s1_c4 1\nx_s1_c5 1\n",
            "bad.sol:2: contract 0 is assigned twice",
        ),
        (
            "x_s0_c0 1\nx_s1_c1 1\nx_s0_c2 1\nx_s0_c3 1\nx_s1_c4 1\n",
            "bad.sol: contract 5 is in no subset",
        ),
        (
            "x_s0_c0 1\nx_s2_c1 1\n",
            "bad.sol:2: `x_s2_c1`: subset 2 is not below m = 2",
        ),
        (
            "# c\nx_s0_c0 1\nmax_work 3\n",
            "bad.sol:3: `max_work` is not a column of this paper model",
        ),
        ("x_s0_c0 one\n", "bad.sol:1: `one` is not a finite number"),
        ("x_s0_c0 0.5\n", "bad.sol:1: `x_s0_c0` = 0.5: not integral"),
        (
            "x_s0_c0 1\nx_s0_c0 1\n",
            "bad.sol:2: `x_s0_c0` is given twice (first on line 1)",
        ),
        (
            "Model status\nInfeasible\n\n# Primal solution values\nNone\n",
            "bad.sol:5: HiGHS found no solution (model status: Infeasible)",
        ),
    ] {
        std::fs::write(at("bad.sol"), text).unwrap();
        let bad = at("bad.sol");
        let o = check_tiny(csv, &["--assignment", &bad, "--map", &m]);
        assert_eq!(o.status.code(), Some(1), "{text}");
        let e = stderr(&o);
        assert!(e.contains(expected) && e.lines().count() == 1, "{expected}:\n{e}");
    }
    // A solution file without a map beside it names the flag.
    let o = check_tiny(csv, &["--assignment", &at("cbc.txt")]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("give --map"), "{}", stderr(&o));
}

/// The count model: classes of identical contracts, counts mapped back in the map's order.
#[test]
fn check_maps_class_counts_of_the_count_model_back_to_contracts() {
    let dir = tempfile::tempdir().unwrap();
    let csv = dir.path().join("tiny.csv");
    std::fs::write(&csv, TINY).unwrap();
    let csv = csv.to_str().unwrap();
    let at = |name: &str| dir.path().join(name).to_str().unwrap().to_owned();
    let o = fairshard(&[
        "export",
        "--csv",
        csv,
        "-m",
        "2",
        "--model",
        "counts",
        "--target",
        "profit",
        "--gamma1",
        "1.2",
        "--dinkelbach-t",
        "1.1",
        "--out",
        &at("c.mps"),
    ]);
    assert!(o.status.success(), "{}", stderr(&o));
    let map: serde_json::Value = serde_json::from_str(&std::fs::read_to_string(at("c.map.json")).unwrap()).unwrap();
    assert_eq!(map["variables"], "counts");
    assert_eq!(map["classes"], serde_json::json!([[2], [5], [0, 1], [3, 4]]));
    assert_eq!(map["dinkelbach_t"], 1.1);
    let mps = std::fs::read_to_string(at("c.mps")).unwrap();
    for name in [
        "n_s0_k0",
        "n_s1_k3",
        "max_profit",
        "min_profit",
        "max_work",
        "cap1",
        "order_s0",
    ] {
        assert!(mps.contains(name), "{name} missing");
    }
    let m = at("c.map.json");
    std::fs::write(
        at("c.sol"),
        "n_s0_k0 1\nn_s1_k1 1\nn_s0_k2 1\nn_s1_k2 1\nn_s0_k3 1\nn_s1_k3 1\nmax_profit 1.07\nmin_profit 0.93\nmax_work 1.08\nmin_work 0.92\n",
    )
    .unwrap();
    let o = check_tiny(csv, &["--assignment", &at("c.sol"), "--json"]);
    assert!(o.status.success(), "{}", stderr(&o));
    let v: serde_json::Value = serde_json::from_str(&stdout(&o)).unwrap();
    assert!((v["gamma1"].as_f64().unwrap() - 35.0 / 30.0).abs() < 1e-12);
    for (text, expected) in [
        (
            "n_s0_k0 1\nn_s1_k1 1\nn_s0_k2 1.5\n",
            "bad.sol:3: `n_s0_k2` = 1.5: not integral",
        ),
        (
            "n_s0_k0 1\nn_s1_k1 1\nn_s0_k2 2\nn_s1_k2 1\nn_s0_k3 2\n",
            "bad.sol:4: class 2 has 2 contracts ([0, 1]) but its counts",
        ),
        (
            "n_s0_k0 1\nn_s1_k1 1\nn_s0_k2 2\nn_s0_k4 2\n",
            "bad.sol:4: `n_s0_k4`: class 4 is not below 4",
        ),
        (
            "n_s0_k0 1\nn_s1_k1 1\nn_s0_k2 3\n",
            "bad.sol:3: `n_s0_k2` = 3: outside its bounds [0, 2]",
        ),
    ] {
        std::fs::write(at("bad.sol"), text).unwrap();
        let o = check_tiny(csv, &["--assignment", &at("bad.sol"), "--map", &m]);
        assert_eq!(o.status.code(), Some(1), "{text}");
        assert!(stderr(&o).contains(expected), "{expected}:\n{}", stderr(&o));
    }
    // A bad combination is a clear error.
    let o = fairshard(&[
        "export",
        "--csv",
        csv,
        "-m",
        "2",
        "--model",
        "compact",
        "--gamma1",
        "1.2",
        "--gamma2",
        "1.2",
        "--dinkelbach-t",
        "1.1",
        "--out",
        &at("x.lp"),
    ]);
    assert_eq!(o.status.code(), Some(1));
    assert!(stderr(&o).contains("--target feasibility has none"), "{}", stderr(&o));
}
