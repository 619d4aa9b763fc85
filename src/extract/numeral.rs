//! Korean numerals as reports write them: `8,000억`, `1조 2,000억`,
//! `2천800만`, `6.959억`, read to an exact [`Decimal`]. Owns the reading of
//! one amount; finding amounts and their units in a sentence is
//! `number.rs`'s.

use std::sync::LazyLock;

use regex::Regex;

use super::decimal::Decimal;

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
                let n = pending.take().unwrap_or(Decimal::ONE);
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
                    small = Decimal::ONE;
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
