//! Who issued a program, read from the sentence that names it: the body
//! of a relative clause right before the title (`국무원이 발표한 ‘…’`), else
//! the sentence's subject (`공업정보화부 등 8개 부처는 … 「…」을 발표`),
//! else the bodies named before the title. A title cited as a legal basis
//! (`「…법」 제5조에 따라`) was issued by none of them.

use std::sync::LazyLock;

use regex::Regex;

use super::model::Mention;
use super::Class;

/// `… 이/가 (최근) 발표한 ‘’`: what a relative clause says of the title after it.
static RELATIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^(?:\s*\([^)]{0,40}\))?\s*(?:이|가|에서)\s+(?:[^\s,]+\s+){0,3}?(?:발표|공포|발행|인쇄·발행|인쇄발행|수립|마련|제정|내놓|시행|배포|印发)[가-힣]*(?:한|된|던|은)\s*[‘'“\x22「『《<〈]?\s*$")
        .expect("valid regex")
});

/// `「…법」 제5조에 따라`, `…에 의거해`: a title cited as the basis of something.
static LEGAL_BASIS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^[’'”\x22」』》>〉]*\s*(?:\([^)]{0,40}\))?\s*(?:제\s?\d+\s?조|(?P<by>에\s?(?:따라|따르면|의거|근거|의해)))")
        .expect("valid regex")
});

/// `4. …`, `① …`: an item of a numbered list names its own subject or none.
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:\d{1,2}\.\s|[①-⑳])").expect("valid regex"));

/// The agency whose relative clause ends right before byte `title_start`.
pub fn relative_issuer<'m>(
    text: &str,
    mentions: &'m [Mention],
    from: usize,
    title_start: usize,
) -> Option<&'m Mention> {
    mentions
        .iter()
        .filter(|m| m.class == Class::Agency && m.start >= from && m.end <= title_start)
        .rfind(|m| RELATIVE.is_match(&text[m.end..title_start]))
}

/// Whether the title ending at byte `end` is cited as a legal basis.
pub fn is_legal_basis(text: &str, end: usize) -> bool {
    let end = end.min(text.len());
    let Some(c) = LEGAL_BASIS.captures(&text[end..]) else {
        return false;
    };
    // `…에 따라` cites a law as a basis; a plan followed is still issued by someone
    c.name("by").is_none()
        || ["법", "법률", "조례", "규정"].iter().any(|h| {
            text[..end]
                .trim_end_matches(['’', '\'', '”', '」', '』', '》'])
                .ends_with(h)
        })
}

/// Whether the body ending at byte `end` is named for its meeting
/// (`… 심의회의를 열고`, `… 회의에서`).
pub fn hosts_meeting(text: &str, end: usize) -> bool {
    static MEETING: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(
            r"^\s?(?:[가-힣]{0,4}회의|총회|심의회)(?:를|을)?\s*(?:열고|열어|개최하고|개최해|에서)",
        )
        .expect("valid regex")
    });
    let rest = &text[end.min(text.len())..];
    MEETING.is_match(rest) || rest.starts_with("에서 ")
}

/// Whether the sentence is an item of a numbered list.
pub fn is_list_item(text: &str) -> bool {
    LIST_ITEM.is_match(text)
}

/// The agencies that are the sentence's subject, before byte `before`:
/// a body followed by a topic or subject particle (`…는`, `…이`, `…에서는`),
/// with the bodies coordinated with it (`A와 B는`, `A, B, C는`, `A 등 4개
/// 부처는`).
pub fn subjects<'m>(text: &str, mentions: &'m [Mention], before: usize) -> Vec<&'m Mention> {
    let agencies: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.class == Class::Agency && m.end <= before)
        .collect();
    let marks_subject = |m: &Mention| {
        let rest = skip_aside(&text[m.end..]);
        let rest = strip_joint(rest);
        ["는 ", "은 ", "이 ", "가 ", "에서는 ", "도 ", "는", "은"]
            .iter()
            .any(|p| rest.starts_with(p))
            && !rest.starts_with("이번")
            && !heads_relative_clause(rest)
    };
    let Some(last) = agencies.iter().rposition(|m| marks_subject(m)) else {
        return Vec::new();
    };
    let mut group = vec![agencies[last]];
    for k in (0..last).rev() {
        let between = skip_aside(&text[agencies[k].end..group[0].start]).trim();
        if matches!(
            between,
            "과" | "와" | "," | "및" | "·" | "、" | "와 함께" | "과 함께"
        ) {
            group.insert(0, agencies[k]);
        } else {
            break;
        }
    }
    group
}

/// `이 발표한 …`: the body is the subject of a relative clause, not of the sentence.
fn heads_relative_clause(rest: &str) -> bool {
    rest.split_whitespace()
        .skip(1)
        .take(3)
        .find(|w| *w != "최근" && *w != "지난")
        .is_some_and(|w| w.ends_with(['한', '된', '던']) && w.chars().count() >= 2)
}

/// `(国家数据局)` right after a name.
fn skip_aside(s: &str) -> &str {
    let t = s.trim_start();
    if let Some(rest) = t.strip_prefix('(').or_else(|| t.strip_prefix('（')) {
        if let Some(close) = rest.find([')', '）']) {
            return &rest[close + 1..];
        }
    }
    s
}

/// ` 등 4개 부처*는` → `는`.
fn strip_joint(s: &str) -> &str {
    static JOINT: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^\s*등\s*(?:\d+\s*개\s*)?(?:부처|부서|기관|부문|부|위원회)?\s*\*?")
            .expect("valid regex")
    });
    JOINT.find(s).map_or(s, |m| &s[m.end()..])
}

#[cfg(test)]
mod tests {
    use super::*;

    fn agency(text: &str, name: &str) -> Mention {
        let start = text.find(name).unwrap_or(0);
        Mention {
            start,
            end: start + name.len(),
            key: name.to_string(),
            class: Class::Agency,
        }
    }

    #[test]
    fn relative_clauses_name_their_issuer() {
        let t = "재정부는 최근 국무원이 발표한 ‘녹색 금융 지도의견’의 후속 조치로 「녹색 채권 세칙」을 발표";
        let ms = vec![agency(t, "재정부"), agency(t, "국무원")];
        let first = t.find('‘').unwrap_or(0);
        assert_eq!(
            relative_issuer(t, &ms, 0, first).map(|m| m.key.as_str()),
            Some("국무원")
        );
        let second = t.find('「').unwrap_or(0);
        assert!(relative_issuer(t, &ms, first, second).is_none());
        let subj: Vec<&str> = subjects(t, &ms, second)
            .iter()
            .map(|m| m.key.as_str())
            .collect();
        assert_eq!(subj, vec!["재정부"]);
    }

    #[test]
    fn coordinated_subjects_and_legal_bases() {
        let t = "교육부와 재정부(财政部)는 「대학 혁신 방안」을 공동 발표";
        let ms = vec![agency(t, "교육부"), agency(t, "재정부")];
        let at = t.find('「').unwrap_or(0);
        let subj: Vec<&str> = subjects(t, &ms, at)
            .iter()
            .map(|m| m.key.as_str())
            .collect();
        assert_eq!(subj, vec!["교육부", "재정부"]);
        let t = "「과학기술기본법」 제7조에 따라 수립";
        assert!(is_legal_basis(t, t.find('」').unwrap_or(0)));
        assert!(is_list_item("4. “…의견” 발표"));
        assert!(!is_list_item("2025년 목표"));
    }
}
