//! 起案 → 審査 → 決裁 (three different people), 差戻し back to the drafter, and the decision views.
//! Only approval touches the household.

use super::subject::Subject;
use super::*;
use crate::domain::role::Role;
use crate::domain::workflow::{
    check_decision_action, decision_actions, DecisionAction, DecisionFacts,
};

/// The facts the workflow rules need.
fn facts(d: &sd::DecisionRow) -> DecisionFacts<'_> {
    DecisionFacts {
        state: d.state,
        drafted_by: &d.drafted_by,
        reviewed_by: d.reviewed_by.as_deref(),
        has_calculation: d.snapshot.is_some(),
    }
}

/// Who is looking: the actions in the view are theirs.
pub(in crate::service) struct Viewer<'a> {
    pub user_id: &'a str,
    pub role: Role,
}

fn comment_action_label(a: &str) -> &'static str {
    match a {
        "return" => "差戻し",
        "review" => "審査",
        "approve" => "決裁",
        "redraft" => "再起案",
        _ => "コメント",
    }
}

/// A user's display name, falling back to the id when the account is unknown.
fn user_name(conn: &Connection, user_id: &str) -> Result<String> {
    Ok(crate::store::users::get(conn, user_id)?
        .map(|u| u.display_name)
        .filter(|n| !n.trim().is_empty())
        .unwrap_or_else(|| user_id.to_string()))
}

fn snapshot_of(d: &sd::DecisionRow) -> Option<DecisionSnapshot> {
    d.snapshot
        .as_deref()
        .and_then(|j| serde_json::from_str(j).ok())
}

/// 日割 of a decision that starts or ends inside a month: a 開始 pays its cash benefit from
/// the effective date to the month's end; a 停止・廃止 ends the cash benefit in force (the last
/// approved 開始・変更 before it) on the day before. The rounding is the rate set's rule, kept in
/// the snapshot. **(unverified)** whether an office prorates per kind of aid — e.g. 住宅扶助 in
/// full when the month's rent is still unpaid (局長通知 第7-4-(1)-イ, as quoted in a public Q&A):
/// the whole cash benefit is prorated here, and the decision screen shows it for review.
fn prorated_view(conn: &Connection, d: &sd::DecisionRow) -> Result<Option<ProratedView>> {
    use chrono::Datelike;
    let date = d.effective_date;
    // A medical-aid decision pays no cash benefit of its own (its terms are the voucher's).
    if date.day() == 1 || d.medical_case_id.is_some() {
        return Ok(None);
    }
    let first = date.with_day(1).expect("day 1 exists");
    let last = (first + chrono::Months::new(1))
        .pred_opt()
        .expect("a day before");
    let (label, paying, from, to) = match d.kind {
        DecisionKind::Start => ("開始月の日割", Some(d.clone()), date, last),
        DecisionKind::Suspend | DecisionKind::Abolish => {
            let before = sd::decisions_for(conn, d.household_id)?
                .into_iter()
                .find(|p| {
                    p.id != d.id
                        && p.medical_case_id.is_none()
                        && p.state == DecisionState::Approved
                        && matches!(p.kind, DecisionKind::Start | DecisionKind::Change)
                        && p.effective_date < date
                });
            let what = if d.kind == DecisionKind::Suspend {
                "停止月の日割"
            } else {
                "廃止月の日割"
            };
            (what, before, first, date.pred_opt().expect("not day 1"))
        }
        _ => return Ok(None),
    };
    let Some(paying) = paying else {
        return Ok(None);
    };
    let Some(rounding) = snapshot_of(&paying).and_then(|s| s.prorate_rounding) else {
        return Ok(None);
    };
    let full = paying.cash_benefit_yen;
    let amount = calc::prorate(full, date.year(), date.month(), from, to, rounding)?;
    let dim = (last - first).num_days() + 1;
    let days = (to - from).num_days() + 1;
    Ok(Some(ProratedView {
        label: label.into(),
        from: from.to_string(),
        to: to.to_string(),
        days,
        days_in_month: dim,
        full_month_cash_yen: full,
        prorated_cash_yen: amount,
        note: format!(
            "{} × {days}日 / {dim}日 → {}（{}、{}〜{}）",
            calc::minimum::yen(full),
            calc::minimum::yen(amount),
            rounding.label(),
            format_wareki(from),
            format_wareki(to)
        ),
    }))
}

pub(super) fn decision_view(
    conn: &Connection,
    d: &sd::DecisionRow,
    viewer: &Viewer<'_>,
) -> Result<DecisionView> {
    let h = hh::require(conn, d.household_id)?;
    let test_figures = match d.rate_set_id {
        Some(id) => sd::rate_set(conn, id)?.is_some_and(|r| r.test_figures),
        None => false,
    };
    let mut names: HashMap<String, String> = HashMap::new();
    let mut name_of = |id: &str| -> Result<String> {
        if let Some(n) = names.get(id) {
            return Ok(n.clone());
        }
        let n = user_name(conn, id)?;
        names.insert(id.to_string(), n.clone());
        Ok(n)
    };
    let drafted_by_name = name_of(&d.drafted_by)?;
    let reviewed_by_name = d.reviewed_by.as_deref().map(&mut name_of).transpose()?;
    let approved_by_name = d.approved_by.as_deref().map(&mut name_of).transpose()?;
    let comments = sd::comments(conn, d.id)?
        .into_iter()
        .map(|c| {
            Ok(CommentView {
                action_label: comment_action_label(&c.action).into(),
                user_name: name_of(&c.user_id)?,
                stage: c.stage,
                action: c.action,
                user_id: c.user_id,
                at: c.at,
                comment: c.comment,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let codes: Vec<String> = serde_json::from_str(&d.reason_codes).unwrap_or_default();
    let all = sd::reasons(conn)?;
    let reasons = codes
        .iter()
        .map(|c| {
            all.iter()
                .find(|r| &r.code == c)
                .map(reason_view)
                .unwrap_or(ReasonView {
                    code: c.clone(),
                    label: c.clone(),
                    kinds: vec![],
                    active: false,
                    sort_order: 0,
                })
        })
        .collect();
    let amounts: Vec<KindOutcome> = serde_json::from_str(&d.amounts).unwrap_or_default();
    let subject = Subject::of(conn, d)?;
    let actions = decision_actions(&facts(d), viewer.user_id, viewer.role);
    let amounts_note = (d.minimum_total_yen.is_some() && amounts.is_empty())
        .then(|| subject.no_amounts_note(d.kind));
    Ok(DecisionView {
        id: d.id,
        household_id: d.household_id,
        case_number: h.case_number,
        head_name: hh::head_name(conn, d.household_id)?,
        kind: d.kind,
        kind_label: subject.kind_label(d.kind).into(),
        medical_case_id: d.medical_case_id,
        subject_label: subject.label().into(),
        title: subject.title(d.kind),
        effective_date: d.effective_date.to_string(),
        effective_date_wareki: format_wareki(d.effective_date),
        reason_text: d.reason_text.clone(),
        reasons,
        amounts: aid_views(&amounts),
        amounts_note,
        minimum_total_yen: d.minimum_total_yen,
        income_recognised_yen: d.income_recognised_yen,
        benefit_yen: d.benefit_yen,
        cash_benefit_yen: d.cash_benefit_yen,
        // The kinds that carry their calculation are the ones whose amounts are the decision.
        benefit_decided: d.kind.requires_calculation(),
        rate_version: d.rate_version.clone(),
        rate_sha256: d.rate_sha256.clone(),
        test_figures,
        state: d.state,
        state_label: d.state.label().into(),
        drafted_by: d.drafted_by.clone(),
        drafted_by_name,
        drafted_at: d.drafted_at.clone(),
        reviewed_by: d.reviewed_by.clone(),
        reviewed_by_name,
        reviewed_at: d.reviewed_at.clone(),
        approved_by: d.approved_by.clone(),
        approved_by_name,
        approved_at: d.approved_at.clone(),
        bulk_id: d.bulk_id.clone(),
        application_id: d.application_id,
        comments,
        prorated: prorated_view(conn, d)?,
        redraft_kinds: if subject == Subject::Protection
            && actions.contains(&DecisionAction::Redraft)
        {
            DecisionKindOption::draftable_from(h.status)
        } else {
            vec![]
        },
        actions,
    })
}

/// The stored content of a decision: the calculation's figures, or none.
pub(super) struct Content {
    pub(super) kind: DecisionKind,
    pub(super) effective_date: NaiveDate,
    pub(super) reason_text: String,
    pub(super) reason_codes: String,
    pub(super) amounts: String,
    pub(super) minimum_total_yen: Option<i64>,
    pub(super) income_recognised_yen: Option<i64>,
    pub(super) benefit_yen: i64,
    pub(super) cash_benefit_yen: i64,
    pub(super) rate: Option<(i64, String, String)>,
    pub(super) snapshot: Option<String>,
}

impl Content {
    pub(super) fn new(
        kind: DecisionKind,
        date: NaiveDate,
        reason_text: &str,
        codes: &[String],
        computed: Option<&Computed>,
    ) -> Result<Content> {
        let snapshot = computed
            .map(|c| serde_json::to_string(&c.snapshot()))
            .transpose()
            .map_err(|e| ServiceError::DecisionState(format!("計算の記録を作れません: {e}")))?;
        let r = computed.map(|c| &c.result);
        // 停止・廃止・却下 pay nothing; a calculation they carry is evidence, not an amount.
        let pays = kind.requires_calculation();
        Ok(Content {
            kind,
            effective_date: date,
            reason_text: reason_text.trim().to_string(),
            reason_codes: serde_json::to_string(codes).unwrap_or_else(|_| "[]".into()),
            amounts: match (pays, r) {
                (true, Some(r)) => {
                    serde_json::to_string(&r.by_kind).unwrap_or_else(|_| "[]".into())
                }
                _ => "[]".into(),
            },
            minimum_total_yen: r.map(|r| r.minimum_total_yen),
            income_recognised_yen: r.map(|r| r.income_recognised_yen),
            benefit_yen: if pays {
                r.map_or(0, |r| r.benefit_yen)
            } else {
                0
            },
            cash_benefit_yen: if pays {
                r.map_or(0, |r| r.cash_benefit_yen)
            } else {
                0
            },
            rate: computed.map(|c| {
                (
                    c.rate_set.id,
                    c.rate_set.version.clone(),
                    c.rate_set.sha256.clone(),
                )
            }),
            snapshot,
        })
    }

    pub(super) fn as_draft(&self, application_id: Option<i64>) -> DraftContent<'_> {
        DraftContent {
            kind: self.kind,
            effective_date: self.effective_date,
            reason_text: &self.reason_text,
            reason_codes: &self.reason_codes,
            amounts: &self.amounts,
            minimum_total_yen: self.minimum_total_yen,
            income_recognised_yen: self.income_recognised_yen,
            benefit_yen: self.benefit_yen,
            cash_benefit_yen: self.cash_benefit_yen,
            rate_set_id: self.rate.as_ref().map(|r| r.0),
            rate_version: self.rate.as_ref().map(|r| r.1.as_str()),
            rate_sha256: self.rate.as_ref().map(|r| r.2.as_str()),
            snapshot: self.snapshot.as_deref(),
            application_id,
            medical_case_id: None,
            terms: None,
        }
    }

    /// Aid in kind (介護扶助・医療扶助): the calculation is kept as evidence for the 本人支払額,
    /// but the decision pays no cash.
    pub(super) fn in_kind(mut self) -> Content {
        self.amounts = "[]".into();
        self.benefit_yen = 0;
        self.cash_benefit_yen = 0;
        self
    }

    pub(super) fn rate_version(&self) -> Option<String> {
        self.rate.as_ref().map(|r| r.1.clone())
    }
}

/// Refuse when one of `decisions` (other than `except`) is still in the workflow: one open
/// decision at a time per household (protection) or per case (medical aid). A care-aid decision
/// is per case (`care.rs`): it does not hold the others. `whose`: 「この世帯」…
pub(super) fn refuse_open(
    conn: &Connection,
    decisions: Vec<sd::DecisionRow>,
    except: Option<i64>,
    whose: &str,
) -> Result<()> {
    let mut open = decisions
        .into_iter()
        .filter(|d| d.state.is_open() && Some(d.id) != except);
    let first = loop {
        match open.next() {
            Some(d) if super::care::is_care(conn, d.id)? => continue,
            other => break other,
        }
    };
    if let Some(d) = first {
        return Err(ServiceError::DecisionState(format!(
            "{whose}には処理中の決定（ID {}・{}・{}）があります。先にそれを決裁するか修正してください",
            d.id,
            d.kind.label(),
            d.state.label()
        )));
    }
    Ok(())
}

fn check_no_open_decision(conn: &Connection, household_id: i64, except: Option<i64>) -> Result<()> {
    let protection = sd::decisions_for(conn, household_id)?
        .into_iter()
        .filter(|d| d.medical_case_id.is_none())
        .collect();
    refuse_open(conn, protection, except, "この世帯")
}

impl App {
    pub(super) fn check_reasons(
        &self,
        kind: DecisionKind,
        text: &str,
        codes: &[String],
    ) -> Result<()> {
        if text.trim().is_empty() && codes.is_empty() {
            return Err(ValidationError::new(
                "reason_text",
                "決定の理由は必須です（理由を選ぶか、文章で入力してください）",
            )
            .into());
        }
        let all = sd::reasons(self.store.conn())?;
        for c in codes {
            match all.iter().find(|r| &r.code == c) {
                Some(r) if r.active && (r.kinds.is_empty() || r.kinds.contains(&kind)) => {}
                Some(r) if !r.active => {
                    return Err(ValidationError::new(
                        "reason_codes",
                        format!("理由「{}」は使用停止中です", r.label),
                    )
                    .into())
                }
                Some(r) => {
                    return Err(ValidationError::new(
                        "reason_codes",
                        format!("理由「{}」は{}の決定には使えません", r.label, kind.label()),
                    )
                    .into())
                }
                None => {
                    return Err(ValidationError::new(
                        "reason_codes",
                        format!("理由コード「{c}」はありません"),
                    )
                    .into())
                }
            }
        }
        Ok(())
    }

    fn content_for(&mut self, input: &DecisionInput) -> Result<Content> {
        let date = parse_day("effective_date", "適用日", &input.effective_date)?;
        self.check_reasons(input.kind, &input.reason_text, &input.reason_codes)?;
        let computed = if input.kind.requires_calculation() || input.calculate {
            let conn = self.store.conn();
            let grade = office_grade(conn)?;
            Some(compute(
                conn,
                &mut self.rate_cache,
                input.household_id,
                date,
                None,
                grade,
            )?)
        } else {
            None
        };
        Content::new(
            input.kind,
            date,
            &input.reason_text,
            &input.reason_codes,
            computed.as_ref(),
        )
    }

    /// 起案: compute with the rate set in force on the effective date and store the draft with
    /// its snapshot. One open decision per household at a time.
    pub fn draft_decision(&mut self, input: &DecisionInput) -> Result<DecisionView> {
        self.require(Permission::DraftDecision)?;
        let content = self.content_for(input)?;
        let hid = input.household_id;
        let id = self.write(|tx| {
            let h = hh::require(tx.conn(), hid)?;
            input.kind.check_allowed(h.status).map_err(ServiceError::DecisionState)?;
            check_no_open_decision(tx.conn(), hid, None)?;
            let app = if input.kind.answers_application() { sd::pending_application(tx.conn(), hid)?.map(|a| a.id) } else { None };
            let id = sd::insert_decision(tx.conn(), hid, &content.as_draft(app), None, tx.actor(), tx.now())?;
            tx.audit(actions::DECISION_DRAFT, Some("household"), Some(&hid.to_string()),
                json!({ "decision_id": id, "kind": input.kind.code(), "effective_date": content.effective_date.to_string(),
                        "benefit_yen": content.benefit_yen, "rate_version": content.rate.as_ref().map(|r| r.1.clone()) }))?;
            Ok(id)
        })?;
        self.decision(id)
    }

    /// Correct a returned (or not yet reviewed) decision: recomputed from the current situation
    /// and put back to 起案 under the corrector's name.
    pub fn redraft_decision(
        &mut self,
        decision_id: i64,
        input: &DecisionInput,
        comment: &str,
    ) -> Result<DecisionView> {
        self.require(Permission::DraftDecision)?;
        let d = sd::decision(self.store.conn(), decision_id)?;
        if d.medical_case_id.is_some() {
            return Err(ServiceError::DecisionState(
                "医療扶助の決定は医療扶助の画面から修正してください".into(),
            ));
        }
        if d.household_id != input.household_id {
            return Err(
                ValidationError::new("household_id", "別の世帯の決定は修正できません").into(),
            );
        }
        if super::care::is_care(self.store.conn(), decision_id)? {
            return Err(ServiceError::DecisionState(
                "介護扶助の決定は介護扶助の画面（redraft_care_decision）で修正してください".into(),
            ));
        }
        self.check_step(DecisionAction::Redraft, &d)?;
        let content = self.content_for(input)?;
        let comment = comment.trim().to_string();
        self.write(|tx| {
            let h = hh::require(tx.conn(), d.household_id)?;
            input.kind.check_allowed(h.status).map_err(ServiceError::DecisionState)?;
            check_no_open_decision(tx.conn(), d.household_id, Some(decision_id))?;
            sd::redraft(tx.conn(), decision_id, &content.as_draft(d.application_id), tx.actor(), tx.now())?;
            if !comment.is_empty() {
                sd::add_comment(tx.conn(), decision_id, "draft", "redraft", tx.actor(), tx.now(), &comment)?;
            }
            tx.audit(
                actions::DECISION_REDRAFT,
                Some("household"),
                Some(&d.household_id.to_string()),
                json!({ "decision_id": decision_id, "benefit_yen": { "old": d.benefit_yen, "new": content.benefit_yen },
                        "kind": input.kind.code(), "effective_date": content.effective_date.to_string() }),
            )?;
            Ok(())
        })?;
        self.decision(decision_id)
    }

    /// 審査: by someone other than the drafter.
    pub fn review_decision(&mut self, decision_id: i64, comment: &str) -> Result<DecisionView> {
        self.require(Permission::ReviewDecision)?;
        let comment = comment.trim().to_string();
        let (me, role) = (self.user.user_id.clone(), self.user.role);
        self.write(|tx| {
            let d = sd::decision(tx.conn(), decision_id)?;
            check_decision_action(DecisionAction::Review, &facts(&d), &me, role)?;
            sd::transition(
                tx.conn(),
                decision_id,
                DecisionState::Draft,
                DecisionState::Reviewed,
                tx.actor(),
                tx.now(),
            )?;
            if !comment.is_empty() {
                sd::add_comment(
                    tx.conn(),
                    decision_id,
                    "review",
                    "review",
                    tx.actor(),
                    tx.now(),
                    &comment,
                )?;
            }
            tx.audit(
                actions::DECISION_REVIEW,
                Some("household"),
                Some(&d.household_id.to_string()),
                json!({ "decision_id": decision_id, "comment": comment }),
            )?;
            Ok(())
        })?;
        self.decision(decision_id)
    }

    /// 差戻し with a comment: at review (起案中, ReviewDecision) or at approval (審査済,
    /// ApproveDecision). The decision goes back to its drafter; the comment is kept.
    pub fn return_decision(&mut self, decision_id: i64, comment: &str) -> Result<DecisionView> {
        self.require_session()?;
        let comment = comment.trim().to_string();
        let d = sd::decision(self.store.conn(), decision_id)?;
        if self.user.must_change_password {
            return Err(ServiceError::MustChangePassword);
        }
        self.check_step(DecisionAction::Return, &d)?;
        let stage = if d.state == DecisionState::Draft {
            "review"
        } else {
            "approval"
        };
        if comment.is_empty() {
            return Err(
                ValidationError::new("comment", "差戻しの理由（コメント）は必須です").into(),
            );
        }
        self.write(|tx| {
            sd::transition(
                tx.conn(),
                decision_id,
                d.state,
                DecisionState::Returned,
                tx.actor(),
                tx.now(),
            )?;
            sd::add_comment(
                tx.conn(),
                decision_id,
                stage,
                "return",
                tx.actor(),
                tx.now(),
                &comment,
            )?;
            tx.audit(
                actions::DECISION_RETURN,
                Some("household"),
                Some(&d.household_id.to_string()),
                json!({ "decision_id": decision_id, "stage": stage, "comment": comment }),
            )?;
            Ok(())
        })?;
        self.decision(decision_id)
    }

    /// 決裁: by someone who neither drafted nor reviewed it. In the same transaction: the
    /// household's status (with a history row), its current amounts (unless a later-effective
    /// decision already set them: a retroactive decision keeps the newer one current) and the
    /// application it answers.
    pub fn approve_decision(&mut self, decision_id: i64, comment: &str) -> Result<DecisionView> {
        self.require(Permission::ApproveDecision)?;
        let comment = comment.trim().to_string();
        let (me, role) = (self.user.user_id.clone(), self.user.role);
        let today = self.today();
        self.write(|tx| {
            let d = sd::decision(tx.conn(), decision_id)?;
            check_decision_action(DecisionAction::Approve, &facts(&d), &me, role)?;
            if let Some(link) = crate::store::care_aid::care_decision(tx.conn(), d.id)? {
                return super::care::approve_in_tx(tx, &d, &link, &comment);
            }
            if let Some(case_id) = d.medical_case_id {
                // A medical-aid decision changes its case, not the household.
                super::medical::check_medical(tx.conn(), case_id, d.kind, d.effective_date)?;
                sd::transition(tx.conn(), decision_id, DecisionState::Reviewed, DecisionState::Approved, tx.actor(), tx.now())?;
                if !comment.is_empty() {
                    sd::add_comment(tx.conn(), decision_id, "approval", "approve", tx.actor(), tx.now(), &comment)?;
                }
                crate::service::medical_aid::hooks::medical_decision_approved(tx, &d)?;
                tx.audit(actions::DECISION_APPROVE, Some("household"), Some(&d.household_id.to_string()),
                    json!({ "decision_id": d.id, "medical_case_id": case_id, "kind": d.kind.code(),
                            "effective_date": d.effective_date.to_string(), "comment": comment }))?;
                return Ok(());
            }
            let h = hh::require(tx.conn(), d.household_id)?;
            d.kind.check_allowed(h.status).map_err(ServiceError::DecisionState)?;
            sd::transition(tx.conn(), decision_id, DecisionState::Reviewed, DecisionState::Approved, tx.actor(), tx.now())?;
            if !comment.is_empty() {
                sd::add_comment(tx.conn(), decision_id, "approval", "approve", tx.actor(), tx.now(), &comment)?;
            }
            let new_status = d.kind.status_after();
            if new_status != h.status {
                let mut reason = format!("保護{}決定（決定ID {}）", d.kind.label(), d.id);
                if !d.reason_text.is_empty() {
                    reason.push_str(&format!(": {}", d.reason_text));
                }
                hh::set_status(tx.conn(), d.household_id, &StatusChange {
                    status: new_status,
                    effective_date: d.effective_date,
                    reason,
                    changed_by: tx.actor().into(),
                    changed_at: tx.now().into(),
                })?;
                tx.touch_household(d.household_id);
                // 停止・廃止 clip the vouchers already issued past the date (and end eligibility).
                crate::service::medical_aid::hooks::household_status_approved(tx, &d, h.status, new_status)?;
            }
            let old = sd::amounts(tx.conn(), d.household_id)?;
            let mut amounts_changed = false;
            if d.kind.sets_amounts() && old.as_ref().is_none_or(|o| d.effective_date >= o.effective_date) {
                sd::put_amounts(tx.conn(), &AmountsRow {
                    household_id: d.household_id,
                    decision_id: d.id,
                    effective_date: d.effective_date,
                    amounts: d.amounts.clone(),
                    minimum_total_yen: d.minimum_total_yen,
                    income_recognised_yen: d.income_recognised_yen,
                    benefit_yen: d.benefit_yen,
                    cash_benefit_yen: d.cash_benefit_yen,
                    updated_at: tx.now().into(),
                })?;
                amounts_changed = true;
            }
            if let (true, Some(app)) = (d.kind.answers_application(), d.application_id) {
                sd::mark_application_decided(tx.conn(), app, today, d.id, tx.now())?;
            }
            // The 副本 learns of it in the same transaction (one record per member).
            crate::exchange::fukuhon::on_decision_approved(tx, d.id, d.household_id, d.kind, d.effective_date, &d.amounts)?;
            // A 廃止 of assistance ends the household's care aid in the same transaction.
            super::care::after_household_decision(tx, &d)?;
            tx.audit(actions::DECISION_APPROVE, Some("household"), Some(&d.household_id.to_string()),
                json!({ "decision_id": d.id, "kind": d.kind.code(), "effective_date": d.effective_date.to_string(),
                        "status": { "old": h.status.code(), "new": new_status.code() },
                        "benefit_yen": { "old": old.as_ref().map(|o| o.benefit_yen), "new": if amounts_changed { Some(d.benefit_yen) } else { old.as_ref().map(|o| o.benefit_yen) } },
                        "retroactive_kept_newer": d.kind.sets_amounts() && !amounts_changed,
                        "comment": comment }))?;
            Ok(())
        })?;
        self.decision(decision_id)
    }

    pub(in crate::service) fn viewer(&self) -> Viewer<'_> {
        Viewer {
            user_id: &self.user.user_id,
            role: self.user.role,
        }
    }

    /// Refuse `action` on `d` unless the workflow rule allows it for the current user.
    pub(super) fn check_step(&self, action: DecisionAction, d: &sd::DecisionRow) -> Result<()> {
        Ok(check_decision_action(
            action,
            &facts(d),
            &self.user.user_id,
            self.user.role,
        )?)
    }

    pub(super) fn decision(&self, id: i64) -> Result<DecisionView> {
        let conn = self.store.conn();
        decision_view(conn, &sd::decision(conn, id)?, &self.viewer())
    }

    pub fn get_decision(&mut self, id: i64) -> Result<DecisionView> {
        self.require(Permission::ViewHousehold)?;
        let d = sd::decision(self.store.conn(), id)?;
        self.audit_read(
            actions::DECISION_VIEW,
            Some("household"),
            Some(d.household_id.to_string()),
            json!({ "decision_id": id }),
        )?;
        self.decision(id)
    }

    /// Every decision of a household, newest effective date first (approved ones are history).
    pub fn decisions_for_household(&mut self, household_id: i64) -> Result<Vec<DecisionView>> {
        self.require(Permission::ViewHousehold)?;
        hh::require(self.store.conn(), household_id)?;
        self.audit_read(
            actions::DECISIONS_LIST,
            Some("household"),
            Some(household_id.to_string()),
            serde_json::Value::Null,
        )?;
        let conn = self.store.conn();
        hh::require(conn, household_id)?;
        sd::decisions_for(conn, household_id)?
            .iter()
            .map(|d| decision_view(conn, d, &self.viewer()))
            .collect()
    }

    /// What waits for the current user: drafts to review (supervisor), reviewed decisions to
    /// approve (approver), own decisions returned for correction (drafter). Never one's own work
    /// to check.
    pub fn decision_inbox(&mut self) -> Result<Vec<DecisionView>> {
        self.require(Permission::ViewHousehold)?;
        self.audit_read(actions::DECISION_INBOX, None, None, serde_json::Value::Null)?;
        let role = self.user.role;
        let me = self.user.user_id.clone();
        let conn = self.store.conn();
        let mut out = vec![];
        if role.can(Permission::ReviewDecision) {
            for d in sd::decisions_in_state(conn, DecisionState::Draft)? {
                if d.drafted_by != me {
                    out.push(decision_view(conn, &d, &self.viewer())?);
                }
            }
        }
        if role.can(Permission::ApproveDecision) {
            for d in sd::decisions_in_state(conn, DecisionState::Reviewed)? {
                if d.drafted_by != me && d.reviewed_by.as_deref() != Some(me.as_str()) {
                    out.push(decision_view(conn, &d, &self.viewer())?);
                }
            }
        }
        if role.can(Permission::DraftDecision) {
            for d in sd::decisions_in_state(conn, DecisionState::Returned)? {
                if d.drafted_by == me {
                    out.push(decision_view(conn, &d, &self.viewer())?);
                }
            }
        }
        Ok(out)
    }
}
