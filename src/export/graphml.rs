//! GraphML writer, for yEd, Gephi, Cytoscape and networkx.
//!
//! Every attribute is declared once as a typed `<key>` (`attr.name`,
//! `attr.type` of `string`, `int` or `double`), which is what all four
//! readers need to show and filter on it; values that an entity does not
//! have are left out rather than written empty. Ids are entity IRIs. Text is
//! escaped by quick-xml.

use std::io::Write;

use petgraph::visit::EdgeRef;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::graph::EntityGraph;
use super::{output_error, palette, sizes};
use crate::error::Result;

/// Node keys: (key id = attribute name, GraphML type).
pub const NODE_KEYS: &[(&str, &str)] = &[
    ("label", "string"),
    ("class", "string"),
    ("label_ko", "string"),
    ("label_zh", "string"),
    ("label_en", "string"),
    ("iri", "string"),
    ("deadline", "int"),
    ("value", "double"),
    ("unit", "string"),
    ("value_text", "string"),
    ("metric", "string"),
    ("start", "string"),
    ("end", "string"),
    ("sources", "string"),
    ("mention_count", "int"),
    ("degree", "int"),
    ("color", "string"),
    ("size", "double"),
];

/// Edge keys: (key id = attribute name, GraphML type).
pub const EDGE_KEYS: &[(&str, &str)] = &[
    ("label", "string"),
    ("relation", "string"),
    ("predicate", "string"),
    ("weight", "double"),
];

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
    for (domain, keys, prefix) in [("node", NODE_KEYS, "n_"), ("edge", EDGE_KEYS, "e_")] {
        for (name, ty) in keys {
            let id = format!("{prefix}{name}");
            w.create_element("key")
                .with_attributes([
                    ("id", id.as_str()),
                    ("for", domain),
                    ("attr.name", name),
                    ("attr.type", ty),
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
        let (start, end) = node.interval();
        let (sources, deadline, value) = node.written_attributes();
        let degree = degrees[n.index()].to_string();
        let mentions = node.mention_count.to_string();
        let size = format!("{:.1}", sizes[n.index()]);
        let data: [(&str, Option<&str>); 18] = [
            ("label", Some(node.label())),
            ("class", Some(&node.class)),
            ("label_ko", node.label_ko.as_deref()),
            ("label_zh", node.label_zh.as_deref()),
            ("label_en", node.label_en.as_deref()),
            ("iri", Some(&node.iri)),
            ("deadline", deadline),
            ("value", value),
            ("unit", node.unit.as_deref()),
            ("value_text", node.value_text.as_deref()),
            ("metric", node.metric.as_deref()),
            ("start", start.as_deref()),
            ("end", end.as_deref()),
            ("sources", sources.as_deref()),
            ("mention_count", Some(&mentions)),
            ("degree", Some(&degree)),
            ("color", Some(palette::hex(&node.class))),
            ("size", Some(&size)),
        ];
        w.create_element("node")
            .with_attribute(("id", node.iri.as_str()))
            .write_inner_content(|w| write_data(w, "n_", &data))?;
    }
    for e in graph.graph.edge_references() {
        let rel = e.weight();
        let id = format!("e{}", e.id().index());
        let weight = rel.weight.to_string();
        let data = [
            ("label", Some(rel.predicate.as_str())),
            ("relation", Some(rel.predicate.as_str())),
            ("predicate", Some(rel.iri.as_str())),
            ("weight", Some(weight.as_str())),
        ];
        w.create_element("edge")
            .with_attributes([
                ("id", id.as_str()),
                ("source", graph.graph[e.source()].iri.as_str()),
                ("target", graph.graph[e.target()].iri.as_str()),
            ])
            .write_inner_content(|w| write_data(w, "e_", &data))?;
    }
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("graphml")))?;
    w.get_mut().write_all(b"\n")
}

fn write_data<W: Write>(
    w: &mut Writer<W>,
    prefix: &str,
    data: &[(&str, Option<&str>)],
) -> std::io::Result<()> {
    for (key, value) in data {
        if let Some(v) = value {
            let id = format!("{prefix}{key}");
            w.create_element("data")
                .with_attribute(("key", id.as_str()))
                .write_text_content(BytesText::new(v))?;
        }
    }
    Ok(())
}
