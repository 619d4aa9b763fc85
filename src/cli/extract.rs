//! `policykg extract FILE_OR_DIR…`: the extraction alone, no store. Each
//! report's named graph goes to standard output as N-Quads (or TriG), report
//! after report in input order — the quads `policykg ingest` would write for
//! it (without the union copies, which a store derives). A stateless map
//! step for a batch engine; its output bulk-loads into any store.
//!
//! Reports are prepared in parallel chunks and written whole, in order. A
//! bad file stops the command with one line naming it and a non-zero exit;
//! what was written before it is complete reports only.

use std::io::Write;
use std::path::PathBuf;

use anyhow::Context;
use oxigraph::io::{RdfFormat, RdfSerializer};
use policykg::ingest::{collect_inputs, prepare, CHUNK_SIZE};
use rayon::prelude::*;

/// Output formats of `extract`.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// N-Quads, one quad a line.
    Nquads,
    /// TriG.
    Trig,
}

/// Arguments of `policykg extract`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Report files or directories.
    #[arg(required = true, value_name = "FILE_OR_DIR")]
    pub inputs: Vec<PathBuf>,
    /// Output format.
    #[arg(long, short = 'f', value_enum, default_value_t = Format::Nquads)]
    pub format: Format,
}

/// Runs `policykg extract`.
pub fn run(args: Args) -> anyhow::Result<()> {
    let files = collect_inputs(&args.inputs)?;
    if files.is_empty() {
        anyhow::bail!("no report files (.md, .markdown, .txt, .html) in the inputs");
    }
    let format = match args.format {
        Format::Nquads => RdfFormat::NQuads,
        Format::Trig => RdfFormat::TriG,
    };
    let bar = crate::progress(files.len() as u64);
    let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
    let mut quads = 0usize;
    for chunk in files.chunks(CHUNK_SIZE) {
        let prepared: Vec<_> = chunk.par_iter().map(|p| prepare(p)).collect();
        for p in prepared {
            let p = p?;
            // one serializer per report: a TriG block is complete on its own
            let mut w = RdfSerializer::from_format(format).for_writer(Vec::new());
            for q in &p.quads {
                w.serialize_quad(q).context("serialize")?;
            }
            out.write_all(&w.finish().context("serialize")?)
                .map_err(policykg::Error::from_write)?;
            quads += p.quads.len();
            bar.inc(1);
        }
    }
    out.flush().map_err(policykg::Error::from_write)?;
    bar.finish_and_clear();
    eprintln!("extracted {} reports, {quads} quads", files.len());
    Ok(())
}
