//! The exchange tables (migration 0008): outbox and its revisions, batches and their items,
//! result imports, media and the 媒体管理簿, the 確認リスト and the 調査記録. Rows in, rows out;
//! the rules are in `exchange`, permissions and audit in `service::exchange`.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Result, StoreError};
use crate::exchange::{Channel, OutboxState};

fn bad(col: usize, what: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        col,
        rusqlite::types::Type::Text,
        what.to_string().into(),
    )
}

fn channel_at(r: &rusqlite::Row<'_>, i: usize) -> rusqlite::Result<Channel> {
    let s: String = r.get(i)?;
    Channel::from_code(&s).ok_or_else(|| bad(i, "channel"))
}

// --- outbox --------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OutboxRow {
    pub id: i64,
    pub channel: Channel,
    pub kind: String,
    pub household_id: Option<i64>,
    pub person_id: Option<i64>,
    pub source: String,
    pub created_at: String,
    pub created_by: String,
    pub state: OutboxState,
    pub revision: i64,
    pub batch_id: Option<i64>,
    pub result_code: Option<String>,
    pub result_field: Option<String>,
    pub result_message: Option<String>,
    pub receipt_number: Option<String>,
    pub state_at: String,
}

const OUTBOX_COLS: &str = "o.id, o.channel, o.kind, o.household_id, o.person_id, o.source, o.created_at, o.created_by,
    o.state, o.revision, o.batch_id, o.result_code, o.result_field, o.result_message, o.receipt_number, o.state_at";

fn outbox_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OutboxRow> {
    let state: String = r.get(8)?;
    Ok(OutboxRow {
        id: r.get(0)?,
        channel: channel_at(r, 1)?,
        kind: r.get(2)?,
        household_id: r.get(3)?,
        person_id: r.get(4)?,
        source: r.get(5)?,
        created_at: r.get(6)?,
        created_by: r.get(7)?,
        state: OutboxState::from_code(&state).ok_or_else(|| bad(8, "state"))?,
        revision: r.get(9)?,
        batch_id: r.get(10)?,
        result_code: r.get(11)?,
        result_field: r.get(12)?,
        result_message: r.get(13)?,
        receipt_number: r.get(14)?,
        state_at: r.get(15)?,
    })
}

pub struct NewOutbox<'a> {
    pub channel: Channel,
    pub kind: &'a str,
    pub household_id: Option<i64>,
    pub person_id: Option<i64>,
    pub source: &'a str,
    pub payload: &'a str,
    pub sha256: &'a str,
    pub at: &'a str,
    pub by: &'a str,
}

/// Insert a record in state 未送信 with its first revision.
pub fn insert_outbox(conn: &Connection, n: &NewOutbox<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO outbox (channel, kind, household_id, person_id, source, created_at, created_by, state, revision, state_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, 'pending', 1, ?6)",
        params![n.channel.code(), n.kind, n.household_id, n.person_id, n.source, n.at, n.by],
    )?;
    let id = conn.last_insert_rowid();
    insert_revision(conn, id, 1, n.payload, n.sha256, n.at, n.by, None)?;
    Ok(id)
}

#[allow(clippy::too_many_arguments)]
pub fn insert_revision(
    conn: &Connection,
    id: i64,
    rev: i64,
    payload: &str,
    sha: &str,
    at: &str,
    by: &str,
    note: Option<&str>,
) -> Result<()> {
    conn.execute(
        "INSERT INTO outbox_revisions (outbox_id, revision, payload, sha256, created_at, created_by, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![id, rev, payload, sha, at, by, note],
    )?;
    Ok(())
}

pub fn outbox(conn: &Connection, id: i64) -> Result<OutboxRow> {
    conn.query_row(
        &format!("SELECT {OUTBOX_COLS} FROM outbox o WHERE o.id = ?1"),
        [id],
        outbox_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("連携記録（ID {id}）")))
}

/// The payload of a revision.
pub fn payload(conn: &Connection, id: i64, revision: i64) -> Result<String> {
    conn.query_row(
        "SELECT payload FROM outbox_revisions WHERE outbox_id = ?1 AND revision = ?2",
        [id, revision],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("連携記録（ID {id}）の版 {revision}")))
}

/// Move a record to 再送待ち, at a (possibly new) revision, clearing the last result.
pub fn requeue(conn: &Connection, id: i64, revision: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE outbox SET state = 'requeued', revision = ?2, result_code = NULL, result_field = NULL,
                result_message = NULL, state_at = ?3 WHERE id = ?1",
        params![id, revision, at],
    )?;
    Ok(())
}

/// The records waiting for the next batch of a channel, oldest first: (id, revision, payload).
pub fn queued(conn: &Connection, channel: Channel, limit: i64) -> Result<Vec<(i64, i64)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, revision FROM outbox WHERE channel = ?1 AND state IN ('pending','requeued') ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![channel.code(), limit], |r| {
        Ok((r.get(0)?, r.get(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The My Number the latest earlier batch sent for a person (eligibility lines of batches other
/// than `except_batch` that left the desk): `Some(None-lookup…)` rows are numbers sent; a line
/// sent without a number has no last4 and counts as "sent blank" (`None`).
pub fn last_sent_number(
    conn: &Connection,
    person_id: i64,
    except_batch: i64,
) -> Result<Option<crate::exchange::checks::SentNumber>> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT i.my_number_lookup, i.my_number_last4 FROM exchange_batch_items i
             JOIN exchange_batches b ON b.id = i.batch_id
             JOIN outbox o ON o.id = i.outbox_id
             WHERE o.person_id = ?1 AND o.kind = 'eligibility_start' AND b.state IN ('sent','confirmed') AND b.id <> ?2
             ORDER BY b.id DESC LIMIT 1",
            params![person_id, except_batch],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    Ok(row.and_then(|(lookup, last4)| {
        last4.map(|last4| crate::exchange::checks::SentNumber { lookup, last4 })
    }))
}

/// Record on a batch line which My Number it carried.
pub fn set_sent_number(
    conn: &Connection,
    batch_id: i64,
    no: i64,
    n: Option<&crate::exchange::checks::SentNumber>,
) -> Result<()> {
    conn.prepare_cached("UPDATE exchange_batch_items SET my_number_lookup = ?3, my_number_last4 = ?4 WHERE batch_id = ?1 AND no = ?2")?
        .execute(params![batch_id, no, n.and_then(|n| n.lookup.clone()), n.map(|n| n.last4.clone())])?;
    Ok(())
}

/// Whether a person has a My Number registered, with its keyed lookup hash and last four digits
/// (no key needed: neither reveals the number).
pub fn my_number_state(
    conn: &Connection,
    person_id: i64,
) -> Result<Option<crate::exchange::checks::SentNumber>> {
    Ok(conn
        .query_row(
            "SELECT lookup, last4 FROM my_numbers WHERE person_id = ?1",
            [person_id],
            |r| {
                Ok(crate::exchange::checks::SentNumber {
                    lookup: r.get(0)?,
                    last4: r.get(1)?,
                })
            },
        )
        .optional()?)
}

/// Whether any queued eligibility registration of the channel's next batch concerns a person
/// with a My Number (the export then needs the 個人番号鍵).
pub fn queued_needs_my_number(conn: &Connection, items: &[(i64, i64)]) -> Result<bool> {
    let mut stmt = conn.prepare_cached(
        "SELECT 1 FROM outbox o JOIN my_numbers m ON m.person_id = o.person_id WHERE o.id = ?1 AND o.kind = 'eligibility_start'",
    )?;
    for (id, _) in items {
        if stmt.exists([id])? {
            return Ok(true);
        }
    }
    Ok(false)
}

#[derive(Debug, Clone, Default)]
pub struct OutboxFilter {
    pub channel: Option<Channel>,
    pub states: Vec<OutboxState>,
    pub household_id: Option<i64>,
    pub limit: i64,
}

pub fn list_outbox(conn: &Connection, f: &OutboxFilter) -> Result<Vec<OutboxRow>> {
    let mut sql = format!("SELECT {OUTBOX_COLS} FROM outbox o WHERE 1 = 1");
    let mut args: Vec<rusqlite::types::Value> = vec![];
    if let Some(c) = f.channel {
        args.push(c.code().to_string().into());
        sql.push_str(&format!(" AND o.channel = ?{}", args.len()));
    }
    if !f.states.is_empty() {
        let mut marks = vec![];
        for s in &f.states {
            args.push(s.code().to_string().into());
            marks.push(format!("?{}", args.len()));
        }
        sql.push_str(&format!(" AND o.state IN ({})", marks.join(",")));
    }
    if let Some(h) = f.household_id {
        args.push(h.into());
        sql.push_str(&format!(" AND o.household_id = ?{}", args.len()));
    }
    args.push(f.limit.max(1).into());
    sql.push_str(&format!(" ORDER BY o.id LIMIT ?{}", args.len()));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args), outbox_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The records a producer's row caused (`source` as in [`crate::exchange::event::Source::text`]),
/// oldest first.
pub fn outbox_for_source(conn: &Connection, source: &str) -> Result<Vec<OutboxRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {OUTBOX_COLS} FROM outbox o WHERE o.source = ?1 ORDER BY o.id"
    ))?;
    let rows = stmt.query_map([source], outbox_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// --- batches -------------------------------------------------------------------------------

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BatchState {
    Writing,
    Sent,
    Confirmed,
}

impl BatchState {
    pub fn code(self) -> &'static str {
        match self {
            BatchState::Writing => "writing",
            BatchState::Sent => "sent",
            BatchState::Confirmed => "confirmed",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            BatchState::Writing => "出力中（中断）",
            BatchState::Sent => "結果待ち",
            BatchState::Confirmed => "結果取込済",
        }
    }
    fn from_code(s: &str) -> Option<Self> {
        [BatchState::Writing, BatchState::Sent, BatchState::Confirmed]
            .into_iter()
            .find(|b| b.code() == s)
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BatchRow {
    pub id: i64,
    pub channel: Channel,
    pub seq: i64,
    pub layout: String,
    pub state: BatchState,
    pub medium_id: String,
    pub dir: String,
    pub record_count: i64,
    pub created_at: String,
    pub created_by: String,
    pub data_file: String,
    pub manifest_file: String,
    pub data_sha256: Option<String>,
    pub data_bytes: Option<i64>,
    pub manifest_sha256: Option<String>,
    pub audit_anchor: Option<String>,
    pub sent_at: Option<String>,
    pub confirmed_at: Option<String>,
    pub erased_at: Option<String>,
}

const BATCH_COLS: &str = "id, channel, seq, layout, state, medium_id, dir, record_count, created_at, created_by, data_file,
    manifest_file, data_sha256, data_bytes, manifest_sha256, audit_anchor, sent_at, confirmed_at, erased_at";

fn batch_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<BatchRow> {
    let state: String = r.get(4)?;
    Ok(BatchRow {
        id: r.get(0)?,
        channel: channel_at(r, 1)?,
        seq: r.get(2)?,
        layout: r.get(3)?,
        state: BatchState::from_code(&state).ok_or_else(|| bad(4, "batch state"))?,
        medium_id: r.get(5)?,
        dir: r.get(6)?,
        record_count: r.get(7)?,
        created_at: r.get(8)?,
        created_by: r.get(9)?,
        data_file: r.get(10)?,
        manifest_file: r.get(11)?,
        data_sha256: r.get(12)?,
        data_bytes: r.get(13)?,
        manifest_sha256: r.get(14)?,
        audit_anchor: r.get(15)?,
        sent_at: r.get(16)?,
        confirmed_at: r.get(17)?,
        erased_at: r.get(18)?,
    })
}

pub fn batch(conn: &Connection, id: i64) -> Result<BatchRow> {
    conn.query_row(
        &format!("SELECT {BATCH_COLS} FROM exchange_batches WHERE id = ?1"),
        [id],
        batch_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("バッチ（ID {id}）")))
}

pub fn batch_by_seq(conn: &Connection, channel: Channel, seq: i64) -> Result<Option<BatchRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {BATCH_COLS} FROM exchange_batches WHERE channel = ?1 AND seq = ?2"),
            params![channel.code(), seq],
            batch_row,
        )
        .optional()?)
}

pub fn batches_in_state(
    conn: &Connection,
    channel: Option<Channel>,
    state: BatchState,
) -> Result<Vec<BatchRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {BATCH_COLS} FROM exchange_batches WHERE state = ?1 AND (?2 IS NULL OR channel = ?2) ORDER BY channel, seq"
    ))?;
    let rows = stmt.query_map(params![state.code(), channel.map(|c| c.code())], batch_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn list_batches(conn: &Connection, limit: i64) -> Result<Vec<BatchRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {BATCH_COLS} FROM exchange_batches ORDER BY id DESC LIMIT ?1"
    ))?;
    let rows = stmt.query_map([limit], batch_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn next_seq(conn: &Connection, channel: Channel) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(seq), 0) + 1 FROM exchange_batches WHERE channel = ?1",
        [channel.code()],
        |r| r.get(0),
    )?)
}

pub struct NewBatch<'a> {
    pub channel: Channel,
    pub seq: i64,
    pub layout: &'a str,
    pub medium_id: &'a str,
    pub dir: &'a str,
    pub record_count: i64,
    pub data_file: &'a str,
    pub manifest_file: &'a str,
    pub audit_anchor: Option<&'a str>,
    pub at: &'a str,
    pub by: &'a str,
}

/// A batch in state `writing` with its items (no, outbox id, revision).
pub fn insert_batch(conn: &Connection, b: &NewBatch<'_>, items: &[(i64, i64)]) -> Result<i64> {
    conn.execute(
        "INSERT INTO exchange_batches (channel, seq, layout, state, medium_id, dir, record_count, created_at, created_by,
                                       data_file, manifest_file, audit_anchor)
         VALUES (?1, ?2, ?3, 'writing', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![b.channel.code(), b.seq, b.layout, b.medium_id, b.dir, b.record_count, b.at, b.by, b.data_file, b.manifest_file, b.audit_anchor],
    )?;
    let id = conn.last_insert_rowid();
    let mut stmt = conn.prepare_cached("INSERT INTO exchange_batch_items (batch_id, no, outbox_id, revision) VALUES (?1, ?2, ?3, ?4)")?;
    for (i, (oid, rev)) in items.iter().enumerate() {
        stmt.execute(params![id, i as i64 + 1, oid, rev])?;
    }
    Ok(id)
}

/// A batch whose files never left: its rows go (only ever the newest batch of its channel).
pub fn delete_writing_batch(conn: &Connection, id: i64) -> Result<()> {
    conn.execute("DELETE FROM exchange_batch_items WHERE batch_id = ?1", [id])?;
    let n = conn.execute(
        "DELETE FROM exchange_batches WHERE id = ?1 AND state = 'writing'",
        [id],
    )?;
    if n != 1 {
        return Err(StoreError::Conflict("出力中のバッチではありません".into()));
    }
    Ok(())
}

/// The lines of a batch in order: (no, outbox id, revision, payload).
pub fn batch_lines(conn: &Connection, batch_id: i64) -> Result<Vec<(i64, i64, i64, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT i.no, i.outbox_id, i.revision, r.payload FROM exchange_batch_items i
         JOIN outbox_revisions r ON r.outbox_id = i.outbox_id AND r.revision = i.revision
         WHERE i.batch_id = ?1 ORDER BY i.no",
    )?;
    let rows = stmt.query_map([batch_id], |r| {
        Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The batch's files are complete on the medium: record them and move its records to 送信済.
pub fn mark_sent(
    conn: &Connection,
    batch_id: i64,
    data_sha: &str,
    data_bytes: i64,
    manifest_sha: &str,
    at: &str,
) -> Result<usize> {
    let n = conn.execute(
        "UPDATE exchange_batches SET state = 'sent', data_sha256 = ?2, data_bytes = ?3, manifest_sha256 = ?4, sent_at = ?5
         WHERE id = ?1 AND state = 'writing'",
        params![batch_id, data_sha, data_bytes, manifest_sha, at],
    )?;
    if n != 1 {
        return Err(StoreError::Conflict("このバッチは既に出力済みです".into()));
    }
    Ok(conn.execute(
        "UPDATE outbox SET state = 'sent', batch_id = ?1, state_at = ?2
         WHERE id IN (SELECT outbox_id FROM exchange_batch_items WHERE batch_id = ?1)",
        params![batch_id, at],
    )?)
}

pub struct ItemResult<'a> {
    pub result: &'a str,
    pub code: Option<&'a str>,
    pub field: Option<&'a str>,
    pub message: Option<&'a str>,
    pub receipt: Option<&'a str>,
}

/// Record one result on the batch item and on its outbox record.
pub fn set_result(
    conn: &Connection,
    batch_id: i64,
    no: i64,
    outbox_id: i64,
    r: &ItemResult<'_>,
    at: &str,
) -> Result<()> {
    conn.prepare_cached("UPDATE exchange_batch_items SET result = ?3, code = ?4, field = ?5, message = ?6, receipt = ?7 WHERE batch_id = ?1 AND no = ?2")?
        .execute(params![batch_id, no, r.result, r.code, r.field, r.message, r.receipt])?;
    let state = if r.result == "accepted" {
        "accepted"
    } else {
        "error"
    };
    conn.prepare_cached(
        "UPDATE outbox SET state = ?2, result_code = ?3, result_field = ?4, result_message = ?5,
                receipt_number = coalesce(?6, receipt_number), state_at = ?7
         WHERE id = ?1 AND state = 'sent' AND batch_id = ?8",
    )?
    .execute(params![
        outbox_id, state, r.code, r.field, r.message, r.receipt, at, batch_id
    ])
    .and_then(|n| {
        if n == 1 {
            Ok(())
        } else {
            Err(rusqlite::Error::StatementChangedRows(n))
        }
    })?;
    Ok(())
}

pub fn mark_confirmed(conn: &Connection, batch_id: i64, at: &str) -> Result<()> {
    let n = conn.execute("UPDATE exchange_batches SET state = 'confirmed', confirmed_at = ?2 WHERE id = ?1 AND state = 'sent'", params![batch_id, at])?;
    if n != 1 {
        return Err(StoreError::Conflict(
            "このバッチは結果待ちではありません".into(),
        ));
    }
    Ok(())
}

pub fn mark_erased(conn: &Connection, batch_id: i64, at: &str) -> Result<()> {
    conn.execute(
        "UPDATE exchange_batches SET erased_at = ?2 WHERE id = ?1",
        params![batch_id, at],
    )?;
    Ok(())
}

/// Per batch item: (no, outbox id, revision, result, code, field, message, receipt).
pub type ItemRow = (
    i64,
    i64,
    i64,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
    Option<String>,
);

pub fn batch_items(conn: &Connection, batch_id: i64) -> Result<Vec<ItemRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT no, outbox_id, revision, result, code, field, message, receipt FROM exchange_batch_items WHERE batch_id = ?1 ORDER BY no",
    )?;
    let rows = stmt.query_map([batch_id], |r| {
        Ok((
            r.get(0)?,
            r.get(1)?,
            r.get(2)?,
            r.get(3)?,
            r.get(4)?,
            r.get(5)?,
            r.get(6)?,
            r.get(7)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// --- imports -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ImportRow {
    pub id: i64,
    pub batch_id: i64,
    pub file_name: String,
    pub sha256: String,
    pub dir: String,
    pub imported_at: String,
    pub imported_by: String,
    pub accepted: i64,
    pub errors: i64,
    pub missing: i64,
}

const IMPORT_COLS: &str =
    "id, batch_id, file_name, sha256, dir, imported_at, imported_by, accepted, errors, missing";

fn import_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ImportRow> {
    Ok(ImportRow {
        id: r.get(0)?,
        batch_id: r.get(1)?,
        file_name: r.get(2)?,
        sha256: r.get(3)?,
        dir: r.get(4)?,
        imported_at: r.get(5)?,
        imported_by: r.get(6)?,
        accepted: r.get(7)?,
        errors: r.get(8)?,
        missing: r.get(9)?,
    })
}

pub fn import_by_sha(conn: &Connection, sha: &str) -> Result<Option<ImportRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {IMPORT_COLS} FROM exchange_imports WHERE sha256 = ?1"),
            [sha],
            import_row,
        )
        .optional()?)
}

pub fn import_for_batch(conn: &Connection, batch_id: i64) -> Result<Option<ImportRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {IMPORT_COLS} FROM exchange_imports WHERE batch_id = ?1"),
            [batch_id],
            import_row,
        )
        .optional()?)
}

pub fn insert_import(conn: &Connection, i: &ImportRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO exchange_imports (batch_id, file_name, sha256, dir, imported_at, imported_by, accepted, errors, missing)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![i.batch_id, i.file_name, i.sha256, i.dir, i.imported_at, i.imported_by, i.accepted, i.errors, i.missing],
    )?;
    Ok(conn.last_insert_rowid())
}

// --- media and the 媒体管理簿 ------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MediumRow {
    pub medium_id: String,
    pub label: String,
    pub registered_by: String,
    pub registered_at: String,
    pub retired_by: Option<String>,
    pub retired_at: Option<String>,
}

fn medium_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<MediumRow> {
    Ok(MediumRow {
        medium_id: r.get(0)?,
        label: r.get(1)?,
        registered_by: r.get(2)?,
        registered_at: r.get(3)?,
        retired_by: r.get(4)?,
        retired_at: r.get(5)?,
    })
}

pub fn medium(conn: &Connection, id: &str) -> Result<Option<MediumRow>> {
    Ok(conn
        .query_row(
            "SELECT medium_id, label, registered_by, registered_at, retired_by, retired_at FROM exchange_media WHERE medium_id = ?1",
            [id],
            medium_row,
        )
        .optional()?)
}

pub fn media(conn: &Connection) -> Result<Vec<MediumRow>> {
    let mut stmt =
        conn.prepare_cached("SELECT medium_id, label, registered_by, registered_at, retired_by, retired_at FROM exchange_media ORDER BY medium_id")?;
    let rows = stmt.query_map([], medium_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn insert_medium(conn: &Connection, id: &str, label: &str, by: &str, at: &str) -> Result<()> {
    if medium(conn, id)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "媒体「{id}」は既に登録されています"
        )));
    }
    conn.execute(
        "INSERT INTO exchange_media (medium_id, label, registered_by, registered_at) VALUES (?1, ?2, ?3, ?4)",
        params![id, label, by, at],
    )?;
    Ok(())
}

pub fn retire_medium(conn: &Connection, id: &str, by: &str, at: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE exchange_media SET retired_by = ?2, retired_at = ?3 WHERE medium_id = ?1 AND retired_at IS NULL",
        params![id, by, at],
    )?;
    if n != 1 {
        return Err(StoreError::NotFound(format!("使用中の媒体「{id}」")));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RegisterRow {
    pub id: i64,
    pub medium_id: String,
    pub action: String,
    pub at: String,
    pub user_id: String,
    pub channel: Channel,
    pub batch_id: i64,
    pub seq: i64,
    /// JSON array of file names.
    pub files: String,
    pub record_count: i64,
    pub note: Option<String>,
}

pub struct NewRegister<'a> {
    pub medium_id: &'a str,
    pub action: &'a str,
    pub at: &'a str,
    pub user_id: &'a str,
    pub channel: Channel,
    pub batch_id: i64,
    pub files: &'a [String],
    pub record_count: i64,
    pub note: Option<&'a str>,
}

pub fn insert_register(conn: &Connection, e: &NewRegister<'_>) -> Result<i64> {
    let files = serde_json::to_string(e.files).unwrap_or_else(|_| "[]".into());
    conn.execute(
        "INSERT INTO media_register (medium_id, action, at, user_id, channel, batch_id, files, record_count, note)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![e.medium_id, e.action, e.at, e.user_id, e.channel.code(), e.batch_id, files, e.record_count, e.note],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn register(conn: &Connection, limit: i64) -> Result<Vec<RegisterRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT m.id, m.medium_id, m.action, m.at, m.user_id, m.channel, m.batch_id, b.seq, m.files, m.record_count, m.note
         FROM media_register m JOIN exchange_batches b ON b.id = m.batch_id ORDER BY m.id DESC LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok(RegisterRow {
            id: r.get(0)?,
            medium_id: r.get(1)?,
            action: r.get(2)?,
            at: r.get(3)?,
            user_id: r.get(4)?,
            channel: channel_at(r, 5)?,
            batch_id: r.get(6)?,
            seq: r.get(7)?,
            files: r.get(8)?,
            record_count: r.get(9)?,
            note: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// --- 確認リスト -----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CheckRow {
    pub id: i64,
    pub channel: Channel,
    pub kind: String,
    pub outbox_id: Option<i64>,
    pub person_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub detail: String,
    pub created_at: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub review_note: Option<String>,
}

pub struct NewCheck<'a> {
    pub channel: Channel,
    pub kind: &'a str,
    pub outbox_id: Option<i64>,
    pub person_id: Option<i64>,
    pub batch_id: Option<i64>,
    pub detail: &'a str,
    pub at: &'a str,
}

pub fn insert_check(conn: &Connection, c: &NewCheck<'_>) -> Result<i64> {
    conn.execute(
        "INSERT INTO exchange_checks (channel, kind, outbox_id, person_id, batch_id, detail, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![c.channel.code(), c.kind, c.outbox_id, c.person_id, c.batch_id, c.detail, c.at],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn checks(conn: &Connection, open_only: bool, limit: i64) -> Result<Vec<CheckRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, channel, kind, outbox_id, person_id, batch_id, detail, created_at, reviewed_by, reviewed_at, review_note
         FROM exchange_checks WHERE (?1 = 0 OR reviewed_at IS NULL) ORDER BY id LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![open_only as i64, limit], |r| {
        Ok(CheckRow {
            id: r.get(0)?,
            channel: channel_at(r, 1)?,
            kind: r.get(2)?,
            outbox_id: r.get(3)?,
            person_id: r.get(4)?,
            batch_id: r.get(5)?,
            detail: r.get(6)?,
            created_at: r.get(7)?,
            reviewed_by: r.get(8)?,
            reviewed_at: r.get(9)?,
            review_note: r.get(10)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn review_check(conn: &Connection, id: i64, by: &str, at: &str, note: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE exchange_checks SET reviewed_by = ?2, reviewed_at = ?3, review_note = ?4 WHERE id = ?1 AND reviewed_at IS NULL",
        params![id, by, at, note],
    )?;
    if n != 1 {
        return Err(StoreError::NotFound(format!(
            "未確認の確認リスト項目（ID {id}）"
        )));
    }
    Ok(())
}

// --- 調査記録 -------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InvestigationRow {
    pub id: i64,
    pub household_id: i64,
    pub person_id: Option<i64>,
    pub source: String,
    pub outbox_id: Option<i64>,
    pub agency: String,
    pub information: String,
    pub answered_on: String,
    pub outcome: String,
    /// JSON array of {label, value}.
    pub content: String,
    pub import_id: Option<i64>,
    pub recorded_at: String,
}

pub fn insert_investigation(conn: &Connection, r: &InvestigationRow) -> Result<i64> {
    conn.execute(
        "INSERT INTO investigation_records (household_id, person_id, source, outbox_id, agency, information, answered_on,
                                            outcome, content, import_id, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![r.household_id, r.person_id, r.source, r.outbox_id, r.agency, r.information, r.answered_on, r.outcome, r.content, r.import_id, r.recorded_at],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn investigations(conn: &Connection, household_id: i64) -> Result<Vec<InvestigationRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, household_id, person_id, source, outbox_id, agency, information, answered_on, outcome, content, import_id, recorded_at
         FROM investigation_records WHERE household_id = ?1 ORDER BY answered_on DESC, id DESC",
    )?;
    let rows = stmt.query_map([household_id], |r| {
        Ok(InvestigationRow {
            id: r.get(0)?,
            household_id: r.get(1)?,
            person_id: r.get(2)?,
            source: r.get(3)?,
            outbox_id: r.get(4)?,
            agency: r.get(5)?,
            information: r.get(6)?,
            answered_on: r.get(7)?,
            outcome: r.get(8)?,
            content: r.get(9)?,
            import_id: r.get(10)?,
            recorded_at: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// --- status --------------------------------------------------------------------------------

/// Counts of a channel's records by state.
pub fn state_counts(conn: &Connection, channel: Channel) -> Result<Vec<(OutboxState, i64)>> {
    let mut stmt = conn
        .prepare_cached("SELECT state, count(*) FROM outbox WHERE channel = ?1 GROUP BY state")?;
    let rows = stmt.query_map([channel.code()], |r| {
        let s: String = r.get(0)?;
        Ok((
            OutboxState::from_code(&s).ok_or_else(|| bad(0, "state"))?,
            r.get(1)?,
        ))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// When the oldest record waiting to be sent started waiting.
pub fn oldest_queued(conn: &Connection, channel: Channel) -> Result<Option<String>> {
    Ok(conn.query_row(
        "SELECT min(state_at) FROM outbox WHERE channel = ?1 AND state IN ('pending','requeued')",
        [channel.code()],
        |r| r.get(0),
    )?)
}

/// (sent_at, seq, medium) of the last completed export of a channel.
pub fn last_export(conn: &Connection, channel: Channel) -> Result<Option<(String, i64, String)>> {
    Ok(conn
        .query_row(
            "SELECT sent_at, seq, medium_id FROM exchange_batches WHERE channel = ?1 AND sent_at IS NOT NULL ORDER BY seq DESC LIMIT 1",
            [channel.code()],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?)
}

/// (imported_at, seq) of the last result import of a channel.
pub fn last_import(conn: &Connection, channel: Channel) -> Result<Option<(String, i64)>> {
    Ok(conn
        .query_row(
            "SELECT i.imported_at, b.seq FROM exchange_imports i JOIN exchange_batches b ON b.id = i.batch_id
             WHERE b.channel = ?1 ORDER BY i.id DESC LIMIT 1",
            [channel.code()],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?)
}

pub fn open_checks(conn: &Connection, channel: Channel) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM exchange_checks WHERE channel = ?1 AND reviewed_at IS NULL",
        [channel.code()],
        |r| r.get(0),
    )?)
}

/// Confirmed batches whose files have not been erased from the medium yet.
pub fn erasable(conn: &Connection, channel: Channel) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT count(*) FROM exchange_batches WHERE channel = ?1 AND state = 'confirmed' AND erased_at IS NULL",
        [channel.code()],
        |r| r.get(0),
    )?)
}

// --- facts the 副本 hook reads ---------------------------------------------------------------

/// Effective date of the household's latest approved 開始 decision.
pub fn protection_start(conn: &Connection, household_id: i64) -> Result<Option<chrono::NaiveDate>> {
    let s: Option<String> = conn.query_row(
        "SELECT max(effective_date) FROM decisions WHERE household_id = ?1 AND kind = 'start' AND state = 'approved'",
        [household_id],
        |r| r.get(0),
    )?;
    Ok(s.and_then(|s| chrono::NaiveDate::parse_from_str(&s, "%Y-%m-%d").ok()))
}
