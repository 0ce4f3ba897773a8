//! Background jobs: work that takes more than a moment (一括認定 today; the monthly voucher
//! runs, exports and imports next) runs off the caller's thread, on **its own database
//! connection**, while the other screens keep answering. The UI polls `job_status` and shows a
//! progress bar; `job_cancel` stops a job at its next progress report.
//!
//! # Writing a job (for colleagues)
//!
//! ```ignore
//! // In a use case on App (it has already checked the permission and the input):
//! let job = self.start_job(runner, "voucher_run", "医療券の月次発行", move |ctx| {
//!     let targets = load_targets(ctx.conn())?;            // read on the job's own connection
//!     let mut rows = vec![];
//!     for (i, t) in targets.iter().enumerate() {
//!         ctx.progress(i as u64, targets.len() as u64, "作成中")?;   // Err(JOB_CANCELLED) once cancelled
//!         rows.push(make_one(ctx.conn(), t)?);
//!     }
//!     // Everything the job changes goes into ONE transaction at the end (or several that each
//!     // leave a consistent state): a cancel or an error before commit leaves nothing written.
//!     let n = ctx.write(|tx| { insert_all(tx, &rows)?; tx.audit(...)?; Ok(rows.len()) })?;
//!     Ok(serde_json::json!({ "created": n }))            // the job's result, shown by job_status
//! })?;
//! ```
//!
//! - `ctx.progress(done, total, message)` records progress and is where a cancel is noticed;
//!   `ctx.check_cancelled()` checks without reporting, `ctx.handle()` gives a cloneable
//!   [`JobHandle`] to call inside a [`JobContext::write`] closure.
//! - `ctx.write` is [`crate::store::Store::write`] acting as the user who started the job, at the
//!   job's clock time: the audit entries name that user.
//! - A job that returns `Err` ends `failed` with the error's code and message; one that panics
//!   ends `failed` with `JOB_PANICKED` (its transaction rolls back). Neither touches the caller's
//!   session.
//! - A job is seen (status, cancel) only by the user who started it. Jobs are kept in memory for
//!   the life of the desk; the list shows the last [`KEEP_FINISHED`] finished ones.
//!
//! The runner is a small tokio runtime; each job runs on its blocking pool (database work is
//! blocking), at most [`MAX_RUNNING`] at a time — a job started beyond that waits its turn.

use std::collections::BTreeMap;
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::{App, Clock, Result, ServiceError};
use crate::store::{Store, Tx};

/// At most this many jobs run at once.
pub const MAX_RUNNING: usize = 2;
/// Finished jobs kept for `jobs` / `job_status`.
pub const KEEP_FINISHED: usize = 50;

/// Where a job is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum JobState {
    Queued,
    Running,
    Done,
    Failed,
    Cancelled,
}

impl JobState {
    pub fn is_finished(self) -> bool {
        matches!(
            self,
            JobState::Done | JobState::Failed | JobState::Cancelled
        )
    }
    pub fn label(self) -> &'static str {
        match self {
            JobState::Queued => "待機中",
            JobState::Running => "実行中",
            JobState::Done => "完了",
            JobState::Failed => "失敗",
            JobState::Cancelled => "中止",
        }
    }
}

/// A job as the UI sees it (the progress bar, and the result when done).
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct JobView {
    #[ts(type = "number")]
    pub id: u64,
    /// What kind of work (`bulk_apply`, `bulk_preview`, …): the screen that started it knows
    /// the shape of `result`.
    pub kind: String,
    /// 一括認定（R7.10 基準）…
    pub label: String,
    pub state: JobState,
    pub state_label: String,
    #[ts(type = "number")]
    pub done: u64,
    #[ts(type = "number")]
    pub total: u64,
    /// What the job is doing now (「計算中」…).
    pub message: String,
    /// The one line the job's box shows: its state in words — while it runs, what it is doing
    /// (「発行中」); once finished, only that (「完了」; the count is `done` / `total`) — never two
    /// states side by side (「完了・発行中」).
    pub status_label: String,
    /// The job's result once `done` (its shape depends on `kind`).
    #[ts(type = "unknown")]
    pub result: Option<serde_json::Value>,
    /// Why it failed (`failed`), or `JOB_CANCELLED`.
    pub error: Option<super::rpc::RpcError>,
    pub started_by: String,
    pub started_at: String,
    pub finished_at: Option<String>,
}

struct Entry {
    view: JobView,
    cancel: Arc<AtomicBool>,
}

#[derive(Default)]
struct Table {
    next_id: u64,
    jobs: BTreeMap<u64, Entry>,
}

/// Lock that survives a panic elsewhere: the table is plain data, always consistent between
/// statements, so a poisoned lock is simply taken over.
fn lock<T>(m: &Mutex<T>) -> MutexGuard<'_, T> {
    m.lock().unwrap_or_else(|p| p.into_inner())
}

/// Runs the jobs of one desk.
pub struct JobRunner {
    /// `None` only while dropping.
    rt: Option<tokio::runtime::Runtime>,
    table: Arc<Mutex<Table>>,
    slots: Arc<tokio::sync::Semaphore>,
}

impl Default for JobRunner {
    fn default() -> Self {
        Self::new()
    }
}

impl JobRunner {
    pub fn new() -> JobRunner {
        let rt = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .max_blocking_threads(MAX_RUNNING + 1)
            .thread_name("madoguchi-job")
            .enable_time()
            .build()
            .expect("the job runner's threads could not be started");
        JobRunner {
            rt: Some(rt),
            table: Default::default(),
            slots: Arc::new(tokio::sync::Semaphore::new(MAX_RUNNING)),
        }
    }

    /// Start `body` as a job owned by `ctx`'s user. Returns at once with the job queued.
    pub fn start<F>(&self, kind: &str, label: &str, mut ctx: JobContext, body: F) -> JobView
    where
        F: FnOnce(&mut JobContext) -> Result<serde_json::Value> + Send + 'static,
    {
        let cancel = Arc::new(AtomicBool::new(false));
        let view = {
            let mut t = lock(&self.table);
            t.next_id += 1;
            let id = t.next_id;
            let view = JobView {
                id,
                kind: kind.into(),
                label: label.into(),
                state: JobState::Queued,
                state_label: JobState::Queued.label().into(),
                done: 0,
                total: 0,
                message: String::new(),
                status_label: JobState::Queued.label().into(),
                result: None,
                error: None,
                started_by: ctx.actor.clone(),
                started_at: ctx.now_string(),
                finished_at: None,
            };
            t.jobs.insert(
                id,
                Entry {
                    view: view.clone(),
                    cancel: cancel.clone(),
                },
            );
            prune(&mut t);
            view
        };
        ctx.handle = JobHandle {
            id: view.id,
            table: self.table.clone(),
            cancel,
        };
        let slots = self.slots.clone();
        let rt = self.rt.as_ref().expect("the job runner is running");
        rt.spawn(async move {
            let Ok(_permit) = slots.acquire_owned().await else {
                return;
            };
            let _ = tokio::task::spawn_blocking(move || run(ctx, body)).await;
        });
        view
    }

    /// The job, if `user_id` started it.
    pub fn status(&self, user_id: &str, id: u64) -> Option<JobView> {
        lock(&self.table)
            .jobs
            .get(&id)
            .filter(|e| e.view.started_by == user_id)
            .map(|e| e.view.clone())
    }

    /// The user's jobs, newest first.
    pub fn list(&self, user_id: &str) -> Vec<JobView> {
        lock(&self.table)
            .jobs
            .values()
            .rev()
            .filter(|e| e.view.started_by == user_id)
            .map(|e| e.view.clone())
            .collect()
    }

    /// Whether any job is queued or running (tests wait for quiet).
    pub fn any_running(&self) -> bool {
        lock(&self.table)
            .jobs
            .values()
            .any(|e| !e.view.state.is_finished())
    }

    /// Ask the job to stop; it does at its next progress report (its open transaction rolls
    /// back). `None` when there is no such job of this user.
    pub fn cancel(&self, user_id: &str, id: u64) -> Option<JobView> {
        let t = lock(&self.table);
        let e = t.jobs.get(&id).filter(|e| e.view.started_by == user_id)?;
        if !e.view.state.is_finished() {
            e.cancel.store(true, Ordering::SeqCst);
        }
        Some(e.view.clone())
    }
}

impl Drop for JobRunner {
    /// The window closes: every job still running is cancelled (its transaction rolls back) and
    /// given a few seconds to notice before the threads go.
    fn drop(&mut self) {
        for e in lock(&self.table).jobs.values() {
            e.cancel.store(true, Ordering::SeqCst);
        }
        if let Some(rt) = self.rt.take() {
            rt.shutdown_timeout(std::time::Duration::from_secs(10));
        }
    }
}

fn prune(t: &mut Table) {
    let finished: Vec<u64> = t
        .jobs
        .iter()
        .filter(|(_, e)| e.view.state.is_finished())
        .map(|(id, _)| *id)
        .collect();
    if finished.len() > KEEP_FINISHED {
        for id in &finished[..finished.len() - KEEP_FINISHED] {
            t.jobs.remove(id);
        }
    }
}

fn run<F>(mut ctx: JobContext, body: F)
where
    F: FnOnce(&mut JobContext) -> Result<serde_json::Value>,
{
    let handle = ctx.handle.clone();
    if handle.cancel.load(Ordering::SeqCst) {
        handle.finish(&ctx, Err(cancelled_error()));
        return;
    }
    handle.update(|v| {
        v.state = JobState::Running;
        v.state_label = JobState::Running.label().into();
    });
    let outcome = match catch_unwind(AssertUnwindSafe(|| body(&mut ctx))) {
        Ok(Ok(v)) => Ok(v),
        Ok(Err(e)) => Err(super::rpc::RpcError::from(e)),
        Err(panic) => {
            let what = panic
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| panic.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            tracing::error!("job {} panicked: {what}", handle.id);
            Err(super::rpc::RpcError::new(
                "JOB_PANICKED",
                "処理の途中で内部エラーが起きたため中止しました（変更は保存されていません）",
            ))
        }
    };
    handle.finish(&ctx, outcome);
}

/// [`JobView::status_label`]: what the job is doing while it runs; its state otherwise.
fn status_label(v: &JobView) -> String {
    match v.state {
        JobState::Running if !v.message.is_empty() => v.message.clone(),
        s => s.label().into(),
    }
}

fn cancelled_error() -> super::rpc::RpcError {
    super::rpc::RpcError::new("JOB_CANCELLED", "中止しました。変更は保存されていません")
}

/// Progress and cancel for one job; cheap to clone into a transaction closure.
#[derive(Clone)]
pub struct JobHandle {
    id: u64,
    table: Arc<Mutex<Table>>,
    cancel: Arc<AtomicBool>,
}

impl JobHandle {
    fn update(&self, f: impl FnOnce(&mut JobView)) {
        if let Some(e) = lock(&self.table).jobs.get_mut(&self.id) {
            f(&mut e.view);
            e.view.status_label = status_label(&e.view);
        }
    }

    fn finish(
        &self,
        ctx: &JobContext,
        outcome: std::result::Result<serde_json::Value, super::rpc::RpcError>,
    ) {
        let at = ctx.now_string();
        self.update(|v| {
            let state = match &outcome {
                Ok(_) => JobState::Done,
                Err(e) if e.code == "JOB_CANCELLED" => JobState::Cancelled,
                Err(_) => JobState::Failed,
            };
            v.state = state;
            v.state_label = state.label().into();
            v.finished_at = Some(at);
            match outcome {
                Ok(r) => {
                    v.done = v.total.max(v.done);
                    v.result = Some(r);
                }
                Err(e) => v.error = Some(e),
            }
        });
        prune(&mut lock(&self.table));
    }

    pub fn id(&self) -> u64 {
        self.id
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancel.load(Ordering::SeqCst)
    }

    /// `Err(JOB_CANCELLED)` once a cancel was asked for.
    pub fn check_cancelled(&self) -> Result<()> {
        if self.is_cancelled() {
            return Err(ServiceError::refused(
                "JOB_CANCELLED",
                "中止しました。変更は保存されていません",
            ));
        }
        Ok(())
    }

    /// Record progress (`done` of `total`), then [`check_cancelled`](Self::check_cancelled).
    pub fn progress(&self, done: u64, total: u64, message: &str) -> Result<()> {
        self.update(|v| {
            v.done = done;
            v.total = total;
            if v.message != message {
                v.message = message.to_string();
            }
        });
        self.check_cancelled()
    }
}

/// What a job's body works with: its own connection, the starting user, the clock, its handle.
pub struct JobContext {
    store: Store,
    actor: String,
    clock: Clock,
    handle: JobHandle,
}

impl JobContext {
    pub fn conn(&self) -> &rusqlite::Connection {
        self.store.conn()
    }
    pub fn store(&mut self) -> &mut Store {
        &mut self.store
    }
    /// The user who started the job.
    pub fn actor(&self) -> &str {
        &self.actor
    }
    pub fn now(&self) -> chrono::DateTime<chrono::FixedOffset> {
        crate::clock::now(&self.clock)
    }
    pub fn now_string(&self) -> String {
        self.now()
            .to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    }
    pub fn handle(&self) -> JobHandle {
        self.handle.clone()
    }
    pub fn progress(&self, done: u64, total: u64, message: &str) -> Result<()> {
        self.handle.progress(done, total, message)
    }
    pub fn check_cancelled(&self) -> Result<()> {
        self.handle.check_cancelled()
    }
    /// One transaction acting as the starting user, now; rolled back on `Err` (a cancel too).
    pub fn write<T>(&mut self, f: impl FnOnce(&mut Tx<'_>) -> Result<T>) -> Result<T> {
        let now = self.now_string();
        let actor = self.actor.clone();
        self.store.write(&actor, &now, f)
    }
}

impl App {
    /// Start `body` as a background job of the logged-in user on a second connection to this
    /// database. The caller has checked the permission and the input already.
    pub fn start_job<F>(
        &self,
        runner: &JobRunner,
        kind: &str,
        label: &str,
        body: F,
    ) -> Result<JobView>
    where
        F: FnOnce(&mut JobContext) -> Result<serde_json::Value> + Send + 'static,
    {
        let ctx = JobContext {
            store: self.store.reopen()?,
            actor: self.user.user_id.clone(),
            clock: self.clock.clone(),
            handle: JobHandle {
                id: 0,
                table: Default::default(),
                cancel: Default::default(),
            },
        };
        Ok(runner.start(kind, label, ctx, body))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn wait(runner: &JobRunner, user: &str, id: u64) -> JobView {
        for _ in 0..500 {
            let v = runner.status(user, id).unwrap();
            if v.state.is_finished() {
                return v;
            }
            std::thread::sleep(std::time::Duration::from_millis(10));
        }
        panic!("job {id} did not finish");
    }

    fn app() -> (tempfile::TempDir, App) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("t.db");
        let clock = super::super::system_clock();
        crate::service::setup::create_office_database(
            &path,
            "admin",
            "管理 者",
            "kanri-pass-0001",
            &clock,
        )
        .unwrap();
        let app = App::login(&path, "admin", "kanri-pass-0001").unwrap();
        (dir, app)
    }

    fn count_meta(conn: &rusqlite::Connection) -> i64 {
        conn.query_row(
            "SELECT count(*) FROM meta WHERE key LIKE 'job-test-%'",
            [],
            |r| r.get(0),
        )
        .unwrap()
    }

    #[test]
    fn a_job_reports_progress_and_its_result_to_its_owner_only() {
        let (_d, app) = app();
        let runner = JobRunner::new();
        let job = app
            .start_job(&runner, "test", "試験", |ctx| {
                for i in 0..=10 {
                    ctx.progress(i, 10, "数えています")?;
                }
                let n = ctx.write(|tx| {
                    tx.conn()
                        .execute(
                            "INSERT INTO meta (key, value) VALUES ('job-test-1', 'x')",
                            [],
                        )
                        .map_err(crate::store::StoreError::from)?;
                    Ok(1)
                })?;
                Ok(serde_json::json!({ "written": n }))
            })
            .unwrap();
        let v = wait(&runner, "admin", job.id);
        assert_eq!(v.state, JobState::Done);
        assert_eq!((v.done, v.total), (10, 10));
        // the box reads one state: not 「完了・数えています」
        assert_eq!(v.status_label, "完了");
        assert_eq!(v.result, Some(serde_json::json!({ "written": 1 })));
        assert_eq!(
            count_meta(app.store().conn()),
            1,
            "the job wrote on its own connection, committed"
        );
        assert!(runner.status("someone-else", job.id).is_none());
        assert!(runner.cancel("someone-else", job.id).is_none());
        assert_eq!(runner.list("admin").len(), 1);
        assert!(runner.list("someone-else").is_empty());
    }

    #[test]
    fn a_cancelled_job_leaves_nothing_written() {
        let (_d, app) = app();
        let runner = JobRunner::new();
        let (started_tx, started_rx) = std::sync::mpsc::channel();
        let job = app
            .start_job(&runner, "test", "試験", move |ctx| {
                let h = ctx.handle();
                ctx.write(|tx| {
                    tx.conn()
                        .execute(
                            "INSERT INTO meta (key, value) VALUES ('job-test-2', 'half')",
                            [],
                        )
                        .map_err(crate::store::StoreError::from)?;
                    started_tx.send(()).unwrap();
                    // Half-way through its transaction, the job waits to be cancelled.
                    loop {
                        h.progress(1, 2, "書き込み中")?;
                        std::thread::sleep(std::time::Duration::from_millis(5));
                    }
                })
            })
            .unwrap();
        started_rx
            .recv_timeout(std::time::Duration::from_secs(10))
            .unwrap();
        // while it runs, the box says what it is doing (its first report follows the signal)
        let running = (0..400)
            .map(|_| {
                std::thread::sleep(std::time::Duration::from_millis(5));
                runner.status("admin", job.id).unwrap().status_label
            })
            .find(|l| l != "実行中");
        assert_eq!(running.as_deref(), Some("書き込み中"));
        runner.cancel("admin", job.id).unwrap();
        let v = wait(&runner, "admin", job.id);
        assert_eq!(v.state, JobState::Cancelled);
        assert_eq!(v.status_label, "中止", "not 「中止・書き込み中」");
        assert_eq!(
            v.error.as_ref().map(|e| e.code.as_str()),
            Some("JOB_CANCELLED")
        );
        assert_eq!(
            count_meta(app.store().conn()),
            0,
            "the half-written row rolled back"
        );
    }

    #[test]
    fn a_panicking_job_fails_cleanly_and_the_runner_keeps_working() {
        let (_d, app) = app();
        let runner = JobRunner::new();
        let job = app
            .start_job(&runner, "test", "試験", |ctx| {
                ctx.write(|tx| -> Result<()> {
                    tx.conn()
                        .execute(
                            "INSERT INTO meta (key, value) VALUES ('job-test-3', 'x')",
                            [],
                        )
                        .map_err(crate::store::StoreError::from)?;
                    panic!("boom");
                })?;
                Ok(serde_json::Value::Null)
            })
            .unwrap();
        let v = wait(&runner, "admin", job.id);
        assert_eq!(v.state, JobState::Failed);
        assert_eq!(
            v.error.as_ref().map(|e| e.code.as_str()),
            Some("JOB_PANICKED")
        );
        assert_eq!(count_meta(app.store().conn()), 0);
        let next = app
            .start_job(&runner, "test", "試験", |_| Ok(serde_json::json!(7)))
            .unwrap();
        assert_eq!(
            wait(&runner, "admin", next.id).result,
            Some(serde_json::json!(7))
        );
    }
}
