//! Use cases: what the UI and the CLI call.
//!
//! An [`App`] is an unlocked database plus the logged-in user. Every use case checks the
//! permission matrix (`domain::role`) in the core — never only in the UI — and writes its change
//! and its audit entries in one transaction. Views returned here carry display-ready Japanese
//! (labels, 和暦 dates, masked My Numbers) so no screen computes anything.
//!
//! Where each use case lives (one module per feature; the rules they apply are in `domain`,
//! the arithmetic in `calc`, the rows in `store`):
//! - [`session`]: login, lock, password change. [`setup`]: a new office database.
//! - [`registry`]: households, members, search, the home screen, the direct status correction.
//! - [`admin`]: users, office settings, the permission matrix, the audit log.
//! - [`decisions`]: rate sets, 認定状況 and the calculation, applications, the decision
//!   workflow, reproduction, 一括認定 (one file each under `decisions/`).
//! - [`printing`]: the print queue (certificates, notices, 調書); [`notices`]: notice wording
//!   and the notice / 調書 documents.
//! - [`views`]: what the screens receive, one file per feature, TypeScript generated.
//! - [`jobs`]: the background job runner (long work on its own connection, progress, cancel).
//! - [`rpc`]: **the one list of methods** the UI calls (dispatcher, TypeScript, docs generated
//!   from it); [`desk`]: the state behind that door (one window's session).
//!
//! - [`medical_aid`]: 医療扶助 — 指定医療機関, the case (申請, 他法, 医療要否意見書), the hooks an
//!   approved decision calls, and `MedicalScheme` (which 医療券・調剤券 a month is due). Its
//!   decisions are drafted in `decisions/medical.rs` and go through the ordinary workflow.
//! - [`vouchers`]: the monthly voucher run for **any** scheme (propose, idempotent chunked issue,
//!   resume after a kill, void / 再交付, the 交付処理簿, clipping on 停止・廃止, printing), as
//!   background jobs; a scheme implements `vouchers::VoucherScheme`.
//!
//! Rooms prepared for what comes next (create them when the first code arrives; no stubs):
//! - 介護扶助 (care aid: 介護券, 介護事業者): rules in `domain::care_aid`, use cases in
//!   `service::care_aid`, its 介護券 as a second `vouchers::VoucherScheme` (the form beside
//!   `print::forms::medical_voucher`).
//! - The exchange queue with the intermediate servers (中間サーバー): file formats, outbox and
//!   import in the top-level `exchange` module (`src/exchange/`), its use cases (export and
//!   import runs, also background jobs) in `service::exchange`.

pub mod access;
pub mod admin;
mod audit_view;
pub mod backup;
pub mod care_aid;
mod case_access;
pub mod decisions;
pub mod desk;
pub mod exchange;
pub mod firstrun;
pub mod jobs;
pub mod keys;
pub mod medical_aid;
pub mod national;
pub mod notices;
pub mod printable;
pub mod printing;
pub mod register_import;
pub mod registry;
pub mod retention;
pub mod reveal;
pub mod rpc;
pub mod session;
pub mod setup;
pub mod trial;
pub mod views;
pub mod vouchers;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use chrono::{DateTime, FixedOffset, NaiveDate};

use crate::audit::AuditError;
use crate::auth::AuthError;
use crate::domain::household::ValidationError;
use crate::domain::role::Permission;
use crate::store::users::User;
use crate::store::{Store, StoreError};

pub use crate::clock::{system_clock, Clock};

#[derive(Debug, thiserror::Error)]
pub enum ServiceError {
    #[error(transparent)]
    Auth(#[from] AuthError),
    #[error(transparent)]
    Store(#[from] StoreError),
    #[error("{0}")]
    Validation(#[from] ValidationError),
    #[error("この操作（{0}）を行う権限がありません")]
    PermissionDenied(&'static str),
    #[error("パスワードの変更が必要です。先にパスワードを変更してください")]
    MustChangePassword,
    #[error("画面がロックされています。パスワードを入力してください")]
    SessionLocked,
    #[error("ログインしていません")]
    NotLoggedIn,
    #[error(transparent)]
    Audit(#[from] AuditError),
    /// A calculation stopped: a missing row, or an input the calculation refuses.
    #[error(transparent)]
    Calc(#[from] crate::calc::CalcError),
    /// A rate-table set that does not validate (file and line in the message).
    #[error(transparent)]
    Rates(#[from] crate::calc::RateError),
    /// The rate set in force cannot decide for the office's 級地 on the date.
    #[error("基準額表「{version}」では決定できません: {error}")]
    RatesIncomplete {
        version: String,
        error: crate::calc::RateError,
    },
    /// No imported rate set covers the date.
    #[error("{0}")]
    NoRates(String),
    /// A set with invented test figures offered for import without the explicit flag.
    #[error("{0}")]
    TestFigures(String),
    /// The decision is not in the state this step needs.
    #[error("{0}")]
    DecisionState(String),
    /// Separation of duties: the same person may not draft, review and approve.
    #[error("{0}")]
    SameUser(String),
    #[error(transparent)]
    Print(#[from] crate::print::PrintError),
    /// A business rule refuses the request (e.g. a certificate for a household never 保護中);
    /// `code` is stable for the UI, the message is for the clerk.
    #[error("{message}")]
    Refused { code: &'static str, message: String },
    /// The exchange queue refused (a result file, a medium, an event that does not validate).
    #[error(transparent)]
    Exchange(crate::exchange::ExchangeError),
}

impl ServiceError {
    /// The stable code the UI maps to its own message (see docs/commands.md).
    pub fn code(&self) -> &'static str {
        match self {
            ServiceError::Auth(e) => e.code(),
            ServiceError::Store(e) => e.code(),
            ServiceError::Validation(e) => e.code(),
            ServiceError::PermissionDenied(_) => "PERMISSION_DENIED",
            ServiceError::MustChangePassword => "AUTH_MUST_CHANGE_PASSWORD",
            ServiceError::SessionLocked => "AUTH_SESSION_LOCKED",
            ServiceError::NotLoggedIn => "AUTH_NOT_LOGGED_IN",
            ServiceError::Audit(e) => e.code(),
            ServiceError::Calc(e) => e.code(),
            ServiceError::Rates(e) => e.code(),
            ServiceError::RatesIncomplete { error, .. } => error.code(),
            ServiceError::NoRates(_) => "RATE_NONE_FOR_DATE",
            ServiceError::TestFigures(_) => "RATE_TEST_FIGURES",
            ServiceError::DecisionState(_) => "DECISION_STATE",
            ServiceError::SameUser(_) => "DECISION_SAME_USER",
            ServiceError::Print(e) => e.code(),
            ServiceError::Refused { code, .. } => code,
            ServiceError::Exchange(e) => e.code(),
        }
    }
}

impl From<crate::domain::workflow::Refusal> for ServiceError {
    fn from(r: crate::domain::workflow::Refusal) -> Self {
        use crate::domain::workflow::Refusal;
        match r {
            Refusal::Permission(p) => ServiceError::PermissionDenied(p.label()),
            Refusal::State(m) => ServiceError::DecisionState(m),
            Refusal::SameUser(m) => ServiceError::SameUser(m),
        }
    }
}

impl ServiceError {
    pub(crate) fn refused(code: &'static str, message: impl Into<String>) -> Self {
        ServiceError::Refused {
            code,
            message: message.into(),
        }
    }
}

pub type Result<T> = std::result::Result<T, ServiceError>;

/// The print path a session uses; tests and unusual installations inject their own.
pub type PrinterBox = Box<dyn crate::print::Printer + Send>;
/// Makes the print path for each new session (the desktop shell's [`rpc::Desk`] keeps one).
pub type PrinterFactory = Arc<dyn Fn() -> PrinterBox + Send + Sync>;

/// The operating system's print path: CUPS (`lpstat`/`lp` on `PATH`).
pub fn system_printer() -> PrinterFactory {
    Arc::new(|| Box::new(crate::print::CupsPrinter::new()))
}

/// An unlocked database and the person using it.
pub struct App {
    store: Store,
    user: User,
    locked: bool,
    clock: Clock,
    db_path: PathBuf,
    /// Parsed rate sets by id. Sets are never changed once imported, so the cache never goes
    /// stale; each is checked against its SHA-256 when first loaded.
    rate_cache: decisions::RateCache,
    printer: PrinterBox,
    /// Where 「保存」 writes PDFs; `None` = the user's documents folder + 窓口.
    documents_dir: Option<PathBuf>,
    /// Private temporary PDFs handed to the system viewer; removed when the session ends.
    viewer_files: Vec<PathBuf>,
    /// This account's password-derived key, so a holder can hand it the My Number key here.
    kek: Option<crate::store::keyslots::Kek>,
    /// The My Number key, when this account holds it (`service::reveal`).
    reveal: Option<crate::store::reveal::RevealKey>,
    /// Households of other caseworkers opened with a reason in this session (`case_access`).
    case_reasons: std::collections::BTreeSet<i64>,
    /// The call being served (method or command, and its target), for refusal entries.
    call_context: Option<(String, Option<(String, String)>)>,
}

impl Drop for App {
    /// The session is over (logout, or the window closed): the temporary PDFs written for the
    /// viewer hold personal data and go with it (best effort; a viewer may still hold one open).
    fn drop(&mut self) {
        for f in self.viewer_files.drain(..) {
            let _ = std::fs::remove_file(f);
        }
    }
}

impl App {
    /// Log in with the system clock.
    pub fn login(db: &Path, user_id: &str, password: &str) -> Result<App> {
        Self::login_with_clock(db, user_id, password, system_clock())
    }

    pub fn login_with_clock(db: &Path, user_id: &str, password: &str, clock: Clock) -> Result<App> {
        let (store, user, kek) =
            crate::auth::login(db, user_id, password, crate::clock::now(&clock))?;
        // An export killed mid-write leaves hidden partial files on the medium: gone at next start.
        match crate::exchange::media::clean_temp_files(store.conn()) {
            Ok(removed) if !removed.is_empty() => {
                tracing::info!(count = removed.len(), "removed partial exchange files")
            }
            Ok(_) => {}
            Err(e) => tracing::warn!(error = %e, "could not check for partial exchange files"),
        }
        // Viewer PDFs a crashed session left behind go now: they hold personal data.
        crate::print::clean_viewer_files();
        let mut app = App {
            store,
            user,
            locked: false,
            clock,
            db_path: db.to_path_buf(),
            rate_cache: Default::default(),
            printer: system_printer()(),
            documents_dir: None,
            viewer_files: Vec::new(),
            call_context: None,
            kek: Some(kek),
            reveal: None,
            case_reasons: Default::default(),
        };
        app.settle_reveal_key()?;
        // A program update may bring new national rate sets (基準改定): install them now. A
        // failure must not keep the desk out; the sets stay offered for the next login.
        if let Err(e) = app.sync_national_rates() {
            tracing::warn!("national rate sets not installed: {e}");
        }
        Ok(app)
    }

    /// Use another print path (tests use `CupsPrinter::with_commands` with fake tools).
    pub fn set_printer(&mut self, printer: PrinterBox) {
        self.printer = printer;
    }

    /// Save PDFs into `dir` instead of the user's documents folder + 窓口.
    pub fn set_documents_dir(&mut self, dir: Option<PathBuf>) {
        self.documents_dir = dir;
    }

    pub fn user(&self) -> &User {
        &self.user
    }
    pub fn store(&self) -> &Store {
        &self.store
    }
    pub fn db_path(&self) -> &Path {
        &self.db_path
    }
    /// The office's time (日本標準時), whatever offset the clock gives.
    pub fn now(&self) -> DateTime<FixedOffset> {
        crate::clock::now(&self.clock)
    }
    pub(crate) fn now_string(&self) -> String {
        self.now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
    pub fn today(&self) -> NaiveDate {
        self.now().date_naive()
    }
    pub fn is_locked(&self) -> bool {
        self.locked
    }

    /// Every use case starts here: the session is usable and the role holds `p`.
    /// The account is re-read so that disabling it takes effect at the next action.
    pub(crate) fn require(&mut self, p: Permission) -> Result<()> {
        self.require_session()?;
        if self.user.must_change_password {
            return Err(ServiceError::MustChangePassword);
        }
        if !self.user.role.can(p) {
            let e = ServiceError::PermissionDenied(p.label());
            self.record_refusal(e.code(), &e.to_string(), Some(p.code()));
            return Err(e);
        }
        Ok(())
    }

    /// What the current call is (the RPC method or CLI command) and what it is about, for the
    /// audit entry of a refusal. Set by the door before each call.
    pub fn set_call_context(&mut self, what: &str, target: Option<(String, String)>) {
        self.call_context = Some((what.chars().take(64).collect(), target));
    }

    /// A refused action goes to the log — who, what, on which target — in a transaction of its
    /// own (the refused change itself rolled back). Best effort: a refusal is reported even if
    /// the log cannot be written.
    pub(crate) fn record_refusal(&mut self, code: &str, message: &str, permission: Option<&str>) {
        if self.locked {
            return;
        }
        let (what, target) = self.call_context.clone().unwrap_or_default();
        let (kind, id) = target
            .map(|(k, i)| (Some(k), Some(i)))
            .unwrap_or((None, None));
        let detail = serde_json::json!({ "what": what, "code": code, "permission": permission, "message": message });
        let now = self.now_string();
        let actor = self.user.user_id.clone();
        let _ = self
            .store
            .write(&actor, &now, |tx| -> std::result::Result<(), StoreError> {
                tx.audit(
                    crate::audit::actions::REFUSED,
                    kind.as_deref(),
                    id.as_deref(),
                    detail,
                )?;
                Ok(())
            });
    }

    /// A refusal by the rules inside a use case (separation of duties, the decision's state) is
    /// logged by the door that served the call once the refused change rolled back — the UI's
    /// (`desk`) and the CLI's alike — like a permission refusal, which `require` logs itself.
    pub fn record_if_rule_refusal(&mut self, code: &str, message: &str) {
        if matches!(code, "DECISION_SAME_USER" | "DECISION_STATE") {
            self.record_refusal(code, message, None);
        }
    }

    /// Log a read of personal data that changes nothing.
    pub(crate) fn audit_read(
        &mut self,
        action: &str,
        kind: Option<&str>,
        id: Option<String>,
        detail: serde_json::Value,
    ) -> Result<()> {
        self.write(|tx| {
            tx.audit(action, kind, id.as_deref(), detail)?;
            Ok(())
        })
    }

    /// Usable session, any permission (the forced password change itself, logout).
    pub(crate) fn require_session(&mut self) -> Result<()> {
        if self.locked {
            return Err(ServiceError::SessionLocked);
        }
        match crate::store::users::get(self.store.conn(), &self.user.user_id)? {
            Some(u) if !u.disabled => {
                self.user = u;
                Ok(())
            }
            _ => Err(ServiceError::Auth(AuthError::Disabled)),
        }
    }

    /// The head of the audit chain, for exchange batches and backup manifests to carry
    /// (`issue 7 (anchor)`): call it after the export's own audit entry is committed.
    pub fn audit_anchor(&self) -> Result<crate::audit::Anchor> {
        Ok(crate::audit::anchor::current(self.store.conn())?)
    }

    /// Append the chain's head to `<db>.anchors` (best effort: the log itself is already committed).
    pub(crate) fn keep_anchor_locally(&self) {
        if let Ok(a) = crate::audit::anchor::current(self.store.conn()) {
            if let Err(e) = crate::audit::anchor::append_local(&self.db_path, &a) {
                tracing::warn!("audit anchor not kept: {e}");
            }
        }
    }

    /// Write as the logged-in user, now.
    pub(crate) fn write<T>(
        &mut self,
        f: impl FnOnce(&mut crate::store::Tx<'_>) -> Result<T>,
    ) -> Result<T> {
        let now = self.now_string();
        let actor = self.user.user_id.clone();
        self.store.write(&actor, &now, f)
    }
}
