//! PDF → the Markdown the Markdown reader takes. [`pdf_extract`] (over
//! `lopdf`) decodes every page's glyphs (CID fonts through their ToUnicode
//! maps, Type 3 fonts too) with their positions and sizes, and the ruling
//! lines drawn on it; this module lays them out:
//!
//! - glyphs → lines (same baseline) → blocks in reading order (top to bottom);
//! - lines in the page margins that repeat on most pages, or are page
//!   numbers (`3`, `- 3 -`, `3/15`), are running headers and footers: dropped;
//! - a line set larger than the body text is a heading, its level the rank
//!   of its size among the heading sizes;
//! - a line starting with a bullet glyph (■ ● ○ ▶ ※ □ - · • …) starts a
//!   bullet, nested by its indentation; lines below it that are not new
//!   bullets continue it;
//! - glyphs inside a grid of ruling lines are table cells, by position.
//!
//! Each rendered line keeps its page. Errors name the page.

use std::collections::HashMap;

use pdf_extract::{MediaBox, OutputDev, OutputError, Path as PdfPath, PathOp, Transform};

use super::rendering::{MarkdownWriter, Rendered, SourceUnit};

/// Why a PDF gives no report: the message, and the page when one is to blame.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PdfError {
    /// 1-based page, when the problem is on one page.
    pub page: Option<u32>,
    /// What is wrong.
    pub message: String,
}

fn err(page: Option<u32>, message: impl Into<String>) -> PdfError {
    PdfError {
        page,
        message: message.into(),
    }
}

/// Renders a PDF file's bytes as Markdown.
pub fn render(bytes: &[u8]) -> Result<Rendered, PdfError> {
    let tail = &bytes[bytes.len().saturating_sub(2048)..];
    if !tail.windows(5).any(|w| w == b"%%EOF") {
        return Err(err(
            None,
            "truncated PDF (no %%EOF marker at its end): the download or copy was cut short",
        ));
    }
    let mut doc = pdf_extract::Document::load_mem(bytes)
        .map_err(|e| err(None, format!("damaged or truncated PDF: {e}")))?;
    if doc.is_encrypted() && doc.decrypt("").is_err() {
        return Err(err(
            None,
            "encrypted (password-protected) PDF; save it without a password first",
        ));
    }
    let page_numbers: Vec<u32> = doc.get_pages().keys().copied().collect();
    if page_numbers.is_empty() {
        return Err(err(None, "damaged or truncated PDF: no pages"));
    }
    let mut collector = Collector::default();
    for &n in &page_numbers {
        pdf_extract::output_doc_page(&doc, &mut collector, n)
            .map_err(|e| err(Some(n), format!("cannot read the page's content: {e}")))?;
        collector.finish_page();
    }
    let pages = collector.pages;
    if pages
        .iter()
        .all(|p| p.glyphs.iter().all(|g| g.text.trim().is_empty()))
    {
        return Err(err(
            Some(1),
            "no text layer (a scanned PDF?); run OCR on it first",
        ));
    }
    Ok(layout(&pages))
}

/// One glyph, in page space with y growing downwards.
#[derive(Debug, Clone)]
struct Glyph {
    x: f64,
    y: f64,
    end: f64,
    size: f64,
    text: String,
}

/// A ruling line segment (table borders).
#[derive(Debug, Clone, Copy)]
struct Rule {
    x0: f64,
    y0: f64,
    x1: f64,
    y1: f64,
}

impl Rule {
    fn horizontal(&self) -> bool {
        (self.y1 - self.y0).abs() < 2.5 && (self.x1 - self.x0).abs() > 6.0
    }
    fn vertical(&self) -> bool {
        (self.x1 - self.x0).abs() < 2.5 && (self.y1 - self.y0).abs() > 6.0
    }
}

#[derive(Debug, Default)]
struct Page {
    number: u32,
    height: f64,
    glyphs: Vec<Glyph>,
    rules: Vec<Rule>,
}

#[derive(Default)]
struct Collector {
    pages: Vec<Page>,
    current: Page,
    count: u32,
}

impl Collector {
    fn finish_page(&mut self) {
        let page = std::mem::take(&mut self.current);
        self.pages.push(page);
    }

    fn to_page(&self, ctm: &Transform, x: f64, y: f64) -> (f64, f64) {
        let px = x * ctm.m11 + y * ctm.m21 + ctm.m31;
        let py = x * ctm.m12 + y * ctm.m22 + ctm.m32;
        (px, self.current.height - py)
    }

    /// Collects the rules of a path: its straight segments when stroked, the
    /// thin rectangles among its subpaths when filled (a filled area such as
    /// a page background or a shaded cell bounds nothing).
    fn add_path(&mut self, ctm: &Transform, path: &PdfPath, stroked: bool) {
        let mut last: Option<(f64, f64)> = None;
        let mut start: Option<(f64, f64)> = None;
        // the bounding box of the current subpath, for fills
        let mut bbox: Option<(f64, f64, f64, f64)> = None;
        for op in &path.ops {
            match *op {
                PathOp::MoveTo(x, y) => {
                    self.filled_box(bbox.take(), stroked);
                    let p = self.to_page(ctm, x, y);
                    bbox = Some((p.0, p.1, p.0, p.1));
                    last = Some(p);
                    start = last;
                }
                PathOp::LineTo(x, y) => {
                    let p = self.to_page(ctm, x, y);
                    if let (Some(a), true) = (last, stroked) {
                        self.push_rule(a, p);
                    }
                    bbox = bbox.map(|(x0, y0, x1, y1)| {
                        (x0.min(p.0), y0.min(p.1), x1.max(p.0), y1.max(p.1))
                    });
                    last = Some(p);
                }
                PathOp::Rect(x, y, w, h) => {
                    let a = self.to_page(ctm, x, y);
                    let b = self.to_page(ctm, x + w, y + h);
                    let (x0, x1) = (a.0.min(b.0), a.0.max(b.0));
                    let (y0, y1) = (a.1.min(b.1), a.1.max(b.1));
                    if stroked {
                        // a cell's outline: its four sides
                        self.push_rule((x0, y0), (x1, y0));
                        self.push_rule((x0, y1), (x1, y1));
                        self.push_rule((x0, y0), (x0, y1));
                        self.push_rule((x1, y0), (x1, y1));
                    } else {
                        self.filled_box(Some((x0, y0, x1, y1)), false);
                    }
                }
                PathOp::CurveTo(.., x, y) => {
                    // curves bound nothing
                    bbox = None;
                    last = Some(self.to_page(ctm, x, y));
                }
                PathOp::Close => {
                    if let (Some(a), Some(s), true) = (last, start, stroked) {
                        self.push_rule(a, s);
                    }
                    last = start;
                }
            }
        }
        self.filled_box(bbox, stroked);
    }

    /// A filled hairline rectangle is a rule.
    fn filled_box(&mut self, bbox: Option<(f64, f64, f64, f64)>, stroked: bool) {
        let Some((x0, y0, x1, y1)) = bbox.filter(|_| !stroked) else {
            return;
        };
        if y1 - y0 < 2.5 {
            self.push_rule((x0, (y0 + y1) / 2.0), (x1, (y0 + y1) / 2.0));
        } else if x1 - x0 < 2.5 {
            self.push_rule(((x0 + x1) / 2.0, y0), ((x0 + x1) / 2.0, y1));
        }
    }

    fn push_rule(&mut self, a: (f64, f64), b: (f64, f64)) {
        if self.current.rules.len() >= 50_000 {
            return;
        }
        let r = Rule {
            x0: a.0.min(b.0),
            y0: a.1.min(b.1),
            x1: a.0.max(b.0),
            y1: a.1.max(b.1),
        };
        if r.horizontal() || r.vertical() {
            self.current.rules.push(r);
        }
    }
}

impl OutputDev for Collector {
    fn begin_page(
        &mut self,
        _page_num: u32,
        media_box: &MediaBox,
        _art_box: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), OutputError> {
        self.count += 1;
        self.current = Page {
            number: self.count,
            height: media_box.ury - media_box.lly,
            ..Page::default()
        };
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        text: &str,
    ) -> Result<(), OutputError> {
        let vx = font_size * trm.m11 + font_size * trm.m21;
        let vy = font_size * trm.m12 + font_size * trm.m22;
        let size = (vx * vy).abs().sqrt();
        if !size.is_finite() || size <= 0.0 || self.current.glyphs.len() > 2_000_000 {
            return Ok(());
        }
        let x = trm.m31;
        let y = self.current.height - trm.m32;
        // a glyph that maps to control characters is a space drawn in a font
        // without a Unicode name for it (Chromium's Type 3 fonts map their
        // space glyph to U+0001): never text, and its width is the gap
        let text = if !text.is_empty() && text.chars().all(char::is_control) {
            " "
        } else {
            text
        };
        self.current.glyphs.push(Glyph {
            x,
            y,
            end: x + width * size,
            size,
            text: text.to_string(),
        });
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), OutputError> {
        Ok(())
    }
    fn stroke(
        &mut self,
        ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        path: &PdfPath,
    ) -> Result<(), OutputError> {
        self.add_path(ctm, path, true);
        Ok(())
    }
    fn fill(
        &mut self,
        ctm: &Transform,
        _colorspace: &pdf_extract::ColorSpace,
        _color: &[f64],
        path: &PdfPath,
    ) -> Result<(), OutputError> {
        self.add_path(ctm, path, false);
        Ok(())
    }
}

/// A line of text: glyphs on one baseline, left to right.
#[derive(Debug, Clone)]
struct Line {
    x: f64,
    end: f64,
    y: f64,
    size: f64,
    text: String,
    /// Whether it starts with a bullet glyph (a symbol font's included).
    bulleted: bool,
}

/// Groups glyphs into lines and writes their text with spaces where the
/// gaps are: gaps wider than `gap` ems (producers that draw their spaces as
/// glyphs leave small gaps between runs of different fonts, `'25 년`).
fn lines_of(mut glyphs: Vec<&Glyph>, gap: f64) -> Vec<Line> {
    glyphs.sort_by(|a, b| a.y.total_cmp(&b.y).then(a.x.total_cmp(&b.x)));
    let mut rows: Vec<Vec<&Glyph>> = Vec::new();
    for g in glyphs {
        match rows.last_mut() {
            Some(row) if (row[0].y - g.y).abs() <= row[0].size.min(g.size) * 0.45 => row.push(g),
            _ => rows.push(vec![g]),
        }
    }
    let mut out = Vec::new();
    for mut row in rows {
        row.sort_by(|a, b| a.x.total_cmp(&b.x));
        let mut text = String::new();
        let mut last_end: Option<f64> = None;
        let mut sizes: HashMap<i64, usize> = HashMap::new();
        let (mut x, mut end) = (f64::MAX, f64::MIN);
        for g in &row {
            if g.text.trim().is_empty() {
                if !text.ends_with(' ') && !text.is_empty() {
                    text.push(' ');
                }
                last_end = Some(g.end);
                continue;
            }
            if let Some(e) = last_end {
                if g.x > e + g.size * gap && !text.ends_with(' ') {
                    text.push(' ');
                }
            }
            text.push_str(&g.text);
            last_end = Some(g.end);
            *sizes.entry((g.size * 2.0).round() as i64).or_default() += g.text.chars().count();
            x = x.min(g.x);
            end = end.max(g.end);
        }
        let bulleted = bullet_glyph(text.trim()).is_some();
        // a symbol font's bullet (private use area) says nothing once its indentation is kept
        let text = text
            .trim()
            .trim_start_matches(|c: char| ('\u{E000}'..='\u{F8FF}').contains(&c))
            .trim_start()
            .to_string();
        if text.is_empty() {
            continue;
        }
        let size = sizes
            .into_iter()
            .max_by_key(|&(s, n)| (n, s))
            .map_or(10.0, |(s, _)| s as f64 / 2.0);
        let y = row.iter().map(|g| g.y).sum::<f64>() / row.len() as f64;
        out.push(Line {
            x,
            end,
            y,
            size,
            text,
            bulleted,
        });
    }
    out
}

/// The grid cell (left, top rule positions) a point lies in, if ruling
/// lines close it on all four sides.
fn cell_of(rules: &[Rule], x: f64, y: f64) -> Option<(i64, i64, f64, f64, f64)> {
    let mut left: Option<f64> = None;
    let mut right: Option<f64> = None;
    let mut top: Option<f64> = None;
    let mut bottom: Option<f64> = None;
    for r in rules {
        if r.vertical() && r.y0 - 1.0 <= y && y <= r.y1 + 1.0 {
            let rx = (r.x0 + r.x1) / 2.0;
            if rx <= x + 0.5 {
                left = Some(left.map_or(rx, |l: f64| l.max(rx)));
            } else {
                right = Some(right.map_or(rx, |l: f64| l.min(rx)));
            }
        } else if r.horizontal() && r.x0 - 1.0 <= x && x <= r.x1 + 1.0 {
            let ry = (r.y0 + r.y1) / 2.0;
            if ry <= y {
                top = Some(top.map_or(ry, |t: f64| t.max(ry)));
            } else {
                bottom = Some(bottom.map_or(ry, |b: f64| b.min(ry)));
            }
        }
    }
    let (l, r, t, b) = (left?, right?, top?, bottom?);
    (r - l > 4.0 && b - t > 4.0)
        .then(|| ((l * 2.0).round() as i64, (t * 2.0).round() as i64, l, t, b))
}

/// A block of the page in reading order.
enum Block {
    Line(Line),
    /// A table row: its top, and each cell's lines (cells left to right).
    Row(f64, Vec<Vec<Line>>),
}

impl Block {
    fn top(&self) -> f64 {
        match self {
            Block::Line(l) => l.y,
            Block::Row(t, _) => *t,
        }
    }
}

fn page_blocks(page: &Page, gap: f64, dropped: &dyn Fn(&Line) -> bool) -> Vec<Block> {
    let mut free: Vec<&Glyph> = Vec::new();
    // (left, top) of a cell → its left, top, bottom and glyphs
    type Cell<'a> = (f64, f64, f64, Vec<&'a Glyph>);
    let mut cells: HashMap<(i64, i64), Cell> = HashMap::new();
    for g in &page.glyphs {
        let cx = (g.x + g.end) / 2.0;
        let cy = g.y - g.size * 0.3;
        match cell_of(&page.rules, cx, cy) {
            Some((kx, ky, l, t, b)) => cells
                .entry((kx, ky))
                .or_insert((l, t, b, Vec::new()))
                .3
                .push(g),
            None => free.push(g),
        }
    }
    let mut blocks: Vec<Block> = lines_of(free, gap)
        .into_iter()
        .filter(|l| !dropped(l))
        .map(Block::Line)
        .collect();
    // row top → (top, bottom, cells with their left and lines)
    type Row = (f64, f64, Vec<(f64, Vec<Line>)>);
    let mut rows: HashMap<i64, Row> = HashMap::new();
    for ((_, ky), (l, t, b, glyphs)) in cells {
        let lines = lines_of(glyphs, gap);
        if lines.is_empty() {
            continue;
        }
        let row = rows.entry(ky).or_insert((t, b, Vec::new()));
        row.1 = row.1.min(b);
        row.2.push((l, lines));
    }
    for (_, (top, bottom, cells)) in rows {
        let columns = column_edges(&page.rules, (top + bottom) / 2.0);
        if columns.len() <= 2 {
            // a box around text (a note, a frame) is no table
            for (_, lines) in cells {
                blocks.extend(lines.into_iter().filter(|l| !dropped(l)).map(Block::Line));
            }
            continue;
        }
        // every column of the grid, the empty ones too
        let mut row: Vec<Vec<Line>> = vec![Vec::new(); columns.len() - 1];
        for (l, lines) in cells {
            let i = columns
                .iter()
                .rposition(|&c| c <= l + 1.0)
                .unwrap_or(0)
                .min(row.len() - 1);
            row[i].extend(lines);
        }
        blocks.push(Block::Row(top, row));
    }
    blocks.sort_by(|a, b| a.top().total_cmp(&b.top()));
    blocks
}

/// The x positions of the vertical rules crossing height `y`, left to
/// right (double lines counted once).
fn column_edges(rules: &[Rule], y: f64) -> Vec<f64> {
    let mut xs: Vec<f64> = rules
        .iter()
        .filter(|r| r.vertical() && r.y0 <= y && y <= r.y1)
        .map(|r| (r.x0 + r.x1) / 2.0)
        .collect();
    xs.sort_by(f64::total_cmp);
    xs.dedup_by(|a, b| (*a - *b).abs() < 4.0);
    xs
}

/// Bullet glyphs that start an item (the private-use range holds the
/// symbol fonts' bullets).
fn bullet_glyph(text: &str) -> Option<char> {
    let c = text.chars().next()?;
    let is_bullet =
        "■●○▶▷►▸□◆◇◼◎•◦▪·∙ㆍ-–‐※*＊☞☑✓➢❍❑ㅇ".contains(c) || ('\u{E000}'..='\u{F8FF}').contains(&c);
    // `ㅇ` and `-` only with a space after them (not `ㅇㅇ시`, `-3%`)
    let spaced = text[c.len_utf8()..].starts_with(' ');
    (is_bullet && (spaced || !"ㅇ-–‐*".contains(c))).then_some(c)
}

/// Running headers and footers: margin lines that repeat (digits aside) on
/// at least half the pages, and bare page numbers.
fn running_lines(pages: &[Page], gap: f64) -> impl Fn(&Line, f64) -> bool {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for page in pages {
        let mut keys: Vec<String> = lines_of(page.glyphs.iter().collect(), gap)
            .iter()
            .filter(|l| in_margin(l.y, page.height))
            .map(|l| margin_key(&l.text))
            .collect();
        keys.sort();
        keys.dedup();
        for k in keys {
            *seen.entry(k).or_default() += 1;
        }
    }
    let pages = pages.len();
    move |line: &Line, height: f64| {
        if !in_margin(line.y, height) {
            return false;
        }
        let t = line.text.trim();
        let page_number = t.trim_matches(|c: char| c == '-' || c == ' ' || c == '—');
        if !page_number.is_empty()
            && page_number
                .chars()
                .all(|c| c.is_ascii_digit() || c == '/' || c == ' ')
        {
            return true;
        }
        pages >= 2 && seen.get(&margin_key(t)).is_some_and(|&n| n * 2 >= pages)
    }
}

fn in_margin(y: f64, height: f64) -> bool {
    y < height * 0.07 || y > height * 0.93
}

fn margin_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| if c.is_ascii_digit() { '#' } else { c })
        .collect()
}

fn layout(pages: &[Page]) -> Rendered {
    // the body size: the size most glyphs are set in
    let mut by_size: HashMap<i64, usize> = HashMap::new();
    for g in pages.iter().flat_map(|p| &p.glyphs) {
        *by_size.entry((g.size * 2.0).round() as i64).or_default() += 1;
    }
    let body = by_size
        .iter()
        .max_by_key(|&(&s, &n)| (n, s))
        .map_or(10.0, |(&s, _)| s as f64 / 2.0);
    // producers that draw spaces as glyphs: only wide gaps are spaces too
    let glyph_count = pages.iter().map(|p| p.glyphs.len()).sum::<usize>().max(1);
    let spaces = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .filter(|g| g.text == " ")
        .count();
    let gap = if spaces * 20 > glyph_count { 0.6 } else { 0.2 };
    let running = running_lines(pages, gap);
    let per_page: Vec<(u32, Vec<Block>)> = pages
        .iter()
        .map(|p| {
            let h = p.height;
            (p.number, page_blocks(p, gap, &|l: &Line| running(l, h)))
        })
        .collect();
    let right_edge = pages
        .iter()
        .flat_map(|p| &p.glyphs)
        .map(|g| g.end)
        .fold(0.0f64, f64::max);
    let joiner = Joiner {
        right_edge,
        breaks_in_words: breaks_in_words(&per_page, right_edge),
    };
    // heading sizes, largest first → levels
    let mut heading_sizes: Vec<i64> = per_page
        .iter()
        .flat_map(|(_, b)| b)
        .filter_map(|b| match b {
            Block::Line(l) if l.size >= body * 1.08 => Some((l.size * 2.0).round() as i64),
            _ => None,
        })
        .collect();
    heading_sizes.sort_unstable_by(|a, b| b.cmp(a));
    heading_sizes.dedup();
    let level_of = |size: f64| -> Option<usize> {
        let key = (size * 2.0).round() as i64;
        heading_sizes
            .iter()
            .position(|&s| s == key)
            .map(|i| (i + 1).min(6))
    };
    // bullet indentation → depth
    let mut indents: Vec<i64> = Vec::new();
    for (_, blocks) in &per_page {
        for b in blocks {
            if let Block::Line(l) = b {
                if l.bulleted && level_of(l.size).is_none() {
                    let k = (l.x / 4.0).round() as i64;
                    if !indents.contains(&k) {
                        indents.push(k);
                    }
                }
            }
        }
    }
    indents.sort_unstable();

    let mut w = MarkdownWriter::new(SourceUnit::Page);
    let mut open: Option<Open> = None;
    // the last table row, held back: the next page may continue it
    let mut row: Option<(u32, Vec<Vec<String>>)> = None;
    for (page, blocks) in per_page {
        for (i, block) in blocks.into_iter().enumerate() {
            match block {
                Block::Row(_, cells) => {
                    flush(&mut w, open.take());
                    let cells: Vec<Vec<String>> =
                        cells.iter().map(|c| cell_items(c, &joiner)).collect();
                    match row.as_mut() {
                        // a row split by a page break: the part on the new page, first cell empty
                        Some((at, held))
                            if i == 0
                                && *at < page
                                && held.len() == cells.len()
                                && cells[0].is_empty() =>
                        {
                            for (h, c) in held.iter_mut().zip(cells) {
                                h.extend(c);
                            }
                        }
                        _ => {
                            if let Some((at, held)) = row.replace((page, cells)) {
                                w.table_row(&held, at);
                            }
                        }
                    }
                }
                Block::Line(line) => {
                    if let Some((at, held)) = row.take() {
                        w.table_row(&held, at);
                    }
                    let heading = level_of(line.size);
                    let bullet = line.bulleted;
                    if let Some(o) = open.as_mut() {
                        if o.continues(&line, heading, bullet) {
                            o.append(&line, &joiner);
                            continue;
                        }
                    }
                    flush(&mut w, open.take());
                    let kind = match heading {
                        Some(level) => Kind::Heading(level),
                        None if bullet => {
                            let k = (line.x / 4.0).round() as i64;
                            Kind::Bullet(indents.iter().position(|&i| i == k).unwrap_or(0))
                        }
                        None => Kind::Paragraph,
                    };
                    open = Some(Open {
                        kind,
                        page,
                        text: line.text.clone(),
                        x: line.x,
                        y: line.y,
                        size: line.size,
                        end: line.end,
                    });
                }
            }
        }
        if let Some(o) = open.as_mut() {
            // a block may run on to the next page: its lines keep counting from the top
            o.y = f64::MIN;
        }
    }
    flush(&mut w, open.take());
    if let Some((at, held)) = row.take() {
        w.table_row(&held, at);
    }
    w.finish()
}

#[derive(Clone, Copy)]
enum Kind {
    Heading(usize),
    Bullet(usize),
    Paragraph,
}

/// The block being assembled from lines.
struct Open {
    kind: Kind,
    page: u32,
    text: String,
    x: f64,
    y: f64,
    size: f64,
    end: f64,
}

impl Open {
    fn continues(&self, line: &Line, heading: Option<usize>, bullet: bool) -> bool {
        let same_size = (line.size - self.size).abs() < 0.6;
        let close = self.y == f64::MIN || line.y - self.y <= self.size * 1.8;
        match self.kind {
            Kind::Heading(level) => heading == Some(level) && close && !bullet,
            _ => heading.is_none() && !bullet && same_size && close && line.x >= self.x - 1.0,
        }
    }

    fn append(&mut self, line: &Line, joiner: &Joiner) {
        joiner.join(
            &mut self.text,
            self.end,
            &line.text,
            joiner.right_edge,
            self.size,
        );
        self.y = line.y;
        self.end = line.end;
    }
}

fn is_hangul(c: Option<char>) -> bool {
    c.is_some_and(|c| ('\u{AC00}'..='\u{D7A3}').contains(&c))
}

/// Whether the producer wraps Korean inside words (Chromium does, at any
/// syllable; LibreOffice only at spaces): told by the lines that wrap
/// between two syllables, which end within a syllable of the right edge
/// when any syllable may start the next line, and often further from it
/// when only a whole word may.
fn breaks_in_words(pages: &[(u32, Vec<Block>)], right_edge: f64) -> bool {
    let (mut wraps, mut short) = (0usize, 0usize);
    for (_, blocks) in pages {
        for pair in blocks.windows(2) {
            let (Block::Line(a), Block::Line(b)) = (&pair[0], &pair[1]) else {
                continue;
            };
            let wrapped = (a.size - b.size).abs() < 0.6
                && b.y - a.y <= a.size * 1.8
                && !b.bulleted
                && is_hangul(a.text.chars().last())
                && is_hangul(b.text.chars().next());
            if wrapped && a.end >= right_edge - a.size * 4.0 {
                wraps += 1;
                if a.end < right_edge - a.size * 1.5 {
                    short += 1;
                }
            }
        }
    }
    wraps >= 4 && short * 5 < wraps
}

/// How wrapped lines are joined.
struct Joiner {
    right_edge: f64,
    breaks_in_words: bool,
}

impl Joiner {
    /// Joins a wrapped line to the text before it: with a space, unless the
    /// producer wraps inside words and the line before ran to the right edge
    /// (`right`) between two syllables.
    fn join(&self, text: &mut String, prev_end: f64, next: &str, right: f64, size: f64) {
        let mid_word = self.breaks_in_words
            && prev_end >= right - size * 1.2
            && is_hangul(text.chars().last())
            && is_hangul(next.chars().next());
        // punctuation that holds on to its neighbour across the break (`·`, an opening quote)
        let opening = text.ends_with(['·', '(', '‘', '“', '「', '《', '〈', '/'])
            || (text.ends_with(['\'', '"'])
                && text[..text.len() - 1].ends_with(|c: char| c.is_whitespace() || c == '('));
        let closing = next.starts_with([')', ',', '.', '·', '’', '”', '」', '》', '〉', '%', '/']);
        if !mid_word && !opening && !closing {
            text.push(' ');
        }
        text.push_str(next);
    }
}

fn flush(w: &mut MarkdownWriter, open: Option<Open>) {
    let Some(o) = open else { return };
    match o.kind {
        Kind::Heading(level) => w.heading(level, &o.text, o.page),
        Kind::Bullet(depth) => w.bullet(depth, &o.text, o.page),
        Kind::Paragraph => w.paragraph(&o.text, o.page),
    }
}

/// A cell's lines → its items: a bullet glyph starts an item, other lines
/// continue the item before them.
fn cell_items(lines: &[Line], joiner: &Joiner) -> Vec<String> {
    let right = lines.iter().map(|l| l.end).fold(0.0f64, f64::max);
    let mut items: Vec<(String, f64, f64)> = Vec::new();
    for l in lines {
        let bullet = l.bulleted;
        match items.last_mut() {
            Some((text, end, size)) if !bullet => {
                joiner.join(text, *end, &l.text, right, *size);
                *end = l.end;
            }
            _ => items.push((l.text.clone(), l.end, l.size)),
        }
    }
    items.into_iter().map(|(t, _, _)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn glyphs(text: &str, x: f64, y: f64, size: f64) -> Vec<Glyph> {
        let mut out = Vec::new();
        let mut x = x;
        for c in text.chars() {
            let w = if c.is_ascii() { 0.5 } else { 1.0 };
            out.push(Glyph {
                x,
                y,
                end: x + w * size,
                size,
                text: c.to_string(),
            });
            x += w * size;
        }
        out
    }

    #[test]
    fn headings_bullets_continuations_and_page_numbers() {
        let mut g = Vec::new();
        g.extend(glyphs(
            "01 국무원, 지식재산권 상용화 추진",
            50.0,
            100.0,
            17.0,
        ));
        g.extend(glyphs("○ 국무원은 액션방안을 발표해", 60.0, 130.0, 11.0));
        g.extend(glyphs("기술이전 가속화", 72.0, 146.0, 11.0));
        g.extend(glyphs("- '25년까지 8,000억 위안", 80.0, 162.0, 11.0));
        g.extend(glyphs("본문 문단입니다", 50.0, 200.0, 11.0));
        g.extend(glyphs("3", 300.0, 800.0, 9.0));
        let page = Page {
            number: 1,
            height: 842.0,
            glyphs: g,
            rules: Vec::new(),
        };
        let r = layout(&[page]);
        assert_eq!(
            r.markdown,
            "# 01 국무원, 지식재산권 상용화 추진\n\n- ○ 국무원은 액션방안을 발표해 기술이전 가속화\n  - '25년까지 8,000억 위안\n본문 문단입니다\n\n"
        );
        assert_eq!(r.map.locate(3), Some(1));
    }

    #[test]
    fn glyphs_inside_ruling_lines_are_cells() {
        let mut g = Vec::new();
        g.extend(glyphs("1", 60.0, 115.0, 10.0));
        g.extend(glyphs("• 가나", 110.0, 115.0, 10.0));
        g.extend(glyphs("• 다라", 110.0, 130.0, 10.0));
        let rule = |x0, y0, x1, y1| Rule { x0, y0, x1, y1 };
        let rules = vec![
            rule(50.0, 100.0, 300.0, 100.0),
            rule(50.0, 140.0, 300.0, 140.0),
            rule(50.0, 100.0, 50.0, 140.0),
            rule(100.0, 100.0, 100.0, 140.0),
            rule(300.0, 100.0, 300.0, 140.0),
        ];
        let page = Page {
            number: 2,
            height: 842.0,
            glyphs: g,
            rules,
        };
        let r = layout(&[page]);
        assert_eq!(r.markdown, "1\t<ul><li>• 가나</li><li>• 다라</li></ul>\n");
        assert_eq!(r.map.locate(1), Some(2));
    }
}
