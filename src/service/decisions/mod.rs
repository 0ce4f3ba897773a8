//! Rate sets, calculation for a household, applications with their deadlines, decisions with
//! review and approval, and the bulk re-decision (一括認定).
//!
//! Every use case checks its permission, and every change is one transaction with its audit
//! entries. The calculation is always `calc::calculate` over the rate set in force on the date
//! (or, for a bulk re-decision, the set named), after `calc::check_complete` for the office's
//! 級地: no decision is ever drafted from a partial table. A decision keeps a snapshot of every
//! input so [`App::reproduce_decision`] can recompute it years later.
//!
//! Workflow (separation of duties: three different people):
//! 起案 (DraftDecision) → 審査 (ReviewDecision, not the drafter) → 決裁 (ApproveDecision, neither
//! the drafter nor the reviewer). 差戻し (return, with a comment) at review or approval sends it to
//! the drafter (state 差戻し), who corrects it with [`App::redraft_decision`] (back to 起案).
//! Only approval changes the household (status with a history row, current amounts, the
//! application it answers).

//! Where each part lives (one file per feature):
//! - [`rate_sets`]: import and list the dated rate-table sets (基準額表).
//! - [`situation`]: the caseworker's facts per household (認定状況) and the calculation view.
//! - [`applications`]: 申請 with its 14/30-day deadline.
//! - [`reasons`]: the office's list of decision reasons.
//! - [`workflow`]: 起案 → 審査 → 決裁 / 差戻し, and the decision views.
//! - [`care`]: 介護扶助の決定 (per care-aid case, same workflow; approval changes the case).
//! - [`subject`]: what a decision is about (保護, 医療扶助, 介護扶助) and its labels.
//! - [`reproduce`]: recompute a stored decision from its snapshot.
//! - [`bulk`]: 一括認定 (bulk re-decision after a rate revision).
//!
//! This file keeps what they share: the inputs, the snapshot, and `compute`.

mod applications;
mod bulk;
mod care;
mod medical;
mod rate_sets;
pub use rate_sets::{MAX_RATE_FILES, MAX_RATE_FILE_BYTES};
mod reasons;
mod reproduce;
mod situation;
mod subject;
mod workflow;

pub(crate) use applications::{application_form, deadlines};
pub use care::CareDecisionInput;
pub use medical::MedicalDecisionInput;
use rate_sets::housing_areas;
use reasons::reason_view;
use situation::aid_views;
pub use situation::calc_view;
use workflow::Content;

use std::collections::{BTreeMap, HashMap};
use std::sync::Arc;

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use serde_json::json;
use sha2::{Digest, Sha256};

use super::views::*;
use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::calc::benefit::KindOutcome;
use crate::calc::{self, CalcResult, Grade, HouseholdSituation, RateSet};
use crate::domain::decision::{
    application_deadline, DecisionKind, DecisionState, MemberAsUsed, SituationInput, DUE_SOON_DAYS,
};
use crate::domain::era::{format_wareki, parse_date as parse_any_date};
use crate::domain::household::{age_on, HouseholdStatus, ValidationError};
use crate::domain::role::Permission;
use crate::store::decisions::{self as sd, AmountsRow, DraftContent, RateSetRow};
use crate::store::households::{self as hh, StatusChange};
use rusqlite::Connection;

/// Parsed rate sets by id (see `App::rate_cache`).
pub type RateCache = HashMap<i64, Arc<RateSet>>;

/// One row of a bulk recomputation, with the calculation when there is one.
type BulkRows = Vec<(BulkPreviewRow, Option<Computed>)>;

/// Everything a decision used, stored as JSON with it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DecisionSnapshot {
    pub date: NaiveDate,
    pub office_grade: Grade,
    pub situation_input: SituationInput,
    pub members: Vec<MemberAsUsed>,
    pub situation: HouseholdSituation,
    pub rate_set: SnapshotRateSet,
    pub result: CalcResult,
    /// The set's rounding of 日割, so a start or end inside a month can be prorated later
    /// without reading the whole set again. Absent in snapshots written before issue 10.
    #[serde(default)]
    pub prorate_rounding: Option<calc::Rounding>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SnapshotRateSet {
    pub id: i64,
    pub version: String,
    pub sha256: String,
}

/// A calculation for one household, with what it was computed from.
#[derive(Debug, Clone)]
pub struct Computed {
    pub household_id: i64,
    pub rate_set: RateSetRow,
    pub grade: Grade,
    pub date: NaiveDate,
    pub input: SituationInput,
    pub members: Vec<MemberAsUsed>,
    pub situation: HouseholdSituation,
    pub result: CalcResult,
    pub prorate_rounding: Option<calc::Rounding>,
}

impl Computed {
    pub fn snapshot(&self) -> DecisionSnapshot {
        DecisionSnapshot {
            date: self.date,
            office_grade: self.grade,
            situation_input: self.input.clone(),
            members: self.members.clone(),
            situation: self.situation.clone(),
            rate_set: SnapshotRateSet {
                id: self.rate_set.id,
                version: self.rate_set.version.clone(),
                sha256: self.rate_set.sha256.clone(),
            },
            result: self.result.clone(),
            prorate_rounding: self.prorate_rounding,
        }
    }
}

/// A decision as the drafter submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct DecisionInput {
    #[ts(type = "number")]
    pub household_id: i64,
    pub kind: DecisionKind,
    /// Any form `parse_date` accepts (和暦 or 西暦).
    pub effective_date: String,
    /// 決定の理由 (free text printed on the notice with the selected reasons).
    #[serde(default)]
    pub reason_text: String,
    /// Codes from the office's reason list (`decision_reasons`).
    #[serde(default)]
    pub reason_codes: Vec<String>,
    /// For 停止・廃止・却下: also compute and keep the calculation (e.g. 却下 because income
    /// exceeds the minimum). 開始・変更 always compute.
    #[serde(default)]
    pub calculate: bool,
}

/// 相談・申請 as registered at the counter.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ApplicationInput {
    #[ts(type = "number")]
    pub household_id: i64,
    /// 相談日 (optional).
    #[serde(default)]
    pub consulted_on: Option<String>,
    /// 申請受理日: the deadline counts from here.
    pub received_on: String,
    /// The 保護申請書 as the form has it (applicant, 主訴, aid requested, declarations,
    /// 扶養義務者, 同意書); printed on the 開始 and 却下 notices.
    #[serde(default)]
    pub form: Option<crate::domain::application::ApplicationForm>,
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn parse_day(field: &'static str, label: &str, text: &str) -> Result<NaiveDate> {
    parse_any_date(text).map_err(|e| ValidationError::new(field, format!("{label}: {e}")).into())
}

fn office_grade(conn: &Connection) -> Result<Grade> {
    let office = crate::store::office::get(conn)?;
    office.and_then(|o| Grade::parse(&o.grade)).ok_or_else(|| {
        ValidationError::new(
            "grade",
            "事務所設定の級地が未設定です。先に事務所設定を保存してください",
        )
        .into()
    })
}

pub(crate) fn load_set(
    conn: &Connection,
    cache: &mut RateCache,
    row: &RateSetRow,
) -> Result<Arc<RateSet>> {
    if let Some(s) = cache.get(&row.id) {
        return Ok(s.clone());
    }
    let (files_json, sha) = sd::rate_set_files(conn, row.id)?;
    if sha256_hex(&files_json) != sha {
        return Err(ServiceError::DecisionState(format!(
            "基準額表「{}」の保存内容がハッシュ値と一致しません（改ざんまたは破損）。使用できません",
            row.version
        )));
    }
    let files: BTreeMap<String, String> = serde_json::from_str(&files_json).map_err(|e| {
        ServiceError::DecisionState(format!("基準額表「{}」を読めません: {e}", row.version))
    })?;
    let refs: Vec<(&str, &str)> = files
        .iter()
        .map(|(n, t)| (n.as_str(), t.as_str()))
        .collect();
    let set = Arc::new(calc::parse_files(&refs)?);
    cache.insert(row.id, set.clone());
    Ok(set)
}

pub(crate) fn pick_rate_set(conn: &Connection, date: NaiveDate) -> Result<RateSetRow> {
    sd::rate_set_for_date(conn, date)?.ok_or_else(|| {
        ServiceError::NoRates(format!(
            "{date}（{}）に適用される基準額表が取り込まれていません。基準額表を取り込んでください",
            format_wareki(date)
        ))
    })
}

fn rate_by_version(conn: &Connection, version: &str) -> Result<RateSetRow> {
    sd::rate_set_by_version(conn, version)?.ok_or_else(|| {
        ServiceError::NoRates(format!("基準額表の版「{version}」は取り込まれていません"))
    })
}

fn situation_input(conn: &Connection, household_id: i64) -> Result<Option<SituationInput>> {
    match sd::situation(conn, household_id)? {
        None => Ok(None),
        Some(j) => Ok(Some(serde_json::from_str(&j).map_err(|e| {
            ServiceError::DecisionState(format!(
                "世帯（ID {household_id}）の認定状況を読めません: {e}"
            ))
        })?)),
    }
}

fn members_for_calc(
    conn: &Connection,
    household_id: i64,
) -> Result<Vec<(MemberAsUsed, Option<NaiveDate>)>> {
    Ok(hh::members(conn, household_id)?
        .into_iter()
        .map(|p| {
            (
                MemberAsUsed {
                    person_id: p.id,
                    name: p.name,
                    birth_date: p.birth_date,
                },
                p.death_date,
            )
        })
        .collect())
}

/// The calculation for a household on `date` with the rate set in force and the office's 級地 —
/// where the voucher schemes read the 本人支払額 from (`CalcResult::own_payment_*`).
pub(crate) fn household_calculation(
    conn: &Connection,
    cache: &mut RateCache,
    household_id: i64,
    date: NaiveDate,
) -> Result<Computed> {
    let grade = office_grade(conn)?;
    compute(conn, cache, household_id, date, None, grade)
}

/// The calculation for a household on `date` with `set_row` (the set in force when `None`).
fn compute(
    conn: &Connection,
    cache: &mut RateCache,
    household_id: i64,
    date: NaiveDate,
    set_row: Option<&RateSetRow>,
    grade: Grade,
) -> Result<Computed> {
    hh::require(conn, household_id)?;
    let input = situation_input(conn, household_id)?.ok_or_else(|| {
        ValidationError::new(
            "situation",
            "この世帯の認定状況（加算・家賃・収入）が登録されていません",
        )
    })?;
    let members = members_for_calc(conn, household_id)?;
    let row = match set_row {
        Some(r) => r.clone(),
        None => pick_rate_set(conn, date)?,
    };
    let set = load_set(conn, cache, &row)?;
    calc::check_complete(&set, grade, date).map_err(|error| ServiceError::RatesIncomplete {
        version: row.version.clone(),
        error,
    })?;
    // The office's prefecture gives the 冬季加算の地区 unless the household names one.
    let prefecture = crate::store::office::get(conn)?
        .map(|o| o.prefecture)
        .filter(|p| !p.trim().is_empty());
    let (situation, used) = input.to_calc(grade, prefecture.as_deref(), &members, date)?;
    let result = calc::calculate(&set, &situation, date)?;
    Ok(Computed {
        household_id,
        rate_set: row,
        grade,
        date,
        input,
        members: used,
        situation,
        result,
        prorate_rounding: set.manifest.rules.prorate_rounding,
    })
}
