//! Entity mentions in one sentence: gazetteer names, local bodies composed
//! from a region and a body type (`베이징 과기위` → 베이징 과학기술위원회,
//! `닝샤후이족자치구 과기부`), departments of ministries, bodies listed by type
//! only; then the pattern finds of [`super::pattern`].

use std::sync::LazyLock;

use regex::Regex;

use super::gazetteer::{Entry, Gazetteer, Kind, Scan};
use super::korean::strip_particle;
pub(crate) use super::model::overlaps;
pub use super::model::{pattern_entity, slug, Mention};
use super::{Class, Entity, Extraction, Predicate, Provenance};

/// What someone does when a sentence credits a body with a result (`ontology/lexicon/discovery-verbs.txt`).
static DISCOVERY_VERBS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::wordlist::lines(include_str!("../../ontology/lexicon/discovery-verbs.txt")).collect()
});

fn class_of(kind: Kind) -> Class {
    match kind {
        Kind::Agency => Class::Agency,
        Kind::Country => Class::Country,
        Kind::Province => Class::Province,
        Kind::City => Class::City,
        Kind::District => Class::District,
        Kind::Organization => Class::Organization,
        Kind::Technology => Class::Technology,
    }
}

/// Whether `surface` is none of the entry's labels (then it is kept as an alias).
fn is_other_surface(e: &Entry, surface: &str) -> bool {
    surface != e.ko
        && e.zh.as_deref().is_none_or(|z| z != surface)
        && e.en.as_deref().is_none_or(|z| z != surface)
}

/// Records a mention of gazetteer entry `e` written `surface`. An entity
/// seen before takes what [`Extraction::mention`] would merge from
/// [`entity_from_entry`], without the entity being built.
fn mention_entry(out: &mut Extraction, e: &Entry, surface: &str, prov: &Provenance) {
    let known = out.mention_known(&e.key, prov.article, |known| {
        for alias in &e.aliases {
            if !known.alt_labels.contains(alias) {
                known.alt_labels.insert(alias.clone());
            }
        }
        if is_other_surface(e, surface) && !known.alt_labels.contains(surface) {
            known.alt_labels.insert(surface.to_string());
        }
        if known.label_zh.is_none() {
            known.label_zh = e.zh.clone();
        }
        if known.label_en.is_none() {
            known.label_en = e.en.clone();
        }
        // an entry has no period: a known entity without a start loses its end
        if known.start_year.is_none() {
            known.end_year = None;
        }
    });
    if !known {
        out.mention_new(entity_from_entry(e, surface, prov), prov.article);
    }
}

fn entity_from_entry(e: &Entry, surface: &str, prov: &Provenance) -> Entity {
    let mut alt: std::collections::BTreeSet<String> = e.aliases.iter().cloned().collect();
    if is_other_surface(e, surface) {
        alt.insert(surface.to_string());
    }
    Entity {
        key: e.key.clone(),
        class: class_of(e.kind),
        label_ko: e.ko.clone(),
        label_zh: e.zh.clone(),
        label_en: e.en.clone(),
        alt_labels: alt,
        start_year: None,
        end_year: None,
        announced: None,
        provenance: prov.clone(),
        mentions: 0,
        academy: e.subkind == "academy",
    }
}

/// Finds every entity mention in `text` (`scan` is the gazetteer's pass
/// over it), records the entities in `out`, and returns the mentions in order.
pub fn find_mentions(
    gaz: &Gazetteer,
    scan: &Scan<'_>,
    text: &str,
    prov: &Provenance,
    out: &mut Extraction,
) -> Vec<Mention> {
    let hits = &scan.hits;
    let korean_context = hits.iter().any(|(h, _)| {
        let e = &gaz.entries[h.entry];
        e.kind == Kind::Agency && e.subkind == "korea"
    });
    let mut mentions: Vec<Mention> = Vec::new();
    let mut skip_until = 0;
    // "멤리스터 메모리 컴퓨팅 칩", "인공지능 LLM": technology names written
    // back to back name one thing; the first stands for the compound
    let compound_tail = |i: usize| {
        let (h, _) = &hits[i];
        i > 0 && gaz.entries[h.entry].kind == Kind::Technology && {
            let (p, _) = &hits[i - 1];
            gaz.entries[p.entry].kind == Kind::Technology
                && p.end <= h.start
                && matches!(&text[p.end..h.start], "" | " ")
        }
    };
    for (idx, (hit, cands)) in hits.iter().enumerate() {
        if hit.start < skip_until || compound_tail(idx) {
            continue;
        }
        if gaz.entries[hit.entry].kind == Kind::Technology
            && in_industry_name(text, hit.start, hit.end)
        {
            continue;
        }
        let mut entry_index = hit.entry;
        if cands.len() > 1 {
            let want_korea = korean_context;
            if let Some(&c) = cands
                .iter()
                .find(|&&c| (gaz.entries[c].subkind == "korea") == want_korea)
            {
                entry_index = c;
            }
        }
        let entry = &gaz.entries[entry_index];
        let surface = &text[hit.start..hit.end];
        if entry.kind.is_region() && entry.kind != Kind::Country {
            if let Some(m) = local_body(
                gaz,
                entry,
                text,
                hit.start,
                hit.end,
                hits.get(idx + 1).map(|(h, _)| h),
                prov,
                out,
            ) {
                skip_until = m.end;
                mentions.push(Mention {
                    start: hit.start,
                    end: hit.end,
                    key: entry.key.clone(),
                    class: class_of(entry.kind),
                });
                mention_entry(out, entry, surface, prov);
                let mut end = m.end;
                mentions.push(m);
                while let Some(next) = coordinated_body(gaz, entry, text, end, prov, out) {
                    end = next.end;
                    skip_until = end;
                    mentions.push(next);
                }
                continue;
            }
        }
        let entry = if entry.kind == Kind::Technology {
            &gaz.entries[gaz.canonical_technology(entry_index)]
        } else {
            entry
        };
        mention_entry(out, entry, surface, prov);
        mentions.push(Mention {
            start: hit.start,
            end: hit.end,
            key: entry.key.clone(),
            class: class_of(entry.kind),
        });
    }
    sub_bureaus(gaz, text, prov, &mut mentions, out);
    listed_local_bodies(gaz, text, prov, &mut mentions, out);
    super::pattern::pattern_mentions(text, scan, prov, &mut mentions, out);
    mentions.sort_by_key(|m| (m.start, std::cmp::Reverse(m.end)));
    mentions
}

static SUB_BUREAU: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^ ([가-힣]{2,10}(?:국|판공청|판공실|위원회))").expect("valid regex")
});

/// `과기부 국제협력국`: a department of a central body, named right after it.
fn sub_bureaus(
    gaz: &Gazetteer,
    text: &str,
    prov: &Provenance,
    mentions: &mut Vec<Mention>,
    out: &mut Extraction,
) {
    let parents: Vec<(usize, usize, String)> = mentions
        .iter()
        // the department follows its body after one space
        .filter(|m| {
            m.class == Class::Agency && text[m.end..].starts_with(' ') && gaz.get(&m.key).is_some()
        })
        .map(|m| (m.start, m.end, m.key.clone()))
        .collect();
    for (start, end, key) in parents {
        let Some(c) = SUB_BUREAU.captures(&text[end..]) else {
            continue;
        };
        let word = &c[1];
        let sub = strip_particle(word);
        let sub_end = end + 1 + sub.len();
        if overlaps(mentions, end + 1, sub_end)
            || gaz.type_at(sub).is_some_and(|(_, len)| len == sub.len()) && sub.chars().count() <= 4
        {
            continue;
        }
        let Some(parent) = gaz.get(&key) else {
            continue;
        };
        let sub_key = format!("{key}-{}", slug(sub));
        let mut e = pattern_entity(
            sub_key.clone(),
            Class::Agency,
            &format!("{} {}", parent.ko, sub),
            prov,
        );
        let surface = &text[start..sub_end];
        if surface != e.label_ko {
            e.alt_labels.insert(surface.to_string());
        }
        out.mention(e, prov.article);
        if let Some(r) = &parent.region {
            if out.entities.contains_key(r) {
                out.relate(&sub_key, Predicate::BasedIn, r, prov.article);
            }
        }
        // the department replaces its ministry in this mention
        mentions.retain(|m| !(m.start == start && m.key == key));
        mentions.push(Mention {
            start,
            end: sub_end,
            key: sub_key,
            class: Class::Agency,
        });
    }
}

/// `베이징시 경제정보화국, 발전개혁위원회, 통신관리국이`: body types listed
/// after a local body belong to the same region.
fn listed_local_bodies(
    gaz: &Gazetteer,
    text: &str,
    prov: &Provenance,
    mentions: &mut Vec<Mention>,
    out: &mut Extraction,
) {
    // a listed body needs a body named before it
    if !mentions.iter().any(|m| m.class == Class::Agency) {
        return;
    }
    // candidate starts: after a space or a list separator
    let starts: Vec<usize> = text
        .char_indices()
        .filter(|&(_, c)| matches!(c, ' ' | ',' | '、'))
        .map(|(i, c)| i + c.len_utf8())
        .collect();
    for pos in starts {
        let mut start = pos + (text[pos..].len() - text[pos..].trim_start().len());
        // "성 발전개혁위원회", "시 과학기술국": the province or city just named
        for own in ["성 ", "시 "] {
            if text[start..].starts_with(own) {
                start += own.len();
            }
        }
        let Some((ti, len)) = gaz.type_at(&text[start..]) else {
            continue;
        };
        let end = start + len;
        if overlaps(mentions, start, end) {
            continue;
        }
        // the nearest body before it, with only a list between
        let Some(prev) = mentions
            .iter()
            .filter(|m| m.class == Class::Agency && m.end <= pos)
            .max_by_key(|m| m.end)
        else {
            continue;
        };
        let between = &text[prev.end..start];
        let filler = between
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '、'))
            .all(|w| {
                matches!(
                    w,
                    "" | "은" | "는" | "이" | "가" | "와" | "과" | "및" | "성" | "시"
                )
            });
        if !filler || between.chars().count() > 12 {
            continue;
        }
        let Some(region) = out
            .objects(&prev.key, Predicate::BasedIn)
            .into_iter()
            .next()
        else {
            continue;
        };
        let Some(r) = gaz.get(&region) else { continue };
        let t = &gaz.types[ti];
        let key = format!("agency/{}-{}", region.trim_start_matches("region/"), t.id);
        let label = format!("{} {}", r.ko, t.ko);
        let mut e = pattern_entity(key.clone(), Class::Agency, &label, prov);
        e.alt_labels.insert(text[start..end].to_string());
        out.mention(e, prov.article);
        out.relate(&key, Predicate::BasedIn, &region, prov.article);
        mentions.push(Mention {
            start,
            end,
            key,
            class: Class::Agency,
        });
    }
}

/// Heads of a statistical industry class (`ontology/lexicon/industry-heads.txt`).
static INDUSTRY_HEADS: std::sync::LazyLock<Vec<&'static str>> = std::sync::LazyLock::new(|| {
    crate::wordlist::lines(include_str!("../../ontology/lexicon/industry-heads.txt")).collect()
});

/// `소프트웨어·정보기술서비스업`, `컴퓨터·통신·전자설비제조업`: a statistical
/// industry class names a sector, not a technology.
fn in_industry_name(text: &str, start: usize, end: usize) -> bool {
    let token_end = text[end..]
        .find(|c: char| c.is_whitespace() || ",()".contains(c))
        .map_or(text.len(), |i| end + i);
    let token_start = text[..start]
        .rfind(|c: char| c.is_whitespace() || ",()".contains(c))
        .map_or(0, |i| i + 1);
    let token = text[token_start..token_end].trim_end_matches(|c: char| !c.is_alphanumeric());
    let token = super::korean::strip_particle(token);
    INDUSTRY_HEADS.iter().any(|s| token.ends_with(s))
}

/// `베이징 과기위`, `상하이시 정부`, `인촨시 과학기술국`, `닝샤후이족자치구 과기부`:
/// a region followed by a body type (or a central body's name) is that
/// region's body, based in the region.
#[allow(clippy::too_many_arguments)]
fn local_body(
    gaz: &Gazetteer,
    region: &Entry,
    text: &str,
    start: usize,
    end: usize,
    next_hit: Option<&super::gazetteer::Hit>,
    prov: &Provenance,
    out: &mut Extraction,
) -> Option<Mention> {
    let mut pos = end;
    let mut with_si = false;
    for suffix in ["시", "성"] {
        if text[pos..].starts_with(suffix) && !region.ko.ends_with(suffix) {
            pos += suffix.len();
            with_si = suffix == "시";
            break;
        }
    }
    let after_space = pos + (text[pos..].len() - text[pos..].trim_start_matches(' ').len());
    // `베이징시 위원회`: the suffix, read here or as part of the name,
    // belongs to the type (`시 위원회`, 市委)
    let suffix_at = if pos > end {
        Some(end)
    } else {
        ["시", "성"]
            .into_iter()
            .find(|s| text[start..end].ends_with(s) && !region.ko.ends_with(s))
            .map(|s| end - s.len())
    };
    let typed = gaz
        .type_at(&text[after_space..])
        .map(|(ti, len)| (ti, after_space + len))
        .or_else(|| {
            let at = suffix_at?;
            gaz.type_at(&text[at..]).map(|(ti, len)| (ti, at + len))
        });
    let (type_key, type_label, type_zh, type_en, body_end) = if let Some((ti, body_end)) = typed {
        let t = &gaz.types[ti];
        (
            t.id.clone(),
            t.ko.clone(),
            t.zh.clone(),
            t.en.clone(),
            body_end,
        )
    } else {
        let h = next_hit.filter(|h| h.start == after_space || h.start == pos)?;
        let e = &gaz.entries[h.entry];
        if e.kind != Kind::Agency
            || e.subkind == "korea"
            || e.ko.starts_with("국가")
            || e.ko.starts_with("국무원")
        {
            return None;
        }
        (
            e.key.trim_start_matches("agency/").to_string(),
            text[h.start..h.end].to_string(),
            None,
            None,
            h.end,
        )
    };
    let body = BodyType {
        key: type_key,
        label: type_label,
        zh: type_zh,
        en: type_en,
    };
    let surface = text[start..body_end].to_string();
    Some(record_body(
        region,
        body,
        Some(surface),
        with_si,
        (start, body_end),
        prov,
        out,
    ))
}

/// A body type as a local body names it.
struct BodyType {
    key: String,
    label: String,
    zh: Option<String>,
    en: Option<String>,
}

/// `베이징시 위원회 및 인민정부`: a body type coordinated after a local
/// body (`및`, `과`/`와`, a comma) is another body of the same region.
pub(crate) fn coordinated_body(
    gaz: &Gazetteer,
    region: &Entry,
    text: &str,
    end: usize,
    prov: &Provenance,
    out: &mut Extraction,
) -> Option<Mention> {
    let rest = &text[end..];
    let link = ["와 ", "과 ", " 및 ", ", ", "·"]
        .into_iter()
        .find(|l| rest.starts_with(l))?;
    let at = end + link.len();
    let (ti, len) = gaz.type_at(&text[at..])?;
    if !super::korean::ends_word(&text[at + len..], &[]) {
        return None;
    }
    let t = &gaz.types[ti];
    let body = BodyType {
        key: t.id.clone(),
        label: t.ko.clone(),
        zh: t.zh.clone(),
        en: t.en.clone(),
    };
    Some(record_body(
        region,
        body,
        None,
        false,
        (at, at + len),
        prov,
        out,
    ))
}

/// Records the body `body` of `region` found at `span` (written `surface`
/// when that differs from its label).
fn record_body(
    region: &Entry,
    body: BodyType,
    surface: Option<String>,
    with_si: bool,
    (start, body_end): (usize, usize),
    prov: &Provenance,
    out: &mut Extraction,
) -> Mention {
    let region_id = region.key.trim_start_matches("region/");
    let BodyType {
        key: type_key,
        label: type_label,
        zh: type_zh,
        en: type_en,
    } = body;
    let is_government = type_label.ends_with("정부");
    let label = if is_government && region.kind == Kind::City {
        format!("{}시 {}", region.ko, type_label)
    } else {
        format!("{} {}", region.ko, type_label)
    };
    let key = format!("agency/{region_id}-{type_key}");
    let mut entity = pattern_entity(key.clone(), Class::Agency, &label, prov);
    entity.label_zh = region
        .zh
        .as_ref()
        .zip(type_zh)
        .map(|(r, t)| format!("{r}{t}"));
    entity.label_en = region
        .en
        .as_ref()
        .zip(type_en)
        .map(|(r, t)| format!("{r} {t}"));
    if let Some(surface) = surface.filter(|s| *s != label) {
        entity.alt_labels.insert(surface);
    }
    if with_si && !is_government {
        entity
            .alt_labels
            .insert(format!("{}시 {}", region.ko, type_label));
    }
    out.mention(entity, prov.article);
    out.relate(&key, Predicate::BasedIn, &region.key, prov.article);
    Mention {
        start,
        end: body_end,
        key,
        class: Class::Agency,
    }
}

/// Relations stated inside one sentence: a person and the organisation
/// named before them (`칭화대학 다이충하이 교수`), a technology and who
/// developed it (`… 연구팀은 … 칩을 개발`).
pub fn relate_within_sentence(
    mentions: &[Mention],
    text: &str,
    article: usize,
    out: &mut Extraction,
) {
    // read only when someone could have developed something
    let developed = || DISCOVERY_VERBS.iter().any(|v| text.contains(v));
    let orgs: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.class == Class::Organization)
        .collect();
    for p in mentions.iter().filter(|m| m.class == Class::Person) {
        if let Some(o) = orgs.iter().rev().find(|o| o.end <= p.start) {
            out.relate(&p.key, Predicate::AffiliatedWith, &o.key, article);
        }
    }
    if mentions
        .iter()
        .any(|m| matches!(m.class, Class::Person | Class::Organization))
        && developed()
    {
        let developer = mentions
            .iter()
            .find(|m| m.class == Class::Person)
            .or_else(|| orgs.first().copied());
        if let Some(d) = developer {
            for t in mentions
                .iter()
                .filter(|m| m.class == Class::Technology && m.start > d.start)
            {
                out.relate(&t.key, Predicate::DevelopedBy, &d.key, article);
            }
        }
    }
}

/// Relations the gazetteer knows between entities the report mentions:
/// a region's parent region, an agency's or organisation's region, a
/// technology's broader technology.
pub fn add_gazetteer_relations(gaz: &Gazetteer, out: &mut Extraction) {
    // (entity, predicate, target, article): keys borrowed from the gazetteer
    let found: Vec<(&str, Predicate, &str, usize)> = out
        .entities
        .iter()
        .filter_map(|(key, entity)| {
            let e = gaz.get(key)?;
            let (pred, target) = match e.kind {
                k if k.is_region() => (Predicate::PartOf, e.region.as_deref()),
                Kind::Agency | Kind::Organization => (Predicate::BasedIn, e.region.as_deref()),
                Kind::Technology => (Predicate::Broader, e.broader.as_deref()),
                _ => return None,
            };
            let target = target.filter(|t| out.entities.contains_key(*t))?;
            Some((e.key.as_str(), pred, target, entity.provenance.article))
        })
        .collect();
    for (key, pred, target, article) in found {
        out.relate(key, pred, target, article);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::extract::model::slug_general;

    #[test]
    fn slugs_match_the_general_route() {
        for label in [
            "특허운용전문프로젝트 액션방안",
            "LIVEN 컨설팅",
            "AI+ 전략 시행 및 '인공지능+' 행동 계획",
            "14·5기간 디지털경제 발전 규획",
            "국가발전개혁위원회(NDRC)",
            "R&D-2025 Plan",
            "《关于推动未来产业创新发展的实施意见》",
            "ΣΑΣ 그리스",
            "ㄱㄴ 자모",
            "",
        ] {
            assert_eq!(slug(label), slug_general(label), "{label}");
        }
    }
}
