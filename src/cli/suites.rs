//! `fairshard suites`: the benchmark's named, versioned instance suites.

use fairshard_experiments::bench::{Suite, find, suites};

/// List the benchmark suites, or one suite's instances with their content hashes.
#[derive(Debug, clap::Args)]
pub struct Args {
    /// List this suite's instances (NAME or NAME@VERSION) with their SHA-256 content hashes.
    #[arg(long, value_name = "NAME")]
    suite: Option<String>,
    /// Print JSON instead of a table.
    #[arg(long)]
    json: bool,
}

pub fn run(args: Args) -> anyhow::Result<()> {
    match &args.suite {
        Some(name) => instances(&find(name)?, args.json),
        None => overview(&suites(), args.json),
    }
}

fn join<T: ToString>(v: &[T]) -> String {
    v.iter().map(T::to_string).collect::<Vec<_>>().join(",")
}

fn overview(all: &[Suite], json: bool) -> anyhow::Result<()> {
    if json {
        let rows: Vec<_> = all
            .iter()
            .map(|s| {
                let classes: Vec<_> = s
                    .classes
                    .iter()
                    .map(|c| {
                        serde_json::json!({
                            "class": c.name,
                            "pattern": c.pattern,
                            "n": c.ns,
                            "m": c.ms,
                            "per_subset": c.per_subset_text(),
                            "cells": c.cells(),
                            "seeds": c.seeds,
                            "targets": c.targets.iter().map(|t| t.label()).collect::<Vec<_>>(),
                            "instances": c.instance_count(),
                        })
                    })
                    .collect();
                serde_json::json!({
                    "suite": s.id(),
                    "name": s.name,
                    "version": s.version,
                    "summary": s.summary,
                    "instances": s.instances().len(),
                    "classes": classes,
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    for s in all {
        println!("{}  ({} instances): {}", s.id(), s.instances().len(), s.summary);
        println!(
            "  {:<15} {:<22} {:<8} {:<18} {:<8} {:<9} targets",
            "class", "n", "m", "n/m", "seeds", "instances"
        );
        for c in &s.classes {
            let targets: Vec<String> = c.targets.iter().map(|t| t.label()).collect();
            println!(
                "  {:<15} {:<22} {:<8} {:<18} {:<8} {:<9} {}",
                c.name,
                join(&c.ns),
                join(&c.ms),
                c.per_subset_text(),
                c.seeds_text(),
                c.instance_count(),
                targets.join(",")
            );
        }
        println!();
    }
    println!("`fairshard suites --suite NAME` lists a suite's instances with their SHA-256 content hashes;");
    println!("`fairshard export --suite NAME --out DIR` writes them as CSV with an index.");
    Ok(())
}

fn instances(suite: &Suite, json: bool) -> anyhow::Result<()> {
    let hashes = suite.hashes()?;
    let list = suite.instances();
    if json {
        let rows: Vec<_> = list
            .iter()
            .map(|i| {
                serde_json::json!({
                    "suite": i.suite,
                    "id": i.id(),
                    "class": i.class,
                    "spec": i.spec,
                    "seed": i.seed,
                    "n": i.n,
                    "m": i.m,
                    "target": i.target.target.as_str(),
                    "gamma1_cap": i.target.caps.gamma1,
                    "gamma2_cap": i.target.caps.gamma2,
                    "sha256": hashes[&i.spec],
                })
            })
            .collect();
        println!("{}", serde_json::to_string_pretty(&rows)?);
        return Ok(());
    }
    println!(
        "{} ({} instances, fingerprint {})",
        suite.id(),
        list.len(),
        suite.fingerprint_of(&hashes)
    );
    println!(
        "{:<15} {:<44} {:>6} {:>4} {:<18} sha256",
        "class", "spec", "n", "m", "target"
    );
    for i in &list {
        println!(
            "{:<15} {:<44} {:>6} {:>4} {:<18} {}",
            i.class,
            i.spec,
            i.n,
            i.m,
            i.target.label(),
            hashes[&i.spec]
        );
    }
    Ok(())
}
