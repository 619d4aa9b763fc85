//! Helpers shared by the integration tests that run the `policykg` binary.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Output;

use assert_cmd::Command;
use tempfile::TempDir;

/// The bundled sample report.
pub const SAMPLE: &str = "examples/kostec-weekly-2023-11-03.md";

/// The binary, on the store at `store`.
pub fn policykg(store: &Path) -> Command {
    let mut c = Command::cargo_bin("policykg").expect("binary built");
    c.arg("--store").arg(store);
    c
}

/// Runs `cmd` and asserts that it succeeded (its standard error otherwise).
pub fn run_ok(cmd: &mut Command) -> Output {
    let out = cmd.output().expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

/// `policykg ingest` of `inputs` into `store`.
pub fn ingest(store: &Path, inputs: &[&Path]) -> Output {
    let mut c = policykg(store);
    c.arg("ingest");
    for i in inputs {
        c.arg(i);
    }
    c.output().expect("runs")
}

/// A fresh store holding the sample (the directory lives as long as the `TempDir`).
pub fn sample_store() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("tempdir");
    let store = dir.path().join("store");
    let out = ingest(&store, &[Path::new(SAMPLE)]);
    assert!(
        out.status.success(),
        "ingest failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, store)
}

/// Whether the tests that need an outside reader (Python's networkx or
/// rdflib, Graphviz, a server) may pass without it: only when
/// `POLICYKG_SKIP_READERS=1` says so on purpose. Otherwise a missing reader
/// fails its test.
pub fn may_skip_readers() -> bool {
    std::env::var("POLICYKG_SKIP_READERS").is_ok_and(|v| v == "1")
}

/// Whether a test that needs `what` runs: true when it is `available`; a
/// failure when it is missing, unless `POLICYKG_SKIP_READERS=1`.
pub fn reader_present(available: bool, what: &str) -> bool {
    assert!(
        available || may_skip_readers(),
        "{what} is missing: install it (`bash .ci/test` does) or set POLICYKG_SKIP_READERS=1 to skip on purpose"
    );
    if !available {
        eprintln!("skipped on purpose (POLICYKG_SKIP_READERS=1): {what} is missing");
    }
    available
}

pub mod rng;

/// `policykg query --format json ARGS…` (a query or a name, then options),
/// asserting that it succeeds.
pub fn query_json_with(store: &Path, args: &[&str]) -> serde_json::Value {
    let out = run_ok(
        policykg(store)
            .args(["query", "--format", "json"])
            .args(args),
    );
    serde_json::from_slice(&out.stdout).expect("W3C results JSON")
}

/// The rows of a SELECT, as `policykg query --format json` gives them.
pub fn rows(store: &Path, q: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    rows_with(store, &[q])
}

/// [`rows`] of `policykg query ARGS…`.
pub fn rows_with(store: &Path, args: &[&str]) -> Vec<serde_json::Map<String, serde_json::Value>> {
    query_json_with(store, args)["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| b.as_object().cloned().unwrap_or_default())
        .collect()
}

/// The value bound to `var` in a row, empty when unbound.
pub fn value(row: &serde_json::Map<String, serde_json::Value>, var: &str) -> String {
    row.get(var)
        .and_then(|v| v["value"].as_str())
        .unwrap_or("")
        .to_string()
}

/// Every quad of the store (report graphs, ontology and the union default
/// graph), sorted, as N-Quads lines.
pub fn all_quads(store: &Path) -> Vec<String> {
    let s = policykg::store::KnowledgeStore::open_read_only(store).expect("store opens");
    let mut lines: Vec<String> = s
        .quads()
        .expect("quads")
        .iter()
        .map(|q| q.to_string())
        .collect();
    lines.sort();
    lines
}

/// Whether `python3` imports `modules` (`"rdflib"`, `"networkx, rdflib"`).
pub fn python_imports(modules: &str) -> bool {
    std::process::Command::new("python3")
        .args(["-c", &format!("import {modules}")])
        .output()
        .is_ok_and(|o| o.status.success())
}

/// Runs the reader script `tests/readers/NAME` with `args` under `python3`
/// and asserts that it succeeds (its output otherwise).
pub fn run_reader<S: AsRef<std::ffi::OsStr>>(name: &str, args: &[S]) -> Output {
    let script = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/readers")
        .join(name);
    let out = std::process::Command::new("python3")
        .arg(script)
        .args(args)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "{name}: {}{}",
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    out
}
