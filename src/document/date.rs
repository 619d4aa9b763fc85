//! Calendar dates as reports write them: the issue date `2023. 11. 3`, an
//! article's `(10.27)` or `(25.11.12)`, ISO `2023-10-27`.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

/// A calendar date (no time zone: reports give none).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize)]
pub struct Date {
    /// Four-digit year.
    pub year: i32,
    /// 1–12.
    pub month: u32,
    /// 1–31.
    pub day: u32,
}

impl Date {
    /// A date, if the month and day are plausible.
    pub fn new(year: i32, month: u32, day: u32) -> Option<Date> {
        let days = match month {
            1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
            4 | 6 | 9 | 11 => 30,
            2 if year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) => 29,
            2 => 28,
            _ => return None,
        };
        ((1..=days).contains(&day) && (1900..=2100).contains(&year)).then_some(Date {
            year,
            month,
            day,
        })
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

static FULL_DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:19|20)\d{2})\s*[.\-/년]\s*(\d{1,2})\s*[.\-/월]\s*(\d{1,2})\s*일?")
        .expect("valid regex")
});

/// Parses a full date written `2023. 11. 3`, `2023-10-27` or `2023년 10월 27일`.
pub fn parse_full_date(s: &str) -> Option<Date> {
    let c = FULL_DATE.captures(s)?;
    Date::new(c[1].parse().ok()?, c[2].parse().ok()?, c[3].parse().ok()?)
}

static SHORT_DATE: LazyLock<Regex> = LazyLock::new(|| {
    // (10.27)  (10.30 국가발개위)  (25.11.12)  (1.21, 차이신망)  (4.30)
    Regex::new(r"\(\s*(?:[’'‘]?(\d{2})\.)?(\d{1,2})\.\s?(\d{1,2})\s*(?:[,\s][^()]*)?\)")
        .expect("valid regex")
});

/// A date in parentheses as articles write it: `(10.27)` (month.day, the
/// year comes from the report) or `(25.11.12)` (two-digit year first).
/// Returns the last such date in `s`, resolved against `default_year`.
pub fn parse_short_date(s: &str, default_year: Option<i32>) -> Option<Date> {
    let mut found = None;
    for c in SHORT_DATE.captures_iter(s) {
        let month: u32 = c[2].parse().ok()?;
        let day: u32 = c[3].parse().ok()?;
        let year = match c.get(1) {
            Some(y) => Some(2000 + y.as_str().parse::<i32>().ok()?),
            None => default_year,
        };
        if let Some(d) = year.and_then(|y| Date::new(y, month, day)) {
            found = Some(d);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_dates() {
        for (text, want) in [
            ("| 발 행 일 | 2023. 11. 3", "2023-11-03"),
            ("2023-10-27", "2023-10-27"),
            ("2024년 4월 30일", "2024-04-30"),
        ] {
            assert_eq!(
                parse_full_date(text).map(|d| d.to_string()).as_deref(),
                Some(want),
                "{text}"
            );
        }
        assert_eq!(parse_full_date("2023. 13. 3"), None);
    }

    #[test]
    fn short_dates() {
        for (text, year, want) in [
            (
                "'25년까지 … 8,000억 위안(147조 2,480억 원)으로 확대(10.27)",
                Some(2023),
                Some("2023-10-27"),
            ),
            (
                "다양한 재생에너지 해당 (10.23)",
                Some(2023),
                Some("2023-10-23"),
            ),
            ("'지도 의견' 발표(25.11.12)", None, Some("2025-11-12")),
            (
                "비중 확대 가속화 (10.30 국가발개위)",
                Some(2024),
                Some("2024-10-30"),
            ),
            ("발표 (1.21, 차이신망)", Some(2022), Some("2022-01-21")),
            ("(10.27)", None, None),
            ("147조 2,480억 원", Some(2023), None),
        ] {
            assert_eq!(
                parse_short_date(text, year)
                    .map(|d| d.to_string())
                    .as_deref(),
                want,
                "{text}"
            );
        }
    }
}
