//! Malformed and truncated reports never panic the parser or the extractor:
//! slices of the sample cut at arbitrary character positions, shuffled lines,
//! unbalanced quotes, brackets and tags.

mod common;

use std::path::Path;

use common::rng::Rng;
use policykg::document::parse_report_bytes;
use policykg::extract::extract;

const SAMPLE: &str = include_str!("../examples/kostec-weekly-2023-11-03.md");

/// A valid report parses, and its extraction does not fail.
fn parses_and_survives(text: &str) {
    let report = parse_report_bytes(Path::new("odd.md"), text.as_bytes())
        .unwrap_or_else(|e| panic!("a valid input does not parse: {text:?}: {e}"));
    extract(&report).unwrap_or_else(|e| panic!("{text:?}: {e}"));
}

fn survives(text: &str) {
    if let Ok(report) = parse_report_bytes(Path::new("mutant.md"), text.as_bytes()) {
        extract(&report).expect("extraction of a parsed report does not fail");
    }
}

#[test]
fn arbitrary_slices_of_the_sample() {
    let chars: Vec<char> = SAMPLE.chars().collect();
    let mut rng = Rng(7);
    for _ in 0..150 {
        let a = rng.below(chars.len());
        let b = (a + rng.below(4000)).min(chars.len());
        let slice: String = chars[a..b].iter().collect();
        survives(&slice);
    }
}

#[test]
fn shuffled_and_damaged_lines() {
    let lines: Vec<&str> = SAMPLE.lines().collect();
    let mut rng = Rng(11);
    let damage = [
        "'",
        "‘",
        "「",
        "《",
        "(",
        "**",
        "<li>",
        "\t",
        "## ",
        "- ",
        "'25년까지 ",
        "1조 ",
        "억",
        "%",
        "(10.27",
    ];
    for _ in 0..60 {
        let mut text = String::new();
        for _ in 0..80 {
            let line = lines[rng.below(lines.len())];
            let cut = line
                .char_indices()
                .map(|(i, _)| i)
                .nth(rng.below(line.chars().count() + 1))
                .unwrap_or(line.len());
            text.push_str(&line[..cut]);
            text.push_str(damage[rng.below(damage.len())]);
            text.push_str(&line[cut..]);
            text.push('\n');
        }
        survives(&text);
    }
}

#[test]
fn odd_but_valid_inputs() {
    for text in [
        "#",
        "본문\n\n| 발 행 일 | 2023. 13. 45",
        "'''''''''",
        "《《《》》》「」『』<<>>",
        "1조 2,000억 3천만 4백 5십 만 억 조",
        "'25년까지'26년까지'27년까지",
        "국무원은 ''을 발표",
        "베이징시 과기위 과기위 과기위, 과기위 및 과기위",
        "[참고자료]\n\n## [참고자료] 제목\n\n본문",
        "'14차 '15년 '16",
    ] {
        parses_and_survives(text);
    }
}

#[test]
fn markup_alone_is_a_one_line_error() {
    for text in [
        "## 01",
        "## 01\n## 02\n## 03",
        "\t\t\t\n\t<ul><li></li></ul>\t",
        "---\n\n---\n\n***",
    ] {
        match parse_report_bytes(Path::new("odd.md"), text.as_bytes()) {
            Ok(_) => panic!("{text:?} has no text but parsed"),
            Err(e) => {
                let msg = e.to_string();
                assert!(
                    msg.starts_with("odd.md:") && !msg.contains('\n'),
                    "{text:?}: {msg}"
                );
            }
        }
    }
}
