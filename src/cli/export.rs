//! `fairshard export`: write any instance as CSV, or every instance of a benchmark suite with
//! an index, so other tools can run on exactly the same data.

use super::common::{InstanceArgs, load_instance};
use anyhow::{Context, bail};
use fairshard_experiments::bench::{csv_text, export_suite, find};
use std::io::Write;
use std::path::PathBuf;

/// Write an instance (embedded, generated, sliced or scaled) as a CSV of gas_used,gas_price_wei,
/// or with --suite every instance of a benchmark suite and its index.
#[derive(Debug, clap::Args)]
#[command(mut_arg("dataset", |a| a.required_unless_present_any(["csv", "suite"])))]
pub struct Args {
    #[command(flatten)]
    instance: InstanceArgs,
    /// Write every instance of this benchmark suite (NAME or NAME@VERSION, see `fairshard
    /// suites`) into the folder --out: one CSV per dataset and index.csv (file, spec, n, m,
    /// target, caps, SHA-256, suite version).
    #[arg(long, value_name = "NAME", conflicts_with_all = ["dataset", "csv", "scale"])]
    suite: Option<String>,
    /// Output file (`-` for standard output); with --suite, the output folder.
    #[arg(long, short = 'o', value_name = "PATH")]
    out: PathBuf,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if let Some(name) = &args.suite {
        if args.out.as_os_str() == "-" {
            bail!("--suite writes a folder: give --out DIR, not `-`");
        }
        let suite = find(name)?;
        let s = export_suite(&suite, &args.out)
            .with_context(|| format!("cannot export suite {} to {}", suite.id(), args.out.display()))?;
        eprintln!(
            "wrote {} instances of {} ({} data files) and {}",
            s.instances,
            suite.id(),
            s.files,
            s.index.display()
        );
        return Ok(());
    }
    let inst = load_instance(&args.instance)?;
    let text = csv_text(&inst);
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
