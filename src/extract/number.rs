//! Numbers and quantities as Korean reports write them: `8,000억 위안`,
//! `1조 2,000억`, `2천800만 개`, `1.8억 킬로와트시(KWh) 이상`, `70%`,
//! `50,000kW`: an amount (`numeral.rs`, exact with `decimal.rs`), its unit
//! (`units.rs`) when it stands as one, its comparator (이상, 미만, 약) and
//! whether it sits in parentheses. Owns finding quantities in a sentence,
//! not what they measure (`metric.rs`) or whether they are goals
//! (`target.rs`).

use std::sync::LazyLock;

use regex::Regex;

pub use super::decimal::Decimal;
pub use super::numeral::parse_korean_number;
use super::units::{UnitEntry, Units};

/// Whether `c` is a dash that can stand for a minus sign.
fn is_minus(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '−' | '－' | '﹣')
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    // digit groups with optional 십/백/천 and 만/억/조, repeated: "1조 2,000억", "2천800만", "24억9000만"
    Regex::new(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?[십백천])?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)?(?:\s?[만억조])?(?:\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?[십백천])?(?:\d+)?\s?[만억조천])*(?:\d{1,3}(?:,\d{3})+|\d{1,4})?")
        .expect("valid regex")
});

/// How a target's value compares with the goal.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum Comparator {
    /// 이상: at least.
    Min,
    /// 초과, 돌파, 넘는: more than.
    Gt,
    /// 이하: at most.
    Max,
    /// 미만: less than.
    Lt,
    /// exactly (으로, 까지).
    Eq,
    /// 약, 안팎, 내외, 가량: about.
    Approx,
}

impl Comparator {
    /// The literal written as `pk:comparator`.
    pub fn as_str(self) -> &'static str {
        match self {
            Comparator::Min => "min",
            Comparator::Gt => "gt",
            Comparator::Max => "max",
            Comparator::Lt => "lt",
            Comparator::Eq => "eq",
            Comparator::Approx => "approx",
        }
    }
}

/// A number with its unit, as found in a sentence.
#[derive(Debug, Clone, PartialEq)]
pub struct Quantity {
    /// Byte range of the amount and unit in the sentence.
    pub start: usize,
    /// End of the amount and unit (before any comparator).
    pub end: usize,
    /// End including the comparator, when there is one.
    pub end_with_comparator: usize,
    /// The value, multipliers and unit factor applied.
    pub value: Decimal,
    /// Normalised unit (`CNY`, `%`, `count`, `kW` …), when there is one.
    pub unit: Option<String>,
    /// The amount as written (`8,000억 위안`).
    pub text: String,
    /// 이상/초과/이하/미만/안팎… when written.
    pub comparator: Option<Comparator>,
    /// Whether it sits inside parentheses (a KRW conversion, an aside).
    pub in_parens: bool,
}

/// What may follow a Korean unit in the same word (`ontology/lexicon/unit-followers.txt`).
static PARTICLES_AFTER_UNIT: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::wordlist::lines(include_str!("../../ontology/lexicon/unit-followers.txt")).collect()
});

/// Finds every quantity in `text`: an amount followed by a unit, or a bare
/// amount followed by a comparator (`1.3 이하`).
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    let units = Units::bundled();
    AMOUNT
        .find_iter(text)
        .filter_map(|m| quantity_at(text, m, units))
        .collect()
}

/// The length of a minus sign that ends `before`: a dash (`-`, `–`, `—`,
/// `−`) that follows no digit or letter, as in `△A성 –2.5%` (a dash between
/// numbers is a range).
fn minus_sign(before: &str) -> Option<usize> {
    let dash = before.chars().next_back().filter(|&c| is_minus(c))?;
    let ahead = &before[..before.len() - dash.len_utf8()];
    ahead
        .chars()
        .next_back()
        .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '~' | '〜' | '～')))
        .then_some(dash.len_utf8())
}

/// The unit after an amount, with its length in `rest`, when it stands as
/// a unit: a Hangul unit ends its word or takes a particle (`50조원을`, not
/// `5개국`), a Latin one is not part of a longer code, and `대` after a
/// bare numeral is `3대 방향` (three major directions), not a count.
fn unit_after<'u>(
    units: &'u Units,
    amount_text: &str,
    rest: &str,
    gap: usize,
) -> Option<(&'u UnitEntry, usize)> {
    let (e, len) = units.match_at(rest)?;
    let tail = &rest[len..];
    let word_rest = &tail[..tail
        .char_indices()
        .find(|&(_, c)| !is_hangul(c))
        .map_or(tail.len(), |(i, _)| i)];
    let hangul_unit = e.surface.chars().all(is_hangul);
    let ok_boundary = !hangul_unit
        || word_rest.is_empty()
        || PARTICLES_AFTER_UNIT.contains(&word_rest)
        || word_rest.starts_with("이상")
        || word_rest.starts_with("으로");
    let latin_ok = !e
        .surface
        .chars()
        .last()
        .is_some_and(|c| c.is_ascii_alphabetic())
        || !tail
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphanumeric());
    let multiplier = amount_text.chars().any(|c| "만억조천".contains(c));
    // "3대 방향" is "three major directions", "2,000만 대" is a count of vehicles
    let dae_ok = e.surface != "대" || gap > 0 || multiplier;
    (ok_boundary && latin_ok && dae_ok).then_some((e, len))
}

/// The length of a conversion or symbol in parentheses right after a unit
/// (`킬로와트시(KWh)`), or 0.
fn parenthesised_symbol(tail: &str) -> usize {
    if !tail.starts_with('(') {
        return 0;
    }
    match tail.find(')') {
        Some(close) if tail[..close].chars().count() <= 30 => close + 1,
        _ => 0,
    }
}

/// The quantity whose amount the regex matched at `m`, if it is one.
fn quantity_at(text: &str, m: regex::Match<'_>, units: &Units) -> Option<Quantity> {
    let before = &text[..m.start()];
    let sign = minus_sign(before);
    // part of a word or code (5G, R&D2), a date (10.27), a fraction (1/4), a year ('25)
    if sign.is_none()
        && before.chars().next_back().is_some_and(|c| {
            c.is_ascii_alphanumeric()
                || matches!(c, '/' | '\'' | '’' | '‘' | '`' | '.' | '-' | '_' | ':')
        })
    {
        return None;
    }
    let start = m.start() - sign.unwrap_or(0);
    let amount_text = m.as_str().trim_end();
    let mut value = parse_korean_number(amount_text)?;
    let amount_end = m.start() + amount_text.len();
    let after = &text[amount_end..];
    if after.starts_with(['/', '년', '차', '월'])
        || after.starts_with('일') && !after.starts_with("일대")
    {
        return None;
    }
    // "100여 개", "2만여 명": about
    let (about, after) = match after.strip_prefix('여') {
        Some(rest) => (true, rest),
        None => (false, after),
    };
    let amount_end = amount_end + if about { '여'.len_utf8() } else { 0 };
    let gap = after.len() - after.trim_start_matches(' ').len();
    let (unit, end) = match unit_after(units, amount_text, &after[gap..], gap) {
        Some((e, len)) => {
            value = value.times(e.factor);
            (Some(e.unit.clone()), amount_end + gap + len)
        }
        None => (None, amount_end),
    };
    let scan = end + parenthesised_symbol(&text[end..]);
    let (comparator, cmp_end) = comparator_after(&text[scan..]);
    // `1,000+산업용 애플리케이션`: a plus before a noun counts it
    let unit = unit.or_else(|| {
        text[scan..]
            .strip_prefix('+')
            .is_some_and(|r| r.trim_start().starts_with(is_hangul))
            .then(|| "count".to_string())
    });
    let comparator = comparator
        .or_else(|| comparator_before(before))
        .or(about.then_some(Comparator::Approx));
    if unit.is_none()
        && !matches!(
            comparator,
            Some(Comparator::Min | Comparator::Max | Comparator::Gt | Comparator::Lt)
        )
    {
        return None;
    }
    if sign.is_some() {
        value = value.negated();
    }
    Some(Quantity {
        start,
        end,
        end_with_comparator: if cmp_end > 0 { scan + cmp_end } else { end },
        value,
        unit,
        text: text[start..end].to_string(),
        comparator,
        in_parens: inside_parens(text, m.start()),
    })
}

/// The comparator words of `ontology/lexicon/comparators.tsv`: those read
/// after an amount and those read before it.
#[allow(clippy::type_complexity)]
fn comparator_words() -> &'static (
    Vec<(&'static str, Comparator)>,
    Vec<(&'static str, Comparator)>,
) {
    static W: LazyLock<(
        Vec<(&'static str, Comparator)>,
        Vec<(&'static str, Comparator)>,
    )> = LazyLock::new(|| {
        const FILE: &str = "ontology/lexicon/comparators.tsv";
        let rows = crate::wordlist::bundled_table(
            FILE,
            include_str!("../../ontology/lexicon/comparators.tsv"),
            3,
            |row| {
                let cmp = match row.cells[2] {
                    "min" => Comparator::Min,
                    "gt" => Comparator::Gt,
                    "max" => Comparator::Max,
                    "lt" => Comparator::Lt,
                    "approx" => Comparator::Approx,
                    other => return Err(row.error(FILE, format!("unknown comparator `{other}`"))),
                };
                if row.cells[1].is_empty() {
                    return Err(row.error(FILE, "no word"));
                }
                match row.cells[0] {
                    "after" | "before" => Ok((row.cells[0] == "after", row.cells[1], cmp)),
                    other => Err(row.error(FILE, format!("position `{other}`: after or before"))),
                }
            },
        );
        let mut after = Vec::new();
        let mut before = Vec::new();
        for (is_after, word, cmp) in rows {
            if is_after {
                after.push((word, cmp));
            } else {
                before.push((word, cmp));
            }
        }
        (after, before)
    });
    &W
}

fn comparator_after(s: &str) -> (Option<Comparator>, usize) {
    // `1,000+ 개`, `1,000+산업용 앱`: a plus right after the amount
    if s.starts_with('+') {
        return (Some(Comparator::Min), 1);
    }
    let trimmed = s.trim_start();
    let skip = s.len() - trimmed.len();
    for &(word, cmp) in &comparator_words().0 {
        if trimmed.starts_with(word) {
            return (Some(cmp), skip + word.len());
        }
    }
    (None, 0)
}

fn comparator_before(before: &str) -> Option<Comparator> {
    let b = before.trim_end();
    comparator_words()
        .1
        .iter()
        .find(|(w, _)| b.ends_with(w))
        .map(|&(_, c)| c)
}

/// Whether byte `pos` of `text` sits inside parentheses, ASCII or
/// full-width (`（` is EF BC 88 in UTF-8, `）` EF BC 89): read byte by byte,
/// as no other character holds those bytes.
fn inside_parens(text: &str, pos: usize) -> bool {
    let bytes = &text.as_bytes()[..pos];
    let mut depth = 0i32;
    for (i, &b) in bytes.iter().enumerate() {
        let full_width = |last: u8| b == 0xEF && bytes.get(i + 1..i + 3) == Some(&[0xBC, last]);
        if b == b'(' || full_width(0x88) {
            depth += 1;
        } else if b == b')' || full_width(0x89) {
            depth = (depth - 1).max(0);
        }
    }
    depth > 0
}

/// Whether `c` is a Hangul syllable or jamo.
pub fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}' | '\u{1100}'..='\u{11FF}' | '\u{3130}'..='\u{318F}')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The parenthesis depth as first read: character by character.
    fn inside_parens_by_chars(text: &str, pos: usize) -> bool {
        let mut depth = 0i32;
        for c in text[..pos].chars() {
            match c {
                '(' | '（' => depth += 1,
                ')' | '）' => depth = (depth - 1).max(0),
                _ => {}
            }
        }
        depth > 0
    }

    #[test]
    fn parentheses_are_read_as_characters() {
        let pieces = ["(", ")", "（", "）", "가", "a", "＜", "｀", "1"];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for d in pieces {
                        let text = format!("{a}{b}{c}{d}");
                        for (pos, _) in text.char_indices().chain([(text.len(), ' ')]) {
                            assert_eq!(
                                inside_parens(&text, pos),
                                inside_parens_by_chars(&text, pos),
                                "{text} {pos}"
                            );
                        }
                    }
                }
            }
        }
    }

    fn q(text: &str) -> Vec<(String, Option<String>, Option<Comparator>, bool)> {
        find_quantities(text)
            .into_iter()
            .map(|q| (q.value.to_string(), q.unit, q.comparator, q.in_parens))
            .collect()
    }

    #[test]
    fn quantities_in_real_phrasings() {
        let cny = Some("CNY".to_string());
        assert_eq!(
            q("'25년까지 특허 기술거래 규모를 8,000억 위안(147조 2,480억 원)으로 확대(10.27)"),
            vec![
                ("800000000000".into(), cny.clone(), None, false),
                ("147248000000000".into(), Some("KRW".into()), None, true),
            ]
        );
        assert_eq!(
            q("생산액 규모를 1조 위안(184조 100억 원) 이상으로 확대")[0],
            ("1000000000000".into(), cny, Some(Comparator::Min), false)
        );
        assert_eq!(
            q("IoT 감지 뉴런 노드 수 누계 2000만 개 초과")[0],
            (
                "20000000".into(),
                Some("count".into()),
                Some(Comparator::Gt),
                false
            )
        );
        assert_eq!(
            q("신에너지 비중을 70% 이상으로 향상")[0],
            ("70".into(), Some("%".into()), Some(Comparator::Min), false)
        );
        assert_eq!(
            q("단일 실증 프로젝트의 설치 규모는 50,000kW 이상")[0].0,
            "50000"
        );
        assert_eq!(
            q("실증 프로젝트의 단일 규모는 100만 kW 이상")[0],
            (
                "1000000".into(),
                Some("kW".into()),
                Some(Comparator::Min),
                false
            )
        );
        assert_eq!(
            q("연간 생산량 1천만 m3의 바이오천연가스")[0].1.as_deref(),
            Some("m3")
        );
        assert_eq!(
            q("ESS 시설의 규모를 1.8억 킬로와트시(KWh) 이상에 달하도록")[0],
            (
                "180000000".into(),
                Some("kWh".into()),
                Some(Comparator::Min),
                false
            )
        );
        assert_eq!(
            q("공공 충전 용량을 3억㎾(킬로와트) 이상으로")[0],
            (
                "300000000".into(),
                Some("kW".into()),
                Some(Comparator::Min),
                false
            )
        );
        assert_eq!(q("전국에 2천800만 개의 충전 시설")[0].0, "28000000");
        assert_eq!(
            q("8천만 대 이상의 전기차")[0],
            (
                "80000000".into(),
                Some("count".into()),
                Some(Comparator::Min),
                false
            )
        );
        assert_eq!(
            q("데이터센터 평균 전력효율지수(PUE)는 1.3 이하")[0],
            ("1.3".into(), None, Some(Comparator::Max), false)
        );
        assert_eq!(q("2012년보다 약 22%p 감소")[0].1.as_deref(), Some("%p"));
        assert_eq!(q("1억 5,000만 대 이상 생산")[0].0, "150000000");
        assert_eq!(
            q("30여 개국이 참여")[0],
            (
                "30".into(),
                Some("count".into()),
                Some(Comparator::Approx),
                false
            )
        );
        assert_eq!(
            q("2만여 명의 인재")[0],
            (
                "20000".into(),
                Some("count".into()),
                Some(Comparator::Approx),
                false
            )
        );
        assert_eq!(
            q("25억원 돌파 예상")[0],
            (
                "2500000000".into(),
                Some("KRW".into()),
                Some(Comparator::Gt),
                false
            )
        );
        // not quantities
        assert!(q("3대 방향 제시").is_empty());
        assert!(q("'25년까지 20차 당대회('22. 10)").is_empty());
        assert!(q("5G-A와 10G PON 기술, 14.5계획, 1/4 차지, (10.27)").is_empty());
    }
}
