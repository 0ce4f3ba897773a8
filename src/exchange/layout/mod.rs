//! File layouts, behind one trait: the queue, export and import never see bytes, only the typed
//! header, [`Record`]s and results. The official layouts are not public; ours is [`jsonl`]
//! (docs/exchange-format.md). A second one — Shift_JIS fixed-length, or the element names of the
//! online-eligibility XML — implements [`Layout`] and is chosen by name in [`by_id`]; nothing in
//! the queue changes.
//!
//! Readers are strict and total: any byte string gives a value or a [`FormatError`], never a
//! panic (see the property test in tests/exchange_fuzz.rs).

pub mod jsonl;

use std::io::Write;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::record::{Agency, Record};
use super::Channel;

/// Largest file a reader accepts (a batch of 100,000 records is far below this).
pub const MAX_FILE_BYTES: usize = 256 * 1024 * 1024;

/// What the first line of a batch says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchHeader {
    pub channel: Channel,
    /// The office: its 公費負担者番号.
    pub office: String,
    /// 地方公共団体コード
    pub municipality: String,
    pub seq: i64,
    pub created_at: String,
}

/// One record line of a batch.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchLine {
    /// Position in the batch, from 1.
    pub no: i64,
    /// The outbox record and the revision of its payload.
    pub event_id: i64,
    pub revision: i64,
    pub record: Record,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedBatch {
    pub header: BatchHeader,
    pub lines: Vec<BatchLine>,
}

/// What the first line of a result file says.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultHeader {
    pub channel: Channel,
    pub office: String,
    /// The batch the results answer.
    pub seq: i64,
    /// SHA-256 of the batch data file exactly as received: ties the results to what was sent.
    pub batch_sha256: String,
    pub created_at: String,
}

/// 個人番号誤入力チェック結果 (item 176): the server found a different number already linked to
/// this person, or none at all.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum MyNumberCheck {
    Mismatch,
    Blank,
}

/// One line of an inquiry answer: a label and a value as the providing agency gave them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(deny_unknown_fields)]
pub struct AnswerItem {
    pub label: String,
    pub value: String,
}

/// What the server says about one record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// 受付 (registered). `receipt_number` = 受付番号 when the server gives one.
    Accepted {
        receipt_number: Option<String>,
        my_number_check: Option<MyNumberCheck>,
    },
    /// エラー: a code, the field at fault if known, and the server's message.
    Error {
        code: String,
        field: Option<String>,
        message: String,
    },
    /// 照会結果 (inquiry channel): the agency answered.
    Answered {
        agency: Agency,
        answered_on: NaiveDate,
        items: Vec<AnswerItem>,
    },
    /// 照会結果: the agency holds nothing on this person (該当なし).
    NoData {
        agency: Agency,
        answered_on: NaiveDate,
    },
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ResultLine {
    pub no: i64,
    pub event_id: i64,
    pub revision: i64,
    pub outcome: Outcome,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParsedResults {
    pub header: ResultHeader,
    pub lines: Vec<ResultLine>,
}

/// Why bytes are not a valid file of the layout. `line` is 1-based (0 = the file as a whole).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct FormatError {
    pub kind: FormatErrorKind,
    pub line: usize,
    pub message: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormatErrorKind {
    /// The file ends before its trailer (cut short while copying, or a partial file).
    Truncated,
    /// The trailer's SHA-256 or count does not match the content: changed after it was written.
    Tampered,
    /// A format version this program does not read.
    Version,
    /// Anything else that is not the layout.
    Syntax,
}

impl FormatError {
    pub fn new(kind: FormatErrorKind, line: usize, message: impl Into<String>) -> Self {
        FormatError {
            kind,
            line,
            message: message.into(),
        }
    }
}

/// Count and SHA-256 of what a writer wrote.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Written {
    pub records: usize,
    pub bytes: u64,
    /// SHA-256 of the whole file.
    pub sha256: String,
}

/// A file layout: names, writers and strict readers for batches and results.
pub trait Layout: Send + Sync {
    /// Stable identifier, written in the manifest ("madoguchi-jsonl-1").
    fn id(&self) -> &'static str;
    /// The batch data file's name ("MDG_MEDICAL_12110015_000001.dat").
    fn data_file_name(&self, channel: Channel, office: &str, seq: i64) -> String;
    /// The result file's name for a batch.
    fn result_file_name(&self, channel: Channel, office: &str, seq: i64) -> String;
    /// Whether a file name in an import directory is a result file of this layout.
    fn is_result_file(&self, name: &str) -> bool;
    /// Write a whole batch. Records are written in the order given, numbered by their `no`.
    fn write_batch(
        &self,
        header: &BatchHeader,
        lines: &[BatchLine],
        out: &mut dyn Write,
    ) -> std::io::Result<Written>;
    fn read_batch(&self, bytes: &[u8]) -> Result<ParsedBatch, FormatError>;
    fn write_results(
        &self,
        header: &ResultHeader,
        lines: &[ResultLine],
        out: &mut dyn Write,
    ) -> std::io::Result<Written>;
    fn read_results(&self, bytes: &[u8]) -> Result<ParsedResults, FormatError>;
}

/// The layout used when nothing else is configured.
pub fn default_layout() -> &'static dyn Layout {
    &jsonl::JsonLines
}

/// A layout by its identifier (as stored with each batch).
pub fn by_id(id: &str) -> Option<&'static dyn Layout> {
    match id {
        jsonl::ID => Some(&jsonl::JsonLines),
        _ => None,
    }
}

/// The common stem of a batch's files: `MDG_<CHANNEL>_<office>_<seq, 6 digits>`.
pub fn file_stem(channel: Channel, office: &str, seq: i64) -> String {
    format!("MDG_{}_{}_{:06}", channel.file_tag(), office, seq)
}

/// The manifest's name for a batch (common to every layout).
pub fn manifest_file_name(channel: Channel, office: &str, seq: i64) -> String {
    format!("{}.manifest.json", file_stem(channel, office, seq))
}

/// The name a file is written under until it is complete (hidden, never mistaken for a batch).
pub fn temp_name(final_name: &str) -> String {
    format!(".{final_name}.partial")
}

/// Whether a file name is one of our temporary names.
pub fn is_temp_name(name: &str) -> bool {
    name.starts_with(".MDG_") && name.ends_with(".partial")
}
