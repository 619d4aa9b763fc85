//! Publishing the store to a SPARQL 1.1 server: every data graph (each
//! report's and the ontology's) is sent whole, replacing the remote graph of
//! the same name, so pushing again replaces rather than duplicates.
//!
//! Two protocols ([`Protocol`]): the Graph Store HTTP Protocol (`PUT
//! ENDPOINT?graph=IRI` with the graph as N-Triples), and for servers that
//! only take updates, SPARQL Update (`DROP SILENT GRAPH` then `INSERT DATA`,
//! in one request for graphs up to [`UPDATE_CHUNK_TRIPLES`] triples; a chunk
//! with blank nodes as `INSERT … WHERE {}`).
//!
//! After the server acknowledges a graph, the SHA-256 of its content is
//! recorded in the store ([`KnowledgeStore::record_pushed`]); an incremental
//! push sends only the graphs whose hash differs from the recorded one. A
//! push that stops half way (the server down, a 500 after the retries, a
//! timeout) has recorded exactly the graphs the server took; the others keep
//! their old hash, so the next push sends them again, whole, and replaces
//! whatever a broken request may have left of them.

pub mod http;

use std::io::Write;
use std::time::Duration;

use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::model::{GraphNameRef, NamedNode, Quad, TripleRef};
use sha2::{Digest, Sha256};

pub use http::{Auth, Retry};

use crate::error::{Error, Result};
use crate::store::KnowledgeStore;

/// SPARQL Update requests hold at most this many triples; a larger graph is
/// sent as `DROP` + the first chunk, then `INSERT DATA` of each next one.
pub const UPDATE_CHUNK_TRIPLES: usize = 10_000;

/// Environment variables holding the credentials.
pub const USER_ENV: &str = "POLICYKG_PUSH_USER";
/// See [`USER_ENV`].
pub const PASSWORD_ENV: &str = "POLICYKG_PUSH_PASSWORD";
/// A bearer token; wins over user and password.
pub const TOKEN_ENV: &str = "POLICYKG_PUSH_TOKEN";

/// How graphs reach the server.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Protocol {
    /// Graph Store HTTP Protocol at this URL (Oxigraph `/store`, Fuseki
    /// `/DATASET/data`, Virtuoso `/sparql-graph-crud`, GraphDB
    /// `/repositories/ID/rdf-graphs/service`).
    GraphStore(String),
    /// SPARQL 1.1 Update at this URL (Oxigraph `/update`, Virtuoso `/sparql`).
    Update(String),
}

impl Protocol {
    /// The URL requests go to.
    pub fn url(&self) -> &str {
        match self {
            Protocol::GraphStore(u) | Protocol::Update(u) => u,
        }
    }
}

/// What `push` is asked to do.
#[derive(Debug, Clone)]
pub struct PushOptions {
    /// Where and how.
    pub protocol: Protocol,
    /// Credentials, if the server wants them.
    pub auth: Option<Auth>,
    /// Send only the graphs changed since the last push to this endpoint.
    pub incremental: bool,
    /// Retries, backoff and timeout.
    pub retry: Retry,
    /// Also send the union of all graphs (the store's default graph) as
    /// this named graph, for servers whose default graph is not the union.
    pub union_graph: Option<NamedNode>,
}

impl PushOptions {
    /// Options with the default retry policy (4 retries from 0.5 s, 60 s a request).
    pub fn new(protocol: Protocol) -> PushOptions {
        PushOptions {
            protocol,
            auth: None,
            incremental: false,
            retry: Retry {
                retries: 4,
                delay: Duration::from_millis(500),
                timeout: Duration::from_secs(60),
            },
            union_graph: None,
        }
    }
}

/// Credentials from the environment: [`TOKEN_ENV`], else [`USER_ENV`] and
/// [`PASSWORD_ENV`].
pub fn auth_from_env() -> Option<Auth> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    if let Some(token) = var(TOKEN_ENV) {
        return Some(Auth::Bearer(token));
    }
    var(USER_ENV).map(|user| Auth::Basic {
        user,
        password: var(PASSWORD_ENV).unwrap_or_default(),
    })
}

/// What a push did.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct PushStats {
    /// Graphs sent and acknowledged.
    pub sent: usize,
    /// Graphs left out as unchanged (incremental push).
    pub unchanged: usize,
    /// Triples sent.
    pub triples: usize,
    /// Bytes of RDF sent.
    pub bytes: usize,
}

/// One graph to send: its remote name and its triples.
struct Outgoing {
    name: NamedNode,
    quads: Vec<Quad>,
}

/// The SHA-256 (hex) of a graph's content: its quads as sorted N-Quads lines.
pub fn content_hash(quads: &[Quad]) -> String {
    let mut lines: Vec<String> = quads
        .iter()
        .map(|q| TripleRef::from(q.as_ref()).to_string())
        .collect();
    lines.sort_unstable();
    let mut h = Sha256::new();
    for l in &lines {
        h.update(l.as_bytes());
        h.update(b"\n");
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// Pushes the store as `opts` says; `on_graph` is called after each graph
/// (sent or left out).
pub fn push(store: &KnowledgeStore, opts: &PushOptions, on_graph: &dyn Fn()) -> Result<PushStats> {
    let endpoint = opts.protocol.url().to_string();
    let client = http::Client::new(opts.auth.as_ref(), opts.retry);
    let pushed = if opts.incremental {
        store.pushed_hashes(&endpoint)?
    } else {
        Default::default()
    };
    let graphs = store.data_graphs()?;
    let mut stats = PushStats::default();
    let mut send = |out: Outgoing| -> Result<()> {
        let hash = content_hash(&out.quads);
        if pushed.get(&out.name) == Some(&hash) {
            stats.unchanged += 1;
            on_graph();
            return Ok(());
        }
        stats.bytes += send_graph(&client, &opts.protocol, &out)?;
        stats.triples += out.quads.len();
        stats.sent += 1;
        store.record_pushed(&endpoint, out.name.as_ref(), &hash)?;
        on_graph();
        Ok(())
    };
    for g in graphs {
        let quads = store.graph_quads(g.as_ref())?;
        send(Outgoing { name: g, quads })?;
    }
    if let Some(name) = &opts.union_graph {
        let quads = store
            .graph_iter(GraphNameRef::DefaultGraph)
            .collect::<Result<Vec<_>>>()?;
        send(Outgoing {
            name: name.clone(),
            quads,
        })?;
    }
    Ok(stats)
}

/// Sends one graph; returns the bytes sent.
fn send_graph(client: &http::Client, protocol: &Protocol, out: &Outgoing) -> Result<usize> {
    let what = format!("graph <{}>", out.name.as_str());
    match protocol {
        Protocol::GraphStore(url) => {
            let body = ntriples(out.quads.iter())?;
            client.send(
                http::Method::Put,
                url,
                &[("graph", out.name.as_str())],
                "application/n-triples",
                &body,
                &what,
            )?;
            Ok(body.len())
        }
        Protocol::Update(url) => {
            // blank nodes must arrive in one request to stay one node: their
            // triples go first, in the first chunk
            let mut ordered: Vec<&Quad> = out.quads.iter().collect();
            ordered.sort_by_key(|q| !(q.subject.is_blank_node() || q.object.is_blank_node()));
            let blank = ordered
                .iter()
                .take_while(|q| q.subject.is_blank_node() || q.object.is_blank_node())
                .count();
            let first = blank.max(UPDATE_CHUNK_TRIPLES).min(ordered.len());
            let (head, rest) = ordered.split_at(first);
            let mut bytes = 0;
            let mut requests = vec![update_text(&out.name, head.iter().copied(), true)?];
            for chunk in rest.chunks(UPDATE_CHUNK_TRIPLES) {
                requests.push(update_text(&out.name, chunk.iter().copied(), false)?);
            }
            for body in requests {
                client.send(
                    http::Method::Post,
                    url,
                    &[],
                    "application/sparql-update",
                    &body,
                    &what,
                )?;
                bytes += body.len();
            }
            Ok(bytes)
        }
    }
}

/// The triples as N-Triples.
fn ntriples<'a>(quads: impl Iterator<Item = &'a Quad>) -> Result<Vec<u8>> {
    let mut w = RdfSerializer::from_format(RdfFormat::NTriples).for_writer(Vec::new());
    for q in quads {
        w.serialize_triple(TripleRef::from(q.as_ref()))
            .map_err(|e| Error::Output(e.to_string()))?;
    }
    w.finish().map_err(|e| Error::Output(e.to_string()))
}

/// `[DROP SILENT GRAPH <g> ;] INSERT DATA { GRAPH <g> { … } }`. A chunk
/// with blank nodes is sent as `INSERT { GRAPH <g> { … } } WHERE { }`
/// instead: `INSERT DATA` may hold blank nodes by the standard, but
/// Virtuoso refuses them there, and a template with one solution makes one
/// fresh node per label on every server.
fn update_text<'a>(
    graph: &NamedNode,
    quads: impl Iterator<Item = &'a Quad>,
    drop_first: bool,
) -> Result<Vec<u8>> {
    let quads: Vec<&Quad> = quads.collect();
    let blank = quads
        .iter()
        .any(|q| q.subject.is_blank_node() || q.object.is_blank_node());
    let mut body = Vec::new();
    let g = graph.as_str();
    if drop_first {
        writeln!(body, "DROP SILENT GRAPH <{g}> ;").map_err(Error::from_write)?;
    }
    let open = if blank { "INSERT" } else { "INSERT DATA" };
    writeln!(body, "{open} {{ GRAPH <{g}> {{").map_err(Error::from_write)?;
    body.extend(ntriples(quads.into_iter())?);
    let close: &[u8] = if blank { b"} } WHERE { }\n" } else { b"} }\n" };
    body.extend_from_slice(close);
    Ok(body)
}
