//! The shipped queries as an API: `GET /api/query/NAME?agency=국무원&format=csv`
//! runs `queries/NAME.rq` with every parameter but `format` bound as
//! `policykg query --param` binds it ([`crate::query::bind`]), and
//! `GET /api/queries` lists them for the explorer's SPARQL box.

use std::sync::Arc;

use axum::extract::{Path, State};
use axum::http::{header, HeaderMap, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;

use super::params::{decode_form, one};
use super::reply::Refusal;
use super::sparql::{run, QueryRequest};
use super::ServerState;
use crate::query::{self, QuerySource, NAMED_QUERIES};

/// One shipped query, as `/api/queries` lists it.
#[derive(serde::Serialize)]
pub struct NamedQuery {
    /// Its name (`agency-targets`).
    pub name: &'static str,
    /// What it answers: its header comment's first line.
    pub about: String,
    /// The SPARQL text.
    pub text: &'static str,
}

/// `GET /api/queries`.
pub async fn list() -> Json<Vec<NamedQuery>> {
    Json(
        NAMED_QUERIES
            .iter()
            .map(|(name, text)| {
                let first = text
                    .lines()
                    .next()
                    .unwrap_or("")
                    .trim_start_matches('#')
                    .trim();
                NamedQuery {
                    name,
                    about: first.split_once(": ").map_or(first, |(_, a)| a).to_string(),
                    text,
                }
            })
            .collect(),
    )
}

/// `GET /api/query/NAME?VAR=VALUE…&format=…`.
pub async fn run_named(
    State(state): State<Arc<ServerState>>,
    Path(name): Path<String>,
    headers: HeaderMap,
    uri: Uri,
) -> Response {
    match request(&name, &headers, &uri) {
        Ok(req) => run(state, req).await,
        Err(r) => r.into_response(),
    }
}

fn request(name: &str, headers: &HeaderMap, uri: &Uri) -> Result<QueryRequest, Refusal> {
    let Some((name, text)) = NAMED_QUERIES.iter().find(|(n, _)| *n == name) else {
        let known: Vec<&str> = NAMED_QUERIES.iter().map(|(n, _)| *n).collect();
        return Err(Refusal::not_found(format!(
            "no named query `{name}`; known: {}",
            known.join(", ")
        )));
    };
    let params = decode_form(uri.query().unwrap_or(""))?;
    let format = one(&params, "format")?.map(str::to_string);
    let bindings: Vec<(String, String)> =
        params.into_iter().filter(|(n, _)| n != "format").collect();
    let mut source = QuerySource {
        origin: format!("queries/{name}.rq"),
        text: text.to_string(),
    };
    query::bind(&mut source, &bindings)?;
    Ok(QueryRequest {
        source,
        default_graphs: Vec::new(),
        named_graphs: Vec::new(),
        accept: headers
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string),
        format,
    })
}
