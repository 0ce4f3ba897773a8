//! 介護保険事業所番号 (10 characters): 都道府県番号 2 + 事業所区分 1 + 郡市区番号 2 + 番号 4 +
//! 検証番号 1 (MHLW 資料「事業所番号の考え方」, see `research/vouchers/number_composition_checkdigits.md` §4).
//!
//! The check digit is "modulus 10, weights 2-1, extended": from the rightmost of the first nine
//! characters, weights 2,1,2,1…, the digits of each product added, check = (10 − sum mod 10) mod 10
//! — for an all-digit number exactly the rule of `checkdigit::mod10_check_digit`, which is used.
//! The 事業所区分 may be a capital letter (not I, O, Q; A = 総合事業). The source reads a letter as a
//! two-digit value (A = 10 … Z = 32) but the copy we have is cut before its worked example, so
//! whether that value is weighted as one number or as two digits is **not settled**. Until it is,
//! a number with a letter is accepted without checking its last digit, and says so
//! ([`NumberCheck::Unverified`]) so every screen and import report can show the warning.
//!
//! This is the one place the rule lives: a confirmed letter rule changes only [`validate`].

use serde::{Deserialize, Serialize};
use unicode_normalization::UnicodeNormalization;

use crate::domain::checkdigit::mod10_check_digit;

/// Why a typed 事業所番号 was refused. Never repeats the number (messages go to logs).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ProviderNumberError {
    #[error("事業所番号が入力されていません")]
    Empty,
    #[error("事業所番号は10桁です（入力は{0}桁です）")]
    WrongLength(usize),
    #[error("事業所番号の{0}桁目は数字です")]
    NotDigit(usize),
    #[error("事業所番号の3桁目（事業所区分）は数字か、I・O・Q以外の英大文字です")]
    BadCategory,
    #[error("事業所番号の都道府県番号（1〜2桁目）は01〜47です")]
    BadPrefecture,
    #[error("事業所番号の検証番号（10桁目）が一致しません。番号を確認してください")]
    CheckDigitMismatch,
}

impl ProviderNumberError {
    pub fn code(&self) -> &'static str {
        match self {
            ProviderNumberError::Empty => "NUMBER_EMPTY",
            ProviderNumberError::WrongLength(_) => "NUMBER_WRONG_LENGTH",
            ProviderNumberError::NotDigit(_) => "NUMBER_NOT_DIGITS",
            ProviderNumberError::BadCategory => "PROVIDER_NUMBER_CATEGORY",
            ProviderNumberError::BadPrefecture => "PROVIDER_NUMBER_PREFECTURE",
            ProviderNumberError::CheckDigitMismatch => "CHECK_DIGIT_MISMATCH",
        }
    }
}

/// Whether the check digit could be verified.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum NumberCheck {
    /// All digits: the check digit was computed and matches.
    Verified,
    /// A letter in the 事業所区分: accepted, check digit not verified (rule not confirmed).
    Unverified,
}

/// The warning shown wherever an [`NumberCheck::Unverified`] number appears.
pub const UNVERIFIED_WARNING: &str =
    "事業所区分が英字の番号です。英字を含む番号の検証番号の計算方法が確認できていないため、検証番号は照合していません。指定通知書の番号と一字ずつ照らし合わせてください";

/// A 事業所番号 as stored (10 ASCII characters) with how far it was checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderNumber {
    pub code: String,
    pub check: NumberCheck,
}

impl ProviderNumber {
    pub fn warning(&self) -> Option<&'static str> {
        (self.check == NumberCheck::Unverified).then_some(UNVERIFIED_WARNING)
    }
    /// 事業所区分 (the third character).
    pub fn category(&self) -> char {
        self.code.as_bytes()[2] as char
    }
}

/// The check of a number already stored (10 ASCII characters, validated when it was saved).
pub fn check_of(code: &str) -> NumberCheck {
    if code.bytes().all(|b| b.is_ascii_digit()) {
        NumberCheck::Verified
    } else {
        NumberCheck::Unverified
    }
}

/// What a clerk typed (full-width characters, spaces, hyphens, lower-case letters allowed) →
/// the stored number, or why it is refused.
pub fn validate(typed: &str) -> Result<ProviderNumber, ProviderNumberError> {
    let code: String = typed
        .nfkc()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '‐' | '−' | 'ー' | '–' | '—'))
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if code.is_empty() {
        return Err(ProviderNumberError::Empty);
    }
    let n = code.chars().count();
    if n != 10 || !code.is_ascii() {
        return Err(ProviderNumberError::WrongLength(n));
    }
    let b = code.as_bytes();
    for (i, &c) in b.iter().enumerate() {
        if i != 2 && !c.is_ascii_digit() {
            return Err(ProviderNumberError::NotDigit(i + 1));
        }
    }
    let pref = (b[0] - b'0') * 10 + (b[1] - b'0');
    if !(1..=47).contains(&pref) {
        return Err(ProviderNumberError::BadPrefecture);
    }
    let category = b[2];
    if category.is_ascii_digit() {
        if mod10_check_digit(&code[..9]) != Some(b[9] - b'0') {
            return Err(ProviderNumberError::CheckDigitMismatch);
        }
        Ok(ProviderNumber {
            code,
            check: NumberCheck::Verified,
        })
    } else if category.is_ascii_uppercase() && !matches!(category, b'I' | b'O' | b'Q') {
        Ok(ProviderNumber {
            code,
            check: NumberCheck::Unverified,
        })
    } else {
        Err(ProviderNumberError::BadCategory)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A valid all-digit number built with the published 2-1 rule (body 137112345).
    fn valid_digits() -> String {
        let body = "137112345";
        format!("{body}{}", mod10_check_digit(body).unwrap())
    }

    #[test]
    fn all_digit_numbers_are_checked_by_the_2_1_rule() {
        // 5,4,3,2,1,1,7,3,1 (from the right) × 2,1,2,…: 10→1, 4, 6, 2, 2, 1, 14→5, 3, 2 → 26 → 4.
        assert_eq!(valid_digits(), "1371123454");
        let n = validate("1371123454").unwrap();
        assert_eq!(n.check, NumberCheck::Verified);
        assert_eq!(n.warning(), None);
        assert_eq!(n.category(), '7');
        assert_eq!(
            validate("1371123455"),
            Err(ProviderNumberError::CheckDigitMismatch)
        );
    }

    #[test]
    fn typed_forms_are_normalised() {
        for typed in ["１３７１１２３４５４", "13 7 11 2345 4", "13-7-11-2345-4"] {
            assert_eq!(validate(typed).unwrap().code, "1371123454", "{typed}");
        }
    }

    #[test]
    fn a_letter_category_is_accepted_with_a_warning() {
        for typed in ["13A7100010", "13a7100019", "01Z0000000"] {
            let n = validate(typed).unwrap();
            assert_eq!(n.check, NumberCheck::Unverified, "{typed}");
            assert_eq!(n.warning(), Some(UNVERIFIED_WARNING));
            assert_eq!(check_of(&n.code), NumberCheck::Unverified);
        }
        assert_eq!(check_of("1371123454"), NumberCheck::Verified);
    }

    #[test]
    fn i_o_q_and_other_characters_are_refused() {
        for bad in ["13I7100010", "13O7100010", "13Q7100010", "13*7100010"] {
            assert_eq!(
                validate(bad),
                Err(ProviderNumberError::BadCategory),
                "{bad}"
            );
        }
        assert_eq!(
            validate("1371A23454"),
            Err(ProviderNumberError::NotDigit(5))
        );
        assert_eq!(validate(""), Err(ProviderNumberError::Empty));
        assert_eq!(
            validate("137112345"),
            Err(ProviderNumberError::WrongLength(9))
        );
        assert_eq!(
            validate("4971123454"),
            Err(ProviderNumberError::BadPrefecture)
        );
        assert_eq!(
            validate("0071123454"),
            Err(ProviderNumberError::BadPrefecture)
        );
    }

    #[test]
    fn errors_do_not_repeat_the_number() {
        let e = validate("1371123455").unwrap_err();
        assert!(!e.to_string().contains("1371123455"));
        assert_eq!(e.code(), "CHECK_DIGIT_MISMATCH");
    }
}
