//! The PDF, HWP/HWPX and DOCX readers never panic, whatever the bytes:
//! mutants of every fixture (bytes flipped, runs overwritten, cut short,
//! chunks duplicated or dropped) are each either read or refused with an
//! error naming the file. A fuzz-style run with a fixed seed, so that a
//! failure reproduces.

mod common;

use std::path::Path;

use common::rng::Rng;
use policykg::document::parse_report_bytes;
use policykg::extract::extract;

fn mutate(bytes: &[u8], rng: &mut Rng) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let n = b.len();
    match rng.below(5) {
        0 => {
            for _ in 0..1 + rng.below(16) {
                let i = rng.below(n);
                b[i] ^= 1 << rng.below(8);
            }
        }
        1 => {
            let i = rng.below(n);
            let len = rng.below(512).min(n - i);
            let fill = rng.next() as u8;
            b[i..i + len].fill(fill);
        }
        2 => b.truncate(rng.below(n)),
        3 => {
            let i = rng.below(n);
            let len = rng.below(4096).min(n - i);
            let chunk = b[i..i + len].to_vec();
            let at = rng.below(n);
            b.splice(at..at, chunk);
        }
        _ => {
            let i = rng.below(n);
            let len = rng.below(4096).min(n - i);
            b.drain(i..i + len);
        }
    }
    b
}

fn survives(name: &str, bytes: &[u8]) {
    let path = Path::new(name);
    match parse_report_bytes(path, bytes) {
        Ok(report) => {
            extract(&report).expect("extraction of a parsed report does not fail");
        }
        Err(e) => {
            let msg = e.to_string();
            assert!(msg.starts_with(name), "error does not name the file: {msg}");
            assert_eq!(msg.lines().count(), 1, "not one line: {msg}");
        }
    }
}

fn run(fixture: &str, seed: u64, mutants: usize) {
    let bytes = std::fs::read(Path::new("tests/data").join(fixture)).expect("fixture");
    let name = Path::new(fixture)
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or("mutant");
    let mut rng = Rng(seed);
    for _ in 0..mutants {
        let m = mutate(&bytes, &mut rng);
        survives(name, &m);
    }
}

#[test]
fn mutated_docx_files() {
    run("kostec-weekly-2023-11-03.docx", 1, 60);
}

#[test]
fn mutated_hwpx_files() {
    run("kostec-weekly-2023-11-03.hwpx", 2, 60);
    run("hangul/kordoc-gianmun.hwpx", 3, 40);
    run("hangul/extract-hwp-sample.hwpx", 7, 40);
}

#[test]
fn mutated_hwp_files() {
    run("hangul/extract-hwp-sample.hwp", 4, 60);
}

#[test]
fn mutated_pdf_files() {
    run("kostec-weekly-2023-11-03.libreoffice.pdf", 5, 30);
    run("bad/scanned.pdf", 6, 30);
}
