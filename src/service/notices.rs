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

use super::decisions::DecisionSnapshot;
use super::views::DecisionView;
use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::domain::decision::{DecisionKind, DecisionState};
use crate::domain::era::{parse_date, wareki_in_text};
use crate::domain::household::{age_on, ValidationError};
use crate::domain::notice::{
    check_appeal_elements, fill, missing_appeal_elements, validate_template, AppealElement,
    NoticeFacts, TemplateKey,
};
use crate::domain::office::OfficeSettings;
use crate::domain::role::Permission;
use crate::print::{
    render, Addressee, AidLine, CalculationSheet, DecisionNotice, Document, MonthPayment,
    NoticeApplication, NoticeMember, OfficeBlock, PartMonth, SheetLine, SheetMember, Stamp,
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
    /// For the 教示文: every element the law requires, and whether the text in force has it
    /// (empty for the lead sentences).
    pub elements: Vec<AppealElementView>,
    /// The placeholders the text may use, with what they are filled with.
    pub placeholders: Vec<PlaceholderView>,
}

/// One required element of the 教示.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct AppealElementView {
    pub element: AppealElement,
    pub label: String,
    pub law: String,
    pub present: bool,
}

/// A placeholder and what it prints as with the current 事務所設定.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct PlaceholderView {
    pub placeholder: String,
    pub label: String,
    /// `None` while the setting it comes from is empty.
    pub value: Option<String>,
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

/// What a notice says besides the decision itself, gathered from the registry, the application
/// and the decision's view by [`App::build_decision_notice`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct NoticeContext {
    /// 対象となる世帯員.
    pub members: Vec<NoticeMember>,
    /// The application a 開始 or 却下 answers.
    pub application: Option<NoticeApplication>,
    /// 初回支給額, or the part-month amount of a 停止・廃止.
    pub month_payment: Option<MonthPayment>,
    /// The household's caseworker (display name).
    pub caseworker: Option<String>,
    /// An amount on the notice comes from a rate set of invented test figures (the decision's
    /// own, or the one the part-month amount was taken from).
    pub test_figures: bool,
}

/// The notice for a decision. `snapshot` gives the 本人支払額 when the decision carries a
/// calculation. Wording comes from `template` with its placeholders filled from `office`; a
/// 教示文 missing an element the law requires is refused (it may predate the check).
#[allow(clippy::too_many_arguments)]
pub fn notice_from_decision(
    d: &DecisionView,
    snapshot: Option<&DecisionSnapshot>,
    addressee: Addressee,
    office: &OfficeSettings,
    template: &NoticeTemplate,
    context: NoticeContext,
    opts: &NoticeOptions,
    date: NaiveDate,
) -> Result<DecisionNotice> {
    check_appeal_elements(&template.appeal).map_err(|e| {
        ValidationError::new(
            "appeal",
            format!(
                "{}（事務所設定の「通知書の文面」で直してください）",
                e.message
            ),
        )
    })?;
    let facts = NoticeFacts::of(office);
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
                in_kind: a.kind_of_aid.in_kind(),
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
        members: context.members,
        application: context.application,
        lead: fill(&template.lead, &facts)?,
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
        month_payment: context.month_payment,
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
        appeal: fill(&template.appeal, &facts)?,
        office: OfficeBlock::from(office),
        caseworker: context.caseworker,
        test_figures: d.test_figures || context.test_figures,
        draft: d.state != DecisionState::Approved,
        reissue: false,
        care: None,
        medical: None,
    })
}

/// 初回支給額 of a 開始 (the first month's cash benefit, part of it when the start is inside the
/// month) or the part-month amount of a 停止・廃止 inside a month. `part` is the calculation's
/// 日割 of that month ([`App::part_month`]); nothing is computed here.
fn month_payment(d: &DecisionView, part: Option<(PartMonth, i64)>) -> Result<Option<MonthPayment>> {
    let effective = parse_date(&d.effective_date)
        .map_err(|e| ServiceError::DecisionState(format!("決定の適用日を読めません: {e}")))?;
    Ok(match d.kind {
        DecisionKind::Start => Some(match part {
            Some((p, amount)) => MonthPayment {
                label: "初回支給額".into(),
                month: effective,
                amount_yen: amount,
                part_month: Some(p),
            },
            None => MonthPayment {
                label: "初回支給額".into(),
                month: effective,
                amount_yen: d.cash_benefit_yen,
                part_month: None,
            },
        }),
        DecisionKind::Suspend | DecisionKind::Abolish => part.map(|(p, amount)| MonthPayment {
            label: if d.kind == DecisionKind::Suspend {
                "停止月の支給額".into()
            } else {
                "廃止月の支給額".into()
            },
            month: effective,
            amount_yen: amount,
            part_month: Some(p),
        }),
        _ => None,
    })
}

/// One box of the 決裁欄 from a user id and an RFC 3339 time.
fn stamp(step: &str, who: Option<(&str, &str)>, names: &dyn Fn(&str) -> String) -> Stamp {
    Stamp {
        step: step.into(),
        name: who.map(|(id, _)| names(id)),
        date: who
            .and_then(|(_, at)| DateTime::parse_from_rfc3339(at).ok())
            .map(crate::clock::office_date),
    }
}

/// The 保護決定調書 of a decision from its stored snapshot. `relationship` gives a member's 続柄
/// by person id (from the registry; "" when unknown), `names` a user's display name by id,
/// `rates` the manifest of the set it was priced with (its title and its tables' titles: a line
/// names its table 「生活扶助基準（第1類）」, never by file and line). Dates in the calculation's
/// notes are written 和暦.
#[allow(clippy::too_many_arguments)]
pub fn sheet_from_decision(
    d: &DecisionView,
    snap: &DecisionSnapshot,
    relationship: &dyn Fn(i64) -> String,
    names: &dyn Fn(&str) -> String,
    rates: &crate::calc::rates::Manifest,
    office: &OfficeSettings,
    date: NaiveDate,
    age_day: NaiveDate,
) -> Result<CalculationSheet> {
    let effective = parse_date(&d.effective_date)
        .map_err(|e| ServiceError::DecisionState(format!("決定の適用日を読めません: {e}")))?;
    let r = &snap.result;
    let member = |i: Option<usize>| i.and_then(|i| snap.members.get(i)).map(|m| m.name.clone());
    let table_title =
        |t: &Option<crate::calc::TableRef>| t.as_ref().map(|t| rates.table_title(&t.table));
    Ok(CalculationSheet {
        case_number: d.case_number.clone(),
        head_name: d.head_name.clone(),
        decision_id: d.id,
        decision_kind: d.kind,
        effective_date: effective,
        calc_date: snap.date,
        grade_label: snap.office_grade.label().to_string(),
        rate_version: snap.rate_set.version.clone(),
        rate_title: rates.title.clone(),
        test_figures: d.test_figures,
        rate_sha256: snap.rate_set.sha256.clone(),
        members: snap
            .members
            .iter()
            .map(|m| SheetMember {
                name: m.name.clone(),
                relationship: relationship(m.person_id),
                birth_date: m.birth_date,
                // The age the calculation priced them at (its rate set's age basis).
                age: age_on(m.birth_date, age_day),
            })
            .collect(),
        lines: r
            .lines
            .iter()
            .map(|l| SheetLine {
                kind_of_aid: l.kind_of_aid.label().into(),
                label: wareki_in_text(&l.label),
                member: member(l.member),
                table_ref: table_title(&l.table_ref),
                amount_yen: l.amount_yen,
                counted: l.counted,
                note: wareki_in_text(&l.note),
            })
            .collect(),
        income_lines: r
            .income_lines
            .iter()
            .map(|l| SheetLine {
                kind_of_aid: "収入認定".into(),
                label: wareki_in_text(&l.label),
                member: member(l.member),
                table_ref: table_title(&l.table_ref),
                amount_yen: l.amount_yen,
                counted: true,
                note: wareki_in_text(&l.note),
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
        let office = crate::store::office::get(conn)?.unwrap_or_default();
        let facts = NoticeFacts::of(&office);
        let missing = missing_appeal_elements(&text);
        let elements = if key == TemplateKey::Appeal {
            AppealElement::ALL
                .into_iter()
                .map(|e| AppealElementView {
                    element: e,
                    label: e.label().into(),
                    law: e.law().into(),
                    present: !missing.contains(&e),
                })
                .collect()
        } else {
            vec![]
        };
        let some = |v: &str| Some(v.trim().to_string()).filter(|v| !v.is_empty());
        let placeholders = vec![
            PlaceholderView {
                placeholder: "{prefecture}".into(),
                label: "都道府県".into(),
                value: some(facts.prefecture),
            },
            PlaceholderView {
                placeholder: "{governor}".into(),
                label: "審査請求先（都道府県知事）".into(),
                value: some(facts.prefecture).map(|p| crate::domain::notice::governor_of(&p)),
            },
            PlaceholderView {
                placeholder: "{defendant}".into(),
                label: "取消訴訟の被告".into(),
                value: some(facts.defendant),
            },
            PlaceholderView {
                placeholder: "{defendant_head}".into(),
                label: "被告の代表者".into(),
                value: some(facts.defendant_head),
            },
        ];
        Ok(NoticeTemplateView {
            key,
            label: key.label().into(),
            elements,
            placeholders,
            preview: fill(&text, &facts).ok(),
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

    /// Save the office's wording for `key` (事務所設定の変更 permission). Only the known
    /// placeholders are allowed, and a 教示文 must keep every element the law requires. Saving
    /// the default text itself removes the office's row, so later changes to the default reach
    /// the office. Audited old → new.
    pub fn save_notice_template(
        &mut self,
        key: TemplateKey,
        text: &str,
    ) -> Result<NoticeTemplateView> {
        self.require(Permission::EditOffice)?;
        let text = validate_template(key, text)?;
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

    /// The day the decision's calculation took ages on (its rate set's `age_basis`).
    fn age_day_of(&mut self, snap: &DecisionSnapshot) -> Result<NaiveDate> {
        let conn = self.store.conn();
        let basis = match crate::store::decisions::rate_set(conn, snap.rate_set.id)? {
            Some(row) => {
                super::decisions::load_set(conn, &mut self.rate_cache, &row)?
                    .manifest
                    .rules
                    .age_basis
            }
            None => None,
        };
        Ok(crate::domain::age::age_reference_date(
            basis.unwrap_or(crate::domain::age::AgeBasis::DecisionDate),
            snap.date,
        ))
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
        let care = crate::store::care_aid::care_decision(self.store.conn(), decision_id)?;
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
            postal_code: h.postal_code.clone().unwrap_or_default(),
            address: h.address.clone(),
        };
        // A care- or medical-aid decision is notified as a change of the protection.
        let lead_kind = match (&care, d.medical_case_id) {
            (None, None) => d.kind,
            _ => crate::service::care_aid::care_notice_kind(d.kind),
        };
        let template = NoticeTemplate {
            lead: self.template_view(TemplateKey::lead_for(lead_kind))?.text,
            appeal: self.template_view(TemplateKey::Appeal)?.text,
        };
        let snap = self.snapshot_of(decision_id)?;
        let date = self.print_date(opts.date.as_deref())?;
        let context = self.notice_context(&d, snap.as_ref(), &h)?;
        let mut notice = notice_from_decision(
            &d,
            snap.as_ref(),
            addressee,
            &office,
            &template,
            context,
            opts,
            date,
        )?;
        if let Some(link) = &care {
            self.fill_care_notice(&mut notice, link)?;
        } else if let Some(case_id) = d.medical_case_id {
            self.fill_medical_notice(&mut notice, decision_id, case_id, snap.as_ref())?;
        }
        let extra = json!({ "number": notice.document_number, "date": date.to_string() });
        Ok((d, Document::DecisionNotice(Box::new(notice)), extra))
    }

    /// The members, the application, the month's payment and the caseworker a notice states.
    fn notice_context(
        &mut self,
        d: &DecisionView,
        snap: Option<&DecisionSnapshot>,
        h: &hh::HouseholdRow,
    ) -> Result<NoticeContext> {
        let conn = self.store.conn();
        let registry = hh::members(conn, d.household_id)?;
        let relationship = |pid: i64| {
            registry
                .iter()
                .find(|p| p.id == pid)
                .map(|p| p.relationship.clone())
                .or_else(|| hh::person(conn, pid).ok().flatten().map(|p| p.relationship))
                .unwrap_or_default()
        };
        // The members the calculation counted; without one, the household as registered.
        let members: Vec<NoticeMember> = match snap {
            Some(s) => s
                .members
                .iter()
                .map(|m| NoticeMember {
                    name: m.name.clone(),
                    relationship: relationship(m.person_id),
                })
                .collect(),
            None => registry
                .iter()
                .map(|p| NoticeMember {
                    name: p.name.clone(),
                    relationship: p.relationship.clone(),
                })
                .collect(),
        };
        let application = match (d.kind.answers_application(), d.application_id) {
            (true, Some(id)) => {
                let a = sd::application(conn, id)?;
                let form = super::decisions::application_form(&a)?;
                Some(NoticeApplication {
                    received_on: a.received_on,
                    applicant: form
                        .as_ref()
                        .map(|f| f.applicant_text())
                        .unwrap_or_default(),
                    aids_requested: form.as_ref().map(|f| f.aids_text()).unwrap_or_default(),
                    extension_reason: a.extension_reason.filter(|_| a.extended),
                })
            }
            _ => None,
        };
        let part = self.part_month(d)?;
        let part_test = part.as_ref().is_some_and(|(_, _, test)| *test);
        let conn = self.store.conn();
        let caseworker = h.caseworker_id.as_deref().map(|id| {
            crate::store::users::get(conn, id)
                .ok()
                .flatten()
                .map_or_else(|| id.to_string(), |u| u.display_name)
        });
        Ok(NoticeContext {
            members,
            application,
            month_payment: month_payment(d, part.map(|(p, amount, _)| (p, amount)))?,
            caseworker,
            test_figures: part_test,
        })
    }

    /// 日割 of the month a decision starts or ends in, from `calc::prorate_cash_benefit` on the
    /// calculation that pays that month: a 開始 pays its own cash benefit from the effective date
    /// to the month's end; a 停止・廃止 ends the cash benefit of the approved 開始・変更 in force
    /// the day before. `None` when the decision takes effect on the 1st.
    /// Also says whether that calculation's rate set holds invented test figures.
    fn part_month(&mut self, d: &DecisionView) -> Result<Option<(PartMonth, i64, bool)>> {
        use chrono::Datelike;
        let date = parse_date(&d.effective_date)
            .map_err(|e| ServiceError::DecisionState(format!("決定の適用日を読めません: {e}")))?;
        if date.day() == 1 {
            return Ok(None);
        }
        let first = date.with_day(1).expect("day 1 exists");
        let last = (first + chrono::Months::new(1))
            .pred_opt()
            .expect("a day before");
        let conn = self.store.conn();
        let (paying, from, to) = match d.kind {
            DecisionKind::Start => (Some(d.id), date, last),
            DecisionKind::Suspend | DecisionKind::Abolish => {
                let before = sd::decisions_for(conn, d.household_id)?
                    .into_iter()
                    .filter(|p| {
                        p.id != d.id
                            && p.state == DecisionState::Approved
                            && matches!(p.kind, DecisionKind::Start | DecisionKind::Change)
                            && p.effective_date < date
                    })
                    .max_by_key(|p| (p.effective_date, p.id))
                    .map(|p| p.id);
                (before, first, date.pred_opt().expect("not day 1"))
            }
            _ => return Ok(None),
        };
        let Some(paying) = paying else {
            return Ok(None);
        };
        let Some(snap) = self.snapshot_of(paying)? else {
            return Ok(None);
        };
        let Some(row) = sd::rate_set(self.store.conn(), snap.rate_set.id)? else {
            return Ok(None);
        };
        let set = super::decisions::load_set(self.store.conn(), &mut self.rate_cache, &row)?;
        // The paying month is the one the decision falls in, priced with that calculation.
        let mut result = snap.result.clone();
        result.date = date;
        let p = crate::calc::prorate_cash_benefit(&set, &result, from, to)?;
        Ok(Some((
            PartMonth {
                from,
                to,
                days: p.days,
                days_in_month: p.days_in_month,
                full_month_yen: p.full_month_cash_yen,
            },
            p.prorated_cash_yen,
            row.test_figures,
        )))
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
        let age_day = self.age_day_of(&snap)?;
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
        let row = sd::rate_set(conn, snap.rate_set.id)?.ok_or_else(|| {
            ServiceError::NoRates(format!("基準額表（ID {}）がありません", snap.rate_set.id))
        })?;
        let rates = super::decisions::load_set(conn, &mut self.rate_cache, &row)?;
        let sheet = sheet_from_decision(
            &d,
            &snap,
            &relationship,
            &names,
            &rates.manifest,
            &office,
            date,
            age_day,
        )?;
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
