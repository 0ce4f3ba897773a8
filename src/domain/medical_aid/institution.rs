//! 指定医療機関 (designated medical institutions): the kinds, what a valid entry is, and the
//! CSV the office imports its list from.
//!
//! The CSV (UTF-8, a BOM allowed; documented in `docs/commands.md`) has a header line naming its
//! columns, in any order: `code,name,kana,kind,postal_code,address,phone,valid_from,valid_to`
//! (Japanese headers 医療機関コード,名称,カナ,種別,郵便番号,所在地,電話番号,指定年月日,指定終了日 are
//! accepted too). [`parse_csv`] turns every data line into a valid entry or a reason with its line
//! number; [`classify`] compares the entries with what the office has (new / changed /
//! unchanged). Nothing here touches the database.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use crate::domain::checkdigit::validate_institution_code;
use crate::domain::era::parse_date;
use crate::domain::household::ValidationError;
use crate::domain::normalize::{digits_only, to_katakana};

/// 種別 of a designated institution.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum InstitutionKind {
    /// 医科 (病院・診療所), 点数表 1
    Medical,
    /// 歯科, 点数表 3
    Dental,
    /// 調剤 (薬局), 点数表 4
    Pharmacy,
    /// 訪問看護 (訪問看護ステーション), 点数表 6
    VisitingNursing,
}

impl InstitutionKind {
    pub const ALL: [InstitutionKind; 4] = [
        InstitutionKind::Medical,
        InstitutionKind::Dental,
        InstitutionKind::Pharmacy,
        InstitutionKind::VisitingNursing,
    ];
    pub fn code(self) -> &'static str {
        match self {
            InstitutionKind::Medical => "medical",
            InstitutionKind::Dental => "dental",
            InstitutionKind::Pharmacy => "pharmacy",
            InstitutionKind::VisitingNursing => "visiting_nursing",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            InstitutionKind::Medical => "医科",
            InstitutionKind::Dental => "歯科",
            InstitutionKind::Pharmacy => "調剤",
            InstitutionKind::VisitingNursing => "訪問看護",
        }
    }
    /// The code, the label, or the 点数表 digit.
    pub fn parse(s: &str) -> Option<Self> {
        let t = s.trim();
        Self::ALL.into_iter().find(|k| {
            k.code() == t
                || k.label() == t
                || k.score_table_digit().to_string() == t
                || (t == "薬局" && *k == InstitutionKind::Pharmacy)
        })
    }
    /// 点数表番号, the third digit of the 10-digit 医療機関コード: 1 医科, 3 歯科, 4 調剤
    /// (issue 11, research/vouchers); 6 訪問看護 (訪問看護ステーションのコード体系; unverified
    /// against the 設定要領 itself).
    pub fn score_table_digit(self) -> u8 {
        match self {
            InstitutionKind::Medical => 1,
            InstitutionKind::Dental => 3,
            InstitutionKind::Pharmacy => 4,
            InstitutionKind::VisitingNursing => 6,
        }
    }
}

/// A designated institution as typed or imported.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct InstitutionInput {
    /// 医療機関コード (10 digits).
    pub code: String,
    pub name: String,
    #[serde(default)]
    pub kana: String,
    pub kind: InstitutionKind,
    #[serde(default)]
    pub postal_code: Option<String>,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: Option<String>,
    /// 指定年月日 (和暦 or 西暦).
    pub valid_from: String,
    /// 指定の終了日 (辞退・取消); none = in force.
    #[serde(default)]
    pub valid_to: Option<String>,
}

/// A checked institution: what is stored.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ValidInstitution {
    pub code: String,
    pub name: String,
    pub kana: String,
    pub kind: InstitutionKind,
    pub postal_code: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

/// What fits the name line of a voucher (two lines with the code).
const NAME_MAX: usize = 60;
const ADDRESS_MAX: usize = 200;

fn date(field: &'static str, label: &str, s: &str) -> Result<NaiveDate, ValidationError> {
    parse_date(s).map_err(|e| ValidationError::new(field, format!("{label}: {e}")))
}

fn optional(s: Option<&str>) -> Option<String> {
    s.map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
}

impl InstitutionInput {
    pub fn validate(&self) -> Result<ValidInstitution, ValidationError> {
        let code = validate_institution_code(&self.code)
            .map_err(|e| ValidationError::new("code", format!("医療機関コード: {e}")))?;
        let pref: u32 = code[..2].parse().unwrap_or(0);
        if !(1..=47).contains(&pref) {
            return Err(ValidationError::new(
                "code",
                format!(
                    "医療機関コードの都道府県番号「{}」は 01〜47 ではありません",
                    &code[..2]
                ),
            ));
        }
        let digit = code.as_bytes()[2] - b'0';
        if digit != self.kind.score_table_digit() {
            return Err(ValidationError::new(
                "kind",
                format!(
                    "医療機関コードの点数表番号は「{digit}」ですが、種別が{}（{}）です",
                    self.kind.label(),
                    self.kind.score_table_digit()
                ),
            ));
        }
        let name = self.name.trim();
        if name.is_empty() {
            return Err(ValidationError::new("name", "名称は必須です"));
        }
        if name.chars().count() > NAME_MAX || self.kana.trim().chars().count() > NAME_MAX {
            return Err(ValidationError::new(
                "name",
                format!("名称・カナは{NAME_MAX}文字以内で入力してください"),
            ));
        }
        if self.address.trim().chars().count() > ADDRESS_MAX {
            return Err(ValidationError::new(
                "address",
                format!("所在地は{ADDRESS_MAX}文字以内で入力してください"),
            ));
        }
        let postal_code = crate::domain::postal::parse(self.postal_code.as_deref().unwrap_or(""))?;
        let phone = match optional(self.phone.as_deref()) {
            None => None,
            Some(p) => {
                let d = digits_only(&p);
                if !(10..=11).contains(&d.len()) {
                    return Err(ValidationError::new(
                        "phone",
                        "電話番号は市外局番から10〜11桁で入力してください",
                    ));
                }
                Some(p)
            }
        };
        let valid_from = date("valid_from", "指定年月日", &self.valid_from)?;
        let valid_to = match optional(self.valid_to.as_deref()) {
            None => None,
            Some(t) => Some(date("valid_to", "指定終了日", &t)?),
        };
        if valid_to.is_some_and(|t| t < valid_from) {
            return Err(ValidationError::new(
                "valid_to",
                "指定終了日が指定年月日より前です",
            ));
        }
        Ok(ValidInstitution {
            code,
            name: name.to_string(),
            kana: to_katakana(self.kana.trim()),
            kind: self.kind,
            postal_code,
            address: self.address.trim().to_string(),
            phone,
            valid_from,
            valid_to,
        })
    }
}

impl ValidInstitution {
    /// Whether the designation is in force on `d`.
    pub fn in_force_on(&self, d: NaiveDate) -> bool {
        self.valid_from <= d && self.valid_to.is_none_or(|t| d <= t)
    }
}

/// One data line of an import file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvLine {
    /// Line number in the file (the header is line 1).
    pub line: usize,
    pub entry: Result<ValidInstitution, String>,
}

const COLUMNS: [(&str, &str); 9] = [
    ("code", "医療機関コード"),
    ("name", "名称"),
    ("kana", "カナ"),
    ("kind", "種別"),
    ("postal_code", "郵便番号"),
    ("address", "所在地"),
    ("phone", "電話番号"),
    ("valid_from", "指定年月日"),
    ("valid_to", "指定終了日"),
];
const REQUIRED: [&str; 4] = ["code", "name", "kind", "valid_from"];

/// The most lines an import may have (a prefecture lists a few thousand institutions).
pub const MAX_LINES: usize = 50_000;

/// Read the import file. A file that cannot be read as a whole (no header, a missing required
/// column, not UTF-8) is refused with one message; otherwise every data line gets its own
/// outcome. The same code twice in one file is refused at its second line.
pub fn parse_csv(text: &str) -> Result<Vec<CsvLine>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    // The reader skips blank lines without counting them; a lone comma keeps the numbering.
    let text: String = text
        .split_inclusive('\n')
        .map(|l| if l.trim().is_empty() { ",\n" } else { l })
        .collect();
    let mut rdr = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| format!("見出し行が読めません: {e}"))?
        .clone();
    let mut index = [None::<usize>; 9];
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        match COLUMNS.iter().position(|(en, ja)| *en == h || *ja == h) {
            Some(c) => index[c] = Some(i),
            None => {
                return Err(format!(
                    "1行目: 見出し「{h}」は使えません（使える見出し: {}）",
                    COLUMNS.map(|c| c.0).join(",")
                ))
            }
        }
    }
    for r in REQUIRED {
        let c = COLUMNS.iter().position(|(en, _)| *en == r).expect("listed");
        if index[c].is_none() {
            return Err(format!(
                "1行目: 必須の見出し「{r}」（{}）がありません",
                COLUMNS[c].1
            ));
        }
    }
    let mut out = vec![];
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    for (n, rec) in rdr.records().enumerate() {
        // The reader skips blank lines; its position counts them.
        let line = match &rec {
            Ok(r) => r.position().map_or(n + 2, |p| p.line() as usize),
            Err(e) => e.position().map_or(n + 2, |p| p.line() as usize),
        };
        if out.len() >= MAX_LINES {
            return Err(format!("行数が多すぎます（{MAX_LINES}行まで）"));
        }
        let rec = match rec {
            Ok(r) => r,
            Err(e) => {
                out.push(CsvLine {
                    line,
                    entry: Err(format!("行が読めません: {e}")),
                });
                continue;
            }
        };
        if rec.iter().all(|f| f.trim().is_empty()) {
            continue;
        }
        let get = |c: usize| index[c].and_then(|i| rec.get(i)).unwrap_or("").to_string();
        let kind_text = get(3);
        let entry = match InstitutionKind::parse(&kind_text) {
            None => Err(format!(
                "種別「{kind_text}」は使えません（医科・歯科・調剤・訪問看護）"
            )),
            Some(kind) => InstitutionInput {
                code: get(0),
                name: get(1),
                kana: get(2),
                kind,
                postal_code: Some(get(4)),
                address: get(5),
                phone: Some(get(6)),
                valid_from: get(7),
                valid_to: Some(get(8)),
            }
            .validate()
            .map_err(|e| e.message),
        };
        let entry = match entry {
            Ok(v) => match seen.get(&v.code) {
                Some(first) => Err(format!(
                    "医療機関コード {} は {first}行目にもあります",
                    v.code
                )),
                None => {
                    seen.insert(v.code.clone(), line);
                    Ok(v)
                }
            },
            e => e,
        };
        out.push(CsvLine { line, entry });
    }
    Ok(out)
}

/// How an imported line compares with what the office has.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ImportAction {
    /// 新規
    New,
    /// 変更
    Changed,
    /// 変更なし
    Unchanged,
    /// エラー
    Invalid,
}

impl ImportAction {
    pub fn label(self) -> &'static str {
        match self {
            ImportAction::New => "新規",
            ImportAction::Changed => "変更",
            ImportAction::Unchanged => "変更なし",
            ImportAction::Invalid => "エラー",
        }
    }
}

/// New, changed or unchanged against the stored entry with the same code.
pub fn classify(new: &ValidInstitution, stored: Option<&ValidInstitution>) -> ImportAction {
    match stored {
        None => ImportAction::New,
        Some(s) if s == new => ImportAction::Unchanged,
        Some(_) => ImportAction::Changed,
    }
}

/// The fields that differ, by their Japanese names (for the dry run's listing).
pub fn changed_fields(old: &ValidInstitution, new: &ValidInstitution) -> Vec<&'static str> {
    let mut v = vec![];
    if old.name != new.name {
        v.push("名称");
    }
    if old.kana != new.kana {
        v.push("カナ");
    }
    if old.kind != new.kind {
        v.push("種別");
    }
    if old.postal_code != new.postal_code {
        v.push("郵便番号");
    }
    if old.address != new.address {
        v.push("所在地");
    }
    if old.phone != new.phone {
        v.push("電話番号");
    }
    if old.valid_from != new.valid_from {
        v.push("指定年月日");
    }
    if old.valid_to != new.valid_to {
        v.push("指定終了日");
    }
    v
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(code: &str, kind: InstitutionKind) -> InstitutionInput {
        InstitutionInput {
            code: code.into(),
            name: "見本医院".into(),
            kana: "みほんいいん".into(),
            kind,
            postal_code: Some("3470001".into()),
            address: "見本市見本町1-1".into(),
            phone: Some("0480-00-1111".into()),
            valid_from: "R1.5.1".into(),
            valid_to: None,
        }
    }

    #[test]
    fn a_valid_entry_is_normalised() {
        let v = input("0110113719", InstitutionKind::Medical)
            .validate()
            .unwrap();
        assert_eq!(v.code, "0110113719");
        assert_eq!(v.kana, "ミホンイイン");
        assert_eq!(v.postal_code.as_deref(), Some("347-0001"));
        assert_eq!(v.valid_from, NaiveDate::from_ymd_opt(2019, 5, 1).unwrap());
    }

    #[test]
    fn the_score_table_digit_must_fit_the_kind() {
        let e = input("0110113719", InstitutionKind::Pharmacy)
            .validate()
            .unwrap_err();
        assert_eq!(e.field, "kind");
        assert!(e.message.contains("点数表番号は「1」"), "{}", e.message);
        let e = input("0110113718", InstitutionKind::Medical)
            .validate()
            .unwrap_err();
        assert!(e.message.contains("検査数字"), "{}", e.message);
        let e = input("9910113712", InstitutionKind::Medical)
            .validate()
            .unwrap_err();
        assert!(e.message.contains("都道府県番号"), "{}", e.message);
    }

    #[test]
    fn csv_lines_get_their_own_outcome() {
        let text = "\u{feff}code,name,kana,kind,address,valid_from\n\
                    0110113719,見本医院,ミホン,医科,見本町,2020-04-01\n\
                    0110113718,誤り医院,ゴ,医科,見本町,2020-04-01\n\
                    0110113719,重複医院,ジュウ,医科,見本町,2020-04-01\n\
                    \n\
                    0140113713,見本薬局,ミホン,病院,見本町,2020-04-01\n";
        let lines = parse_csv(text).unwrap();
        assert_eq!(lines.len(), 4);
        assert_eq!(lines[0].line, 2);
        assert!(lines[0].entry.is_ok());
        assert_eq!(lines[1].line, 3);
        assert!(lines[1].entry.as_ref().unwrap_err().contains("検査数字"));
        assert!(lines[2]
            .entry
            .as_ref()
            .unwrap_err()
            .contains("2行目にもあります"));
        assert_eq!(lines[3].line, 6);
        assert!(lines[3]
            .entry
            .as_ref()
            .unwrap_err()
            .contains("種別「病院」"));
    }

    #[test]
    fn a_file_without_required_columns_is_refused_whole() {
        assert!(parse_csv("name,kind\nA,医科\n")
            .unwrap_err()
            .contains("code"));
        assert!(parse_csv("code,name,kind,valid_from,colour\n")
            .unwrap_err()
            .contains("colour"));
        let ja = "医療機関コード,名称,種別,指定年月日\n0110113719,見本医院,1,R2.4.1\n";
        assert!(parse_csv(ja).unwrap()[0].entry.is_ok());
    }

    #[test]
    fn classification_against_the_stored_entry() {
        let a = input("0110113719", InstitutionKind::Medical)
            .validate()
            .unwrap();
        let mut b = a.clone();
        assert_eq!(classify(&a, None), ImportAction::New);
        assert_eq!(classify(&a, Some(&b)), ImportAction::Unchanged);
        b.phone = Some("0480-00-2222".into());
        assert_eq!(classify(&a, Some(&b)), ImportAction::Changed);
        assert_eq!(changed_fields(&b, &a), vec!["電話番号"]);
    }
}
