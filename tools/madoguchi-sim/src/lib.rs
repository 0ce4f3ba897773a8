//! madoguchi-sim: a simulated intermediate server, for tests and the demo. **Not shipped.**
//!
//! It reads the batches an export wrote to a directory, checks them as strictly as a server
//! would, and writes one result file per batch:
//!
//! * **The batch as a whole** must be complete and untouched: its manifest (format, version,
//!   layout), the data file's size and SHA-256 against the manifest, the data file's own trailer,
//!   and its header against the manifest. Anything wrong: no result at all, exit 2.
//! * **Each record** is checked against the field rules of its kind (`Record::problems`), then
//!   against the server's own rules: a 副本 or 情報照会 record needs a 団体内統合宛名番号 (E2001);
//!   an eligibility registration without a My Number is accepted with the 個人番号 check "blank".
//! * **Switches** make a test's point: `--reject N[:CODE[:FIELD]],…` rejects records by position,
//!   `--drop N,…` leaves them out of the result, `--corrupt` damages the result file after writing
//!   it (its checksum no longer matches).
//! * **Inquiries** are answered with invented figures, each value marked 試験データ; a person
//!   whose 宛名番号 ends in 0 gets 該当なし.

use std::fs;
use std::path::{Path, PathBuf};

use chrono::NaiveDate;
use madoguchi::exchange::export::{Manifest, MANIFEST_FORMAT, MANIFEST_VERSION};
use madoguchi::exchange::layout::{
    self, AnswerItem, Layout, MyNumberCheck, Outcome, ResultHeader, ResultLine,
};
use madoguchi::exchange::record::{Information, Record};
use madoguchi::exchange::{sha256_hex, Channel};

#[derive(Debug, thiserror::Error)]
pub enum SimError {
    #[error("{0}")]
    Usage(String),
    #[error("バッチ {file} を受け付けません: {reason}")]
    Batch { file: String, reason: String },
    #[error("ファイルの読み書きに失敗しました: {0}")]
    Io(String),
}

/// One `--reject` item: the record's position in the batch, and optionally the code and field.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    pub no: i64,
    pub code: Option<String>,
    pub field: Option<String>,
}

#[derive(Debug, Clone)]
pub struct Options {
    pub input: PathBuf,
    pub output: PathBuf,
    pub reject: Vec<Reject>,
    pub drop: Vec<i64>,
    pub corrupt: bool,
    /// The server's date (answers are dated with it).
    pub date: NaiveDate,
    /// The result files' creation time (RFC 3339).
    pub now: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Summary {
    pub channel: Channel,
    pub seq: i64,
    pub records: usize,
    pub accepted: usize,
    pub errors: usize,
    pub dropped: usize,
    pub answered: usize,
    pub result_file: PathBuf,
    pub corrupted: bool,
}

/// `3,7:E1101,9:E2001:addressee_number`
pub fn parse_rejects(s: &str) -> Result<Vec<Reject>, SimError> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            let mut parts = p.trim().splitn(3, ':');
            let no = parts
                .next()
                .and_then(|n| n.parse::<i64>().ok())
                .filter(|n| *n > 0)
                .ok_or_else(|| {
                    SimError::Usage(format!(
                        "--reject の「{p}」は 番号[:コード[:項目]] の形です"
                    ))
                })?;
            let code = parts.next().map(str::to_string).filter(|c| !c.is_empty());
            let field = parts.next().map(str::to_string).filter(|c| !c.is_empty());
            Ok(Reject { no, code, field })
        })
        .collect()
}

pub fn parse_numbers(s: &str) -> Result<Vec<i64>, SimError> {
    s.split(',')
        .filter(|p| !p.trim().is_empty())
        .map(|p| {
            p.trim()
                .parse::<i64>()
                .ok()
                .filter(|n| *n > 0)
                .ok_or_else(|| SimError::Usage(format!("番号「{p}」が正しくありません")))
        })
        .collect()
}

fn io(p: &Path, e: std::io::Error) -> SimError {
    SimError::Io(format!("{}: {e}", p.display()))
}

/// Every batch (manifest) in the input directory, in name order.
fn manifests(dir: &Path) -> Result<Vec<PathBuf>, SimError> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map_err(|e| io(dir, e))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .map(|n| {
                    n.to_string_lossy().ends_with(".manifest.json")
                        && !n.to_string_lossy().starts_with('.')
                })
                .unwrap_or(false)
        })
        .collect();
    v.sort();
    if v.is_empty() {
        return Err(SimError::Usage(format!(
            "{} に一括データ（*.manifest.json）がありません",
            dir.display()
        )));
    }
    Ok(v)
}

/// Check one batch strictly; returns its manifest, layout and parsed content, with the data
/// file's SHA-256.
fn receive(
    manifest_path: &Path,
) -> Result<(Manifest, &'static dyn Layout, layout::ParsedBatch, String), SimError> {
    let file = manifest_path
        .file_name()
        .unwrap_or_default()
        .to_string_lossy()
        .to_string();
    let refuse = |reason: String| SimError::Batch {
        file: file.clone(),
        reason,
    };
    let text = fs::read(manifest_path).map_err(|e| io(manifest_path, e))?;
    let m: Manifest = serde_json::from_slice(&text)
        .map_err(|e| refuse(format!("目録（manifest）を読めません: {e}")))?;
    if m.format != MANIFEST_FORMAT || m.version != MANIFEST_VERSION {
        return Err(refuse(format!(
            "目録の形式 {} 版 {} には対応していません",
            m.format, m.version
        )));
    }
    let layout = layout::by_id(&m.layout)
        .ok_or_else(|| refuse(format!("レイアウト「{}」には対応していません", m.layout)))?;
    let [data] = m.files.as_slice() else {
        return Err(refuse("目録のファイルは1つのはずです".into()));
    };
    if data.name.contains('/') || data.name.contains('\\') || data.name.starts_with('.') {
        return Err(refuse("ファイル名が正しくありません".into()));
    }
    let data_path = manifest_path.with_file_name(&data.name);
    let bytes = fs::read(&data_path)
        .map_err(|e| refuse(format!("データファイル {} を読めません: {e}", data.name)))?;
    if bytes.len() as u64 != data.bytes {
        return Err(refuse(format!(
            "データファイルの大きさが目録と違います（{} / {} バイト）",
            bytes.len(),
            data.bytes
        )));
    }
    let sha = sha256_hex(&bytes);
    if sha != data.sha256 {
        return Err(refuse(
            "データファイルの SHA-256 が目録と一致しません".into(),
        ));
    }
    let parsed = layout
        .read_batch(&bytes)
        .map_err(|e| refuse(e.to_string()))?;
    let h = &parsed.header;
    if h.channel != m.channel
        || h.office != m.office
        || h.seq != m.batch_seq
        || h.created_at != m.created_at
    {
        return Err(refuse("データの見出し行が目録と一致しません".into()));
    }
    if parsed.lines.len() as i64 != m.record_count || data.records != m.record_count as u64 {
        return Err(refuse("件数が目録と一致しません".into()));
    }
    Ok((m, layout, parsed, sha))
}

/// What the server says about one record, before the switches.
fn judge(record: &Record, date: NaiveDate) -> Outcome {
    if let Some((field, message)) = record.problems().into_iter().next() {
        return Outcome::Error {
            code: "E0001".into(),
            field: Some(field),
            message: format!("形式エラー: {message}"),
        };
    }
    match record {
        Record::Fukuhon(_) | Record::InquiryRequest(_) if record.addressee_number().is_none() => {
            Outcome::Error {
                code: "E2001".into(),
                field: Some("addressee_number".into()),
                message: "団体内統合宛名番号がありません（宛名番号で登録・照会します）".into(),
            }
        }
        Record::InquiryRequest(q) => {
            if q.addressee_number
                .as_deref()
                .is_some_and(|a| a.ends_with('0'))
            {
                Outcome::NoData {
                    agency: q.agency,
                    answered_on: date,
                }
            } else {
                Outcome::Answered {
                    agency: q.agency,
                    answered_on: date,
                    items: answer_items(q.information),
                }
            }
        }
        Record::EligibilityStart(e) => Outcome::Accepted {
            receipt_number: None,
            my_number_check: e.person.my_number.is_none().then_some(MyNumberCheck::Blank),
        },
        _ => Outcome::Accepted {
            receipt_number: None,
            my_number_check: None,
        },
    }
}

fn item(label: &str, value: &str) -> AnswerItem {
    AnswerItem {
        label: label.into(),
        value: format!("{value}（試験データ）"),
    }
}

/// Invented answers, one set per kind of information.
fn answer_items(i: Information) -> Vec<AnswerItem> {
    match i {
        Information::LocalTax => vec![item("課税区分", "非課税"), item("総所得金額", "0円")],
        Information::Allowances => vec![
            item("手当の種類", "児童扶養手当"),
            item("支給額（月額）", "10,000円"),
        ],
        Information::CareInsurance => vec![
            item("要介護状態区分", "要介護1"),
            item("認定有効期間", "令和7年4月1日〜令和8年3月31日"),
        ],
        Information::IndependenceSupport => vec![item("給付の種類", "なし")],
        Information::MedicalInsurance => vec![item("医療保険の資格", "なし")],
        Information::Pension => vec![
            item("年金の種類", "老齢基礎年金"),
            item("年金額（年額）", "780,000円"),
        ],
        Information::WorkersCompensation => vec![item("労災補償", "受給なし")],
        Information::Unemployment => vec![item("失業等給付", "受給なし")],
    }
}

/// Write a file under a hidden temporary name and rename it when complete.
fn write_atomic(path: &Path, bytes: &[u8]) -> Result<(), SimError> {
    let tmp = path.with_file_name(format!(
        ".{}.partial",
        path.file_name().unwrap_or_default().to_string_lossy()
    ));
    fs::write(&tmp, bytes).map_err(|e| io(&tmp, e))?;
    fs::rename(&tmp, path).map_err(|e| io(path, e))
}

/// Run the server over every batch of `o.input`, writing results to `o.output`.
pub fn run(o: &Options) -> Result<Vec<Summary>, SimError> {
    fs::create_dir_all(&o.output).map_err(|e| io(&o.output, e))?;
    let mut out = vec![];
    for mp in manifests(&o.input)? {
        let (m, layout, parsed, sha) = receive(&mp)?;
        let mut lines = vec![];
        let (mut accepted, mut errors, mut dropped, mut answered) = (0, 0, 0, 0);
        for l in &parsed.lines {
            if o.drop.contains(&l.no) {
                dropped += 1;
                continue;
            }
            let mut outcome = judge(&l.record, o.date);
            if let Some(r) = o.reject.iter().find(|r| r.no == l.no) {
                outcome = Outcome::Error {
                    code: r.code.clone().unwrap_or_else(|| "E9001".into()),
                    field: r.field.clone(),
                    message: "シミュレーターの指定で受け付けませんでした".into(),
                };
            }
            if let Outcome::Accepted { receipt_number, .. } = &mut outcome {
                *receipt_number = Some(format!("R{:06}{:06}", m.batch_seq, l.no));
            }
            match outcome {
                Outcome::Accepted { .. } => accepted += 1,
                Outcome::Error { .. } => errors += 1,
                Outcome::Answered { .. } | Outcome::NoData { .. } => answered += 1,
            }
            lines.push(ResultLine {
                no: l.no,
                event_id: l.event_id,
                revision: l.revision,
                outcome,
            });
        }
        let header = ResultHeader {
            channel: m.channel,
            office: m.office.clone(),
            seq: m.batch_seq,
            batch_sha256: sha,
            created_at: o.now.clone(),
        };
        let mut bytes = vec![];
        layout
            .write_results(&header, &lines, &mut bytes)
            .map_err(|e| SimError::Io(e.to_string()))?;
        if o.corrupt {
            corrupt(&mut bytes);
        }
        let path = o
            .output
            .join(layout.result_file_name(m.channel, &m.office, m.batch_seq));
        write_atomic(&path, &bytes)?;
        out.push(Summary {
            channel: m.channel,
            seq: m.batch_seq,
            records: parsed.lines.len(),
            accepted,
            errors,
            dropped,
            answered,
            result_file: path,
            corrupted: o.corrupt,
        });
    }
    Ok(out)
}

/// Change one character in the middle of the content (a digit or letter becomes another), as a
/// bad copy would: the file still looks like a result file, but its checksum fails.
fn corrupt(bytes: &mut [u8]) {
    let mid = bytes.len() / 2;
    if let Some(i) = (mid..bytes.len())
        .chain(0..mid)
        .find(|&i| bytes[i].is_ascii_alphanumeric())
    {
        bytes[i] = if bytes[i] == b'0' {
            b'1'
        } else if bytes[i].is_ascii_digit() {
            b'0'
        } else if bytes[i] == b'a' {
            b'b'
        } else {
            b'a'
        };
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reject_lists_parse() {
        assert_eq!(
            parse_rejects("3, 7:E1101,9:E2001:addressee_number").unwrap(),
            vec![
                Reject {
                    no: 3,
                    code: None,
                    field: None
                },
                Reject {
                    no: 7,
                    code: Some("E1101".into()),
                    field: None
                },
                Reject {
                    no: 9,
                    code: Some("E2001".into()),
                    field: Some("addressee_number".into())
                },
            ]
        );
        assert!(parse_rejects("x").is_err());
        assert!(parse_rejects("0").is_err());
        assert_eq!(parse_numbers("2,5").unwrap(), vec![2, 5]);
    }

    #[test]
    fn corruption_changes_exactly_one_byte() {
        let mut b = b"{\"record\":\"trailer\"}\n".to_vec();
        let before = b.clone();
        corrupt(&mut b);
        assert_eq!(b.iter().zip(&before).filter(|(x, y)| x != y).count(), 1);
    }
}
