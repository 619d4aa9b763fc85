//! Extraction → quads in the report's named graph. Every entity gets its
//! class, an `@ko` label (and `@zh`/`@en` when known), aliases as
//! `skos:altLabel`; every target and indicator its numbers, provenance
//! (`prov:wasDerivedFrom` the article) and evidence (the verbatim sentence).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};

use oxigraph::model::{GraphName, Literal, NamedNode, Quad, Term};

use super::iri;
use super::vocab::{class, prop, xsd};
use crate::document::Report;
use crate::extract::{Class, Extraction, Fact, Predicate};

struct Writer {
    graph: GraphName,
    quads: Vec<Quad>,
}

impl Writer {
    fn add(&mut self, s: &NamedNode, p: &str, o: impl Into<Term>) {
        self.quads.push(Quad::new(
            s.clone(),
            NamedNode::new_unchecked(p),
            o.into(),
            self.graph.clone(),
        ));
    }

    /// For a report read from a PDF, HWP/HWPX or DOCX file: the page or
    /// paragraph a rendered line comes from, beside its `pk:sourceLine`.
    fn origin(&mut self, report: &Report, s: &NamedNode, line: usize) {
        use crate::document::SourceUnit;
        let Some(map) = &report.origin else { return };
        let Some(n) = map.locate(line) else { return };
        let p = match map.unit {
            SourceUnit::Page => prop::SOURCE_PAGE,
            SourceUnit::Paragraph => prop::SOURCE_PARAGRAPH,
        };
        self.typed(s, p, n.to_string(), xsd::INTEGER);
    }

    fn typed(&mut self, s: &NamedNode, p: &str, value: impl Into<String>, datatype: &str) {
        self.add(
            s,
            p,
            Literal::new_typed_literal(value, NamedNode::new_unchecked(datatype)),
        );
    }

    fn lang(&mut self, s: &NamedNode, p: &str, value: &str) {
        let lang = language_of(value);
        let lit = match lang {
            Some(l) => Literal::new_language_tagged_literal_unchecked(value, l),
            None => Literal::new_simple_literal(value),
        };
        self.add(s, p, lit);
    }
}

/// The language tag a label most likely has: Hangul → ko, Han → zh, Latin → en.
pub fn language_of(s: &str) -> Option<&'static str> {
    if s.chars().any(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c)) {
        Some("ko")
    } else if s.chars().any(|c| ('\u{4E00}'..='\u{9FFF}').contains(&c)) {
        Some("zh")
    } else if s.chars().any(|c| c.is_ascii_alphabetic()) {
        Some("en")
    } else {
        None
    }
}

fn class_iri(c: Class) -> &'static str {
    match c {
        Class::Agency => class::AGENCY,
        Class::Country => class::COUNTRY,
        Class::Province => class::PROVINCE,
        Class::City => class::CITY,
        Class::District => class::DISTRICT,
        Class::Program => class::PROGRAM,
        Class::Technology => class::TECHNOLOGY,
        Class::Organization => class::ORGANIZATION,
        Class::Person => class::PERSON,
    }
}

fn predicate_iri(p: Predicate) -> &'static str {
    match p {
        Predicate::IssuedBy => prop::ISSUED_BY,
        Predicate::HasTarget => prop::HAS_TARGET,
        Predicate::Concerns => prop::CONCERNS,
        Predicate::AppliesTo => prop::APPLIES_TO,
        Predicate::BasedIn => prop::BASED_IN,
        Predicate::PartOf => prop::PART_OF_REGION,
        Predicate::AffiliatedWith => prop::AFFILIATED_WITH,
        Predicate::DevelopedBy => prop::DEVELOPED_BY,
        Predicate::Broader => prop::BROADER,
    }
}

/// The IRI of the report's named graph (and of the report itself).
pub fn report_iri(report: &Report) -> NamedNode {
    let name = report
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "report".into());
    iri::report(&name)
}

fn fact_iri(f: &Fact) -> NamedNode {
    // the digest of (kind, setters sorted and joined by commas, metric,
    // value, unit, deadline, regions joined by commas for indicators),
    // fed part by part
    let kind = if f.is_target { "target" } else { "indicator" };
    let mut d = iri::PartsDigest::new();
    d.part(kind);
    let mut setters: Vec<&str> = f.set_by.iter().map(String::as_str).collect();
    setters.sort_unstable();
    for (i, s) in setters.iter().enumerate() {
        if i > 0 {
            d.piece(",");
        }
        d.piece(s);
    }
    d.end_part();
    d.part(&f.metric);
    d.part(&f.value.map(|v| v.to_string()).unwrap_or_default());
    d.part(f.unit.as_deref().unwrap_or(""));
    d.part(
        &f.deadline
            .or(f.ref_year)
            .map(|y| y.to_string())
            .unwrap_or_default(),
    );
    if !f.is_target {
        for (i, r) in f.regions.iter().enumerate() {
            if i > 0 {
                d.piece(",");
            }
            d.piece(r);
        }
    }
    d.end_part();
    iri::digest_entity(kind, d)
}

/// All quads for one report, in its own named graph.
pub fn document_quads(report: &Report, x: &Extraction) -> Vec<Quad> {
    let report_node = report_iri(report);
    let mut w = Writer {
        graph: GraphName::NamedNode(report_node.clone()),
        quads: Vec::with_capacity(quad_estimate(report, x)),
    };
    w.add(
        &report_node,
        prop::TYPE,
        NamedNode::new_unchecked(class::REPORT),
    );
    w.lang(&report_node, prop::TITLE, &report.title);
    if let Some(d) = report.issued {
        w.typed(&report_node, prop::ISSUED, d.to_string(), xsd::DATE);
    }
    if let Some(p) = &report.publisher {
        w.lang(&report_node, prop::PUBLISHER, p);
    }
    let file = report
        .path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    w.add(
        &report_node,
        prop::SOURCE_FILE,
        Literal::new_simple_literal(file),
    );

    // every entity IRI once (keys are reused by mentions, relations and facts)
    let iris: FxHashMap<&str, NamedNode> = x
        .entities
        .keys()
        .map(|k| (k.as_str(), iri::entity(k)))
        .collect();
    let entity = |key: &str| iris.get(key).cloned().unwrap_or_else(|| iri::entity(key));
    let articles: Vec<NamedNode> = report
        .articles
        .iter()
        .enumerate()
        .map(|(i, _)| iri::article(&report_node, i))
        .collect();
    for (i, a) in report.articles.iter().enumerate() {
        let node = &articles[i];
        w.add(node, prop::TYPE, NamedNode::new_unchecked(class::ARTICLE));
        w.add(node, prop::IS_PART_OF, report_node.clone());
        if !a.headline.is_empty() {
            w.lang(node, prop::TITLE, &a.headline);
            w.lang(node, prop::LABEL, &a.headline);
        }
        if let Some(d) = a.date {
            w.typed(node, prop::ANNOUNCED_ON, d.to_string(), xsd::DATE);
        }
        w.typed(node, prop::SOURCE_LINE, a.line.to_string(), xsd::INTEGER);
        w.origin(report, node, a.line);
        if let Some(m) = x.article_mentions.get(&i) {
            for key in m.keys() {
                w.add(node, prop::MENTIONS, entity(key));
            }
        }
        if let Some(t) = x.article_concerns.get(&i) {
            for key in t {
                w.add(node, prop::CONCERNS, entity(key));
            }
        }
    }

    // the articles that mention each entity, in article order
    let mut mentioned_in: FxHashMap<&str, Vec<usize>> = FxHashMap::default();
    for (&a, counts) in &x.article_mentions {
        for key in counts.keys() {
            mentioned_in.entry(key.as_str()).or_default().push(a);
        }
    }
    for e in x.entities.values() {
        // borrowed from the IRIs made above (every entity has one)
        let made;
        let node = match iris.get(e.key.as_str()) {
            Some(n) => n,
            None => {
                made = iri::entity(&e.key);
                &made
            }
        };
        w.add(
            node,
            prop::TYPE,
            NamedNode::new_unchecked(class_iri(e.class)),
        );
        if e.academy && e.class != Class::Organization {
            w.add(
                node,
                prop::TYPE,
                NamedNode::new_unchecked(class_iri(Class::Organization)),
            );
        }
        w.add(
            node,
            prop::LABEL,
            Literal::new_language_tagged_literal_unchecked(e.label_ko.clone(), "ko"),
        );
        if let Some(zh) = &e.label_zh {
            w.add(
                node,
                prop::LABEL,
                Literal::new_language_tagged_literal_unchecked(zh.clone(), "zh"),
            );
        }
        if let Some(en) = &e.label_en {
            w.add(
                node,
                prop::LABEL,
                Literal::new_language_tagged_literal_unchecked(en.clone(), "en"),
            );
        }
        for alt in &e.alt_labels {
            if alt != &e.label_ko {
                w.lang(node, prop::ALT_LABEL, alt);
            }
        }
        w.typed(
            node,
            prop::MENTION_COUNT,
            e.mentions.to_string(),
            xsd::INTEGER,
        );
        for &a in mentioned_in.get(e.key.as_str()).into_iter().flatten() {
            w.add(node, prop::WAS_DERIVED_FROM, articles[a].clone());
        }
        if e.class == Class::Program {
            w.lang(node, prop::EVIDENCE, &e.provenance.sentence);
            if let Some(y) = e.start_year {
                w.typed(node, prop::START_YEAR, y.to_string(), xsd::G_YEAR);
            }
            if let Some(y) = e.end_year {
                w.typed(node, prop::END_YEAR, y.to_string(), xsd::G_YEAR);
            }
            if let Some(d) = e.announced {
                w.typed(node, prop::ANNOUNCED_ON, d.to_string(), xsd::DATE);
            }
        }
    }

    for (s, p, o) in x.relations.keys() {
        // an IRI was made for every entity, and only for them
        if let (Some(s), Some(o)) = (iris.get(s.as_str()), iris.get(o.as_str())) {
            w.add(s, predicate_iri(*p), o.clone());
        }
    }

    // Everything above is one quad per distinct (subject, predicate, object):
    // report and article nodes, entity keys (distinct, encoded one to one),
    // relations (a set) and the predicates of each section are all distinct.
    // Facts are not: two facts can say the same and share a node. Every quad
    // of a fact names its node (as subject, or as the object of
    // `pk:hasTarget`, whose subject is a program and never a fact node), so
    // quads of two different nodes always differ: a fact's quads are
    // compared only with those of earlier facts that have the same node.
    // Within one fact only a list (setters, technologies, regions) can
    // repeat a quad, and repeats in a list are skipped as it is written.
    // each fact node's quads so far: (start, end) in `w.quads`, one pair per fact
    let mut node_quads: FxHashMap<String, Vec<(usize, usize)>> = FxHashMap::default();
    for f in &x.facts {
        let node = fact_iri(f);
        let fact_start = w.quads.len();
        let class = if f.is_target {
            class::TARGET
        } else {
            class::INDICATOR
        };
        w.add(&node, prop::TYPE, NamedNode::new_unchecked(class));
        w.add(
            &node,
            prop::LABEL,
            Literal::new_language_tagged_literal_unchecked(fact_label(f), "ko"),
        );
        if !f.metric.is_empty() {
            w.add(
                &node,
                prop::METRIC,
                Literal::new_language_tagged_literal_unchecked(f.metric.clone(), "ko"),
            );
        }
        if let Some(v) = f.value {
            w.typed(&node, prop::VALUE, v.to_string(), xsd::DECIMAL);
        }
        if let Some(u) = &f.unit {
            w.add(&node, prop::UNIT, Literal::new_simple_literal(u.clone()));
        }
        if let Some(t) = &f.value_text {
            w.lang(&node, prop::VALUE_TEXT, t);
        }
        if let Some(c) = f.comparator {
            w.add(
                &node,
                prop::COMPARATOR,
                Literal::new_simple_literal(c.as_str()),
            );
        }
        if let Some(y) = f.deadline {
            w.typed(&node, prop::DEADLINE, y.to_string(), xsd::G_YEAR);
        }
        if let Some(y) = f.ref_year {
            w.typed(&node, prop::REF_YEAR, y.to_string(), xsd::G_YEAR);
        }
        for (i, s) in f.set_by.iter().enumerate() {
            match iris.get(s.as_str()) {
                Some(setter) if !f.set_by[..i].contains(s) => {
                    w.add(&node, prop::SET_BY, setter.clone())
                }
                _ => {}
            }
        }
        if let Some(program) = f.program.as_ref().and_then(|p| iris.get(p.as_str())) {
            w.add(program, prop::HAS_TARGET, node.clone());
        }
        for (i, t) in f.concerns.iter().enumerate() {
            if !f.concerns[..i].contains(t) {
                w.add(&node, prop::CONCERNS, entity(t));
            }
        }
        let region_prop = if f.is_target {
            prop::APPLIES_TO
        } else {
            prop::OBSERVED_IN
        };
        for (i, r) in f.regions.iter().enumerate() {
            if !f.regions[..i].contains(r) {
                w.add(&node, region_prop, entity(r));
            }
        }
        w.add(
            &node,
            prop::WAS_DERIVED_FROM,
            articles[f.provenance.article].clone(),
        );
        w.lang(&node, prop::EVIDENCE, &f.provenance.sentence);
        w.typed(
            &node,
            prop::SOURCE_LINE,
            f.provenance.line.to_string(),
            xsd::INTEGER,
        );
        w.origin(report, &node, f.provenance.line);
        // the same fact can be stated twice (in two articles, in a table and in prose)
        match node_quads.get_mut(node.as_str()) {
            None => {
                node_quads.insert(node.into_string(), vec![(fact_start, w.quads.len())]);
            }
            Some(earlier) => {
                let (done, new) = w.quads.split_at_mut(fact_start);
                let mut kept = 0;
                for i in 0..new.len() {
                    let seen = earlier.iter().any(|&(s, e)| done[s..e].contains(&new[i]));
                    if !seen {
                        new.swap(kept, i);
                        kept += 1;
                    }
                }
                w.quads.truncate(fact_start + kept);
                earlier.push((fact_start, w.quads.len()));
            }
        }
    }
    w.quads
}

/// About how many quads [`document_quads`] writes for a report (room
/// reserved at once rather than grown quad by quad).
fn quad_estimate(report: &Report, x: &Extraction) -> usize {
    let articles: usize = report.articles.len() * 7
        + x.article_mentions.values().map(|m| m.len()).sum::<usize>()
        + x.article_concerns.values().map(|t| t.len()).sum::<usize>();
    let entities: usize = x
        .entities
        .values()
        .map(|e| 6 + e.alt_labels.len() + e.mentions.min(4))
        .sum();
    let facts: usize = x
        .facts
        .iter()
        .map(|f| 14 + f.set_by.len() + f.concerns.len() + f.regions.len())
        .sum();
    6 + articles + entities + x.relations.len() + facts
}

type FxBuild = BuildHasherDefault<FxHasher>;
type FxHashMap<K, V> = HashMap<K, V, FxBuild>;

/// A fast non-cryptographic hasher (rustc's Fx hash, a word at a time) for
/// the maps keyed by entity keys and IRIs: they are long, and SipHash's
/// cost per byte showed in the mapping.
#[derive(Default)]
struct FxHasher {
    hash: u64,
}

impl FxHasher {
    const SEED: u64 = 0x51_7c_c1_b7_27_22_0a_95;

    fn add(&mut self, word: u64) {
        self.hash = (self.hash.rotate_left(5) ^ word).wrapping_mul(Self::SEED);
    }
}

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for chunk in &mut chunks {
            let mut word = [0u8; 8];
            word.copy_from_slice(chunk);
            self.add(u64::from_le_bytes(word));
        }
        let rest = chunks.remainder();
        if !rest.is_empty() {
            let mut word = [0u8; 8];
            word[..rest.len()].copy_from_slice(rest);
            self.add(u64::from_le_bytes(word) ^ ((rest.len() as u64) << 59));
        }
    }

    fn write_u8(&mut self, i: u8) {
        self.add(u64::from(i));
    }

    fn write_usize(&mut self, i: usize) {
        self.add(i as u64);
    }

    fn finish(&self) -> u64 {
        self.hash
    }
}

fn fact_label(f: &Fact) -> String {
    let mut parts = Vec::new();
    if let Some(y) = f.deadline {
        parts.push(format!("{y}년까지"));
    }
    if !f.metric.is_empty() {
        parts.push(f.metric.clone());
    }
    if let Some(t) = &f.value_text {
        parts.push(t.clone());
    }
    if parts.is_empty() {
        f.provenance.sentence.chars().take(60).collect()
    } else {
        parts.join(" ")
    }
}
