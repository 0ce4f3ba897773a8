//! Opening safely beside a WAL: is the `-wal` next to the file ours, and is the file whole?
//!
//! SQLite trusts any WAL whose own checksums agree and folds it into the database when the last
//! connection closes. A WAL from another database (or from another moment of this one, next to
//! a restored backup) therefore rewrites the file the moment a refused login closes its
//! connection. So every opener holds a shared lock on `<db>.lock` while open; the one that finds
//! nobody else holding it knows a WAL beside the file is a leftover, and tries it on a private
//! copy first. Nothing here writes to the database, its WAL or its side file.
//!
//! The newest audit entry alone does not date a WAL: one that only holds an older version of a
//! row passes it. So the store also keeps an epoch (`meta.wal_epoch`): a random nonce written
//! right after a full checkpoint when a session begins and again when the last store closes,
//! each remembering the few before it. A WAL is this file's own only if the epoch it shows
//! follows the epoch of the file alone; and after a clean close (the epoch checkpointed, the WAL
//! emptied, and `clean <nonce>` written into `<db>.lock`) no WAL belongs to the file at all.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags};

use rand::RngCore;

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

/// The open lock taken exclusively, without waiting: `Some` only while nobody (no process, no
/// store of this one) has the database open. Dropping it releases the lock.
pub(super) fn exclusive(db: &Path) -> Option<fs::File> {
    let lp = sibling(db, ".lock");
    let mut opts = fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    let f = opts.open(&lp).ok()?;
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: valid descriptor; flock has no other preconditions.
        if unsafe { libc::flock(f.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) } != 0 {
            return None;
        }
    }
    Some(f)
}

/// Turn this store's own shared open lock into an exclusive one, without waiting: succeeds
/// only when no other store, in any process, has the database open.
pub(super) fn upgrade(lock: &fs::File) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: valid descriptor; flock has no other preconditions.
        unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_EX | libc::LOCK_NB) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = lock;
        true
    }
}

/// Back from exclusive to the shared open lock.
pub(super) fn downgrade(lock: &fs::File) {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        // SAFETY: valid descriptor; flock has no other preconditions.
        unsafe { libc::flock(lock.as_raw_fd(), libc::LOCK_SH) };
    }
    #[cfg(not(unix))]
    let _ = lock;
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
    let (head, epoch) = 'alone: {
        // Killed in the middle of a checkpoint, the file alone may be unreadable (pages the WAL
        // rewrites half-copied): then only the file with its WAL is judged, below.
        let conn = match open_copy(&copy, key) {
            Ok(c) => c,
            Err(StoreError::Damaged(_)) => break 'alone (None, None),
            Err(e) => return Err(e),
        };
        let found: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'db_id'", [], |r| {
                r.get(0)
            })
            .ok();
        if found.as_deref().is_some_and(|f| f != db_id) {
            return Err(StoreError::NotOurDatabase);
        }
        let head: Option<(i64, String)> = conn
            .query_row(
                "SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1",
                [],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .ok();
        (head, read_epoch(&conn))
    };
    let name = wal
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if let Some(e) = epoch.as_ref().filter(|e| e.closed) {
        if fs::read_to_string(sibling(db, ".lock")).is_ok_and(|t| t.trim() == clean_line(e)) {
            return Err(StoreError::StaleWal(name));
        }
    }
    fs::copy(&wal, sibling(&copy, "-wal")).map_err(|e| StoreError::Io(e.to_string()))?;
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
    let follows = match (&epoch, read_epoch(&conn)) {
        (None, _) => true,
        (Some(alone), Some(with_wal)) => with_wal.follows(alone),
        (Some(_), None) => false,
    };
    match (verdict, still_ours) {
        (Ok(v), Ok(id)) if v == "ok" && id == db_id && extends && follows => Ok(()),
        (Ok(v), Ok(id)) if v == "ok" && id == db_id => Err(StoreError::StaleWal(name)),
        _ => Err(foreign()),
    }
}

/// How many earlier epochs an epoch remembers: a WAL may run a few epochs ahead of the file
/// alone when a checkpoint could not finish (another reader held the WAL).
const EPOCH_MEMORY: usize = 4;

/// The store's WAL epoch (`meta.wal_epoch`: `open|closed NONCE EARLIER...`).
#[derive(Debug, Clone, PartialEq)]
struct Epoch {
    closed: bool,
    nonce: String,
    earlier: Vec<String>,
}

impl Epoch {
    fn parse(s: &str) -> Option<Epoch> {
        let mut it = s.split_ascii_whitespace();
        let closed = match it.next()? {
            "open" => false,
            "closed" => true,
            _ => return None,
        };
        Some(Epoch {
            closed,
            nonce: it.next()?.to_string(),
            earlier: it.map(str::to_string).collect(),
        })
    }

    fn render(&self) -> String {
        let mut parts = vec![if self.closed { "closed" } else { "open" }, &self.nonce];
        parts.extend(self.earlier.iter().map(String::as_str));
        parts.join(" ")
    }

    fn after(prev: Option<&Epoch>, closed: bool) -> Epoch {
        let mut n = [0u8; 12];
        rand::rngs::OsRng.fill_bytes(&mut n);
        let earlier = prev
            .map(|p| {
                std::iter::once(p.nonce.clone())
                    .chain(p.earlier.iter().cloned())
                    .take(EPOCH_MEMORY)
                    .collect()
            })
            .unwrap_or_default();
        Epoch {
            closed,
            nonce: hex::encode(n),
            earlier,
        }
    }

    /// Is this epoch `earlier` itself or one written after it?
    fn follows(&self, earlier: &Epoch) -> bool {
        self.nonce == earlier.nonce || self.earlier.contains(&earlier.nonce)
    }
}

fn clean_line(e: &Epoch) -> String {
    format!("clean {}", e.nonce)
}

fn read_epoch(conn: &Connection) -> Option<Epoch> {
    conn.query_row("SELECT value FROM meta WHERE key = 'wal_epoch'", [], |r| {
        r.get::<_, String>(0)
    })
    .ok()
    .and_then(|v| Epoch::parse(&v))
}

/// Fold the WAL into the file and empty it; `true` only when every frame went in.
fn checkpoint_truncate(conn: &Connection) -> bool {
    conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |r| {
        Ok((r.get::<_, i64>(0)?, r.get::<_, i64>(1)?))
    })
    .is_ok_and(|(busy, log)| busy == 0 && log <= 0)
}

fn write_epoch(conn: &Connection, prev: Option<&Epoch>, closed: bool) -> Result<Epoch> {
    let e = Epoch::after(prev, closed);
    conn.execute(
        "INSERT INTO meta (key, value) VALUES ('wal_epoch', ?1)
         ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        [e.render()],
    )?;
    Ok(e)
}

fn write_lock_note(lock: &fs::File, text: &str) -> std::io::Result<()> {
    use std::io::{Seek, Write};
    let mut f = lock;
    f.set_len(0)?;
    f.seek(std::io::SeekFrom::Start(0))?;
    f.write_all(text.as_bytes())?;
    f.sync_data()
}

/// Before this store writes anything: the file is no longer cleanly closed.
pub(super) fn mark_open(db: &Path, lock: &fs::File) -> Result<()> {
    let note = fs::read_to_string(sibling(db, ".lock")).unwrap_or_default();
    if note.starts_with("clean") {
        write_lock_note(lock, "open\n").map_err(|e| StoreError::Io(e.to_string()))?;
    }
    Ok(())
}

/// A session begins (nobody else had the file open): a new epoch, right after a checkpoint
/// so the file alone holds the one before it.
pub(super) fn begin_session(conn: &Connection) -> Result<()> {
    checkpoint_truncate(conn);
    write_epoch(conn, read_epoch(conn).as_ref(), false)?;
    Ok(())
}

/// The last store closes: a closed epoch checkpointed into the file, the WAL emptied, and the
/// lock file told so. Anything failing leaves the file as after a crash — still opens.
pub(super) fn close_session(db: &Path, conn: &Connection, lock: &fs::File) {
    if !upgrade(lock) {
        return;
    }
    if checkpoint_truncate(conn) {
        if let Ok(e) = write_epoch(conn, read_epoch(conn).as_ref(), true) {
            let wal_empty = || fs::metadata(sibling(db, "-wal")).map_or(true, |m| m.len() == 0);
            if checkpoint_truncate(conn) && wal_empty() {
                let _ = write_lock_note(lock, &format!("{}\n", clean_line(&e)));
            }
        }
    }
    downgrade(lock);
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
