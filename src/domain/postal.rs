//! 郵便番号 (postal code): one rule for every form that takes one — the household, the 指定医療機関,
//! the 指定介護機関 — and one stored form, `347-0001`.

use unicode_normalization::UnicodeNormalization;

use super::household::ValidationError;

/// What the clerk reads next to the field when the number is not seven digits.
pub const MESSAGE: &str = "郵便番号は7桁で入力してください（例: 347-0001）";

/// Read a typed 郵便番号: full-width digits, a leading 〒, spaces and a hyphen (any dash) are
/// accepted; anything else but seven digits is refused under the field `postal_code`.
/// Empty → `None`; otherwise the stored form `NNN-NNNN`.
pub fn parse(s: &str) -> Result<Option<String>, ValidationError> {
    let t: String = s.nfkc().filter(|c| !c.is_whitespace()).collect();
    let t = t.strip_prefix('〒').unwrap_or(&t);
    if t.is_empty() {
        return Ok(None);
    }
    let digits: String = t
        .chars()
        .filter(|c| !matches!(c, '-' | 'ー' | '‐' | '−' | '–' | '—'))
        .collect();
    if digits.len() != 7 || !digits.chars().all(|c| c.is_ascii_digit()) {
        return Err(ValidationError::new("postal_code", MESSAGE));
    }
    Ok(Some(format!("{}-{}", &digits[..3], &digits[3..])))
}

/// A stored 郵便番号 in the stored form: rows written before the forms shared [`parse`] may hold
/// the seven digits without the hyphen. What is not seven digits is shown as it is.
pub fn stored(s: Option<String>) -> Option<String> {
    s.map(|p| parse(&p).ok().flatten().unwrap_or(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seven_digits_in_any_width_are_kept_with_the_hyphen() {
        for typed in [
            "3470001",
            "347-0001",
            "３４７－０００１",
            "〒347-0001",
            " 347 0001 ",
            "347ー0001",
        ] {
            assert_eq!(
                parse(typed).unwrap().as_deref(),
                Some("347-0001"),
                "{typed}"
            );
        }
        assert_eq!(parse("  ").unwrap(), None);
    }

    #[test]
    fn anything_but_seven_digits_is_refused_under_the_field() {
        for typed in ["34700", "347-00011", "34a-0001", "347-000１x"] {
            let e = parse(typed).unwrap_err();
            assert_eq!(
                (e.field, e.message.as_str()),
                ("postal_code", MESSAGE),
                "{typed}"
            );
        }
    }

    #[test]
    fn a_stored_number_without_the_hyphen_reads_in_the_stored_form() {
        assert_eq!(stored(Some("1000001".into())).as_deref(), Some("100-0001"));
        assert_eq!(stored(Some("不明".into())).as_deref(), Some("不明"));
        assert_eq!(stored(None), None);
    }
}
