//! Korean word helpers: particles and endings stripped from names, word
//! boundaries around gazetteer matches. Rules, not a morphological
//! analyser: the compound names of policy reports are better served by
//! gazetteers plus particle stripping than by a general-domain dictionary.

use std::sync::LazyLock;

use crate::extract::number::is_hangul;

/// Generic heads a technology name may end with (`ontology/lexicon/technology-generic-heads.txt`).
static GENERIC_HEADS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::wordlist::lines(include_str!(
        "../../ontology/lexicon/technology-generic-heads.txt"
    ))
    .collect()
});

const PARTICLES_TXT: &str = include_str!("../../ontology/lexicon/particles.txt");

/// Particles and endings, longest first.
pub fn particles() -> &'static [String] {
    static P: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut v: Vec<String> = crate::extract::lexicon_lines(PARTICLES_TXT)
            .map(str::to_string)
            .collect();
        v.sort_by_key(|p| std::cmp::Reverse(p.chars().count()));
        v
    });
    &P
}

/// The particles grouped by their last character (sorted by it), each group
/// longest first: only a particle ending in a word's last character can
/// end that word.
fn particles_by_end() -> &'static [(char, Vec<&'static str>)] {
    static E: LazyLock<Vec<(char, Vec<&'static str>)>> = LazyLock::new(|| {
        let mut groups: Vec<(char, Vec<&'static str>)> = Vec::new();
        for p in particles() {
            let Some(end) = p.chars().next_back() else {
                continue;
            };
            match groups.iter_mut().find(|(c, _)| *c == end) {
                Some((_, group)) => group.push(p.as_str()),
                None => groups.push((end, vec![p.as_str()])),
            }
        }
        groups.sort_by_key(|(c, _)| *c);
        groups
    });
    &E
}

/// Removes one trailing particle from a word (`국무원은` → `국무원`),
/// keeping at least two syllables.
pub fn strip_particle(word: &str) -> &str {
    let Some(end) = word.chars().next_back() else {
        return word;
    };
    let groups = particles_by_end();
    let Ok(g) = groups.binary_search_by_key(&end, |(c, _)| *c) else {
        return word;
    };
    for p in &groups[g].1 {
        if let Some(stem) = word.strip_suffix(p) {
            if stem.chars().count() >= 2 {
                return stem;
            }
        }
    }
    word
}

/// Whether `rest` (the text right after a name) starts a new word: nothing,
/// a non-Hangul character, or a particle followed by a non-Hangul character.
pub fn ends_word(rest: &str, extra_suffixes: &[&str]) -> bool {
    let hangul_end = rest
        .char_indices()
        .find(|&(_, c)| !is_hangul(c))
        .map_or(rest.len(), |(i, _)| i);
    let word = &rest[..hangul_end];
    if word.is_empty() {
        return true;
    }
    if particles().iter().any(|p| p == word) || extra_suffixes.contains(&word) {
        return true;
    }
    // suffix + particle: 시는, 성의, 지역에서
    extra_suffixes.iter().any(|s| {
        word.strip_prefix(s)
            .is_some_and(|tail| particles().iter().any(|p| p == tail))
    })
}

/// Whether the text before a name ends a word (start, space, punctuation).
pub fn starts_word(before: &str) -> bool {
    match before.chars().next_back() {
        None => true,
        Some(c) => !(is_hangul(c) || c.is_ascii_alphanumeric()),
    }
}

/// Key used to merge technology variants: `해상 풍력 발전` ≡ `해상풍력`.
pub fn technology_merge_key(label: &str) -> String {
    let mut k: String = label
        .chars()
        .filter(|c| !c.is_whitespace() && *c != '·')
        .collect();
    for suffix in GENERIC_HEADS.iter() {
        if let Some(stem) = k.strip_suffix(suffix) {
            if stem.chars().count() >= 2 {
                k = stem.to_string();
                break;
            }
        }
    }
    k.to_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn particles_are_stripped() {
        for (word, stem) in [
            ("국무원은", "국무원"),
            ("국가에너지국이", "국가에너지국"),
            ("베이징에서", "베이징"),
            ("상하이시의", "상하이시"),
            ("방안을", "방안"),
            ("과기부", "과기부"),
            ("중국", "중국"),
        ] {
            assert_eq!(strip_particle(word), stem, "{word}");
        }
    }

    /// The removal as first written: every particle, longest first.
    fn strip_particle_by_scan(word: &str) -> &str {
        for p in particles() {
            if let Some(stem) = word.strip_suffix(p.as_str()) {
                if stem.chars().count() >= 2 {
                    return stem;
                }
            }
        }
        word
    }

    #[test]
    fn particles_are_stripped_as_by_a_scan_of_all() {
        for word in [
            "국무원은",
            "국가에너지국이",
            "베이징에서",
            "상하이시의",
            "방안을",
            "과기부",
            "중국",
            "계획에",
            "지역에서는",
            "산업으로",
            "기업들과",
            "방안(2024~2026년)을",
            "AI를",
            "5G",
            "로봇과",
            "은",
            "에서",
            "이",
            "",
        ] {
            assert_eq!(strip_particle(word), strip_particle_by_scan(word), "{word}");
        }
        for p in particles() {
            let word = format!("인공지능{p}");
            assert_eq!(
                strip_particle(&word),
                strip_particle_by_scan(&word),
                "{word}"
            );
            let word = format!("가{p}");
            assert_eq!(
                strip_particle(&word),
                strip_particle_by_scan(&word),
                "{word}"
            );
        }
    }

    #[test]
    fn word_ends() {
        assert!(ends_word("", &[]));
        assert!(ends_word("은 '특허", &[]));
        assert!(ends_word(", 상하이", &[]));
        assert!(ends_word("시는", &["시"]));
        assert!(!ends_word("을실현", &[]));
        assert!(!ends_word("간 운영", &[]));
    }
}
