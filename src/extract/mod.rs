//! Extraction: a pipeline of named components over one report, each adding
//! its layer to an [`Extraction`] of plain Rust structs (no RDF here):
//!
//! 1. [`mention`] finds entity mentions: gazetteer names, local bodies
//!    composed from a region and a body type (`베이징 과기위`), organisation
//!    and person patterns;
//! 2. [`program`] finds program titles (quoted, `《…》`, or a noun phrase
//!    ending in a policy head before a publishing verb) and their issuers;
//! 3. [`target`] finds goals and observed statistics with their numbers,
//!    deadlines and who set them.
//!
//! An article's bullets and tables inherit the agency and program its lead
//! sentence names ([`ArticleContext`]).

pub mod clause;
pub mod decimal;
pub mod gazetteer;
pub mod issuer;
pub mod korean;
pub mod lexicon;
pub mod mention;
pub mod metric;
pub mod model;
pub mod number;
pub mod numeral;
pub mod pattern;
pub mod program;
pub mod setter;
pub mod target;
pub mod temporal;
pub mod units;

use std::collections::{BTreeMap, BTreeSet};

use crate::document::{Date, Report, SentenceKind};
use crate::error::Result;
use gazetteer::Gazetteer;
use number::{Comparator, Decimal};

/// What follows a place named as where something is (`ontology/lexicon/location-words.txt`).
static LOCATION_WORDS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    crate::wordlist::lines(include_str!("../../ontology/lexicon/location-words.txt")).collect()
});

pub(crate) use lexicon::lexicon_lines;

/// The class of an extracted entity.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Class {
    /// pk:Agency
    Agency,
    /// pk:Country
    Country,
    /// pk:Province
    Province,
    /// pk:City
    City,
    /// pk:District
    District,
    /// pk:Program
    Program,
    /// pk:Technology
    Technology,
    /// pk:Organization
    Organization,
    /// pk:Person
    Person,
}

impl Class {
    /// Whether the class is a kind of region.
    pub fn is_region(self) -> bool {
        matches!(
            self,
            Class::Country | Class::Province | Class::City | Class::District
        )
    }
}

/// Where a fact comes from: the article and the verbatim sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Provenance {
    /// Index into `Report::articles`.
    pub article: usize,
    /// The sentence, verbatim (as cleaned).
    pub sentence: String,
    /// 1-based line in the file.
    pub line: usize,
    /// Whether the sentence is a headline or heading (restatements are dropped).
    pub from_heading: bool,
    /// Whether the sentence was composed from a table's year columns (a goal
    /// the prose also states is dropped there).
    pub from_table_columns: bool,
}

/// An entity with its labels.
#[derive(Debug, Clone)]
pub struct Entity {
    /// Stable key (`agency/ndrc`, `program/특허운용전문프로젝트액션방안`); the IRI is built from it.
    pub key: String,
    /// Class.
    pub class: Class,
    /// Korean label.
    pub label_ko: String,
    /// Chinese label.
    pub label_zh: Option<String>,
    /// English label.
    pub label_en: Option<String>,
    /// Aliases and surface forms seen.
    pub alt_labels: BTreeSet<String>,
    /// Program period start.
    pub start_year: Option<i32>,
    /// Program period end.
    pub end_year: Option<i32>,
    /// Program announcement date.
    pub announced: Option<Date>,
    /// First sentence that names it (programs keep it as evidence).
    pub provenance: Provenance,
    /// Mentions in this report.
    pub mentions: usize,
    /// An academy that acts as an agency (중국과학원): an organisation as well.
    pub academy: bool,
}

/// Relations between entities.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub enum Predicate {
    /// Program → Agency.
    IssuedBy,
    /// Program → Target (facts carry it; listed for completeness).
    HasTarget,
    /// Program/Article/Target → Technology.
    Concerns,
    /// Program/Target → Region.
    AppliesTo,
    /// Agency/Organization → Region.
    BasedIn,
    /// Region → Region.
    PartOf,
    /// Person → Organization.
    AffiliatedWith,
    /// Technology → Organization/Person.
    DevelopedBy,
    /// Technology → Technology.
    Broader,
}

/// A goal (target) or an observed statistic (indicator).
#[derive(Debug, Clone)]
pub struct Fact {
    /// Whether this is a goal rather than an observation.
    pub is_target: bool,
    /// What is measured.
    pub metric: String,
    /// The value, multipliers applied.
    pub value: Option<Decimal>,
    /// Normalised unit.
    pub unit: Option<String>,
    /// The amount as written.
    pub value_text: Option<String>,
    /// 이상/초과/이하/미만…
    pub comparator: Option<Comparator>,
    /// Deadline year (targets).
    pub deadline: Option<i32>,
    /// Reference year (indicators).
    pub ref_year: Option<i32>,
    /// Keys of the agencies (or regions) that set it.
    pub set_by: Vec<String>,
    /// Key of the program it belongs to.
    pub program: Option<String>,
    /// Technologies it concerns.
    pub concerns: Vec<String>,
    /// Regions it applies to (targets) or was observed in (indicators).
    pub regions: Vec<String>,
    /// Where it comes from.
    pub provenance: Provenance,
}

/// Everything extracted from one report.
#[derive(Debug, Default)]
pub struct Extraction {
    /// Entities by key.
    pub entities: BTreeMap<String, Entity>,
    /// Relations with the articles that support them.
    pub relations: BTreeMap<(String, Predicate, String), BTreeSet<usize>>,
    /// Targets and indicators.
    pub facts: Vec<Fact>,
    /// Per article: entity key → mention count.
    pub article_mentions: BTreeMap<usize, BTreeMap<String, usize>>,
    /// Per article: technologies it concerns.
    pub article_concerns: BTreeMap<usize, BTreeSet<String>>,
    /// Technologies and districts named where a report puts its subject: a
    /// headline or heading, a row label, an article's lead sentence, or a
    /// sentence that states a goal.
    pub salient: BTreeSet<String>,
}

impl Extraction {
    /// Adds (or merges) an entity and counts a mention in `article`.
    pub fn mention(&mut self, entity: Entity, article: usize) {
        self.count_mention(&entity.key, article);
        match self.entities.get_mut(&entity.key) {
            Some(e) => {
                e.mentions += 1;
                e.alt_labels.extend(entity.alt_labels);
                if e.label_zh.is_none() {
                    e.label_zh = entity.label_zh;
                }
                if e.label_en.is_none() {
                    e.label_en = entity.label_en;
                }
                if e.start_year.is_none() {
                    e.start_year = entity.start_year;
                    e.end_year = entity.end_year;
                }
                if e.announced.is_none() {
                    e.announced = entity.announced;
                }
            }
            None => {
                let mut entity = entity;
                entity.mentions = 1;
                self.entities.insert(entity.key.clone(), entity);
            }
        }
    }

    /// [`Extraction::mention`] of an entity known not to be extracted yet.
    pub(crate) fn mention_new(&mut self, mut entity: Entity, article: usize) {
        debug_assert!(!self.entities.contains_key(&entity.key));
        self.count_mention(&entity.key, article);
        entity.mentions = 1;
        self.entities.insert(entity.key.clone(), entity);
    }

    /// Counts a mention of an entity already extracted and lets `merge` add
    /// what this mention says of it. Returns false, counting nothing, when
    /// the entity is not known yet.
    pub fn mention_known(
        &mut self,
        key: &str,
        article: usize,
        merge: impl FnOnce(&mut Entity),
    ) -> bool {
        let Some(e) = self.entities.get_mut(key) else {
            return false;
        };
        e.mentions += 1;
        merge(e);
        self.count_mention(key, article);
        true
    }

    fn count_mention(&mut self, key: &str, article: usize) {
        let counts = self.article_mentions.entry(article).or_default();
        match counts.get_mut(key) {
            Some(n) => *n += 1,
            None => {
                counts.insert(key.to_string(), 1);
            }
        }
    }

    /// Records a relation supported by `article`.
    pub fn relate(&mut self, s: &str, p: Predicate, o: &str, article: usize) {
        if s != o {
            self.relations
                .entry((s.to_string(), p, o.to_string()))
                .or_default()
                .insert(article);
        }
    }

    /// Folds entity `from` into `into`: its names become aliases, its
    /// mentions, relations and facts point at `into`.
    pub fn merge_entity(&mut self, from: &str, into: &str) {
        let Some(gone) = self.entities.remove(from) else {
            return;
        };
        if let Some(e) = self.entities.get_mut(into) {
            e.mentions += gone.mentions;
            e.alt_labels.insert(gone.label_ko.clone());
            e.alt_labels.extend(gone.alt_labels);
            if e.label_zh.is_none() {
                e.label_zh = gone.label_zh;
            }
        }
        let rename = |k: &mut String| {
            if k == from {
                *k = into.to_string();
            }
        };
        let relations = std::mem::take(&mut self.relations);
        for ((mut s, p, mut o), articles) in relations {
            rename(&mut s);
            rename(&mut o);
            if s != o {
                self.relations
                    .entry((s, p, o))
                    .or_default()
                    .extend(articles);
            }
        }
        for counts in self.article_mentions.values_mut() {
            if let Some(n) = counts.remove(from) {
                *counts.entry(into.to_string()).or_default() += n;
            }
        }
        for techs in self.article_concerns.values_mut() {
            if techs.remove(from) {
                techs.insert(into.to_string());
            }
        }
        if self.salient.remove(from) {
            self.salient.insert(into.to_string());
        }
        for f in &mut self.facts {
            f.concerns.iter_mut().for_each(rename);
            f.concerns.dedup();
            f.set_by.iter_mut().for_each(rename);
            f.set_by.dedup();
            f.regions.iter_mut().for_each(rename);
            if let Some(p) = &mut f.program {
                rename(p);
            }
        }
    }

    /// Removes entity `key` with its relations, mentions and concerns.
    pub fn drop_entity(&mut self, key: &str) {
        if self.entities.remove(key).is_none() {
            return;
        }
        self.relations.retain(|(s, _, o), _| s != key && o != key);
        for counts in self.article_mentions.values_mut() {
            counts.remove(key);
        }
        for techs in self.article_concerns.values_mut() {
            techs.remove(key);
        }
        self.salient.remove(key);
        for f in &mut self.facts {
            f.concerns.retain(|k| k != key);
        }
    }

    /// [`Extraction::drop_entity`] of every key in `keys` (each an
    /// entity), in one pass over the relations, mentions and facts.
    pub(crate) fn drop_entities(&mut self, keys: &BTreeSet<String>) {
        if keys.is_empty() {
            return;
        }
        for key in keys {
            self.entities.remove(key);
        }
        self.relations
            .retain(|(s, _, o), _| !keys.contains(s) && !keys.contains(o));
        for counts in self.article_mentions.values_mut() {
            counts.retain(|k, _| !keys.contains(k));
        }
        for techs in self.article_concerns.values_mut() {
            techs.retain(|k| !keys.contains(k));
        }
        self.salient.retain(|k| !keys.contains(k));
        for f in &mut self.facts {
            f.concerns.retain(|k| !keys.contains(k));
        }
    }

    /// Objects of `subject predicate ?o`, by a range scan of the relation index.
    pub fn objects(&self, subject: &str, predicate: Predicate) -> Vec<String> {
        let from = (subject.to_string(), predicate, String::new());
        self.relations
            .range(from..)
            .take_while(|((s, p, _), _)| s == subject && *p == predicate)
            .map(|((_, _, o), _)| o.clone())
            .collect()
    }

    /// The region an agency is based in (not a country), if known.
    pub fn based_in(&self, agency: &str) -> Option<String> {
        self.objects(agency, Predicate::BasedIn)
            .into_iter()
            .next()
            .filter(|o| {
                self.entities
                    .get(o)
                    .is_some_and(|e| e.class != Class::Country)
            })
    }

    /// Entities of one class.
    pub fn of_class(&self, class: Class) -> impl Iterator<Item = &Entity> {
        self.entities.values().filter(move |e| e.class == class)
    }

    /// Targets only.
    pub fn targets(&self) -> impl Iterator<Item = &Fact> {
        self.facts.iter().filter(|f| f.is_target)
    }
}

/// What an article's lead establishes for its bullets and tables.
#[derive(Debug, Default, Clone)]
pub struct ArticleContext {
    /// The agencies the lead names (the first sentence that names any).
    pub lead_agencies: Vec<String>,
    /// The program most recently named.
    pub program: Option<String>,
    /// Whether `lead_agencies` and `program` were taken over from the story
    /// this article is a section of (the first agencies it names replace them).
    pub inherited: bool,
    /// Deadline of the most recent sentence that stated one.
    pub last_deadline: Option<i32>,
    /// A program announced by "… 등 N개 부처" whose footnote may list them.
    pub pending_joint: Option<String>,
    /// Whether the article's headline announces goals (`… 목표 제시`).
    pub goal_article: bool,
    /// Whether the article quotes any program title (then unquoted guesses are not needed).
    pub quoted_titles_seen: bool,
    /// Deadlines stated by sentences of this article (by index), computed once.
    pub deadlines: std::collections::HashMap<usize, Option<i32>>,
    /// Short titles → the fullest title of the same program in this article.
    pub canonical_titles: BTreeMap<String, String>,
    /// Per sentence, its quoted spans with their titles (found once by
    /// [`program::prescan_article`]; none for references).
    pub(crate) quoted: Vec<Vec<program::QuotedTitle>>,
}

impl ArticleContext {
    /// The quoted spans of sentence `si`.
    pub(crate) fn quoted_in(&self, si: usize) -> &[program::QuotedTitle] {
        self.quoted.get(si).map_or(&[], Vec::as_slice)
    }
}

/// Runs the whole pipeline over a report.
pub fn extract(report: &Report) -> Result<Extraction> {
    let gaz = Gazetteer::bundled()?;
    let mut out = Extraction::default();
    let year = report.year();
    let mut prov = Provenance {
        article: 0,
        sentence: String::new(),
        line: 0,
        from_heading: false,
        from_table_columns: false,
    };
    // what a section (`## 주요 목표`) keeps of the story before it
    let mut story: Option<(Option<String>, Vec<String>)> = None;
    for (ai, article) in report.articles.iter().enumerate() {
        let kept = story.take().filter(|_| is_section(article));
        let end = extract_article(gaz, article, ai, year, kept, &mut prov, &mut out);
        story = (!article.preamble).then_some(end);
    }
    target::drop_restatements(&mut out);
    merge_contained_technologies(&mut out);
    drop_passing_mentions(&mut out);
    mention::add_gazetteer_relations(gaz, &mut out);
    Ok(out)
}

/// Headings that name a section of the story before them
/// (`ontology/lexicon/section-heads.txt`).
fn section_heads() -> &'static [&'static str] {
    static HEADS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
        crate::wordlist::lines(include_str!("../../ontology/lexicon/section-heads.txt")).collect()
    });
    &HEADS
}

/// Whether `article` is a section of the story before it: its headline,
/// after its number or glyph (`2. `, `□ `, `Ⅲ. `), is three words or fewer
/// and ends with a section head (`주요 목표`, `도시별 계획`, `시사점`).
fn is_section(article: &crate::document::Article) -> bool {
    if article.preamble {
        return false;
    }
    let headline = article
        .headline
        .trim_start_matches(|c: char| {
            c.is_ascii_digit()
                || c.is_whitespace()
                || ".)(-·".contains(c)
                || ('\u{2160}'..='\u{217F}').contains(&c) // Ⅰ Ⅱ Ⅲ
                || ('\u{25A0}'..='\u{25FF}').contains(&c) // □ ■ ○ ●
        })
        .trim();
    let words: Vec<&str> = headline.split_whitespace().collect();
    if words.is_empty() || words.len() > 3 {
        return false;
    }
    section_heads().iter().any(|head| {
        let n = head.split_whitespace().count();
        words.len() >= n && words[words.len() - n..].join(" ") == *head
    })
}

/// One article's sentences through every component, in order, then the
/// article-level passes (reference titles, headline programs, setters).
/// `kept` is what a section keeps of its story (its program and lead
/// agencies); the article's own program and lead agencies at its end are
/// returned, for the sections after it.
fn extract_article(
    gaz: &Gazetteer,
    article: &crate::document::Article,
    ai: usize,
    year: Option<i32>,
    kept: Option<(Option<String>, Vec<String>)>,
    prov: &mut Provenance,
    out: &mut Extraction,
) -> (Option<String>, Vec<String>) {
    let mut ctx = ArticleContext::default();
    if let Some((program, lead)) = kept {
        ctx.program = program;
        ctx.lead_agencies = lead;
        ctx.inherited = true;
    }
    program::prescan_article(article, &mut ctx);
    let mut lead_seen = false;
    // the contents list's section names (ICT, 지역, 통계) are not mentions
    let skipped = |kind: SentenceKind| {
        kind == SentenceKind::Reference || article.preamble && kind == SentenceKind::Heading
    };
    // one pass per sentence for its names and the cue words of every
    // component, the article's passes one after another (the automaton
    // stays in the cache)
    let scans: Vec<Option<gazetteer::Scan<'_>>> = article
        .sentences
        .iter()
        .map(|s| (!skipped(s.kind)).then(|| gaz.scan(&s.text)))
        .collect();
    for ((si, sentence), scan) in article.sentences.iter().enumerate().zip(&scans) {
        let Some(scan) = scan else {
            continue;
        };
        // one buffer for every sentence's text (entities and facts copy it)
        prov.article = ai;
        prov.sentence.clear();
        prov.sentence.push_str(sentence.source_text());
        prov.line = sentence.line;
        prov.from_heading = false;
        prov.from_table_columns = sentence.verbatim.is_some();
        let mentions = mention::find_mentions(gaz, scan, &sentence.text, prov, out);
        let programs =
            program::find_programs(scan, article, si, &mentions, prov, year, &mut ctx, out);
        if article.preamble {
            ctx.lead_agencies.clear();
            ctx.program = None;
        }
        if (ctx.lead_agencies.is_empty() || ctx.inherited) && sentence.kind != SentenceKind::Note {
            // `[주중한국대사관] 中 국무원, …`: the source tag leads nothing
            let lead: Vec<String> = mentions
                .iter()
                .filter(|m| m.class == Class::Agency)
                .filter(|m| !issuer::in_source_tag(&sentence.text, m.start))
                .map(|m| m.key.clone())
                .collect();
            if !lead.is_empty() || !ctx.inherited {
                ctx.lead_agencies = lead;
                ctx.inherited = false;
            }
        }
        let facts_before = out.facts.len();
        if !article.preamble && !matches!(sentence.kind, SentenceKind::Source) {
            target::find_facts(
                article, si, scan, &mentions, &programs, prov, year, &mut ctx, out,
            );
        }
        let is_lead = sentence.kind == SentenceKind::Text && !lead_seen;
        lead_seen |= sentence.kind == SentenceKind::Text;
        let salient = is_lead
            || matches!(
                sentence.kind,
                SentenceKind::Headline | SentenceKind::Heading | SentenceKind::RowLabel
            )
            || out.facts[facts_before..].iter().any(|f| f.is_target);
        note_technologies_and_districts(&sentence.text, &mentions, salient, ai, &ctx, out);
        mention::relate_within_sentence(&mentions, &sentence.text, ai, out);
    }
    program::attach_reference_titles(article, ai, out);
    program::issue_headline_programs(article, ai, &ctx, out);
    setter::fill_setters_from_programs(out, ai);
    (ctx.program, ctx.lead_agencies)
}

/// A sentence's technologies and districts: salient when the sentence is
/// (a lead, a heading, a row label, one that states a target) or when the
/// text itself calls them so (`인공지능 기술`, `※ … 기술 : A, B`, `강남구
/// 소재`); technologies also concern the article and its program.
fn note_technologies_and_districts(
    text: &str,
    mentions: &[model::Mention],
    salient: bool,
    ai: usize,
    ctx: &ArticleContext,
    out: &mut Extraction,
) {
    // `※ 12대 국가전략기술 : 반도체, …`: a list the text calls technologies
    let tech_list_from = text
        .find([':', '：'])
        .filter(|&i| text[..i].trim_end().ends_with("기술"));
    for m in mentions {
        // `서울 강남구 소재`: a district named as where something is
        let located = LOCATION_WORDS
            .iter()
            .any(|w| text[m.end..].trim_start().starts_with(w));
        if m.class == Class::District && (salient || located) {
            out.salient.insert(m.key.clone());
        }
        if m.class == Class::Technology {
            // `인공지능 기술 적용`: the text itself calls it a technology
            let called_technology = text[m.end..].trim_start().starts_with("기술")
                || tech_list_from.is_some_and(|i| m.start > i);
            if salient || called_technology {
                out.salient.insert(m.key.clone());
            }
            out.article_concerns
                .entry(ai)
                .or_default()
                .insert(m.key.clone());
            if let Some(p) = &ctx.program {
                let p = p.clone();
                out.relate(&p, Predicate::Concerns, &m.key, ai);
            }
        }
    }
}

/// A technology or a district named once, in passing (one item of a list in
/// a table cell, one word of a forecast), is not what the report is about:
/// it is dropped unless a headline, a heading, a row label, an article's lead
/// or a goal names it, the text calls it a technology (`… 기술`), or the
/// report names it again.
fn drop_passing_mentions(out: &mut Extraction) {
    let passing: BTreeSet<String> = out
        .entities
        .values()
        .filter(|e| matches!(e.class, Class::Technology | Class::District))
        .filter(|e| e.mentions < 2 && !out.salient.contains(&e.key))
        .map(|e| e.key.clone())
        .collect();
    out.drop_entities(&passing);
}

/// One sense per report: a technology whose name sits inside another's in
/// the same report (`로봇` and `지능형 로봇`, `에너지저장` and `열에너지저장`,
/// `반도체` and `반도체 설계`) is taken to be that one; its names become
/// aliases of the fuller one.
fn merge_contained_technologies(out: &mut Extraction) {
    let squeeze = |s: &str| s.chars().filter(|c| !c.is_whitespace()).collect::<String>();
    let mut techs: Vec<(String, String)> = out
        .of_class(Class::Technology)
        .map(|e| (e.key.clone(), squeeze(&e.label_ko)))
        .collect();
    // fullest names first, so a short name goes to the longest one holding it
    techs.sort_by_key(|(_, l)| std::cmp::Reverse(l.chars().count()));
    for (i, (short_key, short)) in techs.iter().enumerate().rev() {
        if short.chars().count() < 2 {
            continue;
        }
        if let Some((long_key, _)) = techs[..i]
            .iter()
            .find(|(k, l)| k != short_key && l.contains(short.as_str()) && l != short)
        {
            out.merge_entity(short_key, long_key);
        }
    }
}
