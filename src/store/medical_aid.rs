//! 医療扶助 tables: designated institutions, medical-aid cases, 他法 checks, 医療要否意見書.
//! Rows in, rows out; validation is `domain::medical_aid`, permissions and audit
//! `service::medical_aid`. The medical-aid decisions themselves are rows of `decisions`
//! (`store::decisions`, with `medical_case_id` and `terms`).

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::{Result, StoreError};
use crate::domain::medical_aid::case::{
    CaseStatus, OpinionState, OtherLawAnswer, OtherScheme, ReviewResult,
};
use crate::domain::medical_aid::institution::{InstitutionKind, ValidInstitution};
use crate::domain::normalize::search_key;

fn date(s: String) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn opt_date(s: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(date).transpose()
}

fn bad_code(what: &str, s: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("{what} {s}").into(),
    )
}

// ---- institutions ------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InstitutionRow {
    pub id: i64,
    pub inst: ValidInstitution,
    pub updated_at: String,
}

const INST_COLS: &str =
    "id, code, name, kana, kind, postal_code, address, phone, valid_from, valid_to, updated_at";

fn inst_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<InstitutionRow> {
    let kind: String = r.get(4)?;
    Ok(InstitutionRow {
        id: r.get(0)?,
        inst: ValidInstitution {
            code: r.get(1)?,
            name: r.get(2)?,
            kana: r.get(3)?,
            kind: InstitutionKind::ALL
                .into_iter()
                .find(|k| k.code() == kind)
                .ok_or_else(|| bad_code("institution kind", &kind))?,
            postal_code: r.get(5)?,
            address: r.get(6)?,
            phone: r.get(7)?,
            valid_from: date(r.get(8)?)?,
            valid_to: opt_date(r.get(9)?)?,
        },
        updated_at: r.get(10)?,
    })
}

pub fn institution(conn: &Connection, id: i64) -> Result<Option<InstitutionRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {INST_COLS} FROM institutions WHERE id = ?1"),
            [id],
            inst_row,
        )
        .optional()?)
}

pub fn require_institution(conn: &Connection, id: i64) -> Result<InstitutionRow> {
    institution(conn, id)?.ok_or_else(|| StoreError::NotFound(format!("指定医療機関（ID {id}）")))
}

pub fn institution_by_code(conn: &Connection, code: &str) -> Result<Option<InstitutionRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {INST_COLS} FROM institutions WHERE code = ?1"),
            [code],
            inst_row,
        )
        .optional()?)
}

pub fn all_institutions(conn: &Connection) -> Result<Vec<InstitutionRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {INST_COLS} FROM institutions ORDER BY code"
    ))?;
    let rows = stmt.query_map([], inst_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Search by code (prefix, digits only), name or kana (contains, normalised).
pub fn search_institutions(
    conn: &Connection,
    query: &str,
    kind: Option<InstitutionKind>,
    limit: u32,
) -> Result<Vec<InstitutionRow>> {
    let key = search_key(query);
    let digits = crate::domain::normalize::digits_only(query);
    let code_like = if !digits.is_empty() && digits.len() == key.len() {
        format!("{digits}%")
    } else {
        "\u{0}".into()
    };
    let like = format!("%{}%", key.replace(['%', '_'], ""));
    let mut stmt = conn.prepare(&format!(
        "SELECT {INST_COLS} FROM institutions
         WHERE (?1 = '' OR code LIKE ?2 OR name_key LIKE ?3 OR kana_key LIKE ?3)
           AND (?4 IS NULL OR kind = ?4)
         ORDER BY kana_key, code LIMIT ?5"
    ))?;
    let rows = stmt.query_map(
        params![key, code_like, like, kind.map(|k| k.code()), limit],
        inst_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Insert or update by code. Returns the id.
pub fn upsert_institution(conn: &Connection, i: &ValidInstitution, now: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO institutions (code, name, kana, kind, postal_code, address, phone, valid_from, valid_to,
                                   name_key, kana_key, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?12)
         ON CONFLICT(code) DO UPDATE SET name = excluded.name, kana = excluded.kana, kind = excluded.kind,
             postal_code = excluded.postal_code, address = excluded.address, phone = excluded.phone,
             valid_from = excluded.valid_from, valid_to = excluded.valid_to, name_key = excluded.name_key,
             kana_key = excluded.kana_key, updated_at = excluded.updated_at",
        params![
            i.code,
            i.name,
            i.kana,
            i.kind.code(),
            i.postal_code,
            i.address,
            i.phone,
            i.valid_from.to_string(),
            i.valid_to.map(|d| d.to_string()),
            search_key(&i.name),
            search_key(&i.kana),
            now
        ],
    )?;
    Ok(conn.query_row(
        "SELECT id FROM institutions WHERE code = ?1",
        [&i.code],
        |r| r.get(0),
    )?)
}

// ---- cases -------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CaseRow {
    pub id: i64,
    pub household_id: i64,
    pub person_id: i64,
    pub applied_on: NaiveDate,
    pub institution_id: Option<i64>,
    pub illness: String,
    pub status: CaseStatus,
    pub ended_on: Option<NaiveDate>,
    pub created_by: String,
    pub created_at: String,
}

const CASE_COLS: &str =
    "id, household_id, person_id, applied_on, institution_id, illness, status, ended_on, created_by, created_at";

fn case_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CaseRow> {
    let status: String = r.get(6)?;
    Ok(CaseRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        person_id: r.get(2)?,
        applied_on: date(r.get(3)?)?,
        institution_id: r.get(4)?,
        illness: r.get(5)?,
        status: CaseStatus::from_code(&status).ok_or_else(|| bad_code("case status", &status))?,
        ended_on: opt_date(r.get(7)?)?,
        created_by: r.get(8)?,
        created_at: r.get(9)?,
    })
}

pub struct NewCase<'a> {
    pub household_id: i64,
    pub person_id: i64,
    pub applied_on: NaiveDate,
    pub institution_id: Option<i64>,
    pub illness: &'a str,
}

pub fn insert_case(conn: &Connection, c: &NewCase<'_>, actor: &str, now: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO medical_cases (household_id, person_id, applied_on, institution_id, illness, status,
                                    created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, 'applied', ?6, ?7, ?7)",
        params![
            c.household_id,
            c.person_id,
            c.applied_on.to_string(),
            c.institution_id,
            c.illness,
            actor,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn case(conn: &Connection, id: i64) -> Result<CaseRow> {
    conn.query_row(
        &format!("SELECT {CASE_COLS} FROM medical_cases WHERE id = ?1"),
        [id],
        case_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("医療扶助のケース（ID {id}）")))
}

pub fn cases_for_household(conn: &Connection, household_id: i64) -> Result<Vec<CaseRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {CASE_COLS} FROM medical_cases WHERE household_id = ?1 ORDER BY applied_on DESC, id DESC"
    ))?;
    let rows = stmt.query_map([household_id], case_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Cases in these states (all households).
pub fn cases_in(conn: &Connection, statuses: &[CaseStatus]) -> Result<Vec<CaseRow>> {
    let list: Vec<String> = statuses.iter().map(|s| format!("'{}'", s.code())).collect();
    let mut stmt = conn.prepare(&format!(
        "SELECT {CASE_COLS} FROM medical_cases WHERE status IN ({}) ORDER BY id",
        list.join(",")
    ))?;
    let rows = stmt.query_map([], case_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn set_case_status(
    conn: &Connection,
    id: i64,
    status: CaseStatus,
    ended_on: Option<NaiveDate>,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE medical_cases SET status = ?2, ended_on = ?3, updated_at = ?4 WHERE id = ?1",
        params![id, status.code(), ended_on.map(|d| d.to_string()), now],
    )?;
    Ok(())
}

// ---- 他法 --------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OtherLawRow {
    pub id: i64,
    pub case_id: i64,
    pub scheme: OtherScheme,
    pub asked_on: NaiveDate,
    pub answer: OtherLawAnswer,
    pub answered_on: Option<NaiveDate>,
    pub note: String,
    pub updated_by: String,
    pub updated_at: String,
}

pub fn other_law_checks(conn: &Connection, case_id: i64) -> Result<Vec<OtherLawRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, medical_case_id, scheme, asked_on, answer, answered_on, note, updated_by, updated_at
         FROM other_law_checks WHERE medical_case_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([case_id], |r| {
        let scheme: String = r.get(2)?;
        let answer: String = r.get(4)?;
        Ok(OtherLawRow {
            id: r.get(0)?,
            case_id: r.get(1)?,
            scheme: OtherScheme::from_code(&scheme).ok_or_else(|| bad_code("scheme", &scheme))?,
            asked_on: date(r.get(3)?)?,
            answer: OtherLawAnswer::from_code(&answer)
                .ok_or_else(|| bad_code("answer", &answer))?,
            answered_on: opt_date(r.get(5)?)?,
            note: r.get(6)?,
            updated_by: r.get(7)?,
            updated_at: r.get(8)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

#[allow(clippy::too_many_arguments)]
pub fn put_other_law_check(
    conn: &Connection,
    case_id: i64,
    scheme: OtherScheme,
    asked_on: NaiveDate,
    answer: OtherLawAnswer,
    answered_on: Option<NaiveDate>,
    note: &str,
    actor: &str,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO other_law_checks (medical_case_id, scheme, asked_on, answer, answered_on, note, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT(medical_case_id, scheme) DO UPDATE SET asked_on = excluded.asked_on, answer = excluded.answer,
             answered_on = excluded.answered_on, note = excluded.note, updated_by = excluded.updated_by,
             updated_at = excluded.updated_at",
        params![
            case_id,
            scheme.code(),
            asked_on.to_string(),
            answer.code(),
            answered_on.map(|d| d.to_string()),
            note,
            actor,
            now
        ],
    )?;
    Ok(())
}

// ---- 医療要否意見書 ----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OpinionRow {
    pub id: i64,
    pub case_id: i64,
    pub institution_id: i64,
    pub state: OpinionState,
    pub sent_on: NaiveDate,
    pub print_job_id: Option<i64>,
    pub returned_on: Option<NaiveDate>,
    /// JSON of `service::medical_aid::OpinionContent`.
    pub opinion: Option<String>,
    pub reviewed_on: Option<NaiveDate>,
    pub reviewer: Option<String>,
    pub result: Option<ReviewResult>,
    pub review_comment: Option<String>,
    pub valid_from: Option<NaiveDate>,
    pub valid_to: Option<NaiveDate>,
    pub created_by: String,
}

const OPINION_COLS: &str =
    "id, medical_case_id, institution_id, state, sent_on, print_job_id, returned_on, opinion,
    reviewed_on, reviewer, result, review_comment, valid_from, valid_to, created_by";

fn opinion_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<OpinionRow> {
    let state: String = r.get(3)?;
    let result: Option<String> = r.get(10)?;
    Ok(OpinionRow {
        id: r.get(0)?,
        case_id: r.get(1)?,
        institution_id: r.get(2)?,
        state: OpinionState::from_code(&state).ok_or_else(|| bad_code("opinion state", &state))?,
        sent_on: date(r.get(4)?)?,
        print_job_id: r.get(5)?,
        returned_on: opt_date(r.get(6)?)?,
        opinion: r.get(7)?,
        reviewed_on: opt_date(r.get(8)?)?,
        reviewer: r.get(9)?,
        result: match result {
            None => None,
            Some(s) => Some(ReviewResult::from_code(&s).ok_or_else(|| bad_code("result", &s))?),
        },
        review_comment: r.get(11)?,
        valid_from: opt_date(r.get(12)?)?,
        valid_to: opt_date(r.get(13)?)?,
        created_by: r.get(14)?,
    })
}

pub fn insert_opinion(
    conn: &Connection,
    case_id: i64,
    institution_id: i64,
    sent_on: NaiveDate,
    actor: &str,
    now: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO opinion_forms (medical_case_id, institution_id, state, sent_on, created_by, created_at, updated_at)
         VALUES (?1, ?2, 'sent', ?3, ?4, ?5, ?5)",
        params![case_id, institution_id, sent_on.to_string(), actor, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_opinion_print_job(conn: &Connection, id: i64, job_id: i64) -> Result<()> {
    conn.execute(
        "UPDATE opinion_forms SET print_job_id = ?2 WHERE id = ?1",
        params![id, job_id],
    )?;
    Ok(())
}

pub fn opinion(conn: &Connection, id: i64) -> Result<OpinionRow> {
    conn.query_row(
        &format!("SELECT {OPINION_COLS} FROM opinion_forms WHERE id = ?1"),
        [id],
        opinion_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("医療要否意見書（ID {id}）")))
}

pub fn opinions_for_case(conn: &Connection, case_id: i64) -> Result<Vec<OpinionRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {OPINION_COLS} FROM opinion_forms WHERE medical_case_id = ?1 ORDER BY sent_on DESC, id DESC"
    ))?;
    let rows = stmt.query_map([case_id], opinion_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn all_opinions(conn: &Connection) -> Result<Vec<OpinionRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {OPINION_COLS} FROM opinion_forms ORDER BY sent_on DESC, id DESC"
    ))?;
    let rows = stmt.query_map([], opinion_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn mark_opinion_returned(
    conn: &Connection,
    id: i64,
    returned_on: NaiveDate,
    opinion_json: &str,
    now: &str,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE opinion_forms SET state = 'returned', returned_on = ?2, opinion = ?3, updated_at = ?4
         WHERE id = ?1 AND state = 'sent'",
        params![id, returned_on.to_string(), opinion_json, now],
    )?;
    if n != 1 {
        return Err(StoreError::Conflict("意見書の状態が変わっています".into()));
    }
    Ok(())
}

#[allow(clippy::too_many_arguments)]
pub fn mark_opinion_reviewed(
    conn: &Connection,
    id: i64,
    reviewed_on: NaiveDate,
    reviewer: &str,
    result: ReviewResult,
    comment: &str,
    valid: Option<(NaiveDate, NaiveDate)>,
    now: &str,
) -> Result<()> {
    let n = conn.execute(
        "UPDATE opinion_forms SET state = 'reviewed', reviewed_on = ?2, reviewer = ?3, result = ?4, review_comment = ?5,
             valid_from = ?6, valid_to = ?7, updated_at = ?8
         WHERE id = ?1 AND state = 'returned'",
        params![
            id,
            reviewed_on.to_string(),
            reviewer,
            result.code(),
            comment,
            valid.map(|v| v.0.to_string()),
            valid.map(|v| v.1.to_string()),
            now
        ],
    )?;
    if n != 1 {
        return Err(StoreError::Conflict("意見書の状態が変わっています".into()));
    }
    Ok(())
}
