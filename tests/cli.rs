//! End-to-end tests of the `policykg` binary on the bundled sample report:
//! ingest into an on-disk store, answer SPARQL, refuse bad input with one
//! line and leave the store exactly as it was. The library's own parts are
//! tested in their modules and the other test files; this one is about what
//! the binary prints and leaves behind.

mod common;

use std::path::Path;
use std::process::Output;

use common::{
    all_quads, ingest, policykg, query_json_with, rows, rows_with, run_ok, sample_store, value,
    SAMPLE,
};
use tempfile::TempDir;

fn query_json(store: &Path, q: &str) -> serde_json::Value {
    query_json_with(store, &[q])
}

#[test]
fn state_council_patent_target_is_one_sparql_hop_away() {
    let (_dir, store) = sample_store();
    let r = rows(
        &store,
        r#"SELECT ?program ?year ?value ?unit WHERE {
             ?t a pk:Target ; pk:setBy ?a ; pk:deadline ?year ; pk:value ?value ; pk:unit ?unit .
             ?a rdfs:label "국무원"@ko .
             ?p pk:hasTarget ?t ; rdfs:label ?program . FILTER(lang(?program) = "ko")
             FILTER(?value = 800000000000)
           }"#,
    );
    assert!(!r.is_empty(), "no 8,000억 위안 target set by 국무원");
    assert_eq!(value(&r[0], "program"), "특허 운용 전문프로젝트 액션방안");
    assert_eq!(value(&r[0], "year"), "2025");
    assert_eq!(value(&r[0], "unit"), "CNY");
}

#[test]
fn programs_have_issuers_periods_and_dates() {
    let (_dir, store) = sample_store();
    let r = rows(
        &store,
        r#"SELECT ?agency ?start ?end ?date WHERE {
             ?p rdfs:label "신형 인프라 건설 행동방안"@ko ; pk:issuedBy/rdfs:label ?agency ;
                pk:startYear ?start ; pk:endYear ?end ; pk:announcedOn ?date .
             FILTER(lang(?agency) = "ko")
           }"#,
    );
    assert_eq!(r.len(), 1, "{r:?}");
    assert!(value(&r[0], "agency").starts_with("상하이"));
    assert_eq!(
        (value(&r[0], "start"), value(&r[0], "end")),
        ("2023".into(), "2026".into())
    );
    assert_eq!(value(&r[0], "date"), "2023-10-19");

    // the four joint issuers of the Beijing carbon-neutrality plan come from the footnote
    let joint = rows(
        &store,
        r#"SELECT DISTINCT ?a WHERE { ?p rdfs:label "탄소중립 과기혁신 액션방안"@ko ; pk:issuedBy ?a }"#,
    );
    assert_eq!(joint.len(), 4, "{joint:?}");
}

#[test]
fn every_target_keeps_provenance() {
    let (_dir, store) = sample_store();
    let missing = rows(
        &store,
        r#"SELECT ?t WHERE { ?t a pk:Target . FILTER NOT EXISTS { ?t prov:wasDerivedFrom ?a ; pk:evidence ?e . ?a a pk:Article } }"#,
    );
    assert!(
        missing.is_empty(),
        "targets without provenance: {missing:?}"
    );
    let ask = query_json(
        &store,
        r#"ASK { ?x a/rdfs:subClassOf* pk:Region ; rdfs:label "베이징"@ko }"#,
    );
    assert_eq!(ask["boolean"], serde_json::Value::Bool(true));
}

#[test]
fn named_queries_run_in_every_format() {
    let (_dir, store) = sample_store();
    for name in [
        "agency-targets",
        "programs-by-agency",
        "technologies-by-program",
        "targets-by-year",
        "city-indicators",
        "provenance",
    ] {
        for format in ["table", "csv", "tsv", "json"] {
            let out = policykg(&store)
                .args(["query", "--format", format, name])
                .output()
                .expect("runs");
            assert!(
                out.status.success(),
                "{name} {format}: {}",
                String::from_utf8_lossy(&out.stderr)
            );
            assert!(!out.stdout.is_empty(), "{name} {format}: empty output");
        }
    }
    let table = policykg(&store)
        .args(["query", "agency-targets"])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&table.stdout);
    assert!(
        text.contains("국무원") && text.contains("800000000000"),
        "{text}"
    );
    let construct = policykg(&store)
        .args([
            "query",
            "--format",
            "json",
            "CONSTRUCT { ?p pk:issuedBy ?a } WHERE { ?p pk:issuedBy ?a }",
        ])
        .output()
        .expect("runs");
    assert!(String::from_utf8_lossy(&construct.stdout).contains("issuedBy"));
}

#[test]
fn provenance_names_the_article_that_holds_each_sentence() {
    let (_dir, store) = sample_store();
    let rows = rows(&store, "provenance");
    // one row per (thing, sentence): no cross product of articles and sentences
    let mut keys: Vec<_> = rows
        .iter()
        .map(|r| (value(r, "label"), value(r, "line"), value(r, "evidence")))
        .collect();
    let n = keys.len();
    keys.sort();
    keys.dedup();
    assert_eq!(keys.len(), n, "duplicate provenance rows");
    let patent = rows
        .iter()
        .find(|r| value(r, "evidence").contains("8000억 위안"))
        .expect("the patent target's sentence");
    assert_eq!(value(patent, "article"), "국무원, 지식재산권 상용화 추진");
    assert_eq!(value(patent, "report"), "kostec-weekly-2023-11-03.md");
}

#[test]
fn named_queries_take_parameters() {
    let (_dir, store) = sample_store();
    let rows = rows_with(&store, &["agency-targets", "--param", "agency=국무원"]);
    assert!(!rows.is_empty());
    assert!(
        rows.iter().all(|r| value(r, "agency") == "국무원"),
        "{rows:?}"
    );
    let by_year = policykg(&store)
        .args([
            "query",
            "--format",
            "csv",
            "targets-by-year",
            "--param",
            "deadline=2025",
        ])
        .output()
        .expect("runs");
    let text = String::from_utf8_lossy(&by_year.stdout);
    assert_eq!(text.lines().count(), 2, "{text}");
    assert!(
        text.lines().nth(1).unwrap_or("").starts_with("2025,"),
        "{text}"
    );
    // ?agency is bound only in an OPTIONAL there: the parameter must keep
    // the targets that agency set, not relabel every target with it
    let count = |args: &[&str]| -> u64 {
        rows_with(&store, args)
            .iter()
            .filter_map(|r| value(r, "targets").parse::<u64>().ok())
            .sum()
    };
    let all = count(&["targets-by-year"]);
    let state_council = count(&["targets-by-year", "--param", "agency=국무원"]);
    let expected = count(&[
        "SELECT ?deadline (COUNT(DISTINCT ?t) AS ?targets) WHERE { ?t a pk:Target ; pk:deadline ?deadline ; pk:setBy/rdfs:label \"국무원\"@ko } GROUP BY ?deadline",
    ]);
    assert!(expected > 0);
    assert_eq!(state_council, expected);
    assert!(state_council < all, "{all} vs {state_council}");
    let aggregate = policykg(&store)
        .args(["query", "targets-by-year", "--param", "targets=3"])
        .output()
        .expect("runs");
    assert_one_line_error(&aggregate, "?targets is computed after the WHERE block");
    let unknown = policykg(&store)
        .args(["query", "agency-targets", "--param", "agnecy=국무원"])
        .output()
        .expect("runs");
    assert_one_line_error(&unknown, "no variable ?agnecy");
}

#[test]
fn explain_writes_the_plan_after_the_results() {
    let (_dir, store) = sample_store();
    let out = policykg(&store)
        .args(["query", "--format", "csv", "--explain", "agency-targets"])
        .output()
        .expect("runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    let rows = String::from_utf8_lossy(&out.stdout).lines().count();
    assert!(rows > 10, "the results are still written");
    let plan: serde_json::Value =
        serde_json::from_slice(&out.stderr).expect("the plan is one JSON document");
    let root = &plan["plan"];
    assert!(
        root["name"]
            .as_str()
            .is_some_and(|n| n.starts_with("Project")),
        "{plan}"
    );
    // with statistics: the root step counts the rows written above
    assert_eq!(
        root["number of results"].as_u64(),
        Some(rows as u64 - 1),
        "{plan}"
    );
}

#[test]
fn a_closed_pipe_is_not_an_error() {
    let (_dir, store) = sample_store();
    let mut child = std::process::Command::new(assert_cmd::cargo::cargo_bin("policykg"))
        .arg("--store")
        .arg(&store)
        .args(["query", "provenance"])
        .stdout(std::process::Stdio::piped())
        .stderr(std::process::Stdio::piped())
        .spawn()
        .expect("spawns");
    // read nothing: the first write that does not fit the pipe fails
    drop(child.stdout.take());
    let out = child.wait_with_output().expect("waits");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn ingesting_twice_leaves_the_same_triples() {
    let (_dir, store) = sample_store();
    let once = all_quads(&store);
    let out = ingest(&store, &[Path::new(SAMPLE)]);
    assert!(out.status.success());
    assert_eq!(once, all_quads(&store));
}

fn assert_one_line_error(out: &Output, needle: &str) {
    assert!(!out.status.success(), "expected failure");
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim_end().lines().count(), 1, "not one line: {err}");
    assert!(err.contains(needle), "`{needle}` not in: {err}");
}

#[test]
fn bad_input_is_refused_and_the_store_is_untouched() {
    let (dir, store) = sample_store();
    let before = all_quads(&store);
    let empty = dir.path().join("empty.md");
    std::fs::write(&empty, "  \n\n").expect("write");
    let binary = dir.path().join("binary.md");
    std::fs::write(&binary, b"# title\n\x00\x01\x02 binary").expect("write");
    let latin1 = dir.path().join("latin1.md");
    std::fs::write(&latin1, b"# r\xe9port\n").expect("write");
    let missing = dir.path().join("missing.md");

    assert_one_line_error(&ingest(&store, &[&empty]), "empty.md:1:1: empty file");
    assert_one_line_error(&ingest(&store, &[&binary]), "binary.md:2:1: binary file");
    assert_one_line_error(
        &ingest(&store, &[&latin1]),
        "latin1.md:1:4: not valid UTF-8",
    );
    assert_one_line_error(&ingest(&store, &[&missing]), "missing.md: cannot read");
    // a good file next to a bad one: nothing is written
    assert_one_line_error(&ingest(&store, &[Path::new(SAMPLE), &binary]), "binary.md");
    assert_eq!(before, all_quads(&store));

    let bad_sparql = policykg(&store)
        .args(["query", "SELECT ?x WHERE { ?x ?p }"])
        .output()
        .expect("runs");
    assert_one_line_error(&bad_sparql, "<command line>: ");
    let unknown = policykg(&store)
        .args(["query", "no-such-query"])
        .output()
        .expect("runs");
    assert_one_line_error(&unknown, "no named query");
    assert_eq!(before, all_quads(&store));
}

#[test]
fn a_store_held_by_another_process_is_refused() {
    let (_dir, store) = sample_store();
    let before = all_quads(&store);
    let held = policykg::store::KnowledgeStore::open(&store).expect("open for writing");
    let out = ingest(&store, &[Path::new(SAMPLE)]);
    assert_one_line_error(&out, "locked by another process");
    // and RocksDB's own words after it, from the error's source chain
    assert_one_line_error(&out, "LOCK");
    drop(held);
    assert_eq!(before, all_quads(&store));
}

#[test]
fn querying_a_missing_store_does_not_create_it() {
    let dir = TempDir::new().expect("tempdir");
    let store = dir.path().join("nothing");
    let out = policykg(&store)
        .args(["query", "agency-targets"])
        .output()
        .expect("runs");
    assert_one_line_error(&out, "no store here");
    assert!(!store.exists());
}

fn readers_available() -> bool {
    let networkx = common::python_imports("networkx, rdflib");
    let dot = std::process::Command::new("dot")
        .arg("-V")
        .output()
        .is_ok_and(|o| o.status.success());
    common::reader_present(
        networkx && dot,
        "python3 with networkx and rdflib, or Graphviz dot,",
    )
}

#[test]
fn sample_exports_open_in_networkx_and_graphviz() {
    if !readers_available() {
        return;
    }
    let (dir, store) = sample_store();
    let mut files = Vec::new();
    let mut counts = None;
    for format in ["gexf", "graphml", "dot"] {
        let path = dir.path().join(format!("sample.{format}"));
        let out = policykg(&store)
            .args(["export", "--format", format, "-o"])
            .arg(&path)
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let msg = String::from_utf8_lossy(&out.stderr).to_string()
            + &String::from_utf8_lossy(&out.stdout);
        let nums: Vec<usize> = msg
            .split_whitespace()
            .filter_map(|w| w.parse().ok())
            .collect();
        assert!(nums.len() >= 2, "no counts in: {msg}");
        let c = (nums[0], nums[1]);
        assert!(c.0 >= 40 && c.1 >= 40, "sample graph too small: {c:?}");
        assert!(
            counts.is_none_or(|prev| prev == c),
            "formats disagree: {counts:?} vs {c:?}"
        );
        counts = Some(c);
        files.push(path);
    }
    let (nodes, edges) = counts.expect("counts");
    let mut args: Vec<std::ffi::OsString> = files.iter().map(|f| f.clone().into()).collect();
    args.push(nodes.to_string().into());
    args.push(edges.to_string().into());
    common::run_reader("check_exports.py", &args);
}

#[test]
fn a_failed_export_leaves_the_output_file_as_it_was() {
    let (dir, store) = sample_store();
    let out_dir = dir.path().join("out");
    std::fs::create_dir(&out_dir).expect("mkdir");
    let path = out_dir.join("graph.gexf");
    std::fs::write(&path, "earlier export\n").expect("write");
    // an unknown --ego entity fails after the store has been read
    let out = policykg(&store)
        .args(["export", "--ego", "없는기관이름", "-o"])
        .arg(&path)
        .output()
        .expect("runs");
    assert!(!out.status.success());
    assert_one_line_error(&out, "없는기관이름");
    assert_eq!(
        std::fs::read_to_string(&path).expect("read"),
        "earlier export\n"
    );
    let names = |d: &Path| -> Vec<String> {
        let mut v: Vec<String> = std::fs::read_dir(d)
            .expect("ls")
            .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
            .collect();
        v.sort();
        v
    };
    assert_eq!(names(&out_dir), ["graph.gexf"], "no partial file is left");
    // a successful export replaces it whole, and leaves nothing else behind
    run_ok(policykg(&store).args(["export", "-o"]).arg(&path));
    let text = std::fs::read_to_string(&path).expect("read");
    assert!(text.starts_with("<?xml") && text.trim_end().ends_with("</gexf>"));
    assert_eq!(names(&out_dir), ["graph.gexf"]);
}

#[cfg(unix)]
#[test]
fn an_export_follows_a_link_and_writes_through_a_device() {
    let (dir, store) = sample_store();
    let real = dir.path().join("real.json");
    let link = dir.path().join("link.json");
    std::fs::write(&real, "old").expect("write");
    std::os::unix::fs::symlink(&real, &link).expect("symlink");
    run_ok(policykg(&store).args(["export", "-o"]).arg(&link));
    assert!(std::fs::symlink_metadata(&link)
        .expect("link")
        .file_type()
        .is_symlink());
    let text = std::fs::read_to_string(&real).expect("read");
    assert!(
        text.trim_start().starts_with('{'),
        "JSON written to the link's target"
    );
    // a pipe (the child's standard output here) is written in place: the
    // export arrives through it
    let out = run_ok(policykg(&store).args(["export", "--format", "dot", "-o", "/dev/stdout"]));
    assert!(String::from_utf8_lossy(&out.stdout).starts_with("digraph"));
    // standard output appending to a file: the export is appended, the
    // file is not replaced
    let log = dir.path().join("log.txt");
    std::fs::write(&log, "earlier line\n").expect("write");
    let appending = std::fs::OpenOptions::new()
        .append(true)
        .open(&log)
        .expect("open");
    let status = std::process::Command::new(env!("CARGO_BIN_EXE_policykg"))
        .arg("--store")
        .arg(&store)
        .args(["export", "--format", "dot", "-o", "/dev/stdout"])
        .stdout(appending)
        .status()
        .expect("runs");
    assert!(status.success());
    let text = std::fs::read_to_string(&log).expect("read");
    assert!(
        text.starts_with("earlier line\ndigraph"),
        "{}",
        &text[..40.min(text.len())]
    );
}

#[test]
fn rdf_dump_parses_in_rdflib() {
    if !readers_available() {
        return;
    }
    let (dir, store) = sample_store();
    let dump_path = dir.path().join("dump.nq");
    let s = policykg::store::KnowledgeStore::open_read_only(&store).expect("store opens");
    let lines: Vec<String> = s
        .quads()
        .expect("quads")
        .iter()
        .map(|q| format!("{q} ."))
        .collect();
    let n = lines.len();
    std::fs::write(&dump_path, lines.join("\n") + "\n").expect("write");
    let check = format!(
        "import rdflib, sys\nds = rdflib.Dataset()\nds.parse(sys.argv[1], format='nquads')\nn = sum(1 for _ in ds.quads((None, None, None, None)))\nassert n == {n}, (n, {n})\nlabels = set(str(o) for s, p, o, g in ds.quads((None, rdflib.RDFS.label, None, None)))\nassert '국무원' in labels\nprint(n)"
    );
    let out = std::process::Command::new("python3")
        .args(["-c", &check])
        .arg(&dump_path)
        .output()
        .expect("python3 runs");
    assert!(
        out.status.success(),
        "rdflib: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn queries_see_each_triple_once_and_follow_reingests() {
    let dir = TempDir::new().expect("tempdir");
    let store = dir.path().join("store");
    let (a, b) = (dir.path().join("a.md"), dir.path().join("b.md"));
    std::fs::copy(SAMPLE, &a).expect("copy");
    std::fs::copy(SAMPLE, &b).expect("copy");
    let labels = r#"SELECT ?l WHERE { ?x rdfs:label ?l ; rdfs:label "국무원"@ko }"#;
    assert!(ingest(&store, &[&a, &b]).status.success());
    assert_eq!(
        rows(&store, labels).len(),
        3,
        "ko, zh, en once each, not once per report"
    );
    // a report that no longer names 국무원: b still does
    std::fs::write(&a, "## 01 국가에너지국, 재생에너지 시범 사업 착수\n\n- 국가에너지국은 '재생에너지 시범사업 추진에 관한 통지'를 발표\n").expect("write");
    assert!(ingest(&store, &[&a]).status.success());
    assert_eq!(rows(&store, labels).len(), 3);
    std::fs::copy(&a, &b).expect("copy");
    assert!(ingest(&store, &[&b]).status.success());
    assert!(
        rows(&store, labels).is_empty(),
        "no report names 국무원 any more"
    );
    let program = r#"SELECT ?a WHERE { ?p rdfs:label "재생에너지 시범사업 추진에 관한 통지"@ko ; pk:issuedBy ?a }"#;
    assert_eq!(rows(&store, program).len(), 1);
}
