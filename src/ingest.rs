//! The ingest pipeline: files → reports → extractions → quads → store, and
//! the policy of when the store is compacted after an ingest. It does not
//! parse reports (`document`), extract (`extract`) or talk to Oxigraph
//! directly (`store`), and it prints nothing (progress is a callback).
//!
//! Ingest streams, so memory does not grow with the corpus:
//!
//! 1. [`check_all`] reads and parses every file (in parallel) and keeps
//!    nothing but the list of good files ([`CheckedFiles`]). A file that is
//!    missing, empty, binary, not UTF-8 or without readable text, or two
//!    files with the same name, stop the ingest here, before the store is
//!    even opened: a bad file leaves the store exactly as it was.
//! 2. [`write_checked`] prepares the files in chunks of [`CHUNK_SIZE`]
//!    (read, parse, extract, map to quads; in parallel across documents) and
//!    a single writer writes each chunk before the next one is prepared:
//!    - a store holding no report yet is filled with Oxigraph's bulk loader
//!      (all chunks feed one loader; nothing is visible until its final
//!      commit, and an error on the way, such as a file changed or removed
//!      since step 1, discards everything it loaded);
//!    - otherwise each document replaces its own named graph in one
//!      transaction, so after an error every document is either its old
//!      version or its new one, never a mixture.
//!
//! 3. [`ingest_checked`] is step 2 followed by the store's upkeep: a flush,
//!    and after a large ingest ([`COMPACT_AFTER_DOCUMENTS`]) a compaction.
//!    This is what `policykg ingest` runs on a store it holds itself (a
//!    running server writes with [`write_checked`] alone).
//!
//! Memory is bounded by one chunk of prepared documents plus the bulk
//! loader's batches ([`BULK_LOAD_MEMORY_MB`]), whatever the corpus size.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

use oxigraph::model::{GraphName, Quad};
use rayon::prelude::*;

use crate::document::{parse_report_bytes, read_report, Report};
use crate::error::{Error, Result};
use crate::extract::{extract, Extraction};
use crate::rdf::{document_quads, mapping::report_iri};
use crate::store::KnowledgeStore;

/// File extensions read when a directory is given.
pub const REPORT_EXTENSIONS: &[&str] = &[
    "md", "markdown", "txt", "html", "htm", "pdf", "hwp", "hwpx", "docx",
];

/// Documents prepared together before the writer takes them: enough to keep
/// every core busy, small enough that memory stays flat.
pub const CHUNK_SIZE: usize = 64;

/// Memory budget handed to Oxigraph's bulk loader (its default, 2 GB per
/// thread, would break a 1 GiB peak on large corpora).
pub const BULK_LOAD_MEMORY_MB: usize = 256;

/// Ingests of at least this many documents compact the store afterwards:
/// compacting after a large load roughly halves later query and export
/// times; after a weekly report or two it would cost more than it gives.
pub const COMPACT_AFTER_DOCUMENTS: usize = 32;

/// What one ingested document contributed.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DocumentSummary {
    /// The file.
    pub path: PathBuf,
    /// Named graph IRI.
    pub graph: String,
    /// Articles found.
    pub articles: usize,
    /// Entities extracted.
    pub entities: usize,
    /// Targets extracted.
    pub targets: usize,
    /// Indicators extracted.
    pub indicators: usize,
    /// Quads written.
    pub quads: usize,
}

/// Expands directories into the report files they hold (sorted), keeps files as given.
pub fn collect_inputs(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    for p in paths {
        if p.is_dir() {
            let mut files = Vec::new();
            walk(p, &mut files)?;
            files.sort();
            out.extend(files);
        } else {
            out.push(p.clone());
        }
    }
    Ok(out)
}

fn walk(dir: &Path, out: &mut Vec<PathBuf>) -> Result<()> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    for entry in entries {
        let entry = entry.map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?;
        let path = entry.path();
        if path.is_dir() {
            walk(&path, out)?;
        } else if path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| REPORT_EXTENSIONS.contains(&e))
        {
            out.push(path);
        }
    }
    Ok(())
}

/// A report read, extracted and mapped, ready to write.
pub struct Prepared {
    /// The parsed report.
    pub report: Report,
    /// What was extracted.
    pub extraction: Extraction,
    /// Its quads, all in the report's named graph.
    pub quads: Vec<Quad>,
}

impl Prepared {
    /// A summary for printing.
    pub fn summary(&self) -> DocumentSummary {
        DocumentSummary {
            path: self.report.path.clone(),
            graph: report_iri(&self.report).as_str().to_string(),
            articles: self.report.articles.len(),
            entities: self.extraction.entities.len(),
            targets: self.extraction.targets().count(),
            indicators: self
                .extraction
                .facts
                .iter()
                .filter(|f| !f.is_target)
                .count(),
            quads: self.quads.len(),
        }
    }
}

/// Reads, checks, extracts and maps one file (no store involved).
pub fn prepare(path: &Path) -> Result<Prepared> {
    let report = read_report(path)?;
    let extraction = extract(&report)?;
    let quads = document_quads(&report, &extraction);
    Ok(Prepared {
        report,
        extraction,
        quads,
    })
}

/// Prepares every file in parallel and keeps them all in memory; the first
/// error (in input order) wins. Fine for a few files; [`check_all`] and
/// [`write_checked`] stream instead.
pub fn prepare_all(paths: &[PathBuf], on_done: &(dyn Fn() + Sync)) -> Result<Vec<Prepared>> {
    check_names(paths)?;
    let results: Vec<Result<Prepared>> = paths
        .par_iter()
        .map(|p| {
            let r = prepare(p);
            on_done();
            r
        })
        .collect();
    results.into_iter().collect()
}

/// Files that [`check_all`] read and parsed without error, in input order,
/// each once.
#[derive(Debug, Clone, Default)]
pub struct CheckedFiles {
    files: Vec<PathBuf>,
}

impl CheckedFiles {
    /// The files, in input order.
    pub fn files(&self) -> &[PathBuf] {
        &self.files
    }

    /// Number of files.
    pub fn len(&self) -> usize {
        self.files.len()
    }

    /// Whether there is no file.
    pub fn is_empty(&self) -> bool {
        self.files.is_empty()
    }
}

/// Reads and parses every file (in parallel, keeping nothing) so that a bad
/// one stops the ingest before anything is written; the first error in
/// input order wins. A path given twice is kept once; two different files
/// with the same name are refused (reports are identified by file name).
pub fn check_all(paths: &[PathBuf], on_checked: &(dyn Fn() + Sync)) -> Result<CheckedFiles> {
    let files = check_names(paths)?;
    let results: Vec<Result<()>> = files
        .par_iter()
        .map(|p| {
            let r = check_file(p);
            on_checked();
            r
        })
        .collect();
    results.into_iter().collect::<Result<()>>()?;
    Ok(CheckedFiles { files })
}

/// Refuses two different files with the same name; drops repeated paths.
fn check_names(paths: &[PathBuf]) -> Result<Vec<PathBuf>> {
    let mut seen: HashMap<String, &PathBuf> = HashMap::with_capacity(paths.len());
    let mut files = Vec::with_capacity(paths.len());
    for p in paths {
        let name = p
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        match seen.get(&name) {
            Some(first) if *first == p => {}
            Some(first) => {
                return Err(Error::BadInput {
                    path: p.clone(),
                    line: 1,
                    column: 1,
                    message: format!(
                        "same file name as {}: reports are identified by file name",
                        first.display()
                    ),
                })
            }
            None => {
                seen.insert(name, p);
                files.push(p.clone());
            }
        }
    }
    Ok(files)
}

fn check_file(path: &Path) -> Result<()> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_report_bytes(path, &bytes).map(drop)
}

/// Prepares and writes checked files chunk by chunk (see the module doc for
/// what holds after an error) and returns one summary per document.
/// `on_written` is called once per document written (or handed to the bulk
/// loader).
pub fn write_checked(
    store: &KnowledgeStore,
    files: &CheckedFiles,
    on_written: &dyn Fn(),
) -> Result<Vec<DocumentSummary>> {
    let mut summaries = Vec::with_capacity(files.len());
    if files.len() > 1 && !has_any_report(store)? {
        bulk_write(store, files.files(), &mut summaries, on_written)?;
        return Ok(summaries);
    }
    for chunk in files.files().chunks(CHUNK_SIZE) {
        for d in prepare_chunk(chunk)? {
            write_document(store, &d)?;
            summaries.push(d.summary());
            on_written();
        }
    }
    Ok(summaries)
}

/// [`write_checked`], then the store flushed to disk and, after an ingest
/// of at least [`COMPACT_AFTER_DOCUMENTS`] documents, compacted.
pub fn ingest_checked(
    store: &KnowledgeStore,
    files: &CheckedFiles,
    on_written: &dyn Fn(),
) -> Result<Vec<DocumentSummary>> {
    let summaries = write_checked(store, files, on_written)?;
    store.flush()?;
    if summaries.len() >= COMPACT_AFTER_DOCUMENTS {
        store.optimize()?;
    }
    Ok(summaries)
}

/// Prepares a chunk in parallel; the first error in input order wins.
fn prepare_chunk(chunk: &[PathBuf]) -> Result<Vec<Prepared>> {
    chunk
        .par_iter()
        .map(|p| prepare(p))
        .collect::<Vec<_>>()
        .into_iter()
        .collect()
}

fn write_document(store: &KnowledgeStore, d: &Prepared) -> Result<()> {
    let graph = report_iri(&d.report);
    debug_assert!(d
        .quads
        .iter()
        .all(|q| q.graph_name == GraphName::NamedNode(graph.clone())));
    store.replace_graph(graph.as_ref(), &d.quads)
}

/// Feeds every document, chunk by chunk, to one bulk loader and commits once.
/// The loader builds its files on background threads while the next chunk
/// is prepared, so extraction and writing overlap.
fn bulk_write(
    store: &KnowledgeStore,
    files: &[PathBuf],
    summaries: &mut Vec<DocumentSummary>,
    on_written: &dyn Fn(),
) -> Result<()> {
    let summaries = RefCell::new(summaries);
    let quads = files.chunks(CHUNK_SIZE).flat_map(|chunk| {
        let quads: Vec<Result<Quad>> = match prepare_chunk(chunk) {
            Ok(docs) => {
                let mut out = Vec::with_capacity(docs.iter().map(|d| d.quads.len()).sum());
                for d in docs {
                    summaries.borrow_mut().push(d.summary());
                    on_written();
                    out.extend(d.quads.into_iter().map(Ok));
                }
                out
            }
            Err(e) => vec![Err(e)],
        };
        quads
    });
    store.bulk_load_stream(quads, BULK_LOAD_MEMORY_MB)
}

/// Writes prepared documents, one transaction each (replacing an earlier
/// version of the same document). A store with no report yet is filled with
/// the bulk loader instead, which is much faster.
pub fn write_all(store: &KnowledgeStore, docs: &[Prepared], on_written: &dyn Fn()) -> Result<()> {
    let fresh = docs.len() > 1 && !has_any_report(store)?;
    if fresh {
        let quads = docs.iter().flat_map(|d| d.quads.iter().cloned());
        store.bulk_load(quads)?;
        for _ in docs {
            on_written();
        }
        return Ok(());
    }
    for d in docs {
        write_document(store, d)?;
        on_written();
    }
    Ok(())
}

fn has_any_report(store: &KnowledgeStore) -> Result<bool> {
    let report_class =
        oxigraph::model::NamedNodeRef::new_unchecked(crate::rdf::vocab::class::REPORT);
    let rdf_type = oxigraph::model::NamedNodeRef::new_unchecked(crate::rdf::vocab::prop::TYPE);
    Ok(store
        .oxigraph()
        .quads_for_pattern(None, Some(rdf_type), Some(report_class.into()), None)
        .next()
        .is_some())
}
