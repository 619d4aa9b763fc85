//! CSV tables of the entity graph: `nodes.csv` and `edges.csv`, with the
//! attribute columns of the GEXF export ([`super::model::NODE_ATTRIBUTES`],
//! [`super::model::EDGE_ATTRIBUTES`]), for Gephi's spreadsheet import, pandas
//! and Excel. The headers follow Neo4j's `neo4j-admin database import`
//! convention, so the same two files load into Neo4j: the node table's
//! `id:ID` (the entity IRI) and `:LABEL` (its classes, `;`-separated), the
//! edge table's `:START_ID`, `:END_ID` and `:TYPE` (the predicate's local
//! name), and a `:int` / `:double` suffix on numeric columns. The
//! attribute schema is the table of [`super::model`], not this module's.

use std::io::Write;

use petgraph::visit::EdgeRef;

use super::graph::EntityGraph;
use super::model::{Attribute, NodeContext, EDGE_ATTRIBUTES, NODE_ATTRIBUTES};
use super::{output_error, palette, sizes};
use crate::error::Result;

/// The file name of the node table.
pub const NODES_FILE: &str = "nodes.csv";
/// The file name of the edge table.
pub const EDGES_FILE: &str = "edges.csv";

/// The Neo4j headers of the columns among `attributes`.
fn columns(attributes: &[Attribute]) -> impl Iterator<Item = String> + '_ {
    attributes
        .iter()
        .filter(|a| a.column)
        .map(|a| match a.ty.gexf() {
            "integer" => format!("{}:int", a.name),
            "double" => format!("{}:double", a.name),
            _ => a.name.to_string(),
        })
}

/// The header row of `nodes.csv`.
pub fn node_header() -> Vec<String> {
    let mut h = vec!["id:ID".to_string(), "label".into(), ":LABEL".into()];
    h.extend(columns(NODE_ATTRIBUTES));
    h
}

/// The header row of `edges.csv`.
pub fn edge_header() -> Vec<String> {
    let mut h = vec![
        ":START_ID".to_string(),
        ":END_ID".into(),
        ":TYPE".into(),
        "label".into(),
        "weight:int".into(),
    ];
    h.extend(columns(EDGE_ATTRIBUTES));
    h
}

/// Writes the node table of `graph`.
pub fn write_nodes(graph: &EntityGraph, out: &mut dyn Write) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(node_header()).map_err(output_error)?;
    let degrees = graph.degrees();
    let sizes = sizes(graph, 5.0, 40.0);
    for n in graph.graph.node_indices() {
        let node = &graph.graph[n];
        let labels: Vec<&str> = std::iter::once(node.class.as_str())
            .chain(
                node.classes
                    .iter()
                    .map(String::as_str)
                    .filter(|c| *c != node.class),
            )
            .collect();
        let values = node.attribute_values(NodeContext {
            degree: degrees[n.index()],
            size: sizes[n.index()],
            color: palette::hex(&node.class),
        });
        let attributes = NODE_ATTRIBUTES
            .iter()
            .zip(&values)
            .filter(|(a, _)| a.column)
            .map(|(_, v)| v.as_deref().unwrap_or(""));
        let labels = labels.join(";");
        let mut row = vec![node.iri.as_str(), node.label(), labels.as_str()];
        row.extend(attributes);
        w.write_record(&row).map_err(output_error)?;
    }
    w.flush().map_err(output_error)
}

/// Writes the edge table of `graph`.
pub fn write_edges(graph: &EntityGraph, out: &mut dyn Write) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(edge_header()).map_err(output_error)?;
    for e in graph.graph.edge_references() {
        let rel = e.weight();
        let weight = rel.weight.to_string();
        let values = rel.attribute_values();
        let mut row = vec![
            graph.graph[e.source()].iri.as_str(),
            graph.graph[e.target()].iri.as_str(),
            rel.predicate.as_str(),
            rel.predicate.as_str(),
            weight.as_str(),
        ];
        row.extend(
            EDGE_ATTRIBUTES
                .iter()
                .zip(&values)
                .filter(|(a, _)| a.column)
                .map(|(_, v)| v.as_deref().unwrap_or("")),
        );
        w.write_record(&row).map_err(output_error)?;
    }
    w.flush().map_err(output_error)
}
