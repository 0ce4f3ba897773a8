//! 印字できる字か: names, addresses and the office's own lines go on notices, certificates and
//! vouchers, printed with the bundled IPAex fonts only. A character those fonts lack (an 外字
//! such as 𠮷) is refused when it is typed — with the character and what to do — rather than
//! found when a notice fails to print (`print::fonts::unprintable`).

use crate::domain::household::{ValidHousehold, ValidMember, ValidationError};
use crate::domain::office::OfficeSettings;

fn field(field: &'static str, label: &str, s: &str) -> Result<(), ValidationError> {
    match crate::print::fonts::unprintable(s) {
        None => Ok(()),
        Some(c) => Err(ValidationError::new(
            field,
            format!(
                "{label}の「{c}」（U+{:04X}）は帳票の印刷用フォント（IPAex）にない字のため、通知書や証明書に印字できません。通常の字に置き換えて入力してください（例: 𠮷 → 吉）。正しい字体はケース記録に書き留めてください",
                c as u32
            ),
        )),
    }
}

pub(crate) fn household(v: &ValidHousehold) -> Result<(), ValidationError> {
    field("address", "住所", &v.address)
}

pub(crate) fn member(v: &ValidMember) -> Result<(), ValidationError> {
    field("name", "氏名", &v.name)?;
    field("kana", "フリガナ", &v.kana)?;
    field("relationship", "続柄", &v.relationship)
}

pub(crate) fn office(s: &OfficeSettings) -> Result<(), ValidationError> {
    for (f, label, v) in [
        ("office_name", "福祉事務所名", &s.office_name),
        ("prefecture", "都道府県", &s.prefecture),
        ("chief_title", "所長の職名", &s.chief_title),
        ("chief_name", "所長の氏名", &s.chief_name),
        ("address", "所在地", &s.address),
        ("municipality_name", "市町村名", &s.municipality_name),
        ("municipality_head", "市町村長", &s.municipality_head),
    ] {
        field(f, label, v)?;
    }
    Ok(())
}
