//! GraphML writer, for yEd, Gephi, Cytoscape and networkx.
//!
//! Every attribute is declared once as a typed `<key>` (`attr.name`,
//! `attr.type` of `string`, `int` or `double`), which is what all four
//! readers need to show and filter on it; values that an entity does not
//! have are left out rather than written empty. Ids are entity IRIs. Text is
//! escaped by quick-xml. The attributes and their types are the table of
//! [`super::model`] (`NODE_ATTRIBUTES`, `EDGE_ATTRIBUTES`), not this
//! module's.

use std::io::Write;

use petgraph::visit::EdgeRef;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::graph::EntityGraph;
use super::model::{Attribute, NodeContext, EDGE_ATTRIBUTES, NODE_ATTRIBUTES};
use super::{output_error, palette, sizes};
use crate::error::Result;

/// Writes `graph` as GraphML.
pub fn write(graph: &EntityGraph, out: &mut dyn Write) -> Result<()> {
    write_xml(graph, out).map_err(output_error)
}

fn write_xml(graph: &EntityGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("graphml").with_attributes([
        ("xmlns", "http://graphml.graphdrawing.org/xmlns"),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://graphml.graphdrawing.org/xmlns http://graphml.graphdrawing.org/xmlns/1.0/graphml.xsd",
        ),
    ])))?;
    for (domain, keys, prefix) in [
        ("node", NODE_ATTRIBUTES, "n_"),
        ("edge", EDGE_ATTRIBUTES, "e_"),
    ] {
        for a in keys {
            let id = format!("{prefix}{}", a.name);
            w.create_element("key")
                .with_attributes([
                    ("id", id.as_str()),
                    ("for", domain),
                    ("attr.name", a.name),
                    ("attr.type", a.ty.graphml()),
                ])
                .write_empty()?;
        }
    }
    w.write_event(Event::Start(
        BytesStart::new("graph").with_attributes([("id", "policykg"), ("edgedefault", "directed")]),
    ))?;
    let degrees = graph.degrees();
    let sizes = sizes(graph, 5.0, 40.0);
    for n in graph.graph.node_indices() {
        let node = &graph.graph[n];
        let data = node.attribute_values(NodeContext {
            degree: degrees[n.index()],
            size: sizes[n.index()],
            color: palette::hex(&node.class),
        });
        w.create_element("node")
            .with_attribute(("id", node.iri.as_str()))
            .write_inner_content(|w| write_data(w, "n_", NODE_ATTRIBUTES, &data))?;
    }
    for e in graph.graph.edge_references() {
        let rel = e.weight();
        let id = format!("e{}", e.id().index());
        let data = rel.attribute_values();
        w.create_element("edge")
            .with_attributes([
                ("id", id.as_str()),
                ("source", graph.graph[e.source()].iri.as_str()),
                ("target", graph.graph[e.target()].iri.as_str()),
            ])
            .write_inner_content(|w| write_data(w, "e_", EDGE_ATTRIBUTES, &data))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.get_mut().write_all(b"\n")
}

/// The `data` of `attributes` with `values` in the same order, keys
/// prefixed with `prefix`.
fn write_data<W: Write>(
    w: &mut Writer<W>,
    prefix: &str,
    attributes: &[Attribute],
    values: &[Option<String>],
) -> std::io::Result<()> {
    for (a, value) in attributes.iter().zip(values) {
        if let Some(v) = value {
            let id = format!("{prefix}{}", a.name);
            w.create_element("data")
                .with_attribute(("key", id.as_str()))
                .write_text_content(BytesText::new(v))?;
        }
    }
    Ok(())
}
