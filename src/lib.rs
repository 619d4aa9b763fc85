//! policykg turns Korean reports on Chinese (and Korean) science and
//! technology policy into an RDF knowledge graph held in an embedded Oxigraph
//! store, answers SPARQL over it, and exports it for Gephi and other tools.
//!
//! The flow is one-way: [`document`] (report → articles → sentences) →
//! [`extract`] (plain structs: entities, programs, targets) → [`rdf`] (quads
//! with stable IRIs) → [`store`] (the only writer) → [`query`], [`export`],
//! [`explore`] (read-only).

pub mod allocator;
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
pub mod serve;
pub mod store;
mod wordlist;

pub use error::{Error, Result};
