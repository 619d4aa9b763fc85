//! The bundled word lists of `ontology/`: one word or phrase per line,
//! `#` comments and blank lines skipped. Shared by the document readers and
//! the extractor, so that neither holds a list of words in code.

/// Non-comment, non-empty lines of a bundled word list, trimmed.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}
