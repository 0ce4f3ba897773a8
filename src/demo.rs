//! Synthetic data: the demo database (`madoguchi demo`) and the benchmark's 100,000 persons.
//!
//! Every name is clearly fictitious (surnames like 見本・試行・架空), addresses are in 見本市, and
//! phone numbers use an unassigned-looking 0480-00 range, so a screenshot can never be mistaken
//! for a real case. Generation is seeded: the same call gives the same data.

pub mod medical;
pub mod town;

use std::path::Path;

use chrono::{Datelike, NaiveDate};
use rand::rngs::StdRng;
use rand::{Rng, SeedableRng};
use serde_json::json;

use crate::domain::checkdigit::my_number_check_digit;
use crate::domain::household::{HouseholdStatus, MyNumberChange, Sex, ValidHousehold, ValidMember};
use crate::domain::office::OfficeSettings;
use crate::domain::role::Role;
use crate::service::{Clock, Result};

pub mod care;
use crate::store::households::{self as hh, StatusChange};
use crate::store::users::{self, User};
use crate::store::{Store, StoreError};

pub const DEMO_ADMIN: &str = "demo";
pub const DEMO_PASSWORD: &str = "madoguchi-demo";

/// Demo staff: (user ID, name, role). All use [`DEMO_PASSWORD`].
pub const DEMO_STAFF: &[(&str, &str, Role)] = &[
    ("cw1", "見本 一子（地区担当員）", Role::Caseworker),
    ("cw2", "試行 二郎（地区担当員）", Role::Caseworker),
    ("med1", "架空 三恵（医療・介護担当）", Role::MedicalClerk),
    ("sv1", "例示 四朗（査察指導員）", Role::Supervisor),
    ("ap1", "模擬 五月（決裁者）", Role::Approver),
    ("ro1", "体験 六太（閲覧のみ）", Role::Readonly),
];

const SURNAMES: &[(&str, &str)] = &[
    ("見本", "ミホン"),
    ("試行", "シコウ"),
    ("架空", "カクウ"),
    ("仮名", "カリナ"),
    ("例示", "レイジ"),
    ("模擬", "モギ"),
    ("試験", "シケン"),
    ("標本", "ヒョウホン"),
    ("練習", "レンシュウ"),
    ("体験", "タイケン"),
    ("仮野", "カリノ"),
    ("例田", "レイダ"),
    ("見立", "ミタテ"),
    ("仮屋", "カリヤ"),
    ("試沢", "タメシザワ"),
];
const MALE: &[(&str, &str)] = &[
    ("太郎", "タロウ"),
    ("一郎", "イチロウ"),
    ("健", "ケン"),
    ("誠", "マコト"),
    ("翔", "ショウ"),
    ("大輔", "ダイスケ"),
    ("浩二", "コウジ"),
    ("修", "オサム"),
    ("悠真", "ユウマ"),
    ("蓮", "レン"),
];
const FEMALE: &[(&str, &str)] = &[
    ("花子", "ハナコ"),
    ("幸子", "サチコ"),
    ("恵", "メグミ"),
    ("陽菜", "ヒナ"),
    ("結衣", "ユイ"),
    ("和子", "カズコ"),
    ("美咲", "ミサキ"),
    ("直美", "ナオミ"),
    ("さくら", "サクラ"),
    ("葵", "アオイ"),
];
const TOWNS: &[&str] = &["見本町", "試行台", "架空ケ丘", "例示本町", "模擬川"];

/// One synthetic household with its members.
pub struct SyntheticHousehold {
    pub household: ValidHousehold,
    pub status: HouseholdStatus,
    pub members: Vec<ValidMember>,
}

fn pick<'a>(rng: &mut StdRng, list: &'a [(&'a str, &'a str)]) -> (&'a str, &'a str) {
    list[rng.gen_range(0..list.len())]
}

fn date_between(rng: &mut StdRng, from: NaiveDate, to: NaiveDate) -> NaiveDate {
    let span = (to - from).num_days().max(1);
    from + chrono::Duration::days(rng.gen_range(0..span))
}

/// A My Number with a valid check digit from an obviously patterned body (99999 + counter).
pub fn synthetic_my_number(n: u32) -> String {
    let body = format!("99999{:06}", n % 1_000_000);
    format!("{body}{}", my_number_check_digit(&body).expect("11 digits"))
}

pub fn generate(households: usize, seed: u64, today: NaiveDate) -> Vec<SyntheticHousehold> {
    let mut rng = StdRng::seed_from_u64(seed);
    let mut out = Vec::with_capacity(households);
    let mut my_numbers = 0u32;
    for i in 0..households {
        let (sur, sur_kana) = pick(&mut rng, SURNAMES);
        let town = TOWNS[rng.gen_range(0..TOWNS.len())];
        let status = match rng.gen_range(0..20) {
            0..=1 => HouseholdStatus::Applying,
            2 => HouseholdStatus::Suspended,
            3 => HouseholdStatus::Closed,
            _ => HouseholdStatus::Active,
        };
        let household = ValidHousehold {
            case_number: format!("K{:06}", i + 1),
            postal_code: Some(format!("347-00{:02}", rng.gen_range(0..100))),
            address: format!(
                "見本県見本市{}{}-{}-{}",
                town,
                rng.gen_range(1..9),
                rng.gen_range(1..30),
                rng.gen_range(1..20)
            ),
            phone: if rng.gen_bool(0.8) {
                Some(format!("0480-00-{:04}", rng.gen_range(0..10000)))
            } else {
                None
            },
            caseworker_id: None,
        };
        let size = match rng.gen_range(0..10) {
            0..=4 => 1,
            5..=7 => 2,
            8 => 3,
            _ => 4,
        };
        let mut members = vec![];
        let head_birth = date_between(
            &mut rng,
            NaiveDate::from_ymd_opt(1935, 1, 1).unwrap(),
            NaiveDate::from_ymd_opt(2000, 12, 31).unwrap(),
        );
        for m in 0..size {
            let female = rng.gen_bool(0.5);
            let (given, given_kana) = pick(&mut rng, if female { FEMALE } else { MALE });
            let (relationship, birth) = match m {
                0 => ("世帯主", head_birth),
                1 if size >= 3 || rng.gen_bool(0.5) => (
                    if female { "妻" } else { "夫" },
                    date_between(
                        &mut rng,
                        head_birth - chrono::Duration::days(3650),
                        head_birth + chrono::Duration::days(3650),
                    ),
                ),
                _ => (
                    "子",
                    date_between(
                        &mut rng,
                        (head_birth + chrono::Duration::days(365 * 18))
                            .min(today - chrono::Duration::days(30)),
                        today,
                    ),
                ),
            };
            let birth = birth.min(today);
            let my_number = if rng.gen_bool(0.3) {
                my_numbers += 1;
                MyNumberChange::Set(synthetic_my_number(my_numbers))
            } else {
                MyNumberChange::Keep
            };
            members.push(ValidMember {
                name: format!("{sur} {given}"),
                kana: format!("{sur_kana} {given_kana}"),
                birth_date: birth,
                sex: if female { Sex::Female } else { Sex::Male },
                relationship: relationship.into(),
                is_head: m == 0,
                my_number,
                addressee_number: Some(format!("{:010}", 100_000 + i * 10 + m)),
                dv_protected: rng.gen_range(0..200) == 0,
                death_date: None,
            });
        }
        out.push(SyntheticHousehold {
            household,
            status,
            members,
        });
    }
    out
}

/// Write synthetic households in one transaction (one audit entry for the whole load).
pub fn load(
    store: &mut Store,
    actor: &str,
    now: &str,
    data: &[SyntheticHousehold],
    caseworkers: &[&str],
    reveal: &crate::store::reveal::RevealKey,
) -> std::result::Result<(), StoreError> {
    let db_id = store.db_id().to_string();
    let today = NaiveDate::parse_from_str(&now[..10], "%Y-%m-%d").unwrap_or_default();
    store.write(actor, now, |tx| -> std::result::Result<(), StoreError> {
        for (i, s) in data.iter().enumerate() {
            let mut h = s.household.clone();
            if !caseworkers.is_empty() {
                h.caseworker_id = Some(caseworkers[i % caseworkers.len()].to_string());
            }
            let id = hh::insert(tx.conn(), &h, s.status, now)?;
            let since = today
                - chrono::Duration::days(
                    ((i * 37) % 900) as i64
                        + if s.status == HouseholdStatus::Applying {
                            0
                        } else {
                            30
                        },
                );
            let start = NaiveDate::from_ymd_opt(since.year(), since.month(), 1).unwrap_or(since);
            if s.status == HouseholdStatus::Consulting {
                hh::set_status(
                    tx.conn(),
                    id,
                    &StatusChange {
                        status: HouseholdStatus::Consulting,
                        effective_date: today - chrono::Duration::days(((i * 7) % 60) as i64 + 1),
                        reason: "新規登録（相談）".into(),
                        changed_by: actor.into(),
                        changed_at: now.into(),
                    },
                )?;
            } else {
                hh::set_status(
                    tx.conn(),
                    id,
                    &StatusChange {
                        status: HouseholdStatus::Applying,
                        effective_date: if s.status == HouseholdStatus::Applying {
                            today - chrono::Duration::days((i % 12) as i64)
                        } else {
                            start - chrono::Duration::days(10)
                        },
                        reason: "申請受理".into(),
                        changed_by: actor.into(),
                        changed_at: now.into(),
                    },
                )?;
                if s.status != HouseholdStatus::Applying {
                    hh::set_status(
                        tx.conn(),
                        id,
                        &StatusChange {
                            status: HouseholdStatus::Active,
                            effective_date: start,
                            reason: "保護開始".into(),
                            changed_by: actor.into(),
                            changed_at: now.into(),
                        },
                    )?;
                }
                if matches!(
                    s.status,
                    HouseholdStatus::Suspended | HouseholdStatus::Closed
                ) {
                    hh::set_status(
                        tx.conn(),
                        id,
                        &StatusChange {
                            status: s.status,
                            effective_date: today - chrono::Duration::days(5),
                            reason: if s.status == HouseholdStatus::Closed {
                                "収入増による廃止（見本）".into()
                            } else {
                                "一時的な収入による停止（見本）".into()
                            },
                            changed_by: actor.into(),
                            changed_at: now.into(),
                        },
                    )?;
                }
            }
            for m in &s.members {
                let pid = hh::insert_person(tx.conn(), id, m, now)?;
                if let MyNumberChange::Set(n) = &m.my_number {
                    hh::set_my_number(tx.conn(), reveal, &db_id, pid, Some(n), now)?;
                }
            }
        }
        tx.audit(
            crate::audit::actions::HOUSEHOLD_CREATE,
            None,
            None,
            json!({ "synthetic_households": data.len() }),
        )?;
        Ok(())
    })
}

pub fn demo_office() -> OfficeSettings {
    OfficeSettings {
        office_name: "見本市福祉事務所（デモ）".into(),
        public_payer_number: "12270013".into(),
        municipality_code: "112101".into(),
        prefecture: "埼玉県".into(),
        grade: "3-2".into(),
        chief_title: "見本市福祉事務所長".into(),
        chief_name: "見本 所長".into(),
        postal_code: "347-0000".into(),
        address: "見本県見本市見本町1-1".into(),
        phone: "0480-00-0000".into(),
        idle_lock_minutes: 10,
        municipality_name: "見本市".into(),
        municipality_head: "見本市長".into(),
        // The demo's 50 households are K000001…K000050; the next one registered gets K000051.
        case_number_prefix: "K".into(),
        case_number_digits: 6,
        case_number_next: 51,
    }
}

/// The demo database: 50 households, an administrator `demo` and one account per role, all with
/// the documented trial password. For trying the software only — never for real data.
///
/// Built in a private folder beside `path` and renamed into place only when complete, so a killed
/// run leaves no half database (users but no households, a slot with no user row); what such a
/// run left behind is removed by the next one.
pub fn create_demo(path: &Path, clock: &Clock) -> Result<()> {
    refuse_a_day_before_the_national_sets(clock)?;
    let keys = crate::store::side_file_path(path);
    for p in [path, keys.as_path()] {
        if p.exists() {
            return Err(StoreError::DatabaseExists(p.display().to_string()).into());
        }
    }
    let parent = match path.parent() {
        Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
        _ => std::path::PathBuf::from("."),
    };
    std::fs::create_dir_all(&parent).map_err(|e| StoreError::Io(e.to_string()))?;
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "demo.db".into());
    let prefix = format!(".{name}.building-");
    if let Ok(entries) = std::fs::read_dir(&parent) {
        for e in entries.flatten() {
            if e.file_name().to_string_lossy().starts_with(&prefix) {
                let _ = std::fs::remove_dir_all(e.path());
            }
        }
    }
    let work = tempfile::Builder::new()
        .prefix(&prefix)
        .tempdir_in(&parent)
        .map_err(|e| StoreError::Io(e.to_string()))?;
    let staged = work.path().join(&name);
    build_demo(&staged, clock, 50)?;
    // Side files first, the database last: until the database appears there is no demo at all.
    for suffix in [".anchors", ".keys", ".lock"] {
        let from = crate::store::keyslots::with_suffix(&staged, suffix);
        if from.exists() {
            std::fs::rename(&from, crate::store::keyslots::with_suffix(path, suffix))
                .map_err(|e| StoreError::Io(e.to_string()))?;
        }
    }
    std::fs::rename(&staged, path).map_err(|e| StoreError::Io(e.to_string()))?;
    crate::fsutil::sync_parent(path);
    Ok(())
}

/// A demo-shaped database with `households` synthetic households (the demo has 50), for
/// benchmarks and load tests: staff, test rates, situations, institutions and standing
/// medical-aid cases. Written in place (not staged): for temporary folders only.
pub fn build_sized(path: &Path, clock: &Clock, households: usize) -> Result<()> {
    refuse_a_day_before_the_national_sets(clock)?;
    build_demo(path, clock, households)
}

fn build_demo(path: &Path, clock: &Clock, households: usize) -> Result<()> {
    let mut store = crate::service::setup::create_with_admin(
        path,
        DEMO_ADMIN,
        "デモ 管理者",
        DEMO_PASSWORD,
        clock,
    )?;
    let now = crate::clock::now(clock).to_rfc3339_opts(chrono::SecondsFormat::Secs, false);
    store.write(
        DEMO_ADMIN,
        &now,
        |tx| -> std::result::Result<(), StoreError> {
            crate::store::office::put(tx.conn(), &demo_office(), &now)?;
            for (id, name, role) in DEMO_STAFF {
                users::insert(
                    tx.conn(),
                    &User {
                        user_id: (*id).into(),
                        display_name: (*name).into(),
                        role: *role,
                        disabled: false,
                        must_change_password: false,
                    },
                    &now,
                )?;
                tx.audit(
                    crate::audit::actions::USER_ADD,
                    Some("user"),
                    Some(id),
                    json!({ "new": { "display_name": name, "role": role.code() } }),
                )?;
            }
            Ok(())
        },
    )?;
    // The demo's My Number key, wrapped for the accounts whose role may reveal.
    let reveal = crate::store::reveal::RevealKey::generate();
    store
        .conn()
        .execute(
            "INSERT INTO meta (key, value) VALUES ('reveal_check', ?1)",
            [reveal.check_value()],
        )
        .map_err(StoreError::from)?;
    for (id, _, role) in DEMO_STAFF {
        let holds = role.can(crate::domain::role::Permission::RevealMyNumber);
        store.set_own_key_slot(id, DEMO_PASSWORD, holds.then_some(&reveal))?;
    }
    let mut data = generate(households, 2025, crate::clock::now(clock).date_naive());
    // Saved at a consultation; the history below takes each household where its status says,
    // through the same workflow the counter uses.
    let mut targets: Vec<HouseholdStatus> = data
        .iter_mut()
        .map(|s| std::mem::replace(&mut s.status, HouseholdStatus::Consulting))
        .collect();
    every_status_shown(&mut targets);
    load(
        &mut store,
        DEMO_ADMIN,
        &now,
        &data,
        &["cw1", "cw2"],
        &reveal,
    )?;
    store.checkpoint()?;
    crate::service::setup::install_national_rates(&mut store, DEMO_ADMIN, clock)?;
    store.checkpoint()?;
    drop(store);
    install_situations(path, clock, &data)?;
    record_history(path, clock, &targets)?;
    care::install(path, clock)?;
    install_medical(path, clock)?;
    install_exchange_demo(path, clock)?;
    Ok(())
}

/// The demo's exchange: one approved medium (デモ用) and three 情報照会 waiting to be exported, so
/// the home screen's 中間サーバー連携 and the exchange screen have something to show. Export them
/// to a folder as `sv1` or `med1` and answer them with `madoguchi-sim`.
fn install_exchange_demo(path: &Path, clock: &Clock) -> Result<()> {
    use crate::exchange::record::{Agency, Information, Procedure};
    use crate::service::exchange::InquiryInput;
    let mut admin =
        crate::service::App::login_with_clock(path, DEMO_ADMIN, DEMO_PASSWORD, clock.clone())?;
    admin.exchange_register_medium("DEMO-USB-1", "デモ用USBメモリ（保管庫A）")?;
    admin.logout()?;
    let mut cw = crate::service::App::login_with_clock(path, "cw1", DEMO_PASSWORD, clock.clone())?;
    let heads: Vec<i64> = {
        let mut stmt = cw
            .store()
            .conn()
            .prepare("SELECT id FROM persons WHERE is_head = 1 ORDER BY id LIMIT 3")
            .map_err(StoreError::from)?;
        let rows = stmt.query_map([], |r| r.get(0)).map_err(StoreError::from)?;
        rows.collect::<rusqlite::Result<Vec<i64>>>()
            .map_err(StoreError::from)?
    };
    let asks = [
        (
            Agency::PensionInsurer,
            Information::Pension,
            "年金受給の有無を確認するため（見本）",
        ),
        (
            Agency::Municipality,
            Information::LocalTax,
            "課税状況を確認するため（見本）",
        ),
        (
            Agency::EmploymentOffice,
            Information::Unemployment,
            "失業等給付の有無を確認するため（見本）",
        ),
    ];
    for (person_id, (agency, information, reason)) in heads.into_iter().zip(asks) {
        cw.request_inquiry(&InquiryInput {
            person_id,
            agency,
            information,
            procedure: Procedure::Change,
            reason: reason.into(),
        })?;
    }
    cw.logout()?;
    Ok(())
}

/// Institutions and standing medical-aid cases for most 保護中 households (so `vouchers run` on a
/// fresh demo issues vouchers), one case just applied for, one opinion waiting for the 嘱託医.
fn install_medical(path: &Path, clock: &Clock) -> Result<()> {
    let mut admin =
        crate::service::App::login_with_clock(path, DEMO_ADMIN, DEMO_PASSWORD, clock.clone())?;
    let today = crate::clock::now(clock).date_naive();
    admin.write(|tx| {
        let active: Vec<i64> = {
            let mut st = tx
                .conn()
                .prepare("SELECT id FROM households WHERE status = 'active' ORDER BY id")
                .map_err(StoreError::from)?;
            let rows = st.query_map([], |r| r.get(0)).map_err(StoreError::from)?;
            rows.collect::<rusqlite::Result<Vec<i64>>>()
                .map_err(StoreError::from)?
        };
        let inst = medical::load_institutions(tx)?;
        let staff = medical::Staff {
            drafter: "cw1",
            reviewer: "sv1",
            approver: "ap1",
        };
        let (standing, rest) = active.split_at(active.len().saturating_sub(2));
        medical::load_cases(tx, &staff, today, standing, &inst)?;
        if let Some(h) = rest.first() {
            medical::load_applied_case(tx, &staff, today, *h, inst[1])?;
        }
        Ok(())
    })?;
    admin.logout()?;
    Ok(())
}

/// The demo's history is priced by the national sets the program ships, and no decision of it is
/// older than their first day. On a day before that there is nothing to price it with: the demo
/// would come out with households but no decisions, and its voucher run would fail. Such a clock
/// (a test's fixed day, a machine whose date is wrong) is refused before anything is written.
fn refuse_a_day_before_the_national_sets(clock: &Clock) -> Result<()> {
    let today = crate::clock::now(clock).date_naive();
    let from = crate::calc::rates::shipped::first_effective_from();
    if today >= from {
        return Ok(());
    }
    Err(crate::service::ServiceError::refused(
        "DEMO_BEFORE_NATIONAL_RATES",
        format!(
            "今日の日付 {today} は、窓口に入っている国の基準額表の最初の適用日 {from} より前なので、デモを作れません。パソコンの日付を確かめてください（デモは {from} 以降の日付で作ります）"
        ),
    ))
}

/// The generator's draws shift with the date (birth dates are drawn up to `today`), so on some
/// days no household would come out 停止中, 廃止 or 申請中: the last 保護中 ones take a missing
/// status, so the demo shows every list on any day.
fn every_status_shown(targets: &mut [HouseholdStatus]) {
    use HouseholdStatus::{Active, Applying, Closed, Suspended};
    for want in [Applying, Suspended, Closed] {
        if targets.contains(&want) {
            continue;
        }
        if let Some(t) = targets.iter_mut().rev().find(|t| **t == Active) {
            *t = want;
        }
    }
}

/// What a real office's database would have: every household that is not 相談中 an
/// application; every 保護中・停止中・廃止 household its approved 開始 (calculated, drafted by
/// its caseworker, reviewed by sv1, approved by ap1), some a later 変更, the 停止中 ones a
/// 停止 and the 廃止 ones a 廃止; 申請中 ones wait for their decision; certificates in the
/// print queue. Decision 1 is an approved 開始, so `madoguchi print notice --decision 1` works.
fn record_history(path: &Path, clock: &Clock, targets: &[HouseholdStatus]) -> Result<()> {
    use crate::domain::decision::DecisionKind;
    use crate::service::decisions::{ApplicationInput, DecisionInput};
    use crate::service::App;
    let today = crate::clock::now(clock).date_naive();
    let from = crate::calc::rates::shipped::first_effective_from();
    let login = |id: &str| App::login_with_clock(path, id, DEMO_PASSWORD, clock.clone());
    let mut cws = [login("cw1")?, login("cw2")?];
    let mut sv = login("sv1")?;
    let mut ap = login("ap1")?;
    let mut decide = |cw: &mut App,
                      household_id: i64,
                      kind: DecisionKind,
                      on: NaiveDate,
                      code: &str,
                      text: &str|
     -> Result<i64> {
        let d = cw.draft_decision(&DecisionInput {
            household_id,
            kind,
            effective_date: on.to_string(),
            reason_text: text.into(),
            reason_codes: vec![code.into()],
            calculate: true,
        })?;
        sv.review_decision(d.id, "")?;
        ap.approve_decision(d.id, "")?;
        Ok(d.id)
    };
    // Decided households first (so decision 1 is a 開始), then the ones still 申請中.
    let mut order: Vec<usize> = (0..targets.len()).collect();
    order.sort_by_key(|&i| targets[i] == HouseholdStatus::Applying);
    for i in order {
        let target = targets[i];
        if target == HouseholdStatus::Consulting {
            continue;
        }
        let id = (i + 1) as i64;
        let cw = &mut cws[i % 2];
        if target == HouseholdStatus::Applying {
            // Received in the last 12 days: the 申請 list shows days left, one overdue-ish.
            let received = today - chrono::Duration::days((i % 12) as i64 + 1);
            cw.register_application(&ApplicationInput {
                household_id: id,
                consulted_on: Some((received - chrono::Duration::days(2)).to_string()),
                received_on: received.to_string(),
                form: None,
            })?;
            continue;
        }
        // Started between the rate set's first day and two months ago, not always on the 1st.
        let span = (today - from).num_days() - 60;
        if span <= 0 {
            continue; // the sets' first two months: no start is two months old yet
        }
        let start = from + chrono::Duration::days(((i as i64) * 37) % span);
        let consulted = start - chrono::Duration::days(3);
        cw.register_application(&ApplicationInput {
            household_id: id,
            consulted_on: Some(consulted.to_string()),
            received_on: start.to_string(),
            form: None,
        })?;
        decide(
            cw,
            id,
            DecisionKind::Start,
            start,
            "need_recognised",
            "世帯の収入が最低生活費に満たないため（見本）。",
        )?;
        let later = |days: i64| (start + chrono::Duration::days(days)).min(today);
        match target {
            HouseholdStatus::Suspended => {
                decide(
                    cw,
                    id,
                    DecisionKind::Suspend,
                    later(45),
                    "temporary_income",
                    "一時的な収入による停止（見本）。",
                )?;
            }
            HouseholdStatus::Closed => {
                decide(
                    cw,
                    id,
                    DecisionKind::Abolish,
                    later(45),
                    "self_sufficient",
                    "就労収入の増加により自立（見本）。",
                )?;
            }
            _ if i % 4 == 1 => {
                let first = start + chrono::Months::new(1);
                let on = NaiveDate::from_ymd_opt(first.year(), first.month(), 1).unwrap_or(first);
                if on <= today {
                    decide(
                        cw,
                        id,
                        DecisionKind::Change,
                        on,
                        "rent_change",
                        "家賃の改定による変更（見本）。",
                    )?;
                }
            }
            _ => {}
        }
        if target == HouseholdStatus::Active && i % 5 == 0 {
            let head = hh::members(cw.store().conn(), id)?.first().map(|p| p.id);
            if let Some(person) = head {
                let opts = cw.certificate_options(person)?;
                let aids: Vec<_> = opts.aids.iter().map(|a| a.aid).collect();
                if !aids.is_empty() {
                    cw.print_certificate(person, &aids, Some("年金の手続き（見本）"))?;
                }
            }
        }
    }
    // A fresh file as `init` would leave it: the history's rewrites leave free pages behind.
    ap.store()
        .conn()
        .execute_batch("VACUUM")
        .map_err(StoreError::from)?;
    ap.store().checkpoint()?;
    for a in cws.into_iter().chain([sv, ap]) {
        a.logout()?;
    }
    Ok(())
}

/// Give every demo household a situation (rent, an earned income for some), so 計算 and 決定
/// work out of the box in the demo, with the national rate sets a new database gets.
fn install_situations(path: &Path, clock: &Clock, data: &[SyntheticHousehold]) -> Result<()> {
    use crate::domain::decision::{IncomeInput, SituationInput};
    let mut admin =
        crate::service::App::login_with_clock(path, DEMO_ADMIN, DEMO_PASSWORD, clock.clone())?;
    let mut rng = StdRng::seed_from_u64(2026);
    admin.write(|tx| {
        for (i, s) in data.iter().enumerate() {
            let id = (i + 1) as i64;
            let head = hh::members(tx.conn(), id)?.first().map(|p| p.id);
            let input = SituationInput {
                // 冬季加算の地区 from the office's prefecture (no household override).
                winter_region: None,
                housing_area: Some(demo_office().prefecture),
                rent_yen: rng.gen_range(25..55) * 1000,
                care_cost_yen: 0,
                medical_cost_yen: 0,
                members: vec![],
                incomes: if s.members.len() > 1 && rng.gen_bool(0.4) {
                    vec![IncomeInput {
                        person_id: head,
                        kind: crate::calc::IncomeKind::Earned,
                        label: "パート収入（見本）".into(),
                        gross_yen: rng.gen_range(30..120) * 1000,
                        expenses_yen: 3000,
                    }]
                } else {
                    vec![]
                },
            };
            let json = serde_json::to_string(&input).unwrap_or_default();
            crate::store::decisions::put_situation(tx.conn(), id, &json, tx.actor(), tx.now())?;
        }
        Ok(())
    })?;
    admin.logout()?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generation_is_repeatable_and_fictitious() {
        let today = NaiveDate::from_ymd_opt(2025, 4, 1).unwrap();
        let a = generate(30, 7, today);
        let b = generate(30, 7, today);
        assert_eq!(a.len(), 30);
        for (x, y) in a.iter().zip(&b) {
            assert_eq!(x.household, y.household);
            assert_eq!(x.members, y.members);
            let m = &x.members[0];
            assert!(m.is_head && SURNAMES.iter().any(|(s, _)| m.name.starts_with(s)));
            assert!(x.members.iter().all(|m| m.birth_date <= today));
        }
    }

    #[test]
    fn synthetic_my_numbers_pass_the_check_digit() {
        for n in [1, 2, 999, 123456] {
            assert!(crate::domain::checkdigit::validate_my_number(&synthetic_my_number(n)).is_ok());
        }
    }
}
