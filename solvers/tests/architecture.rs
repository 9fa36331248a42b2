//! The layers of `solvers/src` are kept true: every module imports only from its own layer and
//! the layers below it ([`LAYERS`], the order ARCHITECTURE.md states).
//!
//! Every `.rs` file under `src/` is read; its layer is its top-level module's. Its references
//! to other modules are the `crate::` paths and the `super::` paths that climb out of its
//! top-level module, anywhere in code (`use` lines, function bodies, inline `mod` blocks,
//! macros); comments and string literals are skipped. A reference to a module of a higher
//! layer, or to a module in no layer, fails the test naming the file, the line and both
//! layers.

use std::path::{Path, PathBuf};

/// The layers of `src/`, bottom first: each top-level module, by name. A module may use its
/// own layer and those before it; `lib.rs` (the crate root, which declares them all) is above
/// every layer.
const LAYERS: &[&str] = &[
    "util",
    "entry",
    "milp",
    "bounds",
    "heuristics",
    "exact",
    "hybrid",
    "external",
    "registry",
    "pareto",
];

/// A token of Rust source, with its line (1-based).
#[derive(Clone, Debug, PartialEq, Eq)]
enum Tok {
    Ident(String),
    /// `::`
    Path,
    Open,
    Close,
    Comma,
    /// Any other punctuation, literal or lifetime (only their positions matter).
    Other,
}

/// The tokens of `source` with their lines, without comments, string and char literals.
fn tokens(source: &str) -> Vec<(Tok, usize)> {
    let s: Vec<char> = source.chars().collect();
    let (mut out, mut i, mut line) = (Vec::new(), 0, 1);
    // Advances over s[i..j], counting newlines.
    let skip = |i: &mut usize, j: usize, line: &mut usize| {
        *line += s[*i..j.min(s.len())].iter().filter(|&&c| c == '\n').count();
        *i = j.min(s.len());
    };
    while i < s.len() {
        let c = s[i];
        let next = s.get(i + 1).copied();
        if c == '/' && next == Some('/') {
            let end = (i..s.len()).find(|&k| s[k] == '\n').unwrap_or(s.len());
            skip(&mut i, end, &mut line);
        } else if c == '/' && next == Some('*') {
            // Block comments nest.
            let (mut depth, mut k) = (0usize, i);
            while k < s.len() {
                if s[k] == '/' && s.get(k + 1) == Some(&'*') {
                    depth += 1;
                    k += 2;
                } else if s[k] == '*' && s.get(k + 1) == Some(&'/') {
                    depth -= 1;
                    k += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    k += 1;
                }
            }
            skip(&mut i, k, &mut line);
        } else if c == '"' || ((c == 'r' || c == 'b') && raw_or_byte_string(&s, i).is_some()) {
            let end = string_end(&s, i);
            out.push((Tok::Other, line));
            skip(&mut i, end, &mut line);
        } else if c == '\'' {
            // A char literal ('a', '\n', '\u{1F}') or a lifetime ('a).
            let end = if next == Some('\\') {
                (i + 2..s.len()).find(|&k| s[k] == '\'').map_or(s.len(), |k| k + 1)
            } else if s.get(i + 2) == Some(&'\'') {
                i + 3
            } else {
                i + 1
            };
            out.push((Tok::Other, line));
            skip(&mut i, end, &mut line);
        } else if c.is_alphabetic() || c == '_' {
            let end = (i..s.len())
                .find(|&k| !(s[k].is_alphanumeric() || s[k] == '_'))
                .unwrap_or(s.len());
            out.push((Tok::Ident(s[i..end].iter().collect()), line));
            i = end;
        } else if c.is_ascii_digit() {
            let end = (i..s.len())
                .find(|&k| !(s[k].is_alphanumeric() || s[k] == '_'))
                .unwrap_or(s.len());
            out.push((Tok::Other, line));
            i = end;
        } else if c == ':' && next == Some(':') {
            out.push((Tok::Path, line));
            i += 2;
        } else {
            let tok = match c {
                '{' => Some(Tok::Open),
                '}' => Some(Tok::Close),
                ',' => Some(Tok::Comma),
                _ if c.is_whitespace() => None,
                _ => Some(Tok::Other),
            };
            if let Some(t) = tok {
                out.push((t, line));
            }
            let end = i + 1;
            skip(&mut i, end, &mut line);
        }
    }
    out
}

/// At `s[i]`, the start of a raw or byte string (`r"`, `r#"`, `b"`, `br"`, `br#"`): the
/// number of `#`s.
fn raw_or_byte_string(s: &[char], i: usize) -> Option<usize> {
    let mut k = i;
    if s.get(k) == Some(&'b') {
        k += 1;
    }
    let raw = s.get(k) == Some(&'r');
    if raw {
        k += 1;
    }
    let hashes = (k..s.len()).take_while(|&j| s[j] == '#').count();
    (s.get(k + hashes) == Some(&'"') && (raw || hashes == 0) && k > i).then_some(hashes)
}

/// The index just past the string literal starting at `s[i]`.
fn string_end(s: &[char], i: usize) -> usize {
    let hashes = raw_or_byte_string(s, i);
    let open = (i..s.len()).find(|&k| s[k] == '"').expect("a quote");
    let raw = s[i..open].contains(&'r');
    let mut k = open + 1;
    while k < s.len() {
        if !raw && s[k] == '\\' {
            k += 2;
            continue;
        }
        if s[k] == '"' {
            let n = hashes.unwrap_or(0);
            if !raw || (k + 1..=k + n).all(|j| s.get(j) == Some(&'#')) {
                return k + 1 + if raw { n } else { 0 };
            }
        }
        k += 1;
    }
    s.len()
}

/// A reference of a file to a top-level module of the crate.
#[derive(Clone, Debug, PartialEq, Eq)]
struct Reference {
    /// 1-based line.
    line: usize,
    /// The top-level module (`*` for a glob of the crate root).
    module: String,
}

/// The top-level modules named at `toks[k..]` (after a path into the crate root): one ident,
/// or each item of a `{...}` group, or `*`.
fn named_at(toks: &[(Tok, usize)], k: usize) -> Vec<Reference> {
    match toks.get(k) {
        Some((Tok::Ident(name), line)) => vec![Reference {
            line: *line,
            module: name.clone(),
        }],
        Some((Tok::Open, _)) => {
            let (mut out, mut depth, mut start) = (Vec::new(), 0, true);
            for (t, line) in &toks[k..] {
                match t {
                    Tok::Open => depth += 1,
                    Tok::Close => {
                        depth -= 1;
                        if depth == 0 {
                            break;
                        }
                    }
                    Tok::Comma if depth == 1 => start = true,
                    Tok::Ident(name) if start && depth == 1 => {
                        if name != "self" {
                            out.push(Reference {
                                line: *line,
                                module: name.clone(),
                            });
                        }
                        start = false;
                    }
                    _ if depth == 1 => start = false,
                    _ => {}
                }
            }
            out
        }
        Some((_, line)) => vec![Reference {
            line: *line,
            module: "*".into(),
        }],
        None => vec![],
    }
}

/// The references of `source`, the file of module `path` (e.g. `["heuristics", "bi"]`), to
/// top-level modules other than its own: `crate::x` paths, and `super::` paths that climb to
/// the crate root (counted from the innermost inline `mod` block).
fn references(source: &str, path: &[&str]) -> Vec<Reference> {
    let toks = tokens(source);
    let is = |k: usize, t: &Tok| toks.get(k).is_some_and(|(x, _)| x == t);
    let ident = |k: usize, name: &str| matches!(toks.get(k), Some((Tok::Ident(x), _)) if x == name);
    let mut out = Vec::new();
    // Inline modules open around the current token: (name, brace depth inside them).
    let mut inline: Vec<(String, usize)> = Vec::new();
    let mut depth = 0usize;
    for k in 0..toks.len() {
        match &toks[k].0 {
            Tok::Open => depth += 1,
            Tok::Close => {
                if inline.last().is_some_and(|(_, d)| *d == depth) {
                    inline.pop();
                }
                depth = depth.saturating_sub(1);
            }
            Tok::Ident(kw) if kw == "mod" => {
                if let Some((Tok::Ident(name), _)) = toks.get(k + 1)
                    && is(k + 2, &Tok::Open)
                {
                    inline.push((name.clone(), depth + 1));
                }
            }
            // A path from the crate root (not `pub(crate)`, not the tail of another path).
            Tok::Ident(kw) if kw == "crate" && is(k + 1, &Tok::Path) && !is(k.wrapping_sub(1), &Tok::Path) => {
                out.extend(named_at(&toks, k + 2));
            }
            Tok::Ident(kw) if kw == "super" && is(k + 1, &Tok::Path) && !is(k.wrapping_sub(1), &Tok::Path) => {
                let mut climbs = 1;
                while ident(k + 2 * climbs, "super") && is(k + 2 * climbs + 1, &Tok::Path) {
                    climbs += 1;
                }
                let here = path.len() + inline.len();
                if climbs > here {
                    out.push(Reference {
                        line: toks[k].1,
                        module: "(above the crate root)".into(),
                    });
                } else if climbs == here {
                    out.extend(named_at(&toks, k + 2 * climbs));
                }
            }
            _ => {}
        }
    }
    out
}

/// The module path of `file`, relative to `src/`: `a.rs` and `a/mod.rs` are `["a"]`,
/// `a/b.rs` is `["a", "b"]`; `lib.rs` is the root, `[]`.
fn module_path(file: &Path) -> Vec<String> {
    let mut parts: Vec<String> = file
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let last = parts.pop().expect("a file name");
    let stem = last.strip_suffix(".rs").expect("a .rs file");
    if stem != "mod" && !(parts.is_empty() && stem == "lib") {
        parts.push(stem.to_owned());
    }
    parts
}

/// Every violation of the layers among `files` (path relative to `src/`, source): a file in
/// no layer, a reference to a module in no layer, or to a higher layer's module.
fn violations(files: &[(PathBuf, String)]) -> Vec<String> {
    let rank = |m: &str| LAYERS.iter().position(|&l| l == m);
    let mut out = Vec::new();
    for (file, source) in files {
        let path = module_path(file);
        let Some(top) = path.first() else {
            continue; // the crate root declares every layer
        };
        let shown = format!("src/{}", file.display());
        let Some(own) = rank(top) else {
            out.push(format!("{shown}: module `{top}` is in no layer: add it to LAYERS"));
            continue;
        };
        let names: Vec<&str> = path.iter().map(String::as_str).collect();
        for r in references(source, &names) {
            match rank(&r.module) {
                None => out.push(format!(
                    "{shown}:{}: `{top}` refers to `{}`, which is in no layer",
                    r.line, r.module
                )),
                Some(other) if other > own => out.push(format!(
                    "{shown}:{}: `{top}` (layer {own}) imports from `{}` (layer {other}), a layer above its own",
                    r.line, r.module
                )),
                Some(_) => {}
            }
        }
    }
    out
}

/// Every `.rs` file under `dir`, relative to `root`, sorted.
fn sources(root: &Path, dir: &Path, out: &mut Vec<(PathBuf, String)>) {
    let mut entries: Vec<PathBuf> = std::fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|e| e.expect("a directory entry").path())
        .collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            sources(root, &p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            let text = std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()));
            out.push((p.strip_prefix(root).expect("under src").to_path_buf(), text));
        }
    }
}

#[test]
fn no_module_imports_from_a_layer_above_its_own() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&root, &root, &mut files);
    assert!(
        files.len() > 20,
        "read only {} files under {}",
        files.len(),
        root.display()
    );
    let found = violations(&files);
    assert!(found.is_empty(), "layer violations:\n{}", found.join("\n"));
    // Every layer exists: a renamed module must be renamed here too.
    for layer in LAYERS {
        assert!(
            files
                .iter()
                .any(|(f, _)| module_path(f).first().map(String::as_str) == Some(layer)),
            "layer `{layer}` has no file under src/"
        );
    }
}

#[test]
fn the_parser_finds_crate_and_super_paths_in_code_only() {
    let src = r##"
use crate::{util, milp::relax::{self, lp_bound}};
// use crate::pareto::Runner;
/* crate::hybrid /* nested */ crate::registry */
pub(crate) fn f<'a>(x: &'a str) -> char {
    let _ = "crate::exact::x";
    let _ = r"crate::exact::y";
    let _ = r#"crate::exact::z"#;
    let _ = crate::bounds::anchor_bound;
    let c = '"';
    super::local::x();
    'x'
}
mod tests {
    use super::*;
    fn g() { super::super::super::heuristics::kk::KK; }
}
fn h() { super::super::exact::complete::ID; }
"##;
    let refs = references(src, &["heuristics", "bi"]);
    let found: Vec<(usize, &str)> = refs.iter().map(|r| (r.line, r.module.as_str())).collect();
    assert_eq!(
        found,
        [
            (2, "util"),
            (2, "milp"),
            (9, "bounds"),
            (16, "heuristics"),
            (18, "exact")
        ]
    );
}

#[test]
fn a_reference_to_a_higher_layer_names_file_line_and_both_layers() {
    let files = [
        (
            PathBuf::from("bounds/mod.rs"),
            "use crate::util::x;\n\nuse crate::heuristics::bi;\n".to_owned(),
        ),
        (
            PathBuf::from("lib.rs"),
            "pub mod pareto;\nuse crate::pareto::x;\n".to_owned(),
        ),
        (
            PathBuf::from("heuristics/kk.rs"),
            "fn f() { super::super::exact::g() }\n".to_owned(),
        ),
        (PathBuf::from("stray.rs"), String::new()),
    ];
    assert_eq!(
        violations(&files),
        [
            "src/bounds/mod.rs:3: `bounds` (layer 3) imports from `heuristics` (layer 4), a layer above its own",
            "src/heuristics/kk.rs:1: `heuristics` (layer 4) imports from `exact` (layer 5), a layer above its own",
            "src/stray.rs: module `stray` is in no layer: add it to LAYERS",
        ]
    );
}

#[test]
fn module_paths_follow_the_file_layout() {
    assert_eq!(module_path(Path::new("lib.rs")), Vec::<String>::new());
    assert_eq!(module_path(Path::new("entry.rs")), ["entry"]);
    assert_eq!(module_path(Path::new("exact/mod.rs")), ["exact"]);
    assert_eq!(
        module_path(Path::new("exact/classes/window.rs")),
        ["exact", "classes", "window"]
    );
}
