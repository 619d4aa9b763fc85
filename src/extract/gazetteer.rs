//! Gazetteers: the reference lists under `ontology/gazetteer/` (regions,
//! agencies, local body types, organisations, technologies) loaded once and
//! compiled into one Aho-Corasick automaton over every Korean, Chinese and
//! English name and alias. Matching respects Korean word boundaries: a name
//! must start a word and be followed by a particle, a suffix or a non-Hangul
//! character.
//!
//! The same automaton holds the cue words other components look for in a
//! sentence (organisation heads, person titles, publishing verbs, goal and
//! observation cues, each list in `ontology/lexicon/`), so that one pass over
//! a sentence ([`Gazetteer::scan`]) finds its names and its cues alike.
//!
//! A bad row of a table is a [`ReferenceError`] naming the file and the
//! row's line. This module does not decide what a match means (mentions,
//! patterns) nor hold the cue lists themselves (`lexicon`).

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};

use crate::error::{ReferenceError, Result};

/// A result whose error is the reference data's.
type DataResult<T> = std::result::Result<T, ReferenceError>;
use crate::extract::korean::{ends_word, starts_word};
use crate::extract::lexicon_lines;

/// What kind of thing a gazetteer entry names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, serde::Serialize)]
pub enum Kind {
    /// A government body.
    Agency,
    /// A country.
    Country,
    /// A provincial-level division.
    Province,
    /// A city.
    City,
    /// A district, new area or zone.
    District,
    /// A non-government organisation.
    Organization,
    /// A technology or technical field.
    Technology,
}

impl Kind {
    /// Whether this is one of the region kinds.
    pub fn is_region(self) -> bool {
        matches!(
            self,
            Kind::Country | Kind::Province | Kind::City | Kind::District
        )
    }
}

/// One row of a gazetteer.
#[derive(Debug, Clone)]
pub struct Entry {
    /// Stable key, `region/beijing`, `agency/ndrc` … (part of the IRI).
    pub key: String,
    /// What it names.
    pub kind: Kind,
    /// Korean label.
    pub ko: String,
    /// Chinese label.
    pub zh: Option<String>,
    /// English label.
    pub en: Option<String>,
    /// Other names.
    pub aliases: Vec<String>,
    /// Key of the region it belongs to (agencies, organisations) or its parent region.
    pub region: Option<String>,
    /// Sub-kind from the file (`central`, `korea`, `university` …).
    pub subkind: String,
    /// Key of a broader technology.
    pub broader: Option<String>,
}

impl Entry {
    /// Every name of the entry: Korean, Chinese, English, then the aliases.
    pub fn names(&self) -> impl Iterator<Item = &str> {
        std::iter::once(self.ko.as_str())
            .chain(self.zh.as_deref())
            .chain(self.en.as_deref())
            .chain(self.aliases.iter().map(String::as_str))
    }
}

/// A type of local government body (`과학기술위원회`, `인민정부` …).
#[derive(Debug, Clone)]
pub struct AgencyType {
    /// Stable id.
    pub id: String,
    /// Korean name as written after a region.
    pub ko: String,
    /// Chinese name.
    pub zh: Option<String>,
    /// English name.
    pub en: Option<String>,
    /// Abbreviations.
    pub aliases: Vec<String>,
}

/// A gazetteer name found in a text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Byte range.
    pub start: usize,
    /// End of the byte range.
    pub end: usize,
    /// Index of the entry.
    pub entry: usize,
}

pub use super::lexicon::Cue;

/// What one pass of the automaton over a sentence found.
pub struct Scan<'g> {
    /// The names that stand as words, as [`Gazetteer::find`] returns them.
    pub hits: Vec<(Hit, &'g [usize])>,
    /// Every occurrence of a cue word (overlapping ones too): byte range and
    /// cue; clause breaks aside.
    cues: Vec<(usize, usize, Cue)>,
    /// Every occurrence of a clause break: byte range and rank.
    breaks: Vec<(usize, usize, u8)>,
}

impl Scan<'_> {
    /// Whether the sentence holds `cue` anywhere.
    pub fn has(&self, cue: Cue) -> bool {
        self.cues.iter().any(|&(_, _, c)| c == cue)
    }

    /// The clause breaks as a regex of them in order of rank would find them:
    /// the earliest start, the first in rank there, then on from its end.
    pub fn clause_breaks(&self) -> Vec<(usize, usize)> {
        let mut all = self.breaks.clone();
        all.sort_unstable_by_key(|&(start, _, rank)| (start, rank));
        let mut from = 0;
        let mut out = Vec::new();
        for (start, end, _) in all {
            if start >= from {
                out.push((start, end));
                from = end;
            }
        }
        out
    }

    /// Where the last occurrence of `cue` ends, if any occurs.
    pub fn last_end(&self, cue: Cue) -> Option<usize> {
        self.cues
            .iter()
            .filter(|&&(_, _, c)| c == cue)
            .map(|&(_, e, _)| e)
            .max()
    }

    /// Whether `cue` occurs wholly inside bytes `start..end` of the sentence:
    /// what a search of that slice alone would find.
    pub fn has_within(&self, cue: Cue, start: usize, end: usize) -> bool {
        self.cues
            .iter()
            .any(|&(s, e, c)| c == cue && start <= s && e <= end)
    }
}

const TRADITIONAL: &str = include_str!("../../ontology/lexicon/traditional-chinese.tsv");

/// `text` with its traditional Chinese characters in their simplified form
/// (`ontology/lexicon/traditional-chinese.tsv`; each pair is as long in
/// UTF-8, so byte offsets hold).
fn simplified_chinese(text: &str) -> std::borrow::Cow<'_, str> {
    static MAP: LazyLock<rustc_hash::FxHashMap<char, char>> = LazyLock::new(|| {
        const FILE: &str = "ontology/lexicon/traditional-chinese.tsv";
        crate::wordlist::bundled_table(FILE, TRADITIONAL, 2, |row| {
            let one = |cell: &str| {
                let mut chars = cell.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_ascii() => Ok(c),
                    _ => Err(row.error(FILE, format!("`{cell}`: one Chinese character a cell"))),
                }
            };
            let (t, s) = (one(row.cells[0])?, one(row.cells[1])?);
            if t.len_utf8() != s.len_utf8() {
                return Err(row.error(FILE, format!("`{t}` and `{s}` differ in UTF-8 length")));
            }
            Ok((t, s))
        })
        .into_iter()
        .collect()
    });
    // CJK ideographs start with bytes E3–E9 in UTF-8
    if !text.bytes().any(|b| (0xE3..=0xE9).contains(&b))
        || !text.chars().any(|c| MAP.contains_key(&c))
    {
        return std::borrow::Cow::Borrowed(text);
    }
    std::borrow::Cow::Owned(text.chars().map(|c| *MAP.get(&c).unwrap_or(&c)).collect())
}

/// All reference lists, compiled for matching.
pub struct Gazetteer {
    /// Every entry.
    pub entries: Vec<Entry>,
    /// Local body types.
    pub types: Vec<AgencyType>,
    by_key: rustc_hash::FxHashMap<String, usize>,
    /// Every name and cue word; reports every (overlapping) occurrence.
    automaton: AhoCorasick,
    /// The automaton's patterns, in order (the tests search them).
    #[cfg(test)]
    patterns: Vec<String>,
    /// Per pattern, the entries it names (none for a cue word only).
    pattern_entries: Vec<Vec<usize>>,
    /// Per pattern, the cues it is (none for a name only).
    pattern_cues: Vec<Vec<Cue>>,
    type_automaton: AhoCorasick,
    type_patterns: Vec<(usize, String)>,
    /// The first characters of the type patterns (sorted), to answer
    /// [`Gazetteer::type_at`] without a search where none can start.
    type_starts: Vec<char>,
    /// Place names that are common words too (sorted).
    ambiguous: Vec<String>,
    /// For each entry, the entry that stands for its technology variants.
    canonical: Vec<usize>,
}

const REGIONS: &str = include_str!("../../ontology/gazetteer/regions.tsv");
const AGENCIES: &str = include_str!("../../ontology/gazetteer/agencies.tsv");
const AGENCY_TYPES: &str = include_str!("../../ontology/gazetteer/agency-types.tsv");
const ORGANIZATIONS: &str = include_str!("../../ontology/gazetteer/organizations.tsv");
const TECHNOLOGIES: &str = include_str!("../../ontology/gazetteer/technologies.tsv");
const AMBIGUOUS: &str = include_str!("../../ontology/lexicon/ambiguous-names.txt");

/// Suffixes allowed right after a place name (`베이징시`, `허베이성`, `다싱구`) (`ontology/lexicon/region-suffixes.txt`).
static REGION_SUFFIXES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    lexicon_lines(include_str!("../../ontology/lexicon/region-suffixes.txt")).collect()
});

/// Each entry's index by key, and every surface form (labels, aliases,
/// with and without spaces, in simplified characters) with the entries it
/// names.
#[allow(clippy::type_complexity)]
fn name_surfaces(
    entries: &[Entry],
) -> (
    rustc_hash::FxHashMap<String, usize>,
    HashMap<String, Vec<usize>>,
) {
    let mut by_key = rustc_hash::FxHashMap::default();
    let mut surfaces: HashMap<String, Vec<usize>> = HashMap::new();
    for (i, e) in entries.iter().enumerate() {
        by_key.entry(e.key.clone()).or_insert(i);
        let names = std::iter::once(e.ko.as_str())
            .chain(e.zh.as_deref())
            .chain(e.en.as_deref().filter(|en| en.chars().count() >= 2))
            .chain(e.aliases.iter().map(String::as_str));
        for name in names {
            // the automaton reads sentences in simplified characters
            let name = simplified_chinese(name);
            for variant in [name.to_string(), name.replace(' ', "")] {
                if variant.chars().count() >= 2 || !variant.is_ascii() && !variant.is_empty() {
                    let list = surfaces.entry(variant).or_default();
                    if !list.contains(&i) {
                        list.push(i);
                    }
                }
            }
        }
    }
    (by_key, surfaces)
}

/// The anchored matcher of agency types (`과학기술국`, `발전개혁위원회`),
/// its patterns with their type, and the characters a type can start with.
#[allow(clippy::type_complexity)]
fn type_matcher(
    types: &[AgencyType],
) -> DataResult<(AhoCorasick, Vec<(usize, String)>, Vec<char>)> {
    let mut type_patterns = Vec::new();
    for (i, t) in types.iter().enumerate() {
        for name in std::iter::once(&t.ko).chain(t.aliases.iter()) {
            type_patterns.push((i, name.clone()));
            if name.contains(' ') {
                type_patterns.push((i, name.replace(' ', "")));
            }
        }
    }
    let type_automaton = AhoCorasickBuilder::new()
        .match_kind(MatchKind::LeftmostLongest)
        .start_kind(StartKind::Anchored)
        .build(type_patterns.iter().map(|(_, p)| p))
        .map_err(|source| ReferenceError::Matcher {
            file: "ontology/gazetteer/agency-types.tsv".into(),
            source,
        })?;
    let mut type_starts: Vec<char> = type_patterns
        .iter()
        .filter_map(|(_, p)| p.chars().next())
        .collect();
    type_starts.sort_unstable();
    type_starts.dedup();
    Ok((type_automaton, type_patterns, type_starts))
}

/// For each entry, the entry that stands for it: 해상 풍력 발전 ≡ 해상풍력,
/// the shortest label stands for all variants of a technology.
fn canonical_technologies(entries: &[Entry]) -> Vec<usize> {
    let mut by_merge_key: HashMap<String, usize> = HashMap::new();
    for (i, e) in entries
        .iter()
        .enumerate()
        .filter(|(_, e)| e.kind == Kind::Technology)
    {
        let k = crate::extract::korean::technology_merge_key(&e.ko);
        match by_merge_key.get(&k) {
            Some(&j) if entries[j].ko.chars().count() <= e.ko.chars().count() => {}
            _ => {
                by_merge_key.insert(k, i);
            }
        }
    }
    entries
        .iter()
        .enumerate()
        .map(|(i, e)| {
            if e.kind == Kind::Technology {
                by_merge_key
                    .get(&crate::extract::korean::technology_merge_key(&e.ko))
                    .copied()
                    .unwrap_or(i)
            } else {
                i
            }
        })
        .collect()
}

/// One parsed TSV table: header names and rows.
struct Table<'a> {
    file: &'static str,
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    fn parse(file: &'static str, text: &'a str) -> DataResult<Table<'a>> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
        let header: Vec<&str> = lines
            .next()
            .ok_or_else(|| ReferenceError::Row {
                file: file.into(),
                line: 1,
                message: "no header row".into(),
            })?
            .1
            .split('\t')
            .map(str::trim)
            .collect();
        let rows = lines
            .map(|(i, l)| (i + 1, l.split('\t').map(str::trim).collect()))
            .collect();
        Ok(Table { file, header, rows })
    }

    fn col(&self, row: &[&'a str], name: &str) -> Option<&'a str> {
        let i = self.header.iter().position(|h| *h == name)?;
        row.get(i).copied().filter(|v| !v.is_empty())
    }

    /// One gazetteer entry from a row: `id`, `ko`, `zh`, `en`, `aliases`,
    /// and whichever of `region`/`parent`, `kind`, `broader` the file has.
    fn entry(&self, line: usize, row: &[&'a str], prefix: &str, kind: Kind) -> DataResult<Entry> {
        Ok(Entry {
            key: format!("{prefix}/{}", self.required(line, row, "id")?),
            kind,
            ko: self.required(line, row, "ko")?.to_string(),
            zh: self.col(row, "zh").map(str::to_string),
            en: self.col(row, "en").map(str::to_string),
            aliases: split_aliases(self.col(row, "aliases")),
            region: self
                .col(row, "region")
                .or(self.col(row, "parent"))
                .map(|p| format!("region/{p}")),
            subkind: if kind.is_region() {
                String::new()
            } else {
                self.col(row, "kind").unwrap_or("").to_string()
            },
            broader: self.col(row, "broader").map(|b| format!("{prefix}/{b}")),
        })
    }

    fn required(&self, line: usize, row: &[&'a str], name: &str) -> DataResult<&'a str> {
        self.col(row, name).ok_or_else(|| ReferenceError::Row {
            file: self.file.into(),
            line,
            message: format!("missing `{name}`"),
        })
    }
}

fn split_aliases(s: Option<&str>) -> Vec<String> {
    s.map(|v| {
        v.split('|')
            .map(str::trim)
            .filter(|a| !a.is_empty())
            .map(str::to_string)
            .collect()
    })
    .unwrap_or_default()
}

/// The entries of one table of names (`id`, `ko`, …; see [`Table::entry`]),
/// keyed under `prefix`; a row without `id` or `ko` is an error naming
/// `file` and the row's line.
fn table_entries(
    file: &'static str,
    text: &str,
    prefix: &str,
    kind: Kind,
) -> DataResult<Vec<Entry>> {
    let table = Table::parse(file, text)?;
    table
        .rows
        .iter()
        .map(|(line, row)| table.entry(*line, row, prefix, kind))
        .collect()
}

impl Gazetteer {
    /// The gazetteer bundled with this build (parsed once).
    pub fn bundled() -> Result<&'static Gazetteer> {
        static G: LazyLock<DataResult<Gazetteer>> = LazyLock::new(Gazetteer::load);
        G.as_ref().map_err(|e| e.clone().into())
    }

    fn load() -> DataResult<Gazetteer> {
        let mut entries = Vec::new();
        let regions = Table::parse("ontology/gazetteer/regions.tsv", REGIONS)?;
        for (line, row) in &regions.rows {
            let kind = match regions.required(*line, row, "class")? {
                "Country" => Kind::Country,
                "Province" => Kind::Province,
                "City" => Kind::City,
                _ => Kind::District,
            };
            entries.push(regions.entry(*line, row, "region", kind)?);
        }
        for (file, text, prefix, kind) in [
            (
                "ontology/gazetteer/agencies.tsv",
                AGENCIES,
                "agency",
                Kind::Agency,
            ),
            (
                "ontology/gazetteer/organizations.tsv",
                ORGANIZATIONS,
                "org",
                Kind::Organization,
            ),
            (
                "ontology/gazetteer/technologies.tsv",
                TECHNOLOGIES,
                "tech",
                Kind::Technology,
            ),
        ] {
            entries.extend(table_entries(file, text, prefix, kind)?);
        }
        let type_table = Table::parse("ontology/gazetteer/agency-types.tsv", AGENCY_TYPES)?;
        let mut types = Vec::new();
        for (line, row) in &type_table.rows {
            types.push(AgencyType {
                id: type_table.required(*line, row, "id")?.to_string(),
                ko: type_table.required(*line, row, "ko")?.to_string(),
                zh: type_table.col(row, "zh").map(str::to_string),
                en: type_table.col(row, "en").map(str::to_string),
                aliases: split_aliases(type_table.col(row, "aliases")),
            });
        }
        Self::compile(entries, types)
    }

    fn compile(entries: Vec<Entry>, types: Vec<AgencyType>) -> DataResult<Gazetteer> {
        let (by_key, surfaces) = name_surfaces(&entries);
        let mut cue_surfaces: HashMap<&str, Vec<Cue>> = HashMap::new();
        for (word, cue) in crate::extract::lexicon::cue_words() {
            let list = cue_surfaces.entry(word).or_default();
            if !list.contains(&cue) {
                list.push(cue);
            }
        }
        let mut patterns: Vec<String> = surfaces
            .keys()
            .cloned()
            .chain(cue_surfaces.keys().map(|w| w.to_string()))
            .collect();
        patterns.sort();
        patterns.dedup();
        let pattern_entries = patterns
            .iter()
            .map(|p| surfaces.get(p).cloned().unwrap_or_default())
            .collect();
        let pattern_cues = patterns
            .iter()
            .map(|p| cue_surfaces.get(p.as_str()).cloned().unwrap_or_default())
            .collect();
        // every occurrence, overlapping: names are then chosen leftmost-longest
        // among the names' own (see `scan`), cue words all count
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::Standard)
            .build(&patterns)
            .map_err(|source| ReferenceError::Matcher {
                // the names of the gazetteer and the cue words of the lexicon
                file: "ontology/gazetteer, ontology/lexicon".into(),
                source,
            })?;
        let (type_automaton, type_patterns, type_starts) = type_matcher(&types)?;
        Ok(Gazetteer {
            canonical: canonical_technologies(&entries),
            entries,
            types,
            by_key,
            automaton,
            #[cfg(test)]
            patterns,
            pattern_entries,
            pattern_cues,
            type_automaton,
            type_patterns,
            type_starts,
            ambiguous: {
                let mut names: Vec<String> = lexicon_lines(AMBIGUOUS).map(str::to_string).collect();
                names.sort_unstable();
                names
            },
        })
    }

    /// The entry with this key.
    pub fn get(&self, key: &str) -> Option<&Entry> {
        self.by_key.get(key).map(|&i| &self.entries[i])
    }

    /// The entry that stands for entry `i` (itself, or the canonical variant of a technology).
    pub fn canonical_technology(&self, i: usize) -> usize {
        self.canonical.get(i).copied().unwrap_or(i)
    }

    /// Number of entries of each kind, for notes and `--stats`.
    pub fn counts(&self) -> Vec<(Kind, usize)> {
        let mut m: std::collections::BTreeMap<Kind, usize> = Default::default();
        for e in &self.entries {
            *m.entry(e.kind).or_default() += 1;
        }
        m.into_iter().collect()
    }

    /// Every gazetteer name in `text` that stands as a word. When one name
    /// fits several entries (교육부 of China and of Korea), all candidates
    /// are returned in the hit's `candidates` and the first is `entry`.
    pub fn find(&self, text: &str) -> Vec<(Hit, &[usize])> {
        self.scan(text).hits
    }

    /// One pass over `text`: its names (as [`Gazetteer::find`]) and every
    /// occurrence of a cue word.
    pub fn scan(&self, text: &str) -> Scan<'_> {
        let mut names: Vec<(usize, usize, usize)> = Vec::new();
        let mut cues = Vec::new();
        let mut breaks = Vec::new();
        // `江蘇` is matched as `江苏`: the names are simplified (same offsets)
        let simplified = simplified_chinese(text);
        let haystack: &str = &simplified;
        for m in self.automaton.find_overlapping_iter(haystack) {
            let p = m.pattern().as_usize();
            if !self.pattern_entries[p].is_empty() {
                names.push((m.start(), m.end(), p));
            }
            for &cue in &self.pattern_cues[p] {
                match cue {
                    Cue::ClauseBreak(rank) => breaks.push((m.start(), m.end(), rank)),
                    _ => cues.push((m.start(), m.end(), cue)),
                }
            }
        }
        // leftmost-longest, as a search for the names alone finds them: the
        // earliest start, the longest name there, then on from its end
        names.sort_unstable_by_key(|&(start, end, _)| (start, std::cmp::Reverse(end)));
        let mut from = 0;
        let hits = names
            .into_iter()
            .filter(|&(start, end, _)| {
                let next = start >= from;
                if next {
                    from = end;
                }
                next
            })
            .filter_map(|(start, end, p)| {
                self.accept(haystack, start, end, &self.pattern_entries[p])
            })
            .collect();
        Scan { hits, cues, breaks }
    }

    /// A name found at `start..end` with candidate entries `cands`, if it
    /// stands as a word there.
    fn accept<'g>(
        &self,
        text: &str,
        start: usize,
        end: usize,
        cands: &'g [usize],
    ) -> Option<(Hit, &'g [usize])> {
        let first = &self.entries[cands[0]];
        let surface = &text[start..end];
        let before = &text[..start];
        let rest = &text[end..];
        let ascii = surface.is_ascii();
        let left_ok = if ascii {
            !before
                .chars()
                .next_back()
                .is_some_and(|c| c.is_ascii_alphanumeric())
        } else {
            starts_word(before) || first.kind == Kind::Technology && surface.chars().count() >= 3
        };
        if !left_ok {
            return None;
        }
        let right_ok = if ascii {
            !rest
                .chars()
                .next()
                .is_some_and(|c| c.is_ascii_alphanumeric())
        } else if first.kind.is_region() {
            ends_word(rest, &REGION_SUFFIXES)
                || self
                    .type_at(rest.trim_start_matches(['시', '성', ' ']))
                    .is_some()
                || rest.starts_with(['·', '、'])
        } else if first.kind == Kind::Technology {
            surface.chars().count() >= 4
                || ends_word(
                    rest,
                    &["기술", "산업", "분야", "발전", "에너지", "시스템", "장비"],
                )
        } else if first.kind == Kind::Organization && surface.chars().count() <= 2 {
            // `시나` is no part of `시나리오`: a short name ends its word
            ends_word(rest, &["그룹", "사", "社"])
        } else {
            true
        };
        if !right_ok {
            return None;
        }
        if first.kind.is_region()
            && self
                .ambiguous
                .binary_search_by(|a| a.as_str().cmp(surface))
                .is_ok()
        {
            let suffixed = ["시", "성", "구", "현", "항", "신구"]
                .iter()
                .any(|s| rest.starts_with(s));
            // `저장(浙江)`: the name's own hanja right after it
            let glossed = rest
                .strip_prefix('(')
                .or_else(|| rest.strip_prefix('（'))
                .and_then(|r| r.chars().next())
                .is_some_and(|c| {
                    cands.iter().any(|&i| {
                        self.entries[i]
                            .zh
                            .as_deref()
                            .is_some_and(|zh| zh.starts_with(c))
                    })
                });
            if !suffixed && !glossed {
                return None;
            }
        }
        Some((
            Hit {
                start,
                end,
                entry: cands[0],
            },
            cands,
        ))
    }

    /// A local body type at the very start of `text` (`과학기술위원회`, `과기위`):
    /// (type index, byte length).
    pub fn type_at(&self, text: &str) -> Option<(usize, usize)> {
        // anchored: only a type that starts right here (no scan of the rest)
        let first = text.chars().next()?;
        self.type_starts.binary_search(&first).ok()?;
        let m = self
            .type_automaton
            .find(Input::new(text).anchored(Anchored::Yes))?;
        let (ti, _) = &self.type_patterns[m.pattern().as_usize()];
        let rest = &text[m.end()..];
        ends_word(rest, &[]).then_some((*ti, m.end()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_bad_row_names_its_file_and_line() {
        // line 1 a comment, 2 the header, 3 a good row, 4 blank, 5 no `ko`
        let text = "# agencies\nid\tko\tzh\nmost\t과학기술부\t科学技术部\n\nnda\t\t国家数据局\n";
        let err = match table_entries(
            "ontology/gazetteer/agencies.tsv",
            text,
            "agency",
            Kind::Agency,
        ) {
            Ok(entries) => panic!("a row without `ko` was read: {} entries", entries.len()),
            Err(e) => e,
        };
        assert!(
            matches!(&err, ReferenceError::Row { file, line: 5, .. } if file == "ontology/gazetteer/agencies.tsv"),
            "{err:?}"
        );
        assert_eq!(
            crate::Error::from(err).to_string(),
            "ontology/gazetteer/agencies.tsv:5: missing `ko`"
        );
        let no_header = Table::parse("ontology/gazetteer/regions.tsv", "# only a comment\n");
        assert!(matches!(
            no_header,
            Err(ReferenceError::Row { line: 1, .. })
        ));
    }

    fn bundled() -> &'static Gazetteer {
        match Gazetteer::bundled() {
            Ok(g) => g,
            Err(e) => panic!("the bundled gazetteer must load: {e}"),
        }
    }

    /// Sentences to search: the bundled sample report's lines, and every
    /// pattern (names and cue words) run into the next, after a particle,
    /// inside a word, with a region suffix or a body type after it.
    fn texts(gaz: &Gazetteer) -> Vec<String> {
        let mut texts: Vec<String> = include_str!("../../examples/kostec-weekly-2023-11-03.md")
            .lines()
            .map(str::to_string)
            .collect();
        let p = &gaz.patterns;
        for (i, a) in p.iter().enumerate() {
            let b = &p[(i + 1) % p.len()];
            let c = &p[(i * 7919) % p.len()];
            texts.push(format!("{a}{b}"));
            texts.push(format!("{a}는 {c}을 발표"));
            texts.push(format!("가{a}시 {c} 과기위"));
            texts.push(format!("{c}{a} 2025년 목표 기준"));
        }
        texts
    }

    #[test]
    fn names_are_found_as_by_a_leftmost_longest_search_of_the_names() {
        let gaz = bundled();
        let names: Vec<(&str, usize)> = gaz
            .patterns
            .iter()
            .enumerate()
            .filter(|(i, _)| !gaz.pattern_entries[*i].is_empty())
            .map(|(i, p)| (p.as_str(), i))
            .collect();
        let leftmost_longest = match AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(names.iter().map(|(p, _)| p))
        {
            Ok(a) => a,
            Err(e) => panic!("{e}"),
        };
        for text in texts(gaz) {
            // (the names are simplified, as the sentences are read)
            let text = simplified_chinese(&text).into_owned();
            let want: Vec<(Hit, &[usize])> = leftmost_longest
                .find_iter(&text)
                .filter_map(|m| {
                    let p = names[m.pattern().as_usize()].1;
                    gaz.accept(&text, m.start(), m.end(), &gaz.pattern_entries[p])
                })
                .collect();
            assert_eq!(gaz.find(&text), want, "{text}");
        }
    }

    #[test]
    fn cues_are_found_as_by_a_search_of_their_list() {
        let gaz = bundled();
        let lists: Vec<(Cue, Vec<&str>)> = [
            Cue::OrgHead,
            Cue::PersonTitle,
            Cue::Publish,
            Cue::Modal,
            Cue::Forecast,
            Cue::GoalVerb,
            Cue::Observation,
        ]
        .into_iter()
        .map(|cue| {
            let words = crate::extract::lexicon::cue_words()
                .filter(|&(_, c)| c == cue)
                .map(|(w, _)| w)
                .collect();
            (cue, words)
        })
        .collect();
        for (cue, words) in &lists {
            assert!(!words.is_empty(), "{cue:?}");
            let list = match AhoCorasick::new(words) {
                Ok(a) => a,
                Err(e) => panic!("{e}"),
            };
            for text in texts(gaz) {
                let scan = gaz.scan(&text);
                assert_eq!(scan.has(*cue), list.is_match(&text), "{cue:?} {text}");
                // every slice between character boundaries of a short text
                let bounds: Vec<usize> = text
                    .char_indices()
                    .map(|(i, _)| i)
                    .chain([text.len()])
                    .collect();
                if bounds.len() > 24 {
                    continue;
                }
                for (k, &start) in bounds.iter().enumerate() {
                    for &end in &bounds[k..] {
                        assert_eq!(
                            scan.has_within(*cue, start, end),
                            list.is_match(&text[start..end]),
                            "{cue:?} {:?}",
                            &text[start..end]
                        );
                    }
                }
            }
        }
    }
}
