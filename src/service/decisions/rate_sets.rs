//! Rate-table sets (基準額表): import as the original files with their SHA-256, never edited; list with what each lacks for the office's 級地.

use super::*;

/// The distinct 区分 of a set's 住宅扶助 table, in table order.
pub(super) fn housing_areas(set: &RateSet) -> Vec<String> {
    let mut out: Vec<String> = vec![];
    for r in &set.jutaku {
        if !out.contains(&r.area) {
            out.push(r.area.clone());
        }
    }
    out
}

/// A rate set is a dozen small tables (the national set is a few KiB); anything much larger is
/// not one, and is refused before it is parsed or stored.
pub const MAX_RATE_FILE_BYTES: usize = 1024 * 1024;
pub const MAX_RATE_FILES: usize = 64;

fn check_rate_files_size(files: &[(String, String)]) -> Result<()> {
    if files.len() > MAX_RATE_FILES {
        return Err(ServiceError::refused(
            "RATE_TOO_LARGE",
            format!(
                "基準額表のファイルが多すぎます（{} 個。{MAX_RATE_FILES} 個まで）",
                files.len()
            ),
        ));
    }
    if let Some((name, _)) = files.iter().find(|(_, t)| t.len() > MAX_RATE_FILE_BYTES) {
        return Err(ServiceError::refused(
            "RATE_TOO_LARGE",
            format!(
                "基準額表のファイル {name} が大きすぎます（{} KiB まで）。基準額表のファイルか確かめてください",
                MAX_RATE_FILE_BYTES / 1024
            ),
        ));
    }
    Ok(())
}

impl App {
    /// Import a rate-table set: `files` are (file name, contents). Validation errors keep their
    /// file and line. A set with test figures is refused unless `allow_test` (tests, demos).
    pub fn import_rates(
        &mut self,
        files: &[(String, String)],
        allow_test: bool,
    ) -> Result<RateSetSummary> {
        self.require(Permission::ManageRates)?;
        check_rate_files_size(files)?;
        let refs: Vec<(&str, &str)> = files
            .iter()
            .map(|(n, t)| (n.as_str(), t.as_str()))
            .collect();
        let set = calc::parse_files(&refs)?;
        if set.has_test_figures() && !allow_test {
            return Err(ServiceError::TestFigures(format!(
                "基準額表「{}」には試験用（実在しない）の数字が含まれています。実際の決定には使えないため取り込みません",
                set.version()
            )));
        }
        // Stored exactly as given, names sorted, so the hash is the same for the same files.
        let map: BTreeMap<&str, &str> = refs.iter().copied().collect();
        let files_json =
            serde_json::to_string(&map).map_err(|e| ServiceError::DecisionState(e.to_string()))?;
        let sha = sha256_hex(&files_json);
        let m = &set.manifest;
        let id = self.write(|tx| {
            let id = sd::insert_rate_set(
                tx.conn(),
                &sd::NewRateSet {
                    version: &m.version,
                    title: &m.title,
                    effective_from: m.effective_from,
                    effective_to: m.effective_to,
                    test_figures: set.has_test_figures(),
                    files_json: &files_json,
                    sha256: &sha,
                },
                tx.actor(),
                tx.now(),
            )?;
            tx.audit(
                actions::RATES_IMPORT,
                Some("rate_set"),
                Some(&id.to_string()),
                json!({ "version": m.version, "effective_from": m.effective_from.to_string(),
                        "effective_to": m.effective_to.map(|d| d.to_string()), "sha256": sha,
                        "files": map.keys().collect::<Vec<_>>(), "test_figures": set.has_test_figures() }),
            )?;
            Ok(id)
        })?;
        self.rate_cache.insert(id, Arc::new(set));
        let row = sd::rate_set(self.store.conn(), id)?
            .ok_or_else(|| ServiceError::DecisionState("取込後の表が見つかりません".into()))?;
        self.rate_summary(&row)
    }

    fn rate_summary(&mut self, row: &RateSetRow) -> Result<RateSetSummary> {
        let conn = self.store.conn();
        let grade = crate::store::office::get(conn)?
            .map(|o| o.grade)
            .unwrap_or_default();
        let set = load_set(conn, &mut self.rate_cache, row)?;
        let missing = match Grade::parse(&grade) {
            Some(g) => calc::rates::missing_tables(&set, g, row.effective_from)
                .into_iter()
                .map(|e| e.to_string())
                .collect(),
            None => vec!["事務所設定の級地が未設定です".into()],
        };
        let housing_areas = housing_areas(&set);
        Ok(RateSetSummary {
            id: row.id,
            version: row.version.clone(),
            title: row.title.clone(),
            effective_from: row.effective_from.to_string(),
            effective_to: row.effective_to.map(|d| d.to_string()),
            test_figures: row.test_figures,
            sha256: row.sha256.clone(),
            imported_at: row.imported_at.clone(),
            imported_by: row.imported_by.clone(),
            office_grade: grade,
            missing,
            housing_areas,
        })
    }

    /// Every imported set, newest period first, with what it lacks for the office's 級地.
    pub fn list_rates(&mut self) -> Result<Vec<RateSetSummary>> {
        self.require(Permission::ViewHousehold)?;
        let rows = sd::list_rate_sets(self.store.conn())?;
        rows.iter().map(|r| self.rate_summary(r)).collect()
    }
}
