//! The records a batch carries: one closed type per record kind, with exactly the fields of its
//! channel's item list (seed 000 §2.2 items 187–201 and the online-eligibility XML items for
//! `medical`; 生活保護実施関係情報 for `fukuhon`; the 情報照会 request for `inquiry`).
//!
//! These types are the whole vocabulary of what may leave the program: a layout writes these
//! values and nothing else, and only [`Person`] — used by the medical eligibility records alone —
//! has a field for the My Number. Every type refuses unknown fields when read, so the simulator
//! and the import see a record exactly as specified or not at all.
//!
//! Code values: where DOMAIN.md §6 gives the official two-digit codes (券別, 診療別, 単独/併用,
//! 社会保険状況, 該当状況) they are written as those codes ("01", "02" …); codes we had to invent
//! (change kinds, agencies, …) are lower-case words, listed in docs/exchange-format.md.

use chrono::{Datelike, NaiveDate};
use serde::{Deserialize, Serialize};

use super::Channel;
use crate::domain::checkdigit;

/// One record of a batch, tagged by `kind`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum Record {
    /// 医療扶助 資格情報の登録 (保護開始・医療扶助開始)
    EligibilityStart(Eligibility),
    /// 資格喪失 (廃止・死亡・転出 …)
    EligibilityEnd(EligibilityEnd),
    /// 医療券・調剤券の発行
    VoucherIssued(VoucherRecord),
    /// 医療券・調剤券の内容変更 (same 交付番号, full replacement)
    VoucherChanged(VoucherRecord),
    /// 医療券・調剤券の取消
    VoucherVoided(VoucherVoid),
    /// 副本: 生活保護実施関係情報 of one person
    Fukuhon(Fukuhon),
    /// 情報照会の依頼
    InquiryRequest(Inquiry),
}

/// Identity of the person an eligibility record registers (資格情報の本人).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// 団体内統合宛名番号 (the registry's 宛名番号), digits, up to 15.
    pub addressee_number: Option<String>,
    /// 個人番号: only in this record type, only because the medical channel's interface carries it.
    pub my_number: Option<String>,
    /// 氏名
    pub name: String,
    /// カナ氏名
    pub name_kana: String,
    /// 性別: "1" 男, "2" 女, "9" 未設定 (unverified code values).
    pub sex: SexCode,
    /// 生年月日
    pub birth_date: NaiveDate,
    /// 郵便番号 — absent when `non_disclosure` (DV: the address is withheld).
    pub postal_code: Option<String>,
    /// 住所 — absent when `non_disclosure`.
    pub address: Option<String>,
    /// 不開示該当フラグ (item 56): DV・虐待等の支援措置対象. The server must not show this person's
    /// data to others; we also withhold the address.
    pub non_disclosure: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SexCode {
    #[serde(rename = "1")]
    Male,
    #[serde(rename = "2")]
    Female,
    #[serde(rename = "9")]
    Unspecified,
}

/// 本人・家族の別 (item 61).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum PrincipalOrFamily {
    /// 本人 (世帯主)
    #[serde(rename = "1")]
    Principal,
    /// 家族 (世帯員)
    #[serde(rename = "2")]
    Family,
}

/// 資格情報 (eligibility) registered when medical aid starts for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Eligibility {
    /// 公費負担者番号 (item 192), the office's.
    pub public_payer_number: String,
    /// 受給者番号 (item 196).
    pub recipient_number: String,
    /// 福祉事務所名
    pub welfare_office_name: String,
    /// 世帯識別番号 (item 59): the office's case number.
    pub household_number: String,
    pub principal_or_family: PrincipalOrFamily,
    /// 資格取得日 (QualificationDate).
    pub qualification_date: NaiveDate,
    pub person: Person,
}

/// 資格喪失事由 (item 60). Code values unverified (not public); ours, documented.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum LossReason {
    /// 保護廃止
    Abolished,
    /// 死亡
    Death,
    /// 管外転出
    MovedAway,
    /// 医療扶助の終了 (保護は継続)
    MedicalAidEnded,
    /// その他
    Other,
}

/// 資格喪失 (eligibility end).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EligibilityEnd {
    pub public_payer_number: String,
    pub recipient_number: String,
    pub household_number: String,
    /// 団体内統合宛名番号
    pub addressee_number: Option<String>,
    /// 資格喪失日 (DisqualificationDate)
    pub disqualification_date: NaiveDate,
    pub loss_reason: LossReason,
}

/// 医療券/調剤券別 (item 189).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TicketType {
    /// 医療券
    #[serde(rename = "01")]
    Medical,
    /// 調剤券
    #[serde(rename = "02")]
    Dispensing,
}

/// 診療別 (item 198).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum TreatmentType {
    /// 入院
    #[serde(rename = "01")]
    Inpatient,
    /// 入院外
    #[serde(rename = "02")]
    Outpatient,
    /// 歯科
    #[serde(rename = "03")]
    Dental,
    /// 調剤
    #[serde(rename = "04")]
    Dispensing,
    /// 訪問看護
    #[serde(rename = "05")]
    HomeNursing,
}

/// 単独/併用別 (item 199).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SingleOrCombined {
    /// 単独 (医療扶助のみ)
    #[serde(rename = "01")]
    Single,
    /// 併用 (他法・社会保険と併用)
    #[serde(rename = "02")]
    Combined,
}

/// 社会保険状況 (item 195).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum SocialInsurance {
    #[serde(rename = "01")]
    Yes,
    #[serde(rename = "02")]
    No,
}

/// 該当状況 (items 190, 191, 201): 01 該当 / 02 非該当.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum Applicable {
    #[serde(rename = "01")]
    Yes,
    #[serde(rename = "02")]
    No,
}

/// A 医療機関 or 薬局 as the voucher names it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Institution {
    /// 指定医療機関コード: 10 digits (都道府県 2 + 点数表 1 + 医療機関 7).
    pub code: String,
    pub name: String,
}

/// The fields of one 医療券・調剤券 (items 187–201, DOMAIN §6), as the producer (医療扶助) fills
/// them. The office's 公費負担者番号 and the person's non-disclosure mark are added by the outbox.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Voucher {
    /// 受給者番号 (item 196)
    pub recipient_number: String,
    /// 医療券/調剤券別 (item 189)
    pub ticket_type: TicketType,
    /// 交付番号 (item 193): 1–20 characters, digits, A–Z and '-'.
    pub issue_number: String,
    /// 診療年月, "YYYY-MM".
    pub treatment_month: String,
    /// 有効期間 開始日・終了日 (inside the treatment month).
    pub valid_from: NaiveDate,
    pub valid_to: NaiveDate,
    /// 指定医療機関 (item 187) — the pharmacy on a 調剤券.
    pub institution: Institution,
    /// 処方箋発行元医療機関 (item 188): on a 調剤券 only, and required there.
    pub prescriber: Option<Institution>,
    /// 傷病名 1–3 (item 197)
    pub diseases: Vec<String>,
    /// 診療別 (item 198)
    pub treatment_type: TreatmentType,
    /// 本人支払額 (item 200), yen.
    pub self_pay_yen: i64,
    /// 地区担当員名
    pub district_worker_name: String,
    /// 取扱担当者名
    pub handling_clerk_name: String,
    /// 単独/併用別 (item 199)
    pub single_or_combined: SingleOrCombined,
    /// 社会保険状況 (item 195)
    pub social_insurance: SocialInsurance,
    /// 感染症法第37条の2 該当状況 (item 190)
    pub infectious_disease_37_2: Applicable,
    /// 後期高齢者医療 該当状況 (item 191)
    pub elderly_medical_care: Applicable,
    /// 都道府県費 該当状況 (item 201)
    pub prefectural_expense: Applicable,
    /// 備考 1–3
    pub remarks: Vec<String>,
}

/// A voucher record as written: the voucher plus the office's number and the DV mark.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoucherRecord {
    pub public_payer_number: String,
    /// 不開示該当フラグ of the person the voucher is for.
    pub non_disclosure: bool,
    pub voucher: Voucher,
}

/// 医療券・調剤券の取消.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VoucherVoid {
    pub public_payer_number: String,
    pub recipient_number: String,
    pub issue_number: String,
    pub treatment_month: String,
    /// 取消の理由
    pub reason: String,
}

/// 異動種別 of a 副本 record (ours: the official codes are not public).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FukuhonChange {
    /// 保護開始
    Start,
    /// 保護変更
    Change,
    /// 保護停止
    Suspend,
    /// 保護廃止
    Abolish,
    /// 状態の変更 (entered by hand, not through a decision)
    Status,
}

/// 保護の状況 (ours).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProtectionStatus {
    /// 保護中
    Active,
    /// 停止中
    Suspended,
    /// 廃止
    Closed,
}

/// 扶助の種類 in a 副本 record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum AidCode {
    Living,
    Education,
    Housing,
    Occupation,
    Care,
    Medical,
}

/// 副本: the 生活保護実施関係情報 of one person, keyed by the 団体内統合宛名番号. No name, no
/// address, no My Number — the 中間サーバー holds none of them (seed 000 §3.5).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Fukuhon {
    /// 団体内統合宛名番号; the server refuses a record without one.
    pub addressee_number: Option<String>,
    pub change: FukuhonChange,
    pub status: ProtectionStatus,
    /// 異動年月日
    pub effective_date: NaiveDate,
    /// 保護開始年月日 of the current (or last) period
    pub protection_start_date: Option<NaiveDate>,
    /// 保護廃止年月日
    pub protection_end_date: Option<NaiveDate>,
    /// 扶助の種類 (empty when suspended or closed)
    pub aid_kinds: Vec<AidCode>,
    pub principal_or_family: PrincipalOrFamily,
    /// 不開示 (DV・虐待等): the server must not answer other agencies' inquiries automatically.
    pub non_disclosure: bool,
}

/// 照会先機関の種別 (seed 000 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Agency {
    /// 市町村
    Municipality,
    /// 医療保険者
    MedicalInsurer,
    /// 年金保険者
    PensionInsurer,
    /// 労働基準監督署
    LabourStandards,
    /// 公共職業安定所
    EmploymentOffice,
}

/// 照会する情報 (特定個人情報名, seed 000 §3.1).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Information {
    /// 地方税関係情報
    LocalTax,
    /// 各種手当支給情報
    Allowances,
    /// 介護保険関係情報
    CareInsurance,
    /// 自立支援給付支給情報
    IndependenceSupport,
    /// 医療保険資格・給付情報
    MedicalInsurance,
    /// 年金給付関係情報
    Pension,
    /// 労災補償情報
    WorkersCompensation,
    /// 失業等給付情報
    Unemployment,
}

/// 照会の目的となる事務手続.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Procedure {
    /// 保護の開始・申請時の調査
    Start,
    /// 保護の変更時の調査
    Change,
    /// 保護廃止後の調査
    PostAbolition,
    /// 医療扶助
    MedicalAid,
    /// 介護扶助
    CareAid,
}

/// 情報照会の依頼: which agency, which information, for whom, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Inquiry {
    /// 団体内統合宛名番号 of the person asked about; required by the server.
    pub addressee_number: Option<String>,
    pub agency: Agency,
    pub information: Information,
    pub procedure: Procedure,
    /// 照会の理由 (free text, no My Number)
    pub reason: String,
    /// 依頼日
    pub requested_on: NaiveDate,
    /// 情報照会者ユーザID (item 118)
    pub requester: String,
}

impl Record {
    pub fn channel(&self) -> Channel {
        match self {
            Record::EligibilityStart(_)
            | Record::EligibilityEnd(_)
            | Record::VoucherIssued(_)
            | Record::VoucherChanged(_)
            | Record::VoucherVoided(_) => Channel::Medical,
            Record::Fukuhon(_) => Channel::Fukuhon,
            Record::InquiryRequest(_) => Channel::Inquiry,
        }
    }

    pub fn kind(&self) -> &'static str {
        match self {
            Record::EligibilityStart(_) => "eligibility_start",
            Record::EligibilityEnd(_) => "eligibility_end",
            Record::VoucherIssued(_) => "voucher_issued",
            Record::VoucherChanged(_) => "voucher_changed",
            Record::VoucherVoided(_) => "voucher_voided",
            Record::Fukuhon(_) => "fukuhon",
            Record::InquiryRequest(_) => "inquiry_request",
        }
    }

    /// The 団体内統合宛名番号 the record is keyed by, if it carries one.
    pub fn addressee_number(&self) -> Option<&str> {
        match self {
            Record::EligibilityStart(e) => e.person.addressee_number.as_deref(),
            Record::EligibilityEnd(e) => e.addressee_number.as_deref(),
            Record::Fukuhon(f) => f.addressee_number.as_deref(),
            Record::InquiryRequest(q) => q.addressee_number.as_deref(),
            _ => None,
        }
    }

    pub fn recipient_number(&self) -> Option<&str> {
        match self {
            Record::EligibilityStart(e) => Some(&e.recipient_number),
            Record::EligibilityEnd(e) => Some(&e.recipient_number),
            Record::VoucherIssued(v) | Record::VoucherChanged(v) => {
                Some(&v.voucher.recipient_number)
            }
            Record::VoucherVoided(v) => Some(&v.recipient_number),
            _ => None,
        }
    }

    /// The My Number the record carries (eligibility start only).
    pub fn my_number(&self) -> Option<&str> {
        match self {
            Record::EligibilityStart(e) => e.person.my_number.as_deref(),
            _ => None,
        }
    }

    /// Every problem with the field values, as (field path, message). Empty = valid. A record
    /// that is valid here may still be refused by the server (e.g. no 宛名番号): that is the
    /// server's rule, reported in the result file.
    pub fn problems(&self) -> Vec<(String, String)> {
        let mut p = Problems::default();
        match self {
            Record::EligibilityStart(e) => {
                p.payer("public_payer_number", &e.public_payer_number);
                p.recipient("recipient_number", &e.recipient_number);
                p.text("welfare_office_name", &e.welfare_office_name, 1, 60);
                p.text("household_number", &e.household_number, 1, 20);
                p.person(&e.person);
            }
            Record::EligibilityEnd(e) => {
                p.payer("public_payer_number", &e.public_payer_number);
                p.recipient("recipient_number", &e.recipient_number);
                p.text("household_number", &e.household_number, 1, 20);
                p.addressee("addressee_number", e.addressee_number.as_deref());
            }
            Record::VoucherIssued(v) | Record::VoucherChanged(v) => {
                p.payer("public_payer_number", &v.public_payer_number);
                p.voucher(&v.voucher);
            }
            Record::VoucherVoided(v) => {
                p.payer("public_payer_number", &v.public_payer_number);
                p.recipient("recipient_number", &v.recipient_number);
                p.issue_number("issue_number", &v.issue_number);
                p.month("treatment_month", &v.treatment_month);
                p.text("reason", &v.reason, 1, 200);
            }
            Record::Fukuhon(f) => {
                p.addressee("addressee_number", f.addressee_number.as_deref());
                if let (Some(s), Some(e)) = (f.protection_start_date, f.protection_end_date) {
                    if e < s {
                        p.add(
                            "protection_end_date",
                            "保護廃止年月日が保護開始年月日より前です",
                        );
                    }
                }
                let mut kinds = f.aid_kinds.clone();
                kinds.sort();
                kinds.dedup();
                if kinds.len() != f.aid_kinds.len() {
                    p.add("aid_kinds", "扶助の種類が重複しています");
                }
                if f.status == ProtectionStatus::Closed && f.protection_end_date.is_none() {
                    p.add(
                        "protection_end_date",
                        "廃止の記録には保護廃止年月日が必要です",
                    );
                }
            }
            Record::InquiryRequest(q) => {
                p.addressee("addressee_number", q.addressee_number.as_deref());
                p.text("reason", &q.reason, 1, 200);
                p.text("requester", &q.requester, 1, 64);
                if !super::inquiry::provides(q.agency, q.information) {
                    p.add("information", "この照会先からは照会できない情報です");
                }
            }
        }
        p.0
    }
}

/// The fields a result may name as at fault, per record kind, with their Japanese labels.
/// (The import refuses a result naming any other field.)
pub fn fields_of(kind: &str) -> &'static [&'static str] {
    const ELIGIBILITY: &[&str] = &[
        "public_payer_number",
        "recipient_number",
        "welfare_office_name",
        "household_number",
        "principal_or_family",
        "qualification_date",
        "person.addressee_number",
        "person.my_number",
        "person.name",
        "person.name_kana",
        "person.sex",
        "person.birth_date",
        "person.postal_code",
        "person.address",
        "person.non_disclosure",
    ];
    match kind {
        "eligibility_start" => ELIGIBILITY,
        "eligibility_end" => &[
            "public_payer_number",
            "recipient_number",
            "household_number",
            "addressee_number",
            "disqualification_date",
            "loss_reason",
        ],
        "voucher_issued" | "voucher_changed" => &[
            "public_payer_number",
            "non_disclosure",
            "voucher.recipient_number",
            "voucher.ticket_type",
            "voucher.issue_number",
            "voucher.treatment_month",
            "voucher.valid_from",
            "voucher.valid_to",
            "voucher.institution.code",
            "voucher.institution.name",
            "voucher.prescriber.code",
            "voucher.prescriber.name",
            "voucher.diseases",
            "voucher.treatment_type",
            "voucher.self_pay_yen",
            "voucher.district_worker_name",
            "voucher.handling_clerk_name",
            "voucher.single_or_combined",
            "voucher.social_insurance",
            "voucher.infectious_disease_37_2",
            "voucher.elderly_medical_care",
            "voucher.prefectural_expense",
            "voucher.remarks",
        ],
        "voucher_voided" => &[
            "public_payer_number",
            "recipient_number",
            "issue_number",
            "treatment_month",
            "reason",
        ],
        "fukuhon" => &[
            "addressee_number",
            "change",
            "status",
            "effective_date",
            "protection_start_date",
            "protection_end_date",
            "aid_kinds",
            "principal_or_family",
            "non_disclosure",
        ],
        "inquiry_request" => &[
            "addressee_number",
            "agency",
            "information",
            "procedure",
            "reason",
            "requested_on",
            "requester",
        ],
        _ => &[],
    }
}

/// The Japanese name of a field (the last path segment decides), for the reconciliation list.
pub fn field_label(field: &str) -> &'static str {
    let leaf = field.rsplit('.').next().unwrap_or(field);
    let in_prescriber = field.contains("prescriber");
    match leaf {
        "addressee_number" => "団体内統合宛名番号",
        "my_number" => "個人番号",
        "name" if in_prescriber => "処方箋発行元医療機関名",
        "name" if field.contains("institution") => "指定医療機関名",
        "name" => "氏名",
        "name_kana" => "カナ氏名",
        "sex" => "性別",
        "birth_date" => "生年月日",
        "postal_code" => "郵便番号",
        "address" => "住所",
        "non_disclosure" => "不開示該当",
        "public_payer_number" => "公費負担者番号",
        "recipient_number" => "受給者番号",
        "welfare_office_name" => "福祉事務所名",
        "household_number" => "世帯識別番号（ケース番号）",
        "principal_or_family" => "本人・家族の別",
        "qualification_date" => "資格取得日",
        "disqualification_date" => "資格喪失日",
        "loss_reason" => "資格喪失事由",
        "ticket_type" => "医療券/調剤券別",
        "issue_number" => "交付番号",
        "treatment_month" => "診療年月",
        "valid_from" => "有効期間（開始）",
        "valid_to" => "有効期間（終了）",
        "code" if in_prescriber => "処方箋発行元医療機関コード",
        "code" => "指定医療機関コード",
        "diseases" => "傷病名",
        "treatment_type" => "診療別",
        "self_pay_yen" => "本人支払額",
        "district_worker_name" => "地区担当員名",
        "handling_clerk_name" => "取扱担当者名",
        "single_or_combined" => "単独/併用別",
        "social_insurance" => "社会保険状況",
        "infectious_disease_37_2" => "感染症法第37条の2該当状況",
        "elderly_medical_care" => "後期高齢者医療該当状況",
        "prefectural_expense" => "都道府県費該当状況",
        "remarks" => "備考",
        "reason" => "理由",
        "change" => "異動種別",
        "status" => "保護の状況",
        "effective_date" => "異動年月日",
        "protection_start_date" => "保護開始年月日",
        "protection_end_date" => "保護廃止年月日",
        "aid_kinds" => "扶助の種類",
        "agency" => "照会先",
        "information" => "照会する情報",
        "procedure" => "事務手続",
        "requested_on" => "依頼日",
        "requester" => "照会者",
        _ => "（項目不明）",
    }
}

/// Where the clerk corrects a field at fault: the registry (person data) or the producer's own
/// screen (voucher, decision, inquiry).
pub fn correction_place(field: &str) -> &'static str {
    let leaf = field.rsplit('.').next().unwrap_or(field);
    if field.starts_with("voucher.") || matches!(leaf, "issue_number" | "treatment_month") {
        return "医療券・調剤券（医療扶助）";
    }
    match leaf {
        "addressee_number"
        | "my_number"
        | "name"
        | "name_kana"
        | "sex"
        | "birth_date"
        | "non_disclosure"
        | "principal_or_family" => "世帯員の登録（世帯の画面）",
        "postal_code" | "address" | "household_number" => "世帯の登録（世帯の画面）",
        "public_payer_number" | "welfare_office_name" => "事務所設定",
        "recipient_number" | "qualification_date" | "disqualification_date" | "loss_reason" => {
            "医療扶助の資格"
        }
        "change"
        | "status"
        | "effective_date"
        | "protection_start_date"
        | "protection_end_date"
        | "aid_kinds" => "保護決定",
        "agency" | "information" | "procedure" | "reason" | "requested_on" | "requester" => {
            "情報照会の依頼"
        }
        _ => "元の記録",
    }
}

#[derive(Default)]
struct Problems(Vec<(String, String)>);

impl Problems {
    fn add(&mut self, field: &str, message: impl Into<String>) {
        self.0.push((field.to_string(), message.into()));
    }

    fn text(&mut self, field: &str, s: &str, min: usize, max: usize) {
        let n = s.chars().count();
        if n < min || s.trim().is_empty() && min > 0 {
            self.add(field, "入力されていません");
        } else if n > max {
            self.add(field, format!("{max}文字以内にしてください（{n}文字）"));
        } else if s.chars().any(|c| c.is_control()) {
            self.add(field, "改行・タブなどの制御文字は使えません");
        } else if crate::print::layout::contains_my_number_shape(s) {
            self.add(field, "個人番号のような12桁の数字は書けません");
        }
    }

    fn opt_text(&mut self, field: &str, s: Option<&str>, max: usize) {
        if let Some(s) = s {
            self.text(field, s, 1, max);
        }
    }

    fn payer(&mut self, field: &str, s: &str) {
        match checkdigit::validate_public_payer_number(s) {
            Ok(d) if d == s => {}
            Ok(_) => self.add(field, "数字8桁で記録してください"),
            Err(e) => self.add(field, e.to_string()),
        }
    }

    fn recipient(&mut self, field: &str, s: &str) {
        match checkdigit::validate_recipient_number(s) {
            Ok(d) if d == s => {}
            Ok(_) => self.add(field, "数字7桁で記録してください"),
            Err(e) => self.add(field, e.to_string()),
        }
    }

    fn addressee(&mut self, field: &str, s: Option<&str>) {
        if let Some(s) = s {
            if s.is_empty() || s.len() > 15 || !s.bytes().all(|b| b.is_ascii_digit()) {
                self.add(field, "団体内統合宛名番号は数字15桁以内です");
            }
        }
    }

    fn issue_number(&mut self, field: &str, s: &str) {
        let ok = (1..=20).contains(&s.len())
            && s.bytes()
                .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase() || b == b'-');
        if !ok {
            self.add(field, "交付番号は英大文字・数字・ハイフンの20文字以内です");
        }
    }

    fn month(&mut self, field: &str, s: &str) -> Option<(i32, u32)> {
        let parsed = parse_month(s);
        if parsed.is_none() {
            self.add(field, "診療年月は YYYY-MM の形です");
        }
        parsed
    }

    fn institution(&mut self, field: &str, i: &Institution) {
        if i.code.len() != 10 || !i.code.bytes().all(|b| b.is_ascii_digit()) {
            self.add(&format!("{field}.code"), "医療機関コードは数字10桁です");
        }
        self.text(&format!("{field}.name"), &i.name, 1, 60);
    }

    fn person(&mut self, p: &Person) {
        self.addressee("person.addressee_number", p.addressee_number.as_deref());
        if let Some(n) = &p.my_number {
            if checkdigit::validate_my_number(n).as_deref() != Ok(n.as_str()) {
                // Never the number itself in the message.
                self.add(
                    "person.my_number",
                    "個人番号の形式または検査数字が正しくありません",
                );
            }
        }
        self.text("person.name", &p.name, 1, 64);
        self.text("person.name_kana", &p.name_kana, 1, 64);
        if let Some(pc) = &p.postal_code {
            let ok = pc.len() == 8
                && pc.as_bytes()[3] == b'-'
                && pc
                    .bytes()
                    .enumerate()
                    .all(|(i, b)| i == 3 || b.is_ascii_digit());
            if !ok {
                self.add("person.postal_code", "郵便番号は 123-4567 の形です");
            }
        }
        self.opt_text("person.address", p.address.as_deref(), 200);
        if p.non_disclosure && (p.address.is_some() || p.postal_code.is_some()) {
            self.add("person.address", "不開示の対象者の住所は送りません");
        }
    }

    fn voucher(&mut self, v: &Voucher) {
        self.recipient("voucher.recipient_number", &v.recipient_number);
        self.issue_number("voucher.issue_number", &v.issue_number);
        if let Some((y, m)) = self.month("voucher.treatment_month", &v.treatment_month) {
            let inside = |d: NaiveDate| d.year() == y && d.month() == m;
            if !inside(v.valid_from) {
                self.add(
                    "voucher.valid_from",
                    "有効期間の開始日が診療年月の中にありません",
                );
            }
            if !inside(v.valid_to) {
                self.add(
                    "voucher.valid_to",
                    "有効期間の終了日が診療年月の中にありません",
                );
            }
        }
        if v.valid_to < v.valid_from {
            self.add("voucher.valid_to", "有効期間の終了日が開始日より前です");
        }
        self.institution("voucher.institution", &v.institution);
        match (v.ticket_type, &v.prescriber) {
            (TicketType::Dispensing, Some(p)) => self.institution("voucher.prescriber", p),
            (TicketType::Dispensing, None) => self.add(
                "voucher.prescriber.code",
                "調剤券には処方箋発行元医療機関が必要です",
            ),
            (TicketType::Medical, Some(_)) => self.add(
                "voucher.prescriber.code",
                "処方箋発行元医療機関は調剤券だけに記載します",
            ),
            (TicketType::Medical, None) => {}
        }
        let dispensing = v.treatment_type == TreatmentType::Dispensing;
        if dispensing != (v.ticket_type == TicketType::Dispensing) {
            self.add(
                "voucher.treatment_type",
                "診療別「調剤」は調剤券だけに、調剤券は診療別「調剤」だけに使います",
            );
        }
        if v.diseases.len() > 3 {
            self.add("voucher.diseases", "傷病名は3つまでです");
        }
        for d in &v.diseases {
            self.text("voucher.diseases", d, 1, 40);
        }
        if !(0..=10_000_000).contains(&v.self_pay_yen) {
            self.add(
                "voucher.self_pay_yen",
                "本人支払額は0円以上1000万円以下です",
            );
        }
        self.text(
            "voucher.district_worker_name",
            &v.district_worker_name,
            1,
            32,
        );
        self.text("voucher.handling_clerk_name", &v.handling_clerk_name, 1, 32);
        if v.remarks.len() > 3 {
            self.add("voucher.remarks", "備考は3つまでです");
        }
        for r in &v.remarks {
            self.text("voucher.remarks", r, 1, 100);
        }
    }
}

/// "YYYY-MM" → (year, month).
pub fn parse_month(s: &str) -> Option<(i32, u32)> {
    let b = s.as_bytes();
    if b.len() != 7
        || b[4] != b'-'
        || !b
            .iter()
            .enumerate()
            .all(|(i, c)| i == 4 || c.is_ascii_digit())
    {
        return None;
    }
    let y: i32 = s[..4].parse().ok()?;
    let m: u32 = s[5..].parse().ok()?;
    ((1..=12).contains(&m) && y >= 1900).then_some((y, m))
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    pub fn voucher() -> Voucher {
        Voucher {
            recipient_number: "1234566".into(),
            ticket_type: TicketType::Medical,
            issue_number: "R7-000123".into(),
            treatment_month: "2025-06".into(),
            valid_from: d("2025-06-01"),
            valid_to: d("2025-06-30"),
            institution: Institution {
                code: "1110123456".into(),
                name: "見本内科医院".into(),
            },
            prescriber: None,
            diseases: vec!["高血圧症".into()],
            treatment_type: TreatmentType::Outpatient,
            self_pay_yen: 0,
            district_worker_name: "地区 担当".into(),
            handling_clerk_name: "医療 担当".into(),
            single_or_combined: SingleOrCombined::Single,
            social_insurance: SocialInsurance::No,
            infectious_disease_37_2: Applicable::No,
            elderly_medical_care: Applicable::No,
            prefectural_expense: Applicable::No,
            remarks: vec![],
        }
    }

    fn voucher_record(v: Voucher) -> Record {
        Record::VoucherIssued(VoucherRecord {
            public_payer_number: "12270013".into(),
            non_disclosure: false,
            voucher: v,
        })
    }

    #[test]
    fn a_complete_voucher_is_valid_and_round_trips_with_the_official_codes() {
        let r = voucher_record(voucher());
        assert_eq!(r.problems(), vec![]);
        let json = serde_json::to_string(&r).unwrap();
        assert!(
            json.contains(r#""kind":"voucher_issued""#) && json.contains(r#""ticket_type":"01""#),
            "{json}"
        );
        assert!(json.contains(r#""treatment_type":"02""#));
        let back: Record = serde_json::from_str(&json).unwrap();
        assert_eq!(back, r);
    }

    #[test]
    fn an_unknown_field_is_refused_when_read() {
        let json = serde_json::to_string(&voucher_record(voucher())).unwrap();
        let extra = json.replacen(
            r#""non_disclosure":false"#,
            r#""non_disclosure":false,"my_number":"123456789018""#,
            1,
        );
        assert!(
            serde_json::from_str::<Record>(&extra).is_err(),
            "a voucher must not carry a My Number"
        );
        let inner = json.replacen(r#""self_pay_yen":0"#, r#""self_pay_yen":0,"note":"x""#, 1);
        assert!(serde_json::from_str::<Record>(&inner).is_err());
    }

    #[test]
    fn voucher_rules_name_the_field_at_fault() {
        let mut v = voucher();
        v.valid_to = d("2025-07-01");
        v.ticket_type = TicketType::Dispensing;
        v.diseases = vec!["a".into(), "b".into(), "c".into(), "d".into()];
        v.remarks = vec!["電話 1234 5678 9018".into()];
        let fields: Vec<String> = voucher_record(v)
            .problems()
            .into_iter()
            .map(|(f, _)| f)
            .collect();
        for f in [
            "voucher.valid_to",
            "voucher.prescriber.code",
            "voucher.treatment_type",
            "voucher.diseases",
            "voucher.remarks",
        ] {
            assert!(fields.iter().any(|x| x == f), "{f} missing from {fields:?}");
        }
    }

    #[test]
    fn field_lists_match_what_serde_writes() {
        fn leaves(prefix: &str, v: &serde_json::Value, out: &mut Vec<String>) {
            if let serde_json::Value::Object(m) = v {
                for (k, v) in m {
                    if k == "kind" {
                        continue;
                    }
                    let path = if prefix.is_empty() {
                        k.clone()
                    } else {
                        format!("{prefix}.{k}")
                    };
                    if v.is_object() {
                        leaves(&path, v, out);
                    } else {
                        out.push(path);
                    }
                }
            }
        }
        let mut v = voucher();
        v.ticket_type = TicketType::Dispensing;
        v.treatment_type = TreatmentType::Dispensing;
        v.prescriber = Some(Institution {
            code: "1110654321".into(),
            name: "見本病院".into(),
        });
        let samples = vec![
            voucher_record(v),
            Record::Fukuhon(Fukuhon {
                addressee_number: Some("1".into()),
                change: FukuhonChange::Start,
                status: ProtectionStatus::Active,
                effective_date: d("2025-06-01"),
                protection_start_date: None,
                protection_end_date: None,
                aid_kinds: vec![],
                principal_or_family: PrincipalOrFamily::Principal,
                non_disclosure: false,
            }),
        ];
        for r in samples {
            let mut got = vec![];
            leaves("", &serde_json::to_value(&r).unwrap(), &mut got);
            let mut want: Vec<String> = fields_of(r.kind()).iter().map(|s| s.to_string()).collect();
            got.sort();
            want.sort();
            assert_eq!(got, want, "{}", r.kind());
            for f in &want {
                assert_ne!(field_label(f), "（項目不明）", "{f}");
            }
        }
    }

    #[test]
    fn my_number_is_checked_but_never_quoted() {
        let p = Person {
            addressee_number: Some("000000000012345".into()),
            my_number: Some("123456789010".into()),
            name: "見本 花子".into(),
            name_kana: "ミホン ハナコ".into(),
            sex: SexCode::Female,
            birth_date: d("1960-04-01"),
            postal_code: None,
            address: None,
            non_disclosure: true,
        };
        let mut pr = Problems::default();
        pr.person(&p);
        assert_eq!(pr.0.len(), 1, "{:?}", pr.0);
        assert!(!pr.0[0].1.contains("123456789010"));
    }

    #[test]
    fn months_parse_strictly() {
        assert_eq!(parse_month("2025-06"), Some((2025, 6)));
        for bad in ["2025-6", "2025-13", "2025/06", "20250-6", "２０２５-06"] {
            assert_eq!(parse_month(bad), None, "{bad}");
        }
    }
}
