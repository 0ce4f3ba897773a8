//! 世帯 (household) and 世帯員 (member): the registry's types and the validation of what a clerk
//! types at the counter.
//!
//! Validation happens here, at the boundary, before anything is written: a bad entry gets one
//! Japanese message naming the field and nothing changes. Storage and search are elsewhere.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::{checkdigit, era};

/// 保護の状態 of a household.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum HouseholdStatus {
    /// 相談中: saved at a consultation, no application registered (yet).
    Consulting,
    /// 申請中: an application is registered and waits for its decision.
    Applying,
    /// 保護中
    Active,
    /// 停止中
    Suspended,
    /// 廃止
    Closed,
}

impl HouseholdStatus {
    pub const ALL: [HouseholdStatus; 5] = [
        HouseholdStatus::Consulting,
        HouseholdStatus::Applying,
        HouseholdStatus::Active,
        HouseholdStatus::Suspended,
        HouseholdStatus::Closed,
    ];
    pub fn code(self) -> &'static str {
        match self {
            HouseholdStatus::Consulting => "consulting",
            HouseholdStatus::Applying => "applying",
            HouseholdStatus::Active => "active",
            HouseholdStatus::Suspended => "suspended",
            HouseholdStatus::Closed => "closed",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            HouseholdStatus::Consulting => "相談中",
            HouseholdStatus::Applying => "申請中",
            HouseholdStatus::Active => "保護中",
            HouseholdStatus::Suspended => "停止中",
            HouseholdStatus::Closed => "廃止",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL
            .into_iter()
            .find(|x| x.code() == s || x.label() == s)
    }
}

/// 性別
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum Sex {
    Male,
    Female,
    Unspecified,
}

impl Sex {
    pub fn code(self) -> &'static str {
        match self {
            Sex::Male => "male",
            Sex::Female => "female",
            Sex::Unspecified => "unspecified",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            Sex::Male => "男",
            Sex::Female => "女",
            Sex::Unspecified => "未設定",
        }
    }
    pub fn from_code(s: &str) -> Option<Self> {
        [Sex::Male, Sex::Female, Sex::Unspecified]
            .into_iter()
            .find(|x| x.code() == s || x.label() == s)
    }
}

/// A bad field in what was typed. The message is for the clerk and names the field in Japanese
/// (「個人番号: …」, 「媒体IDは…」); `field` is the request's name for it (`my_number`), which a form
/// uses to show the message under that field and which is never shown to the clerk — so the
/// message alone is what the CLI prints and the screen shows.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct ValidationError {
    pub field: &'static str,
    pub message: String,
}

impl ValidationError {
    pub fn new(field: &'static str, message: impl Into<String>) -> Self {
        ValidationError {
            field,
            message: message.into(),
        }
    }
    pub fn code(&self) -> &'static str {
        "VALIDATION"
    }
}

/// 世帯 as typed on the edit screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct HouseholdInput {
    pub case_number: String,
    pub postal_code: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub caseworker_id: Option<String>,
}

/// A household input after validation: trimmed, empty optionals turned into `None`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct ValidHousehold {
    pub case_number: String,
    pub postal_code: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub caseworker_id: Option<String>,
}

fn opt_trim(s: &Option<String>) -> Option<String> {
    s.as_ref()
        .map(|x| x.trim().to_string())
        .filter(|x| !x.is_empty())
}

fn required(field: &'static str, label: &str, s: &str) -> Result<String, ValidationError> {
    let t = s.trim();
    if t.is_empty() {
        return Err(ValidationError::new(field, format!("{label}は必須です")));
    }
    bounded(field, label, t)?;
    Ok(t.to_string())
}

/// The longest each free-text field may be (characters): what the forms print and a search
/// stays fast over.
fn max_chars(field: &str) -> usize {
    match field {
        "address" => 200,
        "relationship" => 20,
        _ => 60,
    }
}

fn bounded(field: &'static str, label: &str, s: &str) -> Result<(), ValidationError> {
    match super::text::problem(label, s, max_chars(field)) {
        Some(m) => Err(ValidationError::new(field, m)),
        None => Ok(()),
    }
}

impl HouseholdInput {
    pub fn validate(&self) -> Result<ValidHousehold, ValidationError> {
        let case_number = required("case_number", "ケース番号", &self.case_number)?;
        let case_number: String =
            unicode_normalization::UnicodeNormalization::nfkc(case_number.as_str()).collect();
        if case_number.chars().count() > 20
            || !case_number
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(ValidationError::new(
                "case_number",
                "ケース番号は英数字とハイフン（20文字まで）で入力してください",
            ));
        }
        let address = required("address", "住所", &self.address)?;
        let postal_code = match opt_trim(&self.postal_code) {
            None => None,
            Some(p) => {
                let digits = checkdigit_free_digits(&p);
                if digits.len() != 7 {
                    return Err(ValidationError::new(
                        "postal_code",
                        "郵便番号は7桁で入力してください（例: 347-0001）",
                    ));
                }
                Some(format!("{}-{}", &digits[..3], &digits[3..]))
            }
        };
        let phone = match opt_trim(&self.phone) {
            None => None,
            Some(p) => {
                let nf: String =
                    unicode_normalization::UnicodeNormalization::nfkc(p.as_str()).collect();
                let digits = checkdigit_free_digits(&nf);
                if !(10..=11).contains(&digits.len())
                    || nf
                        .chars()
                        .any(|c| !(c.is_ascii_digit() || "-() ".contains(c)))
                {
                    return Err(ValidationError::new(
                        "phone",
                        "電話番号は10桁または11桁の数字で入力してください",
                    ));
                }
                Some(nf)
            }
        };
        Ok(ValidHousehold {
            case_number,
            postal_code,
            address,
            phone,
            caseworker_id: opt_trim(&self.caseworker_id),
        })
    }
}

fn checkdigit_free_digits(s: &str) -> String {
    super::normalize::digits_only(s)
}

/// 世帯員 as typed on the edit screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct MemberInput {
    pub name: String,
    pub kana: String,
    /// Any form [`era::parse_date`] accepts (和暦 or 西暦).
    pub birth_date: String,
    pub sex: Sex,
    pub relationship: String,
    pub is_head: bool,
    /// `None`: keep what is stored (on update). `Some("")`: remove. Otherwise a new number.
    pub my_number: Option<String>,
    /// 団体内統合宛名番号
    pub addressee_number: Option<String>,
    /// DV等支援措置: withhold from online eligibility and support inquiries.
    pub dv_protected: bool,
    pub death_date: Option<String>,
}

/// What to do with the stored My Number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MyNumberChange {
    Keep,
    Remove,
    Set(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidMember {
    pub name: String,
    pub kana: String,
    pub birth_date: NaiveDate,
    pub sex: Sex,
    pub relationship: String,
    pub is_head: bool,
    pub my_number: MyNumberChange,
    pub addressee_number: Option<String>,
    pub dv_protected: bool,
    pub death_date: Option<NaiveDate>,
}

impl MemberInput {
    pub fn validate(&self, today: NaiveDate) -> Result<ValidMember, ValidationError> {
        let name = required("name", "氏名", &self.name)?;
        let kana = required("kana", "カナ", &self.kana)?;
        let kana_nf: String =
            unicode_normalization::UnicodeNormalization::nfkc(kana.as_str()).collect();
        if !kana_nf
            .chars()
            .all(|c| is_kana_char(c) || c.is_whitespace())
        {
            return Err(ValidationError::new(
                "kana",
                "カナはカタカナまたはひらがなで入力してください",
            ));
        }
        let birth_date = parse_field_date("birth_date", "生年月日", &self.birth_date)?;
        if birth_date > today {
            return Err(ValidationError::new(
                "birth_date",
                "生年月日が未来の日付です",
            ));
        }
        let relationship = required("relationship", "続柄", &self.relationship)?;
        let my_number = match self.my_number.as_deref().map(str::trim) {
            None => MyNumberChange::Keep,
            Some("") => MyNumberChange::Remove,
            Some(s) => MyNumberChange::Set(
                checkdigit::validate_my_number(s)
                    .map_err(|e| ValidationError::new("my_number", format!("個人番号: {e}")))?,
            ),
        };
        let addressee_number = match opt_trim(&self.addressee_number) {
            None => None,
            Some(a) => {
                let d = super::normalize::digits_only(&a);
                if d.is_empty()
                    || d.len() > 15
                    || d.len() != a.chars().filter(|c| !c.is_whitespace()).count()
                {
                    return Err(ValidationError::new(
                        "addressee_number",
                        "団体内統合宛名番号は数字15桁以内で入力してください",
                    ));
                }
                Some(d)
            }
        };
        let death_date = match opt_trim(&self.death_date) {
            None => None,
            Some(s) => {
                let d = parse_field_date("death_date", "死亡日", &s)?;
                if d < birth_date {
                    return Err(ValidationError::new(
                        "death_date",
                        "死亡日が生年月日より前です",
                    ));
                }
                if d > today {
                    return Err(ValidationError::new("death_date", "死亡日が未来の日付です"));
                }
                Some(d)
            }
        };
        Ok(ValidMember {
            name,
            // One form at the counter, whatever was typed (ひらがな, ﾊﾝｶｸ): full-width katakana.
            kana: super::normalize::to_katakana(kana.trim()),
            birth_date,
            sex: self.sex,
            relationship,
            is_head: self.is_head,
            my_number,
            addressee_number,
            dv_protected: self.dv_protected,
            death_date,
        })
    }
}

fn is_kana_char(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{3096}' | '\u{309B}'..='\u{309F}' | '\u{30A0}'..='\u{30FF}' | '=')
}

fn parse_field_date(
    field: &'static str,
    label: &str,
    s: &str,
) -> Result<NaiveDate, ValidationError> {
    if s.trim().is_empty() {
        return Err(ValidationError::new(field, format!("{label}は必須です")));
    }
    era::parse_date(s).map_err(|e| ValidationError::new(field, format!("{label}: {e}")))
}

/// Age: one rule, the legal one (see [`super::age`]).
pub use super::age::age_on;

#[cfg(test)]
mod tests {
    use super::*;

    fn d(y: i32, m: u32, dd: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, dd).unwrap()
    }

    fn member() -> MemberInput {
        MemberInput {
            name: "見本 太郎".into(),
            kana: "みほん たろう".into(),
            birth_date: "S55.4.1".into(),
            sex: Sex::Male,
            relationship: "世帯主".into(),
            is_head: true,
            my_number: None,
            addressee_number: None,
            dv_protected: false,
            death_date: None,
        }
    }

    #[test]
    fn member_accepts_wareki_birth_date_and_keeps_name_as_typed() {
        let v = member().validate(d(2025, 4, 1)).unwrap();
        assert_eq!(v.birth_date, d(1980, 4, 1));
        assert_eq!(v.name, "見本 太郎");
        assert_eq!(v.my_number, MyNumberChange::Keep);
    }

    #[test]
    fn member_rejects_bad_my_number_check_digit() {
        let mut m = member();
        m.my_number = Some("123456789012".into());
        let e = m.validate(d(2025, 4, 1)).unwrap_err();
        assert_eq!(e.field, "my_number");
        m.my_number = Some("1234 5678 9018".into());
        assert_eq!(
            m.validate(d(2025, 4, 1)).unwrap().my_number,
            MyNumberChange::Set("123456789018".into())
        );
        m.my_number = Some("".into());
        assert_eq!(
            m.validate(d(2025, 4, 1)).unwrap().my_number,
            MyNumberChange::Remove
        );
    }

    #[test]
    fn member_requires_name_kana_and_a_real_birth_date() {
        let mut m = member();
        m.name = "  ".into();
        assert_eq!(m.validate(d(2025, 4, 1)).unwrap_err().field, "name");
        let mut m = member();
        m.kana = "Yamada".into();
        assert_eq!(m.validate(d(2025, 4, 1)).unwrap_err().field, "kana");
        let mut m = member();
        m.birth_date = "R7.2.30".into();
        assert_eq!(m.validate(d(2025, 4, 1)).unwrap_err().field, "birth_date");
        let mut m = member();
        m.birth_date = "2030-01-01".into();
        assert_eq!(m.validate(d(2025, 4, 1)).unwrap_err().field, "birth_date");
    }

    #[test]
    fn death_before_birth_is_rejected() {
        let mut m = member();
        m.death_date = Some("1970-01-01".into());
        assert_eq!(m.validate(d(2025, 4, 1)).unwrap_err().field, "death_date");
    }

    #[test]
    fn household_normalises_postal_code_and_rejects_short_phone() {
        let h = HouseholdInput {
            case_number: "Ａ－１２３".into(),
            postal_code: Some("３４７０００１".into()),
            address: "加須市見本町1-1".into(),
            phone: Some("".into()),
            caseworker_id: None,
        };
        let v = h.validate().unwrap();
        assert_eq!(v.case_number, "A-123");
        assert_eq!(v.postal_code.as_deref(), Some("347-0001"));
        assert_eq!(v.phone, None);
        let mut h2 = h.clone();
        h2.phone = Some("0480-1".into());
        assert_eq!(h2.validate().unwrap_err().field, "phone");
        let mut h3 = h;
        h3.address = " ".into();
        assert_eq!(h3.validate().unwrap_err().field, "address");
    }
}
