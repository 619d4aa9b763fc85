//! Years, deadlines and periods: `'25년까지` → 2025, `2027년 말까지` →
//! 2027, `('23~'25)` → 2023–2025, `(2024-2027년)`, `（2023—2025年）`,
//! `14차 5개년` → 2021–2025.

use std::sync::LazyLock;

use regex::Regex;

/// Expands a two-digit year (`'25` → 2025, `'98` → 1998).
pub fn expand_year(y: u32) -> i32 {
    match y {
        0..=69 => 2000 + y as i32,
        70..=99 => 1900 + y as i32,
        _ => y as i32,
    }
}

/// How a year is used in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum YearUse {
    /// `'25년까지`, `2027년 말까지`, `오는 2026년`: a deadline.
    Until,
    /// `2025년부터`: a start.
    Since,
    /// `'21년 기준`, `'23년 9월 기준`: a reference date of a statistic.
    Reference,
    /// `2026년은 …`: the year as the clause's topic or subject, or a year
    /// of a period in parentheses (`(2021~2035년)`): no deadline.
    Topic,
    /// Any other mention.
    Plain,
}

/// A year mentioned in a sentence.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct YearMention {
    /// Byte offset in the sentence.
    pub start: usize,
    /// End of the whole phrase (`'25년 말까지`).
    pub end: usize,
    /// The year.
    pub year: i32,
    /// How it is used.
    pub kind: YearUse,
}

static YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(오는\s*)?(?:['’‘`](\d{2})|((?:19|20)\d{2}))\s*(?:년도?|年)(\s*(?:\d{1,2}\s*월\s*)?(?:말|연말|상반기|하반기|초|중)?\s*(?:까지|부터|기준|내)?)")
        .expect("valid regex")
});

/// Every year written with `년` in `text`, with how it is used.
pub fn find_years(text: &str) -> Vec<YearMention> {
    if !text.contains(['년', '年']) {
        return Vec::new();
    }
    YEAR.captures_iter(text)
        .filter_map(|c| {
            let whole = c.get(0)?;
            let year = match (c.get(2), c.get(3)) {
                (Some(short), _) => expand_year(short.as_str().parse().ok()?),
                (None, Some(full)) => full.as_str().parse().ok()?,
                _ => return None,
            };
            let tail = c.get(4).map_or("", |m| m.as_str());
            let rest = &text[whole.end()..];
            // `(’25년) △…, △…`: a dated bullet head sets the deadline of its items
            let dated_head = text[..whole.start()]
                .trim_end()
                .strip_suffix('(')
                .is_some_and(|b| {
                    b.chars()
                        .all(|c| c.is_whitespace() || "-–○◦ㅇ·•□■●▶".contains(c))
                })
                && text[whole.end()..].trim_start().starts_with(')');
            let kind = if tail.contains("까지")
                || dated_head
                || c.get(1).is_some() && !tail.contains("부터")
            {
                YearUse::Until
            } else if tail.contains("부터") {
                YearUse::Since
            } else if tail.contains("기준")
                || rest.trim_start().starts_with("기준")
                || rest.trim_start().starts_with(", 기준")
                || is_dated_or_past(rest)
            {
                YearUse::Reference
            } else if ["은 ", "는 ", "이 ", "가 "]
                .iter()
                .any(|p| rest.starts_with(p))
                || in_period(text, whole.start())
            {
                YearUse::Topic
            } else {
                YearUse::Plain
            };
            Some(YearMention {
                start: whole.start(),
                end: whole.end(),
                year,
                kind,
            })
        })
        .collect()
}

/// Whether byte `at` lies inside a period in parentheses (`(2021~2035년)`).
fn in_period(text: &str, at: usize) -> bool {
    let open = text[..at].rfind(['(', '（']);
    open.is_some_and(|o| {
        let close = text[o..]
            .char_indices()
            .find(|&(_, c)| c == ')' || c == '）')
            .map_or(text.len(), |(c, ch)| o + c + ch.len_utf8());
        at < close && PERIOD.is_match(&text[o..close])
    })
}

static PERIOD: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"[(（]\s*(?:['’‘`](\d{2})|((?:19|20)\d{2}))\s*(?:년)?\s*[~\-–—〜～]\s*(?:['’‘`]?(\d{2})|((?:19|20)\d{2}))\s*(?:년|年)?\s*[)）]")
        .expect("valid regex")
});

/// A program period in parentheses: `('23~'25)`, `(2024-2027년)`,
/// `（2023—2025年）`, `(’21~’25)`. Returns (start, end, byte range).
/// `2021년 [7월 14일]`: a day's date; `2019년 [출범된]`: a past event —
/// the year is when something happened, no deadline.
fn is_dated_or_past(rest: &str) -> bool {
    static DAY: LazyLock<Regex> =
        LazyLock::new(|| Regex::new(r"^\s*\d{1,2}\s*월\s*\d{1,2}\s*일").expect("valid regex"));
    DAY.is_match(rest)
        || rest
            .split_whitespace()
            .next()
            .is_some_and(|w| w.ends_with("된") || w.ends_with("던"))
}

pub fn find_period(text: &str) -> Option<(i32, i32, std::ops::Range<usize>)> {
    if !text.contains(['(', '（']) {
        return None;
    }
    let c = PERIOD.captures(text)?;
    let year = |short: Option<regex::Match>, full: Option<regex::Match>| -> Option<i32> {
        match (short, full) {
            (Some(s), _) => Some(expand_year(s.as_str().parse().ok()?)),
            (None, Some(f)) => f.as_str().parse().ok(),
            _ => None,
        }
    };
    let start = year(c.get(1), c.get(2))?;
    let end = year(c.get(3), c.get(4))?;
    (start <= end && end - start <= 30).then(|| (start, end, c.get(0).map_or(0..0, |m| m.range())))
}

static FIVE_YEAR_PLAN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:제\s*)?(1[0-9])\s*(?:차\s*5개년|·5|\.5|5)\s*(?:계획|규획|기간)?")
        .expect("valid regex")
});

/// The years of the n-th Five-Year Plan named in `text` (`14차 5개년`,
/// `14·5`, `14.5계획` → 2021–2025).
pub fn five_year_plan(text: &str) -> Option<(i32, i32)> {
    let c = FIVE_YEAR_PLAN.captures(text)?;
    let whole = c.get(0)?.as_str();
    if !(whole.contains("5개년")
        || whole.contains("·5")
        || whole.contains(".5")
            && (whole.contains("계획") || whole.contains("규획") || whole.contains("기간")))
    {
        return None;
    }
    let n: i32 = c[1].parse().ok()?;
    let start = 1966 + 5 * (n - 3);
    Some((start, start + 4))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn years_and_their_use() {
        for (text, want) in [
            (
                "'25년까지 특허 기술거래 규모를",
                vec![(2025, YearUse::Until)],
            ),
            (
                "'25년 말까지 대학 및 연구소 내",
                vec![(2025, YearUse::Until)],
            ),
            (
                "2027년 말까지 중국 내 가동되는",
                vec![(2027, YearUse::Until)],
            ),
            (
                "오는 2026년까지 글로벌 메타버스",
                vec![(2026, YearUse::Until)],
            ),
            ("올해부터 오는 2026년까지", vec![(2026, YearUse::Until)]),
            (
                "'21년 기준 베이징 R&D 투자 규모가",
                vec![(2021, YearUse::Reference)],
            ),
            (
                "'23년 9월 기준, 중국 내 대학",
                vec![(2023, YearUse::Reference)],
            ),
            (
                "2025년부터 '휴머노이드 로봇' 양산",
                vec![(2025, YearUse::Since)],
            ),
            (
                "2022년 허베이성 전체 에너지 소비에서",
                vec![(2022, YearUse::Plain)],
            ),
            ("’24년도 GDP 성장률 목표", vec![(2024, YearUse::Plain)]),
        ] {
            let got: Vec<(i32, YearUse)> = find_years(text)
                .into_iter()
                .map(|y| (y.year, y.kind))
                .collect();
            assert_eq!(got, want, "{text}");
        }
    }

    #[test]
    fn periods() {
        for (text, want) in [
            (
                "'특허 운용 전문프로젝트 액션방안('23~'25)'",
                Some((2023, 2025)),
            ),
            ("신형 인프라 건설 행동방안('23~'26)", Some((2023, 2026))),
            ("최적화 작업 계획(2024-2027년)", Some((2024, 2027))),
            (
                "《专利转化运用专项行动方案（2023—2025年）》",
                Some((2023, 2025)),
            ),
            ("14차 5개년(’21~’25) 규획", Some((2021, 2025))),
            ("(10.27)", None),
        ] {
            assert_eq!(find_period(text).map(|(a, b, _)| (a, b)), want, "{text}");
        }
    }

    #[test]
    fn five_year_plans() {
        assert_eq!(
            five_year_plan("14차 5개년 디지털경제 발전규획"),
            Some((2021, 2025))
        );
        assert_eq!(
            five_year_plan("14·5기간 전기차 충전시설"),
            Some((2021, 2025))
        );
        assert_eq!(
            five_year_plan("14.5계획 내 재생에너지발전규획"),
            Some((2021, 2025))
        );
        assert_eq!(five_year_plan("15차 5개년 계획"), Some((2026, 2030)));
        assert_eq!(five_year_plan("14.53%"), None);
    }
}
