//! The library's top-level [`Error`], which every module's error converts
//! into, and [`ReferenceError`], the error of the bundled data of
//! `ontology/` (its file and line). Every error that comes from user input
//! names the file (and, where known, the line and column) it comes from.
//! The store's own errors are [`StoreError`] (defined here, so that this
//! module stays a leaf that every other imports). Nothing here prints: the CLI joins an error's
//! [`source`](std::error::Error::source) chain onto one line
//! ([`one_line`]).

use std::path::PathBuf;

use oxigraph::store::StorageError;

/// Result alias used across the library.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in policykg.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The input file does not exist or cannot be read.
    #[error("{path}: cannot read: {source}")]
    Io {
        /// The file.
        path: PathBuf,
        /// The underlying I/O error.
        source: std::io::Error,
    },
    /// The input is not a report policykg can read (empty, binary, not UTF-8…).
    #[error("{path}:{line}:{column}: {message}")]
    BadInput {
        /// The file.
        path: PathBuf,
        /// 1-based line.
        line: usize,
        /// 1-based column (in characters).
        column: usize,
        /// What is wrong.
        message: String,
    },
    /// A PDF, HWP, HWPX or DOCX file that cannot be read as a report
    /// (damaged, truncated, encrypted, no text layer, a decompression bomb,
    /// an extension that lies).
    #[error("{path}: {place}{message}")]
    BadDocument {
        /// The file.
        path: PathBuf,
        /// Where in it (`page 3: `), or empty.
        place: String,
        /// What is wrong.
        message: String,
    },
    /// A SPARQL query that does not parse.
    #[error("{origin}: {message}")]
    Sparql {
        /// Where the query comes from (a file, a named query or `<command line>`).
        origin: String,
        /// The parser's message, with the position.
        message: String,
    },
    /// The store refused, described by a message alone (a running server
    /// that failed an ingest handed to it).
    #[error("store {path}: {message}")]
    Store {
        /// The store directory.
        path: PathBuf,
        /// What went wrong.
        message: String,
    },
    /// The store failed (missing, locked by another process, an Oxigraph
    /// or RocksDB error, kept as the source). Its text is the whole chain
    /// on one line, for callers that print an error's text alone (the
    /// server's replies); [`one_line`] does not repeat it.
    #[error("{}", one_line(.0))]
    Storage(#[from] StoreError),
    /// A named query or entity that does not exist.
    #[error("{0}")]
    NotFound(String),
    /// Reference data under `ontology/` that does not parse (its text is
    /// the whole chain on one line, as for [`Error::Storage`]).
    #[error("{}", one_line(.0))]
    Reference(#[from] ReferenceError),
    /// Writing output failed.
    #[error("output: {0}")]
    Output(String),
    /// A remote SPARQL server refused or failed a request (`policykg push`).
    #[error("{endpoint}: {message}")]
    Remote {
        /// The endpoint URL.
        endpoint: String,
        /// What went wrong (status, the server's first line, attempts).
        message: String,
    },
    /// The reader of the output went away (`policykg query … | head`).
    #[error("output: closed by its reader")]
    OutputClosed,
}

impl Error {
    /// A failed write: [`Error::OutputClosed`] when the reader closed the pipe.
    pub fn from_write(e: std::io::Error) -> Error {
        if e.kind() == std::io::ErrorKind::BrokenPipe {
            Error::OutputClosed
        } else {
            Error::Output(e.to_string())
        }
    }

    /// A `BadInput` error at the given byte offset of `text`.
    pub fn bad_input_at(
        path: &std::path::Path,
        text: &str,
        offset: usize,
        message: impl Into<String>,
    ) -> Self {
        let (line, column) = line_column(text, offset);
        Error::BadInput {
            path: path.to_path_buf(),
            line,
            column,
            message: message.into(),
        }
    }
}

/// Bundled reference data of `ontology/` (gazetteer tables, word lists, the
/// ontology) that does not parse: the file and the line of the bad row.
/// `Clone`, so data parsed once can hand its error to every caller.
#[derive(Debug, Clone, thiserror::Error)]
pub enum ReferenceError {
    /// A row of a table that cannot be read (a missing column, no header).
    #[error("{file}:{line}: {message}")]
    Row {
        /// The data file (`ontology/gazetteer/regions.tsv`).
        file: String,
        /// 1-based line of the row in the file.
        line: usize,
        /// What is wrong.
        message: String,
    },
    /// A file that does not parse as its format (the ontology's Turtle).
    #[error("{file}:{line}:{column}: {message}")]
    Syntax {
        /// The data file.
        file: String,
        /// 1-based line.
        line: usize,
        /// 1-based column.
        column: usize,
        /// The parser's message.
        message: String,
    },
    /// The names of a file, read without error, that cannot be compiled
    /// into a matcher (too many, too long).
    #[error("{file}: cannot compile its names into a matcher")]
    Matcher {
        /// The data file, or the directory for names of several files.
        file: String,
        /// Aho-Corasick's error.
        #[source]
        source: aho_corasick::BuildError,
    },
}

/// An error and its [`source`](std::error::Error::source) chain on one
/// line: each cause its text does not already say joined with `: `, line
/// breaks dropped. This is what the CLI prints.
pub fn one_line(e: &(dyn std::error::Error + 'static)) -> String {
    let mut msg = flat(&e.to_string());
    let mut cause = e.source();
    while let Some(c) = cause {
        let text = flat(&c.to_string());
        if !msg.contains(&text) {
            msg = format!("{msg}: {text}");
        }
        cause = c.source();
    }
    msg
}

/// `text` on one line: its lines trimmed, blank ones dropped, joined by a space.
fn flat(text: &str) -> String {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let mut start = offset;
    while !text.is_char_boundary(start) {
        start -= 1;
    }
    let before = &text[..start];
    let line = before.matches('\n').count() + 1;
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let column = before[line_start..].chars().count() + 1;
    (line, column)
}

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
