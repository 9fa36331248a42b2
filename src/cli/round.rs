//! `fairshard round`: the protocol round of Algorithm 1, round after round, with any solver.

use super::common::{Problem, ProblemArgs, describe};
use anyhow::{Context, bail};
use fairshard_harness::protocol::assign::Variant;
use fairshard_harness::protocol::limits::{Knob, LimitError, Plan};
use fairshard_harness::protocol::security::{Draws, security_table, simulate_last_revealer, wilson};
use fairshard_harness::protocol::{
    FairnessRow, PopulationConfig, Protocol, RoundConfig, RoundRecord, SeedPath, Session, Threshold, TimeModel,
};
use fairshard_harness::{Instance, RunSpec};
use std::path::PathBuf;
/// Run the protocol round (Algorithm 1): PoW chain, HMAC/AES committee assignment, committee
/// execution with BLS aggregate certificates, rewards, time model; optionally the security
/// analysis (Theorem 3, last revealer).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    problem: ProblemArgs,
    /// Pool size l: the miners of the last l blocks form the committees.
    #[arg(short = 'l', long, default_value_t = 1000)]
    l: usize,
    /// The attacker's fraction of the hash power, in [0, 1).
    #[arg(long, default_value_t = 0.25)]
    lambda: f64,
    /// RandomAssign: slots (the paper's literal scheme) or permutation (Theorem 2).
    #[arg(long = "assign", default_value = "permutation", value_name = "VARIANT")]
    variant: Variant,
    /// Rounds to run (one block is mined per round).
    #[arg(long, default_value_t = 5)]
    rounds: u64,
    /// Honest users.
    #[arg(long, default_value_t = 200)]
    users: usize,
    /// Pseudonyms (BLS keys) per honest user.
    #[arg(long, default_value_t = 1)]
    pseudonyms: usize,
    /// Pseudonyms of the attacker.
    #[arg(long, default_value_t = 50)]
    attacker_pseudonyms: usize,
    /// Spread of honest hash power (0 = equal; 1 = weights uniform in [1, 2)).
    #[arg(long, default_value_t = 1.0)]
    spread: f64,
    /// Capture threshold a/b reported per committee (1/3, 1/2, 2/3, ...).
    #[arg(long, default_value = "1/2")]
    threshold: Threshold,
    /// Time model: gas a node executes per second.
    #[arg(long, default_value_t = TimeModel::default().gas_per_second)]
    gas_per_second: f64,
    /// Time model: message latency (s).
    #[arg(long, default_value_t = TimeModel::default().message_latency_s)]
    latency: f64,
    /// Time model: message rounds of consensus.
    #[arg(long, default_value_t = TimeModel::default().consensus_rounds)]
    consensus_rounds: u32,
    /// Time model: mean block interval (s).
    #[arg(long, default_value_t = TimeModel::default().block_interval_s)]
    block_interval: f64,
    /// Write one CSV row per round (stable columns) to this file, each as it finishes.
    #[arg(long, value_name = "FILE")]
    out: Option<PathBuf>,
    /// Instead of -m, run the rounds for each of these m (comma-separated) and print speedup,
    /// efficiency and time shares per m.
    #[arg(long, value_delimiter = ',', value_name = "M,M,...")]
    sweep_m: Vec<usize>,
    /// Also measure long-term fairness (Theorem 4) over this many rounds, without signatures.
    #[arg(long, default_value_t = 0, value_name = "ROUNDS")]
    long_term: usize,
    /// Also run the security analysis with this many Monte Carlo trials (0 = skip).
    #[arg(long, default_value_t = 0, value_name = "TRIALS")]
    security: u64,
    /// Write the security analysis as CSV rows (one per threshold and variant) to this file.
    #[arg(long, value_name = "FILE", requires = "security")]
    security_out: Option<PathBuf>,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    check_ranges(&args)?;
    let Problem {
        solver,
        instance: inst,
        spec,
        dataset,
    } = args.problem.load()?;
    let ms = if args.sweep_m.is_empty() {
        vec![spec.m]
    } else {
        args.sweep_m.clone()
    };
    for &m in [spec.m].iter().chain(&ms) {
        RunSpec { m, ..spec.clone() }.validate(&inst)?;
    }
    plan(&args, ms.len()).check().map_err(|e| refused(&e))?;
    let master = args.problem.run.seed;
    let population = PopulationConfig {
        honest_users: args.users,
        pseudonyms_per_user: args.pseudonyms,
        attacker_pseudonyms: args.attacker_pseudonyms,
        lambda: args.lambda,
        honest_spread: args.spread,
    };
    let config = RoundConfig {
        threshold: args.threshold,
        time: TimeModel {
            gas_per_second: args.gas_per_second,
            message_latency_s: args.latency,
            consensus_rounds: args.consensus_rounds,
            block_interval_s: args.block_interval,
        },
        ..RoundConfig::new(spec.m, args.l, args.variant)
    };
    let session = Session::new(
        &population,
        config,
        solver.as_ref(),
        spec.clone(),
        SeedPath::new(master, "round"),
    )?;
    let mut writer = match &args.out {
        Some(p) => Some(csv::Writer::from_path(p).with_context(|| format!("cannot write {}", p.display()))?),
        None => None,
    };
    println!("instance  {}", describe(&inst));
    println!(
        "round     m = {}, l = {}, lambda = {}, assign {}, solver {}, threshold {}, seed {master}",
        ms.iter().map(ToString::to_string).collect::<Vec<_>>().join(","),
        args.l,
        args.lambda,
        args.variant,
        solver.id(),
        args.threshold
    );
    println!(
        "users     {} honest x {} pseudonyms, attacker {} pseudonyms; {} pseudonyms in all",
        args.users,
        args.pseudonyms,
        args.attacker_pseudonyms,
        session.population().pseudonyms().len()
    );
    let sweep = ms.len() > 1;
    if sweep {
        println!(
            "\n{:>6} {:>7} {:>10} {:>10} {:>8} {:>6} {:>9} {:>9} {:>9} {:>7}",
            "m", "rounds", "round_s", "serial_s", "speedup", "eff", "partition", "consensus", "execution", "forged"
        );
    }
    let mut total = 0;
    // One chain seed for every m (coordinates `round/chain`): the runs of a sweep are paired.
    for run in session.sweep(&inst, &dataset, &ms, args.rounds, |_| Vec::new()) {
        let mut run = run?;
        let m = run.m();
        if !sweep {
            print_round_header();
        }
        let mut records = Vec::new();
        for rec in run.by_ref() {
            let rec = rec.with_context(|| format!("round {} (m = {m})", records.len()))?;
            if !sweep {
                print_round(&rec);
            }
            if let Some(w) = writer.as_mut() {
                w.serialize(&rec)?;
                w.flush()?;
            }
            records.push(rec);
        }
        total += records.len();
        if sweep {
            println!(
                "{:>6} {:>7} {:>10.4} {:>10.4} {:>8.2} {:>6.3} {:>9.3} {:>9.3} {:>9.3} {:>7}",
                m,
                records.len(),
                mean(&records, |r| r.round_s),
                mean(&records, |r| r.serial_s),
                mean(&records, |r| r.speedup),
                mean(&records, |r| r.efficiency),
                mean(&records, |r| r.share_partition),
                mean(&records, |r| r.share_consensus),
                mean(&records, |r| r.share_execution),
                records.iter().map(|r| r.committees_forged).sum::<usize>(),
            );
        } else {
            summary(&records, run.protocol());
        }
    }
    if let Some(p) = &args.out {
        eprintln!("wrote {} ({total} rounds)", p.display());
    }
    if args.long_term > 0 {
        long_term_fairness(&args, &session, &inst)?;
    }
    if args.security > 0 {
        security(&args, &session, master)?;
    }
    Ok(())
}

/// Refuses, with the flag's name, a value outside its range that the harness would refuse
/// under its own parameter name.
fn check_ranges(args: &Args) -> anyhow::Result<()> {
    if !(0.0..1.0).contains(&args.lambda) {
        bail!("--lambda must be in [0, 1) (got {})", args.lambda);
    }
    for (flag, value, positive) in [
        ("--latency", args.latency, false),
        ("--spread", args.spread, false),
        ("--gas-per-second", args.gas_per_second, true),
        ("--block-interval", args.block_interval, true),
    ] {
        if !value.is_finite() || value < 0.0 || (positive && value == 0.0) {
            bail!(
                "{flag} must be a finite number {} (got {value})",
                if positive { "> 0" } else { ">= 0" }
            );
        }
    }
    Ok(())
}

/// The sizes of the run these options ask for, for [`Plan::check`].
fn plan(args: &Args, sweep: usize) -> Plan {
    let n = |x: usize| x as u64;
    Plan {
        pseudonyms: n(args.users)
            .saturating_mul(n(args.pseudonyms))
            .saturating_add(n(args.attacker_pseudonyms)),
        l: n(args.l),
        rounds: args.rounds,
        sweep: n(sweep),
        long_term: n(args.long_term),
        trials: args.security,
    }
}

/// A refused plan, in the words of the flags.
fn refused(e: &LimitError) -> anyhow::Error {
    let flag = match e.knob {
        Knob::Pseudonyms => "--users x --pseudonyms + --attacker-pseudonyms =",
        Knob::Pool => "-l",
        Knob::Rounds => "--rounds",
        Knob::Sweep => "--sweep-m with as many values as",
        Knob::LongTerm => "--long-term",
        Knob::Trials => "--security",
    };
    anyhow::anyhow!("{flag} {} is out of reach: {}", e.value, e.reason())
}

fn print_round_header() {
    println!(
        "\n{:>5} {:>9} {:>9} {:>9} {:>5} {:>9} {:>14} {:>6} {:>4} {:>10} {:>8} {:>6}",
        "round",
        "status",
        "gamma1",
        "gamma2",
        "ver",
        "seats",
        "true/frg/tie/0",
        "maxatk",
        "capt",
        "round_s",
        "speedup",
        "eff"
    );
}

fn print_round(rec: &RoundRecord) {
    let g = |x: Option<f64>| x.map_or("-".into(), |v| format!("{v:.6}"));
    println!(
        "{:>5} {:>9} {:>9} {:>9} {:>5} {:>9} {:>14} {:>6.3} {:>4} {:>10.4} {:>8.2} {:>6.3}",
        rec.round,
        rec.status,
        g(rec.gamma1),
        g(rec.gamma2),
        if rec.assignment_verified { "ok" } else { "FAIL" },
        format!("{}-{}", rec.min_committee, rec.max_committee),
        format!(
            "{}/{}/{}/{}",
            rec.committees_true, rec.committees_forged, rec.committees_tie, rec.committees_empty
        ),
        rec.max_attacker_share,
        rec.captured,
        rec.round_s,
        rec.speedup,
        rec.efficiency
    );
}

fn mean(records: &[RoundRecord], f: impl Fn(&RoundRecord) -> f64) -> f64 {
    records.iter().map(f).sum::<f64>() / records.len().max(1) as f64
}

fn summary(records: &[RoundRecord], proto: &Protocol) {
    let sum = |f: fn(&RoundRecord) -> usize| records.iter().map(f).sum::<usize>();
    println!(
        "\nsummary   {} rounds: committees true {}, forged {}, tie {}, empty {}; captured {}; assignments verified {}/{}",
        records.len(),
        sum(|r| r.committees_true),
        sum(|r| r.committees_forged),
        sum(|r| r.committees_tie),
        sum(|r| r.committees_empty),
        sum(|r| r.captured),
        records.iter().filter(|r| r.assignment_verified).count(),
        records.len()
    );
    println!(
        "time      mean round {:.4} s vs serial {:.4} s: speedup {:.2}, efficiency {:.3}; shares: partition {:.3}, consensus {:.3}, execution {:.3} (crypto measured {:.3} s/round)",
        mean(records, |r| r.round_s),
        mean(records, |r| r.serial_s),
        mean(records, |r| r.speedup),
        mean(records, |r| r.efficiency),
        mean(records, |r| r.share_partition),
        mean(records, |r| r.share_consensus),
        mean(records, |r| r.share_execution),
        mean(records, |r| r.crypto_s),
    );
    let rounds = usize::try_from(proto.rounds_run()).unwrap_or(usize::MAX);
    fairness(&proto.ledger().shares(proto.population(), rounds, proto.config().l), 0);
}

/// Long-term fairness (Theorem 4): each user's shares against its hash power; the attacker,
/// the largest deviation among honest users, and the `top` honest users of most hash power.
fn fairness(shares: &[FairnessRow], top: usize) {
    if let Some(a) = shares.iter().find(|s| s.attacker) {
        println!(
            "fairness  attacker: hash power {:.4}, seats {:.4}, workload {:.4}, profit {:.4}",
            a.hash_power, a.seat_share, a.workload_share, a.profit_share
        );
    }
    let deviation = |s: &FairnessRow| {
        (s.workload_share - s.hash_power)
            .abs()
            .max((s.profit_share - s.hash_power).abs())
    };
    let mut honest: Vec<&FairnessRow> = shares.iter().filter(|s| !s.attacker).collect();
    let worst = honest.iter().map(|s| deviation(s)).fold(0.0, f64::max);
    println!("fairness  honest users: largest |share - hash power| of workload or profit {worst:.4}");
    honest.sort_by(|a, b| b.hash_power.total_cmp(&a.hash_power).then(a.user.cmp(&b.user)));
    for s in honest.iter().take(top) {
        println!(
            "          user {:>5}: hash power {:.4}, seats {:.4}, workload {:.4}, profit {:.4}",
            s.user, s.hash_power, s.seat_share, s.workload_share, s.profit_share
        );
    }
}

/// Theorem 4 over many rounds without the cryptography: one partition of the instance, fresh
/// committees every block, on a chain seeded at `round/long-term`.
fn long_term_fairness(args: &Args, session: &Session, inst: &Instance) -> anyhow::Result<()> {
    let mut run = session.long_term(inst, &session.seeds().at("long-term"))?;
    run.run_to(args.long_term)?;
    println!(
        "\nlong-term {} rounds (Theorem 4; m = {}, l = {}, {}): shares of seats, workload and profit against hash power",
        args.long_term,
        session.config().m,
        args.l,
        args.variant
    );
    fairness(&run.shares(), 5);
    Ok(())
}

/// Theorem 3's table (seeds at `security/VARIANT/THRESHOLD`) and the last-revealer attack
/// (`security/last-revealer`).
fn security(args: &Args, session: &Session, master: u64) -> anyhow::Result<()> {
    let (l, lambda, trials, m) = (args.l, args.lambda, args.security, session.config().m);
    let population = session.population();
    let seeds = SeedPath::new(master, "security");
    let mut writer = match &args.security_out {
        Some(p) => Some(csv::Writer::from_path(p).with_context(|| format!("cannot write {}", p.display()))?),
        None => None,
    };
    println!(
        "\nsecurity  l = {l}, m = {m}, lambda = {lambda}\n          exact, equal split: hypergeometric tail with {} attacker seats in U, its union bound over m, the binomial\n          (large-pool) limit and Theorem 3's Chernoff bound; Monte Carlo: {trials} rounds per variant through chain,\n          extractor and AES, 95% Wilson intervals (copies of one pseudonym share a committee: fewer pseudonyms, fatter tails)",
        ((lambda * l as f64).round() as usize).min(l)
    );
    println!(
        "{:>9} {:>6} {:>11} {:>11} {:>11} {:>11}",
        "threshold", "t/s", "hypergeom", "union(m)", "binomial", "Chernoff"
    );
    let mut threshold = String::new();
    for row in security_table(population, l, m, trials, &seeds) {
        let row = row?;
        if row.threshold != threshold {
            threshold.clone_from(&row.threshold);
            println!(
                "{:>9} {:>6} {:>11.3e} {:>11.3e} {:>11.3e} {:>11.3e}",
                row.threshold,
                format!("{}/{}", row.min_count, row.size),
                row.exact_committee,
                row.exact_union,
                row.binomial,
                row.chernoff,
            );
        }
        println!(
            "{:>16} MC: P(committee) {:.3e} [{:.3e}, {:.3e}], P(any) {:.4} [{:.4}, {:.4}], attacker share mean {:.4}, max {:.4}, empty committees {}",
            row.assign,
            row.mc_committee,
            row.mc_committee_lo,
            row.mc_committee_hi,
            row.mc_any,
            row.mc_any_lo,
            row.mc_any_hi,
            row.mean_share,
            row.mean_max_share,
            row.empty
        );
        if let Some(w) = writer.as_mut() {
            w.serialize(&row)?;
            w.flush()?;
        }
    }
    let draws = Draws {
        l,
        m,
        variant: args.variant,
        threshold: args.threshold,
        trials,
    };
    let lr = simulate_last_revealer(population, draws, 1000, seeds.at("last-revealer").seed())?;
    let (p_model, withheld_model) = lr.model(lambda);
    let (lo, hi) = wilson(lr.attack_captures, lr.trials, 1.96);
    println!(
        "last revealer ({}, threshold {}): P(capture) honest {:.4}, with withholding {:.4} [{lo:.4}, {hi:.4}] (model p/(1-lambda(1-p)) = {p_model:.4}); blocks withheld per round {:.4} (model {withheld_model:.4})",
        args.variant,
        args.threshold,
        lr.honest_captures as f64 / lr.trials as f64,
        lr.attack_captures as f64 / lr.trials as f64,
        lr.withheld as f64 / lr.trials as f64,
    );
    Ok(())
}
