//! 扶助の種類: the eight kinds of aid of 生活保護法 第11条, as the law names them. The calculation
//! prices some of them (`calc::KindOfAid`, mapped here by `calc::KindOfAid::aid_kind`); the
//! application form asks for them, the certificate states them.

use serde::{Deserialize, Serialize};

/// The eight kinds of aid of 生活保護法 第11条, in the order of the law.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum AidKind {
    Living,
    Education,
    Housing,
    Medical,
    LongTermCare,
    Maternity,
    Occupational,
    Funeral,
}

impl AidKind {
    pub const ALL: [AidKind; 8] = [
        AidKind::Living,
        AidKind::Education,
        AidKind::Housing,
        AidKind::Medical,
        AidKind::LongTermCare,
        AidKind::Maternity,
        AidKind::Occupational,
        AidKind::Funeral,
    ];

    /// The code as serialised ("living", "long_term_care", …).
    pub fn code(self) -> &'static str {
        match self {
            AidKind::Living => "living",
            AidKind::Education => "education",
            AidKind::Housing => "housing",
            AidKind::Medical => "medical",
            AidKind::LongTermCare => "long_term_care",
            AidKind::Maternity => "maternity",
            AidKind::Occupational => "occupational",
            AidKind::Funeral => "funeral",
        }
    }

    /// From the code or the Japanese label (生活扶助, or without 扶助: 生活).
    pub fn from_code(s: &str) -> Option<AidKind> {
        let s = s.trim();
        Self::ALL
            .into_iter()
            .find(|a| a.code() == s || a.label() == s || a.label().strip_suffix("扶助") == Some(s))
    }

    pub fn label(self) -> &'static str {
        match self {
            AidKind::Living => "生活扶助",
            AidKind::Education => "教育扶助",
            AidKind::Housing => "住宅扶助",
            AidKind::Medical => "医療扶助",
            AidKind::LongTermCare => "介護扶助",
            AidKind::Maternity => "出産扶助",
            AidKind::Occupational => "生業扶助",
            AidKind::Funeral => "葬祭扶助",
        }
    }
}
