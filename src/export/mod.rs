//! Graph exports: the entity graph of the store written for Gephi (GEXF),
//! yEd / Cytoscape / networkx (GraphML), Graphviz (DOT, SVG) and Cytoscape.js
//! (JSON).
//!
//! [`graph`] reads the store into one [`EntityGraph`]; each writer is a
//! separate module over that type and knows nothing of the store. This module
//! never writes to the store and never prints: the CLI passes a writer. The
//! store is read by `scan.rs`, the model built by `loader.rs`, and the
//! attribute schema every writer follows is [`model`]'s.

pub mod csv;
pub mod dot;
pub mod gexf;
pub mod graph;
pub mod graphml;
pub mod json;
mod loader;
pub mod lookup;
pub mod model;
pub mod palette;
mod scan;

use std::fmt;
use std::io::Write;
use std::str::FromStr;

use oxigraph::store::Store;

pub use graph::{EntityGraph, EntityNode, GraphOptions, Relation, SourceArticle};

use crate::error::{Error, Result};

/// An export format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExportFormat {
    /// GEXF 1.3 for Gephi, with colours, sizes and a timeline.
    Gexf,
    /// GraphML with typed `<key>` declarations.
    GraphMl,
    /// Graphviz DOT, one cluster per class.
    Dot,
    /// Cytoscape.js elements JSON.
    Json,
    /// SVG drawn by Graphviz `dot` from the DOT export.
    Svg,
}

impl ExportFormat {
    /// Every format, in the order the CLI lists them.
    pub const ALL: [ExportFormat; 5] =
        [Self::Gexf, Self::GraphMl, Self::Dot, Self::Json, Self::Svg];

    /// The usual file extension (without dot).
    pub fn extension(self) -> &'static str {
        match self {
            Self::Gexf => "gexf",
            Self::GraphMl => "graphml",
            Self::Dot => "dot",
            Self::Json => "json",
            Self::Svg => "svg",
        }
    }
}

impl fmt::Display for ExportFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.extension())
    }
}

impl FromStr for ExportFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|f| {
                f.extension().eq_ignore_ascii_case(s.trim())
                    || (s.eq_ignore_ascii_case("gv") && *f == Self::Dot)
            })
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "unknown export format '{s}'; use gexf, graphml, dot, json or svg"
                ))
            })
    }
}

/// What an export wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ExportStats {
    /// Number of nodes written.
    pub nodes: usize,
    /// Number of edges written.
    pub edges: usize,
}

/// Builds the entity graph of `store` as `opts` asks and writes it to `out`
/// in `format`.
pub fn export(
    store: &Store,
    format: ExportFormat,
    opts: &GraphOptions,
    out: &mut dyn Write,
) -> Result<ExportStats> {
    let graph = EntityGraph::build(store, opts)?;
    write_graph(&graph, format, out)?;
    Ok(ExportStats {
        nodes: graph.node_count(),
        edges: graph.edge_count(),
    })
}

/// Writes an already built graph in `format`.
pub fn write_graph(graph: &EntityGraph, format: ExportFormat, out: &mut dyn Write) -> Result<()> {
    match format {
        ExportFormat::Gexf => gexf::write(graph, out),
        ExportFormat::GraphMl => graphml::write(graph, out),
        ExportFormat::Dot => dot::write(graph, out),
        ExportFormat::Json => json::write(graph, out),
        ExportFormat::Svg => dot::write_svg(graph, out),
    }
    .map_err(|e| match e {
        Error::Output(_) | Error::NotFound(_) => e,
        other => Error::Output(other.to_string()),
    })
}

/// Converts an I/O error of a writer into [`Error::Output`].
pub(crate) fn output_error(e: impl fmt::Display) -> Error {
    Error::Output(e.to_string())
}

/// Undirected degrees scaled to a node size between `min` and `max`
/// (square root, so hubs do not swamp the picture).
pub(crate) fn sizes(graph: &EntityGraph, min: f64, max: f64) -> Vec<f64> {
    let degrees = graph.degrees();
    let top = degrees.iter().copied().max().unwrap_or(0).max(1) as f64;
    degrees
        .iter()
        .map(|&d| {
            let s = min + (max - min) * (d as f64 / top).sqrt();
            (s * 10.0).round() / 10.0
        })
        .collect()
}
