//! Targets (goals) and indicators (observed statistics). Every quantity in
//! a sentence (`8,000억 위안`, `70% 이상`, `2000만 개 초과`) becomes one or
//! the other by the clause it sits in: a deadline (`'25년까지`), a modal
//! (목표, 계획, 예정) or a goal verb in a program's article (확대, 구축,
//! 육성) make a target; a reference date (`'21년 기준`) or a past tense
//! (차지했다, 기록) make an indicator. A sentence with a deadline and a goal
//! but no number is a qualitative target. Targets know who set them: an
//! agency named in the sentence, else the issuers of the article's program,
//! else a region named as the subject (`광둥성 5%`), else the article's lead.

use std::sync::LazyLock;

use regex::Regex;

use super::clause::{self, Mood};
use super::gazetteer::{Cue, Scan};
use super::korean::strip_particle;
use super::model::Mention;
use super::model::ProgramMention;
use super::number::{find_quantities, Quantity};
use super::setter::setters;
use super::temporal::{find_years, YearMention, YearUse};
use super::{lexicon_lines, ArticleContext, Class, Extraction, Fact, Provenance};
use crate::document::{Article, SentenceKind, YearCell};

use super::lexicon::goal_verbs;

/// How a clause reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Reading {
    /// A goal.
    Goal,
    /// A goal only inside a program's article (a goal verb without modal).
    GoalVerb,
    /// An observed statistic.
    Observation,
    /// Nothing either way.
    Neutral,
}

/// Reads one clause, bytes `start..end` of a sentence that `scan` (the
/// gazetteer's pass over the sentence) has read: observation cues win over
/// goal verbs, modals win over both.
pub fn read_clause(scan: &Scan<'_>, start: usize, end: usize) -> Reading {
    if scan.has_within(Cue::Modal, start, end) {
        Reading::Goal
    } else if scan.has_within(Cue::Observation, start, end) {
        Reading::Observation
    } else if scan.has_within(Cue::GoalVerb, start, end)
        || scan.has_within(Cue::Forecast, start, end)
    {
        Reading::GoalVerb
    } else {
        Reading::Neutral
    }
}

/// The clauses of a sentence (byte ranges, each with its break) from the
/// breaks the gazetteer's scan found.
fn clauses(text: &str, scan: &Scan<'_>) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    for (_, end) in scan.clause_breaks() {
        out.push((start, end));
        start = end;
    }
    out.push((start, text.len()));
    out
}

/// Who forecasts rather than decides (`ontology/lexicon/forecasters.txt`).
static FORECASTERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!("../../ontology/lexicon/forecasters.txt")).collect()
});

/// What follows a clause's subject or topic
/// (`ontology/lexicon/subject-endings.txt`; a trailing space is kept).
static SUBJECT_ENDINGS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    include_str!("../../ontology/lexicon/subject-endings.txt")
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .collect()
});

/// Counts of tasks, bodies and directions are not targets (`3대 방향`, `4개 부처`).
static NOT_MEASURED: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!("../../ontology/lexicon/not-measured.txt")).collect()
});

/// `현재 1095곳에서 … 1820곳으로`: the amount a change starts from is not
/// the goal; the one it goes to is.
fn is_baseline(text: &str, q: &Quantity, all: &[Quantity]) -> bool {
    text[q.end_with_comparator..]
        .trim_start()
        .starts_with("에서")
        && all
            .iter()
            .any(|o| o.start > q.end && (o.unit == q.unit || q.unit.is_none()))
}

/// `산업 데이터셋(100개)`: a count in parentheses right after the noun it
/// counts (not a conversion after another amount, `(약 18조 원)`).
fn counts_the_noun_before(text: &str, q: &Quantity, all: &[Quantity]) -> bool {
    let before = text[..q.start].trim_end();
    let Some(open) = before
        .strip_suffix('(')
        .or_else(|| before.strip_suffix('（'))
    else {
        return false;
    };
    let open_at = open.trim_end().len();
    let after = text[q.end_with_comparator..].trim_start();
    (after.starts_with(')') || after.starts_with('）'))
        && open
            .chars()
            .next_back()
            .is_some_and(|c| super::number::is_hangul(c) || c.is_alphabetic())
        && !all.iter().any(|o| {
            o.end_with_comparator >= open_at.saturating_sub(1)
                && o.end <= open_at + 1
                && o.start < q.start
        })
}

fn measured(text: &str, q: &Quantity, all: &[Quantity]) -> bool {
    if q.in_parens && !counts_the_noun_before(text, q, all) {
        return false;
    }
    if text[q.end..].starts_with('당') {
        return false; // "1만 명당": a denominator
    }
    let after = text[q.end..].trim_start_matches(['의', ' ']);
    let next: String = after
        .chars()
        .take_while(|c| !c.is_whitespace() && !",.()（".contains(*c))
        .collect();
    let next = strip_particle(&next)
        .trim_end_matches([
            '은', '는', '이', '가', '을', '를', '의', '에', '과', '와', '도',
        ])
        .replace('·', "");
    !(q.unit.as_deref() == Some("count")
        && (NOT_MEASURED.contains(&next.as_str())
            || BODY_COUNT_NOUNS.iter().any(|w| next.starts_with(w))))
}

/// Nouns of government bodies (`ontology/lexicon/body-count-nouns.txt`).
static BODY_COUNT_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::wordlist::lines(include_str!("../../ontology/lexicon/body-count-nouns.txt")).collect()
});

/// Past-tense verb forms (`ontology/lexicon/past-forms.txt`).
static PAST_FORMS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!("../../ontology/lexicon/past-forms.txt")).collect()
});

/// Discourse words a clause starts with (`ontology/lexicon/lead-words.txt`).
static LEAD_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!("../../ontology/lexicon/lead-words.txt")).collect()
});

static METRIC_STOP: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!("../../ontology/lexicon/metric-stops.txt")).collect()
});

static YEAR_PHRASE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:오는\s*)?(?:['’‘`]\d{2}|(?:19|20)\d{2})\s*(?:년도?|年)\s*(?:\d{1,2}\s*월\s*)?(?:말|연말)?\s*(?:까지|부터|기준)?,?").expect("valid regex")
});

const MEASURE_HEADS: &str = include_str!("../../ontology/lexicon/measure-heads.txt");

/// The metric of quantity `q` of sentence `si`, in the clause from byte
/// `cs`: its noun phrase, or, where that is only a place or a body (`△A성
/// 5%`), the measure the sentence, its parents or the headline name.
fn metric(article: &Article, si: usize, cs: usize, q: &Quantity, mentions: &[Mention]) -> String {
    let text = article.sentences[si].text.as_str();
    let found = super::metric::metric_of(text, cs, q, &|w| {
        goal_verbs().iter().any(|v| w.starts_with(v))
    });
    // what is left once the places and bodies it names are taken out
    let mut rest = found.clone();
    let mut named = false;
    for m in mentions
        .iter()
        .filter(|m| m.class.is_region() || m.class == Class::Agency)
    {
        let name = &text[m.start..m.end];
        named |= rest.contains(name);
        rest = rest.replace(name, "");
    }
    let names_only = found.is_empty()
        || named
            && rest.split_whitespace().all(|w| {
                strip_particle(w).chars().count() <= 2 && !w.chars().any(|c| c.is_ascii())
            });
    if !names_only {
        return found;
    }
    // the sentence up to the number, the sentences before it and its
    // parents, then the headline: a measure named as a goal first
    let mut places: Vec<&str> = vec![&text[..q.start]];
    places.extend(
        (si.saturating_sub(3)..si)
            .rev()
            .map(|p| article.sentences[p].text.as_str()),
    );
    let mut parent = article.sentences[si].parent;
    while let Some(p) = parent {
        places.push(&article.sentences[p].text);
        parent = article.sentences[p].parent;
    }
    places.push(&article.headline);
    for as_goal in [true, false] {
        if let Some(m) = places.iter().find_map(|t| measure_phrase(t, as_goal)) {
            return m;
        }
    }
    found
}

/// The last measure named in `s` (`GDP 성장률 목표를` → `GDP 성장률`), with
/// the bare words before it (up to two).
fn measure_phrase(s: &str, as_goal: bool) -> Option<String> {
    static HEADS: LazyLock<Vec<&'static str>> =
        LazyLock::new(|| lexicon_lines(MEASURE_HEADS).collect());
    let words: Vec<&str> = s.split_whitespace().collect();
    let at = (0..words.len()).rev().find(|&i| {
        let w = words[i];
        let stem = strip_particle(w.trim_end_matches([',', '.']));
        HEADS
            .iter()
            .any(|h| stem.ends_with(h) && (stem == w || !as_goal))
            && (!as_goal || words.get(i + 1).is_some_and(|n| n.starts_with("목표")))
    })?;
    let mut from = at;
    while from > 0 && at - from < 2 {
        let w = words[from - 1];
        if strip_particle(w) != w
            || w.contains(['(', ')', '△', '▲', '‘', '’', '\'', '"'])
            || METRIC_STOP.contains(&w)
            || w.chars().any(|c| c.is_ascii_digit())
        {
            break;
        }
        from -= 1;
    }
    let mut phrase: Vec<&str> = words[from..=at].to_vec();
    if let Some(last) = phrase.last_mut() {
        *last = strip_particle(last.trim_end_matches([',', '.']));
    }
    Some(crate::document::strip_glyphs(&phrase.join(" ")).to_string())
}

/// A bare year in a clause that reads as a goal (`2027년 … 달성시켜 나간다는 계획`):
/// the latest year written, if it is not in the past.
fn goal_year(reading: Reading, years: &[YearMention], report_year: Option<i32>) -> Option<i32> {
    if reading != Reading::Goal {
        return None;
    }
    years
        .iter()
        .filter(|y| y.kind == YearUse::Plain && report_year.is_none_or(|r| y.year >= r))
        .map(|y| y.year)
        .max()
}

/// Drops discourse words a clause starts with (`주요 목표로`, `또한`, `먼저`).
fn strip_lead_words(s: &str) -> String {
    let mut words: Vec<&str> = s.split_whitespace().collect();
    while words.len() > 1 && (METRIC_STOP.contains(&words[0]) || LEAD_WORDS.contains(&words[0])) {
        words.remove(0);
    }
    crate::document::strip_glyphs(&words.join(" ")).to_string()
}

fn valid_deadline(year: i32, report_year: Option<i32>) -> bool {
    report_year.is_none_or(|r| year >= r)
}

fn deadline_in(text: &str, report_year: Option<i32>) -> Option<i32> {
    deadline_among(&find_years(text), report_year)
}

fn deadline_among(years: &[YearMention], report_year: Option<i32>) -> Option<i32> {
    years
        .iter()
        .find(|y| y.kind == YearUse::Until && valid_deadline(y.year, report_year))
        .map(|y| y.year)
}

/// What one clause of a sentence says, worked out once for all its quantities.
#[derive(Clone, Copy)]
struct ClauseReading {
    /// The deadline the clause states (or a bare future year in a goal clause).
    deadline: Option<i32>,
    /// How the clause reads.
    reading: Reading,
}

impl ClauseReading {
    /// Reads bytes `start..end` of `text`, which `scan` has read.
    fn of(
        text: &str,
        scan: &Scan<'_>,
        (start, end): (usize, usize),
        report_year: Option<i32>,
    ) -> ClauseReading {
        let years = find_years(&text[start..end]);
        let reading = read_clause(scan, start, end);
        ClauseReading {
            deadline: deadline_among(&years, report_year)
                .or_else(|| goal_year(reading, &years, report_year)),
            reading,
        }
    }
}

/// What a sentence says once, for all its quantities and clauses: its
/// years and deadlines, its clauses and their moods, its place in the article.
struct SentenceFacts<'a> {
    article: &'a Article,
    si: usize,
    text: &'a str,
    scan: &'a Scan<'a>,
    mentions: &'a [Mention],
    programs: &'a [ProgramMention],
    prov: &'a Provenance,
    report_year: Option<i32>,
    years: Vec<YearMention>,
    /// How the whole sentence reads by its cue words.
    sentence_reading: Reading,
    /// The deadline the sentence itself states.
    deadline_here: Option<i32>,
    /// The deadline of the nearest enclosing sentence that states one.
    inherited: Option<i32>,
    /// The deadline a goal of this sentence falls due by.
    deadline: Option<i32>,
    /// Whether the sentence sits where goals are stated (a program's article).
    goal_context: bool,
    headline: bool,
    heading: bool,
    /// The year an observed statistic refers to.
    ref_year: Option<i32>,
    clause_spans: Vec<(usize, usize)>,
    clause_moods: Vec<Option<Mood>>,
    /// A footnote explains; it states a goal only in so many words.
    note: bool,
    /// "…을 발표했으며 … 230만 위안 이상의 보조금 지급": a past event (read
    /// only for a quantity whose reading depends on it).
    past_tense: std::cell::OnceCell<bool>,
}

/// Finds targets and indicators in sentence `si` (`scan` is the
/// gazetteer's pass over it) and records them.
#[allow(clippy::too_many_arguments)]
pub fn find_facts(
    article: &Article,
    si: usize,
    scan: &Scan<'_>,
    mentions: &[Mention],
    programs: &[ProgramMention],
    prov: &Provenance,
    report_year: Option<i32>,
    ctx: &mut ArticleContext,
    out: &mut Extraction,
) {
    if let Some(cell) = &article.sentences[si].cell {
        cell_fact(
            cell,
            &article.sentences[si].text,
            mentions,
            programs,
            prov,
            ctx,
            out,
        );
        return;
    }
    // every quantity and every deadline is written with digits
    if !article.sentences[si]
        .text
        .bytes()
        .any(|b| b.is_ascii_digit())
    {
        return;
    }
    let s = read_sentence(
        article,
        si,
        scan,
        mentions,
        programs,
        prov,
        report_year.or(article.date.map(|d| d.year)),
        ctx,
        out,
    );
    let goals = quantity_facts(&s, ctx, out);
    if goals == 0 && !s.headline && !s.note && !matches!(s.sentence_reading, Reading::Observation) {
        qualitative_targets(&s, ctx, out);
    } else if goals > 0 && !s.headline && !s.note {
        unnumbered_items(&s, ctx, out);
    }
    if s.deadline_here.is_some() {
        ctx.last_deadline = s.deadline_here;
    }
}

/// The regions a fact applies to or is observed in: a country only for a
/// statistic that names no smaller place.
fn fact_regions(regions: &[&Mention], is_target: bool) -> Vec<String> {
    regions
        .iter()
        .filter(|m| {
            m.class != Class::Country
                || !is_target && regions.iter().all(|r| r.class == Class::Country)
        })
        .map(|m| m.key.clone())
        .collect()
}

/// The fact of one cell of a table whose columns are years: a goal due in
/// its year (set by whoever sets the article's goals, in its program) or a
/// statistic of that year. `row` is the row as written, for its mentions.
fn cell_fact(
    cell: &YearCell,
    row: &str,
    mentions: &[Mention],
    programs: &[ProgramMention],
    prov: &Provenance,
    ctx: &mut ArticleContext,
    out: &mut Extraction,
) {
    let Some(q) = find_quantities(&cell.amount).into_iter().next() else {
        return;
    };
    let is_target = cell.goal;
    let regions: Vec<&Mention> = mentions.iter().filter(|m| m.class.is_region()).collect();
    let fact_regions = fact_regions(&regions, is_target);
    let concerns: Vec<String> = mentions
        .iter()
        .filter(|m| m.class == Class::Technology)
        .map(|m| m.key.clone())
        .collect();
    let setter_groups = if is_target {
        setters(mentions, programs, ctx, out, row, row.len())
    } else {
        vec![Vec::new()]
    };
    for set_by in setter_groups {
        out.facts.push(Fact {
            is_target,
            metric: cell.metric.clone(),
            value: Some(q.value),
            unit: q.unit.clone(),
            value_text: Some(q.text.clone()),
            comparator: q.comparator,
            deadline: is_target.then_some(cell.year),
            ref_year: (!is_target).then_some(cell.year),
            set_by,
            program: if is_target { ctx.program.clone() } else { None },
            concerns: concerns.clone(),
            regions: fact_regions.clone(),
            provenance: prov.clone(),
        });
    }
    if is_target {
        ctx.last_deadline = Some(cell.year);
    }
}

/// Reads what sentence `si` says once for all its facts.
#[allow(clippy::too_many_arguments)]
fn read_sentence<'a>(
    article: &'a Article,
    si: usize,
    scan: &'a Scan<'a>,
    mentions: &'a [Mention],
    programs: &'a [ProgramMention],
    prov: &'a Provenance,
    report_year: Option<i32>,
    ctx: &mut ArticleContext,
    out: &Extraction,
) -> SentenceFacts<'a> {
    let sentence = &article.sentences[si];
    let text = sentence.text.as_str();
    let own_deadline = |i: usize, ctx: &mut ArticleContext| -> Option<i32> {
        *ctx.deadlines.entry(i).or_insert_with(|| {
            let t = &article.sentences[i].text;
            if t.bytes().any(|b| b.is_ascii_digit()) {
                deadline_in(t, report_year)
            } else {
                None
            }
        })
    };
    let years = find_years(text);
    // what `own_deadline` would find here, for the sentences this one heads
    ctx.deadlines
        .entry(si)
        .or_insert_with(|| deadline_among(&years, report_year));
    let sentence_reading = read_clause(scan, 0, text.len());
    // "2027년 … 4조위안대로 달성시켜 나간다는 계획": a bare future year in a goal sentence is its deadline
    let deadline_here = deadline_among(&years, report_year)
        .or_else(|| goal_year(sentence_reading, &years, report_year));
    let mut inherited = None;
    let mut parent = sentence.parent;
    while let (None, Some(p)) = (inherited, parent) {
        inherited = own_deadline(p, ctx);
        parent = article.sentences[p].parent;
    }
    let program_end = ctx
        .program
        .as_ref()
        .and_then(|p| out.entities.get(p))
        .and_then(|e| e.end_year);
    let headline = matches!(
        sentence.kind,
        SentenceKind::Headline | SentenceKind::Heading
    );
    let ref_year = years
        .iter()
        .find(|y| matches!(y.kind, YearUse::Reference | YearUse::Plain | YearUse::Topic))
        .map(|y| y.year)
        .or_else(|| {
            years
                .iter()
                .find(|y| y.kind == YearUse::Until && !valid_deadline(y.year, report_year))
                .map(|y| y.year)
        });
    let clause_spans = clauses(text, scan);
    let clause_moods = clause::moods(text, &clause_spans);
    SentenceFacts {
        article,
        si,
        text,
        scan,
        mentions,
        programs,
        prov,
        report_year,
        sentence_reading,
        deadline_here,
        inherited,
        deadline: deadline_here
            .or(inherited)
            .or(program_end)
            .or(ctx.last_deadline),
        goal_context: ctx.program.is_some() || !programs.is_empty() || ctx.goal_article,
        headline,
        heading: headline || sentence.level <= 10,
        ref_year,
        clause_spans,
        clause_moods,
        note: sentence.kind == SentenceKind::Note,
        past_tense: std::cell::OnceCell::new(),
        years,
    }
}

impl SentenceFacts<'_> {
    /// Whether a forecast in the clause ending at byte `end` is an
    /// observer's (`업계에서는`, `전문가들은`, `중신증권은`) rather than a plan's.
    fn forecast_by_observer(&self, end: usize) -> bool {
        let head = &self.text[..end.min(self.text.len())];
        let subject = |after: &str| SUBJECT_ENDINGS.iter().any(|p| after.starts_with(p));
        let opens_word = |i: usize| {
            head[..i]
                .chars()
                .last()
                .is_none_or(|c| c.is_whitespace() || "△▲•·-,(\"'‘“".contains(c))
        };
        FORECASTERS.iter().any(|w| {
            head.match_indices(w)
                .any(|(i, _)| opens_word(i) && subject(&head[i + w.len()..]))
        }) || self.mentions.iter().any(|m| {
            m.class == Class::Organization && m.end <= head.len() && subject(&head[m.end..])
        })
    }

    fn is_past_tense(&self) -> bool {
        *self
            .past_tense
            .get_or_init(|| PAST_FORMS.iter().any(|p| self.text.contains(p)))
    }

    /// The clause holding quantity `q` (its index and byte range), how it
    /// reads and the deadline it states.
    fn clause_of(
        &self,
        q: &Quantity,
        readings: &mut [Option<ClauseReading>],
    ) -> (Option<usize>, (usize, usize), Reading, Option<i32>) {
        let text = self.text;
        let index = self
            .clause_spans
            .iter()
            .position(|(s, e)| *s <= q.start && q.start < *e);
        let (cs, ce) = index.map_or((0, text.len()), |i| self.clause_spans[i]);
        let clause_reading = if (cs, ce) == (0, text.len()) {
            // a one-clause sentence reads as the sentence: read it once
            ClauseReading {
                deadline: self.deadline_here,
                reading: self.sentence_reading,
            }
        } else {
            let of = || ClauseReading::of(text, self.scan, (cs, ce), self.report_year);
            match index {
                Some(i) => *readings[i].get_or_insert_with(of),
                None => of(),
            }
        };
        let deadline = clause_reading.deadline;
        let cue_reading = match clause_reading.reading {
            Reading::Neutral => self.sentence_reading,
            r => r,
        };
        // the clause's predicate decides where it says anything
        let reading = match index.and_then(|i| self.clause_moods[i]) {
            Some(Mood::Goal) => Reading::Goal,
            // `업계에서는 … 넘어설 것으로 전망한다`: an observer's projection
            Some(Mood::Forecast) if self.forecast_by_observer(ce) => Reading::Observation,
            Some(Mood::Forecast) => Reading::GoalVerb,
            Some(Mood::Observed) => Reading::Observation,
            // a past verb over a deadline still to come reports a plan's content
            Some(Mood::Done) if deadline.is_some() => Reading::GoalVerb,
            Some(Mood::Done) => Reading::Observation,
            Some(Mood::Neutral) | None => cue_reading,
        };
        (index, (cs, ce), reading, deadline)
    }

    /// Whether quantity `q`, read so, is a goal.
    fn is_goal(&self, reading: Reading, q: &Quantity, ctx: &ArticleContext) -> bool {
        let sentence = &self.article.sentences[self.si];
        let listed = matches!(
            sentence.kind,
            SentenceKind::TableCell | SentenceKind::RowLabel
        ) || sentence.level >= 30
            || self.inherited.is_some();
        match reading {
            Reading::Goal => true,
            Reading::Observation => false,
            Reading::GoalVerb => !self.note && (self.goal_context || self.deadline_here.is_some()),
            Reading::Neutral => {
                !self.note
                    && (self.deadline_here.is_some()
                        || ctx.goal_article
                        || self.goal_context
                            && q.comparator.is_some()
                            && (listed || !self.is_past_tense()))
            }
        }
    }

    fn provenance(&self) -> Provenance {
        Provenance {
            from_heading: self.heading,
            ..self.prov.clone()
        }
    }
}

/// The targets and indicators of the sentence's quantities; returns how
/// many targets it found.
fn quantity_facts(s: &SentenceFacts<'_>, ctx: &ArticleContext, out: &mut Extraction) -> usize {
    let text = s.text;
    let regions: Vec<&Mention> = s.mentions.iter().filter(|m| m.class.is_region()).collect();
    let mut readings: Vec<Option<ClauseReading>> = vec![None; s.clause_spans.len()];
    let quantities = find_quantities(text);
    let mut goals = 0;
    for q in &quantities {
        if !measured(text, q, &quantities)
            || ctx
                .quoted_in(s.si)
                .iter()
                .any(|&(a, b, ..)| a <= q.start && q.end <= b)
        {
            continue;
        }
        let (_, (cs, ce), reading, clause_deadline) = s.clause_of(q, &mut readings);
        if is_baseline(text, q, &quantities) {
            continue;
        }
        let is_target = s.is_goal(reading, q, ctx);
        let concerns: Vec<String> = s
            .mentions
            .iter()
            .filter(|m| m.class == Class::Technology && m.start >= cs && m.end <= ce)
            .map(|m| m.key.clone())
            .collect();
        let fact_regions = fact_regions(&regions, is_target);
        let setter_groups = if is_target {
            setters(s.mentions, s.programs, ctx, out, text, q.start)
        } else {
            vec![Vec::new()]
        };
        for set_by in setter_groups {
            goals += usize::from(is_target);
            out.facts.push(Fact {
                is_target,
                metric: metric(s.article, s.si, cs, q, s.mentions),
                value: Some(q.value),
                unit: q.unit.clone(),
                value_text: Some(q.text.clone()),
                comparator: q.comparator,
                deadline: if is_target {
                    clause_deadline.or(s.deadline)
                } else {
                    None
                },
                ref_year: if is_target { None } else { s.ref_year },
                set_by,
                program: if is_target { ctx.program.clone() } else { None },
                concerns: concerns.clone(),
                regions: fact_regions.clone(),
                provenance: s.provenance(),
            });
        }
    }
    goals
}

/// One qualitative target per clause that states its own deadline (a
/// clause holds a year only where the sentence does; a sentence of one
/// clause has the sentence's years), for a sentence without numeric goals.
fn qualitative_targets(s: &SentenceFacts<'_>, ctx: &ArticleContext, out: &mut Extraction) {
    let text = s.text;
    let own_deadlines: Vec<Option<i32>> = if s.years.is_empty() {
        vec![None; s.clause_spans.len()]
    } else if s.clause_spans.len() == 1 {
        vec![deadline_among(&s.years, s.report_year)]
    } else {
        s.clause_spans
            .iter()
            .map(|&(a, b)| deadline_in(&text[a..b], s.report_year))
            .collect()
    };
    let any_own_deadline = own_deadlines.iter().any(Option::is_some);
    let mut stated = false;
    for (i, (&(cs, ce), &own)) in s.clause_spans.iter().zip(&own_deadlines).enumerate() {
        let clause = &text[cs..ce];
        let Some(year) = own.or(if stated { None } else { s.deadline_here }) else {
            continue;
        };
        if own.is_none() && any_own_deadline {
            continue;
        }
        // `…기본계획(2024~2028년)을 확정했다`: a past event (a program's
        // period is not a goal), and a statistic, state no goal
        if matches!(
            s.clause_moods[i],
            Some(Mood::Done | Mood::Observed | Mood::Neutral)
        ) {
            continue;
        }
        // an observer's projection (`전문가들은 … 것으로 보고 있다`) or a
        // likelihood (`…할 가능성이 크다`) states none; a plan's does
        if s.clause_moods[i] == Some(Mood::Forecast)
            && (s.forecast_by_observer(ce) || clause.contains("가능성"))
        {
            continue;
        }
        // `<… 행동계획(’21년~’25년)>을 발표`: the year ends a program's period
        if super::temporal::find_period(clause).is_some_and(|(_, end, _)| end == year) {
            continue;
        }
        // `□ 2021년 7월 14일,`: a clause that names nothing is no goal
        let metric = qualitative_metric(clause);
        if metric
            .chars()
            .filter(|&c| super::number::is_hangul(c))
            .count()
            < 4
        {
            continue;
        }
        stated = true;
        out.facts.push(Fact {
            is_target: true,
            metric,
            value: None,
            unit: None,
            value_text: None,
            comparator: None,
            deadline: Some(year),
            ref_year: None,
            set_by: setters(s.mentions, s.programs, ctx, out, text, cs)
                .into_iter()
                .next()
                .unwrap_or_default(),
            program: ctx.program.clone(),
            concerns: s
                .mentions
                .iter()
                .filter(|m| m.class == Class::Technology)
                .map(|m| m.key.clone())
                .collect(),
            regions: s
                .mentions
                .iter()
                .filter(|m| m.class.is_region() && m.class != Class::Country)
                .map(|m| m.key.clone())
                .collect(),
            provenance: s.provenance(),
        });
    }
}

/// `(’20년) △A 확보, △B 실현, △핵심 산업 규모 1,500억 위안`: a list of goals
/// whose numbered items gave targets states its items without a number too,
/// as one qualitative target of the same deadline (its first such item as
/// the metric).
fn unnumbered_items(s: &SentenceFacts<'_>, ctx: &ArticleContext, out: &mut Extraction) {
    let Some(deadline) = s.deadline else {
        return;
    };
    let items: Vec<&str> = s.text.split('△').skip(1).map(str::trim).collect();
    if items.len() < 2 {
        return;
    }
    let Some(first) = items
        .iter()
        .find(|item| !item.bytes().any(|b| b.is_ascii_digit()) && item.chars().count() >= 4)
    else {
        return;
    };
    let metric = first.trim_end_matches([',', '.', ' ', '등']).to_string();
    let at = s.text.find(first).unwrap_or(0);
    out.facts.push(Fact {
        is_target: true,
        metric,
        value: None,
        unit: None,
        value_text: None,
        comparator: None,
        deadline: Some(deadline),
        ref_year: None,
        set_by: setters(s.mentions, s.programs, ctx, out, s.text, at)
            .into_iter()
            .next()
            .unwrap_or_default(),
        program: ctx.program.clone(),
        concerns: Vec::new(),
        regions: Vec::new(),
        provenance: s.provenance(),
    });
}

/// What a qualitative goal is: what follows its deadline ("…에 따라 '25년까지
/// [스마트 건설 선도 기업을 육성]"), else the clause without its year.
fn qualitative_metric(clause: &str) -> String {
    let after_deadline = YEAR_PHRASE
        .find(clause)
        .map(|m| clause[m.end()..].trim())
        .filter(|t| t.chars().count() >= 6);
    let metric = after_deadline
        .map(str::to_string)
        .unwrap_or_else(|| YEAR_PHRASE.replace(clause, "").trim().to_string())
        .chars()
        .take(80)
        .collect::<String>();
    // `(’25년까지) 도시 경제력…`: what closes a parenthesis opened before the
    // metric (the rest of a dated head) is not part of it
    let metric = match metric.find([')', '）']) {
        Some(close) if !metric[..close].contains(['(', '（']) => {
            let after = &metric[close..];
            after[after.chars().next().map_or(0, char::len_utf8)..].to_string()
        }
        _ => metric,
    };
    strip_lead_words(&metric)
        .trim_start_matches(|c: char| c == ',' || c.is_whitespace())
        .trim_end_matches([',', ' '])
        .to_string()
}

/// Drops restatements: a target in a headline or heading whose value and
/// unit reappear in the article's body, and exact duplicates.
pub fn drop_restatements(out: &mut Extraction) {
    let facts = std::mem::take(&mut out.facts);
    // the facts kept so far, by index (moved out once all are decided)
    let mut kept: Vec<usize> = Vec::with_capacity(facts.len());
    for (i, f) in facts.iter().enumerate() {
        let same = |g: &Fact| {
            g.is_target == f.is_target
                && g.provenance.article == f.provenance.article
                && g.value == f.value
                && g.unit == f.unit
        };
        let restated = |g: &Fact| !g.provenance.from_heading && same(g);
        if f.provenance.from_heading && f.value.is_some() && facts.iter().any(restated) {
            continue;
        }
        // a table of yearly goals repeats what the prose says
        if f.provenance.from_table_columns
            && facts
                .iter()
                .any(|g| !g.provenance.from_table_columns && same(g) && g.deadline == f.deadline)
        {
            continue;
        }
        if kept.iter().map(|&k| &facts[k]).any(|g| {
            same(g)
                && g.deadline == f.deadline
                && g.metric == f.metric
                && g.set_by == f.set_by
                && g.provenance.sentence == f.provenance.sentence
        }) {
            continue;
        }
        kept.push(i);
    }
    let mut next = kept.into_iter().peekable();
    out.facts = facts
        .into_iter()
        .enumerate()
        .filter(|&(i, _)| next.next_if_eq(&i).is_some())
        .map(|(_, f)| f)
        .collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clauses_break_where_the_regex_of_the_breaks_matches() {
        let gaz = match crate::extract::gazetteer::Gazetteer::bundled() {
            Ok(g) => g,
            Err(e) => panic!("the bundled gazetteer must load: {e}"),
        };
        let alternatives: Vec<String> = crate::extract::lexicon::clause_breaks()
            .iter()
            .map(|b| regex::escape(b))
            .collect();
        let regex = match Regex::new(&format!("(?:{})", alternatives.join("|"))) {
            Ok(r) => r,
            Err(e) => panic!("{e}"),
        };
        let by_regex = |text: &str| {
            let mut out = Vec::new();
            let mut start = 0;
            for m in regex.find_iter(text) {
                out.push((start, m.end()));
                start = m.end();
            }
            out.push((start, text.len()));
            out
        };
        let mut texts: Vec<String> = include_str!("../../examples/kostec-weekly-2023-11-03.md")
            .lines()
            .map(str::to_string)
            .collect();
        let pieces = [
            "", " ", ",", ". ", "하", "했", "하였", "였", "이", "으", "고", "며", "; ", "키", "되",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    texts.push(format!("{a}{b}{c} 목표"));
                    texts.push(format!("확대{a}{b}고, {c}며 "));
                }
            }
        }
        let breaks = crate::extract::lexicon::clause_breaks();
        for b in breaks {
            for c in breaks {
                texts.push(format!("구축{b}{c}달성{b}"));
            }
        }
        for text in &texts {
            assert_eq!(clauses(text, &gaz.scan(text)), by_regex(text), "{text:?}");
        }
    }
}
