//! Recompute a decision years later from its snapshot and the stored rate files, and compare.

use super::*;

impl App {
    /// Recompute a decision from its snapshot with the stored rate set and compare.
    pub fn reproduce_decision(&mut self, decision_id: i64) -> Result<ReproduceReport> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        let d = sd::decision(conn, decision_id)?;
        let snap_json = d.snapshot.ok_or_else(|| {
            ServiceError::DecisionState(
                "この決定には計算がありません（停止・廃止・却下で計算なし）".into(),
            )
        })?;
        let snap: DecisionSnapshot = serde_json::from_str(&snap_json)
            .map_err(|e| ServiceError::DecisionState(format!("決定の記録を読めません: {e}")))?;
        let row = sd::rate_set(conn, snap.rate_set.id)?.ok_or_else(|| {
            ServiceError::NoRates(format!("基準額表（ID {}）がありません", snap.rate_set.id))
        })?;
        let (files_json, stored_sha) = sd::rate_set_files(conn, row.id)?;
        let sha_ok =
            sha256_hex(&files_json) == snap.rate_set.sha256 && stored_sha == snap.rate_set.sha256;
        let members: Vec<(MemberAsUsed, Option<NaiveDate>)> =
            snap.members.iter().map(|m| (m.clone(), None)).collect();
        let inputs_ok = snap
            .situation_input
            .to_calc(
                snap.office_grade,
                snap.situation.prefecture.as_deref(),
                &members,
                snap.date,
            )
            .map(|(s, _)| s == snap.situation)
            .unwrap_or(false);
        let (equal, message) = if !sha_ok {
            (
                false,
                format!(
                    "基準額表「{}」の内容が決定時のハッシュ値と一致しません",
                    row.version
                ),
            )
        } else {
            let set = load_set(conn, &mut self.rate_cache, &row)?;
            match calc::calculate(&set, &snap.situation, snap.date) {
                Ok(r) if r == snap.result => (
                    true,
                    format!(
                        "決定時と同じ結果です（保護費 {} 円）",
                        crate::domain::money::yen(r.benefit_yen)
                    ),
                ),
                // The money is the same; only the wording of the explanation changed since.
                Ok(r) if r.same_amounts(&snap.result) => (
                    true,
                    format!(
                        "決定時と同じ金額です（保護費 {} 円。計算過程の説明の文言は現在の版で変わっています）",
                        calc::minimum::yen(r.benefit_yen)
                    ),
                ),
                Ok(r) => (
                    false,
                    format!(
                        "再計算の結果が決定時と違います（決定時 {} 円 / 再計算 {} 円）",
                        crate::domain::money::yen(snap.result.benefit_yen),
                        crate::domain::money::yen(r.benefit_yen)
                    ),
                ),
                Err(e) => (false, format!("再計算できません: {e}")),
            }
        };
        let equal = equal && inputs_ok;
        let hid = d.household_id;
        self.write(|tx| {
            tx.audit(
                actions::DECISION_REPRODUCE,
                Some("household"),
                Some(&hid.to_string()),
                json!({ "decision_id": decision_id, "equal": equal, "sha256_ok": sha_ok, "inputs_ok": inputs_ok }),
            )?;
            Ok(())
        })?;
        Ok(ReproduceReport {
            decision_id,
            rate_version: row.version,
            sha256_ok: sha_ok,
            inputs_ok,
            equal,
            message,
        })
    }
}
