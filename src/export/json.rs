//! Cytoscape.js elements JSON writer.
//!
//! The output is what `cytoscape({ elements })` and Cytoscape desktop's
//! "Import Network from File" (cyjs) read:
//!
//! ```json
//! {"elements": {
//!   "nodes": [{"data": {"id": "<IRI>", "label": "국무원", "class": "Agency",
//!              "label_ko": "국무원", "label_zh": "国务院", "label_en": "State Council",
//!              "iri": "<IRI>", "deadline": 2025, "value": 8e11, "unit": "CNY",
//!              "sources": ["<article IRI>"], "mention_count": 4, "degree": 7,
//!              "color": "#E15759", "size": 40.0, "start": "2023-10-17", "end": "2025-12-31"}}],
//!   "edges": [{"data": {"id": "e0", "source": "<IRI>", "target": "<IRI>",
//!              "label": "issuedBy", "relation": "issuedBy", "predicate": "<IRI>", "weight": 1}}]}}
//! ```
//!
//! Attributes an entity does not have are left out. Style with
//! `background-color: data(color)` and `width: data(size)`. The data keys
//! are the attribute table of [`super::model`] (checked by a test), typed
//! as JSON numbers, strings and arrays; the table is not this module's.

use std::io::Write;

use petgraph::visit::EdgeRef;
use serde::Serialize;

use super::graph::EntityGraph;
use super::{output_error, palette, sizes};
use crate::error::Result;

/// The whole document: `{"elements": …}`.
#[derive(Debug, Serialize)]
pub struct CytoscapeDocument<'a> {
    /// Nodes and edges.
    pub elements: Elements<'a>,
}

/// Cytoscape.js `elements` in group form.
#[derive(Debug, Serialize)]
pub struct Elements<'a> {
    /// Node elements.
    pub nodes: Vec<Element<NodeData<'a>>>,
    /// Edge elements.
    pub edges: Vec<Element<EdgeData<'a>>>,
}

/// One element: `{"data": …}`.
#[derive(Debug, Serialize)]
pub struct Element<T> {
    /// The element's data.
    pub data: T,
}

/// The data of a node element.
#[derive(Debug, Serialize)]
pub struct NodeData<'a> {
    /// The entity IRI.
    pub id: &'a str,
    /// Display label (Korean when known).
    pub label: &'a str,
    /// Most specific class.
    pub class: &'a str,
    /// Korean label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_ko: Option<&'a str>,
    /// Chinese label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_zh: Option<&'a str>,
    /// English label.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub label_en: Option<&'a str>,
    /// The entity IRI (again, for tools that hide `id`).
    pub iri: &'a str,
    /// Deadline year of a target.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub deadline: Option<i32>,
    /// Value of a target or indicator.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub value: Option<f64>,
    /// Unit of the value.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit: Option<&'a str>,
    /// What is measured.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub metric: Option<&'a str>,
    /// Source article IRIs.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub sources: Vec<&'a str>,
    /// Mentions over all reports.
    pub mention_count: u64,
    /// Undirected degree.
    pub degree: usize,
    /// Palette colour of the class.
    pub color: &'a str,
    /// Size from the degree.
    pub size: f64,
    /// Start of the node's time interval (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub start: Option<String>,
    /// End of the node's time interval (`YYYY-MM-DD`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub end: Option<String>,
}

/// The data of an edge element.
#[derive(Debug, Serialize)]
pub struct EdgeData<'a> {
    /// `e` and the edge index.
    pub id: String,
    /// Source entity IRI.
    pub source: &'a str,
    /// Target entity IRI.
    pub target: &'a str,
    /// Predicate local name.
    pub label: &'a str,
    /// Predicate local name (Gephi/Cytoscape column).
    pub relation: &'a str,
    /// Predicate IRI.
    pub predicate: &'a str,
    /// Supporting articles.
    pub weight: u32,
}

/// Builds the Cytoscape.js document of `graph`.
pub fn document(graph: &EntityGraph) -> CytoscapeDocument<'_> {
    let degrees = graph.degrees();
    let sizes = sizes(graph, 5.0, 40.0);
    let nodes = graph
        .graph
        .node_indices()
        .map(|n| {
            let node = &graph.graph[n];
            let (start, end) = node.interval();
            Element {
                data: NodeData {
                    id: &node.iri,
                    label: node.label(),
                    class: &node.class,
                    label_ko: node.label_ko.as_deref(),
                    label_zh: node.label_zh.as_deref(),
                    label_en: node.label_en.as_deref(),
                    iri: &node.iri,
                    deadline: node
                        .deadline
                        .as_deref()
                        .and_then(|d| d.get(..4))
                        .and_then(|d| d.parse().ok()),
                    value: node.value.as_deref().and_then(|v| v.parse().ok()),
                    unit: node.unit.as_deref(),
                    metric: node.metric.as_deref(),
                    sources: node.sources.iter().map(|s| s.iri.as_str()).collect(),
                    mention_count: node.mention_count,
                    degree: degrees[n.index()],
                    color: palette::hex(&node.class),
                    size: sizes[n.index()],
                    start,
                    end,
                },
            }
        })
        .collect();
    let edges = graph
        .graph
        .edge_references()
        .map(|e| {
            let rel = e.weight();
            Element {
                data: EdgeData {
                    id: format!("e{}", e.id().index()),
                    source: &graph.graph[e.source()].iri,
                    target: &graph.graph[e.target()].iri,
                    label: &rel.predicate,
                    relation: &rel.predicate,
                    predicate: &rel.iri,
                    weight: rel.weight,
                },
            }
        })
        .collect();
    CytoscapeDocument {
        elements: Elements { nodes, edges },
    }
}

/// Writes `graph` as Cytoscape.js elements JSON (pretty-printed).
pub fn write(graph: &EntityGraph, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, &document(graph)).map_err(output_error)?;
    out.write_all(b"\n").map_err(output_error)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::export::model::{EDGE_ATTRIBUTES, NODE_ATTRIBUTES};

    /// The node and edge data carry the attributes of the model's table
    /// (nodes all but `value_text`, which Cytoscape shows as `value`), plus `id`.
    #[test]
    fn data_keys_are_the_attribute_table() {
        let node = NodeData {
            id: "i",
            label: "l",
            class: "c",
            label_ko: Some("k"),
            label_zh: Some("z"),
            label_en: Some("e"),
            iri: "i",
            deadline: Some(2025),
            value: Some(1.0),
            unit: Some("u"),
            metric: Some("m"),
            sources: vec!["s"],
            mention_count: 1,
            degree: 1,
            color: "#000000",
            size: 1.0,
            start: Some("2025-01-01".into()),
            end: Some("2025-12-31".into()),
        };
        let keys = |v: serde_json::Value| -> Vec<String> {
            let mut k: Vec<String> = v
                .as_object()
                .map(|o| o.keys().cloned().collect())
                .unwrap_or_default();
            k.sort();
            k
        };
        let expected = |names: &mut dyn Iterator<Item = &str>| -> Vec<String> {
            let mut k: Vec<String> = names.map(str::to_string).collect();
            k.push("id".into());
            k.sort();
            k
        };
        let node = serde_json::to_value(&node).expect("serializes");
        assert_eq!(
            keys(node),
            expected(
                &mut NODE_ATTRIBUTES
                    .iter()
                    .map(|a| a.name)
                    .filter(|n| *n != "value_text")
            )
        );
        let edge = EdgeData {
            id: "e0".into(),
            source: "s",
            target: "t",
            label: "l",
            relation: "r",
            predicate: "p",
            weight: 1,
        };
        let mut names = EDGE_ATTRIBUTES
            .iter()
            .map(|a| a.name)
            .chain(["source", "target"]);
        assert_eq!(
            keys(serde_json::to_value(&edge).expect("serializes")),
            expected(&mut names)
        );
    }
}
