//! `fairshard round`: the protocol round of Algorithm 1, round after round, with any solver.

use super::common::{InstanceArgs, RunArgs, describe, load_instance};
use anyhow::Context;
use fairshard_harness::protocol::assign::Variant;
use fairshard_harness::protocol::rewards::long_term;
use fairshard_harness::protocol::security::{
    Draws, SecurityRecord, exact_capture, monte_carlo_chain, simulate_last_revealer, wilson,
};
use fairshard_harness::protocol::{Chain, UserShare};
use fairshard_harness::protocol::{
    Population, PopulationConfig, Protocol, RoundConfig, RoundRecord, Threshold, TimeModel,
};
use fairshard_harness::{Instance, Partitioner, RunSpec, derive_seed, measure};
use std::path::PathBuf;

/// Run the protocol round (Algorithm 1): PoW chain, HMAC/AES committee assignment, committee
/// execution with BLS aggregate certificates, rewards, time model; optionally the security
/// analysis (Theorem 3, last revealer).
#[derive(Debug, clap::Args)]
pub struct Args {
    #[command(flatten)]
    instance: InstanceArgs,
    #[command(flatten)]
    run: RunArgs,
    /// Solver id for the Partition step (see `fairshard solvers`).
    #[arg(long, short = 's', default_value = "heur/bi-lpt")]
    solver: String,
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
    let solver = fairshard_solvers::get(&args.solver)?;
    let inst = load_instance(&args.instance)?;
    let spec = args.run.spec()?;
    spec.validate(&inst)?;
    let master = args.run.seed;
    let pop_cfg = PopulationConfig {
        honest_users: args.users,
        pseudonyms_per_user: args.pseudonyms,
        attacker_pseudonyms: args.attacker_pseudonyms,
        lambda: args.lambda,
        honest_spread: args.spread,
    };
    let population = Population::new(&pop_cfg, derive_seed(master, &["round", "population"]))?;
    let mut writer = match &args.out {
        Some(p) => Some(csv::Writer::from_path(p).with_context(|| format!("cannot write {}", p.display()))?),
        None => None,
    };
    let ms = if args.sweep_m.is_empty() {
        vec![spec.m]
    } else {
        args.sweep_m.clone()
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
        population.pseudonyms().len()
    );
    let sweep = ms.len() > 1;
    if sweep {
        println!(
            "\n{:>6} {:>7} {:>10} {:>10} {:>8} {:>6} {:>9} {:>9} {:>9} {:>7}",
            "m", "rounds", "round_s", "serial_s", "speedup", "eff", "partition", "consensus", "execution", "forged"
        );
    }
    let mut total = 0;
    for m in ms {
        let spec = RunSpec { m, ..spec.clone() };
        spec.validate(&inst)?;
        let records = rounds(&args, &population, &inst, solver.as_ref(), spec, &mut writer, !sweep)?;
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
        }
    }
    if let Some(p) = &args.out {
        eprintln!("wrote {} ({total} rounds)", p.display());
    }
    if args.long_term > 0 {
        long_term_fairness(&args, &population, &inst, solver.as_ref(), &spec)?;
    }
    if args.security > 0 {
        security(&args, &population, spec.m, master)?;
    }
    Ok(())
}

/// Runs `args.rounds` rounds with `spec.m` committees on a fresh chain; prints each round and
/// a summary when `verbose`; appends each record to `writer` as it finishes.
fn rounds(
    args: &Args,
    population: &Population,
    inst: &Instance,
    solver: &dyn Partitioner,
    mut spec: RunSpec,
    writer: &mut Option<csv::Writer<std::fs::File>>,
    verbose: bool,
) -> anyhow::Result<Vec<RoundRecord>> {
    let master = args.run.seed;
    let dataset = args.instance.dataset.clone().unwrap_or_else(|| inst.name().to_owned());
    let time = TimeModel {
        gas_per_second: args.gas_per_second,
        message_latency_s: args.latency,
        consensus_rounds: args.consensus_rounds,
        block_interval_s: args.block_interval,
    };
    let cfg = RoundConfig {
        threshold: args.threshold,
        time,
        ..RoundConfig::new(spec.m, args.l, args.variant)
    };
    let mut proto = Protocol::new(population.clone(), cfg, derive_seed(master, &["round", "chain"]))?;
    if verbose {
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
    let mut records = Vec::new();
    for r in 0..args.rounds {
        spec.seed = derive_seed(master, &["round", "solver", &r.to_string()]);
        let report = proto
            .run_round(inst, solver, &spec)
            .with_context(|| format!("round {r} (m = {})", spec.m))?;
        let rec = RoundRecord::new(
            &report,
            inst,
            args.lambda,
            &dataset,
            solver.id(),
            master,
            args.threshold,
        );
        let g = |x: Option<f64>| x.map_or("-".into(), |v| format!("{v:.6}"));
        if verbose {
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
        if let Some(w) = writer.as_mut() {
            w.serialize(&rec)?;
            w.flush()?;
        }
        records.push(rec);
    }
    if verbose {
        summary(&records, &proto);
    }
    Ok(records)
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
    fairness(&proto.ledger().shares(proto.population()), 0);
}

/// Long-term fairness (Theorem 4): each user's shares against its hash power; the attacker,
/// the largest deviation among honest users, and the `top` honest users of most hash power.
fn fairness(shares: &[UserShare], top: usize) {
    if let Some(a) = shares.iter().find(|s| s.attacker) {
        println!(
            "fairness  attacker: hash power {:.4}, seats {:.4}, workload {:.4}, profit {:.4}",
            a.hash_power, a.seat_share, a.workload_share, a.profit_share
        );
    }
    let deviation = |s: &UserShare| {
        (s.workload_share - s.hash_power)
            .abs()
            .max((s.profit_share - s.hash_power).abs())
    };
    let mut honest: Vec<&UserShare> = shares.iter().filter(|s| !s.attacker).collect();
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
/// committees every block.
fn long_term_fairness(
    args: &Args,
    population: &Population,
    inst: &Instance,
    solver: &dyn Partitioner,
    spec: &RunSpec,
) -> anyhow::Result<()> {
    let measured = measure(solver, inst, spec);
    let Some(partition) = measured.outcome.partition.as_ref() else {
        anyhow::bail!("the Partition step failed: {}", measured.error.unwrap_or_default());
    };
    let mut chain = Chain::new(derive_seed(args.run.seed, &["round", "long-term"]), args.block_interval)?;
    let ledger = long_term(
        population,
        &mut chain,
        args.variant,
        args.l,
        &partition.loads(inst),
        args.long_term,
    )?;
    println!(
        "\nlong-term {} rounds (Theorem 4; m = {}, l = {}, {}): shares of seats, workload and profit against hash power",
        args.long_term, spec.m, args.l, args.variant
    );
    fairness(&ledger.shares(population), 5);
    Ok(())
}

fn security(args: &Args, population: &Population, m: usize, master: u64) -> anyhow::Result<()> {
    let (l, lambda, trials) = (args.l, args.lambda, args.security);
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
    for th in [Threshold::THIRD, Threshold::HALF, Threshold::TWO_THIRDS] {
        let ex = exact_capture(l, m, lambda, th)?;
        println!(
            "{:>9} {:>6} {:>11.3e} {:>11.3e} {:>11.3e} {:>11.3e}",
            th.to_string(),
            format!("{}/{}", ex.min_count, ex.size),
            ex.committee,
            ex.union,
            ex.binomial,
            ex.chernoff,
        );
        for v in Variant::ALL {
            let seed = derive_seed(master, &["security", v.as_str(), &th.to_string()]);
            let draws = Draws {
                l,
                m,
                variant: v,
                threshold: th,
                trials,
            };
            let mc = monte_carlo_chain(population, draws, seed)?;
            let row = SecurityRecord::new(draws, lambda, &ex, &mc);
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
    }
    let draws = Draws {
        l,
        m,
        variant: args.variant,
        threshold: args.threshold,
        trials,
    };
    let lr = simulate_last_revealer(
        population,
        draws,
        1000,
        derive_seed(master, &["security", "last-revealer"]),
    )?;
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
