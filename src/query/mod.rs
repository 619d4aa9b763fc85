//! SPARQL over the store: the entry points. [`resolve`] finds the query
//! (a named query shipped in `queries/`, a file, or the text itself),
//! [`bind()`] binds `--param` values, [`prepare`] parses it with
//! the vocabulary's prefixes, [`run`] and [`run_explained`] run it and print
//! the results ([`results`]). Queries see the union of all named graphs as
//! their default graph (materialised by the store, so a triple stated by
//! many reports is seen once). Read-only.
//!
//! It owns no printing and no command-line types: the CLI maps its own
//! `--format` enum onto [`Format`].

mod bind;
pub mod results;

use std::io::Write;
use std::path::Path;

use oxigraph::sparql::SparqlEvaluator;
use oxigraph::store::Store;

pub use bind::bind;
pub use results::{display_term, write_results, Format};

use crate::error::{Error, Result};
use crate::rdf::vocab;

/// Queries shipped with policykg: (name, text).
pub const NAMED_QUERIES: &[(&str, &str)] = &[
    (
        "agency-targets",
        include_str!("../../queries/agency-targets.rq"),
    ),
    (
        "programs-by-agency",
        include_str!("../../queries/programs-by-agency.rq"),
    ),
    (
        "technologies-by-program",
        include_str!("../../queries/technologies-by-program.rq"),
    ),
    (
        "targets-by-year",
        include_str!("../../queries/targets-by-year.rq"),
    ),
    (
        "city-indicators",
        include_str!("../../queries/city-indicators.rq"),
    ),
    ("provenance", include_str!("../../queries/provenance.rq")),
    ("entities", include_str!("../../queries/entities.rq")),
    ("gephi-graph", include_str!("../../queries/gephi-graph.rq")),
];

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

/// Prefixes the query text with the vocabulary's prefixes unless it declares them.
pub(crate) fn with_prefixes(text: &str) -> String {
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

/// Parser messages count lines from the start of the text we sent, which
/// has our prefixes first: report the user's line numbers instead.
pub(crate) fn shift_line_numbers(msg: &str, shift: usize) -> String {
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
