//! 申請: registration, the 14-day deadline (30 when extended with a reason), the home screen's overdue lists.

use super::*;
use crate::domain::application::ApplicationForm;
use crate::domain::role::Role;
use crate::domain::workflow::{
    application_actions, check_application_action, check_register_application, ApplicationAction,
    ApplicationFacts, Refusal,
};

fn application_view(
    conn: &Connection,
    a: &sd::ApplicationRow,
    today: NaiveDate,
    role: Role,
) -> Result<ApplicationView> {
    let h = hh::require(conn, a.household_id)?;
    let deadline = application_deadline(a.received_on, a.extended);
    let form = application_form(a)?;
    let dv = household_dv_protected(conn, a.household_id)?;
    Ok(ApplicationView {
        aids_requested_text: form.as_ref().map(|f| f.aids_text()).unwrap_or_default(),
        form,
        support_inquiry_allowed: !dv,
        actions: application_actions(&application_facts(a), role),
        id: a.id,
        household_id: a.household_id,
        case_number: h.case_number,
        head_name: hh::head_name(conn, a.household_id)?,
        consulted_on: a.consulted_on.map(|d| d.to_string()),
        consulted_on_wareki: a.consulted_on.map(format_wareki),
        received_on: a.received_on.to_string(),
        received_on_wareki: format_wareki(a.received_on),
        deadline: deadline.to_string(),
        deadline_wareki: format_wareki(deadline),
        days_left: (deadline - today).num_days(),
        urgency: crate::domain::decision::urgency((deadline - today).num_days()),
        extended_deadline_wareki: format_wareki(application_deadline(a.received_on, true)),
        extended: a.extended,
        extension_reason: a.extension_reason.clone(),
        status_label: match a.status.as_str() {
            "pending" => "決定待ち",
            "decided" => "決定済み",
            "withdrawn" => "取下げ",
            _ => "",
        }
        .into(),
        status: a.status.clone(),
        decided_on: a.decided_on.map(|d| d.to_string()),
        decision_id: a.decision_id,
    })
}

fn application_facts(a: &sd::ApplicationRow) -> ApplicationFacts {
    ApplicationFacts {
        pending: a.status == "pending",
        extended: a.extended,
    }
}

/// The recorded 保護申請書 of an application.
pub(crate) fn application_form(a: &sd::ApplicationRow) -> Result<Option<ApplicationForm>> {
    a.form
        .as_deref()
        .map(|j| {
            serde_json::from_str(j).map_err(|e| {
                ServiceError::DecisionState(format!(
                    "申請書の記録（申請ID {}）を読めません: {e}",
                    a.id
                ))
            })
        })
        .transpose()
}

/// Whether any member of the household is under DV protection (no 扶養照会 then).
fn household_dv_protected(conn: &Connection, household_id: i64) -> Result<bool> {
    Ok(hh::members(conn, household_id)?
        .iter()
        .any(|p| p.dv_protected))
}

/// Overdue and due-soon lists for the home screen.
pub(crate) fn deadlines(
    conn: &Connection,
    today: NaiveDate,
    role: Role,
) -> Result<(Vec<ApplicationView>, Vec<ApplicationView>)> {
    let mut overdue = vec![];
    let mut soon = vec![];
    for a in sd::pending_applications(conn)? {
        let v = application_view(conn, &a, today, role)?;
        if v.days_left < 0 {
            overdue.push(v);
        } else if v.days_left <= DUE_SOON_DAYS {
            soon.push(v);
        }
    }
    soon.sort_by_key(|v| v.days_left);
    Ok((overdue, soon))
}

impl App {
    /// Register an application (申請受理). A household 相談中 becomes 申請中, a closed one reopens
    /// as 申請中; a household already receiving assistance cannot have a new 開始 application.
    pub fn register_application(&mut self, input: &ApplicationInput) -> Result<ApplicationView> {
        self.require(Permission::EditHousehold)?;
        let received = parse_day("received_on", "申請日", &input.received_on)?;
        let consulted = match input
            .consulted_on
            .as_deref()
            .map(str::trim)
            .filter(|s| !s.is_empty())
        {
            Some(t) => Some(parse_day("consulted_on", "相談日", t)?),
            None => None,
        };
        let today = self.today();
        if received > today {
            return Err(
                ValidationError::new("received_on", "申請日に未来の日付は使えません").into(),
            );
        }
        if consulted.is_some_and(|c| c > received) {
            return Err(ValidationError::new(
                "consulted_on",
                "相談日は申請日以前の日付にしてください",
            )
            .into());
        }
        let hid = input.household_id;
        let role = self.user.role;
        let id = self.write(|tx| {
            let h = hh::require(tx.conn(), hid)?;
            let form = match &input.form {
                Some(f) => Some(f.validate(household_dv_protected(tx.conn(), hid)?)?),
                None => None,
            };
            let form_json = form
                .as_ref()
                .map(|f| serde_json::to_string(f).unwrap_or_default());
            let pending = sd::pending_application(tx.conn(), hid)?;
            check_register_application(
                h.status,
                pending.map(|p| format_wareki(p.received_on)).as_deref(),
                role,
            )?;
            if matches!(
                h.status,
                HouseholdStatus::Consulting | HouseholdStatus::Closed
            ) {
                hh::set_status(
                    tx.conn(),
                    hid,
                    &StatusChange {
                        status: HouseholdStatus::Applying,
                        effective_date: received,
                        reason: "保護申請の受付".into(),
                        changed_by: tx.actor().into(),
                        changed_at: tx.now().into(),
                    },
                )?;
                tx.touch_household(hid);
            }
            let id = sd::insert_application(
                tx.conn(),
                hid,
                consulted,
                received,
                form_json.as_deref(),
                tx.actor(),
                tx.now(),
            )?;
            tx.audit(
                actions::APPLICATION_REGISTER,
                Some("household"),
                Some(&hid.to_string()),
                json!({ "application_id": id, "received_on": received.to_string(),
                        "consulted_on": consulted.map(|d| d.to_string()),
                        "deadline": application_deadline(received, false).to_string(),
                        "form": form }),
            )?;
            Ok(id)
        })?;
        let conn = self.store.conn();
        application_view(conn, &sd::application(conn, id)?, today, role)
    }

    /// Extend the deadline to 30 days (法24条5項): the reason is required and is printed on the
    /// notice.
    pub fn extend_application(
        &mut self,
        application_id: i64,
        reason: &str,
    ) -> Result<ApplicationView> {
        self.require(Permission::EditHousehold)?;
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(ValidationError::new(
                "reason",
                "延長の理由は必須です（決定通知書に記載します）",
            )
            .into());
        }
        let role = self.user.role;
        self.write(|tx| {
            let a = sd::application(tx.conn(), application_id)?;
            check_application_action(ApplicationAction::Extend, &application_facts(&a), role)?;
            sd::extend_application(tx.conn(), application_id, &reason, tx.now())?;
            tx.audit(
                actions::APPLICATION_EXTEND,
                Some("household"),
                Some(&a.household_id.to_string()),
                json!({ "application_id": application_id, "reason": reason,
                        "deadline": { "old": application_deadline(a.received_on, false).to_string(),
                                      "new": application_deadline(a.received_on, true).to_string() } }),
            )?;
            Ok(())
        })?;
        let conn = self.store.conn();
        application_view(
            conn,
            &sd::application(conn, application_id)?,
            self.today(),
            role,
        )
    }

    /// Correct the recorded 保護申請書 of an application still waiting for its decision
    /// (`edit_household`), audited old → new. Refused once decided: the notice was made from it.
    pub fn save_application_form(
        &mut self,
        application_id: i64,
        form: &ApplicationForm,
    ) -> Result<ApplicationView> {
        self.require(Permission::EditHousehold)?;
        let role = self.user.role;
        self.write(|tx| {
            let a = sd::application(tx.conn(), application_id)?;
            check_application_action(ApplicationAction::EditForm, &application_facts(&a), role)?;
            let form = form.validate(household_dv_protected(tx.conn(), a.household_id)?)?;
            let old = application_form(&a)?;
            let json = serde_json::to_string(&form).unwrap_or_default();
            sd::set_application_form(tx.conn(), application_id, &json, tx.now())?;
            tx.audit(
                actions::APPLICATION_FORM,
                Some("household"),
                Some(&a.household_id.to_string()),
                json!({ "application_id": application_id, "form": { "old": old, "new": form } }),
            )?;
            Ok(())
        })?;
        let conn = self.store.conn();
        application_view(
            conn,
            &sd::application(conn, application_id)?,
            self.today(),
            role,
        )
    }

    /// The household's applications with what the user may do on each, and whether a new one
    /// may be registered now (the 申請 tab shows exactly that).
    pub fn applications_for_household(
        &mut self,
        household_id: i64,
    ) -> Result<HouseholdApplicationsView> {
        self.require(Permission::ViewHousehold)?;
        let h = hh::require(self.store.conn(), household_id)?;
        self.audit_read(
            actions::APPLICATIONS_LIST,
            Some("household"),
            Some(household_id.to_string()),
            serde_json::Value::Null,
        )?;
        let conn = self.store.conn();
        let today = self.today();
        let role = self.user.role;
        let applications = sd::applications_for(conn, household_id)?
            .iter()
            .map(|a| application_view(conn, a, today, role))
            .collect::<Result<Vec<_>>>()?;
        let pending = applications
            .iter()
            .find(|a| a.status == "pending")
            .map(|a| a.received_on_wareki.clone());
        let register = check_register_application(h.status, pending.as_deref(), role);
        Ok(HouseholdApplicationsView {
            applications,
            may_register: register.is_ok(),
            register_refusal: match register {
                Err(Refusal::State(m)) if pending.is_none() => Some(m),
                _ => None,
            },
        })
    }
}
