//! Relationship exploration over the entity graph: who is connected to an
//! entity (`neighbors`), how two entities are connected (`path`), which
//! entities matter most (`rank`), label search across Korean, Chinese and
//! English (`search`) and targets by deadline year (`timeline`).
//!
//! Every command is a method of [`Explorer`] returning a plain result struct;
//! the CLI (`policykg explore …`) prints them with [`text`]. This module reads
//! the store once, through [`crate::export::EntityGraph`], and never writes.
//! Ranking algorithms live in [`rank`], the printed text in [`text`].

pub mod rank;
pub mod text;

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use oxigraph::store::Store;
use petgraph::graph::NodeIndex;
use petgraph::visit::{EdgeRef, UndirectedAdaptor};

use crate::error::{Error, Result};
use crate::export::lookup::normalize;
use crate::export::EntityGraph;

pub use rank::{RankBy, Ranked};

/// An entity as the commands report it.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entity {
    /// Display label (Korean when known).
    pub label: String,
    /// Most specific class (`Agency`, `City`, …).
    pub class: String,
    /// The entity IRI.
    pub iri: String,
}

impl fmt::Display for Entity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.label, self.class)
    }
}

/// Which way a relation points, seen from the entity one starts from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// `from —predicate→ to`: `from` is the subject.
    Outgoing,
    /// `from ←predicate— to`: `to` is the subject.
    Incoming,
}

impl Direction {
    /// `→` or `←`.
    pub fn arrow(self) -> &'static str {
        match self {
            Direction::Outgoing => "→",
            Direction::Incoming => "←",
        }
    }
}

/// One entity reached from the centre of a neighbourhood.
#[derive(Debug, Clone, PartialEq)]
pub struct Neighbor {
    /// Hops from the centre (1 = directly connected).
    pub depth: usize,
    /// The entity it was reached from (the centre at depth 1).
    pub via: Entity,
    /// Predicate local name of the relation.
    pub predicate: String,
    /// Direction of the relation seen from `via`.
    pub direction: Direction,
    /// The neighbour.
    pub entity: Entity,
    /// Supporting articles of the relation.
    pub weight: u32,
}

/// The result of [`Explorer::neighbors`].
#[derive(Debug, Clone, PartialEq)]
pub struct Neighborhood {
    /// The entity asked about.
    pub center: Entity,
    /// Every relation of the centre, then (depth > 1) the relations that
    /// reach entities not seen yet, breadth first.
    pub neighbors: Vec<Neighbor>,
}

/// One hop of a relation path.
#[derive(Debug, Clone, PartialEq)]
pub struct Hop {
    /// Where the hop starts.
    pub from: Entity,
    /// Predicate local name.
    pub predicate: String,
    /// Direction of the relation seen from `from`.
    pub direction: Direction,
    /// Where the hop ends.
    pub to: Entity,
    /// A source sentence of the program, target or indicator involved.
    pub evidence: Option<String>,
}

/// The result of [`Explorer::path`].
#[derive(Debug, Clone, PartialEq)]
pub struct RelationPath {
    /// Start entity.
    pub from: Entity,
    /// End entity.
    pub to: Entity,
    /// The hops, in order; empty when `from` is `to`.
    pub hops: Vec<Hop>,
}

/// One hit of [`Explorer::search`].
#[derive(Debug, Clone, PartialEq)]
pub struct SearchHit {
    /// The entity.
    pub entity: Entity,
    /// The label or alias that matched.
    pub matched: String,
    /// Its language (`ko`, `zh`, `en`), `alt` for aliases, `iri`.
    pub lang: String,
    /// Match quality in `0.0..=1.0`.
    pub score: f64,
}

/// One target of the timeline.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineEntry {
    /// The target.
    pub target: Entity,
    /// Agencies that set it (`pk:setBy`, else the programs' issuers).
    pub agencies: Vec<Entity>,
    /// Programs that have it (`pk:hasTarget`).
    pub programs: Vec<Entity>,
    /// What is measured.
    pub metric: Option<String>,
    /// The value, multipliers applied.
    pub value: Option<String>,
    /// The unit.
    pub unit: Option<String>,
    /// The amount as written.
    pub value_text: Option<String>,
}

/// The targets due in one year.
#[derive(Debug, Clone, PartialEq)]
pub struct TimelineYear {
    /// The deadline year; `None` for targets without a deadline (listed last).
    pub year: Option<i32>,
    /// The targets, by agency then metric.
    pub targets: Vec<TimelineEntry>,
}

/// The exploration commands over one store's entity graph.
pub struct Explorer {
    graph: EntityGraph,
}

/// Finds the entity named by `text` (any label, alias or IRI) in `store`.
pub fn resolve(store: &Store, text: &str) -> Result<Entity> {
    Explorer::new(store)?.resolve(text)
}

impl Explorer {
    /// Reads the entity graph of `store` (all reports).
    pub fn new(store: &Store) -> Result<Self> {
        Ok(Self::from_graph(EntityGraph::from_store(store)?))
    }

    /// Explores an already built graph.
    pub fn from_graph(graph: EntityGraph) -> Self {
        Explorer { graph }
    }

    /// The underlying graph.
    pub fn graph(&self) -> &EntityGraph {
        &self.graph
    }

    /// The entity named by `text`; `Error::NotFound` with close matches otherwise.
    pub fn resolve(&self, text: &str) -> Result<Entity> {
        Ok(self.entity(self.graph.resolve(text)?))
    }

    fn entity(&self, n: NodeIndex) -> Entity {
        let node = self.graph.node(n);
        Entity {
            label: node.label().to_string(),
            class: node.class.clone(),
            iri: node.iri.clone(),
        }
    }

    /// Entities within `depth` hops of `entity`, both directions, breadth
    /// first; each entity is listed once, with the relation that reached it.
    pub fn neighbors(&self, entity: &str, depth: usize) -> Result<Neighborhood> {
        let center = self.graph.resolve(entity)?;
        let g = &self.graph.graph;
        let mut seen = HashSet::from([center]);
        let mut frontier = vec![center];
        let mut neighbors = Vec::new();
        for d in 1..=depth {
            let mut next = Vec::new();
            for &n in &frontier {
                let mut rows: Vec<(Direction, NodeIndex, &crate::export::Relation)> = g
                    .edges_directed(n, petgraph::Direction::Outgoing)
                    .map(|e| (Direction::Outgoing, e.target(), e.weight()))
                    .chain(
                        g.edges_directed(n, petgraph::Direction::Incoming)
                            .map(|e| (Direction::Incoming, e.source(), e.weight())),
                    )
                    .collect();
                rows.sort_by(|a, b| {
                    (&a.2.predicate, g[a.1].label()).cmp(&(&b.2.predicate, g[b.1].label()))
                });
                for (direction, other, rel) in rows {
                    if seen.insert(other) {
                        next.push(other);
                        neighbors.push(Neighbor {
                            depth: d,
                            via: self.entity(n),
                            predicate: rel.predicate.clone(),
                            direction,
                            entity: self.entity(other),
                            weight: rel.weight,
                        });
                    }
                }
            }
            if next.is_empty() {
                break;
            }
            frontier = next;
        }
        Ok(Neighborhood {
            center: self.entity(center),
            neighbors,
        })
    }

    /// The shortest chain of relations between two entities, ignoring
    /// direction, with each hop's predicate, direction and a source sentence.
    pub fn path(&self, from: &str, to: &str) -> Result<RelationPath> {
        let (a, b) = (self.graph.resolve(from)?, self.graph.resolve(to)?);
        let g = &self.graph.graph;
        let (_, nodes) =
            petgraph::algo::astar(UndirectedAdaptor(g), a, |n| n == b, |_| 1u32, |_| 0u32)
                .ok_or_else(|| {
                    Error::NotFound(format!(
                        "no relation path between {} and {}",
                        self.graph.describe(a),
                        self.graph.describe(b)
                    ))
                })?;
        let hops = nodes
            .windows(2)
            .map(|pair| {
                let (x, y) = (pair[0], pair[1]);
                let forward = g
                    .edges_connecting(x, y)
                    .map(|e| (Direction::Outgoing, e.weight()));
                let backward = g
                    .edges_connecting(y, x)
                    .map(|e| (Direction::Incoming, e.weight()));
                let (direction, rel) = forward
                    .chain(backward)
                    .min_by(|p, q| p.1.predicate.cmp(&q.1.predicate))
                    .map(|(d, r)| (d, r.predicate.clone()))
                    .unwrap_or((Direction::Outgoing, String::new()));
                Hop {
                    from: self.entity(x),
                    predicate: rel,
                    direction,
                    to: self.entity(y),
                    evidence: self.evidence(x, y),
                }
            })
            .collect();
        Ok(RelationPath {
            from: self.entity(a),
            to: self.entity(b),
            hops,
        })
    }

    /// A source sentence for the relation between `x` and `y`: from the
    /// target, else the program, else whichever end has evidence; a sentence
    /// naming the other end is preferred.
    fn evidence(&self, x: NodeIndex, y: NodeIndex) -> Option<String> {
        let preference = |n: NodeIndex| match self.graph.node(n).class.as_str() {
            "Target" => 0,
            "Program" => 1,
            _ => 2,
        };
        let mut ends = [(x, y), (y, x)];
        ends.sort_by_key(|(n, _)| preference(*n));
        for (holder, other) in ends {
            let sentences = &self.graph.node(holder).evidence;
            if sentences.is_empty() {
                continue;
            }
            let names: Vec<String> = self
                .graph
                .node(other)
                .all_labels()
                .into_iter()
                .map(|(l, _)| normalize(l))
                .filter(|l| !l.is_empty())
                .collect();
            let naming = sentences.iter().find(|s| {
                let s = normalize(s);
                names.iter().any(|n| s.contains(n.as_str()))
            });
            return naming.or(sentences.first()).cloned();
        }
        None
    }

    /// The `top` entities by `by`, optionally only those of class `class`
    /// (scores are computed over the whole graph).
    pub fn rank(&self, by: RankBy, class: Option<&str>, top: usize) -> Result<Vec<Ranked>> {
        if let Some(c) = class {
            let known = self.graph.graph.node_weights().any(|n| n.is_a(c));
            if !known {
                let mut classes: Vec<&str> = self
                    .graph
                    .graph
                    .node_weights()
                    .flat_map(|n| n.classes.iter().map(String::as_str))
                    .collect();
                classes.sort_unstable();
                classes.dedup();
                return Err(Error::NotFound(format!(
                    "no entity of type '{c}'; types: {}",
                    classes.join(", ")
                )));
            }
        }
        let scores = rank::scores(&self.graph, by);
        let mut ranked: Vec<Ranked> = self
            .graph
            .graph
            .node_indices()
            .filter(|&n| class.is_none_or(|c| self.graph.node(n).is_a(c)))
            .map(|n| Ranked {
                entity: self.entity(n),
                score: scores[n.index()],
            })
            .collect();
        ranked.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.entity.cmp(&b.entity))
        });
        ranked.truncate(top);
        Ok(ranked)
    }

    /// Entities whose labels (any language) or aliases match `text`, best
    /// first, at most `limit`.
    pub fn search(&self, text: &str, limit: usize) -> Vec<SearchHit> {
        self.graph
            .search(text, limit)
            .into_iter()
            .map(|m| SearchHit {
                entity: self.entity(m.node),
                matched: m.label,
                lang: m.lang,
                score: m.score,
            })
            .collect()
    }

    /// Targets grouped by deadline year, with the agencies and programs
    /// behind them; only those of `agency` (set by it, or by a program it
    /// issued) when given.
    pub fn timeline(&self, agency: Option<&str>) -> Result<Vec<TimelineYear>> {
        let agency = agency.map(|a| self.graph.resolve(a)).transpose()?;
        let g = &self.graph.graph;
        let related = |n: NodeIndex, dir: petgraph::Direction, predicate: &str| -> Vec<NodeIndex> {
            let mut v: Vec<NodeIndex> = g
                .edges_directed(n, dir)
                .filter(|e| e.weight().predicate == predicate)
                .map(|e| {
                    if dir == petgraph::Direction::Outgoing {
                        e.target()
                    } else {
                        e.source()
                    }
                })
                .collect();
            v.sort_by(|a, b| g[*a].label().cmp(g[*b].label()));
            v.dedup();
            v
        };
        let mut years: BTreeMap<(bool, i32), Vec<TimelineEntry>> = BTreeMap::new();
        for n in g.node_indices().filter(|&n| g[n].is_a("Target")) {
            let programs = related(n, petgraph::Direction::Incoming, "hasTarget");
            let mut agencies = related(n, petgraph::Direction::Outgoing, "setBy");
            let issuers: Vec<NodeIndex> = programs
                .iter()
                .flat_map(|&p| related(p, petgraph::Direction::Outgoing, "issuedBy"))
                .collect();
            if let Some(a) = agency {
                if !agencies.contains(&a) && !issuers.contains(&a) {
                    continue;
                }
            }
            if agencies.is_empty() {
                agencies = issuers;
                agencies.sort_by(|a, b| g[*a].label().cmp(g[*b].label()));
                agencies.dedup();
            }
            let node = &g[n];
            let year = node
                .deadline
                .as_deref()
                .and_then(|d| d.get(..4))
                .and_then(|d| d.parse::<i32>().ok());
            let entry = TimelineEntry {
                target: self.entity(n),
                agencies: agencies.iter().map(|&a| self.entity(a)).collect(),
                programs: programs.iter().map(|&p| self.entity(p)).collect(),
                metric: node.metric.clone(),
                value: node.value.clone(),
                unit: node.unit.clone(),
                value_text: node.value_text.clone(),
            };
            years
                .entry((year.is_none(), year.unwrap_or(0)))
                .or_default()
                .push(entry);
        }
        Ok(years
            .into_iter()
            .map(|((undated, y), mut targets)| {
                targets.sort_by(|a, b| {
                    (&a.agencies, &a.metric, &a.target).cmp(&(&b.agencies, &b.metric, &b.target))
                });
                TimelineYear {
                    year: (!undated).then_some(y),
                    targets,
                }
            })
            .collect())
    }
}
