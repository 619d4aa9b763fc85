//! Programs (policy instruments) and who issued them. A program is a title
//! in quotes or 「」《》 that ends in a policy head (방안, 계획, 통지, 의견 …),
//! or a noun phrase ending in such a head right before a publishing verb
//! (`전기차 충전 인프라 확대를 위한 3개년 행동방안을 발표`). Its issuers are
//! the agencies named before it in the sentence, the bodies a footnote lists
//! for `등 4개 부처`, or the article's lead agency when the sentence
//! announces it.

use std::borrow::Cow;
use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Cue, Scan};
use super::issuer;
use super::korean::strip_particle;
use super::model::{pattern_entity, slug, Mention};
use super::temporal::{find_period, five_year_plan};
use super::{lexicon_lines, ArticleContext, Class, Extraction, Predicate, Provenance};
use crate::document::{Article, SentenceKind};

/// Nouns of a state or an outcome (`ontology/lexicon/status-nouns.txt`).
static STATUS_NOUNS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::wordlist::lines(include_str!("../../ontology/lexicon/status-nouns.txt")).collect()
});

const HEADS: &str = include_str!("../../ontology/lexicon/program-heads.txt");

fn heads() -> &'static [String] {
    static H: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut v: Vec<String> = lexicon_lines(HEADS).map(str::to_string).collect();
        v.sort_by_key(|h| std::cmp::Reverse(h.chars().count()));
        v
    });
    &H
}

/// Whether `word` ends with a policy head.
fn ends_with_any_head(word: &str) -> bool {
    // the heads' last characters, to pass over most words at once
    static ENDS: LazyLock<Vec<char>> = LazyLock::new(|| {
        let mut v: Vec<char> = heads()
            .iter()
            .filter_map(|h| h.chars().next_back())
            .collect();
        v.sort_unstable();
        v.dedup();
        v
    });
    word.chars().next_back().is_some_and(|c| ENDS.contains(&c))
        && heads().iter().any(|h| word.ends_with(h.as_str()))
}

/// Whether `title` ends with a policy head (after its period and punctuation).
pub fn ends_with_head(title: &str) -> bool {
    let t = title.trim_end_matches(|c: char| c.is_whitespace() || "*」』》>’'\"”.".contains(c));
    ends_with_any_head(t)
}

pub use super::model::ProgramMention;

static JOINT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"등\s*\d+\s*개\s*(?:부처|부서|기관|부문|부|위원회)").expect("valid regex")
});
static ALIAS_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*\(\s*이하\s*[‘'“\x22]?([^)’'”\x22]{1,20})[’'”\x22]?\s*\)")
        .expect("valid regex")
});
static ANAPHOR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:^|\s)(?:이|동|본|해당|이번|같은)\s?(방안|계획|통지|의견|지침|액션플랜|조치|전략|규획|플랜)").expect("valid regex")
});
static DAY: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"^\d{1,2}일$").expect("valid regex"));

/// Heads too common to make a program without quotes (`관련 정책과 지원 조치`).
static WEAK_HEADS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!(
        "../../ontology/lexicon/weak-program-heads.txt"
    ))
    .collect()
});

static DEMONSTRATIVES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!(
        "../../ontology/lexicon/title-demonstratives.txt"
    ))
    .collect()
});
static STOP_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!("../../ontology/lexicon/title-stops.txt")).collect()
});

/// Replaces the apostrophe of abbreviated years (`'25년`, `('23~'25)`)
/// with a backtick, keeping byte offsets, so quotes pair up correctly.
/// `'25년`, `'23~'25`, `(’21~’25)`: an apostrophe (ending at byte `after`)
/// before a two-digit year is no quote; `'14차 5개년 …'` and `‘14·5 …’`
/// open one.
fn is_year_apostrophe(text: &str, after: usize) -> bool {
    let bytes = text.as_bytes();
    let digit = |k: usize| bytes.get(k).is_some_and(u8::is_ascii_digit);
    digit(after)
        && digit(after + 1)
        && !digit(after + 2)
        && text.get(after + 2..).is_some_and(|rest| {
            rest.is_empty()
                || rest.starts_with([
                    '년', '~', '∼', '～', '-', '–', '.', ')', ',', ' ', '월', '\'', '’', '‘',
                ])
        })
}

pub fn mask_year_apostrophes(text: &str) -> Cow<'_, str> {
    if !text.contains(['\'', '’', '‘']) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut last = 0;
    for (i, c) in text.char_indices() {
        if !matches!(c, '\'' | '’' | '‘') {
            continue;
        }
        let after = i + c.len_utf8();
        if is_year_apostrophe(text, after) {
            out.push_str(&text[last..i]);
            out.extend(std::iter::repeat_n('`', c.len_utf8()));
            last = after;
        }
    }
    out.push_str(&text[last..]);
    Cow::Owned(out)
}

fn quote_family(c: char) -> Option<(u8, bool)> {
    // (family, can open)
    Some(match c {
        '\'' | '‘' | '’' => (1, true),
        '"' | '“' | '”' => (2, true),
        '「' => (3, true),
        '」' => (3, false),
        '『' => (4, true),
        '』' => (4, false),
        '《' => (5, true),
        '》' => (5, false),
        '<' | '＜' => (6, true),
        '>' | '＞' => (6, false),
        _ => return None,
    })
}

/// Quoted spans `(content start, content end, end of closing quote)` in
/// byte offsets. The apostrophe of an abbreviated year (`'25년`, as
/// [`mask_year_apostrophes`] finds it) quotes nothing, so the text need not
/// be masked first.
pub fn quoted_spans(text: &str) -> Vec<(usize, usize, usize)> {
    let bytes = text.as_bytes();
    // every quote is ASCII or starts with byte E2 (‘’“”), E3 (「」『』《》) or
    // EF (＜＞), each a character's first byte: only those are decoded
    static MAY_QUOTE: [bool; 256] = {
        let mut t = [false; 256];
        let mut k = 0;
        let firsts = [b'\'', b'"', b'<', b'>', 0xE2, 0xE3, 0xEF];
        while k < firsts.len() {
            t[firsts[k] as usize] = true;
            k += 1;
        }
        t
    };
    let mut from = 0;
    let candidates = std::iter::from_fn(|| {
        let i = from
            + bytes[from..]
                .iter()
                .position(|&b| MAY_QUOTE[usize::from(b)])?;
        from = i + 1;
        text[i..].chars().next().map(|c| (i, c))
    });
    spans_among(text, candidates)
}

/// The quoted spans of `text` whose quotes are among `candidates`
/// (character offsets with their characters, in order).
fn spans_among(
    text: &str,
    candidates: impl Iterator<Item = (usize, char)>,
) -> Vec<(usize, usize, usize)> {
    let mut spans = Vec::new();
    let mut open: Option<(u8, usize)> = None;
    for (i, c) in candidates {
        let Some((family, can_open)) = quote_family(c) else {
            continue;
        };
        let after = i + c.len_utf8();
        if family == 1 && is_year_apostrophe(text, after) {
            continue;
        }
        match open {
            Some((f, start)) if f == family => {
                if i > start {
                    spans.push((start, i, i + c.len_utf8()));
                }
                open = None;
            }
            None if can_open => open = Some((family, i + c.len_utf8())),
            _ => {}
        }
    }
    // «「… 」」» doubled closers and the like leave nothing open worth keeping
    spans
}

/// A title without its quotes and emphasis, its words joined by single spaces.
fn clean_title(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().filter(|c| !"'’‘\"“”「」『』《》*`".contains(*c)) {
        if c.is_whitespace() {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(c);
        }
    }
    out
}

/// A quoted span: (content start, content end, closing quote end, core title, period).
pub(crate) type QuotedTitle = (usize, usize, usize, String, Option<(i32, i32)>);

/// A program title found in a sentence: (start, end, core title, period, alias).
type FoundTitle = (usize, usize, String, Option<(i32, i32)>, Option<String>);

/// Quoted spans of a sentence with their cleaned title and period.
fn quoted_titles(text: &str) -> Vec<QuotedTitle> {
    quoted_spans(text)
        .into_iter()
        .map(|(s, e, close_end)| {
            let content = &text[s..e];
            let period = find_period(content);
            // the period goes wherever it stands (`14차 5개년(2021~2025년) 로봇산업 발전 계획`)
            let mut core = match &period {
                Some((_, _, r)) => {
                    clean_title(&format!("{} {}", &content[..r.start], &content[r.end..]))
                }
                None => clean_title(content),
            };
            // '휴머노이드 혁신 발전 지도 의견(지도의견)': a short name in parentheses
            if let Some(open) = core.rfind('(').filter(|_| core.ends_with(')')) {
                core = core[..open].trim_end().to_string();
            }
            (s, e, close_end, core, period.map(|(a, b, _)| (a, b)))
        })
        .collect()
}

/// The heads without their spaces (`액션 플랜` → `액션플랜`).
fn bare_heads() -> &'static [String] {
    static B: LazyLock<Vec<String>> =
        LazyLock::new(|| heads().iter().map(|h| h.replace(' ', "")).collect());
    &B
}

/// A bare head in quotes (`‘액션플랜’`, `‘통지’`) refers back to the article's program.
fn is_bare_head(core: &str) -> bool {
    let bare: String = core.chars().filter(|c| !c.is_whitespace()).collect();
    bare_heads().contains(&bare)
}

/// Whether quoted text is a program title: ends with a policy head, is more than the head.
fn is_title(core: &str) -> bool {
    core.chars().count() >= 4
        && ends_with_head(core)
        && !is_bare_head(core)
        && core.chars().filter(|c| c.is_whitespace()).count() <= 16
}

/// Prepares an article: the quoted program titles it holds, each mapped to
/// the fullest title that contains it (`14·5기간 … 확충 의견` in a headline
/// and `14·5기간 … 시행의견` in the body share their first word; `AI+ 전략`
/// sits inside `선전시의 AI+ 전략 시행 및 … 계획`).
pub fn prescan_article(article: &Article, ctx: &mut ArticleContext) {
    let mut titles: Vec<(String, bool)> = Vec::new();
    ctx.quoted = Vec::with_capacity(article.sentences.len());
    for s in &article.sentences {
        if s.kind == SentenceKind::Reference {
            ctx.quoted.push(Vec::new());
            continue;
        }
        let quoted = quoted_titles(&s.text);
        for (_, _, _, core, _) in &quoted {
            let headline = s.kind == SentenceKind::Headline;
            if is_title(core) && !titles.iter().any(|(t, _)| t == core) {
                titles.push((core.clone(), headline));
            }
        }
        ctx.quoted.push(quoted);
    }
    ctx.quoted_titles_seen = !titles.is_empty();
    // "… GDP 성장률 목표 제시": the article is about goals ("계획" is too often a title's head)
    ctx.goal_article = article.headline.contains("목표");
    let slugs: Vec<String> = titles.iter().map(|(t, _)| slug(t)).collect();
    for ((t, in_headline), squeezed) in titles.iter().zip(&slugs) {
        let first_word = t.split_whitespace().next().unwrap_or("");
        let fuller = titles
            .iter()
            .zip(&slugs)
            .filter(|((o, _), _)| o != t && o.chars().count() > t.chars().count())
            .find(|((o, o_headline), o_slug)| {
                o_slug.contains(squeezed.as_str())
                    || *in_headline
                        && !o_headline
                        && o.split_whitespace().next() == Some(first_word)
                        && first_word.chars().count() >= 3
            });
        if let Some(((o, _), _)) = fuller {
            ctx.canonical_titles.insert(squeezed.clone(), o.clone());
        }
    }
}

/// The head-ended noun phrase before a publishing verb, as a byte range.
fn unquoted_titles(
    text: &str,
    scan: &Scan<'_>,
    taken: &[(usize, usize)],
    mentions: &[Mention],
) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let words: Vec<(usize, &str)> = text
        .split(' ')
        .scan(0usize, |pos, w| {
            let start = *pos;
            *pos += w.len() + 1;
            Some((start, w))
        })
        .filter(|(_, w)| !w.is_empty())
        .collect();
    for (wi, &(wstart, word)) in words.iter().enumerate() {
        let word = match find_period(word) {
            Some((_, _, r)) => &word[..r.start],
            None => word,
        };
        let stem = strip_particle(word.trim_end_matches([',', '.', ')', '’', '\'', '”']));
        if !ends_with_any_head(stem) || WEAK_HEADS.iter().any(|h| stem.ends_with(h)) {
            continue;
        }
        let after_end = (wstart + word.len()).min(text.len());
        // a publishing verb within the next 24 characters
        let window_end = text[after_end..]
            .char_indices()
            .nth(24)
            .map_or(text.len(), |(i, _)| after_end + i);
        if !scan.has_within(Cue::Publish, after_end, window_end) {
            continue;
        }
        if taken.iter().any(|&(s, e)| s <= wstart && wstart < e + 4) {
            continue;
        }
        let mut first = wi;
        while first > 0 && wi - first < 9 {
            let (ps, pw) = words[first - 1];
            let bare = pw.trim_matches(|c: char| "'’‘\"“”,".contains(c));
            let stripped = strip_particle(bare);
            let subject = ["이", "가", "은", "는", "께서", "에서"]
                .iter()
                .any(|p| bare.ends_with(p) && bare.len() > p.len())
                && !bare.ends_with("위한")
                && !bare.ends_with("관한");
            let is_entity = mentions
                .iter()
                .any(|m| m.class == Class::Agency && m.start <= ps && ps < m.end);
            if subject
                || is_entity
                || STOP_WORDS.contains(&bare)
                || STOP_WORDS.contains(&stripped)
                || DAY.is_match(bare)
                || pw.ends_with('다')
                || pw.ends_with('.')
                || pw.ends_with(',')
            {
                break;
            }
            first -= 1;
        }
        while first < wi && DEMONSTRATIVES.contains(&words[first].1) {
            first += 1;
        }
        // "…을 촉진하기 위한 베이징시 기존 … 계획": a title starts at its region
        if let Some(r) = (first + 1..wi).find(|&k| {
            mentions
                .iter()
                .any(|m| matches!(m.class, Class::City | Class::Province) && m.start == words[k].0)
        }) {
            first = r;
        }
        if first == wi
            || words[first..wi]
                .iter()
                .any(|(_, w)| STATUS_NOUNS.iter().any(|x| w.contains(x)))
        {
            continue;
        }
        let stem_end = wstart + stem.len();
        out.push((words[first].0, stem_end));
    }
    out
}

/// `‘중국제조 2025’`, `“인터넷 2030”`: a programme named by a field and its target year.
fn is_slogan_programme(core: &str) -> bool {
    static SLOGAN: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[가-힣A-Za-z][가-힣A-Za-z ]{1,18}\s?20[1-5]\d$").expect("valid regex")
    });
    SLOGAN.is_match(core.trim())
}

/// Programs that prose names without quotes, by their form: numbered plans
/// (`제5차 과학기술기본계획`, `제4차 지능형 로봇 기본계획`), yearly work plans
/// (`2023년 업무계획`) and sector five-year plans (`14차 5개년 로봇산업
/// 발전 계획`). Byte ranges of the titles.
fn prose_titles(text: &str) -> Vec<(usize, usize)> {
    static NUMBERED: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"제\s?\d{1,2}\s?차\s+(?:[가-힣A-Za-z·新]+\s){0,6}?[가-힣A-Za-z·新]*(?:기본계획|종합계획|투자전략|기본전략|계획|전략|방안|로드맵)")
            .expect("valid regex")
    });
    static YEARLY: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"(?:(?:19|20)\d{2}|['’]\d{2})년\s?(?:정부\s?)?(?:업무계획|업무 계획|시행계획|추진계획|실행계획)")
            .expect("valid regex")
    });
    static FIVE_YEAR: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"(?:제\s?)?1[0-9]\s?차\s?5개년\s+(?:[가-힣A-Za-z·]+\s){1,4}?[가-힣·]*(?:계획|규획)",
        )
        .expect("valid regex")
    });
    let mut out: Vec<(usize, usize)> = Vec::new();
    for re in [&*NUMBERED, &*YEARLY, &*FIVE_YEAR] {
        for m in re.find_iter(text) {
            // the plan's head ends a word: not `계획서`, `전략적`
            if !super::korean::ends_word(&text[m.end()..], &["안"]) {
                continue;
            }
            if !out.iter().any(|&(s, e)| s < m.end() && m.start() < e) {
                out.push((m.start(), m.end()));
            }
        }
    }
    out
}

/// `제5차 기본계획` after `제5차 과학기술기본계획`: a short form of a numbered
/// plan is the fuller one of the same number and head.
fn numbered_short_form(out: &Extraction, article: usize, core: &str) -> Option<String> {
    let words: Vec<&str> = core.split_whitespace().collect();
    if words.len() != 2 || !words[0].starts_with('제') || !words[0].ends_with('차') {
        return None;
    }
    let squeezed = core.replace(' ', "");
    out.entities
        .values()
        .filter(|e| e.class == Class::Program && e.provenance.article == article)
        .find(|e| {
            std::iter::once(&e.label_ko).chain(&e.alt_labels).any(|l| {
                let label = l.replace(' ', "");
                label == squeezed
                    || label.len() > squeezed.len()
                        && label.contains(words[0])
                        && label.ends_with(words[1])
            })
        })
        .map(|e| e.label_ko.clone())
}

/// Finds programs in sentence `si` of `article` (`scan` is the gazetteer's
/// pass over it), records them and their issuers, updates the article
/// context, and returns them.
#[allow(clippy::too_many_arguments)]
pub fn find_programs(
    scan: &Scan<'_>,
    article: &Article,
    si: usize,
    mentions: &[Mention],
    prov: &Provenance,
    _year: Option<i32>,
    ctx: &mut ArticleContext,
    out: &mut Extraction,
) -> Vec<ProgramMention> {
    let sentence = &article.sentences[si];
    let text = sentence.text.as_str();
    let announces = scan.has(Cue::Publish);
    let (found, taken) = find_titles(scan, article, si, mentions, prov, ctx, out);
    let mut programs = Vec::new();
    let mut reader = issuer::IssuerReader::new(text, mentions, found.len());
    for (s, e, core, period, alias) in found {
        let key = record_program(
            article,
            text,
            (s, e),
            &core,
            period,
            alias,
            mentions,
            prov,
            ctx,
            out,
        );
        let mut issuers = reader.issuers_of(s, e);
        if sentence.kind == SentenceKind::Note {
            issuers.clear();
        }
        if issuers.is_empty()
            && !issuer::is_legal_basis(text, e)
            && !issuer::is_list_item(text)
            && !sentence.numbered
            && !article.preamble
            && (announces || sentence.kind == SentenceKind::Headline)
            && sentence.kind != SentenceKind::Note
            && !issuer::region_is_subject(text, mentions, s)
        {
            issuers = ctx.lead_agencies.clone();
        }
        if JOINT.is_match(text) {
            ctx.pending_joint = Some(key.clone());
        }
        for a in &issuers {
            out.relate(&key, Predicate::IssuedBy, a, prov.article);
            if let Some(region) = out.based_in(a) {
                out.relate(&key, Predicate::AppliesTo, &region, prov.article);
            }
        }
        if sentence.kind != SentenceKind::Note && (ctx.program.is_none() || !issuers.is_empty()) {
            ctx.program = Some(key.clone());
        }
        reader.done(e, issuers);
        programs.push(ProgramMention {
            start: s,
            end: e,
            key,
        });
    }
    if programs.is_empty() {
        issue_named_elsewhere(sentence, text, announces, &taken, mentions, prov, ctx, out);
    }
    programs
}

/// The program titles of sentence `si`: quoted ones (and the head after a
/// quoted name), those prose names by their form, and unquoted noun
/// phrases before a publishing verb; with the byte ranges they take.
fn find_titles(
    scan: &Scan<'_>,
    article: &Article,
    si: usize,
    mentions: &[Mention],
    prov: &Provenance,
    ctx: &ArticleContext,
    out: &Extraction,
) -> (Vec<FoundTitle>, Vec<(usize, usize)>) {
    let text = article.sentences[si].text.as_str();
    let mut found: Vec<FoundTitle> = Vec::new();
    let mut taken = Vec::new();
    for &(s, e, close_end, ref core, period) in ctx.quoted_in(si) {
        // `(이하 ‘제1차 기본계획’)`: another name of the title before
        let open = text[..s].trim_end_matches(|c: char| "'‘’\"“”「『《<".contains(c));
        if open.trim_end().ends_with("이하") {
            taken.push((s, e));
            continue;
        }
        if !is_title(core) {
            if is_bare_head(core) {
                taken.push((s, e));
                continue;
            }
            // "'중국제조 2025' 전략", "'인터넷+' 행동계획": the head follows the quotes
            let after = text[close_end..].trim_start_matches(' ');
            let head = heads()
                .iter()
                .filter(|h| !WEAK_HEADS.contains(&h.as_str()) || h.as_str() == "로드맵")
                .find(|h| {
                    after.starts_with(h.as_str())
                        && super::korean::ends_word(&after[h.len()..], &[])
                });
            if let (Some(h), false) = (head, core.is_empty() || core.chars().count() > 40) {
                let end = text.len() - after.len() + h.len();
                let title = format!("{core} {h}");
                taken.push((s, end));
                found.push((s, end, title, period, None));
            } else if is_slogan_programme(core) {
                taken.push((s, e));
                found.push((s, e, core.clone(), period, None));
            }
            continue;
        }
        let alias = ALIAS_AFTER
            .captures(&text[close_end..])
            .map(|c| clean_title(&c[1]));
        taken.push((s, e));
        found.push((s, e, core.clone(), period, alias));
    }
    for (s, e) in prose_titles(text) {
        if found.iter().any(|f| f.0 < e && s < f.1) || taken.iter().any(|&(a, b)| a < e && s < b) {
            continue;
        }
        let core = clean_title(&text[s..e]);
        let core = numbered_short_form(out, prov.article, &core).unwrap_or(core);
        let period = find_period(&text[e..].chars().take(20).collect::<String>());
        taken.push((s, e));
        found.push((s, e, core, period.map(|(a, b, _)| (a, b)), None));
    }
    // an unquoted title comes before a publishing verb: none without one
    if !ctx.quoted_titles_seen && scan.has(Cue::Publish) {
        for (s, e) in unquoted_titles(text, scan, &taken, mentions) {
            let core = clean_title(&text[s..e]);
            if core.chars().count() >= 5 && !found.iter().any(|f| f.0 < e && s < f.1) {
                let period = find_period(&text[e..].chars().take(16).collect::<String>());
                found.push((s, e, core, period.map(|(a, b, _)| (a, b)), None));
            }
        }
    }
    found.sort_by_key(|f| f.0);
    (found, taken)
}

/// Records the program titled `core` at bytes `s..e` (its canonical title,
/// the forms written, its period, the regions its title names); returns its key.
#[allow(clippy::too_many_arguments)]
fn record_program(
    article: &Article,
    text: &str,
    (s, e): (usize, usize),
    core: &str,
    period: Option<(i32, i32)>,
    alias: Option<String>,
    mentions: &[Mention],
    prov: &Provenance,
    ctx: &ArticleContext,
    out: &mut Extraction,
) -> String {
    let canonical = ctx
        .canonical_titles
        .get(&slug(core))
        .cloned()
        .unwrap_or_else(|| core.to_string());
    // 规划 is read 규획 or 계획: one program
    let key = format!("program/{}", slug(&canonical).replace("규획", "계획"));
    let mut entity = pattern_entity(key.clone(), Class::Program, &canonical, prov);
    let written = clean_title(&text[s..e]);
    for form in [written, core.to_string()] {
        if form != canonical {
            entity.alt_labels.insert(form);
        }
    }
    if let Some(a) = alias.filter(|a| a.chars().count() >= 2) {
        entity.alt_labels.insert(a);
    }
    let (start_year, end_year) = period
        .or_else(|| five_year_plan(core))
        .map_or((None, None), |(a, b)| (Some(a), Some(b)));
    entity.start_year = start_year;
    entity.end_year = end_year;
    entity.announced = article.date;
    out.mention(entity, prov.article);
    for m in mentions.iter().filter(|m| m.start >= s && m.end <= e) {
        if m.class.is_region() && m.class != Class::Country {
            out.relate(&key, Predicate::AppliesTo, &m.key, prov.article);
        }
    }
    key
}

/// A sentence that names no title but issues the article's program: a
/// footnote listing the bodies of `… 등 4개 부처`, or an announcement that
/// refers back to it (`이 방안`, `‘통지’`, another of its names).
#[allow(clippy::too_many_arguments)]
fn issue_named_elsewhere(
    sentence: &crate::document::Sentence,
    text: &str,
    announces: bool,
    taken: &[(usize, usize)],
    mentions: &[Mention],
    prov: &Provenance,
    ctx: &mut ArticleContext,
    out: &mut Extraction,
) {
    let Some(p) = ctx.program.clone() else {
        return;
    };
    let agencies: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.class == Class::Agency && !issuer::in_source_tag(text, m.start))
        .collect();
    if sentence.kind == SentenceKind::Note
        && agencies.len() >= 2
        && ctx.pending_joint.as_deref() == Some(p.as_str())
    {
        for a in &agencies {
            out.relate(&p, Predicate::IssuedBy, &a.key, prov.article);
        }
        ctx.pending_joint = None;
    } else if announces
        && !agencies.is_empty()
        && (ANAPHOR.is_match(text)
            || taken
                .iter()
                .any(|&(s, e)| heads().iter().any(|h| *h == text[s..e]))
            || names_program(out, &p, text))
    {
        for a in &agencies {
            out.relate(&p, Predicate::IssuedBy, &a.key, prov.article);
        }
    }
}

/// Whether the sentence refers to the program by one of its other names
/// (`… 공동 발표한 행동 계획에 따르면`, after `(이하 행동 계획)`).
fn names_program(out: &Extraction, program: &str, text: &str) -> bool {
    out.entities.get(program).is_some_and(|e| {
        e.alt_labels
            .iter()
            .any(|a| a.chars().count() >= 3 && text.contains(a.as_str()))
    })
}

/// A program the headline announces that no sentence gave an issuer
/// (`제5차 과학기술기본계획 발표` over `생성기관 과학기술정보통신부`): the
/// article's lead agencies issued it.
pub fn issue_headline_programs(
    article: &Article,
    ai: usize,
    ctx: &ArticleContext,
    out: &mut Extraction,
) {
    if ctx.lead_agencies.is_empty() || article.preamble {
        return;
    }
    let Some(headline) = article
        .sentences
        .first()
        .filter(|s| s.kind == SentenceKind::Headline)
    else {
        return;
    };
    let orphans: Vec<String> = out
        .entities
        .values()
        .filter(|e| {
            e.class == Class::Program
                && e.provenance.article == ai
                && e.provenance.line == headline.line
        })
        .map(|e| e.key.clone())
        .filter(|k| out.objects(k, Predicate::IssuedBy).is_empty())
        .collect();
    for p in orphans {
        // `‘청두-충칭 공동경제권’ 발전계획` over `「청두-충칭 공동경제권(…) 건설계획
        // 요강」`: the headline's short name of a program the body names in full
        if let Some(full) = fuller_in_body(out, ai, &p, headline.line) {
            out.merge_entity(&p, &full);
            continue;
        }
        for a in &ctx.lead_agencies {
            out.relate(&p, Predicate::IssuedBy, a, ai);
        }
    }
}

/// The program of article `ai`, named below its headline, whose title holds
/// the headline program `key`'s title without its head.
fn fuller_in_body(out: &Extraction, ai: usize, key: &str, headline_line: usize) -> Option<String> {
    let label = &out.entities.get(key)?.label_ko;
    let core: String = label
        .rsplit_once(' ')
        .map_or(label.as_str(), |(c, _)| c)
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect();
    if core.chars().count() < 4 {
        return None;
    }
    out.entities
        .values()
        .find(|e| {
            e.class == Class::Program
                && e.key != key
                && e.provenance.article == ai
                && e.provenance.line != headline_line
                && e.label_ko
                    .chars()
                    .filter(|c| c.is_alphanumeric())
                    .collect::<String>()
                    .contains(&core)
        })
        .map(|e| e.key.clone())
}

static ZH_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"《([^》]{4,80})》").expect("valid regex"));
static ZH_PERIOD: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[（(][^（）()]*[）)]$").expect("valid regex"));

/// Chinese titles in an article's references (`《专利转化运用专项行动方案（2023—2025年）》`)
/// become the `@zh` label of the article's program.
pub fn attach_reference_titles(article: &Article, ai: usize, out: &mut Extraction) {
    let zh_titles: Vec<String> = article
        .references
        .iter()
        .flat_map(|r| {
            ZH_TITLE
                .captures_iter(r)
                .map(|c| ZH_PERIOD.replace(c[1].trim(), "").into_owned())
                .collect::<Vec<_>>()
        })
        .collect();
    if zh_titles.is_empty() {
        return;
    }
    let program = out
        .entities
        .values_mut()
        .filter(|e| e.class == Class::Program && e.provenance.article == ai && e.label_zh.is_none())
        .min_by_key(|e| e.provenance.line);
    if let Some(p) = program {
        p.label_zh = zh_titles.into_iter().next();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn quoted_spans_skip_year_apostrophes_as_masking_does() {
        for text in [
            "국무원은 '특허 운용 전문프로젝트 액션방안('23~'25)'을 발표",
            "'25년까지 특허 기술거래 규모를 8,000억 위안으로 확대",
            "‘14·5 디지털경제 발전 규획(’21~’25)’ 및 \"AI+ 행동\"",
            "'2025년' 목표와 '123 계획', '12' 그리고 '1",
            "「데이터 20조」 『자료』 《方案》 <계획> ＜안＞",
            "",
        ] {
            let masked = mask_year_apostrophes(text);
            assert_eq!(quoted_spans(text), quoted_spans(&masked), "{text}");
        }
    }

    /// The spans as first found: every character looked at.
    fn quoted_spans_of_every_char(text: &str) -> Vec<(usize, usize, usize)> {
        spans_among(text, text.char_indices())
    }

    #[test]
    fn quoted_spans_look_only_where_a_quote_can_start() {
        let quotes = "'‘’\"“”「」『』《》<＜>＞";
        let others = "가 a1。、・…―–—·○■※→①ｱ€™\u{feff}25";
        let mut texts: Vec<String> = include_str!("../../examples/kostec-weekly-2023-11-03.md")
            .lines()
            .map(str::to_string)
            .collect();
        for q in quotes.chars() {
            for o in others.chars() {
                for r in quotes.chars() {
                    texts.push(format!("{q}{o}{r}"));
                    texts.push(format!("{o}{q}계획{o}{r}{o}"));
                }
            }
        }
        for text in &texts {
            assert_eq!(
                quoted_spans(text),
                quoted_spans_of_every_char(text),
                "{text}"
            );
        }
    }

    #[test]
    fn titles_are_cleaned() {
        for raw in [
            "'특허 운용  전문프로젝트 액션방안'",
            "  《专利转化运用专项行动方案》 ",
            "a ' b",
            "\t“행동\u{3000}계획”\n",
            "",
            " ' ",
        ] {
            let filtered: String = raw
                .chars()
                .filter(|c| !"'’‘\"“”「」『』《》*`".contains(*c))
                .collect();
            let want = filtered.split_whitespace().collect::<Vec<_>>().join(" ");
            assert_eq!(clean_title(raw), want, "{raw:?}");
        }
    }
}
