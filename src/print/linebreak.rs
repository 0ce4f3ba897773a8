//! Japanese line breaking (禁則処理) for text wrapped in a box.
//!
//! Japanese text may break between almost any two characters, except that:
//! - a line must not *start* with closing brackets, 、。，．・：；？！, small kana, ー, 々 and the
//!   like (行頭禁則, JIS X 4051 classes cl-02 … cl-11);
//! - a line must not *end* with an opening bracket such as 「（『【 (行末禁則, cl-01);
//! - a run of Latin letters or digits (half- or full-width, with `,` `.` between digits) is
//!   kept whole, so "12,345円" or "R7" never splits.
//!
//! When the character that overflows may not start a line, the previous character is pushed
//! to the next line with it (追い出し). A run that cannot be kept whole because it is wider
//! than the box is cut where it overflows, so the function always terminates.
//!
//! Pure: the caller passes the measuring function, so this module knows nothing about fonts
//! or PDF. It does not hyphenate, justify or hang punctuation (ぶら下げ).

/// Characters that must not begin a line (行頭禁則文字).
pub fn is_no_start(c: char) -> bool {
    matches!(
        c,
        // closing brackets (cl-02)
        '」' | '』' | '）' | '］' | '｝' | '〕' | '〉' | '》' | '】' | '〙' | '〗' | '｣' | ')' | ']' | '}'
        | '’' | '”' | '»'
        // hyphens (cl-03)
        | '‐' | '〜' | '゠' | '–' | '～'
        // dividing punctuation (cl-04)
        | '？' | '！' | '‼' | '⁇' | '⁈' | '⁉' | '?' | '!'
        // middle dots (cl-05)
        | '・' | '：' | '；' | ':' | ';'
        // full stops (cl-06)
        | '。' | '．' | '｡' | '.'
        // commas (cl-07)
        | '、' | '，' | '､' | ','
        // iteration marks (cl-09)
        | 'ヽ' | 'ヾ' | 'ゝ' | 'ゞ' | '々' | '〻'
        // prolonged sound mark (cl-10)
        | 'ー' | 'ｰ'
        // small kana (cl-11)
        | 'ぁ' | 'ぃ' | 'ぅ' | 'ぇ' | 'ぉ' | 'っ' | 'ゃ' | 'ゅ' | 'ょ' | 'ゎ' | 'ゕ' | 'ゖ'
        | 'ァ' | 'ィ' | 'ゥ' | 'ェ' | 'ォ' | 'ッ' | 'ャ' | 'ュ' | 'ョ' | 'ヮ' | 'ヵ' | 'ヶ'
        | 'ㇰ' | 'ㇱ' | 'ㇲ' | 'ㇳ' | 'ㇴ' | 'ㇵ' | 'ㇶ' | 'ㇷ' | 'ㇸ' | 'ㇹ' | 'ㇺ' | 'ㇻ' | 'ㇼ' | 'ㇽ' | 'ㇾ' | 'ㇿ'
        | 'ｧ' | 'ｨ' | 'ｩ' | 'ｪ' | 'ｫ' | 'ｯ' | 'ｬ' | 'ｭ' | 'ｮ'
    )
}

/// Characters that must not end a line (行末禁則文字): opening brackets (cl-01).
pub fn is_no_end(c: char) -> bool {
    matches!(
        c,
        '「' | '『'
            | '（'
            | '［'
            | '｛'
            | '〔'
            | '〈'
            | '《'
            | '【'
            | '〘'
            | '〖'
            | '｢'
            | '('
            | '['
            | '{'
            | '‘'
            | '“'
            | '«'
    )
}

/// Letters and digits that form an unbreakable run with their neighbours.
fn is_word(c: char) -> bool {
    c.is_ascii_alphanumeric()
        || ('０'..='９').contains(&c)
        || ('Ａ'..='Ｚ').contains(&c)
        || ('ａ'..='ｚ').contains(&c)
}

/// May a line break fall between `chars[i - 1]` and `chars[i]`?
fn can_break_before(chars: &[char], i: usize) -> bool {
    if i == 0 || i >= chars.len() {
        return true;
    }
    let (a, b) = (chars[i - 1], chars[i]);
    if is_no_start(b) || is_no_end(a) {
        return false;
    }
    if is_word(a) && is_word(b) {
        return false;
    }
    // "12,345" / "3.5": the separator already may not start a line; keep the digit after it too.
    if matches!(a, ',' | '.' | '，' | '．') && i >= 2 && is_word(chars[i - 2]) && is_word(b) {
        return false;
    }
    true
}

/// Break `text` into lines no wider than `max_width`, measuring each character with `width`.
///
/// `'\n'` forces a break; an ASCII space at the start of a wrapped line is dropped. An empty
/// paragraph yields an empty line, so blank lines survive.
pub fn break_lines(text: &str, max_width: f32, width: impl Fn(char) -> f32) -> Vec<String> {
    let mut out = Vec::new();
    for paragraph in text.split('\n') {
        let chars: Vec<char> = paragraph.chars().collect();
        if chars.is_empty() {
            out.push(String::new());
            continue;
        }
        let mut start = 0;
        while start < chars.len() {
            // Skip a space left at the head of a wrapped line.
            if start > 0 && chars[start] == ' ' {
                start += 1;
                continue;
            }
            let mut used = 0.0;
            let mut end = start;
            while end < chars.len() {
                let w = width(chars[end]);
                if end > start && used + w > max_width {
                    break;
                }
                used += w;
                end += 1;
            }
            if end < chars.len() {
                // Back off to the nearest allowed break point (追い出し).
                let mut cut = end;
                while cut > start + 1 && !can_break_before(&chars, cut) {
                    cut -= 1;
                }
                if cut > start + 1 || can_break_before(&chars, cut) {
                    end = cut;
                }
                // Otherwise nothing on this line can move: cut where it overflowed.
            }
            let line: String = chars[start..end].iter().collect();
            out.push(line.trim_end_matches(' ').to_string());
            start = end;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every character one unit wide: a box of width n holds n characters.
    fn lines(text: &str, n: usize) -> Vec<String> {
        break_lines(text, n as f32, |_| 1.0)
    }

    #[test]
    fn plain_text_breaks_at_width() {
        assert_eq!(
            lines("あいうえおかきくけこ", 4),
            ["あいうえ", "おかきく", "けこ"]
        );
    }

    #[test]
    fn punctuation_never_starts_a_line() {
        // "。" would start line 2; "え" is pushed down with it.
        assert_eq!(lines("あいうえ。かき", 4), ["あいう", "え。かき"]);
        assert_eq!(lines("あいうえ、」かき", 4), ["あいう", "え、」か", "き"]);
        for l in lines(
            "上記の者は、生活保護法による保護を受けていることを証明します。",
            5,
        ) {
            let first = l.chars().next().unwrap();
            assert!(!is_no_start(first), "line starts with {first}: {l}");
        }
    }

    #[test]
    fn small_kana_and_long_vowel_never_start_a_line() {
        assert_eq!(lines("あいうきゃく", 4), ["あいう", "きゃく"]);
        assert_eq!(lines("あいうセータ", 4), ["あいう", "セータ"]);
    }

    #[test]
    fn opening_bracket_never_ends_a_line() {
        assert_eq!(lines("あいう「えお」", 4), ["あいう", "「えお」"]);
    }

    #[test]
    fn numbers_stay_whole() {
        assert_eq!(lines("金額は12,345円", 6), ["金額は", "12,345", "円"]);
        assert_eq!(lines("令和７年４月", 2), ["令和", "７年", "４月"]);
    }

    #[test]
    fn overlong_run_is_cut_rather_than_looping() {
        assert_eq!(lines("1234567890", 4), ["1234", "5678", "90"]);
        assert_eq!(lines("。。。。。", 2), ["。。", "。。", "。"]);
    }

    #[test]
    fn newline_forces_break_and_blank_lines_survive() {
        assert_eq!(lines("あい\n\nう", 4), ["あい", "", "う"]);
    }

    #[test]
    fn space_at_wrap_is_dropped() {
        assert_eq!(lines("abc def ghi", 4), ["abc", "def", "ghi"]);
    }

    #[test]
    fn every_character_is_kept_in_order() {
        let text =
            "保護の実施機関は、被保護者に対し、必要な指導又は指示をすることができる（法第27条）。";
        for n in 1..12 {
            let joined: String = lines(text, n).concat();
            assert_eq!(joined, text, "width {n}");
        }
    }
}
