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
use spargebra::algebra::{Expression, GraphPattern};
use spargebra::term::{GroundTerm, NamedNodePattern, TermPattern, Variable};

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
    ("gephi-graph", include_str!("../queries/gephi-graph.rq")),
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
/// for everything, labelled with the value. When one `OPTIONAL` alone can
/// bind it, that filter is then rewritten into a join with the value
/// (`join_optional_parameters`), which answers the same and lets the
/// store start from the value.
pub fn bind(source: &mut QuerySource, params: &[(String, String)]) -> Result<()> {
    if params.is_empty() {
        return Ok(());
    }
    bind_clauses(source, params)?;
    if let Some(text) = join_optional_parameters(&source.text) {
        source.text = text;
    }
    Ok(())
}

/// The `VALUES` rows and `FILTER`s of [`bind`], written at the start of the
/// `WHERE` block.
fn bind_clauses(source: &mut QuerySource, params: &[(String, String)]) -> Result<()> {
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

/// Turns the `FILTER(sameTerm(?v, value))` that [`bind`] put at the top of
/// the `WHERE` block into a `VALUES` join where that gives the same
/// solutions: when `?v` is bound only by one `OPTIONAL` on the block's
/// spine (`…` `OPTIONAL { … ?v … }`), the rows that leave `?v` unbound are
/// the ones the filter drops, so the `OPTIONAL` can be a plain join and the
/// store can start from the value instead of filtering every row
/// (`targets-by-year --param agency=국방부`). Returns the rewritten query
/// (serialized from its algebra, IRIs written out), or `None` when nothing
/// could be rewritten.
fn join_optional_parameters(text: &str) -> Option<String> {
    let mut query = spargebra::SparqlParser::new()
        .parse_query(&with_prefixes(text))
        .ok()?;
    let pattern = match &mut query {
        spargebra::Query::Select { pattern, .. }
        | spargebra::Query::Construct { pattern, .. }
        | spargebra::Query::Describe { pattern, .. }
        | spargebra::Query::Ask { pattern, .. } => pattern,
    };
    rewrite_parameter_filter(pattern).then(|| query.to_string())
}

/// Finds the `WHERE` block's filter (below the solution modifiers) and
/// moves each `sameTerm(?v, constant)` of it that [`promote`] allows into a
/// `VALUES` join. Returns whether anything changed.
fn rewrite_parameter_filter(pattern: &mut GraphPattern) -> bool {
    match pattern {
        GraphPattern::Slice { inner, .. }
        | GraphPattern::Distinct { inner }
        | GraphPattern::Reduced { inner }
        | GraphPattern::OrderBy { inner, .. }
        | GraphPattern::Project { inner, .. }
        | GraphPattern::Extend { inner, .. }
        | GraphPattern::Group { inner, .. } => rewrite_parameter_filter(inner),
        GraphPattern::Filter { expr, inner } => {
            let mut conjuncts = Vec::new();
            split_and(expr.clone(), &mut conjuncts);
            let mut kept = Vec::new();
            let mut block = (**inner).clone();
            let mut changed = false;
            for c in conjuncts {
                let promoted = match &c {
                    Expression::SameTerm(a, b) => match (&**a, ground(b)) {
                        (Expression::Variable(v), Some(value)) => promote(&block, v, &value),
                        _ => None,
                    },
                    _ => None,
                };
                match promoted {
                    Some(p) => {
                        block = p;
                        changed = true;
                    }
                    None => kept.push(c),
                }
            }
            if !changed {
                // a HAVING filter: the block's own filter is further down
                return rewrite_parameter_filter(inner);
            }
            *pattern = match kept
                .into_iter()
                .reduce(|a, b| Expression::And(a.into(), b.into()))
            {
                Some(expr) => GraphPattern::Filter {
                    expr,
                    inner: Box::new(block),
                },
                None => block,
            };
            true
        }
        _ => false,
    }
}

fn split_and(e: Expression, out: &mut Vec<Expression>) {
    match e {
        Expression::And(a, b) => {
            split_and(*a, out);
            split_and(*b, out);
        }
        other => out.push(other),
    }
}

fn ground(e: &Expression) -> Option<GroundTerm> {
    match e {
        Expression::NamedNode(n) => Some(GroundTerm::NamedNode(n.clone())),
        Expression::Literal(l) => Some(GroundTerm::Literal(l.clone())),
        _ => None,
    }
}

/// `pattern` restricted to the solutions that bind `v` to `value`: the
/// `OPTIONAL` that alone can bind `v` becomes a plain join with
/// `VALUES ?v { value }` beside its pattern (where the store's join order
/// can start from it). `None` when `v` may be bound elsewhere, or by no such
/// `OPTIONAL`. Only joins, filters, `BIND`s of other variables and `GRAPH`
/// are walked through.
fn promote(pattern: &GraphPattern, v: &Variable, value: &GroundTerm) -> Option<GraphPattern> {
    let binds = |p: &GraphPattern| {
        let mut found = false;
        p.on_in_scope_variable(|x| found |= x == v);
        found
    };
    match pattern {
        GraphPattern::LeftJoin {
            left,
            right,
            expression,
        } => {
            if !binds(left) && always_bound(right).contains(v.as_str()) {
                let join = GraphPattern::Join {
                    left: left.clone(),
                    right: Box::new(GraphPattern::Join {
                        left: Box::new(GraphPattern::Values {
                            variables: vec![v.clone()],
                            bindings: vec![vec![Some(value.clone())]],
                        }),
                        right: right.clone(),
                    }),
                };
                Some(match expression {
                    Some(expr) => GraphPattern::Filter {
                        expr: expr.clone(),
                        inner: Box::new(join),
                    },
                    None => join,
                })
            } else if !binds(right) {
                // `v` comes from the left side alone
                Some(GraphPattern::LeftJoin {
                    left: Box::new(promote(left, v, value)?),
                    right: right.clone(),
                    expression: expression.clone(),
                })
            } else {
                None
            }
        }
        GraphPattern::Join { left, right } => {
            if !binds(left) {
                Some(GraphPattern::Join {
                    left: left.clone(),
                    right: Box::new(promote(right, v, value)?),
                })
            } else if !binds(right) {
                Some(GraphPattern::Join {
                    left: Box::new(promote(left, v, value)?),
                    right: right.clone(),
                })
            } else {
                None
            }
        }
        GraphPattern::Filter { expr, inner } => Some(GraphPattern::Filter {
            expr: expr.clone(),
            inner: Box::new(promote(inner, v, value)?),
        }),
        GraphPattern::Extend {
            inner,
            variable,
            expression,
        } if variable != v => Some(GraphPattern::Extend {
            inner: Box::new(promote(inner, v, value)?),
            variable: variable.clone(),
            expression: expression.clone(),
        }),
        GraphPattern::Graph { name, inner } => Some(GraphPattern::Graph {
            name: name.clone(),
            inner: Box::new(promote(inner, v, value)?),
        }),
        _ => None,
    }
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

/// Parses `source` as [`run`] does (the vocabulary's prefixes predeclared,
/// parser messages counting the user's lines) with `evaluator`, which may
/// carry a cancellation token or a dataset: what `policykg serve` runs.
pub fn prepare(
    evaluator: SparqlEvaluator,
    source: &QuerySource,
) -> Result<oxigraph::sparql::PreparedSparqlQuery> {
    evaluator
        .parse_query(&with_prefixes(&source.text))
        .map_err(|e| Error::Sparql {
            origin: source.origin.clone(),
            message: shift_line_numbers(&e.to_string(), vocab::SPARQL_PREFIXES.lines().count()),
        })
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
        bound_with(bind, query, params)
    }

    /// `bind` without the rewrite of filtered variables into joins.
    fn filtered(query: &str, params: &[(&str, &str)]) -> String {
        bound_with(bind_clauses, query, params)
    }

    type Binder = fn(&mut QuerySource, &[(String, String)]) -> Result<()>;

    fn bound_with(how: Binder, query: &str, params: &[(&str, &str)]) -> String {
        let mut source = QuerySource {
            origin: "test".into(),
            text: query.into(),
        };
        let params: Vec<(String, String)> = params
            .iter()
            .map(|(n, v)| (n.to_string(), v.to_string()))
            .collect();
        how(&mut source, &params).expect("binds");
        source.text
    }

    #[test]
    fn required_variables_are_joined_and_optional_ones_filtered() {
        let q = "SELECT ?agency ?m WHERE { ?t pk:setBy ?a . ?a rdfs:label ?agency OPTIONAL { ?t pk:metric ?m } }";
        let text = filtered(q, &[("agency", "국무원"), ("m", "규모")]);
        assert!(text.contains("VALUES ?agency { \"국무원\"@ko }"), "{text}");
        assert!(text.contains("FILTER(sameTerm(?m, \"규모\"@ko))"), "{text}");
        // the OPTIONAL alone binds ?m, so it becomes a join with the value
        let text = bound(q, &[("agency", "국무원"), ("m", "규모")]);
        assert!(!text.contains("sameTerm"), "{text}");
        assert!(!text.contains("OPTIONAL"), "{text}");
        assert!(text.contains("VALUES ( ?m ) { ( \"규모\"@ko )"), "{text}");
    }

    #[test]
    fn a_variable_two_optionals_bind_stays_filtered() {
        let q = "SELECT ?t ?l WHERE { ?t a pk:Target OPTIONAL { ?t pk:metric ?l } OPTIONAL { ?t pk:unit ?l } }";
        let text = bound(q, &[("l", "규모")]);
        assert!(text.contains("FILTER(sameTerm(?l, \"규모\"@ko))"), "{text}");
        let q = "SELECT ?t ?l WHERE { ?t a pk:Target OPTIONAL { ?t pk:metric ?l OPTIONAL { ?t pk:unit ?u } } }";
        let text = bound(q, &[("u", "%")]);
        assert!(text.contains("FILTER(sameTerm(?u, \"%\"@ko))"), "{text}");
    }

    #[test]
    fn the_where_block_is_found_under_grouping_and_having() {
        let q = "SELECT ?d (COUNT(?t) AS ?n) WHERE { ?t pk:deadline ?d OPTIONAL { ?t pk:setBy ?a } } GROUP BY ?d HAVING (COUNT(?t) > 1) ORDER BY ?d LIMIT 3";
        let text = filtered(q, &[("d", "2025"), ("a", "pk:x")]);
        assert!(text.contains("VALUES ?d"), "{text}");
        assert!(text.contains("FILTER(sameTerm(?a, pk:x))"), "{text}");
        let text = bound(q, &[("d", "2025"), ("a", "pk:x")]);
        // HAVING is written back as a filter over a sub-select
        assert!(text.contains("> \"1\"^^"), "{text}");
        assert!(!text.contains("sameTerm"), "{text}");
    }

    /// The rewritten queries answer exactly as the filtered ones, on a
    /// small store where some targets have no agency, some agencies no
    /// Korean label and some targets several agencies.
    #[test]
    fn joined_parameters_answer_as_filtered_ones() {
        let store = Store::new().expect("memory store");
        let data = r#"
            @prefix pk: <https://w3id.org/policykg/ontology#> .
            @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
            @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
            pk:t1 a pk:Target ; pk:deadline "2025"^^xsd:gYear ; pk:setBy pk:a1 ; pk:metric "규모"@ko .
            pk:t2 a pk:Target ; pk:deadline "2025"^^xsd:gYear ; pk:setBy pk:a1 , pk:a2 .
            pk:t3 a pk:Target ; pk:deadline "2030"^^xsd:gYear ; pk:metric "규모"@ko .
            pk:t4 a pk:Target ; pk:deadline "2030"^^xsd:gYear ; pk:setBy pk:a3 .
            pk:p1 pk:hasTarget pk:t1 , pk:t3 ; rdfs:label "계획"@ko .
            pk:a1 rdfs:label "국무원"@ko , "State Council"@en .
            pk:a2 rdfs:label "과학기술부"@ko .
            pk:a3 rdfs:label "国务院"@zh .
        "#;
        store
            .load_from_reader(oxigraph::io::RdfFormat::Turtle, data.as_bytes())
            .expect("loads");
        let answers = |text: &str| -> Vec<String> {
            let results = SparqlEvaluator::new()
                .parse_query(&with_prefixes(text))
                .expect("parses")
                .on_store(&store)
                .execute()
                .expect("runs");
            let QueryResults::Solutions(rows) = results else {
                unreachable!()
            };
            let mut out: Vec<String> = rows
                .map(|r| format!("{:?}", r.expect("row").values()))
                .collect();
            out.sort();
            out
        };
        let queries = [
            "SELECT ?deadline (COUNT(DISTINCT ?t) AS ?n) (GROUP_CONCAT(DISTINCT ?agency) AS ?agencies) WHERE { ?t a pk:Target ; pk:deadline ?deadline . OPTIONAL { ?t pk:setBy/rdfs:label ?agency . FILTER(lang(?agency) = \"ko\") } } GROUP BY ?deadline",
            "SELECT ?t ?agency ?program ?metric WHERE { ?t a pk:Target . OPTIONAL { ?t pk:setBy/rdfs:label ?agency . FILTER(lang(?agency) = \"ko\") } OPTIONAL { ?p pk:hasTarget ?t ; rdfs:label ?program } OPTIONAL { ?t pk:metric ?metric } }",
            "SELECT ?t ?agency ?program WHERE { ?t a pk:Target . OPTIONAL { ?t pk:setBy ?a . OPTIONAL { ?a rdfs:label ?agency } } OPTIONAL { ?p pk:hasTarget ?t ; rdfs:label ?program } FILTER(?t != pk:t4) }",
            // bound by two OPTIONALs: stays a filter
            "SELECT ?t ?metric WHERE { ?t a pk:Target OPTIONAL { ?t pk:metric ?metric } OPTIONAL { ?p pk:hasTarget ?t ; rdfs:label ?metric } }",
        ];
        let params: &[&[(&str, &str)]] = &[
            &[("agency", "국무원")],
            &[("agency", "과학기술부")],
            &[("agency", "国务院")],
            &[("program", "계획")],
            &[("metric", "규모"), ("agency", "국무원")],
            &[("metric", "규모")],
            &[("metric", "계획")],
            &[("deadline", "2030")],
        ];
        let (mut compared, mut joined) = (0, 0);
        for q in queries {
            for p in params {
                if p.iter().any(|(v, _)| !has_variable(q, v)) {
                    continue;
                }
                let reference = filtered(q, p);
                let rewritten = bound(q, p);
                assert_eq!(
                    answers(&reference),
                    answers(&rewritten),
                    "{q} {p:?}\n{rewritten}"
                );
                compared += 1;
                joined += usize::from(!rewritten.contains("sameTerm"));
            }
        }
        assert!(
            compared >= 10 && joined >= 6,
            "{compared} compared, {joined} joined"
        );
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
