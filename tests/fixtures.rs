//! Extraction over fixture files: each `tests/extraction/NAME.md` (or
//! `.html`, `.txt`) holds one family of phrasings, and `NAME.expected`
//! beside it lists every fact they must give (entities, issuers, targets
//! with setter, deadline, value, unit and metric, indicators, each fact's
//! source sentence). A file is one report, or a table of cases: each
//! `<!-- case: TITLE -->` line starts a report of its own, read apart from
//! the others. A change in what the extractor reads shows as a diff; after
//! review, bless the new output with
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
        .filter(|p| {
            p.extension()
                .is_some_and(|x| x == "md" || x == "html" || x == "txt")
        })
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
        let (kind, when, year) = if f.is_target {
            ("target", "due", f.deadline)
        } else {
            ("indicator", "of", f.ref_year)
        };
        let setters: Vec<String> = f.set_by.iter().map(|k| label(x, k)).collect();
        lines.push(format!(
            "{kind} by [{}] {when} {} | {} {} | {} | « {} »",
            setters.join(", "),
            year.map_or("-".to_string(), |y| y.to_string()),
            f.value.map_or("-".to_string(), |v| v.to_string()),
            f.unit.as_deref().unwrap_or("-"),
            f.metric,
            f.provenance.sentence
        ));
    }
    lines.sort();
    lines.join("\n") + "\n"
}

/// The cases of a fixture file: each `<!-- case: TITLE -->` line starts one;
/// a file without such a line is one untitled case.
fn cases(text: &str) -> Vec<(Option<&str>, String)> {
    const MARK: &str = "<!-- case: ";
    if !text.contains(MARK) {
        return vec![(None, text.to_string())];
    }
    let mut out: Vec<(Option<&str>, String)> = Vec::new();
    for line in text.lines() {
        if let Some(title) = line.strip_prefix(MARK).and_then(|r| r.strip_suffix(" -->")) {
            out.push((Some(title), String::new()));
        } else if let Some((_, body)) = out.last_mut() {
            body.push_str(line);
            body.push('\n');
        }
    }
    out
}

#[test]
fn a_fixture_splits_into_its_cases() {
    let text = "<!-- case: one -->\n## 1\n\n가\n<!-- case: two -->\n나\n";
    assert_eq!(
        cases(text),
        vec![
            (Some("one"), "## 1\n\n가\n".to_string()),
            (Some("two"), "나\n".to_string())
        ]
    );
    assert_eq!(cases("나\n"), vec![(None, "나\n".to_string())]);
}

#[test]
fn fixtures_give_their_expected_facts() {
    let bless = std::env::var("POLICYKG_BLESS").as_deref() == Ok("1");
    let files = fixtures();
    assert!(files.len() >= 16, "the fixtures are missing: {files:?}");
    let mut stale = Vec::new();
    for md in files {
        let text = std::fs::read_to_string(&md).unwrap_or_else(|e| panic!("{}: {e}", md.display()));
        let mut got = String::new();
        for (title, case) in cases(&text) {
            let report = parse_report_bytes(&md, case.as_bytes())
                .unwrap_or_else(|e| panic!("{}: {e}", md.display()));
            let facts = render(&extract(&report).unwrap_or_else(|e| panic!("{e}")));
            match title {
                Some(title) => {
                    let _ = write!(got, "## {title}\n{facts}\n");
                }
                None => got.push_str(&facts),
            }
        }
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
