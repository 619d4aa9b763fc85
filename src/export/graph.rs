//! The entity graph: a `petgraph` graph whose nodes are entities (agencies, programs,
//! targets, …) and whose edges are the entity→entity predicates of the
//! contract. Every writer (`gexf`, `graphml`, `dot`, `json`) and every
//! exploration command works on this one type.
//!
//! This module does not write any format and does not print; reading the
//! store is `loader.rs`'s, entity lookup by label `lookup.rs`'s.

use std::collections::{BTreeMap, BTreeSet, HashSet, VecDeque};

use oxigraph::store::Store;
use petgraph::graph::{DiGraph, NodeIndex};
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use rustc_hash::FxHashMap;

use super::loader::{Model, Scope};
use super::model::strip_prefix;
pub use super::model::{
    local_name, EntityNode, Relation, SourceArticle, ENTITY_CLASSES, PROVENANCE_CLASSES,
    PROVENANCE_PREDICATES, RELATION_PREDICATES,
};
use crate::error::{Error, Result};

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
