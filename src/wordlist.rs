//! The bundled word lists and tables of `ontology/`: one word or phrase per
//! line, or one tab-separated row per line under a header row; `#` comments
//! and blank lines skipped. Shared by the document readers and the
//! extractor, so that neither holds a list of words in code. A table row
//! that cannot be read is an error naming its file and line; the tables are
//! bundled at build time, so such an error is a defect of the build, and
//! every test that extracts anything meets it.

use crate::error::ReferenceError;

/// Non-comment, non-empty lines of a bundled word list, trimmed.
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    text.lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
}

/// One row of a bundled table: its 1-based line in the file and its cells.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Row<'a> {
    /// Line in the file.
    pub line: usize,
    /// The tab-separated cells, trimmed.
    pub cells: Vec<&'a str>,
}

impl Row<'_> {
    /// An error about this row of `file`.
    pub fn error(&self, file: &str, message: impl Into<String>) -> ReferenceError {
        ReferenceError::Row {
            file: file.to_string(),
            line: self.line,
            message: message.into(),
        }
    }
}

/// The rows of the bundled table `file` (its path under the project, for
/// messages) below its header row, each with at least `columns` cells.
pub(crate) fn table<'a>(
    file: &str,
    text: &'a str,
    columns: usize,
) -> Result<Vec<Row<'a>>, ReferenceError> {
    let mut rows = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|(i, l)| Row {
            line: i + 1,
            cells: l.split('\t').map(str::trim).collect(),
        });
    if rows.next().is_none() {
        return Err(ReferenceError::Row {
            file: file.to_string(),
            line: 1,
            message: "no header row".into(),
        });
    }
    rows.map(|row| {
        if row.cells.len() < columns {
            Err(row.error(
                file,
                format!(
                    "{} cells where {columns} are needed (tab-separated)",
                    row.cells.len()
                ),
            ))
        } else {
            Ok(row)
        }
    })
    .collect()
}

/// [`table`] of a table bundled in the binary, whose rows were checked by
/// the tests: a bad row stops the program with its file and line.
pub(crate) fn bundled_table<'a, T>(
    file: &str,
    text: &'a str,
    columns: usize,
    read: impl Fn(&Row<'a>) -> Result<T, ReferenceError>,
) -> Vec<T> {
    let rows = table(file, text, columns).and_then(|rows| rows.iter().map(&read).collect());
    match rows {
        Ok(rows) => rows,
        Err(e) => panic!("bundled table: {e}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_below_the_header_with_their_lines() {
        let text = "# comment\nword\tkind\n\n안\tA\n밖\tB\textra\n";
        let rows = table("t.tsv", text, 2).expect("reads");
        assert_eq!(rows.len(), 2);
        assert_eq!((rows[0].line, rows[0].cells.clone()), (4, vec!["안", "A"]));
        assert_eq!(rows[1].cells, vec!["밖", "B", "extra"]);
    }

    #[test]
    fn a_short_row_names_its_file_and_line() {
        let text = "word\tkind\n안\tA\n밖\n";
        let e = table("ontology/lexicon/t.tsv", text, 2).expect_err("short row");
        assert!(
            e.to_string().starts_with("ontology/lexicon/t.tsv:3: "),
            "{e}"
        );
        let e = table("t.tsv", "# only comments\n", 1).expect_err("no header");
        assert!(e.to_string().contains("no header"), "{e}");
    }
}
