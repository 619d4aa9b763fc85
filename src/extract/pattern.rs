//! Entities found by their form rather than by a list: central bodies by
//! their heads (`국가…위원회`, `국가…국`), organisations by theirs (`…대학`,
//! `…유한공사`, `LIVEN 컨설팅`) and people by the title after their name
//! (`다이충하이(戴琼海) 교수`). Runs after the gazetteer and never overrides
//! what it found.

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Cue, Scan};
use super::korean::{starts_word, strip_particle};
use super::model::{overlaps, pattern_entity, slug, Mention};
use super::{Class, Extraction, Provenance};

/// A central body no list has yet, by its head: `국가에너지위원회`, `국가우주국`.
static AGENCY_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?:중국\s)?(국가[가-힣]{2,12}?(?:감독관리위원회|관리위원회|위원회|총국|판공청|판공실|관리국|국))(?:[은는이가을를의과와에도]|에서|으로|로|\s|,|\(|$)").expect("valid regex")
});

static ORG_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let heads: Vec<String> = super::lexicon::org_heads().map(regex::escape).collect();
    // "LIVEN 컨설팅" (a Latin name, then a space) or "상하이데이터거래소" (attached)
    Regex::new(&format!(
        r"([A-Z][A-Za-z0-9&.\-]+\s?|[가-힣A-Za-z0-9]{{2,14}})({})",
        heads.join("|")
    ))
    .expect("valid regex")
});

/// `… 기업 하이테크넷 본사에서`, `스타트업 로보앤코는`: a name after the word
/// for a company, followed by its headquarters or a subject particle.
/// What a company is called before its name (`기업`, `증권사`, `제약사`):
/// `ontology/lexicon/company-kinds.txt`.
static COMPANY_KINDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::wordlist::lines(include_str!("../../ontology/lexicon/company-kinds.txt")).collect()
});

static COMPANY_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let kinds: Vec<String> = COMPANY_KINDS.iter().map(|k| regex::escape(k)).collect();
    Regex::new(&format!(
        r"(?:^|\s)(?:{})\s([가-힣A-Za-z][가-힣A-Za-z0-9]{{1,11}})(?:\s본사|\s창업자|\(|는\s|은\s|가\s|이\s)",
        kinds.join("|")
    ))
    .expect("valid regex")
});

static PERSON_PATTERN: LazyLock<Regex> = LazyLock::new(|| {
    let titles: Vec<String> = super::lexicon::person_titles().map(regex::escape).collect();
    Regex::new(&format!(r"([가-힣]{{2,5}})\s?(?:\(([\p{{Han}}]{{2,4}})\))?\s({})(?:[^가-힣]|[은는이가을를의과와에]|$)", titles.join("|"))).expect("valid regex")
});

/// Words that never start an organisation or person name.
static NAME_STOP: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    super::lexicon_lines(include_str!("../../ontology/lexicon/name-stops.txt")).collect()
});

/// The end of the character that starts at byte `at` of `text` (`at` when none does).
fn after_next_char(text: &str, at: usize) -> usize {
    text[at..].chars().next().map_or(at, |c| at + c.len_utf8())
}

/// Adds the pattern finds of one sentence to `mentions` and `out`; `scan`
/// is the gazetteer's pass over the sentence.
pub fn pattern_mentions(
    text: &str,
    scan: &Scan<'_>,
    prov: &Provenance,
    mentions: &mut Vec<Mention>,
    out: &mut Extraction,
) {
    central_bodies(text, prov, mentions, out);
    companies(text, prov, mentions, out);
    organisations(text, scan, prov, mentions, out);
    people(text, scan, prov, mentions, out);
}

/// `국가…판공실`: central bodies not in the gazetteer, named by their head.
fn central_bodies(
    text: &str,
    prov: &Provenance,
    mentions: &mut Vec<Mention>,
    out: &mut Extraction,
) {
    let agencies = text
        .contains("국가")
        .then(|| AGENCY_PATTERN.captures_iter(text));
    for c in agencies.into_iter().flatten() {
        let Some(name) = c.get(1) else { continue };
        // technologies and places inside the name (국가위성항법…) give way to it
        let inside = |m: &Mention| m.start < name.end() && name.start() < m.end;
        if !starts_word(&text[..name.start()])
            || mentions.iter().any(|m| {
                inside(m) && matches!(m.class, Class::Agency | Class::Organization | Class::Person)
            })
        {
            continue;
        }
        mentions.retain(|m| !inside(m));
        let label = name.as_str().to_string();
        let key = format!("agency/{}", slug(&label));
        out.mention(
            pattern_entity(key.clone(), Class::Agency, &label, prov),
            prov.article,
        );
        mentions.push(Mention {
            start: name.start(),
            end: name.end(),
            key,
            class: Class::Agency,
        });
    }
}

/// `AI 기업 X 본사`, `스타트업 X는`: a company named by what it is.
fn companies(text: &str, prov: &Provenance, mentions: &mut Vec<Mention>, out: &mut Extraction) {
    // `AI 기업 X 본사`, `스타트업 X는`: a company named by what it is
    if COMPANY_KINDS.iter().any(|k| {
        text.match_indices(k)
            .any(|(i, _)| text[i + k.len()..].starts_with(' '))
    }) {
        for c in COMPANY_PATTERN.captures_iter(text) {
            let Some(name) = c.get(1) else { continue };
            if overlaps(mentions, name.start(), name.end())
                || NAME_STOP.contains(&name.as_str())
                || name.as_str().chars().count() < 2
            {
                continue;
            }
            let label = name.as_str().to_string();
            let key = format!("org/{}", slug(&label));
            out.mention(
                pattern_entity(key.clone(), Class::Organization, &label, prov),
                prov.article,
            );
            mentions.push(Mention {
                start: name.start(),
                end: name.end(),
                key,
                class: Class::Organization,
            });
        }
    }
}

/// Organisations named by their head (`…대학`, `…연구원`).
fn organisations(
    text: &str,
    scan: &Scan<'_>,
    prov: &Provenance,
    mentions: &mut Vec<Mention>,
    out: &mut Extraction,
) {
    // an organisation's name ends with a head (and the pattern looks no
    // further): the text after the last head holds none
    let orgs = scan
        .last_end(Cue::OrgHead)
        .map(|end| ORG_PATTERN.captures_iter(&text[..end]));
    for c in orgs.into_iter().flatten() {
        let (Some(whole), Some(prefix)) = (c.get(0), c.get(1)) else {
            continue;
        };
        // `로봇대학원`: a head inside a longer word names no organisation
        if !starts_word(&text[..whole.start()])
            || overlaps(mentions, whole.start(), whole.end())
            || !super::korean::ends_word(&text[whole.end()..], &[])
        {
            continue;
        }
        let first_word = prefix.as_str().split_whitespace().next().unwrap_or("");
        if NAME_STOP.contains(&strip_particle(first_word))
            || prefix.as_str() != strip_particle(prefix.as_str()) && !prefix.as_str().is_ascii()
        {
            continue;
        }
        // "반도체 단과대학": a short head-bound prefix takes the noun before it
        let mut start = whole.start();
        if prefix.as_str().chars().count() <= 2 && !prefix.as_str().is_ascii() {
            let before = text[..start].trim_end_matches(' ');
            if before.len() < start {
                let word_start = before.rfind([' ', ',', '(']).map_or(0, |i| i + 1);
                let word = &before[word_start..];
                let n = word.chars().count();
                if (2..=6).contains(&n)
                    && strip_particle(word) == word
                    && !NAME_STOP.contains(&word)
                    && word.chars().all(|c| c.is_alphanumeric())
                    && !mentions.iter().any(|m| {
                        m.class != Class::Technology && m.start < start && word_start < m.end
                    })
                {
                    start = word_start;
                }
            }
        }
        let label = text[start..whole.end()].trim().to_string();
        let key = format!("org/{}", slug(&label));
        out.mention(
            pattern_entity(key.clone(), Class::Organization, &label, prov),
            prov.article,
        );
        mentions.push(Mention {
            start,
            end: whole.end(),
            key,
            class: Class::Organization,
        });
    }
}

/// People named before their title (`다이충하이 교수`).
fn people(
    text: &str,
    scan: &Scan<'_>,
    prov: &Provenance,
    mentions: &mut Vec<Mention>,
    out: &mut Extraction,
) {
    // a match ends at most one character after its title: cut there, the
    // text holds the same matches (no title ends at the cut, so the
    // pattern's `$` finds nothing new)
    let people = scan
        .last_end(Cue::PersonTitle)
        .map(|end| PERSON_PATTERN.captures_iter(&text[..after_next_char(text, end)]));
    for c in people.into_iter().flatten() {
        let Some(name) = c.get(1) else { continue };
        let not_a_name = name.as_str().ends_with([
            '인', '한', '는', '은', '을', '를', '의', '적', '요', '심', '로', '과', '와', '도',
        ]);
        if not_a_name
            || !starts_word(&text[..name.start()])
            || overlaps(mentions, name.start(), name.end())
            || NAME_STOP.contains(&name.as_str())
        {
            continue;
        }
        let key = format!("person/{}", slug(name.as_str()));
        let mut e = pattern_entity(key.clone(), Class::Person, name.as_str(), prov);
        e.label_zh = c.get(2).map(|m| m.as_str().to_string());
        out.mention(e, prov.article);
        mentions.push(Mention {
            start: name.start(),
            end: name.end(),
            key,
            class: Class::Person,
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn org_spans(hay: &str) -> Vec<(usize, usize, usize)> {
        ORG_PATTERN
            .captures_iter(hay)
            .filter_map(|c| Some((c.get(0)?.start(), c.get(0)?.end(), c.get(1)?.end())))
            .collect()
    }

    fn person_spans(hay: &str) -> Vec<(usize, usize, Option<usize>)> {
        PERSON_PATTERN
            .captures_iter(hay)
            .filter_map(|c| {
                Some((
                    c.get(0)?.start(),
                    c.get(1)?.end(),
                    c.get(2).map(|m| m.end()),
                ))
            })
            .collect()
    }

    #[test]
    fn people_end_a_character_after_the_last_title() {
        let gaz = match crate::extract::gazetteer::Gazetteer::bundled() {
            Ok(g) => g,
            Err(e) => panic!("the bundled gazetteer must load: {e}"),
        };
        let titles: Vec<&str> = crate::extract::lexicon::person_titles().collect();
        let mut texts: Vec<String> = include_str!("../../examples/kostec-weekly-2023-11-03.md")
            .lines()
            .map(str::to_string)
            .collect();
        for (i, t) in titles.iter().enumerate() {
            let u = titles[(i + 1) % titles.len()];
            for after in ["", " ", "은", "장", "a", ",", "이 ", "의 다이충하이 "] {
                texts.push(format!("다이충하이 {t}{after}"));
                texts.push(format!("다이충하이(戴琼海) {t}{after}{u}"));
                texts.push(format!("칭화대학 왕샤오 {t}{after}김철수 {u}"));
            }
        }
        for text in &texts {
            let scan = gaz.scan(text);
            let truncated = scan
                .last_end(Cue::PersonTitle)
                .map_or_else(Vec::new, |end| {
                    person_spans(&text[..after_next_char(text, end)])
                });
            assert_eq!(truncated, person_spans(text), "{text}");
        }
    }

    #[test]
    fn organisations_end_by_the_last_head() {
        let gaz = match crate::extract::gazetteer::Gazetteer::bundled() {
            Ok(g) => g,
            Err(e) => panic!("the bundled gazetteer must load: {e}"),
        };
        let heads: Vec<&str> = crate::extract::lexicon::org_heads().collect();
        let mut texts: Vec<String> = include_str!("../../examples/kostec-weekly-2023-11-03.md")
            .lines()
            .map(str::to_string)
            .collect();
        for (i, h) in heads.iter().enumerate() {
            let g = heads[(i + 1) % heads.len()];
            texts.push(format!("상하이데이터{h}는 칭화{g} 연구팀과"));
            texts.push(format!("LIVEN {h}{g}교 AI{h}"));
            texts.push(format!("{h}{h} 가{g}"));
        }
        for text in &texts {
            let scan = gaz.scan(text);
            let truncated = scan
                .last_end(Cue::OrgHead)
                .map_or_else(Vec::new, |end| org_spans(&text[..end]));
            assert_eq!(truncated, org_spans(text), "{text}");
        }
    }
}
