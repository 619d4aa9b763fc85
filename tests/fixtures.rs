//! Extraction over fixture files: each `tests/extraction/NAME.md` is a short
//! report written for one family of phrasings, and `NAME.expected` beside
//! it lists every fact it must give (entities, issuers, targets with setter,
//! deadline, value, unit and metric, indicators). A change in what the
//! extractor reads shows as a diff; after review, bless the new output with
//! `POLICYKG_BLESS=1 cargo test --release --test fixtures`.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

use policykg::document::parse_report_bytes;
use policykg::extract::{extract, Class, Extraction, Predicate};

fn fixtures() -> Vec<PathBuf> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/extraction");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "md"))
        .collect();
    files.sort();
    files
}

fn label(x: &Extraction, key: &str) -> String {
    x.entities
        .get(key)
        .map_or_else(|| key.to_string(), |e| e.label_ko.clone())
}

/// Every fact of an extraction, one sorted line each.
fn render(x: &Extraction) -> String {
    let mut lines: Vec<String> = Vec::new();
    for e in x.entities.values() {
        let class = match e.class {
            Class::Agency => "agency",
            Class::Country | Class::Province | Class::City | Class::District => "region",
            Class::Program => "program",
            Class::Technology => "technology",
            Class::Organization => "organization",
            Class::Person => "person",
        };
        let mut line = format!("{class} {}", e.label_ko);
        if let (Some(s), Some(t)) = (e.start_year, e.end_year) {
            let _ = write!(line, " ({s}-{t})");
        }
        lines.push(line);
    }
    for (s, p, o) in x.relations.keys() {
        if *p == Predicate::IssuedBy {
            lines.push(format!("issued {} <- {}", label(x, s), label(x, o)));
        }
    }
    for f in &x.facts {
        let kind = if f.is_target { "target" } else { "indicator" };
        let setters: Vec<String> = f.set_by.iter().map(|k| label(x, k)).collect();
        lines.push(format!(
            "{kind} by [{}] due {} | {} {} | {}",
            setters.join(", "),
            f.deadline.map_or("-".to_string(), |y| y.to_string()),
            f.value.map_or("-".to_string(), |v| v.to_string()),
            f.unit.as_deref().unwrap_or("-"),
            f.metric
        ));
    }
    lines.sort();
    lines.join("\n") + "\n"
}

#[test]
fn fixtures_give_their_expected_facts() {
    let bless = std::env::var("POLICYKG_BLESS").as_deref() == Ok("1");
    let files = fixtures();
    assert!(files.len() >= 8, "the fixtures are missing: {files:?}");
    let mut stale = Vec::new();
    for md in files {
        let bytes = std::fs::read(&md).unwrap_or_else(|e| panic!("{}: {e}", md.display()));
        let report =
            parse_report_bytes(&md, &bytes).unwrap_or_else(|e| panic!("{}: {e}", md.display()));
        let got = render(&extract(&report).unwrap_or_else(|e| panic!("{e}")));
        let expected_path = md.with_extension("expected");
        if bless {
            std::fs::write(&expected_path, &got)
                .unwrap_or_else(|e| panic!("{}: {e}", expected_path.display()));
            continue;
        }
        let want = std::fs::read_to_string(&expected_path).unwrap_or_default();
        if got != want {
            stale.push(format!(
                "{}:\n--- expected\n{want}--- got\n{got}",
                md.display()
            ));
        }
    }
    assert!(
        stale.is_empty(),
        "extraction differs from the fixtures (review, then bless with POLICYKG_BLESS=1):\n{}",
        stale.join("\n")
    );
}
