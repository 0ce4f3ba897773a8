//! The outbox: the one API producers call, inside their own transaction.
//!
//! ```ignore
//! // In the medical-aid use case that issues a voucher, in the same `store.write(...)`:
//! let id = exchange::outbox::record(tx, person_id, Source::new("voucher", voucher_id),
//!                                   &Event::Medical(MedicalEvent::VoucherIssued(voucher)))?;
//! ```
//!
//! A record is immutable: its identity (channel, kind, person, source, time, author) never
//! changes, and each payload it has had is kept as a revision. Only its state moves. If the
//! event's fields do not validate, `record` fails and — because it runs in the producer's
//! transaction — the producer's change rolls back with it: no change without its news.

use rusqlite::Connection;

use super::event::{build, refresh_subject, Event, Source};
use super::record::Record;
use super::{sha256_hex, ExchangeError, OutboxState, Result};
use crate::store::exchange as sx;
use crate::store::Tx;

/// Record an event about `person_id`. Returns the outbox id.
pub fn record(tx: &mut Tx<'_>, person_id: i64, source: Source, event: &Event) -> Result<i64> {
    let record = build(tx.conn(), person_id, event)?;
    record_built(tx, person_id, source, record)
}

/// Record an already built record (the 副本 hook builds several at once).
pub(crate) fn record_built(
    tx: &mut Tx<'_>,
    person_id: i64,
    source: Source,
    record: Record,
) -> Result<i64> {
    refuse_problems(&record)?;
    let conn = tx.conn();
    let household_id =
        crate::store::households::person_including_removed(conn, person_id)?.household_id;
    let payload = to_payload(&record);
    let id = sx::insert_outbox(
        conn,
        &sx::NewOutbox {
            channel: record.channel(),
            kind: record.kind(),
            household_id: Some(household_id),
            person_id: Some(person_id),
            source: &source.text(),
            payload: &payload,
            sha256: &sha256_hex(payload.as_bytes()),
            at: tx.now(),
            by: tx.actor(),
        },
    )?;
    Ok(id)
}

fn refuse_problems(record: &Record) -> Result<()> {
    match record.problems().into_iter().next() {
        None => Ok(()),
        Some((field, message)) => Err(ExchangeError::InvalidEvent {
            field: super::record::field_label(&field).to_string(),
            message: format!("連携記録を作れません: {message}"),
        }),
    }
}

/// The JSON text stored and sent. Serialising our own closed types cannot fail.
pub(crate) fn to_payload(r: &Record) -> String {
    serde_json::to_string(r).expect("records serialise")
}

/// A stored payload read back. A payload that no longer parses means the database was edited
/// around the program: refused, never guessed at.
pub(crate) fn from_payload(id: i64, text: &str) -> Result<Record> {
    serde_json::from_str(text)
        .map_err(|e| ExchangeError::State(format!("連携記録（ID {id}）の内容を読めません: {e}")))
}

/// The record as it will next be sent (its current revision).
pub fn current(conn: &Connection, id: i64) -> Result<Record> {
    let row = sx::outbox(conn, id)?;
    from_payload(id, &sx::payload(conn, id, row.revision)?)
}

/// What a requeue did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Requeued {
    pub id: i64,
    pub revision: i64,
    /// Whether the payload changed (a correction reached it); unchanged = resent as it was.
    pub changed: bool,
}

/// What became of the records a producer's row caused (a voucher's issue, change and void),
/// oldest first: the producer's screen shows their state (未送信・送信済・受付済・エラー), and a
/// correction of the row finds the errored record to [`requeue`] with the corrected event.
pub fn for_source(conn: &Connection, source: Source) -> Result<Vec<sx::OutboxRow>> {
    Ok(sx::outbox_for_source(conn, &source.text())?)
}

/// 再送: an errored record goes back in the queue (再送待ち). Its person's identity and keys are
/// re-read from the registry, so a correction made there is what is sent. A producer that
/// corrected its own facts (a voucher, say) passes the corrected event as `corrected`; it must be
/// of the same kind. The new payload, if different, becomes a new revision; the old one is kept.
pub fn requeue(
    tx: &mut Tx<'_>,
    id: i64,
    corrected: Option<&Event>,
    note: Option<&str>,
) -> Result<Requeued> {
    let conn = tx.conn();
    let row = sx::outbox(conn, id)?;
    if row.state != OutboxState::Error {
        return Err(ExchangeError::State(format!(
            "再送できるのはエラーの記録だけです（この記録は{}）",
            row.state.label()
        )));
    }
    let person_id = row
        .person_id
        .ok_or_else(|| ExchangeError::State("対象者のない記録は再送できません".into()))?;
    let old_text = sx::payload(conn, id, row.revision)?;
    let new = match corrected {
        Some(ev) => {
            let r = build(conn, person_id, ev)?;
            if r.kind() != row.kind {
                return Err(ExchangeError::State(format!(
                    "訂正の種類（{}）が元の記録（{}）と違います",
                    r.kind(),
                    row.kind
                )));
            }
            r
        }
        None => {
            let mut r = from_payload(id, &old_text)?;
            refresh_subject(conn, person_id, &mut r)?;
            r
        }
    };
    refuse_problems(&new)?;
    let text = to_payload(&new);
    let changed = text != old_text;
    let revision = if changed {
        row.revision + 1
    } else {
        row.revision
    };
    if changed {
        sx::insert_revision(
            conn,
            id,
            revision,
            &text,
            &sha256_hex(text.as_bytes()),
            tx.now(),
            tx.actor(),
            note,
        )?;
    }
    sx::requeue(conn, id, revision, tx.now())?;
    Ok(Requeued {
        id,
        revision,
        changed,
    })
}
