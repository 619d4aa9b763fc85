//! The corpus benchmark end to end on a tiny corpus: it must run, measure
//! every figure the README documents and write them as flat JSON keys.
//! (Its numbers are not checked here: timings belong to benchmark runs.)

use std::process::Command;

use tempfile::TempDir;

#[test]
fn bench_writes_every_figure_for_a_small_corpus() {
    let out = TempDir::new().expect("temp dir");
    // Cargo built both binaries for this test; without `CARGO` the bench
    // does not try to build `policykg` itself.
    let run = Command::new(env!("CARGO_BIN_EXE_bench"))
        .env_remove("CARGO")
        .args(["--reports", "3", "--out"])
        .arg(out.path())
        .output()
        .expect("bench runs");
    assert!(
        run.status.success(),
        "bench failed: {}",
        String::from_utf8_lossy(&run.stderr)
    );
    let text = std::fs::read_to_string(out.path().join("report.json")).expect("report.json");
    let json: serde_json::Value = serde_json::from_str(&text).expect("valid JSON");
    for key in [
        "ingest_s",
        "ingest_peak_rss_mb",
        "bulk_load_s",
        "ingest_vs_bulk_load",
        "extract_s",
        "scan_s",
        "extract_vs_scan",
        "export_gexf_s",
        "export_read_s",
        "query_floor_p95_ms",
    ] {
        // written as a number; what it is belongs to benchmark runs, not tests
        let value = json[key].as_f64();
        assert!(
            value.is_some_and(f64::is_finite),
            "{key} missing or not a number: {}",
            json[key]
        );
    }
    assert_eq!(json["reports"], 3);
    // every named query is timed, keyed by its name
    let p95 = json["query_p95_ms"]
        .as_object()
        .expect("query_p95_ms object");
    for name in ["agency-targets", "entities", "provenance"] {
        assert!(p95[name].as_f64().is_some(), "{name} not timed: {p95:?}");
    }
    // networkx and the Oxigraph server are required unless skipped on purpose;
    // when missing, the reason is written instead
    let required = std::env::var("POLICYKG_SKIP_READERS").as_deref() != Ok("1");
    assert!(
        json["networkx_s"].is_f64() || !required && json["networkx_skipped"].is_string(),
        "networkx_s: {} ({})",
        json["networkx_s"],
        json["networkx_skipped"]
    );
    // the push to a local Oxigraph server, next to its reference (a dump)
    if required || json["push_skipped"].is_null() {
        for key in ["push_s", "dump_s", "push_vs_dump"] {
            assert!(
                json[key].as_f64().is_some_and(f64::is_finite),
                "{key} missing or not a number: {} ({})",
                json[key],
                json["push_skipped"]
            );
        }
    }
    let table = std::fs::read_to_string(out.path().join("report.md")).expect("report.md");
    assert!(table.contains("| extract_vs_scan |"), "{table}");
}
