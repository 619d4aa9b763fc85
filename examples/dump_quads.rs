//! Prints every quad `policykg::rdf::document_quads` produces for each input
//! file, in the order it produces them (N-Quads, one file after another): the
//! reference output that speed work on the extractor must keep byte-identical.
//!
//! `cargo run --release --example dump_quads -- REPORT_OR_DIR...`

use std::io::Write;

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let inputs: Vec<std::path::PathBuf> = std::env::args().skip(1).map(Into::into).collect();
    let files = policykg::ingest::collect_inputs(&inputs)?;
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for f in &files {
        let report = policykg::document::read_report(f)?;
        let x = policykg::extract::extract(&report)?;
        writeln!(out, "# {}", f.display())?;
        for q in policykg::rdf::document_quads(&report, &x) {
            writeln!(out, "{q} .")?;
        }
    }
    Ok(())
}
