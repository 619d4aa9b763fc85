//! The SPARQL 1.1 Protocol endpoint (`/sparql`): queries by GET `?query=`,
//! by POST as a form or as `application/sparql-query`, with
//! `default-graph-uri` / `named-graph-uri`; results in the format the
//! client accepts; a service description on a bare GET. Queries are parsed
//! and run by [`crate::query::prepare`], so they see the same prefixes and
//! the same union default graph as `policykg query`, and written by
//! [`crate::query::results`], as `policykg query` writes them. Updates go
//! to [`super::update`] (refused unless the server is writable). This
//! module owns the protocol (requests, datasets, time limit, status codes),
//! not the result formats.
//!
//! Every query runs on a blocking thread under a time limit: when it runs
//! out, the query is cancelled (Oxigraph checks the token between reads)
//! and the client gets a 503 at once.

use std::sync::Arc;

use axum::body::Body;
use axum::extract::State;
use axum::http::{header, HeaderMap, Method, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use oxigraph::io::{RdfFormat, RdfParser, RdfSerializer};
use oxigraph::model::{GraphName, NamedNode, NamedOrBlankNode};
use oxigraph::sparql::{CancellationToken, QueryEvaluationError, QueryResults, SparqlEvaluator};

use super::limit::run_limited;
use super::negotiate::{graph_format, result_format, GRAPH_TYPES, RESULT_TYPES};
use super::params::{all, content_type, decode_form, one, read_body};
use super::reply::Refusal;
use super::update::{self, UpdateRequest};
use super::ServerState;
use crate::query::results::{self, WriteError};
use crate::query::{self, QuerySource};

/// A query to run, with its dataset and the format the client wants.
pub struct QueryRequest {
    /// The query text and where it comes from.
    pub source: QuerySource,
    /// `default-graph-uri` values: the default graph becomes their merge.
    pub default_graphs: Vec<String>,
    /// `named-graph-uri` values: the only graphs `GRAPH` sees.
    pub named_graphs: Vec<String>,
    /// The `Accept` header.
    pub accept: Option<String>,
    /// A `format` parameter, which overrides `accept`.
    pub format: Option<String>,
}

/// What a protocol request asks for.
enum Operation {
    /// A query.
    Query(QueryRequest),
    /// An update (the server is writable and the token matched).
    Update(UpdateRequest),
    /// A bare GET: the service description.
    Describe,
}

/// `GET|POST /sparql`.
pub async fn endpoint(
    State(state): State<Arc<ServerState>>,
    method: Method,
    headers: HeaderMap,
    uri: Uri,
    body: Body,
) -> Response {
    match request(&state, &method, &headers, &uri, body).await {
        Ok(Operation::Query(req)) => run(state, req).await,
        Ok(Operation::Update(req)) => update::run(state, req).await,
        Ok(Operation::Describe) => service_description(&state, &headers, &uri),
        Err(refusal) => refusal.into_response(),
    }
}

/// The operation of a protocol request.
async fn request(
    state: &ServerState,
    method: &Method,
    headers: &HeaderMap,
    uri: &Uri,
    body: Body,
) -> Result<Operation, Refusal> {
    let mut params = decode_form(uri.query().unwrap_or(""))?;
    let accept = headers
        .get(header::ACCEPT)
        .map(|v| {
            v.to_str()
                .map(str::to_string)
                .map_err(|_| Refusal::bad_request("Accept header is not ASCII"))
        })
        .transpose()?;
    let text = if method == Method::POST {
        let kind = content_type(headers);
        let body = read_body(headers, body, state.limits.body_bytes).await?;
        match kind.as_str() {
            "application/x-www-form-urlencoded" => {
                params.extend(decode_form(&body)?);
                match (one(&params, "query")?, one(&params, "update")?) {
                    (Some(_), Some(_)) => {
                        return Err(Refusal::bad_request(
                            "the form has both `query` and `update`; send one operation",
                        ))
                    }
                    (None, Some(text)) => {
                        update::authorize(state, headers, "SPARQL Update")?;
                        return Ok(Operation::Update(UpdateRequest::new(
                            text.to_string(),
                            &params,
                        )));
                    }
                    (Some(text), None) => Some(text.to_string()),
                    (None, None) => {
                        return Err(Refusal::bad_request(
                            "the form has no `query` or `update` parameter",
                        ))
                    }
                }
            }
            "application/sparql-query" => {
                if !all(&params, "query").is_empty() {
                    return Err(Refusal::bad_request(
                        "a `query` parameter next to an application/sparql-query body",
                    ));
                }
                Some(body)
            }
            "application/sparql-update" => {
                update::authorize(state, headers, "SPARQL Update")?;
                if !all(&params, "update").is_empty() || !all(&params, "query").is_empty() {
                    return Err(Refusal::bad_request(
                        "a `query` or `update` parameter next to an application/sparql-update body",
                    ));
                }
                return Ok(Operation::Update(UpdateRequest::new(body, &params)));
            }
            "" => {
                return Err(Refusal::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    "POST needs a Content-Type: application/sparql-query, application/sparql-update or application/x-www-form-urlencoded",
                ))
            }
            other => {
                return Err(Refusal::new(
                    StatusCode::UNSUPPORTED_MEDIA_TYPE,
                    format!(
                        "unsupported Content-Type `{other}`; use application/sparql-query, application/sparql-update or application/x-www-form-urlencoded"
                    ),
                ))
            }
        }
    } else {
        if one(&params, "update")?.is_some() {
            return Err(update::refuse_get(state));
        }
        one(&params, "query")?.map(str::to_string)
    };
    let Some(text) = text else {
        if params.iter().any(|(n, _)| n != "format") {
            return Err(Refusal::bad_request(
                "no `query` parameter (a GET without parameters gives the service description)",
            ));
        }
        return Ok(Operation::Describe);
    };
    Ok(Operation::Query(QueryRequest {
        source: QuerySource {
            origin: "query".into(),
            text,
        },
        default_graphs: all(&params, "default-graph-uri")
            .into_iter()
            .map(str::to_string)
            .collect(),
        named_graphs: all(&params, "named-graph-uri")
            .into_iter()
            .map(str::to_string)
            .collect(),
        accept,
        format: one(&params, "format")?.map(str::to_string),
    }))
}

/// Runs `req` on a blocking thread under the time limit and answers with
/// its results (or the reason it failed).
pub async fn run(state: Arc<ServerState>, req: QueryRequest) -> Response {
    let limit = state.limits.query_time;
    let answer = {
        let state = state.clone();
        run_limited(
            limit,
            move |token| evaluate(&state, &req, token),
            time_limit(limit),
        )
        .await
    };
    match answer {
        Ok((bytes, media)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, content_type_of(media)),
                (header::VARY, "Accept".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(refusal) => refusal.into_response(),
    }
}

fn content_type_of(media: &str) -> String {
    if media.starts_with("text/") || media.ends_with("+xml") || media.ends_with("json") {
        format!("{media}; charset=utf-8")
    } else {
        media.to_string()
    }
}

fn time_limit(limit: std::time::Duration) -> Refusal {
    Refusal::new(
        StatusCode::SERVICE_UNAVAILABLE,
        format!(
            "query stopped: it ran past the time limit of {} s (`policykg serve --query-timeout` sets it)",
            limit.as_secs_f64()
        ),
    )
}

/// Parses, runs and serializes a query (on a blocking thread).
fn evaluate(
    state: &ServerState,
    req: &QueryRequest,
    token: CancellationToken,
) -> Result<(Vec<u8>, &'static str), Refusal> {
    // Oxigraph is built without its HTTP client: `SERVICE` calls fail, so
    // the endpoint never sends requests elsewhere
    // relative IRIs resolve against the endpoint (the SPARQL Protocol's
    // service-defined base)
    let evaluator = SparqlEvaluator::new()
        .with_cancellation_token(token)
        .with_base_iri(format!("{}/sparql", state.base))
        .map_err(|e| Refusal::internal(format!("base IRI: {e}")))?;
    let mut prepared = query::prepare(evaluator, &req.source)?;
    if !req.default_graphs.is_empty() {
        let graphs = req
            .default_graphs
            .iter()
            .map(|g| graph_iri(g).map(GraphName::NamedNode))
            .collect::<Result<Vec<_>, _>>()?;
        prepared.dataset_mut().set_default_graph(graphs);
    }
    if !req.named_graphs.is_empty() {
        let graphs = req
            .named_graphs
            .iter()
            .map(|g| graph_iri(g).map(NamedOrBlankNode::NamedNode))
            .collect::<Result<Vec<_>, _>>()?;
        prepared.dataset_mut().set_available_named_graphs(graphs);
    }
    let results = prepared
        .on_store(state.store.oxigraph())
        .execute()
        .map_err(|e| evaluation_error(e, state))?;
    serialize(results, req.accept.as_deref(), req.format.as_deref(), state)
}

fn graph_iri(iri: &str) -> Result<NamedNode, Refusal> {
    NamedNode::new(iri).map_err(|e| Refusal::bad_request(format!("graph IRI `{iri}`: {e}")))
}

fn evaluation_error(e: QueryEvaluationError, state: &ServerState) -> Refusal {
    match e {
        QueryEvaluationError::Cancelled => time_limit(state.limits.query_time),
        QueryEvaluationError::Dataset(e) => Refusal::internal(format!("store: {e}")),
        other => Refusal::bad_request(format!("query failed: {other}")),
    }
}

/// Writes results in the negotiated format (with [`query::results`]).
fn serialize(
    results: QueryResults<'_>,
    accept: Option<&str>,
    format: Option<&str>,
    state: &ServerState,
) -> Result<(Vec<u8>, &'static str), Refusal> {
    let write = |e: std::io::Error| Refusal::internal(format!("writing results: {e}"));
    let failed = |e: WriteError| match e {
        WriteError::Evaluation(e) => evaluation_error(e, state),
        WriteError::Io(e) => write(e),
    };
    let mut out = Vec::new();
    match results {
        QueryResults::Solutions(solutions) => {
            let (fmt, media) = result_format(accept, format)?;
            results::write_solutions(solutions, fmt, &mut out).map_err(failed)?;
            Ok((out, media))
        }
        QueryResults::Boolean(b) => {
            let (fmt, media) = result_format(accept, format)?;
            results::write_boolean(b, fmt, &mut out).map_err(write)?;
            Ok((out, media))
        }
        QueryResults::Graph(triples) => {
            let (fmt, media) = graph_format(accept, format)?;
            results::write_triples(triples, rdf_serializer(fmt)?, &mut out).map_err(failed)?;
            Ok((out, media))
        }
    }
}

/// A serializer for `format`, with the vocabulary's prefixes where the
/// format has prefixes ([`results::rdf_serializer`]).
pub fn rdf_serializer(format: RdfFormat) -> Result<RdfSerializer, Refusal> {
    results::rdf_serializer(format).map_err(|e| Refusal::internal(e.to_string()))
}

/// The SPARQL 1.1 Service Description of this endpoint, in the negotiated
/// RDF format (Turtle by default).
fn service_description(state: &ServerState, headers: &HeaderMap, uri: &Uri) -> Response {
    let answer = || -> Result<(Vec<u8>, &'static str), Refusal> {
        let params = decode_form(uri.query().unwrap_or(""))?;
        let accept = headers.get(header::ACCEPT).and_then(|v| v.to_str().ok());
        let (fmt, media) = graph_format(accept, one(&params, "format")?)?;
        let mut result_formats = String::new();
        for f in [
            "SPARQL_Results_JSON",
            "SPARQL_Results_XML",
            "SPARQL_Results_CSV",
            "SPARQL_Results_TSV",
        ] {
            result_formats.push_str(&format!(" sd:resultFormat formats:{f} ;"));
        }
        let mut rdf_formats = String::new();
        for (_, f) in GRAPH_TYPES.iter().take(4) {
            rdf_formats.push_str(&format!(" sd:resultFormat <{}> ;", f.iri()));
        }
        debug_assert!(!RESULT_TYPES.is_empty());
        let ttl = format!(
            "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .\n\
             @prefix formats: <http://www.w3.org/ns/formats/> .\n\
             @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .\n\
             <{base}/sparql#service> a sd:Service ;\n\
               rdfs:label \"policykg\" ;\n\
               sd:endpoint <{base}/sparql> ;\n\
               sd:supportedLanguage sd:SPARQL11Query ;{update}\n\
               sd:feature sd:UnionDefaultGraph ;\n\
               {result_formats}{rdf_formats}\n\
               sd:defaultDataset [ a sd:Dataset ; sd:defaultGraph [ a sd:Graph ] ] .\n",
            base = state.base,
            update = if state.write_token.is_some() {
                " sd:supportedLanguage sd:SPARQL11Update ;"
            } else {
                ""
            }
        );
        let mut out = Vec::new();
        let mut w = rdf_serializer(fmt)?.for_writer(&mut out);
        for t in RdfParser::from_format(RdfFormat::Turtle).for_slice(ttl.as_bytes()) {
            let q = t.map_err(|e| Refusal::internal(format!("service description: {e}")))?;
            w.serialize_triple(&oxigraph::model::Triple::from(q))
                .map_err(|e| Refusal::internal(e.to_string()))?;
        }
        w.finish().map_err(|e| Refusal::internal(e.to_string()))?;
        Ok((out, media))
    };
    match answer() {
        Ok((bytes, media)) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, content_type_of(media)),
                (header::VARY, "Accept".to_string()),
            ],
            bytes,
        )
            .into_response(),
        Err(r) => r.into_response(),
    }
}
