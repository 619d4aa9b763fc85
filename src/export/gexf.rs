//! GEXF 1.3 writer, for Gephi.
//!
//! Nodes carry their attributes (the columns of [`super::model::NODE_ATTRIBUTES`])
//! as declared `<attributes class="node">` columns, a `viz:color` from [`super::palette`] and a `viz:size` that grows
//! with the node's degree. The graph is `mode="dynamic"` with
//! `timeformat="date"`: programs live from their announcement (or start
//! year) to the end of their end year, targets until the end of their
//! deadline year, other entities from their first article on, so Gephi's
//! timeline can replay the policy landscape. Edges carry the predicate as
//! `label` and the number of supporting articles as `weight`.
//!
//! Ids are entity IRIs, so exports of different stores can be merged. All
//! text goes through quick-xml, which escapes it. The attribute schema is
//! not this module's: it reads the table of [`super::model`].

use std::io::Write;

use petgraph::visit::EdgeRef;
use quick_xml::events::{BytesDecl, BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

use super::graph::EntityGraph;
use super::model::{Attribute, NodeContext, EDGE_ATTRIBUTES, NODE_ATTRIBUTES};
use super::{output_error, palette, sizes};
use crate::error::Result;

/// GEXF 1.3 namespace.
pub const GEXF_NS: &str = "http://gexf.net/1.3";
/// GEXF 1.3 visualisation namespace.
pub const VIZ_NS: &str = "http://gexf.net/1.3/viz";

/// Writes `graph` as GEXF 1.3.
pub fn write(graph: &EntityGraph, out: &mut dyn Write) -> Result<()> {
    write_xml(graph, out).map_err(output_error)
}

fn write_xml(graph: &EntityGraph, out: &mut dyn Write) -> std::io::Result<()> {
    let mut w = Writer::new_with_indent(out, b' ', 2);
    w.write_event(Event::Decl(BytesDecl::new("1.0", Some("UTF-8"), None)))?;
    w.write_event(Event::Start(BytesStart::new("gexf").with_attributes([
        ("xmlns", GEXF_NS),
        ("xmlns:viz", VIZ_NS),
        ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
        (
            "xsi:schemaLocation",
            "http://gexf.net/1.3 http://gexf.net/1.3/gexf.xsd",
        ),
        ("version", "1.3"),
    ])))?;
    w.create_element("meta").write_inner_content(|w| {
        w.create_element("creator")
            .write_text_content(BytesText::new("policykg"))?;
        w.create_element("description")
            .write_text_content(BytesText::new(
                "Entities and relations of Chinese S&T policy reports",
            ))?;
        Ok(())
    })?;
    w.write_event(Event::Start(BytesStart::new("graph").with_attributes([
        ("defaultedgetype", "directed"),
        ("mode", "dynamic"),
        ("timeformat", "date"),
    ])))?;
    for (class, columns) in [("node", NODE_ATTRIBUTES), ("edge", EDGE_ATTRIBUTES)] {
        w.create_element("attributes")
            .with_attribute(("class", class))
            .write_inner_content(|w| {
                for a in columns.iter().filter(|a| a.column) {
                    w.create_element("attribute")
                        .with_attributes([("id", a.name), ("title", a.name), ("type", a.ty.gexf())])
                        .write_empty()?;
                }
                Ok(())
            })?;
    }

    let degrees = graph.degrees();
    let sizes = sizes(graph, 5.0, 40.0);
    w.write_event(Event::Start(BytesStart::new("nodes")))?;
    for n in graph.graph.node_indices() {
        let node = &graph.graph[n];
        let (start, end) = node.interval();
        let mut tag = BytesStart::new("node");
        tag.push_attribute(("id", node.iri.as_str()));
        tag.push_attribute(("label", node.label()));
        if let Some(s) = &start {
            tag.push_attribute(("start", s.as_str()));
        }
        if let Some(e) = &end {
            tag.push_attribute(("end", e.as_str()));
        }
        let values = node.attribute_values(NodeContext {
            degree: degrees[n.index()],
            size: sizes[n.index()],
            color: palette::hex(&node.class),
        });
        let (r, g, b) = palette::rgb(&node.class);
        let size = format!("{:.1}", sizes[n.index()]);
        w.write_event(Event::Start(tag.borrow()))?;
        write_attvalues(&mut w, NODE_ATTRIBUTES, &values)?;
        w.create_element("viz:color")
            .with_attributes([
                ("r", r.to_string().as_str()),
                ("g", &g.to_string()),
                ("b", &b.to_string()),
            ])
            .write_empty()?;
        w.create_element("viz:size")
            .with_attribute(("value", size.as_str()))
            .write_empty()?;
        w.write_event(Event::End(BytesEnd::new("node")))?;
    }
    w.write_event(Event::End(BytesEnd::new("nodes")))?;

    w.write_event(Event::Start(BytesStart::new("edges")))?;
    for e in graph.graph.edge_references() {
        let rel = e.weight();
        let id = format!("e{}", e.id().index());
        let weight = rel.weight.to_string();
        w.create_element("edge")
            .with_attributes([
                ("id", id.as_str()),
                ("source", graph.graph[e.source()].iri.as_str()),
                ("target", graph.graph[e.target()].iri.as_str()),
                ("label", rel.predicate.as_str()),
                ("weight", weight.as_str()),
            ])
            .write_inner_content(|w| {
                write_attvalues(w, EDGE_ATTRIBUTES, &rel.attribute_values())
            })?;
    }
    w.write_event(Event::End(BytesEnd::new("edges")))?;
    w.write_event(Event::End(BytesEnd::new("graph")))?;
    w.write_event(Event::End(BytesEnd::new("gexf")))?;
    w.get_mut().write_all(b"\n")
}

/// The `attvalues` of the declared columns among `attributes`, with
/// `values` in the same order.
fn write_attvalues<W: Write>(
    w: &mut Writer<W>,
    attributes: &[Attribute],
    values: &[Option<String>],
) -> std::io::Result<()> {
    w.create_element("attvalues").write_inner_content(|w| {
        for (a, value) in attributes.iter().zip(values) {
            if let (true, Some(v)) = (a.column, value) {
                w.create_element("attvalue")
                    .with_attributes([("for", a.name), ("value", v.as_str())])
                    .write_empty()?;
            }
        }
        Ok(())
    })?;
    Ok(())
}
