//! 指定医療機関: search, save, and the CSV import with its dry run.

use serde_json::json;

use crate::audit::actions;
use crate::domain::era::format_wareki;
use crate::domain::medical_aid::institution::{
    changed_fields, classify, parse_csv, ImportAction, InstitutionInput, InstitutionKind,
};
use crate::domain::role::Permission;
use crate::service::views::{ImportLineView, InstitutionImportReport, InstitutionView};
use crate::service::{App, Result, ServiceError};
use crate::store::medical_aid::{self as sm, InstitutionRow};

pub(crate) fn institution_view(
    r: &InstitutionRow,
    today: chrono::NaiveDate,
    can_edit: bool,
) -> InstitutionView {
    let i = &r.inst;
    InstitutionView {
        id: r.id,
        code: i.code.clone(),
        name: i.name.clone(),
        kana: i.kana.clone(),
        kind: i.kind,
        kind_label: i.kind.label().into(),
        postal_code: i.postal_code.clone(),
        address: i.address.clone(),
        phone: i.phone.clone(),
        valid_from: i.valid_from.to_string(),
        valid_from_wareki: format_wareki(i.valid_from),
        valid_to: i.valid_to.map(|d| d.to_string()),
        valid_to_wareki: i.valid_to.map(format_wareki),
        in_force: i.in_force_on(today),
        can_edit,
    }
}

impl App {
    /// Search by code, name or kana (all when the query is empty), optionally of one kind.
    /// `ViewHousehold`.
    pub fn institutions_search(
        &mut self,
        query: &str,
        kind: Option<InstitutionKind>,
        limit: u32,
    ) -> Result<Vec<InstitutionView>> {
        self.require(Permission::ViewHousehold)?;
        let (today, can_edit) = (self.today(), self.user.role.can(Permission::EditMedicalAid));
        Ok(
            sm::search_institutions(self.store.conn(), query, kind, limit.clamp(1, 500))?
                .iter()
                .map(|r| institution_view(r, today, can_edit))
                .collect(),
        )
    }

    pub fn institution_get(&mut self, id: i64) -> Result<InstitutionView> {
        self.require(Permission::ViewHousehold)?;
        let r = sm::require_institution(self.store.conn(), id)?;
        Ok(institution_view(
            &r,
            self.today(),
            self.user.role.can(Permission::EditMedicalAid),
        ))
    }

    /// Register or correct one institution (by its code). `EditMedicalAid`; audited old → new.
    pub fn institution_save(&mut self, input: &InstitutionInput) -> Result<InstitutionView> {
        self.require(Permission::EditMedicalAid)?;
        let v = input.validate()?;
        let id = self.write(|tx| {
            let old = sm::institution_by_code(tx.conn(), &v.code)?;
            let id = sm::upsert_institution(tx.conn(), &v, tx.now())?;
            tx.audit(
                actions::INSTITUTION_SAVE,
                Some("institution"),
                Some(&id.to_string()),
                json!({ "code": v.code, "old": old.map(|o| o.inst), "new": v }),
            )?;
            Ok(id)
        })?;
        self.institution_get(id)
    }

    /// CSV import. With `dry_run` nothing is written: every line is listed as 新規 / 変更 /
    /// 変更なし / エラー (with its line number and reason). Without it the same check runs and, if
    /// no line is in error, every new and changed line is written in one transaction; with any
    /// error nothing is written. `EditMedicalAid`; audited.
    pub fn institutions_import(
        &mut self,
        csv_text: &str,
        dry_run: bool,
    ) -> Result<InstitutionImportReport> {
        self.require(Permission::EditMedicalAid)?;
        crate::service::register_import::check_size("指定医療機関の一覧", csv_text.len() as u64)?;
        let parsed = parse_csv(csv_text).map_err(|m| ServiceError::refused("IMPORT_FORMAT", m))?;
        let conn = self.store.conn();
        let mut report = InstitutionImportReport {
            dry_run,
            applied: false,
            new: 0,
            changed: 0,
            unchanged: 0,
            invalid: 0,
            lines: vec![],
        };
        let mut writes = vec![];
        for l in &parsed {
            let (action, code, name, message) = match &l.entry {
                Err(reason) => (
                    ImportAction::Invalid,
                    String::new(),
                    String::new(),
                    reason.clone(),
                ),
                Ok(v) => {
                    let stored = sm::institution_by_code(conn, &v.code)?;
                    let a = classify(v, stored.as_ref().map(|s| &s.inst));
                    let msg = match (&a, &stored) {
                        (ImportAction::Changed, Some(s)) => {
                            format!("変更: {}", changed_fields(&s.inst, v).join("・"))
                        }
                        _ => String::new(),
                    };
                    if matches!(a, ImportAction::New | ImportAction::Changed) {
                        writes.push(v.clone());
                    }
                    (a, v.code.clone(), v.name.clone(), msg)
                }
            };
            match action {
                ImportAction::New => report.new += 1,
                ImportAction::Changed => report.changed += 1,
                ImportAction::Unchanged => report.unchanged += 1,
                ImportAction::Invalid => report.invalid += 1,
            }
            report.lines.push(ImportLineView {
                line: l.line as i64,
                action,
                action_label: action.label().into(),
                code,
                name,
                message,
            });
        }
        if dry_run || report.invalid > 0 {
            return Ok(report);
        }
        let counts =
            json!({ "new": report.new, "changed": report.changed, "unchanged": report.unchanged });
        self.write(|tx| {
            for v in &writes {
                sm::upsert_institution(tx.conn(), v, tx.now())?;
            }
            tx.audit(
                actions::INSTITUTION_IMPORT,
                Some("institution"),
                None,
                json!({ "counts": counts, "codes": writes.iter().map(|v| v.code.clone()).collect::<Vec<_>>() }),
            )?;
            Ok(())
        })?;
        report.applied = true;
        Ok(report)
    }
}
