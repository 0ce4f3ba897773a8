//! Result files the import must refuse — replayed, out of order, truncated, tampered, for another
//! office, for a batch never sent or for different data — each with a clear Japanese message and
//! no change to the queue; and the same file imported twice changes nothing.

mod support;

use std::path::{Path, PathBuf};

use madoguchi::exchange::event::MedicalEvent;
use madoguchi::exchange::Channel;
use madoguchi::service::App;
use support::*;

struct Setup {
    db: TestDb,
    med: App,
    usb: PathBuf,
}

/// One household, `batches` medical batches exported (one voucher each), none imported.
fn setup(batches: usize) -> Setup {
    let db = db_with_medium();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("R-0001")).unwrap();
    let pid = cw
        .add_member(
            h.household.id,
            &person("拒否 花子", "キョヒ ハナコ", "1970-01-01", true),
        )
        .unwrap()
        .members[0]
        .id;
    let mut med = db.staff("med");
    let usb = folder(&db, "usb");
    let rn = recipient("123456");
    for i in 0..batches {
        let mut store = producer(&db, "med");
        record(
            &db,
            &mut store,
            pid,
            i as i64,
            MedicalEvent::VoucherIssued(voucher(&rn, &format!("R7-{i:06}"))),
        );
        drop(store);
        med.exchange_export(Channel::Medical, MEDIUM, &usb, &mut |_| true)
            .unwrap();
    }
    Setup { db, med, usb }
}

/// The simulator's result for every batch on the medium, in its own folder.
fn results(s: &Setup, name: &str) -> PathBuf {
    let out = folder(&s.db, name);
    sim(&s.usb, &out, "", "", false);
    out
}

fn only(dir: &Path, seq: i64) -> PathBuf {
    let keep = format!("_{seq:06}.result");
    let out = dir.with_file_name(format!(
        "{}-only{seq}",
        dir.file_name().unwrap().to_string_lossy()
    ));
    std::fs::create_dir_all(&out).unwrap();
    for e in std::fs::read_dir(dir).unwrap() {
        let p = e.unwrap().path();
        if p.to_string_lossy().ends_with(&keep) {
            std::fs::copy(&p, out.join(p.file_name().unwrap())).unwrap();
        }
    }
    out
}

fn result_file(dir: &Path) -> PathBuf {
    std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".result"))
        .unwrap()
}

/// Import, expect a refusal with `code`, and check nothing in the queue changed.
fn refused(s: &mut Setup, dir: &Path, code: &str, words: &str) {
    let before = exchange_snapshot(s.med.store().conn());
    let r = s.med.exchange_import(dir).unwrap();
    assert!(r.imported.is_empty(), "{r:?}");
    assert_eq!(r.refused_code.as_deref(), Some(code), "{r:?}");
    let msg = r.refused_message.unwrap();
    assert!(
        msg.contains(words) && msg.contains("何も変更していません"),
        "{msg}"
    );
    assert_eq!(
        exchange_snapshot(s.med.store().conn()),
        before,
        "{code} changed the queue"
    );
}

#[test]
fn the_same_result_file_twice_changes_nothing() {
    let mut s = setup(1);
    let out = results(&s, "out");
    let r = s.med.exchange_import(&out).unwrap();
    assert_eq!(r.imported.len(), 1);
    refused(&mut s, &out, "EXCHANGE_ALREADY_IMPORTED", "取込済み");
}

#[test]
fn an_out_of_order_result_is_refused_until_the_earlier_batch_is_in() {
    let mut s = setup(2);
    let out = results(&s, "out");
    let second = only(&out, 2);
    refused(&mut s, &second, "EXCHANGE_OUT_OF_ORDER", "先にバッチ 1");
    // In order, both go in.
    let r = s.med.exchange_import(&out).unwrap();
    assert_eq!(
        r.imported.iter().map(|i| i.seq).collect::<Vec<_>>(),
        vec![1, 2]
    );
}

#[test]
fn truncated_and_tampered_files_are_refused() {
    let mut s = setup(1);
    let out = results(&s, "out");
    let f = result_file(&out);
    let bytes = std::fs::read(&f).unwrap();
    let cut = folder(&s.db, "cut");
    std::fs::write(
        cut.join(f.file_name().unwrap()),
        &bytes[..bytes.len() * 2 / 3],
    )
    .unwrap();
    refused(&mut s, &cut, "EXCHANGE_TRUNCATED", "途中で切れています");

    let bad = folder(&s.db, "corrupt");
    sim(&s.usb, &bad, "", "", true);
    refused(
        &mut s,
        &bad,
        "EXCHANGE_TAMPERED",
        "書き換えられているか壊れています",
    );

    // The good file still imports afterwards.
    assert_eq!(s.med.exchange_import(&out).unwrap().imported.len(), 1);
}

#[test]
fn results_for_another_office_an_unknown_batch_or_other_data_are_refused() {
    let mut s = setup(1);
    let out = results(&s, "out");
    let f = result_file(&out);
    let text = std::fs::read_to_string(&f).unwrap();
    let header_of = |t: &str| t.lines().next().unwrap().to_string();

    // Rewrite the header and reseal the file with a correct checksum: what a server bug or a file
    // from elsewhere looks like.
    let base = s.db.dir.path().to_path_buf();
    let reseal = |t: &str, name: &str| -> PathBuf {
        let body: String = t
            .lines()
            .take(t.lines().count() - 1)
            .map(|l| format!("{l}\n"))
            .collect();
        let count = body.lines().count() - 1;
        let sha = madoguchi::exchange::sha256_hex(body.as_bytes());
        let dir = base.join(name);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join(f.file_name().unwrap()),
            format!("{body}{{\"record\":\"trailer\",\"count\":{count},\"sha256\":\"{sha}\"}}\n"),
        )
        .unwrap();
        dir
    };
    let other_office = reseal(
        &text.replacen("\"office\":\"12270013\"", "\"office\":\"12130011\"", 1),
        "office",
    );
    refused(&mut s, &other_office, "EXCHANGE_WRONG_OFFICE", "別の事務所");
    let unknown = reseal(
        &text.replacen("\"batch_seq\":1", "\"batch_seq\":7", 1),
        "unknown",
    );
    refused(
        &mut s,
        &unknown,
        "EXCHANGE_UNKNOWN_BATCH",
        "出力されていません",
    );
    let h = header_of(&text);
    let sha_at = h.find("\"batch_sha256\":\"").unwrap() + 16;
    let other_data = text.replacen(&h[sha_at..sha_at + 64], &"0".repeat(64), 1);
    let other = reseal(&other_data, "other");
    refused(
        &mut s,
        &other,
        "EXCHANGE_BATCH_MISMATCH",
        "送ったファイルと違う",
    );
    let wrong_event = reseal(
        &text.replacen("\"event_id\":1,", "\"event_id\":99,", 1),
        "event",
    );
    refused(
        &mut s,
        &wrong_event,
        "EXCHANGE_RESULT_MISMATCH",
        "送った記録と合いません",
    );
    let wrong_field = reseal(
        &text.replacen("{\"status\":\"accepted\",\"receipt_number\":\"R000001000001\"}", "{\"status\":\"error\",\"code\":\"E1\",\"field\":\"person.my_number\",\"message\":\"x\"}", 1),
        "field",
    );
    refused(
        &mut s,
        &wrong_field,
        "EXCHANGE_RESULT_MISMATCH",
        "この記録にありません",
    );
    let empty = folder(&s.db, "empty");
    let e = s.med.exchange_import(&empty).unwrap_err();
    assert_eq!(e.code(), "EXCHANGE_NO_RESULT_FILES");
}

#[test]
fn a_batch_tampered_on_the_medium_is_refused_by_the_server() {
    let s = setup(1);
    let data = std::fs::read_dir(&s.usb)
        .unwrap()
        .map(|e| e.unwrap().path())
        .find(|p| p.to_string_lossy().ends_with(".dat"))
        .unwrap();
    let text = std::fs::read_to_string(&data).unwrap();
    std::fs::write(&data, text.replacen("見本内科医院", "見本外科医院", 1)).unwrap();
    let out = folder(&s.db, "out");
    let e = madoguchi_sim::run(&madoguchi_sim::Options {
        input: s.usb.clone(),
        output: out.clone(),
        reject: vec![],
        drop: vec![],
        corrupt: false,
        date: d("2025-06-05"),
        now: "2025-06-05T10:00:00+09:00".into(),
    })
    .unwrap_err();
    assert!(e.to_string().contains("SHA-256"), "{e}");
    assert_eq!(
        std::fs::read_dir(&out).unwrap().count(),
        0,
        "no result for a refused batch"
    );
}
