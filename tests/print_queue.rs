//! The print queue through the use cases, the RPC door and the CLI, on temporary encrypted
//! databases: 保護受給証明書 issued from the registry, previewed byte-identically, sent to a fake
//! CUPS (succeeding, failing, missing printer), reprinted as 再発行, delivered, voided, saved —
//! every step audited, the PDF never in plaintext on disk, the My Number never on paper.

mod common;

use std::path::PathBuf;
use std::sync::Arc;

use common::*;
use madoguchi::domain::print_job::{PrintState, PrintStep};
use madoguchi::print::{AidKind, CupsPrinter};
use madoguchi::service::rpc::Desk;
use madoguchi::service::views::{AuditQuery, PrintJobFilter};
use madoguchi::service::App;
use serde_json::{json, Value};

const MY_NUMBER: &str = "123456789018";

/// A household 保護中 since 令和7年4月1日 by an approved 開始 (生活扶助・住宅扶助) with one member
/// who has a My Number. Returns (household id, person id).
fn active_household(db: &TestDb, case: &str) -> (i64, i64) {
    let mut m = member("窓口 花子", "まどぐち はなこ", "S33.7.14");
    m.my_number = Some(MY_NUMBER.into());
    let (hid, pid, _) = approved_start(db, case, m, "R7.4.1");
    (hid, pid)
}

/// Fake `lpstat`/`lp` in a temp dir. `lp_ok = false`: lp refuses every job.
struct FakeCups {
    dir: tempfile::TempDir,
}

impl FakeCups {
    fn new(lp_ok: bool) -> FakeCups {
        let dir = tempfile::tempdir().unwrap();
        let f = FakeCups { dir };
        f.write(
            "lpstat",
            "#!/bin/sh\nprintf 'printer Office is idle.  enabled since Mon 02 Jun 2025 09:00:00 AM JST\\nprinter Annex is idle.  enabled since Mon 02 Jun 2025 09:00:00 AM JST\\nsystem default destination: Office\\n'\n".into(),
        );
        let lp = if lp_ok {
            format!(
                "#!/bin/sh\necho \"$@\" >> '{args}'\ncat > '{job}'\necho 'request id is Office-7 (0 file(s))'\n",
                args = f.path("lp-args").display(),
                job = f.path("lp-job").display()
            )
        } else {
            "#!/bin/sh\ncat > /dev/null\necho 'lp: Forbidden' >&2\nexit 1\n".into()
        };
        f.write("lp", lp);
        f
    }
    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
    fn write(&self, name: &str, body: String) {
        use std::os::unix::fs::PermissionsExt;
        let p = self.path(name);
        std::fs::write(&p, body).unwrap();
        std::fs::set_permissions(&p, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    fn printer(&self) -> Box<CupsPrinter> {
        Box::new(CupsPrinter::with_commands(
            self.path("lpstat"),
            self.path("lp"),
        ))
    }
    fn last_job(&self) -> Vec<u8> {
        std::fs::read(self.path("lp-job")).unwrap()
    }
    fn args(&self) -> String {
        std::fs::read_to_string(self.path("lp-args")).unwrap_or_default()
    }
}

fn staff_with(db: &TestDb, user: &str, cups: &FakeCups) -> App {
    let mut app = db.staff(user);
    app.set_printer(cups.printer());
    app
}

fn audit_actions(db: &TestDb, action: &str) -> Vec<madoguchi::service::views::AuditEntryView> {
    db.staff("sv")
        .search_audit(&AuditQuery {
            action: Some(action.into()),
            ..Default::default()
        })
        .unwrap()
}

#[test]
fn certificate_for_an_active_household_is_generated_with_the_registry_data_and_no_my_number() {
    let db = TestDb::new();
    let (hid, pid) = active_household(&db, "P-0001");
    let mut cw = db.staff("cw");
    // The dialog offers exactly the kinds the approved 開始 granted (rent 30,000円: 住宅扶助).
    let options = cw.certificate_options(pid).unwrap();
    let offered: Vec<AidKind> = options.aids.iter().map(|a| a.aid).collect();
    assert_eq!(offered, vec![AidKind::Living, AidKind::Housing]);
    assert_eq!(options.period_text, "令和7年4月1日 〜 継続中");
    assert!(options.refusal.is_none());
    let job = cw
        .print_certificate(
            pid,
            &[AidKind::Housing, AidKind::Living, AidKind::Living],
            Some(" 家賃の減免申請 "),
        )
        .unwrap();
    assert_eq!(job.state, PrintState::Generated);
    assert_eq!(job.state_label, "作成済");
    assert_eq!(job.kind, "certificate");
    assert_eq!(job.title, "保護受給証明書");
    // Issued 2025-06-02: fiscal year 2025 = 令和7年度, first number of the year.
    assert_eq!(job.issue_number.as_deref(), Some("R7-00001"));
    assert_eq!(job.household_id, Some(hid));
    assert_eq!(job.case_number.as_deref(), Some("P-0001"));
    assert_eq!(job.person_id, Some(pid));
    assert_eq!(job.person_name.as_deref(), Some("窓口 花子"));
    assert_eq!((job.pages, job.printed_count, job.reprint_count), (1, 0, 0));
    assert!(job.bytes > 1000);
    assert_eq!(job.requested_by, "cw");
    let second = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    assert_eq!(second.issue_number.as_deref(), Some("R7-00002"));

    let (pdf, pages) = cw.print_job_pdf(job.id, false).unwrap();
    assert_eq!(pages, 1);
    assert!(pdf.starts_with(b"%PDF-"));
    assert!(!pdf
        .windows(MY_NUMBER.len())
        .any(|w| w == MY_NUMBER.as_bytes()));
    if let Some(text) = pdf_bytes_text(&pdf).map(squeeze) {
        assert!(text.contains("窓口花子"), "{text}");
        assert!(
            text.contains("マドグチハナコ"),
            "furigana in katakana: {text}"
        );
        assert!(text.contains("昭和33年7月14日"), "{text}");
        assert!(text.contains("見本県見本市見本町1-2-3"), "{text}");
        assert!(text.contains("令和7年4月1日〜継続中"), "{text}");
        assert!(text.contains("令和7年6月2日"), "issue date: {text}");
        assert!(text.contains("生活扶助・住宅扶助"), "{text}");
        assert!(!text.contains("医療扶助"), "{text}");
        assert!(
            text.contains("用途家賃の減免申請"),
            "the purpose is printed: {text}"
        );
        assert!(text.contains("R7-00001"), "{text}");
        assert!(text.contains("見本市福祉事務所長"), "{text}");
        assert!(
            !text.contains(MY_NUMBER) && !text.contains("9018"),
            "no My Number on paper: {text}"
        );
        assert!(!text.contains("再発行"));
    }
    let log = audit_actions(&db, "print_request");
    assert_eq!(log.len(), 2);
    let first = log
        .iter()
        .find(|e| e.target_id.as_deref() == Some(job.id.to_string().as_str()))
        .unwrap();
    assert_eq!(first.user_id, "cw");
    assert_eq!(first.target_kind.as_deref(), Some("document"));
    assert_eq!(first.detail["issue_number"], "R7-00001");
    assert_eq!(first.detail["purpose"], "家賃の減免申請");
    assert_eq!(first.detail["aids"], json!(["living", "housing"]));
    assert_eq!(first.detail["state"], "generated");
    assert!(!first.detail.to_string().contains(MY_NUMBER));
}

#[test]
fn a_kind_of_aid_never_decided_is_refused_and_narrowing_is_allowed() {
    // issue 9 point 1: the dialog pre-ticked 生活扶助 and let the clerk add 医療扶助 for a
    // household never granted it, and the certificate printed it.
    let db = TestDb::new();
    let (_, pid) = active_household(&db, "P-0010");
    let mut cw = db.staff("cw");
    let e = cw
        .print_certificate(pid, &[AidKind::Living, AidKind::Medical], None)
        .unwrap_err();
    assert_eq!(e.code(), "PRINT_AID_NOT_DECIDED");
    assert!(e.to_string().contains("医療扶助"), "{e}");
    assert!(cw
        .print_jobs(&PrintJobFilter::default())
        .unwrap()
        .is_empty());
    // Narrowing to one of the kinds in force is the clerk's choice.
    let job = cw
        .print_certificate(pid, &[AidKind::Housing], None)
        .unwrap();
    let (pdf, _) = cw.print_job_pdf(job.id, false).unwrap();
    if let Some(text) = pdf_bytes_text(&pdf).map(squeeze) {
        assert!(text.contains("扶助の種類住宅扶助"), "{text}");
        assert!(!text.contains("生活扶助"), "{text}");
        assert!(text.contains("用途—"), "no purpose typed: {text}");
    }
}

#[test]
fn suspended_and_abolished_households_get_no_certificate() {
    let db = TestDb::new();
    let (hid, pid) = active_household(&db, "P-0002");
    decide(
        &db,
        hid,
        madoguchi::domain::decision::DecisionKind::Suspend,
        "R7.5.1",
        "賞与のため",
    );
    let mut cw = db.staff("cw");
    let e = cw
        .print_certificate(pid, &[AidKind::Living], None)
        .unwrap_err();
    assert_eq!(e.code(), "PRINT_SUSPENDED");
    let o = cw.certificate_options(pid).unwrap();
    assert!(o.aids.is_empty() && o.refusal.as_deref().unwrap().contains("停止中"));
    decide(
        &db,
        hid,
        madoguchi::domain::decision::DecisionKind::Abolish,
        "R7.5.31",
        "辞退",
    );
    let e = cw
        .print_certificate(pid, &[AidKind::Living], None)
        .unwrap_err();
    assert_eq!(e.code(), "PRINT_ABOLISHED");
    assert!(e.to_string().contains("令和7年5月31日に廃止"), "{e}");
}

#[test]
fn refusals_say_why_in_japanese_and_record_nothing() {
    let db = TestDb::new();
    let mut cw = db.staff("cw");
    let h = cw.create_household(&household("P-0003")).unwrap();
    let v = cw
        .add_member(
            h.household.id,
            &member("申請 中子", "シンセイ ナカコ", "1980-01-01"),
        )
        .unwrap();
    let pid = v.members[0].id;
    let e = cw
        .print_certificate(pid, &[AidKind::Living], None)
        .unwrap_err();
    assert_eq!(e.code(), "PRINT_NOT_ACTIVE");
    assert_eq!(
        e.to_string(),
        "この世帯には、この日に効力のある決裁済みの保護の決定がないため、証明書を発行できません"
    );

    let (_, active) = active_household(&db, "P-0004");
    let e = cw.print_certificate(active, &[], None).unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    assert!(e.to_string().contains("扶助の種類"), "{e}");
    let e = cw
        .print_certificate(999_999, &[AidKind::Living], None)
        .unwrap_err();
    assert_eq!(e.code(), "NOT_FOUND");

    // Office settings removed behind the service: no document without an issuer.
    cw.store()
        .conn()
        .execute("DELETE FROM office_settings", [])
        .unwrap();
    let e = cw
        .print_certificate(active, &[AidKind::Living], None)
        .unwrap_err();
    assert_eq!(e.code(), "PRINT_OFFICE_MISSING");
    assert!(
        e.to_string().contains("事務所設定を先に登録してください"),
        "{e}"
    );

    assert!(cw
        .print_jobs(&PrintJobFilter::default())
        .unwrap()
        .is_empty());
    assert!(audit_actions(&db, "print_request").is_empty());
}

#[test]
fn preview_regenerates_the_original_byte_for_byte_and_detects_a_changed_engine() {
    let db = TestDb::new();
    let (_, pid) = active_household(&db, "P-0005");
    let mut cw = db.staff("cw");
    let job = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    let out = db.dir.path().join("original.pdf");
    cw.print_job_save_to(job.id, &out).unwrap();
    let original = std::fs::read(&out).unwrap();
    let (a, _) = cw.print_job_pdf(job.id, false).unwrap();
    let (b, _) = cw.print_job_pdf(job.id, false).unwrap();
    assert_eq!(a, original);
    assert_eq!(b, original);

    // A snapshot that no longer renders to the stored bytes stands for an engine that changed.
    cw.store()
        .conn()
        .execute("UPDATE print_jobs SET snapshot = replace(snapshot, '窓口 花子', '窓口 華子') WHERE id = ?1", [job.id])
        .unwrap();
    let e = cw.print_job_pdf(job.id, false).unwrap_err();
    assert_eq!(e.code(), "PRINT_PDF_MISMATCH");
    assert!(e.to_string().contains("原本と一致しません"), "{e}");
    let previews = audit_actions(&db, "print_preview");
    assert_eq!(previews.len(), 3);
    assert!(previews
        .iter()
        .any(|p| p.detail["matches_original"] == false));
}

#[test]
fn reprint_draws_saihakko_and_counts() {
    let db = TestDb::new();
    let (_, pid) = active_household(&db, "P-0006");
    let cups = FakeCups::new(true);
    let mut cw = staff_with(&db, "cw", &cups);
    let job = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();

    let (original, _) = cw.print_job_pdf(job.id, false).unwrap();
    let (reissue, _) = cw.print_job_pdf(job.id, true).unwrap();
    assert_ne!(original, reissue);
    if let Some(text) = pdf_bytes_text(&reissue).map(squeeze) {
        assert!(text.contains("再発行"), "{text}");
        assert!(text.contains("R7-00001"), "same number: {text}");
    }
    // The preview of the 再発行 version records no reprint.
    assert_eq!(cw.print_job(job.id).unwrap().reprint_count, 0);

    // Not printed yet: print it first.
    let r = cw.print_job_reprint(job.id, None, 1).unwrap();
    assert!(!r.ok);
    assert!(r.message.contains("先に印刷してください"), "{}", r.message);

    let sent = cw.print_jobs_send(&[job.id], None, 1).unwrap();
    assert!(sent[0].ok, "{}", sent[0].message);
    assert_eq!(cups.last_job(), original);
    let r = cw.print_job_reprint(job.id, Some("Annex"), 1).unwrap();
    assert!(r.ok, "{}", r.message);
    assert_eq!(r.job.reprint_count, 1);
    assert_eq!(r.job.printed_count, 1);
    assert_eq!(r.job.printer.as_deref(), Some("Annex"));
    assert_eq!(cups.last_job(), reissue);
    // Delivered, then lost: a 再発行 is still possible.
    cw.print_job_deliver(job.id).unwrap();
    let r = cw.print_job_reprint(job.id, None, 1).unwrap();
    assert!(r.ok);
    assert_eq!(r.job.reprint_count, 2);
    let log = audit_actions(&db, "print_reprint");
    assert_eq!(log.len(), 2);
    assert_eq!(log.iter().filter(|e| e.detail["ok"] == true).count(), 2);
}

#[test]
fn batch_send_prints_each_job_and_keeps_failures_apart() {
    let db = TestDb::new();
    let (hid, pid) = active_household(&db, "P-0007");
    let cups = FakeCups::new(true);
    let mut cw = staff_with(&db, "cw", &cups);
    let a = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    let b = cw
        .print_certificate(pid, &[AidKind::Housing], None)
        .unwrap();

    let out = cw.print_jobs_send(&[a.id, b.id], None, 2).unwrap();
    assert_eq!(out.len(), 2);
    for r in &out {
        assert!(r.ok, "{}", r.message);
        assert_eq!(r.job.state, PrintState::Printed);
        assert_eq!(r.job.printed_count, 1);
        // "the default" is recorded by name.
        assert_eq!(r.job.printer.as_deref(), Some("Office"));
        assert!(r.job.printed_at.is_some());
        assert!(r.message.contains("印刷しました"), "{}", r.message);
    }
    assert_eq!(cups.args().lines().count(), 2);
    assert!(
        cups.args()
            .contains("-d Office -n 2 -o media=A4 -t 保護受給証明書"),
        "{}",
        cups.args()
    );
    // A printed original goes to paper again only as 再発行 (counted and marked), never as a
    // second original: the preview and the queue offer exactly this (issue 9).
    let again = &cw.print_jobs_send(&[a.id], None, 1).unwrap()[0];
    assert!(
        !again.ok && again.message.contains("再発行"),
        "{}",
        again.message
    );
    assert_eq!(again.job.printed_count, 1);
    assert!(!again.job.allowed_steps.contains(&PrintStep::Send));
    assert!(again.job.allowed_steps.contains(&PrintStep::Reprint));
    assert_eq!(cups.args().lines().count(), 2);

    // A printer that refuses the job: the job stays generated, with the reason.
    let failing = FakeCups::new(false);
    cw.set_printer(failing.printer());
    let c = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    let r = &cw.print_jobs_send(&[c.id], Some("Office"), 1).unwrap()[0];
    assert!(!r.ok);
    assert_eq!(r.job.state, PrintState::Generated);
    assert_eq!(r.job.printed_count, 0);
    assert!(
        r.message.contains("印刷できませんでした") && r.message.contains("lp: Forbidden"),
        "{}",
        r.message
    );
    assert_eq!(r.job.error.as_deref(), Some(r.message.as_str()));

    // A printer that does not exist: said plainly.
    cw.set_printer(cups.printer());
    let r = &cw.print_jobs_send(&[c.id], Some("2階窓口"), 1).unwrap()[0];
    assert!(!r.ok);
    assert!(
        r.message.contains("プリンター「2階窓口」が見つかりません"),
        "{}",
        r.message
    );
    assert_eq!(r.job.state, PrintState::Generated);

    // Delivered and voided jobs are refused, each on its own; the good one still prints and the
    // error is cleared.
    cw.print_job_deliver(a.id).unwrap();
    db.staff("sv").print_job_void(b.id, "記載誤り").unwrap();
    let out = cw
        .print_jobs_send(&[a.id, b.id, c.id], Some("Office"), 1)
        .unwrap();
    assert!(
        !out[0].ok && out[0].message.contains("交付済み"),
        "{}",
        out[0].message
    );
    assert!(
        !out[1].ok && out[1].message.contains("取消済み"),
        "{}",
        out[1].message
    );
    assert!(out[2].ok);
    assert_eq!(out[2].job.error, None);
    assert_eq!(out[0].job.state, PrintState::Delivered);

    // Bad copies and unknown jobs fail the whole call before anything prints.
    assert_eq!(
        cw.print_jobs_send(&[c.id], None, 0).unwrap_err().code(),
        "VALIDATION"
    );
    assert_eq!(
        cw.print_jobs_send(&[c.id, 424242], None, 1)
            .unwrap_err()
            .code(),
        "NOT_FOUND"
    );

    let jobs = cw
        .print_jobs(&PrintJobFilter {
            household_id: Some(hid),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(
        jobs.iter().map(|j| j.id).collect::<Vec<_>>(),
        vec![c.id, b.id, a.id],
        "newest first"
    );
    let printed = cw
        .print_jobs(&PrintJobFilter {
            state: Some(PrintState::Printed),
            ..Default::default()
        })
        .unwrap();
    assert_eq!(printed.len(), 1);
    let log = audit_actions(&db, "print");
    assert_eq!(log.iter().filter(|e| e.detail["ok"] == false).count(), 2);
    assert_eq!(log.iter().filter(|e| e.detail["ok"] == true).count(), 3);
}

#[test]
fn void_requires_a_reason_and_the_void_permission() {
    let db = TestDb::new();
    let (_, pid) = active_household(&db, "P-0008");
    let mut cw = db.staff("cw");
    let job = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    let e = cw.print_job_void(job.id, "記載誤り").unwrap_err();
    assert_eq!(e.code(), "PERMISSION_DENIED");
    let mut sv = db.staff("sv");
    let e = sv.print_job_void(job.id, "  ").unwrap_err();
    assert_eq!(e.code(), "VALIDATION");
    assert!(e.to_string().contains("取消の理由"), "{e}");
    let v = sv.print_job_void(job.id, "記載誤り").unwrap();
    assert_eq!(v.state, PrintState::Voided);
    assert_eq!(v.state_label, "取消");
    assert_eq!(v.void_reason.as_deref(), Some("記載誤り"));
    assert!(v.voided_at.is_some());
    assert_eq!(
        sv.print_job_void(job.id, "再度").unwrap_err().code(),
        "PRINT_JOB_STATE"
    );
    // A voided number is never given again.
    let next = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    assert_eq!(next.issue_number.as_deref(), Some("R7-00002"));
    assert_eq!(
        cw.print_job_save(job.id).unwrap_err().code(),
        "PRINT_JOB_STATE"
    );

    // Delivered documents cannot be voided.
    let cups = FakeCups::new(true);
    cw.set_printer(cups.printer());
    assert!(cw.print_jobs_send(&[next.id], None, 1).unwrap()[0].ok);
    assert_eq!(
        cw.print_job_deliver(next.id).unwrap().state,
        PrintState::Delivered
    );
    let e = sv.print_job_void(next.id, "記載誤り").unwrap_err();
    assert_eq!(e.code(), "PRINT_JOB_STATE");
    assert!(e.to_string().contains("交付済み"), "{e}");
    let log = audit_actions(&db, "print_void");
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].user_id, "sv");
    assert_eq!(log[0].detail["reason"], "記載誤り");
}

#[test]
fn readonly_and_admin_cannot_print() {
    let db = TestDb::new();
    let (_, pid) = active_household(&db, "P-0009");
    let job = db
        .staff("cw")
        .print_certificate(pid, &[AidKind::Living], None)
        .unwrap();
    let mut ro = db.staff("ro");
    assert_eq!(
        ro.print_certificate(pid, &[AidKind::Living], None)
            .unwrap_err()
            .code(),
        "PERMISSION_DENIED"
    );
    assert_eq!(
        ro.print_jobs(&PrintJobFilter::default())
            .unwrap_err()
            .code(),
        "PERMISSION_DENIED"
    );
    assert_eq!(
        ro.print_job_pdf(job.id, false).unwrap_err().code(),
        "PERMISSION_DENIED"
    );
    assert_eq!(
        ro.print_job_save(job.id).unwrap_err().code(),
        "PERMISSION_DENIED"
    );
    assert_eq!(ro.printers().unwrap_err().code(), "PERMISSION_DENIED");
    let mut admin = db.login(ADMIN, ADMIN_PW);
    assert_eq!(
        admin
            .print_certificate(pid, &[AidKind::Living], None)
            .unwrap_err()
            .code(),
        "PERMISSION_DENIED"
    );
    // The medical clerk prints but does not void.
    let mut med = db.staff("med");
    med.print_certificate(pid, &[AidKind::Housing], None)
        .unwrap();
    assert_eq!(
        med.print_job_void(job.id, "誤り").unwrap_err().code(),
        "PERMISSION_DENIED"
    );
}

#[test]
fn save_writes_the_original_into_the_documents_folder_as_an_export() {
    let db = TestDb::new();
    let (_, pid) = active_household(&db, "P-0010");
    let mut cw = db.staff("cw");
    let docs = db.dir.path().join("docs").join("窓口");
    cw.set_documents_dir(Some(docs.clone()));
    let job = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    let p1 = cw.print_job_save(job.id).unwrap();
    assert_eq!(p1, docs.join("保護受給証明書_R7-00001.pdf"));
    let p2 = cw.print_job_save(job.id).unwrap();
    assert_eq!(p2, docs.join("保護受給証明書_R7-00001_2.pdf"));
    let (original, _) = cw.print_job_pdf(job.id, false).unwrap();
    assert_eq!(std::fs::read(&p1).unwrap(), original);
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        assert_eq!(
            std::fs::metadata(&p1).unwrap().permissions().mode() & 0o777,
            0o600
        );
    }
    let log = audit_actions(&db, "export");
    assert_eq!(log.len(), 2);
    assert_eq!(log[0].detail["path"], p2.display().to_string());
}

#[test]
fn every_step_is_in_the_audit_log_and_the_chain_holds() {
    let db = TestDb::new();
    let (_, pid) = active_household(&db, "P-0011");
    let cups = FakeCups::new(true);
    let mut cw = staff_with(&db, "cw", &cups);
    cw.set_documents_dir(Some(db.dir.path().join("docs")));
    let a = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    let b = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    cw.print_job_pdf(a.id, false).unwrap();
    cw.print_jobs_send(&[a.id], None, 1).unwrap();
    cw.print_job_reprint(a.id, None, 1).unwrap();
    cw.print_job_save(a.id).unwrap();
    cw.print_job_deliver(a.id).unwrap();
    db.staff("sv").print_job_void(b.id, "二重発行").unwrap();
    for (action, label) in [
        ("print_request", "帳票の作成"),
        ("print_preview", "帳票のプレビュー"),
        ("print", "印刷"),
        ("print_reprint", "帳票の再発行"),
        ("export", "外部出力"),
        ("print_deliver", "帳票の交付"),
        ("print_void", "帳票の取消"),
    ] {
        let log = audit_actions(&db, action);
        assert!(!log.is_empty(), "{action} not audited");
        assert_eq!(log[0].action_label, label);
        // The document by its title and issue number, not its row ID.
        let shown = log[0].target_label.clone().unwrap_or_default();
        assert!(
            shown.starts_with("保護受給証明書 R") && shown.contains('-'),
            "{shown}"
        );
    }
    assert!(db.staff("sv").verify_audit().unwrap().ok);
}

#[test]
fn the_pdf_is_never_plaintext_in_the_database_files() {
    let db = TestDb::new();
    let (_, pid) = active_household(&db, "P-0012");
    let mut cw = db.staff("cw");
    let job = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    let (pdf, _) = cw.print_job_pdf(job.id, false).unwrap();
    let needles: Vec<&[u8]> = vec![
        b"%PDF-",
        &pdf[pdf.len() / 2..pdf.len() / 2 + 48],
        "窓口 花子".as_bytes(),
    ];
    let check = |when: &str| {
        for f in db.files() {
            let name = f.file_name().unwrap().to_string_lossy().to_string();
            if !name.starts_with("office.db") {
                continue;
            }
            let bytes = std::fs::read(&f).unwrap();
            for n in &needles {
                assert!(
                    !bytes.windows(n.len()).any(|w| w == *n),
                    "{when}: plaintext found in {name}"
                );
            }
        }
    };
    check("with the WAL");
    cw.store().checkpoint().unwrap();
    check("after checkpoint");
}

#[test]
fn print_queue_through_the_door() {
    let db = TestDb::new();
    let (hid, pid) = active_household(&db, "P-0013");
    let cups = FakeCups::new(true);
    let docs = db.dir.path().join("docs");
    let d = Desk::new(db.path.clone(), db.clock.clock());
    let lpstat = cups.path("lpstat");
    let lp = cups.path("lp");
    d.set_printer_factory(Arc::new(move || {
        Box::new(CupsPrinter::with_commands(lpstat.clone(), lp.clone()))
    }));
    d.set_documents_dir(Some(docs.clone()));
    let call = |method: &str, params: Value| -> Value {
        d.call(method, &params)
            .unwrap_or_else(|e| panic!("{method}: {} {}", e.code, e.message))
    };
    call("login", json!({ "user_id": "cw", "password": STAFF_PW }));
    let job = call(
        "print_certificate",
        json!({ "person_id": pid, "aids": ["living", "housing"], "purpose": null }),
    );
    assert_eq!(job["state"], "generated");
    assert_eq!(job["state_label"], "作成済");
    assert_eq!(job["issue_number"], "R7-00001");
    assert_eq!(job["person_name"], "窓口 花子");
    for k in [
        "id",
        "kind",
        "title",
        "issue_number",
        "household_id",
        "case_number",
        "person_id",
        "person_name",
        "state",
        "state_label",
        "pages",
        "bytes",
        "reprint_count",
        "printed_count",
        "requested_by",
        "requested_at",
        "printed_at",
        "delivered_at",
        "voided_at",
        "void_reason",
        "printer",
        "error",
    ] {
        assert!(job.get(k).is_some(), "PrintJobView lacks {k}: {job}");
    }
    let id = job["id"].clone();
    let list = call(
        "print_jobs",
        json!({ "filter": { "state": "generated", "household_id": hid, "limit": null } }),
    );
    assert_eq!(list.as_array().unwrap().len(), 1);
    assert_eq!(
        call(
            "print_jobs",
            json!({ "filter": { "state": "printed", "household_id": null, "limit": 10 } })
        ),
        json!([])
    );

    let pdf = call("print_job_pdf", json!({ "job_id": id, "reissue": false }));
    assert_eq!(pdf["pages"], 1);
    use base64::Engine as _;
    let bytes = base64::engine::general_purpose::STANDARD
        .decode(pdf["pdf_base64"].as_str().unwrap())
        .unwrap();
    assert!(bytes.starts_with(b"%PDF-"));

    let printers = call("printers", json!({}));
    assert_eq!(printers["default"], "Office");
    assert_eq!(
        printers["printers"][0],
        json!({ "name": "Office", "is_default": true, "enabled": true,
        "status": "is idle.  enabled since Mon 02 Jun 2025 09:00:00 AM JST" })
    );

    let sent = call(
        "print_jobs_send",
        json!({ "job_ids": [id], "printer": null, "copies": 1 }),
    );
    assert_eq!(sent[0]["ok"], true);
    assert_eq!(sent[0]["job_id"], id);
    assert_eq!(sent[0]["job"]["state"], "printed");
    let r = call(
        "print_job_reprint",
        json!({ "job_id": id, "printer": "Office", "copies": 1 }),
    );
    assert_eq!(r["ok"], true);
    assert_eq!(r["job"]["reprint_count"], 1);
    let saved = call("print_job_save", json!({ "job_id": id }));
    assert!(saved["path"]
        .as_str()
        .unwrap()
        .ends_with("保護受給証明書_R7-00001.pdf"));
    let delivered = call("print_job_deliver", json!({ "job_id": id }));
    assert_eq!(delivered["state"], "delivered");
    let e = d
        .call("print_job_void", &json!({ "job_id": id, "reason": "誤り" }))
        .unwrap_err();
    assert_eq!(e.code, "PERMISSION_DENIED");
    let e = d
        .call(
            "print_certificate",
            &json!({ "person_id": pid, "aids": ["nothing"], "purpose": null }),
        )
        .unwrap_err();
    assert_eq!(e.code, "RPC_BAD_PARAMS");
}

#[test]
fn cli_print_certificate_writes_the_pdf_and_queues_it() {
    let db = TestDb::new();
    let (_, pid) = active_household(&db, "P-0014");
    let out = db.dir.path().join("証明書.pdf");
    let pid_s = pid.to_string();
    let o = db.cli(
        "cw",
        &[
            "print",
            "certificate",
            "--person",
            &pid_s,
            "--out",
            out.to_str().unwrap(),
            "--aid",
            "living",
            "--aid",
            "住宅扶助",
        ],
    );
    let stdout = String::from_utf8_lossy(&o.stdout);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    // The CLI runs on the system clock: the fiscal-year prefix is today's, the sequence starts at 1.
    assert!(stdout.contains("-00001"), "{stdout}");
    let pdf = std::fs::read(&out).unwrap();
    assert!(pdf.starts_with(b"%PDF-"));

    let mut cw = db.staff("cw");
    let jobs = cw.print_jobs(&PrintJobFilter::default()).unwrap();
    assert_eq!(jobs.len(), 1);
    assert_eq!(jobs[0].state, PrintState::Generated);
    assert!(
        stdout.contains(jobs[0].issue_number.as_deref().unwrap()),
        "{stdout}"
    );
    assert_eq!(cw.print_job_pdf(jobs[0].id, false).unwrap().0, pdf);
    assert_eq!(audit_actions(&db, "export").len(), 1);

    let bad = db.cli(
        "cw",
        &[
            "print",
            "certificate",
            "--person",
            &pid_s,
            "--out",
            out.to_str().unwrap(),
            "--aid",
            "bogus",
        ],
    );
    assert_eq!(bad.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&bad.stderr).contains("扶助の種類「bogus」はありません"));
    let ro = db.cli(
        "ro",
        &[
            "print",
            "certificate",
            "--person",
            &pid_s,
            "--out",
            out.to_str().unwrap(),
            "--aid",
            "living",
        ],
    );
    assert_eq!(ro.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&ro.stderr).contains("権限がありません"));
}

#[test]
fn open_in_viewer_is_audited_and_its_temporary_file_goes_with_the_session() {
    let db = TestDb::new();
    let (_, pid) = active_household(&db, "P-0015");
    let mut cw = db.staff("cw");
    let job = cw.print_certificate(pid, &[AidKind::Living], None).unwrap();
    match cw.print_job_open(job.id) {
        Ok(path) => {
            assert!(
                path.file_name()
                    .unwrap()
                    .to_string_lossy()
                    .starts_with("R7-00001"),
                "{}",
                path.display()
            );
            assert!(!path.to_string_lossy().contains("花子"));
            assert!(path.exists());
            let log = audit_actions(&db, "print_preview");
            assert_eq!(log.len(), 1);
            assert_eq!(log[0].detail["viewer"], true);
            cw.logout().unwrap();
            assert!(!path.exists(), "the temporary PDF outlived the session");
        }
        // No viewer on this machine (e.g. a CI container without xdg-open): said plainly, nothing logged.
        Err(e) => {
            eprintln!(
                "note: no PDF viewer here ({e}); the open path is checked for its error only"
            );
            assert_eq!(e.code(), "PRINT_VIEWER");
            assert!(audit_actions(&db, "print_preview").is_empty());
        }
    }
}

#[test]
fn without_a_printer_the_print_screen_gets_one_clear_reason() {
    let db = TestDb::new();
    // A PC where CUPS runs but no printer was ever set up: lpstat lists none.
    let cups = FakeCups::new(true);
    cups.write(
        "lpstat",
        "#!/bin/sh\nprintf 'no system default destination\\n'\n".into(),
    );
    let mut cw = staff_with(&db, "cw", &cups);
    let v = cw.printers().unwrap();
    assert!(v.printers.is_empty());
    let why = v.problem.expect("no printer: the view says why");
    assert!(why.contains("プリンターが登録されていない"), "{why}");
    assert!(why.contains("保存"), "{why}");
    // A PC without the print system at all.
    let mut cw = db.staff("cw");
    cw.set_printer(Box::new(CupsPrinter::with_commands(
        cups.path("no-such-lpstat"),
        cups.path("lp"),
    )));
    let why = cw
        .printers()
        .unwrap()
        .problem
        .expect("no CUPS: the view says why");
    assert!(why.contains("印刷システムを利用できません"), "{why}");
    // With printers, nothing to say.
    let working = FakeCups::new(true);
    let mut cw = staff_with(&db, "cw", &working);
    assert_eq!(cw.printers().unwrap().problem, None);
}
