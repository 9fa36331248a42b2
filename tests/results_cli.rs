//! End-to-end tests of how `fairshard report` and `fairshard merge` treat a folder that is not
//! a results folder: the error names the file concerned and gives its cause once.

use std::process::{Command, Output};

fn fairshard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fairshard"))
        .args(args)
        .env("CI", "1")
        .output()
        .expect("the binary runs")
}

/// The operating system's message for a missing file, as `io::Error` prints it.
fn not_found() -> String {
    std::fs::read("/nonexistent/fairshard/file").unwrap_err().to_string()
}

/// `fairshard report` on an empty folder printed
/// "No such file or directory (os error 2): No such file or directory (os error 2)": the
/// error displayed its cause and returned it as its source too.
#[test]
fn report_on_empty_folder_names_the_missing_file_once() {
    let dir = tempfile::tempdir().unwrap();
    let o = fairshard(&["report", dir.path().to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    let manifest = dir.path().join("manifest.json");
    assert!(err.contains(&manifest.display().to_string()), "{err}");
    assert_eq!(err.matches(&not_found()).count(), 1, "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn merge_of_a_folder_without_manifest_names_it() {
    let dir = tempfile::tempdir().unwrap();
    let (input, out) = (dir.path().join("in"), dir.path().join("out"));
    std::fs::create_dir(&input).unwrap();
    let o = fairshard(&["merge", input.to_str().unwrap(), "-o", out.to_str().unwrap()]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains(&input.join("manifest.json").display().to_string()),
        "{err}"
    );
    assert!(err.contains("not a fairshard results folder"), "{err}");
}
