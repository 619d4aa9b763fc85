//! RDF mapping: turns extraction results into quads with stable IRIs. This is
//! the only module that knows the vocabulary; it never touches the store.

pub mod iri;
pub mod mapping;
pub mod vocab;

pub use mapping::document_quads;
