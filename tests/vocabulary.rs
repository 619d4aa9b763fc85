//! The vocabulary and the shipped queries agree with the ontology and the
//! store: every `pk:` IRI the code spells is declared in
//! `ontology/policykg.ttl`, and every named query parses and answers on the
//! sample's store.

mod common;

use std::collections::BTreeSet;

use oxigraph::io::RdfFormat;
use oxigraph::model::{GraphNameRef, NamedNodeRef};
use oxigraph::store::Store;

const ONTOLOGY: &str = include_str!("../ontology/policykg.ttl");
const VOCAB: &str = include_str!("../src/rdf/vocab.rs");

/// Every `pk:` IRI `src/rdf/vocab.rs` spells: the locals of its
/// `terms!(PK: …)` lists and the IRIs written out in full.
fn vocabulary_iris() -> BTreeSet<String> {
    let ns = "https://w3id.org/policykg/ontology#";
    let mut out = BTreeSet::new();
    for (i, _) in VOCAB.match_indices("terms!(PK:") {
        let list = &VOCAB[i..];
        let list = &list[..list.find(");").unwrap_or(list.len())];
        for local in list.split('"').skip(1).step_by(2) {
            out.insert(format!("{ns}{local}"));
        }
    }
    for (i, _) in VOCAB.match_indices(&format!("\"{ns}")) {
        let rest = &VOCAB[i + 1 + ns.len()..];
        let local: String = rest
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric())
            .collect();
        if !local.is_empty() {
            out.insert(format!("{ns}{local}"));
        }
    }
    out
}

#[test]
fn every_vocabulary_iri_is_declared_in_the_ontology() {
    let store = Store::new().expect("memory store");
    store
        .load_from_reader(RdfFormat::Turtle, ONTOLOGY.as_bytes())
        .expect("the ontology parses");
    let iris = vocabulary_iris();
    assert!(iris.len() > 30, "too few IRIs read from vocab.rs: {iris:?}");
    let rdf_type = NamedNodeRef::new_unchecked("http://www.w3.org/1999/02/22-rdf-syntax-ns#type");
    let mut undeclared = Vec::new();
    for iri in &iris {
        let node = NamedNodeRef::new_unchecked(iri);
        let declared = store
            .quads_for_pattern(
                Some(node.into()),
                Some(rdf_type),
                None,
                Some(GraphNameRef::DefaultGraph),
            )
            .next()
            .is_some();
        if !declared {
            undeclared.push(iri.clone());
        }
    }
    assert!(
        undeclared.is_empty(),
        "IRIs of src/rdf/vocab.rs with no rdf:type in ontology/policykg.ttl: {undeclared:?}"
    );
}

#[test]
fn every_named_query_parses_and_answers_on_the_sample() {
    let (_dir, store) = common::sample_store();
    for (name, _) in policykg::query::NAMED_QUERIES {
        let out = common::run_ok(common::policykg(&store).args(["query", "--format", "csv", name]));
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            text.lines().count() > 1 || text.contains("@prefix") || text.contains("<http"),
            "{name}: no answer on the sample: {text:?}"
        );
    }
}
