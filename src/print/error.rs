//! The one error type of the `print` room: why a document could not be made or printed.
//!
//! `Display` is the Japanese message shown to the clerk; [`PrintError::code`] is a stable code for
//! the UI and the audit log (the wording may change, the code may not).

use thiserror::Error;

#[derive(Debug, Error)]
pub enum PrintError {
    /// A bundled font could not be read (a build problem, not a clerk's).
    #[error("フォントを読み込めません（{0}）")]
    Font(String),
    /// A character has no glyph in the IPAex fonts (e.g. an 外字 in a name).
    #[error("「{ch}」（U+{code:04X}）は印刷用フォントにないため印刷できません（{field}）")]
    MissingGlyph { ch: char, code: u32, field: String },
    /// A value is too long for its box on the form.
    #[error("「{field}」が長すぎて帳票の枠に収まりません")]
    Overflow { field: String },
    /// Text shaped like a My Number (12 digits) reached a document; it is never printed.
    #[error("個人番号（マイナンバー）と思われる12桁の数字は印刷できません（{field}）")]
    LooksLikeMyNumber { field: String },
    /// The document value itself is not printable (e.g. an empty list where one is required).
    #[error("帳票の内容に誤りがあります：{0}")]
    InvalidDocument(String),
    /// printpdf/lopdf failed while writing the PDF.
    #[error("PDFの作成に失敗しました（{0}）")]
    Render(String),
    #[error("プリンター「{0}」が見つかりません")]
    PrinterNotFound(String),
    #[error("既定のプリンターが設定されていません。プリンターを選んでください")]
    NoDefaultPrinter,
    /// The print system itself (CUPS: `lp`, `lpstat`, cupsd) is missing or not running.
    #[error("印刷システムを利用できません（{0}）")]
    PrintSystemUnavailable(String),
    /// The print system refused or lost the job.
    #[error("印刷に失敗しました（{0}）")]
    JobFailed(String),
    /// The copies count is outside 1–99.
    #[error("部数は1から99までで指定してください（{0}部が指定されました）")]
    InvalidCopies(u32),
    #[error("PDFを表示するアプリを開けません（{0}）")]
    Viewer(String),
    #[error("ファイルの読み書きに失敗しました（{0}）")]
    Io(#[from] std::io::Error),
}

impl PrintError {
    /// A stable code for the UI and the audit log.
    pub fn code(&self) -> &'static str {
        match self {
            PrintError::Font(_) => "PRINT_FONT",
            PrintError::MissingGlyph { .. } => "PRINT_MISSING_GLYPH",
            PrintError::Overflow { .. } => "PRINT_OVERFLOW",
            PrintError::LooksLikeMyNumber { .. } => "PRINT_MY_NUMBER",
            PrintError::InvalidDocument(_) => "PRINT_INVALID_DOCUMENT",
            PrintError::Render(_) => "PRINT_RENDER",
            PrintError::PrinterNotFound(_) => "PRINT_PRINTER_NOT_FOUND",
            PrintError::NoDefaultPrinter => "PRINT_NO_DEFAULT_PRINTER",
            PrintError::PrintSystemUnavailable(_) => "PRINT_SYSTEM_UNAVAILABLE",
            PrintError::JobFailed(_) => "PRINT_JOB_FAILED",
            PrintError::InvalidCopies(_) => "PRINT_INVALID_COPIES",
            PrintError::Viewer(_) => "PRINT_VIEWER",
            PrintError::Io(_) => "PRINT_IO",
        }
    }
}

pub type Result<T> = std::result::Result<T, PrintError>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn missing_printer_message_names_the_printer() {
        let e = PrintError::PrinterNotFound("窓口2F".into());
        assert_eq!(e.to_string(), "プリンター「窓口2F」が見つかりません");
        assert_eq!(e.code(), "PRINT_PRINTER_NOT_FOUND");
    }

    #[test]
    fn missing_glyph_message_shows_code_point() {
        let e = PrintError::MissingGlyph {
            ch: '𠮷',
            code: '𠮷' as u32,
            field: "氏名".into(),
        };
        assert_eq!(
            e.to_string(),
            "「𠮷」（U+20BB7）は印刷用フォントにないため印刷できません（氏名）"
        );
    }
}
