//! Command-line interface: one module per subcommand, each with its clap `Args` and `run`.

mod bench;
mod check;
mod common;
mod datasets;
mod export;
mod external;
mod front;
mod merge;
mod report;
mod reproduce;
mod round;
mod solve;
mod solvers;
mod suites;

use clap::{CommandFactory, FromArgMatches, Parser, Subcommand};

/// Fair partition of smart contracts into sharded sub-committees (after Gao et al., ICPADS 2017):
/// solvers, datasets, the protocol round and the paper's figures.
#[derive(Debug, Parser)]
#[command(name = "fairshard", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
    /// External solvers to declare (TOML, one `[solvers.NAME]` table per solver `ext/NAME`;
    /// repeatable). Default: $FAIRSHARD_SOLVERS_FILE, else the results folder's solvers.toml
    /// (bench, reproduce, merge) and ~/.config/fairshard/solvers.toml, where they exist.
    /// See `fairshard solvers --help` for the format.
    #[arg(long, global = true, value_name = "FILE")]
    solvers_file: Vec<std::path::PathBuf>,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// List the embedded datasets and generators, with n and statistics.
    Datasets(datasets::Args),
    /// List the solvers by id, and which are compiled into this binary.
    Solvers(solvers::Args),
    /// Partition one instance with one solver and print the subsets, gamma1, gamma2 and timing.
    Solve(solve::Args),
    /// List the benchmark's named, versioned instance suites (classes, n, m, seeds, targets).
    Suites(suites::Args),
    /// Benchmark solvers on a named suite: proven counts, shifted geometric means, profiles, checks.
    Bench(bench::Args),
    /// Verify an assignment made anywhere: loads, gamma1, gamma2, every contract once, the caps.
    Check(check::Args),
    /// Write an instance as CSV (gas_used,gas_price_wei), a benchmark suite with an index, or
    /// the partition ILP as an MPS or LP file for any MILP solver.
    Export(export::Args),
    /// Run the protocol round (Algorithm 1) with any solver: committees, signatures, speedup, security.
    Round(round::Args),
    /// Trace the (gamma1, gamma2) Pareto front (exact, the paper's method, sweep, endpoints).
    Front(front::Args),
    /// Run every experiment of the paper and the solver comparison, then draw the report.
    Reproduce(reproduce::Args),
    /// Redraw the figures and report.pdf of a results folder from its files, in seconds.
    Report(report::Args),
    /// Join results folders (shards) into one and draw its report.
    Merge(merge::Args),
}

/// Parses the process's arguments (exits 2 with clap's message on a usage error).
///
/// Every option that takes a value accepts a negative number as that value: `--lambda -0.1`
/// reaches the command's own range check, which names the flag and its range, instead of
/// clap's "unexpected argument '-0' found". A value that is not a number still cannot start
/// with `-`, so a forgotten value (`--out --quick`) is still a usage error.
pub fn parse() -> Cli {
    let matches = command().get_matches();
    Cli::from_arg_matches(&matches).unwrap_or_else(|e| e.format(&mut command()).exit())
}

/// The clap command of [`Cli`] with negative numbers allowed as the values of every option of
/// every subcommand.
fn command() -> clap::Command {
    fn allow_negative_numbers(cmd: clap::Command) -> clap::Command {
        cmd.mut_args(|arg| {
            if arg.get_action().takes_values() {
                arg.allow_negative_numbers(true)
            } else {
                arg
            }
        })
        .mut_subcommands(allow_negative_numbers)
    }
    allow_negative_numbers(Cli::command())
}

/// Runs the parsed command.
pub fn run(cli: Cli) -> anyhow::Result<()> {
    let results = match &cli.command {
        Command::Bench(a) => Some(a.out.as_path()),
        Command::Reproduce(a) => Some(a.out.as_path()),
        Command::Merge(a) => Some(a.out.as_path()),
        _ => None,
    };
    external::register(&external::files(&cli.solvers_file, results)?)?;
    match cli.command {
        Command::Datasets(a) => datasets::run(a),
        Command::Solvers(a) => solvers::run(a),
        Command::Solve(a) => solve::run(a),
        Command::Suites(a) => suites::run(a),
        Command::Bench(a) => bench::run(a),
        Command::Check(a) => check::run(a),
        Command::Export(a) => export::run(a),
        Command::Round(a) => round::run(a),
        Command::Front(a) => front::run(a),
        Command::Reproduce(a) => reproduce::run(a),
        Command::Report(a) => report::run(a),
        Command::Merge(a) => merge::run(a),
    }
}
