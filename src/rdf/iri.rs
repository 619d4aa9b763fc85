//! Stable IRIs. An entity's IRI comes from its key (`agency/ndrc`,
//! `region/beijing`, `program/특허운용전문프로젝트액션방안`), so the same
//! entity in two reports is one node; a report's IRI comes from its file
//! name, so re-ingesting it replaces its named graph; a target's IRI is a
//! digest of what it says (setter, metric, value, unit, deadline).

use oxigraph::model::NamedNode;
use sha2::{Digest, Sha256};

use super::vocab::PKID;

const HEX_UPPER: &[u8; 16] = b"0123456789ABCDEF";
const HEX_LOWER: &[u8; 16] = b"0123456789abcdef";

/// Percent-encodes what an IRI may not hold (spaces, `<>"{}|\^` and
/// controls), appending to `out`.
fn encode_into(s: &str, out: &mut String) {
    // most keys are plain: copy them whole
    let plain = |c: char| match c {
        // letters, digits, Hangul syllables and the separators of keys: at once
        'a'..='z' | 'A'..='Z' | '0'..='9' | '/' | '-' | '_' | '.' | '+' => true,
        '\u{AC00}'..='\u{D7A3}' => true,
        _ => !(c.is_control() || c.is_whitespace() || "<>\"{}|\\^`%#?".contains(c)),
    };
    if s.chars().all(plain) {
        out.push_str(s);
        return;
    }
    for c in s.chars() {
        if plain(c) {
            out.push(c);
        } else {
            let mut buf = [0u8; 4];
            for &b in c.encode_utf8(&mut buf).as_bytes() {
                out.push('%');
                out.push(char::from(HEX_UPPER[usize::from(b >> 4)]));
                out.push(char::from(HEX_UPPER[usize::from(b & 0xf)]));
            }
        }
    }
}

/// The IRI of an entity from its key.
pub fn entity(key: &str) -> NamedNode {
    let mut iri = String::with_capacity(PKID.len() + key.len());
    iri.push_str(PKID);
    encode_into(key, &mut iri);
    NamedNode::new_unchecked(iri)
}

/// The IRI (and named graph) of a report, from its file name.
pub fn report(file_name: &str) -> NamedNode {
    let mut iri = format!("{PKID}report/");
    encode_into(file_name, &mut iri);
    NamedNode::new_unchecked(iri)
}

/// The IRI of an article of a report.
pub fn article(report: &NamedNode, index: usize) -> NamedNode {
    NamedNode::new_unchecked(format!("{}/article/{index}", report.as_str()))
}

/// A short stable digest of the parts (hex, 16 characters).
pub fn digest(parts: &[&str]) -> String {
    let mut d = PartsDigest::new();
    for p in parts {
        d.part(p);
    }
    let mut out = String::with_capacity(16);
    d.finish_into(&mut out);
    out
}

/// [`digest`] fed one part at a time, a part perhaps in pieces (a list
/// joined by commas), without building the parts as strings.
pub struct PartsDigest(Sha256);

impl PartsDigest {
    /// No part yet.
    pub fn new() -> PartsDigest {
        PartsDigest(Sha256::new())
    }

    /// Adds a piece of the current part.
    pub fn piece(&mut self, piece: &str) {
        self.0.update(piece.as_bytes());
    }

    /// Ends the current part.
    pub fn end_part(&mut self) {
        self.0.update([0u8]);
    }

    /// Adds a whole part.
    pub fn part(&mut self, part: &str) {
        self.piece(part);
        self.end_part();
    }

    /// Appends the digest (hex, 16 characters) to `out`.
    pub fn finish_into(self, out: &mut String) {
        for &b in self.0.finalize().iter().take(8) {
            out.push(char::from(HEX_LOWER[usize::from(b >> 4)]));
            out.push(char::from(HEX_LOWER[usize::from(b & 0xf)]));
        }
    }
}

impl Default for PartsDigest {
    fn default() -> Self {
        PartsDigest::new()
    }
}

/// The IRI of an entity whose key is `kind/` and the digest `d`: what
/// [`entity`] makes of that key (a kind and a digest need no encoding).
pub fn digest_entity(kind: &str, d: PartsDigest) -> NamedNode {
    let mut iri = String::with_capacity(PKID.len() + kind.len() + 17);
    iri.push_str(PKID);
    encode_into(kind, &mut iri);
    iri.push('/');
    d.finish_into(&mut iri);
    NamedNode::new_unchecked(iri)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn iris_are_valid_and_stable() {
        for key in [
            "agency/ndrc",
            "program/특허운용전문프로젝트액션방안",
            "org/liven 컨설팅",
            "x/a\"b",
        ] {
            let iri = entity(key);
            assert!(NamedNode::new(iri.as_str()).is_ok(), "{iri}");
            assert_eq!(iri, entity(key));
        }
        assert_eq!(digest(&["a", "b"]), digest(&["a", "b"]));
        assert_ne!(digest(&["ab", ""]), digest(&["a", "b"]));
        let mut d = PartsDigest::new();
        d.piece("a,");
        d.piece("b");
        d.end_part();
        d.part("");
        assert_eq!(
            digest_entity("target", d),
            entity(&format!("target/{}", digest(&["a,b", ""])))
        );
    }
}
