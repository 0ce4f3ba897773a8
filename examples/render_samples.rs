//! Write the sample documents as PDFs into a directory (default `/tmp/madoguchi-samples`), for
//! looking at them: `cargo run --example render_samples -- DIR`, then `pdftoppm -r 80 -png`.

use madoguchi::print::{render, samples, Document};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let dir = std::env::args()
        .nth(1)
        .unwrap_or_else(|| "/tmp/madoguchi-samples".into());
    std::fs::create_dir_all(&dir)?;
    let mut reissued = Document::Certificate(samples::certificate());
    reissued.set_reissue(true);
    let mut docs = vec![
        ("certificate", Document::Certificate(samples::certificate())),
        ("certificate-reissue", reissued),
        (
            "cover_letter",
            Document::CoverLetter(samples::cover_letter()),
        ),
    ];
    use madoguchi::domain::decision::DecisionKind;
    for kind in DecisionKind::ALL {
        let name = match kind {
            DecisionKind::Start => "notice_start",
            DecisionKind::Change => "notice_change",
            DecisionKind::Suspend => "notice_suspend",
            DecisionKind::Abolish => "notice_abolish",
            DecisionKind::Reject => "notice_reject",
        };
        docs.push((
            name,
            Document::DecisionNotice(Box::new(samples::decision_notice(kind))),
        ));
    }
    let mut draft = samples::decision_notice(DecisionKind::Start);
    draft.draft = true;
    docs.push((
        "notice_start_draft",
        Document::DecisionNotice(Box::new(draft)),
    ));
    // A start inside the month, computed from test figures (the mark on every page).
    let mut mid = samples::decision_notice(DecisionKind::Start);
    mid.test_figures = true;
    mid.effective_date = chrono::NaiveDate::from_ymd_opt(2025, 6, 15).unwrap();
    mid.month_payment = Some(madoguchi::print::MonthPayment {
        label: "初回支給額".into(),
        month: mid.effective_date,
        amount_yen: 68_064,
        part_month: Some(madoguchi::print::PartMonth {
            from: mid.effective_date,
            to: chrono::NaiveDate::from_ymd_opt(2025, 6, 30).unwrap(),
            days: 16,
            days_in_month: 30,
            full_month_yen: 127_620,
        }),
    });
    docs.push((
        "notice_start_test_figures",
        Document::DecisionNotice(Box::new(mid)),
    ));
    docs.push((
        "calc_sheet",
        Document::CalculationSheet(samples::calculation_sheet()),
    ));
    docs.push((
        "medical_vouchers",
        Document::MedicalVouchers(samples::medical_vouchers()),
    ));
    docs.push((
        "care_vouchers",
        Document::CareVouchers(samples::care_vouchers()),
    ));
    docs.push((
        "opinion_form",
        Document::OpinionForm(samples::opinion_form()),
    ));
    docs.push((
        "voucher_ledger",
        Document::VoucherLedger(samples::voucher_ledger()),
    ));
    for (name, doc) in docs {
        let pdf = render(&doc)?;
        let path = format!("{dir}/{name}.pdf");
        std::fs::write(&path, &pdf)?;
        println!("{path}: {} bytes", pdf.len());
    }
    // The primitives no form uses yet, on an A4-half sheet (as a voucher would be).
    use madoguchi::print::layout::{Align, Canvas, DocMeta, Paper, Style};
    let mut c = Canvas::new(Paper::A4Half)?;
    c.text_aligned(
        0.0,
        15.0,
        210.0,
        "医療券（見本）",
        Style::gothic(16.0).bold(),
        Align::Center,
    );
    c.text(15.0, 32.0, "公費負担者番号", Style::gothic(10.0));
    c.digit_boxes(50.0, 26.0, 8, (6.0, 8.0), "12345678", Style::mincho(12.0));
    c.text(15.0, 44.0, "受給者番号", Style::gothic(10.0));
    c.digit_boxes(50.0, 38.0, 7, (6.0, 8.0), "1234", Style::mincho(12.0));
    c.dotted_line(15.0, 60.0, 195.0, 60.0, 0.5);
    c.text_aligned(
        15.0,
        70.0,
        180.0,
        "右寄せ",
        Style::mincho(10.5),
        Align::Right,
    );
    c.seal_frame(180.0, 100.0, 14.0);
    c.reissue_mark(15.0, 90.0);
    c.new_page();
    c.text(15.0, 20.0, "2ページ目", Style::mincho(10.5));
    c.page_numbers();
    let meta = DocMeta {
        title: "primitives".into(),
        date: chrono::NaiveDate::from_ymd_opt(2025, 4, 1).unwrap(),
        id_seed: vec![],
    };
    std::fs::write(format!("{dir}/primitives.pdf"), c.finish(&meta)?)?;
    Ok(())
}
