//! Exchange throughput (issue 13): export 10,000 queued records as one batch, import 10,000
//! results. Targets: each under 1 second.
//!
//! A real encrypted office database with 10,000 medical-aid voucher events queued through the
//! outbox (the largest records the queue carries), copied fresh for every run so each export
//! starts from the same queue and each import from the same sent batch. Timed: the use cases as
//! the UI and CLI call them (`App::exchange_export`, `App::exchange_import`), including the data
//! file and manifest written and synced to disk, the 媒体管理簿 line and the audit entry — not the
//! login. Run: `cargo bench --bench exchange` (`BENCH_RECORDS`, `BENCH_RUNS`). Figures go in
//! docs/benchmarks.md.

use std::path::{Path, PathBuf};
use std::time::Instant;

use chrono::NaiveDate;
use madoguchi::domain::household::{HouseholdInput, MemberInput, Sex};
use madoguchi::domain::role::Role;
use madoguchi::exchange::event::{Event, MedicalEvent, Source};
use madoguchi::exchange::layout::{default_layout, Outcome, ResultHeader, ResultLine};
use madoguchi::exchange::record::*;
use madoguchi::exchange::{outbox, Channel};
use madoguchi::service::{system_clock, App};

const ADMIN_PW: &str = "kanri-sekinin-2025";
const STAFF_PW: &str = "madoguchi-staff-7";

fn env_num(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

fn voucher(rn: &str, n: usize) -> Voucher {
    let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
    Voucher {
        recipient_number: rn.into(),
        ticket_type: TicketType::Medical,
        issue_number: format!("R7-{n:06}"),
        treatment_month: "2025-06".into(),
        valid_from: d("2025-06-01"),
        valid_to: d("2025-06-30"),
        institution: Institution {
            code: "1110123456".into(),
            name: "見本内科医院".into(),
        },
        prescriber: None,
        diseases: vec!["高血圧症".into(), "糖尿病".into()],
        treatment_type: TreatmentType::Outpatient,
        self_pay_yen: 0,
        district_worker_name: "地区 担当".into(),
        handling_clerk_name: "医療 担当".into(),
        single_or_combined: SingleOrCombined::Single,
        social_insurance: SocialInsurance::No,
        infectious_disease_37_2: Applicable::No,
        elderly_medical_care: Applicable::No,
        prefectural_expense: Applicable::No,
        remarks: vec!["毎月受診".into()],
    }
}

fn copy_db(from: &Path, to_dir: &Path) -> PathBuf {
    std::fs::create_dir_all(to_dir).unwrap();
    let to = to_dir.join("office.db");
    std::fs::copy(from, &to).unwrap();
    let keys = madoguchi::store::side_file_path(from);
    std::fs::copy(&keys, madoguchi::store::side_file_path(&to)).unwrap();
    to
}

fn stats(name: &str, mut ms: Vec<f64>, records: usize) {
    ms.sort_by(|a, b| a.partial_cmp(b).unwrap());
    let median = ms[ms.len() / 2];
    println!(
        "{name}: {records} records, runs {} — min {:.0} ms, median {:.0} ms, max {:.0} ms ({:.0} records/s at the median)",
        ms.len(),
        ms[0],
        median,
        ms[ms.len() - 1],
        records as f64 / (median / 1000.0)
    );
}

fn main() {
    let records = env_num("BENCH_RECORDS", 10_000);
    let runs = env_num("BENCH_RUNS", 5);
    let tmp = tempfile::tempdir().unwrap();
    let template = tmp.path().join("template/office.db");
    let clock = system_clock();

    // The template: office, a medical clerk, a medium, 500 households, `records` vouchers queued.
    let t0 = Instant::now();
    madoguchi::service::setup::create_office_database(
        &template,
        "admin",
        "管理 太郎",
        ADMIN_PW,
        &clock,
    )
    .unwrap();
    {
        let mut admin = App::login(&template, "admin", ADMIN_PW).unwrap();
        admin.save_office(&madoguchi::demo::demo_office()).unwrap();
        for (id, role) in [("med", Role::MedicalClerk), ("cw", Role::Caseworker)] {
            admin.add_user(id, "職員", role, "kari-pass-0001").unwrap();
            App::login(&template, id, "kari-pass-0001")
                .unwrap()
                .change_password("kari-pass-0001", STAFF_PW)
                .unwrap();
        }
        admin
            .exchange_register_medium("USB-01", "ベンチマーク用")
            .unwrap();
        let mut cw = App::login(&template, "cw", STAFF_PW).unwrap();
        let mut people = vec![];
        for i in 0..500 {
            let h = cw
                .create_household(&HouseholdInput {
                    case_number: format!("B-{i:05}"),
                    postal_code: Some("347-0001".into()),
                    address: "見本県見本市見本町1-2-3".into(),
                    phone: None,
                    caseworker_id: Some("cw".into()),
                })
                .unwrap();
            let v = cw
                .add_member(
                    h.household.id,
                    &MemberInput {
                        name: "見本 太郎".into(),
                        kana: "ミホン タロウ".into(),
                        birth_date: "1960-04-01".into(),
                        sex: Sex::Male,
                        relationship: "世帯主".into(),
                        is_head: true,
                        my_number: None,
                        addressee_number: Some(format!("{:015}", 10_000 + i)),
                        dv_protected: false,
                        death_date: None,
                    },
                )
                .unwrap();
            people.push(v.members[0].id);
        }
        let (mut store, _, _) =
            madoguchi::auth::login(&template, "med", STAFF_PW, clock()).unwrap();
        let now = clock().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
        store
            .write("med", &now, |tx| {
                for n in 0..records {
                    let body = format!("{:06}", n % 1_000_000);
                    let rn = format!(
                        "{body}{}",
                        madoguchi::domain::checkdigit::mod10_check_digit(&body).unwrap()
                    );
                    let ev = Event::Medical(MedicalEvent::VoucherIssued(voucher(&rn, n)));
                    outbox::record(
                        tx,
                        people[n % people.len()],
                        Source::new("voucher", n as i64),
                        &ev,
                    )?;
                }
                Ok::<_, madoguchi::exchange::ExchangeError>(())
            })
            .unwrap();
    }
    println!(
        "template: {records} records queued in {:.1} s",
        t0.elapsed().as_secs_f64()
    );

    // Export, on fresh copies.
    let mut export_ms = vec![];
    let mut sent_template = None;
    for run in 0..runs {
        let dir = tmp.path().join(format!("export-{run}"));
        let db = copy_db(&template, &dir);
        let usb = dir.join("usb");
        std::fs::create_dir_all(&usb).unwrap();
        let mut med = App::login(&db, "med", STAFF_PW).unwrap();
        let t = Instant::now();
        let e = med
            .exchange_export(Channel::Medical, "USB-01", &usb, &mut |_| true)
            .unwrap();
        export_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert_eq!(e.records as usize, records);
        if run == 0 {
            let bytes = std::fs::metadata(usb.join(&e.files[0])).unwrap().len();
            println!(
                "batch data file: {bytes} bytes ({:.0} bytes/record)",
                bytes as f64 / records as f64
            );
            drop(med);
            sent_template = Some((db, usb.join(&e.files[0])));
        }
    }
    stats("export", export_ms, records);

    // The result file for the sent batch: everything accepted with a receipt number but 1 in 50.
    let (sent_db, data) = sent_template.unwrap();
    let bytes = std::fs::read(&data).unwrap();
    let batch = default_layout().read_batch(&bytes).unwrap();
    let lines: Vec<ResultLine> = batch
        .lines
        .iter()
        .map(|l| ResultLine {
            no: l.no,
            event_id: l.event_id,
            revision: l.revision,
            outcome: if l.no % 50 == 0 {
                Outcome::Error {
                    code: "E1203".into(),
                    field: Some("voucher.institution.code".into()),
                    message: "指定医療機関コードが未登録です".into(),
                }
            } else {
                Outcome::Accepted {
                    receipt_number: Some(format!("R{:06}{:06}", 1, l.no)),
                    my_number_check: None,
                }
            },
        })
        .collect();
    let header = ResultHeader {
        channel: Channel::Medical,
        office: batch.header.office.clone(),
        seq: batch.header.seq,
        batch_sha256: madoguchi::exchange::sha256_hex(&bytes),
        created_at: "2025-06-05T10:00:00+09:00".into(),
    };
    let mut result = vec![];
    default_layout()
        .write_results(&header, &lines, &mut result)
        .unwrap();
    let result_name =
        default_layout().result_file_name(Channel::Medical, &batch.header.office, batch.header.seq);

    let mut import_ms = vec![];
    for run in 0..runs {
        let dir = tmp.path().join(format!("import-{run}"));
        let db = copy_db(&sent_db, &dir);
        let res = dir.join("results");
        std::fs::create_dir_all(&res).unwrap();
        std::fs::write(res.join(&result_name), &result).unwrap();
        let mut med = App::login(&db, "med", STAFF_PW).unwrap();
        let t = Instant::now();
        let r = med.exchange_import(&res).unwrap();
        import_ms.push(t.elapsed().as_secs_f64() * 1000.0);
        assert!(r.refused_code.is_none(), "{r:?}");
        assert_eq!(
            (r.imported[0].accepted + r.imported[0].errors) as usize,
            records
        );
    }
    stats("import", import_ms, records);
}
