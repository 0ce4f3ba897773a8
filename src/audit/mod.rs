//! 操作ログ (audit log): append-only and hash-chained.
//!
//! Every entry's hash covers the previous entry's hash and all of its own fields, so changing or
//! removing any entry breaks the chain from that point on; [`verify`] walks the chain and names
//! the first broken entry. Triggers in the schema refuse UPDATE and DELETE through SQL; the chain
//! catches what goes around them (a file edited with another tool, a dropped trigger).
//!
//! This module writes and reads entries; what to log is decided by the use cases in `service`.
//! It never stores a My Number: callers pass masked values.

use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

pub mod actions;

const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

#[derive(Debug, thiserror::Error)]
pub enum AuditError {
    #[error("操作ログの処理に失敗しました: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl AuditError {
    pub fn code(&self) -> &'static str {
        "AUDIT_FAILED"
    }
}

pub struct NewEntry<'a> {
    pub at: &'a str,
    pub user_id: &'a str,
    pub action: &'a str,
    pub target_kind: Option<&'a str>,
    pub target_id: Option<&'a str>,
    pub detail: serde_json::Value,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry {
    pub seq: i64,
    pub at: String,
    pub user_id: String,
    pub action: String,
    pub target_kind: Option<String>,
    pub target_id: Option<String>,
    pub detail: Option<String>,
    pub prev_hash: String,
    pub hash: String,
}

/// The fields an entry's hash covers, in order.
struct Hashed<'a> {
    prev: &'a str,
    seq: i64,
    at: &'a str,
    user: &'a str,
    action: &'a str,
    kind: Option<&'a str>,
    id: Option<&'a str>,
    detail: Option<&'a str>,
}

fn entry_hash(e: &Hashed<'_>) -> String {
    // Length-prefixed fields: no two different entries can serialise to the same bytes.
    let mut h = Sha256::new();
    let seq = e.seq.to_string();
    for part in [Some(e.prev), Some(seq.as_str()), Some(e.at), Some(e.user), Some(e.action), e.kind, e.id, e.detail] {
        match part {
            Some(s) => {
                h.update((s.len() as u64).to_be_bytes());
                h.update(s.as_bytes());
            }
            None => h.update(u64::MAX.to_be_bytes()),
        }
    }
    hex::encode(h.finalize())
}

/// Append one entry. Call inside the transaction of the change it records.
pub fn append(conn: &Connection, e: &NewEntry<'_>) -> Result<i64, AuditError> {
    let last: Option<(i64, String)> = conn
        .query_row("SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1", [], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let detail = if e.detail.is_null() { None } else { Some(e.detail.to_string()) };
    let hash = entry_hash(&Hashed {
        prev: &prev,
        seq,
        at: e.at,
        user: e.user_id,
        action: e.action,
        kind: e.target_kind,
        id: e.target_id,
        detail: detail.as_deref(),
    });
    conn.execute(
        "INSERT INTO audit_log (seq, at, user_id, action, target_kind, target_id, detail, prev_hash, hash)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![seq, e.at, e.user_id, e.action, e.target_kind, e.target_id, detail, prev, hash],
    )?;
    Ok(seq)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct VerifyReport {
    pub ok: bool,
    #[ts(type = "number")]
    pub entries: i64,
    /// The sequence number of the first entry that does not match the chain.
    #[ts(type = "number | null")]
    pub first_broken: Option<i64>,
    pub message: String,
}

/// Walk the whole chain. Detects edited fields, deleted entries (a gap or a wrong `prev_hash`)
/// and inserted ones.
pub fn verify(conn: &Connection) -> Result<VerifyReport, AuditError> {
    let mut stmt = conn.prepare(
        "SELECT seq, at, user_id, action, target_kind, target_id, detail, prev_hash, hash FROM audit_log ORDER BY seq",
    )?;
    let mut rows = stmt.query([])?;
    let mut expected_prev = GENESIS.to_string();
    let mut expected_seq = 1i64;
    let mut n = 0i64;
    while let Some(r) = rows.next()? {
        let e = row_to_entry(r)?;
        n += 1;
        let broken = |why: &str| VerifyReport {
            ok: false,
            entries: n,
            first_broken: Some(e.seq),
            message: format!("操作ログ {} 番が改ざんされています（{}）", e.seq, why),
        };
        if e.seq != expected_seq {
            return Ok(VerifyReport {
                ok: false,
                entries: n,
                first_broken: Some(expected_seq),
                message: format!("操作ログ {} 番が見つかりません（削除されています）", expected_seq),
            });
        }
        if e.prev_hash != expected_prev {
            return Ok(broken("前の記録とつながっていません"));
        }
        let h = entry_hash(&Hashed {
            prev: &e.prev_hash,
            seq: e.seq,
            at: &e.at,
            user: &e.user_id,
            action: &e.action,
            kind: e.target_kind.as_deref(),
            id: e.target_id.as_deref(),
            detail: e.detail.as_deref(),
        });
        if h != e.hash {
            return Ok(broken("内容がハッシュと一致しません"));
        }
        expected_prev = e.hash;
        expected_seq += 1;
    }
    Ok(VerifyReport { ok: true, entries: n, first_broken: None, message: format!("操作ログ {n} 件に改ざんはありません") })
}

fn row_to_entry(r: &rusqlite::Row<'_>) -> rusqlite::Result<Entry> {
    Ok(Entry {
        seq: r.get(0)?,
        at: r.get(1)?,
        user_id: r.get(2)?,
        action: r.get(3)?,
        target_kind: r.get(4)?,
        target_id: r.get(5)?,
        detail: r.get(6)?,
        prev_hash: r.get(7)?,
        hash: r.get(8)?,
    })
}

/// Search filter for the admin screen. Dates are ISO days, inclusive.
#[derive(Debug, Clone, Default, Serialize, Deserialize)]
pub struct Filter {
    pub user_id: Option<String>,
    pub action: Option<String>,
    pub target_kind: Option<String>,
    /// Match any of these target IDs (e.g. a person and their household).
    pub target_ids: Option<Vec<String>>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub limit: Option<u32>,
}

pub fn search(conn: &Connection, f: &Filter) -> Result<Vec<Entry>, AuditError> {
    let mut sql = String::from(
        "SELECT seq, at, user_id, action, target_kind, target_id, detail, prev_hash, hash FROM audit_log WHERE 1=1",
    );
    let mut args: Vec<Box<dyn rusqlite::ToSql>> = vec![];
    if let Some(u) = f.user_id.as_ref().filter(|s| !s.is_empty()) {
        sql.push_str(" AND user_id = ?");
        args.push(Box::new(u.clone()));
    }
    if let Some(a) = f.action.as_ref().filter(|s| !s.is_empty()) {
        sql.push_str(" AND action = ?");
        args.push(Box::new(a.clone()));
    }
    if let Some(k) = f.target_kind.as_ref().filter(|s| !s.is_empty()) {
        sql.push_str(" AND target_kind = ?");
        args.push(Box::new(k.clone()));
    }
    if let Some(ids) = &f.target_ids {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        sql.push_str(&format!(" AND target_id IN ({})", vec!["?"; ids.len()].join(",")));
        for id in ids {
            args.push(Box::new(id.clone()));
        }
    }
    if let Some(from) = f.from.as_ref().filter(|s| !s.is_empty()) {
        sql.push_str(" AND at >= ?");
        args.push(Box::new(from.clone()));
    }
    if let Some(to) = f.to.as_ref().filter(|s| !s.is_empty()) {
        // Inclusive of the whole last day.
        sql.push_str(" AND at < ?");
        let next = chrono::NaiveDate::parse_from_str(to, "%Y-%m-%d")
            .map(|d| (d + chrono::Duration::days(1)).to_string())
            .unwrap_or_else(|_| to.clone());
        args.push(Box::new(next));
    }
    sql.push_str(" ORDER BY seq DESC LIMIT ?");
    args.push(Box::new(f.limit.unwrap_or(500).min(5000)));
    let mut stmt = conn.prepare(&sql)?;
    let rows = stmt.query_map(rusqlite::params_from_iter(args.iter().map(|b| b.as_ref())), row_to_entry)?;
    Ok(rows.collect::<Result<Vec<_>, _>>()?)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn db() -> Connection {
        let mut c = Connection::open_in_memory().unwrap();
        crate::store::migrate::migrate(&mut c, "t").unwrap();
        c
    }

    fn add(c: &Connection, user: &str, action: &str) -> i64 {
        append(
            c,
            &NewEntry {
                at: "2025-04-01T09:00:00+09:00",
                user_id: user,
                action,
                target_kind: Some("household"),
                target_id: Some("7"),
                detail: serde_json::json!({"old": {"address": "A"}, "new": {"address": "B"}}),
            },
        )
        .unwrap()
    }

    #[test]
    fn intact_chain_verifies() {
        let c = db();
        for i in 0..5 {
            assert_eq!(add(&c, "tanaka", "household.update"), i + 1);
        }
        let r = verify(&c).unwrap();
        assert!(r.ok, "{}", r.message);
        assert_eq!(r.entries, 5);
    }

    #[test]
    fn sql_update_and_delete_are_refused() {
        let c = db();
        add(&c, "tanaka", "login");
        assert!(c.execute("UPDATE audit_log SET user_id = 'x'", []).is_err());
        assert!(c.execute("DELETE FROM audit_log", []).is_err());
    }

    #[test]
    fn edit_behind_the_triggers_is_found_at_the_first_broken_entry() {
        let c = db();
        for _ in 0..4 {
            add(&c, "tanaka", "household.open");
        }
        c.execute_batch("DROP TRIGGER audit_log_no_update;").unwrap();
        c.execute("UPDATE audit_log SET user_id = 'someone' WHERE seq = 3", []).unwrap();
        let r = verify(&c).unwrap();
        assert!(!r.ok);
        assert_eq!(r.first_broken, Some(3));
    }

    #[test]
    fn deleted_entry_is_found() {
        let c = db();
        for _ in 0..4 {
            add(&c, "tanaka", "household.open");
        }
        c.execute_batch("DROP TRIGGER audit_log_no_delete;").unwrap();
        c.execute("DELETE FROM audit_log WHERE seq = 2", []).unwrap();
        let r = verify(&c).unwrap();
        assert_eq!(r.first_broken, Some(2));
    }

    #[test]
    fn search_filters_by_user_action_and_day() {
        let c = db();
        add(&c, "tanaka", "login");
        add(&c, "suzuki", "login");
        add(&c, "tanaka", "household.open");
        let f = Filter { user_id: Some("tanaka".into()), ..Default::default() };
        assert_eq!(search(&c, &f).unwrap().len(), 2);
        let f = Filter { action: Some("login".into()), ..Default::default() };
        assert_eq!(search(&c, &f).unwrap().len(), 2);
        let f = Filter { to: Some("2025-03-31".into()), ..Default::default() };
        assert_eq!(search(&c, &f).unwrap().len(), 0);
        let f = Filter { from: Some("2025-04-01".into()), to: Some("2025-04-01".into()), ..Default::default() };
        assert_eq!(search(&c, &f).unwrap().len(), 3);
    }
}
