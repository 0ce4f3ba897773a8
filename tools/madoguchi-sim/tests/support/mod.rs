//! Helpers for the exchange tests: the shared test database, a medium, producers recording
//! medical events through the outbox, and the simulator.
#![allow(dead_code)]

#[path = "../../../../tests/common/mod.rs"]
pub mod common;

use std::path::{Path, PathBuf};

use chrono::NaiveDate;
pub use common::*;
use madoguchi::domain::checkdigit::{mod10_check_digit, my_number_check_digit};
use madoguchi::domain::household::{MemberInput, Sex};
use madoguchi::exchange::event::{Event, MedicalEvent, Source};
use madoguchi::exchange::record::*;
use madoguchi::exchange::{outbox, Channel, OutboxState};
use madoguchi::service::App;
use madoguchi::store::Store;

pub const MEDIUM: &str = "USB-01";

pub fn d(s: &str) -> NaiveDate {
    NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
}

/// A valid My Number from an 11-digit body.
pub fn my_number(body: &str) -> String {
    format!("{body}{}", my_number_check_digit(body).unwrap())
}

/// A valid 受給者番号 from a 6-digit body.
pub fn recipient(body: &str) -> String {
    format!("{body}{}", mod10_check_digit(body).unwrap())
}

/// The test database with the medium registered by the administrator.
pub fn db_with_medium() -> TestDb {
    let db = TestDb::new();
    let mut admin = db.login(ADMIN, ADMIN_PW);
    admin
        .exchange_register_medium(MEDIUM, "USBメモリ1号（保管庫A）")
        .unwrap();
    db
}

pub fn person(name: &str, kana: &str, birth: &str, head: bool) -> MemberInput {
    MemberInput {
        name: name.into(),
        kana: kana.into(),
        birth_date: birth.into(),
        sex: if head { Sex::Female } else { Sex::Male },
        relationship: if head {
            "世帯主".into()
        } else {
            "子".into()
        },
        is_head: head,
        my_number: None,
        addressee_number: None,
        dv_protected: false,
        death_date: None,
    }
}

/// The store as a producer uses it: its own write transaction, the outbox call inside.
pub fn producer(db: &TestDb, user: &str) -> Store {
    let (store, _, _) =
        madoguchi::auth::login(&db.path, user, STAFF_PW, (db.clock.clock())()).unwrap();
    store
}

pub fn now(db: &TestDb) -> String {
    (db.clock.clock())().to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
}

pub fn record(
    db: &TestDb,
    store: &mut Store,
    person_id: i64,
    source_id: i64,
    ev: MedicalEvent,
) -> i64 {
    let now = now(db);
    store
        .write("med", &now, |tx| {
            outbox::record(
                tx,
                person_id,
                Source::new("voucher", source_id),
                &Event::Medical(ev),
            )
        })
        .unwrap()
}

pub fn voucher(recipient_number: &str, issue: &str) -> Voucher {
    Voucher {
        recipient_number: recipient_number.into(),
        ticket_type: TicketType::Medical,
        issue_number: issue.into(),
        treatment_month: "2025-06".into(),
        valid_from: d("2025-06-01"),
        valid_to: d("2025-06-30"),
        institution: Institution {
            code: "1110123456".into(),
            name: "見本内科医院".into(),
        },
        prescriber: None,
        diseases: vec!["高血圧症".into()],
        treatment_type: TreatmentType::Outpatient,
        self_pay_yen: 0,
        district_worker_name: "地区 担当".into(),
        handling_clerk_name: "医療 担当".into(),
        single_or_combined: SingleOrCombined::Single,
        social_insurance: SocialInsurance::No,
        infectious_disease_37_2: Applicable::No,
        elderly_medical_care: Applicable::No,
        prefectural_expense: Applicable::No,
        remarks: vec![],
    }
}

pub fn sim(
    input: &Path,
    output: &Path,
    reject: &str,
    drop: &str,
    corrupt: bool,
) -> Vec<madoguchi_sim::Summary> {
    madoguchi_sim::run(&madoguchi_sim::Options {
        input: input.into(),
        output: output.into(),
        reject: madoguchi_sim::parse_rejects(reject).unwrap(),
        drop: madoguchi_sim::parse_numbers(drop).unwrap(),
        corrupt,
        date: d("2025-06-05"),
        now: "2025-06-05T10:00:00+09:00".into(),
    })
    .unwrap()
}

/// A fresh directory standing for a medium (or the terminal's folder).
pub fn folder(db: &TestDb, name: &str) -> PathBuf {
    let p = db.dir.path().join(name);
    std::fs::create_dir_all(&p).unwrap();
    p
}

pub fn status(app: &mut App, c: Channel) -> madoguchi::exchange::status::ChannelStatus {
    app.exchange_status()
        .unwrap()
        .into_iter()
        .find(|s| s.channel == c)
        .unwrap()
}

pub fn states(app: &App, c: Channel) -> Vec<OutboxState> {
    let rows = madoguchi::store::exchange::list_outbox(
        app.store().conn(),
        &madoguchi::store::exchange::OutboxFilter {
            channel: Some(c),
            limit: 100_000,
            ..Default::default()
        },
    )
    .unwrap();
    rows.into_iter().map(|r| r.state).collect()
}

pub fn audit_actions(app: &mut App) -> Vec<String> {
    app.search_audit(&madoguchi::service::views::AuditQuery {
        limit: Some(10_000),
        ..Default::default()
    })
    .unwrap()
    .into_iter()
    .map(|e| e.action)
    .collect()
}
