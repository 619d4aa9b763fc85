//! The server under load: `policykg serve` on the benchmark's store, and a
//! local load generator (blocking HTTP clients with keep-alive, one thread
//! each) that asks for entity pages (`/api/entity`) and bound named queries
//! (`/api/query/agency-targets?agency=…`) of the busiest agencies for a
//! fixed time. Throughput, latency percentiles and error responses go to
//! `report.json` (`serve_rps`, `serve_p99_ms`, …). The references, timed in
//! this process on the same store: the same entity page built from an
//! in-memory explorer, and the same bound query run by the library; their
//! ratios say what HTTP and the server add.

use std::io::{BufRead, BufReader};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{bail, Context};
use serde_json::{json, Map, Value};

use policykg::explore::Explorer;
use policykg::query::{self, Format, QuerySource};
use policykg::serve::views::entity_page;

use super::measure::percentile;
use super::report::round;

/// Concurrent clients of the load.
pub const CLIENTS: usize = 8;

/// Agencies whose pages and queries the clients ask for, in turn.
const AGENCIES: usize = 20;

/// What the load measured.
pub struct ServeLoad {
    /// Seconds of load.
    pub seconds: f64,
    /// Concurrent clients.
    pub clients: usize,
    /// Answers per second, all kinds.
    pub rps: f64,
    /// Latencies (ms, sorted) of entity pages.
    pub entity_ms: Vec<f64>,
    /// Latencies (ms, sorted) of bound named queries.
    pub query_ms: Vec<f64>,
    /// Answers that were not 200.
    pub errors: usize,
    /// The same entity pages built in this process (ms, sorted).
    pub entity_ref_ms: Vec<f64>,
    /// The same bound queries run by the library in this process (ms, sorted).
    pub query_ref_ms: Vec<f64>,
}

/// The running server; killed on drop.
struct Served(Child);

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

/// `(IRI, Korean label)` of the agencies that set the most targets.
fn busiest_agencies(store: &oxigraph::store::Store) -> anyhow::Result<Vec<(String, String)>> {
    let source = QuerySource {
        origin: "bench".into(),
        text: format!(
            "SELECT ?a ?label (COUNT(?t) AS ?n) WHERE {{ ?t pk:setBy ?a . ?a a pk:Agency ; rdfs:label ?label . FILTER(lang(?label) = \"ko\") }} GROUP BY ?a ?label ORDER BY DESC(?n) ?label LIMIT {AGENCIES}"
        ),
    };
    let mut out = Vec::new();
    query::run(store, &source, Format::Tsv, &mut out)?;
    let text = String::from_utf8_lossy(&out);
    Ok(text
        .lines()
        .skip(1)
        .filter_map(|row| {
            let mut cells = row.split('\t');
            let iri = cells.next()?.trim_start_matches('<').trim_end_matches('>');
            let label = cells.next()?.strip_prefix('"')?.split("\"@").next()?;
            Some((iri.to_string(), label.to_string()))
        })
        .collect())
}

/// Percent-encodes a query parameter.
fn enc(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

/// Runs the references, then the server and the load on `store`.
pub fn run(binary: &Path, store: &Path, seconds: f64) -> anyhow::Result<ServeLoad> {
    let (agencies, entity_ref_ms, query_ref_ms) = {
        let ks = policykg::store::KnowledgeStore::open_read_only(store)?;
        let agencies = busiest_agencies(ks.oxigraph())?;
        if agencies.is_empty() {
            bail!("no agency sets a target");
        }
        let explorer = Explorer::new(ks.oxigraph())?;
        let graph = explorer.graph();
        let mut entity_ref_ms = Vec::new();
        let mut query_ref_ms = Vec::new();
        for _ in 0..5 {
            for (iri, label) in &agencies {
                let started = Instant::now();
                let n = graph.resolve(iri)?;
                let page = serde_json::to_vec(&entity_page(graph, n))?;
                std::hint::black_box(page);
                entity_ref_ms.push(started.elapsed().as_secs_f64() * 1000.0);

                let started = Instant::now();
                let mut source = query::resolve(Some("agency-targets"), None)?;
                query::bind(&mut source, &[("agency".into(), label.clone())])?;
                let mut out = Vec::new();
                query::run(ks.oxigraph(), &source, Format::Json, &mut out)?;
                query_ref_ms.push(started.elapsed().as_secs_f64() * 1000.0);
            }
        }
        entity_ref_ms.sort_by(f64::total_cmp);
        query_ref_ms.sort_by(f64::total_cmp);
        (agencies, entity_ref_ms, query_ref_ms)
    };

    let mut child = Command::new(binary)
        .arg("--store")
        .arg(store)
        .args(["serve", "--bind", "127.0.0.1:0"])
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .context("cannot start policykg serve")?;
    let stdout = child.stdout.take().context("no stdout")?;
    let served = Served(child);
    let mut line = String::new();
    BufReader::new(stdout).read_line(&mut line)?;
    let addr = line
        .split("http://")
        .nth(1)
        .and_then(|r| r.split('/').next())
        .map(str::to_string)
        .with_context(|| format!("no address in `{line}`"))?;

    let urls: Vec<(bool, String)> = agencies
        .iter()
        .flat_map(|(iri, label)| {
            [
                (true, format!("http://{addr}/api/entity?id={}", enc(iri))),
                (
                    false,
                    format!(
                        "http://{addr}/api/query/agency-targets?agency={}",
                        enc(label)
                    ),
                ),
            ]
        })
        .collect();
    let deadline = Instant::now() + Duration::from_secs_f64(seconds);
    let started = Instant::now();
    let results: Vec<Vec<(bool, f64, bool)>> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..CLIENTS)
            .map(|c| {
                let urls = &urls;
                scope.spawn(move || {
                    let agent: ureq::Agent = ureq::Agent::config_builder()
                        .http_status_as_error(false)
                        .timeout_global(Some(Duration::from_secs(30)))
                        .build()
                        .into();
                    let mut seen = Vec::new();
                    let mut i = c;
                    while Instant::now() < deadline {
                        let (entity, url) = &urls[i % urls.len()];
                        i += 1;
                        let t = Instant::now();
                        let ok = match agent.get(url).call() {
                            Ok(mut r) => {
                                let status = r.status().as_u16();
                                r.body_mut().read_to_vec().is_ok() && status == 200
                            }
                            Err(_) => false,
                        };
                        seen.push((*entity, t.elapsed().as_secs_f64() * 1000.0, ok));
                    }
                    seen
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_default())
            .collect()
    });
    let elapsed = started.elapsed().as_secs_f64();
    drop(served);
    let all: Vec<(bool, f64, bool)> = results.into_iter().flatten().collect();
    let mut entity_ms: Vec<f64> = all.iter().filter(|r| r.0).map(|r| r.1).collect();
    let mut query_ms: Vec<f64> = all.iter().filter(|r| !r.0).map(|r| r.1).collect();
    entity_ms.sort_by(f64::total_cmp);
    query_ms.sort_by(f64::total_cmp);
    Ok(ServeLoad {
        seconds: elapsed,
        clients: CLIENTS,
        rps: all.len() as f64 / elapsed,
        errors: all.iter().filter(|r| !r.2).count(),
        entity_ms,
        query_ms,
        entity_ref_ms,
        query_ref_ms,
    })
}

impl ServeLoad {
    /// The p99 over every answer.
    pub fn p99_ms(&self) -> f64 {
        let mut all: Vec<f64> = self
            .entity_ms
            .iter()
            .chain(&self.query_ms)
            .copied()
            .collect();
        all.sort_by(f64::total_cmp);
        percentile(&all, 99.0)
    }

    /// The JSON keys (`serve_rps`, `serve_p99_ms`, …).
    pub fn insert_json(&self, m: &mut Map<String, Value>) {
        let pct = |v: &[f64], p: f64| json!(round(percentile(v, p), 3));
        m.insert("serve_seconds".into(), json!(round(self.seconds, 1)));
        m.insert("serve_clients".into(), json!(self.clients));
        m.insert("serve_rps".into(), json!(round(self.rps, 1)));
        m.insert("serve_p99_ms".into(), json!(round(self.p99_ms(), 3)));
        m.insert("serve_errors".into(), json!(self.errors));
        for (kind, v, reference) in [
            ("entity", &self.entity_ms, &self.entity_ref_ms),
            ("query", &self.query_ms, &self.query_ref_ms),
        ] {
            m.insert(format!("serve_{kind}_requests"), json!(v.len()));
            m.insert(format!("serve_{kind}_p50_ms"), pct(v, 50.0));
            m.insert(format!("serve_{kind}_p95_ms"), pct(v, 95.0));
            m.insert(format!("serve_{kind}_p99_ms"), pct(v, 99.0));
            m.insert(
                format!("serve_{kind}_inprocess_p50_ms"),
                pct(reference, 50.0),
            );
            m.insert(
                format!("serve_{kind}_vs_inprocess_p50"),
                json!(round(percentile(v, 50.0) / percentile(reference, 50.0), 2)),
            );
        }
    }

    /// `(figure, value)` rows for the Markdown table.
    pub fn markdown_rows(&self) -> Vec<(String, String)> {
        let cell = |v: &[f64]| {
            format!(
                "{:.1} / {:.1} / {:.1}",
                percentile(v, 50.0),
                percentile(v, 95.0),
                percentile(v, 99.0)
            )
        };
        vec![
            (
                format!(
                    "serve: {} clients for {:.0} s, answers per second ({} errors)",
                    self.clients, self.seconds, self.errors
                ),
                format!("{:.0}", self.rps),
            ),
            (
                format!(
                    "serve: entity page p50 / p95 / p99 ms ({} requests; in-process p50 {:.2} ms)",
                    self.entity_ms.len(),
                    percentile(&self.entity_ref_ms, 50.0)
                ),
                cell(&self.entity_ms),
            ),
            (
                format!(
                    "serve: bound agency-targets p50 / p95 / p99 ms ({} requests; in-process p50 {:.2} ms)",
                    self.query_ms.len(),
                    percentile(&self.query_ref_ms, 50.0)
                ),
                cell(&self.query_ms),
            ),
        ]
    }
}
