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
pub mod anchor;
pub mod summary;

pub use anchor::Anchor;

pub(crate) const GENESIS: &str = "0000000000000000000000000000000000000000000000000000000000000000";

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
    for part in [
        Some(e.prev),
        Some(seq.as_str()),
        Some(e.at),
        Some(e.user),
        Some(e.action),
        e.kind,
        e.id,
        e.detail,
    ] {
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
        .query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    let (seq, prev) = match last {
        Some((s, h)) => (s + 1, h),
        None => (1, GENESIS.to_string()),
    };
    let detail = if e.detail.is_null() {
        None
    } else {
        Some(e.detail.to_string())
    };
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
pub struct VerifyReport {
    pub ok: bool,
    #[ts(type = "number")]
    pub entries: i64,
    /// The sequence number of the first entry that does not match the chain.
    #[ts(type = "number | null")]
    pub first_broken: Option<i64>,
    /// How far deletions at the end are ruled out: the newest anchor found outside the database
    /// that the chain still matches. Entries after it could have been cut off unnoticed.
    #[ts(type = "number | null")]
    pub anchored_seq: Option<i64>,
    /// When that anchor's entry was written.
    pub anchor_at: Option<String>,
    pub message: String,
}

/// Walk the whole chain and compare it with the newest of `anchors` (copies of the chain's head
/// kept outside the database; those of other databases are ignored by the caller). Says how far
/// the check reaches: without an anchor, entries cut off the end cannot be detected.
pub fn verify_with_anchors(
    conn: &Connection,
    anchors: &[Anchor],
) -> Result<VerifyReport, AuditError> {
    let mut report = verify(conn)?;
    if !report.ok {
        return Ok(report);
    }
    let Some(newest) = anchors.iter().max_by_key(|a| a.seq) else {
        report.message.push_str("。ただし操作ログの控え（日次要約・送付ファイル・バックアップ）が見つからないため、末尾の記録が削除されていても検出できません");
        return Ok(report);
    };
    let when = display_at(&newest.at);
    if newest.seq > report.entries {
        return Ok(VerifyReport {
            ok: false,
            entries: report.entries,
            first_broken: Some(report.entries + 1),
            anchored_seq: None,
            anchor_at: Some(newest.at.clone()),
            message: format!(
                "操作ログの末尾が削除されています: {when}の控えでは {} 番まであったのに、今は {} 番までしかありません",
                newest.seq, report.entries
            ),
        });
    }
    // Every anchor must agree with the chain; the newest one says how far the check reaches.
    let mut sorted: Vec<&Anchor> = anchors.iter().filter(|a| a.seq > 0).collect();
    sorted.sort_by_key(|a| a.seq);
    for a in sorted {
        let hash: Option<String> = conn
            .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [a.seq], |r| {
                r.get(0)
            })
            .optional()?;
        if hash.as_deref() != Some(a.hash.as_str()) {
            return Ok(VerifyReport {
                ok: false,
                entries: report.entries,
                first_broken: Some(a.seq),
                anchored_seq: None,
                anchor_at: Some(a.at.clone()),
                message: format!(
                    "操作ログ {} 番が{}の控えと一致しません（その番号までの記録が作り直されています）",
                    a.seq,
                    display_at(&a.at)
                ),
            });
        }
    }
    let rest = report.entries - newest.seq;
    report.anchored_seq = Some(newest.seq);
    report.anchor_at = Some(newest.at.clone());
    report.message = if rest == 0 {
        format!(
            "操作ログ {} 件に改ざんはありません（{when}の控え {} 番まで一致。削除もありません）",
            report.entries, newest.seq
        )
    } else {
        format!(
            "操作ログ {} 件に改ざんはありません。{when}の控え（{} 番）までは削除がないことも確認しました。それより後の {rest} 件は控えがないため、末尾の削除は検出できません",
            report.entries, newest.seq
        )
    };
    Ok(report)
}

fn display_at(at: &str) -> String {
    chrono::DateTime::parse_from_rfc3339(at)
        .map(|d| {
            crate::clock::office_time(d)
                .format("%Y年%-m月%-d日 %H時%M分")
                .to_string()
        })
        .unwrap_or_else(|_| "日時不明".to_string())
}

/// Walk the whole chain. Detects edited fields, deleted entries (a gap or a wrong `prev_hash`)
/// and inserted ones — but not entries cut off the end: see [`verify_with_anchors`].
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
            anchored_seq: None,
            anchor_at: None,
            message: format!("操作ログ {} 番が改ざんされています（{}）", e.seq, why),
        };
        if e.seq != expected_seq {
            return Ok(VerifyReport {
                ok: false,
                entries: n,
                first_broken: Some(expected_seq),
                anchored_seq: None,
                anchor_at: None,
                message: format!(
                    "操作ログ {} 番が見つかりません（削除されています）",
                    expected_seq
                ),
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
    Ok(VerifyReport {
        ok: true,
        entries: n,
        first_broken: None,
        anchored_seq: None,
        anchor_at: None,
        message: format!("操作ログ {n} 件に改ざんはありません"),
    })
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
    /// Match any of these actions (e.g. every action whose label contains the words typed).
    pub actions: Option<Vec<String>>,
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
    if let Some(codes) = &f.actions {
        if codes.is_empty() {
            return Ok(vec![]);
        }
        sql.push_str(&format!(
            " AND action IN ({})",
            vec!["?"; codes.len()].join(",")
        ));
        for c in codes {
            args.push(Box::new(c.clone()));
        }
    }
    if let Some(ids) = &f.target_ids {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        sql.push_str(&format!(
            " AND target_id IN ({})",
            vec!["?"; ids.len()].join(",")
        ));
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
    let rows = stmt.query_map(
        rusqlite::params_from_iter(args.iter().map(|b| b.as_ref())),
        row_to_entry,
    )?;
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
        c.execute_batch("DROP TRIGGER audit_log_no_update;")
            .unwrap();
        c.execute("UPDATE audit_log SET user_id = 'someone' WHERE seq = 3", [])
            .unwrap();
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
        c.execute_batch("DROP TRIGGER audit_log_no_delete;")
            .unwrap();
        c.execute("DELETE FROM audit_log WHERE seq = 2", [])
            .unwrap();
        let r = verify(&c).unwrap();
        assert_eq!(r.first_broken, Some(2));
    }

    fn meta(c: &Connection) {
        c.execute("INSERT INTO meta (key, value) VALUES ('db_id', 'db1')", [])
            .unwrap();
    }

    #[test]
    fn entries_cut_off_the_end_are_found_against_an_anchor() {
        let c = db();
        meta(&c);
        for _ in 0..20 {
            add(&c, "tanaka", "household.open");
        }
        let a = anchor::current(&c).unwrap();
        assert_eq!((a.seq, a.db_id.as_str()), (20, "db1"));
        c.execute_batch("DROP TRIGGER audit_log_no_delete;")
            .unwrap();
        c.execute("DELETE FROM audit_log WHERE seq > 15", [])
            .unwrap();
        // The chain alone still looks whole: that is the defect the anchor closes.
        assert!(verify(&c).unwrap().ok);
        let r = verify_with_anchors(&c, std::slice::from_ref(&a)).unwrap();
        assert!(!r.ok, "{}", r.message);
        assert_eq!(r.first_broken, Some(16));
        assert!(r.message.contains("20 番まで"), "{}", r.message);

        c.execute("DELETE FROM audit_log", []).unwrap();
        let r = verify_with_anchors(&c, &[a]).unwrap();
        assert!(!r.ok, "{}", r.message);
    }

    #[test]
    fn verify_says_how_far_the_check_reaches() {
        let c = db();
        meta(&c);
        for _ in 0..5 {
            add(&c, "tanaka", "login");
        }
        let r = verify_with_anchors(&c, &[]).unwrap();
        assert!(r.ok && r.anchored_seq.is_none());
        assert!(r.message.contains("控え"), "{}", r.message);
        let old = anchor::current(&c).unwrap();
        for _ in 0..3 {
            add(&c, "tanaka", "login");
        }
        let r = verify_with_anchors(&c, std::slice::from_ref(&old)).unwrap();
        assert!(r.ok, "{}", r.message);
        assert_eq!(r.anchored_seq, Some(5));
        assert!(r.message.contains("3 件は控えがない"), "{}", r.message);
        // A rebuilt chain (different hashes up to the anchor) disagrees with it.
        let mut forged = old;
        forged.hash = "0".repeat(64);
        assert!(!verify_with_anchors(&c, &[forged]).unwrap().ok);
    }

    #[test]
    fn search_filters_by_user_action_and_day() {
        let c = db();
        add(&c, "tanaka", "login");
        add(&c, "suzuki", "login");
        add(&c, "tanaka", "household.open");
        let f = Filter {
            user_id: Some("tanaka".into()),
            ..Default::default()
        };
        assert_eq!(search(&c, &f).unwrap().len(), 2);
        let f = Filter {
            action: Some("login".into()),
            ..Default::default()
        };
        assert_eq!(search(&c, &f).unwrap().len(), 2);
        let f = Filter {
            to: Some("2025-03-31".into()),
            ..Default::default()
        };
        assert_eq!(search(&c, &f).unwrap().len(), 0);
        let f = Filter {
            from: Some("2025-04-01".into()),
            to: Some("2025-04-01".into()),
            ..Default::default()
        };
        assert_eq!(search(&c, &f).unwrap().len(), 3);
    }
}
