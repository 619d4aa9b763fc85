//! Prints the parsed structure of a report (articles, sentence kinds and
//! levels): a debugging aid for the document parser.
//!
//! `cargo run --release --example dump_report -- REPORT.md`

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let path = std::env::args()
        .nth(1)
        .ok_or("usage: dump_report REPORT.md")?;
    let report = policykg::document::read_report(std::path::Path::new(&path))?;
    println!(
        "title: {} | issued: {:?} | publisher: {:?}",
        report.title,
        report.issued.map(|d| d.to_string()),
        report.publisher
    );
    for a in &report.articles {
        println!(
            "== article {} (no. {:?}, part {:?}, preamble {}) {} [{:?}]",
            a.index,
            a.number,
            a.part,
            a.preamble,
            a.headline,
            a.date.map(|d| d.to_string())
        );
        for (i, s) in a.sentences.iter().enumerate() {
            println!(
                "  {i:>3} L{:<4} lvl {:>2} {:?} parent {:?}: {}",
                s.line,
                s.level,
                s.kind,
                s.parent,
                s.text.chars().take(70).collect::<String>()
            );
        }
    }
    Ok(())
}
