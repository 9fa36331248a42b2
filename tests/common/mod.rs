//! What the end-to-end tests share: running the `fairshard` binary and reading its output.
//! Each test file uses only some of it.
#![allow(dead_code)]

use std::process::{Command, Output};

/// Runs the binary built for these tests with `args`, waiting for it to end.
pub fn fairshard(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_fairshard"))
        .args(args)
        .output()
        .expect("the binary runs")
}

/// Bytes of an output stream as text (invalid UTF-8 replaced).
pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// What the run printed on standard output.
pub fn stdout(o: &Output) -> String {
    text(&o.stdout)
}

/// What the run printed on standard error.
pub fn stderr(o: &Output) -> String {
    text(&o.stderr)
}
