//! RDF dumps of the store: every report's named graph and the ontology's, as
//! they are in the store, streamed graph by graph to a writer. The union
//! default graph is not written in the dataset formats (it is derived: a
//! [`crate::load`] of the dump rebuilds it); Turtle, which holds one graph,
//! gets the union itself, or the one report asked for. The graphs that
//! record pushes are bookkeeping and never dumped.
//!
//! This module reads only; [`crate::load`] is its way back.

use std::io::Write;
use std::str::FromStr;

use oxigraph::io::{JsonLdProfileSet, RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNode, TripleRef};

use crate::error::{Error, Result};
use crate::rdf::vocab;
use crate::store::KnowledgeStore;

/// A dump format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DumpFormat {
    /// N-Quads: one quad a line, what bulk loaders take fastest.
    NQuads,
    /// TriG: each graph as a block, prefixed names.
    TriG,
    /// Turtle: one graph (the union, or `--report`'s).
    Turtle,
    /// JSON-LD 1.1 with named graphs.
    JsonLd,
}

impl DumpFormat {
    /// Every format, as the command line spells them.
    pub const ALL: [(DumpFormat, &'static str); 4] = [
        (Self::NQuads, "nquads"),
        (Self::TriG, "trig"),
        (Self::Turtle, "turtle"),
        (Self::JsonLd, "jsonld"),
    ];

    /// The Oxigraph format.
    pub fn rdf_format(self) -> RdfFormat {
        match self {
            Self::NQuads => RdfFormat::NQuads,
            Self::TriG => RdfFormat::TriG,
            Self::Turtle => RdfFormat::Turtle,
            Self::JsonLd => RdfFormat::JsonLd {
                profile: JsonLdProfileSet::empty(),
            },
        }
    }

    /// Whether the format holds named graphs.
    pub fn holds_graphs(self) -> bool {
        self != Self::Turtle
    }

    /// The format a file name's extension names (`.nq`, `.trig`, `.ttl`, `.jsonld`).
    pub fn from_extension(ext: &str) -> Option<DumpFormat> {
        match ext.to_ascii_lowercase().as_str() {
            "nq" | "nquads" => Some(Self::NQuads),
            "trig" => Some(Self::TriG),
            "ttl" | "turtle" => Some(Self::Turtle),
            "jsonld" | "json" => Some(Self::JsonLd),
            _ => None,
        }
    }
}

impl FromStr for DumpFormat {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        Self::ALL
            .into_iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(s.trim()))
            .map(|(f, _)| f)
            .ok_or_else(|| {
                Error::NotFound(format!(
                    "unknown dump format '{s}'; use nquads, trig, turtle or jsonld"
                ))
            })
    }
}

/// What a dump wrote.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct DumpStats {
    /// Named graphs written (0 for Turtle).
    pub graphs: usize,
    /// Quads (or triples) written.
    pub quads: usize,
}

/// The graphs a dump writes: every data graph, or the one report `report`
/// names (its file name, `report.md`, or its graph IRI).
pub fn graphs_to_dump(store: &KnowledgeStore, report: Option<&str>) -> Result<Vec<NamedNode>> {
    let graphs = store.data_graphs()?;
    let Some(wanted) = report else {
        return Ok(graphs);
    };
    let iri = if wanted.contains("://") {
        wanted.to_string()
    } else {
        crate::rdf::iri::report(wanted).as_str().to_string()
    };
    match graphs.into_iter().find(|g| g.as_str() == iri) {
        Some(g) => Ok(vec![g]),
        None => Err(Error::NotFound(format!(
            "no report `{wanted}` in the store (its graph would be <{iri}>)"
        ))),
    }
}

/// Writes the dump in `format`: the graphs of [`graphs_to_dump`], or for
/// Turtle the union default graph (or the one report's triples).
pub fn dump(
    store: &KnowledgeStore,
    format: DumpFormat,
    report: Option<&str>,
    out: &mut dyn Write,
) -> Result<DumpStats> {
    let graphs = graphs_to_dump(store, report)?;
    let mut serializer = RdfSerializer::from_format(format.rdf_format());
    if format != DumpFormat::NQuads {
        for (prefix, iri) in [
            ("pk", vocab::PK),
            ("pkid", vocab::PKID),
            ("rdf", vocab::RDF),
            ("rdfs", vocab::RDFS),
            ("skos", vocab::SKOS),
            ("prov", vocab::PROV),
            ("dcterms", vocab::DCTERMS),
            ("xsd", vocab::XSD),
            ("owl", vocab::OWL),
        ] {
            serializer = serializer
                .with_prefix(prefix, iri)
                .map_err(|e| Error::Output(e.to_string()))?;
        }
    }
    let mut writer = serializer.for_writer(out);
    let mut stats = DumpStats::default();
    if format.holds_graphs() {
        for g in &graphs {
            for q in store.graph_iter(GraphNameRef::NamedNode(g.as_ref())) {
                writer.serialize_quad(&q?).map_err(Error::from_write)?;
                stats.quads += 1;
            }
            stats.graphs += 1;
        }
    } else {
        let graph = match (report, graphs.first()) {
            (Some(_), Some(g)) => GraphNameRef::NamedNode(g.as_ref()),
            _ => GraphNameRef::DefaultGraph,
        };
        for q in store.graph_iter(graph) {
            let q = q?;
            writer
                .serialize_triple(TripleRef::from(q.as_ref()))
                .map_err(Error::from_write)?;
            stats.quads += 1;
        }
    }
    writer.finish().map_err(Error::from_write)?;
    Ok(stats)
}
