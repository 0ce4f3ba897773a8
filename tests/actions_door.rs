//! The views say what the logged-in user may do now (`domain::workflow`), and the core refuses
//! the rest with the same rule; a household's status changes through approved decisions, and
//! the direct change is only a correction that never overrules one.

mod common;

use common::*;
use madoguchi::domain::decision::DecisionKind;
use madoguchi::domain::household::HouseholdStatus;
use madoguchi::domain::workflow::{DecisionAction as A, HouseholdAction as H};
use madoguchi::service::views::HouseholdHeader;

/// The kinds the household view offers to draft.
fn kinds(h: &HouseholdHeader) -> Vec<DecisionKind> {
    h.decision_kinds.iter().map(|o| o.kind).collect()
}

#[test]
fn each_person_sees_their_own_step_on_a_decision_and_nothing_else() {
    let db = TestDb::new();
    let (hid, _, did) = drafted_start(&db);
    let mut cw = db.staff("cw");
    let mut sv = db.staff("sv");
    let mut ap = db.staff("ap");
    let mut ro = db.staff("ro");
    // Issue 7: 再起案 only after a return (the drafter's own draft is not redrafted in place).
    assert_eq!(
        cw.get_decision(did).unwrap().actions,
        vec![A::PrintNoticeDraft, A::PrintCalculationSheet]
    );
    assert_eq!(
        sv.get_decision(did).unwrap().actions,
        vec![
            A::Review,
            A::Return,
            A::PrintNoticeDraft,
            A::PrintCalculationSheet
        ]
    );
    assert_eq!(
        ap.get_decision(did).unwrap().actions,
        vec![A::PrintNoticeDraft, A::PrintCalculationSheet]
    );
    assert!(ro.get_decision(did).unwrap().actions.is_empty());
    assert!(cw.get_decision(did).unwrap().redraft_kinds.is_empty());
    // What is not offered is refused by the same rule.
    assert_eq!(
        cw.review_decision(did, "").unwrap_err().code(),
        "PERMISSION_DENIED"
    );
    assert_eq!(
        ap.approve_decision(did, "").unwrap_err().code(),
        "DECISION_STATE"
    );

    let reviewed = sv.review_decision(did, "確認しました").unwrap();
    assert!(reviewed.actions.is_empty() || !reviewed.actions.contains(&A::Review));
    assert_eq!(
        ap.get_decision(did).unwrap().actions[..2],
        [A::Approve, A::Return]
    );
    assert_eq!(
        sv.approve_decision(did, "").unwrap_err().code(),
        "PERMISSION_DENIED"
    );
    let approved = ap.approve_decision(did, "").unwrap();
    assert_eq!(
        approved.actions,
        vec![A::PrintNotice, A::PrintCalculationSheet]
    );
    assert_eq!(
        cw.open_household(hid).unwrap().household.status,
        HouseholdStatus::Active
    );
}

#[test]
fn household_views_carry_the_actions_of_the_role() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("A-0001")).unwrap();
    // Saved at the counter without an application: 相談中, not 申請中 (issue 9 point 6).
    assert_eq!(h.household.status, HouseholdStatus::Consulting);
    assert_eq!(
        h.actions,
        vec![
            H::Edit,
            H::RevealMyNumber,
            H::PrintCertificate,
            H::RegisterApplication,
            H::DraftDecision,
            H::RequestInquiry
        ]
    );
    let mut ap = db.staff("ap");
    assert_eq!(
        ap.open_household(h.household.id).unwrap().actions,
        vec![H::CorrectStatus, H::PrintCertificate]
    );
    let mut ro = db.staff("ro");
    assert!(ro
        // cw's case: read-only staff say why they open it
        .open_household_with_reason(h.household.id, Some(&case_reason()))
        .unwrap()
        .actions
        .is_empty());
}

#[test]
fn the_household_view_says_which_decision_the_form_proposes() {
    // Issue 9: once an application is registered the household is 申請中 and 開始 is proposed,
    // not 変更; the kinds offered follow the status, from the core.
    use DecisionKind as K;
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let hid = cw
        .create_household(&household("K-0001"))
        .unwrap()
        .household
        .id;
    let h = cw.open_household(hid).unwrap().household;
    assert_eq!(h.status, HouseholdStatus::Consulting);
    assert!(h.decision_kinds.is_empty());
    assert_eq!(h.proposed_decision_kind, None);

    apply(&mut cw, hid, "2025-05-20");
    let h = cw.open_household(hid).unwrap().household;
    assert_eq!(h.status, HouseholdStatus::Applying);
    assert_eq!(h.status_label, "申請中");
    assert_eq!(kinds(&h), vec![K::Start, K::Reject]);
    // 開始 always carries its calculation; 却下 only when the caseworker asks (the form follows this).
    let calc: Vec<bool> = h
        .decision_kinds
        .iter()
        .map(|o| o.requires_calculation)
        .collect();
    assert_eq!(calc, vec![true, false]);
    assert_eq!(h.decision_kinds[0].label, "開始");
    assert_eq!(h.proposed_decision_kind, Some(K::Start));

    let (hid2, _, did2) = drafted_start(&db);
    db.staff("sv").review_decision(did2, "").unwrap();
    db.staff("ap").approve_decision(did2, "").unwrap();
    let h = cw.open_household(hid2).unwrap().household;
    assert_eq!(kinds(&h), vec![K::Change, K::Suspend, K::Abolish]);
    assert_eq!(h.proposed_decision_kind, Some(K::Change));
}

#[test]
fn a_status_correction_never_overrules_an_approved_decision() {
    // Before any decision (a case carried over from the paper ledger) the registry may be
    // corrected, with a reason, but never to 申請中 (registering an application does that).
    let db = TestDb::new();
    let mut sv = db.staff("sv");
    let hid = db
        .staff("cw")
        .create_household(&household("P-0001"))
        .unwrap()
        .household
        .id;
    assert_eq!(
        sv.change_household_status(hid, HouseholdStatus::Active, "2025-05-01", "")
            .unwrap_err()
            .code(),
        "VALIDATION"
    );
    sv.change_household_status(
        hid,
        HouseholdStatus::Active,
        "2025-05-01",
        "紙台帳からの移行（保護中）",
    )
    .unwrap();
    let e = sv
        .change_household_status(hid, HouseholdStatus::Applying, "2025-05-02", "誤り")
        .unwrap_err();
    assert_eq!(e.code(), "DECISION_STATE");

    // Once an approved 開始 made it 保護中, only a decision changes that.
    let (hid2, _, did2) = drafted_start(&db);
    db.staff("sv").review_decision(did2, "").unwrap();
    db.staff("ap").approve_decision(did2, "").unwrap();
    for to in [HouseholdStatus::Closed, HouseholdStatus::Suspended] {
        let e = sv
            .change_household_status(hid2, to, "2025-07-01", "転出")
            .unwrap_err();
        assert_eq!(e.code(), "DECISION_STATE");
        assert!(e.to_string().contains("決定"), "{e}");
    }
    assert_eq!(
        sv.open_household(hid2).unwrap().household.status,
        HouseholdStatus::Active
    );
}

#[test]
fn a_returned_decision_offers_its_drafter_the_kinds_the_household_allows() {
    let db = TestDb::new();
    let (_, _, did) = drafted_start(&db);
    db.staff("sv").return_decision(did, "収入の確認を").unwrap();
    let d = db.staff("cw").get_decision(did).unwrap();
    assert!(d.actions.contains(&A::Redraft));
    // 申請中: 開始 (with its calculation, always) or 却下 — never 変更・停止・廃止.
    let offered: Vec<(DecisionKind, bool)> = d
        .redraft_kinds
        .iter()
        .map(|o| (o.kind, o.requires_calculation))
        .collect();
    assert_eq!(
        offered,
        vec![(DecisionKind::Start, true), (DecisionKind::Reject, false)]
    );
    assert!(db
        .staff("ap")
        .get_decision(did)
        .unwrap()
        .redraft_kinds
        .is_empty());
}
