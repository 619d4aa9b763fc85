//! Criterion micro-benchmarks of ingest's hot paths, on the bundled sample
//! report: document parsing, gazetteer matching, quantity parsing and the
//! whole extraction. Run with `cargo bench --bench hot_paths -- --quick`.

use std::hint::black_box;
use std::path::Path;

use criterion::{criterion_group, criterion_main, Criterion, Throughput};

use policykg::document::parse_report_bytes;
use policykg::extract::gazetteer::Gazetteer;
use policykg::extract::{extract, number::find_quantities};

const SAMPLE: &str = include_str!("../examples/kostec-weekly-2023-11-03.md");
const SAMPLE_PATH: &str = "examples/kostec-weekly-2023-11-03.md";

/// Every sentence of the sample, as the extractor sees them.
fn sentences() -> Vec<String> {
    match parse_report_bytes(Path::new(SAMPLE_PATH), SAMPLE.as_bytes()) {
        Ok(r) => r
            .articles
            .iter()
            .flat_map(|a| a.sentences.iter().map(|s| s.text.clone()))
            .collect(),
        Err(e) => panic!("the bundled sample must parse: {e}"),
    }
}

fn hot_paths(c: &mut Criterion) {
    let gaz = match Gazetteer::bundled() {
        Ok(g) => g,
        Err(e) => panic!("the bundled gazetteer must load: {e}"),
    };
    let sentences = sentences();
    let sentence_bytes: usize = sentences.iter().map(String::len).sum();

    let mut g = c.benchmark_group("sample");
    g.throughput(Throughput::Bytes(SAMPLE.len() as u64));
    g.bench_function("parse_report_bytes", |b| {
        b.iter(|| parse_report_bytes(Path::new(SAMPLE_PATH), black_box(SAMPLE.as_bytes())))
    });
    let report = match parse_report_bytes(Path::new(SAMPLE_PATH), SAMPLE.as_bytes()) {
        Ok(r) => r,
        Err(e) => panic!("the bundled sample must parse: {e}"),
    };
    g.bench_function("extract", |b| b.iter(|| extract(black_box(&report))));
    g.finish();

    let mut g = c.benchmark_group("sentences");
    g.throughput(Throughput::Bytes(sentence_bytes as u64));
    g.bench_function("gazetteer_find", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|s| gaz.find(black_box(s)).len())
                .sum::<usize>()
        })
    });
    g.bench_function("find_quantities", |b| {
        b.iter(|| {
            sentences
                .iter()
                .map(|s| find_quantities(black_box(s)).len())
                .sum::<usize>()
        })
    });
    g.finish();
}

criterion_group!(benches, hot_paths);
criterion_main!(benches);
