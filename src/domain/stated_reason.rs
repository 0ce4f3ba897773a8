//! A reason chosen from a short list, or typed when none fits (その他): the purpose of a My Number
//! view, the reason for opening another caseworker's case. Both go to the audit log as text.

use super::household::ValidationError;

pub const MAX_NOTE_CHARS: usize = 200;

/// The short list a reason is chosen from; one entry is その他, which needs words.
pub trait ReasonKind: Copy {
    fn label(self) -> &'static str;
    fn is_other(self) -> bool;
}

/// The words typed with a reason, trimmed; `what` names the reason in the message
/// (「表示の目的」, 「閲覧の理由」).
pub fn checked_note<K: ReasonKind>(
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

/// As the log shows it: 「本人確認（番号確認）」, 「本人確認（番号確認）（窓口で）」, or for
/// その他 the words alone.
pub fn reason_text<K: ReasonKind>(kind: K, note: &str) -> String {
    match (kind.is_other(), note.is_empty()) {
        (true, _) => note.to_string(),
        (false, true) => kind.label().into(),
        (false, false) => format!("{}（{}）", kind.label(), note),
    }
}
