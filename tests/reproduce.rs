//! End-to-end tests of `fairshard reproduce`, `report` and `merge`: the files a user gets, that
//! they open, that their numbers are the solvers', and that resumed and sharded sweeps give
//! the rows of an uninterrupted one.

use fairshard_experiments::read_records;
use fairshard_harness::{RunRecord, RunSpec, Target, measure};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

fn fairshard(args: &[&str]) -> Output {
    let o = Command::new(env!("CARGO_BIN_EXE_fairshard"))
        .args(args)
        .env("CI", "1")
        .output()
        .expect("the binary runs");
    assert!(
        o.status.success(),
        "fairshard {args:?} failed:\n{}",
        String::from_utf8_lossy(&o.stderr)
    );
    o
}

/// `reproduce --quick` with the deterministic heuristics only: an exact solver stopped by its
/// time limit returns whatever incumbent it had, so its rows differ run to run and could not
/// be compared between a resumed (or sharded) sweep and an uninterrupted one. It also keeps
/// the test fast whatever ILP backends are compiled in.
fn quick(out: &Path, extra: &[&str]) {
    let mut args = vec![
        "reproduce",
        "--quick",
        "--front-solvers",
        "heur/bi-lpt",
        "--compare-solvers",
        "heur/greedy,heur/lpt,heur/bi-lpt",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    fairshard(&args);
}

const RUN_FILES: [&str; 5] = ["fig2a", "fig2b", "fig3a", "fig3b", "compare"];
const FIGURES: [&str; 7] = [
    "fig1",
    "fig2a",
    "fig2b",
    "fig3a",
    "fig3b",
    "compare_time",
    "compare_gamma",
];

/// One uninterrupted `reproduce --quick`, shared by the tests (it is the slow part).
fn whole() -> &'static Path {
    static DIR: OnceLock<(tempfile::TempDir, PathBuf)> = OnceLock::new();
    &DIR.get_or_init(|| {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("whole");
        quick(&out, &[]);
        (tmp, out)
    })
    .1
}

/// Rows with the timings zeroed: the only columns that differ between two runs of the same sweep.
fn rows(dir: &Path, id: &str) -> Vec<RunRecord> {
    read_records(&dir.join(format!("{id}.csv")))
        .unwrap()
        .into_iter()
        .map(|mut r| {
            (r.build_s, r.solve_s) = (0.0, 0.0);
            r
        })
        .collect()
}

/// The page count of a PDF, by pdfinfo where installed, else by counting page objects.
fn pdf_pages(path: &Path) -> usize {
    let bytes = std::fs::read(path).unwrap();
    assert!(bytes.starts_with(b"%PDF-"), "{} is not a PDF", path.display());
    let tail = String::from_utf8_lossy(&bytes[bytes.len().saturating_sub(64)..]).into_owned();
    assert!(tail.trim_end().ends_with("%%EOF"), "{} has no trailer", path.display());
    match Command::new("pdfinfo").arg(path).output() {
        Ok(o) => {
            assert!(o.status.success(), "pdfinfo rejects {}", path.display());
            let info = String::from_utf8_lossy(&o.stdout).into_owned();
            info.lines()
                .find_map(|l| l.strip_prefix("Pages:"))
                .and_then(|n| n.trim().parse().ok())
                .expect("pdfinfo prints the page count")
        }
        Err(_) => String::from_utf8_lossy(&bytes).matches("/Type /Page\n").count(),
    }
}

#[test]
fn reproduce_quick_writes_every_file_and_every_pdf_opens() {
    let dir = whole();
    for id in RUN_FILES {
        assert!(!rows(dir, id).is_empty(), "{id}.csv is empty");
        assert!(dir.join(format!("{id}.parquet")).is_file(), "{id}.parquet");
    }
    assert!(dir.join("fig1.csv").is_file());
    for f in FIGURES {
        let png = dir.join("figures").join(format!("{f}.png"));
        assert!(
            std::fs::read(&png).unwrap().starts_with(b"\x89PNG"),
            "{}",
            png.display()
        );
        assert_eq!(pdf_pages(&dir.join("figures").join(format!("{f}.pdf"))), 1, "{f}.pdf");
    }
    let pages = pdf_pages(&dir.join("report.pdf"));
    assert!(pages >= 3 + FIGURES.len(), "report.pdf has {pages} pages");
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(dir.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(manifest["quick"], true);
    let session = &manifest["sessions"][0];
    assert!(session["finished"].is_string(), "{session}");
    assert!(session["machine"]["cores"].as_u64().unwrap() >= 1);
    assert!(session["command"].to_string().contains("reproduce"));
}

/// Re-runs some rows' solvers through the library and compares the numbers.
#[test]
fn the_rows_hold_what_the_solvers_return() {
    let dir = whole();
    let mut checked = 0;
    for id in ["fig3a", "fig2b", "compare"] {
        for r in rows(dir, id).iter().filter(|r| r.n <= 1000).step_by(3) {
            let solver = fairshard_solvers::get(&r.solver).unwrap();
            let inst = fairshard_datasets::open(&r.dataset).unwrap();
            let mut spec = RunSpec::new(r.m, r.target.parse::<Target>().unwrap())
                .with_caps(r.gamma1_cap, r.gamma2_cap)
                .with_seed(r.seed)
                .with_time_limit(r.time_limit_s.map(std::time::Duration::from_secs_f64));
            spec.threads = r.threads;
            let run = measure(solver.as_ref(), &inst, &spec);
            if !solver.info().exact {
                // Heuristics are deterministic: the very same partition, so the very same numbers.
                let f = run.fairness.expect("a heuristic returns a partition");
                assert_eq!(r.gamma1, Some(f.gamma1().value()), "{id}: {r:?}");
                assert_eq!(r.gamma2, Some(f.gamma2().value()), "{id}: {r:?}");
                assert_eq!(r.status, run.outcome.status, "{id}: {r:?}");
                checked += 1;
            }
        }
    }
    assert!(checked >= 5, "only {checked} rows re-checked");
}

#[test]
fn a_resumed_sweep_and_merged_shards_give_the_uninterrupted_rows() {
    let dir = whole();
    let tmp = tempfile::tempdir().unwrap();
    // Resume: copy the folder, cut the last rows of two files (one mid-line, as a kill
    // would), run the same command again.
    let resumed = tmp.path().join("resumed");
    std::fs::create_dir_all(&resumed).unwrap();
    for f in std::fs::read_dir(dir).unwrap() {
        let f = f.unwrap().path();
        if f.is_file() {
            std::fs::copy(&f, resumed.join(f.file_name().unwrap())).unwrap();
        }
    }
    for (id, cut) in [("fig3a", 3), ("compare", 2)] {
        let p = resumed.join(format!("{id}.csv"));
        let text = std::fs::read_to_string(&p).unwrap();
        let lines: Vec<&str> = text.lines().collect();
        let keep = lines[..lines.len() - cut].join("\n") + "\n" + &lines[lines.len() - cut][..10];
        std::fs::write(&p, keep).unwrap();
    }
    quick(&resumed, &[]);
    let manifest: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(resumed.join("manifest.json")).unwrap()).unwrap();
    assert_eq!(
        manifest["sessions"][1]["rows_added"],
        3 + 2,
        "only the cut rows are run again"
    );
    // Shards: two halves, merged.
    let half = |k: &str| {
        let d = tmp.path().join(format!("shard{k}"));
        quick(&d, &["--shard", &format!("{k}/2")]);
        d
    };
    let (a, b) = (half("1"), half("2"));
    let merged = tmp.path().join("merged");
    fairshard(&[
        "merge",
        a.to_str().unwrap(),
        b.to_str().unwrap(),
        "--out",
        merged.to_str().unwrap(),
    ]);
    for id in RUN_FILES {
        let want = rows(dir, id);
        assert_eq!(rows(&resumed, id), want, "{id}: resumed");
        assert_eq!(rows(&merged, id), want, "{id}: merged shards");
        assert!(
            rows(&a, id).len() < want.len() || want.len() < 2,
            "{id}: shard 1 ran everything"
        );
    }
    assert!(pdf_pages(&merged.join("report.pdf")) >= 3);
    // The report redraws from the files alone.
    std::fs::remove_dir_all(merged.join("figures")).unwrap();
    fairshard(&["report", merged.to_str().unwrap()]);
    assert!(merged.join("figures").join("fig3a.png").is_file());
}

#[test]
fn bad_folders_and_shards_are_refused_with_the_path_or_syntax() {
    let tmp = tempfile::tempdir().unwrap();
    let o = Command::new(env!("CARGO_BIN_EXE_fairshard"))
        .args(["report", tmp.path().to_str().unwrap()])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(1), "{err}");
    assert!(err.contains("manifest.json"), "{err}");
    let o = Command::new(env!("CARGO_BIN_EXE_fairshard"))
        .args([
            "reproduce",
            "--quick",
            "--shard",
            "3/2",
            "--out",
            tmp.path().to_str().unwrap(),
        ])
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&o.stderr).into_owned();
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(err.contains("K/N with 1 <= K <= N"), "{err}");
}
