//! What a quantity measures: the noun phrase the number belongs to.
//!
//! Korean puts it in one of two places. Before the number, as the object
//! or topic of the clause (`[데이터 시장]을 50조원 규모로 확대`,
//! `[데이터 과학 대학원]은 현재 5곳에서 … 10개로`, `[선도기업] 1,000개를
//! 육성`), or after it, joined by `의` or standing as its noun
//! (`200개의 [스마트공장 대표 기업] 육성`, `100억 위안 규모의 [펀드]`).
//! A metric is one noun phrase: it never crosses a parenthesis, a quote,
//! a bullet glyph, a clause break or a case-marked argument.

use std::sync::LazyLock;

use super::korean::strip_particle;
use super::lexicon_lines;
use super::number::Quantity;

const STOPS: &str = include_str!("../../ontology/lexicon/metric-stops.txt");

/// Words that never belong to a metric: discourse adverbs, time words,
/// quantifiers (`ontology/lexicon/metric-stops.txt`).
fn stops() -> &'static [&'static str] {
    static S: LazyLock<Vec<&'static str>> = LazyLock::new(|| lexicon_lines(STOPS).collect());
    &S
}

/// Stop words that belong to a metric inside its phrase
/// (`ontology/lexicon/metric-modifiers.txt`: `연간`, `연평균`).
fn modifiers() -> &'static [&'static str] {
    static M: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        lexicon_lines(include_str!("../../ontology/lexicon/metric-modifiers.txt")).collect()
    });
    &M
}

/// What closes a time phrase after its year (`ontology/lexicon/time-tails.txt`: `말`).
fn time_tails() -> &'static [&'static str] {
    static T: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        lexicon_lines(include_str!("../../ontology/lexicon/time-tails.txt")).collect()
    });
    &T
}

/// Whether word `j` of `ws` is a time word there: a bare `대비` is one only
/// after a point in time (`전년 대비`), not after a base (`GDP 대비 비중`).
fn time_word_at(ws: &[&str], j: usize) -> bool {
    if ws[j] == "대비" {
        return j > 0 && is_time_word(&format!("{}대비", ws[j - 1]));
    }
    is_time_word(ws[j])
}

/// Case particles that close a noun phrase as an argument of the verb.
static CASE_ENDINGS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!("../../ontology/lexicon/case-endings.txt")).collect()
});

/// Endings of verb forms: a word ending so is no part of a noun phrase
/// (`투자해`, `갖춘`, `양성하고`). One-syllable endings count on words of
/// three syllables or more (`역할`, `최고` are nouns).
static VERB_ENDINGS: LazyLock<(Vec<&'static str>, Vec<char>)> = LazyLock::new(|| {
    let text = include_str!("../../ontology/lexicon/verb-form-endings.txt");
    let (long, short) = text.split_once("[one-syllable]").unwrap_or((text, ""));
    (
        lexicon_lines(long).collect(),
        lexicon_lines(short)
            .filter_map(|w| w.chars().next())
            .collect(),
    )
});

/// What a year or month number is followed by in a time word (`ontology/lexicon/time-word-endings.txt`).
static TIME_WORD_ENDINGS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    lexicon_lines(include_str!("../../ontology/lexicon/time-word-endings.txt")).collect()
});

/// Words a quantity may be followed by before the noun it counts.
static LINKERS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!("../../ontology/lexicon/quantity-linkers.txt")).collect()
});

fn is_glyph_word(w: &str) -> bool {
    w.chars()
        .next()
        .is_some_and(|c| "△▲▶▷►•·-–—*■●○◦ㅇ□※◇◆①②③④⑤⑥⑦⑧⑨⑩<>《》「」『』‘’'\"“”(".contains(c))
}

/// A word that starts with a bullet glyph (`△스마트`), without it.
fn strip_leading_glyph(w: &str) -> Option<&str> {
    let c = w.chars().next()?;
    "△▲▶▷►•*■●○◦□※◇◆".contains(c).then(|| &w[c.len_utf8()..])
}

fn has_case_ending(w: &str) -> Option<&'static str> {
    CASE_ENDINGS
        .iter()
        .find(|p| w.ends_with(*p) && w.chars().count() > p.chars().count())
        .copied()
}

fn is_verb_form(w: &str) -> bool {
    let w = w.trim_end_matches([',', '.']);
    w.ends_with('다')
        || VERB_ENDINGS
            .0
            .iter()
            .any(|e| w.ends_with(e) && (w.len() > e.len() || e.chars().count() >= 2))
        || w == "갖춘"
        || w.chars().count() >= 3
            && w.chars()
                .next_back()
                .is_some_and(|c| VERB_ENDINGS.1.contains(&c))
}

/// Words of `s`, with what a year phrase or a number leaves of them.
fn words(s: &str) -> Vec<&str> {
    s.split_whitespace().collect()
}

/// The noun phrase after a quantity (`200개의 [스마트공장 대표 기업] 육성`).
fn after_phrase(
    rest: &str,
    is_goal_verb: &dyn Fn(&str) -> bool,
    require_link: bool,
) -> Option<String> {
    let rest = rest.trim_start();
    let rest = match rest.strip_prefix('의') {
        Some(r) => r,
        None => {
            let first = rest.split_whitespace().next()?;
            match LINKERS.iter().find(|l| first == **l) {
                Some(linker) => &rest[linker.len()..],
                None if require_link => return None,
                None => rest,
            }
        }
    };
    let mut out: Vec<&str> = Vec::new();
    for w in words(rest).into_iter().take(6) {
        if is_glyph_word(w) || stops().contains(&w) {
            break;
        }
        // `애플리케이션(APP)`: the word before its parenthesis
        let (w, cut) = match w.find(['(', '（']) {
            Some(i) if i > 0 => (&w[..i], true),
            Some(_) => break,
            None => (w, false),
        };
        let stem = strip_particle(w.trim_end_matches([',', '.', ')', '’', '\'', '”']));
        // `를 기록함`: a particle left over from the amount is no noun
        if out.is_empty() && super::korean::particles().iter().any(|p| p == w) {
            break;
        }
        if is_goal_verb(stem) || w.ends_with('다') || is_verb_form(w) && out.is_empty() {
            break;
        }
        out.push(stem);
        if cut || stem.len() != w.len() || w.ends_with(',') {
            break;
        }
    }
    (!out.is_empty()).then(|| out.join(" "))
}

/// The noun phrase before a quantity, from the start of its clause.
fn before_phrase(span: &str) -> Option<(String, Option<&'static str>)> {
    let ws = words(span);
    let mut i = ws.len();
    // adverbs and time words between the phrase and its number
    // (and the amount a change starts from: `현재 [5곳에서] … 10곳으로`)
    // (and the start of a range, `[3~]5개`, and a stop word's genitive, `[전체의] 20%`)
    while i > 0
        && (stops().contains(&ws[i - 1])
            || time_word_at(&ws, i - 1)
            || is_baseline(ws[i - 1])
            || is_range_start(ws[i - 1])
            || ws[i - 1]
                .strip_suffix('의')
                .is_some_and(|w| stops().contains(&w)))
    {
        i -= 1;
    }
    if i == 0 {
        return None;
    }
    let head = ws[i - 1];
    // `(응용확산)`, `△`, `필요한 [51개 규제]`: nothing before the number names it
    if is_glyph_word(head) || head.ends_with(')') && head.starts_with('(') || is_verb_form(head) {
        return None;
    }
    let head = head.trim_end_matches(',').trim_end_matches('’');
    let head_case = has_case_ending(head);
    // `수를` → `수`: the case ending goes even from a one-syllable noun
    let head_stem = head_case.map_or(head, |p| &head[..head.len() - p.len()]);
    // `가장 높은 수준인 8%`: a one-syllable stem before 은/는 is an adjective
    if matches!(head_case, Some("은" | "는")) && head_stem.chars().count() == 1 {
        return None;
    }
    let mut picked: Vec<&str> = vec![head_stem];
    let mut k = i - 1;
    while k > 0 && picked.len() < 6 {
        let w = ws[k - 1];
        // `△스마트 농장`: the word after a bullet glyph begins the phrase
        if let Some(rest) = strip_leading_glyph(w) {
            if !rest.is_empty() && !is_verb_form(rest) && has_case_ending(rest).is_none() {
                picked.insert(0, rest);
            }
            break;
        }
        // `연구개발(R&D)` keeps its parenthesis; a word that closes one opened before does not
        let closes = w.contains([')', '）']) && !w.contains(['(', '（']);
        // `2~3개와 [선도기업]`: another amount is another phrase
        if w.chars().any(|c| c.is_ascii_digit())
            && !is_time_word(w)
            && (w.contains(['~', '〜', '～']) || w.ends_with(['와', '과']))
        {
            break;
        }
        if is_glyph_word(w)
            || closes
            || w.contains(['’', '”', '」', '》', '>'])
            || w.ends_with(',')
            || stops().contains(&w)
                && !modifiers().contains(&w)
                // `GDP 대비 비중`: a ratio to a base, not to a past point
                && !(w == "대비" && k >= 2 && !time_word_at(&ws, k - 1))
            || time_word_at(&ws, k - 1)
            || is_verb_form(w)
        {
            // `2024년 말 [비중]`: the time phrase's tail is not the metric's
            if time_word_at(&ws, k - 1) && time_tails().contains(&picked[0]) && picked.len() > 1 {
                picked.remove(0);
            }
            break;
        }
        // `로봇 핵심부품의 국산화율`: a genitive joins; any other case ends it
        if let Some(p) = has_case_ending(w) {
            if !matches!(p, "와" | "과") || picked.len() > 1 {
                break;
            }
        }
        picked.insert(0, w);
        k -= 1;
    }
    let phrase = picked.join(" ");
    (phrase.chars().count() >= 2).then_some((phrase, head_case))
}

/// `3~`, `10만~`: the first amount of a range whose second one follows.
fn is_range_start(w: &str) -> bool {
    w.strip_suffix(['~', '〜', '～', '-'])
        .is_some_and(|a| !a.is_empty() && a.starts_with(|c: char| c.is_ascii_digit()))
}

/// `5곳에서`, `1,095개에서`: an amount a change starts from.
fn is_baseline(w: &str) -> bool {
    w.ends_with("에서") && w.chars().next().is_some_and(|c| c.is_ascii_digit())
}

/// Year phrases, durations and reference points between a metric and its number.
fn is_time_word(w: &str) -> bool {
    let w = w.trim_end_matches(',');
    let digits_then = |suffixes: &[&str]| {
        suffixes.iter().any(|s| {
            w.strip_suffix(s).is_some_and(|d| {
                !d.is_empty()
                    && d.trim_start_matches(['\'', '’', '‘', '`', '~', '～'])
                        .chars()
                        .all(|c| c.is_ascii_digit() || "~'’‘`-".contains(c))
            })
        })
    };
    digits_then(&TIME_WORD_ENDINGS)
        || w.ends_with("까지") && w.chars().any(|c| c.is_ascii_digit())
        || w.ends_with("대비") && w.chars().count() <= 4
}

/// The metric of quantity `q`, whose clause starts at byte `clause_start`
/// of `text`. `is_goal_verb` tells a goal verb (`확대`, `구축`), which ends a
/// phrase after the number.
pub fn metric_of(
    text: &str,
    clause_start: usize,
    q: &Quantity,
    is_goal_verb: &dyn Fn(&str) -> bool,
) -> String {
    let rest = &text[q.end_with_comparator..];
    // `(100개)` right after its noun: the noun before the parenthesis
    let (span_end, rest) = if text[..q.start].trim_end().ends_with(['(', '（']) {
        let open = text[..q.start].trim_end();
        let close = rest.find([')', '）']).map_or(0, |i| i + 1);
        (open.len() - 1, &rest[close..])
    } else {
        (q.start, rest)
    };
    let span = &text[clause_start.min(span_end)..span_end];
    let before = match before_phrase(span) {
        // `부가가치를 GDP의 10%`: a genitive before a share is its base
        Some((base, case))
            if q.unit.as_deref() == Some("%")
                && (case == Some("의") || base.ends_with('의') && !base.contains(' ')) =>
        {
            let base = base.trim_end_matches('의');
            Some((
                share_of(span, base).unwrap_or_else(|| format!("{base} 대비 비중")),
                case,
            ))
        }
        other => other,
    };
    let after = after_phrase(rest, is_goal_verb, before.is_some());
    let linked = rest.trim_start().starts_with('의')
        || LINKERS
            .iter()
            .any(|l| rest.split_whitespace().next() == Some(l));
    // `매출액은 연평균 20% 이상 확대`: the rate is the phrase's yearly growth
    let yearly =
        q.unit.as_deref() == Some("%") && words(span).last().is_some_and(|w| *w == "연평균");
    let measured_after = linked && after.as_deref().is_some_and(is_measure);
    let before = before.map(|(b, case)| match (yearly, measured_after) {
        (true, true) => (format!("{b} 연평균"), case),
        (true, false) => (format!("{b} 연평균 증가율"), case),
        _ => (b, case),
    });
    let phrase = match (before, after) {
        // `부가가치에서도 연평균 7.5% 안팎의 성장률`: the measure of the phrase before
        (Some((b, _)), Some(a)) if measured_after => format!("{b} {a}"),
        // `200개의 X`, `50억 원 규모의 X`: the number modifies what follows;
        // a bare class word before it belongs too (`신진 급 1천 명 규모의 …`)
        (Some((b, None)), Some(a)) if linked && b.chars().count() <= 4 => format!("{b} {a}"),
        (_, Some(a)) if linked => a,
        (Some((b, _)), _) => b,
        (None, Some(a)) => a,
        (None, None) => String::new(),
    };
    // `생산액: 1,000억 위안`: the label of a key-value item without its colon
    let phrase = crate::document::strip_glyphs(
        phrase.trim_matches(|c: char| ",.:：".contains(c) || c.is_whitespace()),
    )
    .to_string();
    with_spending_verb(phrase, q, rest)
}

/// `민관이 … 3조 원 이상을 투자해`: money spent is the phrase's investment
/// (`민관 투자`), the verb's noun joined to what spends or receives it.
fn with_spending_verb(phrase: String, q: &Quantity, rest: &str) -> String {
    let currency = q
        .unit
        .as_deref()
        .is_some_and(|u| u.len() == 3 && u.bytes().all(|b| b.is_ascii_uppercase()));
    let verb = rest
        .trim_start_matches(['을', '를', ' '])
        .get(..6)
        .filter(|v| ["투자", "투입"].contains(v));
    match verb {
        Some(v) if currency && !phrase.is_empty() && !phrase.contains(v) => {
            format!("{phrase} {v}")
        }
        _ => phrase,
    }
}

/// Nouns that name a measure (`ontology/lexicon/measure-heads.txt`), at the
/// end of a phrase.
fn is_measure(phrase: &str) -> bool {
    static HEADS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        lexicon_lines(include_str!("../../ontology/lexicon/measure-heads.txt")).collect()
    });
    HEADS.iter().any(|h| phrase.ends_with(h))
}

/// `[부가가치]를 중국 전체 GDP의 10%`: the argument a share measures, named
/// before its base (the nearest word marked as object, topic or subject):
/// `부가가치의 GDP 대비 비중`.
fn share_of(span: &str, base: &str) -> Option<String> {
    let at = span.rfind(&format!("{base}의"))?;
    let left = &span[..at];
    let mut end = left.len();
    for w in left.split_whitespace().rev() {
        let w_end = left[..end].rfind(w).map_or(0, |i| i + w.len());
        if matches!(
            has_case_ending(w),
            Some("을" | "를" | "은" | "는" | "이" | "가")
        ) {
            let (p, _) = before_phrase(&left[..w_end])?;
            return Some(format!("{p}의 {base} 대비 비중"));
        }
        end = left[..w_end].len() - w.len();
    }
    None
}
