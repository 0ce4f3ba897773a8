//! 国の基準額表: the national rate sets the program ships (`calc::rates::shipped`).
//!
//! - A new database (`madoguchi init`, the demo) gets every shipped set, so an office can
//!   compute and decide on its first day without importing anything.
//! - A database that uses the national sets gets, at the next login, every set a program update
//!   brought (基準改定 as an event): the new set is installed, audited, and offered as a
//!   revision — 「一括認定の試算」 for its effective date — until a bulk re-decision with it has
//!   been drafted.
//! - A database created without them (tests, or an office that keeps its own tables) starts
//!   using them only by [`App::install_national_rates`].
//!
//! Not here: the tables themselves (`data/rates/`), the office's additions to them (import of a
//! supplement, `decisions::import_rates`), the bulk re-decision (`decisions`).

use std::collections::BTreeMap;

use serde_json::json;

use super::decisions::sha256_hex;
use super::views::{RateSetSummary, RevisionView};
use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::calc::rates::shipped::{is_national, NATIONAL};
use crate::calc::{self, RateSet};
use crate::domain::era::format_wareki;
use crate::domain::role::Permission;
use crate::store::decisions as sd;
use crate::store::Tx;

/// `rate_sets.imported_by` of a national set installed with a new database.
pub(crate) const BY_NEW_DATABASE: &str = "program:new-database";
/// `rate_sets.imported_by` of a national set a program update brought.
pub(crate) const BY_PROGRAM_UPDATE: &str = "program:update";

/// How an `imported_by` is shown: a person's id, or how the program installed the set.
pub(crate) fn imported_by_label(by: &str) -> String {
    match by {
        BY_NEW_DATABASE => "プログラム（データベース作成時）".into(),
        BY_PROGRAM_UPDATE => "プログラム（更新で追加）".into(),
        other => other.into(),
    }
}

/// Store a parsed set's original files as a rate-set row (names sorted, as JSON; its SHA-256),
/// with its audit entry. Shared by the import and the national install so both hash alike.
pub(crate) fn store_set(
    tx: &mut Tx<'_>,
    files: &[(&str, &str)],
    set: &RateSet,
    imported_by: &str,
    action: &str,
    detail: serde_json::Value,
) -> Result<i64> {
    let map: BTreeMap<&str, &str> = files.iter().copied().collect();
    let files_json =
        serde_json::to_string(&map).map_err(|e| ServiceError::DecisionState(e.to_string()))?;
    let sha = sha256_hex(&files_json);
    let m = &set.manifest;
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
        imported_by,
        tx.now(),
    )?;
    let mut entry = json!({ "version": m.version, "effective_from": m.effective_from.to_string(),
        "effective_to": m.effective_to.map(|d| d.to_string()), "sha256": sha,
        "files": map.keys().collect::<Vec<_>>(), "test_figures": set.has_test_figures() });
    if let (Some(e), serde_json::Value::Object(extra)) = (entry.as_object_mut(), detail) {
        e.extend(extra);
    }
    tx.audit(action, Some("rate_set"), Some(&id.to_string()), entry)?;
    Ok(id)
}

/// Install every shipped national set this database does not have yet. Returns the versions
/// installed, oldest first.
pub(crate) fn install_missing(
    tx: &mut Tx<'_>,
    imported_by: &str,
    trigger: &str,
) -> Result<Vec<String>> {
    let mut installed = vec![];
    for shipped in NATIONAL {
        if sd::rate_set_by_version(tx.conn(), shipped.version)?.is_some() {
            continue;
        }
        let files = shipped.file_refs();
        let set = calc::parse_files(&files)?;
        store_set(
            tx,
            &files,
            &set,
            imported_by,
            actions::RATES_INSTALL,
            json!({ "trigger": trigger }),
        )?;
        installed.push(shipped.version.to_string());
    }
    Ok(installed)
}

impl App {
    /// At login: a database that already uses the national sets receives the ones this program
    /// brings (the 基準改定 of a program update). Any user's login does it, as the program's act
    /// (recorded so, with the user who was logged in).
    pub(crate) fn sync_national_rates(&mut self) -> Result<Vec<String>> {
        let rows = sd::list_rate_sets(self.store.conn())?;
        let uses_national = rows.iter().any(|r| is_national(&r.version));
        let missing = NATIONAL
            .iter()
            .any(|s| !rows.iter().any(|r| r.version == s.version));
        if !uses_national || !missing {
            return Ok(vec![]);
        }
        self.write(|tx| install_missing(tx, BY_PROGRAM_UPDATE, "program_update"))
    }

    /// Start using the national sets in a database created without them (`rates
    /// install-national`). Already present sets are left alone.
    pub fn install_national_rates(&mut self) -> Result<Vec<RateSetSummary>> {
        self.require(Permission::ManageRates)?;
        let installed = self.write(|tx| install_missing(tx, BY_PROGRAM_UPDATE, "administrator"))?;
        let mut out = vec![];
        for v in installed {
            if let Some(row) = sd::rate_set_by_version(self.store.conn(), &v)? {
                out.push(self.rate_summary(&row)?);
            }
        }
        Ok(out)
    }

    /// 基準改定 waiting for the office: national sets a program update brought and for which no
    /// 一括認定 (bulk re-decision) has been drafted yet. The UI offers 「一括認定の試算」 for each,
    /// at its effective date.
    pub fn rate_revisions(&mut self) -> Result<Vec<RevisionView>> {
        self.require(Permission::ViewHousehold)?;
        let conn = self.store.conn();
        let mut out = vec![];
        for row in sd::list_rate_sets(conn)?.into_iter().rev() {
            if row.imported_by != BY_PROGRAM_UPDATE || !is_national(&row.version) {
                continue;
            }
            // Once the office has completed the set (「不足の表を追加」), the completed one takes
            // over on the same dates: the 一括認定 is made with it.
            let completed = sd::list_rate_sets(conn)?
                .into_iter()
                .filter(|r| r.version.starts_with(&format!("{}+", row.version)))
                .max_by_key(|r| r.id);
            let drafted: i64 = conn
                .query_row(
                    "SELECT COUNT(*) FROM decisions WHERE bulk_id LIKE ?1 OR bulk_id LIKE ?2",
                    [
                        format!("bulk-{}-%", row.version),
                        format!("bulk-{}+%", row.version),
                    ],
                    |r| r.get(0),
                )
                .map_err(crate::store::StoreError::from)?;
            if drafted > 0 {
                continue;
            }
            out.push(RevisionView {
                version: completed.map_or_else(|| row.version.clone(), |c| c.version),
                title: row.title.clone(),
                effective_from: row.effective_from.to_string(),
                effective_from_wareki: format_wareki(row.effective_from),
                installed_at: row.imported_at.clone(),
                message: format!(
                    "基準改定: 「{}」が入りました。{}（{}）から適用されます。一括認定の試算で、保護中の世帯の新しい額を確認してください",
                    row.title,
                    format_wareki(row.effective_from),
                    row.effective_from
                ),
            });
        }
        Ok(out)
    }
}
