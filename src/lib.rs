//! policykg turns Korean reports on Chinese (and Korean) science and
//! technology policy into an RDF knowledge graph held in an embedded Oxigraph
//! store, answers SPARQL over it, and exports it for Gephi and other tools.
//!
//! The flow is one-way: [`document`] (report → articles → sentences) →
//! [`extract`] (plain structs: entities, programs, targets) → [`rdf`] (quads
//! with stable IRIs) → [`store`] (the only writer) → [`query`], [`export`],
//! [`explore`] (read-only), whose text for terminals is laid out by
//! [`render`]. The library has no command-line types: the binary maps its
//! own arguments onto these modules' types.
//!
//! A report read and its facts extracted, without a store:
//!
//! ```
//! use std::path::Path;
//! use policykg::extract::{extract, Class};
//!
//! let text = "## 1. 국무원, 지식재산권 상용화 추진\n\n\
//!             - 국무원은 '특허 운용 전문프로젝트 액션방안('23~'25)'을 발표\n\
//!             - '25년까지 특허 기술거래 규모를 8,000억 위안으로 확대할 계획\n";
//! let report = policykg::document::parse_report_bytes(Path::new("week.md"), text.as_bytes())?;
//! let facts = extract(&report)?;
//! assert!(facts.of_class(Class::Agency).any(|e| e.label_ko == "국무원"));
//! let target = facts.targets().next().expect("one target");
//! assert_eq!((target.deadline, target.value.map(|v| v.to_string())), (Some(2025), Some("800000000000".into())));
//! # Ok::<(), policykg::Error>(())
//! ```
//!
//! [`store::KnowledgeStore`] writes them into the embedded Oxigraph store
//! ([`ingest`] does both for files), [`query`] answers SPARQL over it.
//!
//! The library prints nothing and sets no global allocator. The default
//! feature `cli` is the binaries' (the `policykg` command, its allocator
//! mimalloc, anyhow, indicatif): a crate that depends on policykg with
//! `default-features = false` keeps its own allocator. One that picks
//! mimalloc itself needs its `override` feature, because Oxigraph frees
//! RocksDB's error messages with Rust's allocator.

pub mod document;
pub mod dump;
pub mod error;
pub mod explore;
pub mod export;
pub mod extract;
pub mod ingest;
pub mod load;
pub mod push;
pub mod query;
pub mod rdf;
pub mod render;
pub mod serve;
pub mod store;
mod wordlist;

pub use error::{Error, Result};
