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
