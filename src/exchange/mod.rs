//! 中間サーバー連携 (exchange with the intermediate servers): the outbox, batches carried on
//! registered media, the import of result files, and the controls around them.
//!
//! The desk is offline. Everything the national systems must learn about is an [`outbox`] record,
//! written by the producer **inside its own transaction** ([`outbox::record`]), so a change and
//! the news of it commit or roll back together. An operator [`export`]s one batch per channel to
//! a registered medium, carries it to the 統合専用端末, and brings the result file back; [`import`]
//! checks it strictly and matches every result to what was sent. Errors are corrected at the
//! source and requeued ([`outbox::requeue`]); nothing is lost, duplicated or silently rejected.
//!
//! Channels ([`Channel`]): `medical` (医療扶助オンライン資格確認: eligibility and vouchers, the only
//! channel whose records may carry the My Number), `fukuhon` (副本 of 生活保護実施関係情報, keyed by
//! the 団体内統合宛名番号) and `inquiry` (情報照会 requests; answers go to the household's
//! 調査記録).
//!
//! Rooms inside: [`record`] (the closed set of fields each channel's records carry), [`event`]
//! (what producers hand in, and how it becomes a record), [`layout`] (file formats behind a
//! trait), [`export`], [`import`], [`media`] (媒体管理簿, erasure, leftover temp files),
//! [`fukuhon`] and [`inquiry`] (the producers this room owns), [`checks`] (確認リスト), [`status`].
//!
//! Deliberately not here: permissions and audit of the use cases (`service::exchange`), SQL
//! (`store::exchange`), and any knowledge of the official layouts, which are not public.

pub mod checks;
pub mod event;
pub mod export;
pub mod fukuhon;
pub mod import;
pub mod inquiry;
pub mod layout;
pub mod media;
pub mod outbox;
pub mod record;
pub mod status;

use serde::{Deserialize, Serialize};

use crate::store::StoreError;

/// 連携の種類 (channel). Each has its own batch sequence and result files.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, ts_rs::TS,
)]
#[serde(rename_all = "snake_case")]
pub enum Channel {
    /// 医療扶助オンライン資格確認 (医療保険者等向け中間サーバー)
    Medical,
    /// 副本登録 (自治体中間サーバー)
    Fukuhon,
    /// 情報照会 (自治体中間サーバー → 情報提供ネットワークシステム)
    Inquiry,
}

impl Channel {
    pub const ALL: [Channel; 3] = [Channel::Medical, Channel::Fukuhon, Channel::Inquiry];

    pub fn code(self) -> &'static str {
        match self {
            Channel::Medical => "medical",
            Channel::Fukuhon => "fukuhon",
            Channel::Inquiry => "inquiry",
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Channel::Medical => "医療扶助資格確認",
            Channel::Fukuhon => "副本",
            Channel::Inquiry => "情報照会",
        }
    }

    pub fn from_code(s: &str) -> Option<Channel> {
        Channel::ALL.into_iter().find(|c| c.code() == s)
    }

    /// Upper-case form used in file names.
    pub fn file_tag(self) -> &'static str {
        match self {
            Channel::Medical => "MEDICAL",
            Channel::Fukuhon => "FUKUHON",
            Channel::Inquiry => "INQUIRY",
        }
    }

    /// Whether this channel's interface carries the My Number. Only the medical-aid eligibility
    /// registration does (the 医療保険者等向け中間サーバー links it for online eligibility); the
    /// 自治体中間サーバー holds no My Number (seed 000 §3.5), so 副本 and inquiries never do.
    pub fn carries_my_number(self) -> bool {
        matches!(self, Channel::Medical)
    }
}

/// 送信状態 of an outbox record.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, ts_rs::TS)]
#[serde(rename_all = "snake_case")]
pub enum OutboxState {
    /// 未送信
    Pending,
    /// 送信済 (in an exported batch, result not yet imported)
    Sent,
    /// 受付済
    Accepted,
    /// エラー
    Error,
    /// 再送待ち (corrected, waiting for the next batch)
    Requeued,
}

impl OutboxState {
    pub fn code(self) -> &'static str {
        match self {
            OutboxState::Pending => "pending",
            OutboxState::Sent => "sent",
            OutboxState::Accepted => "accepted",
            OutboxState::Error => "error",
            OutboxState::Requeued => "requeued",
        }
    }
    pub fn label(self) -> &'static str {
        match self {
            OutboxState::Pending => "未送信",
            OutboxState::Sent => "送信済",
            OutboxState::Accepted => "受付済",
            OutboxState::Error => "エラー",
            OutboxState::Requeued => "再送待ち",
        }
    }
    pub fn from_code(s: &str) -> Option<OutboxState> {
        [
            OutboxState::Pending,
            OutboxState::Sent,
            OutboxState::Accepted,
            OutboxState::Error,
            OutboxState::Requeued,
        ]
        .into_iter()
        .find(|x| x.code() == s)
    }
    /// Waiting for the next export.
    pub fn is_queued(self) -> bool {
        matches!(self, OutboxState::Pending | OutboxState::Requeued)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ExchangeError {
    #[error(transparent)]
    Store(#[from] StoreError),
    /// A producer handed in an event whose fields do not validate; `field` names the field.
    #[error("{field}: {message}")]
    InvalidEvent { field: String, message: String },
    /// A result file that is refused as a whole; nothing was changed.
    #[error("{0}")]
    Refused(#[from] import::Refusal),
    #[error("送信する記録がありません（{0}）")]
    NothingToSend(&'static str),
    #[error("{0}")]
    Medium(String),
    #[error("{0}")]
    State(String),
    #[error("ファイルの読み書きに失敗しました: {0}")]
    Io(String),
    /// The caller (a background job being cancelled) asked to stop; nothing was kept.
    #[error("中止しました。変更は保存されていません")]
    Cancelled,
}

impl ExchangeError {
    pub fn code(&self) -> &'static str {
        match self {
            ExchangeError::Store(e) => e.code(),
            ExchangeError::InvalidEvent { .. } => "EXCHANGE_INVALID_EVENT",
            ExchangeError::Refused(r) => r.code(),
            ExchangeError::NothingToSend(_) => "EXCHANGE_NOTHING_TO_SEND",
            ExchangeError::Medium(_) => "EXCHANGE_MEDIUM",
            ExchangeError::State(_) => "EXCHANGE_STATE",
            ExchangeError::Io(_) => "EXCHANGE_IO",
            ExchangeError::Cancelled => "JOB_CANCELLED",
        }
    }

    pub(crate) fn invalid(field: &str, message: impl Into<String>) -> Self {
        ExchangeError::InvalidEvent {
            field: field.to_string(),
            message: message.into(),
        }
    }
}

impl From<rusqlite::Error> for ExchangeError {
    fn from(e: rusqlite::Error) -> Self {
        ExchangeError::Store(StoreError::from(e))
    }
}

pub type Result<T, E = ExchangeError> = std::result::Result<T, E>;

/// SHA-256 as lower-case hex.
pub fn sha256_hex(bytes: &[u8]) -> String {
    use sha2::{Digest, Sha256};
    hex::encode(Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_medical_channel_carries_the_my_number() {
        assert!(Channel::Medical.carries_my_number());
        assert!(!Channel::Fukuhon.carries_my_number());
        assert!(!Channel::Inquiry.carries_my_number());
    }

    #[test]
    fn channel_and_state_codes_round_trip() {
        for c in Channel::ALL {
            assert_eq!(Channel::from_code(c.code()), Some(c));
        }
        for s in ["pending", "sent", "accepted", "error", "requeued"] {
            assert_eq!(OutboxState::from_code(s).unwrap().code(), s);
        }
        assert_eq!(Channel::from_code("MEDICAL"), None);
    }
}
