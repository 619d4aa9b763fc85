//! Graphviz DOT writer, and SVG through Graphviz's `dot`.
//!
//! One `cluster_<Class>` subgraph per class (in palette order) keeps agencies,
//! programs, targets… together; nodes are filled with the class colour of
//! [`super::palette`], edges are labelled with the predicate and drawn wider
//! the more articles support them. Node ids are quoted IRIs and every label
//! is a quoted, escaped string, so Korean and Chinese text is safe. For PNG
//! output with Hangul install a CJK font (e.g. NanumGothic); SVG needs none.

use std::collections::BTreeMap;
use std::io::Write;
use std::process::{Command, Stdio};

use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;

use super::graph::EntityGraph;
use super::{output_error, palette};
use crate::error::{Error, Result};

/// Writes `graph` as a DOT `digraph`.
pub fn write(graph: &EntityGraph, out: &mut dyn Write) -> Result<()> {
    write_dot(graph, out).map_err(output_error)
}

fn write_dot(graph: &EntityGraph, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "digraph policykg {{")?;
    writeln!(out, "  graph [rankdir=LR, fontname=\"NanumGothic,Noto Sans CJK KR,sans-serif\", compound=true, newrank=true];")?;
    writeln!(
        out,
        "  node [shape=box, style=\"rounded,filled\", fontname=\"NanumGothic,Noto Sans CJK KR,sans-serif\", fontsize=11];"
    )?;
    writeln!(out, "  edge [fontname=\"NanumGothic,Noto Sans CJK KR,sans-serif\", fontsize=9, color=\"#666666\"];")?;
    let mut by_class: BTreeMap<(usize, &str), Vec<NodeIndex>> = BTreeMap::new();
    for n in graph.graph.node_indices() {
        let class = graph.graph[n].class.as_str();
        by_class
            .entry((palette::order(class), class))
            .or_default()
            .push(n);
    }
    for ((_, class), nodes) in &by_class {
        writeln!(out, "  subgraph {} {{", quote(&format!("cluster_{class}")))?;
        writeln!(
            out,
            "    label={}; style=dashed; color={};",
            quote(class),
            quote(palette::hex(class))
        )?;
        for &n in nodes {
            let node = &graph.graph[n];
            let mut tooltip = format!("{} · {}", node.class, node.iri);
            if let (Some(v), Some(u)) = (&node.value_text, &node.deadline) {
                tooltip.push_str(&format!(" · {v} by {u}"));
            }
            writeln!(
                out,
                "    {} [label={}, fillcolor={}, tooltip={}];",
                quote(&node.iri),
                quote(node.label()),
                quote(palette::hex(&node.class)),
                quote(&tooltip)
            )?;
        }
        writeln!(out, "  }}")?;
    }
    for e in graph.graph.edge_references() {
        let rel = e.weight();
        writeln!(
            out,
            "  {} -> {} [label={}, weight={}, penwidth={:.1}];",
            quote(&graph.graph[e.source()].iri),
            quote(&graph.graph[e.target()].iri),
            quote(&rel.predicate),
            rel.weight,
            1.0 + (f64::from(rel.weight) - 1.0).clamp(0.0, 4.0)
        )?;
    }
    writeln!(out, "}}")
}

/// A DOT double-quoted string: `"` and `\` escaped, line breaks as `\n`.
pub fn quote(text: &str) -> String {
    let mut q = String::with_capacity(text.len() + 2);
    q.push('"');
    for c in text.chars() {
        match c {
            '"' => q.push_str("\\\""),
            '\\' => q.push_str("\\\\"),
            '\n' => q.push_str("\\n"),
            '\r' => {}
            c => q.push(c),
        }
    }
    q.push('"');
    q
}

/// Writes `graph` as SVG by running Graphviz `dot -Tsvg` on the DOT export.
pub fn write_svg(graph: &EntityGraph, out: &mut dyn Write) -> Result<()> {
    let mut dot_text = Vec::new();
    write(graph, &mut dot_text)?;
    let mut child = Command::new("dot")
        .arg("-Tsvg")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            Error::Output(if e.kind() == std::io::ErrorKind::NotFound {
                "svg needs Graphviz's `dot` on PATH (e.g. apt-get install graphviz); or export --format dot".into()
            } else {
                format!("cannot run Graphviz `dot`: {e}")
            })
        })?;
    // Feed stdin from a thread so a large graph cannot dead-lock on full pipes.
    let mut stdin = child
        .stdin
        .take()
        .ok_or_else(|| Error::Output("cannot write to `dot`".into()))?;
    let feeder = std::thread::spawn(move || stdin.write_all(&dot_text));
    let output = child.wait_with_output().map_err(output_error)?;
    let fed = feeder
        .join()
        .map_err(|_| Error::Output("writing to `dot` failed".into()))?;
    if !output.status.success() {
        let message = String::from_utf8_lossy(&output.stderr);
        return Err(Error::Output(format!(
            "Graphviz `dot` failed: {}",
            message.lines().next().unwrap_or("no message")
        )));
    }
    fed.map_err(output_error)?;
    out.write_all(&output.stdout).map_err(output_error)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoting() {
        for (input, expected) in [
            ("국무원", "\"국무원\""),
            ("say \"hi\"", "\"say \\\"hi\\\"\""),
            ("a\\b", "\"a\\\\b\""),
            ("two\nlines", "\"two\\nlines\""),
        ] {
            assert_eq!(quote(input), expected, "{input}");
        }
    }
}
