//! Who set a target: an agency named in its sentence, else the issuers of
//! the article's program (or a region that states its own goal under
//! another's plan), else a region named as the subject (`광둥성 5%`), else
//! the article's lead. A goal read before its program's issuers were named
//! takes them once the article names them.

use super::model::{Mention, ProgramMention};
use super::{ArticleContext, Class, Extraction, Predicate};

/// A goal read before its program's issuers were (`정부는 2027년까지 …`
/// ahead of `과기정통부는 … 투자전략을 심의했다`): its setters are the
/// program's issuers, once the article has named them.
pub fn fill_setters_from_programs(out: &mut Extraction, article: usize) {
    for i in 0..out.facts.len() {
        let f = &out.facts[i];
        if !f.is_target || !f.set_by.is_empty() || f.provenance.article != article {
            continue;
        }
        let Some(p) = f.program.clone() else {
            continue;
        };
        let issuers = out.objects(&p, Predicate::IssuedBy);
        out.facts[i].set_by = issuers;
    }
}

/// Who set a target stated at byte `at` of a sentence. Usually one group
/// (all the issuers of a joint plan); several groups when coordinated
/// regions each state it (`하이난성과 시짱자치구는 … 8% 안팎`).
pub(crate) fn setters(
    mentions: &[Mention],
    programs: &[ProgramMention],
    ctx: &ArticleContext,
    out: &Extraction,
    text: &str,
    at: usize,
) -> Vec<Vec<String>> {
    let outside_titles = |m: &&Mention| {
        !programs
            .iter()
            .any(|p| p.start <= m.start && m.end <= p.end)
    };
    let explicit: Vec<String> = mentions
        .iter()
        .filter(|m| m.class == Class::Agency)
        .filter(outside_titles)
        .map(|m| m.key.clone())
        .collect();
    if !explicit.is_empty() {
        return vec![dedup(explicit)];
    }
    let regions = region_subjects(mentions, text, at);
    if let Some(p) = &ctx.program {
        let issuers = out.objects(p, Predicate::IssuedBy);
        if !issuers.is_empty() {
            // "베이징시는 … 계획" under a ministry's plan: the city states its
            // own goal, unless the plan's issuer is that city's government
            if let Some((groups, true)) = &regions {
                let home: Vec<String> = issuers.iter().filter_map(|a| out.based_in(a)).collect();
                if groups.iter().flatten().all(|r| !home.contains(r)) {
                    return groups.clone();
                }
            }
            return vec![issuers];
        }
    }
    if let Some((groups, _)) = regions {
        return groups;
    }
    vec![ctx.lead_agencies.clone()]
}

/// Regions as the subject, nearest before the number at byte `at`:
/// "베이징시는 …", "△광둥성 5%", "하이난성과 시짱자치구는 …" (coordinated:
/// each states it, one group each). The flag says whether the subject opens
/// the sentence as its topic (`베이징시는`, `베이징시와 상하이시는 각각`).
fn region_subjects(
    mentions: &[Mention],
    text: &str,
    at: usize,
) -> Option<(Vec<Vec<String>>, bool)> {
    // regions as the subject, nearest before the number: "베이징시는 …", "△광둥성 5%",
    // "하이난성과 시짱자치구는 …" (coordinated: each states it)
    let subjects: Vec<&Mention> = mentions
        .iter()
        .filter(|m| m.class.is_region() && m.class != Class::Country && m.end <= at)
        .filter(|m| {
            let rest = skip_parenthetical(&text[m.end..]);
            let rest = rest
                .strip_prefix("자치구")
                .unwrap_or(rest)
                .trim_start_matches(['시', '성']);
            ["은", "는", "이 ", "가 ", "과 ", "와 ", "도 ", " "]
                .iter()
                .any(|p| rest.starts_with(p))
                && text[..m.start]
                    .chars()
                    .last()
                    .is_none_or(|c| "△▲•·-,(".contains(c) || c.is_whitespace())
        })
        .collect();
    if let Some(last) = subjects.last() {
        let mut group = vec![*last];
        for m in subjects.iter().rev().skip(1) {
            let between = skip_parenthetical(&text[m.end..group[group.len() - 1].start])
                .trim_start_matches(['시', '성'])
                .trim();
            if matches!(between, "과" | "와" | "," | "및" | "·") {
                group.push(m);
            } else {
                break;
            }
        }
        let tail = skip_parenthetical(&text[last.end..at]);
        let tail = tail
            .strip_prefix("자치구")
            .unwrap_or(tail)
            .trim_start_matches(['시', '성']);
        let first = group[group.len() - 1];
        // the topic of the sentence, or of the clause that states the number
        // (`중국은 …을 지정했으며, 허페이시는 2025년까지 …`)
        let opens = text[..first.start]
            .chars()
            .all(|c| "△▲•·-*■●○ㅇ◦▶".contains(c) || c.is_whitespace())
            || text[..first.start].trim_end().ends_with(',') && !text[first.end..at].contains(',');
        let topic =
            opens && (tail.starts_with('는') || tail.starts_with('은') || tail.contains("각각"));
        if group.len() > 1
            && (tail.starts_with('는') || tail.starts_with('도') || tail.contains("각각"))
        {
            return Some((
                group.iter().rev().map(|m| vec![m.key.clone()]).collect(),
                topic,
            ));
        }
        return Some((vec![vec![last.key.clone()]], topic));
    }
    None
}

/// `(西藏)자치구는` → `자치구는`: skips a parenthetical right after a name.
fn skip_parenthetical(s: &str) -> &str {
    if s.starts_with('(') {
        if let Some(close) = s.find(')') {
            return &s[close + 1..];
        }
    }
    s
}

fn dedup(mut v: Vec<String>) -> Vec<String> {
    let mut seen = std::collections::HashSet::new();
    v.retain(|x| seen.insert(x.clone()));
    v
}
