//! CSV tables of the entity graph: `nodes.csv` and `edges.csv`, with the
//! attributes of the GEXF export ([`super::gexf::NODE_ATTRIBUTES`],
//! [`super::gexf::EDGE_ATTRIBUTES`]), for Gephi's spreadsheet import, pandas
//! and Excel. The headers follow Neo4j's `neo4j-admin database import`
//! convention, so the same two files load into Neo4j: the node table's
//! `id:ID` (the entity IRI) and `:LABEL` (its classes, `;`-separated), the
//! edge table's `:START_ID`, `:END_ID` and `:TYPE` (the predicate's local
//! name), and a `:int` / `:double` suffix on numeric columns.

use std::io::Write;

use petgraph::visit::EdgeRef;

use super::gexf::{EDGE_ATTRIBUTES, NODE_ATTRIBUTES};
use super::graph::EntityGraph;
use super::output_error;
use crate::error::Result;

/// The file name of the node table.
pub const NODES_FILE: &str = "nodes.csv";
/// The file name of the edge table.
pub const EDGES_FILE: &str = "edges.csv";

/// The Neo4j header of a GEXF attribute of type `ty`.
fn column(id: &str, ty: &str) -> String {
    match ty {
        "integer" => format!("{id}:int"),
        "double" => format!("{id}:double"),
        _ => id.to_string(),
    }
}

/// The header row of `nodes.csv`.
pub fn node_header() -> Vec<String> {
    let mut h = vec!["id:ID".to_string(), "label".into(), ":LABEL".into()];
    h.extend(NODE_ATTRIBUTES.iter().map(|(id, ty)| column(id, ty)));
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
    h.extend(EDGE_ATTRIBUTES.iter().map(|(id, ty)| column(id, ty)));
    h
}

/// Writes the node table of `graph`.
pub fn write_nodes(graph: &EntityGraph, out: &mut dyn Write) -> Result<()> {
    let mut w = ::csv::Writer::from_writer(out);
    w.write_record(node_header()).map_err(output_error)?;
    let degrees = graph.degrees();
    for n in graph.graph.node_indices() {
        let node = &graph.graph[n];
        let (sources, deadline, value) = node.written_attributes();
        let labels: Vec<&str> = std::iter::once(node.class.as_str())
            .chain(
                node.classes
                    .iter()
                    .map(String::as_str)
                    .filter(|c| *c != node.class),
            )
            .collect();
        let degree = degrees[n.index()].to_string();
        let mentions = node.mention_count.to_string();
        let attributes: [&str; 13] = [
            &node.class,
            node.label_ko.as_deref().unwrap_or(""),
            node.label_zh.as_deref().unwrap_or(""),
            node.label_en.as_deref().unwrap_or(""),
            &node.iri,
            deadline.unwrap_or(""),
            value.unwrap_or(""),
            node.unit.as_deref().unwrap_or(""),
            node.value_text.as_deref().unwrap_or(""),
            node.metric.as_deref().unwrap_or(""),
            sources.as_deref().unwrap_or(""),
            &mentions,
            &degree,
        ];
        debug_assert_eq!(attributes.len(), NODE_ATTRIBUTES.len());
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
        w.write_record([
            graph.graph[e.source()].iri.as_str(),
            graph.graph[e.target()].iri.as_str(),
            rel.predicate.as_str(),
            rel.predicate.as_str(),
            weight.as_str(),
            rel.predicate.as_str(),
            rel.iri.as_str(),
        ])
        .map_err(output_error)?;
    }
    w.flush().map_err(output_error)
}
