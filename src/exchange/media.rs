//! Media hygiene: the approved media, erasing a confirmed batch from its medium (recorded in the
//! 媒体管理簿), and removing temporary files an interrupted export left behind.
//!
//! Seed 000 §4.6: only approved media are used, every use is registered, data is erased from the
//! medium as soon as the job is done. The erasure here deletes exactly the files this program
//! wrote for the batch (and the result file it imported), by name, and records which were found.

use std::fs;
use std::path::{Path, PathBuf};

use super::layout;
use super::{Channel, ExchangeError, Result};
use crate::audit::actions;
use crate::store::exchange::{self as sx, BatchState, NewRegister};
use crate::store::Store;

/// A medium ID as typed: 1–32 letters, digits, '-' or '_'.
pub fn validate_medium_id(id: &str) -> Result<String> {
    let id = id.trim();
    if id.is_empty()
        || id.len() > 32
        || !id
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        return Err(ExchangeError::Medium(
            "媒体IDは英数字・ハイフン・下線の32文字以内で入力してください".into(),
        ));
    }
    Ok(id.to_string())
}

/// Remove the temporary files of every interrupted export whose folder is reachable. Called when
/// the program starts (login), so a crash never leaves a partial file with personal data on a
/// medium. Returns the files removed.
pub fn clean_temp_files(conn: &rusqlite::Connection) -> Result<Vec<PathBuf>> {
    let mut removed = vec![];
    for b in sx::batches_in_state(conn, None, BatchState::Writing)? {
        let dir = PathBuf::from(&b.dir);
        for name in [&b.data_file, &b.manifest_file] {
            let p = dir.join(layout::temp_name(name));
            if fs::remove_file(&p).is_ok() {
                removed.push(p);
            }
        }
    }
    Ok(removed)
}

/// What an erasure did.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct Erased {
    pub batch_id: i64,
    pub channel: Channel,
    pub seq: i64,
    pub removed: Vec<String>,
    /// Files the program wrote or imported that were no longer there.
    pub absent: Vec<String>,
}

fn remove(
    dir: &Path,
    name: &str,
    removed: &mut Vec<String>,
    absent: &mut Vec<String>,
) -> Result<()> {
    let p = dir.join(name);
    match fs::remove_file(&p) {
        Ok(()) => removed.push(p.display().to_string()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => absent.push(p.display().to_string()),
        Err(e) => {
            return Err(ExchangeError::Io(format!(
                "{} を消去できません: {e}。媒体の書込み禁止を確かめてください",
                p.display()
            )));
        }
    }
    Ok(())
}

/// Erase a confirmed batch's files from its medium (the data file and manifest where they were
/// written, and the result file where it was imported from), and record it.
pub fn erase_batch(store: &mut Store, actor: &str, now: &str, batch_id: i64) -> Result<Erased> {
    let b = sx::batch(store.conn(), batch_id)?;
    if b.state != BatchState::Confirmed {
        return Err(ExchangeError::State(format!(
            "バッチ {} はまだ結果を取り込んでいないため、媒体から消去できません",
            b.seq
        )));
    }
    if b.erased_at.is_some() {
        return Err(ExchangeError::State(format!(
            "バッチ {} は既に媒体から消去済みです",
            b.seq
        )));
    }
    let imp = sx::import_for_batch(store.conn(), batch_id)?;
    let (mut removed, mut absent) = (vec![], vec![]);
    let dir = PathBuf::from(&b.dir);
    for name in [&b.data_file, &b.manifest_file] {
        remove(&dir, name, &mut removed, &mut absent)?;
    }
    if let Some(i) = &imp {
        remove(Path::new(&i.dir), &i.file_name, &mut removed, &mut absent)?;
    }
    store.write(actor, now, |tx| {
        sx::mark_erased(tx.conn(), batch_id, tx.now())?;
        let note = if absent.is_empty() { None } else { Some(format!("見つからなかったファイル: {}", absent.join(", "))) };
        sx::insert_register(
            tx.conn(),
            &NewRegister {
                medium_id: &b.medium_id,
                action: "erase",
                at: tx.now(),
                user_id: tx.actor(),
                channel: b.channel,
                batch_id,
                files: &removed,
                record_count: b.record_count,
                note: note.as_deref(),
            },
        )?;
        tx.audit(
            actions::EXCHANGE_MEDIA_ERASE,
            Some("exchange_batch"),
            Some(&batch_id.to_string()),
            serde_json::json!({ "channel": b.channel.code(), "seq": b.seq, "medium_id": b.medium_id, "removed": removed, "absent": absent }),
        )?;
        Ok::<_, ExchangeError>(())
    })?;
    Ok(Erased {
        batch_id,
        channel: b.channel,
        seq: b.seq,
        removed,
        absent,
    })
}
