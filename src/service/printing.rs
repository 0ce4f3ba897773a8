//! The print queue's use cases: issue a certificate (要求 → 作成済 in one transaction), list the
//! queue, preview, send to a printer (one job at a time, each with its own outcome), reprint
//! (再発行), deliver, void, save to the documents folder, open in the viewer.
//!
//! Every step is audited in the transaction that records it. The PDF bytes are kept only in the
//! encrypted database; the only plaintext copies are the ones a clerk asks for (保存, 表示) and the
//! bytes handed to the print system. The snapshot (the document value) regenerates the original
//! byte for byte; a preview checks that it still does.
//!
//! Deliberately not here: layout (`print`), which state allows which step
//! (`domain::print_job`), the SQL (`store::print_jobs`).

use std::path::{Path, PathBuf};

use serde_json::json;
use sha2::{Digest, Sha256};

use super::notices::{is_draft, NoticeOptions};
use super::views::{
    CertificateAid, CertificateOptionsView, DecisionView, PrintJobFilter, PrintJobView,
    PrintSendResult, PrintersView,
};
use super::{App, Result, ServiceError};
use crate::audit::actions;
use crate::domain::household::ValidationError;
use crate::domain::normalize::to_katakana;
use crate::domain::print_job::{
    aid_in_force, fiscal_year, issue_number, AidInForce, ApprovedDecision, PeriodError, PrintState,
    PrintStep,
};
use crate::domain::role::Permission;
use crate::print::{self, AidKind, Certificate, Document, OfficeBlock, PrintOptions, Recipient};
use crate::store::households as hh;
use crate::store::print_jobs::{self as jobs, NewJob, PrintJobRow};

const PURPOSE_MAX_CHARS: usize = 200;

fn sha256_hex(bytes: &[u8]) -> String {
    hex::encode(Sha256::digest(bytes))
}

/// Pages of a PDF the engine made (1 if it cannot be read back, which would be an engine defect
/// caught by the preview check).
fn page_count(pdf: &[u8]) -> i64 {
    lopdf::Document::load_mem(pdf)
        .map(|d| d.get_pages().len() as i64)
        .unwrap_or(1)
}

fn document(row: &PrintJobRow) -> Result<Document> {
    serde_json::from_str(&row.snapshot).map_err(|e| {
        ServiceError::refused(
            "PRINT_SNAPSHOT",
            format!("帳票（ID {}）の内容を読み取れません: {e}", row.id),
        )
    })
}

fn person_name(doc: &Document) -> String {
    match doc {
        Document::Certificate(c) => c.recipient.name.clone(),
        Document::CoverLetter(l) => l.addressee.clone(),
        Document::DecisionNotice(n) => n.addressee.name.clone(),
        Document::CalculationSheet(c) => c.head_name.clone(),
        Document::MedicalVouchers(b) => match b.vouchers.as_slice() {
            [one] => one.name.clone(),
            many => format!("{}件", many.len()),
        },
        Document::CareVouchers(b) => match b.vouchers.as_slice() {
            [one] => one.name.clone(),
            many => format!("{}件", many.len()),
        },
        Document::OpinionForm(f) => f.name.clone(),
        Document::VoucherLedger(l) => l.month_label.clone(),
        Document::CheckList(_) => String::new(),
    }
}

fn view(row: PrintJobRow, role: crate::domain::role::Role) -> PrintJobView {
    let person_name = serde_json::from_str::<Document>(&row.snapshot)
        .ok()
        .map(|d| person_name(&d));
    PrintJobView {
        id: row.id,
        kind: row.kind,
        title: row.title,
        issue_number: row.issue_number,
        household_id: row.household_id,
        case_number: row.case_number,
        person_id: row.person_id,
        person_name,
        state: row.state,
        state_label: row.state.label().into(),
        allowed_steps: crate::domain::workflow::print_steps(row.state, role),
        pages: row.pages,
        bytes: row.bytes,
        reprint_count: row.reprint_count,
        printed_count: row.printed_count,
        requested_by: row.requested_by,
        requested_at: row.requested_at,
        printed_at: row.printed_at,
        delivered_at: row.delivered_at,
        voided_at: row.voided_at,
        void_reason: row.void_reason,
        printer: row.printer,
        error: row.error,
    }
}

fn state_refused(row: &PrintJobRow, step: PrintStep) -> Result<()> {
    row.state
        .allows(step)
        .map_err(|m| ServiceError::refused("PRINT_JOB_STATE", m))
}

fn check_copies(copies: u32) -> Result<()> {
    if !(1..=99).contains(&copies) {
        return Err(ValidationError::new("copies", "部数は1から99までで指定してください").into());
    }
    Ok(())
}

/// A file name without path separators or characters Windows refuses.
fn file_name_part(s: &str) -> String {
    s.chars()
        .map(|c| {
            if c.is_control() || matches!(c, '/' | '\\' | ':' | '*' | '?' | '"' | '<' | '>' | '|') {
                '_'
            } else {
                c
            }
        })
        .collect()
}

/// The PDF staged beside `out`, to be put in place after the commit.
fn stage_private(out: &Path, pdf: &[u8]) -> Result<crate::fsutil::Staged> {
    crate::fsutil::stage_private(out, pdf).map_err(|e| {
        ServiceError::refused(
            "PRINT_SAVE_FAILED",
            format!("PDFを保存できません（{}）: {e}", out.display()),
        )
    })
}

/// A document rendered once, ready to be queued (outside the transaction: rendering is slow).
pub(crate) struct Rendered {
    pub doc: Document,
    snapshot: String,
    pdf: Vec<u8>,
    sha: String,
    pages: i64,
}

impl Rendered {
    pub(crate) fn new(doc: Document) -> Result<Rendered> {
        let snapshot = serde_json::to_string(&doc).map_err(|e| {
            ServiceError::refused("PRINT_SNAPSHOT", format!("帳票の内容を保存できません: {e}"))
        })?;
        let pdf = print::render(&doc)?;
        Ok(Rendered {
            sha: sha256_hex(&pdf),
            pages: page_count(&pdf),
            doc,
            snapshot,
            pdf,
        })
    }
}

/// 要求 and 作成済 of a rendered document without its own number, inside the caller's
/// transaction, audited as a print request (`extra` adds to the audit detail). Returns the job id.
pub(crate) fn enqueue_in_tx(
    tx: &mut crate::store::Tx<'_>,
    kind: &'static str,
    r: &Rendered,
    household_id: Option<i64>,
    person_id: Option<i64>,
    extra: serde_json::Value,
) -> Result<i64> {
    let id = jobs::insert_requested(
        tx.conn(),
        &NewJob {
            kind,
            title: r.doc.title(),
            household_id,
            person_id,
            purpose: None,
            issue: None,
            snapshot: &r.snapshot,
        },
        tx.actor(),
        tx.now(),
    )?;
    let now = tx.now().to_string();
    jobs::set_generated(tx.conn(), id, &r.pdf, &r.sha, r.pages, &now)?;
    let case_number = match household_id {
        Some(h) => Some(hh::require(tx.conn(), h)?.case_number),
        None => None,
    };
    let mut detail = json!({
        "kind": kind, "title": r.doc.title(), "issue_number": null,
        "person_id": person_id, "household_id": household_id, "case_number": case_number,
        "state": PrintState::Generated.code(), "pdf_sha256": r.sha, "pages": r.pages, "bytes": r.pdf.len(),
    });
    if let (Some(o), Some(e)) = (detail.as_object_mut(), extra.as_object()) {
        o.extend(e.clone());
    }
    tx.audit(
        actions::PRINT_REQUEST,
        Some("document"),
        Some(&id.to_string()),
        detail,
    )?;
    Ok(id)
}

/// The household's approved decisions as the certificate rule reads them: the kinds each grants
/// are those of its amounts above 0.
fn approved_decisions(
    conn: &rusqlite::Connection,
    household_id: i64,
) -> Result<Vec<ApprovedDecision>> {
    use crate::domain::decision::DecisionState;
    Ok(crate::store::decisions::decisions_for(conn, household_id)?
        .into_iter()
        // A medical-aid decision (開始・廃止 of 医療扶助) is not one of assistance.
        .filter(|d| d.state == DecisionState::Approved && d.medical_case_id.is_none())
        .map(|d| {
            let amounts: Vec<crate::calc::benefit::KindOutcome> =
                serde_json::from_str(&d.amounts).unwrap_or_default();
            ApprovedDecision {
                kind: d.kind,
                effective_date: d.effective_date,
                order: d.id,
                aids: amounts
                    .iter()
                    .filter(|a| a.aid_yen > 0)
                    .map(|a| a.kind_of_aid)
                    .collect(),
            }
        })
        .collect())
}

fn period_refusal(e: PeriodError) -> ServiceError {
    let code = match e {
        PeriodError::NeverActive => "PRINT_NOT_ACTIVE",
        PeriodError::Suspended => "PRINT_SUSPENDED",
        PeriodError::Abolished(_) => "PRINT_ABOLISHED",
    };
    ServiceError::refused(code, e.to_string())
}

/// "令和7年4月1日 〜 継続中".
fn period_text(start: chrono::NaiveDate) -> String {
    format!("{} 〜 継続中", crate::domain::era::format_wareki(start))
}

impl App {
    /// What a certificate for `person_id` may state today (`print_document`): the kinds of aid
    /// and the period of the approved decisions in force, or why none can be issued.
    pub fn certificate_options(&mut self, person_id: i64) -> Result<CertificateOptionsView> {
        self.require(Permission::PrintDocument)?;
        let today = self.today();
        let conn = self.store.conn();
        let person = hh::require_person(conn, person_id)?;
        let household = hh::require(conn, person.household_id)?;
        let decided = approved_decisions(conn, household.id)?;
        let (aids, period, refusal) = match aid_in_force(&decided, today) {
            Ok(AidInForce { start, aids }) => (aids, period_text(start), None),
            Err(e) => (vec![], String::new(), Some(e.to_string())),
        };
        Ok(CertificateOptionsView {
            person_id,
            person_name: person.name,
            case_number: household.case_number,
            date_wareki: crate::domain::era::format_wareki(today),
            period_text: period,
            aids: aids
                .into_iter()
                .map(|a| CertificateAid {
                    aid: a,
                    label: a.label().into(),
                })
                .collect(),
            refusal,
        })
    }

    pub(crate) fn print_job_view(&self, id: i64) -> Result<PrintJobView> {
        Ok(view(jobs::require(self.store.conn(), id)?, self.user.role))
    }

    /// 保護受給証明書 for a member of a household: 要求 and 作成済 in one transaction, audited.
    /// The kinds of aid and the period come from the approved decisions in force today
    /// (`domain::print_job::aid_in_force`): the clerk may leave kinds out, never add one that was
    /// not decided. The 用途 is printed; the issuer comes from 事務所設定.
    pub fn print_certificate(
        &mut self,
        person_id: i64,
        aids: &[AidKind],
        purpose: Option<&str>,
    ) -> Result<PrintJobView> {
        self.certificate(person_id, aids, purpose, None)
    }

    /// The same, written to `out` as well (the CLI's `print certificate --out`). The number, the
    /// job, its PDF and the export are one transaction with the file: the PDF is written to a new
    /// private file beside `out` before the commit and renamed onto `out` right after it, so a
    /// kill never leaves a committed number whose document was not written (nor a document
    /// whose number was never committed).
    pub fn print_certificate_to(
        &mut self,
        person_id: i64,
        aids: &[AidKind],
        purpose: Option<&str>,
        out: &Path,
    ) -> Result<PrintJobView> {
        self.certificate(person_id, aids, purpose, Some(out))
    }

    fn certificate(
        &mut self,
        person_id: i64,
        aids: &[AidKind],
        purpose: Option<&str>,
        out: Option<&Path>,
    ) -> Result<PrintJobView> {
        self.require(Permission::PrintDocument)?;
        if aids.is_empty() {
            return Err(ValidationError::new("aids", "扶助の種類を1つ以上選んでください").into());
        }
        let purpose = purpose
            .map(str::trim)
            .filter(|p| !p.is_empty())
            .map(str::to_string);
        if purpose
            .as_ref()
            .is_some_and(|p| p.chars().count() > PURPOSE_MAX_CHARS)
        {
            return Err(ValidationError::new(
                "purpose",
                format!("使用目的は{PURPOSE_MAX_CHARS}文字以内で入力してください"),
            )
            .into());
        }
        let mut aids = aids.to_vec();
        aids.sort();
        aids.dedup();
        let today = self.today();
        let id = self.write(|tx| {
            let person = hh::require_person(tx.conn(), person_id)?;
            let household = hh::require(tx.conn(), person.household_id)?;
            let in_force = aid_in_force(&approved_decisions(tx.conn(), household.id)?, today)
                .map_err(period_refusal)?;
            if let Some(extra) = aids.iter().find(|a| !in_force.aids.contains(a)) {
                return Err(ServiceError::refused(
                    "PRINT_AID_NOT_DECIDED",
                    format!(
                        "{}は、この世帯に効力のある決裁済みの決定に含まれていないため証明できません（証明できるのは {} です）",
                        extra.label(),
                        in_force.aids.iter().map(|a| a.label()).collect::<Vec<_>>().join("・")
                    ),
                ));
            }
            let office = crate::store::office::get(tx.conn())?
                .ok_or_else(|| ServiceError::refused("PRINT_OFFICE_MISSING", "事務所設定を先に登録してください"))?
                .validate()
                .map_err(|e| ServiceError::refused("PRINT_OFFICE_MISSING", format!("事務所設定を先に登録してください（{e}）")))?;

            let fy = fiscal_year(today);
            let seq = jobs::next_issue_seq(tx.conn(), fy)?;
            let number = issue_number(today, seq);
            let doc = Document::Certificate(Certificate {
                issue_number: number.clone(),
                issued_on: today,
                recipient: Recipient {
                    name: person.name.clone(),
                    kana: to_katakana(&person.kana),
                    birth_date: person.birth_date,
                    address: household.address.clone(),
                },
                period_start: in_force.start,
                period_end: None,
                aids: aids.clone(),
                purpose: purpose.clone(),
                office: OfficeBlock::from(&office),
                reissue: false,
            });
            let snapshot = serde_json::to_string(&doc)
                .map_err(|e| ServiceError::refused("PRINT_SNAPSHOT", format!("帳票の内容を保存できません: {e}")))?;
            let id = jobs::insert_requested(
                tx.conn(),
                &NewJob {
                    kind: "certificate",
                    title: doc.title(),
                    household_id: Some(household.id),
                    person_id: Some(person.id),
                    purpose: purpose.as_deref(),
                    issue: Some((fy, seq, &number)),
                    snapshot: &snapshot,
                },
                tx.actor(),
                tx.now(),
            )?;
            let pdf = print::render(&doc)?;
            let sha = sha256_hex(&pdf);
            let pages = page_count(&pdf);
            let now = tx.now().to_string();
            jobs::set_generated(tx.conn(), id, &pdf, &sha, pages, &now)?;
            tx.audit(
                actions::PRINT_REQUEST,
                Some("document"),
                Some(&id.to_string()),
                json!({
                    "kind": "certificate", "title": doc.title(), "issue_number": number,
                    "person_id": person.id, "household_id": household.id, "case_number": household.case_number,
                    "aids": aids.iter().map(|a| a.code()).collect::<Vec<_>>(), "purpose": purpose,
                    "period_start": in_force.start.to_string(), "aids_in_force": in_force.aids.iter().map(|a| a.code()).collect::<Vec<_>>(),
                    "state": PrintState::Generated.code(), "pdf_sha256": sha, "pages": pages, "bytes": pdf.len(),
                }),
            )?;
            let staged = match out {
                None => None,
                Some(path) => {
                    tx.audit(
                        actions::EXPORT,
                        Some("document"),
                        Some(&id.to_string()),
                        json!({ "issue_number": number, "path": path.display().to_string(), "pdf_sha256": sha, "bytes": pdf.len() }),
                    )?;
                    Some(stage_private(path, &pdf)?)
                }
            };
            Ok((id, staged))
        });
        // Rolled back (the commit itself may have failed): the staged file is dropped unnamed.
        let (id, staged) = id?;
        if let (Some(staged), Some(path)) = (staged, out) {
            staged.commit().map_err(|e| {
                ServiceError::refused(
                    "PRINT_SAVE_FAILED",
                    format!("PDFを保存できません（{}）: {e}", path.display()),
                )
            })?;
        }
        self.print_job_view(id)
    }

    /// 決定通知書 for a decision as a queue job (作成済), from the same document the CLI prints.
    /// Refused for a decision not yet approved unless `opts.allow_draft` (「案」 mark). The
    /// notice carries its own 文書番号, so the job has no issue number.
    pub fn print_decision_notice_job(
        &mut self,
        decision_id: i64,
        opts: &NoticeOptions,
    ) -> Result<PrintJobView> {
        let (d, doc, extra) = self.build_decision_notice(decision_id, opts)?;
        self.enqueue_decision_document("decision_notice", &d, doc, extra)
    }

    /// 保護決定調書 for a decision as a queue job (作成済), in any state (「案」 until approved).
    pub fn print_calculation_sheet_job(
        &mut self,
        decision_id: i64,
        date: Option<&str>,
    ) -> Result<PrintJobView> {
        let (d, doc, extra) = self.build_calculation_sheet(decision_id, date)?;
        self.enqueue_decision_document("calculation_sheet", &d, doc, extra)
    }

    /// 要求 and 作成済 for a document made from a decision, in one transaction, audited like a
    /// certificate. `person_id` is the household's head (none if the household has no head).
    fn enqueue_decision_document(
        &mut self,
        kind: &'static str,
        d: &DecisionView,
        doc: Document,
        extra: serde_json::Value,
    ) -> Result<PrintJobView> {
        let rendered = Rendered::new(doc)?;
        let mut extra = extra;
        if let Some(o) = extra.as_object_mut() {
            o.insert("decision_id".into(), json!(d.id));
            o.insert("decision_kind".into(), json!(d.kind.code()));
            o.insert("draft".into(), json!(is_draft(&rendered.doc)));
        }
        let id = self.write(|tx| {
            let household = hh::require(tx.conn(), d.household_id)?;
            let head = hh::members(tx.conn(), household.id)?
                .into_iter()
                .find(|p| p.is_head)
                .map(|p| p.id);
            enqueue_in_tx(tx, kind, &rendered, Some(household.id), head, extra)
        })?;
        self.print_job_view(id)
    }

    /// The queue, newest first.    /// The queue, newest first.
    pub fn print_jobs(&mut self, filter: &PrintJobFilter) -> Result<Vec<PrintJobView>> {
        self.require(Permission::PrintDocument)?;
        self.audit_read(
            actions::PRINT_JOBS_LIST,
            filter.household_id.map(|_| "household"),
            filter.household_id.map(|h| h.to_string()),
            json!({ "state": filter.state.map(|s| s.code()), "limit": filter.limit }),
        )?;
        let f = jobs::Filter {
            state: filter.state,
            household_id: filter.household_id,
            limit: filter.limit.unwrap_or(100).clamp(1, 1000),
        };
        Ok(jobs::list(self.store.conn(), &f)?
            .into_iter()
            .map(|r| view(r, self.user.role))
            .collect())
    }

    /// One job.
    pub fn print_job(&mut self, job_id: i64) -> Result<PrintJobView> {
        self.require(Permission::PrintDocument)?;
        self.print_job_view(job_id)
    }

    /// Regenerate a job's PDF from its snapshot, for the preview. The original (`reissue =
    /// false`) must hash to what was stored when it was made: a difference means the print
    /// engine changed, and is reported rather than shown. Audited as a preview; `reissue = true`
    /// shows the 再発行 version without recording a reprint. Returns the bytes and page count.
    pub fn print_job_pdf(&mut self, job_id: i64, reissue: bool) -> Result<(Vec<u8>, i64)> {
        self.require(Permission::PrintDocument)?;
        let row = jobs::require(self.store.conn(), job_id)?;
        if row.state == PrintState::Requested {
            return Err(ServiceError::refused(
                "PRINT_JOB_STATE",
                "この帳票はまだ作成されていません",
            ));
        }
        let mut doc = document(&row)?;
        doc.set_reissue(reissue);
        let pdf = print::render(&doc)?;
        let sha = sha256_hex(&pdf);
        let matches = reissue || row.pdf_sha256.as_deref() == Some(sha.as_str());
        self.write(|tx| {
            tx.audit(
                actions::PRINT_PREVIEW,
                Some("document"),
                Some(&job_id.to_string()),
                json!({ "issue_number": row.issue_number, "reissue": reissue, "matches_original": matches }),
            )?;
            Ok(())
        })?;
        if !matches {
            return Err(ServiceError::refused(
                "PRINT_PDF_MISMATCH",
                "再作成したPDFが保存されている原本と一致しません（印刷プログラムが変わった可能性があります）。原本は変更されていません。システム管理者に連絡してください",
            ));
        }
        let pages = page_count(&pdf);
        Ok((pdf, pages))
    }

    /// The printers the print system knows, and its default.
    pub fn printers(&mut self) -> Result<PrintersView> {
        self.require(Permission::PrintDocument)?;
        const SAVE_INSTEAD: &str =
            "帳票は「保存」でPDFとして保存できます。プリンターの設定は管理者に依頼してください";
        let printers = match self.printer.list() {
            Ok(list) => list,
            Err(e @ crate::print::PrintError::PrintSystemUnavailable(_)) => {
                return Ok(PrintersView {
                    printers: vec![],
                    default: None,
                    problem: Some(format!("{e}。{SAVE_INSTEAD}")),
                })
            }
            Err(e) => return Err(e.into()),
        };
        if printers.is_empty() {
            return Ok(PrintersView {
                printers,
                default: None,
                problem: Some(format!(
                    "このパソコンにはプリンターが登録されていないため印刷できません。{SAVE_INSTEAD}"
                )),
            });
        }
        let default = self.printer.default()?;
        Ok(PrintersView {
            printers,
            default,
            problem: None,
        })
    }

    /// Send the originals of several jobs, each on its own: a job that fails stays as it was with
    /// `error` set, and the others still print. `printer: None` is the default printer.
    pub fn print_jobs_send(
        &mut self,
        job_ids: &[i64],
        printer: Option<&str>,
        copies: u32,
    ) -> Result<Vec<PrintSendResult>> {
        self.require(Permission::PrintDocument)?;
        check_copies(copies)?;
        // 1–99 copies per call: the same job named twice would print it twice as many times.
        let mut seen = std::collections::BTreeSet::new();
        if job_ids.iter().any(|id| !seen.insert(*id)) {
            return Err(ValidationError::new(
                "job_ids",
                "同じ帳票が2回以上指定されています（部数で指定してください）",
            )
            .into());
        }
        if job_ids.len() > 500 {
            return Err(
                ValidationError::new("job_ids", "一度に印刷できる帳票は500件までです").into(),
            );
        }
        for id in job_ids {
            jobs::require(self.store.conn(), *id)?;
        }
        let printer = self.resolve_printer(printer);
        let mut out = Vec::with_capacity(job_ids.len());
        for id in job_ids {
            out.push(self.send_one(*id, printer.as_deref(), copies, false)?);
        }
        Ok(out)
    }

    /// Print the 再発行 version of a printed or delivered job; `reprint_count` + 1 on success.
    pub fn print_job_reprint(
        &mut self,
        job_id: i64,
        printer: Option<&str>,
        copies: u32,
    ) -> Result<PrintSendResult> {
        self.require(Permission::PrintDocument)?;
        check_copies(copies)?;
        jobs::require(self.store.conn(), job_id)?;
        let printer = self.resolve_printer(printer);
        self.send_one(job_id, printer.as_deref(), copies, true)
    }

    /// The printer a send goes to, so that the queue records a name even for "the default".
    fn resolve_printer(&self, printer: Option<&str>) -> Option<String> {
        match printer.map(str::trim).filter(|p| !p.is_empty()) {
            Some(p) => Some(p.to_string()),
            // If the default cannot be found, the send itself reports why.
            None => self.printer.default().ok().flatten(),
        }
    }

    fn send_one(
        &mut self,
        job_id: i64,
        printer: Option<&str>,
        copies: u32,
        reprint: bool,
    ) -> Result<PrintSendResult> {
        let row = jobs::require(self.store.conn(), job_id)?;
        let step = if reprint {
            PrintStep::Reprint
        } else {
            PrintStep::Send
        };
        if let Err(why) = row.state.allows(step) {
            return Ok(PrintSendResult {
                job_id,
                ok: false,
                message: why.to_string(),
                job: view(row, self.user.role),
            });
        }
        let pdf = if reprint {
            let mut doc = document(&row)?;
            doc.set_reissue(true);
            print::render(&doc)?
        } else {
            jobs::pdf(self.store.conn(), job_id)?
        };
        let options = PrintOptions {
            printer: printer.map(str::to_string),
            copies,
            paper: document(&row)?.paper(),
            title: row.title.clone(),
        };
        let outcome = self.printer.print(&pdf, &options);
        let action = if reprint {
            actions::PRINT_REPRINT
        } else {
            actions::PRINT
        };
        let (ok, message) = match &outcome {
            Ok(_) => {
                let what = if reprint {
                    "再発行版を印刷しました"
                } else {
                    "印刷しました"
                };
                (
                    true,
                    format!(
                        "{what}（{}・{copies}部）",
                        printer.unwrap_or("既定のプリンター")
                    ),
                )
            }
            Err(e) => (false, format!("印刷できませんでした: {e}")),
        };
        self.write(|tx| {
            let now = tx.now().to_string();
            let detail = match &outcome {
                Ok(system_job) => {
                    jobs::mark_printed(tx.conn(), job_id, printer, reprint, &now)?;
                    json!({ "issue_number": row.issue_number, "ok": true, "printer": printer, "copies": copies,
                            "print_system_job": system_job, "reissue": reprint })
                }
                Err(e) => {
                    jobs::set_error(tx.conn(), job_id, &message)?;
                    json!({ "issue_number": row.issue_number, "ok": false, "printer": printer, "copies": copies,
                            "error_code": e.code(), "error": e.to_string(), "reissue": reprint })
                }
            };
            tx.audit(action, Some("document"), Some(&job_id.to_string()), detail)?;
            Ok(())
        })?;
        Ok(PrintSendResult {
            job_id,
            ok,
            message,
            job: self.print_job_view(job_id)?,
        })
    }

    /// Record that a printed document was handed over or posted.
    pub fn print_job_deliver(&mut self, job_id: i64) -> Result<PrintJobView> {
        self.require(Permission::PrintDocument)?;
        self.write(|tx| {
            let row = jobs::require(tx.conn(), job_id)?;
            state_refused(&row, PrintStep::Deliver)?;
            let now = tx.now().to_string();
            jobs::mark_delivered(tx.conn(), job_id, &now)?;
            tx.audit(
                actions::PRINT_DELIVER,
                Some("document"),
                Some(&job_id.to_string()),
                json!({ "issue_number": row.issue_number, "old_state": row.state.code() }),
            )?;
            Ok(())
        })?;
        self.print_job_view(job_id)
    }

    /// Void a job that has not been delivered. The reason is required and kept.
    pub fn print_job_void(&mut self, job_id: i64, reason: &str) -> Result<PrintJobView> {
        self.require(Permission::VoidDocument)?;
        let reason = reason.trim().to_string();
        if reason.is_empty() {
            return Err(ValidationError::new("reason", "取消の理由は必須です").into());
        }
        self.write(|tx| {
            let row = jobs::require(tx.conn(), job_id)?;
            state_refused(&row, PrintStep::Void)?;
            let now = tx.now().to_string();
            jobs::mark_voided(tx.conn(), job_id, &reason, &now)?;
            tx.audit(actions::PRINT_VOID, Some("document"), Some(&job_id.to_string()),
                json!({ "issue_number": row.issue_number, "old_state": row.state.code(), "reason": reason }))?;
            Ok(())
        })?;
        self.print_job_view(job_id)
    }

    /// The folder 「保存」 writes to: the user's documents folder + 窓口 (or what was set).
    pub fn documents_dir(&self) -> Result<PathBuf> {
        if let Some(d) = &self.documents_dir {
            return Ok(d.clone());
        }
        let dirs = directories::UserDirs::new().ok_or_else(|| {
            ServiceError::refused(
                "PRINT_NO_DOCUMENTS_DIR",
                "ドキュメントフォルダが見つかりません",
            )
        })?;
        let base = dirs
            .document_dir()
            .map(Path::to_path_buf)
            .unwrap_or_else(|| dirs.home_dir().join("Documents"));
        Ok(base.join("窓口"))
    }

    /// Write the original PDF to the documents folder as `<title>_<issue number>.pdf` (a new
    /// name, `…_2.pdf`, if that exists). Audited as an export.
    pub fn print_job_save(&mut self, job_id: i64) -> Result<PathBuf> {
        self.require(Permission::PrintDocument)?;
        let row = jobs::require(self.store.conn(), job_id)?;
        let dir = self.documents_dir()?;
        std::fs::create_dir_all(&dir).map_err(|e| {
            ServiceError::refused(
                "PRINT_SAVE_FAILED",
                format!("保存先のフォルダを作れません（{}）: {e}", dir.display()),
            )
        })?;
        let stem = file_name_part(&format!(
            "{}_{}",
            row.title,
            row.issue_number
                .clone()
                .unwrap_or_else(|| format!("ID{}", row.id))
        ));
        let mut path = dir.join(format!("{stem}.pdf"));
        let mut n = 2;
        while path.exists() {
            path = dir.join(format!("{stem}_{n}.pdf"));
            n += 1;
        }
        self.print_job_save_to(job_id, &path)?;
        Ok(path)
    }

    /// Write the original PDF to `path` (the CLI's `--out`; overwrites). Audited as an export.
    pub fn print_job_save_to(&mut self, job_id: i64, path: &Path) -> Result<()> {
        self.require(Permission::PrintDocument)?;
        self.write(|tx| {
            let row = jobs::require(tx.conn(), job_id)?;
            state_refused(&row, PrintStep::Save)?;
            let pdf = jobs::pdf(tx.conn(), job_id)?;
            tx.audit(
                actions::EXPORT,
                Some("document"),
                Some(&job_id.to_string()),
                json!({ "issue_number": row.issue_number, "path": path.display().to_string(),
                        "pdf_sha256": row.pdf_sha256, "bytes": pdf.len() }),
            )?;
            // Written inside the transaction: if the file cannot be written, the export is not logged.
            crate::fsutil::write_atomic_private(path, &pdf).map_err(|e| {
                ServiceError::refused(
                    "PRINT_SAVE_FAILED",
                    format!("PDFを保存できません（{}）: {e}", path.display()),
                )
            })?;
            Ok(())
        })
    }

    /// Open the original PDF in the system viewer (a private temporary file). Audited as a preview.
    /// The temporary file is removed when the session ends.
    pub fn print_job_open(&mut self, job_id: i64) -> Result<PathBuf> {
        self.require(Permission::PrintDocument)?;
        let path = self.write(|tx| {
            let row = jobs::require(tx.conn(), job_id)?;
            if row.state == PrintState::Requested {
                return Err(ServiceError::refused("PRINT_JOB_STATE", "この帳票はまだ作成されていません"));
            }
            let pdf = jobs::pdf(tx.conn(), job_id)?;
            // The temporary file's name carries the number, never the person's name.
            let stem = row.issue_number.clone().unwrap_or_else(|| format!("document-{}", row.id));
            let path = print::open_in_viewer(&pdf, &stem)?;
            tx.audit(actions::PRINT_PREVIEW, Some("document"), Some(&job_id.to_string()),
                json!({ "issue_number": row.issue_number, "reissue": false, "viewer": true, "path": path.display().to_string() }))?;
            Ok(path)
        })?;
        self.viewer_files.push(path.clone());
        Ok(path)
    }
}
