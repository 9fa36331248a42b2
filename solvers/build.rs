//! Records what timings depend on: the cargo profile, this crate's optimisation level (the
//! solvers' speed) and the compiler's version, for the results' manifest. With the `scip`
//! feature, also finds libscip (see [`libscip`]) and passes its path to `milp/scip.rs`.

use std::path::{Path, PathBuf};
use std::process::Command;

fn main() {
    let rustc = std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned());
    let version = Command::new(&rustc)
        .arg("--version")
        .output()
        .ok()
        .filter(|o| o.status.success())
        .map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned())
        .unwrap_or_else(|| "rustc (version unknown)".to_owned());
    let profile = std::env::var("PROFILE").unwrap_or_default();
    let opt = std::env::var("OPT_LEVEL").unwrap_or_default();
    println!("cargo:rustc-env=FAIRSHARD_RUSTC={version}");
    println!("cargo:rustc-env=FAIRSHARD_PROFILE={profile}");
    println!("cargo:rustc-env=FAIRSHARD_SOLVERS_OPT_LEVEL={opt}");
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rerun-if-env-changed=RUSTC");
    if std::env::var_os("CARGO_FEATURE_SCIP").is_some() {
        let lib = libscip().unwrap_or_else(|searched| {
            panic!(
                "the scip feature needs libscip: run `bash scripts/setup-python.sh` (PySCIPOpt's wheel \
                 ships one) or set SCIPOPTDIR (a SCIP installation with lib/libscip.so); searched: {searched}"
            )
        });
        println!("cargo:rustc-env=FAIRSHARD_LIBSCIP={}", lib.display());
        println!("cargo:rerun-if-changed={}", lib.display());
    }
}

/// The libscip the `scip` feature loads: `$SCIPOPTDIR/lib/libscip.so*` when SCIPOPTDIR is set,
/// else the one in PySCIPOpt's wheel, `$FAIRSHARD_VENV/lib/python3.*/site-packages/
/// pyscipopt.libs/libscip-*.so*` (default venv: `~/.cache/fairshard/venv`). The folders
/// searched are watched, so a new environment (another wheel build, another hash in the file
/// name) rebuilds the crate. The error lists where it looked.
fn libscip() -> Result<PathBuf, String> {
    println!("cargo:rerun-if-env-changed=SCIPOPTDIR");
    println!("cargo:rerun-if-env-changed=FAIRSHARD_VENV");
    println!("cargo:rerun-if-env-changed=HOME");
    let env = |k: &str| std::env::var_os(k).filter(|v| !v.is_empty()).map(PathBuf::from);
    let dirs: Vec<PathBuf> = if let Some(root) = env("SCIPOPTDIR") {
        vec![root.join("lib"), root.join("lib64")]
    } else {
        let venv = env("FAIRSHARD_VENV")
            .or_else(|| env("HOME").map(|h| h.join(".cache/fairshard/venv")))
            .ok_or("neither FAIRSHARD_VENV nor HOME is set")?;
        println!("cargo:rerun-if-changed={}", venv.join("lib").display());
        sorted_entries(&venv.join("lib"))
            .into_iter()
            .filter(|p| file_name(p).starts_with("python3"))
            .map(|p| p.join("site-packages/pyscipopt.libs"))
            .collect()
    };
    for dir in &dirs {
        if dir.is_dir() {
            println!("cargo:rerun-if-changed={}", dir.display());
        }
        let found = sorted_entries(dir).into_iter().find(|p| {
            let name = file_name(p);
            (name == "libscip.so" || name.starts_with("libscip.so.") || name.starts_with("libscip-"))
                && name.contains(".so")
        });
        if let Some(lib) = found {
            return Ok(lib);
        }
    }
    if dirs.is_empty() {
        return Err("no python3.* folder in the Python environment's lib/".to_owned());
    }
    Err(dirs
        .iter()
        .map(|d| d.display().to_string())
        .collect::<Vec<_>>()
        .join(", "))
}

fn sorted_entries(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = std::fs::read_dir(dir)
        .map(|rd| rd.filter_map(|e| e.ok().map(|e| e.path())).collect())
        .unwrap_or_default();
    v.sort();
    v
}

fn file_name(p: &Path) -> String {
    p.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
