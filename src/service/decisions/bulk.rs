//! 一括認定: recompute every 保護中 household with a new rate set and draft one 変更 per changed amount.
//!
//! Over thousands of households this takes seconds, so the desk runs both steps as background
//! jobs (`service::jobs`: [`App::bulk_preview_job`], [`App::bulk_apply_job`]) on their own
//! connection, with progress; the synchronous [`App::bulk_preview`] / [`App::bulk_apply`] (CLI,
//! tests) run the same functions without progress.

use super::*;
use crate::service::jobs::{JobContext, JobRunner, JobView};

/// Progress of a bulk step: (done, total); `Err` stops it (a cancelled job).
type Progress<'a> = &'a mut dyn FnMut(u64, u64) -> Result<()>;

fn no_progress(_: u64, _: u64) -> Result<()> {
    Ok(())
}

/// Report at most this often (every N households) to keep the job table quiet.
const PROGRESS_EVERY: u64 = 25;

/// The named set, if it can decide for the office's 級地 on `date` (checked before any job starts).
fn bulk_rate_set(
    conn: &Connection,
    cache: &mut RateCache,
    version: &str,
    date: NaiveDate,
) -> Result<RateSetRow> {
    let grade = office_grade(conn)?;
    let row = rate_by_version(conn, version)?;
    if !(row.effective_from <= date && row.effective_to.is_none_or(|t| date <= t)) {
        return Err(ValidationError::new(
            "date",
            format!("{date} は基準額表「{version}」の適用期間の外です"),
        )
        .into());
    }
    let set = load_set(conn, cache, &row)?;
    calc::check_complete(&set, grade, date).map_err(|error| ServiceError::RatesIncomplete {
        version: row.version.clone(),
        error,
    })?;
    Ok(row)
}

fn bulk_compute(
    conn: &Connection,
    cache: &mut RateCache,
    version: &str,
    date: NaiveDate,
    progress: Progress<'_>,
) -> Result<(RateSetRow, BulkRows)> {
    let grade = office_grade(conn)?;
    let row = bulk_rate_set(conn, cache, version, date)?;
    let open = sd::households_with_open_decisions(conn)?;
    let active = sd::households_in_status(conn, HouseholdStatus::Active.code())?;
    let total = active.len() as u64;
    let mut out = vec![];
    for (i, (hid, case)) in active.into_iter().enumerate() {
        if i as u64 % PROGRESS_EVERY == 0 {
            progress(i as u64, total)?;
        }
        let old = sd::amounts(conn, hid)?.map_or(0, |a| a.benefit_yen);
        let head_name = hh::head_name(conn, hid)?;
        let mut r = BulkPreviewRow {
            household_id: hid,
            case_number: case,
            head_name,
            old_total: old,
            new_total: old,
            change: 0,
            error: None,
        };
        if open.contains(&hid) {
            r.error = Some("処理中の決定があります".into());
            out.push((r, None));
            continue;
        }
        match compute(conn, cache, hid, date, Some(&row), grade) {
            Ok(c) => {
                r.new_total = c.result.benefit_yen;
                r.change = r.new_total - old;
                out.push((r, Some(c)));
            }
            Err(e) => {
                r.error = Some(e.to_string());
                out.push((r, None));
            }
        }
    }
    progress(total, total)?;
    Ok((row, out))
}

/// The preview's rows, with its audit entry written through `write`.
fn bulk_preview_rows(
    rows: BulkRows,
    version: &str,
    date: NaiveDate,
    write: impl FnOnce(&mut dyn FnMut(&mut crate::store::Tx<'_>) -> Result<()>) -> Result<()>,
) -> Result<BulkPreview> {
    let rows: Vec<BulkPreviewRow> = rows.into_iter().map(|(r, _)| r).collect();
    let totals = BulkTotals::of(&rows);
    let v = version.to_string();
    write(&mut |tx| {
        tx.audit(
            actions::BULK_PREVIEW,
            None,
            None,
            json!({ "rate_version": v, "date": date.to_string(), "households": totals.households,
                    "changed": totals.changed, "errors": totals.skipped }),
        )?;
        Ok(())
    })?;
    Ok(BulkPreview { rows, totals })
}

/// What `bulk_apply` needs from the computation, and the one transaction that writes it.
struct BulkPlan {
    row: RateSetRow,
    date: NaiveDate,
    contents: Vec<(i64, Content)>,
    skipped: Vec<BulkPreviewRow>,
    unchanged: i64,
    bulk_id: String,
}

fn bulk_plan(
    row: RateSetRow,
    rows: BulkRows,
    date: NaiveDate,
    reason_text: &str,
    reason_codes: &[String],
    now: chrono::DateTime<chrono::FixedOffset>,
) -> Result<BulkPlan> {
    let mut contents = vec![];
    let mut skipped = vec![];
    let mut unchanged = 0i64;
    for (r, c) in rows {
        match c {
            None => skipped.push(r),
            Some(_) if r.change == 0 => unchanged += 1,
            Some(c) => contents.push((
                c.household_id,
                Content::new(
                    DecisionKind::Change,
                    date,
                    reason_text,
                    reason_codes,
                    Some(&c),
                )?,
            )),
        }
    }
    let bulk_id = format!("bulk-{}-{}", row.version, now.format("%Y%m%d%H%M%S"));
    Ok(BulkPlan {
        row,
        date,
        contents,
        skipped,
        unchanged,
        bulk_id,
    })
}

/// Every draft, or none: `progress` may stop it half-way and the transaction rolls back.
fn bulk_write(
    tx: &mut crate::store::Tx<'_>,
    plan: &BulkPlan,
    progress: Progress<'_>,
) -> Result<Vec<i64>> {
    let open = sd::households_with_open_decisions(tx.conn())?;
    let total = plan.contents.len() as u64;
    let mut ids = Vec::with_capacity(plan.contents.len());
    for (i, (hid, content)) in plan.contents.iter().enumerate() {
        if i as u64 % PROGRESS_EVERY == 0 {
            progress(i as u64, total)?;
        }
        if open.contains(hid) {
            return Err(ServiceError::DecisionState(format!(
                "世帯（ID {hid}）に処理中の決定ができました。試算からやり直してください"
            )));
        }
        let status = hh::require(tx.conn(), *hid)?.status;
        DecisionKind::Change
            .check_allowed(status)
            .map_err(ServiceError::DecisionState)?;
        ids.push(sd::insert_decision(
            tx.conn(),
            *hid,
            &content.as_draft(None),
            Some(&plan.bulk_id),
            tx.actor(),
            tx.now(),
        )?);
    }
    progress(total, total)?;
    tx.audit(
        actions::BULK_APPLY,
        None,
        None,
        json!({ "bulk_id": plan.bulk_id, "rate_version": plan.row.version, "date": plan.date.to_string(),
                "created": ids.len(), "unchanged": plan.unchanged, "skipped": plan.skipped.len(),
                "households": plan.contents.iter().map(|(h, _)| *h).collect::<Vec<_>>() }),
    )?;
    Ok(ids)
}

fn bulk_result(plan: BulkPlan, created: Vec<i64>) -> BulkApplyResult {
    BulkApplyResult {
        bulk_id: plan.bulk_id,
        rate_version: plan.row.version,
        created,
        unchanged: plan.unchanged,
        skipped: plan.skipped,
    }
}

fn to_json<T: serde::Serialize>(v: T) -> Result<serde_json::Value> {
    serde_json::to_value(v)
        .map_err(|e| ServiceError::DecisionState(format!("結果を作れません: {e}")))
}

/// A job's progress as a bulk step's: `message` while `done` of `total`.
fn job_progress<'a>(
    ctx: &'a JobContext,
    message: &'a str,
) -> impl FnMut(u64, u64) -> Result<()> + 'a {
    move |done, total| ctx.progress(done, total, message)
}

impl App {
    /// Recompute every 保護中 household with the rate set `version` on `date` and compare with its
    /// current amount. Nothing is changed (the preview is logged).
    pub fn bulk_preview(&mut self, version: &str, date: &str) -> Result<BulkPreview> {
        self.require(Permission::DraftDecision)?;
        let date = parse_day("date", "適用日", date)?;
        let (_, rows) = bulk_compute(
            self.store.conn(),
            &mut self.rate_cache,
            version,
            date,
            &mut no_progress,
        )?;
        bulk_preview_rows(rows, version, date, |f| self.write(|tx| f(tx)))
    }

    /// Create one 変更 draft per household whose amount changes, all in ONE transaction (either
    /// every draft is created or none is). They then go through review and approval like any
    /// other decision: a bulk re-decision changes amounts only when each is approved.
    /// Households that cannot be recomputed are left out and listed in `skipped`.
    pub fn bulk_apply(
        &mut self,
        version: &str,
        date: &str,
        reason_text: &str,
        reason_codes: &[String],
    ) -> Result<BulkApplyResult> {
        self.require(Permission::DraftDecision)?;
        let date = parse_day("date", "適用日", date)?;
        self.check_reasons(DecisionKind::Change, reason_text, reason_codes)?;
        let (row, rows) = bulk_compute(
            self.store.conn(),
            &mut self.rate_cache,
            version,
            date,
            &mut no_progress,
        )?;
        let plan = bulk_plan(row, rows, date, reason_text, reason_codes, self.now())?;
        let created = self.write(|tx| bulk_write(tx, &plan, &mut no_progress))?;
        Ok(bulk_result(plan, created))
    }

    /// [`bulk_preview`](Self::bulk_preview) as a background job (result: `BulkPreview`).
    /// The permission, the date and the rate set are checked before the job starts.
    pub fn bulk_preview_job(
        &mut self,
        runner: &JobRunner,
        version: &str,
        date: &str,
    ) -> Result<JobView> {
        self.require(Permission::DraftDecision)?;
        let day = parse_day("date", "適用日", date)?;
        bulk_rate_set(self.store.conn(), &mut self.rate_cache, version, day)?;
        let version = version.to_string();
        let label = format!("一括認定の試算（{version}・{}）", format_wareki(day));
        self.start_job(runner, "bulk_preview", &label, move |ctx| {
            let mut cache = RateCache::default();
            let (_, rows) = bulk_compute(
                ctx.conn(),
                &mut cache,
                &version,
                day,
                &mut job_progress(ctx, "再計算中"),
            )?;
            ctx.check_cancelled()?;
            let rows = bulk_preview_rows(rows, &version, day, |f| ctx.write(|tx| f(tx)))?;
            to_json(rows)
        })
    }

    /// [`bulk_apply`](Self::bulk_apply) as a background job (result: `BulkApplyResult`). A cancel
    /// at any point leaves no draft and no audit entry: the drafts are written in one
    /// transaction that a cancel rolls back.
    pub fn bulk_apply_job(
        &mut self,
        runner: &JobRunner,
        version: &str,
        date: &str,
        reason_text: &str,
        reason_codes: &[String],
    ) -> Result<JobView> {
        self.require(Permission::DraftDecision)?;
        let day = parse_day("date", "適用日", date)?;
        self.check_reasons(DecisionKind::Change, reason_text, reason_codes)?;
        bulk_rate_set(self.store.conn(), &mut self.rate_cache, version, day)?;
        let (version, reason_text, reason_codes) = (
            version.to_string(),
            reason_text.to_string(),
            reason_codes.to_vec(),
        );
        let label = format!("一括認定（{version}・{}）", format_wareki(day));
        self.start_job(runner, "bulk_apply", &label, move |ctx| {
            let mut cache = RateCache::default();
            let (row, rows) = bulk_compute(
                ctx.conn(),
                &mut cache,
                &version,
                day,
                &mut job_progress(ctx, "再計算中"),
            )?;
            let plan = bulk_plan(row, rows, day, &reason_text, &reason_codes, ctx.now())?;
            let handle = ctx.handle();
            let created = ctx.write(|tx| {
                let ids = bulk_write(tx, &plan, &mut |done, total| {
                    handle.progress(done, total, "起案を保存中")
                })?;
                // The last moment a cancel can still undo everything.
                handle.check_cancelled()?;
                Ok(ids)
            })?;
            to_json(bulk_result(plan, created))
        })
    }
}
