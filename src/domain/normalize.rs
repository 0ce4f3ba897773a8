//! Search keys for the counter search: the normalised form under which names are matched, so
//! that a clerk finds ヤマダ by typing やまだ, ﾔﾏﾀﾞ, "山田 太郎" or "山田　太郎".
//!
//! Names are stored exactly as typed; only the key is normalised, and the key is never shown.
//!
//! What this module deliberately does not do: it does not read kanji (山田 does not find やまだ;
//! that needs the stored furigana), it does not fold old and new kanji forms (髙/高, 﨑/崎), and it
//! does not equate voiced and unvoiced kana (ダ is not タ), because each of those would make the
//! search return people the clerk did not ask for.

use unicode_normalization::UnicodeNormalization;

/// The key a name (or what a clerk typed to find one) is matched under.
///
/// NFKC (half-width kana become full-width, composed with their dakuten; full-width ASCII becomes
/// ASCII), then hiragana become katakana, all whitespace and middle dots go, ASCII is lowercased.
pub fn search_key(s: &str) -> String {
    s.nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '・' | '･'))
        .map(|c| hiragana_to_katakana(c).to_ascii_lowercase())
        .collect()
}

/// Only the ASCII digits of `s` after NFKC: for phone numbers and case numbers ("第１２３号").
pub fn digits_only(s: &str) -> String {
    s.nfkc().filter(char::is_ascii_digit).collect()
}

/// フリガナ as printed: NFKC (half-width kana become full-width), hiragana become katakana;
/// spacing is kept as typed.
pub fn to_katakana(s: &str) -> String {
    s.nfkc().map(hiragana_to_katakana).collect()
}

fn hiragana_to_katakana(c: char) -> char {
    match c {
        // ぁ..ゖ and the iteration marks ゝゞ sit exactly 0x60 below their katakana.
        '\u{3041}'..='\u{3096}' | '\u{309D}'..='\u{309E}' => {
            char::from_u32(c as u32 + 0x60).unwrap_or(c)
        }
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn half_width_kana_with_dakuten_compose() {
        assert_eq!(search_key("ﾀﾞ"), "ダ");
        assert_eq!(search_key("ﾊﾟ"), "パ");
        assert_eq!(search_key("ﾔﾏﾀﾞ ﾀﾛｳ"), "ヤマダタロウ");
    }

    #[test]
    fn furigana_prints_in_katakana() {
        assert_eq!(to_katakana("まどぐち　はなこ"), "マドグチ ハナコ");
        assert_eq!(to_katakana("ﾏﾄﾞｸﾞﾁ ﾊﾅｺ"), "マドグチ ハナコ");
    }

    #[test]
    fn hiragana_and_katakana_meet() {
        assert_eq!(search_key("やまだ　たろう"), "ヤマダタロウ");
        assert_eq!(search_key("やまだ　たろう"), search_key("ﾔﾏﾀﾞ ﾀﾛｳ"));
        assert_eq!(search_key("ヤマダ タロウ"), search_key("やまだたろう"));
        assert_eq!(search_key("ゔ"), "ヴ");
        assert_eq!(search_key("ゔ"), search_key("ヴ"));
        assert_eq!(search_key("ぁゕゖ"), "ァヵヶ");
        assert_eq!(search_key("いすゞ"), "イスヾ");
    }

    #[test]
    fn latin_letters_fold_width_and_case() {
        assert_eq!(search_key("ＹＡＭＡＤＡ"), "yamada");
        assert_eq!(search_key("ＹＡＭＡＤＡ"), search_key("Yamada"));
        assert_eq!(search_key("Ｊｏｈｎ　Ｓｍｉｔｈ"), "johnsmith");
    }

    #[test]
    fn whitespace_and_middle_dots_vanish() {
        assert_eq!(search_key("山田 太郎"), "山田太郎");
        assert_eq!(search_key("山田　太郎"), "山田太郎");
        assert_eq!(search_key(" 山田\t太郎 "), "山田太郎");
        assert_eq!(search_key("ジョン・スミス"), "ジョンスミス");
        assert_eq!(search_key("ｼﾞｮﾝ･ｽﾐｽ"), "ジョンスミス");
    }

    #[test]
    fn prolonged_sound_mark_widens() {
        assert_eq!(search_key("ｰ"), "ー");
        assert_eq!(search_key("ｺｰﾋｰ"), "コーヒー");
    }

    #[test]
    fn what_is_not_folded_stays_apart() {
        // Voiced and unvoiced kana are different names.
        assert_ne!(search_key("ヤマダ"), search_key("ヤマタ"));
        // Kanji are left as they are.
        assert_eq!(search_key("髙橋"), "髙橋");
        assert_ne!(search_key("山田"), search_key("やまだ"));
    }

    #[test]
    fn digits_only_keeps_ascii_digits_after_nfkc() {
        assert_eq!(digits_only("第123号"), "123");
        assert_eq!(digits_only("第１２３号"), "123");
        assert_eq!(digits_only("０３－１２３４－５６７８"), "0312345678");
        assert_eq!(digits_only("(03) 1234 5678"), "0312345678");
        assert_eq!(digits_only("なし"), "");
    }
}
