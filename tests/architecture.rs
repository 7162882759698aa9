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

/// The file a module path lives in: the longest prefix of `segments` that is a module file.
fn module_file(segments: &[String]) -> Option<PathBuf> {
    (1..=segments.len()).rev().find_map(|n| {
        let base = segments[..n].iter().fold(src(), |p, s| p.join(s));
        [base.with_extension("rs"), base.join("mod.rs")].into_iter().find(|f| f.is_file())
    })
}

/// `a::{b, c::{d, e}}` → ["a::b", "a::c::d", "a::c::e"].
fn expand(tree: &str) -> Vec<String> {
    let tree = tree.trim();
    let Some(open) = tree.find('{') else { return vec![tree.to_string()] };
    let prefix = &tree[..open];
    let close = tree.rfind('}').filter(|c| *c > open).unwrap_or(tree.len());
    let inner = &tree[open + 1..close];
    let (mut parts, mut depth, mut start) = (Vec::new(), 0, 0);
    for (i, c) in inner.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                parts.push(&inner[start..i]);
                start = i + 1;
            }
            _ => {}
        }
    }
    parts.push(&inner[start..]);
    parts.into_iter().filter(|p| !p.trim().is_empty()).flat_map(|p| expand(&format!("{prefix}{}", p.trim()))).collect()
}

/// The code of a file without comments and without its unit-test module (tests may reach
/// anywhere; the layering is about the program).
fn program_code(text: &str) -> String {
    let code = code_only(text);
    match code.find("#[cfg(test)]\nmod tests") {
        Some(i) => code[..i].to_string(),
        None => code,
    }
}

/// Every file's arrows to the files it names: `use` items (re-exports too) and `crate::`/`super::`
/// paths in the code, resolved to the file that holds the module; a module's own child modules
/// named by a relative `use` count too. The screens' list in `screens/mod.rs` (a macro) points
/// at each screen's folder.
fn file_graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mut files = Vec::new();
    sources(&src(), &mut files);
    let mut graph: BTreeMap<PathBuf, BTreeSet<PathBuf>> = BTreeMap::new();
    let word = |c: char| c.is_alphanumeric() || c == '_';
    for f in &files {
        let me = module_path(f);
        let code = program_code(&std::fs::read_to_string(f).expect("read"));
        let children: BTreeSet<String> = code
            .lines()
            .filter_map(|l| l.trim().trim_start_matches("pub ").trim_start_matches("pub(crate) ").strip_prefix("mod "))
            .map(|l| l.trim_end_matches(';').trim().to_string())
            .collect();
        let resolve = |path: &str| -> Option<PathBuf> {
            let segs: Vec<String> = path.split("::").map(|s| s.trim().to_string()).filter(|s| !s.is_empty()).collect();
            let mut at: Vec<String>;
            let rest: &[String];
            if segs.first().is_some_and(|s| s == "crate") {
                at = Vec::new();
                rest = &segs[1..];
            } else if segs.first().is_some_and(|s| s == "super") {
                // `super` from a file's module; `mod.rs` is its folder's module.
                at = me.clone();
                let ups = segs.iter().take_while(|s| *s == "super").count();
                for _ in 0..ups {
                    at.pop();
                }
                rest = &segs[ups..];
            } else if segs.first().is_some_and(|s| s == "self" || children.contains(s)) {
                at = me.clone();
                rest = if segs[0] == "self" { &segs[1..] } else { &segs[..] };
            } else {
                return None;
            }
            at.extend(rest.iter().cloned());
            module_file(&at).filter(|t| t != f)
        };
        let entry = graph.entry(f.clone()).or_default();
        // `use` items (a line that starts one, up to its `;`), braces expanded.
        let lines: Vec<&str> = code.lines().collect();
        let mut i = 0;
        while i < lines.len() {
            let t = lines[i].trim_start();
            let t = if t.starts_with("pub") { t.split_once(' ').map(|x| x.1).unwrap_or("") } else { t };
            if let Some(item) = t.strip_prefix("use ") {
                let mut text = item.to_string();
                while !text.contains(';') && i + 1 < lines.len() {
                    i += 1;
                    text.push_str(lines[i]);
                }
                for p in expand(text.split(';').next().unwrap_or("")) {
                    entry.extend(resolve(p.split(" as ").next().unwrap_or("")));
                }
            }
            i += 1;
        }
        // Paths in the code.
        for start in ["crate::", "super::"] {
            for (i, _) in code.match_indices(start) {
                if i > 0 && code[..i].chars().last().is_some_and(word) {
                    continue;
                }
                let path: String = code[i..].chars().take_while(|c| word(*c) || *c == ':').collect();
                entry.extend(resolve(path.trim_end_matches(':')));
            }
        }
        // The screens' list.
        if me == ["tui", "screens"] {
            for line in code.lines() {
                let parts: Vec<&str> = line.split_whitespace().collect();
                if parts.len() == 4 && parts[0].parse::<u8>().is_ok() && parts[2].ends_with(':') {
                    // Its state, and the files whose trait impls the list's enums call.
                    let folder = parts[2].trim_end_matches(':');
                    for file in ["", "screen", "worker", "view"] {
                        let mut at = vec!["tui".to_string(), "screens".into(), folder.into()];
                        at.extend((!file.is_empty()).then(|| file.to_string()));
                        entry.extend(module_file(&at));
                    }
                }
            }
        }
    }
    graph
}

#[test]
fn no_import_circle_between_files() {
    let graph = file_graph();
    let screens = graph.get(&src().join("tui/screens/mod.rs")).expect("the screens' list");
    assert!(screens.contains(&src().join("tui/screens/duty/mod.rs")), "the list is read: {screens:?}");
    assert!(screens.contains(&src().join("tui/screens/duty/screen.rs")), "the list is read: {screens:?}");
    assert!(screens.contains(&src().join("tui/screens/duty/worker.rs")), "the list is read: {screens:?}");
    let found: Vec<String> = cycles(
        &graph
            .iter()
            .map(|(k, v)| {
                let name = |p: &PathBuf| p.strip_prefix(src()).unwrap_or(p).display().to_string();
                (name(k), v.iter().map(name).collect())
            })
            .collect(),
    )
    .into_iter()
    .map(|c| c.join(" → "))
    .collect();
    assert!(found.is_empty(), "import circles:\n{}", found.join("\n"));
}
