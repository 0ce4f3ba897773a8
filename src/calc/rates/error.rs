//! The one error type of the rate-table room. Messages are Japanese because staff read them on
//! the import screen; each names the file and, where there is one, the line (1-based, the header
//! being line 1) so the office can fix its spreadsheet.

use serde::Serialize;
use thiserror::Error;

#[derive(Debug, Clone, PartialEq, Eq, Error, Serialize)]
#[serde(tag = "code", rename_all = "snake_case")]
pub enum RateError {
    #[error("{path}: {message}")]
    Io { path: String, message: String },

    /// The file is not UTF-8 (or was decoded with replacement characters).
    #[error("{file} {line}行目: {detail}")]
    Encoding {
        file: String,
        line: usize,
        detail: String,
    },

    /// A table file is a symbolic link (never followed: it could point anywhere).
    #[error("{file}: シンボリックリンクは取り込めません。表のファイルそのものをフォルダに置いてください")]
    Symlink { file: String },

    #[error("{file}: 必須のファイルがありません")]
    MissingFile { file: String },

    #[error("{file}: 想定していないファイルです（表の名前は docs/rate-tables.md を参照）")]
    UnknownFile { file: String },

    #[error("manifest.toml{}: {message}", line.map(|l| format!(" {l}行目")).unwrap_or_default())]
    Manifest {
        line: Option<usize>,
        message: String,
    },

    /// `problem` says what differs (a column name we expected, or a count); the file's own
    /// header is never echoed, since the file may not be a table at all.
    #[error("{file} 1行目: 見出しが違います（{problem}）。1行目は「{expected}」にしてください")]
    Header {
        file: String,
        expected: String,
        problem: String,
    },

    #[error("{file} {line}行目 {column}列: {message}")]
    Field {
        file: String,
        line: usize,
        column: String,
        message: String,
    },

    #[error("{file} {line}行目 {column}列: 負の値は使えません（{value}）")]
    Negative {
        file: String,
        line: usize,
        column: String,
        value: i64,
    },

    #[error("{file} {line}行目: 出典「{source_id}」が manifest.toml の sources にありません")]
    UnknownSource {
        file: String,
        line: usize,
        source_id: String,
    },

    #[error("{file} {line}行目: 適用期間が表の版の期間（{set_from}〜{set_to}）の外です")]
    OutsidePeriod {
        file: String,
        line: usize,
        set_from: String,
        set_to: String,
    },

    #[error("{file} {line}行目: {}{other_line}行目と重複しています（{key}）", if other_file == file { String::new() } else { format!("{other_file} ") })]
    Overlap {
        file: String,
        line: usize,
        other_file: String,
        other_line: usize,
        key: String,
    },

    #[error("{file} {line}行目付近: 抜けがあります（{key}: {detail}）")]
    Gap {
        file: String,
        line: usize,
        key: String,
        detail: String,
    },

    #[error("表が不完全です: {table} — {detail}")]
    Incomplete { table: String, detail: String },
}

impl RateError {
    /// A stable code for logs, the UI and tests (messages may be reworded; codes may not).
    pub fn code(&self) -> &'static str {
        match self {
            RateError::Io { .. } => "RATE_IO",
            RateError::Encoding { .. } => "RATE_ENCODING",
            RateError::Symlink { .. } => "RATE_SYMLINK",
            RateError::MissingFile { .. } => "RATE_MISSING_FILE",
            RateError::UnknownFile { .. } => "RATE_UNKNOWN_FILE",
            RateError::Manifest { .. } => "RATE_MANIFEST",
            RateError::Header { .. } => "RATE_HEADER",
            RateError::Field { .. } => "RATE_FIELD",
            RateError::Negative { .. } => "RATE_NEGATIVE",
            RateError::UnknownSource { .. } => "RATE_UNKNOWN_SOURCE",
            RateError::OutsidePeriod { .. } => "RATE_OUTSIDE_PERIOD",
            RateError::Overlap { .. } => "RATE_OVERLAP",
            RateError::Gap { .. } => "RATE_GAP",
            RateError::Incomplete { .. } => "RATE_INCOMPLETE",
        }
    }

    /// The line the error points at, when it points at one.
    pub fn line(&self) -> Option<usize> {
        match self {
            RateError::Field { line, .. }
            | RateError::Encoding { line, .. }
            | RateError::Negative { line, .. }
            | RateError::UnknownSource { line, .. }
            | RateError::OutsidePeriod { line, .. }
            | RateError::Overlap { line, .. }
            | RateError::Gap { line, .. } => Some(*line),
            RateError::Header { .. } => Some(1),
            RateError::Manifest { line, .. } => *line,
            _ => None,
        }
    }
}
