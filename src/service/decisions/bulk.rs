//! 一括認定: recompute every 保護中 household with a new rate set and draft one 変更 per changed amount.

use super::*;

impl App {
    fn bulk_compute(&mut self, version: &str, date: NaiveDate) -> Result<(RateSetRow, BulkRows)> {
        let conn = self.store.conn();
        let grade = office_grade(conn)?;
        let row = rate_by_version(conn, version)?;
        if !(row.effective_from <= date && row.effective_to.is_none_or(|t| date <= t)) {
            return Err(ValidationError::new(
                "date",
                format!("{date} は基準額表「{version}」の適用期間の外です"),
            )
            .into());
        }
        let set = load_set(conn, &mut self.rate_cache, &row)?;
        calc::check_complete(&set, grade, date).map_err(|error| ServiceError::RatesIncomplete {
            version: row.version.clone(),
            error,
        })?;
        let open = sd::households_with_open_decisions(conn)?;
        let mut out = vec![];
        for (hid, case) in sd::households_in_status(conn, HouseholdStatus::Active.code())? {
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
            match compute(conn, &mut self.rate_cache, hid, date, Some(&row), grade) {
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
        Ok((row, out))
    }

    /// Recompute every 保護中 household with the rate set `version` on `date` and compare with its
    /// current amount. Nothing is changed (the preview is logged).
    pub fn bulk_preview(&mut self, version: &str, date: &str) -> Result<Vec<BulkPreviewRow>> {
        self.require(Permission::DraftDecision)?;
        let date = parse_day("date", "適用日", date)?;
        let (_, rows) = self.bulk_compute(version, date)?;
        let rows: Vec<BulkPreviewRow> = rows.into_iter().map(|(r, _)| r).collect();
        let (n, changed, errors) = (
            rows.len(),
            rows.iter()
                .filter(|r| r.error.is_none() && r.change != 0)
                .count(),
            rows.iter().filter(|r| r.error.is_some()).count(),
        );
        let v = version.to_string();
        self.write(|tx| {
            tx.audit(actions::BULK_PREVIEW, None, None,
                json!({ "rate_version": v, "date": date.to_string(), "households": n, "changed": changed, "errors": errors }))?;
            Ok(())
        })?;
        Ok(rows)
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
        let (row, rows) = self.bulk_compute(version, date)?;
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
        let bulk_id = format!("bulk-{}-{}", row.version, self.now().format("%Y%m%d%H%M%S"));
        let created = self.write(|tx| {
            let open = sd::households_with_open_decisions(tx.conn())?;
            let mut ids = Vec::with_capacity(contents.len());
            for (hid, content) in &contents {
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
                    Some(&bulk_id),
                    tx.actor(),
                    tx.now(),
                )?);
            }
            tx.audit(
                actions::BULK_APPLY,
                None,
                None,
                json!({ "bulk_id": bulk_id, "rate_version": row.version, "date": date.to_string(),
                        "created": ids.len(), "unchanged": unchanged, "skipped": skipped.len(),
                        "households": contents.iter().map(|(h, _)| *h).collect::<Vec<_>>() }),
            )?;
            Ok(ids)
        })?;
        Ok(BulkApplyResult {
            bulk_id,
            rate_version: row.version,
            created,
            unchanged,
            skipped,
        })
    }
}
