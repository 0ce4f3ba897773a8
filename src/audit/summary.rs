//! 操作ログ日次要約 (daily audit summary): one day's entries counted by operation and by user,
//! with the chain's anchor printed at the foot so the paper copy, filed or signed, can later prove
//! that no entry up to that point was removed (see [`super::anchor`]).

use chrono::NaiveDate;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};

use super::anchor::{self, Anchor};
use super::{actions, AuditError};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DailySummary {
    pub date: NaiveDate,
    pub entries: i64,
    /// (label, count), most frequent first.
    pub by_action: Vec<(String, i64)>,
    /// (user ID, count), most active first.
    pub by_user: Vec<(String, i64)>,
    pub failed_logins: i64,
    pub refusals: i64,
    pub first_seq: Option<i64>,
    pub last_seq: Option<i64>,
    /// The head of the whole chain when the summary was made.
    pub anchor: Anchor,
}

pub fn daily(conn: &Connection, date: NaiveDate) -> Result<DailySummary, AuditError> {
    let from = date.to_string();
    let to = (date + chrono::Duration::days(1)).to_string();
    let grouped = |col: &str| -> Result<Vec<(String, i64)>, AuditError> {
        let mut stmt = conn.prepare(&format!(
            "SELECT {col}, count(*) FROM audit_log WHERE at >= ?1 AND at < ?2 GROUP BY {col} ORDER BY count(*) DESC, {col}"
        ))?;
        let rows = stmt.query_map([&from, &to], |r| {
            Ok((r.get::<_, String>(0)?, r.get::<_, i64>(1)?))
        })?;
        Ok(rows.collect::<Result<Vec<_>, _>>()?)
    };
    let by_action_codes = grouped("action")?;
    let count_of = |code: &str| {
        by_action_codes
            .iter()
            .find(|(a, _)| a == code)
            .map(|(_, n)| *n)
            .unwrap_or(0)
    };
    let failed_logins = count_of(actions::LOGIN_FAILED) + count_of(actions::LOGIN_FAILED_REPORTED);
    let refusals = count_of(actions::REFUSED);
    let by_action = by_action_codes
        .iter()
        .map(|(a, n)| (actions::label(a).to_string(), *n))
        .collect();
    let (entries, first_seq, last_seq): (i64, Option<i64>, Option<i64>) = conn.query_row(
        "SELECT count(*), min(seq), max(seq) FROM audit_log WHERE at >= ?1 AND at < ?2",
        [&from, &to],
        |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)),
    )?;
    Ok(DailySummary {
        date,
        entries,
        by_action,
        by_user: grouped("user_id")?,
        failed_logins,
        refusals,
        first_seq,
        last_seq,
        anchor: anchor::current(conn)?,
    })
}

impl DailySummary {
    /// The summary as plain lines, for the terminal and for the printed page.
    pub fn lines(&self) -> Vec<String> {
        let mut out = vec![format!(
            "操作ログ日次要約　{}",
            crate::domain::era::format_wareki(self.date)
        )];
        out.push(match (self.first_seq, self.last_seq) {
            (Some(a), Some(b)) => format!("記録 {} 件（{a} 番〜{b} 番）", self.entries),
            _ => "この日の記録はありません".into(),
        });
        out.push(format!(
            "ログイン失敗 {} 件・権限のない操作の試み {} 件",
            self.failed_logins, self.refusals
        ));
        out.push("操作別:".into());
        out.extend(self.by_action.iter().map(|(l, n)| format!("　{l}　{n} 件")));
        out.push("職員別:".into());
        out.extend(self.by_user.iter().map(|(u, n)| format!("　{u}　{n} 件")));
        out.push(format!(
            "控え（この時点の最新記録）: {} 番　ハッシュ {}",
            self.anchor.seq, self.anchor.hash
        ));
        out.push(self.anchor.to_line());
        out
    }
}
