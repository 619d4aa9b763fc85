//! Gazetteers: the reference lists under `ontology/gazetteer/` (regions,
//! agencies, local body types, organisations, technologies) loaded once and
//! compiled into one Aho-Corasick automaton over every Korean, Chinese and
//! English name and alias. Matching respects Korean word boundaries: a name
//! must start a word and be followed by a particle, a suffix or a non-Hangul
//! character.

use std::collections::HashMap;
use std::sync::LazyLock;

use aho_corasick::{AhoCorasick, AhoCorasickBuilder, Anchored, Input, MatchKind, StartKind};

use crate::error::{Error, Result};
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

/// All reference lists, compiled for matching.
pub struct Gazetteer {
    /// Every entry.
    pub entries: Vec<Entry>,
    /// Local body types.
    pub types: Vec<AgencyType>,
    by_key: rustc_hash::FxHashMap<String, usize>,
    automaton: AhoCorasick,
    pattern_entries: Vec<Vec<usize>>,
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

/// Suffixes allowed right after a place name (`베이징시`, `허베이성`, `다싱구`).
pub const REGION_SUFFIXES: &[&str] = &[
    "시",
    "성",
    "구",
    "현",
    "지역",
    "일대",
    "내",
    "전역",
    "시내",
    "항",
    "신구",
    "정부",
    "시정부",
    "시가",
    "성이",
    "시와",
    "성과",
];

/// One parsed TSV table: header names and rows.
struct Table<'a> {
    file: &'static str,
    header: Vec<&'a str>,
    rows: Vec<(usize, Vec<&'a str>)>,
}

impl<'a> Table<'a> {
    fn parse(file: &'static str, text: &'a str) -> Result<Table<'a>> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, l)| !l.starts_with('#') && !l.trim().is_empty());
        let header: Vec<&str> = lines
            .next()
            .ok_or_else(|| Error::Reference {
                path: file.into(),
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
    fn entry(&self, line: usize, row: &[&'a str], prefix: &str, kind: Kind) -> Result<Entry> {
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

    fn required(&self, line: usize, row: &[&'a str], name: &str) -> Result<&'a str> {
        self.col(row, name).ok_or_else(|| Error::Reference {
            path: self.file.into(),
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

impl Gazetteer {
    /// The gazetteer bundled with this build (parsed once).
    pub fn bundled() -> Result<&'static Gazetteer> {
        static G: LazyLock<std::result::Result<Gazetteer, String>> =
            LazyLock::new(|| Gazetteer::load().map_err(|e| e.to_string()));
        G.as_ref().map_err(|e| Error::Reference {
            path: "ontology/gazetteer".into(),
            line: 0,
            message: e.clone(),
        })
    }

    fn load() -> Result<Gazetteer> {
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
            let table = Table::parse(file, text)?;
            for (line, row) in &table.rows {
                entries.push(table.entry(*line, row, prefix, kind)?);
            }
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

    fn compile(entries: Vec<Entry>, types: Vec<AgencyType>) -> Result<Gazetteer> {
        let mut by_key = rustc_hash::FxHashMap::default();
        let mut surfaces: HashMap<String, Vec<usize>> = HashMap::new();
        for (i, e) in entries.iter().enumerate() {
            by_key.entry(e.key.clone()).or_insert(i);
            let names = std::iter::once(e.ko.as_str())
                .chain(e.zh.as_deref())
                .chain(e.en.as_deref().filter(|en| en.chars().count() >= 2))
                .chain(e.aliases.iter().map(String::as_str));
            for name in names {
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
        let mut patterns: Vec<String> = surfaces.keys().cloned().collect();
        patterns.sort();
        let pattern_entries = patterns.iter().map(|p| surfaces[p].clone()).collect();
        let automaton = AhoCorasickBuilder::new()
            .match_kind(MatchKind::LeftmostLongest)
            .build(&patterns)
            .map_err(|e| Error::Reference {
                path: "ontology/gazetteer".into(),
                line: 0,
                message: e.to_string(),
            })?;
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
            .map_err(|e| Error::Reference {
                path: "ontology/gazetteer/agency-types.tsv".into(),
                line: 0,
                message: e.to_string(),
            })?;
        let mut type_starts: Vec<char> = type_patterns
            .iter()
            .filter_map(|(_, p)| p.chars().next())
            .collect();
        type_starts.sort_unstable();
        type_starts.dedup();
        // 해상 풍력 발전 ≡ 해상풍력: the shortest label stands for all variants
        let mut by_merge_key: HashMap<String, usize> = HashMap::new();
        for (i, e) in entries
            .iter()
            .enumerate()
            .filter(|(_, e)| e.kind == Kind::Technology)
        {
            let k = crate::extract::mention::technology_merge_key(&e.ko);
            match by_merge_key.get(&k) {
                Some(&j) if entries[j].ko.chars().count() <= e.ko.chars().count() => {}
                _ => {
                    by_merge_key.insert(k, i);
                }
            }
        }
        let canonical = entries
            .iter()
            .enumerate()
            .map(|(i, e)| {
                if e.kind == Kind::Technology {
                    by_merge_key
                        .get(&crate::extract::mention::technology_merge_key(&e.ko))
                        .copied()
                        .unwrap_or(i)
                } else {
                    i
                }
            })
            .collect();
        Ok(Gazetteer {
            canonical,
            entries,
            types,
            by_key,
            automaton,
            pattern_entries,
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
        let mut out = Vec::new();
        for m in self.automaton.find_iter(text) {
            let cands = &self.pattern_entries[m.pattern().as_usize()];
            let first = &self.entries[cands[0]];
            let surface = &text[m.start()..m.end()];
            let before = &text[..m.start()];
            let rest = &text[m.end()..];
            let ascii = surface.is_ascii();
            let left_ok = if ascii {
                !before
                    .chars()
                    .next_back()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
            } else {
                starts_word(before)
                    || first.kind == Kind::Technology && surface.chars().count() >= 3
            };
            if !left_ok {
                continue;
            }
            let right_ok = if ascii {
                !rest
                    .chars()
                    .next()
                    .is_some_and(|c| c.is_ascii_alphanumeric())
            } else if first.kind.is_region() {
                ends_word(rest, REGION_SUFFIXES)
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
            } else {
                true
            };
            if !right_ok {
                continue;
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
                if !suffixed {
                    continue;
                }
            }
            out.push((
                Hit {
                    start: m.start(),
                    end: m.end(),
                    entry: cands[0],
                },
                cands.as_slice(),
            ));
        }
        out
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
