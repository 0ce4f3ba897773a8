//! Why a My Number is being looked at (番号法: only for the tasks the law names). The clerk
//! chooses a purpose from a short list, or types it; the purpose goes to the audit log with the
//! view.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::stated_reason::ReasonKind;
pub use super::stated_reason::StatedReason;

/// 表示の目的
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RevealPurposeKind {
    /// 中間サーバーへの情報照会・情報提供
    Inquiry,
    /// 申請書・届出の個人番号との照合
    Verify,
    /// 本人確認（番号確認）
    Identity,
    /// その他（内容を入力）
    Other,
}

impl RevealPurposeKind {
    pub const ALL: [RevealPurposeKind; 4] = [
        RevealPurposeKind::Inquiry,
        RevealPurposeKind::Verify,
        RevealPurposeKind::Identity,
        RevealPurposeKind::Other,
    ];
    pub fn code(self) -> &'static str {
        match self {
            RevealPurposeKind::Inquiry => "inquiry",
            RevealPurposeKind::Verify => "verify",
            RevealPurposeKind::Identity => "identity",
            RevealPurposeKind::Other => "other",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            RevealPurposeKind::Inquiry => "中間サーバーへの情報照会・情報提供",
            RevealPurposeKind::Verify => "申請書・届出の個人番号との照合",
            RevealPurposeKind::Identity => "本人確認（番号確認）",
            RevealPurposeKind::Other => "その他",
        }
    }
}

/// The purpose given for one view.
pub type RevealPurpose = StatedReason<RevealPurposeKind>;

impl ReasonKind for RevealPurposeKind {
    const FIELD: &'static str = "purpose";
    const LIST: &'static [Self] = &RevealPurposeKind::ALL;
    const WHAT: &'static str = "表示の目的";
    fn label(self) -> &'static str {
        RevealPurposeKind::label(self)
    }
    fn is_other(self) -> bool {
        self == RevealPurposeKind::Other
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn other_needs_words_and_the_text_reads_as_typed() {
        let other = RevealPurpose {
            kind: RevealPurposeKind::Other,
            note: "  ".into(),
        };
        assert_eq!(other.validate().unwrap_err().field, "purpose");
        let p = RevealPurpose {
            kind: RevealPurposeKind::Other,
            note: " 年金事務所からの照会 ".into(),
        }
        .validate()
        .unwrap();
        assert_eq!(p.text(), "年金事務所からの照会");
        let p = RevealPurpose {
            kind: RevealPurposeKind::Identity,
            note: String::new(),
        };
        assert_eq!(p.validate().unwrap().text(), "本人確認（番号確認）");
    }
}
