//! HTML reports (saved web pages of briefs and news) turned into the
//! Markdown the report parser reads: headings become `#` lines, list items
//! `- ` lines (nested lists indented), table rows tab-separated cells (list
//! items inside a cell stay `<li>` items, as the sample's tables have them),
//! paragraphs and line breaks new lines. Scripts, styles, the `<head>` and
//! comments are dropped and character references decoded. The conversion
//! never fails: unknown tags are dropped and unclosed ones are closed by the
//! end of the text.

use std::sync::LazyLock;

use regex::Regex;

/// A comment, a declaration, or a tag with its name.
static TAG: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?s)<!--.*?(?:-->|$)|<![^>]*>|<(/?)([A-Za-z][A-Za-z0-9]*)\b(?:[^>]*)>")
        .expect("valid regex")
});

/// Whether `text` looks like an HTML document rather than Markdown that
/// happens to hold a few inline tags.
pub fn looks_like_html(text: &str) -> bool {
    let head: String = text
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_ascii_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || head.starts_with("<head")
        || head.starts_with("<body")
}

/// Converts an HTML document to report Markdown.
pub fn to_markdown(html: &str) -> String {
    let mut w = Writer::default();
    let mut last = 0;
    for m in TAG.captures_iter(html) {
        let whole = m.get(0).map_or(0..0, |g| g.range());
        w.text(&html[last..whole.start]);
        last = whole.end;
        let Some(name) = m.get(2) else {
            continue; // a comment or declaration
        };
        let closing = m.get(1).is_some_and(|c| !c.as_str().is_empty());
        w.tag(&name.as_str().to_ascii_lowercase(), closing);
    }
    w.text(&html[last..]);
    w.finish()
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Inside `<script>`, `<style>`, `<head>`…: text is dropped.
    hidden: usize,
    /// Nesting of `<ul>`/`<ol>`.
    lists: usize,
    /// Inside a table cell: blocks become spaces, list items stay `<li>`.
    in_cell: bool,
    /// Cells written in the current row.
    cells_in_row: usize,
}

impl Writer {
    fn text(&mut self, raw: &str) {
        if self.hidden > 0 || raw.is_empty() {
            return;
        }
        let decoded = decode_entities(raw);
        let mut space = false;
        for c in decoded.chars() {
            if c.is_whitespace() {
                space = true;
                continue;
            }
            if space && !self.out.is_empty() && !self.out.ends_with([' ', '\n', '\t']) {
                self.out.push(' ');
            }
            space = false;
            self.out.push(c);
        }
        if space && !self.out.ends_with([' ', '\n', '\t']) {
            self.out.push(' ');
        }
    }

    fn newline(&mut self) {
        if self.in_cell {
            self.space();
            return;
        }
        while self.out.ends_with(' ') {
            self.out.pop();
        }
        if !self.out.is_empty() && !self.out.ends_with('\n') {
            self.out.push('\n');
        }
    }

    fn blank_line(&mut self) {
        if self.in_cell {
            self.space();
            return;
        }
        self.newline();
        if !self.out.is_empty() && !self.out.ends_with("\n\n") {
            self.out.push('\n');
        }
    }

    fn space(&mut self) {
        if !self.out.is_empty() && !self.out.ends_with([' ', '\n', '\t']) {
            self.out.push(' ');
        }
    }

    fn tag(&mut self, name: &str, closing: bool) {
        match name {
            "script" | "style" | "head" | "noscript" | "template" | "svg" => {
                if closing {
                    self.hidden = self.hidden.saturating_sub(1);
                } else {
                    self.hidden += 1;
                }
            }
            _ if self.hidden > 0 => {}
            "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                if self.in_cell {
                    self.space();
                } else if closing {
                    self.blank_line();
                } else {
                    self.blank_line();
                    let level = name[1..].parse::<usize>().unwrap_or(2);
                    self.out.push_str(&"#".repeat(level));
                    self.out.push(' ');
                }
            }
            "ul" | "ol" => {
                if self.in_cell {
                    self.out.push_str(if closing { "</ul>" } else { "<ul>" });
                } else if closing {
                    self.lists = self.lists.saturating_sub(1);
                    self.newline();
                } else {
                    self.lists += 1;
                    self.newline();
                }
            }
            "li" => {
                if self.in_cell {
                    self.out.push_str(if closing { "</li>" } else { "<li>" });
                } else if closing {
                    self.newline();
                } else {
                    self.newline();
                    self.out
                        .push_str(&"  ".repeat(self.lists.saturating_sub(1)));
                    self.out.push_str("- ");
                }
            }
            "table" => {
                self.in_cell = false;
                self.blank_line();
            }
            "tr" => {
                self.in_cell = false;
                self.cells_in_row = 0;
                self.newline();
            }
            "td" | "th" => {
                if closing {
                    self.in_cell = false;
                    while self.out.ends_with(' ') {
                        self.out.pop();
                    }
                } else {
                    while self.out.ends_with(' ') {
                        self.out.pop();
                    }
                    // every cell, the first too, is preceded by a tab so that
                    // a one-cell row still reads as a table row
                    self.out.push('\t');
                    self.cells_in_row += 1;
                    self.in_cell = true;
                }
            }
            "br" => self.newline(),
            "p" | "div" | "section" | "article" | "blockquote" | "header" | "footer" | "main"
            | "nav" | "aside" | "figure" | "figcaption" | "dl" | "dt" | "dd" | "pre" | "hr"
            | "caption" | "title" => self.blank_line(),
            _ => {}
        }
    }

    fn finish(mut self) -> String {
        self.newline();
        self.out
    }
}

/// Decodes the character references reports use (`&amp;`, `&nbsp;`, `&#39;`,
/// `&#x4E2D;` …); unknown ones stay as written.
pub fn decode_entities(text: &str) -> String {
    if !text.contains('&') {
        return text.to_string();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest[1..]
            .find(|c: char| c == ';' || c == '&' || c.is_whitespace())
            .map(|j| j + 1);
        let decoded = match end {
            Some(j) if rest[j..].starts_with(';') => decode_entity(&rest[1..j]).map(|c| (c, j + 1)),
            _ => None,
        };
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &rest[len..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

fn decode_entity(name: &str) -> Option<char> {
    if let Some(num) = name.strip_prefix('#') {
        let code = match num.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => num.parse().ok()?,
        };
        return char::from_u32(code);
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        "middot" => '·',
        "bull" => '•',
        "lsquo" => '‘',
        "rsquo" => '’',
        "ldquo" => '“',
        "rdquo" => '”',
        "ndash" => '–',
        "mdash" => '—',
        "hellip" => '…',
        "times" => '×',
        "deg" => '°',
        "sup2" => '²',
        "sup3" => '³',
        "laquo" => '«',
        "raquo" => '»',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_lists_and_tables() {
        let md = to_markdown(
            "<!DOCTYPE html><html><head><title>x</title><style>p{}</style></head><body>\
             <h2>1. 국무원, 액션방안 발표</h2><p>국무원은 &lsquo;방안&rsquo;을 발표&nbsp;했다.<br>둘째 줄</p>\
             <ul><li>첫째<ul><li>하위</li></ul></li><li>둘째</li></ul>\
             <table><tr><th>지표</th><th>2025년 목표</th></tr>\
             <tr><td>기업 수(개)</td><td><ul><li>• 10</li><li>• 20</li></ul></td></tr></table>\
             <!-- note --><script>var x = '<p>';</script></body></html>",
        );
        let lines: Vec<&str> = md.lines().filter(|l| !l.is_empty()).collect();
        assert_eq!(
            lines,
            vec![
                "## 1. 국무원, 액션방안 발표",
                "국무원은 ‘방안’을 발표 했다.",
                "둘째 줄",
                "- 첫째",
                "  - 하위",
                "- 둘째",
                "\t지표\t2025년 목표",
                "\t기업 수(개)\t<ul><li>• 10</li><li>• 20</li></ul>",
            ],
            "{md}"
        );
    }

    #[test]
    fn entities_and_broken_markup() {
        assert_eq!(
            decode_entities("R&amp;D &#39;25 &#x4E2D; &bogus; a & b"),
            "R&D '25 中 &bogus; a & b"
        );
        // an unclosed comment and tags never panic
        let md = to_markdown("<html><body><p>본문<!-- 끝나지 않은 주석 <h2>제목");
        assert!(md.contains("본문"), "{md}");
        assert!(looks_like_html("  <!doctype html><html>"));
        assert!(!looks_like_html("## 01 제목\n<li>항목</li>"));
    }
}
