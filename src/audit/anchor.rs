//! 操作ログの控え (audit anchor): the chain's head — sequence number and hash — written down
//! outside the database.
//!
//! The hash chain catches an edit or a deletion in the middle, but anyone holding a key slot can
//! drop the triggers and cut entries off the end: the shorter chain is still a valid chain. An
//! anchor copied somewhere the deletion cannot follow (an exported batch, a backup manifest, the
//! printed daily summary, the `<db>.anchors` file beside the database) says "the log had reached
//! entry N with hash H"; [`super::verify_with_anchors`] then proves nothing up to N was removed.
//!
//! Other rooms call [`current`] and embed [`Anchor::to_line`] in what they write; a verifier finds
//! such lines in any text with [`Anchor::find_in`]. This module does not decide where anchors go.

use std::io::Write;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension};
use serde::{Deserialize, Serialize};

use super::{AuditError, GENESIS};

const LINE_PREFIX: &str = "madoguchi-audit-anchor:v1:";
/// The local anchors file keeps this many newest lines; older ones add nothing a newer one lacks.
const LOCAL_KEEP: usize = 1000;

/// The head of one database's audit chain at one moment.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Anchor {
    /// The database's random ID (`meta.db_id`): an anchor of another office's file never matches.
    pub db_id: String,
    #[ts(type = "number")]
    pub seq: i64,
    pub hash: String,
    /// When the newest entry was written (RFC 3339).
    pub at: String,
}

/// The anchor of the chain as it stands now. Call it inside the transaction that writes the
/// batch or manifest carrying it, after that transaction's own audit entry, so the anchor covers it.
pub fn current(conn: &Connection) -> Result<Anchor, AuditError> {
    let db_id: String = conn
        .query_row("SELECT value FROM meta WHERE key = 'db_id'", [], |r| {
            r.get(0)
        })
        .optional()?
        .unwrap_or_default();
    let head: Option<(i64, String, String)> = conn
        .query_row(
            "SELECT seq, hash, at FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
        )
        .optional()?;
    let (seq, hash, at) = head.unwrap_or((0, GENESIS.to_string(), String::new()));
    Ok(Anchor {
        db_id,
        seq,
        hash,
        at,
    })
}

impl Anchor {
    /// One line of plain ASCII that fits in a CSV cell, a JSON string, a manifest or a printed page.
    pub fn to_line(&self) -> String {
        format!(
            "{LINE_PREFIX}{}:{}:{}:{}",
            self.db_id, self.seq, self.hash, self.at
        )
    }

    /// Parse one anchor line (surrounding text is ignored up to the prefix).
    pub fn parse_line(s: &str) -> Option<Anchor> {
        let start = s.find(LINE_PREFIX)?;
        let rest = &s[start + LINE_PREFIX.len()..];
        let mut parts = rest.splitn(4, ':');
        let db_id = parts.next()?;
        let seq = parts.next()?.parse::<i64>().ok()?;
        let hash = parts.next()?;
        // The timestamp is last and contains ':' itself; it ends at the first byte that cannot
        // be part of an RFC 3339 time (a quote, a comma, whitespace).
        let at: String = parts
            .next()?
            .chars()
            .take_while(|c| c.is_ascii_alphanumeric() || matches!(c, ':' | '-' | '+' | '.'))
            .collect();
        let hex_ok = |v: &str, n: usize| v.len() == n && v.bytes().all(|b| b.is_ascii_hexdigit());
        if !db_id.bytes().all(|b| b.is_ascii_alphanumeric())
            || db_id.is_empty()
            || db_id.len() > 64
            || !hex_ok(hash, 64)
            || seq < 0
        {
            return None;
        }
        Some(Anchor {
            db_id: db_id.to_string(),
            seq,
            hash: hash.to_ascii_lowercase(),
            at,
        })
    }

    /// Every anchor line in `text` (a batch file, a manifest, a summary, the anchors file).
    pub fn find_in(text: &str) -> Vec<Anchor> {
        let mut out = vec![];
        let mut rest = text;
        while let Some(i) = rest.find(LINE_PREFIX) {
            if let Some(a) = Anchor::parse_line(&rest[i..]) {
                out.push(a);
            }
            rest = &rest[i + LINE_PREFIX.len()..];
        }
        out
    }
}

/// `<db>.anchors`: the local copy, appended at every logout and daily summary. It sits beside the
/// database, so it only catches a deletion by someone who did not also edit it; the copies that
/// leave the machine (batches, manifests, paper) are the ones that hold against a careful attacker.
pub fn local_path(db: &Path) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(".anchors");
    PathBuf::from(s)
}

/// Append `a` to the local anchors file (best kept, never fatal: the caller ignores a failure
/// only after the database change itself is committed).
pub fn append_local(db: &Path, a: &Anchor) -> std::io::Result<()> {
    let path = local_path(db);
    let old = match std::fs::read_to_string(&path) {
        Ok(s) => s,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
        Err(e) => return Err(e),
    };
    let mut lines: Vec<&str> = old
        .lines()
        .filter(|l| Anchor::parse_line(l).is_some())
        .collect();
    let new = a.to_line();
    lines.push(&new);
    let skip = lines.len().saturating_sub(LOCAL_KEEP);
    let body = lines[skip..].join("\n") + "\n";
    let tmp = crate::fsutil::unique_sibling(&path);
    {
        let mut f = crate::fsutil::create_private(&tmp)?;
        f.write_all(body.as_bytes())?;
        f.sync_all()?;
    }
    std::fs::rename(&tmp, &path).inspect_err(|_| {
        let _ = std::fs::remove_file(&tmp);
    })
}

/// Anchors of database `db_id` found in the local anchors file.
pub fn read_local(db: &Path, db_id: &str) -> Vec<Anchor> {
    std::fs::read_to_string(local_path(db))
        .map(|s| {
            Anchor::find_in(&s)
                .into_iter()
                .filter(|a| a.db_id == db_id)
                .collect()
        })
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_round_trips_and_is_found_inside_other_text() {
        let a = Anchor {
            db_id: "0123abcd".into(),
            seq: 42,
            hash: "ab".repeat(32),
            at: "2026-04-01T09:00:00+09:00".into(),
        };
        assert_eq!(Anchor::parse_line(&a.to_line()), Some(a.clone()));
        let csv = format!("H,1,\"{}\",x\nD,2\n# {}\n", a.to_line(), a.to_line());
        assert_eq!(Anchor::find_in(&csv), vec![a.clone(), a]);
    }

    #[test]
    fn malformed_lines_are_ignored() {
        for bad in [
            "madoguchi-audit-anchor:v1:db:1:nothex:2026",
            "madoguchi-audit-anchor:v1::1:".to_string().as_str(),
            "madoguchi-audit-anchor:v1:d b:1:",
            "madoguchi-audit-anchor:v1:db:-1:",
        ] {
            assert!(Anchor::find_in(bad).is_empty(), "{bad}");
        }
    }
}
