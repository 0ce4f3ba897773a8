//! 点検 (access review): the administrator's monthly report of logins, My Number reveals,
//! exports and prints per user, and the home screen's alert when one user opens unusually many
//! households in a day (seed 001: review the logs, flag bulk extraction). Both are read from the
//! audit log, the one place every such action is written.

use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::domain::role::Permission;
use crate::store::StoreError;

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AccessReviewRow {
    pub user_id: String,
    pub display_name: String,
    pub logins: u32,
    pub failed_logins: u32,
    pub my_number_reveals: u32,
    pub exports: u32,
    pub prints: u32,
    pub households_opened: u32,
    /// The most households this user opened in one day of the month, and that day.
    pub max_opens_in_a_day: u32,
    pub max_opens_day: Option<String>,
    pub refused: u32,
    /// On one day this user opened more households than the office's alert threshold.
    pub over_threshold: bool,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct AccessReview {
    /// `YYYY-MM`.
    pub month: String,
    pub rows: Vec<AccessReviewRow>,
    pub open_alert_threshold: u32,
}

/// One user who opened more households today than the office's threshold.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct HomeAlert {
    pub kind: String,
    pub user_id: Option<String>,
    pub count: u32,
    pub message: String,
}

const EXPORT_ACTIONS: &str = "action = 'export' OR action LIKE '%\\_export%' ESCAPE '\\'";
const PRINT_ACTIONS: &str = "action IN ('print', 'print_reprint')";

impl App {
    /// The month's report (`YYYY-MM`, default this month). `view_audit`; audited.
    pub fn access_review(&mut self, month: Option<&str>) -> Result<AccessReview> {
        self.require(Permission::ViewAudit)?;
        let month = match month.map(str::trim).filter(|m| !m.is_empty()) {
            Some(m) => {
                let ok = m.len() == 7
                    && chrono::NaiveDate::parse_from_str(&format!("{m}-01"), "%Y-%m-%d").is_ok();
                if !ok {
                    return Err(ServiceError::refused(
                        "ACCESS_REVIEW_MONTH",
                        "月は 2026-04 の形で指定してください",
                    ));
                }
                m.to_string()
            }
            None => self.today().format("%Y-%m").to_string(),
        };
        let (rows, threshold) = review_rows(self.store.conn(), &month)?;
        self.audit_read(
            actions::ACCESS_REVIEW,
            None,
            None,
            json!({ "month": month, "users": rows.len() }),
        )?;
        Ok(AccessReview {
            month,
            rows,
            open_alert_threshold: threshold,
        })
    }
}

fn review_rows(conn: &rusqlite::Connection, month: &str) -> Result<(Vec<AccessReviewRow>, u32)> {
    {
        let sql = format!(
            "SELECT a.user_id, coalesce(u.display_name, ''),
               sum(action = 'login'), sum(action IN ('login_failed_reported', 'login_failed')),
               sum(action = 'my_number_reveal'), sum({EXPORT_ACTIONS}), sum({PRINT_ACTIONS}),
               sum(action = 'household_open'), sum(action = 'refused')
             FROM audit_log a LEFT JOIN users u ON u.user_id = a.user_id
             WHERE substr(a.at, 1, 7) = ?1
             GROUP BY a.user_id ORDER BY a.user_id"
        );
        let mut st = conn.prepare(&sql).map_err(StoreError::from)?;
        let mut rows: Vec<AccessReviewRow> = st
            .query_map([month], |r| {
                Ok(AccessReviewRow {
                    user_id: r.get(0)?,
                    display_name: r.get(1)?,
                    logins: r.get(2)?,
                    failed_logins: r.get(3)?,
                    my_number_reveals: r.get(4)?,
                    exports: r.get(5)?,
                    prints: r.get(6)?,
                    households_opened: r.get(7)?,
                    max_opens_in_a_day: 0,
                    max_opens_day: None,
                    refused: r.get(8)?,
                    over_threshold: false,
                })
            })
            .map_err(StoreError::from)?
            .collect::<std::result::Result<_, _>>()
            .map_err(StoreError::from)?;
        let mut st = conn
            .prepare(
                "SELECT user_id, substr(at, 1, 10) AS day, count(*) AS n FROM audit_log
                 WHERE action = 'household_open' AND substr(at, 1, 7) = ?1
                 GROUP BY user_id, day ORDER BY n DESC",
            )
            .map_err(StoreError::from)?;
        let days: Vec<(String, String, u32)> = st
            .query_map([month], |r| Ok((r.get(0)?, r.get(1)?, r.get(2)?)))
            .map_err(StoreError::from)?
            .collect::<std::result::Result<_, _>>()
            .map_err(StoreError::from)?;
        for row in &mut rows {
            if let Some((_, day, n)) = days.iter().find(|(u, _, _)| *u == row.user_id) {
                row.max_opens_in_a_day = *n;
                row.max_opens_day = Some(day.clone());
            }
        }
        let threshold = super::backup::settings(conn)?.open_alert_threshold;
        for row in &mut rows {
            row.over_threshold = row.max_opens_in_a_day > threshold;
        }
        Ok((rows, threshold))
    }
}

impl App {
    /// The home screen's alerts for this user: many households opened by one user today (to
    /// those who review the log), a failed automatic backup (to the administrator).
    pub(crate) fn home_alerts(&self) -> Result<Vec<HomeAlert>> {
        let conn = self.store.conn();
        let mut out = vec![];
        let s = super::backup::settings(conn)?;
        if self.user.role.can(Permission::ViewAudit) {
            let today = self.today().to_string();
            let mut st = conn
                .prepare(
                    "SELECT user_id, count(*) AS n FROM audit_log
                     WHERE action = 'household_open' AND substr(at, 1, 10) = ?1
                     GROUP BY user_id HAVING n > ?2 ORDER BY n DESC",
                )
                .map_err(StoreError::from)?;
            let many: Vec<(String, u32)> = st
                .query_map(rusqlite::params![today, s.open_alert_threshold], |r| {
                    Ok((r.get(0)?, r.get(1)?))
                })
                .map_err(StoreError::from)?
                .collect::<std::result::Result<_, _>>()
                .map_err(StoreError::from)?;
            for (u, n) in many {
                out.push(HomeAlert {
                    kind: "many_households_opened".into(),
                    message: format!(
                        "{u} さんが今日 {n} 世帯を開いています（警告の基準: 1日 {} 世帯）。操作ログで確認してください",
                        s.open_alert_threshold
                    ),
                    user_id: Some(u),
                    count: n,
                });
            }
        }
        if self.user.role.can(Permission::ManageUsers) {
            if let Some(e) = s.last_auto_error {
                out.push(HomeAlert {
                    kind: "backup_failed".into(),
                    user_id: None,
                    count: 0,
                    message: format!("自動バックアップに失敗しました: {e}"),
                });
            }
        }
        Ok(out)
    }
}
