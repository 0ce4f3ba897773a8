//! A reason chosen from a short list, or typed when none fits (その他): the purpose of a My Number
//! view, the reason for opening another caseworker's case. Both go to the audit log as text.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::household::ValidationError;

pub const MAX_NOTE_CHARS: usize = 200;

/// The short list a reason is chosen from; one entry is その他, which needs words.
pub trait ReasonKind: Copy + 'static {
    /// The request's name for the reason (`purpose`, `reason`): a refusal names it.
    const FIELD: &'static str;
    /// 「表示の目的」, 「閲覧の理由」: the word of its messages.
    const WHAT: &'static str;
    /// The list, in the order the dialog offers it.
    const LIST: &'static [Self];
    fn label(self) -> &'static str;
    fn is_other(self) -> bool;

    /// The list as the dialog shows it.
    fn options() -> Vec<ReasonOption<Self>> {
        Self::LIST
            .iter()
            .map(|&kind| ReasonOption {
                kind,
                label: kind.label().into(),
            })
            .collect()
    }
}

/// One entry of a reason dialog's list.
#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct ReasonOption<K> {
    pub kind: K,
    pub label: String,
}

/// A reason as given: a kind from the list and, for その他 (or to add detail), the words typed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct StatedReason<K> {
    pub kind: K,
    #[serde(default)]
    pub note: String,
}

impl<K: ReasonKind> StatedReason<K> {
    /// Trimmed, with その他 needing words.
    pub fn validate(&self) -> Result<StatedReason<K>, ValidationError> {
        Ok(StatedReason {
            kind: self.kind,
            note: checked_note(self.kind, &self.note, K::FIELD, K::WHAT)?,
        })
    }

    /// As the audit log shows it.
    pub fn text(&self) -> String {
        reason_text(self.kind, &self.note)
    }
}

fn checked_note<K: ReasonKind>(
    kind: K,
    note: &str,
    field: &'static str,
    what: &str,
) -> Result<String, ValidationError> {
    let note = note.trim().to_string();
    if kind.is_other() && note.is_empty() {
        return Err(ValidationError::new(
            field,
            format!("{what}を入力してください（「その他」を選んだとき）"),
        ));
    }
    if note.chars().count() > MAX_NOTE_CHARS {
        return Err(ValidationError::new(
            field,
            format!("{what}は{MAX_NOTE_CHARS}文字以内で入力してください"),
        ));
    }
    Ok(note)
}

/// 「本人確認（番号確認）」, 「本人確認（番号確認）（窓口で）」, or for その他 the words alone.
fn reason_text<K: ReasonKind>(kind: K, note: &str) -> String {
    match (kind.is_other(), note.is_empty()) {
        (true, _) => note.to_string(),
        (false, true) => kind.label().into(),
        (false, false) => format!("{}（{}）", kind.label(), note),
    }
}
