//! Graph exports on the two-report fixture `tests/data/graph.trig`: counts,
//! filters, the structure each format promises, and (when networkx and
//! Graphviz are installed) the readers the formats are for.

use std::collections::{BTreeMap, HashSet};
use std::path::Path;
use std::process::Command;

use oxigraph::io::RdfFormat;
use policykg::export::{self, EntityGraph, ExportFormat, ExportStats, GraphOptions};
use policykg::store::KnowledgeStore;
use policykg::Error;
use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

mod common;

const FIXTURE: &str = include_str!("data/graph.trig");
/// Entities and distinct entity→entity relations in the fixture.
const NODES: usize = 28;
const EDGES: usize = 41;
const PKID: &str = "https://w3id.org/policykg/id/";

fn fixture() -> KnowledgeStore {
    let store = KnowledgeStore::in_memory().expect("in-memory store");
    store
        .load_dataset(RdfFormat::TriG, FIXTURE.as_bytes())
        .expect("the fixture parses");
    store
}

fn export_text(
    store: &KnowledgeStore,
    format: ExportFormat,
    opts: &GraphOptions,
) -> (String, ExportStats) {
    let mut out = Vec::new();
    let stats = export::export(store.oxigraph(), format, opts, &mut out).expect("export");
    (String::from_utf8(out).expect("UTF-8 output"), stats)
}

/// One XML element with its attributes and child elements.
#[derive(Debug, Default)]
struct Element {
    name: String,
    attrs: BTreeMap<String, String>,
    children: Vec<Element>,
}

impl Element {
    fn all<'a>(&'a self, name: &str, out: &mut Vec<&'a Element>) {
        if self.name == name {
            out.push(self);
        }
        for c in &self.children {
            c.all(name, out);
        }
    }

    fn find_all(&self, name: &str) -> Vec<&Element> {
        let mut out = Vec::new();
        self.all(name, &mut out);
        out
    }

    fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name)
    }
}

fn element(e: &BytesStart) -> Element {
    Element {
        name: String::from_utf8_lossy(e.name().as_ref()).to_string(),
        attrs: e
            .attributes()
            .map(|a| {
                let a = a.expect("well-formed attribute");
                (
                    String::from_utf8_lossy(a.key.as_ref()).to_string(),
                    a.unescape_value().expect("escaped value").to_string(),
                )
            })
            .collect(),
        children: Vec::new(),
    }
}

/// Parses XML with quick-xml's reader (so it must be well-formed) into a tree.
fn parse_xml(text: &str) -> Element {
    let mut reader = Reader::from_str(text);
    reader.config_mut().check_end_names = true;
    let mut stack = vec![Element::default()];
    loop {
        match reader.read_event() {
            Ok(Event::Start(e)) => stack.push(element(&e)),
            Ok(Event::Empty(e)) => {
                let el = element(&e);
                stack.last_mut().expect("open element").children.push(el);
            }
            Ok(Event::End(_)) => {
                let done = stack.pop().expect("open element");
                stack
                    .last_mut()
                    .expect("parent element")
                    .children
                    .push(done);
            }
            Ok(Event::Eof) => break,
            Ok(_) => {}
            Err(e) => panic!(
                "not well-formed XML at byte {}: {e}",
                reader.buffer_position()
            ),
        }
    }
    assert_eq!(stack.len(), 1, "unclosed elements");
    let mut root = stack.pop().expect("document");
    assert_eq!(root.children.len(), 1, "one root element");
    root.children.remove(0)
}

#[test]
fn every_format_has_the_whole_entity_graph() {
    let store = fixture();
    for format in [
        ExportFormat::Gexf,
        ExportFormat::GraphMl,
        ExportFormat::Dot,
        ExportFormat::Json,
    ] {
        let (_, stats) = export_text(&store, format, &GraphOptions::default());
        assert_eq!(
            stats,
            ExportStats {
                nodes: NODES,
                edges: EDGES
            },
            "{format}"
        );
    }
}

#[test]
fn filters_select_the_expected_subgraph() {
    let store = fixture();
    let opts = |f: &dyn Fn(&mut GraphOptions)| {
        let mut o = GraphOptions::default();
        f(&mut o);
        o
    };
    // (what, options, nodes, edges)
    let table: Vec<(&str, GraphOptions, usize, usize)> = vec![
        ("everything", GraphOptions::default(), NODES, EDGES),
        (
            "agencies and programs",
            opts(&|o| o.types = vec!["Agency".into(), "pk:Program".into()]),
            9,
            6,
        ),
        (
            "regions include cities",
            opts(&|o| o.types = vec!["region".into()]),
            5,
            4,
        ),
        (
            "issuedBy and setBy only",
            opts(&|o| o.predicates = vec!["issuedBy".into(), "pk:setBy".into()]),
            NODES,
            14,
        ),
        (
            "ego 베이징 과학기술위원회, depth 1",
            opts(&|o| {
                o.ego = Some("베이징 과학기술위원회".into());
                o.depth = 1;
            }),
            5,
            7,
        ),
        (
            "ego by Chinese label, depth 0",
            opts(&|o| o.ego = Some("北京市科学技术委员会".into())),
            1,
            0,
        ),
        (
            "ego with predicates",
            opts(&|o| {
                o.ego = Some("국무원".into());
                o.depth = 2;
                o.predicates = vec!["issuedBy".into()];
            }),
            5,
            4,
        ),
        (
            "first report by file",
            opts(&|o| o.report = Some("kostec-weekly-2023-11-03.md".into())),
            18,
            24,
        ),
        (
            "second report by IRI",
            opts(&|o| o.report = Some(format!("{PKID}report/kostec-weekly-2023-11-10"))),
            16,
            18,
        ),
        (
            "construct",
            opts(&|o| {
                o.construct =
                    Some("CONSTRUCT { ?p pk:issuedBy ?a } WHERE { ?p pk:issuedBy ?a }".into())
            }),
            9,
            6,
        ),
        (
            "with provenance",
            opts(&|o| o.include_provenance = true),
            NODES + 2 + 6,
            EDGES + 34 + 17 + 6,
        ),
    ];
    for (what, options, nodes, edges) in table {
        let graph = EntityGraph::build(store.oxigraph(), &options)
            .unwrap_or_else(|e| panic!("{what}: {e}"));
        assert_eq!(
            (graph.node_count(), graph.edge_count()),
            (nodes, edges),
            "{what}"
        );
    }
}

#[test]
fn bad_filters_are_one_line_errors() {
    let store = fixture();
    let table: Vec<(GraphOptions, &str)> = vec![
        (
            GraphOptions {
                types: vec!["Agnecy".into()],
                ..GraphOptions::default()
            },
            "unknown type 'Agnecy'",
        ),
        (
            GraphOptions {
                predicates: vec!["issued".into()],
                ..GraphOptions::default()
            },
            "unknown predicate 'issued'",
        ),
        (
            GraphOptions {
                report: Some("nope.md".into()),
                ..GraphOptions::default()
            },
            "no report 'nope.md'",
        ),
        (
            GraphOptions {
                ego: Some("과기위".into()),
                ..GraphOptions::default()
            },
            "ambiguous",
        ),
        (
            GraphOptions {
                construct: Some("SELECT * WHERE { ?s ?p ?o }".into()),
                ..GraphOptions::default()
            },
            "CONSTRUCT",
        ),
    ];
    for (opts, expected) in table {
        let err = EntityGraph::build(store.oxigraph(), &opts)
            .expect_err(expected)
            .to_string();
        assert!(
            err.contains(expected),
            "{err:?} should contain {expected:?}"
        );
        assert!(!err.contains('\n'), "one line: {err:?}");
    }
}

#[test]
fn nodes_carry_labels_attributes_and_weights() {
    let store = fixture();
    let graph = EntityGraph::from_store(store.oxigraph()).expect("graph");
    let node = |iri: &str| graph.node(graph.node_of(&format!("{PKID}{iri}")).expect(iri));
    let council = node("agency/state-council");
    assert_eq!(
        (
            council.label(),
            council.label_zh.as_deref(),
            council.label_en.as_deref(),
            council.class.as_str()
        ),
        ("국무원", Some("国务院"), Some("State Council"), "Agency")
    );
    assert_eq!(council.mention_count, 4, "summed over both report graphs");
    let target = node("target/patent-trade-2025");
    assert_eq!(
        (
            target.deadline.as_deref(),
            target.value.as_deref(),
            target.unit.as_deref()
        ),
        (Some("2025"), Some("800000000000"), Some("CNY"))
    );
    assert_eq!(
        target.interval(),
        (Some("2023-10-27".into()), Some("2025-12-31".into()))
    );
    assert_eq!(node("region/daxing").class, "District");
    assert!(node("region/daxing").is_a("Region"));
    let program = node("program/patent-operation-action-plan");
    assert_eq!(
        program.interval(),
        (Some("2023-10-17".into()), Some("2025-12-31".into()))
    );
    assert_eq!(program.sources.len(), 1);

    // 칭화대학 basedIn 베이징 is asserted by an article of each report.
    let weight = |s: &str, p: &str, o: &str| {
        let (a, b) = (
            graph.node_of(&format!("{PKID}{s}")).expect(s),
            graph.node_of(&format!("{PKID}{o}")).expect(o),
        );
        graph
            .graph
            .edges_connecting(a, b)
            .find(|e| e.weight().predicate == p)
            .map(|e| e.weight().weight)
    };
    assert_eq!(weight("org/tsinghua", "basedIn", "region/beijing"), Some(2));
    assert_eq!(
        weight(
            "program/patent-operation-action-plan",
            "issuedBy",
            "agency/state-council"
        ),
        Some(1)
    );
}

#[test]
fn gexf_is_gephi_ready() {
    let store = fixture();
    let (text, _) = export_text(&store, ExportFormat::Gexf, &GraphOptions::default());
    let gexf = parse_xml(&text);
    assert_eq!(gexf.name, "gexf");
    assert_eq!(
        gexf.attrs.get("xmlns").map(String::as_str),
        Some("http://gexf.net/1.3")
    );
    assert_eq!(
        gexf.attrs.get("xmlns:viz").map(String::as_str),
        Some("http://gexf.net/1.3/viz")
    );
    assert_eq!(gexf.attrs.get("version").map(String::as_str), Some("1.3"));
    let graph = gexf.child("graph").expect("<graph>");
    assert_eq!(graph.attrs.get("mode").map(String::as_str), Some("dynamic"));
    assert_eq!(
        graph.attrs.get("timeformat").map(String::as_str),
        Some("date")
    );

    let declared: HashSet<(String, String)> = graph
        .find_all("attributes")
        .iter()
        .flat_map(|a| {
            let class = a.attrs["class"].clone();
            a.find_all("attribute")
                .into_iter()
                .map(move |x| (class.clone(), x.attrs["id"].clone()))
        })
        .collect();
    let nodes = graph.find_all("node");
    assert_eq!(nodes.len(), NODES);
    let ids: HashSet<&str> = nodes.iter().map(|n| n.attrs["id"].as_str()).collect();
    for n in &nodes {
        let id = &n.attrs["id"];
        assert!(
            n.attrs.get("label").is_some_and(|l| !l.is_empty()),
            "{id}: label"
        );
        let color = n
            .child("viz:color")
            .unwrap_or_else(|| panic!("{id}: viz:color"));
        for c in ["r", "g", "b"] {
            assert!(color.attrs[c].parse::<u8>().is_ok(), "{id}: colour {c}");
        }
        let size: f64 = n
            .child("viz:size")
            .unwrap_or_else(|| panic!("{id}: viz:size"))
            .attrs["value"]
            .parse()
            .expect("size");
        assert!((5.0..=40.0).contains(&size), "{id}: size {size}");
        for v in n.find_all("attvalue") {
            assert!(
                declared.contains(&("node".into(), v.attrs["for"].clone())),
                "{id}: undeclared {}",
                v.attrs["for"]
            );
        }
        if let (Some(s), Some(e)) = (n.attrs.get("start"), n.attrs.get("end")) {
            assert!(s <= e, "{id}: {s} > {e}");
        }
    }
    let edges = graph.find_all("edge");
    assert_eq!(edges.len(), EDGES);
    for e in &edges {
        assert!(
            e.attrs.get("label").is_some_and(|l| !l.is_empty()),
            "edge label"
        );
        assert!(e.attrs["weight"].parse::<u32>().expect("weight") >= 1);
        assert!(
            ids.contains(e.attrs["source"].as_str()) && ids.contains(e.attrs["target"].as_str())
        );
        for v in e.find_all("attvalue") {
            assert!(declared.contains(&("edge".into(), v.attrs["for"].clone())));
        }
    }

    // A small golden: the State Council node, exactly.
    let council = nodes
        .iter()
        .find(|n| n.attrs["label"] == "국무원")
        .expect("국무원");
    let values: BTreeMap<&str, &str> = council
        .find_all("attvalue")
        .iter()
        .map(|v| (v.attrs["for"].as_str(), v.attrs["value"].as_str()))
        .collect();
    assert_eq!(
        values,
        BTreeMap::from([
            ("class", "Agency"),
            ("degree", "4"),
            ("iri", "https://w3id.org/policykg/id/agency/state-council"),
            ("label_en", "State Council"),
            ("label_ko", "국무원"),
            ("label_zh", "国务院"),
            ("mention_count", "4"),
            (
                "sources",
                "'25년까지 특허 기술거래 규모를 8,000억 위안으로 확대; 국가에너지국, 해상 풍력 발전 지도의견 발표"
            ),
        ])
    );
    let color = council.child("viz:color").expect("colour");
    assert_eq!(
        (
            color.attrs["r"].as_str(),
            color.attrs["g"].as_str(),
            color.attrs["b"].as_str()
        ),
        ("225", "87", "89")
    );
    assert_eq!(
        council.attrs.get("start").map(String::as_str),
        Some("2023-10-27")
    );
}

#[test]
fn graphml_declares_every_key() {
    let store = fixture();
    let (text, _) = export_text(&store, ExportFormat::GraphMl, &GraphOptions::default());
    let graphml = parse_xml(&text);
    assert_eq!(graphml.name, "graphml");
    let keys: BTreeMap<String, (String, String)> = graphml
        .find_all("key")
        .iter()
        .map(|k| {
            (
                k.attrs["id"].clone(),
                (k.attrs["for"].clone(), k.attrs["attr.type"].clone()),
            )
        })
        .collect();
    for (_, ty) in keys.values() {
        assert!(["string", "int", "double"].contains(&ty.as_str()), "{ty}");
    }
    let graph = graphml.child("graph").expect("<graph>");
    assert_eq!(
        graph.attrs.get("edgedefault").map(String::as_str),
        Some("directed")
    );
    assert_eq!(graph.find_all("node").len(), NODES);
    assert_eq!(graph.find_all("edge").len(), EDGES);
    for (domain, name) in [("node", "node"), ("edge", "edge")] {
        for el in graph.find_all(name) {
            for d in el.find_all("data") {
                let key = &d.attrs["key"];
                assert_eq!(
                    keys.get(key).map(|k| k.0.as_str()),
                    Some(domain),
                    "key {key} declared for {domain}"
                );
            }
        }
    }
    assert!(text.contains("<data key=\"n_label\">특허 운용 전문프로젝트 액션방안</data>"));
}

#[test]
fn dot_quotes_labels_and_clusters_by_class() {
    let store = fixture();
    let (text, _) = export_text(&store, ExportFormat::Dot, &GraphOptions::default());
    assert!(text.starts_with("digraph policykg {"));
    assert_eq!(text.lines().filter(|l| l.contains(" -> ")).count(), EDGES);
    assert_eq!(
        text.lines().filter(|l| l.contains("fillcolor=")).count(),
        NODES
    );
    for cluster in [
        "cluster_Agency",
        "cluster_Program",
        "cluster_Target",
        "cluster_City",
        "cluster_Person",
    ] {
        assert!(
            text.contains(&format!("subgraph \"{cluster}\"")),
            "{cluster}"
        );
    }
    assert!(text.contains("label=\"베이징 과학기술위원회\", fillcolor=\"#E15759\""));
    // The label with quotes inside stays one DOT string.
    assert!(text.contains("label=\"'25년까지 특허 기술거래 규모 8,000억 위안\""));
}

#[test]
fn json_is_cytoscape_elements() {
    let store = fixture();
    let (text, _) = export_text(&store, ExportFormat::Json, &GraphOptions::default());
    let doc: serde_json::Value = serde_json::from_str(&text).expect("JSON");
    let nodes = doc["elements"]["nodes"].as_array().expect("nodes");
    let edges = doc["elements"]["edges"].as_array().expect("edges");
    assert_eq!((nodes.len(), edges.len()), (NODES, EDGES));
    let ids: HashSet<&str> = nodes
        .iter()
        .map(|n| n["data"]["id"].as_str().expect("id"))
        .collect();
    for e in edges {
        let d = &e["data"];
        assert!(
            ids.contains(d["source"].as_str().expect("source"))
                && ids.contains(d["target"].as_str().expect("target"))
        );
        assert!(d["label"].as_str().is_some_and(|l| !l.is_empty()));
    }
    let target = nodes
        .iter()
        .find(|n| n["data"]["id"] == format!("{PKID}target/patent-trade-2025"))
        .expect("target");
    assert_eq!(target["data"]["deadline"], 2025);
    assert_eq!(target["data"]["value"], 800000000000.0);
    assert_eq!(target["data"]["unit"], "CNY");
    assert_eq!(target["data"]["color"], "#F28E2B");
}

fn have(program: &str, args: &[&str]) -> bool {
    Command::new(program)
        .args(args)
        .output()
        .is_ok_and(|o| o.status.success())
}

#[test]
fn svg_through_graphviz() {
    let store = fixture();
    let mut out = Vec::new();
    let result = export::export(
        store.oxigraph(),
        ExportFormat::Svg,
        &GraphOptions::default(),
        &mut out,
    );
    if !common::reader_present(have("dot", &["-V"]), "Graphviz dot") {
        match result {
            Err(Error::Output(m)) => assert!(m.contains("Graphviz"), "{m}"),
            other => panic!("expected a Graphviz error, got {other:?}"),
        }
        return;
    }
    result.expect("svg");
    let svg = String::from_utf8(out).expect("UTF-8");
    assert!(svg.contains("<svg"));
    assert!(svg.contains("탄소중립 과기혁신 액션방안"));
}

#[test]
fn independent_readers_agree() {
    let python = have("python3", &["-c", "import networkx"]);
    let dot = have("dot", &["-V"]);
    if !common::reader_present(
        python && dot,
        &format!("networkx ({python}) or Graphviz dot ({dot})"),
    ) {
        return;
    }
    let store = fixture();
    let dir = tempfile::tempdir().expect("temp dir");
    let mut paths = Vec::new();
    for format in [ExportFormat::Gexf, ExportFormat::GraphMl, ExportFormat::Dot] {
        let (text, _) = export_text(&store, format, &GraphOptions::default());
        let path = dir.path().join(format!("graph.{}", format.extension()));
        std::fs::write(&path, text).expect("write");
        paths.push(path);
    }
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/readers/check_exports.py");
    let output = Command::new("python3")
        .arg(script)
        .args(&paths)
        .arg(NODES.to_string())
        .arg(EDGES.to_string())
        .output()
        .expect("python3 runs");
    assert!(
        output.status.success(),
        "readers disagree:\n{}{}",
        String::from_utf8_lossy(&output.stdout),
        String::from_utf8_lossy(&output.stderr)
    );
}

#[test]
fn cli_writes_the_file_from_an_on_disk_store() {
    let dir = tempfile::tempdir().expect("temp dir");
    let store_path = dir.path().join("store");
    {
        let store = KnowledgeStore::open(&store_path).expect("store");
        store
            .load_dataset(RdfFormat::TriG, FIXTURE.as_bytes())
            .expect("fixture");
        store.flush().expect("flush");
    }
    let query = dir.path().join("issuers.rq");
    std::fs::write(
        &query,
        "CONSTRUCT { ?p pk:issuedBy ?a } WHERE { ?p pk:issuedBy ?a }",
    )
    .expect("query");
    // (output file, --format, --types, --construct, expected text)
    type Row<'a> = (
        &'a str,
        Option<&'a str>,
        Vec<&'a str>,
        Option<std::path::PathBuf>,
        &'a str,
    );
    let table: Vec<Row> = vec![
        ("graph.gexf", None, vec![], None, "<gexf"),
        ("graph.graphml", None, vec![], None, "<graphml"),
        ("agencies.dot", Some("dot"), vec!["Agency"], None, "digraph"),
        ("issuers.json", None, vec![], Some(query), "\"issuedBy\""),
    ];
    for (file, format, types, construct, expected) in table {
        let output = dir.path().join(file);
        let mut cmd = common::policykg(&store_path);
        cmd.arg("export").arg("-o").arg(&output);
        if let Some(f) = format {
            cmd.args(["--format", f]);
        }
        if !types.is_empty() {
            cmd.arg("--types").arg(types.join(","));
        }
        if let Some(c) = &construct {
            cmd.arg("--construct").arg(c);
        }
        common::run_ok(&mut cmd);
        let text = std::fs::read_to_string(&output).expect("output file");
        assert!(text.contains(expected), "{file}");
    }

    // A failing export leaves no file behind.
    let output = dir.path().join("never.gexf");
    let out = common::policykg(&store_path)
        .arg("export")
        .arg("-o")
        .arg(&output)
        .args(["--ego", "과학기술부"])
        .output()
        .expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(err.contains("no entity named '과학기술부'"), "{err}");
    assert!(!output.exists());
}
