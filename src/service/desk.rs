//! The desk: the database one window works on, the session if someone is logged in, and the
//! background jobs.
//!
//! The desktop shell (and the dev bridge, and tests) hold one [`Desk`] — it is `Sync`, calls
//! take `&self` — and send every call to [`Desk::call`]; the method list itself is in
//! [`super::rpc`]. Calls on the session are short and take turns on its lock; long work runs as
//! a job (`service::jobs`) on its own connection, so the session stays free for the other
//! screens (search answers while a bulk re-decision runs).
//!
//! A call that fails, even by a panic, leaves the desk usable: the panic is caught inside the
//! lock (so the lock is never poisoned), the call answers `INTERNAL_PANIC`, and whatever it had
//! begun to write rolls back with its transaction.

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};

use serde_json::Value;

use super::firstrun::{self, CreateOfficeInput, LocalConfig, SetupStatus, SetupStep};
use super::jobs::JobRunner;
use super::rpc::{self, RpcError};
use super::views::AppInfo;
use super::{App, Clock, PrinterFactory, ServiceError};
use crate::domain::office::OfficeSettings;
use crate::service::views::SessionInfo;

/// The state behind the door: which database, who is logged in, and when they last acted.
pub struct Session {
    db: PathBuf,
    clock: Clock,
    app: Option<App>,
    /// The print path each session gets (CUPS unless replaced).
    printer: PrinterFactory,
    /// Where 「保存」 writes; `None` = the user's documents folder + 窓口.
    documents_dir: Option<PathBuf>,
    /// When the UI last asked for something: the core locks an idle session itself, so a UI
    /// whose timer was bypassed or frozen still cannot read past the idle limit.
    last_activity: Option<chrono::DateTime<chrono::FixedOffset>>,
    /// The desk's job runner (shared with [`Desk`]).
    pub(crate) jobs: Arc<JobRunner>,
    /// The desktop app's single-instance claim (`store::instance`): `Err` when another app
    /// already holds this database — every login then says so.
    instance: Option<Result<crate::store::instance::InstanceLock, String>>,
    /// Where the first-run setup writes this PC's choice of database (`None`: nowhere, tests).
    config_path: Option<PathBuf>,
}

impl Session {
    /// The first-run setup chose another database: the app's single-instance claim moves to it.
    fn reclaim_instance(&mut self) {
        if self.instance.is_some() {
            self.instance = None; // the old claim is released before the new one is taken
            self.instance =
                Some(crate::store::instance::claim_app(&self.db).map_err(|e| e.to_string()));
        }
    }

    fn new(db: PathBuf, clock: Clock, jobs: Arc<JobRunner>) -> Session {
        Session {
            db,
            clock,
            app: None,
            last_activity: None,
            printer: super::system_printer(),
            documents_dir: None,
            jobs,
            instance: None,
            config_path: None,
        }
    }

    /// Refuses every setup method once a database exists where this desk looks.
    fn require_setup_needed(&self) -> Result<(), RpcError> {
        if firstrun::is_needed(&self.db) {
            Ok(())
        } else {
            Err(ServiceError::Refused {
                code: "SETUP_DONE",
                message: "このPCの初回設定は済んでいます（事務所のデータベースがあります）".into(),
            }
            .into())
        }
    }

    pub(crate) fn setup_status(&self) -> Result<SetupStatus, RpcError> {
        Ok(firstrun::status(&self.db))
    }

    pub(crate) fn setup_validate(
        &self,
        input: &CreateOfficeInput,
        upto: SetupStep,
    ) -> Result<OfficeSettings, RpcError> {
        self.require_setup_needed()?;
        Ok(firstrun::validate(input, upto)?.office)
    }

    /// Save where the database is before creating it: if creating then fails, the next start
    /// finds no database there and offers the setup again.
    fn save_config(&self, config: &LocalConfig) -> Result<(), RpcError> {
        if let Some(p) = &self.config_path {
            config.save(p).map_err(|message| ServiceError::Refused {
                code: "SETUP_FOLDERS",
                message,
            })?;
        }
        Ok(())
    }

    /// Creates the office and logs its first administrator in.
    pub(crate) fn setup_create_office(
        &mut self,
        input: &CreateOfficeInput,
    ) -> Result<SessionInfo, RpcError> {
        self.require_setup_needed()?;
        let checked = firstrun::validate(input, SetupStep::Folders)?;
        self.save_config(&checked.config())?;
        let (app, config) = firstrun::create_office(input, &self.clock)?;
        self.adopt(app, config)
    }

    /// 「バックアップから復元する」: restores into the chosen folder and logs its administrator in.
    pub(crate) fn setup_restore(
        &mut self,
        input: &firstrun::RestoreOfficeInput,
    ) -> Result<SessionInfo, RpcError> {
        self.require_setup_needed()?;
        self.save_config(&firstrun::check_restore(input)?)?;
        let (app, config) = firstrun::restore_office(input, &self.clock)?;
        self.adopt(app, config)
    }

    /// The database the wizard made or restored is this desk's, its administrator logged in.
    fn adopt(&mut self, mut app: App, config: LocalConfig) -> Result<SessionInfo, RpcError> {
        app.set_printer((self.printer)());
        app.set_documents_dir(self.documents_dir.clone());
        let info = app.session_info()?;
        self.db = config.database;
        self.reclaim_instance();
        self.app = Some(app);
        self.last_activity = Some((self.clock)());
        Ok(info)
    }

    /// Makes an existing database this PC's; the login follows.
    pub(crate) fn setup_open_existing(&mut self, path: &str) -> Result<AppInfo, RpcError> {
        self.require_setup_needed()?;
        let db = firstrun::check_existing(path)?;
        let backup_dir = self
            .config_path
            .as_deref()
            .and_then(|p| LocalConfig::load(p).ok().flatten())
            .and_then(|c| c.backup_dir);
        self.save_config(&LocalConfig {
            database: db.clone(),
            backup_dir,
        })?;
        self.db = db;
        self.reclaim_instance();
        self.app_info()
    }

    /// The logged-in, usable session's user id (for the jobs it may see).
    pub(crate) fn job_owner(&mut self) -> Result<String, RpcError> {
        let app = self.app()?;
        app.require_session()?;
        Ok(app.user().user_id.clone())
    }

    /// The logged-in session, or `AUTH_NOT_LOGGED_IN`.
    pub(crate) fn app(&mut self) -> Result<&mut App, RpcError> {
        self.app
            .as_mut()
            .ok_or_else(|| ServiceError::NotLoggedIn.into())
    }

    /// Lock the session if it has been idle longer than the office allows.
    fn enforce_idle_lock(&mut self, method: &str) -> Result<(), RpcError> {
        let now = (self.clock)();
        let exempt = matches!(
            method,
            "app_info" | "login" | "logout" | "unlock" | "parse_date" | "today"
        );
        if let (Some(app), Some(last), false) = (self.app.as_mut(), self.last_activity, exempt) {
            let limit = app
                .session_info()
                .map(|s| s.idle_lock_minutes)
                .unwrap_or(10) as i64;
            if !app.is_locked() && now - last > chrono::Duration::minutes(limit) {
                app.lock()?;
            }
        }
        // A login or unlock counts as activity only once it succeeded (below): a failed or
        // malformed one must not keep an unattended session from locking.
        if !matches!(
            method,
            "app_info" | "parse_date" | "today" | "login" | "unlock"
        ) {
            self.last_activity = Some(now);
        }
        Ok(())
    }

    /// The office's date (日本標準時), for the screens' default dates.
    pub(crate) fn today(&self) -> crate::service::views::ParsedDate {
        crate::clock::now(&self.clock).date_naive().into()
    }

    pub(crate) fn app_info(&self) -> Result<AppInfo, RpcError> {
        let office_name = self
            .app
            .as_ref()
            .and_then(|a| crate::store::office::get(a.store().conn()).ok().flatten())
            .map(|o| o.office_name);
        let is_demo =
            crate::store::keyslots::KeyFile::load(&crate::store::side_file_path(&self.db))
                .map(|kf| kf.slot(crate::demo::DEMO_ADMIN).is_some())
                .unwrap_or(false);
        Ok(AppInfo {
            version: crate::VERSION.into(),
            db_path: self.db.display().to_string(),
            office_name,
            is_demo,
            setup_needed: self.app.is_none() && firstrun::is_needed(&self.db),
        })
    }

    /// A new login replaces whatever session there was.
    pub(crate) fn login(&mut self, user_id: &str, password: &str) -> Result<SessionInfo, RpcError> {
        if let Some(Err(msg)) = &self.instance {
            return Err(RpcError::new("STORE_IN_USE", msg.clone()));
        }
        if let Some(old) = self.app.take() {
            let _ = old.logout();
        }
        let mut app = App::login_with_clock(&self.db, user_id, password, self.clock.clone())?;
        app.set_printer((self.printer)());
        app.set_documents_dir(self.documents_dir.clone());
        // The first start of the day makes the daily backup; a failure is shown on the home
        // screen, never in the way of the login.
        if let Err(e) = app.daily_backup_if_due() {
            tracing::warn!("daily backup failed: {e}");
        }
        let info = app.session_info()?;
        self.app = Some(app);
        Ok(info)
    }

    pub(crate) fn logout(&mut self) -> Result<(), RpcError> {
        if let Some(app) = self.app.take() {
            app.logout()?;
        }
        Ok(())
    }

    fn call(&mut self, method: &str, params: &Value) -> Result<Value, RpcError> {
        self.enforce_idle_lock(method)?;
        if let Some(app) = self.app.as_mut() {
            app.set_call_context(method, call_target(params));
        }
        let r = rpc::dispatch(self, method, params);
        match &r {
            Ok(_) if matches!(method, "login" | "unlock") => {
                self.last_activity = Some((self.clock)())
            }
            Err(e) => {
                if let Some(app) = self.app.as_mut() {
                    app.record_if_rule_refusal(&e.code, &e.message);
                }
            }
            _ => {}
        }
        r
    }
}

/// What a call is about, from its params: the first ID it names.
fn call_target(params: &Value) -> Option<(String, String)> {
    for (key, kind) in [
        ("decision_id", "decision"),
        ("job_id", "document"),
        ("person_id", "person"),
        ("household_id", "household"),
        ("application_id", "application"),
        ("user_id", "user"),
    ] {
        if let Some(v) = params.get(key).filter(|v| v.is_number() || v.is_string()) {
            let id = v
                .as_str()
                .map(str::to_string)
                .unwrap_or_else(|| v.to_string());
            return Some((kind.to_string(), id.chars().take(64).collect()));
        }
    }
    params.get("job_ids").map(|v| {
        (
            "document".to_string(),
            v.to_string().chars().take(64).collect(),
        )
    })
}

/// The one door: `call(method, params)` → JSON, or `{code, message}`.
pub struct Desk {
    session: Mutex<Session>,
    jobs: Arc<JobRunner>,
}

/// What a call that panicked answers.
fn panic_error() -> RpcError {
    RpcError::new("INTERNAL_PANIC", "内部エラーのため、この操作は完了しませんでした（変更は保存されていません）。もう一度お試しください")
}

impl Desk {
    pub fn new(db: PathBuf, clock: Clock) -> Desk {
        let jobs = Arc::new(JobRunner::new());
        Desk {
            session: Mutex::new(Session::new(db, clock, jobs.clone())),
            jobs,
        }
    }

    /// The desktop app's desk: claims the database for this process (`store::instance`). A second
    /// app on the same database gets a desk whose every login is refused with the reason.
    pub fn for_app(db: PathBuf, clock: Clock) -> Desk {
        let claim = crate::store::instance::claim_app(&db).map_err(|e| e.to_string());
        let desk = Desk::new(db, clock);
        desk.lock().instance = Some(claim);
        desk
    }

    /// The session, even after a panic elsewhere: every call catches its own panic inside the
    /// lock, so a poisoned lock can only come from outside `call`; its state is then taken over.
    fn lock(&self) -> MutexGuard<'_, Session> {
        self.session.lock().unwrap_or_else(|p| p.into_inner())
    }

    /// Run `f` on the session the way every call runs: one at a time, a panic caught and
    /// answered as `INTERNAL_PANIC`.
    pub fn with_session<T>(
        &self,
        f: impl FnOnce(&mut Session) -> Result<T, RpcError>,
    ) -> Result<T, RpcError> {
        let mut s = self.lock();
        match catch_unwind(AssertUnwindSafe(|| f(&mut s))) {
            Ok(r) => r,
            Err(_) => {
                tracing::error!("a call panicked; the desk answered INTERNAL_PANIC");
                Err(panic_error())
            }
        }
    }

    /// Give every later session this print path (tests: fake CUPS tools).
    pub fn set_printer_factory(&self, printer: PrinterFactory) {
        let mut s = self.lock();
        s.printer = printer.clone();
        if let Some(app) = s.app.as_mut() {
            app.set_printer(printer());
        }
    }

    /// Where the first-run setup records this PC's database (the app: the platform's
    /// configuration folder; tests: a temporary file; unset: nowhere).
    pub fn set_config_path(&self, path: Option<PathBuf>) {
        self.lock().config_path = path;
    }

    /// Save PDFs into `dir` instead of the user's documents folder + 窓口.
    pub fn set_documents_dir(&self, dir: Option<PathBuf>) {
        let mut s = self.lock();
        s.documents_dir = dir.clone();
        if let Some(app) = s.app.as_mut() {
            app.set_documents_dir(dir);
        }
    }

    pub fn is_logged_in(&self) -> bool {
        self.lock().app.is_some()
    }

    /// The job runner (the dev bridge and tests look at it directly).
    pub fn jobs(&self) -> &JobRunner {
        &self.jobs
    }

    pub fn call(&self, method: &str, params: &Value) -> Result<Value, RpcError> {
        self.with_session(|s| s.call(method, params))
    }
}
