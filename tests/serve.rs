//! `policykg serve` on the sample store, checked with real clients:
//! SPARQLWrapper and rdflib's SPARQLStore get the answers `policykg query`
//! gives, every W3C result format parses with rdflib's readers, updates and
//! Graph Store writes are refused, a runaway query is stopped by the time
//! limit, hostile requests get a 4xx and the server keeps answering, the
//! named-query API and the explorer's JSON views answer, and an ingest while
//! the server runs goes through it.

mod common;
mod serve_support;

use std::collections::HashSet;
use std::path::Path;
use std::time::{Duration, Instant};

use common::{policykg, run_ok, sample_store};
use oxigraph::io::{RdfFormat, RdfParser};
use oxigraph::model::Triple;
use serve_support::{enc, get, post, python, raw, required, Server};

const SELECT: &str = "SELECT ?agency ?metric ?value ?deadline WHERE {
  ?t a pk:Target ; pk:setBy/rdfs:label ?agency ; pk:metric ?metric .
  OPTIONAL { ?t pk:value ?value } OPTIONAL { ?t pk:deadline ?deadline }
  FILTER(lang(?agency) = \"ko\") }";

const CONSTRUCT: &str = "CONSTRUCT { ?p pk:issuedBy ?a . ?p rdfs:label ?l } WHERE {
  ?p a pk:Program ; pk:issuedBy ?a ; rdfs:label ?l }";

/// `policykg query --format json` rows as sorted lists of values.
fn cli_rows(store: &Path, query: &str) -> Vec<Vec<String>> {
    let out = run_ok(policykg(store).args(["query", "--format", "json", query]));
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let vars: Vec<String> = v["head"]["vars"]
        .as_array()
        .expect("vars")
        .iter()
        .map(|x| x.as_str().unwrap_or("").to_string())
        .collect();
    let mut rows: Vec<Vec<String>> = v["results"]["bindings"]
        .as_array()
        .expect("bindings")
        .iter()
        .map(|b| {
            vars.iter()
                .map(|var| b[var]["value"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .collect();
    rows.sort();
    rows
}

fn triples(ntriples: &str) -> HashSet<Triple> {
    RdfParser::from_format(RdfFormat::NTriples)
        .for_slice(ntriples.as_bytes())
        .map(|q| Triple::from(q.expect("N-Triples")))
        .collect()
}

fn turtle_triples(turtle: &str) -> HashSet<Triple> {
    RdfParser::from_format(RdfFormat::Turtle)
        .for_slice(turtle.as_bytes())
        .map(|q| Triple::from(q.expect("Turtle")))
        .collect()
}

fn have_python_clients() -> bool {
    let ok = std::process::Command::new(python())
        .args(["-c", "import SPARQLWrapper, rdflib"])
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok || !required(),
        "python3 with SPARQLWrapper and rdflib is missing: install them (`bash .ci/test` does) or set POLICYKG_SKIP_READERS=1"
    );
    ok
}

#[test]
fn independent_clients_get_the_answers_of_policykg_query() {
    if !have_python_clients() {
        eprintln!("skipped: SPARQLWrapper or rdflib missing");
        return;
    }
    let (dir, store) = sample_store();
    let want_rows = cli_rows(&store, SELECT);
    assert!(want_rows.len() > 10, "{want_rows:?}");
    let cli_graph = run_ok(policykg(&store).args(["query", "--format", "json", CONSTRUCT]));
    let want_triples = triples(&String::from_utf8_lossy(&cli_graph.stdout));
    assert!(!want_triples.is_empty());

    let server = Server::start(&store, &[]);
    // the clients send the query as written: they need the prefixes
    let prefixes = policykg::rdf::vocab::SPARQL_PREFIXES;
    let select = dir.path().join("select.rq");
    let construct = dir.path().join("construct.rq");
    std::fs::write(&select, format!("{prefixes}{SELECT}")).expect("write");
    std::fs::write(&construct, format!("{prefixes}{CONSTRUCT}")).expect("write");
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readers/sparql_clients.py");
    let out = std::process::Command::new(python())
        .arg(&script)
        .arg(server.url("/sparql"))
        .arg(&select)
        .arg(&construct)
        .output()
        .expect("python runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let got: serde_json::Value = serde_json::from_slice(&out.stdout).expect("JSON");
    let rows = |key: &str| -> Vec<Vec<String>> {
        let mut r: Vec<Vec<String>> = serde_json::from_value(got[key].clone()).expect(key);
        r.sort();
        r
    };
    assert_eq!(rows("wrapper_rows"), want_rows, "SPARQLWrapper");
    assert_eq!(rows("store_rows"), want_rows, "rdflib SPARQLStore");
    for key in ["wrapper_triples", "store_triples"] {
        let lines: Vec<String> = serde_json::from_value(got[key].clone()).expect(key);
        assert_eq!(triples(&lines.join("\n")), want_triples, "{key}");
    }
    for (media, parsed) in got["formats"].as_object().expect("formats") {
        assert_eq!(
            parsed["rows"].as_u64(),
            Some(want_rows.len() as u64),
            "{media}: {parsed}"
        );
        assert!(
            parsed["content_type"]
                .as_str()
                .is_some_and(|c| c.starts_with(media.as_str())),
            "{media}: {parsed}"
        );
    }
}

#[test]
fn each_accept_header_gets_its_format() {
    let (_dir, store) = sample_store();
    let server = Server::start(&store, &[]);
    let select = server.url(&format!("/sparql?query={}", enc(SELECT)));
    for (accept, media, starts) in [
        (
            "application/sparql-results+json",
            "application/sparql-results+json",
            "{",
        ),
        (
            "application/sparql-results+xml",
            "application/sparql-results+xml",
            "<?xml",
        ),
        ("text/csv", "text/csv", "agency,metric,value,deadline"),
        (
            "text/tab-separated-values",
            "text/tab-separated-values",
            "?agency\t?metric",
        ),
        ("*/*", "application/sparql-results+json", "{"),
    ] {
        let a = get(&select, &[("Accept", accept)]);
        assert_eq!(a.status, 200, "{accept}: {}", a.body);
        assert!(
            a.content_type.starts_with(media),
            "{accept}: {}",
            a.content_type
        );
        assert!(
            a.body.starts_with(starts),
            "{accept}: {}",
            &a.body[..a.body.len().min(200)]
        );
    }
    let json = get(&select, &[]);
    let v: serde_json::Value = serde_json::from_str(&json.body).expect("results JSON");
    assert!(v["results"]["bindings"]
        .as_array()
        .is_some_and(|b| b.len() > 10));

    let construct = server.url(&format!("/sparql?query={}", enc(CONSTRUCT)));
    let nt = get(&construct, &[("Accept", "application/n-triples")]);
    assert!(nt.content_type.starts_with("application/n-triples"));
    let want = triples(&nt.body);
    assert!(!want.is_empty());
    for (accept, media) in [
        ("text/turtle", "text/turtle"),
        ("application/rdf+xml", "application/rdf+xml"),
        ("application/ld+json", "application/ld+json"),
    ] {
        let a = get(&construct, &[("Accept", accept)]);
        assert_eq!(a.status, 200, "{accept}: {}", a.body);
        assert!(
            a.content_type.starts_with(media),
            "{accept}: {}",
            a.content_type
        );
        let format = RdfFormat::from_media_type(media).expect("format");
        let got: HashSet<Triple> = RdfParser::from_format(format)
            .for_slice(a.body.as_bytes())
            .map(|q| Triple::from(q.expect("parses")))
            .collect();
        assert_eq!(got, want, "{accept}");
    }
    // ASK, POST as a form and as application/sparql-query
    let ask = "ASK { ?p pk:issuedBy/rdfs:label \"국무원\"@ko }";
    let form = post(
        &server.url("/sparql"),
        "application/x-www-form-urlencoded",
        &format!("query={}", enc(ask)),
        &[],
    );
    assert_eq!(form.status, 200, "{}", form.body);
    assert!(form.body.contains("\"boolean\":true"), "{}", form.body);
    let direct = post(
        &server.url("/sparql"),
        "application/sparql-query",
        ask,
        &[("Accept", "application/sparql-results+xml")],
    );
    assert!(
        direct.body.contains("<boolean>true</boolean>"),
        "{}",
        direct.body
    );
    // the service description
    let sd = get(&server.url("/sparql"), &[]);
    assert_eq!(sd.status, 200);
    assert!(sd.content_type.starts_with("text/turtle"));
    let sd = turtle_triples(&sd.body);
    assert!(sd.iter().any(
        |t| t.predicate.as_str() == "http://www.w3.org/ns/sparql-service-description#endpoint"
    ));
    // CORS for a YASGUI page elsewhere
    let cors = get(&select, &[("Origin", "http://yasgui.example")]);
    assert_eq!(cors.status, 200);
}

#[test]
fn default_and_named_graph_parameters_pick_the_dataset() {
    let (_dir, store) = sample_store();
    let server = Server::start(&store, &[]);
    let graph = "https://w3id.org/policykg/id/report/kostec-weekly-2023-11-03.md";
    let count = |query: &str, extra: &str| -> String {
        let a = get(
            &server.url(&format!("/sparql?query={}{extra}", enc(query))),
            &[("Accept", "text/csv")],
        );
        assert_eq!(a.status, 200, "{}", a.body);
        a.body.lines().nth(1).unwrap_or("").to_string()
    };
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let union = count(q, "");
    let report = count(q, &format!("&default-graph-uri={}", enc(graph)));
    let nothing = count(
        q,
        &format!("&default-graph-uri={}", enc("http://example.org/none")),
    );
    assert_eq!(nothing, "0");
    assert!(report.parse::<u64>().unwrap_or(0) > 1000, "{report}");
    assert!(union.parse::<u64>().unwrap_or(0) > report.parse::<u64>().unwrap_or(0));
    let named = count(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
        &format!("&named-graph-uri={}", enc(graph)),
    );
    assert_eq!(named, "1");
}

#[test]
fn updates_and_graph_store_writes_are_refused() {
    let (_dir, store) = sample_store();
    let server = Server::start(&store, &[]);
    let update = "INSERT DATA { <http://e.org/a> <http://e.org/b> <http://e.org/c> }";
    let cases = [
        post(
            &server.url("/sparql"),
            "application/sparql-update",
            update,
            &[],
        ),
        post(
            &server.url("/sparql"),
            "application/x-www-form-urlencoded",
            &format!("update={}", enc(update)),
            &[],
        ),
        get(&server.url(&format!("/sparql?update={}", enc(update))), &[]),
        post(
            &server.url("/store?default"),
            "text/turtle",
            "<a:b> <a:c> <a:d> .",
            &[],
        ),
    ];
    for a in &cases {
        assert_eq!(a.status, 403, "{a:?}");
        assert!(a.body.contains("read-only"), "{a:?}");
    }
    for method in ["PUT", "DELETE"] {
        let status = raw(
            server.addr,
            format!("{method} /store?default HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                .as_bytes(),
        );
        assert_eq!(status, 403, "{method}");
    }
    let ask = get(
        &server.url(&format!(
            "/sparql?query={}",
            enc("ASK { <http://e.org/a> ?p ?o }")
        )),
        &[],
    );
    assert!(ask.body.contains("false"), "{}", ask.body);
}

#[test]
fn a_runaway_query_is_stopped_by_the_time_limit() {
    let (_dir, store) = sample_store();
    let server = Server::start(&store, &["--query-timeout", "1"]);
    let heavy = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i }";
    let started = Instant::now();
    let a = get(&server.url(&format!("/sparql?query={}", enc(heavy))), &[]);
    let took = started.elapsed();
    assert_eq!(a.status, 503, "{a:?}");
    assert!(a.body.contains("time limit"), "{}", a.body);
    assert!(took < Duration::from_secs(10), "{took:?}");
    let ok = get(
        &server.url(&format!("/sparql?query={}", enc("ASK {}"))),
        &[],
    );
    assert_eq!(ok.status, 200);
}

#[test]
fn hostile_requests_get_a_4xx_and_the_server_keeps_answering() {
    let (_dir, store) = sample_store();
    let mut server = Server::start(&store, &["--max-body", "100000"]);
    let big = "x".repeat(200_000);
    let sparql = server.url("/sparql");
    let mut statuses = Vec::new();
    for i in 0..10 {
        let n = i.to_string();
        let answers = [
            get(
                &server.url(&format!(
                    "/sparql?query={}",
                    enc(&format!("SELECT ?x WHERE {{ ?x {n}"))
                )),
                &[],
            ),
            get(
                &server.url(&format!("/sparql?query={}", enc("SELEKT * WHERE {}"))),
                &[],
            ),
            get(
                &server.url(&format!(
                    "/sparql?query={}&query={}",
                    enc("ASK {}"),
                    enc("ASK {}")
                )),
                &[],
            ),
            get(
                &server.url(&format!("/sparql?query={}", enc("ASK {}"))),
                &[("Accept", "image/png")],
            ),
            get(
                &server.url(&format!("/sparql?query={}", enc("ASK {}"))),
                &[("Accept", "garbage")],
            ),
            get(
                &server.url(&format!(
                    "/sparql?default-graph-uri=not%20an%20iri&query={}",
                    enc("ASK {}")
                )),
                &[],
            ),
            get(
                &server.url(&format!("/sparql?query={}&format=png", enc("ASK {}"))),
                &[],
            ),
            get(&server.url(&format!("/sparql?x={n}")), &[]),
            post(&sparql, "application/sparql-query", &big, &[]),
            post(
                &sparql,
                "application/x-www-form-urlencoded",
                &format!("query={big}"),
                &[],
            ),
            post(&sparql, "text/plain", "ASK {}", &[]),
            post(&sparql, "", "ASK {}", &[]),
            post(
                &sparql,
                "application/x-www-form-urlencoded",
                "nothing=here",
                &[],
            ),
            post(
                &sparql,
                "application/sparql-query",
                &format!("CONSTRUCT WHERE {{ {n}"),
                &[],
            ),
            get(&server.url("/api/query/no-such-query"), &[]),
            get(&server.url("/api/query/agency-targets?nosuchvar=1"), &[]),
            get(
                &server.url(&format!("/api/query/targets-by-year?targets={n}")),
                &[],
            ),
            get(&server.url("/api/entity"), &[]),
            get(
                &server.url(&format!("/api/entity?id=no-such-entity-{n}")),
                &[],
            ),
            get(
                &server.url("/api/neighbors?id=%EA%B5%AD%EB%AC%B4%EC%9B%90&depth=9"),
                &[],
            ),
            get(
                &server.url("/api/export?id=%EA%B5%AD%EB%AC%B4%EC%9B%90&format=exe"),
                &[],
            ),
            get(&server.url("/store"), &[]),
            get(&server.url("/store?graph=http://example.org/none"), &[]),
            get(&server.url("/nothing/here"), &[]),
            post(
                &server.url("/ingest"),
                "application/json",
                "{\"files\":[\"/etc/passwd\"]}",
                &[],
            ),
        ];
        for a in answers {
            statuses.push(a.status);
            assert!((400..500).contains(&a.status), "{a:?}");
            assert!(!a.body.trim().is_empty(), "{a:?}");
        }
        let line =
            |target: &str| format!("GET {target} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n");
        for request in [
            line(&format!("/sparql?query=SELECT%ZZ{n}")),
            line(&format!("/sparql?query=%FF%FE{n}")),
            line(&format!("/sparql?query=ASK%20%7B%7D&default-graph-uri=%G{n}")),
            line("/assets/../Cargo.toml"),
            line("/assets/%2e%2e/%2e%2e/etc/passwd"),
            line(&format!("/assets/..%2F..%2Fsrc%2Fmain.rs{n}")),
            line("/../../etc/passwd"),
            line(&format!("/api/search?q=%E{n}")),
            "DELETE /sparql HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n".to_string(),
            format!("GET /sparql?query=%{n} HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"),
            "GARBAGE\r\n\r\n".to_string(),
            "POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 99999999999\r\nExpect: 100-continue\r\nConnection: close\r\n\r\n".to_string(),
            format!("POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n30d40\r\n{big}\r\n0\r\n\r\n"),
        ] {
            let status = raw(server.addr, request.as_bytes());
            statuses.push(status);
            assert!((400..500).contains(&status), "{request:?}: {status}");
        }
    }
    let not_utf8 = raw(
        server.addr,
        b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Type: application/sparql-query\r\nContent-Length: 3\r\nConnection: close\r\n\r\n\xff\xfe\xfd",
    );
    assert_eq!(not_utf8, 400);
    assert!(statuses.len() >= 200, "{}", statuses.len());
    assert!(server.is_running());
    let ok = get(
        &server.url(&format!("/sparql?query={}", enc("ASK { ?s ?p ?o }"))),
        &[],
    );
    assert_eq!(ok.status, 200);
    assert!(ok.body.contains("true"));
}

#[test]
fn syntax_errors_get_the_parsers_message_and_position() {
    let (_dir, store) = sample_store();
    let server = Server::start(&store, &[]);
    let a = get(
        &server.url(&format!(
            "/sparql?query={}",
            enc("SELECT ?x WHERE {\n  ?x pk:issuedBy \n")
        )),
        &[],
    );
    assert_eq!(a.status, 400);
    assert!(a.content_type.starts_with("text/plain"));
    // one line, the position counted in the user's lines
    assert_eq!(a.body.trim().lines().count(), 1, "{}", a.body);
    assert!(
        a.body.contains("2:") || a.body.contains("3:") || a.body.contains("line"),
        "{}",
        a.body
    );
}

#[test]
fn graph_store_reads_the_union_and_each_report() {
    let (_dir, store) = sample_store();
    let server = Server::start(&store, &[]);
    let union = get(&server.url("/store?default"), &[]);
    assert_eq!(union.status, 200, "{}", union.body);
    let union = turtle_triples(&union.body);
    let graph = "https://w3id.org/policykg/id/report/kostec-weekly-2023-11-03.md";
    let report = get(
        &server.url(&format!("/store?graph={}", enc(graph))),
        &[("Accept", "application/n-triples")],
    );
    assert_eq!(report.status, 200);
    let report = triples(&report.body);
    assert!(report.len() > 1000);
    assert!(report.is_subset(&union));
    assert!(
        union.len() > report.len(),
        "the union holds the ontology too"
    );
}

#[test]
fn named_queries_answer_with_bound_parameters() {
    let (_dir, store) = sample_store();
    let cli = run_ok(policykg(&store).args([
        "query",
        "agency-targets",
        "--param",
        "agency=국무원",
        "--format",
        "csv",
    ]));
    let server = Server::start(&store, &[]);
    let a = get(
        &server.url(&format!(
            "/api/query/agency-targets?agency={}&format=csv",
            enc("국무원")
        )),
        &[],
    );
    assert_eq!(a.status, 200, "{}", a.body);
    assert!(a.content_type.starts_with("text/csv"));
    assert_eq!(a.body, String::from_utf8_lossy(&cli.stdout));
    assert!(a.body.contains("8000"), "{}", a.body);
    let by_year = get(&server.url("/api/query/targets-by-year?deadline=2025"), &[]);
    assert_eq!(by_year.status, 200);
    let v: serde_json::Value = serde_json::from_str(&by_year.body).expect("JSON");
    let rows = v["results"]["bindings"].as_array().expect("rows");
    assert!(!rows.is_empty());
    let list = get(&server.url("/api/queries"), &[]);
    let list: serde_json::Value = serde_json::from_str(&list.body).expect("JSON");
    assert_eq!(
        list.as_array().map(Vec::len),
        Some(policykg::query::NAMED_QUERIES.len())
    );
}

#[test]
fn the_explorer_views_answer() {
    let (_dir, store) = sample_store();
    let server = Server::start(&store, &[]);
    let page = get(&server.url("/"), &[]);
    assert_eq!(page.status, 200);
    assert!(page.body.contains("/assets/app.js"));
    for asset in [
        "app.js",
        "style.css",
        "vendor/cytoscape/cytoscape.min.js",
        "vendor/cytoscape/LICENSE",
    ] {
        let a = get(&server.url(&format!("/assets/{asset}")), &[]);
        assert_eq!(a.status, 200, "{asset}");
    }
    let hits = get(
        &server.url(&format!("/api/search?q={}", enc("국무원"))),
        &[],
    );
    let hits: serde_json::Value = serde_json::from_str(&hits.body).expect("JSON");
    let first = &hits[0];
    assert_eq!(first["label"], "국무원", "{hits}");
    assert_eq!(first["class"], "Agency");
    assert_eq!(first["color"], "#E15759");
    // Chinese names find it too
    let zh = get(
        &server.url(&format!("/api/search?q={}", enc("国务院"))),
        &[],
    );
    assert!(zh.body.contains("state-council"), "{}", zh.body);
    let iri = first["iri"].as_str().expect("iri").to_string();

    let entity = get(&server.url(&format!("/api/entity?id={}", enc(&iri))), &[]);
    assert_eq!(entity.status, 200, "{}", entity.body);
    let entity: serde_json::Value = serde_json::from_str(&entity.body).expect("JSON");
    let targets = entity["targets"].as_array().expect("targets");
    let patent = targets
        .iter()
        .find(|t| t["value"] == "800000000000")
        .unwrap_or_else(|| panic!("no 8,000억 target: {entity}"));
    assert_eq!(patent["unit"], "CNY");
    assert_eq!(patent["deadline"], "2025");
    assert!(patent["programs"][0]["label"]
        .as_str()
        .is_some_and(|p| p.contains("특허 운용 전문프로젝트 액션방안")));
    assert!(patent["evidence"][0]
        .as_str()
        .is_some_and(|e| e.contains("8,000억") || e.contains("8000억")));
    assert!(patent["sources"][0]["file"]
        .as_str()
        .is_some_and(|f| f.contains("kostec-weekly-2023-11-03")));
    assert!(entity["relations"].as_array().is_some_and(|r| r
        .iter()
        .any(|g| g["predicate"] == "issuedBy" && g["direction"] == "in")));

    let hood = get(
        &server.url(&format!("/api/neighbors?id={}&depth=1", enc(&iri))),
        &[],
    );
    let hood: serde_json::Value = serde_json::from_str(&hood.body).expect("JSON");
    let nodes = hood["nodes"].as_array().expect("nodes");
    assert_eq!(nodes[0]["data"]["id"], iri.as_str());
    assert!(nodes
        .iter()
        .any(|n| n["data"]["class"] == "Program" && n["data"]["color"] == "#4E79A7"));
    assert_eq!(
        hood["edges"].as_array().map(Vec::len),
        Some(nodes.len() - 1)
    );
    let deeper = get(
        &server.url(&format!("/api/neighbors?id={}&depth=2", enc(&iri))),
        &[],
    );
    let deeper: serde_json::Value = serde_json::from_str(&deeper.body).expect("JSON");
    assert!(deeper["nodes"].as_array().map(Vec::len) > Some(nodes.len()));

    let timeline = get(
        &server.url(&format!("/api/timeline?agency={}", enc("국무원"))),
        &[],
    );
    let timeline: serde_json::Value = serde_json::from_str(&timeline.body).expect("JSON");
    let years = timeline.as_array().expect("years");
    assert!(years.iter().any(|y| y["year"] == 2025));
    let all = get(&server.url("/api/timeline"), &[]);
    let all: serde_json::Value = serde_json::from_str(&all.body).expect("JSON");
    let count = |v: &serde_json::Value| -> usize {
        v.as_array()
            .map(|ys| {
                ys.iter()
                    .map(|y| y["targets"].as_array().map_or(0, Vec::len))
                    .sum()
            })
            .unwrap_or(0)
    };
    assert!(count(&all) > count(&timeline));

    for (format, marker) in [("gexf", "viz:color"), ("graphml", "<graphml")] {
        let a = get(
            &server.url(&format!(
                "/api/export?id={}&depth=1&format={format}",
                enc(&iri)
            )),
            &[],
        );
        assert_eq!(a.status, 200, "{format}: {}", a.body);
        assert!(a.body.contains(marker), "{format}");
        assert!(
            a.body.contains("특허 운용 전문프로젝트 액션방안"),
            "{format}"
        );
        assert!(
            !a.body.contains("상하이시 인민정부"),
            "{format}: only the neighbourhood"
        );
    }
}

#[test]
fn ingest_while_serving_goes_through_the_server() {
    let (_dir, store) = sample_store();
    let mut server = Server::start(&store, &[]);
    let second = Path::new("tests/extraction/program-period.md");
    let graph = "https://w3id.org/policykg/id/report/program-period.md";
    let ask = format!("ASK {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}");
    let before = get(&server.url(&format!("/sparql?query={}", enc(&ask))), &[]);
    assert!(before.body.contains("false"), "{}", before.body);

    let out = run_ok(policykg(&store).arg("ingest").arg(second));
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(text.contains("program-period.md:"), "{text}");
    assert!(text.contains("written by policykg serve"), "{text}");

    let after = get(&server.url(&format!("/sparql?query={}", enc(&ask))), &[]);
    assert!(after.body.contains("true"), "{}", after.body);
    // the explorer's graph was rebuilt: the new report's programs are found
    let programs = get(
        &server.url(&format!(
            "/sparql?query={}",
            enc(&format!(
                "SELECT ?l WHERE {{ GRAPH <{graph}> {{ ?p a pk:Program ; rdfs:label ?l FILTER(lang(?l) = \"ko\") }} }}"
            ))
        )),
        &[("Accept", "text/csv")],
    );
    let label = programs.body.lines().nth(1).expect("a program").to_string();
    let hits = get(&server.url(&format!("/api/search?q={}", enc(&label))), &[]);
    assert!(hits.body.contains(&label), "{label}: {}", hits.body);

    // a bad file is refused by ingest itself and the server is untouched
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "").expect("write");
    let bad = policykg(&store)
        .arg("ingest")
        .arg(&empty)
        .output()
        .expect("runs");
    assert!(!bad.status.success());
    assert!(server.is_running());
    drop(server);
    // once the server is gone, ingest writes the store itself again
    let again = run_ok(policykg(&store).arg("ingest").arg(second));
    assert!(!String::from_utf8_lossy(&again.stdout).contains("written by policykg serve"));
}
