//! 事務所設定 (office settings): who this office is, printed on every document.
//!
//! Only the settings and their validation live here; storage is `store::office`.

use serde::{Deserialize, Serialize};

use super::checkdigit;
use super::household::ValidationError;

/// 級地 codes in the order of the ministerial table.
pub const GRADES: [(&str, &str); 6] = [
    ("1-1", "1級地-1"),
    ("1-2", "1級地-2"),
    ("2-1", "2級地-1"),
    ("2-2", "2級地-2"),
    ("3-1", "3級地-1"),
    ("3-2", "3級地-2"),
];

pub const PREFECTURES: [&str; 47] = [
    "北海道",
    "青森県",
    "岩手県",
    "宮城県",
    "秋田県",
    "山形県",
    "福島県",
    "茨城県",
    "栃木県",
    "群馬県",
    "埼玉県",
    "千葉県",
    "東京都",
    "神奈川県",
    "新潟県",
    "富山県",
    "石川県",
    "福井県",
    "山梨県",
    "長野県",
    "岐阜県",
    "静岡県",
    "愛知県",
    "三重県",
    "滋賀県",
    "京都府",
    "大阪府",
    "兵庫県",
    "奈良県",
    "和歌山県",
    "鳥取県",
    "島根県",
    "岡山県",
    "広島県",
    "山口県",
    "徳島県",
    "香川県",
    "愛媛県",
    "高知県",
    "福岡県",
    "佐賀県",
    "長崎県",
    "熊本県",
    "大分県",
    "宮崎県",
    "鹿児島県",
    "沖縄県",
];

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct OfficeSettings {
    /// 福祉事務所名
    pub office_name: String,
    /// 公費負担者番号 (8 digits, 法別 12)
    pub public_payer_number: String,
    /// 地方公共団体コード (6 digits)
    pub municipality_code: String,
    pub prefecture: String,
    /// 級地, "1-1" … "3-2"
    pub grade: String,
    /// 所長の職名 (e.g. 福祉事務所長)
    pub chief_title: String,
    pub chief_name: String,
    pub postal_code: String,
    pub address: String,
    pub phone: String,
    /// Minutes without input before the screen locks.
    pub idle_lock_minutes: u32,
    /// The body a 取消訴訟 against a decision is brought against: the municipality (or the
    /// prefecture, for a prefectural office) the 実施機関 belongs to, e.g. 見本市. Printed in the
    /// 教示 as `{defendant}` (行政事件訴訟法11条・46条).
    #[serde(default)]
    pub municipality_name: String,
    /// Who represents it in court, e.g. 見本市長 (`{defendant_head}`).
    #[serde(default)]
    pub municipality_head: String,
    /// ケース番号の採番: the fixed part before the number, e.g. "K" or "R7-".
    #[serde(default)]
    pub case_number_prefix: String,
    /// Digits of the number, zero-padded (1–10).
    #[serde(default = "default_case_digits")]
    pub case_number_digits: u32,
    /// The next number to give; numbers already used are skipped.
    #[serde(default = "default_case_next")]
    #[ts(type = "number")]
    pub case_number_next: u64,
    /// 介護券の受給者番号: the month's 医療券 number, or one of the 介護券's own.
    #[serde(default)]
    pub care_recipient_number: crate::domain::voucher::CareRecipientNumber,
}

fn default_case_digits() -> u32 {
    6
}

fn default_case_next() -> u64 {
    1
}

/// The case number the sequence gives for `n`: prefix + `n` zero-padded to `digits`.
pub fn case_number_for(prefix: &str, digits: u32, n: u64) -> String {
    format!("{prefix}{n:0width$}", width = digits as usize)
}

impl Default for OfficeSettings {
    fn default() -> Self {
        OfficeSettings {
            office_name: String::new(),
            public_payer_number: String::new(),
            municipality_code: String::new(),
            prefecture: String::new(),
            grade: String::new(),
            chief_title: "福祉事務所長".into(),
            chief_name: String::new(),
            postal_code: String::new(),
            address: String::new(),
            phone: String::new(),
            idle_lock_minutes: 10,
            municipality_name: String::new(),
            municipality_head: String::new(),
            case_number_prefix: String::new(),
            case_number_digits: default_case_digits(),
            case_number_next: default_case_next(),
            care_recipient_number: Default::default(),
        }
    }
}

impl OfficeSettings {
    /// The case number the sequence gives next (before skipping numbers already used).
    pub fn next_case_number(&self) -> String {
        case_number_for(
            &self.case_number_prefix,
            self.case_number_digits,
            self.case_number_next,
        )
    }

    /// Settings are complete enough to print documents only when every field is valid.
    pub fn validate(&self) -> Result<OfficeSettings, ValidationError> {
        let bound = |field: &'static str,
                     label: &str,
                     v: &str,
                     max: usize|
         -> Result<(), ValidationError> {
            match super::text::problem(label, v, max) {
                Some(m) => Err(ValidationError::new(field, m)),
                None => Ok(()),
            }
        };
        let req = |field: &'static str, label: &str, v: &str| -> Result<String, ValidationError> {
            let t = v.trim();
            if t.is_empty() {
                return Err(ValidationError::new(field, format!("{label}は必須です")));
            }
            bound(field, label, t, if field == "address" { 200 } else { 60 })?;
            Ok(t.to_string())
        };
        let mut s = self.clone();
        s.office_name = req("office_name", "福祉事務所名", &self.office_name)?;
        s.public_payer_number = checkdigit::validate_public_payer_number(&self.public_payer_number)
            .map_err(|e| {
                ValidationError::new("public_payer_number", format!("公費負担者番号: {e}"))
            })?;
        s.municipality_code = checkdigit::validate_municipality_code(&self.municipality_code)
            .map_err(|e| {
                ValidationError::new("municipality_code", format!("市区町村コード: {e}"))
            })?;
        s.prefecture = req("prefecture", "都道府県", &self.prefecture)?;
        if !PREFECTURES.contains(&s.prefecture.as_str()) {
            return Err(ValidationError::new(
                "prefecture",
                "都道府県名を正しく入力してください（例: 埼玉県）",
            ));
        }
        if !GRADES.iter().any(|(c, _)| *c == self.grade) {
            return Err(ValidationError::new(
                "grade",
                "級地を選んでください（1級地-1〜3級地-2）",
            ));
        }
        s.chief_title = req("chief_title", "所長の職名", &self.chief_title)?;
        s.chief_name = req("chief_name", "所長名", &self.chief_name)?;
        s.address = req("address", "所在地", &self.address)?;
        s.postal_code = self.postal_code.trim().to_string();
        bound("postal_code", "郵便番号", &s.postal_code, 8)?;
        s.phone = self.phone.trim().to_string();
        bound("phone", "電話番号", &s.phone, 20)?;
        s.municipality_name = req(
            "municipality_name",
            "取消訴訟の被告（市区町村名）",
            &self.municipality_name,
        )?;
        s.municipality_head = req(
            "municipality_head",
            "被告の代表者（市区町村長）",
            &self.municipality_head,
        )?;
        s.case_number_prefix =
            unicode_normalization::UnicodeNormalization::nfkc(self.case_number_prefix.trim())
                .collect();
        if s.case_number_prefix.chars().count() > 10
            || !s
                .case_number_prefix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return Err(ValidationError::new(
                "case_number_prefix",
                "ケース番号の頭文字は英数字とハイフン（10文字まで）で入力してください",
            ));
        }
        if !(1..=10).contains(&self.case_number_digits) {
            return Err(ValidationError::new(
                "case_number_digits",
                "ケース番号の桁数は1〜10で指定してください",
            ));
        }
        if self.case_number_next == 0
            || self.case_number_next.to_string().len() > self.case_number_digits as usize
        {
            return Err(ValidationError::new(
                "case_number_next",
                format!(
                    "次のケース番号は1から{}桁までの数で指定してください",
                    self.case_number_digits
                ),
            ));
        }
        if !(1..=120).contains(&self.idle_lock_minutes) {
            return Err(ValidationError::new(
                "idle_lock_minutes",
                "自動ロックは1〜120分で指定してください",
            ));
        }
        Ok(s)
    }
}

pub fn grade_label(code: &str) -> Option<&'static str> {
    GRADES.iter().find(|(c, _)| *c == code).map(|(_, l)| *l)
}

#[cfg(test)]
mod tests {
    use super::*;

    pub fn sample() -> OfficeSettings {
        OfficeSettings {
            office_name: "見本市福祉事務所".into(),
            public_payer_number: "12270013".into(),
            municipality_code: "112101".into(),
            prefecture: "埼玉県".into(),
            grade: "2-1".into(),
            chief_title: "福祉事務所長".into(),
            chief_name: "見本 一郎".into(),
            postal_code: "347-0001".into(),
            address: "埼玉県見本市見本町1-1".into(),
            phone: "0480-00-0000".into(),
            idle_lock_minutes: 10,
            municipality_name: "見本市".into(),
            municipality_head: "見本市長".into(),
            case_number_prefix: "K".into(),
            case_number_digits: 6,
            case_number_next: 1,
            care_recipient_number: Default::default(),
        }
    }

    #[test]
    fn valid_settings_pass() {
        assert!(sample().validate().is_ok());
    }

    #[test]
    fn payer_number_must_be_law_12_with_check_digit() {
        let mut s = sample();
        s.public_payer_number = "12270014".into();
        assert_eq!(s.validate().unwrap_err().field, "public_payer_number");
        s.public_payer_number = "33120015".into(); // valid digit, but 法別 33 is not 生活保護
        assert_eq!(s.validate().unwrap_err().field, "public_payer_number");
    }

    #[test]
    fn the_defendant_and_its_head_are_required() {
        let mut s = sample();
        s.municipality_name = " ".into();
        assert_eq!(s.validate().unwrap_err().field, "municipality_name");
        let mut s = sample();
        s.municipality_head.clear();
        assert_eq!(s.validate().unwrap_err().field, "municipality_head");
    }

    #[test]
    fn case_numbers_follow_the_office_sequence() {
        let mut s = sample();
        s.case_number_next = 51;
        assert_eq!(s.next_case_number(), "K000051");
        s.case_number_prefix = "R7-".into();
        s.case_number_digits = 4;
        assert_eq!(s.next_case_number(), "R7-0051");
        assert!(s.validate().is_ok());
        s.case_number_next = 10_000;
        assert_eq!(s.validate().unwrap_err().field, "case_number_next");
        s.case_number_next = 0;
        assert_eq!(s.validate().unwrap_err().field, "case_number_next");
        s.case_number_next = 1;
        s.case_number_digits = 0;
        assert_eq!(s.validate().unwrap_err().field, "case_number_digits");
        s.case_number_digits = 4;
        s.case_number_prefix = "K 1".into();
        assert_eq!(s.validate().unwrap_err().field, "case_number_prefix");
    }

    #[test]
    fn municipality_code_and_grade_are_checked() {
        let mut s = sample();
        s.municipality_code = "112102".into();
        assert_eq!(s.validate().unwrap_err().field, "municipality_code");
        let mut s = sample();
        s.grade = "4-1".into();
        assert_eq!(s.validate().unwrap_err().field, "grade");
    }
}
