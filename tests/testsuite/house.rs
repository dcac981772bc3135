//! The shape of the code (STYLE.md "The house"): data flows one way, so no module imports
//! one that imports it back; `lib.rs` is the pipeline and nothing below it reaches into it;
//! the input (`offer/`) and the documents (`render/`) know nothing of each other.
//!
//! The module graph is read from the sources: an edge for every `crate::…`, `super::…`
//! and `self::…` path (and, in the binary, `offerbrief::…` is another crate and no edge),
//! pointing at the deepest module the path names. Test modules are left out.

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;

use crate::support::{root, walk};

/// One crate's modules (by path, `""` for the root) and the modules each one uses.
struct Graph {
    edges: BTreeMap<String, BTreeSet<String>>,
    /// Names the crate root defines itself (functions, types, constants), not modules.
    root_items: Vec<String>,
    /// (module, line) for every path into the crate root's own items.
    into_root: Vec<(String, String)>,
}

/// The module path of a source file relative to `src/`: `analysis/model/mod.rs` →
/// `analysis::model`.
fn module_of(relative: &Path) -> String {
    let mut parts: Vec<String> = relative
        .iter()
        .map(|part| part.to_string_lossy().into_owned())
        .collect();
    if let Some(last) = parts.last_mut() {
        *last = last.trim_end_matches(".rs").to_string();
    }
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts.join("::")
}

/// The source without its test code (an inline `#[cfg(test)] mod tests { … }`, always
/// last in a file here, and every line after it) and without comment lines (a doc link is
/// no import).
fn without_tests(source: &str) -> String {
    let mut kept = Vec::new();
    let mut lines = source.lines().peekable();
    while let Some(line) = lines.next() {
        if line.trim_start().starts_with("//") {
            continue;
        }
        if line.trim() == "#[cfg(test)]"
            && lines
                .peek()
                .is_some_and(|next| next.trim_start().starts_with("mod tests {"))
        {
            break;
        }
        kept.push(line);
    }
    kept.join("\n")
}

/// Every path that starts with `prefix` (`crate::`, `super::`…), as its segments, with
/// grouped imports (`use crate::a::{b, c::d}`) expanded.
fn paths_after(source: &str, prefix: &str) -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut rest = source;
    while let Some(at) = rest.find(prefix) {
        let before = rest[..at].chars().last();
        rest = &rest[at + prefix.len()..];
        if before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
            continue;
        }
        let head: String = rest
            .chars()
            .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
            .collect();
        let mut segments: Vec<String> = head
            .split("::")
            .filter(|part| !part.is_empty())
            .map(str::to_string)
            .collect();
        let after = &rest[head.len()..];
        if head.ends_with("::") && after.starts_with('{') {
            // A group: each member extends the path.
            let group: String = after[1..].chars().take_while(|c| *c != '}').collect();
            for member in group.split(',') {
                let member: Vec<String> = member
                    .trim()
                    .split("::")
                    .map(|part| part.trim().to_string())
                    .filter(|part| !part.is_empty() && part != "{")
                    .collect();
                let mut path = segments.clone();
                path.extend(member);
                found.push(path);
            }
            continue;
        }
        if segments.is_empty() {
            continue;
        }
        segments.retain(|part| part != "self");
        found.push(segments);
    }
    found
}

/// The deepest module of `modules` that `path` (absolute segments) names, if any.
fn deepest_module(modules: &BTreeSet<String>, path: &[String]) -> Option<String> {
    (0..=path.len())
        .rev()
        .map(|len| path[..len].join("::"))
        .find(|candidate| modules.contains(candidate))
}

/// The graph of the crate whose root is `src/<root_file>` (`lib.rs` or `main.rs`): the
/// files reachable from it by `mod` declarations.
fn graph(root_file: &str) -> Graph {
    let src = root().join("src");
    let files: Vec<_> = walk(&src, false)
        .into_iter()
        .filter(|path| path.extension().is_some_and(|e| e == "rs"))
        .collect();
    // The binary's modules are main.rs, cli.rs and cmd/; the library's are the rest.
    let in_binary =
        |module: &str| module.is_empty() || module == "cli" || module.starts_with("cmd");
    let mut sources = BTreeMap::new();
    for file in &files {
        let relative = file.strip_prefix(&src).unwrap();
        let module = module_of(relative);
        let is_root = relative == Path::new(root_file);
        let other_root = relative == Path::new("lib.rs") || relative == Path::new("main.rs");
        if other_root && !is_root {
            continue;
        }
        let binary = root_file == "main.rs";
        if !is_root && in_binary(&module) != binary {
            continue;
        }
        if module.split("::").any(|part| part == "tests") || module == "fixture" {
            continue;
        }
        sources.insert(module, without_tests(&fs::read_to_string(file).unwrap()));
    }
    let modules: BTreeSet<String> = sources.keys().cloned().collect();
    let root_source = sources.get("").cloned().unwrap_or_default();
    let root_items: Vec<String> = root_source
        .lines()
        .filter_map(|line| {
            let line = line
                .trim_start()
                .strip_prefix("pub ")
                .unwrap_or(line.trim_start());
            ["fn ", "struct ", "enum ", "const ", "static ", "type "]
                .iter()
                .find_map(|kind| line.strip_prefix(kind))
                .map(|rest| {
                    rest.chars()
                        .take_while(|c| c.is_alphanumeric() || *c == '_')
                        .collect()
                })
        })
        .collect();

    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    let mut into_root = Vec::new();
    for (module, source) in &sources {
        let here: Vec<String> = if module.is_empty() {
            Vec::new()
        } else {
            module.split("::").map(str::to_string).collect()
        };
        let parent = &here[..here.len().saturating_sub(1)];
        let mut targets = BTreeSet::new();
        let mut absolute = Vec::new();
        for path in paths_after(source, "crate::") {
            absolute.push(path);
        }
        for path in paths_after(source, "super::") {
            let mut full = parent.to_vec();
            let mut rest = path.as_slice();
            let mut base = parent.len();
            while rest.first().is_some_and(|part| part == "super") {
                base = base.saturating_sub(1);
                rest = &rest[1..];
            }
            full.truncate(base);
            full.extend(rest.iter().cloned());
            absolute.push(full);
        }
        for path in paths_after(source, "self::") {
            let mut full = here.clone();
            full.extend(path);
            absolute.push(full);
        }
        // `use child::…` of a module the file declares.
        for line in source.lines() {
            let line = line.trim_start();
            let line = line.strip_prefix("pub ").unwrap_or(line);
            if let Some(rest) = line.strip_prefix("use ") {
                let first: String = rest
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                let mut child = here.clone();
                child.push(first);
                if modules.contains(&child.join("::")) {
                    let mut full = here.clone();
                    full.extend(
                        rest.trim_end_matches(';')
                            .split("::")
                            .map(|part| part.trim().to_string()),
                    );
                    absolute.push(full);
                }
            }
        }
        for path in absolute {
            if let Some(target) = deepest_module(&modules, &path) {
                if target.is_empty() {
                    if let Some(item) = path.first()
                        && root_items.contains(item)
                        && !module.is_empty()
                    {
                        into_root.push((module.clone(), path.join("::")));
                    }
                    continue;
                }
                if target != *module {
                    targets.insert(target);
                }
            }
        }
        edges.insert(module.clone(), targets);
    }
    Graph {
        edges,
        root_items,
        into_root,
    }
}

/// The strongly connected components of more than one module (Tarjan's algorithm).
fn cycles(edges: &BTreeMap<String, BTreeSet<String>>) -> Vec<Vec<String>> {
    struct State<'a> {
        edges: &'a BTreeMap<String, BTreeSet<String>>,
        index: BTreeMap<&'a str, usize>,
        low: BTreeMap<&'a str, usize>,
        stack: Vec<&'a str>,
        on_stack: BTreeSet<&'a str>,
        found: Vec<Vec<String>>,
    }
    fn visit<'a>(state: &mut State<'a>, node: &'a str) {
        let next = state.index.len();
        state.index.insert(node, next);
        state.low.insert(node, next);
        state.stack.push(node);
        state.on_stack.insert(node);
        let targets: Vec<&'a str> = state
            .edges
            .get(node)
            .map(|set| set.iter().map(String::as_str).collect())
            .unwrap_or_default();
        for target in targets {
            if !state.index.contains_key(target) {
                visit(state, target);
                let low = state.low[node].min(state.low[target]);
                state.low.insert(node, low);
            } else if state.on_stack.contains(target) {
                let low = state.low[node].min(state.index[target]);
                state.low.insert(node, low);
            }
        }
        if state.low[node] == state.index[node] {
            let mut component = Vec::new();
            while let Some(top) = state.stack.pop() {
                state.on_stack.remove(top);
                component.push(top.to_string());
                if top == node {
                    break;
                }
            }
            if component.len() > 1 {
                component.sort();
                state.found.push(component);
            }
        }
    }
    let mut state = State {
        edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: BTreeSet::new(),
        found: Vec::new(),
    };
    for node in edges.keys() {
        if !state.index.contains_key(node.as_str()) {
            visit(&mut state, node);
        }
    }
    state.found
}

#[test]
fn no_module_imports_one_that_imports_it_back() {
    for crate_root in ["lib.rs", "main.rs"] {
        let graph = graph(crate_root);
        assert!(
            graph.edges.len() > 3,
            "{crate_root}: the graph was not read"
        );
        let found = cycles(&graph.edges);
        assert!(
            found.is_empty(),
            "{crate_root}: modules that import each other (put what they share in a leaf module): {found:#?}"
        );
    }
}

#[test]
fn nothing_below_the_pipeline_reaches_into_lib_rs() {
    let graph = graph("lib.rs");
    assert!(
        graph.root_items.iter().any(|item| item == "build_one"),
        "lib.rs holds the pipeline"
    );
    assert!(
        graph.into_root.is_empty(),
        "modules that use lib.rs's own items: {:?}",
        graph.into_root
    );
}

#[test]
fn the_input_and_the_documents_know_nothing_of_each_other() {
    let graph = graph("lib.rs");
    for (module, targets) in &graph.edges {
        for (from, to) in [
            ("offer", "render"),
            ("render", "offer"),
            ("analysis", "render"),
        ] {
            if module == from || module.starts_with(&format!("{from}::")) {
                let crossing: Vec<&String> = targets
                    .iter()
                    .filter(|target| *target == to || target.starts_with(&format!("{to}::")))
                    .collect();
                assert!(
                    crossing.is_empty(),
                    "{module} imports {crossing:?}: {from}/ must not know {to}/"
                );
            }
        }
    }
}

#[test]
fn the_graph_reader_finds_a_cycle_when_there_is_one() {
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    edges.insert("a".into(), ["b".to_string()].into());
    edges.insert("b".into(), ["c".to_string()].into());
    edges.insert("c".into(), ["a".to_string()].into());
    edges.insert("d".into(), ["a".to_string()].into());
    assert_eq!(cycles(&edges), vec![vec!["a", "b", "c"]]);
    let paths = paths_after(
        "use crate::x::{y, z::w};\nlet v = crate::q::r(1);",
        "crate::",
    );
    assert_eq!(
        paths,
        vec![vec!["x", "y"], vec!["x", "z", "w"], vec!["q", "r"]]
    );
}
