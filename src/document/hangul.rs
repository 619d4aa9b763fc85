//! Hangul documents (HWP 5.0 and HWPX) → the Markdown the Markdown reader
//! takes, read with the [`unhwp`] crate: outline paragraphs (개요 1, 2 …)
//! become headings, list paragraphs nested bullets, tables rows of cells (a
//! cell's paragraphs become its `<ul><li>` items). Each line keeps the
//! 1-based index of the paragraph it comes from (in reading order, cells
//! included). An HWPX archive's part sizes are checked first
//! ([`super::archive`]); unhwp refuses encrypted documents and guards its own
//! inflating; its errors are passed on as messages.

use unhwp::model::{Block, HeadKind, Paragraph, Table};

use super::archive::check_archive;
use super::rendering::{MarkdownWriter, Rendered, SourceUnit};

/// Renders an HWP 5.0 or HWPX file's bytes as Markdown.
pub fn render(bytes: &[u8]) -> Result<Rendered, String> {
    if bytes.starts_with(b"PK") {
        check_archive(bytes)?;
    }
    let doc = unhwp::parse_bytes(bytes).map_err(describe)?;
    let mut w = MarkdownWriter::new(SourceUnit::Paragraph);
    let mut count = 0u32;
    for section in &doc.sections {
        for block in &section.content {
            match block {
                Block::Paragraph(p) => {
                    count += 1;
                    emit(&mut w, p, count);
                }
                Block::Table(t) => {
                    table(&mut w, t, &mut count);
                    w.blank(count);
                }
            }
        }
    }
    Ok(w.finish())
}

fn emit(w: &mut MarkdownWriter, p: &Paragraph, at: u32) {
    let style = &p.style;
    let mut text = p.plain_text();
    if style.head.is_some_and(|h| h.kind == HeadKind::Outline) {
        // unhwp writes the outline number it counts (`1.`, `가.`, `1)`) before the
        // text; a report's headings carry their own numbers (`01`), so it goes
        text = strip_outline_label(&text).to_string();
    }
    let heading = match style.head {
        Some(h) if h.kind == HeadKind::Outline => Some(usize::from(h.level) + 1),
        _ if style.heading_level > 0 => Some(usize::from(style.heading_level)),
        _ => None,
    };
    if let Some(level) = heading {
        w.heading(level, &text, at);
    } else if style.list_style.is_some() || style.head.is_some() {
        let depth = style
            .head
            .map_or(usize::from(style.indent_level), |h| usize::from(h.level));
        w.bullet(depth, &text, at);
    } else {
        w.paragraph(&text, at);
    }
}

/// The text after an outline label such as `1. `, `가. `, `1) `, `(가) `, `① `.
fn strip_outline_label(text: &str) -> &str {
    let Some((label, rest)) = text.split_once(' ') else {
        return text;
    };
    let core = label.trim_start_matches('(').trim_end_matches(['.', ')']);
    let counter = core.chars().count() <= 3
        && !core.is_empty()
        && core.chars().all(|c| {
            c.is_ascii_digit()
                || ('가'..='하').contains(&c)
                || ('①'..='⑳').contains(&c)
                || c.is_ascii_lowercase()
                || "ⅰⅱⅲⅳⅴⅵⅶⅷⅸⅹⅠⅡⅢⅣⅤⅥⅦⅧⅨⅩ".contains(c)
        });
    let marked = label.ends_with(['.', ')']) || label.chars().all(|c| ('①'..='⑳').contains(&c));
    if counter && marked {
        rest
    } else {
        text
    }
}

fn table(w: &mut MarkdownWriter, t: &Table, count: &mut u32) {
    for row in &t.rows {
        let at = *count + 1;
        let mut cells = Vec::with_capacity(row.cells.len());
        for cell in &row.cells {
            let mut items = Vec::new();
            for p in &cell.content {
                *count += 1;
                items.push(p.plain_text());
            }
            for nested in &cell.nested_tables {
                for r in &nested.rows {
                    for c in &r.cells {
                        for p in &c.content {
                            *count += 1;
                            items.push(p.plain_text());
                        }
                    }
                }
            }
            cells.push(items);
        }
        w.table_row(&cells, at);
    }
}

fn describe(e: unhwp::Error) -> String {
    match e {
        unhwp::Error::Encrypted => {
            "encrypted (password-protected) Hangul document; save it without a password first"
                .into()
        }
        unhwp::Error::UnknownFormat => "not an HWP 5.0 or HWPX document".into(),
        other => format!("damaged Hangul document: {other}"),
    }
}

#[cfg(test)]
mod tests {
    use super::strip_outline_label;

    #[test]
    fn outline_labels_go_the_text_stays() {
        for (shown, text) in [
            ("1. 정책동향", "정책동향"),
            (
                "가. 01 국무원, 지식재산권 상용화 추진",
                "01 국무원, 지식재산권 상용화 추진",
            ),
            ("1) 1. 정책동향", "1. 정책동향"),
            ("(가) 기술전략", "기술전략"),
            ("① 개요", "개요"),
            ("01 국무원", "01 국무원"),
            ("정책동향", "정책동향"),
            ("2025년 목표", "2025년 목표"),
        ] {
            assert_eq!(strip_outline_label(shown), text, "{shown}");
        }
    }
}
