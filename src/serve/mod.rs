//! `policykg serve`: one process over the embedded store that answers the
//! SPARQL 1.1 Protocol ([`sparql`]), the Graph Store Protocol's reads
//! ([`graph_store`]), the shipped queries as an API ([`named`]), and a web
//! explorer ([`assets`], [`views`]), on axum over tokio. Read-only by
//! default: SPARQL Update and Graph Store writes get a 403 unless the server
//! runs with `--writable` and the request carries its bearer token
//! ([`update`]); reports come in through `policykg ingest`, which hands them
//! to the running server ([`handoff`]).
//!
//! The server opens the store for writing (so that ingest can go through
//! it) and keeps the entity graph of the exports in memory for the
//! explorer's views, rebuilt after each ingest. It does not parse HTTP
//! itself; it prints nothing but its address.

pub mod assets;
pub mod graph_store;
pub mod handoff;
pub mod limit;
pub mod named;
pub mod negotiate;
pub mod params;
pub mod reply;
pub mod sparql;
pub mod update;
pub mod views;

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, RwLock};
use std::time::Duration;

use axum::http::{header, Method};
use axum::routing::{get, post};
use axum::Router;
use tower_http::cors::{Any, CorsLayer};

use crate::error::{Error, Result};
use crate::explore::Explorer;
use crate::store::KnowledgeStore;

/// Limits that keep one request from taking the server down.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    /// A query running longer is cancelled (503).
    pub query_time: Duration,
    /// A request body larger than this is refused (413).
    pub body_bytes: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            query_time: Duration::from_secs(30),
            body_bytes: 1024 * 1024,
        }
    }
}

/// How to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The store directory (created when missing, so reports can be ingested into it).
    pub store: PathBuf,
    /// Where to listen (`127.0.0.1:7878`; port 0 picks a free one).
    pub bind: SocketAddr,
    /// The limits.
    pub limits: Limits,
    /// The bearer token that allows SPARQL Update and Graph Store writes
    /// (`--writable`); `None`: read-only.
    pub write_token: Option<String>,
}

/// What every handler shares.
pub struct ServerState {
    /// The store, open for writing (only [`handoff`] writes, through the ingest pipeline).
    pub store: KnowledgeStore,
    explorer: RwLock<Arc<Explorer>>,
    /// The limits.
    pub limits: Limits,
    /// `http://ADDR`, for the service description.
    pub base: String,
    /// The bearer token of `POST /ingest`.
    pub token: String,
    /// Held while an ingest or an update writes: one at a time.
    pub writer: Mutex<()>,
    /// The token of SPARQL Update and Graph Store writes; `None`: read-only.
    pub write_token: Option<String>,
}

impl ServerState {
    /// The explorer over the store as of the last ingest.
    pub fn explorer(&self) -> Arc<Explorer> {
        match self.explorer.read() {
            Ok(e) => e.clone(),
            Err(poisoned) => poisoned.into_inner().clone(),
        }
    }

    /// Runs `write` on the store, one writer at a time, then makes it
    /// durable and rereads the explorer's graph.
    pub fn write<T>(
        &self,
        write: impl FnOnce(&KnowledgeStore) -> Result<T>,
    ) -> std::result::Result<T, reply::Refusal> {
        let _writer = self
            .writer
            .lock()
            .map_err(|_| reply::Refusal::internal("an earlier write failed midway"))?;
        let out = write(&self.store)?;
        self.store.flush()?;
        self.rebuild_explorer()?;
        Ok(out)
    }

    /// Rereads the entity graph from the store (after an ingest).
    pub fn rebuild_explorer(&self) -> Result<()> {
        let fresh = Arc::new(Explorer::new(self.store.oxigraph())?);
        match self.explorer.write() {
            Ok(mut e) => *e = fresh,
            Err(poisoned) => *poisoned.into_inner() = fresh,
        }
        Ok(())
    }
}

/// The routes, over `state`.
pub fn router(state: Arc<ServerState>) -> Router {
    let cors = CorsLayer::new()
        .allow_origin(Any)
        .allow_methods([
            Method::GET,
            Method::POST,
            Method::PUT,
            Method::DELETE,
            Method::HEAD,
            Method::OPTIONS,
        ])
        .allow_headers([header::ACCEPT, header::CONTENT_TYPE, header::AUTHORIZATION])
        .max_age(Duration::from_secs(3600));
    Router::new()
        .route("/", get(assets::index))
        .route("/assets/{*path}", get(assets::asset))
        .route("/sparql", get(sparql::endpoint).post(sparql::endpoint))
        .route(
            "/store",
            get(graph_store::read)
                .put(graph_store::write)
                .post(graph_store::write)
                .delete(graph_store::write)
                .patch(graph_store::write),
        )
        .route("/api/queries", get(named::list))
        .route("/api/query/{name}", get(named::run_named))
        .route("/api/search", get(views::search))
        .route("/api/entity", get(views::entity))
        .route("/api/neighbors", get(views::neighbors))
        .route("/api/timeline", get(views::timeline))
        .route("/api/export", get(views::export))
        .route("/ingest", post(handoff::ingest))
        .fallback(not_found)
        .layer(cors)
        .with_state(state)
}

async fn not_found() -> reply::Refusal {
    reply::Refusal::not_found("no such page; the explorer is at /, SPARQL at /sparql")
}

/// Opens the store, builds the explorer, listens, writes the server file,
/// calls `ready` with the address, and serves until Ctrl-C or SIGTERM.
pub fn serve(options: &ServeOptions, ready: &dyn Fn(SocketAddr)) -> Result<()> {
    let store = open_store(&options.store)?;
    let explorer = Explorer::new(store.oxigraph())?;
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .map_err(|e| Error::Output(format!("cannot start the server runtime: {e}")))?;
    runtime.block_on(async {
        let listener = tokio::net::TcpListener::bind(options.bind)
            .await
            .map_err(|e| Error::Output(format!("cannot listen on {}: {e}", options.bind)))?;
        let addr = listener
            .local_addr()
            .map_err(|e| Error::Output(format!("cannot listen on {}: {e}", options.bind)))?;
        let token = handoff::new_token();
        let server_file = handoff::write_server_file(
            &options.store,
            &handoff::ServerFile {
                addr,
                token: token.clone(),
                pid: std::process::id(),
            },
        )?;
        let state = Arc::new(ServerState {
            store,
            explorer: RwLock::new(Arc::new(explorer)),
            limits: options.limits,
            base: format!("http://{addr}"),
            token,
            writer: Mutex::new(()),
            write_token: options.write_token.clone(),
        });
        ready(addr);
        let served = axum::serve(listener, router(state))
            .with_graceful_shutdown(shutdown())
            .await;
        let _ = std::fs::remove_file(&server_file);
        served.map_err(|e| Error::Output(format!("server stopped: {e}")))
    })
}

fn open_store(path: &Path) -> Result<KnowledgeStore> {
    if let Some(parent) = path.parent().filter(|p| !p.as_os_str().is_empty()) {
        std::fs::create_dir_all(parent).map_err(|source| Error::Io {
            path: parent.to_path_buf(),
            source,
        })?;
    }
    KnowledgeStore::open(path)
}

/// Resolves on Ctrl-C or SIGTERM.
async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = interrupt => {},
        () = terminate => {},
    }
}
