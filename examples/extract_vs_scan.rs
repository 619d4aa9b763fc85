//! The benchmark's `extract_vs_scan` figure alone, without the rest of the
//! benchmark: `ingest::prepare` over every file in parallel, against one
//! Aho-Corasick pass of the gazetteer names over the same files (as
//! `src/bin/bench/measure.rs` times them), each the median of a few runs.
//! It opens no store and generates no corpus (the benchmark does); its
//! allocator is the `policykg` binary's.
//!
//! `cargo run --release --example extract_vs_scan -- REPORT_OR_DIR... [--runs N]`

// the allocator of the `policykg` binary, tuned as it is, so the timings
// are the product's
#[path = "../src/allocator.rs"]
mod allocator;

use std::time::Instant;

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use rayon::prelude::*;

use policykg::extract::gazetteer::Gazetteer;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    allocator::tune();
    let mut runs = 5;
    let mut inputs: Vec<std::path::PathBuf> = Vec::new();
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        if a == "--runs" {
            runs = args.next().ok_or("--runs: a number")?.parse()?;
        } else {
            inputs.push(a.into());
        }
    }
    let files = policykg::ingest::collect_inputs(&inputs)?;
    let gaz = Gazetteer::bundled()?;
    let names: Vec<&str> = gaz.entries.iter().flat_map(|e| e.names()).collect();
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&names)?;
    let (mut scan, mut extract) = (Vec::new(), Vec::new());
    for _ in 0..runs {
        let t = Instant::now();
        let matches: std::io::Result<usize> = files
            .par_iter()
            .map(|p| std::fs::read_to_string(p).map(|t| ac.find_iter(&t).count()))
            .sum();
        matches?;
        scan.push(t.elapsed().as_secs_f64());
        let t = Instant::now();
        let quads: policykg::Result<usize> = files
            .par_iter()
            .map(|p| policykg::ingest::prepare(p).map(|d| d.quads.len()))
            .sum();
        quads?;
        extract.push(t.elapsed().as_secs_f64());
    }
    let median = |v: &mut Vec<f64>| {
        v.sort_by(f64::total_cmp);
        v[v.len() / 2]
    };
    let (s, x) = (median(&mut scan), median(&mut extract));
    println!(
        "{} files: extract {x:.3} s, scan {s:.3} s, extract_vs_scan {:.1} (median of {runs})",
        files.len(),
        x / s
    );
    Ok(())
}
