//! 窓口 desktop shell. It only routes: the UI's single `rpc` command goes to the core's
//! [`Desk`], which holds the session and the background jobs; nothing here knows a rule, a table
//! or a permission.
//!
//! Each call runs on Tauri's blocking pool, not on the async runtime's threads, and the desk is
//! shared (`Arc<Desk>`, calls take `&self`): a call waits only for the session's own short lock,
//! long work runs as a core job, and a call that panics answers an error instead of poisoning
//! anything (see `madoguchi::service::desk`).

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::Arc;

use madoguchi::service::rpc::{Desk, RpcError};
use serde_json::Value;

struct DeskState(Arc<Desk>);

#[tauri::command]
async fn rpc(
    state: tauri::State<'_, DeskState>,
    method: String,
    params: Option<Value>,
) -> Result<Value, RpcError> {
    let desk = state.0.clone();
    tauri::async_runtime::spawn_blocking(move || desk.call(&method, &params.unwrap_or(Value::Null)))
        .await
        .unwrap_or_else(|_| {
            Err(RpcError::new(
                "SHELL_STATE",
                "内部エラーのため、この操作は完了しませんでした。もう一度お試しください",
            ))
        })
}

/// `--db PATH` or `MADOGUCHI_DB` (then the first-run setup records nothing), else the database
/// this PC's first-run setup chose, else the platform data directory (same as the CLI).
fn db_path() -> (PathBuf, bool) {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--db") {
        if let Some(p) = args.get(i + 1) {
            return (PathBuf::from(p), true);
        }
    }
    if let Some(p) = args.iter().find_map(|a| a.strip_prefix("--db=")) {
        return (PathBuf::from(p), true);
    }
    match std::env::var_os("MADOGUCHI_DB") {
        Some(p) => (PathBuf::from(p), true),
        None => (madoguchi::cli::default_db_path(), false),
    }
}

/// `--self-check`: the core's self-check plus the embedded screens, without opening a window
/// (the package test runs it on a clean root; an office can run it after installing).
fn self_check(context: &tauri::Context) -> i32 {
    let mut checks = madoguchi::selfcheck::run();
    let ui = ["index.html", "/index.html"]
        .iter()
        .any(|p| context.assets().get(&(*p).into()).is_some());
    checks.push(madoguchi::selfcheck::Check {
        name: "画面（組み込みの UI）",
        ok: ui,
        detail: if ui {
            "index.html あり"
        } else {
            "index.html がありません（make ui のあとでビルドしてください）"
        }
        .into(),
    });
    let (text, ok) = madoguchi::selfcheck::report(&checks);
    print!("{text}");
    if ok {
        0
    } else {
        1
    }
}

fn main() {
    let context = tauri::generate_context!();
    if std::env::args().any(|a| a == "--self-check") {
        std::process::exit(self_check(&context));
    }
    let (db, explicit) = db_path();
    // One app per database: a second one opens, but every login says the database is in use.
    let desk = Desk::for_app(db, madoguchi::service::system_clock());
    if !explicit {
        desk.set_config_path(madoguchi::service::firstrun::LocalConfig::default_path());
    }
    tauri::Builder::default()
        .manage(DeskState(Arc::new(desk)))
        .invoke_handler(tauri::generate_handler![rpc])
        .run(context)
        .unwrap_or_else(|e| {
            eprintln!("エラー: 窓口を起動できませんでした: {e}");
            std::process::exit(1);
        });
}
