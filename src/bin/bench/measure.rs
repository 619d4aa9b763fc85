//! The measurements of one corpus: each function times one thing and
//! returns plain numbers; nothing here prints or decides pass/fail.

use std::fs::File;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Instant;

use aho_corasick::{AhoCorasickBuilder, MatchKind};
use anyhow::{bail, Context};
use oxigraph::io::{RdfFormat, RdfSerializer};
use oxigraph::store::Store;
use rayon::prelude::*;

use policykg::extract::gazetteer::Gazetteer;
use policykg::query::{self, Format, QuerySource, NAMED_QUERIES};
use policykg::store::KnowledgeStore;

/// A scratch directory removed (with everything in it) when dropped.
pub struct Scratch(PathBuf);

impl Scratch {
    /// A new, empty directory under the system's temporary directory.
    pub fn new(label: &str) -> anyhow::Result<Scratch> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!(
            "policykg-bench-{label}-{}-{nanos}",
            std::process::id()
        ));
        std::fs::create_dir_all(&dir)
            .with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Scratch(dir))
    }

    /// The directory.
    pub fn path(&self) -> &Path {
        &self.0
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// Seconds since `t`.
pub fn secs(t: Instant) -> f64 {
    t.elapsed().as_secs_f64()
}

/// Wall time and peak resident memory of one `policykg ingest` run.
pub struct IngestRun {
    /// Wall seconds from spawn to exit.
    pub seconds: f64,
    /// Peak RSS of the child in MiB.
    pub peak_rss_mb: f64,
}

/// The high-water mark of a process's resident memory (`VmHWM`), MiB.
fn peak_rss_mb(status: &Path) -> Option<f64> {
    let text = std::fs::read_to_string(status).ok()?;
    let line = text.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Runs `policykg --store STORE ingest CORPUS` as a child process and
/// follows its own peak RSS (`VmHWM` in `/proc`, read every 5 ms until it
/// exits). `wait4`'s `ru_maxrss` would not do: Linux carries the parent's
/// high-water mark over `exec`, so a child of a large bench process
/// reported the bench's memory, not its own.
pub fn run_ingest(
    binary: &Path,
    store: &Path,
    corpus: &Path,
    log: &Path,
) -> anyhow::Result<IngestRun> {
    let stderr = File::create(log).with_context(|| format!("cannot create {}", log.display()))?;
    let start = Instant::now();
    let mut child = Command::new(binary)
        .arg("--store")
        .arg(store)
        .arg("ingest")
        .arg(corpus)
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(stderr)
        .spawn()
        .with_context(|| format!("cannot run {}", binary.display()))?;
    // `spawn` returns once the child has exec'd: its memory is its own.
    let status_file = PathBuf::from(format!("/proc/{}/status", child.id()));
    let mut peak: f64 = 0.0;
    let status = loop {
        if let Some(mb) = peak_rss_mb(&status_file) {
            peak = peak.max(mb);
        }
        if let Some(status) = child.try_wait()? {
            break status;
        }
        std::thread::sleep(std::time::Duration::from_millis(5));
    };
    let seconds = secs(start);
    if !status.success() {
        let msg = std::fs::read_to_string(log).unwrap_or_default();
        bail!("policykg ingest failed ({status}): {}", msg.trim());
    }
    Ok(IngestRun {
        seconds,
        peak_rss_mb: peak,
    })
}

/// Extraction alone (read, parse, extract, map; no store), in parallel
/// across documents as ingest does. Returns seconds and quads produced.
pub fn time_extract(files: &[PathBuf]) -> anyhow::Result<(f64, usize)> {
    policykg::extract::gazetteer::Gazetteer::bundled()?;
    let start = Instant::now();
    let quads: policykg::Result<usize> = files
        .par_iter()
        .map(|p| policykg::ingest::prepare(p).map(|d| d.quads.len()))
        .sum();
    Ok((secs(start), quads?))
}

/// One Aho-Corasick pass of every gazetteer name over the same files (read
/// included, in parallel): the floor for finding names. Returns seconds
/// and matches.
pub fn time_scan(files: &[PathBuf]) -> anyhow::Result<(f64, usize)> {
    let gaz = Gazetteer::bundled()?;
    let names: Vec<&str> = gaz.entries.iter().flat_map(|e| e.names()).collect();
    let ac = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .build(&names)?;
    let start = Instant::now();
    let matches: std::io::Result<usize> = files
        .par_iter()
        .map(|p| std::fs::read_to_string(p).map(|t| ac.find_iter(&t).count()))
        .sum();
    Ok((secs(start), matches?))
}

/// Dumps every quad of the store at `store` as N-Quads into the file `out`
/// (streamed: a 10,000-report store does not fit in memory as text).
/// Returns the number of quads.
pub fn dump_nquads(store: &Path, out: &Path) -> anyhow::Result<usize> {
    let ks = KnowledgeStore::open_read_only(store)?;
    let file = File::create(out).with_context(|| format!("cannot create {}", out.display()))?;
    let mut writer = std::io::BufWriter::with_capacity(1 << 20, file);
    ks.oxigraph()
        .dump_to_writer(RdfSerializer::from_format(RdfFormat::NQuads), &mut writer)?;
    writer.flush()?;
    Ok(ks.len()?)
}

/// Oxigraph's own bulk loader, default settings, loading the N-Quads file
/// `nquads` into a fresh on-disk store at `dir` (open, read, load, commit,
/// flush).
pub fn time_bulk_load(dir: &Path, nquads: &Path) -> anyhow::Result<f64> {
    let start = Instant::now();
    let store = Store::open(dir)?;
    let file = File::open(nquads).with_context(|| format!("cannot open {}", nquads.display()))?;
    let mut loader = store.bulk_loader();
    loader.load_from_reader(
        RdfFormat::NQuads,
        std::io::BufReader::with_capacity(1 << 20, file),
    )?;
    loader.commit()?;
    store.flush()?;
    drop(store);
    Ok(secs(start))
}

/// Latencies of one named query, in milliseconds, sorted.
pub struct QueryTimes {
    /// The query's name in `queries/`.
    pub name: &'static str,
    /// Rows of its answer.
    pub rows: usize,
    /// Each timed run, ascending (empty when the probe stopped it).
    pub ms: Vec<f64>,
    /// Why it was not (fully) timed.
    pub note: Option<String>,
}

/// Probes every named query in a child process (see [`probe_query`]); each
/// that finishes is run once more to warm up and count rows, then `runs`
/// times in this process, each written as SPARQL results JSON to a sink
/// (parsing, evaluation and serialisation are all timed). A query stops
/// early, with a note, when its runs pass `budget_s` seconds.
pub fn time_queries(
    binary: &Path,
    store_path: &Path,
    store: &Store,
    runs: usize,
    timeout_s: f64,
    budget_s: f64,
) -> anyhow::Result<Vec<QueryTimes>> {
    let mut out = Vec::new();
    for (name, text) in NAMED_QUERIES {
        if let Probe::Stopped(why) = probe_query(binary, store_path, name, timeout_s, 2048.0)? {
            out.push(QueryTimes {
                name,
                rows: 0,
                ms: Vec::new(),
                note: Some(why),
            });
            continue;
        }
        let source = QuerySource {
            origin: format!("queries/{name}.rq"),
            text: text.to_string(),
        };
        out.push(time_query(store, name, &source, runs, budget_s)?);
    }
    Ok(out)
}

/// Runs `source` once to warm up and count rows, then `runs` times written
/// as SPARQL results JSON to a sink, stopping (with a note) after `budget_s`.
fn time_query(
    store: &Store,
    name: &'static str,
    source: &QuerySource,
    runs: usize,
    budget_s: f64,
) -> anyhow::Result<QueryTimes> {
    let mut counter = LineCounter(0);
    query::run(store, source, Format::Tsv, &mut counter)?;
    let mut ms = Vec::with_capacity(runs);
    let start = Instant::now();
    let mut note = None;
    for _ in 0..runs {
        let t = Instant::now();
        query::run(store, source, Format::Json, &mut std::io::sink())?;
        ms.push(secs(t) * 1000.0);
        if secs(start) > budget_s && ms.len() < runs {
            note = Some(format!("only {} runs within {budget_s:.0} s", ms.len()));
            break;
        }
    }
    ms.sort_by(f64::total_cmp);
    Ok(QueryTimes {
        name,
        rows: counter.0.saturating_sub(1),
        ms,
        note,
    })
}

/// The floor under the listing queries: one triple pattern, no join, no
/// filter, no sort (`?t pk:setBy ?a`, every target with its agency, which
/// agency-targets must list at least), timed as the named queries are.
/// What is left of a query's time above it is joins, filters and sorting;
/// this part is the store's: reading the index and decoding each term.
pub fn time_floor_query(store: &Store, runs: usize, budget_s: f64) -> anyhow::Result<QueryTimes> {
    let source = QuerySource {
        origin: "bench floor".into(),
        text: "SELECT ?t ?a WHERE { ?t pk:setBy ?a }".into(),
    };
    time_query(store, "floor: ?t pk:setBy ?a", &source, runs, budget_s)
}

/// Seconds to build the whole entity graph from the store, as `export`
/// does before writing anything (in this process, store opened read-only).
pub fn time_export_read(store: &Path) -> anyhow::Result<f64> {
    let ks = KnowledgeStore::open_read_only(store)?;
    let start = Instant::now();
    let graph = policykg::export::EntityGraph::build(
        ks.oxigraph(),
        &policykg::export::GraphOptions {
            depth: 1,
            ..Default::default()
        },
    )?;
    let seconds = secs(start);
    drop(graph);
    Ok(seconds)
}

/// The Korean label of the agency that set the most targets: the largest
/// answer a query bound to one agency can have.
pub fn busiest_agency(store: &Store) -> anyhow::Result<Option<String>> {
    let source = QuerySource {
        origin: "bench".into(),
        text: "SELECT ?label (COUNT(?t) AS ?n) WHERE { ?t pk:setBy ?a . ?a rdfs:label ?label . FILTER(lang(?label) = \"ko\") } GROUP BY ?label ORDER BY DESC(?n) ?label LIMIT 1".into(),
    };
    let mut out = Vec::new();
    query::run(store, &source, Format::Tsv, &mut out)?;
    let text = String::from_utf8_lossy(&out);
    Ok(text.lines().nth(1).and_then(|row| {
        let cell = row.split('\t').next()?;
        let label = cell.strip_prefix('"')?.split("\"@").next()?;
        Some(label.to_string())
    }))
}

/// Latencies of every named query that has an `?agency` variable, bound
/// (`--param agency=LABEL`) to one agency: what exploring one body costs.
pub fn time_bound_queries(
    store: &Store,
    agency: &str,
    runs: usize,
    budget_s: f64,
) -> anyhow::Result<Vec<QueryTimes>> {
    let mut out = Vec::new();
    for (name, text) in NAMED_QUERIES {
        let mut source = QuerySource {
            origin: format!("queries/{name}.rq"),
            text: text.to_string(),
        };
        if query::bind(&mut source, &[("agency".to_string(), agency.to_string())]).is_err() {
            continue; // no ?agency in this query
        }
        out.push(time_query(store, name, &source, runs, budget_s)?);
    }
    Ok(out)
}

/// Counts lines written (rows of a TSV answer).
struct LineCounter(usize);

impl Write for LineCounter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0 += buf.iter().filter(|&&b| b == b'\n').count();
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// The nearest-rank percentile `p` (0–100) of ascending `sorted`.
pub fn percentile(sorted: &[f64], p: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let rank = ((p / 100.0) * sorted.len() as f64).ceil() as usize;
    sorted[rank.clamp(1, sorted.len()) - 1]
}

/// What the GEXF export of the whole graph cost and produced.
pub struct ExportRun {
    /// Seconds of `policykg export -f gexf` for the whole graph, or why it was stopped.
    pub seconds: Result<f64, String>,
    /// Nodes written.
    pub nodes: usize,
    /// Edges written.
    pub edges: usize,
}

/// Runs `policykg export` of the whole graph as GEXF to `gexf` (timed,
/// stopped after `timeout_s`), then as GraphML to `graphml` (for networkx).
pub fn time_export(
    binary: &Path,
    store: &Path,
    gexf: &Path,
    graphml: &Path,
    timeout_s: f64,
) -> anyhow::Result<ExportRun> {
    let export = |format: &str, out: &Path| -> anyhow::Result<Probe> {
        let mut cmd = Command::new(binary);
        cmd.arg("--store")
            .arg(store)
            .args(["export", "--format", format, "--output"])
            .arg(out);
        run_watched(cmd, timeout_s, 16384.0)
    };
    let seconds = match export("gexf", gexf)? {
        Probe::Done(s) => Ok(s),
        Probe::Stopped(why) => {
            return Ok(ExportRun {
                seconds: Err(why),
                nodes: 0,
                edges: 0,
            })
        }
    };
    export("graphml", graphml)?;
    let text = std::fs::read_to_string(gexf).unwrap_or_default();
    Ok(ExportRun {
        seconds,
        nodes: text.matches("<node ").count(),
        edges: text.matches("<edge ").count(),
    })
}

const NETWORKX_SCRIPT: &str = r#"
import sys, time
import networkx as nx
g = nx.read_graphml(sys.argv[1])
start = time.perf_counter()
nx.write_gexf(g, sys.argv[2])
print(time.perf_counter() - start, g.number_of_nodes(), g.number_of_edges())
"#;

/// Seconds networkx's `write_gexf` takes for the graph read from `graphml`
/// (reading is not timed), or why it could not run.
pub fn time_networkx(graphml: &Path, gexf: &Path) -> Result<f64, String> {
    let python = std::env::var_os("PYTHON").unwrap_or_else(|| "python3".into());
    let out = Command::new(&python)
        .arg("-c")
        .arg(NETWORKX_SCRIPT)
        .arg(graphml)
        .arg(gexf)
        .output()
        .map_err(|e| format!("cannot run {}: {e}", python.to_string_lossy()))?;
    if !out.status.success() {
        let err = String::from_utf8_lossy(&out.stderr);
        return Err(err.lines().last().unwrap_or("python failed").to_string());
    }
    let text = String::from_utf8_lossy(&out.stdout);
    text.split_whitespace()
        .next()
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("unexpected output from python: {text}"))
}

/// How a query's first run in a child process ended.
pub enum Probe {
    /// It finished in this many seconds.
    Done(f64),
    /// It was stopped: why.
    Stopped(String),
}

/// Runs `policykg query NAME` once in a child process, stopping it after
/// `timeout_s` seconds or above `max_rss_mb` of resident memory, so a
/// runaway query cannot take the machine down before it is timed in process.
pub fn probe_query(
    binary: &Path,
    store: &Path,
    name: &str,
    timeout_s: f64,
    max_rss_mb: f64,
) -> anyhow::Result<Probe> {
    let mut cmd = Command::new(binary);
    cmd.arg("--store")
        .arg(store)
        .args(["query", name, "--format", "json"]);
    run_watched(cmd, timeout_s, max_rss_mb)
}

/// Runs `cmd` (output discarded), timing it and stopping it after
/// `timeout_s` seconds or above `max_rss_mb` of resident memory.
pub fn run_watched(mut cmd: Command, timeout_s: f64, max_rss_mb: f64) -> anyhow::Result<Probe> {
    let what = format!(
        "{:?}",
        cmd.get_args()
            .map(|a| a.to_string_lossy())
            .collect::<Vec<_>>()
            .join(" ")
    );
    let start = Instant::now();
    let mut child = cmd
        .stdin(Stdio::null())
        .stdout(Stdio::null())
        .stderr(Stdio::piped())
        .spawn()
        .with_context(|| format!("cannot run {what}"))?;
    let statm = PathBuf::from(format!("/proc/{}/statm", child.id()));
    loop {
        if let Some(status) = child.try_wait()? {
            if !status.success() {
                let mut err = String::new();
                if let Some(mut e) = child.stderr.take() {
                    let _ = std::io::Read::read_to_string(&mut e, &mut err);
                }
                bail!("{what} failed: {}", err.trim());
            }
            return Ok(Probe::Done(secs(start)));
        }
        let rss_mb = std::fs::read_to_string(&statm)
            .ok()
            .and_then(|s| {
                s.split_whitespace()
                    .nth(1)
                    .and_then(|p| p.parse::<f64>().ok())
            })
            .map_or(0.0, |pages| pages * 4096.0 / (1024.0 * 1024.0));
        let why = if secs(start) > timeout_s {
            Some(format!("stopped after {timeout_s:.0} s"))
        } else if rss_mb > max_rss_mb {
            Some(format!(
                "stopped at {rss_mb:.0} MiB after {:.1} s",
                secs(start)
            ))
        } else {
            None
        };
        if let Some(why) = why {
            let _ = child.kill();
            let _ = child.wait();
            return Ok(Probe::Stopped(why));
        }
        std::thread::sleep(std::time::Duration::from_millis(10));
    }
}
