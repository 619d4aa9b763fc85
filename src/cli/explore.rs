//! `policykg explore`: the thin command-line layer over
//! [`policykg::explore`]. It parses the subcommand, opens the store
//! read-only, runs the library command and prints its result as an aligned
//! table (Hangul and Hanzi count as two columns, as terminals draw them).

use std::io::Write;
use std::path::Path;

use policykg::explore::{
    Explorer, Neighborhood, RankBy, Ranked, RelationPath, SearchHit, TimelineYear,
};
use policykg::store::KnowledgeStore;

/// Arguments of `policykg explore`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// What to explore.
    #[command(subcommand)]
    pub command: Command,
}

/// The exploration subcommands.
#[derive(clap::Subcommand, Debug)]
pub enum Command {
    /// Entities related to ENTITY (both directions), with the relations.
    Neighbors {
        /// Any Korean, Chinese or English label, alias, or IRI.
        entity: String,
        /// How many relations away to go.
        #[arg(long, short = 'd', default_value_t = 1)]
        depth: usize,
    },
    /// The shortest chain of relations between two entities, with evidence.
    Path {
        /// Start entity.
        from: String,
        /// End entity.
        to: String,
    },
    /// The most central entities.
    Rank {
        /// Centrality measure.
        #[arg(long, value_enum, default_value_t = By::Degree)]
        by: By,
        /// Only entities of this class (Agency, Program, Region, …).
        #[arg(long = "type", value_name = "CLASS")]
        class: Option<String>,
        /// How many to list.
        #[arg(long, default_value_t = 10)]
        top: usize,
    },
    /// Entities whose labels or aliases (any language) match TEXT.
    Search {
        /// What to look for.
        text: String,
        /// How many to list.
        #[arg(long, default_value_t = 10)]
        limit: usize,
    },
    /// Targets by deadline year, with agency, program, metric and value.
    Timeline {
        /// Only targets set by this agency or by its programs.
        #[arg(long, value_name = "AGENCY")]
        agency: Option<String>,
    },
}

/// Centrality measures as the command line spells them.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum By {
    /// Number of relations.
    Degree,
    /// PageRank over directed relations.
    Pagerank,
    /// Betweenness centrality (undirected).
    Betweenness,
}

impl From<By> for RankBy {
    fn from(b: By) -> Self {
        match b {
            By::Degree => RankBy::Degree,
            By::Pagerank => RankBy::PageRank,
            By::Betweenness => RankBy::Betweenness,
        }
    }
}

/// Runs `policykg explore` on the store at `store_path`.
pub fn run(args: Args, store_path: &Path) -> anyhow::Result<()> {
    let store = KnowledgeStore::open_read_only(store_path)?;
    let explorer = Explorer::new(store.oxigraph())?;
    let mut out = std::io::stdout().lock();
    execute(&explorer, args.command, &mut out)?;
    out.flush()?;
    Ok(())
}

/// Runs one subcommand on `explorer` and prints its result to `out`.
pub fn execute(explorer: &Explorer, command: Command, out: &mut dyn Write) -> anyhow::Result<()> {
    match command {
        Command::Neighbors { entity, depth } => {
            print_neighbors(&explorer.neighbors(&entity, depth)?, depth, out)?
        }
        Command::Path { from, to } => print_path(&explorer.path(&from, &to)?, out)?,
        Command::Rank { by, class, top } => {
            let by = RankBy::from(by);
            print_rank(&explorer.rank(by, class.as_deref(), top)?, by, out)?
        }
        Command::Search { text, limit } => {
            print_search(&explorer.search(&text, limit), &text, out)?
        }
        Command::Timeline { agency } => {
            print_timeline(&explorer.timeline(agency.as_deref())?, out)?
        }
    }
    Ok(())
}

fn print_neighbors(n: &Neighborhood, depth: usize, out: &mut dyn Write) -> std::io::Result<()> {
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

fn print_path(p: &RelationPath, out: &mut dyn Write) -> std::io::Result<()> {
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
            policykg::explore::Direction::Outgoing => format!("—{}→", hop.predicate),
            policykg::explore::Direction::Incoming => format!("←{}—", hop.predicate),
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

fn print_rank(ranked: &[Ranked], by: RankBy, out: &mut dyn Write) -> std::io::Result<()> {
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

fn print_search(hits: &[SearchHit], text: &str, out: &mut dyn Write) -> std::io::Result<()> {
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

fn print_timeline(years: &[TimelineYear], out: &mut dyn Write) -> std::io::Result<()> {
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
            let join = |v: &[policykg::explore::Entity]| {
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

/// Writes an aligned table: a header row, then `rows`, columns separated by
/// two spaces, the last column not padded.
fn write_table(
    out: &mut dyn Write,
    headers: &[&str],
    rows: Vec<Vec<String>>,
) -> std::io::Result<()> {
    let mut widths: Vec<usize> = headers.iter().map(|h| display_width(h)).collect();
    for row in &rows {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(display_width(cell));
        }
    }
    let header: Vec<String> = headers.iter().map(|h| h.to_string()).collect();
    for row in std::iter::once(&header).chain(&rows) {
        let mut line = String::new();
        for (i, cell) in row.iter().enumerate() {
            line.push_str(cell);
            if i + 1 < row.len() {
                line.push_str(&" ".repeat(widths[i] - display_width(cell) + 2));
            }
        }
        writeln!(out, "{}", line.trim_end())?;
    }
    Ok(())
}

/// Terminal columns of `text`: East Asian wide characters (Hangul, CJK
/// ideographs and punctuation, full-width forms) take two.
fn display_width(text: &str) -> usize {
    text.chars()
        .map(|c| {
            let c = c as u32;
            let wide = matches!(c,
                0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
                | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F | 0xFF00..=0xFF60
                | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
            if wide {
                2
            } else {
                1
            }
        })
        .sum()
}
