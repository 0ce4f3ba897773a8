//! Voucher tables, for every scheme (医療券・調剤券 now, 介護券 later): vouchers, their ledger
//! events, 受給者番号 per month, counters, runs, review exclusions, one-off requests and fixed
//! 本人支払額. Rows in, rows out; the rules are `domain::voucher`, the use cases
//! `service::vouchers`.

use std::collections::{HashMap, HashSet};

use chrono::NaiveDate;
use rusqlite::{params, Connection, OptionalExtension};

use super::{Result, StoreError};
use crate::domain::checkdigit::compose_recipient_number;
use crate::domain::voucher::{
    recipient_category_after, LedgerEvent, Period, RecipientSeries, VoucherMonth, VoucherState,
};

fn date(s: String) -> rusqlite::Result<NaiveDate> {
    NaiveDate::parse_from_str(&s, "%Y-%m-%d").map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, Box::new(e))
    })
}

fn month(s: String) -> rusqlite::Result<VoucherMonth> {
    VoucherMonth::parse(&s).map_err(|e| {
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, e.message.into())
    })
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct VoucherRow {
    pub id: i64,
    pub scheme: String,
    pub month: VoucherMonth,
    pub due_key: String,
    pub ticket_type: String,
    pub household_id: i64,
    pub person_id: i64,
    pub recipient_number: String,
    pub issue_number: String,
    pub provider_id: Option<i64>,
    pub provider_code: String,
    pub provider_name: String,
    pub valid: Period,
    pub share_yen: i64,
    pub state: VoucherState,
    pub one_off: bool,
    pub reissue_of: Option<i64>,
    pub decision_id: Option<i64>,
    pub run_id: Option<i64>,
    /// The scheme's own fields, JSON.
    pub details: String,
    pub issued_by: String,
    pub issued_at: String,
    pub voided_by: Option<String>,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
}

const COLS: &str = "id, scheme, month, due_key, ticket_type, household_id, person_id, recipient_number, issue_number,
    provider_id, provider_code, provider_name, valid_from, valid_to, share_yen, state, one_off, reissue_of,
    decision_id, run_id, details, issued_by, issued_at, voided_by, voided_at, void_reason";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<VoucherRow> {
    let state: String = r.get(15)?;
    let from = date(r.get(12)?)?;
    let to = date(r.get(13)?)?;
    Ok(VoucherRow {
        id: r.get(0)?,
        scheme: r.get(1)?,
        month: month(r.get(2)?)?,
        due_key: r.get(3)?,
        ticket_type: r.get(4)?,
        household_id: r.get(5)?,
        person_id: r.get(6)?,
        recipient_number: r.get(7)?,
        issue_number: r.get(8)?,
        provider_id: r.get(9)?,
        provider_code: r.get(10)?,
        provider_name: r.get(11)?,
        valid: Period { from, to },
        share_yen: r.get(14)?,
        state: VoucherState::from_code(&state).unwrap_or(VoucherState::Voided),
        one_off: r.get(16)?,
        reissue_of: r.get(17)?,
        decision_id: r.get(18)?,
        run_id: r.get(19)?,
        details: r.get(20)?,
        issued_by: r.get(21)?,
        issued_at: r.get(22)?,
        voided_by: r.get(23)?,
        voided_at: r.get(24)?,
        void_reason: r.get(25)?,
    })
}

/// A voucher about to be written (numbers already given).
pub struct NewVoucher<'a> {
    pub scheme: &'a str,
    pub month: VoucherMonth,
    pub due_key: &'a str,
    pub ticket_type: &'a str,
    pub household_id: i64,
    pub person_id: i64,
    pub recipient_number: &'a str,
    pub issue_number: &'a str,
    pub provider_id: Option<i64>,
    pub provider_code: &'a str,
    pub provider_name: &'a str,
    pub valid: Period,
    pub share_yen: i64,
    pub one_off: bool,
    pub reissue_of: Option<i64>,
    pub decision_id: Option<i64>,
    pub run_id: Option<i64>,
    pub details: &'a str,
}

pub fn insert(conn: &Connection, v: &NewVoucher<'_>, actor: &str, now: &str) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO vouchers (scheme, month, due_key, ticket_type, household_id, person_id, recipient_number,
             issue_number, provider_id, provider_code, provider_name, valid_from, valid_to, share_yen, state, one_off,
             reissue_of, decision_id, run_id, details, issued_by, issued_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, 'issued', ?15, ?16, ?17, ?18, ?19, ?20, ?21)",
    )?;
    stmt.execute(params![
        v.scheme,
        v.month.code(),
        v.due_key,
        v.ticket_type,
        v.household_id,
        v.person_id,
        v.recipient_number,
        v.issue_number,
        v.provider_id,
        v.provider_code,
        v.provider_name,
        v.valid.from.to_string(),
        v.valid.to.to_string(),
        v.share_yen,
        v.one_off,
        v.reissue_of,
        v.decision_id,
        v.run_id,
        v.details,
        actor,
        now
    ])
    .map_err(|e| match e {
        rusqlite::Error::SqliteFailure(f, _)
            if f.code == rusqlite::ErrorCode::ConstraintViolation =>
        {
            StoreError::Conflict("同じ券が既に交付されています".into())
        }
        e => e.into(),
    })?;
    Ok(conn.last_insert_rowid())
}

pub fn get(conn: &Connection, id: i64) -> Result<VoucherRow> {
    conn.query_row(
        &format!("SELECT {COLS} FROM vouchers WHERE id = ?1"),
        [id],
        row,
    )
    .optional()?
    .ok_or_else(|| StoreError::NotFound(format!("券（ID {id}）")))
}

/// A month's vouchers of a scheme, by provider code then id (the order they are posted in).
pub fn for_month(conn: &Connection, scheme: &str, m: VoucherMonth) -> Result<Vec<VoucherRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM vouchers WHERE scheme = ?1 AND month = ?2 ORDER BY provider_code, id"
    ))?;
    let rows = stmt.query_map(params![scheme, m.code()], row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Issued vouchers of a household for `from` and later months (what a 停止・廃止 may clip).
pub fn issued_for_household_from(
    conn: &Connection,
    household_id: i64,
    from: VoucherMonth,
) -> Result<Vec<VoucherRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM vouchers WHERE household_id = ?1 AND month >= ?2 AND state = 'issued' ORDER BY month, id"
    ))?;
    let rows = stmt.query_map(params![household_id, from.code()], row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// Every voucher of one person (newest month first).
pub fn for_person(conn: &Connection, person_id: i64) -> Result<Vec<VoucherRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {COLS} FROM vouchers WHERE person_id = ?1 ORDER BY month DESC, id DESC"
    ))?;
    let rows = stmt.query_map([person_id], row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// The state of each due key that has a voucher this month; an issued one wins over a voided one.
pub fn key_states(
    conn: &Connection,
    scheme: &str,
    m: VoucherMonth,
) -> Result<HashMap<String, VoucherState>> {
    let mut stmt = conn
        .prepare_cached("SELECT due_key, state FROM vouchers WHERE scheme = ?1 AND month = ?2")?;
    let mut out: HashMap<String, VoucherState> = HashMap::new();
    let rows = stmt.query_map(params![scheme, m.code()], |r| {
        Ok((r.get::<_, String>(0)?, r.get::<_, String>(1)?))
    })?;
    for x in rows {
        let (k, s) = x?;
        let s = VoucherState::from_code(&s).unwrap_or(VoucherState::Voided);
        let e = out.entry(k).or_insert(s);
        if s == VoucherState::Issued {
            *e = s;
        }
    }
    Ok(out)
}

pub fn set_voided(conn: &Connection, id: i64, reason: &str, actor: &str, now: &str) -> Result<()> {
    let n = conn.execute(
        "UPDATE vouchers SET state = 'voided', voided_by = ?2, voided_at = ?3, void_reason = ?4
         WHERE id = ?1 AND state = 'issued'",
        params![id, actor, now, reason],
    )?;
    if n != 1 {
        return Err(StoreError::Conflict(
            "この券は既に取り消されています".into(),
        ));
    }
    Ok(())
}

pub fn set_valid_to(conn: &Connection, id: i64, to: NaiveDate) -> Result<()> {
    conn.execute(
        "UPDATE vouchers SET valid_to = ?2 WHERE id = ?1 AND state = 'issued'",
        params![id, to.to_string()],
    )?;
    Ok(())
}

// ---- ledger events -----------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    pub id: i64,
    pub voucher_id: i64,
    pub event: LedgerEvent,
    pub at: String,
    pub by_user: String,
    pub reason: Option<String>,
    pub detail: Option<String>,
    pub decision_id: Option<i64>,
}

#[allow(clippy::too_many_arguments)]
pub fn add_event(
    conn: &Connection,
    voucher_id: i64,
    event: LedgerEvent,
    actor: &str,
    now: &str,
    reason: Option<&str>,
    detail: Option<&str>,
    decision_id: Option<i64>,
) -> Result<i64> {
    let mut stmt = conn.prepare_cached(
        "INSERT INTO voucher_events (voucher_id, event, at, by_user, reason, detail, decision_id)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
    )?;
    stmt.execute(params![
        voucher_id,
        event.code(),
        now,
        actor,
        reason,
        detail,
        decision_id
    ])?;
    Ok(conn.last_insert_rowid())
}

fn event_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<EventRow> {
    let e: String = r.get(2)?;
    Ok(EventRow {
        id: r.get(0)?,
        voucher_id: r.get(1)?,
        event: LedgerEvent::from_code(&e).unwrap_or(LedgerEvent::Issued),
        at: r.get(3)?,
        by_user: r.get(4)?,
        reason: r.get(5)?,
        detail: r.get(6)?,
        decision_id: r.get(7)?,
    })
}

const EVENT_COLS: &str =
    "e.id, e.voucher_id, e.event, e.at, e.by_user, e.reason, e.detail, e.decision_id";

/// Every event of a month's vouchers, in the order they happened.
pub fn events_for_month(conn: &Connection, scheme: &str, m: VoucherMonth) -> Result<Vec<EventRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLS} FROM voucher_events e JOIN vouchers v ON v.id = e.voucher_id
         WHERE v.scheme = ?1 AND v.month = ?2 ORDER BY e.id"
    ))?;
    let rows = stmt.query_map(params![scheme, m.code()], event_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn events_for_decision(conn: &Connection, decision_id: i64) -> Result<Vec<EventRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLS} FROM voucher_events e WHERE e.decision_id = ?1 ORDER BY e.id"
    ))?;
    let rows = stmt.query_map([decision_id], event_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn events_for_voucher(conn: &Connection, voucher_id: i64) -> Result<Vec<EventRow>> {
    let mut stmt = conn.prepare_cached(&format!(
        "SELECT {EVENT_COLS} FROM voucher_events e WHERE e.voucher_id = ?1 ORDER BY e.id"
    ))?;
    let rows = stmt.query_map([voucher_id], event_row)?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// ---- numbers -----------------------------------------------------------------------------------

fn counter(conn: &Connection, name: &str) -> Result<i64> {
    Ok(conn
        .query_row(
            "SELECT value FROM voucher_counters WHERE name = ?1",
            [name],
            |r| r.get(0),
        )
        .optional()?
        .unwrap_or(0))
}

fn set_counter(conn: &Connection, name: &str, value: i64) -> Result<()> {
    conn.prepare_cached(
        "INSERT INTO voucher_counters (name, value) VALUES (?1, ?2)
         ON CONFLICT(name) DO UPDATE SET value = excluded.value",
    )?
    .execute(params![name, value])?;
    Ok(())
}

/// The next 交付番号 sequence of a scheme's month.
pub fn next_issue_seq(conn: &Connection, scheme: &str, m: VoucherMonth) -> Result<i64> {
    let name = format!("issue:{scheme}:{}", m.code());
    let n = counter(conn, &name)? + 1;
    set_counter(conn, &name, n)?;
    Ok(n)
}

/// The person's 受給者番号 of the month in `series`, if one was given.
pub fn recipient_number(
    conn: &Connection,
    m: VoucherMonth,
    person_id: i64,
    series: RecipientSeries,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT number FROM recipient_numbers WHERE month = ?1 AND person_id = ?2 AND series = ?3",
        )?
        .query_row(params![m.code(), person_id, series.code()], |r| r.get(0))
        .optional()?)
}

/// The 受給者番号 the person's vouchers of a scheme's month already carry (the first issued), if
/// any: what every later voucher of that scheme and month carries too.
pub fn scheme_recipient_number(
    conn: &Connection,
    scheme: &str,
    m: VoucherMonth,
    person_id: i64,
) -> Result<Option<String>> {
    Ok(conn
        .prepare_cached(
            "SELECT recipient_number FROM vouchers WHERE person_id = ?1 AND month = ?2 AND scheme = ?3
             ORDER BY id LIMIT 1",
        )?
        .query_row(params![person_id, m.code(), scheme], |r| r.get(0))
        .optional()?)
}

/// The person's 受給者番号 of the month in `series`: the one already given, or the next free
/// 受給者区分 of the office's running counter (free in the month in every series) with its check
/// digit.
pub fn recipient_number_for(
    conn: &Connection,
    m: VoucherMonth,
    person_id: i64,
    series: RecipientSeries,
    now: &str,
) -> Result<String> {
    if let Some(n) = recipient_number(conn, m, person_id, series)? {
        return Ok(n);
    }
    let last = counter(conn, "recipient")?.clamp(0, 999_999) as u32;
    let mut taken_stmt =
        conn.prepare_cached("SELECT 1 FROM recipient_numbers WHERE month = ?1 AND category = ?2")?;
    let code = m.code();
    let category = recipient_category_after(last, |c| {
        taken_stmt.exists(params![code, c]).unwrap_or(true)
    })
    .ok_or_else(|| StoreError::Conflict(format!("{}の受給者番号が尽きました", m.wareki())))?;
    let number = compose_recipient_number(category)
        .ok_or_else(|| StoreError::Conflict("受給者番号を作れません".into()))?;
    conn.prepare_cached(
        "INSERT INTO recipient_numbers (month, person_id, series, category, number, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
    )?
    .execute(params![
        code,
        person_id,
        series.code(),
        category,
        number,
        now
    ])?;
    set_counter(conn, "recipient", i64::from(category))?;
    Ok(number)
}

// ---- runs --------------------------------------------------------------------------------------

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RunRow {
    pub id: i64,
    pub scheme: String,
    pub month: VoucherMonth,
    pub state: String,
    pub started_by: String,
    pub started_at: String,
    pub finished_at: Option<String>,
    pub issued: i64,
}

pub fn start_run(
    conn: &Connection,
    scheme: &str,
    m: VoucherMonth,
    actor: &str,
    now: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO voucher_runs (scheme, month, state, started_by, started_at) VALUES (?1, ?2, 'issuing', ?3, ?4)",
        params![scheme, m.code(), actor, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn add_run_issued(conn: &Connection, run_id: i64, n: i64) -> Result<()> {
    conn.execute(
        "UPDATE voucher_runs SET issued = issued + ?2 WHERE id = ?1",
        params![run_id, n],
    )?;
    Ok(())
}

pub fn finish_run(conn: &Connection, run_id: i64, now: &str) -> Result<()> {
    conn.execute(
        "UPDATE voucher_runs SET state = 'done', finished_at = ?2 WHERE id = ?1",
        params![run_id, now],
    )?;
    Ok(())
}

/// Every earlier run of the month still marked 'issuing' was interrupted: the run that resumes
/// it closes them.
pub fn close_interrupted(
    conn: &Connection,
    scheme: &str,
    m: VoucherMonth,
    except: i64,
    now: &str,
) -> Result<usize> {
    Ok(conn.execute(
        "UPDATE voucher_runs SET state = 'done', finished_at = ?4 WHERE scheme = ?1 AND month = ?2 AND id <> ?3 AND state = 'issuing'",
        params![scheme, m.code(), except, now],
    )?)
}

pub fn runs_for_month(conn: &Connection, scheme: &str, m: VoucherMonth) -> Result<Vec<RunRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, scheme, month, state, started_by, started_at, finished_at, issued FROM voucher_runs
         WHERE scheme = ?1 AND month = ?2 ORDER BY id DESC",
    )?;
    let rows = stmt.query_map(params![scheme, m.code()], |r| {
        Ok(RunRow {
            id: r.get(0)?,
            scheme: r.get(1)?,
            month: month(r.get(2)?)?,
            state: r.get(3)?,
            started_by: r.get(4)?,
            started_at: r.get(5)?,
            finished_at: r.get(6)?,
            issued: r.get(7)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

// ---- review: exclusions, one-off requests, shares ----------------------------------------------

pub fn excluded_keys(conn: &Connection, scheme: &str, m: VoucherMonth) -> Result<HashSet<String>> {
    let mut stmt = conn.prepare_cached(
        "SELECT due_key FROM voucher_exclusions WHERE scheme = ?1 AND month = ?2",
    )?;
    let rows = stmt.query_map(params![scheme, m.code()], |r| r.get::<_, String>(0))?;
    Ok(rows.collect::<rusqlite::Result<HashSet<_>>>()?)
}

pub fn exclusion_reason(
    conn: &Connection,
    scheme: &str,
    m: VoucherMonth,
    key: &str,
) -> Result<Option<String>> {
    Ok(conn
        .query_row(
            "SELECT reason FROM voucher_exclusions WHERE scheme = ?1 AND month = ?2 AND due_key = ?3",
            params![scheme, m.code(), key],
            |r| r.get(0),
        )
        .optional()?)
}

pub fn exclude(
    conn: &Connection,
    scheme: &str,
    m: VoucherMonth,
    key: &str,
    reason: &str,
    actor: &str,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO voucher_exclusions (scheme, month, due_key, reason, excluded_by, excluded_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)
         ON CONFLICT(scheme, month, due_key) DO UPDATE SET reason = excluded.reason, excluded_by = excluded.excluded_by,
             excluded_at = excluded.excluded_at",
        params![scheme, m.code(), key, reason, actor, now],
    )?;
    Ok(())
}

pub fn include(conn: &Connection, scheme: &str, m: VoucherMonth, key: &str) -> Result<bool> {
    Ok(conn.execute(
        "DELETE FROM voucher_exclusions WHERE scheme = ?1 AND month = ?2 AND due_key = ?3",
        params![scheme, m.code(), key],
    )? == 1)
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestRow {
    pub id: i64,
    pub scheme: String,
    pub month: VoucherMonth,
    pub household_id: i64,
    pub person_id: i64,
    pub case_id: Option<i64>,
    /// The scheme's one line, JSON.
    pub line: String,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub reason: String,
    pub requested_by: String,
    pub requested_at: String,
}

pub struct NewRequest<'a> {
    pub scheme: &'a str,
    pub month: VoucherMonth,
    pub household_id: i64,
    pub person_id: i64,
    pub case_id: Option<i64>,
    pub line: &'a str,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
    pub reason: &'a str,
}

pub fn insert_request(
    conn: &Connection,
    q: &NewRequest<'_>,
    actor: &str,
    now: &str,
) -> Result<i64> {
    conn.execute(
        "INSERT INTO voucher_requests (scheme, month, household_id, person_id, case_id, line, valid_from, valid_to,
             reason, requested_by, requested_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
        params![
            q.scheme,
            q.month.code(),
            q.household_id,
            q.person_id,
            q.case_id,
            q.line,
            q.valid_from.to_string(),
            q.valid_to.map(|d| d.to_string()),
            q.reason,
            actor,
            now
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn requests_for_month(
    conn: &Connection,
    scheme: &str,
    m: VoucherMonth,
) -> Result<Vec<RequestRow>> {
    let mut stmt = conn.prepare_cached(
        "SELECT id, scheme, month, household_id, person_id, case_id, line, valid_from, valid_to, reason,
                requested_by, requested_at
         FROM voucher_requests WHERE scheme = ?1 AND month = ?2 AND cancelled_at IS NULL ORDER BY id",
    )?;
    let rows = stmt.query_map(params![scheme, m.code()], |r| {
        let to: Option<String> = r.get(8)?;
        Ok(RequestRow {
            id: r.get(0)?,
            scheme: r.get(1)?,
            month: month(r.get(2)?)?,
            household_id: r.get(3)?,
            person_id: r.get(4)?,
            case_id: r.get(5)?,
            line: r.get(6)?,
            valid_from: date(r.get(7)?)?,
            valid_to: to.map(date).transpose()?,
            reason: r.get(9)?,
            requested_by: r.get(10)?,
            requested_at: r.get(11)?,
        })
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

pub fn cancel_request(conn: &Connection, id: i64, now: &str) -> Result<bool> {
    Ok(conn.execute(
        "UPDATE voucher_requests SET cancelled_at = ?2 WHERE id = ?1 AND cancelled_at IS NULL",
        params![id, now],
    )? == 1)
}

/// A fixed 本人支払額: (yen, rate set version it was computed with).
pub fn share(
    conn: &Connection,
    scheme: &str,
    household_id: i64,
    m: VoucherMonth,
) -> Result<Option<(i64, Option<String>)>> {
    Ok(conn
        .prepare_cached(
            "SELECT share_yen, rate_version FROM voucher_shares WHERE scheme = ?1 AND household_id = ?2 AND month = ?3",
        )?
        .query_row(params![scheme, household_id, m.code()], |r| Ok((r.get(0)?, r.get(1)?)))
        .optional()?)
}

/// Every fixed share of a month, by household.
pub fn shares_for_month(
    conn: &Connection,
    scheme: &str,
    m: VoucherMonth,
) -> Result<HashMap<i64, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT household_id, share_yen FROM voucher_shares WHERE scheme = ?1 AND month = ?2",
    )?;
    let rows = stmt.query_map(params![scheme, m.code()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
}

#[allow(clippy::too_many_arguments)]
pub fn put_share(
    conn: &Connection,
    scheme: &str,
    household_id: i64,
    m: VoucherMonth,
    yen: i64,
    rate_version: Option<&str>,
    actor: &str,
    now: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO voucher_shares (scheme, household_id, month, share_yen, rate_version, fixed_by, fixed_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)
         ON CONFLICT(scheme, household_id, month) DO UPDATE SET share_yen = excluded.share_yen,
             rate_version = excluded.rate_version, fixed_by = excluded.fixed_by, fixed_at = excluded.fixed_at",
        params![scheme, household_id, m.code(), yen, rate_version, actor, now],
    )?;
    Ok(())
}

/// Households' status changes `(effective date, status code)` in the order they were recorded
/// (see `domain::voucher::in_force_periods`), for the coverage of many households at once.
pub fn status_changes(conn: &Connection) -> Result<HashMap<i64, Vec<(NaiveDate, String)>>> {
    let mut stmt = conn.prepare(
        "SELECT household_id, effective_date, status FROM household_status_history ORDER BY household_id, id",
    )?;
    let mut out: HashMap<i64, Vec<(NaiveDate, String)>> = HashMap::new();
    let rows = stmt.query_map([], |r| {
        Ok((
            r.get::<_, i64>(0)?,
            date(r.get(1)?)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    for x in rows {
        let (h, d, s) = x?;
        out.entry(h).or_default().push((d, s));
    }
    Ok(out)
}

/// One household's status changes, in the order they were made.
pub fn status_changes_of(conn: &Connection, household_id: i64) -> Result<Vec<(NaiveDate, String)>> {
    let mut stmt = conn.prepare_cached(
        "SELECT effective_date, status FROM household_status_history WHERE household_id = ?1 ORDER BY id",
    )?;
    let rows = stmt.query_map([household_id], |r| {
        Ok((date(r.get(0)?)?, r.get::<_, String>(1)?))
    })?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// What a voucher view shows of its person (the row may be a member who has left since).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PersonBrief {
    pub id: i64,
    pub household_id: i64,
    pub case_number: String,
    pub name: String,
    pub kana: String,
    pub birth_date: NaiveDate,
    pub sex: crate::domain::household::Sex,
    pub dv_protected: bool,
    pub address: String,
    pub caseworker_id: Option<String>,
}

pub fn person_brief(conn: &Connection, person_id: i64) -> Result<Option<PersonBrief>> {
    Ok(conn
        .prepare_cached(
            "SELECT p.id, p.household_id, h.case_number, p.name, p.kana, p.birth_date, p.sex, p.dv_protected,
                    h.address, h.caseworker_id
             FROM persons p JOIN households h ON h.id = p.household_id WHERE p.id = ?1",
        )?
        .query_row([person_id], |r| {
            let sex: String = r.get(6)?;
            Ok(PersonBrief {
                id: r.get(0)?,
                household_id: r.get(1)?,
                case_number: r.get(2)?,
                name: r.get(3)?,
                kana: r.get(4)?,
                birth_date: date(r.get(5)?)?,
                sex: crate::domain::household::Sex::from_code(&sex)
                    .unwrap_or(crate::domain::household::Sex::Unspecified),
                dv_protected: r.get(7)?,
                address: r.get(8)?,
                caseworker_id: r.get(9)?,
            })
        })
        .optional()?)
}

/// The ids of vouchers that replaced others (reissue_of → new id), for a month.
pub fn replacements(conn: &Connection, scheme: &str, m: VoucherMonth) -> Result<HashMap<i64, i64>> {
    let mut stmt = conn.prepare_cached(
        "SELECT reissue_of, id FROM vouchers WHERE scheme = ?1 AND month = ?2 AND reissue_of IS NOT NULL",
    )?;
    let rows = stmt.query_map(params![scheme, m.code()], |r| Ok((r.get(0)?, r.get(1)?)))?;
    Ok(rows.collect::<rusqlite::Result<HashMap<_, _>>>()?)
}
