//! Reading the store for the entity graph: which graphs to read (all
//! reports, or one), and the handful of SPARQL queries that collect typed
//! entities, their labels and attributes, their source articles, mention
//! counts and the entity→entity relations with their supporting articles.
//!
//! The queries run over the union of the report graphs (or one report graph
//! plus the ontology). This module returns plain nodes and edges; building
//! and filtering the petgraph graph is [`super::graph`]'s.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;

use super::graph::{
    local_name, EntityNode, Relation, SourceArticle, ENTITY_CLASSES, PROVENANCE_CLASSES,
    PROVENANCE_PREDICATES, RELATION_PREDICATES,
};
use crate::error::{Error, Result};
use crate::rdf::vocab::{self, class, prop};

/// Which graphs of the store a build reads.
pub(super) struct Scope {
    /// `None`: the union of all graphs; else one report graph.
    graph: Option<NamedNode>,
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
fn select(
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

fn evaluate(
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

fn sparql_error(origin: &str, e: &dyn std::fmt::Display) -> Error {
    Error::Sparql {
        origin: origin.to_string(),
        message: e.to_string().lines().next().unwrap_or("").to_string(),
    }
}

/// Nodes by IRI and (subject, object, relation) edges.
pub(super) type Parts = (
    BTreeMap<String, EntityNode>,
    Vec<(String, String, Relation)>,
);

/// Everything the builder reads, before filtering.
pub(super) struct Model {
    pub(super) nodes: BTreeMap<String, EntityNode>,
    pub(super) edges: Vec<(String, String, Relation)>,
}

impl Model {
    pub(super) fn load(store: &Store, scope: &Scope, include_provenance: bool) -> Result<Self> {
        let mut nodes = load_nodes(store, scope, include_provenance)?;
        load_attributes(store, scope, &mut nodes)?;
        load_sources(store, scope, &mut nodes)?;
        load_mention_counts(store, scope, &mut nodes)?;
        let mut predicates: Vec<&str> = RELATION_PREDICATES.to_vec();
        if include_provenance {
            predicates.extend_from_slice(PROVENANCE_PREDICATES);
        }
        let edges = load_edges(store, scope, &predicates, &nodes)?;
        Ok(Model { nodes, edges })
    }

    /// The nodes and edges of a CONSTRUCT query: every IRI→IRI triple (but
    /// `rdf:type`) is an edge; nodes take their labels and attributes from
    /// the store, or the IRI's last segment when the store does not know them.
    pub(super) fn constructed(self, store: &Store, query: &str) -> Result<Parts> {
        let text = format!("{}{query}", vocab::SPARQL_PREFIXES);
        let results = evaluate(store, &Scope { graph: None }, &text, "--construct query")?;
        let QueryResults::Graph(triples) = results else {
            return Err(Error::Sparql {
                origin: "--construct query".into(),
                message: "the query must be a CONSTRUCT query".into(),
            });
        };
        let weights: HashMap<(&str, &str, &str), u32> = self
            .edges
            .iter()
            .map(|(s, o, r)| ((s.as_str(), r.iri.as_str(), o.as_str()), r.weight))
            .collect();
        let mut nodes = BTreeMap::new();
        let mut edges = Vec::new();
        let add_node = |iri: &str, nodes: &mut BTreeMap<String, EntityNode>| {
            if !nodes.contains_key(iri) {
                let node = self.nodes.get(iri).cloned().unwrap_or_else(|| EntityNode {
                    iri: iri.to_string(),
                    class: "Resource".into(),
                    classes: BTreeSet::from(["Resource".to_string()]),
                    ..EntityNode::default()
                });
                nodes.insert(iri.to_string(), node);
            }
        };
        for triple in triples {
            let t = triple.map_err(|e| sparql_error("--construct query", &e))?;
            let NamedOrBlankNode::NamedNode(s) = &t.subject else {
                continue;
            };
            add_node(s.as_str(), &mut nodes);
            let Term::NamedNode(o) = &t.object else {
                continue;
            };
            if t.predicate.as_str() == prop::TYPE {
                continue;
            }
            add_node(o.as_str(), &mut nodes);
            let weight = weights
                .get(&(s.as_str(), t.predicate.as_str(), o.as_str()))
                .copied()
                .unwrap_or(1);
            edges.push((
                s.as_str().to_string(),
                o.as_str().to_string(),
                Relation {
                    predicate: local_name(t.predicate.as_str()).to_string(),
                    iri: t.predicate.as_str().to_string(),
                    weight,
                },
            ));
        }
        Ok((nodes, edges))
    }
}

/// Typed entities, with their most specific class.
fn load_nodes(
    store: &Store,
    scope: &Scope,
    include_provenance: bool,
) -> Result<BTreeMap<String, EntityNode>> {
    // Superclasses from the ontology graph; the built-in list covers a store
    // loaded without it.
    let mut supers: HashMap<String, BTreeSet<String>> = HashMap::new();
    for row in select(
        store,
        scope,
        "SELECT DISTINCT ?c ?d WHERE { ?c rdfs:subClassOf+ ?d }",
        &["c", "d"],
    )? {
        if let (Some(c), Some(d)) = (iri_of(&row[0]), iri_of(&row[1])) {
            supers.entry(c).or_default().insert(d);
        }
    }
    for sub in [
        class::CITY,
        class::PROVINCE,
        class::DISTRICT,
        class::COUNTRY,
    ] {
        supers
            .entry(sub.to_string())
            .or_default()
            .insert(class::REGION.to_string());
    }
    let entity = format!("{}Entity", vocab::PK);
    let is_wanted = |c: &str| {
        ENTITY_CLASSES.contains(&c)
            || supers.get(c).is_some_and(|s| s.contains(&entity))
            || (include_provenance && PROVENANCE_CLASSES.contains(&c))
    };

    let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in select(
        store,
        scope,
        "SELECT DISTINCT ?e ?c WHERE { ?e a ?c . FILTER(isIRI(?e)) }",
        &["e", "c"],
    )? {
        if let (Some(e), Some(c)) = (iri_of(&row[0]), iri_of(&row[1])) {
            if is_wanted(&c) {
                types.entry(e).or_default().insert(c);
            }
        }
    }
    let mut nodes = BTreeMap::new();
    for (iri, cs) in types {
        // Most specific: a class that is no other class's superclass.
        let specific = cs
            .iter()
            .filter(|c| {
                !cs.iter()
                    .any(|d| supers.get(d).is_some_and(|s| s.contains(*c)))
            })
            .min_by_key(|c| {
                ENTITY_CLASSES
                    .iter()
                    .chain(PROVENANCE_CLASSES)
                    .position(|k| k == c)
                    .unwrap_or(usize::MAX)
            })
            .cloned()
            .unwrap_or_default();
        let mut classes: BTreeSet<String> = BTreeSet::new();
        for c in &cs {
            classes.insert(local_name(c).to_string());
            for s in supers.get(c).into_iter().flatten() {
                if s.starts_with(vocab::PK) {
                    classes.insert(local_name(s).to_string());
                }
            }
        }
        classes.remove("Entity");
        nodes.insert(
            iri.clone(),
            EntityNode {
                iri,
                class: local_name(&specific).to_string(),
                classes,
                ..EntityNode::default()
            },
        );
    }
    Ok(nodes)
}

fn load_attributes(
    store: &Store,
    scope: &Scope,
    nodes: &mut BTreeMap<String, EntityNode>,
) -> Result<()> {
    let query = "SELECT DISTINCT ?e ?p ?v WHERE {
        VALUES ?p { rdfs:label skos:altLabel dcterms:title pk:deadline pk:value pk:unit pk:valueText pk:metric
                    pk:comparator pk:startYear pk:endYear pk:announcedOn pk:refYear pk:evidence }
        ?e ?p ?v . FILTER(isLiteral(?v)) }";
    let mut titles: Vec<(String, String)> = Vec::new();
    for row in select(store, scope, query, &["e", "p", "v"])? {
        let (Some(e), Some(p), Some(Term::Literal(v))) =
            (iri_of(&row[0]), iri_of(&row[1]), &row[2])
        else {
            continue;
        };
        let Some(node) = nodes.get_mut(&e) else {
            continue;
        };
        let value = v.value().to_string();
        let lang = v.language().unwrap_or("");
        let set = |slot: &mut Option<String>, value: String| {
            if slot.is_none() {
                *slot = Some(value);
            }
        };
        match p.as_str() {
            prop::LABEL => {
                let slot = if lang == "ko" || lang.starts_with("ko-") {
                    &mut node.label_ko
                } else if lang == "zh" || lang.starts_with("zh-") {
                    &mut node.label_zh
                } else if lang == "en" || lang.starts_with("en-") {
                    &mut node.label_en
                } else {
                    node.alt_labels.push(value);
                    continue;
                };
                if slot.is_none() {
                    *slot = Some(value);
                } else if slot.as_deref() != Some(value.as_str()) {
                    node.alt_labels.push(value);
                }
            }
            prop::ALT_LABEL => node.alt_labels.push(value),
            prop::TITLE => titles.push((e, value)),
            prop::DEADLINE => set(&mut node.deadline, value),
            prop::VALUE => set(&mut node.value, value),
            prop::UNIT => set(&mut node.unit, value),
            prop::VALUE_TEXT => set(&mut node.value_text, value),
            prop::METRIC => set(&mut node.metric, value),
            prop::COMPARATOR => set(&mut node.comparator, value),
            prop::START_YEAR => set(&mut node.start_year, value),
            prop::END_YEAR => set(&mut node.end_year, value),
            prop::ANNOUNCED_ON => set(&mut node.announced_on, value),
            prop::REF_YEAR => set(&mut node.ref_year, value),
            prop::EVIDENCE => node.evidence.push(value),
            _ => {}
        }
    }
    // Reports and articles have titles, not labels.
    for (e, title) in titles {
        if let Some(node) = nodes.get_mut(&e) {
            if node.label_ko.is_none() {
                node.label_ko = Some(title);
            }
        }
    }
    for node in nodes.values_mut() {
        node.alt_labels.sort();
        node.alt_labels.dedup();
        node.evidence.sort();
        node.evidence.dedup();
    }
    Ok(())
}

fn load_sources(
    store: &Store,
    scope: &Scope,
    nodes: &mut BTreeMap<String, EntityNode>,
) -> Result<()> {
    let query = "SELECT DISTINCT ?e ?a ?title ?date ?file WHERE {
        { ?e prov:wasDerivedFrom ?a } UNION { ?a pk:mentions ?e }
        OPTIONAL { ?a dcterms:title ?title }
        OPTIONAL { ?a pk:announcedOn ?date }
        OPTIONAL { ?a dcterms:isPartOf/pk:sourceFile ?file } }";
    for row in select(store, scope, query, &["e", "a", "title", "date", "file"])? {
        let (Some(e), Some(a)) = (iri_of(&row[0]), iri_of(&row[1])) else {
            continue;
        };
        if let Some(node) = nodes.get_mut(&e) {
            node.sources.push(SourceArticle {
                iri: a,
                title: text_of(&row[2]),
                date: text_of(&row[3]),
                file: text_of(&row[4]),
            });
        }
    }
    for node in nodes.values_mut() {
        node.sources.sort();
        node.sources.dedup_by(|a, b| a.iri == b.iri);
    }
    Ok(())
}

fn load_mention_counts(
    store: &Store,
    scope: &Scope,
    nodes: &mut BTreeMap<String, EntityNode>,
) -> Result<()> {
    let query = "SELECT ?e ?g ?n WHERE { GRAPH ?g { ?e pk:mentionCount ?n } }";
    for row in select(store, scope, query, &["e", "g", "n"])? {
        let (Some(e), Some(n)) = (iri_of(&row[0]), text_of(&row[2])) else {
            continue;
        };
        if let (Some(node), Ok(n)) = (nodes.get_mut(&e), n.trim().parse::<u64>()) {
            node.mention_count += n;
        }
    }
    Ok(())
}

fn load_edges(
    store: &Store,
    scope: &Scope,
    predicates: &[&str],
    nodes: &BTreeMap<String, EntityNode>,
) -> Result<Vec<(String, String, Relation)>> {
    let values: Vec<String> = predicates.iter().map(|p| format!("<{p}>")).collect();
    // An article supports a relation when, in a graph asserting it, both
    // ends are derived from or mentioned by that article.
    let query = format!(
        "SELECT ?s ?p ?o (COUNT(DISTINCT ?g) AS ?graphs) (COUNT(DISTINCT ?a) AS ?articles) WHERE {{
            VALUES ?p {{ {} }}
            GRAPH ?g {{
                ?s ?p ?o . FILTER(isIRI(?s) && isIRI(?o))
                OPTIONAL {{ ?s prov:wasDerivedFrom|^pk:mentions ?a . ?o prov:wasDerivedFrom|^pk:mentions ?a }}
            }}
        }} GROUP BY ?s ?p ?o",
        values.join(" ")
    );
    let mut edges = Vec::new();
    for row in select(store, scope, &query, &["s", "p", "o", "graphs", "articles"])? {
        let (Some(s), Some(p), Some(o)) = (iri_of(&row[0]), iri_of(&row[1]), iri_of(&row[2]))
        else {
            continue;
        };
        if !nodes.contains_key(&s) || !nodes.contains_key(&o) {
            continue;
        }
        let count = |t: &Option<Term>| text_of(t).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
        let (graphs, articles) = (count(&row[3]), count(&row[4]));
        let weight = if articles > 0 {
            articles
        } else {
            graphs.max(1)
        };
        edges.push((
            s,
            o,
            Relation {
                predicate: local_name(&p).to_string(),
                iri: p,
                weight,
            },
        ));
    }
    Ok(edges)
}

fn iri_of(t: &Option<Term>) -> Option<String> {
    match t {
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
}

fn text_of(t: &Option<Term>) -> Option<String> {
    match t {
        Some(Term::Literal(l)) => Some(l.value().to_string()),
        Some(Term::NamedNode(n)) => Some(n.as_str().to_string()),
        _ => None,
    }
}
