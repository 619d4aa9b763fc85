//! Entity lookup in the entity graph: from what a person types (a Korean,
//! Chinese or English label, an alias, an IRI) to a node, and ranked label
//! search. Shared by `export --ego` and every `explore` command.
//!
//! Matching ignores case, spaces and quotes after NFKC normalisation, so
//! `베이징과학기술위원회`, `베이징 과학기술위원회` and `BEIJING MUNICIPAL
//! science and technology commission` find the same agency. This module does
//! not read the store; it works on an [`EntityGraph`].

use std::collections::{BTreeMap, BTreeSet};

use petgraph::graph::NodeIndex;
use unicode_normalization::UnicodeNormalization;

use super::graph::EntityGraph;
use crate::error::{Error, Result};
use crate::rdf::vocab;

/// How many close matches an unknown or ambiguous name lists.
const SUGGESTIONS: usize = 5;

/// One label that matched a search.
#[derive(Debug, Clone, PartialEq)]
pub struct LabelMatch {
    /// The node.
    pub node: NodeIndex,
    /// The label or alias that matched, as written in the store.
    pub label: String,
    /// Where the label comes from: `ko`, `zh`, `en`, `alt` or `iri`.
    pub lang: String,
    /// Match quality in `0.0..=1.0`: 1 is an exact match.
    pub score: f64,
}

impl EntityGraph {
    /// The node named by `text`: an exact (normalised) label, alias or IRI.
    /// An unknown or ambiguous name is `Error::NotFound` with a one-line
    /// message listing up to five close matches.
    pub fn resolve(&self, text: &str) -> Result<NodeIndex> {
        let wanted = text.trim();
        if wanted.is_empty() {
            return Err(Error::NotFound("empty entity name".into()));
        }
        let iri = wanted.trim_start_matches('<').trim_end_matches('>');
        let iri = iri
            .strip_prefix("pkid:")
            .map_or_else(|| iri.to_string(), |l| format!("{}{l}", vocab::PKID));
        if let Some(n) = self.node_of(&iri) {
            return Ok(n);
        }
        let key = normalize(wanted);
        let exact: BTreeSet<NodeIndex> = self
            .graph
            .node_indices()
            .filter(|&n| self.keys(n).iter().any(|(k, _, _)| *k == key))
            .collect();
        match exact.len() {
            1 => Ok(*exact.iter().next().unwrap_or(&NodeIndex::end())),
            0 => {
                let close: Vec<String> = self
                    .search(wanted, SUGGESTIONS)
                    .into_iter()
                    .map(|m| self.describe(m.node))
                    .collect();
                Err(Error::NotFound(if close.is_empty() {
                    format!("no entity named '{wanted}' and nothing close")
                } else {
                    format!(
                        "no entity named '{wanted}'; close matches: {}",
                        close.join(", ")
                    )
                }))
            }
            n => {
                let mut names: Vec<String> = exact.iter().map(|&n| self.describe(n)).collect();
                names.sort();
                names.truncate(SUGGESTIONS);
                Err(Error::NotFound(format!(
                    "'{wanted}' is ambiguous ({n} entities): {}; use a full label or the IRI",
                    names.join(", ")
                )))
            }
        }
    }

    /// Labels (every language and alias) matching `text`, best first, at
    /// most `limit` nodes (one row per node, its best label).
    pub fn search(&self, text: &str, limit: usize) -> Vec<LabelMatch> {
        let query = normalize(text);
        if query.is_empty() {
            return Vec::new();
        }
        let mut best: BTreeMap<NodeIndex, LabelMatch> = BTreeMap::new();
        for n in self.graph.node_indices() {
            for (key, label, lang) in self.keys(n) {
                let score = similarity(&query, &key);
                if score <= 0.0 {
                    continue;
                }
                let better = best.get(&n).is_none_or(|m| score > m.score);
                if better {
                    best.insert(
                        n,
                        LabelMatch {
                            node: n,
                            label,
                            lang,
                            score,
                        },
                    );
                }
            }
        }
        let mut hits: Vec<LabelMatch> = best.into_values().collect();
        hits.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| self.graph[a.node].label().cmp(self.graph[b.node].label()))
        });
        hits.truncate(limit);
        hits
    }

    /// `label (Class)`, for messages.
    pub fn describe(&self, n: NodeIndex) -> String {
        let node = &self.graph[n];
        format!("{} ({})", node.label(), node.class)
    }

    /// Normalised lookup keys of a node: (key, label as written, origin).
    fn keys(&self, n: NodeIndex) -> Vec<(String, String, String)> {
        let node = &self.graph[n];
        let mut keys: Vec<(String, String, String)> = node
            .all_labels()
            .into_iter()
            .map(|(l, lang)| (normalize(l), l.to_string(), lang.to_string()))
            .collect();
        if let Some(local) = node.iri.strip_prefix(vocab::PKID) {
            keys.push((normalize(local), format!("pkid:{local}"), "iri".into()));
        }
        keys
    }
}

/// NFKC, lower case, without white space and quotes.
pub fn normalize(text: &str) -> String {
    text.nfkc()
        .flat_map(char::to_lowercase)
        .filter(|c| {
            !c.is_whitespace()
                && !matches!(c, '\'' | '"' | '‘' | '’' | '“' | '”' | '·' | '「' | '」')
        })
        .collect()
}

/// How well a normalised `query` matches a normalised `label`, `0.0` for not at all.
fn similarity(query: &str, label: &str) -> f64 {
    if label.is_empty() {
        return 0.0;
    }
    let q = query.chars().count() as f64;
    let l = label.chars().count() as f64;
    if query == label {
        1.0
    } else if label.starts_with(query) {
        0.7 + 0.25 * q / l
    } else if label.contains(query) {
        0.5 + 0.25 * q / l
    } else if query.contains(label) && l >= 2.0 {
        0.3 * l / q
    } else {
        // Typos: a small edit distance. Variants (과학기술부 for
        // 과학기술위원회): a long common run of characters.
        let distance = edit_distance(query, label) as f64;
        let allowed = (q.max(l) / 3.0).floor().max(1.0);
        let typo = if distance <= allowed {
            0.45 * (1.0 - distance / q.max(l))
        } else {
            0.0
        };
        let common = longest_common_run(query, label) as f64;
        let variant = if common >= 2.0 && common * 2.0 >= q {
            0.4 * common / q.max(l)
        } else {
            0.0
        };
        typo.max(variant)
    }
}

/// Length in characters of the longest run of characters both texts share.
fn longest_common_run(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous = vec![0usize; b.len() + 1];
    let mut best = 0;
    for ca in a.chars() {
        let mut current = vec![0usize; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            if ca == *cb {
                current[j + 1] = previous[j] + 1;
                best = best.max(current[j + 1]);
            }
        }
        previous = current;
    }
    best
}

/// Levenshtein distance in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substitution = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substitution.min(row[j] + 1).min(row[j + 1] + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normalisation() {
        for (input, expected) in [
            ("베이징 과학기술위원회", "베이징과학기술위원회"),
            ("  State Council ", "statecouncil"),
            ("'탄소중립 과기혁신 액션방안'", "탄소중립과기혁신액션방안"),
            ("ＡＢＣ", "abc"),
        ] {
            assert_eq!(normalize(input), expected, "{input}");
        }
    }

    #[test]
    fn distances() {
        for (a, b, d) in [
            ("국무원", "국무원", 0),
            ("국무원", "국무위원", 1),
            ("", "abc", 3),
            ("kitten", "sitting", 3),
        ] {
            assert_eq!(edit_distance(a, b), d, "{a} / {b}");
        }
    }

    #[test]
    fn common_runs() {
        for (a, b, n) in [
            ("과학기술부", "베이징과학기술위원회", 4),
            ("abc", "xyz", 0),
            ("국무원", "국무원", 3),
        ] {
            assert_eq!(longest_common_run(a, b), n, "{a} / {b}");
        }
    }

    #[test]
    fn similarity_orders_exact_prefix_substring() {
        let exact = similarity("수소에너지", "수소에너지");
        let prefix = similarity("수소", "수소에너지");
        let inner = similarity("에너지", "수소에너지");
        assert!(exact > prefix && prefix > inner && inner > 0.0);
        assert_eq!(similarity("국무원", "칭화대학"), 0.0);
    }
}
