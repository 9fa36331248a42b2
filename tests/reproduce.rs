//! End-to-end tests of `fairshard reproduce`, `report` and `merge`: the files a user gets, that
//! they open, that their numbers are the solvers', and that resumed and sharded sweeps give
//! the rows of an uninterrupted one.

use fairshard_experiments::protocol::capture::CaptureRow;
use fairshard_experiments::protocol::committees::CommitteeRow;
use fairshard_experiments::protocol::fairness::FairnessRow;
use fairshard_experiments::read_records;
use fairshard_harness::protocol::security::{binomial_tail, exact_capture, wilson};
use fairshard_harness::protocol::{RoundRecord, Threshold};
use fairshard_harness::{RunRecord, RunSpec, Status, Target, measure};
use fairshard_results::Manifest;
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
        "--bench-solvers",
        "heur/greedy,heur/lpt,heur/complete",
        "--out",
        out.to_str().unwrap(),
    ];
    args.extend(extra);
    fairshard(&args);
}

const RUN_FILES: [&str; 6] = ["fig2a", "fig2b", "fig3a", "fig3b", "compare", "bench"];
/// The protocol round's rows, recomputed by every session (see `experiments::protocol`).
const DATA_FILES: [&str; 4] = ["speedup", "capture", "committees", "fairness"];
/// Of those, the ones without measured times: the same bytes in every session.
const DETERMINISTIC: [&str; 3] = ["capture", "committees", "fairness"];
const FIGURES: [&str; 18] = [
    "fig1",
    "fig2a",
    "fig2b",
    "fig3a",
    "fig3b",
    "compare_time",
    "compare_gamma",
    "speedup",
    "efficiency",
    "speedup_security",
    "speedup_solvers",
    "partition_speedup",
    "capture",
    "committees",
    "fairness",
    "fairness_convergence",
    "bench_profile_time_all",
    "bench_profile_quality_uniform",
];

/// The rows of a CSV in `dir`.
fn csv_rows<T: serde::de::DeserializeOwned>(dir: &Path, id: &str) -> Vec<T> {
    csv::Reader::from_path(dir.join(format!("{id}.csv")))
        .unwrap()
        .deserialize()
        .collect::<Result<_, _>>()
        .unwrap()
}

/// The speedup rows with the columns that depend on measured times zeroed.
fn modelled(dir: &Path) -> Vec<RoundRecord> {
    csv_rows::<RoundRecord>(dir, "speedup")
        .into_iter()
        .map(|mut r| {
            (r.partition_s, r.assign_s, r.crypto_s, r.round_s) = (0.0, 0.0, 0.0, 0.0);
            (r.speedup, r.efficiency) = (0.0, 0.0);
            (r.share_partition, r.share_consensus, r.share_execution) = (0.0, 0.0, 0.0);
            r
        })
        .collect()
}

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

/// Two sweeps' rows hold the same runs: the same coordinates in the same order, and the same
/// results wherever neither run was stopped by its time limit. Where one was, how far it got
/// depends on how busy the machine was (the quick sweep's limit is 1 s), not on the code, so
/// only its coordinates are compared.
fn same_runs(got: &[RunRecord], want: &[RunRecord], what: &str) {
    assert_eq!(got.len(), want.len(), "{what}: row count");
    for (g, w) in got.iter().zip(want) {
        let coords = |r: &RunRecord| {
            (
                r.experiment.clone(),
                r.dataset.clone(),
                r.m,
                r.solver.clone(),
                r.target.clone(),
                r.gamma1_cap,
                r.gamma2_cap,
                r.seed,
                r.repetition,
            )
        };
        assert_eq!(coords(g), coords(w), "{what}: rows out of order");
        if g.status != Status::TimeLimit && w.status != Status::TimeLimit {
            assert_eq!(g, w, "{what}: a run that ended before its limit gave another result");
        }
    }
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
    for id in DATA_FILES {
        let text = std::fs::read_to_string(dir.join(format!("{id}.csv"))).unwrap();
        assert!(text.lines().count() > 2, "{id}.csv has no rows");
        assert!(dir.join(format!("{id}.parquet")).is_file(), "{id}.parquet");
    }
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
    let manifest = Manifest::read(dir).unwrap();
    assert!(manifest.quick);
    let session = &manifest.sessions[0];
    assert!(session.finished.is_some(), "{session:?}");
    assert!(session.machine.cores >= 1);
    assert!(session.command.iter().any(|a| a == "reproduce"), "{session:?}");
}

/// The text of each page of a PDF (`pdftotext -layout`), or `None` where poppler is not
/// installed.
fn pdf_text_pages(path: &Path) -> Option<Vec<String>> {
    let o = Command::new("pdftotext")
        .args(["-layout"])
        .arg(path)
        .arg("-")
        .output()
        .ok()?;
    assert!(o.status.success(), "pdftotext rejects {}", path.display());
    let text = String::from_utf8_lossy(&o.stdout).into_owned();
    let mut pages: Vec<String> = text.split('\x0c').map(str::to_owned).collect();
    if pages.last().is_some_and(|p| p.trim().is_empty()) {
        pages.pop();
    }
    Some(pages)
}

/// How often `text` describes the data set `spec`: "SPEC (n = K): SOURCE ..." or, for data
/// sets that differ only in n, "SPEC, OTHER (n = K, L): SOURCE ...", SOURCE being how
/// `fairshard_datasets::describe` starts (real data, a generator, a slice, a CSV file).
fn descriptions(text: &str, spec: &str) -> usize {
    text.match_indices(spec)
        .filter(|(i, _)| *i == 0 || text[..*i].ends_with(' '))
        .filter(|(i, _)| {
            let mut rest = &text[i + spec.len()..];
            // Skip the other names of a group: ", NAME" each (a name has no spaces).
            while let Some(r) = rest.strip_prefix(", ") {
                let end = r.find(' ').unwrap_or(r.len());
                rest = &r[end - usize::from(r[..end].ends_with(',')).min(end)..];
            }
            let Some(r) = rest.strip_prefix(" (n = ") else {
                return false;
            };
            let Some((ns, after)) = r.split_once(')') else {
                return false;
            };
            let sources = ["real Ethereum", "synthetic", "the first", "the rows"];
            ns.chars().all(|c| c.is_ascii_digit() || c == ',' || c == ' ')
                && after
                    .strip_prefix(": ")
                    .is_some_and(|d| sources.iter().any(|s| d.starts_with(s)))
        })
        .count()
}

/// `report.pdf` reads as a document: every page numbered "page K of N", a contents page after
/// the front page whose every entry names a heading found on the page it gives, each figure
/// with its own caption, and every data set described once, where it first appears.
#[test]
fn the_report_has_contents_page_numbers_and_describes_its_data() {
    let dir = whole();
    let path = dir.join("report.pdf");
    let n = pdf_pages(&path);
    let Some(pages) = pdf_text_pages(&path) else {
        eprintln!("pdftotext is not installed: the report's text is not checked");
        return;
    };
    assert_eq!(pages.len(), n);
    for (k, page) in pages.iter().enumerate() {
        assert!(
            page.contains(&format!("page {} of {n}", k + 1)),
            "page {} has no number",
            k + 1
        );
    }
    let words = |s: &str| s.split_whitespace().collect::<Vec<_>>().join(" ");
    assert!(pages[1].trim_start().starts_with("Contents"), "{}", pages[1]);
    let mut listed = 0;
    for line in pages[1].lines().skip(1) {
        // "title      K": a title, three or more spaces, the page.
        let Some((title, page)) = line.trim().rsplit_once("   ") else {
            continue;
        };
        let Ok(k) = page.trim().parse::<usize>() else { continue };
        let title = words(title);
        if title == "Figures" {
            continue; // the group's label, at the page of its first figure
        }
        assert!(
            words(&pages[k - 1]).contains(&title),
            "contents: `{title}` is not on page {k}"
        );
        listed += 1;
    }
    for title in [
        "Fig. 1:",
        "Fig. 2a:",
        "Protocol round: speedup",
        "Protocol round: efficiency",
        "Solver comparison",
    ] {
        assert!(pages[1].contains(title), "contents lack {title}:\n{}", pages[1]);
    }
    assert!(listed >= FIGURES.len() + 4, "{listed} entries");
    // Every data set of the rows is described exactly once, on or before its first use.
    let all = words(&pages.join(" "));
    let mut specs: Vec<String> = RUN_FILES
        .iter()
        .flat_map(|id| rows(dir, id))
        .map(|r| r.dataset)
        .collect();
    specs.extend(csv_rows::<RoundRecord>(dir, "speedup").into_iter().map(|r| r.dataset));
    specs.sort();
    specs.dedup();
    assert!(specs.iter().any(|s| s == "dao-may2016"), "{specs:?}");
    for spec in &specs {
        let times = descriptions(&all, spec);
        assert_eq!(times, 1, "{spec} is described {times} times");
    }
    assert!(
        all.contains("dao-may2016 (n = 22608): real Ethereum mainnet data"),
        "dao-may2016"
    );
    // Speedup and efficiency: each its own caption (on its page, after the contents).
    let page_of = |title: &str| pages[2..].iter().find(|p| p.contains(title)).map(|p| words(p)).unwrap();
    let speed = page_of("Protocol round: speedup vs m");
    let eff = page_of("Protocol round: efficiency (speedup / m) vs m");
    assert!(speed.contains("Speedup = serial time / round time"), "{speed}");
    assert!(
        eff.contains("Efficiency = speedup / m") && !eff.contains("Speedup = serial time"),
        "{eff}"
    );
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
            let limited = r.status == Status::TimeLimit || run.outcome.status == Status::TimeLimit;
            if !solver.info().exact && !limited {
                // Heuristics are deterministic: the very same partition, so the very same numbers
                // (unless the time limit stopped one of the two runs: where it stops depends on
                // the machine's load).
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

/// Re-checks rows of the protocol experiments against the library: the exact tails and the
/// bound, a round's modelled times from the solver's partition, Theorem 2's equal split, and
/// shares that add up.
#[test]
fn the_protocol_rows_hold_what_the_library_computes() {
    let dir = whole();
    let captures: Vec<CaptureRow> = csv_rows(dir, "capture");
    assert!(captures.len() >= 10);
    for r in &captures {
        let th: Threshold = r.threshold.parse().unwrap();
        let e = exact_capture(r.l, r.m, r.lambda, th).unwrap();
        assert_eq!(
            (r.size, r.min_count, r.hypergeometric, r.binomial, r.chernoff),
            (e.size, e.min_count, e.committee, e.binomial, e.chernoff),
            "{r:?}"
        );
        assert_eq!(r.binomial, binomial_tail(r.size, r.lambda, r.min_count));
        assert!(
            r.chernoff >= r.binomial,
            "Theorem 3's bound bounds the exact tail: {r:?}"
        );
        let (lo, hi) = wilson(r.captured, r.committees, 1.96);
        assert_eq!((r.mc_lo, r.mc_hi), (lo, hi));
    }
    // With many pseudonyms the estimate agrees with the exact tail (99.9% interval).
    for r in captures.iter().filter(|r| r.attacker_pseudonyms >= 1000) {
        let (lo, hi) = wilson(r.captured, r.committees, 3.29);
        assert!(lo <= r.binomial && r.binomial <= hi, "{r:?}");
    }
    let rounds: Vec<RoundRecord> = csv_rows(dir, "speedup");
    let gps = fairshard_harness::protocol::TimeModel::default().gas_per_second;
    let solvers: Vec<&str> = rounds.iter().map(|r| r.solver.as_str()).fold(Vec::new(), |mut v, s| {
        if !v.contains(&s) {
            v.push(s);
        }
        v
    });
    assert_eq!(
        solvers,
        ["heur/lpt", "heur/kk"],
        "the quick sweep's solvers, each in its rows"
    );
    for r in rounds.iter().step_by(5) {
        let solver = fairshard_solvers::get(&r.solver).unwrap();
        let inst = fairshard_datasets::open(&r.dataset).unwrap();
        let run = measure(
            solver.as_ref(),
            &inst,
            &RunSpec::new(r.m, Target::Workload).with_seed(r.seed),
        );
        let loads = run.outcome.partition.unwrap().loads(&inst);
        assert_eq!(
            r.execution_s,
            *loads.workload.iter().max().unwrap() as f64 / gps,
            "{r:?}"
        );
        assert_eq!(r.serial_s, inst.total_workload() as f64 / gps);
        assert!(r.assignment_verified);
    }
    let committees: Vec<CommitteeRow> = csv_rows(dir, "committees");
    for r in committees.iter().filter(|r| r.variant == "permutation") {
        assert_eq!((r.min, r.max, r.empty), (r.l / r.m, r.l.div_ceil(r.m), 0), "{r:?}");
    }
    let shares: Vec<FairnessRow> = csv_rows(dir, "fairness");
    for n in shares
        .iter()
        .map(|r| r.rounds)
        .collect::<std::collections::BTreeSet<_>>()
    {
        let total: f64 = shares.iter().filter(|r| r.rounds == n).map(|r| r.profit_share).sum();
        assert!(
            (total - 1.0).abs() < 1e-9,
            "profit shares after {n} rounds sum to {total}"
        );
    }
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
    assert_eq!(
        Manifest::read(&resumed).unwrap().sessions[1].rows_added,
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
        same_runs(&rows(&resumed, id), &want, &format!("{id}: resumed"));
        same_runs(&rows(&merged, id), &want, &format!("{id}: merged shards"));
        assert!(
            rows(&a, id).len() < want.len() || want.len() < 2,
            "{id}: shard 1 ran everything"
        );
    }
    for d in [&resumed, &merged, &a] {
        for id in DETERMINISTIC {
            let read = |dir: &Path| std::fs::read(dir.join(format!("{id}.csv"))).unwrap();
            assert_eq!(read(d), read(dir), "{id}.csv in {}", d.display());
        }
        assert_eq!(modelled(d), modelled(dir), "speedup.csv in {}", d.display());
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
