//! Households, members, status history and My Numbers: rows in, rows out.
//!
//! Validation is done before these are called (`domain::household`); audit entries are written
//! by the use case in the same transaction. The My Number is read only by [`my_number`], which
//! the reveal use case (logged) and the exchange channel call.

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::reveal::{self, RevealKey};
use super::{Result, StoreError};
use crate::domain::household::{HouseholdStatus, Sex, ValidHousehold, ValidMember};
use crate::domain::normalize::search_key;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct HouseholdRow {
    pub id: i64,
    pub case_number: String,
    pub postal_code: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub caseworker_id: Option<String>,
    pub status: HouseholdStatus,
    pub created_at: String,
    pub updated_at: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonRow {
    pub id: i64,
    pub household_id: i64,
    pub name: String,
    pub kana: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub relationship: String,
    pub is_head: bool,
    pub addressee_number: Option<String>,
    pub dv_protected: bool,
    pub death_date: Option<NaiveDate>,
    /// The last four digits only, for the masked display; the number itself stays in its table.
    pub my_number_last4: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    pub status: HouseholdStatus,
    pub effective_date: NaiveDate,
    pub reason: String,
    pub changed_by: String,
    pub changed_at: String,
}

fn parse_date(s: String) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn household_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<HouseholdRow> {
    let status: String = r.get(6)?;
    Ok(HouseholdRow {
        id: r.get(0)?,
        case_number: r.get(1)?,
        postal_code: r.get(2)?,
        address: r.get(3)?,
        phone: r.get(4)?,
        caseworker_id: r.get(5)?,
        status: HouseholdStatus::from_code(&status).unwrap_or(HouseholdStatus::Applying),
        created_at: r.get(7)?,
        updated_at: r.get(8)?,
    })
}

const HOUSEHOLD_COLS: &str =
    "id, case_number, postal_code, address, phone, caseworker_id, status, created_at, updated_at";

pub fn get(conn: &Connection, id: i64) -> Result<Option<HouseholdRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {HOUSEHOLD_COLS} FROM households WHERE id = ?1"),
            [id],
            household_row,
        )
        .optional()?)
}

pub fn require(conn: &Connection, id: i64) -> Result<HouseholdRow> {
    get(conn, id)?.ok_or_else(|| StoreError::NotFound(format!("世帯（ID {id}）")))
}

/// Whom the household is assigned to (担当), and nothing else of it.
pub fn caseworker_of(conn: &Connection, id: i64) -> Result<Option<String>> {
    conn.query_row(
        "SELECT caseworker_id FROM households WHERE id = ?1",
        [id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("世帯（ID {id}）")))
}

pub fn id_by_case_number(conn: &Connection, case_number: &str) -> Result<Option<i64>> {
    Ok(conn
        .query_row(
            "SELECT id FROM households WHERE case_number = ?1",
            [case_number],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn insert(
    conn: &Connection,
    h: &ValidHousehold,
    status: HouseholdStatus,
    now: &str,
) -> Result<i64> {
    if id_by_case_number(conn, &h.case_number)?.is_some() {
        return Err(StoreError::Conflict(format!(
            "ケース番号「{}」は既に登録されています",
            h.case_number
        )));
    }
    conn.execute(
        "INSERT INTO households (case_number, postal_code, address, phone, caseworker_id, status, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?7)",
        params![h.case_number, h.postal_code, h.address, h.phone, h.caseworker_id, status.code(), now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn update(conn: &Connection, id: i64, h: &ValidHousehold, now: &str) -> Result<()> {
    if let Some(other) = id_by_case_number(conn, &h.case_number)? {
        if other != id {
            return Err(StoreError::Conflict(format!(
                "ケース番号「{}」は既に登録されています",
                h.case_number
            )));
        }
    }
    let n = conn.execute(
        "UPDATE households SET case_number = ?2, postal_code = ?3, address = ?4, phone = ?5, caseworker_id = ?6,
            updated_at = ?7 WHERE id = ?1",
        params![id, h.case_number, h.postal_code, h.address, h.phone, h.caseworker_id, now],
    )?;
    if n == 0 {
        return Err(StoreError::NotFound(format!("世帯（ID {id}）")));
    }
    Ok(())
}

pub fn set_status(conn: &Connection, id: i64, change: &StatusChange) -> Result<()> {
    conn.execute(
        "UPDATE households SET status = ?2, updated_at = ?3 WHERE id = ?1",
        params![id, change.status.code(), change.changed_at],
    )?;
    conn.execute(
        "INSERT INTO household_status_history (household_id, status, effective_date, reason, changed_by, changed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            id,
            change.status.code(),
            change.effective_date.to_string(),
            change.reason,
            change.changed_by,
            change.changed_at
        ],
    )?;
    Ok(())
}

pub fn status_history(conn: &Connection, id: i64) -> Result<Vec<StatusChange>> {
    let mut stmt = conn.prepare(
        "SELECT status, effective_date, reason, changed_by, changed_at FROM household_status_history
         WHERE household_id = ?1 ORDER BY effective_date DESC, id DESC",
    )?;
    let rows = stmt.query_map([id], |r| {
        let s: String = r.get(0)?;
        Ok(StatusChange {
            status: HouseholdStatus::from_code(&s).unwrap_or(HouseholdStatus::Applying),
            effective_date: parse_date(r.get(1)?)?,
            reason: r.get(2)?,
            changed_by: r.get(3)?,
            changed_at: r.get(4)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

const PERSON_COLS: &str =
    "p.id, p.household_id, p.name, p.kana, p.birth_date, p.sex, p.relationship, p.is_head,
    p.addressee_number, p.dv_protected, p.death_date, m.last4";

fn person_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PersonRow> {
    let sex: String = r.get(5)?;
    let death: Option<String> = r.get(10)?;
    Ok(PersonRow {
        id: r.get(0)?,
        household_id: r.get(1)?,
        name: r.get(2)?,
        kana: r.get(3)?,
        birth_date: parse_date(r.get(4)?)?,
        sex: Sex::from_code(&sex).unwrap_or(Sex::Unspecified),
        relationship: r.get(6)?,
        is_head: r.get(7)?,
        addressee_number: r.get(8)?,
        dv_protected: r.get(9)?,
        death_date: death.map(parse_date).transpose()?,
        my_number_last4: r.get(11)?,
    })
}

/// Current (not removed) members, head first, then by birth date.
pub fn members(conn: &Connection, household_id: i64) -> Result<Vec<PersonRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {PERSON_COLS} FROM persons p LEFT JOIN my_numbers m ON m.person_id = p.id
         WHERE p.household_id = ?1 AND p.removed_at IS NULL ORDER BY p.is_head DESC, p.birth_date, p.id"
    ))?;
    let rows = stmt.query_map([household_id], person_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn person(conn: &Connection, person_id: i64) -> Result<Option<PersonRow>> {
    Ok(conn
        .query_row(
            &format!(
                "SELECT {PERSON_COLS} FROM persons p LEFT JOIN my_numbers m ON m.person_id = p.id
                 WHERE p.id = ?1 AND p.removed_at IS NULL"
            ),
            [person_id],
            person_row,
        )
        .optional()?)
}

/// A person whether or not still a member (the exchange resends records about people who have
/// since left the household).
pub fn person_including_removed(conn: &Connection, person_id: i64) -> Result<PersonRow> {
    conn.query_row(
        &format!("SELECT {PERSON_COLS} FROM persons p LEFT JOIN my_numbers m ON m.person_id = p.id WHERE p.id = ?1"),
        [person_id],
        person_row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("世帯員（ID {person_id}）")))
}

/// The household a person belongs to, and nothing else of the person.
pub fn household_of_person(conn: &Connection, person_id: i64) -> Result<i64> {
    conn.query_row(
        "SELECT household_id FROM persons WHERE id = ?1",
        [person_id],
        |r| r.get(0),
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("世帯員（ID {person_id}）")))
}

pub fn require_person(conn: &Connection, person_id: i64) -> Result<PersonRow> {
    person(conn, person_id)?
        .ok_or_else(|| StoreError::NotFound(format!("世帯員（ID {person_id}）")))
}

/// Runs `sql` (the insert or the update of a person) with the columns a member's form sets:
/// `?1` = `key` (the household for an insert, the person for an update), `?2`–`?12` the member
/// with its search keys, `?13` = `now`.
fn write_person(conn: &Connection, sql: &str, key: i64, m: &ValidMember, now: &str) -> Result<()> {
    conn.execute(
        sql,
        params![
            key,
            m.name,
            m.kana,
            m.birth_date.to_string(),
            m.sex.code(),
            m.relationship,
            m.is_head,
            m.addressee_number,
            m.dv_protected,
            m.death_date.map(|d| d.to_string()),
            search_key(&m.name),
            search_key(&m.kana),
            now
        ],
    )?;
    Ok(())
}

pub fn insert_person(
    conn: &Connection,
    household_id: i64,
    m: &ValidMember,
    now: &str,
) -> Result<i64> {
    write_person(
        conn,
        "INSERT INTO persons (household_id, name, kana, birth_date, sex, relationship, is_head, addressee_number,
            dv_protected, death_date, name_key, kana_key, created_at, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)",
        household_id,
        m,
        now,
    )?;
    let id = conn.last_insert_rowid();
    if m.is_head {
        clear_other_heads(conn, household_id, id)?;
    }
    Ok(id)
}

pub fn update_person(conn: &Connection, person_id: i64, m: &ValidMember, now: &str) -> Result<()> {
    let household_id: i64 = require_person(conn, person_id)?.household_id;
    write_person(
        conn,
        "UPDATE persons SET name = ?2, kana = ?3, birth_date = ?4, sex = ?5, relationship = ?6, is_head = ?7,
            addressee_number = ?8, dv_protected = ?9, death_date = ?10, name_key = ?11, kana_key = ?12, updated_at = ?13
         WHERE id = ?1",
        person_id,
        m,
        now,
    )?;
    if m.is_head {
        clear_other_heads(conn, household_id, person_id)?;
    }
    Ok(())
}

// One head per household: naming a new head demotes the old one rather than refusing.
fn clear_other_heads(conn: &Connection, household_id: i64, head: i64) -> Result<()> {
    conn.execute(
        "UPDATE persons SET is_head = 0 WHERE household_id = ?1 AND id <> ?2 AND is_head = 1",
        params![household_id, head],
    )?;
    Ok(())
}

pub fn remove_person(conn: &Connection, person_id: i64, reason: &str, now: &str) -> Result<()> {
    require_person(conn, person_id)?;
    conn.execute(
        "UPDATE persons SET removed_at = ?2, removed_reason = ?3, updated_at = ?2 WHERE id = ?1",
        params![person_id, now, reason],
    )?;
    Ok(())
}

/// The full My Number, opened with the My Number key. Callers: the logged reveal, and the
/// exchange channel. Nothing else.
pub fn my_number(
    conn: &Connection,
    key: &RevealKey,
    db_id: &str,
    person_id: i64,
) -> Result<Option<String>> {
    let row: Option<(Option<String>, Option<String>)> = conn
        .query_row(
            "SELECT sealed, legacy_plain FROM my_numbers WHERE person_id = ?1",
            [person_id],
            |r| Ok((r.get(0)?, r.get(1)?)),
        )
        .optional()?;
    match row {
        None => Ok(None),
        Some((Some(sealed), _)) => reveal::open(key, db_id, person_id, &sealed)
            .map(Some)
            .ok_or_else(|| {
                StoreError::Conflict("個人番号を復号できません（個人番号鍵が一致しません）".into())
            }),
        Some((None, legacy)) => Ok(legacy),
    }
}

/// Set or remove a member's My Number, sealed under the My Number key.
pub fn set_my_number(
    conn: &Connection,
    key: &RevealKey,
    db_id: &str,
    person_id: i64,
    number: Option<&str>,
    now: &str,
) -> Result<()> {
    let Some(n) = number else {
        conn.execute("DELETE FROM my_numbers WHERE person_id = ?1", [person_id])?;
        return Ok(());
    };
    let lookup = reveal::lookup(key, n);
    let other: Option<i64> = conn
        .query_row(
            "SELECT person_id FROM my_numbers WHERE (lookup = ?1 OR legacy_plain = ?2) AND person_id <> ?3",
            params![lookup, n, person_id],
            |r| r.get(0),
        )
        .optional()?;
    if other.is_some() {
        return Err(StoreError::Conflict(
            "この個人番号は別の世帯員に登録されています".into(),
        ));
    }
    let last4: String = n
        .chars()
        .rev()
        .take(4)
        .collect::<Vec<_>>()
        .into_iter()
        .rev()
        .collect();
    conn.execute(
        "INSERT INTO my_numbers (person_id, last4, lookup, sealed, legacy_plain, updated_at)
         VALUES (?1, ?2, ?3, ?4, NULL, ?5)
         ON CONFLICT(person_id) DO UPDATE SET last4 = ?2, lookup = ?3, sealed = ?4, legacy_plain = NULL, updated_at = ?5",
        params![person_id, last4, lookup, reveal::seal(key, db_id, person_id, n), now],
    )?;
    Ok(())
}

/// Seal the numbers stored before the My Number key existed (migration 0007 kept them as
/// `legacy_plain`). Returns how many were sealed.
pub fn seal_legacy_my_numbers(
    conn: &Connection,
    key: &RevealKey,
    db_id: &str,
    now: &str,
) -> Result<usize> {
    let mut stmt = conn
        .prepare("SELECT person_id, legacy_plain FROM my_numbers WHERE legacy_plain IS NOT NULL")?;
    let rows: Vec<(i64, String)> = stmt
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    for (pid, n) in &rows {
        conn.execute(
            "UPDATE my_numbers SET lookup = ?2, sealed = ?3, legacy_plain = NULL, updated_at = ?4 WHERE person_id = ?1",
            params![pid, reveal::lookup(key, n), reveal::seal(key, db_id, *pid, n), now],
        )?;
    }
    Ok(rows.len())
}

pub fn record_open(conn: &Connection, user_id: &str, household_id: i64, now: &str) -> Result<()> {
    conn.execute(
        "INSERT INTO recent_opens (user_id, household_id, opened_at) VALUES (?1, ?2, ?3)
         ON CONFLICT(user_id, household_id) DO UPDATE SET opened_at = ?3",
        params![user_id, household_id, now],
    )?;
    Ok(())
}

pub fn recent_opens(conn: &Connection, user_id: &str, limit: u32) -> Result<Vec<(i64, String)>> {
    let mut stmt = conn.prepare(
        "SELECT household_id, opened_at FROM recent_opens WHERE user_id = ?1 ORDER BY opened_at DESC LIMIT ?2",
    )?;
    let rows = stmt.query_map(params![user_id, limit], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn head_name(conn: &Connection, household_id: i64) -> Result<String> {
    Ok(conn
        .query_row(
            "SELECT name FROM persons WHERE household_id = ?1 AND removed_at IS NULL ORDER BY is_head DESC, id LIMIT 1",
            [household_id],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or_default())
}

pub fn count_by_status(conn: &Connection) -> Result<Vec<(HouseholdStatus, i64)>> {
    let mut out = vec![];
    for s in HouseholdStatus::ALL {
        let n: i64 = conn.query_row(
            "SELECT count(*) FROM households WHERE status = ?1",
            [s.code()],
            |r| r.get(0),
        )?;
        out.push((s, n));
    }
    Ok(out)
}

/// Households waiting for a decision, with the date their application status began.
pub fn applying_since(conn: &Connection, limit: u32) -> Result<Vec<(i64, String, NaiveDate)>> {
    let mut stmt = conn.prepare(
        "SELECT h.id, h.case_number,
            COALESCE((SELECT max(effective_date) FROM household_status_history s
                      WHERE s.household_id = h.id AND s.status = 'applying'), substr(h.created_at, 1, 10))
         FROM households h WHERE h.status = 'applying' ORDER BY 3 LIMIT ?1",
    )?;
    let rows = stmt.query_map([limit], |r| {
        Ok((r.get(0)?, r.get(1)?, parse_date(r.get(2)?)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}
