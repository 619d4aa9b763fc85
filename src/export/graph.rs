//! The entity graph: reads the store with a handful of SPARQL queries and
//! builds a `petgraph` graph whose nodes are entities (agencies, programs,
//! targets, …) and whose edges are the entity→entity predicates of the
//! contract. Every writer (`gexf`, `graphml`, `dot`, `json`) and every
//! exploration command works on this one type.
//!
//! This module does not write any format and does not print; entity lookup by
//! label lives in [`super::lookup`].

use std::collections::{BTreeMap, BTreeSet, HashMap, HashSet, VecDeque};

use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode, Term};
use oxigraph::sparql::{QueryResults, SparqlEvaluator};
use oxigraph::store::Store;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;

use crate::error::{Error, Result};
use crate::rdf::vocab::{self, class, prop};

/// The entity→entity predicates that become edges, in the contract's order.
pub const RELATION_PREDICATES: &[&str] = &[
    prop::ISSUED_BY,
    prop::HAS_TARGET,
    prop::SET_BY,
    prop::CONCERNS,
    prop::APPLIES_TO,
    prop::BASED_IN,
    prop::PART_OF_REGION,
    prop::AFFILIATED_WITH,
    prop::DEVELOPED_BY,
    prop::OBSERVED_IN,
    prop::BROADER,
];

/// The provenance predicates that become edges with `include_provenance`.
pub const PROVENANCE_PREDICATES: &[&str] =
    &[prop::MENTIONS, prop::WAS_DERIVED_FROM, prop::IS_PART_OF];

/// Entity classes, most specific first where it matters (a `City` is also a
/// `Region`). Used when the ontology graph is missing and to order output.
pub const ENTITY_CLASSES: &[&str] = &[
    class::AGENCY,
    class::PROGRAM,
    class::TARGET,
    class::TECHNOLOGY,
    class::CITY,
    class::PROVINCE,
    class::DISTRICT,
    class::COUNTRY,
    class::REGION,
    class::INDICATOR,
    class::ORGANIZATION,
    class::PERSON,
];

/// Provenance classes, nodes only with `include_provenance`.
pub const PROVENANCE_CLASSES: &[&str] = &[class::REPORT, class::ARTICLE];

/// What to put in the graph. The default is every entity and every relation
/// of every report.
#[derive(Debug, Clone, Default)]
pub struct GraphOptions {
    /// Keep only nodes of these classes (local names such as `Agency`;
    /// `Region` also keeps cities, provinces, districts and countries).
    pub types: Vec<String>,
    /// Keep only edges with these predicates (`issuedBy`, `pk:setBy` or a full IRI).
    pub predicates: Vec<String>,
    /// Keep only the neighbourhood of this entity (any label or IRI).
    pub ego: Option<String>,
    /// Radius of the `ego` neighbourhood in hops (undirected).
    pub depth: usize,
    /// Keep only one report's graph: its source file name or its IRI.
    pub report: Option<String>,
    /// A SPARQL CONSTRUCT query whose triples are the graph.
    pub construct: Option<String>,
    /// Also include `pk:Report` and `pk:Article` nodes and the provenance edges.
    pub include_provenance: bool,
}

/// One source article of an entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceArticle {
    /// The article IRI.
    pub iri: String,
    /// The article headline (`dcterms:title`).
    pub title: Option<String>,
    /// The article date (`pk:announcedOn`, `YYYY-MM-DD`).
    pub date: Option<String>,
    /// The report's source file name (`pk:sourceFile`).
    pub file: Option<String>,
}

/// A node of the entity graph: one entity with its labels and attributes.
#[derive(Debug, Clone, Default)]
pub struct EntityNode {
    /// The entity IRI.
    pub iri: String,
    /// Local name of the most specific class (`City`, `Agency`, …).
    pub class: String,
    /// Local names of every class of the entity and their superclasses.
    pub classes: BTreeSet<String>,
    /// `rdfs:label@ko`.
    pub label_ko: Option<String>,
    /// `rdfs:label@zh`.
    pub label_zh: Option<String>,
    /// `rdfs:label@en`.
    pub label_en: Option<String>,
    /// Other `rdfs:label`s and every `skos:altLabel`.
    pub alt_labels: Vec<String>,
    /// `pk:deadline` (a year).
    pub deadline: Option<String>,
    /// `pk:value` (a decimal, as written in the store).
    pub value: Option<String>,
    /// `pk:unit`.
    pub unit: Option<String>,
    /// `pk:valueText`.
    pub value_text: Option<String>,
    /// `pk:metric`.
    pub metric: Option<String>,
    /// `pk:comparator`.
    pub comparator: Option<String>,
    /// `pk:startYear`.
    pub start_year: Option<String>,
    /// `pk:endYear`.
    pub end_year: Option<String>,
    /// `pk:announcedOn` (or an article's date).
    pub announced_on: Option<String>,
    /// `pk:refYear`.
    pub ref_year: Option<String>,
    /// `pk:evidence` sentences, verbatim.
    pub evidence: Vec<String>,
    /// Articles the entity is derived from or mentioned in.
    pub sources: Vec<SourceArticle>,
    /// Sum of `pk:mentionCount` over all report graphs.
    pub mention_count: u64,
}

impl EntityNode {
    /// The display label: Korean, else Chinese, else English, else an alias,
    /// else the last segment of the IRI.
    pub fn label(&self) -> &str {
        self.label_ko
            .as_deref()
            .or(self.label_zh.as_deref())
            .or(self.label_en.as_deref())
            .or(self.alt_labels.first().map(String::as_str))
            .unwrap_or_else(|| local_name(&self.iri))
    }

    /// Every label and alias of the entity, with its language tag (`""` for none).
    pub fn all_labels(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        for (l, lang) in [
            (&self.label_ko, "ko"),
            (&self.label_zh, "zh"),
            (&self.label_en, "en"),
        ] {
            if let Some(l) = l {
                out.push((l.as_str(), lang));
            }
        }
        out.extend(self.alt_labels.iter().map(|l| (l.as_str(), "alt")));
        out
    }

    /// Whether the entity is of class `name` (local name, case-insensitive,
    /// superclasses included).
    pub fn is_a(&self, name: &str) -> bool {
        let name = strip_prefix(name);
        self.classes.iter().any(|c| c.eq_ignore_ascii_case(name))
    }

    /// The time interval of the node for dynamic graphs, as `YYYY-MM-DD`
    /// dates: programs run from their announcement (or start year) to their
    /// end year, targets from their first article to the end of their
    /// deadline year, other entities from their first article on.
    pub fn interval(&self) -> (Option<String>, Option<String>) {
        let first_article = self.sources.iter().filter_map(|s| s.date.as_deref()).filter_map(date).min();
        let start = match self.class.as_str() {
            "Program" => self
                .announced_on
                .as_deref()
                .and_then(date)
                .or_else(|| self.start_year.as_deref().and_then(year).map(|y| format!("{y}-01-01")))
                .or(first_article),
            "Indicator" => self
                .ref_year
                .as_deref()
                .and_then(year)
                .map(|y| format!("{y}-01-01"))
                .or(first_article),
            _ => self.announced_on.as_deref().and_then(date).or(first_article),
        };
        let end = match self.class.as_str() {
            "Program" => self.end_year.as_deref().and_then(year).map(|y| format!("{y}-12-31")),
            "Target" => self.deadline.as_deref().and_then(year).map(|y| format!("{y}-12-31")),
            _ => None,
        };
        match (start, end) {
            (Some(s), Some(e)) if s > e => (None, Some(e)),
            other => other,
        }
    }
}

/// An edge of the entity graph: one predicate between two entities.
#[derive(Debug, Clone)]
pub struct Relation {
    /// Local name of the predicate (`issuedBy`): the edge label.
    pub predicate: String,
    /// The predicate IRI.
    pub iri: String,
    /// Number of articles supporting the relation (articles of a graph
    /// asserting it that mention or derive both ends), or, when no article
    /// does, the number of report graphs asserting it.
    pub weight: u32,
}

/// The entity graph with an IRI index.
#[derive(Debug, Clone, Default)]
pub struct EntityGraph {
    /// The directed graph; node and edge indices are stable (sorted by IRI).
    pub graph: DiGraph<EntityNode, Relation>,
    index: HashMap<String, NodeIndex>,
}

impl EntityGraph {
    /// Reads the entity graph of `store` as `opts` asks.
    pub fn build(store: &Store, opts: &GraphOptions) -> Result<Self> {
        let scope = Scope::resolve(store, opts.report.as_deref())?;
        let model = Model::load(store, &scope, opts.include_provenance)?;
        let (nodes, edges) = match &opts.construct {
            Some(q) => model.constructed(store, q)?,
            None => (model.nodes, model.edges),
        };
        let full = EntityGraph::from_parts(nodes, edges);
        full.filtered(opts)
    }

    /// The graph of every entity and relation of the store.
    pub fn from_store(store: &Store) -> Result<Self> {
        Self::build(store, &GraphOptions::default())
    }

    fn from_parts(nodes: BTreeMap<String, EntityNode>, edges: Vec<(String, String, Relation)>) -> Self {
        let mut graph = DiGraph::with_capacity(nodes.len(), edges.len());
        let mut index = HashMap::with_capacity(nodes.len());
        for (iri, node) in nodes {
            let ix = graph.add_node(node);
            index.insert(iri, ix);
        }
        let mut edges = edges;
        edges.sort_by(|a, b| (&a.0, &a.2.predicate, &a.1).cmp(&(&b.0, &b.2.predicate, &b.1)));
        edges.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2.iri == b.2.iri);
        for (s, o, rel) in edges {
            if let (Some(&a), Some(&b)) = (index.get(&s), index.get(&o)) {
                graph.add_edge(a, b, rel);
            }
        }
        EntityGraph { graph, index }
    }

    /// The node of an IRI.
    pub fn node_of(&self, iri: &str) -> Option<NodeIndex> {
        self.index.get(iri).copied()
    }

    /// The entity at `ix`.
    pub fn node(&self, ix: NodeIndex) -> &EntityNode {
        &self.graph[ix]
    }

    /// Number of nodes.
    pub fn node_count(&self) -> usize {
        self.graph.node_count()
    }

    /// Number of edges.
    pub fn edge_count(&self) -> usize {
        self.graph.edge_count()
    }

    /// Undirected degree of every node, by node index.
    pub fn degrees(&self) -> Vec<usize> {
        self.graph
            .node_indices()
            .map(|n| self.graph.edges_directed(n, Direction::Outgoing).count() + self.graph.edges_directed(n, Direction::Incoming).count())
            .collect()
    }

    /// Applies the type, predicate and ego filters of `opts`.
    fn filtered(self, opts: &GraphOptions) -> Result<Self> {
        let known_types: BTreeSet<String> = ENTITY_CLASSES
            .iter()
            .chain(PROVENANCE_CLASSES)
            .map(|c| local_name(c).to_string())
            .chain(self.graph.node_weights().flat_map(|n| n.classes.iter().cloned()))
            .collect();
        for t in &opts.types {
            if !known_types.iter().any(|k| k.eq_ignore_ascii_case(strip_prefix(t))) {
                return Err(Error::NotFound(format!(
                    "unknown type '{t}'; known types: {}",
                    known_types.iter().cloned().collect::<Vec<_>>().join(", ")
                )));
            }
        }
        let known_predicates: Vec<&str> = RELATION_PREDICATES.iter().chain(PROVENANCE_PREDICATES).map(|p| local_name(p)).collect();
        for p in &opts.predicates {
            let name = local_name(strip_prefix(p));
            let seen = self.graph.edge_weights().any(|r| r.predicate.eq_ignore_ascii_case(name));
            if !seen && !known_predicates.iter().any(|k| k.eq_ignore_ascii_case(name)) {
                return Err(Error::NotFound(format!(
                    "unknown predicate '{p}'; known predicates: {}",
                    known_predicates.join(", ")
                )));
            }
        }

        let keep_node = |n: &EntityNode| opts.types.is_empty() || opts.types.iter().any(|t| n.is_a(t));
        let keep_edge = |r: &Relation| {
            opts.predicates.is_empty()
                || opts.predicates.iter().any(|p| {
                    let name = local_name(strip_prefix(p));
                    r.predicate.eq_ignore_ascii_case(name) || r.iri == *p
                })
        };
        let mut kept: HashSet<NodeIndex> = self.graph.node_indices().filter(|&n| keep_node(&self.graph[n])).collect();

        if let Some(ego) = &opts.ego {
            let center = self.resolve(ego)?;
            if !kept.contains(&center) {
                return Err(Error::NotFound(format!(
                    "'{}' is a {}, which --types leaves out",
                    self.graph[center].label(),
                    self.graph[center].class
                )));
            }
            let mut reached = HashSet::from([center]);
            let mut queue = VecDeque::from([(center, 0usize)]);
            while let Some((n, d)) = queue.pop_front() {
                if d >= opts.depth {
                    continue;
                }
                for dir in [Direction::Outgoing, Direction::Incoming] {
                    for e in self.graph.edges_directed(n, dir) {
                        let other = if dir == Direction::Outgoing { e.target() } else { e.source() };
                        if keep_edge(e.weight()) && kept.contains(&other) && reached.insert(other) {
                            queue.push_back((other, d + 1));
                        }
                    }
                }
            }
            kept = reached;
        }

        if opts.types.is_empty() && opts.predicates.is_empty() && opts.ego.is_none() {
            return Ok(self);
        }
        let mut nodes = BTreeMap::new();
        let mut edges = Vec::new();
        for e in self.graph.edge_references() {
            if kept.contains(&e.source()) && kept.contains(&e.target()) && keep_edge(e.weight()) {
                edges.push((self.graph[e.source()].iri.clone(), self.graph[e.target()].iri.clone(), e.weight().clone()));
            }
        }
        for n in kept {
            let node = self.graph[n].clone();
            nodes.insert(node.iri.clone(), node);
        }
        Ok(EntityGraph::from_parts(nodes, edges))
    }
}

/// Which graphs of the store a build reads.
struct Scope {
    /// `None`: the union of all graphs; else one report graph.
    graph: Option<NamedNode>,
}

impl Scope {
    /// Finds the graph of a report given its source file name, report IRI or graph IRI.
    fn resolve(store: &Store, report: Option<&str>) -> Result<Self> {
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
            if known.is_empty() { String::new() } else { format!("; reports: {}", known.join(", ")) }
        )))
    }
}

/// Runs a built-in SELECT query (the vocabulary prefixes are prepended) over
/// the scope and returns the values of `vars`, row by row.
fn select(store: &Store, scope: &Scope, query: &str, vars: &[&str]) -> Result<Vec<Vec<Option<Term>>>> {
    let results = evaluate(store, scope, &format!("{}{query}", vocab::SPARQL_PREFIXES), "built-in export query")?;
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

fn evaluate(store: &Store, scope: &Scope, query: &str, origin: &str) -> Result<QueryResults<'static>> {
    let mut prepared = SparqlEvaluator::new().parse_query(query).map_err(|e| sparql_error(origin, &e))?;
    match &scope.graph {
        None => prepared.dataset_mut().set_default_graph_as_union(),
        Some(g) => {
            let ontology = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
            prepared
                .dataset_mut()
                .set_default_graph(vec![GraphName::NamedNode(g.clone()), GraphName::NamedNode(ontology)]);
            prepared.dataset_mut().set_available_named_graphs(vec![NamedOrBlankNode::NamedNode(g.clone())]);
        }
    }
    prepared.on_store(store).execute().map_err(|e| sparql_error(origin, &e))
}

fn sparql_error(origin: &str, e: &dyn std::fmt::Display) -> Error {
    Error::Sparql {
        origin: origin.to_string(),
        message: e.to_string().lines().next().unwrap_or("").to_string(),
    }
}

/// Everything the builder reads, before filtering.
struct Model {
    nodes: BTreeMap<String, EntityNode>,
    edges: Vec<(String, String, Relation)>,
}

impl Model {
    fn load(store: &Store, scope: &Scope, include_provenance: bool) -> Result<Self> {
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
    #[allow(clippy::type_complexity)]
    fn constructed(self, store: &Store, query: &str) -> Result<(BTreeMap<String, EntityNode>, Vec<(String, String, Relation)>)> {
        let text = format!("{}{query}", vocab::SPARQL_PREFIXES);
        let results = evaluate(store, &Scope { graph: None }, &text, "--construct query")?;
        let QueryResults::Graph(triples) = results else {
            return Err(Error::Sparql {
                origin: "--construct query".into(),
                message: "the query must be a CONSTRUCT query".into(),
            });
        };
        let weights: HashMap<(&str, &str, &str), u32> =
            self.edges.iter().map(|(s, o, r)| ((s.as_str(), r.iri.as_str(), o.as_str()), r.weight)).collect();
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
            let NamedOrBlankNode::NamedNode(s) = &t.subject else { continue };
            add_node(s.as_str(), &mut nodes);
            let Term::NamedNode(o) = &t.object else { continue };
            if t.predicate.as_str() == prop::TYPE {
                continue;
            }
            add_node(o.as_str(), &mut nodes);
            let weight = weights.get(&(s.as_str(), t.predicate.as_str(), o.as_str())).copied().unwrap_or(1);
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
fn load_nodes(store: &Store, scope: &Scope, include_provenance: bool) -> Result<BTreeMap<String, EntityNode>> {
    // Superclasses from the ontology graph; the built-in list covers a store
    // loaded without it.
    let mut supers: HashMap<String, BTreeSet<String>> = HashMap::new();
    for row in select(store, scope, "SELECT DISTINCT ?c ?d WHERE { ?c rdfs:subClassOf+ ?d }", &["c", "d"])? {
        if let (Some(c), Some(d)) = (iri_of(&row[0]), iri_of(&row[1])) {
            supers.entry(c).or_default().insert(d);
        }
    }
    for sub in [class::CITY, class::PROVINCE, class::DISTRICT, class::COUNTRY] {
        supers.entry(sub.to_string()).or_default().insert(class::REGION.to_string());
    }
    let entity = format!("{}Entity", vocab::PK);
    let is_wanted = |c: &str| {
        ENTITY_CLASSES.contains(&c)
            || supers.get(c).is_some_and(|s| s.contains(&entity))
            || (include_provenance && PROVENANCE_CLASSES.contains(&c))
    };

    let mut types: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for row in select(store, scope, "SELECT DISTINCT ?e ?c WHERE { ?e a ?c . FILTER(isIRI(?e)) }", &["e", "c"])? {
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
            .filter(|c| !cs.iter().any(|d| supers.get(d).is_some_and(|s| s.contains(*c))))
            .min_by_key(|c| ENTITY_CLASSES.iter().chain(PROVENANCE_CLASSES).position(|k| k == c).unwrap_or(usize::MAX))
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

fn load_attributes(store: &Store, scope: &Scope, nodes: &mut BTreeMap<String, EntityNode>) -> Result<()> {
    let query = "SELECT DISTINCT ?e ?p ?v WHERE {
        VALUES ?p { rdfs:label skos:altLabel dcterms:title pk:deadline pk:value pk:unit pk:valueText pk:metric
                    pk:comparator pk:startYear pk:endYear pk:announcedOn pk:refYear pk:evidence }
        ?e ?p ?v . FILTER(isLiteral(?v)) }";
    let mut titles: Vec<(String, String)> = Vec::new();
    for row in select(store, scope, query, &["e", "p", "v"])? {
        let (Some(e), Some(p), Some(Term::Literal(v))) = (iri_of(&row[0]), iri_of(&row[1]), &row[2]) else {
            continue;
        };
        let Some(node) = nodes.get_mut(&e) else { continue };
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

fn load_sources(store: &Store, scope: &Scope, nodes: &mut BTreeMap<String, EntityNode>) -> Result<()> {
    let query = "SELECT DISTINCT ?e ?a ?title ?date ?file WHERE {
        { ?e prov:wasDerivedFrom ?a } UNION { ?a pk:mentions ?e }
        OPTIONAL { ?a dcterms:title ?title }
        OPTIONAL { ?a pk:announcedOn ?date }
        OPTIONAL { ?a dcterms:isPartOf/pk:sourceFile ?file } }";
    for row in select(store, scope, query, &["e", "a", "title", "date", "file"])? {
        let (Some(e), Some(a)) = (iri_of(&row[0]), iri_of(&row[1])) else { continue };
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

fn load_mention_counts(store: &Store, scope: &Scope, nodes: &mut BTreeMap<String, EntityNode>) -> Result<()> {
    let query = "SELECT ?e ?g ?n WHERE { GRAPH ?g { ?e pk:mentionCount ?n } }";
    for row in select(store, scope, query, &["e", "g", "n"])? {
        let (Some(e), Some(n)) = (iri_of(&row[0]), text_of(&row[2])) else { continue };
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
        let (Some(s), Some(p), Some(o)) = (iri_of(&row[0]), iri_of(&row[1]), iri_of(&row[2])) else {
            continue;
        };
        if !nodes.contains_key(&s) || !nodes.contains_key(&o) {
            continue;
        }
        let count = |t: &Option<Term>| text_of(t).and_then(|v| v.parse::<u32>().ok()).unwrap_or(0);
        let (graphs, articles) = (count(&row[3]), count(&row[4]));
        let weight = if articles > 0 { articles } else { graphs.max(1) };
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

/// The last segment of an IRI: after `#`, else after the last `/`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit_once('#')
        .map(|(_, l)| l)
        .or_else(|| iri.trim_end_matches('/').rsplit_once('/').map(|(_, l)| l))
        .filter(|l| !l.is_empty())
        .unwrap_or(iri)
}

/// `pk:Agency` → `Agency`; other text unchanged.
fn strip_prefix(name: &str) -> &str {
    name.strip_prefix("pk:").unwrap_or(name)
}

/// The `YYYY` of an `xsd:gYear` (`2025`, `2025Z`, `2025+08:00`).
fn year(v: &str) -> Option<String> {
    let y: String = v.chars().take(4).collect();
    (y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())).then_some(y)
}

/// The `YYYY-MM-DD` of an `xsd:date` or `xsd:dateTime`.
fn date(v: &str) -> Option<String> {
    let d = v.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| if i == 4 || i == 7 { *c == b'-' } else { c.is_ascii_digit() });
    ok.then(|| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names() {
        for (iri, expected) in [
            ("https://w3id.org/policykg/ontology#issuedBy", "issuedBy"),
            ("https://w3id.org/policykg/id/agency/state-council", "state-council"),
            ("http://purl.org/dc/terms/isPartOf", "isPartOf"),
            ("urn:x", "urn:x"),
        ] {
            assert_eq!(local_name(iri), expected, "{iri}");
        }
    }

    #[test]
    fn intervals() {
        let program = EntityNode {
            class: "Program".into(),
            announced_on: Some("2023-10-17".into()),
            end_year: Some("2025".into()),
            ..EntityNode::default()
        };
        assert_eq!(program.interval(), (Some("2023-10-17".into()), Some("2025-12-31".into())));
        let target = EntityNode {
            class: "Target".into(),
            deadline: Some("2025".into()),
            ..EntityNode::default()
        };
        assert_eq!(target.interval(), (None, Some("2025-12-31".into())));
    }
}
