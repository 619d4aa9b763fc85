//! Architecture invariants, checked on the source: the extractor's modules
//! form no import circle (each component depends on the gazetteer, the
//! lexicon and the shared model, never the other way round), and its word
//! lists live in `ontology/`, not in code.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The extractor's modules and the sibling modules each one uses (outside
/// its tests and comments).
fn extract_imports() -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/extract");
    let mut modules = BTreeMap::new();
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let files: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "rs"))
        .collect();
    let names: BTreeSet<String> = files
        .iter()
        .filter_map(|p| p.file_stem().map(|s| s.to_string_lossy().into_owned()))
        .collect();
    for path in &files {
        let name = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let mut uses = BTreeSet::new();
        for line in code.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
            for prefix in ["super::", "crate::extract::"] {
                for (i, _) in line.match_indices(prefix) {
                    let rest = &line[i + prefix.len()..];
                    let module: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if module != name && names.contains(&module) {
                        uses.insert(module);
                    }
                }
            }
        }
        modules.insert(name, uses);
    }
    modules
}

#[test]
fn the_extractor_has_no_import_circle() {
    let graph = extract_imports();
    assert!(graph.contains_key("gazetteer") && graph.contains_key("target"));
    // depth-first search for a back edge
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(at) = path.iter().position(|p| p == m) {
            panic!("import circle: {} -> {m}", path[at..].join(" -> "));
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, &graph, &mut Vec::new(), &mut done);
    }
    // the leaves stay leaves
    for leaf in ["lexicon", "model", "number", "temporal"] {
        let uses = &graph[leaf];
        assert!(uses.is_empty(), "{leaf} uses {uses:?}");
    }
    for component in ["mention", "pattern", "program", "target"] {
        assert!(
            !graph["gazetteer"].contains(component),
            "the gazetteer depends on {component}"
        );
    }
}

#[test]
fn lexicon_files_are_bundled_from_the_ontology() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/extract");
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
        let path = entry.map(|e| e.path()).unwrap_or_else(|e| panic!("{e}"));
        let text = std::fs::read_to_string(&path).unwrap_or_default();
        for (i, _) in text.match_indices("include_str!(\"") {
            let arg: String = text[i + 14..].chars().take_while(|&c| c != '"').collect();
            assert!(
                arg.starts_with("../../ontology/") || arg.starts_with("../../examples/"),
                "{}: {arg}",
                path.display()
            );
            let file = dir.join(&arg);
            assert!(file.exists(), "{}: {arg} is missing", path.display());
        }
    }
}
