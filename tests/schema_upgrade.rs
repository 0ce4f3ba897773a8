//! Upgrades keep every record: `tests/fixtures/schema/` holds a database made by the program at
//! each released schema version (the demo office, `madoguchi demo`) with a manifest of its rows.
//! Each is opened here with the current program — which migrates it if it is older — and every
//! row the manifest lists must still be there, column for column.
//!
//! Adding the fixture of a release (docs/operations.md → アップグレード):
//! `MADOGUCHI_WRITE_SCHEMA_FIXTURE=1 cargo test -p madoguchi --test schema_upgrade` writes
//! `v<schema>.db` (+ `.keys`, `.anchors`) and `v<schema>.json` for the current schema, once, with
//! the program of that release; commit them and never regenerate an existing one.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use madoguchi::store::keyslots::with_suffix;
use madoguchi::store::migrate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

const USER: &str = "demo";
const PASSWORD: &str = "madoguchi-demo";
const SIDE: &[&str] = &[".keys", ".anchors"];

#[derive(Serialize, Deserialize)]
struct Manifest {
    schema: u32,
    program: String,
    tables: BTreeMap<String, TableRows>,
}

#[derive(Serialize, Deserialize, PartialEq, Debug)]
struct TableRows {
    columns: Vec<String>,
    rows: i64,
    /// SHA-256 over `quote(column)` of every row, in rowid order.
    sha256: String,
}

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema")
}

fn columns(conn: &Connection, table: &str) -> Vec<String> {
    conn.prepare(&format!(
        "SELECT name FROM pragma_table_info('{table}') ORDER BY cid"
    ))
    .unwrap()
    .query_map([], |r| r.get(0))
    .unwrap()
    .collect::<Result<_, _>>()
    .unwrap()
}

/// Rows the program rewrites by design each time it opens a database, left out of the manifest:
/// the WAL guard's epoch (store::wal_guard) is written at every open.
fn kept_rows(table: &str) -> &'static str {
    match table {
        "meta" => "WHERE key <> 'wal_epoch'",
        _ => "",
    }
}

/// The first `limit` rows of `table` (rowid order) but those of [`kept_rows`], `columns` only, hashed.
fn rows_hash(conn: &Connection, table: &str, columns: &[String], limit: i64) -> (i64, String) {
    let expr = columns
        .iter()
        .map(|c| format!("quote(\"{c}\")"))
        .collect::<Vec<_>>()
        .join(" || ',' || ");
    let mut stmt = conn
        .prepare(&format!(
            "SELECT {expr} FROM \"{table}\" {} ORDER BY rowid LIMIT {limit}",
            kept_rows(table)
        ))
        .unwrap();
    let mut h = Sha256::new();
    let mut n = 0;
    for line in stmt.query_map([], |r| r.get::<_, String>(0)).unwrap() {
        h.update(line.unwrap().as_bytes());
        h.update(b"\n");
        n += 1;
    }
    (n, hex::encode(h.finalize()))
}

fn tables(conn: &Connection) -> Vec<String> {
    conn.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
        .unwrap()
        .query_map([], |r| r.get(0))
        .unwrap()
        .collect::<Result<_, _>>()
        .unwrap()
}

fn open(db: &Path) -> madoguchi::store::Store {
    let now = madoguchi::service::system_clock()();
    let (store, _, _) = madoguchi::auth::login(db, USER, PASSWORD, now)
        .unwrap_or_else(|e| panic!("{}: {e}", db.display()));
    store
}

fn fixtures() -> Vec<(u32, PathBuf)> {
    let mut out: Vec<(u32, PathBuf)> = std::fs::read_dir(dir())
        .map(|rd| {
            rd.flatten()
                .map(|e| e.path())
                .filter(|p| p.extension().is_some_and(|x| x == "db"))
                .filter_map(|p| {
                    let v = p.file_stem()?.to_str()?.strip_prefix('v')?.parse().ok()?;
                    Some((v, p))
                })
                .collect()
        })
        .unwrap_or_default();
    out.sort();
    out
}

#[test]
fn write_the_fixture_of_this_schema_when_asked() {
    if std::env::var_os("MADOGUCHI_WRITE_SCHEMA_FIXTURE").is_none() {
        return;
    }
    let schema = migrate::latest_version();
    let db = dir().join(format!("v{schema}.db"));
    assert!(
        !db.exists(),
        "{} exists: fixtures are never regenerated",
        db.display()
    );
    std::fs::create_dir_all(dir()).unwrap();
    madoguchi::demo::create_demo(&db, &madoguchi::service::system_clock()).unwrap();
    let store = open(&db);
    let conn = store.conn();
    let mut manifest = Manifest {
        schema,
        program: madoguchi::VERSION.into(),
        tables: BTreeMap::new(),
    };
    for t in tables(conn) {
        let cols = columns(conn, &t);
        let (rows, sha256) = rows_hash(conn, &t, &cols, i64::MAX);
        manifest.tables.insert(
            t,
            TableRows {
                columns: cols,
                rows,
                sha256,
            },
        );
    }
    drop(store);
    std::fs::write(
        dir().join(format!("v{schema}.json")),
        serde_json::to_string_pretty(&manifest).unwrap() + "\n",
    )
    .unwrap();
}

#[test]
fn every_fixture_opens_with_this_program_and_keeps_every_record() {
    let all = fixtures();
    assert!(!all.is_empty(), "no fixture in {}", dir().display());
    for (version, fixture) in all {
        let manifest: Manifest =
            serde_json::from_str(&std::fs::read_to_string(fixture.with_extension("json")).unwrap())
                .unwrap();
        assert_eq!(manifest.schema, version);
        let work = tempfile::tempdir().unwrap();
        let db = work.path().join("madoguchi.db");
        std::fs::copy(&fixture, &db).unwrap();
        for s in SIDE {
            if with_suffix(&fixture, s).exists() {
                std::fs::copy(with_suffix(&fixture, s), with_suffix(&db, s)).unwrap();
            }
        }
        let original = std::fs::read(&db).unwrap();

        let store = open(&db);
        let conn = store.conn();
        assert_eq!(
            migrate::current_version(conn).unwrap(),
            migrate::latest_version()
        );
        for (table, want) in &manifest.tables {
            // The login that opened it raised the demo account's slot to the office's calibrated
            // cost (issue 14, store::kdf), which rewrites that row's fingerprint by design: for
            // key_slots every row must still be there; the other columns are compared.
            let columns: Vec<String> = want
                .columns
                .iter()
                .filter(|c| !(table == "key_slots" && c.as_str() == "fingerprint"))
                .cloned()
                .collect();
            if columns.len() != want.columns.len() {
                let (n, _) = rows_hash(conn, table, &columns, want.rows);
                assert_eq!(n, want.rows, "v{version}: table {table} lost rows");
                continue;
            }
            let (n, sha) = rows_hash(conn, table, &want.columns, want.rows);
            assert_eq!(
                (n, &sha),
                (want.rows, &want.sha256),
                "v{version}: table {table} lost or changed rows"
            );
        }
        drop(store);

        // an older database was copied, untouched, before the migration
        let backups: Vec<PathBuf> = std::fs::read_dir(work.path())
            .unwrap()
            .flatten()
            .map(|e| e.path())
            .filter(|p| {
                p.file_name().and_then(|n| n.to_str()).is_some_and(|n| {
                    n.starts_with(&format!("madoguchi.db.before-schema-{version}-"))
                        && !n.ends_with(".keys")
                        && !n.ends_with(".anchors")
                })
            })
            .collect();
        if version < migrate::latest_version() {
            assert_eq!(backups.len(), 1, "v{version}: {backups:?}");
            assert_eq!(std::fs::read(&backups[0]).unwrap(), original);
            assert!(with_suffix(&backups[0], ".keys").is_file());
        } else {
            assert!(backups.is_empty(), "no upgrade, no copy: {backups:?}");
        }
    }
}
