//! 確認リスト (confirmation list): what a person must look at instead of the program deciding.
//!
//! The seeds' consistency check (seed 000 III 2 リスク1, seed 002): when a person who already has a
//! My Number tied to them (same 宛名番号) is about to be registered with a different one, or with
//! none, a line goes on the list — the number is sent as the registry holds it, but never
//! silently. The server's own 個人番号誤入力チェック結果 (item 176) and an inquiry answer that does
//! not match its request add lines too. Lines name the person and show only masked numbers; a
//! clerk marks each one confirmed, with a note. The list prints as a PDF
//! (`print::forms::check_list`).

use rusqlite::Connection;

use super::layout::MyNumberCheck;
use super::{Channel, Result};
use crate::domain::checkdigit::mask_my_number;
use crate::store::exchange::{self as sx, NewCheck};

pub const MY_NUMBER_CHANGED: &str = "my_number_changed";
pub const MY_NUMBER_BLANK: &str = "my_number_blank";
pub const SERVER_MISMATCH: &str = "server_my_number_mismatch";
pub const SERVER_BLANK: &str = "server_my_number_blank";
pub const ANSWER_MISMATCH: &str = "answer_mismatch";

pub fn kind_label(kind: &str) -> &'static str {
    match kind {
        MY_NUMBER_CHANGED => "個人番号の変更",
        MY_NUMBER_BLANK => "個人番号が空白",
        SERVER_MISMATCH => "サーバーの個人番号と不一致",
        SERVER_BLANK => "サーバーで個人番号が空白",
        ANSWER_MISMATCH => "照会結果が依頼と一致しない",
        _ => "確認事項",
    }
}

/// The My Number an eligibility line of a batch carried: its keyed lookup hash (never the
/// number) and last four digits, or `None` when the person had none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SentNumber {
    pub lookup: Option<String>,
    pub last4: String,
}

fn masked(last4: &str) -> String {
    mask_my_number(&format!("00000000{last4}"))
}

/// Called when a batch is sent, for each eligibility line: compare the number sent with the one
/// last sent for the same person (by keyed hash, so no plaintext is kept to compare with).
pub(crate) fn on_export(
    conn: &Connection,
    batch_id: i64,
    outbox_id: i64,
    person_id: i64,
    now: Option<&SentNumber>,
    at: &str,
) -> Result<()> {
    let before = sx::last_sent_number(conn, person_id, batch_id)?;
    let (kind, detail) = match (before.as_ref(), now) {
        (Some(b), Some(n)) if b.lookup.is_some() && n.lookup.is_some() && b.lookup != n.lookup => (
            MY_NUMBER_CHANGED,
            format!(
                "同じ人に前回登録した個人番号（{}）と異なる個人番号（{}）を登録しました。本人確認書類で確かめてください",
                masked(&b.last4),
                masked(&n.last4)
            ),
        ),
        (Some(b), None) => (
            MY_NUMBER_BLANK,
            format!("前回は個人番号（{}）を登録しましたが、今回は空白で登録しました。削除が正しいか確かめてください", masked(&b.last4)),
        ),
        (None, None) => (MY_NUMBER_BLANK, "個人番号が登録されていないため、個人番号なしで資格情報を登録しました".to_string()),
        _ => return Ok(()),
    };
    add(
        conn,
        Channel::Medical,
        kind,
        Some(outbox_id),
        Some(person_id),
        Some(batch_id),
        &detail,
        at,
    )
}

/// A line from a result: the server's My Number check.
pub(crate) fn on_server_check(
    conn: &Connection,
    outbox_id: i64,
    person_id: Option<i64>,
    batch_id: i64,
    c: MyNumberCheck,
    at: &str,
) -> Result<()> {
    let (kind, detail) = match c {
        MyNumberCheck::Mismatch => (
            SERVER_MISMATCH,
            "サーバーに登録済みの個人番号と、送った個人番号が一致しません。番号を確かめてください",
        ),
        MyNumberCheck::Blank => (
            SERVER_BLANK,
            "サーバーでこの人の個人番号が空白と判定されました。番号の登録を確かめてください",
        ),
    };
    add(
        conn,
        Channel::Medical,
        kind,
        Some(outbox_id),
        person_id,
        Some(batch_id),
        detail,
        at,
    )
}

#[allow(clippy::too_many_arguments)]
pub(crate) fn add(
    conn: &Connection,
    channel: Channel,
    kind: &str,
    outbox_id: Option<i64>,
    person_id: Option<i64>,
    batch_id: Option<i64>,
    detail: &str,
    at: &str,
) -> Result<()> {
    sx::insert_check(
        conn,
        &NewCheck {
            channel,
            kind,
            outbox_id,
            person_id,
            batch_id,
            detail,
            at,
        },
    )?;
    Ok(())
}
