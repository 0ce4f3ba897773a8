//! Errors of a calculation: the rate set cannot answer, or the input contradicts itself.
//! A calculation never guesses a missing figure; it stops and says which table and key.

use super::rates::RateError;
use serde::Serialize;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
// Adjacently tagged: `RateError` is itself tagged with "code", so an internal tag here would
// write the key twice.
#[serde(tag = "kind", content = "detail", rename_all = "snake_case")]
pub enum CalcError {
    /// The set has no row for a key the household needs.
    #[error("{table} に該当する行がありません（{key}）")]
    MissingRate { table: String, key: String },

    /// The household needs a table (or 加算) that the national set deliberately does not carry:
    /// the office must import it.
    #[error("{what}は基準額表「{version}」にありません。国の表として同梱していないため（{reason}）、基準額表の画面の「不足の表を追加」で事務所の表を取り込んでください")]
    OfficeTableMissing {
        what: String,
        version: String,
        reason: String,
    },

    /// The set is incomplete for the 級地 and date (from `check_complete`).
    #[error(transparent)]
    Rates(#[from] RateError),

    #[error("入力が不正です: {message}")]
    Input { message: String },

    /// A sum of yen left the range of the calculation. Inputs are bounded so this cannot happen
    /// with valid data; money never wraps silently.
    #[error("金額の合計が大きすぎて計算できません（{what}）")]
    Overflow { what: String },
}

impl CalcError {
    pub fn code(&self) -> &'static str {
        match self {
            CalcError::MissingRate { .. } => "CALC_MISSING_RATE",
            CalcError::OfficeTableMissing { .. } => "CALC_OFFICE_TABLE",
            CalcError::Rates(e) => e.code(),
            CalcError::Input { .. } => "CALC_INPUT",
            CalcError::Overflow { .. } => "CALC_OVERFLOW",
        }
    }

    pub(crate) fn overflow(what: &str) -> CalcError {
        CalcError::Overflow {
            what: what.to_string(),
        }
    }

    pub(crate) fn missing(table: &str, key: impl Into<String>) -> CalcError {
        CalcError::MissingRate {
            table: table.to_string(),
            key: key.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn serialises_without_duplicate_keys() {
        let e = CalcError::Rates(RateError::Incomplete {
            table: "daiichi".into(),
            detail: "x".into(),
        });
        let json = serde_json::to_string(&e).unwrap();
        assert_eq!(
            json,
            r#"{"kind":"rates","detail":{"code":"incomplete","table":"daiichi","detail":"x"}}"#
        );
        assert_eq!(e.code(), "RATE_INCOMPLETE");
        assert_eq!(e.to_string(), "表が不完全です: daiichi — x");
    }
}
