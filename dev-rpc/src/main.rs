//! 窓口 development bridge — **never shipped**: a separate binary of its own crate, not built by
//! `make app` or `make cli`, not part of the desktop bundle or the CLI package.
//!
//! It serves the real core's [`Desk::call`] over HTTP on 127.0.0.1 (a random port) behind a
//! random token, so the Vitest integration suite and the browser development mode drive the
//! screens against the real rules and a real encrypted database instead of a re-implementation.
//!
//! ```text
//! madoguchi-dev-rpc --template DB [--work DIR] [--fake-printer]
//! madoguchi-dev-rpc --init DIR --admin ID --password PW     (a new, empty DIR/office.db)
//! ```
//! The desk never opens the template itself: it works on a copy in `--work` (a temporary
//! directory by default), so the demo database or the tests' seed stays as it was.
//! ```text
//! ```
//! On start it prints one JSON line `{"url": "...", "token": "..."}` to stdout. Requests:
//! - `POST /rpc` `{"method", "params"}` → `{"ok": result}` or `{"err": {code, message}}`
//! - `POST /dev/reset` → a fresh copy of the template database and a new desk (test isolation)
//! - `POST /dev/reset_first_run` → a new desk on a PC with no database yet (first-run setup);
//!   answers `{"ok": {"dir": ...}}`, a fresh folder the test may name as the office's folders
//! - `POST /dev/wait_jobs` → returns when no background job is running (tests)
//! - `POST /dev/print_script` `{"outcomes": [null, "message"]}` → what the next prints do
//! - `POST /dev/no_printers` → the stand-in printer lists none, as on a PC without a printer
//!   (until the next reset)
//!   with `--fake-printer` (null prints, a message fails with it)
//!
//! Every request needs the header `x-madoguchi-token`. It exits when stdin closes (its parent,
//! the test runner or `make dev`, went away).

use std::io::Read;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use madoguchi::print::{PrintOptions, Printer, PrinterInfo};
use madoguchi::service::rpc::Desk;
use madoguchi::service::system_clock;
use serde_json::{json, Value};

const DB_NAME: &str = "office.db";

/// What the next prints do (tests script a failure): `None` prints, `Some(message)` fails.
type PrintScript = Arc<std::sync::Mutex<std::collections::VecDeque<Option<String>>>>;

/// A print path that prints nothing: two printers, the first the default; every job is accepted
/// unless the test scripted a failure (`/dev/print_script`).
struct FakePrinter(PrintScript, NoPrinters);

/// Set by `/dev/no_printers`: the PC has no printer set up.
type NoPrinters = Arc<std::sync::atomic::AtomicBool>;

impl Printer for FakePrinter {
    fn list(&self) -> madoguchi::print::Result<Vec<PrinterInfo>> {
        if self.1.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(vec![]);
        }
        Ok(vec![
            PrinterInfo {
                name: "事務室プリンター".into(),
                is_default: true,
                enabled: true,
                status: "idle".into(),
            },
            PrinterInfo {
                name: "窓口カウンター".into(),
                is_default: false,
                enabled: true,
                status: "idle".into(),
            },
        ])
    }
    fn default(&self) -> madoguchi::print::Result<Option<String>> {
        if self.1.load(std::sync::atomic::Ordering::SeqCst) {
            return Ok(None);
        }
        Ok(Some("事務室プリンター".into()))
    }
    fn print(&self, _pdf: &[u8], options: &PrintOptions) -> madoguchi::print::Result<String> {
        let next = self
            .0
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .pop_front()
            .flatten();
        match next {
            Some(message) => Err(madoguchi::print::PrintError::JobFailed(message)),
            None => Ok(format!(
                "{}-1",
                options.printer.as_deref().unwrap_or("事務室プリンター")
            )),
        }
    }
}

struct Args {
    template: Option<PathBuf>,
    work: Option<PathBuf>,
    fake_printer: bool,
    init: Option<PathBuf>,
    admin: String,
    password: String,
}

fn args() -> Args {
    let mut a = Args {
        template: None,
        work: None,
        fake_printer: false,
        init: None,
        admin: "admin".into(),
        password: String::new(),
    };
    let mut it = std::env::args().skip(1);
    while let Some(x) = it.next() {
        match x.as_str() {
            "--template" => a.template = it.next().map(PathBuf::from),
            "--work" => a.work = it.next().map(PathBuf::from),
            "--fake-printer" => a.fake_printer = true,
            "--init" => a.init = it.next().map(PathBuf::from),
            "--admin" => a.admin = it.next().unwrap_or_default(),
            "--password" => a.password = it.next().unwrap_or_default(),
            other => fail(&format!("不明な引数です: {other}")),
        }
    }
    a
}

fn fail(msg: &str) -> ! {
    eprintln!("madoguchi-dev-rpc: {msg}");
    std::process::exit(2);
}

/// Copy the database file `db` and its side files (`.keys`, `.anchors`, `-wal` …) into `to`;
/// returns the copy's path.
fn copy_db(db: &Path, to: &Path) -> std::io::Result<PathBuf> {
    std::fs::create_dir_all(to)?;
    let name = db
        .file_name()
        .and_then(|n| n.to_str())
        .unwrap_or(DB_NAME)
        .to_string();
    let from = db
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    for e in std::fs::read_dir(from)? {
        let p = e?.path();
        if p.file_name()
            .and_then(|n| n.to_str())
            .is_some_and(|n| n.starts_with(&name))
        {
            std::fs::copy(&p, to.join(p.file_name().unwrap()))?;
        }
    }
    Ok(to.join(name))
}

struct Bridge {
    template: PathBuf,
    work: PathBuf,
    fake_printer: bool,
    generation: u32,
    desk: Arc<Desk>,
    script: PrintScript,
    no_printers: NoPrinters,
}

impl Bridge {
    /// A desk whose database does not exist yet, recording its choice in the folder's config.
    fn first_run_desk(&mut self) -> std::io::Result<PathBuf> {
        self.generation += 1;
        let dir = self.work.join(format!("first-run-{}", self.generation));
        std::fs::create_dir_all(&dir)?;
        let desk = Desk::new(dir.join("default").join("madoguchi.db"), system_clock());
        desk.set_config_path(Some(dir.join("config").join("madoguchi.toml")));
        desk.set_documents_dir(Some(dir.join("documents").join("窓口")));
        self.desk = Arc::new(desk);
        Ok(dir)
    }

    fn fresh_desk(&mut self) -> std::io::Result<()> {
        self.generation += 1;
        let dir = self.work.join(format!("db-{}", self.generation));
        let db = copy_db(&self.template, &dir)?;
        let desk = Desk::new(db, system_clock());
        // As on a desk PC: the user's documents folder + 窓口.
        desk.set_documents_dir(Some(dir.join("documents").join("窓口")));
        self.script
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .clear();
        self.no_printers
            .store(false, std::sync::atomic::Ordering::SeqCst);
        if self.fake_printer {
            let script = self.script.clone();
            let none = self.no_printers.clone();
            desk.set_printer_factory(Arc::new(move || {
                Box::new(FakePrinter(script.clone(), none.clone()))
                    as madoguchi::service::PrinterBox
            }));
        }
        // The previous desk (and its jobs) goes when its last request is answered.
        self.desk = Arc::new(desk);
        Ok(())
    }
}

fn main() {
    let a = args();
    if let Some(dir) = a.init {
        std::fs::create_dir_all(&dir).unwrap_or_else(|e| fail(&e.to_string()));
        // The seed brings the invented test rate set (ui/src/test/seed.ts); a screen test that
        // shows the national sets installs them in its own copy (`rates_install_national`).
        madoguchi::service::setup::create_office_database_without_national_rates(
            &dir.join(DB_NAME),
            &a.admin,
            "管理 花子",
            &a.password,
            &system_clock(),
        )
        .unwrap_or_else(|e| fail(&e.to_string()));
        return;
    }
    let template = a
        .template
        .unwrap_or_else(|| fail("--template DB（データベースファイル）が必要です"));
    let work = a.work.unwrap_or_else(|| {
        std::env::temp_dir().join(format!("madoguchi-dev-rpc-{}", std::process::id()))
    });
    let mut bridge = Bridge {
        template,
        work,
        fake_printer: a.fake_printer,
        generation: 0,
        desk: Arc::new(Desk::new(PathBuf::new(), system_clock())),
        script: Default::default(),
        no_printers: Default::default(),
    };
    bridge
        .fresh_desk()
        .unwrap_or_else(|e| fail(&format!("テンプレートを複製できません: {e}")));

    let server = tiny_http::Server::http("127.0.0.1:0").unwrap_or_else(|e| fail(&e.to_string()));
    let port = server
        .server_addr()
        .to_ip()
        .map(|a| a.port())
        .unwrap_or_else(|| fail("no port"));
    let token = hex::encode(rand::random::<[u8; 16]>());
    println!(
        "{}",
        json!({ "url": format!("http://127.0.0.1:{port}"), "token": token })
    );

    // Stop with the parent: when our stdin closes, exit.
    std::thread::spawn(|| {
        let mut sink = [0u8; 64];
        while matches!(std::io::stdin().read(&mut sink), Ok(n) if n > 0) {}
        std::process::exit(0);
    });

    let bridge = Arc::new(std::sync::Mutex::new(bridge));
    // A few threads: a long call on one never blocks the others (as in the shell).
    let server = Arc::new(server);
    let workers: Vec<_> = (0..4)
        .map(|_| {
            let (server, bridge, token) = (server.clone(), bridge.clone(), token.clone());
            std::thread::spawn(move || {
                for req in server.incoming_requests() {
                    handle(req, &bridge, &token);
                }
            })
        })
        .collect();
    for w in workers {
        let _ = w.join();
    }
}

fn respond(req: tiny_http::Request, status: u16, body: Value) {
    let header =
        tiny_http::Header::from_bytes("Content-Type", "application/json").expect("static header");
    let _ = req.respond(
        tiny_http::Response::from_string(body.to_string())
            .with_status_code(status)
            .with_header(header),
    );
}

fn handle(mut req: tiny_http::Request, bridge: &std::sync::Mutex<Bridge>, token: &str) {
    let authorised = req
        .headers()
        .iter()
        .any(|h| h.field.equiv("x-madoguchi-token") && h.value.as_str() == token);
    if !authorised {
        return respond(req, 403, json!({ "error": "token" }));
    }
    let mut body = String::new();
    if req.as_reader().read_to_string(&mut body).is_err() {
        return respond(req, 400, json!({ "error": "body" }));
    }
    let lock = || bridge.lock().unwrap_or_else(|p| p.into_inner());
    match (req.method(), req.url()) {
        (tiny_http::Method::Post, "/rpc") => {
            let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            let method = v["method"].as_str().unwrap_or_default().to_string();
            let desk = lock().desk.clone();
            match desk.call(&method, &v["params"]) {
                Ok(r) => respond(req, 200, json!({ "ok": r })),
                Err(e) => respond(req, 200, json!({ "err": e })),
            }
        }
        (tiny_http::Method::Post, "/dev/reset") => {
            let r = lock().fresh_desk();
            match r {
                Ok(()) => respond(req, 200, json!({ "ok": null })),
                Err(e) => respond(req, 500, json!({ "error": e.to_string() })),
            }
        }
        (tiny_http::Method::Post, "/dev/reset_first_run") => {
            let r = lock().first_run_desk();
            match r {
                Ok(dir) => respond(req, 200, json!({ "ok": { "dir": dir } })),
                Err(e) => respond(req, 500, json!({ "error": e.to_string() })),
            }
        }
        (tiny_http::Method::Post, "/dev/print_script") => {
            let v: Value = serde_json::from_str(&body).unwrap_or(Value::Null);
            let outcomes = v["outcomes"].as_array().cloned().unwrap_or_default();
            let b = lock();
            let mut q = b.script.lock().unwrap_or_else(|p| p.into_inner());
            q.clear();
            q.extend(outcomes.iter().map(|o| o.as_str().map(str::to_string)));
            drop(q);
            respond(req, 200, json!({ "ok": null }))
        }
        (tiny_http::Method::Post, "/dev/no_printers") => {
            lock()
                .no_printers
                .store(true, std::sync::atomic::Ordering::SeqCst);
            respond(req, 200, json!({ "ok": null }))
        }
        (tiny_http::Method::Post, "/dev/wait_jobs") => {
            let desk = lock().desk.clone();
            for _ in 0..3000 {
                if !desk.jobs().any_running() {
                    break;
                }
                std::thread::sleep(std::time::Duration::from_millis(10));
            }
            respond(req, 200, json!({ "ok": null }))
        }
        _ => respond(req, 404, json!({ "error": "not found" })),
    }
}
