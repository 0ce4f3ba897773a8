//! Money as people read it: integer yen with thousands separators, negative amounts with a
//! leading minus sign (−, U+2212, as printed tables write it). The one formatter of the core:
//! the calculation's explanations, the notices, 調書 and certificates, the messages and the views
//! all print amounts through it (the screens' `formatYen` follows the same convention).

/// "12,345" / "−1,200".
pub fn yen(n: i64) -> String {
    let s = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3 + 3);
    if n < 0 {
        out.push('−');
    }
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// "12,345円" / "−1,200円".
pub fn yen_text(n: i64) -> String {
    format!("{}円", yen(n))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_separators_and_the_minus_sign() {
        assert_eq!(yen(0), "0");
        assert_eq!(yen(999), "999");
        assert_eq!(yen(1_000), "1,000");
        assert_eq!(yen(122_000), "122,000");
        assert_eq!(yen(1_234_567), "1,234,567");
        assert_eq!(yen(-1_200), "−1,200");
        assert_eq!(yen(i64::MIN), "−9,223,372,036,854,775,808");
        assert_eq!(yen_text(43_000), "43,000円");
        assert_eq!(yen_text(-5), "−5円");
    }
}
