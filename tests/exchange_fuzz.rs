//! Property tests over the result-file reader and the import: arbitrary bytes, and valid files
//! with bytes changed, cut or inserted (with and without the checksum recomputed) never panic,
//! and an import that refuses changes nothing in the queue.
//!
//! Bounded for CI (a few hundred cases in seconds); `MADOGUCHI_FUZZ_CASES=20000` runs a long
//! campaign outside it.

mod common;

use std::path::PathBuf;

use common::*;
use madoguchi::exchange::layout::{default_layout, Outcome, ResultHeader, ResultLine};
use madoguchi::exchange::record::{Agency, Information, Procedure};
use madoguchi::exchange::Channel;
use madoguchi::service::exchange::InquiryInput;
use madoguchi::service::App;
use proptest::prelude::*;
use sha2::{Digest, Sha256};

fn cases(default: u32) -> u32 {
    std::env::var("MADOGUCHI_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// A database with one inquiry batch exported, and a valid result file for it.
fn sent_batch() -> (TestDb, App, Vec<u8>, String) {
    let db = TestDb::new();
    db.login(ADMIN, ADMIN_PW)
        .exchange_register_medium("USB-01", "試験用")
        .unwrap();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("F-0001")).unwrap();
    let mut m = member("照会 一郎", "ショウカイ イチロウ", "1960-01-01");
    m.addressee_number = Some("123".into());
    let pid = cw.add_member(h.household.id, &m).unwrap().members[0].id;
    for _ in 0..3 {
        cw.request_inquiry(&InquiryInput {
            person_id: pid,
            agency: Agency::PensionInsurer,
            information: Information::Pension,
            procedure: Procedure::Start,
            reason: "年金の確認".into(),
        })
        .unwrap();
    }
    let mut med = db.staff("med");
    let usb = db.dir.path().join("usb");
    std::fs::create_dir_all(&usb).unwrap();
    let e = med
        .exchange_export(Channel::Inquiry, "USB-01", &usb, &mut |_| true)
        .unwrap();
    let batch = default_layout()
        .read_batch(&std::fs::read(usb.join(&e.files[0])).unwrap())
        .unwrap();
    let lines: Vec<ResultLine> = batch
        .lines
        .iter()
        .map(|l| ResultLine {
            no: l.no,
            event_id: l.event_id,
            revision: l.revision,
            outcome: Outcome::NoData {
                agency: Agency::PensionInsurer,
                answered_on: chrono::NaiveDate::from_ymd_opt(2025, 6, 3).unwrap(),
            },
        })
        .collect();
    let header = ResultHeader {
        channel: Channel::Inquiry,
        office: "12270013".into(),
        seq: 1,
        batch_sha256: e.data_sha256.clone(),
        created_at: "2025-06-03T10:00:00+09:00".into(),
    };
    let mut bytes = vec![];
    default_layout()
        .write_results(&header, &lines, &mut bytes)
        .unwrap();
    let name = default_layout().result_file_name(Channel::Inquiry, "12270013", 1);
    (db, med, bytes, name)
}

/// Recompute the trailer so a changed file gets past the checksum and reaches the deeper checks.
fn reseal(bytes: &[u8]) -> Vec<u8> {
    let body_end = match bytes.iter().rposition(|&b| b == b'\n') {
        Some(last) => bytes[..last]
            .iter()
            .rposition(|&b| b == b'\n')
            .map(|i| i + 1)
            .unwrap_or(0),
        None => return bytes.to_vec(),
    };
    let body = &bytes[..body_end];
    let count = body
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        .saturating_sub(1);
    let mut out = body.to_vec();
    out.extend(
        format!(
            "{{\"record\":\"trailer\",\"count\":{count},\"sha256\":\"{}\"}}\n",
            hex::encode(Sha256::digest(body))
        )
        .bytes(),
    );
    out
}

#[derive(Debug, Clone)]
enum Mutation {
    Flip(usize, u8),
    Cut(usize),
    Insert(usize, Vec<u8>),
    Replace(usize, usize, String),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        (any::<usize>(), any::<u8>()).prop_map(|(i, b)| Mutation::Flip(i, b)),
        any::<usize>().prop_map(Mutation::Cut),
        (any::<usize>(), proptest::collection::vec(any::<u8>(), 1..8))
            .prop_map(|(i, v)| Mutation::Insert(i, v)),
        (any::<usize>(), 1usize..12, "[\\PC\"{}:,0-9a-z]{0,12}")
            .prop_map(|(i, n, s)| Mutation::Replace(i, n, s)),
    ]
}

fn apply(bytes: &[u8], m: &Mutation) -> Vec<u8> {
    let mut b = bytes.to_vec();
    let n = b.len().max(1);
    match m {
        Mutation::Flip(i, x) => {
            let i = i % n;
            if i < b.len() {
                b[i] ^= x | 1;
            }
        }
        Mutation::Cut(i) => b.truncate(i % n),
        Mutation::Insert(i, v) => {
            let i = i % n;
            b.splice(i..i, v.iter().copied());
        }
        Mutation::Replace(i, len, s) => {
            let i = i % n;
            let end = (i + len).min(b.len());
            b.splice(i..end, s.bytes());
        }
    }
    b
}

proptest! {
    #![proptest_config(ProptestConfig { cases: cases(512), ..ProptestConfig::default() })]

    #[test]
    fn arbitrary_bytes_never_panic_the_readers(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        let l = default_layout();
        let _ = l.read_results(&bytes);
        let _ = l.read_batch(&bytes);
        let _ = l.read_results(&reseal(&bytes));
    }

    #[test]
    fn arbitrary_json_lines_never_panic_the_reader(lines in proptest::collection::vec("\\{\"record\":\"(result|result_header|trailer|data)\"[\\PC]{0,80}\\}", 1..6)) {
        let text = lines.join("\n") + "\n";
        let _ = default_layout().read_results(reseal(text.as_bytes()).as_slice());
    }
}

#[test]
fn changed_result_files_never_panic_and_a_refused_import_changes_nothing() {
    let (db, med, good, name) = sent_batch();
    // The runner takes an `Fn`: the session and the counter are borrowed through cells.
    let med = std::cell::RefCell::new(med);
    let refused = std::cell::Cell::new(0);
    let dir: PathBuf = db.dir.path().join("results");
    std::fs::create_dir_all(&dir).unwrap();
    let mut runner = proptest::test_runner::TestRunner::new(ProptestConfig {
        cases: cases(48),
        ..ProptestConfig::default()
    });
    runner
        .run(
            &(proptest::collection::vec(mutation(), 1..4), any::<bool>()),
            |(ms, seal)| {
                let mut bytes = good.clone();
                for m in &ms {
                    bytes = apply(&bytes, m);
                }
                if seal {
                    bytes = reseal(&bytes);
                }
                let _ = default_layout().read_results(&bytes);
                std::fs::write(dir.join(&name), &bytes).unwrap();
                let mut med = med.borrow_mut();
                let before = exchange_snapshot(med.store().conn());
                let r = med.exchange_import(&dir).unwrap();
                if r.refused_code.is_some() {
                    refused.set(refused.get() + 1);
                    prop_assert!(r.imported.is_empty());
                    prop_assert!(r
                        .refused_message
                        .as_deref()
                        .unwrap()
                        .contains("何も変更していません"));
                    prop_assert_eq!(exchange_snapshot(med.store().conn()), before);
                }
                Ok(())
            },
        )
        .unwrap();
    assert!(refused.get() > 0);
    // Whatever happened, the untouched file is either imported now or was imported already.
    std::fs::write(dir.join(&name), &good).unwrap();
    let r = med.borrow_mut().exchange_import(&dir).unwrap();
    assert!(
        r.refused_code.is_none()
            || r.refused_code.as_deref() == Some("EXCHANGE_REPLAYED")
            || r.refused_code.as_deref() == Some("EXCHANGE_ALREADY_IMPORTED"),
        "{r:?}"
    );
}
