//! Centrality scores for `policykg explore rank`: degree, PageRank and
//! betweenness over the entity graph. Scores only; selecting and sorting is
//! the caller's.

use std::collections::VecDeque;
use std::fmt;
use std::str::FromStr;

use petgraph::visit::EdgeRef;

use super::Entity;
use crate::error::{Error, Result};
use crate::export::EntityGraph;

/// PageRank damping factor (the usual 0.85).
pub const DAMPING: f64 = 0.85;
/// PageRank iterations; 50 is far past convergence on policy graphs.
pub const ITERATIONS: usize = 50;
/// Above this many nodes PageRank uses [`sparse_page_rank`]: petgraph's
/// `page_rank` tests every pair of nodes each iteration (O(n²) time).
pub const DENSE_PAGE_RANK_LIMIT: usize = 1500;

/// What to rank by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum RankBy {
    /// Number of relations, both directions.
    #[default]
    Degree,
    /// PageRank over the directed relations (programs point to agencies,
    /// targets and technologies, so those collect rank).
    PageRank,
    /// Normalised betweenness centrality, ignoring direction: how often an
    /// entity lies on shortest paths between others (brokers, hubs).
    Betweenness,
}

impl FromStr for RankBy {
    type Err = Error;

    fn from_str(s: &str) -> Result<Self> {
        match s.trim().to_ascii_lowercase().as_str() {
            "degree" => Ok(Self::Degree),
            "pagerank" | "page-rank" | "page_rank" => Ok(Self::PageRank),
            "betweenness" => Ok(Self::Betweenness),
            _ => Err(Error::NotFound(format!(
                "unknown ranking '{s}'; use degree, pagerank or betweenness"
            ))),
        }
    }
}

impl fmt::Display for RankBy {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Self::Degree => "degree",
            Self::PageRank => "pagerank",
            Self::Betweenness => "betweenness",
        })
    }
}

/// One ranked entity.
#[derive(Debug, Clone, PartialEq)]
pub struct Ranked {
    /// The entity.
    pub entity: Entity,
    /// Its score (an integer for degree).
    pub score: f64,
}

/// The score of every node, by node index.
pub fn scores(graph: &EntityGraph, by: RankBy) -> Vec<f64> {
    match by {
        RankBy::Degree => graph.degrees().into_iter().map(|d| d as f64).collect(),
        RankBy::PageRank if graph.node_count() <= DENSE_PAGE_RANK_LIMIT => {
            petgraph::algo::page_rank(&graph.graph, DAMPING, ITERATIONS)
        }
        RankBy::PageRank => sparse_page_rank(graph, DAMPING, ITERATIONS),
        RankBy::Betweenness => betweenness(graph),
    }
}

/// The same iteration as petgraph's `page_rank` (including its treatment of
/// random jumps and dangling nodes), over predecessor lists, so that one
/// iteration is O(nodes + edges) instead of O(nodes²).
pub fn sparse_page_rank(graph: &EntityGraph, damping: f64, iterations: usize) -> Vec<f64> {
    let g = &graph.graph;
    let n = g.node_count();
    if n == 0 {
        return Vec::new();
    }
    let nb = n as f64;
    let out_degree: Vec<f64> = g
        .node_indices()
        .map(|v| g.edges(v).count() as f64)
        .collect();
    let predecessors: Vec<Vec<usize>> = g
        .node_indices()
        .map(|v| {
            let mut p: Vec<usize> = g
                .edges_directed(v, petgraph::Direction::Incoming)
                .map(|e| e.source().index())
                .collect();
            p.sort_unstable();
            p.dedup();
            p
        })
        .collect();
    let mut ranks = vec![1.0 / nb; n];
    for _ in 0..iterations {
        let dangling: f64 = (0..n)
            .filter(|&w| out_degree[w] == 0.0)
            .map(|w| ranks[w])
            .sum();
        let linking: f64 = (0..n)
            .filter(|&w| out_degree[w] > 0.0)
            .map(|w| ranks[w])
            .sum();
        let pi: Vec<f64> = (0..n)
            .map(|v| {
                let (mut linked, mut linked_rank) = (0.0, 0.0);
                for &w in &predecessors[v] {
                    linked += damping * ranks[w] / out_degree[w];
                    linked_rank += ranks[w];
                }
                linked + damping * dangling / nb + (1.0 - damping) * (linking - linked_rank) / nb
            })
            .collect();
        let sum: f64 = pi.iter().sum();
        ranks = pi.into_iter().map(|r| r / sum).collect();
    }
    ranks
}

/// Brandes' algorithm (2001) for betweenness centrality on the undirected,
/// unweighted view of the graph, normalised to `0..=1` by the number of
/// node pairs. petgraph 0.8 has no betweenness, hence this: one BFS per
/// node, O(nodes × edges).
pub fn betweenness(graph: &EntityGraph) -> Vec<f64> {
    let g = &graph.graph;
    let n = g.node_count();
    let adjacency: Vec<Vec<usize>> = g
        .node_indices()
        .map(|v| {
            let mut a: Vec<usize> = g
                .neighbors_undirected(v)
                .map(|m| m.index())
                .filter(|&m| m != v.index())
                .collect();
            a.sort_unstable();
            a.dedup();
            a
        })
        .collect();
    let mut centrality = vec![0.0; n];
    for s in 0..n {
        let mut stack = Vec::with_capacity(n);
        let mut predecessors: Vec<Vec<usize>> = vec![Vec::new(); n];
        let mut sigma = vec![0.0; n];
        let mut distance: Vec<Option<usize>> = vec![None; n];
        sigma[s] = 1.0;
        distance[s] = Some(0);
        let mut queue = VecDeque::from([s]);
        while let Some(v) = queue.pop_front() {
            stack.push(v);
            let dv = distance[v].unwrap_or(0);
            for &w in &adjacency[v] {
                if distance[w].is_none() {
                    distance[w] = Some(dv + 1);
                    queue.push_back(w);
                }
                if distance[w] == Some(dv + 1) {
                    sigma[w] += sigma[v];
                    predecessors[w].push(v);
                }
            }
        }
        let mut delta = vec![0.0; n];
        while let Some(w) = stack.pop() {
            for &v in &predecessors[w] {
                delta[v] += sigma[v] / sigma[w] * (1.0 + delta[w]);
            }
            if w != s {
                centrality[w] += delta[w];
            }
        }
    }
    // Each undirected pair was counted from both ends: halve, then divide by
    // the number of pairs not involving the node.
    let pairs = if n > 2 {
        ((n - 1) * (n - 2)) as f64 / 2.0
    } else {
        1.0
    };
    centrality.into_iter().map(|c| c / 2.0 / pairs).collect()
}
