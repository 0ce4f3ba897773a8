//! 医療扶助 (medical aid): the medical half of the voucher work, with no I/O.
//!
//! - [`institution`]: 指定医療機関 — kinds (医科・歯科・調剤・訪問看護), the 10-digit code and
//!   its 点数表 digit, the CSV the office imports.
//! - [`case`]: a person's medical-aid case — status, 他法 (schemes that pay first), the
//!   医療要否意見書 cycle and its expiry warnings.
//! - [`voucher`]: what a medical-aid decision grants ([`voucher::MedicalTerms`]) and which
//!   医療券・調剤券 a month is due ([`voucher::due_vouchers`]).
//!
//! The generic voucher mechanics (months, coverage and clipping, 受給者番号 per voucher month,
//! 交付番号, idempotent issue, the ledger's events) are in `domain::voucher`, shared with care
//! aid (介護券). Nothing medical lives there, and nothing generic here.

pub mod case;
pub mod institution;
pub mod voucher;
