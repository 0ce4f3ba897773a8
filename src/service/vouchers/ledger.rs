//! Review, void, 再交付, the 交付処理簿 and what a decision changed — for any scheme.

use std::collections::HashMap;

use rusqlite::Connection;
use serde_json::json;

use super::{parse_month, period_label, scheme, Due, Plan, Planned, VoucherScheme};
use crate::audit::actions;
use crate::domain::era::format_wareki_short;
use crate::domain::household::ValidationError;
use crate::domain::role::{Permission, Role};
use crate::domain::voucher::{
    proposal_actions, voucher_actions, Disposition, LedgerEvent, VoucherMonth, VoucherState,
};
use crate::service::views::{
    InterruptedRun, LedgerLine, LedgerView, ProposalCounts, ProposalRow, VoucherChangeView,
    VoucherEventView, VoucherProposalView, VoucherView,
};
use crate::service::{App, Result, ServiceError};
use crate::store::vouchers::{self as sv, VoucherRow};

const REASON_MAX_CHARS: usize = 200;

/// Display names of users, looked up once each.
#[derive(Default)]
pub(crate) struct Names(HashMap<String, String>);

impl Names {
    pub(crate) fn get(&mut self, conn: &Connection, user_id: &str) -> String {
        if let Some(n) = self.0.get(user_id) {
            return n.clone();
        }
        let n = crate::store::users::get(conn, user_id)
            .ok()
            .flatten()
            .map(|u| u.display_name)
            .filter(|n| !n.trim().is_empty())
            .unwrap_or_else(|| user_id.to_string());
        self.0.insert(user_id.to_string(), n.clone());
        n
    }
}

fn reason(text: &str) -> Result<String> {
    let t = text.trim();
    if t.is_empty() {
        return Err(ValidationError::new("reason", "理由を入力してください").into());
    }
    if t.chars().count() > REASON_MAX_CHARS {
        return Err(ValidationError::new(
            "reason",
            format!("理由は{REASON_MAX_CHARS}文字以内で入力してください"),
        )
        .into());
    }
    Ok(t.to_string())
}

fn person_line(conn: &Connection, person_id: i64) -> Result<(String, String)> {
    Ok(sv::person_brief(conn, person_id)?
        .map(|p| (p.name, p.case_number))
        .unwrap_or_else(|| (format!("（ID {person_id}）"), String::new())))
}

fn summary_of(details: &str) -> String {
    serde_json::from_str::<serde_json::Value>(details)
        .ok()
        .and_then(|v| {
            v.get("summary")
                .and_then(|s| s.as_str())
                .map(str::to_string)
        })
        .unwrap_or_default()
}

fn share_unfixed(d: &Due, disposition: &Disposition) -> bool {
    matches!(disposition, Disposition::Held(r) if d.hold.is_none() && r.starts_with("本人支払額が未確定"))
}

/// The month's proposal as the review screen shows it; the actions are those `role` may take.
pub(crate) fn proposal_view(
    conn: &Connection,
    scheme: &dyn VoucherScheme,
    plan: &Plan,
    role: Role,
) -> Result<VoucherProposalView> {
    let can_issue = role.can(Permission::IssueVoucher);
    let can_fix = role.can(Permission::DraftDecision);
    let mut counts = ProposalCounts::default();
    let mut rows = Vec::with_capacity(plan.rows.len());
    let mut names: HashMap<i64, (String, String)> = HashMap::new();
    let whole = plan.month.period();
    for Planned {
        due,
        share_yen,
        disposition,
    } in &plan.rows
    {
        match disposition {
            Disposition::Issue => counts.to_issue += 1,
            Disposition::AlreadyIssued => counts.already_issued += 1,
            Disposition::Voided => counts.voided += 1,
            Disposition::Excluded => counts.excluded += 1,
            Disposition::Held(_) => counts.held += 1,
        }
        let (person_name, case_number) = match names.get(&due.person_id) {
            Some(n) => n.clone(),
            None => {
                let n = person_line(conn, due.person_id)?;
                names.insert(due.person_id, n.clone());
                n
            }
        };
        let excluded_reason = if *disposition == Disposition::Excluded {
            sv::exclusion_reason(conn, scheme.code(), plan.month, &due.key)?
        } else {
            None
        };
        rows.push(ProposalRow {
            key: due.key.clone(),
            household_id: due.household_id,
            case_number,
            person_id: due.person_id,
            person_name,
            ticket_type: due.ticket_type.clone(),
            ticket_label: scheme.ticket_label(&due.ticket_type).into(),
            summary: due.summary.clone(),
            provider_code: due.provider_code.clone(),
            provider_name: due.provider_name.clone(),
            valid_from: due.valid.from.to_string(),
            valid_to: due.valid.to.to_string(),
            valid_label: period_label(&due.valid),
            clipped: due.valid != whole,
            share_yen: *share_yen,
            disposition_label: disposition.label(),
            one_off: due.request_id.is_some(),
            request_id: due.request_id,
            excluded_reason,
            actions: proposal_actions(
                disposition,
                due.request_id.is_some(),
                share_unfixed(due, disposition),
                can_issue,
                can_fix,
            ),
            disposition: disposition.clone(),
        });
    }
    let interrupted = sv::runs_for_month(conn, scheme.code(), plan.month)?
        .into_iter()
        .find(|r| r.state == "issuing")
        .map(|r| InterruptedRun {
            run_id: r.id,
            started_by: r.started_by,
            started_at: r.started_at,
            issued: r.issued,
        });
    Ok(VoucherProposalView {
        kind: scheme.code().into(),
        title: scheme.title().into(),
        month: plan.month.code(),
        month_label: format!("{}分", plan.month.wareki()),
        can_issue: can_issue && counts.to_issue > 0,
        rows,
        counts,
        interrupted,
    })
}

fn event_view(conn: &Connection, names: &mut Names, e: &sv::EventRow) -> VoucherEventView {
    VoucherEventView {
        event: e.event,
        event_label: e.event.label().into(),
        at: e.at.clone(),
        by_user: e.by_user.clone(),
        by_name: names.get(conn, &e.by_user),
        reason: e.reason.clone(),
        detail: e.detail.clone(),
        decision_id: e.decision_id,
    }
}

pub(crate) fn voucher_view(
    conn: &Connection,
    scheme: &dyn VoucherScheme,
    v: &VoucherRow,
    replaced_by: Option<i64>,
    role: Role,
    names: &mut Names,
) -> Result<VoucherView> {
    let (person_name, case_number) = person_line(conn, v.person_id)?;
    let events = sv::events_for_voucher(conn, v.id)?
        .iter()
        .map(|e| event_view(conn, names, e))
        .collect();
    Ok(VoucherView {
        id: v.id,
        kind: v.scheme.clone(),
        month: v.month.code(),
        issue_number: v.issue_number.clone(),
        recipient_number: v.recipient_number.clone(),
        ticket_type: v.ticket_type.clone(),
        ticket_label: scheme.ticket_label(&v.ticket_type).into(),
        household_id: v.household_id,
        case_number,
        person_id: v.person_id,
        person_name,
        provider_code: v.provider_code.clone(),
        provider_name: v.provider_name.clone(),
        summary: summary_of(&v.details),
        valid_from: v.valid.from.to_string(),
        valid_to: v.valid.to.to_string(),
        valid_label: period_label(&v.valid),
        share_yen: v.share_yen,
        state: v.state,
        state_label: if v.reissue_of.is_some() && v.state == VoucherState::Issued {
            "再交付".into()
        } else {
            v.state.label().into()
        },
        one_off: v.one_off,
        reissue_of: v.reissue_of,
        replaced_by,
        void_reason: v.void_reason.clone(),
        issued_by_name: names.get(conn, &v.issued_by),
        issued_at: v.issued_at.clone(),
        events,
        actions: voucher_actions(
            v.state,
            replaced_by.is_some(),
            role.can(Permission::IssueVoucher),
        ),
    })
}

fn scheme_of(v: &VoucherRow) -> Result<&'static dyn VoucherScheme> {
    scheme(&v.scheme)
}

impl App {
    fn month_scheme(
        &self,
        kind: &str,
        month: &str,
    ) -> Result<(&'static dyn VoucherScheme, VoucherMonth)> {
        Ok((scheme(kind)?, parse_month(month)?))
    }

    /// 今月は発行しない: leave a due voucher out of the month's run, with a reason. `IssueVoucher`.
    pub fn voucher_exclude(&mut self, kind: &str, month: &str, key: &str, why: &str) -> Result<()> {
        self.require(Permission::IssueVoucher)?;
        let (scheme, month) = self.month_scheme(kind, month)?;
        let why = reason(why)?;
        self.write(|tx| {
            sv::exclude(
                tx.conn(),
                scheme.code(),
                month,
                key,
                &why,
                tx.actor(),
                tx.now(),
            )?;
            tx.audit(
                actions::VOUCHER_EXCLUDE,
                Some("voucher_month"),
                Some(&format!("{}:{}", scheme.code(), month.code())),
                json!({ "key": key, "reason": why }),
            )?;
            Ok(())
        })
    }

    /// Put an excluded voucher back into the month's run. `IssueVoucher`.
    pub fn voucher_include(&mut self, kind: &str, month: &str, key: &str) -> Result<()> {
        self.require(Permission::IssueVoucher)?;
        let (scheme, month) = self.month_scheme(kind, month)?;
        self.write(|tx| {
            if !sv::include(tx.conn(), scheme.code(), month, key)? {
                return Err(ServiceError::refused(
                    "VOUCHER_NOT_EXCLUDED",
                    "この券は除外されていません",
                ));
            }
            tx.audit(
                actions::VOUCHER_INCLUDE,
                Some("voucher_month"),
                Some(&format!("{}:{}", scheme.code(), month.code())),
                json!({ "key": key }),
            )?;
            Ok(())
        })
    }

    /// Withdraw a one-off request not yet issued. `IssueVoucher`.
    pub fn voucher_request_cancel(&mut self, request_id: i64) -> Result<()> {
        self.require(Permission::IssueVoucher)?;
        self.write(|tx| {
            if !sv::cancel_request(tx.conn(), request_id, tx.now())? {
                return Err(ServiceError::refused(
                    "VOUCHER_REQUEST",
                    "この追加は既に取り消されているか、ありません",
                ));
            }
            tx.audit(
                actions::VOUCHER_ONE_OFF,
                Some("voucher_request"),
                Some(&request_id.to_string()),
                json!({ "cancelled": true }),
            )?;
            Ok(())
        })
    }

    /// 本人支払額の確定: record the calculation's 本人支払額 for the household's month, so its
    /// vouchers can be issued. `DraftDecision` (the share follows from 収入認定). Returns the yen.
    pub fn voucher_share_fix(&mut self, kind: &str, household_id: i64, month: &str) -> Result<i64> {
        self.require(Permission::DraftDecision)?;
        let (scheme, month) = self.month_scheme(kind, month)?;
        let conn = self.store.conn();
        crate::store::households::require(conn, household_id)?;
        let day = scheme
            .dues(conn, month)?
            .iter()
            .filter(|d| d.household_id == household_id)
            .map(|d| d.valid.from)
            .min()
            .unwrap_or_else(|| month.first_day());
        let c = crate::service::decisions::household_calculation(
            conn,
            &mut self.rate_cache,
            household_id,
            day,
        )?;
        let yen = scheme.share_of(&c.result);
        let version = c.rate_set.version.clone();
        self.write(|tx| {
            let old = sv::share(tx.conn(), scheme.code(), household_id, month)?;
            sv::put_share(tx.conn(), scheme.code(), household_id, month, yen, Some(&version), tx.actor(), tx.now())?;
            tx.audit(
                actions::VOUCHER_SHARE_FIX,
                Some("household"),
                Some(&household_id.to_string()),
                json!({ "scheme": scheme.code(), "month": month.code(), "share_yen": { "old": old.map(|o| o.0), "new": yen },
                        "rate_version": version, "date": day.to_string() }),
            )?;
            Ok(())
        })?;
        Ok(yen)
    }

    /// The month's vouchers, by provider. `ViewHousehold`.
    pub fn vouchers_for_month(&mut self, kind: &str, month: &str) -> Result<Vec<VoucherView>> {
        self.require(Permission::ViewHousehold)?;
        let (scheme, month) = self.month_scheme(kind, month)?;
        let conn = self.store.conn();
        let replaced: HashMap<i64, i64> = sv::replacements(conn, scheme.code(), month)?;
        let mut names = Names::default();
        let views = sv::for_month(conn, scheme.code(), month)?
            .iter()
            .map(|v| {
                voucher_view(
                    conn,
                    scheme,
                    v,
                    replaced.get(&v.id).copied(),
                    self.user.role,
                    &mut names,
                )
            })
            .collect::<Result<Vec<_>>>()?;
        self.write(|tx| {
            tx.audit(
                actions::VOUCHERS_LIST,
                Some("voucher_month"),
                Some(&format!("{}:{}", scheme.code(), month.code())),
                json!({ "vouchers": views.len() }),
            )?;
            Ok(())
        })?;
        Ok(views)
    }

    fn voucher_view_of(&self, id: i64) -> Result<VoucherView> {
        let conn = self.store.conn();
        let v = sv::get(conn, id)?;
        let replaced = sv::replacements(conn, &v.scheme, v.month)?;
        voucher_view(
            conn,
            scheme_of(&v)?,
            &v,
            replaced.get(&v.id).copied(),
            self.user.role,
            &mut Names::default(),
        )
    }

    /// One voucher with its events. `ViewHousehold`.
    pub fn voucher_get(&mut self, id: i64) -> Result<VoucherView> {
        self.require(Permission::ViewHousehold)?;
        self.voucher_view_of(id)
    }

    /// 取消 with a reason; the voucher stays in the ledger and its online-eligibility record
    /// says it is void. `IssueVoucher`.
    pub fn voucher_void(&mut self, id: i64, why: &str) -> Result<VoucherView> {
        self.require(Permission::IssueVoucher)?;
        let why = reason(why)?;
        self.write(|tx| {
            let v = sv::get(tx.conn(), id)?;
            if v.state != VoucherState::Issued {
                return Err(ServiceError::refused("VOUCHER_STATE", "この券は既に取り消されています"));
            }
            let scheme = scheme_of(&v)?;
            let (actor, now) = (tx.actor().to_string(), tx.now().to_string());
            sv::set_voided(tx.conn(), id, &why, &actor, &now)?;
            sv::add_event(tx.conn(), id, LedgerEvent::Voided, &actor, &now, Some(&why), None, None)?;
            let v = sv::get(tx.conn(), id)?;
            scheme.on_voided(tx, &v, &why)?;
            tx.audit(
                actions::VOUCHER_VOID,
                Some("person"),
                Some(&v.person_id.to_string()),
                json!({ "voucher_id": id, "issue_number": v.issue_number, "month": v.month.code(), "reason": why,
                        "state": { "old": "issued", "new": "voided" } }),
            )?;
            Ok(())
        })?;
        self.voucher_view_of(id)
    }

    /// 再交付: a new voucher with the same content, marked 再交付, for one that was lost or
    /// spoiled; an issued original is voided with the same reason first. Both stay in the
    /// ledger. Returns the new voucher. `IssueVoucher`.
    pub fn voucher_reissue(&mut self, id: i64, why: &str) -> Result<VoucherView> {
        self.require(Permission::IssueVoucher)?;
        let why = reason(why)?;
        let new_id = self.write(|tx| {
            let v = sv::get(tx.conn(), id)?;
            let replaced = sv::replacements(tx.conn(), &v.scheme, v.month)?;
            if replaced.contains_key(&id) {
                return Err(ServiceError::refused("VOUCHER_STATE", "この券は既に再交付されています"));
            }
            let scheme = scheme_of(&v)?;
            let (actor, now) = (tx.actor().to_string(), tx.now().to_string());
            if v.state == VoucherState::Issued {
                sv::set_voided(tx.conn(), id, &why, &actor, &now)?;
                sv::add_event(tx.conn(), id, LedgerEvent::Voided, &actor, &now, Some(&why), Some("再交付のため"), None)?;
                let voided = sv::get(tx.conn(), id)?;
                scheme.on_voided(tx, &voided, &why)?;
            }
            let details: serde_json::Value = serde_json::from_str(&v.details).unwrap_or(json!({}));
            let planned = Planned {
                due: Due {
                    key: v.due_key.clone(),
                    household_id: v.household_id,
                    person_id: v.person_id,
                    ticket_type: v.ticket_type.clone(),
                    provider_id: v.provider_id,
                    provider_code: v.provider_code.clone(),
                    provider_name: v.provider_name.clone(),
                    valid: v.valid,
                    hold: None,
                    request_id: v.one_off.then_some(0),
                    decision_id: v.decision_id,
                    share_rank: (0, String::new()),
                    summary: summary_of(&v.details),
                    details,
                },
                share_yen: v.share_yen,
                disposition: Disposition::Issue,
            };
            let new = super::write_voucher(tx, scheme, v.month, &planned, None, Some(super::Reissue {
                of: id,
                reason: &why,
                note: format!("元の交付番号 {}", v.issue_number),
            }))?;
            tx.audit(
                actions::VOUCHER_REISSUE,
                Some("person"),
                Some(&v.person_id.to_string()),
                json!({ "voucher_id": new.id, "reissue_of": id, "issue_number": new.issue_number,
                        "original_issue_number": v.issue_number, "month": v.month.code(), "reason": why }),
            )?;
            Ok(new.id)
        })?;
        self.voucher_view_of(new_id)
    }

    /// 交付処理簿 of a month: every issue, 再交付, change and void, in order. `ViewHousehold`
    /// (audited as a read: it lists persons).
    pub fn voucher_ledger(&mut self, kind: &str, month: &str) -> Result<LedgerView> {
        self.require(Permission::ViewHousehold)?;
        let (scheme, month) = self.month_scheme(kind, month)?;
        let view = ledger_view(self.store.conn(), scheme, month, self.user.role)?;
        self.write(|tx| {
            tx.audit(
                actions::VOUCHER_LEDGER_VIEW,
                Some("voucher_month"),
                Some(&format!("{}:{}", scheme.code(), month.code())),
                json!({ "lines": view.lines.len() }),
            )?;
            Ok(())
        })?;
        Ok(view)
    }

    /// The vouchers an approved decision clipped or voided, with the providers to tell.
    /// `ViewHousehold`.
    pub fn decision_voucher_changes(&mut self, decision_id: i64) -> Result<Vec<VoucherChangeView>> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        crate::store::decisions::decision(conn, decision_id)?;
        let mut out = vec![];
        for e in sv::events_for_decision(conn, decision_id)? {
            let v = sv::get(conn, e.voucher_id)?;
            let scheme = scheme_of(&v)?;
            let (person_name, _) = person_line(conn, v.person_id)?;
            out.push(VoucherChangeView {
                voucher_id: v.id,
                issue_number: v.issue_number.clone(),
                month: v.month.code(),
                person_name,
                provider_code: v.provider_code.clone(),
                provider_name: v.provider_name.clone(),
                provider_phone: scheme.provider_phone(conn, v.provider_id)?,
                event: e.event,
                event_label: e.event.label().into(),
                detail: e.detail.clone().or(e.reason.clone()).unwrap_or_default(),
            });
        }
        Ok(out)
    }
}

/// The 交付処理簿 lines of a month (also what its printed form shows).
pub(crate) fn ledger_view(
    conn: &Connection,
    scheme: &dyn VoucherScheme,
    month: VoucherMonth,
    role: Role,
) -> Result<LedgerView> {
    let vouchers: HashMap<i64, VoucherRow> = sv::for_month(conn, scheme.code(), month)?
        .into_iter()
        .map(|v| (v.id, v))
        .collect();
    let mut names = Names::default();
    let mut persons: HashMap<i64, (String, String)> = HashMap::new();
    let (mut issued, mut reissued, mut changed, mut voided) = (0, 0, 0, 0);
    let mut lines = vec![];
    for e in sv::events_for_month(conn, scheme.code(), month)? {
        let Some(v) = vouchers.get(&e.voucher_id) else {
            continue;
        };
        match e.event {
            LedgerEvent::Issued => issued += 1,
            LedgerEvent::Reissued => reissued += 1,
            LedgerEvent::Changed => changed += 1,
            LedgerEvent::Voided => voided += 1,
        }
        let (person_name, case_number) = match persons.get(&v.person_id) {
            Some(p) => p.clone(),
            None => {
                let p = person_line(conn, v.person_id)?;
                persons.insert(v.person_id, p.clone());
                p
            }
        };
        let date_label = chrono::DateTime::parse_from_rfc3339(&e.at)
            .map(|t| format_wareki_short(t.date_naive()))
            .unwrap_or_else(|_| e.at.clone());
        lines.push(LedgerLine {
            voucher_id: v.id,
            at: e.at.clone(),
            date_label,
            event: e.event,
            event_label: e.event.label().into(),
            issue_number: v.issue_number.clone(),
            recipient_number: v.recipient_number.clone(),
            case_number,
            person_name,
            ticket_label: scheme.ticket_label(&v.ticket_type).into(),
            summary: summary_of(&v.details),
            provider_code: v.provider_code.clone(),
            provider_name: v.provider_name.clone(),
            valid_label: period_label(&v.valid),
            share_yen: v.share_yen,
            reason: e.reason.clone(),
            detail: e.detail.clone(),
            by_name: names.get(conn, &e.by_user),
        });
    }
    Ok(LedgerView {
        kind: scheme.code().into(),
        title: scheme.ledger_title().into(),
        month: month.code(),
        month_label: format!("{}分", month.wareki()),
        lines,
        issued,
        reissued,
        changed,
        voided,
        can_print: role.can(Permission::PrintDocument),
    })
}
