//! The Markdown that the binary readers (PDF, HWP/HWPX, DOCX) write, with
//! where each line comes from in the original file (a page, a paragraph).
//! The Markdown reader then reads it like any report, so every format ends in
//! the same [`Report`](super::Report). This module knows nothing of any
//! binary format.

/// What a rendered line points back to in the original file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize)]
pub enum SourceUnit {
    /// A 1-based page (PDF).
    Page,
    /// A 1-based paragraph index in reading order (HWP, HWPX, DOCX).
    Paragraph,
}

/// Rendered line → page or paragraph of the original file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceMap {
    /// What the numbers count.
    pub unit: SourceUnit,
    /// `(first rendered line, number)`, lines ascending.
    marks: Vec<(usize, u32)>,
}

impl SourceMap {
    /// The page or paragraph a 1-based rendered line comes from.
    pub fn locate(&self, line: usize) -> Option<u32> {
        let i = self.marks.partition_point(|&(l, _)| l <= line);
        i.checked_sub(1).map(|i| self.marks[i].1)
    }
}

/// A Markdown rendering of a binary report.
#[derive(Debug, Clone)]
pub struct Rendered {
    /// The Markdown the Markdown reader reads.
    pub markdown: String,
    /// Where its lines come from.
    pub map: SourceMap,
}

/// Builds a [`Rendered`] line by line.
#[derive(Debug)]
pub struct MarkdownWriter {
    out: String,
    line: usize,
    unit: SourceUnit,
    marks: Vec<(usize, u32)>,
}

impl MarkdownWriter {
    /// An empty rendering whose lines point at `unit`s.
    pub fn new(unit: SourceUnit) -> Self {
        MarkdownWriter {
            out: String::new(),
            line: 1,
            unit,
            marks: Vec::new(),
        }
    }

    fn push_line(&mut self, text: &str, at: u32) {
        if self.marks.last().is_none_or(|&(_, n)| n != at) {
            self.marks.push((self.line, at));
        }
        self.out.push_str(text);
        self.out.push('\n');
        self.line += 1;
    }

    /// A heading of `level` (1–6).
    pub fn heading(&mut self, level: usize, text: &str, at: u32) {
        let text = one_line(text);
        if text.is_empty() {
            return;
        }
        let hashes = "#".repeat(level.clamp(1, 6));
        self.push_line(&format!("{hashes} {text}"), at);
        self.blank(at);
    }

    /// A bullet at nesting `depth` (0 = top). A leading `-` glyph is the
    /// bullet itself; other glyphs (■ ○ ▶ ※ …) stay in the text.
    pub fn bullet(&mut self, depth: usize, text: &str, at: u32) {
        let text = one_line(text);
        let body = text
            .strip_prefix(['-', '–', '‐'])
            .map(str::trim_start)
            .unwrap_or(&text);
        if body.is_empty() {
            return;
        }
        let indent = "  ".repeat(depth.min(8));
        self.push_line(&format!("{indent}- {}", escape_start(body)), at);
    }

    /// A paragraph of prose (or a glyph-led line that is its own bullet).
    pub fn paragraph(&mut self, text: &str, at: u32) {
        let text = one_line(text);
        if text.is_empty() {
            return;
        }
        if let Some(rest) = text.strip_prefix(['-', '–', '‐']) {
            // a dash-led paragraph is a second-rank bullet, as in Korean reports
            self.bullet(1, rest, at);
            return;
        }
        self.push_line(&escape_start(&text), at);
        self.blank(at);
    }

    /// A table row; a cell of several items becomes a `<ul><li>` list, as the
    /// Markdown reader reads cells.
    pub fn table_row(&mut self, cells: &[Vec<String>], at: u32) {
        if let [only] = cells {
            // a one-cell table is a frame around paragraphs
            for item in only {
                self.paragraph(item, at);
            }
            return;
        }
        let rendered: Vec<String> = cells
            .iter()
            .map(|items| {
                let items: Vec<String> = items
                    .iter()
                    .map(|i| one_line(i))
                    .filter(|i| !i.is_empty())
                    .collect();
                match items.len() {
                    0 => String::new(),
                    1 => escape_cell(&items[0]),
                    _ => {
                        let lis: String = items
                            .iter()
                            .map(|i| format!("<li>{}</li>", escape_cell(i)))
                            .collect();
                        format!("<ul>{lis}</ul>")
                    }
                }
            })
            .collect();
        if rendered.iter().all(String::is_empty) {
            return;
        }
        if rendered.len() == 1 {
            self.paragraph(&rendered[0], at);
            return;
        }
        if rendered.len() == 2 && is_colophon_key(&rendered[0]) {
            // the colophon (`발 행 일 | 2023. 11. 3`) as the pipe row the Markdown reader reads it from
            self.push_line(&format!("| {} | {} |", rendered[0], rendered[1]), at);
            return;
        }
        self.push_line(&rendered.join("\t"), at);
    }

    /// Ends a block (a table, a list).
    pub fn blank(&mut self, at: u32) {
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.push_line("", at);
        }
    }

    /// The rendering.
    pub fn finish(self) -> Rendered {
        Rendered {
            markdown: self.out,
            map: SourceMap {
                unit: self.unit,
                marks: self.marks,
            },
        }
    }
}

/// `발 행 일`, `발행기관`, `발간일` …: the keys of a report's colophon.
fn is_colophon_key(cell: &str) -> bool {
    let key: String = cell.chars().filter(|c| !c.is_whitespace()).collect();
    key.chars().count() <= 5 && (key.starts_with("발행") || key.starts_with("발간"))
}

/// White space (tabs, line breaks included) folded to single spaces.
fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Keeps a line from being read as Markdown syntax it never had (`# `, `| … |`).
fn escape_start(text: &str) -> String {
    if text.starts_with('#') || text.starts_with('|') || text.starts_with('>') {
        format!("\\{text}")
    } else {
        text.to_string()
    }
}

fn escape_cell(text: &str) -> String {
    text.replace('<', "&lt;").replace('>', "&gt;")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_point_back_to_their_unit() {
        let mut w = MarkdownWriter::new(SourceUnit::Page);
        w.heading(2, "01 국무원, 지식재산권 상용화 추진", 1);
        w.bullet(0, "국무원은 액션방안을 발표", 1);
        w.bullet(1, "- '25년까지 8,000억 위안", 2);
        w.table_row(&[vec!["1".into()], vec!["가".into(), "나".into()]], 3);
        let r = w.finish();
        assert_eq!(
            r.markdown,
            "## 01 국무원, 지식재산권 상용화 추진\n\n- 국무원은 액션방안을 발표\n  - '25년까지 8,000억 위안\n1\t<ul><li>가</li><li>나</li></ul>\n"
        );
        assert_eq!(r.map.locate(1), Some(1));
        assert_eq!(r.map.locate(3), Some(1));
        assert_eq!(r.map.locate(4), Some(2));
        assert_eq!(r.map.locate(5), Some(3));
        assert_eq!(r.map.locate(0), None);
    }

    #[test]
    fn text_that_looks_like_markup_is_escaped() {
        let mut w = MarkdownWriter::new(SourceUnit::Paragraph);
        w.paragraph("# 1위 도시\t(표)", 1);
        w.paragraph("- 대시로 시작하는 문단", 2);
        let r = w.finish();
        assert_eq!(
            r.markdown,
            "\\# 1위 도시 (표)\n\n  - 대시로 시작하는 문단\n"
        );
    }
}
