//! The shared model of the components: what a sentence mentions (entities,
//! program titles) and how a new entity is made and keyed. A leaf: the
//! components depend on it, it depends on none of them.

use super::{Class, Entity, Provenance};

/// One entity mentioned in a sentence.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    /// Byte range in the sentence.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Entity key.
    pub key: String,
    /// Entity class.
    pub class: Class,
}

/// A program named in a sentence.
#[derive(Debug, Clone)]
pub struct ProgramMention {
    /// Byte range of the title in the sentence.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Entity key.
    pub key: String,
}

/// A new entity found by a pattern (not in any gazetteer).
pub fn pattern_entity(key: String, class: Class, label: &str, prov: &Provenance) -> Entity {
    Entity {
        key,
        class,
        label_ko: label.to_string(),
        label_zh: None,
        label_en: None,
        alt_labels: Default::default(),
        start_year: None,
        end_year: None,
        announced: None,
        provenance: prov.clone(),
        mentions: 0,
        academy: false,
    }
}

/// A key fragment from a label: spaces and punctuation removed.
pub fn slug(label: &str) -> String {
    // ASCII and Hangul syllables (letters without case) need no Unicode
    // tables: one pass; anything else takes the general route
    let syllable = |c: char| ('\u{AC00}'..='\u{D7A3}').contains(&c);
    if !label.chars().all(|c| c.is_ascii() || syllable(c)) {
        return slug_general(label);
    }
    let mut out = String::with_capacity(label.len());
    for c in label.chars() {
        if syllable(c) || c.is_ascii_alphanumeric() || c == '+' || c == '-' {
            out.push(c.to_ascii_lowercase());
        }
    }
    out
}

/// [`slug`] of any label.
pub(crate) fn slug_general(label: &str) -> String {
    label
        .chars()
        .filter(|c| c.is_alphanumeric() || *c == '+' || *c == '-')
        .collect::<String>()
        .to_lowercase()
}

/// Whether any mention overlaps the byte range.
pub(crate) fn overlaps(mentions: &[Mention], start: usize, end: usize) -> bool {
    mentions.iter().any(|m| m.start < end && start < m.end)
}
