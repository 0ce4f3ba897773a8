//! Export: one batch of one channel to a directory on a registered medium.
//!
//! Three steps, each safe to be killed after:
//! 1. **prepare** (one transaction): check the medium, allocate the channel's next sequence
//!    number and freeze the queued records (and their current revisions) into the batch, in state
//!    `writing`. Nothing about the records changes yet.
//! 2. **write**: the data file and then the manifest, each to a hidden temporary name, synced,
//!    then renamed. The bytes depend only on what step 1 froze, so a rewrite gives the same bytes.
//! 3. **finish** (one transaction): the batch becomes `sent`, its records 送信済, the 媒体管理簿
//!    gets its line and the audit log its entry.
//!
//! Killed during 2 or before 3 commits: the batch stays `writing`; the temporary files are
//! removed at the next start ([`super::media::clean_temp_files`]) and the next export of the
//! channel resumes the same batch (same sequence, same records, same bytes) — it must be to the
//! same medium and folder, so a batch is never on two media at once. [`cancel`] drops it instead.

use std::fs;
use std::io::Write;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::checks::SentNumber;
use super::layout::{self, BatchHeader, BatchLine, Layout, Written};
use super::outbox::from_payload;
use super::record::Record;
use super::{sha256_hex, Channel, ExchangeError, Result};
use crate::audit::actions;
use crate::store::exchange::{self as sx, BatchRow, BatchState, NewBatch, NewRegister};
use crate::store::Store;

/// Largest batch: what is queued beyond it goes in the next one.
pub const MAX_BATCH_RECORDS: i64 = 50_000;

pub const MANIFEST_FORMAT: &str = "MADOGUCHI-EXCHANGE-MANIFEST";
pub const MANIFEST_VERSION: u32 = 1;

/// The manifest written next to each data file (docs/exchange-format.md).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub layout: String,
    pub channel: Channel,
    pub office: String,
    pub municipality: String,
    pub office_name: String,
    pub batch_seq: i64,
    pub created_at: String,
    pub medium_id: String,
    pub record_count: i64,
    pub files: Vec<ManifestFile>,
    /// The audit log's anchor (`madoguchi-audit-anchor:v1:…`) taken when the batch was made,
    /// after its start was logged: `madoguchi audit verify --anchor <manifest>` proves no entry
    /// up to it was removed later.
    pub audit_anchor: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ManifestFile {
    pub name: String,
    pub role: String,
    pub bytes: u64,
    pub sha256: String,
    pub records: u64,
}

/// Where an export goes: which channel's queue, to which registered medium and folder.
#[derive(Debug, Clone, Copy)]
pub struct Target<'a> {
    pub channel: Channel,
    pub medium_id: &'a str,
    pub dir: &'a Path,
    /// The exporter's 個人番号鍵, if they hold it: needed to write an eligibility registration of
    /// a person with a My Number (the only place a My Number leaves the program).
    pub reveal: Option<&'a crate::store::reveal::RevealKey>,
}

fn key_needed() -> ExchangeError {
    ExchangeError::State(
        "この一括データには個人番号を載せる記録（医療扶助の資格情報の登録）があります。個人番号鍵を持つ職員（査察指導員など）が出力してください（何も出力していません）".into(),
    )
}

/// What an export did.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Exported {
    pub batch_id: i64,
    pub channel: Channel,
    pub seq: i64,
    pub records: i64,
    pub medium_id: String,
    pub dir: String,
    pub files: Vec<String>,
    pub data_sha256: String,
    /// A batch left `writing` by an interrupted export was completed.
    pub resumed: bool,
}

/// Progress of a running export or import, for a progress bar.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Progress {
    pub done: u64,
    pub total: u64,
}

/// Called with the progress now and then; returning `false` asks the work to stop (a background
/// job being cancelled). Work stops only where stopping leaves nothing behind.
pub type ProgressFn<'a> = &'a mut dyn FnMut(Progress) -> bool;

/// Test hook: in debug builds, `MADOGUCHI_CRASH_AT=<point>` aborts the process at that point,
/// as a power cut or a kill would. Release builds have no such hook.
pub(crate) fn crash_point(point: &str) {
    #[cfg(debug_assertions)]
    if std::env::var("MADOGUCHI_CRASH_AT").is_ok_and(|v| v == point) {
        std::process::abort();
    }
    let _ = point;
}

struct Office {
    payer: String,
    municipality: String,
    name: String,
}

fn office(conn: &rusqlite::Connection) -> Result<Office> {
    let o = crate::store::office::get(conn)?.unwrap_or_default();
    let ok = crate::domain::checkdigit::validate_public_payer_number(&o.public_payer_number)
        .is_ok()
        && crate::domain::checkdigit::validate_municipality_code(&o.municipality_code).is_ok();
    if !ok {
        return Err(ExchangeError::State(
            "事務所設定の公費負担者番号・地方公共団体コードを登録してから出力してください".into(),
        ));
    }
    Ok(Office {
        payer: o.public_payer_number,
        municipality: o.municipality_code,
        name: o.office_name,
    })
}

/// Check that a medium may be written to.
pub(crate) fn usable_medium(conn: &rusqlite::Connection, medium_id: &str) -> Result<()> {
    match sx::medium(conn, medium_id)? {
        None => Err(ExchangeError::Medium(format!(
            "媒体「{medium_id}」は媒体管理簿に登録されていません。システム管理者が登録した媒体だけに出力できます"
        ))),
        Some(m) if m.retired_at.is_some() => Err(ExchangeError::Medium(format!("媒体「{medium_id}」は廃棄済みです"))),
        Some(_) => Ok(()),
    }
}

fn dir_text(dir: &Path) -> String {
    dir.to_string_lossy().to_string()
}

/// Step 1. Returns the batch to write and whether it is a resumed one.
#[allow(clippy::too_many_arguments)]
fn prepare(
    store: &mut Store,
    actor: &str,
    now: &str,
    channel: Channel,
    medium_id: &str,
    dir: &Path,
    layout: &dyn Layout,
    has_key: bool,
) -> Result<(i64, bool)> {
    let dir_s = dir_text(dir);
    store.write(actor, now, |tx| {
        let conn = tx.conn();
        usable_medium(conn, medium_id)?;
        if let Some(b) = sx::batches_in_state(conn, Some(channel), BatchState::Writing)?.into_iter().next() {
            if b.medium_id == medium_id && b.dir == dir_s {
                return Ok((b.id, true));
            }
            return Err(ExchangeError::State(format!(
                "{}の前回の出力（バッチ {}、媒体「{}」、フォルダ {}）が中断したままです。同じ媒体・フォルダにもう一度出力して完了させるか、中断した出力を取り消してください",
                channel.label(),
                b.seq,
                b.medium_id,
                b.dir
            )));
        }
        let o = office(conn)?;
        let items = sx::queued(conn, channel, MAX_BATCH_RECORDS)?;
        if items.is_empty() {
            return Err(ExchangeError::NothingToSend(channel.label()));
        }
        if !has_key && sx::queued_needs_my_number(conn, &items)? {
            return Err(key_needed());
        }
        let seq = sx::next_seq(conn, channel)?;
        let data_file = layout.data_file_name(channel, &o.payer, seq);
        let manifest_file = layout::manifest_file_name(channel, &o.payer, seq);
        // The export's start goes in the log first, so the anchor the manifest carries covers it.
        tx.audit(
            actions::EXCHANGE_EXPORT_START,
            Some("exchange_batch"),
            None,
            serde_json::json!({ "channel": channel.code(), "seq": seq, "medium_id": medium_id, "dir": dir_s, "records": items.len() }),
        )?;
        let conn = tx.conn();
        let anchor = Some(crate::audit::anchor::current(conn).map_err(|e| ExchangeError::State(e.to_string()))?.to_line());
        let id = sx::insert_batch(
            conn,
            &NewBatch {
                channel,
                seq,
                layout: layout.id(),
                medium_id,
                dir: &dir_s,
                record_count: items.len() as i64,
                data_file: &data_file,
                manifest_file: &manifest_file,
                audit_anchor: anchor.as_deref(),
                at: tx.now(),
                by: tx.actor(),
            },
            &items,
        )?;
        Ok((id, false))
    })
}

fn io(path: &Path, e: std::io::Error) -> ExchangeError {
    ExchangeError::Io(format!("{}: {e}", path.display()))
}

/// Counts bytes through to the progress callback.
struct Counting<'a, W: Write> {
    inner: W,
    done: u64,
    total: u64,
    last: u64,
    progress: &'a mut dyn FnMut(Progress) -> bool,
    stopped: &'a std::cell::Cell<bool>,
}

impl<W: Write> Write for Counting<'_, W> {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.done += n as u64;
        if self.done - self.last >= 256 * 1024 {
            self.last = self.done;
            let go_on = (self.progress)(Progress {
                done: self.done.min(self.total),
                total: self.total,
            });
            if !go_on {
                // Not ErrorKind::Interrupted: write_all would retry that.
                self.stopped.set(true);
                return Err(std::io::Error::other("cancelled"));
            }
        }
        Ok(n)
    }
    fn flush(&mut self) -> std::io::Result<()> {
        self.inner.flush()
    }
}

/// Write a file under its temporary name, sync it, then give it its final name. If the final
/// name already holds exactly these bytes (an interrupted export being resumed) it is kept; if
/// it holds anything else, nothing is overwritten.
fn write_file(
    dir: &Path,
    name: &str,
    label: &str,
    write: impl FnOnce(&mut dyn Write) -> std::io::Result<Written>,
) -> Result<Written> {
    let final_path = dir.join(name);
    let temp_path = dir.join(layout::temp_name(name));
    match fs::remove_file(&temp_path) {
        Ok(()) => {}
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
        Err(e) => return Err(io(&temp_path, e)),
    }
    let written = {
        let f = crate::fsutil::create_private(&temp_path).map_err(|e| io(&temp_path, e))?;
        let mut w = std::io::BufWriter::with_capacity(1 << 20, f);
        let result = write(&mut w).and_then(|r| w.flush().map(|_| r));
        let written = match result {
            Ok(r) => r,
            Err(e) => {
                drop(w);
                let _ = fs::remove_file(&temp_path);
                return Err(io(&temp_path, e));
            }
        };
        let f = w.into_inner().map_err(|e| io(&temp_path, e.into_error()))?;
        f.sync_all().map_err(|e| io(&temp_path, e))?;
        written
    };
    crash_point(&format!("export.{label}_partial"));
    match fs::symlink_metadata(&final_path) {
        Ok(m) if !m.file_type().is_file() => {
            let _ = fs::remove_file(&temp_path);
            return Err(ExchangeError::Medium(format!(
                "出力先に同じ名前のファイル以外のもの（リンクなど）があります（{}）。別のフォルダを選んでください",
                final_path.display()
            )));
        }
        _ => {}
    }
    if final_path.exists() {
        let existing = fs::read(&final_path).map_err(|e| io(&final_path, e))?;
        let _ = fs::remove_file(&temp_path);
        if sha256_hex(&existing) == written.sha256 {
            return Ok(written);
        }
        return Err(ExchangeError::Medium(format!(
            "フォルダに同じ名前の別のファイルがあります（{}）。上書きはしません。別の媒体かフォルダを選んでください",
            final_path.display()
        )));
    }
    fs::rename(&temp_path, &final_path).map_err(|e| io(&final_path, e))?;
    crate::fsutil::sync_parent(&final_path);
    Ok(written)
}

/// Step 2: the files of a `writing` batch. Returns (data written, manifest sha).
/// What [`write_files`] wrote: the data file, the manifest's SHA-256, and per eligibility line
/// (no, outbox id, person) the My Number it carried (hash and last four digits only).
struct Files {
    data: Written,
    manifest_sha: String,
    numbers: Vec<(i64, i64, i64, Option<SentNumber>)>,
}

fn write_files(
    store: &Store,
    batch: &BatchRow,
    layout: &dyn Layout,
    reveal: Option<&crate::store::reveal::RevealKey>,
    progress: ProgressFn<'_>,
) -> Result<Files> {
    let conn = store.conn();
    let dir = PathBuf::from(&batch.dir);
    if !dir.is_dir() {
        return Err(ExchangeError::Medium(format!(
            "出力先のフォルダ {} がありません。媒体を差し込んでから、もう一度出力してください",
            batch.dir
        )));
    }
    let o = office(conn)?;
    let mut total: u64 = 200;
    let mut lines = Vec::with_capacity(batch.record_count as usize);
    let mut numbers = vec![];
    for (no, event_id, revision, payload) in sx::batch_lines(conn, batch.id)? {
        total += payload.len() as u64 + 64;
        let mut record = from_payload(event_id, &payload)?;
        if let Record::EligibilityStart(e) = &mut record {
            // The one place a My Number is written out: unsealed now, for this file only.
            let person = sx::outbox(conn, event_id)?.person_id.unwrap_or_default();
            let state = sx::my_number_state(conn, person)?;
            if state.is_some() {
                let key = reveal.ok_or_else(key_needed)?;
                e.person.my_number =
                    crate::store::households::my_number(conn, key, store.db_id(), person)?;
            }
            numbers.push((no, event_id, person, state));
        }
        lines.push(BatchLine {
            no,
            event_id,
            revision,
            record,
        });
    }
    if lines.len() as i64 != batch.record_count {
        return Err(ExchangeError::State(format!(
            "バッチ {} の記録数が合いません",
            batch.seq
        )));
    }
    let header = BatchHeader {
        channel: batch.channel,
        office: o.payer.clone(),
        municipality: o.municipality.clone(),
        seq: batch.seq,
        created_at: batch.created_at.clone(),
    };
    if !progress(Progress { done: 0, total }) {
        return Err(ExchangeError::Cancelled);
    }
    let stopped = std::cell::Cell::new(false);
    let data = write_file(&dir, &batch.data_file, "data", |w| {
        let mut counting = Counting {
            inner: w,
            done: 0,
            total,
            last: 0,
            progress: &mut *progress,
            stopped: &stopped,
        };
        layout.write_batch(&header, &lines, &mut counting)
    })
    .map_err(|e| {
        if stopped.get() {
            ExchangeError::Cancelled
        } else {
            e
        }
    })?;
    crash_point("export.data_written");
    let manifest = Manifest {
        format: MANIFEST_FORMAT.into(),
        version: MANIFEST_VERSION,
        layout: layout.id().into(),
        channel: batch.channel,
        office: o.payer,
        municipality: o.municipality,
        office_name: o.name,
        batch_seq: batch.seq,
        created_at: batch.created_at.clone(),
        medium_id: batch.medium_id.clone(),
        record_count: batch.record_count,
        files: vec![ManifestFile {
            name: batch.data_file.clone(),
            role: "data".into(),
            bytes: data.bytes,
            sha256: data.sha256.clone(),
            records: data.records as u64,
        }],
        audit_anchor: batch.audit_anchor.clone(),
    };
    let mut text =
        serde_json::to_vec_pretty(&manifest).map_err(|e| ExchangeError::Io(e.to_string()))?;
    text.push(b'\n');
    let m = write_file(&dir, &batch.manifest_file, "manifest", |w| {
        w.write_all(&text)?;
        Ok(Written {
            records: 0,
            bytes: text.len() as u64,
            sha256: sha256_hex(&text),
        })
    })?;
    crash_point("export.manifest_written");
    // Past the point of stopping: the files are complete; the answer is ignored.
    let _ = progress(Progress { done: total, total });
    Ok(Files {
        data,
        manifest_sha: m.sha256,
        numbers,
    })
}

/// Export the queued records of `channel` as one batch into `dir` on medium `medium_id`.
pub fn export(
    store: &mut Store,
    actor: &str,
    now: &str,
    target: Target<'_>,
    layout: &dyn Layout,
    progress: ProgressFn<'_>,
) -> Result<Exported> {
    let Target {
        channel,
        medium_id,
        dir,
        reveal,
    } = target;
    let medium_id = medium_id.trim();
    let (batch_id, resumed) = prepare(
        store,
        actor,
        now,
        channel,
        medium_id,
        dir,
        layout,
        reveal.is_some(),
    )?;
    crash_point("export.prepared");
    let batch = sx::batch(store.conn(), batch_id)?;
    let layout = if batch.layout == layout.id() {
        layout
    } else {
        layout::by_id(&batch.layout).ok_or_else(|| {
            ExchangeError::State(format!(
                "バッチの形式「{}」をこのプログラムは書けません",
                batch.layout
            ))
        })?
    };
    let Files {
        data,
        manifest_sha,
        numbers,
    } = write_files(store, &batch, layout, reveal, progress)?;
    let files = vec![batch.data_file.clone(), batch.manifest_file.clone()];
    store.write(actor, now, |tx| {
        sx::mark_sent(tx.conn(), batch_id, &data.sha256, data.bytes as i64, &manifest_sha, tx.now())?;
        for (no, outbox_id, person, n) in &numbers {
            sx::set_sent_number(tx.conn(), batch_id, *no, n.as_ref())?;
            super::checks::on_export(tx.conn(), batch_id, *outbox_id, *person, n.as_ref(), tx.now())?;
        }
        sx::insert_register(
            tx.conn(),
            &NewRegister {
                medium_id: &batch.medium_id,
                action: "export",
                at: tx.now(),
                user_id: tx.actor(),
                channel,
                batch_id,
                files: &files,
                record_count: batch.record_count,
                note: Some(&batch.dir),
            },
        )?;
        tx.audit(
            actions::EXCHANGE_EXPORT,
            Some("exchange_batch"),
            Some(&batch_id.to_string()),
            serde_json::json!({
                "channel": channel.code(), "seq": batch.seq, "medium_id": batch.medium_id, "dir": batch.dir,
                "records": batch.record_count, "files": files, "data_sha256": data.sha256,
                "manifest_sha256": manifest_sha, "resumed": resumed,
            }),
        )?;
        crash_point("export.finishing");
        Ok::<_, ExchangeError>(())
    })?;
    Ok(Exported {
        batch_id,
        channel,
        seq: batch.seq,
        records: batch.record_count,
        medium_id: batch.medium_id.clone(),
        dir: batch.dir.clone(),
        files,
        data_sha256: data.sha256,
        resumed,
    })
}

/// Drop an interrupted (`writing`) batch of a channel: its files are removed from the folder if
/// it is reachable, its records go back to waiting as they were. Returns the sequence dropped.
pub fn cancel(store: &mut Store, actor: &str, now: &str, channel: Channel) -> Result<i64> {
    let Some(b) = sx::batches_in_state(store.conn(), Some(channel), BatchState::Writing)?
        .into_iter()
        .next()
    else {
        return Err(ExchangeError::State(format!(
            "{}に中断した出力はありません",
            channel.label()
        )));
    };
    let dir = PathBuf::from(&b.dir);
    let mut removed = vec![];
    for name in [&b.data_file, &b.manifest_file] {
        for n in [name.clone(), layout::temp_name(name)] {
            if fs::remove_file(dir.join(&n)).is_ok() {
                removed.push(n);
            }
        }
    }
    store.write(actor, now, |tx| {
        sx::delete_writing_batch(tx.conn(), b.id)?;
        tx.audit(
            actions::EXCHANGE_EXPORT_CANCEL,
            Some("exchange_batch"),
            Some(&b.id.to_string()),
            serde_json::json!({ "channel": channel.code(), "seq": b.seq, "medium_id": b.medium_id, "dir": b.dir, "removed": removed }),
        )?;
        Ok::<_, ExchangeError>(())
    })?;
    Ok(b.seq)
}
