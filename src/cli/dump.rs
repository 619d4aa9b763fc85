//! `policykg dump` and `policykg load`: the thin command-line layer over
//! [`policykg::dump`] and [`policykg::load`].

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use policykg::dump::{self, DumpFormat};
use policykg::store::KnowledgeStore;

/// Dump formats as the command line spells them.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// N-Quads, one quad a line (what bulk loaders read fastest).
    Nquads,
    /// TriG, one block per graph.
    Trig,
    /// Turtle: the union default graph, or --report's graph.
    Turtle,
    /// JSON-LD with named graphs.
    Jsonld,
}

impl From<Format> for DumpFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Nquads => DumpFormat::NQuads,
            Format::Trig => DumpFormat::TriG,
            Format::Turtle => DumpFormat::Turtle,
            Format::Jsonld => DumpFormat::JsonLd,
        }
    }
}

/// Arguments of `policykg dump`.
#[derive(clap::Args, Debug)]
pub struct DumpArgs {
    /// Output format [default: from the -o extension, else nquads].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Only this report's graph: its file name (report.md) or graph IRI.
    #[arg(long, value_name = "NAME")]
    pub report: Option<String>,
    /// Write to FILE (complete or not at all) instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
}

/// Arguments of `policykg load`.
#[derive(clap::Args, Debug)]
pub struct LoadArgs {
    /// Dump files (N-Quads, TriG or JSON-LD).
    #[arg(required = true, value_name = "FILE")]
    pub files: Vec<PathBuf>,
    /// Format of every file [default: from each file's extension].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
}

/// Runs `policykg dump`.
pub fn run_dump(args: DumpArgs, store_path: &Path) -> anyhow::Result<()> {
    let format: DumpFormat = match args.format {
        Some(f) => f.into(),
        None => args
            .output
            .as_deref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .and_then(DumpFormat::from_extension)
            .unwrap_or(DumpFormat::NQuads),
    };
    let store = KnowledgeStore::open_read_only(store_path)?;
    // a report that is not there fails before any output is opened
    dump::graphs_to_dump(&store, args.report.as_deref())?;
    let stats = match &args.output {
        Some(path) => super::export::write_file(path, |out| {
            Ok(dump::dump(&store, format, args.report.as_deref(), out)?)
        })?,
        None => {
            let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            let stats = dump::dump(&store, format, args.report.as_deref(), &mut out)?;
            out.flush().context("standard output")?;
            stats
        }
    };
    let to = args
        .output
        .as_ref()
        .map(|p| format!(" to {}", p.display()))
        .unwrap_or_default();
    if format.holds_graphs() {
        eprintln!("dumped {} graphs, {} quads{to}", stats.graphs, stats.quads);
    } else {
        eprintln!("dumped {} triples{to}", stats.quads);
    }
    Ok(())
}

/// Runs `policykg load`.
pub fn run_load(args: LoadArgs, store_path: &Path) -> anyhow::Result<()> {
    // every file is read through before the store is opened (or created)
    let checked = policykg::load::check(&args.files, args.format.map(Into::into))?;
    if let Some(parent) = store_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| {
            format!(
                "store {}: cannot create parent directory",
                store_path.display()
            )
        })?;
    }
    let store = KnowledgeStore::open(store_path)?;
    let bar = crate::progress(checked.runs() as u64);
    let stats = policykg::load::write_checked(&store, &checked, &|| bar.inc(1))?;
    store.flush()?;
    bar.finish_and_clear();
    println!(
        "loaded {} graphs, {} quads from {} files; store {}: {} quads",
        stats.graphs,
        stats.quads,
        args.files.len(),
        store_path.display(),
        store.len()?
    );
    Ok(())
}
