//! The units of measure that may follow an amount (`위안`, `개`, `kW`,
//! `킬로와트시`), read from `ontology/lexicon/units.tsv`, with the unit each
//! normalises to and its factor (`만 개` → count × 10^4). Owns the table and
//! its longest-first matcher; whether a match stands as a unit is
//! `number.rs`'s call.

use std::sync::LazyLock;

use super::decimal::Decimal;

/// One unit of measure from `ontology/lexicon/units.tsv`.
#[derive(Debug, Clone)]
pub(crate) struct UnitEntry {
    pub(crate) surface: String,
    pub(crate) unit: String,
    pub(crate) factor: Decimal,
}

/// The unit table, longest surface first.
pub struct Units {
    entries: Vec<UnitEntry>,
    /// Indices into `entries` (in their order) by the surface's first
    /// character, sorted by it: only those can start a text.
    by_first: Vec<(char, Vec<usize>)>,
    /// The first entry with an empty surface (it starts every text), if any.
    empty: Option<usize>,
}

const UNITS_TSV: &str = include_str!("../../ontology/lexicon/units.tsv");

impl Units {
    /// The bundled unit table.
    pub fn bundled() -> &'static Units {
        static UNITS: LazyLock<Units> = LazyLock::new(|| Units::parse(UNITS_TSV));
        &UNITS
    }

    fn parse(tsv: &str) -> Units {
        let mut entries: Vec<UnitEntry> =
            crate::wordlist::bundled_table("ontology/lexicon/units.tsv", tsv, 2, |row| {
                let factor = match row.cells.get(2).filter(|f| !f.is_empty()) {
                    Some(f) => Decimal::parse(f).ok_or_else(|| {
                        row.error(
                            "ontology/lexicon/units.tsv",
                            format!("factor `{f}` is not a number"),
                        )
                    })?,
                    None => Decimal::ONE,
                };
                if row.cells[1].is_empty() {
                    return Err(row.error("ontology/lexicon/units.tsv", "no unit"));
                }
                Ok(UnitEntry {
                    surface: row.cells[0].to_string(),
                    unit: row.cells[1].to_string(),
                    factor,
                })
            });
        entries.sort_by_key(|e| std::cmp::Reverse(e.surface.chars().count()));
        let mut by_first: Vec<(char, Vec<usize>)> = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            let Some(first) = e.surface.chars().next() else {
                continue;
            };
            match by_first.iter_mut().find(|(c, _)| *c == first) {
                Some((_, group)) => group.push(i),
                None => by_first.push((first, vec![i])),
            }
        }
        by_first.sort_by_key(|(c, _)| *c);
        let empty = entries.iter().position(|e| e.surface.is_empty());
        Units {
            entries,
            by_first,
            empty,
        }
    }

    /// The longest unit `rest` starts with (the first in table order among
    /// those as long), and its byte length.
    pub(crate) fn match_at<'a>(&'a self, rest: &str) -> Option<(&'a UnitEntry, usize)> {
        let group = rest.chars().next().and_then(|first| {
            let g = self
                .by_first
                .binary_search_by_key(&first, |(c, _)| *c)
                .ok()?;
            Some(&self.by_first[g].1)
        });
        group
            .into_iter()
            .flatten()
            .map(|&i| &self.entries[i])
            .find(|e| rest.starts_with(&e.surface))
            // an empty surface is the shortest: it comes after every other
            .or_else(|| self.empty.map(|i| &self.entries[i]))
            .map(|e| (e, e.surface.len()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The unit lookup as first written: every entry, longest first.
    fn match_by_scan<'a>(units: &'a Units, rest: &str) -> Option<(&'a UnitEntry, usize)> {
        units
            .entries
            .iter()
            .find_map(|e| rest.starts_with(&e.surface).then_some((e, e.surface.len())))
    }

    #[test]
    fn units_are_found_as_by_a_scan_of_all() {
        let check = |units: &Units, rest: &str| {
            let got = units.match_at(rest).map(|(e, n)| (e.surface.as_str(), n));
            let want = match_by_scan(units, rest).map(|(e, n)| (e.surface.as_str(), n));
            assert_eq!(got, want, "{rest:?}");
        };
        let units = Units::bundled();
        let mut texts: Vec<String> = vec![
            String::new(),
            " 위안".into(),
            "억 위안".into(),
            "개 이상".into(),
            "%".into(),
            "kWh".into(),
            "KW".into(),
            "명당".into(),
            "대 방향".into(),
        ];
        for e in &units.entries {
            let chars: Vec<char> = e.surface.chars().collect();
            for n in 0..=chars.len() {
                let head: String = chars[..n].iter().collect();
                texts.push(head.clone());
                texts.push(format!("{head} 이상"));
                texts.push(format!("{head}을"));
            }
        }
        for t in &texts {
            check(units, t);
        }
        // a table with an empty surface: it starts every text, after the rest
        let odd = Units::parse("surface\tunit\tfactor\n\tnone\t1\n개\tcount\t1\n");
        for t in ["", "개", "개수", "위안", " "] {
            check(&odd, t);
        }
    }
}
