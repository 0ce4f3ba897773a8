//! Money as people read it: integer yen with thousands separators, negative amounts with a
//! leading minus sign (−, U+2212, as printed tables write it). The one formatter of the core:
//! the calculation's explanations, the notices, 調書 and certificates, the messages and the views
//! all print amounts through it (the screens' `formatYen` follows the same convention).

/// "12,345" / "−1,200".
pub fn yen(n: i64) -> String {
    Yen(n).to_string()
}

/// [`yen`] as a `Display`, so a note is written in one allocation.
#[derive(Clone, Copy)]
pub struct Yen(pub i64);

impl std::fmt::Display for Yen {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::fmt::Write;
        let mut buf = [0u8; 20];
        let mut n = self.0.unsigned_abs();
        let mut len = 0;
        loop {
            buf[len] = b'0' + (n % 10) as u8;
            n /= 10;
            len += 1;
            if n == 0 {
                break;
            }
        }
        if self.0 < 0 {
            f.write_char('−')?;
        }
        for i in (0..len).rev() {
            f.write_char(char::from(buf[i]))?;
            if i > 0 && i % 3 == 0 {
                f.write_char(',')?;
            }
        }
        Ok(())
    }
}

/// "12,345円" / "−1,200円".
pub fn yen_text(n: i64) -> String {
    format!("{}円", Yen(n))
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
