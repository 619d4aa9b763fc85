//! The report model: a report is a title, an issue date, a publisher and a
//! list of articles; an article is a headline, a date and the sentences of
//! its bullets, paragraphs and table cells, each with its line and byte
//! offset for provenance. Reading and checking the file (empty, binary,
//! non-UTF-8) happens here too. PDF, HWP/HWPX and DOCX files are first
//! rendered as Markdown by their readers (`pdf.rs`, `hangul.rs`, `docx.rs`),
//! then read like any Markdown report. This module knows nothing of extraction.

mod archive;
mod binary;
mod date;
mod docx;
pub mod format;
mod hangul;
pub mod html;
mod markdown;
mod pdf;
pub mod rendering;
mod text;

pub use date::{parse_full_date, parse_short_date, Date};
pub use markdown::{parse_markdown, strip_glyphs};
pub use rendering::{SourceMap, SourceUnit};
pub use text::{clean_inline, split_sentences};

use std::path::{Path, PathBuf};

use crate::error::{Error, Result};

/// A parsed report.
#[derive(Debug, Clone)]
pub struct Report {
    /// The file it was read from.
    pub path: PathBuf,
    /// Title (first top-level heading, or the file name).
    pub title: String,
    /// Issue date (`| 발 행 일 | 2023. 11. 3`), when the report gives one.
    pub issued: Option<Date>,
    /// Publisher (`| 발행기관 | …`), when given.
    pub publisher: Option<String>,
    /// The articles in order. A preamble (contents, summary) is article 0
    /// when present, flagged [`Article::preamble`].
    pub articles: Vec<Article>,
    /// SHA-256 of the file's bytes (hex), to recognise re-ingests.
    pub digest: String,
    /// For a PDF, HWP/HWPX or DOCX file: the page or paragraph each line of
    /// its Markdown rendering comes from (`line` fields count rendered lines).
    pub origin: Option<SourceMap>,
}

impl Report {
    /// The year dates like `(10.27)` belong to: the issue year if known.
    pub fn year(&self) -> Option<i32> {
        self.issued.map(|d| d.year)
    }
}

/// One numbered article (or item) of a report.
#[derive(Debug, Clone)]
pub struct Article {
    /// 1-based position in the report (0 for the preamble).
    pub index: usize,
    /// The part it belongs to (정책동향, 기술동향, 단신동향…).
    pub part: Option<String>,
    /// The number the report gives it (`01`, `1`).
    pub number: Option<u32>,
    /// Headline, cleaned.
    pub headline: String,
    /// Announcement date `(10.27)` from the headline or the lead lines.
    pub date: Option<Date>,
    /// 1-based line of the headline.
    pub line: usize,
    /// Whether this is the report's contents/summary rather than an article.
    pub preamble: bool,
    /// Sentences in reading order (the headline is the first).
    pub sentences: Vec<Sentence>,
    /// Links and reference titles (참고자료).
    pub references: Vec<String>,
}

/// What kind of block a sentence comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum SentenceKind {
    /// The article's headline.
    Headline,
    /// A heading inside the article (`■ …`, `1) …`).
    Heading,
    /// A bullet or prose paragraph.
    Text,
    /// A footnote (`* …`, `※ …`).
    Note,
    /// A table cell or an item of a list inside a cell.
    TableCell,
    /// A short table cell without list items that names its row's subject
    /// (`태양열 발전 저비용 기술`), not the row's last cell.
    RowLabel,
    /// A source line (`출처: 인민망 (10.30)`).
    Source,
    /// A reference title (참고자료), often Chinese.
    Reference,
}

/// One sentence with where it comes from.
#[derive(Debug, Clone)]
pub struct Sentence {
    /// The text, cleaned of Markdown and HTML, NFC-normalised.
    pub text: String,
    /// 1-based line in the file.
    pub line: usize,
    /// Byte offset of the line in the file.
    pub offset: usize,
    /// Nesting level: smaller is higher (headline 0, lead bullets 10, sub-bullets 20…).
    pub level: u32,
    /// Kind of block.
    pub kind: SentenceKind,
    /// Index (in the article's sentences) of the nearest enclosing sentence.
    pub parent: Option<usize>,
    /// The row as written (`5G 기지국 수(만 개) | 4.9 | 7`), when the
    /// sentence is one cell of a table's year columns; provenance quotes this.
    pub verbatim: Option<String>,
    /// Whether it is (part of) an item of a numbered list (`4. …`), whose
    /// items each name their own subject.
    pub numbered: bool,
    /// The cell this sentence stands for, when it is one number of a table
    /// whose columns are years: the target reader takes it as it is, `text`
    /// is the row as written.
    pub cell: Option<YearCell>,
}

/// One number of a table whose columns are years (`지표 | 2020년 | 2025년
/// 목표`): what its row measures, its column's year, whether that column
/// states goals, and the amount with its unit (`7만 개`, from `5G 기지국
/// 수(만 개) | 4.9 | 7`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct YearCell {
    /// The row's label without its unit (`5G 기지국 수`).
    pub metric: String,
    /// The column's year.
    pub year: i32,
    /// Whether the column states goals (`2025년 목표`) or observations (`2020년`).
    pub goal: bool,
    /// The amount with the row's unit (`7만 개`, `15%`).
    pub amount: String,
}

impl Sentence {
    /// The text as the report writes it, for provenance.
    pub fn source_text(&self) -> &str {
        self.verbatim.as_deref().unwrap_or(&self.text)
    }
}

/// Reads and parses a report file. Empty, binary and non-UTF-8 files are
/// errors naming the file and position.
pub fn read_report(path: &Path) -> Result<Report> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    parse_report_bytes(path, &bytes)
}

/// The Markdown a report file is read as: a PDF, HWP/HWPX or DOCX file's
/// rendering, a saved HTML page's conversion, or the text itself
/// (`policykg ingest --show`).
pub fn rendered_markdown(path: &Path) -> Result<String> {
    let bytes = std::fs::read(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })?;
    if let Some(format) = binary_format(path, &bytes)? {
        return Ok(binary::render(path, format, &bytes)?.markdown);
    }
    let text = String::from_utf8_lossy(&bytes);
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let is_html = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        || html::looks_like_html(text);
    Ok(if is_html {
        html::to_markdown(text)
    } else {
        text.to_string()
    })
}

fn binary_format(path: &Path, bytes: &[u8]) -> Result<Option<format::BinaryFormat>> {
    format::binary_format(path, bytes).map_err(|message| Error::BadDocument {
        path: path.to_path_buf(),
        place: String::new(),
        message,
    })
}

/// Reads a PDF, HWP/HWPX or DOCX report through its Markdown rendering.
fn parse_binary(path: &Path, format: format::BinaryFormat, bytes: &[u8]) -> Result<Report> {
    let rendered = binary::render(path, format, bytes)?;
    let no_text = || Error::BadDocument {
        path: path.to_path_buf(),
        place: String::new(),
        message: format!("no report text in this {} file", format.name()),
    };
    if rendered.markdown.trim().is_empty() {
        return Err(no_text());
    }
    let mut report = parse_markdown(path, &rendered.markdown);
    report.digest = hex_digest(bytes);
    report.origin = Some(rendered.map);
    if report.articles.iter().all(|a| {
        a.sentences
            .iter()
            .all(|s| s.kind == SentenceKind::Reference)
    }) {
        return Err(no_text());
    }
    Ok(report)
}

/// Checks and parses a report's bytes (`path` is used in errors and provenance).
pub fn parse_report_bytes(path: &Path, bytes: &[u8]) -> Result<Report> {
    if let Some(format) = binary_format(path, bytes)? {
        return parse_binary(path, format, bytes);
    }
    // (a byte search for the common case, a position only for the error)
    let nul = if bytes.contains(&0) {
        bytes.iter().position(|&b| b == 0)
    } else {
        None
    };
    if let Some(pos) = nul {
        return Err(bad_bytes(
            path,
            bytes,
            pos,
            "binary file (NUL byte); expected a Markdown or text report",
        ));
    }
    let text = match std::str::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            return Err(bad_bytes(
                path,
                bytes,
                e.valid_up_to(),
                "not valid UTF-8; convert the report to UTF-8 first",
            ));
        }
    };
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let is_html = path
        .extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| e.eq_ignore_ascii_case("html") || e.eq_ignore_ascii_case("htm"))
        || html::looks_like_html(text);
    let converted;
    let text = if is_html {
        converted = html::to_markdown(text);
        converted.as_str()
    } else {
        text
    };
    if text.trim().is_empty() {
        return Err(Error::BadInput {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "empty file: no report text".into(),
        });
    }
    let mut report = parse_markdown(path, text);
    report.digest = hex_digest(bytes);
    if report.articles.iter().all(|a| {
        a.sentences
            .iter()
            .all(|s| s.kind == SentenceKind::Reference)
    }) {
        return Err(Error::BadInput {
            path: path.to_path_buf(),
            line: 1,
            column: 1,
            message: "no readable text (only markup or links)".into(),
        });
    }
    Ok(report)
}

fn bad_bytes(path: &Path, bytes: &[u8], pos: usize, message: &str) -> Error {
    let before = &bytes[..pos];
    let line = before.iter().filter(|&&b| b == b'\n').count() + 1;
    let line_start = before
        .iter()
        .rposition(|&b| b == b'\n')
        .map_or(0, |i| i + 1);
    let column = String::from_utf8_lossy(&bytes[line_start..pos])
        .chars()
        .count()
        + 1;
    Error::BadInput {
        path: path.to_path_buf(),
        line,
        column,
        message: format!("{message} (byte {pos})"),
    }
}

fn hex_digest(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    let d = Sha256::digest(bytes);
    d.iter().map(|b| format!("{b:02x}")).collect()
}
