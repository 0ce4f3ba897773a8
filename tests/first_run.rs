//! 初回設定 (first-run setup) through the desk's door, as the app's first screen calls it: no
//! database on this PC → create the office (settings checked with their check digits, the first
//! administrator, data and backup folders) or open an existing one; then other accounts.

mod common;

use std::path::{Path, PathBuf};

use common::TestClock;
use madoguchi::service::firstrun::{self, LocalConfig};
use madoguchi::service::rpc::Desk;
use serde_json::{json, Value};

struct Pc {
    dir: tempfile::TempDir,
    clock: TestClock,
}

impl Pc {
    fn new() -> Pc {
        Pc {
            dir: tempfile::tempdir().unwrap(),
            clock: TestClock::new(),
        }
    }
    fn p(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }
    fn config(&self) -> PathBuf {
        self.p("config/madoguchi.toml")
    }
    /// The app started on this PC with nothing set up (the platform's default database path).
    fn desk(&self) -> Desk {
        let d = Desk::new(self.p("default/madoguchi.db"), self.clock.clock());
        d.set_config_path(Some(self.config()));
        d
    }
}

fn ok(d: &Desk, method: &str, params: Value) -> Value {
    d.call(method, &params)
        .unwrap_or_else(|e| panic!("{method}: {} {}", e.code, e.message))
}

fn err(d: &Desk, method: &str, params: Value) -> (String, String) {
    let e = d.call(method, &params).expect_err(method);
    (e.code, e.message)
}

fn office() -> Value {
    json!({
        "office_name": "見本市福祉事務所",
        "public_payer_number": "12270013",
        "municipality_code": "112101",
        "prefecture": "埼玉県",
        "grade": "2-1",
        "chief_title": "福祉事務所長",
        "chief_name": "見本 一郎",
        "postal_code": "347-0001",
        "address": "埼玉県見本市見本町1-1",
        "phone": "0480-00-0000",
        "idle_lock_minutes": 10,
        "municipality_name": "見本市",
        "municipality_head": "見本市長"
    })
}

fn input(pc: &Pc) -> Value {
    json!({
        "office": office(),
        "admin_id": "kanri",
        "admin_name": "管理 花子",
        "password": "hogo-no-madoguchi-2026",
        "data_dir": pc.p("data").display().to_string(),
        "backup_dir": pc.p("backup").display().to_string(),
    })
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut out = vec![];
    if let Ok(rd) = std::fs::read_dir(dir) {
        for e in rd.flatten() {
            let p = e.path();
            if p.is_dir() {
                out.extend(files_under(&p));
            } else {
                out.push(p);
            }
        }
    }
    out
}

#[test]
fn a_new_pc_is_offered_the_setup_with_the_cores_defaults() {
    let pc = Pc::new();
    let d = pc.desk();
    assert_eq!(ok(&d, "app_info", json!({}))["setup_needed"], true);
    let s = ok(&d, "setup_status", json!({}));
    assert_eq!(s["needed"], true);
    assert_eq!(s["office_defaults"]["chief_title"], "福祉事務所長");
    assert!(s["suggested_data_dir"].as_str().unwrap().len() > 1);
    assert_ne!(s["suggested_data_dir"], s["suggested_backup_dir"]);
}

#[test]
fn each_step_is_checked_by_the_core_and_a_refusal_writes_nothing() {
    let pc = Pc::new();
    let d = pc.desk();
    let validate =
        |i: Value, upto: &str| err(&d, "setup_validate", json!({ "input": i, "upto": upto }));

    // 公費負担者番号 with a wrong check digit (…13 is right), 市区町村コード likewise.
    let mut i = input(&pc);
    i["office"]["public_payer_number"] = json!("12270014");
    let (code, msg) = validate(i.clone(), "office");
    assert_eq!(code, "SETUP_OFFICE");
    assert!(msg.contains("公費負担者番号"), "{msg}");
    i["office"]["public_payer_number"] = json!("12270013");
    i["office"]["municipality_code"] = json!("112102");
    let (code, msg) = validate(i.clone(), "office");
    assert_eq!(code, "SETUP_OFFICE");
    assert!(msg.contains("市区町村コード"), "{msg}");
    // the office step passes alone (later steps not looked at yet) and is normalised
    let mut i = input(&pc);
    i["office"]["office_name"] = json!("  見本市福祉事務所 ");
    i["password"] = json!("");
    let normalised = ok(
        &d,
        "setup_validate",
        json!({ "input": i, "upto": "office" }),
    );
    assert_eq!(normalised["office_name"], "見本市福祉事務所");

    let mut i = input(&pc);
    i["password"] = json!("short");
    assert_eq!(validate(i, "admin").0, "SETUP_ADMIN");
    let mut i = input(&pc);
    i["admin_name"] = json!(" ");
    assert_eq!(validate(i, "admin").0, "SETUP_ADMIN");

    let mut i = input(&pc);
    i["data_dir"] = json!("relative/data");
    assert_eq!(validate(i, "folders").0, "SETUP_FOLDERS");
    let mut i = input(&pc);
    i["backup_dir"] = i["data_dir"].clone();
    let (code, msg) = validate(i.clone(), "folders");
    assert_eq!(code, "SETUP_FOLDERS");
    assert!(msg.contains("別のフォルダ"), "{msg}");
    // creating refuses the same way
    assert_eq!(
        err(&d, "setup_create_office", json!({ "input": i })).0,
        "SETUP_FOLDERS"
    );

    assert!(
        files_under(pc.dir.path()).is_empty(),
        "{:?}",
        files_under(pc.dir.path())
    );
    assert_eq!(ok(&d, "app_info", json!({}))["setup_needed"], true);
}

#[test]
fn creating_the_office_logs_the_administrator_in_and_the_next_start_finds_it() {
    let pc = Pc::new();
    let d = pc.desk();
    let session = ok(&d, "setup_create_office", json!({ "input": input(&pc) }));
    assert_eq!(session["user_id"], "kanri");
    assert_eq!(session["role"], "admin");
    assert_eq!(session["must_change_password"], false);

    let db = pc.p("data/madoguchi.db");
    assert!(db.is_file() && pc.p("data/madoguchi.db.keys").is_file());
    assert!(pc.p("backup").is_dir());
    let info = ok(&d, "app_info", json!({}));
    assert_eq!(info["setup_needed"], false);
    assert_eq!(info["office_name"], "見本市福祉事務所");
    assert_eq!(info["db_path"], db.display().to_string());
    assert_eq!(
        ok(&d, "get_office", json!({}))["public_payer_number"],
        "12270013"
    );

    // this PC's configuration names the database and the backup folder
    let config = LocalConfig::load(&pc.config()).unwrap().unwrap();
    assert_eq!(config.database, db);
    assert_eq!(config.backup_dir, Some(pc.p("backup")));
    // and the daily automatic backup goes to the folder chosen in the wizard
    assert_eq!(
        ok(&d, "operations_settings", json!({}))["backup_dir"],
        pc.p("backup").display().to_string()
    );

    // then the other accounts (the wizard's last step uses the administrator's own screen)
    let user = ok(
        &d,
        "add_user",
        json!({ "user_id": "tanaka", "display_name": "田中 太郎", "role": "caseworker", "temporary_password": "kari-abcd-efgh" }),
    );
    assert_eq!(user["must_change_password"], true);

    // the creation is in the audit log
    let log = ok(&d, "search_audit", json!({ "filter": {} }));
    let actions: Vec<&str> = log
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|e| e["action"].as_str())
        .collect();
    for a in ["database_create", "user_add", "office_update"] {
        assert!(actions.contains(&a), "{a}: {actions:?}");
    }

    // setting up again is refused, whatever is asked
    assert_eq!(
        err(&d, "setup_create_office", json!({ "input": input(&pc) })).0,
        "SETUP_DONE"
    );
    assert_eq!(
        err(
            &d,
            "setup_open_existing",
            json!({ "path": "/elsewhere/madoguchi.db" })
        )
        .0,
        "SETUP_DONE"
    );

    // the next start on this PC (the app reads the configuration) opens it: a login, no setup
    let next = Desk::new(config.database.clone(), pc.clock.clock());
    assert_eq!(ok(&next, "app_info", json!({}))["setup_needed"], false);
    assert_eq!(
        err(&next, "setup_create_office", json!({ "input": input(&pc) })).0,
        "SETUP_DONE"
    );
    ok(
        &next,
        "login",
        json!({ "user_id": "kanri", "password": "hogo-no-madoguchi-2026" }),
    );
}

#[test]
fn a_folder_that_already_holds_a_database_is_not_overwritten() {
    let pc = Pc::new();
    ok(
        &pc.desk(),
        "setup_create_office",
        json!({ "input": input(&pc) }),
    );
    let before = std::fs::read(pc.p("data/madoguchi.db")).unwrap();
    // another PC (or this one, reinstalled) points at the same folder
    let other = Pc::new();
    let d = other.desk();
    let mut i = input(&other);
    i["data_dir"] = json!(pc.p("data").display().to_string());
    let (code, msg) = err(&d, "setup_create_office", json!({ "input": i }));
    assert_eq!(code, "SETUP_FOLDERS");
    assert!(msg.contains("既存のデータベースを開く"), "{msg}");
    assert_eq!(std::fs::read(pc.p("data/madoguchi.db")).unwrap(), before);
}

#[test]
fn an_existing_database_is_opened_only_with_its_key_file() {
    let office_pc = Pc::new();
    ok(
        &office_pc.desk(),
        "setup_create_office",
        json!({ "input": input(&office_pc) }),
    );
    let db = office_pc.p("data/madoguchi.db");

    let pc = Pc::new();
    let d = pc.desk();
    let (code, _) = err(
        &d,
        "setup_open_existing",
        json!({ "path": pc.p("nothing.db").display().to_string() }),
    );
    assert_eq!(code, "VALIDATION");
    // a copy of the database without its key file
    std::fs::create_dir_all(pc.p("copy")).unwrap();
    std::fs::copy(&db, pc.p("copy/madoguchi.db")).unwrap();
    let (code, msg) = err(
        &d,
        "setup_open_existing",
        json!({ "path": pc.p("copy/madoguchi.db").display().to_string() }),
    );
    assert_eq!(code, "SETUP_NO_KEY_FILE");
    assert!(msg.contains("鍵ファイル"), "{msg}");
    // not a 窓口 key file
    std::fs::write(pc.p("copy/madoguchi.db.keys"), "not keys").unwrap();
    assert_eq!(
        err(
            &d,
            "setup_open_existing",
            json!({ "path": pc.p("copy/madoguchi.db").display().to_string() })
        )
        .0,
        "SETUP_NOT_A_DATABASE"
    );
    assert!(LocalConfig::load(&pc.config()).unwrap().is_none());

    let info = ok(
        &d,
        "setup_open_existing",
        json!({ "path": db.display().to_string() }),
    );
    assert_eq!(info["setup_needed"], false);
    assert_eq!(info["db_path"], db.display().to_string());
    assert_eq!(
        LocalConfig::load(&pc.config()).unwrap().unwrap().database,
        db
    );
    ok(
        &d,
        "login",
        json!({ "user_id": "kanri", "password": "hogo-no-madoguchi-2026" }),
    );
}

/// An office database with a few records and its backup, made on another PC.
fn office_backup(pc: &Pc) -> PathBuf {
    let old = Pc::new();
    let d = old.desk();
    ok(&d, "setup_create_office", json!({ "input": input(&old) }));
    ok(
        &d,
        "add_user",
        json!({ "user_id": "tanaka", "display_name": "田中 太郎", "role": "caseworker", "temporary_password": "kari-abcd-efgh" }),
    );
    let b = ok(&d, "backup_now", json!({}));
    let file = pc.p("media/office.mdgbak");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::copy(b["path"].as_str().unwrap(), &file).unwrap();
    file
}

fn restore_input(pc: &Pc, file: &Path, password: &str) -> Value {
    json!({
        "backup_file": file.display().to_string(),
        "user_id": "kanri",
        "password": password,
        "data_dir": pc.p("data").display().to_string(),
        "backup_dir": pc.p("backup").display().to_string(),
    })
}

#[test]
fn restoring_a_backup_on_a_new_pc_verifies_it_opens_it_and_keeps_the_chosen_folders() {
    let pc = Pc::new();
    let file = office_backup(&pc);
    let d = pc.desk();
    let session = ok(
        &d,
        "setup_restore",
        json!({ "input": restore_input(&pc, &file, "hogo-no-madoguchi-2026") }),
    );
    assert_eq!(session["user_id"], "kanri");

    // the office's data came back, in the folder chosen here, and it is open
    let db = pc.p("data/madoguchi.db");
    assert!(db.is_file() && pc.p("data/madoguchi.db.keys").is_file());
    let info = ok(&d, "app_info", json!({}));
    assert_eq!(info["setup_needed"], false);
    assert_eq!(info["office_name"], "見本市福祉事務所");
    assert_eq!(info["db_path"], db.display().to_string());
    let users = ok(&d, "list_users", json!({}));
    assert!(users.to_string().contains("tanaka"), "{users}");

    // the restore is in the restored database's audit log
    let log = ok(&d, "search_audit", json!({ "filter": {} })).to_string();
    assert!(log.contains("restore"), "{log}");

    // this PC's configuration and the daily backup use the folders chosen in the wizard
    let config = LocalConfig::load(&pc.config()).unwrap().unwrap();
    assert_eq!(config.database, db);
    assert_eq!(config.backup_dir, Some(pc.p("backup")));
    assert_eq!(
        ok(&d, "operations_settings", json!({}))["backup_dir"],
        pc.p("backup").display().to_string()
    );

    // once restored, no setup method works any more
    assert_eq!(
        err(
            &d,
            "setup_restore",
            json!({ "input": restore_input(&pc, &file, "hogo-no-madoguchi-2026") })
        )
        .0,
        "SETUP_DONE"
    );
}

#[test]
fn a_corrupt_backup_or_a_wrong_password_is_refused_and_leaves_the_pc_unset() {
    let pc = Pc::new();
    let file = office_backup(&pc);
    let d = pc.desk();
    let mut bytes = std::fs::read(&file).unwrap();
    let i = bytes.len() / 2;
    bytes[i] ^= 0x40;
    let bad = pc.p("media/bad.mdgbak");
    std::fs::write(&bad, &bytes).unwrap();

    let (code, message) = err(
        &d,
        "setup_restore",
        json!({ "input": restore_input(&pc, &bad, "hogo-no-madoguchi-2026") }),
    );
    assert_eq!(code, "BACKUP_CORRUPT", "{message}");
    assert!(message.contains("バックアップ"), "{message}");
    let (code, _) = err(
        &d,
        "setup_restore",
        json!({ "input": restore_input(&pc, &file, "wrong-password-2026") }),
    );
    assert!(code.starts_with("AUTH_"), "{code}");
    let (code, _) = err(
        &d,
        "setup_restore",
        json!({ "input": restore_input(&pc, &pc.p("media/none.mdgbak"), "x") }),
    );
    assert_eq!(code, "SETUP_RESTORE");

    // nothing restored: the next start still offers the setup
    assert!(
        files_under(&pc.p("data")).is_empty(),
        "{:?}",
        files_under(&pc.p("data"))
    );
    let config = LocalConfig::load(&pc.config()).unwrap();
    assert!(config.is_none_or(|c| firstrun::is_needed(&c.database)));
    assert_eq!(ok(&d, "app_info", json!({}))["setup_needed"], true);
    // and the good file still restores
    ok(
        &d,
        "setup_restore",
        json!({ "input": restore_input(&pc, &file, "hogo-no-madoguchi-2026") }),
    );
}
