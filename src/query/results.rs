//! Query results written out: the aligned table for people, W3C SPARQL
//! results (CSV, TSV, JSON, XML) for tools, and RDF (N-Triples, Turtle
//! with the vocabulary's prefixes, …) for `CONSTRUCT` and `DESCRIBE`.
//! `policykg query` ([`write_results`]) and the SPARQL endpoint of
//! `policykg serve` (through [`write_solutions`], [`write_boolean`],
//! [`write_triples`] and [`rdf_serializer`]) print through this module.
//!
//! It does not parse or run queries ([`super`]), bind parameters
//! (`query/bind.rs`), negotiate formats (`serve::negotiate`) or lay out
//! tables ([`crate::render`]).

use std::io::Write;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::IriParseError;
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryEvaluationError, QueryResults, QuerySolutionIter, QueryTripleIter};

use super::QuerySource;
use crate::error::{Error, Result};
use crate::rdf::vocab;
use crate::render;

/// Output formats of `policykg query`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Aligned columns for people (Turtle for graphs).
    Table,
    /// RFC 4180 CSV (W3C SPARQL results CSV).
    Csv,
    /// W3C SPARQL results TSV.
    Tsv,
    /// W3C SPARQL 1.1 Query Results JSON (N-Triples for graphs).
    Json,
}

impl Format {
    /// The W3C results format of solutions and booleans; `None` for the table.
    fn results_format(self) -> Option<QueryResultsFormat> {
        match self {
            Format::Table => None,
            Format::Csv => Some(QueryResultsFormat::Csv),
            Format::Tsv => Some(QueryResultsFormat::Tsv),
            Format::Json => Some(QueryResultsFormat::Json),
        }
    }
}

/// Why results could not be written: the query failed while its rows were
/// read, or the output did.
#[derive(Debug)]
pub enum WriteError {
    /// Evaluating the next row failed (or was cancelled).
    Evaluation(QueryEvaluationError),
    /// Writing failed.
    Io(std::io::Error),
}

/// Writes `solutions` as W3C SPARQL results in `format`.
pub fn write_solutions(
    solutions: QuerySolutionIter<'_>,
    format: QueryResultsFormat,
    out: &mut dyn Write,
) -> std::result::Result<(), WriteError> {
    let variables = solutions.variables().to_vec();
    let mut ser = QueryResultsSerializer::from_format(format)
        .serialize_solutions_to_writer(&mut *out, variables)
        .map_err(WriteError::Io)?;
    for s in solutions {
        let s = s.map_err(WriteError::Evaluation)?;
        ser.serialize(&s).map_err(WriteError::Io)?;
    }
    ser.finish().map_err(WriteError::Io)?;
    Ok(())
}

/// Writes an `ASK` answer as W3C SPARQL results in `format`.
pub fn write_boolean(
    answer: bool,
    format: QueryResultsFormat,
    out: &mut dyn Write,
) -> std::io::Result<()> {
    QueryResultsSerializer::from_format(format)
        .serialize_boolean_to_writer(&mut *out, answer)
        .map(|_| ())
}

/// A serializer for `format`, with the vocabulary's prefixes where the
/// format has prefixes (Turtle, TriG, RDF/XML).
pub fn rdf_serializer(format: RdfFormat) -> std::result::Result<RdfSerializer, IriParseError> {
    let mut ser = RdfSerializer::from_format(format);
    if matches!(
        format,
        RdfFormat::Turtle | RdfFormat::TriG | RdfFormat::RdfXml
    ) {
        for (p, ns) in [
            ("pk", vocab::PK),
            ("pkid", vocab::PKID),
            ("rdfs", vocab::RDFS),
            ("skos", vocab::SKOS),
            ("prov", vocab::PROV),
            ("dcterms", vocab::DCTERMS),
            ("xsd", vocab::XSD),
        ] {
            ser = ser.with_prefix(p, ns)?;
        }
    }
    Ok(ser)
}

/// Writes the triples of a `CONSTRUCT` or `DESCRIBE` with `serializer`.
pub fn write_triples(
    triples: QueryTripleIter<'_>,
    serializer: RdfSerializer,
    out: &mut dyn Write,
) -> std::result::Result<(), WriteError> {
    let mut w = serializer.for_writer(&mut *out);
    for t in triples {
        let t = t.map_err(WriteError::Evaluation)?;
        w.serialize_triple(&t).map_err(WriteError::Io)?;
    }
    w.finish().map_err(WriteError::Io)?;
    Ok(())
}

/// Writes query results in `format` (what `policykg query` prints).
pub fn write_results(
    results: QueryResults<'_>,
    source: &QuerySource,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let io = Error::from_write;
    let failed = |e: WriteError| match e {
        WriteError::Evaluation(e) => Error::Sparql {
            origin: source.origin.clone(),
            message: e.to_string(),
        },
        WriteError::Io(e) => Error::from_write(e),
    };
    match results {
        QueryResults::Solutions(solutions) => match format.results_format() {
            None => {
                let variables: Vec<_> = solutions.variables().to_vec();
                let mut rows: Vec<Vec<String>> = Vec::new();
                for s in solutions {
                    let s = s.map_err(|e| failed(WriteError::Evaluation(e)))?;
                    rows.push(
                        variables
                            .iter()
                            .map(|v| s.get(v).map(display_term).unwrap_or_default())
                            .collect(),
                    );
                }
                let header: Vec<String> =
                    variables.iter().map(|v| v.as_str().to_string()).collect();
                render::write_ruled_table(out, &header, &rows).map_err(io)?;
            }
            Some(fmt) => write_solutions(solutions, fmt, out).map_err(failed)?,
        },
        QueryResults::Boolean(b) => match format.results_format() {
            None => writeln!(out, "{b}").map_err(io)?,
            Some(fmt) => write_boolean(b, fmt, out).map_err(io)?,
        },
        QueryResults::Graph(triples) => {
            let rdf = if format == Format::Table {
                RdfFormat::Turtle
            } else {
                RdfFormat::NTriples
            };
            let ser = rdf_serializer(rdf).map_err(|e| Error::Output(e.to_string()))?;
            write_triples(triples, ser, out).map_err(failed)?;
        }
    }
    out.flush().map_err(io)
}

/// A term as people read it: IRIs shortened with the known prefixes, literals bare.
pub fn display_term(t: &Term) -> String {
    match t {
        Term::NamedNode(n) => {
            let s = n.as_str();
            for (p, ns) in [
                ("pk:", vocab::PK),
                ("pkid:", vocab::PKID),
                ("rdfs:", vocab::RDFS),
                ("xsd:", vocab::XSD),
            ] {
                if let Some(local) = s.strip_prefix(ns) {
                    return format!("{p}{local}");
                }
            }
            s.to_string()
        }
        Term::BlankNode(b) => format!("_:{}", b.as_str()),
        Term::Literal(l) => l.value().to_string(),
        #[allow(unreachable_patterns)]
        _ => t.to_string(),
    }
}
