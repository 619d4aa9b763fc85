//! `policykg dump`, `load`, `extract` and the CSV tables, on the sample:
//! a dump loaded into a fresh store gives back the same quads; rdflib
//! parses every dump format; a malformed dump is refused in one line with
//! its file and line and leaves the store as it was; `extract` writes the
//! quads `ingest` writes; pandas reads the CSV tables with the GEXF export's
//! counts.

mod common;

use std::path::Path;
use std::process::Output;

use common::{all_quads, policykg, run_ok, sample_store, SAMPLE};
use oxigraph::io::{RdfFormat, RdfParser};
use tempfile::TempDir;

/// The quads with every blank node written `_:b`: two stores that loaded
/// the ontology separately name its blank nodes differently.
fn without_blank_ids(lines: Vec<String>) -> Vec<String> {
    let blank = regex::Regex::new(r"_:[A-Za-z0-9]+").expect("regex");
    let mut out: Vec<String> = lines
        .iter()
        .map(|l| blank.replace_all(l, "_:b").into_owned())
        .collect();
    out.sort();
    out
}

fn parse_nquads(bytes: &[u8]) -> Vec<String> {
    let mut lines: Vec<String> = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(bytes)
        .map(|q| q.expect("N-Quads").to_string())
        .collect();
    lines.sort();
    lines
}

fn assert_one_line_error(out: &Output, needle: &str) {
    assert!(!out.status.success(), "succeeded");
    let err = String::from_utf8_lossy(&out.stderr);
    let lines: Vec<&str> = err.lines().filter(|l| !l.trim().is_empty()).collect();
    assert_eq!(lines.len(), 1, "not one line: {err}");
    assert!(lines[0].starts_with("policykg: error: "), "{err}");
    assert!(lines[0].contains(needle), "`{needle}` not in: {err}");
}

#[test]
fn a_dump_loaded_into_a_fresh_store_gives_back_the_same_quads() {
    let (dir, store) = sample_store();
    let before = all_quads(&store);
    for ext in ["nq", "trig", "jsonld"] {
        let file = dir.path().join(format!("dump.{ext}"));
        run_ok(policykg(&store).args(["dump", "-o"]).arg(&file));
        let fresh = dir.path().join(format!("fresh-{ext}"));
        run_ok(policykg(&fresh).arg("load").arg(&file));
        assert_eq!(
            all_quads(&fresh),
            before,
            "{ext}: the round trip changed the store"
        );
        // loading the same dump again changes nothing
        run_ok(policykg(&fresh).arg("load").arg(&file));
        assert_eq!(
            all_quads(&fresh),
            before,
            "{ext}: a second load changed the store"
        );
    }
    // standard output, N-Quads by default: the report and ontology graphs, no default graph
    let out = run_ok(policykg(&store).arg("dump"));
    let dumped = parse_nquads(&out.stdout);
    let in_default = RdfParser::from_format(RdfFormat::NQuads)
        .for_slice(&out.stdout)
        .filter(|q| q.as_ref().is_ok_and(|q| q.graph_name.is_default_graph()))
        .count();
    assert_eq!(in_default, 0, "the dump holds default-graph quads");
    let store_named: usize = {
        let s = policykg::store::KnowledgeStore::open_read_only(&store).expect("store");
        s.data_graphs()
            .expect("graphs")
            .iter()
            .map(|g| s.graph_quads(g.as_ref()).expect("quads").len())
            .sum()
    };
    assert_eq!(dumped.len(), store_named);
    // one report alone
    let out = run_ok(policykg(&store).args(["dump", "--report", "kostec-weekly-2023-11-03.md"]));
    let one = parse_nquads(&out.stdout);
    assert!(!one.is_empty() && one.len() < dumped.len());
    assert!(one
        .iter()
        .all(|q| q.contains("/report/kostec-weekly-2023-11-03.md>")));
    let out = policykg(&store)
        .args(["dump", "--report", "nothing.md"])
        .output()
        .expect("runs");
    assert_one_line_error(&out, "nothing.md");
}

#[test]
fn a_load_merges_into_a_store_and_keeps_the_union_in_step() {
    let (dir, store) = sample_store();
    let file = dir.path().join("sample.nq");
    run_ok(policykg(&store).args(["dump", "-o"]).arg(&file));
    // a store with another report: loading the sample adds it, keeps the other
    let other = dir.path().join("other");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction/numbered-plans.md");
    run_ok(policykg(&other).arg("ingest").arg(&fixture));
    let both = dir.path().join("both");
    run_ok(policykg(&both).arg("ingest").arg(SAMPLE).arg(&fixture));
    run_ok(policykg(&other).arg("load").arg(&file));
    assert_eq!(
        without_blank_ids(all_quads(&other)),
        without_blank_ids(all_quads(&both))
    );
}

#[test]
fn rdflib_parses_every_dump_format() {
    if !common::reader_present(common::python_imports("rdflib"), "python3 with rdflib") {
        return;
    }
    let (dir, store) = sample_store();
    let mut files = Vec::new();
    for (format, ext) in [
        ("nquads", "nq"),
        ("trig", "trig"),
        ("jsonld", "jsonld"),
        ("turtle", "ttl"),
    ] {
        let file = dir.path().join(format!("sample.{ext}"));
        run_ok(
            policykg(&store)
                .args(["dump", "--format", format, "-o"])
                .arg(&file),
        );
        files.push(file);
    }
    let s = policykg::store::KnowledgeStore::open_read_only(&store).expect("store");
    let quads: usize = s
        .data_graphs()
        .expect("graphs")
        .iter()
        .map(|g| s.graph_quads(g.as_ref()).expect("quads").len())
        .sum();
    let triples = s
        .graph_iter(oxigraph::model::GraphNameRef::DefaultGraph)
        .count();
    drop(s);
    let mut args: Vec<std::ffi::OsString> =
        vec![quads.to_string().into(), triples.to_string().into()];
    args.extend(files.iter().map(|f| f.clone().into()));
    common::run_reader("check_dumps.py", &args);
}

#[test]
fn a_malformed_dump_is_refused_with_its_line_and_the_store_stays_as_it_was() {
    let (dir, store) = sample_store();
    let before = all_quads(&store);
    let good = "<https://w3id.org/policykg/id/x> <http://www.w3.org/2000/01/rdf-schema#label> \"x\" <https://w3id.org/policykg/id/report/x.md> .\n";
    let cases = [
        ("broken.nq", format!("{good}{good}<https://w3id.org/policykg/id/y> <http://www.w3.org/2000/01/rdf-schema#label> \"unterminated <https://w3id.org/policykg/id/report/y.md> .\n"), "broken.nq:3:"),
        ("default.nq", format!("{good}\n# a comment\n<https://w3id.org/policykg/id/y> <http://www.w3.org/2000/01/rdf-schema#label> \"y\" .\n"), "default.nq:4:1: a triple outside any named graph"),
        ("bad.trig", "<https://w3id.org/policykg/id/report/z.md> {\n  <a> <b> .\n}\n".to_string(), "bad.trig:2:"),
        ("dump.ttl", "<https://w3id.org/policykg/id/y> <http://www.w3.org/2000/01/rdf-schema#label> \"y\" .\n".to_string(), "Turtle holds no named graph"),
    ];
    for (name, text, needle) in cases {
        let file = dir.path().join(name);
        std::fs::write(&file, text).expect("write");
        // the good file first: it must not be written either
        let good_file = dir.path().join("good.nq");
        std::fs::write(&good_file, good).expect("write");
        let out = policykg(&store)
            .arg("load")
            .arg(&good_file)
            .arg(&file)
            .output()
            .expect("runs");
        assert_one_line_error(&out, needle);
        assert_eq!(all_quads(&store), before, "{name}: the store changed");
    }
    // into a store that does not exist yet: it is not created
    let nowhere = dir.path().join("nowhere");
    let out = policykg(&nowhere)
        .arg("load")
        .arg(dir.path().join("broken.nq"))
        .output()
        .expect("runs");
    assert_one_line_error(&out, "broken.nq:3:");
    assert!(!nowhere.exists());
    let out = policykg(&store)
        .arg("load")
        .arg(dir.path().join("missing.nq"))
        .output()
        .expect("runs");
    assert_one_line_error(&out, "missing.nq");
}

#[test]
fn extract_writes_the_quads_that_ingest_writes() {
    let (_dir, store) = sample_store();
    let out = run_ok(policykg(&store).args(["extract", SAMPLE]));
    let extracted = parse_nquads(&out.stdout);
    let s = policykg::store::KnowledgeStore::open_read_only(&store).expect("store");
    let graph = policykg::rdf::iri::report("kostec-weekly-2023-11-03.md");
    let mut ingested: Vec<String> = s
        .graph_quads(graph.as_ref())
        .expect("quads")
        .iter()
        .map(|q| q.to_string())
        .collect();
    ingested.sort();
    assert!(ingested.len() > 1000);
    assert_eq!(extracted, ingested);
    // no store is touched: extract runs without one
    let nowhere = TempDir::new().expect("tempdir");
    let out = run_ok(
        policykg(&nowhere.path().join("none")).args(["extract", "--format", "trig", SAMPLE]),
    );
    assert!(!nowhere.path().join("none").exists());
    let trig: Vec<_> = RdfParser::from_format(RdfFormat::TriG)
        .for_slice(&out.stdout)
        .collect::<Result<_, _>>()
        .expect("TriG");
    let trig = trig.len();
    assert_eq!(trig, ingested.len());
    // a bad file: one line naming it
    let bad = nowhere.path().join("empty.md");
    std::fs::write(&bad, "").expect("write");
    let out = policykg(&nowhere.path().join("none"))
        .arg("extract")
        .arg(&bad)
        .output()
        .expect("runs");
    assert_one_line_error(&out, "empty.md");
}

#[test]
fn csv_tables_load_in_pandas_with_the_gexf_counts() {
    if !common::reader_present(common::python_imports("pandas"), "python3 with pandas") {
        return;
    }
    let (dir, store) = sample_store();
    let counts = |out: &Output| -> (usize, usize) {
        let msg = String::from_utf8_lossy(&out.stderr).to_string();
        let nums: Vec<usize> = msg
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        (nums[0], nums[1])
    };
    let gexf = run_ok(
        policykg(&store)
            .args(["export", "--format", "gexf", "-o"])
            .arg(dir.path().join("g.gexf")),
    );
    let tables = dir.path().join("tables");
    let csv = run_ok(
        policykg(&store)
            .args(["export", "--format", "csv", "-o"])
            .arg(&tables),
    );
    let (nodes, edges) = counts(&gexf);
    assert_eq!(counts(&csv), (nodes, edges));
    // the tables as text: one header and one row per node / edge
    let node_text = std::fs::read_to_string(tables.join("nodes.csv")).expect("nodes.csv");
    assert!(node_text.starts_with(
        "id:ID,label,:LABEL,class,label_ko,label_zh,label_en,iri,deadline:int,value:double"
    ));
    let edge_text = std::fs::read_to_string(tables.join("edges.csv")).expect("edges.csv");
    assert!(edge_text.starts_with(":START_ID,:END_ID,:TYPE,label,weight:int,relation,predicate"));
    // without -o DIR: one line
    let out = policykg(&store)
        .args(["export", "--format", "csv"])
        .output()
        .expect("runs");
    assert_one_line_error(&out, "-o DIR");
    common::run_reader(
        "check_csv.py",
        &[
            tables.into_os_string(),
            nodes.to_string().into(),
            edges.to_string().into(),
        ],
    );
}
