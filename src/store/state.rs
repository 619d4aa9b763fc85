//! What `policykg push` last sent to each endpoint, kept in the store itself
//! so that an incremental push survives across runs and machines that share
//! the store: one named graph per endpoint
//! (`pkid:push-state/<digest of the URL>`) holding, for every report graph
//! acknowledged by the server, the SHA-256 of its content as sent.
//!
//! These graphs are bookkeeping, not knowledge: they have no copy in the
//! union default graph (queries and exports never see them), and dumps and
//! pushes leave them out. This module keeps the record; what is pushed and
//! when is `push`'s.

use std::collections::HashMap;

use oxigraph::model::{GraphNameRef, Literal, NamedNode, NamedNodeRef, Quad, Term};
use sha2::{Digest, Sha256};

use super::KnowledgeStore;
use crate::error::Result;
use crate::rdf::vocab;

/// The graph that records pushes to `endpoint`.
pub fn push_state_graph(endpoint: &str) -> NamedNode {
    let digest = Sha256::digest(endpoint.as_bytes());
    let hex: String = digest[..8].iter().map(|b| format!("{b:02x}")).collect();
    NamedNode::new_unchecked(format!("{}{hex}", vocab::PUSH_STATE_GRAPH_PREFIX))
}

/// Whether `graph` is a push-state graph (bookkeeping, not data).
pub fn is_push_state_graph(graph: NamedNodeRef<'_>) -> bool {
    graph.as_str().starts_with(vocab::PUSH_STATE_GRAPH_PREFIX)
}

impl KnowledgeStore {
    /// The content hash of each graph as last pushed to `endpoint`.
    pub fn pushed_hashes(&self, endpoint: &str) -> Result<HashMap<NamedNode, String>> {
        let state = push_state_graph(endpoint);
        let hash = NamedNodeRef::new_unchecked(vocab::CONTENT_HASH);
        let mut out = HashMap::new();
        for q in self.oxigraph().quads_for_pattern(
            None,
            Some(hash),
            None,
            Some(GraphNameRef::NamedNode(state.as_ref())),
        ) {
            let q = q.map_err(|e| self.err("read the push state", e))?;
            if let (oxigraph::model::NamedOrBlankNode::NamedNode(g), Term::Literal(l)) =
                (q.subject, q.object)
            {
                out.insert(g, l.value().to_string());
            }
        }
        Ok(out)
    }

    /// Records, in one transaction, that `graph` with content hash `hash`
    /// was acknowledged by `endpoint`.
    pub fn record_pushed(&self, endpoint: &str, graph: NamedNodeRef<'_>, hash: &str) -> Result<()> {
        let state = push_state_graph(endpoint);
        let state_ref = GraphNameRef::NamedNode(state.as_ref());
        let hash_p = NamedNodeRef::new_unchecked(vocab::CONTENT_HASH);
        let endpoint_p = NamedNodeRef::new_unchecked(vocab::ENDPOINT);
        let old: Vec<Quad> = self
            .oxigraph()
            .quads_for_pattern(Some(graph.into()), Some(hash_p), None, Some(state_ref))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err("read the push state", e))?;
        let mut tx = self
            .oxigraph()
            .start_transaction()
            .map_err(|e| self.err("start a transaction", e))?;
        for q in &old {
            tx.remove(q);
        }
        tx.insert(&Quad::new(
            graph.into_owned(),
            hash_p.into_owned(),
            Literal::new_simple_literal(hash),
            state.clone(),
        ));
        tx.insert(&Quad::new(
            state.clone(),
            endpoint_p.into_owned(),
            Literal::new_simple_literal(endpoint),
            state.clone(),
        ));
        tx.commit()
            .map_err(|e| self.err("commit the push state", e))
    }
}
