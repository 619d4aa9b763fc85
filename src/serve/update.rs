//! Writes through the server, allowed only by `policykg serve --writable`
//! with a bearer token: who may write ([`authorize`]) and SPARQL Update at
//! `/sparql` (by POST, as `application/sparql-update` or a form's `update`
//! field, with `using-graph-uri` / `using-named-graph-uri`). The store
//! decides what an update may touch and keeps the union default graph in
//! step ([`crate::store::KnowledgeStore::update`]); this module parses,
//! runs it under the time limit, one write at a time, and refreshes the
//! explorer afterwards. Without `--writable` every write is a 403; with a
//! missing or wrong token a 401.

use std::sync::Arc;

use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use oxigraph::model::NamedNode;
use oxigraph::sparql::CancellationToken;
use spargebra::SparqlParser;

use super::limit::run_limited;
use super::params::all;
use super::reply::Refusal;
use super::ServerState;
use crate::rdf::vocab;
use crate::store::UpdateDataset;

/// Environment variable holding the bearer token of `serve --writable`.
pub const TOKEN_ENV: &str = "POLICYKG_SERVE_TOKEN";

/// The shortest token `serve --writable` accepts.
pub const MIN_TOKEN_LEN: usize = 16;

/// A SPARQL Update to run.
pub struct UpdateRequest {
    /// The update text.
    pub text: String,
    /// `using-graph-uri` values.
    pub using: Vec<String>,
    /// `using-named-graph-uri` values.
    pub using_named: Vec<String>,
}

impl UpdateRequest {
    /// The update in `text` with the `using-…` parameters of `params`.
    pub fn new(text: String, params: &[(String, String)]) -> Self {
        let values = |name| all(params, name).into_iter().map(str::to_string).collect();
        UpdateRequest {
            text,
            using: values("using-graph-uri"),
            using_named: values("using-named-graph-uri"),
        }
    }
}

/// Whether the request may write: a 403 when the server is read-only, a
/// 401 (with a `Bearer` challenge) when the token is missing or wrong.
pub fn authorize(state: &ServerState, headers: &HeaderMap, what: &str) -> Result<(), Refusal> {
    let Some(token) = &state.write_token else {
        return Err(Refusal::read_only(what));
    };
    let expected = format!("Bearer {token}");
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        Ok(())
    } else {
        Err(Refusal::new(
            StatusCode::UNAUTHORIZED,
            format!("{what} needs `Authorization: Bearer <token>` with the token the server was started with (${TOKEN_ENV})"),
        ))
    }
}

/// Compares two secrets in time that does not depend on where they differ.
pub fn constant_time_eq(a: &[u8], b: &[u8]) -> bool {
    a.len() == b.len() && a.iter().zip(b).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// A GET that carries `update`: updates change the store, so they come by POST.
pub fn refuse_get(state: &ServerState) -> Refusal {
    if state.write_token.is_none() {
        Refusal::read_only("SPARQL Update")
    } else {
        Refusal::new(
            StatusCode::METHOD_NOT_ALLOWED,
            "SPARQL Update must be sent by POST (application/sparql-update or a form's `update` field)",
        )
    }
}

/// Runs `req` on a blocking thread under the time limit: 204 once it is
/// written, 400 with the parser's or the store's reason, 503 past the limit
/// (and nothing is written).
pub async fn run(state: Arc<ServerState>, req: UpdateRequest) -> Response {
    let limit = state.limits.query_time;
    let stopped = Refusal::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "update stopped: it ran past the time limit of {} s and wrote nothing (`policykg serve --query-timeout` sets it)",
            limit.as_secs_f64()
        ),
    );
    let answer = run_limited(limit, move |token| execute(&state, &req, token), stopped).await;
    match answer {
        Ok(()) => StatusCode::NO_CONTENT.into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

fn execute(
    state: &ServerState,
    req: &UpdateRequest,
    cancel: CancellationToken,
) -> Result<(), Refusal> {
    // the same prefixes and base as queries
    let mut parser = SparqlParser::new()
        .with_base_iri(format!("{}/sparql", state.base))
        .map_err(|e| Refusal::internal(format!("base IRI: {e}")))?;
    for (name, iri) in vocab::sparql_prefix_pairs() {
        parser = parser
            .with_prefix(name, iri)
            .map_err(|e| Refusal::internal(format!("prefix {name}: {e}")))?;
    }
    let update = parser
        .parse_update(&req.text)
        .map_err(|e| Refusal::bad_request(format!("update: {e}")))?;
    let dataset = UpdateDataset {
        default_graphs: iris(&req.using)?,
        named_graphs: iris(&req.using_named)?,
    };
    state.write(|store| store.update(update, &dataset, cancel))
}

fn iris(values: &[String]) -> Result<Vec<NamedNode>, Refusal> {
    values
        .iter()
        .map(|v| {
            NamedNode::new(v).map_err(|e| Refusal::bad_request(format!("graph IRI `{v}`: {e}")))
        })
        .collect()
}
