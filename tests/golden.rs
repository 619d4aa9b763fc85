//! Golden files: the sample report's graph in every export format, compared
//! byte for byte. A change in extraction or in a writer shows up here as a
//! diff to review like code; after reviewing, bless the new output with
//! `POLICYKG_BLESS=1 cargo test --release --test golden`.

mod common;

use std::path::{Path, PathBuf};

fn golden_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/golden")
}

#[test]
fn sample_exports_match_their_golden_files() {
    let (_dir, store) = common::sample_store();
    let bless = std::env::var("POLICYKG_BLESS").as_deref() == Ok("1");
    let mut stale = Vec::new();
    for format in ["gexf", "graphml", "dot", "json"] {
        let out = common::policykg(&store)
            .args(["export", "--format", format])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{format}: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        let path = golden_dir().join(format!("sample.{format}"));
        if bless {
            std::fs::write(&path, &out.stdout).expect("write golden file");
            continue;
        }
        let want = std::fs::read(&path).unwrap_or_default();
        if want != out.stdout {
            let got = String::from_utf8_lossy(&out.stdout);
            let want = String::from_utf8_lossy(&want);
            let first = got
                .lines()
                .zip(want.lines())
                .position(|(a, b)| a != b)
                .unwrap_or(0);
            stale.push(format!(
                "{}: differs from line {} (got {:?}, golden {:?})",
                path.display(),
                first + 1,
                got.lines().nth(first).unwrap_or(""),
                want.lines().nth(first).unwrap_or("")
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "golden files out of date (review, then bless with POLICYKG_BLESS=1):\n{}",
        stale.join("\n")
    );
}
