//! `policykg explore`: the thin command-line layer over
//! [`policykg::explore`]. It parses the subcommand, opens the store
//! read-only, runs the library command and prints its result with the
//! library's printers ([`policykg::explore::text`]). It owns the clap
//! arguments only: no layout, no exploration.

use std::io::Write;
use std::path::Path;

use policykg::explore::text::{
    print_neighbors, print_path, print_rank, print_search, print_timeline,
};
use policykg::explore::{Explorer, RankBy};
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
