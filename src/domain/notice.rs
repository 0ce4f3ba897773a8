//! The office-editable wording of decision notices (決定通知書): the 教示文 (appeal guidance,
//! DOMAIN §9) and the lead sentence of each kind of notice, with their default texts and the
//! placeholders they may use.
//!
//! Here: the keys, the defaults, validation of an edited text and filling in the placeholders
//! (no I/O). Not here: storing the texts (`store::notices`), who may edit them and the audit
//! (`service::notices`), drawing the notice (`print::forms::decision_notice`).
//!
//! Placeholders: `{prefecture}` (都道府県名 from 事務所設定, e.g. 埼玉県) and `{governor}` (its
//! governor, e.g. 埼玉県知事). Any other `{…}` is refused when the text is saved, so a typo never
//! reaches a citizen's letter.

use serde::{Deserialize, Serialize};

use super::decision::DecisionKind;
use super::household::ValidationError;

/// One editable text of the notices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum TemplateKey {
    /// 教示文: printed in a box on every decision notice.
    Appeal,
    /// 前文 of the 保護開始決定通知書.
    LeadStart,
    /// 前文 of the 保護変更決定通知書.
    LeadChange,
    /// 前文 of the 保護停止決定通知書.
    LeadSuspend,
    /// 前文 of the 保護廃止決定通知書.
    LeadAbolish,
    /// 前文 of the 保護申請却下通知書.
    LeadReject,
}

/// The longest text an office may save (the notice has one page and a half for it at most).
pub const MAX_TEMPLATE_CHARS: usize = 1200;

/// 教示文 as DOMAIN §9 states the rules: 審査請求 to the governor within 3 months of learning of
/// the decision and not after 1 year; 再審査請求 to the Minister within 1 month of the ruling;
/// a court action only after the review (法69条). Wording in the style of real notices; the
/// office adjusts it (e.g. adds the 出訴期間 and the defendant, which §9 does not give).
pub const DEFAULT_APPEAL: &str = "1　この決定に不服があるときは、この決定があったことを知った日の翌日から起算して3か月以内に、{governor}に対して審査請求をすることができます（なお、この決定があったことを知った日の翌日から起算して3か月以内であっても、この決定の日の翌日から起算して1年を経過すると、審査請求をすることができなくなります。）。\n2　1の審査請求に対する裁決に不服があるときは、その裁決があったことを知った日の翌日から起算して1か月以内に、厚生労働大臣に対して再審査請求をすることができます。\n3　この決定の取消しを求める訴えは、1の審査請求に対する{governor}の裁決を経た後でなければ、提起することができません（生活保護法第69条）。";

impl TemplateKey {
    pub const ALL: [TemplateKey; 6] = [
        TemplateKey::Appeal,
        TemplateKey::LeadStart,
        TemplateKey::LeadChange,
        TemplateKey::LeadSuspend,
        TemplateKey::LeadAbolish,
        TemplateKey::LeadReject,
    ];

    pub fn code(self) -> &'static str {
        match self {
            TemplateKey::Appeal => "appeal",
            TemplateKey::LeadStart => "lead_start",
            TemplateKey::LeadChange => "lead_change",
            TemplateKey::LeadSuspend => "lead_suspend",
            TemplateKey::LeadAbolish => "lead_abolish",
            TemplateKey::LeadReject => "lead_reject",
        }
    }

    pub fn from_code(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|k| k.code() == s)
    }

    pub fn label(self) -> &'static str {
        match self {
            TemplateKey::Appeal => "教示文",
            TemplateKey::LeadStart => "前文（開始）",
            TemplateKey::LeadChange => "前文（変更）",
            TemplateKey::LeadSuspend => "前文（停止）",
            TemplateKey::LeadAbolish => "前文（廃止）",
            TemplateKey::LeadReject => "前文（却下）",
        }
    }

    /// The lead sentence of the notice for `kind`.
    pub fn lead_for(kind: DecisionKind) -> TemplateKey {
        match kind {
            DecisionKind::Start => TemplateKey::LeadStart,
            DecisionKind::Change => TemplateKey::LeadChange,
            DecisionKind::Suspend => TemplateKey::LeadSuspend,
            DecisionKind::Abolish => TemplateKey::LeadAbolish,
            DecisionKind::Reject => TemplateKey::LeadReject,
        }
    }

    /// The text used until the office saves its own (wording unverified: common practice).
    pub fn default_text(self) -> &'static str {
        match self {
            TemplateKey::Appeal => DEFAULT_APPEAL,
            TemplateKey::LeadStart | TemplateKey::LeadReject => {
                "あなたから申請のあった保護について、次のとおり決定したので通知します。"
            }
            TemplateKey::LeadChange => {
                "あなたの世帯に対する保護について、次のとおり変更することに決定したので通知します。"
            }
            TemplateKey::LeadSuspend => {
                "あなたの世帯に対する保護について、次のとおり停止することに決定したので通知します。"
            }
            TemplateKey::LeadAbolish => {
                "あなたの世帯に対する保護について、次のとおり廃止することに決定したので通知します。"
            }
        }
    }
}

/// The placeholders a template may use.
pub const PLACEHOLDERS: [&str; 2] = ["{prefecture}", "{governor}"];

/// The governor a 審査請求 goes to: "埼玉県" → "埼玉県知事" (also 東京都知事, 北海道知事, 大阪府知事).
pub fn governor_of(prefecture: &str) -> String {
    format!("{}知事", prefecture.trim())
}

/// Check an edited text: not empty, not too long, only known placeholders, braces balanced.
/// Returns the text with line ends normalised to `\n` and outer blank space trimmed.
pub fn validate_template(text: &str) -> Result<String, ValidationError> {
    let t = text
        .replace("\r\n", "\n")
        .replace('\r', "\n")
        .trim()
        .to_string();
    if t.is_empty() {
        return Err(ValidationError::new("text", "文面が空です"));
    }
    if t.chars().count() > MAX_TEMPLATE_CHARS {
        return Err(ValidationError::new(
            "text",
            format!("文面は{MAX_TEMPLATE_CHARS}文字以内にしてください"),
        ));
    }
    let mut rest = t.as_str();
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err(ValidationError::new(
                "text",
                "「}」に対応する「{」がありません",
            ));
        }
        let after = &rest[open..];
        let close = after
            .find('}')
            .ok_or_else(|| ValidationError::new("text", "「{」に対応する「}」がありません"))?;
        let name = &after[..=close];
        if !PLACEHOLDERS.contains(&name) {
            return Err(ValidationError::new(
                "text",
                format!(
                    "差込項目「{name}」は使えません（使えるのは {} です）",
                    PLACEHOLDERS.join("・")
                ),
            ));
        }
        rest = &after[close + 1..];
    }
    Ok(t)
}

/// Fill the placeholders with the office's prefecture. An office without a prefecture cannot
/// print a notice: the 審査請求 would have no addressee.
pub fn fill(text: &str, prefecture: &str) -> Result<String, ValidationError> {
    let pref = prefecture.trim();
    if pref.is_empty() {
        return Err(ValidationError::new(
            "prefecture",
            "事務所設定の都道府県が未設定のため、教示文を作れません。先に事務所設定を保存してください",
        ));
    }
    Ok(text
        .replace("{governor}", &governor_of(pref))
        .replace("{prefecture}", pref))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_appeal_is_filled_with_the_governor() {
        let t = fill(DEFAULT_APPEAL, "埼玉県").unwrap();
        assert!(t.contains("埼玉県知事に対して審査請求"), "{t}");
        assert!(t.contains("3か月以内") && t.contains("1年を経過") && t.contains("1か月以内"));
        assert!(t.contains("厚生労働大臣") && t.contains("生活保護法第69条"));
        assert!(!t.contains('{'), "{t}");
        assert_eq!(governor_of("東京都"), "東京都知事");
    }

    #[test]
    fn every_default_validates() {
        for k in TemplateKey::ALL {
            assert_eq!(
                validate_template(k.default_text()).unwrap(),
                k.default_text(),
                "{k:?}"
            );
            assert_eq!(TemplateKey::from_code(k.code()), Some(k));
        }
    }

    #[test]
    fn unknown_placeholders_and_stray_braces_are_refused() {
        assert!(validate_template("{governer}に対して")
            .unwrap_err()
            .message
            .contains("{governer}"));
        assert!(validate_template("{governor").is_err());
        assert!(validate_template("governor}").is_err());
        assert!(validate_template("  \n ").is_err());
        assert_eq!(
            validate_template(" {prefecture}の\r\n知事 ").unwrap(),
            "{prefecture}の\n知事"
        );
    }

    #[test]
    fn no_prefecture_no_notice() {
        assert_eq!(fill(DEFAULT_APPEAL, " ").unwrap_err().field, "prefecture");
    }
}
