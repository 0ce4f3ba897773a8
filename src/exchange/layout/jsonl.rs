//! `madoguchi-jsonl-1`: our own layout, documented in docs/exchange-format.md.
//!
//! UTF-8 text, one JSON object per line, every line ended by LF (no CR, no BOM). First line a
//! header (`batch_header` or `result_header`), then numbered lines, then a `trailer` holding the
//! line count and the SHA-256 of every byte before the trailer line. A reader checks, in this
//! order: the file ends with a complete trailer (else *truncated*), the checksum and the count
//! (else *tampered*), the format name and version, then every line against a closed schema.

use std::io::Write;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::{
    AnswerItem, BatchHeader, BatchLine, FormatError, FormatErrorKind, Layout, MyNumberCheck,
    Outcome, ParsedBatch, ParsedResults, ResultHeader, ResultLine, Written, MAX_FILE_BYTES,
};
use crate::exchange::record::{Agency, Record};
use crate::exchange::Channel;

pub const ID: &str = "madoguchi-jsonl-1";
pub const FORMAT: &str = "MADOGUCHI-EXCHANGE";
pub const VERSION: u32 = 1;
/// Longest line a reader accepts.
const MAX_LINE: usize = 1024 * 1024;

pub struct JsonLines;

// One line at a time, never stored: the variants' sizes do not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Serialize, Deserialize)]
#[serde(tag = "record", rename_all = "snake_case")]
enum Line {
    BatchHeader(BatchHeaderLine),
    ResultHeader(ResultHeaderLine),
    Data(DataLine),
    Result(ResultLineWire),
    Trailer(TrailerLine),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct BatchHeaderLine {
    format: String,
    version: u32,
    channel: Channel,
    office: String,
    municipality: String,
    batch_seq: i64,
    created_at: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResultHeaderLine {
    format: String,
    version: u32,
    channel: Channel,
    office: String,
    batch_seq: i64,
    batch_sha256: String,
    created_at: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct DataLine {
    no: i64,
    event_id: i64,
    revision: i64,
    data: Record,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ResultLineWire {
    no: i64,
    event_id: i64,
    revision: i64,
    outcome: OutcomeWire,
}

#[derive(Serialize, Deserialize)]
#[serde(tag = "status", rename_all = "snake_case")]
enum OutcomeWire {
    Accepted(AcceptedWire),
    Error(ErrorWire),
    Answered(AnsweredWire),
    NoData(NoDataWire),
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AcceptedWire {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    receipt_number: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    my_number_check: Option<MyNumberCheck>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct ErrorWire {
    code: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    field: Option<String>,
    message: String,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct AnsweredWire {
    agency: Agency,
    answered_on: NaiveDate,
    items: Vec<AnswerItem>,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct NoDataWire {
    agency: Agency,
    answered_on: NaiveDate,
}

#[derive(Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
struct TrailerLine {
    count: usize,
    sha256: String,
}

/// A writer that counts and hashes what passes through.
struct Hashing<'a> {
    out: &'a mut dyn Write,
    hash: Sha256,
    bytes: u64,
}

impl Hashing<'_> {
    fn line(&mut self, line: &Line, buf: &mut Vec<u8>) -> std::io::Result<()> {
        buf.clear();
        serde_json::to_writer(&mut *buf, line).map_err(std::io::Error::other)?;
        buf.push(b'\n');
        self.hash.update(&buf[..]);
        self.bytes += buf.len() as u64;
        self.out.write_all(buf)
    }

    /// Write the trailer over everything so far; returns the whole file's SHA-256.
    fn finish(mut self, count: usize, buf: &mut Vec<u8>) -> std::io::Result<Written> {
        let body = hex::encode(self.hash.clone().finalize());
        self.line(
            &Line::Trailer(TrailerLine {
                count,
                sha256: body,
            }),
            buf,
        )?;
        Ok(Written {
            records: count,
            bytes: self.bytes,
            sha256: hex::encode(self.hash.finalize()),
        })
    }
}

fn err(kind: FormatErrorKind, line: usize, message: impl Into<String>) -> FormatError {
    FormatError::new(kind, line, message)
}

fn syntax(line: usize, message: impl Into<String>) -> FormatError {
    err(
        FormatErrorKind::Syntax,
        line,
        format!("{line}行目: {}", message.into()),
    )
}

/// Split into lines, check the trailer and the checksum. Returns the body lines (without the
/// trailer) as text.
fn envelope(bytes: &[u8]) -> Result<Vec<&str>, FormatError> {
    if bytes.is_empty() {
        return Err(err(FormatErrorKind::Truncated, 0, "ファイルが空です"));
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(err(
            FormatErrorKind::Syntax,
            0,
            format!("ファイルが大きすぎます（{} バイト）", bytes.len()),
        ));
    }
    if bytes.last() != Some(&b'\n') {
        return Err(err(
            FormatErrorKind::Truncated,
            0,
            "ファイルが途中で切れています（最後の行が完結していません）",
        ));
    }
    let content = &bytes[..bytes.len() - 1];
    let trailer_start = content
        .iter()
        .rposition(|&b| b == b'\n')
        .map(|i| i + 1)
        .unwrap_or(0);
    let trailer_bytes = &content[trailer_start..];
    let trailer = std::str::from_utf8(trailer_bytes)
        .ok()
        .and_then(|t| match serde_json::from_str::<Line>(t) {
            Ok(Line::Trailer(t)) => Some(t),
            _ => None,
        })
        .ok_or_else(|| {
            err(
                FormatErrorKind::Truncated,
                0,
                "ファイルが途中で切れています（最後に合計行がありません）",
            )
        })?;
    let body = &bytes[..trailer_start];
    let sum = hex::encode(Sha256::digest(body));
    if sum != trailer.sha256 {
        return Err(err(
            FormatErrorKind::Tampered,
            0,
            "内容が書き換えられているか壊れています（合計行の SHA-256 が内容と一致しません）",
        ));
    }
    let text = std::str::from_utf8(body).map_err(|_| {
        err(
            FormatErrorKind::Syntax,
            0,
            "文字コードが UTF-8 ではありません",
        )
    })?;
    if text.starts_with('\u{feff}') {
        return Err(syntax(1, "BOM は使えません"));
    }
    if text.contains('\r') {
        return Err(err(
            FormatErrorKind::Syntax,
            0,
            "改行は LF だけです（CR があります）",
        ));
    }
    let lines: Vec<&str> = if text.is_empty() {
        vec![]
    } else {
        text[..text.len() - 1].split('\n').collect()
    };
    if lines.is_empty() {
        return Err(err(FormatErrorKind::Syntax, 1, "見出し行がありません"));
    }
    if lines.len() - 1 != trailer.count {
        return Err(err(
            FormatErrorKind::Tampered,
            0,
            format!(
                "合計行の件数（{}）と実際の行数（{}）が一致しません",
                trailer.count,
                lines.len() - 1
            ),
        ));
    }
    if let Some((i, _)) = lines.iter().enumerate().find(|(_, l)| l.len() > MAX_LINE) {
        return Err(syntax(i + 1, "行が長すぎます"));
    }
    Ok(lines)
}

/// The header's format name and version, read loosely first so that a newer version gets its
/// own message rather than "unknown field".
fn check_version(first: &str) -> Result<(), FormatError> {
    let v: serde_json::Value = serde_json::from_str(first)
        .map_err(|e| syntax(1, format!("見出し行を読めません（{e}）")))?;
    if v.get("format").and_then(|f| f.as_str()) != Some(FORMAT) {
        return Err(syntax(
            1,
            format!("窓口の連携ファイル（{FORMAT}）ではありません"),
        ));
    }
    match v.get("version").and_then(|f| f.as_u64()) {
        Some(n) if n == u64::from(VERSION) => Ok(()),
        Some(n) => Err(err(
            FormatErrorKind::Version,
            1,
            format!("形式のバージョン {n} はこのプログラム（バージョン {VERSION}）では読めません"),
        )),
        None => Err(syntax(1, "形式のバージョンがありません")),
    }
}

fn parse_line(i: usize, text: &str) -> Result<Line, FormatError> {
    serde_json::from_str::<Line>(text)
        .map_err(|e| syntax(i + 1, format!("項目が正しくありません（{e}）")))
}

fn plain_text(s: &str, max: usize) -> bool {
    let n = s.chars().count();
    n >= 1
        && n <= max
        && !s.chars().any(|c| c.is_control())
        && !crate::print::layout::contains_my_number_shape(s)
}

fn token(s: &str, max: usize) -> bool {
    (1..=max).contains(&s.len())
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

fn hex64(s: &str) -> bool {
    s.len() == 64
        && s.bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

fn check_numbering(i: usize, no: i64, event_id: i64, revision: i64) -> Result<(), FormatError> {
    if no != i as i64 {
        return Err(syntax(
            i + 1,
            format!("通し番号が {no} です（{i} のはずです）"),
        ));
    }
    if event_id <= 0 || revision <= 0 {
        return Err(syntax(i + 1, "記録番号・版は1以上です"));
    }
    Ok(())
}

fn outcome(i: usize, w: OutcomeWire) -> Result<Outcome, FormatError> {
    Ok(match w {
        OutcomeWire::Accepted(a) => {
            if let Some(r) = &a.receipt_number {
                if !token(r, 32) {
                    return Err(syntax(i + 1, "受付番号は英数字32文字以内です"));
                }
            }
            Outcome::Accepted {
                receipt_number: a.receipt_number,
                my_number_check: a.my_number_check,
            }
        }
        OutcomeWire::Error(e) => {
            if !token(&e.code, 16) {
                return Err(syntax(i + 1, "エラーコードは英数字16文字以内です"));
            }
            if !plain_text(&e.message, 200) {
                return Err(syntax(
                    i + 1,
                    "エラーの説明がないか、長すぎるか、使えない文字を含みます",
                ));
            }
            if let Some(f) = &e.field {
                if !(1..=64).contains(&f.len())
                    || !f.bytes().all(|b| {
                        b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_' || b == b'.'
                    })
                {
                    return Err(syntax(i + 1, "項目名が正しくありません"));
                }
            }
            Outcome::Error {
                code: e.code,
                field: e.field,
                message: e.message,
            }
        }
        OutcomeWire::Answered(a) => {
            if a.items.is_empty() || a.items.len() > 50 {
                return Err(syntax(i + 1, "照会結果の項目は1〜50個です"));
            }
            if !a
                .items
                .iter()
                .all(|it| plain_text(&it.label, 40) && plain_text(&it.value, 400))
            {
                return Err(syntax(i + 1, "照会結果の項目名か値が空・長すぎる・使えない文字を含みます（個人番号は受け取りません）"));
            }
            Outcome::Answered {
                agency: a.agency,
                answered_on: a.answered_on,
                items: a.items,
            }
        }
        OutcomeWire::NoData(n) => Outcome::NoData {
            agency: n.agency,
            answered_on: n.answered_on,
        },
    })
}

fn outcome_wire(o: &Outcome) -> OutcomeWire {
    match o.clone() {
        Outcome::Accepted {
            receipt_number,
            my_number_check,
        } => OutcomeWire::Accepted(AcceptedWire {
            receipt_number,
            my_number_check,
        }),
        Outcome::Error {
            code,
            field,
            message,
        } => OutcomeWire::Error(ErrorWire {
            code,
            field,
            message,
        }),
        Outcome::Answered {
            agency,
            answered_on,
            items,
        } => OutcomeWire::Answered(AnsweredWire {
            agency,
            answered_on,
            items,
        }),
        Outcome::NoData {
            agency,
            answered_on,
        } => OutcomeWire::NoData(NoDataWire {
            agency,
            answered_on,
        }),
    }
}

impl Layout for JsonLines {
    fn id(&self) -> &'static str {
        ID
    }

    fn data_file_name(&self, channel: Channel, office: &str, seq: i64) -> String {
        format!("{}.dat", super::file_stem(channel, office, seq))
    }

    fn result_file_name(&self, channel: Channel, office: &str, seq: i64) -> String {
        format!("{}.result", super::file_stem(channel, office, seq))
    }

    fn is_result_file(&self, name: &str) -> bool {
        name.starts_with("MDG_") && name.ends_with(".result")
    }

    fn write_batch(
        &self,
        header: &BatchHeader,
        lines: &[BatchLine],
        out: &mut dyn Write,
    ) -> std::io::Result<Written> {
        let mut w = Hashing {
            out,
            hash: Sha256::new(),
            bytes: 0,
        };
        let mut buf = Vec::with_capacity(4096);
        w.line(
            &Line::BatchHeader(BatchHeaderLine {
                format: FORMAT.into(),
                version: VERSION,
                channel: header.channel,
                office: header.office.clone(),
                municipality: header.municipality.clone(),
                batch_seq: header.seq,
                created_at: header.created_at.clone(),
            }),
            &mut buf,
        )?;
        for l in lines {
            // The line owns its record for serialisation; cloning is cheap next to the I/O.
            w.line(
                &Line::Data(DataLine {
                    no: l.no,
                    event_id: l.event_id,
                    revision: l.revision,
                    data: l.record.clone(),
                }),
                &mut buf,
            )?;
        }
        w.finish(lines.len(), &mut buf)
    }

    fn read_batch(&self, bytes: &[u8]) -> Result<ParsedBatch, FormatError> {
        let lines = envelope(bytes)?;
        check_version(lines[0])?;
        let header = match parse_line(0, lines[0])? {
            Line::BatchHeader(h) => h,
            _ => return Err(syntax(1, "一括データの見出し行ではありません")),
        };
        if header.batch_seq <= 0 {
            return Err(syntax(1, "バッチ番号は1以上です"));
        }
        let mut out = Vec::with_capacity(lines.len() - 1);
        for (i, text) in lines.iter().enumerate().skip(1) {
            match parse_line(i, text)? {
                Line::Data(d) => {
                    check_numbering(i, d.no, d.event_id, d.revision)?;
                    if d.data.channel() != header.channel {
                        return Err(syntax(i + 1, "見出し行の連携の種類と違う記録です"));
                    }
                    out.push(BatchLine {
                        no: d.no,
                        event_id: d.event_id,
                        revision: d.revision,
                        record: d.data,
                    });
                }
                _ => return Err(syntax(i + 1, "データ行ではありません")),
            }
        }
        Ok(ParsedBatch {
            header: BatchHeader {
                channel: header.channel,
                office: header.office,
                municipality: header.municipality,
                seq: header.batch_seq,
                created_at: header.created_at,
            },
            lines: out,
        })
    }

    fn write_results(
        &self,
        header: &ResultHeader,
        lines: &[ResultLine],
        out: &mut dyn Write,
    ) -> std::io::Result<Written> {
        let mut w = Hashing {
            out,
            hash: Sha256::new(),
            bytes: 0,
        };
        let mut buf = Vec::with_capacity(1024);
        w.line(
            &Line::ResultHeader(ResultHeaderLine {
                format: FORMAT.into(),
                version: VERSION,
                channel: header.channel,
                office: header.office.clone(),
                batch_seq: header.seq,
                batch_sha256: header.batch_sha256.clone(),
                created_at: header.created_at.clone(),
            }),
            &mut buf,
        )?;
        for l in lines {
            w.line(
                &Line::Result(ResultLineWire {
                    no: l.no,
                    event_id: l.event_id,
                    revision: l.revision,
                    outcome: outcome_wire(&l.outcome),
                }),
                &mut buf,
            )?;
        }
        w.finish(lines.len(), &mut buf)
    }

    fn read_results(&self, bytes: &[u8]) -> Result<ParsedResults, FormatError> {
        let lines = envelope(bytes)?;
        check_version(lines[0])?;
        let header = match parse_line(0, lines[0])? {
            Line::ResultHeader(h) => h,
            _ => return Err(syntax(1, "結果ファイルの見出し行ではありません")),
        };
        if header.batch_seq <= 0 || !hex64(&header.batch_sha256) {
            return Err(syntax(1, "バッチ番号か SHA-256 が正しくありません"));
        }
        let mut out = Vec::with_capacity(lines.len() - 1);
        for (i, text) in lines.iter().enumerate().skip(1) {
            match parse_line(i, text)? {
                Line::Result(r) => {
                    if r.no <= 0 {
                        return Err(syntax(i + 1, "通し番号は1以上です"));
                    }
                    if r.event_id <= 0 || r.revision <= 0 {
                        return Err(syntax(i + 1, "記録番号・版は1以上です"));
                    }
                    let outcome = outcome(i, r.outcome)?;
                    out.push(ResultLine {
                        no: r.no,
                        event_id: r.event_id,
                        revision: r.revision,
                        outcome,
                    });
                }
                _ => return Err(syntax(i + 1, "結果の行ではありません")),
            }
        }
        Ok(ParsedResults {
            header: ResultHeader {
                channel: header.channel,
                office: header.office,
                seq: header.batch_seq,
                batch_sha256: header.batch_sha256,
                created_at: header.created_at,
            },
            lines: out,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::exchange::record::tests::voucher;
    use crate::exchange::record::VoucherRecord;

    fn header() -> BatchHeader {
        BatchHeader {
            channel: Channel::Medical,
            office: "12270013".into(),
            municipality: "112101".into(),
            seq: 3,
            created_at: "2025-06-02T09:00:00+09:00".into(),
        }
    }

    fn batch(n: i64) -> Vec<u8> {
        let lines: Vec<BatchLine> = (1..=n)
            .map(|i| BatchLine {
                no: i,
                event_id: 100 + i,
                revision: 1,
                record: Record::VoucherIssued(VoucherRecord {
                    public_payer_number: "12270013".into(),
                    non_disclosure: false,
                    voucher: voucher(),
                }),
            })
            .collect();
        let mut out = vec![];
        let w = JsonLines.write_batch(&header(), &lines, &mut out).unwrap();
        assert_eq!(w.records, n as usize);
        assert_eq!(w.bytes, out.len() as u64);
        assert_eq!(w.sha256, crate::exchange::sha256_hex(&out));
        out
    }

    fn results(lines: &[ResultLine]) -> Vec<u8> {
        let h = ResultHeader {
            channel: Channel::Medical,
            office: "12270013".into(),
            seq: 3,
            batch_sha256: "a".repeat(64),
            created_at: "2025-06-03T10:00:00+09:00".into(),
        };
        let mut out = vec![];
        JsonLines.write_results(&h, lines, &mut out).unwrap();
        out
    }

    fn accepted(no: i64) -> ResultLine {
        ResultLine {
            no,
            event_id: 100 + no,
            revision: 1,
            outcome: Outcome::Accepted {
                receipt_number: Some(format!("R{no}")),
                my_number_check: None,
            },
        }
    }

    /// Rewrite the trailer so the checksum matches again: what a careful forger would do.
    fn reseal(bytes: &[u8]) -> Vec<u8> {
        let content = &bytes[..bytes.len() - 1];
        let start = content.iter().rposition(|&b| b == b'\n').unwrap() + 1;
        let body = &bytes[..start];
        let count = body.iter().filter(|&&b| b == b'\n').count() - 1;
        let mut out = body.to_vec();
        out.extend(
            format!(
                "{{\"record\":\"trailer\",\"count\":{count},\"sha256\":\"{}\"}}\n",
                hex::encode(Sha256::digest(body))
            )
            .bytes(),
        );
        out
    }

    #[test]
    fn batch_round_trips() {
        let bytes = batch(3);
        let p = JsonLines.read_batch(&bytes).unwrap();
        assert_eq!(p.header, header());
        assert_eq!(p.lines.len(), 3);
        assert_eq!(p.lines[2].no, 3);
        let text = String::from_utf8(bytes).unwrap();
        assert!(text.starts_with(r#"{"record":"batch_header","format":"MADOGUCHI-EXCHANGE","version":1,"channel":"medical""#), "{text}");
        assert!(text
            .lines()
            .last()
            .unwrap()
            .starts_with(r#"{"record":"trailer","count":3,"sha256":""#));
    }

    #[test]
    fn results_round_trip_every_outcome() {
        let lines = vec![
            accepted(1),
            ResultLine {
                no: 2,
                event_id: 102,
                revision: 2,
                outcome: Outcome::Error {
                    code: "E0201".into(),
                    field: Some("person.addressee_number".into()),
                    message: "宛名番号がありません".into(),
                },
            },
            ResultLine {
                no: 3,
                event_id: 103,
                revision: 1,
                outcome: Outcome::Accepted {
                    receipt_number: None,
                    my_number_check: Some(MyNumberCheck::Mismatch),
                },
            },
            ResultLine {
                no: 4,
                event_id: 104,
                revision: 1,
                outcome: Outcome::Answered {
                    agency: Agency::PensionInsurer,
                    answered_on: NaiveDate::from_ymd_opt(2025, 6, 20).unwrap(),
                    items: vec![AnswerItem {
                        label: "年金の種類".into(),
                        value: "老齢基礎年金".into(),
                    }],
                },
            },
            ResultLine {
                no: 5,
                event_id: 105,
                revision: 1,
                outcome: Outcome::NoData {
                    agency: Agency::Municipality,
                    answered_on: NaiveDate::from_ymd_opt(2025, 6, 21).unwrap(),
                },
            },
        ];
        let p = JsonLines.read_results(&results(&lines)).unwrap();
        assert_eq!(p.lines, lines);
    }

    #[test]
    fn truncation_is_named_as_such() {
        let bytes = results(&[accepted(1), accepted(2)]);
        for cut in [bytes.len() - 1, bytes.len() - 10, bytes.len() / 2, 1] {
            let e = JsonLines.read_results(&bytes[..cut]).unwrap_err();
            assert_eq!(e.kind, FormatErrorKind::Truncated, "cut at {cut}: {e}");
        }
        assert_eq!(
            JsonLines.read_results(b"").unwrap_err().kind,
            FormatErrorKind::Truncated
        );
    }

    #[test]
    fn any_changed_byte_is_tampering() {
        let bytes = results(&[accepted(1), accepted(2)]);
        let text = String::from_utf8(bytes.clone()).unwrap();
        let changed = text.replacen("\"accepted\"", "\"accepted\" ", 1);
        assert_eq!(
            JsonLines.read_results(changed.as_bytes()).unwrap_err().kind,
            FormatErrorKind::Tampered
        );
        // A dropped line with the sum recomputed but the count left alone.
        let mut lines: Vec<&str> = text.lines().collect();
        lines.remove(1);
        let dropped = lines.join("\n") + "\n";
        let e = JsonLines
            .read_results(&reseal_keep_count(&dropped))
            .unwrap_err();
        assert_eq!(e.kind, FormatErrorKind::Tampered, "{e}");
    }

    fn reseal_keep_count(text: &str) -> Vec<u8> {
        let bytes = text.as_bytes();
        let content = &bytes[..bytes.len() - 1];
        let start = content.iter().rposition(|&b| b == b'\n').unwrap() + 1;
        let body = &bytes[..start];
        let mut out = body.to_vec();
        out.extend(
            format!(
                "{{\"record\":\"trailer\",\"count\":2,\"sha256\":\"{}\"}}\n",
                hex::encode(Sha256::digest(body))
            )
            .bytes(),
        );
        out
    }

    #[test]
    fn a_resealed_file_is_still_checked_line_by_line() {
        let text = String::from_utf8(results(&[accepted(1)])).unwrap();
        for (from, to) in [
            ("\"status\":\"accepted\"", "\"status\":\"approved\""),
            ("\"no\":1", "\"no\":1,\"extra\":true"),
            ("\"version\":1", "\"version\":2"),
            ("\"receipt_number\":\"R1\"", "\"receipt_number\":\"R 1\""),
        ] {
            let bad = reseal(text.replacen(from, to, 1).as_bytes());
            let e = JsonLines.read_results(&bad).unwrap_err();
            assert!(
                matches!(e.kind, FormatErrorKind::Syntax | FormatErrorKind::Version),
                "{from}: {e}"
            );
        }
        let v2 = reseal(
            text.replacen("\"version\":1", "\"version\":2", 1)
                .as_bytes(),
        );
        assert_eq!(
            JsonLines.read_results(&v2).unwrap_err().kind,
            FormatErrorKind::Version
        );
    }

    #[test]
    fn a_batch_is_not_a_result_file_and_crlf_is_refused() {
        let b = batch(1);
        assert!(JsonLines.read_results(&b).is_err());
        let crlf = String::from_utf8(results(&[accepted(1)]))
            .unwrap()
            .replace('\n', "\r\n");
        assert!(JsonLines.read_results(crlf.as_bytes()).is_err());
    }

    #[test]
    fn an_answer_carrying_a_my_number_is_refused() {
        let line = ResultLine {
            no: 1,
            event_id: 101,
            revision: 1,
            outcome: Outcome::Answered {
                agency: Agency::PensionInsurer,
                answered_on: NaiveDate::from_ymd_opt(2025, 6, 20).unwrap(),
                items: vec![AnswerItem {
                    label: "個人番号".into(),
                    value: "1234 5678 9018".into(),
                }],
            },
        };
        assert!(JsonLines.read_results(&results(&[line])).is_err());
    }
}
