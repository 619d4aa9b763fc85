//! The entity graph: a `petgraph` graph whose nodes are entities (agencies, programs,
//! targets, …) and whose edges are the entity→entity predicates of the
//! contract. Every writer (`gexf`, `graphml`, `dot`, `json`) and every
//! exploration command works on this one type.
//!
//! This module does not write any format and does not print; reading the
//! store is `loader.rs`'s, entity lookup by label `lookup.rs`'s.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};
use std::sync::Arc;

use oxigraph::store::Store;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use rustc_hash::FxHashMap;

use super::loader::{Model, Scope};
use crate::error::{Error, Result};
use crate::rdf::vocab::{class, prop};

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
    /// Also read every node's `pk:evidence` sentences (exploration quotes
    /// them; the export formats do not write them, so they skip the read).
    pub with_evidence: bool,
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
    pub sources: Vec<Arc<SourceArticle>>,
    /// Sum of `pk:mentionCount` over all report graphs.
    pub mention_count: u64,
}

impl EntityNode {
    /// The attribute values every writer declares that need a conversion:
    /// source titles joined, deadline as a year, value when numeric.
    pub fn written_attributes(&self) -> (Option<String>, Option<&str>, Option<&str>) {
        let sources: Vec<&str> = self
            .sources
            .iter()
            .map(|s| s.title.as_deref().unwrap_or(&s.iri))
            .collect();
        let sources = (!sources.is_empty()).then(|| sources.join("; "));
        let deadline = self
            .deadline
            .as_deref()
            .and_then(|d| d.get(..4))
            .filter(|d| d.parse::<i32>().is_ok());
        let value = self.value.as_deref().filter(|v| v.parse::<f64>().is_ok());
        (sources, deadline, value)
    }

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
        let first_article = self
            .sources
            .iter()
            .filter_map(|s| s.date.as_deref())
            .filter_map(date)
            .min();
        let start = match self.class.as_str() {
            "Program" => self
                .announced_on
                .as_deref()
                .and_then(date)
                .or_else(|| {
                    self.start_year
                        .as_deref()
                        .and_then(year)
                        .map(|y| format!("{y}-01-01"))
                })
                .or(first_article),
            "Indicator" => self
                .ref_year
                .as_deref()
                .and_then(year)
                .map(|y| format!("{y}-01-01"))
                .or(first_article),
            _ => self
                .announced_on
                .as_deref()
                .and_then(date)
                .or(first_article),
        };
        let end = match self.class.as_str() {
            "Program" => self
                .end_year
                .as_deref()
                .and_then(year)
                .map(|y| format!("{y}-12-31")),
            "Target" => self
                .deadline
                .as_deref()
                .and_then(year)
                .map(|y| format!("{y}-12-31")),
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
    index: FxHashMap<String, NodeIndex>,
}

impl EntityGraph {
    /// Reads the entity graph of `store` as `opts` asks.
    pub fn build(store: &Store, opts: &GraphOptions) -> Result<Self> {
        let scope = Scope::resolve(store, opts.report.as_deref())?;
        let model = Model::load(store, &scope, opts.include_provenance, opts.with_evidence)?;
        let (nodes, edges) = match &opts.construct {
            Some(q) => model.constructed(store, q)?,
            None => (model.nodes, model.edges),
        };
        let full = EntityGraph::from_parts(nodes, edges);
        full.filtered(opts)
    }

    /// The graph of every entity and relation of the store, with evidence.
    pub fn from_store(store: &Store) -> Result<Self> {
        Self::build(
            store,
            &GraphOptions {
                with_evidence: true,
                ..GraphOptions::default()
            },
        )
    }

    fn from_parts(
        nodes: BTreeMap<String, EntityNode>,
        edges: Vec<(String, String, Relation)>,
    ) -> Self {
        let mut graph = DiGraph::with_capacity(nodes.len(), edges.len());
        let mut index = FxHashMap::with_capacity_and_hasher(nodes.len(), Default::default());
        for (iri, node) in nodes {
            let ix = graph.add_node(node);
            index.insert(iri, ix);
        }
        // Node indices follow the IRIs' order, so sorting by them sorts by
        // (subject IRI, predicate, object IRI) without comparing strings.
        let mut edges: Vec<(NodeIndex, NodeIndex, Relation)> = edges
            .into_iter()
            .filter_map(|(s, o, rel)| Some((*index.get(&s)?, *index.get(&o)?, rel)))
            .collect();
        edges.sort_by(|a, b| (a.0, &a.2.predicate, a.1).cmp(&(b.0, &b.2.predicate, b.1)));
        edges.dedup_by(|a, b| a.0 == b.0 && a.1 == b.1 && a.2.iri == b.2.iri);
        for (a, b, rel) in edges {
            graph.add_edge(a, b, rel);
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
            .map(|n| {
                self.graph.edges_directed(n, Direction::Outgoing).count()
                    + self.graph.edges_directed(n, Direction::Incoming).count()
            })
            .collect()
    }

    /// Applies the type, predicate and ego filters of `opts`.
    fn filtered(self, opts: &GraphOptions) -> Result<Self> {
        if opts.types.is_empty() && opts.predicates.is_empty() && opts.ego.is_none() {
            return Ok(self);
        }
        let known_types: BTreeSet<String> = ENTITY_CLASSES
            .iter()
            .chain(PROVENANCE_CLASSES)
            .map(|c| local_name(c).to_string())
            .chain(
                self.graph
                    .node_weights()
                    .flat_map(|n| n.classes.iter().cloned()),
            )
            .collect();
        for t in &opts.types {
            if !known_types
                .iter()
                .any(|k| k.eq_ignore_ascii_case(strip_prefix(t)))
            {
                return Err(Error::NotFound(format!(
                    "unknown type '{t}'; known types: {}",
                    known_types.iter().cloned().collect::<Vec<_>>().join(", ")
                )));
            }
        }
        let known_predicates: Vec<&str> = RELATION_PREDICATES
            .iter()
            .chain(PROVENANCE_PREDICATES)
            .map(|p| local_name(p))
            .collect();
        for p in &opts.predicates {
            let name = local_name(strip_prefix(p));
            let seen = self
                .graph
                .edge_weights()
                .any(|r| r.predicate.eq_ignore_ascii_case(name));
            if !seen
                && !known_predicates
                    .iter()
                    .any(|k| k.eq_ignore_ascii_case(name))
            {
                return Err(Error::NotFound(format!(
                    "unknown predicate '{p}'; known predicates: {}",
                    known_predicates.join(", ")
                )));
            }
        }

        let keep_node =
            |n: &EntityNode| opts.types.is_empty() || opts.types.iter().any(|t| n.is_a(t));
        let keep_edge = |r: &Relation| {
            opts.predicates.is_empty()
                || opts.predicates.iter().any(|p| {
                    let name = local_name(strip_prefix(p));
                    r.predicate.eq_ignore_ascii_case(name) || r.iri == *p
                })
        };
        let mut kept: HashSet<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&n| keep_node(&self.graph[n]))
            .collect();

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
                        let other = if dir == Direction::Outgoing {
                            e.target()
                        } else {
                            e.source()
                        };
                        if keep_edge(e.weight()) && kept.contains(&other) && reached.insert(other) {
                            queue.push_back((other, d + 1));
                        }
                    }
                }
            }
            kept = reached;
        }

        let mut nodes = BTreeMap::new();
        let mut edges = Vec::new();
        for e in self.graph.edge_references() {
            if kept.contains(&e.source()) && kept.contains(&e.target()) && keep_edge(e.weight()) {
                edges.push((
                    self.graph[e.source()].iri.clone(),
                    self.graph[e.target()].iri.clone(),
                    e.weight().clone(),
                ));
            }
        }
        for n in kept {
            let node = self.graph[n].clone();
            nodes.insert(node.iri.clone(), node);
        }
        Ok(EntityGraph::from_parts(nodes, edges))
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
    let ok = b.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then(|| d.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn local_names() {
        for (iri, expected) in [
            ("https://w3id.org/policykg/ontology#issuedBy", "issuedBy"),
            (
                "https://w3id.org/policykg/id/agency/state-council",
                "state-council",
            ),
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
        assert_eq!(
            program.interval(),
            (Some("2023-10-17".into()), Some("2025-12-31".into()))
        );
        let target = EntityNode {
            class: "Target".into(),
            deadline: Some("2025".into()),
            ..EntityNode::default()
        };
        assert_eq!(target.interval(), (None, Some("2025-12-31".into())));
    }
}
