//! Restoring or merging RDF dumps ([`crate::dump`], or any N-Quads, TriG or
//! JSON-LD dataset whose quads all sit in named graphs) into a store.
//!
//! Every file is read through once before anything is written: a syntax
//! error, a triple outside any named graph or a blank-node graph name stops
//! the load with its file and line, and the store stays exactly as it was.
//! The files are then read again and written one named graph at a time, each
//! in one transaction that replaces the graph and keeps the union default
//! graph in step ([`KnowledgeStore::replace_graph`]); graphs the dumps do not
//! name are left alone, so loading a dump into a store merges it. Memory
//! holds one graph, however large the dump.

use std::collections::HashSet;
use std::fs::File;
use std::io::BufReader;
use std::path::{Path, PathBuf};

use oxigraph::io::{RdfParseError, RdfParser};
use oxigraph::model::{GraphName, NamedNode, Quad};

use crate::dump::DumpFormat;
use crate::error::{Error, Result};
use crate::store::{is_push_state_graph, KnowledgeStore};

/// What a load wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct LoadStats {
    /// Named graphs replaced.
    pub graphs: usize,
    /// Quads read.
    pub quads: usize,
}

/// The format of a dump file: `format` if given, else from its extension.
pub fn format_of(path: &Path, format: Option<DumpFormat>) -> Result<DumpFormat> {
    let format = match format {
        Some(f) => f,
        None => path
            .extension()
            .and_then(|e| e.to_str())
            .and_then(DumpFormat::from_extension)
            .ok_or_else(|| Error::BadInput {
                path: path.to_path_buf(),
                line: 1,
                column: 1,
                message: "unknown dump format: name it .nq, .trig or .jsonld, or pass --format"
                    .into(),
            })?,
    };
    if !format.holds_graphs() {
        return Err(Error::BadInput {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "Turtle holds no named graph; load a dump in nquads, trig or jsonld".into(),
        });
    }
    Ok(format)
}

/// Dump files that [`check`] read through without error.
#[derive(Debug, Clone)]
pub struct CheckedDumps {
    files: Vec<(PathBuf, DumpFormat)>,
    runs: usize,
}

impl CheckedDumps {
    /// The number of graph runs (consecutive quads of one graph) to write.
    pub fn runs(&self) -> usize {
        self.runs
    }
}

/// Reads every file through (nothing is written, no store is needed): the
/// first syntax error, triple outside a named graph or blank-node graph
/// name stops here, with its file and line.
pub fn check(files: &[PathBuf], format: Option<DumpFormat>) -> Result<CheckedDumps> {
    let mut checked = CheckedDumps {
        files: Vec::with_capacity(files.len()),
        runs: 0,
    };
    for path in files {
        let f = format_of(path, format)?;
        checked.runs += read_graphs(path, f, &mut |_, _| Ok(()))?;
        checked.files.push((path.clone(), f));
    }
    Ok(checked)
}

/// Writes checked dumps one named graph at a time (see the module doc);
/// `on_graph` is called after each run of quads is written.
pub fn write_checked(
    store: &KnowledgeStore,
    checked: &CheckedDumps,
    on_graph: &dyn Fn(),
) -> Result<LoadStats> {
    let mut stats = LoadStats::default();
    let mut written: HashSet<NamedNode> = HashSet::new();
    for (path, f) in &checked.files {
        read_graphs(path, *f, &mut |graph, quads| {
            stats.quads += quads.len();
            if written.contains(&graph) {
                // the graph came in pieces: this piece joins what came before
                let mut all = store.graph_quads(graph.as_ref())?;
                let have: HashSet<Quad> = all.iter().cloned().collect();
                all.extend(quads.into_iter().filter(|q| !have.contains(q)));
                store.replace_graph(graph.as_ref(), &all)?;
            } else {
                store.replace_graph(graph.as_ref(), &quads)?;
                written.insert(graph);
                stats.graphs += 1;
            }
            on_graph();
            Ok(())
        })?;
    }
    Ok(stats)
}

/// Parses `path` and hands each run of consecutive quads of one named graph
/// to `each`; returns the number of runs.
fn read_graphs(
    path: &Path,
    format: DumpFormat,
    each: &mut dyn FnMut(NamedNode, Vec<Quad>) -> Result<()>,
) -> Result<usize> {
    let file = File::open(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    let parser = RdfParser::from_format(format.rdf_format()).for_reader(BufReader::new(file));
    let mut current: Option<(NamedNode, Vec<Quad>)> = None;
    let mut runs = 0;
    for (i, q) in parser.enumerate() {
        let q = q.map_err(|e| parse_error(path, e))?;
        let graph = match &q.graph_name {
            GraphName::NamedNode(g) if !is_push_state_graph(g.as_ref()) => g.clone(),
            GraphName::NamedNode(g) => {
                return Err(bad_quad(
                    path,
                    format,
                    i,
                    format!("<{}> is a push-state graph, not data", g.as_str()),
                ))
            }
            GraphName::DefaultGraph => {
                return Err(bad_quad(
                    path,
                    format,
                    i,
                    format!(
                        "a triple outside any named graph ({} .); every fact of a store is in a report's graph",
                        oxigraph::model::TripleRef::from(q.as_ref())
                    ),
                ))
            }
            GraphName::BlankNode(b) => {
                return Err(bad_quad(
                    path,
                    format,
                    i,
                    format!("a blank-node graph name (_:{}); graphs are named by IRIs", b.as_str()),
                ))
            }
        };
        match &mut current {
            Some((g, quads)) if *g == graph => quads.push(q),
            _ => {
                if let Some((g, quads)) = current.take() {
                    each(g, quads)?;
                    runs += 1;
                }
                current = Some((graph, vec![q]));
            }
        }
    }
    if let Some((g, quads)) = current.take() {
        each(g, quads)?;
        runs += 1;
    }
    Ok(runs)
}

/// An error at the `index`th quad of `path`: N-Quads has one quad a line,
/// so its line is found by counting; other formats name the quad's number.
fn bad_quad(path: &Path, format: DumpFormat, index: usize, message: String) -> Error {
    let line = (format == DumpFormat::NQuads)
        .then(|| nquads_line(path, index))
        .flatten();
    match line {
        Some(line) => Error::BadInput {
            path: path.to_path_buf(),
            line,
            column: 1,
            message,
        },
        None => Error::BadInput {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: format!("quad {}: {message}", index + 1),
        },
    }
}

/// The 1-based line of the `index`th (0-based) statement of an N-Quads file.
fn nquads_line(path: &Path, index: usize) -> Option<usize> {
    use std::io::BufRead;
    let file = File::open(path).ok()?;
    let mut seen = 0;
    for (n, line) in BufReader::new(file).lines().enumerate() {
        let line = line.ok()?;
        let t = line.trim();
        if t.is_empty() || t.starts_with('#') {
            continue;
        }
        if seen == index {
            return Some(n + 1);
        }
        seen += 1;
    }
    None
}

fn parse_error(path: &Path, e: RdfParseError) -> Error {
    match e {
        RdfParseError::Io(source) => Error::Io {
            path: path.to_path_buf(),
            source,
        },
        RdfParseError::Syntax(e) => {
            let (line, column) = e.location().map_or((1, 1), |r| {
                (r.start.line as usize + 1, r.start.column as usize + 1)
            });
            let message = e.to_string();
            // the parser's message starts with the position, said already
            let message = message
                .split_once(": ")
                .filter(|(pos, _)| pos.starts_with("Parser error"))
                .map_or(message.clone(), |(_, m)| m.to_string());
            Error::BadInput {
                path: path.to_path_buf(),
                line,
                column,
                message,
            }
        }
    }
}
