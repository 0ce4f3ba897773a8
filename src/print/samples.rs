//! Sample documents with a fictional person and office: for tests, benchmarks, golden files
//! and a "print a sample" button. Nothing here is real data.

use chrono::NaiveDate;

use super::forms::calc_sheet::{CalculationSheet, SheetLine, SheetMember, Stamp};
use super::forms::certificate::{AidKind, Certificate, Recipient};
use super::forms::cover_letter::{CoverLetter, Enclosure};
use super::forms::decision_notice::{
    Addressee, AidLine, DecisionNotice, MonthPayment, NoticeApplication, NoticeMember,
};
use super::forms::OfficeBlock;
use crate::domain::decision::DecisionKind;
use crate::domain::notice::{fill, TemplateKey};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).expect("valid sample date")
}

pub fn office() -> OfficeBlock {
    OfficeBlock {
        office_name: "窓口町福祉事務所".into(),
        postal_code: "999-0001".into(),
        address: "窓口町役場通り1番地".into(),
        phone: "0123-45-6789".into(),
        chief_title: "窓口町福祉事務所長".into(),
        chief_name: "役場　太郎".into(),
    }
}

/// A certificate for assistance continuing since 令和元年5月1日.
pub fn certificate() -> Certificate {
    Certificate {
        issue_number: "窓福第123号".into(),
        issued_on: date(2025, 4, 1),
        recipient: Recipient {
            name: "窓口　花子".into(),
            kana: "マドグチ　ハナコ".into(),
            birth_date: date(1958, 7, 14),
            address: "窓口町本町一丁目2番3号　窓口荘101号室".into(),
        },
        period_start: date(2019, 5, 1),
        period_end: None,
        aids: vec![AidKind::Medical, AidKind::Living, AidKind::Housing],
        purpose: Some("年金の手続き".into()),
        office: office(),
        reissue: false,
    }
}

/// A cover letter sending one certificate.
pub fn cover_letter() -> CoverLetter {
    CoverLetter {
        document_number: Some("窓福第45号".into()),
        date: date(2025, 4, 1),
        addressee: "窓口　花子".into(),
        office: office(),
        message: "時下ますますご清祥のこととお喜び申し上げます。ご依頼のありました書類を下記のとおりお送りしますので、ご査収ください。「保護受給証明書」の記載内容に誤りがある場合は、担当までご連絡ください。".into(),
        enclosures: vec![
            Enclosure { name: "保護受給証明書".into(), count: 1 },
            Enclosure { name: "返信用封筒".into(), count: 1 },
        ],
        contact: Some("保護係　窓口".into()),
        reissue: false,
    }
}

fn aid(label: &str, minimum: i64, applied: i64, in_kind: bool) -> AidLine {
    AidLine {
        label: label.into(),
        minimum_yen: minimum,
        income_applied_yen: applied,
        aid_yen: minimum - applied,
        in_kind,
    }
}

fn sample_aids() -> Vec<AidLine> {
    vec![
        aid("生活扶助", 118_620, 32_000, false),
        aid("住宅扶助", 41_000, 0, false),
        aid("医療扶助", 12_000, 0, true),
    ]
}

/// A decision notice of `kind` for a fictional two-person household, with the default wording
/// filled for 埼玉県.
pub fn decision_notice(kind: DecisionKind) -> DecisionNotice {
    let lead = TemplateKey::lead_for(kind).default_text().to_string();
    let facts = crate::domain::notice::NoticeFacts {
        prefecture: "埼玉県",
        defendant: "窓口町",
        defendant_head: "窓口町長",
    };
    let appeal = fill(TemplateKey::Appeal.default_text(), &facts).expect("office facts given");
    let (aids, total, degree, method, reasons, text) = match kind {
        DecisionKind::Start => (
            sample_aids(),
            Some(139_620),
            None,
            Some("口座振込（毎月5日。初回は決定後すみやかに）"),
            vec!["最低生活費に対して収入が不足するため"],
            "年金収入（月額32,000円）を認定し、最低生活費との差額を支給します。",
        ),
        DecisionKind::Change => (
            sample_aids(),
            Some(139_620),
            None,
            Some("口座振込（毎月5日）"),
            vec!["収入の額が変わったため"],
            "令和7年6月分から年金の額が改定されたため、収入認定額を変更します。",
        ),
        DecisionKind::Suspend => (
            vec![],
            None,
            Some("保護の全部（停止の間の支給額 0円）"),
            None,
            vec!["一時的に収入が最低生活費を上回るため"],
            "賞与の支給により、令和7年7月分の収入が最低生活費を上回るため。",
        ),
        DecisionKind::Abolish => (
            vec![],
            None,
            Some("保護の全部"),
            None,
            vec!["収入が最低生活費を上回り自立したため"],
            "就労による収入が継続して最低生活費を上回る見込みとなったため。",
        ),
        DecisionKind::Reject => (
            vec![],
            None,
            None,
            None,
            vec!["収入が最低生活費を上回るため"],
            "世帯の収入認定額（月額182,000円）が最低生活費（月額159,620円）を上回るため。",
        ),
    };
    DecisionNotice {
        decision_kind: kind,
        document_number: Some("窓福第301号".into()),
        date: date(2025, 6, 10),
        addressee: Addressee {
            name: "窓口　花子".into(),
            postal_code: "999-0002".into(),
            address: "窓口町本町一丁目2番3号　窓口荘101号室".into(),
        },
        case_number: "R7-0042".into(),
        members: vec![
            NoticeMember {
                name: "窓口　花子".into(),
                relationship: "世帯主".into(),
            },
            NoticeMember {
                name: "窓口　一郎".into(),
                relationship: "子".into(),
            },
        ],
        application: matches!(kind, DecisionKind::Start | DecisionKind::Reject).then(|| {
            NoticeApplication {
                received_on: date(2025, 5, 20),
                applicant: "窓口　花子（本人）".into(),
                aids_requested: "生活扶助・住宅扶助・医療扶助".into(),
                extension_reason: None,
            }
        }),
        lead,
        effective_date: date(2025, 6, 1),
        aids,
        total_yen: total,
        own_payment_yen: None,
        degree_note: degree.map(str::to_string),
        month_payment: match kind {
            DecisionKind::Start => Some(MonthPayment {
                label: "初回支給額".into(),
                month: date(2025, 6, 1),
                amount_yen: 127_620,
                part_month: None,
            }),
            _ => None,
        },
        payment_method: method.map(str::to_string),
        reasons: reasons.into_iter().map(str::to_string).collect(),
        reason_text: text.into(),
        appeal,
        office: office(),
        caseworker: Some("地区　担当".into()),
        test_figures: false,
        draft: false,
        reissue: false,
        care: None,
        medical: None,
    }
}

fn line(
    kind: &str,
    label: &str,
    member: Option<&str>,
    table: Option<&str>,
    amount: i64,
    counted: bool,
    note: &str,
) -> SheetLine {
    SheetLine {
        kind_of_aid: kind.into(),
        label: label.into(),
        member: member.map(str::to_string),
        table_ref: table.map(str::to_string),
        amount_yen: amount,
        counted,
        note: note.into(),
    }
}

/// The 保護決定調書 behind [`decision_notice`]`(Start)` (fictional figures).
pub fn calculation_sheet() -> CalculationSheet {
    CalculationSheet {
        case_number: "R7-0042".into(),
        head_name: "窓口　花子".into(),
        decision_id: 17,
        decision_kind: DecisionKind::Start,
        effective_date: date(2025, 6, 1),
        calc_date: date(2025, 6, 1),
        grade_label: "1級地-1".into(),
        rate_version: "sample-2025".into(),
        rate_title: "見本 基準額表（令和7年度）".into(),
        test_figures: false,
        rate_sha256: "9f2c4e1ab07d3c55e8a1f0b2c4d6e8fa0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e".into(),
        members: vec![
            SheetMember {
                name: "窓口　花子".into(),
                relationship: "世帯主".into(),
                birth_date: date(1958, 7, 14),
                age: 66,
            },
            SheetMember {
                name: "窓口　一郎".into(),
                relationship: "子".into(),
                birth_date: date(1988, 3, 2),
                age: 37,
            },
        ],
        lines: vec![
            line(
                "生活扶助",
                "第1類（65〜69歳）",
                Some("窓口　花子"),
                Some("生活扶助基準（第1類）"),
                42_000,
                false,
                "基準額 42,000",
            ),
            line(
                "生活扶助",
                "第1類（18〜64歳）",
                Some("窓口　一郎"),
                Some("生活扶助基準（第1類）"),
                43_000,
                false,
                "基準額 43,000",
            ),
            line(
                "生活扶助",
                "第1類 計（逓減率 0.87）",
                None,
                Some("生活扶助基準（逓減率）"),
                73_950,
                true,
                "(42,000 + 43,000) × 0.87 = 73,950",
            ),
            line(
                "生活扶助",
                "第2類（2人）",
                None,
                Some("生活扶助基準（第2類）"),
                38_000,
                true,
                "2人世帯 38,000",
            ),
            line(
                "生活扶助",
                "冬季加算",
                None,
                Some("生活扶助基準（冬季加算）"),
                0,
                true,
                "6月は対象月でない",
            ),
            line(
                "生活扶助",
                "特例加算",
                None,
                None,
                2_000,
                true,
                "1,000 × 2人",
            ),
            line("生活扶助", "期末一時扶助", None, None, 0, true, "12月のみ"),
            line(
                "住宅扶助",
                "家賃（上限 41,000）",
                None,
                Some("住宅扶助基準（限度額）"),
                41_000,
                true,
                "実家賃 45,000 → 上限 41,000",
            ),
            line(
                "医療扶助",
                "医療費（見込み）",
                None,
                None,
                12_000,
                true,
                "実費",
            ),
        ],
        income_lines: vec![line(
            "収入認定",
            "老齢基礎年金",
            Some("窓口　花子"),
            None,
            32_000,
            true,
            "64,000（2か月分）÷ 2 = 32,000",
        )],
        aids: sample_aids(),
        minimum_total_yen: 171_620,
        income_recognised_yen: 32_000,
        income_applied_yen: 32_000,
        benefit_yen: 139_620,
        cash_benefit_yen: 127_620,
        own_payment_yen: 0,
        stamps: vec![
            Stamp {
                step: "起案".into(),
                name: Some("地区　担当".into()),
                date: Some(date(2025, 6, 2)),
            },
            Stamp {
                step: "審査".into(),
                name: Some("査察　指導".into()),
                date: Some(date(2025, 6, 4)),
            },
            Stamp {
                step: "決裁".into(),
                name: Some("役場　太郎".into()),
                date: Some(date(2025, 6, 6)),
            },
        ],
        office_name: "窓口町福祉事務所".into(),
        date: date(2025, 6, 10),
        draft: false,
        reissue: false,
    }
}

/// A 医療券 and a 調剤券 for one fictional person (the second a 再交付).
pub fn medical_vouchers() -> super::forms::medical_voucher::VoucherBatch {
    use super::forms::medical_voucher::{MedicalVoucher, PrintedProvider, VoucherBatch};
    use crate::domain::household::Sex;
    use crate::domain::medical_aid::voucher::{SingleOrCombined, TicketType, TreatmentType};
    let clinic = PrintedProvider {
        code: "0110113719".into(),
        name: "窓口町見本内科医院".into(),
    };
    let one = MedicalVoucher {
        ticket: TicketType::Medical,
        month: date(2026, 5, 1),
        issue_number: "I202605-000123".into(),
        public_payer_number: "12270013".into(),
        recipient_number: "0001230".into(),
        valid_from: date(2026, 5, 17),
        valid_to: date(2026, 5, 31),
        name: "窓口　花子".into(),
        kana: "マドグチ　ハナコ".into(),
        sex: Sex::Female,
        birth_date: date(1958, 3, 14),
        address: "窓口町役場通り3番地 見本荘101号".into(),
        institution: clinic.clone(),
        prescriber: None,
        diseases: vec!["高血圧症".into(), "2型糖尿病".into(), "腰痛症".into()],
        treatment: TreatmentType::Outpatient,
        share_yen: 4_200,
        single_or_combined: SingleOrCombined::Single,
        social_insurance: false,
        infectious_37_2: false,
        elderly_medical_care: false,
        prefectural_expense: false,
        remarks: vec!["見本の備考".into()],
        district_worker: "地区　担当".into(),
        handling_clerk: "医療　事務".into(),
        reissued: false,
    };
    let two = MedicalVoucher {
        ticket: TicketType::Dispensing,
        issue_number: "I202605-000124".into(),
        institution: PrintedProvider {
            code: "0140113713".into(),
            name: "窓口町見本薬局".into(),
        },
        prescriber: Some(clinic),
        diseases: vec!["高血圧症".into()],
        treatment: TreatmentType::Dispensing,
        share_yen: 0,
        remarks: vec![],
        reissued: true,
        ..one.clone()
    };
    VoucherBatch {
        issued_on: date(2026, 5, 15),
        office: office(),
        vouchers: vec![one, two],
        reissue: false,
    }
}

/// Two 介護券 of one person in one month (one 受給者番号): a 第1号 insured person at a helper
/// station and a day-service centre, the second a 再交付.
pub fn care_vouchers() -> super::forms::care_voucher::CareVoucherBatch {
    use super::forms::care_voucher::{CareVoucher, CareVoucherBatch};
    use crate::domain::household::Sex;
    let one = CareVoucher {
        month: date(2026, 5, 1),
        issue_number: "K202605-000041".into(),
        public_payer_number: "12270013".into(),
        recipient_number: "0001230".into(),
        valid_from: date(2026, 5, 1),
        valid_to: date(2026, 5, 31),
        insured_number: "0000123456".into(),
        insurer_number: Some("131016".into()),
        name: "窓口　花子".into(),
        kana: "マドグチ　ハナコ".into(),
        sex: Sex::Female,
        birth_date: date(1950, 3, 14),
        address: "窓口町役場通り3番地 見本荘101号".into(),
        care_level: "要介護2".into(),
        certified_from: Some(date(2025, 10, 1)),
        certified_to: Some(date(2026, 9, 30)),
        plan_office: "見本ケアプランセンター".into(),
        provider_number: "1371000017".into(),
        provider_name: "見本ヘルパーステーション".into(),
        services: vec!["11 訪問介護".into()],
        share_yen: 3_500,
        aid_only: false,
        district_worker: "地区　担当".into(),
        handling_clerk: "介護　事務".into(),
        reissued: false,
    };
    let two = CareVoucher {
        issue_number: "K202605-000042".into(),
        provider_number: "1371000025".into(),
        provider_name: "見本デイサービスセンター".into(),
        services: vec!["15 通所介護".into(), "78 地域密着型通所介護".into()],
        share_yen: 0,
        reissued: true,
        ..one.clone()
    };
    CareVoucherBatch {
        issued_on: date(2026, 5, 15),
        office: office(),
        vouchers: vec![one, two],
        reissue: false,
    }
}

/// The notice of a care-aid decision of `kind` for the fictional household: a 第1号 insured
/// person with a helper station and a care-plan office.
pub fn care_decision_notice(kind: DecisionKind) -> DecisionNotice {
    use super::forms::decision_notice::CareNotice;
    let lead_kind = match kind {
        DecisionKind::Reject => DecisionKind::Reject,
        _ => DecisionKind::Change,
    };
    let base = decision_notice(lead_kind);
    let (reason, own) = match kind {
        DecisionKind::Reject => ("要介護認定の結果、非該当と判定されたため。", None),
        DecisionKind::Abolish => (
            "特別養護老人ホームへの入所により、居宅サービスを終了するため。",
            None,
        ),
        _ => (
            "要介護認定を受け、訪問介護の利用が必要と認められるため。",
            Some(3_500),
        ),
    };
    DecisionNotice {
        decision_kind: kind,
        members: vec![NoticeMember {
            name: "窓口　花子".into(),
            relationship: "世帯主".into(),
        }],
        application: matches!(kind, DecisionKind::Start | DecisionKind::Reject).then(|| {
            NoticeApplication {
                received_on: date(2025, 5, 20),
                applicant: "窓口　花子（本人）".into(),
                aids_requested: "介護扶助".into(),
                extension_reason: None,
            }
        }),
        aids: vec![],
        total_yen: None,
        own_payment_yen: own,
        degree_note: None,
        month_payment: None,
        payment_method: None,
        reasons: vec![],
        reason_text: reason.into(),
        care: Some(CareNotice {
            person: "窓口　花子（世帯主）".into(),
            insurance: "第1号被保険者　介護保険9割・介護扶助1割（併用）".into(),
            certification: Some("要介護2（認定有効期間 令和7年10月1日〜令和8年9月30日）".into()),
            providers: vec!["見本ヘルパーステーション（11 訪問介護）".into()],
            plan_office: Some("見本ケアプランセンター".into()),
        }),
        ..base
    }
}

/// A blank 医療要否意見書 with its header filled in.
pub fn opinion_form() -> super::forms::opinion_form::OpinionForm {
    use crate::domain::household::Sex;
    super::forms::opinion_form::OpinionForm {
        requested_on: date(2026, 5, 7),
        return_by: date(2026, 5, 21),
        reference: "医意-000042".into(),
        case_number: "M-0012".into(),
        name: "窓口　花子".into(),
        kana: "マドグチ　ハナコ".into(),
        sex: Sex::Female,
        birth_date: date(1958, 3, 14),
        age: 68,
        address: "窓口町役場通り3番地 見本荘101号".into(),
        institution_code: "0110113719".into(),
        institution_name: "窓口町見本内科医院".into(),
        illness: "高血圧症".into(),
        office: office(),
        reissue: false,
    }
}

/// A month's 医療券交付処理簿 with an issue, a void, a 再交付 and a change of period.
pub fn voucher_ledger() -> super::forms::voucher_ledger::VoucherLedger {
    use super::forms::voucher_ledger::{LedgerRow, VoucherLedger};
    let row = |event: &str, no: &str, note: &str, valid: &str, share: i64| LedgerRow {
        date: "R8.5.15".into(),
        event: event.into(),
        issue_number: no.into(),
        recipient_number: "0001230".into(),
        case_number: "M-0012".into(),
        name: "窓口　花子".into(),
        ticket: "医療券".into(),
        summary: "入院外・高血圧症 ほか2".into(),
        provider: "窓口町見本内科医院".into(),
        valid: valid.into(),
        share_yen: share,
        note: note.into(),
        clerk: "医療　事務".into(),
    };
    VoucherLedger {
        title: "医療券交付処理簿".into(),
        month_label: "令和8年5月分".into(),
        printed_on: date(2026, 5, 31),
        office: office(),
        rows: vec![
            row("交付", "I202605-000123", "", "R8.5.17〜R8.5.31", 4_200),
            row(
                "取消",
                "I202605-000123",
                "紛失の申出",
                "R8.5.17〜R8.5.31",
                4_200,
            ),
            row(
                "再交付",
                "I202605-000125",
                "元の交付番号 I202605-000123",
                "R8.5.17〜R8.5.31",
                4_200,
            ),
            row(
                "期間変更",
                "I202605-000125",
                "有効期間 R8.5.31 → R8.5.24（保護廃止（決定ID 9））",
                "R8.5.17〜R8.5.24",
                4_200,
            ),
        ],
        totals: "交付 1件　再交付 1件　期間変更 1件　取消 1件".into(),
        reissue: false,
    }
}
