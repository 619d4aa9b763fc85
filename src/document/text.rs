//! Inline cleaning and sentence splitting: Markdown emphasis, links, escapes
//! and HTML tags are removed, the text is NFC-normalised, and a paragraph is
//! cut into sentences at Korean sentence ends (`…다.`, `…함.`).

use std::sync::LazyLock;

use regex::Regex;
use unicode_normalization::UnicodeNormalization;

static LINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\[([^\]]*)\]\([^)]*\)").expect("valid regex"));
static AUTOLINK: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"<https?://[^>]*>|https?://\S+").expect("valid regex"));
static SUP: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)<sup>\s*([^<]*)</sup>").expect("valid regex"));
static TAG: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)</?[a-z][a-z0-9]*(?:\s[^<>]*)?/?>").expect("valid regex"));
static ESCAPE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\\+([\\`*_{}\[\]()#+\-.!|~<>])").expect("valid regex"));
static SPACES: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[ \t\u{a0}\u{3000}]+").expect("valid regex"));

/// Cleans one line of Markdown into plain text: links keep their text,
/// bare URLs go, `<sup>3</sup>` becomes `3`, tags and emphasis go, escapes
/// (`\\_`, `\*`) are undone, spaces collapse, and the result is NFC.
pub fn clean_inline(line: &str) -> String {
    use std::borrow::Cow;
    // each pass only when its trigger is there: most lines are plain text.
    // One look at the line's bytes rules most triggers out at once: the
    // passes only remove text or put spaces in, so a byte the line lacks
    // (but a space) no pass brings in.
    let bytes = line_bytes(line);
    let mut s: Cow<str> = Cow::Borrowed(line);
    if bytes & b(b'[') != 0 && s.contains('[') {
        s = Cow::Owned(LINK.replace_all(&s, "$1").into_owned());
    }
    if bytes & b(b'h') != 0 && s.contains("http") {
        s = Cow::Owned(AUTOLINK.replace_all(&s, " ").into_owned());
    }
    if bytes & b(b'<') != 0 && s.contains('<') {
        s = Cow::Owned(SUP.replace_all(&s, "$1").into_owned());
        s = Cow::Owned(TAG.replace_all(&s, " ").into_owned());
    }
    if bytes & b(b'\\') != 0 && s.contains('\\') {
        s = Cow::Owned(ESCAPE.replace_all(&s, "$1").into_owned());
    }
    if bytes & (b(b'*') | b(b'_')) != 0 && (s.contains("**") || s.contains("__")) {
        s = Cow::Owned(s.replace("**", "").replace("__", " "));
    }
    // a lone ASCII space is its own replacement: only runs and other blanks
    // need the pass (U+00A0 is C2 A0 in UTF-8, U+3000 is E3 80 80)
    let other_blanks = b(b'\t') | b(0xC2) | b(0xE3);
    let blanks = (bytes & other_blanks != 0 && s.contains(['\t', '\u{a0}', '\u{3000}']))
        || (bytes & b(b' ') != 0 || matches!(s, Cow::Owned(_))) && s.contains("  ");
    let s = if blanks {
        SPACES.replace_all(&s, " ")
    } else {
        Cow::Borrowed(s.as_ref())
    };
    let s = s.trim();
    if is_nfc(s) {
        s.to_string()
    } else {
        s.nfc().collect()
    }
}

/// The bit of [`line_bytes`] that stands for byte `byte`.
const fn b(byte: u8) -> u64 {
    match byte {
        b'[' => 1,
        b'h' => 1 << 1,
        b'<' => 1 << 2,
        b'\\' => 1 << 3,
        b'*' => 1 << 4,
        b'_' => 1 << 5,
        b'\t' => 1 << 6,
        0xC2 => 1 << 7,
        0xE3 => 1 << 8,
        b' ' => 1 << 9,
        _ => 0,
    }
}

/// Which of the bytes that [`clean_inline`]'s passes start from the line
/// holds, one bit each (see [`b`]).
fn line_bytes(line: &str) -> u64 {
    static TABLE: [u64; 256] = {
        let mut t = [0u64; 256];
        let mut i = 0;
        while i < 256 {
            t[i] = b(i as u8);
            i += 1;
        }
        t
    };
    line.bytes()
        .fold(0, |acc, byte| acc | TABLE[usize::from(byte)])
}

/// Whether `s` is NFC: at once when every character is of a block that NFC
/// never changes nor combines (Latin below the combining marks, general
/// punctuation, geometric shapes, CJK punctuation, CJK ideographs, Hangul
/// syllables, full-width forms), else by the full check.
fn is_nfc(s: &str) -> bool {
    // the common cases (ASCII, Hangul) first
    let stable = |c: char| {
        c <= '\u{2FF}'
            || ('\u{AC00}'..='\u{D7A3}').contains(&c)
            || matches!(
                c,
                '\u{2002}'..='\u{206F}'
                    | '\u{25A0}'..='\u{25FF}'
                    | '\u{3000}'..='\u{3029}'
                    | '\u{4E00}'..='\u{9FFF}'
                    | '\u{FF01}'..='\u{FF5E}'
            )
    };
    s.chars().all(stable) || unicode_normalization::is_nfc(s)
}

/// Splits a paragraph into sentences after Korean sentence endings
/// (`다.`, `함.`, `음.`, `임.`, `됨.`) and after `.`/`?`/`!` followed by a
/// space and a capital or Hangul. Returns byte ranges into `text`.
pub fn split_sentences(text: &str) -> Vec<(usize, usize)> {
    let mut out = Vec::new();
    let mut start = 0;
    // the ends are ASCII: found by their bytes, the character before each decoded
    let bytes = text.as_bytes();
    let mut from = 0;
    while let Some(k) = bytes[from..]
        .iter()
        .position(|&b| matches!(b, b'.' | b'?' | b'!'))
    {
        let pos = from + k;
        from = pos + 1;
        let prev = text[..pos].chars().next_back().unwrap_or(' ');
        let ends_korean = matches!(
            prev,
            '다' | '함' | '음' | '임' | '됨' | '요' | '까' | '람' | '명'
        );
        let followed_by_space = matches!(bytes.get(pos + 1), None | Some(b' '));
        if ends_korean && followed_by_space {
            let end = pos + 1;
            // more than one character
            if text[start..end].trim().chars().nth(1).is_some() {
                out.push((start, end));
            }
            start = end;
        }
    }
    if !text[start..].trim().is_empty() {
        out.push((start, text.len()));
    }
    // trim the ranges
    out.into_iter()
        .filter_map(|(s, e)| {
            let piece = &text[s..e];
            let lead = piece.len() - piece.trim_start().len();
            let trail = piece.len() - piece.trim_end().len();
            (e - trail > s + lead).then_some((s + lead, e - trail))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaning() {
        for (raw, want) in [
            (
                "**■ '25년까지 특허 기술거래 규모를 8,000억 위안으로 확대(10.27)**",
                "■ '25년까지 특허 기술거래 규모를 8,000억 위안으로 확대(10.27)",
            ),
            (
                "[https://tech.gmw.cn/content\\\\_36922678.htm](https://tech.gmw.cn/x)",
                "",
            ),
            ("[特허 \\\\_ 방안](https://x.cn/a)", "特허 _ 방안"),
            (
                "연간 생산량 1천만 m<sup>3</sup>의 바이오천연가스",
                "연간 생산량 1천만 m3의 바이오천연가스",
            ),
            ("\\* 시진핑 주석은", "* 시진핑 주석은"),
            ("<li>• 대학 및 연구소의</li>", "• 대학 및 연구소의"),
            ("출처: <https://mp.weixin.qq.com/s/2-ZR>", "출처:"),
        ] {
            assert_eq!(clean_inline(raw), want, "{raw}");
        }
    }

    /// The cleaning as first written: every trigger searched for.
    fn clean_inline_by_search(line: &str) -> String {
        use std::borrow::Cow;
        let mut s: Cow<str> = Cow::Borrowed(line);
        if s.contains('[') {
            s = Cow::Owned(LINK.replace_all(&s, "$1").into_owned());
        }
        if s.contains("http") {
            s = Cow::Owned(AUTOLINK.replace_all(&s, " ").into_owned());
        }
        if s.contains('<') {
            s = Cow::Owned(SUP.replace_all(&s, "$1").into_owned());
            s = Cow::Owned(TAG.replace_all(&s, " ").into_owned());
        }
        if s.contains('\\') {
            s = Cow::Owned(ESCAPE.replace_all(&s, "$1").into_owned());
        }
        if s.contains("**") || s.contains("__") {
            s = Cow::Owned(s.replace("**", "").replace("__", " "));
        }
        let blanks = s.contains(['\t', '\u{a0}', '\u{3000}']) || s.contains("  ");
        let s = if blanks {
            SPACES.replace_all(&s, " ")
        } else {
            Cow::Borrowed(s.as_ref())
        };
        let s = s.trim();
        if is_nfc(s) {
            s.to_string()
        } else {
            s.nfc().collect()
        }
    }

    #[test]
    fn cleaning_looks_for_what_a_search_finds() {
        let pieces = [
            "",
            " ",
            "  ",
            "x",
            "가",
            "[",
            "](",
            ")",
            "[a](b)",
            "ht",
            "tp",
            "http://a.b",
            "<https://c.d>",
            "<",
            ">",
            "<b>",
            "</b>",
            "<sup>3</sup>",
            "\\",
            "\\_",
            "*",
            "**",
            "_",
            "__",
            "\t",
            "\u{a0}",
            "\u{3000}",
            "\u{3001}",
            "e\u{301}",
            "■",
            "·",
        ];
        let mut lines = Vec::new();
        for a in pieces {
            for b in pieces {
                lines.push(format!("{a}{b}"));
                for c in ["", "가", "<i>", "h", " ", "*"] {
                    lines.push(format!("{a}{c}{b}"));
                    lines.push(format!("{c}{a}{b}{c}"));
                }
            }
        }
        for line in &lines {
            assert_eq!(clean_inline(line), clean_inline_by_search(line), "{line:?}");
        }
    }

    #[test]
    fn nfc_blocks_need_no_full_check() {
        let blocks = [
            '\0'..='\u{2FF}',
            '\u{2002}'..='\u{206F}',
            '\u{25A0}'..='\u{25FF}',
            '\u{3000}'..='\u{3029}',
            '\u{4E00}'..='\u{9FFF}',
            '\u{AC00}'..='\u{D7A3}',
            '\u{FF01}'..='\u{FF5E}',
        ];
        for c in blocks.into_iter().flatten() {
            // quick-check Yes and a starter: any string of them is NFC
            assert_eq!(
                unicode_normalization::is_nfc_quick(std::iter::once(c)),
                unicode_normalization::IsNormalized::Yes,
                "{c:?}"
            );
            assert_eq!(
                unicode_normalization::char::canonical_combining_class(c),
                0,
                "{c:?}"
            );
        }
        assert!(!is_nfc("\u{1100}\u{1161}"));
        assert!(!is_nfc("e\u{301}"));
    }

    /// The splitting as first written: every character looked at.
    fn split_sentences_by_chars(text: &str) -> Vec<(usize, usize)> {
        let mut out = Vec::new();
        let mut start = 0;
        let mut prev = ' ';
        let mut chars = text.char_indices().peekable();
        while let Some((pos, c)) = chars.next() {
            if !matches!(c, '.' | '?' | '!') {
                prev = c;
                continue;
            }
            let next = chars.peek().map(|&(_, c)| c);
            let ends_korean = matches!(
                prev,
                '다' | '함' | '음' | '임' | '됨' | '요' | '까' | '람' | '명'
            );
            let followed_by_space = matches!(next, None | Some(' '));
            if ends_korean && followed_by_space {
                let end = pos + c.len_utf8();
                if text[start..end].trim().chars().count() > 1 {
                    out.push((start, end));
                }
                start = end;
            }
            prev = c;
        }
        if text[start..].trim().chars().count() > 0 {
            out.push((start, text.len()));
        }
        out.into_iter()
            .filter_map(|(s, e)| {
                let piece = &text[s..e];
                let lead = piece.len() - piece.trim_start().len();
                let trail = piece.len() - piece.trim_end().len();
                (e - trail > s + lead).then_some((s + lead, e - trail))
            })
            .collect()
    }

    #[test]
    fn sentences_split_where_a_look_at_every_character_does() {
        let pieces = [
            "", " ", "  ", "다", "함", "명", "가", "a", ".", "?", "!", "..", ". ", "다.", "다. ",
            "\u{3000}", "。", "1.8", "x!y",
        ];
        for a in pieces {
            for b in pieces {
                for c in pieces {
                    for text in [format!("{a}{b}{c}"), format!("발표{a}했{b}다{c}. 끝")] {
                        assert_eq!(
                            split_sentences(&text),
                            split_sentences_by_chars(&text),
                            "{text:?}"
                        );
                    }
                }
            }
        }
    }

    #[test]
    fn sentences() {
        let text = "중국이 3개년 행동방안을 발표했다. 방안에 따르면 2027년 말까지 충전 시설을 구축할 계획이다. 1.8억 kWh";
        let parts: Vec<&str> = split_sentences(text)
            .into_iter()
            .map(|(s, e)| &text[s..e])
            .collect();
        assert_eq!(
            parts,
            [
                "중국이 3개년 행동방안을 발표했다.",
                "방안에 따르면 2027년 말까지 충전 시설을 구축할 계획이다.",
                "1.8억 kWh"
            ]
        );
    }
}
