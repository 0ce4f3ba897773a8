//! Bounds on free text typed at the counter: a length a form can hold, and no characters that
//! act instead of print — control characters (escape sequences, NUL) and the Unicode
//! direction and invisible formatting marks that make a name look like another.

/// Characters that change how text is shown or read rather than showing a glyph.
pub fn is_invisible_or_control(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{00AD}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}' | '\u{2060}'..='\u{2069}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// `Some(message)` when `s` is longer than `max` characters or holds a control or invisible
/// formatting character; `label` names the field in the message.
pub fn problem(label: &str, s: &str, max: usize) -> Option<String> {
    if s.chars().count() > max {
        return Some(format!("{label}は{max}文字以内で入力してください"));
    }
    if s.chars().any(is_invisible_or_control) {
        return Some(format!("{label}に制御文字や見えない文字は使えません"));
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn length_and_hidden_characters_are_refused() {
        assert_eq!(problem("氏名", "見本 太郎", 60), None);
        assert!(problem("氏名", &"ア".repeat(61), 60).is_some());
        for bad in ["a\u{0}b", "a\u{1b}[31m", "\u{202E}abc", "a\u{200B}b"] {
            assert!(problem("氏名", bad, 60).is_some(), "{bad:?}");
        }
    }
}
