//! 扶助の種類: the eight kinds of aid of 生活保護法 第11条 — one vocabulary for the calculation
//! (which prices six of them), the decision and its snapshot, the notices and the certificate,
//! the RPC views and the screens.

use serde::{Deserialize, Deserializer, Serialize};

/// The eight kinds of aid of 生活保護法 第11条, in the order of the law.
///
/// Serialised as `living`, `long_term_care`, `occupational` …; decisions stored before the
/// vocabulary was one wrote 介護扶助 as `care` and 生業扶助 as `occupation` (the calculation's old
/// words), which still read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AidKind {
    /// 生活扶助
    Living,
    /// 教育扶助
    Education,
    /// 住宅扶助
    Housing,
    /// 医療扶助 (in kind, at actual cost)
    Medical,
    /// 介護扶助 (in kind, at actual cost)
    LongTermCare,
    /// 出産扶助
    Maternity,
    /// 生業扶助 (in the calculation: 高等学校等就学費)
    Occupational,
    /// 葬祭扶助
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

    /// From the code as stored: today's, or the calculation's old word (`care`, `occupation`).
    pub fn from_stored(s: &str) -> Option<AidKind> {
        match s {
            "care" => Some(AidKind::LongTermCare),
            "occupation" => Some(AidKind::Occupational),
            _ => Self::ALL.into_iter().find(|a| a.code() == s),
        }
    }

    /// From a code (see [`from_stored`](Self::from_stored)) or the Japanese label (生活扶助, or
    /// without 扶助: 生活), as typed on the command line.
    pub fn from_code(s: &str) -> Option<AidKind> {
        let s = s.trim();
        Self::from_stored(s).or_else(|| {
            Self::ALL
                .into_iter()
                .find(|a| a.label() == s || a.label().strip_suffix("扶助") == Some(s))
        })
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

    /// Paid in kind (現物給付): counts for need and 本人支払額, never paid in cash.
    pub fn in_kind(self) -> bool {
        matches!(self, AidKind::LongTermCare | AidKind::Medical)
    }
}

impl<'de> Deserialize<'de> for AidKind {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = std::borrow::Cow::<str>::deserialize(d)?;
        AidKind::from_stored(&s).ok_or_else(|| {
            serde::de::Error::unknown_variant(
                &s,
                &[
                    "living",
                    "education",
                    "housing",
                    "medical",
                    "long_term_care",
                    "maternity",
                    "occupational",
                    "funeral",
                ],
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_labels_and_the_old_names_read_back() {
        for k in AidKind::ALL {
            let json = serde_json::to_string(&k).unwrap();
            assert_eq!(json, format!("\"{}\"", k.code()));
            assert_eq!(serde_json::from_str::<AidKind>(&json).unwrap(), k);
            assert_eq!(AidKind::from_code(k.code()), Some(k));
            assert_eq!(AidKind::from_code(k.label()), Some(k));
        }
        for (old, k) in [
            ("care", AidKind::LongTermCare),
            ("occupation", AidKind::Occupational),
        ] {
            assert_eq!(
                serde_json::from_str::<AidKind>(&format!("\"{old}\"")).unwrap(),
                k
            );
            assert_eq!(AidKind::from_code(old), Some(k));
        }
        assert_eq!(AidKind::from_code("介護"), Some(AidKind::LongTermCare));
        assert_eq!(AidKind::from_code("扶助"), None);
        assert!(serde_json::from_str::<AidKind>("\"nursing\"").is_err());
        assert!(AidKind::Medical.in_kind() && !AidKind::Housing.in_kind());
    }
}
