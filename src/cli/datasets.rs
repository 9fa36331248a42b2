//! `fairshard datasets`: the embedded data and the generators.

use fairshard_datasets::{EMBEDDED, embedded::PROVENANCE, open, synth::KINDS};
use fairshard_harness::Instance;

/// List the embedded datasets (with n and statistics) and the generators.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print the provenance and licences of the embedded data.
    #[arg(long)]
    provenance: bool,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

/// min, median, max of a column.
fn quantiles(mut v: Vec<u64>) -> [u64; 3] {
    v.sort_unstable();
    [v[0], v[v.len() / 2], v[v.len() - 1]]
}

fn stats(inst: &Instance) -> serde_json::Value {
    let w = quantiles(inst.tasks().iter().map(|t| t.workload).collect());
    let r = quantiles(inst.tasks().iter().map(|t| t.rate).collect());
    serde_json::json!({
        "n": inst.len(),
        "gas": { "min": w[0], "median": w[1], "max": w[2], "total": inst.total_workload().to_string() },
        "gas_price_wei": { "min": r[0], "median": r[1], "max": r[2] },
        "total_profit_wei": inst.total_profit().to_string(),
    })
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.provenance {
        print!("{PROVENANCE}");
        return Ok(());
    }
    let mut rows = Vec::new();
    for e in EMBEDDED {
        let inst = open(e.name)?;
        rows.push((e.name, e.description, stats(&inst)));
    }
    if args.json {
        let out: Vec<_> = rows
            .iter()
            .map(|(name, desc, s)| serde_json::json!({"name": name, "description": desc, "stats": s}))
            .chain(
                KINDS
                    .iter()
                    .map(|(k, d)| serde_json::json!({"generator": k, "description": d})),
            )
            .collect();
        println!("{}", serde_json::to_string_pretty(&out)?);
        return Ok(());
    }
    println!("Embedded real Ethereum mainnet data (2016; `fairshard datasets --provenance`):\n");
    println!(
        "{:<16} {:>6}  {:>26}  {:>34}",
        "name", "n", "gas min/median/max", "gas price (gwei) min/median/max"
    );
    for (name, desc, s) in &rows {
        let g = &s["gas"];
        let p = &s["gas_price_wei"];
        let gwei = |v: &serde_json::Value| v.as_u64().unwrap_or(0) as f64 / 1e9;
        println!(
            "{:<16} {:>6}  {:>26}  {:>34}",
            name,
            s["n"],
            format!("{}/{}/{}", g["min"], g["median"], g["max"]),
            format!(
                "{:.2}/{:.2}/{:.2}",
                gwei(&p["min"]),
                gwei(&p["median"]),
                gwei(&p["max"])
            ),
        );
        println!("{:<16} {}", "", desc);
    }
    println!("\nGenerators (spec KIND:n=N,seed=S[,key=value...]):\n");
    for (k, d) in KINDS {
        println!("{k:<16} {d}");
    }
    println!("\nAny spec may be sliced and scaled: dao100[:20]@norm is the first 20 contracts, normalised.");
    Ok(())
}
