//! What each data set of the report is, said where it first appears: one place for every
//! figure and table. The descriptions come from the datasets crate's own metadata
//! ([`fairshard_datasets::describe`]: n, source, what the columns are), never copied by hand;
//! a data set already described is named with the page that describes it.

use fairshard_datasets::describe;

/// The data sets described so far, with the page of each description.
#[derive(Clone, Debug, Default)]
pub struct Described {
    seen: Vec<(String, usize)>,
}

/// A spec's description split into its size and the rest: ("n = 100", "real Ethereum ...").
fn parts(spec: &str) -> (String, String) {
    match describe(spec) {
        Ok(d) => match d.strip_prefix("n = ").and_then(|r| r.split_once(": ")) {
            Some((n, rest)) => (format!("n = {n}"), rest.to_owned()),
            None => (String::new(), d),
        },
        Err(e) => (String::new(), format!("not a data set this build knows ({e})")),
    }
}

impl Described {
    /// Nothing described yet.
    pub fn new() -> Self {
        Self::default()
    }

    /// Has `spec` been described?
    pub fn contains(&self, spec: &str) -> bool {
        self.seen.iter().any(|s| s.0 == spec)
    }

    /// The note for a part of the report on page `page` that uses `specs` (repeats ignored):
    /// each data set not yet described gets its description (data sets that differ only in n,
    /// like a generator at several sizes, share one), each one already described the page
    /// that describes it. `None` when `specs` is empty.
    pub fn note(&mut self, specs: &[String], page: usize) -> Option<String> {
        let mut specs: Vec<&String> = specs.iter().collect();
        specs.dedup();
        let mut unique: Vec<&String> = Vec::new();
        for s in specs {
            if !unique.contains(&s) {
                unique.push(s);
            }
        }
        if unique.is_empty() {
            return None;
        }
        // New ones, grouped by their description without n.
        let mut groups: Vec<(String, Vec<(&String, String)>)> = Vec::new();
        let mut old: Vec<(usize, Vec<&String>)> = Vec::new();
        for spec in unique {
            if let Some(&(_, p)) = self.seen.iter().find(|s| &s.0 == spec) {
                match old.iter_mut().find(|o| o.0 == p) {
                    Some(o) => o.1.push(spec),
                    None => old.push((p, vec![spec])),
                }
                continue;
            }
            self.seen.push((spec.clone(), page));
            let (n, rest) = parts(spec);
            match groups.iter_mut().find(|g| g.0 == rest) {
                Some(g) => g.1.push((spec, n)),
                None => groups.push((rest, vec![(spec, n)])),
            }
        }
        let mut out = Vec::new();
        if !groups.is_empty() {
            let items: Vec<String> = groups
                .iter()
                .map(|(rest, specs)| {
                    let names: Vec<&str> = specs.iter().map(|s| s.0.as_str()).collect();
                    let ns: Vec<&str> = specs
                        .iter()
                        .map(|s| s.1.trim_start_matches("n = "))
                        .filter(|n| !n.is_empty())
                        .collect();
                    let size = if ns.is_empty() {
                        String::new()
                    } else {
                        format!(" (n = {})", ns.join(", "))
                    };
                    format!("{}{size}: {rest}", names.join(", "))
                })
                .collect();
            out.push(format!("Data sets first used here: {}.", items.join(". ")));
        }
        if !old.is_empty() {
            let refs: Vec<String> = old
                .iter()
                .map(|(p, specs)| {
                    let names: Vec<&str> = specs.iter().map(|s| s.as_str()).collect();
                    format!("{} (described on page {p})", names.join(", "))
                })
                .collect();
            let label = if out.is_empty() { "Data sets" } else { "Also" };
            out.push(format!("{label}: {}.", refs.join("; ")));
        }
        Some(out.join(" "))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn specs(s: &[&str]) -> Vec<String> {
        s.iter().map(|s| (*s).to_owned()).collect()
    }

    /// `dao-may2016` (the speedup experiment's data) was never described: every data set is
    /// described the first time, with its n and source, and named with that page afterwards.
    #[test]
    fn each_data_set_is_described_once_then_referred_to() {
        let mut d = Described::new();
        let first = d.note(&specs(&["dao100", "dao100"]), 1).unwrap();
        assert!(
            first.starts_with("Data sets first used here: dao100 (n = 100): real Ethereum"),
            "{first}"
        );
        let next = d.note(&specs(&["dao100", "dao-may2016"]), 7).unwrap();
        assert!(
            next.contains("dao-may2016 (n = 22608): real Ethereum mainnet data"),
            "{next}"
        );
        assert!(
            next.contains("22,608 DAO-purchase transactions of 15-28 May 2016"),
            "{next}"
        );
        assert!(next.contains("Also: dao100 (described on page 1)."), "{next}");
        assert!(d.contains("dao-may2016"));
        let last = d.note(&specs(&["dao-may2016"]), 9).unwrap();
        assert_eq!(last, "Data sets: dao-may2016 (described on page 7).");
        assert!(d.note(&[], 9).is_none());
    }

    #[test]
    fn a_generator_at_several_sizes_is_described_once() {
        let mut d = Described::new();
        let note = d
            .note(
                &specs(&["lognormal:n=20,seed=1", "lognormal:n=1000,seed=1", "dao100[:20]@norm"]),
                3,
            )
            .unwrap();
        assert!(
            note.contains("lognormal:n=20,seed=1, lognormal:n=1000,seed=1 (n = 20, 1000): synthetic, lognormal generator, seed 1: gas ~ LogNormal"),
            "{note}"
        );
        assert!(
            note.contains("dao100[:20]@norm (n = 20): the first 20 tasks of dao100"),
            "{note}"
        );
        assert!(note.contains("scaled linearly to integers 1..1000"), "{note}");
    }
}
