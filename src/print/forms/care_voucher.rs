//! 介護券: one A4-half page per voucher, for one person, one 指定介護機関 and one month (介護券の
//! 記載要領: 受給者番号 seven digits, the same on all of the person's 介護券 of the month).
//!
//! The fields (DOMAIN §6; the layout itself is not verified against the national form):
//! 対象年月, 有効期間, 交付番号, 公費負担者番号, 受給者番号 (digit boxes), 被保険者番号 (or the
//! H-number of a person outside the insurance), 保険者番号, 氏名・フリガナ・性別・生年月日・居住地,
//! 要介護状態区分 and 認定有効期間, 居宅介護支援事業者 (事業所番号・名称), 指定介護機関 (事業所番号・
//! 名称), サービス種類, 本人支払額, 単独・併用, 地区担当員, 取扱担当者, 福祉事務所名. No My Number:
//! the value has no field for it and the canvas refuses anything shaped like one.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::medical_voucher::{blank, fitted, label, value};
use super::{
    check_voucher_numbers, draw_entrustment_foot, draw_voucher_batch, draw_voucher_table,
    number_rows, person_rows, required, yen_text, OfficeBlock, VoucherPage, VOUCHER_LEFT as LEFT,
    VOUCHER_WIDTH as WIDTH,
};
use crate::domain::era::{format_wareki, format_wareki_year_month};
use crate::domain::household::Sex;
use crate::print::layout::{Canvas, Row, Style};
use crate::print::{PrintError, Result};

pub const TITLE: &str = "介護券";

/// One 介護券.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareVoucher {
    /// 対象年月: the first day of the month.
    pub month: NaiveDate,
    pub issue_number: String,
    pub public_payer_number: String,
    pub recipient_number: String,
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// 被保険者番号 (H… outside the insurance)
    pub insured_number: String,
    pub insurer_number: Option<String>,
    pub name: String,
    pub kana: String,
    pub sex: Sex,
    pub birth_date: NaiveDate,
    pub address: String,
    /// 「要介護2」
    pub care_level: String,
    pub certified_from: Option<NaiveDate>,
    pub certified_to: Option<NaiveDate>,
    /// 居宅介護支援事業者: 「事業所番号　名称」 (empty for facility services)
    pub plan_office: String,
    pub provider_number: String,
    pub provider_name: String,
    /// 「11 訪問介護」 …
    pub services: Vec<String>,
    pub share_yen: i64,
    /// 単独 (生保単独) or 併用
    pub aid_only: bool,
    pub district_worker: String,
    pub handling_clerk: String,
    #[serde(default)]
    pub reissued: bool,
}

/// A month's 介護券 as one document (by provider, for posting).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CareVoucherBatch {
    pub issued_on: NaiveDate,
    pub office: OfficeBlock,
    pub vouchers: Vec<CareVoucher>,
    #[serde(default)]
    pub reissue: bool,
}

impl VoucherPage for CareVoucher {
    fn head(&self) -> (&str, bool) {
        (&self.issue_number, self.reissued)
    }

    fn validate(&self) -> Result<()> {
        required(&self.issue_number, "交付番号")?;
        required(&self.name, "氏名")?;
        required(&self.provider_name, "指定介護機関名")?;
        check_voucher_numbers(
            &self.public_payer_number,
            &self.recipient_number,
            self.valid_from,
            self.valid_to,
        )?;
        if self.insured_number.chars().count() != 10 {
            return Err(PrintError::InvalidDocument(
                "被保険者番号が10桁ではありません".into(),
            ));
        }
        Ok(())
    }

    fn draw_body(&self, c: &mut Canvas, office: &OfficeBlock, issued_on: NaiveDate) {
        let v = self;
        let title = Style::gothic(17.0).bold();
        let month = format!("（{}分）", format_wareki_year_month(v.month));
        let mstyle = Style::mincho(12.0);
        let total = c.measure(TITLE, title) + c.measure(&month, mstyle);
        let x = LEFT + (WIDTH - total) / 2.0;
        c.text(x, 20.0, TITLE, title);
        c.text(x + c.measure(TITLE, title), 20.0, &month, mstyle);

        let certified = match (v.certified_from, v.certified_to) {
            (Some(f), Some(t)) => format!("{}〜{}", format_wareki(f), format_wareki(t)),
            _ => String::new(),
        };
        let services = v.services.join("　");
        let mut rows = Vec::from(number_rows(v.valid_from, v.valid_to, vec![blank().span(3)]));
        rows.extend([
            Row {
                height: 8.0,
                cells: vec![
                    label("被保険者番号"),
                    value(v.insured_number.clone(), 11.0),
                    label("保険者番号"),
                    value(v.insurer_number.clone().unwrap_or_default(), 11.0).span(3),
                ],
            },
            // 認定有効期間 has the row's right half: two 和暦 dates on one line.
            Row {
                height: 8.0,
                cells: vec![
                    label("要介護状態区分"),
                    value(v.care_level.clone(), 10.0),
                    label("認定有効期間"),
                    fitted(c, &certified, 92.0, 8.0, 9.0).span(3),
                ],
            },
        ]);
        let person = rows.len();
        rows.extend(person_rows(c, &v.kana, &v.name, v.birth_date, &v.address));
        rows.extend([
            Row {
                height: 8.0,
                cells: vec![
                    label("居宅介護支援事業者"),
                    fitted(c, &v.plan_office, 164.0, 8.0, 9.0).span(5),
                ],
            },
            Row {
                height: 9.0,
                cells: vec![
                    label("指定介護機関"),
                    fitted(
                        c,
                        &format!("{}　{}", v.provider_number, v.provider_name),
                        164.0,
                        9.0,
                        10.0,
                    )
                    .span(5),
                ],
            },
            Row {
                height: 8.5,
                cells: vec![
                    label("サービス種類"),
                    fitted(c, &services, 164.0, 8.5, 9.0).span(5),
                ],
            },
            Row {
                height: 7.5,
                cells: vec![
                    label("本人支払額"),
                    value(yen_text(v.share_yen), 10.5),
                    label("地区担当員"),
                    fitted(c, &v.district_worker, 30.0, 7.5, 9.0),
                    label("取扱担当者"),
                    fitted(c, &v.handling_clerk, 38.0, 7.5, 9.0),
                ],
            },
        ]);
        let t = draw_voucher_table(
            c,
            rows,
            &v.public_payer_number,
            &v.recipient_number,
            !v.aid_only,
        );
        t.mark_sex(c, person, v.sex);

        draw_entrustment_foot(
            c,
            t.foot(),
            "上記のとおり介護扶助のための介護を委託します。",
            issued_on,
            office,
        );
    }
}

/// Draw the batch: one page per voucher.
pub fn draw(b: &CareVoucherBatch) -> Result<Canvas> {
    draw_voucher_batch(&b.office, b.issued_on, b.reissue, &b.vouchers)
}
