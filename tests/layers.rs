//! The layering rule, as a test (rust-analyzer's "tidy" habit): a module of
//! `src/` uses only the modules below it.
//!
//! ```text
//! L4  main, cli, serve, init        the switchboard and the tools around the library
//! L3  lib                           the pipeline: load -> render -> output
//! L2  output                        the only writer
//! L1  content, render               the only reader; catalog + theme -> pages
//!     markdown                      (used by both; uses neither)
//! L0  model, diagnostics, routes    plain data, problems, the URL scheme
//! ```
//!
//! Within L1, `content` and `render` never use each other: what the one
//! makes for the other is a model type (`Catalog`, `ThemeFiles`).

use std::collections::BTreeSet;
use std::path::Path;

/// Each module and the crate modules it may use (besides itself).
const ALLOWED: &[(&str, &[&str])] = &[
    ("model", &[]),
    ("diagnostics", &[]),
    ("routes", &[]),
    ("markdown", &["model", "diagnostics", "routes"]),
    ("content", &["model", "diagnostics", "routes", "markdown"]),
    ("render", &["model", "diagnostics", "routes", "markdown"]),
    ("output", &["model", "diagnostics", "routes", "render"]),
    (
        "lib",
        &[
            "model",
            "diagnostics",
            "routes",
            "markdown",
            "content",
            "render",
            "output",
        ],
    ),
];

/// The modules above every layer of [`ALLOWED`] (L4): they may use anything.
const TOP: &[&str] = &["serve", "init", "scaffold"];

/// True for a top-level module of the crate.
fn is_module(name: &str) -> bool {
    TOP.contains(&name) || ALLOWED.iter().any(|(m, _)| *m == name)
}

#[test]
fn every_module_uses_only_the_layers_below_it() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut problems = Vec::new();
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&src).sort_by_file_name() {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let rel = entry.path().strip_prefix(&src).unwrap();
        let module = module_of(rel);
        let Some((_, allowed)) = ALLOWED.iter().find(|(m, _)| *m == module) else {
            continue; // L4: may use anything
        };
        checked += 1;
        let text = std::fs::read_to_string(entry.path()).unwrap();
        for (line, used) in crate_uses(&text) {
            if used != module && !allowed.contains(&used.as_str()) {
                problems.push(format!(
                    "src/{}:{line}: `{module}` uses `crate::{used}`, which is not below it",
                    rel.display()
                ));
            }
        }
    }
    assert!(checked > 20, "only {checked} files checked");
    assert!(problems.is_empty(), "\n{}\n", problems.join("\n"));
}

#[test]
fn the_checker_sees_upward_uses() {
    let text = "use crate::render::ThemeSources;\nfn f() { crate::content::load(); }\nuse crate::{model::Catalog, output};\n// use crate::serve;\n";
    let used: BTreeSet<String> = crate_uses(text).into_iter().map(|(_, m)| m).collect();
    let expected: BTreeSet<String> = ["render", "content", "model", "output"]
        .iter()
        .map(|s| s.to_string())
        .collect();
    assert_eq!(used, expected);
}

/// The top-level module a file of `src/` belongs to.
fn module_of(rel: &Path) -> String {
    let first = rel
        .components()
        .next()
        .unwrap()
        .as_os_str()
        .to_string_lossy()
        .to_string();
    first.trim_end_matches(".rs").to_string()
}

/// The crate modules `text` names, `crate::x` or `use crate::{x, y::z}`,
/// with their line numbers; comments are skipped.
fn crate_uses(text: &str) -> Vec<(usize, String)> {
    let mut out = Vec::new();
    for (i, line) in text.lines().enumerate() {
        let code = line.split("//").next().unwrap_or("");
        let mut rest = code;
        while let Some(at) = rest.find("crate::") {
            let after = &rest[at + "crate::".len()..];
            if let Some(group) = after.strip_prefix('{') {
                let end = group.find('}').unwrap_or(group.len());
                for item in group[..end].split(',') {
                    let name: String = item
                        .trim()
                        .chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect();
                    push(&mut out, i + 1, name);
                }
            } else {
                let name: String = after
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                push(&mut out, i + 1, name);
            }
            rest = after;
        }
    }
    out
}

fn push(out: &mut Vec<(usize, String)>, line: usize, name: String) {
    if name.is_empty() {
        return;
    }
    // Anything else at the crate root (`crate::BuildOptions`,
    // `crate::check_cached`) is lib.rs's.
    let module = if is_module(&name) {
        name
    } else {
        "lib".to_string()
    };
    out.push((line, module));
}
