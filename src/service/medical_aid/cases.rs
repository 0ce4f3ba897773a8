//! The medical-aid case: application, 他法 checks, the 医療要否意見書 cycle (send → return →
//! 嘱託医 review → valid period), the home-screen warnings, one-off vouchers, and the printed
//! forms made from the case (the opinion form, the vouchers).

use std::collections::HashMap;

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::scheme::{institution_facts, segments, terms_of, MedicalScheme};
use crate::audit::actions;
use crate::domain::decision::DecisionState;
use crate::domain::era::{format_wareki, format_wareki_short, parse_date};
use crate::domain::household::{age_on, HouseholdStatus, ValidationError};
use crate::domain::medical_aid::case::{
    case_actions, expiry, opinion_actions, opinion_valid_to, start_blockers, CaseFacts, CasePowers,
    CaseStatus, Expiry, OpinionState, OtherLawAnswer, OtherScheme, ReviewResult, RETURN_DAYS,
};
use crate::domain::medical_aid::voucher::{MedicalTerms, MedicalVoucherDetails, TicketType};
use crate::domain::role::Permission;
use crate::domain::voucher::VoucherMonth;
use crate::print::{
    Document, MedicalVoucher, OfficeBlock, OpinionForm, PrintedProvider, VoucherBatch,
};
use crate::service::printing::{enqueue_in_tx, Rendered};
use crate::service::views::{
    CaseDecisionView, HouseholdMedicalView, MedicalAlertsView, MedicalCaseView, OpinionContent,
    OpinionView, OtherLawView, TermLineView, TermsView,
};
use crate::service::vouchers::VoucherScheme;
use crate::service::{App, Result, ServiceError};
use crate::store::households as hh;
use crate::store::medical_aid::{self as sm, CaseRow, OpinionRow};
use crate::store::vouchers::{self as sv, VoucherRow};

const TEXT_MAX: usize = 200;

fn day(field: &'static str, label: &str, s: &str) -> Result<NaiveDate> {
    parse_date(s).map_err(|e| ValidationError::new(field, format!("{label}: {e}")).into())
}

fn text(field: &'static str, label: &str, s: &str, required: bool) -> Result<String> {
    let t = s.trim();
    if required && t.is_empty() {
        return Err(ValidationError::new(field, format!("{label}は必須です")).into());
    }
    if t.chars().count() > TEXT_MAX {
        return Err(ValidationError::new(
            field,
            format!("{label}は{TEXT_MAX}文字以内で入力してください"),
        )
        .into());
    }
    Ok(t.to_string())
}

/// 医療扶助の申請 as registered at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MedicalCaseInput {
    #[ts(type = "number")]
    pub household_id: i64,
    #[ts(type = "number")]
    pub person_id: i64,
    /// 申請日 (和暦 or 西暦).
    pub applied_on: String,
    /// The institution the person means to see (optional).
    #[serde(default)]
    #[ts(type = "number | null")]
    pub institution_id: Option<i64>,
    /// 傷病名・症状 as told at the counter.
    pub illness: String,
}

/// A 他法 inquiry and its answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OtherLawInput {
    #[ts(type = "number")]
    pub case_id: i64,
    pub scheme: OtherScheme,
    pub asked_on: String,
    pub answer: OtherLawAnswer,
    #[serde(default)]
    pub answered_on: Option<String>,
    #[serde(default)]
    pub note: String,
}

/// The returned 医療要否意見書.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpinionReturnInput {
    #[ts(type = "number")]
    pub opinion_id: i64,
    pub returned_on: String,
    pub content: OpinionContent,
}

/// The 嘱託医's result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OpinionReviewInput {
    #[ts(type = "number")]
    pub opinion_id: i64,
    pub reviewed_on: String,
    /// 嘱託医の氏名.
    pub reviewer: String,
    pub result: ReviewResult,
    #[serde(default)]
    pub comment: String,
    /// For 「要」: the first day of the accepted period (default: the day it was returned).
    #[serde(default)]
    pub valid_from: Option<String>,
    /// For 「要」: how many months (1–12).
    #[serde(default)]
    pub valid_months: Option<u32>,
}

/// A one-off voucher for a month (a consultation asked for mid-month): one referral.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct OneOffInput {
    #[ts(type = "number")]
    pub case_id: i64,
    /// "YYYY-MM".
    pub month: String,
    /// From this day to the end of the month.
    pub valid_from: String,
    /// One referral (`lines` has exactly one) and the flags the voucher carries.
    pub terms: MedicalTerms,
    pub reason: String,
}

fn other_law_view(r: &sm::OtherLawRow) -> OtherLawView {
    OtherLawView {
        scheme: r.scheme,
        scheme_label: r.scheme.label().into(),
        asked_on: r.asked_on.to_string(),
        answer: r.answer,
        answer_label: r.answer.label().into(),
        answered_on: r.answered_on.map(|d| d.to_string()),
        note: r.note.clone(),
    }
}

pub(crate) fn terms_view(conn: &Connection, terms: &MedicalTerms) -> Result<TermsView> {
    let mut lines = vec![];
    for l in &terms.lines {
        let i = sm::institution(conn, l.institution_id)?;
        let p = match l.prescriber_id {
            Some(p) => sm::institution(conn, p)?.map(|r| r.inst.name),
            None => None,
        };
        lines.push(TermLineView {
            institution_id: l.institution_id,
            institution_code: i.as_ref().map(|r| r.inst.code.clone()).unwrap_or_default(),
            institution_name: i
                .map(|r| r.inst.name)
                .unwrap_or_else(|| "（未登録）".into()),
            treatment_label: l.treatment_type.label().into(),
            ticket_label: l.treatment_type.ticket().label().into(),
            diseases: l.diseases.clone(),
            prescriber_name: p,
        });
    }
    Ok(TermsView {
        terms: terms.clone(),
        lines,
        single_or_combined: terms.single_or_combined,
        single_or_combined_label: terms.single_or_combined.label().into(),
        social_insurance_label: if terms.social_insurance {
            "あり"
        } else {
            "なし"
        }
        .into(),
    })
}

fn opinion_view(
    conn: &Connection,
    o: &OpinionRow,
    today: NaiveDate,
    can_edit: bool,
) -> Result<OpinionView> {
    let case = sm::case(conn, o.case_id)?;
    let person = sv::person_brief(conn, case.person_id)?;
    let inst = sm::institution(conn, o.institution_id)?;
    let due_back = o.sent_on + chrono::Duration::days(RETURN_DAYS);
    let ex = match (o.result, o.valid_to) {
        (Some(ReviewResult::Needed), Some(to)) => Some(expiry(to, today)),
        _ => None,
    };
    Ok(OpinionView {
        id: o.id,
        case_id: o.case_id,
        household_id: case.household_id,
        case_number: person
            .as_ref()
            .map(|p| p.case_number.clone())
            .unwrap_or_default(),
        person_name: person.map(|p| p.name).unwrap_or_default(),
        institution_id: o.institution_id,
        institution_name: inst.map(|r| r.inst.name).unwrap_or_default(),
        state: o.state,
        state_label: o.state.label().into(),
        sent_on: o.sent_on.to_string(),
        sent_on_wareki: format_wareki(o.sent_on),
        due_back: due_back.to_string(),
        overdue: o.state == OpinionState::Sent && today > due_back,
        print_job_id: o.print_job_id,
        returned_on: o.returned_on.map(|d| d.to_string()),
        content: o
            .opinion
            .as_deref()
            .and_then(|j| serde_json::from_str(j).ok()),
        reviewed_on: o.reviewed_on.map(|d| d.to_string()),
        reviewer: o.reviewer.clone(),
        result: o.result,
        result_label: o.result.map(|r| r.label().into()),
        review_comment: o.review_comment.clone(),
        valid_from: o.valid_from.map(|d| d.to_string()),
        valid_to: o.valid_to.map(|d| d.to_string()),
        valid_label: match (o.valid_from, o.valid_to) {
            (Some(f), Some(t)) => Some(format!(
                "{}〜{}",
                format_wareki_short(f),
                format_wareki_short(t)
            )),
            _ => None,
        },
        expiry: ex,
        expiry_label: ex.map(|e| e.label().into()),
        actions: opinion_actions(o.state, can_edit),
    })
}

impl App {
    fn powers(&self) -> CasePowers {
        let r = self.user.role;
        CasePowers {
            edit: r.can(Permission::EditMedicalAid),
            print: r.can(Permission::PrintDocument),
            draft: r.can(Permission::DraftDecision),
            issue: r.can(Permission::IssueVoucher),
        }
    }

    pub(crate) fn medical_case_view(&self, case: &CaseRow) -> Result<MedicalCaseView> {
        let conn = self.store.conn();
        let today = self.today();
        let household = hh::require(conn, case.household_id)?;
        let person = sv::person_brief(conn, case.person_id)?;
        let other = sm::other_law_checks(conn, case.id)?;
        let opinions = sm::opinions_for_case(conn, case.id)?;
        let decisions = crate::store::decisions::decisions_for_case(conn, case.id)?;
        let approved: Vec<&crate::store::decisions::DecisionRow> = decisions
            .iter()
            .filter(|d| d.state == DecisionState::Approved)
            .collect();
        // In force today, or decided to start later.
        let current = segments(&approved)?
            .into_iter()
            .find(|s| s.to.is_none_or(|t| today <= t));
        let other_law_pending = other.iter().any(|o| o.answer == OtherLawAnswer::Pending);
        let has_needed = opinions
            .iter()
            .any(|o| o.state == OpinionState::Reviewed && o.result == Some(ReviewResult::Needed));
        let blockers = start_blockers(other_law_pending, has_needed);
        let facts = CaseFacts {
            status: case.status,
            household_active: household.status == HouseholdStatus::Active,
            open_decision: decisions.iter().any(|d| d.state.is_open()),
            start_ready: blockers.is_empty(),
        };
        let can_edit = self.user.role.can(Permission::EditMedicalAid);
        Ok(MedicalCaseView {
            id: case.id,
            household_id: case.household_id,
            case_number: household.case_number.clone(),
            person_id: case.person_id,
            person_name: person.map(|p| p.name).unwrap_or_default(),
            applied_on: case.applied_on.to_string(),
            applied_on_wareki: format_wareki(case.applied_on),
            institution_id: case.institution_id,
            institution_name: match case.institution_id {
                Some(i) => sm::institution(conn, i)?.map(|r| r.inst.name),
                None => None,
            },
            illness: case.illness.clone(),
            status: case.status,
            status_label: case.status.label().into(),
            ended_on: case.ended_on.map(|d| d.to_string()),
            other_law_applies: other.iter().any(|o| o.answer == OtherLawAnswer::Applies),
            other_law: other.iter().map(other_law_view).collect(),
            other_law_pending,
            opinions: opinions
                .iter()
                .map(|o| opinion_view(conn, o, today, can_edit))
                .collect::<Result<_>>()?,
            decisions: decisions
                .iter()
                .rev()
                .map(|d| {
                    Ok(CaseDecisionView {
                        decision_id: d.id,
                        kind: d.kind,
                        kind_label: d.kind.label().into(),
                        state: d.state,
                        state_label: d.state.label().into(),
                        effective_date: d.effective_date.to_string(),
                        effective_date_wareki: format_wareki(d.effective_date),
                        share_yen: super::hooks::decision_share(d),
                        terms: terms_of(d)?.map(|t| terms_view(conn, &t)).transpose()?,
                    })
                })
                .collect::<Result<_>>()?,
            current_terms: current.map(|s| terms_view(conn, &s.terms)).transpose()?,
            start_blockers: blockers,
            actions: case_actions(facts, self.powers()),
        })
    }

    fn audit_case_read(&mut self, household_id: i64, cases: usize) -> Result<()> {
        self.write(|tx| {
            tx.audit(
                actions::MEDICAL_CASE_VIEW,
                Some("household"),
                Some(&household_id.to_string()),
                json!({ "cases": cases }),
            )?;
            Ok(())
        })
    }

    /// 医療扶助の申請: a case for one member of the household. `EditMedicalAid`; audited.
    pub fn medical_case_register(&mut self, input: &MedicalCaseInput) -> Result<MedicalCaseView> {
        self.require(Permission::EditMedicalAid)?;
        let applied_on = day("applied_on", "申請日", &input.applied_on)?;
        let illness = text("illness", "傷病名・症状", &input.illness, true)?;
        if applied_on > self.today() {
            return Err(ValidationError::new("applied_on", "申請日が未来の日付です").into());
        }
        let id = self.write(|tx| {
            let h = hh::require(tx.conn(), input.household_id)?;
            if !matches!(
                h.status,
                HouseholdStatus::Active | HouseholdStatus::Applying
            ) {
                return Err(ServiceError::refused(
                    "MEDICAL_HOUSEHOLD_STATUS",
                    format!(
                        "世帯が{}のため医療扶助の申請は受け付けられません",
                        h.status.label()
                    ),
                ));
            }
            let p = hh::require_person(tx.conn(), input.person_id)?;
            if p.household_id != h.id {
                return Err(
                    ValidationError::new("person_id", "この世帯の世帯員ではありません").into(),
                );
            }
            if let Some(i) = input.institution_id {
                sm::require_institution(tx.conn(), i)?;
            }
            let open = sm::cases_for_household(tx.conn(), h.id)?
                .into_iter()
                .find(|c| {
                    c.person_id == p.id
                        && matches!(c.status, CaseStatus::Applied | CaseStatus::Active)
                });
            if let Some(c) = open {
                return Err(ServiceError::refused(
                    "MEDICAL_CASE_OPEN",
                    format!(
                        "{}さんには{}の医療扶助のケース（ID {}）があります",
                        p.name,
                        c.status.label(),
                        c.id
                    ),
                ));
            }
            let id = sm::insert_case(
                tx.conn(),
                &sm::NewCase {
                    household_id: h.id,
                    person_id: p.id,
                    applied_on,
                    institution_id: input.institution_id,
                    illness: &illness,
                },
                tx.actor(),
                tx.now(),
            )?;
            tx.audit(
                actions::MEDICAL_CASE_REGISTER,
                Some("person"),
                Some(&p.id.to_string()),
                json!({ "case_id": id, "household_id": h.id, "applied_on": applied_on.to_string(),
                        "institution_id": input.institution_id, "illness": illness }),
            )?;
            Ok(id)
        })?;
        let c = sm::case(self.store.conn(), id)?;
        self.medical_case_view(&c)
    }

    /// The household's medical-aid cases, newest first, and whether a new application may be
    /// registered (`EditMedicalAid`, household 保護中 or 申請中). `ViewHousehold` (audited as a read).
    pub fn medical_cases_for_household(
        &mut self,
        household_id: i64,
    ) -> Result<HouseholdMedicalView> {
        self.require(Permission::ViewHousehold)?;
        let h = hh::require(self.store.conn(), household_id)?;
        let cases = sm::cases_for_household(self.store.conn(), household_id)?;
        let v = cases
            .iter()
            .map(|c| self.medical_case_view(c))
            .collect::<Result<Vec<_>>>()?;
        self.audit_case_read(household_id, v.len())?;
        Ok(HouseholdMedicalView {
            can_register: self.user.role.can(Permission::EditMedicalAid)
                && matches!(
                    h.status,
                    HouseholdStatus::Active | HouseholdStatus::Applying
                ),
            cases: v,
        })
    }

    /// One case. `ViewHousehold` (audited as a read).
    pub fn medical_case_get(&mut self, case_id: i64) -> Result<MedicalCaseView> {
        self.require(Permission::ViewHousehold)?;
        let c = sm::case(self.store.conn(), case_id)?;
        let v = self.medical_case_view(&c)?;
        self.audit_case_read(c.household_id, 1)?;
        Ok(v)
    }

    fn open_case(&self, case_id: i64) -> Result<CaseRow> {
        let c = sm::case(self.store.conn(), case_id)?;
        if !matches!(c.status, CaseStatus::Applied | CaseStatus::Active) {
            return Err(ServiceError::refused(
                "MEDICAL_CASE_CLOSED",
                format!("このケースは{}です", c.status.label()),
            ));
        }
        Ok(c)
    }

    /// Record a 他法 inquiry or its answer (one row per scheme). `EditMedicalAid`; audited old → new.
    pub fn other_law_check_save(&mut self, input: &OtherLawInput) -> Result<MedicalCaseView> {
        self.require(Permission::EditMedicalAid)?;
        let c = self.open_case(input.case_id)?;
        let asked = day("asked_on", "照会日", &input.asked_on)?;
        let answered = match input
            .answered_on
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(s) => Some(day("answered_on", "回答日", s)?),
            None => None,
        };
        match (input.answer, answered) {
            (OtherLawAnswer::Pending, Some(_)) => {
                return Err(
                    ValidationError::new("answered_on", "照会中のときは回答日を入れません").into(),
                )
            }
            (OtherLawAnswer::Applies | OtherLawAnswer::NotApplicable, None) => {
                return Err(ValidationError::new("answered_on", "回答日を入力してください").into())
            }
            (_, Some(a)) if a < asked => {
                return Err(ValidationError::new("answered_on", "回答日が照会日より前です").into())
            }
            _ => {}
        }
        let note = text("note", "備考", &input.note, false)?;
        self.write(|tx| {
            let old = sm::other_law_checks(tx.conn(), c.id)?
                .into_iter()
                .find(|o| o.scheme == input.scheme)
                .map(|o| json!({ "answer": o.answer.code(), "answered_on": o.answered_on.map(|d| d.to_string()) }));
            sm::put_other_law_check(tx.conn(), c.id, input.scheme, asked, input.answer, answered, &note, tx.actor(), tx.now())?;
            tx.audit(
                actions::OTHER_LAW_SAVE,
                Some("person"),
                Some(&c.person_id.to_string()),
                json!({ "case_id": c.id, "scheme": input.scheme.code(), "old": old,
                        "new": { "answer": input.answer.code(), "answered_on": answered.map(|d| d.to_string()) } }),
            )?;
            Ok(())
        })?;
        self.medical_case_get(c.id)
    }

    /// 医療要否意見書を送付: the blank form with its header filled in goes to the print queue
    /// (作成済) and the form is tracked as 送付済. `EditMedicalAid` and `PrintDocument`.
    pub fn opinion_form_send(&mut self, case_id: i64, institution_id: i64) -> Result<OpinionView> {
        self.require(Permission::EditMedicalAid)?;
        self.require(Permission::PrintDocument)?;
        let c = self.open_case(case_id)?;
        let conn = self.store.conn();
        let inst = sm::require_institution(conn, institution_id)?;
        let person = hh::require_person(conn, c.person_id)?;
        let household = hh::require(conn, c.household_id)?;
        let office = office_block(conn)?;
        let today = self.today();
        // The reference printed on the form is its row id, known only once inserted: reserve
        // it by inserting first, in the same transaction as the print job.
        let id = self.write(|tx| {
            let id = sm::insert_opinion(tx.conn(), c.id, inst.id, today, tx.actor(), tx.now())?;
            let doc = Document::OpinionForm(OpinionForm {
                requested_on: today,
                return_by: today + chrono::Duration::days(RETURN_DAYS),
                reference: format!("医意-{id:06}"),
                case_number: household.case_number.clone(),
                name: person.name.clone(),
                kana: crate::domain::normalize::to_katakana(&person.kana),
                sex: person.sex,
                birth_date: person.birth_date,
                age: age_on(person.birth_date, today),
                address: household.address.clone(),
                institution_code: inst.inst.code.clone(),
                institution_name: inst.inst.name.clone(),
                illness: c.illness.clone(),
                office: office.clone(),
                reissue: false,
            });
            let rendered = Rendered::new(doc)?;
            let job = enqueue_in_tx(tx, "opinion_form", &rendered, Some(household.id), Some(person.id), json!({ "opinion_id": id }))?;
            sm::set_opinion_print_job(tx.conn(), id, job)?;
            tx.audit(
                actions::OPINION_SEND,
                Some("person"),
                Some(&person.id.to_string()),
                json!({ "case_id": c.id, "opinion_id": id, "institution_id": inst.id, "print_job_id": job }),
            )?;
            Ok(id)
        })?;
        self.opinion_get(id)
    }

    fn opinion_get(&self, id: i64) -> Result<OpinionView> {
        let conn = self.store.conn();
        opinion_view(
            conn,
            &sm::opinion(conn, id)?,
            self.today(),
            self.user.role.can(Permission::EditMedicalAid),
        )
    }

    /// 返送受理: what the institution wrote. `EditMedicalAid`; audited.
    pub fn opinion_form_return(&mut self, input: &OpinionReturnInput) -> Result<OpinionView> {
        self.require(Permission::EditMedicalAid)?;
        let o = sm::opinion(self.store.conn(), input.opinion_id)?;
        if o.state != OpinionState::Sent {
            return Err(ServiceError::refused(
                "OPINION_STATE",
                format!("この意見書は{}です", o.state.label()),
            ));
        }
        let returned = day("returned_on", "受理日", &input.returned_on)?;
        if returned < o.sent_on || returned > self.today() {
            return Err(ValidationError::new(
                "returned_on",
                "受理日は送付日から今日までの日付です",
            )
            .into());
        }
        let mut content = input.content.clone();
        content.diseases = content
            .diseases
            .iter()
            .map(|d| d.trim().to_string())
            .filter(|d| !d.is_empty())
            .collect();
        if content.diseases.is_empty() || content.diseases.len() > 3 {
            return Err(ValidationError::new("diseases", "傷病名は1〜3つ入力してください").into());
        }
        content.findings = text("findings", "所見", &content.findings, false)?;
        content.doctor = text("doctor", "医師名", &content.doctor, false)?;
        if content
            .estimated_cost_yen
            .is_some_and(|y| !(0..=100_000_000).contains(&y))
        {
            return Err(
                ValidationError::new("estimated_cost_yen", "概算医療費が正しくありません").into(),
            );
        }
        let json_text = serde_json::to_string(&content).unwrap_or_default();
        let person = sm::case(self.store.conn(), o.case_id)?.person_id;
        self.write(|tx| {
            sm::mark_opinion_returned(tx.conn(), o.id, returned, &json_text, tx.now())?;
            tx.audit(
                actions::OPINION_RETURN,
                Some("person"),
                Some(&person.to_string()),
                json!({ "opinion_id": o.id, "returned_on": returned.to_string(), "needed": content.needed }),
            )?;
            Ok(())
        })?;
        self.opinion_get(o.id)
    }

    /// The 嘱託医's result: 要 (with the accepted period), 否, or 要再照会. `EditMedicalAid`; audited.
    pub fn opinion_form_review(&mut self, input: &OpinionReviewInput) -> Result<OpinionView> {
        self.require(Permission::EditMedicalAid)?;
        let o = sm::opinion(self.store.conn(), input.opinion_id)?;
        if o.state != OpinionState::Returned {
            return Err(ServiceError::refused(
                "OPINION_STATE",
                format!("この意見書は{}です", o.state.label()),
            ));
        }
        let reviewed = day("reviewed_on", "審査日", &input.reviewed_on)?;
        if o.returned_on.is_some_and(|r| reviewed < r) || reviewed > self.today() {
            return Err(ValidationError::new(
                "reviewed_on",
                "審査日は受理日から今日までの日付です",
            )
            .into());
        }
        let reviewer = text("reviewer", "嘱託医の氏名", &input.reviewer, true)?;
        let comment = text("comment", "嘱託医の意見", &input.comment, false)?;
        let valid = match input.result {
            ReviewResult::Needed => {
                let from = match input
                    .valid_from
                    .as_deref()
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                {
                    Some(s) => day("valid_from", "有効期間の始まり", s)?,
                    None => o.returned_on.unwrap_or(reviewed),
                };
                let months = input.valid_months.ok_or_else(|| {
                    ValidationError::new("valid_months", "有効期間（か月）を入力してください")
                })?;
                Some((from, opinion_valid_to(from, months)?))
            }
            _ => None,
        };
        let person = sm::case(self.store.conn(), o.case_id)?.person_id;
        self.write(|tx| {
            sm::mark_opinion_reviewed(
                tx.conn(),
                o.id,
                reviewed,
                &reviewer,
                input.result,
                &comment,
                valid,
                tx.now(),
            )?;
            tx.audit(
                actions::OPINION_REVIEW,
                Some("person"),
                Some(&person.to_string()),
                json!({ "opinion_id": o.id, "result": input.result.code(), "reviewer": reviewer,
                        "valid": valid.map(|v| [v.0.to_string(), v.1.to_string()]) }),
            )?;
            Ok(())
        })?;
        self.opinion_get(o.id)
    }

    /// Every opinion form (newest first), optionally only those in `state`. `ViewHousehold`.
    pub fn opinion_forms(&mut self, state: Option<OpinionState>) -> Result<Vec<OpinionView>> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        let (today, can_edit) = (self.today(), self.user.role.can(Permission::EditMedicalAid));
        let list = sm::all_opinions(conn)?
            .iter()
            .filter(|o| state.is_none_or(|s| o.state == s))
            .map(|o| opinion_view(conn, o, today, can_edit))
            .collect::<Result<Vec<_>>>()?;
        self.audit_list(actions::OPINIONS_LIST, list.len())?;
        Ok(list)
    }

    /// A list of persons was shown (audited as a read, with how many).
    fn audit_list(&mut self, action: &str, n: usize) -> Result<()> {
        self.write(|tx| {
            tx.audit(action, None, None, json!({ "rows": n }))?;
            Ok(())
        })
    }

    /// The home screen's warnings: accepted opinions ending within 30 days or ended (for cases
    /// still in aid, the newest opinion of each), returns overdue, returns waiting for review.
    /// Logged in (`ViewHousehold`).
    pub fn medical_alerts(&mut self) -> Result<MedicalAlertsView> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        let (today, can_edit) = (self.today(), self.user.role.can(Permission::EditMedicalAid));
        let mut view = MedicalAlertsView {
            due_soon: vec![],
            expired: vec![],
            overdue_returns: vec![],
            to_review: vec![],
        };
        let active: HashMap<i64, CaseRow> =
            sm::cases_in(conn, &[CaseStatus::Active, CaseStatus::Applied])?
                .into_iter()
                .map(|c| (c.id, c))
                .collect();
        let mut newest: HashMap<i64, &OpinionRow> = HashMap::new();
        let all = sm::all_opinions(conn)?;
        for o in &all {
            if !active.contains_key(&o.case_id) {
                continue;
            }
            let v = || opinion_view(conn, o, today, can_edit);
            match o.state {
                OpinionState::Sent if today > o.sent_on + chrono::Duration::days(RETURN_DAYS) => {
                    view.overdue_returns.push(v()?)
                }
                OpinionState::Returned => view.to_review.push(v()?),
                OpinionState::Reviewed if o.result == Some(ReviewResult::Needed) => {
                    let e = newest.entry(o.case_id).or_insert(o);
                    if o.valid_to > e.valid_to {
                        *e = o;
                    }
                }
                _ => {}
            }
        }
        let mut accepted: Vec<&OpinionRow> = newest.into_values().collect();
        accepted.sort_by_key(|o| o.id);
        accepted.sort_by_key(|o| o.valid_to);
        for o in accepted {
            let Some(to) = o.valid_to else { continue };
            // A case whose newer form is already out for an answer is being renewed.
            let renewing = all.iter().any(|n| {
                n.case_id == o.case_id
                    && n.id != o.id
                    && n.sent_on >= o.sent_on
                    && n.state != OpinionState::Reviewed
            });
            match expiry(to, today) {
                Expiry::DueSoon if !renewing => {
                    view.due_soon.push(opinion_view(conn, o, today, can_edit)?)
                }
                Expiry::Expired
                    if !renewing
                        && active
                            .get(&o.case_id)
                            .is_some_and(|c| c.status == CaseStatus::Active) =>
                {
                    view.expired.push(opinion_view(conn, o, today, can_edit)?)
                }
                _ => {}
            }
        }
        let n = view.due_soon.len()
            + view.expired.len()
            + view.overdue_returns.len()
            + view.to_review.len();
        self.audit_list(actions::MEDICAL_ALERTS_VIEW, n)?;
        Ok(view)
    }

    /// Add a one-off 医療券・調剤券 to a month's run (a consultation asked for mid-month); it is
    /// issued by the next run of the month like any due voucher. `IssueVoucher`; audited.
    pub fn medical_voucher_request(&mut self, input: &OneOffInput) -> Result<i64> {
        self.require(Permission::IssueVoucher)?;
        let c = self.open_case(input.case_id)?;
        let month = VoucherMonth::parse(&input.month)?;
        let from = day("valid_from", "有効期間の始まり", &input.valid_from)?;
        if VoucherMonth::containing(from) != month {
            return Err(ValidationError::new(
                "valid_from",
                format!("有効期間の始まりは{}の日付です", month.wareki()),
            )
            .into());
        }
        let why = text("reason", "理由", &input.reason, true)?;
        if input.terms.lines.len() != 1 {
            return Err(
                ValidationError::new("terms", "単発の券は医療機関1件ずつ追加します").into(),
            );
        }
        let conn = self.store.conn();
        let facts = institution_facts(conn)?;
        let applies = sm::other_law_checks(conn, c.id)?
            .iter()
            .any(|o| o.answer == OtherLawAnswer::Applies);
        let terms = input
            .terms
            .validate(|id| facts.get(&id).cloned(), applies)?;
        let line = &terms.lines[0];
        let inst = &facts[&line.institution_id];
        if !inst.designation().contains(from) {
            return Err(ServiceError::refused(
                "VOUCHER_NOT_DESIGNATED",
                format!("{}はその日に指定医療機関ではありません", inst.name),
            ));
        }
        let changes = sv::status_changes_of(conn, c.household_id)?;
        let cov = super::scheme::household_coverage(&changes, month);
        if !cov.iter().any(|p| p.contains(from)) {
            return Err(ServiceError::refused(
                "VOUCHER_NOT_COVERED",
                format!("{}に世帯は保護を受けていません", format_wareki(from)),
            ));
        }
        let key = super::scheme::one_off_key(c.person_id, &inst.code, line.treatment_type, from);
        let standing = MedicalScheme.dues_of_household(conn, month, c.household_id)?;
        if standing.iter().any(|d| {
            d.person_id == c.person_id
                && d.provider_code == inst.code
                && d.ticket_type == line.treatment_type.ticket().code()
                && d.valid.contains(from)
                && d.request_id.is_none()
        }) {
            return Err(ServiceError::refused(
                "VOUCHER_ALREADY_DUE",
                "この医療機関の券は決定により既に発行対象です",
            ));
        }
        let line_json = serde_json::to_string(&terms).unwrap_or_default();
        self.write(|tx| {
            let id = sv::insert_request(
                tx.conn(),
                &sv::NewRequest {
                    scheme: MedicalScheme.code(),
                    month,
                    household_id: c.household_id,
                    person_id: c.person_id,
                    case_id: Some(c.id),
                    line: &line_json,
                    valid_from: from,
                    valid_to: None,
                    reason: &why,
                },
                tx.actor(),
                tx.now(),
            )?;
            tx.audit(
                actions::VOUCHER_ONE_OFF,
                Some("person"),
                Some(&c.person_id.to_string()),
                json!({ "request_id": id, "case_id": c.id, "month": month.code(), "key": key,
                        "institution_code": inst.code, "valid_from": from.to_string(), "reason": why }),
            )?;
            Ok(id)
        })
    }
}

pub(crate) fn office_block(conn: &Connection) -> Result<OfficeBlock> {
    let office = crate::store::office::get(conn)?
        .ok_or_else(|| {
            ServiceError::refused("PRINT_OFFICE_MISSING", "事務所設定を先に登録してください")
        })?
        .validate()
        .map_err(|e| {
            ServiceError::refused(
                "PRINT_OFFICE_MISSING",
                format!("事務所設定を先に登録してください（{e}）"),
            )
        })?;
    Ok(OfficeBlock::from(&office))
}

/// The printed 医療券・調剤券 for voucher rows (in the order given), identity from the registry.
pub(crate) fn voucher_document(
    conn: &Connection,
    rows: &[VoucherRow],
    issued_on: NaiveDate,
) -> Result<Document> {
    let (office, payer) = crate::service::vouchers::print_office(conn)?;
    let mut names = crate::service::vouchers::Names::default();
    let mut vouchers = Vec::with_capacity(rows.len());
    for v in rows {
        let (d, p): (MedicalVoucherDetails, _) = crate::service::vouchers::printed_parts(conn, v)?;
        vouchers.push(MedicalVoucher {
            ticket: TicketType::from_code(&v.ticket_type).unwrap_or(TicketType::Medical),
            month: v.month.first_day(),
            issue_number: v.issue_number.clone(),
            public_payer_number: payer.clone(),
            recipient_number: v.recipient_number.clone(),
            valid_from: v.valid.from,
            valid_to: v.valid.to,
            name: p.name,
            kana: crate::domain::normalize::to_katakana(&p.kana),
            sex: p.sex,
            birth_date: p.birth_date,
            address: p.address,
            institution: PrintedProvider {
                code: v.provider_code.clone(),
                name: v.provider_name.clone(),
            },
            prescriber: d.prescriber.map(|p| PrintedProvider {
                code: p.code,
                name: p.name,
            }),
            diseases: d.diseases,
            treatment: d.treatment_type,
            share_yen: v.share_yen,
            single_or_combined: d.single_or_combined,
            social_insurance: d.social_insurance,
            infectious_37_2: d.infectious_37_2,
            elderly_medical_care: d.elderly_medical_care,
            prefectural_expense: d.prefectural_expense,
            remarks: d.remarks,
            district_worker: d.district_worker_name,
            handling_clerk: names.get(conn, &v.issued_by),
            reissued: v.reissue_of.is_some(),
        });
    }
    Ok(Document::MedicalVouchers(VoucherBatch {
        issued_on,
        office,
        vouchers,
        reissue: false,
    }))
}
