//! The print queue table (`print_jobs`): rows and state updates. Which step a state allows is
//! `domain::print_job`; permissions and audit are `service::printing`. The PDF bytes are read
//! only by [`pdf`], never by the listing queries.

use rusqlite::{params, Connection, OptionalExtension};

use super::{Result, StoreError};
use crate::domain::print_job::PrintState;

/// One job as listed (without the PDF bytes).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PrintJobRow {
    pub id: i64,
    pub kind: String,
    pub title: String,
    pub household_id: Option<i64>,
    pub case_number: Option<String>,
    pub person_id: Option<i64>,
    pub purpose: Option<String>,
    pub issue_number: Option<String>,
    pub state: PrintState,
    /// The document value (`print::Document`) as JSON.
    pub snapshot: String,
    pub pdf_sha256: Option<String>,
    pub pages: i64,
    pub bytes: i64,
    pub printed_count: i64,
    pub reprint_count: i64,
    pub printer: Option<String>,
    pub error: Option<String>,
    pub requested_by: String,
    pub requested_at: String,
    pub generated_at: Option<String>,
    pub printed_at: Option<String>,
    pub delivered_at: Option<String>,
    pub voided_at: Option<String>,
    pub void_reason: Option<String>,
}

/// A job about to be requested.
pub struct NewJob<'a> {
    pub kind: &'a str,
    pub title: &'a str,
    pub household_id: Option<i64>,
    pub person_id: Option<i64>,
    pub purpose: Option<&'a str>,
    /// `(fiscal_year, seq, issue_number)` when the document carries a number.
    pub issue: Option<(i32, i64, &'a str)>,
    pub snapshot: &'a str,
}

#[derive(Debug, Clone, Default)]
pub struct Filter {
    pub state: Option<PrintState>,
    pub household_id: Option<i64>,
    pub limit: u32,
}

const COLS: &str = "j.id, j.kind, j.title, j.household_id, h.case_number, j.person_id, j.purpose, j.issue_number,
    j.state, j.snapshot, j.pdf_sha256, j.pages, coalesce(length(j.pdf), 0), j.printed_count, j.reprint_count,
    j.printer, j.error, j.requested_by, j.requested_at, j.generated_at, j.printed_at, j.delivered_at,
    j.voided_at, j.void_reason";

fn row(r: &rusqlite::Row<'_>) -> rusqlite::Result<PrintJobRow> {
    let state: String = r.get(8)?;
    Ok(PrintJobRow {
        id: r.get(0)?,
        kind: r.get(1)?,
        title: r.get(2)?,
        household_id: r.get(3)?,
        case_number: r.get(4)?,
        person_id: r.get(5)?,
        purpose: r.get(6)?,
        issue_number: r.get(7)?,
        state: PrintState::from_code(&state).ok_or_else(|| {
            rusqlite::Error::FromSqlConversionFailure(
                8,
                rusqlite::types::Type::Text,
                format!("state {state}").into(),
            )
        })?,
        snapshot: r.get(9)?,
        pdf_sha256: r.get(10)?,
        pages: r.get(11)?,
        bytes: r.get(12)?,
        printed_count: r.get(13)?,
        reprint_count: r.get(14)?,
        printer: r.get(15)?,
        error: r.get(16)?,
        requested_by: r.get(17)?,
        requested_at: r.get(18)?,
        generated_at: r.get(19)?,
        printed_at: r.get(20)?,
        delivered_at: r.get(21)?,
        voided_at: r.get(22)?,
        void_reason: r.get(23)?,
    })
}

/// The next free sequence number of a fiscal year. Call inside the writing transaction (an
/// immediate one, so two desks cannot take the same number).
pub fn next_issue_seq(conn: &Connection, fiscal_year: i32) -> Result<i64> {
    Ok(conn.query_row(
        "SELECT coalesce(max(issue_seq), 0) + 1 FROM print_jobs WHERE fiscal_year = ?1",
        [fiscal_year],
        |r| r.get(0),
    )?)
}

pub fn insert_requested(conn: &Connection, j: &NewJob<'_>, actor: &str, now: &str) -> Result<i64> {
    let (fy, seq, number) = match j.issue {
        Some((fy, seq, n)) => (Some(fy), Some(seq), Some(n)),
        None => (None, None, None),
    };
    conn.execute(
        "INSERT INTO print_jobs (kind, title, household_id, person_id, purpose, issue_number, fiscal_year, issue_seq,
            state, snapshot, requested_by, requested_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'requested', ?9, ?10, ?11)",
        params![j.kind, j.title, j.household_id, j.person_id, j.purpose, number, fy, seq, j.snapshot, actor, now],
    )?;
    Ok(conn.last_insert_rowid())
}

pub fn set_generated(
    conn: &Connection,
    id: i64,
    pdf: &[u8],
    sha256: &str,
    pages: i64,
    now: &str,
) -> Result<()> {
    changed(conn.execute(
        "UPDATE print_jobs SET state = 'generated', pdf = ?2, pdf_sha256 = ?3, pages = ?4, generated_at = ?5
         WHERE id = ?1 AND state = 'requested'",
        params![id, pdf, sha256, pages, now],
    )?, id)
}

pub fn get(conn: &Connection, id: i64) -> Result<Option<PrintJobRow>> {
    Ok(conn
        .query_row(
            &format!("SELECT {COLS} FROM print_jobs j LEFT JOIN households h ON h.id = j.household_id WHERE j.id = ?1"),
            [id],
            row,
        )
        .optional()?)
}

pub fn require(conn: &Connection, id: i64) -> Result<PrintJobRow> {
    get(conn, id)?.ok_or_else(|| StoreError::NotFound(format!("帳票（ID {id}）")))
}

/// The stored original PDF.
pub fn pdf(conn: &Connection, id: i64) -> Result<Vec<u8>> {
    conn.query_row("SELECT pdf FROM print_jobs WHERE id = ?1", [id], |r| {
        r.get::<_, Option<Vec<u8>>>(0)
    })
    .optional()?
    .flatten()
    .ok_or_else(|| StoreError::NotFound(format!("帳票（ID {id}）のPDF")))
}

/// Newest first.
pub fn list(conn: &Connection, f: &Filter) -> Result<Vec<PrintJobRow>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {COLS} FROM print_jobs j LEFT JOIN households h ON h.id = j.household_id
         WHERE (?1 IS NULL OR j.state = ?1) AND (?2 IS NULL OR j.household_id = ?2)
         ORDER BY j.id DESC LIMIT ?3"
    ))?;
    let rows = stmt.query_map(
        params![f.state.map(|s| s.code()), f.household_id, f.limit],
        row,
    )?;
    Ok(rows.collect::<rusqlite::Result<Vec<_>>>()?)
}

/// A successful send: the original (`reprint = false`, counted in `printed_count`) or the 再発行
/// version (counted in `reprint_count`).
pub fn mark_printed(
    conn: &Connection,
    id: i64,
    printer: Option<&str>,
    reprint: bool,
    now: &str,
) -> Result<()> {
    changed(
        conn.execute(
            "UPDATE print_jobs SET state = 'printed', printer = ?2, printed_at = ?3, error = NULL,
            printed_count = printed_count + 1 - ?4, reprint_count = reprint_count + ?4
         WHERE id = ?1",
            params![id, printer, now, reprint as i64],
        )?,
        id,
    )
}

/// A failed send: the state stays as it was, the reason is kept for the queue screen.
pub fn set_error(conn: &Connection, id: i64, error: &str) -> Result<()> {
    changed(
        conn.execute(
            "UPDATE print_jobs SET error = ?2 WHERE id = ?1",
            params![id, error],
        )?,
        id,
    )
}

pub fn mark_delivered(conn: &Connection, id: i64, now: &str) -> Result<()> {
    changed(
        conn.execute(
            "UPDATE print_jobs SET state = 'delivered', delivered_at = ?2 WHERE id = ?1",
            params![id, now],
        )?,
        id,
    )
}

pub fn mark_voided(conn: &Connection, id: i64, reason: &str, now: &str) -> Result<()> {
    changed(conn.execute(
        "UPDATE print_jobs SET state = 'voided', voided_at = ?2, void_reason = ?3 WHERE id = ?1",
        params![id, now, reason],
    )?, id)
}

fn changed(n: usize, id: i64) -> Result<()> {
    if n == 0 {
        Err(StoreError::NotFound(format!("帳票（ID {id}）")))
    } else {
        Ok(())
    }
}
