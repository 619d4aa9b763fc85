//! Times reading, extraction and RDF mapping of report files, without a
//! store: a quick look at the extractor's cost. It opens no store and
//! writes no RDF; its allocator is the `policykg` binary's.
//!
//! `cargo run --release --example extract_timing -- REPORT_OR_DIR...`

// the allocator of the `policykg` binary, tuned as it is, so the timings
// are the product's
#[path = "../src/allocator.rs"]
mod allocator;

use std::time::Instant;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    allocator::tune();
    let inputs: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let files = policykg::ingest::collect_inputs(&inputs)?;
    let bytes: usize = files
        .iter()
        .filter_map(|f| std::fs::metadata(f).ok())
        .map(|m| m.len() as usize)
        .sum();
    // the gazetteer is compiled once per process, outside the timings (as
    // the project benchmark does)
    let t = Instant::now();
    policykg::extract::gazetteer::Gazetteer::bundled()?;
    let load = t.elapsed().as_secs_f64();
    let (mut parse, mut extract, mut map) = (0.0, 0.0, 0.0);
    for f in &files {
        let t = Instant::now();
        let report = policykg::document::read_report(f)?;
        parse += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let x = policykg::extract::extract(&report)?;
        extract += t.elapsed().as_secs_f64();
        let t = Instant::now();
        let _ = policykg::rdf::document_quads(&report, &x);
        map += t.elapsed().as_secs_f64();
    }
    println!(
        "{} files, {:.1} MB: parse {parse:.3}s, extract {extract:.3}s, map {map:.3}s \
         (gazetteer compiled in {load:.3}s)",
        files.len(),
        bytes as f64 / 1e6
    );
    Ok(())
}
