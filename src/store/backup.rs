//! バックアップ (backup): one self-verifying file holding the encrypted database, its key-slot
//! side file and a manifest with checksums and the audit chain's anchor.
//!
//! ```text
//! MADOGUCHI-BACKUP v1\n
//! <manifest, one line of JSON>\n
//! <database: an SQLCipher file under the office's key, consistent (sqlcipher_export)>
//! <side file: the key slots as they were>
//! \nsha256:<hex of everything above>\n
//! ```
//! The database part is as encrypted as the database itself and the side file holds only wrapped
//! keys, so the file may sit on a backup medium; it opens only with a password that was valid
//! when it was made. [`inspect`] checks a file without any password: every length, both
//! checksums and the trailer, bounded before anything is allocated, so a cut, padded or edited
//! file is refused with a clear message. A restore (`service::backup`) then opens the copy with
//! a password, checks its integrity and its audit chain against the manifest's anchor.

use std::fs;
use std::io::{self, Read, Seek, SeekFrom, Write};
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

use super::keyslots::KeyFile;
use super::StoreError;

pub const MAGIC: &[u8] = b"MADOGUCHI-BACKUP v1\n";
const FORMAT: &str = "madoguchi-backup";
/// A manifest is a few hundred bytes; anything longer is not ours.
const MAX_MANIFEST: usize = 16 * 1024;
/// Side files are bounded at 4 MiB (`keyslots`).
const MAX_KEYS: u64 = 4 * 1024 * 1024;
/// Far beyond any office's database; a larger claim is an edited file, refused before reading.
pub const MAX_DB: u64 = 64 * 1024 * 1024 * 1024;
const TRAILER_LEN: usize = 1 + 7 + 64 + 1;
/// Backup files the daily run writes and prunes: `madoguchi-YYYYMMDD-HHMMSS.mdgbak`.
pub const EXTENSION: &str = "mdgbak";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Manifest {
    pub format: String,
    pub version: u32,
    pub db_id: String,
    pub created_at: String,
    pub created_by: String,
    pub program_version: String,
    pub schema_version: u32,
    pub db_len: u64,
    pub db_sha256: String,
    pub keys_len: u64,
    pub keys_sha256: String,
    /// `madoguchi-audit-anchor:v1:…` — the chain's head inside this backup.
    pub anchor: String,
    /// Made by the daily automatic backup (not by a person's button or command).
    pub automatic: bool,
}

#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("バックアップファイルを読めません: {0}")]
    Io(String),
    #[error("窓口のバックアップファイルではありません（先頭が違います）")]
    NotABackup,
    #[error("バックアップファイルが途中で切れています（{0}）。別のバックアップを使ってください")]
    Truncated(String),
    #[error("バックアップファイルが壊れています（{0}）。別のバックアップを使ってください")]
    Corrupt(String),
    #[error(
        "このバックアップは新しいバージョンの窓口で作られています。プログラムを更新してください"
    )]
    TooNew,
}

impl BackupError {
    pub fn code(&self) -> &'static str {
        match self {
            BackupError::Io(_) => "BACKUP_IO",
            BackupError::NotABackup => "BACKUP_NOT_A_BACKUP",
            BackupError::Truncated(_) => "BACKUP_TRUNCATED",
            BackupError::Corrupt(_) => "BACKUP_CORRUPT",
            BackupError::TooNew => "BACKUP_TOO_NEW",
        }
    }
}

impl From<BackupError> for StoreError {
    fn from(e: BackupError) -> Self {
        StoreError::Backup {
            code: e.code(),
            message: e.to_string(),
        }
    }
}

fn io(e: io::Error) -> BackupError {
    BackupError::Io(e.to_string())
}

/// Write the backup file `out` (created new, 0600; never replacing anything) from the exported
/// database file `db_copy` and the side file bytes. Returns the manifest written.
pub fn write(
    out: &Path,
    db_copy: &Path,
    keys: &[u8],
    mut manifest: Manifest,
) -> Result<Manifest, StoreError> {
    let db_len = fs::metadata(db_copy)
        .map_err(|e| StoreError::Io(e.to_string()))?
        .len();
    manifest.format = FORMAT.into();
    manifest.version = 1;
    manifest.db_len = db_len;
    manifest.db_sha256 = sha256_file(db_copy).map_err(|e| StoreError::Io(e.to_string()))?;
    manifest.keys_len = keys.len() as u64;
    manifest.keys_sha256 = hex::encode(Sha256::digest(keys));
    let line = serde_json::to_string(&manifest).map_err(|e| StoreError::Io(e.to_string()))?;

    // Written under a temporary name beside `out`, synced, then linked into place: a kill
    // leaves no half backup under the real name, and an existing `out` is never replaced.
    let tmp = crate::fsutil::unique_sibling(out);
    let result = (|| -> io::Result<()> {
        let f = crate::fsutil::create_private(&tmp)?;
        let mut w = HashingWriter {
            inner: io::BufWriter::new(f),
            hash: Sha256::new(),
        };
        w.write_all(MAGIC)?;
        w.write_all(line.as_bytes())?;
        w.write_all(b"\n")?;
        io::copy(&mut fs::File::open(db_copy)?, &mut w)?;
        w.write_all(keys)?;
        let digest = hex::encode(w.hash.clone().finalize());
        let mut f = w.inner.into_inner().map_err(|e| e.into_error())?;
        f.write_all(format!("\nsha256:{digest}\n").as_bytes())?;
        f.sync_all()?;
        fs::hard_link(&tmp, out)?;
        crate::fsutil::sync_parent(out);
        Ok(())
    })();
    let _ = fs::remove_file(&tmp);
    result.map_err(|e| {
        if e.kind() == io::ErrorKind::AlreadyExists {
            StoreError::DatabaseExists(out.display().to_string())
        } else {
            StoreError::Io(format!("{}: {e}", out.display()))
        }
    })?;
    Ok(manifest)
}

struct HashingWriter<W: Write> {
    inner: W,
    hash: Sha256,
}

impl<W: Write> Write for HashingWriter<W> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let n = self.inner.write(buf)?;
        self.hash.update(&buf[..n]);
        Ok(n)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

fn sha256_file(p: &Path) -> io::Result<String> {
    let mut f = fs::File::open(p)?;
    let mut h = Sha256::new();
    io::copy(&mut f, &mut h)?;
    Ok(hex::encode(h.finalize()))
}

/// A backup checked without a password: where its parts are, and its manifest.
#[derive(Debug, Clone)]
pub struct Checked {
    pub manifest: Manifest,
    pub db_offset: u64,
    pub keys: Vec<u8>,
}

/// Check a backup file completely without a password (lengths, checksums, trailer, manifest,
/// side file). Reads it twice at most, in bounded pieces.
pub fn inspect(path: &Path) -> Result<Checked, BackupError> {
    let mut f = fs::File::open(path).map_err(io)?;
    let total = f.metadata().map_err(io)?.len();
    inspect_reader(&mut f, total)
}

/// [`inspect`] on any seekable source of `total` bytes (the fuzz tests feed it memory).
pub fn inspect_reader<R: Read + Seek>(f: &mut R, total: u64) -> Result<Checked, BackupError> {
    let mut head = vec![0u8; MAGIC.len()];
    if total < MAGIC.len() as u64 {
        return Err(if total == 0 {
            BackupError::Truncated("0 バイト".into())
        } else {
            BackupError::NotABackup
        });
    }
    f.read_exact(&mut head).map_err(io)?;
    if head != MAGIC {
        if head.starts_with(b"MADOGUCHI-BACKUP v") {
            return Err(BackupError::TooNew);
        }
        return Err(BackupError::NotABackup);
    }
    // The manifest line, bounded.
    let mut line = Vec::with_capacity(1024);
    let mut byte = [0u8; 1];
    loop {
        if f.read(&mut byte).map_err(io)? == 0 {
            return Err(BackupError::Truncated("目録の途中".into()));
        }
        if byte[0] == b'\n' {
            break;
        }
        line.push(byte[0]);
        if line.len() > MAX_MANIFEST {
            return Err(BackupError::Corrupt("目録が長すぎます".into()));
        }
    }
    let manifest: Manifest = serde_json::from_slice(&line)
        .map_err(|_| BackupError::Corrupt("目録を読めません".into()))?;
    if manifest.format != FORMAT {
        return Err(BackupError::NotABackup);
    }
    if manifest.version > 1 {
        return Err(BackupError::TooNew);
    }
    if manifest.db_len > MAX_DB
        || manifest.keys_len > MAX_KEYS
        || manifest.db_len < 4096
        || manifest.db_len % 4096 != 0
        || manifest.db_sha256.len() != 64
        || manifest.keys_sha256.len() != 64
        || manifest.db_id.is_empty()
        || manifest.db_id.len() > 64
        || crate::audit::Anchor::parse_line(&manifest.anchor).is_none()
    {
        return Err(BackupError::Corrupt("目録の値が正しくありません".into()));
    }
    let db_offset = (MAGIC.len() + line.len() + 1) as u64;
    let expected = db_offset + manifest.db_len + manifest.keys_len + TRAILER_LEN as u64;
    if total < expected {
        return Err(BackupError::Truncated(format!(
            "{total} バイト（{expected} バイトのはず）"
        )));
    }
    if total > expected {
        return Err(BackupError::Corrupt("末尾に余分なデータがあります".into()));
    }

    // One pass over the body: the database's checksum, the side file, the whole-file checksum.
    f.seek(SeekFrom::Start(0)).map_err(io)?;
    let mut whole = Sha256::new();
    let mut pre = vec![0u8; db_offset as usize];
    f.read_exact(&mut pre).map_err(io)?;
    whole.update(&pre);
    let mut dbh = Sha256::new();
    let mut left = manifest.db_len;
    let mut buf = vec![0u8; 1 << 16];
    let mut first_page = vec![];
    while left > 0 {
        let n = left.min(buf.len() as u64) as usize;
        f.read_exact(&mut buf[..n]).map_err(io)?;
        if first_page.is_empty() {
            first_page = buf[..n.min(16)].to_vec();
        }
        dbh.update(&buf[..n]);
        whole.update(&buf[..n]);
        left -= n as u64;
    }
    if first_page.as_slice() == b"SQLite format 3\0" {
        return Err(BackupError::Corrupt(
            "データベースが暗号化されていません".into(),
        ));
    }
    if hex::encode(dbh.finalize()) != manifest.db_sha256 {
        return Err(BackupError::Corrupt(
            "データベース部分のチェックサムが一致しません".into(),
        ));
    }
    let mut keys = vec![0u8; manifest.keys_len as usize];
    f.read_exact(&mut keys).map_err(io)?;
    whole.update(&keys);
    if hex::encode(Sha256::digest(&keys)) != manifest.keys_sha256 {
        return Err(BackupError::Corrupt(
            "鍵ファイル部分のチェックサムが一致しません".into(),
        ));
    }
    let mut trailer = vec![0u8; TRAILER_LEN];
    f.read_exact(&mut trailer).map_err(io)?;
    let want = format!("\nsha256:{}\n", hex::encode(whole.finalize()));
    if trailer != want.as_bytes() {
        return Err(BackupError::Corrupt(
            "ファイル全体のチェックサムが一致しません".into(),
        ));
    }
    // The side file must be one, and of this database.
    let kf = KeyFile::from_bytes(&keys)
        .map_err(|_| BackupError::Corrupt("鍵ファイル部分を読めません".into()))?;
    if kf.db_id != manifest.db_id {
        return Err(BackupError::Corrupt(
            "鍵ファイルが別のデータベースのものです".into(),
        ));
    }
    Ok(Checked {
        manifest,
        db_offset,
        keys,
    })
}

/// Write the checked backup's database and side file as `db` and `<db>.keys` (both new, 0600).
pub fn extract(src: &Path, checked: &Checked, db: &Path) -> Result<(), StoreError> {
    let keys_path = super::side_file_path(db);
    let r = (|| -> io::Result<()> {
        let mut f = fs::File::open(src)?;
        f.seek(SeekFrom::Start(checked.db_offset))?;
        let mut out = crate::fsutil::create_private(db)?;
        io::copy(&mut f.take(checked.manifest.db_len), &mut out)?;
        out.sync_all()?;
        let mut k = crate::fsutil::create_private(&keys_path)?;
        k.write_all(&checked.keys)?;
        k.sync_all()?;
        Ok(())
    })();
    r.map_err(|e| StoreError::Io(e.to_string()))
}

/// The backup files of `dir` this program named, oldest first.
pub fn list_dir(dir: &Path) -> Vec<PathBuf> {
    let mut v: Vec<PathBuf> = fs::read_dir(dir)
        .map(|it| {
            it.flatten()
                .map(|e| e.path())
                .filter(|p| {
                    p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                        n.starts_with("madoguchi-") && n.ends_with(&format!(".{EXTENSION}"))
                    })
                })
                .collect()
        })
        .unwrap_or_default();
    v.sort();
    v
}

/// The file name for a backup made at `stamp` (`YYYYMMDD-HHMMSS`).
pub fn file_name(stamp: &str) -> String {
    format!("madoguchi-{stamp}.{EXTENSION}")
}

impl super::Store {
    /// A consistent encrypted copy of this database at `dest` (made new, 0600) under the same
    /// key, taken inside one write transaction in which `f` runs first (the backup's own audit
    /// entry): the copy holds exactly the state `f` saw plus what it wrote.
    pub fn export_with<T, E>(
        &mut self,
        dest: &Path,
        actor: &str,
        now: &str,
        f: impl FnOnce(&mut super::Tx<'_>) -> Result<T, E>,
    ) -> Result<T, E>
    where
        E: From<StoreError>,
    {
        crate::fsutil::create_private(dest).map_err(|e| StoreError::Io(e.to_string()))?;
        let path = dest
            .to_str()
            .ok_or_else(|| StoreError::Io("バックアップの場所に使えない文字があります".into()))?
            .to_string();
        let version = super::migrate::current_version(self.conn())?;
        self.conn
            .execute(
                "ATTACH DATABASE ?1 AS bak KEY ?2",
                rusqlite::params![path, self.key.sqlcipher_pragma()],
            )
            .map_err(StoreError::from)?;
        let r = (|| {
            self.conn
                .execute_batch("PRAGMA bak.journal_mode = DELETE;")
                .map_err(StoreError::from)?;
            self.write(actor, now, |tx| {
                let out = f(tx)?;
                tx.conn()
                    .query_row("SELECT sqlcipher_export('bak')", [], |_| Ok(()))
                    .map_err(StoreError::from)?;
                tx.conn()
                    .pragma_update(Some("bak"), "user_version", version)
                    .map_err(StoreError::from)?;
                Ok(out)
            })
        })();
        let _ = self.conn.execute_batch("DETACH DATABASE bak;");
        r
    }
}
