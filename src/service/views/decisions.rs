//! Views of rate sets, the calculation, applications, decisions and 一括認定 (service::decisions).

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use crate::domain::aid::AidKind;
use crate::domain::decision::{DecisionKind, DecisionState, SituationInput};
use crate::domain::household::HouseholdStatus;

/// A kind of decision the 起案 form offers, with what the core asks of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DecisionKindOption {
    pub kind: DecisionKind,
    pub label: String,
    /// The decision always carries the calculation of its effective date (開始・変更:
    /// `DecisionKind::requires_calculation`); for the others the drafter chooses.
    pub requires_calculation: bool,
}

impl DecisionKindOption {
    /// The kinds that may be drafted for a household in `status` (`DecisionKind::draftable_from`).
    pub fn draftable_from(status: HouseholdStatus) -> Vec<DecisionKindOption> {
        DecisionKind::draftable_from(status)
            .into_iter()
            .map(|kind| DecisionKindOption {
                kind,
                label: kind.label().into(),
                requires_calculation: kind.requires_calculation(),
            })
            .collect()
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RateSetSummary {
    #[ts(type = "number")]
    pub id: i64,
    pub version: String,
    pub title: String,
    pub effective_from: String,
    pub effective_to: Option<String>,
    /// The set holds invented test figures (試験用): never decide a real case with it.
    pub test_figures: bool,
    pub sha256: String,
    pub imported_at: String,
    pub imported_by: String,
    /// The office's 級地 (empty when office settings are not saved yet).
    pub office_grade: String,
    /// Why this set cannot decide for the office's 級地 on its first day (empty = complete).
    pub missing: Vec<String>,
    /// The distinct 区分 (`area`) keys of the set's 住宅扶助 table, in table order.
    pub housing_areas: Vec<String>,
    /// What only some households need and the set lacks (a 加算, 教育扶助 …): those households
    /// are refused until the office adds the table (「不足の表を追加」); the others are decided.
    pub to_import: Vec<String>,
    /// A national set the program ships (or one completed by the office).
    pub national: bool,
    /// For a national set completed by the office: the office's addition (title and version).
    pub supplement: Option<String>,
    /// 「不足の表を追加」 is offered on this row: the national set the office's tables are added
    /// to (this one, or the national set a completed one was built from). `None` when the set
    /// leaves nothing to the office, or is not a national set.
    pub supplement_to: Option<String>,
    /// Where each table's figures come from, and how far they can be trusted.
    pub sources: Vec<RateSourceView>,
}

/// One source of a rate set, as the import screen lists it.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RateSourceView {
    pub id: String,
    pub title: String,
    pub url: String,
    /// 「告示・厚生労働省の資料」「公的機関の写し」「第三者の写し」「事務所」「試験用」
    pub verification_label: String,
    /// 「高」「中」「低」 with what it means, or empty when the set does not say.
    pub trust_label: String,
    pub note: String,
}

/// 基準改定: a national set a program update brought, waiting for the office's 一括認定.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RevisionView {
    /// The set to give 一括認定の試算: the national set, or the office's completed version of it.
    pub version: String,
    pub title: String,
    /// The date to give 一括認定の試算 (`bulk_preview`).
    pub effective_from: String,
    pub effective_from_wareki: String,
    pub installed_at: String,
    pub message: String,
}

/// The cash benefit of the month a decision starts or ends in, pro rata.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ProratedView {
    /// 「開始月の日割」「停止月の日割」「廃止月の日割」
    pub label: String,
    pub from: String,
    pub to: String,
    #[ts(type = "number")]
    pub days: i64,
    #[ts(type = "number")]
    pub days_in_month: i64,
    #[ts(type = "number")]
    pub full_month_cash_yen: i64,
    #[ts(type = "number")]
    pub prorated_cash_yen: i64,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SituationMember {
    #[ts(type = "number")]
    pub person_id: i64,
    pub name: String,
    pub birth_date: String,
    pub birth_date_wareki: String,
    pub age: u32,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct SituationView {
    #[ts(type = "number")]
    pub household_id: i64,
    /// `None` when nothing is stored yet.
    pub input: Option<SituationInput>,
    pub members: Vec<SituationMember>,
    pub updated_at: Option<String>,
    /// The 住宅扶助 区分 of the rate set in force today: the choices for `input.housing_area`.
    pub housing_areas: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CalcLineView {
    /// None on an income line.
    pub kind_of_aid: Option<AidKind>,
    pub kind_of_aid_label: String,
    pub label: String,
    pub member_name: Option<String>,
    /// "daiichi.csv 7行目（出典 test）"
    pub table_ref: Option<String>,
    #[ts(type = "number")]
    pub amount_yen: i64,
    /// Part of the total; working lines are shown but not added.
    pub counted: bool,
    pub note: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AidAmountView {
    pub kind_of_aid: AidKind,
    pub label: String,
    #[ts(type = "number")]
    pub minimum_yen: i64,
    #[ts(type = "number")]
    pub income_applied_yen: i64,
    #[ts(type = "number")]
    pub aid_yen: i64,
}

/// A calculation for one household on one date, every line explained.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CalcView {
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    pub date: String,
    pub date_wareki: String,
    pub grade: String,
    pub grade_label: String,
    pub rate_version: String,
    pub rate_sha256: String,
    pub test_figures: bool,
    pub members: Vec<SituationMember>,
    pub lines: Vec<CalcLineView>,
    pub income_lines: Vec<CalcLineView>,
    pub by_kind: Vec<AidAmountView>,
    #[ts(type = "number")]
    pub minimum_total_yen: i64,
    #[ts(type = "number")]
    pub income_recognised_yen: i64,
    #[ts(type = "number")]
    pub benefit_yen: i64,
    #[ts(type = "number")]
    pub cash_benefit_yen: i64,
    #[ts(type = "number")]
    pub own_payment_care_yen: i64,
    #[ts(type = "number")]
    pub own_payment_medical_yen: i64,
    pub needed: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ApplicationView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    pub head_name: String,
    pub consulted_on: Option<String>,
    pub consulted_on_wareki: Option<String>,
    pub received_on: String,
    pub received_on_wareki: String,
    /// 14 days after receipt, or 30 when extended.
    pub deadline: String,
    pub deadline_wareki: String,
    /// Days from today to the deadline; negative = overdue.
    #[ts(type = "number")]
    pub days_left: i64,
    /// 期限超過 / 期限間近 / 余裕あり, from `domain::decision::urgency`.
    pub urgency: crate::domain::decision::Urgency,
    /// The deadline it would have if extended to 30 days (shown before extending).
    pub extended_deadline_wareki: String,
    pub extended: bool,
    pub extension_reason: Option<String>,
    /// `pending` / `decided` / `withdrawn`
    pub status: String,
    pub status_label: String,
    pub decided_on: Option<String>,
    #[ts(type = "number | null")]
    pub decision_id: Option<i64>,
    /// The 保護申請書 as recorded (`None` for an application registered without it).
    pub form: Option<crate::domain::application::ApplicationForm>,
    /// "生活扶助・住宅扶助" (empty without a form).
    pub aids_requested_text: String,
    /// A 扶養照会 may be planned: false when a member of the household is under DV protection.
    pub support_inquiry_allowed: bool,
    /// What the logged-in user may do on it now (`domain::workflow::application_actions`).
    pub actions: Vec<crate::domain::workflow::ApplicationAction>,
}

/// The 申請 tab of a household.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HouseholdApplicationsView {
    /// Newest first.
    pub applications: Vec<ApplicationView>,
    /// A new 開始 application may be registered now (`domain::workflow::check_register_application`).
    pub may_register: bool,
    /// Why none may be registered, for the clerk (not given while one is pending, nor when the
    /// role lacks the permission).
    pub register_refusal: Option<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReasonView {
    pub code: String,
    pub label: String,
    /// Kinds the reason fits; empty = any.
    pub kinds: Vec<DecisionKind>,
    pub active: bool,
    #[ts(type = "number")]
    pub sort_order: i64,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CommentView {
    /// `draft` / `review` / `approval`
    pub stage: String,
    /// `comment` / `return` / `review` / `approve` / `redraft`
    pub action: String,
    pub action_label: String,
    pub user_id: String,
    /// The user's display name (the id when the account is unknown).
    pub user_name: String,
    pub at: String,
    pub comment: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DecisionView {
    #[ts(type = "number")]
    pub id: i64,
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    pub head_name: String,
    pub kind: DecisionKind,
    pub kind_label: String,
    /// Set for a medical-aid decision (its case); `None` for a protection decision.
    #[ts(type = "number | null")]
    pub medical_case_id: Option<i64>,
    /// 「保護」, 「医療扶助」 or 「介護扶助」: what the decision is about.
    pub subject_label: String,
    /// The screen's title: 「保護開始の決定」, 「医療扶助開始の決定」, 「介護扶助廃止の決定」…
    pub title: String,
    pub effective_date: String,
    pub effective_date_wareki: String,
    pub reason_text: String,
    pub reasons: Vec<ReasonView>,
    /// 扶助額 by kind of aid, as decided.
    pub amounts: Vec<AidAmountView>,
    /// Why a decision with a calculation has no 扶助額 by kind (paid in kind, or a 停止・廃止・却下
    /// that keeps its calculation as evidence); `None` when it has amounts or no calculation.
    pub amounts_note: Option<String>,
    #[ts(type = "number | null")]
    pub minimum_total_yen: Option<i64>,
    #[ts(type = "number | null")]
    pub income_recognised_yen: Option<i64>,
    #[ts(type = "number")]
    pub benefit_yen: i64,
    #[ts(type = "number")]
    pub cash_benefit_yen: i64,
    /// The decision sets a 保護費 (開始・変更); a 停止・廃止・却下 sets none, so lists show 「—」.
    pub benefit_decided: bool,
    pub rate_version: Option<String>,
    pub rate_sha256: Option<String>,
    /// The decision's rate set holds invented test figures (試験用).
    pub test_figures: bool,
    pub state: DecisionState,
    pub state_label: String,
    pub drafted_by: String,
    /// Display names (the id when the account is unknown).
    pub drafted_by_name: String,
    pub drafted_at: String,
    pub reviewed_by: Option<String>,
    pub reviewed_by_name: Option<String>,
    pub reviewed_at: Option<String>,
    pub approved_by: Option<String>,
    pub approved_by_name: Option<String>,
    pub approved_at: Option<String>,
    pub bulk_id: Option<String>,
    #[ts(type = "number | null")]
    pub application_id: Option<i64>,
    pub comments: Vec<CommentView>,
    /// 日割: a start or end inside a month pays part of the month's cash benefit.
    pub prorated: Option<ProratedView>,
    /// The kinds a 再起案 may choose (those the household's status allows now, with their
    /// calculation rule); empty when the viewer may not redraft it here.
    pub redraft_kinds: Vec<DecisionKindOption>,
    /// The steps the logged-in user may take on this decision now (`domain::workflow::decision_actions`): the screen offers exactly these.
    pub actions: Vec<crate::domain::workflow::DecisionAction>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReproduceReport {
    #[ts(type = "number")]
    pub decision_id: i64,
    pub rate_version: String,
    /// The stored rate files still hash to the SHA-256 the decision recorded.
    pub sha256_ok: bool,
    /// The situation rebuilt from the stored inputs equals the one the decision used.
    pub inputs_ok: bool,
    /// Recomputing gives exactly the stored result.
    pub equal: bool,
    pub message: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BulkPreviewRow {
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    /// 世帯主の氏名.
    pub head_name: String,
    /// The current 保護費 (0 when the household has no approved amounts yet).
    #[ts(type = "number")]
    pub old_total: i64,
    #[ts(type = "number")]
    pub new_total: i64,
    #[ts(type = "number")]
    pub change: i64,
    /// Why this household cannot be recomputed (no situation, open decision, missing table …).
    pub error: Option<String>,
}

/// The 一括認定 試算: one row per 保護中 household, and the totals the screen's footer shows.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BulkPreview {
    pub rows: Vec<BulkPreviewRow>,
    pub totals: BulkTotals,
}

/// Counts over every row; sums over the rows that could be recomputed (without `error`).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct BulkTotals {
    #[ts(type = "number")]
    pub households: i64,
    #[ts(type = "number")]
    pub changed: i64,
    #[ts(type = "number")]
    pub unchanged: i64,
    /// Could not be recomputed (need a decision of their own).
    #[ts(type = "number")]
    pub skipped: i64,
    #[ts(type = "number")]
    pub old_total: i64,
    #[ts(type = "number")]
    pub new_total: i64,
    #[ts(type = "number")]
    pub change: i64,
}

impl BulkTotals {
    pub fn of(rows: &[BulkPreviewRow]) -> BulkTotals {
        let mut t = BulkTotals {
            households: rows.len() as i64,
            ..BulkTotals::default()
        };
        for r in rows {
            if r.error.is_some() {
                t.skipped += 1;
                continue;
            }
            if r.change == 0 {
                t.unchanged += 1;
            } else {
                t.changed += 1;
            }
            t.old_total += r.old_total;
            t.new_total += r.new_total;
            t.change += r.change;
        }
        t
    }
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct BulkApplyResult {
    pub bulk_id: String,
    pub rate_version: String,
    /// One 変更 draft per household whose amount changes.
    #[ts(type = "number[]")]
    pub created: Vec<i64>,
    #[ts(type = "number")]
    pub unchanged: i64,
    /// Households left out, with the reason (they need an individual decision).
    pub skipped: Vec<BulkPreviewRow>,
}
