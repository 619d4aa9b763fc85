//! The word lists of `ontology/lexicon/` that several components and the
//! gazetteer's scan share, and the cue each word is. A leaf: it depends on
//! no other part of the extractor, so the gazetteer (which finds the cue
//! words in the same pass as the names) and the components that read them
//! both depend on it and not on each other.

use std::sync::LazyLock;

const GOAL_CUES: &str = include_str!("../../ontology/lexicon/goal-cues.txt");
const OBSERVATION_CUES: &str = include_str!("../../ontology/lexicon/observation-cues.txt");
const ORG_HEADS: &str = include_str!("../../ontology/lexicon/org-heads.txt");
const PERSON_TITLES: &str = include_str!("../../ontology/lexicon/person-titles.txt");
const PUBLISH: &str = include_str!("../../ontology/lexicon/publish-verbs.txt");
const CLAUSE_BREAKS: &str = include_str!("../../ontology/lexicon/clause-breaks.txt");

/// Non-comment, non-empty lines of a bundled lexicon file.
pub(crate) use crate::wordlist::lines as lexicon_lines;

/// A word of a lexicon that a component looks for in a sentence, found in
/// the same pass as the names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cue {
    /// An organisation's head (`대학`, `연구원`): `org-heads.txt`.
    OrgHead,
    /// A person's title (`교수`, `원사`): `person-titles.txt`.
    PersonTitle,
    /// A publishing verb (`발표`, `수립`): `publish-verbs.txt`.
    Publish,
    /// A goal modal (`목표`, `계획`, `예정`): `goal-cues.txt`.
    Modal,
    /// A forecast (`예상`, `전망`): `goal-cues.txt`.
    Forecast,
    /// A goal verb (`확대`, `구축`, `육성`): `goal-cues.txt`.
    GoalVerb,
    /// An observation (`기준`, `차지했`, `기록`): `observation-cues.txt`.
    Observation,
    /// What ends a clause (`, `, `하고 `, `했으며 ` …): its rank in
    /// `clause-breaks.txt`.
    ClauseBreak(u8),
}

/// The organisation heads (`org-heads.txt`).
pub fn org_heads() -> impl Iterator<Item = &'static str> {
    lexicon_lines(ORG_HEADS)
}

/// The person titles (`person-titles.txt`).
pub fn person_titles() -> impl Iterator<Item = &'static str> {
    lexicon_lines(PERSON_TITLES)
}

/// The publishing verbs (발표, 공포, 수립 …).
pub fn publish_verbs() -> impl Iterator<Item = &'static str> {
    lexicon_lines(PUBLISH)
}

/// The cue words of `goal-cues.txt` and `observation-cues.txt` with what
/// each says about its clause: a modal (목표, 계획, 예정, 방침) a goal; a
/// forecast (예상, 전망) a goal only in a program's article; a goal verb
/// (확대, 구축, 육성); an observation (기준, 차지했, 기록).
pub fn goal_and_observation_cues() -> impl Iterator<Item = (&'static str, Cue)> {
    lexicon_lines(GOAL_CUES)
        .map(|line| match line.split_once('\t') {
            Some(("modal", w)) if w == "예상" || w == "전망" => (w, Cue::Forecast),
            Some(("modal", w)) => (w, Cue::Modal),
            Some((_, w)) => (w, Cue::GoalVerb),
            None => (line, Cue::GoalVerb),
        })
        .chain(lexicon_lines(OBSERVATION_CUES).map(|w| (w, Cue::Observation)))
}

/// Goal verbs, also used to end a metric phrase.
pub fn goal_verbs() -> &'static [&'static str] {
    static V: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        goal_and_observation_cues()
            .filter(|&(_, c)| c == Cue::GoalVerb)
            .map(|(w, _)| w)
            .collect()
    });
    &V
}

/// What ends a clause, in order of preference (`clause-breaks.txt`, with
/// each `_` read as the space it stands for).
pub fn clause_breaks() -> &'static [String] {
    static B: LazyLock<Vec<String>> = LazyLock::new(|| {
        lexicon_lines(CLAUSE_BREAKS)
            .map(|l| l.replace('_', " "))
            .collect()
    });
    &B
}

/// Every cue word with its cue, as the gazetteer's automaton looks for them.
pub fn cue_words() -> impl Iterator<Item = (&'static str, Cue)> {
    org_heads()
        .map(|w| (w, Cue::OrgHead))
        .chain(person_titles().map(|w| (w, Cue::PersonTitle)))
        .chain(publish_verbs().map(|w| (w, Cue::Publish)))
        .chain(goal_and_observation_cues())
        .chain(
            (0u8..)
                .zip(clause_breaks())
                .map(|(rank, w)| (w.as_str(), Cue::ClauseBreak(rank))),
        )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clause_breaks_keep_their_space() {
        let breaks = clause_breaks();
        assert!(breaks.iter().any(|b| b == "하고 "));
        assert!(breaks.iter().all(|b| b.ends_with(' ')), "{breaks:?}");
        assert!(u8::try_from(breaks.len()).is_ok());
    }
}
