//! The errors of the store: which store, what it was doing, and the
//! Oxigraph (RocksDB) error underneath as the [`source`] of each one, whole.
//! It does not decide how they are printed: the CLI joins the chain onto
//! one line.
//!
//! [`source`]: std::error::Error::source

use std::path::PathBuf;

use oxigraph::store::StorageError;

/// What can go wrong opening, reading or writing the store.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    /// No store at the path: reading or publishing never creates one.
    #[error("store {path}: no store here; run `policykg ingest` first")]
    Missing {
        /// The store directory.
        path: PathBuf,
    },
    /// Another process holds the store (RocksDB's lock file).
    #[error("store {path}: locked by another process (is another policykg running on it?)")]
    Locked {
        /// The store directory.
        path: PathBuf,
        /// Oxigraph's error.
        #[source]
        source: StorageError,
    },
    /// Oxigraph (RocksDB) failed an operation.
    #[error("store {path}: cannot {operation}")]
    Storage {
        /// The store directory, or `<memory>`.
        path: PathBuf,
        /// What the store was asked to do (`open`, `read`, `commit`…).
        operation: &'static str,
        /// Oxigraph's error.
        #[source]
        source: StorageError,
    },
}

impl StoreError {
    /// The error of opening the store at `path`: [`StoreError::Locked`]
    /// when another process holds it.
    pub fn open(path: PathBuf, source: StorageError) -> StoreError {
        let text = source.to_string();
        if text.contains("lock")
            || text.contains("LOCK")
            || text.contains("Resource temporarily unavailable")
        {
            StoreError::Locked { path, source }
        } else {
            StoreError::Storage {
                path,
                operation: "open",
                source,
            }
        }
    }
}
