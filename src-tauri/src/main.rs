//! 窓口 desktop shell. It only routes: the UI's single `rpc` command goes to the core's
//! [`Desk`], which holds the session; nothing here knows a rule, a table or a permission.

#![cfg_attr(not(debug_assertions), windows_subsystem = "windows")]

use std::path::PathBuf;
use std::sync::Mutex;

use madoguchi::service::rpc::{Desk, RpcError};
use serde_json::Value;

struct DeskState(Mutex<Desk>);

#[tauri::command]
async fn rpc(
    state: tauri::State<'_, DeskState>,
    method: String,
    params: Option<Value>,
) -> Result<Value, RpcError> {
    let mut desk = state.0.lock().map_err(|_| RpcError {
        code: "SHELL_STATE".into(),
        message: "アプリの状態が壊れました。アプリを再起動してください".into(),
    })?;
    desk.call(&method, &params.unwrap_or(Value::Null))
}

/// `--db PATH`, else `MADOGUCHI_DB`, else the platform data directory (same as the CLI).
fn db_path() -> PathBuf {
    let args: Vec<String> = std::env::args().collect();
    if let Some(i) = args.iter().position(|a| a == "--db") {
        if let Some(p) = args.get(i + 1) {
            return PathBuf::from(p);
        }
    }
    if let Some(p) = args.iter().find_map(|a| a.strip_prefix("--db=")) {
        return PathBuf::from(p);
    }
    std::env::var_os("MADOGUCHI_DB")
        .map(PathBuf::from)
        .unwrap_or_else(madoguchi::cli::default_db_path)
}

fn main() {
    let desk = Desk::new(db_path(), madoguchi::service::system_clock());
    tauri::Builder::default()
        .manage(DeskState(Mutex::new(desk)))
        .invoke_handler(tauri::generate_handler![rpc])
        .run(tauri::generate_context!())
        .unwrap_or_else(|e| {
            eprintln!("エラー: 窓口を起動できませんでした: {e}");
            std::process::exit(1);
        });
}
