//! 保存期間: the administrator's rules, legal holds and appeals, and the deletion run — a plan
//! that lists what is due, then the run that deletes exactly that plan in one transaction and
//! records each deletion without the personal data (`store::retention`).

use serde::{Deserialize, Serialize};
use serde_json::json;
use ts_rs::TS;

use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::domain::role::Permission;
use crate::store::retention::{self as ret, CountsFrom, DeletionRecord, Hold, PlanItem, Rule};
use crate::store::StoreError;

/// The retention screen: rules, holds, what a run would delete today, and what was deleted.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RetentionView {
    pub rules: Vec<RuleView>,
    pub holds: Vec<Hold>,
    pub plan: Vec<PlanItem>,
    /// Pass back to `retention_run`: the run deletes only this plan.
    pub plan_digest: String,
    pub deletions: Vec<DeletionRecord>,
    /// What a rule may say (the rule form's choices).
    pub year_choices: Vec<YearChoice>,
    pub counts_from_choices: Vec<CountsFromChoice>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct YearChoice {
    /// None = 永久.
    pub years: Option<u32>,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct CountsFromChoice {
    pub counts_from: CountsFrom,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RuleView {
    pub rule: Rule,
    pub record_type_label: String,
    pub label: String,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct RetentionRunResult {
    pub deleted: Vec<PlanItem>,
    #[ts(type = "number")]
    pub rows: i64,
}

impl App {
    pub fn retention_view(&mut self) -> Result<RetentionView> {
        self.require(Permission::EditOffice)?;
        let today = self.today();
        let conn = self.store.conn();
        let plan = ret::plan(conn, today)?;
        let v = RetentionView {
            rules: ret::rules(conn)?
                .into_iter()
                .map(|r| RuleView {
                    record_type_label: r.record_type.label().into(),
                    label: r.label(),
                    rule: r,
                })
                .collect(),
            holds: ret::holds(conn)?,
            plan_digest: ret::digest(&plan),
            plan,
            deletions: ret::deletions(conn, 200)?,
            year_choices: std::iter::once(None)
                .chain(ret::ALLOWED_YEARS.iter().rev().map(|y| Some(*y)))
                .map(|years| YearChoice {
                    label: years.map_or("永久".into(), |y| format!("{y}年")),
                    years,
                })
                .collect(),
            counts_from_choices: CountsFrom::ALL
                .iter()
                .map(|c| CountsFromChoice {
                    counts_from: *c,
                    label: c.label().into(),
                })
                .collect(),
        };
        self.audit_read(
            actions::RETENTION_PLAN,
            None,
            None,
            json!({ "items": v.plan.len(), "digest": v.plan_digest }),
        )?;
        Ok(v)
    }

    pub fn retention_rule_save(&mut self, rule: &Rule) -> Result<RetentionView> {
        self.require(Permission::EditOffice)?;
        self.write(|tx| {
            let by = tx.actor().to_string();
            let at = tx.now().to_string();
            let old = ret::save_rule(tx.conn(), rule, &by, &at)?;
            tx.audit(
                actions::RETENTION_RULE_SAVE,
                Some("retention_rule"),
                Some(rule.record_type.code()),
                json!({ "old": old, "new": rule }),
            )?;
            Ok(())
        })?;
        self.retention_view()
    }

    /// Hold, with a reason, the household filed under `case_number` (what the office knows a
    /// case by).
    pub fn legal_hold_by_case(&mut self, case_number: &str, reason: &str) -> Result<RetentionView> {
        self.require(Permission::EditOffice)?;
        if reason.trim().is_empty() {
            return Err(ServiceError::refused(
                "RETENTION_BAD_REASON",
                "保存を続ける理由を入力してください",
            ));
        }
        let id =
            crate::store::households::id_by_case_number(self.store.conn(), case_number.trim())?
                .ok_or_else(|| {
                    ServiceError::refused(
                        "RETENTION_NO_CASE",
                        format!("ケース番号「{}」の世帯はありません", case_number.trim()),
                    )
                })?;
        self.legal_hold(id, Some(reason))
    }

    /// Set (with a reason) or lift (`None`) a household's legal hold.
    pub fn legal_hold(&mut self, household_id: i64, reason: Option<&str>) -> Result<RetentionView> {
        self.write_hold(household_id, reason)?;
        self.retention_view()
    }

    /// The same from the household screen: the household as it now shows.
    pub fn household_legal_hold(
        &mut self,
        household_id: i64,
        reason: Option<&str>,
    ) -> Result<crate::service::views::HouseholdView> {
        self.write_hold(household_id, reason)?;
        self.household_view(household_id)
    }

    /// `reason`: `Some` sets the hold (a blank reason is refused), `None` lifts it.
    fn write_hold(&mut self, household_id: i64, reason: Option<&str>) -> Result<()> {
        self.require(Permission::EditOffice)?;
        let reason = reason.map(str::trim);
        if reason == Some("") {
            return Err(ServiceError::refused(
                "RETENTION_BAD_REASON",
                "保存を続ける理由を入力してください",
            ));
        }
        if let Some(msg) = reason.and_then(|r| crate::domain::text::problem("保留の理由", r, 200))
        {
            return Err(ServiceError::refused("RETENTION_BAD_REASON", msg));
        }
        self.write(|tx| {
            crate::store::households::get(tx.conn(), household_id)?
                .ok_or_else(|| StoreError::NotFound("世帯".into()))?;
            let by = tx.actor().to_string();
            let at = tx.now().to_string();
            let had = ret::set_hold(tx.conn(), household_id, reason, &by, &at)?;
            tx.audit(
                actions::LEGAL_HOLD,
                Some("household"),
                Some(&household_id.to_string()),
                json!({ "held_before": had, "held": reason.is_some(), "reason": reason }),
            )?;
            Ok(())
        })
    }

    /// Record a 審査請求 of a household (or the date it became final).
    pub fn record_appeal(
        &mut self,
        household_id: i64,
        filed_on: &str,
        final_on: Option<&str>,
    ) -> Result<RetentionView> {
        self.require(Permission::EditOffice)?;
        let parse = |s: &str| {
            crate::domain::era::parse_date(s)
                .map_err(|e| ServiceError::refused("RETENTION_BAD_DATE", e.to_string()))
        };
        let filed = parse(filed_on)?;
        let fin = final_on.map(parse).transpose()?;
        self.write(|tx| {
            crate::store::households::get(tx.conn(), household_id)?
                .ok_or_else(|| StoreError::NotFound("世帯".into()))?;
            let by = tx.actor().to_string();
            let at = tx.now().to_string();
            let id = ret::record_appeal(tx.conn(), household_id, filed, fin, &by, &at)?;
            tx.audit(
                actions::LEGAL_HOLD,
                Some("household"),
                Some(&household_id.to_string()),
                json!({ "appeal": id, "filed_on": filed.to_string(), "final_on": fin.map(|d| d.to_string()) }),
            )?;
            Ok(())
        })?;
        self.retention_view()
    }

    /// 削除の実行: deletes exactly the plan whose digest the person saw (a plan that changed
    /// meanwhile is refused), in one transaction, with one record per deleted item.
    pub fn retention_run(&mut self, expected_digest: &str) -> Result<RetentionRunResult> {
        self.require(Permission::EditOffice)?;
        let today = self.today();
        self.write(|tx| {
            let plan = ret::plan(tx.conn(), today)?;
            if ret::digest(&plan) != expected_digest {
                return Err(ServiceError::refused(
                    "RETENTION_PLAN_CHANGED",
                    "削除予定が確認したときと変わっています。もう一度一覧を確認してから実行してください",
                ));
            }
            let by = tx.actor().to_string();
            let at = tx.now().to_string();
            let rows = ret::delete(tx.conn(), &plan, &by, &at)?;
            for i in &plan {
                if i.record_type == ret::RecordType::CaseRecord {
                    tx.touch_household(i.record_id);
                }
                // Type, identifier, event and rule: never a name or a number.
                tx.audit(
                    actions::RETENTION_DELETE,
                    Some(i.record_type.code()),
                    Some(&i.record_id.to_string()),
                    json!({ "label": i.label, "event_date": i.event_date, "due_date": i.due_date, "rule": i.rule }),
                )?;
            }
            Ok(RetentionRunResult {
                deleted: plan,
                rows: rows as i64,
            })
        })
    }
}
