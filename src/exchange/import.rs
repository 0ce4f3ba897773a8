//! Import of result files: strict checks first, then one transaction.
//!
//! A result file is refused as a whole — with a message that says why, and no change to the
//! queue — when it is not a complete, untouched file of the layout (truncated, tampered, other
//! version), when it is for another office, for a batch never exported, for a batch whose result
//! was already imported (the same file again, or a different one: replayed), when an earlier
//! batch of the channel still waits for its result (out of order), when it answers a batch other
//! than the one sent (its copy of the batch's SHA-256 differs), or when any line does not match
//! the record sent at that position. Only then is it applied, in one transaction: every record of
//! the batch gets its result (受付済 or エラー with code, field and message; a record the file
//! does not mention becomes エラー `MISSING_RESULT`, never silently 送信済 forever), inquiry
//! answers go to the household's 調査記録, server My Number checks go on the 確認リスト, and the
//! 媒体管理簿 and the audit log get their lines. A refusal is itself written to the audit log.

use std::path::{Path, PathBuf};

use serde::Serialize;

use super::export::{crash_point, Progress, ProgressFn};
use super::layout::{FormatError, FormatErrorKind, Layout, Outcome, ParsedResults, MAX_FILE_BYTES};
use super::outbox::from_payload;
use super::record::{fields_of, Record};
use super::{checks, sha256_hex, Channel, ExchangeError, Result};
use crate::audit::actions;
use crate::store::exchange::{
    self as sx, BatchRow, BatchState, ImportRow, InvestigationRow, ItemResult, NewRegister,
};
use crate::store::Store;

/// Code given to records the result file does not mention.
pub const MISSING_RESULT: &str = "MISSING_RESULT";

/// Why a result file was refused. Every message ends by saying nothing was changed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Refusal {
    #[error("結果ファイル {file} を読めません: {error}（何も変更していません）")]
    Format { file: String, error: FormatError },
    #[error("結果ファイル {file} は別の事務所（{found}）宛てです。この事務所は {ours} です（何も変更していません）")]
    WrongOffice {
        file: String,
        found: String,
        ours: String,
    },
    #[error("結果ファイル {file} は{channel}のバッチ {seq} の結果ですが、そのバッチは出力されていません（何も変更していません）")]
    UnknownBatch {
        file: String,
        channel: &'static str,
        seq: i64,
    },
    #[error("結果ファイル {file} は{channel}のバッチ {seq} の結果ですが、そのバッチの出力が完了していません（何も変更していません）")]
    NotSent {
        file: String,
        channel: &'static str,
        seq: i64,
    },
    #[error("結果ファイル {file} は取込済みです（{channel}のバッチ {seq}、{at} に取込）。同じファイルは二度取り込みません（何も変更していません）")]
    AlreadyImported {
        file: String,
        channel: &'static str,
        seq: i64,
        at: String,
    },
    #[error("結果ファイル {file} は{channel}のバッチ {seq} の結果ですが、このバッチの結果は {at} に別のファイルで取込済みです。古いファイルか、重複したファイルです（何も変更していません）")]
    Replayed {
        file: String,
        channel: &'static str,
        seq: i64,
        at: String,
    },
    #[error("結果ファイル {file} は{channel}のバッチ {seq} の結果ですが、先にバッチ {expected} の結果を取り込んでください（何も変更していません）")]
    OutOfOrder {
        file: String,
        channel: &'static str,
        seq: i64,
        expected: i64,
    },
    #[error("結果ファイル {file} は{channel}のバッチ {seq} として送ったファイルと違うファイルへの結果です（SHA-256 が一致しません）（何も変更していません）")]
    BatchMismatch {
        file: String,
        channel: &'static str,
        seq: i64,
    },
    #[error("結果ファイル {file} の {no} 件目が送った記録と合いません: {reason}（何も変更していません）")]
    Mismatch {
        file: String,
        no: i64,
        reason: String,
    },
    #[error("フォルダ {0} に結果ファイルがありません（何も変更していません）")]
    NoResultFiles(String),
}

impl Refusal {
    pub fn code(&self) -> &'static str {
        match self {
            Refusal::Format { error, .. } => match error.kind {
                FormatErrorKind::Truncated => "EXCHANGE_TRUNCATED",
                FormatErrorKind::Tampered => "EXCHANGE_TAMPERED",
                FormatErrorKind::Version => "EXCHANGE_VERSION",
                FormatErrorKind::Syntax => "EXCHANGE_FORMAT",
            },
            Refusal::WrongOffice { .. } => "EXCHANGE_WRONG_OFFICE",
            Refusal::UnknownBatch { .. } => "EXCHANGE_UNKNOWN_BATCH",
            Refusal::NotSent { .. } => "EXCHANGE_NOT_SENT",
            Refusal::AlreadyImported { .. } => "EXCHANGE_ALREADY_IMPORTED",
            Refusal::Replayed { .. } => "EXCHANGE_REPLAYED",
            Refusal::OutOfOrder { .. } => "EXCHANGE_OUT_OF_ORDER",
            Refusal::BatchMismatch { .. } => "EXCHANGE_BATCH_MISMATCH",
            Refusal::Mismatch { .. } => "EXCHANGE_RESULT_MISMATCH",
            Refusal::NoResultFiles(_) => "EXCHANGE_NO_RESULT_FILES",
        }
    }
}

/// What one import did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Imported {
    pub batch_id: i64,
    pub channel: Channel,
    pub seq: i64,
    pub file: String,
    pub accepted: i64,
    pub errors: i64,
    /// Records the file did not mention (now エラー MISSING_RESULT).
    pub missing: i64,
    /// Inquiry answers attached to 調査記録.
    pub answers: i64,
    /// Lines added to the 確認リスト.
    pub checks: i64,
}

/// A directory's import: what was imported, and the file refused (which stops the run).
#[derive(Debug)]
pub struct DirImport {
    pub imported: Vec<Imported>,
    pub refused: Option<ExchangeError>,
}

/// Everything checked, nothing written yet.
struct Verified {
    batch: BatchRow,
    file: String,
    sha: String,
    parsed: ParsedResults,
    /// Per batch item (by no − 1): (outbox id, revision, record).
    sent: Vec<(i64, i64, Record)>,
}

fn read_bounded(path: &Path) -> Result<Vec<u8>> {
    let meta = std::fs::metadata(path)
        .map_err(|e| ExchangeError::Io(format!("{}: {e}", path.display())))?;
    if meta.len() > MAX_FILE_BYTES as u64 {
        let file = file_name(path);
        return Err(Refusal::Format {
            file,
            error: FormatError::new(FormatErrorKind::Syntax, 0, "ファイルが大きすぎます"),
        }
        .into());
    }
    std::fs::read(path).map_err(|e| ExchangeError::Io(format!("{}: {e}", path.display())))
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| path.display().to_string())
}

/// All checks against the file and the database, in the order the module doc gives.
fn verify(
    conn: &rusqlite::Connection,
    file: &str,
    bytes: &[u8],
    layout: &dyn Layout,
) -> Result<Verified> {
    let parsed = layout
        .read_results(bytes)
        .map_err(|error| Refusal::Format {
            file: file.into(),
            error,
        })?;
    let h = &parsed.header;
    let ours = crate::store::office::get(conn)?
        .unwrap_or_default()
        .public_payer_number;
    if h.office != ours {
        return Err(Refusal::WrongOffice {
            file: file.into(),
            found: h.office.clone(),
            ours,
        }
        .into());
    }
    let channel = h.channel.label();
    let sha = sha256_hex(bytes);
    if let Some(prev) = sx::import_by_sha(conn, &sha)? {
        return Err(Refusal::AlreadyImported {
            file: file.into(),
            channel,
            seq: h.seq,
            at: prev.imported_at,
        }
        .into());
    }
    let batch = sx::batch_by_seq(conn, h.channel, h.seq)?.ok_or(Refusal::UnknownBatch {
        file: file.into(),
        channel,
        seq: h.seq,
    })?;
    match batch.state {
        BatchState::Writing => {
            return Err(Refusal::NotSent {
                file: file.into(),
                channel,
                seq: h.seq,
            }
            .into())
        }
        BatchState::Confirmed => {
            let at = sx::import_for_batch(conn, batch.id)?
                .map(|i| i.imported_at)
                .unwrap_or_default();
            return Err(Refusal::Replayed {
                file: file.into(),
                channel,
                seq: h.seq,
                at,
            }
            .into());
        }
        BatchState::Sent => {}
    }
    if let Some(oldest) = sx::batches_in_state(conn, Some(h.channel), BatchState::Sent)?.first() {
        if oldest.seq < h.seq {
            return Err(Refusal::OutOfOrder {
                file: file.into(),
                channel,
                seq: h.seq,
                expected: oldest.seq,
            }
            .into());
        }
    }
    if batch.data_sha256.as_deref() != Some(h.batch_sha256.as_str()) {
        return Err(Refusal::BatchMismatch {
            file: file.into(),
            channel,
            seq: h.seq,
        }
        .into());
    }
    let mut sent = Vec::with_capacity(batch.record_count as usize);
    for (_, oid, rev, payload) in sx::batch_lines(conn, batch.id)? {
        sent.push((oid, rev, from_payload(oid, &payload)?));
    }
    let mismatch = |no: i64, reason: String| -> ExchangeError {
        Refusal::Mismatch {
            file: file.into(),
            no,
            reason,
        }
        .into()
    };
    let mut last = 0;
    for l in &parsed.lines {
        if l.no <= last {
            return Err(mismatch(
                l.no,
                "通し番号が重複しているか、順番になっていません".into(),
            ));
        }
        last = l.no;
        let Some((oid, rev, record)) = sent.get((l.no - 1) as usize) else {
            return Err(mismatch(
                l.no,
                format!("このバッチは {} 件です", sent.len()),
            ));
        };
        if l.event_id != *oid || l.revision != *rev {
            return Err(mismatch(
                l.no,
                format!("記録番号・版が違います（送ったのは {oid} の版 {rev}）"),
            ));
        }
        let inquiry = batch.channel == Channel::Inquiry;
        match &l.outcome {
            Outcome::Accepted {
                my_number_check, ..
            } => {
                if inquiry {
                    return Err(mismatch(
                        l.no,
                        "照会の結果は「回答」「該当なし」「エラー」のどれかです".into(),
                    ));
                }
                if my_number_check.is_some() && record.kind() != "eligibility_start" {
                    return Err(mismatch(
                        l.no,
                        "個人番号の確認結果は資格情報の記録にだけ付きます".into(),
                    ));
                }
            }
            Outcome::Answered { .. } | Outcome::NoData { .. } if !inquiry => {
                return Err(mismatch(
                    l.no,
                    "照会の回答は情報照会の結果にだけ付きます".into(),
                ));
            }
            Outcome::Error { field: Some(f), .. }
                if !fields_of(record.kind()).contains(&f.as_str()) =>
            {
                return Err(mismatch(l.no, format!("項目「{f}」はこの記録にありません")));
            }
            _ => {}
        }
    }
    Ok(Verified {
        batch,
        file: file.into(),
        sha,
        parsed,
        sent,
    })
}

/// Import one result file.
pub fn import_file(
    store: &mut Store,
    actor: &str,
    now: &str,
    path: &Path,
    layout: &dyn Layout,
    progress: ProgressFn<'_>,
) -> Result<Imported> {
    let file = file_name(path);
    let dir = path
        .parent()
        .map(|p| p.to_string_lossy().to_string())
        .unwrap_or_default();
    let bytes = read_bounded(path)?;
    let v = match verify(store.conn(), &file, &bytes, layout) {
        Ok(v) => v,
        Err(e) => {
            let (code, message) = (e.code(), e.to_string());
            store.write(actor, now, |tx| {
                tx.audit(
                    actions::EXCHANGE_IMPORT_REFUSED,
                    None,
                    None,
                    serde_json::json!({ "file": file, "dir": dir, "sha256": sha256_hex(&bytes), "code": code, "message": message }),
                )
            })?;
            return Err(e);
        }
    };
    apply(store, actor, now, v, &dir, progress)
}

fn apply(
    store: &mut Store,
    actor: &str,
    now: &str,
    v: Verified,
    dir: &str,
    progress: ProgressFn<'_>,
) -> Result<Imported> {
    let Verified {
        batch,
        file,
        sha,
        parsed,
        sent,
    } = v;
    let mut by_no: Vec<Option<&Outcome>> = vec![None; sent.len()];
    for l in &parsed.lines {
        by_no[(l.no - 1) as usize] = Some(&l.outcome);
    }
    store.write(actor, now, |tx| {
        let conn = tx.conn();
        let at = tx.now().to_string();
        let (mut accepted, mut errors, mut missing, mut answers, mut checks_added) = (0i64, 0i64, 0i64, 0i64, 0i64);
        let mut answer_rows = vec![];
        let total = sent.len() as u64;
        for (i, (oid, _rev, record)) in sent.iter().enumerate() {
            // A cancel inside the transaction rolls all of it back.
            if i % 512 == 0 && !progress(Progress { done: i as u64, total }) {
                return Err(ExchangeError::Cancelled);
            }
            let no = i as i64 + 1;
            let r = match by_no[i] {
                None => {
                    missing += 1;
                    ItemResult {
                        result: "missing",
                        code: Some(MISSING_RESULT),
                        field: None,
                        message: Some("サーバーの結果ファイルにこの記録の結果がありません。再送してください"),
                        receipt: None,
                    }
                }
                Some(Outcome::Accepted { receipt_number, my_number_check }) => {
                    accepted += 1;
                    if let Some(c) = my_number_check {
                        let person = sx::outbox(conn, *oid)?.person_id;
                        checks::on_server_check(conn, *oid, person, batch.id, *c, &at)?;
                        checks_added += 1;
                    }
                    ItemResult { result: "accepted", code: None, field: None, message: None, receipt: receipt_number.as_deref() }
                }
                Some(Outcome::Error { code, field, message }) => {
                    errors += 1;
                    ItemResult { result: "error", code: Some(code), field: field.as_deref(), message: Some(message), receipt: None }
                }
                Some(o @ (Outcome::Answered { .. } | Outcome::NoData { .. })) => {
                    accepted += 1;
                    answers += 1;
                    answer_rows.push((*oid, record, o));
                    ItemResult { result: "accepted", code: None, field: None, message: None, receipt: None }
                }
            };
            sx::set_result(conn, batch.id, no, *oid, &r, &at)?;
        }
        let import_id = sx::insert_import(
            conn,
            &ImportRow {
                id: 0,
                batch_id: batch.id,
                file_name: file.clone(),
                sha256: sha.clone(),
                dir: dir.to_string(),
                imported_at: at.clone(),
                imported_by: tx.actor().to_string(),
                accepted,
                errors,
                missing,
            },
        )?;
        for (oid, record, outcome) in answer_rows {
            checks_added += attach_answer(conn, oid, record, outcome, batch.id, import_id, &at)?;
        }
        sx::mark_confirmed(conn, batch.id, &at)?;
        sx::insert_register(
            conn,
            &NewRegister {
                medium_id: &batch.medium_id,
                action: "import",
                at: &at,
                user_id: tx.actor(),
                channel: batch.channel,
                batch_id: batch.id,
                files: std::slice::from_ref(&file),
                record_count: parsed.lines.len() as i64,
                note: Some(dir),
            },
        )?;
        tx.audit(
            actions::EXCHANGE_IMPORT,
            Some("exchange_batch"),
            Some(&batch.id.to_string()),
            serde_json::json!({
                "channel": batch.channel.code(), "seq": batch.seq, "file": file, "dir": dir, "sha256": sha,
                "accepted": accepted, "errors": errors, "missing": missing, "answers": answers, "checks": checks_added,
            }),
        )?;
        crash_point("import.applying");
        Ok::<_, ExchangeError>(Imported {
            batch_id: batch.id,
            channel: batch.channel,
            seq: batch.seq,
            file: file.clone(),
            accepted,
            errors,
            missing,
            answers,
            checks: checks_added,
        })
    })
}

/// An inquiry answer to the household's 調査記録. Returns the 確認リスト lines it added.
fn attach_answer(
    conn: &rusqlite::Connection,
    oid: i64,
    record: &Record,
    o: &Outcome,
    batch_id: i64,
    import_id: i64,
    at: &str,
) -> Result<i64> {
    let Record::InquiryRequest(q) = record else {
        return Ok(0);
    };
    let row = sx::outbox(conn, oid)?;
    let Some(household_id) = row.household_id else {
        return Ok(0);
    };
    let (agency, answered_on, outcome, content) = match o {
        Outcome::Answered {
            agency,
            answered_on,
            items,
        } => (
            *agency,
            *answered_on,
            "answered",
            serde_json::to_string(items).unwrap_or_default(),
        ),
        Outcome::NoData {
            agency,
            answered_on,
        } => (*agency, *answered_on, "no_data", "[]".to_string()),
        _ => return Ok(0),
    };
    sx::insert_investigation(
        conn,
        &InvestigationRow {
            id: 0,
            household_id,
            person_id: row.person_id,
            source: "inquiry".into(),
            outbox_id: Some(oid),
            agency: super::inquiry::agency_code(agency).into(),
            information: super::inquiry::information_code(q.information).into(),
            answered_on: answered_on.to_string(),
            outcome: outcome.into(),
            content,
            import_id: Some(import_id),
            recorded_at: at.into(),
        },
    )?;
    let mut problems = vec![];
    if agency != q.agency {
        problems.push(format!(
            "照会先「{}」への照会に「{}」から回答がありました",
            super::inquiry::agency_label(q.agency),
            super::inquiry::agency_label(agency)
        ));
    }
    if answered_on < q.requested_on {
        problems.push(format!(
            "回答日（{answered_on}）が依頼日（{}）より前です",
            q.requested_on
        ));
    }
    if problems.is_empty() {
        return Ok(0);
    }
    checks::add(
        conn,
        Channel::Inquiry,
        checks::ANSWER_MISMATCH,
        Some(oid),
        row.person_id,
        Some(batch_id),
        &problems.join("。"),
        at,
    )?;
    Ok(1)
}

/// The result files in `dir`, by channel and batch sequence (from their names).
pub fn result_files(dir: &Path, layout: &dyn Layout) -> Result<Vec<PathBuf>> {
    let rd = std::fs::read_dir(dir)
        .map_err(|e| ExchangeError::Io(format!("フォルダ {} を読めません: {e}", dir.display())))?;
    let mut files: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().map(|t| t.is_file()).unwrap_or(false))
        .filter(|e| layout.is_result_file(&e.file_name().to_string_lossy()))
        .map(|e| e.path())
        .collect();
    // MDG_<CHANNEL>_<office>_<seq 6 digits>: name order is channel then sequence.
    files.sort();
    Ok(files)
}

/// Import every result file of a directory, in order; stop at the first refusal.
pub fn import_dir(
    store: &mut Store,
    actor: &str,
    now: &str,
    dir: &Path,
    layout: &dyn Layout,
    progress: ProgressFn<'_>,
) -> Result<DirImport> {
    let files = result_files(dir, layout)?;
    if files.is_empty() {
        return Err(Refusal::NoResultFiles(dir.display().to_string()).into());
    }
    let mut out = DirImport {
        imported: vec![],
        refused: None,
    };
    for f in files {
        match import_file(store, actor, now, &f, layout, &mut *progress) {
            Ok(i) => out.imported.push(i),
            Err(ExchangeError::Cancelled) => return Err(ExchangeError::Cancelled),
            Err(e) => {
                out.refused = Some(e);
                break;
            }
        }
    }
    Ok(out)
}
