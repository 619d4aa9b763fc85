//! `policykg export`: the thin command-line layer over
//! [`policykg::export`]. It parses flags, opens the store read-only, builds
//! the graph and streams it to `-o FILE` (through a temporary file renamed
//! once complete, so a failed export never leaves a half-written file) or to
//! standard output. A one-line summary goes to standard error.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::Context;
use policykg::export::{self, ExportFormat, GraphOptions};
use policykg::store::KnowledgeStore;

/// Export formats as the command line spells them.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// GEXF 1.3 for Gephi (colours, sizes, timeline).
    Gexf,
    /// GraphML for yEd, Cytoscape, networkx.
    Graphml,
    /// Graphviz DOT.
    Dot,
    /// Cytoscape.js elements JSON.
    Json,
    /// SVG drawn by Graphviz `dot` (must be installed).
    Svg,
    /// CSV tables `nodes.csv` and `edges.csv` in the directory `-o DIR`
    /// (Gephi, pandas, Neo4j admin import).
    Csv,
}

impl From<Format> for ExportFormat {
    fn from(f: Format) -> Self {
        match f {
            Format::Gexf => ExportFormat::Gexf,
            Format::Graphml => ExportFormat::GraphMl,
            Format::Dot => ExportFormat::Dot,
            Format::Json => ExportFormat::Json,
            Format::Svg => ExportFormat::Svg,
            // never asked for: `run` writes the tables itself
            Format::Csv => ExportFormat::Gexf,
        }
    }
}

/// Arguments of `policykg export`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// Output format [default: from the -o extension, else gexf].
    #[arg(long, short = 'f', value_enum)]
    pub format: Option<Format>,
    /// Write to FILE instead of standard output.
    #[arg(long, short = 'o', value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Keep only these classes, comma-separated (Agency,Program,Target; Region includes cities…).
    #[arg(long, value_delimiter = ',', value_name = "CLASSES")]
    pub types: Vec<String>,
    /// Keep only these relations, comma-separated (issuedBy,setBy).
    #[arg(long, value_delimiter = ',', value_name = "PREDICATES")]
    pub predicates: Vec<String>,
    /// Keep only the neighbourhood of ENTITY (any label, alias or IRI).
    #[arg(long, value_name = "ENTITY")]
    pub ego: Option<String>,
    /// Radius of the --ego neighbourhood, in relations.
    #[arg(long, default_value_t = 1, value_name = "N")]
    pub depth: usize,
    /// Keep only one report: its source file name (report.md) or IRI.
    #[arg(long, value_name = "FILE")]
    pub report: Option<String>,
    /// Use the triples of this SPARQL CONSTRUCT query as the graph.
    #[arg(long, value_name = "FILE.rq")]
    pub construct: Option<PathBuf>,
    /// Also include reports, articles and provenance edges.
    #[arg(long)]
    pub include_provenance: bool,
}

/// Runs `policykg export` on the store at `store_path`.
pub fn run(args: Args, store_path: &Path) -> anyhow::Result<()> {
    let format: ExportFormat = match args.format {
        Some(f) => f.into(),
        None => args
            .output
            .as_deref()
            .and_then(|p| p.extension())
            .and_then(|e| e.to_str())
            .and_then(|e| e.parse().ok())
            .unwrap_or(ExportFormat::Gexf),
    };
    let construct = match &args.construct {
        Some(path) => {
            Some(
                std::fs::read_to_string(path).map_err(|source| policykg::Error::Io {
                    path: path.clone(),
                    source,
                })?,
            )
        }
        None => None,
    };
    let opts = GraphOptions {
        types: args.types,
        predicates: args.predicates,
        ego: args.ego,
        depth: args.depth,
        report: args.report,
        construct,
        include_provenance: args.include_provenance,
        with_evidence: false,
    };
    let store = KnowledgeStore::open_read_only(store_path)?;
    if args.format == Some(Format::Csv) {
        let dir = args.output.as_deref().ok_or_else(|| {
            anyhow::anyhow!("--format csv writes two files: name their directory with -o DIR")
        })?;
        return write_tables(store.oxigraph(), &opts, dir);
    }
    match &args.output {
        Some(path) => {
            let stats = write_file(path, |out| {
                Ok(export::export(store.oxigraph(), format, &opts, out)?)
            })?;
            eprintln!(
                "wrote {} nodes and {} edges ({format}) to {}",
                stats.nodes,
                stats.edges,
                path.display()
            );
        }
        None => {
            // The graph is built before the first byte is written, so a store
            // that cannot be read leaves standard output empty.
            let mut out = std::io::BufWriter::with_capacity(1 << 20, std::io::stdout().lock());
            let stats = export::export(store.oxigraph(), format, &opts, &mut out)?;
            out.flush().context("standard output")?;
            eprintln!(
                "wrote {} nodes and {} edges ({format})",
                stats.nodes, stats.edges
            );
        }
    }
    Ok(())
}

/// `--format csv -o DIR`: builds the graph, then writes `DIR/nodes.csv` and
/// `DIR/edges.csv` ([`export::csv`]), each through a temporary file renamed
/// once complete. The graph is built before DIR is touched, so a store that
/// cannot be read leaves nothing behind.
fn write_tables(
    store: &oxigraph::store::Store,
    opts: &GraphOptions,
    dir: &Path,
) -> anyhow::Result<()> {
    let graph = export::EntityGraph::build(store, opts)?;
    if dir.is_file() {
        anyhow::bail!(
            "{}: is a file; --format csv writes nodes.csv and edges.csv into a directory",
            dir.display()
        );
    }
    std::fs::create_dir_all(dir).with_context(|| format!("{}: cannot create", dir.display()))?;
    write_file(&dir.join(export::csv::NODES_FILE), |out| {
        Ok(export::csv::write_nodes(&graph, out)?)
    })?;
    write_file(&dir.join(export::csv::EDGES_FILE), |out| {
        Ok(export::csv::write_edges(&graph, out)?)
    })?;
    eprintln!(
        "wrote {} nodes and {} edges (csv) to {}",
        graph.node_count(),
        graph.edge_count(),
        dir.display()
    );
    Ok(())
}

/// Streams `write`'s output into a temporary file beside `path` and renames
/// it over `path` once complete: a failed export never leaves a half-written
/// (or truncated) file, and the text is never held in memory whole. A
/// symbolic link is followed (the link stays); a device, a pipe or a
/// stream of the process (`-o /dev/stdout`) is written in place, as
/// renaming over it would replace it.
pub(crate) fn write_file<T>(
    path: &Path,
    write: impl FnOnce(&mut dyn Write) -> anyhow::Result<T>,
) -> anyhow::Result<T> {
    let cannot = || format!("{}: cannot write", path.display());
    let target = match std::fs::symlink_metadata(path) {
        Ok(m) if m.file_type().is_symlink() => std::fs::canonicalize(path).ok(),
        _ => Some(path.to_path_buf()),
    };
    // `/dev/stdout`, `/proc/self/fd/N`: the process's own streams, written
    // through even when they lead to a file (which may be appended to)
    let stream = path.starts_with("/dev") || path.starts_with("/proc");
    let in_place = stream
        || match &target {
            Some(t) => std::fs::metadata(t).is_ok_and(|m| !m.is_file()),
            None => true, // a dangling link: written through
        };
    if in_place {
        let mut options = std::fs::OpenOptions::new();
        if stream {
            // after what the stream already holds, as the shell's `>>` or
            // the process's earlier output left it
            options.append(true);
        } else {
            options.write(true).create(true).truncate(true);
        }
        let file = options.open(path).with_context(cannot)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        let value = write(&mut out)?;
        out.flush().with_context(cannot)?;
        return Ok(value);
    }
    let target = target.unwrap_or_else(|| path.to_path_buf());
    let dir = match target.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    let name = target
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "export".into());
    let partial = dir.join(format!(".{name}.{}.partial", std::process::id()));
    let result = (|| {
        let file = std::fs::File::create(&partial).with_context(cannot)?;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, file);
        let value = write(&mut out)?;
        out.into_inner()
            .map_err(|e| e.into_error())
            .with_context(cannot)?;
        std::fs::rename(&partial, &target).with_context(cannot)?;
        Ok(value)
    })();
    if result.is_err() {
        let _ = std::fs::remove_file(&partial);
    }
    result
}
