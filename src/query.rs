//! SPARQL over the store: named queries shipped in `queries/`, result
//! printers (aligned table for people; CSV, TSV and W3C SPARQL Results JSON
//! for tools; N-Triples for CONSTRUCT/DESCRIBE). Queries see the union of
//! all named graphs as their default graph (materialised by the store, so
//! a triple stated by many reports is seen once). Read-only.

use std::collections::BTreeSet;
use std::io::Write;
use std::path::Path;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::Term;
use oxigraph::sparql::results::{QueryResultsFormat, QueryResultsSerializer};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use spargebra::algebra::GraphPattern;
use spargebra::term::{NamedNodePattern, TermPattern};

use crate::error::{Error, Result};
use crate::rdf::vocab;

/// Queries shipped with policykg: (name, text).
pub const NAMED_QUERIES: &[(&str, &str)] = &[
    (
        "agency-targets",
        include_str!("../queries/agency-targets.rq"),
    ),
    (
        "programs-by-agency",
        include_str!("../queries/programs-by-agency.rq"),
    ),
    (
        "technologies-by-program",
        include_str!("../queries/technologies-by-program.rq"),
    ),
    (
        "targets-by-year",
        include_str!("../queries/targets-by-year.rq"),
    ),
    (
        "city-indicators",
        include_str!("../queries/city-indicators.rq"),
    ),
    ("provenance", include_str!("../queries/provenance.rq")),
    ("entities", include_str!("../queries/entities.rq")),
];

/// Output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// Aligned columns for people.
    Table,
    /// RFC 4180 CSV (W3C SPARQL results CSV).
    Csv,
    /// W3C SPARQL results TSV.
    Tsv,
    /// W3C SPARQL 1.1 Query Results JSON (N-Triples for graphs).
    Json,
}

/// A query to run and where it comes from (for error messages).
pub struct QuerySource {
    /// `<command line>`, a file path or `queries/NAME.rq`.
    pub origin: String,
    /// SPARQL text.
    pub text: String,
}

/// Resolves the query argument: a `--file`, a shipped query's name, or the text itself.
pub fn resolve(query: Option<&str>, file: Option<&Path>) -> Result<QuerySource> {
    if let Some(f) = file {
        let text = std::fs::read_to_string(f).map_err(|source| Error::Io {
            path: f.to_path_buf(),
            source,
        })?;
        return Ok(QuerySource {
            origin: f.display().to_string(),
            text,
        });
    }
    let q = query.ok_or_else(|| {
        Error::NotFound(
            "no query given: pass SPARQL text, --file F.rq or a name (see `policykg query --list`)"
                .into(),
        )
    })?;
    if let Some((name, text)) = NAMED_QUERIES.iter().find(|(n, _)| *n == q) {
        return Ok(QuerySource {
            origin: format!("queries/{name}.rq"),
            text: text.to_string(),
        });
    }
    let looks_like_name = q
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if looks_like_name {
        let names: Vec<&str> = NAMED_QUERIES.iter().map(|(n, _)| *n).collect();
        return Err(Error::NotFound(format!(
            "no named query `{q}`; known: {}",
            names.join(", ")
        )));
    }
    Ok(QuerySource {
        origin: "<command line>".into(),
        text: q.to_string(),
    })
}

/// Binds query variables to values (`agency=국무원`, `deadline=2025`), so a
/// listing query answers for one entity instead of all of them. A bare
/// value is a Korean label (`"국무원"@ko`); four digits are a year
/// (`"2025"^^xsd:gYear`); another number is a number; a value written as a
/// SPARQL term (`<…>`, `"…"@zh`, `"…"^^xsd:…`, `pk:…`) is used as it is.
///
/// A variable that every solution of the query's `WHERE` pattern binds
/// becomes a `VALUES` row at the start of that block: the store then looks
/// the value up instead of scanning. A variable bound only in an
/// `OPTIONAL` (or one branch of a `UNION`) becomes a
/// `FILTER(sameTerm(?v, value))` instead: a `VALUES` row would also be
/// compatible with the solutions that leave it unbound, and so would answer
/// for everything, labelled with the value.
pub fn bind(source: &mut QuerySource, params: &[(String, String)]) -> Result<()> {
    if params.is_empty() {
        return Ok(());
    }
    let error = |message: String| Error::Sparql {
        origin: source.origin.clone(),
        message,
    };
    let query = spargebra::SparqlParser::new()
        .parse_query(&with_prefixes(&source.text))
        .map_err(|e| {
            let shift = vocab::SPARQL_PREFIXES.lines().count();
            error(shift_line_numbers(&e.to_string(), shift))
        })?;
    let pattern = match &query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    let block = where_block(pattern);
    let mut in_scope = BTreeSet::new();
    block.on_in_scope_variable(|v| {
        in_scope.insert(v.as_str().to_string());
    });
    let always = always_bound(block);
    let mut clauses = String::new();
    for (name, value) in params {
        let name = name.trim_start_matches(['?', '$']);
        if !has_variable(&source.text, name) {
            return Err(error(format!(
                "--param {name}: the query has no variable ?{name}"
            )));
        }
        if !in_scope.contains(name) {
            return Err(error(format!(
                "--param {name}: ?{name} is computed after the WHERE block (an aggregate or a SELECT expression), so it cannot be bound"
            )));
        }
        let term = param_term(value);
        if always.contains(name) {
            clauses.push_str(&format!(" VALUES ?{name} {{ {term} }}"));
        } else {
            clauses.push_str(&format!(" FILTER(sameTerm(?{name}, {term}))"));
        }
    }
    let upper = source.text.to_ascii_uppercase();
    let brace = upper
        .match_indices("WHERE")
        .find_map(|(i, _)| {
            let after = &source.text[i + 5..];
            let skipped = after.len() - after.trim_start().len();
            after
                .trim_start()
                .starts_with('{')
                .then_some(i + 5 + skipped)
        })
        .or_else(|| source.text.find('{'))
        .ok_or_else(|| error("--param: the query has no WHERE block to bind in".into()))?;
    source.text.insert_str(brace + 1, &clauses);
    Ok(())
}

/// The query's outer `WHERE` block: below the solution modifiers, the
/// projection, the grouping and any `HAVING` (a `FILTER` there binds
/// nothing, so peeling one that belongs to the block changes neither
/// which variables are in scope nor which are always bound).
fn where_block(pattern: &GraphPattern) -> &GraphPattern {
    match pattern {
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::Filter { inner, .. }
        | GraphPattern::Group { inner, .. } => where_block(inner),
        other => other,
    }
}

/// The variables every solution of `pattern` binds (a lower bound: when in
/// doubt a variable is left out, and is then filtered rather than joined).
fn always_bound(pattern: &GraphPattern) -> BTreeSet<String> {
    fn term(t: &TermPattern) -> Option<String> {
        match t {
            TermPattern::Variable(v) => Some(v.as_str().to_string()),
            _ => None,
        }
    }
    fn named(n: &NamedNodePattern) -> Option<String> {
        match n {
            NamedNodePattern::Variable(v) => Some(v.as_str().to_string()),
            NamedNodePattern::NamedNode(_) => None,
        }
    }
    match pattern {
        GraphPattern::Bgp { patterns } => patterns
            .iter()
            .flat_map(|t| [term(&t.subject), named(&t.predicate), term(&t.object)])
            .flatten()
            .collect(),
        GraphPattern::Path {
            subject, object, ..
        } => [term(subject), term(object)]
            .into_iter()
            .flatten()
            .collect(),
        GraphPattern::Join { left, right } => {
            let mut both = always_bound(left);
            both.extend(always_bound(right));
            both
        }
        GraphPattern::LeftJoin { left, .. } | GraphPattern::Minus { left, .. } => {
            always_bound(left)
        }
        GraphPattern::Union { left, right } => {
            let right = always_bound(right);
            always_bound(left)
                .into_iter()
                .filter(|v| right.contains(v))
                .collect()
        }
        GraphPattern::Graph { name, inner } => {
            let mut vars = always_bound(inner);
            vars.extend(named(name));
            vars
        }
        GraphPattern::Filter { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::Slice { inner, .. } => always_bound(inner),
        GraphPattern::Project { inner, variables }
        | GraphPattern::Group {
            inner, variables, ..
        } => {
            let inner = always_bound(inner);
            variables
                .iter()
                .map(|v| v.as_str().to_string())
                .filter(|v| inner.contains(v))
                .collect()
        }
        GraphPattern::Values {
            variables,
            bindings,
        } => variables
            .iter()
            .enumerate()
            .filter(|(i, _)| {
                bindings
                    .iter()
                    .all(|row| row.get(*i).is_some_and(Option::is_some))
            })
            .map(|(_, v)| v.as_str().to_string())
            .collect(),
        // SERVICE and LATERAL: not needed by the shipped queries; filtered
        _ => BTreeSet::new(),
    }
}

/// Whether `?name` (or `$name`) occurs as a whole variable in `text`.
fn has_variable(text: &str, name: &str) -> bool {
    ["?", "$"].iter().any(|sigil| {
        let needle = format!("{sigil}{name}");
        text.match_indices(&needle).any(|(i, _)| {
            text[i + needle.len()..]
                .chars()
                .next()
                .is_none_or(|c| !(c.is_alphanumeric() || c == '_'))
        })
    })
}

/// The SPARQL term a `--param` value stands for.
fn param_term(value: &str) -> String {
    let v = value.trim();
    let is_term = v.starts_with(['<', '"', '\'']) || {
        let prefix = v.split(':').next().unwrap_or("");
        v.contains(':') && !prefix.is_empty() && prefix.chars().all(|c| c.is_ascii_alphanumeric())
    };
    if is_term {
        v.to_string()
    } else if v.len() == 4 && v.chars().all(|c| c.is_ascii_digit()) {
        format!("\"{v}\"^^<http://www.w3.org/2001/XMLSchema#gYear>")
    } else if !v.is_empty() && v.parse::<f64>().is_ok() {
        v.to_string()
    } else {
        let escaped = v.replace('\\', "\\\\").replace('"', "\\\"");
        format!("\"{escaped}\"@ko")
    }
}

/// Prefixes the query text with the vocabulary's prefixes unless it declares them.
fn with_prefixes(text: &str) -> String {
    format!("{}{}", vocab::SPARQL_PREFIXES, text)
}

/// Runs a query and writes the results in `format`.
pub fn run(store: &Store, source: &QuerySource, format: Format, out: &mut dyn Write) -> Result<()> {
    run_explained(store, source, format, out, None)
}

/// Runs a query like [`run`]; with `explain`, then writes Oxigraph's plan
/// for it there as JSON, with the rows and time each step took.
pub fn run_explained(
    store: &Store,
    source: &QuerySource,
    format: Format,
    out: &mut dyn Write,
    explain: Option<&mut dyn Write>,
) -> Result<()> {
    let text = with_prefixes(&source.text);
    let prefix_lines = vocab::SPARQL_PREFIXES.lines().count();
    // The store's default graph is the union of the report graphs, kept as a
    // set by the store (see `store::KnowledgeStore::replace_graph`).
    let prepared = SparqlEvaluator::new()
        .parse_query(&text)
        .map_err(|e| Error::Sparql {
            origin: source.origin.clone(),
            message: shift_line_numbers(&e.to_string(), prefix_lines),
        })?;
    let on_store = prepared.on_store(store);
    let (results, explanation) = match explain {
        Some(to) => {
            let (results, explanation) = on_store.compute_statistics().explain();
            (results, Some((explanation, to)))
        }
        None => (on_store.execute(), None),
    };
    let results = results.map_err(|e| Error::Sparql {
        origin: source.origin.clone(),
        message: e.to_string(),
    })?;
    write_results(results, source, format, out)?;
    if let Some((explanation, to)) = explanation {
        explanation
            .write_in_json(&mut *to)
            .and_then(|()| writeln!(to))
            .map_err(Error::from_write)?;
    }
    Ok(())
}

/// Writes query results in `format`.
fn write_results(
    results: QueryResults<'_>,
    source: &QuerySource,
    format: Format,
    out: &mut dyn Write,
) -> Result<()> {
    let io = Error::from_write;
    match results {
        QueryResults::Solutions(solutions) => {
            let variables: Vec<_> = solutions.variables().to_vec();
            match format {
                Format::Table => {
                    let mut rows: Vec<Vec<String>> = Vec::new();
                    for s in solutions {
                        let s = s.map_err(|e| Error::Sparql {
                            origin: source.origin.clone(),
                            message: e.to_string(),
                        })?;
                        rows.push(
                            variables
                                .iter()
                                .map(|v| s.get(v).map(display_term).unwrap_or_default())
                                .collect(),
                        );
                    }
                    let header: Vec<String> =
                        variables.iter().map(|v| v.as_str().to_string()).collect();
                    write_table(out, &header, &rows).map_err(io)?;
                }
                _ => {
                    let fmt = match format {
                        Format::Csv => QueryResultsFormat::Csv,
                        Format::Tsv => QueryResultsFormat::Tsv,
                        _ => QueryResultsFormat::Json,
                    };
                    let mut ser = QueryResultsSerializer::from_format(fmt)
                        .serialize_solutions_to_writer(&mut *out, variables)
                        .map_err(io)?;
                    for s in solutions {
                        let s = s.map_err(|e| Error::Sparql {
                            origin: source.origin.clone(),
                            message: e.to_string(),
                        })?;
                        ser.serialize(&s).map_err(io)?;
                    }
                    ser.finish().map_err(io)?;
                }
            }
        }
        QueryResults::Boolean(b) => match format {
            Format::Table => writeln!(out, "{b}").map_err(io)?,
            _ => {
                let fmt = match format {
                    Format::Csv => QueryResultsFormat::Csv,
                    Format::Tsv => QueryResultsFormat::Tsv,
                    _ => QueryResultsFormat::Json,
                };
                QueryResultsSerializer::from_format(fmt)
                    .serialize_boolean_to_writer(&mut *out, b)
                    .map_err(io)?;
            }
        },
        QueryResults::Graph(triples) => {
            let rdf = if format == Format::Table {
                RdfFormat::Turtle
            } else {
                RdfFormat::NTriples
            };
            let mut ser = RdfSerializer::from_format(rdf);
            if rdf == RdfFormat::Turtle {
                for (p, ns) in [
                    ("pk", vocab::PK),
                    ("pkid", vocab::PKID),
                    ("rdfs", vocab::RDFS),
                    ("skos", vocab::SKOS),
                    ("prov", vocab::PROV),
                    ("dcterms", vocab::DCTERMS),
                    ("xsd", vocab::XSD),
                ] {
                    ser = ser
                        .with_prefix(p, ns)
                        .map_err(|e| Error::Output(e.to_string()))?;
                }
            }
            let mut w = ser.for_writer(&mut *out);
            for t in triples {
                let t = t.map_err(|e| Error::Sparql {
                    origin: source.origin.clone(),
                    message: e.to_string(),
                })?;
                w.serialize_triple(&t).map_err(io)?;
            }
            w.finish().map_err(io)?;
        }
    }
    out.flush().map_err(io)
}

/// Parser messages count lines from the start of the text we sent, which
/// has our prefixes first: report the user's line numbers instead.
fn shift_line_numbers(msg: &str, shift: usize) -> String {
    let re = regex::Regex::new(r"line (\d+)").expect("valid regex");
    let msg = re.replace_all(msg, |c: &regex::Captures| {
        let n: usize = c[1].parse().unwrap_or(0);
        format!("line {}", n.saturating_sub(shift).max(1))
    });
    let re2 = regex::Regex::new(r"(\d+):(\d+)").expect("valid regex");
    let msg = re2.replace_all(&msg, |c: &regex::Captures| {
        let n: usize = c[1].parse().unwrap_or(0);
        format!("{}:{}", n.saturating_sub(shift).max(1), &c[2])
    });
    msg.lines().next().unwrap_or("").to_string()
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

/// Display width of a string (Hangul and Han count double).
pub fn display_width(s: &str) -> usize {
    s.chars()
        .map(|c| match c as u32 {
            0x1100..=0x115F
            | 0x2E80..=0xA4CF
            | 0xAC00..=0xD7A3
            | 0xF900..=0xFAFF
            | 0xFE30..=0xFE4F
            | 0xFF00..=0xFF60
            | 0xFFE0..=0xFFE6 => 2,
            _ => 1,
        })
        .sum()
}

/// Writes an aligned text table; long cells are cut at 60 columns.
pub fn write_table(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    const MAX: usize = 60;
    let cut = |s: &str| -> String {
        let one_line = s.replace(['\n', '\t'], " ");
        if display_width(&one_line) <= MAX {
            return one_line;
        }
        let mut w = 0;
        let mut out = String::new();
        for c in one_line.chars() {
            let cw = display_width(&c.to_string());
            if w + cw > MAX - 1 {
                break;
            }
            w += cw;
            out.push(c);
        }
        out.push('…');
        out
    };
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c)).collect())
        .collect();
    let widths: Vec<usize> = (0..header.len())
        .map(|i| {
            cells
                .iter()
                .map(|r| display_width(&r[i]))
                .chain(std::iter::once(display_width(&header[i])))
                .max()
                .unwrap_or(0)
        })
        .collect();
    let line = |out: &mut dyn Write, row: &[String]| -> std::io::Result<()> {
        let mut s = String::new();
        for (i, c) in row.iter().enumerate() {
            if i > 0 {
                s.push_str("  ");
            }
            s.push_str(c);
            if i + 1 < row.len() {
                s.push_str(&" ".repeat(widths[i].saturating_sub(display_width(c))));
            }
        }
        writeln!(out, "{}", s.trim_end())
    };
    line(out, header)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    line(out, &rule)?;
    for r in &cells {
        line(out, r)?;
    }
    writeln!(out, "({} rows)", rows.len())
}

#[cfg(test)]
mod bind_tests {
    use super::*;

    fn bound(query: &str, params: &[(&str, &str)]) -> String {
        let mut source = QuerySource {
            origin: "test".into(),
            text: query.into(),
        };
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        bind(&mut source, &params).expect("binds");
        source.text
    }

    #[test]
    fn required_variables_are_joined_and_optional_ones_filtered() {
        let q = "SELECT ?agency ?m WHERE { ?t pk:setBy ?a . ?a rdfs:label ?agency OPTIONAL { ?t pk:metric ?m } }";
        let text = bound(q, &[("agency", "국무원"), ("m", "규모")]);
        assert!(text.contains("VALUES ?agency { \"국무원\"@ko }"), "{text}");
        assert!(text.contains("FILTER(sameTerm(?m, \"규모\"@ko))"), "{text}");
    }

    #[test]
    fn the_where_block_is_found_under_grouping_and_having() {
        let q = "SELECT ?d (COUNT(?t) AS ?n) WHERE { ?t pk:deadline ?d OPTIONAL { ?t pk:setBy ?a } } GROUP BY ?d HAVING (COUNT(?t) > 1) ORDER BY ?d LIMIT 3";
        let text = bound(q, &[("d", "2025"), ("a", "pk:x")]);
        assert!(text.contains("VALUES ?d"), "{text}");
        assert!(text.contains("FILTER(sameTerm(?a, pk:x))"), "{text}");
    }

    #[test]
    fn a_union_binds_only_what_both_branches_bind() {
        let parse = |q: &str| {
            let query = spargebra::SparqlParser::new()
                .parse_query(&with_prefixes(q))
                .expect("parses");
            let spargebra::Query::Select { pattern, .. } = query else {
                unreachable!()
            };
            always_bound(where_block(&pattern))
        };
        let vars = parse("SELECT * WHERE { { ?x pk:a ?y } UNION { ?x pk:b ?z } ?x pk:c ?w }");
        assert_eq!(
            vars.into_iter().collect::<Vec<_>>(),
            vec!["w".to_string(), "x".to_string()]
        );
        let vars = parse("SELECT * WHERE { VALUES (?p ?q) { (1 2) (3 UNDEF) } GRAPH ?g { ?s ?p ?o } MINUS { ?s pk:d ?m } }");
        assert_eq!(
            vars.into_iter().collect::<Vec<_>>(),
            ["g", "o", "p", "s"].map(String::from).to_vec()
        );
    }
}
