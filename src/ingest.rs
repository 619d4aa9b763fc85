//! The ingest pipeline: files → reports → extractions → quads → store.
//! Every input is read, checked and extracted first (in parallel); only when
//! all of them are good is anything written, one transaction per document,
//! so a bad file leaves the store exactly as it was.

use std::path::{Path, PathBuf};

use oxigraph::model::{GraphName, Quad};
use rayon::prelude::*;

use crate::document::{read_report, Report};
use crate::error::{Error, Result};
use crate::extract::{extract, Extraction};
use crate::rdf::{document_quads, mapping::report_iri};
use crate::store::KnowledgeStore;

/// File extensions read when a directory is given.
pub const REPORT_EXTENSIONS: &[&str] = &["md", "markdown", "txt"];

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
        } else if path.extension().and_then(|e| e.to_str()).is_some_and(|e| REPORT_EXTENSIONS.contains(&e)) {
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
            indicators: self.extraction.facts.iter().filter(|f| !f.is_target).count(),
            quads: self.quads.len(),
        }
    }
}

/// Reads, checks, extracts and maps one file (no store involved).
pub fn prepare(path: &Path) -> Result<Prepared> {
    let report = read_report(path)?;
    let extraction = extract(&report)?;
    let quads = document_quads(&report, &extraction);
    Ok(Prepared { report, extraction, quads })
}

/// Prepares every file in parallel; the first error (in input order) wins.
pub fn prepare_all(paths: &[PathBuf], on_done: &(dyn Fn() + Sync)) -> Result<Vec<Prepared>> {
    let results: Vec<Result<Prepared>> = paths
        .par_iter()
        .map(|p| {
            let r = prepare(p);
            on_done();
            r
        })
        .collect();
    let mut out = Vec::with_capacity(results.len());
    for r in results {
        out.push(r?);
    }
    // two inputs with the same file name would share a graph: refuse
    for (i, a) in out.iter().enumerate() {
        if let Some(b) = out[..i].iter().find(|b| report_iri(&b.report) == report_iri(&a.report) && b.report.path != a.report.path) {
            return Err(Error::BadInput {
                path: a.report.path.clone(),
                line: 1,
                column: 1,
                message: format!("same file name as {}: reports are identified by file name", b.report.path.display()),
            });
        }
    }
    Ok(out)
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
        let graph = report_iri(&d.report);
        debug_assert!(d.quads.iter().all(|q| q.graph_name == GraphName::NamedNode(graph.clone())));
        store.replace_graph(graph.as_ref(), &d.quads)?;
        on_written();
    }
    Ok(())
}

fn has_any_report(store: &KnowledgeStore) -> Result<bool> {
    let report_class = oxigraph::model::NamedNodeRef::new_unchecked(crate::rdf::vocab::class::REPORT);
    let rdf_type = oxigraph::model::NamedNodeRef::new_unchecked(crate::rdf::vocab::prop::TYPE);
    Ok(store.oxigraph().quads_for_pattern(None, Some(rdf_type), Some(report_class.into()), None).next().is_some())
}
