//! The encrypted store: one SQLCipher database file plus its key-slot side file.
//!
//! Opening checks the file before touching it (a plaintext SQLite file, a truncated file or a file
//! that does not pair with the side file is refused and left byte-for-byte as it was), keys it with
//! the raw 32-byte database key, applies pending migrations, and keeps the counter-search index.
//!
//! Writes go through [`Store::write`]: one immediate transaction in which a use case writes any
//! number of tables and its audit entries together; either all of it commits or none of it does.
//! The store knows tables and rows, not permissions — those are checked in `service`.

pub mod backup;
pub mod care_aid;
pub mod decisions;
pub mod exchange;
pub mod households;
pub mod instance;
pub mod kdf;
pub mod keyslots;
pub mod medical_aid;
pub mod migrate;
pub mod notices;
pub mod office;
pub mod print_jobs;
pub mod rekey;
pub mod retention;
pub mod reveal;
pub mod search;
pub mod upgrade;
pub mod users;
pub mod vouchers;
mod wal_guard;

use std::collections::BTreeSet;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};

use rusqlite::{Connection, OpenFlags, OptionalExtension, TransactionBehavior};

pub use keyslots::{side_file_path, DbKey, KeyFile};
use search::SearchIndex;

const PAGE_SIZE: u64 = 4096;
const PLAINTEXT_HEADER: &[u8; 16] = b"SQLite format 3\0";

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("データベースファイルが見つかりません: {0}")]
    DatabaseMissing(String),
    #[error("データベースファイルが既にあります: {0}（上書きはしません）")]
    DatabaseExists(String),
    #[error(
        "鍵ファイルが見つかりません: {0}（データベースと同じフォルダに .keys ファイルが必要です）"
    )]
    NoKeyFile(String),
    #[error("鍵ファイルが壊れています。バックアップから鍵ファイルを戻してください")]
    KeyFileDamaged,
    #[error("鍵ファイルが新しいバージョンの窓口で作られています。プログラムを更新してください")]
    KeyFileTooNew,
    #[error("このファイルは暗号化されていない SQLite ファイルです。窓口のデータベースではありません（ファイルは変更していません）")]
    NotEncrypted,
    #[error("データベースファイルが壊れているか、途中で切れています（{0}）。バックアップから戻してください（ファイルは変更していません）")]
    Damaged(String),
    #[error("このファイルは窓口のデータベースではないか、鍵ファイルと対になっていません（ファイルは変更していません）")]
    NotOurDatabase,
    #[error("データベースの横にある一時ファイル {0} が、このデータベースのものではないか、古いものです。このまま開くとデータベースが壊れるため開きませんでした（ファイルは変更していません）。窓口を使っている他のPCやプログラムがないことを確かめてから、この一時ファイルを別のフォルダへ移して開き直してください。それでも開けないときはバックアップから戻してください")]
    ForeignWal(String),
    #[error("データベースは前回きちんと閉じられていますが、その横に閉じる前の古い一時ファイル {0} があります（古いファイルを戻したときなどに残ったもの）。このまま開くと閉じたあとの記録が古い内容に戻るため、開きませんでした（ファイルは変更していません）。窓口を使っている他のPCやプログラムがないことを確かめてから、この一時ファイルを別のフォルダへ移して開き直してください")]
    StaleWal(String),
    #[error("データベースの整合性検査で異常が見つかりました（{0}）。壊れたまま書き込まないよう、開かずに終了しました（ファイルは変更していません）。バックアップから戻してください")]
    IntegrityFailed(String),
    #[error("データベースのバージョン（{database}）がこのプログラム（{program}）より新しいため開けません。プログラムを更新してください")]
    DatabaseTooNew { database: u32, program: u32 },
    #[error("データベースの変更履歴（{0}）がこのプログラムと一致しません")]
    MigrationMismatch(u32),
    #[error("データベースの更新（{0}）に失敗しました: {1}")]
    MigrationFailed(u32, String),
    #[error("{message}")]
    Backup { code: &'static str, message: String },
    #[error("{0}")]
    InUse(String),
    #[error("{0}が見つかりません")]
    NotFound(String),
    #[error("{0}")]
    Conflict(String),
    #[error("操作ログの書き込みに失敗しました: {0}")]
    Audit(String),
    #[error("ファイルの読み書きに失敗しました: {0}")]
    Io(String),
    #[error("データベースの処理に失敗しました: {0}")]
    Sqlite(#[from] rusqlite::Error),
}

impl StoreError {
    pub fn code(&self) -> &'static str {
        match self {
            StoreError::DatabaseMissing(_) => "STORE_DB_MISSING",
            StoreError::DatabaseExists(_) => "STORE_DB_EXISTS",
            StoreError::NoKeyFile(_) => "STORE_NO_KEY_FILE",
            StoreError::KeyFileDamaged => "STORE_KEY_FILE_DAMAGED",
            StoreError::KeyFileTooNew => "STORE_KEY_FILE_TOO_NEW",
            StoreError::NotEncrypted => "STORE_NOT_ENCRYPTED",
            StoreError::Damaged(_) => "STORE_DAMAGED",
            StoreError::NotOurDatabase => "STORE_NOT_OUR_DATABASE",
            StoreError::DatabaseTooNew { .. } => "STORE_DB_TOO_NEW",
            StoreError::ForeignWal(_) => "STORE_FOREIGN_WAL",
            StoreError::StaleWal(_) => "STORE_STALE_WAL",
            StoreError::IntegrityFailed(_) => "STORE_INTEGRITY_FAILED",
            StoreError::MigrationMismatch(_) => "STORE_MIGRATION_MISMATCH",
            StoreError::MigrationFailed(..) => "STORE_MIGRATION_FAILED",
            StoreError::Backup { code, .. } => code,
            StoreError::InUse(_) => "STORE_IN_USE",
            StoreError::NotFound(_) => "NOT_FOUND",
            StoreError::Conflict(_) => "CONFLICT",
            StoreError::Audit(_) => "AUDIT_WRITE_FAILED",
            StoreError::Io(_) => "IO",
            StoreError::Sqlite(_) => "STORE_SQLITE",
        }
    }
}

pub type Result<T, E = StoreError> = std::result::Result<T, E>;

/// An open, unlocked database.
pub struct Store {
    conn: Connection,
    path: PathBuf,
    key: DbKey,
    db_id: String,
    index: SearchIndex,
    /// Held (shared) while this store is open: tells the next opener whether a WAL beside the
    /// file belongs to a running process or was left behind (or planted).
    _open_lock: fs::File,
}

/// What a use case writes through: one transaction, with the acting user and the time fixed for
/// every row and audit entry it writes.
pub struct Tx<'a> {
    tx: rusqlite::Transaction<'a>,
    actor: String,
    now: String,
    touched_households: BTreeSet<i64>,
}

impl<'a> Tx<'a> {
    pub fn conn(&self) -> &Connection {
        &self.tx
    }
    pub fn actor(&self) -> &str {
        &self.actor
    }
    pub fn now(&self) -> &str {
        &self.now
    }
    /// Append an audit entry inside this transaction: if the change rolls back, so does its entry.
    pub fn audit(
        &mut self,
        action: &str,
        target_kind: Option<&str>,
        target_id: Option<&str>,
        detail: serde_json::Value,
    ) -> Result<i64> {
        crate::audit::append(
            &self.tx,
            &crate::audit::NewEntry {
                at: &self.now,
                user_id: &self.actor,
                action,
                target_kind,
                target_id,
                detail,
            },
        )
        .map_err(|e| StoreError::Audit(e.to_string()))
    }
    /// Mark a household whose members or header changed, so the search index is refreshed after
    /// the commit (and not at all if the transaction rolls back).
    pub fn touch_household(&mut self, id: i64) {
        self.touched_households.insert(id);
    }
}

fn open_flags() -> OpenFlags {
    OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_NO_MUTEX | OpenFlags::SQLITE_OPEN_URI
}

fn configure(conn: &Connection) -> Result<()> {
    // Temp tables and sort spills stay in memory: SQLCipher encrypts the database and the WAL, but
    // a temp file on disk would be one more place a name could leak.
    conn.execute_batch(
        "PRAGMA temp_store = MEMORY;
         PRAGMA foreign_keys = ON;
         PRAGMA cache_size = -65536;
         PRAGMA busy_timeout = 5000;",
    )?;
    // Freed pages are zeroed: a My Number sealed over its old plaintext leaves no copy behind.
    conn.pragma_update(None, "secure_delete", "ON")?;
    conn.pragma_update(None, "journal_mode", "WAL")?;
    // FULL: a committed benefit change survives a power cut.
    conn.pragma_update(None, "synchronous", "FULL")?;
    Ok(())
}

/// Errors while first reading a file mean "not ours" or "damaged", never a raw SQLite message.
fn open_error(e: rusqlite::Error) -> StoreError {
    match &e {
        rusqlite::Error::SqliteFailure(f, _) => match f.code {
            rusqlite::ErrorCode::NotADatabase => StoreError::NotOurDatabase,
            rusqlite::ErrorCode::DatabaseCorrupt => StoreError::Damaged("内容を読めません".into()),
            _ => StoreError::Sqlite(e),
        },
        _ => StoreError::Sqlite(e),
    }
}

/// SQLite and SQLCipher initialised once for the process, before any connection. In the
/// amalgamation `sqlite3_initialize()` marks SQLite initialised and only then runs SQLCipher's
/// own set-up (`sqlcipher_extra_init`) outside its mutex, so a second thread opening at process
/// start could see SQLite ready and SQLCipher not: its key pragma then failed ("An error occurred
/// with PRAGMA key or rekey", `sqlcipherCodecAttach: sqlcipher not initialized`). Here one
/// thread runs the whole initialisation while any other blocks on the lock.
static SQLCIPHER_READY: std::sync::OnceLock<i32> = std::sync::OnceLock::new();

fn sqlcipher_ready() -> Result<()> {
    // SAFETY: sqlite3_initialize takes no arguments and is safe to call from any thread; the
    // OnceLock makes every other thread wait until the first call has returned.
    let rc = *SQLCIPHER_READY.get_or_init(|| unsafe { rusqlite::ffi::sqlite3_initialize() });
    if rc == rusqlite::ffi::SQLITE_OK {
        Ok(())
    } else {
        Err(StoreError::Io(format!(
            "データベースの暗号化機能を初期化できませんでした（SQLite {rc}）"
        )))
    }
}

/// Open a connection to `path` and give it the key. (A wrong key is not an error here: the
/// pragma succeeds and the first read fails with NotADatabase, which the callers report.)
/// Public for tests/sqlcipher_init.rs; the store opens every connection through it.
pub fn open_keyed(path: &Path, flags: OpenFlags, key: &DbKey) -> Result<Connection> {
    sqlcipher_ready()?;
    let conn = Connection::open_with_flags(path, flags)?;
    // SQLCipher otherwise writes English diagnostics to stderr on a wrong key; the caller reports
    // the failure in Japanese instead.
    let _ = conn.execute_batch("PRAGMA cipher_log_level = NONE;");
    conn.pragma_update(None, "key", key.sqlcipher_pragma())?;
    Ok(conn)
}

/// Refuse a file that cannot be ours before SQLCipher ever opens it.
pub fn check_file(path: &Path) -> Result<()> {
    let meta = match fs::metadata(path) {
        Ok(m) => m,
        Err(_) => return Err(StoreError::DatabaseMissing(path.display().to_string())),
    };
    let len = meta.len();
    let mut head = [0u8; 16];
    if len >= 16 {
        fs::File::open(path)
            .and_then(|mut f| f.read_exact(&mut head))
            .map_err(|e| StoreError::Io(e.to_string()))?;
        if &head == PLAINTEXT_HEADER {
            return Err(StoreError::NotEncrypted);
        }
    }
    if len < PAGE_SIZE || len % PAGE_SIZE != 0 {
        return Err(StoreError::Damaged(format!("大きさ {len} バイト")));
    }
    Ok(())
}

impl Store {
    /// Create a new office database with its side file and the first administrator's key slot.
    /// Refuses to touch an existing file.
    pub fn create(path: &Path, first_user: &str, password: &str, now: &str) -> Result<Store> {
        let keys = side_file_path(path);
        if path.exists() {
            return Err(StoreError::DatabaseExists(path.display().to_string()));
        }
        if keys.exists() {
            return Err(StoreError::DatabaseExists(keys.display().to_string()));
        }
        if let Some(dir) = path.parent() {
            if !dir.as_os_str().is_empty() {
                fs::create_dir_all(dir).map_err(|e| StoreError::Io(e.to_string()))?;
            }
        }
        let key = DbKey::generate();
        let db_id = hex::encode(DbKey::generate().0)[..32].to_string();
        // This machine's cost for a guess, measured once here (`store::kdf`).
        let cost = kdf::calibrate();
        let mut kf = KeyFile::new(db_id.clone());
        kf.put_slot(keyslots::new_slot(
            &db_id, first_user, password, &key, cost,
        )?);
        let first_fingerprint = keyslots::fingerprint(kf.slot(first_user).expect("just set"));

        let (open_lock, _) = wal_guard::acquire(path)?;
        let conn = open_keyed(path, open_flags() | OpenFlags::SQLITE_OPEN_CREATE, &key)?;
        conn.pragma_update(None, "cipher_page_size", PAGE_SIZE as i64)?;
        configure(&conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            key,
            db_id: db_id.clone(),
            index: SearchIndex::default(),
            _open_lock: open_lock,
        };
        wal_guard::mark_open(path, &store._open_lock)?;
        migrate::migrate(&mut store.conn, now)?;
        store.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('db_id', ?1)",
            [&db_id],
        )?;
        store.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('created_at', ?1)",
            [now],
        )?;
        store.set_kdf_target(&cost)?;
        store.bind_slot(first_user, &first_fingerprint, now)?;
        // The side file is written last: a crash before this leaves a database nobody can open,
        // which `create` then refuses to overwrite — loud, not silent.
        kf.save_new(&keys)?;
        Ok(store)
    }

    /// Open with a database key already unwrapped from a slot. Never modifies a file it refuses.
    pub fn open(path: &Path, key: DbKey, key_file: &KeyFile, now: &str) -> Result<Store> {
        check_file(path)?;
        let (open_lock, first) = wal_guard::acquire(path)?;
        // Nobody else has the file open: a WAL beside it was left by a crash, restored from
        // another time or planted. Whether it belongs is tried on a private copy, because once
        // SQLite has seen a WAL it folds it into the file when the connection closes.
        if first {
            wal_guard::check_leftover_wal(path, &key, &key_file.db_id)?;
        }
        let conn = open_keyed(path, open_flags(), &key)?;
        // The first read is where a wrong key or a foreign file shows.
        let probe: std::result::Result<i64, _> =
            conn.query_row("SELECT count(*) FROM sqlite_master", [], |r| r.get(0));
        match probe {
            Ok(_) => {}
            Err(e) => return Err(open_error(e)),
        }
        let db_id: Option<String> =
            match conn.query_row("SELECT value FROM meta WHERE key = 'db_id'", [], |r| {
                r.get(0)
            }) {
                Ok(v) => Some(v),
                Err(rusqlite::Error::QueryReturnedNoRows) => None,
                Err(rusqlite::Error::SqliteFailure(e, m))
                    if e.code == rusqlite::ErrorCode::Unknown =>
                {
                    // No meta table: some other encrypted database that happens to share the key format.
                    let _ = m;
                    None
                }
                Err(e) => return Err(open_error(e)),
            };
        if db_id.as_deref() != Some(key_file.db_id.as_str()) {
            return Err(StoreError::NotOurDatabase);
        }
        // A cleanly closed database has no WAL; then the file must hold every page it claims.
        let wal = {
            let mut w = path.as_os_str().to_owned();
            w.push("-wal");
            PathBuf::from(w)
        };
        if !wal.exists() {
            let pages: i64 = conn
                .query_row("PRAGMA page_count", [], |r| r.get(0))
                .map_err(open_error)?;
            let len = fs::metadata(path)
                .map_err(|e| StoreError::Io(e.to_string()))?
                .len();
            if (pages as u64) * PAGE_SIZE > len {
                return Err(StoreError::Damaged(format!(
                    "{} ページ中 {} ページしかありません",
                    pages,
                    len / PAGE_SIZE
                )));
            }
        }
        // A damaged file is written to by nobody — not even the login's audit entry.
        if first {
            wal_guard::quick_check(&conn)?;
        }
        configure(&conn)?;
        let mut store = Store {
            conn,
            path: path.to_path_buf(),
            key,
            db_id: key_file.db_id.clone(),
            index: SearchIndex::default(),
            _open_lock: open_lock,
        };
        wal_guard::mark_open(path, &store._open_lock)?;
        let have = migrate::current_version(&store.conn)?;
        if have > 0 && have < migrate::latest_version() {
            upgrade::backup_before_upgrade(&store.conn, path, have, now)?;
        }
        migrate::migrate(&mut store.conn, now)?;
        if first {
            wal_guard::begin_session(&store.conn)?;
        }
        Ok(store)
    }

    /// A second connection to this database with the key this one holds: a background job's
    /// own (`service::jobs`), so a long job never shares a connection with the session.
    pub fn reopen(&self) -> Result<Store> {
        // Its own shared open lock: the file stays "open" while the job runs, even after the
        // session that started it has closed.
        let (open_lock, _) = wal_guard::acquire(&self.path)?;
        let conn = open_keyed(&self.path, open_flags(), &self.key)?;
        configure(&conn)?;
        Ok(Store {
            conn,
            path: self.path.clone(),
            key: self.key.clone(),
            db_id: self.db_id.clone(),
            index: SearchIndex::default(),
            _open_lock: open_lock,
        })
    }

    pub fn path(&self) -> &Path {
        &self.path
    }
    pub fn keys_path(&self) -> PathBuf {
        side_file_path(&self.path)
    }
    pub fn db_id(&self) -> &str {
        &self.db_id
    }

    /// Read-only access for queries. Writes must go through [`Store::write`].
    pub fn conn(&self) -> &Connection {
        &self.conn
    }

    /// Run `f` as one immediate transaction acting as `actor` at `now`.
    pub fn write<T, E>(
        &mut self,
        actor: &str,
        now: &str,
        f: impl FnOnce(&mut Tx<'_>) -> std::result::Result<T, E>,
    ) -> std::result::Result<T, E>
    where
        E: From<StoreError>,
    {
        let (out, touched) = {
            let tx = self
                .conn
                .transaction_with_behavior(TransactionBehavior::Immediate)
                .map_err(StoreError::from)?;
            let mut t = Tx {
                tx,
                actor: actor.to_string(),
                now: now.to_string(),
                touched_households: BTreeSet::new(),
            };
            let out = f(&mut t)?;
            let Tx {
                tx,
                touched_households,
                ..
            } = t;
            tx.commit().map_err(StoreError::from)?;
            (out, touched_households)
        };
        if self.index.is_loaded() {
            self.index
                .refresh(&self.conn, &touched)
                .map_err(StoreError::from)?;
        }
        Ok(out)
    }

    /// The counter-search index, loaded on first use.
    pub fn search_index(&mut self) -> Result<&SearchIndex> {
        if !self.index.is_loaded() {
            self.index.load(&self.conn)?;
        }
        Ok(&self.index)
    }

    /// The Argon2 cost new slots get: the one calibrated for this office (`store::kdf`).
    /// `None` for a database from before calibration (the next login calibrates).
    pub fn kdf_target(&self) -> Result<Option<kdf::Cost>> {
        let v: Option<String> = self
            .conn
            .query_row("SELECT value FROM meta WHERE key = 'kdf_target'", [], |r| {
                r.get(0)
            })
            .optional()?;
        Ok(v.as_deref().and_then(kdf::parse))
    }

    /// Record the cost new slots get (and older slots are raised to at their next login).
    pub fn set_kdf_target(&self, cost: &kdf::Cost) -> Result<()> {
        if !cost.in_bounds() || (cost.weaker_than(&kdf::FLOOR) && !kdf::test_cheap()) {
            return Err(StoreError::Conflict(format!(
                "鍵の強度 {} は下限 {} より弱いため設定できません",
                cost.label(),
                kdf::FLOOR.label()
            )));
        }
        self.conn.execute(
            "INSERT INTO meta (key, value) VALUES ('kdf_target', ?1)
             ON CONFLICT(key) DO UPDATE SET value = ?1",
            [kdf::format(cost)],
        )?;
        Ok(())
    }

    fn slot_cost(&self) -> Result<kdf::Cost> {
        Ok(self.kdf_target()?.unwrap_or_else(kdf::fallback))
    }

    /// Add or replace a user's key slot (new account or reset). The slot is made first (slow),
    /// then swapped in (see [`Store::replace_slot`]).
    pub fn set_key_slot(&self, user_id: &str, password: &str) -> Result<()> {
        let slot =
            keyslots::new_slot(&self.db_id, user_id, password, &self.key, self.slot_cost()?)?;
        self.replace_slot(slot)
    }

    /// The account's own new password (or its slot raised at login): a new slot, wrapping the
    /// My Number key too when the session holds it. Returns the new password-derived key.
    pub fn set_own_key_slot(
        &self,
        user_id: &str,
        password: &str,
        reveal: Option<&reveal::RevealKey>,
    ) -> Result<keyslots::Kek> {
        let (slot, kek) = keyslots::new_slot_with_reveal(
            &self.db_id,
            user_id,
            password,
            &self.key,
            reveal,
            self.slot_cost()?,
        )?;
        self.replace_slot(slot)?;
        Ok(kek)
    }

    /// Swap one account's slot in, only that slot, so that a crash at any moment leaves one of
    /// the two working: the database first accepts the new slot's fingerprint besides the old
    /// (`key_slots.pending`), then the side file takes the new slot, then the old fingerprint
    /// goes. A login that finds the pending one in the side file finishes the swap.
    fn replace_slot(&self, slot: keyslots::Slot) -> Result<()> {
        let fp = keyslots::fingerprint(&slot);
        let now = crate::clock::office_time(chrono::Utc::now())
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        let user_id = slot.user_id.clone();
        let existing = self.conn.execute(
            "UPDATE key_slots SET pending = ?2, updated_at = ?3 WHERE user_id = ?1",
            rusqlite::params![user_id, fp, now],
        )?;
        if existing == 0 {
            self.bind_slot(&user_id, &fp, &now)?;
        }
        keyslots::update(&self.keys_path(), |kf| {
            kf.put_slot(slot);
            Ok(())
        })?;
        self.bind_slot(&user_id, &fp, &now)
    }

    /// Put the My Number key into `user_id`'s slot — only into the slot the database recorded
    /// for them, so a slot planted meanwhile never receives it.
    pub fn give_reveal_key(
        &self,
        user_id: &str,
        kek: &keyslots::Kek,
        key: &reveal::RevealKey,
    ) -> Result<()> {
        let recorded: Option<String> = self
            .conn
            .query_row(
                "SELECT fingerprint FROM key_slots WHERE user_id = ?1",
                [user_id],
                |r| r.get(0),
            )
            .optional()?;
        let wrapped = keyslots::wrap_reveal(&self.db_id, user_id, kek, key);
        keyslots::update(&self.keys_path(), |kf| {
            let slot = kf
                .slots
                .iter_mut()
                .find(|s| s.user_id == user_id)
                .ok_or_else(|| StoreError::NotFound("鍵スロット".into()))?;
            if recorded.as_deref() != Some(keyslots::fingerprint(slot).as_str()) {
                return Err(StoreError::Conflict(
                    "鍵ファイルのこのアカウントの鍵が登録と一致しません".into(),
                ));
            }
            slot.reveal = Some(wrapped);
            Ok(())
        })
    }

    /// Remove a user's key slot: that password no longer opens the database, and a copy of the
    /// slot put back into the side file later is refused.
    pub fn remove_key_slot(&self, user_id: &str) -> Result<bool> {
        self.conn
            .execute("DELETE FROM key_slots WHERE user_id = ?1", [user_id])?;
        keyslots::update(&self.keys_path(), |kf| Ok(kf.remove_slot(user_id)))
    }

    fn bind_slot(&self, user_id: &str, fingerprint: &str, now: &str) -> Result<()> {
        self.conn.execute(
            "INSERT INTO key_slots (user_id, fingerprint, updated_at) VALUES (?1, ?2, ?3)
             ON CONFLICT(user_id) DO UPDATE SET fingerprint = ?2, pending = NULL, updated_at = ?3",
            rusqlite::params![user_id, fingerprint, now],
        )?;
        Ok(())
    }

    /// Is `slot` the one the database recorded for its user? A database from before the binding
    /// existed has no rows at all: then every current slot is recorded as found (once).
    pub fn slot_is_bound(&self, slot: &keyslots::Slot, kf: &KeyFile, now: &str) -> Result<bool> {
        let any: i64 = self
            .conn
            .query_row("SELECT count(*) FROM key_slots", [], |r| r.get(0))?;
        if any == 0 {
            for s in &kf.slots {
                self.bind_slot(&s.user_id, &keyslots::fingerprint(s), now)?;
            }
        }
        let recorded: Option<(String, Option<String>)> = self
            .conn
            .query_row(
                "SELECT fingerprint, pending FROM key_slots WHERE user_id = ?1",
                [&slot.user_id],
                |r| Ok((r.get(0)?, r.get(1)?)),
            )
            .optional()?;
        let fp = keyslots::fingerprint(slot);
        Ok(match recorded {
            Some((f, _)) if f == fp => true,
            // A slot swap interrupted after the side file took the new slot: finish it.
            Some((_, Some(p))) if p == fp => {
                self.bind_slot(&slot.user_id, &fp, now)?;
                true
            }
            _ => false,
        })
    }

    /// Take this store's open lock exclusively, without waiting: `false` when another store
    /// (another window, the CLI, a background job) has the database open.
    pub fn try_exclusive(&self) -> bool {
        wal_guard::upgrade(&self._open_lock)
    }

    /// The My Number key's check value (`meta.reveal_check`), if the office has the key.
    pub fn reveal_check(&self) -> Result<Option<String>> {
        Ok(self
            .conn
            .query_row(
                "SELECT value FROM meta WHERE key = 'reveal_check'",
                [],
                |r| r.get(0),
            )
            .optional()?)
    }

    /// Fold the WAL back into the main file (used before a backup copy, and by tests).
    pub fn checkpoint(&self) -> Result<()> {
        self.conn
            .execute_batch("PRAGMA wal_checkpoint(TRUNCATE);")?;
        Ok(())
    }
}

impl Drop for Store {
    /// The last store to close leaves the file cleanly closed (`wal_guard`).
    fn drop(&mut self) {
        wal_guard::close_session(&self.path, &self.conn, &self._open_lock);
    }
}

#[cfg(test)]
mod open_keyed_tests {
    use super::*;

    fn flags() -> OpenFlags {
        open_flags() | OpenFlags::SQLITE_OPEN_CREATE
    }

    #[test]
    fn the_real_key_step_opens_an_encrypted_database() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let key = DbKey::generate();
        let c = open_keyed(&path, flags(), &key).unwrap();
        c.execute_batch("CREATE TABLE t (x); INSERT INTO t VALUES (1);")
            .unwrap();
        drop(c);
        let c = open_keyed(&path, flags(), &key).unwrap();
        assert_eq!(
            c.query_row("SELECT x FROM t", [], |r| r.get::<_, i64>(0))
                .unwrap(),
            1
        );
        drop(c);
        // Another key: the pragma succeeds, the first read refuses.
        let c = open_keyed(&path, flags(), &DbKey::generate()).unwrap();
        assert!(c
            .query_row("SELECT count(*) FROM sqlite_master", [], |r| r
                .get::<_, i64>(0))
            .is_err());
    }
}
