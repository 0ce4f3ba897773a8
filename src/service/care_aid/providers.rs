//! 指定介護機関・居宅介護支援事業者: search, save, and the CSV import with its dry run.

use chrono::NaiveDate;
use serde_json::json;

use crate::audit::actions;
use crate::domain::care_aid::provider::{
    changed_fields, designated_on, parse_csv, service_kind_label, ProviderImportAction,
    ProviderInput, ValidProvider,
};
use crate::domain::care_aid::provider_number::{NumberCheck, UNVERIFIED_WARNING};
use crate::domain::era::format_wareki;
use crate::domain::role::Permission;
use crate::service::views::{
    CareProviderView, ProviderImportLine, ProviderImportReport, ServiceKindView,
};
use crate::service::{App, Result, ServiceError};
use crate::store::care_aid::{self as sc, ProviderRow};

/// Who registers providers: the medical/care clerk and the caseworkers' office work
/// (`IssueVoucher`, 医療券・介護券の発行), as the register exists for the vouchers.
const EDIT: Permission = Permission::IssueVoucher;

pub(crate) fn kinds_view(kinds: &[String]) -> Vec<ServiceKindView> {
    kinds
        .iter()
        .map(|k| ServiceKindView {
            code: k.clone(),
            label: service_kind_label(k).unwrap_or(k).to_string(),
        })
        .collect()
}

pub(crate) fn provider_view(r: &ProviderRow, today: NaiveDate, can_edit: bool) -> CareProviderView {
    CareProviderView {
        id: r.id,
        number: r.number.clone(),
        number_check: r.check,
        number_warning: (r.check == NumberCheck::Unverified)
            .then(|| UNVERIFIED_WARNING.to_string()),
        name: r.name.clone(),
        kana: r.kana.clone(),
        service_kinds: kinds_view(&r.service_kinds),
        plan_office: r.plan_office,
        postal_code: r.postal_code.clone(),
        address: r.address.clone(),
        phone: r.phone.clone(),
        valid_from: r.valid_from.to_string(),
        valid_from_wareki: format_wareki(r.valid_from),
        valid_to: r.valid_to.map(|d| d.to_string()),
        valid_to_wareki: r.valid_to.map(format_wareki),
        designated: designated_on(r.valid_from, r.valid_to, today),
        can_edit,
    }
}

/// The stored row as the domain's valid provider (to compare with an import line).
fn as_valid(r: &ProviderRow) -> ValidProvider {
    ValidProvider {
        number: r.number.clone(),
        check: r.check,
        name: r.name.clone(),
        kana: r.kana.clone(),
        service_kinds: r.service_kinds.clone(),
        postal_code: r.postal_code.clone(),
        address: r.address.clone(),
        phone: r.phone.clone(),
        valid_from: r.valid_from,
        valid_to: r.valid_to,
    }
}

fn audit_json(v: &ValidProvider) -> serde_json::Value {
    json!({
        "number": v.number, "name": v.name, "kana": v.kana, "service_kinds": v.service_kinds,
        "postal_code": v.postal_code, "address": v.address, "phone": v.phone,
        "valid_from": v.valid_from.to_string(), "valid_to": v.valid_to.map(|d| d.to_string()),
    })
}

impl App {
    /// Search by 事業所番号, name or カナ (all when the query is empty); `plan_only` for the
    /// care-plan offices. `ViewHousehold`.
    pub fn care_providers_search(
        &mut self,
        query: &str,
        plan_only: bool,
        limit: u32,
    ) -> Result<Vec<CareProviderView>> {
        self.require(Permission::ViewHousehold)?;
        let (today, can_edit) = (self.today(), self.user.role.can(EDIT));
        Ok(
            sc::search_providers(self.store.conn(), query, plan_only, limit.clamp(1, 500))?
                .iter()
                .map(|r| provider_view(r, today, can_edit))
                .collect(),
        )
    }

    pub fn care_provider_get(&mut self, id: i64) -> Result<CareProviderView> {
        self.require(Permission::ViewHousehold)?;
        let r = sc::provider(self.store.conn(), id)?;
        Ok(provider_view(&r, self.today(), self.user.role.can(EDIT)))
    }

    /// Register or correct one provider (by its 事業所番号). Audited old → new.
    pub fn care_provider_save(&mut self, input: &ProviderInput) -> Result<CareProviderView> {
        self.require(EDIT)?;
        let v = input.validate()?;
        let id = self.write(|tx| {
            let old = sc::provider_by_number(tx.conn(), &v.number)?;
            let (id, _) = sc::upsert_provider(tx.conn(), &v, tx.now())?;
            tx.audit(
                actions::CARE_PROVIDER_SAVE,
                Some("care_provider"),
                Some(&id.to_string()),
                json!({ "number": v.number, "old": old.as_ref().map(|o| audit_json(&as_valid(o))), "new": audit_json(&v),
                        "check_digit_verified": v.check == NumberCheck::Verified }),
            )?;
            Ok(id)
        })?;
        self.care_provider_get(id)
    }

    /// CSV import. With `dry_run` nothing is written: every line is listed as 新規 / 変更 /
    /// 変更なし / エラー with its line number and reason, and a letter 事業所区分 with its warning.
    /// Without it the same check runs and, if no line is in error, every new and changed line is
    /// written in one transaction; with any error nothing is written. Audited.
    pub fn care_providers_import(
        &mut self,
        csv_text: &str,
        dry_run: bool,
    ) -> Result<ProviderImportReport> {
        self.require(EDIT)?;
        crate::service::register_import::check_size("介護機関の一覧", csv_text.len() as u64)?;
        let parsed = parse_csv(csv_text).map_err(|m| ServiceError::refused("IMPORT_FORMAT", m))?;
        let conn = self.store.conn();
        let mut report = ProviderImportReport {
            dry_run,
            applied: false,
            new: 0,
            changed: 0,
            unchanged: 0,
            invalid: 0,
            warnings: 0,
            lines: vec![],
        };
        let mut writes: Vec<ValidProvider> = vec![];
        for l in &parsed {
            let (action, number, name, message, warning) = match &l.entry {
                Err(reason) => (
                    ProviderImportAction::Invalid,
                    String::new(),
                    String::new(),
                    reason.clone(),
                    None,
                ),
                Ok(v) if writes.iter().any(|w| w.number == v.number) => (
                    ProviderImportAction::Invalid,
                    v.number.clone(),
                    v.name.clone(),
                    "同じ事業所番号の行が前にあります".to_string(),
                    None,
                ),
                Ok(v) => {
                    let stored = sc::provider_by_number(conn, &v.number)?.map(|r| as_valid(&r));
                    let (a, msg) = match &stored {
                        None => (ProviderImportAction::New, String::new()),
                        Some(s) => match changed_fields(s, v) {
                            f if f.is_empty() => (ProviderImportAction::Unchanged, String::new()),
                            f => (
                                ProviderImportAction::Changed,
                                format!("変更: {}", f.join("・")),
                            ),
                        },
                    };
                    if a != ProviderImportAction::Unchanged {
                        writes.push(v.clone());
                    }
                    let warning = (v.check == NumberCheck::Unverified)
                        .then(|| UNVERIFIED_WARNING.to_string());
                    (a, v.number.clone(), v.name.clone(), msg, warning)
                }
            };
            match action {
                ProviderImportAction::New => report.new += 1,
                ProviderImportAction::Changed => report.changed += 1,
                ProviderImportAction::Unchanged => report.unchanged += 1,
                ProviderImportAction::Invalid => report.invalid += 1,
            }
            report.warnings += i64::from(warning.is_some());
            report.lines.push(ProviderImportLine {
                line: l.line as i64,
                action,
                action_label: action.label().into(),
                number,
                name,
                message,
                warning,
            });
        }
        if dry_run || report.invalid > 0 {
            return Ok(report);
        }
        let counts = json!({ "new": report.new, "changed": report.changed, "unchanged": report.unchanged,
                             "unverified_numbers": report.warnings });
        self.write(|tx| {
            for v in &writes {
                sc::upsert_provider(tx.conn(), v, tx.now())?;
            }
            tx.audit(
                actions::CARE_PROVIDER_IMPORT,
                Some("care_provider"),
                None,
                json!({ "counts": counts, "numbers": writes.iter().map(|v| v.number.clone()).collect::<Vec<_>>() }),
            )?;
            Ok(())
        })?;
        report.applied = true;
        Ok(report)
    }
}
