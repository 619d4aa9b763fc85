//! The SPARQL 1.1 Graph Store HTTP Protocol (`/store`, indirect graph
//! identification): `?default` is the union of the reports (the default
//! graph queries see), `?graph=IRI` one report's named graph (or the
//! ontology's), read in the RDF format the client accepts. PUT, POST and
//! DELETE of `?graph=IRI` need a writable server and its token
//! ([`super::update::authorize`]); the union itself is never written, and
//! follows its graphs.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::{GraphNameRef, NamedNode, Triple};

use super::negotiate::graph_format;
use super::params::{content_type, decode_form, one, read_body};
use super::reply::Refusal;
use super::sparql::rdf_serializer;
use super::update;
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

/// PUT (replace), POST (add to), DELETE (drop) `/store?graph=IRI`, and
/// PATCH (not part of the protocol: a 405).
pub async fn write(
    State(state): State<Arc<ServerState>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Response {
    match write_graph(state, &method, &headers, &uri, body).await {
        Ok(status) => status.into_response(),
        Err(r) => r.into_response(),
    }
}

async fn write_graph(
    state: Arc<ServerState>,
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
    body: Body,
) -> Result<StatusCode, Refusal> {
    update::authorize(&state, headers, "Graph Store write")?;
    if ![Method::PUT, Method::POST, Method::DELETE].contains(method) {
        return Err(Refusal::new(
            StatusCode::METHOD_NOT_ALLOWED,
            format!("{method} is not a Graph Store operation; use GET, PUT, POST or DELETE"),
        ));
    }
    let params = decode_form(uri.query().unwrap_or(""))?;
    let graph = match (one(&params, "graph")?, params.iter().any(|(n, _)| n == "default")) {
        (Some(_), true) => {
            return Err(Refusal::bad_request(
                "give either ?default or ?graph=IRI, not both",
            ))
        }
        (Some(iri), false) => NamedNode::new(iri)
            .map_err(|e| Refusal::bad_request(format!("graph IRI `{iri}`: {e}")))?,
        (None, true) => {
            return Err(Refusal::bad_request(
                "the default graph is the union of the report graphs and is not written directly; write a named graph (?graph=IRI)",
            ))
        }
        (None, false) => {
            return Err(Refusal::bad_request("say which graph to write: ?graph=IRI"))
        }
    };
    let delete = *method == Method::DELETE;
    let exists = state
        .store
        .oxigraph()
        .contains_named_graph(graph.as_ref())
        .map_err(|e| Refusal::internal(format!("store: {e}")))?;
    if delete && !exists {
        return Err(Refusal::not_found(format!(
            "no graph <{}> in the store",
            graph.as_str()
        )));
    }
    let triples = if delete {
        Vec::new()
    } else {
        let kind = content_type(headers);
        let text = read_body(headers, body, state.limits.body_bytes).await?;
        parse_graph(&kind, &text, &graph)?
    };
    let method = method.clone();
    let job = move || {
        state.write(|store| match method {
            Method::PUT => store.put_graph(graph.as_ref(), &triples),
            Method::POST => store.add_to_graph(graph.as_ref(), &triples),
            _ => store.drop_graph(graph.as_ref()),
        })
    };
    tokio::task::spawn_blocking(job)
        .await
        .map_err(|e| Refusal::internal(format!("graph store worker failed: {e}")))??;
    Ok(if !delete && !exists {
        StatusCode::CREATED
    } else {
        StatusCode::NO_CONTENT
    })
}

/// The triples of a request body in the RDF format its media type names,
/// relative IRIs resolved against the graph's IRI. A body that names
/// graphs of its own (TriG, N-Quads) is refused: one request, one graph.
fn parse_graph(kind: &str, text: &str, graph: &NamedNode) -> Result<Vec<Triple>, Refusal> {
    let format = RdfFormat::from_media_type(kind).ok_or_else(|| {
        Refusal::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            format!(
                "unsupported Content-Type `{kind}`; send text/turtle, application/n-triples, application/rdf+xml or application/ld+json"
            ),
        )
    })?;
    let parser = RdfParser::from_format(format)
        .with_base_iri(graph.as_str())
        .map_err(|e| Refusal::bad_request(format!("graph IRI `{}`: {e}", graph.as_str())))?;
    let mut triples = Vec::new();
    for quad in parser.for_slice(text.as_bytes()) {
        let quad = quad.map_err(|e| Refusal::bad_request(format!("request body: {e}")))?;
        if !quad.graph_name.is_default_graph() {
            return Err(Refusal::bad_request(format!(
                "the body names graph {}; a Graph Store write carries the triples of one graph",
                quad.graph_name
            )));
        }
        triples.push(Triple::from(quad));
    }
    Ok(triples)
}
