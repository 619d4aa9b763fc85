//! Building the export's model from the store's rows: typed entities, their
//! labels and attributes, their source articles, mention counts and the
//! entity→entity relations with their supporting articles, from the scans
//! of [`super::scan`] (which owns the SPARQL reading and the scope: the
//! union of the report graphs, or one report graph plus the ontology).
//!
//! This module returns plain nodes and edges; building and filtering the
//! petgraph graph is [`super::graph`]'s.

use std::borrow::Cow;
use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use oxigraph::model::{NamedOrBlankNode, Term};
use oxigraph::sparql::QueryResults;
use oxigraph::store::Store;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};

use super::model::{
    local_name, EntityNode, Relation, SourceArticle, ENTITY_CLASSES, PROVENANCE_CLASSES,
    PROVENANCE_PREDICATES, RELATION_PREDICATES,
};
pub(super) use super::scan::Scope;
use super::scan::{evaluate, sparql_error, text_of, Job, Scans};
use crate::error::{Error, Result};
use crate::rdf::vocab::{self, class, prop};

/// Nodes by IRI and (subject, object, relation) edges.
pub(super) type Parts = (
    BTreeMap<String, EntityNode>,
    Vec<(String, String, Relation)>,
);

/// Everything the builder reads, before filtering.
pub(super) struct Model {
    pub(super) nodes: BTreeMap<String, EntityNode>,
    pub(super) edges: Vec<(String, String, Relation)>,
}

impl Model {
    pub(super) fn load(
        store: &Store,
        scope: &Scope,
        include_provenance: bool,
        with_evidence: bool,
    ) -> Result<Self> {
        let mut predicates: Vec<&'static str> = RELATION_PREDICATES.to_vec();
        if include_provenance {
            predicates.extend_from_slice(PROVENANCE_PREDICATES);
        }
        // The class hierarchy first: it says which classes' members to read.
        let hierarchy = Scans::run(store, scope, vec![Job::Default(prop::SUB_CLASS_OF)])?;
        let classes = Classes::new(&hierarchy, include_provenance);
        // Every triple the model needs, read by predicate (members by class,
        // mention counts summed by the store) in parallel.
        let mut jobs: Vec<Job> = classes.wanted().map(Job::Members).collect();
        jobs.extend(
            ATTRIBUTES
                .iter()
                .copied()
                .filter(|p| with_evidence || *p != prop::EVIDENCE)
                // `?article pk:mentions ?e` is always mirrored by
                // `?e prov:wasDerivedFrom ?article`, so mentions are not read
                .chain([prop::WAS_DERIVED_FROM, prop::SOURCE_FILE, prop::IS_PART_OF])
                .map(Job::Default),
        );
        jobs.push(Job::MentionTotals);
        jobs.extend(predicates.iter().copied().map(Job::Named));
        let scans = Scans::run(store, scope, jobs)?;
        // Nodes with their attributes, the articles' records and the
        // relations are built side by side: none needs another's result.
        let is_node: HashSet<&str> = scans
            .members()
            .filter_map(|(e, _)| match e {
                Term::NamedNode(e) => Some(e.as_str()),
                _ => None,
            })
            .collect();
        let (mut nodes, (articles, edges)) = rayon::join(
            || {
                let mut nodes = load_nodes(&scans, &classes);
                load_attributes(&scans, &mut nodes);
                load_mention_counts(&scans, &mut nodes);
                nodes
            },
            || {
                rayon::join(
                    || source_articles(&scans),
                    || load_edges(&scans, &predicates, &is_node),
                )
            },
        );
        load_sources(&scans, &articles, &mut nodes);
        drop((articles, is_node));
        // millions of decoded terms: freed while the caller goes on
        std::thread::spawn(move || drop(scans));
        Ok(Model {
            nodes: nodes.into_iter().collect(),
            edges,
        })
    }

    /// The nodes and edges of a CONSTRUCT query: every IRI→IRI triple (but
    /// `rdf:type`) is an edge; nodes take their labels and attributes from
    /// the store, or the IRI's last segment when the store does not know them.
    pub(super) fn constructed(self, store: &Store, query: &str) -> Result<Parts> {
        let text = format!("{}{query}", vocab::SPARQL_PREFIXES);
        let results = evaluate(store, &Scope { graph: None }, &text, "--construct query")?;
        let QueryResults::Graph(triples) = results else {
            return Err(Error::Sparql {
                origin: "--construct query".into(),
                message: "the query must be a CONSTRUCT query".into(),
            });
        };
        let weights: HashMap<(&str, &str, &str), u32> = self
            .edges
            .iter()
            .map(|(s, o, r)| ((s.as_str(), r.iri.as_str(), o.as_str()), r.weight))
            .collect();
        let mut nodes = BTreeMap::new();
        let mut edges = Vec::new();
        let add_node = |iri: &str, nodes: &mut BTreeMap<String, EntityNode>| {
            if !nodes.contains_key(iri) {
                let node = self.nodes.get(iri).cloned().unwrap_or_else(|| EntityNode {
                    iri: iri.to_string(),
                    class: "Resource".into(),
                    classes: BTreeSet::from(["Resource".to_string()]),
                    ..EntityNode::default()
                });
                nodes.insert(iri.to_string(), node);
            }
        };
        for triple in triples {
            let t = triple.map_err(|e| sparql_error("--construct query", &e))?;
            let NamedOrBlankNode::NamedNode(s) = &t.subject else {
                continue;
            };
            add_node(s.as_str(), &mut nodes);
            let Term::NamedNode(o) = &t.object else {
                continue;
            };
            if t.predicate.as_str() == prop::TYPE {
                continue;
            }
            add_node(o.as_str(), &mut nodes);
            let weight = weights
                .get(&(s.as_str(), t.predicate.as_str(), o.as_str()))
                .copied()
                .unwrap_or(1);
            edges.push((
                s.as_str().to_string(),
                o.as_str().to_string(),
                Relation {
                    predicate: local_name(t.predicate.as_str()).to_string(),
                    iri: t.predicate.as_str().to_string(),
                    weight,
                },
            ));
        }
        Ok((nodes, edges))
    }
}

/// Nodes by IRI while they are read: hashed, since every triple read
/// looks its ends up ([`Model`] keeps them sorted by IRI).
type NodeMap = HashMap<String, EntityNode>;

/// Interned strings: every IRI (or other term) read by the scans gets a
/// small id, so the joins below hash integers instead of strings.
#[derive(Default)]
struct Interner<'a> {
    ids: HashMap<Cow<'a, str>, u32>,
}

impl<'a> Interner<'a> {
    fn id(&mut self, text: Cow<'a, str>) -> u32 {
        let next = self.ids.len() as u32;
        *self.ids.entry(text).or_insert(next)
    }
}

/// A term as a join key: IRIs by their text, other terms by their
/// N-Triples form (which no IRI text can equal).
fn term_key(t: &Term) -> Cow<'_, str> {
    match t {
        Term::NamedNode(n) => n.as_str().into(),
        other => other.to_string().into(),
    }
}

/// The class hierarchy (the transitive closure of `rdfs:subClassOf` in the
/// ontology graph, plus the built-in region classes) and which classes'
/// members become nodes.
struct Classes {
    supers: HashMap<String, BTreeSet<String>>,
    include_provenance: bool,
}

impl Classes {
    fn new(scans: &Scans, include_provenance: bool) -> Self {
        // The built-in list covers a store loaded without the ontology.
        let mut direct: HashMap<Cow<'_, str>, BTreeSet<Cow<'_, str>>> = HashMap::default();
        for (c, d) in scans.default(prop::SUB_CLASS_OF) {
            direct.entry(term_key(c)).or_default().insert(term_key(d));
        }
        let mut supers: HashMap<String, BTreeSet<String>> = HashMap::default();
        for (c, ds) in &direct {
            let mut reached: BTreeSet<&str> = BTreeSet::new();
            let mut todo: Vec<&str> = ds.iter().map(|d| d.as_ref()).collect();
            while let Some(d) = todo.pop() {
                if reached.insert(d) {
                    todo.extend(direct.get(d).into_iter().flatten().map(|d| d.as_ref()));
                }
            }
            // only IRIs on both ends, as the SPARQL query kept them
            let reached: BTreeSet<String> = reached
                .into_iter()
                .filter(|d| is_iri_key(d))
                .map(str::to_string)
                .collect();
            if is_iri_key(c) && !reached.is_empty() {
                supers.insert(c.to_string(), reached);
            }
        }
        for sub in [
            class::CITY,
            class::PROVINCE,
            class::DISTRICT,
            class::COUNTRY,
        ] {
            supers
                .entry(sub.to_string())
                .or_default()
                .insert(class::REGION.to_string());
        }
        Classes {
            supers,
            include_provenance,
        }
    }

    /// Every class whose members are nodes: the entity classes, the
    /// ontology's subclasses of `pk:Entity` and, when asked, reports and
    /// articles.
    fn wanted(&self) -> impl Iterator<Item = String> + '_ {
        let entity = format!("{}Entity", vocab::PK);
        let mut wanted: BTreeSet<&str> = ENTITY_CLASSES.iter().copied().collect();
        wanted.extend(
            self.supers
                .iter()
                .filter(|(_, s)| s.contains(&entity))
                .map(|(c, _)| c.as_str()),
        );
        if self.include_provenance {
            wanted.extend(PROVENANCE_CLASSES);
        }
        wanted.into_iter().map(str::to_string)
    }

    /// Whether `sub` is a (transitive) subclass of `sup`.
    fn is_sub(&self, sub: &str, sup: &str) -> bool {
        self.supers.get(sub).is_some_and(|s| s.contains(sup))
    }
}

/// Typed entities, with their most specific class.
fn load_nodes(scans: &Scans, classes: &Classes) -> NodeMap {
    let mut types: HashMap<&str, BTreeSet<&str>> = HashMap::default();
    for (e, c) in scans.members() {
        let (Term::NamedNode(e), Term::NamedNode(c)) = (e, c) else {
            continue;
        };
        types.entry(e.as_str()).or_default().insert(c.as_str());
    }
    let mut nodes = NodeMap::with_capacity_and_hasher(types.len(), Default::default());
    for (iri, cs) in types {
        // Most specific: a class that is no other class's superclass.
        let specific = cs
            .iter()
            .filter(|c| !cs.iter().any(|d| classes.is_sub(d, c)))
            .min_by_key(|c| {
                ENTITY_CLASSES
                    .iter()
                    .chain(PROVENANCE_CLASSES)
                    .position(|k| k == *c)
                    .unwrap_or(usize::MAX)
            })
            .copied()
            .unwrap_or_default();
        let mut names: BTreeSet<String> = BTreeSet::new();
        for c in &cs {
            names.insert(local_name(c).to_string());
            for s in classes.supers.get(*c).into_iter().flatten() {
                if s.starts_with(vocab::PK) {
                    names.insert(local_name(s).to_string());
                }
            }
        }
        names.remove("Entity");
        nodes.insert(
            iri.to_string(),
            EntityNode {
                iri: iri.to_string(),
                class: local_name(specific).to_string(),
                classes: names,
                ..EntityNode::default()
            },
        );
    }
    nodes
}

/// Whether a [`term_key`] is an IRI's.
fn is_iri_key(key: &str) -> bool {
    !key.starts_with("_:") && !key.starts_with('"')
}

/// The literal attributes read onto nodes, in the order they are read.
const ATTRIBUTES: &[&str] = &[
    prop::LABEL,
    prop::ALT_LABEL,
    prop::TITLE,
    prop::DEADLINE,
    prop::VALUE,
    prop::UNIT,
    prop::VALUE_TEXT,
    prop::METRIC,
    prop::COMPARATOR,
    prop::START_YEAR,
    prop::END_YEAR,
    prop::ANNOUNCED_ON,
    prop::REF_YEAR,
    prop::EVIDENCE,
];

fn load_attributes(scans: &Scans, nodes: &mut NodeMap) {
    let mut titles: Vec<(&str, &str)> = Vec::new();
    for &p in ATTRIBUTES {
        for (e, v) in scans.default(p) {
            let (Term::NamedNode(e), Term::Literal(v)) = (e, v) else {
                continue;
            };
            let Some(node) = nodes.get_mut(e.as_str()) else {
                continue;
            };
            let value = v.value().to_string();
            let lang = v.language().unwrap_or("");
            let set = |slot: &mut Option<String>, value: String| {
                if slot.is_none() {
                    *slot = Some(value);
                }
            };
            match p {
                prop::LABEL => {
                    let slot = if lang == "ko" || lang.starts_with("ko-") {
                        &mut node.label_ko
                    } else if lang == "zh" || lang.starts_with("zh-") {
                        &mut node.label_zh
                    } else if lang == "en" || lang.starts_with("en-") {
                        &mut node.label_en
                    } else {
                        node.alt_labels.push(value);
                        continue;
                    };
                    if slot.is_none() {
                        *slot = Some(value);
                    } else if slot.as_deref() != Some(value.as_str()) {
                        node.alt_labels.push(value);
                    }
                }
                prop::ALT_LABEL => node.alt_labels.push(value),
                prop::TITLE => titles.push((e.as_str(), v.value())),
                prop::DEADLINE => set(&mut node.deadline, value),
                prop::VALUE => set(&mut node.value, value),
                prop::UNIT => set(&mut node.unit, value),
                prop::VALUE_TEXT => set(&mut node.value_text, value),
                prop::METRIC => set(&mut node.metric, value),
                prop::COMPARATOR => set(&mut node.comparator, value),
                prop::START_YEAR => set(&mut node.start_year, value),
                prop::END_YEAR => set(&mut node.end_year, value),
                prop::ANNOUNCED_ON => set(&mut node.announced_on, value),
                prop::REF_YEAR => set(&mut node.ref_year, value),
                prop::EVIDENCE => node.evidence.push(value),
                _ => {}
            }
        }
    }
    // Reports and articles have titles, not labels.
    for (e, title) in titles {
        if let Some(node) = nodes.get_mut(e) {
            if node.label_ko.is_none() {
                node.label_ko = Some(title.to_string());
            }
        }
    }
    for node in nodes.values_mut() {
        node.alt_labels.sort();
        node.alt_labels.dedup();
        node.evidence.sort();
        node.evidence.dedup();
    }
}

/// The record of each article: its headline, date and report file. An
/// article with several of one of these keeps the least (the first once
/// sorted), as the sorted rows of a join did.
fn source_articles(scans: &Scans) -> HashMap<&str, Arc<SourceArticle>> {
    // The least value of each optional column, per article (`None` first:
    // a row whose value is not text sorts before any text).
    type Least<'a> = HashMap<Cow<'a, str>, Option<String>>;
    fn least<'a>(map: &mut Least<'a>, key: Cow<'a, str>, value: Option<String>) {
        match map.get_mut(&key) {
            Some(old) => {
                if value < *old {
                    *old = value;
                }
            }
            None => {
                map.insert(key, value);
            }
        }
    }
    let text = |t: &Term| text_of(&Some(t.clone()));
    let mut titles = Least::default();
    let mut dates = Least::default();
    let mut report_files = Least::default();
    let mut files = Least::default();
    for (a, t) in scans.default(prop::TITLE) {
        least(&mut titles, term_key(a), text(t));
    }
    for (a, d) in scans.default(prop::ANNOUNCED_ON) {
        least(&mut dates, term_key(a), text(d));
    }
    for (r, f) in scans.default(prop::SOURCE_FILE) {
        least(&mut report_files, term_key(r), text(f));
    }
    for (a, r) in scans.default(prop::IS_PART_OF) {
        if let Some(file) = report_files.get(term_key(r).as_ref()) {
            least(&mut files, term_key(a), file.clone());
        }
    }
    // one shared record per article: an article is the source of many nodes
    let mut articles: HashMap<&str, Arc<SourceArticle>> = HashMap::default();
    for (_, a) in scans.default(prop::WAS_DERIVED_FROM) {
        let Term::NamedNode(a) = a else {
            continue;
        };
        let a = a.as_str();
        articles.entry(a).or_insert_with(|| {
            Arc::new(SourceArticle {
                iri: a.to_string(),
                title: titles.get(a).cloned().flatten(),
                date: dates.get(a).cloned().flatten(),
                file: files.get(a).cloned().flatten(),
            })
        });
    }
    articles
}

/// Articles an entity is derived from or mentioned in, sorted, each once.
fn load_sources(scans: &Scans, articles: &HashMap<&str, Arc<SourceArticle>>, nodes: &mut NodeMap) {
    for (e, a) in scans.default(prop::WAS_DERIVED_FROM) {
        let (Term::NamedNode(e), Term::NamedNode(a)) = (e, a) else {
            continue;
        };
        if let (Some(node), Some(article)) = (nodes.get_mut(e.as_str()), articles.get(a.as_str())) {
            node.sources.push(Arc::clone(article));
        }
    }
    for node in nodes.values_mut() {
        node.sources.sort();
        node.sources.dedup_by(|a, b| a.iri == b.iri);
    }
}

/// `pk:mentionCount` summed over the report graphs.
fn load_mention_counts(scans: &Scans, nodes: &mut NodeMap) {
    for (_, e, n) in scans.get(&Job::MentionTotals) {
        let (Term::NamedNode(e), Term::Literal(n)) = (e, n) else {
            continue;
        };
        if let (Some(node), Ok(n)) = (nodes.get_mut(e.as_str()), n.value().parse::<u64>()) {
            node.mention_count += n;
        }
    }
}

/// The relations between nodes with their weights. An article supports a
/// relation when, in a report graph asserting it, both ends are derived from
/// or mentioned by that article; the weight is the number of supporting
/// articles, else the number of graphs asserting the relation.
fn load_edges(
    scans: &Scans,
    predicates: &[&'static str],
    is_node: &HashSet<&str>,
) -> Vec<(String, String, Relation)> {
    let mut ids = Interner::default();
    // An article's triples live in its report's graph, named by the report.
    let mut graph_of: HashMap<u32, u32> = HashMap::default();
    for (a, r) in scans.default(prop::IS_PART_OF) {
        let a = ids.id(term_key(a));
        let r = ids.id(term_key(r));
        graph_of.insert(a, r);
    }
    // (graph, entity) → articles it is derived from or mentioned by there
    let mut articles: HashMap<(u32, u32), Vec<u32>> = HashMap::default();
    for (x, a) in scans.default(prop::WAS_DERIVED_FROM) {
        let a = ids.id(term_key(a));
        if let Some(&g) = graph_of.get(&a) {
            let key = (g, ids.id(term_key(x)));
            articles.entry(key).or_default().push(a);
        }
    }
    for list in articles.values_mut() {
        list.sort_unstable();
        list.dedup();
    }
    let mut edges: Vec<(String, String, Relation)> = Vec::new();
    for &p in predicates {
        // (subject, object) → graphs asserting it, supporting articles
        let mut found: HashMap<(&str, &str), Support> = HashMap::default();
        for (g, s, o) in scans.named(p) {
            let (Term::NamedNode(s), Term::NamedNode(o)) = (s, o) else {
                continue;
            };
            if !is_node.contains(s.as_str()) || !is_node.contains(o.as_str()) {
                continue;
            }
            let g = ids.id(term_key(g));
            let both = match (
                articles.get(&(g, ids.id(s.as_str().into()))),
                articles.get(&(g, ids.id(o.as_str().into()))),
            ) {
                (Some(x), Some(y)) => intersect(x, y),
                _ => Vec::new(),
            };
            let (graphs, supporting) = found.entry((s.as_str(), o.as_str())).or_default();
            graphs.push(g);
            supporting.extend(both);
        }
        for ((s, o), (mut graphs, mut supporting)) in found {
            graphs.sort_unstable();
            graphs.dedup();
            supporting.sort_unstable();
            supporting.dedup();
            let weight = if supporting.is_empty() {
                (graphs.len() as u32).max(1)
            } else {
                supporting.len() as u32
            };
            edges.push((
                s.to_string(),
                o.to_string(),
                Relation {
                    predicate: local_name(p).to_string(),
                    iri: p.to_string(),
                    weight,
                },
            ));
        }
    }
    edges
}

/// The graphs asserting a relation and the articles supporting it.
type Support = (Vec<u32>, Vec<u32>);

/// The common elements of two sorted, deduplicated lists.
fn intersect(x: &[u32], y: &[u32]) -> Vec<u32> {
    let (mut i, mut j, mut out) = (0, 0, Vec::new());
    while i < x.len() && j < y.len() {
        match x[i].cmp(&y[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                out.push(x[i]);
                i += 1;
                j += 1;
            }
        }
    }
    out
}
