//! Records this crate's optimisation level: the protocol round and the one clock that times
//! every solver run live here, so the results' manifest states how they were compiled.

fn main() {
    let opt = std::env::var("OPT_LEVEL").unwrap_or_default();
    println!("cargo:rustc-env=FAIRSHARD_HARNESS_OPT_LEVEL={opt}");
    println!("cargo:rerun-if-changed=build.rs");
}
