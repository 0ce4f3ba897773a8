//! 介護扶助 (care aid): the rules, with no I/O.
//!
//! - [`provider_number`]: the 介護保険事業所番号 (one place for its check-digit rule).
//! - [`provider`]: 指定介護機関 and 居宅介護支援事業者 as registered, with their サービス種類.
//! - [`insurance`]: a person's 介護保険 status (第1号・第2号・被保険者以外), the numbers, the
//!   H-number rule, 要介護状態区分 and 認定有効期間, the share (保険と扶助の負担割合).
//! - [`case`]: one person's care-aid case, what its decisions may do, what its screen offers.
//!
//! Not here: the monthly 介護券 (it reuses the generic voucher machinery), the tables
//! (`store::care_aid`), permissions and audit (`service::care_aid`).

pub mod case;
pub mod insurance;
pub mod provider;
pub mod provider_number;
pub mod voucher;
