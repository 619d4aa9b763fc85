//! The export's data model: the node and edge types of the entity graph
//! (`EntityNode`, `Relation`, `SourceArticle`), the class and predicate
//! lists every reader and writer follows, the attribute table (names,
//! types, values) every writer declares and writes, and the small IRI and
//! literal helpers they share. It writes no format itself. A leaf: the store loader (`loader.rs`) fills these
//! types and the graph (`graph.rs`) holds them, neither importing the other.

use std::collections::BTreeSet;
use std::sync::Arc;

use crate::rdf::vocab::{class, prop};

/// The entity→entity predicates that become edges, in the contract's order.
pub const RELATION_PREDICATES: &[&str] = &[
    prop::ISSUED_BY,
    prop::HAS_TARGET,
    prop::SET_BY,
    prop::CONCERNS,
    prop::APPLIES_TO,
    prop::BASED_IN,
    prop::PART_OF_REGION,
    prop::AFFILIATED_WITH,
    prop::DEVELOPED_BY,
    prop::OBSERVED_IN,
    prop::BROADER,
];

/// The provenance predicates that become edges with `include_provenance`.
pub const PROVENANCE_PREDICATES: &[&str] =
    &[prop::MENTIONS, prop::WAS_DERIVED_FROM, prop::IS_PART_OF];

/// Entity classes, most specific first where it matters (a `City` is also a
/// `Region`). Used when the ontology graph is missing and to order output.
pub const ENTITY_CLASSES: &[&str] = &[
    class::AGENCY,
    class::PROGRAM,
    class::TARGET,
    class::TECHNOLOGY,
    class::CITY,
    class::PROVINCE,
    class::DISTRICT,
    class::COUNTRY,
    class::REGION,
    class::INDICATOR,
    class::ORGANIZATION,
    class::PERSON,
];

/// Provenance classes, nodes only with `include_provenance`.
pub const PROVENANCE_CLASSES: &[&str] = &[class::REPORT, class::ARTICLE];

/// One source article of an entity.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SourceArticle {
    /// The article IRI.
    pub iri: String,
    /// The article headline (`dcterms:title`).
    pub title: Option<String>,
    /// The article date (`pk:announcedOn`, `YYYY-MM-DD`).
    pub date: Option<String>,
    /// The report's source file name (`pk:sourceFile`).
    pub file: Option<String>,
}

/// A node of the entity graph: one entity with its labels and attributes.
#[derive(Debug, Clone, Default)]
pub struct EntityNode {
    /// The entity IRI.
    pub iri: String,
    /// Local name of the most specific class (`City`, `Agency`, …).
    pub class: String,
    /// Local names of every class of the entity and their superclasses.
    pub classes: BTreeSet<String>,
    /// `rdfs:label@ko`.
    pub label_ko: Option<String>,
    /// `rdfs:label@zh`.
    pub label_zh: Option<String>,
    /// `rdfs:label@en`.
    pub label_en: Option<String>,
    /// Other `rdfs:label`s and every `skos:altLabel`.
    pub alt_labels: Vec<String>,
    /// `pk:deadline` (a year).
    pub deadline: Option<String>,
    /// `pk:value` (a decimal, as written in the store).
    pub value: Option<String>,
    /// `pk:unit`.
    pub unit: Option<String>,
    /// `pk:valueText`.
    pub value_text: Option<String>,
    /// `pk:metric`.
    pub metric: Option<String>,
    /// `pk:comparator`.
    pub comparator: Option<String>,
    /// `pk:startYear`.
    pub start_year: Option<String>,
    /// `pk:endYear`.
    pub end_year: Option<String>,
    /// `pk:announcedOn` (or an article's date).
    pub announced_on: Option<String>,
    /// `pk:refYear`.
    pub ref_year: Option<String>,
    /// `pk:evidence` sentences, verbatim.
    pub evidence: Vec<String>,
    /// Articles the entity is derived from or mentioned in.
    pub sources: Vec<Arc<SourceArticle>>,
    /// Sum of `pk:mentionCount` over all report graphs.
    pub mention_count: u64,
}

impl EntityNode {
    /// The attribute values every writer declares that need a conversion:
    /// source titles joined, deadline as a year, value when numeric.
    pub fn written_attributes(&self) -> (Option<String>, Option<&str>, Option<&str>) {
        let sources: Vec<&str> = self
            .sources
            .iter()
            .map(|s| s.title.as_deref().unwrap_or(&s.iri))
            .collect();
        let sources = (!sources.is_empty()).then(|| sources.join("; "));
        let deadline = self
            .deadline
            .as_deref()
            .and_then(|d| d.get(..4))
            .filter(|d| d.parse::<i32>().is_ok());
        let value = self.value.as_deref().filter(|v| v.parse::<f64>().is_ok());
        (sources, deadline, value)
    }

    /// The display label: Korean, else Chinese, else English, else an alias,
    /// else the last segment of the IRI.
    pub fn label(&self) -> &str {
        self.label_ko
            .as_deref()
            .or(self.label_zh.as_deref())
            .or(self.label_en.as_deref())
            .or(self.alt_labels.first().map(String::as_str))
            .unwrap_or_else(|| local_name(&self.iri))
    }

    /// Every label and alias of the entity, with its language tag (`""` for none).
    pub fn all_labels(&self) -> Vec<(&str, &str)> {
        let mut out = Vec::new();
        for (l, lang) in [
            (&self.label_ko, "ko"),
            (&self.label_zh, "zh"),
            (&self.label_en, "en"),
        ] {
            if let Some(l) = l {
                out.push((l.as_str(), lang));
            }
        }
        out.extend(self.alt_labels.iter().map(|l| (l.as_str(), "alt")));
        out
    }

    /// Whether the entity is of class `name` (local name, case-insensitive,
    /// superclasses included).
    pub fn is_a(&self, name: &str) -> bool {
        let name = strip_prefix(name);
        self.classes.iter().any(|c| c.eq_ignore_ascii_case(name))
    }

    /// The time interval of the node for dynamic graphs, as `YYYY-MM-DD`
    /// dates: programs run from their announcement (or start year) to their
    /// end year, targets from their first article to the end of their
    /// deadline year, other entities from their first article on.
    pub fn interval(&self) -> (Option<String>, Option<String>) {
        let first_article = self
            .sources
            .iter()
            .filter_map(|s| s.date.as_deref())
            .filter_map(date)
            .min();
        let start = match self.class.as_str() {
            "Program" => self
                .announced_on
                .as_deref()
                .and_then(date)
                .or_else(|| {
                    self.start_year
                        .as_deref()
                        .and_then(year)
                        .map(|y| format!("{y}-01-01"))
                })
                .or(first_article),
            "Indicator" => self
                .ref_year
                .as_deref()
                .and_then(year)
                .map(|y| format!("{y}-01-01"))
                .or(first_article),
            _ => self
                .announced_on
                .as_deref()
                .and_then(date)
                .or(first_article),
        };
        let end = match self.class.as_str() {
            "Program" => self
                .end_year
                .as_deref()
                .and_then(year)
                .map(|y| format!("{y}-12-31")),
            "Target" => self
                .deadline
                .as_deref()
                .and_then(year)
                .map(|y| format!("{y}-12-31")),
            _ => None,
        };
        match (start, end) {
            (Some(s), Some(e)) if s > e => (None, Some(e)),
            other => other,
        }
    }
}

/// An edge of the entity graph: one predicate between two entities.
#[derive(Debug, Clone)]
pub struct Relation {
    /// Local name of the predicate (`issuedBy`): the edge label.
    pub predicate: String,
    /// The predicate IRI.
    pub iri: String,
    /// Number of articles supporting the relation (articles of a graph
    /// asserting it that mention or derive both ends), or, when no article
    /// does, the number of report graphs asserting it.
    pub weight: u32,
}

/// The type of a node or edge attribute, as each format spells it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AttributeType {
    /// Text.
    Text,
    /// A whole number.
    Integer,
    /// A floating-point number.
    Double,
}

impl AttributeType {
    /// The GEXF `type` (which the CSV headers also follow).
    pub fn gexf(self) -> &'static str {
        match self {
            AttributeType::Text => "string",
            AttributeType::Integer => "integer",
            AttributeType::Double => "double",
        }
    }

    /// The GraphML `attr.type`.
    pub fn graphml(self) -> &'static str {
        match self {
            AttributeType::Text => "string",
            AttributeType::Integer => "int",
            AttributeType::Double => "double",
        }
    }
}

/// One attribute of the export's schema.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Attribute {
    /// Its name (GEXF id and title, GraphML `attr.name`, JSON key, CSV column).
    pub name: &'static str,
    /// Its type.
    pub ty: AttributeType,
    /// Whether it is a declared attribute column of GEXF and a column of
    /// the CSV tables; the others (`label`, `start`, `end`, `color`,
    /// `size`, an edge's `weight`) GEXF carries in its own XML attributes
    /// and `viz:` elements.
    pub column: bool,
}

const fn attribute(name: &'static str, ty: AttributeType, column: bool) -> Attribute {
    Attribute { name, ty, column }
}

/// Every node attribute, in the order GraphML writes them (GEXF and CSV
/// write the `column` ones in the same order; JSON writes them all but
/// `value_text`). An attribute a node does not have is left out (an empty
/// cell in CSV): there are no defaults.
pub const NODE_ATTRIBUTES: &[Attribute] = {
    use AttributeType::{Double, Integer, Text};
    &[
        attribute("label", Text, false),
        attribute("class", Text, true),
        attribute("label_ko", Text, true),
        attribute("label_zh", Text, true),
        attribute("label_en", Text, true),
        attribute("iri", Text, true),
        attribute("deadline", Integer, true),
        attribute("value", Double, true),
        attribute("unit", Text, true),
        attribute("value_text", Text, true),
        attribute("metric", Text, true),
        attribute("start", Text, false),
        attribute("end", Text, false),
        attribute("sources", Text, true),
        attribute("mention_count", Integer, true),
        attribute("degree", Integer, true),
        attribute("color", Text, false),
        attribute("size", Double, false),
    ]
};

/// Every edge attribute, in the order GraphML writes them (GEXF and CSV
/// write the `column` ones).
pub const EDGE_ATTRIBUTES: &[Attribute] = {
    use AttributeType::{Double, Text};
    &[
        attribute("label", Text, false),
        attribute("relation", Text, true),
        attribute("predicate", Text, true),
        attribute("weight", Double, false),
    ]
};

/// What a node's attributes take from the graph being written: its
/// degree, its size and its class colour.
#[derive(Debug, Clone, Copy)]
pub struct NodeContext<'a> {
    /// Undirected degree.
    pub degree: usize,
    /// Size from the degree.
    pub size: f64,
    /// Palette colour of the class.
    pub color: &'a str,
}

impl EntityNode {
    /// The value of each of [`NODE_ATTRIBUTES`] for this node, in that
    /// order, as text (`None`: the node has none, and it is left out).
    pub fn attribute_values(&self, context: NodeContext<'_>) -> Vec<Option<String>> {
        let (start, end) = self.interval();
        let (sources, deadline, value) = self.written_attributes();
        NODE_ATTRIBUTES
            .iter()
            .map(|a| match a.name {
                "label" => Some(self.label().to_string()),
                "class" => Some(self.class.clone()),
                "label_ko" => self.label_ko.clone(),
                "label_zh" => self.label_zh.clone(),
                "label_en" => self.label_en.clone(),
                "iri" => Some(self.iri.clone()),
                "deadline" => deadline.map(str::to_string),
                "value" => value.map(str::to_string),
                "unit" => self.unit.clone(),
                "value_text" => self.value_text.clone(),
                "metric" => self.metric.clone(),
                "start" => start.clone(),
                "end" => end.clone(),
                "sources" => sources.clone(),
                "mention_count" => Some(self.mention_count.to_string()),
                "degree" => Some(context.degree.to_string()),
                "color" => Some(context.color.to_string()),
                "size" => Some(format!("{:.1}", context.size)),
                // every name of the table has its arm (tested below)
                _ => None,
            })
            .collect()
    }
}

impl Relation {
    /// The value of each of [`EDGE_ATTRIBUTES`] for this relation, in that order.
    pub fn attribute_values(&self) -> Vec<Option<String>> {
        EDGE_ATTRIBUTES
            .iter()
            .map(|a| match a.name {
                "label" | "relation" => Some(self.predicate.clone()),
                "predicate" => Some(self.iri.clone()),
                "weight" => Some(self.weight.to_string()),
                _ => None,
            })
            .collect()
    }
}

/// The last segment of an IRI: after `#`, else after the last `/`.
pub fn local_name(iri: &str) -> &str {
    iri.rsplit_once('#')
        .map(|(_, l)| l)
        .or_else(|| iri.trim_end_matches('/').rsplit_once('/').map(|(_, l)| l))
        .filter(|l| !l.is_empty())
        .unwrap_or(iri)
}

/// `pk:Agency` → `Agency`; other text unchanged.
pub(crate) fn strip_prefix(name: &str) -> &str {
    name.strip_prefix("pk:").unwrap_or(name)
}

/// The `YYYY` of an `xsd:gYear` (`2025`, `2025Z`, `2025+08:00`).
fn year(v: &str) -> Option<String> {
    let y: String = v.chars().take(4).collect();
    (y.len() == 4 && y.chars().all(|c| c.is_ascii_digit())).then_some(y)
}

/// The `YYYY-MM-DD` of an `xsd:date` or `xsd:dateTime`.
fn date(v: &str) -> Option<String> {
    let d = v.get(..10)?;
    let b = d.as_bytes();
    let ok = b.iter().enumerate().all(|(i, c)| {
        if i == 4 || i == 7 {
            *c == b'-'
        } else {
            c.is_ascii_digit()
        }
    });
    ok.then(|| d.to_string())
}

#[cfg(test)]
mod attribute_tests {
    use super::*;

    #[test]
    fn every_attribute_has_a_value() {
        let node = EntityNode {
            iri: "https://w3id.org/policykg/id/x".into(),
            class: "Target".into(),
            label_ko: Some("k".into()),
            label_zh: Some("z".into()),
            label_en: Some("e".into()),
            deadline: Some("2025".into()),
            value: Some("1.5".into()),
            unit: Some("%".into()),
            value_text: Some("1.5%".into()),
            metric: Some("m".into()),
            sources: vec![Arc::new(SourceArticle {
                iri: "a".into(),
                title: None,
                date: Some("2023-11-03".into()),
                file: None,
            })],
            ..Default::default()
        };
        let context = NodeContext {
            degree: 1,
            size: 5.0,
            color: "#000000",
        };
        let values = node.attribute_values(context);
        assert_eq!(values.len(), NODE_ATTRIBUTES.len());
        for (a, v) in NODE_ATTRIBUTES.iter().zip(&values) {
            assert!(v.is_some(), "{}", a.name);
        }
        let relation = Relation {
            predicate: "setBy".into(),
            iri: "p".into(),
            weight: 1,
        };
        assert!(relation.attribute_values().iter().all(Option::is_some));
    }
}
