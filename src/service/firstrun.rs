//! 初回設定 (first-run setup): what the app offers when no office database is configured on this
//! PC — create the office database (the office settings, validated here with their check digits,
//! the first administrator, the folders for the data and the backups), or open an existing one.
//! The choice is written to this PC's local configuration ([`LocalConfig`]), so the app and the
//! `madoguchi` command find the same database next time. Or restore a backup (issue 14's verified
//! restore) into the chosen folder and open it. Nothing here works once a database
//! exists at the configured place: setting up again is not a way around a login.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{App, Clock, Result, ServiceError};
use crate::domain::household::ValidationError;
use crate::domain::office::OfficeSettings;
use crate::domain::password::check_password_rules;
use crate::store::keyslots::KeyFile;

/// The database file's name inside the data folder the office chose.
pub const DB_FILE_NAME: &str = "madoguchi.db";

/// This PC's configuration: where the office database and its backups live (a TOML file in the
/// platform's configuration folder, e.g. `~/.config/madoguchi/madoguchi.toml`).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct LocalConfig {
    pub database: PathBuf,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub backup_dir: Option<PathBuf>,
}

impl LocalConfig {
    /// Where this PC's configuration lives (`None` when the platform has no home folder).
    pub fn default_path() -> Option<PathBuf> {
        directories::ProjectDirs::from("jp", "madoguchi", "madoguchi")
            .map(|d| d.config_dir().join("madoguchi.toml"))
    }

    /// The configuration at `path`, `None` when there is none yet.
    pub fn load(path: &Path) -> std::result::Result<Option<LocalConfig>, String> {
        match std::fs::read_to_string(path) {
            Ok(text) => toml::from_str(&text)
                .map(Some)
                .map_err(|e| format!("設定ファイル {} を読めません: {e}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(format!("設定ファイル {} を読めません: {e}", path.display())),
        }
    }

    pub fn save(&self, path: &Path) -> std::result::Result<(), String> {
        let text = toml::to_string(self).map_err(|e| e.to_string())?;
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir).map_err(|e| e.to_string())?;
        }
        crate::fsutil::write_atomic_private(path, text.as_bytes())
            .map_err(|e| format!("設定ファイル {} を書けません: {e}", path.display()))
    }
}

/// What the first-run screen shows.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SetupStatus {
    /// No database at the configured place: the app shows the first-run screen, not the login.
    pub needed: bool,
    /// The database the app would open.
    pub db_path: String,
    /// Suggested folders (the PC's data folder; a backup folder beside it).
    pub suggested_data_dir: String,
    pub suggested_backup_dir: String,
    /// A blank office form with the core's defaults (所長の職名, 画面ロックまでの分).
    pub office_defaults: OfficeSettings,
}

/// 「新しい事務所のデータベースを作成」.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CreateOfficeInput {
    pub office: OfficeSettings,
    pub admin_id: String,
    pub admin_name: String,
    pub password: String,
    /// The folder for the database (and its key file); created if missing.
    pub data_dir: String,
    /// The folder for backups; created if missing. Not the data folder.
    pub backup_dir: String,
}

/// 「バックアップから復元する」: a backup file (e.g. on the registered medium) restored into the
/// data folder chosen here, opened as one of its administrators.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RestoreOfficeInput {
    pub backup_file: String,
    /// An administrator of the backed-up database, with the password valid when it was made.
    pub user_id: String,
    pub password: String,
    pub data_dir: String,
    pub backup_dir: String,
}

fn refused(code: &'static str, message: impl Into<String>) -> ServiceError {
    ServiceError::Refused {
        code,
        message: message.into(),
    }
}

/// Whether the database at `db` still has to be set up.
pub fn is_needed(db: &Path) -> bool {
    !db.exists() && !crate::store::side_file_path(db).exists()
}

pub fn status(db: &Path) -> SetupStatus {
    let data_dir = directories::ProjectDirs::from("jp", "madoguchi", "madoguchi")
        .map(|d| d.data_dir().to_path_buf())
        .unwrap_or_else(|| PathBuf::from("madoguchi"));
    SetupStatus {
        needed: is_needed(db),
        db_path: db.display().to_string(),
        suggested_backup_dir: data_dir.join("backup").display().to_string(),
        suggested_data_dir: data_dir.display().to_string(),
        office_defaults: OfficeSettings::default(),
    }
}

/// A folder the office typed: absolute, without `..`.
fn folder(label: &str, text: &str) -> Result<PathBuf> {
    let p = PathBuf::from(text.trim());
    if text.trim().is_empty() {
        return Err(at(SetupStep::Folders, format!("{label}を指定してください")));
    }
    if !p.is_absolute() {
        return Err(at(
            SetupStep::Folders,
            format!("{label}は絶対パス（/ や C:\\ から始まる場所）で指定してください"),
        ));
    }
    if p.components()
        .any(|c| matches!(c, std::path::Component::ParentDir))
    {
        return Err(at(
            SetupStep::Folders,
            format!("{label}に「..」は使えません"),
        ));
    }
    Ok(p)
}

/// The wizard's steps, in order. A refusal names its step in its code (`SETUP_OFFICE`,
/// `SETUP_ADMIN`, `SETUP_FOLDERS`), so the screen can go back to it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum SetupStep {
    Office,
    Admin,
    Folders,
}

fn at(step: SetupStep, e: impl std::fmt::Display) -> ServiceError {
    let code = match step {
        SetupStep::Office => "SETUP_OFFICE",
        SetupStep::Admin => "SETUP_ADMIN",
        SetupStep::Folders => "SETUP_FOLDERS",
    };
    refused(code, e.to_string())
}

/// Check what the office typed, every step up to `upto`, before anything is written: a refusal
/// leaves no file. The wizard calls it at each 「次へ」; creating checks everything again.
pub fn validate(input: &CreateOfficeInput, upto: SetupStep) -> Result<Checked> {
    let office = input
        .office
        .validate()
        .map_err(|e| at(SetupStep::Office, e))?;
    super::printable::office(&office).map_err(|e| at(SetupStep::Office, e))?;
    if upto == SetupStep::Office {
        return Ok(Checked {
            office,
            db: PathBuf::new(),
            backup: PathBuf::new(),
        });
    }
    let admin_id = input.admin_id.trim();
    if admin_id.is_empty() {
        return Err(at(SetupStep::Admin, "管理者のユーザーIDは必須です"));
    }
    if input.admin_name.trim().is_empty() {
        return Err(at(SetupStep::Admin, "管理者の氏名は必須です"));
    }
    check_password_rules(admin_id, &input.password)
        .map_err(|e| at(SetupStep::Admin, crate::auth::AuthError::from(e)))?;
    if upto == SetupStep::Admin {
        return Ok(Checked {
            office,
            db: PathBuf::new(),
            backup: PathBuf::new(),
        });
    }
    let (db, backup) = places(&input.data_dir, &input.backup_dir)?;
    Ok(Checked { office, db, backup })
}

/// The database file in the data folder and the backup folder: both absolute, not the same, and
/// no database there yet.
fn places(data_dir: &str, backup_dir: &str) -> Result<(PathBuf, PathBuf)> {
    let data = folder("データの保存先", data_dir)?;
    let backup = folder("バックアップの保存先", backup_dir)?;
    if backup == data {
        return Err(at(
            SetupStep::Folders,
            "バックアップの保存先はデータの保存先と別のフォルダにしてください",
        ));
    }
    let db = data.join(DB_FILE_NAME);
    if !is_needed(&db) {
        return Err(at(
            SetupStep::Folders,
            format!(
                "{} にはすでにデータベースがあります。別のフォルダにするか、「既存のデータベースを開く」を選んでください",
                db.display()
            ),
        ));
    }
    Ok((db, backup))
}

/// What [`validate`] found: the office settings as the core normalised them, and the files.
pub struct Checked {
    pub office: OfficeSettings,
    db: PathBuf,
    backup: PathBuf,
}

impl Checked {
    /// This PC's configuration once the office is created.
    pub fn config(&self) -> LocalConfig {
        LocalConfig {
            database: self.db.clone(),
            backup_dir: Some(self.backup.clone()),
        }
    }
}

/// Create the office database in the chosen folder, its first administrator (logged in), the
/// office settings and the backup folder. On any failure after the files were created, they are
/// removed again: a half-made office is never left for the next start to trip over.
pub fn create_office(input: &CreateOfficeInput, clock: &Clock) -> Result<(App, LocalConfig)> {
    let Checked { office, db, backup } = validate(input, SetupStep::Folders)?;
    make_backup_dir(&backup)?;
    let admin_id = input.admin_id.trim();
    super::setup::create_office_database(
        &db,
        admin_id,
        input.admin_name.trim(),
        &input.password,
        clock,
    )
    .map_err(|e| at(SetupStep::Folders, e))?;
    let finish = || -> Result<App> {
        let mut app = App::login_with_clock(&db, admin_id, &input.password, clock.clone())?;
        app.save_office(&office)?;
        Ok(app)
    };
    adopt(&db, &backup, finish)
}

/// The database just made at `db` becomes this PC's once `finish` (log in, settings) worked; the
/// wizard's backup folder is also the daily automatic backup's. Otherwise its files are removed.
fn adopt(
    db: &Path,
    backup: &Path,
    finish: impl FnOnce() -> Result<App>,
) -> Result<(App, LocalConfig)> {
    let r = finish().and_then(|mut app| {
        app.keep_backups_in(backup)?;
        Ok(app)
    });
    match r {
        Ok(app) => Ok((
            app,
            LocalConfig {
                database: db.to_path_buf(),
                backup_dir: Some(backup.to_path_buf()),
            },
        )),
        Err(e) => {
            super::backup::remove_database_files(db);
            Err(e)
        }
    }
}

/// What [`restore_office`] will do, checked before anything is written: the folders (as for a new
/// office) and the backup file. Returns this PC's configuration once restored.
pub fn check_restore(input: &RestoreOfficeInput) -> Result<LocalConfig> {
    let (db, backup) = places(&input.data_dir, &input.backup_dir)?;
    let file = input.backup_file.trim();
    if file.is_empty() {
        return Err(refused(
            "SETUP_RESTORE",
            "バックアップファイルを指定してください",
        ));
    }
    if !Path::new(file).is_file() {
        return Err(refused(
            "SETUP_RESTORE",
            format!("{file} というバックアップファイルはありません"),
        ));
    }
    Ok(LocalConfig {
        database: db,
        backup_dir: Some(backup),
    })
}

/// Restore the backup into the chosen data folder — verified completely by
/// [`backup::restore`](super::backup::restore) (the file, the password, the integrity, the audit
/// chain) before it is put in place — and log its administrator in. A refused backup leaves
/// nothing behind.
pub fn restore_office(input: &RestoreOfficeInput, clock: &Clock) -> Result<(App, LocalConfig)> {
    let config = check_restore(input)?;
    let (db, backup) = (config.database, config.backup_dir.unwrap_or_default());
    let user = input.user_id.trim();
    make_backup_dir(&backup)?;
    super::backup::restore(
        Path::new(input.backup_file.trim()),
        &db,
        user,
        &input.password,
        clock.clone(),
    )?;
    adopt(&db, &backup, || {
        App::login_with_clock(&db, user, &input.password, clock.clone())
    })
}

fn make_backup_dir(backup: &Path) -> Result<()> {
    std::fs::create_dir_all(backup).map_err(|e| {
        at(
            SetupStep::Folders,
            format!(
                "バックアップの保存先 {} を作れません: {e}",
                backup.display()
            ),
        )
    })
}

/// 「既存のデータベースを開く」: the file must be a 窓口 database with its key file beside it.
/// Nothing is opened here (that is the login); the path becomes this PC's database.
pub fn check_existing(path: &str) -> Result<PathBuf> {
    let p = PathBuf::from(path.trim());
    if path.trim().is_empty() {
        return Err(ValidationError::new("path", "データベースファイルを指定してください").into());
    }
    if !p.is_file() {
        return Err(ValidationError::new(
            "path",
            format!("{} というファイルはありません", p.display()),
        )
        .into());
    }
    let keys = crate::store::side_file_path(&p);
    if !keys.is_file() {
        return Err(refused(
            "SETUP_NO_KEY_FILE",
            format!(
                "鍵ファイル {} が見つかりません。データベースと一緒にコピーしてください",
                keys.display()
            ),
        ));
    }
    KeyFile::load(&keys).map_err(|e| {
        refused(
            "SETUP_NOT_A_DATABASE",
            format!("窓口のデータベースではないか、鍵ファイルが壊れています: {e}"),
        )
    })?;
    crate::store::check_file(&p)?;
    Ok(p)
}
