//! Reading the store for the export: which graphs a build reads
//! ([`Scope`]: all reports, or one report plus the ontology), running the
//! built-in queries over them, and the scans ([`Job`], [`Scans`]): one
//! SPARQL query per predicate or class, run in parallel, whose rows are kept
//! as terms in fixed-size chunks.
//!
//! It builds nothing from the rows: turning them into nodes, attributes,
//! sources and relations is `loader.rs`'s, which imports this module (never
//! the other way round).

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use rayon::prelude::*;
use rustc_hash::FxHashMap as HashMap;

use crate::error::{Error, Result};
use crate::rdf::vocab::{self, prop};

/// Which graphs of the store a build reads.
pub(super) struct Scope {
    /// `None`: the union of all graphs; else one report graph.
    pub(super) graph: Option<NamedNode>,
}

impl Scope {
    /// Finds the graph of a report given its source file name, report IRI or graph IRI.
    pub(super) fn resolve(store: &Store, report: Option<&str>) -> Result<Self> {
        let Some(wanted) = report else {
            return Ok(Scope { graph: None });
        };
        let rows = select(
            store,
            &Scope { graph: None },
            "SELECT DISTINCT ?g ?r ?file WHERE { GRAPH ?g { ?r a pk:Report . OPTIONAL { ?r pk:sourceFile ?file } } }",
            &["g", "r", "file"],
        )?;
        let base = wanted.rsplit(['/', '\\']).next().unwrap_or(wanted);
        let mut known = Vec::new();
        for row in &rows {
            let g = iri_of(&row[0]);
            let r = iri_of(&row[1]);
            let file = text_of(&row[2]);
            let matches = g.as_deref() == Some(wanted)
                || r.as_deref() == Some(wanted)
                || file.as_deref() == Some(wanted)
                || file.as_deref() == Some(base);
            if matches {
                if let Some(g) = g {
                    return Ok(Scope {
                        graph: Some(NamedNode::new_unchecked(g)),
                    });
                }
            }
            known.push(file.or(r).unwrap_or_default());
        }
        known.sort();
        known.truncate(5);
        Err(Error::NotFound(format!(
            "no report '{wanted}' in the store{}",
            if known.is_empty() {
                String::new()
            } else {
                format!("; reports: {}", known.join(", "))
            }
        )))
    }
}

/// Runs a built-in SELECT query (the vocabulary prefixes are prepended) over
/// the scope and returns the values of `vars`, row by row.
pub(super) fn select(
    store: &Store,
    scope: &Scope,
    query: &str,
    vars: &[&str],
) -> Result<Vec<Vec<Option<Term>>>> {
    let results = evaluate(
        store,
        scope,
        &format!("{}{query}", vocab::SPARQL_PREFIXES),
        "built-in export query",
    )?;
    let QueryResults::Solutions(solutions) = results else {
        return Err(Error::Sparql {
            origin: "built-in export query".into(),
            message: "not a SELECT query".into(),
        });
    };
    let mut rows = Vec::new();
    for solution in solutions {
        let solution = solution.map_err(|e| sparql_error("built-in export query", &e))?;
        rows.push(vars.iter().map(|v| solution.get(*v).cloned()).collect());
    }
    Ok(rows)
}

/// Runs `query` over the scope's dataset.
pub(super) fn evaluate(
    store: &Store,
    scope: &Scope,
    query: &str,
    origin: &str,
) -> Result<QueryResults<'static>> {
    let mut prepared = SparqlEvaluator::new()
        .parse_query(query)
        .map_err(|e| sparql_error(origin, &e))?;
    match &scope.graph {
        // the default graph is the set-union of the report graphs
        None => {}
        Some(g) => {
            let ontology = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
            prepared.dataset_mut().set_default_graph(vec![
                GraphName::NamedNode(g.clone()),
                GraphName::NamedNode(ontology),
            ]);
            prepared
                .dataset_mut()
                .set_available_named_graphs(vec![NamedOrBlankNode::NamedNode(g.clone())]);
        }
    }
    prepared
        .on_store(store)
        .execute()
        .map_err(|e| sparql_error(origin, &e))
}

/// A one-line SPARQL error of `origin`.
pub(super) fn sparql_error(origin: &str, e: &dyn std::fmt::Display) -> Error {
    Error::Sparql {
        origin: origin.to_string(),
        message: e.to_string().lines().next().unwrap_or("").to_string(),
    }
}

/// One read of the store: a single triple pattern (or an aggregate over
/// one), so the store decodes only the terms the model keeps.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub(super) enum Job {
    /// `(subject, object)` of a predicate in the scope's default graph: the
    /// union of the reports, or one report plus the ontology.
    Default(&'static str),
    /// `(graph, subject, object)` of a predicate in each named graph the
    /// scope's `GRAPH ?g` sees.
    Named(&'static str),
    /// The members of a class (`?s a <class>`), as `(subject, class)`.
    Members(String),
    /// `pk:mentionCount` summed over the report graphs, as `(entity, sum)`.
    MentionTotals,
}

impl Job {
    fn query(&self) -> String {
        match self {
            Job::Default(p) => format!("SELECT ?s ?o WHERE {{ ?s <{p}> ?o }}"),
            Job::Named(p) => format!("SELECT ?s ?o ?g WHERE {{ GRAPH ?g {{ ?s <{p}> ?o }} }}"),
            Job::Members(c) => format!("SELECT ?s WHERE {{ ?s a <{c}> }}"),
            // one row per (graph, entity) quad, summed by the store: the
            // entity is decoded once, not once per report
            Job::MentionTotals => format!(
                "SELECT ?s (SUM(?n) AS ?o) WHERE {{ GRAPH ?g {{ ?s <{}> ?n }} FILTER(isNumeric(?n)) }} GROUP BY ?s",
                prop::MENTION_COUNT
            ),
        }
    }
}

/// One row read by a scan: (graph, subject, object); the graph is `None`
/// but for [`Job::Named`] scans.
pub(super) type Row = (Option<Term>, Term, Term);

/// A scan's rows in fixed-size chunks: a scan of hundreds of thousands of
/// rows never copies them into a larger vector as it grows.
#[derive(Default)]
pub(super) struct Chunks(Vec<Vec<Row>>);

impl Chunks {
    const ROWS: usize = 1 << 14;

    fn push(&mut self, row: Row) {
        match self.0.last_mut() {
            Some(chunk) if chunk.len() < Self::ROWS => chunk.push(row),
            _ => {
                let mut chunk = Vec::with_capacity(Self::ROWS);
                chunk.push(row);
                self.0.push(chunk);
            }
        }
    }

    pub(super) fn iter(&self) -> impl Iterator<Item = &Row> {
        self.0.iter().flatten()
    }
}

/// The rows of a set of [`Job`]s, read once.
pub(super) struct Scans {
    pub(super) rows: HashMap<Job, Chunks>,
}

impl Scans {
    /// Runs every job, in parallel, each as one SPARQL query whose rows the
    /// store returns in its index order.
    pub(super) fn run(store: &Store, scope: &Scope, mut jobs: Vec<Job>) -> Result<Self> {
        jobs.sort();
        jobs.dedup();
        let rows = jobs
            .into_par_iter()
            .map(|job| {
                let results = evaluate(store, scope, &job.query(), "built-in export query")?;
                let QueryResults::Solutions(solutions) = results else {
                    unreachable!("a SELECT query gives solutions");
                };
                let class = match &job {
                    Job::Members(c) => Some(Term::NamedNode(NamedNode::new_unchecked(c.as_str()))),
                    _ => None,
                };
                let mut rows = Chunks::default();
                for solution in solutions {
                    let solution =
                        solution.map_err(|e| sparql_error("built-in export query", &e))?;
                    let mut values = solution.values().iter().cloned();
                    let Some(Some(s)) = values.next() else {
                        continue;
                    };
                    if let Some(c) = &class {
                        rows.push((None, s, c.clone()));
                    } else if let Some(Some(o)) = values.next() {
                        rows.push((values.next().flatten(), s, o));
                    }
                }
                Ok((job, rows))
            })
            .collect::<Result<HashMap<_, _>>>()?;
        Ok(Scans { rows })
    }

    /// `(subject, object)` of `predicate` in the default graph.
    pub(super) fn default(&self, predicate: &'static str) -> impl Iterator<Item = (&Term, &Term)> {
        self.get(&Job::Default(predicate)).map(|(_, s, o)| (s, o))
    }

    /// `(graph, subject, object)` of `predicate` in the named graphs.
    pub(super) fn named(
        &self,
        predicate: &'static str,
    ) -> impl Iterator<Item = (&Term, &Term, &Term)> {
        self.get(&Job::Named(predicate))
            .filter_map(|(g, s, o)| Some((g.as_ref()?, s, o)))
    }

    /// `(member, class)` of every [`Job::Members`] scan.
    pub(super) fn members(&self) -> impl Iterator<Item = (&Term, &Term)> {
        self.rows
            .iter()
            .filter(|(job, _)| matches!(job, Job::Members(_)))
            .flat_map(|(_, rows)| rows.iter().map(|(_, s, c)| (s, c)))
    }

    /// The rows of `job`.
    pub(super) fn get(&self, job: &Job) -> impl Iterator<Item = &Row> {
        self.rows.get(job).into_iter().flat_map(Chunks::iter)
    }
}

/// The IRI of a term, if it is one.
pub(super) fn iri_of(t: &Option<Term>) -> Option<String> {
    match t {
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
}

/// The text of a literal or an IRI.
pub(super) fn text_of(t: &Option<Term>) -> Option<String> {
    match t {
        Some(Term::Literal(l)) => Some(l.value().to_string()),
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
}
