//! Text for terminals: the display width of a string (East Asian wide
//! characters take two columns, combining marks none, by the `unicode-width`
//! tables) and aligned tables built on it. Used by the query printers
//! ([`crate::query::results`]) and the exploration printers
//! ([`crate::explore::text`]).
//!
//! Owns only layout: it knows nothing of SPARQL terms, entities or where
//! the text goes.

use std::io::Write;

use unicode_width::UnicodeWidthChar;

/// Terminal columns of `text`: East Asian wide characters (Hangul, CJK
/// ideographs in every plane, CJK punctuation, full-width forms) take two,
/// combining marks and other zero-width characters none, control
/// characters none.
pub fn display_width(text: &str) -> usize {
    text.chars().map(|c| c.width().unwrap_or(0)).sum()
}

/// `text` on one line (newlines and tabs as spaces), cut to at most `max`
/// columns with a final `…` when it is longer.
pub fn cut(text: &str, max: usize) -> String {
    let one_line = text.replace(['\n', '\t'], " ");
    if display_width(&one_line) <= max {
        return one_line;
    }
    let mut w = 0;
    let mut out = String::new();
    for c in one_line.chars() {
        let cw = c.width().unwrap_or(0);
        if w + cw > max.saturating_sub(1) {
            break;
        }
        w += cw;
        out.push(c);
    }
    out.push('…');
    out
}

/// The width of each column: its widest cell, header included.
fn column_widths(header: &[String], rows: &[Vec<String>]) -> Vec<usize> {
    (0..header.len())
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| display_width(c))
                .chain(std::iter::once(display_width(&header[i])))
                .max()
                .unwrap_or(0)
        })
        .collect()
}

/// One line of a table: cells separated by two spaces, padded to `widths`,
/// the last cell not padded, trailing spaces trimmed.
fn write_row(out: &mut dyn Write, row: &[String], widths: &[usize]) -> std::io::Result<()> {
    let mut s = String::new();
    for (i, c) in row.iter().enumerate() {
        if i > 0 {
            s.push_str("  ");
        }
        s.push_str(c);
        if i + 1 < row.len() {
            let w = widths.get(i).copied().unwrap_or(0);
            s.push_str(&" ".repeat(w.saturating_sub(display_width(c))));
        }
    }
    writeln!(out, "{}", s.trim_end())
}

/// Writes an aligned table: the header row, then `rows`.
pub fn write_table(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    let widths = column_widths(header, rows);
    for row in std::iter::once(header).chain(rows.iter().map(Vec::as_slice)) {
        write_row(out, row, &widths)?;
    }
    Ok(())
}

/// Writes an aligned table of query results: long cells cut at 60
/// columns, a rule of dashes under the header, and the row count last.
pub fn write_ruled_table(
    out: &mut dyn Write,
    header: &[String],
    rows: &[Vec<String>],
) -> std::io::Result<()> {
    const MAX: usize = 60;
    let cells: Vec<Vec<String>> = rows
        .iter()
        .map(|r| r.iter().map(|c| cut(c, MAX)).collect())
        .collect();
    let widths = column_widths(header, &cells);
    write_row(out, header, &widths)?;
    let rule: Vec<String> = widths.iter().map(|w| "-".repeat(*w)).collect();
    write_row(out, &rule, &widths)?;
    for r in &cells {
        write_row(out, r, &widths)?;
    }
    writeln!(out, "({} rows)", rows.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn display_widths() {
        let cases: &[(&str, usize)] = &[
            ("", 0),
            ("abc", 3),
            ("국무원", 6),
            ("国务院", 6),
            ("「계획」", 8),
            ("ＡＢ", 4),
            // CJK Unified Ideographs Extension B and beyond (planes 2 and 3)
            ("\u{20000}", 2),
            ("\u{2A6DF}𠀁", 4),
            ("\u{30000}", 2),
            // combining marks take no column
            ("e\u{301}", 1),
            ("a\u{300}\u{323}b", 2),
            ("한\u{302}", 2),
        ];
        for (text, width) in cases {
            assert_eq!(display_width(text), *width, "{text:?}");
        }
    }

    #[test]
    fn tables_align_wide_cells() {
        let header = vec!["a".to_string(), "b".to_string()];
        let rows = vec![
            vec!["국무원".to_string(), "x".to_string()],
            vec!["𠀀".to_string(), "y".to_string()],
        ];
        let mut out = Vec::new();
        write_table(&mut out, &header, &rows).expect("writes");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "a       b\n국무원  x\n𠀀      y\n"
        );
        let mut out = Vec::new();
        write_ruled_table(&mut out, &header, &rows).expect("writes");
        assert_eq!(
            String::from_utf8(out).expect("UTF-8"),
            "a       b\n------  -\n국무원  x\n𠀀      y\n(2 rows)\n"
        );
        assert_eq!(cut(&"가".repeat(40), 60), format!("{}…", "가".repeat(29)));
    }
}
