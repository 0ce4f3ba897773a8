//! Check digits of the numbers a public-assistance desk types in: 公費負担者番号, 受給者番号,
//! 医療機関コード, 個人番号 (My Number) and 地方公共団体コード.
//!
//! Each `validate_*` function takes what the clerk typed (ASCII or full-width digits, with spaces
//! or hyphens as they appear on paper), and returns the bare ASCII digits to store, or a
//! [`CheckError`] whose message the clerk can act on.
//!
//! What this module deliberately does not do: it does not say whether a number exists (a correct
//! check digit only catches typos), it does not look numbers up anywhere, and it never puts the
//! number itself into an error, so that a My Number typed wrongly cannot leak into a log through
//! an error message.

use thiserror::Error;

/// The one error of this module: why a typed number was refused.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum CheckError {
    #[error("番号が入力されていません")]
    Empty,
    #[error("数字以外の文字が含まれています（使えるのは数字・空白・ハイフンだけです）")]
    NotDigits,
    #[error("桁数が違います（{expected}桁で入力してください。入力は{actual}桁です）")]
    WrongLength { expected: usize, actual: usize },
    #[error("検査数字が一致しません。番号を確認してください")]
    CheckDigitMismatch,
    #[error("法別番号が「{found}」です。生活保護の公費負担者番号は「12」で始まります")]
    WrongLawCode { found: String },
}

impl CheckError {
    /// A stable code for the UI and the audit log; the Japanese text may be reworded, this may not.
    pub fn code(&self) -> &'static str {
        match self {
            CheckError::Empty => "NUMBER_EMPTY",
            CheckError::NotDigits => "NUMBER_NOT_DIGITS",
            CheckError::WrongLength { .. } => "NUMBER_WRONG_LENGTH",
            CheckError::CheckDigitMismatch => "CHECK_DIGIT_MISMATCH",
            CheckError::WrongLawCode { .. } => "WRONG_LAW_CODE",
        }
    }
}

/// 法別番号 of 生活保護 (the first two digits of its 公費負担者番号).
const LAW_CODE_SEIKATSU_HOGO: &str = "12";

/// Modulus-10 check digit (保険者番号設定要領) of an ASCII-digit body: from the rightmost digit
/// multiply by 2,1,2,1…, add the digits of each product, check = (10 − sum mod 10) mod 10.
///
/// `None` when the body is empty or holds anything but ASCII digits; callers normalise first.
pub fn mod10_check_digit(body: &str) -> Option<u8> {
    let digits = ascii_digits(body)?;
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let product = u32::from(d) * if i % 2 == 0 { 2 } else { 1 };
            product / 10 + product % 10
        })
        .sum();
    Some(((10 - sum % 10) % 10) as u8)
}

/// 公費負担者番号 (8 digits): 法別番号 must be 12 (生活保護), last digit the modulus-10 check of
/// the first seven. Returns the 8 ASCII digits.
pub fn validate_public_payer_number(s: &str) -> Result<String, CheckError> {
    let digits = normalize_number(s, 8)?;
    // The law code is checked before the check digit: a valid number of another scheme (e.g. a
    // 医療保険 number) has a correct check digit, and "wrong scheme" is the useful thing to say.
    if &digits[..2] != LAW_CODE_SEIKATSU_HOGO {
        return Err(CheckError::WrongLawCode {
            found: digits[..2].to_string(),
        });
    }
    expect_check(&digits, mod10_check_digit(&digits[..7]))
}

/// 受給者番号 (7 digits): 6 digits + modulus-10 check. Returns the 7 ASCII digits.
///
/// DOMAIN.md marks the modulus-10 rule for this field as unverified against an official source.
pub fn validate_recipient_number(s: &str) -> Result<String, CheckError> {
    let digits = normalize_number(s, 7)?;
    expect_check(&digits, mod10_check_digit(&digits[..6]))
}

/// A 受給者番号 made from a 6-digit 受給者区分 (0–999,999): the six digits and their modulus-10
/// check. The caller chooses the 区分 (per voucher month, never fixed per person: see
/// `domain::voucher`).
pub fn compose_recipient_number(category: u32) -> Option<String> {
    if category > 999_999 {
        return None;
    }
    let body = format!("{category:06}");
    let check = mod10_check_digit(&body)?;
    Some(format!("{body}{check}"))
}

/// 医療機関コード (10 digits, as on a 処方箋 and in the online-eligibility records): 都道府県 2 +
/// 点数表 1 + 郡市区 2 + 医療機関番号 4 + check digit, the modulus-10 (weights 2-1) check of
/// the first nine. Returns the 10 ASCII digits. Whether the 点数表 digit fits the kind of
/// institution is `domain::medical_aid`'s rule, not a check digit.
pub fn validate_institution_code(s: &str) -> Result<String, CheckError> {
    let digits = normalize_number(s, 10)?;
    expect_check(&digits, mod10_check_digit(&digits[..9]))
}

/// Check digit of a 個人番号 from its 11-digit ASCII body; `None` unless exactly 11 ASCII digits.
pub fn my_number_check_digit(body11: &str) -> Option<u8> {
    let digits = ascii_digits(body11)?;
    if digits.len() != 11 {
        return None;
    }
    // n counts from 1 at the rightmost digit; the weights are 2..=7 then 2..=6.
    let sum: u32 = digits
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let n = i as u32 + 1;
            let q = if n <= 6 { n + 1 } else { n - 5 };
            u32::from(d) * q
        })
        .sum();
    let remainder = sum % 11;
    Some(if remainder <= 1 {
        0
    } else {
        (11 - remainder) as u8
    })
}

/// 個人番号 (My Number, 12 digits). Accepts "1234-5678-9018", full-width digits and spaces.
/// Returns the 12 ASCII digits.
pub fn validate_my_number(s: &str) -> Result<String, CheckError> {
    let digits = normalize_number(s, 12)?;
    expect_check(&digits, my_number_check_digit(&digits[..11]))
}

/// The only form of a My Number a screen may show without a logged reveal: "****-****-9018".
///
/// Anything that is not 12 digits is masked completely, so that a malformed value passed here by
/// mistake still shows nothing.
pub fn mask_my_number(digits12: &str) -> String {
    match normalize_number(digits12, 12) {
        Ok(d) => format!("****-****-{}", &d[8..]),
        Err(_) => "****-****-****".to_string(),
    }
}

/// 地方公共団体コード (6 digits): check = (11 − (Σ dᵢ·wᵢ mod 11)) mod 10 with weights 6,5,4,3,2
/// over the first five digits. Returns the 6 ASCII digits.
pub fn validate_municipality_code(s: &str) -> Result<String, CheckError> {
    let digits = normalize_number(s, 6)?;
    let sum: u32 = digits[..5]
        .bytes()
        .zip([6u32, 5, 4, 3, 2])
        .map(|(b, w)| u32::from(b - b'0') * w)
        .sum();
    let check = ((11 - sum % 11) % 10) as u8;
    expect_check(&digits, Some(check))
}

/// Compares the last digit of already-normalised `digits` with the computed check.
fn expect_check(digits: &str, check: Option<u8>) -> Result<String, CheckError> {
    let last = digits.as_bytes()[digits.len() - 1] - b'0';
    if check == Some(last) {
        Ok(digits.to_string())
    } else {
        Err(CheckError::CheckDigitMismatch)
    }
}

/// The values of an all-ASCII-digit string; `None` if empty or anything else is in it.
fn ascii_digits(s: &str) -> Option<Vec<u8>> {
    if s.is_empty() || !s.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(s.bytes().map(|b| b - b'0').collect())
}

/// Turns what a clerk typed into bare ASCII digits of the expected length.
fn normalize_number(s: &str, expected: usize) -> Result<String, CheckError> {
    let mut out = String::with_capacity(expected);
    for c in s.chars() {
        match c {
            '0'..='9' => out.push(c),
            // Full-width digits come from typing with the IME on.
            '０'..='９' => out.push(char::from(b'0' + (c as u32 - '０' as u32) as u8)),
            // Separators as printed on cards and forms. With the IME on, the hyphen key gives
            // ー or －, so those count as hyphens here too.
            c if c.is_whitespace() => {}
            '-' | '－' | '‐' | '‑' | '–' | '—' | '−' | 'ー' | 'ｰ' => {}
            _ => return Err(CheckError::NotDigits),
        }
    }
    if out.is_empty() {
        return Err(CheckError::Empty);
    }
    let actual = out.len();
    if actual != expected {
        return Err(CheckError::WrongLength { expected, actual });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mod10_matches_the_published_vectors() {
        assert_eq!(mod10_check_digit("3312001"), Some(5));
        assert_eq!(mod10_check_digit("5401602"), Some(7));
        assert_eq!(mod10_check_digit("1227001"), Some(3));
    }

    #[test]
    fn mod10_refuses_non_digits_and_empty() {
        assert_eq!(mod10_check_digit(""), None);
        assert_eq!(mod10_check_digit("12a4"), None);
        assert_eq!(mod10_check_digit("１２２７００１"), None);
    }

    #[test]
    fn mod10_sums_the_digits_of_two_digit_products() {
        // 7 doubled is 14, which counts as 1 + 4 = 5 → check 5 (adding 14 itself would give 6).
        assert_eq!(mod10_check_digit("7"), Some(5));
        assert_eq!(mod10_check_digit("07"), Some(5));
        // The rightmost digit is doubled, the next one is not: "70" → 0·2 + 7·1 = 7 → 3.
        assert_eq!(mod10_check_digit("70"), Some(3));
    }

    #[test]
    fn public_payer_numbers_that_are_valid() {
        assert_eq!(
            validate_public_payer_number("12270013"),
            Ok("12270013".into())
        );
        // 1213001 → sum 11 → 9; 1201010 → sum 6 → 4 (computed by hand with the rule).
        assert_eq!(
            validate_public_payer_number("12130019"),
            Ok("12130019".into())
        );
        assert_eq!(
            validate_public_payer_number("12010104"),
            Ok("12010104".into())
        );
        assert_eq!(
            validate_public_payer_number("１２２７００１３"),
            Ok("12270013".into())
        );
        assert_eq!(
            validate_public_payer_number("12 27 001 3"),
            Ok("12270013".into())
        );
        assert_eq!(
            validate_public_payer_number("12-27-001-3"),
            Ok("12270013".into())
        );
        assert_eq!(
            validate_public_payer_number("１２ー２７ー００１ー３"),
            Ok("12270013".into())
        );
    }

    #[test]
    fn public_payer_numbers_that_are_refused() {
        assert_eq!(validate_public_payer_number(""), Err(CheckError::Empty));
        assert_eq!(validate_public_payer_number(" - "), Err(CheckError::Empty));
        assert_eq!(
            validate_public_payer_number("1227001O"),
            Err(CheckError::NotDigits)
        );
        assert_eq!(
            validate_public_payer_number("1227001"),
            Err(CheckError::WrongLength {
                expected: 8,
                actual: 7
            })
        );
        assert_eq!(
            validate_public_payer_number("122700134"),
            Err(CheckError::WrongLength {
                expected: 8,
                actual: 9
            })
        );
        assert_eq!(
            validate_public_payer_number("12270012"),
            Err(CheckError::CheckDigitMismatch)
        );
        // Transposed digits: the typo the check digit exists for.
        assert_eq!(
            validate_public_payer_number("12720013"),
            Err(CheckError::CheckDigitMismatch)
        );
        // Valid numbers of other schemes are refused for the scheme, not the check digit.
        assert_eq!(
            validate_public_payer_number("33120015"),
            Err(CheckError::WrongLawCode { found: "33".into() })
        );
        assert_eq!(
            validate_public_payer_number("54016027"),
            Err(CheckError::WrongLawCode { found: "54".into() })
        );
    }

    #[test]
    fn institution_codes() {
        // research/vouchers: 0110113719 (body 011011371 → 9).
        assert_eq!(
            validate_institution_code("0110113719"),
            Ok("0110113719".into())
        );
        assert_eq!(
            validate_institution_code("01-1-01-1371-9"),
            Ok("0110113719".into())
        );
        assert_eq!(
            validate_institution_code("0110113718"),
            Err(CheckError::CheckDigitMismatch)
        );
        assert_eq!(
            validate_institution_code("011011371"),
            Err(CheckError::WrongLength {
                expected: 10,
                actual: 9
            })
        );
    }

    #[test]
    fn composed_recipient_numbers_validate() {
        assert_eq!(
            compose_recipient_number(123_456).as_deref(),
            Some("1234566")
        );
        assert_eq!(compose_recipient_number(0).as_deref(), Some("0000000"));
        assert_eq!(compose_recipient_number(1_000_000), None);
        for n in [1, 17, 99_999, 500_000, 999_999] {
            let r = compose_recipient_number(n).unwrap();
            assert_eq!(validate_recipient_number(&r), Ok(r.clone()));
        }
    }

    #[test]
    fn recipient_numbers() {
        // 123456 → sum 24 → 6; 000000 → 0.
        assert_eq!(validate_recipient_number("1234566"), Ok("1234566".into()));
        assert_eq!(validate_recipient_number("0000000"), Ok("0000000".into()));
        assert_eq!(
            validate_recipient_number("１２３４５６６"),
            Ok("1234566".into())
        );
        assert_eq!(
            validate_recipient_number("1234567"),
            Err(CheckError::CheckDigitMismatch)
        );
        assert_eq!(
            validate_recipient_number("123456"),
            Err(CheckError::WrongLength {
                expected: 7,
                actual: 6
            })
        );
    }

    #[test]
    fn my_number_check_digit_vector() {
        assert_eq!(my_number_check_digit("12345678901"), Some(8));
        assert_eq!(my_number_check_digit("1234567890"), None);
        assert_eq!(my_number_check_digit("1234567890a"), None);
    }

    #[test]
    fn my_number_remainder_zero_or_one_gives_zero() {
        // All zeros: sum 0, remainder 0 → 0.
        assert_eq!(my_number_check_digit("00000000000"), Some(0));
        // Only P1 = 5: sum 5·2 = 10, remainder 10 → 1.
        assert_eq!(my_number_check_digit("00000000005"), Some(1));
        // Only P2 = 5: sum 5·3 = 15, remainder 4 → 7.
        assert_eq!(my_number_check_digit("00000000050"), Some(7));
        // Only P7 = 6 (weight 2): sum 12, remainder 1 → 0, not 10.
        assert_eq!(my_number_check_digit("00006000000"), Some(0));
    }

    #[test]
    fn my_number_accepts_the_ways_it_is_typed() {
        for typed in [
            "123456789018",
            "1234-5678-9018",
            "1234 5678 9018",
            "１２３４　５６７８　９０１８",
            "１２３４－５６７８－９０１８",
        ] {
            assert_eq!(
                validate_my_number(typed),
                Ok("123456789018".into()),
                "{typed}"
            );
        }
    }

    #[test]
    fn my_number_refusals() {
        assert_eq!(
            validate_my_number("123456789019"),
            Err(CheckError::CheckDigitMismatch)
        );
        assert_eq!(
            validate_my_number("213456789018"),
            Err(CheckError::CheckDigitMismatch)
        );
        assert_eq!(
            validate_my_number("1234-5678-901"),
            Err(CheckError::WrongLength {
                expected: 12,
                actual: 11
            })
        );
        assert_eq!(
            validate_my_number("1234/5678/9018"),
            Err(CheckError::NotDigits)
        );
        assert_eq!(validate_my_number(""), Err(CheckError::Empty));
    }

    #[test]
    fn errors_do_not_repeat_the_number() {
        let err = validate_my_number("123456789019").unwrap_err();
        assert!(!err.to_string().contains("9019"));
        assert!(!format!("{err:?}").contains("9019"));
    }

    #[test]
    fn masking_shows_only_the_last_four() {
        assert_eq!(mask_my_number("123456789018"), "****-****-9018");
        assert_eq!(mask_my_number("1234-5678-9018"), "****-****-9018");
        assert_eq!(mask_my_number("12345678901"), "****-****-****");
        assert_eq!(mask_my_number("not a number"), "****-****-****");
    }

    #[test]
    fn municipality_codes() {
        // 千代田区, 札幌市, 大阪市, 加須市, 八王子市, 横浜市, 福岡市.
        for code in [
            "131016", "011002", "271004", "112101", "132012", "141003", "401307",
        ] {
            assert_eq!(
                validate_municipality_code(code),
                Ok(code.to_string()),
                "{code}"
            );
        }
        assert_eq!(
            validate_municipality_code("１３１０１６"),
            Ok("131016".into())
        );
        assert_eq!(
            validate_municipality_code("131017"),
            Err(CheckError::CheckDigitMismatch)
        );
        assert_eq!(
            validate_municipality_code("311016"),
            Err(CheckError::CheckDigitMismatch)
        );
        assert_eq!(
            validate_municipality_code("13101"),
            Err(CheckError::WrongLength {
                expected: 6,
                actual: 5
            })
        );
    }

    #[test]
    fn municipality_check_of_ten_is_zero() {
        // 20000: Σ = 2·6 = 12 ≡ 1 (mod 11), so 11 − 1 = 10, which is written as 0.
        assert_eq!(validate_municipality_code("200000"), Ok("200000".into()));
        assert_eq!(
            validate_municipality_code("200001"),
            Err(CheckError::CheckDigitMismatch)
        );
    }

    #[test]
    fn messages_and_codes() {
        assert_eq!(
            CheckError::WrongLength {
                expected: 8,
                actual: 7
            }
            .to_string(),
            "桁数が違います（8桁で入力してください。入力は7桁です）"
        );
        assert_eq!(
            CheckError::CheckDigitMismatch.to_string(),
            "検査数字が一致しません。番号を確認してください"
        );
        assert!(CheckError::WrongLawCode { found: "33".into() }
            .to_string()
            .contains("「33」"));
        let all = [
            CheckError::Empty,
            CheckError::NotDigits,
            CheckError::WrongLength {
                expected: 1,
                actual: 2,
            },
            CheckError::CheckDigitMismatch,
            CheckError::WrongLawCode {
                found: String::new(),
            },
        ];
        let mut codes: Vec<_> = all.iter().map(CheckError::code).collect();
        codes.sort();
        codes.dedup();
        assert_eq!(codes.len(), all.len());
    }
}
