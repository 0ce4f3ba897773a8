//! 保護申請書 as the form has it (seed 000 別添1, DOMAIN §2.2): who applied and their relation
//! to the household, 主訴 (why they apply), the kinds of aid asked for, whether the 資産申告書,
//! 収入申告書 and 同意書 were handed in, and the 扶養義務者 with whether each is to be asked
//! (扶養照会) — never for a household under DV protection.
//!
//! Here: the form and its validation (no I/O). Stored as JSON with the application
//! (`store::decisions`), registered by `service::decisions::applications`, printed on the 開始
//! and 却下 notices (`service::notices`).

use serde::{Deserialize, Serialize};

use super::aid::AidKind;
use super::household::ValidationError;

/// 扶養義務者 as the applicant declared them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct SupportObligor {
    /// 氏名.
    pub name: String,
    /// 続柄 (to the applicant), e.g. 長男, 妹.
    pub relationship: String,
    /// Whether the office will send a 扶養照会. Never for a household under DV protection.
    #[serde(default)]
    pub inquire: bool,
    /// Why not (e.g. 長期間音信不通, DV), when `inquire` is false.
    #[serde(default)]
    pub no_inquiry_reason: String,
}

/// The application form's contents.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, ts_rs::TS)]
pub struct ApplicationForm {
    /// 申請者の氏名 (the person who signed; may be a relative or other person, 法7条).
    pub applicant_name: String,
    /// 申請者と世帯の関係, e.g. 本人, 世帯主の長男, 扶養義務者.
    pub applicant_relationship: String,
    /// 主訴: why the household applies, in the applicant's words.
    pub main_complaint: String,
    /// 申請する扶助の種類.
    #[serde(default)]
    pub aids_requested: Vec<AidKind>,
    /// 資産申告書 received.
    #[serde(default)]
    pub asset_declaration: bool,
    /// 収入申告書 received.
    #[serde(default)]
    pub income_declaration: bool,
    /// 同意書 (consent to inquiries, 法29条) received.
    #[serde(default)]
    pub consent_form: bool,
    /// 扶養義務者.
    #[serde(default)]
    pub support_obligors: Vec<SupportObligor>,
}

/// Longest free text on the form (主訴); names and relations are bounded like the registry's.
pub const MAX_COMPLAINT_CHARS: usize = 400;
/// At most this many 扶養義務者 on one form.
pub const MAX_OBLIGORS: usize = 20;

impl ApplicationForm {
    /// Check the form; `dv_protected` is whether any member of the household is under DV
    /// protection (no 扶養照会 may then be planned). Returns the form trimmed, aids in the order
    /// of the law without duplicates.
    pub fn validate(&self, dv_protected: bool) -> Result<ApplicationForm, ValidationError> {
        let bound =
            |field: &'static str, label: &str, v: &str, max: usize| match super::text::problem(
                label, v, max,
            ) {
                Some(m) => Err(ValidationError::new(field, m)),
                None => Ok(v.trim().to_string()),
            };
        let required = |field: &'static str, label: &str, v: &str, max: usize| {
            if v.trim().is_empty() {
                return Err(ValidationError::new(field, format!("{label}は必須です")));
            }
            bound(field, label, v, max)
        };
        let mut f = ApplicationForm {
            applicant_name: required("applicant_name", "申請者の氏名", &self.applicant_name, 60)?,
            applicant_relationship: required(
                "applicant_relationship",
                "申請者と世帯の関係",
                &self.applicant_relationship,
                30,
            )?,
            main_complaint: required(
                "main_complaint",
                "主訴",
                &self.main_complaint,
                MAX_COMPLAINT_CHARS,
            )?,
            aids_requested: self.aids_requested.clone(),
            asset_declaration: self.asset_declaration,
            income_declaration: self.income_declaration,
            consent_form: self.consent_form,
            support_obligors: vec![],
        };
        f.aids_requested.sort();
        f.aids_requested.dedup();
        if f.aids_requested.is_empty() {
            return Err(ValidationError::new(
                "aids_requested",
                "申請する扶助の種類を1つ以上選んでください",
            ));
        }
        if self.support_obligors.len() > MAX_OBLIGORS {
            return Err(ValidationError::new(
                "support_obligors",
                format!("扶養義務者は{MAX_OBLIGORS}人までです"),
            ));
        }
        for (i, o) in self.support_obligors.iter().enumerate() {
            let n = i + 1;
            let name = required(
                "support_obligors",
                &format!("扶養義務者{n}の氏名"),
                &o.name,
                60,
            )?;
            let relationship = required(
                "support_obligors",
                &format!("扶養義務者{n}の続柄"),
                &o.relationship,
                30,
            )?;
            if o.inquire && dv_protected {
                return Err(ValidationError::new(
                    "support_obligors",
                    format!("DV等の支援対象の世帯のため、扶養義務者{n}（{name}）への扶養照会はできません"),
                ));
            }
            let reason = bound(
                "support_obligors",
                &format!("扶養義務者{n}の照会しない理由"),
                &o.no_inquiry_reason,
                100,
            )?;
            f.support_obligors.push(SupportObligor {
                name,
                relationship,
                inquire: o.inquire,
                no_inquiry_reason: if o.inquire { String::new() } else { reason },
            });
        }
        Ok(f)
    }

    /// "生活扶助・住宅扶助・医療扶助".
    pub fn aids_text(&self) -> String {
        self.aids_requested
            .iter()
            .map(|a| a.label())
            .collect::<Vec<_>>()
            .join("・")
    }

    /// "見本 一郎（世帯主）".
    pub fn applicant_text(&self) -> String {
        format!("{}（{}）", self.applicant_name, self.applicant_relationship)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form() -> ApplicationForm {
        ApplicationForm {
            applicant_name: " 見本 太郎 ".into(),
            applicant_relationship: "本人".into(),
            main_complaint: "失業して収入がなく、家賃が払えない".into(),
            aids_requested: vec![AidKind::Medical, AidKind::Living, AidKind::Living],
            asset_declaration: true,
            income_declaration: true,
            consent_form: true,
            support_obligors: vec![SupportObligor {
                name: "見本 一郎".into(),
                relationship: "兄".into(),
                inquire: true,
                no_inquiry_reason: "x".into(),
            }],
        }
    }

    #[test]
    fn a_complete_form_is_trimmed_and_ordered() {
        let f = form().validate(false).unwrap();
        assert_eq!(f.applicant_name, "見本 太郎");
        assert_eq!(f.aids_requested, vec![AidKind::Living, AidKind::Medical]);
        assert_eq!(f.aids_text(), "生活扶助・医療扶助");
        assert_eq!(f.applicant_text(), "見本 太郎（本人）");
        // A planned inquiry needs no reason for not inquiring.
        assert_eq!(f.support_obligors[0].no_inquiry_reason, "");
    }

    #[test]
    fn required_fields_name_the_field() {
        for (field, change) in [
            (
                "applicant_name",
                (|f: &mut ApplicationForm| f.applicant_name.clear()) as fn(&mut _),
            ),
            ("applicant_relationship", |f| {
                f.applicant_relationship = " ".into()
            }),
            ("main_complaint", |f| f.main_complaint.clear()),
            ("aids_requested", |f| f.aids_requested.clear()),
            ("support_obligors", |f| f.support_obligors[0].name.clear()),
        ] {
            let mut f = form();
            change(&mut f);
            assert_eq!(f.validate(false).unwrap_err().field, field);
        }
    }

    #[test]
    fn no_support_inquiry_for_a_dv_case() {
        let e = form().validate(true).unwrap_err();
        assert_eq!(e.field, "support_obligors");
        assert!(e.message.contains("扶養照会はできません"), "{}", e.message);
        let mut f = form();
        f.support_obligors[0].inquire = false;
        f.support_obligors[0].no_inquiry_reason = "DV等のため".into();
        assert_eq!(
            f.validate(true).unwrap().support_obligors[0].no_inquiry_reason,
            "DV等のため"
        );
    }
}
