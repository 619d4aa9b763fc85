//! Who issued a program, read from the sentence that names it: the body
//! of a relative clause right before the title (`국무원이 발표한 ‘…’`), else
//! the sentence's subject (`공업정보화부 등 8개 부처는 … 「…」을 발표`),
//! else the bodies named before the title. A title cited as a legal basis
//! (`「…법」 제5조에 따라`) was issued by none of them.

use std::sync::LazyLock;

use regex::Regex;

use super::model::Mention;
use super::Class;

/// Heads of legal instruments (`ontology/lexicon/law-heads.txt`).
static LAW_HEADS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::wordlist::lines(include_str!("../../ontology/lexicon/law-heads.txt")).collect()
});

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

/// Reads the issuers of a sentence's titles one after another: what an
/// earlier title took (its relative clause's body, its issuers for a title
/// coordinated with it) shapes what the next one gets.
pub struct IssuerReader<'a> {
    text: &'a str,
    mentions: &'a [Mention],
    titles: usize,
    prev_end: usize,
    prev_issuers: Vec<String>,
    relative_taken: Vec<String>,
}

impl<'a> IssuerReader<'a> {
    /// A reader of a sentence with `titles` titles.
    pub fn new(text: &'a str, mentions: &'a [Mention], titles: usize) -> Self {
        IssuerReader {
            text,
            mentions,
            titles,
            prev_end: 0,
            prev_issuers: Vec::new(),
            relative_taken: Vec::new(),
        }
    }

    /// The issuers the sentence names for the title at bytes `s..e`.
    pub fn issuers_of(&mut self, s: usize, e: usize) -> Vec<String> {
        let (text, mentions) = (self.text, self.mentions);
        if is_legal_basis(text, e) {
            return Vec::new();
        }
        let relative = relative_issuer(text, mentions, self.prev_end, s);
        let subjects: Vec<&Mention> = subjects(text, mentions, s)
            .into_iter()
            .filter(|m| !in_source_tag(text, m.start) && !cites_source(text, m.end))
            .collect();
        // `'A 계획'과 'B 계획'을 확정`: coordinated titles share their issuers
        let coordinated = !self.prev_issuers.is_empty()
            && matches!(
                text[self.prev_end..s].trim_matches(
                    |c: char| c.is_whitespace() || "'‘’\"“”「」『』《》<>".contains(c)
                ),
                "과" | "와" | "및" | "," | "·" | "、"
            );
        let issuers = if coordinated {
            self.prev_issuers.clone()
        } else if let Some(m) = relative {
            vec![m.key.clone()]
        } else if !subjects.is_empty()
            && self
                .relative_taken
                .iter()
                .all(|k| subjects.iter().all(|m| &m.key != k))
            && self.titles > 1
        {
            subjects.iter().map(|m| m.key.clone()).collect()
        } else {
            mentions
                .iter()
                .filter(|m| {
                    m.class == Class::Agency
                        && m.start >= self.prev_end
                        && m.end <= s
                        && !in_source_tag(text, m.start)
                        && !cites_source(text, m.end)
                        && !is_venue(text, m.start, m.end, s)
                        // `A는 B 심의회의를 열고 …`: B hosts the meeting A holds
                        && !(hosts_meeting(text, m.end)
                            && subjects.iter().any(|o| o.key != m.key))
                })
                .map(|m| m.key.clone())
                .collect()
        };
        if let Some(m) = relative {
            self.relative_taken.push(m.key.clone());
        }
        issuers
    }

    /// The title ending at byte `e` was given `issuers` in the end.
    pub fn done(&mut self, e: usize, issuers: Vec<String>) {
        self.prev_end = e;
        self.prev_issuers = issuers;
    }
}

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
        || LAW_HEADS.iter().any(|h| {
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

/// `'제5차 국가과학기술자문회의 심의회의'에서 「…」을 발표`: a body named
/// inside another quoted name, or in a meeting where something is announced
/// (`…회의에서`, `…포럼에서`), is the venue, not an issuer. `title_start` is
/// where the program's title begins.
pub fn is_venue(text: &str, start: usize, end: usize, title_start: usize) -> bool {
    let before = &text[..start];
    // the title's own opening quote or bracket is not a closing one
    let between = text[end..title_start]
        .trim_end_matches(|c: char| c.is_whitespace() || "'‘’\"“”「『《〈<".contains(c));
    // quote marks, not the apostrophe of a year ('25년)
    let quotes = |s: &str, marks: &[char]| {
        s.char_indices()
            .filter(|&(i, c)| {
                marks.contains(&c)
                    && !s[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
            })
            .count()
    };
    let inside_single =
        quotes(before, &['\'', '‘', '’']) % 2 == 1 && quotes(between, &['\'', '’']) > 0;
    let inside_double =
        quotes(before, &['"', '“', '”']) % 2 == 1 && quotes(between, &['"', '”']) > 0;
    if inside_single || inside_double {
        return true;
    }
    // the meeting it names is where the announcement was made
    let rest: String = between.chars().take(24).collect();
    static VENUE: LazyLock<Regex> = LazyLock::new(|| {
        Regex::new(r"^[^,，]{0,16}?(?:회의|포럼|대회|박람회|세미나|심의회|협의회|총회|컨퍼런스|콘퍼런스|운영위원회)['’\u{201D}\x22]?\s*(?:에서|를 통해|을 통해)")
            .expect("valid regex")
    });
    VENUE.is_match(&rest)
}

/// `[주중한국대사관]10개 부처, …`: a bracketed tag at the start names the source, not an actor.
/// `충칭시의 경우 <…>을 채택`, `충칭시는 <…>을`: a place is the subject of the
/// sentence before the title at `before`, so the article's lead did not
/// issue it.
pub fn region_is_subject(text: &str, mentions: &[Mention], before: usize) -> bool {
    mentions.iter().any(|m| {
        m.class.is_region() && m.class != Class::Country && m.end <= before && {
            let rest = text[m.end..].trim_start_matches(['시', '성', '구']);
            ["의 경우", "는 ", "은 ", "가 ", "이 "]
                .iter()
                .any(|p| rest.starts_with(p))
        }
    })
}

/// `공신부 소식에 따르면 ‘A’, ‘B’ 등 …`, `국무원에 따르면`: a body cited as
/// the source of what follows issues nothing the sentence names.
pub fn cites_source(text: &str, end: usize) -> bool {
    let rest = text.get(end..).unwrap_or("").trim_start();
    rest.split_whitespace()
        .take(2)
        .any(|w| w.starts_with("따르면"))
}

pub fn in_source_tag(text: &str, pos: usize) -> bool {
    let before = &text[..pos];
    before.trim_start().starts_with('[') && !before.contains(']')
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
