//! The text that `policykg explore` prints: each exploration result as an
//! aligned table (through [`crate::render`], so Hangul and Hanzi take two
//! columns, as terminals draw them) or as numbered lines for a path.
//!
//! It does not explore (the [`Explorer`](super::Explorer) methods compute
//! the results) and knows nothing of the command line.

use std::io::Write;

use super::{Neighborhood, RankBy, Ranked, RelationPath, SearchHit, TimelineYear};
use crate::render;

/// Prints the entities around the centre of `n`, `depth` relations away at most.
pub fn print_neighbors(n: &Neighborhood, depth: usize, out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(
        out,
        "{}: {} related {} within {depth} {}",
        n.center,
        n.neighbors.len(),
        if n.neighbors.len() == 1 {
            "entity"
        } else {
            "entities"
        },
        if depth == 1 { "hop" } else { "hops" }
    )?;
    let mut headers = vec!["depth", "relation", "entity", "class"];
    if depth > 1 {
        headers.push("via");
    }
    let rows = n
        .neighbors
        .iter()
        .map(|r| {
            let mut row = vec![
                r.depth.to_string(),
                format!("{} {}", r.direction.arrow(), r.predicate),
                r.entity.label.clone(),
                r.entity.class.clone(),
            ];
            if depth > 1 {
                row.push(r.via.label.clone());
            }
            row
        })
        .collect();
    write_table(out, &headers, rows)
}

/// Prints a relation path hop by hop, with each hop's evidence.
pub fn print_path(p: &RelationPath, out: &mut dyn Write) -> std::io::Result<()> {
    let hops = p.hops.len();
    writeln!(
        out,
        "{} → {}: {hops} {}",
        p.from,
        p.to,
        if hops == 1 { "hop" } else { "hops" }
    )?;
    for (i, hop) in p.hops.iter().enumerate() {
        let relation = match hop.direction {
            crate::explore::Direction::Outgoing => format!("—{}→", hop.predicate),
            crate::explore::Direction::Incoming => format!("←{}—", hop.predicate),
        };
        writeln!(
            out,
            "{:>3}. {} {relation} {}",
            i + 1,
            hop.from.label,
            hop.to
        )?;
        if let Some(e) = &hop.evidence {
            writeln!(out, "     「{e}」")?;
        }
    }
    Ok(())
}

/// Prints a ranking with the score `by` gives.
pub fn print_rank(ranked: &[Ranked], by: RankBy, out: &mut dyn Write) -> std::io::Result<()> {
    let rows = ranked
        .iter()
        .enumerate()
        .map(|(i, r)| {
            let score = match by {
                RankBy::Degree => format!("{}", r.score),
                _ => format!("{:.4}", r.score),
            };
            vec![
                (i + 1).to_string(),
                score,
                r.entity.label.clone(),
                r.entity.class.clone(),
            ]
        })
        .collect();
    write_table(out, &["rank", &by.to_string(), "entity", "class"], rows)
}

/// Prints search hits for `text` (or that nothing matched).
pub fn print_search(hits: &[SearchHit], text: &str, out: &mut dyn Write) -> std::io::Result<()> {
    if hits.is_empty() {
        return writeln!(out, "no entity matches '{text}'");
    }
    let rows = hits
        .iter()
        .map(|h| {
            vec![
                format!("{:.2}", h.score),
                h.entity.label.clone(),
                h.entity.class.clone(),
                format!("{} [{}]", h.matched, h.lang),
            ]
        })
        .collect();
    write_table(out, &["score", "entity", "class", "matched"], rows)
}

/// Prints targets by deadline year.
pub fn print_timeline(years: &[TimelineYear], out: &mut dyn Write) -> std::io::Result<()> {
    if years.is_empty() {
        return writeln!(out, "no targets");
    }
    let mut rows = Vec::new();
    for y in years {
        for (i, t) in y.targets.iter().enumerate() {
            let year = match (i, y.year) {
                (0, Some(year)) => year.to_string(),
                (0, None) => "(none)".to_string(),
                _ => String::new(),
            };
            let join = |v: &[crate::explore::Entity]| {
                v.iter()
                    .map(|e| e.label.as_str())
                    .collect::<Vec<_>>()
                    .join(", ")
            };
            rows.push(vec![
                year,
                join(&t.agencies),
                join(&t.programs),
                t.metric.clone().unwrap_or_else(|| t.target.label.clone()),
                t.value.clone().unwrap_or_default(),
                t.unit.clone().unwrap_or_default(),
                t.value_text.clone().unwrap_or_default(),
            ]);
        }
    }
    write_table(
        out,
        &[
            "year",
            "agency",
            "program",
            "metric",
            "value",
            "unit",
            "as written",
        ],
        rows,
    )
}

/// An aligned table of `headers` and `rows`.
fn write_table(
    out: &mut dyn Write,
    headers: &[&str],
    rows: Vec<Vec<String>>,
) -> std::io::Result<()> {
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    render::write_table(out, &header, &rows)
}
