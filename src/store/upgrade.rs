//! アップグレード (upgrading a database made by an older program): before the first migration
//! touches it, the database and its side files are copied beside it
//! (`madoguchi.db.before-schema-7-20261201T090000` + `.keys`, `.anchors`), so an upgrade that goes
//! wrong, or a program that turns out to be wrong, can be undone by opening the copy with the
//! older program. The migration itself is one transaction (`migrate`), verified before it
//! commits ([`RowCounts`]).

use std::path::{Path, PathBuf};

use rusqlite::Connection;

use super::keyslots::with_suffix;
use super::StoreError;

/// The side files that belong with a database file (they are copied and restored with it).
const SIDE_SUFFIXES: &[&str] = &[".keys", ".anchors"];

/// Where the copy made before upgrading from schema `from` at `now` goes.
pub fn backup_path(db: &Path, from: u32, now: &str) -> PathBuf {
    let stamp: String = now
        .chars()
        .take(19)
        .filter(|c| c.is_ascii_digit() || *c == 'T')
        .collect();
    with_suffix(db, &format!(".before-schema-{from}-{stamp}"))
}

fn io(e: std::io::Error) -> StoreError {
    StoreError::Io(format!("アップグレード前の控えを作れません: {e}"))
}

fn copy_private(from: &Path, to: &Path) -> Result<(), StoreError> {
    let mut src = std::fs::File::open(from).map_err(io)?;
    let mut dst = crate::fsutil::create_private(to).map_err(io)?;
    std::io::copy(&mut src, &mut dst).map_err(io)?;
    dst.sync_all().map_err(io)
}

/// Copy the database (WAL folded in first) and its side files to [`backup_path`]. Refuses to
/// overwrite anything; the caller migrates only after this returned.
pub fn backup_before_upgrade(
    conn: &Connection,
    db: &Path,
    from: u32,
    now: &str,
) -> Result<PathBuf, StoreError> {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(()))?;
    let to = backup_path(db, from, now);
    copy_private(db, &to)?;
    for suffix in SIDE_SUFFIXES {
        let side = with_suffix(db, suffix);
        if side.exists() {
            copy_private(&side, &with_suffix(&to, suffix))?;
        }
    }
    crate::fsutil::sync_parent(&to);
    Ok(to)
}

/// The number of rows of every table, taken before migrating and compared inside the migration's
/// transaction: a migration may add rows and columns, rebuild or drop a table, never lose rows of
/// a table it keeps.
pub struct RowCounts(Vec<(String, i64)>);

impl RowCounts {
    pub fn take(conn: &Connection) -> Result<RowCounts, StoreError> {
        let names: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")?
            .query_map([], |r| r.get(0))?
            .collect::<Result<_, _>>()?;
        let mut out = vec![];
        for n in names {
            let c: i64 =
                conn.query_row(&format!("SELECT count(*) FROM \"{n}\""), [], |r| r.get(0))?;
            out.push((n, c));
        }
        Ok(RowCounts(out))
    }

    /// Every kept table has at least its rows, foreign keys hold, and SQLite's check passes.
    pub fn verify(&self, conn: &Connection) -> Result<(), String> {
        let now = RowCounts::take(conn).map_err(|e| e.to_string())?;
        for (name, before) in &self.0 {
            if let Some((_, after)) = now.0.iter().find(|(n, _)| n == name) {
                if after < before {
                    return Err(format!(
                        "表 {name} の行が {before} から {after} に減りました"
                    ));
                }
            }
        }
        let broken: i64 = conn
            .query_row("SELECT count(*) FROM pragma_foreign_key_check", [], |r| {
                r.get(0)
            })
            .map_err(|e| e.to_string())?;
        if broken > 0 {
            return Err(format!("外部キーの不整合が {broken} 件あります"));
        }
        let check: String = conn
            .query_row("PRAGMA quick_check", [], |r| r.get(0))
            .map_err(|e| e.to_string())?;
        if check != "ok" {
            return Err(format!("整合性の検査に失敗しました: {check}"));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_copy_holds_the_database_and_its_side_files_and_is_never_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let db = dir.path().join("madoguchi.db");
        let conn = Connection::open(&db).unwrap();
        conn.execute_batch(
            "PRAGMA journal_mode = WAL; CREATE TABLE t (x); INSERT INTO t VALUES (1), (2);",
        )
        .unwrap();
        std::fs::write(with_suffix(&db, ".keys"), "slots").unwrap();
        let now = "2026-12-01T09:30:05+09:00";
        let to = backup_before_upgrade(&conn, &db, 7, now).unwrap();
        assert_eq!(
            to.file_name().unwrap(),
            "madoguchi.db.before-schema-7-20261201T093005"
        );
        // the WAL was folded in: the copy alone has both rows
        let copy = Connection::open(&to).unwrap();
        let n: i64 = copy
            .query_row("SELECT count(*) FROM t", [], |r| r.get(0))
            .unwrap();
        assert_eq!(n, 2);
        assert_eq!(
            std::fs::read_to_string(with_suffix(&to, ".keys")).unwrap(),
            "slots"
        );
        assert!(!with_suffix(&to, ".anchors").exists());
        assert!(backup_before_upgrade(&conn, &db, 7, now).is_err());
    }

    #[test]
    fn a_migration_that_loses_rows_is_caught() {
        let conn = Connection::open_in_memory().unwrap();
        conn.execute_batch("CREATE TABLE a (x); CREATE TABLE b (y); INSERT INTO a VALUES (1), (2); INSERT INTO b VALUES (1);")
            .unwrap();
        let before = RowCounts::take(&conn).unwrap();
        conn.execute_batch("INSERT INTO a VALUES (3); DROP TABLE b; CREATE TABLE c (z);")
            .unwrap();
        before.verify(&conn).unwrap();
        conn.execute_batch("DELETE FROM a WHERE x = 1").unwrap();
        let before = RowCounts::take(&conn).unwrap();
        conn.execute_batch("DELETE FROM a WHERE x = 2").unwrap();
        let e = before.verify(&conn).unwrap_err();
        assert!(e.contains("表 a"), "{e}");
    }
}
