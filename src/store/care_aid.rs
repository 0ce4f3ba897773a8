//! Care-aid rows: the provider register, the office's H-number rule and the numbers given,
//! 介護保険 status records, care-aid cases, care plans and the care-decision link.
//!
//! Validation happens before (`domain::care_aid`); audit entries are written by the use case in
//! the same transaction.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::{Result, StoreError};
use crate::domain::care_aid::case::CareCaseStatus;
use crate::domain::care_aid::insurance::{CareLevel, HNumberRule, InsuredKind};
use crate::domain::care_aid::provider::ValidProvider;
use crate::domain::care_aid::provider_number::{check_of, NumberCheck};
use crate::domain::normalize::search_key;

fn date(s: String) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn opt_date(s: Option<String>) -> rusqlite::Result<Option<NaiveDate>> {
    s.map(date).transpose()
}

fn bad_code(what: &str, code: &str) -> rusqlite::Error {
    rusqlite::Error::FromSqlConversionFailure(
        0,
        rusqlite::types::Type::Text,
        format!("unknown {what} code {code}").into(),
    )
}

// ---------------------------------------------------------------------------------------------
// Providers

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ProviderRow {
    pub id: i64,
    pub number: String,
    pub check: NumberCheck,
    pub name: String,
    pub kana: String,
    pub service_kinds: Vec<String>,
    pub plan_office: bool,
    pub postal_code: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub updated_at: String,
}

const PROVIDER_COLS: &str =
    "id, number, name, kana, service_kinds, plan_office, postal_code, address, phone,
    valid_from, valid_to, updated_at";

fn provider_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ProviderRow> {
    let number: String = r.get(1)?;
    let kinds: String = r.get(4)?;
    Ok(ProviderRow {
        id: r.get(0)?,
        check: check_of(&number),
        number,
        name: r.get(2)?,
        kana: r.get(3)?,
        service_kinds: kinds.split_whitespace().map(str::to_string).collect(),
        plan_office: r.get(5)?,
        // rows written before the forms shared one rule hold the digits without the hyphen
        postal_code: crate::domain::postal::stored(r.get(6)?),
        address: r.get(7)?,
        phone: r.get(8)?,
        valid_from: date(r.get(9)?)?,
        valid_to: opt_date(r.get(10)?)?,
        updated_at: r.get(11)?,
    })
}

/// Insert a provider, or update the one with the same 事業所番号. Returns its id and whether it
/// was new.
pub fn upsert_provider(conn: &Connection, p: &ValidProvider, now: &str) -> Result<(i64, bool)> {
    let existing: Option<i64> = conn
        .query_row(
            "SELECT id FROM care_providers WHERE number = ?1",
            [&p.number],
            |r| r.get(0),
        )
        .optional()?;
    let kinds = p.service_kinds.join(" ");
    let values = params![
        p.number,
        p.check == NumberCheck::Verified,
        p.name,
        p.kana,
        kinds,
        p.is_plan_office(),
        p.postal_code,
        p.address,
        p.phone,
        p.valid_from.to_string(),
        p.valid_to.map(|d| d.to_string()),
        search_key(&p.name),
        search_key(&p.kana),
        now
    ];
    match existing {
        Some(id) => {
            conn.prepare_cached(
                "UPDATE care_providers SET number = ?1, number_verified = ?2, name = ?3, kana = ?4,
                    service_kinds = ?5, plan_office = ?6, postal_code = ?7, address = ?8, phone = ?9,
                    valid_from = ?10, valid_to = ?11, name_key = ?12, kana_key = ?13, updated_at = ?14
                 WHERE number = ?1",
            )?
            .execute(values)?;
            Ok((id, false))
        }
        None => {
            conn.prepare_cached(
                "INSERT INTO care_providers (number, number_verified, name, kana, service_kinds, plan_office,
                    postal_code, address, phone, valid_from, valid_to, name_key, kana_key, created_at, updated_at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)",
            )?
            .execute(values)?;
            Ok((conn.last_insert_rowid(), true))
        }
    }
}

pub fn provider(conn: &Connection, id: i64) -> Result<ProviderRow> {
    conn.query_row(
        &format!("SELECT {PROVIDER_COLS} FROM care_providers WHERE id = ?1"),
        [id],
        provider_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("介護機関（ID {id}）")))
}

pub fn provider_by_number(conn: &Connection, number: &str) -> Result<Option<ProviderRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {PROVIDER_COLS} FROM care_providers WHERE number = ?1"),
            [number],
            provider_row,
        )
        .optional()?)
}

/// Providers whose name, カナ or 事業所番号 contains `query` (search keys: width- and
/// kana-insensitive); `plan_only` keeps care-plan offices; at most `limit`, by カナ.
pub fn search_providers(
    conn: &Connection,
    query: &str,
    plan_only: bool,
    limit: u32,
) -> Result<Vec<ProviderRow>> {
    let key = search_key(query);
    let escaped = key
        .replace('\\', "\\\\")
        .replace('%', "\\%")
        .replace('_', "\\_");
    let pattern = format!("%{escaped}%");
    let number_pattern = format!("%{}%", escaped.to_ascii_uppercase());
    let mut st = conn.prepare_cached(&format!(
        "SELECT {PROVIDER_COLS} FROM care_providers
         WHERE (name_key LIKE ?1 ESCAPE '\\' OR kana_key LIKE ?1 ESCAPE '\\' OR number LIKE ?2 ESCAPE '\\')
           AND (?3 = 0 OR plan_office = 1)
         ORDER BY kana_key, id LIMIT ?4"
    ))?;
    let rows = st.query_map(
        params![pattern, number_pattern, plan_only, limit],
        provider_row,
    )?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn provider_count(conn: &Connection) -> Result<i64> {
    Ok(conn.query_row("SELECT count(*) FROM care_providers", [], |r| r.get(0))?)
}

// ---------------------------------------------------------------------------------------------
// Settings and H-numbers

/// The office's H-number rule and the last running number given; `None` until set.
pub fn h_rule(conn: &Connection) -> Result<Option<(HNumberRule, u32)>> {
    Ok(conn
        .query_row(
            "SELECT h_prefix, h_check_digit, h_last_seq FROM care_settings WHERE id = 1",
            [],
            |r| {
                Ok((
                    HNumberRule {
                        prefix: r.get(0)?,
                        check_digit: r.get(1)?,
                    },
                    r.get(2)?,
                ))
            },
        )
        .optional()?)
}

/// Set the rule (the running number continues: numbers given stay unique by their table).
pub fn put_h_rule(
    conn: &Connection,
    rule: &HNumberRule,
    last_seq: u32,
    actor: &str,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO care_settings (id, h_prefix, h_check_digit, h_last_seq, updated_by, updated_at)
         VALUES (1, ?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(id) DO UPDATE SET h_prefix = ?1, h_check_digit = ?2, h_last_seq = ?3,
            updated_by = ?4, updated_at = ?5",
        params![rule.prefix, rule.check_digit, last_seq, actor, now],
    )?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HNumberRow {
    pub person_id: i64,
    pub number: String,
    pub municipality_code: String,
    pub carried: bool,
}

pub fn h_number(conn: &Connection, person_id: i64) -> Result<Option<HNumberRow>> {
    Ok(conn
        .query_row(
            "SELECT person_id, number, municipality_code, origin FROM care_h_numbers WHERE person_id = ?1",
            [person_id],
            |r| {
                Ok(HNumberRow {
                    person_id: r.get(0)?,
                    number: r.get(1)?,
                    municipality_code: r.get(2)?,
                    carried: r.get::<_, String>(3)? == "carried",
                })
            },
        )
        .optional()?)
}

pub fn h_number_taken(conn: &Connection, number: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT person_id FROM care_h_numbers WHERE number = ?1",
            [number],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn insert_h_number(conn: &Connection, row: &HNumberRow, actor: &str, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO care_h_numbers (person_id, number, municipality_code, origin, created_by, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            row.person_id,
            row.number,
            row.municipality_code,
            if row.carried { "carried" } else { "assigned" },
            actor,
            now
        ],
    )?;
    Ok(())
}

// ---------------------------------------------------------------------------------------------
// 介護保険 status

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct InsuranceRow {
    pub id: i64,
    pub person_id: i64,
    pub valid_from: NaiveDate,
    pub kind: InsuredKind,
    pub insured_number: String,
    pub insurer_number: Option<String>,
    pub co_pay_tenths: u8,
    pub premium_yen: i64,
    pub care_level: Option<CareLevel>,
    pub certified_from: Option<NaiveDate>,
    pub certified_to: Option<NaiveDate>,
    pub recorded_by: String,
    pub recorded_at: String,
}

const INSURANCE_COLS: &str =
    "id, person_id, valid_from, kind, insured_number, insurer_number, co_pay_tenths,
    premium_yen, care_level, certified_from, certified_to, recorded_by, recorded_at";

fn insurance_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<InsuranceRow> {
    let kind: String = r.get(3)?;
    let level: Option<String> = r.get(8)?;
    Ok(InsuranceRow {
        id: r.get(0)?,
        person_id: r.get(1)?,
        valid_from: date(r.get(2)?)?,
        kind: InsuredKind::from_code(&kind).ok_or_else(|| bad_code("insured kind", &kind))?,
        insured_number: r.get(4)?,
        insurer_number: r.get(5)?,
        co_pay_tenths: r.get(6)?,
        premium_yen: r.get(7)?,
        care_level: level
            .map(|l| CareLevel::from_code(&l).ok_or_else(|| bad_code("care level", &l)))
            .transpose()?,
        certified_from: opt_date(r.get(9)?)?,
        certified_to: opt_date(r.get(10)?)?,
        recorded_by: r.get(11)?,
        recorded_at: r.get(12)?,
    })
}

pub fn insert_insurance(conn: &Connection, i: &InsuranceRow) -> Result<i64> {
    conn.prepare_cached(
        "INSERT INTO care_insurance (person_id, valid_from, kind, insured_number, insurer_number, co_pay_tenths,
            premium_yen, care_level, certified_from, certified_to, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
    )?
    .execute(params![
        i.person_id,
        i.valid_from.to_string(),
        i.kind.code(),
        i.insured_number,
        i.insurer_number,
        i.co_pay_tenths,
        i.premium_yen,
        i.care_level.map(CareLevel::code),
        i.certified_from.map(|d| d.to_string()),
        i.certified_to.map(|d| d.to_string()),
        i.recorded_by,
        i.recorded_at
    ])?;
    Ok(conn.last_insert_rowid())
}

/// Every status record of a person, oldest first.
pub fn insurance_history(conn: &Connection, person_id: i64) -> Result<Vec<InsuranceRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {INSURANCE_COLS} FROM care_insurance WHERE person_id = ?1 ORDER BY valid_from, id"
    ))?;
    let rows = st.query_map([person_id], insurance_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// The status in force on `day`: the latest record (by valid_from, then by entry) not after it.
pub fn insurance_on(
    conn: &Connection,
    person_id: i64,
    day: NaiveDate,
) -> Result<Option<InsuranceRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {INSURANCE_COLS} FROM care_insurance WHERE person_id = ?1 AND valid_from <= ?2
                 ORDER BY valid_from DESC, id DESC LIMIT 1"
            ),
            params![person_id, day.to_string()],
            insurance_row,
        )
        .optional()?)
}

pub fn insurance(conn: &Connection, id: i64) -> Result<InsuranceRow> {
    conn.query_row(
        &format!("SELECT {INSURANCE_COLS} FROM care_insurance WHERE id = ?1"),
        [id],
        insurance_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("介護保険の記録（ID {id}）")))
}

// ---------------------------------------------------------------------------------------------
// Cases and plans

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareCaseRow {
    pub id: i64,
    pub household_id: i64,
    pub person_id: i64,
    pub applied_on: NaiveDate,
    pub status: CareCaseStatus,
    pub started_on: Option<NaiveDate>,
    pub ended_on: Option<NaiveDate>,
    pub created_by: String,
    pub updated_at: String,
}

const CASE_COLS: &str =
    "id, household_id, person_id, applied_on, status, started_on, ended_on, created_by, updated_at";

fn case_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CareCaseRow> {
    let status: String = r.get(4)?;
    Ok(CareCaseRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        person_id: r.get(2)?,
        applied_on: date(r.get(3)?)?,
        status: CareCaseStatus::from_code(&status)
            .ok_or_else(|| bad_code("case status", &status))?,
        started_on: opt_date(r.get(5)?)?,
        ended_on: opt_date(r.get(6)?)?,
        created_by: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

pub fn insert_case(
    conn: &Connection,
    household_id: i64,
    person_id: i64,
    applied_on: NaiveDate,
    actor: &str,
    now: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO care_cases (household_id, person_id, applied_on, status, created_by, created_at, updated_at)
         VALUES (?1, ?2, ?3, 'applied', ?4, ?5, ?5)",
        params![household_id, person_id, applied_on.to_string(), actor, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn case(conn: &Connection, id: i64) -> Result<CareCaseRow> {
    conn.query_row(
        &format!("SELECT {CASE_COLS} FROM care_cases WHERE id = ?1"),
        [id],
        case_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("介護扶助のケース（ID {id}）")))
}

pub fn cases_for_household(conn: &Connection, household_id: i64) -> Result<Vec<CareCaseRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {CASE_COLS} FROM care_cases WHERE household_id = ?1 ORDER BY id"
    ))?;
    let rows = st.query_map([household_id], case_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn cases_for_person(conn: &Connection, person_id: i64) -> Result<Vec<CareCaseRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {CASE_COLS} FROM care_cases WHERE person_id = ?1 ORDER BY id"
    ))?;
    let rows = st.query_map([person_id], case_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Every case (the month's 介護券 include cases ended inside the month).
pub fn all_cases(conn: &Connection) -> Result<Vec<CareCaseRow>> {
    let mut st = conn.prepare_cached(&format!("SELECT {CASE_COLS} FROM care_cases ORDER BY id"))?;
    let rows = st.query_map([], case_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

/// Cases open (申請中・介護扶助中), for the month's vouchers and the warnings.
pub fn open_cases(conn: &Connection) -> Result<Vec<CareCaseRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {CASE_COLS} FROM care_cases WHERE status IN ('applied', 'active') ORDER BY id"
    ))?;
    let rows = st.query_map([], case_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

pub fn set_case_status(
    conn: &Connection,
    id: i64,
    status: CareCaseStatus,
    started_on: Option<NaiveDate>,
    ended_on: Option<NaiveDate>,
    now: &str,
) -> Result<()> {
    conn.execute(
        "UPDATE care_cases SET status = ?2, started_on = coalesce(?3, started_on), ended_on = ?4, updated_at = ?5
         WHERE id = ?1",
        params![
            id,
            status.code(),
            started_on.map(|d| d.to_string()),
            ended_on.map(|d| d.to_string()),
            now
        ],
    )?;
    Ok(())
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlanRow {
    pub id: i64,
    pub care_case_id: i64,
    pub plan_office_id: i64,
    pub received_on: NaiveDate,
    pub note: String,
    pub recorded_by: String,
}

pub fn insert_plan(conn: &Connection, p: &PlanRow, now: &str) -> Result<i64> {
    conn.execute(
        "INSERT INTO care_plans (care_case_id, plan_office_id, received_on, note, recorded_by, recorded_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            p.care_case_id,
            p.plan_office_id,
            p.received_on.to_string(),
            p.note,
            p.recorded_by,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Plans received for a case, latest receipt first.
pub fn plans_for_case(conn: &Connection, case_id: i64) -> Result<Vec<PlanRow>> {
    let mut st = conn.prepare_cached(
        "SELECT id, care_case_id, plan_office_id, received_on, note, recorded_by FROM care_plans
         WHERE care_case_id = ?1 ORDER BY received_on DESC, id DESC",
    )?;
    let rows = st.query_map([case_id], |r| {
        Ok(PlanRow {
            id: r.get(0)?,
            care_case_id: r.get(1)?,
            plan_office_id: r.get(2)?,
            received_on: date(r.get(3)?)?,
            note: r.get(4)?,
            recorded_by: r.get(5)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}

// ---------------------------------------------------------------------------------------------
// The care-decision link

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CareDecisionRow {
    pub decision_id: i64,
    pub care_case_id: i64,
    pub terms: Option<String>,
    pub insurance_id: Option<i64>,
    pub insurance_tenths: Option<u8>,
    pub aid_tenths: Option<u8>,
    pub own_payment_yen: Option<i64>,
}

/// Insert or replace (at 再起案) the link of a decision.
pub fn put_care_decision(conn: &Connection, c: &CareDecisionRow) -> Result<()> {
    conn.execute(
        "INSERT INTO care_decisions (decision_id, care_case_id, terms, insurance_id, insurance_tenths, aid_tenths,
            own_payment_yen)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(decision_id) DO UPDATE SET care_case_id = ?2, terms = ?3, insurance_id = ?4,
            insurance_tenths = ?5, aid_tenths = ?6, own_payment_yen = ?7",
        params![
            c.decision_id,
            c.care_case_id,
            c.terms,
            c.insurance_id,
            c.insurance_tenths,
            c.aid_tenths,
            c.own_payment_yen
        ],
    )?;
    Ok(())
}

const LINK_COLS: &str =
    "decision_id, care_case_id, terms, insurance_id, insurance_tenths, aid_tenths, own_payment_yen";

fn link_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<CareDecisionRow> {
    Ok(CareDecisionRow {
        decision_id: r.get(0)?,
        care_case_id: r.get(1)?,
        terms: r.get(2)?,
        insurance_id: r.get(3)?,
        insurance_tenths: r.get(4)?,
        aid_tenths: r.get(5)?,
        own_payment_yen: r.get(6)?,
    })
}

pub fn care_decision(conn: &Connection, decision_id: i64) -> Result<Option<CareDecisionRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {LINK_COLS} FROM care_decisions WHERE decision_id = ?1"),
            [decision_id],
            link_row,
        )
        .optional()?)
}

pub fn care_decisions_for_case(conn: &Connection, case_id: i64) -> Result<Vec<CareDecisionRow>> {
    let mut st = conn.prepare_cached(&format!(
        "SELECT {LINK_COLS} FROM care_decisions WHERE care_case_id = ?1 ORDER BY decision_id"
    ))?;
    let rows = st.query_map([case_id], link_row)?;
    Ok(rows.collect::<rusqlite::Result<_>>()?)
}
