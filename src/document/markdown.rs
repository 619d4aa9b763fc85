//! Markdown (and plain-text) reports → [`Report`]. Recognises numbered
//! articles (`## 01`, `## 02 헤드라인`, `## 1` + `### 헤드라인`), parts
//! (`## I` + `## 정책동향`), bullet trees (Markdown indentation and the
//! glyphs Korean reports use: ■ ● ○ ㅇ - · ※ *), tab-separated tables whose
//! cells hold `<ul><li>` lists, `출처:` lines, 참고자료 sections and the
//! colophon table (`| 발 행 일 | 2023. 11. 3`).

use std::path::Path;
use std::sync::LazyLock;

use regex::Regex;

use super::text::{clean_inline, split_sentences};
use super::{parse_full_date, parse_short_date, Article, Report, Sentence, SentenceKind, YearCell};

static ARTICLE_NO: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(\d{1,2})(?:\s+(\S.*))?$").expect("valid regex"));
static ROMAN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^(?:I|II|III|IV|V|VI|VII|VIII|IX|X)\.?$").expect("valid regex"));
static LIST_ITEM: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^([ \t]*)(?:[-*+]|\d{1,2}\.)[ \t]+(.*)$").expect("valid regex"));
static SLASHED_TITLE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(\p{Hangul})/(\p{Hangul})").expect("valid regex"));

/// Cells of a table header row (`ontology/lexicon/table-header-words.txt`).
static TABLE_HEADER_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::wordlist::lines(include_str!(
        "../../ontology/lexicon/table-header-words.txt"
    ))
    .collect()
});

/// Words after a year that make a column a goal column (`ontology/lexicon/goal-column-words.txt`).
static GOAL_COLUMN_WORDS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::wordlist::lines(include_str!("../../ontology/lexicon/goal-column-words.txt")).collect()
});

/// Names of a report's parts (`ontology/lexicon/report-parts.txt`).
static PART_NAMES: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::wordlist::lines(include_str!("../../ontology/lexicon/report-parts.txt")).collect()
});

/// A thematic break: three or more `-`, `*` or `_` and nothing else.
fn is_thematic_break(line: &str) -> bool {
    let marks: String = line.chars().filter(|c| !c.is_whitespace()).collect();
    marks.chars().count() >= 3
        && ["-", "*", "_"]
            .iter()
            .any(|m| marks.chars().all(|c| c.to_string() == *m))
}

/// A heading that opens a report's references (`참고자료`, `[참고 자료]`,
/// `원문 보기`): its words are those alone. A headline tagged so
/// (`[참고자료] A시, … 발표`) is an article.
fn is_reference_heading(h: &str) -> bool {
    let words: String = h
        .chars()
        .filter(|&c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
        .collect();
    (words.starts_with("참고") || words.starts_with("원문")) && words.chars().count() <= 6
}

/// Builds the report model from Markdown text.
pub fn parse_markdown(path: &Path, text: &str) -> Report {
    let mut p = Parser::new(path);
    p.heading_articles = article_heading_level(text);
    let mut offset = 0;
    let mut in_comment = false;
    for (i, line) in text.split('\n').enumerate() {
        let line_offset = offset;
        offset += line.len() + 1;
        let line = line.trim_end_matches('\r');
        if in_comment {
            in_comment = !line.contains("-->");
            continue;
        }
        if line.trim_start().starts_with("<!--") {
            in_comment = !line.contains("-->");
            continue;
        }
        if line.trim().is_empty() {
            p.prev_blank = true;
            continue;
        }
        p.line(line, i + 1, line_offset);
    }
    p.finish()
}

/// When a report has no numbered articles but several headings of one
/// level (a compilation of news items, `## 중국, … 발표`), each heading of
/// the shallowest repeated level below the title starts an article.
fn article_heading_level(text: &str) -> Option<usize> {
    let mut counts = [0usize; 7];
    for line in text.lines() {
        if let Some((level, h)) = heading(line) {
            let h = clean_inline(h);
            if ARTICLE_NO.is_match(&h) && level <= 3 {
                return None;
            }
            counts[level] += 1;
        }
    }
    (2..=4).find(|&l| counts[l] >= 2)
}

struct Parser {
    heading_articles: Option<usize>,
    report: Report,
    current: Article,
    part: Option<String>,
    pending_part: bool,
    pending_headline: bool,
    /// Whether the line being read is an item of a numbered list (`4. …`).
    numbered_item: bool,
    /// Whether the line before was blank (a `---` after text underlines a heading).
    prev_blank: bool,
    in_references: bool,
    in_colophon: bool,
    saw_numbered: bool,
    table_header_done: bool,
    /// Per column of the current table: the year its header names, and
    /// whether the header calls it a goal (`2025년 목표`).
    table_years: Vec<Option<YearColumn>>,
}

/// A table column headed by a year.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct YearColumn {
    year: i32,
    goal: bool,
}

impl Parser {
    fn new(path: &Path) -> Self {
        let title = path
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        Parser {
            heading_articles: None,
            report: Report {
                path: path.to_path_buf(),
                title,
                issued: None,
                publisher: None,
                articles: Vec::new(),
                digest: String::new(),
                origin: None,
            },
            current: new_article(0, None, None, String::new(), 1, true),
            part: None,
            pending_part: false,
            pending_headline: false,
            numbered_item: false,
            prev_blank: true,
            in_references: false,
            in_colophon: false,
            saw_numbered: false,
            table_header_done: false,
            table_years: Vec::new(),
        }
    }

    fn line(&mut self, raw: &str, line: usize, offset: usize) {
        let trimmed = raw.trim();
        let prev_blank = std::mem::replace(&mut self.prev_blank, false);
        if prev_blank && is_thematic_break(trimmed) && !self.in_colophon {
            self.thematic_break(line);
            return;
        }
        if trimmed.starts_with('|') && trimmed[1..].contains('|') {
            if !self.metadata(trimmed) && !self.in_colophon {
                self.pipe_row(trimmed, line, offset);
            }
            return;
        }
        if let Some((level, h)) = heading(raw) {
            let h = clean_inline(h);
            if !h.is_empty() {
                self.heading(level, &h, line, offset);
            }
            return;
        }
        if self.in_colophon {
            return;
        }
        if raw.contains('\t') {
            let cells: Vec<&str> = raw.split('\t').map(str::trim).collect();
            self.table_row(&cells, line, offset);
            return;
        }
        self.table_header_done = false;
        self.table_years.clear();
        let item = list_item(raw);
        let is_list = item.is_some();
        self.numbered_item = is_list && raw.trim_start().starts_with(|c: char| c.is_ascii_digit());
        let (indent, body) = match item {
            Some((indent, body)) => (indent_depth(indent), body),
            None => (0, raw.trim()),
        };
        let text = clean_inline(body);
        if text.is_empty() {
            return;
        }
        if self.in_references {
            self.current.references.push(text.clone());
            self.push(text, line, offset, 90, SentenceKind::Reference);
            return;
        }
        if self.pending_headline {
            self.pending_headline = false;
            let spans = split_sentences(&text);
            let (first, rest) = match spans.first() {
                Some(&(s, e)) if spans.len() > 1 => {
                    (text[s..e].to_string(), Some(text[e..].trim().to_string()))
                }
                _ => (text.clone(), None),
            };
            self.current.headline = strip_glyphs(&first).to_string();
            self.current.line = line;
            self.push(first, line, offset, 0, SentenceKind::Headline);
            if let Some(rest) = rest.filter(|r| !r.is_empty()) {
                self.paragraph(&rest, line, offset, 20);
            }
            return;
        }
        let kind = classify(&text);
        let level = match kind {
            SentenceKind::Note => self
                .current
                .sentences
                .last()
                .map_or(25, |s| s.level.min(60) + 5),
            SentenceKind::Source => 15,
            _ => glyph_level(&text, is_list, indent),
        };
        if kind == SentenceKind::Text {
            self.paragraph(&text, line, offset, level);
        } else {
            self.push(text, line, offset, level, kind);
        }
    }

    fn paragraph(&mut self, text: &str, line: usize, offset: usize, level: u32) {
        for (s, e) in split_sentences(text) {
            self.push(
                text[s..e].to_string(),
                line,
                offset,
                level,
                SentenceKind::Text,
            );
        }
    }

    /// A row of a Markdown pipe table. The first row is the header and the
    /// `|---|` row under it is skipped.
    fn pipe_row(&mut self, row: &str, line: usize, offset: usize) {
        let inner = row.trim_matches('|');
        if inner
            .chars()
            .all(|c| matches!(c, '-' | ':' | '|' | ' ' | '\t'))
        {
            return;
        }
        let cells: Vec<&str> = inner.split('|').map(str::trim).collect();
        if !self.table_header_done {
            self.table_years = year_columns(&cells);
            self.table_header_done = true;
            return;
        }
        self.table_row(&cells, line, offset);
    }

    /// Reads the colophon's `| 발 행 일 | 2023. 11. 3 |` rows; false when the
    /// row is not one of them.
    fn metadata(&mut self, row: &str) -> bool {
        let cells: Vec<&str> = row.trim_matches('|').split('|').map(str::trim).collect();
        let key: String = cells
            .first()
            .map(|k| k.chars().filter(|c| !c.is_whitespace()).collect())
            .unwrap_or_default();
        let value = cells.get(1).map(|v| clean_inline(v)).unwrap_or_default();
        if key.contains("발행일") || key.contains("발간일") {
            self.report.issued = parse_full_date(&value).or(self.report.issued);
            self.in_colophon = true;
        } else if key.contains("발행기관")
            || key.contains("발간기관")
            || key == "발행처" && self.report.publisher.is_none()
        {
            if !value.is_empty() && !value.starts_with("주소") {
                self.report.publisher = Some(value);
            }
            self.in_colophon = true;
        } else if key.starts_with("발") {
            self.in_colophon = true;
        } else {
            return false;
        }
        true
    }

    fn heading(&mut self, level: usize, h: &str, line: usize, offset: usize) {
        if level == 1
            && !self.saw_numbered
            && self.current.sentences.is_empty()
            && self.report.articles.is_empty()
        {
            self.report.title = SLASHED_TITLE
                .replace_all(&SLASHED_TITLE.replace_all(h, "$1$2"), "$1$2")
                .into_owned();
            return;
        }
        if let Some(c) = ARTICLE_NO.captures(h) {
            if level <= 3 {
                let number = c[1].parse().ok();
                self.start_article(number, line);
                match c.get(2) {
                    Some(rest) => {
                        let headline = rest.as_str().to_string();
                        self.current.headline = strip_glyphs(&headline).to_string();
                        self.push(headline, line, offset, 0, SentenceKind::Headline);
                    }
                    None => self.pending_headline = true,
                }
                return;
            }
        }
        if ROMAN.is_match(h) {
            self.pending_part = true;
            return;
        }
        if self.heading_articles == Some(level) && !is_reference_heading(h) {
            self.start_article(None, line);
            self.current.headline = strip_glyphs(h).to_string();
            self.push(h.to_string(), line, offset, 0, SentenceKind::Headline);
            return;
        }
        let bare: String = h.chars().filter(|c| !c.is_whitespace()).collect();
        if self.pending_part || PART_NAMES.contains(&bare.as_str()) {
            self.pending_part = false;
            self.close_article();
            self.part = Some(bare);
            return;
        }
        if is_reference_heading(h) {
            self.in_references = true;
            return;
        }
        if self.in_colophon {
            return;
        }
        if self.pending_headline {
            self.pending_headline = false;
            self.current.headline = strip_glyphs(h).to_string();
            self.current.line = line;
            self.push(h.to_string(), line, offset, 0, SentenceKind::Headline);
            return;
        }
        if self.current.preamble && (bare == "요약" || bare.eq_ignore_ascii_case("contents")) {
            return;
        }
        self.in_references = false;
        let level = glyph_level(h, false, 0).min(15);
        self.push(h.to_string(), line, offset, level, SentenceKind::Heading);
    }

    fn table_row(&mut self, all_cells: &[&str], line: usize, offset: usize) {
        if !self.table_header_done {
            let years = year_columns(all_cells);
            if years.iter().any(Option::is_some) {
                self.table_years = years;
                self.table_header_done = true;
                return;
            }
        }
        if self.table_years.iter().any(Option::is_some) && self.year_row(all_cells, line, offset) {
            return;
        }
        let cells: Vec<&str> = all_cells
            .iter()
            .copied()
            .filter(|c| !c.is_empty())
            .collect();
        let header = !self.table_header_done
            && cells
                .iter()
                .all(|c| !c.contains("<li") && c.chars().count() <= 12)
            && cells.iter().any(|c| TABLE_HEADER_WORDS.contains(c));
        self.table_header_done = true;
        if header {
            return;
        }
        let last = cells.len().saturating_sub(1);
        for (ci, cell) in cells.iter().enumerate() {
            let kind = if ci < last && !cell.contains("<li") && cell.chars().count() <= 30 {
                SentenceKind::RowLabel
            } else {
                SentenceKind::TableCell
            };
            let items: Vec<String> = if cell.contains("<li") {
                li_items(cell).into_iter().map(clean_inline).collect()
            } else {
                vec![clean_inline(cell)]
            };
            for item in items {
                let item = strip_glyphs(&item).to_string();
                if item.is_empty() || item.chars().all(|c| c.is_ascii_digit() || c == '.') {
                    continue;
                }
                self.push(item, line, offset, 50, kind);
            }
        }
    }

    /// A row of a table whose columns are years (`지표 | 2020년 | 2025년 목표`):
    /// each number becomes a sentence of the row as written that carries its
    /// cell (metric, year, goal or not, amount) for the target reader. False
    /// when the row has no label or no number.
    fn year_row(&mut self, cells: &[&str], line: usize, offset: usize) -> bool {
        let Some(first_year) = self.table_years.iter().position(Option::is_some) else {
            return false;
        };
        let Some(label) = cells[..first_year.min(cells.len())]
            .iter()
            .rev()
            .map(|c| clean_inline(c))
            .find(|c| !c.is_empty() && !c.chars().all(|ch| ch.is_ascii_digit() || ch == '.'))
        else {
            return false;
        };
        let (metric, unit) = match UNIT_IN_PARENS.captures(&label) {
            Some(c) => (
                label[..c.get(0).map_or(label.len(), |m| m.start())]
                    .trim()
                    .to_string(),
                c[1].trim().to_string(),
            ),
            None => (label.clone(), String::new()),
        };
        let mut year_cells = Vec::new();
        for (cell, column) in cells.iter().zip(&self.table_years) {
            let (Some(column), Some(number)) = (column, NUMBER_CELL.captures(cell)) else {
                continue;
            };
            let written_unit = number.get(2).map_or("", |m| m.as_str());
            let amount = if written_unit.is_empty() {
                join_amount(&number[1], &unit)
            } else {
                cell.trim().to_string()
            };
            year_cells.push(YearCell {
                metric: metric.clone(),
                year: column.year,
                goal: column.goal,
                amount,
            });
        }
        if year_cells.is_empty() {
            return false;
        }
        let verbatim = cells
            .iter()
            .map(|c| clean_inline(c))
            .filter(|c| !c.is_empty())
            .collect::<Vec<_>>()
            .join(" | ");
        for cell in year_cells {
            self.push(verbatim.clone(), line, offset, 50, SentenceKind::TableCell);
            if let Some(s) = self.current.sentences.last_mut() {
                s.verbatim = Some(verbatim.clone());
                s.cell = Some(cell);
            }
        }
        true
    }

    fn push(&mut self, text: String, line: usize, offset: usize, level: u32, kind: SentenceKind) {
        let sentences = &self.current.sentences;
        let parent = sentences
            .iter()
            .rposition(|s| s.level < level && s.kind != SentenceKind::Reference);
        self.current.sentences.push(Sentence {
            text,
            line,
            offset,
            level,
            kind,
            parent,
            verbatim: None,
            numbered: self.numbered_item,
            cell: None,
        });
    }

    /// `---` between stories (wire copy, newsletters): it ends an article and
    /// the text after it is the next one. Stories before the first heading
    /// are articles, not the report's front matter.
    fn thematic_break(&mut self, line: usize) {
        if self.current.preamble
            && self
                .current
                .sentences
                .iter()
                .any(|s| s.kind == SentenceKind::Text)
        {
            self.current.preamble = false;
            self.current.index = self.report.articles.len() + 1
                - usize::from(self.report.articles.first().is_some_and(|a| a.preamble));
        }
        self.in_references = false;
        self.start_article(None, line);
    }

    fn start_article(&mut self, number: Option<u32>, line: usize) {
        self.close_article();
        self.saw_numbered = true;
        let index = self.report.articles.len() + 1
            - usize::from(self.report.articles.first().is_some_and(|a| a.preamble));
        self.current = new_article(index, self.part.clone(), number, String::new(), line, false);
    }

    fn close_article(&mut self) {
        let next = new_article(0, None, None, String::new(), 0, true);
        let done = std::mem::replace(&mut self.current, next);
        self.in_references = false;
        self.pending_headline = false;
        if !done.sentences.is_empty() || !done.headline.is_empty() {
            self.report.articles.push(done);
        }
    }

    fn finish(mut self) -> Report {
        self.close_article();
        let mut report = self.report;
        if !self.saw_numbered {
            // A text without numbered articles is one article.
            for a in &mut report.articles {
                a.preamble = false;
                a.index = 1;
                if a.headline.is_empty() {
                    a.headline = a
                        .sentences
                        .first()
                        .map(|s| s.text.clone())
                        .unwrap_or_default();
                }
            }
        }
        let year = report.year();
        for a in &mut report.articles {
            a.date = std::iter::once(a.headline.as_str())
                .chain(
                    a.sentences
                        .iter()
                        .filter(|s| {
                            matches!(
                                s.kind,
                                SentenceKind::Headline
                                    | SentenceKind::Heading
                                    | SentenceKind::Source
                            ) || s.level <= 10
                        })
                        .map(|s| s.text.as_str()),
                )
                .find_map(|t| parse_short_date(t, year));
        }
        report
    }
}

fn new_article(
    index: usize,
    part: Option<String>,
    number: Option<u32>,
    headline: String,
    line: usize,
    preamble: bool,
) -> Article {
    Article {
        index,
        part,
        number,
        headline,
        date: None,
        line,
        preamble,
        sentences: Vec::new(),
        references: Vec::new(),
    }
}

/// A Markdown heading's level and text (`## 제목` → 2, `제목`): one to six
/// `#`, then white space.
fn heading(line: &str) -> Option<(usize, &str)> {
    let level = line.bytes().take_while(|&b| b == b'#').count();
    if !(1..=6).contains(&level) {
        return None;
    }
    let rest = &line[level..];
    let text = rest.trim_start();
    (text.len() < rest.len()).then_some((level, text))
}

/// The indentation and text of a list item (`  - text`, `1. text`), as
/// [`LIST_ITEM`] captures them; the usual ASCII markers are read by hand.
fn list_item(raw: &str) -> Option<(&str, &str)> {
    let line = raw.trim_start_matches([' ', '\t']);
    let indent = &raw[..raw.len() - line.len()];
    let first = line.chars().next()?;
    let after_marker = if matches!(first, '-' | '*' | '+') {
        &line[1..]
    } else if first.is_ascii_digit() {
        let digits = line.bytes().take_while(u8::is_ascii_digit).count();
        let rest = &line[digits..];
        if rest.starts_with(|c: char| c.is_numeric()) {
            // digits of another script follow: leave them to the regex
            return list_item_regex(raw);
        }
        match rest.strip_prefix('.') {
            Some(rest) if digits <= 2 => rest,
            _ => return None,
        }
    } else if first.is_numeric() {
        return list_item_regex(raw);
    } else {
        return None;
    };
    let text = after_marker.trim_start_matches([' ', '\t']);
    (text.len() < after_marker.len()).then_some((indent, text))
}

fn list_item_regex(raw: &str) -> Option<(&str, &str)> {
    let c = LIST_ITEM.captures(raw)?;
    Some((
        c.get(1).map_or("", |m| m.as_str()),
        c.get(2).map_or("", |m| m.as_str()),
    ))
}

fn indent_depth(ws: &str) -> u32 {
    let width: usize = ws.chars().map(|c| if c == '\t' { 4 } else { 1 }).sum();
    (width / 2) as u32
}

/// Leading glyphs that mark a bullet's rank (■ highest, then ○, then -, then ·).
fn glyph_level(text: &str, is_list: bool, indent: u32) -> u32 {
    let first = text.trim_start().chars().next().unwrap_or(' ');
    let rank = match first {
        '■' | '▣' | '□' | '◆' | '◇' | '◼' | '●' | '▶' | '◎' => 10,
        '○' | 'ㅇ' | '◦' | '▸' | '►' | '▷' | '☞' | '☑' | '✓' | '△' => 20,
        '-' | '–' | '‐' => 30,
        '·' | '∙' | '•' | 'ㆍ' => 40,
        _ if is_list => 20,
        _ => 20,
    };
    rank + indent * 10
}

fn classify(text: &str) -> SentenceKind {
    let t = strip_glyphs(text);
    if t.starts_with("출처")
        || t.starts_with("정보출처")
        || t.starts_with("자료:")
        || t.starts_with("자료 :")
    {
        SentenceKind::Source
    } else if text.starts_with('*') || text.starts_with('※') || text.starts_with('＊') {
        SentenceKind::Note
    } else {
        SentenceKind::Text
    }
}

/// The text without its leading bullet glyphs and emphasis.
pub fn strip_glyphs(text: &str) -> &str {
    text.trim_start_matches(|c: char| {
        c.is_whitespace() || "■▣□◆◇◼●▶◎○ㅇ◦▸►▷☞☑✓△-–‐·∙•ㆍ*※＊▘▗>".contains(c)
    })
    .trim()
}

/// `(만 개)`, `(%)`, `(억 위안)` at the end of a row label.
static UNIT_IN_PARENS: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[(（]([^()（）]{1,12})[)）]\s*$").expect("valid regex"));

/// A cell holding one number, perhaps with its own unit (`7`, `1,200`, `15%`,
/// `3.5만 개`, `1억 2,000만 kW`).
static NUMBER_CELL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:약\s*)?([0-9][0-9,]*(?:\.[0-9]+)?(?:\s*[조억]\s*[0-9][0-9,]*(?:\.[0-9]+)?)*)\s*([%％]|[만억조천]?\s*[가-힣A-Za-z³㎥]+)?\s*(?:이상|이하|내외|초과|미만)?\s*$")
        .expect("valid regex")
});

/// A header cell naming a year: `2025년`, `2025`, `'25년 목표`, `2030년(목표)`, `2025E`.
static YEAR_HEADER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*(?:(?:목표|전망)\s*)?[(（]?\s*(?:((?:19|20)[0-9]{2})|['‘’]([0-9]{2}))\s*년?\s*(말|도)?\s*[)）]?\s*(.*)$")
        .expect("valid regex")
});

/// The year column of each header cell, if it names one.
fn year_columns(cells: &[&str]) -> Vec<Option<YearColumn>> {
    cells
        .iter()
        .map(|cell| {
            let cell = clean_inline(cell);
            let c = YEAR_HEADER.captures(&cell)?;
            let year = match (c.get(1), c.get(2)) {
                (Some(y), _) => y.as_str().parse().ok()?,
                (None, Some(y)) => 2000 + y.as_str().parse::<i32>().ok()?,
                _ => return None,
            };
            let rest = c.get(4).map_or("", |m| m.as_str()).trim();
            let goal_word = |t: &str| GOAL_COLUMN_WORDS.iter().any(|w| t.contains(w));
            // anything but a goal word after the year: not a year column (`2023년 실적 분석`)
            if !rest.is_empty() && !goal_word(rest) && rest != "실적" && rest != "현재" {
                return None;
            }
            Some(YearColumn {
                year,
                goal: goal_word(rest) || cell.starts_with("목표") || cell.starts_with("전망"),
            })
        })
        .collect()
}

/// A number and the unit its row label gives: `7` + `만 개` → `7만 개`, `15` + `%` → `15%`.
fn join_amount(number: &str, unit: &str) -> String {
    if unit.is_empty() {
        number.to_string()
    } else if unit.starts_with(['만', '억', '조', '천', '%', '％']) {
        format!("{number}{unit}")
    } else {
        format!("{number} {unit}")
    }
}

/// Where `needle` (lowercase ASCII) starts in `hay` at or after `from`,
/// ignoring ASCII case.
fn find_ascii_ci(hay: &str, from: usize, needle: &str) -> Option<usize> {
    let (hay, needle) = (hay.as_bytes(), needle.as_bytes());
    let first = needle.first()?;
    let mut at = from;
    while let Some(i) = hay.get(at..)?.iter().position(|b| b == first) {
        let start = at + i;
        let candidate = hay.get(start..start + needle.len())?;
        if candidate.eq_ignore_ascii_case(needle) {
            return Some(start);
        }
        at = start + 1;
    }
    None
}

/// The contents of a cell's list items, `<li …>…</li>` (any case, items
/// may span lines), in order: what `(?is)<li[^>]*>(.*?)</li>` captures.
/// When the first opening tag has no `>` or no closing tag after it, no
/// later one has either.
fn li_items(cell: &str) -> Vec<&str> {
    let mut items = Vec::new();
    let mut pos = 0;
    while let Some(open) = find_ascii_ci(cell, pos, "<li") {
        let Some(gt) = cell[open + 3..].find('>') else {
            break;
        };
        let content = open + 3 + gt + 1;
        let Some(close) = find_ascii_ci(cell, content, "</li>") else {
            break;
        };
        items.push(&cell[content..close]);
        pos = close + "</li>".len();
    }
    items
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn list_items_are_what_the_item_regex_captures() {
        let li = Regex::new(r"(?is)<li[^>]*>(.*?)</li>").expect("valid regex");
        for cell in [
            "<ul> <li>• 대학 및 연구소의 특허 재고량 점검</li> <li>• 특허 집약형 제품 육성</li> </ul>",
            "<UL><LI class=\"x\">첫째</LI><li>둘째\n줄바꿈</Li></UL>",
            "<li>열린 항목만",
            "<li 속성 없음",
            "<li</li>",
            "<li></li><li>x</li>",
            "<link>a</li><li>b</li>",
            "앞 <li>하나</li> 중간 <li>둘</li> 뒤 <li>셋",
            "<li><li>겹침</li></li>",
            "",
        ] {
            let want: Vec<&str> = li
                .captures_iter(cell)
                .filter_map(|c| c.get(1).map(|m| m.as_str()))
                .collect();
            assert_eq!(li_items(cell), want, "{cell}");
        }
    }

    const SAMPLE: &str = "# 중국 과학기술 정책 주/간/동/향\n\n## 요약\n\n- 요약 문장.\n\n## I\n\n## 정책동향\n\n## 01\n\n## 국무원, 지식재산권 상용화 추진\n\n**■ '25년까지 특허 기술거래 규모를 8,000억 위안으로 확대(10.27)**\n\n- 국무원은 '특허 운용 전문프로젝트 액션방안('23~'25)'을 발표\n  - 본 방안은 주요 목표로 …\n    - \\* 시진핑 주석은 …\n\n\t분야\t주요 내용\n1\t특허 상용화 촉진\t<ul> <li>• 대학 및 연구소의 특허 재고량 점검</li> <li>• 특허 집약형 제품 육성</li> </ul>\n\n#### 참고자료\n\n- ☑ 国务院办公厅印发《专利转化运用专项行动方案（2023—2025年）》\n\n## 02 국가에너지국, 재생에너지 시범 사업 착수\n\n출처: 인민망 (10.30)\n\n| 발 행 일 | 2023. 11. 3\n\n| 발행기관 | 한중과학기술협력센터\n";

    #[test]
    fn structure() {
        let r = parse_markdown(Path::new("r.md"), SAMPLE);
        assert_eq!(r.title, "중국 과학기술 정책 주간동향");
        assert_eq!(
            r.issued.map(|d| d.to_string()).as_deref(),
            Some("2023-11-03")
        );
        assert_eq!(r.publisher.as_deref(), Some("한중과학기술협력센터"));
        assert_eq!(r.articles.len(), 3);
        assert!(r.articles[0].preamble);
        let a = &r.articles[1];
        assert_eq!(
            (a.index, a.number, a.part.as_deref()),
            (1, Some(1), Some("정책동향"))
        );
        assert_eq!(a.headline, "국무원, 지식재산권 상용화 추진");
        assert_eq!(a.date.map(|d| d.to_string()).as_deref(), Some("2023-10-27"));
        let texts: Vec<(&str, u32, SentenceKind)> = a
            .sentences
            .iter()
            .map(|s| (s.text.as_str(), s.level, s.kind))
            .collect();
        assert_eq!(texts[1].1, 10);
        assert_eq!(
            texts[2],
            (
                "국무원은 '특허 운용 전문프로젝트 액션방안('23~'25)'을 발표",
                20,
                SentenceKind::Text
            )
        );
        assert_eq!(texts[3].1, 30);
        assert_eq!(texts[4].2, SentenceKind::Note);
        assert_eq!(a.sentences[3].parent, Some(2));
        assert!(texts
            .iter()
            .any(|t| t.0 == "특허 집약형 제품 육성" && t.2 == SentenceKind::TableCell));
        assert_eq!(a.references.len(), 1);
        let b = &r.articles[2];
        assert_eq!(b.headline, "국가에너지국, 재생에너지 시범 사업 착수");
        assert_eq!(b.date.map(|d| d.to_string()).as_deref(), Some("2023-10-30"));
    }

    #[test]
    fn numbered_items_with_prose() {
        let text = "## 1\n\n중국 정부가 ESS 투자 계획을 공개했다. 12일 보도에 따르면 발표했다.\n\n## 2\n\n### 초안 공개..목표\n\n본문이다.\n";
        let r = parse_markdown(Path::new("d.md"), text);
        assert_eq!(r.articles.len(), 2);
        assert_eq!(
            r.articles[0].headline,
            "중국 정부가 ESS 투자 계획을 공개했다."
        );
        assert_eq!(r.articles[0].sentences.len(), 2);
        assert_eq!(r.articles[1].headline, "초안 공개..목표");
    }

    #[test]
    fn unnumbered_headings_start_articles() {
        let text = "# 모음\n\n## 국무원, 방안 발표\n\n국무원은 방안을 발표했다.\n\n## 상하이, 계획 공개\n\n상하이시는 계획을 공개했다.\n";
        let r = parse_markdown(Path::new("n.md"), text);
        let heads: Vec<&str> = r.articles.iter().map(|a| a.headline.as_str()).collect();
        assert_eq!(heads, ["국무원, 방안 발표", "상하이, 계획 공개"]);
        assert!(r.articles.iter().all(|a| !a.preamble));
    }

    #[test]
    fn headings() {
        let regex = Regex::new(r"^(#{1,6})\s+(.*)$").expect("valid regex");
        for line in [
            "# 제목",
            "## 01",
            "###\t탭",
            "######  여섯",
            "####### 일곱",
            "#붙음",
            "#",
            "# ",
            "#\u{3000}전각 공백",
            "본문 # 아님",
            "",
        ] {
            let want = regex
                .captures(line)
                .map(|c| (c[1].len(), c.get(2).map_or("", |m| m.as_str())));
            assert_eq!(heading(line), want, "{line:?}");
        }
    }

    #[test]
    fn list_items_read_by_hand_as_by_the_regex() {
        for line in [
            "- 항목",
            "  - 하위 항목",
            "\t* 별표",
            "+  더하기",
            "1. 첫째",
            "12.\t둘째",
            "123. 셋째",
            "1.둘",
            "-붙음",
            "- ",
            "-",
            "７. 전각 숫자",
            "1٣. 섞인 숫자",
            "■ 글머리",
            "",
            "   ",
            "2023. 11. 3",
        ] {
            assert_eq!(list_item(line), list_item_regex(line), "{line:?}");
        }
    }

    #[test]
    fn year_column_headers() {
        let col = |cell: &str| year_columns(&[cell])[0];
        let goal = |year| Some(YearColumn { year, goal: true });
        let seen = |year| Some(YearColumn { year, goal: false });
        assert_eq!(col("2020년"), seen(2020));
        assert_eq!(col("2025년 목표"), goal(2025));
        assert_eq!(col("'25년"), seen(2025));
        assert_eq!(col("목표(2025)"), goal(2025));
        assert_eq!(col("2025(목표)"), goal(2025));
        assert_eq!(col("2030년 전망"), goal(2030));
        assert_eq!(col("2024E"), goal(2024));
        assert_eq!(col("2022년 말"), seen(2022));
        assert_eq!(col("2023년 실적"), seen(2023));
        // a heading that merely starts with a year is not a column of years
        assert_eq!(col("2023년 주요 성과 분석"), None);
        assert_eq!(col("지표"), None);
        assert_eq!(col("5.3"), None);
    }

    #[test]
    fn plain_text_is_one_article() {
        let r = parse_markdown(
            Path::new("p.txt"),
            "국무원은 방안을 발표했다.\n두 번째 문장이다.\n",
        );
        assert_eq!(r.articles.len(), 1);
        assert!(!r.articles[0].preamble);
        assert_eq!(r.articles[0].sentences.len(), 2);
    }
}
