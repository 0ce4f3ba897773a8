//! The demo's care aid: a small provider register (one number with a letter 事業所区分), and care
//! cases for some 保護中 households — 第1号 insured people, one 第2号, one person outside the
//! insurance with an H-number — decided through the ordinary workflow by the demo staff, one
//! case just applied for (no care plan yet) and one 認定 ending soon, so the screens and
//! `vouchers run --kind care` have something to show.

use chrono::{Datelike, Months, NaiveDate};

use super::{Result, DEMO_PASSWORD};
use crate::domain::care_aid::case::{CareLine, CareTerms};
use crate::domain::care_aid::insurance::{first_insured_from, CareLevel, InsuredKind};
use crate::domain::decision::DecisionKind;
use crate::domain::household::age_on;
use crate::service::care_aid::{CareCaseInput, CarePlanInput, CareStatusInput};
use crate::service::decisions::CareDecisionInput;
use crate::service::{App, Clock};
use crate::store::households as hh;

/// The demo providers (見本・架空: invented names and numbers with valid check digits).
pub const DEMO_PROVIDERS: &str = "事業所番号,事業所名,カナ,サービス種類,郵便番号,所在地,電話番号,指定年月日,指定終了日
1371123454,見本ケアプランセンター,ミホンケアプランセンター,43 46,3300001,見本県見本市中央1-1,048-000-0001,2018-04-01,
1371000017,見本ヘルパーステーション,ミホンヘルパーステーション,11,3300002,見本県見本市中央2-2,048-000-0002,2018-04-01,
1371000025,見本デイサービスセンター,ミホンデイサービスセンター,15 78,3300003,見本県見本市東1-3,048-000-0003,2019-04-01,
1371000033,見本福祉用具,ミホンフクシヨウグ,17 67,3300004,見本県見本市西4-4,048-000-0004,2020-04-01,
1371000041,特別養護老人ホーム見本苑,トクベツヨウゴロウジンホームミホンエン,51 21,3300005,見本県見本市北5-5,048-000-0005,2015-04-01,
1391000013,見本訪問看護ステーション,ミホンホウモンカンゴステーション,13 63,3300006,見本県見本市南6-6,048-000-0006,2017-04-01,
11A1000019,見本生活支援センター（総合事業）,ミホンセイカツシエンセンター,A6,3300007,見本県見本市中央7-7,048-000-0007,2021-04-01,
";

fn id(app: &mut App, number: &str) -> Result<i64> {
    Ok(app.care_providers_search(number, false, 1)?[0].id)
}

/// Seed the register and the cases. Runs after the households, the rates and the situations.
pub(super) fn install(path: &std::path::Path, clock: &Clock) -> Result<()> {
    let mut med = App::login_with_clock(path, "med1", DEMO_PASSWORD, clock.clone())?;
    med.care_providers_import(DEMO_PROVIDERS, false)?;
    med.logout()?;
    install_cases(path, clock, 8)?;
    Ok(())
}

/// Care cases for up to `count` more people of 保護中 households who have none yet, on the
/// demo register: three in four 65 or over (第1号), the rest 40–64 (one 第2号, the others outside
/// the insurance with an H-number); all but one decided through the workflow. Returns how many
/// cases were registered. The demo calls it with 8; benchmarks with thousands.
pub fn install_cases(path: &std::path::Path, clock: &Clock, count: usize) -> Result<usize> {
    let login = |u: &str| App::login_with_clock(path, u, DEMO_PASSWORD, clock.clone());
    let mut cw = login("cw1")?;
    let mut sv = login("sv1")?;
    let mut ap = login("ap1")?;
    let today = crate::clock::now(clock).date_naive();
    let month_start = today.with_day0(0).unwrap_or(today);
    let applied = month_start - Months::new(1);
    let plan_office = id(&mut cw, "1371123454")?;
    let helper = id(&mut cw, "1371000017")?;
    let day = id(&mut cw, "1371000025")?;
    let tools = id(&mut cw, "1371000033")?;
    let home = id(&mut cw, "1371000041")?;
    let nurse = id(&mut cw, "1391000013")?;

    // Members of 保護中 households, the oldest first: the first ones get care aid.
    let mut people: Vec<(i64, i64, NaiveDate)> = Vec::new();
    {
        let conn = cw.store().conn();
        let mut st = conn
            .prepare("SELECT id FROM households WHERE status = 'active' ORDER BY id")
            .map_err(crate::store::StoreError::from)?;
        let ids: Vec<i64> = st
            .query_map([], |r| r.get(0))
            .and_then(|r| r.collect())
            .map_err(crate::store::StoreError::from)?;
        let mut st = conn
            .prepare("SELECT DISTINCT person_id FROM care_cases")
            .map_err(crate::store::StoreError::from)?;
        let with_case: std::collections::HashSet<i64> = st
            .query_map([], |r| r.get(0))
            .and_then(|r| r.collect())
            .map_err(crate::store::StoreError::from)?;
        for h in ids {
            for p in hh::members(conn, h)? {
                if p.death_date.is_none() && !with_case.contains(&p.id) {
                    people.push((h, p.id, p.birth_date));
                }
            }
        }
    }
    let elderly: Vec<_> = people
        .iter()
        .filter(|p| age_on(p.2, today) >= 66)
        .take(count * 3 / 4)
        .cloned()
        .collect();
    let middle: Vec<_> = people
        .iter()
        .filter(|p| (41..=63).contains(&age_on(p.2, today)))
        .take(count - count * 3 / 4)
        .cloned()
        .collect();

    let terms_sets = [
        (
            vec![(helper, vec!["11"]), (day, vec!["15"])],
            Some(plan_office),
        ),
        (
            vec![(day, vec!["78"]), (tools, vec!["17"])],
            Some(plan_office),
        ),
        (vec![(home, vec!["51"])], None),
        (
            vec![(helper, vec!["11"]), (nurse, vec!["13"])],
            Some(plan_office),
        ),
    ];
    let mut seq = 0usize;
    for (i, (_hid, pid, birth)) in elderly.iter().chain(middle.iter()).enumerate() {
        let kind = if i < elderly.len() {
            InsuredKind::First
        } else if i == elderly.len() {
            InsuredKind::Second
        } else {
            InsuredKind::NotInsured
        };
        let valid_from = match kind {
            InsuredKind::First => first_insured_from(*birth)
                .unwrap_or(applied)
                .max(applied - Months::new(24)),
            _ => applied - Months::new(6),
        };
        // One 認定 ends within the month (the renewal warning); the others run a year on.
        let certified_to = if i == 1 {
            today + chrono::Duration::days(25)
        } else {
            month_start + Months::new(11)
        };
        let level = [
            CareLevel::Care1,
            CareLevel::Care2,
            CareLevel::Care3,
            CareLevel::Support2,
            CareLevel::Care4,
        ][i % 5];
        cw.care_status_save(&CareStatusInput {
            person_id: *pid,
            valid_from: valid_from.to_string(),
            kind,
            insured_number: if kind.is_insured() {
                format!("{:010}", 1_000_000 + pid)
            } else {
                String::new()
            },
            insurer_number: if kind.is_insured() {
                "112102".into()
            } else {
                String::new()
            },
            previous_h_number: String::new(),
            previous_h_municipality: String::new(),
            co_pay_tenths: 1,
            premium_yen: if kind == InsuredKind::First && i % 2 == 0 {
                4_900
            } else {
                0
            },
            care_level: Some(level),
            certified_from: (month_start - Months::new(6)).to_string(),
            certified_to: certified_to.to_string(),
        })?;
        let case = cw.care_case_register(&CareCaseInput {
            person_id: *pid,
            applied_on: applied.to_string(),
        })?;
        // The last elderly case is just applied for: no plan, no decision yet.
        if i == elderly.len().saturating_sub(1) && kind == InsuredKind::First {
            continue;
        }
        let (lines, plan) = &terms_sets[seq % terms_sets.len()];
        seq += 1;
        if let Some(office) = plan {
            cw.care_plan_record(&CarePlanInput {
                case_id: case.id,
                plan_office_id: *office,
                received_on: applied.to_string(),
                note: "初回のケアプラン（見本）".into(),
            })?;
        }
        let d = cw.draft_care_decision(&CareDecisionInput {
            case_id: case.id,
            kind: DecisionKind::Start,
            effective_date: applied.to_string(),
            reason_text: "要介護認定を受け、介護サービスの利用が必要と認められるため、介護扶助を開始します。（見本）".into(),
            reason_codes: vec![],
            terms: Some(CareTerms {
                lines: lines
                    .iter()
                    .map(|(p, k)| CareLine { provider_id: *p, service_kinds: k.iter().map(|s| s.to_string()).collect() })
                    .collect(),
                plan_office_id: *plan,
            }),
        })?;
        sv.review_decision(d.id, "")?;
        ap.approve_decision(d.id, "")?;
    }
    for a in [cw, sv, ap] {
        a.logout()?;
    }
    Ok(elderly.len() + middle.len())
}
