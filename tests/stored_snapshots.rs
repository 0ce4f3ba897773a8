//! What a decision stored before a change of vocabulary still loads and reproduces: a 保護決定 is
//! kept for years and recomputed from its snapshot, so a rename in `domain` must read the old
//! words. `tests/fixtures/snapshots/start-2025-06.json` was recorded (once, by hand) from the
//! program before the kinds of aid became one `domain::aid::AidKind`, when the calculation wrote
//! 介護扶助 as `care` and 生業扶助 as `occupation`; it is never regenerated.

mod common;

use common::*;
use madoguchi::domain::aid::AidKind;
use madoguchi::domain::decision::{DecisionKind, IncomeInput, MemberFacts, SituationInput};
use madoguchi::domain::facts::{IncomeKind, PricingFacts, SchoolLevel};
use madoguchi::service::decisions::{DecisionInput, DecisionSnapshot};

const FIXTURE: &str = include_str!("fixtures/snapshots/start-2025-06.json");

/// The office, household and draft the fixture was recorded from; returns the decision's ID.
fn recorded_office(db: &TestDb) -> i64 {
    let mut admin = db.login(ADMIN, ADMIN_PW);
    let mut office = madoguchi::demo::demo_office();
    office.grade = "1-1".into();
    admin.save_office(&office).unwrap();
    admin.import_rates(&fixture_files(), true).unwrap();
    let mut cw = db.staff("cw");
    let hid = cw
        .create_household(&household("S-0001"))
        .unwrap()
        .household
        .id;
    cw.add_member(hid, &member("窓口 母", "マドグチ ハハ", "1988-04-01"))
        .unwrap();
    let v = cw
        .add_member(hid, &member("窓口 子", "マドグチ コ", "2009-06-02"))
        .unwrap();
    let (mother, child) = (v.members[0].id, v.members[1].id);
    cw.save_situation(
        hid,
        &SituationInput {
            winter_region: Some(6),
            housing_area: Some("試験県".into()),
            rent_yen: 40_000,
            care_cost_yen: 12_000,
            medical_cost_yen: 8_000,
            members: vec![
                MemberFacts {
                    person_id: mother,
                    facts: PricingFacts {
                        lone_parent: true,
                        ..PricingFacts::default()
                    },
                },
                MemberFacts {
                    person_id: child,
                    facts: PricingFacts {
                        school: Some(SchoolLevel::Koko),
                        school_costs_yen: 3_000,
                        ..PricingFacts::default()
                    },
                },
            ],
            incomes: vec![IncomeInput {
                person_id: Some(mother),
                kind: IncomeKind::Earned,
                label: "A社 給与".into(),
                gross_yen: 80_000,
                expenses_yen: 5_000,
            }],
        },
    )
    .unwrap();
    // (Since issue 9 a household is 相談中 until its application is registered.)
    apply(&mut cw, hid, "2025-06-01");
    cw.draft_decision(&DecisionInput {
        household_id: hid,
        kind: DecisionKind::Start,
        effective_date: "2025-06-01".into(),
        reason_text: "".into(),
        reason_codes: vec!["need_recognised".into()],
        calculate: false,
    })
    .unwrap()
    .id
}

#[test]
fn a_decision_stored_with_the_old_names_of_the_kinds_of_aid_loads_shows_and_reproduces() {
    let recorded: serde_json::Value = serde_json::from_str(FIXTURE).unwrap();
    let (snapshot, amounts) = (
        recorded["snapshot"].as_str().unwrap(),
        recorded["amounts"].as_str().unwrap(),
    );
    assert!(
        snapshot.contains("\"care\"") && snapshot.contains("\"occupation\""),
        "the fixture is the old vocabulary"
    );
    let snap: DecisionSnapshot = serde_json::from_str(snapshot).unwrap();
    let kinds: Vec<AidKind> = snap.result.by_kind.iter().map(|k| k.kind_of_aid).collect();
    assert!(kinds.contains(&AidKind::LongTermCare), "{kinds:?}");
    assert!(kinds.contains(&AidKind::Occupational), "{kinds:?}");

    // Put the old record in place of a fresh draft made the same way, as if stored last year.
    let db = TestDb::new();
    let id = recorded_office(&db);
    let cw = db.staff("cw");
    cw.store()
        .conn()
        .execute(
            "UPDATE decisions SET snapshot = ?2, amounts = ?3 WHERE id = ?1",
            rusqlite::params![id, snapshot, amounts],
        )
        .unwrap();
    let mut cw = db.staff("cw");
    let r = cw.reproduce_decision(id).unwrap();
    assert!(r.equal && r.sha256_ok && r.inputs_ok, "{r:?}");
    let view = cw.get_decision(id).unwrap();
    let labels: Vec<&str> = view.amounts.iter().map(|a| a.label.as_str()).collect();
    assert!(
        labels.contains(&"介護扶助") && labels.contains(&"生業扶助"),
        "{labels:?}"
    );
    let care = view
        .amounts
        .iter()
        .find(|a| a.kind_of_aid == AidKind::LongTermCare)
        .unwrap();
    assert_eq!(care.minimum_yen, 12_000);
}
