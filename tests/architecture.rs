//! The arrows of ARCHITECTURE.md, checked on the source: SQL only in `store/`, no import circle
//! between the crate's modules (a `use` or a `crate::…` path counts, re-exports included), and
//! no layer reaching one above it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for e in std::fs::read_dir(dir).expect("src") {
        let p = e.expect("entry").path();
        if p.is_dir() {
            sources(&p, out);
        } else if p.extension().is_some_and(|x| x == "rs") {
            out.push(p);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// `src/tui/app.rs` → ["tui", "app"]; `src/tui/screens/alarms/view.rs` → ["tui", "screens", "alarms", "view"].
fn module_path(file: &Path) -> Vec<String> {
    let rel = file.strip_prefix(src()).expect("under src");
    let mut parts: Vec<String> = rel.iter().map(|p| p.to_string_lossy().trim_end_matches(".rs").to_string()).collect();
    if parts.last().is_some_and(|p| p == "mod") {
        parts.pop();
    }
    parts
}

/// The code of a file without its comments and string literals' insides (good enough for `use`
/// and `crate::` paths; SQL is looked for in the full text).
fn code_only(text: &str) -> String {
    text.lines().map(|l| l.split("//").next().unwrap_or("")).collect::<Vec<_>>().join("\n")
}

#[test]
fn sql_and_sqlite_live_only_in_the_store() {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let mut offenders = Vec::new();
    for f in &files {
        let parts = module_path(f);
        if parts.first().is_some_and(|p| p == "store") {
            continue;
        }
        let text = std::fs::read_to_string(f).expect("read");
        for (n, line) in text.lines().enumerate() {
            let code = line.split("//").next().unwrap_or("");
            let sql_text = ["\"SELECT ", "\"INSERT INTO", "\"UPDATE ", "\"DELETE FROM", "\"CREATE ", "\"PRAGMA "]
                .iter()
                .any(|k| code.contains(k));
            let sql_call = [".prepare(", ".prepare_cached(", ".query_row(", ".query_map(", ".execute_batch("]
                .iter()
                .any(|k| code.contains(k));
            if code.contains("rusqlite") || sql_text || sql_call {
                offenders.push(format!("{}:{}: {}", f.display(), n + 1, line.trim()));
            }
        }
    }
    assert!(offenders.is_empty(), "SQL outside src/store/:\n{}", offenders.join("\n"));
}

/// Which top-level module each file's `crate::X` paths (and `super::` paths that leave a
/// top-level module, which cannot happen) point at.
fn top_level_graph() -> BTreeMap<String, BTreeSet<String>> {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let mut graph: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for f in &files {
        let parts = module_path(f);
        let Some(top) = parts.first().cloned() else { continue };
        // The binary's own files (main, commands) stand above everything.
        if ["main", "commands", "lib"].contains(&top.as_str()) {
            continue;
        }
        let code = code_only(&std::fs::read_to_string(f).expect("read"));
        let entry = graph.entry(top.clone()).or_default();
        for (i, _) in code.match_indices("crate::") {
            let rest = &code[i + 7..];
            let name: String = rest.chars().take_while(|c| c.is_alphanumeric() || *c == '_').collect();
            if !name.is_empty() && name != top {
                entry.insert(name);
            }
        }
    }
    graph
}

fn cycles(graph: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    fn walk(
        n: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        out: &mut Vec<Vec<String>>,
    ) {
        if let Some(at) = stack.iter().position(|s| s == n) {
            let mut c = stack[at..].to_vec();
            c.push(n.to_string());
            out.push(c);
            return;
        }
        if !done.insert(n.to_string()) {
            return;
        }
        stack.push(n.to_string());
        for d in graph.get(n).into_iter().flatten() {
            walk(d, graph, stack, done, out);
        }
        stack.pop();
    }
    let mut out = Vec::new();
    let mut done = BTreeSet::new();
    for n in graph.keys() {
        walk(n, graph, &mut Vec::new(), &mut done, &mut out);
    }
    out
}

#[test]
fn no_import_circle_between_the_crates_modules() {
    let graph = top_level_graph();
    let found = cycles(&graph);
    assert!(found.is_empty(), "import circles: {found:?}\n{graph:#?}");
}

#[test]
fn no_layer_reaches_one_above_it() {
    // ARCHITECTURE.md, "Layers": each module may use only the ones listed for it.
    let allowed: &[(&str, &[&str])] = &[
        ("domain", &[]),
        ("i18n", &["domain"]),
        ("system", &["domain"]),
        ("secret", &["system"]),
        ("upstream", &["domain"]),
        ("plan", &["domain"]),
        ("store", &["domain", "upstream", "plan", "secret", "system"]),
    ];
    let graph = top_level_graph();
    let mut wrong = Vec::new();
    for (module, may) in allowed {
        for used in graph.get(*module).into_iter().flatten() {
            if !may.contains(&used.as_str()) {
                wrong.push(format!("{module} uses {used}"));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}
