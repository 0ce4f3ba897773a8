//! Rate-table sets (基準額表): import as the original files with their SHA-256, never edited
//! (an office supplement to a national set is merged with it under `office/`); list with what
//! each lacks for the office's 級地, its sources and their trust.

use super::*;

/// The distinct 区分 of a set's 住宅扶助 table, in table order.
pub(super) fn housing_areas(set: &RateSet) -> Vec<String> {
    set.housing_areas()
        .into_iter()
        .map(str::to_string)
        .collect()
}

/// A rate set is a dozen small tables; the bounds are the core's ([`calc::rates::MAX_FILE_BYTES`]).
pub const MAX_RATE_FILE_BYTES: usize = crate::calc::rates::MAX_FILE_BYTES;
pub const MAX_RATE_FILES: usize = crate::calc::rates::MAX_FILES;

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
    ///
    /// A set whose manifest names a `base` is an office supplement: the tables the national set
    /// `base` leaves to the office (「不足の表を追加」). It is merged with that set's files
    /// (under `office/`) and stored as one new set that takes over from the base on its dates.
    /// 「不足の表を追加」 for the set the clerk chose on the screen (`base`): the folder must be a
    /// supplement of that very set, or nothing is imported. Without `base`, [`Self::import_rates`].
    pub fn import_rates_for(
        &mut self,
        files: &[(String, String)],
        allow_test: bool,
        base: Option<&str>,
    ) -> Result<RateSetSummary> {
        if let Some(want) = base {
            self.require(Permission::ManageRates)?;
            let refs: Vec<(&str, &str)> = files
                .iter()
                .map(|(n, t)| (n.as_str(), t.as_str()))
                .collect();
            match calc::rates::supplement_base(&refs)? {
                Some(b) if b == want => {}
                Some(b) => {
                    return Err(ValidationError::new(
                        "base",
                        format!("選んだフォルダは「{b}」に追加する表です（manifest.toml の base）。「{want}」に追加するには base = \"{want}\" と書いたフォルダを選んでください"),
                    )
                    .into())
                }
                None => {
                    return Err(ValidationError::new(
                        "base",
                        format!("選んだフォルダは基準額表そのものです。「{want}」に不足の表を追加するには、事務所の表だけを入れ、manifest.toml に base = \"{want}\" と書いたフォルダを選んでください"),
                    )
                    .into())
                }
            }
        }
        self.import_rates(files, allow_test)
    }

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
        let merged: Vec<(String, String)>;
        let (refs, base) = match calc::rates::supplement_base(&refs)? {
            None => (refs, None),
            Some(base) => {
                let row = rate_by_version(self.store.conn(), &base)?;
                let (base_json, _) = sd::rate_set_files(self.store.conn(), row.id)?;
                let base_files: BTreeMap<String, String> = serde_json::from_str(&base_json)
                    .map_err(|e| {
                        ServiceError::DecisionState(format!("基準額表「{base}」を読めません: {e}"))
                    })?;
                if base_files
                    .keys()
                    .any(|n| n.starts_with(calc::rates::OFFICE_DIR))
                {
                    return Err(ServiceError::DecisionState(format!(
                        "「{base}」は既に事務所で追加した版です。追加は国の基準額表（+ の前の版）に対して行ってください"
                    )));
                }
                merged =
                    base_files
                        .into_iter()
                        .chain(refs.iter().map(|(n, t)| {
                            (format!("{}{n}", calc::rates::OFFICE_DIR), t.to_string())
                        }))
                        .collect();
                (
                    merged
                        .iter()
                        .map(|(n, t)| (n.as_str(), t.as_str()))
                        .collect(),
                    Some(row),
                )
            }
        };
        let set = calc::parse_files(&refs)?;
        if set.has_test_figures() && !allow_test {
            return Err(ServiceError::TestFigures(format!(
                "基準額表「{}」には試験用（実在しない）の数字が含まれています。実際の決定には使えないため取り込みません",
                set.version()
            )));
        }
        let actor = self.user.user_id.clone();
        let extra = match &base {
            Some(b) => json!({ "supplement_of": b.version }),
            None => json!({}),
        };
        let id = self.write(|tx| {
            crate::service::national::store_set(
                tx,
                &refs,
                &set,
                &actor,
                actions::RATES_IMPORT,
                extra,
            )
        })?;
        self.rate_cache.insert(id, Arc::new(set));
        let row = sd::rate_set(self.store.conn(), id)?
            .ok_or_else(|| ServiceError::DecisionState("取込後の表が見つかりません".into()))?;
        self.rate_summary(&row)
    }

    pub(crate) fn rate_summary(&mut self, row: &RateSetRow) -> Result<RateSetSummary> {
        let conn = self.store.conn();
        let grade = crate::store::office::get(conn)?
            .map(|o| o.grade)
            .unwrap_or_default();
        let set = load_set(conn, &mut self.rate_cache, row)?;
        let (missing, to_import) = match Grade::parse(&grade) {
            Some(g) => {
                let gaps = calc::rates::gaps(&set, g, row.effective_from);
                (
                    gaps.iter()
                        .filter(|g| g.blocking)
                        .map(|g| g.to_error().to_string())
                        .collect(),
                    gaps.iter()
                        .filter(|g| !g.blocking)
                        .map(|g| g.detail.clone())
                        .collect(),
                )
            }
            None => (vec!["事務所設定の級地が未設定です".into()], vec![]),
        };
        use calc::rates::{Trust, Verification};
        let sources = set
            .manifest
            .sources
            .iter()
            .map(|s| RateSourceView {
                id: s.id.clone(),
                title: s.title.clone(),
                url: s.url.clone(),
                verification_label: match s.verification {
                    Verification::Primary => "告示・厚生労働省の資料",
                    Verification::OfficialSecondary => "公的機関の写し",
                    Verification::Secondary => "第三者の写し",
                    Verification::Office => "事務所",
                    Verification::TestFixture => "試験用（実在しない）",
                }
                .into(),
                trust_label: s.trust.map(Trust::label).unwrap_or_default().into(),
                note: s.note.clone(),
            })
            .collect();
        let supplement_to = (calc::rates::shipped::is_national(&row.version)
            && !to_import.is_empty())
        .then(|| calc::rates::shipped::national_base(&row.version).to_string());
        Ok(RateSetSummary {
            id: row.id,
            version: row.version.clone(),
            title: row.title.clone(),
            effective_from: row.effective_from.to_string(),
            effective_to: row.effective_to.map(|d| d.to_string()),
            test_figures: row.test_figures,
            sha256: row.sha256.clone(),
            imported_at: row.imported_at.clone(),
            imported_by: crate::service::national::imported_by_label(&row.imported_by),
            office_grade: grade,
            missing,
            housing_areas: housing_areas(&set),
            to_import,
            national: calc::rates::shipped::is_national(&row.version),
            supplement: set
                .manifest
                .supplement
                .as_ref()
                .map(|s| format!("{}（{}）", s.title, s.version)),
            supplement_to,
            sources,
        })
    }

    /// Every imported set, newest period first, with what it lacks for the office's 級地.
    pub fn list_rates(&mut self) -> Result<Vec<RateSetSummary>> {
        self.require(Permission::ViewHousehold)?;
        let rows = sd::list_rate_sets(self.store.conn())?;
        rows.iter().map(|r| self.rate_summary(r)).collect()
    }
}
