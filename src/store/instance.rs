//! One program at a time on a database (単一起動).
//!
//! The desktop app holds `<db>.instance` exclusively from its start to its exit: a second app on
//! the same database is refused with a message instead of two windows writing over each other.
//! The CLI takes the same lock, shared, for the commands that change records or keys (`user`, `rates
//! import`, `print`, `rekey`, `retention run`, …): while the app holds it the CLI refuses, or
//! with `--wait` waits and says so. Commands that only read (search, verify, summary, backup)
//! run beside the app. A lock dies with its process, so a crash never leaves the database
//! "in use".

use std::fs;
use std::path::Path;
use std::time::{Duration, Instant};

use super::keyslots::with_suffix;
use super::StoreError;

/// Held while alive; released when dropped or when the process ends.
#[derive(Debug)]
pub struct InstanceLock {
    _file: fs::File,
}

const IN_USE: &str = "このデータベースは、このPCで開いている窓口（アプリ）が使用中です";

fn open(db: &Path) -> Result<fs::File, StoreError> {
    let p = with_suffix(db, ".instance");
    let mut opts = fs::OpenOptions::new();
    opts.read(true).write(true).create(true).truncate(false);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        opts.mode(0o600)
            .custom_flags(libc::O_NOFOLLOW | libc::O_CLOEXEC);
    }
    opts.open(&p)
        .map_err(|e| StoreError::Io(format!("{}: {e}", p.display())))
}

/// The app locks exclusively; writing CLI commands share the lock among themselves (they are
/// safe beside each other: one transaction each, the side file under its own lock) but not
/// with the app.
fn try_lock(f: &fs::File, exclusive: bool) -> bool {
    #[cfg(unix)]
    {
        use std::os::unix::io::AsRawFd;
        let mode = if exclusive {
            libc::LOCK_EX
        } else {
            libc::LOCK_SH
        };
        // SAFETY: valid descriptor; flock has no other preconditions.
        unsafe { libc::flock(f.as_raw_fd(), mode | libc::LOCK_NB) == 0 }
    }
    #[cfg(not(unix))]
    {
        let _ = (f, exclusive);
        true
    }
}

/// The desktop app's claim: refused at once when another app (or a writing CLI command) holds it.
pub fn claim_app(db: &Path) -> Result<InstanceLock, StoreError> {
    if let Some(dir) = db.parent() {
        if !dir.as_os_str().is_empty() && !dir.exists() {
            // Nothing to guard yet (no database folder); the login will say the file is missing.
            let _ = fs::create_dir_all(dir);
        }
    }
    let f = open(db)?;
    if try_lock(&f, true) {
        Ok(InstanceLock { _file: f })
    } else {
        Err(StoreError::InUse(format!(
            "{IN_USE}。窓口は1つのデータベースにつき1つしか起動できません。開いている窓口の画面を使ってください"
        )))
    }
}

/// A writing CLI command's claim. With `wait` zero it refuses at once; otherwise it says it is
/// waiting (`on_wait`, once) and tries until `wait` has passed.
pub fn claim_cli(
    db: &Path,
    wait: Duration,
    on_wait: impl FnOnce(),
) -> Result<InstanceLock, StoreError> {
    let f = open(db)?;
    if try_lock(&f, false) {
        return Ok(InstanceLock { _file: f });
    }
    if !wait.is_zero() {
        on_wait();
        let start = Instant::now();
        while start.elapsed() < wait {
            std::thread::sleep(Duration::from_millis(200));
            if try_lock(&f, false) {
                return Ok(InstanceLock { _file: f });
            }
        }
    }
    Err(StoreError::InUse(format!(
        "{IN_USE}。変更するコマンドは、アプリを閉じてから実行してください（--wait 秒数 で終了を待てます）"
    )))
}
