//! The corpus-scale benchmark: `cargo run --release --bin bench -- --reports N`.
//!
//! It generates a deterministic corpus ([`corpus`], scale tests only), runs
//! the release `policykg ingest` on it as a child process, and measures
//! against floors: Oxigraph's own bulk loader on the same quads, one
//! Aho-Corasick pass of the gazetteer names over the same text, and
//! networkx's `write_gexf` on the same graph; then the named queries'
//! latencies. Results go to `target/bench/report.json` (flat keys) and
//! `target/bench/report.md` (also printed). With `--scaling` the figures
//! are also taken at 100, 1,000 and 10,000 reports and stored under
//! `scaling` → `"100"`, `"1000"`, `"10000"` (same keys), with
//! `ingest_per_report_growth_1k_10k`. Last, the store is pushed to a local
//! `oxigraph serve` and timed against a dump of it to a file. Every temporary store and corpus is
//! deleted at the end.
//!
//! It holds no product code (it times the library and the release binary)
//! and checks no number against a threshold; its allocator is the
//! `policykg` binary's (`src/allocator.rs`).

// the allocator of the `policykg` binary, tuned as it is, so the timings
// are the product's
#[path = "../allocator.rs"]
mod allocator;
#[path = "bench/corpus.rs"]
mod corpus;
#[path = "bench/measure.rs"]
mod measure;
#[path = "bench/push.rs"]
mod push;
#[path = "bench/report.rs"]
mod report;
#[path = "bench/serve_load.rs"]
mod serve_load;

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use anyhow::{bail, Context};
use serde_json::{json, Value};

use measure::Scratch;
use report::Figures;

/// Corpus sizes of `--scaling`.
const SCALING_SIZES: &[u64] = &[100, 1_000, 10_000];

/// A named query still running after this long in its probe is stopped
/// (and reported) rather than timed.
const QUERY_TIMEOUT_S: f64 = 20.0;

/// Timed runs of one query stop after this long (fewer than 20, noted).
const QUERY_BUDGET_S: f64 = 60.0;

/// The GEXF export is stopped (and reported) after this long.
const EXPORT_TIMEOUT_S: f64 = 300.0;

const USAGE: &str = "usage: bench [--reports N] [--scaling] [--seed S] [--query-runs R] [--serve-seconds S] [--out DIR] [--write-corpus DIR]";

struct Options {
    reports: u64,
    scaling: bool,
    seed: u64,
    query_runs: usize,
    /// Seconds of load on `policykg serve` (0: none).
    serve_seconds: f64,
    out: PathBuf,
    /// Only write the corpus here (for profiling) and stop.
    write_corpus: Option<PathBuf>,
}

fn parse_args() -> anyhow::Result<Options> {
    let mut o = Options {
        reports: 1_000,
        scaling: false,
        seed: 42,
        query_runs: 20,
        serve_seconds: 30.0,
        out: PathBuf::from("target/bench"),
        write_corpus: None,
    };
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| {
            args.next()
                .with_context(|| format!("{name} needs a value; {USAGE}"))
        };
        match a.as_str() {
            "--reports" => {
                o.reports = value("--reports")?
                    .parse()
                    .context("--reports: not a number")?
            }
            "--seed" => o.seed = value("--seed")?.parse().context("--seed: not a number")?,
            "--query-runs" => {
                o.query_runs = value("--query-runs")?
                    .parse()
                    .context("--query-runs: not a number")?
            }
            "--serve-seconds" => {
                o.serve_seconds = value("--serve-seconds")?
                    .parse()
                    .context("--serve-seconds: not a number")?
            }
            "--out" => o.out = PathBuf::from(value("--out")?),
            "--scaling" => o.scaling = true,
            "--write-corpus" => o.write_corpus = Some(PathBuf::from(value("--write-corpus")?)),
            "--bench" => {} // passed by `cargo bench`
            "-h" | "--help" => {
                println!("{USAGE}");
                std::process::exit(0);
            }
            other => bail!("unknown argument `{other}`; {USAGE}"),
        }
    }
    if o.reports == 0 {
        bail!("--reports must be at least 1");
    }
    o.query_runs = o.query_runs.max(20);
    Ok(o)
}

fn main() -> ExitCode {
    allocator::tune();
    match run() {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("bench: error: {e:#}");
            ExitCode::FAILURE
        }
    }
}

fn run() -> anyhow::Result<()> {
    let o = parse_args()?;
    if let Some(dir) = &o.write_corpus {
        let files = corpus::write_corpus(dir, o.reports, o.seed)
            .with_context(|| format!("cannot write the corpus to {}", dir.display()))?;
        eprintln!("bench: wrote {} reports to {}", files.len(), dir.display());
        return Ok(());
    }
    let binary = policykg_binary()?;
    let mut sizes = vec![o.reports];
    if o.scaling {
        sizes.extend(SCALING_SIZES.iter().filter(|s| **s != o.reports));
        sizes.sort_unstable();
    }
    let mut runs = Vec::new();
    for &n in &sizes {
        eprintln!("bench: {n} reports …");
        // the server is loaded on the main corpus only
        let serve_seconds = if n == o.reports { o.serve_seconds } else { 0.0 };
        runs.push(measure_corpus(
            &binary,
            n,
            o.seed,
            o.query_runs,
            serve_seconds,
        )?);
    }
    let main = runs
        .iter()
        .find(|f| f.reports == o.reports)
        .context("main run missing")?;
    let mut json = main.to_json();
    json.insert("seed".into(), json!(o.seed));
    json.insert(
        "threads".into(),
        json!(std::thread::available_parallelism().map_or(1, |n| n.get())),
    );
    let mut md = format!(
        "## policykg corpus benchmark: {} reports (seed {})\n\n{}",
        o.reports,
        o.seed,
        main.markdown()
    );
    if o.scaling {
        let per = |n: u64| {
            runs.iter()
                .find(|f| f.reports == n)
                .map(Figures::ingest_ms_per_report)
        };
        let growth = per(1_000).zip(per(10_000)).map(|(a, b)| b / a - 1.0);
        json.insert(
            "ingest_per_report_growth_1k_10k".into(),
            json!(growth.map(|g| report::round(g, 4))),
        );
        json.insert(
            "scaling".into(),
            Value::Object(
                runs.iter()
                    .map(|f| (f.reports.to_string(), Value::Object(f.to_json())))
                    .collect(),
            ),
        );
        md.push_str(&format!(
            "\n### Scaling\n\n{}",
            report::scaling_markdown(&runs)
        ));
        if let Some(g) = growth {
            let met = if g < 0.30 { "yes" } else { "**no**" };
            md.push_str(&format!(
                "\ningest per report, 1,000 → 10,000 reports: {:+.1}% (goal < +30%: {met})\n",
                g * 100.0
            ));
        }
    }
    std::fs::create_dir_all(&o.out)
        .with_context(|| format!("cannot create {}", o.out.display()))?;
    let json_path = o.out.join("report.json");
    std::fs::write(
        &json_path,
        serde_json::to_string_pretty(&Value::Object(json))? + "\n",
    )
    .with_context(|| format!("cannot write {}", json_path.display()))?;
    let md_path = o.out.join("report.md");
    std::fs::write(&md_path, &md).with_context(|| format!("cannot write {}", md_path.display()))?;
    println!("{md}");
    println!("written: {}, {}", json_path.display(), md_path.display());
    Ok(())
}

/// The release `policykg` next to this binary, rebuilt first when run
/// through cargo so it matches the sources.
fn policykg_binary() -> anyhow::Result<PathBuf> {
    let exe = std::env::current_exe().context("cannot locate the bench binary")?;
    let dir = exe.parent().context("bench binary has no directory")?;
    if let Some(cargo) = std::env::var_os("CARGO") {
        let status = std::process::Command::new(cargo)
            .args(["build", "--release", "--quiet", "--bin", "policykg"])
            .status()
            .context("cannot run cargo build")?;
        if !status.success() {
            bail!("cargo build --release --bin policykg failed");
        }
    }
    let bin = dir.join(format!("policykg{}", std::env::consts::EXE_SUFFIX));
    if !bin.exists() {
        bail!(
            "{} is missing: run `cargo build --release` first",
            bin.display()
        );
    }
    Ok(bin)
}

fn corpus_bytes(files: &[PathBuf]) -> u64 {
    files
        .iter()
        .filter_map(|p| std::fs::metadata(p).ok())
        .map(|m| m.len())
        .sum()
}

/// The percentiles of one query's timed runs.
fn query_figure(q: measure::QueryTimes) -> report::QueryFigure {
    report::QueryFigure {
        name: q.name.to_string(),
        rows: q.rows,
        runs: q.ms.len(),
        p50_ms: (!q.ms.is_empty()).then(|| measure::percentile(&q.ms, 50.0)),
        p95_ms: (!q.ms.is_empty()).then(|| measure::percentile(&q.ms, 95.0)),
        note: q.note,
    }
}

/// Every figure for one corpus of `n` reports.
fn measure_corpus(
    binary: &Path,
    n: u64,
    seed: u64,
    query_runs: usize,
    serve_seconds: f64,
) -> anyhow::Result<Figures> {
    let scratch = Scratch::new(&n.to_string())?;
    let dir = scratch.path();
    let corpus_dir = dir.join("corpus");
    let files = corpus::write_corpus(&corpus_dir, n, seed).context("cannot write the corpus")?;
    let corpus_mb = corpus_bytes(&files) as f64 / (1024.0 * 1024.0);

    let (scan_s, _) = measure::time_scan(&files)?;
    let (extract_s, _) = measure::time_extract(&files)?;
    eprintln!("bench:   extract {extract_s:.2} s, scan {scan_s:.3} s");

    let store = dir.join("store");
    let ingest = measure::run_ingest(binary, &store, &corpus_dir, &dir.join("ingest.log"))?;
    eprintln!(
        "bench:   ingest {:.2} s, peak RSS {:.0} MiB",
        ingest.seconds, ingest.peak_rss_mb
    );

    let nquads = dir.join("store.nq");
    let quads = measure::dump_nquads(&store, &nquads)?;
    let bulk_load_s = measure::time_bulk_load(&dir.join("bulk"), &nquads)?;
    std::fs::remove_file(&nquads).ok();
    eprintln!("bench:   bulk load {bulk_load_s:.2} s ({quads} quads)");

    let ks = policykg::store::KnowledgeStore::open_read_only(&store)?;
    let queries = measure::time_queries(
        binary,
        &store,
        ks.oxigraph(),
        query_runs,
        QUERY_TIMEOUT_S,
        QUERY_BUDGET_S,
    )?
    .into_iter()
    .map(query_figure)
    .collect();
    let bound_agency = measure::busiest_agency(ks.oxigraph())?;
    let bound = match &bound_agency {
        Some(agency) => {
            measure::time_bound_queries(ks.oxigraph(), agency, query_runs, QUERY_BUDGET_S)?
                .into_iter()
                .map(query_figure)
                .collect()
        }
        None => Vec::new(),
    };
    let query_floor = query_figure(measure::time_floor_query(
        ks.oxigraph(),
        query_runs,
        QUERY_BUDGET_S,
    )?);
    drop(ks);
    let export_read_s = measure::time_export_read(&store)?;
    let graphml = dir.join("graph.graphml");
    let export = measure::time_export(
        binary,
        &store,
        &dir.join("graph.gexf"),
        &graphml,
        EXPORT_TIMEOUT_S,
    )?;
    eprintln!("bench:   export {:?}", export.seconds);
    // last: the push records its state in the store
    let push = push::time_push(binary, &store, dir);
    match &push {
        Ok(p) => eprintln!("bench:   push {:.2} s, dump {:.2} s", p.push_s, p.dump_s),
        Err(why) => eprintln!("bench:   push skipped: {why}"),
    }
    let networkx_s = if export.seconds.is_ok() {
        measure::time_networkx(&graphml, &dir.join("networkx.gexf"))
    } else {
        Err("no GraphML export to read".into())
    };
    let serve = if serve_seconds > 0.0 {
        // a tiny corpus (the tests' smoke run) gets a short load
        let seconds = if n < 100 {
            serve_seconds.min(2.0)
        } else {
            serve_seconds
        };
        eprintln!("bench:   serve load, {seconds} s …");
        Ok(serve_load::run(binary, &store, seconds).context("serve load")?)
    } else {
        Err("not run (--serve-seconds 0, or not the main corpus)".into())
    };
    Ok(Figures {
        reports: n,
        corpus_mb,
        quads,
        ingest_s: ingest.seconds,
        ingest_peak_rss_mb: ingest.peak_rss_mb,
        bulk_load_s,
        extract_s,
        scan_s,
        queries,
        bound_queries: (bound_agency, bound),
        query_floor,
        export_read_s,
        export_gexf_s: export.seconds,
        export_nodes: export.nodes,
        export_edges: export.edges,
        networkx_s,
        push,
        serve,
    })
}
