//! Backup, the daily automatic backup, verification and restore (`store::backup` is the file).
//!
//! A backup is made inside one transaction that also writes its own audit entry, so the copy
//! holds that entry and the manifest's anchor names it. A restore never writes over anything:
//! it goes to a new path, and only after the copy opened with a password valid when it was made,
//! passed the full integrity check and its audit chain matched the manifest's anchor.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::{App, Clock, Result, ServiceError};
use crate::audit::actions;
use crate::domain::role::Permission;
use crate::store::backup::{self, Manifest};
use crate::store::{side_file_path, KeyFile, StoreError};

/// What the backup screen shows after a backup.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupView {
    pub path: String,
    pub manifest: Manifest,
    /// Older automatic backups removed to keep the configured number.
    pub pruned: Vec<String>,
}

/// The result of a restore or of a full verification.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RestoreReport {
    pub manifest: Manifest,
    pub integrity: String,
    pub audit: crate::audit::VerifyReport,
    /// Where the database was restored (empty for a verification).
    pub restored_to: String,
}

/// One file of the backup folder, as the restore panel lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BackupFileView {
    pub path: String,
    pub name: String,
    #[ts(type = "number")]
    pub size: u64,
    /// The manifest when the file is whole and a Madoguchi backup; else `problem` says why not.
    pub manifest: Option<Manifest>,
    pub problem: Option<String>,
}

/// Operations settings (運用管理).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct OperationsSettings {
    /// Folder of the daily automatic backup (a registered medium or a network folder); none = off.
    pub backup_dir: Option<String>,
    /// How many automatic backups are kept there (oldest removed first).
    pub backup_keep: u32,
    /// The alert on the home screen: one user opening more households than this in a day.
    pub open_alert_threshold: u32,
    /// Read-only: the last automatic backup (RFC 3339) and the last failure, if any.
    #[serde(default)]
    pub last_auto_backup: Option<String>,
    #[serde(default)]
    pub last_auto_error: Option<String>,
}

pub(crate) fn settings(conn: &rusqlite::Connection) -> Result<OperationsSettings> {
    Ok(conn
        .query_row(
            "SELECT backup_dir, backup_keep, open_alert_threshold, last_auto_backup, last_auto_error
             FROM operations_settings WHERE id = 1",
            [],
            |r| {
                Ok(OperationsSettings {
                    backup_dir: r.get(0)?,
                    backup_keep: r.get(1)?,
                    open_alert_threshold: r.get(2)?,
                    last_auto_backup: r.get(3)?,
                    last_auto_error: r.get(4)?,
                })
            },
        )
        .map_err(StoreError::from)?)
}

fn stamp(now: &chrono::DateTime<chrono::FixedOffset>) -> String {
    now.format("%Y%m%d-%H%M%S").to_string()
}

impl App {
    pub fn operations_settings(&mut self) -> Result<OperationsSettings> {
        self.require(Permission::EditOffice)?;
        settings(self.store.conn())
    }

    pub fn save_operations_settings(
        &mut self,
        s: &OperationsSettings,
    ) -> Result<OperationsSettings> {
        self.require(Permission::EditOffice)?;
        self.write_operations_settings(s)
    }

    /// The first-run wizard's backup folder becomes the daily automatic backup's (its
    /// administrator just created or restored the database: no permission is asked again).
    pub(crate) fn keep_backups_in(&mut self, dir: &Path) -> Result<OperationsSettings> {
        let mut s = settings(self.store.conn())?;
        s.backup_dir = Some(dir.display().to_string());
        self.write_operations_settings(&s)
    }

    fn write_operations_settings(&mut self, s: &OperationsSettings) -> Result<OperationsSettings> {
        if !(1..=366).contains(&s.backup_keep) {
            return Err(ServiceError::refused(
                "OPS_BAD_SETTING",
                "保存するバックアップの数は 1〜366 で指定してください",
            ));
        }
        if !(1..=100_000).contains(&s.open_alert_threshold) {
            return Err(ServiceError::refused(
                "OPS_BAD_SETTING",
                "警告の件数は 1 以上で指定してください",
            ));
        }
        let dir = s
            .backup_dir
            .as_deref()
            .map(str::trim)
            .filter(|d| !d.is_empty());
        if let Some(d) = dir {
            if !Path::new(d).is_absolute() || d.chars().any(char::is_control) || d.len() > 1024 {
                return Err(ServiceError::refused(
                    "OPS_BAD_SETTING",
                    "バックアップ先は絶対パスで指定してください（例: /media/backup/madoguchi）",
                ));
            }
        }
        let old = settings(self.store.conn())?;
        self.write(|tx| {
            let by = tx.actor().to_string();
            let at = tx.now().to_string();
            tx.conn()
                .execute(
                    "UPDATE operations_settings SET backup_dir = ?1, backup_keep = ?2,
                        open_alert_threshold = ?3, updated_by = ?4, updated_at = ?5 WHERE id = 1",
                    rusqlite::params![dir, s.backup_keep, s.open_alert_threshold, by, at],
                )
                .map_err(StoreError::from)?;
            tx.audit(
                actions::OPERATIONS_SETTINGS,
                None,
                None,
                json!({
                    "old": { "backup_dir": old.backup_dir, "backup_keep": old.backup_keep, "open_alert_threshold": old.open_alert_threshold },
                    "new": { "backup_dir": dir, "backup_keep": s.backup_keep, "open_alert_threshold": s.open_alert_threshold },
                }),
            )?;
            Ok(())
        })?;
        settings(self.store.conn())
    }

    /// バックアップ: one file at `out` (refused if anything is there). Administrator.
    pub fn backup_to(&mut self, out: &Path) -> Result<BackupView> {
        self.require(Permission::ManageUsers)?;
        let manifest = self.make_backup(out, false)?;
        Ok(BackupView {
            path: out.display().to_string(),
            manifest,
            pruned: vec![],
        })
    }

    /// The screen's button: into the configured backup folder under a dated name.
    pub fn backup_now(&mut self) -> Result<BackupView> {
        self.require(Permission::ManageUsers)?;
        let dir = settings(self.store.conn())?.backup_dir.ok_or_else(|| {
            ServiceError::refused(
                "OPS_NO_BACKUP_DIR",
                "バックアップ先のフォルダが設定されていません。運用管理 → 保存先フォルダ で設定してください",
            )
        })?;
        let out = PathBuf::from(dir).join(backup::file_name(&stamp(&self.now())));
        let manifest = self.make_backup(&out, false)?;
        Ok(BackupView {
            path: out.display().to_string(),
            manifest,
            pruned: vec![],
        })
    }

    /// 復元 panel: the backups of the configured folder, newest first, each checked whole.
    pub fn backup_files(&mut self) -> Result<Vec<BackupFileView>> {
        self.require(Permission::ManageUsers)?;
        let Some(dir) = settings(self.store.conn())?.backup_dir else {
            return Ok(vec![]);
        };
        Ok(backup::list_dir(Path::new(&dir))
            .into_iter()
            .rev()
            .map(|p| {
                let (manifest, problem) = match verify_file(&p) {
                    Ok(m) => (Some(m), None),
                    Err(e) => (None, Some(e.to_string())),
                };
                BackupFileView {
                    name: p
                        .file_name()
                        .map(|n| n.to_string_lossy().into_owned())
                        .unwrap_or_default(),
                    size: std::fs::metadata(&p).map(|m| m.len()).unwrap_or(0),
                    path: p.display().to_string(),
                    manifest,
                    problem,
                }
            })
            .collect())
    }

    /// 検査 from the screen: everything a restore checks, on a private copy, opened with this
    /// administrator's password as it was when the backup was made.
    pub fn backup_verify(&mut self, file: &str, password: &str) -> Result<RestoreReport> {
        self.require(Permission::ManageUsers)?;
        verify_deep(
            Path::new(file.trim()),
            &self.user.user_id,
            password,
            self.clock.clone(),
        )
    }

    /// 復元 from the screen, as `madoguchi restore`: into a new location only — never over this
    /// database, nor over anything else. Audited here (who restored which backup where) and in
    /// the restored copy.
    pub fn restore_backup(
        &mut self,
        file: &str,
        to: &str,
        password: &str,
    ) -> Result<RestoreReport> {
        self.require(Permission::ManageUsers)?;
        let to = PathBuf::from(to.trim());
        if !to.is_absolute() || to.file_name().is_none() {
            return Err(ServiceError::refused(
                "RESTORE_BAD_TARGET",
                "復元先は、新しいデータベースファイルの場所をフォルダから（例: /srv/madoguchi-restored/madoguchi.db）入力してください",
            ));
        }
        let live = self.db_path.canonicalize().unwrap_or(self.db_path.clone());
        let target = to
            .parent()
            .and_then(|d| d.canonicalize().ok())
            .zip(to.file_name())
            .map(|(d, n)| d.join(n));
        if target.as_deref() == Some(live.as_path()) {
            return Err(ServiceError::refused(
                "RESTORE_OVER_LIVE",
                "使用中のデータベースの上には復元できません。別の場所へ復元し、確かめてから、窓口をすべて閉じてファイルを入れ替えてください（運用ガイド「復元」）",
            ));
        }
        let file = PathBuf::from(file.trim());
        let report = restore(&file, &to, &self.user.user_id, password, self.clock.clone())?;
        self.write(|tx| {
            tx.audit(
                actions::RESTORE,
                Some("backup"),
                Some(&report.manifest.created_at),
                json!({
                    "from": file.file_name().map(|n| n.to_string_lossy().into_owned()),
                    "restored_to": report.restored_to,
                    "backup_created_at": report.manifest.created_at,
                }),
            )?;
            Ok(())
        })?;
        Ok(report)
    }

    /// The daily automatic backup, at the first start of the day (the app's first login):
    /// into the configured folder, keeping the configured number. Any login may trigger it — it
    /// is the office's, not the person's — and a failure is kept for the home screen, never
    /// stopping the login.
    pub fn daily_backup_if_due(&mut self) -> Result<Option<BackupView>> {
        let s = settings(self.store.conn())?;
        let Some(dir) = s.backup_dir.clone() else {
            return Ok(None);
        };
        let today = self.today().to_string();
        if s.last_auto_backup
            .as_deref()
            .is_some_and(|d| d.get(..10) == Some(today.as_str()))
        {
            return Ok(None);
        }
        let out = PathBuf::from(&dir).join(backup::file_name(&stamp(&self.now())));
        let made = self.make_backup(&out, true);
        let now = self.now_string();
        match made {
            Ok(manifest) => {
                self.store
                    .conn()
                    .execute(
                        "UPDATE operations_settings SET last_auto_backup = ?1, last_auto_error = NULL WHERE id = 1",
                        [&now],
                    )
                    .map_err(StoreError::from)?;
                let pruned = prune(Path::new(&dir), self.store.db_id(), s.backup_keep as usize);
                Ok(Some(BackupView {
                    path: out.display().to_string(),
                    manifest,
                    pruned,
                }))
            }
            Err(e) => {
                let msg = format!("{now}: {e}");
                self.store
                    .conn()
                    .execute(
                        "UPDATE operations_settings SET last_auto_error = ?1 WHERE id = 1",
                        [&msg],
                    )
                    .map_err(StoreError::from)?;
                Err(e)
            }
        }
    }

    fn make_backup(&mut self, out: &Path, automatic: bool) -> Result<Manifest> {
        require_folder(out)?;
        if out.exists() {
            return Err(StoreError::DatabaseExists(out.display().to_string()).into());
        }
        let root = crate::fsutil::private_temp_root().map_err(|e| StoreError::Io(e.to_string()))?;
        let work = tempfile::Builder::new()
            .prefix("backup-")
            .tempdir_in(&root)
            .map_err(|e| StoreError::Io(e.to_string()))?;
        let copy = work.path().join("copy.db");
        let file = out
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        let now = self.now_string();
        let actor = self.user.user_id.clone();
        let anchor = self.store.export_with(&copy, &actor, &now, |tx| {
            tx.audit(
                actions::BACKUP,
                Some("database"),
                None,
                json!({ "file": file, "automatic": automatic }),
            )?;
            Ok::<_, ServiceError>(crate::audit::anchor::current(tx.conn())?)
        })?;
        // The side file as it is now (bounded and checked before it is copied).
        let keys_path = side_file_path(self.db_path());
        KeyFile::load(&keys_path)?;
        let keys = std::fs::read(&keys_path).map_err(|e| StoreError::Io(e.to_string()))?;
        let manifest = Manifest {
            format: String::new(),
            version: 1,
            db_id: self.store.db_id().to_string(),
            created_at: now,
            created_by: actor,
            program_version: crate::VERSION.to_string(),
            schema_version: crate::store::migrate::latest_version(),
            db_len: 0,
            db_sha256: String::new(),
            keys_len: 0,
            keys_sha256: String::new(),
            anchor: anchor.to_line(),
            automatic,
        };
        let m = backup::write(out, &copy, &keys, manifest)?;
        self.keep_anchor_locally();
        Ok(m)
    }
}

/// The folder a backup goes into must already be there. It is normally on a registered medium or
/// a network share; when it is missing, the medium is not plugged in or the share not mounted, and
/// making the folder would put the backup on this PC's own disk (under the empty mount point),
/// where it is lost with the PC and hidden once the medium is mounted over it. So it is never
/// made here: the office is told to connect the medium (the first-run wizard makes the folder once,
/// when the administrator chooses it).
fn require_folder(out: &Path) -> Result<()> {
    let dir = match out.parent() {
        Some(d) if !d.as_os_str().is_empty() => d,
        _ => Path::new("."),
    };
    if dir.is_dir() {
        return Ok(());
    }
    Err(ServiceError::refused(
        "BACKUP_DIR_MISSING",
        format!(
            "バックアップの保存先フォルダ {} が見つかりません。保存先の USB メモリなどの記録媒体が差し込まれているか、ネットワークの保存先につながっているかを確かめてから、もう一度バックアップしてください（パソコンの中に作ると、パソコンと一緒に失われるため、窓口はこのフォルダを作りません。保存先を変えるときは 運用管理 → バックアップ先）",
            dir.display()
        ),
    ))
}

/// Keep the newest `keep` backups of this database in `dir`; returns the names removed.
fn prune(dir: &Path, db_id: &str, keep: usize) -> Vec<String> {
    let ours: Vec<PathBuf> = backup::list_dir(dir)
        .into_iter()
        .filter(|p| manifest_head(p).is_some_and(|m| m.db_id == db_id && m.automatic))
        .collect();
    let mut removed = vec![];
    if ours.len() > keep {
        for p in &ours[..ours.len() - keep] {
            if std::fs::remove_file(p).is_ok() {
                removed.push(p.display().to_string());
            }
        }
    }
    removed
}

/// Only the manifest line (for pruning, which must not read whole files).
fn manifest_head(p: &Path) -> Option<Manifest> {
    use std::io::{BufRead, Read};
    let f = std::fs::File::open(p).ok()?;
    let mut r = std::io::BufReader::new(f.take(backup::MAGIC.len() as u64 + 16 * 1024));
    let mut magic = vec![0u8; backup::MAGIC.len()];
    r.read_exact(&mut magic).ok()?;
    if magic != backup::MAGIC {
        return None;
    }
    let mut line = String::new();
    r.read_line(&mut line).ok()?;
    serde_json::from_str(line.trim_end()).ok()
}

/// `backup verify` without a password: the file is whole and is a Madoguchi backup.
pub fn verify_file(file: &Path) -> Result<Manifest> {
    Ok(backup::inspect(file).map_err(StoreError::from)?.manifest)
}

/// Open the backup's copy at `db` as `user`, check everything, and leave it there.
fn check_copy(
    db: &Path,
    checked: &backup::Checked,
    user: &str,
    password: &str,
    clock: Clock,
    restored_from: Option<&str>,
) -> Result<RestoreReport> {
    let mut app = App::login_with_clock(db, user, password, clock)?;
    if !app.user.role.can(Permission::ManageUsers) {
        return Err(ServiceError::PermissionDenied(
            Permission::ManageUsers.label(),
        ));
    }
    let integrity: String = app
        .store
        .conn()
        .query_row("PRAGMA integrity_check", [], |r| r.get(0))
        .map_err(StoreError::from)?;
    if integrity != "ok" {
        return Err(StoreError::IntegrityFailed(integrity).into());
    }
    let anchor = crate::audit::Anchor::parse_line(&checked.manifest.anchor)
        .filter(|a| a.db_id == checked.manifest.db_id)
        .ok_or_else(|| {
            StoreError::from(backup::BackupError::Corrupt(
                "目録の控えが別のデータベースのものです".into(),
            ))
        })?;
    let audit = crate::audit::verify_with_anchors(app.store.conn(), &[anchor])?;
    if !audit.ok {
        return Err(ServiceError::refused(
            "BACKUP_AUDIT_BROKEN",
            format!(
                "バックアップの操作ログが目録と一致しません: {}",
                audit.message
            ),
        ));
    }
    if let Some(from) = restored_from {
        let m = checked.manifest.clone();
        app.write(|tx| {
            tx.audit(
                actions::RESTORE,
                Some("database"),
                None,
                json!({
                    "from": from,
                    "backup_created_at": m.created_at,
                    "backup_created_by": m.created_by,
                    "backup_anchor": m.anchor,
                }),
            )?;
            Ok(())
        })?;
    }
    app.logout()?;
    Ok(RestoreReport {
        manifest: checked.manifest.clone(),
        integrity,
        audit,
        restored_to: String::new(),
    })
}

/// Remove a database that was just made or restored and its side files (a setup that failed
/// half-way leaves nothing for the next start to trip over).
pub(crate) fn remove_database_files(db: &Path) {
    let _ = std::fs::remove_file(db);
    for p in side_files(db) {
        let _ = std::fs::remove_file(p);
    }
}

fn side_files(db: &Path) -> Vec<PathBuf> {
    [
        ".keys",
        ".lock",
        ".keys.lock",
        ".anchors",
        "-wal",
        "-shm",
        ".instance",
    ]
    .iter()
    .map(|s| crate::store::keyslots::with_suffix(db, s))
    .collect()
}

/// `backup verify --user`: everything a restore checks, on a private copy that is then deleted.
pub fn verify_deep(file: &Path, user: &str, password: &str, clock: Clock) -> Result<RestoreReport> {
    let checked = backup::inspect(file).map_err(StoreError::from)?;
    let root = crate::fsutil::private_temp_root().map_err(|e| StoreError::Io(e.to_string()))?;
    let work = tempfile::Builder::new()
        .prefix("verify-")
        .tempdir_in(&root)
        .map_err(|e| StoreError::Io(e.to_string()))?;
    let db = work.path().join("check.db");
    backup::extract(file, &checked, &db)?;
    check_copy(&db, &checked, user, password, clock, None)
}

/// 復元: into `to`, which must not exist (nor its side files). The copy is made under a temporary
/// name beside `to`, opened with `user`'s password (valid when the backup was made), checked
/// completely, its restore audited inside it, and only then renamed into place — the side file
/// first, the database last. Administrator.
pub fn restore(
    file: &Path,
    to: &Path,
    user: &str,
    password: &str,
    clock: Clock,
) -> Result<RestoreReport> {
    if to.exists() || side_files(to).iter().any(|p| p.exists()) {
        return Err(ServiceError::refused(
            "RESTORE_TARGET_EXISTS",
            format!(
                "{} には既にデータベース（またはその関連ファイル）があります。復元は新しい場所にだけ行います。使用中のデータベースを置き換えるときは、窓口を閉じてから元のファイルを別のフォルダへ移し、空いた場所へ復元してください",
                to.display()
            ),
        ));
    }
    let checked = backup::inspect(file).map_err(StoreError::from)?;
    if let Some(dir) = to.parent() {
        if !dir.as_os_str().is_empty() {
            std::fs::create_dir_all(dir).map_err(|e| StoreError::Io(e.to_string()))?;
        }
    }
    let tmp = crate::fsutil::unique_sibling(to);
    let from = file
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let r = backup::extract(file, &checked, &tmp)
        .map_err(ServiceError::from)
        .and_then(|_| check_copy(&tmp, &checked, user, password, clock, Some(&from)));
    let mut report = match r {
        Ok(r) => r,
        Err(e) => {
            remove_database_files(&tmp);
            return Err(e);
        }
    };
    let moved = (|| -> std::io::Result<()> {
        // The lock file carries the copy's clean-close note: no WAL made before the restore
        // belongs to the restored file (`store::wal_guard`).
        for suffix in [".anchors", ".lock"] {
            let tmp_side = crate::store::keyslots::with_suffix(&tmp, suffix);
            if tmp_side.exists() {
                std::fs::rename(&tmp_side, crate::store::keyslots::with_suffix(to, suffix))?;
            }
        }
        std::fs::rename(side_file_path(&tmp), side_file_path(to))?;
        // The database last, and never over something that appeared meanwhile.
        std::fs::hard_link(&tmp, to)?;
        std::fs::remove_file(&tmp)?;
        crate::fsutil::sync_parent(to);
        Ok(())
    })();
    if let Err(e) = moved {
        remove_database_files(&tmp);
        if !to.exists() {
            let _ = std::fs::remove_file(side_file_path(to));
            let _ = std::fs::remove_file(crate::store::keyslots::with_suffix(to, ".anchors"));
        }
        return Err(StoreError::Io(e.to_string()).into());
    }
    remove_database_files(&tmp);
    report.restored_to = to.display().to_string();
    Ok(report)
}
