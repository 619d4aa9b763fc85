//! Ingest while serving. `policykg serve` holds the store open for writing
//! (RocksDB allows one writer per store, and a read-only open beside a
//! writer is undefined behaviour in Oxigraph), so `policykg ingest` cannot
//! open it. Instead the server writes a small file into the store directory
//! ([`SERVER_FILE`]: its address and a random token, readable by the
//! owner only) and `ingest`, after checking every file itself, hands the
//! checked paths to the server (`POST /ingest` with the token). The server
//! runs the same ingest code ([`crate::ingest`]) in its own process, one
//! ingest at a time, then rebuilds the explorer's graph and answers with the
//! summaries: when `ingest` returns, SPARQL and the explorer show the new
//! reports. A server file whose server is gone is ignored.

use std::net::{SocketAddr, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};

use super::params::read_body;
use super::reply::Refusal;
use super::ServerState;
use crate::error::{Error, Result};
use crate::ingest::{check_all, write_checked, DocumentSummary};

/// The file in the store directory that tells `ingest` a server holds the store.
pub const SERVER_FILE: &str = "policykg-serve.json";

/// What [`SERVER_FILE`] holds.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct ServerFile {
    /// The address the server listens on.
    pub addr: SocketAddr,
    /// The bearer token `POST /ingest` needs.
    pub token: String,
    /// The server's process id (for people).
    pub pid: u32,
}

/// The body of `POST /ingest`.
#[derive(Debug, Serialize, Deserialize)]
pub struct IngestRequest {
    /// Absolute paths of the checked report files, in order.
    pub files: Vec<PathBuf>,
}

/// One document the server wrote (the fields of [`DocumentSummary`]).
#[derive(Debug, Serialize, Deserialize)]
pub struct WrittenDocument {
    /// The file.
    pub path: PathBuf,
    /// Named graph IRI.
    pub graph: String,
    /// Articles found.
    pub articles: usize,
    /// Entities extracted.
    pub entities: usize,
    /// Targets extracted.
    pub targets: usize,
    /// Indicators extracted.
    pub indicators: usize,
    /// Quads written.
    pub quads: usize,
}

/// The answer of `POST /ingest`.
#[derive(Debug, Serialize, Deserialize)]
pub struct IngestAnswer {
    /// One per document, in order.
    pub documents: Vec<WrittenDocument>,
    /// Quads in the store afterwards.
    pub store_quads: usize,
}

/// What `ingest` prints after a handed-off ingest.
pub struct HandedOff {
    /// One summary per document, with the paths as the user gave them.
    pub summaries: Vec<DocumentSummary>,
    /// Quads in the store afterwards.
    pub store_quads: usize,
    /// The server's address.
    pub addr: SocketAddr,
}

/// Writes the server file (owner-only) into the store directory.
pub fn write_server_file(store: &Path, file: &ServerFile) -> Result<PathBuf> {
    let path = store.join(SERVER_FILE);
    let io = |source| Error::Io {
        path: path.clone(),
        source,
    };
    let text = serde_json::to_string(file).map_err(|e| Error::Output(e.to_string()))?;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let mut f = options.open(&path).map_err(io)?;
    std::io::Write::write_all(&mut f, text.as_bytes()).map_err(io)?;
    Ok(path)
}

/// A fresh random token (from the system's random source, hashed with the
/// time and process id so it differs even where that source is missing).
pub fn new_token() -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    if let Ok(mut f) = std::fs::File::open("/dev/urandom") {
        let mut buf = [0u8; 32];
        if std::io::Read::read_exact(&mut f, &mut buf).is_ok() {
            h.update(buf);
        }
    }
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos())
        .unwrap_or(0);
    h.update(now.to_le_bytes());
    h.update(std::process::id().to_le_bytes());
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

/// The running server of `store`, if its server file names one that answers.
pub fn running_server(store: &Path) -> Option<ServerFile> {
    let text = std::fs::read_to_string(store.join(SERVER_FILE)).ok()?;
    let file: ServerFile = serde_json::from_str(&text).ok()?;
    TcpStream::connect_timeout(&file.addr, Duration::from_secs(2)).ok()?;
    Some(file)
}

/// Hands checked files to the server holding `store`; `Ok(None)` when no
/// server holds it (then `ingest` writes the store itself).
pub fn hand_off(store: &Path, files: &[PathBuf]) -> Result<Option<HandedOff>> {
    let Some(server) = running_server(store) else {
        return Ok(None);
    };
    let absolute = files
        .iter()
        .map(|f| {
            std::fs::canonicalize(f).map_err(|source| Error::Io {
                path: f.clone(),
                source,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let failed = |message: String| Error::Store {
        path: store.to_path_buf(),
        message: format!("served by policykg serve at {}: {message}", server.addr),
    };
    let agent: ureq::Agent = ureq::Agent::config_builder()
        .timeout_connect(Some(Duration::from_secs(5)))
        .http_status_as_error(false)
        .build()
        .into();
    let mut response = agent
        .post(format!("http://{}/ingest", server.addr))
        .header("Authorization", &format!("Bearer {}", server.token))
        .send_json(&IngestRequest { files: absolute })
        .map_err(|e| failed(e.to_string()))?;
    let status = response.status();
    let body = response
        .body_mut()
        .with_config()
        .limit(64 * 1024 * 1024)
        .read_to_string()
        .map_err(|e| failed(e.to_string()))?;
    if !status.is_success() {
        // the server's one-line reason (a bad file names itself)
        return Err(failed(body.trim().to_string()));
    }
    let answer: IngestAnswer =
        serde_json::from_str(&body).map_err(|e| failed(format!("unreadable answer: {e}")))?;
    let summaries = answer
        .documents
        .into_iter()
        .zip(files)
        .map(|(d, given)| DocumentSummary {
            path: given.clone(),
            graph: d.graph,
            articles: d.articles,
            entities: d.entities,
            targets: d.targets,
            indicators: d.indicators,
            quads: d.quads,
        })
        .collect();
    Ok(Some(HandedOff {
        summaries,
        store_quads: answer.store_quads,
        addr: server.addr,
    }))
}

/// `POST /ingest`: checks and writes the files with the ingest pipeline,
/// one ingest at a time, then rebuilds the explorer's graph.
pub async fn ingest(
    State(state): State<Arc<ServerState>>,
    headers: HeaderMap,
    body: axum::body::Body,
) -> Response {
    let expected = format!("Bearer {}", state.token);
    let given = headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .unwrap_or("");
    if !super::update::constant_time_eq(given.as_bytes(), expected.as_bytes()) {
        return Refusal::new(
            StatusCode::UNAUTHORIZED,
            "ingest needs the token of the store's server file (run `policykg ingest` on the same store)",
        )
        .into_response();
    }
    let body = match read_body(&headers, body, state.limits.body_bytes).await {
        Ok(b) => b,
        Err(r) => return r.into_response(),
    };
    let request: IngestRequest = match serde_json::from_str(&body) {
        Ok(r) => r,
        Err(e) => return Refusal::bad_request(format!("ingest request: {e}")).into_response(),
    };
    let job = move || -> std::result::Result<IngestAnswer, Refusal> {
        let summaries = state.write(|store| {
            let checked = check_all(&request.files, &|| {})?;
            write_checked(store, &checked, &|| {})
        })?;
        Ok(IngestAnswer {
            documents: summaries
                .into_iter()
                .map(|s| WrittenDocument {
                    path: s.path,
                    graph: s.graph,
                    articles: s.articles,
                    entities: s.entities,
                    targets: s.targets,
                    indicators: s.indicators,
                    quads: s.quads,
                })
                .collect(),
            store_quads: state.store.len()?,
        })
    };
    match tokio::task::spawn_blocking(job).await {
        Ok(Ok(answer)) => Json(answer).into_response(),
        Ok(Err(r)) => r.into_response(),
        Err(e) => Refusal::internal(format!("ingest worker failed: {e}")).into_response(),
    }
}
