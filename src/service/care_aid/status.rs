//! A person's 介護保険 status (dated records), the H-number given to a person outside the
//! insurance, and the office's H-number rule.
//!
//! The 介護保険料 recorded here is the one the calculation adds (介護保険料加算): saving a status
//! writes it into the household's 認定状況 in the same transaction, so the next decision of the
//! household (and the care-aid decision's 本人支払額) uses it; the status view says when the
//! premium changed and a 保護変更 is needed.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use crate::audit::actions;
use crate::domain::care_aid::insurance::{
    certification_state, check_certification, check_kind_for_age, first_insured_from,
    h_number_plan, premium_addition, share, validate_h_number, validate_insured_number,
    validate_insurer_number, CareLevel, CertificationState, HNumberPlan, HNumberRule, InsuredKind,
    PreviousHNumber, RENEWAL_WARNING_DAYS,
};
use crate::domain::decision::SituationInput;
use crate::domain::era::{format_wareki, parse_date};
use crate::domain::household::ValidationError;
use crate::domain::role::Permission;
use crate::service::views::CareStatusView;
use crate::service::{App, Result, ServiceError};
use crate::store::care_aid::{self as sc, HNumberRow, InsuranceRow};
use crate::store::decisions as sd;
use crate::store::households as hh;
use crate::store::Tx;

/// A 介護保険 status as the caseworker records it (from the insurance card and the 認定 notice).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CareStatusInput {
    #[ts(type = "number")]
    pub person_id: i64,
    /// From when this status holds.
    pub valid_from: String,
    pub kind: InsuredKind,
    /// 被保険者番号 (insured only)
    #[serde(default)]
    pub insured_number: String,
    /// 保険者番号 (insured only)
    #[serde(default)]
    pub insurer_number: String,
    /// Not insured, arriving from another welfare office: the H-number given there…
    #[serde(default)]
    pub previous_h_number: String,
    /// …and the 地方公共団体コード of the municipality it was given in.
    #[serde(default)]
    pub previous_h_municipality: String,
    /// 利用者負担割合 on the card (insured; 1 unless the card says otherwise)
    #[serde(default = "one")]
    pub co_pay_tenths: u8,
    /// 介護保険料 the recipient pays monthly (第1号, 普通徴収), yen
    #[serde(default)]
    #[ts(type = "number")]
    pub premium_yen: i64,
    #[serde(default)]
    pub care_level: Option<CareLevel>,
    #[serde(default)]
    pub certified_from: String,
    #[serde(default)]
    pub certified_to: String,
}

fn one() -> u8 {
    1
}

/// The office's H-number rule as the settings screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct CareSettingsView {
    pub rule: HNumberRule,
    /// The next number the rule gives.
    pub next_example: Option<String>,
    /// The office has not set a rule: the default is in use.
    pub is_default: bool,
}

fn day(field: &'static str, label: &str, s: &str) -> Result<NaiveDate> {
    parse_date(s.trim()).map_err(|e| ValidationError::new(field, format!("{label}: {e}")).into())
}

fn opt_day(field: &'static str, label: &str, s: &str) -> Result<Option<NaiveDate>> {
    if s.trim().is_empty() {
        Ok(None)
    } else {
        day(field, label, s).map(Some)
    }
}

fn municipality(conn: &rusqlite::Connection) -> Result<String> {
    crate::store::office::get(conn)?
        .map(|o| o.municipality_code)
        .ok_or_else(|| ServiceError::DecisionState("事務所設定が登録されていません".into()))
}

/// The rule in force and the last running number given.
fn rule_in_force(conn: &rusqlite::Connection) -> Result<(HNumberRule, u32, bool)> {
    match sc::h_rule(conn)? {
        Some((r, last)) => Ok((r, last, false)),
        None => Ok((HNumberRule::default_for(&municipality(conn)?), 0, true)),
    }
}

/// Give the next number of the rule, skipping any already held (a carried number may fall in
/// the rule's range).
fn assign_h_number(tx: &mut Tx<'_>, person_id: i64, here: &str) -> Result<String> {
    let (rule, mut seq, _) = rule_in_force(tx.conn())?;
    loop {
        seq += 1;
        let number = rule.number(seq).ok_or_else(|| {
            ServiceError::DecisionState(
                "H番号の付番規則で付けられる番号を使い切りました。事務所設定で規則を見直してください".into(),
            )
        })?;
        if sc::h_number_taken(tx.conn(), &number)?.is_none() {
            sc::put_h_rule(tx.conn(), &rule, seq, tx.actor(), tx.now())?;
            sc::insert_h_number(
                tx.conn(),
                &HNumberRow {
                    person_id,
                    number: number.clone(),
                    municipality_code: here.into(),
                    carried: false,
                },
                tx.actor(),
                tx.now(),
            )?;
            return Ok(number);
        }
    }
}

/// The H-number of a not-insured person: kept once given, carried when the clerk brings one
/// from another office of the same municipality, new otherwise. Returns (number, how).
fn h_number_for(
    tx: &mut Tx<'_>,
    person_id: i64,
    previous: Option<PreviousHNumber>,
) -> Result<(String, &'static str)> {
    let here = municipality(tx.conn())?;
    if let Some(held) = sc::h_number(tx.conn(), person_id)? {
        return Ok((held.number, "kept"));
    }
    match h_number_plan(previous.as_ref(), &here) {
        HNumberPlan::Keep(number) => {
            if let Some(other) = sc::h_number_taken(tx.conn(), &number)? {
                return Err(ValidationError::new(
                    "previous_h_number",
                    format!("この番号は別の方（個人ID {other}）に付けられています"),
                )
                .into());
            }
            sc::insert_h_number(
                tx.conn(),
                &HNumberRow {
                    person_id,
                    number: number.clone(),
                    municipality_code: here,
                    carried: true,
                },
                tx.actor(),
                tx.now(),
            )?;
            Ok((number, "carried"))
        }
        HNumberPlan::Assign => Ok((assign_h_number(tx, person_id, &here)?, "assigned")),
    }
}

/// Writes the premium into the household's 認定状況 (介護保険料加算) and returns the premium it
/// held; `None` when the household has no 認定状況 yet (the caseworker enters it there with the rest).
fn sync_premium(
    tx: &mut Tx<'_>,
    household_id: i64,
    person_id: i64,
    premium_yen: i64,
) -> Result<Option<i64>> {
    let Some(text) = sd::situation(tx.conn(), household_id)? else {
        return Ok(None);
    };
    let bad =
        |e: serde_json::Error| ServiceError::DecisionState(format!("認定状況を読めません: {e}"));
    // Through JSON, where a member's facts sit flat beside its person id (the stored shape).
    let mut v = serde_json::to_value(serde_json::from_str::<SituationInput>(&text).map_err(bad)?)
        .map_err(bad)?;
    let members = v
        .get_mut("members")
        .and_then(|m| m.as_array_mut())
        .ok_or_else(|| ServiceError::DecisionState("認定状況に世帯員の欄がありません".into()))?;
    let old = match members
        .iter_mut()
        .find(|m| m.get("person_id").and_then(|p| p.as_i64()) == Some(person_id))
    {
        Some(m) => {
            let old = m
                .get("care_premium_yen")
                .and_then(|p| p.as_i64())
                .unwrap_or(0);
            m["care_premium_yen"] = json!(premium_yen);
            old
        }
        None => {
            members.push(json!({ "person_id": person_id, "care_premium_yen": premium_yen }));
            0
        }
    };
    if old != premium_yen {
        let s: SituationInput = serde_json::from_value(v).map_err(bad)?;
        let json = serde_json::to_string(&s).map_err(bad)?;
        sd::put_situation(tx.conn(), household_id, &json, tx.actor(), tx.now())?;
    }
    Ok(Some(old))
}

pub(crate) fn status_view(r: &InsuranceRow, birth: NaiveDate, today: NaiveDate) -> CareStatusView {
    let cert = match (r.certified_from, r.certified_to) {
        (Some(f), Some(t)) => Some(certification_state(f, t, today)),
        _ => None,
    };
    let mut warnings = Vec::new();
    match (cert, r.certified_to) {
        (None, _) => warnings.push("要介護認定が記録されていません".to_string()),
        (Some(CertificationState::Expired), Some(t)) => warnings.push(format!(
            "要介護認定の有効期間が{}に終わっています",
            format_wareki(t)
        )),
        (Some(CertificationState::DueSoon), Some(t)) => warnings.push(format!(
            "要介護認定の有効期間が{}に終わります（更新申請は{RENEWAL_WARNING_DAYS}日前から）",
            format_wareki(t)
        )),
        _ => {}
    }
    if r.kind != InsuredKind::First {
        if let Some(d) = first_insured_from(birth) {
            if (d - today).num_days() <= RENEWAL_WARNING_DAYS {
                warnings.push(format!(
                    "{}から第1号被保険者です。介護保険の資格を記録し直してください",
                    format_wareki(d)
                ));
            }
        }
    }
    let share_label = share(r.kind, r.co_pay_tenths)
        .map(|s| s.label())
        .unwrap_or_default();
    CareStatusView {
        id: r.id,
        person_id: r.person_id,
        valid_from: r.valid_from.to_string(),
        valid_from_wareki: format_wareki(r.valid_from),
        kind: r.kind,
        kind_label: r.kind.label().into(),
        insured_number: r.insured_number.clone(),
        insurer_number: r.insurer_number.clone(),
        co_pay_tenths: i64::from(r.co_pay_tenths),
        share_label,
        premium_yen: r.premium_yen,
        care_level: r.care_level,
        care_level_label: r.care_level.map(|l| l.label().to_string()),
        certified_from: r.certified_from.map(|d| d.to_string()),
        certified_from_wareki: r.certified_from.map(format_wareki),
        certified_to: r.certified_to.map(|d| d.to_string()),
        certified_to_wareki: r.certified_to.map(format_wareki),
        certification: cert,
        certification_label: cert.map(|c| c.label().to_string()),
        warnings,
    }
}

impl App {
    /// Record a person's 介護保険 status from a date (a new record; history kept). For a person
    /// outside the insurance the H-number is kept, carried or given here. `EditHousehold`;
    /// audited with the premium's effect on the 認定状況.
    pub fn care_status_save(&mut self, input: &CareStatusInput) -> Result<CareStatusView> {
        self.require(Permission::EditHousehold)?;
        let conn = self.store.conn();
        let person = hh::require_person(conn, input.person_id)?;
        let valid_from = day("valid_from", "資格の記録日", &input.valid_from)?;
        check_kind_for_age(input.kind, person.birth_date, valid_from)?;
        let premium = premium_addition(input.kind, input.premium_yen)?;
        if premium > crate::domain::decision::MAX_MONTHLY_YEN {
            return Err(ValidationError::new("premium_yen", "介護保険料が大きすぎます").into());
        }
        let co_pay = if input.kind.is_insured() {
            input.co_pay_tenths
        } else {
            1
        };
        share(input.kind, co_pay)?;
        let from = opt_day(
            "certified_from",
            "認定有効期間の始まり",
            &input.certified_from,
        )?;
        let to = opt_day("certified_to", "認定有効期間の終わり", &input.certified_to)?;
        let (level, from, to) = match (input.care_level, from, to) {
            (None, None, None) => (None, None, None),
            (Some(l), Some(f), Some(t)) => {
                check_certification(f, t)?;
                (Some(l), Some(f), Some(t))
            }
            _ => {
                return Err(ValidationError::new(
                    "care_level",
                    "要介護状態区分と認定有効期間（始まり・終わり）はそろえて入力してください",
                )
                .into())
            }
        };
        let insured = if input.kind.is_insured() {
            Some((
                validate_insured_number(&input.insured_number)?,
                validate_insurer_number(&input.insurer_number)?,
            ))
        } else {
            None
        };
        let previous = if !input.kind.is_insured() && !input.previous_h_number.trim().is_empty() {
            let m = crate::domain::checkdigit::validate_municipality_code(
                &input.previous_h_municipality,
            )
            .map_err(|e| {
                ValidationError::new(
                    "previous_h_municipality",
                    format!("番号を付けた市町村の地方公共団体コード: {e}"),
                )
            })?;
            Some(PreviousHNumber {
                number: validate_h_number(&input.previous_h_number)?,
                municipality_code: m,
            })
        } else {
            None
        };
        let hid = person.household_id;
        let id = self.write(|tx| {
            let old = sc::insurance_on(tx.conn(), person.id, valid_from)?;
            let (number, insurer, how) = match &insured {
                Some((n, i)) => (n.clone(), Some(i.clone()), "card"),
                None => {
                    let (n, how) = h_number_for(tx, person.id, previous.clone())?;
                    (n, None, how)
                }
            };
            let row = InsuranceRow {
                id: 0,
                person_id: person.id,
                valid_from,
                kind: input.kind,
                insured_number: number,
                insurer_number: insurer,
                co_pay_tenths: co_pay,
                premium_yen: premium,
                care_level: level,
                certified_from: from,
                certified_to: to,
                recorded_by: tx.actor().into(),
                recorded_at: tx.now().into(),
            };
            let id = sc::insert_insurance(tx.conn(), &row)?;
            let old_premium = sync_premium(tx, hid, person.id, premium)?;
            tx.audit(
                actions::CARE_STATUS_SAVE,
                Some("household"),
                Some(&hid.to_string()),
                json!({ "person_id": person.id, "insurance_id": id, "valid_from": valid_from.to_string(),
                        "kind": { "old": old.as_ref().map(|o| o.kind.code()), "new": input.kind.code() },
                        "insured_number": { "old": old.as_ref().map(|o| o.insured_number.clone()), "new": row.insured_number, "how": how },
                        "care_level": { "old": old.as_ref().and_then(|o| o.care_level.map(CareLevel::code)), "new": level.map(CareLevel::code) },
                        "premium_yen": { "old": old_premium, "new": premium, "situation": old_premium.is_some() } }),
            )?;
            tx.touch_household(hid);
            Ok(id)
        })?;
        let r = sc::insurance(self.store.conn(), id)?;
        Ok(status_view(&r, person.birth_date, self.today()))
    }

    /// Every status record of a person, oldest first. `ViewHousehold`; audited as a case read.
    pub fn care_status_history(&mut self, person_id: i64) -> Result<Vec<CareStatusView>> {
        self.require(Permission::ViewHousehold)?;
        let person = hh::require_person(self.store.conn(), person_id)?;
        self.audit_read(
            actions::CARE_CASE_VIEW,
            Some("household"),
            Some(person.household_id.to_string()),
            json!({ "person_id": person_id, "what": "care_status" }),
        )?;
        let today = self.today();
        Ok(sc::insurance_history(self.store.conn(), person_id)?
            .iter()
            .map(|r| status_view(r, person.birth_date, today))
            .collect())
    }

    /// The H-number rule (the default until the office sets one). `ViewHousehold`.
    pub fn care_settings_get(&mut self) -> Result<CareSettingsView> {
        self.require(Permission::ViewHousehold)?;
        let (rule, last, is_default) = rule_in_force(self.store.conn())?;
        Ok(CareSettingsView {
            next_example: rule.number(last + 1),
            rule,
            is_default,
        })
    }

    /// Set the office's H-number rule. Numbers already given are kept. `EditOffice`; audited.
    pub fn care_settings_save(&mut self, rule: &HNumberRule) -> Result<CareSettingsView> {
        self.require(Permission::EditOffice)?;
        let rule = rule.validate()?;
        self.write(|tx| {
            let (old, last, _) = rule_in_force(tx.conn())?;
            // A new prefix starts its own count; the same prefix continues.
            let last = if old.prefix == rule.prefix && old.check_digit == rule.check_digit {
                last
            } else {
                0
            };
            sc::put_h_rule(tx.conn(), &rule, last, tx.actor(), tx.now())?;
            tx.audit(
                actions::CARE_SETTINGS_SAVE,
                Some("office"),
                None,
                json!({ "h_rule": { "old": old, "new": rule } }),
            )?;
            Ok(())
        })?;
        self.care_settings_get()
    }
}
