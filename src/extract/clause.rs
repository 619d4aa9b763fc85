//! Clauses and their predicates. Korean marks tense and modality once, on
//! the last verb of a clause (`…로 늘릴 계획이다`, `…를 기록했다`), and
//! coordinated clauses (`…늘리고, …육성한다`) share the last one's. This
//! module reads that mood from the words a clause ends with
//! (`ontology/lexicon/predicate-endings.tsv`), from markers of intention
//! that hold wherever they stand (`goal-markers.txt`: `…하겠다는 방침을
//! 세웠다`), and carries it back over tenseless connectives
//! (`clause-links.txt`). A reporting verb after a quotative (`…할 것이라고
//! 밝혔다`) hands the decision to the clause it quotes.

use std::sync::LazyLock;

use super::lexicon_lines;

const ENDINGS: &str = include_str!("../../ontology/lexicon/predicate-endings.tsv");
const MARKERS: &str = include_str!("../../ontology/lexicon/goal-markers.txt");
const LINKS: &str = include_str!("../../ontology/lexicon/clause-links.txt");

/// How a clause's predicate reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mood {
    /// A goal, plan or intention (`할 계획이다`, `하기로 했다`, `늘린다`).
    Goal,
    /// A past event (`했다`, `하였으며`).
    Done,
    /// A statistic (`기록했다`, `차지했다`).
    Observed,
    /// A projection (`전망이다`, `것으로 보인다`).
    Forecast,
    /// A present tense that states no goal (`의미한다`).
    Neutral,
}

/// One line of `predicate-endings.tsv`.
#[derive(Debug)]
enum EndingMood {
    Mood(Mood),
    /// A reporting verb after a quotative.
    Report,
}

/// An ending as written in the lexicon: `~ 계획` wants a future adnominal
/// (a syllable ending in ㄹ) before ` 계획`.
#[derive(Debug)]
struct Pattern {
    /// The text that must follow (after the `~`, with its space).
    text: &'static str,
    /// Whether a future adnominal must come right before `text`.
    future: bool,
}

impl Pattern {
    fn of(line: &'static str) -> Pattern {
        match line.strip_prefix('~') {
            Some(rest) => Pattern {
                text: rest,
                future: true,
            },
            None => Pattern {
                text: line,
                future: false,
            },
        }
    }

    /// Whether `s` ends with the pattern.
    fn ends(&self, s: &str) -> bool {
        let Some(before) = s.strip_suffix(self.text) else {
            return false;
        };
        !self.future || before.chars().next_back().is_some_and(has_final_rieul)
    }

    /// Whether the pattern occurs anywhere in `s`.
    fn occurs(&self, s: &str) -> bool {
        s.match_indices(self.text)
            .any(|(i, _)| !self.future || s[..i].chars().next_back().is_some_and(has_final_rieul))
    }

    fn len(&self) -> usize {
        self.text.chars().count() + usize::from(self.future)
    }
}

/// Whether a Hangul syllable ends in ㄹ (할, 늘릴, 될): the future adnominal.
pub fn has_final_rieul(c: char) -> bool {
    final_consonant(c) == Some(8)
}

/// The index of a Hangul syllable's final consonant (0 for none), if `c` is one.
fn final_consonant(c: char) -> Option<u32> {
    let code = u32::from(c);
    (0xAC00..=0xD7A3)
        .contains(&code)
        .then(|| (code - 0xAC00) % 28)
}

fn endings() -> &'static [(Pattern, EndingMood)] {
    static E: LazyLock<Vec<(Pattern, EndingMood)>> = LazyLock::new(|| {
        const FILE: &str = "ontology/lexicon/predicate-endings.tsv";
        let mut v: Vec<(Pattern, EndingMood)> =
            crate::wordlist::bundled_table(FILE, ENDINGS, 2, |row| {
                let mood = match row.cells[0] {
                    "goal" => EndingMood::Mood(Mood::Goal),
                    "done" => EndingMood::Mood(Mood::Done),
                    "observed" => EndingMood::Mood(Mood::Observed),
                    "forecast" => EndingMood::Mood(Mood::Forecast),
                    "neutral" => EndingMood::Mood(Mood::Neutral),
                    "report" => EndingMood::Report,
                    other => return Err(row.error(FILE, format!("unknown mood `{other}`"))),
                };
                if row.cells[1].is_empty() {
                    return Err(row.error(FILE, "no ending"));
                }
                Ok((Pattern::of(row.cells[1]), mood))
            });
        v.sort_by_key(|(p, _)| std::cmp::Reverse(p.len()));
        v
    });
    &E
}

/// The markers of intention, each with whether it is nominal (`을 목표로`).
fn markers() -> &'static [(Pattern, bool)] {
    static M: LazyLock<Vec<(Pattern, bool)>> = LazyLock::new(|| {
        let mut nominal = false;
        lexicon_lines(MARKERS)
            .filter_map(|l| {
                if l == "[nominal]" {
                    nominal = true;
                    return None;
                }
                Some((Pattern::of(l), nominal))
            })
            .collect()
    });
    &M
}

fn links() -> &'static [&'static str] {
    static L: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
        let mut v: Vec<&'static str> = lexicon_lines(LINKS).collect();
        v.sort_by_key(|l| std::cmp::Reverse(l.chars().count()));
        v
    });
    &L
}

/// A clause without what closes it: spaces, punctuation, quotes, brackets.
fn trimmed(clause: &str) -> &str {
    clause.trim_end_matches(|c: char| c.is_whitespace() || ".,;:!?…)]）」』》>’'\"”*".contains(c))
}

/// What a clause's last words say, if anything: `None` for a clause that
/// ends in a noun (`…를 확대`) or a tenseless connective.
fn ending_mood(clause: &str, depth: u8) -> Option<Mood> {
    let t = trimmed(clause);
    for (pattern, mood) in endings() {
        if !pattern.ends(t) {
            continue;
        }
        return match mood {
            EndingMood::Mood(m) => Some(*m),
            // "…할 것이라고 밝혔다": the quoted clause decides
            EndingMood::Report if depth == 0 => {
                let quoted = &t[..t.len() - pattern.text.len()];
                ending_mood(quoted, 1).or(Some(Mood::Done))
            }
            EndingMood::Report => None,
        };
    }
    if past_tense(t) {
        return Some(Mood::Done);
    }
    present_tense(t).then_some(Mood::Goal)
}

/// `냈다`, `늘었음`, `밝혔으며`: a syllable ending in ㅆ before the last
/// ending marks the past.
fn past_tense(t: &str) -> bool {
    let last = t.rsplit(' ').next().unwrap_or(t);
    ["다", "음", "으며", "고"].iter().any(|ending| {
        last.strip_suffix(ending)
            .and_then(|stem| stem.chars().next_back())
            .is_some_and(|c| final_consonant(c) == Some(20))
    })
}

/// `늘린다`, `마련한다`, `추진한다`, `돕는다`: news and plans state what a
/// government will do in the present tense.
fn present_tense(t: &str) -> bool {
    let mut chars = t.chars().rev();
    chars.next() == Some('다') && chars.next().is_some_and(|c| final_consonant(c) == Some(4))
}

/// Whether the clause ends in a connective without tense (`늘리고`, `투자해`).
fn links_on(clause: &str) -> bool {
    let t = trimmed(clause);
    let last = t.rsplit(' ').next().unwrap_or(t);
    links()
        .iter()
        .any(|l| last.ends_with(l) && last.chars().count() > l.chars().count())
}

/// Whether the clause holds a marker of intention anywhere.
pub fn has_goal_marker(clause: &str) -> bool {
    markers().iter().any(|(m, _)| m.occurs(clause))
}

/// Whether the clause holds a marker of intention that its own mood (`own`,
/// from its last verb) leaves standing: a nominal one (`을 목표로`) does not
/// outweigh a past or observed last verb.
fn marks_goal(clause: &str, own: Option<Mood>) -> bool {
    let past = matches!(own, Some(Mood::Done | Mood::Observed));
    markers()
        .iter()
        .any(|(m, nominal)| !(*nominal && past) && m.occurs(clause))
}

/// The mood of each clause of a sentence (`spans` are their byte ranges,
/// in order): its own ending's, or, for a clause that ends in a tenseless
/// connective, the next clause's. `None` where nothing says (a noun
/// ending, as bullets are written).
pub fn moods(text: &str, spans: &[(usize, usize)]) -> Vec<Option<Mood>> {
    let mut out: Vec<Option<Mood>> = vec![None; spans.len()];
    let mut next: Option<Mood> = None;
    for (i, &(s, e)) in spans.iter().enumerate().rev() {
        let clause = &text[s..e];
        let own = ending_mood(clause, 0);
        let mood = match own {
            Some(m) => Some(m),
            None if links_on(clause) => next,
            None => None,
        };
        let mood = if marks_goal(clause, own) && mood != Some(Mood::Forecast) {
            Some(Mood::Goal)
        } else {
            mood
        };
        out[i] = mood;
        next = mood;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mood_of(s: &str) -> Option<Mood> {
        moods(s, &[(0, s.len())])[0]
    }

    #[test]
    fn endings_give_the_mood() {
        for (s, want) in [
            ("연구기관을 30곳으로 늘릴 계획이다.", Some(Mood::Goal)),
            ("시설을 확충할 예정임", Some(Mood::Goal)),
            ("인재 500명을 양성하기로 했다", Some(Mood::Goal)),
            ("기업 수를 두 배로 늘린다.", Some(Mood::Goal)),
            ("매출이 30% 늘었다.", Some(Mood::Done)),
            ("점유율 12%를 기록했다", Some(Mood::Observed)),
            ("수출 비중이 40%를 차지함", Some(Mood::Observed)),
            ("시장이 커질 것으로 보인다", Some(Mood::Forecast)),
            ("생산을 늘릴 것이라고 밝혔다", Some(Mood::Goal)),
            ("생산을 늘렸다고 밝혔다", Some(Mood::Done)),
            ("설비를 구축", None),
            ("이 지수는 혁신 역량을 의미한다", Some(Mood::Neutral)),
            ("시장을 키우겠다는 방침을 세웠다", Some(Mood::Goal)),
            ("그 계획을 담은 보고서를 냈다", Some(Mood::Done)),
        ] {
            assert_eq!(mood_of(s), want, "{s}");
        }
    }

    #[test]
    fn connectives_take_the_next_clause_mood() {
        let s = "거점을 10곳으로 늘리고, 인력 2000명을 확보할 계획이다";
        let cut = s.find(", ").map(|i| i + 2).unwrap_or(0);
        assert_eq!(
            moods(s, &[(0, cut), (cut, s.len())]),
            vec![Some(Mood::Goal), Some(Mood::Goal)]
        );
        let s = "생산액은 20% 늘었으며, 기업 5곳을 더 유치할 계획이다";
        let cut = s.find(", ").map(|i| i + 2).unwrap_or(0);
        assert_eq!(
            moods(s, &[(0, cut), (cut, s.len())]),
            vec![Some(Mood::Done), Some(Mood::Goal)]
        );
    }

    #[test]
    fn the_future_adnominal_is_read_from_the_syllable() {
        assert!(has_final_rieul('할'));
        assert!(has_final_rieul('릴'));
        assert!(!has_final_rieul('한'));
        assert!(!has_final_rieul('a'));
    }
}
