//! The Oxigraph store: opening it (on disk, RocksDB, by default), loading the
//! ontology, and replacing one document's named graph in one transaction.
//! Each report has its own named graph; the default graph holds their union
//! as a set (each triple once), which is what queries see. This module is the
//! only writer; everything else reads. It does not parse reports, extract
//! or print; its errors are [`StoreError`]s (`store/error.rs`).

use std::path::{Path, PathBuf};

use oxigraph::io::{RdfFormat, RdfParser};
use std::collections::HashSet;

use oxigraph::model::{GraphName, GraphNameRef, NamedNode, NamedNodeRef, Quad, QuadRef};
use oxigraph::store::{StorageError, Store};

use crate::error::{Error, ReferenceError, Result};
use crate::rdf::vocab;

mod state;
mod update;
pub use crate::error::StoreError;
pub use state::{is_push_state_graph, push_state_graph};
pub use update::{written_graphs, UpdateDataset, Written};

/// The ontology, embedded so the binary works from any directory.
pub const ONTOLOGY_TTL: &str = include_str!("../ontology/policykg.ttl");

/// Environment variable that overrides the default store directory.
pub const STORE_ENV: &str = "POLICYKG_STORE";

/// The default store directory: `$POLICYKG_STORE`, else
/// `$XDG_DATA_HOME/policykg/store`, else `~/.local/share/policykg/store`,
/// else `./policykg-store`.
pub fn default_store_path() -> PathBuf {
    if let Some(p) = std::env::var_os(STORE_ENV).filter(|p| !p.is_empty()) {
        return PathBuf::from(p);
    }
    if let Some(p) = std::env::var_os("XDG_DATA_HOME").filter(|p| !p.is_empty()) {
        return PathBuf::from(p).join("policykg").join("store");
    }
    if let Some(home) = std::env::var_os("HOME").filter(|p| !p.is_empty()) {
        return PathBuf::from(home).join(".local/share/policykg/store");
    }
    PathBuf::from("policykg-store")
}

/// A policykg knowledge graph: an Oxigraph store plus where it lives.
pub struct KnowledgeStore {
    store: Store,
    path: Option<PathBuf>,
}

impl KnowledgeStore {
    /// Opens (creating if needed) the on-disk store at `path` for writing and
    /// makes sure the ontology is loaded.
    pub fn open(path: &Path) -> Result<Self> {
        let store = Store::open(path).map_err(|e| StoreError::open(path.to_path_buf(), e))?;
        let ks = KnowledgeStore {
            store,
            path: Some(path.to_path_buf()),
        };
        ks.ensure_ontology()?;
        Ok(ks)
    }

    /// Opens an existing on-disk store for writing; a missing store is an
    /// error (commands that only publish or read must never create one).
    pub fn open_existing(path: &Path) -> Result<Self> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            }
            .into());
        }
        Self::open(path)
    }

    /// Opens an existing on-disk store for reading only. A missing store is
    /// an error (reading must never create one).
    pub fn open_read_only(path: &Path) -> Result<Self> {
        if !path.join("CURRENT").exists() {
            return Err(StoreError::Missing {
                path: path.to_path_buf(),
            }
            .into());
        }
        let store =
            Store::open_read_only(path).map_err(|e| StoreError::open(path.to_path_buf(), e))?;
        Ok(KnowledgeStore {
            store,
            path: Some(path.to_path_buf()),
        })
    }

    /// An in-memory store (tests, benchmarks), with the ontology loaded.
    pub fn in_memory() -> Result<Self> {
        let store = Store::new().map_err(|source| StoreError::Storage {
            path: PathBuf::from("<memory>"),
            operation: "open",
            source,
        })?;
        let ks = KnowledgeStore { store, path: None };
        ks.ensure_ontology()?;
        Ok(ks)
    }

    /// The underlying Oxigraph store (read-only use by query, export, explore).
    pub fn oxigraph(&self) -> &Store {
        &self.store
    }

    fn display_path(&self) -> PathBuf {
        self.path
            .clone()
            .unwrap_or_else(|| PathBuf::from("<memory>"))
    }

    /// Oxigraph's error `source`, met while the store did `operation`.
    fn err(&self, operation: &'static str, source: StorageError) -> Error {
        StoreError::Storage {
            path: self.display_path(),
            operation,
            source,
        }
        .into()
    }

    /// Loads the ontology into its own named graph when it is missing or stale.
    fn ensure_ontology(&self) -> Result<()> {
        let graph = NamedNode::new_unchecked(vocab::ONTOLOGY_GRAPH);
        let parsed: Vec<Quad> = RdfParser::from_format(RdfFormat::Turtle)
            .with_default_graph(graph.clone())
            .for_slice(ONTOLOGY_TTL.as_bytes())
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| ReferenceError::Syntax {
                file: "ontology/policykg.ttl".into(),
                line: e.location().map_or(1, |l| l.start.line as usize + 1),
                column: e.location().map_or(1, |l| l.start.column as usize + 1),
                message: e.to_string(),
            })?;
        // Blank nodes get fresh ids at every parse: compare without them.
        let canonical = |q: &Quad| {
            let mut q = q.clone();
            if q.subject.is_blank_node() {
                q.subject = oxigraph::model::BlankNode::new_unchecked("b").into();
            }
            if q.object.is_blank_node() {
                q.object = oxigraph::model::BlankNode::new_unchecked("b").into();
            }
            q.to_string()
        };
        let mut want: Vec<String> = parsed.iter().map(canonical).collect();
        let mut have: Vec<String> = self
            .store
            .quads_for_pattern(
                None,
                None,
                None,
                Some(GraphNameRef::NamedNode(graph.as_ref())),
            )
            .map(|q| q.map(|q| canonical(&q)))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err("read the ontology graph", e))?;
        want.sort();
        have.sort();
        if want == have {
            return Ok(());
        }
        self.replace_graph(graph.as_ref(), &parsed)
    }

    /// Replaces the content of named graph `graph` with `quads` in one
    /// transaction: after a failure the store is exactly as it was.
    ///
    /// The store's default graph is kept as the set-union of all named
    /// graphs (each triple once, however many reports state it): queries
    /// run on it, so an agency named in 500 reports has one label, not 500.
    /// A triple leaves the default graph when no named graph states it any more.
    pub fn replace_graph(&self, graph: NamedNodeRef<'_>, quads: &[Quad]) -> Result<()> {
        let old: HashSet<Quad> = self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph)))
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err("read the graph it replaces", e))?;
        let new: HashSet<&Quad> = quads.iter().collect();
        let gone: Vec<&Quad> = old.iter().filter(|q| !new.contains(q)).collect();
        // triples of the removed quads that another named graph still states
        let mut kept_elsewhere = HashSet::new();
        for q in &gone {
            let others = self.store.quads_for_pattern(
                Some(q.subject.as_ref()),
                Some(q.predicate.as_ref()),
                Some(q.object.as_ref()),
                None,
            );
            for other in others {
                let other = other.map_err(|e| self.err("read the other graphs", e))?;
                if let GraphName::NamedNode(g) = &other.graph_name {
                    if g.as_ref() != graph {
                        kept_elsewhere.insert(union_copy(q));
                    }
                }
            }
        }
        let mut tx = self
            .store
            .start_transaction()
            .map_err(|e| self.err("start a transaction", e))?;
        for q in &gone {
            tx.remove(*q);
            let copy = union_copy(q);
            if !kept_elsewhere.contains(&copy) && !new.iter().any(|n| union_copy(n) == copy) {
                tx.remove(&copy);
            }
        }
        for q in quads {
            debug_assert_eq!(q.graph_name.as_ref(), GraphNameRef::NamedNode(graph));
            if !old.contains(q) {
                tx.insert(q);
                tx.insert(&union_copy(q));
            }
        }
        tx.commit()
            .map_err(|e| self.err("commit the transaction", e))
    }

    /// Loads quads into a store known to be fresh with Oxigraph's bulk
    /// loader (no transaction log; the fastest way in), with their copies in
    /// the default graph (see [`KnowledgeStore::replace_graph`]).
    pub fn bulk_load(&self, quads: impl IntoIterator<Item = Quad>) -> Result<()> {
        let mut loader = self.store.bulk_loader();
        loader
            .load_quads(quads.into_iter().flat_map(|q| {
                let copy = union_copy(&q);
                [q, copy]
            }))
            .map_err(|e| self.err("bulk load", e))?;
        loader
            .commit()
            .map_err(|e| self.err("commit the bulk load", e))
    }

    /// Streams quads into a fresh store with one bulk loader (at most
    /// `max_memory_mb` of buffers), with their copies in the default graph,
    /// and commits once. An error from the stream stops the load and nothing
    /// is committed.
    pub fn bulk_load_stream(
        &self,
        quads: impl IntoIterator<Item = Result<Quad>>,
        max_memory_mb: usize,
    ) -> Result<()> {
        enum Stop {
            Input(Error),
            Storage(StorageError),
        }
        impl From<StorageError> for Stop {
            fn from(e: StorageError) -> Self {
                Stop::Storage(e)
            }
        }
        impl From<Error> for Stop {
            fn from(e: Error) -> Self {
                Stop::Input(e)
            }
        }
        let with_copies = quads.into_iter().flat_map(|r| match r {
            Ok(q) => vec![Ok(union_copy(&q)), Ok(q)],
            Err(e) => vec![Err(e)],
        });
        let mut loader = self
            .store
            .bulk_loader()
            .with_max_memory_size_in_megabytes(max_memory_mb);
        match loader.load_ok_quads::<Error, Stop>(with_copies) {
            Ok(()) => loader
                .commit()
                .map_err(|e| self.err("commit the bulk load", e)),
            // dropping the loader deletes what it built: nothing was committed
            Err(Stop::Input(e)) => Err(e),
            Err(Stop::Storage(e)) => Err(self.err("bulk load", e)),
        }
    }

    /// Loads an RDF dataset (TriG, N-Quads) into a fresh store with the bulk
    /// loader, keeping the default graph as the union of its named graphs.
    pub fn load_dataset(&self, format: RdfFormat, data: &[u8]) -> Result<()> {
        let quads: Vec<Quad> = RdfParser::from_format(format)
            .for_slice(data)
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| {
                let at = e.location().map(|l| l.start);
                Error::BadInput {
                    path: PathBuf::from("<dataset>"),
                    line: at.map_or(1, |p| p.line as usize + 1),
                    column: at.map_or(1, |p| p.column as usize + 1),
                    message: e.to_string(),
                }
            })?;
        self.bulk_load(quads)
    }

    /// The named graphs that hold data, sorted: the ontology's and every
    /// report's (not the graphs that record pushes).
    pub fn data_graphs(&self) -> Result<Vec<NamedNode>> {
        let mut graphs = Vec::new();
        for g in self.store.named_graphs() {
            if let oxigraph::model::NamedOrBlankNode::NamedNode(n) =
                g.map_err(|e| self.err("list the named graphs", e))?
            {
                if !is_push_state_graph(n.as_ref()) {
                    graphs.push(n);
                }
            }
        }
        graphs.sort();
        Ok(graphs)
    }

    /// The quads of one graph (a named graph, or the union default graph),
    /// streamed in the store's order.
    pub fn graph_iter<'a>(
        &'a self,
        graph: GraphNameRef<'a>,
    ) -> impl Iterator<Item = Result<Quad>> + 'a {
        self.store
            .quads_for_pattern(None, None, None, Some(graph))
            .map(move |q| q.map_err(|e| self.err("read", e)))
    }

    /// The quads of one named graph.
    pub fn graph_quads(&self, graph: NamedNodeRef<'_>) -> Result<Vec<Quad>> {
        self.graph_iter(GraphNameRef::NamedNode(graph)).collect()
    }

    /// Whether `graph` holds any quad.
    pub fn has_graph(&self, graph: NamedNodeRef<'_>) -> Result<bool> {
        Ok(self
            .store
            .quads_for_pattern(None, None, None, Some(GraphNameRef::NamedNode(graph)))
            .next()
            .is_some())
    }

    /// Number of quads in the store.
    pub fn len(&self) -> Result<usize> {
        self.store.len().map_err(|e| self.err("count the quads", e))
    }

    /// Whether the store holds no quad at all.
    pub fn is_empty(&self) -> Result<bool> {
        self.store.is_empty().map_err(|e| self.err("read", e))
    }

    /// Every quad, for dumps and tests.
    pub fn quads(&self) -> Result<Vec<Quad>> {
        self.store
            .iter()
            .collect::<std::result::Result<_, _>>()
            .map_err(|e| self.err("read", e))
    }

    /// Checks that `q` is a quad of this store (used by tests of idempotence).
    pub fn contains(&self, q: QuadRef<'_>) -> Result<bool> {
        self.store.contains(q).map_err(|e| self.err("read", e))
    }

    /// Compacts the on-disk files (after a large load: reads get faster).
    pub fn optimize(&self) -> Result<()> {
        self.store.optimize().map_err(|e| self.err("compact", e))
    }

    /// Flushes the store to disk.
    pub fn flush(&self) -> Result<()> {
        self.store.flush().map_err(|e| self.err("flush", e))
    }
}

/// The copy of a quad in the default graph (the materialised union of the
/// report graphs); every writer stores it next to the quad.
fn union_copy(q: &Quad) -> Quad {
    Quad::new(
        q.subject.clone(),
        q.predicate.clone(),
        q.object.clone(),
        GraphName::DefaultGraph,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_locked_store_keeps_oxigraphs_error_as_its_source() {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("temporary directory: {e}"),
        };
        let path = dir.path().join("store");
        let held = match KnowledgeStore::open(&path) {
            Ok(s) => s,
            Err(e) => panic!("first open: {e}"),
        };
        let err = match KnowledgeStore::open(&path) {
            Ok(_) => panic!("the store opened twice"),
            Err(e) => e,
        };
        assert!(
            matches!(&err, Error::Storage(StoreError::Locked { path: p, .. }) if *p == path),
            "{err:?}"
        );
        // the chain: the store's error, then Oxigraph's (RocksDB's words)
        let store_error = std::error::Error::source(&err);
        assert!(
            matches!(
                store_error.and_then(|e| e.downcast_ref::<StoreError>()),
                Some(StoreError::Locked { .. })
            ),
            "{store_error:?}"
        );
        let oxigraph = store_error.and_then(std::error::Error::source);
        assert!(
            oxigraph.is_some_and(|e| e.is::<StorageError>() && e.to_string().contains("LOCK")),
            "no source: {oxigraph:?}"
        );
        let line = crate::error::one_line(&err);
        assert!(
            line.starts_with(&format!(
                "store {}: locked by another process",
                path.display()
            )) && line.contains("LOCK")
                && !line.contains('\n'),
            "{line}"
        );
        drop(held);
    }

    #[test]
    fn a_missing_store_is_not_created_by_reading() {
        let dir = match tempfile::tempdir() {
            Ok(d) => d,
            Err(e) => panic!("temporary directory: {e}"),
        };
        let path = dir.path().join("none");
        let err = match KnowledgeStore::open_read_only(&path) {
            Ok(_) => panic!("a missing store opened"),
            Err(e) => e,
        };
        assert!(
            matches!(err, Error::Storage(StoreError::Missing { .. })),
            "{err:?}"
        );
        assert!(!path.exists());
    }
}
