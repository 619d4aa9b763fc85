//! The `policykg` command line: a thin clap layer over the library. It
//! parses arguments, calls one library function per command, prints, and
//! maps every error to one line on stderr and a non-zero exit. It also
//! sets the process allocator (`allocator.rs`, binaries only). What an
//! ingest does (checks, writing, when to compact) is the library's
//! (`policykg::ingest`); only the progress bar and the printing are here.
//! The clap types are this binary's (the query `--format` enum is mapped
//! onto `policykg::query::Format` here); it holds no query, export or
//! layout logic.

// mimalloc as the global allocator, with `override` (see the module)
mod allocator;

mod cli {
    pub mod dump;
    pub mod explore;
    pub mod export;
    pub mod extract;
    pub mod push;
    pub mod serve;
}

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::Context;
use clap::{Parser, Subcommand};
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

use policykg::ingest::{check_all, collect_inputs, ingest_checked};
use policykg::query;
use policykg::store::{default_store_path, KnowledgeStore};

#[derive(Parser, Debug)]
#[command(
    name = "policykg",
    version,
    about = "Korean reports on Chinese S&T policy → RDF knowledge graph (Oxigraph), SPARQL, Gephi exports"
)]
struct Cli {
    /// Store directory (default: $POLICYKG_STORE, else ~/.local/share/policykg/store).
    #[arg(long, global = true, value_name = "DIR")]
    store: Option<PathBuf>,
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Read reports (Markdown or text files, or directories of them) into the store.
    Ingest {
        /// Report files or directories.
        #[arg(required = true, value_name = "FILE_OR_DIR")]
        inputs: Vec<PathBuf>,
        /// Print one line per document as JSON.
        #[arg(long)]
        json: bool,
        /// Print the Markdown each file is read as (a PDF, HWP/HWPX or DOCX
        /// file's rendering) instead of ingesting.
        #[arg(long, alias = "render")]
        show: bool,
    },
    /// Run SPARQL (SELECT, ASK, CONSTRUCT, DESCRIBE): text, --file F.rq or a shipped query's NAME.
    Query {
        /// SPARQL text or the name of a query in queries/ (e.g. agency-targets).
        #[arg(value_name = "QUERY | NAME")]
        query: Option<String>,
        /// Read the query from a file.
        #[arg(long, value_name = "F.rq", conflicts_with = "query")]
        file: Option<PathBuf>,
        /// Output format.
        #[arg(long, value_enum, default_value_t = QueryFormat::Table)]
        format: QueryFormat,
        /// List the shipped queries.
        #[arg(long)]
        list: bool,
        /// Bind a variable: `--param agency=국무원` (a Korean label), `--param deadline=2025`
        /// (a year), or any SPARQL term (`--param 'a=<https://…>'`). Repeatable.
        #[arg(long = "param", value_name = "NAME=VALUE", value_parser = parse_param)]
        params: Vec<(String, String)>,
        /// After the results, write the query plan with rows and timings per step (JSON) to stderr.
        #[arg(long)]
        explain: bool,
    },
    /// Write the entity graph for Gephi (GEXF), yEd/networkx (GraphML), Graphviz (DOT), Cytoscape.js (JSON).
    Export(cli::export::Args),
    /// Explore relationships: neighbors, path, rank, search, timeline.
    Explore(cli::explore::Args),
    /// Write every report's named graph and the ontology as RDF (N-Quads, TriG, Turtle, JSON-LD).
    Dump(cli::dump::DumpArgs),
    /// Restore or merge dumps into the store (one transaction per named graph).
    Load(cli::dump::LoadArgs),
    /// Extract reports to N-Quads on standard output, without a store.
    Extract(cli::extract::Args),
    /// Publish the store to a SPARQL server (Graph Store Protocol or SPARQL Update).
    Push(cli::push::Args),
    /// Serve the store: SPARQL 1.1 Protocol at /sparql, Graph Store reads at /store, a web explorer at /.
    Serve(cli::serve::Args),
}

fn main() -> ExitCode {
    allocator::tune();
    let cli = Cli::parse();
    match run(cli) {
        Ok(()) => ExitCode::SUCCESS,
        // `policykg query … | head`: the reader has what it wanted
        Err(e) if is_broken_pipe(&e) => ExitCode::SUCCESS,
        Err(e) => {
            // one line: the error, then each cause its text does not already say
            let one_line = policykg::error::one_line(e.as_ref());
            eprintln!("policykg: error: {one_line}");
            ExitCode::FAILURE
        }
    }
}

/// `NAME=VALUE` of `--param`.
fn parse_param(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => {
            Ok((name.trim().to_string(), value.to_string()))
        }
        _ => Err(format!("`{s}`: expected NAME=VALUE, e.g. agency=국무원")),
    }
}

/// Whether the error is a write to a closed pipe.
fn is_broken_pipe(e: &anyhow::Error) -> bool {
    e.chain().any(|c| {
        c.downcast_ref::<std::io::Error>()
            .is_some_and(|io| io.kind() == std::io::ErrorKind::BrokenPipe)
            || matches!(c.downcast_ref(), Some(policykg::Error::OutputClosed))
    })
}

/// `policykg query --format`, as the command line spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
enum QueryFormat {
    /// Aligned columns for people.
    Table,
    /// RFC 4180 CSV (W3C SPARQL results CSV).
    Csv,
    /// W3C SPARQL results TSV.
    Tsv,
    /// W3C SPARQL 1.1 Query Results JSON (N-Triples for graphs).
    Json,
}

impl From<QueryFormat> for query::Format {
    fn from(f: QueryFormat) -> Self {
        match f {
            QueryFormat::Table => query::Format::Table,
            QueryFormat::Csv => query::Format::Csv,
            QueryFormat::Tsv => query::Format::Tsv,
            QueryFormat::Json => query::Format::Json,
        }
    }
}

fn run(cli: Cli) -> anyhow::Result<()> {
    let store_path = cli.store.clone().unwrap_or_else(default_store_path);
    match cli.command {
        Command::Ingest {
            inputs,
            json: _,
            show: true,
        } => show_rendered(&inputs),
        Command::Ingest { inputs, json, .. } => ingest(&store_path, &inputs, json),
        Command::Query {
            query,
            file,
            format,
            list,
            params,
            explain,
        } => {
            let stdout = std::io::stdout();
            let mut out = stdout.lock();
            if list {
                for (name, text) in query::NAMED_QUERIES {
                    let about = text
                        .lines()
                        .next()
                        .unwrap_or("")
                        .trim_start_matches('#')
                        .trim();
                    writeln!(
                        out,
                        "{name:<26} {}",
                        about.split_once(": ").map_or(about, |(_, a)| a)
                    )?;
                }
                return Ok(());
            }
            let mut source = query::resolve(query.as_deref(), file.as_deref())?;
            query::bind(&mut source, &params)?;
            let store = KnowledgeStore::open_read_only(&store_path)?;
            let stderr = std::io::stderr();
            let mut err = stderr.lock();
            let plan: Option<&mut dyn Write> = if explain { Some(&mut err) } else { None };
            query::run_explained(store.oxigraph(), &source, format.into(), &mut out, plan)?;
            Ok(())
        }
        Command::Export(args) => cli::export::run(args, &store_path),
        Command::Explore(args) => cli::explore::run(args, &store_path),
        Command::Dump(args) => cli::dump::run_dump(args, &store_path),
        Command::Load(args) => cli::dump::run_load(args, &store_path),
        Command::Extract(args) => cli::extract::run(args),
        Command::Push(args) => cli::push::run(args, &store_path),
        Command::Serve(args) => cli::serve::run(args, &store_path),
    }
}

/// `ingest --show`: the Markdown each report is read as, on stdout.
fn show_rendered(inputs: &[PathBuf]) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = stdout.lock();
    for file in collect_inputs(inputs)? {
        let markdown = policykg::document::rendered_markdown(&file)?;
        if let Err(e) = out.write_all(markdown.as_bytes()) {
            return Err(policykg::error::Error::from_write(e).into());
        }
    }
    Ok(())
}

fn ingest(store_path: &std::path::Path, inputs: &[PathBuf], json: bool) -> anyhow::Result<()> {
    let files = collect_inputs(inputs)?;
    if files.is_empty() {
        anyhow::bail!(
            "no report files (.md, .markdown, .txt, .html, .pdf, .hwp, .hwpx, .docx) in {}",
            inputs
                .iter()
                .map(|p| p.display().to_string())
                .collect::<Vec<_>>()
                .join(", ")
        );
    }
    // every file is checked before the store is opened: a bad one leaves it untouched
    let bar = progress(files.len() as u64 * 2);
    let checked = {
        let bar = bar.clone();
        check_all(&files, &move || bar.inc(1))?
    };
    // a running `policykg serve` holds the store: it writes the reports itself
    if let Some(done) = policykg::serve::handoff::hand_off(store_path, checked.files())? {
        bar.finish_and_clear();
        print_summaries(&done.summaries, json)?;
        if !json {
            writeln!(
                std::io::stdout(),
                "store {}: {} quads (written by policykg serve at {})",
                store_path.display(),
                done.store_quads,
                done.addr
            )?;
        }
        return Ok(());
    }
    if let Some(parent) = store_path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).with_context(|| {
            format!(
                "store {}: cannot create parent directory",
                store_path.display()
            )
        })?;
    }
    let store = KnowledgeStore::open(store_path)?;
    let summaries = ingest_checked(&store, &checked, &|| bar.inc(1))?;
    bar.finish_and_clear();
    print_summaries(&summaries, json)?;
    if !json {
        writeln!(
            std::io::stdout(),
            "store {}: {} quads",
            store_path.display(),
            store.len()?
        )?;
    }
    Ok(())
}

/// One line per ingested document (JSON with `--json`).
fn print_summaries(
    summaries: &[policykg::ingest::DocumentSummary],
    json: bool,
) -> anyhow::Result<()> {
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for s in summaries {
        if json {
            writeln!(out, "{}", serde_json::to_string(s)?)?;
        } else {
            writeln!(
                out,
                "{}: {} articles, {} entities, {} targets, {} indicators, {} quads",
                s.path.display(),
                s.articles,
                s.entities,
                s.targets,
                s.indicators,
                s.quads
            )?;
        }
    }
    out.flush()?;
    Ok(())
}

/// A progress bar on a terminal; hidden when stderr is piped.
fn progress(len: u64) -> ProgressBar {
    let bar = ProgressBar::new(len);
    if std::io::stderr().is_terminal() && len > 2 {
        bar.set_style(
            ProgressStyle::with_template("{spinner} {bar:40} {pos}/{len} {msg}")
                .unwrap_or_else(|_| ProgressStyle::default_bar()),
        );
        bar.set_draw_target(ProgressDrawTarget::stderr());
    } else {
        bar.set_draw_target(ProgressDrawTarget::hidden());
    }
    bar
}
