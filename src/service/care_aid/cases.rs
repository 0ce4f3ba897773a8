//! The care-aid case: the application, the care plans received, the case view (status, plans,
//! decisions, what a 開始 still needs, the actions offered) and the warnings list.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::status::status_view;
use crate::audit::actions;
use crate::domain::care_aid::case::{
    care_application_open, care_case_actions, care_kind_label, start_blockers, CareCasePowers,
    CareTerms, StartFacts,
};
use crate::domain::care_aid::insurance::{certification_state, Share};
use crate::domain::era::{format_wareki, parse_date};
use crate::domain::household::ValidationError;
use crate::domain::role::Permission;
use crate::service::views::{
    CareAlertView, CareCaseView, CareDecisionLine, CarePlanView, HouseholdCareView,
};
use crate::service::{App, Result, ServiceError};
use crate::store::care_aid::{self as sc, CareCaseRow, PlanRow};
use crate::store::decisions as sd;
use crate::store::households as hh;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CareCaseInput {
    #[ts(type = "number")]
    pub person_id: i64,
    pub applied_on: String,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CarePlanInput {
    #[ts(type = "number")]
    pub case_id: i64,
    #[ts(type = "number")]
    pub plan_office_id: i64,
    pub received_on: String,
    #[serde(default)]
    pub note: String,
}

fn day(field: &'static str, label: &str, s: &str) -> Result<NaiveDate> {
    parse_date(s.trim()).map_err(|e| ValidationError::new(field, format!("{label}: {e}")).into())
}

/// What a 開始 on `on` still needs, from the stored facts (`terms` when the drafter gave them).
pub(crate) fn blockers_on(
    conn: &rusqlite::Connection,
    case: &CareCaseRow,
    on: NaiveDate,
    terms: Option<&CareTerms>,
) -> Result<Vec<String>> {
    let status = sc::insurance_on(conn, case.person_id, on)?;
    let certification = status
        .as_ref()
        .and_then(|s| Some(certification_state(s.certified_from?, s.certified_to?, on)));
    Ok(start_blockers(StartFacts {
        has_status: status.is_some(),
        kind: status.as_ref().map(|s| s.kind),
        certification,
        has_plan: !sc::plans_for_case(conn, case.id)?.is_empty(),
        facility_only: terms.is_some_and(CareTerms::facility_only),
    }))
}

impl App {
    fn care_case_view(&self, case: &CareCaseRow) -> Result<CareCaseView> {
        let conn = self.store.conn();
        let today = self.today();
        let h = hh::require(conn, case.household_id)?;
        let person = hh::person_including_removed(conn, case.person_id)?;
        let insurance = sc::insurance_on(conn, case.person_id, today)?
            .map(|r| status_view(&r, person.birth_date, today));
        let plans = sc::plans_for_case(conn, case.id)?
            .into_iter()
            .map(|p| {
                Ok(CarePlanView {
                    id: p.id,
                    plan_office_id: p.plan_office_id,
                    plan_office_name: sc::provider(conn, p.plan_office_id)?.name,
                    received_on: p.received_on.to_string(),
                    received_on_wareki: format_wareki(p.received_on),
                    note: p.note,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let mut open_decision = false;
        let decisions = sc::care_decisions_for_case(conn, case.id)?
            .into_iter()
            .map(|l| {
                let d = sd::decision(conn, l.decision_id)?;
                open_decision |= d.state.is_open();
                let share_label = match (l.insurance_tenths, l.aid_tenths) {
                    (Some(i), Some(a)) => Some(Share::stored(i, a).label()),
                    _ => None,
                };
                Ok(CareDecisionLine {
                    decision_id: d.id,
                    kind: d.kind,
                    kind_label: care_kind_label(d.kind).into(),
                    state: d.state,
                    state_label: d.state.label().into(),
                    effective_date: d.effective_date.to_string(),
                    effective_date_wareki: format_wareki(d.effective_date),
                    terms: l
                        .terms
                        .as_deref()
                        .and_then(|t| serde_json::from_str(t).ok()),
                    share_label,
                    own_payment_yen: l.own_payment_yen,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        let role = self.user.role;
        Ok(CareCaseView {
            id: case.id,
            household_id: case.household_id,
            case_number: h.case_number,
            person_id: case.person_id,
            person_name: person.name,
            applied_on: case.applied_on.to_string(),
            applied_on_wareki: format_wareki(case.applied_on),
            status: case.status,
            status_label: case.status.label().into(),
            started_on_wareki: case.started_on.map(format_wareki),
            ended_on_wareki: case.ended_on.map(format_wareki),
            insurance,
            plans,
            decisions,
            start_blockers: if case.status == crate::domain::care_aid::case::CareCaseStatus::Applied
            {
                blockers_on(conn, case, today, None)?
            } else {
                vec![]
            },
            actions: care_case_actions(
                case.status,
                h.status,
                open_decision,
                CareCasePowers {
                    can_edit: role.can(Permission::EditHousehold),
                    can_draft: role.can(Permission::DraftDecision),
                },
            ),
        })
    }

    /// 介護扶助の申請: one open case per person. `EditHousehold`; audited.
    pub fn care_case_register(&mut self, input: &CareCaseInput) -> Result<CareCaseView> {
        self.require(Permission::EditHousehold)?;
        let applied_on = day("applied_on", "申請日", &input.applied_on)?;
        if applied_on > self.today() {
            return Err(ValidationError::new("applied_on", "申請日が未来の日付です").into());
        }
        let person = hh::require_person(self.store.conn(), input.person_id)?;
        let household = hh::require(self.store.conn(), person.household_id)?;
        if !care_application_open(household.status) {
            return Err(ServiceError::DecisionState(format!(
                "{}の世帯では介護扶助の申請を受け付けられません（保護中・申請中の世帯のみ）",
                household.status.label()
            )));
        }
        let id = self.write(|tx| {
            if let Some(open) = sc::cases_for_person(tx.conn(), person.id)?
                .into_iter()
                .find(|c| c.status.is_open())
            {
                return Err(ServiceError::DecisionState(format!(
                    "この方には{}の介護扶助のケース（ID {}）があります",
                    open.status.label(),
                    open.id
                )));
            }
            let id = sc::insert_case(tx.conn(), person.household_id, person.id, applied_on, tx.actor(), tx.now())?;
            tx.audit(
                actions::CARE_CASE_REGISTER,
                Some("household"),
                Some(&person.household_id.to_string()),
                json!({ "care_case_id": id, "person_id": person.id, "applied_on": applied_on.to_string() }),
            )?;
            Ok(id)
        })?;
        let case = sc::case(self.store.conn(), id)?;
        self.care_case_view(&case)
    }

    /// 居宅介護支援計画の受理 (the plan office must be a registered care-plan office).
    /// `EditHousehold`; audited.
    pub fn care_plan_record(&mut self, input: &CarePlanInput) -> Result<CareCaseView> {
        self.require(Permission::EditHousehold)?;
        let received_on = day("received_on", "受理日", &input.received_on)?;
        if received_on > self.today() {
            return Err(ValidationError::new("received_on", "受理日が未来の日付です").into());
        }
        let note = input.note.trim().to_string();
        if let Some(m) = crate::domain::text::problem("備考", &note, 200) {
            return Err(ValidationError::new("note", m).into());
        }
        let conn = self.store.conn();
        let case = sc::case(conn, input.case_id)?;
        if !case.status.is_open() {
            return Err(ServiceError::DecisionState(format!(
                "{}のケースにはケアプランを記録できません",
                case.status.label()
            )));
        }
        let office = sc::provider(conn, input.plan_office_id)?;
        if !office.plan_office {
            return Err(ValidationError::new(
                "plan_office_id",
                format!("{}は居宅介護支援事業者ではありません", office.name),
            )
            .into());
        }
        self.write(|tx| {
            let id = sc::insert_plan(
                tx.conn(),
                &PlanRow {
                    id: 0,
                    care_case_id: case.id,
                    plan_office_id: office.id,
                    received_on,
                    note: note.clone(),
                    recorded_by: tx.actor().into(),
                },
                tx.now(),
            )?;
            tx.audit(
                actions::CARE_PLAN_RECORD,
                Some("household"),
                Some(&case.household_id.to_string()),
                json!({ "care_case_id": case.id, "plan_id": id, "plan_office_id": office.id,
                        "received_on": received_on.to_string() }),
            )?;
            Ok(())
        })?;
        self.care_case_view(&case)
    }

    pub fn care_case_get(&mut self, case_id: i64) -> Result<CareCaseView> {
        self.require(Permission::ViewHousehold)?;
        let case = sc::case(self.store.conn(), case_id)?;
        self.audit_read(
            actions::CARE_CASE_VIEW,
            Some("household"),
            Some(case.household_id.to_string()),
            json!({ "care_case_id": case_id }),
        )?;
        self.care_case_view(&case)
    }

    /// Every care-aid case of a household, oldest first, and whether a new application may be
    /// taken. `ViewHousehold`; audited.
    pub fn care_cases_for_household(&mut self, household_id: i64) -> Result<HouseholdCareView> {
        self.require(Permission::ViewHousehold)?;
        let h = hh::require(self.store.conn(), household_id)?;
        self.audit_read(
            actions::CARE_CASE_VIEW,
            Some("household"),
            Some(household_id.to_string()),
            json!({ "what": "care_cases" }),
        )?;
        let cases = sc::cases_for_household(self.store.conn(), household_id)?
            .iter()
            .map(|c| self.care_case_view(c))
            .collect::<Result<Vec<_>>>()?;
        Ok(HouseholdCareView {
            cases,
            can_register: self.user.role.can(Permission::EditHousehold)
                && care_application_open(h.status),
        })
    }

    /// What needs attention in the open cases: a 認定 ending or ended, a 第2号・被保険者以外 turning
    /// 65, a status or a plan missing. `ViewHousehold`; audited.
    pub fn care_alerts(&mut self) -> Result<Vec<CareAlertView>> {
        self.require(Permission::ViewHousehold)?;
        self.audit_read(
            actions::CARE_ALERTS_VIEW,
            None,
            None,
            serde_json::Value::Null,
        )?;
        let conn = self.store.conn();
        let today = self.today();
        let mut out = Vec::new();
        for case in sc::open_cases(conn)? {
            let h = hh::require(conn, case.household_id)?;
            let person = hh::person_including_removed(conn, case.person_id)?;
            let mut messages = match sc::insurance_on(conn, case.person_id, today)? {
                Some(r) => status_view(&r, person.birth_date, today).warnings,
                None => vec!["介護保険の資格が記録されていません".to_string()],
            };
            if sc::plans_for_case(conn, case.id)?.is_empty() {
                messages.push("ケアプランの受理が記録されていません".to_string());
            }
            for message in messages {
                out.push(CareAlertView {
                    case_id: case.id,
                    household_id: case.household_id,
                    case_number: h.case_number.clone(),
                    person_name: person.name.clone(),
                    message,
                });
            }
        }
        Ok(out)
    }
}
