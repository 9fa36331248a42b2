//! `fairshard export`: write any instance as CSV, so other tools can run on exactly the same data.

use super::common::{InstanceArgs, load_instance};
use anyhow::Context;
use std::io::Write;
use std::path::PathBuf;

/// Write an instance (embedded, generated, sliced or scaled) as a CSV of gas_used,gas_price_wei.
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    instance: InstanceArgs,
    /// Output file (`-` for standard output).
    #[arg(long, short = 'o', value_name = "FILE")]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    let inst = load_instance(&args.instance)?;
    let mut text = String::with_capacity(inst.len() * 24);
    text.push_str("gas_used,gas_price_wei\n");
    for t in inst.tasks() {
        text.push_str(&format!("{},{}\n", t.workload, t.rate));
    }
    if args.out.as_os_str() == "-" {
        std::io::stdout().write_all(text.as_bytes())?;
    } else {
        std::fs::write(&args.out, text).with_context(|| format!("cannot write {}", args.out.display()))?;
        eprintln!(
            "wrote {} ({} contracts of {})",
            args.out.display(),
            inst.len(),
            inst.name()
        );
    }
    Ok(())
}
