//! The bound shared by the register imports (指定医療機関・指定介護機関 CSV): checked on the text
//! before it is parsed, and by the CLI on the file's length before it is read, so an oversize or
//! wrong file is refused with one message and never held in memory whole.

use super::{Result, ServiceError};

/// The largest register file accepted (bytes): a prefecture's whole list is a few MB.
pub const MAX_IMPORT_BYTES: u64 = 20 * 1024 * 1024;

/// Refuse a register file of `len` bytes above [`MAX_IMPORT_BYTES`]; `what` names the list.
pub fn check_size(what: &str, len: u64) -> Result<()> {
    if len <= MAX_IMPORT_BYTES {
        return Ok(());
    }
    let mb = |b: u64| b.div_ceil(1024 * 1024);
    Err(ServiceError::refused(
        "IMPORT_TOO_LARGE",
        format!(
            "{what}のファイルが大きすぎます（{} MB。{} MB まで）。取り込むファイルが一覧の CSV か確かめてください",
            mb(len),
            mb(MAX_IMPORT_BYTES)
        ),
    ))
}
