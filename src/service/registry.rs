//! Case registry use cases: counter search, household view and edits, members, My Number reveal.
//! Every open of a household, every change (old → new) and every reveal is audited in the same
//! transaction as the change itself.

use chrono::NaiveDate;
use serde_json::{json, Value};

use super::views::*;
use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::domain::case_access::CaseReason;
use crate::domain::checkdigit::mask_my_number;
use crate::domain::decision::{application_deadline, DecisionKind};
use crate::domain::era::{format_wareki, parse_date as parse_any_date};
use crate::domain::household::{
    age_on, HouseholdInput, HouseholdStatus, MemberInput, MyNumberChange, ValidationError,
};
use crate::domain::normalize::to_katakana;
use crate::domain::reveal_purpose::RevealPurposeKind;
use crate::domain::role::Permission;
use crate::domain::stated_reason::{ReasonKind, ReasonOption};
use crate::store::households::{self as hh, HouseholdRow, PersonRow, StatusChange};
use crate::store::users;

/// Parse a date as typed (和暦 or 西暦); used by every date field of the UI.
pub fn parse_date(text: &str) -> std::result::Result<ParsedDate, ValidationError> {
    let d = parse_any_date(text).map_err(|e| ValidationError::new("date", e.to_string()))?;
    Ok(d.into())
}

fn masked(last4: &Option<String>) -> Option<String> {
    last4
        .as_ref()
        .map(|l| mask_my_number(&format!("00000000{l}")))
}

fn member_json(p: &PersonRow) -> Value {
    json!({
        "name": p.name, "kana": p.kana, "birth_date": p.birth_date.to_string(), "sex": p.sex.code(),
        "relationship": p.relationship, "is_head": p.is_head,
        "my_number": masked(&p.my_number_last4),
        "addressee_number": p.addressee_number, "dv_protected": p.dv_protected,
        "death_date": p.death_date.map(|d| d.to_string()),
    })
}

fn household_json(h: &HouseholdRow) -> Value {
    json!({
        "case_number": h.case_number, "postal_code": h.postal_code, "address": h.address,
        "phone": h.phone, "caseworker_id": h.caseworker_id, "status": h.status.code(),
    })
}

/// Only the fields that changed, as {field: {old, new}}: what an auditor wants to read.
fn diff(old: &Value, new: &Value) -> Value {
    let mut out = serde_json::Map::new();
    if let (Some(o), Some(n)) = (old.as_object(), new.as_object()) {
        for (k, nv) in n {
            let ov = o.get(k).cloned().unwrap_or(Value::Null);
            if &ov != nv {
                out.insert(k.clone(), json!({ "old": ov, "new": nv }));
            }
        }
    }
    Value::Object(out)
}

/// A query written as a date (an era, 年, or two separators: R7.2.30, 2025/13/01,
/// 令和7年2月30日) that is no date at all: the counter is told so instead of 「該当なし」.
/// A case number such as 2025-0001 is not read as one.
fn impossible_date(query: &str) -> Option<String> {
    use crate::domain::era::DateError;
    let q: String = unicode_normalization::UnicodeNormalization::nfkc(query.trim()).collect();
    let seps = q.matches(['.', '/', '-']).count();
    let era = q
        .to_lowercase()
        .starts_with(['m', 't', 's', 'h', 'r', '明', '大', '昭', '平', '令']);
    let digits = q.chars().any(|c| c.is_ascii_digit());
    if !digits || !(seps >= 2 || q.contains('年') || era) {
        return None;
    }
    match parse_any_date(&q) {
        Err(
            e @ (DateError::NonexistentDate { .. }
            | DateError::EraYearZero { .. }
            | DateError::OutsideEra { .. }
            | DateError::UnknownEra { .. }),
        ) => Some(format!(
            "「{}」は日付として正しくありません。{e}",
            query.trim()
        )),
        _ => None,
    }
}

impl App {
    /// Counter search. `record` logs the query and the number of results: the UI and the CLI
    /// always do (search results are reads of people's records); tests and benchmarks may not.
    pub fn search(&mut self, query: &str, limit: usize, record: bool) -> Result<Vec<SearchHit>> {
        self.require(Permission::ViewHousehold)?;
        let limit = limit.clamp(1, 500);
        let hits: Vec<SearchHit> = self
            .store
            .search_index()?
            .search(query, limit)
            .into_iter()
            .map(|e| SearchHit {
                household_id: e.household_id,
                case_number: e.case_number.clone(),
                person_id: e.person_id,
                name: e.name.clone(),
                // Rows saved before kana was normalised at input show in the same form.
                kana: to_katakana(&e.kana),
                birth_date: e.birth_date.to_string(),
                birth_date_wareki: format_wareki(e.birth_date),
                sex: e.sex,
                relationship: e.relationship.clone(),
                household_status: e.status,
                household_status_label: e.status.label().into(),
                phone: e.phone.clone(),
            })
            .collect();
        if hits.is_empty() {
            if let Some(e) = impossible_date(query) {
                return Err(ValidationError::new("query", e).into());
            }
        }
        if record {
            let n = hits.len();
            let q = query.to_string();
            self.write(|tx| {
                tx.audit(
                    actions::SEARCH,
                    None,
                    None,
                    json!({ "query": q, "results": n }),
                )?;
                Ok(())
            })?;
        }
        Ok(hits)
    }

    pub(crate) fn household_view(&self, id: i64) -> Result<HouseholdView> {
        let conn = self.store.conn();
        let h = hh::require(conn, id)?;
        let today = self.today();
        let caseworker_name = self.caseworker_name(h.caseworker_id.as_deref())?;
        let members = hh::members(conn, id)?
            .into_iter()
            .map(|p| MemberView {
                id: p.id,
                age: age_on(p.birth_date, p.death_date.unwrap_or(today)),
                birth_date_wareki: format_wareki(p.birth_date),
                birth_date: p.birth_date.to_string(),
                sex_label: p.sex.label().into(),
                sex: p.sex,
                my_number_masked: masked(&p.my_number_last4),
                death_date_wareki: p.death_date.map(format_wareki),
                death_date: p.death_date.map(|d| d.to_string()),
                name: p.name,
                kana: to_katakana(&p.kana),
                relationship: p.relationship,
                is_head: p.is_head,
                addressee_number: p.addressee_number,
                dv_protected: p.dv_protected,
            })
            .collect();
        let status_history = hh::status_history(conn, id)?
            .into_iter()
            .map(|s| StatusHistoryView {
                status: s.status,
                status_label: s.status.label().into(),
                effective_date_wareki: format_wareki(s.effective_date),
                effective_date: s.effective_date.to_string(),
                reason: s.reason,
                changed_by: s.changed_by,
                changed_at: s.changed_at,
            })
            .collect();
        Ok(HouseholdView {
            household: HouseholdHeader {
                id: h.id,
                case_number: h.case_number,
                postal_code: h.postal_code,
                address: h.address,
                phone: h.phone,
                caseworker_id: h.caseworker_id,
                caseworker_name,
                status: h.status,
                status_label: h.status.label().into(),
                updated_at: h.updated_at,
                decision_kinds: DecisionKindOption::draftable_from(h.status),
                proposed_decision_kind: DecisionKind::proposed_for(h.status),
            },
            members,
            status_history,
            legal_hold: crate::store::retention::hold_of(conn, id)?,
            actions: crate::domain::workflow::household_actions(h.status, self.user.role),
        })
    }

    /// Open a household: the read is logged, and it joins the user's recent list.
    pub fn open_household(&mut self, id: i64) -> Result<HouseholdView> {
        self.open_household_with_reason(id, None)
    }

    /// Open a household, with the reason for opening another caseworker's case
    /// (`case_access`): without one such a case is refused and nothing is logged; with one the
    /// reason is logged with the open and remembered for the session.
    pub fn open_household_with_reason(
        &mut self,
        id: i64,
        reason: Option<&CaseReason>,
    ) -> Result<HouseholdView> {
        self.require(Permission::ViewHousehold)?;
        let reason = reason.map(CaseReason::validate).transpose()?;
        if reason.is_none() {
            self.check_case_access(id)?;
        }
        let view = self.household_view(id)?;
        let mut detail = json!({ "case_number": view.household.case_number });
        if let Some(r) = &reason {
            detail["open_reason"] = json!(r.text());
            detail["caseworker_id"] = json!(view.household.caseworker_id);
        }
        self.write(|tx| {
            hh::record_open(tx.conn(), tx.actor(), id, tx.now())?;
            tx.audit(
                actions::HOUSEHOLD_OPEN,
                Some("household"),
                Some(&id.to_string()),
                detail,
            )?;
            Ok(())
        })?;
        if reason.is_some() {
            self.remember_case_reason(id);
        }
        Ok(view)
    }

    /// The case number the office's sequence gives next (skipping numbers in use), shown as
    /// the hint of an empty ケース番号 field; `None` before 事務所設定 is saved.
    pub fn next_case_number(&mut self) -> Result<Option<String>> {
        self.require(Permission::EditHousehold)?;
        let conn = self.store.conn();
        match crate::store::office::get(conn)? {
            None => Ok(None),
            Some(o) => Ok(Some(free_case_number(conn, &o)?.1)),
        }
    }

    /// Register a household (相談中). A blank ケース番号 takes the next number of the office's
    /// sequence (事務所設定), in the same transaction; a typed one is kept as typed.
    pub fn create_household(&mut self, input: &HouseholdInput) -> Result<HouseholdView> {
        self.require(Permission::EditHousehold)?;
        let typed = !input.case_number.trim().is_empty();
        let mut checked = input.clone();
        if !typed {
            // Validated with a placeholder; the number itself is drawn inside the transaction.
            checked.case_number = "0".into();
        }
        let mut v = checked.validate()?;
        super::printable::household(&v)?;
        self.check_caseworker(v.caseworker_id.as_deref())?;
        let today = self.today();
        let id = self.write(|tx| {
            if !typed {
                let office = crate::store::office::get(tx.conn())?.ok_or_else(|| {
                    ValidationError::new(
                        "case_number",
                        "ケース番号を入力してください（事務所設定で採番の設定をすると、空欄のとき自動で付きます）",
                    )
                })?;
                let (n, number) = free_case_number(tx.conn(), &office)?;
                crate::store::office::set_case_number_next(tx.conn(), n + 1)?;
                v.case_number = number;
            }
            // 相談中 until an application is registered (申請中 only with one).
            let id = hh::insert(tx.conn(), &v, HouseholdStatus::Consulting, tx.now())?;
            let change = StatusChange {
                status: HouseholdStatus::Consulting,
                effective_date: today,
                reason: "新規登録（相談）".into(),
                changed_by: tx.actor().into(),
                changed_at: tx.now().into(),
            };
            hh::set_status(tx.conn(), id, &change)?;
            let row = hh::require(tx.conn(), id)?;
            tx.audit(
                actions::HOUSEHOLD_CREATE,
                Some("household"),
                Some(&id.to_string()),
                json!({ "new": household_json(&row) }),
            )?;
            tx.touch_household(id);
            Ok(id)
        })?;
        self.household_view(id)
    }

    pub fn update_household(&mut self, id: i64, input: &HouseholdInput) -> Result<HouseholdView> {
        self.require(Permission::EditHousehold)?;
        self.check_case_access(id)?;
        let v = input.validate()?;
        super::printable::household(&v)?;
        self.check_caseworker(v.caseworker_id.as_deref())?;
        self.write(|tx| {
            let old = hh::require(tx.conn(), id)?;
            hh::update(tx.conn(), id, &v, tx.now())?;
            let new = hh::require(tx.conn(), id)?;
            tx.audit(
                actions::HOUSEHOLD_UPDATE,
                Some("household"),
                Some(&id.to_string()),
                diff(&household_json(&old), &household_json(&new)),
            )?;
            tx.touch_household(id);
            Ok(())
        })?;
        self.household_view(id)
    }

    fn check_caseworker(&self, id: Option<&str>) -> Result<()> {
        if let Some(id) = id {
            let ok = users::caseworkers(self.store.conn())?
                .iter()
                .any(|u| u.user_id == id);
            if !ok {
                return Err(ValidationError::new(
                    "caseworker_id",
                    "担当には有効な地区担当員または査察指導員を選んでください",
                )
                .into());
            }
        }
        Ok(())
    }

    /// 状態の訂正 (not a decision): the status is what the approved decisions made it, so a direct
    /// change only corrects the registry — allowed by `domain::workflow::check_status_correction`
    /// (never overruling an approved decision), with a reason, audited old → new. The history is
    /// never rewritten.
    pub fn change_household_status(
        &mut self,
        id: i64,
        status: HouseholdStatus,
        effective_date: &str,
        reason: &str,
    ) -> Result<HouseholdView> {
        self.require(Permission::ChangeStatus)?;
        let date: NaiveDate = parse_any_date(effective_date)
            .map_err(|e| ValidationError::new("effective_date", format!("適用日: {e}")))?;
        let reason = reason.trim();
        if reason.is_empty() {
            return Err(ValidationError::new("reason", "理由は必須です").into());
        }
        self.write(|tx| {
            let old = hh::require(tx.conn(), id)?;
            // What the approved decisions made it: the latest approval wins.
            let decided = crate::store::decisions::decisions_for(tx.conn(), id)?
                .into_iter()
                .filter(|d| d.state == crate::domain::decision::DecisionState::Approved)
                .max_by(|a, b| {
                    (a.approved_at.as_deref(), a.id).cmp(&(b.approved_at.as_deref(), b.id))
                })
                .map(|d| d.kind.status_after());
            crate::domain::workflow::check_status_correction(old.status, status, decided)
                .map_err(ServiceError::DecisionState)?;
            let change = StatusChange {
                status,
                effective_date: date,
                reason: reason.into(),
                changed_by: tx.actor().into(),
                changed_at: tx.now().into(),
            };
            hh::set_status(tx.conn(), id, &change)?;
            crate::exchange::fukuhon::on_status_changed(tx, id, old.status, status, date)?;
            tx.audit(
                actions::HOUSEHOLD_STATUS,
                Some("household"),
                Some(&id.to_string()),
                json!({ "status": { "old": old.status.code(), "new": status.code() },
                        "effective_date": date.to_string(), "reason": reason, "correction": true }),
            )?;
            tx.touch_household(id);
            Ok(())
        })?;
        self.household_view(id)
    }

    pub fn add_member(&mut self, household_id: i64, input: &MemberInput) -> Result<HouseholdView> {
        self.require(Permission::EditHousehold)?;
        self.check_case_access(household_id)?;
        let v = input.validate(self.today())?;
        super::printable::member(&v)?;
        let key = match v.my_number {
            MyNumberChange::Keep => None,
            _ => Some(self.reveal_key()?),
        };
        let db_id = self.store.db_id().to_string();
        self.write(|tx| {
            hh::require(tx.conn(), household_id)?;
            let pid = hh::insert_person(tx.conn(), household_id, &v, tx.now())?;
            if let (MyNumberChange::Set(n), Some(k)) = (&v.my_number, &key) {
                hh::set_my_number(tx.conn(), k, &db_id, pid, Some(n), tx.now())?;
            }
            let row = hh::require_person(tx.conn(), pid)?;
            tx.audit(
                actions::MEMBER_ADD,
                Some("person"),
                Some(&pid.to_string()),
                json!({ "household_id": household_id, "new": member_json(&row) }),
            )?;
            tx.touch_household(household_id);
            Ok(())
        })?;
        self.household_view(household_id)
    }

    pub fn update_member(&mut self, person_id: i64, input: &MemberInput) -> Result<HouseholdView> {
        self.require(Permission::EditHousehold)?;
        self.check_person_access(person_id)?;
        let v = input.validate(self.today())?;
        super::printable::member(&v)?;
        let key = match v.my_number {
            MyNumberChange::Keep => None,
            _ => Some(self.reveal_key()?),
        };
        let db_id = self.store.db_id().to_string();
        let household_id = self.write(|tx| {
            let old = hh::require_person(tx.conn(), person_id)?;
            hh::update_person(tx.conn(), person_id, &v, tx.now())?;
            match (&v.my_number, &key) {
                (MyNumberChange::Remove, Some(k)) => {
                    hh::set_my_number(tx.conn(), k, &db_id, person_id, None, tx.now())?
                }
                (MyNumberChange::Set(n), Some(k)) => {
                    hh::set_my_number(tx.conn(), k, &db_id, person_id, Some(n), tx.now())?
                }
                _ => {}
            }
            let new = hh::require_person(tx.conn(), person_id)?;
            tx.audit(
                actions::MEMBER_UPDATE,
                Some("person"),
                Some(&person_id.to_string()),
                diff(&member_json(&old), &member_json(&new)),
            )?;
            tx.touch_household(old.household_id);
            Ok(old.household_id)
        })?;
        self.household_view(household_id)
    }

    /// Take a member off the household (moved out, entered by mistake). The row is kept.
    pub fn remove_member(&mut self, person_id: i64, reason: &str) -> Result<HouseholdView> {
        self.require(Permission::EditHousehold)?;
        self.check_person_access(person_id)?;
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(ValidationError::new("reason", "削除の理由は必須です").into());
        }
        let household_id = self.write(|tx| {
            let old = hh::require_person(tx.conn(), person_id)?;
            hh::remove_person(tx.conn(), person_id, &reason, tx.now())?;
            tx.audit(actions::MEMBER_REMOVE, Some("person"), Some(&person_id.to_string()),
                json!({ "household_id": old.household_id, "old": member_json(&old), "reason": reason }))?;
            tx.touch_household(old.household_id);
            Ok(old.household_id)
        })?;
        self.household_view(household_id)
    }

    /// The purposes the reveal dialog offers.
    pub fn reveal_purposes(&mut self) -> Result<Vec<ReasonOption<RevealPurposeKind>>> {
        self.require_session()?;
        Ok(RevealPurposeKind::options())
    }

    /// The one permitted view of a My Number, for a purpose the clerk gives (logged with it).
    pub fn reveal_my_number(
        &mut self,
        person_id: i64,
        purpose: &crate::domain::reveal_purpose::RevealPurpose,
    ) -> Result<String> {
        self.require(Permission::RevealMyNumber)?;
        let purpose = purpose.validate()?;
        let key = self.reveal_key()?;
        let db_id = self.store.db_id().to_string();
        self.write(|tx| {
            let p = hh::require_person(tx.conn(), person_id)?;
            let n = hh::my_number(tx.conn(), &key, &db_id, person_id)?.ok_or_else(|| {
                ServiceError::Store(crate::store::StoreError::NotFound("個人番号".into()))
            })?;
            tx.audit(
                actions::MY_NUMBER_REVEAL,
                Some("person"),
                Some(&person_id.to_string()),
                json!({ "household_id": p.household_id, "purpose": purpose.text() }),
            )?;
            Ok(n)
        })
    }

    pub fn list_caseworkers(&mut self) -> Result<Vec<UserSummary>> {
        self.require_session()?;
        Ok(users::caseworkers(self.store.conn())?
            .into_iter()
            .map(|u| UserSummary {
                role_label: u.role.label().into(),
                user_id: u.user_id,
                display_name: u.display_name,
                role: u.role,
            })
            .collect())
    }

    /// The home screen: today's date, households by status, applications waiting, recent opens.
    pub fn home(&mut self) -> Result<HomeView> {
        self.require(Permission::ViewHousehold)?;
        self.audit_read(actions::HOME_VIEW, None, None, serde_json::Value::Null)?;
        let conn = self.store.conn();
        let today = self.today();
        let counts = hh::count_by_status(conn)?
            .into_iter()
            .map(|(s, n)| StatusCount {
                status: s,
                label: s.label().into(),
                households: n,
            })
            .collect();
        let mut applying = vec![];
        for (id, case_number, since) in hh::applying_since(conn, 20)? {
            applying.push(ApplyingItem {
                household_id: id,
                case_number,
                head_name: hh::head_name(conn, id)?,
                since: since.to_string(),
                since_wareki: format_wareki(since),
                days: (today - since).num_days(),
                late: today >= application_deadline(since, false),
            });
        }
        let mut recent = vec![];
        for (id, at) in hh::recent_opens(conn, &self.user.user_id, 10)? {
            if let Some(h) = hh::get(conn, id)? {
                recent.push(RecentItem {
                    household_id: id,
                    case_number: h.case_number,
                    head_name: hh::head_name(conn, id)?,
                    opened_at: at,
                });
            }
        }
        let (overdue, due_soon) = super::decisions::deadlines(conn, today, self.user.role)?;
        let revisions = self.rate_revisions()?;
        Ok(HomeView {
            today: today.to_string(),
            today_wareki: format_wareki(today),
            counts,
            applying,
            recent,
            overdue,
            due_soon,
            revisions,
            alerts: self.home_alerts()?,
        })
    }
}

/// The first number of the office's sequence not yet in use, from `case_number_next` on.
fn free_case_number(
    conn: &rusqlite::Connection,
    o: &crate::domain::office::OfficeSettings,
) -> Result<(u64, String)> {
    let mut n = o.case_number_next.max(1);
    loop {
        let number =
            crate::domain::office::case_number_for(&o.case_number_prefix, o.case_number_digits, n);
        if hh::id_by_case_number(conn, &number)?.is_none() {
            return Ok((n, number));
        }
        n += 1;
    }
}
