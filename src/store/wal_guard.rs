//! Opening safely beside a WAL: is the `-wal` next to the file ours, and is the file whole?
//!
//! SQLite trusts any WAL whose own checksums agree and folds it into the database when the last
//! connection closes. A WAL from another database (or from another moment of this one, next to
//! a restored backup) therefore rewrites the file the moment a refused login closes its
//! connection. So every opener holds a shared lock on `<db>.lock` while open; the one that finds
//! nobody else holding it knows a WAL beside the file is a leftover, and tries it on a private
//! copy first. Nothing here writes to the database, its WAL or its side file.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use super::{open_error, open_keyed, DbKey, Result, StoreError};

fn sibling(db: &Path, suffix: &str) -> PathBuf {
    let mut s = db.as_os_str().to_owned();
    s.push(suffix);
    PathBuf::from(s)
}

/// Take the open lock. Returns the lock (shared, held while the store lives) and whether this
/// process is the only one with the database open.
pub(super) fn acquire(db: &Path) -> Result<(fs::File, bool)> {
    let lp = sibling(db, ".lock");
    let mut opts = fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    let f = opts
        .open(&lp)
        .map_err(|e| StoreError::Io(format!("{}: {e}", lp.display())))?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let fd = f.as_raw_fd();
        // SAFETY: valid descriptor; flock has no other preconditions.
        let first = unsafe { libc::flock(fd, libc::LOCK_EX | libc::LOCK_NB) } == 0;
        loop {
            // Downgrade (or wait for) the shared lock every open store holds.
            if unsafe { libc::flock(fd, libc::LOCK_SH) } == 0 {
                break;
            }
            let e = std::io::Error::last_os_error();
            if e.kind() != std::io::ErrorKind::Interrupted {
                return Err(StoreError::Io(format!("{}: {e}", lp.display())));
            }
        }
        Ok((f, first))
    }
    #[cfg(not(unix))]
    Ok((f, true))
}

/// A leftover WAL must belong to this file and this moment of it, tried on a private copy:
/// the file alone must open with the key; file + WAL must pass `PRAGMA integrity_check`; and the
/// state with the WAL must extend the state without it — the newest audit entry of the file
/// alone is still there, unchanged. A crash's WAL only ever adds to the file; an older WAL next
/// to a restored backup would silently roll entries back, and another database's does not decrypt.
pub(super) fn check_leftover_wal(db: &Path, key: &DbKey, db_id: &str) -> Result<()> {
    let wal = sibling(db, "-wal");
    match fs::metadata(&wal) {
        Ok(m) if m.len() > 0 => {}
        _ => return Ok(()),
    }
    let root = crate::fsutil::private_temp_root().map_err(|e| StoreError::Io(e.to_string()))?;
    let dir = tempfile::Builder::new()
        .prefix("walcheck-")
        .tempdir_in(&root)
        .map_err(|e| StoreError::Io(e.to_string()))?;
    let copy = dir.path().join("check.db");
    fs::copy(db, &copy).map_err(|e| StoreError::Io(e.to_string()))?;
    // The file alone: a wrong key or another office's file is that error, not the WAL's. (After
    // a crash in the middle of a checkpoint the file alone may be half-updated, so only what is
    // readable is compared.)
    let head: Option<(i64, String)> = {
        let conn = open_copy(&copy, key)?;
        let found: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'db_id'", [], |r| {
                r.get(0)
            })
            .ok();
        if found.as_deref().is_some_and(|f| f != db_id) {
            return Err(StoreError::NotOurDatabase);
        }
        conn.query_row(
            "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
            [],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .ok()
    };
    fs::copy(&wal, sibling(&copy, "-wal")).map_err(|e| StoreError::Io(e.to_string()))?;
    let name = wal
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let foreign = || StoreError::ForeignWal(name.clone());
    let conn = open_copy(&copy, key).map_err(|_| foreign())?;
    let verdict: std::result::Result<String, _> =
        conn.query_row("PRAGMA integrity_check(1)", [], |r| r.get(0));
    let still_ours: std::result::Result<String, _> =
        conn.query_row("SELECT value FROM meta WHERE key = 'db_id'", [], |r| {
            r.get(0)
        });
    let extends = match &head {
        None => true,
        Some((seq, hash)) => conn
            .query_row("SELECT hash FROM audit_log WHERE seq = ?1", [seq], |r| {
                r.get::<_, String>(0)
            })
            .is_ok_and(|h| &h == hash),
    };
    match (verdict, still_ours) {
        (Ok(v), Ok(id)) if v == "ok" && id == db_id && extends => Ok(()),
        _ => Err(foreign()),
    }
}

fn open_copy(path: &Path, key: &DbKey) -> Result<Connection> {
    let conn = open_keyed(
        path,
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX,
        key,
    )?;
    conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| {
        r.get::<_, i64>(0)
    })
    .map_err(open_error)?;
    Ok(conn)
}

/// `PRAGMA quick_check` before anything is written: a file with broken pages is not opened.
pub(super) fn quick_check(conn: &Connection) -> Result<()> {
    let mut stmt = conn.prepare("PRAGMA quick_check(3)")?;
    let rows: Vec<String> = stmt
        .query_map([], |r| r.get::<_, String>(0))
        .and_then(|rows| rows.collect())
        .map_err(|e| StoreError::IntegrityFailed(e.to_string()))?;
    if rows.len() == 1 && rows[0] == "ok" {
        Ok(())
    } else {
        let detail: String = rows
            .join(" / ")
            .chars()
            .filter(|c| !c.is_control())
            .take(200)
            .collect();
        Err(StoreError::IntegrityFailed(detail))
    }
}
