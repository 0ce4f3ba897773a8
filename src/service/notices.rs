//! Decision notices (決定通知書) and the 保護決定調書: the office's notice wording (get / save,
//! audited), the builders that turn a stored decision into the typed documents of
//! `print::forms`, and the two print use cases (PDF bytes + an audit entry per print).
//!
//! Draft handling: a **notice** goes to the citizen, so it is printed only for an approved
//! (決裁済み) decision; a caller may ask for a check copy of an unapproved one explicitly
//! (`allow_draft`), which carries the 「案」 mark and 「決裁前・送付不可」. The **calculation
//! sheet** is an internal record the reviewer and approver work from, so it prints in every
//! state, with the 「案」 mark until the decision is approved.
//!
//! Deliberately not here: a print queue or issue register (the print-queue use cases own those),
//! sending to a printer, numbering documents (the number is given, or left blank for the
//! office's 文書番号 to be written in by hand).

use chrono::{DateTime, NaiveDate};
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::decisions::{table_ref_text, DecisionSnapshot};
use super::views::DecisionView;
use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::calc::KindOfAid;
use crate::domain::decision::{DecisionKind, DecisionState};
use crate::domain::era::parse_date;
use crate::domain::household::{age_on, ValidationError};
use crate::domain::notice::{fill, validate_template, TemplateKey};
use crate::domain::office::OfficeSettings;
use crate::domain::role::Permission;
use crate::print::{
    render, Addressee, AidLine, CalculationSheet, DecisionNotice, Document, OfficeBlock, SheetLine,
    SheetMember, Stamp,
};
use crate::store::decisions as sd;
use crate::store::households as hh;
use crate::store::notices as sn;

/// One editable notice text as the settings screen shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct NoticeTemplateView {
    pub key: TemplateKey,
    pub label: String,
    /// The text in force (the office's, or the default when it saved none).
    pub text: String,
    pub default_text: String,
    pub is_default: bool,
    pub updated_at: Option<String>,
    pub updated_by: Option<String>,
    /// The text with the placeholders filled from 事務所設定 (`None` while no prefecture is set).
    pub preview: Option<String>,
}

/// The wording a notice of one kind uses, placeholders not yet filled.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NoticeTemplate {
    pub lead: String,
    pub appeal: String,
}

impl NoticeTemplate {
    /// The program's default wording for `kind`.
    pub fn default_for(kind: DecisionKind) -> NoticeTemplate {
        NoticeTemplate {
            lead: TemplateKey::lead_for(kind).default_text().into(),
            appeal: TemplateKey::Appeal.default_text().into(),
        }
    }
}

/// What the person printing a notice chooses.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct NoticeOptions {
    /// 文書番号 ("窓福第123号"); blank = "第　　　　号" to be written in by hand.
    #[serde(default)]
    pub number: Option<String>,
    /// 通知日 (any form `parse_date` reads); today when absent.
    #[serde(default)]
    pub date: Option<String>,
    /// 支給方法 (e.g. "口座振込（毎月5日）"); the row is left out when absent.
    #[serde(default)]
    pub payment_method: Option<String>,
    /// Print a check copy of a decision not yet approved (「案」 mark). Refused otherwise.
    #[serde(default)]
    pub allow_draft: bool,
}

/// A rendered document and what it was made from.
#[derive(Debug, Clone)]
pub struct PrintedDocument {
    pub title: String,
    pub decision_id: i64,
    pub household_id: i64,
    pub draft: bool,
    pub pages_pdf: Vec<u8>,
}

/// Whether a notice or sheet carries the 「案」 mark (certificates and letters never do).
pub(crate) fn is_draft(doc: &Document) -> bool {
    match doc {
        Document::DecisionNotice(n) => n.draft,
        Document::CalculationSheet(s) => s.draft,
        Document::Certificate(_)
        | Document::CoverLetter(_)
        | Document::CheckList(_)
        | Document::MedicalVouchers(_)
        | Document::CareVouchers(_)
        | Document::OpinionForm(_)
        | Document::VoucherLedger(_) => false,
    }
}

fn kind_of_aid(code: &str) -> Option<KindOfAid> {
    serde_json::from_value(serde_json::Value::String(code.into())).ok()
}

/// The notice for a decision. `snapshot` gives the 本人支払額 when the decision carries a
/// calculation. Wording comes from `template` with `{prefecture}` / `{governor}` filled from
/// `office`.
pub fn notice_from_decision(
    d: &DecisionView,
    snapshot: Option<&DecisionSnapshot>,
    addressee: Addressee,
    office: &OfficeSettings,
    template: &NoticeTemplate,
    opts: &NoticeOptions,
    date: NaiveDate,
) -> Result<DecisionNotice> {
    let effective = parse_date(&d.effective_date)
        .map_err(|e| ServiceError::DecisionState(format!("決定の適用日を読めません: {e}")))?;
    let pays = d.kind.requires_calculation();
    let aids: Vec<AidLine> = if pays {
        d.amounts
            .iter()
            .map(|a| AidLine {
                label: a.label.clone(),
                minimum_yen: a.minimum_yen,
                income_applied_yen: a.income_applied_yen,
                aid_yen: a.aid_yen,
                in_kind: kind_of_aid(&a.kind_of_aid).is_some_and(|k| k.in_kind()),
            })
            .collect()
    } else {
        vec![]
    };
    let degree_note = match d.kind {
        DecisionKind::Suspend => Some("保護の全部（停止の間の支給額 0円）".to_string()),
        DecisionKind::Abolish => Some("保護の全部".to_string()),
        _ => None,
    };
    Ok(DecisionNotice {
        decision_kind: d.kind,
        document_number: opts
            .number
            .as_deref()
            .map(str::trim)
            .filter(|n| !n.is_empty())
            .map(str::to_string),
        date,
        addressee,
        case_number: d.case_number.clone(),
        lead: fill(&template.lead, &office.prefecture)?,
        effective_date: effective,
        total_yen: (!aids.is_empty()).then_some(d.benefit_yen),
        own_payment_yen: if pays {
            snapshot
                .map(|s| s.result.own_payment_yen())
                .filter(|v| *v > 0)
        } else {
            None
        },
        aids,
        degree_note,
        payment_method: if pays {
            opts.payment_method
                .as_deref()
                .map(str::trim)
                .filter(|m| !m.is_empty())
                .map(str::to_string)
        } else {
            None
        },
        reasons: d.reasons.iter().map(|r| r.label.clone()).collect(),
        reason_text: d.reason_text.clone(),
        appeal: fill(&template.appeal, &office.prefecture)?,
        office: OfficeBlock::from(office),
        draft: d.state != DecisionState::Approved,
        reissue: false,
    })
}

/// One box of the 決裁欄 from a user id and an RFC 3339 time.
fn stamp(step: &str, who: Option<(&str, &str)>, names: &dyn Fn(&str) -> String) -> Stamp {
    Stamp {
        step: step.into(),
        name: who.map(|(id, _)| names(id)),
        date: who
            .and_then(|(_, at)| DateTime::parse_from_rfc3339(at).ok())
            .map(|t| t.date_naive()),
    }
}

/// The 保護決定調書 of a decision from its stored snapshot. `relationship` gives a member's 続柄
/// by person id (from the registry; "" when unknown), `names` a user's display name by id.
pub fn sheet_from_decision(
    d: &DecisionView,
    snap: &DecisionSnapshot,
    relationship: &dyn Fn(i64) -> String,
    names: &dyn Fn(&str) -> String,
    office: &OfficeSettings,
    date: NaiveDate,
) -> Result<CalculationSheet> {
    let effective = parse_date(&d.effective_date)
        .map_err(|e| ServiceError::DecisionState(format!("決定の適用日を読めません: {e}")))?;
    let r = &snap.result;
    let member = |i: Option<usize>| i.and_then(|i| snap.members.get(i)).map(|m| m.name.clone());
    Ok(CalculationSheet {
        case_number: d.case_number.clone(),
        head_name: d.head_name.clone(),
        decision_id: d.id,
        decision_kind: d.kind,
        effective_date: effective,
        calc_date: snap.date,
        grade_label: snap.office_grade.label().to_string(),
        rate_version: snap.rate_set.version.clone(),
        rate_sha256: snap.rate_set.sha256.clone(),
        members: snap
            .members
            .iter()
            .map(|m| SheetMember {
                name: m.name.clone(),
                relationship: relationship(m.person_id),
                birth_date: m.birth_date,
                age: age_on(m.birth_date, snap.date),
            })
            .collect(),
        lines: r
            .lines
            .iter()
            .map(|l| SheetLine {
                kind_of_aid: l.kind_of_aid.label().into(),
                label: l.label.clone(),
                member: member(l.member),
                table_ref: table_ref_text(&l.table_ref),
                amount_yen: l.amount_yen,
                counted: l.counted,
                note: l.note.clone(),
            })
            .collect(),
        income_lines: r
            .income_lines
            .iter()
            .map(|l| SheetLine {
                kind_of_aid: "収入認定".into(),
                label: l.label.clone(),
                member: member(l.member),
                table_ref: table_ref_text(&l.table_ref),
                amount_yen: l.amount_yen,
                counted: true,
                note: l.note.clone(),
            })
            .collect(),
        aids: r
            .by_kind
            .iter()
            .map(|k| AidLine {
                label: k.kind_of_aid.label().into(),
                minimum_yen: k.minimum_yen,
                income_applied_yen: k.income_applied_yen,
                aid_yen: k.aid_yen,
                in_kind: k.kind_of_aid.in_kind(),
            })
            .collect(),
        minimum_total_yen: r.minimum_total_yen,
        income_recognised_yen: r.income_recognised_yen,
        income_applied_yen: r.by_kind.iter().map(|k| k.income_applied_yen).sum(),
        benefit_yen: r.benefit_yen,
        cash_benefit_yen: r.cash_benefit_yen,
        own_payment_yen: r.own_payment_yen(),
        stamps: vec![
            stamp("起案", Some((&d.drafted_by, &d.drafted_at)), names),
            stamp(
                "審査",
                d.reviewed_by.as_deref().zip(d.reviewed_at.as_deref()),
                names,
            ),
            stamp(
                "決裁",
                d.approved_by.as_deref().zip(d.approved_at.as_deref()),
                names,
            ),
        ],
        office_name: office.office_name.clone(),
        date,
        draft: d.state != DecisionState::Approved,
        reissue: false,
    })
}

impl App {
    fn template_view(&self, key: TemplateKey) -> Result<NoticeTemplateView> {
        let conn = self.store.conn();
        let row = sn::get(conn, key.code())?;
        let text = row
            .as_ref()
            .map_or_else(|| key.default_text().to_string(), |r| r.text.clone());
        let prefecture = crate::store::office::get(conn)?
            .map(|o| o.prefecture)
            .unwrap_or_default();
        Ok(NoticeTemplateView {
            key,
            label: key.label().into(),
            preview: fill(&text, &prefecture).ok(),
            is_default: row.is_none(),
            default_text: key.default_text().into(),
            updated_at: row.as_ref().map(|r| r.updated_at.clone()),
            updated_by: row.map(|r| r.updated_by),
            text,
        })
    }

    /// One notice text (the office's, or the default).
    pub fn get_notice_template(&mut self, key: TemplateKey) -> Result<NoticeTemplateView> {
        self.require_session()?;
        self.template_view(key)
    }

    /// Every notice text, in the order of [`TemplateKey::ALL`].
    pub fn list_notice_templates(&mut self) -> Result<Vec<NoticeTemplateView>> {
        self.require_session()?;
        TemplateKey::ALL
            .into_iter()
            .map(|k| self.template_view(k))
            .collect()
    }

    /// Save the office's wording for `key` (事務所設定の変更 permission). Only the placeholders
    /// `{prefecture}` and `{governor}` are allowed. Saving the default text itself removes the
    /// office's row, so later changes to the default reach the office. Audited old → new.
    pub fn save_notice_template(
        &mut self,
        key: TemplateKey,
        text: &str,
    ) -> Result<NoticeTemplateView> {
        self.require(Permission::EditOffice)?;
        let text = validate_template(text)?;
        if crate::print::layout::contains_my_number_shape(&text) {
            return Err(
                ValidationError::new("text", "文面に個人番号のような12桁の数字があります").into(),
            );
        }
        self.write(|tx| {
            let old = sn::get(tx.conn(), key.code())?.map(|r| r.text);
            let old_text = old
                .clone()
                .unwrap_or_else(|| key.default_text().to_string());
            if text == key.default_text() {
                sn::delete(tx.conn(), key.code())?;
            } else {
                sn::put(tx.conn(), key.code(), &text, tx.actor(), tx.now())?;
            }
            tx.audit(
                actions::NOTICE_TEMPLATE_SAVE,
                Some("office"),
                Some(key.code()),
                json!({ "key": key.code(), "text": { "old": old_text, "new": text },
                        "was_default": old.is_none(), "is_default": text == key.default_text() }),
            )?;
            Ok(())
        })?;
        self.template_view(key)
    }

    fn office_for_print(&self) -> Result<OfficeSettings> {
        crate::store::office::get(self.store.conn())?.ok_or_else(|| {
            ValidationError::new(
                "office",
                "事務所設定が保存されていません。先に事務所設定を保存してください",
            )
            .into()
        })
    }

    fn snapshot_of(&self, decision_id: i64) -> Result<Option<DecisionSnapshot>> {
        let d = sd::decision(self.store.conn(), decision_id)?;
        d.snapshot
            .map(|j| {
                serde_json::from_str(&j).map_err(|e| {
                    ServiceError::DecisionState(format!("決定の記録を読めません: {e}"))
                })
            })
            .transpose()
    }

    fn print_date(&self, date: Option<&str>) -> Result<NaiveDate> {
        match date.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(self.today()),
            Some(s) => parse_date(s)
                .map_err(|e| ValidationError::new("date", format!("通知日: {e}")).into()),
        }
    }

    /// Render the decision and write the audit entry (action `print`, target the household).
    fn finish_print(
        &mut self,
        d: &DecisionView,
        doc: Document,
        draft: bool,
        extra: serde_json::Value,
    ) -> Result<PrintedDocument> {
        let pdf = render(&doc)?;
        let title = doc.title().to_string();
        let mut detail = json!({ "document": title, "decision_id": d.id, "decision_kind": d.kind.code(), "draft": draft });
        if let (Some(o), Some(e)) = (detail.as_object_mut(), extra.as_object()) {
            o.extend(e.clone());
        }
        self.write(|tx| {
            tx.audit(
                actions::PRINT,
                Some("household"),
                Some(&d.household_id.to_string()),
                detail,
            )?;
            Ok(())
        })?;
        Ok(PrintedDocument {
            title,
            decision_id: d.id,
            household_id: d.household_id,
            draft,
            pages_pdf: pdf,
        })
    }

    /// The decision notice of `decision_id` as a typed document, with the decision it was made
    /// from and the audit detail of the notice options. Refused for a decision not yet approved
    /// unless `opts.allow_draft` (then marked 「案」). Shared by the CLI print and the queue.
    pub(crate) fn build_decision_notice(
        &mut self,
        decision_id: i64,
        opts: &NoticeOptions,
    ) -> Result<(DecisionView, Document, serde_json::Value)> {
        self.require(Permission::PrintDocument)?;
        let d = self.get_decision(decision_id)?;
        if crate::store::care_aid::care_decision(self.store.conn(), decision_id)?.is_some() {
            return Err(ServiceError::DecisionState(
                "介護扶助の決定通知書の様式はまだありません（保護決定通知書としては印刷できません）".into(),
            ));
        }
        if d.state != DecisionState::Approved && !opts.allow_draft {
            return Err(ServiceError::DecisionState(format!(
                "この決定はまだ決裁されていません（{}）。通知書は決裁後に印刷してください（確認用の「案」は --draft で印刷できます）",
                d.state.label()
            )));
        }
        let office = self.office_for_print()?;
        let conn = self.store.conn();
        let h = hh::require(conn, d.household_id)?;
        let addressee = Addressee {
            name: d.head_name.clone(),
            postal_code: h.postal_code.unwrap_or_default(),
            address: h.address,
        };
        let template = NoticeTemplate {
            lead: self.template_view(TemplateKey::lead_for(d.kind))?.text,
            appeal: self.template_view(TemplateKey::Appeal)?.text,
        };
        let snap = self.snapshot_of(decision_id)?;
        let date = self.print_date(opts.date.as_deref())?;
        let notice =
            notice_from_decision(&d, snap.as_ref(), addressee, &office, &template, opts, date)?;
        let extra = json!({ "number": notice.document_number, "date": date.to_string() });
        Ok((d, Document::DecisionNotice(notice), extra))
    }

    /// The 保護決定調書 of `decision_id` as a typed document (any state, 「案」 until approved),
    /// with the decision and the audit detail. Refused for a decision without a calculation.
    pub(crate) fn build_calculation_sheet(
        &mut self,
        decision_id: i64,
        date: Option<&str>,
    ) -> Result<(DecisionView, Document, serde_json::Value)> {
        self.require(Permission::PrintDocument)?;
        let d = self.get_decision(decision_id)?;
        let snap = self.snapshot_of(decision_id)?.ok_or_else(|| {
            ServiceError::DecisionState("この決定には計算がないため、保護決定調書は作れません（停止・廃止・却下で計算なし）".into())
        })?;
        let office = self.office_for_print()?;
        let date = self.print_date(date)?;
        let conn = self.store.conn();
        let relationship = |pid: i64| -> String {
            hh::person(conn, pid)
                .ok()
                .flatten()
                .map(|p| p.relationship)
                .unwrap_or_default()
        };
        let names = |uid: &str| -> String {
            crate::store::users::get(conn, uid)
                .ok()
                .flatten()
                .map_or_else(|| uid.to_string(), |u| u.display_name)
        };
        let sheet = sheet_from_decision(&d, &snap, &relationship, &names, &office, date)?;
        Ok((
            d,
            Document::CalculationSheet(sheet),
            json!({ "date": date.to_string() }),
        ))
    }

    /// The decision notice as PDF bytes. Refused for a decision not yet approved unless
    /// `opts.allow_draft` (then printed with the 「案」 mark).
    pub fn print_decision_notice(
        &mut self,
        decision_id: i64,
        opts: &NoticeOptions,
    ) -> Result<PrintedDocument> {
        let (d, doc, extra) = self.build_decision_notice(decision_id, opts)?;
        let draft = is_draft(&doc);
        self.finish_print(&d, doc, draft, extra)
    }

    /// The 保護決定調書 as PDF bytes, in any state (「案」 until approved). Refused for a
    /// decision without a calculation (停止・廃止・却下 drafted without one).
    pub fn print_calculation_sheet(
        &mut self,
        decision_id: i64,
        date: Option<&str>,
    ) -> Result<PrintedDocument> {
        let (d, doc, extra) = self.build_calculation_sheet(decision_id, date)?;
        let draft = is_draft(&doc);
        self.finish_print(&d, doc, draft, extra)
    }
}
