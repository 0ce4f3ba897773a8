//! Hostile input (issue 14): every file the program reads — rate sets, key-slot side files,
//! backups, the institution (指定医療機関) and care-provider (指定介護機関) register CSVs — fed
//! mutated and random bytes. Nothing may panic, a refused import writes nothing, an oversize file
//! is refused before it is parsed. (Exchange result files: `exchange_fuzz.rs`.)
//!
//! `MADOGUCHI_FUZZ_CASES` inputs per parser (default 1,000: a bounded pass for CI); outside CI
//! `MADOGUCHI_FUZZ_CASES=1000000 cargo test --release -p madoguchi --test fuzz -- --nocapture`
//! (figures in docs/benchmarks.md).

mod common;

use std::cell::{Cell, RefCell};
use std::io::Cursor;

use common::*;
use proptest::prelude::*;
use proptest::test_runner::{Config, TestRunner};

fn cases() -> u32 {
    std::env::var("MADOGUCHI_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1000)
}

fn runner(n: u32) -> TestRunner {
    TestRunner::new(Config {
        cases: n,
        failure_persistence: None,
        max_shrink_iters: 200,
        ..Config::default()
    })
}

/// A mutation of some bytes: flip, insert, delete, cut, splice junk, duplicate a range.
#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Insert(usize, Vec<u8>),
    Delete(usize, usize),
    Truncate(usize),
    Duplicate(usize, usize),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), 1u8..=255).prop_map(|(i, b)| Mutation::Flip(i, b)),
        (
            any::<usize>(),
            proptest::collection::vec(any::<u8>(), 1..16)
        )
            .prop_map(|(i, v)| Mutation::Insert(i, v)),
        (any::<usize>(), 1usize..64).prop_map(|(i, n)| Mutation::Delete(i, n)),
        any::<usize>().prop_map(Mutation::Truncate),
        (any::<usize>(), 1usize..256).prop_map(|(i, n)| Mutation::Duplicate(i, n)),
    ]
}

fn apply(bytes: &mut Vec<u8>, m: &Mutation) {
    if bytes.is_empty() {
        return;
    }
    let at = |i: usize, len: usize| i % (len + 1);
    match m {
        Mutation::Flip(i, b) => {
            let i = i % bytes.len();
            bytes[i] ^= b;
        }
        Mutation::Insert(i, v) => {
            let i = at(*i, bytes.len());
            bytes.splice(i..i, v.iter().copied());
        }
        Mutation::Delete(i, n) => {
            let i = at(*i, bytes.len());
            let end = (i + n).min(bytes.len());
            bytes.drain(i..end);
        }
        Mutation::Truncate(i) => bytes.truncate(at(*i, bytes.len())),
        Mutation::Duplicate(i, n) => {
            let i = at(*i, bytes.len());
            let end = (i + n).min(bytes.len());
            let part = bytes[i..end].to_vec();
            bytes.splice(i..i, part);
        }
    }
}

fn mutated(base: Vec<u8>) -> impl Strategy<Value = Vec<u8>> {
    proptest::collection::vec(mutation(), 1..6).prop_map(move |ms| {
        let mut b = base.clone();
        for m in &ms {
            apply(&mut b, m);
        }
        b
    })
}

fn report(what: &str, n: u32, refused: usize) {
    eprintln!("fuzz {what}: {n} inputs, {refused} refused, no panic");
}

#[test]
fn rate_set_files_never_panic_the_parser() {
    let base = fixture_files();
    let n = cases();
    let refused = Cell::new(0usize);
    let mut r = runner(n);
    let base2 = base.clone();
    r.run(
        &(0..base.len(), proptest::collection::vec(mutation(), 1..6)),
        |(which, ms)| {
            let mut files = base2.clone();
            let mut bytes = files[which].1.clone().into_bytes();
            for m in &ms {
                apply(&mut bytes, m);
            }
            files[which].1 = String::from_utf8_lossy(&bytes).into_owned();
            let refs: Vec<(&str, &str)> = files
                .iter()
                .map(|(a, b)| (a.as_str(), b.as_str()))
                .collect();
            if madoguchi::calc::parse_files(&refs).is_err() {
                refused.set(refused.get() + 1);
            }
            Ok(())
        },
    )
    .unwrap();
    report("rate sets", n, refused.get());
}

#[test]
fn a_refused_rate_import_writes_nothing_and_oversize_files_are_refused() {
    let db = TestDb::new();
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let count = |a: &madoguchi::service::App| -> i64 {
        a.store()
            .conn()
            .query_row("SELECT count(*) FROM rate_sets", [], |r| r.get(0))
            .unwrap()
    };
    // Oversize: refused with the file's name, before parsing.
    let mut files = fixture_files();
    files[0]
        .1
        .push_str(&"9".repeat(madoguchi::service::decisions::MAX_RATE_FILE_BYTES));
    let e = admin.import_rates(&files, true).unwrap_err();
    assert_eq!(e.code(), "RATE_TOO_LARGE");
    assert!(e.to_string().contains(&files[0].0));
    let many: Vec<(String, String)> = (0..100)
        .map(|i| (format!("f{i}.csv"), String::new()))
        .collect();
    assert_eq!(
        admin.import_rates(&many, true).unwrap_err().code(),
        "RATE_TOO_LARGE"
    );
    assert_eq!(count(&admin), 0);
    // Mutated sets through the real import: a refusal leaves the table as it was.
    let base = fixture_files();
    let admin = RefCell::new(admin);
    let mut r = runner((cases() / 10).clamp(20, 2000));
    r.run(
        &(0..base.len(), proptest::collection::vec(mutation(), 1..4)),
        |(which, ms)| {
            let mut files = base.clone();
            let mut bytes = files[which].1.clone().into_bytes();
            for m in &ms {
                apply(&mut bytes, m);
            }
            files[which].1 = String::from_utf8_lossy(&bytes).into_owned();
            let mut admin = admin.borrow_mut();
            let before = count(&admin);
            match admin.import_rates(&files, true) {
                Ok(_) => prop_assert_eq!(count(&admin), before + 1),
                Err(_) => prop_assert_eq!(count(&admin), before),
            }
            // An accepted mutation is deleted again so the next case starts from nothing.
            admin
                .store()
                .conn()
                .execute("DELETE FROM rate_sets", [])
                .unwrap();
            Ok(())
        },
    )
    .unwrap();
}

#[test]
fn side_files_never_panic_and_hostile_numbers_are_refused() {
    let db = TestDb::new();
    let base = std::fs::read(madoguchi::store::side_file_path(&db.path)).unwrap();
    let n = cases();
    let refused = Cell::new(0usize);
    runner(n)
        .run(&mutated(base.clone()), |bytes| {
            if madoguchi::store::KeyFile::from_bytes(&bytes).is_err() {
                refused.set(refused.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    report("side files", n, refused.get());
    // Values that would exhaust memory or time are refused outright.
    let mut v: serde_json::Value = serde_json::from_slice(&base).unwrap();
    v["slots"][0]["kdf"]["m_kib"] = (64u64 * 1024 * 1024).into();
    assert!(madoguchi::store::KeyFile::from_bytes(&serde_json::to_vec(&v).unwrap()).is_err());
    let big = vec![b' '; 5 * 1024 * 1024];
    assert!(madoguchi::store::KeyFile::from_bytes(&big).is_err());
}

/// A small but complete backup container (the database part is random pages: inspection never
/// opens it, so the fuzzer spends its time on the container).
fn small_backup(dir: &std::path::Path) -> Vec<u8> {
    let db = TestDb::new();
    let keys = std::fs::read(madoguchi::store::side_file_path(&db.path)).unwrap();
    let kf = madoguchi::store::KeyFile::from_bytes(&keys).unwrap();
    let pages = dir.join("pages.db");
    let mut p = vec![0u8; 8192];
    for (i, b) in p.iter_mut().enumerate() {
        *b = (i * 31 % 251) as u8;
    }
    std::fs::write(&pages, &p).unwrap();
    let out = dir.join("small.mdgbak");
    let anchor = madoguchi::audit::Anchor {
        db_id: kf.db_id.clone(),
        seq: 3,
        hash: "0".repeat(64),
        at: "2025-06-02T09:00:00+09:00".into(),
    };
    madoguchi::store::backup::write(
        &out,
        &pages,
        &keys,
        madoguchi::store::backup::Manifest {
            format: String::new(),
            version: 1,
            db_id: kf.db_id,
            created_at: "2025-06-02T09:00:00+09:00".into(),
            created_by: ADMIN.into(),
            program_version: "test".into(),
            schema_version: madoguchi::store::migrate::latest_version(),
            db_len: 0,
            db_sha256: String::new(),
            keys_len: 0,
            keys_sha256: String::new(),
            anchor: anchor.to_line(),
            automatic: false,
        },
    )
    .unwrap();
    std::fs::read(&out).unwrap()
}

#[test]
fn backups_never_panic_and_every_mutation_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let base = small_backup(dir.path());
    assert!(
        madoguchi::store::backup::inspect_reader(&mut Cursor::new(&base), base.len() as u64)
            .is_ok()
    );
    let n = cases();
    let accepted = Cell::new(0usize);
    runner(n)
        .run(&mutated(base.clone()), |bytes| {
            let r = madoguchi::store::backup::inspect_reader(
                &mut Cursor::new(&bytes),
                bytes.len() as u64,
            );
            // The whole-file checksum catches every change (a mutation that happens to give
            // back the same bytes is not a change).
            if r.is_ok() {
                prop_assert_eq!(&bytes, &base);
                accepted.set(accepted.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    report("backups", n, n as usize - accepted.get());
    // Random bytes, and a manifest claiming a huge database, are refused before any allocation.
    let mut huge = madoguchi::store::backup::MAGIC.to_vec();
    huge.extend(br#"{"format":"madoguchi-backup","version":1,"db_id":"x","created_at":"","created_by":"","program_version":"","schema_version":1,"db_len":999999999999999,"db_sha256":"0000000000000000000000000000000000000000000000000000000000000000","keys_len":1,"keys_sha256":"0000000000000000000000000000000000000000000000000000000000000000","anchor":"","automatic":false}"#);
    huge.push(b'\n');
    let e = madoguchi::store::backup::inspect_reader(&mut Cursor::new(&huge), huge.len() as u64)
        .unwrap_err();
    assert_eq!(e.code(), "BACKUP_CORRUPT");
}

// --- the register CSVs (指定医療機関・指定介護機関) ---------------------------------------------

/// A small institution list with the Japanese headers (tests/medical_aid.rs uses the English ones).
const INSTITUTIONS: &str = "医療機関コード,名称,カナ,種別,郵便番号,所在地,電話番号,指定年月日,指定終了日
0110113719,見本内科医院,ミホンナイカイイン,医科,347-0001,見本市見本町2-1,0480-00-1111,2000-04-01,
0140113713,見本薬局,ミホンヤッキョク,調剤,347-0001,見本市見本町2-2,0480-00-2222,2000-04-01,2030-03-31
0130113715,見本歯科,ミホンシカ,歯科,,見本市見本町2-3,,2000-04-01,
";

/// A small provider list with the English headers, a letter 事業所区分 and two service kinds.
const PROVIDERS: &str =
    "number,name,kana,service_kinds,postal_code,address,phone,valid_from,valid_to
1371123454,見本居宅支援,ミホンキョタク,43,347-0002,見本町1-1,0480-00-4444,2020-04-01,
1371000017,見本訪問介護,ミホンホウモン,11・15,,見本町2-2,,2020-04-01,2029-03-31
13A7100010,見本総合事業,ミホンソウゴウ,A6,,見本町3-3,,2021-04-01,
";

type ImportFn = fn(
    &mut madoguchi::service::App,
    &str,
    bool,
) -> Result<(bool, i64), madoguchi::service::ServiceError>;

/// Which register: its parser, its import (`dry_run`), and its table.
struct Register {
    what: &'static str,
    /// The CLI command that imports it.
    command: &'static str,
    base: &'static str,
    table: &'static str,
    /// Some(number of accepted lines) or None (the file refused whole).
    parse: fn(&str) -> Option<usize>,
    /// The import through the App: refused, or (applied, lines in error).
    import: ImportFn,
}

const REGISTERS: [Register; 2] = [
    Register {
        what: "institution CSV",
        command: "institutions",
        base: INSTITUTIONS,
        table: "institutions",
        parse: |t| {
            madoguchi::domain::medical_aid::institution::parse_csv(t)
                .ok()
                .map(|l| l.len())
        },
        import: |a, t, dry| {
            a.institutions_import(t, dry)
                .map(|r| (r.applied, r.invalid))
        },
    },
    Register {
        what: "care-provider CSV",
        command: "providers",
        base: PROVIDERS,
        table: "care_providers",
        parse: |t| {
            madoguchi::domain::care_aid::provider::parse_csv(t)
                .ok()
                .map(|l| l.len())
        },
        import: |a, t, dry| {
            a.care_providers_import(t, dry)
                .map(|r| (r.applied, r.invalid))
        },
    },
];

/// Mutated lists and arbitrary text through the parser alone: never a panic.
fn register_parser_never_panics(reg: &Register) {
    assert_eq!(
        (reg.parse)(reg.base),
        Some(3),
        "{}: the base list parses",
        reg.what
    );
    let n = cases();
    let refused = Cell::new(0usize);
    let input = prop_oneof![
        4 => mutated(reg.base.as_bytes().to_vec())
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
        1 => "\\PC{0,200}",
        1 => proptest::collection::vec(any::<u8>(), 0..300)
            .prop_map(|b| String::from_utf8_lossy(&b).into_owned()),
    ];
    runner(n)
        .run(&input, |text| {
            if (reg.parse)(&text).is_none() {
                refused.set(refused.get() + 1);
            }
            Ok(())
        })
        .unwrap();
    report(reg.what, n, refused.get());
}

#[test]
fn institution_csv_never_panics_the_parser() {
    register_parser_never_panics(&REGISTERS[0]);
}

#[test]
fn care_provider_csv_never_panics_the_parser() {
    register_parser_never_panics(&REGISTERS[1]);
}

/// Through the real import: a dry run never writes; an apply either writes the whole list (and
/// only when no line is in error) or nothing; an oversize file is refused with a Japanese message
/// before it is read.
#[test]
fn a_refused_register_import_writes_nothing_and_oversize_files_are_refused() {
    let db = TestDb::new();
    let app = RefCell::new(db.staff("med"));
    for reg in &REGISTERS {
        let huge = format!("{}{}", reg.base, "9".repeat(21 * 1024 * 1024));
        let mut a = app.borrow_mut();
        for dry in [true, false] {
            let e = (reg.import)(&mut a, &huge, dry).unwrap_err();
            assert_eq!(e.code(), "IMPORT_TOO_LARGE", "{}", reg.what);
            assert!(e.to_string().contains("大きすぎます"), "{e}");
            assert!(e.to_string().contains("MB まで"), "the limit is named: {e}");
        }
        assert_eq!(table_rows(a.store().conn(), reg.table), "");
        drop(a);
        // The CLI refuses the file by its length, before reading it (a sparse 21 MB file).
        let file = db.dir.path().join("huge.csv");
        std::fs::File::create(&file)
            .unwrap()
            .set_len(21 * 1024 * 1024)
            .unwrap();
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_madoguchi"))
            .arg("--db")
            .arg(&db.path)
            .args(["--user", "med", reg.command, "import", "--dry-run"])
            .arg(&file)
            .env("MADOGUCHI_PASSWORD", STAFF_PW)
            .env_remove("MADOGUCHI_DB")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(
            err.contains("大きすぎます") && err.contains("MB まで"),
            "{err}"
        );

        let applied = Cell::new(0usize);
        let mut r = runner((cases() / 10).clamp(20, 2000));
        r.run(&mutated(reg.base.as_bytes().to_vec()), |bytes| {
            let text = String::from_utf8_lossy(&bytes).into_owned();
            let mut a = app.borrow_mut();
            let before = table_rows(a.store().conn(), reg.table);
            let dry = (reg.import)(&mut a, &text, true);
            prop_assert_eq!(
                &table_rows(a.store().conn(), reg.table),
                &before,
                "a dry run wrote"
            );
            prop_assert!(!matches!(dry, Ok((true, _))), "a dry run applied");
            match (reg.import)(&mut a, &text, false) {
                Ok((true, invalid)) => {
                    prop_assert_eq!(invalid, 0, "applied with lines in error");
                    applied.set(applied.get() + 1);
                }
                Ok((false, invalid)) => {
                    prop_assert!(invalid > 0, "not applied without a reason");
                    prop_assert_eq!(
                        &table_rows(a.store().conn(), reg.table),
                        &before,
                        "partial write"
                    );
                }
                Err(_) => {
                    prop_assert_eq!(
                        &table_rows(a.store().conn(), reg.table),
                        &before,
                        "partial write"
                    )
                }
            }
            // An accepted list is removed again so the next case starts from nothing.
            a.store()
                .conn()
                .execute(&format!("DELETE FROM {}", reg.table), [])
                .unwrap();
            Ok(())
        })
        .unwrap();
        eprintln!(
            "fuzz {} import: {} applied whole, the rest changed nothing",
            reg.what,
            applied.get()
        );
    }
}
