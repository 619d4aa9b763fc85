//! The SPARQL 1.1 Graph Store HTTP Protocol, read side (`/store`):
//! `?default` is the union of the reports (the default graph queries see),
//! `?graph=IRI` one report's named graph (or the ontology's), in the RDF
//! format the client accepts. Writes (PUT, POST, DELETE, PATCH) are refused:
//! the store is written by `policykg ingest` only.

use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::model::{GraphNameRef, NamedNode};

use super::negotiate::graph_format;
use super::params::{decode_form, one};
use super::reply::Refusal;
use super::sparql::rdf_serializer;
use super::ServerState;

/// `GET|HEAD /store?default` or `?graph=IRI`.
pub async fn read(
    State(state): State<Arc<ServerState>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    let head = method == Method::HEAD;
    let job = move || -> Result<(Vec<u8>, &'static str), Refusal> {
        let params = decode_form(uri.query().unwrap_or(""))?;
        let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
        let (fmt, media) = graph_format(accept, one(&params, "format")?)?;
        let graph = match (
            one(&params, "graph")?,
            params.iter().any(|(n, _)| n == "default"),
        ) {
            (Some(_), true) => {
                return Err(Refusal::bad_request(
                    "give either ?default or ?graph=IRI, not both",
                ))
            }
            (Some(iri), false) => Some(
                NamedNode::new(iri)
                    .map_err(|e| Refusal::bad_request(format!("graph IRI `{iri}`: {e}")))?,
            ),
            (None, true) => None,
            (None, false) => {
                return Err(Refusal::bad_request(
                    "say which graph: ?default (the union of the reports) or ?graph=IRI",
                ))
            }
        };
        let store = state.store.oxigraph();
        let name = match &graph {
            Some(g) => GraphNameRef::NamedNode(g.as_ref()),
            None => GraphNameRef::DefaultGraph,
        };
        if let Some(g) = &graph {
            let exists = store
                .contains_named_graph(g.as_ref())
                .map_err(|e| Refusal::internal(format!("store: {e}")))?;
            if !exists {
                return Err(Refusal::not_found(format!(
                    "no graph <{}> in the store",
                    g.as_str()
                )));
            }
        }
        let mut out = Vec::new();
        if !head {
            let mut w = rdf_serializer(fmt)?.for_writer(&mut out);
            for q in store.quads_for_pattern(None, None, None, Some(name)) {
                let q = q.map_err(|e| Refusal::internal(format!("store: {e}")))?;
                w.serialize_triple(&oxigraph::model::Triple::from(q))
                    .map_err(|e| Refusal::internal(e.to_string()))?;
            }
            w.finish().map_err(|e| Refusal::internal(e.to_string()))?;
        }
        Ok((out, media))
    };
    match tokio::task::spawn_blocking(job).await {
        Ok(Ok((bytes, media))) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, media.to_string()),
                (header::VARY, "Accept".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(r)) => r.into_response(),
        Err(e) => Refusal::internal(format!("graph store worker failed: {e}")).into_response(),
    }
}

/// PUT, POST, DELETE, PATCH `/store`: refused.
pub async fn write() -> Response {
    Refusal::read_only("Graph Store write").into_response()
}
