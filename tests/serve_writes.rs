//! `policykg serve --writable`: SPARQL Update and Graph Store writes with a
//! bearer token, on a copy of the sample store. Writes need the flag and
//! the token (403 without the flag, 401 with a wrong or missing token);
//! every write keeps the union default graph the set-union of the data
//! graphs; writes that name the default graph or fetch from elsewhere are
//! refused; a failing update writes nothing; the explorer sees what was
//! written.

mod common;
mod serve_support;

use common::{policykg, sample_store};
use serve_support::{enc, get, post, send, Server};

const TOKEN: &str = "a-test-token-for-writes-0123456789";
const AUTH: (&str, &str) = ("Authorization", "Bearer a-test-token-for-writes-0123456789");
const EX: &str = "PREFIX ex: <http://example.org/> ";

fn writable(store: &std::path::Path) -> Server {
    Server::start_with_env(store, &["--writable"], &[("POLICYKG_SERVE_TOKEN", TOKEN)])
}

fn update(server: &Server, text: &str) -> serve_support::Answer {
    post(
        &server.url("/sparql"),
        "application/sparql-update",
        &format!("{EX}{text}"),
        &[AUTH],
    )
}

fn ask(server: &Server, pattern: &str) -> bool {
    let a = get(
        &server.url(&format!(
            "/sparql?query={}",
            enc(&format!("{EX}ASK {{ {pattern} }}"))
        )),
        &[("Accept", "application/sparql-results+json")],
    );
    assert_eq!(a.status, 200, "{a:?}");
    let v: serde_json::Value = serde_json::from_str(&a.body).expect("JSON results");
    v["boolean"].as_bool().expect("a boolean")
}

fn count_union(server: &Server) -> u64 {
    let q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }";
    let a = get(
        &server.url(&format!("/sparql?query={}", enc(q))),
        &[("Accept", "application/sparql-results+json")],
    );
    let v: serde_json::Value = serde_json::from_str(&a.body).expect("JSON results");
    v["results"]["bindings"][0]["n"]["value"]
        .as_str()
        .and_then(|n| n.parse().ok())
        .expect("a count")
}

#[test]
fn writes_need_the_flag_and_the_token() {
    let (_dir, store) = sample_store();
    let out = policykg(&store)
        .args(["serve", "--writable", "--bind", "127.0.0.1:0"])
        .env_remove("POLICYKG_SERVE_TOKEN")
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("POLICYKG_SERVE_TOKEN"), "{err}");
    assert_eq!(err.trim().lines().count(), 1, "{err}");

    let server = writable(&store);
    let text = "INSERT DATA { GRAPH ex:g { ex:s ex:p 1 } }";
    let url = server.url("/sparql");
    let body = format!("{EX}{text}");
    let none = post(&url, "application/sparql-update", &body, &[]);
    assert_eq!(none.status, 401, "{none:?}");
    assert!(none.challenge.starts_with("Bearer"), "{none:?}");
    let wrong = post(
        &url,
        "application/sparql-update",
        &body,
        &[("Authorization", "Bearer a-test-token-for-writes-0123456788")],
    );
    assert_eq!(wrong.status, 401, "{wrong:?}");
    let put = send(
        "PUT",
        &server.url("/store?graph=http%3A%2F%2Fexample.org%2Fg"),
        Some((
            "text/turtle",
            "<http://example.org/s> <http://example.org/p> 1 .",
        )),
        &[],
    );
    assert_eq!(put.status, 401, "{put:?}");
    assert!(!ask(&server, "ex:s ex:p 1"), "nothing was written");
    let ok = post(&url, "application/sparql-update", &body, &[AUTH]);
    assert_eq!(ok.status, 204, "{ok:?}");
    assert!(ask(&server, "ex:s ex:p 1"));
    let form = post(
        &url,
        "application/x-www-form-urlencoded",
        &format!("update={}", enc(&format!("{EX}CLEAR GRAPH ex:g"))),
        &[AUTH],
    );
    assert_eq!(form.status, 204, "{form:?}");
    assert!(!ask(&server, "ex:s ex:p 1"));
    let description = get(&url, &[("Accept", "text/turtle")]);
    assert!(
        description.body.contains("SPARQL11Update"),
        "{description:?}"
    );
}

#[test]
fn updates_keep_the_union_in_step() {
    let (_dir, store) = sample_store();
    let server = writable(&store);
    let before = count_union(&server);
    assert!(before > 100, "the sample is in the store: {before}");

    assert_eq!(
        update(&server, "INSERT DATA { GRAPH ex:g1 { ex:s ex:p \"v\" } }").status,
        204
    );
    assert!(
        ask(&server, "ex:s ex:p \"v\""),
        "a named graph's triple is in the union"
    );
    assert_eq!(
        update(&server, "INSERT DATA { GRAPH ex:g2 { ex:s ex:p \"v\" } }").status,
        204
    );
    assert_eq!(
        update(&server, "DELETE DATA { GRAPH ex:g1 { ex:s ex:p \"v\" } }").status,
        204
    );
    assert!(ask(&server, "ex:s ex:p \"v\""), "g2 still states it");
    assert!(!ask(&server, "GRAPH ex:g1 { ex:s ex:p \"v\" }"));
    assert_eq!(update(&server, "CLEAR GRAPH ex:g2").status, 204);
    assert!(
        !ask(&server, "ex:s ex:p \"v\""),
        "no graph states it any more"
    );
    assert_eq!(count_union(&server), before);

    // graphs chosen while the update runs: every report graph that names
    // an agency gets a mark, and loses it again
    let mark = "INSERT { GRAPH ?g { ex:mark ex:in ?g } } WHERE { GRAPH ?g { ?a a pk:Agency } }";
    assert_eq!(update(&server, mark).status, 204);
    assert!(ask(&server, "ex:mark ex:in ?g"));
    let unmark = "DELETE WHERE { GRAPH ?g { ex:mark ex:in ?o } }";
    assert_eq!(update(&server, unmark).status, 204);
    assert!(!ask(&server, "ex:mark ex:in ?g"));
    assert_eq!(count_union(&server), before);

    // the default graph is derived: writing it directly is refused
    for refused in [
        "INSERT DATA { ex:s ex:p \"default\" }",
        "DELETE WHERE { ?s ?p ?o }",
        "CLEAR DEFAULT",
        "LOAD <http://example.org/data.ttl> INTO GRAPH ex:g",
    ] {
        let a = update(&server, refused);
        assert_eq!(a.status, 400, "{refused}: {a:?}");
        assert_eq!(a.body.trim().lines().count(), 1, "{a:?}");
    }
    assert_eq!(count_union(&server), before);

    // a failing update writes nothing, not even its first operation
    let failing = "INSERT DATA { GRAPH ex:g3 { ex:s3 ex:p 3 } } ; CLEAR GRAPH ex:never";
    let a = update(&server, failing);
    assert_eq!(a.status, 400, "{a:?}");
    assert!(!ask(&server, "GRAPH ex:g3 { ex:s3 ex:p 3 }"));
    assert!(!ask(&server, "ex:s3 ex:p 3"));
    let syntax = update(&server, "INSERT DATA { GRAPH ex:g {");
    assert_eq!(syntax.status, 400, "{syntax:?}");
    assert_eq!(count_union(&server), before);

    // DROP ALL empties the data graphs, and with them the union
    assert_eq!(update(&server, "DROP ALL").status, 204);
    assert_eq!(count_union(&server), 0);
}

#[test]
fn graph_store_writes_replace_add_and_drop_one_graph() {
    let (_dir, store) = sample_store();
    let server = writable(&store);
    let graph = "http%3A%2F%2Fexample.org%2Fnotes";
    let url = server.url(&format!("/store?graph={graph}"));
    let one = "@prefix ex: <http://example.org/> . ex:a ex:says \"first\" .";
    let two = "<http://example.org/b> <http://example.org/says> \"second\" .";

    let created = send("PUT", &url, Some(("text/turtle", one)), &[AUTH]);
    assert_eq!(created.status, 201, "{created:?}");
    let replaced = send("PUT", &url, Some(("text/turtle", one)), &[AUTH]);
    assert_eq!(replaced.status, 204, "{replaced:?}");
    let added = send("POST", &url, Some(("application/n-triples", two)), &[AUTH]);
    assert_eq!(added.status, 204, "{added:?}");
    let read = get(&url, &[("Accept", "application/n-triples")]);
    assert_eq!(read.status, 200, "{read:?}");
    assert_eq!(read.body.lines().count(), 2, "{}", read.body);
    assert!(ask(
        &server,
        "ex:a ex:says \"first\" . ex:b ex:says \"second\""
    ));

    let put_two = send("PUT", &url, Some(("application/n-triples", two)), &[AUTH]);
    assert_eq!(put_two.status, 204, "{put_two:?}");
    assert!(!ask(&server, "ex:a ex:says \"first\""), "a PUT replaces");

    // the explorer is rebuilt after a write: a new agency is searchable
    let agency = "@prefix pk: <https://w3id.org/policykg/ontology#> . \
                  @prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> . \
                  <http://example.org/agency> a pk:Agency ; rdfs:label \"시험평가청\"@ko .";
    let a = send("POST", &url, Some(("text/turtle", agency)), &[AUTH]);
    assert_eq!(a.status, 204, "{a:?}");
    let found = get(
        &server.url(&format!("/api/search?q={}", enc("시험평가청"))),
        &[],
    );
    assert!(
        found.body.contains("http://example.org/agency"),
        "{found:?}"
    );

    for (method, target, body, status) in [
        ("PUT", "/store?default", Some(("text/turtle", one)), 400),
        (
            "PUT",
            &format!("/store?graph={graph}")[..],
            Some(("text/turtle", "ex:a ex:b")),
            400,
        ),
        (
            "PUT",
            &format!("/store?graph={graph}")[..],
            Some(("application/pdf", "x")),
            415,
        ),
        (
            "PUT",
            &format!("/store?graph={graph}")[..],
            Some(("application/n-quads", "<a:s> <a:p> <a:o> <a:g> .")),
            400,
        ),
        (
            "PATCH",
            &format!("/store?graph={graph}")[..],
            Some(("text/turtle", one)),
            405,
        ),
        ("PUT", "/store", Some(("text/turtle", one)), 400),
    ] {
        let a = send(method, &server.url(target), body, &[AUTH]);
        assert_eq!(a.status, status, "{method} {target}: {a:?}");
    }
    assert!(
        ask(&server, "ex:b ex:says \"second\""),
        "refused writes change nothing"
    );

    let dropped = send("DELETE", &url, None, &[AUTH]);
    assert_eq!(dropped.status, 204, "{dropped:?}");
    assert_eq!(get(&url, &[]).status, 404);
    assert!(!ask(&server, "ex:b ex:says \"second\""));
    assert_eq!(send("DELETE", &url, None, &[AUTH]).status, 404);
}

#[test]
fn update_requests_follow_the_protocol() {
    let (_dir, store) = sample_store();
    let server = writable(&store);
    let url = server.url("/sparql");
    let seed =
        "INSERT DATA { GRAPH ex:left { ex:x a ex:Thing } GRAPH ex:right { ex:y a ex:Thing } }";
    assert_eq!(update(&server, seed).status, 204);

    // using-graph-uri makes one graph the WHERE clause's default graph
    let copy =
        format!("{EX}INSERT {{ GRAPH ex:out {{ ?s ex:seen true }} }} WHERE {{ ?s a ex:Thing }}");
    let using = format!("{url}?using-graph-uri={}", enc("http://example.org/left"));
    let a = post(&using, "application/sparql-update", &copy, &[AUTH]);
    assert_eq!(a.status, 204, "{a:?}");
    assert!(ask(&server, "GRAPH ex:out { ex:x ex:seen true }"));
    assert!(!ask(&server, "GRAPH ex:out { ex:y ex:seen true }"));

    // ... and may not be mixed with the update's own WITH or USING
    let with = format!("{EX}WITH ex:left INSERT {{ ?s ex:again true }} WHERE {{ ?s a ex:Thing }}");
    let a = post(&using, "application/sparql-update", &with, &[AUTH]);
    assert_eq!(a.status, 400, "{a:?}");

    let get_update = get(&format!("{url}?update={}", enc("CLEAR ALL")), &[AUTH]);
    assert_eq!(get_update.status, 405, "{get_update:?}");
    let twice = post(
        &url,
        "application/x-www-form-urlencoded",
        "update=CLEAR%20ALL&update=CLEAR%20ALL",
        &[AUTH],
    );
    assert_eq!(twice.status, 400, "{twice:?}");
    let both = post(
        &url,
        "application/x-www-form-urlencoded",
        "update=CLEAR%20ALL&query=ASK%20%7B%7D",
        &[AUTH],
    );
    assert_eq!(both.status, 400, "{both:?}");
    let utf16 = post(
        &url,
        "application/sparql-update; charset=UTF-16",
        "CLEAR ALL",
        &[AUTH],
    );
    assert_eq!(utf16.status, 415, "{utf16:?}");
    assert!(
        ask(&server, "GRAPH ex:left { ex:x a ex:Thing }"),
        "nothing was cleared"
    );

    // relative IRIs resolve against the endpoint
    let relative = "INSERT DATA { GRAPH ex:base { ex:s ex:p <note> } }";
    assert_eq!(update(&server, relative).status, 204);
    let base = format!("<{}>", server.url("/note"));
    assert!(ask(
        &server,
        &format!("GRAPH ex:base {{ ex:s ex:p ?o FILTER(?o = {base}) }}")
    ));
}
