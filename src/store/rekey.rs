//! 鍵の更新 (rekey): the database re-encrypted under a new random key, when the old one may
//! have leaked (someone who held a password left; see docs/operations.md).
//!
//! Nobody's password is needed for the other accounts: every slot carries an X25519 public key,
//! and the new key is sealed to it (`keyslots::seal_for_rekey`); each account's next login
//! unseals it with the password and rewraps the slot as usual. The My Number key stays wrapped
//! in the holders' slots exactly as before (it is under their password-derived keys, which a
//! rekey does not touch), so holders keep it. Slots from before public keys cannot be sealed:
//! those accounts are listed and need a password reset.
//!
//! A kill at any moment leaves a database that opens: the new file is written beside the old
//! (`<db>.rekey-new`, fingerprints and the audit entry inside), the side file then records the
//! new slot list as *pending* with the new file's salt, and one rename puts the new file in
//! place. Until that rename the old key and old slots are in force; after it the pending list
//! is (`keyslots::settle_rekey`, at the next side-file access). The whole run holds the database
//! exclusively.

use std::fs;
use std::path::{Path, PathBuf};

use rusqlite::Connection;
use serde::Serialize;

use super::keyslots::with_suffix;
use super::keyslots::{self, DbKey, KeyFile, PendingRekey};
use super::{migrate, open_keyed, Store, StoreError};

type Result<T> = std::result::Result<T, StoreError>;

/// Where the new file is written before it replaces the database.
pub fn new_file_path(db: &Path) -> PathBuf {
    with_suffix(db, ".rekey-new")
}

fn with_suffix_path(db: &Path, suffix: &str) -> PathBuf {
    with_suffix(db, suffix)
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct RekeyReport {
    /// Accounts whose slot now holds the new key (unsealed at their next login).
    pub rewrapped: Vec<String>,
    /// Accounts whose slot could not be sealed (made before public keys): a reset is needed.
    pub dropped: Vec<String>,
}

/// Test hooks, debug builds only (release builds ignore them): `MADOGUCHI_TEST_REKEY_FAIL=<step>`
/// fails at that step (an ordinary error halfway), `MADOGUCHI_TEST_REKEY_ABORT=<step>` kills
/// the process there (no cleanup at all: the crash harness's exact kill points).
fn abort_at(step: &str) {
    if cfg!(debug_assertions)
        && std::env::var("MADOGUCHI_TEST_REKEY_ABORT").is_ok_and(|s| s == step)
    {
        std::process::abort();
    }
}

fn fail_at(step: &str) -> Result<()> {
    abort_at(step);
    if cfg!(debug_assertions) && std::env::var("MADOGUCHI_TEST_REKEY_FAIL").is_ok_and(|s| s == step)
    {
        return Err(StoreError::Io(format!("テスト用の失敗（{step}）")));
    }
    Ok(())
}

impl Store {
    /// Re-encrypt this database under a new key and seal it into every slot. On success the
    /// store is open on the new file; on an error the old file, key and slots are untouched.
    pub fn rekey(&mut self, actor: &str, now: &str) -> Result<RekeyReport> {
        if !self.try_exclusive() {
            return Err(StoreError::Conflict(
                "ほかの画面・PC・処理がこのデータベースを開いているため、鍵を更新できません。すべて閉じてからもう一度実行してください".into(),
            ));
        }
        let result = self.rekey_exclusive(actor, now);
        if result.is_err() {
            let _ = fs::remove_file(new_file_path(&self.path));
        }
        // Back to the shared lock every open store holds.
        super::wal_guard::downgrade(&self._open_lock);
        result
    }

    fn rekey_exclusive(&mut self, actor: &str, now: &str) -> Result<RekeyReport> {
        let new_path = new_file_path(&self.path);
        let keys = self.keys_path();
        // Nobody else has the file open: anything left by an earlier, killed rekey goes.
        let _ = fs::remove_file(&new_path);
        let _ = fs::remove_file(with_suffix_path(&new_path, "-journal"));
        keyslots::update(&keys, |kf| {
            kf.rekey = None;
            Ok(())
        })?;
        self.checkpoint()?;

        let new_key = DbKey::generate();
        let kf = KeyFile::load(&keys)?;
        let mut report = RekeyReport {
            rewrapped: vec![],
            dropped: vec![],
        };
        let mut slots = vec![];
        for s in &kf.slots {
            match keyslots::seal_for_rekey(&self.db_id, s, &new_key) {
                Some(n) => {
                    report.rewrapped.push(s.user_id.clone());
                    slots.push(n);
                }
                None => report.dropped.push(s.user_id.clone()),
            }
        }
        if !report.rewrapped.iter().any(|u| u == actor) {
            return Err(StoreError::Conflict(
                "鍵を更新する人のアカウントの鍵が古い形式です。一度ログインし直してから実行してください".into(),
            ));
        }

        // 1. The new file, complete, beside the old one.
        let version = migrate::current_version(&self.conn)?;
        let path_str = new_path
            .to_str()
            .ok_or_else(|| StoreError::Io("データベースの場所に使えない文字があります".into()))?;
        // Made empty and private first: the connection may not create files, and the new
        // database must be 0600 like the old.
        crate::fsutil::create_private(&new_path).map_err(|e| StoreError::Io(e.to_string()))?;
        self.conn.execute(
            "ATTACH DATABASE ?1 AS rekey KEY ?2",
            rusqlite::params![path_str, new_key.sqlcipher_pragma()],
        )?;
        let exported = (|| -> Result<()> {
            self.conn
                .execute_batch("PRAGMA rekey.journal_mode = DELETE;")?;
            self.conn
                .query_row("SELECT sqlcipher_export('rekey')", [], |_| Ok(()))?;
            self.conn
                .pragma_update(Some("rekey"), "user_version", version)?;
            Ok(())
        })();
        let detached = self.conn.execute_batch("DETACH DATABASE rekey;");
        exported?;
        detached?;
        fail_at("export")?;

        // 2. In the new file: the new slots' fingerprints and the rekey's own audit entry.
        {
            let mut c = open_keyed(&new_path, rusqlite::OpenFlags::default(), &new_key)?;
            c.execute_batch("PRAGMA foreign_keys = ON; PRAGMA synchronous = FULL;")?;
            let tx = c.transaction()?;
            tx.execute("DELETE FROM key_slots", [])?;
            for s in &slots {
                tx.execute(
                    "INSERT INTO key_slots (user_id, fingerprint, updated_at) VALUES (?1, ?2, ?3)",
                    rusqlite::params![s.user_id, keyslots::fingerprint(s), now],
                )?;
            }
            crate::audit::append(
                &tx,
                &crate::audit::NewEntry {
                    at: now,
                    user_id: actor,
                    action: crate::audit::actions::REKEY,
                    target_kind: Some("database"),
                    target_id: Some(&self.db_id),
                    detail: serde_json::json!({
                        "rewrapped": report.rewrapped,
                        "dropped": report.dropped,
                    }),
                },
            )
            .map_err(|e| StoreError::Audit(e.to_string()))?;
            tx.commit()?;
            let integrity: String = c.query_row("PRAGMA quick_check", [], |r| r.get(0))?;
            if integrity != "ok" {
                return Err(StoreError::IntegrityFailed(integrity));
            }
            c.close().map_err(|(_, e)| StoreError::from(e))?;
            fs::File::open(&new_path)
                .and_then(|f| f.sync_all())
                .map_err(|e| StoreError::Io(e.to_string()))?;
        }
        fail_at("before_pending")?;

        // 3. The side file learns the new slots, pending until the new file is in place.
        let new_salt = keyslots::file_salt(&new_path)
            .ok_or_else(|| StoreError::Io("新しいデータベースファイルを読めません".into()))?;
        keyslots::update(&keys, |kf| {
            kf.rekey = Some(PendingRekey {
                new_salt: new_salt.clone(),
                slots: slots.clone(),
            });
            Ok(())
        })?;
        let undo_pending = |e: StoreError| {
            let _ = keyslots::update(&keys, |kf| {
                kf.rekey = None;
                Ok(())
            });
            e
        };
        fail_at("before_swap").map_err(undo_pending)?;

        // 4. The old connection closes (folding and removing its WAL), the new file goes in place
        //    with one rename, and the pending slots become the slots.
        let placeholder = Connection::open_in_memory()?;
        let old = std::mem::replace(&mut self.conn, placeholder);
        old.close()
            .map_err(|(_, e)| StoreError::from(e))
            .map_err(undo_pending)?;
        let wal = with_suffix_path(&self.path, "-wal");
        let reopen_old = |store: &mut Store| -> Result<()> {
            let c = open_keyed(&store.path, super::open_flags(), &store.key)?;
            super::configure(&c)?;
            store.conn = c;
            Ok(())
        };
        if fs::metadata(&wal).is_ok_and(|m| m.len() > 0) {
            reopen_old(self)?;
            return Err(undo_pending(StoreError::Io(
                "データベースの一時ファイルが残っているため、鍵を更新できませんでした（変更はしていません）".into(),
            )));
        }
        let _ = fs::remove_file(&wal);
        let _ = fs::remove_file(with_suffix_path(&self.path, "-shm"));
        if let Err(e) = fs::rename(&new_path, &self.path) {
            reopen_old(self)?;
            return Err(undo_pending(StoreError::Io(e.to_string())));
        }
        crate::fsutil::sync_parent(&self.path);
        abort_at("after_swap");
        keyslots::update(&keys, |_| Ok(()))?;

        // 5. Open on the new key.
        let c = open_keyed(&self.path, super::open_flags(), &new_key)?;
        super::configure(&c)?;
        self.conn = c;
        self.key = new_key;
        self.index = Default::default();
        Ok(report)
    }
}
