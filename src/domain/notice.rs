//! The office-editable wording of decision notices (決定通知書): the 教示文 (appeal guidance,
//! DOMAIN §9) and the lead sentence of each kind of notice, with their default texts and the
//! placeholders they may use.
//!
//! Here: the keys, the defaults, validation of an edited text and filling in the placeholders
//! (no I/O). Not here: storing the texts (`store::notices`), who may edit them and the audit
//! (`service::notices`), drawing the notice (`print::forms::decision_notice`).
//!
//! Placeholders: `{prefecture}` (都道府県名 from 事務所設定, e.g. 埼玉県), `{governor}` (its
//! governor, e.g. 埼玉県知事), `{defendant}` (the body a 取消訴訟 is brought against, e.g. 見本市)
//! and `{defendant_head}` (who represents it in court, e.g. 見本市長). Any other `{…}` is refused
//! when the text is saved, so a typo never reaches a citizen's letter.
//!
//! The 教示文 must carry every element the law requires ([`AppealElement`]: 行政不服審査法82条
//! for the 審査請求, 行政事件訴訟法46条 for the 取消訴訟 — defendant, time limit, and that the
//! review comes first, 生活保護法69条). The office may reword it, but a text missing an element
//! is refused when saved and, should one be in the database already, when a notice is printed.

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

/// 教示文 (wording in the style of real notices, unverified against a particular office's):
/// 審査請求 to the governor within 3 months of learning of the decision and not after 1 year
/// (行政不服審査法18条); 再審査請求 to the Minister within 1 month of the ruling (同法62条,
/// 生活保護法66条); a 取消訴訟 only after the ruling (生活保護法69条), against the municipality
/// represented by its mayor (行政事件訴訟法11条・46条1項1号), within 6 months of learning of the
/// ruling and not after 1 year from it (同法14条1項・3項); the exceptions of 同法8条2項.
pub const DEFAULT_APPEAL: &str = "1　この決定に不服があるときは、この決定があったことを知った日の翌日から起算して3か月以内に、{governor}に対して審査請求をすることができます（なお、この決定があったことを知った日の翌日から起算して3か月以内であっても、この決定の日の翌日から起算して1年を経過すると、審査請求をすることができなくなります。）。\n2　1の審査請求に対する裁決に不服があるときは、その裁決があったことを知った日の翌日から起算して1か月以内に、厚生労働大臣に対して再審査請求をすることができます。\n3　この決定の取消しを求める訴えは、1の審査請求に対する裁決を経た後でなければ提起することができません（生活保護法第69条）。この訴えは、その裁決があったことを知った日の翌日から起算して6か月以内に、{defendant}を被告として（訴訟において{defendant}を代表する者は{defendant_head}となります。）提起することができます（なお、その裁決があったことを知った日の翌日から起算して6か月以内であっても、その裁決の日の翌日から起算して1年を経過すると、この訴えを提起することができなくなります。）。\n4　ただし、審査請求があった日から3か月を経過しても裁決がないとき、処分、処分の執行又は手続の続行により生ずる著しい損害を避けるため緊急の必要があるとき、その他裁決を経ないことにつき正当な理由があるときは、裁決を経ないでこの決定の取消しを求める訴えを提起することができます（行政事件訴訟法第8条第2項）。";

/// One element the 教示 of a decision notice must carry. Each is checked on the office's text
/// (after [`appeal_check_form`], so ３ヶ月 counts as 3か月): a placeholder where the fact comes from
/// 事務所設定, the period or authority itself where it comes from the law.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum AppealElement {
    /// 審査請求をすべき行政庁 (the governor): 行政不服審査法82条1項.
    ReviewAuthority,
    /// 審査請求期間: 3 months from the day after learning, not after 1 year (同法18条).
    ReviewPeriod,
    /// 再審査請求: to the Minister within 1 month of the ruling (同法62条, 生活保護法66条).
    Reexamination,
    /// 審査請求前置: a court action only after the ruling (生活保護法69条, 行政事件訴訟法46条1項3号).
    ReviewFirst,
    /// 取消訴訟の被告 and who represents it (行政事件訴訟法46条1項1号).
    Defendant,
    /// 出訴期間: 6 months from the day after learning of the ruling, not after 1 year
    /// (行政事件訴訟法46条1項2号・14条3項).
    SuitPeriod,
}

impl AppealElement {
    pub const ALL: [AppealElement; 6] = [
        AppealElement::ReviewAuthority,
        AppealElement::ReviewPeriod,
        AppealElement::Reexamination,
        AppealElement::ReviewFirst,
        AppealElement::Defendant,
        AppealElement::SuitPeriod,
    ];

    /// What the element is, for the settings screen and the refusal message.
    pub fn label(self) -> &'static str {
        match self {
            AppealElement::ReviewAuthority => "審査請求をすべき行政庁（{governor}）",
            AppealElement::ReviewPeriod => {
                "審査請求の期間（知った日の翌日から3か月・決定の日の翌日から1年）"
            }
            AppealElement::Reexamination => "再審査請求（厚生労働大臣・1か月）",
            AppealElement::ReviewFirst => {
                "審査請求の裁決を経た後でなければ訴えを提起できないこと（生活保護法第69条）"
            }
            AppealElement::Defendant => {
                "取消訴訟の被告とその代表者（{defendant}・{defendant_head}）"
            }
            AppealElement::SuitPeriod => {
                "取消訴訟の出訴期間（裁決を知った日の翌日から6か月・裁決の日の翌日から1年）"
            }
        }
    }

    /// The law that requires it.
    pub fn law(self) -> &'static str {
        match self {
            AppealElement::ReviewAuthority | AppealElement::ReviewPeriod => "行政不服審査法第82条",
            AppealElement::Reexamination => "行政不服審査法第82条・生活保護法第66条",
            AppealElement::ReviewFirst => "行政事件訴訟法第46条第1項第3号・生活保護法第69条",
            AppealElement::Defendant => "行政事件訴訟法第46条第1項第1号",
            AppealElement::SuitPeriod => "行政事件訴訟法第46条第1項第2号・第14条第3項",
        }
    }

    /// What must appear in the text (in [`appeal_check_form`]).
    fn required(self) -> &'static [&'static str] {
        match self {
            AppealElement::ReviewAuthority => &["{governor}", "審査請求"],
            AppealElement::ReviewPeriod => &["3か月", "1年"],
            AppealElement::Reexamination => &["厚生労働大臣", "再審査請求", "1か月"],
            AppealElement::ReviewFirst => &["第69条"],
            AppealElement::Defendant => &["{defendant}", "{defendant_head}", "被告"],
            AppealElement::SuitPeriod => &["6か月", "1年", "裁決"],
        }
    }

    /// Whether `text` (an office's 教示文, placeholders not yet filled) carries this element.
    pub fn present_in(self, text: &str) -> bool {
        let t = appeal_check_form(text);
        self.required().iter().all(|r| t.contains(r))
    }
}

/// The form the element check reads: NFKC (３ → 3), kanji numerals before 年・か月 as digits,
/// every way of writing "months" (箇月・ヶ月・ケ月・カ月・ヵ月) as か月, 六十九条 as 69条.
pub fn appeal_check_form(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    let mut t: String = text.nfkc().collect();
    for m in ["箇月", "ヶ月", "ケ月", "カ月", "ヵ月"] {
        t = t.replace(m, "か月");
    }
    for (k, d) in [("一", "1"), ("三", "3"), ("六", "6")] {
        t = t.replace(&format!("{k}か月"), &format!("{d}か月"));
        t = t.replace(&format!("{k}年"), &format!("{d}年"));
    }
    t.replace("六十九条", "69条")
}

/// The elements `text` lacks (empty = complete).
pub fn missing_appeal_elements(text: &str) -> Vec<AppealElement> {
    AppealElement::ALL
        .into_iter()
        .filter(|e| !e.present_in(text))
        .collect()
}

/// Refuse a 教示文 that lacks an element, naming every one missing.
pub fn check_appeal_elements(text: &str) -> Result<(), ValidationError> {
    let missing = missing_appeal_elements(text);
    if missing.is_empty() {
        return Ok(());
    }
    Err(ValidationError::new(
        "text",
        format!(
            "教示文に必要な事項がありません: {}。文面を変えるときも、これらの事項は残してください",
            missing
                .iter()
                .map(|e| format!("{}（{}）", e.label(), e.law()))
                .collect::<Vec<_>>()
                .join("、")
        ),
    ))
}

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
pub const PLACEHOLDERS: [&str; 4] = [
    "{prefecture}",
    "{governor}",
    "{defendant}",
    "{defendant_head}",
];

/// What the placeholders are filled with, from 事務所設定.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct NoticeFacts<'a> {
    /// 都道府県 (the 審査庁 is its governor).
    pub prefecture: &'a str,
    /// The body a 取消訴訟 is brought against (the municipality of the 実施機関), e.g. 見本市.
    pub defendant: &'a str,
    /// Who represents it in court, e.g. 見本市長.
    pub defendant_head: &'a str,
}

impl<'a> NoticeFacts<'a> {
    pub fn of(office: &'a super::office::OfficeSettings) -> Self {
        NoticeFacts {
            prefecture: &office.prefecture,
            defendant: &office.municipality_name,
            defendant_head: &office.municipality_head,
        }
    }
}

/// The governor a 審査請求 goes to: "埼玉県" → "埼玉県知事" (also 東京都知事, 北海道知事, 大阪府知事).
pub fn governor_of(prefecture: &str) -> String {
    format!("{}知事", prefecture.trim())
}

/// Check an edited text: not empty, not too long, only known placeholders, braces balanced, and
/// for the 教示文 every required element ([`check_appeal_elements`]).
/// Returns the text with line ends normalised to `\n` and outer blank space trimmed.
pub fn validate_template(key: TemplateKey, text: &str) -> Result<String, ValidationError> {
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
    if key == TemplateKey::Appeal {
        check_appeal_elements(&t)?;
    }
    Ok(t)
}

/// Fill the placeholders from 事務所設定. An office without a prefecture cannot print a notice
/// (the 審査請求 would have no addressee), nor one without the defendant when the text names it.
pub fn fill(text: &str, facts: &NoticeFacts<'_>) -> Result<String, ValidationError> {
    let pref = facts.prefecture.trim();
    if pref.is_empty() {
        return Err(ValidationError::new(
            "prefecture",
            "事務所設定の都道府県が未設定のため、教示文を作れません。先に事務所設定を保存してください",
        ));
    }
    let needs = |p: &str, v: &str, field: &'static str, label: &str| {
        if text.contains(p) && v.trim().is_empty() {
            Err(ValidationError::new(
                field,
                format!("事務所設定の「{label}」が未設定のため、教示文を作れません。先に事務所設定を保存してください"),
            ))
        } else {
            Ok(())
        }
    };
    needs(
        "{defendant}",
        facts.defendant,
        "municipality_name",
        "取消訴訟の被告",
    )?;
    needs(
        "{defendant_head}",
        facts.defendant_head,
        "municipality_head",
        "被告の代表者",
    )?;
    Ok(text
        .replace("{governor}", &governor_of(pref))
        .replace("{prefecture}", pref)
        .replace("{defendant_head}", facts.defendant_head.trim())
        .replace("{defendant}", facts.defendant.trim()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const FACTS: NoticeFacts<'static> = NoticeFacts {
        prefecture: "埼玉県",
        defendant: "見本市",
        defendant_head: "見本市長",
    };

    #[test]
    fn default_appeal_is_filled_with_the_governor_and_the_defendant() {
        let t = fill(DEFAULT_APPEAL, &FACTS).unwrap();
        assert!(t.contains("埼玉県知事に対して審査請求"), "{t}");
        assert!(t.contains("3か月以内") && t.contains("1年を経過") && t.contains("1か月以内"));
        assert!(t.contains("厚生労働大臣") && t.contains("生活保護法第69条"));
        assert!(t.contains("見本市を被告として"), "{t}");
        assert!(t.contains("見本市を代表する者は見本市長"), "{t}");
        assert!(
            t.contains("裁決があったことを知った日の翌日から起算して6か月以内"),
            "{t}"
        );
        assert!(
            t.contains("その裁決の日の翌日から起算して1年を経過すると"),
            "{t}"
        );
        assert!(!t.contains('{'), "{t}");
        assert!(t.chars().count() <= MAX_TEMPLATE_CHARS);
        assert_eq!(governor_of("東京都"), "東京都知事");
    }

    #[test]
    fn every_default_validates_and_carries_every_element() {
        for k in TemplateKey::ALL {
            assert_eq!(
                validate_template(k, k.default_text()).unwrap(),
                k.default_text(),
                "{k:?}"
            );
            assert_eq!(TemplateKey::from_code(k.code()), Some(k));
        }
        assert!(missing_appeal_elements(DEFAULT_APPEAL).is_empty());
    }

    #[test]
    fn an_appeal_without_an_element_is_refused_naming_it() {
        // The pre-issue-9 default: no defendant, no time limit for the court action.
        let old = "1　この決定に不服があるときは、この決定があったことを知った日の翌日から起算して3か月以内に、{governor}に対して審査請求をすることができます（なお、この決定の日の翌日から起算して1年を経過すると、審査請求をすることができなくなります。）。\n2　1の審査請求に対する裁決に不服があるときは、その裁決があったことを知った日の翌日から起算して1か月以内に、厚生労働大臣に対して再審査請求をすることができます。\n3　この決定の取消しを求める訴えは、1の審査請求に対する{governor}の裁決を経た後でなければ、提起することができません（生活保護法第69条）。";
        assert_eq!(
            missing_appeal_elements(old),
            vec![AppealElement::Defendant, AppealElement::SuitPeriod]
        );
        let e = validate_template(TemplateKey::Appeal, old).unwrap_err();
        assert!(
            e.message.contains("被告") && e.message.contains("出訴期間"),
            "{}",
            e.message
        );
        // Each element removed on its own is refused.
        for (cut, element) in [
            ("{governor}に対して審査請求", AppealElement::ReviewAuthority),
            ("厚生労働大臣", AppealElement::Reexamination),
            ("（生活保護法第69条）", AppealElement::ReviewFirst),
            ("{defendant}を被告として", AppealElement::Defendant),
        ] {
            let t = DEFAULT_APPEAL.replace(cut, "");
            assert!(missing_appeal_elements(&t).contains(&element), "{cut}");
            assert!(validate_template(TemplateKey::Appeal, &t).is_err());
        }
        let t = DEFAULT_APPEAL.replace("6か月", "60日");
        assert_eq!(missing_appeal_elements(&t), vec![AppealElement::SuitPeriod]);
        // A lead sentence needs none of them.
        assert!(validate_template(TemplateKey::LeadStart, "次のとおり決定しました。").is_ok());
    }

    #[test]
    fn rewording_keeps_the_elements_whatever_the_notation() {
        let t = DEFAULT_APPEAL
            .replace("3か月", "３箇月")
            .replace("6か月", "六ヶ月")
            .replace("1年", "一年")
            .replace("生活保護法第69条", "生活保護法第６９条");
        assert!(
            missing_appeal_elements(&t).is_empty(),
            "{:?}",
            missing_appeal_elements(&t)
        );
    }

    #[test]
    fn unknown_placeholders_and_stray_braces_are_refused() {
        let lead = TemplateKey::LeadStart;
        assert!(validate_template(lead, "{governer}に対して")
            .unwrap_err()
            .message
            .contains("{governer}"));
        assert!(validate_template(lead, "{governor").is_err());
        assert!(validate_template(lead, "governor}").is_err());
        assert!(validate_template(lead, "  \n ").is_err());
        assert_eq!(
            validate_template(lead, " {prefecture}の\r\n知事 ").unwrap(),
            "{prefecture}の\n知事"
        );
    }

    #[test]
    fn no_prefecture_or_defendant_no_notice() {
        let none = NoticeFacts {
            prefecture: " ",
            ..FACTS
        };
        assert_eq!(fill(DEFAULT_APPEAL, &none).unwrap_err().field, "prefecture");
        let no_defendant = NoticeFacts {
            defendant: "",
            ..FACTS
        };
        assert_eq!(
            fill(DEFAULT_APPEAL, &no_defendant).unwrap_err().field,
            "municipality_name"
        );
        // A lead sentence without the placeholder prints without it.
        assert!(fill("次のとおり決定しました。", &no_defendant).is_ok());
    }
}
