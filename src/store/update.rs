//! Writes from outside the ingest pipeline: SPARQL Update and the Graph
//! Store Protocol's PUT, POST and DELETE, which `policykg serve --writable`
//! accepts. Owns what such a write may touch and how the union default
//! graph stays the set-union of the data graphs afterwards: an update runs
//! in one transaction, and the union is brought back in step inside that
//! same transaction, so a failed or refused write leaves the store exactly
//! as it was.
//!
//! The default graph is derived, never written directly: an update whose
//! template, `INSERT DATA`/`DELETE DATA`, `CLEAR`/`DROP DEFAULT` or `LOAD`
//! names it is refused, as is `LOAD` of any kind (the store sends no
//! requests elsewhere). `CLEAR`/`DROP ALL` and `NAMED` are allowed: they
//! empty the data graphs, and with them the union. Does not own HTTP,
//! authorisation or protocol parameters (the server's).

use std::collections::{BTreeSet, HashSet};

use oxigraph::model::{
    GraphName, GraphNameRef, NamedNode, NamedNodeRef, NamedOrBlankNode, Quad, Triple,
};
use oxigraph::sparql::{CancellationToken, SparqlEvaluator};
use oxigraph::store::{StorageError, Transaction};
use spargebra::algebra::GraphTarget;
use spargebra::term::{GraphName as UpdateGraph, GraphNamePattern};
use spargebra::{GraphUpdateOperation, Update};

use super::state::is_push_state_graph;
use super::{union_copy, KnowledgeStore};
use crate::error::{Error, Result};

/// The dataset a protocol request gives an update's `WHERE` clauses
/// (`using-graph-uri`, `using-named-graph-uri`); empty: the update's own.
#[derive(Debug, Clone, Default)]
pub struct UpdateDataset {
    /// `using-graph-uri`: the default graph becomes their merge.
    pub default_graphs: Vec<NamedNode>,
    /// `using-named-graph-uri`: the only graphs `GRAPH` sees.
    pub named_graphs: Vec<NamedNode>,
}

impl UpdateDataset {
    /// Whether the request gave no dataset.
    pub fn is_empty(&self) -> bool {
        self.default_graphs.is_empty() && self.named_graphs.is_empty()
    }
}

/// The graphs an update may write, known before it runs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Written {
    /// Exactly these named graphs.
    Graphs(BTreeSet<NamedNode>),
    /// Graphs chosen while it runs (`GRAPH ?g` templates, `CLEAR ALL`): the
    /// whole union is checked afterwards.
    Any,
}

/// Which graphs `update` writes, or why it is refused.
pub fn written_graphs(update: &Update) -> std::result::Result<Written, String> {
    let mut graphs = BTreeSet::new();
    let mut any = false;
    let default_refused = |what: &str| {
        format!(
            "{what} writes the default graph, which is the union of the report graphs; write into a named graph (GRAPH <IRI> {{ … }}) instead"
        )
    };
    for op in &update.operations {
        match op {
            GraphUpdateOperation::InsertData { data } => {
                for q in data {
                    named_or_refuse(&q.graph_name, &mut graphs)
                        .map_err(|()| default_refused("INSERT DATA"))?;
                }
            }
            GraphUpdateOperation::DeleteData { data } => {
                for q in data {
                    named_or_refuse(&q.graph_name, &mut graphs)
                        .map_err(|()| default_refused("DELETE DATA"))?;
                }
            }
            GraphUpdateOperation::DeleteInsert { delete, insert, .. } => {
                let names = delete
                    .iter()
                    .map(|q| &q.graph_name)
                    .chain(insert.iter().map(|q| &q.graph_name));
                for name in names {
                    match name {
                        GraphNamePattern::NamedNode(n) => {
                            graphs.insert(n.clone());
                        }
                        GraphNamePattern::Variable(_) => any = true,
                        GraphNamePattern::DefaultGraph => {
                            return Err(default_refused("a DELETE/INSERT template outside GRAPH"))
                        }
                    }
                }
            }
            GraphUpdateOperation::Load { .. } => {
                return Err("LOAD is refused: the server fetches nothing from elsewhere; send the data with a Graph Store PUT or POST".into())
            }
            GraphUpdateOperation::Clear { graph, .. } | GraphUpdateOperation::Drop { graph, .. } => {
                match graph {
                    GraphTarget::NamedNode(n) => {
                        graphs.insert(n.clone());
                    }
                    GraphTarget::DefaultGraph => {
                        return Err(default_refused("CLEAR/DROP DEFAULT"))
                    }
                    GraphTarget::NamedGraphs | GraphTarget::AllGraphs => any = true,
                }
            }
            GraphUpdateOperation::Create { .. } => {}
        }
    }
    Ok(if any {
        Written::Any
    } else {
        Written::Graphs(graphs)
    })
}

fn named_or_refuse(
    name: &UpdateGraph,
    graphs: &mut BTreeSet<NamedNode>,
) -> std::result::Result<(), ()> {
    match name {
        UpdateGraph::NamedNode(n) => {
            graphs.insert(n.clone());
            Ok(())
        }
        UpdateGraph::DefaultGraph => Err(()),
    }
}

fn refused(message: impl Into<String>) -> Error {
    Error::Sparql {
        origin: "update".into(),
        message: message.into(),
    }
}

type Triples = HashSet<Triple>;

impl KnowledgeStore {
    /// Runs `update` with the protocol's `dataset` in one transaction and
    /// keeps the union default graph in step (see the module doc for what
    /// is refused). A `USING`/`WITH` next to a protocol dataset is refused,
    /// as the SPARQL Protocol asks. Cancelling `cancel` stops it between
    /// reads, and nothing is written.
    pub fn update(
        &self,
        update: Update,
        dataset: &UpdateDataset,
        cancel: CancellationToken,
    ) -> Result<()> {
        let written = written_graphs(&update).map_err(refused)?;
        let mut prepared = SparqlEvaluator::new()
            .with_cancellation_token(cancel)
            .for_update(update);
        if !dataset.is_empty() {
            for using in prepared.using_datasets_mut() {
                if !using.is_default_dataset() {
                    return Err(refused(
                        "using-graph-uri/using-named-graph-uri next to USING or WITH in the update",
                    ));
                }
                using.set_default_graph(
                    dataset
                        .default_graphs
                        .iter()
                        .cloned()
                        .map(GraphName::NamedNode)
                        .collect(),
                );
                using.set_available_named_graphs(
                    dataset
                        .named_graphs
                        .iter()
                        .cloned()
                        .map(NamedOrBlankNode::NamedNode)
                        .collect(),
                );
            }
        }
        let mut tx = self
            .store
            .start_transaction()
            .map_err(|e| self.err("start a transaction", e))?;
        let before = match &written {
            Written::Graphs(graphs) => Some(self.snapshot(&tx, graphs)?),
            Written::Any => None,
        };
        prepared
            .on_transaction(&mut tx)
            .execute()
            .map_err(|e| refused(e.to_string()))?;
        match (&written, before) {
            (Written::Graphs(graphs), Some(before)) => {
                let after = self.snapshot(&tx, graphs)?;
                self.follow_changes(&mut tx, &before, &after)?;
            }
            _ => self.rebuild_union(&mut tx)?,
        }
        tx.commit()
            .map_err(|e| self.err("commit the transaction", e))
    }

    /// Adds `triples` to named graph `graph` (a Graph Store POST), keeping
    /// what it holds; returns whether the graph is new.
    pub fn add_to_graph(&self, graph: NamedNodeRef<'_>, triples: &[Triple]) -> Result<bool> {
        self.write_graph(graph, |tx| {
            tx.insert_named_graph(graph);
            for t in triples {
                tx.insert(&t.clone().in_graph(graph.into_owned()));
            }
            Ok(())
        })
    }

    /// Puts `triples` in place of what named graph `graph` holds (a Graph
    /// Store PUT); returns whether the graph is new.
    pub fn put_graph(&self, graph: NamedNodeRef<'_>, triples: &[Triple]) -> Result<bool> {
        self.write_graph(graph, |tx| {
            tx.clear_graph(graph)?;
            tx.insert_named_graph(graph);
            for t in triples {
                tx.insert(&t.clone().in_graph(graph.into_owned()));
            }
            Ok(())
        })
    }

    /// Removes named graph `graph` and its share of the union (a Graph
    /// Store DELETE); returns whether it existed.
    pub fn drop_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool> {
        let existed = !self.write_graph(graph, |tx| tx.remove_named_graph(graph))?;
        Ok(existed)
    }

    /// Runs `write` on named graph `graph` in one transaction and keeps the
    /// union in step; returns whether the graph was new.
    fn write_graph(
        &self,
        graph: NamedNodeRef<'_>,
        write: impl FnOnce(&mut Transaction<'_>) -> std::result::Result<(), StorageError>,
    ) -> Result<bool> {
        let mut tx = self
            .store
            .start_transaction()
            .map_err(|e| self.err("start a transaction", e))?;
        let created = !tx
            .contains_named_graph(graph)
            .map_err(|e| self.err("read the graph list", e))?;
        let graphs = BTreeSet::from([graph.into_owned()]);
        let before = self.snapshot(&tx, &graphs)?;
        write(&mut tx).map_err(|e| self.err("read the graph list", e))?;
        let after = self.snapshot(&tx, &graphs)?;
        self.follow_changes(&mut tx, &before, &after)?;
        tx.commit()
            .map_err(|e| self.err("commit the transaction", e))?;
        Ok(created)
    }

    /// The triples of each of `graphs` that counts towards the union, as
    /// the transaction sees them.
    fn snapshot(&self, tx: &Transaction<'_>, graphs: &BTreeSet<NamedNode>) -> Result<Triples> {
        let mut out = HashSet::new();
        for g in graphs.iter().filter(|g| !is_push_state_graph(g.as_ref())) {
            for q in
                tx.quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(g.as_ref())))
            {
                out.insert(Triple::from(q.map_err(|e| self.err("read the store", e))?));
            }
        }
        Ok(out)
    }

    /// After an update that wrote only known graphs: triples they gained
    /// join the union, triples they lost leave it unless another data
    /// graph still states them.
    fn follow_changes(
        &self,
        tx: &mut Transaction<'_>,
        before: &Triples,
        after: &Triples,
    ) -> Result<()> {
        for t in after.difference(before) {
            tx.insert(&t.clone().in_graph(GraphName::DefaultGraph));
        }
        for t in before.difference(after) {
            if !self.stated_in_data_graph(tx, t)? {
                tx.remove(&t.clone().in_graph(GraphName::DefaultGraph));
            }
        }
        Ok(())
    }

    /// After an update that may have written any graph: the union is
    /// checked against every data graph (time in proportion to the store).
    fn rebuild_union(&self, tx: &mut Transaction<'_>) -> Result<()> {
        let default: Vec<Triple> = tx
            .quads_for_pattern(None, None, None, Some(GraphNameRef::DefaultGraph))
            .map(|q| q.map(Triple::from))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err("read the store", e))?;
        for t in &default {
            if !self.stated_in_data_graph(tx, t)? {
                tx.remove(&t.clone().in_graph(GraphName::DefaultGraph));
            }
        }
        let mut missing = Vec::new();
        for q in tx.iter() {
            let q = q.map_err(|e| self.err("read the store", e))?;
            let GraphName::NamedNode(g) = &q.graph_name else {
                continue;
            };
            if is_push_state_graph(g.as_ref()) {
                continue;
            }
            let copy = union_copy(&q);
            if !tx
                .contains(&copy)
                .map_err(|e| self.err("read the store", e))?
            {
                missing.push(copy);
            }
        }
        for q in &missing {
            tx.insert(q);
        }
        Ok(())
    }

    /// Whether a data graph (not the union, not push bookkeeping) states `t`.
    fn stated_in_data_graph(&self, tx: &Transaction<'_>, t: &Triple) -> Result<bool> {
        for q in tx.quads_for_pattern(
            Some(t.subject.as_ref()),
            Some(t.predicate.as_ref()),
            Some(t.object.as_ref()),
            None,
        ) {
            let q: Quad = q.map_err(|e| self.err("read the store", e))?;
            if let GraphName::NamedNode(g) = &q.graph_name {
                if !is_push_state_graph(g.as_ref()) {
                    return Ok(true);
                }
            }
        }
        Ok(false)
    }
}
