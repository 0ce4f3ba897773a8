//! Rules a new password must meet before an account may use it.
//!
//! The rules are judged on the NFKC form, lowercased, so that full-width and half-width or
//! upper- and lowercase spellings of the same weak password are equally weak.
//!
//! What this module deliberately does not do: it does not hash or store passwords, count failed
//! logins or decide expiry (that is `auth`), and it does not check against lists of leaked
//! passwords; it catches the weak choices a shared desk PC actually sees: short ones, the user ID,
//! and keyboard runs.

use thiserror::Error;
use unicode_normalization::UnicodeNormalization;

/// Shortest password accepted, in characters.
pub const MIN_PASSWORD_CHARS: usize = 10;
/// Long passphrases are welcome; a megabyte is not a password (and costs Argon2 time).
pub const MAX_PASSWORD_CHARS: usize = 128;

/// Fewest different characters a password must use.
const MIN_DISTINCT_CHARS: usize = 4;

/// Longest pattern whose repetition counts as a run ("abcd" in "abcdabcdab").
const MAX_REPEATED_PATTERN: usize = 4;

/// The one error of this module: which rule a proposed password breaks.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum PasswordRuleError {
    #[error("パスワードは{min}文字以上にしてください")]
    TooShort { min: usize },
    #[error("パスワードにユーザーIDを含めることはできません")]
    ContainsUserId,
    #[error("1234 や aaaa のような並びや繰り返しは使えません")]
    Run,
    #[error("パスワードには{}種類以上の文字を使ってください", MIN_DISTINCT_CHARS)]
    TooFewDistinct,
    #[error("パスワードは{max}文字以内にしてください")]
    TooLong { max: usize },
    #[error("パスワードに制御文字や見えない文字（文字の向きを変える記号など）は使えません")]
    HiddenCharacter,
}

impl PasswordRuleError {
    /// A stable code for the UI and the audit log; the Japanese text may be reworded, this may not.
    pub fn code(&self) -> &'static str {
        match self {
            PasswordRuleError::TooShort { .. } => "PASSWORD_TOO_SHORT",
            PasswordRuleError::ContainsUserId => "PASSWORD_CONTAINS_USER_ID",
            PasswordRuleError::Run => "PASSWORD_RUN",
            PasswordRuleError::TooFewDistinct => "PASSWORD_TOO_FEW_DISTINCT",
            PasswordRuleError::TooLong { .. } => "PASSWORD_TOO_LONG",
            PasswordRuleError::HiddenCharacter => "PASSWORD_HIDDEN_CHARACTER",
        }
    }
}

/// Checks `password` for the account `user_id`; the first broken rule is reported, in the order
/// length, user ID, run, distinct characters.
pub fn check_password_rules(user_id: &str, password: &str) -> Result<(), PasswordRuleError> {
    if password.chars().count() > MAX_PASSWORD_CHARS {
        return Err(PasswordRuleError::TooLong {
            max: MAX_PASSWORD_CHARS,
        });
    }
    // NUL cuts the password short in other tools; direction marks and invisible characters make
    // it impossible to type again from what the screen shows.
    if password.chars().any(super::text::is_invisible_or_control) {
        return Err(PasswordRuleError::HiddenCharacter);
    }
    let folded = fold(password);
    let chars: Vec<char> = folded.chars().collect();
    // Counted after NFKC so that ｶﾞ (two code points) counts as the one character ガ it shows.
    if chars.len() < MIN_PASSWORD_CHARS {
        return Err(PasswordRuleError::TooShort {
            min: MIN_PASSWORD_CHARS,
        });
    }
    let user = fold(user_id.trim());
    // The ID itself is refused outright; containing it matters only for IDs long enough to be a
    // real guess (a two-letter ID like "cw" would otherwise forbid half the dictionary).
    if !user.is_empty() && (folded == user || (user.chars().count() >= 3 && folded.contains(&user)))
    {
        return Err(PasswordRuleError::ContainsUserId);
    }
    if is_repetition(&chars) || is_sequence(&chars) {
        return Err(PasswordRuleError::Run);
    }
    let mut distinct = chars.clone();
    distinct.sort_unstable();
    distinct.dedup();
    if distinct.len() < MIN_DISTINCT_CHARS {
        return Err(PasswordRuleError::TooFewDistinct);
    }
    Ok(())
}

fn fold(s: &str) -> String {
    s.nfkc().collect::<String>().to_lowercase()
}

/// The whole password is a pattern of at most four characters repeated ("aaaa…", "abcabc…").
fn is_repetition(chars: &[char]) -> bool {
    (1..=MAX_REPEATED_PATTERN)
        .filter(|&p| p < chars.len())
        .any(|p| chars.iter().enumerate().all(|(i, &c)| c == chars[i % p]))
}

/// The whole password steps by +1 or −1 ("1234567890", "jihgfedcba"); digits wrap 9→0 and
/// letters z→a, because "7890123456" is as guessable as "1234567890".
fn is_sequence(chars: &[char]) -> bool {
    let pairs = || chars.windows(2);
    pairs().all(|w| next(w[0]) == Some(w[1])) || pairs().all(|w| next(w[1]) == Some(w[0]))
}

fn next(c: char) -> Option<char> {
    match c {
        '9' => Some('0'),
        'z' => Some('a'),
        _ => char::from_u32(c as u32 + 1),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(pw: &str) -> Result<(), PasswordRuleError> {
        check_password_rules("tanaka", pw)
    }

    #[test]
    fn a_reasonable_password_is_accepted() {
        assert_eq!(check("sakura-2025-desk"), Ok(()));
        assert_eq!(check("Fuji3776m!"), Ok(()));
        assert_eq!(check("まどぐちの窓を開ける"), Ok(()));
    }

    #[test]
    fn length_counts_characters_not_bytes() {
        assert_eq!(
            check("sakura-20"),
            Err(PasswordRuleError::TooShort { min: 10 })
        );
        assert_eq!(check("sakura-202"), Ok(()));
        // Nine kana are 27 bytes but nine characters.
        assert_eq!(check("さくらのはなさくみち"), Ok(()));
        assert_eq!(
            check("さくらのはなさくみ"),
            Err(PasswordRuleError::TooShort { min: 10 })
        );
        // ｶﾞ is one character once composed.
        assert_eq!(
            check("ｶﾞｶﾞｸｷﾞｸﾞｹﾞ12"),
            Err(PasswordRuleError::TooShort { min: 10 })
        );
        assert_eq!(check(""), Err(PasswordRuleError::TooShort { min: 10 }));
    }

    #[test]
    fn the_user_id_may_not_be_in_it() {
        assert_eq!(
            check("tanaka-2025-desk"),
            Err(PasswordRuleError::ContainsUserId)
        );
        assert_eq!(
            check("desk-TANAKA-25"),
            Err(PasswordRuleError::ContainsUserId)
        );
        assert_eq!(
            check("desk-ｔａｎａｋａ-25"),
            Err(PasswordRuleError::ContainsUserId)
        );
        assert_eq!(
            check_password_rules("Yamada.Taro01", "yamada.taro01"),
            Err(PasswordRuleError::ContainsUserId)
        );
        assert_eq!(
            check_password_rules("ＴＡＮＡＫＡ", "sakura-tanaka"),
            Err(PasswordRuleError::ContainsUserId)
        );
        // A partial overlap is fine.
        assert_eq!(check("tanak-2025-desk"), Ok(()));
        assert_eq!(check_password_rules("", "sakura-2025-desk"), Ok(()));
    }

    #[test]
    fn repetitions_are_runs() {
        for pw in [
            "aaaaaaaaaa",
            "ＡＡＡＡＡＡＡＡＡＡ",
            "ababababab",
            "abcabcabca",
            "12341234123",
            "AbCdaBcDab",
        ] {
            assert_eq!(check(pw), Err(PasswordRuleError::Run), "{pw}");
        }
        // A pattern of five repeated is not caught by this rule (it has five distinct characters).
        assert_eq!(check("abcdeabcde"), Ok(()));
    }

    #[test]
    fn sequences_are_runs() {
        for pw in [
            "1234567890",
            "abcdefghij",
            "ABCDEFGHIJ",
            "9876543210",
            "jihgfedcba",
            "7890123456",
            "3210987654",
            "uvwxyzabcd",
            "１２３４５６７８９０",
        ] {
            assert_eq!(check(pw), Err(PasswordRuleError::Run), "{pw}");
        }
        // Almost a sequence is not one.
        assert_eq!(check("1234567891"), Ok(()));
        assert_eq!(check("1234509876"), Ok(()));
    }

    #[test]
    fn too_few_distinct_characters() {
        assert_eq!(check("aabbabbaab"), Err(PasswordRuleError::TooFewDistinct));
        assert_eq!(check("abcabcabcc"), Err(PasswordRuleError::TooFewDistinct));
        assert_eq!(check("abcdabcdda"), Ok(()));
    }

    #[test]
    fn messages_and_codes() {
        assert_eq!(
            PasswordRuleError::TooShort { min: 10 }.to_string(),
            "パスワードは10文字以上にしてください"
        );
        assert_eq!(
            PasswordRuleError::ContainsUserId.to_string(),
            "パスワードにユーザーIDを含めることはできません"
        );
        assert_eq!(
            PasswordRuleError::Run.to_string(),
            "1234 や aaaa のような並びや繰り返しは使えません"
        );
        assert_eq!(
            PasswordRuleError::TooFewDistinct.to_string(),
            "パスワードには4種類以上の文字を使ってください"
        );
        let all = [
            PasswordRuleError::TooShort { min: 10 },
            PasswordRuleError::ContainsUserId,
            PasswordRuleError::Run,
            PasswordRuleError::TooFewDistinct,
        ];
        let mut codes: Vec<_> = all.iter().map(PasswordRuleError::code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
