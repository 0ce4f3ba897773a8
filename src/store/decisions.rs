//! Rate sets, household situations, applications, decisions, their comments and the household's
//! current amounts: rows in, rows out.
//!
//! Rules (which kind from which status, deadlines) are in `domain::decision`; permissions, the
//! workflow and audit entries in `service::decisions`. Rate sets and approved decisions are
//! never updated here once written: there is no function that would.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::{Result, StoreError};
use crate::domain::decision::{DecisionKind, DecisionState};

fn parse_date(s: String) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn opt_date(s: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(parse_date).transpose()
}

// ---------------------------------------------------------------------------------------------
// Rate sets

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RateSetRow {
    pub id: i64,
    pub version: String,
    pub title: String,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub test_figures: bool,
    pub sha256: String,
    pub imported_at: String,
    pub imported_by: String,
}

const RATE_COLS: &str = "id, version, title, effective_from, effective_to, test_figures, sha256, imported_at, imported_by";

fn rate_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<RateSetRow> {
    Ok(RateSetRow {
        id: r.get(0)?,
        version: r.get(1)?,
        title: r.get(2)?,
        effective_from: parse_date(r.get(3)?)?,
        effective_to: opt_date(r.get(4)?)?,
        test_figures: r.get(5)?,
        sha256: r.get(6)?,
        imported_at: r.get(7)?,
        imported_by: r.get(8)?,
    })
}

pub struct NewRateSet<'a> {
    pub version: &'a str,
    pub title: &'a str,
    pub effective_from: NaiveDate,
    pub effective_to: Option<NaiveDate>,
    pub test_figures: bool,
    pub files_json: &'a str,
    pub sha256: &'a str,
}

pub fn insert_rate_set(
    conn: &Connection,
    s: &NewRateSet<'_>,
    actor: &str,
    now: &str,
) -> Result<i64> {
    if rate_set_by_version(conn, s.version)?.is_some() {
        return Err(StoreError::Conflict(format!("基準額表の版「{}」は既に取り込まれています（版は変更できません。新しい版名で取り込んでください）", s.version)));
    }
    let mut stmt =
        conn.prepare("SELECT version FROM rate_sets WHERE effective_from = ?1 ORDER BY id")?;
    let same_start: Vec<String> = stmt
        .query_map([s.effective_from.to_string()], |r| r.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    // An office supplement (`national-…+office-…`) takes over from its base on the same dates.
    let base = |v: &str| v.split('+').next().unwrap_or(v).to_string();
    let supplement_of_same_base =
        s.version.contains('+') && same_start.iter().all(|v| base(v) == base(s.version));
    if let Some(v) = same_start
        .into_iter()
        .next()
        .filter(|_| !supplement_of_same_base)
    {
        return Err(StoreError::Conflict(format!(
            "適用開始日 {} の基準額表（版「{v}」）が既にあります。同じ日に始まる版は1つだけです",
            s.effective_from
        )));
    }
    conn.execute(
        "INSERT INTO rate_sets (version, title, effective_from, effective_to, test_figures, files_json, sha256, imported_at, imported_by)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            s.version,
            s.title,
            s.effective_from.to_string(),
            s.effective_to.map(|d| d.to_string()),
            s.test_figures,
            s.files_json,
            s.sha256,
            now,
            actor
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn list_rate_sets(conn: &Connection) -> Result<Vec<RateSetRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {RATE_COLS} FROM rate_sets ORDER BY effective_from DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], rate_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn rate_set(conn: &Connection, id: i64) -> Result<Option<RateSetRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {RATE_COLS} FROM rate_sets WHERE id = ?1"),
            [id],
            rate_row,
        )
        .optional()?)
}

pub fn rate_set_by_version(conn: &Connection, version: &str) -> Result<Option<RateSetRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {RATE_COLS} FROM rate_sets WHERE version = ?1"),
            [version],
            rate_row,
        )
        .optional()?)
}

/// The set in force on `date`: among the sets whose period contains the date, the one that
/// started last (a standard revision supersedes the set it overlaps from its first day).
pub fn rate_set_for_date(conn: &Connection, date: NaiveDate) -> Result<Option<RateSetRow>> {
    let d = date.to_string();
    Ok(conn
        .query_row(
            &format!(
                "SELECT {RATE_COLS} FROM rate_sets WHERE effective_from <= ?1 AND (effective_to IS NULL OR effective_to >= ?1)
                 ORDER BY effective_from DESC, id DESC LIMIT 1"
            ),
            [d],
            rate_row,
        )
        .optional()?)
}

/// The original files (JSON {name: contents}) and the SHA-256 recorded at import.
pub fn rate_set_files(conn: &Connection, id: i64) -> Result<(String, String)> {
    conn.query_row(
        "SELECT files_json, sha256 FROM rate_sets WHERE id = ?1",
        [id],
        |r| Ok((r.get(0)?, r.get(1)?)),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("基準額表（ID {id}）")))
}

// ---------------------------------------------------------------------------------------------
// Situations

pub fn situation(conn: &Connection, household_id: i64) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached("SELECT situation FROM household_situations WHERE household_id = ?1")?
        .query_row([household_id], |r| r.get(0))
        .optional()?)
}

pub fn put_situation(
    conn: &Connection,
    household_id: i64,
    json: &str,
    actor: &str,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO household_situations (household_id, situation, updated_at, updated_by) VALUES (?1, ?2, ?3, ?4)
         ON CONFLICT(household_id) DO UPDATE SET situation = ?2, updated_at = ?3, updated_by = ?4",
        params![household_id, json, now, actor],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Applications

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ApplicationRow {
    pub id: i64,
    pub household_id: i64,
    pub consulted_on: Option<NaiveDate>,
    pub received_on: NaiveDate,
    pub decided_on: Option<NaiveDate>,
    pub extended: bool,
    pub extension_reason: Option<String>,
    pub status: String,
    pub decision_id: Option<i64>,
    pub created_by: String,
    pub created_at: String,
    /// The 保護申請書 as JSON (`domain::application::ApplicationForm`); `None` for applications
    /// registered before the form was recorded.
    pub form: Option<String>,
}

const APP_COLS: &str =
    "id, household_id, consulted_on, received_on, decided_on, extended, extension_reason, status,
    decision_id, created_by, created_at, form";

fn app_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ApplicationRow> {
    Ok(ApplicationRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        consulted_on: opt_date(r.get(2)?)?,
        received_on: parse_date(r.get(3)?)?,
        decided_on: opt_date(r.get(4)?)?,
        extended: r.get(5)?,
        extension_reason: r.get(6)?,
        status: r.get(7)?,
        decision_id: r.get(8)?,
        created_by: r.get(9)?,
        created_at: r.get(10)?,
        form: r.get(11)?,
    })
}

#[allow(clippy::too_many_arguments)]
pub fn insert_application(
    conn: &Connection,
    household_id: i64,
    consulted_on: Option<NaiveDate>,
    received_on: NaiveDate,
    form: Option<&str>,
    actor: &str,
    now: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO applications (household_id, consulted_on, received_on, status, created_by, created_at, updated_at, form)
         VALUES (?1, ?2, ?3, 'pending', ?4, ?5, ?5, ?6)",
        params![household_id, consulted_on.map(|d| d.to_string()), received_on.to_string(), actor, now, form],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Replace the recorded 保護申請書 of an application.
pub fn set_application_form(conn: &Connection, id: i64, form: &str, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE applications SET form = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, form, now],
    )?;
    Ok(())
}

pub fn application(conn: &Connection, id: i64) -> Result<ApplicationRow> {
    conn.query_row(
        &format!("SELECT {APP_COLS} FROM applications WHERE id = ?1"),
        [id],
        app_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("申請（ID {id}）")))
}

pub fn pending_application(conn: &Connection, household_id: i64) -> Result<Option<ApplicationRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {APP_COLS} FROM applications WHERE household_id = ?1 AND status = 'pending' ORDER BY id DESC LIMIT 1"),
            [household_id],
            app_row,
        )
        .optional()?)
}

pub fn applications_for(conn: &Connection, household_id: i64) -> Result<Vec<ApplicationRow>> {
    let mut stmt = conn.prepare(&format!("SELECT {APP_COLS} FROM applications WHERE household_id = ?1 ORDER BY received_on DESC, id DESC"))?;
    let rows = stmt.query_map([household_id], app_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn pending_applications(conn: &Connection) -> Result<Vec<ApplicationRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {APP_COLS} FROM applications WHERE status = 'pending' ORDER BY received_on, id"
    ))?;
    let rows = stmt.query_map([], app_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn extend_application(conn: &Connection, id: i64, reason: &str, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE applications SET extended = 1, extension_reason = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, reason, now],
    )?;
    Ok(())
}

pub fn mark_application_decided(
    conn: &Connection,
    id: i64,
    decided_on: NaiveDate,
    decision_id: i64,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE applications SET status = 'decided', decided_on = ?2, decision_id = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, decided_on.to_string(), decision_id, now],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Decision reasons

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReasonRow {
    pub code: String,
    pub label: String,
    pub kinds: Vec<DecisionKind>,
    pub active: bool,
    pub sort_order: i64,
}

pub fn reasons(conn: &Connection) -> Result<Vec<ReasonRow>> {
    let mut stmt = conn.prepare("SELECT code, label, kinds, active, sort_order FROM decision_reasons ORDER BY sort_order, code")?;
    let rows = stmt.query_map([], |r| {
        let kinds: String = r.get(2)?;
        Ok(ReasonRow {
            code: r.get(0)?,
            label: r.get(1)?,
            kinds: kinds
                .split(',')
                .filter_map(|k| DecisionKind::from_code(k.trim()))
                .collect(),
            active: r.get(3)?,
            sort_order: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn put_reason(conn: &Connection, r: &ReasonRow) -> Result<()> {
    let kinds: Vec<&str> = r.kinds.iter().map(|k| k.code()).collect();
    conn.execute(
        "INSERT INTO decision_reasons (code, label, kinds, active, sort_order) VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(code) DO UPDATE SET label = ?2, kinds = ?3, active = ?4, sort_order = ?5",
        params![r.code, r.label, kinds.join(","), r.active, r.sort_order],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// Decisions

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DecisionRow {
    pub id: i64,
    pub household_id: i64,
    pub kind: DecisionKind,
    pub effective_date: NaiveDate,
    pub reason_text: String,
    /// JSON array of reason codes.
    pub reason_codes: String,
    /// JSON array of {kind_of_aid, amount_yen}.
    pub amounts: String,
    pub minimum_total_yen: Option<i64>,
    pub income_recognised_yen: Option<i64>,
    pub benefit_yen: i64,
    pub cash_benefit_yen: i64,
    pub rate_set_id: Option<i64>,
    pub rate_version: Option<String>,
    pub rate_sha256: Option<String>,
    pub snapshot: Option<String>,
    pub state: DecisionState,
    pub application_id: Option<i64>,
    pub bulk_id: Option<String>,
    pub drafted_by: String,
    pub drafted_at: String,
    pub reviewed_by: Option<String>,
    pub reviewed_at: Option<String>,
    pub approved_by: Option<String>,
    pub approved_at: Option<String>,
    /// A medical-aid decision's case (`medical_cases`); `None` for a protection decision.
    pub medical_case_id: Option<i64>,
    /// A medical-aid decision's terms (JSON of `domain::medical_aid::voucher::MedicalTerms`).
    pub terms: Option<String>,
}

const DEC_COLS: &str = "id, household_id, kind, effective_date, reason_text, reason_codes, amounts, minimum_total_yen,
    income_recognised_yen, benefit_yen, cash_benefit_yen, rate_set_id, rate_version, rate_sha256, snapshot, state,
    application_id, bulk_id, drafted_by, drafted_at, reviewed_by, reviewed_at, approved_by, approved_at, medical_case_id, terms";

fn dec_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<DecisionRow> {
    let kind: String = r.get(2)?;
    let state: String = r.get(15)?;
    Ok(DecisionRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        kind: DecisionKind::from_code(&kind).unwrap_or(DecisionKind::Change),
        effective_date: parse_date(r.get(3)?)?,
        reason_text: r.get(4)?,
        reason_codes: r.get(5)?,
        amounts: r.get(6)?,
        minimum_total_yen: r.get(7)?,
        income_recognised_yen: r.get(8)?,
        benefit_yen: r.get(9)?,
        cash_benefit_yen: r.get(10)?,
        rate_set_id: r.get(11)?,
        rate_version: r.get(12)?,
        rate_sha256: r.get(13)?,
        snapshot: r.get(14)?,
        state: DecisionState::from_code(&state).unwrap_or(DecisionState::Draft),
        application_id: r.get(16)?,
        bulk_id: r.get(17)?,
        drafted_by: r.get(18)?,
        drafted_at: r.get(19)?,
        reviewed_by: r.get(20)?,
        reviewed_at: r.get(21)?,
        approved_by: r.get(22)?,
        approved_at: r.get(23)?,
        medical_case_id: r.get(24)?,
        terms: r.get(25)?,
    })
}

/// The content of a draft (what redrafting replaces).
pub struct DraftContent<'a> {
    pub kind: DecisionKind,
    pub effective_date: NaiveDate,
    pub reason_text: &'a str,
    pub reason_codes: &'a str,
    pub amounts: &'a str,
    pub minimum_total_yen: Option<i64>,
    pub income_recognised_yen: Option<i64>,
    pub benefit_yen: i64,
    pub cash_benefit_yen: i64,
    pub rate_set_id: Option<i64>,
    pub rate_version: Option<&'a str>,
    pub rate_sha256: Option<&'a str>,
    pub snapshot: Option<&'a str>,
    pub application_id: Option<i64>,
    /// Set for a medical-aid decision (with its terms).
    pub medical_case_id: Option<i64>,
    pub terms: Option<&'a str>,
}

pub fn insert_decision(
    conn: &Connection,
    household_id: i64,
    c: &DraftContent<'_>,
    bulk_id: Option<&str>,
    actor: &str,
    now: &str,
) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO decisions (household_id, kind, effective_date, reason_text, reason_codes, amounts, minimum_total_yen,
            income_recognised_yen, benefit_yen, cash_benefit_yen, rate_set_id, rate_version, rate_sha256, snapshot, state,
            application_id, bulk_id, drafted_by, drafted_at, updated_at, medical_case_id, terms)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'draft', ?15, ?16, ?17, ?18, ?18, ?19, ?20)",
    )?
    .execute(rusqlite::params_from_iter(
        std::iter::once(&household_id as &dyn rusqlite::ToSql)
            .chain(content_values(c).iter().map(|v| v.as_ref()))
            .chain([
                &bulk_id as &dyn rusqlite::ToSql,
                &actor,
                &now,
                &c.medical_case_id,
                &c.terms,
            ]),
    ))?;
    Ok(conn.last_insert_rowid())
}

/// A draft's content as SQL values, in the column order both [`insert_decision`] (?2–?15) and
/// [`redraft`] (?2–?15) bind: kind, effective_date, reason_text, reason_codes, amounts,
/// minimum_total_yen, income_recognised_yen, benefit_yen, cash_benefit_yen, rate_set_id,
/// rate_version, rate_sha256, snapshot, application_id.
fn content_values<'a>(c: &'a DraftContent<'a>) -> Vec<Box<dyn rusqlite::ToSql + 'a>> {
    vec![
        Box::new(c.kind.code()),
        Box::new(c.effective_date.to_string()),
        Box::new(c.reason_text),
        Box::new(c.reason_codes),
        Box::new(c.amounts),
        Box::new(c.minimum_total_yen),
        Box::new(c.income_recognised_yen),
        Box::new(c.benefit_yen),
        Box::new(c.cash_benefit_yen),
        Box::new(c.rate_set_id),
        Box::new(c.rate_version),
        Box::new(c.rate_sha256),
        Box::new(c.snapshot),
        Box::new(c.application_id),
    ]
}

/// Replace the content of a returned decision and put it back to 起案. Only for a decision that
/// is not approved (the service checks the state first).
pub fn redraft(
    conn: &Connection,
    id: i64,
    c: &DraftContent<'_>,
    actor: &str,
    now: &str,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE decisions SET kind = ?2, effective_date = ?3, reason_text = ?4, reason_codes = ?5, amounts = ?6,
            minimum_total_yen = ?7, income_recognised_yen = ?8, benefit_yen = ?9, cash_benefit_yen = ?10, rate_set_id = ?11,
            rate_version = ?12, rate_sha256 = ?13, snapshot = ?14, application_id = ?15, state = 'draft',
            drafted_at = ?17, reviewed_by = NULL, reviewed_at = NULL, updated_at = ?17, terms = ?18
         WHERE id = ?1 AND state = 'returned' AND drafted_by = ?16",
        rusqlite::params_from_iter(
            std::iter::once(&id as &dyn rusqlite::ToSql)
                .chain(content_values(c).iter().map(|v| v.as_ref()))
                .chain([&actor as &dyn rusqlite::ToSql, &now, &c.terms]),
        ),
    )?;
    if n == 0 {
        return Err(StoreError::Conflict(
            "決裁済みの決定は修正できません".into(),
        ));
    }
    Ok(())
}

pub fn decision(conn: &Connection, id: i64) -> Result<DecisionRow> {
    conn.query_row(
        &format!("SELECT {DEC_COLS} FROM decisions WHERE id = ?1"),
        [id],
        dec_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("保護決定（ID {id}）")))
}

pub fn decisions_for(conn: &Connection, household_id: i64) -> Result<Vec<DecisionRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {DEC_COLS} FROM decisions WHERE household_id = ?1 ORDER BY effective_date DESC, id DESC"
    ))?;
    let rows = stmt.query_map([household_id], dec_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every decision of a medical-aid case, in effective order (oldest first).
pub fn decisions_for_case(conn: &Connection, case_id: i64) -> Result<Vec<DecisionRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {DEC_COLS} FROM decisions WHERE medical_case_id = ?1 ORDER BY effective_date, id"
    ))?;
    let rows = stmt.query_map([case_id], dec_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every approved medical-aid decision, by case then effective order (for the monthly run).
pub fn approved_medical_decisions(conn: &Connection) -> Result<Vec<DecisionRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {DEC_COLS} FROM decisions WHERE medical_case_id IS NOT NULL AND state = 'approved'
         ORDER BY medical_case_id, effective_date, id"
    ))?;
    let rows = stmt.query_map([], dec_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn decisions_in_state(conn: &Connection, state: DecisionState) -> Result<Vec<DecisionRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {DEC_COLS} FROM decisions WHERE state = ?1 ORDER BY id"
    ))?;
    let rows = stmt.query_map([state.code()], dec_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Households with a protection decision still in the workflow (not approved); medical-aid
/// decisions of their cases do not count.
pub fn households_with_open_decisions(conn: &Connection) -> Result<Vec<i64>> {
    let mut stmt =
        conn.prepare("SELECT DISTINCT household_id FROM decisions WHERE state <> 'approved' AND medical_case_id IS NULL")?;
    let rows = stmt.query_map([], |r| r.get(0))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Move a decision from `from` to `to`, recording who did it. Fails when the state moved
/// meanwhile, so two people cannot act on the same step.
pub fn transition(
    conn: &Connection,
    id: i64,
    from: DecisionState,
    to: DecisionState,
    actor: &str,
    now: &str,
) -> Result<()> {
    let sql = match to {
        DecisionState::Reviewed => "UPDATE decisions SET state = ?3, reviewed_by = ?4, reviewed_at = ?5, updated_at = ?5 WHERE id = ?1 AND state = ?2",
        DecisionState::Approved => "UPDATE decisions SET state = ?3, approved_by = ?4, approved_at = ?5, updated_at = ?5 WHERE id = ?1 AND state = ?2",
        DecisionState::Returned | DecisionState::Draft => {
            "UPDATE decisions SET state = ?3, reviewed_by = NULL, reviewed_at = NULL, updated_at = ?5 WHERE id = ?1 AND state = ?2 AND ?4 = ?4"
        }
    };
    let n = conn.execute(sql, params![id, from.code(), to.code(), actor, now])?;
    if n == 0 {
        return Err(StoreError::Conflict(
            "この決定の状態は既に変わっています。画面を開き直してください".into(),
        ));
    }
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CommentRow {
    pub stage: String,
    pub action: String,
    pub user_id: String,
    pub at: String,
    pub comment: String,
}

pub fn add_comment(
    conn: &Connection,
    decision_id: i64,
    stage: &str,
    action: &str,
    actor: &str,
    now: &str,
    comment: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO decision_comments (decision_id, stage, action, user_id, at, comment) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![decision_id, stage, action, actor, now, comment],
    )?;
    Ok(())
}

pub fn comments(conn: &Connection, decision_id: i64) -> Result<Vec<CommentRow>> {
    let mut stmt = conn.prepare("SELECT stage, action, user_id, at, comment FROM decision_comments WHERE decision_id = ?1 ORDER BY id")?;
    let rows = stmt.query_map([decision_id], |r| {
        Ok(CommentRow {
            stage: r.get(0)?,
            action: r.get(1)?,
            user_id: r.get(2)?,
            at: r.get(3)?,
            comment: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// ---------------------------------------------------------------------------------------------
// Current amounts

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AmountsRow {
    pub household_id: i64,
    pub decision_id: i64,
    pub effective_date: NaiveDate,
    pub amounts: String,
    pub minimum_total_yen: Option<i64>,
    pub income_recognised_yen: Option<i64>,
    pub benefit_yen: i64,
    pub cash_benefit_yen: i64,
    pub updated_at: String,
}

pub fn amounts(conn: &Connection, household_id: i64) -> Result<Option<AmountsRow>> {
    Ok(conn
        .prepare_cached(
            "SELECT household_id, decision_id, effective_date, amounts, minimum_total_yen, income_recognised_yen, benefit_yen,
                cash_benefit_yen, updated_at FROM household_amounts WHERE household_id = ?1",
        )?
        .query_row([household_id], |r| {
            Ok(AmountsRow {
                household_id: r.get(0)?,
                decision_id: r.get(1)?,
                effective_date: parse_date(r.get(2)?)?,
                amounts: r.get(3)?,
                minimum_total_yen: r.get(4)?,
                income_recognised_yen: r.get(5)?,
                benefit_yen: r.get(6)?,
                cash_benefit_yen: r.get(7)?,
                updated_at: r.get(8)?,
            })
        })
        .optional()?)
}

pub fn put_amounts(conn: &Connection, a: &AmountsRow) -> Result<()> {
    conn.execute(
        "INSERT INTO household_amounts (household_id, decision_id, effective_date, amounts, minimum_total_yen,
            income_recognised_yen, benefit_yen, cash_benefit_yen, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)
         ON CONFLICT(household_id) DO UPDATE SET decision_id = ?2, effective_date = ?3, amounts = ?4,
            minimum_total_yen = ?5, income_recognised_yen = ?6, benefit_yen = ?7, cash_benefit_yen = ?8, updated_at = ?9",
        params![
            a.household_id,
            a.decision_id,
            a.effective_date.to_string(),
            a.amounts,
            a.minimum_total_yen,
            a.income_recognised_yen,
            a.benefit_yen,
            a.cash_benefit_yen,
            a.updated_at
        ],
    )?;
    Ok(())
}

/// Every household in `status`, with its case number (for the bulk re-decision).
pub fn households_in_status(conn: &Connection, status: &str) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn
        .prepare("SELECT id, case_number FROM households WHERE status = ?1 ORDER BY case_number")?;
    let rows = stmt.query_map([status], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
