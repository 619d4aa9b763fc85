//! `policykg push`: the thin command-line layer over [`policykg::push`].
//! Credentials come from the environment (`POLICYKG_PUSH_TOKEN`, or
//! `POLICYKG_PUSH_USER` and `POLICYKG_PUSH_PASSWORD`), never from flags that
//! `ps` would show.

use std::path::Path;
use std::time::Duration;

use oxigraph::model::NamedNode;
use policykg::push::{self, Protocol, PushOptions};
use policykg::store::KnowledgeStore;

/// Arguments of `policykg push`.
#[derive(clap::Args, Debug)]
#[command(group(clap::ArgGroup::new("to").required(true).args(["endpoint", "update_endpoint"])))]
pub struct Args {
    /// Graph Store HTTP Protocol URL: each graph is PUT to URL?graph=IRI
    /// (Oxigraph: http://host:7878/store; Fuseki: …/DATASET/data).
    #[arg(long, value_name = "URL")]
    pub endpoint: Option<String>,
    /// SPARQL Update URL, for servers that only take updates
    /// (DROP SILENT GRAPH + INSERT DATA per graph).
    #[arg(long, value_name = "URL", conflicts_with = "endpoint")]
    pub update_endpoint: Option<String>,
    /// Send only the reports whose content changed since the last push to this URL.
    #[arg(long)]
    pub incremental: bool,
    /// Retries of a request that failed with a 5xx, 408, 429, a timeout or a lost connection.
    #[arg(long, default_value_t = 4, value_name = "N")]
    pub retries: u32,
    /// Wait before the first retry, doubled at each next one.
    #[arg(long, default_value_t = 500, value_name = "MS")]
    pub retry_delay_ms: u64,
    /// Seconds allowed for one request.
    #[arg(long, default_value_t = 60.0, value_name = "S")]
    pub timeout: f64,
    /// Also push the union of all graphs as this named graph (for servers whose
    /// default graph is not the union of the named graphs).
    #[arg(long, value_name = "IRI")]
    pub union_graph: Option<String>,
}

/// Runs `policykg push` on the store at `store_path`.
pub fn run(args: Args, store_path: &Path) -> anyhow::Result<()> {
    let protocol = match (args.endpoint, args.update_endpoint) {
        (Some(url), _) => Protocol::GraphStore(url),
        (None, Some(url)) => Protocol::Update(url),
        (None, None) => anyhow::bail!("give --endpoint URL or --update-endpoint URL"),
    };
    if !(args.timeout > 0.0 && args.timeout.is_finite()) {
        anyhow::bail!(
            "--timeout {}: must be a positive number of seconds",
            args.timeout
        );
    }
    let url = protocol.url().to_string();
    if !(url.starts_with("http://") || url.starts_with("https://")) {
        anyhow::bail!("{url}: not an http:// or https:// URL");
    }
    let union_graph = match args.union_graph {
        Some(iri) => Some(
            NamedNode::new(&iri)
                .map_err(|e| anyhow::anyhow!("--union-graph {iri}: not an IRI: {e}"))?,
        ),
        None => None,
    };
    let mut opts = PushOptions::new(protocol);
    opts.auth = push::auth_from_env();
    opts.incremental = args.incremental;
    opts.retry.retries = args.retries;
    opts.retry.delay = Duration::from_millis(args.retry_delay_ms);
    opts.retry.timeout = Duration::from_secs_f64(args.timeout);
    opts.union_graph = union_graph;
    // read-write: the push records what the server acknowledged
    let store = KnowledgeStore::open_existing(store_path)?;
    let graphs = store.data_graphs()?.len() + usize::from(opts.union_graph.is_some());
    let bar = crate::progress(graphs as u64);
    let stats = push::push(&store, &opts, &|| bar.inc(1))?;
    store.flush()?;
    bar.finish_and_clear();
    println!(
        "pushed {} graphs ({} triples, {:.1} MB) to {url}; {} unchanged",
        stats.sent,
        stats.triples,
        stats.bytes as f64 / 1e6,
        stats.unchanged
    );
    Ok(())
}
