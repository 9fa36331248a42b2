//! Records what timings depend on: the cargo profile, this crate's optimisation level (the
//! solvers' speed) and the compiler's version, for the results' manifest.

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
}
