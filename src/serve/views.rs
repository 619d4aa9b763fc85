//! The JSON views behind the web explorer, read from the server's
//! in-memory [`Explorer`] (the export's entity graph, rebuilt after each
//! ingest): search suggestions, an entity page (labels, relations grouped
//! by predicate, targets with their evidence and sources), a neighbourhood
//! graph coloured like the GEXF export, the targets timeline, and the
//! current view as GEXF or GraphML.

use std::collections::BTreeMap;
use std::sync::Arc;

use axum::extract::State;
use axum::http::{header, StatusCode, Uri};
use axum::response::{IntoResponse, Response};
use axum::Json;
use petgraph::graph::NodeIndex;
use petgraph::visit::EdgeRef;
use petgraph::Direction;
use serde::Serialize;

use super::params::{decode_form, one};
use super::reply::Refusal;
use super::ServerState;
use crate::explore::{self, Explorer};
use crate::export::{palette, write_graph, EntityGraph, EntityNode, ExportFormat, GraphOptions};

/// Most entities a relation group, a neighbourhood or a search lists.
const MAX_LISTED: usize = 200;

/// An entity as the pages link to it.
#[derive(Serialize, Clone)]
pub struct EntityRef {
    /// Its IRI (the page's address).
    pub iri: String,
    /// Its display label.
    pub label: String,
    /// Its most specific class.
    pub class: String,
    /// The class colour of the exports.
    pub color: &'static str,
}

fn entity_ref(node: &EntityNode) -> EntityRef {
    EntityRef {
        iri: node.iri.clone(),
        label: node.label().to_string(),
        class: node.class.clone(),
        color: palette::hex(&node.class),
    }
}

fn from_entity(e: &explore::Entity) -> EntityRef {
    EntityRef {
        iri: e.iri.clone(),
        label: e.label.clone(),
        class: e.class.clone(),
        color: palette::hex(&e.class),
    }
}

fn query_params(uri: &Uri) -> Result<Vec<(String, String)>, Refusal> {
    decode_form(uri.query().unwrap_or(""))
}

fn required<'a>(params: &'a [(String, String)], name: &str) -> Result<&'a str, Refusal> {
    one(params, name)?
        .filter(|v| !v.trim().is_empty())
        .ok_or_else(|| Refusal::bad_request(format!("parameter `{name}` is missing")))
}

fn number(
    params: &[(String, String)],
    name: &str,
    default: usize,
    max: usize,
) -> Result<usize, Refusal> {
    match one(params, name)? {
        None => Ok(default),
        Some(v) => v
            .trim()
            .parse::<usize>()
            .ok()
            .filter(|n| (1..=max).contains(n))
            .ok_or_else(|| {
                Refusal::bad_request(format!(
                    "parameter `{name}` must be a number from 1 to {max}"
                ))
            }),
    }
}

fn explorer(state: &ServerState) -> Arc<Explorer> {
    state.explorer()
}

/// One search suggestion.
#[derive(Serialize)]
pub struct Suggestion {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// The label or alias that matched.
    pub matched: String,
    /// Its language (`ko`, `zh`, `en`, `alt`).
    pub lang: String,
}

/// `GET /api/search?q=TEXT[&limit=N]`.
pub async fn search(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let answer = || -> Result<Vec<Suggestion>, Refusal> {
        let params = query_params(&uri)?;
        let text = one(&params, "q")?.unwrap_or("").trim().to_string();
        let limit = number(&params, "limit", 10, MAX_LISTED)?;
        if text.is_empty() {
            return Ok(Vec::new());
        }
        Ok(explorer(&state)
            .search(&text, limit)
            .into_iter()
            .map(|h| Suggestion {
                entity: from_entity(&h.entity),
                matched: h.matched,
                lang: h.lang,
            })
            .collect())
    };
    json(answer())
}

/// A label with its language.
#[derive(Serialize)]
pub struct Label {
    /// The text.
    pub value: String,
    /// `ko`, `zh`, `en`, or `alt` for an alias.
    pub lang: String,
}

/// A source article.
#[derive(Serialize)]
pub struct Source {
    /// The article IRI.
    pub iri: String,
    /// Its headline.
    pub title: Option<String>,
    /// Its date.
    pub date: Option<String>,
    /// The report's file name.
    pub file: Option<String>,
}

/// The relations of one predicate and direction.
#[derive(Serialize)]
pub struct RelationGroup {
    /// Predicate local name (`issuedBy`).
    pub predicate: String,
    /// `out` when the page's entity is the subject, `in` otherwise.
    pub direction: &'static str,
    /// The entities at the other end (at most `MAX_LISTED`).
    pub entities: Vec<EntityRef>,
    /// How many there are in all.
    pub total: usize,
}

/// One target of an agency's or program's table.
#[derive(Serialize)]
pub struct TargetRow {
    /// The target.
    #[serde(flatten)]
    pub target: EntityRef,
    /// What is measured.
    pub metric: Option<String>,
    /// The value, multipliers applied.
    pub value: Option<String>,
    /// The unit.
    pub unit: Option<String>,
    /// The amount as written (`8,000억 위안`).
    pub value_text: Option<String>,
    /// The deadline year.
    pub deadline: Option<String>,
    /// Programs that have it.
    pub programs: Vec<EntityRef>,
    /// Who set it.
    pub setters: Vec<EntityRef>,
    /// The sentences it comes from, verbatim.
    pub evidence: Vec<String>,
    /// The articles and reports it comes from.
    pub sources: Vec<Source>,
}

/// The entity page.
#[derive(Serialize)]
pub struct EntityPage {
    /// The entity.
    #[serde(flatten)]
    pub entity: EntityRef,
    /// Every class, superclasses included.
    pub classes: Vec<String>,
    /// Labels and aliases.
    pub labels: Vec<Label>,
    /// Literal attributes (metric, value, deadline, period …).
    pub attributes: BTreeMap<&'static str, String>,
    /// Its own evidence sentences.
    pub evidence: Vec<String>,
    /// The articles it comes from or is mentioned in.
    pub sources: Vec<Source>,
    /// Relations grouped by predicate and direction.
    pub relations: Vec<RelationGroup>,
    /// For an agency, region or program: its targets.
    pub targets: Vec<TargetRow>,
}

fn sources(node: &EntityNode) -> Vec<Source> {
    node.sources
        .iter()
        .map(|s| Source {
            iri: s.iri.clone(),
            title: s.title.clone(),
            date: s.date.clone(),
            file: s.file.clone(),
        })
        .collect()
}

/// Nodes related to `n` by `predicate` in direction `dir`.
fn related(graph: &EntityGraph, n: NodeIndex, dir: Direction, predicate: &str) -> Vec<NodeIndex> {
    let mut v: Vec<NodeIndex> = graph
        .graph
        .edges_directed(n, dir)
        .filter(|e| e.weight().predicate == predicate)
        .map(|e| {
            if dir == Direction::Outgoing {
                e.target()
            } else {
                e.source()
            }
        })
        .collect();
    v.sort();
    v.dedup();
    v
}

/// The page of the entity at `n`.
pub fn entity_page(graph: &EntityGraph, n: NodeIndex) -> EntityPage {
    let node = graph.node(n);
    let mut attributes = BTreeMap::new();
    for (name, value) in [
        ("metric", &node.metric),
        ("value", &node.value),
        ("unit", &node.unit),
        ("valueText", &node.value_text),
        ("comparator", &node.comparator),
        ("deadline", &node.deadline),
        ("startYear", &node.start_year),
        ("endYear", &node.end_year),
        ("announcedOn", &node.announced_on),
        ("refYear", &node.ref_year),
    ] {
        if let Some(v) = value {
            attributes.insert(name, v.clone());
        }
    }
    if node.mention_count > 0 {
        attributes.insert("mentionCount", node.mention_count.to_string());
    }
    let mut groups: BTreeMap<(String, &'static str), Vec<NodeIndex>> = BTreeMap::new();
    for dir in [Direction::Outgoing, Direction::Incoming] {
        for e in graph.graph.edges_directed(n, dir) {
            let (other, arrow) = if dir == Direction::Outgoing {
                (e.target(), "out")
            } else {
                (e.source(), "in")
            };
            groups
                .entry((e.weight().predicate.clone(), arrow))
                .or_default()
                .push(other);
        }
    }
    let relations = groups
        .into_iter()
        .map(|((predicate, direction), mut others)| {
            others.sort_by(|a, b| graph.node(*a).label().cmp(graph.node(*b).label()));
            others.dedup();
            RelationGroup {
                predicate,
                direction,
                total: others.len(),
                entities: others
                    .iter()
                    .take(MAX_LISTED)
                    .map(|&o| entity_ref(graph.node(o)))
                    .collect(),
            }
        })
        .collect();
    let mut target_nodes: Vec<NodeIndex> = if node.is_a("Target") || node.is_a("Indicator") {
        Vec::new()
    } else if node.is_a("Program") {
        related(graph, n, Direction::Outgoing, "hasTarget")
    } else {
        let mut t = related(graph, n, Direction::Incoming, "setBy");
        for p in related(graph, n, Direction::Incoming, "issuedBy") {
            t.extend(related(graph, p, Direction::Outgoing, "hasTarget"));
        }
        t
    };
    target_nodes.sort();
    target_nodes.dedup();
    let mut targets: Vec<TargetRow> = target_nodes
        .into_iter()
        .map(|t| {
            let tn = graph.node(t);
            let refs = |v: Vec<NodeIndex>| -> Vec<EntityRef> {
                v.into_iter().map(|x| entity_ref(graph.node(x))).collect()
            };
            TargetRow {
                target: entity_ref(tn),
                metric: tn.metric.clone(),
                value: tn.value.clone(),
                unit: tn.unit.clone(),
                value_text: tn.value_text.clone(),
                deadline: tn.deadline.clone(),
                programs: refs(related(graph, t, Direction::Incoming, "hasTarget")),
                setters: refs(related(graph, t, Direction::Outgoing, "setBy")),
                evidence: tn.evidence.clone(),
                sources: sources(tn),
            }
        })
        .collect();
    targets.sort_by(|a, b| {
        (&a.deadline, &a.metric, &a.target.iri).cmp(&(&b.deadline, &b.metric, &b.target.iri))
    });
    EntityPage {
        entity: entity_ref(node),
        classes: node.classes.iter().cloned().collect(),
        labels: node
            .all_labels()
            .into_iter()
            .map(|(value, lang)| Label {
                value: value.to_string(),
                lang: lang.to_string(),
            })
            .collect(),
        attributes,
        evidence: node.evidence.clone(),
        sources: sources(node),
        relations,
        targets,
    }
}

/// `GET /api/entity?id=IRI-OR-LABEL`.
pub async fn entity(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let answer = || -> Result<EntityPage, Refusal> {
        let params = query_params(&uri)?;
        let id = required(&params, "id")?;
        let explorer = explorer(&state);
        let graph = explorer.graph();
        let n = graph.resolve(id)?;
        Ok(entity_page(graph, n))
    };
    json(answer())
}

/// A node or an edge of the neighbourhood graph, as Cytoscape.js reads it.
#[derive(Serialize)]
pub struct Element {
    /// `{id, label, class, color}` for nodes, `{id, source, target, label}` for edges.
    pub data: BTreeMap<&'static str, String>,
}

/// The neighbourhood graph: Cytoscape.js `elements`.
#[derive(Serialize)]
pub struct Neighbourhood {
    /// The centre.
    pub center: EntityRef,
    /// Nodes, the centre first.
    pub nodes: Vec<Element>,
    /// Edges.
    pub edges: Vec<Element>,
    /// Whether nodes were left out past `MAX_LISTED`.
    pub truncated: bool,
}

/// `GET /api/neighbors?id=IRI&depth=1|2`.
pub async fn neighbors(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let answer = || -> Result<Neighbourhood, Refusal> {
        let params = query_params(&uri)?;
        let id = required(&params, "id")?;
        let depth = number(&params, "depth", 1, 2)?;
        let hood = explorer(&state).neighbors(id, depth)?;
        let node = |e: &explore::Entity| Element {
            data: BTreeMap::from([
                ("id", e.iri.clone()),
                ("label", e.label.clone()),
                ("class", e.class.clone()),
                ("color", palette::hex(&e.class).to_string()),
            ]),
        };
        let mut nodes = vec![node(&hood.center)];
        let mut edges = Vec::new();
        let truncated = hood.neighbors.len() > MAX_LISTED;
        for (i, nb) in hood.neighbors.iter().take(MAX_LISTED).enumerate() {
            nodes.push(node(&nb.entity));
            let (source, target) = match nb.direction {
                explore::Direction::Outgoing => (&nb.via.iri, &nb.entity.iri),
                explore::Direction::Incoming => (&nb.entity.iri, &nb.via.iri),
            };
            edges.push(Element {
                data: BTreeMap::from([
                    ("id", format!("e{i}")),
                    ("source", source.clone()),
                    ("target", target.clone()),
                    ("label", nb.predicate.clone()),
                ]),
            });
        }
        Ok(Neighbourhood {
            center: from_entity(&hood.center),
            nodes,
            edges,
            truncated,
        })
    };
    json(answer())
}

/// One target of the timeline.
#[derive(Serialize)]
pub struct TimelineTarget {
    /// The target.
    #[serde(flatten)]
    pub target: EntityRef,
    /// Who set it.
    pub agencies: Vec<EntityRef>,
    /// Programs that have it.
    pub programs: Vec<EntityRef>,
    /// What is measured.
    pub metric: Option<String>,
    /// The value.
    pub value: Option<String>,
    /// The unit.
    pub unit: Option<String>,
    /// The amount as written.
    pub value_text: Option<String>,
}

/// The targets due in one year.
#[derive(Serialize)]
pub struct TimelineYear {
    /// The year; `null` for targets without a deadline.
    pub year: Option<i32>,
    /// The targets.
    pub targets: Vec<TimelineTarget>,
}

/// `GET /api/timeline[?agency=IRI-OR-LABEL]`.
pub async fn timeline(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let answer = || -> Result<Vec<TimelineYear>, Refusal> {
        let params = query_params(&uri)?;
        let agency = one(&params, "agency")?.filter(|a| !a.trim().is_empty());
        let years = explorer(&state).timeline(agency)?;
        Ok(years
            .into_iter()
            .map(|y| TimelineYear {
                year: y.year,
                targets: y
                    .targets
                    .into_iter()
                    .map(|t| TimelineTarget {
                        target: from_entity(&t.target),
                        agencies: t.agencies.iter().map(from_entity).collect(),
                        programs: t.programs.iter().map(from_entity).collect(),
                        metric: t.metric,
                        value: t.value,
                        unit: t.unit,
                        value_text: t.value_text,
                    })
                    .collect(),
            })
            .collect())
    };
    json(answer())
}

/// `GET /api/export?id=IRI&depth=N&format=gexf|graphml|json|dot`: the
/// neighbourhood on the screen as a file, written by the export's writers.
pub async fn export(State(state): State<Arc<ServerState>>, uri: Uri) -> Response {
    let job = move || -> Result<(Vec<u8>, &'static str, String), Refusal> {
        let params = query_params(&uri)?;
        let id = required(&params, "id")?.to_string();
        let depth = number(&params, "depth", 1, 3)?;
        let format = match one(&params, "format")?.unwrap_or("gexf") {
            "gexf" => ExportFormat::Gexf,
            "graphml" => ExportFormat::GraphMl,
            "json" => ExportFormat::Json,
            "dot" => ExportFormat::Dot,
            other => {
                return Err(Refusal::bad_request(format!(
                    "unknown export format `{other}`; use gexf, graphml, json or dot"
                )))
            }
        };
        let graph = EntityGraph::build(
            state.store.oxigraph(),
            &GraphOptions {
                ego: Some(id.clone()),
                depth,
                ..GraphOptions::default()
            },
        )?;
        let mut out = Vec::new();
        write_graph(&graph, format, &mut out)?;
        let media = match format {
            ExportFormat::Gexf => "application/gexf+xml",
            ExportFormat::GraphMl => "application/graphml+xml",
            ExportFormat::Json => "application/json",
            _ => "text/vnd.graphviz",
        };
        let stem: String = crate::export::graph::local_name(&id)
            .chars()
            .map(|c| {
                if c.is_ascii_alphanumeric() || c == '-' {
                    c
                } else {
                    '_'
                }
            })
            .collect();
        Ok((
            out,
            media,
            format!("policykg-{stem}.{}", format.extension()),
        ))
    };
    match tokio::task::spawn_blocking(job).await {
        Ok(Ok((bytes, media, file))) => (
            StatusCode::OK,
            [
                (header::CONTENT_TYPE, media.to_string()),
                (
                    header::CONTENT_DISPOSITION,
                    format!("attachment; filename=\"{file}\""),
                ),
            ],
            bytes,
        )
            .into_response(),
        Ok(Err(r)) => r.into_response(),
        Err(e) => Refusal::internal(format!("export worker failed: {e}")).into_response(),
    }
}

fn json<T: Serialize>(answer: Result<T, Refusal>) -> Response {
    match answer {
        Ok(v) => Json(v).into_response(),
        Err(r) => r.into_response(),
    }
}
