//! A person's 介護保険 status as care aid needs it.
//!
//! - **第1号被保険者** (65 and over) and **第2号被保険者** (40–64 with medical insurance) are
//!   insured: 被保険者番号 (10 characters) and 保険者番号 (6 digits) from the insurance card; the
//!   insurance pays its part and care aid the 利用者負担 (1割 unless the card says otherwise).
//! - **被保険者以外** (40–64 without medical insurance): care aid pays everything (10割, 生保単独)
//!   and the office gives a pseudo 被保険者番号 of 10 characters beginning with "H". Its other nine
//!   characters are not settled by any source we have (介護券記載要領 二 is cut), so the office
//!   sets the rule ([`HNumberRule`]); a number once given is kept when the person moves inside the
//!   municipality, even to another welfare office (記載要領 二: 「福祉事務所が替わる場合であっても
//!   市内異動であれば…」), and a new one is given only on arrival from another municipality
//!   ([`h_number_plan`]).
//! - 要介護状態区分 and 認定有効期間 with the warnings a caseworker needs before the month's 介護券.
//! - 介護保険料加算: only a 第1号 premium the recipient pays (普通徴収) is added to the minimum; a
//!   第2号 premium goes with the medical-insurance premium (a necessary expense of income) and a
//!   person outside the insurance pays none.

use chrono::{Datelike, Months, NaiveDate};
use serde::{Deserialize, Serialize};

use crate::domain::household::ValidationError;

/// 被保険者区分.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum InsuredKind {
    /// 第1号被保険者 (65歳以上)
    First,
    /// 第2号被保険者 (40〜64歳、医療保険加入者)
    Second,
    /// 被保険者以外の者 (40〜64歳、医療保険未加入)
    NotInsured,
}

impl InsuredKind {
    pub const ALL: [InsuredKind; 3] = [
        InsuredKind::First,
        InsuredKind::Second,
        InsuredKind::NotInsured,
    ];
    pub fn code(self) -> &'static str {
        match self {
            InsuredKind::First => "first",
            InsuredKind::Second => "second",
            InsuredKind::NotInsured => "not_insured",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            InsuredKind::First => "第1号被保険者",
            InsuredKind::Second => "第2号被保険者",
            InsuredKind::NotInsured => "被保険者以外",
        }
    }
    pub fn is_insured(self) -> bool {
        self != InsuredKind::NotInsured
    }
}

/// 要介護状態区分.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum CareLevel {
    Support1,
    Support2,
    Care1,
    Care2,
    Care3,
    Care4,
    Care5,
}

impl CareLevel {
    pub const ALL: [CareLevel; 7] = [
        CareLevel::Support1,
        CareLevel::Support2,
        CareLevel::Care1,
        CareLevel::Care2,
        CareLevel::Care3,
        CareLevel::Care4,
        CareLevel::Care5,
    ];
    pub fn code(self) -> &'static str {
        match self {
            CareLevel::Support1 => "support1",
            CareLevel::Support2 => "support2",
            CareLevel::Care1 => "care1",
            CareLevel::Care2 => "care2",
            CareLevel::Care3 => "care3",
            CareLevel::Care4 => "care4",
            CareLevel::Care5 => "care5",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }
    pub fn label(self) -> &'static str {
        match self {
            CareLevel::Support1 => "要支援1",
            CareLevel::Support2 => "要支援2",
            CareLevel::Care1 => "要介護1",
            CareLevel::Care2 => "要介護2",
            CareLevel::Care3 => "要介護3",
            CareLevel::Care4 => "要介護4",
            CareLevel::Care5 => "要介護5",
        }
    }
}

/// The office's rule for the pseudo 被保険者番号 of a person outside the insurance:
/// `prefix` (starting with "H"), then a running number filling the ten characters, then — when
/// `check_digit` — a modulus-10 (2-1) check over the running number's digits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HNumberRule {
    pub prefix: String,
    pub check_digit: bool,
}

/// A running number needs at least this many digits (so an office cannot set a rule that can
/// number only a handful of people).
const MIN_SEQUENCE_DIGITS: usize = 3;

impl HNumberRule {
    /// The default until the office sets its own: "H" + the first five digits of the
    /// 地方公共団体コード + a four-digit running number (no check digit).
    pub fn default_for(municipality_code: &str) -> HNumberRule {
        let body: String = municipality_code.chars().take(5).collect();
        HNumberRule {
            prefix: format!("H{body}"),
            check_digit: false,
        }
    }

    pub fn validate(&self) -> Result<HNumberRule, ValidationError> {
        let prefix = self.prefix.trim().to_ascii_uppercase();
        if !prefix.starts_with('H') {
            return Err(ValidationError::new(
                "prefix",
                "被保険者以外の者の被保険者番号は「H」で始まります",
            ));
        }
        if !prefix
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
        {
            return Err(ValidationError::new(
                "prefix",
                "頭の部分に使えるのは英大文字と数字だけです",
            ));
        }
        let rule = HNumberRule {
            prefix,
            check_digit: self.check_digit,
        };
        if rule.sequence_digits() < MIN_SEQUENCE_DIGITS {
            return Err(ValidationError::new(
                "prefix",
                format!(
                    "頭の部分が長すぎます（連番に{MIN_SEQUENCE_DIGITS}桁以上必要です。全体は10桁です）"
                ),
            ));
        }
        Ok(rule)
    }

    fn sequence_digits(&self) -> usize {
        10usize.saturating_sub(self.prefix.len() + usize::from(self.check_digit))
    }

    /// The number for running number `seq` (1, 2, …); `None` once the digits are used up.
    pub fn number(&self, seq: u32) -> Option<String> {
        let width = self.sequence_digits();
        let s = format!("{seq:0width$}");
        if seq == 0 || s.len() > width {
            return None;
        }
        let check = if self.check_digit {
            crate::domain::checkdigit::mod10_check_digit(&s)?.to_string()
        } else {
            String::new()
        };
        Some(format!("{}{s}{check}", self.prefix))
    }

    /// The running number of `number` if it was made by this rule (to continue the count).
    pub fn sequence_of(&self, number: &str) -> Option<u32> {
        let rest = number.strip_prefix(&self.prefix)?;
        let digits = if self.check_digit {
            rest.get(..rest.len().checked_sub(1)?)?
        } else {
            rest
        };
        if digits.len() != self.sequence_digits() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        let seq: u32 = digits.parse().ok()?;
        (self.number(seq).as_deref() == Some(number)).then_some(seq)
    }
}

/// An H-number given before (by this office or another one), with the municipality it was
/// given in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PreviousHNumber {
    pub number: String,
    pub municipality_code: String,
}

/// What to do about a not-insured person's H-number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HNumberPlan {
    /// Keep the number given before (a move inside the municipality, or no move at all).
    Keep(String),
    /// Give a new number by the office's rule (first time, or arrival from another municipality).
    Assign,
}

pub fn h_number_plan(previous: Option<&PreviousHNumber>, here_municipality: &str) -> HNumberPlan {
    match previous {
        Some(p) if p.municipality_code == here_municipality => HNumberPlan::Keep(p.number.clone()),
        _ => HNumberPlan::Assign,
    }
}

/// 被保険者番号 of an insured person (10 characters from the card; "H…" is the pseudo number of
/// people outside the insurance and is refused here).
pub fn validate_insured_number(typed: &str) -> Result<String, ValidationError> {
    let n = ten_characters("insured_number", "被保険者番号", typed)?;
    if n.starts_with('H') {
        return Err(ValidationError::new(
            "insured_number",
            "「H」で始まる番号は被保険者以外の者の番号です。被保険者証の番号を入力してください",
        ));
    }
    Ok(n)
}

/// A pseudo 被保険者番号 carried from before (typed by the clerk): "H" + nine characters.
pub fn validate_h_number(typed: &str) -> Result<String, ValidationError> {
    let n = ten_characters("previous_h_number", "被保険者以外の者の被保険者番号", typed)?;
    if !n.starts_with('H') {
        return Err(ValidationError::new(
            "previous_h_number",
            "被保険者以外の者の被保険者番号は「H」で始まります",
        ));
    }
    Ok(n)
}

fn ten_characters(
    field: &'static str,
    label: &str,
    typed: &str,
) -> Result<String, ValidationError> {
    let n: String = unicode_normalization::UnicodeNormalization::nfkc(typed)
        .filter(|c| !c.is_whitespace() && *c != '-')
        .map(|c| c.to_ascii_uppercase())
        .collect();
    if n.is_empty() {
        return Err(ValidationError::new(
            field,
            format!("{label}を入力してください"),
        ));
    }
    if n.chars().count() != 10
        || !n
            .bytes()
            .all(|b| b.is_ascii_digit() || b.is_ascii_uppercase())
    {
        return Err(ValidationError::new(
            field,
            format!("{label}は英数字10桁です"),
        ));
    }
    Ok(n)
}

/// 保険者番号 (介護保険): 6 digits.
pub fn validate_insurer_number(typed: &str) -> Result<String, ValidationError> {
    let n: String = unicode_normalization::UnicodeNormalization::nfkc(typed)
        .filter(|c| !c.is_whitespace() && *c != '-')
        .collect();
    if n.len() != 6 || !n.bytes().all(|b| b.is_ascii_digit()) {
        return Err(ValidationError::new(
            "insurer_number",
            "保険者番号は数字6桁です",
        ));
    }
    Ok(n)
}

/// The day a person reaches age `n` (年齢計算ニ関スル法律, 介護保険の年齢到達日): the day before the
/// n-th birthday (a 29 February birthday counts from 1 March in a common year).
fn reaches(birth: NaiveDate, n: u32) -> Option<NaiveDate> {
    let y = birth.year() + i32::try_from(n).ok()?;
    NaiveDate::from_ymd_opt(y, birth.month(), birth.day())
        .or_else(|| NaiveDate::from_ymd_opt(y, 3, 1))?
        .pred_opt()
}

/// The age reached on `on` under that rule (kept here so the insurance's ages do not depend on
/// how the registry shows ages).
fn age_reached(birth: NaiveDate, on: NaiveDate) -> u32 {
    let mut n = u32::try_from((on.year() - birth.year()).max(0)).unwrap_or(0) + 1;
    while n > 0 && reaches(birth, n).is_none_or(|d| d > on) {
        n -= 1;
    }
    n
}

/// Does the kind fit the person's age on `on`?
pub fn check_kind_for_age(
    kind: InsuredKind,
    birth: NaiveDate,
    on: NaiveDate,
) -> Result<(), ValidationError> {
    let age = age_reached(birth, on);
    let bad = |m: &str| Err(ValidationError::new("kind", m));
    match kind {
        InsuredKind::First if age < 65 => bad("第1号被保険者は65歳以上の方です"),
        InsuredKind::Second | InsuredKind::NotInsured if age >= 65 => {
            bad("65歳以上の方は第1号被保険者です")
        }
        InsuredKind::Second | InsuredKind::NotInsured if age < 40 => {
            bad("40歳未満の方は介護扶助の対象になりません（介護保険の要介護認定の対象外です）")
        }
        _ => Ok(()),
    }
}

/// The day the person becomes 第1号被保険者 (the day before the 65th birthday).
pub fn first_insured_from(birth: NaiveDate) -> Option<NaiveDate> {
    reaches(birth, 65)
}

/// 認定有効期間 is at most 48 months (要介護認定の有効期間の上限).
pub const MAX_CERTIFICATION_MONTHS: u32 = 48;

pub fn check_certification(from: NaiveDate, to: NaiveDate) -> Result<(), ValidationError> {
    if to < from {
        return Err(ValidationError::new(
            "certified_to",
            "認定有効期間の終わりが始まりより前です",
        ));
    }
    match from.checked_add_months(Months::new(MAX_CERTIFICATION_MONTHS)) {
        Some(limit) if to < limit => Ok(()),
        _ => Err(ValidationError::new(
            "certified_to",
            format!("認定有効期間は{MAX_CERTIFICATION_MONTHS}か月以内です"),
        )),
    }
}

/// The renewal may be applied for from 60 days before the end (更新申請), so the warning starts then.
pub const RENEWAL_WARNING_DAYS: i64 = 60;

/// Where a 認定有効期間 stands on `today`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum CertificationState {
    Valid,
    /// Ends within [`RENEWAL_WARNING_DAYS`]: the renewal should be applied for.
    DueSoon,
    Expired,
    /// Not yet in force (a certification recorded ahead of its start).
    NotYet,
}

impl CertificationState {
    pub fn label(self) -> &'static str {
        match self {
            CertificationState::Valid => "有効",
            CertificationState::DueSoon => "更新時期",
            CertificationState::Expired => "期限切れ",
            CertificationState::NotYet => "開始前",
        }
    }
}

pub fn certification_state(from: NaiveDate, to: NaiveDate, today: NaiveDate) -> CertificationState {
    if today < from {
        CertificationState::NotYet
    } else if today > to {
        CertificationState::Expired
    } else if (to - today).num_days() <= RENEWAL_WARNING_DAYS {
        CertificationState::DueSoon
    } else {
        CertificationState::Valid
    }
}

/// Who pays the care: the insurance's 給付 and care aid's part, in tenths (割).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct Share {
    /// 保険給付 (0 for a person outside the insurance)
    pub insurance_tenths: u8,
    /// 介護扶助
    pub aid_tenths: u8,
    /// 単独 (aid alone, 生保単独) or 併用 (with the insurance)
    pub aid_only: bool,
}

impl Share {
    /// The share as a decision stored it (its tenths); aid alone when the insurance pays none.
    pub fn stored(insurance_tenths: u8, aid_tenths: u8) -> Share {
        Share {
            insurance_tenths,
            aid_tenths,
            aid_only: insurance_tenths == 0,
        }
    }

    pub fn label(&self) -> String {
        if self.aid_only {
            "介護扶助10割（生保単独）".to_string()
        } else {
            format!(
                "介護保険{}割・介護扶助{}割（併用）",
                self.insurance_tenths, self.aid_tenths
            )
        }
    }
}

/// The share for `kind`; `co_pay_tenths` is the 利用者負担割合 on the insured person's card
/// (1, 2 or 3割; a recipient's is 1割 in practice).
pub fn share(kind: InsuredKind, co_pay_tenths: u8) -> Result<Share, ValidationError> {
    if !kind.is_insured() {
        return Ok(Share {
            insurance_tenths: 0,
            aid_tenths: 10,
            aid_only: true,
        });
    }
    if !(1..=3).contains(&co_pay_tenths) {
        return Err(ValidationError::new(
            "co_pay_tenths",
            "利用者負担割合は1割・2割・3割のいずれかです",
        ));
    }
    Ok(Share {
        insurance_tenths: 10 - co_pay_tenths,
        aid_tenths: co_pay_tenths,
        aid_only: false,
    })
}

/// 介護保険料加算: the monthly premium the minimum is raised by, or why `premium_yen` is refused.
pub fn premium_addition(kind: InsuredKind, premium_yen: i64) -> Result<i64, ValidationError> {
    if premium_yen < 0 {
        return Err(ValidationError::new(
            "premium_yen",
            "介護保険料に負の値は使えません",
        ));
    }
    match kind {
        InsuredKind::First => Ok(premium_yen),
        _ if premium_yen == 0 => Ok(0),
        InsuredKind::Second => Err(ValidationError::new(
            "premium_yen",
            "第2号被保険者の介護保険料は医療保険料と一緒に納めるもので、介護保険料加算の対象ではありません（収入認定で必要経費として扱います）",
        )),
        InsuredKind::NotInsured => Err(ValidationError::new(
            "premium_yen",
            "被保険者以外の方には介護保険料がありません",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap()
    }

    #[test]
    fn the_default_h_rule_numbers_ten_characters() {
        let r = HNumberRule::default_for("131016").validate().unwrap();
        assert_eq!(r.prefix, "H13101");
        assert_eq!(r.number(1).as_deref(), Some("H131010001"));
        assert_eq!(r.number(9999).as_deref(), Some("H131019999"));
        assert_eq!(r.number(10_000), None);
        assert_eq!(r.number(0), None);
        assert_eq!(r.sequence_of("H131010042"), Some(42));
        assert_eq!(r.sequence_of("H999990042"), None);
    }

    #[test]
    fn an_office_rule_with_a_check_digit() {
        let r = HNumberRule {
            prefix: "h12".into(),
            check_digit: true,
        }
        .validate()
        .unwrap();
        // "H12" + 6-digit running number + check over it: 000001 → 8 (1×2 = 2 → 8).
        let n = r.number(1).unwrap();
        assert_eq!(n, "H120000018");
        assert_eq!(n.len(), 10);
        assert_eq!(r.sequence_of(&n), Some(1));
        assert_eq!(r.sequence_of("H120000017"), None, "wrong check digit");
    }

    #[test]
    fn bad_h_rules_are_refused() {
        for (prefix, check) in [
            ("X123", false),
            ("H12345678", false),
            ("H123456", true),
            ("H-1", false),
        ] {
            let r = HNumberRule {
                prefix: prefix.into(),
                check_digit: check,
            };
            assert!(r.validate().is_err(), "{prefix} {check}");
        }
        assert!(HNumberRule {
            prefix: "H123456".into(),
            check_digit: false
        }
        .validate()
        .is_ok());
    }

    #[test]
    fn the_h_number_is_kept_on_a_move_inside_the_municipality() {
        let before = PreviousHNumber {
            number: "H131010007".into(),
            municipality_code: "131016".into(),
        };
        assert_eq!(
            h_number_plan(Some(&before), "131016"),
            HNumberPlan::Keep("H131010007".into())
        );
        assert_eq!(h_number_plan(Some(&before), "141003"), HNumberPlan::Assign);
        assert_eq!(h_number_plan(None, "131016"), HNumberPlan::Assign);
    }

    #[test]
    fn insured_and_h_numbers() {
        assert_eq!(
            validate_insured_number("０１２３４５６７８９").unwrap(),
            "0123456789"
        );
        assert_eq!(
            validate_insured_number("H131010007").unwrap_err().field,
            "insured_number"
        );
        assert!(validate_insured_number("012345678").is_err());
        assert!(validate_insured_number("01234567あ9").is_err());
        assert_eq!(validate_h_number("h131010007").unwrap(), "H131010007");
        assert!(validate_h_number("1131010007").is_err());
        assert_eq!(validate_insurer_number("13101６").unwrap(), "131016");
        assert!(validate_insurer_number("13101").is_err());
        assert!(validate_insurer_number("13101A").is_err());
    }

    #[test]
    fn kinds_follow_the_age_reached_the_day_before_the_birthday() {
        let birth = d("1961-06-10");
        // 65th birthday 2026-06-10: 第1号 from 2026-06-09.
        assert_eq!(first_insured_from(birth), Some(d("2026-06-09")));
        assert!(check_kind_for_age(InsuredKind::First, birth, d("2026-06-09")).is_ok());
        assert!(check_kind_for_age(InsuredKind::First, birth, d("2026-06-08")).is_err());
        assert!(check_kind_for_age(InsuredKind::NotInsured, birth, d("2026-06-08")).is_ok());
        assert!(check_kind_for_age(InsuredKind::NotInsured, birth, d("2026-06-09")).is_err());
        assert!(check_kind_for_age(InsuredKind::Second, d("1990-01-01"), d("2026-06-01")).is_err());
        // 29 February: reached on 28 February in a common year.
        assert_eq!(first_insured_from(d("1960-02-29")), Some(d("2025-02-28")));
        assert_eq!(age_reached(d("1960-02-29"), d("2025-02-27")), 64);
    }

    #[test]
    fn certification_periods_and_warnings() {
        let (from, to) = (d("2026-04-01"), d("2027-03-31"));
        assert!(check_certification(from, to).is_ok());
        assert!(check_certification(to, from).is_err());
        assert!(check_certification(from, d("2030-03-31")).is_ok());
        assert!(check_certification(from, d("2030-04-01")).is_err());
        assert_eq!(
            certification_state(from, to, d("2026-03-31")),
            CertificationState::NotYet
        );
        assert_eq!(
            certification_state(from, to, d("2027-01-29")),
            CertificationState::Valid
        );
        assert_eq!(
            certification_state(from, to, d("2027-01-30")),
            CertificationState::DueSoon
        );
        assert_eq!(
            certification_state(from, to, d("2027-03-31")),
            CertificationState::DueSoon
        );
        assert_eq!(
            certification_state(from, to, d("2027-04-01")),
            CertificationState::Expired
        );
    }

    #[test]
    fn insured_share_aid_pays_the_co_payment_not_insured_aid_pays_all() {
        let s = share(InsuredKind::First, 1).unwrap();
        assert_eq!(
            (s.insurance_tenths, s.aid_tenths, s.aid_only),
            (9, 1, false)
        );
        assert_eq!(s.label(), "介護保険9割・介護扶助1割（併用）");
        let s = share(InsuredKind::Second, 2).unwrap();
        assert_eq!((s.insurance_tenths, s.aid_tenths), (8, 2));
        let s = share(InsuredKind::NotInsured, 1).unwrap();
        assert_eq!(
            (s.insurance_tenths, s.aid_tenths, s.aid_only),
            (0, 10, true)
        );
        assert_eq!(s.label(), "介護扶助10割（生保単独）");
        assert!(share(InsuredKind::First, 0).is_err());
        assert!(share(InsuredKind::First, 4).is_err());
    }

    #[test]
    fn only_a_first_insured_premium_is_added() {
        assert_eq!(premium_addition(InsuredKind::First, 5_800).unwrap(), 5_800);
        assert_eq!(premium_addition(InsuredKind::First, 0).unwrap(), 0);
        assert_eq!(premium_addition(InsuredKind::Second, 0).unwrap(), 0);
        assert!(premium_addition(InsuredKind::Second, 3_000).is_err());
        assert!(premium_addition(InsuredKind::NotInsured, 1).is_err());
        assert!(premium_addition(InsuredKind::First, -1).is_err());
    }
}
