//! `policykg push` against real SPARQL servers started for the test:
//! `oxigraph serve` (Graph Store Protocol and SPARQL Update) and Virtuoso
//! (SPARQL Update and its Graph Store endpoint). The sample and the fixture
//! reports of `tests/extraction/` are pushed; the named queries asked over
//! HTTP answer what `policykg query` answers locally; pushing again leaves
//! the same quads; a changed report replaces its remote graph. The bad
//! cases go through a fault-injecting proxy in front of the real server,
//! and a re-run then completes the push.

mod common;
mod remote;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::Output;

use common::{ingest, policykg, run_ok, SAMPLE};
use oxigraph::io::{RdfFormat, RdfParser};
use policykg::rdf::vocab;
use policykg::store::KnowledgeStore;
use remote::fault::{self, Fault};
use tempfile::TempDir;

/// The texts pushed: the sample and every fixture report.
fn texts() -> Vec<PathBuf> {
    let mut files = vec![PathBuf::from(SAMPLE)];
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction");
    let mut fixtures: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("fixtures")
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    fixtures.sort();
    files.extend(fixtures);
    files
}

/// A store holding the sample and the fixture texts.
fn corpus_store() -> (TempDir, PathBuf) {
    let dir = TempDir::new().expect("tempdir");
    let store = dir.path().join("store");
    let files = texts();
    let refs: Vec<&Path> = files.iter().map(PathBuf::as_path).collect();
    let out = ingest(&store, &refs);
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    (dir, store)
}

/// The local data graphs and their triples, as N-Triples lines.
fn local_graphs(store: &Path) -> Vec<(String, BTreeSet<String>)> {
    let s = KnowledgeStore::open_read_only(store).expect("store");
    s.data_graphs()
        .expect("graphs")
        .into_iter()
        .map(|g| {
            let triples = s
                .graph_quads(g.as_ref())
                .expect("quads")
                .iter()
                .map(|q| oxigraph::model::TripleRef::from(q.as_ref()).to_string())
                .collect();
            (g.as_str().to_string(), triples)
        })
        .collect()
}

fn local_quad_count(store: &Path) -> usize {
    local_graphs(store).iter().map(|(_, t)| t.len()).sum()
}

/// The graph the union is pushed to (`--union-graph`).
const UNION: &str = "https://w3id.org/policykg/id/union";

/// Quads in the remote named graphs of policykg, the union graph left out.
fn remote_quad_count(query_endpoint: &str) -> usize {
    remote::count(
        query_endpoint,
        &format!(
            "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} \
             FILTER(STRSTARTS(STR(?g), \"https://w3id.org/policykg/\") && ?g != <{UNION}>) }}"
        ),
    )
}

/// Triples of the store's union default graph.
fn local_union_count(store: &Path) -> usize {
    KnowledgeStore::open_read_only(store)
        .expect("store")
        .graph_iter(oxigraph::model::GraphNameRef::DefaultGraph)
        .count()
}

fn push(store: &Path, args: &[&str]) -> Output {
    policykg(store)
        .arg("push")
        .args(args)
        .output()
        .expect("runs")
}

/// The numbers in `pushed N graphs (T triples, …) …; U unchanged`.
fn pushed(out: &Output) -> (usize, usize) {
    let text = String::from_utf8_lossy(&out.stdout).to_string();
    let nums: Vec<usize> = text
        .split(|c: char| !c.is_ascii_digit())
        .filter_map(|w| w.parse().ok())
        .collect();
    let unchanged = text
        .rsplit("; ")
        .next()
        .and_then(|t| t.split_whitespace().next())
        .and_then(|n| n.parse().ok())
        .unwrap_or_else(|| panic!("no summary in {text}"));
    (nums[0], unchanged)
}

/// A one-line error on stderr, containing `needle`, and a failure exit.
fn assert_one_line_error(out: &Output, needle: &str) {
    assert!(
        !out.status.success(),
        "succeeded: {}",
        String::from_utf8_lossy(&out.stdout)
    );
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "not one line: {err}");
    assert!(lines[0].starts_with("policykg: error: "), "{err}");
    assert!(lines[0].contains(needle), "`{needle}` not in: {err}");
}

/// A term of the W3C JSON results, comparable across servers.
fn term(v: &serde_json::Value) -> String {
    let kind = v["type"].as_str().unwrap_or("");
    let kind = if kind == "typed-literal" {
        "literal"
    } else {
        kind
    };
    format!(
        "{kind}|{}|{}|{}",
        v["value"].as_str().unwrap_or(""),
        v["datatype"].as_str().unwrap_or(""),
        v["xml:lang"].as_str().unwrap_or("").to_ascii_lowercase()
    )
}

/// Rows as sorted strings of their terms.
fn row_set(rows: &[serde_json::Map<String, serde_json::Value>]) -> Vec<String> {
    let mut out: Vec<String> = rows
        .iter()
        .map(|r| {
            let mut cells: Vec<String> =
                r.iter().map(|(k, v)| format!("{k}={}", term(v))).collect();
            cells.sort();
            cells.join(" ")
        })
        .collect();
    out.sort();
    out
}

fn local_rows(store: &Path, name: &str) -> Vec<serde_json::Map<String, serde_json::Value>> {
    let out = run_ok(policykg(store).args(["query", "--format", "json", name]));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    v["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| b.as_object().cloned().unwrap_or_default())
        .collect()
}

/// The triples of one remote graph, fetched with the Graph Store Protocol.
fn remote_graph(base: &str, graph: &str) -> BTreeSet<String> {
    let agent: ureq::Agent = ureq::Agent::config_builder().build().into();
    let mut r = agent
        .get(format!("{base}/store"))
        .query("graph", graph)
        .header("Accept", "application/n-triples")
        .call()
        .expect("GET graph");
    let body = r.body_mut().read_to_vec().expect("body");
    RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(&body)
        .map(|q| oxigraph::model::TripleRef::from(q.expect("N-Triples").as_ref()).to_string())
        .collect()
}

#[test]
fn the_corpus_pushed_to_oxigraph_answers_the_named_queries_as_the_local_store() {
    let Some(server) = remote::oxigraph() else {
        return;
    };
    let (dir, store) = corpus_store();
    let endpoint = format!("{}/store", server.base);
    let query = format!("{}/query", server.base);
    let push_args = ["push", "--endpoint", &endpoint, "--union-graph", UNION];

    let out = run_ok(policykg(&store).args(push_args));
    let local = local_graphs(&store);
    // every report graph, the ontology's and the union
    assert_eq!(pushed(&out), (local.len() + 1, 0));
    let quads = local_quad_count(&store);
    assert_eq!(remote_quad_count(&query), quads);

    // the named queries over HTTP, on the pushed union (and the report
    // graphs, for `GRAPH ?g`), answer row for row as `policykg query` does;
    // on the server's union default graph (a bag: a triple two reports
    // state is there twice) they give the same set of rows
    let dataset: Vec<(&str, &str)> = std::iter::once(("default-graph-uri", UNION))
        .chain(local.iter().map(|(g, _)| ("named-graph-uri", g.as_str())))
        .collect();
    // the SELECT queries (a CONSTRUCT such as `gephi-graph` answers a graph)
    for (name, text) in policykg::query::NAMED_QUERIES
        .iter()
        .filter(|(_, text)| text.contains("SELECT"))
    {
        let text = format!("{}{text}", vocab::SPARQL_PREFIXES);
        let here = row_set(&local_rows(&store, name));
        assert!(!here.is_empty(), "{name}: no local rows");
        assert_eq!(
            row_set(&remote::select_in(&query, &text, &dataset)),
            here,
            "{name}"
        );
        let mut bag = row_set(&remote::select(&query, &text));
        bag.dedup();
        let mut set = here.clone();
        set.dedup();
        assert_eq!(bag, set, "{name} on --union-default-graph");
    }

    // pushing again replaces: the same quads, not twice as many
    let out = run_ok(policykg(&store).args(push_args));
    assert_eq!(pushed(&out).0, local.len() + 1);
    assert_eq!(remote_quad_count(&query), quads);

    // incremental: nothing changed, nothing sent
    let incremental = [
        "push",
        "--incremental",
        "--endpoint",
        &endpoint,
        "--union-graph",
        UNION,
    ];
    let out = run_ok(policykg(&store).args(incremental));
    assert_eq!(pushed(&out), (0, local.len() + 1));

    // a report re-ingested with a change: only its graph (and the union) is
    // sent, and it replaces the remote one
    let changed = dir.path().join("kostec-weekly-2023-11-03.md");
    let text = std::fs::read_to_string(SAMPLE).expect("sample");
    assert!(text.contains("8,000억 위안"));
    let text = text
        .replace("8,000억 위안", "9,000억 위안")
        .replace("8000억 위안", "9000억 위안");
    std::fs::write(&changed, text).expect("write");
    run_ok(policykg(&store).arg("ingest").arg(&changed));
    let out = run_ok(policykg(&store).args(incremental));
    assert_eq!(pushed(&out), (2, local.len() - 1));
    let report = policykg::rdf::iri::report("kostec-weekly-2023-11-03.md");
    let after = local_graphs(&store);
    let (_, triples) = after
        .iter()
        .find(|(g, _)| g == report.as_str())
        .expect("report graph");
    assert_eq!(&remote_graph(&server.base, report.as_str()), triples);
    assert_eq!(remote_quad_count(&query), local_quad_count(&store));
    let in_union = |q: &str| {
        remote::count(
            &query,
            &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{UNION}> {{ {q} }} }}"),
        )
    };
    assert_eq!(in_union("?s ?p ?o"), local_union_count(&store));
    assert_eq!(
        in_union("?t <https://w3id.org/policykg/ontology#value> ?v FILTER(?v = 900000000000)"),
        1
    );
    // the old value is gone from the changed report's remote graph (other
    // fixture reports state 8,000억 위안 too)
    assert_eq!(
        remote::count(
            &query,
            &format!(
                "SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{}> {{ ?t <https://w3id.org/policykg/ontology#value> ?v FILTER(?v = 800000000000) }} }}",
                report.as_str()
            ),
        ),
        0
    );
}

#[test]
fn sparql_update_reaches_oxigraph_and_replaces() {
    let Some(server) = remote::oxigraph() else {
        return;
    };
    let (_dir, store) = corpus_store();
    let query = format!("{}/query", server.base);
    let update = format!("{}/update", server.base);
    let args = ["push", "--update-endpoint", &update];
    let out = run_ok(policykg(&store).args(args));
    assert_eq!(pushed(&out).0, local_graphs(&store).len());
    assert_eq!(remote_quad_count(&query), local_quad_count(&store));
    // again: replaced, not added
    run_ok(policykg(&store).args(args));
    assert_eq!(remote_quad_count(&query), local_quad_count(&store));
    // the ontology's blank nodes arrived as the store has them (one request)
    let local = local_graphs(&store);
    let (g, ontology) = local
        .iter()
        .find(|(g, _)| g == vocab::ONTOLOGY_GRAPH)
        .expect("ontology graph");
    let blank = ontology.iter().filter(|t| t.contains("_:")).count();
    let remote_blank = remote::count(
        &query,
        &format!("SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{g}> {{ ?s ?p ?o FILTER(isBlank(?s) || isBlank(?o)) }} }}"),
    );
    assert_eq!(remote_blank, blank);
}

#[test]
fn the_corpus_pushed_to_virtuoso_has_every_quad_once() {
    let Some(server) = remote::virtuoso() else {
        return;
    };
    let (_dir, store) = corpus_store();
    let sparql = format!("{}/sparql", server.base);
    let quads = local_quad_count(&store);
    let out = run_ok(policykg(&store).args(["push", "--update-endpoint", &sparql]));
    assert_eq!(pushed(&out).0, local_graphs(&store).len());
    assert_eq!(remote_quad_count(&sparql), quads);
    // its Graph Store endpoint replaces the same graphs
    let crud = format!("{}/sparql-graph-crud", server.base);
    run_ok(policykg(&store).args(["push", "--endpoint", &crud]));
    assert_eq!(remote_quad_count(&sparql), quads);
    // a target as the local store has it
    let target = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?t <https://w3id.org/policykg/ontology#setBy> ?a . \
                  ?a <http://www.w3.org/2000/01/rdf-schema#label> \"국무원\"@ko } }";
    let local = local_rows(&store, &format!("{}{target}", vocab::SPARQL_PREFIXES));
    let want: usize = local[0]["n"]["value"]
        .as_str()
        .expect("n")
        .parse()
        .expect("number");
    assert!(want > 0);
    assert_eq!(remote::count(&sparql, target), want);
}

#[test]
fn a_server_that_is_down_fails_in_one_line() {
    let dir = TempDir::new().expect("tempdir");
    let store = dir.path().join("store");
    assert!(ingest(&store, &[Path::new(SAMPLE)]).status.success());
    let port = remote::free_port();
    let out = push(
        &store,
        &[
            "--endpoint",
            &format!("http://127.0.0.1:{port}/store"),
            "--retries",
            "2",
            "--retry-delay-ms",
            "10",
        ],
    );
    assert_one_line_error(&out, "connection refused");
    assert!(String::from_utf8_lossy(&out.stderr).contains("after 3 attempts"));
    // nothing acknowledged, nothing recorded: an incremental push sends everything
    let s = KnowledgeStore::open_read_only(&store).expect("store");
    assert!(s
        .pushed_hashes(&format!("http://127.0.0.1:{port}/store"))
        .expect("state")
        .is_empty());
}

#[test]
fn a_401_fails_at_once_and_names_the_credentials() {
    let Some(server) = remote::oxigraph() else {
        return;
    };
    let (_dir, store) = corpus_store();
    let proxy = fault::start(server.base.replace("http://", ""), Fault::Unauthorized);
    let out = policykg(&store)
        .args(["push", "--endpoint", &format!("{}/store", proxy.base)])
        .env("POLICYKG_PUSH_USER", "analyst")
        .env("POLICYKG_PUSH_PASSWORD", "wrong")
        .output()
        .expect("runs");
    assert_one_line_error(&out, "401");
    assert!(String::from_utf8_lossy(&out.stderr).contains("POLICYKG_PUSH_USER"));
    assert!(
        !String::from_utf8_lossy(&out.stderr).contains("wrong"),
        "the password was printed"
    );
    assert_eq!(
        proxy.requests.load(std::sync::atomic::Ordering::SeqCst),
        1,
        "a 401 was retried"
    );
}

#[test]
fn a_500_mid_push_fails_and_a_rerun_sends_the_rest() {
    let Some(server) = remote::oxigraph() else {
        return;
    };
    let (_dir, store) = corpus_store();
    let graphs = local_graphs(&store).len();
    assert!(graphs > 4);
    let proxy = fault::start(server.base.replace("http://", ""), Fault::FailAfter(3));
    let through_proxy = format!("{}/store", proxy.base);
    let out = push(
        &store,
        &[
            "--endpoint",
            &through_proxy,
            "--retries",
            "2",
            "--retry-delay-ms",
            "10",
        ],
    );
    assert_one_line_error(&out, "HTTP 500");
    assert!(String::from_utf8_lossy(&out.stderr).contains("injected failure"));
    // the three graphs the server took are there, whole; nothing of the fourth
    let query = format!("{}/query", server.base);
    let local = local_graphs(&store);
    let sent: usize = local.iter().take(3).map(|(_, t)| t.len()).sum();
    assert_eq!(remote_quad_count(&query), sent);
    // the re-run (incremental, to the same URL once the server is healthy
    // again) sends exactly the graphs that were not acknowledged
    proxy.heal();
    let out =
        run_ok(policykg(&store).args(["push", "--incremental", "--endpoint", &through_proxy]));
    assert_eq!(pushed(&out), (graphs - 3, 3));
    assert_eq!(remote_quad_count(&query), local_quad_count(&store));
}

#[test]
fn a_timeout_fails_in_one_line_and_a_rerun_completes() {
    let Some(server) = remote::oxigraph() else {
        return;
    };
    let (_dir, store) = corpus_store();
    let proxy = fault::start(server.base.replace("http://", ""), Fault::Hang);
    let out = push(
        &store,
        &[
            "--endpoint",
            &format!("{}/store", proxy.base),
            "--timeout",
            "0.5",
            "--retries",
            "1",
            "--retry-delay-ms",
            "10",
        ],
    );
    assert_one_line_error(&out, "no answer in time");
    drop(proxy);
    let query = format!("{}/query", server.base);
    assert_eq!(remote_quad_count(&query), 0);
    run_ok(policykg(&store).args(["push", "--endpoint", &format!("{}/store", server.base)]));
    assert_eq!(remote_quad_count(&query), local_quad_count(&store));
}
