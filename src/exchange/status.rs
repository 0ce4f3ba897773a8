//! Per-channel status: what the home screen and `madoguchi exchange status` show — pending
//! count and the oldest pending age, what is out waiting for results, errors waiting for a
//! clerk, the last export and import, open 確認リスト lines and batches whose files may be erased.

use chrono::{DateTime, FixedOffset};
use serde::{Deserialize, Serialize};

use super::{Channel, OutboxState, Result};
use crate::store::exchange as sx;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ChannelStatus {
    pub channel: Channel,
    pub label: String,
    /// 未送信 + 再送待ち
    #[ts(type = "number")]
    pub pending: i64,
    /// 送信済 (waiting for a result)
    #[ts(type = "number")]
    pub sent: i64,
    #[ts(type = "number")]
    pub accepted: i64,
    /// エラー waiting for a correction
    #[ts(type = "number")]
    pub errors: i64,
    /// When the oldest waiting record started waiting (RFC 3339).
    pub oldest_pending: Option<String>,
    /// Whole days it has waited.
    #[ts(type = "number | null")]
    pub oldest_pending_days: Option<i64>,
    pub last_export: Option<String>,
    #[ts(type = "number | null")]
    pub last_export_seq: Option<i64>,
    pub last_import: Option<String>,
    #[ts(type = "number | null")]
    pub last_import_seq: Option<i64>,
    /// Batches out on a medium, result not yet imported.
    #[ts(type = "number")]
    pub batches_awaiting_results: i64,
    /// An interrupted export to complete or cancel.
    pub interrupted_export: bool,
    /// Open 確認リスト lines.
    #[ts(type = "number")]
    pub open_checks: i64,
    /// Confirmed batches whose files are still on the medium (offer to erase).
    #[ts(type = "number")]
    pub erasable_batches: i64,
}

pub fn channel_status(
    conn: &rusqlite::Connection,
    channel: Channel,
    now: DateTime<FixedOffset>,
) -> Result<ChannelStatus> {
    let mut s = ChannelStatus {
        channel,
        label: channel.label().into(),
        pending: 0,
        sent: 0,
        accepted: 0,
        errors: 0,
        oldest_pending: None,
        oldest_pending_days: None,
        last_export: None,
        last_export_seq: None,
        last_import: None,
        last_import_seq: None,
        batches_awaiting_results: 0,
        interrupted_export: false,
        open_checks: 0,
        erasable_batches: 0,
    };
    for (state, n) in sx::state_counts(conn, channel)? {
        match state {
            OutboxState::Pending | OutboxState::Requeued => s.pending += n,
            OutboxState::Sent => s.sent += n,
            OutboxState::Accepted => s.accepted += n,
            OutboxState::Error => s.errors += n,
        }
    }
    s.oldest_pending = sx::oldest_queued(conn, channel)?;
    s.oldest_pending_days = s
        .oldest_pending
        .as_deref()
        .and_then(|t| DateTime::parse_from_rfc3339(t).ok())
        .map(|t| (now - t).num_days().max(0));
    if let Some((at, seq, _)) = sx::last_export(conn, channel)? {
        s.last_export = Some(at);
        s.last_export_seq = Some(seq);
    }
    if let Some((at, seq)) = sx::last_import(conn, channel)? {
        s.last_import = Some(at);
        s.last_import_seq = Some(seq);
    }
    s.batches_awaiting_results =
        sx::batches_in_state(conn, Some(channel), sx::BatchState::Sent)?.len() as i64;
    s.interrupted_export =
        !sx::batches_in_state(conn, Some(channel), sx::BatchState::Writing)?.is_empty();
    s.open_checks = sx::open_checks(conn, channel)?;
    s.erasable_batches = sx::erasable(conn, channel)?;
    Ok(s)
}

pub fn all(conn: &rusqlite::Connection, now: DateTime<FixedOffset>) -> Result<Vec<ChannelStatus>> {
    Channel::ALL
        .into_iter()
        .map(|c| channel_status(conn, c, now))
        .collect()
}
