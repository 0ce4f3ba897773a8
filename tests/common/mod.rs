//! Shared helpers for integration tests: temporary encrypted databases and a movable clock.
#![allow(dead_code)]

pub mod medical;

use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::{Arc, Mutex};

use chrono::{DateTime, Duration, FixedOffset, TimeZone};
use madoguchi::calc::situation::IncomeKind;
use madoguchi::domain::decision::{IncomeInput, SituationInput};
use madoguchi::domain::household::{HouseholdInput, MemberInput, Sex};
use madoguchi::domain::role::Role;
use madoguchi::service::{App, Clock};

pub const ADMIN: &str = "admin";
pub const ADMIN_PW: &str = "kanri-sekinin-2025";
pub const STAFF_PW: &str = "madoguchi-staff-7";

/// A clock the test can move forward (lockouts, idle time).
#[derive(Clone)]
pub struct TestClock(Arc<Mutex<DateTime<FixedOffset>>>);

impl TestClock {
    pub fn new() -> TestClock {
        let jst = FixedOffset::east_opt(9 * 3600).unwrap();
        TestClock(Arc::new(Mutex::new(
            jst.with_ymd_and_hms(2025, 6, 2, 9, 0, 0).unwrap(),
        )))
    }
    pub fn advance(&self, d: Duration) {
        let mut t = self.0.lock().unwrap();
        *t += d;
    }
    pub fn clock(&self) -> Clock {
        let me = self.0.clone();
        Arc::new(move || *me.lock().unwrap())
    }
    /// Move to `day` (YYYY-MM-DD) at the same time of day: every session opened afterwards sees
    /// that date.
    pub fn move_to(&self, day: &str) {
        let day = chrono::NaiveDate::parse_from_str(day, "%Y-%m-%d").unwrap();
        let mut t = self.0.lock().unwrap();
        let days = (day - t.date_naive()).num_days();
        *t += Duration::days(days);
    }
}

pub struct TestDb {
    pub dir: tempfile::TempDir,
    pub path: PathBuf,
    pub clock: TestClock,
}

impl AsRef<Path> for TestDb {
    fn as_ref(&self) -> &Path {
        &self.path
    }
}

impl TestDb {
    /// A fresh office database with an administrator and one account per other role, each past
    /// the forced first-login change.
    pub fn new() -> TestDb {
        // Tests bring their own (invented) rate set; the national sets have their own tests.
        Self::create(false)
    }

    /// A database as `madoguchi init` makes it: with the national rate sets the program ships.
    pub fn with_national_rates() -> TestDb {
        Self::create(true)
    }

    fn create(national: bool) -> TestDb {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("office.db");
        let clock = TestClock::new();
        if national {
            madoguchi::service::setup::create_office_database(
                &path,
                ADMIN,
                "管理 太郎",
                ADMIN_PW,
                &clock.clock(),
            )
            .unwrap();
        } else {
            madoguchi::service::setup::create_office_database_without_national_rates(
                &path,
                ADMIN,
                "管理 太郎",
                ADMIN_PW,
                &clock.clock(),
            )
            .unwrap();
        }
        let db = TestDb { dir, path, clock };
        let mut admin = db.login(ADMIN, ADMIN_PW);
        // 2級地-1: a grade the test rate fixture does not cover, so tests that need a complete
        // table set choose their grade explicitly.
        let mut office = madoguchi::demo::demo_office();
        office.grade = "2-1".into();
        admin.save_office(&office).unwrap();
        for (id, role) in [
            ("cw", Role::Caseworker),
            ("med", Role::MedicalClerk),
            ("sv", Role::Supervisor),
            ("ap", Role::Approver),
            ("ro", Role::Readonly),
        ] {
            admin
                .add_user(
                    id,
                    &format!("{} 職員", role.label()),
                    role,
                    "kari-pass-0001",
                )
                .unwrap();
            let mut u = db.login(id, "kari-pass-0001");
            u.change_password("kari-pass-0001", STAFF_PW).unwrap();
        }
        // The caseworker's first own password made the office's My Number key; the supervisor
        // receives it from them at the desk, as a real office does (the second person).
        db.staff("sv")
            .grant_reveal_key_from("cw", STAFF_PW)
            .unwrap();
        db
    }

    pub fn login(&self, user: &str, pw: &str) -> App {
        App::login_with_clock(&self.path, user, pw, self.clock.clock()).unwrap()
    }

    pub fn try_login(&self, user: &str, pw: &str) -> Result<App, madoguchi::service::ServiceError> {
        App::login_with_clock(&self.path, user, pw, self.clock.clock())
    }

    pub fn staff(&self, user: &str) -> App {
        self.login(user, STAFF_PW)
    }

    /// `madoguchi --user USER ARGS…` on this database, with that account's password (the
    /// administrator's or the staff one); its output.
    pub fn cli(&self, user: &str, args: &[&str]) -> Output {
        let pw = if user == ADMIN { ADMIN_PW } else { STAFF_PW };
        run_as(self, user, pw, args)
    }

    pub fn files(&self) -> Vec<PathBuf> {
        std::fs::read_dir(self.dir.path())
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect()
    }
}

pub fn household(case: &str) -> HouseholdInput {
    HouseholdInput {
        case_number: case.into(),
        postal_code: Some("347-0001".into()),
        address: "見本県見本市見本町1-2-3".into(),
        phone: Some("0480-00-1234".into()),
        caseworker_id: Some("cw".into()),
    }
}

pub fn member(name: &str, kana: &str, birth: &str) -> MemberInput {
    MemberInput {
        name: name.into(),
        kana: kana.into(),
        birth_date: birth.into(),
        sex: Sex::Female,
        relationship: "世帯主".into(),
        is_head: true,
        my_number: None,
        addressee_number: None,
        dv_protected: false,
        death_date: None,
    }
}

/// A member who is not the head (`relationship`: 妻, 子 …); otherwise as [`member`].
pub fn relative(name: &str, kana: &str, birth: &str, relationship: &str) -> MemberInput {
    MemberInput {
        relationship: relationship.into(),
        is_head: false,
        ..member(name, kana, birth)
    }
}

/// The test rate set (`tests/fixtures/rates/test-2025`, 試験用・実在しない figures) as
/// (file name, contents), sorted by name — what an import sends.
pub fn fixture_files() -> Vec<(String, String)> {
    // Also used by the simulator's tests (tools/madoguchi-sim), whose manifest dir is two below.
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = [root.to_path_buf(), root.join("../..")]
        .into_iter()
        .map(|r| r.join("tests/fixtures/rates/test-2025"))
        .find(|d| d.is_dir())
        .expect("tests/fixtures/rates/test-2025");
    let mut v: Vec<(String, String)> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| {
            let e = e.unwrap();
            (
                e.file_name().to_string_lossy().to_string(),
                std::fs::read_to_string(e.path()).unwrap(),
            )
        })
        .collect();
    v.sort();
    v
}

pub fn replace_file(files: &mut [(String, String)], name: &str, f: impl Fn(&str) -> String) {
    let e = files.iter_mut().find(|(n, _)| n == name).unwrap();
    e.1 = f(&e.1);
}

/// A second set, in force from 2025-10-01: 第1類 1級地-1 18–64歳 raised from 43,000 to 44,000.
pub fn revised_files() -> Vec<(String, String)> {
    let mut files = fixture_files();
    for (name, text) in files.iter_mut() {
        if name.ends_with(".csv") {
            *text = text
                .lines()
                .filter(|l| !l.starts_with("2025-04-01,2025-09-30,"))
                .map(|l| l.replacen("2025-04-01,", "2025-10-01,", 1))
                .collect::<Vec<_>>()
                .join("\n");
        }
    }
    replace_file(&mut files, "manifest.toml", |t| {
        t.replace("version = \"test-2025\"", "version = \"test-2025-10\"")
            .replace(
                "effective_from = \"2025-04-01\"",
                "effective_from = \"2025-10-01\"",
            )
    });
    replace_file(&mut files, "daiichi.csv", |t| {
        t.replace(
            "2025-10-01,,r5,1-1,18,64,43000,test",
            "2025-10-01,,r5,1-1,18,64,44000,test",
        )
    });
    files
}

/// Register an application for `household_id` received on `received_on` (the household becomes
/// 申請中), with a filled-in 保護申請書.
pub fn apply(app: &mut madoguchi::service::App, household_id: i64, received_on: &str) -> i64 {
    use madoguchi::domain::aid::AidKind;
    use madoguchi::domain::application::ApplicationForm;
    app.register_application(&madoguchi::service::decisions::ApplicationInput {
        household_id,
        consulted_on: None,
        received_on: received_on.into(),
        form: Some(ApplicationForm {
            applicant_name: "窓口 通知".into(),
            applicant_relationship: "本人".into(),
            main_complaint: "収入がなく生活できない".into(),
            aids_requested: vec![AidKind::Living, AidKind::Housing],
            asset_declaration: true,
            income_declaration: true,
            consent_form: true,
            support_obligors: vec![],
        }),
    })
    .unwrap()
    .id
}

/// Office on 1級地-1 (demo office otherwise), fixture imported, one household with a situation
/// and a registered application;
/// returns (household id, head person id, decision id) of a drafted 開始.
pub fn drafted_start(db: &TestDb) -> (i64, i64, i64) {
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut office = madoguchi::demo::demo_office();
    office.grade = "1-1".into();
    admin.save_office(&office).unwrap();
    admin.import_rates(&fixture_files(), true).unwrap();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("N-0001")).unwrap();
    let hid = h.household.id;
    let head = cw
        .add_member(hid, &member("窓口 通知", "マドグチ ツウチ", "1960-04-01"))
        .unwrap();
    apply(&mut cw, hid, "2025-05-20");
    cw.save_situation(hid, &test_situation(30_000, vec![]))
        .unwrap();
    let d = cw
        .draft_decision(&madoguchi::service::decisions::DecisionInput {
            household_id: hid,
            kind: madoguchi::domain::decision::DecisionKind::Start,
            effective_date: "2025-06-01".into(),
            reason_text: "世帯の収入がないため、最低生活費の全額を支給します。".into(),
            reason_codes: vec!["need_recognised".into()],
            calculate: false,
        })
        .unwrap();
    let head_id = head
        .members
        .iter()
        .find(|m| m.is_head)
        .map(|m| m.id)
        .unwrap();
    (hid, head_id, d.id)
}

/// Make the office able to decide: 1級地-1 (the fixture's grade) and the test rate set
/// imported (once).
pub fn decidable_office(db: &TestDb) {
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut office = admin.get_office().unwrap();
    if office.grade != "1-1" {
        office.grade = "1-1".into();
        admin.save_office(&office).unwrap();
    }
    if admin.list_rates().unwrap().is_empty() {
        admin.import_rates(&fixture_files(), true).unwrap();
    }
}

/// The office moved to `prefecture` and 級地 `grade` (the demo office's other settings).
pub fn office_in(db: &TestDb, prefecture: &str, grade: &str) {
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut o = madoguchi::demo::demo_office();
    o.prefecture = prefecture.into();
    o.grade = grade.into();
    admin.save_office(&o).unwrap();
}

/// The 東京都 family of docs/examples/calc-input.json, registered as T-0001: a father with
/// 給与 100,000円 (必要経費 8,000円), his wife (both born 1991-04-10) and a son born 2022-04-10;
/// rent 75,000円, 住宅扶助 area 東京都. Its household id.
pub fn tokyo_family(cw: &mut App) -> i64 {
    let hid = cw
        .create_household(&household("T-0001"))
        .unwrap()
        .household
        .id;
    let v = cw
        .add_member(
            hid,
            &member("東京 一郎", "トウキョウ イチロウ", "1991-04-10"),
        )
        .unwrap();
    let father = v.members[0].id;
    cw.add_member(
        hid,
        &relative("東京 花子", "トウキョウ ハナコ", "1991-04-10", "妻"),
    )
    .unwrap();
    cw.add_member(
        hid,
        &relative("東京 太郎", "トウキョウ タロウ", "2022-04-10", "子"),
    )
    .unwrap();
    let income = IncomeInput {
        person_id: Some(father),
        kind: IncomeKind::Earned,
        label: "給与".into(),
        gross_yen: 100_000,
        expenses_yen: 8_000,
    };
    cw.save_situation(hid, &national_situation("東京都", 75_000, income))
        .unwrap();
    hid
}

/// 北海 道子 (born 1960-04-10), alone, registered as H-0001: 老齢基礎年金 50,000円, rent
/// 30,000円, 住宅扶助 area 北海道. Its household id.
pub fn hokkaido_pensioner(cw: &mut App) -> i64 {
    let hid = cw
        .create_household(&household("H-0001"))
        .unwrap()
        .household
        .id;
    let v = cw
        .add_member(hid, &member("北海 道子", "ホッカイ ミチコ", "1960-04-10"))
        .unwrap();
    let income = IncomeInput {
        person_id: Some(v.members[0].id),
        kind: IncomeKind::Pension,
        label: "老齢基礎年金".into(),
        gross_yen: 50_000,
        expenses_yen: 0,
    };
    cw.save_situation(hid, &national_situation("北海道", 30_000, income))
        .unwrap();
    hid
}

/// A situation in the test rate set's 試験県 (冬季 Ⅵ区): `rent_yen`, these incomes, no 加算
/// facts, no care or medical cost.
pub fn test_situation(rent_yen: i64, incomes: Vec<IncomeInput>) -> SituationInput {
    SituationInput {
        winter_region: Some(6),
        housing_area: Some("試験県".into()),
        rent_yen,
        care_cost_yen: 0,
        medical_cost_yen: 0,
        members: vec![],
        incomes,
    }
}

/// A situation with one income, the office's 冬季 region and no care or medical cost.
fn national_situation(housing_area: &str, rent_yen: i64, income: IncomeInput) -> SituationInput {
    SituationInput {
        winter_region: None,
        housing_area: Some(housing_area.into()),
        rent_yen,
        care_cost_yen: 0,
        medical_cost_yen: 0,
        members: vec![],
        incomes: vec![income],
    }
}

/// A household 保護中 through the real workflow: registered, an application received the day
/// before `effective`, a situation (rent 30,000円), a 開始 effective `effective` drafted by cw,
/// reviewed by sv and approved by ap. `m` is its one member (the head). Returns
/// (household id, person id, decision id).
pub fn approved_start(db: &TestDb, case: &str, m: MemberInput, effective: &str) -> (i64, i64, i64) {
    decidable_office(db);
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household(case)).unwrap();
    let hid = h.household.id;
    let v = cw.add_member(hid, &m).unwrap();
    let pid = v.members[0].id;
    let day = madoguchi::domain::era::parse_date(effective).unwrap();
    apply(&mut cw, hid, &(day - Duration::days(1)).to_string());
    cw.save_situation(hid, &test_situation(30_000, vec![]))
        .unwrap();
    let d = cw
        .draft_decision(&madoguchi::service::decisions::DecisionInput {
            household_id: hid,
            kind: madoguchi::domain::decision::DecisionKind::Start,
            effective_date: effective.into(),
            reason_text: "世帯の収入がないため。".into(),
            reason_codes: vec!["need_recognised".into()],
            calculate: false,
        })
        .unwrap();
    db.staff("sv").review_decision(d.id, "").unwrap();
    db.staff("ap").approve_decision(d.id, "").unwrap();
    (hid, pid, d.id)
}

/// Draft, review and approve a decision of `kind` for a household (no calculation unless the
/// kind needs one). Returns the decision id.
pub fn decide(
    db: &TestDb,
    hid: i64,
    kind: madoguchi::domain::decision::DecisionKind,
    effective: &str,
    reason: &str,
) -> i64 {
    let code = match kind {
        madoguchi::domain::decision::DecisionKind::Suspend => "temporary_income",
        madoguchi::domain::decision::DecisionKind::Abolish => "self_sufficient",
        madoguchi::domain::decision::DecisionKind::Reject => "income_sufficient",
        madoguchi::domain::decision::DecisionKind::Start => "need_recognised",
        madoguchi::domain::decision::DecisionKind::Change => "income_change",
    };
    let d = db
        .staff("cw")
        .draft_decision(&madoguchi::service::decisions::DecisionInput {
            household_id: hid,
            kind,
            effective_date: effective.into(),
            reason_text: reason.into(),
            reason_codes: vec![code.into()],
            calculate: false,
        })
        .unwrap();
    db.staff("sv").review_decision(d.id, "").unwrap();
    db.staff("ap").approve_decision(d.id, "").unwrap();
    d.id
}

/// Every row of `table`, every column, in rowid order, as text: equal dumps are equal tables.
pub fn table_rows(conn: &rusqlite::Connection, table: &str) -> String {
    let mut stmt = conn
        .prepare(&format!("SELECT * FROM {table} ORDER BY rowid"))
        .unwrap();
    let n = stmt.column_count();
    let rows = stmt
        .query_map([], |r| {
            let mut line = String::new();
            for i in 0..n {
                let v: rusqlite::types::Value = r.get(i)?;
                line.push_str(&format!("{v:?}|"));
            }
            Ok(line)
        })
        .unwrap();
    let mut out = String::new();
    for r in rows {
        out.push_str(&r.unwrap());
        out.push('\n');
    }
    out
}

/// Every row of the exchange tables, as text: equal before and after = nothing changed.
pub fn exchange_snapshot(conn: &rusqlite::Connection) -> String {
    let mut out = String::new();
    for t in [
        "outbox",
        "outbox_revisions",
        "exchange_batches",
        "exchange_batch_items",
        "exchange_imports",
        "media_register",
        "exchange_checks",
        "investigation_records",
    ] {
        out.push_str(t);
        out.push_str(&table_rows(conn, t));
    }
    out
}

/// The medium the exchange tests use, registered by the administrator.
pub const MEDIUM: &str = "USB-01";

/// Register [`MEDIUM`], then queue `n` inquiry requests about one person (with a 宛名番号) in one
/// transaction, as a producer would. Returns the person's id.
pub fn queued_inquiries(db: &TestDb, n: usize) -> i64 {
    use madoguchi::exchange::event::{Event, InquiryFacts, Source};
    use madoguchi::exchange::record::{Agency, Information, Procedure};
    db.login(ADMIN, ADMIN_PW)
        .exchange_register_medium(MEDIUM, "試験用USBメモリ")
        .unwrap();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("X-0001")).unwrap();
    let mut m = member("連携 一郎", "レンケイ イチロウ", "1960-01-01");
    m.addressee_number = Some("123456789".into());
    let pid = cw.add_member(h.household.id, &m).unwrap().members[0].id;
    drop(cw);
    let (mut store, _, _) =
        madoguchi::auth::login(&db.path, "cw", STAFF_PW, (db.clock.clock())()).unwrap();
    let now = (db.clock.clock())().to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    let ev = Event::Inquiry(InquiryFacts {
        agency: Agency::PensionInsurer,
        information: Information::Pension,
        procedure: Procedure::Start,
        reason: "年金受給の確認".into(),
        requested_on: chrono::NaiveDate::from_ymd_opt(2025, 6, 2).unwrap(),
        requester: "cw".into(),
    });
    store
        .write("cw", &now, |tx| {
            for i in 0..n {
                madoguchi::exchange::outbox::record(
                    tx,
                    pid,
                    Source::new("inquiry", i as i64),
                    &ev,
                )?;
            }
            Ok::<_, madoguchi::exchange::ExchangeError>(())
        })
        .unwrap();
    pid
}

/// A result file answering every line of the batch data file at `data` (該当なし), or with the
/// given lines (1-based) rejected; returns (file name, bytes).
pub fn results_for(data: &std::path::Path, reject: &[i64]) -> (String, Vec<u8>) {
    use madoguchi::exchange::layout::Outcome;
    results_with(data, |no| {
        if reject.contains(&no) {
            Outcome::Error {
                code: "E2001".into(),
                field: Some("addressee_number".into()),
                message: "宛名番号が登録されていません".into(),
            }
        } else {
            Outcome::NoData {
                agency: madoguchi::exchange::record::Agency::PensionInsurer,
                answered_on: chrono::NaiveDate::from_ymd_opt(2025, 6, 3).unwrap(),
            }
        }
    })
}

/// Every waiting record of `channel` exported by the 査察指導員 and accepted by the servers (受付):
/// what years of routine leave behind a closed case.
pub fn exchange_all_accepted(db: &TestDb, channel: madoguchi::exchange::Channel) {
    use madoguchi::exchange::layout::Outcome;
    // Registered once per database; a second call finds it there.
    let _ = db
        .login(ADMIN, ADMIN_PW)
        .exchange_register_medium(MEDIUM, "試験用USBメモリ");
    let dir = tempfile::tempdir().unwrap();
    let mut sv = db.staff("sv");
    let e = sv
        .exchange_export(channel, MEDIUM, dir.path(), &mut |_| true)
        .unwrap();
    let data = dir.path().join(&e.files[0]);
    let (name, bytes) = results_with(&data, |_| Outcome::Accepted {
        receipt_number: None,
        my_number_check: None,
    });
    std::fs::write(dir.path().join(name), bytes).unwrap();
    sv.exchange_import(dir.path()).unwrap();
}

/// A result file answering line `no` of the batch data file at `data` with `outcome(no)`.
pub fn results_with(
    data: &std::path::Path,
    outcome: impl Fn(i64) -> madoguchi::exchange::layout::Outcome,
) -> (String, Vec<u8>) {
    use madoguchi::exchange::layout::{default_layout, ResultHeader, ResultLine};
    let bytes = std::fs::read(data).unwrap();
    let batch = default_layout().read_batch(&bytes).unwrap();
    let lines: Vec<ResultLine> = batch
        .lines
        .iter()
        .map(|l| ResultLine {
            no: l.no,
            event_id: l.event_id,
            revision: l.revision,
            outcome: outcome(l.no),
        })
        .collect();
    let h = &batch.header;
    let header = ResultHeader {
        channel: h.channel,
        office: h.office.clone(),
        seq: h.seq,
        batch_sha256: madoguchi::exchange::sha256_hex(&bytes),
        created_at: "2025-06-03T10:00:00+09:00".into(),
    };
    let mut out = vec![];
    default_layout()
        .write_results(&header, &lines, &mut out)
        .unwrap();
    (
        default_layout().result_file_name(h.channel, &h.office, h.seq),
        out,
    )
}

/// A purpose for revealing a My Number (the reveal dialog's choice).
pub fn purpose() -> madoguchi::domain::reveal_purpose::RevealPurpose {
    madoguchi::domain::reveal_purpose::RevealPurpose {
        kind: madoguchi::domain::reveal_purpose::RevealPurposeKind::Identity,
        note: String::new(),
    }
}

/// A reason for opening another caseworker's case (the case-access dialog's choice).
pub fn case_reason() -> madoguchi::domain::case_access::CaseReason {
    madoguchi::domain::case_access::CaseReason {
        kind: madoguchi::domain::case_access::CaseReasonKind::Counter,
        note: String::new(),
    }
}

/// The exchange records `source` made, each with its payload (the JSON sent).
pub fn outbox_of(
    app: &App,
    source: madoguchi::exchange::event::Source,
) -> Vec<(madoguchi::store::exchange::OutboxRow, serde_json::Value)> {
    let conn = app.store().conn();
    madoguchi::exchange::outbox::for_source(conn, source)
        .unwrap()
        .into_iter()
        .map(|r| {
            let text = madoguchi::store::exchange::payload(conn, r.id, r.revision).unwrap();
            (r, serde_json::from_str(&text).unwrap())
        })
        .collect()
}

// --- the `madoguchi` binary -----------------------------------------------------------------

/// The `madoguchi` binary, with no database, password or user taken from the environment (a test
/// never reaches the developer's own). `MADOGUCHI_TEST_BIN` runs the tests against another build
/// (e.g. the one before a fix). `option_env!`: the simulator's tests include this file too, and
/// their crate has no such binary.
pub fn bin() -> Command {
    let exe = std::env::var("MADOGUCHI_TEST_BIN")
        .ok()
        .or(option_env!("CARGO_BIN_EXE_madoguchi").map(String::from))
        .expect("the madoguchi binary (CARGO_BIN_EXE_madoguchi or MADOGUCHI_TEST_BIN)");
    let mut c = Command::new(exe);
    c.env_remove("MADOGUCHI_DB")
        .env_remove("MADOGUCHI_PASSWORD")
        .env_remove("MADOGUCHI_USER")
        .env_remove("MADOGUCHI_CRASH_AT");
    c
}

/// `madoguchi --db DB ARGS…`, the password (if any) given as a script does; its output.
pub fn run(db: &Path, args: &[&str], password: Option<&str>) -> Output {
    let mut c = bin();
    c.arg("--db").arg(db).args(args);
    if let Some(p) = password {
        c.env("MADOGUCHI_PASSWORD", p);
    }
    c.output().unwrap()
}

/// `madoguchi --db DB --user USER ARGS…` signed in with `password`, not yet started (a test that
/// kills it half-way, or adds to its environment, spawns it itself).
pub fn command_as(db: impl AsRef<Path>, user: &str, password: &str, args: &[&str]) -> Command {
    let mut c = bin();
    c.env("MADOGUCHI_PASSWORD", password)
        .arg("--db")
        .arg(db.as_ref())
        .arg("--user")
        .arg(user)
        .args(args);
    c
}

/// `madoguchi --db DB --user USER ARGS…` signed in with `password`; its output.
pub fn run_as(db: impl AsRef<Path>, user: &str, password: &str, args: &[&str]) -> Output {
    command_as(db, user, password, args).output().unwrap()
}

pub fn text(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// The standard output of a command that must have succeeded (both streams shown if not).
pub fn ok(o: &Output) -> String {
    assert!(
        o.status.success(),
        "stdout: {}\nstderr: {}",
        text(&o.stdout),
        text(&o.stderr)
    );
    text(&o.stdout)
}

// --- the text of a PDF (poppler's pdftotext) ----------------------------------------------------

/// `pdftotext -layout` of the PDF file at `path`, or `None` where poppler is not installed
/// (`make test` installs it; a test that cannot do without the text `.expect`s it).
pub fn pdf_file_text(path: &Path) -> Option<String> {
    let out = Command::new("pdftotext")
        .args(["-layout", path.to_str().unwrap(), "-"])
        .output()
        .ok()?;
    assert!(
        out.status.success(),
        "pdftotext {}: {}",
        path.display(),
        text(&out.stderr)
    );
    Some(text(&out.stdout))
}

/// [`pdf_file_text`] of PDF bytes.
pub fn pdf_bytes_text(pdf: &[u8]) -> Option<String> {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("doc.pdf");
    std::fs::write(&path, pdf).unwrap();
    pdf_file_text(&path)
}

/// `t` without white space: the forms spread names and titles over cells and lines.
pub fn squeeze(t: String) -> String {
    t.chars().filter(|c| !c.is_whitespace()).collect()
}

/// `madoguchi demo` into `dir/demo.db` (today's date); its path.
pub fn demo_db(dir: &Path) -> PathBuf {
    let db = dir.join("demo.db");
    let out = run(&db, &["demo"], None);
    assert!(out.status.success(), "{}", text(&out.stderr));
    db
}
