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
        }
    }
}

/// A decision as the drafter submits it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[ts(export, export_to = "../ui/src/lib/bindings/")]
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
#[ts(export, export_to = "../ui/src/lib/bindings/")]
pub struct ApplicationInput {
    #[ts(type = "number")]
    pub household_id: i64,
    /// 相談日 (optional).
    #[serde(default)]
    pub consulted_on: Option<String>,
    /// 申請受理日: the deadline counts from here.
    pub received_on: String,
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}

fn parse_day(field: &'static str, label: &str, text: &str) -> Result<NaiveDate> {
    parse_any_date(text).map_err(|e| ValidationError::new(field, format!("{label}: {e}")).into())
}

fn office_grade(conn: &Connection) -> Result<Grade> {
    let office = crate::store::office::get(conn)?;
    office
        .and_then(|o| Grade::parse(&o.grade))
        .ok_or_else(|| ValidationError::new("grade", "事務所設定の級地が未設定です。先に事務所設定を保存してください").into())
}

fn load_set(conn: &Connection, cache: &mut RateCache, row: &RateSetRow) -> Result<Arc<RateSet>> {
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
    let files: BTreeMap<String, String> = serde_json::from_str(&files_json)
        .map_err(|e| ServiceError::DecisionState(format!("基準額表「{}」を読めません: {e}", row.version)))?;
    let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    let set = Arc::new(calc::parse_files(&refs)?);
    cache.insert(row.id, set.clone());
    Ok(set)
}

fn pick_rate_set(conn: &Connection, date: NaiveDate) -> Result<RateSetRow> {
    sd::rate_set_for_date(conn, date)?.ok_or_else(|| {
        ServiceError::NoRates(format!(
            "{date}（{}）に適用される基準額表が取り込まれていません。基準額表を取り込んでください",
            format_wareki(date)
        ))
    })
}

fn rate_by_version(conn: &Connection, version: &str) -> Result<RateSetRow> {
    sd::rate_set_by_version(conn, version)?
        .ok_or_else(|| ServiceError::NoRates(format!("基準額表の版「{version}」は取り込まれていません")))
}

fn situation_input(conn: &Connection, household_id: i64) -> Result<Option<SituationInput>> {
    match sd::situation(conn, household_id)? {
        None => Ok(None),
        Some(j) => Ok(Some(serde_json::from_str(&j).map_err(|e| {
            ServiceError::DecisionState(format!("世帯（ID {household_id}）の認定状況を読めません: {e}"))
        })?)),
    }
}

fn members_for_calc(conn: &Connection, household_id: i64) -> Result<Vec<(MemberAsUsed, Option<NaiveDate>)>> {
    Ok(hh::members(conn, household_id)?
        .into_iter()
        .map(|p| (MemberAsUsed { person_id: p.id, name: p.name, birth_date: p.birth_date }, p.death_date))
        .collect())
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
        ValidationError::new("situation", "この世帯の認定状況（加算・家賃・収入）が登録されていません")
    })?;
    let members = members_for_calc(conn, household_id)?;
    let row = match set_row {
        Some(r) => r.clone(),
        None => pick_rate_set(conn, date)?,
    };
    let set = load_set(conn, cache, &row)?;
    calc::check_complete(&set, grade, date)
        .map_err(|error| ServiceError::RatesIncomplete { version: row.version.clone(), error })?;
    let (situation, used) = input.to_calc(grade, &members, date)?;
    let result = calc::calculate(&set, &situation, date)?;
    Ok(Computed { household_id, rate_set: row, grade, date, input, members: used, situation, result })
}

fn kind_code(k: calc::KindOfAid) -> String {
    serde_json::to_value(k).ok().and_then(|v| v.as_str().map(str::to_string)).unwrap_or_default()
}

fn aid_views(by_kind: &[KindOutcome]) -> Vec<AidAmountView> {
    by_kind
        .iter()
        .map(|k| AidAmountView {
            kind_of_aid: kind_code(k.kind_of_aid),
            label: k.kind_of_aid.label().into(),
            minimum_yen: k.minimum_yen,
            income_applied_yen: k.income_applied_yen,
            aid_yen: k.aid_yen,
        })
        .collect()
}

fn situation_members(members: &[MemberAsUsed], on: NaiveDate) -> Vec<SituationMember> {
    members
        .iter()
        .map(|m| SituationMember {
            person_id: m.person_id,
            name: m.name.clone(),
            birth_date: m.birth_date.to_string(),
            birth_date_wareki: format_wareki(m.birth_date),
            age: age_on(m.birth_date, on),
        })
        .collect()
}

pub(crate) fn table_ref_text(t: &Option<calc::TableRef>) -> Option<String> {
    t.as_ref().map(|t| format!("{}.csv {}行目（出典 {}）", t.table, t.line, t.source))
}

/// The display form of a calculation.
pub fn calc_view(c: &Computed, case_number: &str) -> CalcView {
    let r = &c.result;
    let name = |i: Option<usize>| i.and_then(|i| c.members.get(i)).map(|m| m.name.clone());
    CalcView {
        household_id: c.household_id,
        case_number: case_number.into(),
        date: c.date.to_string(),
        date_wareki: format_wareki(c.date),
        grade: c.grade.code().into(),
        grade_label: c.grade.label(),
        rate_version: c.rate_set.version.clone(),
        rate_sha256: c.rate_set.sha256.clone(),
        test_figures: c.rate_set.test_figures,
        members: situation_members(&c.members, c.date),
        lines: r
            .lines
            .iter()
            .map(|l| CalcLineView {
                kind_of_aid: kind_code(l.kind_of_aid),
                kind_of_aid_label: l.kind_of_aid.label().into(),
                label: l.label.clone(),
                member_name: name(l.member),
                table_ref: table_ref_text(&l.table_ref),
                amount_yen: l.amount_yen,
                counted: l.counted,
                note: l.note.clone(),
            })
            .collect(),
        income_lines: r
            .income_lines
            .iter()
            .map(|l| CalcLineView {
                kind_of_aid: String::new(),
                kind_of_aid_label: "収入認定".into(),
                label: l.label.clone(),
                member_name: name(l.member),
                table_ref: table_ref_text(&l.table_ref),
                amount_yen: l.amount_yen,
                counted: true,
                note: l.note.clone(),
            })
            .collect(),
        by_kind: aid_views(&r.by_kind),
        minimum_total_yen: r.minimum_total_yen,
        income_recognised_yen: r.income_recognised_yen,
        benefit_yen: r.benefit_yen,
        cash_benefit_yen: r.cash_benefit_yen,
        own_payment_care_yen: r.own_payment_care_yen,
        own_payment_medical_yen: r.own_payment_medical_yen,
        needed: r.needed,
    }
}

fn application_view(conn: &Connection, a: &sd::ApplicationRow, today: NaiveDate) -> Result<ApplicationView> {
    let h = hh::require(conn, a.household_id)?;
    let deadline = application_deadline(a.received_on, a.extended);
    Ok(ApplicationView {
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

/// Overdue and due-soon lists for the home screen.
pub(crate) fn deadlines(conn: &Connection, today: NaiveDate) -> Result<(Vec<ApplicationView>, Vec<ApplicationView>)> {
    let mut overdue = vec![];
    let mut soon = vec![];
    for a in sd::pending_applications(conn)? {
        let v = application_view(conn, &a, today)?;
        if v.days_left < 0 {
            overdue.push(v);
        } else if v.days_left <= DUE_SOON_DAYS {
            soon.push(v);
        }
    }
    soon.sort_by_key(|v| v.days_left);
    Ok((overdue, soon))
}

fn reason_view(r: &sd::ReasonRow) -> ReasonView {
    ReasonView { code: r.code.clone(), label: r.label.clone(), kinds: r.kinds.clone(), active: r.active, sort_order: r.sort_order }
}

fn comment_action_label(a: &str) -> &'static str {
    match a {
        "return" => "差戻し",
        "review" => "審査",
        "approve" => "決裁",
        "redraft" => "再起案",
        _ => "コメント",
    }
}

/// A user's display name, falling back to the id when the account is unknown.
fn user_name(conn: &Connection, user_id: &str) -> Result<String> {
    Ok(crate::store::users::get(conn, user_id)?
        .map(|u| u.display_name)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| user_id.to_string()))
}

fn decision_view(conn: &Connection, d: &sd::DecisionRow) -> Result<DecisionView> {
    let h = hh::require(conn, d.household_id)?;
    let test_figures = match d.rate_set_id {
        Some(id) => sd::rate_set(conn, id)?.is_some_and(|r| r.test_figures),
        None => false,
    };
    let mut names: HashMap<String, String> = HashMap::new();
    let mut name_of = |id: &str| -> Result<String> {
        if let Some(n) = names.get(id) {
            return Ok(n.clone());
        }
        let n = user_name(conn, id)?;
        names.insert(id.to_string(), n.clone());
        Ok(n)
    };
    let drafted_by_name = name_of(&d.drafted_by)?;
    let reviewed_by_name = d.reviewed_by.as_deref().map(&mut name_of).transpose()?;
    let approved_by_name = d.approved_by.as_deref().map(&mut name_of).transpose()?;
    let comments = sd::comments(conn, d.id)?
        .into_iter()
        .map(|c| {
            Ok(CommentView {
                action_label: comment_action_label(&c.action).into(),
                user_name: name_of(&c.user_id)?,
                stage: c.stage,
                action: c.action,
                user_id: c.user_id,
                at: c.at,
                comment: c.comment,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let codes: Vec<String> = serde_json::from_str(&d.reason_codes).unwrap_or_default();
    let all = sd::reasons(conn)?;
    let reasons = codes
        .iter()
        .map(|c| {
            all.iter().find(|r| &r.code == c).map(reason_view).unwrap_or(ReasonView {
                code: c.clone(),
                label: c.clone(),
                kinds: vec![],
                active: false,
                sort_order: 0,
            })
        })
        .collect();
    let amounts: Vec<KindOutcome> = serde_json::from_str(&d.amounts).unwrap_or_default();
    Ok(DecisionView {
        id: d.id,
        household_id: d.household_id,
        case_number: h.case_number,
        head_name: hh::head_name(conn, d.household_id)?,
        kind: d.kind,
        kind_label: d.kind.label().into(),
        effective_date: d.effective_date.to_string(),
        effective_date_wareki: format_wareki(d.effective_date),
        reason_text: d.reason_text.clone(),
        reasons,
        amounts: aid_views(&amounts),
        minimum_total_yen: d.minimum_total_yen,
        income_recognised_yen: d.income_recognised_yen,
        benefit_yen: d.benefit_yen,
        cash_benefit_yen: d.cash_benefit_yen,
        rate_version: d.rate_version.clone(),
        rate_sha256: d.rate_sha256.clone(),
        test_figures,
        state: d.state,
        state_label: d.state.label().into(),
        drafted_by: d.drafted_by.clone(),
        drafted_by_name,
        drafted_at: d.drafted_at.clone(),
        reviewed_by: d.reviewed_by.clone(),
        reviewed_by_name,
        reviewed_at: d.reviewed_at.clone(),
        approved_by: d.approved_by.clone(),
        approved_by_name,
        approved_at: d.approved_at.clone(),
        bulk_id: d.bulk_id.clone(),
        application_id: d.application_id,
        comments,
    })
}

/// The stored content of a decision: the calculation's figures, or none.
struct Content {
    kind: DecisionKind,
    effective_date: NaiveDate,
    reason_text: String,
    reason_codes: String,
    amounts: String,
    minimum_total_yen: Option<i64>,
    income_recognised_yen: Option<i64>,
    benefit_yen: i64,
    cash_benefit_yen: i64,
    rate: Option<(i64, String, String)>,
    snapshot: Option<String>,
}

impl Content {
    fn new(kind: DecisionKind, date: NaiveDate, reason_text: &str, codes: &[String], computed: Option<&Computed>) -> Result<Content> {
        let snapshot = computed
            .map(|c| serde_json::to_string(&c.snapshot()))
            .transpose()
            .map_err(|e| ServiceError::DecisionState(format!("計算の記録を作れません: {e}")))?;
        let r = computed.map(|c| &c.result);
        // 停止・廃止・却下 pay nothing; a calculation they carry is evidence, not an amount.
        let pays = kind.requires_calculation();
        Ok(Content {
            kind,
            effective_date: date,
            reason_text: reason_text.trim().to_string(),
            reason_codes: serde_json::to_string(codes).unwrap_or_else(|_| "[]".into()),
            amounts: match (pays, r) {
                (true, Some(r)) => serde_json::to_string(&r.by_kind).unwrap_or_else(|_| "[]".into()),
                _ => "[]".into(),
            },
            minimum_total_yen: r.map(|r| r.minimum_total_yen),
            income_recognised_yen: r.map(|r| r.income_recognised_yen),
            benefit_yen: if pays { r.map_or(0, |r| r.benefit_yen) } else { 0 },
            cash_benefit_yen: if pays { r.map_or(0, |r| r.cash_benefit_yen) } else { 0 },
            rate: computed.map(|c| (c.rate_set.id, c.rate_set.version.clone(), c.rate_set.sha256.clone())),
            snapshot,
        })
    }

    fn as_draft(&self, application_id: Option<i64>) -> DraftContent<'_> {
        DraftContent {
            kind: self.kind,
            effective_date: self.effective_date,
            reason_text: &self.reason_text,
            reason_codes: &self.reason_codes,
            amounts: &self.amounts,
            minimum_total_yen: self.minimum_total_yen,
            income_recognised_yen: self.income_recognised_yen,
            benefit_yen: self.benefit_yen,
            cash_benefit_yen: self.cash_benefit_yen,
            rate_set_id: self.rate.as_ref().map(|r| r.0),
            rate_version: self.rate.as_ref().map(|r| r.1.as_str()),
            rate_sha256: self.rate.as_ref().map(|r| r.2.as_str()),
            snapshot: self.snapshot.as_deref(),
            application_id,
        }
    }
}

fn check_no_open_decision(conn: &Connection, household_id: i64, except: Option<i64>) -> Result<()> {
    if let Some(d) = sd::decisions_for(conn, household_id)?.into_iter().find(|d| d.state.is_open() && Some(d.id) != except) {
        return Err(ServiceError::DecisionState(format!(
            "この世帯には処理中の決定（ID {}・{}・{}）があります。先にそれを決裁するか修正してください",
            d.id,
            d.kind.label(),
            d.state.label()
        )));
    }
    Ok(())
}

impl App {
    // -----------------------------------------------------------------------------------------
    // Rate sets

    /// Import a rate-table set: `files` are (file name, contents). Validation errors keep their
    /// file and line. A set with test figures is refused unless `allow_test` (tests, demos).
    pub fn import_rates(&mut self, files: &[(String, String)], allow_test: bool) -> Result<RateSetSummary> {
        self.require(Permission::ManageRates)?;
        let refs: Vec<(&str, &str)> = files.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
        let set = calc::parse_files(&refs)?;
        if set.has_test_figures() && !allow_test {
            return Err(ServiceError::TestFigures(format!(
                "基準額表「{}」には試験用（実在しない）の数字が含まれています。実際の決定には使えないため取り込みません",
                set.version()
            )));
        }
        // Stored exactly as given, names sorted, so the hash is the same for the same files.
        let map: BTreeMap<&str, &str> = refs.iter().copied().collect();
        let files_json = serde_json::to_string(&map).map_err(|e| ServiceError::DecisionState(e.to_string()))?;
        let sha = sha256_hex(&files_json);
        let m = &set.manifest;
        let id = self.write(|tx| {
            let id = sd::insert_rate_set(
                tx.conn(),
                &sd::NewRateSet {
                    version: &m.version,
                    title: &m.title,
                    effective_from: m.effective_from,
                    effective_to: m.effective_to,
                    test_figures: set.has_test_figures(),
                    files_json: &files_json,
                    sha256: &sha,
                },
                tx.actor(),
                tx.now(),
            )?;
            tx.audit(
                actions::RATES_IMPORT,
                Some("rate_set"),
                Some(&id.to_string()),
                json!({ "version": m.version, "effective_from": m.effective_from.to_string(),
                        "effective_to": m.effective_to.map(|d| d.to_string()), "sha256": sha,
                        "files": map.keys().collect::<Vec<_>>(), "test_figures": set.has_test_figures() }),
            )?;
            Ok(id)
        })?;
        self.rate_cache.insert(id, Arc::new(set));
        let row = sd::rate_set(self.store.conn(), id)?.ok_or_else(|| ServiceError::DecisionState("取込後の表が見つかりません".into()))?;
        self.rate_summary(&row)
    }

    fn rate_summary(&mut self, row: &RateSetRow) -> Result<RateSetSummary> {
        let conn = self.store.conn();
        let grade = crate::store::office::get(conn)?.map(|o| o.grade).unwrap_or_default();
        let set = load_set(conn, &mut self.rate_cache, row)?;
        let missing = match Grade::parse(&grade) {
            Some(g) => calc::rates::missing_tables(&set, g, row.effective_from).into_iter().map(|e| e.to_string()).collect(),
            None => vec!["事務所設定の級地が未設定です".into()],
        };
        let mut housing_areas: Vec<String> = vec![];
        for r in &set.jutaku {
            if !housing_areas.contains(&r.area) {
                housing_areas.push(r.area.clone());
            }
        }
        Ok(RateSetSummary {
            id: row.id,
            version: row.version.clone(),
            title: row.title.clone(),
            effective_from: row.effective_from.to_string(),
            effective_to: row.effective_to.map(|d| d.to_string()),
            test_figures: row.test_figures,
            sha256: row.sha256.clone(),
            imported_at: row.imported_at.clone(),
            imported_by: row.imported_by.clone(),
            office_grade: grade,
            missing,
            housing_areas,
        })
    }

    /// Every imported set, newest period first, with what it lacks for the office's 級地.
    pub fn list_rates(&mut self) -> Result<Vec<RateSetSummary>> {
        self.require(Permission::ViewHousehold)?;
        let rows = sd::list_rate_sets(self.store.conn())?;
        rows.iter().map(|r| self.rate_summary(r)).collect()
    }

    // -----------------------------------------------------------------------------------------
    // Situation and calculation

    pub fn get_situation(&mut self, household_id: i64) -> Result<SituationView> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        hh::require(conn, household_id)?;
        let today = self.today();
        let members: Vec<MemberAsUsed> = members_for_calc(conn, household_id)?.into_iter().map(|(m, _)| m).collect();
        let updated_at = conn
            .query_row("SELECT updated_at FROM household_situations WHERE household_id = ?1", [household_id], |r| r.get(0))
            .ok();
        Ok(SituationView {
            household_id,
            input: situation_input(conn, household_id)?,
            members: situation_members(&members, today),
            updated_at,
        })
    }

    /// Store the caseworker's facts for a household (old → new in the audit log).
    pub fn save_situation(&mut self, household_id: i64, input: &SituationInput) -> Result<SituationView> {
        self.require(Permission::EditHousehold)?;
        let mut input = input.clone();
        input.housing_area = input.housing_area.map(|a| a.trim().to_string());
        for it in &mut input.incomes {
            it.label = it.label.trim().to_string();
        }
        let ids: Vec<i64> = hh::members(self.store.conn(), household_id)?.iter().map(|p| p.id).collect();
        hh::require(self.store.conn(), household_id)?;
        input.validate(&ids)?;
        let json = serde_json::to_string(&input).map_err(|e| ServiceError::DecisionState(e.to_string()))?;
        self.write(|tx| {
            let old = sd::situation(tx.conn(), household_id)?;
            sd::put_situation(tx.conn(), household_id, &json, tx.actor(), tx.now())?;
            let old: serde_json::Value = old.and_then(|o| serde_json::from_str(&o).ok()).unwrap_or(serde_json::Value::Null);
            let new: serde_json::Value = serde_json::from_str(&json).unwrap_or_default();
            tx.audit(actions::SITUATION_SAVE, Some("household"), Some(&household_id.to_string()), json!({ "old": old, "new": new }))?;
            Ok(())
        })?;
        self.get_situation(household_id)
    }

    /// The calculation for a household on `date` with the rate set in force on that date and
    /// the office's 級地. Refuses, naming the table, when the set is incomplete.
    pub fn calc_household(&mut self, household_id: i64, date: NaiveDate) -> Result<Computed> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        let grade = office_grade(conn)?;
        compute(conn, &mut self.rate_cache, household_id, date, None, grade)
    }

    /// [`calc_household`](Self::calc_household) in display form; the view is logged as a read.
    pub fn calc_household_view(&mut self, household_id: i64, date: &str) -> Result<CalcView> {
        let date = parse_day("date", "計算日", date)?;
        let c = self.calc_household(household_id, date)?;
        let case = hh::require(self.store.conn(), household_id)?.case_number;
        let (v, b) = (c.rate_set.version.clone(), c.result.benefit_yen);
        self.write(|tx| {
            tx.audit(actions::CALC_VIEW, Some("household"), Some(&household_id.to_string()),
                json!({ "date": date.to_string(), "rate_version": v, "benefit_yen": b }))?;
            Ok(())
        })?;
        Ok(calc_view(&c, &case))
    }

    // -----------------------------------------------------------------------------------------
    // Applications

    /// Register an application (申請受理). A closed household reopens as 申請中; a household
    /// already receiving assistance cannot have a new 開始 application.
    pub fn register_application(&mut self, input: &ApplicationInput) -> Result<ApplicationView> {
        self.require(Permission::EditHousehold)?;
        let received = parse_day("received_on", "申請日", &input.received_on)?;
        let consulted = match input.consulted_on.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(t) => Some(parse_day("consulted_on", "相談日", t)?),
            None => None,
        };
        let today = self.today();
        if received > today {
            return Err(ValidationError::new("received_on", "申請日に未来の日付は使えません").into());
        }
        if consulted.is_some_and(|c| c > received) {
            return Err(ValidationError::new("consulted_on", "相談日は申請日以前の日付にしてください").into());
        }
        let hid = input.household_id;
        let id = self.write(|tx| {
            let h = hh::require(tx.conn(), hid)?;
            if let Some(p) = sd::pending_application(tx.conn(), hid)? {
                return Err(ServiceError::DecisionState(format!("この世帯には決定待ちの申請（{}受理）があります", format_wareki(p.received_on))));
            }
            match h.status {
                HouseholdStatus::Applying => {}
                HouseholdStatus::Closed => {
                    hh::set_status(tx.conn(), hid, &StatusChange {
                        status: HouseholdStatus::Applying,
                        effective_date: received,
                        reason: "保護申請の受付".into(),
                        changed_by: tx.actor().into(),
                        changed_at: tx.now().into(),
                    })?;
                    tx.touch_household(hid);
                }
                s => {
                    return Err(ServiceError::DecisionState(format!(
                        "この世帯は{}です。保護の開始の申請は申請中または廃止の世帯にだけ登録できます",
                        s.label()
                    )))
                }
            }
            let id = sd::insert_application(tx.conn(), hid, consulted, received, tx.actor(), tx.now())?;
            tx.audit(actions::APPLICATION_REGISTER, Some("household"), Some(&hid.to_string()),
                json!({ "application_id": id, "received_on": received.to_string(),
                        "consulted_on": consulted.map(|d| d.to_string()),
                        "deadline": application_deadline(received, false).to_string() }))?;
            Ok(id)
        })?;
        let conn = self.store.conn();
        application_view(conn, &sd::application(conn, id)?, today)
    }

    /// Extend the deadline to 30 days (法24条5項): the reason is required and is printed on the
    /// notice.
    pub fn extend_application(&mut self, application_id: i64, reason: &str) -> Result<ApplicationView> {
        self.require(Permission::EditHousehold)?;
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(ValidationError::new("reason", "延長の理由は必須です（決定通知書に記載します）").into());
        }
        self.write(|tx| {
            let a = sd::application(tx.conn(), application_id)?;
            if a.status != "pending" {
                return Err(ServiceError::DecisionState("この申請は既に決定済みです".into()));
            }
            if a.extended {
                return Err(ServiceError::DecisionState("この申請は既に30日に延長されています".into()));
            }
            sd::extend_application(tx.conn(), application_id, &reason, tx.now())?;
            tx.audit(actions::APPLICATION_EXTEND, Some("household"), Some(&a.household_id.to_string()),
                json!({ "application_id": application_id, "reason": reason,
                        "deadline": { "old": application_deadline(a.received_on, false).to_string(),
                                      "new": application_deadline(a.received_on, true).to_string() } }))?;
            Ok(())
        })?;
        let conn = self.store.conn();
        application_view(conn, &sd::application(conn, application_id)?, self.today())
    }

    pub fn applications_for_household(&mut self, household_id: i64) -> Result<Vec<ApplicationView>> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        let today = self.today();
        sd::applications_for(conn, household_id)?.iter().map(|a| application_view(conn, a, today)).collect()
    }

    // -----------------------------------------------------------------------------------------
    // Reasons

    pub fn list_reasons(&mut self) -> Result<Vec<ReasonView>> {
        self.require(Permission::ViewHousehold)?;
        Ok(sd::reasons(self.store.conn())?.iter().map(reason_view).collect())
    }

    /// Add or change one of the office's decision reasons (deactivate rather than delete).
    pub fn save_reason(&mut self, r: &ReasonView) -> Result<Vec<ReasonView>> {
        self.require(Permission::EditOffice)?;
        let code = r.code.trim().to_string();
        if code.is_empty() || !code.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(ValidationError::new("code", "理由コードは半角英数字と _ で入力してください").into());
        }
        if r.label.trim().is_empty() {
            return Err(ValidationError::new("label", "理由の文言は必須です").into());
        }
        let row = sd::ReasonRow { code: code.clone(), label: r.label.trim().into(), kinds: r.kinds.clone(), active: r.active, sort_order: r.sort_order };
        self.write(|tx| {
            let old = sd::reasons(tx.conn())?.into_iter().find(|x| x.code == code);
            sd::put_reason(tx.conn(), &row)?;
            tx.audit(actions::REASON_SAVE, Some("decision_reason"), Some(&code),
                json!({ "old": old.map(|o| json!({ "label": o.label, "active": o.active })),
                        "new": { "label": row.label, "active": row.active } }))?;
            Ok(())
        })?;
        self.list_reasons()
    }

    // -----------------------------------------------------------------------------------------
    // Decisions

    fn check_reasons(&self, kind: DecisionKind, text: &str, codes: &[String]) -> Result<()> {
        if text.trim().is_empty() && codes.is_empty() {
            return Err(ValidationError::new("reason_text", "決定の理由は必須です（理由を選ぶか、文章で入力してください）").into());
        }
        let all = sd::reasons(self.store.conn())?;
        for c in codes {
            match all.iter().find(|r| &r.code == c) {
                Some(r) if r.active && (r.kinds.is_empty() || r.kinds.contains(&kind)) => {}
                Some(r) if !r.active => {
                    return Err(ValidationError::new("reason_codes", format!("理由「{}」は使用停止中です", r.label)).into())
                }
                Some(r) => {
                    return Err(ValidationError::new("reason_codes", format!("理由「{}」は{}の決定には使えません", r.label, kind.label())).into())
                }
                None => return Err(ValidationError::new("reason_codes", format!("理由コード「{c}」はありません")).into()),
            }
        }
        Ok(())
    }

    fn content_for(&mut self, input: &DecisionInput) -> Result<Content> {
        let date = parse_day("effective_date", "適用日", &input.effective_date)?;
        self.check_reasons(input.kind, &input.reason_text, &input.reason_codes)?;
        let computed = if input.kind.requires_calculation() || input.calculate {
            let conn = self.store.conn();
            let grade = office_grade(conn)?;
            Some(compute(conn, &mut self.rate_cache, input.household_id, date, None, grade)?)
        } else {
            None
        };
        Content::new(input.kind, date, &input.reason_text, &input.reason_codes, computed.as_ref())
    }

    /// 起案: compute with the rate set in force on the effective date and store the draft with
    /// its snapshot. One open decision per household at a time.
    pub fn draft_decision(&mut self, input: &DecisionInput) -> Result<DecisionView> {
        self.require(Permission::DraftDecision)?;
        let content = self.content_for(input)?;
        let hid = input.household_id;
        let id = self.write(|tx| {
            let h = hh::require(tx.conn(), hid)?;
            input.kind.check_allowed(h.status).map_err(ServiceError::DecisionState)?;
            check_no_open_decision(tx.conn(), hid, None)?;
            let app = if input.kind.answers_application() { sd::pending_application(tx.conn(), hid)?.map(|a| a.id) } else { None };
            let id = sd::insert_decision(tx.conn(), hid, &content.as_draft(app), None, tx.actor(), tx.now())?;
            tx.audit(actions::DECISION_DRAFT, Some("household"), Some(&hid.to_string()),
                json!({ "decision_id": id, "kind": input.kind.code(), "effective_date": content.effective_date.to_string(),
                        "benefit_yen": content.benefit_yen, "rate_version": content.rate.as_ref().map(|r| r.1.clone()) }))?;
            Ok(id)
        })?;
        self.decision(id)
    }

    /// Correct a returned (or not yet reviewed) decision: recomputed from the current situation
    /// and put back to 起案 under the corrector's name.
    pub fn redraft_decision(&mut self, decision_id: i64, input: &DecisionInput, comment: &str) -> Result<DecisionView> {
        self.require(Permission::DraftDecision)?;
        let d = sd::decision(self.store.conn(), decision_id)?;
        if d.household_id != input.household_id {
            return Err(ValidationError::new("household_id", "別の世帯の決定は修正できません").into());
        }
        if !matches!(d.state, DecisionState::Returned | DecisionState::Draft) {
            return Err(ServiceError::DecisionState(format!("{}の決定は修正できません", d.state.label())));
        }
        let content = self.content_for(input)?;
        let comment = comment.trim().to_string();
        self.write(|tx| {
            let h = hh::require(tx.conn(), d.household_id)?;
            input.kind.check_allowed(h.status).map_err(ServiceError::DecisionState)?;
            check_no_open_decision(tx.conn(), d.household_id, Some(decision_id))?;
            sd::redraft(tx.conn(), decision_id, &content.as_draft(d.application_id), tx.actor(), tx.now())?;
            if !comment.is_empty() {
                sd::add_comment(tx.conn(), decision_id, "draft", "redraft", tx.actor(), tx.now(), &comment)?;
            }
            tx.audit(actions::DECISION_REDRAFT, Some("household"), Some(&d.household_id.to_string()),
                json!({ "decision_id": decision_id, "benefit_yen": { "old": d.benefit_yen, "new": content.benefit_yen },
                        "kind": input.kind.code(), "effective_date": content.effective_date.to_string() }))?;
            Ok(())
        })?;
        self.decision(decision_id)
    }

    /// 審査: by someone other than the drafter.
    pub fn review_decision(&mut self, decision_id: i64, comment: &str) -> Result<DecisionView> {
        self.require(Permission::ReviewDecision)?;
        let comment = comment.trim().to_string();
        let me = self.user.user_id.clone();
        self.write(|tx| {
            let d = sd::decision(tx.conn(), decision_id)?;
            if d.state != DecisionState::Draft {
                return Err(ServiceError::DecisionState(format!("審査できるのは起案中の決定だけです（この決定は{}）", d.state.label())));
            }
            if d.drafted_by == me {
                return Err(ServiceError::SameUser("自分が起案した決定は審査できません".into()));
            }
            sd::transition(tx.conn(), decision_id, DecisionState::Draft, DecisionState::Reviewed, tx.actor(), tx.now())?;
            if !comment.is_empty() {
                sd::add_comment(tx.conn(), decision_id, "review", "review", tx.actor(), tx.now(), &comment)?;
            }
            tx.audit(actions::DECISION_REVIEW, Some("household"), Some(&d.household_id.to_string()),
                json!({ "decision_id": decision_id, "comment": comment }))?;
            Ok(())
        })?;
        self.decision(decision_id)
    }

    /// 差戻し with a comment: at review (起案中, ReviewDecision) or at approval (審査済,
    /// ApproveDecision). The decision goes back to its drafter; the comment is kept.
    pub fn return_decision(&mut self, decision_id: i64, comment: &str) -> Result<DecisionView> {
        self.require_session()?;
        let comment = comment.trim().to_string();
        let d = sd::decision(self.store.conn(), decision_id)?;
        let (perm, stage) = match d.state {
            DecisionState::Draft => (Permission::ReviewDecision, "review"),
            DecisionState::Reviewed => (Permission::ApproveDecision, "approval"),
            s => return Err(ServiceError::DecisionState(format!("{}の決定は差し戻せません", s.label()))),
        };
        self.require(perm)?;
        if comment.is_empty() {
            return Err(ValidationError::new("comment", "差戻しの理由（コメント）は必須です").into());
        }
        let me = self.user.user_id.clone();
        if d.drafted_by == me {
            return Err(ServiceError::SameUser("自分が起案した決定は差し戻せません（修正してください）".into()));
        }
        self.write(|tx| {
            sd::transition(tx.conn(), decision_id, d.state, DecisionState::Returned, tx.actor(), tx.now())?;
            sd::add_comment(tx.conn(), decision_id, stage, "return", tx.actor(), tx.now(), &comment)?;
            tx.audit(actions::DECISION_RETURN, Some("household"), Some(&d.household_id.to_string()),
                json!({ "decision_id": decision_id, "stage": stage, "comment": comment }))?;
            Ok(())
        })?;
        self.decision(decision_id)
    }

    /// 決裁: by someone who neither drafted nor reviewed it. In the same transaction: the
    /// household's status (with a history row), its current amounts (unless a later-effective
    /// decision already set them: a retroactive decision keeps the newer one current) and the
    /// application it answers.
    pub fn approve_decision(&mut self, decision_id: i64, comment: &str) -> Result<DecisionView> {
        self.require(Permission::ApproveDecision)?;
        let comment = comment.trim().to_string();
        let me = self.user.user_id.clone();
        let today = self.today();
        self.write(|tx| {
            let d = sd::decision(tx.conn(), decision_id)?;
            if d.state != DecisionState::Reviewed {
                return Err(ServiceError::DecisionState(format!("決裁できるのは審査済みの決定だけです（この決定は{}）", d.state.label())));
            }
            if d.drafted_by == me || d.reviewed_by.as_deref() == Some(me.as_str()) {
                return Err(ServiceError::SameUser("自分が起案または審査した決定は決裁できません".into()));
            }
            let h = hh::require(tx.conn(), d.household_id)?;
            d.kind.check_allowed(h.status).map_err(ServiceError::DecisionState)?;
            sd::transition(tx.conn(), decision_id, DecisionState::Reviewed, DecisionState::Approved, tx.actor(), tx.now())?;
            if !comment.is_empty() {
                sd::add_comment(tx.conn(), decision_id, "approval", "approve", tx.actor(), tx.now(), &comment)?;
            }
            let new_status = d.kind.status_after();
            if new_status != h.status {
                let mut reason = format!("保護{}決定（決定ID {}）", d.kind.label(), d.id);
                if !d.reason_text.is_empty() {
                    reason.push_str(&format!(": {}", d.reason_text));
                }
                hh::set_status(tx.conn(), d.household_id, &StatusChange {
                    status: new_status,
                    effective_date: d.effective_date,
                    reason,
                    changed_by: tx.actor().into(),
                    changed_at: tx.now().into(),
                })?;
                tx.touch_household(d.household_id);
            }
            let old = sd::amounts(tx.conn(), d.household_id)?;
            let mut amounts_changed = false;
            if d.kind.sets_amounts() && old.as_ref().is_none_or(|o| d.effective_date >= o.effective_date) {
                sd::put_amounts(tx.conn(), &AmountsRow {
                    household_id: d.household_id,
                    decision_id: d.id,
                    effective_date: d.effective_date,
                    amounts: d.amounts.clone(),
                    minimum_total_yen: d.minimum_total_yen,
                    income_recognised_yen: d.income_recognised_yen,
                    benefit_yen: d.benefit_yen,
                    cash_benefit_yen: d.cash_benefit_yen,
                    updated_at: tx.now().into(),
                })?;
                amounts_changed = true;
            }
            if let (true, Some(app)) = (d.kind.answers_application(), d.application_id) {
                sd::mark_application_decided(tx.conn(), app, today, d.id, tx.now())?;
            }
            // The 副本 learns of it in the same transaction (one record per member).
            crate::exchange::fukuhon::on_decision_approved(tx, d.id, d.household_id, d.kind, d.effective_date, &d.amounts)?;
            tx.audit(actions::DECISION_APPROVE, Some("household"), Some(&d.household_id.to_string()),
                json!({ "decision_id": d.id, "kind": d.kind.code(), "effective_date": d.effective_date.to_string(),
                        "status": { "old": h.status.code(), "new": new_status.code() },
                        "benefit_yen": { "old": old.as_ref().map(|o| o.benefit_yen), "new": if amounts_changed { Some(d.benefit_yen) } else { old.as_ref().map(|o| o.benefit_yen) } },
                        "retroactive_kept_newer": d.kind.sets_amounts() && !amounts_changed,
                        "comment": comment }))?;
            Ok(())
        })?;
        self.decision(decision_id)
    }

    fn decision(&self, id: i64) -> Result<DecisionView> {
        let conn = self.store.conn();
        decision_view(conn, &sd::decision(conn, id)?)
    }

    pub fn get_decision(&mut self, id: i64) -> Result<DecisionView> {
        self.require(Permission::ViewHousehold)?;
        self.decision(id)
    }

    /// Every decision of a household, newest effective date first (approved ones are history).
    pub fn decisions_for_household(&mut self, household_id: i64) -> Result<Vec<DecisionView>> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        hh::require(conn, household_id)?;
        sd::decisions_for(conn, household_id)?.iter().map(|d| decision_view(conn, d)).collect()
    }

    /// What waits for the current user: drafts to review (supervisor), reviewed decisions to
    /// approve (approver), own decisions returned for correction (drafter). Never one's own work
    /// to check.
    pub fn decision_inbox(&mut self) -> Result<Vec<DecisionView>> {
        self.require(Permission::ViewHousehold)?;
        let role = self.user.role;
        let me = self.user.user_id.clone();
        let conn = self.store.conn();
        let mut out = vec![];
        if role.can(Permission::ReviewDecision) {
            for d in sd::decisions_in_state(conn, DecisionState::Draft)? {
                if d.drafted_by != me {
                    out.push(decision_view(conn, &d)?);
                }
            }
        }
        if role.can(Permission::ApproveDecision) {
            for d in sd::decisions_in_state(conn, DecisionState::Reviewed)? {
                if d.drafted_by != me && d.reviewed_by.as_deref() != Some(me.as_str()) {
                    out.push(decision_view(conn, &d)?);
                }
            }
        }
        if role.can(Permission::DraftDecision) {
            for d in sd::decisions_in_state(conn, DecisionState::Returned)? {
                if d.drafted_by == me {
                    out.push(decision_view(conn, &d)?);
                }
            }
        }
        Ok(out)
    }

    /// Recompute a decision from its snapshot with the stored rate set and compare.
    pub fn reproduce_decision(&mut self, decision_id: i64) -> Result<ReproduceReport> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        let d = sd::decision(conn, decision_id)?;
        let snap_json = d
            .snapshot
            .ok_or_else(|| ServiceError::DecisionState("この決定には計算がありません（停止・廃止・却下で計算なし）".into()))?;
        let snap: DecisionSnapshot = serde_json::from_str(&snap_json)
            .map_err(|e| ServiceError::DecisionState(format!("決定の記録を読めません: {e}")))?;
        let row = sd::rate_set(conn, snap.rate_set.id)?
            .ok_or_else(|| ServiceError::NoRates(format!("基準額表（ID {}）がありません", snap.rate_set.id)))?;
        let (files_json, stored_sha) = sd::rate_set_files(conn, row.id)?;
        let sha_ok = sha256_hex(&files_json) == snap.rate_set.sha256 && stored_sha == snap.rate_set.sha256;
        let members: Vec<(MemberAsUsed, Option<NaiveDate>)> = snap.members.iter().map(|m| (m.clone(), None)).collect();
        let inputs_ok = snap
            .situation_input
            .to_calc(snap.office_grade, &members, snap.date)
            .map(|(s, _)| s == snap.situation)
            .unwrap_or(false);
        let (equal, message) = if !sha_ok {
            (false, format!("基準額表「{}」の内容が決定時のハッシュ値と一致しません", row.version))
        } else {
            let set = load_set(conn, &mut self.rate_cache, &row)?;
            match calc::calculate(&set, &snap.situation, snap.date) {
                Ok(r) if r == snap.result => (true, format!("決定時と同じ結果です（保護費 {} 円）", calc::minimum::yen(r.benefit_yen))),
                Ok(r) => (false, format!(
                    "再計算の結果が決定時と違います（決定時 {} 円 / 再計算 {} 円）",
                    calc::minimum::yen(snap.result.benefit_yen),
                    calc::minimum::yen(r.benefit_yen)
                )),
                Err(e) => (false, format!("再計算できません: {e}")),
            }
        };
        let equal = equal && inputs_ok;
        let hid = d.household_id;
        self.write(|tx| {
            tx.audit(actions::DECISION_REPRODUCE, Some("household"), Some(&hid.to_string()),
                json!({ "decision_id": decision_id, "equal": equal, "sha256_ok": sha_ok, "inputs_ok": inputs_ok }))?;
            Ok(())
        })?;
        Ok(ReproduceReport { decision_id, rate_version: row.version, sha256_ok: sha_ok, inputs_ok, equal, message })
    }

    // -----------------------------------------------------------------------------------------
    // 一括認定

    fn bulk_compute(&mut self, version: &str, date: NaiveDate) -> Result<(RateSetRow, BulkRows)> {
        let conn = self.store.conn();
        let grade = office_grade(conn)?;
        let row = rate_by_version(conn, version)?;
        if !(row.effective_from <= date && row.effective_to.is_none_or(|t| date <= t)) {
            return Err(ValidationError::new("date", format!("{date} は基準額表「{version}」の適用期間の外です")).into());
        }
        let set = load_set(conn, &mut self.rate_cache, &row)?;
        calc::check_complete(&set, grade, date).map_err(|error| ServiceError::RatesIncomplete { version: row.version.clone(), error })?;
        let open = sd::households_with_open_decisions(conn)?;
        let mut out = vec![];
        for (hid, case) in sd::households_in_status(conn, HouseholdStatus::Active.code())? {
            let old = sd::amounts(conn, hid)?.map_or(0, |a| a.benefit_yen);
            let head_name = hh::head_name(conn, hid)?;
            let mut r = BulkPreviewRow { household_id: hid, case_number: case, head_name, old_total: old, new_total: old, change: 0, error: None };
            if open.contains(&hid) {
                r.error = Some("処理中の決定があります".into());
                out.push((r, None));
                continue;
            }
            match compute(conn, &mut self.rate_cache, hid, date, Some(&row), grade) {
                Ok(c) => {
                    r.new_total = c.result.benefit_yen;
                    r.change = r.new_total - old;
                    out.push((r, Some(c)));
                }
                Err(e) => {
                    r.error = Some(e.to_string());
                    out.push((r, None));
                }
            }
        }
        Ok((row, out))
    }

    /// Recompute every 保護中 household with the rate set `version` on `date` and compare with its
    /// current amount. Nothing is changed (the preview is logged).
    pub fn bulk_preview(&mut self, version: &str, date: &str) -> Result<Vec<BulkPreviewRow>> {
        self.require(Permission::DraftDecision)?;
        let date = parse_day("date", "適用日", date)?;
        let (_, rows) = self.bulk_compute(version, date)?;
        let rows: Vec<BulkPreviewRow> = rows.into_iter().map(|(r, _)| r).collect();
        let (n, changed, errors) = (rows.len(), rows.iter().filter(|r| r.error.is_none() && r.change != 0).count(), rows.iter().filter(|r| r.error.is_some()).count());
        let v = version.to_string();
        self.write(|tx| {
            tx.audit(actions::BULK_PREVIEW, None, None,
                json!({ "rate_version": v, "date": date.to_string(), "households": n, "changed": changed, "errors": errors }))?;
            Ok(())
        })?;
        Ok(rows)
    }

    /// Create one 変更 draft per household whose amount changes, all in ONE transaction (either
    /// every draft is created or none is). They then go through review and approval like any
    /// other decision: a bulk re-decision changes amounts only when each is approved.
    /// Households that cannot be recomputed are left out and listed in `skipped`.
    pub fn bulk_apply(&mut self, version: &str, date: &str, reason_text: &str, reason_codes: &[String]) -> Result<BulkApplyResult> {
        self.require(Permission::DraftDecision)?;
        let date = parse_day("date", "適用日", date)?;
        self.check_reasons(DecisionKind::Change, reason_text, reason_codes)?;
        let (row, rows) = self.bulk_compute(version, date)?;
        let mut contents = vec![];
        let mut skipped = vec![];
        let mut unchanged = 0i64;
        for (r, c) in rows {
            match c {
                None => skipped.push(r),
                Some(_) if r.change == 0 => unchanged += 1,
                Some(c) => contents.push((c.household_id, Content::new(DecisionKind::Change, date, reason_text, reason_codes, Some(&c))?)),
            }
        }
        let bulk_id = format!("bulk-{}-{}", row.version, self.now().format("%Y%m%d%H%M%S"));
        let created = self.write(|tx| {
            let open = sd::households_with_open_decisions(tx.conn())?;
            let mut ids = Vec::with_capacity(contents.len());
            for (hid, content) in &contents {
                if open.contains(hid) {
                    return Err(ServiceError::DecisionState(format!("世帯（ID {hid}）に処理中の決定ができました。試算からやり直してください")));
                }
                let status = hh::require(tx.conn(), *hid)?.status;
                DecisionKind::Change.check_allowed(status).map_err(ServiceError::DecisionState)?;
                ids.push(sd::insert_decision(tx.conn(), *hid, &content.as_draft(None), Some(&bulk_id), tx.actor(), tx.now())?);
            }
            tx.audit(actions::BULK_APPLY, None, None,
                json!({ "bulk_id": bulk_id, "rate_version": row.version, "date": date.to_string(),
                        "created": ids.len(), "unchanged": unchanged, "skipped": skipped.len(),
                        "households": contents.iter().map(|(h, _)| *h).collect::<Vec<_>>() }))?;
            Ok(ids)
        })?;
        Ok(BulkApplyResult { bulk_id, rate_version: row.version, created, unchanged, skipped })
    }
}
