//! 他の担当者のケース (another caseworker's case): opening a household someone else is assigned
//! to is allowed, but the user says why, and the reason goes to the audit log with the open. The
//! 査察指導員 and the 決裁者 oversee every case, so they are not asked; nor is anyone for a
//! household no one is assigned to.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::role::Role;
use super::stated_reason::ReasonKind;
pub use super::stated_reason::StatedReason;

/// Whether `user_id` (with `role`) must give a reason to open or edit a household assigned to
/// `caseworker_id`.
pub fn reason_needed(role: Role, user_id: &str, caseworker_id: Option<&str>) -> bool {
    match caseworker_id {
        None => false,
        Some(cw) if cw == user_id => false,
        Some(_) => !matches!(role, Role::Supervisor | Role::Approver),
    }
}

/// 閲覧の理由
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum CaseReasonKind {
    /// 窓口・電話での相談・届出の対応
    Counter,
    /// 担当者不在時の代理対応
    Absence,
    /// 医療扶助・介護扶助の事務
    MedicalCare,
    /// 引継ぎ・担当替え
    Handover,
    /// その他（内容を入力）
    Other,
}

impl CaseReasonKind {
    pub const ALL: [CaseReasonKind; 5] = [
        CaseReasonKind::Counter,
        CaseReasonKind::Absence,
        CaseReasonKind::MedicalCare,
        CaseReasonKind::Handover,
        CaseReasonKind::Other,
    ];
}

impl ReasonKind for CaseReasonKind {
    const FIELD: &'static str = "reason";
    const LIST: &'static [Self] = &CaseReasonKind::ALL;
    const WHAT: &'static str = "閲覧の理由";
    fn label(self) -> &'static str {
        match self {
            CaseReasonKind::Counter => "窓口・電話での相談・届出の対応",
            CaseReasonKind::Absence => "担当者不在時の代理対応",
            CaseReasonKind::MedicalCare => "医療扶助・介護扶助の事務",
            CaseReasonKind::Handover => "引継ぎ・担当替え",
            CaseReasonKind::Other => "その他",
        }
    }
    fn is_other(self) -> bool {
        self == CaseReasonKind::Other
    }
}

/// The reason given for opening another caseworker's case.
pub type CaseReason = StatedReason<CaseReasonKind>;

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn another_caseworkers_household_needs_a_reason() {
        assert!(reason_needed(Role::Caseworker, "sato", Some("tanaka")));
        for role in [Role::MedicalClerk, Role::Admin, Role::Readonly] {
            assert!(reason_needed(role, "x", Some("tanaka")), "{role:?}");
        }
    }

    #[test]
    fn own_case_and_unassigned_household_need_none() {
        for role in Role::ALL {
            assert!(!reason_needed(role, "sato", Some("sato")), "{role:?}");
            assert!(!reason_needed(role, "sato", None), "{role:?}");
        }
    }

    #[test]
    fn supervisor_and_approver_are_never_asked() {
        for role in [Role::Supervisor, Role::Approver] {
            assert!(!reason_needed(role, "suzuki", Some("sato")), "{role:?}");
        }
    }

    #[test]
    fn other_needs_words_and_a_listed_reason_reads_with_its_detail() {
        let blank = CaseReason {
            kind: CaseReasonKind::Other,
            note: "  ".into(),
        };
        let e = blank.validate().unwrap_err();
        assert_eq!(e.field, "reason");
        assert!(e.message.contains("閲覧の理由"), "{}", e.message);
        let r = CaseReason {
            kind: CaseReasonKind::Absence,
            note: " 佐藤さん休暇中 ".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(r.text(), "担当者不在時の代理対応（佐藤さん休暇中）");
        let long = CaseReason {
            kind: CaseReasonKind::Counter,
            note: "あ".repeat(201),
        };
        assert!(long.validate().is_err());
    }
}
