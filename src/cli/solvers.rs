//! `fairshard solvers`: the registry.

use fairshard_solvers::entries;

/// List the solvers by id.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    if args.json {
        let rows: Vec<_> = entries()
            .iter()
            .map(|e| {
                serde_json::json!({
                    "id": e.id,
                    "summary": e.summary,
                    "feature": e.feature,
                    "available": e.available(),
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    println!("{:<22} {:<10} summary", "id", "built in");
    for e in entries() {
        let built = match (e.available(), e.feature) {
            (true, _) => "yes".to_owned(),
            (false, Some(f)) => format!("no ({f})"),
            (false, None) => "no".to_owned(),
        };
        println!("{:<22} {:<10} {}", e.id, built, e.summary);
    }
    Ok(())
}
