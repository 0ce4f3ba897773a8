//! 指定介護機関 (designated care providers) and 居宅介護支援事業者 (care-plan offices) as the
//! office registers them. A care-plan office is a provider that offers 居宅介護支援 (43) or
//! 介護予防支援 (46); one register holds both, as the 事業所番号 does.

use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

use super::provider_number::{self, NumberCheck};
use crate::domain::era::parse_date;
use crate::domain::household::ValidationError;
use crate::domain::text;

/// サービス種類コード (介護給付費明細書) printed on the 介護券, with their names. The codes of
/// services paid by 償還払い (福祉用具購入・住宅改修) are not here: they get no 介護券.
pub const SERVICE_KINDS: [(&str, &str); 36] = [
    ("11", "訪問介護"),
    ("12", "訪問入浴介護"),
    ("13", "訪問看護"),
    ("14", "訪問リハビリテーション"),
    ("15", "通所介護"),
    ("16", "通所リハビリテーション"),
    ("17", "福祉用具貸与"),
    ("21", "短期入所生活介護"),
    ("22", "短期入所療養介護（介護老人保健施設）"),
    ("23", "短期入所療養介護（病院等）"),
    ("31", "居宅療養管理指導"),
    ("32", "認知症対応型共同生活介護"),
    ("33", "特定施設入居者生活介護"),
    ("43", "居宅介護支援"),
    ("46", "介護予防支援"),
    ("51", "介護福祉施設サービス"),
    ("52", "介護保健施設サービス"),
    ("54", "地域密着型介護老人福祉施設入所者生活介護"),
    ("55", "介護医療院サービス"),
    ("24", "介護予防短期入所生活介護"),
    ("25", "介護予防短期入所療養介護（介護老人保健施設）"),
    ("34", "介護予防居宅療養管理指導"),
    ("35", "介護予防特定施設入居者生活介護"),
    ("37", "介護予防認知症対応型共同生活介護"),
    ("62", "介護予防訪問入浴介護"),
    ("63", "介護予防訪問看護"),
    ("64", "介護予防訪問リハビリテーション"),
    ("66", "介護予防通所リハビリテーション"),
    ("67", "介護予防福祉用具貸与"),
    ("71", "夜間対応型訪問介護"),
    ("72", "認知症対応型通所介護"),
    ("73", "小規模多機能型居宅介護"),
    ("76", "定期巡回・随時対応型訪問介護看護"),
    ("77", "看護小規模多機能型居宅介護"),
    ("78", "地域密着型通所介護"),
    ("A6", "通所型サービス（総合事業）"),
];

/// Kinds that make a provider a care-plan office (居宅介護支援事業者・介護予防支援事業者).
pub const PLAN_KINDS: [&str; 2] = ["43", "46"];

/// Facility services: the facility makes the care plan itself, so no plan office is needed.
pub const FACILITY_KINDS: [&str; 4] = ["51", "52", "54", "55"];

pub fn service_kind_label(code: &str) -> Option<&'static str> {
    SERVICE_KINDS
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, l)| *l)
}

/// Service-kind codes as typed ("11 15", "11,15", "１１・１５") → sorted, deduplicated codes.
pub fn parse_service_kinds(typed: &[String]) -> Result<Vec<String>, ValidationError> {
    let mut out = Vec::new();
    for part in typed {
        let nf: String = unicode_normalization::UnicodeNormalization::nfkc(part.as_str()).collect();
        for code in nf
            .split(|c: char| c.is_whitespace() || matches!(c, ',' | '、' | '・' | '/' | ';'))
            .filter(|s| !s.is_empty())
        {
            let code = code.to_ascii_uppercase();
            if service_kind_label(&code).is_none() {
                return Err(ValidationError::new(
                    "service_kinds",
                    format!("サービス種類コード「{code}」はありません"),
                ));
            }
            out.push(code);
        }
    }
    out.sort();
    out.dedup();
    if out.is_empty() {
        return Err(ValidationError::new(
            "service_kinds",
            "サービス種類を1つ以上入力してください",
        ));
    }
    Ok(out)
}

/// A provider as typed on the screen or read from one CSV row.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ProviderInput {
    /// 事業所番号
    pub number: String,
    pub name: String,
    #[serde(default)]
    pub kana: String,
    /// サービス種類コード
    pub service_kinds: Vec<String>,
    #[serde(default)]
    pub postal_code: String,
    #[serde(default)]
    pub address: String,
    #[serde(default)]
    pub phone: String,
    /// 指定年月日
    pub valid_from: String,
    /// 指定の終了（廃止・辞退）, empty while in force
    #[serde(default)]
    pub valid_to: String,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ValidProvider {
    pub number: String,
    pub check: NumberCheck,
    pub name: String,
    pub kana: String,
    pub service_kinds: Vec<String>,
    pub postal_code: Option<String>,
    pub address: String,
    pub phone: Option<String>,
    pub valid_from: NaiveDate,
    pub valid_to: Option<NaiveDate>,
}

impl ValidProvider {
    pub fn is_plan_office(&self) -> bool {
        is_plan_office(&self.service_kinds)
    }
}

pub fn is_plan_office(kinds: &[String]) -> bool {
    kinds.iter().any(|k| PLAN_KINDS.contains(&k.as_str()))
}

fn bounded(
    field: &'static str,
    label: &str,
    s: &str,
    max: usize,
) -> Result<String, ValidationError> {
    let s = s.trim();
    match text::problem(label, s, max) {
        Some(m) => Err(ValidationError::new(field, m)),
        None => Ok(s.to_string()),
    }
}

fn optional(s: String) -> Option<String> {
    (!s.is_empty()).then_some(s)
}

fn date(field: &'static str, label: &str, s: &str) -> Result<NaiveDate, ValidationError> {
    parse_date(s.trim()).map_err(|e| ValidationError::new(field, format!("{label}: {e}")))
}

impl ProviderInput {
    pub fn validate(&self) -> Result<ValidProvider, ValidationError> {
        let n = provider_number::validate(&self.number)
            .map_err(|e| ValidationError::new("number", e.to_string()))?;
        let name = bounded("name", "事業所名", &self.name, 100)?;
        if name.is_empty() {
            return Err(ValidationError::new("name", "事業所名を入力してください"));
        }
        let kana =
            crate::domain::normalize::to_katakana(&bounded("kana", "カナ", &self.kana, 100)?);
        let service_kinds = parse_service_kinds(&self.service_kinds)?;
        let postal_code = crate::domain::postal::parse(&self.postal_code)?;
        let address = bounded("address", "所在地", &self.address, 200)?;
        let phone = bounded("phone", "電話番号", &self.phone, 20)?;
        let valid_from = date("valid_from", "指定年月日", &self.valid_from)?;
        let valid_to = if self.valid_to.trim().is_empty() {
            None
        } else {
            Some(date("valid_to", "指定の終了日", &self.valid_to)?)
        };
        if valid_to.is_some_and(|t| t < valid_from) {
            return Err(ValidationError::new(
                "valid_to",
                "指定の終了日が指定年月日より前です",
            ));
        }
        Ok(ValidProvider {
            number: n.code,
            check: n.check,
            name,
            kana,
            service_kinds,
            postal_code,
            address,
            phone: optional(phone),
            valid_from,
            valid_to,
        })
    }
}

/// The columns of the provider CSV: (field, English header, Japanese header, required).
const COLUMNS: [(&str, &str, bool); 9] = [
    ("number", "事業所番号", true),
    ("name", "事業所名", true),
    ("kana", "カナ", false),
    ("service_kinds", "サービス種類", true),
    ("postal_code", "郵便番号", false),
    ("address", "所在地", false),
    ("phone", "電話番号", false),
    ("valid_from", "指定年月日", true),
    ("valid_to", "指定終了日", false),
];

/// One data line of a provider CSV: its line number in the file and the provider or the reason
/// it is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CsvLine {
    pub line: u64,
    pub entry: Result<ValidProvider, String>,
}

/// Reads a provider CSV (UTF-8, a header line naming the columns in English or Japanese, in any
/// order; サービス種類 as codes separated by spaces or 「・」). A file without a required column
/// is refused whole; each data line gets its own outcome.
pub fn parse_csv(text: &str) -> Result<Vec<CsvLine>, String> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let mut rdr = csv::ReaderBuilder::new()
        .flexible(true)
        .trim(csv::Trim::All)
        .from_reader(text.as_bytes());
    let headers = rdr
        .headers()
        .map_err(|e| format!("見出し行を読めません: {e}"))?
        .clone();
    let mut index = [None; 9];
    for (i, h) in headers.iter().enumerate() {
        let h = h.trim();
        match COLUMNS.iter().position(|(en, ja, _)| *en == h || *ja == h) {
            Some(c) if index[c].is_none() => index[c] = Some(i),
            Some(_) => return Err(format!("列「{h}」が2回あります")),
            None => {
                return Err(format!(
                    "列「{h}」は使えません（使える列: {}）",
                    COLUMNS.iter().map(|c| c.1).collect::<Vec<_>>().join("・")
                ))
            }
        }
    }
    if let Some((_, ja, _)) = COLUMNS
        .iter()
        .zip(index)
        .find(|((_, _, req), i)| *req && i.is_none())
        .map(|(c, _)| c)
    {
        return Err(format!("必須の列「{ja}」がありません"));
    }
    let mut out = Vec::new();
    for rec in rdr.records() {
        let rec = rec.map_err(|e| format!("CSVを読めません: {e}"))?;
        let line = rec.position().map_or(0, |p| p.line());
        if rec.iter().all(str::is_empty) {
            continue;
        }
        let col = |c: usize| index[c].and_then(|i| rec.get(i)).unwrap_or("").to_string();
        let input = ProviderInput {
            number: col(0),
            name: col(1),
            kana: col(2),
            service_kinds: vec![col(3)],
            postal_code: col(4),
            address: col(5),
            phone: col(6),
            valid_from: col(7),
            valid_to: col(8),
        };
        out.push(CsvLine {
            line,
            entry: input.validate().map_err(|e| e.message),
        });
    }
    Ok(out)
}

/// Is a line of an import new, a change of the stored provider, or the same?
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum ProviderImportAction {
    New,
    Changed,
    Unchanged,
    Invalid,
}

impl ProviderImportAction {
    pub fn label(self) -> &'static str {
        match self {
            ProviderImportAction::New => "新規",
            ProviderImportAction::Changed => "変更",
            ProviderImportAction::Unchanged => "変更なし",
            ProviderImportAction::Invalid => "エラー",
        }
    }
}

/// The names of the fields that differ between the stored provider and a line.
pub fn changed_fields(old: &ValidProvider, new: &ValidProvider) -> Vec<&'static str> {
    let mut out = Vec::new();
    let pairs: [(bool, &str); 8] = [
        (old.name != new.name, "事業所名"),
        (old.kana != new.kana, "カナ"),
        (old.service_kinds != new.service_kinds, "サービス種類"),
        (old.postal_code != new.postal_code, "郵便番号"),
        (old.address != new.address, "所在地"),
        (old.phone != new.phone, "電話番号"),
        (old.valid_from != new.valid_from, "指定年月日"),
        (old.valid_to != new.valid_to, "指定終了日"),
    ];
    for (differs, label) in pairs {
        if differs {
            out.push(label);
        }
    }
    out
}

/// Is the provider designated on `day`?
pub fn designated_on(valid_from: NaiveDate, valid_to: Option<NaiveDate>, day: NaiveDate) -> bool {
    valid_from <= day && valid_to.is_none_or(|t| day <= t)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input() -> ProviderInput {
        ProviderInput {
            number: "1371123454".into(),
            name: "見本ケアセンター".into(),
            kana: "みほんけあせんたー".into(),
            service_kinds: vec!["11 15".into(), "43".into()],
            postal_code: "100-0001".into(),
            address: "東京都千代田区見本1-1".into(),
            phone: "03-0000-0000".into(),
            valid_from: "2020-04-01".into(),
            valid_to: String::new(),
        }
    }

    #[test]
    fn a_provider_with_a_plan_kind_is_a_plan_office() {
        let p = input().validate().unwrap();
        assert_eq!(p.service_kinds, vec!["11", "15", "43"]);
        assert!(p.is_plan_office());
        assert_eq!(p.kana, "ミホンケアセンター");
        assert_eq!(p.postal_code.as_deref(), Some("100-0001"));
        let home_only = ProviderInput {
            service_kinds: vec!["11".into()],
            ..input()
        };
        assert!(!home_only.validate().unwrap().is_plan_office());
    }

    #[test]
    fn bad_fields_are_refused_with_their_field() {
        let cases = [
            (
                ProviderInput {
                    number: "1371123455".into(),
                    ..input()
                },
                "number",
            ),
            (
                ProviderInput {
                    name: " ".into(),
                    ..input()
                },
                "name",
            ),
            (
                ProviderInput {
                    service_kinds: vec!["99".into()],
                    ..input()
                },
                "service_kinds",
            ),
            (
                ProviderInput {
                    service_kinds: vec![],
                    ..input()
                },
                "service_kinds",
            ),
            (
                ProviderInput {
                    postal_code: "123".into(),
                    ..input()
                },
                "postal_code",
            ),
            (
                ProviderInput {
                    valid_from: "昨日".into(),
                    ..input()
                },
                "valid_from",
            ),
            (
                ProviderInput {
                    valid_to: "2019-01-01".into(),
                    ..input()
                },
                "valid_to",
            ),
            (
                ProviderInput {
                    name: "a\u{202E}b".into(),
                    ..input()
                },
                "name",
            ),
        ];
        for (i, field) in cases {
            assert_eq!(i.validate().unwrap_err().field, field, "{i:?}");
        }
    }

    #[test]
    fn service_kinds_as_typed() {
        assert_eq!(
            parse_service_kinds(&["１１・１５、a6".into()]).unwrap(),
            vec!["11", "15", "A6"]
        );
        assert_eq!(service_kind_label("43"), Some("居宅介護支援"));
    }

    #[test]
    fn csv_lines_get_their_own_outcome() {
        let text = "\u{feff}事業所番号,事業所名,サービス種類,指定年月日,所在地\n\
            1371123454,見本ケアセンター,11・15 43,2020-04-01,見本町1\n\
            1371123455,番号違い,11,2020-04-01,\n\
            ,,,,\n\
            13A7100010,総合事業所,A6,令和2年4月1日,\n";
        let lines = parse_csv(text).unwrap();
        assert_eq!(lines.len(), 3);
        assert_eq!(lines[0].line, 2);
        let p = lines[0].entry.as_ref().unwrap();
        assert_eq!(p.service_kinds, vec!["11", "15", "43"]);
        assert_eq!(p.address, "見本町1");
        assert!(lines[1].entry.as_ref().unwrap_err().contains("検証番号"));
        assert_eq!(lines[2].line, 5);
        assert_eq!(
            lines[2].entry.as_ref().unwrap().check,
            NumberCheck::Unverified
        );
    }

    #[test]
    fn a_file_without_required_columns_is_refused_whole() {
        assert!(
            parse_csv("name,service_kinds,valid_from\nA,11,2020-04-01\n")
                .unwrap_err()
                .contains("事業所番号")
        );
        assert!(parse_csv("number,name,service_kinds,valid_from,colour\n")
            .unwrap_err()
            .contains("colour"));
        let en = "number,name,service_kinds,valid_from\n1371123454,A,11,2020-04-01\n";
        assert!(parse_csv(en).unwrap()[0].entry.is_ok());
    }

    #[test]
    fn changed_fields_are_named() {
        let a = input().validate().unwrap();
        let b = ProviderInput {
            name: "新しい名前".into(),
            address: "別の所".into(),
            ..input()
        }
        .validate()
        .unwrap();
        assert_eq!(changed_fields(&a, &b), vec!["事業所名", "所在地"]);
        assert!(changed_fields(&a, &a).is_empty());
    }

    #[test]
    fn designation_period() {
        let d = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").unwrap();
        assert!(designated_on(d("2020-04-01"), None, d("2026-05-01")));
        assert!(!designated_on(d("2020-04-01"), None, d("2020-03-31")));
        assert!(designated_on(
            d("2020-04-01"),
            Some(d("2026-04-30")),
            d("2026-04-30")
        ));
        assert!(!designated_on(
            d("2020-04-01"),
            Some(d("2026-04-30")),
            d("2026-05-01")
        ));
    }
}
