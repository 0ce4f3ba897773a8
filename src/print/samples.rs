//! Sample documents with a fictional person and office: for tests, benchmarks, golden files
//! and a "print a sample" button. Nothing here is real data.

use chrono::NaiveDate;

use super::forms::certificate::{AidKind, Certificate, Recipient};
use super::forms::cover_letter::{CoverLetter, Enclosure};
use super::forms::OfficeBlock;

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
