//! DOCX (Office Open XML) → the Markdown the Markdown reader takes:
//! headings from the paragraph styles (`Heading 1` … or an outline level),
//! list paragraphs (`w:numPr`) as nested bullets, tables as rows of cells
//! (a cell's paragraphs become its `<ul><li>` items). Each line keeps the
//! 1-based index of the paragraph (`w:p`, in reading order, cells included)
//! it comes from. Reads the ZIP through [`super::archive`] (which refuses
//! decompression bombs) and the XML with [`quick_xml`].

use std::collections::HashMap;

use quick_xml::events::{BytesStart, Event};
use quick_xml::Reader;

use super::archive::{check_archive, read_zip_part};
use super::rendering::{MarkdownWriter, Rendered, SourceUnit};

/// Renders a DOCX file's bytes as Markdown.
pub fn render(bytes: &[u8]) -> Result<Rendered, String> {
    check_archive(bytes)?;
    let document = read_zip_part(bytes, "word/document.xml")?
        .ok_or("not a DOCX file (no word/document.xml)")?;
    let styles = match read_zip_part(bytes, "word/styles.xml")? {
        Some(s) => heading_styles(&s)?,
        None => HashMap::new(),
    };
    render_document(&document, &styles)
}

/// Style id → heading level, from `styles.xml` (`w:name` `heading N` or
/// `Title`, or a `w:outlineLvl`).
fn heading_styles(xml: &[u8]) -> Result<HashMap<String, usize>, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut out = HashMap::new();
    let mut current: Option<String> = None;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error("word/styles.xml", &reader, e))?;
        match ev {
            Event::Start(e) | Event::Empty(e) => match e.local_name().as_ref() {
                b"style" => current = attr(&e, b"styleId"),
                b"name" => {
                    if let (Some(id), Some(name)) = (&current, attr(&e, b"val")) {
                        let name = name.to_ascii_lowercase();
                        let level = if name == "title" {
                            Some(1)
                        } else {
                            name.strip_prefix("heading ")
                                .and_then(|n| n.trim().parse::<usize>().ok())
                        };
                        if let Some(l) = level {
                            out.insert(id.clone(), l.clamp(1, 6));
                        }
                    }
                }
                b"outlineLvl" => {
                    if let (Some(id), Some(l)) = (&current, attr(&e, b"val")) {
                        if let Ok(l) = l.parse::<usize>() {
                            if l < 9 {
                                out.entry(id.clone()).or_insert((l + 1).min(6));
                            }
                        }
                    }
                }
                _ => {}
            },
            Event::End(e) if e.local_name().as_ref() == b"style" => current = None,
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(out)
}

#[derive(Default)]
struct Para {
    text: String,
    style: Option<String>,
    list_level: Option<usize>,
    outline: Option<usize>,
    index: u32,
}

#[derive(Default)]
struct TableState {
    rows: Vec<(u32, Vec<Vec<String>>)>,
    row: Vec<Vec<String>>,
    row_at: u32,
    cell: Vec<String>,
}

fn render_document(xml: &[u8], styles: &HashMap<String, usize>) -> Result<Rendered, String> {
    let mut reader = Reader::from_reader(xml);
    let mut buf = Vec::new();
    let mut w = MarkdownWriter::new(SourceUnit::Paragraph);
    let mut para: Option<Para> = None;
    let mut tables: Vec<TableState> = Vec::new();
    let mut in_text = false;
    let mut skip_depth = 0usize; // inside w:del, w:instrText …
    let mut count = 0u32;
    loop {
        let ev = reader
            .read_event_into(&mut buf)
            .map_err(|e| xml_error("word/document.xml", &reader, e))?;
        match ev {
            Event::Start(e) => {
                let name = e.local_name();
                match name.as_ref() {
                    _ if skip_depth > 0 => skip_depth += 1,
                    b"del" | b"instrText" | b"delText" => skip_depth = 1,
                    b"p" => {
                        count += 1;
                        para = Some(Para {
                            index: count,
                            ..Para::default()
                        });
                    }
                    b"t" => in_text = true,
                    b"tbl" => tables.push(TableState::default()),
                    b"tr" => {
                        if let Some(t) = tables.last_mut() {
                            t.row.clear();
                            t.row_at = count + 1;
                        }
                    }
                    b"tc" => {
                        if let Some(t) = tables.last_mut() {
                            t.cell.clear();
                        }
                    }
                    _ => paragraph_property(&e, para.as_mut()),
                }
            }
            Event::Empty(e) if skip_depth == 0 => match e.local_name().as_ref() {
                b"tab" | b"br" | b"cr" => {
                    if let Some(p) = para.as_mut() {
                        p.text.push(' ');
                    }
                }
                _ => paragraph_property(&e, para.as_mut()),
            },
            Event::Text(t) if in_text && skip_depth == 0 => {
                if let Some(p) = para.as_mut() {
                    let s = t.decode().map_err(|e| format!("word/document.xml: {e}"))?;
                    p.text.push_str(&s);
                }
            }
            Event::GeneralRef(r) if in_text && skip_depth == 0 => {
                if let Some(p) = para.as_mut() {
                    if let Some(c) = resolve_ref(&r) {
                        p.text.push(c);
                    }
                }
            }
            Event::End(e) => {
                if skip_depth > 0 {
                    skip_depth -= 1;
                    buf.clear();
                    continue;
                }
                match e.local_name().as_ref() {
                    b"t" => in_text = false,
                    b"p" => {
                        if let Some(p) = para.take() {
                            match tables.last_mut() {
                                Some(t) => t.cell.push(p.text),
                                None => emit(&mut w, p, styles),
                            }
                        }
                    }
                    b"tc" => {
                        if let Some(t) = tables.last_mut() {
                            let cell = std::mem::take(&mut t.cell);
                            t.row.push(cell);
                        }
                    }
                    b"tr" => {
                        if let Some(t) = tables.last_mut() {
                            let row = std::mem::take(&mut t.row);
                            t.rows.push((t.row_at, row));
                        }
                    }
                    b"tbl" => {
                        if let Some(t) = tables.pop() {
                            match tables.last_mut() {
                                // a nested table's text joins the enclosing cell
                                Some(outer) => outer.cell.extend(
                                    t.rows
                                        .into_iter()
                                        .flat_map(|(_, r)| r.into_iter().flatten()),
                                ),
                                None => {
                                    for (at, row) in &t.rows {
                                        w.table_row(row, *at);
                                    }
                                    w.blank(count);
                                }
                            }
                        }
                    }
                    _ => {}
                }
            }
            Event::Eof => break,
            _ => {}
        }
        buf.clear();
    }
    Ok(w.finish())
}

fn paragraph_property(e: &BytesStart, para: Option<&mut Para>) {
    let Some(p) = para else { return };
    match e.local_name().as_ref() {
        b"pStyle" => p.style = attr(e, b"val"),
        b"ilvl" => p.list_level = attr(e, b"val").and_then(|v| v.parse().ok()).or(Some(0)),
        b"numPr" => p.list_level = p.list_level.or(Some(0)),
        b"outlineLvl" => {
            p.outline = attr(e, b"val")
                .and_then(|v| v.parse::<usize>().ok())
                .filter(|&l| l < 9)
                .map(|l| (l + 1).min(6))
        }
        _ => {}
    }
}

fn emit(w: &mut MarkdownWriter, p: Para, styles: &HashMap<String, usize>) {
    let heading = p
        .outline
        .or_else(|| p.style.as_ref().and_then(|s| styles.get(s).copied()))
        .or_else(|| {
            p.style.as_ref().and_then(|s| {
                s.to_ascii_lowercase()
                    .strip_prefix("heading")
                    .and_then(|n| n.parse().ok())
            })
        });
    match (heading, p.list_level) {
        (Some(level), _) => w.heading(level, &p.text, p.index),
        (None, Some(depth)) => w.bullet(depth, &p.text, p.index),
        (None, None) => w.paragraph(&p.text, p.index),
    }
}

fn attr(e: &BytesStart, local: &[u8]) -> Option<String> {
    e.attributes().flatten().find_map(|a| {
        (a.key.local_name().as_ref() == local)
            .then(|| String::from_utf8_lossy(&a.value).into_owned())
    })
}

/// `&amp;`, `&#x2192;` … as the character they stand for.
pub fn resolve_ref(r: &quick_xml::events::BytesRef) -> Option<char> {
    if let Ok(Some(c)) = r.resolve_char_ref() {
        return Some(c);
    }
    let name: &[u8] = r;
    match name {
        b"amp" => Some('&'),
        b"lt" => Some('<'),
        b"gt" => Some('>'),
        b"quot" => Some('"'),
        b"apos" => Some('\''),
        _ => None,
    }
}

fn xml_error(part: &str, reader: &Reader<&[u8]>, e: quick_xml::Error) -> String {
    format!(
        "damaged XML in {part} at byte {}: {e}",
        reader.buffer_position()
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    const BODY: &str = r#"<w:document xmlns:w="w"><w:body>
<w:p><w:pPr><w:pStyle w:val="Heading2"/></w:pPr><w:r><w:t>01 국무원, 지식재산권 상용화 추진</w:t></w:r></w:p>
<w:p><w:pPr><w:numPr><w:ilvl w:val="1"/><w:numId w:val="3"/></w:numPr></w:pPr><w:r><w:t xml:space="preserve">&apos;25년까지 </w:t></w:r><w:r><w:t>8,000억 위안</w:t></w:r></w:p>
<w:tbl><w:tr><w:tc><w:p><w:r><w:t>1</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>가</w:t></w:r></w:p><w:p><w:r><w:t>나</w:t></w:r></w:p></w:tc></w:tr></w:tbl>
<w:p><w:r><w:t>본문</w:t></w:r><w:del><w:r><w:delText>지운 글</w:delText></w:r></w:del></w:p>
</w:body></w:document>"#;

    #[test]
    fn headings_lists_tables_and_paragraph_indices() {
        let r = render_document(BODY.as_bytes(), &HashMap::new()).expect("renders");
        assert_eq!(
            r.markdown,
            "## 01 국무원, 지식재산권 상용화 추진\n\n  - '25년까지 8,000억 위안\n1\t<ul><li>가</li><li>나</li></ul>\n\n본문\n\n"
        );
        assert_eq!(r.map.locate(3), Some(2));
        assert_eq!(r.map.locate(4), Some(3));
        assert_eq!(r.map.locate(6), Some(6));
    }

    #[test]
    fn damaged_xml_is_an_error_with_its_position() {
        let e = render_document(b"<w:document><w:p></w:q>", &HashMap::new()).unwrap_err();
        assert!(e.contains("word/document.xml at byte"), "{e}");
    }
}
