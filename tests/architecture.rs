//! Architecture invariants, checked on the source: no folder of `src/` has
//! an import circle among its files; the extractor's modules form no
//! import circle (each component depends on the gazetteer, the
//! lexicon and the shared model, never the other way round), and its word
//! lists live in `ontology/`, not in code; no test compiles a `src/` file
//! into itself, and the library has no command-line (clap) types.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The modules of one folder of `src/` (its files, and its subfolders that
/// have a `mod.rs`) and the siblings each one uses, outside its tests and
/// comments: `crate::PATH::b`, `super::b` from a sibling file, `b::` or
/// `self::b` from the folder's `mod.rs`.
fn folder_imports(folder: &str) -> BTreeMap<String, BTreeSet<String>> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let dir = root.join(folder);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display()));
    let mut files = BTreeMap::new();
    for path in entries.filter_map(|e| e.ok().map(|e| e.path())) {
        let stem = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        if path.extension().is_some_and(|x| x == "rs") {
            files.insert(stem, path);
        } else if path.join("mod.rs").exists() {
            files.insert(stem, path.join("mod.rs"));
        }
    }
    let module_path = folder.replace('/', "::");
    let mut modules = BTreeMap::new();
    for (name, path) in &files {
        if ["mod", "lib", "main"].contains(&name.as_str()) {
            continue;
        }
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{e}"));
        let code = text.split("#[cfg(test)]").next().unwrap_or("");
        let mut prefixes = vec![if folder.is_empty() {
            "crate::".to_string()
        } else {
            format!("crate::{module_path}::")
        }];
        if !folder.is_empty() && !path.ends_with("mod.rs") {
            prefixes.push("super::".into());
        }
        if path.ends_with("mod.rs") {
            prefixes.push("self::".into());
        }
        let mut uses = BTreeSet::new();
        for line in code.lines().map(str::trim).filter(|l| !l.starts_with("//")) {
            for prefix in &prefixes {
                for (i, _) in line.match_indices(prefix.as_str()) {
                    let rest = &line[i + prefix.len()..];
                    let module: String = rest
                        .chars()
                        .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                        .collect();
                    if &module != name && files.contains_key(&module) {
                        uses.insert(module);
                    }
                }
            }
        }
        modules.insert(name.clone(), uses);
    }
    modules
}

/// Panics with the circle when `graph` has one.
fn assert_no_circle(graph: &BTreeMap<String, BTreeSet<String>>, folder: &str) {
    fn visit(
        m: &str,
        graph: &BTreeMap<String, BTreeSet<String>>,
        path: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        folder: &str,
    ) {
        if done.contains(m) {
            return;
        }
        if let Some(at) = path.iter().position(|p| p == m) {
            panic!(
                "import circle in src/{folder}: {} -> {m}",
                path[at..].join(" -> ")
            );
        }
        path.push(m.to_string());
        for next in graph.get(m).into_iter().flatten() {
            visit(next, graph, path, done, folder);
        }
        path.pop();
        done.insert(m.to_string());
    }
    let mut done = BTreeSet::new();
    for m in graph.keys() {
        visit(m, graph, &mut Vec::new(), &mut done, folder);
    }
}

/// The extractor's modules and the siblings each one uses.
fn extract_imports() -> BTreeMap<String, BTreeSet<String>> {
    folder_imports("extract")
}

#[test]
fn no_folder_of_src_has_an_import_circle() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut folders = vec![String::new()];
    let mut at = 0;
    while at < folders.len() {
        let dir = root.join(&folders[at]);
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let name = entry.file_name().to_string_lossy().into_owned();
            if path.is_dir() && name != "bin" {
                let folder = if folders[at].is_empty() {
                    name
                } else {
                    format!("{}/{name}", folders[at])
                };
                folders.push(folder);
            }
        }
        at += 1;
    }
    assert!(folders.len() > 5, "{folders:?}");
    for folder in &folders {
        assert_no_circle(&folder_imports(folder), folder);
    }
    // the check sees imports: serve's update module uses its siblings
    assert!(folder_imports("serve")["update"].contains("reply"));
}

#[test]
fn the_extractor_has_no_import_circle() {
    let graph = extract_imports();
    assert!(graph.contains_key("gazetteer") && graph.contains_key("target"));
    assert_no_circle(&graph, "extract");
    // the leaves stay leaves
    for leaf in ["lexicon", "model", "decimal", "temporal"] {
        let uses = &graph[leaf];
        assert!(uses.is_empty(), "{leaf} uses {uses:?}");
    }
    // the number layer stands on the decimal alone
    for (module, allowed) in [
        ("numeral", &["decimal"][..]),
        ("units", &["decimal"][..]),
        ("number", &["decimal", "numeral", "units"][..]),
    ] {
        let uses = &graph[module];
        assert!(
            uses.iter().all(|u| allowed.contains(&u.as_str())),
            "{module} uses {uses:?}"
        );
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

/// Words of a grammatical ending set (은/는/이/가, 에서, 으며): arrays of
/// these are grammar, not vocabulary.
fn is_grammar(word: &str, particles: &[&str]) -> bool {
    let w = word.trim();
    w.chars().count() <= 1 || particles.contains(&w) || ["께서", "으며"].contains(&w)
}

/// Array literals of `code` made only of string literals, three or more of
/// them Hangul words that are not particles: each with its line.
fn hangul_word_arrays(code: &str, particles: &[&str]) -> Vec<(usize, usize)> {
    let mut found = Vec::new();
    let mut i = 0;
    while let Some(open) = code[i..].find('[').map(|o| o + i) {
        let Some(close) = code[open..].find(']').map(|c| c + open) else {
            break;
        };
        let inner = &code[open + 1..close];
        let literals: Vec<&str> = inner.split('"').skip(1).step_by(2).collect();
        let between: String = inner.split('"').step_by(2).collect();
        let only_literals = between.chars().all(|c| c == ',' || c.is_whitespace());
        let words = literals
            .iter()
            .filter(|l| l.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)))
            .filter(|l| !is_grammar(l, particles))
            .count();
        if only_literals && words >= 3 {
            found.push((code[..open].matches('\n').count() + 1, words));
        }
        i = open + 1;
    }
    found
}

#[test]
fn word_lists_are_data_not_code() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let particles_text = std::fs::read_to_string(root.join("ontology/lexicon/particles.txt"))
        .unwrap_or_else(|e| panic!("{e}"));
    let particles: Vec<&str> = particles_text.lines().map(str::trim).collect();
    for dir in ["src/extract", "src/document"] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap_or_else(|e| panic!("{e}")) {
            let path = entry.map(|e| e.path()).unwrap_or_else(|e| panic!("{e}"));
            if path.extension().is_none_or(|x| x != "rs") {
                continue;
            }
            let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{e}"));
            let code = text.split("#[cfg(test)]").next().unwrap_or("");
            let arrays = hangul_word_arrays(code, &particles);
            assert!(
                arrays.is_empty(),
                "{}: word lists in code (line, words) {arrays:?}; move them under ontology/",
                path.display()
            );
        }
    }
}

#[test]
fn the_word_list_check_finds_a_list() {
    let particles = ["은", "는", "에서"];
    let list = "const X: &[&str] = &[\n    \"현황\",\n    \"결과\",\n    \"실적\",\n];";
    assert_eq!(hangul_word_arrays(list, &particles), vec![(1, 3)]);
    assert!(hangul_word_arrays("[\"은 \", \"는 \", \"이 \", \"에서\"]", &particles).is_empty());
    assert!(hangul_word_arrays("let v = [a, \"가나\"];", &particles).is_empty());
}

/// Every word list under `ontology/lexicon/` is described in its README and
/// bundled by some part of the code: no list is undocumented or dead.
#[test]
fn every_lexicon_file_is_documented_and_used() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("ontology/lexicon/README.md"))
        .unwrap_or_else(|e| panic!("{e}"));
    let mut code = String::new();
    let mut stack = vec![root.join("src")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
            let path = entry.map(|e| e.path()).unwrap_or_else(|e| panic!("{e}"));
            if path.is_dir() {
                stack.push(path);
            } else if path.extension().is_some_and(|x| x == "rs") {
                code.push_str(&std::fs::read_to_string(&path).unwrap_or_default());
            }
        }
    }
    let dir = root.join("ontology/lexicon");
    for entry in std::fs::read_dir(&dir).unwrap_or_else(|e| panic!("{e}")) {
        let name = entry
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .unwrap_or_else(|e| panic!("{e}"));
        if name == "README.md" {
            continue;
        }
        assert!(
            readme.contains(&format!("`{name}`")),
            "ontology/lexicon/{name} is not described in its README"
        );
        assert!(
            code.contains(&format!("ontology/lexicon/{name}\"")),
            "ontology/lexicon/{name} is bundled by no code"
        );
    }
}

/// Every `.rs` file under `dir`, recursively.
fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// Tests call the library (or run the binary): none compiles a file of
/// `src/` into itself.
#[test]
fn no_test_includes_source_files() {
    let mut files = Vec::new();
    rust_files(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("tests"),
        &mut files,
    );
    let needle = ["#[", "path"].concat();
    let offenders: Vec<_> = files
        .iter()
        .filter(|f| {
            std::fs::read_to_string(f).is_ok_and(|text| {
                text.lines()
                    .any(|l| l.trim_start().starts_with(&needle) && l.contains("src/"))
            })
        })
        .collect();
    assert!(offenders.is_empty(), "{offenders:?}");
}

/// Command-line types stay in the binary: the library never names clap.
#[test]
fn the_library_has_no_clap_types() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let offenders: Vec<_> = files
        .iter()
        .filter(|f| {
            let rel = f.strip_prefix(&src).unwrap_or(f);
            !(rel.starts_with("main.rs") || rel.starts_with("cli") || rel.starts_with("bin"))
        })
        .filter(|f| std::fs::read_to_string(f).is_ok_and(|text| text.contains("clap::")))
        .collect();
    assert!(offenders.is_empty(), "{offenders:?}");
}
