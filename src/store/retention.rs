//! 保存期間 (retention): rules per record type, legal holds, appeals, and the deletion of what
//! has passed its period — listed first, deleted in one transaction, recorded without the
//! personal data itself.
//!
//! Record types: `case_record` — a closed (廃止) household with everything about it (members,
//! My Numbers, situations, applications, decisions, documents, and whatever later tables refer
//! to it: the deletion follows the foreign keys, so a new table cannot be forgotten); `document`
//! — a finished document (printed, delivered or voided) of a household that stays; `appeal` —
//! a household with a 審査請求 is kept while any is open and until the `appeal` period after
//! the last one became final. A person who died is kept like the living: only their household's
//! rule ever deletes them.

use std::collections::BTreeMap;

use chrono::{Datelike, NaiveDate};
use rusqlite::{params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::StoreError;

type Result<T> = std::result::Result<T, StoreError>;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RecordType {
    CaseRecord,
    Document,
    Appeal,
}

impl RecordType {
    pub const ALL: [RecordType; 3] = [
        RecordType::CaseRecord,
        RecordType::Document,
        RecordType::Appeal,
    ];
    pub fn code(self) -> &'static str {
        match self {
            RecordType::CaseRecord => "case_record",
            RecordType::Document => "document",
            RecordType::Appeal => "appeal",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            RecordType::CaseRecord => "ケース記録（廃止世帯の記録一式）",
            RecordType::Document => "帳票（交付・印刷・取消済み）",
            RecordType::Appeal => "審査請求に関する記録",
        }
    }
    fn parse(s: &str) -> Option<RecordType> {
        RecordType::ALL.into_iter().find(|t| t.code() == s)
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CountsFrom {
    /// 廃止の日から
    Abolition,
    /// 年度末から（その記録の日の属する年度の3月31日）
    FiscalYearEnd,
    /// 審査請求の裁決確定の日から
    ReviewFinal,
}

impl CountsFrom {
    pub fn code(self) -> &'static str {
        match self {
            CountsFrom::Abolition => "abolition",
            CountsFrom::FiscalYearEnd => "fiscal_year_end",
            CountsFrom::ReviewFinal => "review_final",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            CountsFrom::Abolition => "廃止の日から",
            CountsFrom::FiscalYearEnd => "年度末から",
            CountsFrom::ReviewFinal => "審査請求の裁決確定から",
        }
    }
    pub const ALL: [CountsFrom; 3] = [
        CountsFrom::Abolition,
        CountsFrom::FiscalYearEnd,
        CountsFrom::ReviewFinal,
    ];
    fn parse(s: &str) -> Option<CountsFrom> {
        Self::ALL.into_iter().find(|c| c.code() == s)
    }
}

/// One rule: `years` None = 永久 (kept for ever).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Rule {
    pub record_type: RecordType,
    pub years: Option<u32>,
    pub counts_from: CountsFrom,
}

impl Rule {
    pub fn label(&self) -> String {
        match self.years {
            None => format!("{}: 永久", self.record_type.label()),
            Some(y) => format!(
                "{}: {}{}年",
                self.record_type.label(),
                self.counts_from.label(),
                y
            ),
        }
    }
}

/// The classes the office chooses from (MHLW 昭和36年 社発第726号).
pub const ALLOWED_YEARS: [u32; 4] = [1, 3, 5, 10];

pub fn rules(conn: &Connection) -> Result<Vec<Rule>> {
    let mut st = conn.prepare(
        "SELECT record_type, years, counts_from FROM retention_rules ORDER BY record_type",
    )?;
    let rows = st.query_map([], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, Option<u32>>(1)?,
            r.get::<_, String>(2)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (t, years, c) = row?;
        if let (Some(record_type), Some(counts_from)) =
            (RecordType::parse(&t), CountsFrom::parse(&c))
        {
            out.push(Rule {
                record_type,
                years,
                counts_from,
            });
        }
    }
    out.sort_by_key(|r| r.record_type);
    Ok(out)
}

/// Replace one rule; returns the old one (for the audit entry).
pub fn save_rule(conn: &Connection, rule: &Rule, by: &str, at: &str) -> Result<Option<Rule>> {
    if rule.years.is_some_and(|y| !ALLOWED_YEARS.contains(&y)) {
        return Err(StoreError::Conflict(
            "保存期間は 永久・10年・5年・3年・1年 から選んでください".into(),
        ));
    }
    let old = rules(conn)?
        .into_iter()
        .find(|r| r.record_type == rule.record_type);
    conn.execute(
        "INSERT INTO retention_rules (record_type, years, counts_from, updated_by, updated_at)
         VALUES (?1, ?2, ?3, ?4, ?5)
         ON CONFLICT(record_type) DO UPDATE SET years = ?2, counts_from = ?3, updated_by = ?4, updated_at = ?5",
        params![rule.record_type.code(), rule.years, rule.counts_from.code(), by, at],
    )?;
    Ok(old)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Hold {
    #[ts(type = "number")]
    pub household_id: i64,
    pub case_number: String,
    pub reason: String,
    pub set_by: String,
    pub set_at: String,
}

const HOLD_SELECT: &str = "SELECT l.household_id, h.case_number, l.reason, l.set_by, l.set_at
     FROM legal_holds l JOIN households h ON h.id = l.household_id";

fn hold_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<Hold> {
    Ok(Hold {
        household_id: r.get(0)?,
        case_number: r.get(1)?,
        reason: r.get(2)?,
        set_by: r.get(3)?,
        set_at: r.get(4)?,
    })
}

pub fn holds(conn: &Connection) -> Result<Vec<Hold>> {
    let mut st = conn.prepare(&format!("{HOLD_SELECT} ORDER BY h.case_number"))?;
    let rows = st.query_map([], hold_row)?;
    Ok(rows.collect::<std::result::Result<_, _>>()?)
}

/// The household's legal hold, if it has one.
pub fn hold_of(conn: &Connection, household_id: i64) -> Result<Option<Hold>> {
    Ok(conn
        .query_row(
            &format!("{HOLD_SELECT} WHERE l.household_id = ?1"),
            [household_id],
            hold_row,
        )
        .optional()?)
}

/// Set (`reason` Some) or lift (None) a household's legal hold. Returns whether one was there.
pub fn set_hold(
    conn: &Connection,
    household_id: i64,
    reason: Option<&str>,
    by: &str,
    at: &str,
) -> Result<bool> {
    let had: bool = conn
        .query_row(
            "SELECT 1 FROM legal_holds WHERE household_id = ?1",
            [household_id],
            |_| Ok(true),
        )
        .optional()?
        .unwrap_or(false);
    match reason {
        Some(r) => {
            conn.execute(
                "INSERT INTO legal_holds (household_id, reason, set_by, set_at) VALUES (?1, ?2, ?3, ?4)
                 ON CONFLICT(household_id) DO UPDATE SET reason = ?2, set_by = ?3, set_at = ?4",
                params![household_id, r, by, at],
            )?;
        }
        None => {
            conn.execute(
                "DELETE FROM legal_holds WHERE household_id = ?1",
                [household_id],
            )?;
        }
    }
    Ok(had)
}

/// Record a 審査請求 (and, later, the date it became final).
pub fn record_appeal(
    conn: &Connection,
    household_id: i64,
    filed_on: NaiveDate,
    final_on: Option<NaiveDate>,
    by: &str,
    at: &str,
) -> Result<i64> {
    if final_on.is_some_and(|f| f < filed_on) {
        return Err(StoreError::Conflict(
            "裁決確定日が請求日より前になっています".into(),
        ));
    }
    let open: Option<i64> = conn
        .query_row(
            "SELECT id FROM appeals WHERE household_id = ?1 AND filed_on = ?2",
            params![household_id, filed_on.to_string()],
            |r| r.get(0),
        )
        .optional()?;
    match open {
        Some(id) => {
            conn.execute(
                "UPDATE appeals SET final_on = ?2, recorded_by = ?3, recorded_at = ?4 WHERE id = ?1",
                params![id, final_on.map(|d| d.to_string()), by, at],
            )?;
            Ok(id)
        }
        None => {
            conn.execute(
                "INSERT INTO appeals (household_id, filed_on, final_on, recorded_by, recorded_at)
                 VALUES (?1, ?2, ?3, ?4, ?5)",
                params![
                    household_id,
                    filed_on.to_string(),
                    final_on.map(|d| d.to_string()),
                    by,
                    at
                ],
            )?;
            Ok(conn.last_insert_rowid())
        }
    }
}

/// One record a run would delete.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct PlanItem {
    pub record_type: RecordType,
    /// The household's or document's internal ID.
    #[ts(type = "number")]
    pub record_id: i64,
    /// ケース番号 or 帳票番号 (what the office files by).
    pub label: String,
    pub event_date: String,
    pub due_date: String,
    pub rule: String,
}

/// The end of the fiscal year (3月31日) that `d` falls in.
pub fn fiscal_year_end(d: NaiveDate) -> NaiveDate {
    let y = if d.month() >= 4 {
        d.year() + 1
    } else {
        d.year()
    };
    NaiveDate::from_ymd_opt(y, 3, 31).expect("valid date")
}

fn add_years(d: NaiveDate, years: u32) -> NaiveDate {
    d.with_year(d.year() + years as i32)
        .unwrap_or_else(|| NaiveDate::from_ymd_opt(d.year() + years as i32, 2, 28).expect("valid"))
}

fn date(s: &str) -> Option<NaiveDate> {
    NaiveDate::parse_from_str(s.get(..10)?, "%Y-%m-%d").ok()
}

struct Appeals {
    open: bool,
    last_final: Option<NaiveDate>,
}

fn appeals_of(conn: &Connection, household_id: i64) -> Result<Appeals> {
    let mut st = conn.prepare("SELECT final_on FROM appeals WHERE household_id = ?1")?;
    let finals: Vec<Option<String>> = st
        .query_map([household_id], |r| r.get(0))?
        .collect::<std::result::Result<_, _>>()?;
    Ok(Appeals {
        open: finals.iter().any(|f| f.is_none()),
        last_final: finals.iter().flatten().filter_map(|f| date(f)).max(),
    })
}

/// Every record whose period has passed on `today`, not held, not under an open appeal.
pub fn plan(conn: &Connection, today: NaiveDate) -> Result<Vec<PlanItem>> {
    let rules: BTreeMap<RecordType, Rule> = rules(conn)?
        .into_iter()
        .map(|r| (r.record_type, r))
        .collect();
    let held: std::collections::BTreeSet<i64> = {
        let mut st = conn.prepare("SELECT household_id FROM legal_holds")?;
        let v = st
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        v
    };
    // A household the servers have not yet confirmed everything about (未送信, 送信済, エラー,
    // 再送待ち) stays until they have: its deletion would lose what they must still learn.
    let exchange_open: std::collections::BTreeSet<i64> = {
        let mut st = conn.prepare(
            "SELECT DISTINCT coalesce(o.household_id, p.household_id) FROM outbox o
             LEFT JOIN persons p ON p.id = o.person_id
             WHERE o.state <> 'accepted'",
        )?;
        let v = st
            .query_map([], |r| r.get::<_, Option<i64>>(0))?
            .filter_map(|r| r.transpose())
            .collect::<std::result::Result<_, _>>()?;
        v
    };
    let mut out = vec![];
    // Households: closed, with the date they were closed (the newest 'closed' entry).
    let mut st = conn.prepare(
        "SELECT h.id, h.case_number, h.status,
                (SELECT max(effective_date) FROM household_status_history s
                  WHERE s.household_id = h.id AND s.status = 'closed')
         FROM households h ORDER BY h.id",
    )?;
    let households: Vec<(i64, String, String, Option<String>)> = st
        .query_map([], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?, r.get(3)?)))?
        .collect::<std::result::Result<_, _>>()?;
    let mut deleted_households = std::collections::BTreeSet::new();
    let event_for =
        |rule: &Rule, own: NaiveDate, abolished: Option<NaiveDate>, ap: &Appeals| match rule
            .counts_from
        {
            CountsFrom::Abolition => abolished,
            CountsFrom::FiscalYearEnd => Some(fiscal_year_end(own)),
            CountsFrom::ReviewFinal => ap.last_final.or(Some(own)),
        };
    for (id, case_number, status, closed_on) in &households {
        if held.contains(id) || exchange_open.contains(id) {
            continue;
        }
        let ap = appeals_of(conn, *id)?;
        if ap.open {
            continue;
        }
        // An appeal that became final keeps the household for the appeal rule.
        if let (Some(f), Some(rule)) = (ap.last_final, rules.get(&RecordType::Appeal)) {
            match rule.years {
                None => continue,
                Some(y) => {
                    let ev = match rule.counts_from {
                        CountsFrom::FiscalYearEnd => fiscal_year_end(f),
                        _ => f,
                    };
                    if add_years(ev, y) > today {
                        continue;
                    }
                }
            }
        }
        if status != "closed" {
            continue;
        }
        let Some(abolished) = closed_on.as_deref().and_then(date) else {
            continue;
        };
        let Some(rule) = rules.get(&RecordType::CaseRecord) else {
            continue;
        };
        let Some(years) = rule.years else { continue };
        let Some(ev) = event_for(rule, abolished, Some(abolished), &ap) else {
            continue;
        };
        let due = add_years(ev, years);
        if due <= today {
            deleted_households.insert(*id);
            out.push(PlanItem {
                record_type: RecordType::CaseRecord,
                record_id: *id,
                label: case_number.clone(),
                event_date: ev.to_string(),
                due_date: due.to_string(),
                rule: rule.label(),
            });
        }
    }
    // Finished documents of households that stay.
    if let Some(rule) = rules.get(&RecordType::Document) {
        if let Some(years) = rule.years {
            let mut st = conn.prepare(
                "SELECT p.id, coalesce(p.issue_number, p.title), p.household_id, p.requested_at,
                        (SELECT max(effective_date) FROM household_status_history s
                          WHERE s.household_id = p.household_id AND s.status = 'closed'),
                        (SELECT status FROM households h WHERE h.id = p.household_id)
                 FROM print_jobs p WHERE p.state IN ('printed','delivered','voided') ORDER BY p.id",
            )?;
            type Doc = (
                i64,
                String,
                Option<i64>,
                String,
                Option<String>,
                Option<String>,
            );
            let docs: Vec<Doc> = st
                .query_map([], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })?
                .collect::<std::result::Result<_, _>>()?;
            for (id, label, hid, requested_at, closed_on, hstatus) in docs {
                if hid.is_some_and(|h| held.contains(&h) || deleted_households.contains(&h)) {
                    continue;
                }
                let ap = match hid {
                    Some(h) => appeals_of(conn, h)?,
                    None => Appeals {
                        open: false,
                        last_final: None,
                    },
                };
                if ap.open {
                    continue;
                }
                let Some(own) = date(&requested_at) else {
                    continue;
                };
                let abolished = if hstatus.as_deref() == Some("closed") {
                    closed_on.as_deref().and_then(date)
                } else {
                    None
                };
                let Some(ev) = event_for(rule, own, abolished, &ap) else {
                    continue;
                };
                let due = add_years(ev, years);
                if due <= today {
                    out.push(PlanItem {
                        record_type: RecordType::Document,
                        record_id: id,
                        label,
                        event_date: ev.to_string(),
                        due_date: due.to_string(),
                        rule: rule.label(),
                    });
                }
            }
        }
    }
    Ok(out)
}

/// A digest of a plan: a run deletes only what the person looked at.
pub fn digest(items: &[PlanItem]) -> String {
    use sha2::{Digest, Sha256};
    let mut h = Sha256::new();
    for i in items {
        h.update(format!(
            "{}:{}:{}\n",
            i.record_type.code(),
            i.record_id,
            i.due_date
        ));
    }
    hex::encode(&h.finalize()[..8])
}

/// (child table, child column, parent column)
type Reference = (String, String, String);

/// Child tables by parent, from the schema itself.
fn references(conn: &Connection) -> Result<BTreeMap<String, Vec<Reference>>> {
    let tables: Vec<String> = {
        let mut st = conn.prepare(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'",
        )?;
        let v = st
            .query_map([], |r| r.get(0))?
            .collect::<std::result::Result<_, _>>()?;
        v
    };
    let mut map: BTreeMap<String, Vec<Reference>> = BTreeMap::new();
    for t in tables {
        let mut st =
            conn.prepare("SELECT \"table\", \"from\", \"to\" FROM pragma_foreign_key_list(?1)")?;
        let fks: Vec<(String, String, Option<String>)> = st
            .query_map([&t], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))?
            .collect::<std::result::Result<_, _>>()?;
        for (parent, from, to) in fks {
            map.entry(parent).or_default().push((
                t.clone(),
                from,
                to.unwrap_or_else(|| "id".into()),
            ));
        }
    }
    Ok(map)
}

fn quote(ident: &str) -> String {
    format!("\"{}\"", ident.replace('"', "\"\""))
}

/// Delete the rows of `table` chosen by `selector` (an SQL condition) and, first, every row
/// anywhere that refers to them. Returns the number of rows deleted.
fn delete_cascade(
    conn: &Connection,
    refs: &BTreeMap<String, Vec<Reference>>,
    table: &str,
    selector: &str,
    depth: u32,
) -> Result<usize> {
    if depth > 8 {
        return Err(StoreError::Conflict(
            "削除する記録の参照が深すぎます".into(),
        ));
    }
    let mut n = 0;
    for (child, from, to) in refs.get(table).into_iter().flatten() {
        if child == table {
            continue;
        }
        let sel = format!(
            "{} IN (SELECT {} FROM {} WHERE {})",
            quote(from),
            quote(to),
            quote(table),
            selector
        );
        n += delete_cascade(conn, refs, child, &sel, depth + 1)?;
    }
    n += conn.execute(
        &format!("DELETE FROM {} WHERE {}", quote(table), selector),
        [],
    )?;
    Ok(n)
}

/// Delete the planned records and record each deletion (type, identifier, event, rule). Runs in
/// the caller's transaction: all of it, or nothing.
pub fn delete(conn: &Connection, items: &[PlanItem], by: &str, at: &str) -> Result<usize> {
    let refs = references(conn)?;
    // Lets the exchange's no-delete triggers through for this transaction only (0012).
    conn.execute("INSERT INTO retention_run_active (one) VALUES (1)", [])?;
    let mut total = 0;
    for i in items {
        let rows = match i.record_type {
            RecordType::CaseRecord => {
                // The household's own appeal and hold rows go with it.
                delete_cascade(
                    conn,
                    &refs,
                    "households",
                    &format!("id = {}", i.record_id),
                    0,
                )?
            }
            RecordType::Document => delete_cascade(
                conn,
                &refs,
                "print_jobs",
                &format!("id = {}", i.record_id),
                0,
            )?,
            RecordType::Appeal => 0,
        };
        conn.execute(
            "INSERT INTO retention_deletions (run_at, run_by, record_type, record_id, event_date, rule, rows)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            params![
                at,
                by,
                i.record_type.code(),
                format!("{} {}", i.record_id, i.label),
                i.event_date,
                i.rule,
                rows as i64
            ],
        )?;
        total += rows;
    }
    conn.execute("DELETE FROM retention_run_active", [])?;
    Ok(total)
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct DeletionRecord {
    pub run_at: String,
    pub run_by: String,
    pub record_type: RecordType,
    pub record_id: String,
    pub event_date: String,
    pub rule: String,
    #[ts(type = "number")]
    pub rows: i64,
}

pub fn deletions(conn: &Connection, limit: u32) -> Result<Vec<DeletionRecord>> {
    let mut st = conn.prepare(
        "SELECT run_at, run_by, record_type, record_id, event_date, rule, rows
         FROM retention_deletions ORDER BY id DESC LIMIT ?1",
    )?;
    let rows = st.query_map([limit], |r| {
        Ok((
            r.get::<_, String>(0)?,
            r.get::<_, String>(1)?,
            r.get::<_, String>(2)?,
            r.get::<_, String>(3)?,
            r.get::<_, String>(4)?,
            r.get::<_, String>(5)?,
            r.get::<_, i64>(6)?,
        ))
    })?;
    let mut out = vec![];
    for row in rows {
        let (run_at, run_by, t, record_id, event_date, rule, rows) = row?;
        if let Some(record_type) = RecordType::parse(&t) {
            out.push(DeletionRecord {
                run_at,
                run_by,
                record_type,
                record_id,
                event_date,
                rule,
                rows,
            });
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fiscal_years_end_on_the_31st_of_march() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert_eq!(fiscal_year_end(d("2020-04-01")), d("2021-03-31"));
        assert_eq!(fiscal_year_end(d("2021-03-31")), d("2021-03-31"));
        assert_eq!(add_years(d("2020-02-29"), 5), d("2025-02-28"));
    }
}
