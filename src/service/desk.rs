//! The desk: the database one window works on, and the session if someone is logged in.
//!
//! The desktop shell (and the dev bridge, and tests) hold one [`Desk`] and send every call to
//! [`Desk::call`]; the method list itself is in [`super::rpc`].

use std::path::PathBuf;

use serde_json::Value;

use super::rpc::{self, RpcError};
use super::views::AppInfo;
use super::{App, Clock, PrinterFactory, ServiceError};
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
}

impl Session {
    fn new(db: PathBuf, clock: Clock) -> Session {
        Session {
            db,
            clock,
            app: None,
            last_activity: None,
            printer: super::system_printer(),
            documents_dir: None,
        }
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
            "app_info" | "login" | "logout" | "unlock" | "parse_date"
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
        if !matches!(method, "app_info" | "parse_date") {
            self.last_activity = Some(now);
        }
        Ok(())
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
        })
    }

    /// A new login replaces whatever session there was.
    pub(crate) fn login(&mut self, user_id: &str, password: &str) -> Result<SessionInfo, RpcError> {
        if let Some(old) = self.app.take() {
            let _ = old.logout();
        }
        let mut app = App::login_with_clock(&self.db, user_id, password, self.clock.clone())?;
        app.set_printer((self.printer)());
        app.set_documents_dir(self.documents_dir.clone());
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
        rpc::dispatch(self, method, params)
    }
}

/// The one door: `call(method, params)` → JSON, or `{code, message}`.
pub struct Desk {
    session: Session,
}

impl Desk {
    pub fn new(db: PathBuf, clock: Clock) -> Desk {
        Desk {
            session: Session::new(db, clock),
        }
    }

    /// Give every later session this print path (tests: fake CUPS tools).
    pub fn set_printer_factory(&mut self, printer: PrinterFactory) {
        let s = &mut self.session;
        s.printer = printer;
        if let Some(app) = s.app.as_mut() {
            app.set_printer((s.printer)());
        }
    }

    /// Save PDFs into `dir` instead of the user's documents folder + 窓口.
    pub fn set_documents_dir(&mut self, dir: Option<PathBuf>) {
        let s = &mut self.session;
        s.documents_dir = dir.clone();
        if let Some(app) = s.app.as_mut() {
            app.set_documents_dir(dir);
        }
    }

    pub fn is_logged_in(&self) -> bool {
        self.session.app.is_some()
    }

    pub fn call(&mut self, method: &str, params: &Value) -> Result<Value, RpcError> {
        self.session.call(method, params)
    }
}
