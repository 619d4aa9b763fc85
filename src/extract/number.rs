//! Numbers and quantities as Korean reports write them: `8,000억 위안`,
//! `1조 2,000억`, `2천800만 개`, `1.8억 킬로와트시(KWh) 이상`, `70%`,
//! `50,000kW`. Multipliers (십/백/천/만/억/조) are applied exactly with a
//! small decimal type, so `6.959억` is 695900000, not 695900000.0000001.

use std::fmt;
use std::sync::LazyLock;

use regex::Regex;

/// An exact decimal: `mantissa × 10^-scale`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decimal {
    mantissa: i128,
    scale: u32,
}

impl Decimal {
    /// Parses `8,000`, `2629.32`, `76.7` (commas allowed between digit groups).
    pub fn parse(s: &str) -> Option<Decimal> {
        let (int, frac) = s.split_once('.').unwrap_or((s, ""));
        fn digits(part: &str) -> impl Iterator<Item = u8> + '_ {
            part.bytes().filter(|&b| b != b',')
        }
        if digits(int).next().is_none() && digits(frac).next().is_none() {
            return None;
        }
        let mut mantissa: i128 = 0;
        let mut scale = 0;
        let int = digits(int).map(|b| (b, 0));
        for (b, fraction) in int.chain(digits(frac).map(|b| (b, 1))) {
            if !b.is_ascii_digit() {
                return None;
            }
            mantissa = mantissa
                .checked_mul(10)?
                .checked_add(i128::from(b - b'0'))?;
            scale += fraction;
        }
        Some(Decimal { mantissa, scale })
    }

    fn zero() -> Decimal {
        Decimal {
            mantissa: 0,
            scale: 0,
        }
    }

    /// Multiplies by `10^exp`.
    pub fn times_pow10(self, exp: u32) -> Decimal {
        if exp >= self.scale {
            Decimal {
                mantissa: self
                    .mantissa
                    .saturating_mul(10i128.saturating_pow(exp - self.scale)),
                scale: 0,
            }
        } else {
            Decimal {
                mantissa: self.mantissa,
                scale: self.scale - exp,
            }
        }
        .normalised()
    }

    fn add(self, other: Decimal) -> Decimal {
        let scale = self.scale.max(other.scale);
        let a = self.mantissa.saturating_mul(10i128.pow(scale - self.scale));
        let b = other
            .mantissa
            .saturating_mul(10i128.pow(scale - other.scale));
        Decimal {
            mantissa: a.saturating_add(b),
            scale,
        }
        .normalised()
    }

    fn normalised(mut self) -> Decimal {
        while self.scale > 0 && self.mantissa % 10 == 0 {
            self.mantissa /= 10;
            self.scale -= 1;
        }
        self
    }

    /// The value as a float (for comparisons, never for output).
    pub fn to_f64(self) -> f64 {
        self.mantissa as f64 / 10f64.powi(self.scale as i32)
    }

    /// Whether the value is zero.
    pub fn is_zero(self) -> bool {
        self.mantissa == 0
    }

    /// The value with its sign changed (`–2.5%` → -2.5).
    pub fn negated(self) -> Decimal {
        Decimal {
            mantissa: self.mantissa.saturating_neg(),
            scale: self.scale,
        }
    }
}

/// Whether `c` is a dash that can stand for a minus sign.
fn is_minus(c: char) -> bool {
    matches!(c, '-' | '–' | '—' | '−' | '－' | '﹣')
}

impl fmt::Display for Decimal {
    /// Canonical `xsd:decimal` lexical form: `800000000000`, `6.53`.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        // most values fit a u64, whose digits are much cheaper to write
        let magnitude = self.mantissa.unsigned_abs();
        let digits = match u64::try_from(magnitude) {
            Ok(small) => small.to_string(),
            Err(_) => magnitude.to_string(),
        };
        let sign = if self.mantissa < 0 { "-" } else { "" };
        let scale = self.scale as usize;
        if scale == 0 {
            return write!(f, "{sign}{digits}");
        }
        let padded = format!("{digits:0>width$}", width = scale + 1);
        let (int, frac) = padded.split_at(padded.len() - scale);
        write!(f, "{sign}{int}.{frac}")
    }
}

static AMOUNT: LazyLock<Regex> = LazyLock::new(|| {
    // digit groups with optional 십/백/천 and 만/억/조, repeated: "1조 2,000억", "2천800만", "24억9000만"
    Regex::new(r"(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?[십백천])?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)?(?:\s?[만억조])?(?:\s?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?[십백천])?(?:\d+)?\s?[만억조천])*(?:\d{1,3}(?:,\d{3})+|\d{1,4})?")
        .expect("valid regex")
});

static PART: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"((?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)?\s?([십백천만억조])?").expect("valid regex")
});

/// Whether `s` is one number and nothing else, as the first group of
/// [`PART`] reads it whole: `\d+(\.\d+)?` or `\d{1,3}(,\d{3})+(\.\d+)?`
/// (most amounts are: `30`, `2,000`, `6.5`).
fn is_plain_number(s: &str) -> bool {
    let (int, frac) = match s.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (s, None),
    };
    let digits = |p: &str| !p.is_empty() && p.bytes().all(|b| b.is_ascii_digit());
    if frac.is_some_and(|f| !digits(f)) {
        return false;
    }
    let mut groups = int.split(',');
    let head = groups.next().unwrap_or("");
    if !digits(head) {
        return false;
    }
    let mut grouped = false;
    for g in groups {
        if g.len() != 3 || !digits(g) {
            return false;
        }
        grouped = true;
    }
    !grouped || head.len() <= 3
}

/// Parses a Korean amount with multipliers: `8,000억` → 800000000000,
/// `1조 2,000억` → 1200000000000, `2천800만` → 28000000, `1천만` → 10000000.
pub fn parse_korean_number(s: &str) -> Option<Decimal> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if is_plain_number(s) {
        // what the loop below makes of one number with no multiplier
        return Decimal::parse(s).map(|n| Decimal::zero().add(Decimal::zero().add(n)));
    }
    parse_parts(s)
}

/// One match of [`PART`]: the number as written and the multiplier.
type Part<'a> = (Option<&'a str>, Option<&'a str>);

/// [`parse_korean_number`] of a trimmed, non-empty amount, part by part.
fn parse_parts(s: &str) -> Option<Decimal> {
    let simple = s.chars().all(|c| {
        c.is_ascii_digit() || matches!(c, ',' | '.' | ' ' | '십' | '백' | '천' | '만' | '억' | '조')
    });
    if simple {
        sum_parts(simple_parts(s))
    } else {
        sum_parts(
            PART.captures_iter(s)
                .map(|c| (c.get(1).map(|m| m.as_str()), c.get(2).map(|m| m.as_str()))),
        )
    }
}

/// The matches of [`PART`] in an amount written with ASCII digits, `,`,
/// `.`, spaces and multipliers only, found without the regex: at each
/// position the number (`\d{1,3}(,\d{3})+` before `\d+`, then a
/// fraction), a space, a multiplier; a position that starts none of them
/// is stepped over.
fn simple_parts(s: &str) -> Vec<Part<'_>> {
    let b = s.as_bytes();
    let digits = |i: usize| {
        b.get(i..)
            .map_or(0, |t| t.iter().take_while(|c| c.is_ascii_digit()).count())
    };
    let group_at = |i: usize| b.get(i) == Some(&b',') && digits(i + 1) >= 3;
    let mut parts = Vec::new();
    let mut p = 0;
    while p < s.len() {
        let d = digits(p);
        let num_end = (d > 0).then(|| {
            let mut q = p + d;
            if d <= 3 {
                while group_at(q) {
                    q += 4;
                }
            }
            if b.get(q) == Some(&b'.') && digits(q + 1) > 0 {
                q += 1 + digits(q + 1);
            }
            q
        });
        let mut q = num_end.unwrap_or(p);
        if b.get(q) == Some(&b' ') {
            q += 1;
        }
        let mult = s[q..]
            .chars()
            .next()
            .filter(|c| matches!(c, '십' | '백' | '천' | '만' | '억' | '조'))
            .map(|c| {
                let m = &s[q..q + c.len_utf8()];
                q += c.len_utf8();
                m
            });
        if q == p {
            p += s[p..].chars().next().map_or(1, char::len_utf8);
            continue;
        }
        parts.push((num_end.map(|e| &s[p..e]), mult));
        p = q;
    }
    parts
}

/// The value of an amount's parts: numbers add up, `십`/`백`/`천` multiply
/// the number before them, `만`/`억`/`조` everything since the last of them.
fn sum_parts<'a>(parts: impl IntoIterator<Item = Part<'a>>) -> Option<Decimal> {
    let mut total = Decimal::zero();
    let mut small = Decimal::zero();
    let mut pending: Option<Decimal> = None;
    let mut any = false;
    for (num, mult) in parts {
        let num = num.and_then(Decimal::parse);
        if num.is_none() && mult.is_none() {
            continue;
        }
        any = true;
        if let Some(n) = num {
            if let Some(p) = pending.take() {
                small = small.add(p);
            }
            pending = Some(n);
        }
        match mult {
            Some(m @ ("십" | "백" | "천")) => {
                let exp = match m {
                    "십" => 1,
                    "백" => 2,
                    _ => 3,
                };
                let n = pending.take().unwrap_or(Decimal {
                    mantissa: 1,
                    scale: 0,
                });
                small = small.add(n.times_pow10(exp));
            }
            Some(m) => {
                let exp = match m {
                    "만" => 4,
                    "억" => 8,
                    _ => 12,
                };
                if let Some(p) = pending.take() {
                    small = small.add(p);
                }
                if small.is_zero() {
                    small = Decimal {
                        mantissa: 1,
                        scale: 0,
                    };
                }
                total = total.add(small.times_pow10(exp));
                small = Decimal::zero();
            }
            None => {}
        }
    }
    if let Some(p) = pending {
        small = small.add(p);
    }
    any.then(|| total.add(small))
}

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

/// One unit of measure from `ontology/lexicon/units.tsv`.
#[derive(Debug, Clone)]
struct UnitEntry {
    surface: String,
    unit: String,
    factor: Decimal,
}

/// The unit table, longest surface first.
pub struct Units {
    entries: Vec<UnitEntry>,
    /// Indices into `entries` (in their order) by the surface's first
    /// character, sorted by it: only those can start a text.
    by_first: Vec<(char, Vec<usize>)>,
    /// The first entry with an empty surface (it starts every text), if any.
    empty: Option<usize>,
}

const UNITS_TSV: &str = include_str!("../../ontology/lexicon/units.tsv");

impl Units {
    /// The bundled unit table.
    pub fn bundled() -> &'static Units {
        static UNITS: LazyLock<Units> = LazyLock::new(|| Units::parse(UNITS_TSV));
        &UNITS
    }

    fn parse(tsv: &str) -> Units {
        let mut entries: Vec<UnitEntry> = tsv
            .lines()
            .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
            .skip(1)
            .filter_map(|l| {
                let mut f = l.split('\t');
                let surface = f.next()?.to_string();
                let unit = f.next()?.to_string();
                let factor = Decimal::parse(f.next().unwrap_or("1")).unwrap_or(Decimal {
                    mantissa: 1,
                    scale: 0,
                });
                Some(UnitEntry {
                    surface,
                    unit,
                    factor,
                })
            })
            .collect();
        entries.sort_by_key(|e| std::cmp::Reverse(e.surface.chars().count()));
        let mut by_first: Vec<(char, Vec<usize>)> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let Some(first) = e.surface.chars().next() else {
                continue;
            };
            match by_first.iter_mut().find(|(c, _)| *c == first) {
                Some((_, group)) => group.push(i),
                None => by_first.push((first, vec![i])),
            }
        }
        by_first.sort_by_key(|(c, _)| *c);
        let empty = entries.iter().position(|e| e.surface.is_empty());
        Units {
            entries,
            by_first,
            empty,
        }
    }

    /// The longest unit `rest` starts with (the first in table order among
    /// those as long), and its byte length.
    fn match_at<'a>(&'a self, rest: &str) -> Option<(&'a UnitEntry, usize)> {
        let group = rest.chars().next().and_then(|first| {
            let g = self
                .by_first
                .binary_search_by_key(&first, |(c, _)| *c)
                .ok()?;
            Some(&self.by_first[g].1)
        });
        group
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
            .find(|e| rest.starts_with(&e.surface))
            // an empty surface is the shortest: it comes after every other
            .or_else(|| self.empty.map(|i| &self.entries[i]))
            .map(|e| (e, e.surface.len()))
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

const PARTICLES_AFTER_UNIT: &[&str] = &[
    "",
    "이상",
    "이하",
    "초과",
    "미만",
    "안팎",
    "내외",
    "가량",
    "규모",
    "수준",
    "으로",
    "로",
    "를",
    "을",
    "의",
    "이",
    "가",
    "에",
    "와",
    "과",
    "씩",
    "까지",
    "에서",
    "은",
    "는",
    "도",
    "만",
    "당",
    "여",
    "이며",
    "이고",
    "대",
    "에서",
    "분",
    "당",
    "로서",
    "이다",
    "임",
    "으로서",
    "를",
    "에서는",
    "대로",
    "대를",
    "대에",
    "대의",
];

/// Finds every quantity in `text`: an amount followed by a unit, or a bare
/// amount followed by a comparator (`1.3 이하`).
pub fn find_quantities(text: &str) -> Vec<Quantity> {
    let units = Units::bundled();
    let mut out = Vec::new();
    for m in AMOUNT.find_iter(text) {
        let before = &text[..m.start()];
        let prev = before.chars().next_back();
        // a minus sign: a dash (`-`, `–`, `—`, `−`) that follows no digit or
        // letter, as in `△A성 –2.5%` (a dash between numbers is a range)
        let negative = prev.is_some_and(is_minus)
            && before[..before.len() - prev.map_or(0, char::len_utf8)]
                .chars()
                .next_back()
                .is_none_or(|c| !(c.is_alphanumeric() || matches!(c, '~' | '〜' | '～')));
        // part of a word or code (5G, R&D2), a date (10.27), a fraction (1/4), a year ('25)
        if !negative
            && prev.is_some_and(|c| {
                c.is_ascii_alphanumeric()
                    || matches!(c, '/' | '\'' | '’' | '‘' | '`' | '.' | '-' | '_' | ':')
            })
        {
            continue;
        }
        let start = if negative {
            m.start() - prev.map_or(0, char::len_utf8)
        } else {
            m.start()
        };
        let amount_text = m.as_str().trim_end();
        let Some(mut value) = parse_korean_number(amount_text) else {
            continue;
        };
        let amount_end = m.start() + amount_text.len();
        let after = &text[amount_end..];
        if after.starts_with('/')
            || after.starts_with('년')
            || after.starts_with('차')
            || after.starts_with('월')
            || after.starts_with('일') && !after.starts_with("일대")
        {
            continue;
        }
        // "100여 개", "2만여 명": about
        let (about, after) = match after.strip_prefix('여') {
            Some(rest) => (true, rest),
            None => (false, after),
        };
        let amount_end = amount_end + if about { '여'.len_utf8() } else { 0 };
        let gap = after.len() - after.trim_start_matches(' ').len();
        let rest = &after[gap..];
        let mut end = amount_end;
        let mut unit = None;
        if let Some((e, len)) = units.match_at(rest) {
            let tail = &rest[len..];
            let word_rest = &tail[..tail
                .char_indices()
                .find(|&(_, c)| !is_hangul(c))
                .map_or(tail.len(), |(i, _)| i)];
            let hangul_unit = e.surface.chars().all(is_hangul);
            let ok_boundary = !hangul_unit
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
            if ok_boundary && latin_ok && dae_ok {
                value = value_with_factor(value, e.factor);
                unit = Some(e.unit.clone());
                end = amount_end + gap + len;
            }
        }
        // a conversion or symbol in parentheses right after the unit: "킬로와트시(KWh)"
        let mut scan = end;
        let tail = &text[scan..];
        if tail.starts_with('(') {
            if let Some(close) = tail.find(')') {
                if tail[..close].chars().count() <= 30 {
                    scan += close + 1;
                }
            }
        }
        let (comparator, cmp_end) = comparator_after(&text[scan..]);
        let comparator = comparator
            .or_else(|| comparator_before(before))
            .or(about.then_some(Comparator::Approx));
        if unit.is_none()
            && !matches!(
                comparator,
                Some(Comparator::Min | Comparator::Max | Comparator::Gt | Comparator::Lt)
            )
        {
            continue;
        }
        if negative {
            value = value.negated();
        }
        out.push(Quantity {
            start,
            end,
            end_with_comparator: if cmp_end > 0 { scan + cmp_end } else { end },
            value,
            unit,
            text: text[start..end].to_string(),
            comparator,
            in_parens: inside_parens(text, m.start()),
        });
    }
    out
}

fn value_with_factor(v: Decimal, factor: Decimal) -> Decimal {
    if factor
        == (Decimal {
            mantissa: 1,
            scale: 0,
        })
    {
        v
    } else {
        Decimal {
            mantissa: v.mantissa.saturating_mul(factor.mantissa),
            scale: v.scale + factor.scale,
        }
        .normalised()
    }
}

fn comparator_after(s: &str) -> (Option<Comparator>, usize) {
    let trimmed = s.trim_start();
    let skip = s.len() - trimmed.len();
    for (word, cmp) in [
        ("이상", Comparator::Min),
        ("초과", Comparator::Gt),
        ("이하", Comparator::Max),
        ("미만", Comparator::Lt),
        ("안팎", Comparator::Approx),
        ("내외", Comparator::Approx),
        ("가량", Comparator::Approx),
        ("남짓", Comparator::Approx),
        ("을 넘", Comparator::Gt),
        ("를 넘", Comparator::Gt),
        ("을 돌파", Comparator::Gt),
        ("를 돌파", Comparator::Gt),
        ("돌파", Comparator::Gt),
        ("을 웃돌", Comparator::Gt),
        ("를 웃돌", Comparator::Gt),
    ] {
        if trimmed.starts_with(word) {
            return (Some(cmp), skip + word.len());
        }
    }
    (None, 0)
}

fn comparator_before(before: &str) -> Option<Comparator> {
    let b = before.trim_end();
    if b.ends_with('약') || b.ends_with("대략") {
        Some(Comparator::Approx)
    } else if b.ends_with("최소") {
        Some(Comparator::Min)
    } else if b.ends_with("최대") {
        Some(Comparator::Max)
    } else {
        None
    }
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

    /// The unit lookup as first written: every entry, longest first.
    fn match_by_scan<'a>(units: &'a Units, rest: &str) -> Option<(&'a UnitEntry, usize)> {
        units
            .entries
            .iter()
            .find_map(|e| rest.starts_with(&e.surface).then_some((e, e.surface.len())))
    }

    #[test]
    fn units_are_found_as_by_a_scan_of_all() {
        let check = |units: &Units, rest: &str| {
            let got = units.match_at(rest).map(|(e, n)| (e.surface.as_str(), n));
            let want = match_by_scan(units, rest).map(|(e, n)| (e.surface.as_str(), n));
            assert_eq!(got, want, "{rest:?}");
        };
        let units = Units::bundled();
        let mut texts: Vec<String> = vec![
            String::new(),
            " 위안".into(),
            "억 위안".into(),
            "개 이상".into(),
            "%".into(),
            "kWh".into(),
            "KW".into(),
            "명당".into(),
            "대 방향".into(),
        ];
        for e in &units.entries {
            let chars: Vec<char> = e.surface.chars().collect();
            for n in 0..=chars.len() {
                let head: String = chars[..n].iter().collect();
                texts.push(head.clone());
                texts.push(format!("{head} 이상"));
                texts.push(format!("{head}을"));
            }
        }
        for t in &texts {
            check(units, t);
        }
        // a table with an empty surface: it starts every text, after the rest
        let odd = Units::parse("surface\tunit\tfactor\n\tnone\t1\n개\tcount\t1\n");
        for t in ["", "개", "개수", "위안", " "] {
            check(&odd, t);
        }
    }

    /// The parts as [`PART`] matches them.
    fn regex_parts(s: &str) -> Vec<Part<'_>> {
        PART.captures_iter(s)
            .map(|c| (c.get(1).map(|m| m.as_str()), c.get(2).map(|m| m.as_str())))
            .filter(|(n, m)| n.is_some() || m.is_some())
            .collect()
    }

    /// The parts [`simple_parts`] finds that carry something.
    fn non_empty(s: &str) -> Vec<Part<'_>> {
        simple_parts(s)
            .into_iter()
            .filter(|(n, m)| n.is_some() || m.is_some())
            .collect()
    }

    #[test]
    fn simple_parts_are_the_regex_matches() {
        for s in [
            "8,000억",
            "1조 2,000억",
            "2천800만",
            "1천만",
            "24억9000만",
            "3.5조",
            "1,2345만",
            "1234,567억",
            "12,34",
            "2 천",
            "100만 5천",
            "1.2.3억",
            ",000만",
            "1,000,000.5조",
            "억",
            "천만",
            "5  만",
            "0.5십",
            "3조5천억",
        ] {
            assert_eq!(non_empty(s), regex_parts(s), "{s}");
        }
        // every short string over the alphabet, pseudo-randomly
        let alphabet: Vec<char> = "0123456789,. 십백천만억조".chars().collect();
        let mut seed: u64 = 0x2545_f491_4f6c_dd1d;
        for _ in 0..20_000 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            let len = (seed % 12) as usize + 1;
            let s: String = (0..len)
                .map(|i| alphabet[((seed >> (i * 5)) % alphabet.len() as u64) as usize])
                .collect();
            assert_eq!(non_empty(&s), regex_parts(&s), "{s}");
        }
    }

    #[test]
    fn plain_numbers_read_as_the_parts_do() {
        for s in [
            "30",
            "2025",
            "2,000",
            "12,345,678",
            "6.5",
            "0.75",
            "1,234.5",
            "1,2345",
            "1234,567",
            "12,34",
            ",123",
            "1.",
            ".5",
            "1.2.3",
            "8,000억",
            "1조 2,000억",
            "2천800만",
            "1천만",
            "24억9000만",
            "100만",
            "3.5조",
            "99999999999999999999999999999999999999999",
        ] {
            assert_eq!(parse_korean_number(s), sum_parts(regex_parts(s)), "{s}");
            let whole = PART
                .captures(s)
                .is_some_and(|c| c.get(0).map(|m| m.as_str()) == Some(s) && c.get(2).is_none());
            if is_plain_number(s) {
                assert!(whole, "{s}");
            }
        }
    }

    #[test]
    fn decimals() {
        for (text, want) in [
            ("8,000", Some("8000")),
            ("2629.32", Some("2629.32")),
            (".5", Some("0.5")),
            ("5.", Some("5")),
            ("1,2.3,4", Some("12.34")),
            (".", None),
            ("", None),
            (",", None),
            ("1.2.3", None),
            ("１２", None),
            ("-1", None),
            ("99999999999999999999999999999999999999999", None),
        ] {
            assert_eq!(
                Decimal::parse(text).map(|d| d.to_string()).as_deref(),
                want,
                "{text}"
            );
        }
    }

    #[test]
    fn korean_numbers() {
        for (text, want) in [
            ("8,000억", "800000000000"),
            ("8000억", "800000000000"),
            ("1조", "1000000000000"),
            ("1조 2,000억", "1200000000000"),
            ("1조2천억", "1200000000000"),
            ("2천800만", "28000000"),
            ("2000만", "20000000"),
            ("1억 5,000만", "150000000"),
            ("24억9000만", "2490000000"),
            ("1,153억 9,000만", "115390000000"),
            ("76.7만", "767000"),
            ("6.959억", "695900000"),
            ("1천만", "10000000"),
            ("2,629.32억", "262932000000"),
            ("261만 7천", "2617000"),
            ("50,000", "50000"),
            ("6.53", "6.53"),
            ("70", "70"),
        ] {
            assert_eq!(
                parse_korean_number(text).map(|d| d.to_string()).as_deref(),
                Some(want),
                "{text}"
            );
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
